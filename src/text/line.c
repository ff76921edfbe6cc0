/* Lines: the broken items become pieces of glyphs ready to draw. Every glue
 * is set to its width plus ratio × stretch (or shrink), the resulting space is
 * folded into the advance of the glyph before it, and glyph positions are
 * rounded only once, from exact line positions, so they never drift
 * (docs/style.md, Lengths). A piece is a run of glyphs from one Pango item, drawn
 * with its text (output/textdraw.c) so the PDF keeps the text. */
#include <math.h>
#include <string.h>

#include "../base/util.h"
#include <hb.h>

#include "marks.h"
#include "para.h"

typedef struct {
    int run;
    int b0, b1;
    PB_VEC(PangoGlyphInfo) g;
    PB_VEC(int) logc;
    PB_VEC(pb_len) start; /* each glyph's start on the line */
    PB_VEC(int) unit;     /* where each appended box or space's glyphs begin */
    pb_len end;           /* where the piece's last glyph ends */
} builder;

typedef PB_VEC(pb_piece) piece_vec;

static void free_item(void *p) { pango_item_free(p); }
static void free_glyphs(void *p) { pango_glyph_string_free(p); }

/* A right-to-left piece was built in the text's order, each box (and space)
 * placed after the one before it. Its boxes go back to visual order: box u
 * that spans [s, s + w) from the piece's start S to its end E moves to
 * [S + E - s - w, S + E - s), keeping its glyphs (already in visual order)
 * and their offsets inside it; w is its advance, or the room it was given
 * when that is less (a shrunk space, a compressed mark), so that nothing
 * moves out of the piece. Glyphs then run left to right with their text
 * offsets falling, as Pango has them in a right-to-left glyph string. */
static void mirror_units(builder *b)
{
    size_t n = b->g.n, k = 0;
    PangoGlyphInfo *g = pb_xmalloc(n * sizeof *g);
    int *logc = pb_xmalloc(n * sizeof *logc);
    pb_len *start = pb_xmalloc(n * sizeof *start), S = b->start.v[0], E = b->end;
    for (size_t u = b->unit.n; u-- > 0;) {
        size_t i0 = (size_t)b->unit.v[u], i1 = u + 1 < b->unit.n ? (size_t)b->unit.v[u + 1] : n;
        if (i0 >= i1)
            continue;
        pb_len w = 0, room = (i1 < n ? b->start.v[i1] : E) - b->start.v[i0];
        for (size_t i = i0; i < i1; i++)
            w += b->g.v[i].geometry.width;
        w = MIN(w, room);
        for (size_t i = i0; i < i1; i++, k++) {
            g[k] = b->g.v[i];
            logc[k] = b->logc.v[i];
            start[k] = S + E - b->start.v[i0] - w + (b->start.v[i] - b->start.v[i0]);
        }
    }
    memcpy(b->g.v, g, n * sizeof *g);
    memcpy(b->logc.v, logc, n * sizeof *logc);
    memcpy(b->start.v, start, n * sizeof *start);
    free(g), free(logc), free(start);
}

static void close_piece(const pb_para *p, builder *b, piece_vec *out, pb_arena *a)
{
    if (b->run < 0 || b->g.n == 0) {
        b->run = -1;
        b->unit.n = 0;
        return;
    }
    if (p->runs[b->run].item->analysis.level & 1)
        mirror_units(b);
    PangoItem *item = pango_item_copy(p->runs[b->run].item);
    item->offset = b->b0;
    item->length = b->b1 - b->b0;
    item->num_chars = (int)g_utf8_strlen(p->text + b->b0, item->length);
    PangoGlyphString *gs = pango_glyph_string_new();
    pango_glyph_string_set_size(gs, (int)b->g.n);
    for (size_t i = 0; i < b->g.n; i++) {
        gs->glyphs[i] = b->g.v[i];
        pb_len next = i + 1 < b->g.n ? b->start.v[i + 1] : b->end;
        gs->glyphs[i].geometry.width = next - b->start.v[i];
        gs->log_clusters[i] = b->logc.v[i];
    }
    pb_arena_defer(a, free_item, item);
    pb_arena_defer(a, free_glyphs, gs);
    PB_PUSH(*out, ((pb_piece){.gi = {item, gs, 0, 0, 0}, .x = b->start.v[0]}));
    b->g.n = b->logc.n = b->start.n = b->unit.n = 0;
    b->run = -1;
}

