/* cmd_inventory.c - parc inventory: every effective privileged grant. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/sb.h"
#include "lib/text.h"
#include "tui/cli/cmd.h"

/* ---- parc inventory ---- */

enum fmt { FMT_TEXT, FMT_JSON, FMT_CSV };

struct inv {
	enum fmt fmt;
	size_t n;
	time_t now;
	struct sb sb;
};

/* Append the JSON array of strings text as "a > b > c" (or raw on error). */
static void
add_path(struct sb *sb, const char *text, const char *sep)
{
	json_error_t jerr;
	json_t *a = json_loads(text, 0, &jerr);
	size_t i;

	if (a == NULL || !json_is_array(a)) {
		sb_adds(sb, text);
		json_decref(a);
		return;
	}
	for (i = 0; i < json_array_size(a); i++) {
		if (i > 0)
			sb_adds(sb, sep);
		sb_adds(sb, json_string_value(json_array_get(a, i))
			? json_string_value(json_array_get(a, i))
			: "?");
	}
	json_decref(a);
}

/* "412 days", "today", "never" for the text table. */
static void
add_age(struct sb *sb, const char *iso, time_t now)
{
	struct tm tm;
	time_t t;
	long days;

	if (iso == NULL) {
		sb_adds(sb, "unknown");
		return;
	}
	memset(&tm, 0, sizeof(tm));
	if (strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm) == NULL &&
	    strptime(iso, "%Y-%m-%d", &tm) == NULL) {
		sb_add_safe(sb, iso);
		return;
	}
	t = timegm(&tm);
	days = (long)((now - t) / 86400);
	if (days <= 0)
		sb_adds(sb, "today");
	else
		sb_addf(sb, "%ld day%s", days, days == 1 ? "" : "s");
}

static const char *const inv_columns[] = {"source", "source_kind", "host",
	"account", "account_kind", "enabled", "person", "employee_id",
	"entitlement", "entitlement_kind", "scope", "tier", "reason",
	"techniques", "path", "last_used", "first_seen", "last_seen",
	"findings", NULL};

