/* Emphasis dots. clreq §3.4.1: in horizontal text a dot is centred under
 * each emphasised character, never under punctuation. A dot belongs to a
 * glyph, so it is placed from the glyph as set on the line (after
 * justification), at the centre of the glyph's own advance: the space
 * justification adds after a character is not part of it. */
#include "marks.h"

#include <string.h>

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

/* A character as set on a line: the byte it starts at, its first glyph,
 * the run that glyph is in, and where the glyph's advance begins. */
typedef struct {
    int b;
    const PangoGlyphInfo *gl;
    const PangoGlyphItem *gi;
    pb_len x;
} cell;

/* Each character of line ln with a glyph, left to right, to fn. */
static void each_cell(const pb_line *ln, void (*fn)(const cell *, void *), void *ctx)
{
    for (int k = 0; k < ln->npieces; k++) {
        const PangoGlyphItem *gi = &ln->pieces[k].gi;
        const PangoGlyphString *gs = gi->glyphs;
        pb_len pos = ln->pieces[k].x;
        for (int g = 0; g < gs->num_glyphs; g++) {
            const PangoGlyphInfo *gl = &gs->glyphs[g];
            bool first = g == 0 || gs->log_clusters[g - 1] != gs->log_clusters[g];
            if (first && gl->glyph != PANGO_GLYPH_EMPTY)
                fn(&(cell){gi->item->offset + gs->log_clusters[g], gl, gi, pos}, ctx);
            pos += gl->geometry.width;
        }
    }
}

/* The width of a cell's glyph's own advance (without what justification
 * added after it). */
static pb_len cell_width(const cell *c)
{
    PangoRectangle logical;
    pango_font_get_glyph_extents(c->gi->item->analysis.font, c->gl->glyph, NULL, &logical);
    return logical.width;
}

typedef struct {
    const pb_para *p;
    PB_VEC(pb_dot) dots;
} dot_walk;

static void dot_cell(const cell *c, void *ctx)
{
    dot_walk *w = ctx;
    int len;
    uint32_t ch = pb_utf8_decode(w->p->text + c->b, (size_t)(w->p->len - c->b), &len);
    if ((c->gl->glyph & PANGO_GLYPH_UNKNOWN_FLAG) || !pb_cjk_is_ideographic(ch) ||
        !in_dots(w->p, c->b))
        return;
    pb_len em = em_at(w->p, c->b);
    PB_PUSH(w->dots, ((pb_dot){c->x + c->gl->geometry.x_offset + cell_width(c) / 2,
                               pb_dot_drop(em), pb_dot_radius(em)}));
}

pb_dot *pb_line_dots(const pb_para *p, int li, int *n)
{
    dot_walk w = {.p = p};
    for (int i = 0; i < p->nspans; i++)
        if (p->spans[i].flags & PB_SPAN_DOTS) {
            each_cell(&p->lines[li], dot_cell, &w);
            break;
        }
    *n = (int)w.dots.n;
    return w.dots.v;
}

unsigned pb_para_flags_at(const pb_para *p, int b)
{
    for (int i = 0; i < p->nspans; i++)
        if (b >= p->spans[i].start && b < p->spans[i].start + p->spans[i].len)
            return p->spans[i].flags;
    return 0;
}

/* ---- ruby ---------------------------------------------------------------- */

typedef struct {
    int b0, b1, n, max;
    pb_len *l, *r;
} base_walk;

static void base_cell(const cell *c, void *ctx)
{
    base_walk *w = ctx;
    if (c->b < w->b0 || c->b >= w->b1 || w->n >= w->max)
        return;
    w->l[w->n] = c->x + c->gl->geometry.x_offset;
    w->r[w->n] = w->l[w->n] + cell_width(c);
    w->n++;
}

/* The left and right edges of the base characters [b0, b1) on line ln (their
 * glyphs' own advances), in order, into l and r; how many. */
static int base_cells(const pb_line *ln, int b0, int b1, pb_len *l, pb_len *r, int max)
{
    base_walk w = {b0, b1, 0, max, l, r};
    each_cell(ln, base_cell, &w);
    return w.n;
}

/* The line whose boxes hold byte b, or -1. */
static int line_of(const pb_para *p, int b)
{
    for (int li = 0; li < p->nlines; li++)
        for (int i = p->lines[li].i0; i < p->lines[li].i1; i++) {
            const pb_item *it = &p->items[i];
            if (it->kind == PB_ITEM_BOX && it->run >= 0 && b >= it->b0 && b < it->b1)
                return li;
        }
    return -1;
}

static void free_item(void *x) { pango_item_free(x); }
static void free_glyphs(void *x) { pango_glyph_string_free(x); }

typedef PB_VEC(pb_piece) piece_vec;

/* A syllable of ruby: its bytes and the width of its glyphs. */
typedef struct {
    int b0, b1;
    pb_len w, x; /* x: where it starts on the line */
} syllable;

static pb_len text_width(const pb_para *p, int b0, int b1)
{
    pb_len w = 0;
    for (int r = 0; r < p->nruns; r++) {
        const PangoItem *it = p->runs[r].item;
        const PangoGlyphString *gs = p->runs[r].glyphs;
        for (int g = 0; g < gs->num_glyphs; g++) {
            int b = it->offset + gs->log_clusters[g];
            if (b >= b0 && b < b1)
                w += gs->glyphs[g].geometry.width;
        }
    }
    return w;
}

