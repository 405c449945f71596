/*
 * sudoers_risk.h - how dangerous a sudo rule is, by share/catalog/sudo.tsv
 * (family "sudo": kinds "command", "escape", "check"), and which Defaults
 * weaken it.
 */
#ifndef PARC_SUDOERS_RISK_H
#define PARC_SUDOERS_RISK_H

#include "lib/sb.h"
#include "sync/sudoers_pull.h"

/* What hp_classify() found; reason starts as SB_INIT, the caller frees it. */
struct verdict {
	int tier;	  /* 0 (worst) .. 3, or -1: nothing in the catalog */
	struct sb reason; /* the reasons, worst first, "; " between */
	int nreasons;
	int nopasswd; /* the rule asks for no password */
};

/*
 * Judge the rule unit ru: each command (ALL, shells and wildcards that
 * reach one, commands that escape to a shell unless NOEXEC or INTERCEPT,
 * user-writable paths, wildcard arguments, sudoedit of a writable file),
 * negations inside ALL, SETENV, a runas other than root (rootlike says
 * whether it may run as root), and NOPASSWD on a tier 0-1 rule.
 */
void hp_classify(struct host_pull *hp, const struct rule *ru, int rootlike,
    struct verdict *v);

/*
 * Append to out, as a JSON array of {"setting", "file", "line"}, the
 * Defaults of the tree that weaken the rule unit ru and bind it: no
 * authenticate, no use_pty, no env_reset, a long or endless
 * timestamp_timeout, env_keep of variables that load code, setenv.
 */
void hp_weakening(struct host_pull *hp, const struct rule *ru, struct sb *out);

#endif
