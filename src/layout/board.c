/* Exhibition boards. A board is read from one to three metres away, has a
 * fixed size and must be full: no text left over, no large empty area. The
 * body size is therefore chosen, not given (copyfit): the largest size
 * between the template's copyfit minimum and maximum at which the article
 * fits its board, found by trying whole layouts from the top size down
 * (best_size says why not by bisection), with the leading, the
 * grid and every other body-text size scaled in step. A text that does not
 * fit one board even at the minimum becomes a series: it is cut at section
 * heads and breaks into the fewest parts that each fit a board, the cuts
 * chosen so the parts are of similar weight (the classic linear partition),
 * and all boards of the series share one body size. Every board then gets
 * the title band (kicker, title, subtitle over a colour or a photo) and the
 * footer band (organizer, date, `2/6` numbering, logos).
 *
 * A board must look designed, not merely hold its text. A text short enough
 * to fit at the copyfit maximum grows on up to `board.copyfit.max_short`,
 * and its title (with the band) and figures grow with it; the gutters stay
 * 1.5-2 em of the body whatever size copyfit chose; figures go to the column
 * where they sit highest, so photos spread over the columns; a band with
 * nothing in it is left out. The space copyfit cannot fill (it moves in
 * quarter points, a section cannot be cut) is then shared out between the
 * sections, paragraphs and figures of each column (vertical justification,
 * as a layout editor spaces a page out rather than leave a hole at its foot),
 * so every board of a series ends at its footer band. */
#include "board.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "placeholder.h"
#include "vlist.h"

enum { STEP = PB_UNIT / 4 };    /* copyfit sizes are multiples of a quarter point */
enum { FIGURE_WEIGHT = 200 };   /* a photo weighs about as much as 200 characters */

/* The gutter, in ems of the chosen body size: narrower and the columns run
 * together when read from a distance, wider and the board falls apart. */
static const double GUTTER_MIN_EM = 1.5, GUTTER_MAX_EM = 2.0;
/* A roll-up (a board at least twice as tall as wide) stands on the floor,
 * its foot hidden by the stand and read by nobody: nothing but the footer
 * band's colour within 25 cm of the floor. */
static const double ROLLUP_ASPECT = 2.0;
#define FLOOR_CLEAR PB_MM(250)
/* ... and is read at eye level, 0.9 to 1.8 m: its lead starts in the upper
 * 60 % of its height. */
static const double EYE_LEVEL = 0.6;
#define NO_LIMIT INT32_MAX
/* A short text's figures may take a whole column's height. */
static const double SHORT_FIGURE_MAX_HEIGHT = 1.0;
/* Vertical justification: where the space goes, by what a break separates
 * (a section more than a paragraph); the least left at a column's foot
 * worth sharing out (below it the baselines stay on the grid) and the most a
 * break takes per unit of weight, in lines (more and the text falls apart). */
enum { WEIGHT_SECTION = 3, WEIGHT_FIGURE = 2, WEIGHT_PARA = 1 };
static const double JUSTIFY_MIN_LINES = 0.5, JUSTIFY_MAX_LINES = 1.5;
/* Below this fill before justification the board is spaced out too much to
 * pass unremarked: copyfit warns. */
static const double MIN_NATURAL_FILL = 0.6;
/* The bottom of an em box below its baseline, and the top above it (Noto CJK
 * ideographic em box, docs/traps.md). */
static const double EM_ASCENT = 0.88;

pb_template *pb_template_scaled(const pb_template *t, pb_len size)
{
    pb_template *c = pb_xmalloc(sizeof *c);
    *c = *t;
    double f = (double)size / t->styles[PB_ROLE_BODY].size;
    static const pb_role roles[] = {PB_ROLE_BODY,  PB_ROLE_HEAD,    PB_ROLE_HEAD2,
                                    PB_ROLE_HEAD3, PB_ROLE_NOTE,    PB_ROLE_CAPTION,
                                    PB_ROLE_CREDITS, PB_ROLE_FOOTNOTE};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        pb_style *s = &c->styles[roles[i]];
        pb_len *v[] = {&s->size, &s->leading, &s->indent, &s->space_before, &s->space_after,
                       &s->box_padding};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
            *v[k] = (pb_len)lround(*v[k] * f);
    }
    c->styles[PB_ROLE_BODY].size = size;
    c->baseline = (pb_len)lround(t->baseline * f);
    c->figure_gap = (pb_len)lround(t->figure_gap * f);
    return c;
}

/* ---- series -------------------------------------------------------------- */

static long block_weight(const pb_block *b)
{
    switch (b->kind) {
    case PB_BLOCK_PARA:
    case PB_BLOCK_HEAD: return g_utf8_strlen(b->text.s, b->text.len) + 20;
    case PB_BLOCK_FIGURE: return FIGURE_WEIGHT;
    case PB_BLOCK_NOTE: {
        long w = 0;
        for (int i = 0; i < b->nchildren; i++)
            w += block_weight(&b->children[i]);
        return w;
    }
    case PB_BLOCK_BREAK: return 0;
    }
    return 0;
}

