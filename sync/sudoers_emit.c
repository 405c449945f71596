/*
 * sudoers_emit.c - one host's sudoers into records: its accounts and
 * groups, an entitlement per rule unit, the assignments with their last
 * use; see sudoers_emit.h.
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/sb.h"
#include "lib/strhash.h"
#include "sync/sudoers.h"
#include "sync/sudoers_emit.h"
#include "sync/sudoers_lastuse.h"
#include "sync/sudoers_match.h"
#include "sync/sudoers_risk.h"

/* Add s to the set seen (which copies its keys): 1 when it was new. */
static int
first_time(struct strhash *seen, const char *s)
{
	int added;

	strhash_put(seen, s, &added);
	return added;
}

static int
emit_account(struct host_pull *hp, const struct host_account *a)
{
	struct rec_principal r = { 0 };
	struct sb id = SB_INIT, attrs = SB_INIT;
	char when[32];
	int rc = 0;

	sb_addf(&id, "%s:user:%s", hp->host, a->name);
	if (!first_time(&hp->principals, id.buf))
		goto out;
	sb_addf(&attrs, "{\"uid\": %ld, \"gid\": %ld, \"shell\": ", a->uid,
	    a->gid);
	sb_add_json(&attrs, a->shell);
	sb_adds(&attrs, ", \"home\": ");
	sb_add_json(&attrs, a->home);
	sb_adds(&attrs, "}");
	r.ext_id = id.buf;
	r.name = a->name;
	r.display_name = a->gecos[0] ? a->gecos : NULL;
	r.kind = a->uid == 0 ? "break-glass"
	    : a->uid < 1000  ? "service"
			     : "human";
	/* A shell that refuses logins cannot start a sudo session. */
	r.enabled = (strstr(a->shell, "nologin") != NULL ||
			strcmp(a->shell, "/bin/false") == 0 ||
			strcmp(a->shell, "/usr/bin/false") == 0)
	    ? 0
	    : 1;
	r.host = hp->host;
	r.mfa = -1;
	if (a->last_login != 0) {
		sudoers_iso_time(a->last_login, when);
		r.last_used_at = when;
	}
	r.attrs = attrs.buf;
	rc = sink_principal(hp->sink, &r, hp->e);
out:
	sb_release(&id);
	sb_release(&attrs);
	return rc;
}

/* An account sudoers names that passwd does not have (LDAP, SSSD ...). */
static int
ensure_account(struct host_pull *hp, const char *name, struct sb *id)
{
	const struct host_account *a = host_account(&hp->db, name);
	struct rec_principal r = { 0 };

	sb_reset(id);
	sb_addf(id, "%s:user:%s", hp->host, name);
	if (a != NULL)
		return emit_account(hp, a);
	if (!first_time(&hp->principals, id->buf))
		return 0;
	r.ext_id = id->buf;
	r.name = name;
	r.kind = "human";
	r.enabled = -1;
	r.host = hp->host;
	r.mfa = -1;
	r.attrs = "{\"in_passwd\": false}";
	return sink_principal(hp->sink, &r, hp->e);
}

static int
membership(struct host_pull *hp, const char *member, const char *grp)
{
	struct sb key = SB_INIT;
	int rc = 0;

	sb_addf(&key, "%s\n%s", member, grp);
	if (first_time(&hp->assignments, key.buf))
		rc = sink_membership(hp->sink, member, grp, hp->e);
	sb_release(&key);
	return rc;
}

/*
 * The group principal prefix:name ("group", "netgroup", "nonunix", "all")
 * with the host's members when it knows them.
 */
