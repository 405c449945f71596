/*
 * cmd_campaign.c - parc campaign create|list|show|close, parc tick and
 * parc exceptions: certification campaigns from the command line.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/campaign.h"
#include "db/decision.h"
#include "db/exception.h"
#include "db/item.h"
#include "db/vocab.h"
#include "lib/sb.h"
#include "lib/text.h"
#include "reports/json.h"
#include "reports/list.h"
#include "reports/model.h"
#include "tui/cli/actor.h"
#include "tui/cli/cmd.h"
#include "tui/cli/cmd_progress.h"
#include "tui/cli/tick_mail.h"

static int
emit(struct sb *sb)
{
	if (fwrite(sb->buf, 1, sb->len, stdout) != sb->len)
		return PARC_EIO;
	sb_reset(sb);
	return 0;
}

/* ---- create ---- */

static int
campaign_create_cmd(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "due", required_argument, NULL,
						  'd' },
		{ "scope", required_argument, NULL, 's' },
		{ "reviewer", required_argument, NULL, 'r' },
		{ "fallback", required_argument, NULL, 'f' },
		{ "every", required_argument, NULL, 'E' },
		{ "auto-close", required_argument, NULL, 'A' },
		{ "allow-conflicts", no_argument, NULL, 'C' },
		{ "stages", required_argument, NULL, 'S' },
		{ "stage2-when", required_argument, NULL, 'W' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct campaign_spec s = { 0 };
	struct rpt_doc *d = NULL;
	struct actor a = { 0 };
	struct sb sb = SB_INIT;
	struct campaign_settings set = { 0 };
	const char *auto_close = NULL, *stages = NULL;
	char *stage1 = NULL;
	int64_t id = 0, n = 0;
	int c, rc, json = 0;

	while ((c = cli_next_opt(argc, argv, "h", opts, "campaign", e)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case '?':
			return PARC_EUSAGE;
		case 'd':
			s.due = optarg;
			break;
		case 's':
			s.scope = optarg;
			break;
		case 'r':
			s.reviewer = optarg;
			break;
		case 'f':
			s.fallback = optarg;
			break;
		case 'E':
			s.every = optarg;
			break;
		case 'A':
			if (strcmp(optarg, "keep") != 0 &&
			    strcmp(optarg, "revoke") != 0)
				return cli_usage("campaign", e,
				    "--auto-close wants keep or revoke, not "
				    "'%s'",
				    optarg);
			auto_close = optarg;
			break;
		case 'C':
			set.allow_conflicts = 1;
			break;
		case 'S':
			stages = optarg;
			break;
		case 'W':
			set.stage2_when = optarg;
			break;
		case 'j':
			json = 1;
			break;
		}
	}
	if (optind + 1 != argc)
		return cli_usage("campaign", e, "create wants one NAME%s", "");
	s.name = argv[optind];
	if (s.due == NULL)
		return cli_usage("campaign", e, "create needs --due DATE%s",
		    "");
	if ((rc = campaign_scope_check(s.scope, e)) != 0)
		return rc;
	/* --stages RULE,REVIEWER: the first stage's rule, the second's */
	if (stages != NULL) {
		const char *comma = strchr(stages, ',');

		if (comma == NULL || comma == stages || comma[1] == '\0' ||
		    strchr(comma + 1, ',') != NULL)
			return cli_usage("campaign", e,
			    "--stages wants two stages, RULE,REVIEWER "
			    "(manager,owner or manager,LOGIN), not '%s'",
			    stages);
		if (s.reviewer != NULL)
			return cli_usage("campaign", e,
			    "--stages names the first stage's reviewer: "
			    "leave --reviewer out%s",
			    "");
		stage1 = xstrndup_lower(stages, (size_t)(comma - stages));
		s.reviewer = stage1;
		set.stage2 = comma + 1;
	} else if (set.stage2_when != NULL)
		return cli_usage("campaign", e,
		    "--stage2-when goes with --stages%s", "");
	if ((rc = cli_actor(ctx, NULL, &a, e)) != 0) {
		free(stage1);
		return rc;
	}
	set.auto_close = auto_close;
	if ((rc = campaign_create_set(ctx->db, &a, &s, &set, &id, &n, e)) ==
	    0) {
		if (json) {
			rpt_campaign_created(id, s.name, n, s.due, &d);
			rc = rpt_json_object_write(d, stdout, e);
			rpt_doc_free(d);
		} else {
			sb_adds(&sb, "campaign ");
			sb_add_safe(&sb, s.name);
			sb_addf(&sb, " opened: %lld item%s to review, due %s\n",
			    (long long)n, n == 1 ? "" : "s", s.due);
			rc = emit(&sb);
		}
	}
	sb_release(&sb);
	actor_release(&a);
	free(stage1);
	return rc;
}