/* Section starts: block 0 and every head or break. */
static int sections(const pb_doc *doc, int *start, long *weight)
{
    int n = 0;
    for (int i = 0; i < doc->nblocks; i++) {
        const pb_block *b = &doc->blocks[i];
        if (i == 0 || b->kind == PB_BLOCK_HEAD || b->kind == PB_BLOCK_BREAK) {
            start[n] = i;
            weight[n++] = 0;
        }
        weight[n - 1] += block_weight(b);
    }
    return n;
}

/* Linear partition: cut m sections into k consecutive groups so the
 * heaviest group is as light as possible (dynamic programming, m small). */
static void partition(const long *w, int m, int k, int *first)
{
    double *cost = pb_xcalloc((size_t)(m + 1) * (size_t)(k + 1), sizeof *cost);
    int *cut = pb_xcalloc((size_t)(m + 1) * (size_t)(k + 1), sizeof *cut);
    long *pre = pb_xcalloc((size_t)m + 1, sizeof *pre);
    for (int i = 0; i < m; i++)
        pre[i + 1] = pre[i] + w[i];
#define C(i, j) cost[(size_t)(i) * (size_t)(k + 1) + (size_t)(j)]
#define K(i, j) cut[(size_t)(i) * (size_t)(k + 1) + (size_t)(j)]
    for (int i = 0; i <= m; i++)
        C(i, 1) = (double)pre[i];
    for (int j = 2; j <= k; j++)
        for (int i = 0; i <= m; i++) {
            C(i, j) = INFINITY;
            for (int x = j - 1; x < i; x++) {
                double c = fmax(C(x, j - 1), (double)(pre[i] - pre[x]));
                if (c < C(i, j)) {
                    C(i, j) = c;
                    K(i, j) = x;
                }
            }
        }
    for (int j = k, i = m; j >= 1; j--) {
        first[j - 1] = j == 1 ? 0 : K(i, j);
        i = first[j - 1];
    }
#undef C
#undef K
    free(cost);
    free(cut);
    free(pre);
}

int pb_board_split(const pb_doc *doc, int n, int *part)
{
    if (doc->nblocks == 0 || n < 1)
        return 0;
    int *start = pb_xcalloc((size_t)doc->nblocks, sizeof *start);
    long *weight = pb_xcalloc((size_t)doc->nblocks, sizeof *weight);
    int m = sections(doc, start, weight);
    int k = n < m ? n : m;
    int *first = pb_xcalloc((size_t)k, sizeof *first);
    partition(weight, m, k, first);
    for (int i = 0; i < k; i++)
        part[i] = start[first[i]];
    free(first);
    free(start);
    free(weight);
    return k;
}

/* A document holding blocks [b0, b1) of doc, its photos first; the credits
 * only on the last. A board's photos are not tied to a paragraph: put first,
 * they are planned alike at every body size, across the tops of the columns
 * (pb_build_opts.spread_figures), and the text flows under them. Were they
 * met where their paragraph falls, a smaller size would pour the text
 * further, meet a photo sooner and take it onto the board, and set less
 * text there than a larger size did: copyfit's overflow would rise as the
 * size falls. */
static pb_doc *sub_doc(const pb_doc *doc, int b0, int b1)
{
    pb_arena *a = pb_arena_new();
    pb_doc *d = PB_NEW(a, pb_doc);
    *d = *doc;
    d->arena = a;
    d->nblocks = b1 - b0;
    d->blocks = PB_NEWN(a, pb_block, (size_t)d->nblocks + 1);
    int n = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = b0; i < b1; i++)
            if ((doc->blocks[i].kind == PB_BLOCK_FIGURE) == (pass == 0))
                d->blocks[n++] = doc->blocks[i];
    if (b1 < doc->nblocks)
        d->meta.ncredits = 0;
    return d;
}

/* ---- copyfit --------------------------------------------------------------- */

static char *footer_text(const char *fmt, const pb_doc *doc, const pb_template *t, int board,
                         int boards)
{
    pb_placeholder_ctx ctx = {doc, t->name, board, boards,
                              pb_template_date_format(t, doc->meta.lang)};
    char *out = pb_placeholder_fill(fmt, &ctx);
    /* a series of one board needs no 1/1 */
    if (boards == 1) {
        char *one = strstr(out, "1/1");
        if (one)
            memmove(one, one + 3, strlen(one + 3) + 1);
    }
    return out;
}

static bool blank(const char *s)
{
    for (; s && *s; s = g_utf8_next_char(s))
        if (!g_unichar_isspace(g_utf8_get_char(s)))
            return false;
    return true;
}