static int
ensure_group(struct host_pull *hp, const char *prefix, const char *name,
    const char *display, const struct host_group *g, int all, struct sb *id)
{
	struct rec_principal r = { 0 };
	struct sb mid = SB_INIT, attrs = SB_INIT;
	size_t i;
	int rc = 0;

	sb_reset(id);
	sb_addf(id, "%s:%s:%s", hp->host, prefix, name);
	if (!first_time(&hp->principals, id->buf))
		return 0;
	r.ext_id = id->buf;
	r.name = name;
	r.display_name = display;
	r.kind = "group";
	r.enabled = 1;
	r.host = hp->host;
	r.mfa = -1;
	if (g != NULL)
		sb_addf(&attrs, "{\"gid\": %ld}", g->gid);
	else if (all)
		sb_adds(&attrs, "{\"members\": \"every account of the host\"}");
	else
		sb_adds(&attrs,
		    "{\"members\": \"unknown from the host's "
		    "files\"}");
	r.attrs = attrs.buf;
	if ((rc = sink_principal(hp->sink, &r, hp->e)) != 0)
		goto out;
	for (i = 0; i < hp->db.naccounts; i++) {
		const struct host_account *a = &hp->db.accounts[i];

		if (!all && (g == NULL || !host_in_group(&hp->db, a, g)))
			continue;
		sb_reset(&mid);
		sb_addf(&mid, "%s:user:%s", hp->host, a->name);
		if ((rc = membership(hp, mid.buf, id->buf)) != 0)
			goto out;
	}
	/* Members the group lists that passwd lacks (directory users). */
	for (i = 0; g != NULL && i < g->nmembers; i++) {
		if (host_account(&hp->db, g->members[i]) != NULL)
			continue;
		if ((rc = ensure_account(hp, g->members[i], &mid)) != 0 ||
		    (rc = membership(hp, mid.buf, id->buf)) != 0)
			goto out;
	}
out:
	sb_release(&mid);
	sb_release(&attrs);
	return rc;
}

struct ng_members {
	struct host_pull *hp;
	const char *id;
	int rc;
};

/* A user a netgroup's triple names, that passwd lacks: a member still. */
static void
ng_member(const char *user, void *arg)
{
	struct ng_members *m = arg;
	struct sb mid = SB_INIT;

	if (m->rc == 0 && host_account(&m->hp->db, user) == NULL &&
	    (m->rc = ensure_account(m->hp, user, &mid)) == 0)
		m->rc = membership(m->hp, mid.buf, m->id);
	sb_release(&mid);
}

/*
 * The principal of +name: a group of the accounts the host's netgroup
 * file puts in it. Without the file, or when the file lacks the
 * netgroup, its members are unknown: it is an account of its own (kind
 * shared, said unresolved) so that the rule still shows with a holder
 * to review, never silently dropped.
 */
static int
ensure_netgroup(struct host_pull *hp, const char *name, struct sb *id)
{
	struct rec_principal r = { 0 };
	struct sb mid = SB_INIT, attrs = SB_INIT, shown = SB_INIT;
	struct ng_members m = { hp, NULL, 0 };
	size_t i;
	int rc = 0;

	sb_reset(id);
	sb_addf(id, "%s:netgroup:%s", hp->host, name);
	if (!first_time(&hp->principals, id->buf))
		return 0;
	r.ext_id = id->buf;
	r.enabled = 1;
	r.host = hp->host;
	r.mfa = -1;
	if (host_netgroup(&hp->db, name) == NULL) {
		sb_addf(&shown, "+%s", name);
		r.name = shown.buf;
		r.display_name = "netgroup (members unresolved)";
		r.kind = "shared";
		sb_adds(&attrs, "{\"netgroup\": ");
		sb_add_json(&attrs, name);
		sb_adds(&attrs, ", \"unresolved\": ");
		sb_add_json(&attrs,
		    hp->db.have_netgroup
			? "the host's netgroup file does not define it"
			: "the host's files have no netgroup file "
			  "(/etc/netgroup)");
		sb_addc(&attrs, '}');
		r.attrs = attrs.buf;
		rc = sink_principal(hp->sink, &r, hp->e);
		goto out;
	}
	r.name = name;
	r.kind = "group";
	sb_adds(&attrs, "{\"netgroup\": ");
	sb_add_json(&attrs, name);
	sb_addc(&attrs, '}');
	r.attrs = attrs.buf;
	if ((rc = sink_principal(hp->sink, &r, hp->e)) != 0)
		goto out;
	for (i = 0; i < hp->db.naccounts && rc == 0; i++) {
		const struct host_account *a = &hp->db.accounts[i];

		if (!host_in_netgroup(&hp->db, name, a->name))
			continue;
		sb_reset(&mid);
		sb_addf(&mid, "%s:user:%s", hp->host, a->name);
		rc = membership(hp, mid.buf, id->buf);
	}
	/* Users the netgroup names that passwd lacks (directory users). */
	m.id = id->buf;
	if (rc == 0) {
		host_netgroup_users(&hp->db, name, ng_member, &m);
		rc = m.rc;
	}
out:
	sb_release(&mid);
	sb_release(&attrs);
	sb_release(&shown);
	return rc;
}

