/* aws_policy.c - IAM policy documents against the privilege catalog. */
/* strcasestr is a glibc extension hidden without _GNU_SOURCE. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sync/aws_policy.h"

enum reach {
	R_NONE,
	R_SOME,
	R_ALL
};

struct stmt {
	int deny;
	int notaction; /* the patterns are NotAction */
	char **act;
	size_t nact;
	enum reach res; /* what Resource / NotResource reach */
	int except;	/* NotResource: everything but some ARNs */
	char **rs;	/* the Resource or NotResource ARNs */
	size_t nrs;
	int cond; /* has a non-empty Condition */
};

struct aws_doc {
	json_t *json;
	struct stmt *st;
	size_t nst;
};

/* One check: a catalog action, or a part of a combination (tier 3). */
struct check {
	char *pat; /* a copy */
	int tier;
	const struct catalog_entry *ce; /* NULL for a part only */
};

struct combo {
	const struct catalog_entry *ce;
	size_t *part; /* indexes into checks */
	size_t npart;
};

struct aws_rules {
	struct check *c;
	size_t n;
	struct combo *cb;
	size_t ncb;
};

/* Flags of one check in one document. */
enum {
	F_ALLOW_ALL = 1 << 0,	     /* allowed on every resource */
	F_ALLOW_ALL_UNCOND = 1 << 1, /* ... by a statement without Condition */
	F_ALLOW_SOME = 1 << 2,	     /* allowed on some resources */
	F_DENY_ALL = 1 << 3,	     /* unconditional deny, every resource */
	F_DENY_PART = 1 << 4,	     /* unconditional deny, all but some */
	F_DENY_COND = 1 << 5,	     /* conditional deny (evidence only) */
};

struct aws_facts {
	unsigned char *fl;
	size_t n;
};

/* ---- matching ---- */

int
aws_action_match(const char *p, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s) {
		if (*p == '*') {
			star = p++;
			resume = s;
		} else if (*p == '?' ||
		    (*p &&
			tolower((unsigned char)*p) ==
			    tolower((unsigned char)*s))) {
			p++;
			s++;
		} else if (star != NULL) {
			p = star + 1;
			s = ++resume;
		} else
			return 0;
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

/* Pattern p touches check c: some action both match. */
static int
touches(const char *p, const char *c)
{
	return aws_action_match(p, c) || aws_action_match(c, p);
}

/*
 * A resource pattern that matches an IAM and an EC2 ARN alike reaches
 * every resource ("*", "arn:*", "arn:aws:*:*:*:*").
 */
static int
res_everything(const char *r)
{
	return aws_action_match(r, "arn:aws:iam::000000000000:user/p") &&
	    aws_action_match(r,
		"arn:aws:ec2:us-east-1:000000000000:"
		"instance/i-0");
}

/*
 * Whether resource pattern r names every resource an action of check c
 * works on, in one account: an ARN of c's service (or "*") whose resource
 * part is "*", or a TYPE then "/" or ":" then "*", where TYPE is in the
 * action's name (role for iam:PassRole, function for
 * lambda:UpdateFunctionCode, in "arn:aws:lambda:*:123456789012:function:*").
 * Checks that span services ("*") never.
 */
static int
res_all_of(const char *r, const char *c)
{
	const char *f[6], *p = r, *act, *cs;
	size_t i, n, tl;
	char type[64];

	for (i = 0; i < 6 && p != NULL; i++) {
		f[i] = p;
		p = i < 5 ? strchr(p, ':') : NULL;
		if (p != NULL)
			p++;
	}
	if (i < 6 || strncasecmp(f[0], "arn:", 4) != 0)
		return 0;
	if ((act = strchr(c, ':')) == NULL)
		return 0;
	n = (size_t)(act - c);
	for (cs = c; cs < act; cs++)
		if (*cs == '*' || *cs == '?')
			return 0;
	act++;
	if (!(f[2][0] == '*' && f[2][1] == ':') &&
	    !(strncasecmp(f[2], c, n) == 0 && f[2][n] == ':'))
		return 0;
	if (strcmp(f[5], "*") == 0)
		return 1;
	tl = strcspn(f[5], "/:");
	if (tl == 0 || tl >= sizeof(type) || strcmp(f[5] + tl + 1, "*") != 0 ||
	    strcspn(f[5], "*?") < tl)
		return 0;
	memcpy(type, f[5], tl);
	type[tl] = '\0';
	return strcasestr(act, type) != NULL;
}

/* What statement st reaches for check c. */
static enum reach
reach_for(const struct stmt *st, const char *c)
{
	size_t k;

	if (st->res == R_ALL && st->except) {
		/* NotResource naming all the check works on: nothing left */
		for (k = 0; k < st->nrs; k++)
			if (res_all_of(st->rs[k], c))
				return R_NONE;
		return R_ALL;
	}
	if (st->res != R_SOME)
		return st->res;
	for (k = 0; k < st->nrs; k++)
		if (res_all_of(st->rs[k], c))
			return R_ALL;
	return R_SOME;
}

/* ---- documents ---- */

char *
aws_url_decode(const char *s)
{
	size_t n = strlen(s), i, j = 0;
	char *out = xmalloc(n + 1);
	char hex[3] = { 0, 0, 0 };

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			hex[0] = s[i + 1];
			hex[1] = s[i + 2];
			out[j++] = (char)strtol(hex, NULL, 16);
			i += 2;
		} else
			out[j++] = s[i];
	}
	out[j] = '\0';
	return out;
}

