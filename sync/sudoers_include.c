/*
 * sudoers_include.c - the files of a sudoers parse; see
 * sudoers_include.h.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sb.h"
#include "sync/sudoers_include.h"

/* An error as the grammar words them: "FILE:LINE:COL: message". */
static int
error_at(struct parser *ps, int line, int col, const char *msg)
{
	return err_set(ps->e, PARC_EDATA, "%s:%d:%d: %s", ps->file, line, col,
	    msg);
}

char *
sudoers_include_path(const struct parser *ps, const char *word)
{
	struct sb sb = SB_INIT;
	const char *p, *slash;

	if (word[0] != '/') {
		slash = strrchr(ps->file, '/');
		if (slash != NULL)
			sb_add(&sb, ps->file, (size_t)(slash - ps->file) + 1);
	} else if (ps->o != NULL && ps->o->root != NULL) {
		sb_adds(&sb, ps->o->root);
		while (sb.len > 0 && sb.buf[sb.len - 1] == '/')
			sb.len--;
		sb.buf[sb.len] = '\0';
	}
	for (p = word; *p; p++) {
		if (p[0] == '%' && p[1] == 'h') {
			sb_adds(&sb,
			    ps->o != NULL && ps->o->host ? ps->o->host : "");
			p++;
		} else {
			sb_addc(&sb, *p);
		}
	}
	return sb_detach(&sb);
}

static int
read_file(const char *path, char **buf, size_t *len, struct err *e)
{
	FILE *fp;
	struct sb sb = SB_INIT;
	char chunk[65536];
	size_t n;
	int rc = 0;

	if ((fp = fopen(path, "r")) == NULL)
		return err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		sb_add(&sb, chunk, n);
	if (ferror(fp))
		rc = err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
	fclose(fp);
	if (rc == 0) {
		*len = sb.len;
		*buf = sb_detach(&sb);
	}
	sb_release(&sb);
	return rc;
}

int
sudoers_include_file(struct parser *ps, const char *path, int line, int col)
{
	struct parser sub;
	char *buf = NULL, *name;
	size_t len = 0;
	int i, rc;

	for (i = 0; i < ps->depth; i++) {
		if (strcmp(ps->stack[i], path) == 0) {
			char msg[600];

			snprintf(msg, sizeof(msg),
			    "include loop: %.500s includes itself", path);
			return error_at(ps, line, col, msg);
		}
	}
	if (ps->depth >= MAX_INCLUDE_DEPTH)
		return error_at(ps, line, col, "too many levels of includes");
	if ((rc = read_file(path, &buf, &len, ps->e)) < 0) {
		if (line > 0)
			err_prefix(ps->e, "%s:%d:%d: ", ps->file, line, col);
		return rc;
	}
	name = sudoers_strndup(ps->t, path, strlen(path));
	ps->t->files =
	    xrealloc(ps->t->files, (ps->t->nfiles + 1) * sizeof(*ps->t->files));
	ps->t->files[ps->t->nfiles++] = name;

	memset(&sub, 0, sizeof(sub));
	sub.t = ps->t;
	sub.o = ps->o;
	sub.e = ps->e;
	sub.defs_err = ps->defs_err;
	sub.depth = ps->depth + 1;
	sub.stack = xmalloc((size_t)sub.depth * sizeof(char *));
	for (i = 0; i < ps->depth; i++)
		sub.stack[i] = ps->stack[i];
	sub.stack[ps->depth] = name;
	/* Aliases are global across files: share the table. */
	sub.alias_names = ps->alias_names;
	/* So is what regular expressions may still cost. */
	sub.regex_budget = ps->regex_budget;
	rc = sudoers_gram_buffer(&sub, name, buf, len);
	ps->regex_budget = sub.regex_budget;
	free(sub.stack);
	free(buf);
	return rc;
}

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
sudoers_include_dir(struct parser *ps, const char *dir, int line, int col)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	char **names = NULL;
	size_t n = 0, i, len;
	struct sb path = SB_INIT;
	int rc = 0;

	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return 0;
		return err_set(ps->e, PARC_EIO, "%s:%d:%d: %s: %s", ps->file,
		    line, col, dir, strerror(errno));
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len == 0 || de->d_name[len - 1] == '~' ||
		    strchr(de->d_name, '.') != NULL)
			continue;
		sb_reset(&path);
		sb_addf(&path, "%s/%s", dir, de->d_name);
		if (stat(path.buf, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(path.buf);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), namecmp);
	for (i = 0; i < n && rc == 0; i++)
		rc = sudoers_include_file(ps, names[i], line, col);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	sb_release(&path);
	return rc;
}
