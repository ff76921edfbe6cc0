/* Drawing glyph pieces with subset fonts. The layout is final before the
 * first page is drawn, so a pre-pass over its lines knows every glyph of every
 * font; fontsubset.c cuts the fonts down to those, and each piece is then
 * drawn the way pango_cairo_show_glyph_item() draws it (pangocairo-render.c):
 * glyphs placed from their advances and offsets, clusters from Pango's
 * cluster iterator so that cairo writes the text of every glyph into the PDF
 * (ActualText-free extraction through the ToUnicode map), only the font and
 * the glyph ids being those of the subset. A character no font has is drawn
 * as the font's .notdef box with its text, not as Pango's box of hex digits
 * (which would extract as the digits). */
#include "textdraw.h"

#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "fontsubset.h"

static const cairo_user_data_key_t subset_key;

static void release(void *p) { pb_fontsubset_free(p); }

void pb_textdraw_attach(cairo_t *cr, const pb_layout *l)
{
    /* PAIBAN_FONT_SUBSET=cairo leaves every font to cairo, as before this
     * module: the reference the tests compare renderings with */
    const char *how = getenv("PAIBAN_FONT_SUBSET");
    if (how && !strcmp(how, "cairo"))
        return;
    pb_fontsubset *fs = pb_fontsubset_collect(l, true);
    if (cairo_set_user_data(cr, &subset_key, fs, release) != CAIRO_STATUS_SUCCESS)
        pb_fontsubset_free(fs);
}

/* The glyphs of gs in the subset, placed from (x, y); false when one is
 * not in the subset. A character no font has, which Pango would draw as a
 * box of hex digits that extracts as those digits, is the font's .notdef
 * box (glyph 0, in every subset), its cluster keeping the character. */
static bool place_glyphs(const pb_subset_font *sf, const PangoGlyphString *gs, double x, double y,
                         cairo_glyph_t *out, int *count)
{
    int n = 0, pos = 0;
    for (int i = 0; i < gs->num_glyphs; i++) {
        const PangoGlyphInfo *gi = &gs->glyphs[i];
        if (gi->glyph != PANGO_GLYPH_EMPTY) {
            uint32_t g = 0;
            if (!(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) && !pb_fontsubset_glyph(sf, gi->glyph, &g))
                return false;
            out[n].index = g;
            out[n].x = x + (double)(pos + gi->geometry.x_offset) / PANGO_SCALE;
            out[n].y = gi->geometry.y_offset == 0 ? y : y + (double)gi->geometry.y_offset / PANGO_SCALE;
            n++;
        }
        pos += gi->geometry.width;
    }
    *count = n;
    return true;
}

/* Pango's clusters of the piece, empty glyphs not counted. */
static int make_clusters(const char *text, const PangoGlyphItem *gi, cairo_text_cluster_t *out,
                         bool *backward)
{
    PangoGlyphItemIter it;
    int n = 0;
    *backward = (gi->item->analysis.level & 1) != 0;
    if (!pango_glyph_item_iter_init_start(&it, (PangoGlyphItem *)gi, text))
        return 0;
    do {
        int lo = MIN(it.start_glyph, it.end_glyph + 1), hi = MAX(it.start_glyph + 1, it.end_glyph);
        int glyphs = 0;
        for (int i = lo; i < hi; i++)
            glyphs += gi->glyphs->glyphs[i].glyph != PANGO_GLYPH_EMPTY;
        out[n++] = (cairo_text_cluster_t){.num_bytes = it.end_index - it.start_index,
                                          .num_glyphs = glyphs};
    } while (pango_glyph_item_iter_next_cluster(&it));
    return n;
}

enum { ON_STACK = 128 }; /* a line's piece rarely has more glyphs */

static bool draw_subset(cairo_t *cr, const pb_subset_font *sf, const char *text,
                        const PangoGlyphItem *gi)
{
    int ng = gi->glyphs->num_glyphs, count = 0;
    cairo_glyph_t stack_glyphs[ON_STACK];
    cairo_text_cluster_t stack_clusters[ON_STACK];
    cairo_glyph_t *glyphs = ng <= ON_STACK ? stack_glyphs : pb_xmalloc((size_t)ng * sizeof *glyphs);
    cairo_text_cluster_t *clusters =
        ng <= ON_STACK ? stack_clusters : pb_xmalloc((size_t)ng * sizeof *clusters);
    double x, y;
    cairo_get_current_point(cr, &x, &y);
    bool ok = place_glyphs(sf, gi->glyphs, x, y, glyphs, &count);
    if (ok) {
        bool backward;
        int nc = make_clusters(text, gi, clusters, &backward);
        cairo_save(cr);
        cairo_set_scaled_font(cr, sf->scaled);
        cairo_show_text_glyphs(cr, text + gi->item->offset, gi->item->length, glyphs, count,
                               clusters, nc, backward ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
        cairo_restore(cr);
        cairo_move_to(cr, x, y);
    }
    if (glyphs != stack_glyphs)
        free(glyphs), free(clusters);
    return ok;
}

void pb_textdraw_piece(cairo_t *cr, const char *text, const PangoGlyphItem *gi)
{
    pb_fontsubset *fs = cairo_get_user_data(cr, &subset_key);
    const pb_subset_font *sf = fs ? pb_fontsubset_font(fs, gi->item->analysis.font) : NULL;
    if (!sf || !draw_subset(cr, sf, text, gi))
        pango_cairo_show_glyph_item(cr, text, (PangoGlyphItem *)gi);
}
