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
 * comes from Pango's UAX #14 attributes tailored by cjk.c.
 *
 * Inside a URL, an e-mail address, a path or any Latin word of 16 or more
 * characters without a space, the breaks are our own, as a browser makes
 * them: after / . - ? & = _ # \ (the last of a run of them: never inside
 * "//"), and before and after the whole, no hyphen added, at a small
 * penalty. A line ending there would have no stretch at all (nothing
 * stretches inside a Latin word), so the break lends it some (TeX's ragged
 * right: glue, penalty, glue taking it back): it is justified when its other
 * gaps can take the slack, else set ragged, never stretched across the
 * column.
 *
 * A Latin paragraph (pb_para_settings.latin, hyphen.h) is justified by its
 * word spaces alone, each stretching to twice its width within the limits,
 * and its English words may break at their hyphenation points (libhyphen):
 * a flagged penalty as wide as a hyphen, which line.c draws when a line
 * ends there. A quote mark in Latin context is Latin punctuation. In a
 * measure narrower than typography.latin_justify (pb_para_settings.rag) a
 * Latin paragraph is set ragged right instead, as a bilingual label's
 * English is: its word spaces keep their width, and every break lends the
 * line RAG em of stretch at its end (TeX's \raggedright), so the breaks
 * even out the rag rather than the spaces.
 *
 * Display text (pb_para_settings.wrap) and photo credits (PB_SPAN_WORDS)
 * break only between words: a legal break that ICU's word break iterator
 * (words.c) finds inside a word is marked inword, for the breakers to take
 * only when a word is wider than the line. */
#include <string.h>

#include <hb.h>

#include "../base/util.h"
#include "hyphen.h"
#include "marks.h"
#include "para.h"
#include "words.h"

pb_para_settings pb_para_settings_default(void)
{
    return (pb_para_settings){
        .strictness = PB_BREAK_STRICT,
        .punct = PB_PUNCT_QUANJIAO,
        .hanging = PB_HANG_NONE,
        .han_latin_space = 0.25,
        .char_stretch = 0.15,
        .second_stretch = 0.125,
        .latin_space_stretch = 0.5,
        .latin_space_shrink = 0.33,
        .compress_punct = true,
        .last_line_chars = 2,
        .latin_justify = 24,
    };
}

pb_para_settings pb_para_settings_from(const pb_typography *t, const char *lang)
{
    pb_para_settings s = pb_para_settings_default();
    s.strictness = t->linebreak;
    s.punct = t->punctuation;
    s.hanging = t->hanging;
    s.han_latin_space = t->latin_spacing;
    s.char_stretch = t->char_stretch;
    s.latin_justify = t->latin_justify;
    s.last_line_chars = t->last_line_chars;
    /* CLR-2, CLR-26: Taiwan and Hong Kong centre their marks; they are not
     * compressed and never hang (CLR-28) */
    if (lang && (!strcmp(lang, "zh-tw") || !strcmp(lang, "zh-hk"))) {
        s.compress_punct = false;
        s.hanging = PB_HANG_NONE;
    }
    return s;
}

typedef struct {
    int run, g0, g1, b0, b1;
    uint32_t c;
    pb_cjk_class k;
    pb_len w, em;
    bool url; /* in a URL-like run: a URL, address, path or long word */
} cluster;

typedef PB_VEC(cluster) cluster_vec;
typedef PB_VEC(pb_item) item_vec;

/* Cluster [g0, g1) of run r, bytes [start, end) of its item. */
static void push_cluster(const pb_para *p, int r, int g0, int g1, int start, int end, bool latin,
                         cluster_vec *out)
{
    const pb_run *run = &p->runs[r];
    int off = run->item->offset, adv;
    pb_len w = 0;
    for (int g = g0; g < g1; g++)
        w += run->glyphs->glyphs[g].geometry.width;
    uint32_t c = pb_utf8_decode(p->text + off + start, (size_t)(end - start), &adv);
    pb_cjk_class k = pb_cjk_class_of(c);
    if ((k == PB_CC_OPEN || k == PB_CC_CLOSE) && w < run->em / 2 &&
        pb_latin_quote(p->text, p->len, off + start, latin))
        k = PB_CC_LATIN_PUNCT; /* People’s: set from the Latin face (shape.c) */
    PB_PUSH(*out, ((cluster){r, g0, g1, off + start, off + end, c, k, w, run->em, false}));
}

/* The clusters of every run in the text's (logical) order. A right-to-left
 * run (odd bidi level) has its glyphs in visual order, the text's last
 * cluster first, so it is read from its end; its boxes are turned back to
 * visual order when the line is finished (line.c). */
static void collect_clusters(const pb_para *p, cluster_vec *out)
{
    bool latin = pb_text_is_latin(p->text, p->len);
    for (int r = 0; r < p->nruns; r++) {
        const PangoGlyphString *gs = p->runs[r].glyphs;
        const int *lc = gs->log_clusters, n = gs->num_glyphs, len = p->runs[r].item->length;
        if (p->runs[r].item->analysis.level & 1) {
            for (int g = n; g > 0;) {
                int s = g - 1;
                while (s > 0 && lc[s - 1] == lc[g - 1])
                    s--;
                push_cluster(p, r, s, g, lc[g - 1], s > 0 ? lc[s - 1] : len, latin, out);
                g = s;
            }
            continue;
        }
        for (int g = 0; g < n;) {
            int e = g;
            while (e < n && lc[e] == lc[g])
                e++;
            push_cluster(p, r, g, e, lc[g], e < n ? lc[e] : len, latin, out);
            g = e;
        }
    }
}

/* Whether c is a centred mark of Traditional text: a pause or stop mark
 * (，。、：；！？) an em wide, its ink in the middle of the em. */
static bool centred_mark(const cluster *c, const pb_para_settings *s)
{
    return !s->compress_punct && (c->k == PB_CC_PAUSE || c->k == PB_CC_STOP) &&
           c->w >= c->em * 9 / 10;
}

/* The half em of blank a full-width mark has on one side (CLR-21), or 0.
 * A centred mark is not compressed (CLR-26), but the quarter em of blank
 * right of its ink is glue like a half em's: kept inside a line, gone at a
 * line end, where the ink then ends near the column's edge as a Han
 * character's does instead of half an em short of it. */
static pb_len half_of(const cluster *c, const pb_para_settings *s)
{
    if (centred_mark(c, s))
        return c->em / 4;
    if (!s->compress_punct || !pb_cjk_is_halfblank(c->k) || c->w < c->em * 9 / 10)
        return 0;
    return c->w - c->em / 2;
}

/* How much of that half em the punctuation style keeps as glue (CLR-25);
 * the rest is gone for good. */
static pb_len kept_blank(const cluster *c, const pb_para_settings *s)
{
    pb_len h = half_of(c, s);
    switch (s->punct) {
    case PB_PUNCT_QUANJIAO:
    case PB_PUNCT_HANGMOBANJIAO: return h;
    case PB_PUNCT_KAIMING: return c->k == PB_CC_STOP ? h : 0;
    case PB_PUNCT_BANJIAO: return 0;
    }
    return h;
}

static bool ink_right(pb_cjk_class k) { return k == PB_CC_OPEN; }
static bool ink_left(pb_cjk_class k)
{
    return k == PB_CC_CLOSE || k == PB_CC_PAUSE || k == PB_CC_STOP;
}

/* CLR-34: where justification may add space between two boxes. */
static bool may_stretch(pb_cjk_class a, pb_cjk_class b)
{
    if (a == PB_CC_OPEN || b == PB_CC_CLOSE || b == PB_CC_PAUSE || b == PB_CC_STOP)
        return false;
    if ((a == PB_CC_DASH && b == PB_CC_DASH) || (a == PB_CC_ELLIPSIS && b == PB_CC_ELLIPSIS))
        return false;
    if (a == PB_CC_CONNECT || b == PB_CC_CONNECT)
        return false;
    bool la = a == PB_CC_LATIN || a == PB_CC_LATIN_PUNCT;
    bool lb = b == PB_CC_LATIN || b == PB_CC_LATIN_PUNCT;
    return !(la && lb); /* never inside a Latin word or number */
}

/* Two marks compressed to 1.5 em keep 2/1000 em between them: invisible
 * (0.02 pt at 10.5 pt), larger than the 1/1000 em a PDF text array rounds
 * to, and enough that readers rebuilding lines from glyph origins in
 * floating point see the second mark on the line of the first. */
#define PAIR_HAIR(em) ((em) / 500)

typedef struct {
    const pb_para *p;
    const PangoLogAttr *attrs;
    const pb_para_settings *set;
    item_vec v;
    pb_len pending; /* blank owed after the previous box */
    int byte, chars; /* char_index()'s last answer */
    int span;        /* in_nobreak()'s place in the spans */
    int ref;         /* noteref_at()'s place in the spans */
    const cluster *cl, *cl_end; /* the paragraph's clusters */
    uint8_t *words; /* word boundaries (words.h) of text that breaks between words, or NULL */
} builder;

/* ---- URLs and long words ---- */

enum {
    LONG_WORD = 16,      /* characters: a word this long may break like a URL */
    URL_PENALTY = 50,    /* a break inside one (TeX's \hyphenpenalty) */
};
#define URL_STRETCH(em) (2 * (em)) /* what a line ending at such a break may stretch */

static bool url_break_char(uint32_t c) { return c < 0x80 && c && strchr("/.-?&=_#\\", (int)c); }

static bool in_word(pb_cjk_class k) { return k == PB_CC_LATIN || k == PB_CC_LATIN_PUNCT; }

/* Mark the clusters of every URL-like run: a run of Latin letters, digits
 * and marks without a space that holds "://", starts "www.", is an e-mail
 * address, or is LONG_WORD characters or more. */
static void mark_urls(const pb_para *p, cluster_vec *cl)
{
    for (size_t i = 0; i < cl->n;) {
        if (!in_word(cl->v[i].k)) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < cl->n && in_word(cl->v[j].k) && cl->v[j].b0 == cl->v[j - 1].b1)
            j++;
        const char *s = p->text + cl->v[i].b0;
        size_t n = (size_t)(cl->v[j - 1].b1 - cl->v[i].b0);
        const char *at = memchr(s, '@', n);
        bool url = j - i >= LONG_WORD || g_strstr_len(s, (gssize)n, "://") ||
                   (n > 4 && !g_ascii_strncasecmp(s, "www.", 4)) ||
                   (at && at > s && memchr(at, '.', n - (size_t)(at - s)));
        for (size_t k = i; url && k < j; k++)
            cl->v[k].url = true;
        i = j;
    }
}

