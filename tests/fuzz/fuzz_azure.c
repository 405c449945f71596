/*
 * fuzz_azure.c - libFuzzer harness for the azure connector's JSON readers:
 * az_list (a file or page as a list), az_pick_subs (the account list),
 * az_role_groups and azure_emit (the whole tenant into a sink).
 *
 *	make fuzz
 *	mkdir -p fuzz-out && tests/fuzz/fuzz_azure -max_total_time=60 \
 *	    fuzz-out tests/data/azure/fuzz-seed
 *
 * An input is one JSON object holding what the offline files hold, by
 * name: "account-list", "subscriptions" (an object: subscription id ->
 * {"role-assignments", "role-definitions",
 * "role-eligibility-schedule-instances"}), "directory-role-assignments",
 * "directory-role-definitions", "directory-role-eligibility-schedules",
 * "directory-role-assignment-schedules", "users", "directory-objects",
 * "groups" (group id -> its transitive members), and "signin" (1, 0 or
 * -1). Each body goes through az_list as a file's does, then the whole
 * through azure_emit over an in-memory database with the shipped catalog;
 * the pull is committed when it succeeded and aborted when not. A failure
 * must be a negative PARC_E code with a message; a crash, a leak,
 * undefined behaviour or a hang is a bug.
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
#include "sync/azure_model.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct catalog *cat;
static struct db *db;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct err e = ERR_INIT;
	struct sb dir = SB_INIT;

	(void)argc;
	(void)argv;
	cat = catalog_new();
	sb_addf(&dir, "%s/catalog", share_dir());
	if (catalog_load_dir(cat, dir.buf, &e) != 0 ||
	    db_open(&db, ":memory:", DB_CREATE, &e) != 0) {
		fprintf(stderr, "fuzz_azure: %s\n", e.msg);
		exit(1);
	}
	sb_release(&dir);
	return 0;
}

/* body (may be NULL) as a list into p, as a file would be read. */
static int
part(const json_t *body, const char *what, struct az_part *p, struct err *e)
{
	int rc;

	p->what = xstrdup(what);
	if (body == NULL)
		return 0;
	if ((rc = az_list(body, what, &p->j, e)) != 0 && e->msg[0] == '\0')
		abort();
	return rc;
}

static int
load(const json_t *in, struct az_data *d, struct err *e)
{
	static const struct {
		const char *key;
		size_t off;
	} parts[] = {
		{ "directory-role-assignments",
		    offsetof(struct az_data, dir_assignments) },
		{ "directory-role-definitions",
		    offsetof(struct az_data, dir_definitions) },
		{ "directory-role-eligibility-schedules",
		    offsetof(struct az_data, dir_eligible) },
		{ "directory-role-assignment-schedules",
		    offsetof(struct az_data, dir_schedules) },
		{ "users", offsetof(struct az_data, users) },
		{ "directory-objects", offsetof(struct az_data, objects) },
	};
	struct az_part acc = { NULL, NULL };
	const json_t *subs, *s, *g;
	const char *k;
	char **ids;
	size_t i, n;
	int rc;

	if (json_is_integer(json_object_get(in, "signin")))
		d->signin =
		    (int)(json_integer_value(json_object_get(in, "signin")) %
			2);
	if ((rc = part(json_object_get(in, "account-list"), "account-list",
		 &acc, e)) != 0)
		goto out;
	if (acc.j != NULL &&
	    (rc = az_pick_subs(acc.j, acc.what, NULL, NULL, d, e)) != 0)
		goto out;
	subs = json_object_get(in, "subscriptions");
	for (i = 0; i < d->nsub; i++) {
		s = json_object_get(subs, d->sub[i].id);
		if ((rc = part(json_object_get(s, "role-assignments"),
			 "role-assignments", &d->sub[i].assignments, e)) != 0 ||
		    (rc = part(json_object_get(s, "role-definitions"),
			 "role-definitions", &d->sub[i].definitions, e)) != 0 ||
		    (rc = part(json_object_get(s,
				   "role-eligibility-schedule-instances"),
			 "role-eligibility", &d->sub[i].eligible, e)) != 0)
			goto out;
	}
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if ((rc = part(json_object_get(in, parts[i].key), parts[i].key,
			 (struct az_part *)((char *)d + parts[i].off), e)) != 0)
			goto out;
	ids = az_role_groups(d, &n);
	d->grp = xcalloc(n + 1, sizeof(*d->grp));
	for (i = 0; i < n; i++) {
		d->grp[d->ngrp].id = ids[i];
		k = ids[i];
		g = json_object_get(json_object_get(in, "groups"), k);
		rc = part(g, "group", &d->grp[d->ngrp++].members, e);
		if (rc != 0) {
			for (i++; i < n; i++)
				free(ids[i]);
			break;
		}
	}
	free(ids);
out:
	json_decref(acc.j);
	free(acc.what);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e = ERR_INIT;
	struct sink *sink = NULL;
	struct az_data d;
	json_error_t je;
	json_t *in;
	int rc;

	in = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
	if (!json_is_object(in)) {
		json_decref(in);
		return 0;
	}
	memset(&d, 0, sizeof(d));
	d.signin = -1;
	if (sink_open(db, "azure", "azure", &sink, &e) != 0)
		abort();
	rc = load(in, &d, &e);
	if (rc == 0)
		rc = azure_emit(sink, cat, &d, &e);
	if (rc > 0 || (rc < 0 && e.msg[0] == '\0'))
		abort();
	if (rc == 0) {
		sink_allow_empty(sink);
		(void)sink_commit(sink, NULL, &e);
	} else
		sink_abort(sink, e.msg);
	az_data_release(&d);
	json_decref(in);
	return 0;
}
