/* Items: the shaped paragraph as Knuth & Plass's boxes, glue and penalties,
 * with the Chinese rules of W3C clreq built into the glue.
 *
 * Each glyph cluster is a box. A full-width mark is a half-em box holding its
 * ink plus half an em of blank that lives in the glue on its blank side
 * (CLR-21): after closing brackets, pause and stop marks, before opening
 * brackets. Because the glue at a break is discarded, a mark at line end or an
 * opening bracket at line start is set half-width for free (CLR-23, CLR-24),
 * and a line can absorb a mark by shrinking blanks before it must push a
 * character down (CLR-20). Adjacent marks share one half-em of blank (CLR-22).
 * Between two boxes there is at most one glue, the "gap": the blanks of the
 * marks on both sides, the quarter-em Han–Latin space (CLR-30, replacing an
 * author's space), a Latin word space, and the inter-character stretch that
 * justification spreads evenly (CLR-33/34). Whether the gap is a legal break
 * comes from Pango's UAX #14 attributes tailored by cjk.c. */
#include <string.h>

#include "../base/util.h"
#include "para.h"

pb_para_settings pb_para_settings_default(void)
{
    return (pb_para_settings){
        .han_latin_space = 0.25,
        .han_stretch = 0.25,
        .latin_space_stretch = 0.5,
        .latin_space_shrink = 0.33,
        .compress_punct = true,
    };
}

/* Two marks compressed to 1.5 em keep 2/1000 em between them: invisible
 * (0.02 pt at 10.5 pt), larger than the 1/1000 em a PDF text array rounds
 * to, and enough that readers rebuilding lines from glyph origins in
 * floating point see the second mark on the line of the first. */
#define PAIR_HAIR(em) ((em) / 500)

typedef struct {
    int run, g0, g1, b0, b1;
    uint32_t c;
    pb_cjk_class k;
    pb_len w, em;
} cluster;

typedef PB_VEC(cluster) cluster_vec;
typedef PB_VEC(pb_item) item_vec;

static void collect_clusters(const pb_para *p, cluster_vec *out)
{
    for (int r = 0; r < p->nruns; r++) {
        const pb_run *run = &p->runs[r];
        const PangoGlyphString *gs = run->glyphs;
        int off = run->item->offset;
        for (int g = 0; g < gs->num_glyphs;) {
            int start = gs->log_clusters[g], e = g;
            pb_len w = 0;
            while (e < gs->num_glyphs && gs->log_clusters[e] == start)
                w += gs->glyphs[e++].geometry.width;
            int end = e < gs->num_glyphs ? gs->log_clusters[e] : run->item->length;
            int adv;
            uint32_t c = pb_utf8_decode(p->text + off + start, (size_t)(end - start), &adv);
            PB_PUSH(*out, ((cluster){r, g, e, off + start, off + end, c, pb_cjk_class_of(c), w,
                                     run->em}));
            g = e;
        }
    }
}

/* Half an em of blank on the side of a full-width mark, or 0. */
static pb_len blank_of(const cluster *c, bool compress)
{
    if (!compress || !pb_cjk_is_halfblank(c->k) || c->w < c->em * 9 / 10)
        return 0;
    return c->w - c->em / 2;
}

static bool blank_before(pb_cjk_class k) { return k == PB_CC_OPEN; }

static bool is_latinish(pb_cjk_class k) { return k == PB_CC_LATIN; }

/* CLR-34: where justification may add space between two boxes. */
static bool may_stretch(pb_cjk_class a, pb_cjk_class b)
{
    if (a == PB_CC_OPEN || b == PB_CC_CLOSE || b == PB_CC_PAUSE || b == PB_CC_STOP)
        return false;
    if ((a == PB_CC_DASH && b == PB_CC_DASH) || (a == PB_CC_ELLIPSIS && b == PB_CC_ELLIPSIS))
        return false;
    if (a == PB_CC_CONNECT || b == PB_CC_CONNECT)
        return false;
    if (a == PB_CC_LATIN && b == PB_CC_LATIN)
        return false; /* never inside a Latin word or number */
    if (a == PB_CC_LATIN_PUNCT && b == PB_CC_LATIN_PUNCT)
        return false;
    if ((a == PB_CC_LATIN || a == PB_CC_LATIN_PUNCT) && (b == PB_CC_LATIN || b == PB_CC_LATIN_PUNCT))
        return false;
    return true;
}