typedef struct {
    const pb_doc *doc;
    const pb_template *t;
    pb_fonts *fonts;
    const pb_board_opts *o;
    pb_build_opts build; /* o->build, with figures spread over the columns */
    pb_doc **parts;      /* the series' parts (one = the whole article) */
    int nparts;
} fitter;

static void scale_style(pb_style *s, double g)
{
    pb_len *v[] = {&s->size, &s->leading, &s->space_before, &s->space_after};
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
        *v[k] = (pb_len)lround(*v[k] * g);
}

/* The bands at a body size: one that holds nothing is left out (the title
 * band keeps a height of one unit, which draws nothing, so the layout stays
 * a board); above the copyfit maximum the title grows with the body, and
 * its band with it. */
static void size_bands(const fitter *f, pb_template *c, pb_len size)
{
    const pb_template *t = f->t;
    const pb_meta *m = &f->doc->meta;
    bool title = !blank(m->kicker) || !blank(m->title) || !blank(m->subtitle);
    if (!title && !t->board.title_image)
        c->board.title_height = 1;
    else if (t->board.fit_max > 0 && size > t->board.fit_max) {
        /* the band grows by what its text grows (a line each), not in
         * proportion: a roll-up's band would eat the board */
        double g = (double)size / t->board.fit_max;
        const char *texts[] = {m->kicker, m->title, m->subtitle};
        static const pb_role roles[] = {PB_ROLE_KICKER, PB_ROLE_TITLE, PB_ROLE_SUBTITLE};
        pb_len grown = 0;
        for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
            pb_style *st = &c->styles[roles[i]];
            pb_len before = st->space_before + st->leading + st->space_after;
            scale_style(st, g);
            if (!blank(texts[i]))
                grown += st->space_before + st->leading + st->space_after - before;
        }
        c->board.title_height += grown;
    }
    char *txt = footer_text(t->board.footer_text, f->doc, t, 1, f->nparts > 1 ? f->nparts : 1);
    if (blank(txt) && m->nlogos == 0)
        c->board.footer_height = 0;
    free(txt);
}

/* What a board keeps clear above the floor: FLOOR_CLEAR on a roll-up. */
static pb_len floor_clear(const pb_template *t)
{
    return t->page_h >= ROLLUP_ASPECT * t->page_w ? FLOOR_CLEAR : 0;
}

/* The template a board is set on at a body size: every body-text size in
 * step (pb_template_scaled), gutters of 1.5-2 em, the bands as they hold
 * (size_bands), and a short text's figures as tall as a column. */
static pb_template *board_template(const fitter *f, pb_len size)
{
    pb_template *c = pb_template_scaled(f->t, size);
    pb_len g_lo = (pb_len)lround(size * GUTTER_MIN_EM), g_hi = (pb_len)lround(size * GUTTER_MAX_EM);
    c->gutter = c->gutter < g_lo ? g_lo : c->gutter > g_hi ? g_hi : c->gutter;
    if (f->t->board.fit_max > 0 && size > f->t->board.fit_max)
        c->figure_max_height = SHORT_FIGURE_MAX_HEIGHT;
    size_bands(f, c, size);
    pb_len clear = floor_clear(c);
    if (clear > 0) { /* the band's colour runs down to the floor, its text stays above */
        if (c->board.footer_height > 0)
            c->board.footer_height += clear;
        c->margin_bottom = c->margin_bottom > clear ? c->margin_bottom : clear;
    }
    return c;
}

/* The layouts of every part at size; true when each fits one board.
 * Diagnostics go to d. */
static bool build_at(const fitter *f, pb_len size, pb_layout **out, pb_template **st,
                     pb_diags *d)
{
    *st = board_template(f, size);
    bool fit = true;
    for (int i = 0; i < f->nparts; i++) {
        out[i] = pb_pagebuild(f->parts[i], *st, f->fonts, &f->build, d);
        fit = fit && out[i]->npages == 1;
    }
    return fit;
}

static void drop(pb_layout **ls, int n, pb_template *st)
{
    for (int i = 0; i < n; i++)
        pb_layout_free(ls[i]);
    free(st);
}

static bool fits(const fitter *f, pb_len size)
{
    pb_diags quiet;
    pb_diags_init(&quiet);
    pb_layout **ls = pb_xcalloc((size_t)f->nparts, sizeof *ls);
    pb_template *st;
    bool ok = build_at(f, size, ls, &st, &quiet);
    drop(ls, f->nparts, st);
    free(ls);
    pb_diags_fini(&quiet);
    return ok;
}

/* The largest size in [lo, hi] (quarter points) at which everything fits.
 * Whether a text fits is not monotonic in the size at the scale of a line:
 * a head and its lines, or a paragraph's first line, may go on to the next
 * column at one size and not at the next (CLR-40, 43), so bisection could
 * step over the largest size that fits. The sizes are tried from the top
 * down in whole points instead, then the quarter points of the two points
 * above the first that fits (one of them may fit where its whole point did
 * not). */
