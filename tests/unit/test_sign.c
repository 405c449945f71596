/*
 * test_sign.c - the signed checkpoints of the audit chain: keys made with
 * the right modes and never overwritten, every append signed, verify
 * checking the signatures with the private key or with the public key
 * alone, and naming the event at fault for each forgery a signature
 * catches (the chain rewritten and rehashed, checkpoints deleted, events
 * reordered and rehashed, a signature forged), and verify --against a
 * SIEM export naming a past rewritten even by someone holding the key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <openssl/evp.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
#include "db/checkpoint.h"
#include "lib/sb.h"
#include "lib/sign.h"
#include "reports/anchor.h"
#include "reports/siem.h"
#include "tests/unit/orgfx.h"

#define OK(x)                                                   \
	do {                                                    \
		struct err e_ = ERR_INIT;                       \
		int rc_ = (x);                                  \
		if (rc_ != 0)                                   \
			fail_msg("%s: %d %s", #x, rc_, e_.msg); \
	} while (0)

#define UNGUARD                                    \
	"DROP TRIGGER audit_event_no_update;"      \
	"DROP TRIGGER audit_event_no_delete;"      \
	"DROP TRIGGER audit_checkpoint_no_update;" \
	"DROP TRIGGER audit_checkpoint_no_delete;"

struct fx {
	struct orgfx o;
	struct sign_key *key, *pub;
	char keypath[PATH_MAX + 8], pubpath[PATH_MAX + 16];
	char export[PATH_MAX + 16];
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct err e = ERR_INIT;
	char obj[32];
	int i;

	if (f == NULL || orgfx_open(&f->o) != 0)
		return -1;
	snprintf(f->keypath, sizeof(f->keypath), "%s/k", f->o.dir);
	snprintf(f->pubpath, sizeof(f->pubpath), "%s/k.pub", f->o.dir);
	snprintf(f->export, sizeof(f->export), "%s/siem.jsonl", f->o.dir);
	if (sign_key_create(f->keypath, -1, &f->key, &e) != 0 ||
	    sign_key_load(f->pubpath, 1, &f->pub, &e) != 0) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	db_set_key(f->o.db, f->key);
	for (i = 1; i <= 6; i++) {
		snprintf(obj, sizeof(obj), "thing:%d", i);
		if (audit_append(f->o.db, "root", "test", obj, "{\"n\": 1}",
			NULL, &e) != 0) {
			fprintf(stderr, "setup: %s\n", e.msg);
			return -1;
		}
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	orgfx_close(&f->o);
	sign_key_free(f->key);
	sign_key_free(f->pub);
	free(f);
	return 0;
}

/* Write the SIEM export (JSON lines) of the whole chain to f->export. */
static void export(struct fx *f)
{
	struct siem_opts so = { SIEM_JSONL, NULL, NULL };
	struct siem_stats st;
	FILE *fp = fopen(f->export, "w");

	assert_non_null(fp);
	OK(siem_export(f->o.db, &so, fp, &st, &e_));
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(st.checkpoints, st.audit);
}

/*
 * verify fails naming event bad and saying msg, with the private key and
 * with the public key alone (an auditor's copy).
 */
static void
expect_bad(struct fx *f, int64_t bad, const char *msg)
{
	const struct sign_key *keys[2] = { f->key, f->pub };
	struct audit_report r;
	struct err e = ERR_INIT;
	int i;

	for (i = 0; i < 2; i++) {
		db_set_key(f->o.db, keys[i]);
		assert_int_equal(audit_verify(f->o.db, &r, &e), PARC_EFOUND);
		if (strstr(r.what, msg) == NULL)
			fail_msg("verify said '%s', want '%s'", r.what, msg);
		assert_int_equal(r.bad_id, bad);
	}
	db_set_key(f->o.db, f->key);
}

