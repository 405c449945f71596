/*
 * isodate.c - strict ISO 8601 dates and times; see isodate.h.
 */
#include <string.h>
#include <time.h>

#include "lib/isodate.h"

/* n digits at s, as a number, or -1. */
static int
digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
date_valid(const char *s)
{
	struct tm tm;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);

	if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31 || s[4] != '-' ||
	    s[7] != '-')
		return 0;
	/* timegm() normalises 2026-02-30 to March 2nd: it must not move. */
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	timegm(&tm);
	return tm.tm_year == y - 1900 && tm.tm_mon == m - 1 && tm.tm_mday == d;
}

int
iso_date_or_time_valid(const char *s)
{
	size_t n;

	if (s == NULL)
		return 0;
	n = strlen(s);
	if (n == 10)
		return date_valid(s);
	if (n != 20 || !date_valid(s) || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[19] != 'Z')
		return 0;
	return digits(s + 11, 2) >= 0 && digits(s + 11, 2) <= 23 &&
	    digits(s + 14, 2) >= 0 && digits(s + 14, 2) <= 59 &&
	    digits(s + 17, 2) >= 0 && digits(s + 17, 2) <= 59;
}
