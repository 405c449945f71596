/* siem.c - audit events and findings as JSON lines or CEF (siem.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/audit.h"
#include "db/finding.h"
#include "db/vocab.h"
#include "lib/sb.h"
#include "reports/siem.h"

#ifndef PARC_VERSION
#define PARC_VERSION "0.1.0"
#endif

struct exp {
	const struct siem_opts *o;
	FILE *fp;
	struct sb sb;
	struct siem_stats *st;
	int io; /* a write failed */
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

static int
put_audit(const struct audit_row *r, void *arg)
{
	struct exp *x = arg;
	struct sb *sb = &x->sb;
	long long ms;

	x->st->last_audit = r->id;
	if (!since_ok(x, r->at))
		return 0;
	if (x->o->format == SIEM_JSONL) {
		sb_addf(sb, "{\"type\": \"audit\", \"id\": %lld, \"at\": ",
		    (long long)r->id);
		sb_add_json(sb, r->at);
		sb_adds(sb, ", \"actor\": ");
		sb_add_json(sb, r->actor);
		sb_adds(sb, ", \"action\": ");
		sb_add_json(sb, r->action);
		sb_adds(sb, ", \"object\": ");
		sb_add_json(sb, r->object);
		/* detail is a JSON object checked by the schema (json_valid) */
		sb_adds(sb, ", \"detail\": ");
		sb_adds(sb, r->detail ? r->detail : "null");
		sb_adds(sb, ", \"hash\": ");
		sb_add_json(sb, r->hash);
		sb_adds(sb, "}\n");
	} else {
		sb_adds(sb, "CEF:0|parc|parc|" PARC_VERSION "|audit:");
		cef_head(sb, r->action);
		sb_addc(sb, '|');
		cef_head(sb, r->action);
		sb_adds(sb, "|3|");
		if ((ms = epoch_ms(r->at)) >= 0)
			sb_addf(sb, "rt=%lld", ms);
		sb_addf(sb, " externalId=audit-%lld", (long long)r->id);
		cef_ext(sb, "suser", r->actor);
		cef_ext(sb, "act", r->action);
		cef_custom(sb, "cs1", "object", r->object);
		cef_custom(sb, "cs2", "chainHash", r->hash);
		cef_ext(sb, "msg", r->detail);
		sb_addc(sb, '\n');
	}
	x->st->audit++;
	return flush_line(x);
}

/* An unknown severity is CEF's low, 3. */
static int
cef_severity(const char *s)
{
	const struct severity *sev = severity_find(s);

	return sev != NULL ? sev->cef : 3;
}

static void
json_list(struct sb *sb, const char *list)
{
	const char *p = list, *q;
	struct sb item = SB_INIT;
	int n = 0;

	sb_addc(sb, '[');
	while (p != NULL && *p) {
		q = strchr(p, ',');
		sb_reset(&item);
		sb_add(&item, p, q ? (size_t)(q - p) : strlen(p));
		if (item.len > 0) {
			if (n++ > 0)
				sb_adds(sb, ", ");
			sb_add_json(sb, item.buf);
		}
		p = q ? q + 1 : NULL;
	}
	sb_addc(sb, ']');
	sb_release(&item);
}

static int
put_finding(const struct finding_row *r, void *arg)
{
	struct exp *x = arg;
	struct sb *sb = &x->sb;
	const struct finding_kind *k;
	long long ms;

	x->st->last_finding = r->id;
	if (!since_ok(x, r->first_seen))
		return 0;
	if (x->o->format == SIEM_JSONL) {
		sb_addf(sb, "{\"type\": \"finding\", \"id\": %lld, \"kind\": ",
		    (long long)r->id);
		sb_add_json(sb, r->kind);
		sb_adds(sb, ", \"severity\": ");
		sb_add_json(sb, r->severity);
		sb_adds(sb, ", \"source\": ");
		sb_add_json(sb, r->source);
		sb_adds(sb, ", \"host\": ");
		sb_add_json(sb, r->host);
		sb_adds(sb, ", \"account\": ");
		sb_add_json(sb, r->account);
		sb_adds(sb, ", \"person\": ");
		sb_add_json(sb, r->person);
		sb_adds(sb, ", \"employee_id\": ");
		sb_add_json(sb, r->employee_id);
		sb_adds(sb, ", \"entitlement\": ");
		sb_add_json(sb, r->entitlement);
		if (r->tier >= 0)
			sb_addf(sb, ", \"tier\": %d", r->tier);
		else
			sb_adds(sb, ", \"tier\": null");
		sb_adds(sb, ", \"evidence\": ");
		sb_add_json(sb, r->evidence);
		sb_adds(sb, ", \"techniques\": ");
		json_list(sb, r->techniques);
		sb_adds(sb, ", \"first_seen\": ");
		sb_add_json(sb, r->first_seen);
		sb_adds(sb, ", \"last_seen\": ");
		sb_add_json(sb, r->last_seen);
		sb_adds(sb, "}\n");
	} else {
		k = finding_kind_find(r->kind);
		sb_adds(sb, "CEF:0|parc|parc|" PARC_VERSION "|finding:");
		cef_head(sb, r->kind);
		sb_addc(sb, '|');
		cef_head(sb, k ? k->title : r->kind);
		sb_addf(sb, "|%d|", cef_severity(r->severity));
		if ((ms = epoch_ms(r->first_seen)) >= 0)
			sb_addf(sb, "rt=%lld", ms);
		sb_addf(sb, " externalId=finding-%lld", (long long)r->id);
		cef_ext(sb, "cat", r->kind);
		cef_ext(sb, "duser", r->account);
		cef_ext(sb, "dhost", r->host);
		cef_custom(sb, "cs1", "source", r->source);
		cef_custom(sb, "cs2", "entitlement", r->entitlement);
		cef_custom(sb, "cs3", "techniques", r->techniques);
		cef_custom(sb, "cs4", "person", r->person);
		cef_ext(sb, "msg", r->evidence);
		sb_addc(sb, '\n');
	}
	x->st->findings++;
	return flush_line(x);
}

static int
read_cursor(const char *path, int64_t *audit, int64_t *finding,
    struct err *e)
{
	FILE *fp = fopen(path, "r");
	long long a, f;
	char extra;
	int n;

	*audit = *finding = 0;
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
		    "finding=M\")", path);
	*audit = a;
	*finding = f;
	return 0;
}

int
siem_cursor_save(const char *path, const struct siem_stats *st,
    struct err *e)
{
	struct sb tmp = SB_INIT;
	FILE *fp;
	int rc = 0;

	sb_addf(&tmp, "%s.tmp", path);
	if ((fp = fopen(tmp.buf, "w")) == NULL) {
		rc = err_set(e, PARC_EIO, "%s: %s", tmp.buf, strerror(errno));
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
	sb_release(&tmp);
	return rc;
}

int
siem_export(struct db *db, const struct siem_opts *o, FILE *fp,
    struct siem_stats *st, struct err *e)
{
	struct finding_filter ff;
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
	if ((rc = audit_query(db, a0, 0, put_audit, &x, e)) != 0)
		goto out;
	memset(&ff, 0, sizeof(ff));
	ff.after_id = f0;
	if ((rc = finding_query(db, &ff, put_finding, &x, e)) != 0)
		goto out;
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
