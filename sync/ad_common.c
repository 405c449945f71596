/*
 * ad_common.c - AD attribute decoding and the collector both AD connectors
 * feed (see ad_common.h for what is emitted and why).
 */

/* FNM_CASEFOLD is a glibc extension hidden without _GNU_SOURCE. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lib/sb.h"
#include "lib/strhash.h"
#include "lib/text.h"
#include "sync/ad_common.h"
#include "sync/source.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Seconds from 1601-01-01 to 1970-01-01. */
#define FILETIME_UNIX_OFFSET 11644473600LL

/* userAccountControl bits (MS-ADTS 2.2.16). */
#define UAC_ACCOUNTDISABLE 0x00000002L
#define UAC_PASSWD_NOTREQD 0x00000020L
#define UAC_DONT_EXPIRE_PASSWORD 0x00010000L
#define UAC_SMARTCARD_REQUIRED 0x00040000L
#define UAC_TRUSTED_FOR_DELEGATION 0x00080000L
#define UAC_DONT_REQ_PREAUTH 0x00400000L

/* ---- decoding ---- */

int
ad_sid_decode(const unsigned char *bin, size_t len, char *out, struct err *e)
{
	struct sb sb = SB_INIT;
	uint64_t auth = 0;
	uint32_t sub;
	size_t i, n;

	if (len < 8 || bin[0] != 1)
		return err_set(e, PARC_EDATA,
		    "objectSid of %zu bytes is not a SID (revision %d)", len,
		    len > 0 ? bin[0] : -1);
	n = bin[1];
	if (n > 15 || len != 8 + 4 * n)
		return err_set(e, PARC_EDATA,
		    "objectSid of %zu bytes does not hold the %zu "
		    "sub-authorities it announces",
		    len, n);
	for (i = 2; i < 8; i++)
		auth = auth << 8 | bin[i];
	sb_addf(&sb, "S-1-%" PRIu64, auth);
	for (i = 0; i < n; i++) {
		/* Sub-authorities are little-endian, the authority is not. */
		sub = (uint32_t)bin[8 + 4 * i] | (uint32_t)bin[9 + 4 * i] << 8 |
		    (uint32_t)bin[10 + 4 * i] << 16 |
		    (uint32_t)bin[11 + 4 * i] << 24;
		sb_addf(&sb, "-%" PRIu32, sub);
	}
	snprintf(out, AD_SID_MAX, "%s", sb.buf);
	sb_release(&sb);
	return 0;
}

int
ad_sid_is_text(const char *s)
{
	const char *p;
	int parts = 0;

	if (strncmp(s, "S-1-", 4) != 0)
		return 0;
	for (p = s + 4; *p != '\0'; p++) {
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
		parts++;
		if (*p == '\0')
			break;
		if (*p != '-')
			return 0;
	}
	return parts >= 2 && strlen(s) < AD_SID_MAX && s[strlen(s) - 1] != '-';
}

long
ad_sid_rid(const char *sid)
{
	const char *p = strrchr(sid, '-');
	char *end;
	unsigned long v;

	if (p == NULL || !ad_sid_is_text(sid))
		return -1;
	errno = 0;
	v = strtoul(p + 1, &end, 10);
	if (errno != 0 || *end != '\0' || v > UINT32_MAX)
		return -1;
	return (long)v;
}

static void
iso_from_unix(int64_t t, char out[21])
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 21, "9999-12-31T23:59:59Z");
}

int
ad_filetime_decode(const char *s, char out[21], struct err *e)
{
	const char *p = s;
	int64_t v = 0, secs;
	int neg = 0;

	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (*p == '\0')
		return err_set(e, PARC_EDATA, "'%.40s' is not a FILETIME", s);
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || v > (INT64_MAX - (*p - '0')) / 10)
			return err_set(e, PARC_EDATA,
			    "'%.40s' is not a FILETIME (ticks since 1601)", s);
		v = v * 10 + (*p - '0');
	}
	/* 0 and the largest value mean never; so does -1 (accountExpires). */
	if (neg || v == 0 || v == INT64_MAX)
		return 0;
	secs = v / 10000000 - FILETIME_UNIX_OFFSET;
	/* Years past 9999 cannot be written as ISO 8601: treat as never. */
	if (secs > 253402300799LL)
		return 0;
	iso_from_unix(secs, out);
	return 1;
}

/* n digits at s as a number, or -1. */
static int
digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
ad_gentime_decode(const char *s, char out[21], struct err *e)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	struct tm tm;
	const char *p;
	int y, mo, d, h, mi, sec = 0, off = 0, oh, om, sign;
	time_t t;

	y = digits(s, 4);
	if (strlen(s) < 11 || y < 0 || (mo = digits(s + 4, 2)) < 1 || mo > 12 ||
	    (d = digits(s + 6, 2)) < 1 || d > mdays[mo - 1] ||
	    (h = digits(s + 8, 2)) < 0 || h > 23)
		goto bad;
	p = s + 10;
	mi = 0;
	if (isdigit((unsigned char)*p)) {
		if ((mi = digits(p, 2)) < 0 || mi > 59)
			goto bad;
		p += 2;
		if (isdigit((unsigned char)*p)) {
			/* 60 is a leap second. */
			if ((sec = digits(p, 2)) < 0 || sec > 60)
				goto bad;
			p += 2;
		}
	}
	if (*p == '.' || *p == ',') {
		if (!isdigit((unsigned char)p[1]))
			goto bad;
		for (p++; isdigit((unsigned char)*p); p++)
			;
	}
	if (*p == 'Z')
		p++;
	else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if ((oh = digits(p + 1, 2)) < 0 || oh > 23)
			goto bad;
		om = 0;
		if (isdigit((unsigned char)p[3])) {
			if ((om = digits(p + 3, 2)) < 0 || om > 59)
				goto bad;
			off = oh * 3600 + om * 60;
			p += 5;
		} else {
			off = oh * 3600;
			p += 3;
		}
		off *= sign;
	} else
		goto bad;
	if (*p != '\0')
		goto bad;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec > 59 ? 59 : sec;
	t = timegm(&tm);
	iso_from_unix((int64_t)t - off, out);
	return 0;
