/*
 * complete.h - what the console's prompts complete as they are typed: the
 * people an item can be delegated to, by login or by name.
 */
#ifndef PARC_COMPLETE_H
#define PARC_COMPLETE_H

#include <stddef.h>

#include "db/db.h"
#include "lib/err.h"

/*
 * Call fn for at most limit active people with a login whose login starts
 * with text or whose name holds it (ASCII letters in any case), logins
 * that start with it first, then by login. Strings live only during the
 * call; name may be NULL. A non-zero return from fn stops the walk and is
 * returned.
 */
int db_people_complete(struct db *db, const char *text, size_t limit,
    int (*fn)(const char *login, const char *name, void *arg), void *arg,
    struct err *e);

#endif
