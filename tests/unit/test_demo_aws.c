/*
 * test_demo_aws.c - the demo's AWS account (tui/demo/demo_aws.h): the same
 * bytes every run, the people it is cast from, and what it must show once
 * synced, in a company of 250 and in the smallest one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "lib/config.h"
#include "lib/sb.h"
#include "sync/source.h"
#include "tests/unit/orgfx.h"
#include "tui/demo/demo.h"
#include "tui/demo/demo_aws.h"

static void
generate(const char *dir, long people)
{
	struct err e = ERR_INIT;

	if (demo_generate(dir, people, DEMO_EPOCH_DAY, &e) != 0)
		fail_msg("demo_generate: %s", e.msg);
}

/* Generate people into dir and sync its parc.conf into a new db. */
static struct db *
synced(const char *dir, long people, struct config **c)
{
	struct err e = ERR_INIT;
	struct sb path = SB_INIT;
	struct db *db = NULL;

	generate(dir, people);
	sb_addf(&path, "%s/parc.conf", dir);
	if (config_load(c, path.buf, &e) != 0)
		fail_msg("config_load: %s", e.msg);
	assert_non_null(config_source(*c, "aws-prod"));
	assert_int_equal(db_open(&db, ":memory:", DB_CREATE, &e), 0);
	if (sync_run(db, *c, NULL, 0, 0, &e) != 0)
		fail_msg("sync_run: %s", e.msg);
	sb_release(&path);
	return db;
}

#define AWS_PRINCIPALS                                          \
	" FROM principal p JOIN source s ON s.id = p.source_id" \
	" WHERE s.name = 'aws-prod'"

static void
test_same_bytes(void **state)
{
	struct orgfx_demo *fx = *state;
	static const char *const files[] = {
		"aws-prod/authorization-details.json",
		"aws-prod/credential-report.csv",
	};
	struct sb a = SB_INIT, b = SB_INIT, path = SB_INIT;
	const char *p;
	size_t i;

	for (i = 0; i < 2; i++) {
		sb_reset(&path);
		sb_addf(&path, "%s/%s", fx->dir, i ? "two" : "one");
		generate(path.buf, 250);
	}
	for (i = 0; i < 2; i++) {
		sb_reset(&path);
		sb_addf(&path, "%s/one/%s", fx->dir, files[i]);
		assert_int_equal(orgfx_slurp(path.buf, &a), 0);
		sb_reset(&path);
		sb_addf(&path, "%s/two/%s", fx->dir, files[i]);
		assert_int_equal(orgfx_slurp(path.buf, &b), 0);
		assert_true(a.len > 1000);
		assert_int_equal(a.len, b.len);
		assert_memory_equal(a.buf, b.buf, a.len);
	}
	/* the CLI's JSON: four-space indents, +00:00 dates, a final newline */
	sb_reset(&path);
	sb_addf(&path, "%s/one/%s", fx->dir, files[0]);
	assert_int_equal(orgfx_slurp(path.buf, &a), 0);
	assert_int_equal(strncmp(a.buf, "{\n    \"UserDetailList\": [\n", 26),
	    0);
	assert_non_null(strstr(a.buf,
	    "\"Arn\": \"arn:aws:iam::" DEMO_AWS_ACCOUNT ":group/Admins\""));
	assert_non_null(strstr(a.buf, "+00:00\""));
	for (p = a.buf; (p = strstr(p + 1, "Z\"")) != NULL;)
		assert_false(p[-3] == ':' && p[-2] >= '0' && p[-2] <= '9');
	assert_memory_equal(a.buf + a.len - 4, "]\n}\n", 4);
	sb_release(&a);
	sb_release(&b);
	sb_release(&path);
}

