/*
 * sudoers_match.h - which sudoers lines apply to the host being pulled,
 * and to whom.
 *
 * Resolution follows sudo's matching on the host the file came from: a
 * list matches by its last matching member (so "ALL, !bob" leaves bob
 * out), aliases are expanded (a cycle stops at the second visit, as
 * visudo warns), %group and #uid are looked up in that host's group and
 * passwd files. Netgroups and network addresses cannot be decided from
 * the files alone: a host list naming them is taken to match (said in
 * attrs "host_match": "assumed"), a user list naming them is a group
 * principal with unknown members.
 */
#ifndef PARC_SUDOERS_MATCH_H
#define PARC_SUDOERS_MATCH_H

#include "sync/sudoers_pull.h"

/*
 * Append to out the members of the list starting at first, aliases of
 * type expanded (an undefined alias matches nothing, as in sudo; nesting
 * stops at 64, so a cycle ends), each with its effective negation: neg,
 * flipped by every "!" on the way ("!ALIAS" negates its members). depth
 * is 0 for a caller. The caller frees out->v.
 */
void hp_expand(struct host_pull *hp, const struct sudoers_member *first,
    enum sudoers_alias_type type, int neg, int depth, struct xlist *out);

/*
 * 1 when the host list l applies to hp->host (its last matching member
 * decides; names compare case-insensitively, with wildcards), else 0. A
 * netgroup or network address matches and sets *assumed: the host's files
 * cannot decide them.
 */
int hp_hostlist_matches(struct host_pull *hp, const struct sudoers_mlist *l,
    int *assumed);

/*
 * path as the host knows it: the collected tree's folder (hp->root) taken
 * off. Points into path.
 */
const char *hp_host_file(const struct host_pull *hp, const char *path);

/*
 * Does account a match user-list member m (ALL, a name, #uid, %group or
 * %#gid by the host's group file)? A non-Unix group (%:name) never does.
 */
int hp_user_matches(struct host_pull *hp, const struct host_account *a,
    const struct sudoers_member *m);

/*
 * Does Defaults d (Defaults@host, :user, >runas, !cmnd or none) bind the
 * rule unit ru? 1 or 0.
 */
int hp_binding_applies(struct host_pull *hp, const struct sudoers_default *d,
    const struct rule *ru);

#endif
