/*
 * test_ldif.c - the LDIF reader, and kind = ldif from an export to the
 * effective grants a reviewer sees.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "db/finding.h"
#include "db/sink.h"
#include "lib/config.h"
#include "lib/sb.h"
#include "sync/ldif.h"
#include "sync/source.h"
#include "tests/unit/orgfx.h"

/* ---- the reader ---- */

struct parsed {
	struct sb out; /* "dn@line|attr=value|..." per record, one a line */
	int rc;
	struct err e;
};

/* Read text as name "t.ldif" and render every record into p->out. */
static void
parse(const char *text, struct parsed *p)
{
	const struct ldif_rec *rec;
	struct ldif *r;
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	size_t i;

	assert_non_null(fp);
	sb_init(&p->out);
	err_clear(&p->e);
	r = ldif_open(fp, "t.ldif");
	while ((p->rc = ldif_next(r, &rec, &p->e)) == 1) {
		sb_addf(&p->out, "%s@%d", rec->dn, rec->line);
		for (i = 0; i < rec->n; i++) {
			sb_addf(&p->out, "|%s=", rec->v[i].name);
			sb_add_safe(&p->out, (const char *)rec->v[i].val);
			assert_int_equal(rec->v[i].val[rec->v[i].len], '\0');
		}
		sb_addc(&p->out, '\n');
	}
	ldif_close(r);
	fclose(fp);
}

static void
test_ldapsearch_output(void **state)
{
	struct parsed p;

	(void)state;
	parse("# extended LDIF\n"
	      "#\n"
	      "# LDAPv3\n"
	      "# a comment that is\n"
	      "  folded\n"
	      "\n"
	      "# alice, Users, corp.example\n"
	      "dn: CN=Alice,CN=Users,DC=corp,DC=exam\n"
	      " ple\n"
	      "objectClass: top\n"
	      "displayName:: Sm9zw6kgTsO6w7Fleg==\n"
	      "description: one long value fol\n"
	      " ded over\n"
	      "  three lines\n"
	      "member:   leading blanks go\n"
	      "\n"
	      "\n"
	      "# search reference\n"
	      "ref: ldap://corp.example/CN=Configuration,DC=corp,DC=example\n"
	      "\n"
	      "# search result\n"
	      "search: 2\n"
	      "result: 0 Success\n"
	      "control: 1.2.840.113556.1.4.319 false MAgCAggNBAIxAA==\n"
	      "pagedresults: estimate=2061 cookie=MQA=\n"
	      "# extended LDIF\n"
	      "#\n"
	      "\n"
	      "dn:: Q049Qm9i\n"
	      "cn: Bob\n"
	      "\n"
	      "# search result\n"
	      "search: 2\n"
	      "result: 0 Success\n"
	      "\n"
	      "# numEntries: 2\n",
	    &p);
	assert_int_equal(p.rc, 0);
	assert_string_equal(p.out.buf,
	    "CN=Alice,CN=Users,DC=corp,DC=example@8|objectClass=top"
	    "|displayName=José Núñez"
	    "|description=one long value folded over three lines"
	    "|member=leading blanks go\n"
	    "CN=Bob@29|cn=Bob\n");
	sb_release(&p.out);
}

static void
test_ldifde_output(void **state)
{
	struct parsed p;

	(void)state;
	/* ldifde: BOM (with -u), CRLF, changetype: add, version first */
	parse("\xef\xbb\xbfversion: 1\r\n"
	      "dn: CN=G,DC=x\r\n"
	      "changetype: add\r\n"
	      "objectSid:: AQIAAAAAAAUgAAAAIAIAAA==\r\n"
	      "\r\n"
	      "dn: CN=H,DC=x\r\n"
	      "changetype: add\r\n"
	      "cn: H\r\n",
	    &p);
	assert_int_equal(p.rc, 0);
	/* the binary SID has a NUL byte: the rendering stops there */
	assert_string_equal(p.out.buf,
	    "CN=G,DC=x@2|objectSid=\\x01\\x02\nCN=H,DC=x@6|cn=H\n");
	sb_release(&p.out);
}

static void
expect_error(const char *text, const char *msg)
{
	struct parsed p;

	parse(text, &p);
	assert_int_equal(p.rc, PARC_EDATA);
	assert_string_equal(p.e.msg, msg);
	sb_release(&p.out);
}