/* Whether a and b lie next to each other in one URL-like run. */
static bool in_url(const cluster *a, const cluster *b)
{
    return a->url && b->url && a->b1 == b->b0;
}

/* A break between a and b of one URL-like run: after a break character,
 * not before another one nor before a mark that may not start a line, and
 * not after the run's first character. */
static bool url_break(const builder *x, const cluster *a, const cluster *b)
{
    return url_break_char(a->c) && !url_break_char(b->c) &&
           !pb_cjk_no_start(b->c, x->set->strictness) && a > x->cl && in_url(a - 1, a);
}

/* CLR-16: a dash between two numbers is a range (9:00—17:00, 2020—2025年,
 * 1—2月): no break on either side of it, nor inside a ——. True when the
 * gap between a and b is next to such a dash, digits written right
 * against both ends of the run of dashes. */
static bool in_number_range(const builder *x, const cluster *a, const cluster *b)
{
    if (!pb_cjk_is_range_dash(a->c) && !pb_cjk_is_range_dash(b->c))
        return false;
    const cluster *l = a, *r = b;
    while (l > x->cl && pb_cjk_is_range_dash(l->c) && (l - 1)->b1 == l->b0)
        l--;
    while (r + 1 < x->cl_end && pb_cjk_is_range_dash(r->c) && r->b1 == (r + 1)->b0)
        r++;
    return a->b1 == b->b0 && pb_cjk_is_digit(l->c) && pb_cjk_is_digit(r->c) &&
           !pb_cjk_is_range_dash(l->c) && !pb_cjk_is_range_dash(r->c) && l != r;
}

