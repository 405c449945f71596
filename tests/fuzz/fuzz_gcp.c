/*
 * fuzz_gcp.c - libFuzzer harness for the gcp connector's JSON readers
 * (sync/gcp_model.h): gcloud's and the APIs' answers into the model.
 *
 *	make fuzz
 *	mkdir -p fuzz-out && tests/fuzz/fuzz_gcp -max_total_time=20 \
 *	    fuzz-out tests/data/gcp tests/data/gcp/corpus
 *
 * Each input is parsed as JSON. An object with any of the keys policies,
 * groups, keys, activities and roles gives those parts; anything else is
 * taken as the policies (gcloud's array, or the API's {"results": [...]})
 * and also as each of the other four exports in turn. It is emitted into a
 * sink on an in-memory database, which is then aborted, and handed to
 * gcp_wanted; the raw bytes also go through gcp_condition_until. The
 * catalog is share/catalog (run from the build directory or set
 * PARC_SHARE). A crash, a leak, undefined behaviour or a hang is a bug.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "db/catalog.h"
#include "db/db.h"
#include "db/sink.h"
#include "lib/err.h"
#include "lib/sb.h"
#include "lib/share.h"
#include "sync/gcp_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct catalog *cat;
static struct db *db;
/* the policies an input's memberships, keys or activities attach to */
static json_t *base;
static const char base_json[] =
    "[{\"resource\": \"//cloudresourcemanager.googleapis.com/projects/p\","
    " \"project\": \"projects/1\", \"policy\": {\"bindings\": ["
    "{\"role\": \"roles/owner\", \"members\": [\"user:a@example.com\","
    " \"group:g@example.com\", \"allUsers\","
    " \"serviceAccount:s@p.iam.gserviceaccount.com\","
    " \"deleted:user:d@example.com?uid=1\"]}]}}]";

static void
emit(const json_t *pol, const json_t *grp, const json_t *keys,
    const json_t *acts, const json_t *roles)
{
	struct gcp_input in = { 0 };
	struct err e = ERR_INIT;
	struct sink *s = NULL;
	json_t *g, *a, *p;

	in.policies = pol;
	in.policies_what = "fuzz";
	in.groups = grp;
	in.groups_what = "fuzz-groups";
	in.keys = keys;
	in.keys_what = "fuzz-keys";
	in.activities = acts;
	in.activities_what = "fuzz-activities";
	in.roles = roles;
	in.roles_what = "fuzz-roles";
	in.domains = "example.com";
	in.now = "2026-11-26T12:00:00Z";
	if (sink_open(db, "fuzz", "gcp", &s, &e) != 0)
		abort();
	(void)gcp_emit(s, cat, &in, &e);
	sink_abort(s, NULL);
	if (gcp_wanted(cat, pol, roles, "fuzz", &g, &a, &p, &e) == 0) {
		json_decref(g);
		json_decref(a);
		json_decref(p);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e = ERR_INIT;
	json_error_t je;
	json_t *j;
	char *s, until[64];

	if (cat == NULL) {
		struct sb dir = SB_INIT;

		cat = catalog_new();
		sb_addf(&dir, "%s/catalog", share_dir());
		if (catalog_load_dir(cat, dir.buf, &e) != 0 ||
		    db_open(&db, ":memory:", DB_CREATE, &e) != 0) {
			fprintf(stderr, "fuzz_gcp: %s\n", e.msg);
			abort();
		}
		sb_release(&dir);
		if ((base = json_loads(base_json, 0, &je)) == NULL)
			abort();
	}
	s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	(void)gcp_condition_until(s, until, sizeof(until));
	free(s);
	j = json_loadb((const char *)data, size, 0, &je);
	if (j == NULL)
		return 0;
	if (json_is_object(j) &&
	    (json_object_get(j, "policies") || json_object_get(j, "groups") ||
		json_object_get(j, "keys") ||
		json_object_get(j, "activities") ||
		json_object_get(j, "roles"))) {
		json_t *pol = json_object_get(j, "policies");

		emit(pol ? pol : base, json_object_get(j, "groups"),
		    json_object_get(j, "keys"),
		    json_object_get(j, "activities"),
		    json_object_get(j, "roles"));
	} else {
		emit(j, NULL, NULL, NULL, NULL);
		emit(base, j, NULL, NULL, NULL);
		emit(base, NULL, j, NULL, NULL);
		emit(base, NULL, NULL, j, NULL);
		emit(base, NULL, NULL, NULL, j);
	}
	json_decref(j);
	return 0;
}