/* The principal a user-list member names, in id. */
static int
user_principal(struct host_pull *hp, const struct sudoers_member *m,
    struct sb *id)
{
	const struct host_account *a;
	const struct host_group *g;
	const char *n = m->name;
	char num[32];

	switch (m->type) {
	case SM_ALL:
		return ensure_group(hp, "all", "ALL", "every account", NULL, 1,
		    id);
	case SM_NETGROUP:
		return ensure_netgroup(hp, n + 1, id);
	case SM_USERGROUP:
		n++;
		if (*n == ':')
			return ensure_group(hp, "nonunix", n + 1, NULL, NULL, 0,
			    id);
		if (*n == '#') {
			g = host_group(&hp->db, NULL, strtol(n + 1, NULL, 10));
			if (g != NULL)
				n = g->name;
		} else {
			g = host_group(&hp->db, n, 0);
		}
		return ensure_group(hp, "group", n, NULL, g, 0, id);
	case SM_WORD:
		if (*n == '#') {
			a = host_account_uid(&hp->db, strtol(n + 1, NULL, 10));
			if (a == NULL) {
				snprintf(num, sizeof(num), "uid %s", n + 1);
				return ensure_account(hp, num, id);
			}
			n = a->name;
		}
		return ensure_account(hp, n, id);
	default:
		sb_reset(id);
		return 0;
	}
}

static void
command_text(const struct sudoers_member *m, struct sb *sb)
{
	if (m->type == SM_ALL) {
		sb_adds(sb, "ALL");
		return;
	}
	sb_adds(sb, m->name);
	if (m->args != NULL) {
		sb_addc(sb, ' ');
		sb_adds(sb, m->args);
	}
}

/* Runas names of a command spec ("root" when none is given). */
static void
runas_text(struct host_pull *hp, const struct sudoers_cmndspec *cs,
    struct sb *sb, int *rootlike)
{
	struct xlist x = { 0 };
	size_t i;

	*rootlike = 0;
	if (cs->runasuser == NULL && cs->runasgroup == NULL) {
		sb_adds(sb, "root");
		*rootlike = 1;
		return;
	}
	if (cs->runasuser != NULL)
		hp_expand(hp, cs->runasuser->first, SA_RUNAS, 0, 0, &x);
	for (i = 0; i < x.n; i++) {
		const struct sudoers_member *m = x.v[i].m;

		if (i > 0)
			sb_addc(sb, ',');
		if (x.v[i].negated)
			sb_addc(sb, '!');
		if (m->type == SM_ALL) {
			sb_adds(sb, "ALL");
		} else if (m->type == SM_MYSELF) {
			sb_adds(sb, "(self)");
		} else {
			sb_adds(sb, m->name);
		}
		if (!x.v[i].negated &&
		    (m->type == SM_ALL ||
			(m->type == SM_WORD &&
			    (strcmp(m->name, "root") == 0 ||
				strcmp(m->name, "#0") == 0))))
			*rootlike = 1;
	}
	if (cs->runasuser == NULL)
		sb_adds(sb, "(self)");
	if (cs->runasgroup != NULL) {
		struct xlist g = { 0 };

		hp_expand(hp, cs->runasgroup->first, SA_RUNAS, 0, 0, &g);
		sb_addc(sb, ':');
		for (i = 0; i < g.n; i++) {
			if (i > 0)
				sb_addc(sb, ',');
			if (g.v[i].negated)
				sb_addc(sb, '!');
			sb_adds(sb,
			    g.v[i].m->type == SM_ALL ? "ALL" : g.v[i].m->name);
		}
		free(g.v);
	}
	free(x.v);
}

