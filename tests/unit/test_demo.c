/* test_demo.c - the demo organisation generator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "lib/config.h"
#include "lib/csv.h"
#include "lib/sb.h"
#include "lib/share.h"
#include "sync/source.h"
#include "tests/unit/orgfx.h"
#include "tui/demo/demo.h"
#include "tui/demo/demo_azure.h"
#include "tui/demo/demo_names.h"

static const char *const demo_files[] = { "people.csv", "parc.conf",
	"overrides.csv", "aws-prod/authorization-details.json",
	"aws-prod/credential-report.csv", "azure-corp/account-list.json",
	"azure-corp/directory-role-assignments.json",
	"azure-corp/directory-role-assignment-schedules.json",
	"azure-corp/directory-role-eligibility-schedules.json",
	"azure-corp/users.json", "azure-corp/directory-objects.json",
	"azure-corp/role-assignments." DEMO_AZURE_SUBSCRIPTION ".json",
	"gcp-corp/iam-policies.json", "gcp-corp/group-memberships.json" };

struct fx {
	char dir[64];
};

/* Remove dir and everything under it (the demo writes no deeper). */
static int
setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/parc-test-demo-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	orgfx_remove_tree(fx->dir);
	free(fx);
	return 0;
}

static char *
sub(const struct fx *fx, const char *name)
{
	struct sb sb = SB_INIT;

	sb_addf(&sb, "%s/%s", fx->dir, name);
	return sb_detach(&sb);
}

static void
generate(const char *dir, long people)
{
	struct err e = ERR_INIT;

	if (demo_generate(dir, people, DEMO_EPOCH_DAY, &e) != 0)
		fail_msg("demo_generate %s %ld: %s", dir, people, e.msg);
}

