/*
 * sudoers_lex.c - the sudoers tokeniser; see sudoers_lex.h.
 *
 * sudoers_lex() is toke.l's state machine: at each position it tries the
 * rules of its state, with the patterns of sudoers_scan.h (each returns
 * how many bytes it would match, so the longest-match decisions read like
 * the rule list they imitate), and makes the token (sudo's fill()).
 */
#include <ctype.h>
#include <string.h>

#include "lib/sb.h"
#include "sync/sudoers_lex.h"
#include "sync/sudoers_scan.h"

enum {
	L_INITIAL,
	L_GOTDEFS,
	L_STARTDEFS,
	L_INDEFS,
	L_WANTDIGEST,
	L_GOTINC,
	L_EXPECTPATH,
};

void
sudoers_lex_init(struct sudoers_lexer *lx, struct sudoers_tree *t,
    const char *buf, size_t len)
{
	memset(lx, 0, sizeof(*lx));
	lx->tree = t;
	lx->buf = buf;
	lx->len = len;
	lx->line = 1;
	lx->bol = 1;
	lx->state = L_INITIAL;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* sudo's fill(): copy n bytes, "\xHH" to the byte, "\c" to c. */
static char *
fill(struct sudoers_lexer *lx, const char *p, size_t n)
{
	char *s = sudoers_alloc(lx->tree, n + 1), *d = s;
	size_t i;
	int h, l;

	for (i = 0; i < n; i++) {
		if (p[i] == '\\' && i + 1 < n) {
			if (p[i + 1] == 'x' && i + 3 < n &&
			    (h = hexval((unsigned char)p[i + 2])) >= 0 &&
			    (l = hexval((unsigned char)p[i + 3])) >= 0) {
				*d++ = (char)(h << 4 | l);
				i += 3;
			} else {
				*d++ = p[++i];
			}
		} else {
			*d++ = p[i];
		}
	}
	*d = '\0';
	return s;
}

/* sudo's fill_cmnd(): drop the backslash before , : = space tab #. */
static char *
fill_cmnd(struct sudoers_lexer *lx, const char *p, size_t n)
{
	char *s = sudoers_alloc(lx->tree, n + 1), *d = s;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '\\' && i + 1 < n &&
		    strchr(",:= \t#", p[i + 1]) != NULL)
			i++;
		*d++ = p[i];
	}
	*d = '\0';
	return s;
}

static void
newline(struct sudoers_lexer *lx, size_t after)
{
	lx->line++;
	lx->line_start = after;
}

/*
 * The arguments of a command (toke.l's GOTCMND and GOTREGEX states),
 * from lx->pos up to the end of the command. Returns 0, or -1 with
 * lx->errstr set.
 */
