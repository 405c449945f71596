/*
 * sudoers_tree.h - the parse tree of a sudoers file (as sudo's parse.h).
 *
 * The parser (sudoers_gram.c) builds it, the writers (reports/sudoers_json.c)
 * and the connector (sync/sudoers.c) read it. Everything in a tree is
 * allocated from the tree's arena and freed at once by sudoers_tree_free(),
 * so nodes can share lists: a command inheriting the runas list of the one
 * before it points at the same list, which is how sudo knows (and how the
 * JSON writer decides) that two commands belong to one Cmnd_Spec.
 */
#ifndef PARC_SUDOERS_TREE_H
#define PARC_SUDOERS_TREE_H

#include <stddef.h>
#include <time.h>

/* What a member of a list is. */
enum sm_type {
	SM_WORD,      /* user, host, runas or group name (or #uid) */
	SM_ALL,	      /* ALL */
	SM_ALIAS,     /* an alias name */
	SM_USERGROUP, /* %group, %#gid, %:nonunix, %:#gid; name keeps the % */
	SM_NETGROUP,  /* +netgroup; name keeps the + */
	SM_NTWKADDR,  /* IPv4/IPv6 address or network */
	SM_COMMAND,   /* a command with its arguments and digests */
	SM_MYSELF,    /* the empty runas user of "()" or "(:group)" */
};

/* A digest a command must match (sha224: ... sha512:). */
struct sudoers_digest {
	struct sudoers_digest *next;
	const char *type; /* "sha224" ... "sha512" */
	char *value;	  /* hex or base64, as written */
};

struct sudoers_member {
	struct sudoers_member *next;
	enum sm_type type;
	int negated;
	char *name; /* NULL for ALL and MYSELF; for SM_COMMAND the path */
	/* SM_COMMAND (and SM_ALL as a command with digests) only: */
	char *args; /* NULL: any arguments; "\"\"": none */
	struct sudoers_digest *digests;
};

struct sudoers_mlist {
	struct sudoers_member *first, *last;
};

/* A tag's state: as sudo, unset, off, on, or on because the command is ALL. */
#define SUDOERS_UNSPEC (-1)
#define SUDOERS_IMPLIED 2

enum sudoers_tag {
	TAG_NOPASSWD, /* on = NOPASSWD */
	TAG_NOEXEC,
	TAG_INTERCEPT,
	TAG_SEND_MAIL,
	TAG_SETENV,
	TAG_FOLLOW,
	TAG_LOG_INPUT,
	TAG_LOG_OUTPUT,
	TAG_COUNT
};

/* One command of a privilege, with everything that applies to it. */
struct sudoers_cmndspec {
	struct sudoers_cmndspec *next;
	struct sudoers_mlist *runasuser;  /* NULL: not given (shared) */
	struct sudoers_mlist *runasgroup; /* NULL: not given (shared) */
	int tags[TAG_COUNT];		  /* SUDOERS_UNSPEC, 0, 1, IMPLIED */
	long timeout;			  /* seconds, SUDOERS_UNSPEC unset */
	time_t notbefore, notafter;	  /* SUDOERS_UNSPEC unset */
	int has_notbefore, has_notafter;
	char *runchroot, *runcwd, *role, *type, *apparmor_profile;
	char *privs, *limitprivs;
	struct sudoers_member *cmnd;
	int line, column;
};

/* "hosts = commands", one of a user spec's ':'-separated parts. */
struct sudoers_priv {
	struct sudoers_priv *next;
	struct sudoers_mlist hosts;
	struct sudoers_cmndspec *cmnds, *cmnds_last;
};

struct sudoers_userspec {
	struct sudoers_userspec *next;
	struct sudoers_mlist users;
	struct sudoers_priv *privs, *privs_last;
	const char *file;
	int line, column;
};

enum sudoers_alias_type {
	SA_USER,
	SA_RUNAS,
	SA_HOST,
	SA_CMND,
};

