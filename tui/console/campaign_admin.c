/* campaign_admin.c - campaigns created, closed and printed (campaign_admin.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/campaign.h"
#include "lib/sb.h"
#include "reports/file.h"
#include "tui/console/campaign_admin.h"
#include "tui/console/consoleint.h"
#include "tui/console/prompt.h"

enum view_result
campaign_admin_create(struct console *c)
{
	struct sb name = SB_INIT, due = SB_INIT, scope = SB_INIT,
		  rule = SB_INIT;
	struct campaign_spec s;
	struct err e = ERR_INIT;
	enum view_result vr = VR_REDRAW;
	int64_t id = 0, n = 0;

	if (!(c->actor->roles & ROLE_ADMIN)) {
		console_say(c, ST_WARN, "creating a campaign is for admins");
		return VR_REDRAW;
	}
	sb_reset(&c->msg);
	sb_adds(&rule, "manager");
	if (prompt_line(c, "new campaign - name: ", &name, NULL) != 1 ||
	    name.len == 0 ||
	    prompt_line(c, "due (YYYY-MM-DD): ", &due, NULL) != 1 ||
	    due.len == 0 ||
	    prompt_line(c,
		"scope (empty: every privileged grant; e.g. "
		"source=corp tier=0): ",
		&scope, NULL) != 1 ||
	    prompt_line(c, "reviewer (manager, owner or a login): ", &rule,
		NULL) != 1) {
		console_say(c, ST_WARN, "cancelled: no campaign created");
		goto out;
	}
	memset(&s, 0, sizeof(s));
	s.name = name.buf;
	s.due = due.buf;
	s.scope = scope.len ? scope.buf : NULL;
	s.reviewer = rule.len ? rule.buf : NULL;
	if (campaign_create(c->db, c->actor, &s, &id, &n, &e) != 0) {
		console_say(c, ST_DANGER, "not created: %s", e.msg);
		goto out;
	}
	console_say(c, ST_GOOD, "campaign %s opened: %lld items to review",
	    name.buf, (long long)n);
	vr = VR_RELOAD;
out:
	sb_release(&name);
	sb_release(&due);
	sb_release(&scope);
	sb_release(&rule);
	return vr;
}

struct pending {
	int64_t pending;
	char state[16];
};

static int
campaign_pending(const struct campaign_row *r, void *arg)
{
	struct pending *p = arg;

	p->pending = r->pending;
	snprintf(p->state, sizeof(p->state), "%s", r->state);
	return 0;
}

enum view_result
campaign_admin_close(struct console *c)
{
	struct view *v = console_top(c);
	struct pending p = { 0, "" };
	struct sb q = SB_INIT;
	struct err e = ERR_INIT;
	enum view_result vr = VR_REDRAW;
	const char *name, *outcome = NULL;
	int64_t left = 0;
	int key;

	if (v->ops->campaign == NULL) {
		console_say(c, ST_WARN,
		    "X closes the campaign under the cursor in the campaigns "
		    "list (c)");
		return VR_REDRAW;
	}
	name = v->ops->campaign(v);
	if (!(c->actor->roles & ROLE_ADMIN)) {
		console_say(c, ST_WARN, "closing a campaign is for admins");
		return VR_REDRAW;
	}
	if (name == NULL ||
	    campaign_get(c->db, name, campaign_pending, &p, &e) != 0) {
		console_say(c, ST_WARN, "%s",
		    name ? e.msg : "no campaign here");
		return VR_REDRAW;
	}
	if (strcmp(p.state, "open") != 0) {
		console_say(c, ST_WARN, "%s is %s already", name, p.state);
		return VR_REDRAW;
	}
	if (p.pending > 0) {
		sb_addf(&q,
		    "%s has %lld items still to decide: close and "
		    "(k)eep them, (r)evoke them, or (n)ot close? ",
		    name, (long long)p.pending);
		key = prompt_key(c, q.buf);
		if (key == 'k' || key == 'K')
			outcome = "keep";
		else if (key == 'r' || key == 'R')
			outcome = "revoke";
	} else {
		sb_addf(&q, "close %s? (y/n) ", name);
		if (prompt_confirm(c, q.buf))
			outcome = "keep";
	}
	if (outcome == NULL) {
		console_say(c, ST_WARN, "cancelled: %s stays open", name);
		goto out;
	}
	if (campaign_close(c->db, c->actor, name, p.pending > 0, outcome, &left,
		&e) != 0) {
		console_say(c, ST_DANGER, "not closed: %s", e.msg);
		goto out;
	}
	if (p.pending > 0)
		console_say(c, ST_GOOD,
		    "%s closed; %lld pending items recorded as %s", name,
		    (long long)left, outcome);
	else
		console_say(c, ST_GOOD, "%s closed", name);
	vr = VR_RELOAD;
out:
	sb_release(&q);
	return vr;
}

enum view_result
campaign_admin_evidence(struct console *c)
{
	struct view *v = console_top(c);
	struct err e = ERR_INIT;
	const char *name = NULL;
	char *path = NULL;
	int pages = 0;

	if (!(c->actor->roles & (ROLE_ADMIN | ROLE_AUDITOR))) {
		console_say(c, ST_WARN,
		    "evidence is printed by admins and auditors");
		return VR_REDRAW;
	}
	if (v->ops->campaign != NULL)
		name = v->ops->campaign(v);
	else if (c->camp.id != 0)
		name = c->camp.name;
	if (name == NULL) {
		console_say(c, ST_WARN, "no campaign here (c lists them)");
		return VR_REDRAW;
	}
	console_paint(c, "writing the evidence PDF ...");
	if (rpt_evidence_pdf(c->db, name, NULL, RPT_A4, &path, &pages, &e) != 0)
		console_say(c, ST_DANGER, "no evidence written: %s", e.msg);
	else
		console_say(c, ST_GOOD, "evidence of %s: %d pages in %s", name,
		    pages, path);
	free(path);
	return VR_REDRAW;
}
