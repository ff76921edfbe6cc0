/* Page building: the document's blocks become a vertical list (lines, spaces,
 * figure anchors) that is poured into the template's columns, column after
 * column and page after page, the way SILE's page builder fills frames.
 *
 * - The headline group spans all columns at the top of page 1.
 * - Body lines sit on the baseline grid: every block that is not body text
 *   (heads, the note box, figures) is rounded up to whole grid lines, so the
 *   text after it returns to the grid and lines align across columns (CLR-7).
 * - A head is kept with the first two lines after it (CLR-43).
 * - A figure goes to the top of the next column that starts after its anchor
 *   (or the current one if nothing is in it yet), spanning its N columns;
 *   later text in those columns starts below it.
 * - Space before a block is dropped at the top of a column. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "../input/normalize.h"
#include "page.h"

typedef enum { V_LINE, V_SPACE, V_FIGURE } vkind;

typedef struct {
    vkind k;
    const pb_para *para; /* V_LINE */
    int line;
    pb_len h;            /* height taken in the column */
    pb_len keep;         /* height that must fit after it in the same column */
    const char *what;
    const pb_style *box; /* inside a note box: the note's style */
    int fig;             /* V_FIGURE: index into figs */
} vitem;

typedef struct {
    const pb_block *b;
    pb_image_info info;
    bool ok;
    int span;
    pb_len img_w, img_h; /* placed photo size */
    pb_len h;            /* photo + caption + gap, in whole grid lines */
    const pb_para *caption;
} figure;

typedef struct {
    int c0, c1;
    pb_len y0, y1;
} span_rect;

typedef struct {
    PB_VEC(pb_el) els;
    PB_VEC(span_rect) spans; /* figures across columns: no column rule there */
    pb_len top[64];          /* first free y of each column */
    pb_len body_top;
} pagebuf;

typedef struct {
    const pb_template *t;
    const pb_doc *doc;
    pb_fonts *fonts;
    pb_diags *d;
    pb_arena *a;
    const char *lang;
    pb_para_settings set;
    PB_VEC(vitem) v;
    PB_VEC(figure) figs;
    PB_VEC(pagebuf) pages;
    PB_VEC(int) pending;
    int c;              /* current column on the last page */
    pb_len y;           /* cursor in the current column */
    bool fresh;         /* no text yet in the current column */
    pb_len colw, ax, ay, aw, ah;
    /* the open note-box segment in the current column */
    const pb_style *box;
    pb_len box_y0;
} builder;

static pb_len col_x(const builder *b, int c) { return b->ax + c * (b->colw + b->t->gutter); }
static pb_len span_w(const builder *b, int n) { return n * b->colw + (n - 1) * b->t->gutter; }
static pb_len bottom(const builder *b) { return b->ay + b->ah; }
static pagebuf *cur_page(builder *b) { return &b->pages.v[b->pages.n - 1]; }

static pb_len grid_up(const builder *b, pb_len h)
{
    pb_len g = b->t->baseline;
    return (h + g - 1) / g * g;
}

static void emit(builder *b, pb_el el) { PB_PUSH(cur_page(b)->els, el); }

static pb_para *set_text(builder *b, const pb_text *text, const pb_style *s, pb_len measure,
                         bool indent)
{
    pb_text norm;
    if (b->t->typo.normalize) { /* DESIGN.md rule 7: pasted half-width marks */
        norm = pb_normalize_text(text, b->a);
        text = &norm;
    }
    return pb_para_set(b->fonts, text, s, b->lang, indent ? s->indent : 0, measure, &b->set,
                       b->a, b->d);
}

static pb_para *set_string(builder *b, const char *str, const pb_style *s, pb_len measure)
{
    pb_text t = {.s = (char *)str, .len = (int)strlen(str)};
    return set_text(b, &t, s, measure, false);
}

/* Baseline of a line in a slot of height h starting at top: the em box is
 * centred in the slot; Noto CJK's ideographic em box has 0.88 em above the
 * baseline. */
static pb_len baseline_in(pb_len top, pb_len h, pb_len size)
{
    return top + (h - size) / 2 + (pb_len)(0.88 * size);
}

