/*
 * fixed_time.c - an LD_PRELOAD shim that stops the wall clock at
 * $PARC_FIXED_TIME (seconds since the epoch) and names the user running
 * parc $PARC_FIXED_LOGIN, so that a test can compare parc's outputs (times
 * of syncs, "N days" in findings, report stamps, who acted, the audit
 * chain's hashes over all that) with expected files byte for byte, on any
 * day and as any user. Monotonic clocks keep running.
 *
 *	cc -shared -fPIC -o fixed_time.so fixed_time.c -ldl
 *	LD_PRELOAD=$PWD/fixed_time.so PARC_FIXED_TIME=1796126400 \
 *	    PARC_FIXED_LOGIN=auditor parc ...
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static time_t
fixed(void)
{
	const char *s = getenv("PARC_FIXED_TIME");

	return s ? (time_t)strtoll(s, NULL, 10) : 0;
}

time_t
time(time_t *t)
{
	time_t now = fixed();

	if (t != NULL)
		*t = now;
	return now;
}

int
gettimeofday(struct timeval *tv, void *tz)
{
	(void)tz;
	if (tv != NULL) {
		tv->tv_sec = fixed();
		tv->tv_usec = 0;
	}
	return 0;
}

int
clock_gettime(clockid_t id, struct timespec *ts)
{
	if (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE) {
		ts->tv_sec = fixed();
		ts->tv_nsec = 0;
		return 0;
	}
	return (int)syscall(SYS_clock_gettime, id, ts);
}

/* The effective user's entry, named $PARC_FIXED_LOGIN when that is set. */
static struct passwd *
renamed(struct passwd *pw)
{
	static struct passwd copy;
	const char *login = getenv("PARC_FIXED_LOGIN");

	if (pw == NULL || login == NULL || pw->pw_uid != geteuid())
		return pw;
	copy = *pw;
	copy.pw_name = (char *)login;
	return &copy;
}

struct passwd *
getpwuid(uid_t uid)
{
	struct passwd *(*real)(uid_t) =
	    (struct passwd * (*)(uid_t)) dlsym(RTLD_NEXT, "getpwuid");

	return renamed(real(uid));
}

struct passwd *
getpwnam(const char *name)
{
	struct passwd *(*real)(const char *) =
	    (struct passwd * (*)(const char *)) dlsym(RTLD_NEXT, "getpwnam");
	const char *login = getenv("PARC_FIXED_LOGIN");

	if (login != NULL && strcmp(name, login) == 0)
		return renamed(getpwuid(geteuid()));
	return real(name);
}
