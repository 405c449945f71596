/*
 * remediation.c - revoked grants as the actions that remove them
 * (remediation.h): the document's "actions" table, LDIF and shell.
 */
#include <errno.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/remedy.h"
#include "lib/sb.h"
#include "lib/text.h"
#include "reports/model.h"
#include "reports/remediation.h"

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

enum {
	C_ITEM,
	C_SOURCE,
	C_KIND,
	C_HOST,
	C_ACCOUNT,
	C_ENTITLEMENT,
	C_PATH,
	C_ACTION,
	C_TARGET,
	C_MEMBER,
	C_COMMAND,
	C_DECISION,
	C_JUSTIFICATION,
	C_DECIDED_BY,
	C_DECIDED_AT,
	C_STATUS,
	C_TARGET_REF,
	C_MEMBER_REF,
	C_N
};

static const struct rpt_col act_cols[C_N] = {
	{ "item", "Item", 0.5, RPT_STR },
	{ "source", "Source", 0.8, RPT_STR },
	{ "source_kind", "Kind", 0.6, RPT_STR },
	{ "host", "Host", 0.8, RPT_STR },
	{ "account", "Account", 1.1, RPT_STR },
	{ "entitlement", "Entitlement", 1.3, RPT_STR },
	{ "path", "Path", 1.4, RPT_STR },
	{ "action", "Action", 0.6, RPT_STR },
	{ "target", "Remove from", 1.6, RPT_STR },
	{ "member", "Remove", 1.4, RPT_STR },
	{ "command", "Command", 2.2, RPT_STR },
	{ "decision", "Decision", 0.7, RPT_STR },
	{ "justification", "Justification", 1.6, RPT_STR },
	{ "decided_by", "Decided by", 0.8, RPT_STR },
	{ "decided_at", "Decided at", 1, RPT_STR },
	{ "status", "Status", 0.8, RPT_STR },
	/* what LDIF names them by: a DN, <SID=...> or <GUID=...> */
	{ "target_ref", "Remove from (LDAP)", 1.2, RPT_STR },
	{ "member_ref", "Remove (LDAP)", 1.2, RPT_STR },
};

/* Append s single-quoted for sh: every byte stays literal. */
static void
sh_quote(struct sb *sb, const char *s)
{
	sb_addc(sb, '\'');
	for (; s && *s; s++) {
		if (*s == '\'')
			sb_adds(sb, "'\\''");
		else
			sb_addc(sb, *s);
	}
	sb_addc(sb, '\'');
}

/*
 * A directory object as LDAP names it: a DN as it is, a SID or GUID in
 * the <SID=...> / <GUID=...> form Active Directory accepts for DNs.
 */
static void
add_dnref(struct sb *sb, const char *ext)
{
	size_t n = ext ? strlen(ext) : 0;

	if (ext == NULL)
		return;
	if (strncmp(ext, "S-1-", 4) == 0)
		sb_addf(sb, "<SID=%s>", ext);
	else if (strchr(ext, '=') == NULL && n == 36 && ext[8] == '-' &&
	    ext[13] == '-')
		sb_addf(sb, "<GUID=%s>", ext);
	else
		sb_adds(sb, ext);
}

/* Whether ext is a SID or a GUID: an id a reader cannot read. */
static int
opaque_id(const char *ext)
{
	return ext != NULL && strchr(ext, '=') == NULL;
}

/*
 * A directory object as a reader names it: "Domain Admins (S-1-5-...)",
 * its name with the SID or GUID beside it; a DN names itself.
 */
static void
add_named(struct sb *sb, const char *name, const char *ext)
{
	if (ext == NULL || !opaque_id(ext) || name == NULL ||
	    strcmp(name, ext) == 0) {
		sb_adds(sb, ext ? ext : name ? name : "");
		return;
	}
	sb_addf(sb, "%s (%s)", name, ext);
}

static int
is_kind(const char *k, const char *const *names)
{
	for (; *names; names++)
		if (k && strcmp(k, *names) == 0)
			return 1;
	return 0;
}