/* Whether a photo credit starts at byte b. */
static bool credit_starts(const builder *x, int b)
{
    for (int i = 0; i < x->p->nspans; i++)
        if (x->p->spans[i].start == b && (x->p->spans[i].flags & PB_SPAN_CREDIT))
            return true;
    return false;
}

/* Whether bytes a and b lie in one no-break span (a photo credit). Asked in
 * increasing order of a, so the search only moves forward. */
static bool in_nobreak(builder *x, int a, int b)
{
    const pb_para *p = x->p;
    while (x->span < p->nspans && p->spans[x->span].start + p->spans[x->span].len <= a)
        x->span++;
    for (int i = x->span; i < p->nspans && p->spans[i].start <= a; i++) {
        const pb_span *sp = &p->spans[i];
        if ((sp->flags & PB_SPAN_NOBREAK) && a >= sp->start && b < sp->start + sp->len)
            return true;
    }
    return false;
}

/* Whether a note reference ("[1]") starts at byte b: no break before it.
 * Asked in increasing order of b. */
static bool noteref_at(builder *x, int b)
{
    const pb_para *p = x->p;
    while (x->ref < p->nspans && p->spans[x->ref].start < b)
        x->ref++;
    return x->ref < p->nspans && p->spans[x->ref].start == b &&
           (p->spans[x->ref].flags & PB_SPAN_NOTEREF);
}

