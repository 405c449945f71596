/* ad.c - Active Directory over LDAP (see ad.h). */
#include <sys/socket.h>
#include <sys/time.h>

#include <ctype.h>
#include <errno.h>
#include <lber.h>
#include <ldap.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lib/sb.h"
#include "sync/ad.h"
#include "sync/ad_common.h"
#include "sync/ad_guard.h"
#include "sync/ad_hint.h"

/* Connections, each with its own paged search (see ad_search). */
#define NCONN 2

static const char *const ad_keys[] = {
	"uri",
	"base_dn",
	"bind_dn",
	"password_file",
	"password_env",
	"password_command",
	"ca_file",
	"allow_insecure",
	"starttls",
	"sasl_mech",
	"page_size",
	"timeout",
	"member_range",
	"privileged_groups",
	"privileged_tier",
	"service_accounts",
	"domain",
	NULL,
};

/* The attributes ad_intake.c reads; nothing else is asked for. */
static char *search_attrs[] = {
	"objectClass",
	"sAMAccountName",
	"userPrincipalName",
	"objectSid",
	"userAccountControl",
	"lastLogonTimestamp",
	"pwdLastSet",
	"whenCreated",
	"accountExpires",
	"manager",
	"mail",
	"employeeID",
	"displayName",
	"servicePrincipalName",
	"adminCount",
	"primaryGroupID",
	"description",
	"member",
	"groupType",
	"managedBy",
	NULL,
};

struct ad {
	const struct config *c; /* lives for the whole sync */
	const struct conf_section *sec;
	char *uri, *base_dn, *bind_dn, *ca_file, *sasl_mech;
	int allow_insecure, starttls, ldaps;
	long page_size, timeout;
	int page_set;	   /* page_size was configured: always pages */
	long member_range; /* values per member;range request, 0: server's */
	char *attrs[32];   /* search_attrs, member ranged when asked */
	char member_attr[64];
	struct adc_options o;
	struct catalog *cat;
	LDAP *ld[NCONN]; /* the users and computers; the groups */
	struct ad_guard guard[NCONN + 1]; /* one per connection; the probe */
	int cert_untrusted; /* TLS works only without certificate checks */
	struct sb msg;	    /* scratch for messages */
	char note[96];	    /* for the progress line (ad_note), or "" */
};

static void ad_close(void *state);

static int
ad_open(const struct config *c, const struct conf_section *sec, void **state,
    struct err *e)
{
	struct ad *a;
	char where[PATH_MAX + 32];
	const char *v;
	int rc, n;

