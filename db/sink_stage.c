/*
 * sink_stage.c - the records a connector emits, checked and staged in the
 * sink's TEMP tables (sink.c makes them and merges them at the commit):
 * required fields, UTF-8, JSON attributes, kinds and states, and each
 * account's assignments' digest (sink_digest.c) and the entitlements they
 * name, gathered as they come.
 *
 * An account of the last snapshot (its digest read at sink_open()) has
 * its run of rows held in memory, not staged, until the run ends: when
 * the run's digest is the stored one, its rows are dropped and the run is
 * recorded as skipped. Memory holds one run (at most RUN_HOLD_MAX rows)
 * and one entry per account of the last snapshot, not its grants.
 */
#include <stdlib.h>
#include <string.h>

#include "db/sink_int.h"

static const char *const principal_kinds[] = {
	"human",
	"service",
	"shared",
	"break-glass",
	"group",
	"computer",
	NULL,
};

/* Check a field is UTF-8; what/field name it in the message. */
static int
check_text(struct sink *s, const char *what, const char *id, const char *field,
    const char *v, struct err *e)
{
	if (v == NULL || utf8_valid(v, strlen(v)))
		return 0;
	return err_set(e, PARC_EDATA, "source %s: %s %s: %s is not valid UTF-8",
	    s->name, what, id ? id : "?", field);
}

static int
require(struct sink *s, const char *what, const char *field, const char *v,
    struct err *e)
{
	if (v != NULL && *v != '\0')
		return 0;
	return err_set(e, PARC_EDATA, "source %s: %s without %s", s->name, what,
	    field);
}

/* Step a staging insert; a constraint failure is a duplicate of id. */
static int
stage_step(struct sink *s, enum stmt which, const char *what, const char *id,
    struct err *e)
{
	sqlite3_stmt *st = s->st[which];
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return err_set(e, PARC_EDATA, "source %s: duplicate %s %s",
		    s->name, what, id);
	return db_fail(s->db, e, "staging");
}

/*
 * Bind a text without copying it (SQLITE_STATIC): it lives until the
 * step that follows, and each step of the statement binds all its
 * values again first. An assignment's seven copies were over a quarter
 * of staging it (callgrind).
 */
static void
bind_borrowed(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static int
json_attrs_ok(struct sink *s, const char *what, const char *id,
    const char *attrs, struct err *e)
{
	int ok;

	if (attrs == NULL)
		return 0;
	/* once a sink, not per record: 100,000 accounts spent 0.4 s here */
	if (s->json == NULL &&
	    db_prepare(s->db, "SELECT json_valid(?)", &s->json, e) != 0)
		return PARC_EDB;
	db_bind_text(s->json, 1, attrs);
	ok = sqlite3_step(s->json) == SQLITE_ROW &&
	    sqlite3_column_int(s->json, 0);
	sqlite3_reset(s->json);
	sqlite3_clear_bindings(s->json);
	if (!ok)
		return err_set(e, PARC_EDATA,
		    "source %s: %s %s: attributes are not valid JSON", s->name,
		    what, id);
	return 0;
}

int
sink_identity(struct sink *s, const struct rec_identity *r, struct err *e)
{
	sqlite3_stmt *st = s->st[ST_IDENTITY];
	const char *id = r->employee_id;
	int rc;

	if ((rc = require(s, "person", "employee id", id, e)) != 0)
		return rc;
	if ((rc = check_text(s, "person", NULL, "employee id", id, e)) ||
	    (rc = check_text(s, "person", id, "display name", r->display_name,
		 e)) ||
	    (rc = check_text(s, "person", id, "email", r->email, e)) ||
	    (rc = check_text(s, "person", id, "login", r->login, e)) ||
	    (rc = check_text(s, "person", id, "manager", r->manager_employee_id,
		 e)) ||
	    (rc = check_text(s, "person", id, "department", r->department,
		 e)) ||
	    (rc = check_text(s, "person", id, "end date", r->end_date, e)))
		return rc;
	if (r->status != NULL && strcmp(r->status, "active") != 0 &&
	    strcmp(r->status, "terminated") != 0)
		return err_set(e, PARC_EDATA,
		    "source %s: person %s: status must be active or terminated",
		    s->name, id);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, r->display_name);
	db_bind_text(st, 3, r->email);
	db_bind_text(st, 4, r->login);
	db_bind_text(st, 5, r->manager_employee_id);
	db_bind_text(st, 6, r->department);
	db_bind_text(st, 7, r->status ? r->status : "active");
	db_bind_text(st, 8, r->end_date);
	if ((rc = stage_step(s, ST_IDENTITY, "person", id, e)) != 0)
		return rc;
	s->stats.identities++;
	return 0;
}