/* The character index of a byte offset; offsets come in increasing order,
 * so counting on from the last one keeps the pass linear. */
static int char_index(builder *x, int byte)
{
    if (byte < x->byte) {
        x->byte = 0;
        x->chars = 0;
    }
    x->chars += (int)g_utf8_pointer_to_offset(x->p->text + x->byte, x->p->text + byte);
    x->byte = byte;
    return x->chars;
}

/* ---- words (display text and credits) ---- */

/* Whether the text breaks only between words: all of it (display text), or
 * the spans that say so (a photo credit). */
static bool wants_words(const pb_para *p, const pb_para_settings *s)
{
    for (int i = 0; i < p->nspans; i++)
        if (p->spans[i].flags & PB_SPAN_WORDS)
            return true;
    return s->wrap != PB_WRAP_BODY;
}

/* Whether the gap between a and b lies inside a word of text that breaks
 * between words. */
static bool inside_word(const builder *x, const cluster *a, const cluster *b)
{
    if (x->words[b->b0] || x->words[a->b1])
        return false;
    if (x->set->wrap != PB_WRAP_BODY)
        return true;
    for (int i = 0; i < x->p->nspans; i++) {
        const pb_span *sp = &x->p->spans[i];
        if ((sp->flags & PB_SPAN_WORDS) && a->b0 >= sp->start && b->b0 < sp->start + sp->len)
            return true;
    }
    return false;
}

static void push_box(builder *x, const cluster *c)
{
    pb_len half = half_of(c, x->set);
    pb_item it = {.kind = PB_ITEM_BOX, .run = c->run, .g0 = c->g0, .g1 = c->g1, .b0 = c->b0,
                  .b1 = c->b1, .c = c->c, .cls = (uint8_t)c->k};
    it.width = c->w - half;
    it.adv_delta = -half;
    if (ink_right(c->k))
        it.x_shift = -half;
    /* quanjiao keeps an opening mark's blank at the start of a line */
    if (ink_right(c->k) && x->set->punct == PB_PUNCT_QUANJIAO)
        it.lead_blank = kept_blank(c, x->set);
    it.word = c->k == PB_CC_HAN || c->k == PB_CC_LATIN || c->k == PB_CC_OTHER;
    PB_PUSH(x->v, it);
}

