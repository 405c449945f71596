/*
 * test_adc.c - the AD collector's two ways to emit: all at the end (kind =
 * ldif), or each account as it arrives once every group is in (kind = ad,
 * adc_stream(), with adc_stage() staging memberships as groups end). Both
 * must give the same snapshot, whatever order the accounts come in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "db/db.h"
#include "db/dbint.h"
#include "db/sink.h"
#include "lib/config.h"
#include "lib/sb.h"
#include "sync/ad_common.h"
#include "sync/ldif.h"
#include "tests/unit/orgfx.h"
#include "tui/demo/demo.h"

/* An LDIF record, copied (the reader's is gone at its next record). */
struct entry {
	char *dn, *where;
	struct ldif_attr *v;
	size_t n;
	int group; /* a group or foreign principal: the groups search's */
};

struct fx {
	char dir[64];
	struct entry *e;
	size_t n;
	struct config *c;
	struct adc_options o;
	struct catalog *cat;
};

static void
load(struct fx *fx, const char *path)
{
	const struct ldif_rec *rec;
	struct err e = ERR_INIT;
	struct sb where = SB_INIT;
	struct ldif *r;
	struct entry *en;
	FILE *fp = fopen(path, "r");
	size_t i;
	int rc;

	if (fp == NULL)
		fail_msg("%s: cannot open", path);
	r = ldif_open(fp, path);
	while ((rc = ldif_next(r, &rec, &e)) > 0) {
		fx->e = xrealloc(fx->e, (fx->n + 1) * sizeof(*fx->e));
		en = &fx->e[fx->n++];
		memset(en, 0, sizeof(*en));
		en->dn = xstrdup(rec->dn);
		sb_addf(&where, "%s:%d", path, rec->line);
		en->where = sb_detach(&where);
		en->n = rec->n;
		en->v = xcalloc(rec->n + 1, sizeof(*en->v));
		for (i = 0; i < rec->n; i++) {
			en->v[i].name = xstrdup(rec->v[i].name);
			en->v[i].len = rec->v[i].len;
			en->v[i].val = xmalloc(rec->v[i].len + 1);
			memcpy(en->v[i].val, rec->v[i].val, rec->v[i].len + 1);
			if (strcasecmp(en->v[i].name, "objectClass") == 0 &&
			    (strcasecmp((char *)en->v[i].val, "group") == 0 ||
				strcasecmp((char *)en->v[i].val,
				    "foreignSecurityPrincipal") == 0))
				en->group = 1;
		}
	}
	if (rc < 0)
		fail_msg("%s", e.msg);
	ldif_close(r);
	fclose(fp);
}

static void
setup_with(struct fx *fx, const char *ldif)
{
	struct err e = ERR_INIT;
	struct sb p = SB_INIT;
	FILE *fp;

	load(fx, ldif);
	sb_addf(&p, "%s/parc.conf", fx->dir);
	fp = fopen(p.buf, "w");
	assert_non_null(fp);
	fprintf(fp,
	    "[source corp]\nkind = ldif\npath = %s\n"
	    "privileged_groups = SQL Admins\n",
	    ldif);
	fclose(fp);
	if (config_load(&fx->c, p.buf, &e) != 0 ||
	    adc_options_read(fx->c, config_source(fx->c, "corp"), &fx->o,
		&fx->cat, &e) != 0)
		fail_msg("%s", e.msg);
	sb_release(&p);
}

static int
setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/parc-test-adc-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	if (getenv("PARC_SHARE") == NULL)
		setenv("PARC_SHARE", "share", 1);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	size_t i, j;

	for (i = 0; i < fx->n; i++) {
		for (j = 0; j < fx->e[i].n; j++) {
			free(fx->e[i].v[j].name);
			free(fx->e[i].v[j].val);
		}
		free(fx->e[i].v);
		free(fx->e[i].dn);
		free(fx->e[i].where);
	}
	free(fx->e);
	adc_options_release(&fx->o);
	catalog_free(fx->cat);
	config_free(fx->c);
	orgfx_remove_tree(fx->dir);
	free(fx);
	return 0;
}

