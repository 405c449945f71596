/*
 * test_finding_inc.c - the incremental findings recompute against a full
 * one (the oracle): an organisation of two sources and an HR feed synced
 * through the real sink, changed at random step after step (accounts,
 * attributes, MFA, enabled, assignments, groups, people leaving HR,
 * correlation, entitlement tiers and attrs, decisions and exceptions,
 * thresholds, the evaluation time). After each step the database is
 * copied; the original recomputes as it would (incrementally when it
 * may), the copy in full; the two finding tables, dumped whole (ids,
 * subjects, evidence, first_seen, last_seen), must be the same.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/finding.h"
#include "lib/sb.h"
#include "tests/unit/orgfx.h"

#define OK(x)                                                   \
	do {                                                    \
		struct err e_ = ERR_INIT;                       \
		int rc_ = (x);                                  \
		if (rc_ != 0)                                   \
			fail_msg("%s: %d %s", #x, rc_, e_.msg); \
	} while (0)

#define NPEOPLE 10
#define NACC 24
#define NGRP 3
#define NENT 6
#define NLAB 5
#define STEPS 60

static const char *const kinds[] = { "human", "human", "human", "service",
	"shared", "break-glass" };
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static const char *const attrs[] = {
	"",
	"{\"uac\": 66048}",
	"{\"interactive\": true}",
	"{\"spn\": [\"HTTP/web1\"]}",
	"{\"external\": true, \"user_type\": \"Guest\"}",
	"{\"public\": \"allUsers\"}",
	"{\"outside_domain\": \"evil.example\", \"domains\": \"corp.example\"}",
	"{\"deleted\": true}",
	"{\"service_principal_type\": \"ManagedIdentity\"}",
	"{\"admin_count\": 1, \"protected\": false}",
	"{\"aws_root\": true, \"access_key_1_active\": true,"
	" \"access_key_1_last_rotated\": \"2026-01-01\"}",
	"{\"keys\": [{\"id\": \"k1\", \"type\": \"USER_MANAGED\","
	" \"created\": \"2026-01-01\", \"last_authenticated\": "
	"\"2026-05-01\"}],"
	" \"key_usage_known\": true}",
	"{\"owners\": [\"a\", \"b\"]}",
	"{\"usage_unknown\": true}",
	"{\"access_key_1_last_rotated\": \"2026-02-01\"}",
};
#define NATTRS (sizeof(attrs) / sizeof(attrs[0]))

/* The world the snapshots are written from. */
struct world {
	int person[NPEOPLE]; /* 0 gone, 1 active, 2 terminated, 3 ends */
	int acc[NACC];	     /* present */
	int kind[NACC], enabled[NACC], used[NACC], pw[NACC], mfa[NACC];
	int emp[NACC], attr[NACC], name[NACC];
	int member[NACC][NGRP];
	int tier[NENT], ename[NENT];
	/* assignment of account or group (NACC + g) to an entitlement */
	int asg[NACC + NGRP]
	       [NENT]; /* 0 none, 1 active, 2 eligible, 3 expiring */
	int asg_used[NACC + NGRP][NENT];
	int lab[NLAB], lab_emp[NLAB], lab_t0[NLAB];
	/* lab's source-wide facts: it reports use, offers just-in-time */
	int lab_used, lab_elig;
};

static unsigned long rnd_state = 12345;

static int
rnd(int n)
{
	rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
	return (int)((rnd_state >> 33) % (unsigned long)n);
}

