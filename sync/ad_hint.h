/*
 * ad_hint.h - what an AD source remembers between pulls (db/sink_hint.c):
 * that a server limit cut its plain searches, so that its pulls page
 * from the start for AD_HINT_DAYS after it.
 */
#ifndef PARC_AD_HINT_H
#define PARC_AD_HINT_H

#include <stddef.h>

#include "db/sink.h"
#include "lib/err.h"

/* The hint's key, and how long it holds. */
#define AD_HINT_PAGED "ad.paged"
#define AD_HINT_DAYS 7

/*
 * 1 when the source's pull should page from the start: a plain search of
 * it was cut less than AD_HINT_DAYS ago, by a pull that committed (note,
 * of size n, then says so for the progress line); 0 when it should search
 * plain first; PARC_EDB.
 */
int ad_hint_paged(struct sink *sink, char *note, size_t n, struct err *e);

/*
 * A plain search of this pull was cut: remember it with the snapshot, and
 * say so in note. 0 or PARC_EDB.
 */
int ad_hint_cut(struct sink *sink, char *note, size_t n, struct err *e);

#endif
