/*
 * exception.h - the exceptions register: every item whose latest decision
 * is an exception until a date, with who granted it and why.
 */
#ifndef PARC_EXCEPTION_H
#define PARC_EXCEPTION_H

#include <stdint.h>

#include "db/db.h"
#include "lib/err.h"

struct exception_row {
	int64_t item_id;
	const char *campaign;
	const char *source, *account, *person, *entitlement;
	/* who granted it, ", entered by ADMIN" when entered for them */
	const char *owner;
	const char *justification; /* the comment: compensating control */
	const char *until;	   /* expiry */
	const char *decided_at;
	int expired; /* until is past */
	int grant_present;
};

/*
 * Call fn for every exception in force or expired (the latest decision of
 * its item is exception), by expiry. Strings live during the call.
 */
int exception_list(struct db *db,
    int (*fn)(const struct exception_row *r, void *arg), void *arg,
    struct err *e);

#endif
