/*
 * ad_intake.c - the AD collector's intake: entries, attribute value by
 * attribute value, into the store; see ad_intake.h.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/sb.h"
#include "lib/text.h"
#include "sync/ad_decode.h"
#include "sync/ad_intake.h"
#include "sync/ad_store.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Attributes the collector reads; the rest are ignored. */
enum attr {
	A_OBJECTCLASS,
	A_SAM,
	A_UPN,
	A_SID,
	A_UAC,
	A_LASTLOGON,
	A_PWDLASTSET,
	A_WHENCREATED,
	A_EXPIRES,
	A_MANAGER,
	A_MAIL,
	A_EMPLOYEEID,
	A_DISPLAYNAME,
	A_SPN,
	A_ADMINCOUNT,
	A_PGID,
	A_DESCRIPTION,
	A_MEMBER,
	A_GROUPTYPE,
	A_MANAGEDBY,
};

static const struct {
	const char *name;
	enum attr a;
} attrs[] = {
	{ "objectClass", A_OBJECTCLASS },
	{ "sAMAccountName", A_SAM },
	{ "userPrincipalName", A_UPN },
	{ "objectSid", A_SID },
	{ "userAccountControl", A_UAC },
	{ "lastLogonTimestamp", A_LASTLOGON },
	{ "pwdLastSet", A_PWDLASTSET },
	{ "whenCreated", A_WHENCREATED },
	{ "accountExpires", A_EXPIRES },
	{ "manager", A_MANAGER },
	{ "mail", A_MAIL },
	{ "employeeID", A_EMPLOYEEID },
	{ "displayName", A_DISPLAYNAME },
	{ "servicePrincipalName", A_SPN },
	{ "adminCount", A_ADMINCOUNT },
	{ "primaryGroupID", A_PGID },
	{ "description", A_DESCRIPTION },
	{ "member", A_MEMBER },
	{ "groupType", A_GROUPTYPE },
	{ "managedBy", A_MANAGEDBY },
};

/* The object classes that decide what an entry is. */
static const struct {
	const char *name;
	unsigned bit;
} classes[] = {
	{ "user", OC_USER },
	{ "computer", OC_COMPUTER },
	{ "group", OC_GROUP },
	{ "foreignSecurityPrincipal", OC_FSP },
	{ "msDS-GroupManagedServiceAccount", OC_MSA },
	{ "msDS-ManagedServiceAccount", OC_MSA },
};

void
adc_begin(struct adc *a, const char *dn, const char *where)
{
	adc_obj_free(a->cur);
	a->cur = xcalloc(1, sizeof(*a->cur));
	a->cur->dn = xstrdup(dn);
	a->cur->where = xstrdup(where);
	a->cur->admin_count = -1;
	a->cur->pgid = -1;
	sb_reset(&a->mkeys);
}

/* A DN made fit for a message: escaped and cut. */
static const char *
shown(struct sb *tmp, const char *s)
{
	sb_reset(tmp);
	sb_add_cell(tmp, s, 120, 0);
	return tmp->buf;
}

static int
bad_value(struct adc *a, const char *attr, const char *why, struct err *e)
{
	struct sb msg = SB_INIT;
	int rc;

	/* The DN, the attribute and the value quoted in why are data. */
	sb_addf(&msg, "%s: entry ", a->cur->where);
	sb_add_cell(&msg, a->cur->dn, 120, 0);
	sb_adds(&msg, ": ");
	sb_add_safe(&msg, attr);
	sb_addc(&msg, ' ');
	sb_add_safe(&msg, why);
	rc = err_set(e, PARC_EDATA, "%s", msg.buf);
	sb_release(&msg);
	return rc;
}

/* A text value: UTF-8, no NUL, copied. */
static int
text_value(struct adc *a, const char *attr, const void *val, size_t len,
    char **out, struct err *e)
{
	char *s;

	if (memchr(val, '\0', len) != NULL || !utf8_valid(val, len))
		return bad_value(a, attr, "is not UTF-8 text", e);
	s = xmalloc(len + 1);
	memcpy(s, val, len);
	s[len] = '\0';
	free(*out);
	*out = s;
	return 0;
}

static void
push(char ***v, size_t *n, char *s)
{
	if ((*n & (*n - 1)) == 0) /* 0, 1, 2, 4, ...: grow by doubling */
		*v = xrealloc(*v, (*n ? *n * 2 : 1) * sizeof(**v));
	(*v)[(*n)++] = s;
}

/* A short value (number, time) as a NUL-terminated string in buf[64]. */
static int
short_value(struct adc *a, const char *attr, const void *val, size_t len,
    char buf[64], struct err *e)
{
	if (len == 0 || len >= 64 || memchr(val, '\0', len) != NULL)
		return bad_value(a, attr, "is not a short text value", e);
	memcpy(buf, val, len);
	buf[len] = '\0';
	return 0;
}

