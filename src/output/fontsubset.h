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

/* An empty collection. Caller frees with pb_fontsubset_free(). */
pb_fontsubset *pb_fontsubset_new(void);
/* Note that the glyphs of gs are drawn in font; all before pb_fontsubset_build().
 * Empty glyphs and unknown ones (Pango draws those as hex boxes) are not
 * collected. Never fails. */
void pb_fontsubset_add(pb_fontsubset *fs, PangoFont *font, const PangoGlyphString *gs);
/* Subset every collected font once. A font that cannot be subset (not a
 * fontconfig font, synthetic bold or slant, a variable font, a subsetter
 * failure) is left to cairo: pb_fontsubset_font() returns NULL for it. */
void pb_fontsubset_build(pb_fontsubset *fs);

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

/* Free the collection. The cairo font faces of the subsets live on while
 * cairo holds them (until the PDF is finished), with their font data. */
void pb_fontsubset_free(pb_fontsubset *fs);

#endif
