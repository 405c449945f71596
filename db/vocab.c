/* vocab.c - the tables of db/vocab.h. */
#include <stdio.h>
#include <string.h>

#include "db/finding.h"
#include "db/vocab.h"

static const struct decision_kind decision_kinds[] = {
	{ "approve", "approve", "approve", "decide", NEED_COMMENT_IF_FINDINGS,
	    NULL },
	{ "revoke", "revoke", "revoke", "decide", NEED_COMMENT,
	    "a revocation needs a justification" },
	{ "exception", "exception", "exception", "decide",
	    NEED_COMMENT | NEED_UNTIL,
	    "an exception needs a justification and its compensating "
	    "control" },
	{ "delegate", "pending", "delegated", "delegate", NEED_TO, NULL },
	{ "undo", "pending", "pending again", "decide", NEED_DECIDED, NULL },
};

#define NKINDS (sizeof(decision_kinds) / sizeof(decision_kinds[0]))

const struct decision_kind *
decision_kind_find(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < NKINDS; i++)
		if (strcmp(decision_kinds[i].name, name) == 0)
			return &decision_kinds[i];
	return NULL;
}

const char *
decision_kind_names(void)
{
	static char names[128];
	size_t i, len = 0;

	if (names[0] != '\0')
		return names;
	for (i = 0; i < NKINDS; i++)
		len += (size_t)snprintf(names + len, sizeof(names) - len,
		    "%s%s", i ? ", " : "", decision_kinds[i].name);
	return names;
}

static const struct decision_state decision_states[DS_COUNT] = {
	{ DS_PENDING, "pending", TONE_NORMAL },
	{ DS_APPROVE, "approve", TONE_GOOD },
	{ DS_REVOKE, "revoke", TONE_DANGER },
	{ DS_EXCEPTION, "exception", TONE_WARN },
};

const struct decision_state *
decision_state_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return &decision_states[DS_PENDING];
	for (i = 0; i < DS_COUNT; i++)
		if (strcmp(decision_states[i].name, name) == 0)
			return &decision_states[i];
	return NULL;
}

int
decision_pending(const char *state)
{
	const struct decision_state *s = decision_state_find(state);

	return s != NULL && s->id == DS_PENDING;
}

static const struct severity severity_table[] = {
	{ "low", 0, 3, TONE_WARN },
	{ "medium", 1, 5, TONE_WARN },
	{ "high", 2, 8, TONE_DANGER },
	{ "critical", 3, 10, TONE_DANGER },
};

#define NSEV (sizeof(severity_table) / sizeof(severity_table[0]))

const struct severity *
severity_find(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < NSEV; i++)
		if (strcmp(severity_table[i].name, name) == 0)
			return &severity_table[i];
	return NULL;
}

const struct severity *
severities(size_t *n)
{
	*n = NSEV;
	return severity_table;
}

/* a and b equal, letters in any case, a blank the same as a hyphen */
static int
same_word(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a == ' ' ? '-' : *a, y = *b == ' ' ? '-' : *b;

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return 0;
	}
	return *a == *b;
}

const struct finding_kind *
finding_kind_lookup(const char *word)
{
	const struct finding_kind *k;
	size_t i, n;

	if (word == NULL)
		return NULL;
	k = finding_kinds(&n);
	for (i = 0; i < n; i++)
		if (same_word(k[i].kind, word))
			return &k[i];
	for (i = 0; i < n; i++)
		if (k[i].label != NULL && same_word(k[i].label, word))
			return &k[i];
	return NULL;
}

const char *
finding_kind_names(void)
{
	static char names[1024];
	const struct finding_kind *k;
	size_t i, n, len = 0;

	if (names[0] != '\0')
		return names;
	k = finding_kinds(&n);
	for (i = 0; i < n && len < sizeof(names); i++)
		len += (size_t)snprintf(names + len, sizeof(names) - len,
		    "%s%s", i ? ", " : "", k[i].kind);
	return names;
}
