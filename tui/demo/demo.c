/* demo.c - the demo organisation's source files. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/sb.h"
#include "lib/share.h"
#include "lib/strhash.h"
#include "tui/demo/demo.h"
#include "tui/demo/demo_ad.h"
#include "tui/demo/demo_aws.h"
#include "tui/demo/demo_azure.h"
#include "tui/demo/demo_gcp.h"
#include "tui/demo/demo_names.h"
#include "tui/demo/demo_sudoers.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define EMAIL_DOMAIN "corp.example.com"
#define LOGIN_MAX 20 /* sAMAccountName's limit, the tightest of the sources */

/* People whose names the demo's story uses. */
struct planted {
	const char *name, *first, *last; /* display name, ASCII given, family */
};

static const struct planted p_ceo = { "Siobhán Ó Briain", "siobhan",
	"obriain" };
/* Heads of these departments of share/demo/departments.tsv. */
static const struct {
	const char *dept;
	struct planted p;
} p_heads[] = {
	{ "Engineering", { "李娜", "na", "li" } },
	{ "IT Operations", { "Łukasz Wąsowski", "lukasz", "wasowski" } },
	{ "Security", { "Zoë Ødegaard", "zoe", "odegaard" } },
	{ "Finance", { "Ана Петрова", "ana", "petrova" } },
};
static const struct planted p_stale = { "José Núñez", "jose", "nunez" };

/* Where the story plants the stale admin and the person with no email. */
#define STALE_DEPT "IT Operations"
#define NO_EMAIL_DEPT "Facilities"

#define STALE_END_DATE "2025-03-14"

/* ---- the generation ---- */

/* Strings that never move, allocated in chunks and freed at once. */
struct chunk {
	struct chunk *next;
	size_t used, size;
	char data[];
};

struct demo {
	char *dir;
	long target;
	struct demo_names names; /* share/demo/ */
	struct demo_person *people;
	size_t npeople, alloc;
	struct chunk *strings;
	long shift; /* days from DEMO_EPOCH to the as-of day */
};

struct pgen {
	struct demo *d;
	struct demo_rng rng;
	/* keys in the arena (d->strings) */
	struct strhash logins; /* logins given */
	struct strhash bases;  /* login base -> next suffix to try */
	int stale_planted, no_email_planted;
	struct sb tmp;
};

void
demo_rng_init(struct demo_rng *r, uint64_t seed)
{
	/* xorshift must not start at 0; mix the seed so near seeds differ. */
	r->s = (seed ^ 0x9e3779b97f4a7c15ULL) * 0xbf58476d1ce4e5b9ULL;
	if (r->s == 0)
		r->s = 0x9e3779b97f4a7c15ULL;
}