/* Pieces of the bytes [b0, b1) from x, raised by lift, onto out. */
static void ruby_pieces(const pb_para *p, int b0, int b1, pb_len x, pb_len lift,
                        piece_vec *out, pb_arena *a)
{
    for (int r = 0; r < p->nruns; r++) {
        const PangoItem *it = p->runs[r].item;
        const PangoGlyphString *gs = p->runs[r].glyphs;
        int g0 = -1, g1 = -1, lo = b1, hi = b0;
        for (int g = 0; g < gs->num_glyphs; g++) {
            int b = it->offset + gs->log_clusters[g];
            if (b < b0 || b >= b1)
                continue;
            g0 = g0 < 0 ? g : g0;
            g1 = g + 1;
            lo = MIN(lo, b);
        }
        if (g0 < 0)
            continue;
        hi = MIN(b1, it->offset + it->length);
        PangoItem *item = pango_item_copy(p->runs[r].item);
        item->offset = lo;
        item->length = hi - lo;
        item->num_chars = (int)g_utf8_strlen(p->text + lo, item->length);
        PangoGlyphString *ng = pango_glyph_string_new();
        pango_glyph_string_set_size(ng, g1 - g0);
        pb_len w = 0;
        for (int g = g0; g < g1; g++) {
            ng->glyphs[g - g0] = gs->glyphs[g];
            ng->glyphs[g - g0].geometry.y_offset -= lift;
            ng->log_clusters[g - g0] = it->offset + gs->log_clusters[g] - lo;
            w += gs->glyphs[g].geometry.width;
        }
        pb_arena_defer(a, free_item, item);
        pb_arena_defer(a, free_glyphs, ng);
        PB_PUSH(*out, ((pb_piece){.gi = {item, ng, 0, 0, 0}, .x = x}));
        x += w;
    }
}

enum { MAX_BASE = 64 };

static void place_one(pb_para *p, const pb_span *base, const pb_span *ruby, pb_arena *a)
{
    int li = line_of(p, base->start);
    if (li < 0)
        return;
    pb_line *ln = &p->lines[li];
    pb_len l[MAX_BASE], r[MAX_BASE];
    int nb = base_cells(ln, base->start, base->start + base->len, l, r, MAX_BASE);
    if (!nb)
        return;
    syllable sy[MAX_BASE];
    int ns = 0;
    const char *t = p->text;
    for (int b = ruby->start, end = ruby->start + ruby->len; b < end && ns < MAX_BASE;) {
        const char *sp = memchr(t + b, ' ', (size_t)(end - b));
        int e = sp ? (int)(sp - t) : end;
        sy[ns++] = (syllable){b, e, text_width(p, b, e), 0};
        b = e + 1;
    }
    pb_len em = 0;
    for (int i = 0; i < p->nruns; i++)
        if (base->start >= p->runs[i].item->offset &&
            base->start < p->runs[i].item->offset + p->runs[i].item->length)
            em = p->runs[i].em;
    pb_len lift = em ? em : p->style->size, gap = lift / 8;
    pb_len centre = (l[0] + r[nb - 1]) / 2;
    if (ns == nb) {
        /* over its character, then pushed apart to a gap of ⅛ em */
        for (int i = 0; i < ns; i++)
            sy[i].x = (l[i] + r[i]) / 2 - sy[i].w / 2;
        bool pushed = false;
        for (int i = 1; i < ns; i++)
            if (sy[i].x < sy[i - 1].x + sy[i - 1].w + gap) {
                sy[i].x = sy[i - 1].x + sy[i - 1].w + gap;
                pushed = true;
            }
        /* the group centred over the base when it was pushed */
        pb_len shift = centre - (sy[0].x + sy[ns - 1].x + sy[ns - 1].w) / 2;
        for (int i = 0; pushed && i < ns; i++)
            sy[i].x += shift;
    } else {
        pb_len w = 0;
        for (int i = 0; i < ns; i++)
            w += sy[i].w + (i ? gap : 0);
        pb_len x = centre - w / 2;
        for (int i = 0; i < ns; i++) {
            sy[i].x = x;
            x += sy[i].w + gap;
        }
    }
    piece_vec out = {0};
    for (int i = 0; i < ln->npieces; i++)
        PB_PUSH(out, ln->pieces[i]);
    for (int i = 0; i < ns; i++)
        ruby_pieces(p, sy[i].b0, sy[i].b1, sy[i].x, lift, &out, a);
    ln->pieces = pb_arena_copy(a, out.v, out.n, sizeof *out.v);
    ln->npieces = (int)out.n;
    free(out.v);
}

void pb_ruby_place(pb_para *p, pb_arena *a)
{
    for (int i = 1; i < p->nspans; i++) {
        const pb_span *base = &p->spans[i - 1], *ruby = &p->spans[i];
        if ((ruby->flags & PB_SPAN_RUBY) && (base->flags & PB_SPAN_RUBYBASE) &&
            base->start + base->len == ruby->start)
            place_one(p, base, ruby, a);
    }
}