static void
test_refusals(void **state)
{
	(void)state;
	/* an export cut by a limit says so in its result record */
	expect_error("dn: CN=A\ncn: A\n\n# search result\nsearch: 2\n"
		     "result: 4 Size limit exceeded\n",
	    "t.ldif:5: the export ends with \"result: 4 Size limit "
	    "exceeded\": it is incomplete");
	expect_error("dn: CN=A\njpegPhoto:< file:///etc/passwd\n",
	    "t.ldif:2: values by URL (':<') are not read; export the values "
	    "themselves");
	expect_error(" folded\n",
	    "t.ldif:1: a continuation line (starting "
	    "with a space) follows nothing");
	expect_error("dn: CN=A\nobjectSid:: AQ$=\n",
	    "t.ldif:2: the value after '::' is not base64");
	expect_error("dn: CN=A\ncn: A\n\ndn: CN=A\nchangetype: modify\n",
	    "t.ldif:5: changetype modify: an export holds entries, not "
	    "changes");
	expect_error("cn: A\n",
	    "t.ldif:1: a record must start with dn:, not cn:");
	expect_error("dn: CN=A\n\nresult: 0 Success\n",
	    "t.ldif:3: a record must start with dn:, not result:");
	expect_error("dn: CN=A\njust text\n",
	    "t.ldif:2: not an \"attribute: value\" line");
	expect_error("dn: CN=A\ncn: \xff\xfe\n",
	    "t.ldif:2: value is not UTF-8 (base64 it with '::')");
	expect_error("version: 2\ndn: CN=A\n",
	    "t.ldif:1: LDIF version 2 (only 1 is known)");
	/* a NUL must not cut a failed result short to "0" (success) */
	expect_error("dn: CN=A\ncn: A\n\nsearch: 2\n"
		     "result:: MAAgU2l6ZSBsaW1pdCBleGNlZWRlZA==\n",
	    "t.ldif:5: a NUL byte in result:");
	expect_error("dn: CN=A\nchangetype:: YWRkAG1vZGlmeQ==\n",
	    "t.ldif:2: a NUL byte in changetype:");
	/* in an entry, attributes of those names are values like others */
	{
		struct parsed p;

		parse("dn: CN=A\nresult:: MAB4\nversion:: MQB4\n", &p);
		assert_int_equal(p.rc, 0);
		assert_string_equal(p.out.buf, "CN=A@1|result=0|version=1\n");
		sb_release(&p.out);
	}
	/* what the file says reaches a terminal escaped */
	expect_error("dn: CN=A\nchangetype: \x1b[2Jdelete\n",
	    "t.ldif:2: changetype \\x1b[2Jdelete: an export holds entries, "
	    "not changes");
}

/*
 * "description: " and n bytes of value, in a record starting at line 1,
 * with line ends eol; malloc'd, its length in *len.
 */
static char *
long_line(size_t n, const char *eol, size_t *len)
{
	struct sb sb = SB_INIT;

	sb_addf(&sb, "dn: CN=A%scn: A%sdescription: ", eol, eol);
	sb_grow(&sb, n + 2 * strlen(eol) + 1);
	memset(sb.buf + sb.len, 'x', n);
	sb.len += n;
	sb.buf[sb.len] = '\0';
	sb_addf(&sb, "%ssn: B%s", eol, eol);
	*len = sb.len;
	return sb_detach(&sb);
}

/*
 * The line limit holds for a line that is not folded too, and such a line
 * is refused without being read whole.
 */
