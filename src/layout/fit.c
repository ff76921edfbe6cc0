/* Page fitting, the way a layout editor makes an article fit its paper.
 *
 * The article is first set as written. When its last page would be less
 * than the layout's fit.last_page full, it tries to end a page earlier; when
 * a page count is asked for (--pages, front matter pages:), it tries to end
 * on exactly that many. What may change is the layout's fit.order, in order
 * of preference: `figures` (a photo one column narrower, never lower than
 * figures.min_height), `crop` (a photo cropped to a share of its height
 * around its focus, down to fit.crop), `space` (the space around heads and
 * boxes, down to fit.space of it) and `body` (the body size with its
 * leading and grid, within fit.body; handouts only).
 *
 * The search is greedy and deterministic: each step tries every single
 * change of the current kind and keeps the best by pages; at the pages
 * wanted, by how uneven the last page ends and how many photos are off
 * their paragraph's page; on the way there, by how much is left on the last
 * page. It stops when the target is met or no change helps, then goes on to
 * the next kind. One build with every change made at once first says
 * whether the target can be met at all; when it cannot, the article stays
 * as written. Then as little is kept changed as the pages allow (each change
 * undone where the pages hold), and the last page is filled to fit.fill:
 * the body larger (handouts) and, on a longer article, photos wider (one
 * column past what was written; one on the last page, or whose paragraph
 * is, up to every column but one; never past figures.min_ppi, which the
 * vertical list enforces), while the pages, the photos' pages and the
 * fullness of the pages before it hold and the last page's columns end
 * within two lines. What is still a shallow strip
 * is then set as a module: a one-page article in the first columns of its
 * page, a longer one's last page in the first columns of that page (the
 * most columns at which the rectangle is about as tall as it is wide).
 *
 * Each variant is a whole page build; paragraphs are kept between builds
 * (pb_parmemo), so one that only moves photos costs about the pour. At most
 * MAX_TRIALS builds, only for articles of up to MAX_FIT_PAGES pages, and
 * only the photos on the last two pages move. */
#include "fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/limit.h"
#include "../base/util.h"
#include "board.h"

enum {
    MAX_TRIALS = 64,    /* page builds per article, the first included */
    MAX_FIT_PAGES = 12, /* a longer article is set as written */
    STEP = PB_UNIT / 4, /* body sizes are multiples of a quarter point */
    MAX_PAGES_CUT = 1 << 20, /* the pages of a build the page limit cut short */
};

typedef struct {
    int pages, away; /* away: photos not on their paragraph's page */
    double last;     /* how full the last page is */
    int uneven;      /* how many lines more than one its columns end apart */
    int short_cols;  /* columns of the pages before it that end short */
    int holes;       /* empty runs inside columns, more than four lines */
} outcome;

typedef struct {
    pb_figfit *figs;
    pb_len body; /* 0: the layout's */
    double space;
    int last_cols; /* the last page in its first columns; 0: all */
} variant;

typedef struct {
    const pb_doc *doc;
    const pb_template *t;
    pb_fonts *fonts;
    const pb_fit_opts *o;
    int nfigs;
    int *span0;    /* per figure: its span as written */
    bool *movable; /* per figure: on the last two pages, not the hero */
    bool *at_end;  /* per figure: it or its paragraph on the last page, as written */
    int trials;
    variant cur;
    outcome now;
    pb_parmemo *memo;
    /* the body sizes tried, each with its scaled template, kept for the
     * whole fit (the memo knows styles by address); a size is new only in a
     * build, and builds are at most MAX_TRIALS and a few more */
    pb_len tsize[MAX_TRIALS + 8];
    const pb_template *tbase[MAX_TRIALS + 8]; /* the template each is scaled from */
    pb_template *tcopy[MAX_TRIALS + 8];
    int ntc;
    pb_template *narrow; /* a short text's template in fit.short.columns; NULL: none */
    pb_template *mod[64]; /* per column count: the module templates tried */
    int target;    /* pages wanted */
    bool restore;  /* growing back to what was written, not past it */
} fitter;

static variant copy_of(const fitter *f, const variant *v)
{
    variant c = *v;
    c.figs = pb_xmalloc(sizeof *c.figs * (size_t)(f->nfigs + 1));
    memcpy(c.figs, v->figs, sizeof *c.figs * (size_t)f->nfigs);
    return c;
}