static const char *const tag_names[TAG_COUNT][2] = {
	[TAG_NOPASSWD] = { "PASSWD", "NOPASSWD" },
	[TAG_NOEXEC] = { "EXEC", "NOEXEC" },
	[TAG_INTERCEPT] = { "NOINTERCEPT", "INTERCEPT" },
	[TAG_SEND_MAIL] = { "NOMAIL", "MAIL" },
	[TAG_SETENV] = { "NOSETENV", "SETENV" },
	[TAG_FOLLOW] = { "NOFOLLOW", "FOLLOW" },
	[TAG_LOG_INPUT] = { "NOLOG_INPUT", "LOG_INPUT" },
	[TAG_LOG_OUTPUT] = { "NOLOG_OUTPUT", "LOG_OUTPUT" },
};

static void
hex(const unsigned char *d, size_t n, char *out)
{
	static const char x[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = x[d[i] >> 4];
		out[2 * i + 1] = x[d[i] & 15];
	}
	out[2 * n] = '\0';
}

static int
assign(struct host_pull *hp, const char *principal, const char *ent,
    const char *origin, time_t used, const char *via, const char *extra)
{
	struct rec_assignment r = { 0 };
	struct sb key = SB_INIT, attrs = SB_INIT;
	char when[32];
	int rc = 0;

	sb_addf(&key, "%s\n%s\n", principal, ent);
	if (!first_time(&hp->assignments, key.buf))
		goto out;
	r.principal_ext_id = principal;
	r.entitlement_ext_id = ent;
	r.state = "active";
	r.origin = origin;
	if (used != 0) {
		sudoers_iso_time(used, when);
		r.last_used_at = when;
	}
	if (via != NULL) {
		sb_adds(&attrs, "{\"via\": ");
		sb_add_json(&attrs, via);
		sb_addc(&attrs, '}');
		r.attrs = attrs.buf;
	} else if (extra != NULL) {
		r.attrs = extra;
	}
	rc = sink_assignment(hp->sink, &r, hp->e);
out:
	sb_release(&key);
	sb_release(&attrs);
	return rc;
}

/* Assign the rule to the users of its user spec. */
static int
assign_users(struct host_pull *hp, const struct rule *ru, const char *ent,
    const char *origin)
{
	struct xlist x = { 0 };
	struct sb id = SB_INIT, via = SB_INIT;
	size_t i, j;
	int neg = 0, rc = 0;

	hp_expand(hp, ru->us->users.first, SA_USER, 0, 0, &x);
	for (i = 0; i < x.n; i++)
		if (x.v[i].negated)
			neg = 1;
	if (!neg) {
		for (i = 0; i < x.n && rc == 0; i++) {
			const struct sudoers_member *m = x.v[i].m;
			const struct host_account *a = NULL;
			const struct host_group *g = NULL;

			if ((rc = user_principal(hp, m, &id)) != 0 ||
			    id.len == 0)
				continue;
			if (m->type == SM_WORD)
				a = *m->name == '#'
				    ? host_account_uid(&hp->db,
					  strtol(m->name + 1, NULL, 10))
				    : host_account(&hp->db, m->name);
			if (m->type == SM_USERGROUP && m->name[1] != ':')
				g = m->name[1] == '#'
				    ? host_group(&hp->db, NULL,
					  strtol(m->name + 2, NULL, 10))
				    : host_group(&hp->db, m->name + 1, 0);
			if (a != NULL) {
				rc = assign(hp, id.buf, ent, origin,
				    hp_last_use(hp, ru, a, NULL, 0), NULL,
				    NULL);
				continue;
			}
			/*
			 * A group's assignment has no last use of its own:
			 * one member's use says nothing of another's. Each
			 * member's last use goes into attrs instead.
			 */
			hp_member_uses(hp, ru, g, m->type == SM_ALL, &via);
			rc = assign(hp, id.buf, ent, origin, 0, NULL,
			    via.len ? via.buf : NULL);
		}
		goto out;
	}
	/* Negations: decide account by account, the last match wins. */
	for (j = 0; j < hp->db.naccounts && rc == 0; j++) {
		const struct host_account *a = &hp->db.accounts[j];
		int in = 0;

		for (i = x.n; i-- > 0;) {
			if (hp_user_matches(hp, a, x.v[i].m)) {
				in = !x.v[i].negated;
				break;
			}
		}
		if (!in)
			continue;
		sb_reset(&via);
		for (i = 0; i < x.n; i++) {
			if (i > 0)
				sb_adds(&via, ", ");
			if (x.v[i].negated)
				sb_addc(&via, '!');
			sb_adds(&via,
			    x.v[i].m->type == SM_ALL ? "ALL" : x.v[i].m->name);
		}
		if ((rc = emit_account(hp, a)) != 0)
			break;
		sb_reset(&id);
		sb_addf(&id, "%s:user:%s", hp->host, a->name);
		rc = assign(hp, id.buf, ent, origin,
		    hp_last_use(hp, ru, a, NULL, 0), via.buf, NULL);
	}
out:
	free(x.v);
	sb_release(&id);
	sb_release(&via);
	return rc;
}