static void
test_line_limit(void **state)
{
	const struct ldif_rec *rec;
	struct ldif *r;
	struct err e = ERR_INIT;
	char want[64], *text;
	size_t len, head = strlen("description: ");
	FILE *fp;

	(void)state;
	snprintf(want, sizeof(want), "t.ldif:3: line longer than %d bytes",
	    LDIF_LINE_MAX);
	/* 17 MB in one physical line */
	text = long_line(17 * 1024 * 1024, "\n", &len);
	fp = fmemopen(text, len, "r");
	assert_non_null(fp);
	r = ldif_open(fp, "t.ldif");
	assert_int_equal(ldif_next(r, &rec, &e), PARC_EDATA);
	assert_string_equal(e.msg, want);
	/* stopped about the limit in, not at the end of the line */
	assert_true(ftell(fp) < LDIF_LINE_MAX + 65536);
	ldif_close(r);
	fclose(fp);
	free(text);

	/* one byte over, a CR before the LF not counted */
	text = long_line(LDIF_LINE_MAX - head + 1, "\r\n", &len);
	fp = fmemopen(text, len, "r");
	assert_non_null(fp);
	r = ldif_open(fp, "t.ldif");
	err_clear(&e);
	assert_int_equal(ldif_next(r, &rec, &e), PARC_EDATA);
	assert_string_equal(e.msg, want);
	ldif_close(r);
	fclose(fp);
	free(text);

	/* exactly the limit reads, with the CR dropped */
	text = long_line(LDIF_LINE_MAX - head, "\r\n", &len);
	fp = fmemopen(text, len, "r");
	assert_non_null(fp);
	r = ldif_open(fp, "t.ldif");
	assert_int_equal(ldif_next(r, &rec, &e), 1);
	assert_int_equal(rec->n, 3);
	assert_string_equal(rec->v[1].name, "description");
	assert_int_equal(rec->v[1].len, LDIF_LINE_MAX - head);
	assert_int_equal(rec->v[1].val[rec->v[1].len - 1], 'x');
	assert_string_equal((const char *)rec->v[2].val, "B");
	assert_int_equal(ldif_next(r, &rec, &e), 0);
	ldif_close(r);
	fclose(fp);
	free(text);
}

static void
test_base64(void **state)
{
	unsigned char *out;
	size_t n;

	(void)state;
	assert_int_equal(ldif_base64("TWFu", 4, &out, &n), 0);
	assert_int_equal(n, 3);
	assert_memory_equal(out, "Man", 3);
	free(out);
	assert_int_equal(ldif_base64("TWE=", 4, &out, &n), 0);
	assert_int_equal(n, 2);
	assert_memory_equal(out, "Ma", 2);
	free(out);
	assert_int_equal(ldif_base64("TQ==", 4, &out, &n), 0);
	assert_int_equal(n, 1);
	free(out);
	assert_int_equal(ldif_base64("", 0, &out, &n), 0);
	assert_int_equal(n, 0);
	free(out);
	assert_int_equal(ldif_base64("TWF", 3, &out, &n), -1);
	assert_int_equal(ldif_base64("T=Fu", 4, &out, &n), -1);
	assert_int_equal(ldif_base64("TW u", 4, &out, &n), -1);
}

/* ---- the connector, end to end ---- */

struct fx {
	char dir[64];
	struct db *db;
};

static const char *
data_dir(void)
{
	const char *d = getenv("PARC_TEST_DATA");

	return d != NULL ? d : "tests/data";
}

static int
setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));
	struct err e = ERR_INIT;

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/parc-test-ldif-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	if (db_open(&fx->db, ":memory:", DB_CREATE, &e) != 0)
		fail_msg("db_open: %s", e.msg);
	if (getenv("PARC_SHARE") == NULL)
		setenv("PARC_SHARE", "share", 1);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	struct sb p = SB_INIT;

	db_close(fx->db);
	sb_addf(&p, "%s/parc.conf", fx->dir);
	unlink(p.buf);
	sb_reset(&p);
	sb_addf(&p, "%s/cut.ldif", fx->dir);
	unlink(p.buf);
	rmdir(fx->dir);
	sb_release(&p);
	free(fx);
	return 0;
}

/* Sync [source corp] kind = ldif with the lines conf. */
static int
pull(struct fx *fx, const char *conf, struct err *e)
{
	const struct source_ops *ops = source_find("ldif");
	struct config *c = NULL;
	struct sink *sink = NULL;
	struct sb path = SB_INIT, text = SB_INIT;
	void *st = NULL;
	FILE *fp;
	int rc;

	assert_non_null(ops);
	sb_addf(&path, "%s/parc.conf", fx->dir);
	sb_addf(&text, "[source corp]\nkind = ldif\n%s", conf);
	fp = fopen(path.buf, "w");
	assert_non_null(fp);
	fputs(text.buf, fp);
	fclose(fp);
	if (config_load(&c, path.buf, e) != 0)
		fail_msg("config_load: %s", e->msg);
	if ((rc = ops->open(c, config_source(c, "corp"), &st, e)) != 0)
		goto out;
	if (sink_open(fx->db, "corp", "ldif", &sink, e) != 0)
		fail_msg("sink_open: %s", e->msg);
	if ((rc = ops->pull(st, sink, e)) != 0)
		sink_abort(sink, e->msg);
	else
		rc = sink_commit(sink, NULL, e);
out:
	if (st != NULL)
		ops->close(st);
	config_free(c);
	sb_release(&path);
	sb_release(&text);
	return rc;
}

