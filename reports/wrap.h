/*
 * wrap.h - where a line of report text may break.
 *
 * A table cell of the PDF holds names an auditor reads and copies: paths,
 * DNs, ARNs, e-mail addresses. A line may break between words; a word
 * too wide for its column breaks between its parts (after / : @ = , ; ?
 * & |), a part too wide between its sub-parts (after . - _), and only a
 * part with none of those between characters. So
 * "/etc/postgresql/15/main/postgresql.conf on db01" in a narrow column
 * reads "/etc/postgresql/15/" / "main/postgresql.conf on" / "db01", never
 * "postgresql.con" / "f on db01".
 *
 * The widths come from a measure function (the PDF's font metrics); this
 * file knows no font, so it is tested on its own.
 */
#ifndef PARC_RPT_WRAP_H
#define PARC_RPT_WRAP_H

#include <stddef.h>

#include "lib/sb.h"

/* How wide the n bytes at s print, in the caller's unit (points). */
struct rpt_measure {
	double (*width)(const char *s, size_t n, void *arg);
	void *arg;
};

/*
 * Append s to out with a line break ('\n') at each place a line must
 * break so that no line is wider than width, as m measures it; the line
 * breaks s holds are kept, and blanks before a break are dropped. Returns
 * the number of lines (1 for an empty s). A single character wider than
 * width gets a line of its own.
 */
int rpt_wrap(struct sb *out, const char *s, double width,
    const struct rpt_measure *m);

/* What rpt_wrap_extent() measures, narrowest first. */
enum rpt_wrap_ext {
	RPT_WRAP_SUBPART, /* the widest piece between . - _ (and the above) */
	RPT_WRAP_PART,	  /* the widest part between / : @ ... and blanks */
	RPT_WRAP_WORD,	  /* the widest word between blanks */
	RPT_WRAP_LINE,	  /* the widest line unbroken */
	RPT_WRAP_N
};

/*
 * What s needs from a column, as m measures it: into ext, each width of
 * enum rpt_wrap_ext (0 for an empty s). A column as wide as
 * ext[RPT_WRAP_PART] breaks no part of s; as wide as ext[RPT_WRAP_LINE],
 * no line.
 */
void rpt_wrap_extent(const char *s, const struct rpt_measure *m,
    double ext[RPT_WRAP_N]);

#endif
