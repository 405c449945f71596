/*
 * sudoers_gram.c - the sudoers grammar (as sudo's gram.y), by recursive
 * descent over sudoers_lex() tokens, building a struct sudoers_tree.
 *
 *	line	  := NL | include | alias_line | defaults_line | userspec
 *	userspec  := userlist privilege (':' privilege)* eol
 *	privilege := hostlist '=' cmndspec (',' cmndspec)*
 *	cmndspec  := ['(' runaslist ')'] option* tag* digest* ['!'] cmnd
 *
 * The first error stops the parse; its message is "FILE:LINE:COL: text".
 * The files an include names are found and read by sudoers_include.c,
 * which parses each with sudoers_gram_buffer() (the parser's state is in
 * sudoers_parser.h).
 */
#include <limits.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/sb.h"
#include "lib/strhash.h"
#include "sync/sudoers.h"
#include "sync/sudoers_include.h"
#include "sync/sudoers_lex.h"
#include "sync/sudoers_parser.h"
#include "sync/sudoers_regex.h"
#include "sync/sudoers_valid.h"

/* User, Runas, Host and Cmnd_Alias: enum sudoers_alias_type. */
#define NALIAS_TYPES (SA_CMND + 1)

/* ---- tokens ---- */

static struct stoken *
peek(struct parser *ps)
{
	if (ps->ntok == 0) {
		sudoers_lex(&ps->lx, &ps->tok[0]);
		ps->ntok = 1;
	}
	return &ps->tok[0];
}

static struct stoken *
peek2(struct parser *ps)
{
	peek(ps);
	if (ps->ntok == 1) {
		sudoers_lex(&ps->lx, &ps->tok[1]);
		ps->ntok = 2;
	}
	return &ps->tok[1];
}

static struct stoken
next(struct parser *ps)
{
	struct stoken t = *peek(ps);

	ps->tok[0] = ps->tok[1];
	ps->ntok--;
	return t;
}

static int
perr_at(struct parser *ps, int line, int col, const char *msg)
{
	return err_set(ps->e, PARC_EDATA, "%s:%d:%d: %s", ps->file, line, col,
	    msg);
}

/* A syntax error at the current token. */
static int
syntax(struct parser *ps)
{
	struct stoken *t = peek(ps);

	if (t->type == ST_ERROR && ps->lx.errstr != NULL) {
		char msg[256];

		snprintf(msg, sizeof(msg), "syntax error, %s", ps->lx.errstr);
		return perr_at(ps, t->line, t->col, msg);
	}
	return perr_at(ps, t->line, t->col, "syntax error");
}

static int
accept(struct parser *ps, enum stok type)
{
	if (peek(ps)->type != type)
		return 0;
	next(ps);
	return 1;
}

static int
expect(struct parser *ps, enum stok type)
{
	if (!accept(ps, type))
		return syntax(ps);
	return 0;
}

static int
eol(struct parser *ps)
{
	enum stok t = peek(ps)->type;

	if (t == ST_EOF)
		return 0;
	return expect(ps, ST_NL);
}

static void
warn(struct parser *ps, int line, int col, const char *fmt, const char *arg)
{
	char msg[512], full[1024];

	if (ps->o == NULL || ps->o->warn == NULL)
		return;
	snprintf(msg, sizeof(msg), fmt, arg);
	snprintf(full, sizeof(full), "%s:%d:%d: %s", ps->file, line, col, msg);
	ps->o->warn(ps->o->warn_arg, full);
}

/* ---- members ---- */

static struct sudoers_member *
member_new(struct parser *ps, enum sm_type type, char *name, int negated)
{
	struct sudoers_member *m = sudoers_alloc(ps->t, sizeof(*m));

	m->type = type;
	m->name = name;
	m->negated = negated;
	return m;
}

static void
mlist_add(struct sudoers_mlist *l, struct sudoers_member *m)
{
	if (l->last != NULL)
		l->last->next = m;
	else
		l->first = m;
	l->last = m;
}

/* Kinds of list members, as gram.y's user, host, group and runas rules. */
enum mkind {
	MK_USER,  /* ALIAS ALL NETGROUP USERGROUP WORD */
	MK_HOST,  /* ALIAS ALL NETGROUP NTWKADDR WORD */
	MK_GROUP, /* ALIAS ALL WORD */
};

