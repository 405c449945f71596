/*
 * test_aws.c - the AWS model and policy analysis: IAM policy documents
 * against the catalog, and aws_emit() from the AWS CLI's JSON and a
 * credential report into a database, as a reviewer then sees it.
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

#include "db/catalog.h"
#include "db/db.h"
#include "db/dbint.h"
#include "db/finding.h"
#include "db/sink.h"
#include "lib/sb.h"
#include "lib/share.h"
#include "sync/aws_model.h"
#include "sync/aws_policy.h"

static struct catalog *cat;
static struct aws_rules *rules;

static const char *
data_dir(void)
{
	const char *d = getenv("PARC_TEST_DATA");

	return d != NULL ? d : "tests/data";
}

static int
group_setup(void **state)
{
	struct err e = ERR_INIT;
	struct sb dir = SB_INIT;

	(void)state;
	if (getenv("PARC_SHARE") == NULL)
		setenv("PARC_SHARE", "share", 1);
	cat = catalog_new();
	sb_addf(&dir, "%s/catalog", share_dir());
	if (catalog_load_dir(cat, dir.buf, &e) != 0) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	sb_release(&dir);
	rules = aws_rules_new(cat);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	aws_rules_free(rules);
	catalog_free(cat);
	return 0;
}

/* ---- the policy analysis ---- */

/* Up to 4 named policies, a boundary, and what they parse to. */
struct pols {
	size_t n;
	struct aws_doc *d[4];
	struct aws_facts *f[4];
	struct aws_held h[4];
	struct aws_doc *bd;
	struct aws_facts *bf;
	struct aws_held b;
	int has_b;
	struct aws_verdict v;
};

static void
pols_add(struct pols *p, const char *name, const char *json)
{
	struct err e = ERR_INIT;
	json_t *s = json_string(json);

	if (aws_doc_parse(s, name, &p->d[p->n], &e) != 0)
		fail_msg("%s: %s", name, e.msg);
	json_decref(s);
	p->f[p->n] = aws_facts_new(rules, p->d[p->n]);
	p->h[p->n].name = name;
	p->h[p->n].f = p->f[p->n];
	p->n++;
}

/* The boundary: json, or NULL for one whose document is not known. */
static void
pols_boundary(struct pols *p, const char *name, const char *json)
{
	struct err e = ERR_INIT;
	json_t *s;

	p->has_b = 1;
	p->b.name = name;
	if (json == NULL)
		return;
	s = json_string(json);
	if (aws_doc_parse(s, name, &p->bd, &e) != 0)
		fail_msg("%s: %s", name, e.msg);
	json_decref(s);
	p->bf = aws_facts_new(rules, p->bd);
	p->b.f = p->bf;
}

/* Evaluate the allows of all against the denies of all. */
static int
pols_eval(struct pols *p)
{
	aws_verdict_init(&p->v);
	aws_evaluate(rules, p->h, p->n, p->h, p->n, p->has_b ? &p->b : NULL,
	    &p->v);
	return p->v.tier;
}

static void
pols_free(struct pols *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		aws_doc_free(p->d[i]);
		aws_facts_free(p->f[i]);
	}
	aws_doc_free(p->bd);
	aws_facts_free(p->bf);
	aws_verdict_release(&p->v);
	memset(p, 0, sizeof(*p));
}

#define ALLOW(act, res)                                                     \
	"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\"," \
	"\"Action\":" act ",\"Resource\":" res "}]}"
#define DENY(act)                                             \
	"{\"Statement\":{\"Effect\":\"Deny\",\"Action\":" act \
	",\"Resource\":\"*\"}}"

static void
expect_in(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("'%s' does not say '%s'", hay, needle);
}

static void
test_match(void **state)
{
	(void)state;
	assert_true(aws_action_match("iam:Put*", "iam:PutUserPolicy"));
	assert_true(aws_action_match("IAM:putuserpolicy", "iam:PutUserPolicy"));
	assert_true(aws_action_match("iam:P?ssRole", "iam:PassRole"));
	assert_true(aws_action_match("*", "iam:PassRole"));
	assert_true(aws_action_match("*Role", "iam:PassRole"));
	assert_true(aws_action_match("i*:*Pass*", "iam:PassRole"));
	assert_false(aws_action_match("iam:Put*", "iam:PassRole"));
	assert_false(aws_action_match("iam:PassRol", "iam:PassRole"));
	assert_false(aws_action_match("iam:PassRole", "iam:PassRol"));
	assert_false(aws_action_match("s3:*", "iam:PassRole"));
	/* a pattern against a pattern: "iam:P*" covers all of "iam:Put*" */
	assert_true(aws_action_match("iam:P*", "iam:Put*"));
	assert_false(aws_action_match("iam:PutUser*", "iam:Put*"));
}

/*
 * Each action entry of the catalog, allowed on "*", earns its tier; on
 * one bucket, tier 2 at most; written in another case, the same.
 */
static void
test_each_action(void **state)
{
	const struct catalog_entry *ce;
	struct pols p;
	struct sb doc = SB_INIT, up = SB_INIT;
	size_t i, n = 0;
	char *c;

	(void)state;
	for (i = 0; i < catalog_count(cat); i++) {
		ce = catalog_at(cat, i);
		if (strcmp(ce->family, "aws") != 0 ||
		    strcmp(ce->kind, "action") != 0)
			continue;
		n++;
		memset(&p, 0, sizeof(p));
		sb_reset(&doc);
		sb_addf(&doc, ALLOW("\"%s\"", "\"*\""), ce->match);
		pols_add(&p, "P", doc.buf);
		if (pols_eval(&p) != ce->tier)
			fail_msg("%s: tier %d, the catalog says %d (%s)",
			    ce->match, p.v.tier, ce->tier, p.v.evidence.buf);
		assert_non_null(p.v.entry);
		assert_false(p.v.lost);
		expect_in(p.v.evidence.buf, "on every resource");
		pols_free(&p);
		sb_reset(&doc);
		sb_addf(&doc, ALLOW("\"%s\"", "\"arn:aws:s3:::bucket/*\""),
		    ce->match);
		pols_add(&p, "P", doc.buf);
		assert_int_equal(pols_eval(&p), ce->tier < 2 ? 2 : ce->tier);
		assert_true(p.v.scoped);
		expect_in(p.v.evidence.buf, "specific resources");
		pols_free(&p);
		sb_reset(&up);
		sb_adds(&up, ce->match);
		for (c = up.buf; *c; c++)
			*c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
		sb_reset(&doc);
		sb_addf(&doc, ALLOW("[\"%s\"]", "[\"*\"]"), up.buf);
		pols_add(&p, "P", doc.buf);
		assert_int_equal(pols_eval(&p), ce->tier);
		pols_free(&p);
	}
	assert_true(n >= 40);
	sb_release(&doc);
	sb_release(&up);
}

