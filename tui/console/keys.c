/* keys.c - the key table: one line per binding. */
#include <curses.h>

#include "tui/console/display.h"
#include "tui/console/keys.h"

#define CTRL(c) ((c) & 0x1f)

/* K(key, REQUEST); several keys may make one request. */
#define KEYMAP(K)                                                        \
	K('j', DOWN)                                                     \
	K(DKEY(KEY_DOWN), DOWN)                                          \
	K('k', UP)                                                       \
	K(DKEY(KEY_UP), UP)                                              \
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
	K('c', CAMPAIGNS)                                                \
	K('C', CREATE)                                                   \
	K('X', CLOSE)                                                    \
	K('P', EVIDENCE)                                                 \
	K('w', QUEUE)                                                    \
	K('S', SOURCES)                                                  \
	K('I', INVENTORY)                                                \
	K('F', FINDINGS)                                                 \
	K('\t', NEXT_VIEW)                                               \
	K(CTRL('l'), REFRESH)                                            \
	K('?', HELP)                                                     \
	K(DKEY(KEY_F(1)), HELP)                                          \
	K('Q', QUIT)

static const struct {
	int key;
	enum request req;
} keymap[] = {
#define KEY_ENTRY(key, req) {key, REQ_##req},
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

void
keys_describe(enum request req, struct sb *sb)
{
	size_t i;
	int n = 0;

	for (i = 0; i < NKEYS; i++)
		if (keymap[i].req == req) {
			if (n++ > 0)
				sb_adds(sb, ", ");
			sb_adds(sb, display_keyname(keymap[i].key));
		}
}