/* ---- list and show ---- */

struct lout {
	int json;
	size_t n;
	struct sb sb;
	int64_t campaign; /* the id show_head saw */
};

static int
list_row(const struct campaign_row *r, void *arg)
{
	struct lout *o = arg;

	if (o->n == 0)
		sb_adds(&o->sb,
		    "CAMPAIGN             STATE  DUE        "
		    "ITEMS PENDING OVERDUE\n");
	sb_add_cell(&o->sb, r->name, 20, 1);
	sb_addf(&o->sb, " %-6s %-10s %5lld %7lld %7lld\n", r->state, r->due,
	    (long long)r->items, (long long)r->pending, (long long)r->overdue);
	o->n++;
	return emit(&o->sb);
}

static int
campaign_list_cmd(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "json", no_argument, NULL,
						  'j' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct lout o = { 0, 0, SB_INIT, 0 };
	struct rpt_list l;
	struct rpt_doc *d = NULL;
	int c, rc;

	while ((c = cli_next_opt(argc, argv, "h", opts, "campaign", e)) != -1) {
		if (c == 'h')
			return 0;
		if (c == '?')
			return PARC_EUSAGE;
		o.json = 1;
	}
	if (optind != argc)
		return cli_usage("campaign", e, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = cli_open_db(ctx, 0, e)) != 0)
		return rc;
	if (o.json) {
		rpt_list_init(&l, RPT_LIST_JSON, stdout, "the campaigns");
		rc = rpt_campaigns_list(ctx->db, &l.sink, &d, e);
		rc = rpt_list_end(&l, d ? d->primary : NULL, rc, e);
		rpt_doc_free(d);
		return rc;
	}
	rc = campaign_list(ctx->db, list_row, &o, e);
	if (o.n == 0 && rc == 0)
		printf("no campaigns (parc campaign create NAME --due DATE)\n");
	sb_release(&o.sb);
	return rc;
}

static int
show_head(const struct campaign_row *r, void *arg)
{
	struct lout *o = arg;
	struct sb *sb = &o->sb;

	o->campaign = r->id;
	sb_adds(sb, "campaign  ");
	sb_add_safe(sb, r->name);
	sb_addf(sb, " (%s, due %s", r->state, r->due);
	if (r->every != NULL) {
		sb_adds(sb, ", every ");
		sb_add_safe(sb, r->every);
	}
	sb_adds(sb, ")\nscope     ");
	sb_add_safe(sb,
	    r->scope && *r->scope ? r->scope : "every privileged grant");
	sb_adds(sb, "\nreviewer  ");
	sb_add_safe(sb, r->reviewer_rule);
	sb_adds(sb, ", fallback ");
	sb_add_safe(sb, r->fallback ? r->fallback : "-");
	sb_addf(sb,
	    "\nitems     %lld: %lld pending, %lld approved, %lld "
	    "revoked, %lld exceptions, %lld overdue, %lld unassigned\n",
	    (long long)r->items, (long long)r->pending, (long long)r->approved,
	    (long long)r->revoked, (long long)r->exceptions,
	    (long long)r->overdue, (long long)r->unassigned);
	if (r->closed_at != NULL) {
		sb_adds(sb, "closed    ");
		sb_add_safe(sb, r->closed_at);
		sb_adds(sb, " by ");
		sb_add_safe(sb, r->closed_by);
		if (r->close_default != NULL) {
			sb_adds(sb, ", pending items default to ");
			sb_adds(sb, r->close_default);
		}
		sb_addc(sb, '\n');
	}
	sb_addc(sb, '\n');
	return emit(sb);
}

