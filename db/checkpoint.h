/*
 * checkpoint.h - signed checkpoints of the audit chain.
 *
 * A hash chain alone proves nothing against whoever can write the file:
 * drop the triggers, rewrite a row, recompute every later hash, and the
 * chain is whole again. So each appended event is signed with a key that
 * is not in the database ([parc] signing_key, lib/sign.h): a checkpoint
 * row holds the event's id and hash and an Ed25519 signature over
 * "parc checkpoint v1\nID\nHASH\n". Rewriting the chain then needs the key;
 * verify with only the public key (an auditor's copy) shows it.
 */
#ifndef PARC_CHECKPOINT_H
#define PARC_CHECKPOINT_H

#include <stdint.h>

#include "db/audit.h"
#include "db/db.h"
#include "lib/err.h"
#include "lib/sign.h"

/*
 * Use key (borrowed: it must outlive db, or be replaced first) for db:
 * when it holds the private key every audit_append() signs the new head
 * in the same transaction; audit_verify() checks every checkpoint and
 * that the head is signed with it. NULL: neither.
 */
void db_set_key(struct db *db, const struct sign_key *key);

/* The key set with db_set_key(), or NULL. */
const struct sign_key *db_key(const struct db *db);

/*
 * The message a checkpoint signs for event id of hash hash, into buf
 * (at least 128 bytes); returns its length.
 */
size_t checkpoint_message(int64_t id, const char *hash, char *buf, size_t size);

/*
 * Sign event id (of hash hash) with db's key and store the checkpoint,
 * inside the caller's transaction. 0 when db has no private key.
 */
int checkpoint_sign(struct db *db, int64_t id, const char *hash, struct err *e);

/*
 * Check the checkpoints against the chain (audit_verify() calls it after
 * walking the chain, r->head_id set): with a key, every signature by it
 * holds and names the hash its event has now, none is by another key, the
 * events after the first checkpoint all have theirs, and the head is
 * signed. Without a key only the count is taken. Fills r->checkpoints,
 * r->signed_id, r->key_fpr. PARC_EFOUND naming the event at fault.
 */
int checkpoint_verify(struct db *db, struct audit_report *r, struct err *e);

struct checkpoint_row {
	int64_t event_id;
	const char *hash, *key, *sig, *at;
};

/*
 * Call fn for each checkpoint with after < event_id <= upto (upto 0:
 * all), by event id. Strings live during the call.
 */
int checkpoint_query(struct db *db, int64_t after, int64_t upto,
    int (*fn)(const struct checkpoint_row *r, void *arg), void *arg,
    struct err *e);

#endif