static int
parse_member(struct parser *ps, enum mkind k, struct sudoers_mlist *l)
{
	struct stoken t;
	int neg = 0;
	enum sm_type type;

	if (accept(ps, ST_BANG))
		neg = 1;
	t = *peek(ps);
	switch (t.type) {
	case ST_ALIAS:
		type = SM_ALIAS;
		break;
	case ST_ALL:
		type = SM_ALL;
		break;
	case ST_WORD:
		type = SM_WORD;
		break;
	case ST_NETGROUP:
		if (k == MK_GROUP)
			return syntax(ps);
		type = SM_NETGROUP;
		break;
	case ST_USERGROUP:
		if (k != MK_USER)
			return syntax(ps);
		type = SM_USERGROUP;
		break;
	case ST_NTWKADDR:
		if (k != MK_HOST)
			return syntax(ps);
		type = SM_NTWKADDR;
		break;
	default:
		return syntax(ps);
	}
	next(ps);
	mlist_add(l, member_new(ps, type, t.str, neg));
	return 0;
}

static int
parse_list(struct parser *ps, enum mkind k, struct sudoers_mlist *l)
{
	int rc;

	do {
		if ((rc = parse_member(ps, k, l)) < 0)
			return rc;
	} while (accept(ps, ST_COMMA));
	return 0;
}

/* digestspec := SHA*_TOK ':' DIGEST */
static int
parse_digests(struct parser *ps, struct sudoers_digest **out)
{
	struct sudoers_digest *d, **tail = out;
	struct stoken t;
	enum stok k;

	for (;;) {
		k = peek(ps)->type;
		if (k != ST_SHA224 && k != ST_SHA256 && k != ST_SHA384 &&
		    k != ST_SHA512)
			return 0;
		next(ps);
		if (expect(ps, ST_COLON) < 0)
			return -1;
		if (peek(ps)->type != ST_DIGEST)
			return syntax(ps);
		t = next(ps);
		d = sudoers_alloc(ps->t, sizeof(*d));
		d->type = k == ST_SHA224 ? "sha224"
		    : k == ST_SHA256	 ? "sha256"
		    : k == ST_SHA384	 ? "sha384"
					 : "sha512";
		d->value = t.str;
		*tail = d;
		tail = &d->next;
		/* "sha224:x, sha224:y /bin/ls": the list goes on. */
		if (peek(ps)->type == ST_COMMA) {
			k = peek2(ps)->type;
			if (k == ST_SHA224 || k == ST_SHA256 ||
			    k == ST_SHA384 || k == ST_SHA512)
				next(ps);
			else
				return 0;
		}
	}
}

/*
 * visudo and cvtsudoers compile a command's regular expressions (the
 * path, or the arguments when they start with '^') and refuse those that
 * fail.
 */
static int
check_regex(struct parser *ps, const struct stoken *t)
{
	const char *res[2] = { t->str, t->args };
	char msg[256];
	regex_t re;
	int i;

	for (i = 0; i < 2; i++) {
		if (res[i] == NULL || res[i][0] != '^')
			continue;
		if (sudoers_regcomp(&re, res[i], &ps->regex_budget, msg,
			sizeof(msg)) != 0)
			return perr_at(ps, t->line, t->col, msg);
		regfree(&re);
	}
	return 0;
}

/* digcmnd := digest* ['!'] (ALL | ALIAS | COMMAND | "list") */
static int
parse_cmnd(struct parser *ps, struct sudoers_member **out)
{
	struct sudoers_digest *digests = NULL;
	struct sudoers_member *m;
	struct stoken t;
	int neg = 0;

	if (parse_digests(ps, &digests) < 0)
		return -1;
	if (accept(ps, ST_BANG))
		neg = 1;
	t = *peek(ps);
	switch (t.type) {
	case ST_ALL:
		m = member_new(ps, SM_ALL, NULL, neg);
		break;
	case ST_ALIAS:
		if (digests != NULL)
			return syntax(ps);
		m = member_new(ps, SM_ALIAS, t.str, neg);
		break;
	case ST_COMMAND: {
		const char *base = strrchr(t.str, '/');

		if (base != NULL && strcmp(base + 1, "sudoedit") == 0)
			return perr_at(ps, t.line, t.col,
			    "sudoedit should not be specified with a path");
		if (check_regex(ps, &t) < 0)
			return -1;
	}
		m = member_new(ps, SM_COMMAND, t.str, neg);
		m->args = t.args;
		break;
	case ST_WORD:
		if (strcmp(t.str, "list") != 0)
			return perr_at(ps, t.line, t.col,
			    "expected a fully-qualified path name");
		m = member_new(ps, SM_COMMAND, t.str, neg);
		break;
	default:
		return syntax(ps);
	}
	next(ps);
	m->digests = digests;
	*out = m;
	return 0;
}