/* Blank between boxes a and b (CLR-22): what a owes after it, what b wants
 * before it, compressed so that no more than half an em stands between two
 * marks; *carry is what is owed after b, *firm whether it may not shrink. */
static pb_len gap_blank(builder *x, const cluster *a, const cluster *b, pb_len *carry, bool *firm)
{
    const pb_para_settings *s = x->set;
    pb_len owed = x->pending, before = ink_right(b->k) ? kept_blank(b, s) : 0;
    pb_len em = a->em > b->em ? a->em : b->em;
    *carry = ink_left(b->k) ? kept_blank(b, s) : 0;
    if (!s->compress_punct) { /* centred marks keep their full em inside a line */
        *firm = true;
        return owed + before;
    }
    if (owed && ink_left(b->k) && half_of(b, s)) {
        *carry = owed > *carry ? owed : *carry; /* 。” : the blank moves after ” */
        return PAIR_HAIR(em);
    }
    if (ink_right(a->k) && half_of(a, s) && ink_right(b->k))
        return half_of(b, s) ? PAIR_HAIR(em) : 0; /* “《 : no blank between */
    if (owed && before) {
        /* ，“ : one half em for the two, and no less: the pair is 1.5 em */
        *firm = true;
        return em / 2 + PAIR_HAIR(em);
    }
    return owed + before;
}

/* em a ragged line may fall short of the measure within its limits */
static const double RAG = 3;

/* A break at the end of a ragged line (TeX's \\raggedright): glue of RAG
 * em stretch that the line ends with when it breaks at brk, taken back by
 * the glue after it when it does not. */
static void push_rag(builder *x, pb_item brk, pb_len em)
{
    pb_len st = (pb_len)(RAG * (double)em);
    PB_PUSH(x->v, ((pb_item){.kind = PB_ITEM_GLUE, .stretch = st, .run = -1, .ragged = true}));
    PB_PUSH(x->v, brk);
    PB_PUSH(x->v, ((pb_item){.kind = PB_ITEM_GLUE, .stretch = -st, .run = -1, .ragged = true}));
}

/* CLR-54: an interpunct is a centred half em on the mainland, an em in
 * Taiwan and Hong Kong (where marks are not compressed). The fonts give
 * U+00B7 its Latin advance, a fifth of an em or so: what it lacks is blank
 * on each side, half on each (this is one side's). */
static pb_len interpunct_pad(const cluster *c, const pb_para_settings *s)
{
    if (c->k != PB_CC_MIDDOT)
        return 0;
    pb_len box = s->compress_punct ? c->em / 2 : c->em;
    return c->w < box ? (box - c->w) / 2 : 0;
}

/* The glue between boxes a and b; sp is the width of the author's spaces
 * between them (their clusters sp0..sp1), 0 when none. */
