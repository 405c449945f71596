/*
 * schema.c - parc's tables, one migration per schema version.
 *
 * Times are ISO 8601 UTC text ("2026-11-26T14:25:51Z"): they sort, they read
 * in sqlite3's shell, and they are what the JSON interface prints.
 */
#include "db/schema.h"

static const char v1[] =
    /* One configured origin of access data. */
    "CREATE TABLE source ("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE,"
    " kind TEXT NOT NULL,"
    " created_at TEXT NOT NULL,"
    " last_run_id INTEGER REFERENCES sync_run(id) ON DELETE SET NULL"
    ");"
    /* Each pull, whatever became of it. */
    "CREATE TABLE sync_run ("
    " id INTEGER PRIMARY KEY,"
    " source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,"
    " started_at TEXT NOT NULL,"
    " finished_at TEXT,"
    " status TEXT NOT NULL CHECK (status IN"
    "  ('running', 'ok', 'failed', 'interrupted')),"
    " error TEXT,"
    " identities INTEGER NOT NULL DEFAULT 0,"
    " principals INTEGER NOT NULL DEFAULT 0,"
    " memberships INTEGER NOT NULL DEFAULT 0,"
    " entitlements INTEGER NOT NULL DEFAULT 0,"
    " assignments INTEGER NOT NULL DEFAULT 0,"
    " grants INTEGER NOT NULL DEFAULT 0,"
    " added INTEGER NOT NULL DEFAULT 0,"
    " removed INTEGER NOT NULL DEFAULT 0,"
    " duration_ms INTEGER"
    ");"
    "CREATE INDEX sync_run_source ON sync_run(source_id, id);"
    /* A person (or the owner of non-human accounts). */
    "CREATE TABLE identity ("
    " id INTEGER PRIMARY KEY,"
    " source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,"
    " employee_id TEXT NOT NULL UNIQUE,"
    " display_name TEXT,"
    " email TEXT,"
    " login TEXT,"
    " manager_id INTEGER REFERENCES identity(id) ON DELETE SET NULL,"
    " department TEXT,"
    " status TEXT NOT NULL DEFAULT 'active' CHECK (status IN"
    "  ('active', 'terminated')),"
    " end_date TEXT"
    ");"
    "CREATE INDEX identity_email ON identity(lower(email));"
    "CREATE INDEX identity_login ON identity(lower(login));"
    "CREATE INDEX identity_manager ON identity(manager_id);"
    /* An account or a group in one source. */
    "CREATE TABLE principal ("
    " id INTEGER PRIMARY KEY,"
    " source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,"
    " ext_id TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " display_name TEXT,"
    " kind TEXT NOT NULL DEFAULT 'human' CHECK (kind IN ('human',"
    "  'service', 'shared', 'break-glass', 'group', 'computer')),"
    " enabled INTEGER CHECK (enabled IN (0, 1)),"
    " host TEXT,"
    " email TEXT,"
    " upn TEXT,"
    " employee_id TEXT,"
    " created_at TEXT,"
    " last_used_at TEXT,"
    " password_last_set TEXT,"
    " mfa INTEGER CHECK (mfa IN (0, 1)),"
    " attrs TEXT CHECK (attrs IS NULL OR json_valid(attrs)),"
    " identity_id INTEGER REFERENCES identity(id) ON DELETE SET NULL,"
    " correlated_by TEXT CHECK (correlated_by IN ('override',"
    "  'employee_id', 'email', 'login')),"
    " first_seen TEXT NOT NULL,"
    " UNIQUE (source_id, ext_id)"
    ");"
    "CREATE INDEX principal_identity ON principal(identity_id);"
    "CREATE INDEX principal_name ON principal(source_id, name);"
    /* Direct edges only: nesting is expanded in SQL. */
    "CREATE TABLE membership ("
    " member_id INTEGER NOT NULL REFERENCES principal(id)"
    "  ON DELETE CASCADE,"
    " group_id INTEGER NOT NULL REFERENCES principal(id) ON DELETE CASCADE,"
    " source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,"
    " PRIMARY KEY (member_id, group_id)"
    ") WITHOUT ROWID;"
    "CREATE INDEX membership_group ON membership(group_id);"
    "CREATE INDEX membership_source ON membership(source_id);"
    /* A privileged thing. */
    "CREATE TABLE entitlement ("
    " id INTEGER PRIMARY KEY,"
    " source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,"
    " ext_id TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " kind TEXT NOT NULL,"
    " scope TEXT,"
    " host TEXT,"
    " tier INTEGER CHECK (tier BETWEEN 0 AND 3),"
    " reason TEXT,"
    " techniques TEXT,"
    " owner TEXT,"
    " group_principal_id INTEGER REFERENCES principal(id)"
    "  ON DELETE SET NULL,"
    " attrs TEXT CHECK (attrs IS NULL OR json_valid(attrs)),"
    " UNIQUE (source_id, ext_id)"
    ");"
    "CREATE INDEX entitlement_group ON entitlement(group_principal_id);"
    /* A direct assignment of an entitlement. */
    "CREATE TABLE assignment ("
    " id INTEGER PRIMARY KEY,"
    " source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,"
    " principal_id INTEGER NOT NULL REFERENCES principal(id)"
    "  ON DELETE CASCADE,"
    " entitlement_id INTEGER NOT NULL REFERENCES entitlement(id)"
    "  ON DELETE CASCADE,"
    " state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active',"
    "  'eligible')),"
    " expires_at TEXT,"
    " last_used_at TEXT,"
    " origin TEXT,"
    " attrs TEXT CHECK (attrs IS NULL OR json_valid(attrs))"
    ");"
    "CREATE INDEX assignment_principal ON assignment(principal_id);"
    "CREATE INDEX assignment_entitlement ON assignment(entitlement_id);"
    "CREATE INDEX assignment_source ON assignment(source_id);"
    /*
     * Derived: an account holds an entitlement, directly or through groups.
     * path is a JSON array of the hops' names; the id stays while the grant
     * does, so findings and campaigns can point at it.
     */
    "CREATE TABLE effective_grant ("
    " id INTEGER PRIMARY KEY,"
    " source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,"
    " account_id INTEGER NOT NULL REFERENCES principal(id)"
    "  ON DELETE CASCADE,"
    " entitlement_id INTEGER NOT NULL REFERENCES entitlement(id)"
    "  ON DELETE CASCADE,"
    /*
     * The assignment that grants it, rewritten at every sync (assignments
     * are replaced wholesale): no foreign key, since cascading a million
     * assignment deletions into this table costs more than the sync.
     */
    " assignment_id INTEGER,"
    " depth INTEGER NOT NULL,"
    " path TEXT NOT NULL CHECK (json_valid(path)),"
    " first_seen TEXT NOT NULL,"
    " last_seen TEXT NOT NULL,"
    " UNIQUE (account_id, entitlement_id)"
    ");"
    "CREATE INDEX grant_source ON effective_grant(source_id);"
    "CREATE INDEX grant_entitlement ON effective_grant(entitlement_id);"
    /*
     * What each sync added and removed; names kept, since rows go away
     * (a first load's grants: grant_history_all, v_i19sink).
     */
    "CREATE TABLE grant_history ("
    " id INTEGER PRIMARY KEY,"
    " run_id INTEGER NOT NULL REFERENCES sync_run(id) ON DELETE CASCADE,"
    " source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,"
    " change TEXT NOT NULL CHECK (change IN ('added', 'removed')),"
    " account_ext_id TEXT NOT NULL,"
    " account TEXT NOT NULL,"
    " entitlement_ext_id TEXT NOT NULL,"
    " entitlement TEXT NOT NULL,"
    " path TEXT,"
    " at TEXT NOT NULL"
    ");"
    "CREATE INDEX grant_history_run ON grant_history(run_id);"
    "CREATE INDEX grant_history_key ON grant_history(source_id,"
    " account_ext_id, entitlement_ext_id);"
    /* A flag on a principal or a grant. */
    "CREATE TABLE finding ("
    " id INTEGER PRIMARY KEY,"
    " kind TEXT NOT NULL,"
    " severity TEXT NOT NULL CHECK (severity IN ('low', 'medium',"
    "  'high', 'critical')),"
    " source_id INTEGER REFERENCES source(id) ON DELETE CASCADE,"
    " principal_id INTEGER REFERENCES principal(id) ON DELETE CASCADE,"
    " grant_id INTEGER REFERENCES effective_grant(id) ON DELETE CASCADE,"
    " identity_id INTEGER REFERENCES identity(id) ON DELETE CASCADE,"
    " evidence TEXT NOT NULL,"
    " techniques TEXT,"
    " first_seen TEXT NOT NULL,"
    " last_seen TEXT NOT NULL"
    ");"
    "CREATE INDEX finding_grant ON finding(grant_id);"
    "CREATE INDEX finding_principal ON finding(principal_id);"
    "CREATE INDEX finding_kind ON finding(kind);"
    /* a recompute matches old findings to new ones by their subject */
    "CREATE INDEX finding_key ON finding(kind, grant_id, principal_id,"
    " identity_id, source_id);"
    /* people leave HR: each deleted identity looks up its findings */
    "CREATE INDEX finding_identity ON finding(identity_id);"
    /* A certification campaign. */
    "CREATE TABLE campaign ("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE,"
    " scope TEXT,"
    " reviewer_rule TEXT NOT NULL DEFAULT 'manager',"
    " fallback TEXT,"
    " due TEXT NOT NULL,"
    " state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft',"
    "  'open', 'closed')),"
    " created_by TEXT NOT NULL,"
    " created_at TEXT NOT NULL,"
    " opened_at TEXT,"
    " closed_by TEXT,"
    " closed_at TEXT,"
    " close_default TEXT CHECK (close_default IN ('keep', 'revoke')),"
    /* recurrence: "quarter", "month" or "N days"; series names the first */
    " every TEXT,"
    " series TEXT,"
    " seq INTEGER NOT NULL DEFAULT 1"
    ");"
    "CREATE INDEX campaign_series ON campaign(series, seq);"
    /*
     * A frozen copy of one grant and its findings at campaign start: what
     * the reviewer saw and the evidence prints, whatever syncs do later.
     */
    "CREATE TABLE review_item ("
    " id INTEGER PRIMARY KEY,"
    " campaign_id INTEGER NOT NULL REFERENCES campaign(id)"
    "  ON DELETE CASCADE,"
    " grant_id INTEGER REFERENCES effective_grant(id) ON DELETE SET NULL,"
    " source TEXT NOT NULL,"
    " source_kind TEXT NOT NULL,"
    " host TEXT,"
    " account_ext_id TEXT NOT NULL,"
    " account TEXT NOT NULL,"
    " person TEXT,"
    " employee_id TEXT,"
    " entitlement_ext_id TEXT NOT NULL,"
    " entitlement TEXT NOT NULL,"
    " tier INTEGER,"
    " reason TEXT,"
    " path TEXT NOT NULL,"
    " last_used TEXT,"
    " findings TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(findings)),"
    " reviewer TEXT,"
    " reassigned_from TEXT,"
    /* 'delegated' was never written (a delegation leaves the item
     * pending); db/vocab.h reads it as no state of parc's */
    " decision TEXT NOT NULL DEFAULT 'pending' CHECK (decision IN"
    "  ('pending', 'approve', 'revoke', 'exception', 'delegated')),"
    " until TEXT,"
    " comment TEXT,"
    " decided_by TEXT,"
    " decided_at TEXT,"
    " nfindings INTEGER NOT NULL DEFAULT 0,"
    " overdue_at TEXT,"
    /* revoked (or closed with default revoke) and seen gone by a sync */
    " remediated_at TEXT"
    ");"
    "CREATE INDEX review_item_campaign ON review_item(campaign_id, id);"
    "CREATE INDEX review_item_reviewer ON review_item(reviewer, campaign_id);"
    /* every grant a sync removes sets its frozen review items' grant_id NULL */
    "CREATE INDEX review_item_grant ON review_item(grant_id);"
    "CREATE INDEX review_item_decision ON review_item(decision, campaign_id);"
    /* earlier decisions on the same grant, in other campaigns */
    "CREATE INDEX review_item_key ON review_item(account_ext_id,"
    " entitlement_ext_id);"
    /* Every decision ever taken on an item, in order (undo, evidence). */
    "CREATE TABLE decision ("
    " id INTEGER PRIMARY KEY,"
    " item_id INTEGER NOT NULL REFERENCES review_item(id)"
    "  ON DELETE CASCADE,"
    " decision TEXT NOT NULL,"
    " until TEXT,"
    " comment TEXT,"
    " delegate TEXT,"
    " decided_by TEXT NOT NULL,"
    " acted_by TEXT," /* the admin who decided with --as */
    " decided_at TEXT NOT NULL"
    ");"
    "CREATE INDEX decision_item ON decision(item_id, id);"
    /*
     * Append-only and hash-chained: hash = SHA-256 over the previous hash
     * and this row's fields, so an edit behind parc's back shows.
     */
    "CREATE TABLE audit_event ("
    " id INTEGER PRIMARY KEY,"
    " at TEXT NOT NULL,"
    " actor TEXT NOT NULL,"
    " action TEXT NOT NULL,"
    " object TEXT,"
    " detail TEXT CHECK (detail IS NULL OR json_valid(detail)),"
    " prev_hash TEXT NOT NULL,"
    " hash TEXT NOT NULL UNIQUE"
    ");"
    "CREATE INDEX audit_event_object ON audit_event(object);"
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event"
    " BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;"
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event"
    " BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;"
    /* Who may do what: admin, reviewer, auditor (db/role.h). */
    "CREATE TABLE role ("
    " login TEXT NOT NULL COLLATE NOCASE,"
    " role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'auditor')),"
    " granted_by TEXT NOT NULL,"
    " granted_at TEXT NOT NULL,"
    " PRIMARY KEY (login, role)"
    ") WITHOUT ROWID;"
    /* Correlation overrides, reloaded from their file at each sync. */
    "CREATE TABLE correlation_override ("
    " source TEXT NOT NULL,"
    " account TEXT NOT NULL,"
    " employee_id TEXT NOT NULL,"
    " PRIMARY KEY (source, account)"
    ") WITHOUT ROWID;";

