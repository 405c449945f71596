/*
 * demo_names.h - the demo's name tables: cultures with their given names
 * and surnames, departments with their titles, read at run time from the
 * tab-separated files of share/demo/ (see the comments at their tops).
 *
 * The generator draws rows by their index, so the tables keep file order.
 */
#ifndef PARC_DEMO_NAMES_H
#define PARC_DEMO_NAMES_H

#include <stddef.h>

#include "lib/err.h"

struct demo_first_name {
	const char *name;  /* as written, UTF-8 */
	const char *ascii; /* for logins and emails */
	int female;
};

/*
 * A family name; the _f forms are the feminine ones where the language
 * has them (Petrov/Petrova, Ó Briain/Ní Bhriain), else NULL.
 */
struct demo_surname {
	const char *name, *ascii, *name_f, *ascii_f;
};

enum demo_name_order {
	DEMO_GIVEN_FIRST,	 /* "Zoë Ødegaard" */
	DEMO_FAMILY_FIRST,	 /* "Nguyễn Thảo", "田中 翔太" */
	DEMO_FAMILY_FIRST_CLOSE, /* "李娜": no space */
};

struct demo_culture {
	const char *code; /* "en", "zh", ... */
	int weight;	  /* at least 1 */
	enum demo_name_order order;
	struct demo_first_name *first; /* at least one */
	size_t nfirst;
	struct demo_surname *last; /* at least one */
	size_t nlast;
};

struct demo_dept {
	const char *name;
	int weight; /* share of the people below the heads, at least 1 */
	const char *head, *director, *manager; /* titles */
	const char **titles; /* individual contributors' titles, at least one */
	size_t ntitles;
};

struct demo_names {
	struct demo_culture *cultures;
	size_t ncultures;
	struct demo_dept *depts;
	size_t ndepts;
	/* every string above, freed by demo_names_release() */
	char **strings;
	size_t nstrings, astrings;
};

/*
 * Read cultures.tsv, first-names.tsv, surnames.tsv, departments.tsv and
 * titles.tsv from dir into n (zeroed first). Every culture needs a given
 * name and a surname, every department a title; names of the other files
 * must be in cultures.tsv and departments.tsv. Returns 0, PARC_EIO when a
 * file cannot be read, or PARC_EDATA naming the file and line of a bad row
 * (wrong number of fields, empty field, not UTF-8, a control character, an
 * unknown culture or department, a bad weight or order). On failure n
 * holds nothing to release.
 */
int demo_names_load(struct demo_names *n, const char *dir, struct err *e);

/* The department called name, or NULL. Lives as n does. */
const struct demo_dept *demo_names_dept(const struct demo_names *n,
    const char *name);

/* Free what demo_names_load() allocated; n may be zeroed or released. */
void demo_names_release(struct demo_names *n);

#endif
