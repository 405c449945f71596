/*
 * sb.h - growable strings (after git's strbuf).
 *
 * A struct sb is never NULL-buffered: after SB_INIT or sb_init() buf points
 * at a valid NUL-terminated string (possibly a shared empty one), so it can
 * be printed at once. sb_detach() hands the malloc'd buffer to the caller;
 * sb_release() frees it. Allocation failure aborts: parc cannot do anything
 * useful once malloc fails, and checking every append hides the logic.
 */
#ifndef PARC_SB_H
#define PARC_SB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

struct sb {
	char *buf;
	size_t len;
	size_t alloc;
};

extern char sb_empty[];
#define SB_INIT                \
	{                      \
		sb_empty, 0, 0 \
	}

void sb_init(struct sb *sb);
/* Free the buffer and reset sb to empty. */
void sb_release(struct sb *sb);
/* Overwrite the whole allocation with zeros, then release: for secrets. */
void sb_wipe(struct sb *sb);
/* Make the string empty, keeping the allocation. */
void sb_reset(struct sb *sb);
/* Make room for at least extra more bytes (plus the NUL). */
void sb_grow(struct sb *sb, size_t extra);
void sb_add(struct sb *sb, const void *data, size_t len);
void sb_adds(struct sb *sb, const char *s);
void sb_addc(struct sb *sb, int c);
void sb_addf(struct sb *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sb_vaddf(struct sb *sb, const char *fmt, va_list ap);
/* Return the malloc'd string (caller frees) and reset sb to empty. */
char *sb_detach(struct sb *sb);

/*
 * Append s for a terminal or a plain-text report: control characters, DEL
 * and invalid UTF-8 (C1 controls included) become visible escapes (\n, \t,
 * \xNN), bidirectional controls and line separators \uNNNN, so data from
 * a source can never move the cursor, change the terminal's state or make
 * text read in another order. The one escaping function: everything from
 * outside that reaches a terminal goes through it.
 */
void sb_add_safe(struct sb *sb, const char *s);

/* Write s to fp escaped as by sb_add_safe(). */
void sb_fputs_safe(const char *s, FILE *fp);

/* Append s as a JSON string literal, quotes included. NULL gives null. */
void sb_add_json(struct sb *sb, const char *s);

/*
 * Append a comma-separated list ("T1078,T1098") as a JSON array of
 * strings; empty items are skipped, NULL or "" gives [].
 */
void sb_add_json_list(struct sb *sb, const char *list);

/*
 * Append s as one RFC 4180 CSV cell. A cell that a spreadsheet would take for
 * a formula (first character =, +, -, @, tab or CR) is prefixed with a quote
 * character ' so it stays text.
 */
void sb_add_csv(struct sb *sb, const char *s);

/* xmalloc-style helpers: abort with a message when memory runs out. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/*
 * A malloc'd copy of the n bytes at s (none of them NUL) with upper case
 * letters lowered (tolower), NUL-terminated; xstrdup_lower copies all of s.
 * Identifiers compared without case (Azure GUIDs and ids, Google emails)
 * are kept so.
 */
char *xstrndup_lower(const char *s, size_t n);
char *xstrdup_lower(const char *s);

/* True when s (len bytes) is well-formed UTF-8. */
int utf8_valid(const char *s, size_t len);

#endif
