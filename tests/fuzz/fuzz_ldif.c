/*
 * fuzz_ldif.c - libFuzzer harness for the LDIF reader and the Active
 * Directory collector it feeds.
 *
 *	make fuzz
 *	mkdir -p fuzz-out && tests/fuzz/fuzz_ldif -max_total_time=60 \
 *	    fuzz-out tests/data/ldif
 *
 * Each input is read from memory (fmemopen) as an LDIF export, record by
 * record until the end or an error, and every entry is fed into an AD
 * collector (adc_begin, adc_value, adc_end) as the ldif connector does.
 * adc_emit is left out: it needs a database sink. The whole input is also
 * decoded with ldif_base64. Nothing is read from or written to this
 * machine's files. A crash, a leak, undefined behaviour or a hang is a bug.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/err.h"
#include "lib/sb.h"
#include "sync/ad_common.h"
#include "sync/ldif.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *site_groups[] = { "Tier0 Admins", "S-1-5-21-1-2-3-1105" };
static char *service_globs[] = { "svc-*", "*$" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct adc_options o = { 0 };
	const struct ldif_rec *rec;
	struct err e = ERR_INIT;
	struct sb where = SB_INIT;
	struct ldif *r;
	struct adc *a;
	unsigned char *dec;
	size_t declen;
	FILE *fp;
	int rc;

	if (ldif_base64((const char *)data, size, &dec, &declen) == 0)
		free(dec);
	if (size == 0 ||
	    (fp = fmemopen((void *)(uintptr_t)data, size, "r")) == NULL)
		return 0;
	o.source = "fuzz";
	o.origin = "fuzz.ldif";
	o.site_groups = site_groups;
	o.nsite_groups = 2;
	o.site_tier = 0;
	o.service_globs = service_globs;
	o.nservice_globs = 2;
	r = ldif_open(fp, "fuzz.ldif");
	a = adc_new(&o);
	while ((rc = ldif_next(r, &rec, &e)) == 1) {
		sb_reset(&where);
		sb_addf(&where, "fuzz.ldif:%d", rec->line);
		(void)ldif_feed(a, rec, where.buf, &e);
	}
	(void)adc_count(a);
	adc_free(a);
	ldif_close(r);
	fclose(fp);
	sb_release(&where);
	return 0;
}
