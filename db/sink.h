/*
 * sink.h - how a connector hands one source's snapshot to the database.
 *
 * A sync opens a sink for one source, the connector emits every record of
 * the source into it, and sink_commit() replaces that source's previous
 * snapshot in one short transaction: principals and entitlements keep their
 * ids when their external ids stay, effective grants are re-expanded over
 * memberships, the grants added and removed are written to the history (a
 * source's first load as one baseline: grant_history_all reads its grants
 * as added), and people are correlated again. sink_abort() (or a failed commit,
 * or a killed process) leaves the previous snapshot exactly as it was; only the
 * sync run row records the failure.
 *
 * Records are read during the call and copied: the connector keeps ownership
 * of every string it passes. NULL string fields mean "unknown". Records are
 * staged in temporary tables, so a long pull holds no lock on the database.
 */
#ifndef PARC_SINK_H
#define PARC_SINK_H

#include <stdint.h>

#include "db/db.h"
#include "lib/err.h"

/* A person from an authoritative people source (HR export). */
struct rec_identity {
	const char *employee_id; /* required, unique within the source */
	const char *display_name;
	const char *email;
	const char *login;
	const char *manager_employee_id; /* resolved after the whole pull */
	const char *department;
	const char *status;   /* "active" or "terminated" */
	const char *end_date; /* ISO 8601 date or NULL */
};

/* An account or a group in the source. */
struct rec_principal {
	const char *ext_id; /* required: SID, ARN, objectId, host:uid ... */
	const char *name;   /* required: what people call it */
	const char *display_name;
	const char *kind; /* human, service, shared, break-glass, group,
			     computer; NULL: human */
	int enabled;	  /* 1, 0, or -1 unknown */
	const char *host; /* the host an account lives on, or NULL */
	const char *email;
	const char *upn;
	const char *employee_id;
	const char *created_at;	       /* ISO 8601 */
	const char *last_used_at;      /* ISO 8601, NULL unknown */
	const char *password_last_set; /* ISO 8601 */
	int mfa;		       /* 1, 0, or -1 unknown */
	const char *attrs;	       /* JSON object of extra facts, or NULL */
};

/* A privileged thing: a group, a sudo rule, a policy, a role at a scope. */
struct rec_entitlement {
	const char *ext_id; /* required, unique within the source */
	const char *name;   /* required */
	const char *kind;   /* group, sudo-rule, policy, role ... */
	const char *scope;  /* where it applies, or NULL */
	const char *host;
	int tier; /* 0..3, or -1 unclassified */
	const char *reason;
	const char *techniques; /* comma list of ATT&CK ids */
	const char *owner;	/* employee id or login of the owner */
	/*
	 * ext_id of the group principal whose members hold this entitlement
	 * (an AD group is itself the privileged thing), or NULL.
	 */
	const char *group_ext_id;
	const char *attrs; /* JSON object, or NULL */
};

/* A direct assignment of an entitlement to a principal (account or group). */
struct rec_assignment {
	const char *principal_ext_id;	/* required */
	const char *entitlement_ext_id; /* required */
	const char *state;		/* "active" (default) or "eligible" */
	const char *expires_at;		/* ISO 8601 or NULL */
	const char *last_used_at;	/* ISO 8601 or NULL */
	const char *origin;		/* where it is granted: file:line ... */
	const char *attrs;		/* JSON object, or NULL */
};

struct sink;

/* What a commit did, for the progress line and sync_run. */
struct sink_stats {
	int64_t run_id;
	int64_t identities, principals, memberships, entitlements, assignments;
	int64_t grants, added, removed;
	/* accounts whose assignments came as they were: not staged */
	int64_t skipped;
};

/*
 * Start a pull of source name (created on first use with kind). Records a
 * sync run as "running" and prepares the staging tables. On success *out
 * owns the sink: end it with sink_commit() or sink_abort().
 */
int sink_open(struct db *db, const char *name, const char *kind,
    struct sink **out, struct err *e);

/*
 * Emit one record. Required fields missing, a string that is not UTF-8, or
 * a duplicate external id fail with PARC_EDATA naming the object.
 */
int sink_identity(struct sink *s, const struct rec_identity *r, struct err *e);
int sink_principal(struct sink *s, const struct rec_principal *r,
    struct err *e);
int sink_membership(struct sink *s, const char *member_ext_id,
    const char *group_ext_id, struct err *e);
int sink_entitlement(struct sink *s, const struct rec_entitlement *r,
    struct err *e);
int sink_assignment(struct sink *s, const struct rec_assignment *r,
    struct err *e);

/*
 * Let an empty pull replace a non-empty snapshot. By default a pull that
 * emitted nothing at all while the source holds rows fails the commit: an
 * HR export truncated to its header, or a directory answering with no
 * entries, must not silently wipe every account and its review history.
 */
void sink_allow_empty(struct sink *s);

/*
 * The source is a fleet of hosts (records carry their host). A host of the
 * last snapshot that the pull does not report with sink_host() keeps its
 * records as they were, its entitlements marked attrs.not_collected_since
 * (the start of the last good sync, when it was read): a host gone from
 * the collection, or whose files could not be read, must not look as if
 * its access had been removed. Only a host read, or retired, is replaced.
 */
void sink_fleet(struct sink *s);

/*
 * Report host as read by this pull (retired 0: its records are what was
 * emitted) or retired by the configuration (1: its records go). 0 or
 * PARC_EDB.
 */
int sink_host(struct sink *s, const char *host, int retired, struct err *e);

/*
 * What must commit with the snapshot or not at all (the audit trail's
 * record of the run): hook runs inside the commit's transaction, after
 * the merge, with the run's figures; when it fails, everything rolls back
 * and the run is recorded as failed.
 */
typedef int (*sink_hook)(struct db *db, const struct sink_stats *st, void *arg,
    struct err *e);
void sink_on_commit(struct sink *s, sink_hook hook, void *arg);

/*
 * What a connector remembers about its source's server from one pull to
 * the next (db/sink_hint.c), a number under key (e.g. "ad.paged").
 * sink_hint_get() reads the last hint that committed: 1 with *value and
 * *set_at (seconds since the epoch, when the pull that set it ran), 0
 * when there is none, or PARC_EDB. sink_hint_set() keeps value for this
 * pull: it is written with the snapshot by sink_commit(), in the same
 * transaction, and not at all when the sync fails or is aborted. 0 or
 * PARC_EDB.
 */
int sink_hint_get(struct sink *s, const char *key, long *value, int64_t *set_at,
    struct err *e);
int sink_hint_set(struct sink *s, const char *key, long value, struct err *e);

/*
 * Replace the source's snapshot with what was emitted, in one transaction,
 * and free s. A reference to an unknown principal or entitlement, a
 * manager id naming nobody, or an empty pull over a non-empty snapshot
 * (see sink_allow_empty) fails with PARC_EDATA; any failure rolls back
 * and records the run as failed with e's message. The run's "ok" and
 * the source's last run commit with the snapshot. stats may be NULL.
 */
int sink_commit(struct sink *s, struct sink_stats *stats, struct err *e);

/*
 * Discard what was emitted, record the run as failed with reason (may be
 * NULL), and free s. sink_abort(NULL, ...) is a no-op.
 */
void sink_abort(struct sink *s, const char *reason);

#endif
