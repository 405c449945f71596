/*
 * finding.c - the finding rules, as a table of SQL statements over the
 * model, and their recompute.
 *
 * A recompute stages the privileged grants once (temp.pg), then streams
 * every rule's rows, in subject order, beside the kind's old findings
 * (finding_merge.c), so a finding that persists keeps its id and
 * first_seen and costs no write when it reads as it did; with no finding
 * at all (a first recompute) each rule inserts its rows into the table
 * itself (finding_write.c says what those writes skip). Rules bind named
 * parameters only: :now, :sev, :sev0 (the kind's severities), :tech (the
 * kind's techniques) and the thresholds. A rule is written as an INSERT
 * into temp.new_finding (INS) to read as one; the recompute runs its
 * SELECT. :now is the evaluation time: the start of the UTC day.
 *
 * After a first recompute, one under the same thresholds stages only the
 * grants of the accounts whose rows changed since (finding_inc.c says
 * which), and runs each rule for the subjects its scope names (enum
 * rule_scope), beside only their old findings. Under another evaluation
 * time (the first recompute of a day), the rules that read it (:now) run
 * in full beside that, over every grant.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/audit.h"
#include "db/dbint.h"
#include "db/finding.h"
#include "db/finding_int.h"
#include "db/vocab.h"

/* The SQL below is laid out by hand, to read as SQL. */
/* clang-format off */
/* The severity for a finding on entitlement tier t (a SQL expression). */
#define SEV(t) "CASE WHEN " t " = 0 THEN :sev0 ELSE :sev END"
/* The kind's techniques and the entitlement's, as one comma list. */
#define TECH(t) "parc_uniq(:tech || ',' || coalesce(" t ", ''))"
/* Whole days between ISO 8601 x and :now. */
#define DAYS(x) "CAST(julianday(:now) - julianday(" x ") AS INTEGER)"
#define INS                                                                  \
	"INSERT INTO temp.new_finding (kind, severity, source_id,"           \
	" principal_id, grant_id, identity_id, evidence, techniques) "
/*
 * Account-level findings: one per account holding a privileged grant
 * (temp.pa, made once for all of them).
 */
#define ACCT                                                                 \
	" FROM temp.pa q JOIN principal p ON p.id = q.principal_id"
/*
 * A grant-level finding on what its account's attrs say: each account
 * holding a privileged grant is read once (temp.pa), and only the grants
 * of those its rule picks (temp.pg_principal), not every grant's account.
 */
#define MEMBERS                                                              \
	" FROM temp.pa q CROSS JOIN principal p ON p.id = q.principal_id"    \
	" CROSS JOIN temp.pg g ON g.principal_id = q.principal_id"

/*
 * What a rule's finding depends on, for an incremental recompute
 * (finding_inc.c): one account's rows (the default), one person's
 * accounts, a source's totals, or review items and campaigns (evaluated
 * whole every time).
 */
enum rule_scope { RS_ACCOUNT, RS_PERSON, RS_SOURCE, RS_ALL };

struct rule {
	struct finding_kind k;
	const char *sql;
	enum rule_scope scope;
};