/*
 * Each combination: all parts in one policy earn its tier; spread over
 * several policies the principal holds, too; one part short, not.
 */
static void
test_each_combination(void **state)
{
	const struct catalog_entry *ce;
	struct pols p;
	struct sb doc = SB_INIT, acts = SB_INIT, names = SB_INIT;
	char part[4][96];
	size_t i, k, np, skip, n = 0;
	const char *s;

	(void)state;
	for (i = 0; i < aws_rules_ncombos(rules); i++) {
		ce = aws_rules_combo(rules, i);
		n++;
		for (np = 0, s = ce->match; *s && np < 4; np++) {
			size_t l = strcspn(s, "+");

			assert_true(l < sizeof(part[0]));
			memcpy(part[np], s, l);
			part[np][l] = '\0';
			s += l + (s[l] == '+');
		}
		assert_true(np >= 2);
		/* all parts in one policy */
		memset(&p, 0, sizeof(p));
		sb_reset(&acts);
		for (k = 0; k < np; k++)
			sb_addf(&acts, "%s\"%s\"", k ? "," : "[", part[k]);
		sb_addc(&acts, ']');
		sb_reset(&doc);
		sb_addf(&doc, ALLOW("%s", "\"*\""), acts.buf);
		pols_add(&p, "one", doc.buf);
		if (pols_eval(&p) > ce->tier)
			fail_msg("%s: tier %d in one policy", ce->match,
			    p.v.tier);
		pols_free(&p);
		/* one part per policy */
		for (k = 0; k < np; k++) {
			static const char *const nm[] = { "A", "B", "C", "D" };

			sb_reset(&doc);
			sb_addf(&doc, ALLOW("\"%s\"", "\"*\""), part[k]);
			pols_add(&p, nm[k], doc.buf);
		}
		sb_reset(&names);
		assert_int_equal(aws_combo_held(rules, i, p.h, p.n, p.h, p.n,
				     NULL, &names),
		    1);
		expect_in(names.buf, "(A)");
		expect_in(names.buf, "(B)");
		for (k = 0; k < np; k++)
			assert_int_equal(aws_combo_held(rules, i, &p.h[k], 1,
					     p.h, p.n, NULL, NULL),
			    0);
		if (pols_eval(&p) > ce->tier)
			fail_msg("%s: tier %d over %zu policies", ce->match,
			    p.v.tier, np);
		pols_free(&p);
		/* one part short */
		for (skip = 0; skip < np; skip++) {
			for (k = 0; k < np; k++) {
				if (k == skip)
					continue;
				sb_reset(&doc);
				sb_addf(&doc, ALLOW("\"%s\"", "\"*\""),
				    part[k]);
				pols_add(&p, "X", doc.buf);
			}
			assert_int_equal(aws_combo_held(rules, i, p.h, p.n, p.h,
					     p.n, NULL, NULL),
			    0);
			pols_free(&p);
		}
		/* a Deny of one part in another policy breaks it */
		for (k = 0; k < np; k++) {
			sb_reset(&doc);
			sb_addf(&doc, ALLOW("\"%s\"", "\"*\""), part[k]);
			pols_add(&p, "X", doc.buf);
		}
		sb_reset(&doc);
		sb_addf(&doc, DENY("\"%s\""), part[np - 1]);
		pols_add(&p, "NoLast", doc.buf);
		assert_int_equal(aws_combo_held(rules, i, p.h, p.n, p.h, p.n,
				     NULL, NULL),
		    0);
		pols_free(&p);
	}
	assert_true(n >= 8);
	sb_release(&doc);
	sb_release(&acts);
	sb_release(&names);
}

/* iam:PassRole and ec2:RunInstances from two policies: tier 0. */
static void
test_combination_evidence(void **state)
{
	struct pols p;

	(void)state;
	memset(&p, 0, sizeof(p));
	pols_add(&p, "PassAny", ALLOW("\"iam:PassRole\"", "\"*\""));
	pols_add(&p, "Ec2", ALLOW("[\"ec2:RunInstances\"]", "\"*\""));
	assert_int_equal(pols_eval(&p), 0);
	assert_string_equal(p.v.entry->kind, "combination");
	expect_in(p.v.evidence.buf,
	    "iam:PassRole (PassAny) + ec2:RunInstances (Ec2) together");
	pols_free(&p);
	/* PassRole on one role only: the pair is scoped, tier 2 */
	pols_add(&p, "PassOne",
	    ALLOW("\"iam:PassRole\"",
		"\"arn:aws:iam::123456789012:role/app\""));
	pols_add(&p, "Ec2", ALLOW("[\"ec2:RunInstances\"]", "\"*\""));
	assert_int_equal(pols_eval(&p), 2);
	pols_free(&p);
}