/* Recompute every hash from event `from` on, as a forger would. */
static void
rehash(struct fx *f, int64_t from)
{
	static const char hex[] = "0123456789abcdef";
	struct sb sql = SB_INIT;
	int64_t id, n = db_count(f->o.db, "SELECT max(id) FROM audit_event");
	char *prev = NULL, *v[6], q[160], out[65];
	unsigned char md[32];
	unsigned int len, i;
	EVP_MD_CTX *ctx;
	int k;
	static const char *const cols[] = { "at", "actor", "action", "object",
		"detail" };

	snprintf(q, sizeof(q), "%" PRId64, from - 1);
	prev = orgfx_text(f->o.db, "SELECT hash FROM audit_event WHERE id = ?1",
	    q);
	for (id = from; id <= n; id++) {
		snprintf(q, sizeof(q), "%" PRId64, id);
		for (k = 0; k < 5; k++) {
			struct sb s = SB_INIT;

			sb_addf(&s,
			    "SELECT coalesce(%s, '') FROM audit_event"
			    " WHERE id = ?1",
			    cols[k]);
			v[k] = orgfx_text(f->o.db, s.buf, q);
			sb_release(&s);
		}
		ctx = EVP_MD_CTX_new();
		EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
		EVP_DigestUpdate(ctx, prev, strlen(prev));
		EVP_DigestUpdate(ctx, "\n", 1);
		EVP_DigestUpdate(ctx, q, strlen(q));
		EVP_DigestUpdate(ctx, "\n", 1);
		for (k = 0; k < 5; k++) {
			EVP_DigestUpdate(ctx, v[k], strlen(v[k]));
			EVP_DigestUpdate(ctx, "\n", 1);
			free(v[k]);
		}
		EVP_DigestFinal_ex(ctx, md, &len);
		EVP_MD_CTX_free(ctx);
		for (i = 0; i < 32; i++) {
			out[2 * i] = hex[md[i] >> 4];
			out[2 * i + 1] = hex[md[i] & 15];
		}
		out[64] = '\0';
		sb_reset(&sql);
		sb_addf(&sql,
		    "UPDATE audit_event SET prev_hash = '%s', hash = '%s'"
		    " WHERE id = %" PRId64,
		    prev, out, id);
		OK(db_exec(f->o.db, sql.buf, &e_));
		free(prev);
		prev = xstrdup(out);
	}
	free(prev);
	sb_release(&sql);
}

