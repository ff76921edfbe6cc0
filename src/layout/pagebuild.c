/* Page building: the vertical list poured into the template's columns, page
 * after page, the way a layout editor makes up a news page.
 *
 * Each page is made in rounds. A round pours the text into the columns with
 * the page's figure plan in place; the figure anchors it meets that are not
 * yet planned are then put at the top (or, with place=bottom, the foot) of
 * the columns where their anchor fell, spanning their N columns, and the page
 * is poured again, so text flows around them. A figure that has no room goes
 * to the top of the next page; on the last page any column with room is
 * tried first, so no figure lands after the article's end. A round only
 * records where the plan's figures go (plain data, cheap to redo); photos,
 * captions and placeholders are emitted once, from the plan the page keeps.
 * Figures wait in a queue in the order of the text, and a pour stops
 * collecting figures beyond what the page could hold, so planning stays
 * linear in the number of figures. The headline group spans all columns at
 * the top of page 1, a hero figure right under it. The editor's note is
 * planned like a figure without a photo, so it is never divided: under the
 * headline from column 1 when it comes before the body text, else at the
 * top of the columns where its anchor falls.
 *
 * On a page of five columns or more photos are spread over the columns
 * rather than stacked (plan_figure).
 *
 * The page where the article ends is balanced (CLR-44): the shortest column
 * bottom at which everything still fits is found by bisection over whole grid
 * lines, and every column stops there, so the columns end level. Keep rules
 * from the vertical list decide where a column may end (heads with their
 * text, no single line of a paragraph at a column's foot or head). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/limit.h"
#include "../base/util.h"
#include "../input/date.h"
#include "page.h"
#include "placeholder.h"
#include "vlist.h"

enum { MAX_ROUNDS = 4, MIN_TEXT_LINES = 3, STACKED = 25, LOOSE = 15 };

typedef struct {
    int c0, c1;
    pb_len y0, y1;
} span_rect;

typedef struct {
    PB_VEC(pb_el) els;
    PB_VEC(span_rect) spans; /* figures across columns: no column rule there */
    pb_len body_top, rule_bottom;
    int cols; /* the columns it uses: all but on a last page set as a module */
} pagebuf;

typedef struct {
    int fig, c0;
    bool bottom;
    pb_len mid; /* > 0: across the middle of the columns, from this grid line */
} plan_item;

typedef PB_VEC(plan_item) plan_vec;
typedef PB_VEC(int) int_vec;

/* A figure of the plan where a round put it. */
typedef struct {
    int fig, c0;
    pb_len y;
} placed_fig;
typedef struct {
    const pb_setter *s;
    const pb_template *t;
    const pb_doc *doc;
    pb_vlist vl;
    pb_len colw, ax, ay, aw, ah, body_top1;
    PB_VEC(pagebuf) pages;
    bool *done;    /* per figure: placed on a page already made */
    int *anchor;   /* per figure: its place in the vertical list */
    bool *planned;  /* per figure: in the plan of the round being poured */
    bool *deferred; /* per figure: waits for the next page (the page being made) */
    int *next_text; /* per item: the first at or after it that is not a figure */
    int_vec carried; /* figures waiting for a page with room, from chead on */
    size_t chead;
    int warned; /* the last chain of keeps warned about as broken */
    int *fig_page, *anchor_page; /* per photo: its page, its paragraph's page (-1: none) */
    int cols;      /* the columns of the page being made: all, or the last page's module */
    int last_cols; /* the article's last page in its first last_cols columns; 0: all */
    bool spread; /* pb_build_opts.spread_figures */
    bool plain;  /* the page where the article ends: photos only at the top of columns */
} builder;

/* One pour of one page. */
typedef struct {
    pb_len top[64], bot[64];
    pb_len fig_bot[64]; /* above a photo placed at the foot (else the page's bottom) */
    pb_len mid0[64], mid1[64]; /* a photo across the middle: the text goes on below it */
    int c;
    pb_len y;
    bool fresh;
    const pb_style *box;
    pb_len box_y0;
    PB_VEC(pb_el) els;
    PB_VEC(placed_fig) figs;  /* where the plan's figures went, drawn once at the end */
    int_vec found, found_col; /* figure anchors met and the column they were in */
    PB_VEC(pb_len) found_y;   /* and the grid line after them */
    pb_len found_h;           /* their heights times their spans */
    bool over;                /* the figures met from here on are more than it holds */
    bool chain;               /* in a chain of keeps taller than a column */
    int chain_start;          /* its first item */
    int_vec broken;           /* the chains broken at a column's end, by first item */
    int end;                  /* where in the vertical list the page ended */
} pour_state;

static pb_len col_x(const builder *b, int c) { return b->ax + c * (b->colw + b->t->gutter); }
static pb_len span_w(const builder *b, int n) { return n * b->colw + (n - 1) * b->t->gutter; }
/* The foot of the columns. Margins in millimetres land on the engine's
 * 1/1024 pt a unit or two off, so a type area of exactly 72 lines (a3-news:
 * 381 mm, 1080 pt) measures a hair short of them and would hold 71: the foot
 * lies a sixty-fourth of a point lower, out of sight, so a column holds the
 * lines its layout was drawn for. */
static pb_len bottom(const builder *b) { return b->ay + b->ah + PB_UNIT / 64; }

/* Baseline of a line in a slot of height h starting at top: the em box is
 * centred in the slot; Noto CJK's ideographic em box has 0.88 em above the
 * baseline. */
static pb_len baseline_in(pb_len top, pb_len h, pb_len size)
{
    return top + (h - size) / 2 + (pb_len)(0.88 * size);
}

/* A line's element. A line one grid line high sits on the grid's baseline,
 * where a body line would, whatever its size (credits, note text). */
static pb_el line_el(const builder *b, const pb_para *p, int i, pb_len x, pb_len top, int c0,
                     int c1, const char *what)
{
    pb_len lead = p->style->leading;
    pb_len size = lead == b->t->baseline ? b->t->styles[PB_ROLE_BODY].size : p->style->size;
    return (pb_el){.kind = PB_EL_LINE, .col0 = c0, .col1 = c1, .x = x,
                   .y = baseline_in(top, lead, size), .w = p->lines[i].measure, .h = lead,
                   .what = what, .para = p, .line = i};
}

static void pour_free(pour_state *st)
{
    free(st->els.v);
    free(st->figs.v);
    free(st->found.v);
    free(st->found_col.v);
    free(st->found_y.v);
    free(st->broken.v);
    memset(st, 0, sizeof *st);
}

/* ---- the figure plan ------------------------------------------------------- */

/* Where figure f would go in columns c0.. of the pour, or false when it does
 * not fit and leave room for some text. */
