/*
 * vocab.h - the words parc's data is made of, each defined once with
 * everything a reader of it needs: the decisions a reviewer takes and the
 * states they leave an item in, and the severities of findings. (Finding
 * kinds are db/finding.h's rule table.) The command line, the console,
 * the reports and the SIEM export look words up here instead of
 * comparing strings.
 */
#ifndef PARC_VOCAB_H
#define PARC_VOCAB_H

#include <stddef.h>

/* How a word is shown: the console maps a tone to its colours. */
enum vocab_tone {
	TONE_NORMAL,
	TONE_GOOD,   /* approve */
	TONE_WARN,   /* exception, medium and low findings */
	TONE_DANGER, /* revoke, high and critical findings */
};

/* ---- decisions ---- */

/* What a decision needs before it is taken. */
enum decision_need {
	NEED_COMMENT = 1 << 0,		   /* a justification */
	NEED_COMMENT_IF_FINDINGS = 1 << 1, /* one when the item has findings */
	NEED_UNTIL = 1 << 2,		   /* an expiry date in the future */
	NEED_TO = 1 << 3,		   /* another reviewer's login */
	NEED_DECIDED = 1 << 4, /* an earlier decision to take back */
};

/* One decision a reviewer can take (`parc decide ITEM NAME`). */
struct decision_kind {
	const char *name;  /* approve, revoke, exception, delegate, undo */
	const char *state; /* the item's decision after it */
	const char *done;  /* what `parc decide` says once it is taken */
	const char *audit; /* the audit chain's action: decide or delegate */
	unsigned needs;	   /* enum decision_need */
	/* with NEED_COMMENT: what the refusal says the comment is */
	const char *why;
};

/* The decision called name, or NULL. Static storage. */
const struct decision_kind *decision_kind_find(const char *name);

/* "approve, revoke, exception, delegate, undo": for messages. */
const char *decision_kind_names(void);

/* The states a review item's decision is in (review_item.decision). */
enum decision_state_id {
	DS_PENDING,
	DS_APPROVE,
	DS_REVOKE,
	DS_EXCEPTION,
	DS_COUNT
};

struct decision_state {
	enum decision_state_id id;
	const char *name; /* pending, approve, revoke, exception */
	enum vocab_tone tone;
};

/*
 * The state called name (NULL is pending), or NULL for a word parc does
 * not write (an older database's 'delegated' reads as that: counted
 * among the items only). Static storage.
 */
const struct decision_state *decision_state_find(const char *name);

/* True when an item in state (NULL too) waits for a decision. */
int decision_pending(const char *state);

/* ---- finding severities ---- */

struct severity {
	const char *name; /* low, medium, high, critical */
	int rank;	  /* 0 (low) to 3 (critical) */
	int cef;	  /* ArcSight CEF severity: 3, 5, 8, 10 */
	enum vocab_tone tone;
};

/* The severity called name, or NULL. Static storage. */
const struct severity *severity_find(const char *name);

/* The severities, lowest first; *n gets their number. Static storage. */
const struct severity *severities(size_t *n);

/* ---- finding kinds, as people type them ---- */

struct finding_kind;

/*
 * The finding kind a user named: its name (credential-overlap) or the
 * short label the console shows for it (overlap, "no MFA"), letters in
 * any case and a blank the same as a hyphen, so the word on the screen
 * works in `parc findings --kind` and a scope's finding=. NULL when none
 * is. Static storage (db/finding.h's table).
 */
const struct finding_kind *finding_kind_lookup(const char *word);

/* "dormant, never-used, ...": every kind's name, for messages. Static. */
const char *finding_kind_names(void);

#endif
