/*
 * scope.h - which grants a campaign reviews: its scope expression.
 *
 * Space-separated terms, all of which must hold; a term's value may list
 * alternatives with commas; globs (* ? [..]) match case-insensitively
 * where noted:
 *	source=NAME[,NAME]	the source's name (glob)
 *	kind=KIND[,KIND]	the source's kind (ad, sudoers, aws ...)
 *	tier=N[,N]		entitlement tier 0..3 (default: 0,1,2)
 *	finding=KIND[,KIND]	grants with a finding of that kind; "any"
 *	entitlement=NAME	entitlement name (glob)
 *	person=ID		employee id, login or display name (glob)
 *	since=CAMPAIGN		micro-certification: only grants first seen
 *				after that campaign was created
 * An empty scope is every privileged grant (tier 0-2).
 */
#ifndef PARC_SCOPE_H
#define PARC_SCOPE_H

#include "lib/err.h"

/*
 * Check a scope expression without a database (for option parsing):
 * PARC_EUSAGE naming the bad term.
 */
int campaign_scope_check(const char *scope, struct err *e);

#endif