/* A string or a list of strings into a malloc'd vector. */
static int
strings(const json_t *v, const char *key, const char *what, size_t i,
    char ***out, size_t *n, struct err *e)
{
	const json_t *x;
	size_t k;

	*out = NULL;
	*n = 0;
	if (json_is_string(v)) {
		*out = xmalloc(sizeof(**out));
		(*out)[(*n)++] = xstrdup(json_string_value(v));
		return 0;
	}
	if (!json_is_array(v))
		return err_set(e, PARC_EDATA,
		    "%s: statement %zu: %s is neither a string nor a list",
		    what, i + 1, key);
	*out = xcalloc(json_array_size(v) + 1, sizeof(**out));
	json_array_foreach(v, k, x)
	{
		if (!json_is_string(x))
			return err_set(e, PARC_EDATA,
			    "%s: statement %zu: an item of %s is not a string",
			    what, i + 1, key);
		(*out)[(*n)++] = xstrdup(json_string_value(x));
	}
	return 0;
}

static void
free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int
parse_stmt(const json_t *s, const char *what, size_t i, struct stmt *st,
    struct err *e)
{
	const json_t *eff, *a, *na, *r, *nr, *c;
	char **res = NULL;
	size_t nres = 0, k;
	int rc;

	if (!json_is_object(s))
		return err_set(e, PARC_EDATA,
		    "%s: statement %zu is not an object", what, i + 1);
	eff = json_object_get(s, "Effect");
	if (!json_is_string(eff) ||
	    (strcmp(json_string_value(eff), "Allow") != 0 &&
		strcmp(json_string_value(eff), "Deny") != 0))
		return err_set(e, PARC_EDATA,
		    "%s: statement %zu: Effect is not Allow or Deny", what,
		    i + 1);
	st->deny = strcmp(json_string_value(eff), "Deny") == 0;
	a = json_object_get(s, "Action");
	na = json_object_get(s, "NotAction");
	if ((a == NULL) == (na == NULL))
		return err_set(e, PARC_EDATA,
		    "%s: statement %zu has %s Action and NotAction", what,
		    i + 1, a == NULL ? "neither" : "both");
	st->notaction = a == NULL;
	if ((rc = strings(a != NULL ? a : na,
		 a != NULL ? "Action" : "NotAction", what, i, &st->act,
		 &st->nact, e)) != 0)
		return rc;
	r = json_object_get(s, "Resource");
	nr = json_object_get(s, "NotResource");
	if ((r == NULL) == (nr == NULL))
		return err_set(e, PARC_EDATA,
		    "%s: statement %zu has %s Resource and NotResource", what,
		    i + 1, r == NULL ? "neither" : "both");
	if ((rc = strings(r != NULL ? r : nr,
		 r != NULL ? "Resource" : "NotResource", what, i, &res, &nres,
		 e)) != 0) {
		free_strings(res, nres);
		return rc;
	}
	st->rs = NULL;
	st->nrs = 0;
	st->res = r != NULL ? R_SOME : R_ALL;
	st->except = r == NULL;
	for (k = 0; k < nres; k++)
		if (res_everything(res[k]))
			st->res = r != NULL ? R_ALL : R_NONE;
	if (r != NULL && nres == 0)
		st->res = R_NONE;
	st->rs = res;
	st->nrs = nres;
	c = json_object_get(s, "Condition");
	st->cond =
	    c != NULL && !(json_is_object(c) && json_object_size(c) == 0);
	return 0;
}