int
sink_principal(struct sink *s, const struct rec_principal *r, struct err *e)
{
	sqlite3_stmt *st = s->st[ST_PRINCIPAL];
	const char *id = r->ext_id;
	const char *kind = r->kind ? r->kind : "human";
	const char *f[PRINCIPAL_FIELDS];
	int rc, i;

	if ((rc = require(s, "account", "external id", id, e)) != 0 ||
	    (rc = check_text(s, "account", NULL, "external id", id, e)) != 0 ||
	    (rc = require(s, "account", "name", r->name, e)) != 0)
		return rc;
	if ((rc = check_text(s, "account", id, "name", r->name, e)) ||
	    (rc = check_text(s, "account", id, "display name", r->display_name,
		 e)) ||
	    (rc = check_text(s, "account", id, "host", r->host, e)) ||
	    (rc = check_text(s, "account", id, "email", r->email, e)) ||
	    (rc = check_text(s, "account", id, "UPN", r->upn, e)) ||
	    (rc = check_text(s, "account", id, "employee id", r->employee_id,
		 e)) ||
	    (rc = json_attrs_ok(s, "account", id, r->attrs, e)))
		return rc;
	for (i = 0; principal_kinds[i] != NULL; i++)
		if (strcmp(principal_kinds[i], kind) == 0)
			break;
	if (principal_kinds[i] == NULL)
		return err_set(e, PARC_EDATA,
		    "source %s: account %s: unknown kind '%s'", s->name, id,
		    kind);
	f[0] = r->name;
	f[1] = r->display_name;
	f[2] = kind;
	f[3] = r->enabled < 0 ? NULL : r->enabled ? "1" : "0";
	f[4] = r->host;
	f[5] = r->email;
	f[6] = r->upn;
	f[7] = r->employee_id;
	f[8] = r->created_at;
	f[9] = r->last_used_at;
	f[10] = r->password_last_set;
	f[11] = r->mfa < 0 ? NULL : r->mfa ? "1" : "0";
	f[12] = r->attrs;
	/* an account as it was is not staged */
	if ((rc = sink_skip_principal(s, id, f, e)) != 0)
		return rc < 0 ? rc : 0;
	bind_borrowed(st, 1, id);
	bind_borrowed(st, 2, r->name);
	bind_borrowed(st, 3, r->display_name);
	bind_borrowed(st, 4, kind);
	db_bind_tristate(st, 5, r->enabled);
	bind_borrowed(st, 6, r->host);
	bind_borrowed(st, 7, r->email);
	bind_borrowed(st, 8, r->upn);
	bind_borrowed(st, 9, r->employee_id);
	bind_borrowed(st, 10, r->created_at);
	bind_borrowed(st, 11, r->last_used_at);
	bind_borrowed(st, 12, r->password_last_set);
	db_bind_tristate(st, 13, r->mfa);
	bind_borrowed(st, 14, r->attrs);
	if ((rc = stage_step(s, ST_PRINCIPAL, "account", id, e)) != 0)
		return rc;
	s->stats.principals++;
	return 0;
}

int
sink_membership(struct sink *s, const char *member, const char *group,
    struct err *e)
{
	sqlite3_stmt *st = s->st[ST_MEMBERSHIP];
	int rc;

