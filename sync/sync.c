/*
 * sync.c - pull sources into the database, one transaction per source.
 *
 * The runner owns the order of things: check the whole configuration before
 * touching anything, load the correlation overrides, then for each source
 * open the connector, stage its records in a sink and commit, or abort so
 * the previous snapshot stays whole. One failed source does not stop the
 * others. Failures after the first are printed on stderr as they happen;
 * the first is returned for the command to report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/audit.h"
#include "db/finding.h"
#include "db/role.h"
#include "lib/sb.h"
#include "sync/overrides.h"
#include "sync/source.h"

/* An error line, escaped: it may carry a file name or a value. */
static void
print_error(const char *msg)
{
	fputs("parc: ", stderr);
	sb_fputs_safe(msg, stderr);
	fputc('\n', stderr);
}

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/*
 * Chain a sync run into the audit trail and mark the findings stale,
 * inside the transaction that commits its snapshot (sink_on_commit): all
 * or nothing.
 */
struct run_of {
	const char *name, *kind;
	char *login; /* who ran it, looked up before the write lock */
};

static int
audit_sync(struct db *db, const struct sink_stats *st, void *arg, struct err *e)
{
	const struct run_of *r = arg;
	struct sb det = SB_INIT, obj = SB_INIT;
	int rc;

	sb_addf(&obj, "source:%s", r->name);
	sb_adds(&det, "{\"kind\": ");
	sb_add_json(&det, r->kind);
	sb_addf(&det,
	    ", \"run\": %lld, \"grants\": %lld, \"added\": %lld, "
	    "\"removed\": %lld}",
	    (long long)st->run_id, (long long)st->grants, (long long)st->added,
	    (long long)st->removed);
	rc = audit_append(db, r->login, "sync", obj.buf, det.buf, NULL, e);
	if (rc == 0)
		rc = finding_mark_stale(db, e);
	sb_release(&det);
	sb_release(&obj);
	return rc;
}

static int
pull_one(struct db *db, const struct config *c, const struct conf_section *sec,
    int flags, struct err *e)
{
	int progress = flags & SYNC_PROGRESS;
	const struct source_ops *ops = source_find(conf_get(sec, "kind"));
	struct sink_stats st;
	struct sink *sink = NULL;
	struct run_of run = { sec->name, ops->kind, NULL };
	void *state = NULL;
	double t0 = now_s(), t1 = 0;
	char *note = NULL;
	int rc;

	if (progress) {
		fputs("sync ", stderr);
		sb_fputs_safe(sec->name, stderr);
		fprintf(stderr, " (%s) ...", ops->kind);
	}
	if ((rc = ops->open(c, sec, &state, e)) != 0) {
		err_prefix(e, "source %s: ", sec->name);
		goto out;
	}
	if ((rc = sink_open(db, sec->name, ops->kind, &sink, e)) != 0)
		goto out;
	if (flags & SYNC_ALLOW_EMPTY)
		sink_allow_empty(sink);
	if (role_os_login(&run.login, NULL) != 0)
		run.login = xstrdup("parc");
	sink_on_commit(sink, audit_sync, &run);
	if ((rc = ops->pull(state, sink, e)) != 0) {
		sink_abort(sink, e->msg);
		goto out;
	}
	t1 = now_s();
	rc = sink_commit(sink, &st, e);
out:
	free(run.login);
	if (state != NULL) {
		if (ops->note != NULL && ops->note(state) != NULL)
			note = xstrdup(ops->note(state));
		ops->close(state);
	}
	if (progress) {
		if (rc == 0) {
			fputs("\rsync ", stderr);
			sb_fputs_safe(sec->name, stderr);
			fprintf(stderr, " (%s): ", ops->kind);
			if (st.identities > 0)
				fprintf(stderr, "%lld people, ",
				    (long long)st.identities);
			fprintf(stderr,
			    "%lld accounts and groups, %lld grants "
			    "(+%lld -%lld) in %.1f s (read %.1f s, "
			    "merge %.1f s)",
			    (long long)st.principals, (long long)st.grants,
			    (long long)st.added, (long long)st.removed,
			    now_s() - t0, t1 - t0, now_s() - t1);
			if (note != NULL)
				fprintf(stderr, "; %s", note);
			fputc('\n', stderr);
		} else
			fprintf(stderr, " failed\n");
	}
	free(note);
	return rc;
}

int
sync_run(struct db *db, const struct config *c, char *const *names, int n,
    int flags, struct err *e)
{
	struct db_override *ov = NULL;
	struct finding_conf fc;
	struct err one = ERR_INIT, firsterr = ERR_INIT;
	size_t nov = 0, i;
	int first = 0, nfail = 0, ntried = 0, rc, k;

	if ((rc = source_check_config(c, e)) != 0)
		return rc;
	for (k = 0; k < n; k++)
		if (config_source(c, names[k]) == NULL)
			return err_set(e, PARC_ENOTFOUND,
			    "no source named '%s' in %s", names[k],
			    c->path ? c->path : "the configuration");
	if (c->nsources == 0)
		return err_set(e, PARC_ECONFIG,
		    "no sources configured%s%s (add a [source NAME] section)",
		    c->path ? " in " : "", c->path ? c->path : "");
	finding_conf_init(&fc);
	if ((rc = finding_conf_load(&fc, c, e)) != 0)
		goto out;
	if ((rc = overrides_load_config(c, &ov, &nov, e)) != 0)
		goto out;
	rc = db_set_overrides(db, ov, nov, e);
	overrides_free(ov);
	if (rc != 0)
		goto out;

	for (i = 0; i < c->nsources; i++) {
		if (n > 0) {
			for (k = 0; k < n; k++)
				if (strcmp(names[k], c->sources[i].name) == 0)
					break;
			if (k == n)
				continue;
		}
		err_clear(&one);
		ntried++;
		rc = pull_one(db, c, &c->sources[i], flags, &one);
		if (rc != 0) {
			nfail++;
			if (first == 0) {
				first = rc;
				firsterr = one;
			} else
				print_error(one.msg);
		}
	}
	/*
	 * Findings follow every snapshot that changed (db/finding.h), and
	 * one an earlier sync committed but did not get to.
	 */
	if (nfail < ntried || finding_stale(db)) {
		struct finding_stats fs;
		double tf = now_s();

		if ((rc = finding_recompute(db, &fc, &fs, &one)) != 0) {
			if (first == 0) {
				first = rc;
				firsterr = one;
				nfail++;
			} else
				print_error(one.msg);
		} else if (flags & SYNC_PROGRESS) {
			fprintf(stderr, "findings: %lld (+%lld -%lld)",
			    (long long)fs.total, (long long)fs.added,
			    (long long)fs.resolved);
			if (fs.remediated > 0)
				fprintf(stderr,
				    ", %lld revoked grants now gone",
				    (long long)fs.remediated);
			fprintf(stderr, " in %.1f s\n", now_s() - tf);
		}
	}
	/* main prints e: the first failure, and how many more there were. */
	if (nfail == 1)
		err_set(e, first, "%s", firsterr.msg);
	else if (nfail > 1)
		err_set(e, first, "%d of %d sources failed; the first: %.900s",
		    nfail, ntried, firsterr.msg);
	rc = first;
out:
	finding_conf_release(&fc);
	return rc;
}