static const struct rule rules[] = {
    {{"dormant", "medium", "high", "T1078",
	 "privileged grant not used for longer than the threshold", "dormant"},
	INS "SELECT :kind, " SEV("tier") ", source_id, principal_id,"
	    " grant_id, identity_id,"
	    " printf('%s has not used %s for %d days (last use %s; "
	    "threshold %d days)%s', acct, ent, " DAYS("last_used") ","
	    " substr(last_used, 1, 10), thr, CASE WHEN weak THEN CASE WHEN "
	    DAYS("last_used") " < thr + 14 THEN '; low confidence: "
	    "lastLogonTimestamp lags up to 14 days' ELSE '; lastLogonTimestamp "
	    "lags up to 14 days' END ELSE '' END), " TECH("techniques")
	    /* the threshold looked up once a grant, not once a use */
	    " FROM (SELECT g.*, coalesce(d.days, :dormant) AS thr FROM"
	    " temp.pg g LEFT JOIN temp.fc_dormant d ON d.kind ="
	    " g.source_kind)"
	    " WHERE last_used IS NOT NULL AND state = 'active'"
	    " AND pkind <> 'break-glass'"
	    " AND coalesce(enabled, 1) = 1 AND " DAYS("last_used") " > thr",
	RS_ACCOUNT},
    {{"never-used", "medium", "high", "T1078",
	 "privileged grant never used by an account older than the grace "
	 "period", "never used"},
	INS "SELECT :kind, " SEV("tier") ", source_id, principal_id,"
	    " grant_id, identity_id,"
	    " printf('%s has never used %s (account known since %s, grace "
	    "%d days)', acct, ent, substr(since, 1, 10), :grace), "
	    TECH("techniques") " FROM temp.pg"
	    " WHERE last_used IS NULL AND state = 'active'"
	    " AND pkind <> 'break-glass' AND coalesce(enabled, 1) = 1"
	    " AND (source_id, pkind) IN (SELECT source_id, kind FROM"
	    " temp.usage_src)"
	    /* a source whose usage data skips this account: unknown */
	    " AND NOT EXISTS (SELECT 1 FROM principal u WHERE"
	    " u.id = principal_id AND json_extract(u.attrs,"
	    " '$.usage_unknown') IN (1, 'true'))"
	    " AND " DAYS("since") " > :grace", RS_ACCOUNT},
    {{"shared-account", "high", "critical", "T1078",
	 "privileged account not tied to exactly one person", "shared"},
	INS "SELECT :kind, " SEV("tier") ", source_id, principal_id, NULL,"
	    " NULL, printf('%s is not tied to exactly one person: %s', name,"
	    " substr(why, 3)), " TECH("techniques") " FROM (SELECT q.*,"
	    " p.name, CASE WHEN p.kind = 'shared' THEN '; ' ||"
	    " coalesce(json_extract(p.attrs, '$.shared_why'), 'the source"
	    " marks it shared') ELSE '' END"
	    " || CASE WHEN p.identity_id IS NULL AND p.kind IN ('human',"
	    " 'shared') THEN '; no person matches it' ELSE '' END"
	    " || CASE WHEN EXISTS (SELECT 1 FROM temp.fc_glob g WHERE"
	    " g.list = 'name' AND lower(p.name) GLOB g.pattern) THEN"
	    " '; its name is generic' ELSE '' END"
	    " || CASE WHEN EXISTS (SELECT 1 FROM temp.fc_glob g JOIN source s"
	    " ON s.id = p.source_id WHERE g.list = 'shared' AND"
	    " (lower(p.name) GLOB g.pattern OR lower(s.name || ':' || p.name)"
	    " GLOB g.pattern)) THEN '; it is in the shared-account register'"
	    " ELSE '' END"
	    " || CASE WHEN json_array_length(p.attrs, '$.users') >= 2 THEN"
	    " printf('; the source shows %d people using it',"
	    " json_array_length(p.attrs, '$.users')) ELSE '' END"
	    " || CASE WHEN json_array_length(p.attrs, '$.owners') >= 2 THEN"
	    " printf('; it has %d owners',"
	    " json_array_length(p.attrs, '$.owners')) ELSE '' END"
	    " || CASE WHEN json_array_length(p.attrs, '$.login_sources') >= 2"
	    " THEN printf('; its logins come from %d places',"
	    " json_array_length(p.attrs, '$.login_sources')) ELSE '' END"
	    " AS why"
	    ACCT " WHERE p.kind NOT IN ('break-glass', 'computer')"
	    " AND json_type(p.attrs, '$.public') IS NULL"
	    " AND json_type(p.attrs, '$.deleted') IS NULL)"
	    " WHERE why <> ''", RS_ACCOUNT},
    {{"break-glass-used", "high", "critical", "T1078",
	 "a break-glass account was used", "break-glass"},
	INS "SELECT :kind, CASE WHEN coalesce((SELECT min(tier) FROM temp.pg"
	    " WHERE principal_id = p.id), 3) = 0 THEN :sev0 ELSE :sev END,"
	    " p.source_id, p.id, NULL, NULL,"
	    " printf('break-glass account %s was used on %s: every use must "
	    "be explained', p.name, substr(p.last_used_at, 1, 10)), :tech"
	    " FROM principal p JOIN source s ON s.id = p.source_id"
	    " WHERE p.last_used_at IS NOT NULL AND (p.kind = 'break-glass' OR"
	    " EXISTS (SELECT 1 FROM temp.fc_glob g WHERE g.list = 'breakglass'"
	    " AND (lower(p.name) GLOB g.pattern OR lower(s.name || ':' ||"
	    " p.name) GLOB g.pattern)))", RS_ACCOUNT},
    {{"root-account-use", "high", "critical", "T1078.004,T1552.001",
	 "an AWS root user with an active access key, or used recently",
	 "root used"},
	INS "SELECT :kind, :sev0, source_id, id, NULL, NULL,"
	    " printf('the root user of AWS account %s %s: root should have no "
	    "access keys and sign in only for the few tasks that need it',"
	    " acct, substr(why, 6)), :tech FROM (SELECT p.source_id, p.id,"
	    " coalesce(json_extract(p.attrs, '$.account_id'), '?') AS acct,"
	    " CASE WHEN json_extract(p.attrs, '$.access_key_1_active') IN"
	    " (1, 'true') THEN printf(' and has an active access key (key 1, "
	    "last rotated %s)', coalesce(substr(json_extract(p.attrs,"
	    " '$.access_key_1_last_rotated'), 1, 10), 'unknown')) ELSE '' END"
	    " || CASE WHEN json_extract(p.attrs, '$.access_key_2_active') IN"
	    " (1, 'true') THEN printf(' and has an active access key (key 2, "
	    "last rotated %s)', coalesce(substr(json_extract(p.attrs,"
	    " '$.access_key_2_last_rotated'), 1, 10), 'unknown')) ELSE '' END"
	    " || CASE WHEN p.last_used_at IS NOT NULL AND "
	    DAYS("p.last_used_at") " <= :dormant THEN printf(' and was used on"
	    " %s, %d days ago (within %d days)', substr(p.last_used_at, 1, 10), "
	    DAYS("p.last_used_at") ", :dormant) ELSE '' END AS why"
	    " FROM principal p WHERE json_extract(p.attrs, '$.aws_root') IN"
	    " (1, 'true')) WHERE why <> ''", RS_ACCOUNT},
    {{"disabled-account", "low", "medium", "T1078",
	 "privileged grant held by a disabled account", "disabled"},
	INS "SELECT :kind, " SEV("tier") ", source_id, principal_id,"
	    " grant_id, identity_id, printf('%s is disabled but still holds "
	    "%s', acct, ent), " TECH("techniques")
	    " FROM temp.pg WHERE enabled = 0 AND principal_id NOT IN"
	    " (SELECT id FROM principal WHERE json_extract(attrs, '$.deleted')"
	    " IN (1, 'true'))", RS_ACCOUNT},
    {{"orphan", "high", "critical", "T1078",
	 "privileged grant of a person who has left", "orphan"},
	INS "SELECT :kind, " SEV("tier") ", g.source_id, g.principal_id,"
	    " g.grant_id, g.identity_id, printf('%s belongs to %s, who is "
	    "terminated%s, and still holds %s%s', g.acct, i.display_name,"
	    " CASE WHEN i.end_date IS NOT NULL THEN ' since ' ||"
	    " substr(i.end_date, 1, 10) ELSE '' END, g.ent, CASE WHEN"
	    " g.enabled = 0 THEN ' (the account is disabled)' ELSE '' END), "
	    TECH("g.techniques") " FROM temp.pg g JOIN identity i"
	    " ON i.id = g.identity_id WHERE i.status = 'terminated' OR"
	    " (i.end_date IS NOT NULL AND i.end_date < substr(:now, 1, 10))",
	RS_ACCOUNT},
    {{"external-tier0", "critical", "critical", "T1078,T1199",
	 "a guest or external identity holds tier-0 rights", "external T0"},
	INS "SELECT :kind, :sev0, g.source_id, g.principal_id, g.grant_id,"
	    " g.identity_id, printf('%s is %s and holds %s (tier 0): an "
	    "account another organisation controls can take over the "
	    "estate', g.acct, CASE WHEN lower(json_extract(p.attrs,"
	    " '$.user_type')) = 'guest' THEN 'a guest (userType Guest)' ELSE"
	    " 'an external identity' END, g.ent), " TECH("g.techniques")
	    MEMBERS " WHERE g.tier = 0 AND json_extract(p.attrs, '$.external') IN"
	    " (1, 'true', 'yes')", RS_ACCOUNT},
    {{"no-mfa", "high", "critical", "T1078,T1110",
	 "privileged account without MFA", "no MFA"},
	INS "SELECT :kind, " SEV("q.tier") ", q.source_id, p.id, NULL, NULL,"
	    " printf('%s has no MFA (the source says so)', p.name), "
	    TECH("q.techniques") ACCT
	    " WHERE p.mfa = 0 AND p.kind NOT IN ('service', 'computer')", RS_ACCOUNT},
    {{"password-never-expires", "medium", "high", "T1110",
	 "privileged account whose password never expires", "pwd never expires"},
	INS "SELECT :kind, " SEV("q.tier") ", q.source_id, p.id, NULL, NULL,"
	    " printf('the password of %s never expires', p.name), "
	    TECH("q.techniques") ACCT
	    " WHERE json_extract(p.attrs, '$.password_never_expires') IN"
	    " (1, 'true', 'yes') OR (json_type(p.attrs, '$.uac') = 'integer'"
	    " AND (json_extract(p.attrs, '$.uac') & 65536) <> 0)", RS_ACCOUNT},
    {{"old-password", "medium", "high", "T1110",
	 "privileged account with an old password", "old password"},
	INS "SELECT :kind, " SEV("q.tier") ", q.source_id, p.id, NULL, NULL,"
	    " printf('the password of %s was last set %d days ago (%s; "
	    "threshold %d days)', p.name, " DAYS("p.password_last_set") ","
	    " substr(p.password_last_set, 1, 10), :pwd), " TECH("q.techniques")
	    ACCT " WHERE p.password_last_set IS NOT NULL AND "
	    DAYS("p.password_last_set") " > :pwd", RS_ACCOUNT},
    {{"old-access-key", "medium", "high", "T1552",
	 "privileged account with an access key not rotated", "old key"},
	INS "SELECT :kind, " SEV("tier") ", source_id, id, NULL, NULL,"
	    " printf('an access key of %s was last rotated %d days ago (%s; "
	    "threshold %d days)', name, " DAYS("k") ", substr(k, 1, 10),"
	    " :key), " TECH("techniques") " FROM (SELECT q.*, p.id, p.name,"
	    " min(coalesce(json_extract(p.attrs,"
	    " '$.access_key_1_last_rotated'), '9999'),"
	    " coalesce(json_extract(p.attrs, '$.access_key_2_last_rotated'),"
	    " '9999'), coalesce(json_extract(p.attrs,"
	    " '$.access_key_last_rotated'), '9999')) AS k" ACCT
	    " WHERE p.attrs IS NOT NULL) WHERE k < '9999' AND " DAYS("k")
	    " > :key", RS_ACCOUNT},
    /*
     * Cloud keys one by one (attrs.keys: id, type, disabled, created,
     * last_authenticated; key_usage_known when the source read their use).
     */
    {{"dormant-key", "medium", "high", "T1078.004,T1552.001",
	 "a service account key unused for longer than the threshold, or "
	 "never used", "dormant key"},
	INS "SELECT :kind, " SEV("min(tier)") ", source_id, id, NULL, NULL,"
	    " printf('%s has %s: delete %s', name, group_concat(what, '; '),"
	    " CASE WHEN count(*) = 1 THEN 'it' ELSE 'them' END), "
	    TECH("group_concat(techniques)") " FROM (SELECT q.tier,"
	    " q.techniques, q.source_id, p.id, p.name, CASE WHEN"
	    " json_extract(k.value, '$.last_authenticated') IS NULL THEN"
	    " printf('key %s (created %s) never used', json_extract(k.value,"
	    " '$.id'), substr(json_extract(k.value, '$.created'), 1, 10))"
	    " ELSE printf('key %s last used %d days ago (%s; threshold %d"
	    " days)', json_extract(k.value, '$.id'), "
	    DAYS("json_extract(k.value, '$.last_authenticated')") ","
	    " substr(json_extract(k.value, '$.last_authenticated'), 1, 10),"
	    " thr) END AS what FROM temp.pa q"
	    " JOIN principal p ON p.id = q.principal_id"
	    " JOIN (SELECT s.id AS sid, coalesce((SELECT days FROM"
	    " temp.fc_dormant d WHERE d.kind = s.kind), :dormant) AS thr"
	    " FROM source s) t ON t.sid = q.source_id,"
	    " json_each(p.attrs, '$.keys') k"
	    " WHERE json_extract(k.value, '$.type') = 'USER_MANAGED'"
	    " AND coalesce(json_extract(k.value, '$.disabled'), 0) = 0"
	    " AND (CASE WHEN json_extract(k.value, '$.last_authenticated')"
	    " IS NULL THEN json_extract(p.attrs, '$.key_usage_known') IN (1,"
	    " 'true') AND " DAYS("json_extract(k.value, '$.created')")
	    " > :grace ELSE " DAYS("json_extract(k.value,"
	    " '$.last_authenticated')") " > thr END))"
	    " GROUP BY id", RS_ACCOUNT},
    {{"service-interactive", "high", "critical", "T1558.003,T1078.002",
	 "service account with interactive rights, or an SPN with tier 0", "svc interactive"},
	INS "SELECT :kind, " SEV("q.tier") ", q.source_id, p.id, NULL, NULL,"
	    " CASE WHEN p.kind = 'service' AND json_extract(p.attrs,"
	    " '$.interactive') IN (1, 'true', 'yes') THEN printf('service "
	    "account %s may log on interactively and holds privileged access',"
	    " p.name) ELSE printf('%s has a service principal name (Kerberos "
	    "tickets can be requested and cracked offline) and holds tier-0 "
	    "access', p.name) END, " TECH("q.techniques") ACCT
	    " WHERE (p.kind = 'service' AND json_extract(p.attrs,"
	    " '$.interactive') IN (1, 'true', 'yes')) OR (q.tier = 0 AND"
	    " p.kind NOT IN ('computer', 'group') AND"
	    " coalesce(p.enabled, 1) = 1 AND"
	    " (json_array_length(coalesce(json_extract(p.attrs, '$.spn'),"
	    " json_extract(p.attrs, '$.servicePrincipalName'))) > 0 OR"
	    " json_type(p.attrs, '$.spn') = 'text' OR"
	    " json_type(p.attrs, '$.servicePrincipalName') = 'text'))", RS_ACCOUNT},
    /*
     * AdminSDHolder stamps adminCount=1 and its ACL on every member of a
     * protected group; nothing takes them off when the member leaves.
     * protected is the connector's (sync/ad_emit.c): a member, through
     * security groups only, of a protected group, or a protected account.
     */
    {{"orphaned-admincount", "medium", "high", "T1078.002,T1098",
	 "an AD account keeps adminCount=1 after leaving every protected "
	 "group", "orphan adminCount"},
	INS "SELECT :kind, :sev, p.source_id, p.id, NULL, NULL,"
	    " printf('%s has adminCount=1 but is no longer an effective "
	    "member of any AdminSDHolder-protected group%s: it keeps the "
	    "protected ACL and whatever delegation, SPN or access it had as "
	    "an admin; clear adminCount and restore ACL inheritance', p.name,"
	    " coalesce((SELECT printf(' (it left %s on %s)', h.entitlement,"
	    " substr(h.at, 1, 10)) FROM grant_history h JOIN entitlement n"
	    " ON n.source_id = h.source_id AND n.ext_id = h.entitlement_ext_id"
	    " WHERE h.source_id = p.source_id AND h.account_ext_id = p.ext_id"
	    " AND h.change = 'removed' AND json_extract(n.attrs,"
	    " '$.protected') IN (1, 'true') ORDER BY h.at DESC, h.id DESC"
	    " LIMIT 1), '')), :tech"
	    " FROM principal p WHERE p.kind <> 'group'"
	    " AND json_extract(p.attrs, '$.admin_count') = 1"
	    " AND json_extract(p.attrs, '$.protected') IN (0, 'false')", RS_ACCOUNT},
    {{"standing-privilege", "low", "medium", "T1078",
	 "standing privileged assignment where just-in-time exists", "standing"},
	INS "SELECT :kind, " SEV("tier") ", source_id, principal_id,"
	    " grant_id, identity_id, printf('%s holds %s permanently (active,"
	    " no expiry) although this source offers %s', acct, ent,"
	    " CASE WHEN source_id IN (SELECT source_id FROM temp.src_elig)"
	    " THEN 'just-in-time (eligible) assignments'"
	    " ELSE 'time-bound assignments (others here expire)' END), "
	    TECH("techniques") " FROM temp.pg"
	    " WHERE direct AND state = 'active' AND expires_at IS NULL AND"
	    /* sources with eligible or expiring assignments (finding_inc.c) */
	    " source_id IN (SELECT source_id FROM temp.src_tb)"
	    /* a deleted member is deleted-member's alone */
	    " AND principal_id NOT IN (SELECT id FROM principal WHERE"
	    " json_extract(attrs, '$.deleted') IN (1, 'true'))", RS_ACCOUNT},
    /*
     * Members of a kind only a cloud has: the connector marks them in
     * the principal's attrs (public, outside_domain, deleted).
     */
    {{"public-member", "high", "critical", "T1078.004,T1190",
	 "a privileged role granted to everyone (allUsers, "
	 "allAuthenticatedUsers)", "public"},
	INS "SELECT :kind, " SEV("g.tier") ", g.source_id, g.principal_id,"
	    " g.grant_id, g.identity_id, printf('%s holds %s: that is %s',"
	    " g.acct, g.ent, CASE WHEN json_type(p.attrs, '$.public') = 'text'"
	    " THEN json_extract(p.attrs, '$.public') ELSE 'everyone' END), "
	    TECH("g.techniques") MEMBERS " WHERE json_type(p.attrs, '$.public')"
	    " IN ('text', 'true')", RS_ACCOUNT},
    {{"outside-member", "medium", "high", "T1078.004",
	 "a privileged role held by an account or domain outside the "
	 "organization's domains", "outside"},
	INS "SELECT :kind, " SEV("g.tier") ", g.source_id, g.principal_id,"
	    " g.grant_id, g.identity_id, printf('%s holds %s; %s is not one "
	    "of this source''s domains (%s)', g.acct, g.ent,"
	    " json_extract(p.attrs, '$.outside_domain'),"
	    " coalesce(json_extract(p.attrs, '$.domains'), '?')), "
	    TECH("g.techniques") MEMBERS " WHERE json_type(p.attrs,"
	    " '$.outside_domain') = 'text'", RS_ACCOUNT},
    {{"deleted-member", "low", "medium", "T1078",
	 "a deleted account still bound to a privileged role", "deleted"},
	INS "SELECT :kind, " SEV("g.tier") ", g.source_id, g.principal_id,"
	    " g.grant_id, g.identity_id, printf('%s was deleted but is still "
	    "bound to %s: remove the binding', g.acct, g.ent), "
	    TECH("g.techniques") MEMBERS " WHERE json_extract(p.attrs,"
	    " '$.deleted') IN (1, 'true')", RS_ACCOUNT},
    {{"service-principal-tier0", "high", "high", "T1078.004,T1528",
	 "a cloud service principal or managed identity holds tier 0",
	 "SP tier 0"},
	INS "SELECT :kind, :sev0, g.source_id, g.principal_id, g.grant_id,"
	    " g.identity_id, printf('%s is a service principal (%s) and holds"
	    " %s (tier 0): whoever holds its credentials, or controls what it"
	    " runs on, holds tier 0', g.acct, json_extract(p.attrs,"
	    " '$.service_principal_type'), g.ent), " TECH("g.techniques")
	    MEMBERS " WHERE g.tier = 0 AND p.kind = 'service' AND"
	    " json_type(p.attrs, '$.service_principal_type') = 'text'", RS_ACCOUNT},
    {{"credential-overlap", "high", "critical", "T1078",
	 "one person holds tier-0 rights in two or more sources", "overlap"},
	INS "SELECT :kind, :sev0, NULL, NULL, NULL, identity_id,"
	    " printf('%s holds tier-0 rights in %d sources: %s',"
	    " (SELECT coalesce(display_name, employee_id) FROM identity"
	    " WHERE id = identity_id), n, srcs), :tech FROM (SELECT"
	    " identity_id, count(DISTINCT g.source_id) AS n,"
	    " (SELECT group_concat(name, ', ') FROM (SELECT DISTINCT s.name"
	    " FROM temp.pg h JOIN source s ON s.id = h.source_id WHERE"
	    " h.identity_id = g.identity_id AND h.tier = 0 ORDER BY 1)) AS"
	    " srcs FROM temp.pg g WHERE tier = 0 AND identity_id IS NOT NULL"
	    " GROUP BY identity_id) WHERE n >= 2", RS_PERSON},
    {{"tier0-excess", "medium", "high", "T1078",
	 "too many tier-0 holders in one source", "too many T0"},
	INS "SELECT :kind, :sev0, source_id, NULL, NULL, NULL,"
	    " printf('%d accounts hold tier-0 rights in %s (threshold %d)', n,"
	    " (SELECT name FROM source WHERE id = source_id), :t0max), :tech"
	    /*
	     * the accounts with a tier-0 grant in temp.pg, kept in
	     * finding_t0 (an incremental temp.pg holds only some)
	     */
	    " FROM (SELECT source_id, count(*) AS n FROM finding_t0"
	    " GROUP BY source_id) WHERE n > :t0max",
	RS_SOURCE},
    {{"global-admin-excess", "medium", "high", "T1078.004",
	 "more Global Administrators than recommended in one tenant",
	 "too many GAs"},
	INS "SELECT :kind, :sev0, source_id, NULL, NULL, NULL,"
	    " printf('%d accounts hold Global Administrator in %s (threshold"
	    " %d; Microsoft recommends fewer than five)', n, (SELECT name FROM"
	    " source WHERE id = source_id), :gamax), :tech"
	    " FROM (SELECT g.source_id, count(DISTINCT g.principal_id) AS n"
	    " FROM temp.pg g WHERE g.grant_id IN (SELECT eg.id FROM"
	    /* the few GA entitlements first, then their grants */
	    " entitlement n CROSS JOIN effective_grant eg ON eg.entitlement_id ="
	    " n.id WHERE json_extract(n.attrs, '$.role_template_id') ="
	    " '62e90394-69f5-4237-9190-012177145e10') GROUP BY g.source_id)"
	    " WHERE n > :gamax", RS_SOURCE},
    {{"remediation-failed", "high", "critical", "T1098",
	 "revoked in a campaign but still present after a later sync", "not removed"},
	INS "SELECT :kind, " SEV("g.tier") ", g.source_id, g.principal_id,"
	    " g.grant_id, g.identity_id, printf('revoked in campaign %s "
	    "(item %d, %s) but still present after the sync of %s', c.name,"
	    " r.id, substr(coalesce(r.decided_at, c.closed_at), 1, 10),"
	    " substr(sr.started_at, 1, 10)), " TECH("g.techniques")
	    " FROM review_item r JOIN campaign c ON c.id = r.campaign_id"
	    " JOIN temp.pg g ON g.grant_id = r.grant_id"
	    " JOIN source s ON s.id = g.source_id"
	    " JOIN sync_run sr ON sr.id = s.last_run_id"
	    " WHERE (r.decision = 'revoke' OR (r.decision = 'pending' AND"
	    /*
	     * the pending items of the closed campaigns that revoke them
	     * (review_item_all_decision), not every pending item
	     */
	    " r.campaign_id IN (SELECT id FROM campaign WHERE state ="
	    " 'closed' AND close_default = 'revoke') AND"
	    " c.state = 'closed' AND c.close_default = 'revoke'))"
	    " AND sr.started_at >= coalesce(r.decided_at, c.closed_at)"
	    /* a host not read this time says nothing of the removal */
	    " AND g.stale_since IS NULL"
	    " GROUP BY g.grant_id", RS_ALL},
    {{"exception-expired", "medium", "high", "T1078",
	 "an exception is past its expiry", "exception expired"},
	INS "SELECT :kind, " SEV("g.tier") ", g.source_id, g.principal_id,"
	    " g.grant_id, g.identity_id, printf('the exception granted by %s "
	    "in campaign %s (item %d) expired on %s', "
	    DB_DECIDER_SQL("r") ", c.name,"
	    " r.id, r.until), " TECH("g.techniques")
	    " FROM review_item r JOIN campaign c ON c.id = r.campaign_id"
	    " JOIN temp.pg g ON g.grant_id = r.grant_id"
	    " WHERE r.decision = 'exception' AND r.until < substr(:now, 1, 10)"
	    " AND r.id = (SELECT max(x.id) FROM review_item x WHERE"
	    " x.grant_id = r.grant_id AND x.decision <> 'pending')", RS_ALL},
    {{"host-not-collected", "medium", "high", "T1078",
	 "a grant on a host missing from the last collection: its last "
	 "snapshot is kept, unconfirmed", "not collected"},
	INS "SELECT :kind, " SEV("tier") ", source_id, principal_id,"
	    " grant_id, identity_id, printf('%s holds %s, but the host was "
	    "not collected since %s: this is its last snapshot, kept until "
	    "the host is read again or retired', acct, ent,"
	    " substr(stale_since, 1, 10)), " TECH("techniques")
	    " FROM temp.pg WHERE stale_since IS NOT NULL", RS_ACCOUNT},
};

