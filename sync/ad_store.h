/*
 * ad_store.h - inside the AD collector (not for its callers: they include
 * ad_common.h): the objects it keeps, their indexes, and the DN forms
 * lookups use. Shared by its three parts: ad_intake.c fills the store
 * entry by entry, ad_emit.c resolves and emits it, ad_store.c holds it
 * (with adc_new(), adc_free() and adc_count() of ad_common.h).
 *
 * An object is kept by number, its index in a->v: the numbers stay true
 * while a->v grows, and the edges and indexes are made of them.
 *
 * A group's member values are not kept: when the group ends, each value
 * that names an object read already becomes an edge (two numbers), and
 * the rest wait as pending keys until the objects they name come (or the
 * directory ends). An edge between a user or group and a group goes into
 * the sink at once when adc_stage() gave one; so a directory's member
 * lists are never all in memory, only its objects and 12 bytes an edge.
 */
#ifndef PARC_AD_STORE_H
#define PARC_AD_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "db/catalog.h"
#include "db/sink.h"
#include "lib/sb.h"
#include "lib/strhash.h"
#include "sync/ad_common.h"

/* What objectClass values say an entry is (bits of struct obj's cls). */
enum obj_class {
	OC_USER = 1 << 0,
	OC_COMPUTER = 1 << 1,
	OC_GROUP = 1 << 2,
	OC_FSP = 1 << 3,
	OC_MSA = 1 << 4, /* (group) managed service account */
};

/* What the collector takes an entry for (from cls, by adc_end()). */
enum obj_type {
	T_NONE,
	T_USER,
	T_COMPUTER,
	T_GROUP,
	T_FSP
};

/* One kept entry: a user, computer, group or foreign principal. */
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
	size_t nmembers; /* member values (their keys: adc's mkeys) */
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

/* A member value that named an object: member -> group. */
struct edge {
	uint32_t member, group;
	int staged; /* in the sink already (adc_stage()) */
};

/* A member value that named nothing yet, by its key (adc_dn_key()). */
struct pend {
	char *key;
	uint32_t group;
};

/*
 * A member value no object answered when adc_stream() began: the accounts
 * still to come find the groups that list them here.
 */
struct mref {
	const char *key; /* a pend's key */
	size_t group;
	size_t next; /* the next mref with this key, + 1; 0: none */
};

/*
 * What the catalog's entries of family "ad" and one kind could match (see
 * ad_emit.c's catalog_may()): read from the catalog once, so that the
 * many accounts no entry names are not matched against all of it.
 */
struct catpre {
	int ready;
	int any; /* an entry matching by glob (or unknown): anything may */
	unsigned long *rids;
	size_t nrids;
	const char **names; /* exact, name and sid entries' texts */
	size_t nnames;
};

/* The collector (opaque to callers: ad_common.h). */
struct adc {
	const struct adc_options *o;
	struct obj **v;
	size_t n, alloc;
	struct obj *cur;
	struct sb mkeys;    /* cur's member values' keys, each NUL-ended */
	struct sb lastdesc; /* adc_value()'s last attribute description */
	size_t lastattr;    /* and what it is (see ad_intake.c) */
	/* what the member values said (see the top of this file) */
	struct edge *ed;
	size_t ned, aed;
	struct pend *pend;
	size_t npend, apend;
	struct sink *stage;   /* adc_stage(): where edges go as groups end */
	struct catpre pre[2]; /* for kind "group", "user" */
	/* object numbers by dnkey and by SID (keys are the objects') */
	struct strhash by_dn, by_sid;
	/* adc_stream(): where accounts go as they end */
	struct sink *stream;
	struct mref *mref;
	size_t nmref, amref;
	struct strhash mfirst; /* a key's newest mref, + 1 */
	struct sb attrs;
	int stream_order; /* adc_stream_order(): adc_emit()'s order */
};

/*
 * The lookups return an object number, or (size_t)-1 for none.
 *
 * The number of the object whose key (in ix: by_dn or by_sid) is key.
 */
size_t adc_index_get(const struct strhash *ix, const char *key);

/* The number of the object named dn (any case or spacing). */
size_t adc_lookup_dn(const struct adc *a, const char *dn);

/*
 * The number of the object with SID "<domain part of sid>-rid" (a
 * primaryGroupID names its group so), when sid is a domain's (S-1-5-21-).
 */
size_t adc_by_domain_rid(const struct adc *a, const char *sid, long rid);

/*
 * A DN in the form used for lookups (malloc'd): ASCII lower case, no
 * blanks around the separators, since member values and entry names may be
 * written with different case or spacing, and LDIF files by hand.
 */
char *adc_dn_key(const char *dn);

/* The same form of dn's len bytes, added to sb (no NUL added). */
void adc_dn_key_add(struct sb *sb, const char *dn, size_t len);

/*
 * The value of dn's first RDN, malloc'd (CN=Domain Admins,... -> Domain
 * Admins).
 */
char *adc_dn_first_value(const char *dn);

/* "corp.example.com" from the DC= parts of dn (malloc'd), or NULL. */
char *adc_dn_domain(const char *dn);

/* Free o and all it holds; adc_obj_free(NULL) is a no-op. */
void adc_obj_free(struct obj *o);

/* "user", "computer", "group", "foreignSecurityPrincipal" (or "?"). */
const char *adc_type_name(enum obj_type t);

/*
 * In ad_emit.c, for adc_end(): object i, a group, has ended with its
 * member values' keys in a->mkeys. Each that names an object becomes an
 * edge (into a->stage at once when it joins a user or group), the others
 * pending. Sink errors are returned as they are.
 */
int adc_take_members(struct adc *a, size_t i, struct err *e);

/*
 * In ad_emit.c, for adc_end(): object i (an account) has ended after
 * adc_stream(); emit it at once into a->stream when all it names is in.
 * Sink errors are returned as they are.
 */
int adc_stream_account(struct adc *a, size_t i, struct err *e);

#endif