/* ARNs that name every resource an action works on count as "*". */
static void
test_resource_types(void **state)
{
	static const struct {
		const char *act, *res;
		int tier;
	} cases[] = {
		{ "iam:PassRole", "arn:aws:iam::123456789012:role/*", 1 },
		{ "iam:PassRole", "arn:aws:iam::*:role/*", 1 },
		{ "iam:PassRole", "arn:aws:iam::123456789012:role/app-*", 2 },
		{ "iam:PassRole", "arn:aws:iam::123456789012:user/*", 2 },
		{ "iam:PutUserPolicy", "arn:aws:iam::123456789012:user/*", 0 },
		{ "iam:PutUserPolicy", "arn:aws:iam::123456789012:*", 0 },
		{ "iam:PutUserPolicy", "arn:aws:*:*:123456789012:*", 0 },
		{ "iam:PutUserPolicy", "arn:aws:s3:::*", 2 },
		{ "iam:CreatePolicyVersion", "arn:aws:iam::1:policy/*", 0 },
		{ "lambda:UpdateFunctionCode",
		    "arn:aws:lambda:*:123456789012:function:*", 1 },
		/* "*" on every IAM resource is iam:* on them */
		{ "*", "arn:aws:iam::123456789012:*", 0 },
		{ "*", "arn:aws:s3:::*", 2 },
		{ "iam:*", "arn:aws:iam::123456789012:*", 0 },
	};
	struct sb doc = SB_INIT;
	struct pols p;
	size_t i;

	(void)state;
	memset(&p, 0, sizeof(p));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_reset(&doc);
		sb_addf(&doc, ALLOW("\"%s\"", "\"%s\""), cases[i].act,
		    cases[i].res);
		pols_add(&p, "P", doc.buf);
		if (pols_eval(&p) != cases[i].tier)
			fail_msg("%s on %s: tier %d, want %d", cases[i].act,
			    cases[i].res, p.v.tier, cases[i].tier);
		pols_free(&p);
	}
	/* NotResource of all roles leaves PassRole nothing */
	pols_add(&p, "P",
	    "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":"
	    "\"iam:PassRole\",\"NotResource\":\"arn:aws:iam::1:role/*\"}}");
	assert_int_equal(pols_eval(&p), -1);
	pols_free(&p);
	/* and a Deny of all roles cancels PassRole on "*" */
	pols_add(&p, "P", ALLOW("\"iam:PassRole\"", "\"*\""));
	pols_add(&p, "D",
	    "{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"iam:Pass*\","
	    "\"Resource\":\"arn:aws:iam::1:role/*\"}}");
	assert_int_equal(pols_eval(&p), -1);
	pols_free(&p);
	sb_release(&doc);
}

/* Deny wins, from another policy, and the evidence names both. */
static void
test_deny_wins(void **state)
{
	struct pols p;

	(void)state;
	memset(&p, 0, sizeof(p));
	pols_add(&p, "Admin", ALLOW("\"*\"", "\"*\""));
	pols_add(&p, "DenyAll", DENY("\"*\""));
	assert_int_equal(pols_eval(&p), -1);
	assert_true(p.v.lost);
	assert_int_equal(p.v.lost_tier, 0);
	assert_string_equal(p.v.denied_by.buf, "DenyAll");
	expect_in(p.v.evidence.buf,
	    "an explicit Deny in DenyAll cancels * (Admin)");
	pols_free(&p);
	/* a wildcard deny covers the concrete action */
	pols_add(&p, "Attach", ALLOW("\"iam:AttachUserPolicy\"", "\"*\""));
	pols_add(&p, "NoAttach", DENY("\"iam:Attach*\""));
	assert_int_equal(pols_eval(&p), -1);
	assert_true(p.v.lost);
	pols_free(&p);
	/* denying IAM leaves organizations:* to an administrator */
	pols_add(&p, "Admin", ALLOW("\"*\"", "\"*\""));
	pols_add(&p, "NoIAM", DENY("\"iam:*\""));
	assert_int_equal(pols_eval(&p), 0);
	assert_string_equal(p.v.entry->match, "organizations:*");
	assert_true(p.v.lost);
	pols_free(&p);
	/* and denying that too leaves tier 1 */
	pols_add(&p, "Admin", ALLOW("\"*\"", "\"*\""));
	pols_add(&p, "Fence",
	    DENY("[\"iam:*\",\"organizations:*\",\"sso:*\"]"));
	assert_int_equal(pols_eval(&p), 1);
	pols_free(&p);
	/* a deny on some ARNs only does not cancel the rest */
	pols_add(&p, "Admin", ALLOW("\"*\"", "\"*\""));
	pols_add(&p, "NoProd",
	    "{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\","
	    "\"Resource\":\"arn:aws:s3:::prod/*\"}}");
	assert_int_equal(pols_eval(&p), 0);
	assert_false(p.v.lost);
	pols_free(&p);
}

/* A Deny with a Condition ("deny without MFA") cancels nothing. */
static void
test_conditional_deny(void **state)
{
	struct pols p;

	(void)state;
	memset(&p, 0, sizeof(p));
	pols_add(&p, "Admin", ALLOW("\"*\"", "\"*\""));
	pols_add(&p, "DenyWithoutMFA",
	    "{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\","
	    "\"Resource\":\"*\",\"Condition\":{\"BoolIfExists\":"
	    "{\"aws:MultiFactorAuthPresent\":\"false\"}}}]}");
	assert_int_equal(pols_eval(&p), 0);
	assert_false(p.v.lost);
	expect_in(p.v.evidence.buf,
	    "a Deny with a Condition touches * but does not cancel it");
	pols_free(&p);
}

