/* Line breaking, first fit over legal breaks: a line takes every item up to
 * the last legal break at which its natural width minus its shrink still fits
 * the measure. Shrinking is tried before a character is pushed to the next
 * line (CLR-20), and since every prohibited position simply is not a break,
 * no line can start or end with a forbidden mark (CLR-12). When no legal break
 * fits (a Latin word longer than the measure), the line breaks between any two
 * boxes instead: a line never runs past its measure. */
#include <stdint.h>
#include <string.h>

#include "../base/util.h"
#include "para.h"

typedef PB_VEC(pb_line) line_vec;

typedef struct {
    int64_t width, stretch, shrink;
} sums;

static void add(sums *s, const pb_item *it)
{
    s->width += it->width;
    if (it->kind == PB_ITEM_GLUE) {
        s->stretch += it->stretch;
        s->shrink += it->shrink;
    }
}

static bool is_break(const pb_item *it)
{
    return (it->kind == PB_ITEM_GLUE && it->brk) ||
           (it->kind == PB_ITEM_PENALTY && it->penalty < PB_INF);
}

/* After a break, glue and penalties up to the next box are discarded. */
static int skip_discardable(const pb_para *p, int i)
{
    while (i < p->nitems && p->items[i].kind != PB_ITEM_BOX &&
           !(p->items[i].kind == PB_ITEM_PENALTY && p->items[i].penalty <= -PB_INF))
        i++;
    return i;
}

static double ratio_of(const sums *s, pb_len measure, bool last)
{
    int64_t slack = measure - s->width;
    if (slack >= 0)
        return last || s->stretch == 0 ? 0.0 : (double)slack / (double)s->stretch;
    return s->shrink == 0 ? -1.0 : (double)slack / (double)s->shrink;
}

/* Emergency end of a line starting at i0: as many boxes as fit, at least one. */
static int emergency_end(const pb_para *p, int i0, pb_len measure)
{
    sums s = {0};
    int end = i0 + 1;
    for (int i = i0; i < p->nitems; i++) {
        const pb_item *it = &p->items[i];
        if (it->kind == PB_ITEM_PENALTY && it->penalty >= PB_INF)
            break;
        add(&s, it);
        if (s.width - s.shrink > measure)
            break;
        if (it->kind == PB_ITEM_BOX)
            end = i + 1;
    }
    return end;
}

static sums sum_range(const pb_para *p, int i0, int i1)
{
    sums s = {0};
    for (int i = i0; i < i1; i++)
        add(&s, &p->items[i]);
    return s;
}

/* The end (exclusive) of the line that starts at i0, and where the next
 * line's search resumes (*next). */
static int line_end(const pb_para *p, int i0, pb_len measure, int *next, bool *last)
{
    sums s = {0};
    int best = -1;
    for (int i = i0; i < p->nitems; i++) {
        const pb_item *it = &p->items[i];
        if (is_break(it) && i > i0) {
            bool fits = s.width - s.shrink <= measure;
            bool forced = it->kind == PB_ITEM_PENALTY && it->penalty <= -PB_INF;
            if (fits)
                best = i;
            if (!fits || forced)
                break;
        }
        add(&s, it);
    }
    *last = best >= 0 && p->items[best].kind == PB_ITEM_PENALTY &&
            p->items[best].penalty <= -PB_INF;
    if (best < 0) {
        int end = emergency_end(p, i0, measure);
        *next = end;
        return end;
    }
    *next = best + 1;
    return best;
}

void pb_linebreak(pb_para *p, pb_len measure, pb_arena *a)
{
    line_vec lines = {0};
    int i = skip_discardable(p, 0);
    while (i < p->nitems) {
        if (p->items[i].kind == PB_ITEM_PENALTY && p->items[i].penalty <= -PB_INF)
            break; /* the end of the paragraph */
        int next;
        bool last;
        int end = line_end(p, i, measure, &next, &last);
        sums s = sum_range(p, i, end);
        pb_line ln = {.i0 = i, .i1 = end, .measure = measure, .last = last};
        ln.ratio = ratio_of(&s, measure, last);
        PB_PUSH(lines, ln);
        i = skip_discardable(p, next);
    }
    if (lines.n > 0)
        lines.v[lines.n - 1].last = true;
    p->lines = pb_arena_copy(a, lines.v, lines.n, sizeof *lines.v);
    p->nlines = (int)lines.n;
    free(lines.v);
}
