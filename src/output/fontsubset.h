/* fontsubset: every font a document draws, cut down to the glyphs it uses
 * before cairo sees it. Consumes: the Pango fonts and glyph ids of the laid-out
 * lines. Produces: per Pango font a cairo scaled font over the subset and the
 * subset's glyph ids, for cairo_show_text_glyphs. */
#ifndef PB_FONTSUBSET_H
#define PB_FONTSUBSET_H

#include <cairo.h>
#include <pango/pango.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct pb_fontsubset pb_fontsubset;
struct pb_layout;

/* An empty collection. Caller frees with pb_fontsubset_free(). */
pb_fontsubset *pb_fontsubset_new(void);
/* Note that the glyphs of gs are drawn in font; all before pb_fontsubset_build().
 * Empty glyphs and unknown ones (Pango draws those as hex boxes) are not
 * collected. Never fails. */
void pb_fontsubset_add(pb_fontsubset *fs, PangoFont *font, const PangoGlyphString *gs);
/* Subset every collected font once. A font that cannot be subset (not a
 * fontconfig font, synthetic bold or slant, a variable font, a subsetter
 * failure) is left to cairo: pb_fontsubset_font() returns NULL for it.
 * for_cairo: also make the cairo scaled fonts pb_fontsubset_font() returns
 * (not needed by a writer that embeds the subsets itself). */
void pb_fontsubset_build(pb_fontsubset *fs, bool for_cairo);

/* A font ready to draw with. */
typedef struct {
    cairo_scaled_font_t *scaled; /* the subset at the Pango font's size; owned by the collection */
    const void *priv;            /* its glyph map, for pb_fontsubset_glyph() */
} pb_subset_font;

/* The subset font to draw font with, or NULL when font is not subset (draw
 * it through Pango). Owned by fs. */
const pb_subset_font *pb_fontsubset_font(pb_fontsubset *fs, PangoFont *font);
/* The subset's id of glyph g of the original font; false when g was not
 * collected. */
bool pb_fontsubset_glyph(const pb_subset_font *sf, uint32_t g, uint32_t *out);

/* Every font the lines of l draw with, subset (pb_fontsubset_new, _add for
 * each piece of each line, _build). Caller frees with pb_fontsubset_free(). */
pb_fontsubset *pb_fontsubset_collect(const struct pb_layout *l, bool for_cairo);

/* A subset as a font file, for a PDF writer that embeds it itself. */
typedef struct {
    const uint8_t *data; /* an OpenType font: CFF outlines ('CFF ' table) or glyf */
    size_t len;
    bool cff;
    int nglyphs; /* glyph i of the subset is glyph old[i] of the original */
    const uint32_t *old;
} pb_subset_file;

/* The subset Pango font `font` is drawn from and the size it is drawn at (in
 * points); -1 when the font is not subset. */
int pb_fontsubset_which(pb_fontsubset *fs, PangoFont *font, double *size);
/* How many font files (and faces) the collected fonts come from. */
int pb_fontsubset_count(const pb_fontsubset *fs);
/* The subset of font file i, 0 <= i < pb_fontsubset_count(); NULL when it
 * could not be made. */
const pb_subset_file *pb_fontsubset_file(const pb_fontsubset *fs, int i);
/* The id in subset i of glyph g of the original; false when g was not
 * collected. */
bool pb_fontsubset_map(const pb_fontsubset *fs, int i, uint32_t g, uint32_t *out);

/* Free the collection. The cairo font faces of the subsets live on while
 * cairo holds them (until the PDF is finished), with their font data. */
void pb_fontsubset_free(pb_fontsubset *fs);

#endif
