/* Writing the PDF ourselves (ISO 32000-1). cairo's PDF surface records every
 * page, replays it, loads each glyph's outline from FreeType once more to
 * decide how to embed it, subsets the already subset fonts again and writes a
 * second font for Latin glyphs: most of a render's time. The layout already
 * knows everything a page shows, so the page descriptions are written here
 * from it:
 *
 * - text: one BT block per page; each piece of a line is placed with Tm and
 *   drawn with TJ, the glyph positions Pango computed kept exactly by
 *   adjustments in the TJ array against the widths written in /W. The text of
 *   each glyph goes into the font's ToUnicode map from Pango's clusters; a
 *   cluster the map cannot express (several glyphs, no glyph, a glyph
 *   already mapped to other text, or .notdef standing for a character no font
 *   has) is wrapped in an ActualText span, as cairo does. A right-to-left
 *   piece's glyphs are in visual order too, its clusters read backwards.
 * - fonts: each subset from fontsubset.c once, at every size it is used
 *   (pdffont.c); the file's objects and syntax are pdffile.c's.
 * - images: a JPEG's bytes as they are (DCTDecode; an Adobe CMYK JPEG gets
 *   the /Decode that undoes its inversion); PNG, WebP and SVG (drawn into
 *   pixels at its placed size, image.c) as Flate-compressed RGB with an
 *   alpha soft mask when they have one. The same file drawn twice, by one
 *   path or two, is embedded once. One that cannot be read or decoded is
 *   drawn as a placeholder (an error under --strict, render.c).
 * - TrimBox and BleedBox when the page has a bleed, crop marks in
 *   registration colour (all four inks).
 *
 * Coordinates: the layout's y runs down from the top of the trimmed page;
 * PDF's y runs up from the bottom of the media box, so y' = H - (o + y). */
#include "pdfwrite.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "../text/marks.h"
#include "fontsubset.h"
#include "image.h"
#include "pagebox.h"
#include "pdffile.h"
#include "pdffont.h"

/* ---- images ------------------------------------------------------------ */

typedef struct {
    const char *path;
    dev_t dev; /* the file (0, 0: known by its path only) */
    ino_t ino;
    pb_len w, h; /* SVG: the size it is drawn at */
    int id;      /* 0: could not be read (a warning was given) */
} image;

/* RGB (and alpha when any pixel is not opaque) of a cairo image surface. */
static void put_pixels(pb_pdffile *p, int id, cairo_surface_t *s)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    bool argb = cairo_image_surface_get_format(s) == CAIRO_FORMAT_ARGB32;
    const unsigned char *px = cairo_image_surface_get_data(s);
    size_t n = (size_t)w * (size_t)h;
    unsigned char *rgb = pb_xmalloc(3 * n), *alpha = pb_xmalloc(n);
    bool translucent = false;
    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)(px + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++) {
            uint32_t v = row[x], a = argb ? v >> 24 : 255;
            size_t i = (size_t)y * (size_t)w + (size_t)x;
            uint32_t c[3] = {v >> 16 & 255, v >> 8 & 255, v & 255};
            for (int k = 0; k < 3; k++) /* cairo's pixels are premultiplied */
                rgb[3 * i + k] = (unsigned char)(a == 255 ? c[k]
                                                 : a      ? (c[k] * 255 + a / 2) / a
                                                          : 0);
            alpha[i] = (unsigned char)a;
            translucent |= a != 255;
        }
    }
    char dict[160];
    int smask = translucent ? pb_pdffile_obj(p) : 0;
    if (smask) {
        snprintf(dict, sizeof dict,
                 "/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                 "/BitsPerComponent 8",
                 w, h);
        pb_pdffile_stream(p, smask, dict, alpha, n, PB_PDF_FAST);
    }
    int k = snprintf(dict, sizeof dict,
                     "/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                     "/BitsPerComponent 8",
                     w, h);
    if (smask)
        snprintf(dict + k, sizeof dict - (size_t)k, " /SMask %d 0 R", smask);
    pb_pdffile_stream(p, id, dict, rgb, 3 * n, PB_PDF_FAST);
    free(rgb), free(alpha);
}

