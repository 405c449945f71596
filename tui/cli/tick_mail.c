/*
 * tick_mail.c - parc tick's mails: the [mail] section, then one SMTP
 * transaction per mail owed, each recorded after it was tried (a crash
 * between the send and the record can send that one mail again: better
 * twice than never).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/notify.h"
#include "lib/config.h"
#include "lib/sb.h"
#include "reports/mail.h"
#include "sync/mail.h"
#include "tui/cli/tick_mail.h"

struct mail_conf {
	struct mail_opts o;
	struct notify_policy p;
	const char *from;
	char *ca_file;
	char *password;
	int configured;
};

static const char *const mail_keys[] = { "url", "from", "username",
	"password_file", "password_env", "password_command", "ca_file",
	"allow_insecure", "timeout", "start", "remind_days", "overdue",
	"escalate_days", "summary", "summary_to", NULL };

/* "7,1" into p->remind; "no" for none. */
static int
remind_list(const struct config *c, const struct conf_section *sec,
    struct notify_policy *p, struct err *e)
{
	const char *v = conf_get(sec, "remind_days"), *s;
	char where[PATH_MAX + 32], *end;
	long n;

	if (v == NULL)
		return 0;
	p->nremind = 0;
	if (strcmp(v, "no") == 0)
		return 0;
	for (s = v; *s;) {
		n = strtol(s, &end, 10);
		if (end == s || n < 0 || n > 365 ||
		    (*end != '\0' && *end != ',') ||
		    p->nremind == NOTIFY_MAX_REMIND)
			return err_set(e, PARC_ECONFIG,
			    "%s: remind_days wants up to %d numbers of days "
			    "(0-365) separated by commas, or no, not '%s'",
			    conf_where(c, conf_line(sec, "remind_days"), where,
				sizeof(where)),
			    NOTIFY_MAX_REMIND, v);
		p->remind[p->nremind++] = (int)n;
		s = *end == ',' ? end + 1 : end;
		while (*s == ' ')
			s++;
	}
	return 0;
}

static int
read_conf(const struct config *c, int dry_run, struct mail_conf *mc,
    struct err *e)
{
	const struct conf_section *sec = &c->mail;
	char where[PATH_MAX + 32];
	const char *v;
	long n;
	int rc, b;

	mc->p.start = 1;
	mc->p.remind[0] = 3;
	mc->p.nremind = 1;
	mc->p.overdue = 1;
	mc->p.escalate_days = 7;
	mc->p.summary = 1;
	mc->from = "parc@localhost";
	if (sec->line == 0)
		return 0;
	mc->configured = 1;
	conf_where(c, sec->line, where, sizeof(where));
	if ((rc = conf_check_keys(c, sec, mail_keys, e)) != 0)
		return rc;
	mc->o.url = conf_get(sec, "url");
	if ((rc = mail_check_url(mc->o.url, where, e)) != 0)
		return rc;
	if ((mc->from = conf_get(sec, "from")) == NULL)
		return err_set(e, PARC_ECONFIG, "%s: [mail] needs from", where);
	if (!rpt_mail_address_ok(mc->from))
		return err_set(e, PARC_ECONFIG,
		    "%s: [mail] from '%.200s' is not a bare address",
		    conf_where(c, conf_line(sec, "from"), where, sizeof(where)),
		    mc->from);
	v = conf_get(sec, "summary_to");
	if (v != NULL && !rpt_mail_address_ok(v))
		return err_set(e, PARC_ECONFIG,
		    "%s: [mail] summary_to '%.200s' is not a bare address",
		    conf_where(c, conf_line(sec, "summary_to"), where,
			sizeof(where)),
		    v);
	mc->p.summary_to = v;
	if ((rc = conf_bool(c, sec, "allow_insecure", &mc->o.allow_insecure,
		 e)) != 0)
		return rc;
	n = 30;
	if ((rc = conf_int(c, sec, "timeout", 1, 600, &n, e)) != 0)
		return rc;
	mc->o.timeout = n;
	if ((rc = conf_bool(c, sec, "start", &mc->p.start, e)) != 0 ||
	    (rc = conf_bool(c, sec, "overdue", &mc->p.overdue, e)) != 0 ||
	    (rc = conf_bool(c, sec, "summary", &mc->p.summary, e)) != 0 ||
	    (rc = remind_list(c, sec, &mc->p, e)) != 0)
		return rc;
	v = conf_get(sec, "escalate_days");
	b = 1;
	if (v != NULL && conf_bool(c, sec, "escalate_days", &b, NULL) == 0 &&
	    !b)
		mc->p.escalate_days = -1;
	else {
		n = mc->p.escalate_days;
		if ((rc = conf_int(c, sec, "escalate_days", 0, 365, &n, e)) !=
		    0)
			return rc;
		mc->p.escalate_days = (int)n;
	}
	mc->ca_file = conf_path(c, sec, "ca_file");
	mc->o.ca_file = mc->ca_file;
	mc->o.user = conf_get(sec, "username");
	if (mc->o.user != NULL && !dry_run) {
		if ((rc = conf_secret(c, sec, "password", &mc->password, e)) !=
		    0)
			return rc;
		mc->o.password = mc->password;
	}
	return 0;
}