static int
scan_args(struct sudoers_lexer *lx, struct stoken *tok)
{
	const char *b = lx->buf;
	struct sb args = SB_INIT;
	int sawspace = 0, have = 0, rc = 0, cont_col = 0;
	size_t n;

#define ADDARG(p, k)                         \
	do {                                 \
		if (have && sawspace)        \
			sb_addc(&args, ' '); \
		sb_add(&args, (p), (k));     \
		have = 1;                    \
		sawspace = 0;                \
	} while (0)

	for (;;) {
		const char *p = b + lx->pos;

		if ((n = scan_cont(p)) != 0) {
			cont_col = (int)(lx->pos - lx->line_start) + 1;
			lx->pos += n;
			newline(lx, lx->pos);
			lx->continued = 1;
			sawspace = 1;
		} else if (scan_blank(*p)) {
			lx->pos++;
			sawspace = 1;
		} else if (*p == '\\' && p[1] != '\0' &&
		    strchr("*?[]!^", p[1]) != NULL) {
			ADDARG(p, 2);
			lx->pos += 2;
		} else if (*p == '\\' && p[1] != '\0' &&
		    strchr(":\\,= \t#", p[1]) != NULL) {
			ADDARG(p + 1, 1);
			lx->pos += 2;
		} else if (*p == '\0') {
			/*
			 * After a continuation at the end of the file: sudo
			 * sees the end before the command, at the backslash.
			 */
			lx->errstr = NULL;
			tok->line = lx->line;
			tok->col = cont_col;
			rc = -1;
			break;
		} else if (strchr("#:,\r\n", *p) != NULL ||
		    (*p == '=' &&
			(p[1] == '\0' ||
			    strchr("#\\:, \t\r\n", p[1]) != NULL))) {
			/*
			 * The end of the command. A '=' ends it only alone:
			 * "=b" is the longer match, an argument.
			 */
			break;
		} else if (*p == '\\') {
			lx->errstr = NULL;
			rc = -1;
			break;
		} else if (*p == '^' && !have) {
			/* A regular expression: up to an unescaped '$'. */
			if (have && sawspace)
				sb_addc(&args, ' ');
			have = 1;
			for (;;) {
				p = b + lx->pos;
				if ((n = scan_cont(p)) != 0) {
					lx->pos += n;
					newline(lx, lx->pos);
					while (scan_blank(b[lx->pos]))
						lx->pos++;
				} else if (*p == '\\' && p[1] != '\0' &&
				    p[1] != '\r' && p[1] != '\n') {
					sb_add(&args, p, 2);
					lx->pos += 2;
				} else if (*p == '$') {
					sb_addc(&args, '$');
					lx->pos++;
					break;
				} else if (*p == '\0' ||
				    strchr("#\r\n", *p) != NULL) {
					lx->errstr =
					    "unterminated regular expression";
					rc = -1;
					goto out;
				} else {
					sb_addc(&args, *p);
					lx->pos++;
				}
			}
			break;
		} else {
			n = 0;
			while (p[n] != '\0' &&
			    strchr("#\\:, \t\r\n", p[n]) == NULL)
				n++;
			ADDARG(p, n);
			lx->pos += n;
		}
	}
out:
	if (rc == 0 && have)
		tok->args = sudoers_strndup(lx->tree, args.buf, args.len);
	sb_release(&args);
	return rc;
#undef ADDARG
}

/*
 * A double-quoted string from just after the opening quote (toke.l's
 * INSTR): "\"" is a quote, other backslashes stay, "\<newline>" joins
 * lines. Returns 0 with *out set, or -1 with lx->errstr.
 */
static int
scan_string(struct sudoers_lexer *lx, char **out)
{
	const char *b = lx->buf;
	struct sb s = SB_INIT;
	size_t n;
	int rc = 0;

	for (;;) {
		const char *p = b + lx->pos;

		if (*p == '\\' && (n = scan_cont(p)) != 0) {
			lx->pos += n;
			newline(lx, lx->pos);
			lx->continued = 1;
			while (scan_blank(b[lx->pos]))
				lx->pos++;
		} else if (*p == '\\' && p[1] == '"') {
			sb_addc(&s, '"');
			lx->pos += 2;
		} else if (*p == '"') {
			lx->pos++;
			break;
		} else if (*p == '\n' || *p == '\r' || *p == '\0') {
			lx->errstr = "unexpected line break in string";
			rc = -1;
			goto out;
		} else {
			sb_addc(&s, *p);
			lx->pos++;
		}
	}
	if (s.len == 0) {
		lx->errstr = "empty string";
		rc = -1;
		goto out;
	}
	*out = sudoers_strndup(lx->tree, s.buf, s.len);
out:
	sb_release(&s);
	return rc;
}

