/* siem.c - audit events and findings as JSON lines or CEF (siem.h). */
#include <jansson.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/checkpoint.h"
#include "db/finding.h"
#include "db/vocab.h"
#include "lib/priv.h"
#include "lib/sb.h"
#include "reports/json.h"
#include "reports/model.h"
#include "reports/siem.h"

#ifndef PARC_VERSION
#define PARC_VERSION "0.1.0"
#endif

/* The columns the CEF lines and the cursor read, by name. */
enum {
	C_TYPE,
	C_ID,
	C_AT,
	C_ACTOR,
	C_ACTION,
	C_OBJECT,
	C_DETAIL,
	C_HASH,
	C_KIND,
	C_SEVERITY,
	C_SOURCE,
	C_HOST,
	C_ACCOUNT,
	C_PERSON,
	C_ENTITLEMENT,
	C_TECHNIQUES,
	C_EVIDENCE,
	C_FIRST_SEEN,
	C_N
};

static const char *const cef_keys[C_N] = { "type", "id", "at", "actor",
	"action", "object", "detail", "hash", "kind", "severity", "source",
	"host", "account", "person", "entitlement", "techniques", "evidence",
	"first_seen" };

struct exp {
	const struct siem_opts *o;
	FILE *fp;
	struct sb sb;
	struct siem_stats *st;
	int io;			   /* a write failed */
	const struct rpt_table *t; /* the table col maps */
	size_t col[C_N];
};

/* ISO 8601 UTC to milliseconds since the epoch, or -1. */
static long long
epoch_ms(const char *iso)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (iso == NULL || strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm) == NULL)
		return -1;
	return (long long)timegm(&tm) * 1000;
}

/* A CEF header field: | and \ escaped, line breaks as spaces. */
static void
cef_head(struct sb *sb, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|' || *s == '\\')
			sb_addc(sb, '\\');
		if (*s == '\n' || *s == '\r')
			sb_addc(sb, ' ');
		else
			sb_addc(sb, *s);
	}
}

/* " key=value" in a CEF extension: = and \ escaped, line breaks as \n. */
static void
cef_ext(struct sb *sb, const char *key, const char *v)
{
	if (v == NULL || *v == '\0')
		return;
	sb_addf(sb, " %s=", key);
	for (; *v; v++) {
		switch (*v) {
		case '=':
		case '\\':
			sb_addc(sb, '\\');
			sb_addc(sb, *v);
			break;
		case '\n':
			sb_adds(sb, "\\n");
			break;
		case '\r':
			sb_adds(sb, "\\r");
			break;
		default:
			if ((unsigned char)*v < 0x20)
				sb_addc(sb, ' ');
			else
				sb_addc(sb, *v);
		}
	}
}

/* A custom string field and its label, only when there is a value. */
static void
cef_custom(struct sb *sb, const char *key, const char *label, const char *v)
{
	struct sb k = SB_INIT;

	if (v == NULL || *v == '\0')
		return;
	sb_addf(&k, "%sLabel", key);
	cef_ext(sb, k.buf, label);
	cef_ext(sb, key, v);
	sb_release(&k);
}

static int
since_ok(const struct exp *x, const char *at)
{
	return x->o->since == NULL ||
	    (at != NULL && strcmp(at, x->o->since) >= 0);
}

static int
flush_line(struct exp *x)
{
	if (fwrite(x->sb.buf, 1, x->sb.len, x->fp) != x->sb.len) {
		x->io = 1;
		return PARC_EIO;
	}
	sb_reset(&x->sb);
	return 0;
}

/* Row r's cells by column (C_...): the JSON of a JSON cell. */
static void
cells(struct exp *x, const struct rpt_table *t, size_t r, const char **v)
{
	size_t i;

	if (x->t != t) {
		rpt_col_map(t, cef_keys, C_N, x->col);
		x->t = t;
	}
	for (i = 0; i < C_N; i++)
		v[i] = rpt_cell_json(t, r, x->col[i]);
}

