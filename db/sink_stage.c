/*
 * sink_stage.c - the records a connector emits, checked and staged in the
 * sink's TEMP tables (sink.c makes them and merges them at the commit):
 * required fields, UTF-8, JSON attributes, kinds and states, and each
 * account's assignments' digest (sink_digest.c) and the entitlements they
 * name, gathered as they come.
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
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, r->name);
	db_bind_text(st, 3, r->display_name);
	db_bind_text(st, 4, kind);
	db_bind_tristate(st, 5, r->enabled);
	db_bind_text(st, 6, r->host);
	db_bind_text(st, 7, r->email);
	db_bind_text(st, 8, r->upn);
	db_bind_text(st, 9, r->employee_id);
	db_bind_text(st, 10, r->created_at);
	db_bind_text(st, 11, r->last_used_at);
	db_bind_text(st, 12, r->password_last_set);
	db_bind_tristate(st, 13, r->mfa);
	db_bind_text(st, 14, r->attrs);
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
	if (db_prepare(s->db, "INSERT INTO temp.stage_asg_ent VALUES (?, ?)",
		&st, e) != 0)
		return PARC_EDB;
	for (i = 0; i < s->asg_ent.cap && rc == 0; i++) {
		if (s->asg_ent.slot[i].key == NULL)
			continue;
		db_bind_text(st, 1, s->asg_ent.slot[i].key);
		sqlite3_bind_int64(st, 2,
		    (sqlite3_int64)s->asg_ent.slot[i].val.num);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(s->db, e, "staging");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Stage the run of assignments of one principal that ended, if any. */
static int
flush_run(struct sink *s, struct err *e)
{
	sqlite3_stmt *st = s->st[ST_RUN];
	int rc;

	if (s->run_principal == NULL)
		return 0;
	db_bind_text(st, 1, s->run_principal);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)s->run_digest);
	sqlite3_bind_int64(st, 3, s->run_n);
	sqlite3_bind_int64(st, 4, s->run_lo);
	sqlite3_bind_int64(st, 5, s->run_hi);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	free(s->run_principal);
	s->run_principal = NULL;
	if (rc != SQLITE_DONE)
		return db_fail(s->db, e, "staging");
	return 0;
}

int
sink_assignment(struct sink *s, const struct rec_assignment *r, struct err *e)
{
	sqlite3_stmt *st = s->st[ST_ASSIGNMENT];
	const char *id = r->principal_ext_id;
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
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, r->entitlement_ext_id);
	db_bind_text(st, 3, r->state ? r->state : "active");
	db_bind_text(st, 4, r->expires_at);
	db_bind_text(st, 5, r->last_used_at);
	db_bind_text(st, 6, r->origin);
	db_bind_text(st, 7, r->attrs);
	if ((rc = stage_step(s, ST_ASSIGNMENT, "assignment", id, e)) != 0)
		return rc;
	if (s->run_principal == NULL) {
		s->run_principal = xstrdup(id);
		s->run_digest = 0;
		s->run_n = 0;
		s->run_lo = sqlite3_last_insert_rowid(s->db->conn);
	}
	s->run_hi = sqlite3_last_insert_rowid(s->db->conn);
	if ((v = strhash_put(&s->asg_ent, r->entitlement_ext_id, &added)) !=
		NULL &&
	    added)
		v->num = (size_t)s->run_hi;
	s->run_digest += sink_asg_hash(r, r->state ? r->state : "active");
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
