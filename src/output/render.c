/* The PDF comes from pdfwrite.c when it covers the document; otherwise, and
 * for previews and tiles, the pages are drawn with cairo here. Glyph pieces
 * are then drawn by textdraw.c with the document's fonts subset beforehand,
 * keeping the mapping from glyphs to text as pango_cairo_show_glyph_item
 * does, so the PDF extracts correctly (docs/traps.md, Text of glyphs). The PDF is made in
 * memory and written to a temporary file next to the target; a write error
 * (disk full) fails the render and removes the temporary file. Dates come
 * from the article (or SOURCE_DATE_EPOCH), never the clock, so output is
 * byte-identical. */
#include "render.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../base/outfile.h"
#include "../base/util.h"
#include "../text/marks.h"
#include "image.h"
#include "pagebox.h"
#include "pdfpost.h"
#include "pdfwrite.h"
#include "textdraw.h"

static cairo_status_t write_fn(void *closure, const unsigned char *data, unsigned int len)
{
    pb_buf_add(closure, (const char *)data, len);
    return CAIRO_STATUS_SUCCESS;
}

static double pt(pb_len l) { return PB_TO_PT(l); }

static void set_color(cairo_t *cr, pb_color c)
{
    if (c.set)
        cairo_set_source_rgb(cr, c.r, c.g, c.b);
    else
        cairo_set_source_rgb(cr, 0, 0, 0);
}

/* The emphasis dots of the line (text/marks.h), in the text's colour. */
static void draw_dots(cairo_t *cr, const pb_el *e)
{
    const pb_line *ln = &e->para->lines[e->line];
    int n;
    pb_dot *dots = pb_line_dots(e->para, e->line, &n);
    if (!n)
        return;
    cairo_new_path(cr);
    for (int i = 0; i < n; i++) {
        double x = pt(e->x + ln->left + dots[i].x), y = pt(e->y + dots[i].drop);
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, pt(dots[i].r), 0, 2 * M_PI);
        cairo_close_path(cr);
    }
    cairo_fill(cr);
    free(dots);
}

static void draw_line(cairo_t *cr, const pb_el *e)
{
    const pb_para *p = e->para;
    const pb_line *ln = &p->lines[e->line];
    set_color(cr, p->style->color);
    for (int i = 0; i < ln->npieces; i++) {
        const pb_piece *pc = &ln->pieces[i];
        cairo_move_to(cr, pt(e->x + ln->left + pc->x), pt(e->y));
        pb_textdraw_piece(cr, p->text, &pc->gi);
    }
    draw_dots(cr, e);
}

static void draw_placeholder(cairo_t *cr, const pb_el *e)
{
    double x = pt(e->x), y = pt(e->y), w = pt(e->w), h = pt(e->h);
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
    cairo_set_line_width(cr, 0.75);
    cairo_rectangle(cr, x, y, w, h);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x + w, y + h);
    cairo_move_to(cr, x + w, y);
    cairo_line_to(cr, x, y + h);
    cairo_stroke(cr);
}

/* The photo is drawn into its image rectangle (larger than the box when
 * cropped), clipped to the box, turned upright by its EXIF orientation: the
 * JPEG bytes stay as they are, only the drawing matrix changes. One that
 * cannot be drawn becomes a placeholder, as one that could not be probed. */
static void draw_image(cairo_t *cr, const pb_layout *l, const pb_el *e, bool raster, pb_diags *d)
{
    double w = pt(e->iw), h = pt(e->ih);
    pb_diags why;
    pb_diags_init(&why);
    cairo_surface_t *img;
    if (raster) { /* the pixels it covers on the device */
        double dx = w, dy = 0, ex = 0, ey = h;
        cairo_user_to_device_distance(cr, &dx, &dy);
        cairo_user_to_device_distance(cr, &ex, &ey);
        img = pb_image_surface_decoded(e->path, &e->info, hypot(dx, dy), hypot(ex, ey), &why);
    } else {
        img = pb_image_surface(e->path, &e->info, w, h, &why);
    }
    pb_image_diags(l->strict, &why, !img, d);
    pb_diags_fini(&why);
    if (!img) {
        draw_placeholder(cr, e);
        return;
    }
    int dw, dh;
    pb_image_display_size(&e->info, &dw, &dh);
    cairo_matrix_t turn;
    pb_image_orientation_matrix(&e->info, &turn);
    cairo_save(cr);
    cairo_rectangle(cr, pt(e->x), pt(e->y), pt(e->w), pt(e->h));
    cairo_clip(cr);
    cairo_translate(cr, pt(e->ix), pt(e->iy));
    cairo_scale(cr, w / dw, h / dh);
    cairo_transform(cr, &turn);
    cairo_scale(cr, (double)e->info.width / cairo_image_surface_get_width(img),
                (double)e->info.height / cairo_image_surface_get_height(img));
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(img);
}