/* clang-format on */

#define NRULES (sizeof(rules) / sizeof(rules[0]))

static struct finding_kind kinds[NRULES];

const struct finding_kind *
finding_kinds(size_t *n)
{
	size_t i;

	if (kinds[0].kind == NULL)
		for (i = 0; i < NRULES; i++)
			kinds[i] = rules[i].k;
	*n = NRULES;
	return kinds;
}

const struct finding_kind *
finding_kind_find(const char *name)
{
	size_t i, n;
	const struct finding_kind *k = finding_kinds(&n);

	for (i = 0; i < n; i++)
		if (name != NULL && strcmp(k[i].kind, name) == 0)
			return &k[i];
	return NULL;
}

/* ---- recompute ---- */

/* clang-format off */

static const char *const setup_sql =
    "DROP TABLE IF EXISTS temp.pg;"
    "DROP TABLE IF EXISTS temp.pa;"
    "DROP TABLE IF EXISTS temp.new_finding;"
    "DROP TABLE IF EXISTS temp.new_kind;"
    "DROP TABLE IF EXISTS temp.fc_dormant;"
    "DROP TABLE IF EXISTS temp.fc_glob;"
    "CREATE TEMP TABLE fc_dormant (kind TEXT PRIMARY KEY, days INTEGER);"
    "CREATE TEMP TABLE fc_glob (list TEXT, pattern TEXT);"
    "CREATE TEMP TABLE new_finding (kind TEXT NOT NULL, severity TEXT NOT"
    " NULL, source_id INTEGER, principal_id INTEGER, grant_id INTEGER,"
    " identity_id INTEGER, evidence TEXT NOT NULL, techniques TEXT,"
    " fid INTEGER, seq INTEGER);"
    "CREATE TEMP TABLE new_kind (kind TEXT PRIMARY KEY);";

