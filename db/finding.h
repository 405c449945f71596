/*
 * finding.h - what is risky: finding rules over the model, recomputed after
 * every sync, and the walk the command line, the console and the reports
 * share.
 *
 * A finding is a flag on a grant (grant_id set: it concerns that account's
 * holding of that entitlement), on an account (principal_id set, no grant:
 * it concerns every privileged grant of the account), on a person (only
 * identity_id: credential overlap) or on a source (only source_id: too many
 * tier-0 holders). "Privileged" means an entitlement of tier 0, 1 or 2.
 *
 * The rules read only the model's columns, so they work for any connector:
 *   principal: enabled, kind, created_at, last_used_at, password_last_set,
 *              mfa, identity_id, and these keys of the attrs JSON object:
 *     password_never_expires  true/1: the password never expires (AD
 *                             userAccountControl DONT_EXPIRE_PASSWD)
 *     uac                     AD userAccountControl as an integer; bit
 *                             0x10000 means the same as above
 *     spn / servicePrincipalName  a string or an array: SPNs of the account
 *     interactive             true/1: a service account allowed to log on
 *                             interactively (AD: not denied; sudo: a shell)
 *     access_key_1_last_rotated, access_key_2_last_rotated,
 *     access_key_last_rotated  ISO 8601: when an access key was rotated
 *                             (AWS credential report column names)
 *     last_logon_timestamp,   set (as sync/ad_emit.c writes it), or
 *     usage_source            "lastLogonTimestamp", or source kind ad or
 *                             ldif: last use lags up to 14 days (weak)
 *     users, owners           arrays of the people seen using or owning
 *                             the account (two or more: shared)
 *     login_sources           an array of the places its logins come
 *                             from (two or more: shared)
 *     shared_why              why an account of kind shared is (the
 *                             evidence says it instead of "the source
 *                             marks it shared")
 *     public                  a string saying who "everyone" is (GCP's
 *                             allUsers, allAuthenticatedUsers): public
 *                             (public-member, not shared-account)
 *     outside_domain          the member's domain when it is not one of
 *                             the source's (domains: the source's list)
 *     deleted                 true/1: the account was deleted but is still
 *                             bound (GCP's deleted: members)
 *     keys                    an array of an account's cloud keys: id,
 *                             type (USER_MANAGED counts), disabled,
 *                             created, last_authenticated (dormant-key)
 *     key_usage_known         true/1: a key without last_authenticated
 *                             was never used (the source read key use)
 *     external                true/1: a guest or an identity of another
 *                             organisation (Entra userType Guest, a
 *                             #EXT# UPN): with tier 0, external-tier0
 *     user_type               the source's user type ("Guest"), named
 *                             in the evidence
 *     usage_unknown           true/1: the source cannot say when this
 *                             account was last used (an Entra tenant
 *                             without signInActivity, a service
 *                             principal, an AWS user missing from the
 *                             credential report): never called never-used
 *     admin_count, protected  AD adminCount, and whether the account is
 *                             now in an AdminSDHolder-protected group
 *                             (through security groups only): 1 and
 *                             false is an orphaned adminCount
 *   identity:   status, end_date
 *   assignment: state (active/eligible), expires_at, last_used_at
 *   entitlement: tier, techniques (ATT&CK ids from the catalog)
 *   review_item / decision: revoked grants still present, expired
 *                           exceptions.
 *
 * Thresholds come from parc.conf's [parc] section (finding_conf_load()):
 *   dormant_days = 90              no use for this many days: dormant
 *   dormant_days_KIND = N          per source kind (dormant_days_ad = 120)
 *   grace_days = 30                a never-used account younger than this
 *                                  is not flagged
 *   password_max_days = 365        older password: old-password
 *   access_key_max_days = 90       older access key: old-access-key
 *   tier0_max_holders = 10         more accounts with tier 0 in one source
 *   global_admin_max = 4           more holders of Entra's Global
 *                                  Administrator (the entitlement's
 *                                  attrs.role_template_id) in one source
 *   shared_account_names = admin root svc-* ops deploy shared*
 *                                  globs (case-insensitive, space or comma
 *                                  separated) naming generic accounts
 *   shared_accounts = corp:ops-team oracle
 *                                  the shared-account register: ACCOUNT or
 *                                  SOURCE:ACCOUNT (globs)
 *   break_glass_accounts = corp:emergency-admin
 *                                  registered break-glass accounts (same)
 */
#ifndef PARC_FINDING_H
#define PARC_FINDING_H

#include <stdint.h>

#include "db/db.h"
#include "lib/config.h"
#include "lib/err.h"

/* One kind of finding, as the rule table of finding.c describes it. */
struct finding_kind {
	const char *kind;	/* "dormant", "shared-account", ... */
	const char *severity;	/* low, medium, high, critical (tier 1-2) */
	const char *severity0;	/* the same on a tier-0 entitlement */
	const char *techniques; /* ATT&CK ids the kind itself adds */
	const char *title;	/* one line a reviewer reads */
	const char *label;	/* a few words, for a narrow column */
};