static int
long_value(struct adc *a, const char *attr, const void *val, size_t len,
    long *out, struct err *e)
{
	char buf[64], *end;
	long v;
	int rc;

	if ((rc = short_value(a, attr, val, len, buf, e)) != 0)
		return rc;
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno != 0 || *end != '\0' || end == buf)
		return bad_value(a, attr, "is not a number", e);
	*out = v;
	return 0;
}

static int
filetime_value(struct adc *a, const char *attr, const void *val, size_t len,
    char out[21], struct err *e)
{
	char buf[64];
	struct err sub = ERR_INIT;
	int rc;

	if ((rc = short_value(a, attr, val, len, buf, e)) != 0)
		return rc;
	if ((rc = ad_filetime_decode(buf, out, &sub)) < 0)
		return bad_value(a, attr, sub.msg, e);
	if (rc == 0)
		out[0] = '\0';
	return 0;
}

int
adc_value(struct adc *a, const char *desc, const void *val, size_t len,
    struct err *e)
{
	struct obj *o = a->cur;
	struct err sub = ERR_INIT;
	char buf[64], sid[AD_SID_MAX], *s = NULL;
	size_t baselen, i;
	long low, high;
	int rc;

	if (o == NULL)
		return err_set(e, PARC_EDATA, "an attribute outside an entry");
	/* values come attribute by attribute: the last one's is at hand */
	if (a->lastdesc.len > 0 && strcmp(desc, a->lastdesc.buf) == 0)
		i = a->lastattr;
	else {
		rc = ad_range_parse(desc, &baselen, &low, &high, &sub);
		if (rc < 0)
			return bad_value(a, desc, sub.msg, e);
		for (i = 0; i < NELEM(attrs); i++)
			if (strlen(attrs[i].name) == baselen &&
			    strncasecmp(attrs[i].name, desc, baselen) == 0)
				break;
		if (i < NELEM(attrs) && rc == 1)
			return bad_value(a, desc,
			    "is only part of the values (AD range "
			    "retrieval): the export was cut; export with a "
			    "tool that follows ranges (ldifde, or parc's "
			    "kind = ad)",
			    e);
		sb_reset(&a->lastdesc);
		sb_adds(&a->lastdesc, desc);
		a->lastattr = i;
	}
	if (i == NELEM(attrs))
		return 0;
	switch (attrs[i].a) {
	case A_OBJECTCLASS:
		for (i = 0; i < NELEM(classes); i++)
			if (strlen(classes[i].name) == len &&
			    strncasecmp(classes[i].name, val, len) == 0)
				o->cls |= classes[i].bit;
		return 0;
	case A_SAM:
		return text_value(a, desc, val, len, &o->sam, e);
	case A_UPN:
		return text_value(a, desc, val, len, &o->upn, e);
	case A_MAIL:
		return text_value(a, desc, val, len, &o->mail, e);
	case A_EMPLOYEEID:
		return text_value(a, desc, val, len, &o->employee_id, e);
	case A_DISPLAYNAME:
		return text_value(a, desc, val, len, &o->display, e);
	case A_DESCRIPTION:
		return text_value(a, desc, val, len, &o->description, e);
	case A_MANAGER:
		return text_value(a, desc, val, len, &o->manager_dn, e);
	case A_MANAGEDBY:
		return text_value(a, desc, val, len, &o->managed_by, e);
	case A_SID:
		/*
		 * Text when a tool wrote it so, else the binary form. Text
		 * with a NUL in it would be cut there into another SID.
		 */
		if (len > 4 && len < AD_SID_MAX &&
		    memcmp(val, "S-1-", 4) == 0) {
			if (memchr(val, '\0', len) != NULL)
				return bad_value(a, desc,
				    "is not a SID (it holds a NUL byte)", e);
			memcpy(sid, val, len);
			sid[len] = '\0';
			if (!ad_sid_is_text(sid))
				return bad_value(a, desc, "is not a SID", e);
		} else if (ad_sid_decode(val, len, sid, &sub) != 0)
			return bad_value(a, desc, sub.msg, e);
		free(o->sid);
		o->sid = xstrdup(sid);
		return 0;
	case A_UAC:
		o->has_uac = 1;
		return long_value(a, desc, val, len, &o->uac, e);
	case A_ADMINCOUNT:
		return long_value(a, desc, val, len, &o->admin_count, e);
	case A_PGID:
		return long_value(a, desc, val, len, &o->pgid, e);
	case A_GROUPTYPE:
		o->has_group_type = 1;
		return long_value(a, desc, val, len, &o->group_type, e);
	case A_LASTLOGON:
		return filetime_value(a, desc, val, len, o->last_logon, e);
	case A_PWDLASTSET:
		return filetime_value(a, desc, val, len, o->pwd_last_set, e);
	case A_EXPIRES:
		return filetime_value(a, desc, val, len, o->expires, e);
	case A_WHENCREATED:
		if ((rc = short_value(a, desc, val, len, buf, e)) != 0)
			return rc;
		if (ad_gentime_decode(buf, o->created, &sub) != 0)
			return bad_value(a, desc, sub.msg, e);
		return 0;
	case A_SPN:
		if ((rc = text_value(a, desc, val, len, &s, e)) != 0)
			return rc;
		push(&o->spn, &o->nspn, s);
		return 0;
	case A_MEMBER:
		/* kept in the form lookups use, until adc_end() */
		if (memchr(val, '\0', len) != NULL || !utf8_valid(val, len))
			return bad_value(a, desc, "is not UTF-8 text", e);
		adc_dn_key_add(&a->mkeys, val, len);
		sb_addc(&a->mkeys, '\0');
		o->nmembers++;
		return 0;
	}
	return 0;
}

