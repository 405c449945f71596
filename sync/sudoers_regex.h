/*
 * sudoers_regex.h - compile the regular expressions of sudoers commands
 * ("^/usr/bin/(less|more)$") with limits.
 *
 * glibc's regcomp() copies a bounded repeat once per count, so a
 * nesting such as "((a{255}){255}){255}" asks for gigabytes. sudo 1.9
 * refuses a repetition count above 255; parc does the same and also
 * refuses a pattern whose repeats multiply past SUDOERS_REGEX_MAX atoms.
 */
#ifndef PARC_SUDOERS_REGEX_H
#define PARC_SUDOERS_REGEX_H

#include <regex.h>
#include <stddef.h>

#define SUDOERS_REGEX_DUP_MAX 255
#define SUDOERS_REGEX_MAX 65536

/*
 * Compile pat (POSIX extended, no sub-matches) into re. Returns 0, or
 * -1 with a message in msg (re then needs no regfree()).
 */
int sudoers_regcomp(regex_t *re, const char *pat, char *msg, size_t msglen);

#endif
