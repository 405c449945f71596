/*
 * aws_policy.h - what an IAM policy document lets its holder do, judged
 * against the privilege catalog (share/catalog/aws.tsv).
 *
 * The catalog names the checks: kind "action" entries are actions or
 * action patterns ("iam:PassRole", "iam:Put*", "*") with the tier their
 * holder earns when a policy allows all of them on Resource "*"; kind
 * "combination" entries are actions joined by "+"
 * ("iam:PassRole+ec2:RunInstances") that escalate only together, held when
 * every part is allowed, from whatever policies the principal holds.
 *
 * Each document is read once into facts, one set of flags per check:
 *
 *  - an Allow statement covers a check when one of its Action patterns
 *    matches all of it (IAM's wildcards * and ?, ASCII case-insensitive:
 *    "iam:Put*" covers iam:PutUserPolicy and the check "iam:Put*"), or,
 *    for NotAction, when none of its patterns touches it (Allow NotAction
 *    iam:* allows organizations:* and not "*");
 *  - Resource "*" (or "arn:*") reaches everything; so does, for one
 *    check, an ARN naming every resource of the check's service in the
 *    account ("arn:aws:iam::123456789012:*") or every resource of a type
 *    the action names (all roles for iam:PassRole, "...:function:*" for
 *    lambda:UpdateFunctionCode); NotResource reaches everything but
 *    what it names; other resources are "scoped", and a scoped check
 *    earns tier 2 at most;
 *  - a Deny statement without Condition, on every resource, cancels every
 *    check it touches (IAM's rule: an explicit deny wins), from whichever
 *    policy of the principal it comes; a Deny with NotResource leaves the
 *    check scoped; a Deny with a Condition ("deny without MFA") cancels
 *    nothing and is kept as evidence;
 *  - an Allow with a Condition still counts, and is said "conditional";
 *  - a permissions boundary, when its document is known, keeps only the
 *    checks it allows too (and applies its own denies).
 *
 * aws_evaluate() weighs the allows of some policies against the denies of
 * all the principal's policies and its boundary, and says the best tier
 * earned with its evidence, and what the denies and the boundary took
 * away.
 */
#ifndef PARC_AWS_POLICY_H
#define PARC_AWS_POLICY_H

#include <stddef.h>

#include <jansson.h>

#include "db/catalog.h"
#include "lib/err.h"
#include "lib/sb.h"

struct aws_doc;
struct aws_rules;
struct aws_facts;

/*
 * Parse a policy document: a JSON object, or a string holding the JSON
 * either as it is or URL-encoded (as the IAM API sends it). what names it
 * in messages ("policy X", "user Y: inline policy Z"). A document that is
 * not JSON, has no Statement, a statement that is not an object, an Effect
 * other than Allow or Deny, no Action nor NotAction, or an action or
 * resource that is not a string is PARC_EDATA naming what. On success *out
 * is the caller's (aws_doc_free).
 */
int aws_doc_parse(const json_t *doc, const char *what, struct aws_doc **out,
    struct err *e);

/*
 * %XX decoding, as IAM encodes policy documents (RFC 3986: '+' stays a
 * plus, as botocore's unquote leaves it). Returns a malloc'd string.
 */
char *aws_url_decode(const char *s);

/* The document as decoded JSON (borrowed; lives as long as d). */
const json_t *aws_doc_json(const struct aws_doc *d);

void aws_doc_free(struct aws_doc *d);

/*
 * The checks of catalog cat (family aws, kinds action and combination).
 * A combination's parts are checked like actions of tier 3. Never NULL.
 * cat must outlive the result.
 */
struct aws_rules *aws_rules_new(const struct catalog *cat);

void aws_rules_free(struct aws_rules *r);

/* What document d allows and denies, check by check. Never NULL. */
struct aws_facts *aws_facts_new(const struct aws_rules *r,
    const struct aws_doc *d);

void aws_facts_free(struct aws_facts *f);

/* One policy a principal holds, for aws_evaluate. */
struct aws_held {
	const char *name;	   /* what evidence calls it */
	const struct aws_facts *f; /* NULL: document unknown */
};

/* What aws_evaluate found. */
struct aws_verdict {
	int tier; /* best tier earned, -1 when nothing privileged */
	/* the check that earned it (NULL when tier is -1) */
	const struct catalog_entry *entry;
	int conditional;     /* every allow behind it has a Condition */
	int scoped;	     /* it reaches specific resources only */
	int lost;	     /* denies or the boundary took a check away */
	int lost_tier;	     /* the best tier they took away, or -1 */
	struct sb evidence;  /* sentences for a reviewer */
	struct sb denied_by; /* "; "-separated names of cancelling policies */
};

void aws_verdict_init(struct aws_verdict *v);
void aws_verdict_release(struct aws_verdict *v);

/*
 * Judge the allows of allow[0..nallow) against the denies of
 * ctx[0..nctx) (the allow policies should be among them) and the
 * boundary (NULL: none; a boundary with unknown facts is named in the
 * evidence only). combos: whether combination checks count (a single
 * policy's own tier counts the combinations within it too).
 */
void aws_evaluate(const struct aws_rules *r, const struct aws_held *allow,
    size_t nallow, const struct aws_held *ctx, size_t nctx,
    const struct aws_held *boundary, struct aws_verdict *v);

/*
 * Whether combination check entry (a catalog entry of kind combination)
 * is held in the last aws_evaluate of the same allow/ctx/boundary: call
 * aws_evaluate_combo for each combination to list them. Returns 1 when
 * held on every resource, 2 when held on specific resources only, else 0,
 * and appends to names the policies supplying each part.
 */
int aws_combo_held(const struct aws_rules *r, size_t combo,
    const struct aws_held *allow, size_t nallow, const struct aws_held *ctx,
    size_t nctx, const struct aws_held *boundary, struct sb *names);

/* The number of combination checks, and check i's catalog entry. */
size_t aws_rules_ncombos(const struct aws_rules *r);
const struct catalog_entry *aws_rules_combo(const struct aws_rules *r,
    size_t i);

/*
 * IAM's action wildcard match: pattern (with * and ?) against s, ASCII
 * case-insensitive. Exposed for the tests.
 */
int aws_action_match(const char *pattern, const char *s);

#endif
