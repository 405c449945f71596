/*
 * finding_uniq.c - parc_uniq(), the SQL function the finding rules
 * (finding.c) join the techniques of a finding with.
 */
#include <stdlib.h>
#include <string.h>

#include "db/finding_int.h"
#include "lib/sb.h"

/*
 * parc_uniq's last argument and result: a rule calls it once per finding,
 * mostly with the list the row before had (one kind, entitlements of a
 * few technique lists), so the last answer is kept.
 */
struct uniq_memo {
	struct sb in, out;
	int valid;
};

static void
uniq_memo_free(void *p)
{
	struct uniq_memo *m = p;

	sb_release(&m->in);
	sb_release(&m->out);
	free(m);
}

/*
 * parc_uniq(LIST): a comma list without empty or repeated items, in first
 * seen order (techniques of several entitlements of one account).
 */
static void
sql_uniq(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *in = (const char *)sqlite3_value_text(argv[0]);
	struct uniq_memo *m = sqlite3_user_data(ctx);
	struct sb out = SB_INIT, item = SB_INIT;
	const char *p = in;
	size_t n;

	(void)argc;
	if (in != NULL && m->valid && strcmp(m->in.buf, in) == 0) {
		sqlite3_result_text(ctx, m->out.buf, -1, SQLITE_TRANSIENT);
		return;
	}
	while (p != NULL && *p) {
		n = strcspn(p, ",");
		sb_reset(&item);
		sb_add(&item, p, n);
		if (n > 0) {
			struct sb probe = SB_INIT;

			sb_addc(&probe, ',');
			sb_adds(&probe, item.buf);
			sb_addc(&probe, ',');
			sb_addc(&out, ',');
			if (strstr(out.buf, probe.buf) == NULL)
				sb_adds(&out, item.buf);
			else
				out.buf[--out.len] = '\0';
			sb_release(&probe);
		}
		p += n;
		if (*p == ',')
			p++;
	}
	sqlite3_result_text(ctx, out.len ? out.buf + 1 : "", -1,
	    SQLITE_TRANSIENT);
	if (in != NULL) {
		sb_reset(&m->in);
		sb_adds(&m->in, in);
		sb_reset(&m->out);
		sb_adds(&m->out, out.len ? out.buf + 1 : "");
		m->valid = 1;
	}
	sb_release(&out);
	sb_release(&item);
}

int
finding_register_uniq(struct db *db, struct err *e)
{
	struct uniq_memo *memo = xcalloc(1, sizeof(*memo));

	sb_init(&memo->in);
	sb_init(&memo->out);
	/* freed by SQLite, with the connection or the next registration */
	if (sqlite3_create_function_v2(db->conn, "parc_uniq", 1,
		SQLITE_UTF8 | SQLITE_DETERMINISTIC, memo, sql_uniq, NULL, NULL,
		uniq_memo_free) != SQLITE_OK)
		return db_fail(db, e, "register parc_uniq");
	return 0;
}