static const struct {
	const char *name;
	int tag, on;
} tags[] = {
	{ "NOPASSWD", TAG_NOPASSWD, 1 },
	{ "PASSWD", TAG_NOPASSWD, 0 },
	{ "NOEXEC", TAG_NOEXEC, 1 },
	{ "EXEC", TAG_NOEXEC, 0 },
	{ "INTERCEPT", TAG_INTERCEPT, 1 },
	{ "NOINTERCEPT", TAG_INTERCEPT, 0 },
	{ "SETENV", TAG_SETENV, 1 },
	{ "NOSETENV", TAG_SETENV, 0 },
	{ "LOG_OUTPUT", TAG_LOG_OUTPUT, 1 },
	{ "NOLOG_OUTPUT", TAG_LOG_OUTPUT, 0 },
	{ "LOG_INPUT", TAG_LOG_INPUT, 1 },
	{ "NOLOG_INPUT", TAG_LOG_INPUT, 0 },
	{ "MAIL", TAG_SEND_MAIL, 1 },
	{ "NOMAIL", TAG_SEND_MAIL, 0 },
	{ "FOLLOW", TAG_FOLLOW, 1 },
	{ "NOFOLLOW", TAG_FOLLOW, 0 },
};

/* Keywords of the INITIAL state that tie with ALIAS and win. */
static const struct {
	const char *name;
	enum stok tok;
	int expectpath;
} keywords[] = {
	{ "TIMEOUT", ST_TIMEOUT, 0 },
	{ "NOTBEFORE", ST_NOTBEFORE, 0 },
	{ "NOTAFTER", ST_NOTAFTER, 0 },
	{ "CWD", ST_CWD, 1 },
	{ "CHROOT", ST_CHROOT, 1 },
	{ "ROLE", ST_ROLE, 0 },
	{ "TYPE", ST_TYPE, 0 },
	{ "APPARMOR_PROFILE", ST_APPARMOR, 0 },
};

static int
digest_bytes(enum stok t)
{
	switch (t) {
	case ST_SHA224:
		return 28;
	case ST_SHA256:
		return 32;
	case ST_SHA384:
		return 48;
	default:
		return 64;
	}
}

/* "Defaults" or an alias keyword at the start of a line. */
static int
scan_bol_keyword(struct sudoers_lexer *lx, struct stoken *tok)
{
	const char *p = lx->buf + lx->pos, *q;
	size_t n = 0, k;
	static const struct {
		const char *kw;
		enum stok tok;
	} al[] = {
		{ "Host_Alias", ST_HOSTALIAS },
		{ "Cmnd_Alias", ST_CMNDALIAS },
		{ "Cmd_Alias", ST_CMNDALIAS },
		{ "User_Alias", ST_USERALIAS },
		{ "Runas_Alias", ST_RUNASALIAS },
	};
	size_t i;

	while (scan_blank(p[n]))
		n++;
	q = p + n;
	for (i = 0; i < sizeof(al) / sizeof(al[0]); i++) {
		k = strlen(al[i].kw);
		if (strncmp(q, al[i].kw, k) == 0 && scan_word(q) <= k) {
			tok->col = (int)(lx->pos + n - lx->line_start) + 1;
			lx->pos += n + k;
			return tok->type = al[i].tok;
		}
	}
	if (strncmp(q, "Defaults", 8) != 0)
		return 0;
	k = 8;
	if (q[k] != '\0' && strchr(":@>!", q[k]) != NULL) {
		size_t m = k + 1, w;

		while (scan_blank(q[m]))
			m++;
		w = m;
		while (q[w] == '!')
			w++;
		if (q[w] == '"')
			w++;
		if (scan_id(q + w) || scan_word(q + w)) {
			tok->col = (int)(lx->pos + n - lx->line_start) + 1;
			switch (q[k]) {
			case ':':
				tok->type = ST_DEFAULTS_USER;
				break;
			case '>':
				tok->type = ST_DEFAULTS_RUNAS;
				break;
			case '@':
				tok->type = ST_DEFAULTS_HOST;
				break;
			default:
				tok->type = ST_DEFAULTS_CMND;
				break;
			}
			lx->pos += n + m;
			lx->state = L_GOTDEFS;
			return tok->type;
		}
	}
	if (scan_word(q) > k)
		return 0;
	tok->col = (int)(lx->pos + n - lx->line_start) + 1;
	lx->pos += n + k;
	lx->state = L_GOTDEFS;
	return tok->type = ST_DEFAULTS;
}

