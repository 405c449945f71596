/*
 * ad_decode.h - decoders for Active Directory's attribute syntaxes, as
 * LDAP and LDIF carry them: objectSid, FILETIME stamps (lastLogonTimestamp,
 * pwdLastSet, accountExpires), GeneralizedTime (whenCreated) and the range
 * option of a cut attribute. Pure functions of their input: no state, no
 * allocation the caller sees; problems are PARC_EDATA quoting the value.
 */
#ifndef PARC_AD_DECODE_H
#define PARC_AD_DECODE_H

#include <stddef.h>

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

#endif