	*state = NULL;
	if ((rc = conf_check_keys(c, sec, ad_keys, e)) != 0)
		return rc;
	a = xcalloc(1, sizeof(*a));
	for (n = 0; n < NCONN + 1; n++)
		ad_guard_init(&a->guard[n]);
	sb_init(&a->msg);
	a->c = c;
	a->sec = sec;
	a->page_size = 1000;
	a->timeout = 30;
	a->starttls = 1;
	if ((v = conf_get(sec, "uri")) == NULL ||
	    (v = conf_get(sec, "base_dn")) == NULL) {
		rc = err_set(e, PARC_ECONFIG,
		    "%s: [source %s] needs uri = ldaps://HOST (or ldap://HOST) "
		    "and base_dn = DC=...",
		    conf_where(c, sec->line, where, sizeof(where)), sec->name);
		goto out;
	}
	a->uri = xstrdup(conf_get(sec, "uri"));
	a->base_dn = xstrdup(conf_get(sec, "base_dn"));
	if (strncasecmp(a->uri, "ldaps://", 8) == 0)
		a->ldaps = 1;
	else if (strncasecmp(a->uri, "ldap://", 7) != 0) {
		rc = err_set(e, PARC_ECONFIG,
		    "%s: [source %s] uri must start with ldaps:// or ldap://, "
		    "not '%.60s'",
		    conf_where(c, conf_line(sec, "uri"), where, sizeof(where)),
		    sec->name, a->uri);
		goto out;
	}
	/*
	 * Several servers (libldap tries them in turn) must share the
	 * first's scheme: an ldap:// after an ldaps:// would get the
	 * password with neither TLS nor StartTLS.
	 */
	for (v = a->uri; *(v += strspn(v, " \t,")) != '\0';
	     v += strcspn(v, " \t,"))
		if (strncasecmp(v, a->ldaps ? "ldaps://" : "ldap://",
			a->ldaps ? 8 : 7) != 0) {
			rc = err_set(e, PARC_ECONFIG,
			    "%s: [source %s] uri: every server must start "
			    "with %s like the first, not '%.*s'",
			    conf_where(c, conf_line(sec, "uri"), where,
				sizeof(where)),
			    sec->name, a->ldaps ? "ldaps://" : "ldap://",
			    (int)(strcspn(v, " \t,") > 60 ? 60
							  : strcspn(v, " \t,")),
			    v);
			goto out;
		}
	if ((rc = conf_bool(c, sec, "allow_insecure", &a->allow_insecure, e)) !=
		0 ||
	    (rc = conf_bool(c, sec, "starttls", &a->starttls, e)) != 0 ||
	    (rc = conf_int(c, sec, "page_size", 1, 100000, &a->page_size, e)) !=
		0 ||
	    (rc = conf_int(c, sec, "timeout", 1, 86400, &a->timeout, e)) != 0 ||
	    (rc = conf_int(c, sec, "member_range", 0, 1000000, &a->member_range,
		 e)) != 0)
		goto out;
	/*
	 * AD cuts member lists at its MaxValRange (1,500) by itself; other
	 * servers (Samba) range them only when asked, which member_range
	 * does, so the range loop can be exercised and bounded anywhere.
	 */
	for (n = 0; search_attrs[n] != NULL; n++)
		a->attrs[n] = search_attrs[n];
	a->attrs[n] = NULL;
	if (a->member_range > 0) {
		snprintf(a->member_attr, sizeof(a->member_attr),
		    "member;range=0-%ld", a->member_range - 1);
		for (n = 0; a->attrs[n] != NULL; n++)
			if (strcmp(a->attrs[n], "member") == 0)
				a->attrs[n] = a->member_attr;
	}
	a->page_set = conf_get(sec, "page_size") != NULL;
	if ((v = conf_get(sec, "bind_dn")) != NULL)
		a->bind_dn = xstrdup(v);
	if ((v = conf_get(sec, "sasl_mech")) != NULL)
		a->sasl_mech = xstrdup(v);
	a->ca_file = conf_path(c, sec, "ca_file");
	n = (conf_get(sec, "password_file") != NULL) +
	    (conf_get(sec, "password_env") != NULL) +
	    (conf_get(sec, "password_command") != NULL);
	if (a->sasl_mech == NULL && (a->bind_dn == NULL || n != 1)) {
		rc = err_set(e, PARC_ECONFIG,
		    "%s: [source %s] needs bind_dn and one of password_file, "
		    "password_env, password_command (or sasl_mech = GSSAPI)",
		    conf_where(c, sec->line, where, sizeof(where)), sec->name);
		goto out;
	}
	if (a->sasl_mech == NULL && !a->ldaps && !a->starttls &&
	    !a->allow_insecure) {
		rc = err_set(e, PARC_ECONFIG,
		    "%s: [source %s] would send the bind password in clear "
		    "(ldap:// with starttls = no): use ldaps:// or StartTLS, "
		    "or set allow_insecure = yes",
		    conf_where(c, conf_line(sec, "starttls"), where,
			sizeof(where)),
		    sec->name);
		goto out;
	}
	if ((rc = adc_options_read(c, sec, &a->o, &a->cat, e)) != 0)
		goto out;
	a->o.origin = a->uri;
	*state = a;
	a = NULL;
out:
	ad_close(a);
	return rc;
}

static void
ad_close(void *state)
{
	struct ad *a = state;
	int i;

	if (a == NULL)
		return;
	for (i = 0; i < NCONN; i++)
		if (a->ld[i] != NULL)
			ldap_unbind_ext_s(a->ld[i], NULL, NULL);
	for (i = 0; i < NCONN + 1; i++)
		ad_guard_release(&a->guard[i]);
	adc_options_release(&a->o);
	catalog_free(a->cat);
	free(a->uri);
	free(a->base_dn);
	free(a->bind_dn);
	free(a->ca_file);
	free(a->sasl_mech);
	sb_release(&a->msg);
	free(a);
}

/*
 * Fail with PARC_ESOURCE: "source NAME: URI: STEP: what libldap says",
 * with the server's diagnostic message when it gave one, escaped (it comes
 * from the server) and on one line.
 */
