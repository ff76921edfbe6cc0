/* svg (output): SVG images (figures, logos, band photos) drawn by librsvg in a
 * child process, within a budget of time and memory. Consumes: an SVG file's
 * bytes (parsed by input/svg.c). Produces: cairo image surfaces. */
#ifndef PB_OUTPUT_SVG_H
#define PB_OUTPUT_SVG_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "../base/diag.h"
#include "../input/svg.h"

/* A drawing is made at its placed size at PB_SVG_PPI, in at most
 * PB_SVG_MAX_PIXELS, within PB_SVG_SECONDS of wall time (PAIBAN_SVG_SECONDS
 * sets another) and PB_SVG_MEMORY_MB of memory more than the process had. */
#define PB_SVG_PPI 600.0
#define PB_SVG_MAX_PIXELS (4.0 * 1000 * 1000)
#define PB_SVG_SECONDS 5.0
#define PB_SVG_MEMORY_MB 256

/* The SVG drawn into w_px x h_px pixels (0: its own size; within
 * PB_SVG_MAX_PIXELS and a cairo surface's largest side, the aspect kept),
 * premultiplied ARGB, within the budget. NULL with a warning naming path
 * when it fails or goes over budget; a file that failed this run fails at
 * once with the same warning. Caller destroys. */
cairo_surface_t *pb_svg_draw(const char *path, const void *svg, size_t len, double w_px,
                             double h_px, pb_diags *d);

#endif
