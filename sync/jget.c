/*
 * jget.c - reading members of the clouds' JSON; see jget.h.
 */
#include <strings.h>

#include "lib/isodate.h"
#include "sync/jget.h"

int
jget_bool(const json_t *v)
{
	if (json_is_boolean(v))
		return json_is_true(v);
	if (json_is_string(v)) {
		if (strcasecmp(json_string_value(v), "true") == 0)
			return 1;
		if (strcasecmp(json_string_value(v), "false") == 0)
			return 0;
	}
	return -1;
}

int
jget_date(const json_t *v, int min_year, int zone_optional, const char *what,
    const char *obj, const char *key, char out[21], struct err *e)
{
	out[0] = '\0';
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v) ||
	    iso_time_utc(json_string_value(v), min_year, zone_optional, out) !=
		0)
		return err_set(e, PARC_EDATA, "%s: %s: %s is not a date", what,
		    obj, key);
	return 0;
}
