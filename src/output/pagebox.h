/* pagebox: where the trimmed page lies in the media box — the bleed, the
 * crop marks, the TrimBox and BleedBox. Consumes: pb_template (page size,
 * bleed, crop_marks). Produces: the geometry pdfwrite.c and render.c share. */
#ifndef PB_PAGEBOX_H
#define PB_PAGEBOX_H

#include <stdbool.h>

#include "../layout/template.h"

/* Room around the trimmed page in the PDF (points): the bleed and, outside
 * it, the crop marks; 0 without bleed. Never fails. */
double pb_pagebox_outer(const pb_template *t);
/* The TrimBox and BleedBox of every page (x0 y0 x1 y1 in PDF points, from
 * the bottom left of the media box); false when the layout has no bleed
 * (the boxes are then the media box). */
bool pb_pagebox_boxes(const pb_template *t, double trim[4], double bleed[4]);
/* The crop marks' line segments (x0, y0, x1, y1 in points from the top left
 * of the media box); returns their count (0 or 8). Never fails. */
int pb_pagebox_crop_marks(const pb_template *t, double seg[8][4]);

#endif
