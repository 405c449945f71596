/*
 * fuzz_sudoers.c - libFuzzer harness for the sudoers parser, its
 * cvtsudoers JSON writer and alias expansion.
 *
 *	make fuzz
 *	mkdir -p fuzz-out && tests/fuzz/fuzz_sudoers -max_total_time=60 \
 *	    fuzz-out tests/data/sudoers/corpus tests/data/sudoers/parc \
 *	    tests/data/sudoers/fuzz
 *
 * Each input is parsed as a sudoers file (visudo's checks on), then, when
 * it parses, written as JSON and every list of it expanded as the
 * connector expands them (aliases to any depth, once each). Includes are
 * confined to a host folder the harness builds once, holding what an
 * attacker would plant: a rule file, a FIFO, links to /dev/zero, to this
 * machine's passwd and to /etc; the seeds in tests/data/sudoers/fuzz
 * name them. A crash, a leak, undefined behaviour or a hang is a bug.
 */
#include <sys/stat.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lib/sb.h"
#include "reports/sudoers_json.h"
#include "sync/sudoers.h"
#include "sync/sudoers_match.h"
#include "sync/sudoers_pull.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[64];

/* The folder's entries, deepest first, for cleanup(). */
static const char *const planted[] = { "etc/sudoers.d/ok", "etc/sudoers.d",
	"etc/fifo", "etc/zero", "etc/passwd", "etc/up", "etc", "" };

static void
cleanup(void)
{
	struct sb p = SB_INIT;
	size_t i;

	for (i = 0; i < sizeof(planted) / sizeof(planted[0]); i++) {
		sb_reset(&p);
		sb_addf(&p, "%s/%s", root, planted[i]);
		if (unlink(p.buf) != 0)
			rmdir(p.buf);
	}
	sb_release(&p);
}

/* The host folder includes are confined to, built at the first input. */
static const char *
fleet(void)
{
	struct sb p = SB_INIT;
	FILE *fp;

	if (root[0] != '\0')
		return root;
	snprintf(root, sizeof(root), "/tmp/parc-fuzz-sudoers-XXXXXX");
	if (mkdtemp(root) == NULL)
		abort();
	atexit(cleanup);
	sb_addf(&p, "%s/etc", root);
	mkdir(p.buf, 0700);
	sb_adds(&p, "/sudoers.d");
	mkdir(p.buf, 0700);
	sb_adds(&p, "/ok");
	if ((fp = fopen(p.buf, "w")) != NULL) {
		fputs("User_Alias OK = alice\nOK ALL = /bin/ls\n", fp);
		fclose(fp);
	}
	sb_reset(&p);
	sb_addf(&p, "%s/etc/fifo", root);
	mkfifo(p.buf, 0600);
	sb_reset(&p);
	sb_addf(&p, "%s/etc/zero", root);
	if (symlink("/dev/zero", p.buf) != 0)
		abort();
	sb_reset(&p);
	sb_addf(&p, "%s/etc/passwd", root);
	if (symlink("/etc/passwd", p.buf) != 0)
		abort();
	sb_reset(&p);
	sb_addf(&p, "%s/etc/up", root);
	if (symlink("/etc", p.buf) != 0)
		abort();
	sb_release(&p);
	return root;
}

static void
expand(struct host_pull *hp, const struct sudoers_member *first,
    enum sudoers_alias_type type)
{
	struct xlist x = { 0 };

	hp_expand(hp, first, type, 0, 0, &x);
	free(x.v);
}

/* Every list of t expanded, as sudoers_pull_host() expands them. */
static void
expand_all(struct sudoers_tree *t)
{
	struct host_pull hp = { 0 };
	const struct sudoers_userspec *us;
	const struct sudoers_priv *pv;
	const struct sudoers_cmndspec *cs;

	hp.t = t;
	hp.host = "fuzz";
	for (us = t->userspecs; us != NULL; us = us->next) {
		expand(&hp, us->users.first, SA_USER);
		for (pv = us->privs; pv != NULL; pv = pv->next) {
			expand(&hp, pv->hosts.first, SA_HOST);
			for (cs = pv->cmnds; cs != NULL; cs = cs->next) {
				if (cs->runasuser != NULL)
					expand(&hp, cs->runasuser->first,
					    SA_RUNAS);
				if (cs->runasgroup != NULL)
					expand(&hp, cs->runasgroup->first,
					    SA_RUNAS);
				expand(&hp, cs->cmnd, SA_CMND);
			}
		}
	}
	free(hp.alias_seen);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sudoers_tree *t = sudoers_tree_new();
	struct sudoers_opts o = { 0 };
	struct err e = ERR_INIT;
	struct sb out = SB_INIT, name = SB_INIT;

	o.root = fleet();
	o.host = "fuzz";
	o.strict = (size & 1) != 0;
	sb_addf(&name, "%s/etc/sudoers", o.root);
	if (sudoers_parse_buffer(t, name.buf, (const char *)data, size, &o,
		&e) == 0) {
		rpt_sudoers_json(&out, t);
		expand_all(t);
	}
	sb_release(&out);
	sb_release(&name);
	sudoers_tree_free(t);
	return 0;
}