static int
feed(struct adc *a, const struct entry *en, struct err *e)
{
	struct ldif_rec rec = { en->dn, 0, en->v, en->n };

	return ldif_feed(a, &rec, en->where, e);
}

/* Rows of sql as "a|b|c" lines. */
static void
dump(struct db *db, const char *sql, struct sb *out)
{
	sqlite3_stmt *st;
	const char *t;
	int i;

	assert_int_equal(sqlite3_prepare_v2(db->conn, sql, -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0; i < sqlite3_column_count(st); i++) {
			t = (const char *)sqlite3_column_text(st, i);
			sb_addf(out, "%s%s", i ? "|" : "", t ? t : "NULL");
		}
		sb_addc(out, '\n');
	}
	sqlite3_finalize(st);
}

enum order {
	BATCH,
	STREAM,
	STREAM_REVERSED,
	STAGED, /* the accounts first, memberships out as each group ends */
	PLAIN	/* all in file order, staged at the end in adc_stream_order() */
};

/*
 * Sync the entries into a new database in order, and return what a
 * reviewer's data is made of: principals, memberships, entitlements,
 * grants with paths. late: how many principals adc_emit() staged,
 * beyond the groups and foreign principals (which always wait for it).
 * ids: the principals' ext_ids in the order the sink numbered them.
 */
static void
snapshot(struct fx *fx, enum order how, struct sb *out, int64_t *late,
    struct sb *ids)
{
	int64_t early, total, groups, members;
	struct err e = ERR_INIT;
	struct sink *sink = NULL;
	struct db *db = NULL;
	struct adc *a;
	size_t i;
	int pass;

	if (db_open(&db, ":memory:", DB_CREATE, &e) != 0 ||
	    sink_open(db, "corp", "ad", &sink, &e) != 0)
		fail_msg("%s", e.msg);
	a = adc_new(&fx->o);
	if (how != BATCH && how != PLAIN) /* memberships as groups end, too */
		adc_stage(a, sink);
	if (how == PLAIN)
		adc_stream_order(a);
	for (pass = 0; pass < 2 && how == STAGED; pass++)
		for (i = 0; i < fx->n; i++)
			if ((fx->e[i].group != 0) == pass &&
			    feed(a, &fx->e[i], &e) != 0)
				fail_msg("%s", e.msg);
	for (i = 0; i < fx->n && how != STAGED; i++)
		if ((how == BATCH || how == PLAIN || fx->e[i].group) &&
		    feed(a, &fx->e[i], &e) != 0)
			fail_msg("%s", e.msg);
	if (how == STREAM || how == STREAM_REVERSED) {
		adc_stream(a, sink);
		for (i = 0; i < fx->n; i++) {
			struct entry *en =
			    &fx->e[how == STREAM ? i : fx->n - 1 - i];
			if (!en->group && feed(a, en, &e) != 0)
				fail_msg("%s", e.msg);
		}
	}
	early = db_count(db, "SELECT count(*) FROM temp.stage_principal");
	members = db_count(db, "SELECT count(*) FROM temp.stage_membership");
	if (adc_emit(a, sink, &e) != 0)
		fail_msg("%s", e.msg);
	total = db_count(db, "SELECT count(*) FROM temp.stage_principal");
	if (sink_commit(sink, NULL, &e) != 0)
		fail_msg("%s", e.msg);
	groups = db_count(db,
	    "SELECT count(*) FROM principal WHERE attrs ->> 'object_class'"
	    " IN ('group', 'foreignSecurityPrincipal')");
	assert_true(groups > 0 && total > groups);
	*late = total - early - groups;
	if (how == BATCH || how == STAGED || how == PLAIN)
		assert_int_equal(early, 0);
	else
		assert_true(early > 0); /* accounts went out as they came */
	if (how == BATCH || how == PLAIN)
		assert_int_equal(members, 0);
	if (how == STAGED) /* the groups' went out as they ended */
		assert_true(members > 0);
	adc_free(a);
	if (ids != NULL)
		dump(db, "SELECT ext_id FROM principal ORDER BY id", ids);
	dump(db,
	    "SELECT ext_id, name, display_name, kind, enabled, email, upn,"
	    " employee_id, created_at, last_used_at, password_last_set, attrs"
	    " FROM principal ORDER BY ext_id",
	    out);
	dump(db,
	    "SELECT m.ext_id, g.ext_id FROM membership x JOIN principal m"
	    " ON m.id = x.member_id JOIN principal g ON g.id = x.group_id"
	    " ORDER BY 1, 2",
	    out);
	dump(db,
	    "SELECT ext_id, name, kind, scope, tier, reason, owner, attrs"
	    " FROM entitlement ORDER BY ext_id",
	    out);
	dump(db,
	    "SELECT p.ext_id, n.ext_id, g.depth, g.path FROM effective_grant g"
	    " JOIN principal p ON p.id = g.account_id JOIN entitlement n"
	    " ON n.id = g.entitlement_id ORDER BY 1, 2",
	    out);
	db_close(db);
}

