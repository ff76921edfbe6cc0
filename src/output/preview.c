/* PNG previews and tiles: the pages drawn again, onto a raster at a chosen
 * resolution (to check a board on screen before it goes to the printer), or
 * cut into sheets a small printer can print (A3, A4) with an overlap to glue
 * them by, alignment marks and a label on each sheet. Both redraw the page
 * with pb_render_page; the tiles stay vector PDF, photos still passed
 * through. */
#include <cairo-pdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/outfile.h"
#include "../base/util.h"
#include "render.h"
#include "textdraw.h"

static double pt(pb_len l) { return PB_TO_PT(l); }

/* The preview's size in pixels, bleed included. */
static void png_size(const pb_template *t, double dpi, double *w, double *h)
{
    double k = dpi / 72.0, b = pt(t->bleed);
    *w = ceil((pt(t->page_w) + 2 * b) * k);
    *h = ceil((pt(t->page_h) + 2 * b) * k);
}

bool pb_render_png_check(const pb_template *t, double dpi, pb_diags *d)
{
    double w, h;
    png_size(t, dpi, &w, &h);
    if (w * h <= 400e6 && w <= 32767 && h <= 32767) /* cairo's image surfaces end at 32767 */
        return true;
    pb_error(d, t->path, 0,
             "a %g dpi preview of this layout would be %.0f x %.0f pixels (at most 400 million, "
             "32,767 a side); choose a lower --png",
             dpi, w, h);
    return false;
}

static cairo_status_t put_fn(void *closure, const unsigned char *data, unsigned int len)
{
    return pb_outfile_put(closure, data, len) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

bool pb_render_png(const pb_layout *l, const char *prefix, double dpi, pb_diags *d)
{
    if (!pb_render_png_check(l->t, dpi, d))
        return false;
    double k = dpi / 72.0, b = pt(l->t->bleed), w, h;
    png_size(l->t, dpi, &w, &h);
    size_t errors = pb_diags_count(d, PB_DIAG_ERROR); /* an image under --strict adds one */
    for (int p = 0; p < l->npages; p++) {
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
        cairo_t *cr = cairo_create(s);
        cairo_status_t st = cairo_status(cr);
        if (st != CAIRO_STATUS_SUCCESS) { /* too large a side for cairo, or no memory */
            pb_error(d, NULL, 0, "cannot make a %.0f x %.0f pixel preview: %s", w, h,
                     cairo_status_to_string(st));
            cairo_destroy(cr);
            cairo_surface_destroy(s);
            return false;
        }
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_scale(cr, k, k);
        cairo_translate(cr, b, b);
        pb_render_page(cr, l, p, true, d);
        st = cairo_status(cr);
        cairo_destroy(cr);
        if (st != CAIRO_STATUS_SUCCESS || pb_diags_count(d, PB_DIAG_ERROR) > errors) {
            if (st != CAIRO_STATUS_SUCCESS)
                pb_error(d, NULL, 0, "cannot draw the preview: %s", cairo_status_to_string(st));
            cairo_surface_destroy(s);
            return false;
        }
        char *path = pb_strdupf("%s-%d.png", prefix, p + 1);
        pb_outfile *f = pb_outfile_open(path, d);
        st = f ? cairo_surface_write_to_png_stream(s, put_fn, f) : CAIRO_STATUS_WRITE_ERROR;
        cairo_surface_destroy(s);
        bool ok = st == CAIRO_STATUS_SUCCESS || st == CAIRO_STATUS_WRITE_ERROR;
        if (!ok)
            pb_error(d, path, 0, "cannot make the preview: %s", cairo_status_to_string(st));
        ok = f && pb_outfile_close(f, d) && ok; /* reports a write error */
        free(path);
        if (!ok)
            return false;
    }
    return true;
}

/* ---- tiles ------------------------------------------------------------------ */

/* n tiles of width tw along a length len overlapping by ovl: the fewest
 * that fit the printable width pw, spread evenly. */
static int tiles_along(double len, double pw, double ovl, double *tw)
{
    if (pw <= ovl)
        return 0;
    int n = len <= pw ? 1 : (int)ceil((len - ovl) / (pw - ovl) - 1e-9);
    *tw = n == 1 ? len : (len - ovl) / n + ovl;
    return n;
}

int pb_tile_plan(double w, double h, double sheet_w, double sheet_h, double margin,
                 double overlap, pb_tile *out, int max, int *rows, int *cols, bool *landscape)
{
    int best = 0;
    for (int turn = 0; turn < 2; turn++) {
        double pw = (turn ? sheet_h : sheet_w) - 2 * margin;
        double ph = (turn ? sheet_w : sheet_h) - 2 * margin;
        double tw = 0, th = 0;
        int nc = tiles_along(w, pw, overlap, &tw), nr = tiles_along(h, ph, overlap, &th);
        if (nc == 0 || nr == 0 || (best && nc * nr >= best))
            continue;
        best = nc * nr;
        *rows = nr, *cols = nc, *landscape = turn;
        for (int r = 0, i = 0; r < nr; r++)
            for (int c = 0; c < nc && i < max; c++, i++)
                out[i] = (pb_tile){c * (tw - overlap), r * (th - overlap), tw, th, r + 1, c + 1};
    }
    return best < max ? best : max;
}

static bool sheet_size(const char *name, double *w, double *h)
{
    if (!strcasecmp(name, "A3"))
        *w = 297 * 72 / 25.4, *h = 420 * 72 / 25.4;
    else if (!strcasecmp(name, "A4"))
        *w = 210 * 72 / 25.4, *h = 297 * 72 / 25.4;
    else
        return false;
    return true;
}

enum { MARGIN_MM = 10 };

/* Marks at the tile's corners and where the overlap begins, in the margin,
 * and the label that says where the sheet goes. */
static void sheet_marks(cairo_t *cr, const pb_tile *t, double m, double ovl, int page, int pages,
                        int rows, int cols)
{
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.3);
    double xs[] = {m, m + t->w, m + ovl, m + t->w - ovl};
    double ys[] = {m, m + t->h, m + ovl, m + t->h - ovl};
    for (int i = 0; i < 4; i++) { /* short ticks in the margin */
        cairo_move_to(cr, xs[i], m - 8), cairo_line_to(cr, xs[i], m - 2);
        cairo_move_to(cr, xs[i], m + t->h + 2), cairo_line_to(cr, xs[i], m + t->h + 8);
        cairo_move_to(cr, m - 8, ys[i]), cairo_line_to(cr, m - 2, ys[i]);
        cairo_move_to(cr, m + t->w + 2, ys[i]), cairo_line_to(cr, m + t->w + 8, ys[i]);
    }
    cairo_stroke(cr);
    char label[160];
    snprintf(label, sizeof label, "board %d/%d  row %d/%d  column %d/%d  overlap %.0f mm", page,
             pages, t->row, rows, t->col, cols, ovl * 25.4 / 72);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 7);
    cairo_move_to(cr, m + 10, m + t->h + 16);
    cairo_show_text(cr, label);
    cairo_restore(cr);
}