static void push_gap(builder *x, const cluster *a, const cluster *b, pb_len sp,
                     const cluster *sp0, const cluster *sp1)
{
    const pb_para_settings *s = x->set;
    pb_len carry, em = a->em > b->em ? a->em : b->em;
    bool firm = false;
    pb_len blank = gap_blank(x, a, b, &carry, &firm);
    x->pending = carry;
    pb_item g = {.kind = PB_ITEM_GLUE, .run = -1, .width = blank};
    /* a blank shrinks to the hair, never to nothing: the marks stay apart */
    g.shrink = !firm && blank > 2 * PAIR_HAIR(em) ? blank - PAIR_HAIR(em) : 0;
    g.width += interpunct_pad(a, s) + interpunct_pad(b, s); /* firm: the box's own */
    bool hl = (a->k == PB_CC_HAN && b->k == PB_CC_LATIN) ||
              (a->k == PB_CC_LATIN && b->k == PB_CC_HAN);
    if (may_stretch(a->k, b->k) || sp > 0)
        g.stretch = (pb_len)(s->char_stretch * em);
    if (s->latin && !hl && a->k != PB_CC_HAN && b->k != PB_CC_HAN)
        g.stretch = 0; /* a Latin paragraph: only its word spaces stretch */
    if (hl && s->han_latin_space > 0) { /* CLR-30/31: replaces an author's space */
        g.width += (pb_len)(s->han_latin_space * em);
        g.stretch2 = (pb_len)(s->second_stretch * em);
        g.shrink += (pb_len)(s->han_latin_space * em / 2);
    } else if (sp > 0) {
        g.width += sp;
        g.stretch2 = (pb_len)(s->latin_space_stretch * sp);
        g.shrink += (pb_len)(s->latin_space_shrink * sp);
        if (s->latin) /* up to twice the space within the limits */
            g.stretch = g.stretch2 = (pb_len)(sp / 2);
        if (s->rag) /* ragged: every word space as wide as the others */
            g.stretch = g.stretch2 = g.shrink = 0;
    }
    int ci = char_index(x, b->b0);
    bool uax = x->attrs[ci].is_line_break;
    g.brk = pb_cjk_break_allowed(a->c, b->c, uax, s->strictness) || (sp > 0 && !hl && uax);
    bool url_brk = false;
    if (sp == 0 && (a->url || b->url) && a->b1 == b->b0) {
        /* in a URL and at its ends the breaks are ours alone: at an end, a
         * break unless a mark forbids it (a digit ending a URL is no number
         * before its unit, CLR-16) */
        if (in_url(a, b))
            url_brk = url_break(x, a, b);
        else
            url_brk = !pb_cjk_no_start(b->c, s->strictness) &&
                      (a->url || !pb_cjk_no_end(a->c, s->strictness));
        url_brk = url_brk && !(x->p->nspans && in_nobreak(x, a->b0, b->b0));
        g.brk = false;
    }
    if (g.brk && x->p->nspans && in_nobreak(x, a->b0, b->b0))
        g.brk = false;
    if (g.brk && in_number_range(x, a, b))
        g.brk = false;
    /* a number and its unit part only as a last resort (CLR-16) */
    bool last_resort = !g.brk && !url_brk && sp == 0 &&
                       pb_cjk_number_unit(a->c, b->c, s->strictness) &&
                       pb_cjk_break_allowed(a->c, b->c, uax, PB_BREAK_LOOSE) &&
                       !(x->p->nspans && in_nobreak(x, a->b0, b->b0));
    if (last_resort)
        PB_PUSH(x->v, ((pb_item){.kind = PB_ITEM_PENALTY, .penalty = PB_LAST_RESORT, .run = -1}));
    if (x->p->nspans && noteref_at(x, b->b0)) /* a note's number stays with its word */
        g.brk = url_brk = false;
    g.inword = g.brk && x->words && inside_word(x, a, b);
    g.flagged = g.brk && (a->c == '-' || a->k == PB_CC_DASH);
    /* CLR-28: only 、，。． hang, and only a single mark */
    if (s->hanging != PB_HANG_NONE && half_of(a, s) &&
        (a->c == 0x3001 || a->c == 0xFF0C || a->c == 0x3002 || a->c == 0xFF0E))
        g.hang = x->v.v[x->v.n - 1].width;
    if (sp > 0 && sp0->run == sp1->run) { /* keep the spaces in the text */
        /* a right-to-left run has its last space first among its glyphs */
        g.run = sp0->run, g.g0 = MIN(sp0->g0, sp1->g0), g.g1 = MAX(sp0->g1, sp1->g1);
        g.b0 = sp0->b0, g.b1 = sp1->b1;
    }
    if (credit_starts(x, b->b0)) {
        /* a photo credit may go to a line of its own, leaving the line
         * before it unjustified: TeX's \hfil\penalty0\hfilneg */
        g.brk = false;
        PB_PUSH(x->v, g);
        PB_PUSH(x->v, ((pb_item){.kind = PB_ITEM_GLUE, .stretch = PB_FIL, .run = -1}));
        PB_PUSH(x->v, ((pb_item){.kind = PB_ITEM_PENALTY, .run = -1}));
        PB_PUSH(x->v, ((pb_item){.kind = PB_ITEM_GLUE, .stretch = -PB_FIL, .run = -1}));
        return;
    }
    if (s->rag && g.brk && !url_brk) { /* ragged right: the line's end takes the slack */
        push_rag(x, ((pb_item){.kind = PB_ITEM_PENALTY, .run = -1, .ragged = true}), em);
        g.brk = false;
        PB_PUSH(x->v, g);
        return;
    }
    if (url_brk) { /* the gap's own glue after the break: a line ending there ends flush */
        pb_len st = URL_STRETCH(em);
        PB_PUSH(x->v, ((pb_item){.kind = PB_ITEM_GLUE, .stretch = st, .run = -1, .ragged = true}));
        PB_PUSH(x->v, ((pb_item){.kind = PB_ITEM_PENALTY, .penalty = URL_PENALTY, .run = -1,
                                 .ragged = true}));
        PB_PUSH(x->v, ((pb_item){.kind = PB_ITEM_GLUE, .stretch = -st, .run = -1, .ragged = true}));
        if (g.width || g.stretch || g.stretch2 || g.shrink || g.run >= 0)
            PB_PUSH(x->v, g);
        return;
    }
    if (g.width == 0 && g.stretch == 0 && g.stretch2 == 0 && g.shrink == 0 && g.run < 0) {
        if (g.brk)
            PB_PUSH(x->v, ((pb_item){.kind = PB_ITEM_PENALTY, .flagged = g.flagged,
                                     .inword = g.inword, .run = -1}));
        return;
    }
    PB_PUSH(x->v, g);
}