static int
ldap_fail(struct ad *a, LDAP *ld, int lrc, const char *step, struct err *e)
{
	char *diag = NULL;
	const char *hint = "";
	size_t n;

	sb_reset(&a->msg);
	if (ld != NULL &&
	    ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diag) ==
		LDAP_OPT_SUCCESS &&
	    diag != NULL) {
		/* Samba ends its messages with a newline */
		n = strlen(diag);
		while (n > 0 && isspace((unsigned char)diag[n - 1]))
			diag[--n] = '\0';
	}
	if (diag != NULL && *diag != '\0' &&
	    /* what libldap says when the TLS layer gave it nothing */
	    strcmp(diag, "(unknown error code)") != 0) {
		sb_adds(&a->msg, " (");
		sb_add_safe(&a->msg, diag);
		sb_adds(&a->msg, ")");
	}
	if (diag != NULL)
		ldap_memfree(diag);
	if (lrc == LDAP_SERVER_DOWN || lrc == LDAP_CONNECT_ERROR) {
		if (a->cert_untrusted)
			hint = a->ca_file != NULL
			    ? " (the TLS handshake fails on the server's "
			      "certificate: it is not signed by ca_file or "
			      "does not name the host in uri)"
			    : " (the TLS handshake fails on the server's "
			      "certificate: it is not signed by a CA the "
			      "system trusts (set ca_file) or does not name "
			      "the host in uri)";
	} else if (lrc == LDAP_TIMEOUT)
		hint = " (no answer within timeout seconds)";
	else if (lrc == LDAP_SIZELIMIT_EXCEEDED)
		hint = " (the server's size limit cut the search short: a "
		       "smaller page_size may stay under it; nothing was kept)";
	else if (lrc == LDAP_TIMELIMIT_EXCEEDED)
		hint =
		    " (the server's time limit, MaxQueryDuration on AD, "
		    "cut the search short: a smaller page_size may stay under "
		    "it; nothing was kept)";
	else if (lrc == LDAP_ADMINLIMIT_EXCEEDED)
		hint = " (the server cut the search short; nothing was kept)";
	else if (a->sasl_mech != NULL && lrc == LDAP_STRONG_AUTH_REQUIRED &&
	    (a->ldaps || a->starttls))
		hint =
		    " (the server refuses SASL over TLS without a "
		    "security layer, and AD and Samba refuse one over TLS: on "
		    "Samba set 'ldap server require strong auth = "
		    "allow_sasl_over_tls', or use ldap:// with starttls = no, "
		    "sealed)";
	else if (a->sasl_mech != NULL && lrc == LDAP_AUTH_UNKNOWN)
		hint = a->ldaps || a->starttls
		    ? " (libsasl has no such mechanism: for GSSAPI install "
		      "libsasl2-modules-gssapi-mit)"
		    : " (libsasl has no such mechanism that can seal, which "
		      "ldap:// without TLS requires: for GSSAPI install "
		      "libsasl2-modules-gssapi-mit)";
	return err_set(e, PARC_ESOURCE, "source %s: %s: %s: %s%s%s",
	    a->sec->name, a->uri, step, ldap_err2string(lrc), a->msg.buf, hint);
}

static int
set_options(struct ad *a, LDAP *ld, struct err *e)
{
	struct timeval tv = { a->timeout, 0 };
	int v3 = LDAP_VERSION3, demand = LDAP_OPT_X_TLS_DEMAND, zero = 0;
	int lrc;

	if ((lrc = ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &v3)) !=
		LDAP_OPT_SUCCESS ||
	    (lrc = ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF)) !=
		LDAP_OPT_SUCCESS ||
	    (lrc = ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv)) !=
		LDAP_OPT_SUCCESS ||
	    (lrc = ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv)) !=
		LDAP_OPT_SUCCESS ||
	    (lrc = ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand)) !=
		LDAP_OPT_SUCCESS)
		return ldap_fail(a, ld, lrc, "set options", e);
	if (a->ca_file != NULL &&
	    (lrc = ldap_set_option(ld, LDAP_OPT_X_TLS_CACERTFILE,
		 a->ca_file)) != LDAP_OPT_SUCCESS)
		return ldap_fail(a, ld, lrc, "set ca_file", e);
	/* Per-connection TLS settings take effect in a new context. */
	if ((lrc = ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &zero)) !=
	    LDAP_OPT_SUCCESS)
		return err_set(e, PARC_ESOURCE,
		    "source %s: %s: TLS set-up: %s (is ca_file %s a PEM file?)",
		    a->sec->name, a->uri, ldap_err2string(lrc),
		    a->ca_file ? a->ca_file : "(unset)");
	return 0;
}

static int
sasl_quiet(LDAP *ld, unsigned flags, void *defaults, void *interact)
{
	(void)ld;
	(void)flags;
	(void)defaults;
	(void)interact;
	return LDAP_SUCCESS;
}

/*
 * After a failed TLS connect or StartTLS: would TLS work with certificate
 * checks off? Then the certificate is what failed, and the message can say
 * so (libldap often reports only "Can't contact LDAP server"). The probe
 * sends nothing but the handshake; no credentials.
 */