static void
world_init(struct world *w)
{
	int i, j;

	memset(w, 0, sizeof(*w));
	for (i = 0; i < NPEOPLE; i++)
		w->person[i] = 1 + (i % 7 == 3);
	for (i = 0; i < NACC; i++) {
		w->acc[i] = 1;
		w->kind[i] = rnd(NKINDS);
		w->enabled[i] = rnd(5) ? 1 : 0;
		w->used[i] = rnd(4) ? rnd(300) : -1;
		w->pw[i] = rnd(500);
		w->mfa[i] = rnd(4) ? 1 : 0;
		w->emp[i] = rnd(4) ? rnd(NPEOPLE) : -1;
		w->attr[i] = rnd(3) ? 0 : rnd(NATTRS);
		for (j = 0; j < NGRP; j++)
			w->member[i][j] = rnd(4) == 0;
	}
	for (j = 0; j < NENT; j++)
		w->tier[j] = j % 4;
	for (i = 0; i < NACC + NGRP; i++)
		for (j = 0; j < NENT; j++) {
			w->asg[i][j] = rnd(3) == 0 ? 1 + rnd(3) : 0;
			w->asg_used[i][j] = rnd(3) ? rnd(200) : -1;
		}
	for (i = 0; i < NLAB; i++) {
		w->lab[i] = 1;
		w->lab_emp[i] = rnd(NPEOPLE);
		w->lab_t0[i] = rnd(2);
	}
	w->lab_used = 1;
}

static void
sync_all(struct db *db, const struct world *w)
{
	struct sb hr = SB_INIT, corp = SB_INIT, lab = SB_INIT;
	struct err e = ERR_INIT;
	char emp[16];
	int i, j;

	for (i = 0; i < NPEOPLE; i++)
		if (w->person[i])
			sb_addf(&hr, "I|E%d|Person %d|p%d||%s|%s\n", i, i, i,
			    w->person[i] == 2 ? "terminated" : "active",
			    w->person[i] == 3 ? "2026-11-20" : "");
	for (j = 0; j < NENT; j++)
		sb_addf(&corp, "E|T%d|Role%d%s|%d|T1098||\n", j, j,
		    w->ename[j] ? "x" : "", w->tier[j]);
	for (i = 0; i < NGRP; i++)
		sb_addf(&corp, "P|g%d|group%d|group||||||||\n", i, i);
	for (i = 0; i < NACC; i++) {
		if (!w->acc[i])
			continue;
		if (w->emp[i] >= 0)
			snprintf(emp, sizeof(emp), "E%d", w->emp[i]);
		else
			emp[0] = '\0';
		sb_addf(&corp, "P|u%d|%s%d|%s|%d|%s|%s|%s|%s|%s|%s\n", i,
		    w->name[i] ? "admin" : "user", i, kinds[w->kind[i]],
		    w->enabled[i], w->used[i] < 0 ? "" : orgfx_ago(w->used[i]),
		    orgfx_ago(w->pw[i]), w->mfa[i] ? "1" : "0", emp,
		    orgfx_ago(400), attrs[w->attr[i]]);
		for (j = 0; j < NGRP; j++)
			if (w->member[i][j])
				sb_addf(&corp, "M|u%d|g%d\n", i, j);
	}
	for (i = 0; i < NACC + NGRP; i++) {
		if (i < NACC && !w->acc[i])
			continue;
		for (j = 0; j < NENT; j++) {
			if (!w->asg[i][j])
				continue;
			if (i < NACC)
				sb_addf(&corp, "A|u%d|T%d|", i, j);
			else
				sb_addf(&corp, "A|g%d|T%d|", i - NACC, j);
			sb_addf(&corp, "%s|%s|%s\n",
			    w->asg[i][j] == 2 ? "eligible" : "active",
			    w->asg[i][j] == 3 ? "2027-01-01T00:00:00Z" : "",
			    w->asg_used[i][j] < 0
				? ""
				: orgfx_ago(w->asg_used[i][j]));
		}
	}
	sb_adds(&lab, "E|L0|Domain Admins|0|||\nE|L1|Operators|1|||\n");
	for (i = 0; i < NLAB; i++)
		if (w->lab[i])
			sb_addf(&lab,
			    "P|l%d|ladm%d|human|1|%s|%s||E%d|%s|\n"
			    "A|l%d|L%d\n",
			    i, i, w->lab_used ? orgfx_ago(100 * i) : "",
			    orgfx_ago(30), w->lab_emp[i], orgfx_ago(400), i,
			    w->lab_t0[i] ? 0 : 1);
	if (w->lab_elig)
		sb_adds(&lab, "P|lj|ljit|human|1||||||\nA|lj|L1|eligible\n");
	if (orgfx_sync(db, "hr", "people", hr.buf, &e) != 0 ||
	    orgfx_sync(db, "corp", "aws", corp.buf, &e) != 0 ||
	    orgfx_sync(db, "lab", "ad", lab.buf, &e) != 0)
		fail_msg("sync: %s", e.msg);
	sb_release(&hr);
	sb_release(&corp);
	sb_release(&lab);
}