/* t at another body size, its grid pitch a whole share of the column
 * height (so columns still end on the type area's last line) and every
 * leading that was one grid line one line again. */
static pb_template *scaled(const pb_template *t, pb_len body)
{
    pb_template *c = pb_template_scaled(t, body);
    pb_len h = pb_template_area_height(t), was = c->baseline;
    long lines = lround((double)h / was);
    if (lines < 1)
        return c;
    c->baseline = (pb_len)(h / lines);
    for (int r = 0; r < PB_ROLE_COUNT; r++)
        if (c->styles[r].leading == was)
            c->styles[r].leading = c->baseline;
    return c;
}

static pb_layout *build(fitter *f, const variant *v, pb_diags *d, outcome *out)
{
    pb_build_opts bo = f->o->build;
    bo.figs = v->figs;
    bo.nfigs = f->nfigs;
    bo.space = v->space;
    bo.memo = f->memo;
    bo.last_cols = v->last_cols;
    pb_template *st = NULL;
    for (int i = 0; v->body && i < f->ntc && !st; i++)
        st = f->tsize[i] == v->body && f->tbase[i] == f->t ? f->tcopy[i] : NULL;
    if (v->body && !st) {
        if (f->ntc == MAX_TRIALS + 8)
            abort(); /* more builds than MAX_TRIALS allows */
        st = scaled(f->t, v->body);
        f->tsize[f->ntc] = v->body, f->tbase[f->ntc] = f->t, f->tcopy[f->ntc++] = st;
    }
    pb_diags quiet;
    pb_diags_init(&quiet);
    size_t errors = d ? pb_diags_count(d, PB_DIAG_ERROR) : 0;
    pb_layout *l = pb_pagebuild(f->doc, st ? st : f->t, f->fonts, &bo, d ? d : &quiet);
    /* past the page limit: cut short, so no candidate however few its pages */
    bool cut = d ? pb_diags_count(d, PB_DIAG_ERROR) > errors : pb_diags_failed(&quiet);
    pb_diags_fini(&quiet);
    f->trials++;
    out->pages = cut ? MAX_PAGES_CUT : l->npages;
    out->away = 0;
    for (int i = 0; i < l->nfigs; i++)
        out->away += l->fig_page[i] < 0 || l->fig_page[i] != l->anchor_page[i];
    out->last = l->npages > 0 ? pb_layout_column_fill(l, l->npages - 1) : 0;
    double spread = l->npages > 0 ? pb_layout_spread(l, l->npages - 1) : 0;
    out->uneven = spread > 1.01 ? (int)(spread + 0.5) - 1 : 0;
    out->short_cols = pb_layout_short_columns(l, 3);
    out->holes = pb_layout_holes(l, 4);
    return l;
}

static void try_variant(fitter *f, const variant *v, outcome *out)
{
    pb_layout_free(build(f, v, NULL, out));
}

/* Shrinking: fewer pages; then, at the pages wanted, fewer holes, a more
 * level last page and fewer photos away from their paragraph's page; on the
 * way there, less on the last page, a photo away counting as a twentieth of
 * a page. */
static bool shorter(const outcome *a, const outcome *b, int target)
{
    if (a->pages != b->pages)
        return a->pages < b->pages;
    if (a->pages <= target && a->holes != b->holes)
        return a->holes < b->holes;
    if (a->pages <= target && a->uneven != b->uneven)
        return a->uneven < b->uneven;
    if (a->pages <= target && a->away != b->away)
        return a->away < b->away;
    return a->last + 0.05 * a->away < b->last + 0.05 * b->away - 1e-9;
}

/* Filling: within the pages allowed and no photo further away, fuller; the
 * last page's columns may end a line less level than before, but no more
 * than two lines apart. */
static bool fuller(const outcome *a, const outcome *b, int allowed)
{
    if (a->pages > allowed || a->away > b->away || a->uneven > (b->uneven > 1 ? b->uneven : 1) ||
        a->short_cols > b->short_cols || a->holes > b->holes)
        return false;
    if (a->pages != b->pages)
        return a->pages > b->pages;
    return a->last > b->last + 1e-9;
}