/*
 * The privileged grants (tier 0-2) with what the rules read, the grant's
 * id their rowid: a rule scanning them yields its rows in subject order
 * (finding_merge.c) with no sort, and a rule joining a grant finds it by
 * rowid. The columns and their types are what CREATE TABLE AS gave. A
 * full recompute reads every grant (pg_all_sql); an incremental one those
 * of the accounts it looks at again and those the whole-table rules read
 * (pg_some_sql, from temp.pg_want).
 */
#define PG_HEAD                                                              \
    "CREATE TEMP TABLE pg (grant_id INTEGER PRIMARY KEY, source_id INT,"     \
    " source_kind TEXT, principal_id INT, identity_id INT, tier INT,"        \
    " techniques TEXT, ent TEXT, acct TEXT, enabled INT, pkind TEXT,"        \
    " last_used, since, state, expires_at TEXT, direct, stale_since,"        \
    " weak);"                                                                \
    "INSERT INTO temp.pg SELECT g.id AS grant_id, g.source_id,"              \
    " s.kind AS source_kind, g.account_id AS principal_id,"                  \
    " p.identity_id, n.tier, n.techniques, n.name AS ent, p.name AS acct,"   \
    " p.enabled, p.kind AS pkind,"                                           \
    " coalesce(a.last_used_at, p.last_used_at) AS last_used,"                \
    " coalesce(p.created_at, g.first_seen) AS since,"                        \
    " coalesce(a.state, 'active') AS state, a.expires_at,"                   \
    " g.assignment_id IS NOT NULL AS direct,"                                \
    " json_extract(n.attrs, '$.not_collected_since') AS stale_since,"        \
    " (s.kind IN ('ad', 'ldif') OR json_extract(p.attrs,"                    \
    "  '$.usage_source') = 'lastLogonTimestamp' OR"                          \
    "  json_type(p.attrs, '$.last_logon_timestamp') IS NOT NULL) AS weak"
