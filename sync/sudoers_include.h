/*
 * sudoers_include.h - the files a sudoers parse reads: @include and
 * @includedir (and #include, #includedir) as sudo resolves them, with
 * loop and depth checks. Each file read is parsed by the grammar
 * (sudoers_gram_buffer()) with a parser of its own.
 */
#ifndef PARC_SUDOERS_INCLUDE_H
#define PARC_SUDOERS_INCLUDE_H

#include "sync/sudoers_parser.h"

/*
 * The path an include names (malloc'd): %h expanded to the host, a
 * relative path taken from the including file's folder, an absolute one
 * rooted in the options' root (a collected host's tree) when there is one.
 */
char *sudoers_include_path(const struct parser *ps, const char *word);

/*
 * Read and parse the file path, included at line:col of ps's file (0:0
 * for the first file). Returns 0, or a negative value once ps->e holds
 * the message ("FILE:LINE:COL: ...") and its code: the file cannot be
 * read, the include loops or nests too deep, or the file does not parse.
 */
int sudoers_include_file(struct parser *ps, const char *path, int line,
    int col);

/*
 * Parse every regular file of dir whose name has no '.' and does not end
 * in '~', in strcmp order, as sudo reads an includedir. A missing
 * directory is no error. Returns as sudoers_include_file().
 */
int sudoers_include_dir(struct parser *ps, const char *dir, int line, int col);

#endif
