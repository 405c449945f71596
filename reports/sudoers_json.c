/*
 * sudoers_json.c - the cvtsudoers JSON writer; see sudoers_json.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "reports/sudoers_json.h"

/* A JSON writer with sudo_json's layout. */
struct jw {
	struct sb *sb;
	int indent;
	int comma;
};

static void
jw_next(struct jw *w)
{
	int i;

	if (w->comma)
		sb_addc(w->sb, ',');
	sb_addc(w->sb, '\n');
	for (i = 0; i < w->indent; i++)
		sb_addc(w->sb, ' ');
}

static void
jw_open(struct jw *w, const char *name, int c)
{
	jw_next(w);
	if (name != NULL) {
		sb_add_json(w->sb, name);
		sb_adds(w->sb, ": ");
	}
	sb_addc(w->sb, c);
	w->indent += 4;
	w->comma = 0;
}

static void
jw_close(struct jw *w, int c)
{
	int i;

	w->indent -= 4;
	sb_addc(w->sb, '\n');
	for (i = 0; i < w->indent; i++)
		sb_addc(w->sb, ' ');
	sb_addc(w->sb, c);
	w->comma = 1;
}

/* "name": value, where value is already JSON text. */
static void
jw_raw(struct jw *w, const char *name, const char *json)
{
	jw_next(w);
	if (name != NULL) {
		sb_add_json(w->sb, name);
		sb_adds(w->sb, ": ");
	}
	sb_adds(w->sb, json);
	w->comma = 1;
}

static void
jw_str(struct jw *w, const char *name, const char *s)
{
	jw_next(w);
	if (name != NULL) {
		sb_add_json(w->sb, name);
		sb_adds(w->sb, ": ");
	}
	sb_add_json(w->sb, s);
	w->comma = 1;
}

/* { "name": value } on one line; value is JSON text. */
static void
jw_obj_raw(struct jw *w, const char *name, const char *json)
{
	jw_next(w);
	sb_adds(w->sb, "{ ");
	sb_add_json(w->sb, name);
	sb_adds(w->sb, ": ");
	sb_adds(w->sb, json);
	sb_adds(w->sb, " }");
	w->comma = 1;
}

static void
jw_obj_str(struct jw *w, const char *name, const char *s)
{
	jw_next(w);
	sb_adds(w->sb, "{ ");
	sb_add_json(w->sb, name);
	sb_adds(w->sb, ": ");
	sb_add_json(w->sb, s);
	sb_adds(w->sb, " }");
	w->comma = 1;
}

enum wtype {
	W_COMMAND,
	W_HOST,
	W_RUNASGROUP,
	W_RUNASUSER,
	W_USER,
};

/* A uid/gid as sudo_strtoid() takes it: digits, optionally signed. */
static int
is_id(const char *s)
{
	if (*s == '-')
		s++;
	if (!isdigit((unsigned char)*s))
		return 0;
	while (isdigit((unsigned char)*s))
		s++;
	return *s == '\0';
}

static void
print_digests(struct jw *w, const struct sudoers_digest *d)
{
	static const char *const order[] = { "sha224", "sha256", "sha384",
		"sha512" };
	const struct sudoers_digest *x;
	size_t i;
	int n;

	for (i = 0; i < 4; i++) {
		n = 0;
		for (x = d; x != NULL; x = x->next)
			if (strcmp(x->type, order[i]) == 0)
				n++;
		if (n == 0)
			continue;
		if (n == 1) {
			for (x = d; x != NULL; x = x->next)
				if (strcmp(x->type, order[i]) == 0)
					jw_str(w, order[i], x->value);
			continue;
		}
		jw_open(w, order[i], '[');
		for (x = d; x != NULL; x = x->next)
			if (strcmp(x->type, order[i]) == 0)
				jw_str(w, NULL, x->value);
		jw_close(w, ']');
	}
}