/* NotAction: everything except what it names. */
static void
test_notaction(void **state)
{
	struct pols p;

	(void)state;
	memset(&p, 0, sizeof(p));
	pols_add(&p, "PowerUserLike",
	    "{\"Statement\":{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\","
	    "\"Resource\":\"*\"}}");
	assert_int_equal(pols_eval(&p), 0);
	assert_string_equal(p.v.entry->match, "organizations:*");
	pols_free(&p);
	/* PowerUserAccess's own document (v5): tier 1, as the catalog says */
	pols_add(&p, "PowerUser",
	    "{\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":[\"iam:*\","
	    "\"organizations:*\",\"account:*\"],\"Resource\":\"*\"},"
	    "{\"Effect\":\"Allow\",\"Action\":[\"account:"
	    "GetAccountInformation\","
	    "\"iam:CreateServiceLinkedRole\",\"iam:DeleteServiceLinkedRole\","
	    "\"iam:ListRoles\",\"organizations:DescribeOrganization\"],"
	    "\"Resource\":\"*\"}]}");
	assert_int_equal(pols_eval(&p), 1);
	pols_free(&p);
	/* Deny NotAction s3:*: everything but S3 is denied */
	pols_add(&p, "Admin", ALLOW("\"*\"", "\"*\""));
	pols_add(&p, "OnlyS3",
	    "{\"Statement\":{\"Effect\":\"Deny\",\"NotAction\":\"s3:*\","
	    "\"Resource\":\"*\"}}");
	assert_int_equal(pols_eval(&p), -1);
	assert_true(p.v.lost);
	pols_free(&p);
}

/* NotResource: everything except the ARNs it names. */
static void
test_notresource(void **state)
{
	struct pols p;

	(void)state;
	memset(&p, 0, sizeof(p));
	pols_add(&p, "PutButAdmin",
	    "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":"
	    "\"iam:PutUserPolicy\",\"NotResource\":"
	    "\"arn:aws:iam::123456789012:user/admin\"}}");
	assert_int_equal(pols_eval(&p), 0);
	pols_free(&p);
	pols_add(&p, "Nothing",
	    "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\","
	    "\"NotResource\":\"*\"}}");
	assert_int_equal(pols_eval(&p), -1);
	pols_free(&p);
	/* a Deny of all but one bucket leaves the allow scoped */
	pols_add(&p, "Admin", ALLOW("\"*\"", "\"*\""));
	pols_add(&p, "OnlyBucket",
	    "{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\","
	    "\"NotResource\":[\"arn:aws:s3:::b\",\"arn:aws:s3:::b/*\"]}}");
	assert_int_equal(pols_eval(&p), 2);
	assert_true(p.v.scoped);
	assert_true(p.v.lost);
	pols_free(&p);
}

/* An Allow with a Condition counts, and says so. */
static void
test_conditions(void **state)
{
	struct pols p;

	(void)state;
	memset(&p, 0, sizeof(p));
	pols_add(&p, "FromOffice",
	    "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\","
	    "\"Resource\":\"*\",\"Condition\":{\"IpAddress\":"
	    "{\"aws:SourceIp\":\"203.0.113.0/24\"}}}}");
	assert_int_equal(pols_eval(&p), 0);
	assert_true(p.v.conditional);
	expect_in(p.v.evidence.buf, "conditional");
	pols_free(&p);
	/* an unconditional allow of the same beside it: not conditional */
	pols_add(&p, "FromOffice",
	    "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\","
	    "\"Resource\":\"*\",\"Condition\":{\"IpAddress\":"
	    "{\"aws:SourceIp\":\"203.0.113.0/24\"}}}}");
	pols_add(&p, "Admin", ALLOW("\"*\"", "\"*\""));
	assert_int_equal(pols_eval(&p), 0);
	assert_false(p.v.conditional);
	pols_free(&p);
}

/* The permissions boundary caps what the policies allow. */
static void
test_boundary(void **state)
{
	struct pols p;

	(void)state;
	memset(&p, 0, sizeof(p));
	pols_add(&p, "Admin", ALLOW("\"*\"", "\"*\""));
	pols_boundary(&p, "S3Only", ALLOW("\"s3:*\"", "\"*\""));
	assert_int_equal(pols_eval(&p), -1);
	assert_true(p.v.lost);
	expect_in(p.v.evidence.buf,
	    "bounded by S3Only, which does not allow *");
	pols_free(&p);
	pols_add(&p, "Admin", ALLOW("\"*\"", "\"*\""));
	pols_boundary(&p, "Unknown", NULL);
	assert_int_equal(pols_eval(&p), 0);
	expect_in(p.v.evidence.buf,
	    "bounded by Unknown (its document is not in the export)");
	pols_free(&p);
	pols_add(&p, "Admin", ALLOW("\"*\"", "\"*\""));
	pols_boundary(&p, "Wide", ALLOW("\"*\"", "\"*\""));
	assert_int_equal(pols_eval(&p), 0);
	assert_false(p.v.lost);
	expect_in(p.v.evidence.buf, "bounded by Wide");
	pols_free(&p);
	/* a boundary allows nothing by itself */
	pols_add(&p, "ReadOnly", ALLOW("\"s3:GetObject\"", "\"*\""));
	pols_boundary(&p, "Wide", ALLOW("\"*\"", "\"*\""));
	assert_int_equal(pols_eval(&p), -1);
	pols_free(&p);
}

/* Documents as objects, JSON strings and URL-encoded strings; bad ones. */
static void
test_documents(void **state)
{
	static const struct {
		const char *doc, *msg;
	} bad[] = {
		{ "not json", "P: the policy document is not JSON" },
		{ "%7B%22Statement%22%3A",
		    "P: the policy document is not JSON" },
		{ "[1]", "P: the policy document is not a JSON object" },
		{ "{}", "P: the policy document has no Statement" },
		{ "{\"Statement\":[1]}", "P: statement 1 is not an object" },
		{ "{\"Statement\":{\"Effect\":\"allow\",\"Action\":\"*\","
		  "\"Resource\":\"*\"}}",
		    "P: statement 1: Effect is not Allow or Deny" },
		{ "{\"Statement\":{\"Effect\":\"Allow\",\"Resource\":\"*\"}}",
		    "P: statement 1 has neither Action and NotAction" },
		{ "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\"}}",
		    "P: statement 1 has neither Resource and NotResource" },
		{ "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[1],"
		  "\"Resource\":\"*\"}}",
		    "P: statement 1: an item of Action is not a string" },
		{ "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":{},"
		  "\"Resource\":\"*\"}}",
		    "P: statement 1: Action is neither a string nor a list" },
		{ "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\","
		  "\"Resource\":\"*\"},\"Statement\":[]}",
		    "P: the policy document is not JSON" },
	};
	struct aws_doc *d = NULL;
	struct err e = ERR_INIT;
	struct pols p;
	json_t *j;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		j = json_string(bad[i].doc);
		assert_int_equal(aws_doc_parse(j, "P", &d, &e), PARC_EDATA);
		assert_null(d);
		if (strncmp(e.msg, bad[i].msg, strlen(bad[i].msg)) != 0)
			fail_msg("%s: '%s', want '%s'", bad[i].doc, e.msg,
			    bad[i].msg);
		json_decref(j);
	}
	j = json_integer(3);
	assert_int_equal(aws_doc_parse(j, "P", &d, &e), PARC_EDATA);
	json_decref(j);
	/* URL-encoded, as the IAM API sends it: '+' stays a plus */
	memset(&p, 0, sizeof(p));
	pols_add(&p, "Enc",
	    "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22"
	    "Effect%22%3A%22Allow%22%2C%22Action%22%3A%22iam%3APassRole%22"
	    "%2C%22Resource%22%3A%22*%22%2C%22Sid%22%3A%22a+b%22%7D%7D");
	assert_int_equal(pols_eval(&p), 1);
	assert_string_equal(json_string_value(
				json_object_get(json_object_get(aws_doc_json(
								    p.d[0]),
						    "Statement"),
				    "Sid")),
	    "a+b");
	pols_free(&p);
	/* a decoded object */
	j = json_pack("{s:[{s:s,s:s,s:s}]}", "Statement", "Effect", "Allow",
	    "Action", "iam:CreateAccessKey", "Resource", "*");
	assert_int_equal(aws_doc_parse(j, "Obj", &d, &e), 0);
	json_decref(j);
	aws_doc_free(d);
}

