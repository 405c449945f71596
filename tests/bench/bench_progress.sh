#!/bin/sh
# bench_progress.sh - what the campaign owner's view and parc tick's new
# work cost on a large campaign: ITEMS review items (default 200,000)
# among REVIEWERS reviewers (default 2,000), half of them decided a few
# seconds apart. Times `parc campaign progress --json` (counts, signals
# and burn-down), `parc tick` (the signals recorded in the audit chain,
# the overdue marks) and `parc tick --dry-run` with a [mail] section (the
# digests owed, composed). From the build directory:
#
#   sh SRCDIR/tests/bench/bench_progress.sh
#
# Goal (no earlier figure: new in issue 18): each under 5 s at the
# defaults; the signals are one pass over the campaign's decisions
# whatever the number of reviewers.
set -u
here=$(cd "$(dirname "$0")" && pwd -P)
export PARC_SHARE="${PARC_SHARE:-$(cd "$here/../.." && pwd -P)/share}"
PARC=${PARC:-$PWD/parc}
case $PARC in /*) ;; *) PARC=$PWD/$PARC ;; esac
ITEMS=${ITEMS:-200000}
REVIEWERS=${REVIEWERS:-2000}
work=$(mktemp -d "${TMPDIR:-/tmp}/parc-bench-progress.XXXXXX")
cd "$work" || exit 2
export HOME=$work PARC_DB=$work/b.db
unset PARC_CONFIG

"$PARC" init >/dev/null || exit 1
due=$(date -u -d '+5 days' +%F)
start=$(date -u -d '-2 days' +%FT08:00:00Z)
sqlite3 b.db <<SQL || exit 1
INSERT INTO source (id, name, kind, created_at) VALUES (1, 'hr', 'people',
    '$start');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
    WHERE i < $REVIEWERS)
INSERT INTO identity (source_id, employee_id, display_name, email, login)
SELECT 1, 'E' || i, 'Reviewer ' || i, 'r' || i || '@corp.example',
    'r' || i FROM n;
INSERT INTO campaign (id, name, due, state, created_by, created_at,
    opened_at) VALUES (1, 'big', '$due', 'open', 'root', '$start', '$start');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
    WHERE i < $ITEMS)
INSERT INTO review_item (id, campaign_id, source, source_kind,
    account_ext_id, account, entitlement_ext_id, entitlement, path,
    nfindings, reviewer, decision, decided_by, decided_at)
SELECT i, 1, 'corp', 'ad', 'S' || i, 'u' || i, 'G', 'Admins', '[]',
    i % 5 = 0, 'r' || (i % $REVIEWERS + 1),
    CASE WHEN i % 2 = 0 THEN 'approve' ELSE 'pending' END,
    CASE WHEN i % 2 = 0 THEN 'r' || (i % $REVIEWERS + 1) END,
    CASE WHEN i % 2 = 0 THEN strftime('%Y-%m-%dT%H:%M:%SZ', '$start',
        '+1 day', '+' || (i / $REVIEWERS * 4) || ' seconds') END
FROM n;
INSERT INTO decision (item_id, decision, comment, decided_by, decided_at)
SELECT id, decision, NULL, decided_by, decided_at FROM review_item
WHERE decision <> 'pending';
SQL
cat >parc.conf <<EOF2
[parc]
database = $work/b.db
[mail]
url = smtps://mail.invalid
from = parc@corp.example
EOF2

run() { # NAME COMMAND...: print seconds and peak memory
	name=$1
	shift
	/usr/bin/time -f "%e %M" -o time.txt "$@" >out.txt 2>err.txt ||
		{ echo "$name failed: $(tail -1 err.txt)"; return; }
	read -r secs kb <time.txt
	printf '%-28s %6s s %8s KB   (goal: under 5 s)\n' "$name" "$secs" "$kb"
}
echo "campaign of $ITEMS items, $REVIEWERS reviewers, half decided:"
run "campaign progress --json" "$PARC" campaign progress big --json
run "tick (signals recorded)" "$PARC" tick
run "tick again (nothing new)" "$PARC" tick
run "tick --dry-run (mail)" "$PARC" --config parc.conf tick --dry-run
echo "mails owed: $(grep -c '^--- ' out.txt)"
[ -n "${KEEP:-}" ] && echo "kept: $work" || rm -rf "$work"