int
aws_doc_parse(const json_t *doc, const char *what, struct aws_doc **out,
    struct err *e)
{
	struct aws_doc *d;
	json_error_t je;
	const json_t *stl, *s;
	char *text;
	size_t i;
	int rc = 0;

	*out = NULL;
	d = xcalloc(1, sizeof(*d));
	if (json_is_string(doc)) {
		const char *v = json_string_value(doc);

		text = v[strspn(v, " \t\r\n")] == '{' ? xstrdup(v)
						      : aws_url_decode(v);
		d->json = json_loads(text, JSON_REJECT_DUPLICATES, &je);
		free(text);
		if (d->json == NULL) {
			rc = err_set(e, PARC_EDATA,
			    "%s: the policy document is not JSON (%s at "
			    "character %d)",
			    what, je.text, je.position);
			goto out;
		}
	} else if (json_is_object(doc))
		d->json = json_incref((json_t *)(uintptr_t)doc);
	else {
		rc = err_set(e, PARC_EDATA,
		    "%s: the policy document is neither an object nor a string",
		    what);
		goto out;
	}
	if (!json_is_object(d->json)) {
		rc = err_set(e, PARC_EDATA,
		    "%s: the policy document is not a JSON object", what);
		goto out;
	}
	stl = json_object_get(d->json, "Statement");
	if (stl == NULL) {
		rc = err_set(e, PARC_EDATA,
		    "%s: the policy document has no Statement", what);
		goto out;
	}
	if (json_is_array(stl)) {
		d->st = xcalloc(json_array_size(stl) + 1, sizeof(*d->st));
		json_array_foreach(stl, i, s)
		{
			if ((rc = parse_stmt(s, what, i, &d->st[d->nst++],
				 e)) != 0)
				goto out;
		}
	} else {
		d->st = xcalloc(1, sizeof(*d->st));
		if ((rc = parse_stmt(stl, what, 0, &d->st[d->nst++], e)) != 0)
			goto out;
	}
out:
	if (rc != 0)
		aws_doc_free(d);
	else
		*out = d;
	return rc;
}

const json_t *
aws_doc_json(const struct aws_doc *d)
{
	return d->json;
}

void
aws_doc_free(struct aws_doc *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nst; i++) {
		free_strings(d->st[i].act, d->st[i].nact);
		free_strings(d->st[i].rs, d->st[i].nrs);
	}
	free(d->st);
	json_decref(d->json);
	free(d);
}

/* ---- rules ---- */

static size_t
add_check(struct aws_rules *r, const char *pat, int tier,
    const struct catalog_entry *ce)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcasecmp(r->c[i].pat, pat) == 0) {
			if (ce != NULL &&
			    (r->c[i].ce == NULL || tier < r->c[i].tier)) {
				r->c[i].ce = ce;
				r->c[i].tier = tier;
			}
			return i;
		}
	r->c = xrealloc(r->c, (r->n + 1) * sizeof(*r->c));
	r->c[r->n].pat = xstrdup(pat);
	r->c[r->n].tier = tier;
	r->c[r->n].ce = ce;
	return r->n++;
}