static int
tls_probe(struct ad *a)
{
	struct timeval tv = { a->timeout, 0 };
	int v3 = LDAP_VERSION3, never = LDAP_OPT_X_TLS_NEVER, zero = 0, ok;
	LDAP *ld;

	if (ldap_initialize(&ld, a->uri) != LDAP_SUCCESS)
		return 0;
	if (ad_guard_start(&a->guard[NCONN], ld, a->timeout) != 0) {
		ldap_unbind_ext_s(ld, NULL, NULL);
		return 0;
	}
	ok = ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &v3) ==
		LDAP_OPT_SUCCESS &&
	    ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv) ==
		LDAP_OPT_SUCCESS &&
	    ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv) == LDAP_OPT_SUCCESS &&
	    ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &never) ==
		LDAP_OPT_SUCCESS &&
	    ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &zero) ==
		LDAP_OPT_SUCCESS &&
	    ldap_connect(ld) == LDAP_SUCCESS &&
	    (a->ldaps || ldap_start_tls_s(ld, NULL, NULL) == LDAP_SUCCESS);
	if (ad_guard_stop(&a->guard[NCONN]))
		ok = 0;
	ldap_unbind_ext_s(ld, NULL, NULL);
	return ok;
}

/*
 * Open one connection into *out: connect (TLS for ldaps://), StartTLS
 * for ldap://, bind with SASL or with secret (a simple bind).
 */
static int
ad_connect(struct ad *a, LDAP **out, struct ad_guard *g, const char *secret,
    struct err *e)
{
	struct berval cred;
	struct sb step = SB_INIT;
	const char *cstep = a->ldaps ? "connect (TLS)" : "connect";
	LDAP *ld = NULL;
	int lrc, rc, sealed;

	*out = NULL;
	if ((lrc = ldap_initialize(&ld, a->uri)) != LDAP_SUCCESS)
		return ldap_fail(a, NULL, lrc, "parse uri", e);
	if ((rc = set_options(a, ld, e)) != 0)
		goto out;
	if (ad_guard_start(g, ld, a->timeout) != 0) {
		rc = err_set(e, PARC_ESOURCE,
		    "source %s: %s: connect: cannot start its timer",
		    a->sec->name, a->uri);
		goto out;
	}
	lrc = ldap_connect(ld);
	if (lrc == LDAP_SUCCESS && !a->ldaps && a->starttls) {
		lrc = ldap_start_tls_s(ld, NULL, NULL);
		cstep = "StartTLS";
	}
	if (ad_guard_stop(g) && lrc != LDAP_SUCCESS) {
		/* the server took the connection but never answered TLS */
		rc = ldap_fail(a, NULL, LDAP_TIMEOUT,
		    a->ldaps ? "connect (TLS handshake)" : cstep, e);
		goto out;
	}
	if (lrc != LDAP_SUCCESS) {
		/* a TLS handshake failed: was it the certificate? */
		a->cert_untrusted =
		    (a->ldaps || strcmp(cstep, "StartTLS") == 0) &&
		    tls_probe(a);
		rc = ldap_fail(a, ld, lrc, cstep, e);
		goto out;
	}
	if (a->sasl_mech != NULL) {
		/*
		 * Kerberos names the service by the host in uri, not by
		 * what the address resolves back to (often localhost).
		 */
		ldap_set_option(ld, LDAP_OPT_X_SASL_NOCANON, LDAP_OPT_ON);
		/*
		 * Over TLS, SASL signing and sealing would wrap an
		 * encrypted stream again, which AD and Samba refuse ("Sign
		 * or Seal are not allowed if TLS is used"). Over plain
		 * ldap:// the SASL layer must seal (56 bits or more), or
		 * the bind fails: never cleartext LDAP.
		 */
		sealed = !a->ldaps && !a->starttls;
		if ((lrc = ldap_set_option(ld, LDAP_OPT_X_SASL_SECPROPS,
			 sealed ? "minssf=56" : "maxssf=0")) !=
		    LDAP_OPT_SUCCESS) {
			rc = ldap_fail(a, ld, lrc,
			    "set SASL security "
			    "properties",
			    e);
			goto out;
		}
		sb_addf(&step, "bind with SASL %s%s", a->sasl_mech,
		    sealed ? " (sealed)" : "");
		lrc = ldap_sasl_interactive_bind_s(ld, NULL, a->sasl_mech, NULL,
		    NULL, LDAP_SASL_QUIET, sasl_quiet, NULL);
	} else {
		cred.bv_val = (char *)secret;
		cred.bv_len = strlen(secret);
		lrc = ldap_sasl_bind_s(ld, a->bind_dn, LDAP_SASL_SIMPLE, &cred,
		    NULL, NULL, NULL);
		sb_adds(&step, "bind as ");
		sb_add_safe(&step, a->bind_dn);
	}
	if (lrc != LDAP_SUCCESS) {
		rc = ldap_fail(a, ld, lrc, step.buf, e);
		goto out;
	}
	*out = ld;
	ld = NULL;
out:
	if (ld != NULL)
		ldap_unbind_ext_s(ld, NULL, NULL);
	sb_release(&step);
	return rc;
}

