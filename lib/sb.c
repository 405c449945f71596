/* sb.c - growable strings and the escaping that keeps source data inert. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sb.h"

char sb_empty[1];

static void
oom(void)
{
	fputs("parc: out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

char *
xstrndup_lower(const char *s, size_t n)
{
	char *r = xmalloc(n + 1);
	size_t i;

	for (i = 0; i < n; i++)
		r[i] = (char)tolower((unsigned char)s[i]);
	r[n] = '\0';
	return r;
}

char *
xstrdup_lower(const char *s)
{
	return xstrndup_lower(s, strlen(s));
}

void
sb_init(struct sb *sb)
{
	sb->buf = sb_empty;
	sb->len = 0;
	sb->alloc = 0;
}

void
sb_release(struct sb *sb)
{
	if (sb->alloc)
		free(sb->buf);
	sb_init(sb);
}

void
sb_wipe(struct sb *sb)
{
	if (sb->alloc)
		explicit_bzero(sb->buf, sb->alloc);
	sb_release(sb);
}

void
sb_reset(struct sb *sb)
{
	sb->len = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
}

void
sb_grow(struct sb *sb, size_t extra)
{
	size_t want;

	if (sb->len + extra + 1 <= sb->alloc)
		return;
	if (extra > SIZE_MAX / 2 - sb->len)
		oom();
	want = sb->alloc ? sb->alloc : 64;
	while (want < sb->len + extra + 1)
		want *= 2;
	if (sb->alloc == 0) {
		sb->buf = xmalloc(want);
		sb->buf[0] = '\0';
	} else
		sb->buf = xrealloc(sb->buf, want);
	sb->alloc = want;
}

void
sb_add(struct sb *sb, const void *data, size_t len)
{
	sb_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void
sb_adds(struct sb *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void
sb_addc(struct sb *sb, int c)
{
	char ch = (char)c;

	sb_add(sb, &ch, 1);
}

void
sb_vaddf(struct sb *sb, const char *fmt, va_list ap)
{
	char tmp[256];
	va_list cp;
	int n;

	/* Most pieces fit the stack buffer: format once, copy. */
	va_copy(cp, ap);
	n = vsnprintf(tmp, sizeof(tmp), fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(tmp)) {
		sb_add(sb, tmp, (size_t)n);
		return;
	}
	sb_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void
sb_addf(struct sb *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(sb, fmt, ap);
	va_end(ap);
}

char *
sb_detach(struct sb *sb)
{
	char *s;

	if (sb->alloc == 0)
		return xstrdup("");
	s = sb->buf;
	sb_init(sb);
	return s;
}

/*
 * Length of the well-formed UTF-8 sequence at s (at most n bytes), or 0 when
 * the bytes there are not one. Overlong forms and surrogates are refused.
 */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	/* C1 controls (U+0080..U+009F) act on some terminals: treat as bad. */
	if (cp >= 0x80 && cp <= 0x9f)
		return 0;
	return len;
}

int
utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k;

	while (len > 0) {
		/* ASCII, most of any text parc reads, a byte at a time */
		if (*p < 0x80) {
			p++;
			len--;
			continue;
		}
		k = utf8_seq(p, len);
		if (k == 0)
			return 0;
		p += k;
		len -= k;
	}
	return 1;
}

/*
 * Is the code point at s (k bytes, well formed) one that reorders or
 * breaks the text around it: a bidirectional control (U+202E makes
 * "evil\u202etxt.sh" read "evilhs.txt"), a directional mark, or a line or
 * paragraph separator?
 */
static int
is_format_control(const unsigned char *s, size_t k, uint32_t *cp)
{
	if (k == 2)
		*cp = ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
	else if (k == 3)
		*cp = ((uint32_t)(s[0] & 0x0f) << 12) |
		    ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
	else
		return 0;
	return *cp == 0x061c || *cp == 0x200e || *cp == 0x200f ||
	    (*cp >= 0x2028 && *cp <= 0x202e) ||
	    (*cp >= 0x2066 && *cp <= 0x2069);
}

void
sb_add_safe(struct sb *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), k;
	uint32_t cp;

	while (n > 0) {
		if (*p < 0x20 || *p == 0x7f) {
			switch (*p) {
			case '\n':
				sb_adds(sb, "\\n");
				break;
			case '\t':
				sb_adds(sb, "\\t");
				break;
			case '\r':
				sb_adds(sb, "\\r");
				break;
			default:
				sb_addf(sb, "\\x%02x", *p);
			}
			p++, n--;
			continue;
		}
		k = utf8_seq(p, n);
		if (k == 0) {
			sb_addf(sb, "\\x%02x", *p);
			p++, n--;
			continue;
		}
		if (*p == '\\')
			sb_adds(sb, "\\\\");
		else if (is_format_control(p, k, &cp))
			sb_addf(sb, "\\u%04x", (unsigned)cp);
		else
			sb_add(sb, p, k);
		p += k;
		n -= k;
	}
}

void
sb_fputs_safe(const char *s, FILE *fp)
{
	struct sb sb = SB_INIT;

	sb_add_safe(&sb, s);
	fputs(sb.buf, fp);
	sb_release(&sb);
}

void
sb_add_json(struct sb *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, k;

	if (s == NULL) {
		sb_adds(sb, "null");
		return;
	}
	n = strlen(s);
	sb_addc(sb, '"');
	while (n > 0) {
		if (*p == '"' || *p == '\\') {
			sb_addc(sb, '\\');
			sb_addc(sb, *p);
		} else if (*p < 0x20 || *p == 0x7f) {
			switch (*p) {
			case '\n':
				sb_adds(sb, "\\n");
				break;
			case '\t':
				sb_adds(sb, "\\t");
				break;
			case '\r':
				sb_adds(sb, "\\r");
				break;
			default:
				sb_addf(sb, "\\u%04x", *p);
			}
		} else if (*p >= 0x80) {
			k = utf8_seq(p, n);
			if (k == 0) {
				/* Not UTF-8: U+FFFD keeps the output valid
				 * JSON. */
				sb_adds(sb, "\\ufffd");
				p++, n--;
				continue;
			}
			sb_add(sb, p, k);
			p += k;
			n -= k;
			continue;
		} else
			sb_addc(sb, *p);
		p++, n--;
	}
	sb_addc(sb, '"');
}

void
sb_add_json_list(struct sb *sb, const char *list)
{
	struct sb item = SB_INIT;
	const char *p = list;
	size_t n;
	int first = 1;

	sb_addc(sb, '[');
	while (p != NULL && *p) {
		n = strcspn(p, ",");
		if (n > 0) {
			sb_reset(&item);
			sb_add(&item, p, n);
			if (!first)
				sb_adds(sb, ", ");
			sb_add_json(sb, item.buf);
			first = 0;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	sb_addc(sb, ']');
	sb_release(&item);
}

void
sb_add_csv(struct sb *sb, const char *s)
{
	const char *p;
	int quote;

	if (s == NULL)
		return;
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
	    s[0] == '\t' || s[0] == '\r')
		quote = 2;
	if (!quote) {
		sb_adds(sb, s);
		return;
	}
	sb_addc(sb, '"');
	if (quote == 2)
		sb_addc(sb, '\'');
	for (p = s; *p; p++) {
		if (*p == '"')
			sb_addc(sb, '"');
		sb_addc(sb, *p);
	}
	sb_addc(sb, '"');
}
