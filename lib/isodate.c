/*
 * isodate.c - strict ISO 8601 dates and times; see isodate.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lib/isodate.h"

int
iso_digits(const char *s, int n)
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
	int y = iso_digits(s, 4), m = iso_digits(s + 5, 2),
	    d = iso_digits(s + 8, 2);

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
	return iso_digits(s + 11, 2) >= 0 && iso_digits(s + 11, 2) <= 23 &&
	    iso_digits(s + 14, 2) >= 0 && iso_digits(s + 14, 2) <= 59 &&
	    iso_digits(s + 17, 2) >= 0 && iso_digits(s + 17, 2) <= 59;
}

int
iso_fields_utc(int y, int mo, int d, int h, int mi, int sec, long off,
    char out[21])
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm) - off;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		return -1;
	return 0;
}

int
iso_time_utc(const char *s, int min_year, int zone_optional, char out[21])
{
	const char *p;
	int y, mo, d, h, mi, sec, n = 0, oh = 0, om = 0, sign = 1;

	if (s == NULL ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec,
		&n) != 6 ||
	    n != 19)
		return -1;
	p = s + n;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	if (*p == 'Z' && p[1] == '\0')
		;
	else if (*p == '\0' && zone_optional)
		;
	else if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1]) &&
	    isdigit((unsigned char)p[2])) {
		sign = *p == '-' ? -1 : 1;
		oh = (p[1] - '0') * 10 + (p[2] - '0');
		p += 3;
		if (*p == ':')
			p++;
		if (!isdigit((unsigned char)p[0]) ||
		    !isdigit((unsigned char)p[1]) || p[2] != '\0')
			return -1;
		om = (p[0] - '0') * 10 + (p[1] - '0');
	} else
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60 || oh > 23 || om > 59 || y < min_year)
		return -1;
	return iso_fields_utc(y, mo, d, h, mi, sec,
	    sign * (oh * 3600L + om * 60L), out);
}