/* runaslist inside the parentheses. */
static int
parse_runas(struct parser *ps, struct sudoers_cmndspec *cs)
{
	struct sudoers_mlist *u = NULL, *g = NULL;
	enum stok k;

	if (expect(ps, ST_LPAREN) < 0)
		return -1;
	k = peek(ps)->type;
	if (k == ST_RPAREN) {
		u = sudoers_alloc(ps->t, sizeof(*u));
		mlist_add(u, member_new(ps, SM_MYSELF, NULL, 0));
	} else if (k == ST_COLON) {
		next(ps);
		if (peek(ps)->type == ST_RPAREN) {
			u = sudoers_alloc(ps->t, sizeof(*u));
			mlist_add(u, member_new(ps, SM_MYSELF, NULL, 0));
		} else {
			g = sudoers_alloc(ps->t, sizeof(*g));
			if (parse_list(ps, MK_GROUP, g) < 0)
				return -1;
		}
	} else {
		u = sudoers_alloc(ps->t, sizeof(*u));
		if (parse_list(ps, MK_USER, u) < 0)
			return -1;
		if (accept(ps, ST_COLON)) {
			g = sudoers_alloc(ps->t, sizeof(*g));
			if (parse_list(ps, MK_GROUP, g) < 0)
				return -1;
		}
	}
	if (expect(ps, ST_RPAREN) < 0)
		return -1;
	cs->runasuser = u;
	cs->runasgroup = g;
	return 0;
}

/* An option's "= WORD", returning the word. */
static int
option_value(struct parser *ps, struct stoken *val)
{
	if (expect(ps, ST_EQ) < 0)
		return -1;
	if (peek(ps)->type != ST_WORD)
		return syntax(ps);
	*val = next(ps);
	return 0;
}

static int
parse_cmndspec(struct parser *ps, struct sudoers_cmndspec *cs)
{
	struct stoken t, v;
	int i;

	memset(&v, 0, sizeof(v));
	for (i = 0; i < TAG_COUNT; i++)
		cs->tags[i] = SUDOERS_UNSPEC;
	cs->timeout = SUDOERS_UNSPEC;
	cs->line = peek(ps)->line;
	cs->column = peek(ps)->col;
	if (peek(ps)->type == ST_LPAREN && parse_runas(ps, cs) < 0)
		return -1;
	for (;;) {
		t = *peek(ps);
		switch (t.type) {
		case ST_CWD:
		case ST_CHROOT:
		case ST_TIMEOUT:
		case ST_NOTBEFORE:
		case ST_NOTAFTER:
		case ST_ROLE:
		case ST_TYPE:
		case ST_APPARMOR:
			break;
		default:
			goto tags;
		}
		next(ps);
		if (option_value(ps, &v) < 0)
			return -1;
		switch (t.type) {
		case ST_CWD:
		case ST_CHROOT:
			if (v.str[0] != '/' && v.str[0] != '~' &&
			    v.str[0] != '*') {
				char msg[128];

				snprintf(msg, sizeof(msg),
				    "values for \"%s\" must start with a "
				    "'/', '~', or '*'",
				    t.type == ST_CWD ? "CWD" : "CHROOT");
				return perr_at(ps, v.line, v.col, msg);
			}
			if (t.type == ST_CWD)
				cs->runcwd = v.str;
			else
				cs->runchroot = v.str;
			break;
		case ST_TIMEOUT:
			if ((cs->timeout = sudoers_parse_timeout(v.str)) < 0)
				return perr_at(ps, v.line, v.col,
				    "syntax error, invalid timeout value");
			break;
		case ST_NOTBEFORE:
		case ST_NOTAFTER:
			if (sudoers_parse_gentime(v.str,
				t.type == ST_NOTBEFORE ? &cs->notbefore
						       : &cs->notafter) < 0)
				return perr_at(ps, v.line, v.col,
				    t.type == ST_NOTBEFORE
					? "syntax error, invalid notbefore "
					  "value"
					: "syntax error, invalid notafter "
					  "value");
			if (t.type == ST_NOTBEFORE)
				cs->has_notbefore = 1;
			else
				cs->has_notafter = 1;
			break;
		case ST_ROLE:
			cs->role = v.str;
			break;
		case ST_TYPE:
			cs->type = v.str;
			break;
		default:
			cs->apparmor_profile = v.str;
			break;
		}
	}
tags:
	while (peek(ps)->type == ST_TAG) {
		t = next(ps);
		cs->tags[t.tag] = t.on;
	}
	return parse_cmnd(ps, &cs->cmnd);
}