/*
 * The review console's queue (db/item.c): a reviewer's items and a whole
 * campaign's, flagged first, by person or by entitlement, so a screenful
 * is one index range read whatever the campaign's size. The expressions
 * must stay exactly those of item.c's order_flag and order_text.
 */
static const char v2[] =
    "CREATE INDEX review_item_queue_person ON review_item(reviewer,"
    " campaign_id, (findings = '[]'), coalesce(person, account));"
    "CREATE INDEX review_item_queue_entitlement ON review_item(reviewer,"
    " campaign_id, (findings = '[]'), entitlement);"
    "CREATE INDEX review_item_all_person ON review_item(campaign_id,"
    " (findings = '[]'), coalesce(person, account));"
    "CREATE INDEX review_item_all_entitlement ON review_item(campaign_id,"
    " (findings = '[]'), entitlement);";

/*
 * The console's filter (db/item.c): a trigram index over the text of each
 * review item, so typing "núñ" finds the items that hold it without reading
 * the campaign. Contentless and without positions (a third of the size):
 * it narrows, and item.c checks each candidate's text. Items are frozen,
 * so their text is indexed once, when they are made; the body expression
 * must stay that of item.c's item_text. And the queue's counts by
 * decision, which a reviewer's status line shows, read from an index.
 */
