/*
 * sudoers_parser.h - inside the sudoers parser (not for its callers: they
 * include sudoers.h): the state of one file's parse, shared by the grammar
 * (sudoers_gram.c) and the includes (sudoers_include.c), which parse an
 * included file with a parser of its own that shares the tree, the alias
 * names and the regular expression budget.
 */
#ifndef PARC_SUDOERS_PARSER_H
#define PARC_SUDOERS_PARSER_H

#include <stddef.h>

#include "lib/err.h"
#include "lib/strhash.h"
#include "sync/sudoers.h"
#include "sync/sudoers_lex.h"

/* How deep includes may nest, as sudo's limit. */
#define MAX_INCLUDE_DEPTH 128

/* One file being parsed. */
struct parser {
	struct sudoers_tree *t;
	const struct sudoers_opts *o;
	struct sudoers_lexer lx;
	const char *file;
	struct stoken tok[2]; /* current token and one of look-ahead */
	int ntok;
	struct err *e;
	struct err *defs_err; /* the first bad Defaults value, if any */
	int depth;
	/* The files being read, outermost first, for loop detection. */
	char **stack;
	/*
	 * The names of the aliases defined so far, one set per type
	 * (borrowed from the tree); includes share them.
	 */
	struct strhash *alias_names;
	/* What regular expressions may still cost (sudoers_regex.h). */
	long regex_budget;
};

/*
 * Parse len bytes of buf, the file name (a string of ps->t), into ps->t:
 * lines read as sudo reads them (a NUL ends its line, a last newline is
 * added). Returns 0, or a negative value once ps->e holds
 * "FILE:LINE:COL: message" and its code.
 */
int sudoers_gram_buffer(struct parser *ps, const char *name, const char *buf,
    size_t len);

#endif
