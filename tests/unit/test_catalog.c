/*
 * test_catalog.c - the privilege catalogs: the real data in share/catalog
 * classifies what it must, and the loader refuses malformed files with a
 * message naming file and line.
 *
 * PARC_SHARE names the source share/ directory (make check sets it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/catalog.h"
#include "lib/err.h"
#include "lib/sb.h"
#include "lib/share.h"

/* The build passes the same -DPARC_SHAREDIR to every object. */
#ifndef PARC_SHAREDIR
#define PARC_SHAREDIR "/usr/local/share/parc"
#endif

/* The catalog loaded from share/catalog, shared by the data tests. */
static int
setup_share(void **state)
{
	struct err e = ERR_INIT;
	struct sb dir = SB_INIT;
	struct catalog *c;

	if (getenv("PARC_SHARE") == NULL || *getenv("PARC_SHARE") == '\0') {
		fprintf(stderr,
		    "test_catalog: set PARC_SHARE to the source "
		    "share/ directory\n");
		return -1;
	}
	sb_addf(&dir, "%s/catalog", share_dir());
	c = catalog_new();
	if (catalog_load_dir(c, dir.buf, &e) != 0) {
		fprintf(stderr, "test_catalog: %s\n", e.msg);
		catalog_free(c);
		sb_release(&dir);
		return -1;
	}
	sb_release(&dir);
	*state = c;
	return 0;
}

static int
teardown_share(void **state)
{
	catalog_free(*state);
	return 0;
}

/* True when id is one of the comma-separated ids of list. */
static int
has_technique(const char *list, const char *id)
{
	const char *p, *q;

	for (p = list;; p = q + 1) {
		q = p + strcspn(p, ",");
		if ((size_t)(q - p) == strlen(id) &&
		    strncmp(p, id, strlen(id)) == 0)
			return 1;
		if (*q == '\0')
			return 0;
	}
}

/* Write n bytes of text to a new temporary file; returns its path. */
static char *
write_temp(const char *text, size_t n)
{
	char tmpl[] = "/tmp/parc-catalog-XXXXXX";
	int fd;

	fd = mkstemp(tmpl);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	assert_int_equal(close(fd), 0);
	return xstrdup(tmpl);
}

/*
 * Load text as a catalog file. Returns the code; the catalog and message
 * are left in *cp and e, the path in *pathp (caller frees and unlinks).
 */
static int
load_text(const char *text, struct catalog **cp, char **pathp, struct err *e)
{
	*pathp = write_temp(text, strlen(text));
	*cp = catalog_new();
	return catalog_load_file(*cp, *pathp, e);
}

static void
drop_temp(struct catalog *c, char *path)
{
	catalog_free(c);
	unlink(path);
	free(path);
}

/* "PATH:LINE: " in buf, the prefix every data error must start with. */
static void
where(char *buf, size_t size, const char *path, int line)
{
	snprintf(buf, size, "%s:%d: ", path, line);
}

/*
 * Loading text must fail with PARC_EDATA, the message starting with the
 * file name and bad_line and mentioning what.
 */
static void
assert_bad(const char *text, int bad_line, const char *what)
{
	struct err e = ERR_INIT;
	struct catalog *c;
	char *path, pre[512];

	assert_int_equal(load_text(text, &c, &path, &e), PARC_EDATA);
	assert_int_equal(e.code, PARC_EDATA);
	where(pre, sizeof(pre), path, bad_line);
	if (strncmp(e.msg, pre, strlen(pre)) != 0 ||
	    strstr(e.msg, what) == NULL)
		fail_msg("message \"%s\": want prefix \"%s\" and \"%s\"", e.msg,
		    pre, what);
	drop_temp(c, path);
}

#define HEADER "# a catalog written by the test\n"
#define GOOD "ad\tgroup\tsid\tS-1-5-32-544\t0\tT1078.002\tAdministrators\n"

/* --- the real catalog ------------------------------------------------ */

