/* The layout trace: a text form of every placed line and figure, for golden
 * tests and for seeing why a page looks the way it does. Positions in points
 * with two decimals, from the top-left corner of the page. */
#include <stdlib.h>

#include "../base/util.h"
#include "../layout/page.h"
#include "../text/marks.h"

static void cols(const pb_el *e, char *buf, size_t n)
{
    if (e->col0 < 0)
        snprintf(buf, n, "-");
    else if (e->col0 == e->col1)
        snprintf(buf, n, "c%d", e->col0 + 1);
    else
        snprintf(buf, n, "c%d-%d", e->col0 + 1, e->col1 + 1);
}

/* A line with emphasis dots: " dots=X,X,…", each dot's centre from the
 * page's left edge (its centre lies pb_dot_drop() below the baseline). */
static void trace_dots(const pb_el *e, FILE *out)
{
    int n;
    pb_dot *dots = pb_line_dots(e->para, e->line, &n);
    if (!n)
        return;
    for (int i = 0; i < n; i++)
        fprintf(out, "%s%.2f", i ? "," : " dots=",
                PB_TO_PT(e->x + e->para->lines[e->line].left + dots[i].x));
    free(dots);
}

void pb_layout_trace(const pb_layout *l, FILE *out)
{
    fprintf(out, "layout %s page %.2fx%.2f columns %d column-width %.2f\n", l->t->name,
            PB_TO_PT(l->t->page_w), PB_TO_PT(l->t->page_h), l->t->columns,
            PB_TO_PT(pb_template_column_width(l->t)));
    for (int p = 0; p < l->npages; p++) {
        const pb_page *pg = &l->pages[p];
        for (int i = 0; i < pg->nels; i++) {
            const pb_el *e = &pg->els[i];
            char c[32];
            cols(e, c, sizeof c);
            if (e->kind == PB_EL_LINE) {
                const pb_line *ln = &e->para->lines[e->line];
                char *txt = pb_line_text(e->para, e->line);
                fprintf(out, "p%d %s %-8s x=%.2f y=%.2f w=%.2f r=%.3f,%.3f%s%s%s", p + 1, c,
                        e->what, PB_TO_PT(e->x + ln->left), PB_TO_PT(e->y), PB_TO_PT(ln->width),
                        ln->r1, ln->r2, ln->hang ? " hang" : "", ln->over ? " over" : "",
                        ln->last ? " end" : "");
                trace_dots(e, out);
                fprintf(out, " \"%s\"\n", txt);
                free(txt);
            } else if (e->kind == PB_EL_IMAGE || e->kind == PB_EL_PLACEHOLDER) {
                fprintf(out, "p%d %s %-8s x=%.2f y=%.2f w=%.2f h=%.2f %s %dx%d %.0fppi%s\n", p + 1,
                        c, e->what, PB_TO_PT(e->x), PB_TO_PT(e->y), PB_TO_PT(e->w),
                        PB_TO_PT(e->h), e->path, e->info.width, e->info.height, e->ppi,
                        e->kind == PB_EL_PLACEHOLDER ? " missing" : "");
            } else if (e->kind == PB_EL_BOX) {
                fprintf(out, "p%d %s %-8s x=%.2f y=%.2f w=%.2f h=%.2f\n", p + 1, c, e->what,
                        PB_TO_PT(e->x), PB_TO_PT(e->y), PB_TO_PT(e->w), PB_TO_PT(e->h));
            }
        }
    }
}
