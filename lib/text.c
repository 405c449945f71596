/* text.c - display widths of UTF-8 strings, paths and ages (text.h). */
#include <jansson.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "lib/text.h"

void
text_init(void)
{
	const char *cs;

	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	if (cs == NULL || strcmp(cs, "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
}

/* Decode one character at s (n bytes left); return bytes used, width. */
static size_t
next_char(const char *s, size_t n, int *width)
{
	mbstate_t ps;
	wchar_t wc;
	size_t k;
	int w;

	memset(&ps, 0, sizeof(ps));
	k = mbrtowc(&wc, s, n, &ps);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		*width = 1;
		return 1;
	}
	w = wcwidth(wc);
	*width = w < 0 ? 1 : w;
	return k;
}

size_t
text_width(const char *s)
{
	size_t n = strlen(s), total = 0, k;
	int w;

	while (n > 0) {
		k = next_char(s, n, &w);
		total += (size_t)w;
		s += k;
		n -= k;
	}
	return total;
}

void
sb_add_cell(struct sb *sb, const char *s, size_t width, int pad)
{
	struct sb esc = SB_INIT;
	const char *p;
	size_t n, k, used = 0, total;
	int w;

	sb_add_safe(&esc, s ? s : "");
	total = text_width(esc.buf);
	p = esc.buf;
	n = esc.len;
	if (total <= width) {
		sb_add(sb, esc.buf, esc.len);
		used = total;
	} else if (width > 0) {
		/* Keep one column for the ellipsis. */
		while (n > 0) {
			k = next_char(p, n, &w);
			if (used + (size_t)w > width - 1)
				break;
			sb_add(sb, p, k);
			used += (size_t)w;
			p += k;
			n -= k;
		}
		sb_adds(sb, "\xe2\x80\xa6");
		used++;
	}
	while (pad && used < width) {
		sb_addc(sb, ' ');
		used++;
	}
	sb_release(&esc);
}

void
sb_add_path(struct sb *sb, const char *json, const char *sep)
{
	json_error_t jerr;
	json_t *a;
	size_t i;

	if (json == NULL)
		return;
	a = json_loads(json, 0, &jerr);
	if (a == NULL || !json_is_array(a)) {
		sb_adds(sb, json);
		json_decref(a);
		return;
	}
	for (i = 0; i < json_array_size(a); i++) {
		const char *s = json_string_value(json_array_get(a, i));

		if (i > 0)
			sb_adds(sb, sep);
		sb_adds(sb, s ? s : "?");
	}
	json_decref(a);
}

void
sb_add_age(struct sb *sb, const char *iso, time_t now)
{
	struct tm tm;
	long days;

	if (iso == NULL || *iso == '\0') {
		sb_adds(sb, "unknown");
		return;
	}
	if (strcmp(iso, "never") == 0) {
		sb_adds(sb, "never");
		return;
	}
	memset(&tm, 0, sizeof(tm));
	if (strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm) == NULL &&
	    strptime(iso, "%Y-%m-%d", &tm) == NULL) {
		sb_adds(sb, iso);
		return;
	}
	days = (long)((now - timegm(&tm)) / 86400);
	if (days <= 0)
		sb_adds(sb, "today");
	else
		sb_addf(sb, "%ld day%s", days, days == 1 ? "" : "s");
}