/* Append the frozen path as "a > b > c", escaped for a terminal. */
static void
add_path(struct sb *sb, const char *json)
{
	struct sb path = SB_INIT;

	sb_add_path(&path, json, " > ");
	sb_add_safe(sb, path.buf);
	sb_release(&path);
}

static int
show_item(const struct item_row *r, void *arg)
{
	struct lout *o = arg;
	struct sb *sb = &o->sb;

	if (o->n == 0)
		sb_adds(sb,
		    "   ITEM REVIEWER   PERSON             "
		    "ACCOUNT          ENTITLEMENT        "
		    "DECISION\n");
	sb_addf(sb, "%7lld ", (long long)r->id);
	sb_add_cell(sb, r->reviewer ? r->reviewer : "(nobody)", 10, 1);
	sb_addc(sb, ' ');
	sb_add_cell(sb, r->person ? r->person : "(nobody)", 18, 1);
	sb_addc(sb, ' ');
	sb_add_cell(sb, r->account, 16, 1);
	sb_addc(sb, ' ');
	sb_add_cell(sb, r->entitlement, 18, 1);
	sb_addc(sb, ' ');
	sb_adds(sb, r->decision);
	if (r->until != NULL) {
		sb_adds(sb, " until ");
		sb_add_safe(sb, r->until);
	}
	if (r->overdue_at != NULL && decision_pending(r->decision))
		sb_adds(sb, " (overdue)");
	sb_adds(sb, "\n        ");
	sb_add_safe(sb, r->source);
	sb_adds(sb, ": ");
	add_path(sb, r->path);
	if (r->nfindings > 0)
		sb_addf(sb, "  [%d finding%s]", r->nfindings,
		    r->nfindings == 1 ? "" : "s");
	if (r->comment != NULL) {
		sb_adds(sb, "\n        \"");
		sb_add_safe(sb, r->comment);
		sb_adds(sb, "\" - ");
		sb_add_safe(sb, r->decided_by ? r->decided_by : "");
	}
	sb_addc(sb, '\n');
	o->n++;
	return emit(sb);
}

static int
campaign_show_cmd(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "json", no_argument, NULL,
						  'j' },
		{ "reviewer", required_argument, NULL, 'r' },
		{ "pending", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct lout o = { 0, 0, SB_INIT, 0 };
	struct db_item_query q = { 0 };
	struct actor a = { 0 };
	const char *name;
	int c, rc;

	while ((c = cli_next_opt(argc, argv, "h", opts, "campaign", e)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case '?':
			return PARC_EUSAGE;
		case 'j':
			o.json = 1;
			break;
		case 'r':
			q.reviewer = optarg;
			break;
		case 'p':
			q.pending_only = 1;
			break;
		}
	}
	if (optind + 1 != argc)
		return cli_usage("campaign", e, "show wants one NAME%s", "");
	name = argv[optind];
	if ((rc = cli_actor(ctx, NULL, &a, e)) != 0)
		return rc;
	/* the read policy: a login that does not read all reads its own */
	if (!role_reads_all(&a)) {
		if (q.reviewer != NULL &&
		    strcasecmp(q.reviewer, a.login) != 0) {
			rc = role_check_read(&a, "another reviewer's items", e);
			goto out;
		}
		q.reviewer = a.login;
	}
	if (o.json) {
		struct rpt_json_object w;
		struct rpt_doc *d;

		/* the items go out as they come: a campaign may be large */
		if ((rc = rpt_campaign_show(ctx->db, name, &q, &d, e)) != 0)
			goto out;
		if ((rc = rpt_json_object_begin(&w, d, d->primary, stdout,
			 e)) == 0) {
			d->primary->sink = &w.sink;
			rc = rpt_campaign_items(ctx->db, &q, d->primary, e);
		}
		rc = rpt_json_object_end(&w, rc);
		rpt_doc_free(d);
		goto out;
	}
	if ((rc = campaign_get(ctx->db, name, show_head, &o, e)) != 0)
		goto out;
	q.campaign = o.campaign;
	q.order = DB_ORDER_ID;
	rc = db_items_page(ctx->db, &q, NULL, DB_PAGE_FIRST, 0, show_item, &o,
	    e);
	if (o.n == 0 && rc == 0)
		printf("no items%s\n",
		    q.reviewer || q.pending_only ? " match" : "");
out:
	sb_release(&o.sb);
	actor_release(&a);
	return rc;
}