struct run {
	struct ctx *ctx;
	const struct actor *a;
	const struct mail_conf *mc;
	const char *now;
	int dry_run;
	struct tick_mail_stats *st;
	struct err *e;
};

static const char *
type_name(const struct notify_mail *m)
{
	return m->type == NOTIFY_DIGEST	   ? "digest"
	    : m->type == NOTIFY_ESCALATION ? "escalation"
					   : "summary";
}

static int
one(const struct notify_mail *m, void *arg)
{
	struct run *r = arg;
	struct sb msg = SB_INIT, line = SB_INIT;
	struct err se = ERR_INIT;
	size_t i;
	int rc;

	if (m->to_address == NULL || !rpt_mail_address_ok(m->to_address)) {
		sb_addf(&line, "tick: %s %s of campaign ", type_name(m),
		    m->kind);
		sb_add_safe(&line, m->campaign);
		sb_adds(&line, " for ");
		sb_add_safe(&line, m->recipient);
		sb_adds(&line,
		    m->to_login == NULL		? ": nobody to send it to"
			: m->to_address == NULL ? ": no mail address for "
						: ": a bad mail address for ");
		if (m->to_login != NULL)
			sb_add_safe(&line, m->to_login);
		sb_adds(&line, " in the people data (not sent)\n");
		fputs(line.buf, stderr);
		sb_release(&line);
		r->st->no_address++;
		return 0;
	}
	if ((rc = rpt_mail_compose(r->ctx->db, m, r->mc->from, m->to_address,
		 r->now, &msg, r->e)) != 0)
		goto out;
	if (r->dry_run) {
		printf("--- %s %s to %s (campaign ", type_name(m), m->kind,
		    m->to_address);
		sb_fputs_safe(m->campaign, stdout);
		printf(")\n");
		for (i = 0; i < msg.len; i++)
			if (msg.buf[i] != '\r')
				putchar(msg.buf[i]);
		r->st->sent++;
		goto out;
	}
	if (mail_send(&r->mc->o, r->mc->from, m->to_address, msg.buf, msg.len,
		&se) == 0) {
		r->st->sent++;
		rc = notify_record(r->ctx->db, r->a, m, r->now, m->to_address,
		    msg.buf, msg.len, NULL, r->e);
	} else {
		r->st->failed++;
		fprintf(stderr,
		    "tick: %s %s to %s: %s (tried again at the "
		    "next tick)\n",
		    type_name(m), m->kind, m->to_address, se.msg);
		rc = notify_record(r->ctx->db, r->a, m, r->now, m->to_address,
		    msg.buf, msg.len, se.msg, r->e);
	}
out:
	sb_release(&msg);
	return rc;
}

int
tick_mail(struct ctx *ctx, const struct actor *a, const char *now, int dry_run,
    struct tick_mail_stats *st, struct err *e)
{
	struct mail_conf mc = { 0 };
	struct run r = { ctx, a, &mc, now, dry_run, st, e };
	char clock[21];
	int rc;

	memset(st, 0, sizeof(*st));
	if (now == NULL) {
		db_now(clock);
		r.now = clock;
	}
	if ((rc = cli_load_config(ctx, e)) != 0 ||
	    (rc = read_conf(ctx->config, dry_run, &mc, e)) != 0)
		goto out;
	if (!mc.configured && !dry_run)
		goto out;
	rc = notify_walk(ctx->db, &mc.p, r.now, one, &r, e);
out:
	free(mc.ca_file);
	conf_secret_free(mc.password);
	return rc;
}