static void
test_share_loads(void **state)
{
	const struct catalog *c = *state;
	const struct catalog_entry *en;
	size_t i;

	/* Four files of entries; each entry knows where it came from. */
	assert_true(catalog_count(c) >= 100);
	for (i = 0; i < catalog_count(c); i++) {
		en = catalog_at(c, i);
		assert_non_null(en);
		assert_true(en->tier >= 0 && en->tier <= 3);
		assert_true(en->line > 0);
		assert_non_null(strstr(en->file, ".tsv"));
		assert_true(strlen(en->reason) > 10);
	}
}

static void
test_ad_domain_admins_by_rid(void **state)
{
	const struct catalog_entry *en;

	en = catalog_match(*state, "ad", "group", "S-1-5-21-1-2-3-512");
	assert_non_null(en);
	assert_int_equal(en->tier, 0);
	assert_string_equal(en->how, "rid");
	assert_string_equal(en->match, "512");
	assert_non_null(strstr(en->reason, "Domain Admins"));
	assert_true(has_technique(en->techniques, "T1078.002"));
	assert_non_null(strstr(en->file, "ad.tsv"));

	/* A real-looking domain SID is the same. */
	en = catalog_match(*state, "ad", "group",
	    "S-1-5-21-3623811015-3361044348-30300820-512");
	assert_non_null(en);
	assert_non_null(strstr(en->reason, "Domain Admins"));
}

static void
test_ad_builtin_administrators_by_sid(void **state)
{
	const struct catalog_entry *en;

	en = catalog_match(*state, "ad", "group", "S-1-5-32-544");
	assert_non_null(en);
	assert_string_equal(en->how, "sid");
	assert_int_equal(en->tier, 0);
	assert_non_null(strstr(en->reason, "Administrators"));
}

static void
test_ad_ordinary_and_bogus_sids(void **state)
{
	/* Domain Users (513) and Domain Computers (515) are not privileged. */
	assert_null(catalog_match(*state, "ad", "group", "S-1-5-21-1-2-3-513"));
	assert_null(catalog_match(*state, "ad", "group", "S-1-5-21-1-2-3-515"));
	/* Ends in 512 but is no domain SID: builtin authority 32. */
	assert_null(catalog_match(*state, "ad", "group", "S-1-5-32-544-512"));
	/* Too few or too many sub-authorities after 21. */
	assert_null(catalog_match(*state, "ad", "group", "S-1-5-21-1-2-512"));
	assert_null(
	    catalog_match(*state, "ad", "group", "S-1-5-21-1-2-3-4-512"));
	assert_null(
	    catalog_match(*state, "ad", "group", "S-1-5-21-1-2-3-512-512"));
	assert_null(catalog_match(*state, "ad", "group", "S-1-5-22-1-2-3-512"));
	assert_null(catalog_match(*state, "ad", "group", "S-1-1-21-1-2-3-512"));
	/* Not canonical, or not a SID at all. */
	assert_null(
	    catalog_match(*state, "ad", "group", "S-1-5-21-1-2-3-0512"));
	assert_null(
	    catalog_match(*state, "ad", "group", "S-1-5-21-1-2-3-512x"));
	assert_null(catalog_match(*state, "ad", "group", "512"));
	assert_null(catalog_match(*state, "ad", "group", ""));
	/* The right family and kind only: krbtgt is a user, not a group. */
	assert_null(catalog_match(*state, "ad", "group", "S-1-5-21-1-2-3-502"));
	assert_null(
	    catalog_match(*state, "aws", "group", "S-1-5-21-1-2-3-512"));
}

static void
test_ad_krbtgt_user(void **state)
{
	const struct catalog_entry *en;

	en = catalog_match(*state, "ad", "user", "S-1-5-21-7-8-9-502");
	assert_non_null(en);
	assert_int_equal(en->tier, 0);
	assert_true(has_technique(en->techniques, "T1558.001"));
}

static void
test_ad_dnsadmins_by_name(void **state)
{
	const struct catalog_entry *en;

	en = catalog_match(*state, "ad", "group", "dnsadmins");
	assert_non_null(en);
	assert_string_equal(en->how, "name");
	assert_string_equal(en->match, "DnsAdmins");
	assert_int_equal(en->tier, 0);
	assert_ptr_equal(catalog_match(*state, "ad", "group", "DNSADMINS"), en);
	assert_null(catalog_match(*state, "ad", "group", "DnsAdmins2"));
	/* Every other group is matched by SID, never by its name. */
	assert_null(catalog_match(*state, "ad", "group", "Domain Admins"));
}

