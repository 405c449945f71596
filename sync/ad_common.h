/*
 * ad_common.h - Active Directory records, whatever brought them: the
 * decoders for AD's attribute syntaxes and the collector that turns a
 * directory's entries into parc's records.
 *
 * Both AD connectors (sync/ad.c over LDAP, sync/ldif.c from an export) feed
 * entries into one struct adc, attribute value by attribute value, and then
 * call adc_emit(). The collector keeps what it needs of users, computers,
 * groups and foreign security principals; a group's member DNs become
 * edges when the group ends (staged into the sink at once with
 * adc_stage()), the ones naming what is still to come, and primary
 * groups, once the whole directory is read (a member may come before or
 * after its group). It emits into the sink:
 *
 *  - a principal per user and group, and per computer or foreign security
 *    principal that is a member of some group (by member or primary group);
 *  - a membership per resolved member value and per primaryGroupID (AD
 *    does not list primary members in member; the database expands
 *    nesting itself). A distribution group (groupType without the
 *    security bit) never enters a logon token: it is emitted with
 *    "confers": false in its attrs, so the database expands nothing
 *    through it, and neither mark below passes through it;
 *  - an entitlement per privileged group: a group whose SID the catalog
 *    classifies (family "ad", kind "group"; well-known SIDs and RIDs, never
 *    names, except the catalog's name entries), or a site group named in
 *    the configuration; and an entitlement per account the catalog names
 *    (kind "user": the built-in Administrator, krbtgt), assigned to it.
 *
 * Facts that findings need ride in each principal's attrs JSON: dn,
 * object_class, uac with its flags, admin_count, protected (member, at any
 * depth, of an AdminSDHolder-protected group, or a protected account),
 * spn, account_expires, manager (DN, sAMAccountName, employeeID),
 * primary_group, description. last_used_at is lastLogonTimestamp, which AD
 * replicates lazily: it can lag the real last logon by up to 14 days.
 */
#ifndef PARC_AD_COMMON_H
#define PARC_AD_COMMON_H

#include <stddef.h>

/*
 * The collector's parts, each with its contracts: the syntax decoders,
 * the options, the intake of entries and the emitting. Its store is
 * inside (ad_store.h).
 */
#include "sync/ad_decode.h"
#include "sync/ad_emit.h"
#include "sync/ad_intake.h"
#include "sync/ad_options.h"

struct adc;

/* A new, empty collector. o must outlive it. Never NULL. */
struct adc *adc_new(const struct adc_options *o);

/* Free a and all it kept; adc_free(NULL) is a no-op. */
void adc_free(struct adc *a);

/* How many entries were kept so far. */
size_t adc_count(const struct adc *a);

#endif