static void push_box(item_vec *v, const cluster *c, pb_len blank, bool before)
{
    pb_item it = {.kind = PB_ITEM_BOX, .run = c->run, .g0 = c->g0, .g1 = c->g1, .b0 = c->b0,
                  .b1 = c->b1, .c = c->c, .cls = (uint8_t)c->k};
    it.width = c->w - blank;
    it.adv_delta = -blank;
    if (before)
        it.x_shift = -blank;
    PB_PUSH(*v, it);
}

static void push_glue(item_vec *v, pb_len w, pb_len stretch, pb_len shrink, bool brk,
                      const cluster *sp0, const cluster *sp1)
{
    if (w == 0 && stretch == 0 && shrink == 0 && !brk)
        return;
    pb_item it = {.kind = PB_ITEM_GLUE, .width = w, .stretch = stretch, .shrink = shrink,
                  .brk = brk, .run = -1};
    /* the author's spaces stay in the text (so it extracts with its spaces)
     * when they are one run; their glyphs take the glue's width */
    if (sp0 && sp0->run == sp1->run) {
        it.run = sp0->run, it.g0 = sp0->g0, it.g1 = sp1->g1;
        it.b0 = sp0->b0, it.b1 = sp1->b1;
    }
    PB_PUSH(*v, it);
}

typedef struct {
    const pb_para *p;
    const PangoLogAttr *attrs;
    const pb_para_settings *set;
    int nchars;
} ctx;

static int char_index(const pb_para *p, int byte)
{
    return (int)g_utf8_pointer_to_offset(p->text, p->text + byte);
}

/* The gap between boxes a and b, with sp the width of the author's spaces
 * between them (0 when none; their clusters sp0..sp1). */
static void push_gap(const ctx *x, item_vec *v, const cluster *a, const cluster *b, pb_len sp,
                     const cluster *sp0, const cluster *sp1)
{
    const pb_para_settings *set = x->set;
    bool cmp = set->compress_punct;
    pb_len ba = blank_before(a->k) ? 0 : blank_of(a, cmp);
    pb_len bb = blank_before(b->k) ? blank_of(b, cmp) : 0;
    pb_len em = a->em > b->em ? a->em : b->em;
    pb_len w = ba + bb, stretch = 0, shrink = 0;
    if (ba && bb)
        w = em / 2; /* CLR-22: two blanks meet, keep half an em */
    else if (pb_cjk_is_halfblank(a->k) && pb_cjk_is_halfblank(b->k) && blank_of(a, cmp) &&
             blank_of(b, cmp))
        w = PAIR_HAIR(em); /* 。” and “《: the inner blank goes, 1.5 em for the pair */
    shrink = w == PAIR_HAIR(em) ? 0 : w;
    bool hl = (a->k == PB_CC_HAN && is_latinish(b->k)) || (is_latinish(a->k) && b->k == PB_CC_HAN);
    if (hl) {
        w += (pb_len)(set->han_latin_space * em);
        stretch += (pb_len)(set->han_stretch * em);
        shrink += (pb_len)(set->han_latin_space * em / 2);
    } else if (sp > 0) {
        w += sp;
        stretch += (pb_len)(set->latin_space_stretch * sp);
        shrink += (pb_len)(set->latin_space_shrink * sp);
    } else if (may_stretch(a->k, b->k)) {
        stretch += (pb_len)(set->han_stretch * em);
    }
    int ci = char_index(x->p, b->b0);
    int adv;
    uint32_t after = b->b1 < x->p->len ? pb_utf8_decode(x->p->text + b->b1,
                                                        (size_t)(x->p->len - b->b1), &adv)
                                       : 0;
    bool brk = pb_cjk_break_allowed(a->c, b->c, after, x->attrs[ci].is_line_break);
    if (sp > 0 && !hl)
        brk = brk || x->attrs[ci].is_line_break;
    if (w == 0 && stretch == 0 && shrink == 0 && brk) {
        PB_PUSH(*v, ((pb_item){.kind = PB_ITEM_PENALTY, .penalty = 0, .run = -1}));
        return;
    }
    push_glue(v, w, stretch, shrink, brk, sp > 0 ? sp0 : NULL, sp1);
}