/* ---- aws_emit into a database ---- */

static char *
slurp(const char *name, size_t *len)
{
	struct sb path = SB_INIT, text = SB_INIT;
	char buf[8192];
	FILE *fp;
	size_t n;

	sb_addf(&path, "%s/aws/%s", data_dir(), name);
	if ((fp = fopen(path.buf, "r")) == NULL)
		fail_msg("cannot open %s (set PARC_TEST_DATA)", path.buf);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sb_add(&text, buf, n);
	fclose(fp);
	sb_release(&path);
	*len = text.len;
	return sb_detach(&text);
}

/* Emit details (and report) into a new database; 0 or the error. */
static int
emit(struct db **db, const char *details, size_t dlen, const char *report,
    size_t rlen, struct err *e)
{
	struct sink *sink = NULL;
	json_error_t je;
	json_t *j;
	int rc;

	if (db_open(db, ":memory:", DB_CREATE, e) != 0 ||
	    sink_open(*db, "aws-prod", "aws", &sink, e) != 0)
		fail_msg("%s", e->msg);
	/* as a reader that lets NUL through would: aws_emit refuses it */
	j = json_loadb(details, dlen, JSON_ALLOW_NUL, &je);
	if (j == NULL)
		fail_msg("test JSON: %s", je.text);
	rc = aws_emit(sink, cat, j, "details.json", report, rlen, "report.csv",
	    e);
	json_decref(j);
	if (rc != 0) {
		sink_abort(sink, e->msg);
		return rc;
	}
	return sink_commit(sink, NULL, e);
}

