/*
 * ad_options.c - the classification keys both AD kinds read from their
 * [source] section; see ad_options.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sb.h"
#include "sync/ad_options.h"
#include "sync/source.h"

const char *const adc_keys[] = {
	"privileged_groups",
	"privileged_tier",
	"service_accounts",
	"domain",
	NULL,
};

/* Split a comma list into trimmed, non-empty malloc'd items. */
static void
split_list(const char *s, char ***out, size_t *n)
{
	const char *p = s, *q, *a, *b;
	char *item;

	*out = NULL;
	*n = 0;
	while (p != NULL && *p != '\0') {
		q = strchr(p, ',');
		a = p;
		b = q != NULL ? q : p + strlen(p);
		while (a < b && isspace((unsigned char)*a))
			a++;
		while (b > a && isspace((unsigned char)b[-1]))
			b--;
		if (b > a) {
			item = xmalloc((size_t)(b - a) + 1);
			memcpy(item, a, (size_t)(b - a));
			item[b - a] = '\0';
			*out = xrealloc(*out, (*n + 1) * sizeof(**out));
			(*out)[(*n)++] = item;
		}
		p = q != NULL ? q + 1 : NULL;
	}
}

int
adc_options_read(const struct config *c, const struct conf_section *sec,
    struct adc_options *o, struct catalog **cat, struct err *e)
{
	const char *v;
	long tier = 1;
	int rc;

	memset(o, 0, sizeof(*o));
	*cat = NULL;
	o->source = sec->name;
	if ((rc = conf_int(c, sec, "privileged_tier", 0, 3, &tier, e)) != 0)
		return rc;
	o->site_tier = (int)tier;
	split_list(conf_get(sec, "privileged_groups"), &o->site_groups,
	    &o->nsite_groups);
	/* Naming rules for service accounts; an SPN marks one too. */
	v = conf_get(sec, "service_accounts");
	split_list(v != NULL ? v : "svc-*, svc_*", &o->service_globs,
	    &o->nservice_globs);
	o->domain = conf_get(sec, "domain");
	if ((rc = source_load_catalog(c, cat, e)) != 0) {
		adc_options_release(o);
		return rc;
	}
	o->catalog = *cat;
	return 0;
}

void
adc_options_release(struct adc_options *o)
{
	size_t i;

	for (i = 0; i < o->nsite_groups; i++)
		free(o->site_groups[i]);
	free(o->site_groups);
	for (i = 0; i < o->nservice_globs; i++)
		free(o->service_globs[i]);
	free(o->service_globs);
	o->site_groups = o->service_globs = NULL;
	o->nsite_groups = o->nservice_globs = 0;
}
