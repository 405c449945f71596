/*
 * demo.h - the demo organisation: real source files for a company that does
 * not exist, the same bytes on every run as of the same day.
 *
 * demo_generate() writes into a directory what a real installation would
 * collect, in the real formats, so the demo runs the same connectors,
 * correlation and findings as production:
 *
 *	parc.conf      [parc] correlation_overrides and one [source] per
 *	               generated source (never the database: the caller
 *	               decides where that lives)
 *	people.csv     the HR export (sync/people.h): UTF-8 with a byte order
 *	               mark and CRLF line ends, as spreadsheet exports are
 *	overrides.csv  a few correlation overrides (sync/overrides.h)
 *
 * The organisation: a CEO, an executive assistant, a head for each
 * department, and under each a manager tree in which every manager has 5
 * to 12 reports (a head of a small department in a small company may have
 * fewer), so the tree grows deeper as the company grows. Names come
 * from many languages and scripts (Zoë Ødegaard, 李娜, Ана Петрова, ...);
 * logins and emails are ASCII forms of them, made unique with digits.
 * The names, departments and titles are data: the tables of share/demo/
 * (demo_names.h), read from share_dir() on each run.
 * About 3% of people have left (terminated, end date in the past), a few
 * contractors have an end date ahead, and a few people have no email.
 * Planted for the story the demo tells: José Núñez, a terminated systems
 * administrator in IT Operations (DEMO_STALE_ADMIN), to whom later
 * generators give admin rights he should no longer hold.
 *
 * Each source's files come from one generator function in a table in
 * demo.c; a generator sees the people generated before it through
 * demo_people() and writes its files with demo_write(). Each draws from its
 * own demo_rng with its own seed, so adding a generator never changes the
 * bytes another one writes. Account names in overrides.csv belong to the
 * sources later generators add: "corp" (the directory, demo_ad.h) and
 * "aws-prod" (the AWS account, demo_aws.h).
 *
 * Every date the demo writes was authored against the day DEMO_EPOCH and
 * is moved by whole days to the as-of day demo_generate() is given
 * (demo_date(), demo_shift()), so the story (who is dormant, which
 * eligibility is about to end) is the same whichever day the demo is made.
 */
#ifndef PARC_DEMO_H
#define PARC_DEMO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/err.h"

#define DEMO_PEOPLE_DEFAULT 250
#define DEMO_PEOPLE_MIN 30
#define DEMO_PEOPLE_MAX 1000000

/*
 * The day the demo's dates were written against, and its number of days
 * since 1970-01-01: made as of this day the demo's files are those
 * tests/data/demo/ records.
 */
#define DEMO_EPOCH "2026-12-06"
#define DEMO_EPOCH_DAY 20793L
/* The as-of days a demo may be made for: wtmp holds 32-bit times. */
#define DEMO_AS_OF_MIN "2000-01-01"
#define DEMO_AS_OF_MAX "2037-12-31"

/*
 * The day s names, "YYYY-MM-DD" and a real date of the Gregorian
 * calendar, as days since 1970-01-01 into *day; 0 when it is one, -1 when
 * not (and *day is left alone).
 */
int demo_day(const char *s, long *day);

/*
 * Write the demo organisation of people people (DEMO_PEOPLE_MIN to
 * DEMO_PEOPLE_MAX, else PARC_EUSAGE) as of the day as_of (days since
 * 1970-01-01, from DEMO_AS_OF_MIN to DEMO_AS_OF_MAX, else PARC_EUSAGE)
 * into dir, creating it and missing
 * parents with mode 0700. Existing files of the same names are replaced,
 * each at once (written beside and renamed), other files are left alone.
 * Fails with PARC_EIO naming the file when a directory or file cannot be
 * written. PARC_EDATA or PARC_EIO naming the file when a table of
 * share/demo/ is bad or missing. The files are a function of people,
 * as_of and those tables alone.
 */
int demo_generate(const char *dir, long people, long as_of, struct err *e);

/* ---- for generators ---- */

struct demo;

enum demo_person_flag {
	DEMO_CEO = 1 << 0,
	DEMO_HEAD = 1 << 1,	   /* heads a department, reports to the CEO */
	DEMO_MANAGER = 1 << 2,	   /* has reports (the CEO and heads too) */
	DEMO_TERMINATED = 1 << 3,  /* status terminated, end_date past */
	DEMO_NO_EMAIL = 1 << 4,	   /* email is NULL */
	DEMO_STALE_ADMIN = 1 << 5, /* planted: terminated, IT Operations */
};

struct demo_person {
	const char *employee_id;  /* "E10001", ... in file order */
	const char *display_name; /* UTF-8, any script */
	const char *login;	  /* ASCII, unique, at most 20 bytes */
	const char *email;	  /* unique, or NULL (DEMO_NO_EMAIL) */
	const char *department;	  /* "IT Operations", ... */
	const char *title;
	const char *end_date; /* YYYY-MM-DD, or NULL */
	long manager;	      /* index of the manager, -1 for the CEO */
	unsigned flags;	      /* enum demo_person_flag */
};

/*
 * The people generated so far, in employee id order; *n gets their number.
 * Index 0 is the CEO. The array and its strings live until demo_generate
 * returns.
 */
const struct demo_person *demo_people(const struct demo *d, size_t *n);

/*
 * The first person with all of flags and, when dept is not NULL, in that
 * department; NULL when nobody is. Lives as demo_people()'s array does.
 */
const struct demo_person *demo_find(const struct demo *d, unsigned flags,
    const char *dept);

/*
 * Write the file name (relative to the demo directory; its folders must
 * exist) by calling fill with an open stream and arg, then replace name
 * with it at once. Mode 0600. A failure of fill is returned as it is; a
 * write failure is PARC_EIO naming the file.
 */
int demo_write(struct demo *d, const char *name,
    int (*fill)(struct demo *d, FILE *fp, void *arg, struct err *e), void *arg,
    struct err *e);

/* Whole days from DEMO_EPOCH to the as-of day (negative before it). */
long demo_shift(const struct demo *d);

/*
 * lit, a date written against DEMO_EPOCH that begins with YYYY-MM-DD or
 * YYYYMMDD (LDAP's GeneralizedTime), with that day moved by demo_shift()
 * days and the rest (time, zone) as it is. Lives as demo_people()'s array
 * does. Aborts when lit does not begin with a date (a bug of the caller).
 */
const char *demo_date(struct demo *d, const char *lit);

/*
 * in, beginning with YYYY-MM-DD or YYYYMMDD, with that day moved by days
 * into out (size bytes), the rest copied: 0, or -1 when in does not begin
 * with a date or out is too small.
 */
int demo_date_shift(const char *in, long days, char *out, size_t size);

/* A small deterministic generator (xorshift64*); never rand() or time. */
struct demo_rng {
	uint64_t s;
};

/* Seed r; any seed is fine, 0 included. */
void demo_rng_init(struct demo_rng *r, uint64_t seed);

/* The next 64 random bits. */
uint64_t demo_rng_next(struct demo_rng *r);

/* A number from lo to hi, both included (lo <= hi). */
long demo_rng_range(struct demo_rng *r, long lo, long hi);

/* True with a chance of per_mille in 1000. */
int demo_rng_chance(struct demo_rng *r, int per_mille);

#endif