/* ---- close ---- */

static int
campaign_close_cmd(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "force", no_argument, NULL,
						  'f' },
		{ "default", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	const char *outcome = NULL;
	struct actor a = { 0 };
	struct sb sb = SB_INIT;
	int64_t pending = 0;
	int c, rc, force = 0;

	while ((c = cli_next_opt(argc, argv, "h", opts, "campaign", e)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case '?':
			return PARC_EUSAGE;
		case 'f':
			force = 1;
			break;
		case 'd':
			outcome = optarg;
			break;
		}
	}
	if (optind + 1 != argc)
		return cli_usage("campaign", e, "close wants one NAME%s", "");
	if ((rc = cli_actor(ctx, NULL, &a, e)) != 0)
		return rc;
	rc = campaign_close(ctx->db, &a, argv[optind], force, outcome, &pending,
	    e);
	if (rc == 0) {
		sb_adds(&sb, "campaign ");
		sb_add_safe(&sb, argv[optind]);
		sb_adds(&sb, " closed");
		if (pending > 0)
			sb_addf(&sb, "; %lld pending item%s default to %s",
			    (long long)pending, pending == 1 ? "" : "s",
			    outcome);
		sb_addc(&sb, '\n');
		rc = emit(&sb);
	}
	sb_release(&sb);
	actor_release(&a);
	return rc;
}

/* ---- one item: what the reviewer saw, and what became of it ---- */

/* The frozen findings (JSON SQLite wrote), one per line. */
static void
add_findings(struct sb *sb, const char *json)
{
	json_error_t jerr;
	json_t *a = json_loads(json, 0, &jerr), *f;
	size_t i;

	json_array_foreach(a, i, f)
	{
		const char *sev = json_string_value(
			       json_object_get(f, "severity")),
			   *kind =
			       json_string_value(json_object_get(f, "kind")),
			   *ev = json_string_value(
			       json_object_get(f, "evidence"));

		sb_adds(sb, "  ");
		sb_add_safe(sb, sev ? sev : "?");
		sb_addc(sb, ' ');
		sb_add_safe(sb, kind ? kind : "?");
		sb_adds(sb, ": ");
		sb_add_safe(sb, ev ? ev : "");
		sb_addc(sb, '\n');
	}
	json_decref(a);
}

static int
item_detail(const struct item_row *r, void *arg)
{
	struct lout *o = arg;
	struct sb *sb = &o->sb;

	sb_addf(sb, "item %lld of campaign ", (long long)r->id);
	sb_add_safe(sb, r->campaign);
	sb_adds(sb, "\nperson      ");
	sb_add_safe(sb, r->person ? r->person : "(nobody)");
	sb_adds(sb, "\naccount     ");
	sb_add_safe(sb, r->account);
	sb_adds(sb, " (");
	sb_add_safe(sb, r->source);
	if (r->host != NULL) {
		sb_adds(sb, ", ");
		sb_add_safe(sb, r->host);
	}
	sb_adds(sb, ")\nholds       ");
	sb_add_safe(sb, r->entitlement);
	if (r->tier >= 0)
		sb_addf(sb, " (tier %d)", r->tier);
	sb_adds(sb, "\nthrough     ");
	add_path(sb, r->path);
	sb_adds(sb, "\nlast used   ");
	sb_add_safe(sb, r->last_used ? r->last_used : "unknown");
	sb_adds(sb, "\nreviewer    ");
	sb_add_safe(sb, r->reviewer ? r->reviewer : "(unassigned)");
	if (r->reassigned_from != NULL) {
		sb_adds(sb, " (");
		sb_add_safe(sb, r->reassigned_from);
		sb_addc(sb, ')');
	}
	sb_adds(sb, "\ndecision    ");
	sb_adds(sb, r->decision);
	if (r->until != NULL) {
		sb_adds(sb, " until ");
		sb_add_safe(sb, r->until);
	}
	if (r->decided_by != NULL) {
		sb_adds(sb, " by ");
		sb_add_safe(sb, r->decided_by);
		sb_adds(sb, " at ");
		sb_add_safe(sb, r->decided_at ? r->decided_at : "?");
	}
	if (!r->grant_present)
		sb_adds(sb,
		    "\ngrant       gone: a later sync no longer sees it");
	if (r->remediated_at != NULL) {
		sb_adds(sb, " (remediated ");
		sb_add_safe(sb, r->remediated_at);
		sb_addc(sb, ')');
	}
	sb_addf(sb, "\nfindings    %d (as at the campaign's start)\n",
	    r->nfindings);
	add_findings(sb, r->findings);
	return emit(sb);
}

