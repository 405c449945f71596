/* wrap.c - where a line of report text may break (see wrap.h). */
#include <ctype.h>
#include <string.h>

#include "reports/wrap.h"

/* the finest level: between characters */
#define LAST 4
#define DIGIT(c) ((c) >= '0' && (c) <= '9')
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

/*
 * The length of the word of digits before s[k] (after it with dir 1)
 * up to a character that is neither letter nor digit, or a T; 0 when the
 * word holds a letter.
 */
static size_t
digit_word(const char *s, size_t n, size_t k, int dir)
{
	size_t len = 0;
	unsigned char c;

	for (;;) {
		if (dir < 0 ? k == 0 : k + 1 >= n)
			break;
		k = dir < 0 ? k - 1 : k + 1;
		c = (unsigned char)s[k];
		if (!isalnum(c) || c == 'T') /* ISO 8601's date, time */
			break;
		if (!DIGIT(c))
			return 0;
		len++;
	}
	return len;
}

/*
 * Whether s[k] ends a piece of level (2 or 3): one of its characters, but
 * not inside a time (02:25:21), a number (1,234.5) or a date
 * (2026-12-06), so that they are not broken; a date and time may break
 * after its T.
 */
static int
ends_piece(const char *s, size_t n, size_t k, int level)
{
	int digits = k > 0 && k + 1 < n && DIGIT(s[k - 1]) && DIGIT(s[k + 1]);
	size_t before, after;

	if (level == 3 && s[k] == 'T' && digits && k >= 3 && s[k - 3] == '-')
		return 1;
	if (s[k] == '\0' || strchr(ends[level], s[k]) == NULL)
		return 0;
	if (s[k] != '-')
		return !digits;
	/* a date's dashes, not a SID's (S-1-5-21-1111111111-...) */
	before = digit_word(s, n, k, -1);
	after = digit_word(s, n, k, 1);
	return !(before >= 1 && before <= 4 && after >= 1 && after <= 2);
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
		while (k < n && !ends_piece(s, n, k, level))
			k++;
		if (k < n)
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

/*
 * Raise ext to the widths of the pieces of level of s[0..n) (blanks after
 * them not counted), and of their pieces, down to level 3.
 */
static void
widest(const struct rpt_measure *m, const char *s, size_t n, int level,
    double *ext)
{
	int slot = RPT_WRAP_LINE - level;
	size_t k, v;
	double w;

	while (n > 0) {
		k = piece(s, n, level);
		v = visible(s, k);
		w = v ? m->width(s, v, m->arg) : 0;
		if (w > ext[slot])
			ext[slot] = w;
		/* a piece holds none wider than itself: look inside wide ones
		 */
		if (level < LAST - 1 && w > ext[slot - 1])
			widest(m, s, v, level + 1, ext);
		s += k;
		n -= k;
	}
}

void
rpt_wrap_extent(const char *s, const struct rpt_measure *m,
    double ext[RPT_WRAP_N])
{
	const char *nl;
	size_t n;
	double w;
	int i;

	for (i = 0; i < RPT_WRAP_N; i++)
		ext[i] = 0;
	for (;;) {
		nl = strchr(s, '\n');
		n = visible(s, nl ? (size_t)(nl - s) : strlen(s));
		if ((w = n ? m->width(s, n, m->arg) : 0) > ext[RPT_WRAP_LINE])
			ext[RPT_WRAP_LINE] = w;
		widest(m, s, n, 1, ext);
		if (nl == NULL)
			break;
		s = nl + 1;
	}
}