static bool figure_slot(const builder *b, const pour_state *st, int fi, int c0, bool at_bottom,
                        pb_len *y)
{
    const pb_figure *f = &b->vl.figs[fi];
    if (c0 < 0 || c0 + f->span > b->cols)
        return false;
    pb_len top = 0, bot = bottom(b);
    for (int k = c0; k < c0 + f->span; k++) {
        top = st->top[k] > top ? st->top[k] : top;
        /* a photo at the top may reach below where a balanced page ends its
         * text (the columns' ends are for the text), not into a photo at
         * the foot */
        pb_len end = at_bottom ? st->bot[k] : st->fig_bot[k];
        bot = end < bot ? end : bot;
    }
    /* a photo across the middle of one of its columns: a photo at its top
     * or foot must not reach it */
    for (int k = c0; k < c0 + f->span; k++)
        if (st->mid1[k] && (at_bottom ? bot - f->h < st->mid1[k] : top + f->h > st->mid0[k]))
            return false;
    bool empty = top == b->pages.v[b->pages.n - 1].body_top && bot == bottom(b);
    /* on a board the photos come first and their room must not depend on
     * the body size (board.c, sub_doc): no lines kept for text under them */
    pb_len room = bot - top - (empty || b->spread ? 0 : MIN_TEXT_LINES * b->t->baseline);
    if (f->h > room)
        return false;
    *y = at_bottom ? bot - f->h + b->t->figure_gap : top;
    return true;
}

/* Where figure fi would go across the middle of columns c0.., right under
 * the grid line y, or false: every column of its span must have text above
 * it (or none: y is its top) and room for some text below it, and no other
 * photo across its middle. The photo keeps the figure gap from the text
 * above; its whole height is whole grid lines (CLR-7). */
static bool mid_slot(const builder *b, const pour_state *st, int fi, int c0, pb_len y,
                     pb_len *end)
{
    const pb_figure *f = &b->vl.figs[fi];
    pb_len g = b->t->baseline, h = pb_grid_up(b->t, f->h + b->t->figure_gap);
    if (c0 < 0 || c0 + f->span > b->cols || f->note)
        return false;
    for (int k = c0; k < c0 + f->span; k++) {
        pb_len above = y - st->top[k], below = st->fig_bot[k] - (y + h);
        /* it may reach below where a balanced page ends its text, as a
         * photo at the top may: the column then ends on the photo */
        if (st->mid1[k] || (above != 0 && above < 2 * g) || below < MIN_TEXT_LINES * g)
            return false;
    }
    *end = y + h;
    return true;
}

/* The editor's note's elements: its box across the columns it spans, its
 * lines centred in it, each on the grid as a body line would be, and where
 * the box interrupts the column rules. */
static void emit_note(const builder *b, pagebuf *pg, const placed_fig *pf)
{
    const pb_figure *f = &b->vl.figs[pf->fig];
    const pb_style *s = &b->t->styles[PB_ROLE_NOTE];
    int c0 = pf->c0, c1 = c0 + f->span - 1;
    pb_len x = col_x(b, c0), top = pf->y + (f->img_h - f->inner) / 2;
    PB_PUSH(pg->els, ((pb_el){.kind = PB_EL_BOX, .col0 = c0, .col1 = c1, .x = x, .y = pf->y,
                              .w = f->img_w, .h = f->img_h, .what = "note-box",
                              .fill = s->box_fill, .stroke = s->box_stroke,
                              .stroke_width = s->box_stroke_width}));
    for (int k = 0; k < f->nnote; k++) {
        const pb_para *p = f->note[k];
        for (int i = 0; i < p->nlines; i++, top += p->style->leading) {
            pb_len inset = (f->img_w - p->lines[i].measure) / 2;
            PB_PUSH(pg->els, line_el(b, p, i, x + inset, top, c0, c1, "note"));
        }
    }
    if (f->span > 1)
        PB_PUSH(pg->spans, ((span_rect){c0, c1, pf->y, pf->y + f->img_h}));
}

/* Figure fi's elements on the page being made: the photo (or a grey box
 * with the missing file's name), its caption, and where it interrupts the
 * column rules. Once per figure, from the chosen plan: the rounds before
 * only record where it goes. */
static void emit_figure(const builder *b, pagebuf *pg, const placed_fig *pf)
{
    const pb_figure *f = &b->vl.figs[pf->fig];
    if (f->note) {
        emit_note(b, pg, pf);
        return;
    }
    int c0 = pf->c0, c1 = c0 + f->span - 1;
    pb_len x = col_x(b, c0) + (span_w(b, f->span) - f->img_w) / 2, y = pf->y;
    pb_el img = {.kind = f->ok ? PB_EL_IMAGE : PB_EL_PLACEHOLDER, .col0 = c0, .col1 = c1,
                 .x = x, .y = y, .w = f->img_w, .h = f->img_h, .what = "figure",
                 .path = f->b->path, .info = f->info, .ix = x + f->crop_x, .iy = y + f->crop_y,
                 .iw = f->crop_w, .ih = f->crop_h, .ppi = f->ppi};
    PB_PUSH(pg->els, img);
    if (!f->ok) { /* the missing file's name, in the middle of its grey box */
        pb_style *ls = PB_NEW(b->s->a, pb_style);
        *ls = b->t->styles[PB_ROLE_CAPTION];
        ls->align = PB_ALIGN_CENTER;
        pb_para *p = pb_setter_string(b->s, f->b->src, ls, f->img_w);
        pb_len top = y + (f->img_h - p->nlines * ls->leading) / 2;
        for (int i = 0; i < p->nlines; i++, top += ls->leading)
            PB_PUSH(pg->els, line_el(b, p, i, x, top, c0, c1, "missing"));
    }
    if (f->caption) {
        pb_len top = y + f->img_h + b->t->figure_gap;
        for (int i = 0; i < f->caption->nlines; i++, top += f->caption->style->leading)
            PB_PUSH(pg->els, line_el(b, f->caption, i, x, top, c0, c1, "caption"));
    }
    if (f->span > 1)
        PB_PUSH(pg->spans, ((span_rect){c0, c1, y, y + f->h - b->t->figure_gap}));
}

/* Put the plan's figures on the page, in order; false when one does not fit. */
static bool place_plan(const builder *b, pour_state *st, const plan_item *plan, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const plan_item *p = &plan[i];
        const pb_figure *f = &b->vl.figs[p->fig];
        pb_len y, end;
        if (p->mid > 0) {
            if (!mid_slot(b, st, p->fig, p->c0, p->mid, &end))
                return false;
            PB_PUSH(st->figs, ((placed_fig){p->fig, p->c0, p->mid + b->t->figure_gap}));
            for (int k = p->c0; k < p->c0 + f->span; k++)
                st->mid0[k] = p->mid, st->mid1[k] = end;
            continue;
        }
        if (!figure_slot(b, st, p->fig, p->c0, p->bottom, &y))
            return false;
        PB_PUSH(st->figs, ((placed_fig){p->fig, p->c0, y}));
        for (int k = p->c0; k < p->c0 + f->span; k++) {
            if (p->bottom)
                st->bot[k] = st->fig_bot[k] = y - b->t->figure_gap;
            else
                st->top[k] = y + f->h;
        }
    }
    return true;
}

/* ---- pouring the text --------------------------------------------------------- */

