/*
 * words.c - db/'s messages in the console's words: what the command line
 * calls --comment the console calls a justification, and a parenthesis
 * telling what to type at a shell is left out (console_words).
 */
#include <string.h>

#include "lib/sb.h"
#include "tui/console/consoleint.h"

/* The command line's words in db/'s messages, and the console's. */
static const struct {
	const char *cli, *console;
} words[] = {
	/* the longer of two that start alike first */
	{ "--until YYYY-MM-DD", "an until-date (YYYY-MM-DD)" },
	{ "--until", "an until-date" },
	{ "--comment", "a justification" },
	{ "--to", "the login" },
	{ "--as", "another reviewer's name" },
	{ "--due", "the due date" },
	{ "--reviewer", "the reviewer" },
	{ "--fallback", "the fallback reviewer" },
	{ "--every", "the recurrence" },
	{ "--force --default keep|revoke",
	    "a choice to keep or revoke what is pending" },
	{ "--default keep", "keep" },
	{ "--default revoke", "revoke" },
};

/* Whether the n bytes at s hold needle. */
static int
holds(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(s + i, needle, k) == 0)
			return 1;
	return 0;
}

void
console_words(const char *msg, struct sb *out)
{
	const char *p = msg, *open, *close;
	size_t i, n;

	while (*p) {
		/* A parenthesis telling what to type at a shell ("(parc
		 * decide 5 delegate --to LOGIN)", "(--comment)") is not for
		 * the console: left out with the blank before it. */
		if (*p == ' ' && p[1] == '(' &&
		    (close = strchr(p + 2, ')')) != NULL) {
			open = p + 1;
			n = (size_t)(close - open);
			if (holds(open, n, "--") || holds(open, n, "parc ")) {
				p = close + 1;
				continue;
			}
		}
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (strncmp(p, words[i].cli, strlen(words[i].cli)) == 0)
				break;
		if (i < sizeof(words) / sizeof(words[0])) {
			sb_adds(out, words[i].console);
			p += strlen(words[i].cli);
			continue;
		}
		sb_addc(out, *p++);
	}
}