bad:
	return err_set(e, PARC_EDATA, "'%.40s' is not a generalized time", s);
}

int
ad_range_parse(const char *desc, size_t *baselen, long *low, long *high,
    struct err *e)
{
	const char *p = desc, *opt;
	char *end;

	*baselen = strcspn(desc, ";");
	for (p = desc + *baselen; *p == ';'; p = opt + strcspn(opt, ";")) {
		opt = p + 1;
		if (strncasecmp(opt, "range=", 6) != 0)
			continue;
		opt += 6;
		if (!isdigit((unsigned char)*opt))
			goto bad;
		errno = 0;
		*low = strtol(opt, &end, 10);
		if (errno != 0 || *end != '-')
			goto bad;
		opt = end + 1;
		if (*opt == '*') {
			*high = -1;
			end = (char *)opt + 1;
		} else {
			if (!isdigit((unsigned char)*opt))
				goto bad;
			*high = strtol(opt, &end, 10);
			if (errno != 0 || *high < *low)
				goto bad;
		}
		if (*end != '\0' && *end != ';')
			goto bad;
		return 1;
	}
	return 0;
bad:
	return err_set(e, PARC_EDATA, "malformed range option in '%.80s'",
	    desc);
}

/* ---- options ---- */

const char *const adc_keys[] = {
	"privileged_groups",
	"privileged_tier",
	"service_accounts",
	"domain",
	NULL,
};

/* Split a comma list into trimmed, non-empty malloc'd items. */
static void
split_list(const char *s, char ***out, size_t *n)
{
	const char *p = s, *q, *a, *b;
	char *item;

	*out = NULL;
	*n = 0;
	while (p != NULL && *p != '\0') {
		q = strchr(p, ',');
		a = p;
		b = q != NULL ? q : p + strlen(p);
		while (a < b && isspace((unsigned char)*a))
			a++;
		while (b > a && isspace((unsigned char)b[-1]))
			b--;
		if (b > a) {
			item = xmalloc((size_t)(b - a) + 1);
			memcpy(item, a, (size_t)(b - a));
			item[b - a] = '\0';
			*out = xrealloc(*out, (*n + 1) * sizeof(**out));
			(*out)[(*n)++] = item;
		}
		p = q != NULL ? q + 1 : NULL;
	}
}

int
adc_options_read(const struct config *c, const struct conf_section *sec,
    struct adc_options *o, struct catalog **cat, struct err *e)
{
	const char *v;
	long tier = 1;
	int rc;

	memset(o, 0, sizeof(*o));
	*cat = NULL;
	o->source = sec->name;
	if ((rc = conf_int(c, sec, "privileged_tier", 0, 3, &tier, e)) != 0)
		return rc;
	o->site_tier = (int)tier;
	split_list(conf_get(sec, "privileged_groups"), &o->site_groups,
	    &o->nsite_groups);
	/* Naming rules for service accounts; an SPN marks one too. */
	v = conf_get(sec, "service_accounts");
	split_list(v != NULL ? v : "svc-*, svc_*", &o->service_globs,
	    &o->nservice_globs);
	o->domain = conf_get(sec, "domain");
	if ((rc = source_load_catalog(c, cat, e)) != 0) {
		adc_options_release(o);
		return rc;
	}
	o->catalog = *cat;
	return 0;
}

void
adc_options_release(struct adc_options *o)
{
	size_t i;

	for (i = 0; i < o->nsite_groups; i++)
		free(o->site_groups[i]);
	free(o->site_groups);
	for (i = 0; i < o->nservice_globs; i++)
		free(o->service_globs[i]);
	free(o->service_globs);
	o->site_groups = o->service_globs = NULL;
	o->nsite_groups = o->nservice_globs = 0;
}

/* ---- the collector ---- */

enum obj_class {
	OC_USER = 1 << 0,
	OC_COMPUTER = 1 << 1,
	OC_GROUP = 1 << 2,
	OC_FSP = 1 << 3,
	OC_MSA = 1 << 4, /* (group) managed service account */
};

enum obj_type {
	T_NONE,
	T_USER,
	T_COMPUTER,
	T_GROUP,
	T_FSP
};