/* Emit one rule unit: its entitlement and its assignments. */
static int
emit_rule(struct host_pull *hp, struct rule *ru)
{
	const struct sudoers_cmndspec *cs = ru->first;
	struct rec_entitlement r = { 0 };
	struct verdict v = { 0 };
	struct sb runas = SB_INIT, cmds = SB_INIT, tags = SB_INIT,
		  norm = SB_INIT, name = SB_INIT, attrs = SB_INIT, id = SB_INIT,
		  origin = SB_INIT, one = SB_INIT;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char hx[2 * EVP_MAX_MD_SIZE + 1];
	size_t i;
	int rootlike, rc = 0, t;

	v.reason = (struct sb)SB_INIT;
	runas_text(hp, cs, &runas, &rootlike);
	for (i = 0; i < ru->cmnds.n; i++) {
		if (i > 0)
			sb_adds(&cmds, ", ");
		if (ru->cmnds.v[i].negated)
			sb_addc(&cmds, '!');
		command_text(ru->cmnds.v[i].m, &cmds);
	}
	for (t = 0; t < TAG_COUNT; t++) {
		if (cs->tags[t] != 0 && cs->tags[t] != 1)
			continue;
		/* Only the tags that change sudo's default are news. */
		if ((t == TAG_NOPASSWD || t == TAG_NOEXEC || t == TAG_SETENV ||
			t == TAG_INTERCEPT || t == TAG_FOLLOW ||
			t == TAG_LOG_INPUT || t == TAG_LOG_OUTPUT ||
			t == TAG_SEND_MAIL) &&
		    cs->tags[t] == 1) {
			if (tags.len > 0)
				sb_addc(&tags, ' ');
			sb_adds(&tags, tag_names[t][1]);
		}
	}
	hp_classify(hp, ru, rootlike, &v);

	/* The normalised rule: what it grants, wherever it is written. */
	sb_addf(&norm, "%s\n%s\n%s\n%s\n", hp->host, runas.buf, cmds.buf,
	    tags.buf);
	sb_addf(&norm, "%s\n%s\n%ld\n", cs->runcwd ? cs->runcwd : "",
	    cs->runchroot ? cs->runchroot : "", cs->timeout);
	if (EVP_Digest(norm.buf, norm.len, md, &mdlen, EVP_sha256(), NULL) !=
	    1) {
		rc = err_set(hp->e, PARC_EIO, "sha256 failed");
		goto out;
	}
	hex(md, 8, hx);
	sb_addf(&id, "%s:sudo:%s", hp->host, hx);

	sb_addf(&name, "%s ", runas.buf);
	if (cmds.len > 100) {
		sb_add(&name, cmds.buf, 97);
		sb_adds(&name, "...");
	} else {
		sb_adds(&name, cmds.buf);
	}
	sb_addf(&name, " on %s", hp->host);
	if (tags.len > 0)
		sb_addf(&name, " (%s)", tags.buf);

	sb_addf(&origin, "%s:%d", hp_host_file(hp, ru->us->file), cs->line);

	sb_adds(&attrs, "{\"file\": ");
	sb_add_json(&attrs, hp_host_file(hp, ru->us->file));
	sb_addf(&attrs, ", \"line\": %d, \"runas\": ", cs->line);
	sb_add_json(&attrs, runas.buf);
	sb_adds(&attrs, ", \"commands\": [");
	for (i = 0; i < ru->cmnds.n; i++) {
		sb_reset(&one);
		if (ru->cmnds.v[i].negated)
			sb_addc(&one, '!');
		command_text(ru->cmnds.v[i].m, &one);
		if (i > 0)
			sb_adds(&attrs, ", ");
		sb_add_json(&attrs, one.buf);
	}
	sb_adds(&attrs, "], \"tags\": [");
	for (t = 0; t < TAG_COUNT; t++) {
		if (cs->tags[t] != 0 && cs->tags[t] != 1)
			continue;
		if (attrs.buf[attrs.len - 1] != '[')
			sb_adds(&attrs, ", ");
		sb_add_json(&attrs, tag_names[t][cs->tags[t]]);
	}
	sb_adds(&attrs, "], \"options\": {");
	{
		const char *sep = "";

		if (cs->runcwd) {
			sb_adds(&attrs, "\"cwd\": ");
			sb_add_json(&attrs, cs->runcwd);
			sep = ", ";
		}
		if (cs->runchroot) {
			sb_addf(&attrs, "%s\"chroot\": ", sep);
			sb_add_json(&attrs, cs->runchroot);
			sep = ", ";
		}
		if (cs->timeout > 0) {
			sb_addf(&attrs, "%s\"timeout\": %ld", sep, cs->timeout);
			sep = ", ";
		}
		if (cs->has_notafter) {
			char w[32];

			sudoers_iso_time(cs->notafter, w);
			sb_addf(&attrs, "%s\"notafter\": \"%s\"", sep, w);
			sep = ", ";
		}
		if (cs->has_notbefore) {
			char w[32];

			sudoers_iso_time(cs->notbefore, w);
			sb_addf(&attrs, "%s\"notbefore\": \"%s\"", sep, w);
		}
	}
	sb_adds(&attrs, "}, \"weakening\": ");
	hp_weakening(hp, ru, &attrs);
	if (ru->host_assumed)
		sb_adds(&attrs,
		    ", \"host_match\": \"assumed (netgroup or "
		    "address)\"");
	sb_adds(&attrs, "}");

	if (first_time(&hp->entitlements, id.buf)) {
		r.ext_id = id.buf;
		r.name = name.buf;
		r.kind = "sudo-rule";
		r.scope = hp->host;
		r.host = hp->host;
		r.tier = v.tier;
		r.reason = v.reason.len ? v.reason.buf : NULL;
		r.techniques = "T1548.003";
		r.attrs = attrs.buf;
		if ((rc = sink_entitlement(hp->sink, &r, hp->e)) != 0)
			goto out;
	}
	rc = assign_users(hp, ru, id.buf, origin.buf);
out:
	sb_release(&runas);
	sb_release(&cmds);
	sb_release(&tags);
	sb_release(&norm);
	sb_release(&name);
	sb_release(&attrs);
	sb_release(&id);
	sb_release(&origin);
	sb_release(&one);
	sb_release(&v.reason);
	return rc;
}