/*
 * The same snapshot five ways. With managed accounts, some account waits
 * for its manager in one order or the other (its attrs name the manager).
 * PLAIN numbers the principals as STREAM does (sync/ad.c's plain
 * searches, as its paged ones), though it reads groups and accounts mixed.
 */
static void
same_snapshot(struct fx *fx, int managed)
{
	struct sb batch = SB_INIT, stream = SB_INIT, rev = SB_INIT;
	struct sb staged = SB_INIT, plain = SB_INIT, sids = SB_INIT;
	struct sb pids = SB_INIT;
	int64_t late_b, late_s, late_r, late_t, late_p;

	snapshot(fx, BATCH, &batch, &late_b, NULL);
	snapshot(fx, STREAM, &stream, &late_s, &sids);
	snapshot(fx, STREAM_REVERSED, &rev, &late_r, NULL);
	snapshot(fx, STAGED, &staged, &late_t, NULL);
	snapshot(fx, PLAIN, &plain, &late_p, &pids);
	assert_true(late_p == late_b);
	assert_string_equal(plain.buf, batch.buf);
	assert_string_equal(pids.buf, sids.buf);
	sb_release(&plain);
	sb_release(&sids);
	sb_release(&pids);
	assert_true(late_t == late_b);
	assert_true(late_b > late_s && late_b > late_r);
	if (managed)
		assert_true(late_s + late_r > 0);
	assert_true(strstr(batch.buf, "|group|") != NULL);
	assert_string_equal(stream.buf, batch.buf);
	assert_string_equal(rev.buf, batch.buf);
	assert_string_equal(staged.buf, batch.buf);
	sb_release(&staged);
	sb_release(&batch);
	sb_release(&stream);
	sb_release(&rev);
}

/* The test export: nesting, a cycle, primary groups, foreign principals. */
static void
test_corp_same(void **state)
{
	struct fx *fx = *state;
	struct sb p = SB_INIT;
	const char *d = getenv("PARC_TEST_DATA");

	sb_addf(&p, "%s/ldif/corp.ldif", d != NULL ? d : "tests/data");
	setup_with(fx, p.buf);
	same_snapshot(fx, 1);
	sb_release(&p);
}

/*
 * Distribution groups at every position of a chain: an account that
 * arrives after adc_stream() takes no mark through one either.
 */
static void
test_distribution_same(void **state)
{
	struct fx *fx = *state;
	struct sb p = SB_INIT;
	const char *d = getenv("PARC_TEST_DATA");

	sb_addf(&p, "%s/ldif/distribution.ldif", d != NULL ? d : "tests/data");
	setup_with(fx, p.buf);
	same_snapshot(fx, 0);
	sb_release(&p);
}