static void
cef_audit(struct sb *sb, const char *const *v)
{
	const char *action = v[C_ACTION];
	long long ms;

	sb_adds(sb, "CEF:0|parc|parc|" PARC_VERSION "|audit:");
	cef_head(sb, action);
	sb_addc(sb, '|');
	cef_head(sb, action);
	sb_adds(sb, "|3|");
	if ((ms = epoch_ms(v[C_AT])) >= 0)
		sb_addf(sb, "rt=%lld", ms);
	sb_addf(sb, " externalId=audit-%s", v[C_ID]);
	cef_ext(sb, "suser", v[C_ACTOR]);
	cef_ext(sb, "act", action);
	cef_custom(sb, "cs1", "object", v[C_OBJECT]);
	cef_custom(sb, "cs2", "chainHash", v[C_HASH]);
	cef_ext(sb, "msg", v[C_DETAIL]);
	sb_addc(sb, '\n');
}

/* An unknown severity is CEF's low, 3. */
static int
cef_severity(const char *s)
{
	const struct severity *sev = severity_find(s);

	return sev != NULL ? sev->cef : 3;
}

static void
cef_finding(struct sb *sb, const char *const *v)
{
	const char *kind = v[C_KIND];
	const struct finding_kind *k = finding_kind_find(kind);
	long long ms;

	sb_adds(sb, "CEF:0|parc|parc|" PARC_VERSION "|finding:");
	cef_head(sb, kind);
	sb_addc(sb, '|');
	cef_head(sb, k ? k->title : kind);
	sb_addf(sb, "|%d|", cef_severity(v[C_SEVERITY]));
	if ((ms = epoch_ms(v[C_FIRST_SEEN])) >= 0)
		sb_addf(sb, "rt=%lld", ms);
	sb_addf(sb, " externalId=finding-%s", v[C_ID]);
	cef_ext(sb, "cat", kind);
	cef_ext(sb, "duser", v[C_ACCOUNT]);
	cef_ext(sb, "dhost", v[C_HOST]);
	cef_custom(sb, "cs1", "source", v[C_SOURCE]);
	cef_custom(sb, "cs2", "entitlement", v[C_ENTITLEMENT]);
	cef_custom(sb, "cs3", "techniques", v[C_TECHNIQUES]);
	cef_custom(sb, "cs4", "person", v[C_PERSON]);
	cef_ext(sb, "msg", v[C_EVIDENCE]);
	sb_addc(sb, '\n');
}

/*
 * One event (a row of rpt_audit_events() or rpt_finding_events(), see
 * reports/model.h): the cursor moves past it, and unless it is older than
 * since it is written as a JSON record (json.h) or a CEF line.
 */
static int
put_event(const struct rpt_table *t, size_t r, void *arg)
{
	struct exp *x = arg;
	const char *v[C_N];
	int audit;
	int64_t id;

	cells(x, t, r, v);
	audit = strcmp(v[C_TYPE], "audit") == 0;
	id = strtoll(v[C_ID], NULL, 10);

	if (audit)
		x->st->last_audit = id;
	else
		x->st->last_finding = id;
	if (!since_ok(x, v[audit ? C_AT : C_FIRST_SEEN]))
		return 0;
	if (x->o->format == SIEM_JSONL) {
		rpt_json_record(&x->sb, t, r);
		sb_addc(&x->sb, '\n');
	} else if (audit)
		cef_audit(&x->sb, v);
	else
		cef_finding(&x->sb, v);
	if (audit)
		x->st->audit++;
	else
		x->st->findings++;
	return flush_line(x);
}

/* A signed checkpoint, after the events it follows. */
static int
put_checkpoint(const struct checkpoint_row *r, void *arg)
{
	struct exp *x = arg;
	json_t *o;
	char *js;
	long long ms;

	if (!since_ok(x, r->at))
		return 0;
	if (x->o->format == SIEM_JSONL) {
		o = json_pack("{s:s, s:I, s:s?, s:s?, s:s?, s:s?}", "type",
		    "checkpoint", "event", (json_int_t)r->event_id, "at", r->at,
		    "hash", r->hash, "key", r->key, "signature", r->sig);
		js = o ? json_dumps(o, JSON_PRESERVE_ORDER) : NULL;
		json_decref(o);
		if (js == NULL)
			abort();
		sb_adds(&x->sb, js);
		sb_addc(&x->sb, '\n');
		free(js);
	} else {
		sb_adds(&x->sb,
		    "CEF:0|parc|parc|" PARC_VERSION
		    "|checkpoint|audit chain checkpoint|3|");
		if ((ms = epoch_ms(r->at)) >= 0)
			sb_addf(&x->sb, "rt=%lld", ms);
		sb_addf(&x->sb, " externalId=checkpoint-%lld",
		    (long long)r->event_id);
		cef_custom(&x->sb, "cs2", "chainHash", r->hash);
		cef_custom(&x->sb, "cs3", "signature", r->sig);
		cef_custom(&x->sb, "cs4", "key", r->key);
		sb_addc(&x->sb, '\n');
	}
	x->st->checkpoints++;
	return flush_line(x);
}

