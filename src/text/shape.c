/* Shaping: Pango itemizes the paragraph (script, language, font fallback over
 * the style's family list) and HarfBuzz shapes each item through Pango, with
 * glyph positions left unrounded so widths add up exactly (docs/traps.md, Scale and rounding). */
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "hyphen.h"
#include "para.h"
#include "shapecache.h"

static PangoFontDescription *style_font(const pb_style *s, const char *lang)
{
    PangoFontDescription *fd = pango_font_description_new();
    char *family = pb_fonts_family_for(s->family, lang);
    pango_font_description_set_family(fd, family);
    free(family);
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

/* Whether byte b lies in a span that sets a face of its own. */
static bool in_face_span(const pb_text *t, int b)
{
    for (int i = 0; i < t->nspans; i++) {
        const pb_span *sp = &t->spans[i];
        if ((sp->flags & (PB_SPAN_STRONG | PB_SPAN_EMPH | PB_SPAN_CREDIT | PB_SPAN_CODE)) &&
            b >= sp->start && b < sp->start + sp->len)
            return true;
    }
    return false;
}

/* The full-width marks (CLR-21) of a face without an em-wide set of its own
 * are taken from the Noto CJK face fonts.h names: LXGW WenKai's “ ” ‘ ’ are
 * proportional, a third of an em, and its ，。 are not centred for
 * Traditional text; borrowed, they are an em wide like the body's and get
 * its half-em treatment (items.c) and its centring. A quote in Latin
 * context stays in the face, proportional (latin_quotes). */
static void borrowed_marks(const pb_text *t, const pb_style *s, const char *lang,
                           PangoAttrList *attrs)
{
    const char *face = pb_fonts_mark_face(s->family, lang);
    bool latin = pb_text_is_latin(t->s, t->len);
    const char *p = t->s, *end = t->s + t->len;
    while (face && p < end) {
        const char *q = p;
        while (q < end && pb_cjk_is_halfblank(pb_cjk_class_of(g_utf8_get_char(q))) &&
               !in_face_span(t, (int)(q - t->s)) &&
               !pb_latin_quote(t->s, t->len, (int)(q - t->s), latin))
            q = g_utf8_next_char(q);
        if (q > p) {
            PangoAttribute *a = pango_attr_family_new(face);
            a->start_index = (guint)(p - t->s), a->end_index = (guint)(q - t->s);
            pango_attr_list_insert(attrs, a);
        }
        p = q < end ? g_utf8_next_char(q) : end;
    }
}

/* A quote mark in Latin context (People’s; in a Latin paragraph “The”) is
 * Latin punctuation: the face's proportional form (OpenType pwid), not
 * the full-width mark with its half em of blank that Chinese text sets.
 * A Latin paragraph is set without ligatures (fi, fl, ff), so that every
 * letter keeps a glyph of its own, in the PDF's text as on the page. */
static void latin_quotes(const pb_text *t, PangoAttrList *attrs)
{
    bool latin = pb_text_is_latin(t->s, t->len);
    if (latin) {
        PangoAttribute *a = pango_attr_font_features_new("liga 0");
        a->start_index = 0, a->end_index = (guint)t->len;
        pango_attr_list_insert(attrs, a);
    }
    for (const char *s = t->s, *end = t->s + t->len; s < end; s = g_utf8_next_char(s)) {
        if ((unsigned char)*s != 0xE2 || !pb_latin_quote(t->s, t->len, (int)(s - t->s), latin))
            continue;
        PangoAttribute *a = pango_attr_font_features_new("pwid 1");
        a->start_index = (guint)(s - t->s), a->end_index = a->start_index + 3;
        pango_attr_list_insert(attrs, a);
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
    borrowed_marks(t, s, lang, attrs);
    latin_quotes(t, attrs);
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
            char *hei = pb_fonts_family_for("Noto Sans CJK SC", lang);
            a = pango_attr_family_new(hei);
            free(hei);
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
            char *mono = pb_fonts_family_for("Noto Sans Mono CJK SC", lang);
            a = pango_attr_family_new(mono);
            free(mono);
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
    PangoFontDescription *fd = style_font(s, lang);
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