/*
 * Feed the rest of a ranged attribute: ask for base;range=next-* (or the
 * next member_range values) on dn until the server answers with a range
 * ending in "*".
 */
static int
read_ranges(struct ad *a, LDAP *ld, struct adc *col, const char *dn,
    const char *base, long next, struct err *e)
{
	struct sb want = SB_INIT, step = SB_INIT;
	struct timeval tv = { a->timeout, 0 };
	struct berval **vals;
	LDAPMessage *res = NULL, *ent;
	BerElement *ber = NULL;
	char *attrs[2], *attr;
	size_t baselen, i;
	long lo, hi;
	int lrc, rc = 0, found;

	for (;;) {
		sb_reset(&want);
		if (a->member_range > 0)
			sb_addf(&want, "%s;range=%ld-%ld", base, next,
			    next + a->member_range - 1);
		else
			sb_addf(&want, "%s;range=%ld-*", base, next);
		attrs[0] = want.buf;
		attrs[1] = NULL;
		lrc = ldap_search_ext_s(ld, dn, LDAP_SCOPE_BASE,
		    "(objectClass=*)", attrs, 0, NULL, NULL, &tv, LDAP_NO_LIMIT,
		    &res);
		if (lrc != LDAP_SUCCESS) {
			sb_reset(&step);
			sb_addf(&step, "read %s of ", want.buf);
			sb_add_safe(&step, dn);
			rc = ldap_fail(a, ld, lrc, step.buf, e);
			goto out;
		}
		found = 0;
		hi = -1;
		ber = NULL;
		if ((ent = ldap_first_entry(ld, res)) != NULL)
			for (attr = ldap_first_attribute(ld, ent, &ber);
			     attr != NULL && !found;
			     attr = ldap_next_attribute(ld, ent, ber)) {
				if (ad_range_parse(attr, &baselen, &lo, &hi,
					e) == 1 &&
				    strlen(base) == baselen &&
				    strncasecmp(attr, base, baselen) == 0 &&
				    lo == next) {
					found = 1;
					vals =
					    ldap_get_values_len(ld, ent, attr);
					for (i = 0; vals != NULL &&
					     vals[i] != NULL && rc == 0;
					     i++)
						rc = adc_value(col, base,
						    vals[i]->bv_val,
						    vals[i]->bv_len, e);
					ldap_value_free_len(vals);
				}
				ldap_memfree(attr);
			}
		if (ber != NULL)
			ber_free(ber, 0);
		ldap_msgfree(res);
		res = NULL;
		if (rc != 0)
			goto out;
		if (!found) {
			sb_reset(&step);
			sb_add_safe(&step, dn);
			rc = err_set(e, PARC_ESOURCE,
			    "source %s: %s: range retrieval of %s of %s "
			    "stopped at value %ld (the server gave no further "
			    "range)",
			    a->sec->name, a->uri, base, step.buf, next);
			goto out;
		}
		if (hi == -1)
			break;
		next = hi + 1;
	}
out:
	ldap_msgfree(res);
	sb_release(&want);
	sb_release(&step);
	return rc;
}

/* One entry into the collector, its ranged attributes read whole. */
static int
read_entry(struct ad *a, LDAP *ld, struct adc *col, LDAPMessage *ent,
    struct err *e)
{
	struct berval **vals;
	BerElement *ber = NULL;
	char *dn, *attr, base[64];
	size_t baselen, i;
	long lo, hi;
	int rc = 0, ranged;

	if ((dn = ldap_get_dn(ld, ent)) == NULL)
		return ldap_fail(a, ld, LDAP_DECODING_ERROR, "read entry DN",
		    e);
	adc_begin(col, dn, a->uri);
	for (attr = ldap_first_attribute(ld, ent, &ber);
	     attr != NULL && rc == 0;
	     attr = ldap_next_attribute(ld, ent, ber)) {
		ranged = ad_range_parse(attr, &baselen, &lo, &hi, e);
		if (ranged < 0 || baselen >= sizeof(base)) {
			rc = ranged < 0
			    ? ranged
			    : err_set(e, PARC_EDATA,
				  "source %s: %s: an attribute "
				  "name longer than %zu bytes",
				  a->sec->name, a->uri, sizeof(base));
			ldap_memfree(attr);
			break;
		}
		memcpy(base, attr, baselen);
		base[baselen] = '\0';
		vals = ldap_get_values_len(ld, ent, attr);
		for (i = 0; vals != NULL && vals[i] != NULL && rc == 0; i++)
			rc = adc_value(col, ranged ? base : attr,
			    vals[i]->bv_val, vals[i]->bv_len, e);
		ldap_value_free_len(vals);
		ldap_memfree(attr);
		if (rc == 0 && ranged == 1 && hi != -1)
			rc = read_ranges(a, ld, col, dn, base, hi + 1, e);
	}
	if (ber != NULL)
		ber_free(ber, 0);
	if (rc == 0)
		rc = adc_end(col, e);
	ldap_memfree(dn);
	return rc;
}

