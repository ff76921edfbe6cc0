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
#include "style.h"
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
    bool flagged;   /* PENALTY/GLUE: a hyphen-like break (after a dash or hyphen) */
    pb_len width;
    pb_len stretch;  /* GLUE: first-level stretch: every gap between characters */
    pb_len stretch2; /* GLUE: second-level stretch: Han–Latin and word spaces */
    pb_len shrink;
    pb_len hang;     /* GLUE: the mark before it may hang past the measure by this */
    int penalty;     /* PENALTY: cost; <= -PB_INF forces, >= PB_INF forbids */
    /* BOX: a cluster (or the indent when run < 0) */
    int run, g0, g1;      /* glyphs [g0, g1) of runs[run] */
    int b0, b1;           /* bytes [b0, b1) of the paragraph text */
    pb_len x_shift;       /* ink moved left (half-width opening bracket) */
    pb_len adv_delta;     /* width change against the font's advance */
    pb_len lead_blank;    /* blank kept before it when it starts a line (quanjiao) */
    uint32_t c;           /* first code point of the cluster */
    uint8_t cls;          /* pb_cjk_class of c */
    bool word;            /* a letter or digit, not a mark: counts for the last line */
    /* a break inside a URL or long word: the penalty and the glues around it
     * (the first lends the line ending there stretch, the second takes it
     * back). A line ending there is justified when its other gaps can take
     * the slack within their limits, else set ragged; these glues never
     * take part in justification. */
    bool ragged;
    /* GLUE/PENALTY: a break inside a word of text that breaks between words
     * (pb_wrap, PB_SPAN_WORDS): taken only when a word is wider than the line */
    bool inword;
} pb_item;

#define PB_INF 10000
/* PENALTY: a break taken only when no other set of breaks keeps a justified
 * paragraph's lines within their stretch limits: a number parted from the
 * Han unit after it (CLR-16, "15|日"), which a browser allows anyway. */
#define PB_LAST_RESORT (PB_INF - 1)
/* Stretch that absorbs any slack: a line ending in it is not justified. */
#define PB_FIL (1 << 30)

/* A finished line: glyph pieces ready to draw at (x, baseline). */
typedef struct {
    PangoGlyphItem gi; /* item and glyphs owned by the paragraph's arena */
    pb_len x;          /* start of the piece from the line's left edge */
} pb_piece;

typedef struct {
    int i0, i1;        /* items [i0, i1) after discarding at the breaks */
    pb_len left;       /* offset from the measure's left edge (alignment, kept blank) */
    pb_len width;      /* width as set */
    pb_len measure;    /* the measure it was broken to */
    double r1, r2;     /* adjustment of first- and second-level stretch, or shrink (< 0) */
    pb_len hang;       /* width of a mark hanging past the measure */
    pb_piece *pieces;
    int npieces;
    bool last;         /* the paragraph's last line */
    bool over;         /* justified past its stretch limits: no breaks kept it within */
} pb_line;

/* How a text's lines are broken. Body text: by total fit, wherever the rules
 * allow (clreq lets a line break between any two Han characters). Display
 * text: only between words (words.h), never leaving a single character on a
 * line, in lines of near-equal length, the shorter last (display.c); heads
 * (WORDS) break at their phrases first, titles, kickers and subtitles
 * (BALANCE) even their lines first. */
typedef enum { PB_WRAP_BODY, PB_WRAP_WORDS, PB_WRAP_BALANCE } pb_wrap;

/* Settings of the paragraph builder, from the template's typography and the
 * article's language (pb_para_settings_from) or the house defaults. */
typedef struct {
    pb_strictness strictness;
    pb_punct_style punct;
    pb_hanging hanging;
    double han_latin_space;   /* em (CLR-30) */
    double char_stretch;      /* em of first-level stretch per gap (CLR-34) */
    double second_stretch;    /* em of second-level stretch per Han–Latin gap */
    double latin_space_stretch, latin_space_shrink; /* share of a word space */
    bool compress_punct;      /* half-blank marks (mainland, Japan); off for zh-Hant */
    int last_line_chars;      /* CLR-39 */
    pb_wrap wrap;             /* body text unless a display text's setter says so */
    /* a paragraph set as Latin (hyphen.h; pb_para_set decides): word spaces
     * take the justification, English words are hyphenated */
    bool latin;
    double latin_justify; /* em: a Latin paragraph in a narrower measure is ragged */
    bool rag;             /* set flush left, its lines' ends taking the slack (items.c) */
} pb_para_settings;

pb_para_settings pb_para_settings_default(void);
/* lang is the Pango language ("zh-cn", "zh-tw", "ja"). Never fails. */
pb_para_settings pb_para_settings_from(const pb_typography *t, const char *lang);

/* How a line's slack is shared out: first-level stretch up to its limit,
 * then second-level, then first-level beyond its limit; or shrink. */
typedef struct {
    double r1, r2;
} pb_adjust;
pb_adjust pb_adjust_line(int64_t slack, int64_t st1, int64_t st2, int64_t shrink);

typedef struct pb_para {
    const char *text; /* arena copy of the paragraph text */
    int len;
    const pb_span *spans; /* styled ranges (NOBREAK is read by the item builder) */
    int nspans;
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
/* Break items into lines: total fit (Knuth & Plass), falling back to first
 * fit with emergency breaks, so a line never runs past the measure. Fills
 * p->lines with i0, i1, r1, r2, hang and measure. */
void pb_linebreak(pb_para *p, pb_len measure, const pb_para_settings *set, pb_arena *a);
/* Display text's breaks (set->wrap is not PB_WRAP_BODY): the lines' i0, i1
 * and last into *lines (*n of them). False when no set of legal breaks fits
 * the measure (a piece between two breaks is wider); pb_linebreak then
 * falls back to the body's rules. Caller frees *lines. */
bool pb_linebreak_display(const pb_para *p, pb_len measure, const pb_para_settings *set,
                          pb_line **lines, int *n);
/* First fit only (the fallback), exposed for tests and comparison. */
void pb_linebreak_first_fit(pb_para *p, pb_len measure, pb_arena *a);
/* Build glyph pieces of every line and apply alignment. */
void pb_lines_finish(pb_para *p, pb_arena *a);

/* The text of line i as UTF-8 (word spaces as ' '). Caller frees. */
char *pb_line_text(const pb_para *p, int i);
/* One line per item, for tests and --debug. */
void pb_items_dump(const pb_para *p, FILE *out);

#endif