/* A photo is cropped at once to what the layout allows, or made whole. */
static double crop_step(const pb_template *t, bool down) { return down ? t->fit.crop : 0; }

/* A photo grows one column past what was written at most, or (one on the
 * last page or whose paragraph is, which it is there to fill) to every column
 * but one; never to the full width of a page of three columns or more (that
 * is the hero's). */
static int span_max(const fitter *f, int i)
{
    int cols = f->t->columns, most = cols >= 3 ? cols - 1 : cols;
    if (f->restore || f->span0[i] >= most)
        return f->span0[i];
    return f->at_end[i] ? most : f->span0[i] + 1;
}

static pb_len body_of(const fitter *f, const variant *v)
{
    return v->body ? v->body : f->t->styles[PB_ROLE_BODY].size;
}

/* The k-th single change of kind `move` from f->cur, shrinking or growing,
 * into c; false when there is no k-th. */
static bool change(const fitter *f, pb_fit_move move, bool down, int k, variant *c)
{
    const pb_template *t = f->t;
    switch (move) {
    case PB_FIT_FIGURES:
    case PB_FIT_CROP:
        for (int i = 0, n = 0; i < f->nfigs; i++) {
            pb_figfit *g = &c->figs[i];
            int span = g->span ? g->span : f->span0[i];
            /* past what was written only to fill the last page of a longer
             * article, and never so that a page before it has a column short */
            bool past = !down && !f->restore && span >= f->span0[i];
            if (!f->movable[i] || (past && f->now.pages < 2))
                continue;
            if (move == PB_FIT_FIGURES) {
                /* one column narrower; wider, every span up to its most (a
                 * span that pushes photos about may be followed by one that
                 * settles them) */
                int to = down ? span - 1 : span + 1, most = down ? to : span_max(f, i);
                if (to < 1 || to > most || (n += most - to + 1) <= k)
                    continue;
                to = most - (n - 1 - k);
                g->span = to == f->span0[i] ? 0 : to;
                return true;
            }
            double to = crop_step(t, down);
            if (to == g->crop || n++ != k)
                continue;
            g->crop = to;
            return true;
        }
        return false;
    case PB_FIT_SPACE: {
        double s = c->space > 0 ? c->space : 1, to = down ? t->fit.space : 1;
        if (k > 0 || s == to)
            return false;
        c->space = to == 1 ? 0 : to;
        return true;
    }
    case PB_FIT_BODY: {
        /* down a quarter point at a time; up, every size to the largest at
         * once, so that one size whose columns end unevenly does not stop
         * the ones above it */
        pb_len size = body_of(f, c), to = down ? size - STEP : size + (k + 1) * STEP;
        pb_len most = f->restore ? t->styles[PB_ROLE_BODY].size : t->fit.body_max;
        if ((down && k > 0) || t->fit.body_min <= 0 || to < t->fit.body_min || to > most)
            return false;
        c->body = to == t->styles[PB_ROLE_BODY].size ? 0 : to;
        return true;
    }
    }
    return false;
}

/* Step by changes of kind `move` while one helps: each step keeps the best
 * of all single changes. Returns whether f->cur changed. */
static bool walk(fitter *f, pb_fit_move move, bool down, int allowed)
{
    bool moved = false;
    while (f->trials < MAX_TRIALS) {
        if (down ? f->now.pages <= f->target
                 : !f->restore && f->now.pages == allowed && f->now.last >= f->t->fit.fill)
            break;
        variant best = {0};
        outcome bo = f->now;
        for (int k = 0; f->trials < MAX_TRIALS; k++) {
            variant c = copy_of(f, &f->cur);
            outcome o;
            if (!change(f, move, down, k, &c)) {
                free(c.figs);
                break;
            }
            try_variant(f, &c, &o);
            if (down ? shorter(&o, &bo, f->target) : fuller(&o, &bo, allowed)) {
                free(best.figs);
                best = c, bo = o;
            } else {
                free(c.figs);
            }
        }
        if (!best.figs)
            break;
        free(f->cur.figs);
        f->cur = best, f->now = bo;
        moved = true;
    }
    return moved;
}

static double span_of(const pb_figfit *g) { return g->span; }
static double crop_of(const pb_figfit *g) { return g->crop; }