static void
test_aws_policy_exact(void **state)
{
	const struct catalog_entry *en;

	en = catalog_match(*state, "aws", "policy",
	    "arn:aws:iam::aws:policy/AdministratorAccess");
	assert_non_null(en);
	assert_int_equal(en->tier, 0);
	assert_true(has_technique(en->techniques, "T1078.004"));
	/* ARNs are case-sensitive, so exact means byte-exact. */
	assert_null(catalog_match(*state, "aws", "policy",
	    "arn:aws:iam::aws:policy/administratoraccess"));
	/* A customer policy of the same name is not the managed one. */
	assert_null(catalog_match(*state, "aws", "policy",
	    "arn:aws:iam::123456789012:policy/AdministratorAccess"));
	/* Read-only auditing is deliberately not privileged. */
	assert_null(catalog_match(*state, "aws", "policy",
	    "arn:aws:iam::aws:policy/SecurityAudit"));

	en = catalog_match(*state, "aws", "policy",
	    "arn:aws:iam::aws:policy/IAMFullAccess");
	assert_non_null(en);
	assert_int_equal(en->tier, 0);
}

static void
test_aws_actions(void **state)
{
	const struct catalog_entry *en;

	en = catalog_match(*state, "aws", "action", "iam:PassRole");
	assert_non_null(en);
	assert_true(has_technique(en->techniques, "T1548.005"));
	/* IAM compares action names case-insensitively; so do we. */
	assert_ptr_equal(catalog_match(*state, "aws", "action", "IAM:passrole"),
	    en);
	en = catalog_match(*state, "aws", "action", "*");
	assert_non_null(en);
	assert_int_equal(en->tier, 0);
	assert_null(catalog_match(*state, "aws", "action", "iam:GetUser"));
	assert_null(catalog_match(*state, "aws", "action", "s3:GetObject"));
}

static void
test_azure_guid_any_case(void **state)
{
	const struct catalog_entry *en;

	en = catalog_match(*state, "azure", "role",
	    "8E3AF657-A8FF-443C-A75C-2FE8C4BCB635");
	assert_non_null(en);
	assert_int_equal(en->tier, 0);
	assert_non_null(strstr(en->reason, "Owner"));
	en = catalog_match(*state, "azure", "directory-role",
	    "62e90394-69f5-4237-9190-012177145e10");
	assert_non_null(en);
	assert_int_equal(en->tier, 0);
	assert_non_null(strstr(en->reason, "Global Administrator"));
	/* Reader is not privileged. */
	assert_null(catalog_match(*state, "azure", "role",
	    "acdd72a7-3385-48ef-bd42-f606fba81ae7"));
	en = catalog_match(*state, "azure", "role-name",
	    "user access administrator");
	assert_non_null(en);
	assert_int_equal(en->tier, 0);
}

static void
test_gcp_exact_over_glob(void **state)
{
	const struct catalog_entry *en;

	/* No line of its own: the *admin* glob classifies it, tier 1. */
	en = catalog_match(*state, "gcp", "role", "roles/compute.admin");
	assert_non_null(en);
	assert_string_equal(en->how, "glob");
	assert_int_equal(en->tier, 1);
	/* fnmatch with FNM_CASEFOLD: the glob is "*admin*". */
	en = catalog_match(*state, "gcp", "role", "roles/storage.ADMIN");
	assert_non_null(en);
	assert_string_equal(en->how, "glob");

	en = catalog_match(*state, "gcp", "role", "roles/owner");
	assert_non_null(en);
	assert_string_equal(en->how, "exact");
	assert_int_equal(en->tier, 0);

	/* Matches the glob too; the exact line wins. */
	en = catalog_match(*state, "gcp", "role",
	    "roles/resourcemanager.organizationAdmin");
	assert_non_null(en);
	assert_string_equal(en->how, "exact");
	assert_int_equal(en->tier, 0);
	/* Even when the exact line has the higher (weaker) tier. */
	en = catalog_match(*state, "gcp", "role", "roles/billing.admin");
	assert_non_null(en);
	assert_string_equal(en->how, "exact");
	assert_int_equal(en->tier, 2);

	assert_null(catalog_match(*state, "gcp", "role", "roles/viewer"));
}

