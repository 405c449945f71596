/*
 * cloud_conf.h - the configuration keys the cloud sources (aws, azure, gcp)
 * share: the refusal of live keys beside offline files, and the connection
 * keys ca_file, allow_insecure, timeout, retries and page_size.
 */
#ifndef PARC_CLOUD_CONF_H
#define PARC_CLOUD_CONF_H

#include "lib/config.h"
#include "lib/err.h"

/* A live cloud source's connection, as its section sets it. */
struct cloud_conf {
	char *ca_file;	    /* malloc'd path (ca_file), or NULL */
	int allow_insecure; /* allow_insecure; default no */
	long timeout;	    /* timeout, 1..3600 seconds; default 30 */
	long retries;	    /* retries, 0..10; default 4 */
	long page_size;	    /* page_size, 1..page_max; default page_max */
};

/* A malloc'd copy of key's value in sec, else of dflt; NULL if both are. */
char *cloud_conf_dup(const struct conf_section *sec, const char *key,
    const char *dflt);

/*
 * Fail with PARC_ECONFIG, naming file, line, source and key, when sec sets
 * one of the NULL-terminated live_keys beside its offline files:
 * "FILE:LINE: [source NAME] KEY is for reading CLOUD live; it cannot be
 * used with OFFLINE_KEY (offline files)". Else 0.
 */
int cloud_conf_offline(const struct config *c, const struct conf_section *sec,
    const char *const *live_keys, const char *cloud, const char *offline_key,
    struct err *e);

/*
 * Read ca_file (a path beside the configuration file), allow_insecure,
 * timeout, retries and page_size (at most page_max) into *cc, in that
 * order; unset keys take the defaults above. A bad value fails with
 * conf_bool's or conf_int's PARC_ECONFIG; *cc is then still to be released.
 */
int cloud_conf_read(const struct config *c, const struct conf_section *sec,
    long page_max, struct cloud_conf *cc, struct err *e);

/*
 * Check url, the value (or default) of key, with http_check_url; a refusal
 * is prefixed "FILE:LINE: [source NAME] " with the line key is set on (the
 * section's when unset).
 */
int cloud_conf_url(const struct config *c, const struct conf_section *sec,
    const char *url, int allow_insecure, const char *key, struct err *e);

/* Free what cloud_conf_read kept. */
void cloud_conf_release(struct cloud_conf *cc);

#endif