static void close_box(const builder *b, pour_state *st)
{
    if (!st->box)
        return;
    const pb_style *s = st->box;
    PB_PUSH(st->els, ((pb_el){.kind = PB_EL_BOX, .col0 = st->c, .col1 = st->c,
                              .x = col_x(b, st->c), .y = st->box_y0, .w = b->colw,
                              .h = st->y - st->box_y0, .what = "note-box", .fill = s->box_fill,
                              .stroke = s->box_stroke, .stroke_width = s->box_stroke_width}));
    st->box = NULL;
}

static void track_box(const builder *b, pour_state *st, const pb_style *box)
{
    if (box == st->box)
        return;
    close_box(b, st);
    if (box) {
        st->box = box;
        st->box_y0 = st->y;
    }
}

/* Move to the next column; false when the page is full. */
static bool next_column(const builder *b, pour_state *st)
{
    const pb_style *box = st->box;
    close_box(b, st);
    if (++st->c >= b->cols)
        return false;
    st->y = st->top[st->c];
    st->fresh = true;
    if (box) { /* a note continues: its box opens with a line of padding */
        track_box(b, st, box);
        st->y += b->t->baseline;
    }
    return true;
}

/* What a line needs below it in its column. A line that cannot take what it
 * keeps with it (a head its two lines, a first line its second: CLR-40, 43)
 * goes on to a column that can. A chain of keeps taller than a whole empty
 * column (long credits, a run of heads) cannot be honoured: like TeX's
 * \vsplit it is broken where a column ends, each of its lines keeping only
 * what is its own, so the column fills and no head ends it alone. The
 * column is the page's whole one, not where balancing tries to end it: a
 * shorter page must not buy its shortness with a broken keep. */
static pb_len line_need(const builder *b, const pour_state *st, const pb_vitem *v)
{
    pb_len column = bottom(b) - b->pages.v[b->pages.n - 1].body_top;
    if (v->h + v->keep <= column && !st->chain)
        return v->h + v->keep;
    return v->h + v->keep_own <= column ? v->h + v->keep_own : v->h;
}

static bool pour_line(const builder *b, pour_state *st, const pb_vitem *v, int i)
{
    pb_len need = line_need(b, st, v);
    bool hopeless = need < v->h + v->keep;
    if (hopeless && !st->chain)
        st->chain_start = i;
    bool left = false;
    for (;;) { /* a column may be all figure: go on until one has room */
        int c = st->c;
        if (st->mid1[c] && st->y < st->mid1[c] && st->y + need > st->mid0[c]) {
            st->y = st->mid1[c]; /* on below the photo across the column */
            continue;
        }
        if (st->y + need <= st->bot[c])
            break;
        if (st->chain && !left)
            PB_PUSH(st->broken, st->chain_start);
        left = true;
        if (!next_column(b, st))
            return false;
    }
    st->chain = (hopeless || st->chain) && v->keep > 0;
    track_box(b, st, v->box);
    pb_len inset = v->box ? (b->colw - v->para->lines[v->line].measure) / 2 : 0;
    PB_PUSH(st->els, line_el(b, v->para, v->line, col_x(b, st->c) + inset, st->y, st->c, st->c,
                             v->what));
    st->y += v->h;
    st->fresh = false;
    return true;
}

/* Note the figure at item i as met in the pour, to be planned. More figures
 * than the page's free column length could hold cannot all go on it: from
 * the one beyond (never the first) on, every figure the pour meets waits for
 * the next page unplanned, and runs of them are stepped over whole, so a run
 * of thousands costs a page's worth of planning per page, not the run's.
 * Returns the item the pour goes on from. */
static int meet_figure(const builder *b, pour_state *st, int i, pb_len room)
{
    int fi = b->vl.v[i].fig;
    if (st->over)
        return b->next_text[i] - 1;
    if (b->planned[fi] || b->done[fi] || b->deferred[fi])
        return i;
    const pb_figure *f = &b->vl.figs[fi];
    pb_len h = f->h * f->span;
    if (st->found.n > 0 && st->found_h + h > room) {
        st->over = true;
        return b->next_text[i] - 1;
    }
    st->found_h += h;
    PB_PUSH(st->found, fi);
    PB_PUSH(st->found_col, st->c);
    PB_PUSH(st->found_y, st->y);
    return i;
}

/* Pour the vertical list from start into the page's columns, with the plan's
 * figures already in place and every column ending at limit at the latest. */
static void pour(const builder *b, pour_state *st, int start)
{
    st->c = 0;
    st->y = st->top[0];
    st->fresh = true;
    st->end = b->vl.n;
    pb_len room = 0; /* column length left free by the plan's figures */
    for (int c = 0; c < b->cols; c++)
        room += st->bot[c] - st->top[c] - (st->mid1[c] - st->mid0[c]);
    for (int i = start; i < b->vl.n; i++) {
        const pb_vitem *v = &b->vl.v[i];
        if (v->k == PB_V_FIGURE) {
            i = meet_figure(b, st, i, room);
            continue;
        }
        if (v->k == PB_V_SPACE) {
            if (st->fresh && !v->box)
                continue; /* space before a block is dropped at a column's top */
            track_box(b, st, v->box);
            int c = st->c;
            if (st->mid1[c] && st->y < st->mid1[c] && st->y + v->h > st->mid0[c]) {
                st->y = st->mid1[c]; /* the space is the photo's */
                continue;
            }
            if (st->y + v->h > st->bot[st->c]) {
                if (!next_column(b, st)) {
                    st->end = i + 1;
                    return;
                }
            } else {
                st->y += v->h;
            }
            continue;
        }
        if (!pour_line(b, st, v, i)) {
            st->end = i;
            return;
        }
    }
    close_box(b, st);
}

/* After a pour: every photo across the middle of columns has their text
 * right above it (within a line), or starts at their top; one the text no
 * longer reaches (a shorter page, fewer lines) would float in an empty
 * column. */
static bool mids_held(const builder *b, const pour_state *st)
{
    pb_len above[64] = {0};
    for (size_t i = 0; i < st->els.n; i++) {
        const pb_el *e = &st->els.v[i];
        pb_len end = e->y + e->h / 2; /* a line's slot ends about here */
        for (int c = e->col0; c >= 0 && c <= e->col1 && c < 64; c++)
            if (st->mid1[c] && e->y < st->mid0[c] && end > above[c])
                above[c] = end;
    }
    for (int c = 0; c < b->t->columns; c++)
        if (st->mid1[c] && st->mid0[c] > st->top[c] &&
            st->mid0[c] - above[c] > 2 * b->t->baseline)
            return false;
    return true;
}

/* One round: a fresh page with the plan, poured from start; columns from
 * `shorter` on end one grid line above limit (shorter < 0: the columns
 * before -shorter). */
