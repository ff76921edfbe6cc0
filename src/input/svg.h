/* svg (input): SVG images parsed by librsvg, for their size when probed.
 * Consumes: an SVG file's bytes. Produces: its size, and the parsed handle
 * output/svg.c draws from. */
#ifndef PB_INPUT_SVG_H
#define PB_INPUT_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/diag.h"

/* Files up to PB_SVG_MAX_BYTES are parsed (parsing is linear in the file). */
#define PB_SVG_MAX_BYTES (2u << 20)

struct _RsvgHandle;

/* The SVG's own size in CSS pixels. False with a warning naming path when
 * it is too large, cannot be parsed or has no size. */
bool pb_svg_size(const char *path, const void *svg, size_t len, double *w, double *h, pb_diags *d);

/* The same, keeping the parsed document: its librsvg handle, or NULL with
 * the same warnings. Caller releases with g_object_unref(). */
struct _RsvgHandle *pb_svg_parse(const char *path, const void *svg, size_t len, double *w,
                                 double *h, pb_diags *d);

#endif