static pb_len best_size(const fitter *f, pb_len lo, pb_len hi)
{
    long a = lo / STEP, b = hi / STEP, whole = PB_UNIT / STEP;
    long p = b;
    while (p > a && !fits(f, (pb_len)(p * STEP)))
        p = p - whole > a ? p - whole : a;
    for (long q = p + 2 * whole - 1; q > p; q--)
        if (q <= b && fits(f, (pb_len)(q * STEP)))
            return (pb_len)(q * STEP);
    return (pb_len)(p * STEP);
}

static void set_parts(fitter *f, const int *first, int k)
{
    for (int i = 0; i < f->nparts; i++)
        if (f->parts[i] != f->doc)
            pb_doc_free(f->parts[i]);
    f->nparts = k;
    for (int i = 0; i < k; i++)
        f->parts[i] = k == 1 ? sub_doc(f->doc, 0, f->doc->nblocks)
                             : sub_doc(f->doc, first[i], i + 1 < k ? first[i + 1]
                                                                    : f->doc->nblocks);
}

/* Characters and lines of the article set past the first board, for
 * --no-overflow (the bands every board repeats are not the article's). */
static void overset(const pb_layout *l, long *chars, int *lines)
{
    *chars = 0;
    *lines = 0;
    for (int p = 1; p < l->npages; p++)
        for (int i = 0; i < l->pages[p].nels; i++) {
            const pb_el *e = &l->pages[p].els[i];
            if (e->kind != PB_EL_LINE || e->col0 < 0)
                continue;
            char *txt = pb_line_text(e->para, e->line);
            *chars += g_utf8_strlen(txt, -1);
            free(txt);
            (*lines)++;
        }
}

/* ---- bands ----------------------------------------------------------------- */

typedef PB_VEC(pb_el) el_vec;

static void text_lines(el_vec *v, const pb_para *p, pb_len x, pb_len *y, const char *what)
{
    for (int i = 0; i < p->nlines; i++, *y += p->style->leading) {
        pb_len base = *y + (p->style->leading - p->style->size) / 2 +
                      (pb_len)(EM_ASCENT * p->style->size);
        PB_PUSH(*v, ((pb_el){.kind = PB_EL_LINE, .col0 = -1, .col1 = -1, .x = x, .y = base,
                             .w = p->lines[i].measure, .h = p->style->leading, .what = what,
                             .para = p, .line = i}));
    }
}

/* A band across the whole board, running into the bleed on three sides. */
static pb_el band_box(const pb_template *t, pb_len y, pb_len h, pb_color fill, bool top)
{
    pb_len b = t->bleed;
    return (pb_el){.kind = PB_EL_BOX, .col0 = -1, .col1 = -1, .x = -b, .y = top ? -b : y,
                   .w = t->page_w + 2 * b, .h = h + b, .fill = fill, .what = "band",
                   .bleed = true};
}

/* A band's image, probed once for all the boards. */
typedef struct {
    char *path; /* NULL: none asked for */
    pb_image_info info;
    bool ok;
} band_image;

/* A band's image in box: the photo, or where it could not be used a
 * placeholder, as for a figure, so it shows on the page and counts under
 * --strict. */
static pb_el band_photo(pb_el box, const band_image *im, const pb_setter *s, const char *what)
{
    box.kind = im->ok ? PB_EL_IMAGE : PB_EL_PLACEHOLDER;
    box.path = pb_arena_strdup(s->a, im->path);
    box.info = im->info;
    box.what = what;
    return box;
}