/* Change the world (and a few rows no sync writes) at random. */
static void
mutate(struct db *db, struct world *w, int *conf, int *hours)
{
	struct sb sql = SB_INIT;
	int n = 1 + rnd(3), i, a, j;

	while (n-- > 0) {
		a = rnd(NACC);
		j = rnd(NENT);
		switch (rnd(21)) {
		case 0:
			w->mfa[a] = !w->mfa[a];
			break;
		case 1:
			w->enabled[a] = !w->enabled[a];
			break;
		case 2:
			w->used[a] = rnd(5) ? rnd(300) : -1;
			break;
		case 3:
			w->attr[a] = rnd(NATTRS);
			break;
		case 4:
			i = rnd(NACC + NGRP);
			w->asg[i][j] = w->asg[i][j] ? 0 : 1 + rnd(3);
			break;
		case 5:
			i = rnd(NACC + NGRP);
			w->asg_used[i][j] = rnd(4) ? rnd(200) : -1;
			if (w->asg[i][j] == 0)
				w->asg[i][j] = 1;
			break;
		case 6:
			w->member[a][rnd(NGRP)] ^= 1;
			break;
		case 7:
			w->acc[a] = !w->acc[a];
			break;
		case 8:
			w->emp[a] = rnd(3) ? rnd(NPEOPLE) : -1;
			break;
		case 9:
			w->person[rnd(NPEOPLE)] = rnd(4);
			break;
		case 10:
			w->tier[j] = rnd(4);
			break;
		case 11:
			w->ename[j] = !w->ename[j];
			w->kind[a] = rnd(NKINDS);
			w->name[a] = !w->name[a];
			break;
		case 12:
			i = rnd(NLAB);
			w->lab[i] = !w->lab[i] || rnd(2);
			w->lab_emp[i] = rnd(NPEOPLE);
			w->lab_t0[i] = !w->lab_t0[i];
			break;
		case 13: /* an exception (expired or not) or a revocation */
			sb_reset(&sql);
			sb_addf(&sql,
			    "INSERT OR IGNORE INTO campaign (name, due, state,"
			    " created_by, created_at, close_default, closed_at)"
			    " VALUES ('c%d', '2026-12-01', '%s', 'root',"
			    " '2026-11-01T00:00:00Z', 'revoke',"
			    " '2026-11-02T00:00:00Z');"
			    "INSERT INTO review_item (campaign_id, grant_id,"
			    " source, source_kind, account_ext_id, account,"
			    " entitlement_ext_id, entitlement, path, decision,"
			    " until, decided_by, decided_at) SELECT c.id, g.id,"
			    " 'corp', 'aws', p.ext_id, p.name, n.ext_id, "
			    "n.name,"
			    " g.path, '%s', %s, 'root', '2026-11-03T00:00:00Z'"
			    " FROM effective_grant g JOIN principal p ON p.id ="
			    " g.account_id JOIN entitlement n ON n.id ="
			    " g.entitlement_id, campaign c WHERE c.name = 'c%d'"
			    " ORDER BY g.id LIMIT 1 OFFSET %d;",
			    rnd(3), rnd(2) ? "closed" : "open",
			    rnd(2)	 ? "exception"
				: rnd(2) ? "revoke"
					 : "pending",
			    rnd(2) ? "'2026-11-10'" : "'2027-03-01'", rnd(3),
			    rnd(20));
			OK(db_exec(db, sql.buf, &e_));
			break;
		case 14: /* the threshold: a full recompute */
			*conf = !*conf;
			break;
		case 15: /* the evaluation time moves */
			*hours += 1 + rnd(30);
			break;
		case 19:
			/*
			 * A group's assignment replaced by one with the same
			 * id (the highest id, reused): its members' grants
			 * still name it, and read its new state.
			 */
			OK(db_exec(db,
			    "CREATE TEMP TABLE a1 AS SELECT * FROM assignment"
			    " WHERE id = (SELECT max(a.id) FROM assignment a"
			    " JOIN principal p ON p.id = a.principal_id WHERE"
			    " p.kind = 'group');"
			    "UPDATE temp.a1 SET state = CASE state WHEN"
			    " 'active' THEN 'eligible' ELSE 'active' END;"
			    "DELETE FROM assignment WHERE id IN (SELECT id FROM"
			    " temp.a1);"
			    "INSERT INTO assignment SELECT * FROM temp.a1;"
			    "DROP TABLE temp.a1;",
			    &e_));
			break;
		case 18: /* a source-wide fact of lab */
			if (rnd(2))
				w->lab_used = !w->lab_used;
			else
				w->lab_elig = !w->lab_elig;
			break;
		case 16: /* entitlement attrs no sync here writes */
			sb_reset(&sql);
			sb_addf(&sql,
			    "UPDATE entitlement SET attrs = json_set(coalesce("
			    "attrs, '{}'), '$.protected', %d) WHERE ext_id ="
			    " 'T%d'",
			    rnd(2), j);
			OK(db_exec(db, sql.buf, &e_));
			break;
		case 17: /* a person's record changed by hand */
			sb_reset(&sql);
			sb_addf(&sql,
			    "UPDATE identity SET display_name = 'Renamed %d'"
			    " WHERE employee_id = 'E%d'",
			    rnd(100), rnd(NPEOPLE));
			OK(db_exec(db, sql.buf, &e_));
			break;
		default: /* nothing: a re-sync that changed nothing */
			break;
		}
	}
	sb_release(&sql);
}