/* A comment from '#' to the end of the line, newline included. */
static void
skip_comment(struct sudoers_lexer *lx, struct stoken *tok)
{
	const char *b = lx->buf;

	while (b[lx->pos] != '\n' && b[lx->pos] != '\0')
		lx->pos++;
	tok->type = ST_NL;
	if (b[lx->pos] == '\n') {
		lx->pos++;
		newline(lx, lx->pos);
	}
	lx->state = L_INITIAL;
	lx->continued = 0;
	lx->bol = 1;
}

void
sudoers_lex(struct sudoers_lexer *lx, struct stoken *tok)
{
	const char *b = lx->buf, *p;
	size_t n, w, k, i;
	int st, bol;

	memset(tok, 0, sizeof(*tok));
again:
	p = b + lx->pos;
	st = lx->state;
	bol = lx->bol;
	lx->bol = 0;
	tok->line = lx->line;
	tok->col = (int)(lx->pos - lx->line_start) + 1;

	if (lx->pos >= lx->len || *p == '\0') {
		tok->type = ST_EOF;
		return;
	}
	if (*p == '\n' || (*p == '\r' && p[1] == '\n')) {
		lx->pos += *p == '\r' ? 2 : 1;
		newline(lx, lx->pos);
		lx->state = L_INITIAL;
		lx->continued = 0;
		lx->bol = 1;
		tok->type = ST_NL;
		return;
	}
	if ((n = scan_cont(p)) != 0) {
		lx->pos += n;
		newline(lx, lx->pos);
		lx->continued = 1;
		lx->bol = 1;
		goto again;
	}
	/* Blanks, and in GOTDEFS the comma or the start of the settings. */
	if (scan_blank(*p)) {
		if (st == L_INITIAL && bol && scan_bol_keyword(lx, tok))
			goto keyword;
		n = 0;
		while (scan_blank(p[n]))
			n++;
		if (st == L_GOTDEFS) {
			if (p[n] == ',') {
				n++;
				while (scan_blank(p[n]))
					n++;
				lx->pos += n;
				tok->type = ST_COMMA;
				return;
			}
			lx->state = L_STARTDEFS;
		}
		lx->pos += n;
		lx->bol = bol;
		goto again;
	}
	if (*p == '!') {
		for (n = 0; p[n] == '!'; n++)
			;
		lx->pos += n;
		if (n & 1) {
			tok->type = ST_BANG;
			return;
		}
		goto again;
	}

	switch (st) {
	case L_STARTDEFS:
		if (scan_comment(p)) {
			skip_comment(lx, tok);
			return;
		}
		for (n = 0; (p[n] >= 'a' && p[n] <= 'z') || p[n] == '_'; n++)
			;
		if (n == 0)
			goto nomatch;
		tok->str = sudoers_strndup(lx->tree, p, n);
		lx->pos += n;
		lx->state = L_INDEFS;
		tok->type = ST_DEFVAR;
		return;
	case L_INDEFS:
		if (scan_comment(p)) {
			skip_comment(lx, tok);
			return;
		}
		if (*p == ',') {
			lx->pos++;
			lx->state = L_STARTDEFS;
			tok->type = ST_COMMA;
			return;
		}
		if (*p == '=') {
			lx->pos++;
			tok->type = ST_EQ;
			return;
		}
		if ((*p == '+' || *p == '-') && p[1] == '=') {
			lx->pos += 2;
			tok->type = *p == '+' ? ST_PLUSEQ : ST_MINUSEQ;
			return;
		}
		if (*p == '"') {
			lx->pos++;
			if (scan_string(lx, &tok->str) < 0)
				goto error;
			tok->type = ST_WORD;
			return;
		}
		/* ENVAR */
		n = 0;
		for (;;) {
			if (p[n] == '\\' && p[n + 1] != '\r' &&
			    p[n + 1] != '\n' && p[n + 1] != '\0')
				n += 2;
			else if (p[n] != '\0' &&
			    strchr("#=, \t\r\n\\\"", p[n]) == NULL)
				n++;
			else
				break;
		}
		if (n == 0)
			goto nomatch;
		tok->str = fill(lx, p, n);
		lx->pos += n;
		tok->type = ST_WORD;
		return;
	case L_GOTINC:
		if (*p == '"') {
			lx->pos++;
			if (scan_string(lx, &tok->str) < 0)
				goto error;
			lx->state = L_INITIAL;
			tok->type = ST_WORD;
			return;
		}
		n = 0;
		while (p[n] != '\0' && !isspace((unsigned char)p[n])) {
			if (p[n] == '\\' && scan_blank(p[n + 1]))
				n++;
			n++;
		}
		tok->str = fill(lx, p, n);
		lx->pos += n;
		lx->state = L_INITIAL;
		tok->type = ST_WORD;
		return;
	default:
		break;
	}

	/* INITIAL, GOTDEFS and the inclusive WANTDIGEST and EXPECTPATH. */
	if (st == L_INITIAL) {
		if (bol && scan_bol_keyword(lx, tok))
			goto keyword;
		if (*p == '#' && bol &&
		    (strncmp(p, "#includedir", 11) == 0 ||
			strncmp(p, "#include", 8) == 0)) {
			/* "#included" at the end of the buffer: not past it */
			k = strncmp(p, "#includedir", 11) == 0 ? 11 : 8;
			if (scan_blank(p[k])) {
				if (lx->continued)
					goto badcont;
				lx->pos += k;
				lx->state = L_GOTINC;
				tok->type =
				    k == 11 ? ST_INCLUDEDIR : ST_INCLUDE;
				return;
			}
		}
		if (*p == '@' && strncmp(p, "@include", 8) == 0) {
			k = strncmp(p, "@includedir", 11) == 0 ? 11 : 8;
			if (scan_word(p) <= k) {
				if (lx->continued)
					goto badcont;
				lx->pos += k;
				lx->state = L_GOTINC;
				tok->type =
				    k == 11 ? ST_INCLUDEDIR : ST_INCLUDE;
				return;
			}
		}
		if (scan_comment(p)) {
			skip_comment(lx, tok);
			return;
		}
	}
	if (st == L_WANTDIGEST && *p == ':') {
		lx->pos++;
		tok->type = ST_COLON;
		return;
	}
	if (st == L_WANTDIGEST) {
		lx->state = L_INITIAL;
		for (n = 0; isalnum((unsigned char)p[n]) || p[n] == '+' ||
		     p[n] == '/' || p[n] == '=';
		     n++)
			;
		for (k = 0; isxdigit((unsigned char)p[k]); k++)
			;
		if (n > 0 && k == n) {
			if (n == (size_t)lx->digest_len * 2)
				goto digest;
		} else if (n > 0) {
			w = p[n - 1] == '=' ? 4 * ((lx->digest_len + 2) / 3)
					    : (4 * lx->digest_len + 2) / 3;
			if (n == w)
				goto digest;
		}
		st = L_INITIAL;
	}

	w = scan_word(p);
	/* Tags: NAME[[:blank:]]*: */
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		k = strlen(tags[i].name);
		if (strncmp(p, tags[i].name, k) != 0)
			continue;
		while (scan_blank(p[k]))
			k++;
		if (p[k] == ':') {
			lx->pos += k + 1;
			tok->type = ST_TAG;
			tok->tag = tags[i].tag;
			tok->on = tags[i].on;
			return;
		}
	}
	/* A lone "+", "%" or "%:" is an error of its own. */
	if (st == L_INITIAL || st == L_GOTDEFS) {
		if (*p == '+' && w <= 1) {
			lx->errstr = "empty netgroup";
			goto error;
		}
		if (*p == '%') {
			k = p[1] == ':' ? 2 : 1;
			if (scan_word(p + k) == 0 && scan_id(p + k) == 0) {
				lx->errstr = "empty group";
				goto error;
			}
		}
	}
	if (*p == '+' && w > 1) {
		tok->str = fill(lx, p, w);
		lx->pos += w;
		tok->type = ST_NETGROUP;
		return;
	}
	if (*p == '%') {
		k = p[1] == ':' ? 2 : 1;
		n = scan_word(p + k);
		if ((i = scan_id(p + k)) > n)
			n = i;
		if (n > 0 && k + n >= w) {
			tok->str = fill(lx, p, k + n);
			lx->pos += k + n;
			tok->type = ST_USERGROUP;
			return;
		}
	}
	n = scan_ipv4net(p);
	if (n > 0 && n >= w) {
		tok->str = sudoers_strndup(lx->tree, p, n);
		lx->pos += n;
		tok->type = ST_NTWKADDR;
		return;
	}
	n = scan_ipv6net(p);
	if (n > 0 && n >= w) {
		if (!scan_ipv6_ok(p, n)) {
			lx->errstr = "invalid IPv6 address";
			goto error;
		}
		tok->str = sudoers_strndup(lx->tree, p, n);
		lx->pos += n;
		tok->type = ST_NTWKADDR;
		return;
	}
	if (strncmp(p, "ALL", 3) == 0 && w <= 3 && scan_alias(p) <= 3) {
		lx->pos += 3;
		tok->type = ST_ALL;
		return;
	}
	k = scan_alias(p);
	if (k > 0 && k >= w) {
		if (st == L_INITIAL) {
			for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]);
			     i++) {
				if (strlen(keywords[i].name) == k &&
				    strncmp(p, keywords[i].name, k) == 0) {
					lx->pos += k;
					if (keywords[i].expectpath)
						lx->state = L_EXPECTPATH;
					tok->type = keywords[i].tok;
					return;
				}
			}
		}
		tok->str = sudoers_strndup(lx->tree, p, k);
		lx->pos += k;
		tok->type = ST_ALIAS;
		return;
	}
	if (st == L_GOTDEFS) {
		n = scan_path(p);
		if ((k = scan_regex(p)) > n)
			n = k;
		if (strncmp(p, "sudoedit", 8) == 0 && n < 8 && w <= 8)
			n = 8;
		if (n > 0 && n >= w) {
			tok->str = fill_cmnd(lx, p, n);
			lx->pos += n;
			tok->type = ST_COMMAND;
			return;
		}
	}
	if (strncmp(p, "sha", 3) == 0 && w == 6 &&
	    (strncmp(p + 3, "224", 3) == 0 || strncmp(p + 3, "256", 3) == 0 ||
		strncmp(p + 3, "384", 3) == 0 ||
		strncmp(p + 3, "512", 3) == 0)) {
		tok->type = p[3] == '2' ? (p[4] == '2' ? ST_SHA224 : ST_SHA256)
		    : p[3] == '3'	? ST_SHA384
					: ST_SHA512;
		lx->digest_len = digest_bytes(tok->type);
		lx->pos += 6;
		lx->state = L_WANTDIGEST;
		return;
	}
	if (strncmp(p, "sudoedit", 8) == 0 && w == 8) {
		tok->str = sudoers_strndup(lx->tree, p, 8);
		lx->pos += 8;
		tok->type = ST_COMMAND;
		if (scan_args(lx, tok) < 0)
			goto error;
		return;
	}
	if (st == L_EXPECTPATH && *p == '=') {
		lx->pos++;
		tok->type = ST_EQ;
		return;
	}
	if (st == L_EXPECTPATH) {
		lx->state = L_INITIAL;
		if (*p == '"') {
			/* sudo 1.9.14 and later take a quoted path here. */
			lx->pos++;
			if (scan_string(lx, &tok->str) < 0)
				goto error;
			tok->type = ST_WORD;
			return;
		}
		n = scan_path(p);
		if (w > n)
			n = w;
		if (n > 0) {
			tok->str = fill(lx, p, n);
			lx->pos += n;
			tok->type = ST_WORD;
			return;
		}
	}
	n = scan_path(p);
	if (n > 0 && n >= w) {
		tok->str = fill_cmnd(lx, p, n);
		lx->pos += n;
		tok->type = ST_COMMAND;
		if (p[n - 1] == '/')
			return;
		if (scan_args(lx, tok) < 0)
			goto error;
		return;
	}
	n = scan_regex(p);
	if (n > 0 && n >= w) {
		tok->str = sudoers_strndup(lx->tree, p, n);
		lx->pos += n;
		tok->type = ST_COMMAND;
		if (scan_args(lx, tok) < 0)
			goto error;
		return;
	}
	if ((st == L_INITIAL || st == L_GOTDEFS) && *p == '"') {
		lx->pos++;
		if (scan_string(lx, &tok->str) < 0)
			goto error;
		tok->type = ST_WORD;
		if (tok->str[0] == '%') {
			if (tok->str[1] == '\0' ||
			    (tok->str[1] == ':' && tok->str[2] == '\0')) {
				lx->errstr = "empty group";
				goto error;
			}
			tok->type = ST_USERGROUP;
		} else if (tok->str[0] == '+') {
			if (tok->str[1] == '\0') {
				lx->errstr = "empty netgroup";
				goto error;
			}
			tok->type = ST_NETGROUP;
		}
		return;
	}
	if (st == L_INITIAL || st == L_GOTDEFS) {
		n = scan_id(p);
		if (w > n)
			n = w;
		if (n > 0) {
			tok->str = fill(lx, p, n);
			lx->pos += n;
			tok->type = ST_WORD;
			return;
		}
	}
	switch (*p) {
	case '(':
		tok->type = ST_LPAREN;
		break;
	case ')':
		tok->type = ST_RPAREN;
		break;
	case ',':
		tok->type = ST_COMMA;
		if (st == L_GOTDEFS) {
			/* GOTDEFS takes the blanks after a comma with it. */
			while (scan_blank(p[1]))
				p++, lx->pos++;
		}
		break;
	case '=':
		tok->type = ST_EQ;
		break;
	case ':':
		tok->type = ST_COLON;
		break;
	default:
		goto nomatch;
	}
	lx->pos++;
	return;

keyword:
	tok->line = lx->line;
	if (lx->continued) {
		lx->errstr = "invalid line continuation";
		tok->type = ST_ERROR;
	}
	return;
digest:
	tok->str = sudoers_strndup(lx->tree, p, n);
	lx->pos += n;
	tok->type = ST_DIGEST;
	return;
badcont:
	lx->errstr = "invalid line continuation";
error:
	tok->type = ST_ERROR;
	return;
nomatch:
	lx->pos++;
	tok->type = ST_NOMATCH;
}

const char *
sudoers_tok_name(enum stok t)
{
	switch (t) {
	case ST_EOF:
		return "end of file";
	case ST_NL:
		return "end of line";
	case ST_COMMA:
		return "','";
	case ST_EQ:
		return "'='";
	case ST_COLON:
		return "':'";
	case ST_LPAREN:
		return "'('";
	case ST_RPAREN:
		return "')'";
	case ST_BANG:
		return "'!'";
	case ST_COMMAND:
		return "command";
	case ST_ALIAS:
		return "alias";
	default:
		return "token";
	}
}
