/*
 * finding_write.c - how a recompute writes findings (finding_int.h).
 *
 * A first recompute writes every finding it makes (a million at a
 * million grants), straight from the rules into the table, in one
 * transaction. Two checks SQLite makes of every row cost more there than
 * the row itself, where what they check holds by construction, so the
 * recompute's own writes of findings skip them:
 * - severity's CHECK, an IN list, which SQLite 3.40 codes as a table made
 *   again for every row (a page zeroed each time under Debian's
 *   SECURE_DELETE): 0.17 s of the 0.29 s an INSERT of 107,520 findings
 *   took. A rule's severity is its kind's, and the kinds' severities are
 *   checked once a recompute (finding_severity_valid).
 * - the foreign keys (four parent lookups a row: 0.055 s of the same
 *   0.29 s): a finding's subjects are rows a rule read in the same
 *   transaction. The recompute deletes no parent row, so no cascade is
 *   missed.
 * Dropping the table's secondary indexes for a first recompute and making
 * them after (as the sink's bulk_step does) was measured and not kept:
 * the sorts cost more than the inserts (5.88 G against 5.75 G
 * instructions at 100,000 grants; 11.9 s against 10.1 s of CPU at a
 * million), the rules' rows coming in nearly the indexes' order.
 */
#include <stdlib.h>
#include <string.h>

#include "db/finding_int.h"
#include "lib/sb.h"

int
finding_checks_off(struct db *db, struct err *e)
{
	return db_exec(db, "PRAGMA ignore_check_constraints = ON", e);
}

void
finding_checks_on(struct db *db)
{
	db_exec(db, "PRAGMA ignore_check_constraints = OFF", NULL);
}

int
finding_severity_valid(const char *severity)
{
	static const char *const ok[] = { "low", "medium", "high", "critical" };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (severity != NULL && strcmp(severity, ok[i]) == 0)
			return 1;
	return 0;
}

int
finding_fk_off(struct db *db)
{
	/* a no-op inside a transaction: only the recompute's own one */
	if (!sqlite3_get_autocommit(db->conn) ||
	    db_count(db, "PRAGMA foreign_keys") != 1)
		return 0;
	return db_exec(db, "PRAGMA foreign_keys = OFF", NULL) == 0;
}

void
finding_fk_restore(struct db *db, int off)
{
	if (off)
		db_exec(db, "PRAGMA foreign_keys = ON", NULL);
}