	if ((rc = require(s, "membership", "member", member, e)) != 0 ||
	    (rc = require(s, "membership", "group", group, e)) != 0 ||
	    (rc = check_text(s, "membership", NULL, "member", member, e)) ||
	    (rc = check_text(s, "membership", member, "group", group, e)))
		return rc;
	db_bind_text(st, 1, member);
	db_bind_text(st, 2, group);
	if ((rc = stage_step(s, ST_MEMBERSHIP, "membership", member, e)) != 0)
		return rc;
	if (sqlite3_changes(s->db->conn) > 0)
		s->stats.memberships++;
	return 0;
}

int
sink_entitlement(struct sink *s, const struct rec_entitlement *r, struct err *e)
{
	sqlite3_stmt *st = s->st[ST_ENTITLEMENT];
	const char *id = r->ext_id;
	int rc;

	if ((rc = require(s, "entitlement", "external id", id, e)) != 0 ||
	    (rc = check_text(s, "entitlement", NULL, "external id", id, e)) ||
	    (rc = require(s, "entitlement", "name", r->name, e)) != 0)
		return rc;
	if ((rc = check_text(s, "entitlement", id, "name", r->name, e)) ||
	    (rc = check_text(s, "entitlement", id, "kind", r->kind, e)) ||
	    (rc = check_text(s, "entitlement", id, "scope", r->scope, e)) ||
	    (rc = check_text(s, "entitlement", id, "host", r->host, e)) ||
	    (rc = check_text(s, "entitlement", id, "reason", r->reason, e)) ||
	    (rc = check_text(s, "entitlement", id, "techniques", r->techniques,
		 e)) ||
	    (rc = check_text(s, "entitlement", id, "owner", r->owner, e)) ||
	    (rc = check_text(s, "entitlement", id, "group", r->group_ext_id,
		 e)) ||
	    (rc = json_attrs_ok(s, "entitlement", id, r->attrs, e)))
		return rc;
	if (r->tier > 3)
		return err_set(e, PARC_EDATA,
		    "source %s: entitlement %s: tier %d is not 0..3", s->name,
		    id, r->tier);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, r->name);
	db_bind_text(st, 3, r->kind ? r->kind : "group");
	db_bind_text(st, 4, r->scope);
	db_bind_text(st, 5, r->host);
	if (r->tier < 0)
		sqlite3_bind_null(st, 6);
	else
		sqlite3_bind_int(st, 6, r->tier);
	db_bind_text(st, 7, r->reason);
	db_bind_text(st, 8, r->techniques);
	db_bind_text(st, 9, r->owner);
	db_bind_text(st, 10, r->group_ext_id);
	db_bind_text(st, 11, r->attrs);
	if ((rc = stage_step(s, ST_ENTITLEMENT, "entitlement", id, e)) != 0)
		return rc;
	s->stats.entitlements++;
	return 0;
}

