/* render: a pb_layout as a PDF file (pdfwrite.c, or cairo for what it does
 * not cover), PNG previews and tiles (cairo). Consumes: pb_layout. Produces:
 * files written whole or not at all (no half-written output). */
#ifndef PB_RENDER_H
#define PB_RENDER_H

#include <cairo.h>

#include "../layout/page.h"

/* Render l to path (pb_outfile_write: committed with anything staged).
 * Returns false with an error in d when the file cannot be written, or when
 * an image cannot be drawn and l->strict is set; then no file is left at
 * path. An image that cannot be drawn (it probed well but does not decode)
 * is otherwise a warning and a placeholder, as when it cannot be probed. */
bool pb_render_pdf(const pb_layout *l, const char *path, pb_diags *d);

/* Render l into memory: the same bytes pb_render_pdf() would write. Returns
 * false with an error in d. Caller frees *out with free(). */
bool pb_render_pdf_mem(const pb_layout *l, unsigned char **out, size_t *len, pb_diags *d);

/* Draw page `page` of l on cr in page coordinates (the trimmed page from
 * 0,0): for the PNG preview and the tiles. raster: photos are decoded (a
 * raster surface cannot use a JPEG's bytes as they are), each at the size it
 * has on cr's device. */
void pb_render_page(cairo_t *cr, const pb_layout *l, int page, bool raster, pb_diags *d);

/* Whether previews of pages of t at dpi can be made (at most 400 million
 * pixels, 32,767 a side); else an error naming the layout. Check before
 * writing anything. */
bool pb_render_png_check(const pb_template *t, double dpi, pb_diags *d);
/* PNG previews: PREFIX-1.png, PREFIX-2.png, ... at dpi, bleed included,
 * staged (pb_outfile_open): the caller commits or discards them. Returns
 * false with an error in d (also an image that cannot be drawn, when l is
 * strict). */
bool pb_render_png(const pb_layout *l, const char *prefix, double dpi, pb_diags *d);

/* A tile of a page on a printable sheet (coordinates in points). */
typedef struct {
    double x, y, w, h; /* the part of the page it shows */
    int row, col;
} pb_tile;

/* Split a page of w x h onto sheets of sheet_w x sheet_h (either way round,
 * whichever needs fewer), with margin unprinted around each sheet and
 * neighbouring tiles overlapping by overlap. Fills up to max tiles (row by
 * row), sets *rows, *cols and *landscape; returns the count, 0 when the
 * sheet is too small for the overlap. Never fails otherwise. */
int pb_tile_plan(double w, double h, double sheet_w, double sheet_h, double margin,
                 double overlap, pb_tile *out, int max, int *rows, int *cols, bool *landscape);

/* Whether pages of t can be tiled onto sheet (A3 or A4) with this overlap;
 * else an error. Check before writing anything. */
bool pb_render_tiles_check(const pb_template *t, const char *sheet, double overlap_mm, pb_diags *d);
/* Every page of l tiled onto sheets (A3 or A4) as a PDF at path, staged
 * (pb_outfile_stage): the caller commits or discards it. */
bool pb_render_tiles(const pb_layout *l, const char *path, const char *sheet, double overlap_mm,
                     pb_diags *d);

#endif