static void
test_key_files(void **state)
{
	struct fx *f = *state;
	struct sign_key *k = NULL;
	struct err e = ERR_INIT;
	struct stat st;

	assert_int_equal(stat(f->keypath, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(f->pubpath, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_true(sign_key_private(f->key));
	assert_false(sign_key_private(f->pub));
	assert_string_equal(sign_key_fingerprint(f->key),
	    sign_key_fingerprint(f->pub));
	assert_int_equal(strncmp(sign_key_fingerprint(f->key), "SHA256:", 7),
	    0);
	assert_int_equal(strlen(sign_key_fingerprint(f->key)), 7 + 64);
	/* a key is never overwritten */
	assert_int_equal(sign_key_create(f->keypath, -1, NULL, &e),
	    PARC_ECONFIG);
	assert_non_null(strstr(e.msg, "exists already"));
	/* a private key others may read is refused */
	assert_int_equal(chmod(f->keypath, 0644), 0);
	assert_int_equal(sign_key_load(f->keypath, 0, &k, &e), PARC_ECONFIG);
	assert_non_null(strstr(e.msg, "others may read it"));
	assert_int_equal(chmod(f->keypath, 0600), 0);
	/* only the public half: no signing */
	assert_int_equal(sign_key_load(f->pubpath, 0, &k, &e), PARC_ECONFIG);
	OK(sign_key_load(f->keypath, 0, &k, &e_));
	sign_key_free(k);
}

static void
test_signed(void **state)
{
	struct fx *f = *state;
	struct audit_report r;

	assert_int_equal(db_count(f->o.db,
			     "SELECT count(*) FROM"
			     " audit_checkpoint c JOIN audit_event"
			     " a ON a.id = c.event_id AND"
			     " a.hash = c.hash"),
	    6);
	OK(audit_verify(f->o.db, &r, &e_));
	assert_int_equal(r.sig_checked, 1);
	assert_int_equal(r.checkpoints, 6);
	assert_int_equal(r.signed_id, 6);
	assert_string_equal(r.key_fpr, sign_key_fingerprint(f->key));
	db_set_key(f->o.db, f->pub);
	OK(audit_verify(f->o.db, &r, &e_));
	assert_int_equal(r.signed_id, 6);
	/* no key: the signatures are counted, not checked */
	db_set_key(f->o.db, NULL);
	OK(audit_verify(f->o.db, &r, &e_));
	assert_int_equal(r.sig_checked, 0);
	assert_int_equal(r.checkpoints, 6);
	/* the checkpoints are append-only as the chain is */
	assert_int_not_equal(db_exec(f->o.db, "DELETE FROM audit_checkpoint",
				 NULL),
	    0);
}

/* The forgery a signature is for: rewrite, rehash, keep the triggers. */
static void
test_rewritten_and_rehashed(void **state)
{
	struct fx *f = *state;

	OK(db_exec(f->o.db,
	    UNGUARD "UPDATE audit_event SET actor = 'mallory' WHERE id = 4",
	    &e_));
	rehash(f, 4);
	{
		struct audit_report r;

		/* the chain alone holds again ... */
		db_set_key(f->o.db, NULL);
		OK(audit_verify(f->o.db, &r, &e_));
	}
	/* ... the signature does not, and names the first rewritten event */
	expect_bad(f, 4,
	    "audit event 4 is not the event its signed checkpoint names: the "
	    "chain was rewritten");
}

static void
test_rewritten_checkpoints_dropped(void **state)
{
	struct fx *f = *state;

	OK(db_exec(f->o.db,
	    UNGUARD "UPDATE audit_event SET actor = 'mallory' WHERE id = 4;"
		    "DELETE FROM audit_checkpoint WHERE event_id >= 4",
	    &e_));
	rehash(f, 4);
	expect_bad(f, 4,
	    "audit event 4 has no signed checkpoint though the events before "
	    "it have");
}

static void
test_reordered_and_rehashed(void **state)
{
	struct fx *f = *state;

	OK(db_exec(f->o.db,
	    UNGUARD "UPDATE audit_event SET id = 100 WHERE id = 2;"
		    "UPDATE audit_event SET id = 2 WHERE id = 5;"
		    "UPDATE audit_event SET id = 5 WHERE id = 100;",
	    &e_));
	rehash(f, 2);
	expect_bad(f, 2,
	    "audit event 2 is not the event its signed checkpoint");
}

static void
test_signature_forged(void **state)
{
	struct fx *f = *state;

	OK(db_exec(f->o.db,
	    UNGUARD "UPDATE audit_checkpoint SET sig = substr(sig, 3) || 'ab'"
		    " WHERE event_id = 3",
	    &e_));
	expect_bad(f, 3,
	    "checkpoint of audit event 3 does not carry a valid signature");
}

static void
test_unsigned_head(void **state)
{
	struct fx *f = *state;

	/* appended by a parc without the key (or the sqlite3 shell) */
	db_set_key(f->o.db, NULL);
	OK(audit_append(f->o.db, "mallory", "role.grant", NULL, NULL, NULL,
	    &e_));
	expect_bad(f, 7, "audit event 7 has no signed checkpoint");
}

static void
test_other_key(void **state)
{
	struct fx *f = *state;
	struct sign_key *k2 = NULL;
	char p2[PATH_MAX + 8];

	snprintf(p2, sizeof(p2), "%s/k2", f->o.dir);
	OK(sign_key_create(p2, -1, &k2, &e_));
	db_set_key(f->o.db, k2);
	OK(audit_append(f->o.db, "root", "test", NULL, NULL, NULL, &e_));
	expect_bad(f, 7, "checkpoint of audit event 7 is signed by key");
	sign_key_free(k2);
}

/* Root holds the key: only a record kept elsewhere shows the rewrite. */
static void
test_against_export(void **state)
{
	struct fx *f = *state;
	struct anchor_report ar;
	struct audit_report r;
	struct err e = ERR_INIT;
	struct sb sql = SB_INIT;
	char *h, msg[160], sig[SIGN_SIG_LEN], id[8];
	int64_t i;

	export(f);
	OK(rpt_anchor_check(f->o.db, f->export, &ar, &e_));
	assert_int_equal(ar.events, 6);
	assert_int_equal(ar.checkpoints, 6);
	assert_int_equal(ar.signatures, 6);
	assert_int_equal(ar.last_id, 6);
	/* rewrite from 3, rehash, re-sign every checkpoint with the key */
	OK(db_exec(f->o.db,
	    UNGUARD "UPDATE audit_event SET detail = '{\"n\": 2}' WHERE id = 3;"
		    "DELETE FROM audit_checkpoint WHERE event_id >= 3",
	    &e_));
	rehash(f, 3);
	for (i = 3; i <= 6; i++) {
		snprintf(id, sizeof(id), "%" PRId64, i);
		h = orgfx_text(f->o.db,
		    "SELECT hash FROM audit_event WHERE id = ?1", id);
		OK(sign_data(f->key, msg,
		    checkpoint_message(i, h, msg, sizeof(msg)), sig, &e_));
		sb_reset(&sql);
		sb_addf(&sql,
		    "INSERT INTO audit_checkpoint VALUES (%" PRId64
		    ", '%s', '%s', '%s', 'now')",
		    i, h, sign_key_fingerprint(f->key), sig);
		OK(db_exec(f->o.db, sql.buf, &e_));
		free(h);
	}
	sb_release(&sql);
	OK(audit_verify(f->o.db, &r, &e_)); /* whole, and signed */
	assert_int_equal(rpt_anchor_check(f->o.db, f->export, &ar, &e),
	    PARC_EFOUND);
	assert_int_equal(ar.bad_id, 3);
	if (strstr(ar.what, "audit event 3 is not the event") == NULL ||
	    strstr(ar.what, "siem.jsonl line 3") == NULL ||
	    strstr(ar.what, "rewritten") == NULL)
		fail_msg("anchor said '%s'", ar.what);
}

static void
test_against_cut(void **state)
{
	struct fx *f = *state;
	struct anchor_report ar;
	struct err e = ERR_INIT;

	export(f);
	OK(db_exec(f->o.db,
	    UNGUARD "DELETE FROM audit_event WHERE id >= 5;"
		    "DELETE FROM audit_checkpoint WHERE event_id >= 5",
	    &e_));
	assert_int_equal(rpt_anchor_check(f->o.db, f->export, &ar, &e),
	    PARC_EFOUND);
	assert_int_equal(ar.bad_id, 5);
	assert_non_null(strstr(ar.what, "audit event 5 (" /* path */));
	assert_non_null(strstr(ar.what,
	    "is missing from the database, whose "
	    "chain now ends at event 4"));
}

static void
test_against_bad_file(void **state)
{
	struct fx *f = *state;
	struct anchor_report ar;
	struct err e = ERR_INIT;
	FILE *fp;

	/* a checkpoint whose signature was altered in the file */
	export(f);
	fp = fopen(f->export, "a");
	fprintf(fp,
	    "{\"type\": \"checkpoint\", \"event\": 2, \"hash\": "
	    "\"%064d\", \"key\": \"%s\", \"signature\": \"%0128d\"}\n",
	    0, sign_key_fingerprint(f->key), 0);
	fclose(fp);
	assert_int_equal(rpt_anchor_check(f->o.db, f->export, &ar, &e),
	    PARC_EDATA);
	assert_non_null(strstr(e.msg,
	    "siem.jsonl:13: the checkpoint of event "
	    "2 does not carry a valid signature"));
	fp = fopen(f->export, "w");
	fprintf(fp, "hello\n");
	fclose(fp);
	assert_int_equal(rpt_anchor_check(f->o.db, f->export, &ar, &e),
	    PARC_EDATA);
	assert_non_null(strstr(e.msg, "siem.jsonl:1: neither a JSON line"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_key_files),
		T(test_signed),
		T(test_rewritten_and_rehashed),
		T(test_rewritten_checkpoints_dropped),
		T(test_reordered_and_rehashed),
		T(test_signature_forged),
		T(test_unsigned_head),
		T(test_other_key),
		T(test_against_export),
		T(test_against_cut),
		T(test_against_bad_file),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
