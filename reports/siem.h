/*
 * siem.h - audit events and findings for a SIEM (Splunk, QRadar, Sentinel,
 * ArcSight ...), as JSON lines or as ArcSight CEF lines, with a cursor so
 * that a cron job sends each event once. The signed checkpoints of the
 * events sent follow them, so the SIEM keeps a copy of the chain's
 * signatures that whoever controls the database cannot change (parc
 * verify --against checks the database against it).
 *
 * JSON lines, one object per line:
 *	{"type": "audit", "id": 7, "at": "...", "actor": "...",
 *	 "action": "...", "object": "..." | null, "detail": {...} | null,
 *	 "hash": "..."}
 *	{"type": "checkpoint", "event": 7, "at": "...", "hash": "...",
 *	 "key": "SHA256:...", "signature": "..."}   (db/checkpoint.h)
 *	{"type": "finding", "id": 3, "kind": "dormant", "severity": "high",
 *	 "source", "host", "account", "person", "employee_id", "entitlement":
 *	 string | null, "tier": int | null, "evidence": "...",
 *	 "techniques": ["T1078"], "first_seen": "...", "last_seen": "..."}
 * CEF (ArcSight Common Event Format, version 0), one line each:
 *	CEF:0|parc|parc|VERSION|audit:ACTION|ACTION|3|rt=MS suser=ACTOR ...
 *	CEF:0|parc|parc|VERSION|checkpoint|audit chain checkpoint|3|rt=MS
 *	    externalId=checkpoint-ID cs2=HASH cs3=SIGNATURE cs4=KEY
 *	CEF:0|parc|parc|VERSION|finding:KIND|TITLE|SEV|rt=MS duser=ACCOUNT ...
 * with the header's | and \ and the extension's = and \ escaped, and line
 * breaks as \n, so no value can forge a field or a line. Severity: low 3,
 * medium 5, high 8, critical 10; audit events 3.
 *
 * The cursor file holds "audit=N finding=M": the last ids sent. It is
 * replaced (write to a temporary file, rename) only after every line was
 * written and is in place, so a failed run sends the same events again
 * rather than losing any.
 */
#ifndef PARC_RPT_SIEM_H
#define PARC_RPT_SIEM_H

#include <stdint.h>
#include <stdio.h>

#include "db/db.h"
#include "lib/err.h"

enum siem_format {
	SIEM_JSONL,
	SIEM_CEF
};

struct siem_opts {
	enum siem_format format;
	const char *since;  /* ISO 8601 prefix: only events at/after, or NULL */
	const char *cursor; /* cursor file path, or NULL: no cursor */
};

/* What an export sent. */
struct siem_stats {
	int64_t audit, findings;	  /* lines written */
	int64_t checkpoints;		  /* checkpoint lines written */
	int64_t last_audit, last_finding; /* the cursor after the run */
};

/*
 * Write the audit events, then the findings, that come after the cursor
 * (and at or after since) on fp, and flush fp. The cursor is read, not
 * moved: the caller moves it with siem_cursor_save() once the output is
 * safely where it goes. A cursor file that cannot be parsed is PARC_EDATA
 * naming it (nothing is written); failing to write is PARC_EIO.
 */
int siem_export(struct db *db, const struct siem_opts *o, FILE *fp,
    struct siem_stats *st, struct err *e);

/*
 * Record st's last ids in the cursor file path (written to a temporary
 * beside it, synced, renamed). Returns 0 or PARC_EIO naming the file.
 */
int siem_cursor_save(const char *path, const struct siem_stats *st,
    struct err *e);

#endif
