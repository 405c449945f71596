/*
 * sudoers_regex.h - compile the regular expressions of sudoers commands
 * ("^/usr/bin/(less|more)$") with limits.
 *
 * glibc's regcomp() copies a bounded repeat once per count and takes
 * time that squares or worse when repeats nest, so a short hostile
 * pattern ("((a*)*){255}") costs minutes or gigabytes. sudo 1.9 refuses a
 * repetition count above 255; parc does the same, and also refuses
 * a bounded repeat ({m,n}) of repeats nested two deep and patterns whose
 * repeats expand past SUDOERS_REGEX_MAX atoms (a repeated expression
 * that can match the empty string counts its repeat squared).
 */
#ifndef PARC_SUDOERS_REGEX_H
#define PARC_SUDOERS_REGEX_H

#include <regex.h>
#include <stddef.h>

#define SUDOERS_REGEX_DUP_MAX 255
#define SUDOERS_REGEX_MAX 32768
/* What all the expressions of one parse may cost together. */
#define SUDOERS_REGEX_BUDGET (4L * SUDOERS_REGEX_MAX)

/*
 * Compile pat (POSIX extended, no sub-matches) into re. budget, when not
 * NULL, is what is left of SUDOERS_REGEX_BUDGET for this parse; the
 * pattern's cost is taken from it. Returns 0, or -1 with a message in
 * msg (re then needs no regfree()).
 */
int sudoers_regcomp(regex_t *re, const char *pat, long *budget, char *msg,
    size_t msglen);

#endif