#define PG_JOINS                                                             \
    " JOIN entitlement n ON n.id = g.entitlement_id"                         \
    " JOIN principal p ON p.id = g.account_id"                               \
    " JOIN source s ON s.id = g.source_id"                                   \
    " LEFT JOIN assignment a ON a.id = g.assignment_id"                      \
    " WHERE n.tier <= 2;"
/*
 * pg_t0: a person's tier-0 grants (credential-overlap), not every grant.
 * pa.techniques repeats an entitlement's list once a grant: every rule
 * reads it through parc_uniq (TECH), which drops the repeats as DISTINCT
 * did, at no cost a group (DISTINCT cleared a table for each account).
 */
#define PG_TAIL                                                              \
    "CREATE INDEX temp.pg_principal ON pg(principal_id);"                    \
    "CREATE INDEX temp.pg_t0 ON pg(identity_id) WHERE tier = 0;"             \
    /* per account: what the account-level rules read */                     \
    "CREATE TEMP TABLE pa AS SELECT principal_id, source_id,"                \
    " min(tier) AS tier, group_concat(techniques) AS techniques"             \
    " FROM temp.pg GROUP BY principal_id;"

static const char *const pg_all_sql =
    PG_HEAD " FROM effective_grant g" PG_JOINS PG_TAIL;

