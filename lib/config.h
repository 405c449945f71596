/*
 * config.h - parc.conf, an INI file read with inih.
 *
 *	[parc]
 *	database = /var/lib/parc/parc.db
 *	correlation_overrides = overrides.csv
 *	catalog = site-catalog.tsv
 *
 *	[mail]
 *	url = smtps://mail.example.com
 *	from = parc@example.com
 *
 *	[source hr]
 *	kind = people
 *	path = /srv/hr/people.csv
 *
 * Every value remembers its line so that a connector can say
 * "parc.conf:12: [source corp] unknown key 'uri2'". Relative paths are taken
 * relative to the directory of the file. Secrets never live in the file:
 * a source names password_file (mode 0600 or stricter), password_env or
 * password_command instead (conf_secret()).
 */
#ifndef PARC_CONFIG_H
#define PARC_CONFIG_H

#include <stddef.h>

#include "lib/err.h"

struct conf_kv {
	char *key;
	char *value;
	int line;
};

struct conf_section {
	char *name; /* "parc", or the NAME of [source NAME] */
	int line;   /* line of the section header */
	struct conf_kv *kv;
	size_t nkv;
};

struct config {
	char *path; /* the file read, or NULL when there was none */
	char *dir;  /* its directory, for relative paths ("." when none) */
	struct conf_section parc; /* the [parc] section (may be empty) */
	struct conf_section mail; /* [mail] (parc tick); line 0: absent */
	struct conf_section *sources;
	size_t nsources;
};

/*
 * Find and read the configuration: path when given (it must exist), else
 * $PARC_CONFIG, else $XDG_CONFIG_HOME/parc/parc.conf (~/.config/...), else
 * /etc/parc/parc.conf; none of those existing gives an empty configuration.
 * Syntax errors, unknown sections, unknown [parc] keys, duplicate keys or
 * source names, and a source without kind fail with PARC_ECONFIG and
 * "FILE:LINE: message". On success *out is owned by the caller.
 */
int config_load(struct config **out, const char *path, struct err *e);

/*
 * Read only the system-wide file (/etc/parc/parc.conf, or the one make
 * install was told), none existing giving an empty configuration: what a
 * setgid parc reads for a caller who may not choose (lib/priv.h).
 */
int config_load_system(struct config **out, struct err *e);

/* The system-wide file's path (static storage). */
const char *config_system_path(void);

/* Parse configuration text (for tests); name is used in messages. */
int config_parse_string(struct config **out, const char *name, const char *text,
    struct err *e);

void config_free(struct config *c);

/* The source section called name, or NULL. */
const struct conf_section *config_source(const struct config *c,
    const char *name);

/* The value of key in sec, or NULL. Lives as long as the config. */
const char *conf_get(const struct conf_section *sec, const char *key);

/* The line key was set on, or the section's line when it is not set. */
int conf_line(const struct conf_section *sec, const char *key);

/*
 * Fail with PARC_ECONFIG naming file, line and key when sec holds a key not
 * in the NULL-terminated list known ("kind" is always allowed).
 */
int conf_check_keys(const struct config *c, const struct conf_section *sec,
    const char *const *known, struct err *e);

/*
 * Read key as a boolean (yes/no/true/false/on/off/1/0) into *out, or leave
 * *out (the default) when unset. A bad value fails with PARC_ECONFIG.
 */
int conf_bool(const struct config *c, const struct conf_section *sec,
    const char *key, int *out, struct err *e);

/* Read key as an integer in [min, max], or leave *out when unset. */
int conf_int(const struct config *c, const struct conf_section *sec,
    const char *key, long min, long max, long *out, struct err *e);

/*
 * Resolve key as a path relative to the configuration file's directory.
 * Returns a malloc'd path, or NULL when the key is unset.
 */
char *conf_path(const struct config *c, const struct conf_section *sec,
    const char *key);

/*
 * Fetch the secret a source names with PREFIX_file (refused unless the file
 * is a regular file of mode 0600 or stricter, owned by this user or root,
 * in folders no one else may write), PREFIX_env (an environment variable)
 * or PREFIX_command (run with sh -c, stdin /dev/null, an environment
 * keeping only PATH, HOME, USER, LOGNAME, SHELL, LANG, LC_*, TZ and
 * TMPDIR; refused when the configuration file naming it could be edited
 * by another user; its first output line is the secret, a non-zero exit
 * is an error showing its stderr escaped). Exactly one must be set.
 * On success *out is a malloc'd string the caller must wipe and free
 * (conf_secret_free). Errors name the key and the file, never the secret.
 */
int conf_secret(const struct config *c, const struct conf_section *sec,
    const char *prefix, char **out, struct err *e);

/*
 * Keep secrets in memory out of reach: no core dump (RLIMIT_CORE 0) and
 * not dumpable (no core, no ptrace or /proc/PID/mem by other processes of
 * the same user). main() calls it first, before any secret is read.
 */
void conf_protect_process(void);

/* Overwrite the secret with zeros and free it. NULL is a no-op. */
void conf_secret_free(char *secret);

/* "FILE:LINE" for messages, into buf. */
const char *conf_where(const struct config *c, int line, char *buf, size_t len);

#endif
