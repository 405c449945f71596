/*
 * finding_conf.c - the thresholds of the finding rules (finding.h): their
 * defaults, and parc.conf's [parc] keys over them.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "db/finding.h"
#include "lib/sb.h"

void
finding_conf_init(struct finding_conf *fc)
{
	memset(fc, 0, sizeof(*fc));
	fc->dormant_days = 90;
	fc->grace_days = 30;
	fc->password_max_days = 365;
	fc->access_key_max_days = 90;
	fc->tier0_max_holders = 10;
	fc->global_admin_max = 4;
	fc->shared_names = xstrdup("admin administrator root svc-* ops "
				   "deploy shared*");
}

void
finding_conf_release(struct finding_conf *fc)
{
	size_t i;

	for (i = 0; i < fc->ndormant; i++)
		free(fc->dormant_kinds[i]);
	free(fc->dormant_kinds);
	free(fc->dormant_kind_days);
	free(fc->shared_names);
	free(fc->shared_accounts);
	free(fc->break_glass);
	memset(fc, 0, sizeof(*fc));
}

static void
set_str(char **dst, const char *v)
{
	if (v == NULL)
		return;
	free(*dst);
	*dst = xstrdup(v);
}

int
finding_conf_load(struct finding_conf *fc, const struct config *c,
    struct err *e)
{
	static const struct {
		const char *key;
		size_t off;
	} nums[] = {
		{ "dormant_days", offsetof(struct finding_conf, dormant_days) },
		{ "grace_days", offsetof(struct finding_conf, grace_days) },
		{ "password_max_days",
		    offsetof(struct finding_conf, password_max_days) },
		{ "access_key_max_days",
		    offsetof(struct finding_conf, access_key_max_days) },
		{ "tier0_max_holders",
		    offsetof(struct finding_conf, tier0_max_holders) },
		{ "global_admin_max",
		    offsetof(struct finding_conf, global_admin_max) },
	};
	const struct conf_section *sec;
	size_t i;
	int rc;

	if (c == NULL)
		return 0;
	sec = &c->parc;
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if ((rc = conf_int(c, sec, nums[i].key, 0, 100000,
			 (long *)((char *)fc + nums[i].off), e)) != 0)
			return rc;
	for (i = 0; i < sec->nkv; i++) {
		const char *k = sec->kv[i].key;
		long days = fc->dormant_days;

		if (strncmp(k, "dormant_days_", 13) != 0)
			continue;
		if ((rc = conf_int(c, sec, k, 1, 100000, &days, e)) != 0)
			return rc;
		fc->dormant_kinds = xrealloc(fc->dormant_kinds,
		    (fc->ndormant + 1) * sizeof(*fc->dormant_kinds));
		fc->dormant_kind_days = xrealloc(fc->dormant_kind_days,
		    (fc->ndormant + 1) * sizeof(*fc->dormant_kind_days));
		fc->dormant_kinds[fc->ndormant] = xstrdup(k + 13);
		fc->dormant_kind_days[fc->ndormant++] = days;
	}
	set_str(&fc->shared_names, conf_get(sec, "shared_account_names"));
	set_str(&fc->shared_accounts, conf_get(sec, "shared_accounts"));
	set_str(&fc->break_glass, conf_get(sec, "break_glass_accounts"));
	return 0;
}