int
adc_end(struct adc *a, struct err *e)
{
	struct obj *o = a->cur;
	struct sb tmp = SB_INIT;
	size_t k;
	int rc = 0;

	if (o == NULL)
		return 0;
	a->cur = NULL;
	if (o->cls & OC_FSP)
		o->type = T_FSP;
	else if (o->cls & OC_GROUP)
		o->type = T_GROUP;
	else if (o->cls & OC_COMPUTER)
		o->type = T_COMPUTER;
	else if (o->cls & OC_USER)
		o->type = T_USER;
	else {
		adc_obj_free(o);
		return 0;
	}
	if (o->sid == NULL) {
		/* A foreign principal is named by its SID. */
		if (o->type == T_FSP) {
			o->sid = adc_dn_first_value(o->dn);
			if (!ad_sid_is_text(o->sid)) {
				rc = err_set(e, PARC_EDATA,
				    "%s: foreign security principal %s is "
				    "not named by a SID",
				    o->where, shown(&tmp, o->dn));
				goto out;
			}
		} else {
			rc = err_set(e, PARC_EDATA,
			    "%s: entry %s has no objectSid (was it left out of "
			    "the export's attributes?)",
			    o->where, shown(&tmp, o->dn));
			goto out;
		}
	}
	if (o->sam == NULL || *o->sam == '\0') {
		free(o->sam);
		o->sam = adc_dn_first_value(o->dn);
	}
	/* Only a group has members (AD's schema allows member nowhere else). */
	if (o->type != T_GROUP)
		o->nmembers = 0;
	if (a->stream != NULL && (o->type == T_GROUP || o->type == T_FSP)) {
		rc = err_set(e, PARC_EDATA,
		    "%s: %s %s came after the groups were all read (from the "
		    "users search)",
		    o->where, adc_type_name(o->type), shown(&tmp, o->dn));
		goto out;
	}
	o->dnkey = adc_dn_key(o->dn);
	if ((k = adc_index_get(&a->by_dn, o->dnkey)) != (size_t)-1) {
		rc = err_set(e, PARC_EDATA, "%s: entry %s appears twice (%s)",
		    o->where, shown(&tmp, o->dn), a->v[k]->where);
		goto out;
	}
	if ((k = adc_index_get(&a->by_sid, o->sid)) != (size_t)-1) {
		rc = err_set(e, PARC_EDATA,
		    "%s: entry %s has the SID %s of an entry read at %s",
		    o->where, shown(&tmp, o->dn), o->sid, a->v[k]->where);
		goto out;
	}
	if (a->n == UINT32_MAX) { /* edges hold object numbers in 32 bits */
		rc = err_set(e, PARC_EDATA, "%s: more than %lu entries",
		    o->where, (unsigned long)UINT32_MAX - 1);
		goto out;
	}
	if (a->n == a->alloc) {
		a->alloc = a->alloc ? a->alloc * 2 : 256;
		a->v = xrealloc(a->v, a->alloc * sizeof(*a->v));
	}
	a->v[a->n++] = o;
	strhash_put(&a->by_dn, o->dnkey, NULL)->num = a->n - 1;
	strhash_put(&a->by_sid, o->sid, NULL)->num = a->n - 1;
	o = NULL;
	if (a->stream != NULL)
		rc = adc_stream_account(a, a->n - 1, e);
	else if (a->v[a->n - 1]->nmembers > 0)
		rc = adc_take_members(a, a->n - 1, e);
out:
	adc_obj_free(o);
	sb_release(&tmp);
	return rc;
}