static void
pull_corp(struct fx *fx)
{
	struct sb conf = SB_INIT;
	struct err e = ERR_INIT;

	sb_addf(&conf,
	    "path = %s/ldif/corp.ldif\nprivileged_groups = SQL Admins\n",
	    data_dir());
	if (pull(fx, conf.buf, &e) != 0)
		fail_msg("pull: %s", e.msg);
	sb_release(&conf);
}

struct collect {
	const char *entitlement;
	struct sb out; /* "account: path" lines, in inventory order */
};

static int
collect_grant(const struct db_grant_row *row, void *arg)
{
	struct collect *c = arg;

	if (strcmp(row->entitlement, c->entitlement) == 0)
		sb_addf(&c->out, "%s %d %s\n", row->account, row->tier,
		    row->path);
	return 0;
}

/* Every holder of entitlement, with tier and path. */
static void
holders(struct fx *fx, const char *entitlement, const char *want)
{
	struct db_inventory_filter f = { NULL, 1, 0 };
	struct collect c = { entitlement, SB_INIT };
	struct err e = ERR_INIT;

	if (db_inventory(fx->db, &f, collect_grant, &c, &e) != 0)
		fail_msg("db_inventory: %s", e.msg);
	assert_string_equal(c.out.buf, want);
	sb_release(&c.out);
}

static void
test_corp_tier0(void **state)
{
	struct fx *fx = *state;

	pull_corp(fx);
	/*
	 * Nesting three deep, a cycle (Cycle A <-> Cycle B) that ends, the
	 * primary-group member dave (not in member), a disabled member.
	 */
	holders(fx, "Domain Admins",
	    "Administrator 0 [\"Administrator\",\"Domain Admins\"]\n"
	    "alice 0 [\"alice\",\"Tier0 Admins\",\"Domain Admins\"]\n"
	    "bob 0 [\"bob\",\"Tier0 Nested\",\"Tier0 Admins\","
	    "\"Domain Admins\"]\n"
	    "carol 0 [\"carol\",\"Cycle A\",\"Tier0 Nested\",\"Tier0 Admins\","
	    "\"Domain Admins\"]\n"
	    "dave 0 [\"dave\",\"Domain Admins\"]\n"
	    "erin 0 [\"erin\",\"Domain Admins\"]\n"
	    "svc_sql 0 [\"svc_sql\",\"Domain Admins\"]\n");
	/* the builtin group by SID; a foreign principal in it */
	holders(fx, "Administrators",
	    "Administrator 0 [\"Administrator\",\"Administrators\"]\n"
	    "S-1-5-21-999-888-777-1105 0 [\"S-1-5-21-999-888-777-1105\","
	    "\"Administrators\"]\n"
	    "alice 0 [\"alice\",\"Tier0 Admins\",\"Domain Admins\","
	    "\"Administrators\"]\n"
	    "bob 0 [\"bob\",\"Tier0 Nested\",\"Tier0 Admins\",\"Domain "
	    "Admins\",\"Administrators\"]\n"
	    "carol 0 [\"carol\",\"Cycle A\",\"Tier0 Nested\",\"Tier0 "
	    "Admins\",\"Domain Admins\",\"Administrators\"]\n"
	    "dave 0 [\"dave\",\"Domain Admins\",\"Administrators\"]\n"
	    "erin 0 [\"erin\",\"Domain Admins\",\"Administrators\"]\n"
	    "svc_sql 0 [\"svc_sql\",\"Domain Admins\",\"Administrators\"]\n");
	/* a DC is in Domain Controllers by its primary group only */
	holders(fx, "Domain Controllers",
	    "DC1$ 0 [\"DC1$\",\"Domain Controllers\"]\n");
	holders(fx, "Enterprise Admins",
	    "Administrator 0 [\"Administrator\",\"Enterprise Admins\"]\n");
	/* DnsAdmins has no RID: the catalog names it */
	holders(fx, "DnsAdmins", "grace 0 [\"grace\",\"DnsAdmins\"]\n");
	/* a site group from the configuration, at the default tier 1 */
	holders(fx, "SQL Admins",
	    "gmsa-web$ 1 [\"gmsa-web$\",\"SQL Admins\"]\n"
	    "svc_sql 1 [\"svc_sql\",\"SQL Admins\"]\n");
	/* accounts the catalog names are privileged by themselves */
	holders(fx, "krbtgt", "krbtgt 0 [\"krbtgt\",\"krbtgt\"]\n");
	/* ordinary groups are no entitlement */
	holders(fx, "Domain Users", "");
	holders(fx, "Tier0 Admins", "");
}