static void draw_box(cairo_t *cr, const pb_el *e)
{
    cairo_rectangle(cr, pt(e->x), pt(e->y), pt(e->w), pt(e->h));
    if (e->fill.set) {
        set_color(cr, e->fill);
        cairo_fill_preserve(cr);
    }
    if (e->stroke.set && e->stroke_width > 0) {
        set_color(cr, e->stroke);
        cairo_set_line_width(cr, pt(e->stroke_width));
        cairo_stroke_preserve(cr);
    }
    cairo_new_path(cr);
}

static void draw_rule(cairo_t *cr, const pb_el *e)
{
    set_color(cr, e->stroke);
    cairo_set_line_width(cr, pt(e->stroke_width));
    cairo_move_to(cr, pt(e->x), pt(e->y));
    cairo_line_to(cr, pt(e->x + e->w), pt(e->y + e->h));
    cairo_stroke(cr);
}

static void draw_page(cairo_t *cr, const pb_layout *l, const pb_page *pg, bool raster, pb_diags *d)
{
    /* boxes first, so the text in them is drawn on top */
    for (int i = 0; i < pg->nels; i++)
        if (pg->els[i].kind == PB_EL_BOX)
            draw_box(cr, &pg->els[i]);
    for (int i = 0; i < pg->nels; i++) {
        const pb_el *e = &pg->els[i];
        switch (e->kind) {
        case PB_EL_LINE: draw_line(cr, e); break;
        case PB_EL_IMAGE: draw_image(cr, l, e, raster, d); break;
        case PB_EL_PLACEHOLDER: draw_placeholder(cr, e); break;
        case PB_EL_RULE: draw_rule(cr, e); break;
        case PB_EL_BOX: break;
        }
    }
}

void pb_render_page(cairo_t *cr, const pb_layout *l, int page, bool raster, pb_diags *d)
{
    draw_page(cr, l, &l->pages[page], raster, d);
}

/* "2025-06-20 07:35:00", "2025-06-20", "2025年6月20日" → ISO 8601 for the PDF. */
static bool article_date(const char *s, char *out, size_t n)
{
    int y, m, dd, hh = 0, mm = 0, ss = 0;
    if (!s)
        return false;
    if (sscanf(s, "%d-%d-%d %d:%d:%d", &y, &m, &dd, &hh, &mm, &ss) < 3 &&
        sscanf(s, "%d年%d月%d日", &y, &m, &dd) < 3 && sscanf(s, "%d/%d/%d", &y, &m, &dd) < 3)
        return false;
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || dd < 1 || dd > 31)
        return false;
    snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, dd, hh, mm, ss);
    return true;
}

/* The document information: from the article; the date from the article
 * (or SOURCE_DATE_EPOCH), never the clock. date holds the ISO 8601 form. */
static void info_of(const pb_layout *l, pb_pdf_info *in, char date[32])
{
    const pb_meta *m = &l->doc->meta;
    *in = (pb_pdf_info){m->title, m->byline, m->kicker, "paiban " PAIBAN_VERSION, date};
    strcpy(date, "2000-01-01T00:00:00");
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (epoch && *epoch) {
        time_t t = (time_t)strtoll(epoch, NULL, 10);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(date, 32, "%Y-%m-%dT%H:%M:%S", &tm);
    } else {
        article_date(m->date, date, 32);
    }
}

