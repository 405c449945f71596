/*
 * csv.h - a streaming RFC 4180 reader for exports (HR files, overrides).
 *
 * Records are read one at a time, so a file of any length needs memory for
 * one record only. The reader accepts what spreadsheets and HR systems
 * write: fields quoted with ", a quote inside quotes doubled (""), line
 * breaks and delimiters inside quotes, CRLF or LF line ends, a UTF-8 byte
 * order mark at the start, and a last line with or without a line end.
 * Empty lines are skipped. It refuses, with PARC_EDATA and "NAME:LINE:
 * message" (LINE being where the record starts), what would otherwise be
 * guessed at: a quote inside an unquoted field, text after a closing quote,
 * a quote never closed, a carriage return outside quotes that does not end
 * a line, a NUL byte, a field that is not UTF-8, and anything longer than
 * the bounds below.
 */
#ifndef PARC_CSV_H
#define PARC_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "lib/err.h"

#define CSV_FIELD_MAX (64 * 1024)    /* bytes in one field */
#define CSV_RECORD_MAX (1024 * 1024) /* bytes in one record, all fields */
#define CSV_FIELDS_MAX 4096	     /* fields in one record */

struct csv;

/*
 * Start reading fp, a file opened for reading that the caller keeps owning
 * (csv_close does not close it). name is what messages call the file; it is
 * copied. delim separates fields: an ASCII byte other than '"', CR, LF and
 * NUL, which the caller must check (csv_delim_parse gives only such bytes).
 * Never returns NULL.
 */
struct csv *csv_open(FILE *fp, const char *name, int delim);

/*
 * Read the next record. Returns 1 with *fields pointing at *nfields
 * NUL-terminated strings and *line at the line the record starts on, 0 at
 * the end of the file, or a negative code: PARC_EDATA for malformed input,
 * PARC_EIO when reading fails, both with "NAME:LINE: message" in e. The
 * fields belong to the reader and stay valid until the next csv_next or
 * csv_close; the caller may modify their bytes in place. After an error
 * the reader is at an unknown place and only csv_close is useful.
 */
int csv_next(struct csv *r, char ***fields, size_t *nfields, int *line,
    struct err *e);

/* The name messages use. Lives as long as r. */
const char *csv_name(const struct csv *r);

/* Free the reader (not its file). csv_close(NULL) is a no-op. */
void csv_close(struct csv *r);

/*
 * The index of the header field equal to name, ignoring ASCII case and
 * surrounding blanks, or -1 when no field is, or -2 when more than one is
 * (a header the caller should refuse as ambiguous).
 */
int csv_column(char *const *fields, size_t nfields, const char *name);

/*
 * Read a configured delimiter: one printable ASCII character other than '"',
 * or one of the words "comma", "semicolon", "tab", "pipe" (a tab cannot be
 * written in an INI value, and INI readers may take ";" for a comment).
 * Returns the byte, or -1 when s is not a usable delimiter.
 */
int csv_delim_parse(const char *s);

#endif
