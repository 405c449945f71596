/*
 * ad_emit.h - what the AD collector gives back: the resolved directory,
 * into a sink (what it emits: ad_common.h), at the end or, for accounts,
 * as they come. Comes with ad_common.h.
 */
#ifndef PARC_AD_EMIT_H
#define PARC_AD_EMIT_H

#include "db/sink.h"
#include "lib/err.h"

struct adc;

/*
 * Stage into sink as the entries come, not all at adc_emit(): from now on,
 * when a group ends, its memberships of the users and groups read already
 * go into sink at once, and are not kept. What is emitted in all is the
 * same as without it (the sink keys memberships: their order is free);
 * sink must be the one given to adc_emit(). Sink errors come from
 * adc_end().
 */
void adc_stage(struct adc *a, struct sink *sink);

/*
 * Every group and foreign security principal has ended (AD: the groups
 * search is over, the users search may not be): from now on adc_end()
 * emits each user and computer into sink as it ends, with its memberships,
 * so that little is left for adc_emit(), which must still be called. What
 * is emitted is the same as without it; a group or foreign principal that
 * ends after this fails with PARC_EDATA. Sink errors come from adc_end().
 */
void adc_stream(struct adc *a, struct sink *sink);

/*
 * Have adc_emit() put the principals into the sink in the order
 * adc_stream() would have, had it been called when the last group or
 * foreign principal ended and before the first user or computer: users
 * and computers first (those adc_stream() could emit as they ended, whose
 * manager and primary group came before them), then the groups and
 * foreign principals, then the other users and computers, each in the
 * order read. For a connector that had to read the whole directory
 * before staging any of it (sync/ad.c's plain searches), so that the
 * sink numbers the principals as the paged pull does. The records are
 * the same in any order.
 */
void adc_stream_order(struct adc *a);

/*
 * Resolve members and primary groups and emit everything into sink (see
 * the top of this file), or what adc_stream() left. Sink errors are
 * returned as they are.
 */
int adc_emit(struct adc *a, struct sink *sink, struct err *e);

#endif