static const char v3[] =
    "CREATE VIRTUAL TABLE review_item_text USING fts5(body, content='',"
    " detail='none', tokenize='trigram');"
    /* how many items hold each trigram: how the filter picks its plan */
    "CREATE VIRTUAL TABLE review_item_text_terms USING"
    " fts5vocab(review_item_text, 'row');"
    "INSERT INTO review_item_text (rowid, body) SELECT id,"
    " coalesce(person, '') || ' ' || account || ' ' || entitlement || ' ' ||"
    " source || ' ' || coalesce(host, '') || ' ' || findings"
    " FROM review_item;"
    "CREATE TRIGGER review_item_text_insert AFTER INSERT ON review_item"
    " BEGIN INSERT INTO review_item_text (rowid, body) VALUES (new.id,"
    " coalesce(new.person, '') || ' ' || new.account || ' ' ||"
    " new.entitlement || ' ' || new.source || ' ' || coalesce(new.host, '')"
    " || ' ' || new.findings); END;"
    "CREATE TRIGGER review_item_text_delete AFTER DELETE ON review_item"
    " BEGIN INSERT INTO review_item_text (review_item_text, rowid, body)"
    " VALUES ('delete', old.id,"
    " coalesce(old.person, '') || ' ' || old.account || ' ' ||"
    " old.entitlement || ' ' || old.source || ' ' || coalesce(old.host, '')"
    " || ' ' || old.findings); END;"
    /* The console's counts, read from the index alone. */
    "CREATE INDEX review_item_queue_decision ON review_item(reviewer,"
    " campaign_id, decision);"
    "CREATE INDEX review_item_all_decision ON review_item(campaign_id,"
    " decision);";

