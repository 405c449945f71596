/*
 * keys.h - the key bindings: which key makes which request (request.h).
 * One table in keys.c; the help page (keys_describe) and the bottom
 * line's hints (keys_hints) are made from it.
 */
#ifndef PARC_KEYS_H
#define PARC_KEYS_H

#include "lib/sb.h"
#include "tui/console/request.h"

/* The request key (as display_getkey() returns it) is bound to. */
enum request keys_request(int key);

/* Append the labels of the keys bound to req ("j, Down") to sb. */
void keys_describe(enum request req, struct sb *sb);

/*
 * Append the bottom line's reminder to sb: for each of a few requests
 * (help, the decisions, undo, filter, back), the label of the first key
 * bound to it and its name ("? help  a approve ... q back"). Made from the
 * key table, like the help page, so it cannot name a key that does not
 * do what it says.
 */
void keys_hints(struct sb *sb);

#endif
