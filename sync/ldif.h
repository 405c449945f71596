/*
 * ldif.h - an LDIF (RFC 2849) reader, and the `ldif` connector: an Active
 * Directory export read for an air-gapped review or the demo.
 *
 * The reader takes what ldapsearch and ldifde write: an optional
 * "version: 1", comment lines (#, folded or not), folded lines (a line
 * starting with one space continues the one before), "attr: value",
 * "attr:: BASE64" and "dn::", CRLF or LF line ends, "changetype: add"
 * (ldifde) and ldapsearch's reference ("ref:") and result ("search:",
 * "result:") records, which carry no entry. An export whose result record
 * says anything but success (a size or time limit, say) is incomplete and
 * refused. URL values ("attr:< file://...") are refused: an export must
 * carry its data. Errors are PARC_EDATA with "FILE:LINE: message", LINE
 * being where the record or line at fault starts.
 *
 * The connector (kind = ldif, key path plus the classification keys of
 * ad_common.h) feeds each entry into the same collector as kind = ad, as
 * it is read: a group's memberships of the entries before it go into the
 * sink when the group ends (adc_stage()), so member lists are not all
 * held until the end of the file.
 */
#ifndef PARC_LDIF_H
#define PARC_LDIF_H

#include <stddef.h>
#include <stdio.h>

#include "lib/err.h"
#include "sync/source.h"

#define LDIF_LINE_MAX (16 * 1024 * 1024) /* bytes in one unfolded line */

struct ldif_attr {
	char *name;	    /* attribute description, options included */
	unsigned char *val; /* value bytes (NUL-terminated for convenience) */
	size_t len;
};

struct ldif_rec {
	char *dn;
	int line; /* where the record starts */
	struct ldif_attr *v;
	size_t n;
};

struct ldif;

/*
 * Start reading fp (the caller keeps it and closes it). name is what
 * messages call the file; it is copied. Never returns NULL.
 */
struct ldif *ldif_open(FILE *fp, const char *name);

/*
 * Read the next entry. Returns 1 with *rec valid until the next call or
 * ldif_close, 0 at the end, or a negative code with "NAME:LINE: message".
 */
int ldif_next(struct ldif *r, const struct ldif_rec **rec, struct err *e);

/* Free the reader (not its file). NULL is a no-op. */
void ldif_close(struct ldif *r);

struct adc;

/*
 * Give the AD collector one entry: adc_begin (where names it in
 * messages), adc_value for each value, adc_end. Their first error.
 */
int ldif_feed(struct adc *a, const struct ldif_rec *rec, const char *where,
    struct err *e);

/*
 * Decode base64 text s (len bytes, no whitespace) into a malloc'd buffer
 * with a NUL after the data. Returns 0 with *out and *outlen set, or -1
 * when s is not base64.
 */
int ldif_base64(const char *s, size_t len, unsigned char **out, size_t *outlen);

extern const struct source_ops ldif_ops;

#endif