static void title_band(el_vec *v, const pb_setter *s, const pb_doc *doc, const band_image *im)
{
    const pb_template *t = s->t;
    if (t->board.title_height <= 1) /* left out: it holds nothing (size_bands) */
        return;
    PB_PUSH(*v, band_box(t, 0, t->board.title_height, t->board.title_fill, true));
    if (im->path) {
        pb_el box = band_photo(v->v[v->n - 1], im, s, "band-photo");
        if (im->ok) { /* the photo covers the band, centred, cropped */
            int dw, dh;
            pb_image_display_size(&im->info, &dw, &dh);
            double scale = fmax((double)box.w / dw, (double)box.h / dh);
            box.iw = (pb_len)(dw * scale), box.ih = (pb_len)(dh * scale);
            box.ix = box.x - (box.iw - box.w) / 2, box.iy = box.y - (box.ih - box.h) / 2;
        }
        PB_PUSH(*v, box);
    }
    pb_len w = t->page_w - t->margin_left - t->margin_right, height = 0;
    const pb_meta *m = &doc->meta;
    const char *texts[] = {m->kicker_lines ? m->kicker_lines : m->kicker,
                           m->title_lines ? m->title_lines : m->title,
                           m->subtitle_lines ? m->subtitle_lines : m->subtitle};
    static const pb_role roles[] = {PB_ROLE_KICKER, PB_ROLE_TITLE, PB_ROLE_SUBTITLE};
    static const char *const what[] = {"kicker", "title", "subtitle"};
    pb_para **ps[3] = {0};
    int n[3] = {0};
    for (int i = 0; i < 3; i++)
        if (texts[i] && *texts[i]) {
            const pb_style *st = &t->styles[roles[i]];
            n[i] = pb_setter_headline(s, texts[i], st, w, &ps[i]);
            height += st->space_before + st->space_after;
            for (int k = 0; k < n[i]; k++)
                height += ps[i][k]->nlines * st->leading;
        }
    pb_len y = (t->board.title_height - height) / 2;
    for (int i = 0; i < 3; i++) {
        if (!n[i])
            continue;
        y += t->styles[roles[i]].space_before;
        for (int k = 0; k < n[i]; k++)
            text_lines(v, ps[i][k], t->margin_left, &y, what[i]);
        y += t->styles[roles[i]].space_after;
    }
}

static void footer_band(el_vec *v, const pb_setter *s, const pb_doc *doc, const band_image *logos,
                        int board, int boards)
{
    const pb_template *t = s->t;
    pb_len h = t->board.footer_height, top = t->page_h - h;
    if (h <= 0)
        return;
    PB_PUSH(*v, band_box(t, top, h, t->board.footer_fill, false));
    h -= floor_clear(t); /* the text and logos stay clear of a roll-up's foot */
    pb_len x = t->margin_left, w = t->page_w - t->margin_left - t->margin_right;
    /* logos at the right end, as tall as half the band (one that cannot be
     * used: a square placeholder) */
    pb_len lh = h / 2, right = t->page_w - t->margin_right;
    for (int i = doc->meta.nlogos - 1; i >= 0; i--) {
        int dw = 1, dh = 1;
        if (logos[i].ok)
            pb_image_display_size(&logos[i].info, &dw, &dh);
        pb_len lw = (pb_len)((double)lh * dw / dh);
        right -= lw;
        pb_el box = {.col0 = -1, .col1 = -1, .x = right, .y = top + (h - lh) / 2, .w = lw, .h = lh};
        box.ix = box.x, box.iy = box.y, box.iw = box.w, box.ih = box.h;
        PB_PUSH(*v, band_photo(box, &logos[i], s, "logo"));
        right -= lh / 3;
    }
    char *txt = footer_text(t->board.footer_text, doc, t, board, boards);
    const pb_style *st = &t->styles[PB_ROLE_HEADER];
    const pb_para *p = pb_setter_string(s, txt, st, right - x > w / 4 ? right - x : w);
    free(txt);
    pb_len y = top + (h - p->nlines * st->leading) / 2;
    text_lines(v, p, x, &y, "footer");
}

/* The bands on every board. Their images follow the figures' rule
 * (pb_setter_image): the band photo is named by the layout, relative to it,
 * and may lie in the layout's folder too. */
static void add_bands(pb_layout *L, pb_fonts *fonts, const pb_build_opts *o, pb_diags *d)
{
    const pb_doc *doc = L->doc;
    const pb_template *t = L->t;
    pb_setter s = {.fonts = fonts,
                   .t = t,
                   .a = L->arena,
                   .d = d,
                   .path = doc->path,
                   .allow_outside = o->allow_outside,
                   .doc_dir = doc->dir,
                   .lang =
                       doc->meta.lang && !strcmp(doc->meta.lang, "zh-Hant") ? "zh-tw" : "zh-cn"};
    s.set = pb_para_settings_from(&t->typo, s.lang);
    band_image title = {0};
    band_image *logos = pb_xcalloc((size_t)doc->meta.nlogos + 1, sizeof *logos);
    if (t->board.title_image) {
        char *dir = pb_path_dir(t->path ? t->path : ".");
        title.path = pb_path_join(dir, t->board.title_image);
        title.ok = pb_setter_image(&s, title.path, t->board.title_image, dir, "title band image",
                                   t->path, 0, &title.info);
        free(dir);
    }
    for (int i = 0; i < doc->meta.nlogos; i++) {
        logos[i].path = pb_path_join(doc->dir, doc->meta.logos[i]);
        logos[i].ok = pb_setter_image(&s, logos[i].path, doc->meta.logos[i], NULL, "logo",
                                      doc->path, 0, &logos[i].info);
    }
    for (int p = 0; p < L->npages; p++) {
        el_vec v = {0};
        title_band(&v, &s, doc, &title);
        footer_band(&v, &s, doc, logos, p + 1, L->npages);
        pb_page *pg = &L->pages[p];
        pb_el *els = PB_NEWN(L->arena, pb_el, v.n + (size_t)pg->nels);
        if (v.n) /* none when both bands are left out */
            memcpy(els, v.v, v.n * sizeof *els);
        if (pg->nels)
            memcpy(els + v.n, pg->els, (size_t)pg->nels * sizeof *els);
        pg->els = els;
        pg->nels += (int)v.n;
        free(v.v);
    }
    free(title.path);
    for (int i = 0; i < doc->meta.nlogos; i++)
        free(logos[i].path);
    free(logos);
}

