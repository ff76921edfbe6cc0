/* Line breaking by total fit (Knuth & Plass, "Breaking paragraphs into
 * lines", 1981). Every legal break is a candidate; a line from break a to
 * break b has a badness from how far its glue must stretch or shrink, and the
 * paragraph's breaks are the path of least total demerits through the
 * candidates. Chinese rules enter in three ways: prohibited positions are
 * simply not candidates (CLR-12…17), shrinking punctuation blanks lets a
 * line absorb a mark before a character is pushed down (CLR-20), and a last
 * line with fewer than last_line_chars characters costs so much that the
 * paragraph is re-broken instead (CLR-39). Hanging punctuation (CLR-28) is a
 * break whose line may be wider by the width of the mark before it.
 *
 * When no path exists (a Latin word longer than the measure), the first-fit
 * fallback breaks between any two boxes: a line never runs past its measure.
 * A line ending at a break inside a URL (items.c, ragged) is justified only
 * within its gaps' limits; beyond them it is set at its natural width. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "../base/util.h"
#include "para.h"

/* Demerits as in TeX: (line_penalty + badness)² plus extras. */
enum {
    LINE_PENALTY = 10,
    ADJ_DEMERITS = 3000,   /* fitness classes two apart on adjacent lines */
    FLAG_DEMERITS = 3000,  /* two hyphen-like breaks in a row */
    DOUBLE_HYPHEN = 10000, /* two hyphenated lines in a row (TeX's \doublehyphendemerits) */
    HANG_DEMERITS = 500,   /* hanging a mark when hanging is only allowed */
    SHORT_LAST = 5000000,  /* a last line below last_line_chars (CLR-39) */
    INWORD = 100000000,    /* a break inside a word of a credit, when the word is too wide */
};
/* A justified line whose gaps stretch past their limits (char_stretch, and
 * the Han–Latin and word spaces' own) costs this times its ratio: more than
 * any other cost, so the breaks leave as few such lines, as little past,
 * as they can (CLR-36). */
#define OVER_LIMIT 1e15
/* The badness of a line stretched exactly to its limits (ratio 1). */
#define LIMIT_BADNESS 100.0
/* A last-resort break (PB_LAST_RESORT) costs as much as a line stretched
 * to √2 times its limits: a number is parted from its unit only to spare a
 * line stretched further than that. */
#define LAST_RESORT_COST (2 * OVER_LIMIT)

typedef PB_VEC(pb_line) line_vec;

typedef struct {
    int64_t w, st1, st2, sh;
} sums;

pb_adjust pb_adjust_line(int64_t slack, int64_t st1, int64_t st2, int64_t shrink)
{
    pb_adjust a = {0, 0};
    if (slack < 0) {
        a.r1 = shrink > 0 ? (double)slack / (double)shrink : -INFINITY;
        return a;
    }
    if (slack == 0)
        return a;
    if (st1 >= slack) {
        a.r1 = (double)slack / (double)st1;
    } else if (st1 + st2 >= slack) {
        a.r1 = st1 > 0 ? 1 : 0;
        a.r2 = (double)(slack - st1) / (double)st2;
    } else if (st1 > 0) { /* beyond both limits: spread over every gap */
        a.r2 = st2 > 0 ? 1 : 0;
        a.r1 = (double)(slack - st2) / (double)st1;
    } else if (st2 > 0) {
        a.r2 = (double)slack / (double)st2;
    } else {
        a.r1 = INFINITY; /* nothing can stretch */
    }
    return a;
}

static bool is_break(const pb_item *it)
{
    return (it->kind == PB_ITEM_GLUE && it->brk) ||
           (it->kind == PB_ITEM_PENALTY && it->penalty < PB_INF);
}

static bool is_forced(const pb_item *it)
{
    return it->kind == PB_ITEM_PENALTY && it->penalty <= -PB_INF;
}

/* After a break, glue and penalties up to the next box are discarded. */
static int skip_discardable(const pb_para *p, int i)
{
    while (i < p->nitems && p->items[i].kind != PB_ITEM_BOX && !is_forced(&p->items[i]))
        i++;
    return i;
}

/* ---- total fit ------------------------------------------------------------ */

typedef struct node {
    int pos;           /* the break item, -1 for the paragraph start */
    int start;         /* first item of the line after this break */
    int line;          /* lines so far */
    int fitness;
    bool flagged, hang;
    double total;      /* demerits of the best path to here */
    int prev;          /* index in the node pool */
    bool active;
} node;