static int64_t
count(struct fx *fx, const char *sql)
{
	return db_count(fx->db, sql);
}

static void
test_corp_facts(void **state)
{
	struct fx *fx = *state;

	pull_corp(fx);
	/* users, groups, the DC and the foreign principal: privileged */
	assert_int_equal(count(fx, "SELECT count(*) FROM principal"), 25);
	/* a group managed service account is a service account */
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM principal WHERE name ="
			     " 'gmsa-web$' AND kind = 'service'"),
	    1);
	assert_int_equal(
	    count(fx, "SELECT count(*) FROM principal WHERE name = 'WS1$'"), 0);
	/* decoded times, UAC, kinds */
	assert_int_equal(
	    count(fx,
		"SELECT count(*) FROM principal WHERE name = 'alice' AND"
		" ext_id = 'S-1-5-21-1004336348-1177238915-682003330-1201' AND"
		" kind = 'human' AND enabled = 1 AND"
		" last_used_at = '2026-11-25T00:00:00Z' AND"
		" password_last_set = '2026-06-01T00:00:00Z' AND"
		" created_at = '2024-01-15T09:30:00Z' AND"
		" employee_id = 'E1001' AND email = 'alice@corp.example' AND"
		" upn = 'alice@corp.example' AND"
		" attrs ->> 'manager' = 'grace' AND"
		" attrs ->> 'manager_employee_id' = 'E1008' AND"
		" attrs ->> 'admin_count' = 1 AND attrs ->> 'protected' = 1"),
	    1);
	assert_int_equal(
	    count(fx,
		"SELECT count(*) FROM principal WHERE name = 'svc_sql' AND"
		" kind = 'service' AND json_array_length(attrs, '$.spn') = 2"
		" AND attrs ->> 'password_never_expires' = 1 AND"
		" password_last_set = '2019-05-05T00:00:00Z' AND"
		" attrs ->> 'description' LIKE '%folds it over more than one"
		" line of the export.'"),
	    1);
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM principal WHERE name ="
			     " 'erin' AND enabled = 0 AND"
			     " attrs ->> 'disabled' = 1"),
	    1);
	/* adminCount=1 left behind: not in any protected group */
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM principal WHERE name ="
			     " 'frank' AND attrs ->> 'admin_count' = 1 AND"
			     " attrs ->> 'protected' = 0 AND attrs ->>"
			     " 'account_expires' = '2025-12-31T00:00:00Z'"),
	    1);
	/* accountExpires "never" is null, not year 30828 */
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM principal WHERE name ="
			     " 'grace' AND attrs ->> 'account_expires' IS NULL"
			     " AND attrs ->> 'protected' = 0"),
	    1);
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM principal WHERE name ="
			     " 'carol' AND display_name = 'José Núñez'"),
	    0);
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM principal WHERE name ="
			     " 'carol' AND display_name = 'Carol Núñez'"),
	    1);
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM principal WHERE name ="
			     " 'dave' AND attrs ->> 'primary_group' ="
			     " 'Domain Admins'"),
	    1);
	/* a member DN that names nothing in the export is counted */
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM principal WHERE name ="
			     " 'SQL Admins' AND attrs ->> 'unresolved_members'"
			     " = 1"),
	    1);
	/* the group owner is managedBy's employee id */
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM entitlement WHERE name ="
			     " 'Domain Admins' AND scope = 'corp.example' AND"
			     " reason LIKE 'Domain Admins:%' AND"
			     " attrs ->> 'protected' = 1"),
	    1);
}