static bool put_image(pb_pdffile *p, int id, const pb_el *e, pb_diags *d)
{
    const pb_image_info *in = &e->info;
    if (in->type != PB_IMAGE_JPEG) {
        cairo_surface_t *s = pb_image_surface(e->path, in, PB_TO_PT(e->iw), PB_TO_PT(e->ih), d);
        if (!s)
            return false;
        cairo_surface_flush(s);
        put_pixels(p, id, s);
        cairo_surface_destroy(s);
        return true;
    }
    size_t len;
    char *buf = pb_image_read(e->path, &len, d);
    if (!buf)
        return false;
    const char *cs = in->components == 1   ? "DeviceGray"
                     : in->components == 4 ? "DeviceCMYK"
                                           : "DeviceRGB";
    char dict[200];
    snprintf(dict, sizeof dict,
             "/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /%s "
             "/BitsPerComponent 8 /Filter /DCTDecode%s",
             in->width, in->height, cs,
             in->components == 4 && in->cmyk_inverted ? " /Decode [1 0 1 0 1 0 1 0]" : "");
    pb_pdffile_stream(p, id, dict, buf, len, PB_PDF_STORE);
    free(buf);
    return true;
}

/* ---- pages ------------------------------------------------------------- */

typedef struct {
    pb_pdffile p;
    const pb_layout *l;
    pb_fontsubset *fs;
    pb_pdffont *fonts;
    int nfonts;
    PB_VEC(image) images;
    int resources;
    pb_diags *d;

    /* the page being written */
    pb_buf c;
    double H, o; /* media box height; the trimmed page's offset in it */
    /* graphics state as last set (NAN: unknown) */
    double fill[3], stroke[3], line_width;
    /* text state */
    bool in_text, in_array, in_hex;
    int cur_font;
    double cur_size;
    double tx, ty; /* where the next glyph goes without adjustment */
} writer;

static double pt(pb_len v)
{
    return PB_TO_PT(v);
}

static void state_reset(writer *w)
{
    w->fill[0] = w->stroke[0] = w->line_width = NAN;
}

static void color(writer *w, pb_color c, bool stroking)
{
    double v[3] = {c.set ? c.r : 0, c.set ? c.g : 0, c.set ? c.b : 0};
    double *cur = stroking ? w->stroke : w->fill;
    if (cur[0] == v[0] && cur[1] == v[1] && cur[2] == v[2])
        return;
    memcpy(cur, v, sizeof v);
    pb_pdffile_op(&w->c, v, 3, stroking ? "RG" : "rg");
}

static void line_width(writer *w, double lw)
{
    if (w->line_width == lw)
        return;
    w->line_width = lw;
    pb_pdffile_op(&w->c, &lw, 1, "w");
}

/* A rectangle of the layout (top-left origin) as PDF x y w h. */
static void rect(writer *w, pb_len x, pb_len y, pb_len wd, pb_len ht, const char *name)
{
    double v[4] = {w->o + pt(x), w->H - (w->o + pt(y)) - pt(ht), pt(wd), pt(ht)};
    pb_pdffile_op(&w->c, v, 4, name);
}

static void text_array_end(writer *w)
{
    if (w->in_hex)
        pb_buf_add(&w->c, ">", 1);
    if (w->in_array)
        pb_buf_adds(&w->c, "] TJ\n");
    w->in_hex = w->in_array = false;
}

static void text_end(writer *w)
{
    text_array_end(w);
    if (w->in_text)
        pb_buf_adds(&w->c, "ET\n");
    w->in_text = false;
}

static void move_text(writer *w, double x, double y)
{
    text_array_end(w);
    double v[6] = {1, 0, 0, 1, x, y};
    pb_pdffile_op(&w->c, v, 6, "Tm");
    w->tx = x, w->ty = y;
}

