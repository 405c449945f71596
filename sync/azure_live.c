/*
 * azure_live.c - the live half of the azure connector (not built yet:
 * this commit reads the az CLI's exports only).
 */
#include "sync/azure_live.h"

int
az_live_read(const struct az_live_opts *o, struct az_data *d, struct err *e)
{
	(void)d;
	return err_set(e, PARC_ECONFIG,
	    "source %s: reading Azure live is not built yet; use path = DIR "
	    "(share/export/azure-export.sh)",
	    o->source);
}