/*
 * The demo's domain: managers, computers in and out of privileged groups,
 * a group of more than 1,500 members.
 */
static void
test_demo_same(void **state)
{
	struct fx *fx = *state;
	struct err e = ERR_INIT;
	struct sb p = SB_INIT;
	size_t i, managed = 0;

	if (demo_generate(fx->dir, 400, DEMO_EPOCH_DAY, &e) != 0)
		fail_msg("demo_generate: %s", e.msg);
	sb_addf(&p, "%s/corp.ldif", fx->dir);
	setup_with(fx, p.buf);
	for (i = 0; i < fx->n; i++) {
		size_t j;

		for (j = 0; j < fx->e[i].n; j++)
			if (strcasecmp(fx->e[i].v[j].name, "manager") == 0)
				managed++;
	}
	assert_true(managed > 10);
	same_snapshot(fx, 1);
	sb_release(&p);
}

/* A group after adc_stream() could change what went out: refused. */
static void
test_late_group(void **state)
{
	struct fx *fx = *state;
	struct err e = ERR_INIT;
	struct sink *sink = NULL;
	struct db *db = NULL;
	struct adc *a;
	const struct entry *g = NULL;
	struct sb p = SB_INIT;
	const char *d = getenv("PARC_TEST_DATA");
	size_t i;

	sb_addf(&p, "%s/ldif/corp.ldif", d != NULL ? d : "tests/data");
	setup_with(fx, p.buf);
	if (db_open(&db, ":memory:", DB_CREATE, &e) != 0 ||
	    sink_open(db, "corp", "ad", &sink, &e) != 0)
		fail_msg("%s", e.msg);
	a = adc_new(&fx->o);
	for (i = 0; i < fx->n; i++) {
		if (!fx->e[i].group)
			continue;
		if (g == NULL) {
			g = &fx->e[i]; /* held back */
			continue;
		}
		assert_int_equal(feed(a, &fx->e[i], &e), 0);
	}
	assert_non_null(g);
	adc_stream(a, sink);
	assert_int_equal(feed(a, g, &e), PARC_EDATA);
	assert_non_null(strstr(e.msg, "came after the groups were all read"));
	assert_non_null(strstr(e.msg, g->where));
	sink_abort(sink, e.msg);
	adc_free(a);
	db_close(db);
	sb_release(&p);
}

/*
 * Hostile values: member values in another case and spacing and twice,
 * self-membership, a cycle, an account that is its own manager, managers
 * that are a group, a computer or nobody, primary groups naming a user,
 * a computer, nothing, 0 and less, a non-domain SID, member values on
 * accounts and a contact, computers in and out of privileged groups, a
 * foreign principal from another domain.
 */