/* What a command inherits from the one before it in the same privilege. */
static void
inherit(struct sudoers_cmndspec *cs, const struct sudoers_cmndspec *prev)
{
	int i;

	if (cs->runcwd == NULL)
		cs->runcwd = prev->runcwd;
	if (cs->runchroot == NULL)
		cs->runchroot = prev->runchroot;
	if (cs->role == NULL && cs->type == NULL) {
		cs->role = prev->role;
		cs->type = prev->type;
	}
	if (cs->apparmor_profile == NULL)
		cs->apparmor_profile = prev->apparmor_profile;
	if (!cs->has_notbefore) {
		cs->notbefore = prev->notbefore;
		cs->has_notbefore = prev->has_notbefore;
	}
	if (!cs->has_notafter) {
		cs->notafter = prev->notafter;
		cs->has_notafter = prev->has_notafter;
	}
	if (cs->timeout == SUDOERS_UNSPEC)
		cs->timeout = prev->timeout;
	/* An ALL's implied SETENV stays with that ALL. */
	for (i = 0; i < TAG_COUNT; i++)
		if (cs->tags[i] == SUDOERS_UNSPEC &&
		    prev->tags[i] != SUDOERS_IMPLIED)
			cs->tags[i] = prev->tags[i];
	if (cs->runasuser == NULL && cs->runasgroup == NULL) {
		cs->runasuser = prev->runasuser;
		cs->runasgroup = prev->runasgroup;
	}
}

static int
parse_privilege(struct parser *ps, struct sudoers_userspec *us)
{
	struct sudoers_priv *pv = sudoers_alloc(ps->t, sizeof(*pv));
	struct sudoers_cmndspec *cs;

	if (parse_list(ps, MK_HOST, &pv->hosts) < 0)
		return -1;
	if (expect(ps, ST_EQ) < 0)
		return -1;
	do {
		cs = sudoers_alloc(ps->t, sizeof(*cs));
		if (parse_cmndspec(ps, cs) < 0)
			return -1;
		/*
		 * A bare ALL lets the user set the environment, unless its
		 * own tags say NOSETENV. As in sudo's grammar this is decided
		 * before the tags of the command before it are inherited, so
		 * an inherited NOSETENV does not take it away.
		 */
		if (cs->cmnd->type == SM_ALL && !cs->cmnd->negated &&
		    cs->tags[TAG_SETENV] == SUDOERS_UNSPEC)
			cs->tags[TAG_SETENV] = SUDOERS_IMPLIED;
		if (pv->cmnds_last != NULL)
			inherit(cs, pv->cmnds_last);
		if (pv->cmnds_last != NULL)
			pv->cmnds_last->next = cs;
		else
			pv->cmnds = cs;
		pv->cmnds_last = cs;
	} while (accept(ps, ST_COMMA));
	if (us->privs_last != NULL)
		us->privs_last->next = pv;
	else
		us->privs = pv;
	us->privs_last = pv;
	return 0;
}

static int
parse_userspec(struct parser *ps)
{
	struct sudoers_userspec *us = sudoers_alloc(ps->t, sizeof(*us));

	us->file = ps->file;
	us->line = peek(ps)->line;
	us->column = peek(ps)->col;
	if (parse_list(ps, MK_USER, &us->users) < 0)
		return -1;
	do {
		if (parse_privilege(ps, us) < 0)
			return -1;
	} while (accept(ps, ST_COLON));
	if (eol(ps) < 0)
		return -1;
	if (ps->t->userspecs_last != NULL)
		ps->t->userspecs_last->next = us;
	else
		ps->t->userspecs = us;
	ps->t->userspecs_last = us;
	return 0;
}