static void emit_line(builder *b, const pb_para *p, int i, pb_len x, pb_len top, int c0, int c1,
                      const char *what)
{
    pb_len lead = p->style->leading;
    emit(b, (pb_el){.kind = PB_EL_LINE, .col0 = c0, .col1 = c1, .x = x,
                    .y = baseline_in(top, lead, p->style->size), .w = p->lines[i].measure,
                    .h = lead, .what = what, .para = p, .line = i});
}

/* ---- the vertical list -------------------------------------------------- */

static void push_lines(builder *b, const pb_para *p, const char *what, const pb_style *box,
                       pb_len last_extra)
{
    for (int i = 0; i < p->nlines; i++) {
        pb_len h = p->style->leading + (i == p->nlines - 1 ? last_extra : 0);
        PB_PUSH(b->v, ((vitem){.k = V_LINE, .para = p, .line = i, .h = h, .what = what,
                               .box = box}));
    }
}

static void push_space(builder *b, pb_len h, const pb_style *box)
{
    if (h > 0)
        PB_PUSH(b->v, ((vitem){.k = V_SPACE, .h = h, .box = box}));
}

static void add_para(builder *b, const pb_block *blk)
{
    const pb_style *s = &b->t->styles[PB_ROLE_BODY];
    pb_para *p = set_text(b, &blk->text, s, b->colw, true);
    push_space(b, s->space_before, NULL);
    push_lines(b, p, "body", NULL, 0);
    push_space(b, s->space_after, NULL);
}

static void add_head(builder *b, const pb_block *blk)
{
    const pb_style *s = &b->t->styles[PB_ROLE_HEAD];
    pb_para *p = set_text(b, &blk->text, s, b->colw, false);
    pb_len body = p->nlines * s->leading + s->space_after;
    push_space(b, grid_up(b, s->space_before), NULL);
    size_t first = b->v.n;
    push_lines(b, p, "head", NULL, grid_up(b, body) - p->nlines * s->leading);
    /* keep the head with two lines of what follows (CLR-43) */
    b->v.v[first].keep = grid_up(b, body) - s->leading + 2 * b->t->baseline;
    for (size_t i = first + 1; i < b->v.n; i++)
        b->v.v[i].keep = 2 * b->t->baseline;
}

static void add_note(builder *b, const pb_block *blk)
{
    const pb_style *s = &b->t->styles[PB_ROLE_NOTE];
    pb_len pad = s->box_padding;
    /* the measure inside the box is a whole number of characters (CLR-5);
     * what is left over goes into the padding on both sides */
    pb_len measure = (b->colw - 2 * pad) / s->size * s->size;
    pb_len inner = 0;
    PB_VEC(pb_para *) ps = {0};
    for (int i = 0; i < blk->nchildren; i++) {
        pb_para *p = set_text(b, &blk->children[i].text, s, measure, true);
        PB_PUSH(ps, p);
        inner += p->nlines * s->leading;
    }
    pb_len total = grid_up(b, inner + 2 * pad);
    push_space(b, grid_up(b, s->space_before), NULL);
    push_space(b, (total - inner) / 2, s);
    for (size_t i = 0; i < ps.n; i++)
        push_lines(b, ps.v[i], "note", s, 0);
    push_space(b, total - inner - (total - inner) / 2, s);
    push_space(b, grid_up(b, s->space_after), NULL);
    free(ps.v);
}

static void add_figure(builder *b, const pb_block *blk)
{
    const pb_template *t = b->t;
    figure f = {.b = blk};
    f.ok = pb_image_probe(blk->path, &f.info, b->d);
    f.span = blk->span > 0 ? blk->span : t->figure_span;
    if (blk->place == PB_PLACE_HERO || f.span > t->columns)
        f.span = t->columns;
    pb_len w = span_w(b, f.span);
    double aspect = f.ok ? (double)f.info.height / f.info.width : 0.6;
    pb_len maxh = (pb_len)(t->figure_max_height * b->ah);
    f.img_w = w;
    f.img_h = (pb_len)(w * aspect);
    if (f.img_h > maxh) {
        f.img_h = maxh;
        f.img_w = (pb_len)(maxh / aspect);
    }
    const pb_style *cs = &t->styles[PB_ROLE_CAPTION];
    pb_len cap = 0;
    if (blk->text.len > 0) {
        f.caption = set_text(b, &blk->text, cs, f.img_w, false);
        cap = t->figure_gap + f.caption->nlines * cs->leading;
    }
    f.h = grid_up(b, f.img_h + cap + t->figure_gap);
    PB_PUSH(b->figs, f);
    PB_PUSH(b->v, ((vitem){.k = V_FIGURE, .fig = (int)b->figs.n - 1}));
}