static char *
dump(struct db *db)
{
	return orgfx_text(db,
	    "SELECT group_concat(x, char(10)) FROM (SELECT id || '|' || kind ||"
	    " '|' || severity || '|' || coalesce(source_id, '-') || '|' ||"
	    " coalesce(principal_id, '-') || '|' || coalesce(grant_id, '-') ||"
	    " '|' || coalesce(identity_id, '-') || '|' || evidence || '|' ||"
	    " coalesce(techniques, '-') || '|' || first_seen || '|' ||"
	    " last_seen AS x FROM finding ORDER BY id) WHERE ?1 IS NULL",
	    NULL);
}

static void
recompute(struct db *db, int conf, int hours, struct finding_stats *st)
{
	struct finding_conf fc;
	char now[32];

	finding_conf_init(&fc);
	fc.dormant_days = conf ? 60 : 90;
	snprintf(now, sizeof(now), "2026-11-%02dT%02d:00:00Z", 26 + hours / 24,
	    hours % 24);
	fc.now = now;
	OK(finding_recompute(db, &fc, st, &e_));
	finding_conf_release(&fc);
}

/*
 * The oracle: each step's incremental result is the full one's, and
 * most steps were incremental (else the comparison proves little).
 */
static void
test_incremental_is_full(void **state)
{
	struct orgfx f;
	struct world w;
	struct finding_stats a, b;
	struct db *copy;
	char cpath[PATH_MAX + 16], *da, *db_;
	struct sb sql = SB_INIT;
	int step, conf = 0, hours = 0, ninc = 0, nsame = 0;

	(void)state;
	assert_int_equal(orgfx_open(&f), 0);
	world_init(&w);
	sync_all(f.db, &w);
	recompute(f.db, conf, hours, &a);
	assert_false(a.incremental);
	for (step = 0; step < STEPS; step++) {
		mutate(f.db, &w, &conf, &hours);
		sync_all(f.db, &w);
		snprintf(cpath, sizeof(cpath), "%s/copy%d.db", f.dir, step);
		sb_reset(&sql);
		sb_addf(&sql, "VACUUM INTO '%s'", cpath);
		OK(db_exec(f.db, sql.buf, &e_));
		recompute(f.db, conf, hours, &a);
		OK(db_open(&copy, cpath, 0, &e_));
		/* the copy recomputes in full: principal 0 asks for it */
		OK(db_exec(copy,
		    "INSERT OR IGNORE INTO finding_dirty VALUES (0)", &e_));
		recompute(copy, conf, hours, &b);
		assert_false(b.incremental);
		da = dump(f.db);
		db_ = dump(copy);
		if (strcmp(da, db_) != 0)
			fail_msg("step %d (%s): incremental and full findings"
				 " differ:\n--- incremental\n%s\n--- full\n%s",
			    step, a.incremental ? "incremental" : "full", da,
			    db_);
		assert_int_equal(a.added, b.added);
		assert_int_equal(a.resolved, b.resolved);
		assert_int_equal(a.remediated, b.remediated);
		assert_int_equal(a.total, b.total);
		ninc += a.incremental;
		nsame += a.added == 0 && a.resolved == 0;
		free(da);
		free(db_);
		db_close(copy);
		unlink(cpath);
	}
	sb_release(&sql);
	print_message("%d of %d steps incremental, %d changed findings\n", ninc,
	    STEPS, STEPS - nsame);
	/* most steps incremental, and findings did come and go */
	assert_true(ninc >= STEPS / 3);
	assert_true(nsame < STEPS);
	orgfx_close(&f);
}