struct obj {
	char *dn, *dnkey, *where;
	unsigned cls;
	enum obj_type type;
	char *sid;
	char *sam, *upn, *mail, *employee_id, *display, *description;
	long uac, admin_count, pgid, group_type; /* -1 or LONG_MIN: unset */
	int has_uac, has_group_type;
	char created[21], last_logon[21], pwd_last_set[21], expires[21];
	char *manager_dn, *managed_by;
	char **spn;
	size_t nspn;
	char **members; /* of a group: dn_key()s, from adc_end on */
	size_t nmembers;
	/* filled by adc_emit (and adc_stream) */
	int classified; /* ce and site are set */
	int done;	/* emitted (or not to be) by adc_stream */
	int emit;	/* emitted as a principal */
	int protected;	/* in a protected group at any depth */
	int under;	/* in a privileged group at any depth */
	const struct catalog_entry *ce; /* what classifies it, or NULL */
	int site; /* a site privileged group from the configuration */
	size_t unresolved;
};

/*
 * A member value no object answered when adc_stream() began: the accounts
 * still to come find the groups that list them here.
 */
struct mref {
	const char *key; /* the group's members[] entry */
	size_t group;
	size_t next; /* the next mref with this key, + 1; 0: none */
};

struct adc {
	const struct adc_options *o;
	struct obj **v;
	size_t n, alloc;
	struct obj *cur;
	/* object numbers by dnkey and by SID (keys are the objects') */
	struct strhash by_dn, by_sid;
	int cur_bad; /* current entry is being dropped */
	/* adc_stream(): where accounts go as they end */
	struct sink *stream;
	struct mref *mref;
	size_t nmref, amref;
	struct strhash mfirst; /* a key's newest mref, + 1 */
	struct sb attrs;
};

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

/*
 * AdminSDHolder's protected groups (Microsoft, "Appendix C: Protected
 * Accounts and Groups in Active Directory"): builtin SIDs and domain RIDs.
 */
static const char *const protected_builtin[] = {
	"S-1-5-32-544", /* Administrators */
	"S-1-5-32-548", /* Account Operators */
	"S-1-5-32-549", /* Server Operators */
	"S-1-5-32-550", /* Print Operators */
	"S-1-5-32-551", /* Backup Operators */
	"S-1-5-32-552", /* Replicator */
};
static const long protected_rids[] = {
	512, /* Domain Admins */
	516, /* Domain Controllers */
	518, /* Schema Admins */
	519, /* Enterprise Admins */
	521, /* Read-only Domain Controllers */
	526, /* Key Admins */
	527, /* Enterprise Key Admins */
};
static const long protected_account_rids[] = {
	500, /* Administrator */
	502, /* krbtgt */
};

/* Names of the well-known SIDs that appear as foreign principals. */
static const struct {
	const char *sid, *name;
} wellknown[] = {
	{ "S-1-1-0", "Everyone" },
	{ "S-1-5-4", "Interactive" },
	{ "S-1-5-7", "Anonymous Logon" },
	{ "S-1-5-9", "Enterprise Domain Controllers" },
	{ "S-1-5-11", "Authenticated Users" },
	{ "S-1-5-17", "IUSR" },
};

/* The object number of key in ix (by_dn or by_sid), or (size_t)-1. */
static size_t
index_get(const struct strhash *ix, const char *key)
{
	const size_t *v = strhash_find(ix, key);

	return v != NULL ? *v : (size_t)-1;
}

/*
 * A DN in the form used for lookups: ASCII lower case, no blanks around
 * the separators (member values and entry names may be written with
 * different case or spacing, and LDIF files by hand).
 */
static char *
dn_key(const char *dn)
{
	struct sb sb = SB_INIT;
	const char *p;

	for (p = dn; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0') {
			sb_addc(&sb, *p++);
			sb_addc(&sb, tolower((unsigned char)*p));
			continue;
		}
		if (*p == ' ' &&
		    (sb.len == 0 || sb.buf[sb.len - 1] == ',' ||
			sb.buf[sb.len - 1] == '='))
			continue;
		if ((*p == ',' || *p == '=') && sb.len > 0)
			while (sb.len > 0 && sb.buf[sb.len - 1] == ' ')
				sb.buf[--sb.len] = '\0';
		sb_addc(&sb, tolower((unsigned char)*p));
	}
	while (sb.len > 0 && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	return sb_detach(&sb);
}

/* The value of the first RDN of dn (CN=Domain Admins,... -> Domain Admins). */
static char *
dn_first_value(const char *dn)
{
	struct sb sb = SB_INIT;
	const char *p = strchr(dn, '=');

	if (p == NULL)
		return xstrdup(dn);
	for (p++; *p != '\0' && *p != ','; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		sb_addc(&sb, *p);
	}
	return sb_detach(&sb);
}

/* "corp.example.com" from the DC= parts of dn, or NULL. */
static char *
dn_domain(const char *dn)
{
	struct sb sb = SB_INIT;
	const char *p = dn;
	size_t n;

	while (*p != '\0') {
		while (*p == ' ' || *p == ',')
			p++;
		if (strncasecmp(p, "DC=", 3) == 0) {
			p += 3;
			n = strcspn(p, ",");
			if (sb.len > 0)
				sb_addc(&sb, '.');
			sb_add(&sb, p, n);
			p += n;
		} else {
			p += strcspn(p, ",");
		}
	}
	if (sb.len == 0) {
		sb_release(&sb); /* "DC=," may have grown it */
		return NULL;
	}
	return sb_detach(&sb);
}