typedef struct {
    const pb_para *p;
    const pb_para_settings *set;
    pb_len measure;
    sums *pre; /* prefix sums: pre[i] = sums of items [0, i) */
    PB_VEC(node) pool;
    PB_VEC(int) active;
    double tolerance;
    bool limit;  /* lines past their stretch limits cost OVER_LIMIT */
    bool inword; /* breaks inside words (pb_item.inword) are candidates */
} kp;

static sums range(const kp *k, int i0, int i1)
{
    sums s = {k->pre[i1].w - k->pre[i0].w, k->pre[i1].st1 - k->pre[i0].st1,
              k->pre[i1].st2 - k->pre[i0].st2, k->pre[i1].sh - k->pre[i0].sh};
    return s;
}

static double badness(double r)
{
    if (r < -1 || isinf(r))
        return INFINITY;
    double b = 100.0 * fabs(r) * fabs(r) * fabs(r);
    return b > 10000 ? 10000 : b;
}

static int fitness(double r)
{
    return r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
}

/* Words (Han, Latin letters, digits) on the line [i0, i1). */
static int words_in(const pb_para *p, int i0, int i1, int limit)
{
    int n = 0;
    for (int i = i0; i < i1 && n < limit; i++)
        n += p->items[i].kind == PB_ITEM_BOX && p->items[i].word;
    return n;
}

typedef struct {
    double ratio, demerits;
    bool hang;
} trial;

/* Demerits of a line from node a to the break at b, or INFINITY. */
static trial try_line(kp *k, const node *a, int b, bool *too_long)
{
    const pb_para *p = k->p;
    const pb_item *br = &p->items[b];
    trial t = {0, INFINITY, false};
    sums s = range(k, a->start, b);
    if (br->kind == PB_ITEM_PENALTY)
        s.w += br->width;
    if (a->start < p->nitems && p->items[a->start].kind == PB_ITEM_BOX)
        s.w += p->items[a->start].lead_blank;
    bool last = is_forced(br);
    pb_len hang = br->kind == PB_ITEM_GLUE ? br->hang : 0;
    if (k->set->hanging == PB_HANG_NONE)
        hang = 0;
    int64_t slack = k->measure - s.w;
    double r;
    if (last) {
        r = slack >= 0 ? 0 : (s.sh > 0 ? (double)slack / (double)s.sh : -INFINITY);
    } else {
        int64_t stretch = s.st1 + s.st2;
        r = slack >= 0 ? (stretch > 0 ? (double)slack / (double)stretch : slack ? INFINITY : 0)
                       : (s.sh > 0 ? (double)slack / (double)s.sh : -INFINITY);
        if (hang && (k->set->hanging == PB_HANG_FORCE || r < 0 || badness(r) > 1)) {
            int64_t hs = slack + hang; /* the mark goes past the measure */
            double rh = hs >= 0 ? (stretch > 0 ? (double)hs / (double)stretch : hs ? INFINITY : 0)
                                : (s.sh > 0 ? (double)hs / (double)s.sh : -INFINITY);
            if (k->set->hanging == PB_HANG_FORCE || badness(rh) < badness(r)) {
                r = rh;
                t.hang = true;
            }
        }
    }
    *too_long = r < -1;
    double bad = badness(r);
    if (bad > k->tolerance)
        return t;
    double d = (LINE_PENALTY + bad) * (LINE_PENALTY + bad);
    if (br->kind == PB_ITEM_PENALTY && br->penalty == PB_LAST_RESORT)
        d += LAST_RESORT_COST;
    else if (br->kind == PB_ITEM_PENALTY && br->penalty > 0)
        d += (double)br->penalty * br->penalty;
    else if (br->kind == PB_ITEM_PENALTY && br->penalty < 0 && !last)
        d -= (double)br->penalty * br->penalty;
    if (br->flagged && a->flagged)
        d += FLAG_DEMERITS;
    if (br->c == '-' && a->pos >= 0 && p->items[a->pos].c == '-') /* items.c's hyphens */
        d += DOUBLE_HYPHEN;
    if (abs(fitness(r) - a->fitness) > 1 && a->pos >= 0)
        d += ADJ_DEMERITS;
    if (t.hang && k->set->hanging == PB_HANG_ALLOW)
        d += HANG_DEMERITS;
    if (k->limit && !last && r > 1)
        d += OVER_LIMIT * r * r; /* the further past, the worse */
    if (br->inword)
        d += INWORD;
    int min = k->set->last_line_chars;
    if (last && min > 1 && a->pos >= 0 && words_in(p, a->start, b, min) < min)
        d += SHORT_LAST;
    t.ratio = r;
    t.demerits = d;
    return t;
}