static int
history_row(const struct decision_row *r, void *arg)
{
	struct lout *o = arg;
	struct sb *sb = &o->sb;

	if (o->n == 0)
		sb_adds(sb, "history\n");
	sb_adds(sb, "  ");
	sb_add_safe(sb, r->decided_at);
	sb_addc(sb, ' ');
	sb_add_safe(sb, r->decision);
	if (r->delegate != NULL) {
		sb_adds(sb, " to ");
		sb_add_safe(sb, r->delegate);
	}
	if (r->until != NULL) {
		sb_adds(sb, " until ");
		sb_add_safe(sb, r->until);
	}
	sb_adds(sb, " by ");
	sb_add_safe(sb, r->decided_by);
	if (r->acted_by != NULL) {
		sb_adds(sb, ", entered by ");
		sb_add_safe(sb, r->acted_by);
	}
	if (r->comment != NULL) {
		sb_adds(sb, ": ");
		sb_add_safe(sb, r->comment);
	}
	sb_addc(sb, '\n');
	o->n++;
	return emit(sb);
}

static int
prior_row(const struct item_row *r, void *arg)
{
	struct lout *o = arg;
	struct sb *sb = &o->sb;

	if (o->n == 0)
		sb_adds(sb, "earlier campaigns\n");
	sb_adds(sb, "  ");
	sb_add_safe(sb, r->campaign);
	sb_addc(sb, ' ');
	sb_add_safe(sb, r->decision);
	sb_adds(sb, " by ");
	sb_add_safe(sb, r->decided_by ? r->decided_by : "-");
	if (r->comment != NULL) {
		sb_adds(sb, ": ");
		sb_add_safe(sb, r->comment);
	}
	sb_addc(sb, '\n');
	o->n++;
	return emit(sb);
}

/* item_get's callback: the item's reviewer, malloc'd (NULL: nobody). */
static int
keep_reviewer(const struct item_row *r, void *arg)
{
	*(char **)arg = r->reviewer ? xstrdup(r->reviewer) : NULL;
	return 0;
}

static int
campaign_item_cmd(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "json", no_argument, NULL,
						  'j' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct lout o = { 0, 0, SB_INIT, 0 };
	long long id;
	char *end;
	struct actor a = { 0 };
	char *reviewer = NULL;
	int c, rc;

	while ((c = cli_next_opt(argc, argv, "h", opts, "campaign", e)) != -1) {
		if (c == 'h')
			return 0;
		if (c == '?')
			return PARC_EUSAGE;
		o.json = 1;
	}
	if (optind + 1 != argc)
		return cli_usage("campaign", e, "item wants one ITEM number%s",
		    "");
	id = strtoll(argv[optind], &end, 10);
	if (*end != '\0' || id < 1)
		return cli_usage("campaign", e, "'%s' is not an item number",
		    argv[optind]);
	if ((rc = cli_actor(ctx, NULL, &a, e)) != 0)
		return rc;
	/* the read policy: a login that does not read all reads its own */
	if (!role_reads_all(&a)) {
		if ((rc = item_get(ctx->db, id, keep_reviewer, &reviewer, e)) !=
		    0)
			goto out;
		if (reviewer == NULL || strcasecmp(reviewer, a.login) != 0) {
			rc = role_check_read(&a, "an item of another reviewer",
			    e);
			goto out;
		}
	}
	if (o.json) {
		struct rpt_doc *d;

		if ((rc = rpt_campaign_item(ctx->db, id, &d, e)) != 0)
			goto out;
		rc = rpt_json_object_write(d, stdout, e);
		rpt_doc_free(d);
		goto out;
	}
	if ((rc = item_get(ctx->db, id, item_detail, &o, e)) != 0)
		goto out;
	o.n = 0;
	if ((rc = item_history(ctx->db, id, history_row, &o, e)) != 0)
		goto out;
	o.n = 0;
	rc = item_prior(ctx->db, id, prior_row, &o, e);
out:
	sb_release(&o.sb);
	free(reviewer);
	actor_release(&a);
	return rc;
}

