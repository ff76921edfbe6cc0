/* page: the laid-out pages as renderer-independent display lists.
 * Consumes: pb_doc + pb_template (pagebuild.c). Produces: pb_layout, drawn by
 * render.c and written as a text trace by trace.c. */
#ifndef PB_PAGE_H
#define PB_PAGE_H

#include <stdio.h>

#include "../base/arena.h"
#include "../input/doc.h"
#include "../input/image.h"
#include "../text/para.h"
#include "template.h"
#include "vlist.h"

typedef enum {
    PB_EL_LINE,        /* a line of text: x = left of its measure, y = baseline */
    PB_EL_IMAGE,       /* a photo in (x, y, w, h) */
    PB_EL_PLACEHOLDER, /* a missing photo: grey box with a cross and its path */
    PB_EL_BOX,         /* a filled and/or stroked rectangle */
    PB_EL_RULE,        /* a line from (x, y) to (x + w, y + h) */
} pb_el_kind;

typedef struct {
    pb_el_kind kind;
    int col0, col1;       /* columns covered; -1 when outside the columns */
    pb_len x, y, w, h;
    const char *what;     /* role in the trace: body, head, title, caption, figure, ... */
    /* LINE */
    const pb_para *para;
    int line;
    /* IMAGE, PLACEHOLDER: the box is (x, y, w, h); the whole photo is drawn in
     * (ix, iy, iw, ih), larger than the box when cropped, clipped to it */
    const char *path;
    pb_image_info info;
    pb_len ix, iy, iw, ih;
    double ppi;
    /* BOX, RULE */
    pb_color fill, stroke;
    pb_len stroke_width;
    bool bleed; /* BOX, IMAGE: edges on the trim edge run on into the bleed */
} pb_el;

typedef struct {
    pb_el *els;
    int nels;
} pb_page;

typedef struct pb_layout {
    pb_arena *arena;
    const pb_template *t;
    const pb_doc *doc;
    pb_page *pages;
    int npages;
    /* a board series is made of the layouts of its parts, each kept alive
     * here, on a template scaled to the chosen body size, also owned */
    struct pb_layout **parts;
    int nparts;
    pb_template *own_t;
    pb_parmemo *memo; /* owned: the paragraphs its lines point into, when page fitting made it */
    pb_doc **own_docs;
    int nown_docs;
    pb_len body_size; /* boards: the body size copyfit chose */
    /* per photo, in article order: the page it is on and the page its
     * paragraph is on (0-based; -1: not placed, as one no page can hold),
     * and the columns it spans */
    int nfigs;
    int *fig_page, *anchor_page, *fig_span;
    bool strict;      /* --strict: an image that fails when the page is written is an error */
} pb_layout;

typedef struct {
    bool allow_outside;    /* photos may lie outside the article's folder */
    const pb_figfit *figs; /* per figure in article order (nfigs); NULL: as written */
    int nfigs;
    double space;          /* space around heads and boxes times this; 0: as the layout says */
    pb_parmemo *memo;      /* paragraphs kept across builds; NULL: none */
    int last_cols;         /* a longer article's last page in its first columns; 0: all */
    /* boards: a figure goes to any column, where it sits highest, so photos
     * spread over the columns instead of stacking where their text is; no
     * lines are kept free for text under it, so whether it fits does not
     * depend on the body size */
    bool spread_figures;
} pb_build_opts;

/* Set the document on the template's pages. Warnings (missing photos,
 * missing glyphs) go to d; an article that needs more pages than
 * pb_limit_pages() stops there with an error in d. o may be NULL. Caller
 * frees with pb_layout_free(). */
pb_layout *pb_pagebuild(const pb_doc *doc, const pb_template *t, pb_fonts *fonts,
                        const pb_build_opts *o, pb_diags *d);
/* How full page (0-based) is, 0..1, column by column: how far down the type
 * area (from its top) its columns reach, averaged over the columns (an empty
 * column counts 0). Page fitting's measure of a last page. */
double pb_layout_column_fill(const pb_layout *l, int page);
/* How far apart the bottoms of page's columns that hold something are, in
 * grid lines: 0 when they end level (CLR-44). */
double pb_layout_spread(const pb_layout *l, int page);
/* How far down the type area page's deepest column reaches. */
pb_len pb_layout_depth(const pb_layout *l, int page);
/* How many columns of the pages before the last end more than `lines` grid
 * lines above the type area's foot. */
int pb_layout_short_columns(const pb_layout *l, int lines);
/* How many gaps of more than `lines` grid lines there are inside columns,
 * between one thing and the next, on all pages. */
int pb_layout_holes(const pb_layout *l, int lines);
/* Photos that could not be used (placeholders drawn instead). Never fails. */
int pb_layout_missing_images(const pb_layout *l);
void pb_layout_free(pb_layout *l);

/* How far down page `page` (0-based) its column content reaches: (lowest
 * bottom of a line's em box or a figure in the columns - top of the page's
 * body) / (bottom of the type area - that top), clamped to 0..1. Bands,
 * rules, running heads and the headline group are not column content. 0 for
 * a page without any. Never fails. */
double pb_layout_fill(const pb_layout *l, int page);

/* One line per placed line and figure: page, columns, position, size, text. */
void pb_layout_trace(const pb_layout *l, FILE *out);

#endif