/*
 * The kinds, in the order parc reports them: dormant, never-used,
 * shared-account, break-glass-used, root-account-use, disabled-account,
 * orphan, external-tier0, no-mfa, password-never-expires, old-password,
 * old-access-key, dormant-key, service-interactive, orphaned-admincount,
 * standing-privilege, public-member, outside-member, deleted-member,
 * service-principal-tier0, credential-overlap, tier0-excess,
 * global-admin-excess, remediation-failed, exception-expired,
 * host-not-collected. *n gets the count.
 * Static storage.
 */
const struct finding_kind *finding_kinds(size_t *n);

/* The kind called name, or NULL. Static storage. */
const struct finding_kind *finding_kind_find(const char *name);

/*
 * The label of the kind called name (for a narrow column: "no MFA"), or
 * name itself when parc has no such kind or no label for it.
 */
const char *finding_kind_label(const char *name);

/* The thresholds of the rules (see the top of this file). */
struct finding_conf {
	long dormant_days;
	long grace_days;
	long password_max_days;
	long access_key_max_days;
	long tier0_max_holders;
	long global_admin_max;
	/* per source kind: dormant_days_KIND; kinds[i] is malloc'd */
	char **dormant_kinds;
	long *dormant_kind_days;
	size_t ndormant;
	char *shared_names;    /* glob list, malloc'd */
	char *shared_accounts; /* register, malloc'd, may be NULL */
	char *break_glass;     /* register, malloc'd, may be NULL */
	/*
	 * "Now" for the rules as ISO 8601, or NULL for the clock (tests pin
	 * it). Borrowed.
	 */
	const char *now;
};

/* Fill fc with the defaults above. Release with finding_conf_release(). */
void finding_conf_init(struct finding_conf *fc);

/*
 * Read the thresholds from c's [parc] section over the defaults (c may be
 * NULL). A bad number fails with PARC_ECONFIG naming file, line and key.
 */
int finding_conf_load(struct finding_conf *fc, const struct config *c,
    struct err *e);

/* Free what fc holds; it is then empty (finding_conf_init again to reuse). */
void finding_conf_release(struct finding_conf *fc);

/* What a recompute did. */
struct finding_stats {
	int64_t total;	    /* findings now */
	int64_t added;	    /* new since the last recompute */
	int64_t resolved;   /* gone since the last recompute */
	int64_t remediated; /* revoked grants seen gone (remediated_at set) */
	/*
	 * 1 when only the accounts and people whose rows changed since the
	 * last recompute were looked at again (finding_recompute())
	 */
	int incremental;
};

/*
 * A snapshot was committed and the findings are not recomputed for it yet:
 * finding_mark_stale() (in the snapshot's transaction) sets it,
 * finding_recompute() clears it. finding_stale() is 1 while it is set.
 */
int finding_mark_stale(struct db *db, struct err *e);
int finding_stale(struct db *db);

/*
 * Recompute every finding of the database from the model in one
 * transaction (BEGIN IMMEDIATE; joins the caller's transaction when one is
 * open). A finding that persists keeps its id and first_seen and gets
 * last_seen = now; one that no longer holds is deleted; new ones are
 * inserted, numbered in the rules' order (the kinds above), then by
 * subject (grant, account, person, source). The rules evaluate as of the
 * start of the current UTC day, or fc->now when set. When a recompute
 * already ran under the same evaluation time, thresholds and rules, only
 * the accounts and people whose rows changed since are looked at again
 * (db/finding_inc.c), with the same result a full recompute would give. Revoked
 * review items whose grant is gone after a later sync get remediated_at. Run
 * after every successful sync (sync_run() does). stats may be NULL. Clears the
 * mark of finding_mark_stale(). Returns 0 or PARC_EDB (nothing changed).
 */
int finding_recompute(struct db *db, const struct finding_conf *fc,
    struct finding_stats *stats, struct err *e);

/* Which findings to walk. Zeroed: all of them. */
struct finding_filter {
	const char *kind;     /* one kind, or NULL */
	const char *source;   /* one source name, or NULL */
	const char *severity; /* at least this severity, or NULL */
	int64_t after_id;     /* keyset: only ids greater than this */
	int64_t limit;	      /* at most this many rows; 0: no limit */
};

/* One finding, joined with the names a reader needs. */
struct finding_row {
	int64_t id;
	const char *kind;
	const char *severity;
	const char *source;	 /* NULL for a person's finding */
	const char *source_kind; /* NULL likewise */
	const char *host;	 /* NULL when the source has none */
	const char *account;	 /* NULL for a person's or source's finding */
	const char *person;	 /* identity display name, or NULL */
	const char *employee_id;
	const char *entitlement; /* NULL unless the finding is on a grant */
	int tier;		 /* the entitlement's, or -1 */
	const char *evidence;	 /* one or two sentences */
	const char *techniques;	 /* comma list of ATT&CK ids, may be "" */
	const char *first_seen, *last_seen;
	int64_t grant_id, principal_id, identity_id; /* 0 when none */
};

/*
 * Call fn for every finding matching f, by id (so a screen can page with
 * after_id = the last id it drew). Strings live only during the call. A
 * non-zero return from fn stops the walk and is returned.
 */
int finding_query(struct db *db, const struct finding_filter *f,
    int (*fn)(const struct finding_row *row, void *arg), void *arg,
    struct err *e);

/* Number of findings matching f (after_id and limit ignored). */
int64_t finding_count(struct db *db, const struct finding_filter *f);

#endif
