/*
 * check.c - the checks and labels that campaigns, decisions and roles
 * share: dates, bounded texts, logins, and who an action is recorded as.
 */
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/dbint.h"
#include "db/role.h"

char *
db_actor_label(const struct actor *a)
{
	struct sb sb = SB_INIT;

	sb_adds(&sb, a != NULL && a->login != NULL ? a->login : "parc");
	if (a != NULL && a->as != NULL) {
		sb_adds(&sb, " as ");
		sb_adds(&sb, a->as);
	}
	return sb_detach(&sb);
}

int
db_valid_date(const char *s)
{
	struct tm tm;
	char back[11];
	const char *end;

	if (s == NULL || strlen(s) != 10)
		return 0;
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(s, "%Y-%m-%d", &tm)) == NULL || *end != '\0')
		return 0;
	tm.tm_hour = 12;
	timegm(&tm);
	strftime(back, sizeof(back), "%Y-%m-%d", &tm);
	return strcmp(back, s) == 0;
}

void
db_today(const char *now, char out[11])
{
	char buf[21];

	if (now == NULL) {
		db_now(buf);
		now = buf;
	}
	snprintf(out, 11, "%.10s", now);
}

int
db_check_text(const char *what, const char *s, size_t max, struct err *e)
{
	const unsigned char *p;

	if (s == NULL || *s == '\0')
		return err_set(e, PARC_EUSAGE, "%s is empty", what);
	if (strlen(s) > max)
		return err_set(e, PARC_EUSAGE, "%s is longer than %zu bytes",
		    what, max);
	if (!utf8_valid(s, strlen(s)))
		return err_set(e, PARC_EUSAGE, "%s is not valid UTF-8", what);
	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return err_set(e, PARC_EUSAGE,
			    "%s contains a control character", what);
	return 0;
}

/* A bounded text without the separators of scopes and lists. */
static int
check_login(const char *what, const char *s, struct err *e)
{
	int rc;

	/* db_check_text refuses NULL too; said here so the compiler sees it. */
	if (s == NULL)
		return err_set(e, PARC_EUSAGE, "%s is empty", what);
	if ((rc = db_check_text(what, s, 64, e)) != 0)
		return rc;
	if (strpbrk(s, " :,=") != NULL)
		return err_set(e, PARC_EUSAGE, "%s '%s' is not a login", what,
		    s);
	return 0;
}

int
db_known_login(struct db *db, const char *what, const char *login,
    struct err *e)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	if ((rc = check_login(what, login, e)) != 0)
		return rc;
	if (getpwnam(login) != NULL)
		return 0;
	if (db_prepare(db,
		"SELECT 1 FROM identity WHERE lower(login) = lower(?1) UNION"
		" ALL SELECT 1 FROM role WHERE login = ?1 LIMIT 1",
		&st, e) != 0)
		return PARC_EDB;
	db_bind_text(st, 1, login);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!found)
		return err_set(e, PARC_EUSAGE,
		    "%s %s is neither a login of this host nor one of the "
		    "people data",
		    what, login);
	return 0;
}

int
db_bind_named(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		db_bind_text(st, i, v);
	return i;
}
