/* source.c - the table of connectors this build has. */
#include <string.h>

#include "sync/people.h"
#include "sync/source.h"

static const struct source_ops *const connectors[] = {
	&people_ops,
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
