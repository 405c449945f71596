/*
 * file.h - writing a report to a file whole or not at all, and the one
 * call the console needs to print a campaign's evidence.
 */
#ifndef PARC_RPT_FILE_H
#define PARC_RPT_FILE_H

#include <stdio.h>

#include "db/db.h"
#include "lib/err.h"
#include "lib/sb.h"
#include "reports/pdf.h"

/* An output being written: standard output, or a file via a temporary. */
struct rpt_file {
	const char *path; /* the final name, or NULL for standard output */
	struct sb tmp;	  /* the temporary beside it */
	FILE *fp;	  /* where to write */
};

/*
 * Start writing path ("-" or NULL: standard output). A file is written to
 * a temporary beside it (mkstemp: exclusive, never through a link), so the
 * name only ever holds a complete report; it is made mode 0600, or the
 * mode of the file it replaces, and created and renamed with the caller's
 * own rights when parc runs setgid (lib/priv.h). binary refuses standard output
 * when it is a terminal (PARC_EUSAGE). Errors name path (PARC_EIO).
 */
int rpt_file_open(struct rpt_file *f, const char *path, int binary,
    struct err *e);

/*
 * Finish: when rc is 0, flush, fsync and rename the temporary over the
 * name; otherwise (or when that fails) remove the temporary. Returns rc,
 * or the PARC_EIO that finishing met.
 */
int rpt_file_close(struct rpt_file *f, int rc, struct err *e);

/*
 * Write the evidence of campaign as a PDF in dir (NULL: $XDG_DATA_HOME/
 * parc/reports, made 0700 if missing) named evidence-CAMPAIGN-STAMP.pdf,
 * the campaign's name reduced to letters, digits, '-' and '_' (others
 * become '_') and STAMP the UTC time. *path gets the malloc'd file name
 * (the caller frees it) and *pages the page count, for the console to say
 * where it went. Errors as rpt_evidence() and rpt_pdf_write().
 */
int rpt_evidence_pdf(struct db *db, const char *campaign, const char *dir,
    enum rpt_paper paper, char **path, int *pages, struct err *e);

#endif