/* Nothing changed: an incremental recompute that looks at nothing. */
static void
test_nothing_changed(void **state)
{
	struct orgfx f;
	struct world w;
	struct finding_stats a;
	char *before, *after;

	(void)state;
	assert_int_equal(orgfx_open(&f), 0);
	world_init(&w);
	sync_all(f.db, &w);
	recompute(f.db, 0, 0, &a);
	assert_false(a.incremental);
	assert_true(a.total > 0);
	before = dump(f.db);
	sync_all(f.db, &w);
	recompute(f.db, 0, 0, &a);
	assert_true(a.incremental);
	assert_int_equal(a.added, 0);
	assert_int_equal(a.resolved, 0);
	assert_int_equal(db_count(f.db, "SELECT count(*) FROM finding_dirty"),
	    0);
	after = dump(f.db);
	assert_string_equal(before, after);
	/*
	 * another threshold: full; another time: incremental, the rules
	 * that read it in full (test_new_day)
	 */
	recompute(f.db, 1, 0, &a);
	assert_false(a.incremental);
	recompute(f.db, 1, 1, &a);
	assert_true(a.incremental);
	recompute(f.db, 1, 1, &a);
	assert_true(a.incremental);
	free(before);
	free(after);
	orgfx_close(&f);
}

/* A person who leaves HR: their accounts' grants become orphan. */
static void
test_person_leaves(void **state)
{
	struct orgfx f;
	struct world w;
	struct finding_stats a;
	int64_t before;

	(void)state;
	assert_int_equal(orgfx_open(&f), 0);
	world_init(&w);
	w.person[0] = 1;
	w.acc[0] = 1;
	w.emp[0] = 0;
	w.asg[0][1] = 1;
	sync_all(f.db, &w);
	recompute(f.db, 0, 0, &a);
	before = db_count(f.db,
	    "SELECT count(*) FROM finding WHERE kind ="
	    " 'orphan'");
	w.person[0] = 2;
	sync_all(f.db, &w);
	recompute(f.db, 0, 0, &a);
	assert_true(a.incremental);
	assert_true(db_count(f.db,
			"SELECT count(*) FROM finding WHERE kind ="
			" 'orphan'") > before);
	orgfx_close(&f);
}

/*
 * A source starts offering just-in-time assignments: every standing
 * assignment of it is a finding, though only one account changed.
 */
static void
test_source_fact(void **state)
{
	struct orgfx f;
	struct world w;
	struct finding_stats a;
	const char *q = "SELECT count(*) FROM finding f JOIN source s ON"
			" s.id = f.source_id WHERE s.name = 'lab' AND"
			" f.kind = 'standing-privilege'";

	(void)state;
	assert_int_equal(orgfx_open(&f), 0);
	world_init(&w);
	sync_all(f.db, &w);
	recompute(f.db, 0, 0, &a);
	assert_int_equal(db_count(f.db, q), 0);
	w.lab_elig = 1;
	sync_all(f.db, &w);
	recompute(f.db, 0, 0, &a);
	assert_false(a.incremental);
	assert_true(db_count(f.db, q) >= NLAB);
	orgfx_close(&f);
}

