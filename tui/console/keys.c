/* keys.c - the key table: one line per binding. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/console/display.h"
#include "tui/console/keys.h"

/* A table, one binding a line, kept as written: */
/* clang-format off */
#define CTRL(c) ((c) & 0x1f)

/* K(key, REQUEST); several keys may make one request. */
#define KEYMAP(K)                                                        \
	K('j', DOWN)                                                     \
	K(DKEY(KEY_DOWN), SCROLL_DOWN)                                   \
	K('k', UP)                                                       \
	K(DKEY(KEY_UP), SCROLL_UP)                                       \
	K(DKEY(KEY_NPAGE), PAGE_DOWN)                                    \
	K(CTRL('f'), PAGE_DOWN)                                          \
	K(DKEY(KEY_PPAGE), PAGE_UP)                                      \
	K(CTRL('b'), PAGE_UP)                                            \
	K('g', TOP)                                                      \
	K(DKEY(KEY_HOME), TOP)                                           \
	K('G', BOTTOM)                                                   \
	K(DKEY(KEY_END), BOTTOM)                                         \
	K('n', NEXT_PENDING)                                             \
	K('N', PREV_PENDING)                                             \
	K('\r', ENTER)                                                   \
	K(DKEY(KEY_ENTER), ENTER)                                        \
	K('q', BACK)                                                     \
	K(27, BACK)                                                      \
	K('/', FILTER)                                                   \
	K('s', SORT)                                                     \
	K('p', PENDING)                                                  \
	K('m', SCOPE)                                                    \
	K('a', APPROVE)                                                  \
	K('r', REVOKE)                                                   \
	K('e', EXCEPTION)                                                \
	K('d', DELEGATE)                                                 \
	K('u', UNDO)                                                     \
	K(' ', SELECT)                                                   \
	K('A', MARK_UNCHANGED)                                           \
	K('c', CAMPAIGNS)                                                \
	K('C', CREATE)                                                   \
	K('X', CLOSE)                                                    \
	K('P', EVIDENCE)                                                 \
	K('o', PROGRESS)                                                 \
	K('w', QUEUE)                                                    \
	K('S', SOURCES)                                                  \
	K('I', INVENTORY)                                                \
	K('F', FINDINGS)                                                 \
	K('\t', NEXT_VIEW)                                               \
	K(CTRL('l'), REFRESH)                                            \
	K('?', HELP)                                                     \
	K(DKEY(KEY_F(1)), HELP)                                          \
	K('Q', QUIT)
/* clang-format on */

static const struct {
	int key;
	enum request req;
} keymap[] = {
#define KEY_ENTRY(key, req) { key, REQ_##req },
	KEYMAP(KEY_ENTRY)
#undef KEY_ENTRY
};

#define NKEYS (sizeof(keymap) / sizeof(keymap[0]))

enum request
keys_request(int key)
{
	size_t i;

	if (key == '\n')
		key = '\r';
	for (i = 0; i < NKEYS; i++)
		if (keymap[i].key == key)
			return keymap[i].req;
	return REQ_NONE;
}

/*
 * The requests the bottom line reminds of, in its order. Each is shown
 * as its first key and its name ("a approve"), both from the tables.
 */
static const enum request hinted[] = { REQ_HELP, REQ_APPROVE, REQ_REVOKE,
	REQ_EXCEPTION, REQ_DELEGATE, REQ_UNDO, REQ_FILTER, REQ_BACK };

void
keys_hints(struct sb *sb)
{
	size_t i, k;

	for (i = 0; i < sizeof(hinted) / sizeof(hinted[0]); i++) {
		for (k = 0; k < NKEYS; k++)
			if (keymap[k].req == hinted[i])
				break;
		if (k == NKEYS)
			continue; /* no key makes it: nothing to remind of */
		if (sb->len > 0)
			sb_adds(sb, "  ");
		sb_addf(sb, "%s %s", display_keyname(keymap[k].key),
		    request_name(hinted[i]));
	}
}

void
keys_describe(enum request req, struct sb *sb)
{
	size_t i, j;
	char name[32];
	int n = 0;

	for (i = 0; i < NKEYS; i++) {
		if (keymap[i].req != req)
			continue;
		/* Two codes, one key (Enter is ^M and the keypad's): once. */
		snprintf(name, sizeof(name), "%s",
		    display_keyname(keymap[i].key));
		for (j = 0; j < i; j++)
			if (keymap[j].req == req &&
			    strcmp(display_keyname(keymap[j].key), name) == 0)
				break;
		if (j < i)
			continue;
		if (n++ > 0)
			sb_adds(sb, ", ");
		sb_adds(sb, display_keyname(keymap[i].key));
	}
}