/* Rows of sql as "a|b|c" lines. */
static void
dump(struct db *db, const char *sql, struct sb *out)
{
	sqlite3_stmt *st;
	const char *t;
	int i;

	sb_reset(out);
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

static const char grants_sql[] =
    "SELECT p.name, n.name, coalesce(n.tier, '-'), g.path"
    " FROM effective_grant g JOIN principal p ON p.id = g.account_id"
    " JOIN entitlement n ON n.id = g.entitlement_id"
    " WHERE n.tier <= 2 ORDER BY 1, 2";

/* The AWS CLI's own example: users in groups, a role, inline policies. */
static void
test_emit_cli_example(void **state)
{
	struct db *db = NULL;
	struct err e = ERR_INIT;
	struct sb out = SB_INIT;
	size_t len;
	char *d = slurp("awscli-example.get-account-authorization-details.json",
	    &len);

	(void)state;
	if (emit(&db, d, len, NULL, 0, &e) != 0)
		fail_msg("%s", e.msg);
	dump(db, grants_sql, &out);
	assert_string_equal(out.buf,
	    "Alice|AdministratorAccess|0|[\"Alice\",\"Admins\","
	    "\"AdministratorAccess\"]\n"
	    "Bob|AdministratorAccess|0|[\"Bob\",\"Admins\","
	    "\"AdministratorAccess\"]\n"
	    "Charlie|PowerUserAccess|1|[\"Charlie\",\"Dev\","
	    "\"PowerUserAccess\"]\n"
	    "EC2role|AmazonS3FullAccess|2|[\"EC2role\","
	    "\"AmazonS3FullAccess\"]\n");
	dump(db,
	    "SELECT kind, name, coalesce(last_used_at, '-'),"
	    " attrs ->> '$.trust_policy.Statement[0].Principal.Service'"
	    " FROM principal ORDER BY 1, 2",
	    &out);
	assert_string_equal(out.buf,
	    "group|Admins|-|NULL\ngroup|Dev|-|NULL\ngroup|Finance|-|NULL\n"
	    "human|Alice|-|NULL\nhuman|Bob|-|NULL\nhuman|Charlie|-|NULL\n"
	    "service|EC2role|2019-11-13T17:30:00Z|ec2.amazonaws.com\n");
	/* inline policies by holder; one not in the export, unclassified */
	dump(db,
	    "SELECT ext_id, coalesce(tier, '-'), attrs ->> '$.type' FROM"
	    " entitlement WHERE tier IS NULL OR tier = 3 ORDER BY 1",
	    &out);
	assert_string_equal(out.buf,
	    "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess|-|aws-managed\n"
	    "group/Finance/policygen-201310141157|3|inline\n"
	    "user/Bob/DenyBillingAndIAMPolicy|3|inline\n");
	db_close(db);
	sb_release(&out);
	free(d);
}

/*
 * A richer account: groups with deny, a boundary, a combination, old
 * and new policy versions, NotAction, a conditional admin, the root
 * user; the credential report's usage; and the findings a reviewer gets.
 */
static void
test_emit_rich(void **state)
{
	struct db *db = NULL;
	struct err e = ERR_INIT;
	struct sb out = SB_INIT;
	struct finding_conf fc;
	size_t dl, rl;
	char *d = slurp("rich.json", &dl), *r = slurp("rich-report.csv", &rl);

	(void)state;
	if (emit(&db, d, dl, r, rl, &e) != 0)
		fail_msg("%s", e.msg);
	dump(db, grants_sql, &out);
	assert_string_equal(out.buf,
	    /* administrator role, and its inline escalation */
	    "OrgAdmin|AdministratorAccess|0|[\"OrgAdmin\","
	    "\"AdministratorAccess\"]\n"
	    "OrgAdmin|role/OrgAdmin/break-glass-extra|0|[\"OrgAdmin\","
	    "\"role/OrgAdmin/break-glass-extra\"]\n"
	    "alice|AdministratorAccess|0|[\"alice\",\"admins\","
	    "\"AdministratorAccess\"]\n"
	    /* bob's own Deny of iam:* cuts the group's policy for him only
	       (his view of admins); organizations:* is left: still tier 0 */
	    "bob|AdministratorAccess, less the Deny in user/bob/NoIAM (bob)|0|"
	    "[\"bob\",\"admins\",\"AdministratorAccess, less the Deny in "
	    "user/bob/NoIAM (bob)\"]\n"
	    /* two policies that escalate only together */
	    "carol|PassRoleAll|1|[\"carol\",\"deployers\",\"PassRoleAll\"]\n"
	    "carol|RunInstances|2|[\"carol\",\"RunInstances\"]\n"
	    "carol|iam:PassRole (PassRoleAll) + ec2:RunInstances "
	    "(RunInstances)|0|[\"carol\",\"iam:PassRole (PassRoleAll) + "
	    "ec2:RunInstances (RunInstances)\"]\n"
	    /* a Deny with a Condition cancels nothing */
	    "dave|AdministratorAccess|0|[\"dave\",\"admins\","
	    "\"AdministratorAccess\"]\n"
	    /* NotAction iam:* still allows organizations:* */
	    "frank|EverythingButIAM|0|[\"frank\",\"EverythingButIAM\"]\n"
	    /* the boundary leaves EC2 */
	    "gina|AdministratorAccess, within the boundary S3AndEC2Only "
	    "(gina)|2|[\"gina\",\"admins\",\"AdministratorAccess, within the "
	    "boundary S3AndEC2Only (gina)\"]\n"
	    /* the group's own deny, for every member, through the group */
	    "harry|AdministratorAccess, less the Deny in group/fenced/NoIAM "
	    "(fenced)|1|[\"harry\",\"fenced\",\"AdministratorAccess, less the "
	    "Deny in group/fenced/NoIAM (fenced)\"]\n"
	    "ivan|PutPolicyButAdmin|0|[\"ivan\",\"PutPolicyButAdmin\"]\n"
	    /* a boundary not in the export: named, nothing taken */
	    "kim|AdministratorAccess, within the boundary NotExported (kim)|0|"
	    "[\"kim\",\"admins\",\"AdministratorAccess, within the boundary "
	    "NotExported (kim)\"]\n"
	    "root|root user of AWS account 123456789012|0|[\"root\",\"root "
	    "user of AWS account 123456789012\"]\n"
	    "svc-deploy|AdminFromOffice|0|[\"svc-deploy\","
	    "\"AdminFromOffice\"]\n");
	/* admins as bob and gina hold it; the group itself keeps the rest */
	dump(db,
	    "SELECT g.ext_id, group_concat(m.name, ',') FROM principal g"
	    " JOIN membership s ON s.group_id = g.id JOIN principal m"
	    " ON m.id = s.member_id WHERE g.name = 'admins' GROUP BY g.id"
	    " ORDER BY 1",
	    &out);
	assert_string_equal(out.buf,
	    "arn:aws:iam::123456789012:group/admins|alice,dave\n"
	    "arn:aws:iam::123456789012:group/admins#arn:aws:iam::123456789012:"
	    "user/bob|bob\n"
	    "arn:aws:iam::123456789012:group/admins#arn:aws:iam::123456789012:"
	    "user/gina|gina\n"
	    "arn:aws:iam::123456789012:group/admins#arn:aws:iam::123456789012:"
	    "user/kim|kim\n");
	/* the evidence a reviewer reads beside bob's and gina's grants */
	dump(db,
	    "SELECT reason FROM entitlement WHERE ext_id LIKE '%#%user/bob'",
	    &out);
	assert_string_equal(out.buf,
	    "allows organizations:* (AdministratorAccess) on every resource; "
	    "an explicit Deny in user/bob/NoIAM cancels * "
	    "(AdministratorAccess)\n");
	dump(db,
	    "SELECT reason FROM entitlement WHERE name = 'AdminFromOffice'",
	    &out);
	expect_in(out.buf, "conditional: every such Allow has a Condition");
	dump(db,
	    "SELECT reason FROM entitlement WHERE ext_id LIKE '%#%user/kim'",
	    &out);
	assert_string_equal(out.buf,
	    "allows * (AdministratorAccess) on every resource; bounded by "
	    "NotExported (its document is not in the export)\n");
	/* only the default version counts: erin's v1 allowed "*" */
	dump(db,
	    "SELECT tier, attrs ->> '$.default_version' FROM entitlement"
	    " WHERE name = 'OldPolicy'",
	    &out);
	assert_string_equal(out.buf, "3|v2\n");
	/* unattached policies are not entitlements */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM entitlement WHERE name IN"
			     " ('Unattached', 'S3AndEC2Only')"),
	    0);
	/* principals: kinds, usage, MFA as the report says */
	dump(db,
	    "SELECT name, kind, coalesce(enabled, '-'), coalesce(mfa, '-'),"
	    " coalesce(last_used_at, '-'), coalesce(password_last_set, '-'),"
	    " coalesce(attrs ->> '$.access_key_1_last_rotated', '-')"
	    " FROM principal WHERE kind <> 'group' ORDER BY name",
	    &out);
	assert_string_equal(out.buf,
	    "AWSServiceRoleForSupport|service|-|-|-|-|-\n"
	    "OrgAdmin|service|-|-|2026-11-20T12:00:00Z|-|-\n"
	    "alice|human|1|0|2026-11-29T08:00:00Z|2026-06-01T00:00:00Z|-\n"
	    "bob|human|1|1|2026-12-01T08:00:00Z|2026-06-01T00:00:00Z|-\n"
	    "carol|human|1|-|2026-12-02T11:00:00Z|-|2025-01-10T00:00:00Z\n"
	    "dave|human|1|1|2025-01-01T08:00:00Z|2024-03-01T09:00:00Z|-\n"
	    "erin|human|0|-|-|-|-\n"
	    "frank|human|-|-|-|-|-\n"
	    "gina|human|-|-|-|-|-\n"
	    "harry|human|-|-|-|-|-\n"
	    "ivan|shared|-|-|-|-|-\n"
	    "kim|human|-|-|-|-|-\n"
	    "root|break-glass|1|0|2026-11-30T10:00:00Z|-|2024-01-02T00:00:00Z\n"
	    "svc-deploy|service|1|0|2026-12-04T20:00:00Z|2024-03-01T09:00:00Z|"
	    "-\n");
	/* the trust policy arrived URL-encoded and is kept decoded */
	dump(db,
	    "SELECT attrs ->> '$.trust_policy.Statement[0].Principal.AWS'"
	    " FROM principal WHERE name = 'OrgAdmin'",
	    &out);
	assert_string_equal(out.buf, "arn:aws:iam::123456789012:root\n");
	dump(db,
	    "SELECT name, attrs ->> '$.trusted_by' FROM principal"
	    " WHERE kind = 'service' AND attrs ->> '$.role_id' IS NOT NULL"
	    " ORDER BY 1",
	    &out);
	assert_string_equal(out.buf,
	    "AWSServiceRoleForSupport|[\"Service:support.amazonaws.com\"]\n"
	    "OrgAdmin|[\"AWS:arn:aws:iam::123456789012:root (conditional)\"]"
	    "\n");
	/* the findings */
	finding_conf_init(&fc);
	fc.now = "2026-12-05T12:00:00Z";
	if (finding_recompute(db, &fc, NULL, &e) != 0)
		fail_msg("%s", e.msg);
	finding_conf_release(&fc);
	dump(db,
	    "SELECT DISTINCT f.kind, p.name, f.severity FROM finding f"
	    " JOIN principal p ON p.id = coalesce(f.principal_id,"
	    " (SELECT account_id FROM effective_grant WHERE id = f.grant_id))"
	    " WHERE f.kind IN ('no-mfa', 'old-access-key', 'dormant',"
	    " 'root-account-use', 'break-glass-used', 'service-interactive')"
	    " ORDER BY 1, 2",
	    &out);
	assert_string_equal(out.buf,
	    "break-glass-used|root|critical\n"
	    "dormant|dave|high\n"
	    "no-mfa|alice|critical\n"
	    "no-mfa|root|critical\n"
	    "old-access-key|carol|high\n"
	    "old-access-key|root|high\n"
	    "root-account-use|root|critical\n"
	    /* a service account with a console password (and no MFA, which
	       no-mfa leaves to this finding for service accounts) */
	    "service-interactive|svc-deploy|critical\n");
	/* frank, gina, kim... are not in the report: unknown, not unused */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM finding WHERE kind ="
			     " 'never-used'"),
	    0);
	dump(db,
	    "SELECT name FROM principal WHERE attrs ->> '$.usage_unknown'"
	    " ORDER BY 1",
	    &out);
	assert_string_equal(out.buf, "frank\ngina\nharry\nivan\nkim\n");
	dump(db, "SELECT evidence FROM finding WHERE kind = 'root-account-use'",
	    &out);
	assert_string_equal(out.buf,
	    "the root user of AWS account 123456789012 has an active access "
	    "key (key 1, last rotated 2024-01-02) and was used on 2026-11-30, "
	    "5 days ago (within 90 days): root should have no access keys "
	    "and sign in only for the few tasks that need it\n");
	db_close(db);
	sb_release(&out);
	free(d);
	free(r);
}