/* ---- aliases ---- */

static int
is_reserved(enum stok t)
{
	switch (t) {
	case ST_ALL:
	case ST_CWD:
	case ST_CHROOT:
	case ST_TIMEOUT:
	case ST_NOTBEFORE:
	case ST_NOTAFTER:
	case ST_ROLE:
	case ST_TYPE:
	case ST_APPARMOR:
		return 1;
	default:
		return 0;
	}
}

static const char *
reserved_name(enum stok t)
{
	switch (t) {
	case ST_ALL:
		return "ALL";
	case ST_CWD:
		return "CWD";
	case ST_CHROOT:
		return "CHROOT";
	case ST_TIMEOUT:
		return "TIMEOUT";
	case ST_NOTBEFORE:
		return "NOTBEFORE";
	case ST_NOTAFTER:
		return "NOTAFTER";
	case ST_ROLE:
		return "ROLE";
	case ST_TYPE:
		return "TYPE";
	default:
		return "APPARMOR_PROFILE";
	}
}

static int
parse_alias_line(struct parser *ps, enum sudoers_alias_type type)
{
	struct sudoers_alias *a;
	struct sudoers_member *m;
	struct stoken t;
	char msg[256];
	int added;

	do {
		t = *peek(ps);
		if (is_reserved(t.type)) {
			snprintf(msg, sizeof(msg),
			    "syntax error, reserved word %s used as an alias "
			    "name",
			    reserved_name(t.type));
			return perr_at(ps, t.line, t.col, msg);
		}
		if (t.type != ST_ALIAS)
			return syntax(ps);
		next(ps);
		a = sudoers_alloc(ps->t, sizeof(*a));
		a->type = type;
		a->name = t.str;
		a->file = ps->file;
		a->line = t.line;
		a->column = t.col;
		if (expect(ps, ST_EQ) < 0)
			return -1;
		switch (type) {
		case SA_HOST:
			if (parse_list(ps, MK_HOST, &a->members) < 0)
				return -1;
			break;
		case SA_CMND:
			do {
				if (parse_cmnd(ps, &m) < 0)
					return -1;
				mlist_add(&a->members, m);
			} while (accept(ps, ST_COMMA));
			break;
		default:
			if (parse_list(ps, MK_USER, &a->members) < 0)
				return -1;
			break;
		}
		strhash_put(&ps->alias_names[type], a->name, &added);
		if (!added) {
			snprintf(msg, sizeof(msg),
			    "Alias \"%.200s\" already defined", a->name);
			return perr_at(ps, peek(ps)->line, peek(ps)->col, msg);
		}
		a->next = ps->t->aliases;
		ps->t->aliases = a;
	} while (accept(ps, ST_COLON));
	return eol(ps);
}

/* ---- Defaults ---- */

