/* source.c - the table of connectors this build has. */
#include <stdlib.h>
#include <string.h>

#include "db/catalog.h"
#include "lib/sb.h"
#include "lib/share.h"
#include "sync/ad.h"
#include "sync/aws.h"
#include "sync/azure.h"
#include "sync/gcp.h"
#include "sync/ldif.h"
#include "sync/people.h"
#include "sync/source.h"
#include "sync/sudoers_src.h"

static const struct source_ops *const connectors[] = {
	&people_ops,
	&ad_ops,
	&ldif_ops,
	&sudoers_ops,
	&aws_ops,
	&azure_ops,
	&gcp_ops,
	NULL,
};

const struct source_ops *
source_find(const char *kind)
{
	size_t i;

	for (i = 0; connectors[i] != NULL; i++)
		if (strcmp(connectors[i]->kind, kind) == 0)
			return connectors[i];
	return NULL;
}

const struct source_ops *const *
source_all(void)
{
	return connectors;
}

int
source_check_config(const struct config *c, struct err *e)
{
	const struct source_ops *ops;
	const struct conf_section *sec;
	char where[1100];
	size_t i;
	int rc;

	for (i = 0; i < c->nsources; i++) {
		sec = &c->sources[i];
		ops = source_find(conf_get(sec, "kind"));
		if (ops == NULL)
			return err_set(e, PARC_ECONFIG,
			    "%s: [source %s] unknown kind '%s'",
			    conf_where(c, conf_line(sec, "kind"), where,
				sizeof(where)),
			    sec->name, conf_get(sec, "kind"));
		if ((rc = conf_check_keys(c, sec, ops->keys, e)) != 0)
			return rc;
	}
	return 0;
}

int
source_load_catalog(const struct config *c, struct catalog **out, struct err *e)
{
	struct catalog *cat = catalog_new();
	struct sb dir = SB_INIT;
	char *site;
	int rc;

	*out = NULL;
	sb_addf(&dir, "%s/catalog", share_dir());
	rc = catalog_load_dir(cat, dir.buf, e);
	sb_release(&dir);
	if (rc == 0 && (site = conf_path(c, &c->parc, "catalog")) != NULL) {
		rc = catalog_load_file(cat, site, e);
		free(site);
	}
	if (rc != 0) {
		catalog_free(cat);
		return rc;
	}
	*out = cat;
	return 0;
}