static int
read_cursor(const char *path, int64_t *audit, int64_t *finding, struct err *e)
{
	FILE *fp;
	long long a, f;
	char extra;
	int n;

	*audit = *finding = 0;
	priv_drop(); /* the caller's file, read with the caller's rights */
	fp = fopen(path, "r");
	priv_restore();
	if (fp == NULL) {
		if (errno == ENOENT)
			return 0; /* first run: send everything */
		return err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
	}
	n = fscanf(fp, "audit=%lld finding=%lld %c", &a, &f, &extra);
	fclose(fp);
	if (n != 2 || a < 0 || f < 0)
		return err_set(e, PARC_EDATA,
		    "%s:1: not a parc SIEM cursor (want \"audit=N "
		    "finding=M\")",
		    path);
	*audit = a;
	*finding = f;
	return 0;
}

int
siem_cursor_save(const char *path, const struct siem_stats *st, struct err *e)
{
	struct sb tmp = SB_INIT;
	FILE *fp;
	int fd = -1, rc = 0;

	sb_addf(&tmp, "%s.tmp", path);
	priv_drop(); /* the caller's file, with the caller's rights */
	/*
	 * Never through a link planted as the .tmp: a stale one is removed
	 * (unlink does not follow), the new one made exclusively.
	 */
	if ((unlink(tmp.buf) != 0 && errno != ENOENT) ||
	    (fd = open(tmp.buf,
		 O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)) <
		0 ||
	    (fp = fdopen(fd, "w")) == NULL) {
		rc = err_set(e, PARC_EIO, "%s: %s", tmp.buf, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	fprintf(fp, "audit=%lld finding=%lld\n", (long long)st->last_audit,
	    (long long)st->last_finding);
	if (fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
		rc = err_set(e, PARC_EIO, "%s: %s", tmp.buf, strerror(errno));
		fclose(fp);
		unlink(tmp.buf);
		goto out;
	}
	fclose(fp);
	if (rename(tmp.buf, path) != 0) {
		rc = err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
		unlink(tmp.buf);
	}
out:
	priv_restore();
	sb_release(&tmp);
	return rc;
}

int
siem_export(struct db *db, const struct siem_opts *o, FILE *fp,
    struct siem_stats *st, struct err *e)
{
	struct rpt_sink sink;
	struct rpt_doc *d = NULL;
	struct exp x;
	int64_t a0 = 0, f0 = 0;
	int rc;

	memset(st, 0, sizeof(*st));
	if (o->cursor && (rc = read_cursor(o->cursor, &a0, &f0, e)) != 0)
		return rc;
	memset(&x, 0, sizeof(x));
	x.o = o;
	x.fp = fp;
	x.st = st;
	sb_init(&x.sb);
	st->last_audit = a0;
	st->last_finding = f0;
	sink.row = put_event;
	sink.arg = &x;
	if ((rc = rpt_audit_events(db, a0, &sink, &d, e)) != 0)
		goto out;
	rpt_doc_free(d);
	d = NULL;
	/* the signatures of the events just sent, for the SIEM to keep */
	if (st->last_audit > a0 &&
	    (rc = checkpoint_query(db, a0, st->last_audit, put_checkpoint, &x,
		 e)) != 0)
		goto out;
	x.t = NULL; /* a new table, maybe at the same address */
	if ((rc = rpt_finding_events(db, f0, &sink, &d, e)) != 0)
		goto out;
	rpt_doc_free(d);
	if (fflush(fp) != 0) {
		rc = PARC_EIO;
		x.io = 1;
		goto out;
	}
out:
	if (x.io)
		rc = err_set(e, PARC_EIO, "writing SIEM events: %s",
		    strerror(errno));
	sb_release(&x.sb);
	return rc;
}