static bool round_cut(const builder *b, pour_state *st, int start, const plan_vec *plan,
                      pb_len limit, int shorter)
{
    pour_free(st);
    pb_len top = b->pages.v[b->pages.n - 1].body_top;
    for (int c = 0; c < b->t->columns; c++) {
        st->top[c] = top;
        bool lift = shorter < 0 ? c < -shorter : c >= shorter;
        st->bot[c] = lift ? limit - b->t->baseline : limit;
        st->fig_bot[c] = bottom(b);
    }
    if (!place_plan(b, st, plan->v, plan->n))
        return false;
    for (size_t i = 0; i < plan->n; i++)
        b->planned[plan->v[i].fig] = true;
    pour(b, st, start);
    for (size_t i = 0; i < plan->n; i++)
        b->planned[plan->v[i].fig] = false;
    return mids_held(b, st);
}

static bool round_of(const builder *b, pour_state *st, int start, const plan_vec *plan,
                     pb_len limit)
{
    return round_cut(b, st, start, plan, limit, b->cols);
}

/* How many columns figure fi would share with the photos placed so far on
 * the page, set in columns c0.. */
static int stacked_at(const builder *b, const pour_state *st, int fi, int c0)
{
    int n = 0, span = b->vl.figs[fi].span;
    for (size_t i = 0; i < st->figs.n; i++) {
        const pb_figure *g = &b->vl.figs[st->figs.v[i].fig];
        int a0 = st->figs.v[i].c0, a1 = a0 + g->span - 1;
        for (int k = c0; g->photo >= 0 && k < c0 + span; k++)
            n += k >= a0 && k <= a1;
    }
    return n;
}

/* The column length figure fi would leave empty above it at the top of
 * columns c0.., in grid lines: its columns whose tops are higher than its
 * own top. */
static long waste_at(const builder *b, const pour_state *st, int fi, int c0)
{
    pb_len y = 0, waste = 0;
    for (int k = c0; k < c0 + b->vl.figs[fi].span; k++)
        y = st->top[k] > y ? st->top[k] : y;
    for (int k = c0; k < c0 + b->vl.figs[fi].span; k++)
        waste += y - st->top[k];
    return waste / b->t->baseline;
}

/* Whether a photo already stands at the foot of one of columns c0.. */
static bool foot_taken(const builder *b, const pour_state *st, int fi, int c0)
{
    for (int k = c0; k < c0 + b->vl.figs[fi].span; k++)
        if (st->fig_bot[k] < bottom(b))
            return true;
    return false;
}

/* Columns for figure fi, best first: where it sits level with the text
 * around it (no column's top left empty above it), then (for a figure carried
 * from an earlier page, whose anchor is behind) where it sits highest, then
 * nearest its anchor.
 * Off the page's last one, only the anchor's column and its neighbours. */
static int candidates(const builder *b, const pour_state *st, int fi, int anchor, bool anywhere,
                      bool high, int *out)
{
    const pb_figure *f = &b->vl.figs[fi];
    int last = b->cols - f->span, n = 0;
    long score[64];
    for (int c0 = 0; c0 <= last; c0++) {
        int dist = abs(c0 - (anchor > last ? last : anchor));
        if (!anywhere && dist > 1)
            continue;
        pb_len y = 0;
        for (int k = c0; k < c0 + f->span; k++)
            y = st->top[k] > y ? st->top[k] : y;
        /* on a page of five columns or more, photos spread over its columns
         * rather than stacked in the same ones: each column it shares with a
         * photo above counts (on fewer columns two photos in one column are
         * how such a page is made); and a photo stands flush with the left
         * or right edge of its columns, so the next one finds a whole set of
         * columns beside it */
        bool wide = b->t->columns >= 5;
        int stacked = wide ? stacked_at(b, st, fi, c0) : 0;
        int loose = wide && c0 != 0 && c0 + f->span != b->cols;
        /* lines left empty first, then how low it would sit, then stacking,
         * then distance */
        long low = (y - b->pages.v[b->pages.n - 1].body_top) / b->t->baseline;
        score[n] = 1000L * waste_at(b, st, fi, c0) + (high ? 20L * low : 0) +
                   (long)STACKED * stacked + 10L * dist + (long)LOOSE * loose;
        out[n++] = c0;
    }
    for (int i = 1; i < n; i++) /* insertion sort, stable: ties keep column order */
        for (int j = i; j > 0 && score[j] < score[j - 1]; j--) {
            long ts = score[j];
            score[j] = score[j - 1], score[j - 1] = ts;
            int tc = out[j];
            out[j] = out[j - 1], out[j - 1] = tc;
        }
    return n;
}

static bool try_item(const builder *b, plan_vec *plan, plan_item it, int start, pour_state *st)
{
    PB_PUSH(*plan, it);
    if (round_of(b, st, start, plan, bottom(b)))
        return true;
    plan->n--;
    return false;
}

/* Add figure fi to the plan at the best place where a round with it works:
 * the top of the best columns. On a page of five columns or more a photo is
 * not put right under another one, nor below an empty stretch of column,
 * while there is another way: first the top of columns where it is
 * neither; then across the middle of the columns right under its paragraph
 * (anchor_y, the grid line after it in the anchor's column; < 0: not
 * known), so it stays on the page of its text and beside the photos above;
 * then the foot of the leftmost columns with no photo at their foot yet, so
 * the photos keep their order; the other places at the top last. On a page
 * of fewer columns, the top of the best columns, then across the middle.
 * On the page where the article ends a photo goes across the middle only in
 * the upper half of a wide page: there the columns are to end level
 * (CLR-44), and a photo the text must reach holds them down. */
static bool plan_figure(const builder *b, plan_vec *plan, int fi, int anchor_col,
                        pb_len anchor_y, int start, bool anywhere, pour_state *st)
{
    const pb_figure *f = &b->vl.figs[fi];
    int cands[64];
    bool good[64];
    round_of(b, st, start, plan, bottom(b));
    bool spread = b->spread;
    int n = candidates(b, st, fi, anchor_col, anywhere || spread, spread || b->anchor[fi] < start,
                       cands);
    bool wide = b->t->columns >= 5;
    for (int i = 0; i < n; i++)
        good[i] = !wide || (!stacked_at(b, st, fi, cands[i]) && !waste_at(b, st, fi, cands[i]));
    bool bottom_place = f->place == PB_PLACE_BOTTOM;
    for (int i = 0; i < n; i++)
        if (good[i] && try_item(b, plan, (plan_item){fi, cands[i], bottom_place, 0}, start, st))
            return true;
    bool free_place = f->place == PB_PLACE_AUTO && !spread && !f->note;
    pb_len top = b->pages.v[b->pages.n - 1].body_top;
    bool upper = wide && !b->plain && anchor_y - top < (bottom(b) - top) / 2;
    bool mid = anchor_y > 0 && free_place && (!anywhere || upper);
    for (int c0 = anchor_col; mid && c0 > anchor_col - f->span && c0 >= 0; c0--) {
        pb_len end;
        round_of(b, st, start, plan, bottom(b));
        if (mid_slot(b, st, fi, c0, anchor_y, &end) &&
            try_item(b, plan, (plan_item){fi, c0, false, anchor_y}, start, st))
            return true;
    }
    for (int c0 = 0; wide && free_place && !(anywhere && b->plain) && c0 + f->span <= b->cols;
         c0++) {
        bool near = anywhere || abs(c0 - anchor_col) <= 1;
        round_of(b, st, start, plan, bottom(b));
        if (near && !foot_taken(b, st, fi, c0) &&
            try_item(b, plan, (plan_item){fi, c0, true, 0}, start, st))
            return true;
    }
    for (int i = 0; i < n; i++)
        if (!good[i] && try_item(b, plan, (plan_item){fi, cands[i], bottom_place, 0}, start, st))
            return true;
    return false;
}

