/* anchor.c - the database against an earlier record of it (anchor.h). */
#include <jansson.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
#include "db/checkpoint.h"
#include "lib/fsafe.h"
#include "lib/priv.h"
#include "lib/sb.h"
#include "lib/sign.h"
#include "reports/anchor.h"

struct found {
	int64_t id;
	char hash[65];
	int seen;
};

static int
take_event(const struct audit_row *r, void *arg)
{
	struct found *f = arg;

	f->seen = 1;
	f->id = r->id;
	snprintf(f->hash, sizeof(f->hash), "%s", r->hash ? r->hash : "");
	return 0;
}

/* The database's event id into f (f->seen 0 when none has that id). */
static int
lookup(struct db *db, int64_t id, struct found *f, struct err *e)
{
	memset(f, 0, sizeof(*f));
	if (audit_query(db, id - 1, 1, take_event, f, e) != 0)
		return PARC_EDB;
	if (f->seen && f->id != id)
		f->seen = 0;
	return 0;
}

static int64_t
head_id(struct db *db)
{
	return db_count(db, "SELECT coalesce(max(id), 0) FROM audit_event");
}

#define WHAT(r, ...) snprintf((r)->what, sizeof((r)->what), __VA_ARGS__)

/*
 * One event the file lists at line: id with hash; key and sig set for a
 * checkpoint. last: the id of the file's previous event.
 */
static int
check_one(struct db *db, const char *path, int line, int64_t id,
    const char *hash, const char *key, const char *sig, int64_t *last,
    struct anchor_report *r, struct err *e)
{
	const struct sign_key *k = db_key(db);
	struct found f;
	char msg[160];
	size_t len;
	int is_cp = sig != NULL, signed_ok = 0;

	if (id <= 0 || hash == NULL || strlen(hash) != 64)
		return err_set(e, PARC_EDATA,
		    "%s:%d: an audit %s without its id or hash", path, line,
		    is_cp ? "checkpoint" : "event");
	if (!is_cp && id <= *last)
		return err_set(e, PARC_EDATA,
		    "%s:%d: event %" PRId64 " is listed after event %" PRId64
		    ": not in the chain's order",
		    path, line, id, *last);
	if (is_cp && k != NULL && key != NULL &&
	    strcmp(key, sign_key_fingerprint(k)) == 0) {
		len = checkpoint_message(id, hash, msg, sizeof(msg));
		if (!sign_check(k, msg, len, sig))
			return err_set(e, PARC_EDATA,
			    "%s:%d: the checkpoint of event %" PRId64
			    " does not carry a valid signature by %s: the "
			    "file was altered",
			    path, line, id, key);
		signed_ok = 1;
	}
	if (lookup(db, id, &f, e) != 0)
		return PARC_EDB;
	r->bad_id = id;
	if (!f.seen) {
		WHAT(r,
		    "audit event %" PRId64 " (%s line %d) is missing from the "
		    "database, whose chain now ends at event %" PRId64
		    ": it was cut or rewritten behind parc's back",
		    id, path, line, head_id(db));
		return err_set(e, PARC_EFOUND, "%s", r->what);
	}
	if (strcmp(f.hash, hash) != 0) {
		WHAT(r,
		    "audit event %" PRId64 " is not the event %s line %d "
		    "recorded%s: the database's past was rewritten behind "
		    "parc's back from there or before (recorded hash %.12s..., "
		    "now %.12s...)",
		    id, path, line, signed_ok ? " and signed" : "", hash,
		    f.hash);
		return err_set(e, PARC_EFOUND, "%s", r->what);
	}
	r->bad_id = 0;
	if (is_cp) {
		r->checkpoints++;
		r->signatures += signed_ok;
	} else {
		r->events++;
		*last = id;
		r->last_id = id;
	}
	return 0;
}

/* The value of " key=" in a CEF line, up to the next blank, into out. */
static int
cef_value(const char *line, const char *key, char *out, size_t size)
{
	struct sb k = SB_INIT;
	const char *p;
	size_t n;

	sb_addf(&k, " %s=", key);
	p = strstr(line, k.buf);
	if (p != NULL) {
		p += k.len;
		n = strcspn(p, " \r\n");
		if (n >= size)
			n = size - 1;
		memcpy(out, p, n);
		out[n] = '\0';
	}
	sb_release(&k);
	return p != NULL ? 0 : -1;
}

static int
cef_line(struct db *db, const char *path, int line, const char *s,
    int64_t *last, struct anchor_report *r, struct err *e)
{
	char ext[64], hash[80], sig[160], key[80];

	if (cef_value(s, "externalId", ext, sizeof(ext)) != 0)
		return err_set(e, PARC_EDATA,
		    "%s:%d: a CEF line without externalId", path, line);
	if (strncmp(ext, "finding-", 8) == 0)
		return 0;
	if (cef_value(s, "cs2", hash, sizeof(hash)) != 0)
		hash[0] = '\0';
	if (strncmp(ext, "audit-", 6) == 0)
		return check_one(db, path, line, strtoll(ext + 6, NULL, 10),
		    hash, NULL, NULL, last, r, e);
	if (strncmp(ext, "checkpoint-", 11) == 0) {
		if (cef_value(s, "cs3", sig, sizeof(sig)) != 0)
			sig[0] = '\0';
		if (cef_value(s, "cs4", key, sizeof(key)) != 0)
			key[0] = '\0';
		return check_one(db, path, line, strtoll(ext + 11, NULL, 10),
		    hash, key, sig, last, r, e);
	}
	return err_set(e, PARC_EDATA, "%s:%d: not a parc CEF event (%s)", path,
	    line, ext);
}

