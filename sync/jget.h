/*
 * jget.h - reading members of the JSON the cloud sources (aws, azure) are
 * given, the same way in each: booleans as JSON or as strings, dates as
 * their APIs write them, errors naming the object.
 */
#ifndef PARC_JGET_H
#define PARC_JGET_H

#include <jansson.h>

#include "lib/err.h"

/*
 * v (a member's value; NULL when absent) as a boolean: JSON true or false,
 * or the string "true" or "false" in any case. 1, 0, or -1 for anything
 * else (absent, null, another string, another type).
 */
int jget_bool(const json_t *v);

/*
 * The date v, the value of member key (NULL when absent), into out: ""
 * when absent or null, else iso_time_utc(v, min_year, zone_optional)
 * (lib/isodate.h). Returns 0, or PARC_EDATA "WHAT: OBJ: KEY is not a date"
 * when v is not a string or not such a time.
 */
int jget_date(const json_t *v, int min_year, int zone_optional,
    const char *what, const char *obj, const char *key, char out[21],
    struct err *e);

#endif
