/* svg: SVG images (figures, logos, band photos) — parsed by librsvg here and
 * drawn by it in a child process, within a budget of time and memory.
 * Consumes: an SVG file's bytes. Produces: its size; cairo image surfaces. */
#ifndef PB_SVG_H
#define PB_SVG_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "../base/diag.h"

/* Files up to PB_SVG_MAX_BYTES are parsed (parsing is linear in the file).
 * A drawing is made at its placed size at PB_SVG_PPI, in at most
 * PB_SVG_MAX_PIXELS, within PB_SVG_SECONDS of wall time (PAIBAN_SVG_SECONDS
 * sets another) and PB_SVG_MEMORY_MB of memory more than the process had. */
#define PB_SVG_MAX_BYTES (2u << 20)
#define PB_SVG_PPI 600.0
#define PB_SVG_MAX_PIXELS (4.0 * 1000 * 1000)
#define PB_SVG_SECONDS 5.0
#define PB_SVG_MEMORY_MB 256

/* The SVG's own size in CSS pixels. False with a warning naming path when
 * it is too large, cannot be parsed or has no size. */
bool pb_svg_size(const char *path, const void *svg, size_t len, double *w, double *h, pb_diags *d);

/* The SVG drawn into w_px x h_px pixels (0: its own size; within
 * PB_SVG_MAX_PIXELS and a cairo surface's largest side, the aspect kept),
 * premultiplied ARGB, within the budget. NULL with a warning naming path
 * when it fails or goes over budget; a file that failed this run fails at
 * once with the same warning. Caller destroys. */
cairo_surface_t *pb_svg_draw(const char *path, const void *svg, size_t len, double w_px,
                             double h_px, pb_diags *d);

#endif
