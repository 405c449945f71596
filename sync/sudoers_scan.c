/*
 * sudoers_scan.c - the named patterns of sudo's toke.l as functions; see
 * sudoers_scan.h.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>

#include "sync/sudoers_scan.h"

/* One character of sudo's WORD pattern at p (1 or 2 bytes), or 0. */
static size_t
word_char(const char *p)
{
	if (p[0] == '\\')
		return (p[1] != '\t' && p[1] != '\n' && p[1] != '\0') ? 2 : 0;
	if (strchr("#>!=:,() \t\r\n\"", p[0]) != NULL || p[0] == '\0')
		return 0;
	return 1;
}

/* WORD: ([^#>!=:,() \t\r\n\\"]|\\[^\t\n])+ */
size_t
scan_word(const char *p)
{
	size_t n = 0, k;

	while ((k = word_char(p + n)) != 0)
		n += k;
	return n;
}

/* ID: #-?[0-9]+ */
size_t
scan_id(const char *p)
{
	size_t n = 1;

	if (p[0] != '#')
		return 0;
	if (p[n] == '-')
		n++;
	if (!isdigit((unsigned char)p[n]))
		return 0;
	while (isdigit((unsigned char)p[n]))
		n++;
	return n;
}

/* PATH: /(\\[,:= \t#]|[^,:=\\ \t\r\n#])+ */
size_t
scan_path(const char *p)
{
	size_t n = 1;

	if (p[0] != '/')
		return 0;
	for (;;) {
		if (p[n] == '\\' && p[n + 1] != '\0' &&
		    strchr(",:= \t#", p[n + 1]) != NULL)
			n += 2;
		else if (p[n] != '\0' && strchr(",:=\\ \t\r\n#", p[n]) == NULL)
			n++;
		else
			break;
	}
	return n > 1 ? n : 0;
}

/* REGEX: \^([^#\r\n$]|\\[#$])*\$, the longest such prefix. */
size_t
scan_regex(const char *p)
{
	size_t n = 1, best = 0;

	if (p[0] != '^')
		return 0;
	for (;;) {
		if (p[n] == '\\' && (p[n + 1] == '#' || p[n + 1] == '$')) {
			if (p[n + 1] == '$')
				best = n + 2;
			n += 2;
		} else if (p[n] == '$') {
			best = n + 1;
			break;
		} else if (p[n] == '\0' || strchr("#\r\n", p[n]) != NULL) {
			break;
		} else {
			n++;
		}
	}
	return best;
}

/* ALIAS: [A-Z][A-Z0-9_]* */
size_t
scan_alias(const char *p)
{
	size_t n = 0;

	if (!isupper((unsigned char)p[0]))
		return 0;
	while (isupper((unsigned char)p[n]) || isdigit((unsigned char)p[n]) ||
	    p[n] == '_')
		n++;
	return n;
}

/* OCTET: 1?[0-9]{1,2} | 2[0-4][0-9] | 25[0-5], the longest. */
static size_t
scan_octet(const char *p)
{
	size_t n = 0;
	int v = 0;

	while (n < 3 && isdigit((unsigned char)p[n])) {
		v = v * 10 + (p[n] - '0');
		n++;
	}
	while (n > 0 && (v > 255 || (n == 3 && p[0] != '1' && p[0] != '2'))) {
		n--;
		v /= 10;
	}
	return n;
}

static size_t
scan_ipv4(const char *p)
{
	size_t n, k;
	int i;

	if ((n = scan_octet(p)) == 0)
		return 0;
	for (i = 0; i < 3; i++) {
		if (p[n] != '.' || (k = scan_octet(p + n + 1)) == 0)
			return 0;
		n += k + 1;
	}
	return n;
}

/* IPv4 address with an optional /mask or /bits. */
size_t
scan_ipv4net(const char *p)
{
	size_t n = scan_ipv4(p), k;

	if (n == 0)
		return 0;
	if (p[n] == '/') {
		if ((k = scan_ipv4(p + n + 1)) != 0)
			return n + 1 + k;
		if (isdigit((unsigned char)p[n + 1])) {
			k = isdigit((unsigned char)p[n + 2]) ? 2 : 1;
			if (k == 2 &&
			    (p[n + 1] - '0') * 10 + (p[n + 2] - '0') > 32)
				k = 1;
			return n + 1 + k;
		}
	}
	return n;
}

static size_t
scan_hex16(const char *p)
{
	size_t n = 0;

	while (n < 4 && isxdigit((unsigned char)p[n]))
		n++;
	return n;
}

/* ({HEX16}?:){2,7}{HEX16}? or ({HEX16}?:){2,6}:{IPV4ADDR}, longest. */
static size_t
scan_ipv6(const char *p)
{
	size_t n = 0, k, best = 0;
	int groups = 0;

	for (;;) {
		k = scan_hex16(p + n);
		if (p[n + k] != ':')
			break;
		n += k + 1;
		groups++;
		if (groups >= 2 && groups <= 7) {
			k = scan_hex16(p + n);
			if (n + k > best)
				best = n + k;
			if (groups <= 6 && p[n] == ':' &&
			    (k = scan_ipv4(p + n + 1)) != 0 && n + 1 + k > best)
				best = n + 1 + k;
		}
		if (groups == 7)
			break;
	}
	return best;
}

size_t
scan_ipv6net(const char *p)
{
	size_t n = scan_ipv6(p), k;

	if (n == 0)
		return 0;
	if (p[n] == '/') {
		if ((k = scan_ipv6(p + n + 1)) != 0)
			return n + 1 + k;
		k = 0;
		while (k < 3 && isdigit((unsigned char)p[n + 1 + k]))
			k++;
		if (k > 0)
			return n + 1 + k;
	}
	return n;
}

int
scan_ipv6_ok(const char *p, size_t n)
{
	char tmp[128], *slash;
	unsigned char addr[16];

	if (n >= sizeof(tmp))
		return 0;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	if ((slash = strchr(tmp, '/')) != NULL)
		*slash = '\0';
	return inet_pton(AF_INET6, tmp, addr) == 1;
}

/* At a "\ \t...\n" continuation: its length (0 if none). */
size_t
scan_cont(const char *p)
{
	size_t n = 1;

	if (p[0] != '\\')
		return 0;
	while (scan_blank(p[n]))
		n++;
	if (p[n] == '\r')
		n++;
	return p[n] == '\n' ? n + 1 : 0;
}

/* Is a comment at p in the states that have the comment rule? */
int
scan_comment(const char *p)
{
	if (p[0] != '#')
		return 0;
	if (p[1] == '-')
		return !isdigit((unsigned char)p[2]);
	return !isdigit((unsigned char)p[1]);
}