int
cmd_campaign(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct {
		const char *name;
		int (*fn)(struct ctx *, int, char **, struct err *);
	} subs[] = {
		{ "create", campaign_create_cmd },
		{ "list", campaign_list_cmd },
		{ "show", campaign_show_cmd },
		{ "close", campaign_close_cmd },
		{ "item", campaign_item_cmd },
		{ "progress", campaign_progress_cmd },
	};
	size_t i;

	if (argc >= 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		cli_print_command_help(cli_find_command("campaign"));
		return 0;
	}
	if (argc < 2)
		return cli_usage("campaign", e,
		    "which: create, list, show, item, progress or close?%s",
		    "");
	/*
	 * optind = 0 makes glibc's getopt start afresh, so options may
	 * follow NAME (main parsed its own options in order, "+").
	 */
	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(argv[1], subs[i].name) == 0) {
			optind = 0;
			return subs[i].fn(ctx, argc - 1, argv + 1, e);
		}
	return cli_usage("campaign", e, "unknown subcommand '%s'", argv[1]);
}

/* ---- tick ---- */

/*
 * Fill the console filter's index that campaign create leaves for later
 * (db_items_index_step), a batch at a time, so a reviewer's first filter
 * the next morning reads it. A database busy with another writer is left
 * to the next tick or the console; so is a failure, said on stderr: the
 * index only makes the filter faster, and the mails still go.
 */
static void
tick_index(struct ctx *ctx, int quiet)
{
	struct err e = { 0 };
	int64_t left = 0;
	int rc = 0;

	if (!db_items_indexed(ctx->db, 0)) {
		do
			rc = db_items_index_step(ctx->db, 0, 20000, &left, &e);
		while (rc == 0 && left > 0);
		if (!quiet && rc == 0)
			printf("tick: the console's filter index filled\n");
		else if (!quiet && rc == 1)
			printf(
			    "tick: the console's filter index not filled (the "
			    "database is busy); the next tick goes on\n");
	}
	if (rc >= 0)
		rc = db_items_index_settle(ctx->db, &e);
	if (rc < 0) {
		fputs("parc: tick: the console's filter index: ", stderr);
		sb_fputs_safe(e.msg, stderr);
		fputs(" (the next tick tries again)\n", stderr);
	}
}

int
cmd_tick(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "at", required_argument, NULL,
						  'a' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct tick_stats st = { 0 };
	struct tick_mail_stats ms = { 0 };
	struct actor a = { 0 };
	char at[21];
	const char *now = NULL;
	int c, rc, quiet = 0, dry_run = 0;

	while ((c = cli_next_opt(argc, argv, "+h", opts, "tick", e)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case '?':
			return PARC_EUSAGE;
		case 'a':
			if (strlen(optarg) != 10 || optarg[4] != '-' ||
			    optarg[7] != '-')
				return cli_usage("tick", e,
				    "--at wants YYYY-MM-DD, not '%s'", optarg);
			snprintf(at, sizeof(at), "%sT00:00:00Z", optarg);
			now = at;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'n':
			dry_run = 1;
			break;
		}
	}
	if (optind != argc)
		return cli_usage("tick", e, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = cli_actor(ctx, NULL, &a, e)) != 0)
		return rc;
	/* a dry run changes nothing: it only prints the mails owed, which
	 * show every reviewer's items, so it is for admins too */
	if (dry_run && !(a.roles & ROLE_ADMIN)) {
		rc = err_set(e, PARC_EDENIED,
		    "only an admin may tick, even --dry-run, and %s is not one",
		    a.login);
		actor_release(&a);
		return rc;
	}
	if (!dry_run)
		rc = campaign_tick(ctx->db, &a, now, &st, e);
	if (rc == 0 && !quiet && !dry_run && st.signals > 0)
		printf("tick: %lld change%s of reviewers' rubber-stamp signals "
		       "recorded (parc campaign progress)\n",
		    (long long)st.signals, st.signals == 1 ? "" : "s");
	if (rc == 0 && !quiet && !dry_run && st.closed > 0)
		printf("tick: %lld campaign%s closed at the due date\n",
		    (long long)st.closed, st.closed == 1 ? "" : "s");
	if (rc == 0 && !quiet && !dry_run)
		printf("tick: %lld campaign%s opened, %lld item%s newly "
		       "overdue, %lld expiring exception%s back for review\n",
		    (long long)st.opened, st.opened == 1 ? "" : "s",
		    (long long)st.overdue, st.overdue == 1 ? "" : "s",
		    (long long)st.reentered, st.reentered == 1 ? "" : "s");
	if (rc == 0 && !dry_run)
		tick_index(ctx, quiet);
	if (rc == 0)
		rc = tick_mail(ctx, &a, now, dry_run, &ms, e);
	if (rc == 0 && (ms.sent || ms.failed || ms.no_address) &&
	    (!quiet || ms.failed))
		printf("tick: %lld mail%s %s, %lld failed, %lld without an "
		       "address\n",
		    (long long)ms.sent, ms.sent == 1 ? "" : "s",
		    dry_run ? "to send (dry run)" : "sent",
		    (long long)ms.failed, (long long)ms.no_address);
	if (rc == 0 && ms.failed > 0)
		rc = err_set(e, PARC_ESOURCE,
		    "tick: %lld mail%s could not be sent; parc tick tries "
		    "again next time",
		    (long long)ms.failed, ms.failed == 1 ? "" : "s");
	actor_release(&a);
	return rc;
}