static void
print_command(struct jw *w, const struct sudoers_member *m)
{
	struct sb cmd = SB_INIT;

	sb_adds(&cmd, m->name != NULL ? m->name : "ALL");
	if (m->args != NULL) {
		sb_addc(&cmd, ' ');
		sb_adds(&cmd, m->args);
	}
	if (!m->negated && m->digests == NULL) {
		jw_obj_str(w, "command", cmd.buf);
	} else {
		jw_open(w, NULL, '{');
		jw_str(w, "command", cmd.buf);
		print_digests(w, m->digests);
		if (m->negated)
			jw_raw(w, "negated", "true");
		jw_close(w, '}');
	}
	sb_release(&cmd);
}

static void
print_member(struct jw *w, const struct sudoers_member *m, enum wtype wt)
{
	const char *typestr = NULL, *v = m->name;
	int id = 0;

	switch (m->type) {
	case SM_ALL:
		if (m->digests != NULL || wt == W_COMMAND) {
			if (m->digests != NULL) {
				print_command(w, m);
				return;
			}
		}
		v = "ALL";
		break;
	case SM_MYSELF:
		v = "";
		break;
	case SM_COMMAND:
		print_command(w, m);
		return;
	default:
		break;
	}
	switch (m->type) {
	case SM_USERGROUP:
		v++;
		if (*v == ':') {
			v++;
			typestr = "nonunixgroup";
			if (*v == '#' && is_id(v + 1)) {
				v++;
				id = 1;
				typestr = "nonunixgid";
			}
		} else {
			typestr = "usergroup";
			if (*v == '#' && is_id(v + 1)) {
				v++;
				id = 1;
				typestr = "usergid";
			}
		}
		break;
	case SM_NETGROUP:
		typestr = "netgroup";
		v++;
		break;
	case SM_NTWKADDR:
		typestr = "networkaddr";
		break;
	case SM_ALIAS:
		typestr = wt == W_COMMAND ? "cmndalias"
		    : wt == W_HOST	  ? "hostalias"
		    : wt == W_USER	  ? "useralias"
					  : "runasalias";
		break;
	default:
		switch (wt) {
		case W_COMMAND:
			typestr = "command";
			break;
		case W_HOST:
			typestr = "hostname";
			break;
		case W_RUNASGROUP:
			typestr = "usergroup";
			break;
		default:
			typestr = "username";
			if (*v == '#' && is_id(v + 1)) {
				v++;
				id = 1;
				typestr = "userid";
			}
			break;
		}
		break;
	}
	if (m->negated) {
		jw_open(w, NULL, '{');
		if (id)
			jw_raw(w, typestr, v);
		else
			jw_str(w, typestr, v);
		jw_raw(w, "negated", "true");
		jw_close(w, '}');
	} else if (id) {
		jw_obj_raw(w, typestr, v);
	} else {
		jw_obj_str(w, typestr, v);
	}
}

static void
print_defaults_list(struct jw *w, const struct sudoers_default *d)
{
	const char *p = d->val, *q;
	struct sb word = SB_INIT;

	jw_open(w, NULL, '{');
	jw_str(w, "operation",
	    d->op == '+'       ? "list_add"
		: d->op == '-' ? "list_remove"
			       : "list_assign");
	jw_open(w, d->var, '[');
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		for (q = p; *q && *q != ' ' && *q != '\t'; q++)
			;
		sb_reset(&word);
		sb_add(&word, p, (size_t)(q - p));
		jw_str(w, NULL, word.buf);
		p = q;
	}
	jw_close(w, ']');
	jw_close(w, '}');
	sb_release(&word);
}

static void
print_setting(struct jw *w, const struct sudoers_default *d,
    enum sudoers_defkind k)
{
	if (k == SDEF_FLAG || d->val == NULL)
		jw_obj_raw(w, d->var, d->op ? "true" : "false");
	else if (k == SDEF_LIST)
		print_defaults_list(w, d);
	else
		jw_obj_str(w, d->var, d->val);
}

static enum wtype
binding_wtype(enum sudoers_binding b)
{
	switch (b) {
	case SB_CMND:
		return W_COMMAND;
	case SB_HOST:
		return W_HOST;
	case SB_RUNAS:
		return W_RUNASUSER;
	default:
		return W_USER;
	}
}