void pb_items_build(pb_para *p, pb_len indent, const pb_para_settings *set, pb_arena *a)
{
    cluster_vec cl = {0};
    item_vec v = {0};
    collect_clusters(p, &cl);
    int nchars = g_utf8_strlen(p->text, p->len);
    PangoLogAttr *attrs = pb_xcalloc((size_t)nchars + 1, sizeof *attrs);
    pango_get_log_attrs(p->text, p->len, -1, pango_language_from_string("zh-cn"), attrs,
                        nchars + 1);
    ctx x = {p, attrs, set, nchars};
    if (indent > 0)
        PB_PUSH(v, ((pb_item){.kind = PB_ITEM_BOX, .width = indent, .run = -1}));
    const cluster *prev = NULL, *sp0 = NULL, *sp1 = NULL;
    pb_len spaces = 0;
    for (size_t i = 0; i < cl.n; i++) {
        const cluster *c = &cl.v[i];
        if (c->k == PB_CC_SPACE) {
            spaces += c->w;
            sp0 = sp0 ? sp0 : c;
            sp1 = c;
            continue;
        }
        bool before = blank_before(c->k);
        pb_len blank = blank_of(c, set->compress_punct);
        if (prev)
            push_gap(&x, &v, prev, c, spaces, sp0, sp1);
        else if (before && blank && indent > 0)
            push_glue(&v, blank, 0, 0, false, NULL, NULL); /* CLR-23: full width in the indent */
        push_box(&v, c, blank, before);
        prev = c;
        spaces = 0;
        sp0 = sp1 = NULL;
    }
    /* the paragraph's end: a fill line and a forced break */
    PB_PUSH(v, ((pb_item){.kind = PB_ITEM_PENALTY, .penalty = PB_INF, .run = -1}));
    PB_PUSH(v, ((pb_item){.kind = PB_ITEM_GLUE, .stretch = 1 << 30, .run = -1}));
    PB_PUSH(v, ((pb_item){.kind = PB_ITEM_PENALTY, .penalty = -PB_INF, .run = -1}));
    p->items = pb_arena_copy(a, v.v, v.n, sizeof *v.v);
    p->nitems = (int)v.n;
    free(v.v);
    free(cl.v);
    free(attrs);
}

void pb_items_dump(const pb_para *p, FILE *out)
{
    for (int i = 0; i < p->nitems; i++) {
        const pb_item *it = &p->items[i];
        switch (it->kind) {
        case PB_ITEM_BOX:
            fprintf(out, "box %.2f '%.*s'%s\n", PB_TO_PT(it->width), it->b1 - it->b0,
                    p->text + it->b0, it->x_shift ? " shifted" : "");
            break;
        case PB_ITEM_GLUE:
            fprintf(out, "glue %.2f +%.2f -%.2f%s\n", PB_TO_PT(it->width),
                    it->stretch >= (1 << 30) ? 9999.0 : PB_TO_PT(it->stretch),
                    PB_TO_PT(it->shrink), it->brk ? " brk" : "");
            break;
        case PB_ITEM_PENALTY:
            fprintf(out, "penalty %d\n", it->penalty);
            break;
        }
    }
}
