/*
 * test_demo_ad.c - the demo's Active Directory export (tui/demo/demo_ad.h):
 * the same bytes every run, and the story it must tell once synced.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "lib/config.h"
#include "lib/sb.h"
#include "sync/source.h"
#include "tests/unit/orgfx.h"
#include "tui/demo/demo.h"

static void
generate(const char *dir, long people)
{
	struct err e = ERR_INIT;

	if (demo_generate(dir, people, DEMO_EPOCH_DAY, &e) != 0)
		fail_msg("demo_generate: %s", e.msg);
}

static void
test_same_bytes(void **state)
{
	struct orgfx_demo *fx = *state;
	struct sb a = SB_INIT, b = SB_INIT, path = SB_INIT;
	const char *p, *q;
	size_t n = 0;

	sb_addf(&path, "%s/one", fx->dir);
	generate(path.buf, 250);
	sb_adds(&path, "/corp.ldif");
	assert_int_equal(orgfx_slurp(path.buf, &a), 0);
	sb_reset(&path);
	sb_addf(&path, "%s/two", fx->dir);
	generate(path.buf, 250);
	sb_adds(&path, "/corp.ldif");
	assert_int_equal(orgfx_slurp(path.buf, &b), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);
	/* a group of more than AD's 1,500 values a range: 1,600 */
	p = strstr(a.buf, "dn: CN=Workstations,OU=Groups,");
	assert_non_null(p);
	q = strstr(p, "\n\n");
	for (p = strstr(p, "\nmember: CN=WS");
	     p != NULL && (q == NULL || p < q);
	     p = strstr(p + 1, "\nmember: CN=WS"))
		n++;
	assert_int_equal(n, 1600);
	sb_release(&a);
	sb_release(&b);
	sb_release(&path);
}

struct holder {
	const char *entitlement;
	struct sb out;
};

static int
collect(const struct db_grant_row *row, void *arg)
{
	struct holder *h = arg;

	if (strcmp(row->source, "corp") == 0 &&
	    strcmp(row->entitlement, h->entitlement) == 0)
		sb_addf(&h->out, "%s %s %s\n", row->account,
		    row->person ? row->person : "-", row->path);
	return 0;
}

static void
test_story(void **state)
{
	struct orgfx_demo *fx = *state;
	struct db_inventory_filter f = { "corp", 1, 0 };
	struct holder h = { "Domain Admins", SB_INIT };
	struct config *c = NULL;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	struct sb path = SB_INIT, want = SB_INIT;

	generate(fx->dir, 250);
	sb_addf(&path, "%s/parc.conf", fx->dir);
	if (config_load(&c, path.buf, &e) != 0)
		fail_msg("config_load: %s", e.msg);
	assert_non_null(config_source(c, "corp"));
	assert_int_equal(db_open(&db, ":memory:", DB_CREATE, &e), 0);
	if (sync_run(db, c, NULL, 0, 0, &e) != 0)
		fail_msg("sync_run: %s", e.msg);

	/* every person of the HR file has a directory account, tied back */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM identity i JOIN principal p"
			     " ON p.identity_id = i.id AND p.name = i.login"
			     " JOIN source s ON s.id = p.source_id"
			     " WHERE s.name = 'corp'"),
	    250);
	/* leavers' accounts are disabled, but the planted one */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM identity i JOIN principal p"
			     " ON p.name = i.login AND p.employee_id ="
			     " i.employee_id WHERE i.status = 'terminated'"
			     " AND p.enabled = 1"),
	    1);

	if (db_inventory(db, &f, collect, &h, &e) != 0)
		fail_msg("db_inventory: %s", e.msg);
	/* the planted leaver: Domain Admin through three nested groups */
	sb_addf(&want,
	    "[\"%s\",\"Server Admins\",\"Tier0 Admins\","
	    "\"Domain Admins\"]",
	    "jnunez");
	assert_non_null(strstr(h.out.buf, want.buf));
	assert_non_null(strstr(h.out.buf, "jnunez José Núñez "));
	/* the kerberoastable service account, directly */
	assert_non_null(
	    strstr(h.out.buf, "svc-sql - [\"svc-sql\",\"Domain Admins\"]\n"));
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM principal WHERE name ="
			     " 'svc-sql' AND kind = 'service' AND"
			     " json_array_length(attrs, '$.spn') = 1 AND"
			     " password_last_set < '2020'"),
	    1);
	/* the dormant, the disabled and the primary-group Domain Admins */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM principal WHERE name LIKE"
			     " 'adm-%' AND enabled = 1 AND last_used_at <"
			     " '2026-06-01'"),
	    1);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM principal WHERE name LIKE"
			     " 'adm-%' AND enabled = 0"),
	    1);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM principal p JOIN"
			     " effective_grant g ON g.account_id = p.id JOIN"
			     " entitlement n ON n.id = g.entitlement_id WHERE"
			     " n.name = 'Domain Admins' AND"
			     " p.attrs ->> 'primary_group' = 'Domain Admins'"
			     " AND g.depth = 1"),
	    1);
	/* adminCount left behind on an account in no protected group */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM principal WHERE"
			     " attrs ->> 'admin_count' = 1 AND"
			     " attrs ->> 'protected' = 0"),
	    1);
	/* the head's adm- account is tied to the head by the override */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM principal p JOIN identity i"
			     " ON i.id = p.identity_id WHERE p.name LIKE"
			     " 'adm-%' AND p.correlated_by = 'override'"),
	    1);
	/* 1,600 workstations hold nothing: none is kept */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM principal p JOIN source s"
			     " ON s.id = p.source_id WHERE s.name = 'corp'"
			     " AND p.kind = 'computer'"),
	    1);
	/* the site group at the tier parc.conf gives it */
	assert_true(db_count(db,
			"SELECT count(*) FROM entitlement WHERE name ="
			" 'Workstation Admins' AND tier = 2") == 1);

	db_close(db);
	config_free(c);
	sb_release(&h.out);
	sb_release(&path);
	sb_release(&want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_bytes,
		    orgfx_demo_setup, orgfx_demo_teardown),
		cmocka_unit_test_setup_teardown(test_story, orgfx_demo_setup,
		    orgfx_demo_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
