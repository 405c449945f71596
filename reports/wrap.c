/* wrap.c - where a line of report text may break (see wrap.h). */
#include <string.h>

#include "reports/wrap.h"

/* the finest level: between characters */
#define LAST 4
/* measured widths are sums of rounded advances */
#define EPS 1e-6

/* The characters a piece of each level ends after (level 1: blanks). */
static const char *const ends[LAST + 1] = {
	[2] = "/:@=,;?&|",
	[3] = ".-_",
};

struct wrapper {
	struct sb *out;
	const struct rpt_measure *m;
	double width;
	double cur;	  /* the width of the line so far */
	size_t line_from; /* where it starts in out */
	int lines;
};

/* Whether the UTF-8 sequence at s is a combining mark or joiner. */
static int
is_mark(const unsigned char *s, size_t n)
{
	unsigned cp;

	if (n >= 2 && (s[0] & 0xe0) == 0xc0)
		cp = (unsigned)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	else if (n >= 3 && (s[0] & 0xf0) == 0xe0)
		cp = (unsigned)(s[0] & 0x0f) << 12 |
		    (unsigned)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	else
		return 0;
	return (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x1ab0 && cp <= 0x1aff) ||
	    (cp >= 0x20d0 && cp <= 0x20ff) || (cp >= 0xfe00 && cp <= 0xfe2f) ||
	    cp == 0x200d;
}

/* The length of one UTF-8 character at s (at least 1, at most n). */
static size_t
char_len(const unsigned char *s, size_t n)
{
	size_t k = 1;

	while (k < n && (s[k] & 0xc0) == 0x80)
		k++;
	return k;
}

/* The length of the first piece of level level of s[0..n). */
static size_t
piece(const char *s, size_t n, int level)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k = 0;

	if (level == 1) {
		while (k < n && s[k] != ' ')
			k++;
	} else if (level < LAST) {
		while (k < n && strchr(ends[level], s[k]) == NULL)
			k++;
		while (k < n && strchr(ends[level], s[k]) != NULL)
			k++;
	} else {
		k = char_len(u, n);
		while (k < n && is_mark(u + k, n - k))
			k += char_len(u + k, n - k);
	}
	/* the blanks after a piece go with it */
	while (k < n && s[k] == ' ')
		k++;
	return k;
}

/* The length of s[0..n) without its trailing blanks. */
static size_t
visible(const char *s, size_t n)
{
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n;
}

static double
measure(struct wrapper *x, const char *s, size_t n)
{
	return n ? x->m->width(s, n, x->m->arg) : 0;
}

static void
newline(struct wrapper *x)
{
	struct sb *o = x->out;

	while (o->len > x->line_from && o->buf[o->len - 1] == ' ')
		o->buf[--o->len] = '\0';
	sb_addc(o, '\n');
	x->line_from = o->len;
	x->cur = 0;
	x->lines++;
}

static void
add(struct wrapper *x, const char *s, size_t n, double w)
{
	sb_add(x->out, s, n);
	x->cur += w;
}

/*
 * Lay s[0..n) out piece by piece at level: a piece goes on this line if
 * it fits, else on the next, where one wider than a line is split into
 * the pieces of the next level (so a path starts on a line of its own
 * rather than leaving its first slash at the end of one).
 */
static void
put(struct wrapper *x, const char *s, size_t n, int level)
{
	size_t k, v;
	double wv, wk;

	while (n > 0) {
		k = piece(s, n, level);
		v = visible(s, k);
		wv = measure(x, s, v);
		wk = wv + measure(x, s + v, k - v);
		if (x->cur + wv <= x->width + EPS) {
			add(x, s, k, wk);
			goto next;
		}
		if (x->cur > 0)
			newline(x);
		if (wv <= x->width + EPS || level == LAST)
			add(x, s, k, wk);
		else
			put(x, s, k, level + 1);
	next:
		s += k;
		n -= k;
	}
}

int
rpt_wrap(struct sb *out, const char *s, double width,
    const struct rpt_measure *m)
{
	struct wrapper x;
	const char *nl;

	memset(&x, 0, sizeof(x));
	x.out = out;
	x.m = m;
	x.width = width;
	x.line_from = out->len;
	for (;;) {
		nl = strchr(s, '\n');
		put(&x, s, nl ? (size_t)(nl - s) : strlen(s), 1);
		if (nl == NULL)
			break;
		newline(&x);
		s = nl + 1;
	}
	newline(&x);
	/* the last line has no break after it */
	out->buf[--out->len] = '\0';
	return x.lines;
}

/* The widest piece of level of s[0..n) (blanks after it not counted). */
static double
widest(const struct rpt_measure *m, const char *s, size_t n, int level,
    double *part)
{
	double best = 0, w;
	size_t k, v;

	while (n > 0) {
		k = piece(s, n, level);
		v = visible(s, k);
		w = v ? m->width(s, v, m->arg) : 0;
		if (w > best)
			best = w;
		/* a part is no wider than its word: look inside wide ones */
		if (part != NULL && level == 1 && w > *part)
			widest(m, s, v, 2, part);
		else if (part != NULL && level == 2 && w > *part)
			*part = w;
		s += k;
		n -= k;
	}
	return best;
}

void
rpt_wrap_extent(const char *s, const struct rpt_measure *m, double *part,
    double *word, double *line)
{
	double p = 0, wd = 0, ln = 0, w;
	const char *nl;
	size_t n;

	for (;;) {
		nl = strchr(s, '\n');
		n = visible(s, nl ? (size_t)(nl - s) : strlen(s));
		if (line != NULL && (w = n ? m->width(s, n, m->arg) : 0) > ln)
			ln = w;
		if ((w = widest(m, s, n, 1, part ? &p : NULL)) > wd)
			wd = w;
		if (nl == NULL)
			break;
		s = nl + 1;
	}
	if (part != NULL)
		*part = p;
	if (word != NULL)
		*word = wd;
	if (line != NULL)
		*line = ln;
}