/* ---- vertical justification ----------------------------------------------- */

/* The bottom of what an element takes in its column: a line's whole slot
 * (its leading), so a column justified to its foot ends where a full one
 * would. */
static pb_len slot_bottom(const pb_el *e)
{
    if (e->kind != PB_EL_LINE)
        return e->y + e->h;
    pb_len size = e->para->style->size;
    return e->y + (pb_len)((1 - EM_ASCENT) * size) + (e->h - size) / 2;
}

static bool is_figure_part(const pb_el *e)
{
    return e->kind == PB_EL_IMAGE || e->kind == PB_EL_PLACEHOLDER ||
           (e->kind == PB_EL_LINE && (!strcmp(e->what, "caption") || !strcmp(e->what, "missing")));
}

/* How much of the column's spare space goes before element e (sorted[k]),
 * by what the break separates; 0 where nothing may come between: inside a
 * paragraph, a figure and its caption, a note box and its lines. */
static int break_weight(const pb_el *prev, const pb_el *e, pb_len box_end)
{
    if (e->kind == PB_EL_IMAGE || e->kind == PB_EL_PLACEHOLDER)
        return WEIGHT_FIGURE;
    if (is_figure_part(e))
        return 0;
    if (is_figure_part(prev))
        return WEIGHT_FIGURE;
    if (e->y < box_end) /* inside a note box */
        return 0;
    if (e->kind == PB_EL_BOX)
        return WEIGHT_PARA;
    if (e->kind != PB_EL_LINE || e->line != 0)
        return 0;
    bool head = !strcmp(e->what, "head") || !strcmp(e->what, "head2") || !strcmp(e->what, "head3");
    return head ? WEIGHT_SECTION : WEIGHT_PARA;
}

static int by_y(const void *a, const void *b)
{
    const pb_el *x = *(pb_el *const *)a, *y = *(pb_el *const *)b;
    if (x->y != y->y)
        return x->y < y->y ? -1 : 1;
    return x < y ? -1 : x > y; /* stable: their order on the page */
}

/* One column of a board, read for justification. */
typedef struct {
    pb_el **el;   /* its own elements (not those across columns), top to bottom */
    int *w;       /* the weight of the break before each */
    int n;
    long total;   /* the weights' sum */
    pb_len spare; /* from the content's foot to the column's floor */
} column;

/* Column c's elements and breaks. Elements across several columns stay put;
 * one below the column's content (a photo at the foot) is its floor. */
static void column_read(pb_page *pg, int c, pb_len floor, column *k)
{
    k->el = pb_xcalloc((size_t)pg->nels + 1, sizeof *k->el);
    pb_len first = floor, low = 0;
    for (int i = 0; i < pg->nels; i++) {
        pb_el *e = &pg->els[i];
        if (e->col0 == c && e->col1 == c && e->kind != PB_EL_RULE) {
            k->el[k->n++] = e;
            first = e->y < first ? e->y : first;
            low = slot_bottom(e) > low ? slot_bottom(e) : low;
        }
    }
    for (int i = 0; i < pg->nels; i++) {
        const pb_el *e = &pg->els[i];
        if (e->col0 >= 0 && e->col0 <= c && e->col1 >= c && e->col0 != e->col1 && e->y > first)
            floor = e->y < floor ? e->y : floor;
    }
    k->spare = k->n ? floor - low : 0;
    qsort(k->el, (size_t)k->n, sizeof *k->el, by_y);
    k->w = pb_xcalloc((size_t)k->n + 1, sizeof *k->w);
    pb_len box_end = 0;
    for (int i = 0; i < k->n; i++) {
        k->w[i] = i ? break_weight(k->el[i - 1], k->el[i], box_end) : 0;
        k->total += k->w[i];
        if (k->el[i]->kind == PB_EL_BOX)
            box_end = k->el[i]->y + k->el[i]->h;
    }
}

/* Move the column down by drop and share out spread between its breaks. */
static void column_spread(const column *k, pb_len drop, pb_len spread)
{
    long acc = 0;
    for (int i = 0; i < k->n; i++) {
        acc += k->w[i];
        pb_len dy = drop + (k->total ? (pb_len)(spread * acc / k->total) : 0);
        k->el[i]->y += dy;
        if (k->el[i]->kind == PB_EL_IMAGE || k->el[i]->kind == PB_EL_PLACEHOLDER)
            k->el[i]->iy += dy;
    }
}