/* The object named dn (any case or spacing), or (size_t)-1. */
static size_t
lookup_dn(const struct adc *a, const char *dn)
{
	char *key = dn_key(dn);
	size_t k = index_get(&a->by_dn, key);

	free(key);
	return k;
}

static void
obj_free(struct obj *o)
{
	size_t i;

	if (o == NULL)
		return;
	free(o->dn);
	free(o->dnkey);
	free(o->where);
	free(o->sid);
	free(o->sam);
	free(o->upn);
	free(o->mail);
	free(o->employee_id);
	free(o->display);
	free(o->description);
	free(o->manager_dn);
	free(o->managed_by);
	for (i = 0; i < o->nspn; i++)
		free(o->spn[i]);
	free(o->spn);
	for (i = 0; i < o->nmembers; i++)
		free(o->members[i]);
	free(o->members);
	free(o);
}

struct adc *
adc_new(const struct adc_options *o)
{
	struct adc *a = xcalloc(1, sizeof(*a));

	a->o = o;
	return a;
}

void
adc_free(struct adc *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->n; i++)
		obj_free(a->v[i]);
	free(a->v);
	obj_free(a->cur);
	strhash_release(&a->by_dn);
	strhash_release(&a->by_sid);
	free(a->mref);
	strhash_release(&a->mfirst);
	sb_release(&a->attrs);
	free(a);
}

size_t
adc_count(const struct adc *a)
{
	return a->n;
}

void
adc_begin(struct adc *a, const char *dn, const char *where)
{
	obj_free(a->cur);
	a->cur = xcalloc(1, sizeof(*a->cur));
	a->cur->dn = xstrdup(dn);
	a->cur->where = xstrdup(where);
	a->cur->admin_count = -1;
	a->cur->pgid = -1;
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
	if ((rc = ad_range_parse(desc, &baselen, &low, &high, &sub)) < 0)
		return bad_value(a, desc, sub.msg, e);
	for (i = 0; i < NELEM(attrs); i++)
		if (strlen(attrs[i].name) == baselen &&
		    strncasecmp(attrs[i].name, desc, baselen) == 0)
			break;
	if (i == NELEM(attrs))
		return 0;
	if (rc == 1)
		return bad_value(a, desc,
		    "is only part of the values (AD range retrieval): the "
		    "export was cut; export with a tool that follows ranges "
		    "(ldifde, or parc's kind = ad)",
		    e);
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
		if ((rc = text_value(a, desc, val, len, &s, e)) != 0)
			return rc;
		push(&o->members, &o->nmembers, s);
		return 0;
	}
	return 0;
}

static int stream_account(struct adc *a, size_t i, struct err *e);
static const char *type_name(enum obj_type t);

int
adc_end(struct adc *a, struct err *e)
{
	struct obj *o = a->cur;
	struct sb tmp = SB_INIT;
	char *key;
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
		obj_free(o);
		return 0;
	}
	if (o->sid == NULL) {
		/* A foreign principal is named by its SID. */
		if (o->type == T_FSP) {
			o->sid = dn_first_value(o->dn);
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
		o->sam = dn_first_value(o->dn);
	}
	/*
	 * Only a group has members (AD's schema allows member nowhere
	 * else); they are kept in the form lookups use.
	 */
	for (k = 0; k < o->nmembers; k++) {
		key = o->type == T_GROUP ? dn_key(o->members[k]) : NULL;
		free(o->members[k]);
		o->members[k] = key;
	}
	if (o->type != T_GROUP)
		o->nmembers = 0;
	if (a->stream != NULL && (o->type == T_GROUP || o->type == T_FSP)) {
		rc = err_set(e, PARC_EDATA,
		    "%s: %s %s came after the groups were all read (from the "
		    "users search)",
		    o->where, type_name(o->type), shown(&tmp, o->dn));
		goto out;
	}
	o->dnkey = dn_key(o->dn);
	if ((k = index_get(&a->by_dn, o->dnkey)) != (size_t)-1) {
		rc = err_set(e, PARC_EDATA, "%s: entry %s appears twice (%s)",
		    o->where, shown(&tmp, o->dn), a->v[k]->where);
		goto out;
	}
	if ((k = index_get(&a->by_sid, o->sid)) != (size_t)-1) {
		rc = err_set(e, PARC_EDATA,
		    "%s: entry %s has the SID %s of an entry read at %s",
		    o->where, shown(&tmp, o->dn), o->sid, a->v[k]->where);
		goto out;
	}
	if (a->n == a->alloc) {
		a->alloc = a->alloc ? a->alloc * 2 : 256;
		a->v = xrealloc(a->v, a->alloc * sizeof(*a->v));
	}
	a->v[a->n++] = o;
	*strhash_put(&a->by_dn, o->dnkey, NULL) = a->n - 1;
	*strhash_put(&a->by_sid, o->sid, NULL) = a->n - 1;
	o = NULL;
	if (a->stream != NULL)
		rc = stream_account(a, a->n - 1, e);
out:
	obj_free(o);
	sb_release(&tmp);
	return rc;
}

/* ---- resolving and emitting ---- */

struct edge {
	size_t member, group;
	int primary;
};

