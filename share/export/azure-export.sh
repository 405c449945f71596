#!/bin/sh
# azure-export.sh - write what parc's azure source reads offline
# ([source NAME] kind = azure, path = DIR), with the az CLI and your
# `az login`.
#
# usage: azure-export.sh DIR [SUBSCRIPTION-ID...]
#
# Without subscription ids, every Enabled subscription of the signed-in
# tenant is exported. The account needs Reader (or any role allowing
# Microsoft.Authorization/*/read) on the subscriptions, and in Graph
# RoleManagement.Read.Directory, User.Read.All, GroupMember.Read.All,
# Directory.Read.All and AuditLog.Read.All (for signInActivity).
#
# It runs exactly these commands (az rest prints one page: this script
# follows nextLink / @odata.nextLink and writes every page merged into
# one body, the "value" arrays concatenated, no nextLink):
#   az account list --all                          > account-list.json
#   az role assignment list --all --include-inherited --subscription SUB
#                                                  > role-assignments.SUB.json
#   az role definition list --subscription SUB     > role-definitions.SUB.json
#   az rest ARM .../roleEligibilityScheduleInstances?api-version=2020-10-01
#                           > role-eligibility-schedule-instances.SUB.json
#   az rest Graph roleManagement/directory/roleAssignments?$expand=principal
#                                         > directory-role-assignments.json
#   az rest Graph roleManagement/directory/roleDefinitions
#                                         > directory-role-definitions.json
#   az rest Graph roleManagement/directory/roleEligibilitySchedules
#       ?$expand=principal       > directory-role-eligibility-schedules.json
#   az rest Graph roleManagement/directory/roleAssignmentSchedules
#       ?$expand=principal       > directory-role-assignment-schedules.json
#   az rest Graph users?$select=id,displayName,userPrincipalName,mail,
#       accountEnabled,userType,createdDateTime,onPremisesSyncEnabled,
#       signInActivity                                       > users.json
#     (a tenant without Entra ID P1 refuses signInActivity with
#     Authentication_RequestFromNonPremiumTenantOrB2CTenant: the users are
#     read again without it, and parc says their dormancy is unknown)
#   az rest Graph groups/GROUP/transitiveMembers
#       for each group holding a role   > group-transitive-members.GROUP.json
#   az rest --method POST Graph directoryObjects/getByIds, for the
#       principals of ARM role assignments       > directory-objects.json
#
# The files are written to a new folder beside DIR and moved into DIR at
# the end, so a failed export leaves DIR as it was.
#
# Environment: AZ (the az command, default az); AZURE_EXPORT_ARM and
# AZURE_EXPORT_GRAPH (the ARM and Graph endpoints, default
# https://management.azure.com and https://graph.microsoft.com, for
# sovereign clouds). AZURE_EXPORT_REST_ONLY=1 reads the account list, role
# assignments and role definitions with az rest too (ARM's own JSON, which
# parc reads as well); parc's tests use it against their local server,
# where az login cannot go.
set -eu