static const char hostile_ldif[] =
    "dn: CN=Domain Admins,CN=Users,DC=h,DC=test\n"
    "objectClass: group\n"
    "objectSid: S-1-5-21-7-8-9-512\n"
    "sAMAccountName: Domain Admins\n"
    "member: CN=Nested,OU=G,DC=h,DC=test\n"
    "member: cn=ALICE ,  cn=users,dc=h,dc=test\n"
    "member: CN=Alice,CN=Users,DC=h,DC=test\n"
    "member: CN=Domain Admins,CN=Users,DC=h,DC=test\n"
    "member: CN=Ghost,CN=Users,DC=h,DC=test\n"
    "member: CN=S-1-5-11,CN=ForeignSecurityPrincipals,DC=h,DC=test\n"
    "\n"
    "dn: CN=Domain Users,CN=Users,DC=h,DC=test\n"
    "objectClass: group\n"
    "objectSid: S-1-5-21-7-8-9-513\n"
    "sAMAccountName: Domain Users\n"
    "managedBy: CN=Bob,CN=Users,DC=h,DC=test\n"
    "\n"
    "dn: CN=Nested,OU=G,DC=h,DC=test\n"
    "objectClass: group\n"
    "objectSid: S-1-5-21-7-8-9-1101\n"
    "member: CN=Bob,CN=Users,DC=h,DC=test\n"
    "member: CN=WS1,OU=PCs,DC=h,DC=test\n"
    "member: CN=Nested,OU=G,DC=h,DC=test\n"
    "member: CN=Alice,CN=Users,DC=h,DC=test\n"
    "\n"
    "dn: CN=SQL Admins,OU=G,DC=h,DC=test\n"
    "objectClass: group\n"
    "objectSid: S-1-5-21-7-8-9-1102\n"
    "sAMAccountName: SQL Admins\n"
    "member: CN=Carol\\, Jr,CN=Users,DC=h,DC=test\n"
    "member: CN=WS2,OU=PCs,DC=h,DC=test\n"
    "member: "
    "CN=S-1-5-21-99-99-99-1000,CN=ForeignSecurityPrincipals,DC=h,DC=test\n"
    "member: CN=Plain,OU=G,DC=h,DC=test\n"
    "\n"
    "dn: CN=Plain,OU=G,DC=h,DC=test\n"
    "objectClass: group\n"
    "objectSid: S-1-5-21-7-8-9-1103\n"
    "member: CN=WS3,OU=PCs,DC=h,DC=test\n"
    "member: CN=Dave,CN=Users,DC=h,DC=test\n"
    "member: CN=Dave,CN=Users,DC=h,DC=test\n"
    "member: CN=Plain,OU=G,DC=h,DC=test\n"
    "\n"
    "dn: CN=Other,OU=G,DC=h,DC=test\n"
    "objectClass: group\n"
    "objectSid: S-1-5-21-7-8-9-1104\n"
    "member: CN=WS4,OU=PCs,DC=h,DC=test\n"
    "member: CN=Erin,CN=Users,DC=h,DC=test\n"
    "\n"
    "dn: CN=S-1-5-11,CN=ForeignSecurityPrincipals,DC=h,DC=test\n"
    "objectClass: foreignSecurityPrincipal\n"
    "\n"
    "dn: CN=S-1-5-21-99-99-99-1000,CN=ForeignSecurityPrincipals,DC=h,DC=test\n"
    "objectClass: foreignSecurityPrincipal\n"
    "\n"
    "dn: CN=Administrator,CN=Users,DC=h,DC=test\n"
    "objectClass: user\n"
    "objectSid: S-1-5-21-7-8-9-500\n"
    "primaryGroupID: 513\n"
    "manager: CN=Administrator,CN=Users,DC=h,DC=test\n"
    "member: CN=Erin,CN=Users,DC=h,DC=test\n"
    "\n"
    "dn: CN=krbtgt,CN=Users,DC=h,DC=test\n"
    "objectClass: user\n"
    "objectSid: S-1-5-21-7-8-9-502\n"
    "primaryGroupID: 1105\n"
    "manager: CN=Domain Admins,CN=Users,DC=h,DC=test\n"
    "\n"
    "dn: CN=Alice,CN=Users,DC=h,DC=test\n"
    "objectClass: user\n"
    "sAMAccountName: alice\n"
    "objectSid: S-1-5-21-7-8-9-1105\n"
    "employeeID: E1\n"
    "primaryGroupID: 1106\n"
    "manager: cn=bob,cn=users,dc=h,dc=test\n"
    "\n"
    "dn: CN=Bob,CN=Users,DC=h,DC=test\n"
    "objectClass: user\n"
    "sAMAccountName: bob\n"
    "objectSid: S-1-5-21-7-8-9-1106\n"
    "employeeID: E2\n"
    "primaryGroupID: 1102\n"
    "manager: CN=Carol\\, Jr,CN=Users,DC=h,DC=test\n"
    "\n"
    "dn: CN=Carol\\, Jr,CN=Users,DC=h,DC=test\n"
    "objectClass: user\n"
    "sAMAccountName: carol\n"
    "objectSid: S-1-5-21-7-8-9-1107\n"
    "primaryGroupID: 1201\n"
    "manager: CN=Alice,CN=Users,DC=h,DC=test\n"
    "\n"
    "dn: CN=Dave,CN=Users,DC=h,DC=test\n"
    "objectClass: user\n"
    "sAMAccountName: svc-dave\n"
    "objectSid: S-1-5-21-7-8-9-1108\n"
    "primaryGroupID: 0\n"
    "manager: CN=Nobody,CN=Users,DC=h,DC=test\n"
    "member: CN=Domain Admins,CN=Users,DC=h,DC=test\n"
    "\n"
    "dn: CN=Erin,CN=Users,DC=h,DC=test\n"
    "objectClass: user\n"
    "sAMAccountName: erin\n"
    "objectSid: S-1-5-32-1109\n"
    "primaryGroupID: 512\n"
    "manager: CN=WS1,OU=PCs,DC=h,DC=test\n"
    "\n"
    "dn: CN=Frank,CN=Users,DC=h,DC=test\n"
    "objectClass: user\n"
    "sAMAccountName: frank\n"
    "objectSid: S-1-5-21-7-8-9-1110\n"
    "primaryGroupID: -5\n"
    "manager: CN=Frank,CN=Users,DC=h,DC=test\n"
    "\n"
    "dn: CN=WS1,OU=PCs,DC=h,DC=test\n"
    "objectClass: user\n"
    "objectClass: computer\n"
    "sAMAccountName: WS1$\n"
    "objectSid: S-1-5-21-7-8-9-1201\n"
    "primaryGroupID: 515\n"
    "manager: CN=Bob,CN=Users,DC=h,DC=test\n"
    "\n"
    "dn: CN=WS2,OU=PCs,DC=h,DC=test\n"
    "objectClass: user\n"
    "objectClass: computer\n"
    "sAMAccountName: WS2$\n"
    "objectSid: S-1-5-21-7-8-9-1202\n"
    "primaryGroupID: 1201\n"
    "\n"
    "dn: CN=WS3,OU=PCs,DC=h,DC=test\n"
    "objectClass: user\n"
    "objectClass: computer\n"
    "sAMAccountName: WS3$\n"
    "objectSid: S-1-5-21-7-8-9-1203\n"
    "primaryGroupID: 512\n"
    "\n"
    "dn: CN=WS4,OU=PCs,DC=h,DC=test\n"
    "objectClass: user\n"
    "objectClass: computer\n"
    "sAMAccountName: WS4$\n"
    "objectSid: S-1-5-21-7-8-9-1204\n"
    "primaryGroupID: 1103\n"
    "member: CN=Domain Admins,CN=Users,DC=h,DC=test\n"
    "\n"
    "dn: CN=WS5,OU=PCs,DC=h,DC=test\n"
    "objectClass: user\n"
    "objectClass: computer\n"
    "sAMAccountName: WS5$\n"
    "objectSid: S-1-5-21-7-8-9-1205\n"
    "primaryGroupID: 1104\n"
    "\n"
    "dn: CN=Contact,CN=Users,DC=h,DC=test\n"
    "objectClass: contact\n"
    "member: CN=Alice,CN=Users,DC=h,DC=test\n";

