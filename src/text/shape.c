/* Shaping: Pango itemizes the paragraph (script, language, font fallback over
 * the style's family list) and HarfBuzz shapes each item through Pango, with
 * glyph positions left unrounded so widths add up exactly (docs/traps.md, Scale and rounding). */
#include <pango/pangocairo.h>
#include <string.h>

#include "../base/util.h"
#include "para.h"
#include "shapecache.h"

static PangoFontDescription *style_font(const pb_style *s)
{
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, s->family);
    pango_font_description_set_weight(fd, (PangoWeight)s->weight);
    pango_font_description_set_absolute_size(fd, (double)s->size);
    return fd;
}

/* Kana are set solid (JLREQ: ベタ組), every one a full em; the kerning Noto
 * CJK has for some kana pairs (フォ, ティ, ース) would leave the gaps of a
 * justified line uneven. Kerning is off over every run of CJK text; Latin
 * keeps it. */
static void cjk_unkerned(const pb_text *t, PangoAttrList *attrs)
{
    const char *s = t->s, *end = t->s + t->len;
    while (s < end) {
        const char *r = s;
        while (r < end && pb_cjk_is_text(g_utf8_get_char(r)))
            r = g_utf8_next_char(r);
        if (r > s) {
            PangoAttribute *a = pango_attr_font_features_new("kern 0");
            a->start_index = (guint)(s - t->s), a->end_index = (guint)(r - t->s);
            pango_attr_list_insert(attrs, a);
        }
        s = r < end ? g_utf8_next_char(r) : end;
    }
}

static const char *strong_family(const pb_style *s)
{
    return s->strong_family && *s->strong_family ? s->strong_family : PB_STRONG_FAMILY;
}

static PangoAttrList *span_attrs(const pb_text *t, const pb_style *s, const char *lang)
{
    PangoAttrList *attrs = pango_attr_list_new();
    PangoAttribute *a = pango_attr_language_new(pango_language_from_string(lang));
    pango_attr_list_insert(attrs, a);
    cjk_unkerned(t, attrs);
    for (int i = 0; i < t->nspans; i++) {
        const pb_span *sp = &t->spans[i];
        guint start = (guint)sp->start, end = (guint)(sp->start + sp->len);
        /* strong text in a bold Hei of the same size (docs/clreq.md, CLR-45),
         * never a faux bold or a heavier Song */
        if (sp->flags & PB_SPAN_STRONG) {
            a = pango_attr_family_new(strong_family(s));
            a->start_index = start, a->end_index = end;
            pango_attr_list_insert(attrs, a);
            a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
            a->start_index = start, a->end_index = end;
            pango_attr_list_insert(attrs, a);
        }
        /* emphasis in Chinese print is a Kai face, not a slanted Song */
        if (sp->flags & PB_SPAN_EMPH) {
            a = pango_attr_family_new("LXGW WenKai");
            a->start_index = start, a->end_index = end;
            pango_attr_list_insert(attrs, a);
        }
        /* a photo credit in a Hei face, as Chinese papers set it */
        if (sp->flags & PB_SPAN_CREDIT) {
            a = pango_attr_family_new("Noto Sans CJK SC");
            a->start_index = start, a->end_index = end;
            pango_attr_list_insert(attrs, a);
        }
        /* ruby: half the size of the text it annotates (text/marks.c) */
        if (sp->flags & PB_SPAN_RUBY) {
            a = pango_attr_size_new_absolute(s->size / 2);
            a->start_index = start, a->end_index = end;
            pango_attr_list_insert(attrs, a);
        }
        if (sp->flags & PB_SPAN_CODE) {
            a = pango_attr_family_new("Noto Sans Mono CJK SC");
            a->start_index = start, a->end_index = end;
            pango_attr_list_insert(attrs, a);
        }
    }
    return attrs;
}

void pb_shape(pb_fonts *fonts, const pb_text *t, const pb_style *s, const char *lang,
              pb_arena *a, pb_para *p)
{
    p->text = pb_arena_strndup(a, t->s ? t->s : "", (size_t)t->len);
    p->len = t->len;
    p->spans = pb_arena_copy(a, t->spans, (size_t)t->nspans, sizeof *t->spans);
    p->nspans = t->nspans;
    p->style = s;
    if (p->len == 0)
        return;
    /* the same text in the same style shares the runs shaped before (shapecache.c) */
    pb_text key_text = {.s = (char *)p->text, .len = p->len, .spans = (pb_span *)p->spans,
                        .nspans = p->nspans};
    pb_shape_key key = {&key_text, s, lang,
                        pango_language_to_string(pango_context_get_language(fonts->ctx))};
    if ((p->runs = pb_shapecache_find(fonts->shapes, &key, &p->nruns)))
        return;
    PangoFontDescription *fd = style_font(s);
    pango_context_set_font_description(fonts->ctx, fd);
    PangoAttrList *attrs = span_attrs(t, s, lang);
    GList *items = pango_itemize(fonts->ctx, p->text, 0, p->len, attrs, NULL);
    int n = (int)g_list_length(items);
    pb_run *runs = pb_xcalloc((size_t)(n ? n : 1), sizeof *runs);
    for (GList *l = items; l; l = l->next) {
        PangoItem *it = l->data;
        pb_run *r = &runs[p->nruns++];
        r->item = it;
        r->glyphs = pango_glyph_string_new();
        pango_shape_with_flags(p->text + it->offset, it->length, p->text, p->len, &it->analysis,
                               r->glyphs, PANGO_SHAPE_NONE);
        PangoFontDescription *rfd = pango_font_describe(it->analysis.font);
        r->em = pango_font_description_get_size(rfd);
        pango_font_description_free(rfd);
    }
    p->runs = pb_shapecache_add(fonts->shapes, &key, runs, p->nruns);
    g_list_free(items);
    pango_attr_list_unref(attrs);
    pango_font_description_free(fd);
}