/* ---- making a page ---------------------------------------------------------- */

/* How far apart the bottoms of the columns' contents are, after a round. A
 * photo at the foot of columns ends them where a line in its last grid line
 * would. */
static pb_len spread(const builder *b, const pour_state *st)
{
    pb_len low[64] = {0}, lo = 0, hi = 0, g = b->t->baseline;
    for (size_t i = 0; i < st->els.n; i++) {
        const pb_el *e = &st->els.v[i];
        pb_len end = e->kind == PB_EL_LINE ? e->y : e->y + e->h;
        for (int c = e->col0; c >= 0 && c <= e->col1; c++)
            low[c] = end > low[c] ? end : low[c];
    }
    for (size_t i = 0; i < st->figs.n; i++) {
        const placed_fig *pf = &st->figs.v[i];
        const pb_figure *f = &b->vl.figs[pf->fig];
        if (st->fig_bot[pf->c0] != pf->y - b->t->figure_gap)
            continue; /* not at the foot */
        pb_len end = baseline_in(pf->y + f->h - b->t->figure_gap - g, g,
                                 b->t->styles[PB_ROLE_BODY].size);
        for (int c = pf->c0; c < pf->c0 + f->span && c < 64; c++)
            low[c] = end > low[c] ? end : low[c];
    }
    bool first = true;
    for (int c = 0; c < b->cols; c++) {
        if (!low[c])
            continue;
        lo = first || low[c] < lo ? low[c] : lo;
        hi = first || low[c] > hi ? low[c] : hi;
        first = false;
    }
    return hi - lo;
}

/* The shortest column bottom, in whole grid lines, at which the rest of the
 * article still fits on this page; then the columns from some column on end a
 * line higher, where that makes them end more level (CLR-44). */
static pb_len balance(const builder *b, pour_state *st, int start, const plan_vec *plan)
{
    pb_len g = b->t->baseline, top = b->pages.v[b->pages.n - 1].body_top;
    int lo = 1, full = (int)((bottom(b) - top) / g), hi = full;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (round_of(b, st, start, plan, top + mid * g) && st->end == b->vl.n)
            hi = mid;
        else
            lo = mid + 1;
    }
    if (hi == full) {
        /* the page is full: the first columns may still end a line higher,
         * their last lines going on, where that makes the columns end more
         * level (the text ran out in the last) */
        round_of(b, st, start, plan, bottom(b));
        pb_len best = spread(b, st);
        int best_k = 0;
        for (int k = 1; k < b->cols && best > g; k++)
            if (round_cut(b, st, start, plan, bottom(b), -k) && st->end == b->vl.n &&
                spread(b, st) < best) {
                best = spread(b, st);
                best_k = k;
            }
        round_cut(b, st, start, plan, bottom(b), best_k ? -best_k : b->cols);
        return bottom(b);
    }
    /* then, at that bottom or a line or two lower, the columns from some
     * column on (or before it) end a line higher: the choice whose columns
     * end most level */
    int best_l = hi, best_k = b->cols;
    pb_len best = -1;
    for (int l = hi; l <= hi + 2 && l <= full; l++)
        for (int k = b->cols; k > -b->cols; k--) {
            if (k == 0)
                continue;
            if (round_cut(b, st, start, plan, top + l * g, k) && st->end == b->vl.n &&
                (best < 0 || spread(b, st) < best)) {
                best = spread(b, st);
                best_l = l, best_k = k;
            }
        }
    pb_len limit = top + best_l * g;
    round_cut(b, st, start, plan, limit, best_k);
    return limit;
}

static void new_page(builder *b, pb_len body_top)
{
    pagebuf pg = {.body_top = body_top, .rule_bottom = bottom(b), .cols = b->t->columns};
    PB_PUSH(b->pages, pg);
}

/* Mark figure fi to wait for the next page; touched lists what to unmark
 * when the page is done. */
static void defer(const builder *b, int_vec *touched, int fi)
{
    if (!b->deferred[fi])
        PB_PUSH(*touched, fi);
    b->deferred[fi] = true;
}

/* A figure whose text the page's other figures pushed on to the next page
 * goes with it (the order of figures follows the text): it leaves the plan
 * and waits for the next page. Not on the page where the article ends, so no
 * figure lands after the text. Returns whether the plan changed. */
static bool push_out(const builder *b, plan_vec *plan, int start, pour_state *st,
                     int_vec *touched)
{
    if (st->end >= b->vl.n)
        return false;
    size_t kept = 0;
    for (size_t i = 0; i < plan->n; i++) {
        int fi = plan->v[i].fig, at = b->anchor[fi];
        if (at >= start && at >= st->end && b->vl.figs[fi].place != PB_PLACE_HERO)
            defer(b, touched, fi);
        else
            plan->v[kept++] = plan->v[i];
    }
    if (kept == plan->n)
        return false;
    plan->n = kept;
    round_of(b, st, start, plan, bottom(b));
    return true;
}

/* A figure (or a note) that no page can hold is left out, with a warning. */
static void warn_left_out(const builder *b, int fi)
{
    const pb_figure *f = &b->vl.figs[fi];
    if (f->note)
        pb_warn(b->s->d, b->doc->path, f->b->line,
                "the editor's note does not fit on a page and is left out");
    else
        pb_warn(b->s->d, f->b->path, 0, "the figure does not fit on a page and is left out");
}

/* Plan the figures waiting from earlier pages, in the order of the text,
 * until one does not fit: the figures after it wait with it, so none jumps
 * ahead of its predecessor and a queue of thousands costs a page's worth of
 * tries per page. Returns whether none is left waiting. */
static bool plan_carried(builder *b, plan_vec *plan, int start, pour_state *st)
{
    for (; b->chead < b->carried.n; b->chead++) {
        int fi = b->carried.v[b->chead];
        if (plan_figure(b, plan, fi, 0, -1, start, true, st))
            continue;
        if (plan->n > 0)
            break;
        /* not even on an empty page: it would hold up every figure after it */
        warn_left_out(b, fi);
    }
    return b->chead == b->carried.n;
}

/* What this page met but could not take (deferred, or beyond what the page
 * holds) waits for the next, in the order of the text. */
static void carry_on(builder *b, const pour_state *st, int start)
{
    for (int i = start; i < st->end; i++) {
        const pb_vitem *v = &b->vl.v[i];
        if (v->k != PB_V_FIGURE)
            continue;
        int ph = b->vl.figs[v->fig].photo;
        if (ph >= 0 && b->anchor_page[ph] < 0)
            b->anchor_page[ph] = (int)b->pages.n - 1;
        if (!b->done[v->fig])
            PB_PUSH(b->carried, v->fig);
    }
}

