/* image: photos for the page — probing their size, type and orientation, and
 * turning them into cairo surfaces that keep JPEG bytes as they are.
 * Consumes: image files. Produces: pb_image_info (layout) and surfaces (render). */
#ifndef PB_IMAGE_H
#define PB_IMAGE_H

#include <cairo.h>
#include <stdbool.h>
#include <stdint.h>

#include "../base/diag.h"

typedef enum { PB_IMAGE_NONE, PB_IMAGE_JPEG, PB_IMAGE_PNG, PB_IMAGE_WEBP, PB_IMAGE_SVG } pb_image_type;

typedef struct {
    pb_image_type type;
    int width, height;  /* pixels as stored (SVG: its size in CSS pixels) */
    int components;     /* JPEG: 1 grey, 3 RGB/YCbCr, 4 CMYK */
    bool cmyk_inverted; /* an Adobe CMYK JPEG: its values are stored inverted */
    int orientation;    /* EXIF orientation 1..8 (1 = upright as stored) */
} pb_image_info;

/* Pixels above which an image is refused before decoding (a decompression
 * bomb protection); PAIBAN_MAX_IMAGE_PIXELS raises it. */
#define PB_IMAGE_MAX_PIXELS (200.0 * 1000 * 1000)

/* Read only the header (and the EXIF orientation). Returns false, with a
 * warning naming the file and the problem, when the file is missing,
 * unreadable, not a JPEG/PNG/WebP or larger than the pixel limit. */
bool pb_image_probe(const char *path, pb_image_info *info, pb_diags *d);
/* The same for a file already in memory; path names it in messages. */
bool pb_image_probe_mem(const char *path, const void *buf, size_t len, pb_image_info *info,
                        pb_diags *d);

/* The size as displayed, after the EXIF orientation. Never fails. */
void pb_image_display_size(const pb_image_info *info, int *w, int *h);

/* The matrix from stored pixels to displayed pixels for an EXIF orientation. */
void pb_image_orientation_matrix(const pb_image_info *info, cairo_matrix_t *m);

/* The bytes of an image file (for a JPEG embedded as it is). NULL with a
 * warning when it cannot be read. Caller frees. */
char *pb_image_read(const char *path, size_t *len, pb_diags *d);

/* A surface to paint: JPEG as a one-pixel surface carrying the original
 * bytes (MIME data + unique id, so the PDF embeds the file once and
 * unchanged), PNG decoded by cairo, WebP by libwebp, SVG (logos) drawn by
 * librsvg onto a recording surface, so it stays vector. NULL on failure
 * with a warning. Caller destroys. */
cairo_surface_t *pb_image_surface(const char *path, const pb_image_info *info, pb_diags *d);

/* The same with JPEGs decoded into pixels (CMYK converted, Adobe inversion
 * undone), for raster output. Caller destroys. */
cairo_surface_t *pb_image_surface_decoded(const char *path, const pb_image_info *info,
                                          pb_diags *d);

#endif
