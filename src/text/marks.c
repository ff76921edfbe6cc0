/* Emphasis dots. clreq §3.4.1: in horizontal text a dot is centred under
 * each emphasised character, never under punctuation. A dot belongs to a
 * glyph, so it is placed from the glyph as set on the line (after
 * justification), at the centre of the glyph's own advance: the space
 * justification adds after a character is not part of it. */
#include "marks.h"

#include "../base/cjkchar.h"
#include "../base/util.h"

pb_len pb_dot_drop(pb_len em) { return (pb_len)(em * 0.26); }

pb_len pb_dot_radius(pb_len em) { return (pb_len)(em * 0.08); }

static bool in_dots(const pb_para *p, int b)
{
    for (int i = 0; i < p->nspans; i++)
        if ((p->spans[i].flags & PB_SPAN_DOTS) && b >= p->spans[i].start &&
            b < p->spans[i].start + p->spans[i].len)
            return true;
    return false;
}

/* The size of the run that holds byte b. */
static pb_len em_at(const pb_para *p, int b)
{
    for (int r = 0; r < p->nruns; r++) {
        const PangoItem *it = p->runs[r].item;
        if (b >= it->offset && b < it->offset + it->length)
            return p->runs[r].em;
    }
    return p->style->size;
}

int pb_line_dots(const pb_para *p, int li, pb_dot *out, int max)
{
    const pb_line *ln = &p->lines[li];
    bool any = false;
    for (int i = 0; i < p->nspans && !any; i++)
        any = (p->spans[i].flags & PB_SPAN_DOTS) != 0;
    if (!any)
        return 0;
    int n = 0;
    for (int k = 0; k < ln->npieces; k++) {
        const PangoGlyphItem *gi = &ln->pieces[k].gi;
        const PangoGlyphString *gs = gi->glyphs;
        pb_len pos = ln->pieces[k].x;
        for (int g = 0; g < gs->num_glyphs; g++) {
            const PangoGlyphInfo *gl = &gs->glyphs[g];
            int b = gi->item->offset + gs->log_clusters[g];
            bool first = g == 0 || gs->log_clusters[g - 1] != gs->log_clusters[g];
            int len;
            uint32_t c = pb_utf8_decode(p->text + b, (size_t)(p->len - b), &len);
            if (first && gl->glyph != PANGO_GLYPH_EMPTY && !(gl->glyph & PANGO_GLYPH_UNKNOWN_FLAG) &&
                pb_cjk_is_ideographic(c) && in_dots(p, b)) {
                PangoRectangle logical;
                pango_font_get_glyph_extents(gi->item->analysis.font, gl->glyph, NULL, &logical);
                pb_len em = em_at(p, b);
                if (out && n < max)
                    out[n] = (pb_dot){pos + gl->geometry.x_offset + logical.width / 2,
                                      pb_dot_drop(em), pb_dot_radius(em)};
                n++;
            }
            pos += gl->geometry.width;
        }
    }
    return n;
}
