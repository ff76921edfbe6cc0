/* vlist: the article as a vertical list — lines, spaces and figure anchors in
 * reading order, each with the height it takes in a column.
 * Consumes: pb_doc + pb_template (through a pb_setter). Produces: pb_vlist,
 * which pagebuild.c pours into columns and pages. */
#ifndef PB_VLIST_H
#define PB_VLIST_H

#include "../input/doc.h"
#include "../input/image.h"
#include "../text/para.h"
#include "template.h"

/* A figure's size as page fitting (fit.h) chose it. */
typedef struct {
    int span;    /* columns; 0: as the article or the layout says */
    double crop; /* the share of its height kept, cropped around its focus; 0: all */
} pb_figfit;

/* Paragraphs already set, kept across the page builds of one article (page
 * fitting builds it many times with other photo sizes; its text is set the
 * same each time). Only text in one of the template's own styles is kept,
 * keyed by its bytes, spans, style, measure and indent, with the warnings
 * setting it gave, which are given again each time it is reused. The
 * paragraphs live until pb_parmemo_free(). */
typedef struct pb_parmemo pb_parmemo;
pb_parmemo *pb_parmemo_new(void);
void pb_parmemo_free(pb_parmemo *m);

/* What setting a piece of text needs: fonts, language, rules, memory. */
typedef struct {
    pb_fonts *fonts;
    const pb_template *t;
    const char *lang; /* Pango language: zh-cn, zh-tw, ja */
    pb_para_settings set;
    pb_arena *a;
    pb_diags *d;
    bool allow_outside; /* photos may lie outside doc_dir */
    const char *doc_dir;
    const char *path; /* the article, named in warnings about its text; may be NULL */
    const pb_figfit *figs; /* figure sizes chosen by page fitting (nfigs); NULL: none */
    int nfigs;
    double space; /* page fitting's share of the space around heads and boxes; 0: all */
    pb_parmemo *memo; /* NULL: every paragraph is set afresh */
} pb_setter;

/* Set text in style s to measure, normalized when the template says so.
 * Warnings about it (characters no font has) name the article and line (0:
 * not known, as for front matter strings). Arena-owned. Never fails. */
pb_para *pb_setter_text(const pb_setter *s, const pb_text *text, const pb_style *st,
                        pb_len measure, bool indent, int line);
pb_para *pb_setter_string(const pb_setter *s, const char *str, const pb_style *st,
                          pb_len measure);
/* Display text (a head, a board's title): broken only between words, never
 * leaving one character on a line, balanced when wrap says so
 * (text/display.c). Arena-owned. Never fails. */
pb_para *pb_setter_display(const pb_setter *s, const pb_text *text, const pb_style *st,
                           pb_len measure, pb_wrap wrap, int line);
/* A headline's kicker, title or subtitle (pb_meta's *_lines or the text):
 * a part per manual break ('\n'), each balanced display text. Returns the
 * number of parts, their paragraphs in *out. Arena-owned. Never fails. */
int pb_setter_headline(const pb_setter *s, const char *str, const pb_style *st, pb_len measure,
                       pb_para ***out);

/* Probe an image the article uses (a figure, a logo, a title band's photo;
 * `what` names it in messages) under one rule: it lies inside the article's
 * folder, or inside also (the layout's folder, for the band photo it names;
 * NULL: none), unless s->allow_outside, and it is a regular file (the
 * probe's part: a named pipe or a device is refused unread). False with a
 * warning naming where it was asked for (file and line) or the file itself.
 * Never fails otherwise. */
bool pb_setter_image(const pb_setter *s, const char *path, const char *src, const char *also,
                     const char *what, const char *where, int line, pb_image_info *info);

typedef enum { PB_V_LINE, PB_V_SPACE, PB_V_FIGURE } pb_vkind;

typedef struct {
    pb_vkind k;
    const pb_para *para; /* LINE */
    int line;
    pb_len h;            /* height taken in the column */
    pb_len keep;         /* height that must fit after it in the same column */
    pb_len keep_own;     /* the part of keep that is its own, not followed through
                          * what it keeps (a head: the lines after it) */
    const char *what;    /* body, head, note, credits */
    const pb_style *box; /* inside a note box: the note's style */
    int fig;             /* FIGURE: index into the figures */
    int src_line;        /* LINE: the article's line it is set from (0: front matter) */
} pb_vitem;

typedef struct {
    const pb_block *b;
    pb_image_info info;
    bool ok;
    int span;
    pb_place place;
    pb_len img_w, img_h;   /* the photo's box as placed (after rotation and fit) */
    pb_len crop_x, crop_y, crop_w, crop_h; /* the whole photo relative to its box (cover
                                            * crops: it is larger than the box) */
    pb_len h;              /* photo + caption + gap, in whole grid lines */
    double ppi;            /* effective resolution at the placed size */
    const pb_para *caption;
    /* the editor's note, placed like a figure without a photo: its
     * paragraphs set at the measure inside a box span columns wide and
     * img_h tall (inner of it their lines); NULL for a photo */
    pb_para **note;
    int nnote;
    pb_len inner;
    int photo; /* which photo of the article it is (0, 1, ...); -1 for the note */
} pb_figure;

typedef struct {
    pb_vitem *v;
    int n;
    pb_figure *figs;
    int nfigs;
} pb_vlist;

/* Build the vertical list for the template's columns. Warnings (missing
 * photos, low resolution) go to s->d. Arena-owned. */
void pb_vlist_build(const pb_setter *s, const pb_doc *doc, pb_vlist *out);

/* Round up to whole grid lines. */
pb_len pb_grid_up(const pb_template *t, pb_len h);

#endif
