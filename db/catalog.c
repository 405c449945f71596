/* catalog.c - load the privilege catalogs and classify values against them. */

/*
 * FNM_CASEFOLD is an extension: glibc's <fnmatch.h> hides it under the
 * tree's -D_XOPEN_SOURCE=700 unless _GNU_SOURCE is set (BSD libcs show it
 * by default).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "db/catalog.h"
#include "lib/err.h"
#include "lib/sb.h"

#define NFIELDS 7
#define TECH_MAX 64 /* bytes of a bad technique id quoted in a message */
#define SHOW_MAX 60 /* bytes of a bad field quoted in a message */
#define SID_SUBAUTH_MAX 15

enum how {
	HOW_EXACT,
	HOW_NAME,
	HOW_SID,
	HOW_RID,
	HOW_GLOB,
};

/*
 * The match methods and how strongly each one binds: a lower rank wins
 * (exact/name/sid, then rid, then glob), as catalog.h promises.
 */
static const struct {
	const char *name;
	enum how how;
	int rank;
} hows[] = {
	{ "exact", HOW_EXACT, 0 },
	{ "name", HOW_NAME, 0 },
	{ "sid", HOW_SID, 0 },
	{ "rid", HOW_RID, 1 },
	{ "glob", HOW_GLOB, 2 },
};

static const char *const field_names[NFIELDS] = {
	"family",
	"kind",
	"how",
	"match",
	"tier",
	"techniques",
	"reason",
};

/* An entry with what matching needs already parsed out of it. */
struct entry {
	struct catalog_entry pub;
	enum how how;
	int rank;
	uint32_t rid; /* HOW_RID only */
};

struct catalog {
	struct entry **v; /* pointers, so entries stay put as v grows */
	size_t n;
	size_t alloc;
};

/* A parsed SID string: S-1-<authority>-<sub>-<sub>... */
struct sid {
	uint64_t authority;
	uint32_t sub[SID_SUBAUTH_MAX];
	int nsub;
};

struct catalog *
catalog_new(void)
{
	return xcalloc(1, sizeof(struct catalog));
}

static void
entry_free(struct entry *en)
{
	if (en == NULL)
		return;
	free(en->pub.family);
	free(en->pub.kind);
	free(en->pub.how);
	free(en->pub.match);
	free(en->pub.techniques);
	free(en->pub.reason);
	free(en->pub.file);
	free(en);
}

void
catalog_free(struct catalog *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		entry_free(c->v[i]);
	free(c->v);
	free(c);
}

size_t
catalog_count(const struct catalog *c)
{
	return c->n;
}

const struct catalog_entry *
catalog_at(const struct catalog *c, size_t i)
{
	if (i >= c->n)
		return NULL;
	return &c->v[i]->pub;
}

/*
 * Parse a decimal number of at most max, in canonical form (no sign, no
 * leading zero, at least one digit) from s up to end. Returns 0 or -1.
 */
static int
parse_dec(const char *s, const char *end, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (s == end || (*s == '0' && end - s > 1))
		return -1;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (max - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

/*
 * Parse a SID string ("S-1-5-32-544", the S in either case) into sid.
 * Only the canonical decimal form is taken: Windows prints an authority
 * of 2^32 or more in hex, but no such authority is in use.
 * Returns 0, or -1 when s is not a SID.
 */
static int
sid_parse(const char *s, struct sid *sid)
{
	const char *p, *q;
	uint64_t v;

	if ((s[0] != 'S' && s[0] != 's') || strncmp(s + 1, "-1-", 3) != 0)
		return -1;
	p = s + 4;
	q = p + strcspn(p, "-");
	if (parse_dec(p, q, (UINT64_C(1) << 48) - 1, &sid->authority) == -1)
		return -1;
	sid->nsub = 0;
	while (*q == '-') {
		p = q + 1;
		q = p + strcspn(p, "-");
		if (sid->nsub == SID_SUBAUTH_MAX ||
		    parse_dec(p, q, UINT32_MAX, &v) == -1)
			return -1;
		sid->sub[sid->nsub++] = (uint32_t)v;
	}
	if (*q != '\0' || sid->nsub == 0)
		return -1;
	return 0;
}

/*
 * The value as a SID, parsed once per lookup however many RID entries
 * are tried (a sync classifies every account of a directory).
 */
struct value_sid {
	int state; /* 0 not parsed yet, 1 a SID, -1 not one */
	struct sid sid;
};

/*
 * True when value is an account SID of a domain, S-1-5-21-a-b-c-RID, whose
 * RID is rid. Builtin SIDs (S-1-5-32-...) and longer or shorter forms are
 * not domain SIDs, so S-1-5-32-544-512 does not have RID 512.
 */
static int
rid_matches(const char *value, struct value_sid *vs, uint32_t rid)
{
	if (vs->state == 0)
		vs->state = sid_parse(value, &vs->sid) == -1 ? -1 : 1;
	if (vs->state < 0)
		return 0;
	return vs->sid.authority == 5 && vs->sid.nsub == 5 &&
	    vs->sid.sub[0] == 21 && vs->sid.sub[4] == rid;
}

static int
entry_matches(const struct entry *en, const char *value, struct value_sid *vs)
{
	switch (en->how) {
	case HOW_EXACT:
		return strcmp(en->pub.match, value) == 0;
	case HOW_NAME:
	case HOW_SID:
		/* A SID differs from another only in digits, bar the "S". */
		return strcasecmp(en->pub.match, value) == 0;
	case HOW_RID:
		return rid_matches(value, vs, en->rid);
	case HOW_GLOB:
		return fnmatch(en->pub.match, value, FNM_CASEFOLD) == 0;
	}
	return 0;
}

const struct catalog_entry *
catalog_match(const struct catalog *c, const char *family, const char *kind,
    const char *value)
{
	const struct entry *best = NULL, *en;
	struct value_sid vs = { 0 };
	size_t i;

	for (i = 0; i < c->n; i++) {
		en = c->v[i];
		if (strcmp(en->pub.family, family) != 0 ||
		    strcmp(en->pub.kind, kind) != 0 ||
		    !entry_matches(en, value, &vs))
			continue;
		/* Strictly better only, so the earliest line keeps a tie. */
		if (best == NULL || en->rank < best->rank ||
		    (en->rank == best->rank && en->pub.tier < best->pub.tier))
			best = en;
	}
	return best != NULL ? &best->pub : NULL;
}

/*
 * Length of s cut to at most SHOW_MAX bytes without splitting a UTF-8
 * sequence, for quoting a bad field (already checked to be valid UTF-8
 * without control characters) in a message.
 */
static int
show_len(const char *s)
{
	size_t n = strlen(s);

	if (n <= SHOW_MAX)
		return (int)n;
	n = SHOW_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return (int)n;
}

/* A family or kind (known non-empty): a word like "directory-role". */
static int
is_token(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
			*s == '-' || *s == '_'))
			return 0;
	return 1;
}