static const char *const dir_kinds[] = { "ad", "ldif", "ldap", NULL };
static const char *const sudo_kinds[] = { "sudoers", "sudo", NULL };
static const char *const aws_kinds[] = { "aws", "aws-import", NULL };
static const char *const az_kinds[] = { "azure", "azure-import", NULL };
static const char *const gcp_kinds[] = { "gcp", "gcp-import", NULL };

/* "projects/p" -> gcloud's resource command and id. */
static void
gcp_resource(struct sb *sb, const char *scope)
{
	static const struct {
		const char *prefix, *cmd;
	} res[] = {
		{ "projects/", "gcloud projects" },
		{ "organizations/", "gcloud organizations" },
		{ "folders/", "gcloud resource-manager folders" },
	};
	const char *sa, *end;
	size_t i;

	/* a binding on one service account or one bucket (sync/gcp) */
	if (scope &&
	    strncmp(scope, "//iam.googleapis.com/projects/", 30) == 0 &&
	    (sa = strstr(scope, "/serviceAccounts/")) != NULL) {
		struct sb proj = SB_INIT;

		sb_add(&proj, scope + 30, (size_t)(sa - (scope + 30)));
		sb_adds(sb,
		    "gcloud iam service-accounts "
		    "remove-iam-policy-binding ");
		sh_quote(sb, sa + strlen("/serviceAccounts/"));
		sb_adds(sb, " --project=");
		sh_quote(sb, proj.buf);
		sb_release(&proj);
		return;
	}
	if (scope && strncmp(scope, "//storage.googleapis.com/", 25) == 0 &&
	    (end = scope + 25) && strchr(end, '/') == NULL) {
		struct sb b = SB_INIT;

		sb_addf(&b, "gs://%s", end);
		sb_adds(sb,
		    "gcloud storage buckets remove-iam-policy-binding ");
		sh_quote(sb, b.buf);
		sb_release(&b);
		return;
	}
	for (i = 0; scope && i < NCOLS(res); i++)
		if (strncmp(scope, res[i].prefix, strlen(res[i].prefix)) == 0) {
			sb_adds(sb, res[i].cmd);
			sb_adds(sb, " remove-iam-policy-binding ");
			sh_quote(sb, scope + strlen(res[i].prefix));
			return;
		}
	sb_adds(sb, "gcloud projects remove-iam-policy-binding ");
	sh_quote(sb, scope ? scope : "PROJECT");
}

/* A GCP member: user:, serviceAccount: or group: by the address's form. */
static void
gcp_member(struct sb *sb, const char *account)
{
	struct sb m = SB_INIT;
	size_t n = strlen(account);

	if (strchr(account, ':') != NULL)
		sb_adds(&m, account);
	else if (n > 20 &&
	    strcmp(account + n - 20, ".gserviceaccount.com") == 0)
		sb_addf(&m, "serviceAccount:%s", account);
	else
		sb_addf(&m, "user:%s", account);
	sh_quote(sb, m.buf);
	sb_release(&m);
}

/*
 * The role of a GCP binding: the entitlement's attrs.role (sync/gcp: the
 * entitlement is "ROLE on RESOURCE"), else its external id.
 */
static void
gcp_role(struct sb *sb, const struct remedy_row *r)
{
	json_error_t jerr;
	json_t *a = r->entitlement_attrs
	    ? json_loads(r->entitlement_attrs, 0, &jerr)
	    : NULL;
	const char *role = json_string_value(json_object_get(a, "role"));

	sh_quote(sb, role ? role : r->entitlement_ext_id);
	json_decref(a);
}

/*
 * The action that removes an Azure grant held directly (sync/azure_model.c
 * sets the origins): an RBAC role assignment by assignee, role and scope
 * (the role's name from the entitlement's attrs, as the entitlement is
 * named "ROLE on SCOPE"); a directory role assignment by its Graph id; an
 * eligibility (PIM) only in PIM, where its schedule is named.
 */