static const char *const pg_some_sql =
    "DROP TABLE IF EXISTS temp.pg_want;"
    "CREATE TEMP TABLE pg_want (id INTEGER PRIMARY KEY);"
    /* every grant of the accounts looked at again */
    "INSERT INTO temp.pg_want SELECT g.id FROM temp.dp d CROSS JOIN"
    " effective_grant g ON g.account_id = d.id;"
    /* what remediation-failed and exception-expired read, whole */
    "INSERT OR IGNORE INTO temp.pg_want SELECT grant_id FROM review_item"
    " WHERE decision IN ('revoke', 'exception') AND grant_id IS NOT NULL;"
    /* pending items only of the closed campaigns that revoke them */
    "INSERT OR IGNORE INTO temp.pg_want SELECT grant_id FROM review_item"
    " WHERE campaign_id IN (SELECT id FROM campaign WHERE state ="
    " 'closed' AND close_default = 'revoke') AND decision = 'pending'"
    " AND grant_id IS NOT NULL;"
    /* global-admin-excess's, whole */
    /* the few entitlements first (CROSS JOIN), not every grant */
    "INSERT OR IGNORE INTO temp.pg_want SELECT eg.id FROM entitlement n"
    " CROSS JOIN effective_grant eg ON eg.entitlement_id = n.id WHERE"
    " json_extract(n.attrs, '$.role_template_id') ="
    " '62e90394-69f5-4237-9190-012177145e10';"
    PG_HEAD " FROM temp.pg_want w CROSS JOIN effective_grant g"
    " ON g.id = w.id" PG_JOINS PG_TAIL;

/* clang-format on */

/* Split a space/comma list of globs into temp.fc_glob rows of list. */
static int
load_globs(struct db *db, const char *list, const char *text, struct err *e)
{
	sqlite3_stmt *st;
	const char *p = text;
	char *w;
	size_t n;
	int rc = 0;

	if (text == NULL)
		return 0;
	if (db_prepare(db, "INSERT INTO temp.fc_glob VALUES (?1, lower(?2))",
		&st, e) != 0)
		return PARC_EDB;
	while (*p && rc == 0) {
		p += strspn(p, " ,\t");
		if ((n = strcspn(p, " ,\t")) == 0)
			break;
		w = xmalloc(n + 1);
		memcpy(w, p, n);
		w[n] = '\0';
		db_bind_text(st, 1, list);
		db_bind_text(st, 2, w);
		rc = db_step_done(db, st, e, "load the finding registers");
		free(w);
		p += n;
	}
	sqlite3_finalize(st);
	return rc;
}

static int
setup(struct db *db, const struct finding_conf *fc, struct err *e)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if ((rc = finding_register_uniq(db, e)) != 0 ||
	    (rc = db_exec(db, setup_sql, e)) != 0)
		return rc;
	if (db_prepare(db,
		"INSERT OR REPLACE INTO temp.fc_dormant VALUES"
		" (?1, ?2)",
		&st, e) != 0)
		return PARC_EDB;
	for (i = 0; i < fc->ndormant && rc == 0; i++) {
		db_bind_text(st, 1, fc->dormant_kinds[i]);
		sqlite3_bind_int64(st, 2, fc->dormant_kind_days[i]);
		rc = db_step_done(db, st, e, "load the thresholds");
	}
	sqlite3_finalize(st);
	/* the kinds the rules make: a finding of another kind is gone */
	if (rc == 0 &&
	    (rc = db_prepare(db, "INSERT INTO temp.new_kind VALUES (?1)", &st,
		 e)) == 0) {
		for (i = 0; i < NRULES && rc == 0; i++) {
			/* what the finding table's CHECK would say of each row
			 */
			if (!finding_severity_valid(rules[i].k.severity) ||
			    !finding_severity_valid(rules[i].k.severity0))
				rc = err_set(e, PARC_EDB,
				    "finding rule %s: bad severity",
				    rules[i].k.kind);
			db_bind_text(st, 1, rules[i].k.kind);
			if (rc == 0)
				rc = db_step_done(db, st, e, "load the kinds");
		}
		sqlite3_finalize(st);
	}
	if (rc == 0)
		rc = load_globs(db, "name", fc->shared_names, e);
	if (rc == 0)
		rc = load_globs(db, "shared", fc->shared_accounts, e);
	if (rc == 0)
		rc = load_globs(db, "breakglass", fc->break_glass, e);
	return rc;
}