/* Every technique id in the shipped data is well-formed and every tier set. */
static void
test_share_entries_sane(void **state)
{
	const struct catalog_entry *en;
	const struct catalog *c = *state;
	size_t i;

	for (i = 0; i < catalog_count(c); i++) {
		en = catalog_at(c, i);
		if (strcmp(en->family, "ad") != 0 &&
		    strcmp(en->family, "aws") != 0 &&
		    strcmp(en->family, "azure") != 0 &&
		    strcmp(en->family, "gcp") != 0 &&
		    strcmp(en->family, "sudo") != 0)
			fail_msg("%s:%d: unexpected family %s", en->file,
			    en->line, en->family);
		/* A tier 0 entry without techniques would be odd. */
		if (en->tier == 0 && en->techniques[0] == '\0')
			fail_msg("%s:%d: tier 0 without techniques", en->file,
			    en->line);
	}
}

/* --- precedence, on catalogs written here ----------------------------- */

static void
test_precedence(void **state)
{
	static const char text[] =
	    HEADER "t\tk\tglob\tx*\t0\t-\tglob, tier 0\n"
		   "t\tk\texact\txy\t2\t-\texact, tier 2\n"
		   "t\tg\tglob\tS-1-5-21-*\t0\t-\tglob over SIDs\n"
		   "t\tg\trid\t512\t3\t-\trid 512\n"
		   "t\tg\tsid\tS-1-5-21-1-2-3-512\t3\t-\tsid itself\n"
		   "t\tn\tname\tsame\t2\t-\tfirst, tier 2\n"
		   "t\tn\tname\tSAME\t1\t-\tsecond, tier 1\n"
		   "t\tn\tname\tSame\t1\t-\tthird, tier 1\n";
	const struct catalog_entry *en;
	struct err e = ERR_INIT;
	struct catalog *c;
	char *path;

	(void)state;
	assert_int_equal(load_text(text, &c, &path, &e), 0);
	assert_int_equal(catalog_count(c), 8);

	/* exact beats glob whatever the tiers. */
	en = catalog_match(c, "t", "k", "xy");
	assert_string_equal(en->reason, "exact, tier 2");
	en = catalog_match(c, "t", "k", "xz");
	assert_string_equal(en->reason, "glob, tier 0");
	/* sid beats rid, rid beats glob. */
	en = catalog_match(c, "t", "g", "S-1-5-21-1-2-3-512");
	assert_string_equal(en->reason, "sid itself");
	en = catalog_match(c, "t", "g", "S-1-5-21-9-9-9-512");
	assert_string_equal(en->reason, "rid 512");
	en = catalog_match(c, "t", "g", "S-1-5-21-9-9-9-513");
	assert_string_equal(en->reason, "glob over SIDs");
	/* Among equals the lowest tier, then the earliest line. */
	en = catalog_match(c, "t", "n", "same");
	assert_string_equal(en->reason, "second, tier 1");
	assert_int_equal(en->line, 8);
	assert_string_equal(en->file, path);
	drop_temp(c, path);
}