static int
json_line(struct db *db, const char *path, int line, const char *s,
    int64_t *last, struct anchor_report *r, struct err *e)
{
	json_error_t je;
	json_t *o = json_loads(s, 0, &je);
	const char *type;
	int rc = 0;

	if (o == NULL || !json_is_object(o)) {
		json_decref(o);
		return err_set(e, PARC_EDATA, "%s:%d: not a JSON object: %s",
		    path, line, o ? "another value" : je.text);
	}
	type = json_string_value(json_object_get(o, "type"));
	if (type != NULL && strcmp(type, "audit") == 0)
		rc = check_one(db, path, line,
		    json_integer_value(json_object_get(o, "id")),
		    json_string_value(json_object_get(o, "hash")), NULL, NULL,
		    last, r, e);
	else if (type != NULL && strcmp(type, "checkpoint") == 0) {
		const char *sig =
		    json_string_value(json_object_get(o, "signature"));

		rc = check_one(db, path, line,
		    json_integer_value(json_object_get(o, "event")),
		    json_string_value(json_object_get(o, "hash")),
		    json_string_value(json_object_get(o, "key")),
		    sig ? sig : "", last, r, e);
	} else if (type == NULL || strcmp(type, "finding") != 0)
		rc = err_set(e, PARC_EDATA,
		    "%s:%d: not a parc SIEM record (type %s)", path, line,
		    type ? type : "missing");
	json_decref(o);
	return rc;
}

/*
 * The first field called key anywhere in v: a report's {"key": KEY,
 * "value": "..."} (reports/json.c), or a string member KEY; NULL if none.
 */
static const char *
find_string(json_t *v, const char *key)
{
	const char *k, *s;
	json_t *m;
	size_t i;

	if (json_is_object(v) &&
	    (k = json_string_value(json_object_get(v, "key"))) != NULL &&
	    strcmp(k, key) == 0 &&
	    (s = json_string_value(json_object_get(v, "value"))) != NULL)
		return s;
	if (json_is_object(v)) {
		json_object_foreach(v, k, m)
		{
			if (strcmp(k, key) == 0 && json_is_string(m))
				return json_string_value(m);
			if ((s = find_string(m, key)) != NULL)
				return s;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i,
		    m) if ((s = find_string(m, key)) != NULL) return s;
	}
	return NULL;
}

/* An evidence report: its chain head, "HASH (event N, ACTION, AT)". */
static int
evidence(struct db *db, const char *path, json_t *doc, struct anchor_report *r,
    struct err *e)
{
	const char *head = find_string(doc, "head_hash");
	char hash[65];
	long long id;
	int64_t last = 0;

	if (head == NULL)
		return err_set(e, PARC_EDATA,
		    "%s: neither an evidence report (no chain head) nor a "
		    "SIEM export",
		    path);
	if (strncmp(head, "(no events)", 11) == 0)
		return 0;
	if (sscanf(head, "%64[0-9a-f] (event %lld,", hash, &id) != 2)
		return err_set(e, PARC_EDATA,
		    "%s: the chain head '%.80s' is not HASH (event N, ...)",
		    path, head);
	r->kind = "evidence report";
	return check_one(db, path, 1, (int64_t)id, hash, NULL, NULL, &last, r,
	    e);
}

int
rpt_anchor_check(struct db *db, const char *path, struct anchor_report *r,
    struct err *e)
{
	char *buf = NULL, *line, *nl;
	size_t len;
	json_t *doc;
	int64_t last = 0;
	int rc, n = 0, cef = 0;

	memset(r, 0, sizeof(*r));
	priv_drop(); /* the caller's file, read with the caller's rights */
	rc = fsafe_read(NULL, path, &buf, &len, e);
	priv_restore();
	if (rc != 0)
		return rc;
	/* one JSON document over several lines: an evidence report */
	if ((doc = json_loadb(buf, len, 0, NULL)) != NULL &&
	    json_is_object(doc) && json_object_get(doc, "type") == NULL) {
		rc = evidence(db, path, doc, r, e);
		json_decref(doc);
		goto out;
	}
	json_decref(doc);
	for (line = buf; rc == 0 && line != NULL && *line; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		n++;
		line += strspn(line, " \t\r");
		if (*line == '\0')
			continue;
		if (strncmp(line, "CEF:", 4) == 0) {
			cef = 1;
			rc = cef_line(db, path, n, line, &last, r, e);
		} else if (*line == '{')
			rc = json_line(db, path, n, line, &last, r, e);
		else
			rc = err_set(e, PARC_EDATA,
			    "%s:%d: neither a JSON line nor a CEF line", path,
			    n);
	}
	r->kind = cef ? "SIEM export (cef)" : "SIEM export (jsonl)";
	if (rc == 0 && r->events == 0 && r->checkpoints == 0)
		rc = err_set(e, PARC_EDATA, "%s: lists no audit event", path);
out:
	free(buf);
	return rc;
}
