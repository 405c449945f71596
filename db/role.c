/* role.c - the acting person and the roles of the database. */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "db/audit.h"
#include "db/dbint.h"
#include "db/role.h"

static const char *const role_names[] = { "admin", "reviewer", "auditor" };

int
role_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(role_names) / sizeof(role_names[0]); i++)
		if (name != NULL && strcmp(name, role_names[i]) == 0)
			return 1 << i;
	return 0;
}

const char *
actor_effective(const struct actor *a)
{
	return a->as != NULL ? a->as : a->login;
}

int
role_os_login(char **out, struct err *e)
{
	struct passwd *pw;

	errno = 0;
	/* the real uid: a setgid parc acts for whoever ran it */
	if ((pw = getpwuid(getuid())) == NULL)
		return err_set(e, PARC_EIO, "who is running parc: uid %ld: %s",
		    (long)getuid(),
		    errno ? strerror(errno) : "not in the password database");
	*out = xstrdup(pw->pw_name);
	return 0;
}

int
role_of(struct db *db, const char *login, struct err *e)
{
	sqlite3_stmt *st;
	int bits = 0, rc;

	if (db_prepare(db, "SELECT role FROM role WHERE login = ?1", &st, e))
		return PARC_EDB;
	db_bind_text(st, 1, login);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		bits |= role_parse(db_col_text(st, 0));
	if (rc != SQLITE_DONE)
		bits = db_fail(db, e, "read roles");
	sqlite3_finalize(st);
	return bits;
}

/* The employee id of the person whose login is login, or NULL. */
static char *
person_of(struct db *db, const char *login)
{
	sqlite3_stmt *st;
	char *id = NULL;

	if (db_prepare(db,
		"SELECT employee_id FROM identity WHERE lower(login) ="
		" lower(?1) ORDER BY status = 'active' DESC, id LIMIT 1",
		&st, NULL) != 0)
		return NULL;
	db_bind_text(st, 1, login);
	if (sqlite3_step(st) == SQLITE_ROW && db_col_text(st, 0) != NULL)
		id = xstrdup(db_col_text(st, 0));
	sqlite3_finalize(st);
	return id;
}

int
actor_resolve(struct db *db, const char *login, const char *as, struct actor *a,
    struct err *e)
{
	int rc;

	memset(a, 0, sizeof(*a));
	if (login != NULL)
		a->login = xstrdup(login);
	else if ((rc = role_os_login(&a->login, e)) != 0)
		return rc;
	if ((rc = role_of(db, a->login, e)) < 0)
		goto fail;
	a->roles = rc;
	if (as != NULL && strcasecmp(as, a->login) != 0) {
		if (!(a->roles & ROLE_ADMIN)) {
			rc = err_set(e, PARC_EDENIED,
			    "--as is for admins, and %s is not an admin "
			    "(parc role grant %s admin)",
			    a->login, a->login);
			goto fail;
		}
		a->as = xstrdup(as);
	}
	a->employee_id = person_of(db, actor_effective(a));
	return 0;
fail:
	actor_release(a);
	return rc;
}

int
role_reads_all(const struct actor *a)
{
	return a != NULL && (a->roles & (ROLE_ADMIN | ROLE_AUDITOR)) != 0;
}

int
role_check_read(const struct actor *a, const char *what, struct err *e)
{
	if (role_reads_all(a))
		return 0;
	return err_set(e, PARC_EDENIED,
	    "reading %s is for admins and auditors, and %s %s (a reviewer "
	    "reads the items assigned to them: parc review, parc campaign "
	    "show NAME)",
	    what, a != NULL && a->login ? a->login : "this login",
	    a != NULL && (a->roles & ROLE_REVIEWER) ? "is a reviewer"
						    : "holds no role");
}

const char *
role_label(int roles)
{
	if (roles & ROLE_ADMIN)
		return "admin";
	if (roles & ROLE_AUDITOR)
		return "auditor";
	if (roles & ROLE_REVIEWER)
		return "reviewer";
	return "no role";
}

void
actor_release(struct actor *a)
{
	free(a->login);
	free(a->as);
	free(a->employee_id);
	memset(a, 0, sizeof(*a));
}

/*
 * The event of a role change names the login and role, and for a grant
 * when it was granted: the row's granted_by is the event's actor, so
 * verify replays the events into the table the row must be.
 */
static int
audit_role(struct db *db, const char *actor, const char *action,
    const char *login, const char *role, const char *at, struct err *e)
{
	struct sb obj = SB_INIT, det = SB_INIT;
	int rc;

	sb_adds(&obj, "login:");
	sb_adds(&obj, login);
	sb_adds(&det, "{\"login\": ");
	sb_add_json(&det, login);
	sb_adds(&det, ", \"role\": ");
	sb_add_json(&det, role);
	if (at != NULL) {
		sb_adds(&det, ", \"granted_at\": ");
		sb_add_json(&det, at);
	}
	sb_addc(&det, '}');
	rc = audit_append(db, actor, action, obj.buf, det.buf, NULL, e);
	sb_release(&obj);
	sb_release(&det);
	return rc;
}