static void
az_action(const struct remedy_row *r, struct sb *target, struct sb *cmd)
{
	json_t *attrs = r->entitlement_attrs
	    ? json_loads(r->entitlement_attrs, 0, NULL)
	    : NULL;
	const char *role =
	    json_string_value(json_object_get(attrs, "role_name"));
	const char *o = r->origin;

	if (role == NULL)
		role = r->entitlement;
	if (o != NULL && strncmp(o, "roleAssignments/", 16) == 0) {
		struct sb url = SB_INIT;

		sb_addf(target, "directory role %s", role);
		sb_addf(&url,
		    "https://graph.microsoft.com/v1.0/"
		    "roleManagement/directory/%s",
		    o);
		sb_adds(cmd, "az rest --method DELETE --url ");
		sh_quote(cmd, url.buf);
		sb_release(&url);
	} else if (o != NULL &&
	    (strncmp(o, "roleEligibilitySchedules/", 25) == 0 ||
		strstr(o, "/RoleEligibilityScheduleInstances/") != NULL)) {
		/* no az command removes an eligibility: PIM does */
		sb_addf(target, "PIM eligibility %s", o);
	} else {
		sb_adds(target, r->scope ? r->scope : "");
		sb_adds(cmd, "az role assignment delete --assignee ");
		sh_quote(cmd, r->account_ext_id);
		sb_adds(cmd, " --role ");
		sh_quote(cmd, role);
		if (r->scope) {
			sb_adds(cmd, " --scope ");
			sh_quote(cmd, r->scope);
		}
	}
	json_decref(attrs);
}

/*
 * The action that removes an AWS grant held directly (sync/aws_model*.c
 * names the entitlements): a managed policy is detached from the user or
 * role, an inline one (ext id "user/NAME/POLICY", "role/NAME/POLICY") is
 * deleted; a policy cut by a Deny or a boundary is the policy in its
 * attrs ("policy"). A combination is held only through several policies
 * and the root user's rights through none, so neither has one command:
 * the target says what to do instead.
 */
static void
aws_action(const struct remedy_row *r, struct sb *target, struct sb *cmd)
{
	json_t *attrs = r->entitlement_attrs
	    ? json_loads(r->entitlement_attrs, 0, NULL)
	    : NULL;
	const char *pol = json_string_value(json_object_get(attrs, "policy"));
	const char *acct = r->account_ext_id ? r->account_ext_id : "";
	const char *who, *slash;
	int role = strstr(acct, ":role/") != NULL;

	if (pol == NULL)
		pol = r->entitlement_ext_id ? r->entitlement_ext_id : "";
	who = role ? "role" : "user";
	if (r->entitlement_kind != NULL &&
	    strcmp(r->entitlement_kind, "combination") == 0) {
		sb_addf(target, "one of the policies that together give %s",
		    r->entitlement);
	} else if (strlen(acct) > 5 &&
	    strcmp(acct + strlen(acct) - 5, ":root") == 0) {
		sb_adds(target,
		    "the root user: delete its access keys and keep it "
		    "unused (no command removes root)");
	} else if (strncmp(pol, "arn:", 4) == 0) {
		sb_adds(target, pol);
		sb_addf(cmd, "aws iam detach-%s-policy --%s-name ", who, who);
		sh_quote(cmd, r->account);
		sb_adds(cmd, " --policy-arn ");
		sh_quote(cmd, pol);
	} else if ((slash = strrchr(pol, '/')) != NULL) {
		sb_adds(target, pol);
		sb_addf(cmd, "aws iam delete-%s-policy --%s-name ", who, who);
		sh_quote(cmd, r->account);
		sb_adds(cmd, " --policy-name ");
		sh_quote(cmd, slash + 1);
	} else
		sb_adds(target, pol);
	json_decref(attrs);
}

struct acts {
	struct rpt_table *t;
	size_t n[8];
};