/* Glyph g of font f at (x, y) on the current text line. */
static void show_glyph(writer *w, const pb_pdffont *f, uint32_t g, double x, double y)
{
    if (y != w->ty) {
        move_text(w, x, y);
    } else {
        double adj = llround((w->tx - x) * 1000 / w->cur_size * 1000) / 1000.0;
        if (adj != 0) {
            if (w->in_hex)
                pb_buf_add(&w->c, ">", 1);
            if (!w->in_array)
                pb_buf_add(&w->c, "[", 1);
            w->in_hex = false, w->in_array = true;
            pb_pdffile_num(&w->c, adj);
            w->tx -= adj * w->cur_size / 1000;
        }
    }
    if (!w->in_array)
        pb_buf_add(&w->c, "[", 1);
    if (!w->in_hex)
        pb_buf_add(&w->c, "<", 1);
    w->in_array = w->in_hex = true;
    pb_pdffile_hex16(&w->c, g);
    w->tx += f->width[g] * w->cur_size / 1000;
}

static void actual_text(writer *w, const char *s, size_t len)
{
    text_array_end(w);
    pb_buf_adds(&w->c, "/Span << /ActualText <FEFF");
    pb_pdffile_utf16(&w->c, s, len);
    pb_buf_adds(&w->c, "> >> BDC\n");
}

static void actual_text_end(writer *w)
{
    text_array_end(w);
    pb_buf_adds(&w->c, "EMC\n");
}

/* The bytes of gs's cluster that starts at glyph i and ends before glyph e,
 * relative to the item: glyphs are in visual order, so in a right-to-left
 * item (rtl) the text after the cluster is that of the glyph before it. */
static void cluster_text(const PangoGlyphItem *gi, int i, int e, bool rtl, int *b0, int *b1)
{
    const PangoGlyphString *gs = gi->glyphs;
    *b0 = gs->log_clusters[i];
    if (rtl)
        *b1 = i > 0 ? gs->log_clusters[i - 1] : gi->item->length;
    else
        *b1 = e < gs->num_glyphs ? gs->log_clusters[e] : gi->item->length;
}

static void font_select(writer *w, int sub, double size)
{
    if (!w->in_text) {
        pb_buf_adds(&w->c, "BT\n");
        w->in_text = true;
        w->cur_font = -1;
        w->ty = NAN;
    }
    if (sub != w->cur_font || size != w->cur_size) {
        text_array_end(w);
        pb_buf_addf(&w->c, "/F%d ", sub);
        pb_pdffile_num(&w->c, size);
        pb_buf_adds(&w->c, " Tf\n");
        w->cur_font = sub, w->cur_size = size;
    }
}

/* One piece of a line: its glyphs from (x, y) (layout coordinates, points),
 * left to right, cluster by cluster so that each glyph's text is known. */
static void piece(writer *w, const char *text, const PangoGlyphItem *gi, double x, double y)
{
    double size;
    int sub = pb_fontsubset_which(w->fs, gi->item->analysis.font, &size);
    pb_pdffont *f = &w->fonts[sub];
    if (!f->type0)
        f->type0 = pb_pdffile_obj(&w->p);
    font_select(w, sub, size);
    double X = w->o + x, Y = w->H - (w->o + y);
    move_text(w, X, Y);
    const PangoGlyphString *gs = gi->glyphs;
    bool rtl = gi->item->analysis.level & 1;
    int pos = 0; /* x of each glyph's origin along the line (Pango units) */
    for (int i = 0, e; i < gs->num_glyphs; i = e) {
        int shown = 0, one = -1, b0, b1; /* the cluster's drawn glyphs; the first of them */
        for (e = i; e < gs->num_glyphs && gs->log_clusters[e] == gs->log_clusters[i]; e++)
            if (gs->glyphs[e].glyph != PANGO_GLYPH_EMPTY && shown++ == 0)
                one = e;
        cluster_text(gi, i, e, rtl, &b0, &b1);
        const char *s = text + gi->item->offset + b0;
        size_t len = b1 > b0 ? (size_t)(b1 - b0) : 0;
        uint32_t first = 0;
        bool plain = shown == 1 && len > 0 &&
                     pb_fontsubset_map(w->fs, sub, gs->glyphs[one].glyph, &first) &&
                     pb_pdffont_map(f, first, s, len);
        if (!plain && len > 0)
            actual_text(w, s, len);
        for (int at = i; at < e; at++) {
            const PangoGlyphInfo *g = &gs->glyphs[at];
            if (g->glyph != PANGO_GLYPH_EMPTY) {
                uint32_t id = 0; /* .notdef for a character no font has */
                if (!(g->glyph & PANGO_GLYPH_UNKNOWN_FLAG))
                    pb_fontsubset_map(w->fs, sub, g->glyph, &id);
                show_glyph(w, f, id, X + (double)(pos + g->geometry.x_offset) / PANGO_SCALE,
                           Y - (double)g->geometry.y_offset / PANGO_SCALE);
            }
            pos += g->geometry.width;
        }
        if (!plain && len > 0)
            actual_text_end(w);
    }
    text_array_end(w);
}