/* Write fx->dir/cut.ldif with text. */
static void
write_cut(struct fx *fx, const char *text, struct sb *conf)
{
	struct sb p = SB_INIT;
	FILE *fp;

	sb_addf(&p, "%s/cut.ldif", fx->dir);
	fp = fopen(p.buf, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	sb_reset(conf);
	sb_addf(conf, "path = %s\n", p.buf);
	sb_release(&p);
}

static void
test_bad_export_keeps_snapshot(void **state)
{
	struct fx *fx = *state;
	struct sb conf = SB_INIT, want = SB_INIT;
	struct err e = ERR_INIT;
	int64_t grants;

	pull_corp(fx);
	grants = count(fx, "SELECT count(*) FROM effective_grant");
	assert_true(grants > 20);

	/* a group whose member list AD cut at 1,500 values */
	write_cut(fx,
	    "dn: CN=Domain Admins,CN=Users,DC=corp,DC=example\n"
	    "objectClass: group\n"
	    "objectSid:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoAAIAAA==\n"
	    "member;range=0-1499: CN=A,CN=Users,DC=corp,DC=example\n",
	    &conf);
	assert_int_equal(pull(fx, conf.buf, &e), PARC_EDATA);
	sb_addf(&want,
	    "%s/cut.ldif:1: entry CN=Domain Admins,CN=Users,DC=corp,"
	    "DC=example: member;range=0-1499 is only part of the values (AD "
	    "range retrieval): the export was cut; export with a tool that "
	    "follows ranges (ldifde, or parc's kind = ad)",
	    fx->dir);
	assert_string_equal(e.msg, want.buf);
	assert_int_equal(count(fx, "SELECT count(*) FROM effective_grant"),
	    grants);

	/* objectSid left out of the export */
	write_cut(fx,
	    "dn: CN=x,DC=corp,DC=example\nobjectClass: user\n"
	    "sAMAccountName: x\n",
	    &conf);
	assert_int_equal(pull(fx, conf.buf, &e), PARC_EDATA);
	sb_reset(&want);
	sb_addf(&want,
	    "%s/cut.ldif:1: entry CN=x,DC=corp,DC=example has no objectSid "
	    "(was it left out of the export's attributes?)",
	    fx->dir);
	assert_string_equal(e.msg, want.buf);

	/* a time that is not one */
	write_cut(fx,
	    "dn: CN=x,DC=corp,DC=example\nobjectClass: user\n"
	    "objectSid:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoAAIAAA==\n"
	    "pwdLastSet: yesterday\n",
	    &conf);
	assert_int_equal(pull(fx, conf.buf, &e), PARC_EDATA);
	assert_non_null(strstr(e.msg,
	    "cut.ldif:1: entry CN=x,DC=corp,"
	    "DC=example: pwdLastSet 'yesterday' "
	    "is not a FILETIME"));

	/* nothing AD-like in it */
	write_cut(fx, "dn: DC=corp,DC=example\nobjectClass: domain\n", &conf);
	assert_int_equal(pull(fx, conf.buf, &e), PARC_EDATA);
	assert_non_null(strstr(e.msg, "no users, groups or computers"));

	assert_int_equal(count(fx, "SELECT count(*) FROM effective_grant"),
	    grants);
	sb_release(&conf);
	sb_release(&want);
}

/*
 * The entitlements' domain is the one most entries name, not the first
 * entry's: an account of another domain first in the export (or first to
 * arrive from a server) must not rename every entitlement's scope.
 */
static void
test_scope_most_common(void **state)
{
	struct fx *fx = *state;
	struct sb conf = SB_INIT, text = SB_INIT, path = SB_INIT;
	char buf[4096];
	size_t n;
	FILE *fp;

	sb_adds(&text,
	    "dn: CN=Stray,OU=x,DC=other,DC=test\n"
	    "objectClass: user\n"
	    "objectSid: S-1-5-21-9-9-9-1001\n"
	    "sAMAccountName: stray\n\n");
	sb_addf(&path, "%s/ldif/corp.ldif", data_dir());
	fp = fopen(path.buf, "r");
	assert_non_null(fp);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sb_add(&text, buf, n);
	fclose(fp);
	write_cut(fx, text.buf, &conf);
	if (pull(fx, conf.buf, &(struct err)ERR_INIT) != 0)
		fail_msg("pull failed");
	assert_true(count(fx, "SELECT count(*) FROM entitlement") > 3);
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM entitlement WHERE scope IS"
			     " NOT 'corp.example'"),
	    0);
	sb_release(&conf);
	sb_release(&text);
	sb_release(&path);
}

/*
 * An LDAP value counts its bytes and may hold a NUL: one must be refused,
 * never cut into a shorter value that is valid (another SID, name or DN).
 */