/* Do two command specs differ only in the command (the JSON merge)? */
static int
same_rule(const struct sudoers_cmndspec *a, const struct sudoers_cmndspec *b)
{
	int i;

	if (b == NULL || a->runasuser != b->runasuser ||
	    a->runasgroup != b->runasgroup || a->runcwd != b->runcwd ||
	    a->runchroot != b->runchroot || a->role != b->role ||
	    a->type != b->type || a->timeout != b->timeout ||
	    a->apparmor_profile != b->apparmor_profile)
		return 0;
	/* As sudo: only a tag the next command sets itself splits them. */
	for (i = 0; i < TAG_COUNT; i++)
		if (b->tags[i] != SUDOERS_UNSPEC &&
		    b->tags[i] != SUDOERS_IMPLIED && a->tags[i] != b->tags[i])
			return 0;
	return 1;
}

static int
emit_rules(struct host_pull *hp)
{
	const struct sudoers_userspec *us;
	const struct sudoers_priv *pv;
	const struct sudoers_cmndspec *cs;
	struct rule ru;
	int rc = 0, assumed;

	for (us = hp->t->userspecs; us != NULL && rc == 0; us = us->next) {
		for (pv = us->privs; pv != NULL && rc == 0; pv = pv->next) {
			assumed = 0;
			if (!hp_hostlist_matches(hp, &pv->hosts, &assumed))
				continue;
			for (cs = pv->cmnds; cs != NULL && rc == 0;) {
				memset(&ru, 0, sizeof(ru));
				ru.us = us;
				ru.first = cs;
				ru.host_assumed = assumed;
				for (;;) {
					hp_expand(hp, cs->cmnd, SA_CMND, 0, 0,
					    &ru.cmnds);
					/* hp_expand() walks ->next: one only.
					 */
					if (!same_rule(cs, cs->next))
						break;
					cs = cs->next;
				}
				ru.last = cs;
				cs = cs->next;
				rc = emit_rule(hp, &ru);
				free(ru.cmnds.v);
			}
		}
	}
	return rc;
}

