/*
 * anchor.h - the database against a record of its chain kept elsewhere
 * (parc verify --against FILE).
 *
 * A chain, even signed, cannot show that it was rewritten by someone who
 * holds the key (root), nor that its newest events were cut off. What it
 * printed before can: an evidence report as JSON (its chain head) or a
 * SIEM export, JSON lines or CEF (every audit event's id and hash, and
 * the signed checkpoints). Every event the file lists must be in the
 * database, unchanged (the same hash, so the same event and the same
 * history before it), in the same order.
 */
#ifndef PARC_RPT_ANCHOR_H
#define PARC_RPT_ANCHOR_H

#include <stdint.h>

#include "db/db.h"
#include "lib/err.h"

struct anchor_report {
	const char *kind;    /* "evidence report", "SIEM export (jsonl)" ... */
	int64_t events;	     /* events of the file found unchanged */
	int64_t checkpoints; /* its checkpoints found unchanged */
	int64_t signatures;  /* of which the signature was checked */
	int64_t last_id;     /* the last event the file lists */
	int64_t bad_id;	     /* the event at fault (0: none) */
	char what[512];	     /* the first problem in a sentence */
};

/*
 * Check db against the file at path (read with the caller's rights).
 * Signatures of the file's checkpoints are checked with db's key when it
 * has one (db_set_key()). Returns 0 when every listed event holds;
 * PARC_EFOUND with r->what (and e) naming the first event missing or
 * changed and the file's line; PARC_EDATA naming the file and line when
 * it is not one of those formats, lists events out of order, or carries
 * a checkpoint whose signature is false; PARC_EIO when it cannot be read.
 */
int rpt_anchor_check(struct db *db, const char *path, struct anchor_report *r,
    struct err *e);

#endif