/* The emphasis dots of the line (text/marks.h): each a circle of four
 * Bézier arcs, filled in the text's colour (set by line()). */
static void dots(writer *w, const pb_el *e)
{
    const pb_line *ln = &e->para->lines[e->line];
    int n;
    pb_dot *d = pb_line_dots(e->para, e->line, &n);
    if (!n)
        return;
    text_end(w);
    for (int i = 0; i < n; i++) {
        double x = w->o + pt(e->x + ln->left + d[i].x), y = w->H - (w->o + pt(e->y + d[i].drop));
        double r = pt(d[i].r), k = r * 0.5523; /* the control points of a quarter circle */
        double m[2] = {x + r, y};
        double c[4][6] = {{x + r, y + k, x + k, y + r, x, y + r},
                          {x - k, y + r, x - r, y + k, x - r, y},
                          {x - r, y - k, x - k, y - r, x, y - r},
                          {x + k, y - r, x + r, y - k, x + r, y}};
        pb_pdffile_op(&w->c, m, 2, "m");
        for (int q = 0; q < 4; q++)
            pb_pdffile_op(&w->c, c[q], 6, "c");
        pb_buf_adds(&w->c, "h\n");
    }
    pb_buf_adds(&w->c, "f\n");
    free(d);
}

static void line(writer *w, const pb_el *e)
{
    const pb_para *p = e->para;
    const pb_line *ln = &p->lines[e->line];
    color(w, p->style->color, false);
    for (int i = 0; i < ln->npieces; i++) {
        const pb_piece *pc = &ln->pieces[i];
        piece(w, p->text, &pc->gi, pt(e->x + ln->left + pc->x), pt(e->y));
    }
    dots(w, e);
}

/* The image object of e's file, written at its first use. */
static int image_id(writer *w, const pb_el *e)
{
    const pb_image_info *in = &e->info;
    bool svg = in->type == PB_IMAGE_SVG;
    image im = {e->path, in->dev, in->ino, svg ? e->iw : 0, svg ? e->ih : 0, 0};
    for (size_t i = 0; i < w->images.n; i++) {
        const image *o = &w->images.v[i];
        if ((im.ino ? o->dev == im.dev && o->ino == im.ino
                    : !o->ino && !strcmp(o->path, im.path)) &&
            o->w == im.w && o->h == im.h)
            return o->id;
    }
    im.id = pb_pdffile_obj(&w->p);
    pb_diags why;
    pb_diags_init(&why);
    bool ok = put_image(&w->p, im.id, e, &why);
    pb_image_diags(w->l->strict, &why, !ok, w->d);
    pb_diags_fini(&why);
    if (!ok) {
        w->p.at.v[im.id] = 0; /* never written: a free entry */
        im.id = 0;
    }
    PB_PUSH(w->images, im);
    return im.id;
}

/* The photo in its image rectangle, turned upright, clipped to its box: the
 * matrix render.c's draw_image builds with cairo, from the unit square of a
 * PDF image to the page. */
static void placeholder(writer *w, const pb_el *e);