/* Space a board out: each column's spare space goes between its breaks, up
 * to JUSTIFY_MAX_LINES a unit of weight; what no break can take (a text too
 * short for its board even at max_short) is split above and below the
 * columns, which move down together so their first lines stay level. A
 * column within JUSTIFY_MIN_LINES of its floor is full: it stays on the
 * grid, and so do the others' tops. */
/* On a roll-up, how far the lead (the board's first body line) may move
 * down and still start at eye level, in the upper EYE_LEVEL of the board. */
static pb_len lead_room(const pb_page *pg, const pb_template *t)
{
    if (floor_clear(t) == 0)
        return NO_LIMIT;
    for (int i = 0; i < pg->nels; i++)
        if (pg->els[i].kind == PB_EL_LINE && !strcmp(pg->els[i].what, "body")) {
            pb_len room = (pb_len)(EYE_LEVEL * t->page_h) - pg->els[i].y;
            return room > 0 ? room : 0;
        }
    return NO_LIMIT;
}

/* What column_spread() would move e by. */
static pb_len shift_of(const column *k, const pb_el *e, pb_len drop, pb_len spread)
{
    long acc = 0;
    for (int i = 0; i < k->n; i++) {
        acc += k->w[i];
        if (k->el[i] == e)
            return drop + (k->total ? (pb_len)(spread * acc / k->total) : 0);
    }
    return 0;
}

static void justify_page(pb_page *pg, const pb_template *t, pb_len floor)
{
    pb_len room = lead_room(pg, t);
    column *k = pb_xcalloc((size_t)t->columns, sizeof *k);
    pb_len line = t->baseline, min_spare = (pb_len)(JUSTIFY_MIN_LINES * line);
    pb_len unit = (pb_len)(JUSTIFY_MAX_LINES * line), rest = -1;
    for (int c = 0; c < t->columns; c++) {
        column_read(pg, c, floor, &k[c]);
        if (k[c].n == 0)
            continue;
        pb_len spread = k[c].total * unit < k[c].spare ? k[c].total * unit : k[c].spare;
        pb_len left = k[c].spare < min_spare ? 0 : k[c].spare - spread;
        rest = rest < 0 || left < rest ? left : rest;
    }
    pb_len drop = rest > 0 ? rest / 2 : 0;
    const pb_el *lead = NULL;
    int lead_col = -1;
    for (int i = 0; room < NO_LIMIT && !lead && i < pg->nels; i++)
        if (pg->els[i].kind == PB_EL_LINE && !strcmp(pg->els[i].what, "body"))
            lead = &pg->els[i], lead_col = pg->els[i].col0;
    if (lead && lead_col >= 0 && lead_col < t->columns && k[lead_col].spare >= min_spare) {
        const column *lc = &k[lead_col];
        pb_len spread = lc->total * unit < lc->spare - drop ? lc->total * unit : lc->spare - drop;
        pb_len over = shift_of(lc, lead, drop, spread) - room;
        if (over > 0) /* the lead stays at eye level: less above, more at the foot */
            drop = drop > over ? drop - over : 0;
    }
    for (int c = 0; c < t->columns; c++) {
        if (k[c].n > 0 && k[c].spare >= min_spare) {
            pb_len spread = k[c].total * unit < k[c].spare - drop ? k[c].total * unit
                                                                    : k[c].spare - drop;
            column_spread(&k[c], drop, spread);
        }
        free(k[c].el);
        free(k[c].w);
    }
    free(k);
}

/* Every board down to the foot of its type area. */
static void justify(pb_layout *L)
{
    const pb_template *t = L->t;
    pb_len floor = pb_template_area_top(t) + pb_template_area_height(t);
    for (int p = 0; p < L->npages; p++)
        justify_page(&L->pages[p], t, floor);
}

/* ---- putting it together ---------------------------------------------------- */

static pb_layout *assemble(fitter *f, pb_len size, double *natural, pb_diags *d)
{
    pb_layout *L = pb_xcalloc(1, sizeof *L);
    L->arena = pb_arena_new();
    L->doc = f->doc;
    L->parts = pb_xcalloc((size_t)f->nparts, sizeof *L->parts);
    L->nparts = f->nparts;
    build_at(f, size, L->parts, &L->own_t, d);
    L->t = L->own_t;
    L->body_size = size;
    for (int i = 0; i < f->nparts; i++)
        L->npages += L->parts[i]->npages;
    L->pages = PB_NEWN(L->arena, pb_page, L->npages);
    for (int i = 0, n = 0; i < f->nparts; i++)
        for (int p = 0; p < L->parts[i]->npages; p++)
            L->pages[n++] = L->parts[i]->pages[p];
    /* the parts' documents live as long as the layout */
    L->own_docs = pb_xcalloc((size_t)f->nparts, sizeof *L->own_docs);
    for (int i = 0; i < f->nparts; i++)
        if (f->parts[i] != f->doc)
            L->own_docs[L->nown_docs++] = f->parts[i];
    f->nparts = 0;
    *natural = pb_layout_fill(L, L->npages - 1);
    justify(L);
    add_bands(L, f->fonts, &f->o->build, d);
    return L;
}

