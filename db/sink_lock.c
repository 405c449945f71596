/*
 * sink_lock.c - which sync runs are alive: a running sync holds a lock on
 * its run's byte of a file beside the database, and a run left "running"
 * whose lock nobody holds was killed.
 */
/* F_OFD_SETLK (Linux's open file description locks) needs _GNU_SOURCE. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "db/sink_int.h"

/*
 * A running sync holds a lock on byte run_id of "DB-sync" beside the
 * database, so that a run still marked running whose process was killed
 * can be told apart from one still pulling: the kernel drops the lock
 * with the process. Open file description locks where there are (Linux):
 * they conflict within one process too and survive another descriptor's
 * close. No lock file for a database in memory.
 */
#ifdef F_OFD_SETLK
#define LOCK_SET F_OFD_SETLK
#define LOCK_GET F_OFD_GETLK
#else
#define LOCK_SET F_SETLK
#define LOCK_GET F_GETLK
#endif

static int
lock_path(const struct db *db, char *buf, size_t size)
{
	if (db->path == NULL || *db->path == '\0' ||
	    strcmp(db->path, ":memory:") == 0 ||
	    strncmp(db->path, "file:", 5) == 0)
		return -1;
	if ((size_t)snprintf(buf, size, "%s-sync", db->path) >= size)
		return -1;
	return 0;
}

static void
lock_byte(struct flock *fl, short type, int64_t run_id)
{
	memset(fl, 0, sizeof(*fl));
	fl->l_type = type;
	fl->l_whence = SEEK_SET;
	fl->l_start = (off_t)run_id;
	fl->l_len = 1;
}

int
sink_lock_run(struct sink *s, struct err *e)
{
	struct flock fl;
	char path[4096];

	if (lock_path(s->db, path, sizeof(path)) != 0)
		return 0;
	s->lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0660);
	if (s->lockfd < 0)
		return err_set(e, PARC_EIO, "sync %s: %s: %s", s->name, path,
		    strerror(errno));
	lock_byte(&fl, F_WRLCK, s->run_id);
	if (fcntl(s->lockfd, LOCK_SET, &fl) != 0)
		return err_set(e, PARC_EIO, "sync %s: lock %s: %s", s->name,
		    path, strerror(errno));
	return 0;
}

int
db_run_alive(struct db *db, int64_t run_id)
{
	struct flock fl;
	char path[4096];
	int fd, alive = 0;

	if (lock_path(db, path, sizeof(path)) != 0)
		return 1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return errno == ENOENT ? 0 : 1;
	lock_byte(&fl, F_WRLCK, run_id);
	if (fcntl(fd, LOCK_GET, &fl) != 0)
		alive = 1; /* cannot tell: say what the row says */
	else
		alive = fl.l_type != F_UNLCK;
	close(fd);
	return alive;
}

int
sink_mark_interrupted(struct db *db, int64_t source_id, struct err *e)
{
	sqlite3_stmt *st, *up = NULL;
	int rc = 0, step;

	if (db_prepare(db,
		"SELECT id FROM sync_run WHERE source_id = ?"
		" AND status = 'running'",
		&st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, source_id);
	if (db_prepare(db,
		"UPDATE sync_run SET status = 'interrupted', error ="
		" 'the pull stopped before it finished (process killed?)'"
		" WHERE id = ?",
		&up, e) != 0) {
		sqlite3_finalize(st);
		return PARC_EDB;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);

		if (db_run_alive(db, id))
			continue;
		sqlite3_bind_int64(up, 1, id);
		if ((rc = db_step_done(db, up, e, "mark interrupted runs")) !=
		    0)
			break;
		sqlite3_reset(up);
	}
	if (rc == 0 && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = db_fail(db, e, "read the running syncs");
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	return rc;
}