/*
 * A database whose triggers another parc made (here: one that does not
 * watch MFA) and whose last recompute ran under that parc's signature:
 * the next recompute is full and makes this parc's triggers, so a later
 * MFA change is seen by an incremental one.
 */
static void
test_watch_replaced(void **state)
{
	struct orgfx f;
	struct world w;
	struct finding_stats a;
	const char *weak = "SELECT count(*) FROM sqlite_schema WHERE name ="
			   " 'finding_watch_principal_upd' AND sql LIKE"
			   " '%old.mfa%'";
	const char *nomfa = "SELECT count(*) FROM finding f JOIN principal p"
			    " ON p.id = f.principal_id WHERE f.kind ="
			    " 'no-mfa' AND p.id = (SELECT id FROM temp.victim)";

	(void)state;
	assert_int_equal(orgfx_open(&f), 0);
	world_init(&w);
	sync_all(f.db, &w);
	recompute(f.db, 0, 0, &a);
	assert_int_equal(db_count(f.db, weak), 1);
	/* the other parc's trigger and signature */
	OK(db_exec(f.db,
	    "CREATE TEMP TABLE t_sql AS SELECT replace(sql, ' OR old.mfa IS"
	    " NOT new.mfa', '') AS sql FROM sqlite_schema WHERE name ="
	    " 'finding_watch_principal_upd';"
	    "DROP TRIGGER finding_watch_principal_upd;",
	    &e_));
	{
		char *sql = orgfx_text(f.db,
		    "SELECT sql FROM temp.t_sql WHERE ?1 IS NULL", NULL);

		assert_null(strstr(sql, "old.mfa"));
		OK(db_exec(f.db, sql, &e_));
		free(sql);
	}
	OK(db_exec(f.db,
	    "UPDATE meta SET value = 'another parc' WHERE key ="
	    " 'findings_sig'",
	    &e_));
	assert_int_equal(db_count(f.db, weak), 0);
	recompute(f.db, 0, 0, &a);
	assert_false(a.incremental);
	/* this parc's trigger again */
	assert_int_equal(db_count(f.db, weak), 1);
	/* a privileged human account with MFA loses it */
	OK(db_exec(f.db,
	    "CREATE TEMP TABLE victim AS SELECT p.id FROM principal p JOIN"
	    " effective_grant g ON g.account_id = p.id JOIN entitlement n ON"
	    " n.id = g.entitlement_id WHERE n.tier <= 1 AND p.kind = 'human'"
	    " AND p.mfa = 1 AND p.enabled = 1 LIMIT 1;"
	    "UPDATE principal SET mfa = 0 WHERE id = (SELECT id FROM"
	    " temp.victim);",
	    &e_));
	assert_int_equal(db_count(f.db, "SELECT count(*) FROM temp.victim"), 1);
	assert_int_equal(db_count(f.db, nomfa), 0);
	recompute(f.db, 0, 0, &a);
	assert_true(a.incremental);
	assert_int_equal(db_count(f.db, nomfa), 1);
	orgfx_close(&f);
}

/*
 * The findings of db recomputed as it would, at hours past the first
 * evaluation time, and of a copy in full.
 */
static void
same_as_full_at(struct orgfx *f, int incremental, int hours)
{
	struct finding_stats a, b;
	struct db *copy;
	struct sb sql = SB_INIT;
	char *da, *db_;

	sb_addf(&sql, "VACUUM INTO '%s/full.db'", f->dir);
	OK(db_exec(f->db, sql.buf, &e_));
	recompute(f->db, 0, hours, &a);
	assert_int_equal(a.incremental, incremental);
	sb_reset(&sql);
	sb_addf(&sql, "%s/full.db", f->dir);
	OK(db_open(&copy, sql.buf, 0, &e_));
	OK(db_exec(copy, "INSERT OR IGNORE INTO finding_dirty VALUES (0)",
	    &e_));
	recompute(copy, 0, hours, &b);
	assert_false(b.incremental);
	da = dump(f->db);
	db_ = dump(copy);
	assert_string_equal(da, db_);
	free(da);
	free(db_);
	db_close(copy);
	unlink(sql.buf);
	sb_release(&sql);
}