/* The closing credits: on one line when they fit the column, else one line
 * per credit, so that a name is never split across lines. */
static void add_credits(builder *b)
{
    const pb_meta *m = &b->doc->meta;
    if (m->ncredits == 0)
        return;
    const pb_style *st = &b->t->styles[PB_ROLE_CREDITS];
    push_space(b, grid_up(b, st->space_before > 0 ? st->space_before : b->t->baseline), NULL);
    pb_buf s = {0};
    for (int i = 0; i < m->ncredits; i++)
        pb_buf_addf(&s, "%s%s", i ? "　" : "", m->credits[i]);
    pb_para *p = set_string(b, s.s, st, b->colw);
    pb_buf_fini(&s);
    if (p->nlines == 1) {
        push_lines(b, p, "credits", NULL, 0);
        return;
    }
    size_t first = b->v.n;
    for (int i = 0; i < m->ncredits; i++)
        push_lines(b, set_string(b, m->credits[i], st, b->colw), "credits", NULL, 0);
    for (size_t i = first; i < b->v.n; i++) /* the credits stay together */
        b->v.v[i].keep = (pb_len)(b->v.n - 1 - i) * st->leading;
}

static void build_vlist(builder *b)
{
    for (int i = 0; i < b->doc->nblocks; i++) {
        const pb_block *blk = &b->doc->blocks[i];
        switch (blk->kind) {
        case PB_BLOCK_PARA: add_para(b, blk); break;
        case PB_BLOCK_HEAD: add_head(b, blk); break;
        case PB_BLOCK_NOTE: add_note(b, blk); break;
        case PB_BLOCK_FIGURE: add_figure(b, blk); break;
        case PB_BLOCK_BREAK: push_space(b, b->t->baseline, NULL); break;
        }
    }
    add_credits(b);
}

/* ---- columns and pages ---------------------------------------------------- */

static void new_page(builder *b)
{
    pagebuf pg = {0};
    for (int c = 0; c < b->t->columns; c++)
        pg.top[c] = b->ay;
    pg.body_top = b->ay;
    PB_PUSH(b->pages, pg);
}

static void place_figure(builder *b, const figure *f, int c, pb_len y)
{
    pb_len x = col_x(b, c) + (span_w(b, f->span) - f->img_w) / 2;
    int c1 = c + f->span - 1;
    pb_el img = {.kind = f->ok ? PB_EL_IMAGE : PB_EL_PLACEHOLDER, .col0 = c, .col1 = c1, .x = x,
                 .y = y, .w = f->img_w, .h = f->img_h, .what = "figure", .path = f->b->path,
                 .info = f->info};
    emit(b, img);
    if (!f->ok) { /* the missing file's name, in the middle of its grey box */
        pb_style *ls = PB_NEW(b->a, pb_style);
        *ls = b->t->styles[PB_ROLE_CAPTION];
        ls->align = PB_ALIGN_CENTER;
        pb_para *p = set_string(b, f->b->src, ls, f->img_w);
        pb_len top = y + (f->img_h - p->nlines * p->style->leading) / 2;
        for (int i = 0; i < p->nlines; i++, top += p->style->leading)
            emit_line(b, p, i, x, top, c, c1, "missing");
    }
    if (f->caption) {
        pb_len top = y + f->img_h + b->t->figure_gap;
        for (int i = 0; i < f->caption->nlines; i++, top += f->caption->style->leading)
            emit_line(b, f->caption, i, x, top, c, c1, "caption");
    }
}