static void
test_deterministic(void **state)
{
	struct fx *fx = *state;
	struct sb a = SB_INIT, b = SB_INIT, pa = SB_INIT, pb = SB_INIT;
	struct stat st;
	char *one = sub(fx, "one"), *two = sub(fx, "deeper/two");
	size_t i;

	generate(one, 250);
	generate(two, 250);
	assert_int_equal(stat(two, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	for (i = 0; i < sizeof(demo_files) / sizeof(demo_files[0]); i++) {
		sb_reset(&pa);
		sb_reset(&pb);
		sb_addf(&pa, "%s/%s", one, demo_files[i]);
		sb_addf(&pb, "%s/%s", two, demo_files[i]);
		assert_int_equal(orgfx_slurp(pa.buf, &a), 0);
		assert_int_equal(orgfx_slurp(pb.buf, &b), 0);
		assert_true(a.len > 0);
		assert_int_equal(a.len, b.len);
		assert_memory_equal(a.buf, b.buf, a.len);
	}
	/* Again into the same directory: the files are replaced, same bytes. */
	sb_reset(&pa);
	sb_addf(&pa, "%s/people.csv", one);
	assert_int_equal(orgfx_slurp(pa.buf, &a), 0);
	generate(one, 250);
	assert_int_equal(orgfx_slurp(pa.buf, &b), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);
	/* A different size is a different organisation. */
	generate(one, 251);
	assert_int_equal(orgfx_slurp(pa.buf, &b), 0);
	assert_true(a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0);
	sb_release(&a);
	sb_release(&b);
	sb_release(&pa);
	sb_release(&pb);
	free(one);
	free(two);
}

/* The people file as read back with lib/csv. */
struct person {
	char *id, *name, *email, *login, *manager, *dept, *status, *end;
	long mgr; /* index of the manager, -1 for none */
	int reports;
};

struct org {
	struct person *p;
	size_t n;
	struct person **by_id; /* sorted by id, for lookups */
};

static int
cmp_id(const void *a, const void *b)
{
	const struct person *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

static long
find(const struct org *o, const char *id)
{
	struct person key, *kp = &key, **hit;

	key.id = (char *)id;
	hit = bsearch(&kp, o->by_id, o->n, sizeof(*o->by_id), cmp_id);
	return hit != NULL ? (long)(*hit - o->p) : -1;
}

static void
read_org(const char *path, struct org *o)
{
	static const char *const cols[] = { "employee_id", "display_name",
		"email", "login", "manager_id", "department", "status",
		"end_date" };
	struct err e = ERR_INIT;
	struct csv *r;
	FILE *fp;
	char **f, ***dst;
	size_t nf, alloc = 0, i;
	int idx[8], line, rc;

	memset(o, 0, sizeof(*o));
	fp = fopen(path, "r");
	assert_non_null(fp);
	r = csv_open(fp, path, ',');
	assert_int_equal(csv_next(r, &f, &nf, &line, &e), 1);
	for (i = 0; i < 8; i++) {
		idx[i] = csv_column(f, nf, cols[i]);
		assert_true(idx[i] >= 0);
	}
	while ((rc = csv_next(r, &f, &nf, &line, &e)) == 1) {
		if (o->n == alloc) {
			alloc = alloc ? alloc * 2 : 256;
			o->p = xrealloc(o->p, alloc * sizeof(*o->p));
		}
		memset(&o->p[o->n], 0, sizeof(o->p[o->n]));
		dst = (char **[]){ &o->p[o->n].id, &o->p[o->n].name,
			&o->p[o->n].email, &o->p[o->n].login,
			&o->p[o->n].manager, &o->p[o->n].dept,
			&o->p[o->n].status, &o->p[o->n].end };
		for (i = 0; i < 8; i++)
			*dst[i] = xstrdup(f[idx[i]]);
		o->n++;
	}
	if (rc != 0)
		fail_msg("%s", e.msg);
	csv_close(r);
	fclose(fp);
	o->by_id = xmalloc(o->n * sizeof(*o->by_id));
	for (i = 0; i < o->n; i++)
		o->by_id[i] = &o->p[i];
	qsort(o->by_id, o->n, sizeof(*o->by_id), cmp_id);
	for (i = 1; i < o->n; i++)
		if (strcmp(o->by_id[i - 1]->id, o->by_id[i]->id) == 0)
			fail_msg("employee id %s twice", o->by_id[i]->id);
	for (i = 0; i < o->n; i++) {
		o->p[i].mgr = -1;
		if (*o->p[i].manager == '\0')
			continue;
		o->p[i].mgr = find(o, o->p[i].manager);
		if (o->p[i].mgr < 0)
			fail_msg("%s: manager %s is nobody", o->p[i].id,
			    o->p[i].manager);
		o->p[o->p[i].mgr].reports++;
	}
}

static void
free_org(struct org *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		free(o->p[i].id);
		free(o->p[i].name);
		free(o->p[i].email);
		free(o->p[i].login);
		free(o->p[i].manager);
		free(o->p[i].dept);
		free(o->p[i].status);
		free(o->p[i].end);
	}
	free(o->p);
	free(o->by_id);
}

/*
 * Check what a reviewer relies on in an organisation of n people: one top,
 * every chain of managers ends there (no cycles), spans of 5-12, unique
 * ASCII logins and unique emails. Returns the depth of the tree.
 */
static int
check_org(const struct org *o, size_t n)
{
	size_t i, tops = 0, noemail = 0, terminated = 0;
	long m;
	int depth, maxdepth = 0;
	char today[21];
	const char *s;

	db_now(today);
	today[10] = '\0';
	assert_int_equal(o->n, n);
	for (i = 0; i < o->n; i++) {
		const struct person *p = &o->p[i];

		if (p->mgr < 0)
			tops++;
		/* Climb: more steps than people means a cycle. */
		for (depth = 0, m = p->mgr; m >= 0; m = o->p[m].mgr)
			if (++depth > (int)o->n)
				fail_msg("%s: manager cycle", p->id);
		if (depth > maxdepth)
			maxdepth = depth;
		if (p->reports > 0 && !(p->reports >= 5 && p->reports <= 12))
			fail_msg("%s manages %d people", p->id, p->reports);
		/* Below the heads, people share their manager's department. */
		if (p->mgr >= 0 && o->p[p->mgr].mgr >= 0 &&
		    strcmp(p->dept, o->p[p->mgr].dept) != 0)
			fail_msg("%s in %s reports into %s", p->id, p->dept,
			    o->p[p->mgr].dept);
		assert_true(strlen(p->login) > 0 && strlen(p->login) <= 20);
		for (s = p->login; *s; s++)
			assert_true((*s >= 'a' && *s <= 'z') ||
			    (*s >= '0' && *s <= '9'));
		if (*p->email == '\0')
			noemail++;
		if (strcmp(p->status, "terminated") == 0) {
			terminated++;
			/* Left in the past, by the calendar of today. */
			assert_int_equal(strlen(p->end), 10);
			assert_true(strcmp(p->end, today) < 0);
			assert_int_equal(p->reports, 0);
		} else
			assert_string_equal(p->status, "active");
	}
	assert_int_equal(tops, 1);
	assert_true(noemail >= 1 && noemail <= n / 50 + 1);
	assert_true(terminated * 100 >= n * 2 || n < 1000);
	assert_true(terminated * 100 <= n * 5);
	assert_true(terminated >= 1);
	return maxdepth;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* No two people share a login, nor an email (when they have one). */
static void
check_unique(const struct org *o)
{
	char **v = xmalloc(o->n * sizeof(*v));
	size_t i, k;

	for (i = 0; i < o->n; i++)
		v[i] = o->p[i].login;
	qsort(v, o->n, sizeof(*v), cmp_str);
	for (i = 1; i < o->n; i++)
		if (strcmp(v[i - 1], v[i]) == 0)
			fail_msg("login %s twice", v[i]);
	for (i = 0, k = 0; i < o->n; i++)
		if (*o->p[i].email != '\0')
			v[k++] = o->p[i].email;
	qsort(v, k, sizeof(*v), cmp_str);
	for (i = 1; i < k; i++)
		if (strcmp(v[i - 1], v[i]) == 0)
			fail_msg("email %s twice", v[i]);
	free(v);
}

/* The index of the head of dept (reports to the top), or -1. */
static long
head_of(const struct org *o, const char *dept)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		if (o->p[i].mgr >= 0 && o->p[o->p[i].mgr].mgr < 0 &&
		    strcmp(o->p[i].dept, dept) == 0)
			return (long)i;
	return -1;
}

static void
test_organisation(void **state)
{
	struct fx *fx = *state;
	struct org o;
	char *path = sub(fx, "people.csv");
	size_t i, nonascii = 0, cjk = 0, cyrillic = 0;
	long stale = -1, ops_head = -1;
	const char *s;

	generate(fx->dir, 250);
	read_org(path, &o);
	check_org(&o, 250);
	check_unique(&o);
	for (i = 0; i < o.n; i++) {
		for (s = o.p[i].name; *s && (unsigned char)*s < 0x80; s++)
			;
		nonascii += *s != '\0';
		for (s = o.p[i].name; *s; s++) {
			cjk += (unsigned char)*s >= 0xe4 &&
			    (unsigned char)*s <= 0xe9;
			cyrillic += (unsigned char)*s == 0xd0 ||
			    (unsigned char)*s == 0xd1;
		}
		if (strcmp(o.p[i].dept, "IT Operations") == 0 &&
		    strcmp(o.p[i].status, "terminated") == 0 && stale < 0)
			stale = (long)i;
	}
	ops_head = head_of(&o, "IT Operations");
	assert_true(nonascii >= 250 / 5);
	assert_true(cjk > 0);
	assert_true(cyrillic > 0);
	/* The story's people. */
	assert_string_equal(o.p[0].name, "Siobhán Ó Briain");
	assert_true(stale >= 0);
	assert_string_equal(o.p[stale].name, "José Núñez");
	assert_string_equal(o.p[stale].end, "2025-03-14");
	assert_true(ops_head >= 0);
	assert_string_equal(o.p[ops_head].name, "Łukasz Wąsowski");
	assert_string_equal(o.p[ops_head].login, "lwasowski");
	free_org(&o);
	free(path);
}

static void
test_files_sync(void **state)
{
	struct fx *fx = *state;
	struct config *c = NULL;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	struct sb text = SB_INIT, want = SB_INIT;
	struct org o;
	char *conf = sub(fx, "parc.conf"), *ov = sub(fx, "overrides.csv");
	char *people = sub(fx, "people.csv");
	long head;

	generate(fx->dir, 250);
	/* No database in parc.conf: the caller decides where it lives. */
	assert_int_equal(orgfx_slurp(conf, &text), 0);
	assert_null(strstr(text.buf, "database"));
	if (config_load(&c, conf, &e) != 0)
		fail_msg("config_load: %s", e.msg);
	assert_non_null(config_source(c, "hr"));
	assert_int_equal(db_open(&db, ":memory:", DB_CREATE, &e), 0);
	/* The real runner: overrides file, people connector, commit. */
	if (sync_run(db, c, NULL, 0, 0, &e) != 0)
		fail_msg("sync_run: %s", e.msg);
	assert_int_equal(db_count(db, "SELECT count(*) FROM identity"), 250);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM identity WHERE"
			     " department = 'IT Operations' AND status = "
			     "'terminated'"
			     " AND end_date IS NOT NULL"),
	    db_count(db,
		"SELECT count(*) FROM"
		" identity WHERE department = 'IT Operations' AND status ="
		" 'terminated'"));
	assert_true(
	    db_count(db,
		"SELECT count(*) FROM identity WHERE"
		" department = 'IT Operations' AND status = 'terminated'") >=
	    1);
	/* Every manager id resolved to a person. */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM identity WHERE"
			     " manager_id IS NULL"),
	    1);

	/* The overrides name the heads the people file has. */
	read_org(people, &o);
	head = head_of(&o, "IT Operations");
	assert_true(head >= 0);
	assert_int_equal(orgfx_slurp(ov, &text), 0);
	sb_addf(&want,
	    "source,account,employee_id,reason\n"
	    "corp,adm-%s,%s,",
	    o.p[head].login, o.p[head].id);
	assert_int_equal(strncmp(text.buf, want.buf, want.len), 0);
	free_org(&o);

	db_close(db);
	config_free(c);
	sb_release(&text);
	sb_release(&want);
	free(conf);
	free(ov);
	free(people);
}