/*
 * v4: small facts about the database as a whole. findings_stale is '1'
 * from the commit of a snapshot until the findings are recomputed for it.
 */
static const char v4[] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;";

/*
 * v5: the inventory's grant row, once: `parc inventory`, the console's
 * inventory pages and the reports select from this view and read it by
 * column name (db/db.c). tier and enabled stay NULL when unknown (the
 * reader says -1); identity_id is NULL for an account tied to nobody.
 */
/* The grant_row view up to its findings column, and its joins (v5, v6). */
#define GRANT_ROW_HEAD GRANT_ROW_HEAD_TO(" g.last_seen AS last_seen,")
/* ... with last_seen as the SQL expression ls (v_issue19sink). */
#define GRANT_ROW_HEAD_TO(ls)                                                 \
	"CREATE VIEW grant_row AS SELECT g.id AS grant_id, s.name AS source," \
	" s.kind AS source_kind, coalesce(p.host, n.host) AS host,"           \
	" p.name AS account, p.kind AS account_kind, p.enabled AS enabled,"   \
	" i.display_name AS person, i.employee_id AS employee_id,"            \
	" n.name AS entitlement, n.kind AS entitlement_kind, n.scope AS "     \
	"scope,"                                                              \
	" n.tier AS tier, n.reason AS reason, n.techniques AS techniques,"    \
	" g.path AS path, coalesce(a.last_used_at, p.last_used_at) AS"        \
	" last_used, g.first_seen AS first_seen," ls                          \
	" coalesce((SELECT group_concat(kind, ',') FROM (SELECT DISTINCT"     \
	"  f.kind FROM finding f WHERE f.grant_id = g.id OR"                  \
	"  (f.grant_id IS NULL AND f.principal_id = p.id) ORDER BY 1)),"      \
	"  '') AS findings,"                                                  \
	" p.identity_id AS identity_id"
#define GRANT_ROW_FROM                                      \
	" FROM effective_grant g"                           \
	" JOIN source s ON s.id = g.source_id"              \
	" JOIN principal p ON p.id = g.account_id"          \
	" JOIN entitlement n ON n.id = g.entitlement_id"    \
	" LEFT JOIN assignment a ON a.id = g.assignment_id" \
	" LEFT JOIN identity i ON i.id = p.identity_id;"

static const char v5[] = GRANT_ROW_HEAD GRANT_ROW_FROM;

/*
 * v6: the grant row says whether its assignment is active or eligible
 * (just-in-time, as Azure's PIM eligibility) and when it ends, so the
 * inventory sets those grants apart from standing ones. state is
 * 'active' for a grant without an assignment row.
 */
static const char v6[] = "DROP VIEW grant_row;" GRANT_ROW_HEAD
			 ", coalesce(a.state, 'active') AS state,"
			 " a.expires_at AS expires_at" GRANT_ROW_FROM;

/*
 * v_issue19sink: a grant's last_seen is its source's last good sync (every
 * grant of a source was seen by it), read from sync_run: a re-sync writes
 * only the grants that changed instead of a million last_seen columns.
 * The column keeps the time the grant's row was last written, for a grant
 * no run of parc's made (and as it was for the rows before). And finding
 * loses its index on kind alone: finding_key begins with kind, and a
 * recompute inserting a million findings maintained both.
 */
#define GRANT_ROW_LAST_RUN                                             \
	" coalesce((SELECT r.finished_at FROM sync_run r WHERE r.id =" \
	" s.last_run_id), g.last_seen) AS last_seen,"
#define GRANT_ROW_STATE \
	", coalesce(a.state, 'active') AS state, a.expires_at AS expires_at"
static const char v_issue19sink[] =
    "DROP INDEX IF EXISTS finding_kind;"
    "DROP VIEW grant_row;" GRANT_ROW_HEAD_TO(GRANT_ROW_LAST_RUN)
	GRANT_ROW_STATE GRANT_ROW_FROM;

/*
 * v_issue19camp (issue 19): campaign create at a million items.
 *
 * A campaign's counts (campaigns list, the console's campaigns screen)
 * are kept in campaign_count, one row per campaign, by triggers in the
 * transaction of every change to an item, instead of counted from its
 * items at every read. While a campaign is a draft (only inside the
 * transaction of campaign create, db/campaign.c) its items are neither
 * counted nor put in the filter's index one by one: create does both for
 * the whole set at once, then opens the campaign. Items inserted into a
 * campaign that is not a draft (any other writer) are counted and indexed
 * as they come. campaign_reviewer_count holds each reviewer's items and
 * pending ones in each campaign (the console's campaigns screen shows
 * them beside the campaign's), kept the same way. `parc verify` checks
 * both against the items.
 *
 * review_item_reviewer goes: review_item_queue_decision (reviewer,
 * campaign_id, decision) serves every lookup it served. The partial
 * finding indexes give freezing an item its principal's and its
 * identity's own findings without reading every finding of the
 * account's other grants (finding_principal and finding_identity hold
 * those too). Written to run again over a database where some of it is
 * done already (IF NOT EXISTS, OR REPLACE).
 */
/* The SQL below is laid out by hand, to read as SQL. */
/* clang-format off */
#define COUNT_COLS                                                      \
	"items, pending, approved, revoked, exceptions, overdue,"       \
	" unassigned, remediated"