/* Stage the entitlements the assignments named (stage_asg_ent). */
static int
flush_asg_ent(struct sink *s, struct err *e)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = 0;

	if (s->asg_ent.n == 0)
		return 0;
	if (db_prepare(s->db, "INSERT INTO temp.stage_asg_ent VALUES (?, ?, ?)",
		&st, e) != 0)
		return PARC_EDB;
	for (i = 0; i < s->asg_ent.cap && rc == 0; i++) {
		const struct asg_first *a = s->asg_ent.slot[i].val.ptr;

		if (s->asg_ent.slot[i].key == NULL)
			continue;
		db_bind_text(st, 1, s->asg_ent.slot[i].key);
		sqlite3_bind_int64(st, 2, a->seq);
		db_bind_text(st, 3, a->principal);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(s->db, e, "staging");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Stage one assignment row of the current run (its principal's). */
static int
stage_row(struct sink *s, const struct rec_assignment *r, const char *state,
    struct err *e)
{
	sqlite3_stmt *st = s->st[ST_ASSIGNMENT];
	int rc;

	bind_borrowed(st, 1, s->run_principal);
	bind_borrowed(st, 2, r->entitlement_ext_id);
	bind_borrowed(st, 3, state);
	bind_borrowed(st, 4, r->expires_at);
	bind_borrowed(st, 5, r->last_used_at);
	bind_borrowed(st, 6, r->origin);
	bind_borrowed(st, 7, r->attrs);
	if ((rc = stage_step(s, ST_ASSIGNMENT, "assignment", s->run_principal,
		 e)) != 0)
		return rc;
	s->run_hi = sqlite3_last_insert_rowid(s->db->conn);
	if (s->run_lo == 0)
		s->run_lo = s->run_hi;
	return 0;
}

/* Hold one row of the current run (it may yet be skipped). */
static void
hold_row(struct sink *s, const struct rec_assignment *r, const char *state)
{
	const char *f[RUN_FIELDS];
	size_t *off;
	int i;

	f[0] = r->entitlement_ext_id;
	f[1] = state;
	f[2] = r->expires_at;
	f[3] = r->last_used_at;
	f[4] = r->origin;
	f[5] = r->attrs;
	if ((size_t)s->run_n >= s->run_off_cap) {
		s->run_off_cap = s->run_off_cap ? 2 * s->run_off_cap : 64;
		s->run_off = xrealloc(s->run_off,
		    s->run_off_cap * RUN_FIELDS * sizeof(*s->run_off));
	}
	off = s->run_off + (size_t)s->run_n * RUN_FIELDS;
	for (i = 0; i < RUN_FIELDS; i++) {
		if (f[i] == NULL) {
			off[i] = SIZE_MAX;
			continue;
		}
		off[i] = s->run_buf.len;
		sb_add(&s->run_buf, f[i], strlen(f[i]) + 1);
	}
}

/* Stage the rows held of the current run: it is not skipped after all. */
static int
stage_held(struct sink *s, struct err *e)
{
	struct rec_assignment r = { 0 };
	const char *f[RUN_FIELDS];
	int64_t k;
	int i, rc;

	for (k = 0; k < s->run_n; k++) {
		const size_t *off = s->run_off + (size_t)k * RUN_FIELDS;

		for (i = 0; i < RUN_FIELDS; i++)
			f[i] =
			    off[i] == SIZE_MAX ? NULL : s->run_buf.buf + off[i];
		r.entitlement_ext_id = f[0];
		r.expires_at = f[2];
		r.last_used_at = f[3];
		r.origin = f[4];
		r.attrs = f[5];
		if ((rc = stage_row(s, &r, f[1], e)) != 0)
			return rc;
	}
	sb_reset(&s->run_buf);
	s->run_known = -1;
	return 0;
}

/*
 * End the current run, if any: a held run with its account's stored
 * digest is recorded as skipped (in its known[] entry: no stage_run row,
 * no rows, see sink_skip.c); any other is staged, and its stage_run row
 * says where.
 */
static int
flush_run(struct sink *s, struct err *e)
{
	sqlite3_stmt *st = s->st[ST_RUN];
	struct known *k;
	int rc;

	if (s->run_principal == NULL)
		return 0;
	if (s->run_known >= 0) {
		k = &s->known[s->run_known];
		if (k->digest != s->run_digest) {
			k->state = KNOWN_STAGED;
			if ((rc = stage_held(s, e)) != 0)
				return rc;
		} else {
			k->state = KNOWN_SKIPPED;
			k->seq = s->run_seq;
			k->n = s->run_n;
			k->ent1 = s->run_ent1;
			sb_reset(&s->run_buf);
			s->run_known = -1;
			s->skipped++;
			free(s->run_principal);
			s->run_principal = s->run_ent1 = NULL;
			return 0;
		}
	}
	db_bind_text(st, 1, s->run_principal);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)s->run_digest);
	sqlite3_bind_int64(st, 3, s->run_n);
	sqlite3_bind_int64(st, 4, s->run_lo);
	sqlite3_bind_int64(st, 5, s->run_hi);
	db_bind_text(st, 6, s->run_ent1);
	sqlite3_bind_null(st, 7);
	sqlite3_bind_int64(st, 8, s->run_seq);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	free(s->run_principal);
	free(s->run_ent1);
	s->run_principal = s->run_ent1 = NULL;
	if (rc != SQLITE_DONE)
		return db_fail(s->db, e, "staging");
	return 0;
}

