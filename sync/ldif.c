/* ldif.c - the LDIF reader and the ldif connector (see ldif.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/sb.h"
#include "lib/text.h"
#include "sync/ad_common.h"
#include "sync/ldif.h"

struct ldif {
	FILE *fp;
	char *name;
	int lineno;	 /* lines read so far */
	struct sb ahead; /* a physical line read but not used yet */
	int has_ahead, ahead_line;
	int eof;
	int first; /* no record read yet: "version:" may come */
	int skip;  /* in a reference or result record */
	struct ldif_rec rec;
	size_t alloc;
	struct sb line;	 /* the current logical (unfolded) line */
	struct sb shown; /* a value quoted in a message */
};

/* A value from the file made fit for a message: escaped and cut. */
static const char *
shown(struct ldif *r, const void *v)
{
	sb_reset(&r->shown);
	sb_add_cell(&r->shown, v, 60, 0);
	return r->shown.buf;
}

struct ldif *
ldif_open(FILE *fp, const char *name)
{
	struct ldif *r = xcalloc(1, sizeof(*r));

	r->fp = fp;
	r->name = xstrdup(name);
	r->first = 1;
	sb_init(&r->ahead);
	sb_init(&r->line);
	sb_init(&r->shown);
	return r;
}

static void
rec_clear(struct ldif_rec *rec)
{
	size_t i;

	free(rec->dn);
	rec->dn = NULL;
	for (i = 0; i < rec->n; i++) {
		free(rec->v[i].name);
		free(rec->v[i].val);
	}
	rec->n = 0;
}

void
ldif_close(struct ldif *r)
{
	if (r == NULL)
		return;
	rec_clear(&r->rec);
	free(r->rec.v);
	sb_release(&r->ahead);
	free(r->name);
	sb_release(&r->line);
	sb_release(&r->shown);
	free(r);
}

