/*
 * text.h - display width of UTF-8 text, for tables on a terminal, and the
 * two ways parc words a grant for a reader: its path ("alice → Helpdesk →
 * Domain Admins") and an age ("412 days").
 *
 * Widths follow wcwidth(3) in a UTF-8 locale (text_init() makes sure
 * LC_CTYPE is one): CJK characters take two columns, combining marks none.
 * Everything that draws source data goes through sb_add_safe() first, so
 * control characters arrive here already escaped.
 */
#ifndef PARC_TEXT_H
#define PARC_TEXT_H

#include <stddef.h>
#include <time.h>

#include "lib/sb.h"

/* Set the locale from the environment, falling back to C.UTF-8 for LC_CTYPE. */
void text_init(void);

/* Columns s takes on a terminal (invalid bytes count one each). */
size_t text_width(const char *s);

/*
 * Append s, escaped as by sb_add_safe(), cut to at most width columns (an
 * ellipsis marks the cut) and padded with spaces to exactly width columns
 * when pad is set.
 */
void sb_add_cell(struct sb *sb, const char *s, size_t width, int pad);

/* The separator of a path on a terminal: " → ". */
#define TEXT_ARROW " \xe2\x86\x92 "

/*
 * Append the path json (a JSON array of names, as SQLite writes a grant's
 * path) as its names joined by sep: "alice > Helpdesk > Domain Admins"
 * with sep " > ", or TEXT_ARROW on a terminal. A name that is not a string
 * is "?"; text that is not a JSON array is appended as it is; NULL appends
 * nothing. Nothing is escaped: the caller escapes for where it writes.
 */
void sb_add_path(struct sb *sb, const char *json, const char *sep);

/*
 * Append how long ago the ISO 8601 time iso (a date, or a date and time,
 * UTC) was at now, in whole days: "today", "1 day", "412 days". NULL or ""
 * is "unknown", "never" stays "never", and text that is no date is
 * appended as it is (not escaped).
 */
void sb_add_age(struct sb *sb, const char *iso, time_t now);

#endif