static void
test_nul_in_values(void **state)
{
	static const struct {
		const char *line, *attr, *why;
	} cases[] = {
		/* "S-1-5-21-1-2-3-500\0zz" */
		{ "objectSid:: Uy0xLTUtMjEtMS0yLTMtNTAwAHp6\n", "objectSid",
		    "is not a SID (it holds a NUL byte)" },
		/* "x\0admin" */
		{ "sAMAccountName:: eABhZG1pbg==\n", "sAMAccountName",
		    "is not UTF-8 text" },
		{ "displayName:: eABhZG1pbg==\n", "displayName",
		    "is not UTF-8 text" },
		/* "CN=A,DC=corp,DC=example\0,CN=B" */
		{ "member:: Q049QSxEQz1jb3JwLERDPWV4YW1wbGUALENOPUI=\n",
		    "member", "is not UTF-8 text" },
		/* "CN=Boss,DC=corp,DC=example\0x" */
		{ "manager:: Q049Qm9zcyxEQz1jb3JwLERDPWV4YW1wbGUAeA==\n",
		    "manager", "is not UTF-8 text" },
		{ "userAccountControl:: NTEyAA==\n", "userAccountControl",
		    "is not a short text value" },
	};
	struct fx *fx = *state;
	struct sb conf = SB_INIT, text = SB_INIT, want = SB_INIT;
	struct err e = ERR_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_reset(&text);
		/* the entry is good but for the value at test */
		sb_addf(&text,
		    "dn: CN=x,DC=corp,DC=example\n"
		    "objectClass: group\n"
		    "%s"
		    "objectSid:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoAAIAAA==\n",
		    cases[i].line);
		write_cut(fx, text.buf, &conf);
		assert_int_equal(pull(fx, conf.buf, &e), PARC_EDATA);
		sb_reset(&want);
		sb_addf(&want,
		    "%s/cut.ldif:1: entry CN=x,DC=corp,DC=example: %s %s",
		    fx->dir, cases[i].attr, cases[i].why);
		assert_string_equal(e.msg, want.buf);
	}
	sb_release(&conf);
	sb_release(&text);
	sb_release(&want);
}

static void
test_config_errors(void **state)
{
	struct fx *fx = *state;
	struct err e = ERR_INIT;

	assert_int_equal(pull(fx, "", &e), PARC_ECONFIG);
	assert_non_null(strstr(e.msg, "[source corp] needs path = FILE"));
	assert_int_equal(pull(fx, "path = x.ldif\nprivileged_tier = 7\n", &e),
	    PARC_ECONFIG);
	assert_int_equal(pull(fx, "path = x.ldif\nuri = ldaps://dc1\n", &e),
	    PARC_ECONFIG);
	assert_non_null(strstr(e.msg, "unknown key 'uri'"));
	assert_int_equal(pull(fx, "path = /nonexistent/x.ldif\n", &e),
	    PARC_ESOURCE);
	assert_string_equal(e.msg,
	    "cannot open /nonexistent/x.ldif: No such file or directory");
}

/*
 * Only security groups enter a logon token: a distribution group at any
 * position of a nesting chain passes nothing to what is below it, and
 * what is below it is not protected by AdminSDHolder either. The
 * distribution group itself stays a member, marked as conferring nothing.
 */
static void
test_distribution_groups(void **state)
{
	struct fx *fx = *state;
	struct sb conf = SB_INIT;
	struct err e = ERR_INIT;

	sb_addf(&conf, "path = %s/ldif/distribution.ldif\n", data_dir());
	if (pull(fx, conf.buf, &e) != 0)
		fail_msg("pull: %s", e.msg);
	/* both is in Dist Top and Sec Top: only Sec Top counts */
	holders(fx, "Domain Admins",
	    "both 0 [\"both\",\"Sec Top\",\"Domain Admins\"]\n"
	    "tom 0 [\"tom\",\"Sec Top\",\"Domain Admins\"]\n");
	holders(fx, "Account Operators", "");
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM effective_grant g JOIN"
			     " principal p ON p.id = g.account_id WHERE"
			     " p.name IN ('dina', 'sam', 'mona', 'ulla',"
			     " 'olaf')"),
	    0);
	/* the distribution groups are members still, conferring nothing */
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM membership m JOIN principal"
			     " p ON p.id = m.member_id JOIN principal g ON"
			     " g.id = m.group_id WHERE p.name = 'Dist Top' AND"
			     " g.name = 'Domain Admins'"),
	    1);
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM principal WHERE"
			     " attrs ->> 'confers' = 0 AND attrs ->> "
			     "'security' = 0"),
	    4);
	/* AdminSDHolder protects through security groups only */
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM principal WHERE"
			     " attrs ->> 'protected' = 1 AND kind <> 'group'"),
	    2);
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM principal WHERE name IN"
			     " ('tom', 'both') AND attrs ->> 'protected' = 1"),
	    2);
	sb_release(&conf);
}