static void
print_defaults(struct jw *w, const struct sudoers_tree *t)
{
	const struct sudoers_default *d, *nx;
	const struct sudoers_member *m;
	enum sudoers_defkind k;

	if (t->defaults == NULL)
		return;
	jw_open(w, "Defaults", '[');
	for (d = t->defaults; d != NULL; d = nx) {
		nx = d->next;
		if ((k = sudoers_defkind(d->var)) == SDEF_UNKNOWN)
			continue;
		jw_open(w, NULL, '{');
		if (d->binding->first != NULL) {
			jw_open(w, "Binding", '[');
			for (m = d->binding->first; m != NULL; m = m->next)
				print_member(w, m, binding_wtype(d->btype));
			jw_close(w, ']');
		}
		jw_open(w, "Options", '[');
		for (;;) {
			print_setting(w, d, k);
			nx = d->next;
			if (nx == NULL || nx->binding != d->binding)
				break;
			d = nx;
			if ((k = sudoers_defkind(d->var)) == SDEF_UNKNOWN) {
				nx = d->next;
				break;
			}
		}
		jw_close(w, ']');
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void
print_aliases(struct jw *w, const struct sudoers_tree *t,
    enum sudoers_alias_type type, const char *title)
{
	const struct sudoers_alias *a;
	const struct sudoers_member *m;
	int n = 0;
	enum wtype wt = type == SA_CMND ? W_COMMAND
	    : type == SA_HOST		? W_HOST
	    : type == SA_RUNAS		? W_RUNASUSER
					: W_USER;

	for (a = t->aliases; a != NULL; a = a->next) {
		if (a->type != type)
			continue;
		if (n++ == 0)
			jw_open(w, title, '{');
		jw_open(w, a->name, '[');
		for (m = a->members.first; m != NULL; m = m->next)
			print_member(w, m, wt);
		jw_close(w, ']');
	}
	if (n > 0)
		jw_close(w, '}');
}

static int
tags_differ(const struct sudoers_cmndspec *a, const struct sudoers_cmndspec *b)
{
	int i;

	/* As sudo's TAGS_CHANGED: only a tag b sets itself counts. */
	for (i = 0; i < TAG_COUNT; i++)
		if (b->tags[i] != SUDOERS_UNSPEC &&
		    b->tags[i] != SUDOERS_IMPLIED && b->tags[i] != a->tags[i])
			return 1;
	return 0;
}

/* Does next differ from cs only in the command (sudo's test)? */
static int
continues(const struct sudoers_cmndspec *cs, const struct sudoers_cmndspec *nx)
{
	return nx != NULL && cs->runasuser == nx->runasuser &&
	    cs->runasgroup == nx->runasgroup && !tags_differ(cs, nx) &&
	    cs->role == nx->role && cs->type == nx->type &&
	    cs->runchroot == nx->runchroot && cs->runcwd == nx->runcwd &&
	    cs->apparmor_profile == nx->apparmor_profile;
}

static void
print_time(struct jw *w, const char *name, time_t t)
{
	struct tm gmt;
	char buf[32];

	if (gmtime_r(&t, &gmt) == NULL ||
	    strftime(buf, sizeof(buf), "%Y%m%d%H%M%SZ", &gmt) == 0)
		return;
	jw_obj_str(w, name, buf);
}

static void
print_tag(struct jw *w, const char *name, int v, int invert)
{
	if (v == SUDOERS_UNSPEC)
		return;
	if (invert)
		v = !v;
	jw_obj_raw(w, name, v ? "true" : "false");
}

static const struct sudoers_cmndspec *
print_cmndspec(struct jw *w, const struct sudoers_cmndspec *cs)
{
	const struct sudoers_member *m;
	char num[32];
	int i, any = 0;

	jw_open(w, NULL, '{');
	if (cs->runasuser != NULL) {
		jw_open(w, "runasusers", '[');
		for (m = cs->runasuser->first; m != NULL; m = m->next)
			print_member(w, m, W_RUNASUSER);
		jw_close(w, ']');
	}
	if (cs->runasgroup != NULL) {
		jw_open(w, "runasgroups", '[');
		for (m = cs->runasgroup->first; m != NULL; m = m->next)
			print_member(w, m, W_RUNASGROUP);
		jw_close(w, ']');
	}
	for (i = 0; i < TAG_COUNT; i++)
		if (cs->tags[i] != SUDOERS_UNSPEC)
			any = 1;
	if (cs->timeout > 0 || cs->has_notbefore || cs->has_notafter ||
	    cs->runchroot || cs->runcwd || cs->role || cs->type ||
	    cs->apparmor_profile || any) {
		jw_open(w, "Options", '[');
		if (cs->runchroot)
			jw_obj_str(w, "runchroot", cs->runchroot);
		if (cs->runcwd)
			jw_obj_str(w, "runcwd", cs->runcwd);
		if (cs->timeout > 0) {
			snprintf(num, sizeof(num), "%ld", cs->timeout);
			jw_obj_raw(w, "command_timeout", num);
		}
		if (cs->has_notbefore)
			print_time(w, "notbefore", cs->notbefore);
		if (cs->has_notafter)
			print_time(w, "notafter", cs->notafter);
		print_tag(w, "authenticate", cs->tags[TAG_NOPASSWD], 1);
		print_tag(w, "noexec", cs->tags[TAG_NOEXEC], 0);
		print_tag(w, "intercept", cs->tags[TAG_INTERCEPT], 0);
		print_tag(w, "send_mail", cs->tags[TAG_SEND_MAIL], 0);
		print_tag(w, "setenv", cs->tags[TAG_SETENV], 0);
		print_tag(w, "sudoedit_follow", cs->tags[TAG_FOLLOW], 0);
		print_tag(w, "log_input", cs->tags[TAG_LOG_INPUT], 0);
		print_tag(w, "log_output", cs->tags[TAG_LOG_OUTPUT], 0);
		if (cs->role)
			jw_obj_str(w, "role", cs->role);
		if (cs->type)
			jw_obj_str(w, "type", cs->type);
		if (cs->apparmor_profile)
			jw_obj_str(w, "apparmor_profile", cs->apparmor_profile);
		jw_close(w, ']');
	}
	jw_open(w, "Commands", '[');
	for (;;) {
		print_member(w, cs->cmnd, W_COMMAND);
		if (!continues(cs, cs->next))
			break;
		cs = cs->next;
	}
	jw_close(w, ']');
	jw_close(w, '}');
	return cs->next;
}

static void
print_userspecs(struct jw *w, const struct sudoers_tree *t)
{
	const struct sudoers_userspec *us;
	const struct sudoers_priv *pv;
	const struct sudoers_cmndspec *cs;
	const struct sudoers_member *m;

	if (t->userspecs == NULL)
		return;
	jw_open(w, "User_Specs", '[');
	for (us = t->userspecs; us != NULL; us = us->next) {
		for (pv = us->privs; pv != NULL; pv = pv->next) {
			jw_open(w, NULL, '{');
			jw_open(w, "User_List", '[');
			for (m = us->users.first; m != NULL; m = m->next)
				print_member(w, m, W_USER);
			jw_close(w, ']');
			jw_open(w, "Host_List", '[');
			for (m = pv->hosts.first; m != NULL; m = m->next)
				print_member(w, m, W_HOST);
			jw_close(w, ']');
			jw_open(w, "Cmnd_Specs", '[');
			for (cs = pv->cmnds; cs != NULL;)
				cs = print_cmndspec(w, cs);
			jw_close(w, ']');
			jw_close(w, '}');
		}
	}
	jw_close(w, ']');
}

void
rpt_sudoers_json(struct sb *out, const struct sudoers_tree *t)
{
	struct sb body = SB_INIT;
	struct jw w = { &body, 4, 0 };

	print_defaults(&w, t);
	print_aliases(&w, t, SA_USER, "User_Aliases");
	print_aliases(&w, t, SA_RUNAS, "Runas_Aliases");
	print_aliases(&w, t, SA_HOST, "Host_Aliases");
	print_aliases(&w, t, SA_CMND, "Command_Aliases");
	print_userspecs(&w, t);
	if (body.len > 0) {
		sb_addc(out, '{');
		sb_add(out, body.buf, body.len);
		sb_adds(out, "\n}\n");
	}
	sb_release(&body);
}