/*
 * One paged search on its own connection. Users (and computers) and
 * groups (and foreign principals) are read at once over two connections:
 * a DC answers both in parallel, so the pull takes about as long as the
 * longer of the two, not their sum.
 */
struct pager {
	LDAP *ld;
	const char *what; /* "users", "groups" for messages */
	const char *filter;
	int plain; /* one search without the paged-results control */
	int cut;   /* the plain search met a server limit: page instead */
	int msgid; /* the page being read, -1 when done */
	long pages;
	size_t entries;
	struct berval cookie;
	LDAPMessage **q; /* entries read from the network, not yet taken */
	size_t nq, aq;
};

/* The step a message names: the search, its page, how far it got. */
static void
search_step(const struct pager *p, char *step, size_t size)
{
	if (p->plain)
		snprintf(step, size, "search (%s, after %zu entries)", p->what,
		    p->entries);
	else
		snprintf(step, size, "search (%s, page %ld, after %zu entries)",
		    p->what, p->pages + 1, p->entries);
}

/* Ask for the pager's next page, or its plain search (asynchronously). */
static int
page_request(struct ad *a, struct pager *p, struct err *e)
{
	LDAPControl *page = NULL, *ctrls[2] = { NULL, NULL };
	char step[128];
	int lrc;

	search_step(p, step, sizeof(step));
	if (p->plain) {
		lrc = ldap_search_ext(p->ld, a->base_dn, LDAP_SCOPE_SUBTREE,
		    p->filter, a->attrs, 0, NULL, NULL, NULL, LDAP_NO_LIMIT,
		    &p->msgid);
		return lrc == LDAP_SUCCESS ? 0
					   : ldap_fail(a, p->ld, lrc, step, e);
	}
	lrc = ldap_create_page_control(p->ld, (ber_int_t)a->page_size,
	    p->cookie.bv_val != NULL ? &p->cookie : NULL, 1, &page);
	if (lrc != LDAP_SUCCESS)
		return ldap_fail(a, p->ld, lrc, step, e);
	ctrls[0] = page;
	lrc = ldap_search_ext(p->ld, a->base_dn, LDAP_SCOPE_SUBTREE, p->filter,
	    a->attrs, 0, ctrls, NULL, NULL, LDAP_NO_LIMIT, &p->msgid);
	ldap_control_free(page);
	if (lrc != LDAP_SUCCESS)
		return ldap_fail(a, p->ld, lrc, step, e);
	return 0;
}

/*
 * A limit of the server's that cuts a plain search short: AD's
 * MaxPageSize (1,000 entries without paging), Samba's 256 MB a response,
 * a MaxQueryDuration.
 */
static int
limit_met(int err)
{
	return err == LDAP_SIZELIMIT_EXCEEDED ||
	    err == LDAP_ADMINLIMIT_EXCEEDED || err == LDAP_TIMELIMIT_EXCEEDED;
}

/*
 * The end of a page: check its result, take the cookie, ask for more.
 * The end of a plain search cut by a server limit sets p->cut.
 */
static int
page_done(struct ad *a, struct pager *p, LDAPMessage *res, struct err *e)
{
	LDAPControl **sctrls = NULL, *resp;
	char step[128], *matched = NULL, *text = NULL;
	ber_int_t total;
	int lrc, err, rc = 0;

	search_step(p, step, sizeof(step));
	lrc = ldap_parse_result(p->ld, res, &err, &matched, &text, NULL,
	    &sctrls, 0);
	ldap_memfree(matched);
	ldap_memfree(text);
	if (lrc == LDAP_SUCCESS && p->plain && limit_met(err)) {
		p->cut = 1;
		p->msgid = -1;
		goto out;
	}
	if (lrc != LDAP_SUCCESS || err != LDAP_SUCCESS) {
		rc = ldap_fail(a, p->ld, lrc != LDAP_SUCCESS ? lrc : err, step,
		    e);
		goto out;
	}
	ldap_memfree(p->cookie.bv_val);
	p->cookie.bv_val = NULL;
	p->cookie.bv_len = 0;
	resp = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, sctrls, NULL);
	if (resp != NULL &&
	    (lrc = ldap_parse_pageresponse_control(p->ld, resp, &total,
		 &p->cookie)) != LDAP_SUCCESS) {
		rc = ldap_fail(a, p->ld, lrc, step, e);
		goto out;
	}
	p->pages++;
	p->msgid = -1;
	if (!p->plain && p->cookie.bv_val != NULL && p->cookie.bv_len > 0)
		rc = page_request(a, p, e);