AZ=${AZ:-az}
ARM=${AZURE_EXPORT_ARM:-https://management.azure.com}
GRAPH=${AZURE_EXPORT_GRAPH:-https://graph.microsoft.com}
ARM=${ARM%/}
GRAPH=${GRAPH%/}
PY=${PYTHON:-python3}

if [ $# -lt 1 ]; then
	echo "usage: azure-export.sh DIR [SUBSCRIPTION-ID...]" >&2
	exit 2
fi
dir=$1
shift
mkdir -p "$dir"
tmp=$(mktemp -d "$dir/.azure-export.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
umask 077

# The merging and picking, in the Python that az itself runs on.
cat > "$tmp/.merge.py" <<'PYEOF'
import json, sys

def merge(out, pages):
    values = []
    for p in pages:
        with open(p) as f:
            body = json.load(f)
        v = body.get("value")
        if not isinstance(v, list):
            sys.exit("azure-export.sh: %s: no value array" % p)
        values.extend(v)
    body = {"value": values}
    with open(out, "w") as f:
        json.dump(body, f, indent=2)
        f.write("\n")

def next_link(page):
    with open(page) as f:
        body = json.load(f)
    n = body.get("nextLink") or body.get("@odata.nextLink") or ""
    print(n)

def subs(account_list, tenant):
    with open(account_list) as f:
        body = json.load(f)
    items = body["value"] if isinstance(body, dict) else body
    for s in items:
        sid = s.get("subscriptionId") or s.get("id", "").split("/")[-1]
        t = s.get("tenantId") or s.get("homeTenantId")
        if s.get("state", "Enabled") != "Enabled":
            continue
        if tenant and t and t.lower() != tenant.lower():
            continue
        print(sid)

def groups(d, *files):
    seen = set()
    for p in files:
        with open(p) as f:
            body = json.load(f)
        items = body["value"] if isinstance(body, dict) else body
        for a in items:
            props = a.get("properties", a)
            if (props.get("principalType") or "").lower() == "group":
                seen.add(props["principalId"].lower())
            pr = a.get("principal") or {}
            if pr.get("@odata.type") == "#microsoft.graph.group":
                seen.add(pr["id"].lower())
    for g in sorted(seen):
        print(g)

def arm_principals(*files):
    ids = set()
    for p in files:
        with open(p) as f:
            body = json.load(f)
        items = body["value"] if isinstance(body, dict) else body
        for a in items:
            props = a.get("properties", a)
            if props.get("principalId"):
                ids.add(props["principalId"].lower())
    ids = sorted(ids)
    for i in range(0, len(ids), 1000):
        # no blanks: the shell splits the lines into words
        print(json.dumps({"ids": ids[i:i + 1000],
            "types": ["user", "group", "servicePrincipal"]},
            separators=(",", ":")))

cmd = sys.argv[1]
if cmd == "merge":
    merge(sys.argv[2], sys.argv[3:])
elif cmd == "next":
    next_link(sys.argv[2])
elif cmd == "subs":
    subs(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "")
elif cmd == "groups":
    groups(*sys.argv[2:])
elif cmd == "arm-principals":
    arm_principals(*sys.argv[2:])
PYEOF

# pages URL OUT: every page of a listing, merged into OUT.
pages() {
	url=$1
	out=$2
	n=0
	list=
	while [ -n "$url" ]; do
		n=$((n + 1))
		# explicit returns: set -e does not hold in "if ! pages"
		"$AZ" rest --method get --url "$url" --output json \
			> "$tmp/.page.$n" || return 1
		list="$list $tmp/.page.$n"
		url=$("$PY" "$tmp/.merge.py" next "$tmp/.page.$n") || return 1
	done
	# shellcheck disable=SC2086
	"$PY" "$tmp/.merge.py" merge "$out" $list || return 1
	# shellcheck disable=SC2086
	rm -f $list
}

rest_only=${AZURE_EXPORT_REST_ONLY:-0}
if [ "$rest_only" = 1 ]; then
	pages "$ARM/subscriptions?api-version=2022-12-01" \
		"$tmp/account-list.json"
	tenant=
else
	"$AZ" account list --all --output json > "$tmp/account-list.json"
	tenant=$("$AZ" account show --query tenantId --output tsv)
fi
if [ $# -gt 0 ]; then
	subs=$*
else
	subs=$("$PY" "$tmp/.merge.py" subs "$tmp/account-list.json" "$tenant")
fi

armfiles=
for sub in $subs; do
	echo "azure-export.sh: subscription $sub" >&2
	if [ "$rest_only" = 1 ]; then
		pages "$ARM/subscriptions/$sub/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01" \
			"$tmp/role-assignments.$sub.json"
		pages "$ARM/subscriptions/$sub/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01" \
			"$tmp/role-definitions.$sub.json"
	else
		"$AZ" role assignment list --all --include-inherited \
			--subscription "$sub" --output json \
			> "$tmp/role-assignments.$sub.json"
		"$AZ" role definition list --subscription "$sub" \
			--output json > "$tmp/role-definitions.$sub.json"
	fi
	pages "$ARM/subscriptions/$sub/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?api-version=2020-10-01" \
		"$tmp/role-eligibility-schedule-instances.$sub.json"
	armfiles="$armfiles $tmp/role-assignments.$sub.json $tmp/role-eligibility-schedule-instances.$sub.json"
done

echo "azure-export.sh: directory roles and users" >&2
pages "$GRAPH/v1.0/roleManagement/directory/roleAssignments?\$expand=principal" \
	"$tmp/directory-role-assignments.json"
pages "$GRAPH/v1.0/roleManagement/directory/roleDefinitions" \
	"$tmp/directory-role-definitions.json"
pages "$GRAPH/v1.0/roleManagement/directory/roleEligibilitySchedules?\$expand=principal" \
	"$tmp/directory-role-eligibility-schedules.json"
pages "$GRAPH/v1.0/roleManagement/directory/roleAssignmentSchedules?\$expand=principal" \
	"$tmp/directory-role-assignment-schedules.json"
sel='id,displayName,userPrincipalName,mail,accountEnabled,userType,createdDateTime,onPremisesSyncEnabled'
if ! pages "$GRAPH/v1.0/users?\$select=$sel,signInActivity&\$top=999" \
	"$tmp/users.json" 2> "$tmp/.users.err"; then
	if grep -q Authentication_RequestFromNonPremiumTenantOrB2CTenant \
		"$tmp/.users.err"; then
		echo "azure-export.sh: this tenant gives no signInActivity" \
			"(no Entra ID P1): users without it" >&2
		pages "$GRAPH/v1.0/users?\$select=$sel&\$top=999" \
			"$tmp/users.json"
	else
		cat "$tmp/.users.err" >&2
		exit 1
	fi
fi

# shellcheck disable=SC2086
for g in $("$PY" "$tmp/.merge.py" groups "$tmp" $armfiles \
	"$tmp/directory-role-assignments.json" \
	"$tmp/directory-role-eligibility-schedules.json"); do
	pages "$GRAPH/v1.0/groups/$g/transitiveMembers" \
		"$tmp/group-transitive-members.$g.json"
done

n=0
list=
# shellcheck disable=SC2086
for body in $("$PY" "$tmp/.merge.py" arm-principals $armfiles); do
	n=$((n + 1))
	"$AZ" rest --method post --url "$GRAPH/v1.0/directoryObjects/getByIds" \
		--body "$body" --output json > "$tmp/.objects.$n"
	list="$list $tmp/.objects.$n"
done
if [ -n "$list" ]; then
	# shellcheck disable=SC2086
	"$PY" "$tmp/.merge.py" merge "$tmp/directory-objects.json" $list
	# shellcheck disable=SC2086
	rm -f $list
fi

rm -f "$tmp/.merge.py" "$tmp/.page."* "$tmp/.users.err"
mv "$tmp"/*.json "$dir"/
echo "azure-export.sh: written to $dir" >&2
