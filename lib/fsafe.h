/*
 * fsafe.h - opening files that a source controls: a collected host's
 * tree (sudoers and its includes, passwd, group, wtmp, logs) is written by
 * whoever runs that host, and parc reads it, often as root.
 *
 * A path is opened only beneath the folder it belongs to (openat2 with
 * RESOLVE_BENEATH, or a walk one name at a time where the kernel has no
 * openat2: ".." above the folder, an absolute symbolic link or one
 * leading out of it are refused), never through a symbolic link as its
 * last name, never blocking (a FIFO), and only when it is a regular file
 * (not /dev/zero, not a directory) no larger than a limit.
 */
#ifndef PARC_FSAFE_H
#define PARC_FSAFE_H

#include <stddef.h>
#include <stdio.h>

#include "lib/err.h"

/*
 * Set (by tests) to resolve by the walk even where openat2 works, so the
 * fallback is exercised on every machine.
 */
extern int fsafe_no_openat2;

/* The most a source file may hold; larger files are refused. */
#define FSAFE_MAX_FILE (64L * 1024 * 1024)

/*
 * Open path for reading. root NULL: path as given (symbolic links
 * followed: the operator named it). root set: path must name a file
 * beneath root (a prefix of path, as the callers build it). Returns a
 * descriptor (close-on-exec, blocking again), or a negative PARC_E code
 * with e saying "PATH: why" (ENOENT keeps errno for callers that accept
 * a missing file: PARC_EIO and errno == ENOENT).
 */
int fsafe_open(const char *root, const char *path, struct err *e);

/*
 * fsafe_open() as a stdio stream (mode "r" or "rb"), NULL on error; max
 * the size allowed (0: any, for logs read a line at a time).
 */
FILE *fsafe_fopen(const char *root, const char *path, const char *mode,
    long max, struct err *e);

/*
 * Read the whole file (fsafe_open() rules, at most FSAFE_MAX_FILE bytes)
 * into *buf (malloc'd, NUL-terminated), its length in *len. 0 or a
 * negative PARC_E code.
 */
int fsafe_read(const char *root, const char *path, char **buf, size_t *len,
    struct err *e);

/*
 * Open the directory path (beneath root when set) for reading its
 * entries: a descriptor for fdopendir(), or a negative code as
 * fsafe_open() (ENOENT kept in errno).
 */
int fsafe_opendir(const char *root, const char *path, struct err *e);

#endif