static int
add_action(const struct remedy_row *r, void *arg)
{
	struct acts *a = arg;
	struct sb path = SB_INIT, target = SB_INIT, member = SB_INIT;
	struct sb cmd = SB_INIT, tref = SB_INIT, mref = SB_INIT;
	const char *cells[C_N], *action, *status;
	char id[24];

	sb_add_path(&path, r->path, " > ");
	status = r->remediated_at ? "done"
	    : r->grant_present	  ? "to do"
				  : "gone";
	if (!r->grant_present) {
		action = "none";
		sb_adds(&target, "(the grant is no longer in the source)");
	} else if (is_kind(r->source_kind, dir_kinds)) {
		action = "ldif";
		add_dnref(&tref,
		    r->via_group ? r->via_group_ext_id : r->entitlement_ext_id);
		if (r->via_group && r->via_group_ext_id == NULL)
			sb_addf(&tref, "(group %s)", r->via_group);
		add_dnref(&mref, r->account_ext_id);
		/* groups by name, the SID beside it (issue 17) */
		if (r->via_group && r->via_group_ext_id == NULL)
			sb_addf(&target, "(group %s)", r->via_group);
		else if (r->via_group)
			add_named(&target, r->via_group, r->via_group_ext_id);
		else
			add_named(&target, r->entitlement,
			    r->entitlement_ext_id);
		add_named(&member, r->account, r->account_ext_id);
	} else if (is_kind(r->source_kind, sudo_kinds)) {
		action = "sudoers";
		if (r->via_group != NULL) {
			sb_addf(&target, "group %s on %s", r->via_group,
			    r->host ? r->host : "(host)");
			sb_adds(&member, r->account);
			sb_adds(&cmd, "gpasswd -d ");
			sh_quote(&cmd, r->account);
			sb_addc(&cmd, ' ');
			sh_quote(&cmd, r->via_group);
		} else {
			sb_addf(&target, "%s %s", r->host ? r->host : "(host)",
			    r->origin ? r->origin : "(file:line unknown)");
			sb_adds(&member, r->entitlement);
		}
	} else if (is_kind(r->source_kind, aws_kinds)) {
		action = "aws";
		sb_adds(&member, r->account);
		if (r->via_group) {
			sb_adds(&target, r->via_group);
			sb_adds(&cmd,
			    "aws iam remove-user-from-group "
			    "--group-name ");
			sh_quote(&cmd, r->via_group);
			sb_adds(&cmd, " --user-name ");
			sh_quote(&cmd, r->account);
		} else
			aws_action(r, &target, &cmd);
	} else if (is_kind(r->source_kind, az_kinds)) {
		action = "azure";
		add_named(&member, r->account, r->account_ext_id);
		if (r->via_group) {
			add_named(&target, r->via_group, r->via_group_ext_id);
			sb_adds(&cmd, "az ad group member remove --group ");
			sh_quote(&cmd,
			    r->via_group_ext_id ? r->via_group_ext_id
						: r->via_group);
			sb_adds(&cmd, " --member-id ");
			sh_quote(&cmd, r->account_ext_id);
		} else
			az_action(r, &target, &cmd);
	} else if (is_kind(r->source_kind, gcp_kinds)) {
		action = "gcp";
		sb_adds(&member, r->account);
		if (r->via_group) {
			sb_adds(&target, r->via_group);
			sb_adds(&cmd,
			    "gcloud identity groups memberships "
			    "delete --group-email=");
			sh_quote(&cmd, r->via_group);
			sb_adds(&cmd, " --member-email=");
			sh_quote(&cmd, r->account);
		} else {
			sb_adds(&target, r->scope ? r->scope : "");
			gcp_resource(&cmd, r->scope);
			sb_adds(&cmd, " --member=");
			gcp_member(&cmd, r->account);
			sb_adds(&cmd, " --role=");
			gcp_role(&cmd, r);
		}
	} else {
		action = "manual";
		sb_adds(&target, r->via_group ? r->via_group : r->entitlement);
		sb_adds(&member, r->account);
	}
	snprintf(id, sizeof(id), "%lld", (long long)r->item_id);
	cells[C_ITEM] = id;
	cells[C_SOURCE] = r->source;
	cells[C_KIND] = r->source_kind;
	cells[C_HOST] = r->host;
	cells[C_ACCOUNT] = r->account;
	cells[C_ENTITLEMENT] = r->entitlement;
	cells[C_PATH] = path.buf;
	cells[C_ACTION] = action;
	cells[C_TARGET] = target.buf;
	cells[C_MEMBER] = member.len ? member.buf : NULL;
	cells[C_COMMAND] = cmd.len ? cmd.buf : NULL;
	cells[C_DECISION] = r->decision;
	cells[C_JUSTIFICATION] = r->comment;
	cells[C_DECIDED_BY] = r->decided_by;
	cells[C_DECIDED_AT] = r->decided_at;
	cells[C_STATUS] = status;
	cells[C_TARGET_REF] = tref.len ? tref.buf : NULL;
	cells[C_MEMBER_REF] = mref.len ? mref.buf : NULL;
	rpt_row(a->t, cells);
	sb_release(&path);
	sb_release(&target);
	sb_release(&member);
	sb_release(&cmd);
	sb_release(&tref);
	sb_release(&mref);
	return 0;
}