out:
	ldap_controls_free(sctrls);
	return rc;
}

/*
 * Take what has arrived on p without waiting. 1: p is done.
 *
 * A page's entries are queued until its end has come and the next page
 * has been asked for: the server works on that page while parc takes
 * the queue. (Taking each entry as it came made the server wait for parc
 * at every page.)
 */
static int
drain(struct ad *a, struct pager *p, struct adc *col, struct err *e)
{
	struct timeval zero = { 0, 0 };
	LDAPMessage *msg;
	char step[128];
	size_t i;
	int got, lrc, rc = 0;

again:
	while (rc == 0 && p->msgid != -1) {
		got = ldap_result(p->ld, p->msgid, LDAP_MSG_ONE, &zero, &msg);
		if (got == 0)
			break;
		if (got == -1) {
			search_step(p, step, sizeof(step));
			lrc = LDAP_SERVER_DOWN;
			ldap_get_option(p->ld, LDAP_OPT_RESULT_CODE, &lrc);
			rc = ldap_fail(a, p->ld, lrc, step, e);
			break;
		}
		switch (got) {
		case LDAP_RES_SEARCH_ENTRY:
			p->entries++;
			if (p->plain) {
				/* one search, one "page": taken as it comes */
				rc = read_entry(a, p->ld, col, msg, e);
				break;
			}
			if (p->nq == p->aq) {
				p->aq = p->aq ? p->aq * 2 : 256;
				p->q = xrealloc(p->q, p->aq * sizeof(*p->q));
			}
			p->q[p->nq++] = msg;
			continue;
		case LDAP_RES_SEARCH_RESULT:
			rc = page_done(a, p, msg, e);
			ldap_msgfree(msg);
			goto take;
		default: /* continuation references are not chased */
			break;
		}
		ldap_msgfree(msg);
	}
	if (rc == 0)
		return 0; /* the page goes on */
take:
	for (i = 0; i < p->nq; i++) {
		if (rc == 0)
			rc = read_entry(a, p->ld, col, p->q[i], e);
		ldap_msgfree(p->q[i]);
	}
	p->nq = 0;
	/*
	 * What arrived while the queue was taken may be held by libldap
	 * already (a range read on p->ld reads the next page in), where
	 * poll() would not see it: with the other search over, the pull
	 * waited for timeout and failed.
	 */
	if (rc == 0 && p->msgid != -1)
		goto again;
	return rc != 0 ? rc : p->msgid == -1;
}

/*
 * Read the directory into col: plain searches (no paged-results
 * control) when plain, else paged ones. 1: a plain search met a server
 * limit (or no answer within timeout) before it ended; what col holds
 * is then part of the directory.
 */
static int
ad_search(struct ad *a, struct adc *col, struct sink *sink, int plain,
    struct err *e)
{
	/*
	 * One search per connection. Splitting the users further (by name
	 * ranges) made the DC filter every user once per range and was
	 * slower, and a rename between two range searches could lose or
	 * double an account.
	 */
	struct pager pg[NCONN] = {
		{ .ld = a->ld[0],
		    .what = "users",
		    .filter = "(objectClass=user)",
		    .plain = plain,
		    .msgid = -1 },
		{ .ld = a->ld[1],
		    .what = "groups",
		    .filter = "(|(objectClass=group)"
			      "(objectClass=foreignSecurityPrincipal))",
		    .plain = plain,
		    .msgid = -1 },
	};
	struct pollfd fds[NCONN];
	char step[128];
	size_t j;
	int i, n, rc = 0, left;