static int
edge_by_group(const void *x, const void *y)
{
	const struct edge *a = x, *b = y;

	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->member != b->member)
		return a->member < b->member ? -1 : 1;
	return 0;
}

/* The object with SID "<domain part of sid>-rid", or (size_t)-1. */
static size_t
by_domain_rid(const struct adc *a, const char *sid, long rid)
{
	struct sb sb = SB_INIT;
	const char *p = strrchr(sid, '-');
	size_t k;

	if (p == NULL || strncmp(sid, "S-1-5-21-", 9) != 0)
		return (size_t)-1;
	sb_add(&sb, sid, (size_t)(p - sid));
	sb_addf(&sb, "-%ld", rid);
	k = index_get(&a->by_sid, sb.buf);
	sb_release(&sb);
	return k;
}

static int
is_protected_group(const struct obj *o)
{
	long rid;
	size_t i;

	for (i = 0; i < NELEM(protected_builtin); i++)
		if (strcmp(o->sid, protected_builtin[i]) == 0)
			return 1;
	if (strncmp(o->sid, "S-1-5-21-", 9) != 0)
		return 0;
	rid = ad_sid_rid(o->sid);
	for (i = 0; i < NELEM(protected_rids); i++)
		if (rid == protected_rids[i])
			return 1;
	return 0;
}

static int
is_protected_account(const struct obj *o)
{
	long rid;
	size_t i;

	if (strncmp(o->sid, "S-1-5-21-", 9) != 0)
		return 0;
	rid = ad_sid_rid(o->sid);
	for (i = 0; i < NELEM(protected_account_rids); i++)
		if (rid == protected_account_rids[i])
			return 1;
	return 0;
}

static const char *
wellknown_name(const char *sid)
{
	size_t i;

	for (i = 0; i < NELEM(wellknown); i++)
		if (strcmp(wellknown[i].sid, sid) == 0)
			return wellknown[i].name;
	return NULL;
}

static int
is_service(const struct adc *a, const struct obj *o)
{
	size_t i;

	if (o->cls & OC_MSA)
		return 1;
	if (o->type != T_USER)
		return 0;
	if (o->nspn > 0)
		return 1;
	for (i = 0; i < a->o->nservice_globs; i++)
		if (fnmatch(a->o->service_globs[i], o->sam, FNM_CASEFOLD) == 0)
			return 1;
	return 0;
}

static void
json_bool(struct sb *sb, const char *key, int v)
{
	sb_addf(sb, ",\"%s\":%s", key, v ? "true" : "false");
}

static void
json_str(struct sb *sb, const char *key, const char *v)
{
	sb_addf(sb, ",\"%s\":", key);
	sb_add_json(sb, v);
}

