/* cmd_inventory.c - parc inventory: every effective privileged grant. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/sb.h"
#include "lib/text.h"
#include "reports/list.h"
#include "reports/model.h"
#include "tui/cli/actor.h"
#include "tui/cli/cmd.h"

/* ---- parc inventory ---- */

/*
 * The terminal's listing, two lines a grant, from the rows of the
 * inventory table (reports/model.h) as they come; --json and --csv write
 * the same rows through reports/list.h.
 */
enum {
	I_SOURCE,
	I_ACCOUNT,
	I_PERSON,
	I_ENTITLEMENT,
	I_TIER,
	I_LAST_USED,
	I_PATH,
	I_FINDINGS,
	I_STATE,
	I_EXPIRES_AT,
	I_N
};

/* The columns it shows, by name: the table is the model's. */
static const char *const inv_keys[I_N] = { "source", "account", "person",
	"entitlement", "tier", "last_used", "path", "findings", "state",
	"expires_at" };

struct inv_text {
	struct rpt_sink sink;
	size_t n;
	time_t now;
	struct sb sb;
	size_t col[I_N];
};

/*
 * " (eligible)", " (eligible until DATE)" or " (until DATE)": what sets a
 * just-in-time or time-bound grant apart from a standing one.
 */
static void
add_state(struct sb *sb, const char *state, const char *expires_at)
{
	int eligible = state != NULL && strcmp(state, "eligible") == 0;

	if (!eligible && expires_at == NULL)
		return;
	sb_adds(sb, eligible ? " (eligible" : " (");
	if (expires_at != NULL) {
		sb_adds(sb, eligible ? " until " : "until ");
		sb_add_safe(sb, expires_at);
	}
	sb_addc(sb, ')');
}

static int
print_grant(const struct rpt_table *t, size_t r, void *arg)
{
	struct inv_text *it = arg;
	struct sb *sb = &it->sb;
	struct sb tmp = SB_INIT;
	const char *person, *tier, *findings;

	if (it->n++ == 0)
		rpt_col_map(t, inv_keys, I_N, it->col);
	person = rpt_cell(t, r, it->col[I_PERSON]);
	tier = rpt_cell(t, r, it->col[I_TIER]);
	findings = rpt_cell(t, r, it->col[I_FINDINGS]);
	sb_reset(sb);
	sb_add_cell(sb, rpt_cell(t, r, it->col[I_SOURCE]), 10, 1);
	sb_addc(sb, ' ');
	sb_add_cell(sb, rpt_cell(t, r, it->col[I_ACCOUNT]), 16, 1);
	sb_addc(sb, ' ');
	sb_add_cell(sb, person ? person : "(nobody)", 18, 1);
	sb_addc(sb, ' ');
	sb_add_cell(sb, rpt_cell(t, r, it->col[I_ENTITLEMENT]), 20, 1);
	sb_addc(sb, ' ');
	sb_adds(sb, tier ? tier : "-");
	sb_addc(sb, ' ');
	sb_add_age(&tmp, rpt_cell(t, r, it->col[I_LAST_USED]), it->now);
	sb_add_cell(sb, tmp.buf, 9, 0);
	sb_reset(&tmp);
	sb_adds(sb, "\n    ");
	sb_add_path(&tmp, rpt_cell_json(t, r, it->col[I_PATH]), TEXT_ARROW);
	sb_add_safe(sb, tmp.buf);
	add_state(sb, rpt_cell(t, r, it->col[I_STATE]),
	    rpt_cell(t, r, it->col[I_EXPIRES_AT]));
	if (findings != NULL && *findings) {
		sb_adds(sb, "  [");
		sb_add_safe(sb, findings);
		sb_addc(sb, ']');
	}
	sb_addc(sb, '\n');
	sb_release(&tmp);
	if (fwrite(sb->buf, 1, sb->len, stdout) != sb->len)
		return PARC_EIO;
	return 0;
}

/* rpt_inventory_list for cli_list. */
static int
list(struct db *db, const void *filter, const struct rpt_sink *sink,
    struct rpt_doc **out, struct err *e)
{
	return rpt_inventory_list(db, filter, sink, out, e);
}

int
cmd_inventory(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "json", no_argument, NULL,
						  'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "source", required_argument, NULL, 's' },
		{ "all", no_argument, NULL, 'a' },
		{ "uncorrelated", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct db_inventory_filter f = { 0 };
	struct inv_text it;
	int c, rc, fmt = -1;

	while (
	    (c = cli_next_opt(argc, argv, "+h", opts, "inventory", e)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case '?':
			return PARC_EUSAGE;
		default:
			cli_list_format(c, &fmt);
			break;
		case 's':
			f.source = optarg;
			break;
		case 'a':
			f.all_tiers = 1;
			break;
		case 'u':
			f.uncorrelated = 1;
			break;
		}
	}
	if (optind != argc)
		return cli_usage("inventory", e, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = cli_check_read(ctx, "the inventory", e)) != 0)
		return rc;
	memset(&it, 0, sizeof(it));
	it.sink.row = print_grant;
	it.sink.arg = &it;
	it.now = time(NULL);
	sb_init(&it.sb);
	rc = cli_list(ctx->db, fmt, "the inventory", &it.sink, list, &f, e);
	if (rc == 0 && fmt < 0 && it.n == 0)
		printf("no privileged grants%s\n",
		    f.source ? " in that source" : "");
	sb_release(&it.sb);
	return rc;
}