static void
test_story(void **state)
{
	struct orgfx_demo *fx = *state;
	struct config *c = NULL;
	struct db *db;
	struct sb path = SB_INIT, report = SB_INIT;
	const char *p;
	long rows = 0;

	db = synced(fx->dir, 250, &c);
	/* one principal a report row (the root user's included) */
	sb_addf(&path, "%s/aws-prod/credential-report.csv", fx->dir);
	assert_int_equal(orgfx_slurp(path.buf, &report), 0);
	for (p = report.buf; (p = strchr(p, '\n')) != NULL; p++)
		rows++;
	assert_int_equal(
	    db_count(db,
		"SELECT count(*)" AWS_PRINCIPALS " AND p.kind NOT IN ('group')"
		" AND p.name NOT IN ('OrganizationAccountAccessRole',"
		" 'github-deploy')"),
	    rows - 1);
	/* every human IAM user is a person's, by login */
	assert_int_equal(db_count(db,
			     "SELECT count(*)" AWS_PRINCIPALS
			     " AND p.kind = 'human' AND (p.identity_id IS NULL"
			     " OR p.correlated_by <> 'login')"),
	    0);
	assert_true(
	    db_count(db,
		"SELECT count(*)" AWS_PRINCIPALS " AND p.kind = 'human'") > 30);
	/* break-glass, tied to the head of Security by overrides.csv */
	assert_int_equal(db_count(db,
			     "SELECT count(*)" AWS_PRINCIPALS
			     " AND p.name = 'breakglass' AND p.kind ="
			     " 'break-glass' AND p.correlated_by = 'override'"
			     " AND p.identity_id = (SELECT id FROM identity"
			     " WHERE department = 'Security' AND manager_id ="
			     " (SELECT id FROM identity WHERE manager_id IS"
			     " NULL))"),
	    1);
	/* Admins: the head of IT Operations, two of his people, the
	 * terminated administrator and Terraform's user */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM effective_grant g JOIN"
			     " principal p ON p.id = g.account_id JOIN"
			     " entitlement n ON n.id = g.entitlement_id JOIN"
			     " source s ON s.id = g.source_id WHERE s.name ="
			     " 'aws-prod' AND n.name = 'AdministratorAccess'"
			     " AND g.depth = 1"),
	    5);
	assert_int_equal(db_count(db,
			     "SELECT count(*)" AWS_PRINCIPALS " AND p.name ="
			     " 'jnunez' AND p.identity_id = (SELECT id FROM"
			     " identity WHERE status = 'terminated' AND"
			     " display_name = 'José Núñez')"),
	    1);
	/* the escalation, tier 0 by analysis, and the Deny that cuts it */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM entitlement WHERE name ="
			     " 'DeployFromCI' AND tier = 0 AND reason LIKE"
			     " '%iam:PassRole%ec2:RunInstances%'"),
	    1);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM entitlement WHERE name LIKE"
			     " 'DeployFromCI, less the Deny in user/%' AND"
			     " tier = 2"),
	    1);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM entitlement WHERE name ="
			     " 'PolicyMaintenance' AND tier = 0"),
	    1);
	/* the root user, with its key */
	assert_int_equal(db_count(db,
			     "SELECT count(*)" AWS_PRINCIPALS
			     " AND p.name = 'root' AND p.kind = 'break-glass'"
			     " AND p.attrs ->> 'access_key_1_active' = 1"),
	    1);
	/* a role with its trust policy and last use */
	assert_int_equal(db_count(db,
			     "SELECT count(*)" AWS_PRINCIPALS
			     " AND p.name = 'OrganizationAccountAccessRole'"
			     " AND p.last_used_at IS NOT NULL AND"
			     " p.attrs ->> '$.trusted_by[0]' ="
			     " 'AWS:arn:aws:iam::604187392530:root'"),
	    1);
	db_close(db);
	config_free(c);
	sb_release(&path);
	sb_release(&report);
}

/* The smallest company has too few engineers: the cast borrows. */
static void
test_small(void **state)
{
	struct orgfx_demo *fx = *state;
	struct config *c = NULL;
	struct db *db;

	db = synced(fx->dir, DEMO_PEOPLE_MIN, &c);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM entitlement n JOIN source s"
			     " ON s.id = n.source_id WHERE s.name = 'aws-prod'"
			     " AND n.name IN ('AdministratorAccess',"
			     " 'PowerUserAccess', 'DeployFromCI',"
			     " 'PolicyMaintenance')"),
	    4);
	assert_true(db_count(db,
			"SELECT count(DISTINCT p.identity_id)" AWS_PRINCIPALS
			" AND p.kind = 'human'") >= 8);
	db_close(db);
	config_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_bytes,
		    orgfx_demo_setup, orgfx_demo_teardown),
		cmocka_unit_test_setup_teardown(test_story, orgfx_demo_setup,
		    orgfx_demo_teardown),
		cmocka_unit_test_setup_teardown(test_small, orgfx_demo_setup,
		    orgfx_demo_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