static int
parse_defaults_line(struct parser *ps, enum stok kind)
{
	struct sudoers_mlist *binding = sudoers_alloc(ps->t, sizeof(*binding));
	enum sudoers_binding btype = SB_NONE;
	struct sudoers_default *d;
	struct sudoers_member *m;
	struct stoken t, v;
	struct err ce = ERR_INIT;
	int op, rc, v_line, v_col;

	switch (kind) {
	case ST_DEFAULTS_USER:
		btype = SB_USER;
		rc = parse_list(ps, MK_USER, binding);
		break;
	case ST_DEFAULTS_RUNAS:
		btype = SB_RUNAS;
		rc = parse_list(ps, MK_USER, binding);
		break;
	case ST_DEFAULTS_HOST:
		btype = SB_HOST;
		rc = parse_list(ps, MK_HOST, binding);
		break;
	case ST_DEFAULTS_CMND:
		btype = SB_CMND;
		rc = 0;
		do {
			if ((rc = parse_cmnd(ps, &m)) < 0)
				break;
			mlist_add(binding, m);
		} while (accept(ps, ST_COMMA));
		break;
	default:
		rc = 0;
		break;
	}
	if (rc < 0)
		return rc;
	do {
		op = 1;
		if (accept(ps, ST_BANG))
			op = 0;
		if (peek(ps)->type != ST_DEFVAR)
			return syntax(ps);
		t = next(ps);
		d = sudoers_alloc(ps->t, sizeof(*d));
		d->var = t.str;
		d->btype = btype;
		d->binding = binding;
		d->file = ps->file;
		d->line = t.line;
		d->column = t.col;
		d->op = op;
		v_line = t.line;
		v_col = t.col;
		if (op == 1) {
			enum stok k = peek(ps)->type;

			if (k == ST_EQ || k == ST_PLUSEQ || k == ST_MINUSEQ) {
				next(ps);
				if (peek(ps)->type != ST_WORD)
					return syntax(ps);
				v = next(ps);
				d->val = v.str;
				d->op = k == ST_EQ   ? 1
				    : k == ST_PLUSEQ ? '+'
						     : '-';
				v_line = v.line;
				v_col = v.col;
			}
		}
		/* visudo checks settings after the grammar: report later. */
		if (ps->defs_err->code == 0 &&
		    sudoers_check_default(ps->t, d, ps->o, &ce) < 0)
			err_set(ps->defs_err, PARC_EDATA, "%s:%d:%d: %s",
			    ps->file, v_line, v_col, ce.msg);
		if (sudoers_defkind(d->var) == SDEF_UNKNOWN)
			warn(ps, t.line, t.col, "unknown defaults entry \"%s\"",
			    d->var);
		if (ps->t->defaults_last != NULL)
			ps->t->defaults_last->next = d;
		else
			ps->t->defaults = d;
		ps->t->defaults_last = d;
	} while (accept(ps, ST_COMMA));
	return eol(ps);
}

/* ---- includes (the files: sudoers_include.c) ---- */

static int
parse_include(struct parser *ps, int isdir)
{
	struct stoken t;
	char *path;
	int rc;

	if (peek(ps)->type != ST_WORD)
		return syntax(ps);
	t = next(ps);
	if ((rc = eol(ps)) < 0)
		return rc;
	path = sudoers_include_path(ps, t.str);
	rc = isdir ? sudoers_include_dir(ps, path, t.line, t.col)
		   : sudoers_include_file(ps, path, t.line, t.col);
	free(path);
	return rc;
}

/* ---- lines ---- */

static int
parse_line(struct parser *ps)
{
	struct stoken *t = peek(ps);

	switch (t->type) {
	case ST_NL:
		next(ps);
		return 0;
	case ST_INCLUDE:
	case ST_INCLUDEDIR: {
		int isdir = t->type == ST_INCLUDEDIR;

		next(ps);
		return parse_include(ps, isdir);
	}
	case ST_USERALIAS:
		next(ps);
		return parse_alias_line(ps, SA_USER);
	case ST_RUNASALIAS:
		next(ps);
		return parse_alias_line(ps, SA_RUNAS);
	case ST_HOSTALIAS:
		next(ps);
		return parse_alias_line(ps, SA_HOST);
	case ST_CMNDALIAS:
		next(ps);
		return parse_alias_line(ps, SA_CMND);
	case ST_DEFAULTS:
	case ST_DEFAULTS_USER:
	case ST_DEFAULTS_RUNAS:
	case ST_DEFAULTS_HOST:
	case ST_DEFAULTS_CMND: {
		enum stok k = t->type;

		next(ps);
		return parse_defaults_line(ps, k);
	}
	default:
		return parse_userspec(ps);
	}
}