static void
test_dir_sorted_and_tsv_only(void **state)
{
	char dir[] = "/tmp/parc-catdir-XXXXXX";
	const char *names[] = { "b.tsv", "a.tsv", "c.txt", ".hidden.tsv" };
	struct err e = ERR_INIT;
	struct catalog *c;
	struct sb p = SB_INIT;
	FILE *fp;
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (i = 0; i < 4; i++) {
		sb_reset(&p);
		sb_addf(&p, "%s/%s", dir, names[i]);
		fp = fopen(p.buf, "w");
		assert_non_null(fp);
		fprintf(fp, "t\tk\texact\tv\t1\t-\tfrom %s\n", names[i]);
		fclose(fp);
	}
	c = catalog_new();
	assert_int_equal(catalog_load_dir(c, dir, &e), 0);
	/* a.tsv before b.tsv; c.txt and the hidden file are not read. */
	assert_int_equal(catalog_count(c), 2);
	assert_string_equal(catalog_at(c, 0)->reason, "from a.tsv");
	assert_string_equal(catalog_at(c, 1)->reason, "from b.tsv");
	/* Equal tiers: the first file's line wins. */
	assert_string_equal(catalog_match(c, "t", "k", "v")->reason,
	    "from a.tsv");
	catalog_free(c);
	for (i = 0; i < 4; i++) {
		sb_reset(&p);
		sb_addf(&p, "%s/%s", dir, names[i]);
		unlink(p.buf);
	}
	rmdir(dir);
	sb_release(&p);
}

static void
test_missing_dir_and_file(void **state)
{
	struct err e = ERR_INIT;
	struct catalog *c = catalog_new();

	(void)state;
	assert_int_equal(catalog_load_dir(c, "/nonexistent/parc-catalog", &e),
	    PARC_EIO);
	assert_non_null(strstr(e.msg, "/nonexistent/parc-catalog"));
	err_clear(&e);
	assert_int_equal(catalog_load_file(c, "/nonexistent/site.tsv", &e),
	    PARC_EIO);
	assert_non_null(strstr(e.msg, "/nonexistent/site.tsv"));
	assert_int_equal(catalog_count(c), 0);
	catalog_free(c);
	catalog_free(NULL);
}

/* --- malformed files --------------------------------------------------- */

static void
test_bad_field_count(void **state)
{
	(void)state;
	assert_bad(HEADER GOOD "ad\tgroup\tsid\tS-1-5-32-548\t0\tT1098\n", 3,
	    "expected 7 tab-separated fields");
	assert_bad(HEADER "ad\tgroup\tsid\tS-1-5-32-548\t0\tT1098\tA\tB\n", 2,
	    "found 8");
	/* Spaces are not separators. */
	assert_bad("ad group sid S-1-5-32-544 0 - Administrators\n", 1,
	    "found 1");
}

static void
test_bad_field_count_message_exact(void **state)
{
	static const char text[] = HEADER GOOD
	    "\n"
	    "aws\tpolicy\texact\tarn:aws:iam::aws:policy/X\t0\tno reason\n";
	struct err e = ERR_INIT;
	struct catalog *c;
	char *path, want[600];

	(void)state;
	assert_int_equal(load_text(text, &c, &path, &e), PARC_EDATA);
	snprintf(want, sizeof(want),
	    "%s:4: expected 7 tab-separated fields "
	    "(family kind how match tier techniques reason), found 6",
	    path);
	assert_string_equal(e.msg, want);
	/* The entries before the bad line stay loaded. */
	assert_int_equal(catalog_count(c), 1);
	assert_string_equal(catalog_at(c, 0)->match, "S-1-5-32-544");
	drop_temp(c, path);
}

static void
test_bad_tier(void **state)
{
	(void)state;
	assert_bad(HEADER "ad\tgroup\trid\t512\t9\t-\tx\n", 2,
	    "tier \"9\" is not 0, 1, 2 or 3");
	assert_bad("ad\tgroup\trid\t512\t-1\t-\tx\n", 1, "tier \"-1\"");
	assert_bad("ad\tgroup\trid\t512\t00\t-\tx\n", 1, "tier \"00\"");
	assert_bad("ad\tgroup\trid\t512\tzero\t-\tx\n", 1, "tier \"zero\"");
}