/* Broken shapes: PARC_EDATA naming the object, nothing committed. */
static void
test_hostile(void **state)
{
	static const struct {
		const char *json, *report, *msg;
	} bad[] = {
		{ "[]", NULL,
		    "details.json: the authorization details are not a JSON "
		    "object" },
		{ "{\"UserDetailList\": 3}", NULL,
		    "details.json: the account: UserDetailList is not a list" },
		{ "{\"UserDetailList\": [{\"Arn\": "
		  "\"arn:aws:iam::1:user/x\"}]}",
		    NULL,
		    "details.json: UserDetailList item 1 has no UserName "
		    "string" },
		{ "{\"UserDetailList\": [{\"UserName\": \"x\"}]}", NULL,
		    "details.json: user x has no Arn string" },
		{ "{\"UserDetailList\": [{\"UserName\": \"x\", \"Arn\": \"a\","
		  " \"GroupList\": [\"nope\"]}]}",
		    NULL,
		    "details.json: user x: group nope is not in "
		    "GroupDetailList" },
		{ "{\"UserDetailList\": [{\"UserName\": \"x\", \"Arn\": \"a\","
		  " \"UserPolicyList\": [{\"PolicyName\": \"p\","
		  " \"PolicyDocument\": \"%7Bbroken\"}]}]}",
		    NULL,
		    "details.json: user x: inline policy p: the policy "
		    "document is not JSON" },
		{ "{\"UserDetailList\": [{\"UserName\": \"x\", \"Arn\": \"a\"},"
		  " {\"UserName\": \"y\", \"Arn\": \"a\"}]}",
		    NULL, "details.json: a is listed twice" },
		{ "{\"UserDetailList\": [{\"UserName\": \"x\", \"Arn\": \"a\","
		  " \"CreateDate\": \"yesterday\"}]}",
		    NULL, "details.json: user x: CreateDate is not a date" },
		{ "{\"Policies\": [{\"PolicyName\": \"p\", \"Arn\": \"a\","
		  " \"PolicyVersionList\": [{\"IsDefaultVersion\": false,"
		  " \"Document\": {}}]}]}",
		    NULL,
		    "details.json: policy p has no default version in "
		    "PolicyVersionList" },
		{ "{\"Policies\": [{\"PolicyName\": \"p\", \"Arn\": \"a\","
		  " \"PolicyVersionList\": [{\"IsDefaultVersion\": \"true\","
		  " \"VersionId\": \"v9\", \"Document\": 7}]}]}",
		    NULL,
		    "details.json: policy p (version v9): the policy document "
		    "is neither an object nor a string" },
		{ "{\"RoleDetailList\": [{\"RoleName\": \"r\", \"Arn\": \"a\","
		  " \"AssumeRolePolicyDocument\": \"%ZZ\"}]}",
		    NULL,
		    "details.json: role r: AssumeRolePolicyDocument is not a "
		    "JSON object" },
		{ "{\"RoleDetailList\": [{\"RoleName\": \"r\", \"Arn\": \"a\","
		  " \"PermissionsBoundary\": []}]}",
		    NULL,
		    "details.json: role r: PermissionsBoundary is not an "
		    "object" },
		{ "{}", "name,arn\nx,y\n",
		    "report.csv:1: the header has no user column (not a "
		    "credential report?)" },
		{ "{}",
		    "user,arn,mfa_active\n<root_account>,arn:aws:iam::1:root\n",
		    "report.csv:2: 2 fields where the header has 3" },
		{ "{\"UserDetailList\": [{\"UserName\": \"x\", \"Arn\": "
		  "\"a\"}]}",
		    "user,arn,mfa_active\nx,a,maybe\n",
		    "report.csv:2: mfa_active 'maybe' is neither true nor "
		    "false" },
		{ "{}",
		    "user,arn,password_last_used\n<root_account>,"
		    "arn:aws:iam::1:root,2026-13-01T00:00:00+00:00\n",
		    "report.csv:2: password_last_used "
		    "'2026-13-01T00:00:00+00:00' "
		    "is not a date" },
		{ "{}", "user,arn\n<root_account>,root\n",
		    "report.csv:2: the root account's arn is not an ARN" },
		{ "{}", "", "report.csv: the credential report is empty" },
		{ "{}", "user,arn\n\"x,y\n", "report.csv:2:" },
	};
	struct db *db = NULL;
	struct err e = ERR_INIT;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		rc = emit(&db, bad[i].json, strlen(bad[i].json), bad[i].report,
		    bad[i].report ? strlen(bad[i].report) : 0, &e);
		if (rc != PARC_EDATA ||
		    strncmp(e.msg, bad[i].msg, strlen(bad[i].msg)) != 0)
			fail_msg("case %zu: %d '%s', want '%s'", i, rc, e.msg,
			    bad[i].msg);
		assert_int_equal(db_count(db, "SELECT count(*) FROM principal"),
		    0);
		db_close(db);
	}
}