/* ---- hyphenation (Latin paragraphs) ---- */

enum { HYPHEN_PENALTY = 50 }; /* TeX's \hyphenpenalty */

/* Per cluster, whether an English word may be hyphenated after it: the
 * points libhyphen finds in every run of ASCII letters outside a URL. */
static bool *mark_hyphens(const pb_para *p, const cluster_vec *cl)
{
    bool *h = pb_xcalloc(cl->n + 1, sizeof *h), *after = pb_xcalloc(cl->n + 1, sizeof *after);
    for (size_t i = 0; i < cl->n;) {
        size_t j = i;
        while (j < cl->n && cl->v[j].k == PB_CC_LATIN && cl->v[j].c < 0x80 &&
               g_ascii_isalpha((int)cl->v[j].c) && !cl->v[j].url &&
               cl->v[j].b1 - cl->v[j].b0 == 1 && (j == i || cl->v[j].b0 == cl->v[j - 1].b1))
            j++;
        if (j == i) {
            i++;
            continue;
        }
        if (pb_hyphen_word(p->text + cl->v[i].b0, (int)(j - i), after))
            for (size_t k = i; k < j; k++)
                h[k] = after[k - i];
        i = j;
    }
    free(after);
    return h;
}

/* The advance of a hyphen in the font of run r. */
static pb_len hyphen_width(const pb_para *p, int r)
{
    hb_font_t *hb = pango_font_get_hb_font(p->runs[r].item->analysis.font);
    hb_codepoint_t g = 0;
    if (!hb || !hb_font_get_nominal_glyph(hb, '-', &g))
        return p->runs[r].em / 3;
    return (pb_len)hb_font_get_glyph_h_advance(hb, g);
}

/* A mark right after another mark does not hang (CLR-28). */
static void no_double_hang(builder *x)
{
    for (size_t i = 3; i < x->v.n; i++) {
        pb_item *g = &x->v.v[i];
        if (g->kind != PB_ITEM_GLUE || !g->hang)
            continue;
        /* the box before the mark, skipping the glue between them */
        const pb_item *before = &x->v.v[x->v.v[i - 2].kind == PB_ITEM_BOX ? i - 2 : i - 3];
        if (before->run >= 0 && pb_cjk_is_halfblank(before->cls))
            g->hang = 0;
    }
}