/* Plan the figures the pour met, round after round, until the plan holds. */
static void plan_found(const builder *b, plan_vec *plan, int start, pour_state *st,
                       int_vec *touched)
{
    for (int r = 0; r < MAX_ROUNDS; r++) {
        int_vec found = {0}, cols = {0};
        PB_VEC(pb_len) ys = {0};
        for (size_t i = 0; i < st->found.n; i++)
            if (!b->deferred[st->found.v[i]]) {
                PB_PUSH(found, st->found.v[i]);
                PB_PUSH(cols, st->found_col.v[i]);
                PB_PUSH(ys, st->found_y.v[i]);
            }
        bool ends_here = st->end == b->vl.n;
        for (size_t i = 0; i < found.n; i++)
            if (!plan_figure(b, plan, found.v[i], cols.v[i], ys.v[i], start, ends_here, st))
                defer(b, touched, found.v[i]);
        round_of(b, st, start, plan, bottom(b));
        bool more = found.n > 0 || push_out(b, plan, start, st, touched);
        free(found.v);
        free(ys.v);
        free(cols.v);
        if (!more)
            break;
    }
}

/* Each chain of keeps broken at a column's end, once, at its first line. */
static void warn_broken(builder *b, const pour_state *st)
{
    for (size_t i = 0; i < st->broken.n; i++) {
        int at = st->broken.v[i];
        if (at <= b->warned)
            continue;
        b->warned = at;
        const pb_vitem *v = &b->vl.v[at];
        pb_warn(b->s->d, b->doc->path, v->src_line,
                "%s lines to be kept together are taller than a column: broken where a column "
                "ends",
                v->src_line ? v->what : "the credits'");
    }
}

/* An editor's note before the body text (the usual one, right after the
 * headline) goes under the headline (and the hero) from the first column,
 * the text flowing beside and under it; one that does not fit there is
 * left to be placed where its anchor falls, like any figure. */
static void plan_leading_notes(const builder *b, plan_vec *plan, int start, pour_state *st)
{
    for (int i = start; i < b->vl.n && b->vl.v[i].k != PB_V_LINE; i++) {
        const pb_vitem *v = &b->vl.v[i];
        if (v->k != PB_V_FIGURE || !b->vl.figs[v->fig].note)
            continue;
        PB_PUSH(*plan, ((plan_item){v->fig, 0, false, 0}));
        if (!round_of(b, st, start, plan, bottom(b)))
            plan->n--;
    }
}

/* A page's figure plan, the pour it makes and the figures it sent on to
 * wait for the next page. */
typedef struct {
    pour_state st;
    plan_vec plan;
    int_vec touched;
} page_plan;

static void page_plan_free(page_plan *pp)
{
    pour_free(&pp->st);
    free(pp->plan.v);
    free(pp->touched.v);
    *pp = (page_plan){0};
}

/* Plan the figures the pour from start meets, after those already in the
 * plan. */
static void plan_page(builder *b, int start, page_plan *pp)
{
    round_of(b, &pp->st, start, &pp->plan, bottom(b));
    plan_found(b, &pp->plan, start, &pp->st, &pp->touched);
}

/* The page where the article ends planned again into alt, in b->cols
 * columns and with b->plain as set: from the same figures carried from
 * earlier pages (the first `settled` of cur's plan), the others planned
 * afresh. True when the article still ends on the page with no figure
 * sent on. */
static bool replan(builder *b, int start, size_t settled, const page_plan *cur, page_plan *alt)
{
    for (size_t i = 0; i < settled; i++)
        PB_PUSH(alt->plan, cur->plan.v[i]);
    for (size_t i = 0; i < cur->touched.n; i++)
        b->deferred[cur->touched.v[i]] = false;
    plan_page(b, start, alt);
    for (size_t i = 0; i < alt->touched.n; i++)
        b->deferred[alt->touched.v[i]] = false;
    for (size_t i = 0; i < cur->touched.n; i++)
        b->deferred[cur->touched.v[i]] = true;
    return alt->st.end == b->vl.n && alt->touched.n == 0 && !alt->st.over;
}

static void adopt(page_plan *cur, page_plan *alt)
{
    page_plan t = *cur;
    *cur = *alt, *alt = t;
}

/* Whether the plan from item `from` on puts a photo across the middle or
 * at the foot of columns on its own judgement (not place=bottom). */
static bool plan_free(const builder *b, const plan_vec *plan, size_t from)
{
    for (size_t i = from; i < plan->n; i++)
        if (plan->v[i].mid > 0 ||
            (plan->v[i].bottom && b->vl.figs[plan->v[i].fig].place != PB_PLACE_BOTTOM))
            return true;
    return false;
}

/* The page where the article ends. A longer article's last page is set in
 * its first b->last_cols columns, the rest of the page left free, when the
 * rest of the article and its photos fit there (fit.c asks for it when the
 * page would be a shallow strip across every column). It is balanced
 * (CLR-44); then, on a wide page whose photos across the middle or at the
 * foot of columns keep the columns from ending within two lines of each
 * other, it is planned again with photos only at the top, and the more
 * level kept. b->cols is left as the page's. */
static pb_len end_page(builder *b, int start, size_t settled, page_plan *cur)
{
    page_plan alt = {0};
    bool first_page = b->pages.n == 1;
    if (!first_page && b->last_cols > 0 && b->last_cols < b->t->columns) {
        b->cols = b->last_cols;
        if (replan(b, start, settled, cur, &alt))
            adopt(cur, &alt);
        else
            b->cols = b->t->columns;
        page_plan_free(&alt);
    }
    pb_len limit = balance(b, &cur->st, start, &cur->plan);
    if (b->t->columns < 5 || spread(b, &cur->st) <= 2 * b->t->baseline ||
        !plan_free(b, &cur->plan, settled))
        return limit;
    b->plain = true;
    bool ok = replan(b, start, settled, cur, &alt);
    b->plain = false;
    if (ok) {
        pb_len limit2 = balance(b, &alt.st, start, &alt.plan);
        if (spread(b, &alt.st) < spread(b, &cur->st)) {
            adopt(cur, &alt);
            limit = limit2;
        }
    }
    page_plan_free(&alt);
    return limit;
}

/* Make the page that starts at vertical-list item start, taking the figures
 * waiting from earlier pages first and leaving those it cannot take waiting.
 * Returns where the next page starts. */
