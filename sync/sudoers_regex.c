/*
 * sudoers_regex.c - regcomp() behind a size check (see sudoers_regex.h).
 */
#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>

#include "sync/sudoers_regex.h"

#define NEST_MAX 64

/* Past "[" of a bracket expression: returns the character after "]". */
static const char *
skip_bracket(const char *p)
{
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p != '\0' && *p != ']') {
		if (p[0] == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
			const char *end = strchr(p + 2, p[1]);

			while (end != NULL && end[1] != ']')
				end = strchr(end + 1, p[1]);
			if (end == NULL)
				return p + strlen(p);
			p = end + 2;
		} else {
			p++;
		}
	}
	return *p == ']' ? p + 1 : p;
}

/* "{m}", "{m,}" or "{m,n}" at p: the largest count, or -1 if not one. */
static long
repeat_count(const char **pp)
{
	const char *p = *pp + 1;
	long m = 0, n = -1;

	if (!isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p) && m <= 100000)
		m = m * 10 + (*p++ - '0');
	if (*p == ',') {
		p++;
		if (isdigit((unsigned char)*p)) {
			n = 0;
			while (isdigit((unsigned char)*p) && n <= 100000)
				n = n * 10 + (*p++ - '0');
		}
	}
	while (isdigit((unsigned char)*p))
		p++;
	if (*p != '}')
		return -1;
	*pp = p + 1;
	return n > m ? n : m;
}

/*
 * The number of atoms pat stands for once its bounded repeats are
 * written out, stopping early past SUDOERS_REGEX_MAX; -2 when a count
 * exceeds SUDOERS_REGEX_DUP_MAX.
 */
static long
expanded_size(const char *pat)
{
	long outer[NEST_MAX], cur = 0, last = 0;
	int depth = 0;
	const char *p = pat;

	while (*p != '\0') {
		if (cur > SUDOERS_REGEX_MAX)
			return cur;
		switch (*p) {
		case '\\':
			p += p[1] != '\0' ? 2 : 1;
			last = 1;
			cur++;
			break;
		case '[':
			p = skip_bracket(p + 1);
			last = 1;
			cur++;
			break;
		case '(':
			if (depth == NEST_MAX)
				return SUDOERS_REGEX_MAX + 1;
			outer[depth++] = cur;
			cur = 0;
			last = 0;
			p++;
			break;
		case ')':
			p++;
			if (depth == 0) {
				last = 1;
				cur++;
				break;
			}
			last = cur > 0 ? cur : 1;
			cur = outer[--depth] + last;
			break;
		case '{': {
			long k = repeat_count(&p);

			if (k < 0) {
				p++;
				last = 1;
				cur++;
				break;
			}
			if (k > SUDOERS_REGEX_DUP_MAX)
				return -2;
			if (k == 0)
				k = 1;
			cur += last * (k - 1);
			last *= k;
			break;
		}
		case '|':
		case '*':
		case '+':
		case '?':
		case '^':
		case '$':
			p++;
			break;
		default:
			p++;
			last = 1;
			cur++;
			break;
		}
	}
	while (depth > 0)
		cur += outer[--depth];
	return cur;
}

int
sudoers_regcomp(regex_t *re, const char *pat, char *msg, size_t msglen)
{
	long n = expanded_size(pat);
	int rc;

	if (n == -2) {
		/* sudo's words: regerror(REG_BADBR). */
		snprintf(msg, msglen, "Invalid content of \\{\\}");
		return -1;
	}
	if (n > SUDOERS_REGEX_MAX) {
		snprintf(msg, msglen,
		    "invalid regular expression: its repetitions expand "
		    "past %d characters",
		    SUDOERS_REGEX_MAX);
		return -1;
	}
	if ((rc = regcomp(re, pat, REG_EXTENDED | REG_NOSUB)) != 0) {
		regerror(rc, re, msg, msglen);
		regfree(re);
		return -1;
	}
	return 0;
}