static void add_node(kp *k, int pos, const node *from, int from_idx, const trial *t)
{
    const pb_item *br = &k->p->items[pos];
    node n = {.pos = pos, .start = skip_discardable(k->p, pos + 1), .line = from->line + 1,
              .fitness = fitness(t->ratio), .flagged = br->flagged, .hang = t->hang,
              .total = from->total + t->demerits, .prev = from_idx, .active = true};
    PB_PUSH(k->pool, n);
    PB_PUSH(k->active, (int)k->pool.n - 1);
}

/* Consider break b against every active node; keep the best new node per
 * fitness class (TeX keeps one per class so a good path is not lost to a
 * locally cheaper one). */
static void consider(kp *k, int b)
{
    int best[4] = {-1, -1, -1, -1};
    trial bt[4];
    for (size_t i = 0; i < k->active.n;) {
        int ai = k->active.v[i];
        const node *a = &k->pool.v[ai];
        bool too_long;
        trial t = try_line(k, a, b, &too_long);
        if (too_long) { /* no later break can make this line fit */
            k->active.v[i] = k->active.v[--k->active.n];
            continue;
        }
        if (!isinf(t.demerits)) {
            int f = fitness(t.ratio);
            double total = a->total + t.demerits;
            if (best[f] < 0 || total < k->pool.v[best[f]].total + bt[f].demerits) {
                best[f] = ai;
                bt[f] = t;
            }
        }
        i++;
    }
    for (int f = 0; f < 4; f++)
        if (best[f] >= 0)
            add_node(k, b, &k->pool.v[best[f]], best[f], &bt[f]);
}

/* Drop the nodes no active node descends from: they can no longer be on the
 * chosen path. A long paragraph makes a node or two per break point, nearly
 * all of them dead ends, and without this a 10 MB paragraph kept some ten
 * million of them (half a gigabyte, and time growing faster than the text as
 * the pool outgrew the caches). The order of the nodes kept is unchanged, so
 * ties are broken as before and the result is the same. */
static void compact(kp *k)
{
    size_t n = k->pool.n, m = 0;
    int *map = pb_xmalloc(n * sizeof *map);
    for (size_t i = 0; i < n; i++)
        map[i] = -1;
    for (size_t i = 0; i < k->active.n; i++) /* mark each active node's path */
        for (int j = k->active.v[i]; j >= 0 && map[j] == -1; j = k->pool.v[j].prev)
            map[j] = -2;
    for (size_t i = 0; i < n; i++)
        if (map[i] == -2) {
            node nd = k->pool.v[i];
            nd.prev = nd.prev >= 0 ? map[nd.prev] : -1; /* prev < i: already renumbered */
            map[i] = (int)m;
            k->pool.v[m++] = nd;
        }
    k->pool.n = m;
    for (size_t i = 0; i < k->active.n; i++)
        k->active.v[i] = map[k->active.v[i]];
    free(map);
}

static void prefix_sums(kp *k)
{
    const pb_para *p = k->p;
    k->pre = pb_xcalloc((size_t)p->nitems + 1, sizeof *k->pre);
    for (int i = 0; i < p->nitems; i++) {
        const pb_item *it = &p->items[i];
        sums s = k->pre[i];
        if (it->kind != PB_ITEM_PENALTY)
            s.w += it->width;
        if (it->kind == PB_ITEM_GLUE) {
            s.st1 += it->stretch;
            s.st2 += it->stretch2;
            s.sh += it->shrink;
        }
        k->pre[i + 1] = s;
    }
}

