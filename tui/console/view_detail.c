/*
 * view_detail.c - one review item: why it is privileged (the group path,
 * the rule, the role and scope), its findings with their evidence and
 * ATT&CK ids, and what was decided on it and on the same grant before.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "db/decision.h"
#include "db/finding.h"
#include "db/item.h"
#include "lib/sb.h"
#include "lib/text.h"
#include "tui/console/views.h"

struct detail {
	int64_t id;
	int64_t now;
	char *title;
	int nfindings;
};

static void
add_line(struct view *v, int style, const char *text)
{
	struct row *r = view_add_row(v);

	row_add(r, text, style);
	r->style = style;
}

/*
 * Add text as lines no wider than the screen, broken at spaces, the
 * continuation lines indented like the first plus two: evidence and
 * reasons are read whole, never cut. Widths are those of the escaped
 * text, as it will be drawn.
 */
static void
line(struct view *v, int style, const char *text)
{
	struct sb cur = SB_INIT, word = SB_INIT, esc = SB_INIT;
	const char *p = text, *q;
	size_t width = v->width > 20 ? (size_t)v->width : 20, indent = 0;
	size_t cw = 0, ww;

	while (text[indent] == ' ')
		indent++;
	if (text_width(text) <= width) {
		add_line(v, style, text);
		return;
	}
	sb_add(&cur, text, indent);
	cw = indent;
	p = text + indent;
	while (*p) {
		q = strchr(p, ' ');
		sb_reset(&word);
		sb_add(&word, p, q ? (size_t)(q - p) : strlen(p));
		p = q ? q + 1 : p + strlen(p);
		sb_reset(&esc);
		sb_add_safe(&esc, word.buf);
		ww = text_width(esc.buf);
		if (cur.len > indent && cw + 1 + ww > width) {
			add_line(v, style, cur.buf);
			sb_reset(&cur);
			cw = 0;
			for (; cw < indent + 2 && cw < width / 2; cw++)
				sb_addc(&cur, ' ');
		} else if (cur.len > indent && cur.buf[cur.len - 1] != ' ') {
			sb_addc(&cur, ' ');
			cw++;
		}
		sb_adds(&cur, word.buf);
		cw += ww;
	}
	if (cur.len > 0)
		add_line(v, style, cur.buf);
	sb_release(&cur);
	sb_release(&word);
	sb_release(&esc);
}