static void fitter_init(fitter *f, const pb_doc *doc, const pb_template *t, pb_fonts *fonts,
                        const pb_board_opts *o)
{
    *f = (fitter){.doc = doc, .t = t, .fonts = fonts, .o = o, .build = o->build};
    f->build.spread_figures = true;
    f->parts = pb_xcalloc((size_t)doc->nblocks + 1, sizeof *f->parts);
}

pb_layout *pb_board_set_at(const pb_doc *doc, const pb_template *t, pb_fonts *fonts,
                           const pb_board_opts *o, pb_len size, pb_diags *d)
{
    fitter f;
    fitter_init(&f, doc, t, fonts, o);
    set_parts(&f, NULL, 1);
    double natural;
    pb_layout *L = assemble(&f, size, &natural, d);
    set_parts(&f, NULL, 0);
    free(f.parts);
    return L;
}

long pb_board_overflow(const pb_layout *l)
{
    long chars;
    int lines;
    overset(l, &chars, &lines);
    return chars;
}

pb_layout *pb_board_build(const pb_doc *doc, const pb_template *t, pb_fonts *fonts,
                          const pb_board_opts *o, pb_diags *d)
{
    pb_len body = t->styles[PB_ROLE_BODY].size;
    pb_len lo = t->board.fit_min > 0 ? t->board.fit_min : body;
    pb_len hi = t->board.fit_max > lo ? t->board.fit_max : lo;
    hi = t->board.fit_short > hi ? t->board.fit_short : hi; /* a short text grows on */
    fitter f;
    fitter_init(&f, doc, t, fonts, o);
    int *first = pb_xcalloc((size_t)doc->nblocks + 1, sizeof *first);
    set_parts(&f, first, 1);
    pb_layout *L = NULL;
    double natural = 1;
    if (fits(&f, lo)) {
        L = assemble(&f, best_size(&f, lo, hi), &natural, d);
    } else if (o->no_overflow) {
        pb_diags quiet;
        pb_diags_init(&quiet);
        pb_template *st = board_template(&f, lo);
        pb_layout *one = pb_pagebuild(f.parts[0], st, fonts, &f.build, &quiet);
        long chars;
        int lines;
        overset(one, &chars, &lines);
        pb_error(d, doc->path, 0,
                 "the text does not fit one board even at the smallest body size, %.1f pt: %ld "
                 "characters (%d lines) are left over (shorten it, or leave out --no-overflow "
                 "to continue on more boards)",
                 PB_TO_PT(lo), chars, lines);
        pb_layout_free(one);
        free(st);
        pb_diags_fini(&quiet);
    } else {
        /* a series: the fewest parts that each fit a board */
        int k = 2, made = 1;
        for (; k <= doc->nblocks; k++) {
            made = pb_board_split(doc, k, first);
            set_parts(&f, first, made);
            if (made < k || fits(&f, lo))
                break;
        }
        if (made == f.nparts && fits(&f, lo)) {
            L = assemble(&f, best_size(&f, lo, hi), &natural, d);
        } else { /* sections too long for a board: flow on at the minimum */
            set_parts(&f, first, 1);
            L = assemble(&f, lo, &natural, d);
        }
    }
    if (L) {
        char fills[256] = "";
        for (int p = 0; p < L->npages && strlen(fills) + 8 < sizeof fills; p++)
            snprintf(fills + strlen(fills), sizeof fills - strlen(fills), "%s%.0f%%",
                     p ? " " : "", 100 * pb_layout_fill(L, p));
        pb_diag_add(d, PB_DIAG_NOTE, doc->path, 0,
                    "%d board%s, body text at %.2f pt (copyfit %.1f–%.1f pt), filled %s",
                    L->npages, L->npages > 1 ? "s" : "", PB_TO_PT(L->body_size), PB_TO_PT(lo),
                    PB_TO_PT(hi), fills);
        if (L->body_size >= hi && natural < MIN_NATURAL_FILL)
            pb_warn(d, doc->path, 0,
                    "the text fills only %.0f%% of the last board even at the largest body "
                    "size, %.1f pt, and is spaced out to fill it: add text or photos, or raise "
                    "the layout's copyfit maximum for short texts (board.copyfit.max_short)",
                    100 * natural, PB_TO_PT(hi));
    }
    set_parts(&f, first, 0);
    free(f.parts);
    free(first);
    return L;
}
