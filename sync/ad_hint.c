/*
 * ad_hint.c - an AD source remembers a cut plain search; see ad_hint.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "sync/ad_hint.h"

int
ad_hint_paged(struct sink *sink, char *note, size_t n, struct err *e)
{
	char day[16];
	struct tm tm;
	time_t t;
	int64_t at = 0;
	long v = 0;
	int rc;

	if ((rc = sink_hint_get(sink, AD_HINT_PAGED, &v, &at, e)) != 1)
		return rc;
	if (v != 1 || (int64_t)time(NULL) - at >= AD_HINT_DAYS * 86400L)
		return 0;
	t = (time_t)at;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(day, sizeof(day), "%Y-%m-%d", &tm) == 0)
		day[0] = '\0';
	snprintf(note, n, "paged: a server limit cut its plain searches on %s",
	    day);
	return 1;
}

int
ad_hint_cut(struct sink *sink, char *note, size_t n, struct err *e)
{
	snprintf(note, n,
	    "paged: a server limit cut the plain searches (paged for %d "
	    "days)",
	    AD_HINT_DAYS);
	return sink_hint_set(sink, AD_HINT_PAGED, 1, e);
}
