/*
 * sudoers_lastuse.c - when a rule was last used, from the sudo log lines
 * of the host (sudoers_host.h reads them); see sudoers_lastuse.h.
 */
#include <fnmatch.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/sb.h"
#include "sync/sudoers_lastuse.h"
#include "sync/sudoers_regex.h"

void
sudoers_iso_time(time_t t, char buf[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* m's regular expression, compiled on first use; NULL if it fails. */
static const regex_t *
cached_regex(struct host_pull *hp, const struct sudoers_member *m)
{
	struct re_cached *c;
	char msg[256];
	size_t i;

	for (i = 0; i < hp->nrec; i++)
		if (hp->rec[i].m == m)
			return hp->rec[i].ok ? &hp->rec[i].re : NULL;
	hp->rec = xrealloc(hp->rec, (hp->nrec + 1) * sizeof(*hp->rec));
	c = &hp->rec[hp->nrec++];
	c->m = m;
	c->ok = sudoers_regcomp(&c->re, m->name, NULL, msg, sizeof(msg)) == 0;
	return c->ok ? &c->re : NULL;
}

static int
use_matches(struct host_pull *hp, const struct rule *ru,
    const struct host_sudo_use *u, const struct sudoers_cmndspec *cs)
{
	size_t i;
	int ok = 0;
	char *path, *args;
	const char *sp;

	sp = strchr(u->command, ' ');
	path = sp ? strndup(u->command, (size_t)(sp - u->command))
		  : xstrdup(u->command);
	if (path == NULL)
		abort();
	args = sp ? (char *)sp + 1 : NULL;
	for (i = 0; i < ru->cmnds.n; i++) {
		const struct sudoers_member *m = ru->cmnds.v[i].m;
		int hit = 0;

		if (m->type == SM_ALL) {
			hit = 1;
		} else if (m->name[0] == '^') {
			const regex_t *re = cached_regex(hp, m);

			hit = re != NULL && regexec(re, path, 0, NULL, 0) == 0;
		} else if (fnmatch(m->name, path, FNM_PATHNAME) == 0) {
			if (m->args == NULL)
				hit = 1;
			else if (strcmp(m->args, "\"\"") == 0)
				hit = args == NULL;
			else
				hit = args != NULL &&
				    fnmatch(m->args, args, 0) == 0;
		}
		if (hit) {
			ok = !ru->cmnds.v[i].negated;
			if (!ok)
				break;
		}
	}
	free(path);
	(void)cs;
	return ok;
}

/* The last use of the rule by account a (0: never seen). */
time_t
hp_last_use(struct host_pull *hp, const struct rule *ru,
    const struct host_account *a, const struct host_group *g, int all)
{
	time_t best = 0;
	size_t i;

	for (i = 0; i < hp->db.nuses; i++) {
		const struct host_sudo_use *u = &hp->db.uses[i];
		const struct host_account *ua;

		if (u->when <= best)
			continue;
		if (a != NULL && strcmp(u->user, a->name) != 0)
			continue;
		if (g != NULL &&
		    ((ua = host_account(&hp->db, u->user)) == NULL ||
			!host_in_group(&hp->db, ua, g)))
			continue;
		if (a == NULL && g == NULL && !all)
			continue;
		if (use_matches(hp, ru, u, ru->first))
			best = u->when;
	}
	return best;
}

/* {"member_last_use": {"alice": "..."}} for the members of g (or all). */
void
hp_member_uses(struct host_pull *hp, const struct rule *ru,
    const struct host_group *g, int all, struct sb *out)
{
	size_t i;
	time_t t;
	char when[32];
	int n = 0;

	sb_reset(out);
	for (i = 0; i < hp->db.naccounts; i++) {
		const struct host_account *a = &hp->db.accounts[i];

		if (!all && (g == NULL || !host_in_group(&hp->db, a, g)))
			continue;
		if ((t = hp_last_use(hp, ru, a, NULL, 0)) == 0)
			continue;
		sb_adds(out, n++ ? ", " : "{\"member_last_use\": {");
		sb_add_json(out, a->name);
		sudoers_iso_time(t, when);
		sb_addf(out, ": \"%s\"", when);
	}
	if (n > 0)
		sb_adds(out, "}}");
}

void
hp_uses_release(struct host_pull *hp)
{
	size_t i;

	for (i = 0; i < hp->nrec; i++)
		if (hp->rec[i].ok)
			regfree(&hp->rec[i].re);
	free(hp->rec);
	hp->rec = NULL;
	hp->nrec = 0;
}