/* Staged rows of a run, in a fixed order. */
static void
staged(struct db *db, struct sb *out)
{
	dump(db, "SELECT * FROM temp.stage_principal ORDER BY ext_id", out);
	dump(db, "SELECT * FROM temp.stage_membership ORDER BY 1, 2", out);
	dump(db, "SELECT * FROM temp.stage_entitlement ORDER BY ext_id", out);
	dump(db, "SELECT * FROM temp.stage_assignment ORDER BY 1, 2, 3, 4",
	    out);
}

/*
 * One run: seed 0 is batch; otherwise the groups, then a pseudo-random
 * half of the accounts (as the users search delivers some before the
 * groups search ends), adc_stream(), the rest in a pseudo-random order.
 */
static void
mixed(struct fx *fx, unsigned seed, struct sb *out)
{
	struct err e = ERR_INIT;
	struct sink *sink = NULL;
	struct db *db = NULL;
	struct adc *a;
	size_t *ord, i, j, t;
	unsigned x = seed * 2654435761u + 1;

	if (db_open(&db, ":memory:", DB_CREATE, &e) != 0 ||
	    sink_open(db, "corp", "ad", &sink, &e) != 0)
		fail_msg("%s", e.msg);
	ord = xcalloc(fx->n, sizeof(*ord));
	for (i = 0; i < fx->n; i++)
		ord[i] = i;
	for (i = fx->n; seed != 0 && i > 1; i--) {
		x = x * 1103515245u + 12345u;
		j = (x >> 8) % i;
		t = ord[i - 1];
		ord[i - 1] = ord[j];
		ord[j] = t;
	}
	a = adc_new(&fx->o);
	if (seed != 0) /* memberships staged as groups end, too */
		adc_stage(a, sink);
	for (i = 0; i < fx->n; i++) {
		x = x * 1103515245u + 12345u;
		if ((seed == 0 || fx->e[i].group || (x >> 12) % 2) &&
		    feed(a, &fx->e[i], &e) != 0)
			fail_msg("seed %u: %s", seed, e.msg);
		if (seed != 0 && !fx->e[i].group && (x >> 12) % 2 == 0)
			fx->e[i].group = -1; /* after adc_stream */
	}
	if (seed != 0) {
		adc_stream(a, sink);
		for (i = 0; i < fx->n; i++) {
			if (fx->e[ord[i]].group != -1)
				continue;
			fx->e[ord[i]].group = 0;
			if (feed(a, &fx->e[ord[i]], &e) != 0)
				fail_msg("seed %u: %s", seed, e.msg);
		}
	}
	if (adc_emit(a, sink, &e) != 0)
		fail_msg("seed %u: %s", seed, e.msg);
	staged(db, out);
	if (sink_commit(sink, NULL, &e) != 0)
		fail_msg("seed %u: %s", seed, e.msg);
	dump(db,
	    "SELECT p.ext_id, n.ext_id, g.depth, g.path FROM effective_grant g"
	    " JOIN principal p ON p.id = g.account_id JOIN entitlement n"
	    " ON n.id = g.entitlement_id ORDER BY 1, 2",
	    out);
	adc_free(a);
	free(ord);
	db_close(db);
}