/* The chosen path into p->lines; false when no path reached the end. */
static bool total_fit(pb_para *p, pb_len measure, const pb_para_settings *set, double tol,
                      bool limit, bool inword, line_vec *out)
{
    kp k = {.p = p,         .set = set,     .measure = measure,
            .tolerance = tol, .limit = limit, .inword = inword};
    prefix_sums(&k);
    node start = {.pos = -1, .start = skip_discardable(p, 0), .fitness = 1, .prev = -1,
                  .active = true};
    PB_PUSH(k.pool, start);
    PB_PUSH(k.active, 0);
    int end = -1;
    size_t compact_at = 1 << 16;
    for (int b = 0; b < p->nitems && k.active.n > 0; b++) {
        if (!is_break(&p->items[b]) || b < k.pool.v[0].start || (p->items[b].inword && !inword))
            continue;
        if (k.pool.n >= compact_at) {
            compact(&k);
            compact_at = 2 * k.pool.n > (1 << 16) ? 2 * k.pool.n : 1 << 16;
        }
        if (p->items[b].kind == PB_ITEM_GLUE && b > 0 && p->items[b - 1].kind != PB_ITEM_BOX)
            continue; /* glue after glue is not a break (TeX) */
        if (!limit && p->items[b].kind == PB_ITEM_PENALTY && p->items[b].penalty == PB_LAST_RESORT)
            continue;
        consider(&k, b);
        if (is_forced(&p->items[b])) {
            end = b;
            break;
        }
    }
    int best = -1;
    for (size_t i = 0; end >= 0 && i < k.pool.n; i++)
        if (k.pool.v[i].pos == end && (best < 0 || k.pool.v[i].total < k.pool.v[best].total))
            best = (int)i;
    if (best >= 0) {
        int n = k.pool.v[best].line;
        out->n = 0;
        for (int i = 0; i < n; i++)
            PB_PUSH(*out, (pb_line){0});
        for (int j = best; k.pool.v[j].pos >= 0; j = k.pool.v[j].prev) {
            const node *nd = &k.pool.v[j], *pv = &k.pool.v[nd->prev];
            pb_line *ln = &out->v[nd->line - 1];
            ln->i0 = pv->start;
            ln->i1 = nd->pos;
            ln->hang = nd->hang ? p->items[nd->pos].hang : 0;
            ln->last = is_forced(&p->items[nd->pos]);
        }
    }
    free(k.pre);
    free(k.pool.v);
    free(k.active.v);
    return best >= 0;
}

/* ---- first fit (the fallback) -------------------------------------------- */

static sums sum_range(const pb_para *p, int i0, int i1)
{
    sums s = {0};
    for (int i = i0; i < i1; i++) {
        const pb_item *it = &p->items[i];
        if (it->kind == PB_ITEM_PENALTY)
            continue;
        s.w += it->width;
        if (it->kind == PB_ITEM_GLUE) {
            s.st1 += it->stretch;
            s.st2 += it->stretch2;
            s.sh += it->shrink;
        }
    }
    return s;
}

/* s += item it, as sum_range counts it. */
static void sum_add(sums *s, const pb_item *it)
{
    if (it->kind == PB_ITEM_PENALTY)
        return;
    s->w += it->width;
    if (it->kind == PB_ITEM_GLUE) {
        s->st1 += it->stretch;
        s->st2 += it->stretch2;
        s->sh += it->shrink;
    }
}

/* Emergency end of a line starting at i0: as many boxes as fit, at least one.
 * The sums grow item by item (not summed again for each end), so a paragraph
 * that is one long word takes time linear in its length. */
static int emergency_end(const pb_para *p, int i0, pb_len measure)
{
    int end = i0 + 1;
    sums s = {0};
    for (int i = i0 + 1; i <= p->nitems; i++) {
        if (i < p->nitems && p->items[i - 1].kind == PB_ITEM_PENALTY &&
            p->items[i - 1].penalty >= PB_INF)
            break;
        sum_add(&s, &p->items[i - 1]);
        if (s.w - s.sh > measure)
            break;
        if (p->items[i - 1].kind == PB_ITEM_BOX)
            end = i;
    }
    return end;
}

/* The last break from i0 that fits. The scan stops where the line is full,
 * not at the next break: when there is none for a long way (one long word),
 * looking further costs time and finds nothing that fits. */
static int first_fit_end(const pb_para *p, int i0, pb_len measure, int *next, bool *last)
{
    int best = -1;
    sums s = {0};
    for (int i = i0 + 1; i < p->nitems; i++) {
        sum_add(&s, &p->items[i - 1]);
        if (s.w - s.sh > measure)
            break;
        if (!is_break(&p->items[i]))
            continue;
        best = i;
        if (is_forced(&p->items[i]))
            break;
    }
    *last = best >= 0 && is_forced(&p->items[best]);
    if (best < 0) {
        *next = emergency_end(p, i0, measure);
        return *next;
    }
    *next = best + 1;
    return best;
}

static void first_fit(pb_para *p, pb_len measure, line_vec *out)
{
    out->n = 0;
    int i = skip_discardable(p, 0);
    while (i < p->nitems && !is_forced(&p->items[i])) {
        int next;
        bool last;
        int end = first_fit_end(p, i, measure, &next, &last);
        PB_PUSH(*out, ((pb_line){.i0 = i, .i1 = end, .last = last}));
        i = skip_discardable(p, next);
    }
}