static void
test_bad_technique(void **state)
{
	(void)state;
	assert_bad("ad\tgroup\trid\t512\t0\tT1078.02\tx\n", 1,
	    "technique \"T1078.02\" is not an ATT&CK id");
	assert_bad("ad\tgroup\trid\t512\t0\tT1078,t1098\tx\n", 1,
	    "technique \"t1098\"");
	assert_bad("ad\tgroup\trid\t512\t0\tT1078, T1098\tx\n", 1,
	    "technique \" T1098\"");
	assert_bad("ad\tgroup\trid\t512\t0\tT1078,,T1098\tx\n", 1,
	    "technique \"\"");
	assert_bad("ad\tgroup\trid\t512\t0\tT1078,\tx\n", 1, "technique \"\"");
	assert_bad("ad\tgroup\trid\t512\t0\tM1026\tx\n", 1,
	    "technique \"M1026\"");
	assert_bad("ad\tgroup\trid\t512\t0\tT1098,T1078,T1098\tx\n", 1,
	    "technique \"T1098\" is listed twice");
}

static void
test_bad_how(void **state)
{
	(void)state;
	assert_bad(HEADER GOOD "ad\tgroup\tregex\t^Domain\t0\t-\tx\n", 3,
	    "unknown how \"regex\"");
	assert_bad("ad\tgroup\tEXACT\tx\t0\t-\tx\n", 1, "unknown how");
}

static void
test_bad_sid_and_rid(void **state)
{
	(void)state;
	assert_bad("ad\tgroup\tsid\tDomain Admins\t0\t-\tx\n", 1,
	    "is not a SID");
	assert_bad("ad\tgroup\tsid\tS-1-5\t0\t-\tx\n", 1, "is not a SID");
	assert_bad("ad\tgroup\tsid\tS-1-5-32-\t0\t-\tx\n", 1, "is not a SID");
	assert_bad("ad\tgroup\tsid\tS-2-5-32-544\t0\t-\tx\n", 1,
	    "is not a SID");
	assert_bad("ad\tgroup\tsid\tS-1-5-32-99999999999\t0\t-\tx\n", 1,
	    "is not a SID");
	assert_bad("ad\tgroup\trid\t0x200\t0\t-\tx\n", 1,
	    "is not a decimal RID");
	assert_bad("ad\tgroup\trid\tS-1-5-21-1-2-3-512\t0\t-\tx\n", 1,
	    "is not a decimal RID");
	assert_bad("ad\tgroup\trid\t4294967296\t0\t-\tx\n", 1,
	    "is not a decimal RID");
}

static void
test_bad_text(void **state)
{
	(void)state;
	/* Invalid UTF-8 (a lone continuation byte) in the reason. */
	assert_bad(HEADER "ad\tgroup\trid\t512\t0\t-\tbad \x80 byte\n", 2,
	    "not valid UTF-8");
	assert_bad(HEADER GOOD "ad\tgroup\trid\t512\t0\t-\tx\r\n", 3, "CRLF");
	assert_bad("ad\tgroup\trid\t512\t0\t-\tbell \a\n", 1,
	    "control character 0x07");
	assert_bad("ad\t\trid\t512\t0\t-\tx\n", 1, "kind is empty");
	assert_bad("ad\tgroup\trid\t512\t0\t-\t\n", 1, "reason is empty");
	assert_bad("ad\tgroup \trid\t512\t0\t-\tx\n", 1,
	    "kind \"group \" starts or ends with a space");
	assert_bad("AD\tgroup\trid\t512\t0\t-\tx\n", 1, "family \"AD\"");
	assert_bad("   # indented comment\n", 1, "found 1");
}

static void
test_bad_nul(void **state)
{
	static const char text[] = GOOD "ad\tgroup\trid\t512\t0\t-\tnul \0 x\n";
	struct err e = ERR_INIT;
	struct catalog *c = catalog_new();
	char *path, pre[512];

	(void)state;
	path = write_temp(text, sizeof(text) - 1);
	assert_int_equal(catalog_load_file(c, path, &e), PARC_EDATA);
	where(pre, sizeof(pre), path, 2);
	assert_int_equal(strncmp(e.msg, pre, strlen(pre)), 0);
	assert_non_null(strstr(e.msg, "NUL byte"));
	drop_temp(c, path);
}