/* Hostile input, accounts before and after adc_stream() in any order. */
static void
test_hostile_same(void **state)
{
	struct fx *fx = *state;
	struct sb p = SB_INIT, batch = SB_INIT, run = SB_INIT;
	unsigned seed;
	FILE *fp;

	sb_addf(&p, "%s/hostile.ldif", fx->dir);
	assert_non_null(fp = fopen(p.buf, "w"));
	fputs(hostile_ldif, fp);
	fclose(fp);
	setup_with(fx, p.buf);
	mixed(fx, 0, &batch);
	/* what the cases are about made it into the snapshot */
	assert_non_null(strstr(batch.buf, "S-1-5-21-7-8-9-1202|WS2$"));
	assert_null(strstr(batch.buf, "S-1-5-21-7-8-9-1205|WS5$"));
	assert_non_null(strstr(batch.buf, "\"manager\":\"frank\""));
	assert_non_null(strstr(batch.buf, "S-1-5-21-99-99-99-1000|"));
	for (seed = 1; seed <= 300; seed++) {
		sb_reset(&run);
		mixed(fx, seed, &run);
		if (strcmp(run.buf, batch.buf) != 0)
			fail_msg("seed %u:\nbatch:\n%s\nstream:\n%s", seed,
			    batch.buf, run.buf);
	}
	sb_release(&p);
	sb_release(&batch);
	sb_release(&run);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_corp_same, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_demo_same, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_distribution_same, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_late_group, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_hostile_same, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
