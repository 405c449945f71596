/*
 * sudoers_lex.h - the sudoers tokeniser (as sudo's toke.l).
 *
 * A hand-written scanner that follows flex's rule of sudo's toke.l: at
 * each point the longest token wins, ties go to the rule listed first,
 * and the scanner's state (after Defaults, inside a command's arguments,
 * after CWD=, ...) decides which rules apply. Positions are the physical
 * line and the 1-based byte column where a token starts, as visudo
 * reports them.
 */
#ifndef PARC_SUDOERS_LEX_H
#define PARC_SUDOERS_LEX_H

#include <stddef.h>

#include "sync/sudoers_tree.h"

enum stok {
	ST_EOF,
	ST_NL,
	ST_ERROR,   /* lexer error: text in lx->errstr */
	ST_NOMATCH, /* a character no rule takes */
	ST_WORD,
	ST_ALIAS,
	ST_ALL,
	ST_NETGROUP,
	ST_USERGROUP,
	ST_NTWKADDR,
	ST_COMMAND,
	ST_DEFVAR,
	ST_DIGEST,
	ST_COMMA,
	ST_EQ,
	ST_COLON,
	ST_LPAREN,
	ST_RPAREN,
	ST_BANG,
	ST_PLUSEQ,
	ST_MINUSEQ,
	ST_DEFAULTS,
	ST_DEFAULTS_USER,
	ST_DEFAULTS_RUNAS,
	ST_DEFAULTS_HOST,
	ST_DEFAULTS_CMND,
	ST_USERALIAS,
	ST_RUNASALIAS,
	ST_HOSTALIAS,
	ST_CMNDALIAS,
	ST_INCLUDE,
	ST_INCLUDEDIR,
	ST_TAG, /* val = enum sudoers_tag, on = 1 or 0 */
	ST_CWD,
	ST_CHROOT,
	ST_TIMEOUT,
	ST_NOTBEFORE,
	ST_NOTAFTER,
	ST_ROLE,
	ST_TYPE,
	ST_APPARMOR,
	ST_SHA224,
	ST_SHA256,
	ST_SHA384,
	ST_SHA512,
};

struct stoken {
	enum stok type;
	int line, col;
	int tag, on; /* ST_TAG */
	char *str;   /* WORD, ALIAS, groups, DEFVAR, DIGEST; command path */
	char *args;  /* ST_COMMAND: arguments or NULL */
};

struct sudoers_lexer {
	struct sudoers_tree *tree; /* strings are allocated in its arena */
	const char *buf;	   /* the file, ending in '\n' */
	size_t len, pos;
	int line;
	size_t line_start;
	int state;
	int bol, continued;
	int digest_len; /* bytes of the digest the WANTDIGEST state wants */
	const char *errstr;
};

/*
 * Start scanning buf (len bytes; it must end in '\n' and hold no NUL).
 * Strings of the tokens are allocated in t.
 */
void sudoers_lex_init(struct sudoers_lexer *lx, struct sudoers_tree *t,
    const char *buf, size_t len);

/* The next token into tok. ST_EOF at the end, again and again. */
void sudoers_lex(struct sudoers_lexer *lx, struct stoken *tok);

/* A name for a token in messages ("end of line", "'='", "word"). */
const char *sudoers_tok_name(enum stok t);

#endif
