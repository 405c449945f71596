/*
 * audit.h - the append-only, hash-chained audit trail.
 *
 * Every change parc makes (sync run, findings recomputed, campaign created
 * or closed, decision, delegation, role change, tick) appends one event.
 * An event's hash is SHA-256 (OpenSSL EVP) over, each followed by a
 * newline: the previous event's hash (64 zeros for the first), its id, at,
 * actor, action, object and detail (NULL as the empty string), printed as
 * lowercase hex. So an edit, a deletion, an insertion or a reordering made
 * behind parc's back (sqlite3 shell) breaks the chain at that row.
 * What the evidence prints is bound to the chain too: each decision row
 * has an event (object "decision:ID") whose detail carries a digest of the
 * row's fields; a campaign's create event the digests of its record and
 * frozen items (audit_campaign_digest), its close event how it was closed,
 * a tick the items it marked overdue, a delegation whom it replaced, a
 * role grant when. Those digests feed values length-prefixed (NULL apart
 * from ""), unlike the event hash, whose form older chains fix.
 */
#ifndef PARC_AUDIT_H
#define PARC_AUDIT_H

#include <stdint.h>

#include "db/db.h"
#include "lib/err.h"
#include "lib/sign.h"

/*
 * Append an event inside the caller's transaction (the caller holds the
 * write lock: BEGIN IMMEDIATE), or in its own one when none is open; with
 * a private key set (db_set_key()) the new head is signed in it too.
 * actor is a login ("root", "root as alice", "parc"); action a verb
 * ("campaign.create", "decide", "role.grant", "sync"); object what it
 * concerns ("campaign:q4", "item:42") or NULL; detail a JSON object text or
 * NULL. *id (may be NULL) gets the new event's id. Returns 0 or PARC_EDB.
 */
int audit_append(struct db *db, const char *actor, const char *action,
    const char *object, const char *detail, int64_t *id, struct err *e);

/*
 * The hex SHA-256 digest of a decision's fields, as its audit event
 * records it. out must hold 65 bytes.
 */
void audit_decision_digest(int64_t decision_id, int64_t item_id,
    const char *decision, const char *until, const char *comment,
    const char *delegate, const char *decided_by, const char *decided_at,
    char out[65]);

/*
 * What a campaign's create event records, so that verify can show its
 * record and frozen items unchanged: a digest of the campaign's own row
 * (state and closing apart), the number of its items and one digest of
 * all of their evidence columns (read in one pass, in id order), each
 * value length-prefixed and NULL distinct from "".
 */
struct audit_campaign_digest {
	int64_t items;
	int64_t first_item; /* the first item's id (0: none) */
	char record[65];
	char items_digest[65];
	/*
	 * Set by the caller (NULL: none): called with each item's reviewer
	 * and reassigned_from (NULL or not) in the same pass, so create
	 * counts its items without reading them again.
	 */
	void (*each)(const char *reviewer, const char *reassigned_from,
	    void *arg);
	void *arg;
};

/* Fill d for campaign_id, inside the creating transaction. */
int audit_campaign_digest(struct db *db, int64_t campaign_id,
    struct audit_campaign_digest *d, struct err *e);

/*
 * The digest of how campaign_id was closed (state, closed_by, closed_at,
 * close_default), as its campaign.close event records it.
 */
int audit_close_digest(struct db *db, int64_t campaign_id, char out[65],
    struct err *e);

/*
 * The number (*n) and digest of the review items whose overdue_at is at,
 * as a tick that marked them records it.
 */
int audit_overdue_digest(struct db *db, const char *at, int64_t *n,
    char out[65], struct err *e);

/* What verification found. */
struct audit_report {
	int64_t events;	   /* events walked */
	int64_t decisions; /* decisions checked */
	int64_t campaigns; /* campaigns checked */
	int64_t items;	   /* review items checked against their digest */
	int64_t roles;	   /* role rows checked */
	int64_t bad_id;	   /* first bad event id (0: chain intact) */
	/*
	 * The table and row at fault ("review_item", "42"; "role",
	 * "alice/admin"), NULL and "" when none or when it is the chain's.
	 */
	const char *bad_table;
	char bad_row[160];
	/*
	 * The last event walked and its hash: record them outside the
	 * database (a ticket, a log) and a later verify shows whether the
	 * chain still reaches them, since a chain alone cannot show that its
	 * newest events were cut off.
	 */
	int64_t head_id;
	char head_hash[65];
	/*
	 * Signed checkpoints (db/checkpoint.h): how many there are, whether
	 * they were checked (a key was set with db_set_key()), the key's
	 * fingerprint then, and the last event a valid checkpoint signs.
	 */
	int64_t checkpoints;
	int sig_checked;
	char key_fpr[SIGN_FPR_LEN];
	int64_t signed_id;
	char what[512]; /* the first problem in a sentence, "" if none */
};

/*
 * Walk the chain in id order, then check every row the evidence prints
 * against the events that wrote it: decisions (their digests, and who
 * entered one with --as against the event's actor "root as alice"), review
 * items (each campaign's frozen items against the count and digest its
 * create event records; decision, comment, until, decided by and at
 * against the last decision; the reviewer against the last delegation;
 * overdue marks against the tick that set them), campaigns (record,
 * state and closing), roles (each grant and revoke replayed). Campaigns
 * created before parc recorded their digests are checked by the older
 * rules only (decisions, state, roles). With a key (db_set_key()) the
 * checkpoints are checked right after the chain (checkpoint_verify()), so a
 * chain rewritten and rehashed is named at its first rewritten event.
 * Returns 0 when all holds;
 * PARC_EFOUND with r->what (and e) naming the first table and row at
 * fault ("audit event 17 was edited: its hash does not match its
 * contents", "decision 6 has no audit event", "review item 9 says revoke
 * but its last decision is approve", "role alice/admin was granted
 * behind parc's back"); PARC_EDB when the database fails.
 */
int audit_verify(struct db *db, struct audit_report *r, struct err *e);

struct audit_row {
	int64_t id;
	const char *at, *actor, *action, *object, *detail, *hash;
};

/*
 * Call fn for each event with id > after_id (keyset paging), by id, at
 * most limit (0: all). Strings live during the call.
 */
int audit_query(struct db *db, int64_t after_id, int64_t limit,
    int (*fn)(const struct audit_row *r, void *arg), void *arg, struct err *e);

#endif
