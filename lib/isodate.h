/*
 * isodate.h - strict checks of the dates and times a user types (--since,
 * --until, --due): the whole string, a real calendar day, no tail; and the
 * times the clouds' APIs write, brought to the form parc stores.
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

/*
 * The n digits at s as a number, or -1 when one of them is not a digit
 * (0-9; nothing else, not even a sign or a blank).
 */
int iso_digits(const char *s, int n);

/*
 * The time of the fields (year, month 1-12, day, hour, minute, second, as
 * read; off seconds east of UTC, their zone) into out as
 * "YYYY-MM-DDTHH:MM:SSZ" in UTC, timegm() carrying what overflows (second
 * 60 into the next minute). Returns 0, or -1 when the result is not such a
 * string (a year past 9999).
 */
int iso_fields_utc(int y, int mo, int d, int h, int mi, int sec, long off,
    char out[21]);

/*
 * An ISO 8601 time as AWS, ARM and Graph write it,
 * YYYY-MM-DDTHH:MM:SS, an optional fraction of a second (.DIGITS), then
 * the zone: Z, or +HH:MM / -HH:MM / +HHMM / -HHMM, or (only with
 * zone_optional) nothing, meaning UTC. Into out as "YYYY-MM-DDTHH:MM:SSZ"
 * in UTC. Fields are range-checked (month 1-12, day 1-31, hour 0-23,
 * minute 0-59, second 0-60, zone hours 0-23 and minutes 0-59), the year
 * must be min_year or later; nothing may follow. Returns 0, or -1 when s
 * (or NULL) is not such a time.
 */
int iso_time_utc(const char *s, int min_year, int zone_optional, char out[21]);

#endif