/*
 * What the findings are a function of besides the model and the
 * evaluation time (finc_same_eval): the thresholds and registers, and the
 * rules themselves (a parc with other rules recomputes in full).
 */
static int
conf_sig(struct db *db, const struct finding_conf *fc, char **sig,
    struct err *e)
{
	struct sb sb = SB_INIT;
	size_t i;
	int rc;

	sb_addf(&sb, "findings 2\n%ld %ld %ld %ld %ld %ld\n", fc->dormant_days,
	    fc->grace_days, fc->password_max_days, fc->access_key_max_days,
	    fc->tier0_max_holders, fc->global_admin_max);
	for (i = 0; i < fc->ndormant; i++)
		sb_addf(&sb, "dormant %s %ld\n", fc->dormant_kinds[i],
		    fc->dormant_kind_days[i]);
	sb_addf(&sb, "names %s\nshared %s\nbreakglass %s\n",
	    fc->shared_names ? fc->shared_names : "-",
	    fc->shared_accounts ? fc->shared_accounts : "-",
	    fc->break_glass ? fc->break_glass : "-");
	for (i = 0; i < NRULES; i++)
		sb_addf(&sb, "%s %s %s %s %d %s\n", rules[i].k.kind,
		    rules[i].k.severity, rules[i].k.severity0,
		    rules[i].k.techniques, (int)rules[i].scope, rules[i].sql);
	rc = finc_sig(db, sb.buf, sig, e);
	sb_release(&sb);
	return rc;
}

/* How a recompute runs a rule (finding_recompute). */
enum rule_mode {
	RM_FULL, /* every subject, beside every old finding of the kind */
	RM_SOME, /* the subjects its scope names (temp.dp or temp.di) */
	RM_SKIP	 /* nothing it reads changed: its findings stay */
};

static int
run_rule(struct db *db, struct fmerge *m, const struct rule *r,
    enum rule_mode mode, const struct finding_conf *fc, const char *now,
    const char *seen, int64_t *added, struct err *e)
{
	static const char ins[] = INS;
	enum fmerge_scope scope = FM_ALL;
	struct sb sql = SB_INIT;
	sqlite3_stmt *st;
	int rc;

	/*
	 * The rule's SELECT streams into the merge in subject order, beside
	 * the kind's old findings (finding_merge.c). With no old findings at
	 * all its rows go straight into the finding table, as it finds them
	 * (numbered as they come, as when they were staged first).
	 */
	if (strncmp(r->sql, ins, sizeof(ins) - 1) != 0)
		return err_set(e, PARC_EDB, "finding rule %s: not an INS",
		    r->k.kind);
	if (mode == RM_SKIP)
		return 0;
	sb_adds(&sql,
	    "WITH r (kind, severity, source_id, principal_id,"
	    " grant_id, identity_id, evidence, techniques) AS (");
	sb_adds(&sql, r->sql + sizeof(ins) - 1);
	if (fmerge_empty(m))
		sb_adds(&sql,
		    ") INSERT INTO finding (kind, severity, source_id,"
		    " principal_id, grant_id, identity_id, evidence,"
		    " techniques, first_seen, last_seen) SELECT kind,"
		    " severity, source_id, principal_id, grant_id,"
		    " identity_id, evidence, nullif(techniques, ''), :seen,"
		    " :seen FROM r");
	else {
		sb_adds(&sql, ") SELECT * FROM r");
		/* only the subjects looked at again, beside their old ones */
		if (mode == RM_SOME && r->scope == RS_ACCOUNT) {
			sb_adds(&sql,
			    " WHERE principal_id IN (SELECT id FROM"
			    " temp.dp)");
			scope = FM_ACCOUNTS;
		} else if (mode == RM_SOME && r->scope == RS_PERSON) {
			sb_adds(&sql,
			    " WHERE identity_id IN (SELECT id FROM"
			    " temp.di)");
			scope = FM_PEOPLE;
		}
		sb_adds(&sql,
		    " ORDER BY grant_id, principal_id, identity_id,"
		    " source_id");
	}
	if (fmerge_empty(m) && (rc = finding_checks_off(db, e)) != 0) {
		sb_release(&sql);
		return rc;
	}
	rc = db_prepare(db, sql.buf, &st, e);
	sb_release(&sql);
	if (rc != 0) {
		if (fmerge_empty(m))
			finding_checks_on(db);
		return err_prefix(e, "finding rule %s: ", r->k.kind);
	}
	finding_bind_named(st, ":kind", r->k.kind, 0, 1);
	finding_bind_named(st, ":sev", r->k.severity, 0, 1);
	finding_bind_named(st, ":sev0", r->k.severity0, 0, 1);
	finding_bind_named(st, ":tech", r->k.techniques, 0, 1);
	finding_bind_named(st, ":now", now, 0, 1);
	finding_bind_named(st, ":dormant", NULL, fc->dormant_days, 0);
	finding_bind_named(st, ":grace", NULL, fc->grace_days, 0);
	finding_bind_named(st, ":pwd", NULL, fc->password_max_days, 0);
	finding_bind_named(st, ":key", NULL, fc->access_key_max_days, 0);
	finding_bind_named(st, ":t0max", NULL, fc->tier0_max_holders, 0);
	finding_bind_named(st, ":gamax", NULL, fc->global_admin_max, 0);
	finding_bind_named(st, ":seen", seen, 0, 1);
	if (fmerge_empty(m)) {
		rc = db_step_done(db, st, e, r->k.kind);
		*added += sqlite3_changes(db->conn);
	} else
		rc = fmerge_rule(m, st, r->k.kind, scope, r->k.kind, e);
	sqlite3_finalize(st);
	if (fmerge_empty(m))
		finding_checks_on(db);
	return rc;
}

static int
exec_now(struct db *db, const char *sql, const char *now, int64_t *changes,
    struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, sql, &st, e) != 0)
		return PARC_EDB;
	if (sqlite3_bind_parameter_count(st) >= 1)
		db_bind_text(st, 1, now);
	rc = db_step_done(db, st, e, "merge findings");
	if (changes != NULL)
		*changes = sqlite3_changes(db->conn);
	sqlite3_finalize(st);
	return rc;
}

/*
 * Whether a rule reads the evaluation time (binds :now): its findings
 * can change with the time alone.
 */
static int
timed(const struct rule *r)
{
	return strstr(r->sql, ":now") != NULL;
}

