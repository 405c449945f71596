/* gcp_live.c - the live half of the gcp connector (sync/gcp_live.h). */
#include "sync/gcp_live.h"

int
gcp_live_read(const struct gcp_live_opts *o, json_t **policies, json_t **groups,
    json_t **keys, json_t **activities, struct err *e)
{
	*policies = *groups = *keys = *activities = NULL;
	return err_set(e, PARC_ECONFIG,
	    "source %s: reading GCP live is not built yet; use "
	    "iam_policies = FILE",
	    o->source);
}