static void picture(writer *w, const pb_el *e)
{
    int id = image_id(w, e);
    if (!id) { /* it could not be read or decoded: as if it could not be probed */
        placeholder(w, e);
        return;
    }
    int dw, dh;
    pb_image_display_size(&e->info, &dw, &dh);
    cairo_matrix_t m, turn, unit, flip;
    cairo_matrix_init_translate(&m, w->o + pt(e->ix), w->o + pt(e->iy));
    cairo_matrix_scale(&m, pt(e->iw) / dw, pt(e->ih) / dh);
    pb_image_orientation_matrix(&e->info, &turn);
    cairo_matrix_multiply(&m, &turn, &m);
    cairo_matrix_init(&unit, e->info.width, 0, 0, -e->info.height, 0, e->info.height);
    cairo_matrix_multiply(&m, &unit, &m);
    cairo_matrix_init(&flip, 1, 0, 0, -1, 0, w->H);
    cairo_matrix_multiply(&m, &m, &flip);
    pb_buf_adds(&w->c, "q\n");
    rect(w, e->x, e->y, e->w, e->h, "re W n");
    double v[6] = {m.xx, m.yx, m.xy, m.yy, m.x0, m.y0};
    for (int i = 0; i < 6; i++) { /* the scale of a photo needs more than 3 decimals */
        pb_buf_addf(&w->c, "%.6f ", v[i]);
    }
    pb_buf_addf(&w->c, "cm /I%d Do\nQ\n", id);
}

static void placeholder(writer *w, const pb_el *e)
{
    pb_color fill = {true, 0.85, 0.85, 0.85}, edge = {true, 0.55, 0.55, 0.55};
    color(w, fill, false);
    rect(w, e->x, e->y, e->w, e->h, "re f");
    color(w, edge, true);
    line_width(w, 0.75);
    rect(w, e->x, e->y, e->w, e->h, "re");
    double x = w->o + pt(e->x), y = w->H - (w->o + pt(e->y)), wd = pt(e->w), ht = pt(e->h);
    double d1[4] = {x, y, x + wd, y - ht}, d2[4] = {x + wd, y, x, y - ht};
    pb_pdffile_op(&w->c, d1, 2, "m");
    pb_pdffile_op(&w->c, d1 + 2, 2, "l");
    pb_pdffile_op(&w->c, d2, 2, "m");
    pb_pdffile_op(&w->c, d2 + 2, 2, "l");
    pb_buf_adds(&w->c, "S\n");
}

static void box(writer *w, const pb_el *e)
{
    if (e->fill.set) {
        color(w, e->fill, false);
        rect(w, e->x, e->y, e->w, e->h, "re f");
    }
    if (e->stroke.set && e->stroke_width > 0) {
        color(w, e->stroke, true);
        line_width(w, pt(e->stroke_width));
        rect(w, e->x, e->y, e->w, e->h, "re S");
    }
}

static void rule(writer *w, const pb_el *e)
{
    color(w, e->stroke, true);
    line_width(w, pt(e->stroke_width));
    double a[2] = {w->o + pt(e->x), w->H - (w->o + pt(e->y))};
    double b[2] = {w->o + pt(e->x + e->w), w->H - (w->o + pt(e->y + e->h))};
    pb_pdffile_op(&w->c, a, 2, "m");
    pb_pdffile_op(&w->c, b, 2, "l");
    pb_buf_adds(&w->c, "S\n");
}

static void crop_marks(writer *w)
{
    double seg[8][4];
    int n = pb_pagebox_crop_marks(w->l->t, seg);
    if (!n)
        return;
    pb_buf_adds(&w->c, "q 1 1 1 1 K 0.25 w\n"); /* registration: on every plate */
    for (int i = 0; i < n; i++) {
        double a[2] = {seg[i][0], w->H - seg[i][1]}, b[2] = {seg[i][2], w->H - seg[i][3]};
        pb_pdffile_op(&w->c, a, 2, "m");
        pb_pdffile_op(&w->c, b, 2, "l");
    }
    pb_buf_adds(&w->c, "S\nQ\n");
}