static void span_tail(pb_buf *b, double span)
{
    pb_buf_addf(b, " at %d column%s", (int)span, span > 1 ? "s" : "");
}

static void crop_tail(pb_buf *b, double keep)
{
    pb_buf_addf(b, " cropped to %.0f %% of the height", 100 * keep);
}

/* "photos 3, 4" and what they share, for each value of key that is not 0
 * (as written), in the order the photos come. */
static void name_groups(pb_buf *b, const fitter *f, double (*key)(const pb_figfit *),
                        void (*tail)(pb_buf *, double))
{
    bool *seen = pb_xcalloc((size_t)f->nfigs + 1, sizeof *seen);
    for (int i = 0; i < f->nfigs; i++) {
        double v = key(&f->cur.figs[i]);
        if (v == 0 || seen[i])
            continue;
        int n = 0;
        for (int j = i; j < f->nfigs; j++)
            n += key(&f->cur.figs[j]) == v;
        pb_buf_addf(b, "%s%s ", b->n ? "; " : "", n > 1 ? "photos" : "photo");
        for (int j = i, m = 0; j < f->nfigs; j++)
            if (key(&f->cur.figs[j]) == v) {
                seen[j] = true;
                pb_buf_addf(b, "%s%d", m++ ? ", " : "", j + 1);
            }
        tail(b, v);
    }
    free(seen);
}

/* "photos 3, 4 at 1 column; body 9.75 pt": what differs from the article as
 * written. Empty when nothing does. Caller frees. */
static char *describe(const fitter *f)
{
    pb_buf b = {0};
    pb_buf_adds(&b, "");
    name_groups(&b, f, span_of, span_tail);
    name_groups(&b, f, crop_of, crop_tail);
    if (f->cur.space > 0)
        pb_buf_addf(&b, "%sspace around heads at %.0f %%", b.n ? "; " : "", 100 * f->cur.space);
    if (f->cur.body)
        pb_buf_addf(&b, "%sbody %.2f pt", b.n ? "; " : "", PB_TO_PT(f->cur.body));
    return b.s;
}

/* Whether the pages wanted can be had at all: every change allowed made at
 * once (one build, where the walk would spend many to find out). */
static bool within_reach(fitter *f)
{
    variant all = copy_of(f, &f->cur);
    for (int k = 0; k < f->t->fit.norder; k++) {
        pb_fit_move m = (pb_fit_move)f->t->fit.order[k];
        for (int i = 0; i < f->nfigs; i++)
            if (f->movable[i] && m == PB_FIT_FIGURES)
                all.figs[i].span = 1;
            else if (f->movable[i] && m == PB_FIT_CROP)
                all.figs[i].crop = f->t->fit.crop;
        if (m == PB_FIT_SPACE)
            all.space = f->t->fit.space;
        if (m == PB_FIT_BODY && f->t->fit.body_min > 0)
            all.body = f->t->fit.body_min;
    }
    outcome o;
    try_variant(f, &all, &o);
    free(all.figs);
    return o.pages <= f->target;
}

/* ---- a short article in a module ------------------------------------------ */

/* A copy of t with k columns over the same type area; its photos no wider. */
static pb_template *in_columns(const pb_template *t, int k)
{
    pb_template *m = pb_xmalloc(sizeof *m);
    *m = *t;
    m->columns = k;
    m->figure_span = t->figure_span > k ? k : t->figure_span;
    return m;
}

/* t narrowed to its first k columns, the furniture still across the page.
 * Its headline is sized to the module as an editor sizes a story's head to
 * its columns: the page's title size times the square root of the share of
 * the columns (a 3-column story on an 8-column broadsheet: 48 pt → 29.5
 * pt), in half points, never below 1.25 times the subtitle. */
static pb_template *module_of(const pb_template *t, int k)
{
    pb_template *m = in_columns(t, k);
    m->full_width = pb_template_area_width(t);
    m->margin_right =
        t->margin_right + (t->columns - k) * (pb_template_column_width(t) + t->gutter);
    pb_style *ts = &m->styles[PB_ROLE_TITLE];
    pb_len half = PB_PT(0.5), floor = m->styles[PB_ROLE_SUBTITLE].size * 5 / 4;
    pb_len size = (pb_len)((double)ts->size * sqrt((double)k / t->columns) / (double)half) * half;
    if (size < floor)
        size = floor;
    if (size < ts->size) {
        ts->leading = (pb_len)((double)ts->leading * (double)size / (double)ts->size);
        ts->size = size;
    }
    return m;
}