int
sudoers_gram_buffer(struct parser *ps, const char *name, const char *buf,
    size_t len)
{
	char *copy = NULL;
	const char *nul;
	int rc = 0;

	ps->file = name;
	/* sudo reads line by line: a NUL ends its line; add a last '\n'. */
	if ((nul = memchr(buf, '\0', len)) != NULL ||
	    (len > 0 && buf[len - 1] != '\n')) {
		struct sb sb = SB_INIT;
		size_t i, start = 0;

		for (i = 0; i < len; i++) {
			if (buf[i] == '\n' || i + 1 == len) {
				size_t end = i + 1, k;

				for (k = start; k < end; k++)
					if (buf[k] == '\0')
						break;
				sb_add(&sb, buf + start, k - start);
				if (k < end || buf[end - 1] != '\n')
					sb_addc(&sb, '\n');
				start = end;
			}
		}
		len = sb.len;
		copy = sb_detach(&sb);
		buf = copy;
	} else {
		/* The scanner looks one byte ahead: end it with a NUL. */
		copy = xmalloc(len + 1);
		memcpy(copy, buf, len);
		copy[len] = '\0';
		buf = copy;
	}
	sudoers_lex_init(&ps->lx, ps->t, buf, len);
	ps->ntok = 0;
	while (peek(ps)->type != ST_EOF) {
		if ((rc = parse_line(ps)) < 0)
			break;
	}
	free(copy);
	return rc;
}

static int
alias_order(const void *a, const void *b)
{
	const struct sudoers_alias *x = *(struct sudoers_alias *const *)a;
	const struct sudoers_alias *y = *(struct sudoers_alias *const *)b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : (int)x->type - (int)y->type;
}

/* Index the aliases by name and link them in that order. */
static void
finish(struct parser *ps)
{
	struct sudoers_tree *t = ps->t;
	struct sudoers_alias *a;
	size_t n = 0, i;

	for (a = t->aliases; a != NULL; a = a->next)
		n++;
	free(t->alias_index);
	t->alias_index = xcalloc(n ? n : 1, sizeof(*t->alias_index));
	for (a = t->aliases; a != NULL; a = a->next)
		t->alias_index[t->naliases++] = a;
	qsort(t->alias_index, n, sizeof(*t->alias_index), alias_order);
	for (i = 0; i < n; i++)
		t->alias_index[i]->next =
		    i + 1 < n ? t->alias_index[i + 1] : NULL;
	t->aliases = n ? t->alias_index[0] : NULL;
	for (i = 0; i < NALIAS_TYPES; i++)
		strhash_release(&ps->alias_names[i]);
}

int
sudoers_parse_buffer(struct sudoers_tree *t, const char *name, const char *buf,
    size_t len, const struct sudoers_opts *o, struct err *e)
{
	struct parser ps;
	struct err derr = ERR_INIT;
	struct strhash names[NALIAS_TYPES] = { STRHASH_INIT, STRHASH_INIT,
		STRHASH_INIT, STRHASH_INIT };
	char *n0;
	int rc;

	memset(&ps, 0, sizeof(ps));
	ps.alias_names = names;
	ps.t = t;
	ps.o = o;
	ps.e = e;
	ps.defs_err = &derr;
	ps.regex_budget = SUDOERS_REGEX_BUDGET;
	n0 = sudoers_strndup(t, name, strlen(name));
	t->files = xrealloc(t->files, (t->nfiles + 1) * sizeof(*t->files));
	t->files[t->nfiles++] = n0;
	ps.depth = 1;
	ps.stack = &n0;
	rc = sudoers_gram_buffer(&ps, n0, buf, len);
	finish(&ps);
	/* Inner rules return -1 once e holds the message and its code. */
	if (rc < 0 && e != NULL && e->code != 0)
		rc = e->code;
	if (rc == 0 && derr.code != 0) {
		*e = derr;
		rc = derr.code;
	}
	return rc;
}

int
sudoers_parse_file(struct sudoers_tree *t, const char *path,
    const struct sudoers_opts *o, struct err *e)
{
	struct parser ps;
	struct err derr = ERR_INIT;
	struct strhash names[NALIAS_TYPES] = { STRHASH_INIT, STRHASH_INIT,
		STRHASH_INIT, STRHASH_INIT };
	int rc;

	memset(&ps, 0, sizeof(ps));
	ps.alias_names = names;
	ps.t = t;
	ps.o = o;
	ps.e = e;
	ps.defs_err = &derr;
	ps.regex_budget = SUDOERS_REGEX_BUDGET;
	ps.file = path;
	rc = sudoers_include_file(&ps, path, 0, 0);
	finish(&ps);
	/* Inner rules return -1 once e holds the message and its code. */
	if (rc < 0 && e != NULL && e->code != 0)
		rc = e->code;
	if (rc == 0 && derr.code != 0) {
		*e = derr;
		rc = derr.code;
	}
	return rc;
}
