/* test_people.c - the people connector, from HR file to identity rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "db/sink.h"
#include "lib/config.h"
#include "lib/sb.h"
#include "sync/people.h"

struct fx {
	char dir[64];
	char csv[128]; /* dir/people.csv */
	struct db *db;
};

static const char *
data_dir(void)
{
	const char *d = getenv("PARC_TEST_DATA");

	return d != NULL ? d : "tests/data";
}

static void
write_file(const char *path, const char *text, size_t len)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* Copy tests/data/people/name to the fixture's people.csv. */
static void
use_data(struct fx *fx, const char *name)
{
	struct sb path = SB_INIT, text = SB_INIT;
	char buf[4096];
	FILE *fp;
	size_t n;

	sb_addf(&path, "%s/people/%s", data_dir(), name);
	fp = fopen(path.buf, "r");
	if (fp == NULL)
		fail_msg("cannot open %s (set PARC_TEST_DATA)", path.buf);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sb_add(&text, buf, n);
	fclose(fp);
	write_file(fx->csv, text.buf, text.len);
	sb_release(&path);
	sb_release(&text);
}

static void
use_text(struct fx *fx, const char *text)
{
	write_file(fx->csv, text, strlen(text));
}

static int
setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));
	struct err e = ERR_INIT;

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/parc-test-people-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->csv, sizeof(fx->csv), "%s/people.csv", fx->dir);
	if (db_open(&fx->db, ":memory:", DB_CREATE, &e) != 0)
		fail_msg("db_open: %s", e.msg);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	struct dirent *de;
	char path[PATH_MAX];
	DIR *d;

	db_close(fx->db);
	if ((d = opendir(fx->dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", fx->dir,
			    de->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/*
 * Sync people.csv as [source hr] configured with the extra lines conf, the
 * way the sync runner does: open, pull into a sink, commit or abort.
 */
static int
pull(struct fx *fx, const char *conf, struct err *e)
{
	struct config *c = NULL;
	struct sink *sink = NULL;
	struct sb path = SB_INIT, text = SB_INIT;
	void *st = NULL;
	int rc;

	sb_addf(&path, "%s/parc.conf", fx->dir);
	sb_addf(&text, "[source hr]\nkind = people\npath = people.csv\n%s",
	    conf != NULL ? conf : "");
	write_file(path.buf, text.buf, text.len);
	if ((rc = config_load(&c, path.buf, e)) != 0)
		fail_msg("config_load: %s", e->msg);
	assert_ptr_equal(source_find("people"), &people_ops);
	if ((rc = people_ops.open(c, config_source(c, "hr"), &st, e)) != 0)
		goto out;
	if ((rc = sink_open(fx->db, "hr", "people", &sink, e)) != 0)
		fail_msg("sink_open: %s", e->msg);
	if ((rc = people_ops.pull(st, sink, e)) != 0)
		sink_abort(sink, e->msg);
	else
		rc = sink_commit(sink, NULL, e);
out:
	if (st != NULL)
		people_ops.close(st);
	config_free(c);
	sb_release(&path);
	sb_release(&text);
	return rc;
}

static void
pull_ok(struct fx *fx, const char *conf)
{
	struct err e = ERR_INIT;

	if (pull(fx, conf, &e) != 0)
		fail_msg("pull: %s", e.msg);
}

/* Pull and expect code with the message "DIR/people.csv:" tail. */
static void
pull_fails(struct fx *fx, const char *conf, int code, const char *tail)
{
	struct err e = ERR_INIT;
	struct sb want = SB_INIT;

	assert_int_equal(pull(fx, conf, &e), code);
	sb_addf(&want, "%s:%s", fx->csv, tail);
	assert_string_equal(e.msg, want.buf);
	sb_release(&want);
}

static int64_t
count(struct fx *fx, const char *sql)
{
	return db_count(fx->db, sql);
}

static void
test_canonical_file(void **state)
{
	struct fx *fx = *state;

	use_data(fx, "good.csv");
	pull_ok(fx, NULL);
	assert_int_equal(count(fx, "SELECT count(*) FROM identity"), 5);
	assert_int_equal(
	    count(fx,
		"SELECT count(*) FROM identity WHERE"
		" employee_id = 'E4' AND display_name = 'O''Neill, James'"
		" AND email = 'james@example.com' AND login = 'joneill'"
		" AND department = 'Security' AND status = 'active'"
		" AND end_date IS NULL"),
	    1);
	assert_int_equal(
	    count(fx,
		"SELECT count(*) FROM identity WHERE"
		" employee_id = 'E3' AND display_name = 'José Núñez'"
		" AND status = 'terminated' AND end_date = '2025-03-14'"),
	    1);
	/* Managers resolved to rows; the top has none. */
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM identity i JOIN"
			     " identity m ON m.id = i.manager_id WHERE "
			     "i.employee_id = 'E3'"
			     " AND m.employee_id = 'E2'"),
	    1);
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM identity WHERE"
			     " manager_id IS NULL"),
	    1);
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM identity i JOIN"
			     " source s ON s.id = i.source_id WHERE s.name = "
			     "'hr'"),
	    5);
}

