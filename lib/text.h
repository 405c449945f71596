/*
 * text.h - display width of UTF-8 text, for tables on a terminal.
 *
 * Widths follow wcwidth(3) in a UTF-8 locale (text_init() makes sure
 * LC_CTYPE is one): CJK characters take two columns, combining marks none.
 * Everything that draws source data goes through sb_add_safe() first, so
 * control characters arrive here already escaped.
 */
#ifndef PARC_TEXT_H
#define PARC_TEXT_H

#include <stddef.h>

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

#endif