/* ---- the lines' adjustment ------------------------------------------------- */

static void adjust(const pb_para *p, pb_line *ln, pb_len measure)
{
    sums s = sum_range(p, ln->i0, ln->i1);
    if (ln->i1 < p->nitems && p->items[ln->i1].kind == PB_ITEM_PENALTY)
        s.w += p->items[ln->i1].width; /* a hyphen (items.c) */
    if (ln->i0 < p->nitems && p->items[ln->i0].kind == PB_ITEM_BOX)
        s.w += p->items[ln->i0].lead_blank;
    ln->measure = measure;
    int64_t slack = measure + ln->hang - s.w;
    if (ln->last && slack >= 0) {
        ln->r1 = ln->r2 = 0;
        return;
    }
    bool ragged = ln->i1 > 0 && ln->i1 < p->nitems && p->items[ln->i1].ragged;
    if (ragged)
        s.st1 -= p->items[ln->i1 - 1].stretch; /* the ragged glue does not justify */
    pb_adjust a = pb_adjust_line(slack, s.st1, s.st2, s.sh);
    if (ragged && slack >= 0 && (isinf(a.r1) || a.r1 > 1 || a.r2 > 1)) {
        ln->r1 = ln->r2 = 0; /* beyond the gaps' limits: ragged, as a browser sets it */
        return;
    }
    ln->r1 = isinf(a.r1) ? 0 : a.r1 < -1 ? -1 : a.r1;
    ln->r2 = a.r2;
    /* 1e-9: a line filled exactly to its limits is within them */
    ln->over = p->style->align == PB_ALIGN_JUSTIFY && !ln->last &&
               (ln->r1 > 1 + 1e-9 || ln->r2 > 1 + 1e-9);
}

static void store(pb_para *p, line_vec *lines, pb_len measure, pb_arena *a)
{
    if (lines->n > 0)
        lines->v[lines->n - 1].last = true;
    for (size_t i = 0; i < lines->n; i++)
        adjust(p, &lines->v[i], measure);
    p->lines = pb_arena_copy(a, lines->v, lines->n, sizeof *lines->v);
    p->nlines = (int)lines->n;
    free(lines->v);
}

void pb_linebreak_first_fit(pb_para *p, pb_len measure, pb_arena *a)
{
    line_vec lines = {0};
    first_fit(p, measure, &lines);
    store(p, &lines, measure, a);
}

static bool has_inword(const pb_para *p)
{
    for (int i = 0; i < p->nitems; i++)
        if (p->items[i].inword)
            return true;
    return false;
}

void pb_linebreak(pb_para *p, pb_len measure, const pb_para_settings *set, pb_arena *a)
{
    line_vec lines = {0};
    if (is_forced(&p->items[skip_discardable(p, 0)])) { /* nothing to set */
        store(p, &lines, measure, a);
        return;
    }
    if (set->wrap != PB_WRAP_BODY) { /* display text (display.c) */
        pb_line *dl;
        int n;
        if (pb_linebreak_display(p, measure, set, &dl, &n)) {
            for (int i = 0; i < n; i++)
                PB_PUSH(lines, dl[i]);
            free(dl);
            store(p, &lines, measure, a);
            for (int i = 0; i < p->nlines; i++) /* unless justified, set as they are */
                if (p->style->align != PB_ALIGN_JUSTIFY && p->lines[i].r1 > 0)
                    p->lines[i].r1 = p->lines[i].r2 = 0;
            return;
        }
    }
    /* Justified text first within its stretch limits (no line's gaps wider
     * than char_stretch allows); when no set of breaks keeps every line
     * within them, any badness, with as few lines past the limits as can
     * be (each marked, pb_line.over). Other text (titles, heads set
     * centred or flush left: its gaps never stretch) only needs a tight
     * tolerance. Then breaks inside words of text that breaks between
     * words; first fit when no path exists at all. */
    bool justify = p->style->align == PB_ALIGN_JUSTIFY;
    if (!total_fit(p, measure, set, justify ? LIMIT_BADNESS : 1000, false, false, &lines) &&
        !total_fit(p, measure, set, INFINITY, justify, false, &lines) &&
        !(has_inword(p) && total_fit(p, measure, set, INFINITY, justify, true, &lines)))
        first_fit(p, measure, &lines);
    store(p, &lines, measure, a);
}