static void
same_as_full(struct orgfx *f, int incremental)
{
	same_as_full_at(f, incremental, 0);
}

/*
 * The first recompute under another evaluation time (a new day) is
 * incremental: the rules that read the time run in full, over every
 * grant, and the others for what was noted; the result is a full
 * recompute's, with nothing noted, with changes noted, and days later
 * (day counts move, thresholds are crossed).
 */
static void
test_new_day(void **state)
{
	struct orgfx f;
	struct world w;
	struct finding_stats a;
	char *before, *after;

	(void)state;
	assert_int_equal(orgfx_open(&f), 0);
	world_init(&w);
	sync_all(f.db, &w);
	recompute(f.db, 0, 0, &a);
	assert_false(a.incremental);
	before = dump(f.db);
	same_as_full_at(&f, 1, 24);
	after = dump(f.db);
	/* the day counts did move */
	assert_string_not_equal(before, after);
	w.mfa[1] = !w.mfa[1];
	w.used[2] = 1;
	w.asg[3][1] = !w.asg[3][1];
	w.person[4] = 2;
	sync_all(f.db, &w);
	same_as_full_at(&f, 1, 49);
	same_as_full_at(&f, 1, 49);
	same_as_full_at(&f, 1, 100);
	free(before);
	free(after);
	orgfx_close(&f);
}

/*
 * A source's first load after a recompute: the next recompute is full
 * (the sources are in its signature), so the source's registration asks
 * for it and the load's rows, and the other sources' meanwhile, are
 * noted no more; the recompute after is incremental again.
 */
static void
test_new_source(void **state)
{
	struct orgfx f;
	struct world w;
	struct finding_stats a;
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(orgfx_open(&f), 0);
	world_init(&w);
	sync_all(f.db, &w);
	recompute(f.db, 0, 0, &a);
	if (orgfx_sync(f.db, "lab2", "ad",
		"E|M0|Domain Admins|0|||\nE|M1|Operators|1|||\n"
		"P|m0|madm0|human|1||||E1||\nA|m0|M0\n"
		"P|m1|madm1|human|1||||E2||\nA|m1|M1\nA|m1|M0\n",
		&e) != 0)
		fail_msg("sync: %s", e.msg);
	/* only the ask for a full recompute */
	assert_int_equal(db_count(f.db,
			     "SELECT count(*) FROM finding_dirty WHERE"
			     " principal_id <> 0"),
	    0);
	assert_int_equal(db_count(f.db,
			     "SELECT count(*) FROM finding_dirty WHERE"
			     " principal_id = 0"),
	    1);
	assert_int_equal(db_count(f.db,
			     "SELECT count(*) FROM finding_dirty_asg"),
	    0);
	/* another source's change meanwhile, not noted either */
	w.asg[0][0] = 1;
	w.mfa[1] = !w.mfa[1];
	sync_all(f.db, &w);
	assert_int_equal(db_count(f.db,
			     "SELECT count(*) FROM finding_dirty_asg"),
	    0);
	same_as_full(&f, 0);
	/* noted again after it */
	w.asg[2][0] = 0;
	w.asg[3][1] = 1;
	w.mfa[4] = !w.mfa[4];
	sync_all(f.db, &w);
	assert_true(db_count(f.db, "SELECT count(*) FROM finding_dirty") > 0);
	same_as_full(&f, 1);
	orgfx_close(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_changed),
		cmocka_unit_test(test_person_leaves),
		cmocka_unit_test(test_source_fact),
		cmocka_unit_test(test_watch_replaced),
		cmocka_unit_test(test_new_source),
		cmocka_unit_test(test_new_day),
		cmocka_unit_test(test_incremental_is_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