/* r's share of its campaign's counts, added (op "+") or taken ("-"). */
/* r's share of its reviewer's counts in its campaign, taken away. */
#define REVIEWER_TAKE(r)                                                \
	" UPDATE campaign_reviewer_count SET items = items - 1,"        \
	" pending = pending - (" r ".decision = 'pending') WHERE"       \
	" campaign_id = " r ".campaign_id AND reviewer ="               \
	" coalesce(" r ".reviewer, '');"
/* ... and added (the reviewer's first item makes the row). */
#define REVIEWER_ADD(r)                                                 \
	" INSERT INTO campaign_reviewer_count (campaign_id, reviewer,"  \
	" items, pending) VALUES (" r ".campaign_id, coalesce(" r       \
	".reviewer, ''), 1, " r ".decision = 'pending') ON CONFLICT"    \
	" DO UPDATE SET items = items + 1, pending = pending +"          \
	" excluded.pending;"
#define COUNT_SET(op, r)                                                \
	" UPDATE campaign_count SET items = items " op " 1,"            \
	" pending = pending " op " (" r ".decision = 'pending'),"       \
	" approved = approved " op " (" r ".decision = 'approve'),"     \
	" revoked = revoked " op " (" r ".decision = 'revoke'),"        \
	" exceptions = exceptions " op " (" r ".decision ="             \
	" 'exception'),"                                                \
	" overdue = overdue " op " (" r ".overdue_at IS NOT NULL AND "  \
	r ".decision = 'pending'),"                                     \
	" unassigned = unassigned " op " (" r ".reviewer IS NULL),"     \
	" remediated = remediated " op " (" r ".remediated_at IS NOT"   \
	" NULL) WHERE campaign_id = " r ".campaign_id;"
static const char v_issue19camp[] =
    /* a prefix of review_item_queue_decision: one index less to fill */
    "DROP INDEX IF EXISTS review_item_reviewer;"
    "CREATE INDEX IF NOT EXISTS finding_principal_own ON"
    " finding(principal_id) WHERE grant_id IS NULL;"
    "CREATE INDEX IF NOT EXISTS finding_identity_own ON"
    " finding(identity_id) WHERE grant_id IS NULL AND principal_id IS NULL;"
    "CREATE TABLE IF NOT EXISTS campaign_count ("
    " campaign_id INTEGER NOT NULL PRIMARY KEY REFERENCES campaign(id)"
    "  ON DELETE CASCADE,"
    " items INTEGER NOT NULL DEFAULT 0,"
    " pending INTEGER NOT NULL DEFAULT 0,"
    " approved INTEGER NOT NULL DEFAULT 0,"
    " revoked INTEGER NOT NULL DEFAULT 0,"
    " exceptions INTEGER NOT NULL DEFAULT 0,"
    " overdue INTEGER NOT NULL DEFAULT 0,"
    " unassigned INTEGER NOT NULL DEFAULT 0,"
    " remediated INTEGER NOT NULL DEFAULT 0"
    ") WITHOUT ROWID;"
    "INSERT OR REPLACE INTO campaign_count (campaign_id, " COUNT_COLS ")"
    " SELECT c.id, count(i.id),"
    " count(*) FILTER (WHERE i.decision = 'pending'),"
    " count(*) FILTER (WHERE i.decision = 'approve'),"
    " count(*) FILTER (WHERE i.decision = 'revoke'),"
    " count(*) FILTER (WHERE i.decision = 'exception'),"
    " count(*) FILTER (WHERE i.overdue_at IS NOT NULL AND"
    "  i.decision = 'pending'),"
    " count(i.id) FILTER (WHERE i.reviewer IS NULL),"
    " count(*) FILTER (WHERE i.remediated_at IS NOT NULL)"
    " FROM campaign c LEFT JOIN review_item i ON i.campaign_id = c.id"
    " GROUP BY c.id;"
    "CREATE TABLE IF NOT EXISTS campaign_reviewer_count ("
    " campaign_id INTEGER NOT NULL REFERENCES campaign(id)"
    "  ON DELETE CASCADE,"
    " reviewer TEXT NOT NULL," /* '' for unassigned items */
    " items INTEGER NOT NULL DEFAULT 0,"
    " pending INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY (campaign_id, reviewer)"
    ") WITHOUT ROWID;"
    "INSERT OR REPLACE INTO campaign_reviewer_count (campaign_id, reviewer,"
    " items, pending) SELECT campaign_id, coalesce(reviewer, ''), count(*),"
    " count(*) FILTER (WHERE decision = 'pending') FROM review_item"
    " GROUP BY 1, 2;"
    "CREATE TRIGGER IF NOT EXISTS campaign_count_new AFTER INSERT ON"
    " campaign BEGIN INSERT INTO campaign_count (campaign_id)"
    " VALUES (new.id); END;"
    "DROP TRIGGER IF EXISTS review_item_text_insert;"
    "CREATE TRIGGER IF NOT EXISTS review_item_insert AFTER INSERT ON"
    " review_item WHEN (SELECT state FROM campaign WHERE"
    " id = new.campaign_id) IS NOT 'draft'"
    " BEGIN INSERT INTO review_item_text (rowid, body) VALUES (new.id,"
    " coalesce(new.person, '') || ' ' || new.account || ' ' ||"
    " new.entitlement || ' ' || new.source || ' ' ||"
    " coalesce(new.host, '') || ' ' || new.findings);"
    COUNT_SET("+", "new") REVIEWER_ADD("new") " END;"
    "CREATE TRIGGER IF NOT EXISTS review_item_count_update AFTER UPDATE OF"
    " campaign_id, decision, overdue_at, reviewer, remediated_at ON"
    " review_item BEGIN"
    COUNT_SET("-", "old") COUNT_SET("+", "new") " END;"
    "CREATE TRIGGER IF NOT EXISTS review_item_reviewer_update AFTER UPDATE"
    " OF campaign_id, decision, reviewer ON review_item BEGIN"
    REVIEWER_TAKE("old") REVIEWER_ADD("new") " END;"
    "CREATE TRIGGER IF NOT EXISTS review_item_count_delete AFTER DELETE ON"
    " review_item BEGIN" COUNT_SET("-", "old") REVIEWER_TAKE("old")
    " END;";