static double
seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
test_large(void **state)
{
	struct fx *fx = *state;
	struct org small, big;
	char *path = sub(fx, "people.csv");
	double t0, limit = 2.0;
	int dsmall, dbig;

#if defined(__SANITIZE_ADDRESS__)
	limit *= 10; /* ASan makes every allocation and access slower */
#endif
	generate(fx->dir, 250);
	read_org(path, &small);
	dsmall = check_org(&small, 250);
	t0 = seconds();
	generate(fx->dir, 100000);
	if (seconds() - t0 > limit)
		fail_msg("100000 people took %.2f s", seconds() - t0);
	read_org(path, &big);
	dbig = check_org(&big, 100000);
	check_unique(&big);
	/* The tree deepens as the company grows. */
	assert_true(dbig > dsmall);
	free_org(&small);
	free_org(&big);
	free(path);
}

static void
test_errors(void **state)
{
	struct fx *fx = *state;
	struct err e = ERR_INIT;
	struct sb want = SB_INIT;
	char *file = sub(fx, "file");

	assert_int_equal(demo_generate(fx->dir, DEMO_PEOPLE_MIN - 1,
			     DEMO_EPOCH_DAY, &e),
	    PARC_EUSAGE);
	assert_string_equal(e.msg,
	    "a demo organisation has 30 to 1000000 people, not 29");
	assert_int_equal(demo_generate(fx->dir, DEMO_PEOPLE_MIN, DEMO_EPOCH_DAY,
			     &e),
	    0);
	/* A file where the directory should be. */
	fclose(fopen(file, "w"));
	assert_int_equal(demo_generate(file, 250, DEMO_EPOCH_DAY, &e),
	    PARC_EIO);
	sb_addf(&want, "cannot use %s: not a directory", file);
	assert_string_equal(e.msg, want.buf);
	sb_reset(&want);
	sb_addf(&want, "%s/sub", file);
	assert_int_equal(demo_generate(want.buf, 250, DEMO_EPOCH_DAY, &e),
	    PARC_EIO);
	sb_addf(&want, ": Not a directory");
	assert_string_equal(e.msg + strlen("cannot create "), want.buf);
	sb_release(&want);
	free(file);
}

