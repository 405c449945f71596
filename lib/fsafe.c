/*
 * fsafe.c - opening files a source controls; see fsafe.h.
 */
#include <sys/stat.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/fsafe.h"
#include "lib/sb.h"

/*
 * The part of path beneath root ("etc/sudoers" of "/srv/h/etc/sudoers"
 * under "/srv/h"), or NULL when path does not start with root.
 */
static const char *
beneath(const char *root, const char *path)
{
	size_t n = strlen(root);

	while (n > 0 && root[n - 1] == '/')
		n--;
	if (strncmp(path, root, n) != 0 || path[n] != '/')
		return NULL;
	path += n;
	while (*path == '/')
		path++;
	return path;
}

/*
 * Without openat2 (an old kernel, or a seccomp filter that forbids it):
 * one name at a time, no symbolic link followed at all, ".." never above
 * the folder. Stricter than RESOLVE_BENEATH, which follows a link that
 * stays inside.
 */
static int
walk_open(int dirfd, const char *rel, int flags)
{
	char *copy = xstrdup(rel), *p, *slash;
	int *fds = NULL, nfd = 0, fd = -1, cur = dirfd, i, saved;

	for (p = copy; p != NULL; p = slash) {
		if ((slash = strchr(p, '/')) != NULL)
			*slash++ = '\0';
		if (*p == '\0' || strcmp(p, ".") == 0) {
			if (slash == NULL) {
				fd = openat(cur, ".", flags);
				break;
			}
			continue;
		}
		if (strcmp(p, "..") == 0) {
			if (nfd == 0) {
				errno = EXDEV;
				break;
			}
			close(fds[--nfd]);
			cur = nfd > 0 ? fds[nfd - 1] : dirfd;
			if (slash == NULL) {
				fd = openat(cur, ".", flags);
				break;
			}
			continue;
		}
		if (slash == NULL) {
			fd = openat(cur, p, flags | O_NOFOLLOW);
			break;
		}
		fds = xrealloc(fds, (size_t)(nfd + 1) * sizeof(*fds));
		if ((fds[nfd] = openat(cur, p,
			 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) <
		    0) {
			struct stat st;

			/* O_DIRECTORY answers a link with ENOTDIR: say link */
			if (errno == ENOTDIR &&
			    fstatat(cur, p, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
			    S_ISLNK(st.st_mode))
				errno = ELOOP;
			break;
		}
		cur = fds[nfd++];
	}
	saved = errno;
	for (i = 0; i < nfd; i++)
		close(fds[i]);
	free(fds);
	free(copy);
	errno = saved;
	return fd;
}

int fsafe_no_openat2;

static int
open_beneath(const char *root, const char *rel, int flags)
{
	struct open_how how;
	int dirfd, fd = -1, saved;

	if ((dirfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	memset(&how, 0, sizeof(how));
	how.flags = (unsigned long long)(flags | O_NOFOLLOW);
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	errno = ENOSYS;
	if (!fsafe_no_openat2)
		fd = (int)syscall(SYS_openat2, dirfd, *rel ? rel : ".", &how,
		    sizeof(how));
	if (fd < 0 && (errno == ENOSYS || errno == EPERM))
		fd = walk_open(dirfd, rel, flags);
	saved = errno;
	close(dirfd);
	errno = saved;
	return fd;
}

/* Open with flags; fstat; refuse what is not of type (S_IFREG, S_IFDIR). */
static int
open_checked(const char *root, const char *path, int flags, mode_t type,
    off_t max, struct err *e)
{
	const char *rel = NULL;
	struct stat st;
	int fd, rc;

	flags |= O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
	if (root != NULL) {
		if ((rel = beneath(root, path)) == NULL)
			return err_set(e, PARC_EDATA,
			    "%s: refused: not beneath the host's folder %s",
			    path, root);
		fd = open_beneath(root, rel, flags);
	} else {
		fd = open(path, flags);
	}
	if (fd < 0) {
		int saved = errno;

		if (saved == EXDEV)
			rc = err_set(e, PARC_EDATA,
			    "%s: refused: it leads out of the host's folder %s",
			    path, root);
		else if (saved == ELOOP)
			rc = err_set(e, PARC_EDATA,
			    "%s: refused: a symbolic link (not followed in a "
			    "collected tree)",
			    path);
		else
			rc = err_set(e, PARC_EIO, "%s: %s", path,
			    strerror(saved));
		errno = saved;
		return rc;
	}
	if (fstat(fd, &st) != 0) {
		rc = err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
		close(fd);
		return rc;
	}
	if ((st.st_mode & S_IFMT) != type) {
		close(fd);
		errno = EINVAL;
		return err_set(e, PARC_EDATA, "%s: refused: not a %s", path,
		    type == S_IFDIR ? "directory" : "regular file");
	}
	if (type == S_IFREG && max > 0 && st.st_size > max) {
		close(fd);
		errno = EFBIG;
		return err_set(e, PARC_EDATA,
		    "%s: refused: %lld bytes, more than the %lld MB it may "
		    "hold",
		    path, (long long)st.st_size, (long long)(max >> 20));
	}
	/* A regular file never blocks; reads go on as usual. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

int
fsafe_open(const char *root, const char *path, struct err *e)
{
	return open_checked(root, path, 0, S_IFREG, FSAFE_MAX_FILE, e);
}

int
fsafe_opendir(const char *root, const char *path, struct err *e)
{
	return open_checked(root, path, O_DIRECTORY, S_IFDIR, 0, e);
}

FILE *
fsafe_fopen(const char *root, const char *path, const char *mode, long max,
    struct err *e)
{
	FILE *fp;
	int fd;

	if ((fd = open_checked(root, path, 0, S_IFREG, max, e)) < 0)
		return NULL;
	if ((fp = fdopen(fd, mode)) == NULL) {
		err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
		close(fd);
	}
	return fp;
}

int
fsafe_read(const char *root, const char *path, char **buf, size_t *len,
    struct err *e)
{
	struct sb sb = SB_INIT;
	char chunk[65536];
	ssize_t n;
	int fd, rc = 0;

	if ((fd = fsafe_open(root, path, e)) < 0)
		return fd;
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = err_set(e, PARC_EIO, "%s: %s", path,
			    strerror(errno));
			break;
		}
		if (n == 0)
			break;
		/* It may grow while it is read. */
		if ((long)sb.len + n > FSAFE_MAX_FILE) {
			rc = err_set(e, PARC_EDATA,
			    "%s: refused: more than the %ld MB a source file "
			    "may hold",
			    path, FSAFE_MAX_FILE >> 20);
			break;
		}
		sb_add(&sb, chunk, (size_t)n);
	}
	close(fd);
	if (rc == 0) {
		*len = sb.len;
		*buf = sb_detach(&sb);
	}
	sb_release(&sb);
	return rc;
}