/* The glyph of a space in the run's font (an invisible glyph to carry text)
 * and its advance in pb_len. */
static PangoGlyph space_glyph(const pb_run *r, pb_len *adv)
{
    hb_font_t *hb = pango_font_get_hb_font(r->item->analysis.font);
    hb_codepoint_t g = 0;
    if (!hb || !hb_font_get_nominal_glyph(hb, ' ', &g))
        return PANGO_GLYPH_EMPTY;
    *adv = (pb_len)hb_font_get_glyph_h_advance(hb, g);
    return g;
}

/* Append glyphs [g0, g1) of the box or space glue it, starting at x. */
static void append(const pb_para *p, builder *b, const pb_item *it, double x, pb_len end,
                   piece_vec *out, pb_arena *a)
{
    const pb_run *r = &p->runs[it->run];
    if (b->run != it->run || b->b1 != it->b0) {
        close_piece(p, b, out, a);
        b->run = it->run;
        b->b0 = it->b0;
    }
    double gx = x;
    PB_PUSH(b->unit, (int)b->g.n);
    for (int g = it->g0; g < it->g1; g++) {
        PangoGlyphInfo gi = r->glyphs->glyphs[g];
        if (g == it->g0)
            gi.geometry.x_offset += it->x_shift;
        PB_PUSH(b->g, gi);
        PB_PUSH(b->logc, r->glyphs->log_clusters[g] + r->item->offset - b->b0);
        PB_PUSH(b->start, (pb_len)lround(gx));
        gx += r->glyphs->glyphs[g].geometry.width;
    }
    /* The font draws —— as one two-em glyph (CLR-53: one unbroken rule). Its
     * second character gets an invisible glyph (a space) that ends where the
     * rule ends, so text extraction sees one glyph per character, in order,
     * on one line, and a line ending in —— ends flush. */
    int first = 0;
    if (it->cls == PB_CC_DASH && it->g1 - it->g0 == 1 &&
        it->b1 - it->b0 > (first = g_utf8_next_char(p->text + it->b0) - (p->text + it->b0))) {
        pb_len adv = 0;
        PangoGlyph sp = space_glyph(r, &adv);
        if (sp != PANGO_GLYPH_EMPTY && adv > 0 && adv < r->em / 2) {
            PB_PUSH(b->g, ((PangoGlyphInfo){.glyph = sp}));
            PB_PUSH(b->logc, it->b0 + first - b->b0);
            PB_PUSH(b->start, (pb_len)lround(gx) - adv);
        }
    }
    b->b1 = it->b1;
    b->end = end;
}

/* A line broken at a hyphenation point (items.c) ends in a hyphen: the
 * font's glyph for '-', part of the cluster of the word's last letter on
 * the line, w wide, at x. */
static void append_hyphen(const pb_para *p, builder *b, double x, pb_len w)
{
    if (b->run < 0 || b->g.n == 0)
        return;
    hb_font_t *hb = pango_font_get_hb_font(p->runs[b->run].item->analysis.font);
    hb_codepoint_t g = 0;
    if (!hb || !hb_font_get_nominal_glyph(hb, '-', &g))
        return;
    PB_PUSH(b->g, ((PangoGlyphInfo){.glyph = g, .geometry = {.width = w}}));
    int last = b->logc.v[b->logc.n - 1];
    PB_PUSH(b->logc, last);
    PB_PUSH(b->start, (pb_len)lround(x));
    b->end = (pb_len)lround(x + w);
}

static double glue_width(const pb_item *it, const pb_line *ln, bool justify)
{
    if (it->stretch >= PB_FIL || it->stretch <= -PB_FIL || it->ragged)
        return it->width;
    if (ln->r1 < 0)
        return it->width + ln->r1 * it->shrink;
    if (!justify)
        return it->width;
    return it->width + ln->r1 * it->stretch + ln->r2 * it->stretch2;
}

static pb_len piece_width(const pb_piece *pc)
{
    pb_len w = 0;
    for (int i = 0; i < pc->gi.glyphs->num_glyphs; i++)
        w += pc->gi.glyphs->glyphs[i].geometry.width;
    return w;
}