static void set_metadata(cairo_surface_t *s, const pb_layout *l)
{
    pb_pdf_info in;
    char date[32];
    info_of(l, &in, date);
    if (in.title)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, in.title);
    if (in.author)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, in.author);
    if (in.subject)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, in.subject);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, in.creator);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
}

/* The crop marks in black, for cairo's PDF. */
static void draw_crop_marks(cairo_t *cr, const pb_template *t)
{
    double seg[8][4];
    int n = pb_pagebox_crop_marks(t, seg);
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.25);
    for (int i = 0; i < n; i++) {
        cairo_move_to(cr, seg[i][0], seg[i][1]);
        cairo_line_to(cr, seg[i][2], seg[i][3]);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

static bool render_to(const pb_layout *l, pb_buf *out, pb_diags *d)
{
    double o = pb_pagebox_outer(l->t);
    double w = pt(l->t->page_w) + 2 * o, h = pt(l->t->page_h) + 2 * o;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_fn, out, w, h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        pb_error(d, NULL, 0, "cairo could not make the PDF: %s",
                 cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return false;
    }
    cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);
    set_metadata(s, l);
    cairo_t *cr = cairo_create(s);
    pb_textdraw_attach(cr, l); /* the document's fonts, subset before drawing */
    for (int p = 0; p < l->npages; p++) {
        cairo_save(cr);
        cairo_translate(cr, o, o);
        draw_page(cr, l, &l->pages[p], false, d);
        cairo_restore(cr);
        draw_crop_marks(cr, l->t);
        cairo_show_page(cr);
    }
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS)
        pb_error(d, NULL, 0, "cairo could not make the PDF: %s", cairo_status_to_string(st));
    return st == CAIRO_STATUS_SUCCESS;
}

static bool needs_post(const pb_layout *l, pb_pdfpost_opts *o)
{
    memset(o, 0, sizeof *o);
    for (int p = 0; p < l->npages; p++)
        for (int i = 0; i < l->pages[p].nels; i++)
            if (l->pages[p].els[i].kind == PB_EL_IMAGE && l->pages[p].els[i].info.cmyk_inverted)
                o->fix_cmyk = true;
    o->boxes = pb_pagebox_boxes(l->t, o->trim, o->bleed);
    return o->fix_cmyk || o->boxes;
}

bool pb_render_pdf_mem(const pb_layout *l, unsigned char **out, size_t *len, pb_diags *d)
{
    size_t errors = pb_diags_count(d, PB_DIAG_ERROR); /* an image under --strict adds one */
    /* our own writer, unless the document needs cairo or PAIBAN_PDF=cairo
     * asks for it (the reference the tests compare with) */
    const char *how = getenv("PAIBAN_PDF");
    if (!how || strcmp(how, "cairo")) {
        pb_pdf_info in;
        char date[32];
        info_of(l, &in, date);
        pb_pdfwrite_result r = pb_pdfwrite(l, &in, out, len, d);
        if (r == PB_PDFWRITE_OK && pb_diags_count(d, PB_DIAG_ERROR) > errors) {
            free(*out);
            *out = NULL;
            return false;
        }
        if (r != PB_PDFWRITE_NOT_COVERED)
            return r == PB_PDFWRITE_OK;
    }
    pb_buf pdf = {0};
    bool ok = render_to(l, &pdf, d) && pb_diags_count(d, PB_DIAG_ERROR) == errors;
    pb_pdfpost_opts o;
    if (ok && needs_post(l, &o)) {
        unsigned char *fixed;
        size_t n;
        ok = pb_pdfpost((const unsigned char *)pdf.s, pdf.n, &o, &fixed, &n, d);
        if (ok) {
            pb_buf_fini(&pdf);
            pdf.s = (char *)fixed;
            pdf.n = n;
        }
    }
    if (!ok) {
        pb_buf_fini(&pdf);
        return false;
    }
    *out = (unsigned char *)pdf.s;
    *len = pdf.n;
    return true;
}

bool pb_render_pdf(const pb_layout *l, const char *path, pb_diags *d)
{
    unsigned char *pdf = NULL;
    size_t n = 0;
    bool ok = pb_render_pdf_mem(l, &pdf, &n, d) && pb_outfile_write(path, pdf, n, d);
    free(pdf);
    return ok;
}
