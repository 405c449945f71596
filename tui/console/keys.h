/*
 * keys.h - the key bindings: which key makes which request (request.h).
 * One table in keys.c; the help page and the bottom line's hints are made
 * from it.
 */
#ifndef PARC_KEYS_H
#define PARC_KEYS_H

#include "lib/sb.h"
#include "tui/console/request.h"

/* The request key (as display_getkey() returns it) is bound to. */
enum request keys_request(int key);

/* Append the labels of the keys bound to req ("j, Down") to sb. */
void keys_describe(enum request req, struct sb *sb);

#endif