/*
 * Start a run of principal id's rows: held (not staged) when id is an
 * account of the last snapshot with a digest, not seen yet, so that it
 * can be skipped if its digest stays; staged as they come otherwise.
 */
static int
start_run(struct sink *s, const char *id, const char *ent, struct err *e)
{
	union strhash_val *v;
	struct known *k;

	s->run_principal = xstrdup(id);
	s->run_ent1 = xstrdup(ent);
	s->run_digest = 0;
	s->run_n = s->run_lo = s->run_hi = 0;
	s->run_seq = s->seq + 1;
	s->run_known = -1;
	if (s->known_ix.n == 0 || s->fleet ||
	    (v = strhash_find(&s->known_ix, id)) == NULL)
		return 0;
	k = &s->known[v->num];
	if (k->state == KNOWN_UNSEEN && k->has_digest) {
		s->run_known = (int64_t)v->num;
		return 0;
	}
	if (k->state != KNOWN_SKIPPED) {
		k->state = KNOWN_STAGED;
		return 0;
	}
	/* it came apart: every run of it is staged, a skipped one read back */
	s->split++;
	k->state = KNOWN_STAGED;
	return sink_skip_split(s, v->num, e);
}

int
sink_assignment(struct sink *s, const struct rec_assignment *r, struct err *e)
{
	const char *id = r->principal_ext_id;
	const char *state = r->state ? r->state : "active";
	union strhash_val *v;
	int rc, added;

	if ((rc = require(s, "assignment", "principal", id, e)) != 0 ||
	    (rc = require(s, "assignment", "entitlement", r->entitlement_ext_id,
		 e)) != 0 ||
	    (rc = check_text(s, "assignment", NULL, "principal", id, e)) ||
	    (rc = check_text(s, "assignment", id, "entitlement",
		 r->entitlement_ext_id, e)) ||
	    (rc = check_text(s, "assignment", id, "origin", r->origin, e)) ||
	    (rc = json_attrs_ok(s, "assignment", id, r->attrs, e)))
		return rc;
	if (r->state != NULL && strcmp(r->state, "active") != 0 &&
	    strcmp(r->state, "eligible") != 0)
		return err_set(e, PARC_EDATA,
		    "source %s: assignment of %s to %s: state must be active "
		    "or eligible",
		    s->name, r->entitlement_ext_id, id);
	if (s->run_principal != NULL && strcmp(s->run_principal, id) != 0 &&
	    (rc = flush_run(s, e)) != 0)
		return rc;
	if (s->run_principal == NULL &&
	    (rc = start_run(s, id, r->entitlement_ext_id, e)) != 0)
		return rc;
	/* a run too long to hold is staged: memory stays bounded */
	if (s->run_known >= 0 && s->run_n >= RUN_HOLD_MAX) {
		s->known[s->run_known].state = KNOWN_STAGED;
		if ((rc = stage_held(s, e)) != 0)
			return rc;
	}
	if (s->run_known >= 0)
		hold_row(s, r, state);
	else if ((rc = stage_row(s, r, state, e)) != 0)
		return rc;
	s->seq++;
	if ((v = strhash_put(&s->asg_ent, r->entitlement_ext_id, &added)) !=
		NULL &&
	    added) {
		struct asg_first *a = xmalloc(sizeof(*a) + strlen(id) + 1);

		a->seq = s->seq;
		memcpy(a->principal, id, strlen(id) + 1);
		v->ptr = a;
	}
	s->run_digest += sink_asg_hash(r, state);
	s->run_n++;
	s->stats.assignments++;
	return 0;
}