/* clang-format on */

/*
 * v_issue15b: signed checkpoints of the audit chain (db/checkpoint.h).
 * Each row is a signature, by the key named by its fingerprint, over
 * "parc checkpoint v1", the event's id and its hash; append-only as the
 * chain it covers. The key itself is never stored. IF NOT EXISTS: the
 * migration tests replay later migrations over a database that has it.
 */
static const char v_issue15b[] =
    "CREATE TABLE IF NOT EXISTS audit_checkpoint ("
    " event_id INTEGER PRIMARY KEY,"
    " hash TEXT NOT NULL,"
    " key TEXT NOT NULL,"
    " sig TEXT NOT NULL,"
    " at TEXT NOT NULL"
    ");"
    "CREATE TRIGGER IF NOT EXISTS audit_checkpoint_no_update BEFORE UPDATE ON"
    " audit_checkpoint"
    " BEGIN SELECT RAISE(ABORT, 'audit_checkpoint is append-only'); END;"
    "CREATE TRIGGER IF NOT EXISTS audit_checkpoint_no_delete BEFORE DELETE ON"
    " audit_checkpoint"
    " BEGIN SELECT RAISE(ABORT, 'audit_checkpoint is append-only'); END;";

/*
 * v_issue18: campaigns that run themselves (issue 18). mail_log: every
 * mail parc tick sent or tried, one row per (campaign, kind, recipient),
 * so the same mail is never sent twice and a failed one is tried again at
 * the next tick (db/notify.h). campaign_setting: what a campaign does by
 * itself: auto_close, the outcome tick closes it with at its due date
 * (keep or revoke), or NULL; allow_conflicts, 1 when conflicted reviewers
 * keep their items (db/conflict.h); stage2, who reviews in a second stage
 * ("owner" or a login; NULL: one stage) the approved items stage2_when
 * picks ("tier0,flagged", db/stage.h). Written IF NOT EXISTS, without ALTER
 * TABLE, so a database taken back to an older user_version migrates again.
 */
static const char v_issue18[] =
    "CREATE TABLE IF NOT EXISTS mail_log ("
    " id INTEGER PRIMARY KEY,"
    " campaign_id INTEGER NOT NULL REFERENCES campaign(id)"
    "  ON DELETE CASCADE,"
    " kind TEXT NOT NULL,"
    " recipient TEXT NOT NULL,"
    " address TEXT,"
    " state TEXT NOT NULL CHECK (state IN ('sent', 'failed')),"
    " attempts INTEGER NOT NULL DEFAULT 0,"
    " first_at TEXT NOT NULL,"
    " last_at TEXT NOT NULL,"
    " error TEXT,"
    " digest TEXT,"
    " UNIQUE (campaign_id, kind, recipient)"
    ");"
    "CREATE TABLE IF NOT EXISTS campaign_setting ("
    " campaign_id INTEGER NOT NULL PRIMARY KEY REFERENCES campaign(id)"
    "  ON DELETE CASCADE,"
    " auto_close TEXT CHECK (auto_close IN ('keep', 'revoke')),"
    " allow_conflicts INTEGER NOT NULL DEFAULT 0 CHECK (allow_conflicts"
    "  IN (0, 1)),"
    " stage2 TEXT,"
    " stage2_when TEXT"
    ") WITHOUT ROWID;";

/*
 * v_i19sink (issue 19): each principal's assignment digest (db/sink_digest.c),
 * the sum of its assignments' hashes as the last sync that wrote them
 * staged them, so a re-sync diffs only the accounts whose digest changed.
 * A principal without a row is diffed (its digest is unknown); the row
 * goes with its principal.
 *
 * And a source's first load writes one grant_baseline row instead of an
 * "added" row in grant_history per grant (a million at a large company):
 * the rows it made in effective_grant (ids lo..hi, of its source, first
 * seen at its time) were added by it. grant_history_all is grant_history
 * with those "added" rows derived: a baseline grant that still has no row
 * of its own from that run on (a later sync writes one, with the names it
 * had, before it renames, changes or removes the grant) is read from the
 * grant itself. Its derived rows have no id (NULL). Written to run again
 * (IF NOT EXISTS, the view made again).
 */
static const char v_i19sink[] =
    "CREATE TABLE IF NOT EXISTS assignment_digest ("
    " principal_id INTEGER PRIMARY KEY REFERENCES principal(id)"
    "  ON DELETE CASCADE,"
    " digest INTEGER NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS grant_baseline ("
    " run_id INTEGER PRIMARY KEY REFERENCES sync_run(id) ON DELETE CASCADE,"
    " source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,"
    " at TEXT NOT NULL,"
    " lo INTEGER NOT NULL,"
    " hi INTEGER NOT NULL"
    ");"
    "CREATE INDEX IF NOT EXISTS grant_baseline_source ON"
    " grant_baseline(source_id);"
    "DROP VIEW IF EXISTS grant_history_all;"
    "CREATE VIEW grant_history_all AS SELECT id, run_id, source_id, change,"
    " account_ext_id, account, entitlement_ext_id, entitlement, path, at"
    " FROM grant_history"
    " UNION ALL SELECT NULL, b.run_id, b.source_id, 'added', p.ext_id,"
    " p.name, n.ext_id, n.name, g.path, b.at FROM grant_baseline b"
    " JOIN effective_grant g ON g.id BETWEEN b.lo AND b.hi"
    " AND g.source_id = b.source_id AND g.first_seen = b.at"
    " JOIN principal p ON p.id = g.account_id"
    " JOIN entitlement n ON n.id = g.entitlement_id"
    " WHERE NOT EXISTS (SELECT 1 FROM grant_history h"
    " WHERE h.source_id = b.source_id AND h.account_ext_id = p.ext_id"
    " AND h.entitlement_ext_id = n.ext_id AND h.run_id >= b.run_id);";