/*
 * The as-of day: DEMO_EPOCH is DEMO_EPOCH_DAY; dates move by whole days
 * across month ends, leap days and years, keeping their format; a day
 * that is not one is refused, and so is an as-of day out of range.
 */
static void
test_as_of(void **state)
{
	struct fx *fx = *state;
	struct err e = ERR_INIT;
	char out[64];
	long day = 0;

	assert_int_equal(demo_day(DEMO_EPOCH, &day), 0);
	assert_int_equal(day, DEMO_EPOCH_DAY);
	assert_int_equal(demo_day("1970-01-01", &day), 0);
	assert_int_equal(day, 0);
	assert_int_equal(demo_day("2028-02-29", &day), 0);
	assert_int_equal(day, DEMO_EPOCH_DAY + 450);
	assert_int_equal(demo_day("2027-02-29", &day), -1);
	assert_int_equal(demo_day("2027-13-01", &day), -1);
	assert_int_equal(demo_day("2027-1-01", &day), -1);
	assert_int_equal(demo_day("2027-01-01x", &day), -1);
	assert_int_equal(demo_day("20270101", &day), -1);
	assert_int_equal(demo_day("", &day), -1);
	assert_int_equal(day, DEMO_EPOCH_DAY + 450);

	assert_int_equal(demo_date_shift("2026-11-14", 0, out, sizeof(out)), 0);
	assert_string_equal(out, "2026-11-14");
	assert_int_equal(demo_date_shift("2027-01-31T00:00:00Z", 29, out,
			     sizeof(out)),
	    0);
	assert_string_equal(out, "2027-03-01T00:00:00Z");
	assert_int_equal(demo_date_shift("2028-02-28T23:59:59+00:00", 1, out,
			     sizeof(out)),
	    0);
	assert_string_equal(out, "2028-02-29T23:59:59+00:00");
	assert_int_equal(demo_date_shift("2022-02-14T11:03:27.604512+00:00",
			     -365, out, sizeof(out)),
	    0);
	assert_string_equal(out, "2021-02-14T11:03:27.604512+00:00");
	assert_int_equal(demo_date_shift("20230301090000.0Z", 177, out,
			     sizeof(out)),
	    0);
	assert_string_equal(out, "20230825090000.0Z");
	assert_int_equal(demo_date_shift("2026-12-31", 1, out, sizeof(out)), 0);
	assert_string_equal(out, "2027-01-01");
	assert_int_equal(demo_date_shift("no date", 1, out, sizeof(out)), -1);
	assert_int_equal(demo_date_shift("2026-12-31T00:00:00Z", 1, out, 12),
	    -1);

	assert_int_equal(demo_day(DEMO_AS_OF_MAX, &day), 0);
	assert_int_equal(demo_generate(fx->dir, 30, day + 1, &e), PARC_EUSAGE);
	assert_string_equal(e.msg,
	    "a demo is made as of a day from 2000-01-01 to 2037-12-31, not "
	    "24837 days after 1970-01-01");
}

