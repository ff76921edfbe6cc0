/* Display text — titles, kickers, subtitles, heads — broken the way an
 * editor breaks a headline rather than the way a paragraph is justified: a
 * reader takes in a headline at a glance, so a word cut in two (「蒲公/英」)
 * or a character left alone on a line shows at once, while the evenness of
 * a justified column does not matter (display lines are set at their natural
 * width, centred or flush left).
 *
 * The breaks are a shortest path through the legal breaks (the clreq rules
 * of items.c still decide where a line may break), a set of lines costing,
 * compared in this order:
 *   1. breaks inside a word (words.c, pb_item.inword) or inside quotation
 *      marks or brackets (a quoted name reads as one word): none, unless
 *      one is wider than the line;
 *   2. lines of a single character: none when it can be helped (no break
 *      after the first or before the last character of a text);
 *   3. lines: the fewest;
 *   4. shape and break points, in em²: the square of the space left on
 *      every line, least when the lines are equal (CSS's `text-wrap:
 *      balance`), the space on a line before the last weighing a little more
 *      so that the shorter line comes last; a break after a pause or stop
 *      (，。：；、！？) costs nothing, one at a space the writer put
 *      between two Chinese phrases (「…共享廚房」 在地…) less than nothing,
 *      PHRASE_SPACE (a line about ten characters short: a headline of two
 *      clauses is broken between them, as its writer marked, before it is
 *      balanced; the fewest lines still come first), one after a
 *      closing mark, before an opening one or at a space beside Latin
 *      PHRASE_BREAK, one between two words
 *      WORD_BREAK, one inside quotation marks or brackets (when one must
 *      be, by 1.) QUOTED more, and STRANDED
 *      more when the line ends in one character after a pause (「：从」,
 *      the first character of the next phrase left behind). Titles
 *      (PB_WRAP_BALANCE) weigh the shape fully; heads (PB_WRAP_WORDS) weigh
 *      it by HEAD_SHAPE, so that a head breaks at its colon first and evens
 *      its lines second.
 * Each is a sum over the lines, so the best path to a break is the best
 * start for every line from it (a shortest path in a DAG, compared
 * lexicographically). From each break the lines are tried until one is too
 * wide, so the work is the breaks times the breaks that fit on a line. */
#include <stdlib.h>

#include "../base/util.h"
#include "para.h"

enum { MIN_CHARS = 2 }; /* fewest characters on a line of display text */

static const double PHRASE_BREAK = 1; /* em²: after ” 》 ）, before “ 《 （, at a space */
static const double WORD_BREAK = 3;   /* em²: lines about one character further off balance */
static const double QUOTED = 16;      /* em², more: inside “…” 《…》 （…） */
static const double STRANDED = 8;     /* em², more: one character after a pause ends a line */
static const double PHRASE_SPACE = 100; /* em², less: at a space the writer put between phrases */
static const double LONGER_FIRST = 0.1; /* share more that space costs on a line but the last */
static const double HEAD_SHAPE = 0.15;  /* share of the shape's cost in a head */

typedef struct {
    int inword, shorts, lines;
    double shape;
} cost;

static bool cheaper(const cost *a, const cost *b)
{
    if (a->inword != b->inword)
        return a->inword < b->inword;
    if (a->shorts != b->shorts)
        return a->shorts < b->shorts;
    if (a->lines != b->lines)
        return a->lines < b->lines;
    return a->shape < b->shape;
}

typedef struct {
    int64_t w, sh; /* width and shrink of items [0, i) */
    int words;     /* characters (pb_item.word) of items [0, i) */
    int depth;     /* quotation marks and brackets open before item i */
} prefix;

static bool is_forced(const pb_item *it)
{
    return it->kind == PB_ITEM_PENALTY && it->penalty <= -PB_INF;
}

/* A legal break (Knuth & Plass: a breaking glue after a box, a penalty). */
static bool is_break(const pb_para *p, int i)
{
    const pb_item *it = &p->items[i];
    if (it->kind == PB_ITEM_GLUE)
        return it->brk && i > 0 && p->items[i - 1].kind == PB_ITEM_BOX;
    return it->kind == PB_ITEM_PENALTY && it->penalty < PB_INF;
}

/* The first item of the line after a break at i - 1. */
static int line_start(const pb_para *p, int i)
{
    while (i < p->nitems && p->items[i].kind != PB_ITEM_BOX && !is_forced(&p->items[i]))
        i++;
    return i;
}

static prefix *prefixes(const pb_para *p)
{
    prefix *pre = pb_xcalloc((size_t)p->nitems + 1, sizeof *pre);
    for (int i = 0; i < p->nitems; i++) {
        const pb_item *it = &p->items[i];
        prefix s = pre[i];
        if (it->kind != PB_ITEM_PENALTY)
            s.w += it->width;
        if (it->kind == PB_ITEM_GLUE)
            s.sh += it->shrink;
        if (it->kind == PB_ITEM_BOX && it->run >= 0) {
            s.words += it->word;
            if (it->cls == PB_CC_OPEN)
                s.depth++;
            else if (it->cls == PB_CC_CLOSE && s.depth > 0)
                s.depth--;
        }
        pre[i + 1] = s;
    }
    return pre;
}