int
sudoers_pull_host(struct sink *sink, const struct catalog *cat,
    const struct sudoers_host_files *f, struct err *e)
{
	struct host_pull hp;
	struct sudoers_opts o = { 0 };
	struct sb id = SB_INIT;
	size_t i;
	int rc;

	memset(&hp, 0, sizeof(hp));
	hp.sink = sink;
	hp.cat = cat;
	hp.host = f->host;
	hp.root = f->root;
	hp.e = e;
	strhash_init(&hp.principals, STRHASH_COPY_KEYS);
	strhash_init(&hp.entitlements, STRHASH_COPY_KEYS);
	strhash_init(&hp.assignments, STRHASH_COPY_KEYS);
	hp.t = sudoers_tree_new();
	o.root = f->root;
	o.host = f->host;
	if ((rc = sudoers_parse_file(hp.t, f->sudoers, &o, e)) != 0)
		goto out;
	if (f->passwd != NULL &&
	    (rc = host_read_passwd(&hp.db, f->passwd, e)) != 0)
		goto out;
	if (f->group != NULL &&
	    (rc = host_read_group(&hp.db, f->group, e)) != 0)
		goto out;
	if (f->netgroup != NULL &&
	    (rc = host_read_netgroup(&hp.db, f->netgroup, e)) != 0)
		goto out;
	if (f->wtmp != NULL && (rc = host_read_wtmp(&hp.db, f->wtmp, e)) != 0)
		goto out;
	for (i = 0; f->logs != NULL && f->logs[i] != NULL; i++)
		if ((rc = host_read_sudo_log(&hp.db, f->logs[i], e)) != 0)
			goto out;
	for (i = 0; i < hp.db.naccounts; i++)
		if ((rc = emit_account(&hp, &hp.db.accounts[i])) != 0)
			goto out;
	for (i = 0; i < hp.db.ngroups; i++)
		if ((rc = ensure_group(&hp, "group", hp.db.groups[i].name, NULL,
			 &hp.db.groups[i], 0, &id)) != 0)
			goto out;
	rc = emit_rules(&hp);
out:
	if (rc != 0 && e->code == 0)
		err_set(e, rc, "%s: cannot read its sudo rules", f->host);
	strhash_release(&hp.principals);
	strhash_release(&hp.entitlements);
	strhash_release(&hp.assignments);
	hp_uses_release(&hp);
	host_db_release(&hp.db);
	sudoers_tree_free(hp.t);
	sb_release(&id);
	return rc;
}
