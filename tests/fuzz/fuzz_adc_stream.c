/*
 * fuzz_adc_stream.c - libFuzzer harness, differential: the AD collector
 * must stage the same records whether every account waits for adc_emit()
 * (kind = ldif) or accounts go out as they arrive once the groups are in
 * (kind = ad, adc_stream()), for any input.
 *
 *	make fuzz
 *	mkdir -p fuzz-out && tests/fuzz/fuzz_adc_stream -max_total_time=60 \
 *	    fuzz-out tests/data/ldif
 *
 * Each input is read as an LDIF export. Batch: every record into one
 * collector, then adc_emit. Stream (with adc_stage from the start, so a
 * group's memberships of what came before it go out as it ends): the
 * groups and foreign principals, and some accounts (as a users search can
 * deliver some before the groups search ends), then adc_stream, then the
 * other accounts (in file order or reversed, by the input's first byte),
 * then adc_emit. The batch run emits in adc_stream_order() when the
 * input's first byte has bit 1 set (kind = ad's plain searches), which
 * must change no row. When the batch run succeeds, the stream run must
 * too, and both sinks' staging tables must hold the same rows; anything
 * else aborts. Both sinks are in-memory databases and are discarded
 * (sink_abort). Needs the catalog: run from the build directory or set
 * PARC_SHARE.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "db/db.h"
#include "db/dbint.h"
#include "db/sink.h"
#include "lib/config.h"
#include "lib/err.h"
#include "lib/sb.h"
#include "sync/ad_common.h"
#include "sync/ldif.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config *conf;
static struct adc_options opts;
static struct catalog *cat;
static struct db *dbs[2];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct err e = ERR_INIT;
	int i;

	(void)argc;
	(void)argv;
	if (config_parse_string(&conf, "fuzz.conf",
		"[source corp]\nkind = ldif\npath = fuzz.ldif\n"
		"privileged_groups = Tier0 Admins, S-1-5-21-1-2-3-1105\n"
		"service_accounts = svc-*, *$\n",
		&e) != 0 ||
	    adc_options_read(conf, config_source(conf, "corp"), &opts, &cat,
		&e) != 0) {
		fprintf(stderr, "fuzz_adc_stream: %s\n", e.msg);
		exit(1);
	}
	for (i = 0; i < 2; i++)
		if (db_open(&dbs[i], ":memory:", DB_CREATE, &e) != 0) {
			fprintf(stderr, "fuzz_adc_stream: %s\n", e.msg);
			exit(1);
		}
	return 0;
}

struct entry {
	const struct ldif_attr *v;
	size_t n;
	char *dn, *where;
	int group;
};

static int
feed(struct adc *a, const struct entry *en, struct err *e)
{
	struct ldif_rec rec = { en->dn, 0, (struct ldif_attr *)en->v, en->n };

	return ldif_feed(a, &rec, en->where, e);
}

/* Every staged row, in a fixed order. */
static void
staged(struct db *db, struct sb *out)
{
	static const char *const sql[] = {
		"SELECT * FROM temp.stage_principal ORDER BY ext_id",
		"SELECT * FROM temp.stage_membership ORDER BY member, grp",
		"SELECT * FROM temp.stage_entitlement ORDER BY ext_id",
		"SELECT * FROM temp.stage_assignment ORDER BY 1, 2, 3, 4, 5, "
		"6, 7",
	};
	sqlite3_stmt *st;
	const unsigned char *t;
	size_t k;
	int i;

	for (k = 0; k < sizeof(sql) / sizeof(sql[0]); k++) {
		if (sqlite3_prepare_v2(db->conn, sql[k], -1, &st, NULL) !=
		    SQLITE_OK)
			abort();
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (i = 0; i < sqlite3_column_count(st); i++) {
				t = sqlite3_column_text(st, i);
				sb_addf(out, "%s%s", i ? "|" : "",
				    t ? (const char *)t : "NULL");
			}
			sb_addc(out, '\n');
		}
		sqlite3_finalize(st);
		sb_adds(out, "--\n");
	}
}