/* Place figure f at the top of columns c.. of the current page if it fits. */
static bool try_figure(builder *b, int fi, int c)
{
    const figure *f = &b->figs.v[fi];
    pagebuf *pg = cur_page(b);
    if (c + f->span > b->t->columns)
        return false;
    pb_len y = 0;
    bool empty = true;
    for (int k = c; k < c + f->span; k++) {
        y = pg->top[k] > y ? pg->top[k] : y;
        empty = empty && pg->top[k] == pg->body_top;
    }
    pb_len room = bottom(b) - y - (empty ? 0 : 3 * b->t->baseline);
    if (f->h > room)
        return false;
    place_figure(b, f, c, y);
    if (f->span > 1)
        PB_PUSH(pg->spans, ((span_rect){c, c + f->span - 1, y, y + f->h - b->t->figure_gap}));
    for (int k = c; k < c + f->span; k++)
        pg->top[k] = y + f->h;
    return true;
}

static void place_pending(builder *b)
{
    size_t done = 0;
    while (done < b->pending.n && try_figure(b, b->pending.v[done], b->c))
        done++;
    if (done == 0)
        return;
    memmove(b->pending.v, b->pending.v + done, (b->pending.n - done) * sizeof(int));
    b->pending.n -= done;
}

static void start_column(builder *b)
{
    place_pending(b);
    b->y = cur_page(b)->top[b->c];
    b->fresh = true;
}

static void close_box(builder *b)
{
    if (!b->box)
        return;
    const pb_style *s = b->box;
    emit(b, (pb_el){.kind = PB_EL_BOX, .col0 = b->c, .col1 = b->c, .x = col_x(b, b->c),
                    .y = b->box_y0, .w = b->colw, .h = b->y - b->box_y0, .what = "note-box",
                    .fill = s->box_fill, .stroke = s->box_stroke,
                    .stroke_width = s->box_stroke_width});
    b->box = NULL;
}

static void track_box(builder *b, const pb_style *box)
{
    if (box == b->box)
        return;
    close_box(b);
    if (box) {
        b->box = box;
        b->box_y0 = b->y;
    }
}

static void next_column(builder *b)
{
    const pb_style *box = b->box;
    close_box(b);
    if (++b->c >= b->t->columns) {
        new_page(b);
        b->c = 0;
    }
    start_column(b);
    if (box) { /* a note continues: its box opens with a line of padding */
        track_box(b, box);
        b->y += b->t->baseline;
    }
}

static void pour(builder *b, const vitem *v)
{
    if (v->k == V_FIGURE) {
        PB_PUSH(b->pending, v->fig);
        if (b->fresh) {
            place_pending(b);
            b->y = cur_page(b)->top[b->c];
        }
        return;
    }
    if (v->k == V_SPACE) {
        if (b->fresh && !v->box)
            return;
        track_box(b, v->box);
        if (b->y + v->h > bottom(b))
            next_column(b);
        else
            b->y += v->h;
        return;
    }
    pb_len need = v->h + v->keep;
    if (b->y + need > bottom(b) && !(b->fresh && b->y + v->h <= bottom(b)))
        next_column(b);
    track_box(b, v->box);
    const pb_style *s = v->para->style;
    pb_len inset = v->box ? (b->colw - v->para->lines[v->line].measure) / 2 : 0;
    pb_len lead = s->leading;
    emit(b, (pb_el){.kind = PB_EL_LINE, .col0 = b->c, .col1 = b->c,
                    .x = col_x(b, b->c) + inset, .y = baseline_in(b->y, lead, s->size),
                    .w = v->para->lines[v->line].measure, .h = lead, .what = v->what,
                    .para = v->para, .line = v->line});
    b->y += v->h;
    b->fresh = false;
}

static void flush_figures(builder *b)
{
    /* figures still waiting when the text has ended take the next columns */
    int guard = 0;
    while (b->pending.n > 0 && guard++ < 4 * b->t->columns) {
        close_box(b);
        if (++b->c >= b->t->columns) {
            new_page(b);
            b->c = 0;
        }
        start_column(b);
    }
}

