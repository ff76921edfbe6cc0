/* How full a page is: how far down its body its column content reaches.
 * A layout editor judges a board or the last page of an article by where its
 * columns end: a board whose text stops halfway looks unfinished, whatever
 * the copyfit said. The measure is taken from the laid-out elements only, so
 * boards (copyfit, series) and newspaper pages (balancing, CLR-44) are judged
 * by one ruler: the lowest bottom of anything in the columns (a line's em
 * box, a photo, a note box), from the top of the page's body to the bottom
 * of the type area. */
#include <string.h>

#include "page.h"

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
