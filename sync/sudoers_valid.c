/*
 * sudoers_valid.c - value checks for sudoers settings; see sudoers_valid.h.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sync/sudoers_valid.h"

long
sudoers_parse_timeout(const char *s)
{
	static const char suffixes[] = "dhms";
	const char *cp = s;
	char *ep;
	long total = 0, l;
	size_t idx = 0;
	int ch;

	if (*cp == '\0')
		return -1;
	do {
		errno = 0;
		l = strtol(cp, &ep, 10);
		if (ep == cp || errno == ERANGE || l < 0 || l > INT_MAX)
			return -1;
		if (*ep != '\0') {
			ch = tolower((unsigned char)*ep++);
			while (suffixes[idx] != ch) {
				if (suffixes[idx] == '\0')
					return -1;
				idx++;
			}
			switch (ch) {
			case 'd':
				if (l > INT_MAX / 86400)
					return -1;
				l *= 86400;
				break;
			case 'h':
				if (l > INT_MAX / 3600)
					return -1;
				l *= 3600;
				break;
			case 'm':
				if (l > INT_MAX / 60)
					return -1;
				l *= 60;
				break;
			default:
				break;
			}
		}
		if (l > INT_MAX - total)
			return -1;
		total += l;
		cp = ep;
	} while (*cp != '\0');
	return total;
}

static int
digits(const char **p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

int
sudoers_parse_gentime(const char *s, time_t *out)
{
	struct tm tm;
	const char *p = s;
	int year, mon, mday, hour, min = 0, sec = 0, have_min = 0, have_sec = 0,
				   hh, mm, off = 0;
	double frac = 0;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (digits(&p, 4, &year) < 0 || digits(&p, 2, &mon) < 0 ||
	    digits(&p, 2, &mday) < 0 || digits(&p, 2, &hour) < 0)
		return -1;
	if (isdigit((unsigned char)*p)) {
		if (digits(&p, 2, &min) < 0)
			return -1;
		have_min = 1;
		if (isdigit((unsigned char)*p)) {
			if (digits(&p, 2, &sec) < 0)
				return -1;
			have_sec = 1;
		}
	}
	if (*p == '.' || *p == ',') {
		double scale = 0.1;

		p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		while (isdigit((unsigned char)*p)) {
			frac += (*p - '0') * scale;
			scale /= 10;
			p++;
		}
	}
	if (mon < 1 || mon > 12 || mday < 1 || mday > 31 || hour > 23 ||
	    min > 59 || sec > 60)
		return -1;
	if (!have_min)
		sec = (int)(frac * 3600);
	else if (!have_sec)
		sec = (int)(frac * 60);
	tm.tm_year = year - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = mday;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_sec = sec;
	if (*p == '\0') {
		tm.tm_isdst = -1;
		t = mktime(&tm);
	} else {
		if (*p == 'Z' && p[1] == '\0') {
			off = 0;
		} else if ((*p == '+' || *p == '-') && strlen(p) == 5) {
			const char *q = p + 1;

			if (digits(&q, 2, &hh) < 0 || digits(&q, 2, &mm) < 0 ||
			    hh > 23 || mm > 59)
				return -1;
			off = (hh * 3600 + mm * 60) * (*p == '-' ? -1 : 1);
		} else {
			return -1;
		}
		t = timegm(&tm);
		if (t != (time_t)-1)
			t -= off;
	}
	if (t == (time_t)-1)
		return -1;
	*out = t;
	return 0;
}

static int
in_list(const char *v, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(v, *list) == 0)
			return 1;
	return 0;
}

static int
is_int(const char *v, int sign)
{
	const char *p = v;

	if (sign && *p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	return *p == '\0';
}

static int
is_float(const char *v)
{
	char *ep;

	errno = 0;
	(void)strtod(v, &ep);
	return ep != v && *ep == '\0' && errno == 0;
}

static int
is_mode(const char *v)
{
	char *ep;
	long l;

	errno = 0;
	l = strtol(v, &ep, 8);
	return ep != v && *ep == '\0' && errno == 0 && l >= 0 && l <= 0777;
}

static const char *const lecture_v[] = { "never", "once", "always", NULL };
static const char *const listpw_v[] = { "never", "any", "all", "always", NULL };
static const char *const fdexec_v[] = { "never", "digest_only", "always",
	NULL };
static const char *const tstype_v[] = { "global", "ppid", "tty", "kernel",
	NULL };
static const char *const logfmt_v[] = { "sudo", "json", NULL };
static const char *const fac_v[] = { "authpriv", "auth", "daemon", "user",
	"local0", "local1", "local2", "local3", "local4", "local5", "local6",
	"local7", NULL };
static const char *const pri_v[] = { "alert", "crit", "debug", "emerg", "err",
	"info", "notice", "warning", "none", NULL };

/* Is v a value the setting var can take? 1 when parc does not know. */
static int
value_ok(const char *var, const char *v)
{
	if (strcmp(var, "lecture") == 0)
		return in_list(v, lecture_v);
	if (strcmp(var, "listpw") == 0 || strcmp(var, "verifypw") == 0)
		return in_list(v, listpw_v);
	if (strcmp(var, "fdexec") == 0)
		return in_list(v, fdexec_v);
	if (strcmp(var, "timestamp_type") == 0)
		return in_list(v, tstype_v);
	if (strcmp(var, "log_format") == 0)
		return in_list(v, logfmt_v);
	if (strcmp(var, "syslog") == 0)
		return in_list(v, fac_v);
	if (strcmp(var, "syslog_goodpri") == 0 ||
	    strcmp(var, "syslog_badpri") == 0)
		return in_list(v, pri_v);
	if (strcmp(var, "command_timeout") == 0 ||
	    strcmp(var, "log_server_timeout") == 0)
		return sudoers_parse_timeout(v) >= 0;
	if (strcmp(var, "passwd_timeout") == 0 ||
	    strcmp(var, "timestamp_timeout") == 0)
		return is_float(v);
	if (strcmp(var, "umask") == 0 || strcmp(var, "iolog_mode") == 0)
		return is_mode(v);
	if (strcmp(var, "passwd_tries") == 0 || strcmp(var, "closefrom") == 0 ||
	    strcmp(var, "syslog_maxlen") == 0 || strcmp(var, "loglinelen") == 0)
		return is_int(v, 1);
	if (strcmp(var, "maxseq") == 0)
		return is_int(v, 0);
	return 1;
}

int
sudoers_check_default(const struct sudoers_tree *t,
    const struct sudoers_default *d, const struct sudoers_opts *o,
    struct err *e)
{
	enum sudoers_defkind k = sudoers_defkind(d->var);

	(void)t;
	if (o == NULL || !o->strict)
		return 0;
	if (k == SDEF_UNKNOWN)
		return err_set(e, PARC_EDATA, "unknown defaults entry \"%s\"",
		    d->var);
	if (d->val == NULL)
		return 0;
	if (k == SDEF_FLAG)
		return err_set(e, PARC_EDATA,
		    "option \"%s\" does not take a value", d->var);
	if (k == SDEF_VALUE && !value_ok(d->var, d->val))
		return err_set(e, PARC_EDATA,
		    "value \"%s\" is invalid for option \"%s\"", d->val,
		    d->var);
	return 0;
}