/*
 * v_i19camp (issue 19): `parc tick` marking a million items overdue.
 * review_item_count_update took each changed item's whole share of its
 * campaign's counts away and added it back, two eight-column UPDATEs a
 * row, for a change of one count. It now fires when the campaign,
 * decision, reviewer or remediation of an item changes; a change of
 * overdue_at alone moves the overdue count only (review_item_overdue),
 * and not at all while meta 'overdue_counted' is set: inside the
 * transaction of a tick that counts the items it marks per campaign in
 * one statement (db/campaign.c). Exactly one of the two applies to a
 * changed item, so the counts stay those `parc verify` recounts.
 */
/* clang-format off */
#define COUNT_OTHER_CHANGED                                             \
	" old.campaign_id IS NOT new.campaign_id OR old.decision IS NOT" \
	" new.decision OR old.reviewer IS NOT new.reviewer OR"          \
	" old.remediated_at IS NOT new.remediated_at"
#define OVERDUE_OF(r)                                                   \
	"(" r ".overdue_at IS NOT NULL AND " r ".decision = 'pending')"
static const char v_i19camp[] =
    "DROP TRIGGER IF EXISTS review_item_count_update;"
    "CREATE TRIGGER review_item_count_update AFTER UPDATE OF"
    " campaign_id, decision, reviewer, remediated_at ON review_item"
    " WHEN" COUNT_OTHER_CHANGED " BEGIN"
    COUNT_SET("-", "old") COUNT_SET("+", "new") " END;"
    "DROP TRIGGER IF EXISTS review_item_overdue;"
    "CREATE TRIGGER review_item_overdue AFTER UPDATE OF overdue_at ON"
    " review_item WHEN old.overdue_at IS NOT new.overdue_at AND NOT ("
    COUNT_OTHER_CHANGED ") AND NOT EXISTS (SELECT 1 FROM meta WHERE"
    " key = 'overdue_counted') BEGIN"
    " UPDATE campaign_count SET overdue = overdue + " OVERDUE_OF("new")
    " - " OVERDUE_OF("old") " WHERE campaign_id = new.campaign_id; END;";
/* clang-format on */

/*
 * v_i19inc (issue 19): what changed since the last findings recompute
 * (db/finding_inc.c). Triggers the first recompute makes fill these
 * tables as the model changes (so a database never recomputed, or a
 * source's first load before it, pays nothing); the next recompute looks
 * again at only the accounts and people named here, and empties them in
 * its own transaction. A principal id 0 asks for a full recompute.
 *
 * The triggers (finding_watch_*) are not made here but by the recompute,
 * on effective_grant, assignment, principal, identity, entitlement and
 * grant_history. A later migration that rebuilds one of those tables (or
 * finding_dirty*) by drop-and-rename must drop every finding_watch_*
 * trigger first: a trigger that names the table renamed away would be
 * left behind or fail the rename. The next recompute, finding them
 * missing, runs in full and makes them again.
 */
static const char v_i19inc[] =
    "CREATE TABLE IF NOT EXISTS finding_dirty ("
    " principal_id INTEGER PRIMARY KEY);"
    "CREATE TABLE IF NOT EXISTS finding_dirty_identity ("
    " identity_id INTEGER PRIMARY KEY);"
    /* assignments written: a group's may be what its members' grants read */
    "CREATE TABLE IF NOT EXISTS finding_dirty_asg (id INTEGER,"
    " principal_id INTEGER, entitlement_id INTEGER);"
    /*
     * The accounts holding tier 0, per source, as of the last recompute
     * (tier0-excess counts them): kept for the accounts looked at again.
     */
    "CREATE TABLE IF NOT EXISTS finding_t0 (source_id INTEGER NOT NULL,"
    " principal_id INTEGER NOT NULL, PRIMARY KEY (source_id,"
    " principal_id)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS finding_t0_principal ON"
    " finding_t0(principal_id);";

/*
 * v_i19camp2 (issue 19): campaign create no longer splits its items'
 * text into trigrams. Splitting a million items' text took a third of
 * create's time, for an index only the console's filter reads. A
 * campaign whose items are not all in review_item_text yet has a row in
 * review_item_text_todo: its items from id next_id on are still to be
 * indexed. db_items_index_step() (db/item.c) indexes them a bounded batch
 * at a time, each batch one transaction that also moves next_id (so a
 * crash loses no item and indexes none twice); the console runs it while
 * it waits for keys, and the filter reads such a campaign in order
 * instead of from the index until the row is gone. Items inserted or
 * deleted one by one (any writer but create) go in and out of the index
 * as before, unless they lie in the part still to be indexed. Existing
 * campaigns are indexed already: no row.
 *
 * And review_item_decision (decision, campaign_id), one of the ten
 * entries create writes per item, served only lookups of exceptions
 * (their expiry: re-entry at the next campaign, the exceptions list, the
 * exception-expired finding): a partial index of the exceptions alone
 * serves them, and a new item, pending, has no entry in it.
 */
