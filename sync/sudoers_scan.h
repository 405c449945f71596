/*
 * sudoers_scan.h - the named patterns of sudo's toke.l (WORD, ID, PATH,
 * REGEX, ALIAS, IPV4ADDR, IPV6ADDR, a continuation, a comment), for the
 * tokeniser (sudoers_lex.c). Each scan_X(p) returns how many bytes X
 * matches at p (0: no match), the longest match as flex takes it, so the
 * tokeniser's longest-match decisions read like the rule list they
 * imitate. p is NUL-terminated (the scanner looks ahead); nothing is
 * allocated.
 */
#ifndef PARC_SUDOERS_SCAN_H
#define PARC_SUDOERS_SCAN_H

#include <stddef.h>

/* A blank as toke.l's [ \t]. */
static inline int
scan_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* WORD: ([^#>!=:,() \t\r\n\\"]|\\[^\t\n])+ */
size_t scan_word(const char *p);

/* ID: #-?[0-9]+ (a uid or gid). */
size_t scan_id(const char *p);

/* PATH: /(\\[,:= \t#]|[^,:=\\ \t\r\n#])+ */
size_t scan_path(const char *p);

/* REGEX: \^([^#\r\n$]|\\[#$])*\$, the longest such prefix. */
size_t scan_regex(const char *p);

/* ALIAS: [A-Z][A-Z0-9_]* */
size_t scan_alias(const char *p);

/* An IPv4 address with an optional /mask or /bits. */
size_t scan_ipv4net(const char *p);

/* An IPv6 address (with an embedded IPv4 one or not), optional /bits. */
size_t scan_ipv6net(const char *p);

/*
 * Is the n bytes at p (what scan_ipv6net() matched) a real IPv6 address,
 * by inet_pton(3)? The pattern lets some through that are not.
 */
int scan_ipv6_ok(const char *p, size_t n);

/* A "\ \t...\n" continuation at p: its length, 0 if none. */
size_t scan_cont(const char *p);

/*
 * A comment at p, in the states that have the comment rule ("#" not
 * followed by a uid: "#1000" is an ID)?
 */
int scan_comment(const char *p);

#endif