struct aws_rules *
aws_rules_new(const struct catalog *cat)
{
	struct aws_rules *r = xcalloc(1, sizeof(*r));
	const struct catalog_entry *ce;
	struct combo *cb;
	const char *p, *q;
	char *part;
	size_t i, n = cat != NULL ? catalog_count(cat) : 0;

	for (i = 0; i < n; i++) {
		ce = catalog_at(cat, i);
		if (strcmp(ce->family, "aws") == 0 &&
		    strcmp(ce->kind, "action") == 0)
			add_check(r, ce->match, ce->tier, ce);
	}
	for (i = 0; i < n; i++) {
		ce = catalog_at(cat, i);
		if (strcmp(ce->family, "aws") != 0 ||
		    strcmp(ce->kind, "combination") != 0)
			continue;
		r->cb = xrealloc(r->cb, (r->ncb + 1) * sizeof(*r->cb));
		cb = &r->cb[r->ncb++];
		memset(cb, 0, sizeof(*cb));
		cb->ce = ce;
		for (p = ce->match; *p; p = *q ? q + 1 : q) {
			q = p + strcspn(p, "+");
			if (q == p)
				continue;
			part = xmalloc((size_t)(q - p) + 1);
			memcpy(part, p, (size_t)(q - p));
			part[q - p] = '\0';
			cb->part = xrealloc(cb->part,
			    (cb->npart + 1) * sizeof(*cb->part));
			cb->part[cb->npart++] = add_check(r, part, 3, NULL);
			free(part);
		}
	}
	return r;
}

void
aws_rules_free(struct aws_rules *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		free(r->c[i].pat);
	for (i = 0; i < r->ncb; i++)
		free(r->cb[i].part);
	free(r->cb);
	free(r->c);
	free(r);
}

size_t
aws_rules_ncombos(const struct aws_rules *r)
{
	return r->ncb;
}

const struct catalog_entry *
aws_rules_combo(const struct aws_rules *r, size_t i)
{
	return r->cb[i].ce;
}

/* ---- facts ---- */

/* Statement st allows all of check c (for an Allow). */
static int
covers(const struct stmt *st, const char *c)
{
	size_t i;

	for (i = 0; i < st->nact; i++)
		if (st->notaction ? touches(st->act[i], c)
				  : aws_action_match(st->act[i], c))
			return !st->notaction;
	return st->notaction;
}

/* Statement st denies some of check c (for a Deny). */
static int
hits(const struct stmt *st, const char *c)
{
	size_t i;

	for (i = 0; i < st->nact; i++)
		if (st->notaction ? aws_action_match(st->act[i], c)
				  : touches(st->act[i], c))
			return !st->notaction;
	return st->notaction;
}

struct aws_facts *
aws_facts_new(const struct aws_rules *r, const struct aws_doc *d)
{
	struct aws_facts *f = xcalloc(1, sizeof(*f));
	const struct stmt *st;
	size_t i, k;

	f->n = r->n;
	f->fl = xcalloc(r->n + 1, 1);
	for (k = 0; k < d->nst; k++) {
		st = &d->st[k];
		if (st->res == R_NONE)
			continue;
		for (i = 0; i < r->n; i++) {
			enum reach rc = reach_for(st, r->c[i].pat);

			if (rc == R_NONE)
				continue;
			if (!st->deny) {
				if (!covers(st, r->c[i].pat))
					continue;
				if (rc == R_SOME)
					f->fl[i] |= F_ALLOW_SOME;
				else
					f->fl[i] |= F_ALLOW_ALL |
					    (st->cond ? 0 : F_ALLOW_ALL_UNCOND);
				continue;
			}
			if (!hits(st, r->c[i].pat))
				continue;
			/*
			 * A Deny on some ARNs leaves the rest allowed; one
			 * with NotResource leaves only the excepted ARNs.
			 */
			if (st->cond)
				f->fl[i] |= F_DENY_COND;
			else if (rc == R_ALL)
				f->fl[i] |=
				    st->except ? F_DENY_PART : F_DENY_ALL;
		}
	}
	return f;
}

void
aws_facts_free(struct aws_facts *f)
{
	if (f == NULL)
		return;
	free(f->fl);
	free(f);
}

/* ---- evaluation ---- */

void
aws_verdict_init(struct aws_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->tier = v->lost_tier = -1;
	sb_init(&v->evidence);
	sb_init(&v->denied_by);
}

void
aws_verdict_release(struct aws_verdict *v)
{
	sb_release(&v->evidence);
	sb_release(&v->denied_by);
}