static const char *
or_null(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

static const char *
type_name(enum obj_type t)
{
	switch (t) {
	case T_USER:
		return "user";
	case T_COMPUTER:
		return "computer";
	case T_GROUP:
		return "group";
	case T_FSP:
		return "foreignSecurityPrincipal";
	default:
		return "?";
	}
}

/* The attrs JSON of a principal. */
static void
principal_attrs(const struct adc *a, const struct obj *o, struct sb *sb)
{
	const struct obj *m;
	size_t i, k;

	sb_reset(sb);
	sb_adds(sb, "{\"dn\":");
	sb_add_json(sb, o->dn);
	json_str(sb, "object_class", type_name(o->type));
	if (o->admin_count >= 0)
		sb_addf(sb, ",\"admin_count\":%ld", o->admin_count);
	json_bool(sb, "protected", o->protected);
	if (or_null(o->description))
		json_str(sb, "description", o->description);
	if (o->type == T_GROUP) {
		if (o->has_group_type) {
			sb_addf(sb, ",\"group_type\":%ld", o->group_type);
			json_str(sb, "group_scope",
			    o->group_type & 0x4	      ? "domain local"
				: o->group_type & 0x8 ? "universal"
				: o->group_type & 0x1 ? "builtin"
						      : "global");
			json_bool(sb, "security",
			    (o->group_type & (long)0x80000000L) != 0 ||
				o->group_type < 0);
		}
		if (o->managed_by != NULL) {
			json_str(sb, "managed_by_dn", o->managed_by);
			if ((k = lookup_dn(a, o->managed_by)) != (size_t)-1)
				json_str(sb, "managed_by", a->v[k]->sam);
		}
		if (o->unresolved > 0)
			sb_addf(sb, ",\"unresolved_members\":%zu",
			    o->unresolved);
		sb_addc(sb, '}');
		return;
	}
	if (o->type == T_FSP) {
		json_bool(sb, "foreign", 1);
		sb_addc(sb, '}');
		return;
	}
	if (o->has_uac) {
		sb_addf(sb, ",\"uac\":%ld", o->uac);
		json_bool(sb, "disabled", (o->uac & UAC_ACCOUNTDISABLE) != 0);
		json_bool(sb, "password_never_expires",
		    (o->uac & UAC_DONT_EXPIRE_PASSWORD) != 0);
		json_bool(sb, "password_not_required",
		    (o->uac & UAC_PASSWD_NOTREQD) != 0);
		json_bool(sb, "smartcard_required",
		    (o->uac & UAC_SMARTCARD_REQUIRED) != 0);
		json_bool(sb, "trusted_for_delegation",
		    (o->uac & UAC_TRUSTED_FOR_DELEGATION) != 0);
		json_bool(sb, "preauth_not_required",
		    (o->uac & UAC_DONT_REQ_PREAUTH) != 0);
	}
	json_str(sb, "account_expires", or_null(o->expires));
	json_str(sb, "last_logon_timestamp", or_null(o->last_logon));
	sb_adds(sb, ",\"spn\":[");
	for (i = 0; i < o->nspn; i++) {
		if (i > 0)
			sb_addc(sb, ',');
		sb_add_json(sb, o->spn[i]);
	}
	sb_addc(sb, ']');
	if (o->pgid >= 0) {
		sb_addf(sb, ",\"primary_group_id\":%ld", o->pgid);
		k = by_domain_rid(a, o->sid, o->pgid);
		if (k != (size_t)-1)
			json_str(sb, "primary_group", a->v[k]->sam);
	}
	if (o->manager_dn != NULL) {
		json_str(sb, "manager_dn", o->manager_dn);
		if ((k = lookup_dn(a, o->manager_dn)) != (size_t)-1) {
			m = a->v[k];
			json_str(sb, "manager", m->sam);
			if (m->employee_id != NULL)
				json_str(sb, "manager_employee_id",
				    m->employee_id);
		}
	}
	sb_addc(sb, '}');
}

static int
emit_principal(struct adc *a, const struct obj *o, struct sink *sink,
    struct sb *attrs, struct err *e)
{
	struct rec_principal r;
	const char *wk;

	memset(&r, 0, sizeof(r));
	r.ext_id = o->sid;
	r.name = o->sam;
	r.display_name = o->display;
	r.enabled = -1;
	r.mfa = -1;
	switch (o->type) {
	case T_GROUP:
		r.kind = "group";
		break;
	case T_COMPUTER:
		r.kind = is_service(a, o) ? "service" : "computer";
		break;
	case T_FSP:
		r.kind = "shared";
		if ((wk = wellknown_name(o->sid)) != NULL)
			r.display_name = wk;
		else
			r.kind = "human";
		break;
	default:
		r.kind = is_service(a, o) ? "service" : "human";
	}
	if ((o->type == T_USER || o->type == T_COMPUTER) && o->has_uac)
		r.enabled = (o->uac & UAC_ACCOUNTDISABLE) ? 0 : 1;
	r.email = or_null(o->mail);
	r.upn = or_null(o->upn);
	r.employee_id = or_null(o->employee_id);
	r.created_at = or_null(o->created);
	r.last_used_at = or_null(o->last_logon);
	r.password_last_set = or_null(o->pwd_last_set);
	principal_attrs(a, o, attrs);
	r.attrs = attrs->buf;
	return sink_principal(sink, &r, e);
}

/* The owner of a group: its managedBy's employee id or account name. */
static const char *
group_owner(const struct adc *a, const struct obj *g)
{
	size_t k;

	if (g->managed_by == NULL ||
	    (k = lookup_dn(a, g->managed_by)) == (size_t)-1)
		return NULL;
	return a->v[k]->employee_id ? a->v[k]->employee_id : a->v[k]->sam;
}

static int
emit_entitlements(struct adc *a, const char *scope, struct sink *sink,
    struct sb *attrs, struct err *e)
{
	const struct catalog_entry *ce;
	struct rec_entitlement r;
	struct rec_assignment as;
	struct sb id = SB_INIT, reason = SB_INIT;
	struct obj *o;
	size_t i;
	int rc = 0;

	for (i = 0; i < a->n && rc == 0; i++) {
		o = a->v[i];
		if (!o->emit || (o->type != T_GROUP && o->type != T_USER))
			continue;
		memset(&r, 0, sizeof(r));
		sb_reset(&reason);
		sb_reset(attrs);
		ce = o->ce;
		if (ce != NULL) {
			r.tier = ce->tier;
			r.reason = ce->reason;
			r.techniques = or_null(ce->techniques);
			sb_adds(attrs, "{\"catalog\":");
			sb_addf(&reason, "%s:%d", ce->file, ce->line);
			sb_add_json(attrs, reason.buf);
			sb_reset(&reason);
			sb_addf(&reason, "%s %s", ce->how, ce->match);
			json_str(attrs, "match", reason.buf);
			sb_reset(&reason);
		} else if (o->site) {
			r.tier = a->o->site_tier;
			sb_addf(&reason,
			    "site privileged group (privileged_groups of "
			    "[source %s])",
			    a->o->source);
			r.reason = reason.buf;
			sb_adds(attrs, "{\"catalog\":null");
		} else
			continue;
		json_bool(attrs, "protected",
		    o->type == T_GROUP ? is_protected_group(o)
				       : is_protected_account(o));
		sb_addc(attrs, '}');
		r.name = o->sam;
		r.scope = scope;
		r.attrs = attrs->buf;
		if (o->type == T_GROUP) {
			r.ext_id = o->sid;
			r.kind = "group";
			r.owner = group_owner(a, o);
			r.group_ext_id = o->sid;
			rc = sink_entitlement(sink, &r, e);
			continue;
		}
		/* An account the catalog names is privileged by itself. */
		sb_reset(&id);
		sb_addf(&id, "account:%s", o->sid);
		r.ext_id = id.buf;
		r.kind = "account";
		if ((rc = sink_entitlement(sink, &r, e)) != 0)
			break;
		memset(&as, 0, sizeof(as));
		as.principal_ext_id = o->sid;
		as.entitlement_ext_id = id.buf;
		as.origin = "the account itself";
		rc = sink_assignment(sink, &as, e);
	}
	sb_release(&id);
	sb_release(&reason);
	return rc;
}

/* Find what classifies a group or user account (catalog, site). */
static void
classify(struct adc *a, struct obj *o)
{
	const char *kind;
	size_t j;

	if (o->classified)
		return;
	o->classified = 1;
	if (o->type != T_GROUP && o->type != T_USER)
		return;
	kind = o->type == T_GROUP ? "group" : "user";
	/* by SID first; the catalog's few name entries by name */
	if ((o->ce = catalog_match(a->o->catalog, "ad", kind, o->sid)) == NULL)
		o->ce = catalog_match(a->o->catalog, "ad", kind, o->sam);
	if (o->ce != NULL || o->type != T_GROUP)
		return;
	for (j = 0; j < a->o->nsite_groups; j++)
		if (strcasecmp(a->o->site_groups[j], o->sam) == 0 ||
		    strcasecmp(a->o->site_groups[j], o->sid) == 0)
			o->site = 1;
}

/*
 * Spread a mark (protected or under) from the objects that have it to
 * their members, at any depth; edges are sorted by group, start[g] ..
 * start[g + 1] are g's. Each object is visited once, so cycles end.
 */
static void
spread(struct adc *a, const struct edge *ed, const size_t *start, int under)
{
	struct obj *o;
	size_t *stack, nst = 0, i, j;

	stack = xmalloc((a->n + 1) * sizeof(*stack));
	for (i = 0; i < a->n; i++)
		if (under ? a->v[i]->under : a->v[i]->protected)
			stack[nst++] = i;
	while (nst > 0) {
		i = stack[--nst];
		for (j = start[i]; j < start[i + 1]; j++) {
			o = a->v[ed[j].member];
			if (under ? o->under : o->protected)
				continue;
			if (under)
				o->under = 1;
			else
				o->protected = 1;
			stack[nst++] = ed[j].member;
		}
	}
	free(stack);
}

/* The first mref of key, + 1; 0: none. */
static size_t
mref_first(const struct adc *a, const char *key)
{
	const size_t *v = strhash_find(&a->mfirst, key);

	return v != NULL ? *v : 0;
}

/* Note that group lists key, which names nothing yet. */
static void
mref_put(struct adc *a, const char *key, size_t group)
{
	size_t m, *first;

	if (a->nmref == a->amref) {
		a->amref = a->amref ? a->amref * 2 : 1024;
		a->mref = xrealloc(a->mref, a->amref * sizeof(*a->mref));
	}
	m = a->nmref++;
	a->mref[m].key = key;
	a->mref[m].group = group;
	/* the newest first: a key's chain starts at its newest */
	first = strhash_put(&a->mfirst, key, NULL);
	a->mref[m].next = *first;
	*first = m + 1;
}

static int
by_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/*
 * The domain of the entitlements: the one most entries' DNs name (ties: the
 * first by name), whatever order the entries came in. NULL if none does.
 */
static char *
common_domain(const struct adc *a)
{
	char **d = xcalloc(a->n + 1, sizeof(*d)), *best = NULL;
	size_t n = 0, i, j, run = 0;

	for (i = 0; i < a->n; i++)
		if ((d[n] = dn_domain(a->v[i]->dn)) != NULL)
			n++;
	if (n > 0)
		qsort(d, n, sizeof(*d), by_str);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(d[j], d[i]) == 0; j++)
			;
		if (j - i > run) {
			run = j - i;
			best = d[i];
		}
	}
	best = best != NULL ? xstrdup(best) : NULL;
	for (i = 0; i < n; i++)
		free(d[i]);
	free(d);
	return best;
}