int
rpt_remediation(struct db *db, const char *name, struct rpt_doc **out,
    struct err *e)
{
	struct rpt_doc *d;
	struct rpt_section *s;
	struct acts a;
	size_t i, todo = 0, gone = 0, done = 0;
	int rc;

	*out = NULL;
	memset(&a, 0, sizeof(a));
	d = rpt_doc_new("remediation", "Remediation", name);
	d->wide = 1;
	s = rpt_section(d, "actions", "Grants to take away", 0);
	rpt_text(s,
	    "Every grant revoked in the campaign (and every item left "
	    "pending when it closed with the default \"revoke\"), with "
	    "the action that removes it where it is granted. parc has "
	    "run none of them.");
	a.t = rpt_table(s, "actions", act_cols, C_N);
	d->primary = a.t;
	if ((rc = remedy_query(db, name, add_action, &a, e)) != 0) {
		rpt_doc_free(d);
		return rc;
	}
	for (i = 0; i < a.t->nrows; i++) {
		const char *st = rpt_cell(a.t, i, C_STATUS);

		if (strcmp(st, "done") == 0)
			done++;
		else if (strcmp(st, "gone") == 0)
			gone++;
		else
			todo++;
	}
	s = rpt_section(d, "totals", NULL, 0);
	rpt_fieldf(s, "to_do", "Still granted", "%zu", todo);
	rpt_fieldf(s, "done", "Seen removed", "%zu", done + gone);
	*out = d;
	return 0;
}

/* Append s escaped for a comment or plain text; NULL as "-". */
static void
add_safe(struct sb *sb, const char *s)
{
	sb_add_safe(sb, s ? s : "-");
}

/* The number of " > " steps in a printed path. */
static int
hops(const char *path)
{
	int n = 0;

	while (path != NULL && (path = strstr(path, " > ")) != NULL) {
		n++;
		path += 3;
	}
	return n;
}

/* ---- LDIF ---- */

/* RFC 2849: a value is written plainly only if it is SAFE-STRING. */
static int
ldif_safe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (*p == ' ' || *p == ':' || *p == '<')
		return 0;
	for (; *p; p++)
		if (*p >= 0x80 || *p == '\n' || *p == '\r' || *p == 0)
			return 0;
	return p == (const unsigned char *)s || p[-1] != ' ';
}

static void
ldif_attr(struct sb *sb, const char *name, const char *value)
{
	size_t n = strlen(value);
	unsigned char *b64;

	if (ldif_safe(value)) {
		sb_addf(sb, "%s: %s\n", name, value);
		return;
	}
	b64 = xmalloc(4 * ((n + 2) / 3) + 1);
	EVP_EncodeBlock(b64, (const unsigned char *)value, (int)n);
	sb_addf(sb, "%s:: %s\n", name, (const char *)b64);
	free(b64);
}

