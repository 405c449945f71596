/*
 * ad_store.c - the AD collector's objects and their indexes (see
 * ad_store.h), and its life: adc_new(), adc_free(), adc_count() of
 * ad_common.h.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/sb.h"
#include "lib/strhash.h"
#include "sync/ad_store.h"

/* The object number of key in ix (by_dn or by_sid), or (size_t)-1. */
size_t
adc_index_get(const struct strhash *ix, const char *key)
{
	const union strhash_val *v = strhash_find(ix, key);

	return v != NULL ? v->num : (size_t)-1;
}

/* c in ASCII lower case (whatever the locale says of other bytes). */
static char
ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

void
adc_dn_key_add(struct sb *sb, const char *dn, size_t len)
{
	const char *p = dn, *end = dn + len;
	size_t base = sb->len;

	sb_grow(sb, len);
	for (; p < end; p++) {
		if (*p == '\\' && p + 1 < end) {
			sb->buf[sb->len++] = *p++;
			sb->buf[sb->len++] = ascii_lower(*p);
			continue;
		}
		if (*p == ' ' &&
		    (sb->len == base || sb->buf[sb->len - 1] == ',' ||
			sb->buf[sb->len - 1] == '='))
			continue;
		if ((*p == ',' || *p == '=') && sb->len > base)
			while (sb->len > base && sb->buf[sb->len - 1] == ' ')
				sb->len--;
		sb->buf[sb->len++] = ascii_lower(*p);
	}
	while (sb->len > base && sb->buf[sb->len - 1] == ' ')
		sb->len--;
	sb->buf[sb->len] = '\0';
}

char *
adc_dn_key(const char *dn)
{
	struct sb sb = SB_INIT;

	adc_dn_key_add(&sb, dn, strlen(dn));
	return sb_detach(&sb);
}

/* The value of the first RDN of dn (CN=Domain Admins,... -> Domain Admins). */
char *
adc_dn_first_value(const char *dn)
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
char *
adc_dn_domain(const char *dn)
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
size_t
adc_lookup_dn(const struct adc *a, const char *dn)
{
	char *key = adc_dn_key(dn);
	size_t k = adc_index_get(&a->by_dn, key);

	free(key);
	return k;
}

void
adc_obj_free(struct obj *o)
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
		adc_obj_free(a->v[i]);
	free(a->v);
	adc_obj_free(a->cur);
	sb_release(&a->mkeys);
	sb_release(&a->lastdesc);
	for (i = 0; i < 2; i++) {
		free(a->pre[i].rids);
		free(a->pre[i].names);
	}
	free(a->ed);
	for (i = 0; i < a->npend; i++)
		free(a->pend[i].key);
	free(a->pend);
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

/* The object with SID "<domain part of sid>-rid", or (size_t)-1. */
size_t
adc_by_domain_rid(const struct adc *a, const char *sid, long rid)
{
	struct sb sb = SB_INIT;
	const char *p = strrchr(sid, '-');
	size_t k;

	if (p == NULL || strncmp(sid, "S-1-5-21-", 9) != 0)
		return (size_t)-1;
	sb_add(&sb, sid, (size_t)(p - sid));
	sb_addf(&sb, "-%ld", rid);
	k = adc_index_get(&a->by_sid, sb.buf);
	sb_release(&sb);
	return k;
}

const char *
adc_type_name(enum obj_type t)
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
