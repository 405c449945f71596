/*
 * catalog.h - which things are privileged, from the data files in share/.
 *
 * A catalog is the union of tab-separated files (the .tsv files of
 * share/catalog/ plus site files named in the configuration). Each
 * non-comment line is
 *
 *	family  kind  how  match  tier  techniques  reason
 *
 * family  the source family: ad, aws, azure, gcp, sudo
 * kind    what is matched: group, user, policy, action, role,
 *         directory-role, command, ...
 * how     exact (byte-exact), name (ASCII case-insensitive exact),
 *         sid (exact SID), rid (a domain SID S-1-5-21-a-b-c-RID ending in
 *         this RID), glob (fnmatch(3) pattern, case-insensitive)
 * match   the value or pattern
 * tier    0 (can take over the estate) .. 3 (ordinary)
 * techniques  comma-separated ATT&CK ids (T1078.002,T1098) or "-"
 * reason  free text a reviewer can read (rest of the line)
 *
 * Blank lines and lines starting with # are comments.
 */
#ifndef PARC_CATALOG_H
#define PARC_CATALOG_H

#include "lib/err.h"

struct catalog_entry {
	char *family;
	char *kind;
	char *how;
	char *match;
	int tier;
	char *techniques; /* "" when the file says "-" */
	char *reason;
	char *file; /* where the entry was read, for messages */
	int line;
};

struct catalog;

/* A new, empty catalog. Never NULL (allocation failure aborts). */
struct catalog *catalog_new(void);

/*
 * Load every *.tsv file of dir (sorted by name) into c. A malformed line
 * fails with PARC_EDATA and "FILE:LINE: message"; c then holds the entries
 * read before it. A missing dir is PARC_EIO naming it.
 */
int catalog_load_dir(struct catalog *c, const char *dir, struct err *e);

/* Load one file into c (site additions), same format and errors. */
int catalog_load_file(struct catalog *c, const char *path, struct err *e);

/*
 * The entry that classifies value, or NULL when nothing does. Entries of
 * the given family and kind are tried; exact/name/sid matches win over rid,
 * rid over glob; among equals the lowest tier wins, then the earliest line.
 * The pointer lives as long as c.
 */
const struct catalog_entry *catalog_match(const struct catalog *c,
    const char *family, const char *kind, const char *value);

/* Number of entries loaded. */
size_t catalog_count(const struct catalog *c);

/* Entry i (0 <= i < catalog_count), for listing. Lives as long as c. */
const struct catalog_entry *catalog_at(const struct catalog *c, size_t i);

void catalog_free(struct catalog *c);

#endif
