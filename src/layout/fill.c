/* How full a page is: how far down its body its column content reaches.
 * A layout editor judges a board or the last page of an article by where its
 * columns end: a board whose text stops halfway looks unfinished, whatever
 * the copyfit said. The measure is taken from the laid-out elements only, so
 * boards (copyfit, series) and newspaper pages (balancing, CLR-44) are judged
 * by one ruler: the lowest bottom of anything in the columns (a line's em
 * box, a photo, a note box), from the top of the page's body to the bottom
 * of the type area. */
#include <stdbool.h>
#include <string.h>

#include "page.h"

#include <stdlib.h>

#include "../base/util.h"

/* The em box reaches 0.12 em below the baseline (Noto CJK, docs/traps.md). */
static const double EM_DESCENT = 0.12;

static bool in_headline(const pb_el *e)
{
    static const char *const group[] = {"title", "kicker", "subtitle", "meta"};
    if (!e->what)
        return false;
    for (size_t i = 0; i < sizeof group / sizeof group[0]; i++)
        if (!strcmp(e->what, group[i]))
            return true;
    return false;
}

static pb_len el_bottom(const pb_el *e)
{
    if (e->kind != PB_EL_LINE)
        return e->y + e->h;
    pb_len size = e->para && e->para->style ? e->para->style->size : 0;
    return e->y + (pb_len)(EM_DESCENT * size);
}

double pb_layout_fill(const pb_layout *l, int page)
{
    if (!l || page < 0 || page >= l->npages)
        return 0;
    const pb_page *pg = &l->pages[page];
    pb_len top = pb_template_area_top(l->t);
    pb_len end = top + pb_template_area_height(l->t);
    /* the headline group (page 1 of an article) sits above the body */
    for (int i = 0; i < pg->nels; i++)
        if (pg->els[i].col0 >= 0 && in_headline(&pg->els[i]) && el_bottom(&pg->els[i]) > top)
            top = el_bottom(&pg->els[i]);
    pb_len low = top;
    bool any = false;
    for (int i = 0; i < pg->nels; i++) {
        const pb_el *e = &pg->els[i];
        if (e->col0 < 0 || in_headline(e) || e->kind == PB_EL_RULE)
            continue;
        any = true;
        low = el_bottom(e) > low ? el_bottom(e) : low;
    }
    if (!any || end <= top)
        return 0;
    double f = (double)(low - top) / (double)(end - top);
    return f < 0 ? 0 : f > 1 ? 1 : f;
}

/* ---- the columns one by one: page fitting's measures ---------------------- */

/* The bottom of each column's content on page (the area's top: empty). */
static int bottoms(const pb_layout *l, int page, pb_len *low)
{
    const pb_template *t = l->t;
    int n = t->columns > 0 && t->columns <= 64 ? t->columns : 1;
    pb_len top = pb_template_area_top(t);
    for (int c = 0; c < n; c++)
        low[c] = top;
    const pb_page *pg = &l->pages[page];
    for (int i = 0; i < pg->nels; i++) {
        const pb_el *e = &pg->els[i];
        if (e->col0 < 0)
            continue;
        pb_len b = el_bottom(e);
        for (int c = e->col0; c <= e->col1 && c < n; c++)
            low[c] = b > low[c] ? b : low[c];
    }
    return n;
}

double pb_layout_column_fill(const pb_layout *l, int page)
{
    if (!l || page < 0 || page >= l->npages)
        return 0;
    pb_len top = pb_template_area_top(l->t), h = pb_template_area_height(l->t), low[64];
    int n = bottoms(l, page, low);
    double sum = 0;
    for (int c = 0; c < n; c++)
        sum += low[c] > top + h ? 1 : (double)(low[c] - top) / h;
    return h > 0 ? sum / n : 1;
}

double pb_layout_spread(const pb_layout *l, int page)
{
    if (!l || page < 0 || page >= l->npages)
        return 0;
    pb_len top = pb_template_area_top(l->t), low[64], lo = 0, hi = 0;
    int n = bottoms(l, page, low);
    bool any = false;
    for (int c = 0; c < n; c++) {
        if (low[c] == top)
            continue;
        lo = !any || low[c] < lo ? low[c] : lo;
        hi = !any || low[c] > hi ? low[c] : hi;
        any = true;
    }
    return l->t->baseline > 0 ? (double)(hi - lo) / l->t->baseline : 0;
}

pb_len pb_layout_depth(const pb_layout *l, int page)
{
    if (!l || page < 0 || page >= l->npages)
        return 0;
    pb_len top = pb_template_area_top(l->t), low[64], deepest = top;
    int n = bottoms(l, page, low);
    for (int c = 0; c < n; c++)
        deepest = low[c] > deepest ? low[c] : deepest;
    return deepest - top;
}

int pb_layout_short_columns(const pb_layout *l, int lines)
{
    if (!l)
        return 0;
    pb_len top = pb_template_area_top(l->t), h = pb_template_area_height(l->t), low[64];
    int n = 0;
    for (int p = 0; p + 1 < l->npages; p++) {
        int cols = bottoms(l, p, low);
        for (int c = 0; c < cols; c++)
            n += top + h - low[c] > (pb_len)lines * l->t->baseline;
    }
    return n;
}

static int cmp_len(const void *a, const void *b)
{
    pb_len x = ((const pb_len *)a)[0], y = ((const pb_len *)b)[0];
    return (x > y) - (x < y);
}

int pb_layout_holes(const pb_layout *l, int lines)
{
    if (!l)
        return 0;
    int n = 0, cols = l->t->columns > 0 && l->t->columns <= 64 ? l->t->columns : 1;
    pb_len most = (pb_len)lines * l->t->baseline;
    for (int p = 0; p < l->npages; p++) {
        const pb_page *pg = &l->pages[p];
        pb_len(*iv)[2] = pb_xmalloc(sizeof *iv * (size_t)(pg->nels + 1));
        for (int c = 0; c < cols; c++) {
            int k = 0;
            for (int i = 0; i < pg->nels; i++) {
                const pb_el *e = &pg->els[i];
                if (e->col0 < 0 || c < e->col0 || c > e->col1 || e->kind == PB_EL_RULE)
                    continue;
                pb_len bot = el_bottom(e);
                iv[k][0] = e->kind == PB_EL_LINE ? bot - e->h : e->y;
                iv[k++][1] = bot;
            }
            qsort(iv, (size_t)k, sizeof *iv, cmp_len);
            for (int i = 1, end = 0; i < k; i++) {
                pb_len reach = iv[end][1];
                if (iv[i][0] - reach > most)
                    n++;
                if (iv[i][1] > reach)
                    end = i;
            }
        }
        free(iv);
    }
    return n;
}