/* clang-format off */
static const signed char b64[256] = {
	['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6,
	['G'] = 7, ['H'] = 8, ['I'] = 9, ['J'] = 10, ['K'] = 11, ['L'] = 12,
	['M'] = 13, ['N'] = 14, ['O'] = 15, ['P'] = 16, ['Q'] = 17, ['R'] = 18,
	['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22, ['W'] = 23, ['X'] = 24,
	['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29, ['d'] = 30,
	['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36,
	['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42,
	['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48,
	['w'] = 49, ['x'] = 50, ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54,
	['2'] = 55, ['3'] = 56, ['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60,
	['8'] = 61, ['9'] = 62, ['+'] = 63, ['/'] = 64,
};
/* clang-format on */

int
ldif_base64(const char *s, size_t len, unsigned char **out, size_t *outlen)
{
	unsigned char *buf;
	uint32_t acc = 0;
	size_t i, n = 0, pad = 0;
	int bits = 0, v;

	if (len % 4 != 0)
		return -1;
	buf = xmalloc(len / 4 * 3 + 1);
	for (i = 0; i < len; i++) {
		if (s[i] == '=') {
			/* Padding only at the end, at most two. */
			if (i + 2 < len || (i + 1 < len && s[i + 1] != '='))
				goto bad;
			pad++;
			continue;
		}
		if ((v = b64[(unsigned char)s[i]]) == 0)
			goto bad;
		acc = acc << 6 | (uint32_t)(v - 1);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf[n++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	if (pad > 2)
		goto bad;
	buf[n] = '\0';
	*out = buf;
	*outlen = n;
	return 0;
bad:
	free(buf);
	return -1;
}

/*
 * Read one physical line into out (without its line end; out is reset
 * first), or return 0 at the end of the file. CR before LF is dropped. A
 * line longer than LDIF_LINE_MAX is refused once that much is read, not
 * read whole (getline would take a line of any length into memory).
 */
static int
physical(struct ldif *r, struct sb *out, int *lineno, struct err *e)
{
	struct sb t;
	size_t n = 0;
	int c, toolong = 0;

	if (r->has_ahead) {
		t = *out; /* the buffers trade places: neither is freed */
		*out = r->ahead;
		r->ahead = t;
		*lineno = r->ahead_line;
		r->has_ahead = 0;
		return 1;
	}
	sb_reset(out);
	if (r->eof)
		return 0;
	errno = 0;
	flockfile(r->fp);
	while ((c = getc_unlocked(r->fp)) != EOF && c != '\n') {
		/* room for the limit and a CR */
		if (n == (size_t)LDIF_LINE_MAX + 1) {
			toolong = 1;
			break;
		}
		if (n + 1 >= out->alloc) {
			out->len = n;
			sb_grow(out, n < 128 ? 128 : n);
		}
		out->buf[n++] = (char)c;
	}
	funlockfile(r->fp);
	if (out->alloc > 0)
		out->buf[n] = '\0';
	out->len = n;
	if (c == EOF && n == 0 && !toolong) {
		r->eof = 1;
		if (ferror(r->fp))
			return err_set(e, PARC_EIO, "%s:%d: read: %s", r->name,
			    r->lineno + 1, strerror(errno));
		return 0;
	}
	r->lineno++;
	if (n > 0 && out->buf[n - 1] == '\r')
		out->buf[--out->len] = '\0';
	n = out->len;
	if (toolong || n > LDIF_LINE_MAX) {
		sb_reset(out);
		r->eof = 1; /* the rest of that line is not a line */
		return err_set(e, PARC_EDATA,
		    "%s:%d: line longer than %d bytes", r->name, r->lineno,
		    LDIF_LINE_MAX);
	}
	if (memchr(out->buf, '\0', n) != NULL) {
		sb_reset(out);
		return err_set(e, PARC_EDATA, "%s:%d: NUL byte in the line",
		    r->name, r->lineno);
	}
	/* A UTF-8 byte order mark on the first line (ldifde -u). */
	if (r->lineno == 1 && n >= 3 &&
	    memcmp(out->buf, "\xef\xbb\xbf", 3) == 0) {
		memmove(out->buf, out->buf + 3, n - 2);
		out->len -= 3;
	}
	*lineno = r->lineno;
	return 1;
}

/*
 * The next logical line (continuations joined) into r->line, its first
 * physical line number in *lineno. Returns 1, 0 at the end, or an error.
 * A blank line comes back empty.
 */
static int
logical(struct ldif *r, int *lineno, struct err *e)
{
	int rc, ln;

	if ((rc = physical(r, &r->line, lineno, e)) <= 0)
		return rc;
	if (r->line.buf[0] == ' ') {
		sb_reset(&r->line);
		return err_set(e, PARC_EDATA,
		    "%s:%d: a continuation line (starting with a space) "
		    "follows nothing",
		    r->name, *lineno);
	}
	if (r->line.len == 0)
		return 1;
	for (;;) {
		if ((rc = physical(r, &r->ahead, &ln, e)) < 0)
			return rc;
		if (rc == 0)
			break;
		if (r->ahead.buf[0] != ' ') {
			r->has_ahead = 1;
			r->ahead_line = ln;
			break;
		}
		sb_add(&r->line, r->ahead.buf + 1, r->ahead.len - 1);
		if (r->line.len > LDIF_LINE_MAX)
			return err_set(e, PARC_EDATA,
			    "%s:%d: line longer than %d bytes", r->name,
			    *lineno, LDIF_LINE_MAX);
	}
	return 1;
}

/*
 * Split the logical line into attribute description and value. Returns 0
 * with the value malloc'd, or an error naming line.
 */
static int
split_line(struct ldif *r, int line, char **name, unsigned char **val,
    size_t *len, struct err *e)
{
	char *s = r->line.buf, *colon, *v;
	size_t i;

	*name = NULL;
	*val = NULL;
	if ((colon = strchr(s, ':')) == NULL || colon == s)
		return err_set(e, PARC_EDATA,
		    "%s:%d: not an \"attribute: value\" line", r->name, line);
	for (i = 0; s + i < colon; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '-' || c == ';' ||
			c == '=' || c == '.' || c == '*'))
			return err_set(e, PARC_EDATA,
			    "%s:%d: not an attribute name before ':'", r->name,
			    line);
	}
	v = colon + 1;
	if (*v == ':') {
		for (v++; *v == ' '; v++)
			;
		if (ldif_base64(v, strlen(v), val, len) != 0)
			return err_set(e, PARC_EDATA,
			    "%s:%d: the value after '::' is not base64",
			    r->name, line);
	} else if (*v == '<') {
		return err_set(e, PARC_EDATA,
		    "%s:%d: values by URL (':<') are not read; export the "
		    "values themselves",
		    r->name, line);
	} else {
		while (*v == ' ')
			v++;
		if (!utf8_valid(v, strlen(v)))
			return err_set(e, PARC_EDATA,
			    "%s:%d: value is not UTF-8 (base64 it with '::')",
			    r->name, line);
		*len = strlen(v);
		*val = (unsigned char *)xstrdup(v);
	}
	*name = xmalloc((size_t)(colon - s) + 1);
	memcpy(*name, s, (size_t)(colon - s));
	(*name)[colon - s] = '\0';
	return 0;
}

/* True when an ldapsearch result line says success ("0 Success"). */
static int
result_ok(const char *s)
{
	return s[0] == '0' && (s[1] == '\0' || s[1] == ' ');
}

/* Take one attribute line of the current record (see ldif_next). */
static int
take_line(struct ldif *r, int line, char **result, struct err *e)
{
	struct ldif_rec *rec = &r->rec;
	unsigned char *val = NULL;
	char *name = NULL;
	size_t len;
	int rc;

	if ((rc = split_line(r, line, &name, &val, &len, e)) != 0)
		goto out;
	/*
	 * The lines whose values decide how the file is read are compared
	 * as text: a NUL (base64 can hold one) must not cut "0\0 failed"
	 * down to a result that says success. In an entry, version: and
	 * result: are values like any other (checked where they are used).
	 */
	if (memchr(val, '\0', len) != NULL &&
	    (rec->dn == NULL || strcasecmp(name, "changetype") == 0) &&
	    (strcasecmp(name, "version") == 0 ||
		strcasecmp(name, "changetype") == 0 ||
		strcasecmp(name, "result") == 0)) {
		rc = err_set(e, PARC_EDATA,
		    "%s:%d: a NUL byte in %.40s:", r->name, line, name);
		goto out;
	}
	if (r->first && rec->dn == NULL && rec->n == 0 &&
	    strcasecmp(name, "version") == 0) {
		if (strcmp((char *)val, "1") != 0)
			rc = err_set(e, PARC_EDATA,
			    "%s:%d: LDIF version %s (only 1 is known)", r->name,
			    line, shown(r, val));
	} else if (rec->dn == NULL && strcasecmp(name, "dn") == 0) {
		if (!utf8_valid((char *)val, len) ||
		    memchr(val, '\0', len) != NULL)
			rc = err_set(e, PARC_EDATA,
			    "%s:%d: the DN is not UTF-8", r->name, line);
		else {
			rec->dn = (char *)val;
			rec->line = line;
			val = NULL;
		}
	} else if (rec->dn == NULL) {
		/*
		 * ldapsearch's reference ("ref:") and result ("search:",
		 * then result:, control:, pagedresults: ...) records.
		 */
		if (!r->skip && rec->n == 0 &&
		    (strcasecmp(name, "ref") == 0 ||
			strcasecmp(name, "search") == 0))
			r->skip = 1;
		if (!r->skip)
			rc = err_set(e, PARC_EDATA,
			    "%s:%d: a record must start with dn:, not %.40s:",
			    r->name, line, name);
		else if (strcasecmp(name, "result") == 0) {
			free(*result);
			*result = xstrdup((char *)val);
		}
	} else if (strcasecmp(name, "changetype") == 0) {
		if (strcasecmp((char *)val, "add") != 0)
			rc = err_set(e, PARC_EDATA,
			    "%s:%d: changetype %s: an export holds "
			    "entries, not changes",
			    r->name, line, shown(r, val));
	} else {
		if (rec->n == r->alloc) {
			r->alloc = r->alloc ? r->alloc * 2 : 32;
			rec->v = xrealloc(rec->v, r->alloc * sizeof(*rec->v));
		}
		rec->v[rec->n].name = name;
		rec->v[rec->n].val = val;
		rec->v[rec->n].len = len;
		rec->n++;
		name = NULL;
		val = NULL;
	}
out:
	free(name);
	free(val);
	return rc;
}

int
ldif_next(struct ldif *r, const struct ldif_rec **out, struct err *e)
{
	struct ldif_rec *rec = &r->rec;
	char *result = NULL;
	int rc, line, start, empty, eof;

	for (;;) {
		rec_clear(rec);
		empty = 1;
		eof = 0;
		r->skip = 0;
		start = 0;
		for (;;) {
			if ((rc = logical(r, &line, e)) < 0)
				goto out;
			if (rc == 0) {
				eof = 1;
				break;
			}
			if (r->line.len == 0) {
				if (empty)
					continue; /* blank lines between */
				break;
			}
			if (r->line.buf[0] == '#')
				continue;
			if (empty)
				start = line;
			empty = 0;
			if ((rc = take_line(r, line, &result, e)) != 0)
				goto out;
		}
		if (empty) {
			rc = 0;
			goto out;
		}
		if (result != NULL && !result_ok(result)) {
			rc = err_set(e, PARC_EDATA,
			    "%s:%d: the export ends with \"result: %s\": "
			    "it is incomplete",
			    r->name, start, shown(r, result));
			goto out;
		}
		r->first = 0;
		if (rec->dn != NULL) {
			*out = rec;
			rc = 1;
			goto out;
		}
		if (eof) {
			rc = 0;
			goto out;
		}
	}
out:
	free(result);
	return rc;
}

int
ldif_feed(struct adc *a, const struct ldif_rec *rec, const char *where,
    struct err *e)
{
	size_t i;
	int rc;

	adc_begin(a, rec->dn, where);
	for (i = 0; i < rec->n; i++)
		if ((rc = adc_value(a, rec->v[i].name, rec->v[i].val,
			 rec->v[i].len, e)) != 0)
			return rc;
	return adc_end(a, e);
}

/* ---- the connector ---- */

static const char *const ldif_keys[] = {
	"path",
	"privileged_groups",
	"privileged_tier",
	"service_accounts",
	"domain",
	NULL,
};

struct ldifsrc {
	char *path;
	struct adc_options o;
	struct catalog *cat;
};

static void ldif_src_close(void *state);

static int
ldif_src_open(const struct config *c, const struct conf_section *sec,
    void **state, struct err *e)
{
	struct ldifsrc *s;
	char where[PATH_MAX + 32];
	int rc;

	*state = NULL;
	if ((rc = conf_check_keys(c, sec, ldif_keys, e)) != 0)
		return rc;
	s = xcalloc(1, sizeof(*s));
	if ((s->path = conf_path(c, sec, "path")) == NULL) {
		rc = err_set(e, PARC_ECONFIG,
		    "%s: [source %s] needs path = FILE (an LDIF export)",
		    conf_where(c, sec->line, where, sizeof(where)), sec->name);
		goto out;
	}
	if ((rc = adc_options_read(c, sec, &s->o, &s->cat, e)) != 0)
		goto out;
	s->o.origin = s->path;
	*state = s;
	s = NULL;
out:
	ldif_src_close(s);
	return rc;
}

static void
ldif_src_close(void *state)
{
	struct ldifsrc *s = state;

	if (s == NULL)
		return;
	adc_options_release(&s->o);
	catalog_free(s->cat);
	free(s->path);
	free(s);
}

static int
ldif_src_pull(void *state, struct sink *sink, struct err *e)
{
	struct ldifsrc *s = state;
	const struct ldif_rec *rec;
	struct ldif *r = NULL;
	struct adc *a = NULL;
	struct sb where = SB_INIT;
	FILE *fp;
	int rc;

	if ((fp = fopen(s->path, "r")) == NULL)
		return err_set(e, PARC_ESOURCE, "cannot open %s: %s", s->path,
		    strerror(errno));
	r = ldif_open(fp, s->path);
	a = adc_new(&s->o);
	adc_stage(a, sink);
	while ((rc = ldif_next(r, &rec, e)) == 1) {
		sb_reset(&where);
		sb_addf(&where, "%s:%d", s->path, rec->line);
		if ((rc = ldif_feed(a, rec, where.buf, e)) != 0)
			goto out;
	}
	if (rc < 0)
		goto out;
	if (adc_count(a) == 0) {
		rc = err_set(e, PARC_EDATA,
		    "%s: no users, groups or computers in the export (is it "
		    "an Active Directory export?)",
		    s->path);
		goto out;
	}
	rc = adc_emit(a, sink, e);
out:
	adc_free(a);
	ldif_close(r);
	fclose(fp);
	sb_release(&where);
	return rc;
}

const struct source_ops ldif_ops = {
	.kind = "ldif",
	.summary = "Active Directory from an LDIF export (ldapsearch, ldifde)",
	.keys = ldif_keys,
	.open = ldif_src_open,
	.pull = ldif_src_pull,
	.close = ldif_src_close,
};
