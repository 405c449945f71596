/*
 * cloud_conf.c - the configuration keys aws, azure and gcp share.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sb.h"
#include "sync/cloud_conf.h"
#include "sync/http.h"

char *
cloud_conf_dup(const struct conf_section *sec, const char *key,
    const char *dflt)
{
	const char *v = conf_get(sec, key);

	if (v == NULL)
		v = dflt;
	return v ? xstrdup(v) : NULL;
}

int
cloud_conf_offline(const struct config *c, const struct conf_section *sec,
    const char *const *live_keys, const char *cloud, const char *offline_key,
    struct err *e)
{
	char where[PATH_MAX + 32];
	int i;

	for (i = 0; live_keys[i] != NULL; i++)
		if (conf_get(sec, live_keys[i]) != NULL)
			return err_set(e, PARC_ECONFIG,
			    "%s: [source %s] %s is for reading %s live; it "
			    "cannot be used with %s (offline files)",
			    conf_where(c, conf_line(sec, live_keys[i]), where,
				sizeof(where)),
			    sec->name, live_keys[i], cloud, offline_key);
	return 0;
}

int
cloud_conf_read(const struct config *c, const struct conf_section *sec,
    long page_max, struct cloud_conf *cc, struct err *e)
{
	int rc;

	memset(cc, 0, sizeof(*cc));
	cc->timeout = 30;
	cc->retries = 4;
	cc->page_size = page_max;
	cc->ca_file = conf_path(c, sec, "ca_file");
	if ((rc = conf_bool(c, sec, "allow_insecure", &cc->allow_insecure,
		 e)) != 0 ||
	    (rc = conf_int(c, sec, "timeout", 1, 3600, &cc->timeout, e)) != 0 ||
	    (rc = conf_int(c, sec, "retries", 0, 10, &cc->retries, e)) != 0 ||
	    (rc = conf_int(c, sec, "page_size", 1, page_max, &cc->page_size,
		 e)) != 0)
		return rc;
	return 0;
}

int
cloud_conf_url(const struct config *c, const struct conf_section *sec,
    const char *url, int allow_insecure, const char *key, struct err *e)
{
	char where[PATH_MAX + 32];
	int rc;

	if ((rc = http_check_url(url, allow_insecure, key, e)) != 0)
		err_prefix(e, "%s: [source %s] ",
		    conf_where(c, conf_line(sec, key), where, sizeof(where)),
		    sec->name);
	return rc;
}

void
cloud_conf_release(struct cloud_conf *cc)
{
	free(cc->ca_file);
	cc->ca_file = NULL;
}