/* A comment line: the text escaped, so it cannot end the comment. */
static void
comment(struct sb *sb, const char *label, const char *v)
{
	sb_addf(sb, "# %s: ", label);
	sb_add_safe(sb, v ? v : "-");
	sb_addc(sb, '\n');
}

static int
put(struct sb *sb, FILE *fp, struct err *e)
{
	if (fwrite(sb->buf, 1, sb->len, fp) != sb->len)
		return err_set(e, PARC_EIO, "writing the remediation: %s",
		    strerror(errno));
	sb_reset(sb);
	return 0;
}

int
rpt_ldif_write(const struct rpt_doc *d, FILE *fp, struct err *e)
{
	const struct rpt_table *t = d->primary;
	struct sb sb = SB_INIT;
	size_t r, other = 0;
	int rc = 0;

	sb_adds(&sb, "# parc remediation for campaign ");
	sb_add_safe(&sb, d->subject);
	sb_addf(&sb, "\n# generated %s by ", d->generated_at);
	sb_add_safe(&sb, d->generated_by);
	sb_adds(&sb,
	    "; nothing here has been applied.\n"
	    "# Review, then: ldapmodify -H ldaps://DC -f THIS-FILE\n"
	    "version: 1\n");
	for (r = 0; r < t->nrows; r++) {
		if (strcmp(rpt_cell(t, r, C_ACTION), "ldif") != 0) {
			other++;
			continue;
		}
		sb_addc(&sb, '\n');
		comment(&sb, "item", rpt_cell(t, r, C_ITEM));
		comment(&sb, "account", rpt_cell(t, r, C_ACCOUNT));
		comment(&sb, "entitlement", rpt_cell(t, r, C_ENTITLEMENT));
		comment(&sb, "path", rpt_cell(t, r, C_PATH));
		comment(&sb, "justification", rpt_cell(t, r, C_JUSTIFICATION));
		comment(&sb, "decided", rpt_cell(t, r, C_DECIDED_BY));
		comment(&sb, "remove member", rpt_cell(t, r, C_MEMBER));
		comment(&sb, "from", rpt_cell(t, r, C_TARGET));
		/* a path through groups: the first one gives more than this */
		if (hops(rpt_cell(t, r, C_PATH)) > 1)
			sb_adds(&sb,
			    "# note: this ends every grant that comes "
			    "through that group, not only this one\n");
		ldif_attr(&sb, "dn", rpt_cell(t, r, C_TARGET_REF));
		sb_adds(&sb, "changetype: modify\ndelete: member\n");
		ldif_attr(&sb, "member", rpt_cell(t, r, C_MEMBER_REF));
		sb_adds(&sb, "-\n");
		if (sb.len > 65536 && (rc = put(&sb, fp, e)) != 0)
			goto out;
	}
	if (other > 0) {
		sb_addf(&sb,
		    "\n# %zu item(s) are not directory group "
		    "memberships (see --format sh):\n",
		    other);
		for (r = 0; r < t->nrows; r++) {
			if (strcmp(rpt_cell(t, r, C_ACTION), "ldif") == 0)
				continue;
			sb_addf(&sb, "#   item %s: ", rpt_cell(t, r, C_ITEM));
			add_safe(&sb, rpt_cell(t, r, C_ACCOUNT));
			sb_adds(&sb, " / ");
			add_safe(&sb, rpt_cell(t, r, C_ENTITLEMENT));
			sb_addf(&sb, " (%s)\n", rpt_cell(t, r, C_ACTION));
		}
	}
	rc = put(&sb, fp, e);
out:
	sb_release(&sb);
	return rc;
}

/* ---- shell ---- */