/*
 * One run into dbs[which]: 0 batch, 1 stream. order: for the stream, the
 * accounts after adc_stream() reversed (bit 0); for the batch,
 * adc_stream_order() (bit 1). 0 and the staged rows in out, or an error
 * code (the sink discarded either way).
 */
static int
run(const struct entry *en, size_t n, int which, int order, struct sb *out)
{
	struct err e = ERR_INIT;
	struct sink *sink = NULL;
	struct adc *a;
	size_t i, k;
	int rc = 0;

	if (sink_open(dbs[which], "corp", "ldif", &sink, &e) != 0)
		abort();
	a = adc_new(&opts);
	if (which == 1) /* memberships staged as groups end, too */
		adc_stage(a, sink);
	else if (order & 2)
		adc_stream_order(a);
	for (i = 0; i < n && rc == 0; i++)
		if (which == 0 || en[i].group || i % 3 == 1)
			rc = feed(a, &en[i], &e);
	if (which == 1 && rc == 0) {
		adc_stream(a, sink);
		for (k = 0; k < n && rc == 0; k++) {
			i = (order & 1) ? n - 1 - k : k;
			if (!en[i].group && i % 3 != 1)
				rc = feed(a, &en[i], &e);
		}
	}
	if (rc == 0)
		rc = adc_emit(a, sink, &e);
	if (rc == 0)
		staged(dbs[which], out);
	else if (which == 1) {
		fprintf(stderr, "stream failed where batch did not: %s\n",
		    e.msg);
		abort();
	}
	adc_free(a);
	sink_abort(sink, NULL);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct ldif_rec *rec;
	struct err e = ERR_INIT;
	struct sb batch = SB_INIT, stream = SB_INIT, where = SB_INIT;
	struct entry *en = NULL;
	struct ldif_rec *keep = NULL;
	struct ldif *r;
	FILE *fp;
	size_t n = 0, i, j;

	if (size == 0 ||
	    (fp = fmemopen((void *)(uintptr_t)data, size, "r")) == NULL)
		return 0;
	r = ldif_open(fp, "fuzz.ldif");
	/* the reader's record lasts until its next: copy each */
	while (ldif_next(r, &rec, &e) == 1) {
		struct ldif_attr *v = calloc(rec->n + 1, sizeof(*v));

		en = realloc(en, (n + 1) * sizeof(*en));
		keep = realloc(keep, (n + 1) * sizeof(*keep));
		if (v == NULL || en == NULL || keep == NULL)
			abort();
		memset(&en[n], 0, sizeof(en[n]));
		for (i = 0; i < rec->n; i++) {
			v[i].name = strdup(rec->v[i].name);
			v[i].len = rec->v[i].len;
			v[i].val = malloc(rec->v[i].len + 1);
			if (v[i].name == NULL || v[i].val == NULL)
				abort();
			memcpy(v[i].val, rec->v[i].val, rec->v[i].len + 1);
			if (strcasecmp(v[i].name, "objectClass") == 0 &&
			    (strcasecmp((char *)v[i].val, "group") == 0 ||
				strcasecmp((char *)v[i].val,
				    "foreignSecurityPrincipal") == 0))
				en[n].group = 1;
		}
		keep[n].v = v;
		keep[n].n = rec->n;
		en[n].v = v;
		en[n].n = rec->n;
		en[n].dn = strdup(rec->dn);
		sb_reset(&where);
		sb_addf(&where, "fuzz.ldif:%d", rec->line);
		en[n].where = strdup(where.buf);
		n++;
	}
	ldif_close(r);
	fclose(fp);
	if (n > 0 && run(en, n, 0, data[0], &batch) == 0) {
		(void)run(en, n, 1, data[0], &stream);
		if (strcmp(batch.buf, stream.buf) != 0) {
			fprintf(stderr, "batch:\n%s\nstream:\n%s\n", batch.buf,
			    stream.buf);
			abort();
		}
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < keep[i].n; j++) {
			free(keep[i].v[j].name);
			free(keep[i].v[j].val);
		}
		free(keep[i].v);
		free(en[i].dn);
		free(en[i].where);
	}
	free(keep);
	free(en);
	sb_release(&batch);
	sb_release(&stream);
	sb_release(&where);
	return 0;
}