/* A copy of share/demo/ in fx->dir/share with one file replaced. */
static char *
share_with(const struct fx *fx, const char *file, const char *text)
{
	static const char *const files[] = { "cultures.tsv", "first-names.tsv",
		"surnames.tsv", "departments.tsv", "titles.tsv" };
	struct sb src = SB_INIT, dst = SB_INIT, body = SB_INIT;
	char *dir = sub(fx, "share");
	FILE *fp;
	size_t i;

	mkdir(dir, 0700);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		sb_reset(&src);
		sb_reset(&dst);
		sb_addf(&src, "%s/demo/%s", share_dir(), files[i]);
		sb_addf(&dst, "%s/%s", dir, files[i]);
		if (strcmp(files[i], file) == 0) {
			sb_reset(&body);
			sb_adds(&body, text);
		} else
			assert_int_equal(orgfx_slurp(src.buf, &body), 0);
		assert_non_null(fp = fopen(dst.buf, "w"));
		fwrite(body.buf, 1, body.len, fp);
		assert_int_equal(fclose(fp), 0);
	}
	sb_release(&src);
	sb_release(&dst);
	sb_release(&body);
	return dir;
}

/* The tables as share/demo/ has them, and a bad row named by file:line. */
static void
test_names(void **state)
{
	struct fx *fx = *state;
	struct demo_names n;
	struct err e = ERR_INIT;
	struct sb dir = SB_INIT, want = SB_INIT;
	const struct demo_culture *ru = NULL;
	const struct demo_dept *ops;
	size_t i, nfirst = 0;
	char *bad;

	sb_addf(&dir, "%s/demo", share_dir());
	if (demo_names_load(&n, dir.buf, &e) != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(n.ncultures, 14);
	assert_int_equal(n.ndepts, 10);
	for (i = 0; i < n.ncultures; i++) {
		nfirst += n.cultures[i].nfirst;
		if (strcmp(n.cultures[i].code, "ru") == 0)
			ru = &n.cultures[i];
	}
	assert_int_equal(nfirst, 98);
	assert_string_equal(n.cultures[0].code, "en");
	assert_int_equal(n.cultures[0].weight, 20);
	assert_non_null(ru);
	assert_int_equal(ru->order, DEMO_GIVEN_FIRST);
	assert_string_equal(ru->first[0].name, "Ана");
	assert_true(ru->first[0].female);
	assert_string_equal(ru->last[0].name_f, "Петрова");
	assert_null(n.cultures[0].last[0].name_f);
	assert_int_equal(n.cultures[4].order, DEMO_FAMILY_FIRST_CLOSE);
	assert_non_null(ops = demo_names_dept(&n, "IT Operations"));
	assert_string_equal(ops->head, "Head of IT Operations");
	assert_int_equal(ops->ntitles, 5);
	assert_string_equal(ops->titles[4], "Systems Engineer, Identity");
	assert_null(demo_names_dept(&n, "Executive"));
	demo_names_release(&n);

	bad = share_with(fx, "surnames.tsv", "# c\nen\tSmith\tsmith\tx\t-\n");
	assert_int_equal(demo_names_load(&n, bad, &e), PARC_EDATA);
	sb_addf(&want,
	    "%s/surnames.tsv:2: a feminine form needs both fields, "
	    "or - and -",
	    bad);
	assert_string_equal(e.msg, want.buf);
	assert_int_equal(n.ncultures, 0);
	free(bad);

	bad = share_with(fx, "cultures.tsv", "en\t0\tgiven-first\n");
	assert_int_equal(demo_names_load(&n, bad, &e), PARC_EDATA);
	assert_non_null(strstr(e.msg, "cultures.tsv:1: weight \"0\" is not"));
	free(bad);

	bad = share_with(fx, "titles.tsv", "Engineering\tCoder\r\n");
	assert_int_equal(demo_names_load(&n, bad, &e), PARC_EDATA);
	assert_non_null(strstr(e.msg,
	    "titles.tsv:1: control character 0x0d "
	    "in line (CRLF line ending?)"));
	free(bad);

	bad = share_with(fx, "titles.tsv", "Engineering\tCoder\n");
	assert_int_equal(demo_names_load(&n, bad, &e), PARC_EDATA);
	assert_non_null(strstr(e.msg,
	    "titles.tsv: department \"IT Operations\" has no title"));
	free(bad);
	sb_release(&dir);
	sb_release(&want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_deterministic, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_organisation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_files_sync, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_as_of, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
