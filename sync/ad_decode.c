/*
 * ad_decode.c - AD's attribute syntaxes: binary SIDs, FILETIME and
 * GeneralizedTime stamps, the range option; see ad_decode.h.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lib/isodate.h"
#include "lib/sb.h"
#include "sync/ad_decode.h"

/* Seconds from 1601-01-01 to 1970-01-01. */
#define FILETIME_UNIX_OFFSET 11644473600LL

int
ad_sid_decode(const unsigned char *bin, size_t len, char *out, struct err *e)
{
	struct sb sb = SB_INIT;
	uint64_t auth = 0;
	uint32_t sub;
	size_t i, n;

	if (len < 8 || bin[0] != 1)
		return err_set(e, PARC_EDATA,
		    "objectSid of %zu bytes is not a SID (revision %d)", len,
		    len > 0 ? bin[0] : -1);
	n = bin[1];
	if (n > 15 || len != 8 + 4 * n)
		return err_set(e, PARC_EDATA,
		    "objectSid of %zu bytes does not hold the %zu "
		    "sub-authorities it announces",
		    len, n);
	for (i = 2; i < 8; i++)
		auth = auth << 8 | bin[i];
	sb_addf(&sb, "S-1-%" PRIu64, auth);
	for (i = 0; i < n; i++) {
		/* Sub-authorities are little-endian, the authority is not. */
		sub = (uint32_t)bin[8 + 4 * i] | (uint32_t)bin[9 + 4 * i] << 8 |
		    (uint32_t)bin[10 + 4 * i] << 16 |
		    (uint32_t)bin[11 + 4 * i] << 24;
		sb_addf(&sb, "-%" PRIu32, sub);
	}
	snprintf(out, AD_SID_MAX, "%s", sb.buf);
	sb_release(&sb);
	return 0;
}

int
ad_sid_is_text(const char *s)
{
	const char *p;
	int parts = 0;

	if (strncmp(s, "S-1-", 4) != 0)
		return 0;
	for (p = s + 4; *p != '\0'; p++) {
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
		parts++;
		if (*p == '\0')
			break;
		if (*p != '-')
			return 0;
	}
	return parts >= 2 && strlen(s) < AD_SID_MAX && s[strlen(s) - 1] != '-';
}

long
ad_sid_rid(const char *sid)
{
	const char *p = strrchr(sid, '-');
	char *end;
	unsigned long v;

	if (p == NULL || !ad_sid_is_text(sid))
		return -1;
	errno = 0;
	v = strtoul(p + 1, &end, 10);
	if (errno != 0 || *end != '\0' || v > UINT32_MAX)
		return -1;
	return (long)v;
}

static void
iso_from_unix(int64_t t, char out[21])
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 21, "9999-12-31T23:59:59Z");
}

int
ad_filetime_decode(const char *s, char out[21], struct err *e)
{
	const char *p = s;
	int64_t v = 0, secs;
	int neg = 0;

	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (*p == '\0')
		return err_set(e, PARC_EDATA, "'%.40s' is not a FILETIME", s);
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || v > (INT64_MAX - (*p - '0')) / 10)
			return err_set(e, PARC_EDATA,
			    "'%.40s' is not a FILETIME (ticks since 1601)", s);
		v = v * 10 + (*p - '0');
	}
	/* 0 and the largest value mean never; so does -1 (accountExpires). */
	if (neg || v == 0 || v == INT64_MAX)
		return 0;
	secs = v / 10000000 - FILETIME_UNIX_OFFSET;
	/* Years past 9999 cannot be written as ISO 8601: treat as never. */
	if (secs > 253402300799LL)
		return 0;
	iso_from_unix(secs, out);
	return 1;
}

int
ad_gentime_decode(const char *s, char out[21], struct err *e)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	struct tm tm;
	const char *p;
	int y, mo, d, h, mi, sec = 0, off = 0, oh, om, sign;
	time_t t;

	y = iso_digits(s, 4);
	if (strlen(s) < 11 || y < 0 || (mo = iso_digits(s + 4, 2)) < 1 ||
	    mo > 12 || (d = iso_digits(s + 6, 2)) < 1 || d > mdays[mo - 1] ||
	    (h = iso_digits(s + 8, 2)) < 0 || h > 23)
		goto bad;
	p = s + 10;
	mi = 0;
	if (isdigit((unsigned char)*p)) {
		if ((mi = iso_digits(p, 2)) < 0 || mi > 59)
			goto bad;
		p += 2;
		if (isdigit((unsigned char)*p)) {
			/* 60 is a leap second. */
			if ((sec = iso_digits(p, 2)) < 0 || sec > 60)
				goto bad;
			p += 2;
		}
	}
	if (*p == '.' || *p == ',') {
		if (!isdigit((unsigned char)p[1]))
			goto bad;
		for (p++; isdigit((unsigned char)*p); p++)
			;
	}
	if (*p == 'Z')
		p++;
	else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if ((oh = iso_digits(p + 1, 2)) < 0 || oh > 23)
			goto bad;
		om = 0;
		if (isdigit((unsigned char)p[3])) {
			if ((om = iso_digits(p + 3, 2)) < 0 || om > 59)
				goto bad;
			off = oh * 3600 + om * 60;
			p += 5;
		} else {
			off = oh * 3600;
			p += 3;
		}
		off *= sign;
	} else
		goto bad;
	if (*p != '\0')
		goto bad;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec > 59 ? 59 : sec;
	t = timegm(&tm);
	iso_from_unix((int64_t)t - off, out);
	return 0;
bad:
	return err_set(e, PARC_EDATA, "'%.40s' is not a generalized time", s);
}

int
ad_range_parse(const char *desc, size_t *baselen, long *low, long *high,
    struct err *e)
{
	const char *p = desc, *opt;
	char *end;

	*baselen = strcspn(desc, ";");
	for (p = desc + *baselen; *p == ';'; p = opt + strcspn(opt, ";")) {
		opt = p + 1;
		if (strncasecmp(opt, "range=", 6) != 0)
			continue;
		opt += 6;
		if (!isdigit((unsigned char)*opt))
			goto bad;
		errno = 0;
		*low = strtol(opt, &end, 10);
		if (errno != 0 || *end != '-')
			goto bad;
		opt = end + 1;
		if (*opt == '*') {
			*high = -1;
			end = (char *)opt + 1;
		} else {
			if (!isdigit((unsigned char)*opt))
				goto bad;
			*high = strtol(opt, &end, 10);
			if (errno != 0 || *high < *low)
				goto bad;
		}
		if (*end != '\0' && *end != ';')
			goto bad;
		return 1;
	}
	return 0;
bad:
	return err_set(e, PARC_EDATA, "malformed range option in '%.80s'",
	    desc);
}