static int make_page(builder *b, int start)
{
    page_plan pp = {0};
    bool first_page = b->pages.n == 1;
    for (int i = 0; first_page && i < b->vl.nfigs; i++) /* the hero under the headline */
        if (b->vl.figs[i].place == PB_PLACE_HERO)
            PB_PUSH(pp.plan, ((plan_item){i, 0, false, 0}));
    if (first_page)
        plan_leading_notes(b, &pp.plan, start, &pp.st);
    bool none_waiting = plan_carried(b, &pp.plan, start, &pp.st);
    size_t settled = pp.plan.n;
    plan_page(b, start, &pp);
    pagebuf *pg = &b->pages.v[b->pages.n - 1];
    if (pp.st.end == b->vl.n && none_waiting)
        pg->rule_bottom = end_page(b, start, settled, &pp);
    pg->cols = b->cols;
    b->cols = b->t->columns;
    for (size_t i = 0; i < pp.plan.n; i++) {
        b->done[pp.plan.v[i].fig] = true;
        int ph = b->vl.figs[pp.plan.v[i].fig].photo;
        if (ph >= 0)
            b->fig_page[ph] = (int)b->pages.n - 1;
    }
    warn_broken(b, &pp.st);
    carry_on(b, &pp.st, start);
    for (size_t i = 0; i < pp.touched.n; i++)
        b->deferred[pp.touched.v[i]] = false;
    for (size_t i = 0; i < pp.st.figs.n; i++)
        emit_figure(b, pg, &pp.st.figs.v[i]);
    for (size_t i = 0; i < pp.st.els.n; i++)
        PB_PUSH(pg->els, pp.st.els.v[i]);
    int end = pp.st.end;
    page_plan_free(&pp);
    return end;
}

static void emit(builder *b, pb_el el) { PB_PUSH(b->pages.v[b->pages.n - 1].els, el); }

/* ---- headline group and furniture ---------------------------------------- */

static pb_len headline_line(builder *b, const char *text, pb_role role, pb_len y)
{
    if (!text || !*text)
        return y;
    const pb_style *s = &b->t->styles[role];
    pb_para **ps;
    int n = pb_setter_headline(b->s, text, s, b->aw, &ps);
    const char *what = role == PB_ROLE_TITLE      ? "title"
                       : role == PB_ROLE_KICKER   ? "kicker"
                       : role == PB_ROLE_SUBTITLE ? "subtitle"
                                                  : "meta";
    y += s->space_before;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < ps[k]->nlines; i++, y += s->leading)
            emit(b, line_el(b, ps[k], i, b->ax, y, 0, b->t->columns - 1, what));
    return y + s->space_after;
}

/* The byline, date and source on one row across the whole width: byline at
 * the left, date in the middle (as the layout's date_format prints it, like
 * the running head's), source at the right. */
static pb_len meta_row(builder *b, pb_len y)
{
    const pb_meta *m = &b->doc->meta;
    const pb_style *ms = &b->t->styles[PB_ROLE_META];
    char *src = m->source && *m->source && !strstr(m->source, "来源")
                    ? pb_strdupf("来源：%s", m->source)
                    : m->source ? pb_xstrdup(m->source) : NULL;
    char *date = pb_date_text(m->date, pb_template_date_format(b->t, m->lang), m->lang);
    const char *slots[] = {m->byline, date, src};
    bool any = false;
    for (int i = 0; i < 3; i++)
        any = any || (slots[i] && *slots[i]);
    if (any) {
        if (ms->rule_above > 0) {
            y += ms->rule_above;
            emit(b, (pb_el){.kind = PB_EL_RULE, .col0 = -1, .col1 = -1, .x = b->ax, .y = y,
                            .w = b->aw, .stroke = ms->rule_color,
                            .stroke_width = ms->rule_above, .what = "rule"});
        }
        y += ms->space_before;
        for (int i = 0; i < 3; i++) {
            if (!slots[i] || !*slots[i])
                continue;
            pb_style *s = PB_NEW(b->s->a, pb_style);
            *s = *ms;
            s->align = i == 0 ? PB_ALIGN_LEFT : i == 1 ? PB_ALIGN_CENTER : PB_ALIGN_RIGHT;
            pb_para *p = pb_setter_string(b->s, slots[i], s, b->aw);
            if (p->nlines > 0)
                emit(b, line_el(b, p, 0, b->ax, y, 0, b->t->columns - 1, "meta"));
        }
        y += ms->leading + ms->space_after;
    }
    free(src);
    free(date);
    return y;
}

static void place_headline(builder *b)
{
    const pb_meta *m = &b->doc->meta;
    pb_len y = b->ay;
    y = headline_line(b, m->kicker_lines ? m->kicker_lines : m->kicker, PB_ROLE_KICKER, y);
    y = headline_line(b, m->title_lines ? m->title_lines : m->title, PB_ROLE_TITLE, y);
    y = headline_line(b, m->subtitle_lines ? m->subtitle_lines : m->subtitle, PB_ROLE_SUBTITLE, y);
    y = meta_row(b, y);
    if (y == b->ay)
        return;
    if (b->t->headline_rule > 0) {
        emit(b, (pb_el){.kind = PB_EL_RULE, .col0 = -1, .col1 = -1, .x = b->ax, .y = y,
                        .w = b->aw, .stroke_width = b->t->headline_rule, .what = "rule"});
    }
    b->pages.v[0].body_top = b->ay + pb_grid_up(b->t, y - b->ay + b->t->headline_space_after);
}

static void furniture(builder *b, pagebuf *pg, const pb_furniture *f, int page, bool head)
{
    if (!f->enabled || (page == 1 && !f->first_page))
        return;
    const char *slots[] = {f->left, f->center, f->right};
    const pb_style *base = &b->t->styles[PB_ROLE_HEADER];
    /* a module's page keeps its furniture across the whole type area */
    pb_len aw = b->t->full_width > 0 ? b->t->full_width : b->aw;
    pb_len baseline = head ? b->ay - f->offset : bottom(b) + f->offset;
    for (int i = 0; i < 3; i++) {
        if (!slots[i] || !*slots[i])
            continue;
        pb_style *s = PB_NEW(b->s->a, pb_style);
        *s = *base;
        s->align = i == 0 ? PB_ALIGN_LEFT : i == 1 ? PB_ALIGN_CENTER : PB_ALIGN_RIGHT;
        pb_placeholder_ctx ctx = {b->doc, b->t->name, page, (int)b->pages.n,
                                  pb_template_date_format(b->t, b->doc->meta.lang)};
        char *txt = pb_placeholder_fill(slots[i], &ctx);
        pb_para *p = pb_setter_string(b->s, txt, s, aw);
        free(txt);
        if (p->nlines > 0)
            PB_PUSH(pg->els, ((pb_el){.kind = PB_EL_LINE, .col0 = -1, .col1 = -1, .x = b->ax,
                                      .y = baseline, .w = aw, .h = s->leading,
                                      .what = head ? "header" : "footer", .para = p}));
    }
    if (f->rule > 0) {
        pb_len ry = head ? baseline + base->size / 3 : baseline - base->size - base->size / 3;
        PB_PUSH(pg->els, ((pb_el){.kind = PB_EL_RULE, .col0 = -1, .col1 = -1, .x = b->ax,
                                  .y = ry, .w = aw, .stroke_width = f->rule, .what = "rule"}));
    }
}

static void rule_segment(builder *b, pagebuf *pg, pb_len x, pb_len y0, pb_len y1)
{
    if (y1 - y0 < b->t->baseline)
        return;
    PB_PUSH(pg->els, ((pb_el){.kind = PB_EL_RULE, .col0 = -1, .col1 = -1, .x = x, .y = y0,
                              .h = y1 - y0, .stroke = b->t->column_rule_color,
                              .stroke_width = b->t->column_rule, .what = "column-rule"}));
}

