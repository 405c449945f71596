/* csv.c - a streaming RFC 4180 reader. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/csv.h"
#include "lib/sb.h"

#define CSV_BUFSIZE (64 * 1024)

struct csv {
	FILE *fp;
	char *name;
	int delim;
	int line;	/* the line the next byte is on */
	int started;	/* the byte order mark has been looked for */
	int read_errno; /* errno of a failed read, or 0 */
	unsigned char *buf;
	size_t pos, len; /* unread bytes are buf[pos..len) */
	struct sb rec;	 /* the record's fields, each NUL-terminated */
	size_t *off;	 /* where each field starts in rec */
	char **fields;
	size_t nfields, falloc;
};

struct csv *
csv_open(FILE *fp, const char *name, int delim)
{
	struct csv *r;

	r = xcalloc(1, sizeof(*r));
	r->fp = fp;
	r->name = xstrdup(name);
	r->delim = delim;
	r->line = 1;
	r->buf = xmalloc(CSV_BUFSIZE);
	sb_init(&r->rec);
	return r;
}

void
csv_close(struct csv *r)
{
	if (r == NULL)
		return;
	free(r->name);
	free(r->buf);
	sb_release(&r->rec);
	free(r->off);
	free(r->fields);
	free(r);
}

const char *
csv_name(const struct csv *r)
{
	return r->name;
}

/*
 * Make at least want bytes available in buf unless the file ends first.
 * Short reads from pipes are retried; a read error is remembered and
 * ends the input.
 */
static void
fill(struct csv *r, size_t want)
{
	size_t n;

	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
	while (r->len < want && r->read_errno == 0) {
		n = fread(r->buf + r->len, 1, CSV_BUFSIZE - r->len, r->fp);
		r->len += n;
		if (n == 0) {
			if (ferror(r->fp))
				r->read_errno = errno ? errno : EIO;
			break;
		}
	}
}

static inline int
getbyte(struct csv *r)
{
	if (r->pos == r->len) {
		fill(r, 1);
		if (r->len == 0)
			return EOF;
	}
	return r->buf[r->pos++];
}

/* Begin field number r->nfields + 1 at the end of rec. */
static int
field_start(struct csv *r, int line, struct err *e)
{
	if (r->nfields == CSV_FIELDS_MAX)
		return err_set(e, PARC_EDATA,
		    "%s:%d: record has more than the limit of %d fields",
		    r->name, line, CSV_FIELDS_MAX);
	if (r->nfields == r->falloc) {
		r->falloc = r->falloc ? r->falloc * 2 : 16;
		r->off = xrealloc(r->off, r->falloc * sizeof(*r->off));
		r->fields = xrealloc(r->fields, r->falloc * sizeof(*r->fields));
	}
	r->off[r->nfields++] = r->rec.len;
	return 0;
}

/* Append byte c to the current field, within the bounds. */
static int
field_add(struct csv *r, int line, int c, struct err *e)
{
	size_t flen = r->rec.len - r->off[r->nfields - 1];

	/* C strings end at NUL: a field holding one cannot be passed on. */
	if (c == '\0')
		return err_set(e, PARC_EDATA,
		    "%s:%d: field %zu contains a NUL byte", r->name, line,
		    r->nfields);
	if (flen >= CSV_FIELD_MAX)
		return err_set(e, PARC_EDATA,
		    "%s:%d: field %zu is longer than the limit of %d bytes",
		    r->name, line, r->nfields, CSV_FIELD_MAX);
	if (r->rec.len >= CSV_RECORD_MAX)
		return err_set(e, PARC_EDATA,
		    "%s:%d: record is longer than the limit of %d bytes",
		    r->name, line, CSV_RECORD_MAX);
	sb_addc(&r->rec, c);
	return 0;
}

/* End the current field: terminate it and check that it is UTF-8. */
static int
field_end(struct csv *r, int line, struct err *e)
{
	size_t start = r->off[r->nfields - 1];

	if (!utf8_valid(r->rec.buf + start, r->rec.len - start))
		return err_set(e, PARC_EDATA,
		    "%s:%d: field %zu is not valid UTF-8", r->name, line,
		    r->nfields);
	sb_addc(&r->rec, '\0');
	return 0;
}

/*
 * Read a quoted field whose opening quote was just read, up to its closing
 * quote; *next gets the byte after that quote.
 */
