/*
 * schema.h - the versioned migrations (internal to db/).
 *
 * migrations[i] brings a database from user_version i to i + 1. A migration
 * is never edited once released: changes are new entries at the end.
 */
#ifndef PARC_SCHEMA_H
#define PARC_SCHEMA_H

#include <stddef.h>

extern const char *const db_migrations[];
extern const size_t db_nmigrations;

#endif
