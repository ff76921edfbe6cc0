/* image: photos for the page — probing their size, type and orientation, and
 * turning them into cairo surfaces that keep JPEG bytes as they are.
 * Consumes: image files. Produces: pb_image_info (layout) and surfaces (render). */
#ifndef PB_IMAGE_H
#define PB_IMAGE_H

#include <cairo.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "../base/diag.h"
#include "svg.h"

typedef enum { PB_IMAGE_NONE, PB_IMAGE_JPEG, PB_IMAGE_PNG, PB_IMAGE_WEBP, PB_IMAGE_SVG } pb_image_type;

typedef struct {
    pb_image_type type;
    int width, height;  /* pixels as stored (SVG: its size in CSS pixels) */
    int components;     /* JPEG: 1 grey, 3 RGB/YCbCr, 4 CMYK */
    bool cmyk_inverted; /* an Adobe CMYK JPEG: its values are stored inverted */
    int orientation;    /* EXIF orientation 1..8 (1 = upright as stored) */
    bool animated;      /* WebP: an animation (its first frame is used) */
    dev_t dev;          /* the file (0, 0 for one probed in memory): the same */
    ino_t ino;          /*   file reached by two paths is one image */
} pb_image_info;

/* Pixels above which an image is refused before decoding (a decompression
 * bomb protection); PAIBAN_MAX_IMAGE_PIXELS raises it. */
#define PB_IMAGE_MAX_PIXELS (200.0 * 1000 * 1000)
/* A JPEG up to this size is decoded once when probed (at 1/8 scale: every
 * byte of its body is still read), so a damaged one is found before it is
 * passed into the PDF; larger ones are passed through unchecked. */
#define PB_IMAGE_JPEG_CHECK_BYTES (20u << 20)
/* Read only the header (and the EXIF orientation; a JPEG up to
 * PB_IMAGE_JPEG_CHECK_BYTES is also decoded). Returns false, with a warning
 * naming the file and the problem, when the file is missing, unreadable, not
 * a regular file, not a JPEG/PNG/WebP/SVG, damaged or larger than the pixel
 * limit. Never blocks: a named pipe or a device is refused unread. */
bool pb_image_probe(const char *path, pb_image_info *info, pb_diags *d);
/* The same for a file already in memory; path names it in messages. */
bool pb_image_probe_mem(const char *path, const void *buf, size_t len, pb_image_info *info,
                        pb_diags *d);

/* The size as displayed, after the EXIF orientation. Never fails. */
void pb_image_display_size(const pb_image_info *info, int *w, int *h);

/* The matrix from stored pixels to displayed pixels for an EXIF orientation. */
void pb_image_orientation_matrix(const pb_image_info *info, cairo_matrix_t *m);

/* The bytes of an image file (for a JPEG embedded as it is). NULL with a
 * warning when it cannot be read or is not a regular file. Caller frees. */
char *pb_image_read(const char *path, size_t *len, pb_diags *d);

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

#endif