static void
test_any_column_order_extra_columns_empty_cells(void **state)
{
	struct fx *fx = *state;

	use_text(fx,
	    "Status,Login,EMPLOYEE_ID,Badge,Display_Name,End_Date,"
	    "Manager_ID,Email,Department\n"
	    ",boss,B1,7,The Boss,,,,\n"
	    "TERMINATED,,B2,8,\"Two\nLines\",2024-02-29,B1,,Sales\n");
	pull_ok(fx, NULL);
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM identity WHERE"
			     " employee_id = 'B1' AND login = 'boss' AND "
			     "status = 'active'"
			     " AND email IS NULL AND department IS NULL"
			     " AND end_date IS NULL AND manager_id IS NULL"),
	    1);
	assert_int_equal(
	    count(fx,
		"SELECT count(*) FROM identity WHERE"
		" employee_id = 'B2' AND display_name = 'Two' || char(10) ||"
		" 'Lines' AND login IS NULL AND status = 'terminated'"
		" AND end_date = '2024-02-29' AND department = 'Sales'"),
	    1);
}

static void
test_hr_export_mapped_by_config(void **state)
{
	struct fx *fx = *state;

	use_data(fx, "hr-export.csv");
	pull_ok(fx,
	    "delimiter = semicolon\n"
	    "column_employee_id = EmpID\n"
	    "column_display_name = Full Name\n"
	    "column_email = work email\n"
	    "column_login = Username\n"
	    "column_manager_id = Manager EmpID\n"
	    "column_department = Dept\n"
	    "column_status = Employment Status\n"
	    "column_end_date = Termination Date\n");
	assert_int_equal(count(fx, "SELECT count(*) FROM identity"), 4);
	/* The CEO names herself as manager: that is no manager. */
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM identity WHERE"
			     " employee_id = 'H-001' AND manager_id IS NULL"
			     " AND display_name = 'Siobhán Ó Briain'"),
	    1);
	assert_int_equal(
	    count(fx,
		"SELECT count(*) FROM identity WHERE"
		" employee_id = 'H-002' AND display_name = 'Núñez; José'"
		" AND status = 'terminated' AND end_date = '2025-03-14'"
		" AND department = 'IT Operations'"),
	    1);
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM identity WHERE"
			     " employee_id = 'H-003' AND display_name = '李娜'"
			     " AND email IS NULL AND status = 'active'"),
	    1);
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM identity i JOIN"
			     " identity m ON m.id = i.manager_id WHERE "
			     "i.employee_id = 'H-004'"
			     " AND m.employee_id = 'H-003' AND i.status = "
			     "'active'"
			     " AND i.display_name = 'Ана \"Аня\" Петрова'"
			     " AND i.end_date = '2027-06-30'"),
	    1);
	/* Without the mapping the export's header is refused by name. */
	pull_fails(fx, "delimiter = semicolon\n", PARC_EDATA,
	    "1: the header has no column 'employee_id' (name it with "
	    "column_employee_id = HEADER in [source hr])");
}

static void
test_bad_status_keeps_previous_snapshot(void **state)
{
	struct fx *fx = *state;

	use_data(fx, "good.csv");
	pull_ok(fx, NULL);
	use_data(fx, "bad-status.csv");
	/* Line 7 is the fifth record: a note before it spans two lines. */
	pull_fails(fx, NULL, PARC_EDATA,
	    "7: status 'on leave' is neither active nor terminated");
	assert_int_equal(count(fx, "SELECT count(*) FROM identity"), 5);
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM identity WHERE"
			     " employee_id = 'E5' AND status = 'active'"),
	    1);
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM identity i JOIN"
			     " identity m ON m.id = i.manager_id WHERE "
			     "i.employee_id = 'E3'"
			     " AND m.employee_id = 'E2'"),
	    1);
}

/* A file of the canonical header and rows, and the error it must give. */
struct bad {
	const char *rows;
	const char *tail; /* message after "DIR/people.csv:" */
};

#define HDR                                                           \
	"employee_id,display_name,email,login,manager_id,department," \
	"status,end_date\n"