int
rpt_sh_write(const struct rpt_doc *d, FILE *fp, struct err *e)
{
	const struct rpt_table *t = d->primary;
	struct sb sb = SB_INIT;
	const char *host = NULL, *action, *cmd;
	size_t r;
	int rc = 0;

	sb_adds(&sb, "#!/bin/sh\n# parc remediation for campaign ");
	sb_add_safe(&sb, d->subject);
	sb_addf(&sb, "\n# generated %s by ", d->generated_at);
	sb_add_safe(&sb, d->generated_by);
	sb_adds(&sb,
	    "\n#\n# parc has run none of this. Read it, check each "
	    "action, then delete\n# the exit below and run it. "
	    "Directory memberships are in\n# parc report remediation "
	    "--format ldif; sudoers lines are to be\n# removed by "
	    "hand with visudo on each host.\n"
	    "echo 'review this script first' >&2\nexit 1\n"
	    "set -eu\n");
	for (r = 0; r < t->nrows; r++) {
		action = rpt_cell(t, r, C_ACTION);
		cmd = rpt_cell(t, r, C_COMMAND);
		if (strcmp(action, "sudoers") == 0 && cmd == NULL) {
			const char *h = rpt_cell(t, r, C_HOST);

			if (host == NULL || h == NULL || strcmp(h, host) != 0) {
				sb_adds(&sb, "\n# == sudoers on host ");
				add_safe(&sb, h ? h : "(unknown)");
				sb_adds(&sb,
				    ": remove these lines "
				    "(visudo -f FILE) ==\n");
				host = h;
			}
			sb_adds(&sb, "# ");
			add_safe(&sb, rpt_cell(t, r, C_TARGET));
			sb_adds(&sb, "  ");
			add_safe(&sb, rpt_cell(t, r, C_MEMBER));
			sb_adds(&sb, "\n#     item ");
			sb_adds(&sb, rpt_cell(t, r, C_ITEM));
			sb_adds(&sb, ": ");
			add_safe(&sb, rpt_cell(t, r, C_ACCOUNT));
			sb_adds(&sb, ", revoked by ");
			add_safe(&sb, rpt_cell(t, r, C_DECIDED_BY));
			sb_addc(&sb, '\n');
			continue;
		}
		host = NULL;
		sb_adds(&sb, "\n# item ");
		sb_adds(&sb, rpt_cell(t, r, C_ITEM));
		sb_adds(&sb, ": ");
		add_safe(&sb, rpt_cell(t, r, C_ACCOUNT));
		sb_adds(&sb, " holds ");
		add_safe(&sb, rpt_cell(t, r, C_ENTITLEMENT));
		sb_adds(&sb, " via ");
		add_safe(&sb, rpt_cell(t, r, C_PATH));
		sb_adds(&sb, "\n# justification: ");
		add_safe(&sb, rpt_cell(t, r, C_JUSTIFICATION));
		sb_addc(&sb, '\n');
		if (cmd != NULL) {
			/* gpasswd runs on the host that has the group */
			if (strcmp(action, "sudoers") == 0) {
				sb_adds(&sb, "ssh ");
				sh_quote(&sb, rpt_cell(t, r, C_HOST));
				sb_adds(&sb, " ");
				sh_quote(&sb, cmd);
				sb_addc(&sb, '\n');
			} else {
				sb_adds(&sb, cmd);
				sb_addc(&sb, '\n');
			}
		} else if (strcmp(action, "ldif") == 0) {
			sb_adds(&sb,
			    "# directory membership: see --format "
			    "ldif (remove from ");
			add_safe(&sb, rpt_cell(t, r, C_TARGET));
			sb_adds(&sb, ")\n");
		} else if (strcmp(action, "none") == 0) {
			sb_adds(&sb, "# nothing to do: the grant is gone\n");
		} else {
			sb_adds(&sb, "# by hand: remove ");
			add_safe(&sb, rpt_cell(t, r, C_MEMBER));
			sb_adds(&sb, " from ");
			add_safe(&sb, rpt_cell(t, r, C_TARGET));
			sb_addc(&sb, '\n');
		}
		if (sb.len > 65536 && (rc = put(&sb, fp, e)) != 0)
			goto out;
	}
	rc = put(&sb, fp, e);
out:
	sb_release(&sb);
	return rc;
}