static cairo_status_t write_fn(void *closure, const unsigned char *data, unsigned int len)
{
    pb_buf_add(closure, (const char *)data, len);
    return CAIRO_STATUS_SUCCESS;
}

bool pb_render_tiles_check(const pb_template *t, const char *sheet, double overlap_mm, pb_diags *d)
{
    double sw, sh, m = MARGIN_MM * 72 / 25.4, ovl = overlap_mm * 72 / 25.4;
    if (!sheet_size(sheet, &sw, &sh)) {
        pb_error(d, NULL, 0, "--tile takes A3 or A4, not \"%s\"", sheet);
        return false;
    }
    pb_tile tile;
    int rows, cols;
    bool turn;
    if (pb_tile_plan(pt(t->page_w), pt(t->page_h), sw, sh, m, ovl, &tile, 1, &rows, &cols, &turn))
        return true;
    pb_error(d, NULL, 0, "an overlap of %.0f mm leaves nothing to print on %s", overlap_mm, sheet);
    return false;
}

bool pb_render_tiles(const pb_layout *l, const char *path, const char *sheet, double overlap_mm,
                     pb_diags *d)
{
    if (!pb_render_tiles_check(l->t, sheet, overlap_mm, d))
        return false;
    double sw = 0, sh = 0, m = MARGIN_MM * 72 / 25.4, ovl = overlap_mm * 72 / 25.4;
    sheet_size(sheet, &sw, &sh);
    pb_tile tiles[4096];
    int rows, cols;
    bool turn;
    int n = pb_tile_plan(pt(l->t->page_w), pt(l->t->page_h), sw, sh, m, ovl, tiles, 4096, &rows,
                         &cols, &turn);
    double pw = turn ? sh : sw, ph = turn ? sw : sh;
    pb_buf pdf = {0};
    size_t errors = pb_diags_count(d, PB_DIAG_ERROR); /* an image under --strict adds one */
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_fn, &pdf, pw, ph);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "paiban " PAIBAN_VERSION);
    cairo_t *cr = cairo_create(s);
    pb_textdraw_attach(cr, l);
    for (int p = 0; p < l->npages; p++)
        for (int i = 0; i < n; i++) {
            const pb_tile *t = &tiles[i];
            cairo_save(cr);
            cairo_rectangle(cr, m, m, t->w, t->h);
            cairo_clip(cr);
            cairo_translate(cr, m - t->x, m - t->y);
            pb_render_page(cr, l, p, false, d);
            cairo_restore(cr);
            sheet_marks(cr, t, m, ovl, p + 1, l->npages, rows, cols);
            cairo_show_page(cr);
        }
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    st = st ? st : cairo_surface_status(s);
    cairo_surface_destroy(s);
    bool ok = st == CAIRO_STATUS_SUCCESS && pb_diags_count(d, PB_DIAG_ERROR) == errors;
    if (st != CAIRO_STATUS_SUCCESS) /* the surface's own status included: checked, not assumed */
        pb_error(d, path, 0, "cannot make the tiles: %s", cairo_status_to_string(st));
    ok = ok && pb_outfile_stage(path, pdf.s, pdf.n, d);
    pb_buf_fini(&pdf);
    return ok;
}