/* Insert or delete one role row and audit it, in one transaction. */
static int
change(struct db *db, const char *who, const char *login, const char *role,
    int grant, int *changed, struct err *e)
{
	sqlite3_stmt *st = NULL;
	char now[21];
	int own, rc;

	*changed = 0;
	if ((own = db_begin(db, e)) < 0)
		return own;
	if (!grant && strcmp(role, "admin") == 0 &&
	    db_count(db, "SELECT count(*) FROM role WHERE role = 'admin'") <=
		1) {
		/* Checked under the lock: two revokes cannot both pass. */
		if ((rc = role_of(db, login, e)) < 0)
			goto out;
		if (rc & ROLE_ADMIN) {
			rc = err_set(e, PARC_EUSAGE,
			    "%s is the last admin; grant admin to someone "
			    "else first",
			    login);
			goto out;
		}
		rc = 0;
	}
	db_now(now);
	if ((rc = db_prepare(db,
		 grant
		     ? "INSERT INTO role (login, role, granted_by, granted_at)"
		       " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING"
		     : "DELETE FROM role WHERE login = ?1 AND role = ?2",
		 &st, e)) != 0)
		goto out;
	db_bind_text(st, 1, login);
	db_bind_text(st, 2, role);
	if (grant) {
		db_bind_text(st, 3, who);
		db_bind_text(st, 4, now);
	}
	if ((rc = db_step_done(db, st, e, "change a role")) != 0)
		goto out;
	*changed = sqlite3_changes(db->conn) > 0;
	if (*changed)
		rc = audit_role(db, who, grant ? "role.grant" : "role.revoke",
		    login, role, grant ? now : NULL, e);
out:
	sqlite3_finalize(st);
	return db_end(db, own, rc, e);
}

static int
check_change(struct db *db, const struct actor *a, const char *login,
    const char *role, const char *verb, struct err *e)
{
	int now;

	/* Roles as they are now, not as when the actor was resolved. */
	if ((now = role_of(db, a->login, e)) < 0)
		return now;
	if (!(now & ROLE_ADMIN) || a->as != NULL)
		return err_set(e, PARC_EDENIED,
		    "only an admin may %s roles, and %s is not one", verb,
		    a->login);
	if (role_parse(role) == 0)
		return err_set(e, PARC_EUSAGE,
		    "unknown role '%s' (admin, reviewer or auditor)", role);
	if (login == NULL || *login == '\0' || strlen(login) > 64 ||
	    !utf8_valid(login, strlen(login)) || strpbrk(login, " \t\n\r:"))
		return err_set(e, PARC_EUSAGE, "'%s' is not a login",
		    login ? login : "");
	return 0;
}

int
role_grant(struct db *db, const struct actor *a, const char *login,
    const char *role, struct err *e)
{
	char *who;
	int rc, changed;

	if ((rc = check_change(db, a, login, role, "grant", e)) != 0)
		return rc;
	who = db_actor_label(a);
	rc = change(db, who, login, role, 1, &changed, e);
	free(who);
	return rc;
}

int
role_revoke(struct db *db, const struct actor *a, const char *login,
    const char *role, struct err *e)
{
	char *who;
	int rc, changed;

	if ((rc = check_change(db, a, login, role, "revoke", e)) != 0)
		return rc;
	who = db_actor_label(a);
	rc = change(db, who, login, role, 0, &changed, e);
	free(who);
	if (rc == 0 && !changed)
		rc = err_set(e, PARC_ENOTFOUND, "%s does not hold the role %s",
		    login, role);
	return rc;
}

int
role_bootstrap(struct db *db, const char *login, int force, int *granted,
    struct err *e)
{
	int rc, changed = 0;

	if (granted != NULL)
		*granted = 0;
	if (!force &&
	    db_count(db, "SELECT count(*) FROM role WHERE role = 'admin'") > 0)
		return 0;
	rc = change(db, "parc", login, "admin", 1, &changed, e);
	if (rc == 0 && granted != NULL)
		*granted = changed;
	return rc;
}

int
role_list(struct db *db, int (*fn)(const struct role_row *r, void *arg),
    void *arg, struct err *e)
{
	struct role_row r;
	sqlite3_stmt *st;
	int step, ret = 0;

	if (db_prepare(db,
		"SELECT login, role, granted_by, granted_at FROM role"
		" ORDER BY login, role",
		&st, e) != 0)
		return PARC_EDB;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		r.login = db_col_text(st, 0);
		r.role = db_col_text(st, 1);
		r.granted_by = db_col_text(st, 2);
		r.granted_at = db_col_text(st, 3);
		if ((ret = fn(&r, arg)) != 0)
			break;
	}
	if (ret == 0 && step != SQLITE_DONE)
		ret = db_fail(db, e, "read roles");
	sqlite3_finalize(st);
	return ret;
}
