/* file.c - reports written whole or not at all (see file.h). */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/priv.h"
#include "reports/file.h"
#include "reports/model.h"

int
rpt_file_open(struct rpt_file *f, const char *path, int binary, struct err *e)
{
	mode_t mode = 0600;
	struct stat st;
	int fd, rc;

	memset(f, 0, sizeof(*f));
	sb_init(&f->tmp);
	if (path == NULL || strcmp(path, "-") == 0) {
		if (binary && isatty(STDOUT_FILENO))
			return err_set(e, PARC_EUSAGE,
			    "report: a PDF is not for the terminal: give -o "
			    "FILE");
		f->fp = stdout;
		return 0;
	}
	f->path = path;
	sb_addf(&f->tmp, "%s.XXXXXX", path);
	/* with the caller's rights: parc may run setgid (lib/priv.h) */
	priv_drop();
	/* mkstemp: O_EXCL, 0600, never through a planted link */
	if ((fd = mkstemp(f->tmp.buf)) < 0) {
		rc = err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
		priv_restore();
		sb_release(&f->tmp);
		return rc;
	}
	/* a report holds who may do what: 0600, or the mode of the file it
	 * replaces (the owner asked for that mode) */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		mode = st.st_mode & 0777;
	if (fchmod(fd, mode) != 0 || (f->fp = fdopen(fd, "wb")) == NULL) {
		rc = err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(f->tmp.buf);
		priv_restore();
		sb_release(&f->tmp);
		return rc;
	}
	priv_restore();
	return 0;
}

int
rpt_file_close(struct rpt_file *f, int rc, struct err *e)
{
	if (f->fp == NULL || f->path == NULL) {
		sb_release(&f->tmp);
		return rc;
	}
	if ((fflush(f->fp) != 0 || fsync(fileno(f->fp)) != 0) && rc == 0)
		rc = err_set(e, PARC_EIO, "%s: %s", f->path, strerror(errno));
	if (fclose(f->fp) != 0 && rc == 0)
		rc = err_set(e, PARC_EIO, "%s: %s", f->path, strerror(errno));
	f->fp = NULL;
	priv_drop();
	if (rc == 0 && rename(f->tmp.buf, f->path) != 0)
		rc = err_set(e, PARC_EIO, "%s: %s", f->path, strerror(errno));
	if (rc != 0)
		unlink(f->tmp.buf);
	priv_restore();
	sb_release(&f->tmp);
	return rc;
}

/* $XDG_DATA_HOME/parc/reports (or ~/.local/share/...), made 0700. */
static int
default_dir(struct sb *dir, struct err *e)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	char *p;

	if (xdg != NULL && *xdg == '/')
		sb_addf(dir, "%s/parc/reports", xdg);
	else if (home != NULL && *home)
		sb_addf(dir, "%s/.local/share/parc/reports", home);
	else
		return err_set(e, PARC_ECONFIG,
		    "no folder for reports: set HOME or XDG_DATA_HOME");
	for (p = dir->buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir->buf, 0700) != 0 && errno != EEXIST) {
			*p = '/';
			goto fail;
		}
		*p = '/';
	}
	if (mkdir(dir->buf, 0700) != 0 && errno != EEXIST)
		goto fail;
	return 0;
fail:
	return err_set(e, PARC_EIO, "%s: %s", dir->buf, strerror(errno));
}

int
rpt_evidence_pdf(struct db *db, const char *campaign, const char *dir,
    enum rpt_paper paper, char **path, int *pages, struct err *e)
{
	struct rpt_doc *d = NULL;
	struct rpt_file f;
	struct sb name = SB_INIT;
	const char *c;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	*path = NULL;
	if (dir != NULL)
		sb_adds(&name, dir);
	else {
		priv_drop(); /* the caller's folders, made with their rights */
		rc = default_dir(&name, e);
		priv_restore();
		if (rc != 0)
			goto out;
	}
	sb_adds(&name, "/evidence-");
	for (c = campaign; *c; c++)
		sb_addc(&name,
		    (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			    (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'
			? *c
			: '_');
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "-%Y%m%dT%H%M%SZ.pdf", &tm);
	sb_adds(&name, stamp);
	if ((rc = rpt_evidence(db, campaign, &d, e)) != 0)
		goto out;
	if ((rc = rpt_file_open(&f, name.buf, 1, e)) != 0)
		goto out;
	rc = rpt_pdf_write(d, paper, f.fp, pages, e);
	if ((rc = rpt_file_close(&f, rc, e)) == 0)
		*path = sb_detach(&name);
out:
	rpt_doc_free(d);
	sb_release(&name);
	return rc;
}