static void
test_data_errors(void **state)
{
	static const struct bad bad[] = {
		{ "", "1: no header row (the file is empty)" },
		{ "employee_id,email\nE1,a@b\n",
		    "1: the header has no column 'display_name' (name it "
		    "with column_display_name = HEADER in [source hr])" },
		{ "display_name,EMPLOYEE_ID,employee_id\n",
		    "1: column 'employee_id' appears more than once in the "
		    "header" },
		{ HDR "E1,A,,,,,,\n,B,,,,,,\n", "3: empty employee_id" },
		{ HDR "E1,A,,,,,,\nE2,B,,,\n",
		    "3: 5 fields where the header has 8" },
		{ HDR "E1,A,,,,,,,\n", "2: 9 fields where the header has 8" },
		{ HDR "E1,\"A,,,,,,\nE2,B,,,,,,\n",
		    "2: unterminated quoted field 2 (the quote opened on line "
		    "2 is never closed)" },
		{ HDR "E1,Jos\xe9,,,,,,\n", "2: field 2 is not valid UTF-8" },
		{ HDR "E1,A,,,,,retired,\n",
		    "2: status 'retired' is neither active nor terminated" },
		{ HDR "E1,A,,,,,,2023-02-29\n",
		    "2: end date '2023-02-29' is not a date written "
		    "YYYY-MM-DD" },
		{ HDR "E1,A,,,,,,2024-13-01\n",
		    "2: end date '2024-13-01' is not a date written "
		    "YYYY-MM-DD" },
		{ HDR "E1,A,,,,,,31/12/2024\n",
		    "2: end date '31/12/2024' is not a date written "
		    "YYYY-MM-DD" },
		{ HDR "E1,A,,,,,,2024-1-01\n",
		    "2: end date '2024-1-01' is not a date written "
		    "YYYY-MM-DD" },
		/* Values from the file are escaped in messages. */
		{ HDR "E1,A,,,,,\"x\x1b[2J\",\n",
		    "2: status 'x\\x1b[2J' is neither active nor terminated" },
	};
	struct fx *fx = *state;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		use_text(fx, bad[i].rows);
		pull_fails(fx, NULL, PARC_EDATA, bad[i].tail);
	}
	assert_int_equal(count(fx, "SELECT count(*) FROM identity"), 0);
}

static void
test_duplicate_employee_id(void **state)
{
	struct fx *fx = *state;
	struct err e = ERR_INIT;
	struct sb want = SB_INIT;

	use_text(fx, HDR "E1,A,,,,,,\nE2,B,,,,,,\n\"E1\",C,,,,,,\n");
	assert_int_equal(pull(fx, NULL, &e), PARC_EDATA);
	/* The sink words it; the connector puts the file and line first. */
	sb_addf(&want, "%s:4: ", fx->csv);
	if (strncmp(e.msg, want.buf, want.len) != 0 ||
	    strstr(e.msg, "E1") == NULL)
		fail_msg("unexpected message: %s", e.msg);
	sb_release(&want);
}

static void
test_config_errors(void **state)
{
	static const struct {
		const char *conf;
		const char *tail; /* after "DIR/parc.conf:" */
	} bad[] = {
		{ "delimiter = \"\n",
		    "4: [source hr] delimiter must be one character or comma, "
		    "semicolon, tab, pipe, not '\"'" },
		{ "delimiter = ,,\n",
		    "4: [source hr] delimiter must be one character or comma, "
		    "semicolon, tab, pipe, not ',,'" },
		{ "colum_email = Mail\n",
		    "4: [source hr] unknown key 'colum_email' for kind "
		    "people" },
	};
	struct fx *fx = *state;
	struct err e = ERR_INIT;
	struct sb want = SB_INIT;
	size_t i;

	use_data(fx, "good.csv");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		assert_int_equal(pull(fx, bad[i].conf, &e), PARC_ECONFIG);
		sb_reset(&want);
		sb_addf(&want, "%s/parc.conf:%s", fx->dir, bad[i].tail);
		assert_string_equal(e.msg, want.buf);
	}
	sb_release(&want);
}

static void
test_path_required(void **state)
{
	struct fx *fx = *state;
	struct config *c = NULL;
	struct err e = ERR_INIT;
	void *st = NULL;

	assert_int_equal(config_parse_string(&c, "x.conf",
			     "[source hr]\nkind = people\n", &e),
	    0);
	assert_int_equal(people_ops.open(c, config_source(c, "hr"), &st, &e),
	    PARC_ECONFIG);
	assert_null(st);
	assert_string_equal(e.msg, "x.conf:1: [source hr] needs path = FILE");
	config_free(c);
	(void)fx;
}

static void
test_missing_file_is_a_source_error(void **state)
{
	struct fx *fx = *state;
	struct err e = ERR_INIT;
	struct sb want = SB_INIT;

	assert_int_equal(pull(fx, NULL, &e), PARC_ESOURCE);
	sb_addf(&want, "cannot open %s: No such file or directory", fx->csv);
	assert_string_equal(e.msg, want.buf);
	sb_release(&want);
}

static void
test_unknown_manager_fails_at_commit(void **state)
{
	struct fx *fx = *state;
	struct err e = ERR_INIT;

	use_data(fx, "good.csv");
	pull_ok(fx, NULL);
	use_text(fx, HDR "E1,A,,,,,,\nE2,B,,,E9,,,\n");
	assert_int_equal(pull(fx, NULL, &e), PARC_EDATA);
	assert_non_null(strstr(e.msg, "E9"));
	assert_int_equal(count(fx, "SELECT count(*) FROM identity"), 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_canonical_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_any_column_order_extra_columns_empty_cells, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_hr_export_mapped_by_config,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_bad_status_keeps_previous_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_data_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_employee_id,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_path_required, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_missing_file_is_a_source_error, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_unknown_manager_fails_at_commit, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