/* Build f->cur with the article's only page (last false: in module
 * template k) or its last page (last: last_cols k) in its first k columns;
 * how deep that page goes into *depth. False when the page no longer holds
 * it: more pages, or (last page) the text not taken into k columns. */
static bool try_module(fitter *f, int k, bool last, outcome *o, pb_len *depth)
{
    const pb_template *t = f->t;
    variant c = copy_of(f, &f->cur);
    if (last)
        c.last_cols = k;
    else {
        free(f->mod[k]); /* tried before, on a pass that asked less */
        f->t = f->mod[k] = module_of(t, k);
    }
    pb_layout *l = build(f, &c, NULL, o);
    f->t = t;
    const pb_page *pg = &l->pages[l->npages - 1];
    bool held = o->pages == (last ? f->now.pages : 1);
    for (int i = 0; last && i < pg->nels; i++)
        held = held && pg->els[i].col1 < k;
    *depth = pb_layout_depth(l, l->npages - 1);
    pb_layout_free(l);
    free(c.figs);
    return held;
}

/* The columns a page of the article is set in when across all of them it
 * would be filled less than fit.fill, the rest of the page left free (a page
 * of several articles is made of such modules): a short article's only page
 * (last false; its headline goes with it, three columns or more, no page
 * count asked for) or a longer one's last page (last). k is the most
 * columns, at least two, at which the rectangle is about as tall as it is
 * wide, with no more holes, and no photo further from its paragraph nor
 * columns less level than (short article) none, or when no module has
 * that a line more, or (last page) before. 0:
 * the whole page. */
static int module_columns(fitter *f, bool last)
{
    const pb_template *t = f->t;
    if (t->columns < 3 || f->now.last >= t->fit.fill ||
        (last ? f->now.pages < 2 : f->o->pages || f->now.pages != 1))
        return 0;
    pb_len colw = pb_template_column_width(t);
    int away = last ? f->now.away : 0, uneven = last ? f->now.uneven : 0;
    /* a short article's columns may, when no module ends them closer, end
     * two lines apart: keep rules can leave no closer balance in a few
     * columns, and such a module is far better than the same text spread
     * thin over the whole page */
    for (int pass = 0; pass < (last ? 1 : 2); pass++, uneven++) {
        int best = 0;
        for (int k = t->columns - 1; k >= 2 && f->trials < MAX_TRIALS; k--) {
            outcome o;
            pb_len depth, width = k * colw + (k - 1) * t->gutter;
            if (!try_module(f, k, last, &o, &depth))
                break;
            if (o.away > away || o.uneven > uneven || o.holes > f->now.holes)
                continue;
            best = k;
            if (depth * 10 >= width * 9) /* about as tall as it is wide */
                break;
        }
        if (best)
            return best;
    }
    return 0;
}

/* ---- a short text on a handout ------------------------------------------- */

/* A one-page text that fills its page less than fit.fill even with the
 * body at its largest is set the way a notice is: in fit.short.columns
 * columns (one, across the type area) with the body within fit.short.body,
 * the largest size at which it stays on one page (whole quarter points,
 * found by bisection). Taken when it fills the page more than the text in
 * all the columns did, with no more holes. */
static bool try_short(fitter *f)
{
    const pb_template *t = f->t;
    if (t->fit.short_min <= 0 || f->o->pages || f->now.pages != 1 ||
        f->now.last >= t->fit.fill || t->fit.short_columns >= t->columns)
        return false;
    pb_template *n = in_columns(t, t->fit.short_columns);
    f->t = n;
    variant c = copy_of(f, &f->cur);
    outcome o, best = {0};
    pb_len lo = t->fit.short_min / STEP, hi = t->fit.short_max / STEP, size = 0;
    while (lo <= hi && f->trials < MAX_TRIALS) { /* the largest size on one page */
        pb_len mid = (lo + hi) / 2;
        c.body = mid * STEP;
        try_variant(f, &c, &o);
        if (o.pages == 1)
            size = c.body, best = o, lo = mid + 1;
        else
            hi = mid - 1;
    }
    f->t = t;
    free(c.figs);
    if (!size || best.last <= f->now.last || best.holes > f->now.holes) {
        free(n);
        return false;
    }
    f->narrow = n;
    f->cur.body = size;
    f->now = best;
    return true;
}