/* Recompute the findings; the evidence of kind on account, or "". */
static char *
evidence(struct fx *fx, const char *kind, const char *account)
{
	struct finding_conf fc;
	struct err e = ERR_INIT;
	struct sb q = SB_INIT;
	char *ev;

	finding_conf_init(&fc);
	if (finding_recompute(fx->db, &fc, NULL, &e) != 0)
		fail_msg("finding_recompute: %s", e.msg);
	finding_conf_release(&fc);
	sb_addf(&q,
	    "SELECT f.evidence FROM finding f JOIN principal p ON"
	    " p.id = f.principal_id WHERE f.kind = '%s' AND p.name = ?1",
	    kind);
	ev = orgfx_text(fx->db, q.buf, account);
	sb_release(&q);
	return ev;
}

/*
 * adminCount=1 on an account no longer in any AdminSDHolder-protected
 * group, counting only security groups: the evidence names the group it
 * left and when, where the history shows it.
 */
static void
test_orphaned_admincount(void **state)
{
	struct fx *fx = *state;
	struct sb conf = SB_INIT, text = SB_INIT, want = SB_INIT;
	char buf[4096], day[11], *ev;
	time_t now = time(NULL);
	size_t n;
	FILE *fp;

	/* first olaf is in Account Operators itself */
	sb_addf(&text, "%s/ldif/distribution.ldif", data_dir());
	assert_non_null(fp = fopen(text.buf, "r"));
	sb_reset(&text);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sb_add(&text, buf, n);
	fclose(fp);
	assert_non_null(strstr(text.buf,
	    "member: CN=Dist Ops,OU=Groups,DC=dist,DC=example\n"));
	sb_reset(&want);
	sb_adds(&want, strstr(text.buf, "member: CN=Dist Ops,"));
	text.len =
	    (size_t)(strstr(text.buf, "member: CN=Dist Ops,") - text.buf);
	text.buf[text.len] = '\0';
	sb_adds(&text, "member: CN=olaf,OU=People,DC=dist,DC=example\n");
	sb_adds(&text, want.buf);
	write_cut(fx, text.buf, &conf);
	if (pull(fx, conf.buf, &(struct err)ERR_INIT) != 0)
		fail_msg("pull failed");
	holders(fx, "Account Operators",
	    "olaf 0 [\"olaf\",\"Account Operators\"]\n");
	ev = evidence(fx, "orphaned-admincount", "olaf");
	assert_string_equal(ev, "");
	free(ev);

	/* then only through a distribution group: orphaned */
	sb_reset(&conf);
	sb_addf(&conf, "path = %s/ldif/distribution.ldif\n", data_dir());
	if (pull(fx, conf.buf, &(struct err)ERR_INIT) != 0)
		fail_msg("pull failed");
	holders(fx, "Account Operators", "");
	strftime(day, sizeof(day), "%Y-%m-%d", gmtime(&now));
	sb_reset(&want);
	sb_addf(&want,
	    "olaf has adminCount=1 but is no longer an effective member of "
	    "any AdminSDHolder-protected group (it left Account Operators on "
	    "%s): it keeps the protected ACL and whatever delegation, SPN or "
	    "access it had as an admin; clear adminCount and restore ACL "
	    "inheritance",
	    day);
	ev = evidence(fx, "orphaned-admincount", "olaf");
	assert_string_equal(ev, want.buf);
	free(ev);
	/* tom is protected through Sec Top; both has no adminCount */
	ev = evidence(fx, "orphaned-admincount", "tom");
	assert_string_equal(ev, "");
	free(ev);
	assert_int_equal(count(fx,
			     "SELECT count(*) FROM finding WHERE kind ="
			     " 'orphaned-admincount'"),
	    1);
	sb_release(&conf);
	sb_release(&text);
	sb_release(&want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ldapsearch_output),
		cmocka_unit_test(test_ldifde_output),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_line_limit),
		cmocka_unit_test(test_base64),
		cmocka_unit_test_setup_teardown(test_corp_tier0, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_corp_facts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_export_keeps_snapshot,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope_most_common, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_nul_in_values, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_config_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_distribution_groups, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_orphaned_admincount, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
