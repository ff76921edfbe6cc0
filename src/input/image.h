/* image: photos for the page — probing their size, type and orientation,
 * and the files read this run (a cache the writer draws from).
 * Consumes: image files. Produces: pb_image_info (layout) and their bytes (output). */
#ifndef PB_INPUT_IMAGE_H
#define PB_INPUT_IMAGE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "../base/diag.h"

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

/* The bytes of an image file (for a JPEG embedded as it is). NULL with a
 * warning when it cannot be read or is not a regular file. Caller frees. */
char *pb_image_read(const char *path, size_t *len, pb_diags *d);

#endif
