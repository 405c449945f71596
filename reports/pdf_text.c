/* pdf_text.c - text in the PDF: measured, wrapped and drawn (pdf_text.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reports/pdf_text.h"

static uint32_t
fnv(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* Whether s[0..n) is printable ASCII, which the glyph path draws. */
static int
ascii(const char *s, size_t n)
{
	for (; n > 0; s++, n--)
		if (*s < 0x20 || *s > 0x7e)
			return 0;
	return 1;
}

const char *
pdf_text_clean(struct pdf_text *tx, const char *s)
{
	const char *nl;
	char *line;

	sb_reset(&tx->clean);
	if (s == NULL)
		return "";
	while ((nl = strchr(s, '\n')) != NULL) {
		line = strndup(s, (size_t)(nl - s));
		if (line == NULL)
			abort();
		sb_add_safe(&tx->clean, line);
		sb_addc(&tx->clean, '\n');
		free(line);
		s = nl + 1;
	}
	sb_add_safe(&tx->clean, s);
	return tx->clean.buf;
}

/* Set the measuring layout to s[0..n) in f, unbroken. */
static double
pango_width(struct pdf_face *f, const char *s, size_t n)
{
	PangoLayout *l = f->tx->mlay;
	int w, h;

	pango_layout_set_font_description(l, f->desc);
	pango_layout_set_width(l, -1);
	pango_layout_set_text(l, s, (int)n);
	pango_layout_get_size(l, &w, &h);
	return (double)w / PANGO_SCALE;
}

/*
 * The width of s[0..n) in f (wrap.c's measure): advances added for ASCII,
 * else pango's, kept per distinct text.
 */
static double
face_width(const char *s, size_t n, void *arg)
{
	struct pdf_face *f = arg;
	struct pdf_text *tx = f->tx;
	struct pdf_width *c;
	double w = 0;
	size_t i;

	if (f->sf != NULL && ascii(s, n)) {
		for (i = 0; i < n; i++)
			w += f->adv[s[i] - 0x20];
		return w;
	}
	sb_reset(&tx->key);
	sb_add(&tx->key, &f, sizeof(f));
	sb_add(&tx->key, s, n);
	c = &tx->widths[fnv(tx->key.buf, tx->key.len) % PDF_NWIDTHS];
	if (c->key != NULL && c->keylen == tx->key.len &&
	    memcmp(c->key, tx->key.buf, c->keylen) == 0)
		return c->w;
	free(c->key);
	c->keylen = tx->key.len;
	c->key = xmalloc(c->keylen);
	memcpy(c->key, tx->key.buf, c->keylen);
	c->w = pango_width(f, s, n);
	return c->w;
}