/* Add the edge member -> group to *ed. */
static void
add_edge(struct edge **ed, size_t *ned, size_t *aed, size_t member,
    size_t group, int primary)
{
	if (*ned == *aed) {
		*aed = *aed ? *aed * 2 : 1024;
		*ed = xrealloc(*ed, *aed * sizeof(**ed));
	}
	(*ed)[*ned].member = member;
	(*ed)[*ned].group = group;
	(*ed)[(*ned)++].primary = primary;
}

/* The group that an account's primaryGroupID names, or (size_t)-1. */
static size_t
primary_group(const struct adc *a, const struct obj *o)
{
	size_t k;

	if (o->pgid <= 0 || (o->type != T_USER && o->type != T_COMPUTER) ||
	    (k = by_domain_rid(a, o->sid, o->pgid)) == (size_t)-1 ||
	    a->v[k]->type != T_GROUP)
		return (size_t)-1;
	return k;
}

/*
 * The edges between the objects collected so far (member values and
 * primary groups), sorted by group; start[g] .. start[g + 1] are g's.
 * Then the protected and privileged marks, spread down the edges. With
 * final, a member value that names nothing counts as its group's
 * unresolved member; without, it goes to the mrefs for adc_stream().
 */
static void
resolve(struct adc *a, int final, struct edge **edp, size_t *nedp,
    size_t **startp)
{
	struct edge *ed = NULL;
	size_t ned = 0, aed = 0, i, j, k, *start;
	struct obj *o;

	for (i = 0; i < a->n; i++) {
		o = a->v[i];
		for (j = 0; j < o->nmembers; j++) {
			k = index_get(&a->by_dn, o->members[j]);
			if (k != (size_t)-1)
				add_edge(&ed, &ned, &aed, k, i, 0);
			else if (final)
				o->unresolved++;
			else
				mref_put(a, o->members[j], i);
		}
		if ((k = primary_group(a, o)) != (size_t)-1)
			add_edge(&ed, &ned, &aed, i, k, 1);
	}
	if (ned > 0)
		qsort(ed, ned, sizeof(*ed), edge_by_group);
	start = xcalloc(a->n + 1, sizeof(*start));
	for (j = 0; j < ned; j++)
		start[ed[j].group + 1]++;
	for (i = 0; i < a->n; i++)
		start[i + 1] += start[i];
	for (i = 0; i < a->n; i++) {
		o = a->v[i];
		classify(a, o);
		o->protected = (o->type == T_GROUP && is_protected_group(o)) ||
		    is_protected_account(o);
		o->under = o->type == T_GROUP && (o->ce != NULL || o->site);
	}
	spread(a, ed, start, 0);
	spread(a, ed, start, 1);
	*edp = ed;
	*nedp = ned;
	*startp = start;
}

