/* marks: what is drawn with a line besides its glyphs: the emphasis dots
 * (着重号) under the characters of a PB_SPAN_DOTS span (docs/clreq.md, CLR-45)
 * and pinyin ruby over the characters of a PB_SPAN_RUBYBASE span (CLR-48).
 * Consumes: a paragraph's finished lines. Produces: where each dot goes, for
 * the renderer and the trace. */
#ifndef PB_MARKS_H
#define PB_MARKS_H

#include "para.h"

/* One emphasis dot: a filled circle of radius r whose centre is x from the
 * line's left edge (where its pieces' x count from) and drop below its
 * baseline. */
typedef struct {
    pb_len x, drop, r;
} pb_dot;

/* The dot's size and place for text of size em: a circle of 0.16 em, 0.06
 * em under the em box (which ends 0.12 em below the baseline), its centre
 * 0.26 em below the baseline: in the gap between lines when the leading is
 * 1.22 em or more, so the line's height never changes. */
pb_len pb_dot_drop(pb_len em);
pb_len pb_dot_radius(pb_len em);

/* The dots of line li of p, left to right: one under each character of a
 * PB_SPAN_DOTS span that is set one em wide (Han, kana;
 * pb_cjk_is_ideographic), centred under its glyph; none under punctuation,
 * Latin or spaces. Their number into *n; NULL when there are none, else
 * the caller frees. */
pb_dot *pb_line_dots(const pb_para *p, int li, int *n);

/* The flags of the span that holds byte b of p's text (0: none). */
unsigned pb_para_flags_at(const pb_para *p, int b);

/* Ruby (docs/clreq.md CLR-48): the pinyin of every PB_SPAN_RUBY span, which
 * the line builder leaves out of the line, as pieces of the line that holds
 * its base (PB_SPAN_RUBYBASE, just before it): at half the base's size
 * (text/shape.c), its baseline 1 em above the line's, each syllable centred
 * over its character when there is one per character (pushed apart, the
 * group kept centred over the base, when neighbours would touch), else the
 * whole centred over the base. Called by pb_lines_finish(). */
void pb_ruby_place(pb_para *p, pb_arena *a);

#endif
