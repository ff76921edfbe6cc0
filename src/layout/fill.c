/* How full a page is: how far down its columns reach, the measure page
 * fitting (fit.c) and board copyfit judge a layout by, and the one the tests
 * assert. The page's columns are what the layout's grid made: a line fills
 * its slot (the grid line it sits on), a photo, a caption and a box fill
 * their rectangle. Furniture outside the columns (header, footer, bands) is
 * not counted. */
#include "page.h"

static pb_len el_bottom(const pb_el *e)
{
    if (e->kind != PB_EL_LINE)
        return e->y + e->h;
    pb_len size = e->para && e->para->style ? e->para->style->size : e->h;
    /* the baseline sits 0.88 em below the top of the em box, centred in the slot */
    return e->y - (pb_len)(0.88 * size) - (e->h - size) / 2 + e->h;
}

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

double pb_layout_fill(const pb_layout *l, int page)
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