void
adc_stream(struct adc *a, struct sink *sink)
{
	struct edge *ed;
	size_t ned, *start;

	if (a->stream != NULL)
		return;
	resolve(a, 0, &ed, &ned, &start);
	free(ed);
	free(start);
	a->stream = sink;
}

/*
 * An account that ended after adc_stream(): every group is in, so what
 * it is a member of, its marks and its primary group are known now. It is
 * emitted with its memberships at once, unless its manager is still to
 * come (the attrs name the manager); adc_emit() does the rest.
 */
static int
stream_account(struct adc *a, size_t i, struct err *e)
{
	struct obj *o = a->v[i], *g;
	size_t k, r, pg;
	int rc;

	if (o->type != T_USER && o->type != T_COMPUTER)
		return 0;
	classify(a, o);
	pg = primary_group(a, o);
	o->protected = is_protected_account(o);
	o->under = 0;
	for (r = mref_first(a, o->dnkey); r != 0; r = a->mref[r - 1].next) {
		g = a->v[a->mref[r - 1].group];
		o->protected |= g->protected;
		o->under |= g->under;
	}
	if (pg != (size_t)-1) {
		o->protected |= a->v[pg]->protected;
		o->under |= a->v[pg]->under;
	}
	if (o->type != T_USER && !o->under) {
		o->done = 1; /* not emitted at all */
		return 0;
	}
	if ((o->manager_dn != NULL &&
		lookup_dn(a, o->manager_dn) == (size_t)-1) ||
	    (o->pgid >= 0 && by_domain_rid(a, o->sid, o->pgid) == (size_t)-1))
		return 0;
	if ((rc = emit_principal(a, o, a->stream, &a->attrs, e)) != 0)
		return rc;
	for (r = mref_first(a, o->dnkey); r != 0; r = a->mref[r - 1].next) {
		k = a->mref[r - 1].group;
		if ((rc = sink_membership(a->stream, o->sid, a->v[k]->sid,
			 e)) != 0)
			return rc;
	}
	if (pg != (size_t)-1 &&
	    (rc = sink_membership(a->stream, o->sid, a->v[pg]->sid, e)) != 0)
		return rc;
	o->done = 1;
	return 0;
}

int
adc_emit(struct adc *a, struct sink *sink, struct err *e)
{
	struct edge *ed = NULL;
	struct sb attrs = SB_INIT;
	size_t ned = 0, i, j, *start = NULL;
	struct obj *o;
	char *scope = NULL;
	int rc = 0;

	/* 1. edges, the AdminSDHolder-protected set, the privileged set */
	resolve(a, 1, &ed, &ned, &start);

	/*
	 * 2. who is emitted: users and groups; computers and foreign
	 * principals when they hold privilege through a group (a domain's
	 * thousands of workstations would only be noise).
	 */
	for (i = 0; i < a->n; i++) {
		o = a->v[i];
		o->emit = o->type == T_USER || o->type == T_GROUP || o->under;
	}

	/*
	 * 3. principals, memberships (what adc_stream() emitted already
	 * aside: an account and all its memberships), entitlements
	 */
	for (i = 0; i < a->n && rc == 0; i++)
		if (a->v[i]->emit && !a->v[i]->done)
			rc = emit_principal(a, a->v[i], sink, &attrs, e);
	for (j = 0; j < ned && rc == 0; j++)
		if (a->v[ed[j].member]->emit && a->v[ed[j].group]->emit &&
		    !a->v[ed[j].member]->done)
			rc = sink_membership(sink, a->v[ed[j].member]->sid,
			    a->v[ed[j].group]->sid, e);
	if (rc == 0) {
		scope = a->o->domain != NULL ? xstrdup(a->o->domain)
					     : common_domain(a);
		rc = emit_entitlements(a, scope, sink, &attrs, e);
	}
	free(scope);
	free(ed);
	free(start);
	sb_release(&attrs);
	return rc;
}