	for (i = 0; i < NCONN && rc == 0; i++)
		rc = page_request(a, &pg[i], e);
	while (rc == 0) {
		/* what has arrived (libldap may hold it buffered) first */
		left = 0;
		n = 0;
		for (i = 0; i < NCONN; i++) {
			if (pg[i].msgid == -1)
				continue;
			if ((rc = drain(a, &pg[i], col, e)) < 0)
				break;
			rc = 0;
			if (pg[i].cut)
				break;
			/*
			 * The groups are all in: the users that come from
			 * now on can go to the sink as they arrive, while
			 * the server still sends (the users search takes
			 * longest). Not from a plain search, which may
			 * still be cut.
			 */
			if (!plain && pg[1].msgid == -1 && pg[0].msgid != -1)
				adc_stream(col, sink);
			if (pg[i].msgid == -1)
				continue;
			left++;
			ldap_get_option(pg[i].ld, LDAP_OPT_DESC, &fds[n].fd);
			fds[n].events = POLLIN;
			fds[n].revents = 0;
			n++;
		}
		if (rc != 0 || left == 0 || pg[0].cut || pg[1].cut)
			break;
		n = poll(fds, (nfds_t)n, (int)a->timeout * 1000);
		if (n == 0) {
			for (i = 0; pg[i].msgid == -1; i++)
				;
			if (pg[i]
				.plain) { /* the server computes it all first */
				pg[i].cut = 1;
				break;
			}
			search_step(&pg[i], step, sizeof(step));
			rc = ldap_fail(a, NULL, LDAP_TIMEOUT, step, e);
		} else if (n < 0 && errno != EINTR)
			rc = err_set(e, PARC_ESOURCE,
			    "source %s: %s: search: poll: %s", a->sec->name,
			    a->uri, strerror(errno));
	}
	if (rc == 0 && (pg[0].cut || pg[1].cut))
		rc = 1;
	for (i = 0; i < NCONN; i++) {
		if (rc != 0 && pg[i].msgid != -1)
			ldap_abandon_ext(pg[i].ld, pg[i].msgid, NULL, NULL);
		ldap_memfree(pg[i].cookie.bv_val);
		for (j = 0; j < pg[i].nq; j++) /* the other search failed */
			ldap_msgfree(pg[i].q[j]);
		free(pg[i].q);
	}
	return rc;
}

static int
ad_pull(void *state, struct sink *sink, struct err *e)
{
	struct ad *a = state;
	struct adc *col = NULL;
	struct sigaction ign, old;
	char *secret = NULL;
	int rc, i;

	/*
	 * A server that goes away mid-pull must be an error, not SIGPIPE on
	 * libldap's next write: ignore it while connected.
	 */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);

	/* The password is fetched once, for every bind, then wiped. */
	if (a->sasl_mech == NULL &&
	    (rc = conf_secret(a->c, a->sec, "password", &secret, e)) != 0) {
		err_prefix(e, "source %s: ", a->sec->name);
		goto out;
	}
	for (i = 0, rc = 0; i < NCONN && rc == 0; i++)
		rc = ad_connect(a, &a->ld[i], &a->guard[i], secret, e);
	conf_secret_free(secret);
	if (rc != 0)
		goto out;
	/*
	 * Plain searches first, unless page_size asks for pages: a DC
	 * answers them several times faster (Samba pages by looking every
	 * entry up again: 3 s of its CPU for 22,000 entries, 0.6 s plain).
	 * Nothing goes into the sink until they have ended, since a server
	 * limit may cut them (AD's MaxPageSize, 1,000 entries; Samba's 256
	 * MB a response): then the pull starts again, paged, from nothing.
	 * The source remembers that cut with the snapshot (ad_hint.h): its
	 * pulls page from the start for AD_HINT_DAYS after it, then try
	 * plain searches again (a limit may be raised).
	 */
	rc = a->page_set ? 1 : ad_hint_paged(sink, a->note, sizeof(a->note), e);
	if (rc < 0)
		goto out;
	if (rc == 0) {
		col = adc_new(&a->o);
		adc_stream_order(col); /* ids as the paged pull gives them */
		if ((rc = ad_search(a, col, sink, 1, e)) == 1 &&
		    (rc = ad_hint_cut(sink, a->note, sizeof(a->note), e)) == 0)
			rc = 1;
	}
	if (rc == 1) {
		adc_free(col);
		col = adc_new(&a->o);
		adc_stage(col, sink);
		rc = ad_search(a, col, sink, 0, e);
	}
	if (rc != 0)
		goto out;
	if (adc_count(col) == 0) {
		rc = err_set(e, PARC_ESOURCE,
		    "source %s: %s: search under %s found no users, groups or "
		    "computers (wrong base_dn, or an account that may not "
		    "read them?)",
		    a->sec->name, a->uri, a->base_dn);
		goto out;
	}
	rc = adc_emit(col, sink, e);
out:
	adc_free(col);
	for (i = 0; i < NCONN; i++)
		if (a->ld[i] != NULL) {
			ldap_unbind_ext_s(a->ld[i], NULL, NULL);
			a->ld[i] = NULL;
		}
	sigaction(SIGPIPE, &old, NULL);
	return rc;
}

static const char *
ad_note(void *state)
{
	return *((struct ad *)state)->note ? ((struct ad *)state)->note : NULL;
}

const struct source_ops ad_ops = {
	.kind = "ad",
	.summary = "Active Directory over LDAP (ldaps:// or StartTLS)",
	.keys = ad_keys,
	.open = ad_open,
	.pull = ad_pull,
	.close = ad_close,
	.note = ad_note,
};