/* What a break at b costs besides the shape (see the top). */
static double break_cost(const pb_para *p, const prefix *pre, int b)
{
    int before = b - 1, after = b + 1;
    while (before >= 0 && p->items[before].kind != PB_ITEM_BOX)
        before--;
    while (after < p->nitems && p->items[after].kind != PB_ITEM_BOX)
        after++;
    int earlier = before - 1;
    while (earlier >= 0 && p->items[earlier].kind != PB_ITEM_BOX)
        earlier--;
    pb_cjk_class k0 = before >= 0 ? p->items[before].cls : PB_CC_OTHER;
    pb_cjk_class k1 = after < p->nitems ? p->items[after].cls : PB_CC_OTHER;
    pb_cjk_class km = earlier >= 0 ? p->items[earlier].cls : PB_CC_OTHER;
    bool space = p->items[b].kind == PB_ITEM_GLUE && p->items[b].run >= 0;
    double stranded =
        (km == PB_CC_PAUSE || km == PB_CC_STOP) && p->items[before].word ? STRANDED : 0;
    /* a space between Chinese phrases (「…共享廚房」 在地…) is a headline's
     * pause, as a comma is; between Latin words it is a word space */
    bool latin = k0 == PB_CC_LATIN || k0 == PB_CC_LATIN_PUNCT || k1 == PB_CC_LATIN ||
                 k1 == PB_CC_LATIN_PUNCT;
    if (space && !latin)
        return -PHRASE_SPACE;
    if (k0 == PB_CC_PAUSE || k0 == PB_CC_STOP)
        return 0;
    if (space || k0 == PB_CC_CLOSE || k1 == PB_CC_OPEN)
        return PHRASE_BREAK + stranded;
    return WORD_BREAK + stranded + (pre[b].depth > 0 ? QUOTED : 0);
}

typedef struct {
    cost c;
    int prev; /* index in cands of the break before, -1: the text's start */
    bool reached;
} node;

/* What the line from item start to the break at item b costs, into *c;
 * false when it is too wide for the measure. */
static bool line_cost(const pb_para *p, const prefix *pre, int start, int b, pb_len measure,
                      pb_wrap wrap, cost *c)
{
    const pb_item *br = &p->items[b];
    int64_t w = pre[b].w - pre[start].w, sh = pre[b].sh - pre[start].sh;
    if (br->kind == PB_ITEM_PENALTY)
        w += br->width;
    if (start < p->nitems && p->items[start].kind == PB_ITEM_BOX)
        w += p->items[start].lead_blank;
    if (w - sh > measure)
        return false;
    bool last = is_forced(br);
    double em = p->style->size > 0 ? (double)p->style->size : 1;
    double left = (double)(measure - w) / em;
    double shape =
        left * left * (last ? 1 : 1 + LONGER_FIRST) * (wrap == PB_WRAP_BALANCE ? 1 : HEAD_SHAPE);
    /* a name in quotes or brackets is a word to a reader: parted only
     * when it is wider than the line (「共享|廚房」 costs a line more) */
    *c = (cost){.inword = !last && (br->inword || pre[b].depth > 0),
                .shorts = pre[b].words - pre[start].words < MIN_CHARS,
                .lines = 1,
                .shape = shape + (last ? 0 : break_cost(p, pre, b))};
    return true;
}

bool pb_linebreak_display(const pb_para *p, pb_len measure, const pb_para_settings *set,
                          pb_line **lines, int *n)
{
    PB_VEC(int) cands = {0};
    for (int i = 0; i < p->nitems; i++)
        if (is_break(p, i))
            PB_PUSH(cands, i);
    prefix *pre = prefixes(p);
    node *nodes = pb_xcalloc(cands.n + 1, sizeof *nodes); /* nodes[c + 1]: cands[c]; [0]: start */
    nodes[0].reached = true;
    nodes[0].prev = -1;
    for (int a = -1; a < (int)cands.n; a++) {
        const node *from = &nodes[a + 1];
        if (!from->reached)
            continue;
        int start = line_start(p, a < 0 ? 0 : cands.v[a] + 1);
        for (int c = a + 1; c < (int)cands.n; c++) {
            int b = cands.v[c];
            if (b < start)
                continue;
            cost lc;
            if (!line_cost(p, pre, start, b, measure, set->wrap, &lc))
                break;
            cost t = {from->c.inword + lc.inword, from->c.shorts + lc.shorts,
                      from->c.lines + lc.lines, from->c.shape + lc.shape};
            node *to = &nodes[c + 1];
            if (!to->reached || cheaper(&t, &to->c))
                *to = (node){t, a, true};
            if (is_forced(&p->items[b])) /* no line runs past a forced break */
                break;
        }
    }
    int end = (int)cands.n - 1; /* the text's end */
    bool ok = end >= 0 && nodes[end + 1].reached;
    if (ok) {
        *n = nodes[end + 1].c.lines;
        *lines = pb_xcalloc((size_t)*n, sizeof **lines);
        int k = *n;
        for (int c = end; c >= 0; c = nodes[c + 1].prev) {
            int a = nodes[c + 1].prev, b = cands.v[c];
            (*lines)[--k] = (pb_line){.i0 = line_start(p, a < 0 ? 0 : cands.v[a] + 1),
                                      .i1 = b,
                                      .last = is_forced(&p->items[b])};
        }
    }
    free(nodes);
    free(pre);
    free(cands.v);
    return ok;
}
