/*
 * isodate.h - strict checks of the dates and times a user types (--since,
 * --until, --due): the whole string, a real calendar day, no tail.
 */
#ifndef PARC_ISODATE_H
#define PARC_ISODATE_H

/*
 * 1 when s is exactly YYYY-MM-DD naming a day that exists (2026-02-30 does
 * not), or exactly YYYY-MM-DDTHH:MM:SSZ with such a day and a time from
 * 00:00:00 to 23:59:59 (the form parc stores); else 0. Nothing may follow:
 * "2099-01-01garbage" is refused.
 */
int iso_date_or_time_valid(const char *s);

#endif