void
pdf_text_init(struct pdf_text *tx, cairo_t *cr)
{
	memset(tx, 0, sizeof(*tx));
	sb_init(&tx->clean);
	sb_init(&tx->wrapped);
	sb_init(&tx->key);
	sb_init(&tx->utf8);
	tx->cr = cr;
	tx->ctx = pango_cairo_create_context(cr);
	/*
	 * Pango rounds each glyph's advance to a whole device unit, a
	 * point here: at 7.5 points an 'a' of 4.6 took 5, and text looked
	 * spaced at random. A PDF keeps fractions, so keep the font's own.
	 */
	pango_context_set_round_glyph_positions(tx->ctx, FALSE);
	/*
	 * A name broken inside a word must not gain a hyphen it does not
	 * have: the evidence shows names exactly.
	 */
	tx->attrs = pango_attr_list_new();
	pango_attr_list_insert(tx->attrs, pango_attr_insert_hyphens_new(FALSE));
	tx->lay = pango_layout_new(tx->ctx);
	tx->mlay = pango_layout_new(tx->ctx);
	pango_layout_set_wrap(tx->lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_attributes(tx->lay, tx->attrs);
	pango_layout_set_attributes(tx->mlay, tx->attrs);
}

void
pdf_text_release(struct pdf_text *tx)
{
	size_t i;

	for (i = 0; i < PDF_NLAYS; i++) {
		if (tx->lays[i].lay != NULL)
			g_object_unref(tx->lays[i].lay);
		free(tx->lays[i].key);
	}
	for (i = 0; i < PDF_NWIDTHS; i++)
		free(tx->widths[i].key);
	g_object_unref(tx->lay);
	g_object_unref(tx->mlay);
	g_object_unref(tx->ctx);
	pango_attr_list_unref(tx->attrs);
	free(tx->g);
	free(tx->cl);
	sb_release(&tx->clean);
	sb_release(&tx->wrapped);
	sb_release(&tx->key);
	sb_release(&tx->utf8);
}

/*
 * The glyph and advance of each printable ASCII character, as pango
 * shapes it alone; the glyph path is off (f->sf NULL) unless one font
 * has them all, each one glyph.
 */
static void
face_glyphs(struct pdf_face *f)
{
	PangoLayout *l = f->tx->mlay;
	PangoFont *font = NULL;
	PangoLayoutLine *line;
	PangoLayoutRun *run;
	PangoGlyphInfo *gi;
	char ch;
	int c;

	pango_layout_set_font_description(l, f->desc);
	pango_layout_set_width(l, -1);
	for (c = 0x20; c <= 0x7e; c++) {
		ch = (char)c;
		pango_layout_set_text(l, &ch, 1);
		line = pango_layout_get_line_readonly(l, 0);
		if (line == NULL || line->runs == NULL ||
		    line->runs->next != NULL)
			return;
		run = line->runs->data;
		if (run->glyphs->num_glyphs != 1)
			return;
		gi = &run->glyphs->glyphs[0];
		if ((gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0 ||
		    gi->geometry.x_offset != 0 || gi->geometry.y_offset != 0 ||
		    (font != NULL && run->item->analysis.font != font))
			return;
		font = run->item->analysis.font;
		f->glyph[c - 0x20] = gi->glyph;
		f->adv[c - 0x20] = (double)gi->geometry.width / PANGO_SCALE;
	}
	f->sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
	if (f->sf != NULL)
		cairo_scaled_font_reference(f->sf);
}

void
pdf_face_init(struct pdf_text *tx, struct pdf_face *f, const char *family,
    double size, int bold)
{
	int w, h;

	memset(f, 0, sizeof(*f));
	f->tx = tx;
	f->desc = pango_font_description_new();
	pango_font_description_set_family(f->desc, family);
	pango_font_description_set_absolute_size(f->desc, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(f->desc, PANGO_WEIGHT_BOLD);
	f->m.width = face_width;
	f->m.arg = f;
	pango_layout_set_font_description(tx->mlay, f->desc);
	pango_layout_set_width(tx->mlay, -1);
	pango_layout_set_text(tx->mlay, "Xg", -1);
	pango_layout_get_size(tx->mlay, &w, &h);
	f->line_h = (double)h / PANGO_SCALE;
	f->base = (double)pango_layout_get_baseline(tx->mlay) / PANGO_SCALE;
	face_glyphs(f);
}

void
pdf_face_release(struct pdf_face *f)
{
	if (f->sf != NULL)
		cairo_scaled_font_destroy(f->sf);
	if (f->desc != NULL)
		pango_font_description_free(f->desc);
	memset(f, 0, sizeof(*f));
}

void
pdf_text_extent(struct pdf_face *f, const char *s, double ext[RPT_WRAP_N])
{
	rpt_wrap_extent(pdf_text_clean(f->tx, s), &f->m, ext);
}

double
pdf_text_width(struct pdf_face *f, const char *s)
{
	double ext[RPT_WRAP_N];

	pdf_text_extent(f, s, ext);
	return ext[RPT_WRAP_LINE];
}

void
pdf_text_flush(struct pdf_text *tx)
{
	if (tx->ng == 0)
		return;
	cairo_set_scaled_font(tx->cr, tx->bf->sf);
	cairo_show_text_glyphs(tx->cr, tx->utf8.buf, (int)tx->utf8.len, tx->g,
	    (int)tx->ng, tx->cl, (int)tx->ng, 0);
	tx->ng = 0;
	sb_reset(&tx->utf8);
}

/* Queue the ASCII line s[0..n) in f, its baseline starting at (x, y). */
static void
glyphs_add(struct pdf_face *f, double x, double y, const char *s, size_t n)
{
	struct pdf_text *tx = f->tx;
	size_t i;
	int c;

	if (tx->bf != f)
		pdf_text_flush(tx);
	tx->bf = f;
	if (tx->ng + n > tx->galloc) {
		tx->galloc = (tx->ng + n) * 2;
		tx->g = xrealloc(tx->g, tx->galloc * sizeof(*tx->g));
		tx->cl = xrealloc(tx->cl, tx->galloc * sizeof(*tx->cl));
	}
	for (i = 0; i < n; i++) {
		c = s[i] - 0x20;
		tx->g[tx->ng].index = f->glyph[c];
		tx->g[tx->ng].x = x;
		tx->g[tx->ng].y = y;
		tx->cl[tx->ng].num_bytes = 1;
		tx->cl[tx->ng].num_glyphs = 1;
		tx->ng++;
		x += f->adv[c];
	}
	sb_add(&tx->utf8, s, n);
}

/* The layout of text (clean) in f as pdf_text_box() says, from the cache. */
static struct pdf_lay *
cached(struct pdf_face *f, const char *text, double width, double maxh,
    enum pdf_align align)
{
	struct pdf_text *tx = f->tx;
	struct {
		const struct pdf_face *f;
		int width, maxh, align;
	} k;
	struct pdf_lay *c;
	int w, h;

	memset(&k, 0, sizeof(k));
	k.f = f;
	k.width = (int)(width * PANGO_SCALE);
	k.maxh = maxh > 0 ? (int)(maxh * PANGO_SCALE) : -1;
	k.align = (int)align;
	sb_reset(&tx->key);
	sb_add(&tx->key, &k, sizeof(k));
	sb_adds(&tx->key, text);
	c = &tx->lays[fnv(tx->key.buf, tx->key.len) % PDF_NLAYS];
	if (c->lay != NULL && c->keylen == tx->key.len &&
	    memcmp(c->key, tx->key.buf, c->keylen) == 0)
		return c;
	free(c->key);
	c->keylen = tx->key.len;
	c->key = xmalloc(c->keylen);
	memcpy(c->key, tx->key.buf, c->keylen);
	if (c->lay == NULL) {
		c->lay = pango_layout_new(tx->ctx);
		pango_layout_set_wrap(c->lay, PANGO_WRAP_WORD_CHAR);
		pango_layout_set_attributes(c->lay, tx->attrs);
	}
	/* wrap.c's breaks first; pango breaks only a line still too wide */
	sb_reset(&tx->wrapped);
	rpt_wrap(&tx->wrapped, text, width, &f->m);
	pango_layout_set_font_description(c->lay, f->desc);
	pango_layout_set_width(c->lay, k.width);
	pango_layout_set_alignment(c->lay,
	    align == PDF_RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	pango_layout_set_ellipsize(c->lay,
	    maxh > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
	pango_layout_set_height(c->lay, k.maxh);
	pango_layout_set_text(c->lay, tx->wrapped.buf, (int)tx->wrapped.len);
	pango_layout_get_size(c->lay, &w, &h);
	c->h = (double)h / PANGO_SCALE;
	return c;
}

double
pdf_text_box(struct pdf_face *f, const char *s, double x, double y,
    double width, double maxh, enum pdf_align align, int draw)
{
	struct pdf_text *tx = f->tx;
	const char *text = pdf_text_clean(tx, s), *l, *nl;
	struct pdf_lay *c;
	double h, lw;
	size_t n, i;
	int lines;

	for (l = text; *l != '\0'; l++)
		if ((*l < 0x20 || *l > 0x7e) && *l != '\n')
			break;
	if (f->sf == NULL || *l != '\0')
		goto pango;
	sb_reset(&tx->wrapped);
	lines = rpt_wrap(&tx->wrapped, text, width, &f->m);
	h = lines * f->line_h;
	if (maxh > 0 && h > maxh)
		goto pango;
	if (!draw)
		return h;
	for (l = tx->wrapped.buf, i = 0; l != NULL; i++) {
		nl = strchr(l, '\n');
		n = nl ? (size_t)(nl - l) : strlen(l);
		lw = align == PDF_RIGHT ? face_width(l, n, f) : 0;
		if (n > 0)
			glyphs_add(f, x + (align == PDF_RIGHT ? width - lw : 0),
			    y + (double)i * f->line_h + f->base, l, n);
		l = nl ? nl + 1 : NULL;
	}
	return h;
pango:
	c = cached(f, text, width, maxh, align);
	if (draw) {
		pdf_text_flush(tx);
		cairo_move_to(tx->cr, x, y);
		pango_cairo_show_layout(tx->cr, c->lay);
	}
	return c->h;
}