/* ---- exceptions ---- */

/* The terminal's register, from the rows of rpt_exceptions_list(). */
static int
exc_row(const struct rpt_table *t, size_t r, void *arg)
{
	enum {
		UNTIL,
		EXPIRED,
		ACCOUNT,
		ENTITLEMENT,
		OWNER,
		ITEM,
		CAMPAIGN,
		JUSTIFICATION,
		N
	};
	static const char *const keys[N] = { "until", "expired", "account",
		"entitlement", "owner", "item", "campaign", "justification" };
	struct sb *sb = arg;
	const char *v[N];
	size_t col[N], i;

	rpt_col_map(t, keys, N, col);
	for (i = 0; i < N; i++)
		v[i] = rpt_cell(t, r, col[i]);
	sb_reset(sb);
	sb_add_safe(sb, v[UNTIL]);
	sb_adds(sb, strcmp(v[EXPIRED], "yes") == 0 ? " EXPIRED " : "         ");
	sb_add_cell(sb, v[ACCOUNT], 16, 1);
	sb_addc(sb, ' ');
	sb_add_cell(sb, v[ENTITLEMENT], 20, 1);
	sb_adds(sb, " by ");
	sb_add_safe(sb, v[OWNER]);
	sb_adds(sb, " (item ");
	sb_adds(sb, v[ITEM]);
	sb_adds(sb, ", ");
	sb_add_safe(sb, v[CAMPAIGN]);
	sb_adds(sb, ")\n    ");
	sb_add_safe(sb, v[JUSTIFICATION]);
	sb_addc(sb, '\n');
	return emit(sb);
}

int
cmd_exceptions(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "json", no_argument, NULL,
						  'j' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct sb sb = SB_INIT;
	struct rpt_sink text = { exc_row, &sb };
	struct rpt_list l;
	struct rpt_doc *d = NULL;
	int c, rc, json = 0;

	while (
	    (c = cli_next_opt(argc, argv, "+h", opts, "exceptions", e)) != -1) {
		if (c == 'h')
			return 0;
		if (c == '?')
			return PARC_EUSAGE;
		json = 1;
	}
	if (optind != argc)
		return cli_usage("exceptions", e, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = cli_check_read(ctx, "the exceptions register", e)) != 0)
		return rc;
	if (json) {
		rpt_list_init(&l, RPT_LIST_JSON, stdout, "the exceptions");
		rc = rpt_exceptions_list(ctx->db, &l.sink, &d, e);
		rc = rpt_list_end(&l, d ? d->primary : NULL, rc, e);
	} else {
		rc = rpt_exceptions_list(ctx->db, &text, &d, e);
		if (rc == 0 && d->primary->nsent == 0)
			printf("no exceptions\n");
	}
	rpt_doc_free(d);
	sb_release(&sb);
	return rc;
}
