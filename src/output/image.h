/* image (output): photos as cairo surfaces to draw — JPEG bytes kept as they
 * are for a PDF, decoded for raster output. Consumes: pb_image_info and the
 * bytes of input/image.c. Produces: surfaces (render.c, pdfwrite.c). */
#ifndef PB_OUTPUT_IMAGE_H
#define PB_OUTPUT_IMAGE_H

#include <cairo.h>
#include <stdbool.h>

#include "../input/image.h"
#include "svg.h"

/* The matrix from stored pixels to displayed pixels for an EXIF orientation. */
void pb_image_orientation_matrix(const pb_image_info *info, cairo_matrix_t *m);

/* A surface to paint, an image surface always: JPEG as a one-pixel surface
 * carrying the original bytes (MIME data, so the PDF embeds the file
 * unchanged), PNG decoded by cairo, WebP by libwebp (an animation's first
 * frame), SVG drawn for w_pt x h_pt points (its placed size; 0: its own
 * size) at PB_SVG_PPI within its budget (svg.h). Each carries a unique id
 * made from the file's identity, so cairo embeds one file once. NULL on
 * failure with a warning. Caller destroys. */
cairo_surface_t *pb_image_surface(const char *path, const pb_image_info *info, double w_pt,
                                  double h_pt, pb_diags *d);

/* The same for raster output, drawn at w_px x h_px device pixels (0: the
 * image's own size): JPEGs decoded into pixels (CMYK converted, Adobe
 * inversion undone), scaled down in decoding where that loses nothing at
 * that size and where the photo is wider or taller than a cairo surface can
 * be (32,767 pixels); SVG drawn at that size. Caller destroys. */
cairo_surface_t *pb_image_surface_decoded(const char *path, const pb_image_info *info, double w_px,
                                          double h_px, pb_diags *d);

/* The diagnostics of drawing one image (why; emptied) added to d. When the
 * image could not be drawn (failed) and strict (--strict) is set, they are
 * errors. Never fails. */
void pb_image_diags(bool strict, pb_diags *why, bool failed, pb_diags *d);

#endif