/* What check i reaches, before (*pre) and after denies and boundary. */
struct reach_info {
	enum reach pre, post;
	int uncond;	  /* an unconditional allow reaches pre */
	const char *from; /* the policy that allows it */
	int by_boundary;  /* the boundary took some away */
	int cond_deny;	  /* a conditional deny touches it */
};

static void
reach_of(const struct aws_rules *r, size_t i, const struct aws_held *allow,
    size_t nallow, const struct aws_held *ctx, size_t nctx,
    const struct aws_held *b, struct reach_info *ri)
{
	unsigned fl;
	size_t k;

	(void)r;
	memset(ri, 0, sizeof(*ri));
	for (k = 0; k < nallow; k++) {
		fl = allow[k].f != NULL ? allow[k].f->fl[i] : 0;
		if ((fl & F_ALLOW_ALL) &&
		    (ri->pre < R_ALL ||
			(!ri->uncond && (fl & F_ALLOW_ALL_UNCOND)))) {
			ri->pre = R_ALL;
			ri->uncond = (fl & F_ALLOW_ALL_UNCOND) != 0;
			ri->from = allow[k].name;
		} else if ((fl & F_ALLOW_SOME) && ri->pre < R_SOME) {
			ri->pre = R_SOME;
			ri->uncond = 1;
			ri->from = allow[k].name;
		}
	}
	ri->post = ri->pre;
	if (ri->pre == R_NONE)
		return;
	for (k = 0; k < nctx; k++) {
		fl = ctx[k].f != NULL ? ctx[k].f->fl[i] : 0;
		if (fl & F_DENY_ALL)
			ri->post = R_NONE;
		else if ((fl & F_DENY_PART) && ri->post > R_SOME)
			ri->post = R_SOME;
		if (fl & F_DENY_COND)
			ri->cond_deny = 1;
	}
	if (b != NULL && b->f != NULL && ri->post != R_NONE) {
		enum reach was = ri->post;

		fl = b->f->fl[i];
		if (fl & F_DENY_ALL)
			ri->post = R_NONE;
		else if ((fl & F_DENY_PART) && ri->post > R_SOME)
			ri->post = R_SOME;
		if (!(fl & F_ALLOW_ALL))
			ri->post = (fl & F_ALLOW_SOME) && ri->post > R_NONE
			    ? R_SOME
			    : R_NONE;
		ri->by_boundary = ri->post < was;
	}
}

/* The tier a check of tier t earns at reach rc, or -1. */
static int
earns(int t, enum reach rc)
{
	if (rc == R_ALL)
		return t;
	if (rc == R_SOME)
		return t < 2 ? 2 : t;
	return -1;
}

/* Whether "; "-separated list has item name. */
static int
list_has(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while ((p = strstr(p, name)) != NULL) {
		if ((p == list || (p >= list + 2 && p[-2] == ';')) &&
		    (p[n] == '\0' || p[n] == ';'))
			return 1;
		p++;
	}
	return 0;
}

/* Append the names of the ctx policies whose denies touch check i. */
static void
add_deniers(struct sb *sb, size_t i, const struct aws_held *ctx, size_t nctx)
{
	size_t k;
	unsigned fl;

	for (k = 0; k < nctx; k++) {
		fl = ctx[k].f != NULL ? ctx[k].f->fl[i] : 0;
		if (!(fl & (F_DENY_ALL | F_DENY_PART)) ||
		    list_has(sb->buf, ctx[k].name))
			continue;
		if (sb->len > 0)
			sb_adds(sb, "; ");
		sb_adds(sb, ctx[k].name);
	}
}

/*
 * Whether check i is said by a broader check held at the same tier: "*"
 * says iam:* and iam:PutUserPolicy, so evidence lists only "*".
 */
static int
said_by_broader(const struct aws_rules *r, const struct reach_info *ri,
    size_t i, int pre)
{
	size_t j;
	int ti, tj;

	ti = earns(r->c[i].tier, pre ? ri[i].pre : ri[i].post);
	for (j = 0; j < r->n; j++) {
		if (j == i || r->c[j].ce == NULL)
			continue;
		tj = earns(r->c[j].tier, pre ? ri[j].pre : ri[j].post);
		if (tj < 0 || tj > ti)
			continue;
		if (pre && earns(r->c[j].tier, ri[j].post) == tj)
			continue; /* j was not lost */
		if (!aws_action_match(r->c[j].pat, r->c[i].pat))
			continue;
		if (!aws_action_match(r->c[i].pat, r->c[j].pat) || j < i)
			return 1;
	}
	return 0;
}