int
sink_stage_flush(struct sink *s, struct err *e)
{
	int rc;

	if ((rc = flush_run(s, e)) != 0)
		return rc;
	return flush_asg_ent(s, e);
}

int
sink_known_load(struct sink *s, struct err *e)
{
	sqlite3_stmt *st;
	size_t n = 0, cap = 0;
	int rc;

	/* first: a sync that commits after this is seen (sink_known_check) */
	if (db_prepare(s->db,
		"SELECT coalesce(last_run_id, -1) FROM source WHERE id = ?1",
		&st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, s->source_id);
	s->last_run =
	    sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	/*
	 * every principal, so that the merge need not scan them for chg_acc,
	 * and its record's hash (sink_skip.c)
	 */
	if ((rc = sink_skip_register(s, e)) != 0)
		return rc;
	if (db_prepare(s->db,
		"SELECT p.ext_id, d.digest, p.id, p.name, p.display_name,"
		" p.kind, p.enabled, p.host, p.email, p.upn, p.employee_id,"
		" p.created_at, p.last_used_at, p.password_last_set, p.mfa,"
		" p.attrs FROM principal p"
		" LEFT JOIN assignment_digest d ON d.principal_id = p.id"
		" WHERE p.source_id = ?1",
		&st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, s->source_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		union strhash_val *v;

		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			s->known = xrealloc(s->known, cap * sizeof(*s->known));
		}
		v = strhash_put(&s->known_ix, db_col_text(st, 0), NULL);
		v->num = n;
		memset(&s->known[n], 0, sizeof(s->known[n]));
		s->known[n].digest = (uint64_t)sqlite3_column_int64(st, 1);
		s->known[n].has_digest =
		    sqlite3_column_type(st, 1) != SQLITE_NULL;
		s->known[n].pid = sqlite3_column_int64(st, 2);
		s->known[n].state = KNOWN_UNSEEN;
		s->known[n].is_group = strcmp(db_col_text(st, 5), "group") == 0;
		s->known[n].rec = sink_skip_row_hash(st, 3);
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s->db, e, "read the digests");
	return 0;
}

int
sink_known_check(struct sink *s, struct err *e)
{
	sqlite3_stmt *st;
	int64_t now = -1;
	int rc;

	/*
	 * No other sync of the source committed since sink_known_load()
	 * (the source's last run is the same): known[] is what the table
	 * holds, and no skipped account can have changed.
	 */
	/*
	 * and this sync's own run is still there: ids are rowids, so a
	 * source removed by hand and another made with its id could bring
	 * last_run_id back to the same figure; the removal took the run
	 */
	if (db_prepare(s->db,
		"SELECT coalesce(last_run_id, -1) FROM source WHERE id = ?1"
		" AND EXISTS (SELECT 1 FROM sync_run WHERE id = ?2"
		" AND source_id = ?1)",
		&st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, s->source_id);
	sqlite3_bind_int64(st, 2, s->run_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		now = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s->db, e, "check the digests");
	s->moved = rc != SQLITE_ROW || now != s->last_run;
	if (!s->moved)
		return 0;
	if ((rc = sink_skip_check_principals(s, e)) != 0 || s->skipped == 0)
		return rc;
	/* it did: the skipped runs are checked one by one, in the table */
	if ((rc = sink_skip_stage(s, 1, e)) != 0)
		return rc;
	if (db_prepare(s->db,
		"SELECT r.principal FROM temp.stage_run r"
		" LEFT JOIN principal p ON p.id = r.pid"
		" LEFT JOIN assignment_digest d ON d.principal_id = r.pid"
		" WHERE r.pid IS NOT NULL AND (p.source_id IS NOT ?1"
		" OR p.ext_id IS NOT r.principal OR d.digest IS NOT r.digest)"
		" LIMIT 1",
		&st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, s->source_id);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		rc = err_set(e, PARC_EDATA,
		    "source %s: account %s changed in the database while this "
		    "pull ran (another sync of the source committed); nothing "
		    "of this pull was written, sync it again",
		    s->name, db_col_text(st, 0));
		break;
	case SQLITE_DONE:
		rc = 0;
		break;
	default:
		rc = db_fail(s->db, e, "check the digests");
	}
	sqlite3_finalize(st);
	return rc;
}

int
sink_unskip(struct sink *s, int all, struct err *e)
{
	sqlite3_stmt *sel = NULL, *ins = NULL, *upd = NULL;
	int64_t *run = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0, step;

	/* only an account that came apart is diffed with a run skipped */
	if (s->skipped == 0 || (!all && s->split == 0))
		return 0;
	/* all of them, where they came among the others */
	if (all && (rc = sink_skip_stage(s, 1, e)) != 0)
		return rc;
	/* read them all first: stage_run is written below */
	if (db_prepare(s->db,
		all ? "SELECT rowid, pid FROM temp.stage_run"
		      " WHERE pid IS NOT NULL AND lo IS NULL ORDER BY rowid"
		    : "SELECT r.rowid, r.pid FROM temp.stage_run r"
		      " CROSS JOIN temp.chg_acc c ON c.ext_id = r.principal"
		      " WHERE r.pid IS NOT NULL AND r.lo IS NULL"
		      " AND r.pid NOT IN (SELECT id FROM temp.skip_ids)",
		&sel, e) != 0)
		return PARC_EDB;
	while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
		if (n + 2 > cap) {
			cap = cap ? 2 * cap : 256;
			run = xrealloc(run, cap * sizeof(*run));
		}
		run[n++] = sqlite3_column_int64(sel, 0);
		run[n++] = sqlite3_column_int64(sel, 1);
	}
	if (step != SQLITE_DONE)
		rc = db_fail(s->db, e, "read the skipped runs");
	sqlite3_finalize(sel);
	if (rc == 0 && n > 0 &&
	    (db_prepare(s->db,
		 "INSERT INTO temp.stage_assignment SELECT p.ext_id,"
		 " n.ext_id, a.state, a.expires_at, a.last_used_at, a.origin,"
		 " a.attrs FROM assignment a"
		 " JOIN principal p ON p.id = a.principal_id"
		 " JOIN entitlement n ON n.id = a.entitlement_id"
		 " WHERE a.principal_id = ?1 ORDER BY a.id",
		 &ins, e) != 0 ||
		db_prepare(s->db,
		    "UPDATE temp.stage_run SET lo = ?2, hi = ?3"
		    " WHERE rowid = ?1",
		    &upd, e) != 0))
		rc = PARC_EDB;
	for (i = 0; i < n && rc == 0; i += 2) {
		int64_t lo = db_count(s->db,
				 "SELECT coalesce(max(rowid), 0) FROM"
				 " temp.stage_assignment") +
		    1;

		sqlite3_bind_int64(ins, 1, run[i + 1]);
		if ((rc = db_step_done(s->db, ins, e, "unskip")) != 0)
			break;
		sqlite3_reset(ins);
		sqlite3_bind_int64(upd, 1, run[i]);
		sqlite3_bind_int64(upd, 2, lo);
		sqlite3_bind_int64(upd, 3,
		    lo + sqlite3_changes(s->db->conn) - 1);
		rc = db_step_done(s->db, upd, e, "unskip");
		sqlite3_reset(upd);
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	free(run);
	return rc;
}

void
sink_stage_release(struct sink *s)
{
	size_t i;

	for (i = 0; i < s->asg_ent.cap; i++)
		if (s->asg_ent.slot[i].key != NULL)
			free(s->asg_ent.slot[i].val.ptr);
	strhash_release(&s->asg_ent);
	/* known[] has an entry per key of known_ix */
	for (i = 0; s->known != NULL && i < s->known_ix.n; i++)
		free(s->known[i].ent1);
	strhash_release(&s->known_ix);
	free(s->known);
	sink_skip_unregister(s);
	free(s->run_principal);
	free(s->run_ent1);
	free(s->run_off);
	sb_release(&s->run_buf);
}