/* Which photos page fitting may move: those on the last two pages (the
 * article's end is where pages are won or lost), never the hero. */
static void choose_movable(fitter *f, const pb_layout *l)
{
    for (int i = 0; i < f->nfigs; i++) {
        int page = l->fig_page[i] >= 0 ? l->fig_page[i] : l->anchor_page[i];
        f->movable[i] = page < 0 || page >= l->npages - 2;
        int last = l->npages - 1;
        f->at_end[i] = last > 0 && (page == last || l->anchor_page[i] == last);
    }
    for (int i = 0, k = 0; i < f->doc->nblocks; i++) {
        const pb_block *b = &f->doc->blocks[i];
        if (b->kind == PB_BLOCK_FIGURE && k < f->nfigs)
            f->movable[k++] &= b->place != PB_PLACE_HERO;
    }
}

pb_layout *pb_fit_build(const pb_doc *doc, const pb_template *t, pb_fonts *fonts,
                        const pb_fit_opts *o, pb_diags *d)
{
    fitter f = {.doc = doc, .t = t, .fonts = fonts, .o = o};
    for (int i = 0; i < doc->nblocks; i++)
        f.nfigs += doc->blocks[i].kind == PB_BLOCK_FIGURE;
    f.span0 = pb_xcalloc((size_t)f.nfigs + 1, sizeof *f.span0);
    f.movable = pb_xcalloc((size_t)f.nfigs + 1, sizeof *f.movable);
    f.at_end = pb_xcalloc((size_t)f.nfigs + 1, sizeof *f.at_end);
    for (int i = 0, k = 0; i < doc->nblocks; i++) {
        const pb_block *b = &doc->blocks[i];
        if (b->kind != PB_BLOCK_FIGURE)
            continue;
        int span = b->span > 0 ? b->span : t->figure_span;
        f.span0[k++] = b->place == PB_PLACE_HERO || span > t->columns ? t->columns : span;
    }
    f.cur.figs = pb_xcalloc((size_t)f.nfigs + 1, sizeof *f.cur.figs);
    f.memo = pb_parmemo_new();

    pb_layout *first = build(&f, &f.cur, NULL, &f.now);
    outcome written = f.now;
    choose_movable(&f, first);
    pb_layout_free(first);
    /* as written past the page limit: fitting may still bring it within */
    bool cut = written.pages == MAX_PAGES_CUT;
    bool fits = t->fit.norder > 0 && (cut ? pb_limit_pages() : written.pages) <= MAX_FIT_PAGES;
    f.target = o->pages > 0                                             ? o->pages
               : cut                                                    ? pb_limit_pages()
               : written.pages > 1 && written.last < t->fit.last_page ? written.pages - 1
                                                                        : written.pages;
    if (fits && f.now.pages > f.target && !within_reach(&f)) {
        if (o->pages) { /* asked for: as near as can be, if nearer at all */
            variant start = copy_of(&f, &f.cur);
            for (int k = 0; k < t->fit.norder; k++)
                walk(&f, (pb_fit_move)t->fit.order[k], true, f.target);
            if (f.now.pages >= written.pages) {
                free(f.cur.figs);
                f.cur = start, f.now = written;
            } else {
                free(start.figs);
            }
        }
    } else if (fits && f.now.pages > f.target) {
        variant start = copy_of(&f, &f.cur);
        for (int k = 0; k < t->fit.norder && f.now.pages > f.target; k++)
            walk(&f, (pb_fit_move)t->fit.order[k], true, f.target);
        if (f.now.pages > f.target && !o->pages) { /* not to be had: as written */
            free(f.cur.figs);
            f.cur = start, f.now = written;
        } else {
            free(start.figs);
        }
    }
    /* the pages asked for, or as near as was had */
    int allowed = o->pages > f.now.pages ? o->pages : f.now.pages;
    /* as little changed as the pages allow: back toward what was written */
    f.restore = true;
    for (int k = t->fit.norder; fits && k-- > 0;)
        walk(&f, (pb_fit_move)t->fit.order[k], false, allowed);
    f.restore = false;
    /* past it, to fill the last page: photos only on a longer article (a
     * short one is set in a module instead), the body on any */
    if (fits && (f.now.pages < allowed || f.now.last < t->fit.fill))
        for (int k = t->fit.norder; k-- > 0;)
            walk(&f, (pb_fit_move)t->fit.order[k], false, allowed);
    int k = fits ? module_columns(&f, false) : 0;
    if (k)
        f.t = f.mod[k];
    if (fits && !k && try_short(&f))
        f.t = f.narrow;
    f.cur.last_cols = fits && !k ? module_columns(&f, true) : 0;
    pb_layout *l = build(&f, &f.cur, d, &f.now);
    f.t = t;
    l->memo = f.memo; /* its lines are the memo's paragraphs */
    for (int i = 0; i < f.ntc; i++) {
        if (l->t == f.tcopy[i])
            l->own_t = f.tcopy[i];
        else
            free(f.tcopy[i]);
    }
    for (int i = 0; i < 64; i++) {
        if (i == k && k)
            l->own_t = f.mod[i];
        else
            free(f.mod[i]);
    }
    /* the spans the photos took (a photo grows only as far as its pixels
     * allow, shrinks only as far as figures.min_height) */
    for (int i = 0; i < f.nfigs && i < l->nfigs; i++)
        f.cur.figs[i].span = l->fig_span[i] == f.span0[i] ? 0 : l->fig_span[i];
    char *what = describe(&f);
    pb_buf head = {0};
    pb_buf_addf(&head, "%d page%s, %s", l->npages, l->npages > 1 ? "s" : "", t->name);
    if (k)
        pb_buf_addf(&head, " in %d of its %d columns", k, t->columns);
    if (f.narrow)
        pb_buf_addf(&head, ", short: in %d column%s", f.narrow->columns,
                    f.narrow->columns > 1 ? "s" : "");
    if (f.cur.last_cols)
        pb_buf_addf(&head, ", the last in %d of its columns", f.cur.last_cols);
    if (*what)
        pb_buf_addf(&head, " (%s)", what);
    pb_diag_add(d, PB_DIAG_NOTE, doc->path, 0, "%s", head.s);
    pb_buf_fini(&head);
    if (f.cur.last_cols) {
        double used = (double)f.cur.last_cols / t->columns * pb_layout_depth(l, l->npages - 1) /
                      pb_template_area_height(t);
        pb_diag_add(d, PB_DIAG_NOTE, doc->path, 0,
                    "the article's last page fills columns 1–%d; %.0f %% of it is free",
                    f.cur.last_cols, 100 * (1 - used));
    }
    if (k) {
        double area = (double)pb_template_area_width(t) * pb_template_area_height(t);
        double used = (double)pb_template_area_width(l->t) * pb_layout_depth(l, 0);
        pb_diag_add(d, PB_DIAG_NOTE, doc->path, 0,
                    "the article fills columns 1–%d; %.0f %% of the page is free", k,
                    100 * (1 - used / area));
    }
    if (l->npages == 1 && f.narrow) { /* a notice: its depth is all the page it takes */
        double used = (double)pb_layout_depth(l, 0) / (double)pb_template_area_height(l->t);
        if (used < t->fit.fill)
            pb_diag_add(d, PB_DIAG_NOTE, doc->path, 0,
                        "the text fills the top %.0f %% of the page; %.0f %% of it is free",
                        100 * used, 100 * (1 - used));
    }
    if (o->pages > 0 && l->npages != o->pages)
        pb_warn(d, doc->path, o->pages_line,
                "cannot end on %d page%s: %d with every change the layout's fit section allows "
                "(%s)",
                o->pages, o->pages > 1 ? "s" : "", l->npages,
                t->fit.norder ? "see fit.order" : "fit.order is none");
    free(what);
    free(f.narrow); /* the layout's template is a scaled copy of it */
    free(f.cur.figs);
    free(f.span0);
    free(f.movable);
    free(f.at_end);
    return l;
}
