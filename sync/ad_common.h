/*
 * ad_common.h - Active Directory records, whatever brought them: the
 * decoders for AD's attribute syntaxes and the collector that turns a
 * directory's entries into parc's records.
 *
 * Both AD connectors (sync/ad.c over LDAP, sync/ldif.c from an export) feed
 * entries into one struct adc, attribute value by attribute value, and then
 * call adc_emit(). The collector keeps what it needs of users, computers,
 * groups and foreign security principals, resolves member DNs and primary
 * groups once the whole directory is read (a member may come before or
 * after its group), and emits into the sink:
 *
 *  - a principal per user and group, and per computer or foreign security
 *    principal that is a member of some group (by member or primary group);
 *  - a membership per resolved member value and per primaryGroupID (AD
 *    does not list primary members in member; the database expands
 *    nesting itself);
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
#include <stdint.h>

#include "db/catalog.h"
#include "db/sink.h"
#include "lib/config.h"
#include "lib/err.h"

/* Longest SID text: S-1-<48-bit>-<15 x 32-bit>. */
#define AD_SID_MAX 192

/*
 * Decode a binary SID (objectSid) of len bytes into "S-1-5-21-...". Returns
 * 0, or PARC_EDATA when the bytes are not a SID (wrong length for its
 * sub-authority count, revision other than 1). out has AD_SID_MAX bytes.
 */
int ad_sid_decode(const unsigned char *bin, size_t len, char *out,
    struct err *e);

/*
 * True when s is a SID in text form (S-1-...): some exports and test seeds
 * carry the text rather than the bytes.
 */
int ad_sid_is_text(const char *s);

/*
 * The RID (last sub-authority) of SID text sid, or -1 when it has none.
 */
long ad_sid_rid(const char *sid);

/*
 * Decode a FILETIME (100-nanosecond ticks since 1601-01-01 UTC, written in
 * decimal as AD stores lastLogonTimestamp, pwdLastSet, accountExpires).
 * Returns 1 with out (21 bytes) set to ISO 8601 UTC, 0 when the value means
 * "never" (0, or 0x7FFFFFFFFFFFFFFF / -1 as accountExpires uses), or
 * PARC_EDATA when s is not a decimal number.
 */
int ad_filetime_decode(const char *s, char out[21], struct err *e);

/*
 * Decode LDAP GeneralizedTime ("20261126142551.0Z", "20261126142551Z",
 * "202611261425Z", with an optional +HHMM/-HHMM offset instead of Z) into
 * ISO 8601 UTC in out (21 bytes). Returns 0, or PARC_EDATA.
 */
int ad_gentime_decode(const char *s, char out[21], struct err *e);

/*
 * Split an attribute description carrying AD's range option
 * ("member;range=0-1499", "member;range=1500-*") into the base name's
 * length (*baselen), *low and *high (-1 for "*"). Returns 1 when it has a
 * range option, 0 when it has none, PARC_EDATA when the option is
 * malformed (low > high, no digits). Other options are left alone.
 */
int ad_range_parse(const char *desc, size_t *baselen, long *low, long *high,
    struct err *e);

/* How a connector configured the collector (from the source section). */
struct adc_options {
	const char *source; /* source name, for messages */
	const char *origin; /* server URI or file, for messages */
	const char *domain; /* DNS name for scope, or NULL to derive */
	char **site_groups; /* names or SIDs of site privileged groups */
	size_t nsite_groups;
	int site_tier;	      /* their tier */
	char **service_globs; /* fnmatch(3) patterns for service names */
	size_t nservice_globs;
	const struct catalog *catalog;
};

/* The keys both AD kinds accept for classification (NULL-terminated). */
extern const char *const adc_keys[];

/*
 * Read the classification keys of sec (privileged_groups, privileged_tier,
 * service_accounts, domain) into o, and load the catalog (share/catalog and
 * [parc] catalog) into *cat, which o->catalog then points at. Strings in o
 * are malloc'd: free them with adc_options_release(). Problems are
 * PARC_ECONFIG naming file:line.
 */
int adc_options_read(const struct config *c, const struct conf_section *sec,
    struct adc_options *o, struct catalog **cat, struct err *e);

/* Free what adc_options_read() allocated (not the catalog). */
void adc_options_release(struct adc_options *o);

struct adc;

/* A new, empty collector. o must outlive it. Never NULL. */
struct adc *adc_new(const struct adc_options *o);

void adc_free(struct adc *a);

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

/* How many entries were kept so far. */
size_t adc_count(const struct adc *a);

/*
 * Every group and foreign security principal has ended (AD: the groups
 * search is over, the users search may not be): from now on adc_end()
 * emits each user and computer into sink as it ends, with its memberships,
 * so that little is left for adc_emit(), which must still be called. What
 * is emitted is the same as without it; a group or foreign principal that
 * ends after this fails with PARC_EDATA. Sink errors come from adc_end().
 */
void adc_stream(struct adc *a, struct sink *sink);

/*
 * Resolve members and primary groups and emit everything into sink (see
 * the top of this file), or what adc_stream() left. Sink errors are
 * returned as they are.
 */
int adc_emit(struct adc *a, struct sink *sink, struct err *e);

#endif