static int
read_quoted(struct csv *r, int line, int *next, struct err *e)
{
	int c, qline = r->line, rc;

	for (;;) {
		c = getbyte(r);
		if (c == EOF && r->read_errno)
			break;
		if (c == EOF)
			return err_set(e, PARC_EDATA,
			    "%s:%d: unterminated quoted field %zu (the quote "
			    "opened on line %d is never closed)",
			    r->name, line, r->nfields, qline);
		if (c == '"' && (c = getbyte(r)) != '"')
			break;
		if (c == '\n')
			r->line++;
		if ((rc = field_add(r, line, c, e)) != 0)
			return rc;
	}
	*next = c;
	if (c != r->delim && c != '\n' && c != '\r' && c != EOF)
		return err_set(e, PARC_EDATA,
		    "%s:%d: field %zu: text after the closing quote", r->name,
		    line, r->nfields);
	return 0;
}

/*
 * Read an unquoted field starting with byte c; *next gets the byte that
 * ends it.
 */
static int
read_plain(struct csv *r, int line, int c, int *next, struct err *e)
{
	int rc;

	while (c != r->delim && c != '\n' && c != '\r' && c != EOF) {
		if (c == '"')
			return err_set(e, PARC_EDATA,
			    "%s:%d: field %zu: quote inside an unquoted field "
			    "(quote the whole field and double the quote)",
			    r->name, line, r->nfields);
		if ((rc = field_add(r, line, c, e)) != 0)
			return rc;
		c = getbyte(r);
	}
	*next = c;
	return 0;
}

/* c was a CR: the line must end with a LF after it. */
static int
crlf(struct csv *r, struct err *e)
{
	if (getbyte(r) == '\n')
		return 0;
	return err_set(e, PARC_EDATA,
	    "%s:%d: carriage return not followed by a line feed", r->name,
	    r->line);
}

int
csv_next(struct csv *r, char ***fields, size_t *nfields, int *line,
    struct err *e)
{
	size_t i;
	int c, rline, rc;

	if (!r->started) {
		r->started = 1;
		fill(r, 3);
		if (r->len >= 3 && memcmp(r->buf, "\xef\xbb\xbf", 3) == 0)
			r->pos = 3;
	}
	sb_reset(&r->rec);
	r->nfields = 0;

	/* Skip empty lines; the record starts at the first other byte. */
	while ((c = getbyte(r)) == '\n' || c == '\r') {
		if (c == '\r' && (rc = crlf(r, e)) != 0)
			goto out;
		r->line++;
	}
	rline = r->line;
	if (c == EOF) {
		rc = 0;
		goto out;
	}

	for (;;) {
		/* c is the first byte of a field. */
		if ((rc = field_start(r, rline, e)) != 0)
			goto out;
		if (c == '"')
			rc = read_quoted(r, rline, &c, e);
		else
			rc = read_plain(r, rline, c, &c, e);
		if (rc != 0 || (rc = field_end(r, rline, e)) != 0)
			goto out;
		if (c != r->delim)
			break;
		c = getbyte(r);
	}
	if (c == '\r' && (rc = crlf(r, e)) != 0)
		goto out;
	if (c != EOF)
		r->line++;

	/* Pointers only now: rec may have moved while it grew. */
	for (i = 0; i < r->nfields; i++)
		r->fields[i] = r->rec.buf + r->off[i];
	*fields = r->fields;
	*nfields = r->nfields;
	*line = rline;
	rc = 1;
out:
	if (r->read_errno)
		rc = err_set(e, PARC_EIO, "%s:%d: read error: %s", r->name,
		    r->line, strerror(r->read_errno));
	return rc;
}

int
csv_column(char *const *fields, size_t nfields, const char *name)
{
	const char *s;
	size_t i, len, nlen = strlen(name);
	int found = -1;

	for (i = 0; i < nfields; i++) {
		s = fields[i];
		while (*s == ' ' || *s == '\t')
			s++;
		len = strlen(s);
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		if (len != nlen || strncasecmp(s, name, len) != 0)
			continue;
		if (found >= 0)
			return -2;
		found = (int)i;
	}
	return found;
}

int
csv_delim_parse(const char *s)
{
	static const struct {
		const char *word;
		int delim;
	} words[] = {
		{ "comma", ',' },
		{ "semicolon", ';' },
		{ "tab", '\t' },
		{ "pipe", '|' },
	};
	size_t i;
	int c;

	if (s == NULL)
		return -1;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(s, words[i].word) == 0)
			return words[i].delim;
	/* One printable ASCII byte: anything else could split a character. */
	c = (unsigned char)s[0];
	if (c < 0x21 || c > 0x7e || c == '"' || s[1] != '\0')
		return -1;
	return c;
}