uint64_t
demo_rng_next(struct demo_rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

long
demo_rng_range(struct demo_rng *r, long lo, long hi)
{
	return lo + (long)(demo_rng_next(r) % (uint64_t)(hi - lo + 1));
}

int
demo_rng_chance(struct demo_rng *r, int per_mille)
{
	return demo_rng_range(r, 0, 999) < per_mille;
}

static const char *
intern(struct demo *d, const char *s, size_t len)
{
	struct chunk *c = d->strings;
	char *p;
	size_t size;

	if (c == NULL || c->size - c->used < len + 1) {
		size = len + 1 > 65536 ? len + 1 : 65536;
		c = xmalloc(sizeof(*c) + size);
		c->next = d->strings;
		c->used = 0;
		c->size = size;
		d->strings = c;
	}
	p = c->data + c->used;
	memcpy(p, s, len);
	p[len] = '\0';
	c->used += len + 1;
	return p;
}

/*
 * Give p a login (first letter of the given name and the family name, cut
 * to LOGIN_MAX) and an email (given.family), both ASCII and unique: the
 * k-th person with the same base gets k appended to both.
 */
static void
name_accounts(struct pgen *g, struct demo_person *p, const char *first,
    const char *last, int email)
{
	char base[LOGIN_MAX + 1], login[LOGIN_MAX + 1], num[24];
	size_t len, nl;
	union strhash_val *next;
	long k;

	snprintf(base, sizeof(base), "%c%s", first[0], last);
	next = strhash_find(&g->bases, base);
	k = next != NULL ? (long)next->num : 1;
	for (;; k++) {
		num[0] = '\0';
		if (k > 1)
			snprintf(num, sizeof(num), "%ld", k);
		nl = strlen(num);
		len = strlen(base);
		if (len > LOGIN_MAX - nl)
			len = LOGIN_MAX - nl;
		memcpy(login, base, len);
		memcpy(login + len, num, nl + 1);
		if (strhash_find(&g->logins, login) == NULL)
			break;
	}
	if ((next = strhash_find(&g->bases, base)) == NULL)
		next = strhash_put(&g->bases, intern(g->d, base, strlen(base)),
		    NULL);
	next->num = (size_t)k + 1;
	p->login = intern(g->d, login, strlen(login));
	strhash_put(&g->logins, p->login, NULL);
	if (!email)
		return;
	sb_reset(&g->tmp);
	sb_addf(&g->tmp, "%s.%s%s@%s", first, last, num, EMAIL_DOMAIN);
	p->email = intern(g->d, g->tmp.buf, g->tmp.len);
}

/*
 * A date YYYY-MM-DD between years lo and hi, in the demo's own calendar
 * (days 1-28, so every month has them).
 */
static const char *
random_date(struct pgen *g, long lo, long hi)
{
	char buf[32];
	long y, m, day;

	/* Separate statements: argument evaluation order is unspecified. */
	y = demo_rng_range(&g->rng, lo, hi);
	m = demo_rng_range(&g->rng, 1, 12);
	day = demo_rng_range(&g->rng, 1, 28);
	snprintf(buf, sizeof(buf), "%04ld-%02ld-%02ld", y, m, day);
	return demo_date(g->d, buf);
}

/* True when name is one the demo's story gives to a planted person. */
static int
planted_name(const char *name)
{
	size_t i;

	if (strcmp(name, p_ceo.name) == 0 || strcmp(name, p_stale.name) == 0)
		return 1;
	for (i = 0; i < NELEM(p_heads); i++)
		if (strcmp(name, p_heads[i].p.name) == 0)
			return 1;
	return 0;
}

/*
 * Add a person reporting to manager (an index, or -1) and return their
 * index. The name is pl's when given, else drawn from the cultures.
 */
static long
add_person(struct pgen *g, long manager, const char *dept, const char *title,
    unsigned flags, const struct planted *pl)
{
	struct demo *d = g->d;
	struct demo_person *p;
	const struct demo_culture *cultures = d->names.cultures, *c;
	const struct demo_first_name *fn;
	const struct demo_surname *ln;
	const char *first, *last, *lname;
	char id[24];
	long w, total = 0;
	size_t i;

	if (d->npeople == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 256;
		d->people = xrealloc(d->people, d->alloc * sizeof(*d->people));
	}
	p = &d->people[d->npeople];
	memset(p, 0, sizeof(*p));
	snprintf(id, sizeof(id), "E%ld", 10001 + (long)d->npeople);
	p->employee_id = intern(d, id, strlen(id));
	p->department = dept;
	p->title = title;
	p->manager = manager;
	p->flags = flags;

	sb_reset(&g->tmp);
	if (pl != NULL) {
		sb_adds(&g->tmp, pl->name);
		first = pl->first;
		last = pl->last;
	}
	for (i = 0; i < d->names.ncultures; i++)
		total += cultures[i].weight;
	/* Draw until the name is none of the story's people. */
	while (pl == NULL) {
		w = demo_rng_range(&g->rng, 0, total - 1);
		for (i = 0; w >= cultures[i].weight; i++)
			w -= cultures[i].weight;
		c = &cultures[i];
		fn = &c->first[demo_rng_range(&g->rng, 0, (long)c->nfirst - 1)];
		ln = &c->last[demo_rng_range(&g->rng, 0, (long)c->nlast - 1)];
		lname = fn->female && ln->name_f ? ln->name_f : ln->name;
		first = fn->ascii;
		last = fn->female && ln->ascii_f ? ln->ascii_f : ln->ascii;
		sb_reset(&g->tmp);
		if (c->order == DEMO_GIVEN_FIRST)
			sb_addf(&g->tmp, "%s %s", fn->name, lname);
		else
			sb_addf(&g->tmp, "%s%s%s", lname,
			    c->order == DEMO_FAMILY_FIRST ? " " : "", fn->name);
		if (!planted_name(g->tmp.buf))
			break;
	}
	p->display_name = intern(d, g->tmp.buf, g->tmp.len);
	name_accounts(g, p, first, last, !(flags & DEMO_NO_EMAIL));
	return (long)d->npeople++;
}

/* Add one individual contributor of department dp under manager. */
static void
add_ic(struct pgen *g, long manager, const struct demo_dept *dp)
{
	const struct planted *pl = NULL;
	const char *title;
	unsigned flags = 0;
	long who, contractor;

	title = dp->titles[demo_rng_range(&g->rng, 0, (long)dp->ntitles - 1)];
	/* Draw every chance, planted or not, so the stream stays in step. */
	if (demo_rng_chance(&g->rng, 35))
		flags |= DEMO_TERMINATED;
	if (demo_rng_chance(&g->rng, 10))
		flags |= DEMO_NO_EMAIL;
	contractor = demo_rng_chance(&g->rng, 10);
	if (strcmp(dp->name, STALE_DEPT) == 0 && !g->stale_planted) {
		g->stale_planted = 1;
		pl = &p_stale;
		title = "Systems Administrator";
		flags = DEMO_TERMINATED | DEMO_STALE_ADMIN;
	} else if (strcmp(dp->name, NO_EMAIL_DEPT) == 0 &&
	    !g->no_email_planted) {
		g->no_email_planted = 1;
		title = "Warehouse Operative";
		flags = DEMO_NO_EMAIL;
	}
	who = add_person(g, manager, dp->name, title, flags, pl);
	if (pl != NULL)
		g->d->people[who].end_date = demo_date(g->d, STALE_END_DATE);
	else if (flags & DEMO_TERMINATED)
		g->d->people[who].end_date = random_date(g, 2024, 2025);
	else if (contractor) /* leaving on a date ahead */
		g->d->people[who].end_date = random_date(g, 2027, 2028);
}

/*
 * Hang r people in department dp under manager: up to 12 directly, more
 * as 5 to 12 direct reports of whom some manage teams of their own
 * (at least 5 people each), split at random so teams differ in size.
 */
static void
grow(struct pgen *g, long manager, const struct demo_dept *dp, long r)
{
	long k, extra, m, i, left, avg, lo, hi, first;
	long share[12];

	if (r <= 12) {
		for (i = 0; i < r; i++)
			add_ic(g, manager, dp);
		return;
	}
	k = demo_rng_range(&g->rng, 5, 12);
	extra = r - k;
	if (extra < 5) {
		k = r - 5;
		extra = 5;
	}
	m = (extra + 11) / 12;
	if (m > k)
		m = k;
	for (left = extra, i = 0; i < m; i++) {
		avg = left / (m - i);
		lo = avg - avg / 4 > 5 ? avg - avg / 4 : 5;
		hi = left - 5 * (m - i - 1);
		if (hi > avg + avg / 4)
			hi = avg + avg / 4;
		share[i] = i == m - 1 ? left : demo_rng_range(&g->rng, lo, hi);
		left -= share[i];
	}
	first = (long)g->d->npeople;
	for (i = 0; i < m; i++)
		add_person(g, manager, dp->name,
		    share[i] > 12 ? dp->director : dp->manager, DEMO_MANAGER,
		    NULL);
	for (; i < k; i++)
		add_ic(g, manager, dp);
	for (i = 0; i < m; i++)
		grow(g, first + i, dp, share[i]);
}

/* The story's head of department dp, or NULL. */
static const struct planted *
planted_head(const struct demo_dept *dp)
{
	size_t i;

	for (i = 0; i < NELEM(p_heads); i++)
		if (strcmp(dp->name, p_heads[i].dept) == 0)
			return &p_heads[i].p;
	return NULL;
}

/*
 * Build the organisation of d->target people into d->people: the CEO, an
 * assistant, a head per department, one report for every head, the rest
 * by weight; the first department takes what the rounding leaves.
 */
static void
build_org(struct pgen *g)
{
	const struct demo_dept *depts = g->d->names.depts;
	size_t ndepts = g->d->names.ndepts, i;
	long *size, *head, rest, total = 0, given = 0, ceo;

	size = xcalloc(ndepts, sizeof(*size));
	head = xcalloc(ndepts, sizeof(*head));
	ceo = add_person(g, -1, "Executive", "Chief Executive Officer",
	    DEMO_CEO | DEMO_MANAGER, &p_ceo);
	add_person(g, ceo, "Executive", "Executive Assistant", 0, NULL);
	for (i = 0; i < ndepts; i++)
		head[i] = add_person(g, ceo, depts[i].name, depts[i].head,
		    DEMO_HEAD | DEMO_MANAGER, planted_head(&depts[i]));

	rest = g->d->target - (long)g->d->npeople - (long)ndepts;
	for (i = 0; i < ndepts; i++)
		total += depts[i].weight;
	for (i = 0; i < ndepts; i++) {
		size[i] = 1 + rest * depts[i].weight / total;
		given += size[i];
	}
	size[0] += g->d->target - (long)g->d->npeople - given;
	for (i = 0; i < ndepts; i++)
		grow(g, head[i], &depts[i], size[i]);
	free(size);
	free(head);
}

static int
write_people(struct demo *d, FILE *fp, void *arg, struct err *e)
{
	const struct demo_person *p;
	struct sb *row = arg;
	size_t i;

	(void)e;
	/* What a spreadsheet's "CSV UTF-8" export writes: BOM, CRLF. */
	fputs("\xef\xbb\xbf"
	      "employee_id,display_name,title,email,login,"
	      "manager_id,department,status,end_date\r\n",
	    fp);
	for (i = 0; i < d->npeople; i++) {
		p = &d->people[i];
		sb_reset(row);
		sb_add_csv(row, p->employee_id);
		sb_addc(row, ',');
		sb_add_csv(row, p->display_name);
		sb_addc(row, ',');
		sb_add_csv(row, p->title);
		sb_addc(row, ',');
		sb_add_csv(row, p->email);
		sb_addc(row, ',');
		sb_add_csv(row, p->login);
		sb_addc(row, ',');
		if (p->manager >= 0)
			sb_add_csv(row, d->people[p->manager].employee_id);
		sb_addc(row, ',');
		sb_add_csv(row, p->department);
		sb_addc(row, ',');
		sb_adds(row,
		    p->flags & DEMO_TERMINATED ? "terminated" : "active");
		sb_addc(row, ',');
		sb_add_csv(row, p->end_date);
		sb_adds(row, "\r\n");
		fwrite(row->buf, 1, row->len, fp);
	}
	return 0;
}

static int
gen_people(struct demo *d, struct err *e)
{
	struct pgen g;
	int rc;

	memset(&g, 0, sizeof(g));
	g.d = d;
	demo_rng_init(&g.rng, 0x70656f706c65ULL); /* "people" */
	/* Sized for the whole company at the start. */
	strhash_reserve(&g.logins, (size_t)d->target);
	strhash_reserve(&g.bases, (size_t)d->target);
	sb_init(&g.tmp);
	build_org(&g);
	rc = demo_write(d, "people.csv", write_people, &g.tmp, e);
	strhash_release(&g.logins);
	strhash_release(&g.bases);
	sb_release(&g.tmp);
	return rc;
}

/* One override: an account named otherwise than its person's login. */
static void
override_row(FILE *fp, struct sb *row, const char *source, const char *account,
    const struct demo_person *p, const char *reason)
{
	sb_reset(row);
	sb_add_csv(row, source);
	sb_addc(row, ',');
	sb_add_csv(row, account);
	sb_addc(row, ',');
	sb_add_csv(row, p->employee_id);
	sb_addc(row, ',');
	sb_add_csv(row, reason);
	sb_addc(row, '\n');
	fwrite(row->buf, 1, row->len, fp);
}

static int
write_overrides(struct demo *d, FILE *fp, void *arg, struct err *e)
{
	const struct demo_person *ops, *sec;
	struct sb row = SB_INIT, acct = SB_INIT;

	(void)arg;
	(void)e;
	ops = demo_find(d, DEMO_HEAD, "IT Operations");
	sec = demo_find(d, DEMO_HEAD, "Security");
	fputs("source,account,employee_id,reason\n", fp);
	sb_addf(&acct, "adm-%s", ops->login);
	override_row(fp, &row, "corp", acct.buf, ops,
	    "Tier 0 admin account; adm- names match no login");
	override_row(fp, &row, "corp", "svc-backup", ops,
	    "Service account, owned by the Head of IT Operations");
	override_row(fp, &row, "aws-prod", "breakglass", sec,
	    "Break-glass IAM user; the CISO holds its credentials");
	sb_release(&row);
	sb_release(&acct);
	return 0;
}

static int
gen_overrides(struct demo *d, struct err *e)
{
	return demo_write(d, "overrides.csv", write_overrides, NULL, e);
}

/* The Linux fleet's collected files (tui/demo/demo_sudoers.c). */
static int
gen_sudoers(struct demo *d, struct err *e)
{
	return demo_sudoers_fleet(d, d->dir, e);
}

/* The AWS account's CLI exports (tui/demo/demo_aws.c). */
static int
gen_aws(struct demo *d, struct err *e)
{
	return demo_aws_account(d, d->dir, e);
}

/* The Entra tenant's az CLI exports (tui/demo/demo_azure.c). */
static int
gen_azure(struct demo *d, struct err *e)
{
	return demo_azure_tenant(d, d->dir, e);
}

/* The Google Cloud organization's gcloud exports (tui/demo/demo_gcp.c). */
static int
gen_gcp(struct demo *d, struct err *e)
{
	return demo_gcp_org(d, d->dir, e);
}

/*
 * The generators, in order (each sees the people of those before it), and
 * the parc.conf lines that configure their files as sources.
 */
static const struct {
	int (*run)(struct demo *d, struct err *e);
	const char *conf;
} generators[] = {
	{ gen_people,
	    "[source hr]\n"
	    "kind = people\n"
	    "path = people.csv\n" },
	{ gen_overrides, NULL },
	{ gen_sudoers,
	    "[source fleet]\n"
	    "kind = sudoers\n"
	    "root = fleet\n" },
	{ demo_gen_ad,
	    "[source corp]\n"
	    "kind = ldif\n"
	    "path = corp.ldif\n"
	    "privileged_groups = Workstation Admins\n"
	    "privileged_tier = 2\n" },
	{ gen_aws,
	    "[source aws-prod]\n"
	    "kind = aws\n"
	    "authorization_details = aws-prod/authorization-details.json\n"
	    "credential_report = aws-prod/credential-report.csv\n"
	    "account_id = " DEMO_AWS_ACCOUNT "\n" },
	{ gen_azure,
	    "[source azure-corp]\n"
	    "kind = azure\n"
	    "path = azure-corp\n"
	    "tenant_id = " DEMO_AZURE_TENANT "\n" },
	{ gen_gcp,
	    "[source gcp-corp]\n"
	    "kind = gcp\n"
	    "scope = " DEMO_GCP_ORG "\n"
	    "domains = corp.example.com\n"
	    "iam_policies = gcp-corp/iam-policies.json\n"
	    "group_memberships = gcp-corp/group-memberships.json\n" },
};

static int
write_conf(struct demo *d, FILE *fp, void *arg, struct err *e)
{
	size_t i;

	(void)d;
	(void)arg;
	(void)e;
	fputs("# parc.conf - the demo organisation, written by parc demo.\n"
	      "# Paths are relative to this file.\n"
	      "\n"
	      "[parc]\n"
	      "correlation_overrides = overrides.csv\n",
	    fp);
	for (i = 0; i < NELEM(generators); i++)
		if (generators[i].conf != NULL)
			fprintf(fp, "\n%s", generators[i].conf);
	return 0;
}

/* ---- dates ---- */

/* n decimal digits at s into *v; -1 when one is not a digit. */
static int
digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/*
 * The date at the start of s, dashed (YYYY-MM-DD) or not (YYYYMMDD), as
 * seconds since the epoch at noon UTC into *t and its length into *len;
 * -1 when s does not begin with a real date.
 */
static int
parse_date(const char *s, time_t *t, size_t *len)
{
	struct tm tm;
	int y, m, d,
	    dash = s[0] != '\0' && s[1] != '\0' && s[2] != '\0' &&
	    s[3] != '\0' && s[4] == '-';
	size_t mo = dash ? 5 : 4, dd = dash ? 8 : 6;

	if (digits(s, 4, &y) != 0 || digits(s + mo, 2, &m) != 0 ||
	    (dash && s[7] != '-') || digits(s + dd, 2, &d) != 0)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	*t = timegm(&tm);
	/* timegm carries 2027-02-30 into March: not a date */
	if (gmtime_r(t, &tm) == NULL || tm.tm_year != y - 1900 ||
	    tm.tm_mon != m - 1 || tm.tm_mday != d)
		return -1;
	*len = dd + 2;
	return 0;
}

int
demo_day(const char *s, long *day)
{
	time_t t;
	size_t len;

	if (strlen(s) != 10 || s[4] != '-' || parse_date(s, &t, &len) != 0)
		return -1;
	*day = (long)((t - 43200) / 86400);
	return 0;
}

int
demo_date_shift(const char *in, long days, char *out, size_t size)
{
	struct tm tm;
	time_t t;
	size_t len;
	int n;

	if (parse_date(in, &t, &len) != 0)
		return -1;
	t += (time_t)days * 86400;
	if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 0)
		return -1;
	n = snprintf(out, size,
	    len == 10 ? "%04d-%02d-%02d%s" : "%04d%02d%02d%s",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, in + len);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

long
demo_shift(const struct demo *d)
{
	return d->shift;
}

const char *
demo_date(struct demo *d, const char *lit)
{
	char buf[128];

	if (demo_date_shift(lit, d->shift, buf, sizeof(buf)) != 0) {
		fprintf(stderr, "parc: demo_date: not a date: %s\n", lit);
		abort();
	}
	return intern(d, buf, strlen(buf));
}

const struct demo_person *
demo_people(const struct demo *d, size_t *n)
{
	*n = d->npeople;
	return d->people;
}

const struct demo_person *
demo_find(const struct demo *d, unsigned flags, const char *dept)
{
	size_t i;

	for (i = 0; i < d->npeople; i++)
		if ((d->people[i].flags & flags) == flags &&
		    (dept == NULL ||
			strcmp(d->people[i].department, dept) == 0))
			return &d->people[i];
	return NULL;
}

int
demo_write(struct demo *d, const char *name,
    int (*fill)(struct demo *d, FILE *fp, void *arg, struct err *e), void *arg,
    struct err *e)
{
	struct sb path = SB_INIT, tmp = SB_INIT;
	FILE *fp = NULL;
	int fd, rc;

	sb_addf(&path, "%s/%s", d->dir, name);
	sb_addf(&tmp, "%s.tmp", path.buf);
	if ((fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		 0600)) == -1 ||
	    (fp = fdopen(fd, "w")) == NULL) {
		rc = err_set(e, PARC_EIO, "cannot create %s: %s", tmp.buf,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		goto out;
	}
	if ((rc = fill(d, fp, arg, e)) != 0)
		goto out;
	if (fflush(fp) != 0 || ferror(fp)) {
		rc = err_set(e, PARC_EIO, "cannot write %s: %s", tmp.buf,
		    strerror(errno));
		goto out;
	}
	rc = fclose(fp);
	fp = NULL;
	if (rc != 0 || rename(tmp.buf, path.buf) != 0) {
		rc = err_set(e, PARC_EIO, "cannot write %s: %s", path.buf,
		    strerror(errno));
		goto out;
	}
out:
	if (fp != NULL)
		fclose(fp);
	if (rc != 0)
		unlink(tmp.buf);
	sb_release(&path);
	sb_release(&tmp);
	return rc;
}

/* mkdir -p, with mode 0700 for what it creates. */
static int
make_dirs(const char *dir, struct err *e)
{
	struct stat st;
	char *p, *s;
	int rc = 0, last;

	s = xstrdup(dir);
	for (p = s + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		last = *p == '\0';
		*p = '\0';
		if (mkdir(s, 0700) != 0 && errno != EEXIST) {
			rc = err_set(e, PARC_EIO, "cannot create %s: %s", s,
			    strerror(errno));
			goto out;
		}
		if (last)
			break;
		*p = '/';
	}
	if (stat(dir, &st) != 0)
		rc = err_set(e, PARC_EIO, "cannot use %s: %s", dir,
		    strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		rc =
		    err_set(e, PARC_EIO, "cannot use %s: not a directory", dir);
out:
	free(s);
	return rc;
}

/*
 * Load the name tables of share/demo/ into d, with the departments the
 * story plants people in.
 */
static int
load_names(struct demo *d, struct err *e)
{
	static const char *const story[] = { STALE_DEPT, NO_EMAIL_DEPT,
		"Security" };
	struct sb dir = SB_INIT;
	const char *missing = NULL;
	size_t i;
	int rc;

	sb_addf(&dir, "%s/demo", share_dir());
	if ((rc = demo_names_load(&d->names, dir.buf, e)) != 0)
		goto out;
	for (i = 0; i < NELEM(p_heads) && missing == NULL; i++)
		if (demo_names_dept(&d->names, p_heads[i].dept) == NULL)
			missing = p_heads[i].dept;
	for (i = 0; i < NELEM(story) && missing == NULL; i++)
		if (demo_names_dept(&d->names, story[i]) == NULL)
			missing = story[i];
	if (missing != NULL)
		rc = err_set(e, PARC_EDATA,
		    "%s/departments.tsv: no department \"%s\" (the demo's "
		    "story needs it)",
		    dir.buf, missing);
out:
	sb_release(&dir);
	return rc;
}

int
demo_generate(const char *dir, long people, long as_of, struct err *e)
{
	long lo = 0, hi = 0;
	struct demo d;
	struct chunk *c;
	size_t i;
	int rc;

	if (people < DEMO_PEOPLE_MIN || people > DEMO_PEOPLE_MAX)
		return err_set(e, PARC_EUSAGE,
		    "a demo organisation has %d to %d people, not %ld",
		    DEMO_PEOPLE_MIN, DEMO_PEOPLE_MAX, people);
	demo_day(DEMO_AS_OF_MIN, &lo);
	demo_day(DEMO_AS_OF_MAX, &hi);
	if (as_of < lo || as_of > hi)
		return err_set(e, PARC_EUSAGE,
		    "a demo is made as of a day from " DEMO_AS_OF_MIN
		    " to " DEMO_AS_OF_MAX ", not %ld days after 1970-01-01",
		    as_of);
	if (*dir == '\0')
		return err_set(e, PARC_EUSAGE, "no demo directory given");
	if ((rc = make_dirs(dir, e)) != 0)
		return rc;
	memset(&d, 0, sizeof(d));
	d.dir = xstrdup(dir);
	d.target = people;
	d.shift = as_of - DEMO_EPOCH_DAY;
	if ((rc = load_names(&d, e)) != 0)
		goto out;
	for (i = 0; i < NELEM(generators); i++)
		if ((rc = generators[i].run(&d, e)) != 0)
			goto out;
	rc = demo_write(&d, "parc.conf", write_conf, NULL, e);
out:
	while ((c = d.strings) != NULL) {
		d.strings = c->next;
		free(c);
	}
	free(d.people);
	free(d.dir);
	demo_names_release(&d.names);
	return rc;
}
