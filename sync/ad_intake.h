/*
 * ad_intake.h - what a connector feeds the AD collector: an entry at a
 * time (adc_begin(), adc_value() per value, adc_end()). What the entries
 * become is ad_emit.h's part; both come with ad_common.h.
 */
#ifndef PARC_AD_INTAKE_H
#define PARC_AD_INTAKE_H

#include <stddef.h>

#include "lib/err.h"

struct adc;

/*
 * Start an entry named dn. where says where it was read (a "file:line" or
 * the server), for messages; both are copied.
 */
void adc_begin(struct adc *a, const char *dn, const char *where);

/*
 * One value of attribute desc (name and options, any case) of the current
 * entry: len bytes, not NUL-terminated, possibly binary. Attributes the
 * collector does not use are ignored. A value of a ranged attribute
 * ("member;range=0-1499") means the member list was cut: it fails with
 * PARC_EDATA naming the entry, since a group would look smaller than it
 * is. Text that is not UTF-8 or holds a NUL byte (an objectSid written as
 * text included) fails with PARC_EDATA naming entry and attribute, rather
 * than being cut at the NUL into another value.
 */
int adc_value(struct adc *a, const char *desc, const void *val, size_t len,
    struct err *e);

/*
 * End the current entry: kept when it is a user, computer, group or
 * foreign security principal, dropped otherwise (containers, OUs, the
 * domain object, contacts). A kept entry without objectSid fails with
 * PARC_EDATA naming it.
 */
int adc_end(struct adc *a, struct err *e);

#endif
