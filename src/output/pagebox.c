/* The page in its media box: the trimmed page in the middle, the bleed
 * around it and, outside that, room for the crop marks. The PDF writer
 * (pdfwrite.c) and cairo (render.c) both place pages this way, so both
 * write the same boxes. */
#include "pagebox.h"

#include <string.h>

static double pt(pb_len l) { return PB_TO_PT(l); }

/* Crop marks: 3 mm clear of the bleed, 7 mm long (in points). */
#define MARK_OFFSET (3 * 72 / 25.4)
#define MARK_LENGTH (7 * 72 / 25.4)

double pb_pagebox_outer(const pb_template *t)
{
    if (t->bleed <= 0)
        return 0;
    return pt(t->bleed) + (t->crop_marks ? MARK_OFFSET + MARK_LENGTH : 0);
}

bool pb_pagebox_boxes(const pb_template *t, double trim[4], double bleed[4])
{
    double m = pb_pagebox_outer(t), b = pt(t->bleed), w = pt(t->page_w), h = pt(t->page_h);
    if (m <= 0)
        return false;
    /* the page is symmetric in its media box */
    double tr[4] = {m, m, m + w, m + h}, bl[4] = {m - b, m - b, m + w + b, m + h + b};
    memcpy(trim, tr, sizeof tr);
    memcpy(bleed, bl, sizeof bl);
    return true;
}

/* Crop marks at the four corners, outside the bleed. */
int pb_pagebox_crop_marks(const pb_template *t, double seg[8][4])
{
    double o = pb_pagebox_outer(t), w = pt(t->page_w), h = pt(t->page_h);
    if (o <= 0 || !t->crop_marks)
        return 0;
    double gap = pt(t->bleed) + MARK_OFFSET;
    double xs[2] = {o, o + w}, ys[2] = {o, o + h};
    int n = 0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double x = xs[i], y = ys[j], sx = i ? 1 : -1, sy = j ? 1 : -1;
            double a[4] = {x + sx * gap, y, x + sx * (gap + MARK_LENGTH), y};
            double b[4] = {x, y + sy * gap, x, y + sy * (gap + MARK_LENGTH)};
            memcpy(seg[n++], a, sizeof a);
            memcpy(seg[n++], b, sizeof b);
        }
    return n;
}
