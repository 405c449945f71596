/*
 * cmd_init.c - parc init: create the database, or bring it up to date;
 * make the key that signs the audit chain; set the modes of a shared
 * (setgid) deployment.
 */
#include <sys/stat.h>

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/audit.h"
#include "db/checkpoint.h"
#include "db/role.h"
#include "lib/priv.h"
#include "lib/sb.h"
#include "lib/sign.h"
#include "tui/cli/actor.h"
#include "tui/cli/cmd.h"

/*
 * Give path to group gid with mode (gid -1: keep the group); a file that
 * is not there is skipped (the WAL and SHM come and go).
 */
static int
set_mode(const char *path, long gid, mode_t mode, struct err *e)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT
		    ? 0
		    : err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
	if (S_ISLNK(st.st_mode))
		return err_set(e, PARC_EIO, "%s: a symbolic link", path);
	if (gid >= 0 && chown(path, (uid_t)-1, (gid_t)gid) != 0)
		return err_set(e, PARC_EIO, "%s: group %ld: %s", path, gid,
		    strerror(errno));
	if (mode == 0) /* keep the owner's and the group's bits */
		mode = st.st_mode & 0770;
	if (chmod(path, mode) != 0)
		return err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
	return 0;
}

/*
 * The database and its WAL and SHM: 0660 of group gid (--shared), else
 * never readable by others. With --shared, their folder 2770 too (new
 * files take the group).
 */
static int
set_modes(const char *dbpath, long gid, struct err *e)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	struct sb sb = SB_INIT;
	char *slash;
	size_t i;
	int rc = 0;

	if (gid >= 0) {
		sb_adds(&sb, dbpath);
		if ((slash = strrchr(sb.buf, '/')) == NULL)
			sb_reset(&sb), sb_adds(&sb, ".");
		else if (slash == sb.buf)
			slash[1] = '\0';
		else
			*slash = '\0';
		rc = set_mode(sb.buf, gid, 02770, e);
	}
	for (i = 0; rc == 0 && i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		sb_reset(&sb);
		sb_addf(&sb, "%s%s", dbpath, suffix[i]);
		rc = set_mode(sb.buf, gid, gid >= 0 ? 0660 : 0, e);
	}
	sb_release(&sb);
	return rc;
}

/* Make the signing key, and sign its first event with it. */
static int
new_key(struct ctx *ctx, long gid, struct err *e)
{
	struct sb path = SB_INIT, detail = SB_INIT, obj = SB_INIT;
	char *kp, *login = NULL;
	int rc;

	if ((kp = cli_key_path(ctx, db_path(ctx->db))) == NULL)
		sb_addf(&path, "%s.key", db_path(ctx->db));
	else
		sb_adds(&path, kp);
	free(kp);
	if ((rc = sign_key_create(path.buf, gid, &ctx->key, e)) != 0)
		goto out;
	db_set_key(ctx->db, ctx->key);
	if ((rc = role_os_login(&login, e)) != 0)
		goto out;
	sb_addf(&detail, "{\"fingerprint\": \"%s\"}",
	    sign_key_fingerprint(ctx->key));
	sb_addf(&obj, "key:%s", sign_key_fingerprint(ctx->key));
	if ((rc = audit_append(ctx->db, login, "key.new", obj.buf, detail.buf,
		 NULL, e)) != 0)
		goto out;
	printf("signing key %s (mode %s), public key %s.pub\n"
	       "fingerprint %s\n",
	    path.buf, gid >= 0 ? "0640" : "0600", path.buf,
	    sign_key_fingerprint(ctx->key));
	if (conf_get(&ctx->config->parc, "signing_key") == NULL)
		printf("found beside the database; or set [parc] signing_key "
		       "= %s\n",
		    path.buf);
out:
	free(login);
	sb_release(&path);
	sb_release(&detail);
	sb_release(&obj);
	return rc;
}

int
cmd_init(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "new-key", no_argument, NULL,
						  'k' },
		{ "shared", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	const char *group = NULL;
	struct group *gr;
	long gid = -1;
	int c, rc, want_key = 0;

	while ((c = cli_next_opt(argc, argv, "+h", opts, "init", e)) != -1)
		switch (c) {
		case 'h':
			return 0;
		case 'k':
			want_key = 1;
			break;
		case 's':
			group = optarg;
			break;
		default:
			return PARC_EUSAGE;
		}
	if (optind != argc)
		return cli_usage("init", e, "unexpected argument '%s'",
		    argv[optind]);
	/* a reviewer must not make the key, nor set the shared modes */
	if (priv_elevated() && getuid() != 0)
		return err_set(e, PARC_EUSAGE,
		    "init: parc runs setgid, and only root sets up its "
		    "database and key");
	if (group != NULL) {
		if ((gr = getgrnam(group)) == NULL)
			return cli_usage("init", e,
			    "--shared: no group '%s' on this host", group);
		gid = (long)gr->gr_gid;
	}
	ctx->key_skip = want_key;
	if ((rc = cli_open_db(ctx, DB_CREATE, e)) != 0)
		return rc;
	printf("database %s ready (schema version %d)\n", db_path(ctx->db),
	    db_schema_version(ctx->db));
	if (want_key && (rc = new_key(ctx, gid, e)) != 0)
		return rc;
	if ((rc = cli_first_admin(ctx->db, 0, e)) != 0)
		return rc;
	if ((rc = set_modes(db_path(ctx->db), gid, e)) != 0)
		return rc;
	if (gid >= 0)
		printf("shared with group %s: folder 2770, database, WAL and "
		       "SHM 0660\n",
		    group);
	return 0;
}