static void
test_good_text(void **state)
{
	const struct catalog_entry *en;
	struct err e = ERR_INIT;
	struct sb text = SB_INIT;
	struct catalog *c;
	char *path;
	size_t i;

	(void)state;
	/* Comments, blank lines, UTF-8 and a line far longer than any buffer.
	 */
	sb_adds(&text, "# comment\n\n \t \n");
	sb_adds(&text, "t\tk\texact\tGruppe für Admins\t1\tT1078,T1098.003\t");
	for (i = 0; i < 100000; i++)
		sb_addc(&text, 'a' + (int)(i % 26));
	sb_adds(&text, "\nt\tk\tname\tno newline at end\t3\t-\tlast");
	assert_int_equal(load_text(text.buf, &c, &path, &e), 0);
	assert_int_equal(catalog_count(c), 2);
	en = catalog_match(c, "t", "k", "Gruppe für Admins");
	assert_non_null(en);
	assert_int_equal(en->line, 4);
	assert_int_equal(strlen(en->reason), 100000);
	assert_string_equal(en->techniques, "T1078,T1098.003");
	en = catalog_match(c, "t", "k", "NO NEWLINE AT END");
	assert_non_null(en);
	assert_string_equal(en->techniques, "");
	assert_string_equal(en->reason, "last");
	assert_int_equal(en->line, 5);
	sb_release(&text);
	drop_temp(c, path);
}

static void
test_sharedir(void **state)
{
	const char *env = getenv("PARC_SHARE");
	char *saved = env != NULL ? xstrdup(env) : NULL;

	(void)state;
	assert_int_equal(setenv("PARC_SHARE", "/opt/parc/share", 1), 0);
	assert_string_equal(share_dir(), "/opt/parc/share");
	/*
	 * Set but empty counts as unset: the installed data, or while parc
	 * is not installed, the source tree's share/ (./parc demo right
	 * after make).
	 */
	assert_int_equal(setenv("PARC_SHARE", "", 1), 0);
	assert_string_equal(share_dir(),
	    access(PARC_SHAREDIR "/catalog", F_OK) == 0 ? PARC_SHAREDIR
							: PARC_SRC_SHAREDIR);
	assert_int_equal(unsetenv("PARC_SHARE"), 0);
	assert_string_equal(share_dir(),
	    access(PARC_SHAREDIR "/catalog", F_OK) == 0 ? PARC_SHAREDIR
							: PARC_SRC_SHAREDIR);
	assert_int_equal(access(PARC_SRC_SHAREDIR "/catalog/ad.tsv", R_OK), 0);
	if (saved != NULL)
		assert_int_equal(setenv("PARC_SHARE", saved, 1), 0);
	free(saved);
}

int
main(void)
{
	const struct CMUnitTest share[] = {
		cmocka_unit_test(test_share_loads),
		cmocka_unit_test(test_share_entries_sane),
		cmocka_unit_test(test_ad_domain_admins_by_rid),
		cmocka_unit_test(test_ad_builtin_administrators_by_sid),
		cmocka_unit_test(test_ad_ordinary_and_bogus_sids),
		cmocka_unit_test(test_ad_krbtgt_user),
		cmocka_unit_test(test_ad_dnsadmins_by_name),
		cmocka_unit_test(test_aws_policy_exact),
		cmocka_unit_test(test_aws_actions),
		cmocka_unit_test(test_azure_guid_any_case),
		cmocka_unit_test(test_gcp_exact_over_glob),
	};
	const struct CMUnitTest loader[] = {
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_dir_sorted_and_tsv_only),
		cmocka_unit_test(test_missing_dir_and_file),
		cmocka_unit_test(test_bad_field_count),
		cmocka_unit_test(test_bad_field_count_message_exact),
		cmocka_unit_test(test_bad_tier),
		cmocka_unit_test(test_bad_technique),
		cmocka_unit_test(test_bad_how),
		cmocka_unit_test(test_bad_sid_and_rid),
		cmocka_unit_test(test_bad_text),
		cmocka_unit_test(test_bad_nul),
		cmocka_unit_test(test_good_text),
		cmocka_unit_test(test_sharedir),
	};
	int failed;

	failed = cmocka_run_group_tests_name("catalog share", share,
	    setup_share, teardown_share);
	failed +=
	    cmocka_run_group_tests_name("catalog loader", loader, NULL, NULL);
	return failed != 0;
}
