/* fit: page fitting — an article made to end on fewer pages, or to fill its
 * last one, by the changes its layout allows (template fit section).
 * Consumes: pb_doc + a newspaper or handout pb_template. Produces: the
 * pb_layout of the best variant found, and one note in d saying what it is. */
#ifndef PB_FIT_H
#define PB_FIT_H

#include "page.h"

typedef struct {
    pb_build_opts build;
    int pages;      /* end on exactly this many pages; 0: the layout's rule */
    int pages_line; /* where pages was asked for: the front matter's line; 0: --pages */
} pb_fit_opts;

/* Set doc on t's pages, fitted. Warnings as pb_pagebuild() gives them, once,
 * for the variant chosen; a page count that cannot be met is a warning
 * naming what was tried. Caller frees with pb_layout_free(). */
pb_layout *pb_fit_build(const pb_doc *doc, const pb_template *t, pb_fonts *fonts,
                        const pb_fit_opts *o, pb_diags *d);

#endif
