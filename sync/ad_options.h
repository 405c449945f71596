/*
 * ad_options.h - how a connector configures the AD collector: the
 * [source] keys kind = ad and kind = ldif share (privileged_groups,
 * privileged_tier, service_accounts, domain) and the catalog.
 */
#ifndef PARC_AD_OPTIONS_H
#define PARC_AD_OPTIONS_H

#include <stddef.h>

#include "db/catalog.h"
#include "lib/config.h"
#include "lib/err.h"

/* How a connector configured the collector (from the source section). */
struct adc_options {
	const char *source; /* source name, for messages */
	const char *origin; /* server URI or file, for messages */
	const char *domain; /* DNS name for scope, or NULL to derive */
	char **site_groups; /* names or SIDs of site privileged groups */
	size_t nsite_groups;
	int site_tier;	      /* their tier */
	char **service_globs; /* fnmatch(3) patterns for service names */
	size_t nservice_globs;
	const struct catalog *catalog;
};

/* The keys both AD kinds accept for classification (NULL-terminated). */
extern const char *const adc_keys[];

/*
 * Read the classification keys of sec (privileged_groups, privileged_tier,
 * service_accounts, domain) into o, and load the catalog (share/catalog and
 * [parc] catalog) into *cat, which o->catalog then points at. Strings in o
 * are malloc'd: free them with adc_options_release(). Problems are
 * PARC_ECONFIG naming file:line.
 */
int adc_options_read(const struct config *c, const struct conf_section *sec,
    struct adc_options *o, struct catalog **cat, struct err *e);

/* Free what adc_options_read() allocated (not the catalog). */
void adc_options_release(struct adc_options *o);

#endif
