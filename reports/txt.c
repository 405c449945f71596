/* txt.c - a report as plain text (see txt.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sb.h"
#include "lib/text.h"
#include "reports/txt.h"

#define TXT_WIDTH 100

/* Columns s takes once escaped. */
static size_t
safe_width(const char *s, struct sb *tmp)
{
	sb_reset(tmp);
	sb_add_safe(tmp, s ? s : "-");
	return text_width(tmp->buf);
}

static int
flush(struct sb *sb, FILE *fp, int force, struct err *e)
{
	if (sb->len == 0 || (!force && sb->len < 65536))
		return 0;
	if (fwrite(sb->buf, 1, sb->len, fp) != sb->len)
		return err_set(e, PARC_EIO, "writing the report: %s",
		    strerror(errno));
	sb_reset(sb);
	return 0;
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static int
table(struct sb *sb, const struct rpt_table *t, FILE *fp, struct err *e)
{
	struct sb tmp = SB_INIT;
	size_t *w = xcalloc(t->ncols, sizeof(*w));
	size_t r, c, total = 0, lw = 0, x;
	int rc = 0;

	for (c = 0; c < t->ncols; c++) {
		if ((int)c == t->group_col)
			continue;
		w[c] = safe_width(t->cols[c].label, &tmp);
		if (w[c] > lw)
			lw = w[c];
		for (r = 0; r < t->nrows; r++)
			if ((x = safe_width(rpt_cell(t, r, c), &tmp)) > w[c])
				w[c] = x;
		total += w[c] + 2;
	}
	if (t->nrows == 0) {
		sb_adds(sb, "  (none)\n\n");
	} else if (total <= TXT_WIDTH && t->group_col < 0) {
		sb_adds(sb, "  ");
		for (c = 0; c < t->ncols; c++) {
			sb_add_cell(sb, t->cols[c].label, w[c],
			    c + 1 < t->ncols);
			sb_adds(sb, c + 1 < t->ncols ? "  " : "\n");
		}
		for (r = 0; r < t->nrows; r++) {
			sb_adds(sb, "  ");
			for (c = 0; c < t->ncols; c++) {
				const char *v = rpt_cell(t, r, c);

				sb_add_cell(sb, v ? v : "-", w[c],
				    c + 1 < t->ncols);
				sb_adds(sb, c + 1 < t->ncols ? "  " : "\n");
			}
			if ((rc = flush(sb, fp, 0, e)) != 0)
				goto out;
		}
		sb_addc(sb, '\n');
	} else {
		for (r = 0; r < t->nrows; r++) {
			const char *g = t->group_col < 0
			    ? NULL
			    : rpt_cell(t, r, (size_t)t->group_col);

			if (t->group_col >= 0 &&
			    (r == 0 ||
				!same(g,
				    rpt_cell(t, r - 1,
					(size_t)t->group_col)))) {
				sb_adds(sb, "-- ");
				sb_add_safe(sb, t->group_label);
				sb_adds(sb, ": ");
				sb_add_safe(sb, g ? g : "(none)");
				sb_adds(sb, " --\n\n");
			}
			for (c = 0; c < t->ncols; c++) {
				const char *v = rpt_cell(t, r, c);

				if ((int)c == t->group_col)
					continue;
				/* the first field heads the record */
				sb_adds(sb, c == 0 ? "  " : "    ");
				sb_add_cell(sb, t->cols[c].label,
				    c == 0 ? lw + 2 : lw, 1);
				sb_adds(sb, "  ");
				sb_add_safe(sb, v ? v : "-");
				sb_addc(sb, '\n');
			}
			sb_addc(sb, '\n');
			if ((rc = flush(sb, fp, 0, e)) != 0)
				goto out;
		}
	}
out:
	free(w);
	sb_release(&tmp);
	return rc;
}

int
rpt_txt_write(const struct rpt_doc *d, FILE *fp, struct err *e)
{
	struct sb sb = SB_INIT, tmp = SB_INIT;
	size_t i, j, k, lw;
	int rc = 0;

	sb_add_safe(&sb, d->title);
	sb_adds(&sb, ": ");
	sb_add_safe(&sb, d->subject);
	sb_adds(&sb, "\ngenerated ");
	sb_add_safe(&sb, d->generated_at);
	sb_adds(&sb, " by ");
	sb_add_safe(&sb, d->generated_by);
	sb_adds(&sb, "\n");
	if (d->draft != NULL) { /* as the PDF's every page: not final */
		sb_adds(&sb, "DRAFT - ");
		sb_add_safe(&sb, d->draft);
		sb_adds(&sb, "\n");
	}
	sb_adds(&sb, "\n");
	for (i = 0; i < d->nsections; i++) {
		const struct rpt_section *s = &d->sections[i];

		if (s->title != NULL) {
			sb_adds(&sb, "== ");
			sb_add_safe(&sb, s->title);
			sb_adds(&sb, " ==\n\n");
		}
		for (j = 0; j < s->nblocks; j++) {
			const struct rpt_block *b = &s->blocks[j];

			switch (b->kind) {
			case RPT_TEXT:
				sb_add_safe(&sb, b->text);
				sb_adds(&sb, "\n\n");
				break;
			case RPT_FIELDS:
				lw = 0;
				for (k = 0; k < b->nfields; k++)
					if (safe_width(b->fields[k].label,
						&tmp) > lw)
						lw = text_width(tmp.buf);
				for (k = 0; k < b->nfields; k++) {
					const char *v = b->fields[k].value;

					sb_adds(&sb, "  ");
					sb_add_cell(&sb, b->fields[k].label, lw,
					    1);
					sb_adds(&sb, "  ");
					sb_add_safe(&sb, v && *v ? v : "-");
					sb_addc(&sb, '\n');
				}
				sb_addc(&sb, '\n');
				break;
			case RPT_TABLE:
				if ((rc = table(&sb, b->table, fp, e)) != 0)
					goto out;
				break;
			}
			if ((rc = flush(&sb, fp, 0, e)) != 0)
				goto out;
		}
	}
	rc = flush(&sb, fp, 1, e);
out:
	sb_release(&sb);
	sb_release(&tmp);
	return rc;
}
