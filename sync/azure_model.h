/*
 * azure_model.h - one Microsoft Entra tenant and its Azure subscriptions as
 * parc's records: the model half of the "azure" connector. sync/azure.c
 * reads the tenant, from the az CLI's files (offline) or over ARM and
 * Graph (sync/azure_live.h), into a struct az_data, and azure_emit() makes
 * it principals, memberships, entitlements and assignments.
 *
 * Every list is held as a JSON array of objects, whatever shape it came
 * in: the pages of an ARM or Graph listing merged ({"value": [...]}, no
 * nextLink), or the array the az CLI prints. ARM objects are read in both
 * shapes: the REST API's (fields under "properties") and the az CLI's
 * (the same fields flattened to the top, roleType for a definition's
 * type, principalName and roleDefinitionName added).
 */
#ifndef PARC_AZURE_MODEL_H
#define PARC_AZURE_MODEL_H

#include <stddef.h>

#include <jansson.h>

#include "lib/sb.h"

struct catalog;
struct sink;
struct err;

/* One list and where it came from ("DIR/users.json", "source t: Graph
 * users"), for messages. j is NULL when the list is absent. */
struct az_part {
	json_t *j;
	char *what;
};

struct az_sub {
	char *id; /* the subscription GUID, lower case */
	char *name;
	struct az_part assignments; /* role assignments, inherited included */
	struct az_part definitions; /* role definitions, custom included */
	struct az_part eligible;    /* roleEligibilityScheduleInstances */
};

struct az_group {
	char *id;		/* a group that holds a role, lower case */
	struct az_part members; /* its transitive members */
};

struct az_data {
	char *tenant_id; /* or NULL when unknown */
	struct az_sub *sub;
	size_t nsub;
	struct az_part dir_assignments; /* roleAssignments?$expand=principal */
	struct az_part dir_definitions; /* roleDefinitions */
	struct az_part dir_eligible;	/* roleEligibilitySchedules */
	struct az_part dir_schedules;	/* roleAssignmentSchedules */
	struct az_part users;		/* users with the $select of azure.h */
	struct az_part objects; /* directoryObjects/getByIds, optional */
	struct az_group *grp;
	size_t ngrp;
	/*
	 * 1: the users carry signInActivity; 0: the tenant does not give it
	 * (no Entra ID P1: dormancy is unknown); -1: decide from the users
	 * (unknown when no user has the signInActivity member at all).
	 */
	int signin;
};

/*
 * Make body (a parsed file or page) a list: an array is itself, an object
 * with a "value" array is that array. A body that still has a nextLink or
 * @odata.nextLink is one page of several and refused, as is any other
 * shape. *out gets a new reference. PARC_EDATA naming what.
 */
int az_list(const json_t *body, const char *what, json_t **out, struct err *e);

/*
 * The ids (lower case, malloc'd, sorted, no repeats) of the groups that
 * hold a role in d: a directory role assignment or eligibility, an ARM
 * role assignment or eligibility. Their members are read next (the
 * group-transitive-members files or Graph calls). *n gets the count.
 */
char **az_role_groups(const struct az_data *d, size_t *n);

/*
 * Emit d into sink, classified with cat (family azure; see
 * share/catalog/azure.tsv). Returns 0, a sink error, or PARC_EDATA naming
 * the list (d's what) and the object when the input is malformed.
 */
int azure_emit(struct sink *sink, const struct catalog *cat,
    const struct az_data *d, struct err *e);

/*
 * The tier a role definition's permissions earn (-1 when it grants nothing
 * the catalog names) and why, into reason: actions minus notActions of
 * each permission block, matched as ARM matches them (wildcards,
 * ASCII case-insensitive) against the catalog's azure "action" and
 * "data-action" entries; "*" left whole is tier 0. perms is the
 * definition's permissions array. *techniques gets the ATT&CK ids of
 * what matched (static or the catalog's storage), or NULL.
 */
int az_role_actions_tier(const struct catalog *cat, const json_t *perms,
    struct sb *reason, const char **techniques);

/*
 * Whether d's users carry sign-ins: d->signin, or when that is -1,
 * whether any user has the signInActivity member. 1 or 0.
 */
int az_signin_known(const struct az_data *d);

/* Whether s is a GUID as Azure prints one (hex and dashes, 36 long). */
int az_is_guid(const char *s);

/*
 * Add to d the subscriptions of list (what `az account list --all`
 * prints, or ARM's /subscriptions value) that are Enabled, of tenant
 * (when not NULL) and, when subs is not NULL, named in it (lower case,
 * NULL-terminated). A subscription of subs not found is PARC_EDATA
 * naming what.
 */
int az_pick_subs(const json_t *list, const char *what, const char *tenant,
    char *const *subs, struct az_data *d, struct err *e);

/* Free everything d holds and zero it. */
void az_data_release(struct az_data *d);

#endif
