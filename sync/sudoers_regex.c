/*
 * sudoers_regex.c - regcomp() behind a cost check (see sudoers_regex.h).
 *
 * The check parses the POSIX extended syntax just far enough to know, for
 * each sub-expression, how many atoms it stands for once glibc has
 * written its bounded repeats out, whether it can match the empty string
 * and how deeply its repetition operators nest. glibc's compile time
 * grows with the first, squares when a nullable expression is repeated
 * ("(b?){0,255}" takes half a second), and explodes when a bounded
 * repeat copies repeats nested two deep ("((a*)*){16}" takes minutes). Syntax
 * errors are left to regcomp(), so its messages are sudo's.
 */
#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>

#include "sync/sudoers_regex.h"

/* A bounded repeat of repeats nested this deep is refused. */
#define QDEPTH_MAX 2
#define NEST_MAX 64

struct re_cost {
	long size;    /* atoms once bounded repeats are written out */
	int nullable; /* can match "" */
	int qdepth;   /* repetition operators nested */
};

struct re_scan {
	const char *p;
	int depth;     /* open parentheses */
	int dup_error; /* a count above SUDOERS_REGEX_DUP_MAX */
	int too_deep;  /* a bounded repeat of nested repeats */
};

static long
cap(long n)
{
	return n > SUDOERS_REGEX_MAX * 1024L ? SUDOERS_REGEX_MAX * 1024L : n;
}

/* Past "[" of a bracket expression: the character after its "]". */
static const char *
skip_bracket(const char *p)
{
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p != '\0' && *p != ']') {
		if (p[0] == '[' &&
		    (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
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

/*
 * "{m}", "{m,}" or "{m,n}" at s->p: sets *lo and *hi (-1: no upper
 * bound) and moves past it; 0 if it is not one (a literal brace).
 */
static int
bound(struct re_scan *s, long *lo, long *hi)
{
	const char *p = s->p + 1;
	long m = 0, n;

	/* glibc reads "{,n}" as "{0,n}" */
	if (!isdigit((unsigned char)*p) && *p != ',')
		return 0;
	while (isdigit((unsigned char)*p))
		m = cap(m * 10 + (*p++ - '0'));
	n = m;
	if (*p == ',') {
		p++;
		n = -1;
		if (isdigit((unsigned char)*p)) {
			n = 0;
			while (isdigit((unsigned char)*p))
				n = cap(n * 10 + (*p++ - '0'));
		}
	}
	if (*p != '}')
		return 0;
	s->p = p + 1;
	*lo = m;
	*hi = n;
	return 1;
}

static void alternation(struct re_scan *s, struct re_cost *out);

/* One atom with its repetition operators. */
static void
piece(struct re_scan *s, struct re_cost *c)
{
	long lo, hi, k;

	c->size = 1;
	c->nullable = 0;
	c->qdepth = 0;
	switch (*s->p) {
	case '\\':
		s->p += s->p[1] != '\0' ? 2 : 1;
		break;
	case '[':
		s->p = skip_bracket(s->p + 1);
		break;
	case '(':
		s->p++;
		if (s->depth == NEST_MAX) {
			c->size = SUDOERS_REGEX_MAX + 1;
			s->p += strlen(s->p);
			return;
		}
		s->depth++;
		alternation(s, c);
		s->depth--;
		if (*s->p == ')')
			s->p++;
		/* glibc builds a node for the group itself, empty or not */
		c->size = cap(c->size + 1);
		break;
	case '^':
	case '$':
		c->nullable = 1;
		s->p++;
		break;
	default:
		s->p++;
		break;
	}
	for (;;) {
		if (*s->p == '*' || *s->p == '?' || *s->p == '+') {
			/*
			 * A loop around an expression that can match ""
			 * makes glibc close over every node of it for each
			 * ("x(){,74}+" takes seconds): its size squared.
			 */
			if (c->nullable && *s->p != '?')
				c->size = cap(c->size *
				    (c->size > 1024 ? 1024 : c->size));
			/* glibc writes "x+" as "xx*": a copy each */
			c->size = cap(c->size * (*s->p == '+' ? 2 : 1) + 1);
			if (*s->p != '+')
				c->nullable = 1;
			s->p++;
		} else if (*s->p == '{' && bound(s, &lo, &hi)) {
			if (lo > SUDOERS_REGEX_DUP_MAX ||
			    hi > SUDOERS_REGEX_DUP_MAX)
				s->dup_error = 1;
			/*
			 * Copies of repeats nested two deep are what glibc
			 * takes minutes over ("((a*)*){16}"); the same
			 * nesting under * + ? alone compiles at once.
			 */
			if ((hi < 0 || hi > 1) && c->qdepth >= QDEPTH_MAX)
				s->too_deep = 1;
			k = hi < 0 ? lo + 1 : hi;
			if (k < 1)
				k = 1;
			if (k > SUDOERS_REGEX_DUP_MAX + 1)
				k = SUDOERS_REGEX_DUP_MAX + 1;
			c->size = cap(c->size * k);
			if (c->nullable)
				c->size = cap(c->size * k);
			c->nullable = c->nullable || lo == 0;
		} else {
			break;
		}
		c->qdepth++;
	}
}

/* branch ('|' branch)*, up to an unmatched ')' or the end. */
static void
alternation(struct re_scan *s, struct re_cost *out)
{
	struct re_cost c;
	int branch_nullable = 1;

	out->size = 0;
	out->nullable = 0;
	out->qdepth = 0;
	for (;;) {
		if (*s->p == '\0' || (*s->p == ')' && s->depth > 0) ||
		    *s->p == '|') {
			out->nullable = out->nullable || branch_nullable;
			if (*s->p != '|')
				return;
			s->p++;
			branch_nullable = 1;
			continue;
		}
		piece(s, &c);
		out->size = cap(out->size + c.size);
		branch_nullable = branch_nullable && c.nullable;
		if (c.qdepth > out->qdepth)
			out->qdepth = c.qdepth;
	}
}

int
sudoers_regcomp(regex_t *re, const char *pat, long *budget, char *msg,
    size_t msglen)
{
	struct re_scan s = { pat, 0, 0, 0 };
	struct re_cost c;
	int rc;

	alternation(&s, &c);
	if (s.dup_error) {
		/* sudo's words: regerror(REG_BADBR). */
		snprintf(msg, msglen, "Invalid content of \\{\\}");
		return -1;
	}
	if (c.size > SUDOERS_REGEX_MAX || s.too_deep) {
		snprintf(msg, msglen,
		    "regular expression too complex: its repetitions nest "
		    "or expand too far");
		return -1;
	}
	if (budget != NULL) {
		if (c.size > *budget) {
			snprintf(msg, msglen,
			    "regular expressions too complex: together their "
			    "repetitions expand too far");
			return -1;
		}
		*budget -= c.size;
	}
	if ((rc = regcomp(re, pat, REG_EXTENDED | REG_NOSUB)) != 0) {
		regerror(rc, re, msg, msglen);
		regfree(re);
		return -1;
	}
	return 0;
}