struct sudoers_alias {
	struct sudoers_alias *next; /* in name order */
	enum sudoers_alias_type type;
	char *name;
	struct sudoers_mlist members;
	const char *file;
	int line, column;
	size_t pos; /* in the tree's alias_index, once parsed */
};

enum sudoers_binding {
	SB_NONE,  /* Defaults */
	SB_HOST,  /* Defaults@host */
	SB_USER,  /* Defaults:user */
	SB_RUNAS, /* Defaults>runas */
	SB_CMND,  /* Defaults!cmnd */
};

/* Defaults kinds as sudo's table knows them. */
enum sudoers_defkind {
	SDEF_UNKNOWN,
	SDEF_FLAG,
	SDEF_VALUE,
	SDEF_LIST,
};

struct sudoers_default {
	struct sudoers_default *next;
	char *var;
	char *val; /* NULL for a bare or negated flag */
	int op;	   /* 1 set or "=", 0 "!", '+' "+=", '-' "-=" */
	enum sudoers_binding btype;
	/* Shared by the settings of one Defaults line. */
	struct sudoers_mlist *binding;
	const char *file;
	int line, column;
};

struct sudoers_tree {
	struct sudoers_default *defaults, *defaults_last;
	struct sudoers_alias *aliases;	    /* sorted by name, then type */
	struct sudoers_alias **alias_index; /* the same, as an array */
	size_t naliases;
	struct sudoers_userspec *userspecs, *userspecs_last;
	struct sudoers_arena *arena;
	/* Every file read, in order, for messages and the connector. */
	const char **files;
	size_t nfiles;
};

/* A new empty tree. Never NULL. */
struct sudoers_tree *sudoers_tree_new(void);

/* Free t and everything in it. NULL is a no-op. */
void sudoers_tree_free(struct sudoers_tree *t);

/* Memory that lives as long as t (zeroed). */
void *sudoers_alloc(struct sudoers_tree *t, size_t n);

/* A copy of s (n bytes) that lives as long as t. */
char *sudoers_strndup(struct sudoers_tree *t, const char *s, size_t n);

/*
 * Refuse an alias that contains itself, through any number of others, as
 * visudo -s does and with its words: PARC_EDATA "FILE:LINE:COL: cycle in
 * User_Alias "A"", at the alias whose member closes the cycle. 0 when
 * there is none. Call once t is parsed (the aliases indexed).
 */
struct err;
int sudoers_alias_cycles(const struct sudoers_tree *t, struct err *e);

/* The alias called name of the given type, or NULL. */
struct sudoers_alias *sudoers_alias_find(const struct sudoers_tree *t,
    const char *name, enum sudoers_alias_type type);

/* What sudo 1.9.13 knows of the Defaults setting var. */
enum sudoers_defkind sudoers_defkind(const char *var);

/* How visudo checks a setting's value (sudo's T_* types). */
enum sudoers_defcheck {
	CHK_FLAG,	/* no value */
	CHK_STR,	/* any string */
	CHK_PATH,	/* an absolute path */
	CHK_PATH_TILDE, /* an absolute path, "~" or "*" */
	CHK_MODE,	/* octal, at most 0777 */
	CHK_UINT,	/* a number from 0 */
	CHK_INT,	/* a number, maybe negative */
	CHK_FLOAT,	/* a decimal number, maybe negative */
	CHK_TIMEOUT,	/* a timeout (90, 1h30m) */
	CHK_RLIMIT,	/* a number, infinity, default or user */
	CHK_TUPLE,	/* one of the setting's words */
};

/*
 * The check of setting var, and whether it may stand alone ("Defaults
 * lecture") or negated ("Defaults !lecture"). Returns 0, or -1 when sudo
 * does not know var.
 */
int sudoers_defentry(const char *var, enum sudoers_defcheck *check,
    int *bare_ok, int *neg_ok);

#endif
