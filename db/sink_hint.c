/*
 * sink_hint.c - what a connector remembers about its server from one pull
 * to the next (sink_hint_get/sink_hint_set): meta rows keyed
 * "hint:SOURCE:KEY", their value "VALUE SET_AT" (SET_AT in seconds since
 * the epoch).
 *
 * A hint set during a pull waits in temp.sink_hint under the sink's run
 * id; a temporary trigger copies it into meta when that run's sync_run
 * row becomes "ok", which sink_commit() does inside the transaction that
 * commits the snapshot. So a hint commits with its snapshot or not at
 * all: a failed or aborted sync leaves meta as it was (its pending rows
 * stay in temp, named by a run that never becomes "ok" again).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/sink_int.h"
#include "lib/sb.h"

/* The meta key of the source's hint key, into b. */
static void
hint_key(const struct sink *s, const char *key, struct sb *b)
{
	sb_addf(b, "hint:%s:%s", s->name, key);
}

int
sink_hint_get(struct sink *s, const char *key, long *value, int64_t *set_at,
    struct err *e)
{
	sqlite3_stmt *st;
	struct sb k = SB_INIT;
	const char *v;
	long val;
	long long at;
	int rc;

	hint_key(s, key, &k);
	rc = db_prepare(s->db, "SELECT value FROM meta WHERE key = ?1", &st, e);
	if (rc != 0) {
		sb_release(&k);
		return rc;
	}
	db_bind_text(st, 1, k.buf);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		v = db_col_text(st, 0);
		/* a value that does not read as one is no hint */
		if (v != NULL && sscanf(v, "%ld %lld", &val, &at) == 2) {
			*value = val;
			*set_at = at;
			rc = 1;
		} else
			rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = db_fail(s->db, e, "reading a source hint");
	sqlite3_finalize(st);
	sb_release(&k);
	return rc;
}

int
sink_hint_set(struct sink *s, const char *key, long value, struct err *e)
{
	sqlite3_stmt *st;
	struct sb k = SB_INIT;
	char v[64];
	int rc;

	/*
	 * Temporary: on this connection only, outside the database file.
	 * The trigger body's unqualified meta is main's (temp has none).
	 */
	if ((rc = db_exec(s->db,
		 "CREATE TEMP TABLE IF NOT EXISTS sink_hint ("
		 " run_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT,"
		 " PRIMARY KEY (run_id, key)) WITHOUT ROWID;"
		 "CREATE TEMP TRIGGER IF NOT EXISTS sink_hint_ok"
		 " AFTER UPDATE OF status ON main.sync_run"
		 " WHEN NEW.status = 'ok' BEGIN"
		 " INSERT OR REPLACE INTO meta (key, value)"
		 "  SELECT key, value FROM sink_hint WHERE run_id = NEW.id;"
		 " DELETE FROM sink_hint WHERE run_id = NEW.id;"
		 " END;",
		 e)) != 0)
		return rc;
	hint_key(s, key, &k);
	snprintf(v, sizeof(v), "%ld %lld", value, (long long)time(NULL));
	rc = db_prepare(s->db,
	    "INSERT OR REPLACE INTO temp.sink_hint (run_id, key, value)"
	    " VALUES (?1, ?2, ?3)",
	    &st, e);
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, s->run_id);
		db_bind_text(st, 2, k.buf);
		db_bind_text(st, 3, v);
		rc = db_step_done(s->db, st, e, "keeping a source hint");
		sqlite3_finalize(st);
	}
	sb_release(&k);
	return rc;
}