void pb_items_build(pb_para *p, pb_len indent, const pb_para_settings *set, pb_arena *a)
{
    cluster_vec cl = {0};
    collect_clusters(p, &cl);
    mark_urls(p, &cl);
    int nchars = g_utf8_strlen(p->text, p->len);
    PangoLogAttr *attrs = pb_xcalloc((size_t)nchars + 1, sizeof *attrs);
    pango_get_log_attrs(p->text, p->len, -1, pango_language_from_string("zh-cn"), attrs,
                        nchars + 1);
    builder x = {.p = p, .attrs = attrs, .set = set, .cl = cl.v, .cl_end = cl.n ? cl.v + cl.n : cl.v};
    if (p->nruns && wants_words(p, set))
        x.words = pb_words_boundaries(
            p->text, p->len, pango_language_to_string(p->runs[0].item->analysis.language));
    if (indent > 0)
        PB_PUSH(x.v, ((pb_item){.kind = PB_ITEM_BOX, .width = indent, .run = -1}));
    bool *hyph = set->latin ? mark_hyphens(p, &cl) : NULL;
    const cluster *prev = NULL, *sp0 = NULL, *sp1 = NULL;
    pb_len spaces = 0;
    for (size_t i = 0; i < cl.n; i++) {
        const cluster *c = &cl.v[i];
        if (p->nspans && (pb_para_flags_at(p, c->b0) & PB_SPAN_RUBY))
            continue; /* pinyin set over its characters, not in the line (marks.c) */
        if (c->k == PB_CC_SPACE) {
            spaces += c->w;
            sp0 = sp0 ? sp0 : c;
            sp1 = c;
            continue;
        }
        pb_len before = ink_right(c->k) ? kept_blank(c, set) : 0;
        if (prev) {
            push_gap(&x, prev, c, spaces, sp0, sp1);
            if (hyph && hyph[prev - cl.v] && spaces == 0) {
                pb_item h = {.kind = PB_ITEM_PENALTY, .penalty = HYPHEN_PENALTY,
                             .width = hyphen_width(p, prev->run), .flagged = true, .c = '-',
                             .run = -1, .ragged = set->rag};
                if (set->rag)
                    push_rag(&x, h, prev->em);
                else
                    PB_PUSH(x.v, h);
            }
        } else {
            /* CLR-23: at a paragraph's start an opening mark keeps its full
             * width inside the indent; without an indent it is half-width */
            if (before && indent > 0)
                PB_PUSH(x.v, ((pb_item){.kind = PB_ITEM_GLUE, .width = before, .run = -1}));
            x.pending = ink_left(c->k) ? kept_blank(c, set) : 0;
        }
        push_box(&x, c);
        prev = c;
        spaces = 0;
        sp0 = sp1 = NULL;
    }
    no_double_hang(&x);
    /* the paragraph's end: a fill line and a forced break */
    PB_PUSH(x.v, ((pb_item){.kind = PB_ITEM_PENALTY, .penalty = PB_INF, .run = -1}));
    PB_PUSH(x.v, ((pb_item){.kind = PB_ITEM_GLUE, .stretch = PB_FIL, .run = -1}));
    PB_PUSH(x.v, ((pb_item){.kind = PB_ITEM_PENALTY, .penalty = -PB_INF, .run = -1}));
    p->items = pb_arena_copy(a, x.v.v, x.v.n, sizeof *x.v.v);
    p->nitems = (int)x.v.n;
    free(x.v.v);
    free(cl.v);
    free(attrs);
    free(x.words);
    free(hyph);
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
            fprintf(out, "glue %.2f +%.2f +%.2f -%.2f%s%s\n", PB_TO_PT(it->width),
                    it->stretch >= PB_FIL ? 9999.0 : it->stretch <= -PB_FIL ? -9999.0 : PB_TO_PT(it->stretch),
                    PB_TO_PT(it->stretch2), PB_TO_PT(it->shrink), it->brk ? " brk" : "",
                    it->hang ? " hang" : "");
            break;
        case PB_ITEM_PENALTY:
            fprintf(out, "penalty %d%s\n", it->penalty, it->c == '-' ? " hyphen" : "");
            break;
        }
    }
}