/* ---- headline group and furniture ---------------------------------------- */

static pb_len headline_line(builder *b, const char *text, pb_role role, pb_len y)
{
    if (!text || !*text)
        return y;
    const pb_style *s = &b->t->styles[role];
    pb_para *p = set_string(b, text, s, b->aw);
    y += s->space_before;
    for (int i = 0; i < p->nlines; i++, y += s->leading)
        emit_line(b, p, i, b->ax, y, 0, b->t->columns - 1, role == PB_ROLE_TITLE ? "title"
                                                         : role == PB_ROLE_KICKER ? "kicker"
                                                         : role == PB_ROLE_SUBTITLE ? "subtitle"
                                                                                    : "meta");
    return y + s->space_after;
}

static char *meta_line(const pb_meta *m)
{
    pb_buf s = {0};
    const char *parts[] = {m->byline, m->date, m->source ? m->source : NULL};
    for (size_t i = 0; i < 3; i++) {
        if (!parts[i] || !*parts[i])
            continue;
        if (s.n)
            pb_buf_adds(&s, "　　");
        if (i == 2 && !strstr(parts[i], "来源"))
            pb_buf_adds(&s, "来源：");
        pb_buf_adds(&s, parts[i]);
    }
    return s.s;
}

static void place_headline(builder *b)
{
    const pb_meta *m = &b->doc->meta;
    pb_len y = b->ay;
    y = headline_line(b, m->kicker, PB_ROLE_KICKER, y);
    y = headline_line(b, m->title, PB_ROLE_TITLE, y);
    y = headline_line(b, m->subtitle, PB_ROLE_SUBTITLE, y);
    char *meta = meta_line(m);
    if (meta) {
        const pb_style *ms = &b->t->styles[PB_ROLE_META];
        if (ms->rule_above > 0) {
            y += ms->rule_above;
            emit(b, (pb_el){.kind = PB_EL_RULE, .col0 = -1, .col1 = -1, .x = b->ax, .y = y,
                            .w = b->aw, .stroke = ms->rule_color, .stroke_width = ms->rule_above,
                            .what = "rule"});
        }
        y = headline_line(b, meta, PB_ROLE_META, y);
        free(meta);
    }
    if (y == b->ay)
        return;
    if (b->t->headline_rule > 0) {
        emit(b, (pb_el){.kind = PB_EL_RULE, .col0 = -1, .col1 = -1, .x = b->ax, .y = y,
                        .w = b->aw, .stroke_width = b->t->headline_rule, .what = "rule"});
    }
    pb_len top = b->ay + grid_up(b, y - b->ay + b->t->headline_space_after);
    pagebuf *pg = cur_page(b);
    for (int c = 0; c < b->t->columns; c++)
        pg->top[c] = top;
    pg->body_top = top;
}

static char *fill_placeholders(const char *fmt, const pb_doc *doc, const pb_template *t, int page,
                               int pages)
{
    pb_buf s = {0};
    for (const char *p = fmt; *p;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        if (!close) {
            pb_buf_add(&s, p++, 1);
            continue;
        }
        size_t n = (size_t)(close - p - 1);
        const char *v = NULL;
        char num[16];
        if (n == 4 && !strncmp(p + 1, "page", n))
            snprintf(num, sizeof num, "%d", page), v = num;
        else if (n == 5 && !strncmp(p + 1, "pages", n))
            snprintf(num, sizeof num, "%d", pages), v = num;
        else if (n == 5 && !strncmp(p + 1, "title", n))
            v = doc->meta.title;
        else if (n == 6 && !strncmp(p + 1, "kicker", n))
            v = doc->meta.kicker;
        else if (n == 4 && !strncmp(p + 1, "date", n))
            v = doc->meta.date;
        else if (n == 6 && !strncmp(p + 1, "source", n))
            v = doc->meta.source;
        else if (n == 6 && !strncmp(p + 1, "layout", n))
            v = t->name;
        else
            pb_buf_add(&s, p, n + 2);
        if (v)
            pb_buf_adds(&s, v);
        p = close + 1;
    }
    return s.s ? s.s : pb_xstrdup("");
}

