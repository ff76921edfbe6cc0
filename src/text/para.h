/* para: one paragraph through the text pipeline: shaped runs → items (boxes,
 * glue, penalties) → breaks → justified lines of positioned glyphs.
 * Consumes: pb_text + pb_style. Produces: pb_para, whose lines the page
 * builder places and the renderer draws. */
#ifndef PB_PARA_H
#define PB_PARA_H

#include <pango/pango.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../base/arena.h"
#include "../base/diag.h"
#include "../input/doc.h"
#include "../layout/template.h"
#include "cjk.h"
#include "fonts.h"

/* A shaped run: one Pango item of the paragraph text and its glyphs. */
typedef struct {
    PangoItem *item; /* offsets relative to the paragraph text */
    PangoGlyphString *glyphs;
    pb_len em;       /* font size of the run */
} pb_run;

typedef enum { PB_ITEM_BOX, PB_ITEM_GLUE, PB_ITEM_PENALTY } pb_item_kind;

/* Knuth & Plass's items, extended with what a CJK box needs to draw. */
typedef struct {
    pb_item_kind kind;
    bool brk;       /* GLUE: a legal line break */
    bool flagged;   /* PENALTY: a hyphen-like break */
    pb_len width, stretch, shrink;
    int penalty;    /* PENALTY: cost; <= -PB_INF forces, >= PB_INF forbids */
    /* BOX: a cluster (or the indent when run < 0) */
    int run, g0, g1;      /* glyphs [g0, g1) of runs[run] */
    int b0, b1;           /* bytes [b0, b1) of the paragraph text */
    pb_len x_shift;       /* ink moved left (half-width opening bracket) */
    pb_len adv_delta;     /* width change against the font's advance */
    uint32_t c;           /* first code point of the cluster */
    uint8_t cls;          /* pb_cjk_class of c */
} pb_item;

#define PB_INF 10000

/* A finished line: glyph pieces ready to draw at (x, baseline). */
typedef struct {
    PangoGlyphItem gi; /* item and glyphs owned by the paragraph's arena */
    pb_len x;          /* start of the piece from the line's left edge */
} pb_piece;

typedef struct {
    int i0, i1;        /* items [i0, i1) after discarding at the breaks */
    pb_len left;       /* offset from the measure's left edge (alignment) */
    pb_len width;      /* width as set */
    pb_len measure;    /* the measure it was broken to */
    double ratio;      /* adjustment ratio (>0 stretched, <0 shrunk) */
    pb_piece *pieces;
    int npieces;
    bool last;         /* the paragraph's last line */
} pb_line;

/* Settings of the paragraph builder; pb_para_settings_default() gives the
 * house style (CLREQ.md: quanjiao punctuation, ¼ em Han–Latin space). */
typedef struct {
    double han_latin_space;   /* em */
    double han_stretch;       /* em of stretch per inter-character gap */
    double latin_space_stretch, latin_space_shrink; /* fraction of a space */
    bool compress_punct;      /* mainland half-blank handling (off for zh-Hant) */
} pb_para_settings;

pb_para_settings pb_para_settings_default(void);

typedef struct pb_para {
    const char *text; /* arena copy of the paragraph text */
    int len;
    const pb_style *style;
    pb_run *runs;
    int nruns;
    pb_item *items;
    int nitems;
    pb_line *lines;
    int nlines;
} pb_para;

/* Shape, itemize, break and justify text in style to measure (first line
 * measure first_measure, the rest measure). Everything lives in arena a.
 * Never fails: characters without a glyph are reported in d as warnings. */
pb_para *pb_para_set(pb_fonts *fonts, const pb_text *text, const pb_style *style,
                     const char *lang, pb_len indent, pb_len measure,
                     const pb_para_settings *set, pb_arena *a, pb_diags *d);

/* Stages, exposed for tests. */
void pb_shape(pb_fonts *fonts, const pb_text *text, const pb_style *style, const char *lang,
              pb_arena *a, pb_para *p);
void pb_items_build(pb_para *p, pb_len indent, const pb_para_settings *set, pb_arena *a);
/* Break items into lines (first-fit over legal breaks, never overflowing).
 * Fills p->lines with i0/i1/ratio/measure. */
void pb_linebreak(pb_para *p, pb_len measure, pb_arena *a);
/* Build glyph pieces of every line and apply alignment. */
void pb_lines_finish(pb_para *p, pb_arena *a);

/* The text of line i as UTF-8 (word spaces as ' '). Caller frees. */
char *pb_line_text(const pb_para *p, int i);
/* One line per item, for tests and --debug. */
void pb_items_dump(const pb_para *p, FILE *out);

#endif