static int page(writer *w, const pb_page *pg, int parent)
{
    w->c.n = 0;
    state_reset(w);
    w->in_text = false;
    for (int i = 0; i < pg->nels; i++) /* boxes first: the text in them goes on top */
        if (pg->els[i].kind == PB_EL_BOX)
            box(w, &pg->els[i]);
    for (int i = 0; i < pg->nels; i++) {
        const pb_el *e = &pg->els[i];
        if (e->kind == PB_EL_LINE) {
            line(w, e);
            continue;
        }
        text_end(w);
        switch (e->kind) {
        case PB_EL_IMAGE: picture(w, e); break;
        case PB_EL_PLACEHOLDER: placeholder(w, e); break;
        case PB_EL_RULE: rule(w, e); break;
        case PB_EL_BOX:
        case PB_EL_LINE: break;
        }
    }
    text_end(w);
    crop_marks(w);
    int content = pb_pdffile_obj(&w->p), id = pb_pdffile_obj(&w->p);
    pb_pdffile_stream(&w->p, content, NULL, w->c.s ? w->c.s : "", w->c.n, PB_PDF_FAST);
    const pb_template *t = w->l->t;
    pb_pdffile_begin(&w->p, id);
    pb_buf_addf(&w->p.out, "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 ", parent);
    pb_pdffile_num(&w->p.out, pt(t->page_w) + 2 * w->o);
    pb_buf_adds(&w->p.out, " ");
    pb_pdffile_num(&w->p.out, w->H);
    pb_buf_adds(&w->p.out, "]");
    double boxes[2][4];
    if (pb_pagebox_boxes(t, boxes[0], boxes[1])) {
        for (int k = 0; k < 2; k++) {
            pb_buf_adds(&w->p.out, k ? " /BleedBox [" : "\n   /TrimBox [");
            for (int j = 0; j < 4; j++) {
                pb_pdffile_num(&w->p.out, boxes[k][j]);
                pb_buf_adds(&w->p.out, j < 3 ? " " : "]");
            }
        }
    }
    pb_buf_addf(&w->p.out, "\n   /Resources %d 0 R /Contents %d 0 R >>\n", w->resources, content);
    pb_pdffile_end(&w->p);
    return id;
}

/* ---- what is covered --------------------------------------------------- */

static bool covered(const pb_layout *l, pb_fontsubset *fs)
{
    for (int p = 0; p < l->npages; p++)
        for (int i = 0; i < l->pages[p].nels; i++) {
            const pb_el *e = &l->pages[p].els[i];
            if (e->kind != PB_EL_LINE)
                continue;
            const pb_line *ln = &e->para->lines[e->line];
            for (int k = 0; k < ln->npieces; k++) {
                const PangoGlyphItem *gi = &ln->pieces[k].gi;
                double size;
                int sub = pb_fontsubset_which(fs, gi->item->analysis.font, &size);
                if (sub < 0)
                    return false;
                for (int g = 0; g < gi->glyphs->num_glyphs; g++) {
                    PangoGlyph id = gi->glyphs->glyphs[g].glyph;
                    uint32_t out;
                    /* a character no font has is drawn as .notdef, its text kept */
                    if (id != PANGO_GLYPH_EMPTY && !(id & PANGO_GLYPH_UNKNOWN_FLAG) &&
                        !pb_fontsubset_map(fs, sub, id, &out))
                        return false;
                }
            }
        }
    return true;
}

static char *pdf_date(const char *iso)
{
    int y = 2000, mo = 1, d = 1, h = 0, mi = 0, s = 0;
    if (iso)
        sscanf(iso, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s);
    return pb_strdupf("D:%04d%02d%02d%02d%02d%02d", y, mo, d, h, mi, s);
}

static void put_info(pb_pdffile *p, int id, const pb_pdf_info *in)
{
    pb_pdffile_begin(p, id);
    pb_buf_adds(&p->out, "<<");
    const char *keys[] = {"Title", "Author", "Subject", "Creator"};
    const char *vals[] = {in->title, in->author, in->subject, in->creator};
    for (int i = 0; i < 4; i++)
        if (vals[i]) {
            pb_buf_addf(&p->out, " /%s ", keys[i]);
            pb_pdffile_text(&p->out, vals[i]);
            pb_buf_adds(&p->out, "\n  ");
        }
    char *date = pdf_date(in->date);
    pb_buf_addf(&p->out, " /Producer (paiban %s) /CreationDate (%s) /ModDate (%s) >>\n",
                PAIBAN_VERSION, date, date);
    free(date);
    pb_pdffile_end(p);
}

