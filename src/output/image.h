/* image: photos for the page — probing their size and type, and turning them
 * into cairo surfaces that keep JPEG bytes as they are.
 * Consumes: image files. Produces: pb_image_info (layout) and surfaces (render). */
#ifndef PB_IMAGE_H
#define PB_IMAGE_H

#include <cairo.h>
#include <stdbool.h>

#include "../base/diag.h"

typedef enum { PB_IMAGE_NONE, PB_IMAGE_JPEG, PB_IMAGE_PNG } pb_image_type;

typedef struct {
    pb_image_type type;
    int width, height; /* pixels */
    int components;    /* JPEG: 1 grey, 3 RGB/YCbCr, 4 CMYK */
} pb_image_info;

/* Read only the header. Returns false (and appends a warning naming the file
 * and the problem) when the file is missing, unreadable or not a JPEG/PNG. */
bool pb_image_probe(const char *path, pb_image_info *info, pb_diags *d);

/* A surface to paint: JPEG as an undecoded surface carrying the original bytes
 * (MIME data + unique id, so the PDF embeds the file once and unchanged), PNG
 * decoded by cairo. NULL on failure with a warning. Caller destroys. */
cairo_surface_t *pb_image_surface(const char *path, const pb_image_info *info, pb_diags *d);

#endif