/* Rules between columns, interrupted where a figure spans the gutter. The
 * spans are in placement order, which on one page is top to bottom per
 * gutter. */
static void column_rules(builder *b, pagebuf *pg)
{
    if (b->t->column_rule <= 0)
        return;
    for (int c = 1; c < pg->cols; c++) {
        pb_len x = col_x(b, c) - b->t->gutter / 2, y = pg->body_top;
        for (size_t i = 0; i < pg->spans.n; i++) {
            const span_rect *r = &pg->spans.v[i];
            if (r->c0 >= c || r->c1 < c || r->y1 <= y)
                continue;
            rule_segment(b, pg, x, y, r->y0);
            y = r->y1;
        }
        rule_segment(b, pg, x, y, pg->rule_bottom);
    }
}

static const char *pango_lang(const char *lang)
{
    if (!lang || !strcmp(lang, "zh-Hans"))
        return "zh-cn";
    if (!strcmp(lang, "zh-Hant"))
        return "zh-tw";
    return lang;
}

static void make_pages(builder *b)
{
    int start = 0;
    if (!pb_template_is_board(b->t)) /* a board's headline is in its title band */
        place_headline(b);
    while (start < b->vl.n || b->chead < b->carried.n) {
        size_t pages = b->pages.n;
        int next = make_page(b, start);
        bool waiting = b->chead < b->carried.n;
        if (next == start && waiting && b->pages.v[pages - 1].els.n == 0) {
            for (size_t i = b->chead; i < b->carried.n; i++) /* a figure no page can hold */
                warn_left_out(b, b->carried.v[i]);
            break;
        }
        start = next;
        if ((start < b->vl.n || waiting) && (int)b->pages.n >= pb_limit_pages()) {
            pb_error(b->s->d, b->doc->path, 0,
                     "the article needs more than %d pages, the limit (set PAIBAN_MAX_PAGES to "
                     "raise it)",
                     pb_limit_pages());
            break;
        }
        if (start < b->vl.n || waiting)
            new_page(b, b->ay);
    }
}

int pb_layout_missing_images(const pb_layout *l)
{
    int n = 0;
    for (int p = 0; p < l->npages; p++)
        for (int i = 0; i < l->pages[p].nels; i++)
            n += l->pages[p].els[i].kind == PB_EL_PLACEHOLDER;
    return n;
}

pb_layout *pb_pagebuild(const pb_doc *doc, const pb_template *t, pb_fonts *fonts,
                        const pb_build_opts *o, pb_diags *d)
{
    pb_layout *L = pb_xcalloc(1, sizeof *L);
    L->arena = pb_arena_new();
    L->t = t;
    L->doc = doc;
    pb_setter s = {.fonts = fonts, .t = t, .lang = pango_lang(doc->meta.lang), .a = L->arena,
                   .d = d, .allow_outside = o && o->allow_outside, .doc_dir = doc->dir,
                   .path = doc->path, .figs = o ? o->figs : NULL, .nfigs = o ? o->nfigs : 0,
                   .space = o ? o->space : 0, .memo = o ? o->memo : NULL};
    s.set = pb_para_settings_from(&t->typo, s.lang);
    pb_fonts_set_language(fonts, s.lang);
    builder b = {.s = &s, .t = t, .doc = doc, .warned = -1, .cols = t->columns,
                 .last_cols = o ? o->last_cols : 0, .spread = o && o->spread_figures};
    b.ax = t->margin_left;
    b.ay = pb_template_area_top(t);
    b.aw = pb_template_area_width(t);
    b.ah = pb_template_area_height(t);
    b.colw = pb_template_column_width(t);
    pb_vlist_build(&s, doc, &b.vl);
    b.done = pb_xcalloc((size_t)b.vl.nfigs + 1, sizeof *b.done);
    b.anchor = pb_xcalloc((size_t)b.vl.nfigs + 1, sizeof *b.anchor);
    b.planned = pb_xcalloc((size_t)b.vl.nfigs + 1, sizeof *b.planned);
    b.deferred = pb_xcalloc((size_t)b.vl.nfigs + 1, sizeof *b.deferred);
    b.next_text = pb_xcalloc((size_t)b.vl.n + 1, sizeof *b.next_text);
    for (int i = 0; i < b.vl.nfigs; i++)
        L->nfigs += b.vl.figs[i].photo >= 0;
    b.fig_page = L->fig_page = PB_NEWN(L->arena, int, (size_t)L->nfigs + 1);
    b.anchor_page = L->anchor_page = PB_NEWN(L->arena, int, (size_t)L->nfigs + 1);
    L->fig_span = PB_NEWN(L->arena, int, (size_t)L->nfigs + 1);
    for (int i = 0; i < L->nfigs; i++)
        b.fig_page[i] = b.anchor_page[i] = -1;
    for (int i = 0; i < b.vl.nfigs; i++)
        if (b.vl.figs[i].photo >= 0)
            L->fig_span[b.vl.figs[i].photo] = b.vl.figs[i].span;
    b.next_text[b.vl.n] = b.vl.n;
    for (int i = b.vl.n; i-- > 0;)
        b.next_text[i] = b.vl.v[i].k == PB_V_FIGURE ? b.next_text[i + 1] : i;
    for (int i = 0; i < b.vl.n; i++)
        if (b.vl.v[i].k == PB_V_FIGURE)
            b.anchor[b.vl.v[i].fig] = i;
    new_page(&b, b.ay);
    make_pages(&b);
    L->npages = (int)b.pages.n;
    L->pages = PB_NEWN(L->arena, pb_page, L->npages);
    for (int i = 0; i < L->npages; i++) {
        pagebuf *pg = &b.pages.v[i];
        column_rules(&b, pg);
        if (!pb_template_is_board(t)) {
            furniture(&b, pg, &t->header, i + 1, true);
            furniture(&b, pg, &t->footer, i + 1, false);
        }
        L->pages[i].nels = (int)pg->els.n;
        L->pages[i].els = pb_arena_copy(L->arena, pg->els.v, pg->els.n, sizeof(pb_el));
        free(pg->els.v);
        free(pg->spans.v);
    }
    free(b.pages.v);
    free(b.done);
    free(b.anchor);
    free(b.planned);
    free(b.deferred);
    free(b.next_text);
    free(b.carried.v);
    return L;
}

void pb_layout_free(pb_layout *l)
{
    if (!l)
        return;
    for (int i = 0; i < l->nparts; i++)
        pb_layout_free(l->parts[i]);
    free(l->parts);
    for (int i = 0; i < l->nown_docs; i++)
        pb_doc_free(l->own_docs[i]);
    free(l->own_docs);
    free(l->own_t); /* a scaled copy: its strings belong to the template it copies */
    pb_arena_free(l->arena);
    pb_parmemo_free(l->memo);
    free(l);
}
