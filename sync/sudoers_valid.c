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
	/* sudo takes one digit of fraction, of the last unit given. */
	if (*p == '.' || *p == ',') {
		p++;
		if (!isdigit((unsigned char)*p) || isdigit((unsigned char)p[1]))
			return -1;
		frac = (*p - '0') / 10.0;
		p++;
	}
	/* Like sudo, no range checks: mktime() and timegm() normalise. */
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

			if (digits(&q, 2, &hh) < 0 || digits(&q, 2, &mm) < 0)
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

/* A decimal number as visudo takes one: -?[0-9]*(.[0-9]*)? ("." too). */
static int
is_float(const char *v)
{
	const char *p = v;

	if (*p == '-')
		p++;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	return *p == '\0';
}

/*
 * A locale name: C, POSIX, C.charset or ll_CC[.charset][@modifier].
 * visudo asks this machine's setlocale(); parc cannot know the audited
 * host's locales, so it checks the form only.
 */
static int
is_locale(const char *v)
{
	const char *p = v;
	int n = 0;

	if (strcmp(v, "C") == 0 || strcmp(v, "POSIX") == 0 ||
	    strncmp(v, "C.", 2) == 0)
		return 1;
	while (*p >= 'a' && *p <= 'z' && n < 4)
		p++, n++;
	if (n < 2 || *p++ != '_')
		return 0;
	for (n = 0; *p >= 'A' && *p <= 'Z'; p++)
		n++;
	if (n != 2)
		return 0;
	if (*p == '.')
		for (p++; isalnum((unsigned char)*p) || *p == '-'; p++)
			;
	if (*p == '@')
		for (p++; isalnum((unsigned char)*p) || *p == '_'; p++)
			;
	return *p == '\0';
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
static const char *const icept_v[] = { "dso", "trace", NULL };
static const char *const fac_v[] = { "authpriv", "auth", "daemon", "user",
	"local0", "local1", "local2", "local3", "local4", "local5", "local6",
	"local7", NULL };
static const char *const pri_v[] = { "alert", "crit", "debug", "emerg", "err",
	"info", "notice", "warning", "none", NULL };

/* The words a tuple setting takes. */
static const char *const *
tuple_words(const char *var)
{
	static const struct {
		const char *var;
		const char *const *words;
	} t[] = {
		{ "lecture", lecture_v },
		{ "listpw", listpw_v },
		{ "verifypw", listpw_v },
		{ "fdexec", fdexec_v },
		{ "timestamp_type", tstype_v },
		{ "log_format", logfmt_v },
		{ "intercept_type", icept_v },
		{ "syslog", fac_v },
		{ "syslog_goodpri", pri_v },
		{ "syslog_badpri", pri_v },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(var, t[i].var) == 0)
			return t[i].words;
	return NULL;
}

/* Is v a value a setting checked as c can take? */
static int
value_ok(const char *var, enum sudoers_defcheck c, const char *v)
{
	const char *const *w;

	switch (c) {
	case CHK_PATH:
		return v[0] == '/';
	case CHK_PATH_TILDE:
		return v[0] == '/' || v[0] == '~' || strcmp(v, "*") == 0;
	case CHK_MODE:
		return is_mode(v);
	case CHK_UINT:
		return is_int(v, 0) && strlen(v) < 10;
	case CHK_INT:
		return is_int(v, 1) && strlen(v) < 10;
	case CHK_FLOAT:
		return is_float(v);
	case CHK_TIMEOUT:
		return sudoers_parse_timeout(v) >= 0;
	case CHK_RLIMIT:
		return (is_int(v, 0) && strlen(v) < 20) ||
		    strcmp(v, "infinity") == 0 || strcmp(v, "default") == 0 ||
		    strcmp(v, "user") == 0;
	case CHK_TUPLE:
		w = tuple_words(var);
		return w == NULL || in_list(v, w);
	default:
		if (strcmp(var, "sudoers_locale") == 0)
			return is_locale(v);
		return 1;
	}
}

int
sudoers_check_default(const struct sudoers_tree *t,
    const struct sudoers_default *d, const struct sudoers_opts *o,
    struct err *e)
{
	enum sudoers_defcheck c;
	int bare_ok, neg_ok;

	(void)t;
	if (o == NULL || !o->strict)
		return 0;
	if (sudoers_defentry(d->var, &c, &bare_ok, &neg_ok) < 0)
		return err_set(e, PARC_EDATA, "unknown defaults entry \"%s\"",
		    d->var);
	if (d->val == NULL) {
		if (d->op == 0 && !neg_ok)
			return err_set(e, PARC_EDATA,
			    "option \"%s\" cannot be negated", d->var);
		if (d->op == 1 && !bare_ok && c != CHK_FLAG)
			return err_set(e, PARC_EDATA,
			    "no value specified for \"%s\"", d->var);
		return 0;
	}
	if (c == CHK_FLAG)
		return err_set(e, PARC_EDATA,
		    "option \"%s\" does not take a value", d->var);
	if (!value_ok(d->var, c, d->val))
		return err_set(e, PARC_EDATA,
		    "value \"%s\" is invalid for option \"%s\"", d->val,
		    d->var);
	return 0;
}