/*
 * Names with control characters and huge strings: stored as they are
 * (the console escapes them), never a crash; a NUL inside a name is
 * refused, since C strings would cut it.
 */
static void
test_hostile_names(void **state)
{
	struct db *db = NULL;
	struct err e = ERR_INIT;
	struct sb js = SB_INIT, big = SB_INIT, out = SB_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < 200000; i++)
		sb_addc(&big, 'A' + (int)(i % 26));
	sb_addf(&js,
	    "{\"UserDetailList\": [{\"UserName\": \"evil\\u001b[2J\\n\","
	    " \"Arn\": \"arn:aws:iam::1:user/evil\", \"UserPolicyList\":"
	    " [{\"PolicyName\": \"%s\", \"PolicyDocument\": {\"Statement\":"
	    " {\"Effect\": \"Allow\", \"Action\": [\"%s\", \"iam:*\"],"
	    " \"Resource\": \"*\"}}}]}]}",
	    big.buf, big.buf);
	if (emit(&db, js.buf, js.len, NULL, 0, &e) != 0)
		fail_msg("%s", e.msg);
	dump(db, "SELECT length(name), tier FROM entitlement", &out);
	assert_string_equal(out.buf, "200015|0\n");
	dump(db, "SELECT hex(name) FROM principal", &out);
	assert_string_equal(out.buf, "6576696C1B5B324A0A\n");
	db_close(db);
	sb_reset(&js);
	sb_adds(&js,
	    "{\"UserDetailList\": [{\"UserName\": \"a\\u0000b\","
	    " \"Arn\": \"x\"}]}");
	assert_int_equal(emit(&db, js.buf, js.len, NULL, 0, &e), PARC_EDATA);
	expect_in(e.msg, "holds a NUL byte");
	db_close(db);
	sb_release(&js);
	sb_release(&big);
	sb_release(&out);
}

/* Booleans and dates in every form the CLI and the API give them. */
static void
test_forms(void **state)
{
	static const char js[] =
	    "{\"Policies\": [{\"PolicyName\": \"p\", \"Arn\":"
	    " \"arn:aws:iam::1:policy/p\", \"PolicyVersionList\": ["
	    "{\"IsDefaultVersion\": \"false\", \"VersionId\": \"v1\","
	    " \"Document\": \"%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow"
	    "%22%2C%22Action%22%3A%22*%22%2C%22Resource%22%3A%22*%22%7D%7D\"},"
	    "{\"IsDefaultVersion\": true, \"VersionId\": \"v2\", \"Document\":"
	    " {\"Statement\": {\"Effect\": \"Allow\", \"Action\":"
	    " \"ssm:StartSession\", \"Resource\": \"*\"}}}]}],"
	    " \"UserDetailList\": [{\"UserName\": \"u\", \"Arn\":"
	    " \"arn:aws:iam::1:user/u\", \"CreateDate\":"
	    " \"2024-03-01T11:00:00.123+02:00\", \"AttachedManagedPolicies\":"
	    " {\"PolicyArn\": \"arn:aws:iam::1:policy/p\"}}]}";
	struct db *db = NULL;
	struct err e = ERR_INIT;
	struct sb out = SB_INIT;

	(void)state;
	if (emit(&db, js, strlen(js), NULL, 0, &e) != 0)
		fail_msg("%s", e.msg);
	dump(db,
	    "SELECT p.created_at, n.name, n.tier FROM principal p,"
	    " entitlement n",
	    &out);
	assert_string_equal(out.buf, "2024-03-01T09:00:00Z|p|1\n");
	db_close(db);
	sb_release(&out);
}

/* The site's service account patterns, and the tag that wins over them. */
static void
test_options(void **state)
{
	static const char js[] =
	    "{\"UserDetailList\": ["
	    "{\"UserName\": \"CI-runner\", \"Arn\": \"a1\"},"
	    "{\"UserName\": \"svc-old\", \"Arn\": \"a2\"},"
	    "{\"UserName\": \"ci-human\", \"Arn\": \"a3\", \"Tags\":"
	    " [{\"Key\": \"parc:kind\", \"Value\": \"human\"}]},"
	    "{\"UserName\": \"glass\", \"Arn\": \"a4\", \"Tags\":"
	    " [{\"Key\": \"PARC:KIND\", \"Value\": \"break-glass\"}]}]}";
	static const char *const pats[] = { "ci-*", "deploy" };
	struct aws_options o = { pats, 2 };
	struct sink *sink = NULL;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	struct sb out = SB_INIT;
	json_t *j = json_loads(js, 0, NULL);

	(void)state;
	assert_non_null(j);
	if (db_open(&db, ":memory:", DB_CREATE, &e) != 0 ||
	    sink_open(db, "aws-prod", "aws", &sink, &e) != 0 ||
	    aws_emit_with(sink, cat, j, "d", NULL, 0, NULL, &o, &e) != 0 ||
	    sink_commit(sink, NULL, &e) != 0)
		fail_msg("%s", e.msg);
	dump(db, "SELECT name, kind FROM principal ORDER BY name", &out);
	assert_string_equal(out.buf,
	    "CI-runner|service\nci-human|human\nglass|break-glass\n"
	    "svc-old|human\n");
	json_decref(j);
	db_close(db);
	sb_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_each_action),
		cmocka_unit_test(test_each_combination),
		cmocka_unit_test(test_combination_evidence),
		cmocka_unit_test(test_resource_types),
		cmocka_unit_test(test_deny_wins),
		cmocka_unit_test(test_conditional_deny),
		cmocka_unit_test(test_notaction),
		cmocka_unit_test(test_notresource),
		cmocka_unit_test(test_conditions),
		cmocka_unit_test(test_boundary),
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_emit_cli_example),
		cmocka_unit_test(test_emit_rich),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_hostile_names),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_options),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