/* One resource dictionary shared by all pages: every font and image used. */
static void put_resources(writer *w)
{
    pb_pdffile *p = &w->p;
    pb_pdffile_begin(p, w->resources);
    pb_buf_adds(&p->out, "<< /Font <<");
    for (int i = 0; i < w->nfonts; i++)
        if (w->fonts[i].type0)
            pb_buf_addf(&p->out, " /F%d %d 0 R", i, w->fonts[i].type0);
    pb_buf_adds(&p->out, " >>\n   /XObject <<");
    for (size_t i = 0; i < w->images.n; i++)
        if (w->images.v[i].id)
            pb_buf_addf(&p->out, " /I%d %d 0 R", w->images.v[i].id, w->images.v[i].id);
    pb_buf_adds(&p->out, " >> >>\n");
    pb_pdffile_end(p);
}

static void put_catalog(pb_pdffile *p, int id, int pages, const int *kids, int npages,
                        const char *lang)
{
    pb_pdffile_begin(p, pages);
    pb_buf_addf(&p->out, "<< /Type /Pages /Count %d /Kids [", npages);
    for (int i = 0; i < npages; i++)
        pb_buf_addf(&p->out, "%s%d 0 R", i ? " " : "", kids[i]);
    pb_buf_adds(&p->out, "] >>\n");
    pb_pdffile_end(p);
    /* the language (a BCP 47 tag), for screen readers and text extraction */
    bool tag = *lang && strspn(lang, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                     "0123456789-") == strlen(lang);
    pb_pdffile_begin(p, id);
    pb_buf_addf(&p->out, "<< /Type /Catalog /Pages %d 0 R%s%s%s >>\n", pages, tag ? " /Lang (" : "",
                tag ? lang : "", tag ? ")" : "");
    pb_pdffile_end(p);
}

pb_pdfwrite_result pb_pdfwrite(const pb_layout *l, const pb_pdf_info *info, unsigned char **out,
                               size_t *len, pb_diags *d)
{
    pb_fontsubset *fs = pb_fontsubset_collect(l, false);
    if (!covered(l, fs)) {
        pb_fontsubset_free(fs);
        return PB_PDFWRITE_NOT_COVERED;
    }
    writer w = {.l = l, .fs = fs, .d = d};
    w.nfonts = pb_fontsubset_count(fs);
    w.fonts = pb_xcalloc((size_t)(w.nfonts > 0 ? w.nfonts : 1), sizeof *w.fonts);
    for (int i = 0; i < w.nfonts; i++)
        if (pb_fontsubset_file(fs, i)) /* the others are never drawn: covered() saw to it */
            pb_pdffont_init(&w.fonts[i], pb_fontsubset_file(fs, i));
    pb_buf_add(&w.p.out, "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n", 15);
    int catalog = pb_pdffile_obj(&w.p), pages = pb_pdffile_obj(&w.p);
    int info_id = pb_pdffile_obj(&w.p);
    w.resources = pb_pdffile_obj(&w.p);
    w.o = pb_pagebox_outer(l->t);
    w.H = pt(l->t->page_h) + 2 * w.o;
    int *kids = pb_xmalloc((size_t)(l->npages > 0 ? l->npages : 1) * sizeof *kids);
    for (int p = 0; p < l->npages; p++)
        kids[p] = page(&w, &l->pages[p], pages);
    pb_buf_fini(&w.c);
    for (int i = 0; i < w.nfonts; i++)
        if (w.fonts[i].type0)
            pb_pdffont_put(&w.p, &w.fonts[i]);
    put_resources(&w);
    put_catalog(&w.p, catalog, pages, kids, l->npages,
                l->doc->meta.lang ? l->doc->meta.lang : "zh-Hans");
    put_info(&w.p, info_id, info);
    pb_pdffile_finish(&w.p, catalog, info_id);

    free(kids);
    for (int i = 0; i < w.nfonts; i++)
        pb_pdffont_fini(&w.fonts[i]);
    free(w.fonts);
    free(w.images.v);
    pb_pdffile_fini(&w.p);
    pb_fontsubset_free(fs);
    *out = (unsigned char *)w.p.out.s;
    *len = w.p.out.n;
    return PB_PDFWRITE_OK;
}