/* One ATT&CK id: T and four digits, optionally a dot and three digits. */
static int
is_technique(const char *s, size_t n)
{
	size_t i;

	if (n != 5 && n != 9)
		return 0;
	if (s[0] != 'T')
		return 0;
	for (i = 1; i < n; i++) {
		if (i == 5) {
			if (s[i] != '.')
				return 0;
		} else if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	return 1;
}

/*
 * Check a techniques field: "-" or ids separated by single commas, none
 * twice. Returns NULL when good, else what is wrong (static storage) with
 * the id at fault copied into bad.
 */
static const char *
check_techniques(const char *s, char *bad, size_t size)
{
	const char *p, *q, *r, *why = NULL;
	size_t n;

	if (strcmp(s, "-") == 0)
		return NULL;
	for (p = s; why == NULL; p = q + 1) {
		q = p + strcspn(p, ",");
		n = (size_t)(q - p);
		if (!is_technique(p, n))
			why = "is not an ATT&CK id (T1234 or T1234.001)";
		for (r = s; why == NULL && r < p; r += strcspn(r, ",") + 1)
			if (strncmp(r, p, n) == 0 &&
			    (r[n] == ',' || r[n] == '\0'))
				why = "is listed twice";
		if (why != NULL)
			snprintf(bad, size, "%.*s",
			    (int)(n < TECH_MAX ? n : TECH_MAX), p);
		else if (*q == '\0')
			break;
	}
	return why;
}

/*
 * Check one line (no newline, NUL-terminated, len bytes) and, when it is
 * an entry, append it to c. Comments and blank lines add nothing.
 */
static int
load_line(struct catalog *c, const char *path, int lineno, char *line,
    size_t len, struct err *e)
{
	char *f[NFIELDS], *p, *tab, tech[TECH_MAX + 1];
	const char *why;
	struct entry *en;
	uint64_t rid = 0;
	size_t i, nf, k;
	struct sid sid;

	if (strlen(line) != len)
		return err_set(e, PARC_EDATA, "%s:%d: NUL byte in line", path,
		    lineno);
	if (!utf8_valid(line, len))
		return err_set(e, PARC_EDATA, "%s:%d: not valid UTF-8", path,
		    lineno);
	for (i = 0; i < len; i++)
		if (((unsigned char)line[i] < 0x20 && line[i] != '\t') ||
		    line[i] == 0x7f)
			return err_set(e, PARC_EDATA,
			    "%s:%d: control character 0x%02x in line%s", path,
			    lineno, (unsigned char)line[i],
			    line[i] == '\r' ? " (CRLF line ending?)" : "");
	if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
		return 0;

	nf = 0;
	for (p = line;; p = tab + 1) {
		tab = strchr(p, '\t');
		if (nf < NFIELDS)
			f[nf] = p;
		nf++;
		if (tab == NULL)
			break;
		*tab = '\0';
	}
	if (nf != NFIELDS)
		return err_set(e, PARC_EDATA,
		    "%s:%d: expected %d tab-separated fields "
		    "(family kind how match tier techniques reason), found %zu",
		    path, lineno, NFIELDS, nf);
	for (i = 0; i < NFIELDS; i++) {
		k = strlen(f[i]);
		if (k == 0)
			return err_set(e, PARC_EDATA, "%s:%d: %s is empty",
			    path, lineno, field_names[i]);
		if (f[i][0] == ' ' || f[i][k - 1] == ' ')
			return err_set(e, PARC_EDATA,
			    "%s:%d: %s \"%.*s\" starts or ends with a space",
			    path, lineno, field_names[i], show_len(f[i]), f[i]);
	}
	for (i = 0; i < 2; i++)
		if (!is_token(f[i]))
			return err_set(e, PARC_EDATA,
			    "%s:%d: %s \"%.*s\" is not a-z, 0-9, - and _", path,
			    lineno, field_names[i], show_len(f[i]), f[i]);

	for (i = 0; i < sizeof(hows) / sizeof(hows[0]); i++)
		if (strcmp(f[2], hows[i].name) == 0)
			break;
	if (i == sizeof(hows) / sizeof(hows[0]))
		return err_set(e, PARC_EDATA,
		    "%s:%d: unknown how \"%.*s\" "
		    "(expected exact, name, sid, rid or glob)",
		    path, lineno, show_len(f[2]), f[2]);
	if (hows[i].how == HOW_SID && sid_parse(f[3], &sid) == -1)
		return err_set(e, PARC_EDATA,
		    "%s:%d: match \"%.*s\" is not a SID (S-1-5-32-544)", path,
		    lineno, show_len(f[3]), f[3]);
	if (hows[i].how == HOW_RID &&
	    parse_dec(f[3], f[3] + strlen(f[3]), UINT32_MAX, &rid) == -1)
		return err_set(e, PARC_EDATA,
		    "%s:%d: match \"%.*s\" is not a decimal RID (512)", path,
		    lineno, show_len(f[3]), f[3]);

	if (f[4][0] < '0' || f[4][0] > '3' || f[4][1] != '\0')
		return err_set(e, PARC_EDATA,
		    "%s:%d: tier \"%.*s\" is not 0, 1, 2 or 3", path, lineno,
		    show_len(f[4]), f[4]);

	if ((why = check_techniques(f[5], tech, sizeof(tech))) != NULL)
		return err_set(e, PARC_EDATA, "%s:%d: technique \"%s\" %s",
		    path, lineno, tech, why);

	en = xcalloc(1, sizeof(*en));
	en->how = hows[i].how;
	en->rank = hows[i].rank;
	en->rid = (uint32_t)rid;
	en->pub.family = xstrdup(f[0]);
	en->pub.kind = xstrdup(f[1]);
	en->pub.how = xstrdup(f[2]);
	en->pub.match = xstrdup(f[3]);
	en->pub.tier = f[4][0] - '0';
	en->pub.techniques = xstrdup(strcmp(f[5], "-") == 0 ? "" : f[5]);
	en->pub.reason = xstrdup(f[6]);
	en->pub.file = xstrdup(path);
	en->pub.line = lineno;
	if (c->n == c->alloc) {
		c->alloc = c->alloc ? c->alloc * 2 : 64;
		c->v = xrealloc(c->v, c->alloc * sizeof(*c->v));
	}
	c->v[c->n++] = en;
	return 0;
}

int
catalog_load_file(struct catalog *c, const char *path, struct err *e)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *fp;
	int lineno = 0, rc = 0;

	if ((fp = fopen(path, "r")) == NULL)
		return err_set(e, PARC_EIO, "open %s: %s", path,
		    strerror(errno));
	while ((n = getline(&line, &cap, fp)) != -1) {
		if (lineno == INT_MAX) {
			rc = err_set(e, PARC_EDATA, "%s: too many lines", path);
			goto out;
		}
		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if ((rc = load_line(c, path, lineno, line, (size_t)n, e)) != 0)
			goto out;
	}
	if (ferror(fp))
		rc = err_set(e, PARC_EIO, "read %s: %s", path, strerror(errno));
out:
	free(line);
	fclose(fp);
	return rc;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
catalog_load_dir(struct catalog *c, const char *dir, struct err *e)
{
	char **names = NULL;
	size_t n = 0, alloc = 0, i, len;
	struct dirent *d;
	struct sb path = SB_INIT;
	DIR *dp;
	int rc = 0;

	if ((dp = opendir(dir)) == NULL)
		return err_set(e, PARC_EIO, "open catalog directory %s: %s",
		    dir, strerror(errno));
	errno = 0;
	while ((d = readdir(dp)) != NULL) {
		len = strlen(d->d_name);
		/* Hidden names are editors' and package managers' leftovers. */
		if (d->d_name[0] == '.' || len <= 4 ||
		    strcmp(d->d_name + len - 4, ".tsv") != 0)
			continue;
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			names = xrealloc(names, alloc * sizeof(*names));
		}
		names[n++] = xstrdup(d->d_name);
	}
	if (errno != 0)
		rc = err_set(e, PARC_EIO, "read catalog directory %s: %s", dir,
		    strerror(errno));
	closedir(dp);
	if (rc == 0 && n > 0)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; rc == 0 && i < n; i++) {
		sb_reset(&path);
		sb_addf(&path, "%s/%s", dir, names[i]);
		rc = catalog_load_file(c, path.buf, e);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	sb_release(&path);
	return rc;
}