/*
 * How the rules run this time: all in full, or (incremental) each by its
 * scope, or not at all when nothing it reads was noted; under another
 * evaluation time (newday), a rule that reads it in full.
 */
static enum rule_mode
mode_of(const struct rule *r, int incremental, int dirty, int newday)
{
	if (!incremental || r->scope == RS_ALL)
		return RM_FULL;
	if (newday && timed(r))
		return RM_FULL;
	if (!dirty)
		return RM_SKIP;
	return r->scope == RS_SOURCE ? RM_FULL : RM_SOME;
}

int
finding_recompute(struct db *db, const struct finding_conf *fc,
    struct finding_stats *stats, struct err *e)
{
	struct finding_stats s = { 0 };
	struct sb det = SB_INIT;
	struct fmerge *m = NULL;
	int64_t direct = 0;
	char now[21], eval[21];
	char *sig = NULL, *facts = NULL, *witness = NULL;
	int own, rc, incremental = 0, dirty = 0, newday = 0, fk_off;
	size_t i;

	/*
	 * The rules see the evaluation time: the start of the UTC day (so
	 * a day count reads the same all day, and within a day only what
	 * changed is looked at again), or the time a caller pins. first_seen
	 * and last_seen are the clock's.
	 */
	if (fc->now != NULL) {
		snprintf(now, sizeof(now), "%s", fc->now);
		snprintf(eval, sizeof(eval), "%s", fc->now);
	} else {
		db_now(now);
		snprintf(eval, sizeof(eval), "%.10sT00:00:00Z", now);
	}
	/* the writes' foreign keys are not checked (finding_write.c) */
	fk_off = finding_fk_off(db);
	if ((own = db_begin(db, e)) < 0) {
		finding_fk_restore(db, fk_off);
		return own;
	}
	if ((rc = setup(db, fc, e)) != 0)
		goto out;
	if ((rc = conf_sig(db, fc, &sig, e)) != 0 ||
	    (rc = finc_plan(db, sig, &incremental, e)) != 0)
		goto out;
	/*
	 * Another evaluation time (the first recompute of a day): the rules
	 * that read it run in full, over every grant, beside the others'
	 * incremental runs. The rest read only the model, which the
	 * triggers watch.
	 */
	if (incremental)
		newday = !finc_same_eval(db, eval);
	/*
	 * The source-wide facts change only with a noted account's rows; if
	 * they did, every account is looked at again.
	 */
	if (incremental && ((dirty = finc_dirty(db)) != 0 || newday)) {
		if ((rc = finc_facts(db, 1, &facts, &witness, e)) != 0)
			goto out;
		if (!finc_same_facts(db, facts))
			incremental = 0;
	} else if (!incremental &&
	    (rc = finc_facts(db, 0, &facts, &witness, e)) != 0)
		goto out;
	if ((rc = db_exec(db, incremental && !newday ? pg_some_sql : pg_all_sql,
		 e)) != 0)
		goto out;
	/* who holds tier 0 (tier0-excess): all again, or the noted again */
	if ((!incremental || dirty) &&
	    (rc = db_exec(db,
		 incremental ? "DELETE FROM finding_t0 WHERE principal_id IN"
			       " (SELECT id FROM temp.dp);"
			       "INSERT OR IGNORE INTO finding_t0 SELECT"
			       " source_id, principal_id FROM temp.pg WHERE"
			       " tier = 0 AND principal_id IN (SELECT id FROM"
			       " temp.dp);"
			     : "DELETE FROM finding_t0;"
			       "INSERT OR IGNORE INTO finding_t0 SELECT"
			       " source_id, principal_id FROM temp.pg WHERE"
			       " tier = 0;",
		 e)) != 0)
		goto out;
	/* Revoked grants gone since: remediated (before the rules run). */
	if ((rc = exec_now(db,
		 "UPDATE review_item SET remediated_at = ?1 WHERE"
		 " remediated_at IS NULL AND grant_id IS NULL AND (decision ="
		 " 'revoke' OR (decision = 'pending' AND campaign_id IN (SELECT"
		 " id FROM campaign WHERE state = 'closed' AND close_default ="
		 " 'revoke')))",
		 now, &s.remediated, e)) != 0)
		goto out;
	if ((rc = fmerge_open(db, now, &m, e)) != 0)
		goto out;
	for (i = 0; i < NRULES; i++)
		if ((rc = run_rule(db, m, &rules[i],
			 mode_of(&rules[i], incremental, dirty, newday), fc,
			 eval, now, &direct, e)) != 0)
			goto out;
	if ((rc = fmerge_finish(m, &s, e)) != 0)
		goto out;
	s.added += direct;
	s.total = db_count(db, "SELECT count(*) FROM finding");
	if ((rc = db_exec(db,
		 "UPDATE meta SET value = '0' WHERE key = 'findings_stale'",
		 e)) != 0 ||
	    (rc = exec_now(db,
		 "INSERT INTO meta (key, value) VALUES ('findings_at', ?1)"
		 " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		 now, NULL, e)) != 0 ||
	    (rc = finc_done(db, !incremental, sig, eval, now, facts, witness,
		 e)) != 0)
		goto out;
	if (s.added || s.resolved || s.remediated) {
		sb_addf(&det,
		    "{\"total\": %lld, \"added\": %lld, \"resolved\": %lld, "
		    "\"remediated\": %lld}",
		    (long long)s.total, (long long)s.added,
		    (long long)s.resolved, (long long)s.remediated);
		rc = audit_append(db, "parc", "findings.recompute", NULL,
		    det.buf, NULL, e);
	}
out:
	fmerge_free(m);
	sb_release(&det);
	free(sig);
	free(facts);
	free(witness);
	db_exec(db,
	    "DROP TABLE IF EXISTS temp.pg; DROP TABLE IF EXISTS temp.pa;"
	    " DROP TABLE IF EXISTS temp.new_finding; DROP TABLE IF EXISTS"
	    " temp.new_kind; DROP TABLE IF EXISTS temp.usage_src;"
	    " DROP TABLE IF EXISTS temp.src_elig; DROP TABLE IF EXISTS"
	    " temp.src_tb; DROP TABLE IF EXISTS temp.pg_want;"
	    " DROP TABLE IF EXISTS temp.dp; DROP TABLE IF EXISTS temp.di;",
	    NULL);
	rc = db_end(db, own, rc, e);
	finding_fk_restore(db, fk_off);
	s.incremental = incremental;
	if (rc == 0 && stats != NULL)
		*stats = s;
	return rc;
}

const char *
finding_kind_label(const char *name)
{
	const struct finding_kind *k = finding_kind_find(name);

	return k != NULL && k->label != NULL ? k->label : name;
}