/* Pieces [i, j) in reverse order, each mirrored in the space they span. */
static void reverse_pieces(pb_piece *pc, int i, int j)
{
    pb_len lo = pc[i].x, hi = pc[j - 1].x + piece_width(&pc[j - 1]);
    for (int k = i; k < j; k++)
        pc[k].x = lo + hi - pc[k].x - piece_width(&pc[k]);
    for (int l = i, r = j - 1; l < r; l++, r--) {
        pb_piece t = pc[l];
        pc[l] = pc[r], pc[r] = t;
    }
}

/* The pieces of a line in visual order by rule L2 of the Unicode bidi
 * algorithm (UAX #9): from the highest level down to 1, every stretch of
 * pieces at that level or higher is reversed. Pango gave each item its
 * level; the paragraph's base direction is left to right (fonts.c), so a
 * line without right-to-left text is left as it is. */
static void reorder_line(pb_piece *pc, int n)
{
    int top = 0;
    for (int i = 0; i < n; i++)
        top = MAX(top, pc[i].gi.item->analysis.level);
    for (int lev = top; lev >= 1; lev--)
        for (int i = 0; i < n;) {
            int j = i;
            while (j < n && pc[j].gi.item->analysis.level >= lev)
                j++;
            if (j > i)
                reverse_pieces(pc, i, j);
            i = j > i ? j : i + 1;
        }
}

static void finish_line(pb_para *p, pb_line *ln, pb_arena *a)
{
    builder b = {.run = -1};
    piece_vec out = {0};
    bool justify = p->style->align == PB_ALIGN_JUSTIFY;
    double x = 0;
    if (ln->i0 < ln->i1 && p->items[ln->i0].kind == PB_ITEM_BOX)
        x = p->items[ln->i0].lead_blank; /* quanjiao: the opening mark's blank stays */
    for (int i = ln->i0; i < ln->i1; i++) {
        const pb_item *it = &p->items[i];
        if (it->kind == PB_ITEM_PENALTY)
            continue;
        double w = it->kind == PB_ITEM_GLUE ? glue_width(it, ln, justify) : it->width;
        if (it->run >= 0)
            append(p, &b, it, x, (pb_len)lround(x + w), &out, a);
        else if (it->kind == PB_ITEM_BOX)
            close_piece(p, &b, &out, a);
        x += w;
    }
    const pb_item *br = ln->i1 < p->nitems ? &p->items[ln->i1] : NULL;
    if (br && br->kind == PB_ITEM_PENALTY && br->c == '-' && br->width > 0) {
        append_hyphen(p, &b, x, br->width);
        x += br->width;
    }
    close_piece(p, &b, &out, a);
    reorder_line(out.v, (int)out.n);
    ln->width = (pb_len)lround(x);
    pb_len slack = ln->measure - ln->width;
    if (slack > 0 && p->style->align == PB_ALIGN_CENTER)
        ln->left = slack / 2;
    else if (slack > 0 && p->style->align == PB_ALIGN_RIGHT)
        ln->left = slack;
    ln->pieces = pb_arena_copy(a, out.v, out.n, sizeof *out.v);
    ln->npieces = (int)out.n;
    free(out.v);
    free(b.g.v);
    free(b.logc.v);
    free(b.start.v);
    free(b.unit.v);
}

void pb_lines_finish(pb_para *p, pb_arena *a)
{
    for (int i = 0; i < p->nlines; i++)
        finish_line(p, &p->lines[i], a);
    pb_ruby_place(p, a); /* pinyin over its characters (marks.c) */
}

char *pb_line_text(const pb_para *p, int li)
{
    const pb_line *ln = &p->lines[li];
    pb_buf b = {0};
    for (int i = ln->i0; i < ln->i1; i++) {
        const pb_item *it = &p->items[i];
        if (it->kind == PB_ITEM_BOX && it->run >= 0)
            pb_buf_add(&b, p->text + it->b0, (size_t)(it->b1 - it->b0));
        else if (it->kind == PB_ITEM_GLUE && it->run >= 0)
            pb_buf_adds(&b, " ");
    }
    if (ln->i1 < p->nitems && p->items[ln->i1].kind == PB_ITEM_PENALTY &&
        p->items[ln->i1].c == '-' && p->items[ln->i1].width > 0)
        pb_buf_adds(&b, "-"); /* hyphenated */
    return b.s ? b.s : pb_xstrdup("");
}