static int
print_grant(const struct db_grant_row *r, void *arg)
{
	struct inv *inv = arg;
	struct sb *sb = &inv->sb;
	struct sb tmp = SB_INIT;

	sb_reset(sb);
	switch (inv->fmt) {
	case FMT_JSON:
		sb_adds(sb, inv->n == 0 ? "[\n  {" : ",\n  {");
		sb_adds(sb, "\"source\": ");
		sb_add_json(sb, r->source);
		sb_adds(sb, ", \"source_kind\": ");
		sb_add_json(sb, r->source_kind);
		sb_adds(sb, ", \"host\": ");
		sb_add_json(sb, r->host);
		sb_adds(sb, ", \"account\": ");
		sb_add_json(sb, r->account);
		sb_adds(sb, ", \"account_kind\": ");
		sb_add_json(sb, r->account_kind);
		sb_addf(sb, ", \"enabled\": %s",
		    r->enabled < 0 ? "null" : r->enabled ? "true" : "false");
		sb_adds(sb, ", \"person\": ");
		sb_add_json(sb, r->person);
		sb_adds(sb, ", \"employee_id\": ");
		sb_add_json(sb, r->employee_id);
		sb_adds(sb, ", \"entitlement\": ");
		sb_add_json(sb, r->entitlement);
		sb_adds(sb, ", \"entitlement_kind\": ");
		sb_add_json(sb, r->entitlement_kind);
		sb_adds(sb, ", \"scope\": ");
		sb_add_json(sb, r->scope);
		if (r->tier < 0)
			sb_adds(sb, ", \"tier\": null");
		else
			sb_addf(sb, ", \"tier\": %d", r->tier);
		sb_adds(sb, ", \"reason\": ");
		sb_add_json(sb, r->reason);
		sb_adds(sb, ", \"techniques\": ");
		sb_add_json_list(sb, r->techniques);
		/* path is JSON already, written by SQLite's json functions. */
		sb_adds(sb, ", \"path\": ");
		sb_adds(sb, r->path);
		sb_adds(sb, ", \"last_used\": ");
		sb_add_json(sb, r->last_used);
		sb_adds(sb, ", \"first_seen\": ");
		sb_add_json(sb, r->first_seen);
		sb_adds(sb, ", \"last_seen\": ");
		sb_add_json(sb, r->last_seen);
		sb_adds(sb, ", \"findings\": ");
		sb_add_json_list(sb, r->findings);
		sb_addc(sb, '}');
		break;
	case FMT_CSV:
		sb_add_csv(sb, r->source);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->source_kind);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->host);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->account);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->account_kind);
		sb_addc(sb, ',');
		sb_adds(sb, r->enabled < 0 ? "" : r->enabled ? "yes" : "no");
		sb_addc(sb, ',');
		sb_add_csv(sb, r->person);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->employee_id);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->entitlement);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->entitlement_kind);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->scope);
		sb_addc(sb, ',');
		if (r->tier >= 0)
			sb_addf(sb, "%d", r->tier);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->reason);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->techniques);
		sb_addc(sb, ',');
		add_path(&tmp, r->path, " > ");
		sb_add_csv(sb, tmp.buf);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->last_used);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->first_seen);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->last_seen);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->findings);
		sb_adds(sb, "\r\n");
		break;
	case FMT_TEXT:
		sb_add_cell(sb, r->source, 10, 1);
		sb_addc(sb, ' ');
		sb_add_cell(sb, r->account, 16, 1);
		sb_addc(sb, ' ');
		sb_add_cell(sb, r->person ? r->person : "(nobody)", 18, 1);
		sb_addc(sb, ' ');
		sb_add_cell(sb, r->entitlement, 20, 1);
		sb_addc(sb, ' ');
		if (r->tier >= 0)
			sb_addf(sb, "%d ", r->tier);
		else
			sb_adds(sb, "- ");
		add_age(&tmp, r->last_used, inv->now);
		sb_add_cell(sb, tmp.buf, 9, 0);
		sb_reset(&tmp);
		sb_adds(sb, "\n    ");
		add_path(&tmp, r->path, " \xe2\x86\x92 ");
		sb_add_safe(sb, tmp.buf);
		if (r->findings[0]) {
			sb_adds(sb, "  [");
			sb_add_safe(sb, r->findings);
			sb_addc(sb, ']');
		}
		sb_addc(sb, '\n');
		break;
	}
	sb_release(&tmp);
	inv->n++;
	if (fwrite(sb->buf, 1, sb->len, stdout) != sb->len)
		return PARC_EIO;
	return 0;
}

int
cmd_inventory(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
		{"csv", no_argument, NULL, 'c'},
		{"source", required_argument, NULL, 's'},
		{"all", no_argument, NULL, 'a'},
		{"uncorrelated", no_argument, NULL, 'u'},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	struct db_inventory_filter f = {0};
	struct inv inv = {FMT_TEXT, 0, 0, SB_INIT};
	int c, rc, i;

	while ((c = cli_next_opt(argc, argv, "+h", opts, "inventory", e)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case '?':
			return PARC_EUSAGE;
		case 'j':
			inv.fmt = FMT_JSON;
			break;
		case 'c':
			inv.fmt = FMT_CSV;
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
	if ((rc = cli_open_db(ctx, DB_READONLY, e)) != 0)
		return rc;
	inv.now = time(NULL);
	if (inv.fmt == FMT_CSV) {
		for (i = 0; inv_columns[i] != NULL; i++)
			printf("%s%s", i ? "," : "", inv_columns[i]);
		fputs("\r\n", stdout);
	}
	rc = db_inventory(ctx->db, &f, print_grant, &inv, e);
	if (rc == PARC_EIO)
		err_set(e, rc, "writing the inventory: %s", strerror(errno));
	if (inv.fmt == FMT_JSON)
		fputs(inv.n ? "\n]\n" : "[]\n", stdout);
	else if (inv.fmt == FMT_TEXT && inv.n == 0 && rc == 0)
		printf("no privileged grants%s\n",
		    f.source ? " in that source" : "");
	sb_release(&inv.sb);
	return rc;
}