/* clang-format off */
#define ITEM_TEXT_OF(r)                                                 \
	"coalesce(" r ".person, '') || ' ' || " r ".account || ' ' || "  \
	r ".entitlement || ' ' || " r ".source || ' ' || coalesce(" r    \
	".host, '') || ' ' || " r ".findings"
#define NOT_TODO(r)                                                     \
	" NOT EXISTS (SELECT 1 FROM review_item_text_todo t WHERE"      \
	" t.campaign_id = " r ".campaign_id AND t.next_id <= " r ".id)"
static const char v_i19camp2[] =
    "CREATE TABLE IF NOT EXISTS review_item_text_todo ("
    " campaign_id INTEGER NOT NULL PRIMARY KEY REFERENCES campaign(id)"
    "  ON DELETE CASCADE,"
    " next_id INTEGER NOT NULL"
    ") WITHOUT ROWID;"
    "DROP TRIGGER IF EXISTS review_item_insert;"
    "CREATE TRIGGER review_item_insert AFTER INSERT ON"
    " review_item WHEN (SELECT state FROM campaign WHERE"
    " id = new.campaign_id) IS NOT 'draft'"
    " BEGIN INSERT INTO review_item_text (rowid, body) SELECT new.id, "
    ITEM_TEXT_OF("new") " WHERE" NOT_TODO("new") ";"
    COUNT_SET("+", "new") REVIEWER_ADD("new") " END;"
    "DROP INDEX IF EXISTS review_item_decision;"
    "CREATE INDEX IF NOT EXISTS review_item_exception ON review_item(until)"
    " WHERE decision = 'exception';"
    "DROP TRIGGER IF EXISTS review_item_text_delete;"
    "CREATE TRIGGER review_item_text_delete AFTER DELETE ON review_item"
    " WHEN" NOT_TODO("old")
    " BEGIN INSERT INTO review_item_text (review_item_text, rowid, body)"
    " VALUES ('delete', old.id, " ITEM_TEXT_OF("old") "); END;";
/* clang-format on */

/*
 * v_i19fix1 (issue 19): an incremental findings recompute reads the
 * grants of every revoked or excepted item (remediation-failed,
 * exception-expired, db/finding.c pg_some_sql); since v_i19camp2 dropped
 * review_item_decision that was a scan of every item. A partial index of
 * the decided items' grants serves it; a pending item (all of a new
 * campaign's) has no entry, so campaign create writes none.
 */
static const char v_i19fix1[] =
    "CREATE INDEX IF NOT EXISTS review_item_decided_grant ON"
    " review_item(grant_id) WHERE decision IN ('revoke', 'exception');";

/*
 * v_i19fix2 (issue 19): review_item_decision back. v_i19camp2 dropped it
 * as serving exception lookups only, but remediation-failed's plan in an
 * incremental recompute reads the revoked items through it: without it,
 * a recompute after a 1% re-sync took 0.17 s instead of 0.08 s at 300,000
 * grants (bench_findings). Campaign create writes its entries again; its
 * ratio to the import read 3.68x with it and 3.89x without in the same
 * session (noise).
 */
static const char v_i19fix2[] =
    "CREATE INDEX IF NOT EXISTS review_item_decision ON review_item(decision,"
    " campaign_id);";

/*
 * v_i19first (issue 19): an account's assignments indexed by entitlement
 * too, replacing the index on the account alone (which served the same
 * lookups and the foreign key's cascade, as this one does). A first load's
 * direct grants are then read account by account, each account's rows in
 * (entitlement, id) order from the index alone: the one-pass insert of a
 * million grants needs no sort (db/sink.c), and a re-sync finds an
 * (account, entitlement) pair's rows without reading the account's other
 * rows.
 */
static const char v_i19first[] =
    "DROP INDEX IF EXISTS assignment_principal;"
    "CREATE INDEX IF NOT EXISTS assignment_pair ON assignment(principal_id,"
    " entitlement_id);";

/*
 * v_i19camp3 (issue 19): review_item_decision (decision, campaign_id),
 * one of the ten index entries campaign create writes per item, goes.
 * review_item_all_decision (campaign_id, decision) serves every lookup of
 * one decision in a campaign or in a list of campaigns; the exceptions'
 * and the decided grants' partial indexes serve the lookups of those
 * decisions alone; and the revoked items, which remediation-failed and
 * remediation read across campaigns (db/finding.c), get a partial index
 * of their own, where a new item, pending, has no entry. EXPLAIN QUERY
 * PLAN of every reader of review_item (traced through the demo, the
 * campaign, console and report tests) uses these as well or better: the
 * earlier decisions on a grant (db/item.c) now read review_item_key, the
 * exceptions list reads in its order from review_item_exception.
 */
static const char v_i19camp3[] =
    "CREATE INDEX IF NOT EXISTS review_item_revoked ON review_item(decision,"
    " campaign_id) WHERE decision = 'revoke';"
    "DROP INDEX IF EXISTS review_item_decision;";

const char *const db_migrations[] = {
	v1, v2, v3, v4, v5, v6, v_issue19sink, v_issue19camp, v_issue15b,
	v_issue18,  /* mail_log, campaign_setting */
	v_i19sink,  /* assignment_digest, grant_baseline */
	v_i19camp,  /* count triggers: overdue alone */
	v_i19camp2, /* review_item_text filled after create */
	v_i19inc,   /* finding_dirty: an incremental findings recompute */
	v_i19fix1,  /* review_item_decided_grant */
	v_i19fix2,  /* review_item_decision back */
	v_i19first, /* assignment_pair */
	v_i19camp3, /* review_item_decision: a partial index of revokes */
};

const size_t db_nmigrations = sizeof(db_migrations) / sizeof(db_migrations[0]);