static void linef(struct view *v, int style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
linef(struct view *v, int style, const char *fmt, ...)
{
	struct sb sb = SB_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	line(v, style, sb.buf);
	sb_release(&sb);
}

static int
add_finding(const struct db_item_finding *f, void *arg)
{
	struct view *v = arg;
	struct detail *d = v->priv;
	struct sb sb = SB_INIT;

	d->nfindings++;
	sb_addf(&sb, "  %s", finding_kind_label(f->kind ? f->kind : "?"));
	if (f->severity)
		sb_addf(&sb, " (%s)", f->severity);
	if (f->techniques && *f->techniques)
		sb_addf(&sb, "  ATT&CK %s", f->techniques);
	line(v, ST_FLAG, sb.buf);
	if (f->evidence && *f->evidence)
		linef(v, ST_NORMAL, "    %s", f->evidence);
	sb_release(&sb);
	return 0;
}

static int
add_item(const struct item_row *it, void *arg)
{
	struct view *v = arg;
	struct detail *d = v->priv;
	struct sb sb = SB_INIT;

	free(d->title);
	sb_addf(&sb, "Item %lld - %s - %s", (long long)it->id,
	    it->person ? it->person : it->account, it->entitlement);
	d->title = sb_detach(&sb);
	linef(v, ST_HEADER, "%s", it->person ? it->person : "(tied to nobody)");
	sb_addf(&sb, "  account %s in %s (%s)", it->account, it->source,
	    it->source_kind);
	if (it->host)
		sb_addf(&sb, " on %s", it->host);
	if (it->employee_id)
		sb_addf(&sb, ", employee %s", it->employee_id);
	line(v, ST_NORMAL, sb.buf);
	sb_reset(&sb);
	sb_add_age(&sb, it->last_used, (time_t)d->now);
	linef(v, it->last_used ? ST_NORMAL : ST_DIM, "  last used: %s%s%s",
	    sb.buf, it->last_used && strcmp(sb.buf, "today") ? " ago" : "",
	    it->last_used ? "" : " (the source does not tell)");
	sb_reset(&sb);
	line(v, ST_NORMAL, "");
	line(v, ST_HEADER, "Why this is privileged");
	if (it->tier >= 0)
		linef(v, it->tier == 0 ? ST_DANGER : ST_NORMAL, "  %s, tier %d",
		    it->entitlement, it->tier);
	else
		linef(v, ST_NORMAL, "  %s, unclassified", it->entitlement);
	if (it->reason && *it->reason)
		linef(v, ST_NORMAL, "  %s", it->reason);
	sb_add_path(&sb, it->path, TEXT_ARROW);
	linef(v, ST_NORMAL, "  path: %s", sb.buf);
	sb_reset(&sb);
	line(v, ST_NORMAL, "");
	/* Filled in with the count when the findings are read. */
	line(v, ST_HEADER, "Findings");
	line(v, ST_NORMAL, "");
	sb_addf(&sb, "Decision: %s", it->decision);
	if (it->until)
		sb_addf(&sb, " until %s", it->until);
	if (it->decided_by)
		sb_addf(&sb, " by %s", it->decided_by);
	if (it->decided_at)
		sb_addf(&sb, " at %s", it->decided_at);
	line(v, ST_HEADER, sb.buf);
	sb_reset(&sb);
	if (it->comment && *it->comment)
		linef(v, ST_NORMAL, "  \"%s\"", it->comment);
	linef(v, ST_NORMAL, "  reviewer: %s%s%s",
	    it->reviewer ? it->reviewer : "(unassigned)",
	    it->reassigned_from ? ", reassigned: " : "",
	    it->reassigned_from ? it->reassigned_from : "");
	if (it->remediated_at)
		linef(v, ST_GOOD, "  removed from the source: %s",
		    it->remediated_at);
	sb_release(&sb);
	return 0;
}

static int
add_history(const struct decision_row *h, void *arg)
{
	struct view *v = arg;
	struct sb sb = SB_INIT;

	sb_addf(&sb, "  %.16s  %s", h->decided_at ? h->decided_at : "",
	    h->decision);
	if (h->until)
		sb_addf(&sb, " until %s", h->until);
	if (h->delegate)
		sb_addf(&sb, " to %s", h->delegate);
	sb_addf(&sb, " by %s", h->decided_by);
	if (h->acted_by)
		sb_addf(&sb, " (acted by %s)", h->acted_by);
	if (h->comment && *h->comment)
		sb_addf(&sb, ": %s", h->comment);
	line(v, ST_NORMAL, sb.buf);
	sb_release(&sb);
	return 0;
}

static int
add_prior(const struct item_row *it, void *arg)
{
	struct view *v = arg;
	struct sb sb = SB_INIT;

	sb_addf(&sb, "  %s: %s", it->campaign ? it->campaign : "?",
	    it->decision);
	if (it->until)
		sb_addf(&sb, " until %s", it->until);
	if (it->decided_by)
		sb_addf(&sb, " by %s", it->decided_by);
	if (it->decided_at)
		sb_addf(&sb, " on %.10s", it->decided_at);
	if (it->comment && *it->comment)
		sb_addf(&sb, ": %s", it->comment);
	line(v, ST_NORMAL, sb.buf);
	sb_release(&sb);
	return 0;
}

static int
detail_reload(struct view *v, struct err *e)
{
	struct detail *d = v->priv;
	size_t findings_at, n;
	int rc;

	if ((rc = item_get(v->db, d->id, add_item, v, e)) != 0)
		return rc;
	if (v->nrows == 0)
		return err_set(e, PARC_ENOTFOUND, "no review item %lld",
		    (long long)d->id);
	/* The findings go under their heading: the line after it. */
	for (findings_at = 0; findings_at < v->nrows; findings_at++)
		if (strcmp(v->rows[findings_at].cells[0].text, "Findings") == 0)
			break;
	n = v->nrows;
	d->nfindings = 0;
	if ((rc = db_item_findings(v->db, d->id, add_finding, v, e)) != 0)
		return rc;
	if (findings_at < n) {
		free(v->rows[findings_at].cells[0].text);
		v->rows[findings_at].cells[0].text =
		    xstrdup(d->nfindings == 0 ? "Findings: none" : "Findings");
		if (d->nfindings > 0) {
			struct sb sb = SB_INIT;

			sb_addf(&sb, "Findings (%d)", d->nfindings);
			free(v->rows[findings_at].cells[0].text);
			v->rows[findings_at].cells[0].text = sb_detach(&sb);
		}
	}
	if (v->nrows > n && findings_at < n) {
		/* Rotate the new lines to just after the heading. */
		size_t k = v->nrows - n, at = findings_at + 1;
		struct row *tmp = xmalloc(k * sizeof(*tmp));

		memcpy(tmp, v->rows + n, k * sizeof(*tmp));
		memmove(v->rows + at + k, v->rows + at,
		    (n - at) * sizeof(*v->rows));
		memcpy(v->rows + at, tmp, k * sizeof(*tmp));
		free(tmp);
	}
	line(v, ST_NORMAL, "");
	line(v, ST_HEADER, "History of this item");
	n = v->nrows;
	if ((rc = item_history(v->db, d->id, add_history, v, e)) != 0)
		return rc;
	if (v->nrows == n)
		line(v, ST_DIM, "  no decision yet");
	line(v, ST_NORMAL, "");
	line(v, ST_HEADER, "Earlier campaigns on the same grant");
	n = v->nrows;
	if ((rc = item_prior(v->db, d->id, add_prior, v, e)) != 0)
		return rc;
	if (v->nrows == n)
		line(v, ST_DIM, "  none");
	return 0;
}

static int
detail_open(struct view *v, struct err *e)
{
	v->no_header = 1;
	return detail_reload(v, e);
}

static void
detail_title(struct view *v, struct sb *sb)
{
	struct detail *d = v->priv;

	sb_adds(sb, d->title ? d->title : "Item");
}

static void
detail_status(struct view *v, struct sb *sb)
{
	sb_addf(sb, "line %zu of %zu", view_top(v) + 1, v->nrows);
}

static enum view_result
detail_request(struct view *v, enum request req, struct err *e)
{
	size_t h = (size_t)v->height;

	(void)e;
	/* A page of text scrolls: the cursor is the bottom line. */
	switch (req) {
	case REQ_SCROLL_DOWN:
		if (v->top + h >= v->nrows)
			return VR_NONE;
		v->top++;
		v->cursor = v->top;
		return VR_REDRAW;
	case REQ_SCROLL_UP:
		if (v->top == 0)
			return VR_NONE;
		v->top--;
		v->cursor = v->top;
		return VR_REDRAW;
	default:
		return VR_UNHANDLED;
	}
}

static void
detail_done(struct view *v)
{
	struct detail *d = v->priv;

	if (d == NULL)
		return;
	free(d->title);
	free(d);
	v->priv = NULL;
}

static int64_t
detail_item(const struct view *v)
{
	const struct detail *d = v->priv;

	return d->id;
}

static const struct view_ops detail_ops = {
	.shown_by = REQ_NONE, /* opened from a row */
	.open = detail_open,
	.reload = detail_reload,
	.title = detail_title,
	.status = detail_status,
	.request = detail_request,
	.done = detail_done,
	.item = detail_item,
	.steps_below = 1,
};

int
view_detail_open(struct view *v, struct db *db, const struct actor *a,
    int64_t id, int64_t now, int height, int width, struct err *e)
{
	struct detail *d = xcalloc(1, sizeof(*d));

	d->id = id;
	d->now = now;
	v->priv = d;
	return view_open(v, &detail_ops, db, a, height, width, e);
}