/* A list of up to 4 items, then "and N more". */
struct list {
	struct sb sb;
	size_t n;
};

static void
list_add(struct list *l, const char *fmt, const char *a, const char *b)
{
	l->n++;
	if (l->n > 4)
		return;
	if (l->sb.len > 0)
		sb_adds(&l->sb, ", ");
	sb_addf(&l->sb, fmt, a, b);
}

static void
list_end(struct list *l)
{
	if (l->n > 4)
		sb_addf(&l->sb, " and %zu more", l->n - 4);
}

void
aws_evaluate(const struct aws_rules *r, const struct aws_held *allow,
    size_t nallow, const struct aws_held *ctx, size_t nctx,
    const struct aws_held *b, struct aws_verdict *v)
{
	struct reach_info *ri = xcalloc(r->n + 1, sizeof(*ri));
	struct list got = { SB_INIT, 0 }, lost = { SB_INIT, 0 };
	struct list bnd = { SB_INIT, 0 }, cdeny = { SB_INIT, 0 };
	struct sb parts = SB_INIT;
	size_t acts;
	int best = -1, t, tp, all_cond = 1, any_all = 0;
	size_t i, k;

	sb_reset(&v->evidence);
	sb_reset(&v->denied_by);
	v->tier = v->lost_tier = -1;
	v->entry = NULL;
	v->conditional = v->scoped = v->lost = 0;
	for (i = 0; i < r->n; i++)
		reach_of(r, i, allow, nallow, ctx, nctx, b, &ri[i]);
	/* the best tier, from actions and combinations */
	for (i = 0; i < r->n; i++)
		if (r->c[i].ce != NULL &&
		    (t = earns(r->c[i].tier, ri[i].post)) >= 0 &&
		    (best < 0 || t < best)) {
			best = t;
			v->entry = r->c[i].ce;
		}
	for (k = 0; k < r->ncb; k++) {
		enum reach rc = R_ALL, rp = R_ALL;

		for (i = 0; i < r->cb[k].npart; i++) {
			if (ri[r->cb[k].part[i]].post < rc)
				rc = ri[r->cb[k].part[i]].post;
			if (ri[r->cb[k].part[i]].pre < rp)
				rp = ri[r->cb[k].part[i]].pre;
		}
		if (r->cb[k].npart == 0)
			rc = rp = R_NONE;
		t = earns(r->cb[k].ce->tier, rc);
		tp = earns(r->cb[k].ce->tier, rp);
		if (t >= 0 && (best < 0 || t < best)) {
			best = t;
			v->entry = r->cb[k].ce;
		}
		if (tp >= 0 && tp != t) {
			v->lost = 1;
			if (v->lost_tier < 0 || tp < v->lost_tier)
				v->lost_tier = tp;
		}
	}
	v->tier = best;
	/* evidence: what earns the best tier */
	for (i = 0; i < r->n && best >= 0; i++) {
		if (r->c[i].ce == NULL ||
		    earns(r->c[i].tier, ri[i].post) != best ||
		    said_by_broader(r, ri, i, 0))
			continue;
		list_add(&got,
		    ri[i].post == R_ALL ? "%s (%s)"
					: "%s (%s, on specific "
					  "resources only)",
		    r->c[i].pat, ri[i].from);
		if (ri[i].post == R_ALL) {
			any_all = 1;
			if (ri[i].uncond)
				all_cond = 0;
		}
	}
	/* combinations are evidence only when no action alone earns it */
	acts = got.n;
	for (k = 0; k < r->ncb && best >= 0 && acts == 0; k++) {
		enum reach rc = R_ALL;

		for (i = 0; i < r->cb[k].npart; i++)
			if (ri[r->cb[k].part[i]].post < rc)
				rc = ri[r->cb[k].part[i]].post;
		if (r->cb[k].npart == 0 || earns(r->cb[k].ce->tier, rc) != best)
			continue;
		sb_reset(&parts);
		for (i = 0; i < r->cb[k].npart; i++) {
			const struct reach_info *p = &ri[r->cb[k].part[i]];

			sb_addf(&parts, "%s%s (%s)", i ? " + " : "",
			    r->c[r->cb[k].part[i]].pat, p->from);
			if (rc == R_ALL && p->uncond)
				all_cond = 0;
		}
		if (rc == R_ALL)
			any_all = 1;
		list_add(&got, "%s together%s", parts.buf, "");
	}
	list_end(&got);
	v->scoped = best >= 0 && !any_all;
	v->conditional = best >= 0 && any_all && all_cond;
	if (best >= 0)
		sb_addf(&v->evidence, "allows %s on %s", got.sb.buf,
		    v->scoped ? "specific resources" : "every resource");
	if (v->conditional)
		sb_adds(&v->evidence,
		    "; conditional: every such Allow has a "
		    "Condition");
	/* what denies and the boundary took away */
	for (i = 0; i < r->n; i++) {
		if (r->c[i].ce == NULL)
			continue;
		tp = earns(r->c[i].tier, ri[i].pre);
		t = earns(r->c[i].tier, ri[i].post);
		if (tp >= 0 && tp != t) {
			v->lost = 1;
			if (v->lost_tier < 0 || tp < v->lost_tier)
				v->lost_tier = tp;
			if (said_by_broader(r, ri, i, 1))
				;
			else if (ri[i].by_boundary)
				list_add(&bnd, "%s%s", r->c[i].pat, "");
			else {
				list_add(&lost, "%s (%s)", r->c[i].pat,
				    ri[i].from);
				add_deniers(&v->denied_by, i, ctx, nctx);
			}
		}
		if (ri[i].cond_deny && t >= 0 && t <= 1 &&
		    !said_by_broader(r, ri, i, 0))
			list_add(&cdeny, "%s%s", r->c[i].pat, "");
	}
	list_end(&lost);
	list_end(&bnd);
	list_end(&cdeny);
	if (lost.n > 0)
		sb_addf(&v->evidence, "%san explicit Deny in %s cancels %s",
		    v->evidence.len ? "; " : "", v->denied_by.buf, lost.sb.buf);
	if (b != NULL && b->f == NULL)
		sb_addf(&v->evidence,
		    "%sbounded by %s (its document is not in the export)",
		    v->evidence.len ? "; " : "", b->name);
	else if (b != NULL && bnd.n > 0)
		sb_addf(&v->evidence,
		    "%sbounded by %s, which does not allow %s",
		    v->evidence.len ? "; " : "", b->name, bnd.sb.buf);
	else if (b != NULL)
		sb_addf(&v->evidence, "%sbounded by %s",
		    v->evidence.len ? "; " : "", b->name);
	if (cdeny.n > 0)
		sb_addf(&v->evidence,
		    "%sa Deny with a Condition touches %s but does not cancel "
		    "it",
		    v->evidence.len ? "; " : "", cdeny.sb.buf);
	sb_release(&got.sb);
	sb_release(&lost.sb);
	sb_release(&bnd.sb);
	sb_release(&cdeny.sb);
	sb_release(&parts);
	free(ri);
}

int
aws_combo_held(const struct aws_rules *r, size_t combo,
    const struct aws_held *allow, size_t nallow, const struct aws_held *ctx,
    size_t nctx, const struct aws_held *boundary, struct sb *names)
{
	const struct combo *cb = &r->cb[combo];
	struct reach_info ri;
	enum reach rc = R_ALL;
	size_t i;

	if (cb->npart == 0)
		return 0;
	for (i = 0; i < cb->npart; i++) {
		reach_of(r, cb->part[i], allow, nallow, ctx, nctx, boundary,
		    &ri);
		if (ri.post < rc)
			rc = ri.post;
		if (rc == R_NONE)
			return 0;
		if (names != NULL)
			sb_addf(names, "%s%s (%s)", i ? " + " : "",
			    r->c[cb->part[i]].pat, ri.from);
	}
	return rc == R_ALL ? 1 : 2;
}
