/* The paragraph pipeline in one call: shape → items → breaks → lines. */
#include "para.h"

#include "../base/util.h"
#include "hyphen.h"

enum { MISSING_NAMED = 8 }; /* distinct characters named per paragraph */

/* One warning per character no font has, once per paragraph, and at most
 * MISSING_NAMED of them: a paragraph of a million such characters must not
 * make a million warnings. */
static void report_missing_glyphs(const pb_para *p, pb_diags *d)
{
    uint32_t seen[MISSING_NAMED];
    int nseen = 0, more = 0;
    for (int r = 0; r < p->nruns; r++) {
        const PangoGlyphString *gs = p->runs[r].glyphs;
        for (int g = 0; g < gs->num_glyphs; g++) {
            if (!(gs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG))
                continue;
            int off = p->runs[r].item->offset + gs->log_clusters[g], adv;
            uint32_t c = pb_utf8_decode(p->text + off, (size_t)(p->len - off), &adv);
            int k = 0;
            while (k < nseen && seen[k] != c)
                k++;
            if (k < nseen)
                continue;
            if (nseen == MISSING_NAMED) {
                more++;
                continue;
            }
            seen[nseen++] = c;
            pb_warn(d, NULL, 0, "no font has the character U+%04X \"%.*s\"", (unsigned)c, adv,
                    p->text + off);
        }
    }
    if (more)
        pb_warn(d, NULL, 0, "no font has %d more characters of the same paragraph", more);
}

pb_para *pb_para_set(pb_fonts *fonts, const pb_text *text, const pb_style *style,
                     const char *lang, pb_len indent, pb_len measure,
                     const pb_para_settings *set, pb_arena *a, pb_diags *d)
{
    pb_para *p = PB_NEW(a, pb_para);
    pb_shape(fonts, text, style, lang, a, p);
    if (d)
        report_missing_glyphs(p, d);
    pb_para_settings ls = *set;
    if (set->wrap == PB_WRAP_BODY && pb_text_is_latin(p->text, p->len)) {
        ls.latin = true;
        /* a Latin text justified in a narrow measure opens rivers of word
         * space: under latin_justify em it is set ragged right (items.c) */
        ls.rag = measure < (pb_len)(set->latin_justify * (double)style->size);
        set = &ls;
    }
    pb_items_build(p, indent, set, a);
    pb_linebreak(p, measure, set, a);
    pb_lines_finish(p, a);
    return p;
}