static void furniture(builder *b, pagebuf *pg, const pb_furniture *f, int page, bool head)
{
    if (!f->enabled)
        return;
    const char *slots[] = {f->left, f->center, f->right};
    const pb_style *base = &b->t->styles[PB_ROLE_HEADER];
    pb_len baseline = head ? b->ay - f->offset : bottom(b) + f->offset;
    for (int i = 0; i < 3; i++) {
        if (!slots[i] || !*slots[i])
            continue;
        pb_style *s = PB_NEW(b->a, pb_style);
        *s = *base;
        s->align = i == 0 ? PB_ALIGN_LEFT : i == 1 ? PB_ALIGN_CENTER : PB_ALIGN_RIGHT;
        char *txt = fill_placeholders(slots[i], b->doc, b->t, page, (int)b->pages.n);
        pb_para *p = set_string(b, txt, s, b->aw);
        free(txt);
        if (p->nlines > 0)
            PB_PUSH(pg->els, ((pb_el){.kind = PB_EL_LINE, .col0 = -1, .col1 = -1, .x = b->ax,
                                      .y = baseline, .w = b->aw, .h = s->leading,
                                      .what = head ? "header" : "footer", .para = p}));
    }
    if (f->rule > 0) {
        pb_len ry = head ? baseline + base->size / 3 : baseline - base->size - base->size / 3;
        PB_PUSH(pg->els, ((pb_el){.kind = PB_EL_RULE, .col0 = -1, .col1 = -1, .x = b->ax,
                                  .y = ry, .w = b->aw, .stroke_width = f->rule, .what = "rule"}));
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
    for (int c = 1; c < b->t->columns; c++) {
        pb_len x = col_x(b, c) - b->t->gutter / 2, y = pg->body_top;
        for (size_t i = 0; i < pg->spans.n; i++) {
            const span_rect *r = &pg->spans.v[i];
            if (r->c0 >= c || r->c1 < c || r->y1 <= y)
                continue;
            rule_segment(b, pg, x, y, r->y0);
            y = r->y1;
        }
        rule_segment(b, pg, x, y, bottom(b));
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

pb_layout *pb_pagebuild(const pb_doc *doc, const pb_template *t, pb_fonts *fonts, pb_diags *d)
{
    pb_layout *L = pb_xcalloc(1, sizeof *L);
    L->arena = pb_arena_new();
    L->t = t;
    L->doc = doc;
    builder b = {.t = t, .doc = doc, .fonts = fonts, .d = d, .a = L->arena};
    b.lang = pango_lang(doc->meta.lang);
    b.set = pb_para_settings_from(&t->typo, b.lang);
    pb_fonts_set_language(fonts, b.lang);
    b.ax = t->margin_left;
    b.ay = t->margin_top;
    b.aw = pb_template_area_width(t);
    b.ah = pb_template_area_height(t);
    b.colw = pb_template_column_width(t);
    new_page(&b);
    place_headline(&b);
    build_vlist(&b);
    start_column(&b);
    for (size_t i = 0; i < b.v.n; i++)
        pour(&b, &b.v.v[i]);
    close_box(&b);
    flush_figures(&b);
    L->npages = (int)b.pages.n;
    L->pages = PB_NEWN(L->arena, pb_page, L->npages);
    for (int i = 0; i < L->npages; i++) {
        pagebuf *pg = &b.pages.v[i];
        column_rules(&b, pg);
        furniture(&b, pg, &t->header, i + 1, true);
        furniture(&b, pg, &t->footer, i + 1, false);
        L->pages[i].nels = (int)pg->els.n;
        L->pages[i].els = pb_arena_copy(L->arena, pg->els.v, pg->els.n, sizeof(pb_el));
        free(pg->els.v);
        free(pg->spans.v);
    }
    free(b.pages.v);
    free(b.v.v);
    free(b.figs.v);
    free(b.pending.v);
    return L;
}

void pb_layout_free(pb_layout *l)
{
    if (!l)
        return;
    pb_arena_free(l->arena);
    free(l);
}
