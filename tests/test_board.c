/* Exhibition boards: copyfit (a short text grows, a long one shrinks or
 * flows on), series splitting and tiling geometry. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "check.h"
#include "fixture.h"
#include "layout/board.h"
#include "layout/placeholder.h"
#include "output/render.h"

static const char *BOARD =
    "name: test-board\n"
    "page: {size: 300x200mm, bleed: 3mm, margins: {top: 10mm, bottom: 10mm, left: 12mm, right: 12mm}}\n"
    "grid: {columns: 2, gutter: 8mm, baseline: 1.5em, column_rule: 0}\n"
    "board:\n"
    "  title_band: {height: 40mm, fill: \"#224466\"}\n"
    "  footer_band: {height: 12mm, text: \"{organizer} {board}/{boards}\"}\n"
    "  gap: 6mm\n"
    "  copyfit: {min: 12pt, max: 30pt}\n"
    "styles:\n"
    "  body: {size: 20pt, leading: 1line}\n"
    "  title: {size: 36pt, color: \"#ffffff\"}\n"
    "header: false\n"
    "footer: false\n";

static pb_fonts *fonts;

static pb_template *board(void)
{
    pb_diags d;
    pb_diags_init(&d);
    pb_template *t = pb_template_parse(BOARD, strlen(BOARD), "test-board.yaml", &d);
    pb_diags_print(&d, stderr);
    pb_diags_fini(&d);
    return t;
}

/* An article of `paras` paragraphs of `chars` Han characters, a head every
 * `every` paragraphs. */
static pb_doc *article(int paras, int chars, int every)
{
    pb_buf b = {0};
    pb_buf_adds(&b, "---\ntitle: 展板测试\norganizer: 望川县文化馆\n---\n\n");
    static const char *han = "河水清澈两岸绿意盎然志愿者巡河记录水质";
    for (int p = 0; p < paras; p++) {
        if (every && p % every == 0)
            pb_buf_addf(&b, "## 第%d部分\n\n", p / every + 1);
        for (int c = 0; c < chars; c++)
            pb_buf_add(&b, han + 3 * ((p + c) % 19), 3);
        pb_buf_adds(&b, "。\n\n");
    }
    return fixture_doc(&b, "board.md");
}

static pb_layout *set(pb_doc *doc, pb_template *t, bool no_overflow, pb_diags *d)
{
    pb_board_opts o = {.no_overflow = no_overflow};
    return pb_board_build(doc, t, fonts, &o, d);
}

static void test_short_text_grows(void)
{
    pb_template *t = board();
    pb_doc *doc = article(2, 40, 0);
    pb_diags d;
    pb_diags_init(&d);
    pb_layout *l = set(doc, t, false, &d);
    CHECK(l && l->npages == 1);
    CHECK(l && l->body_size == PB_PT(30)); /* the maximum: a short text is set large */
    CHECK(d.n >= 2 && strstr(d.v[d.n - 2].msg, "body text at 30.00 pt"));
    /* and the print shop is told the board stays half empty */
    CHECK(d.n >= 2 && d.v[d.n - 1].sev == PB_DIAG_WARNING && strstr(d.v[d.n - 1].msg, "fills only"));
    pb_layout_free(l);
    pb_diags_fini(&d);
    pb_doc_free(doc);
    pb_template_free(t);
}

static void test_longer_text_shrinks_to_fill(void)
{
    pb_template *t = board();
    pb_doc *doc = article(8, 90, 0);
    pb_diags d;
    pb_diags_init(&d);
    pb_layout *l = set(doc, t, false, &d);
    CHECK(l && l->npages == 1);
    CHECK(l && l->body_size > PB_PT(12) && l->body_size < PB_PT(30));
    if (l) {
        /* a quarter point more would not fit: the board is full */
        pb_template *bigger = pb_template_scaled(t, l->body_size + PB_PT(0.25));
        pb_layout *over = pb_pagebuild(doc, bigger, fonts, NULL, &d);
        CHECK(over->npages > 1);
        pb_layout_free(over);
        free(bigger);
    }
    pb_layout_free(l);
    pb_diags_fini(&d);
    pb_doc_free(doc);
    pb_template_free(t);
}

static void test_long_text_becomes_a_series(void)
{
    pb_template *t = board();
    pb_doc *doc = article(24, 120, 4);
    pb_diags d;
    pb_diags_init(&d);
    pb_layout *l = set(doc, t, false, &d);
    CHECK(l && l->npages >= 2);
    CHECK(l && l->body_size >= PB_PT(12));
    /* each board starts at a section head and is numbered n/N in its footer */
    for (int p = 0; l && p < l->npages; p++) {
        bool numbered = false, head_first = false, seen_text = false;
        char want[32];
        snprintf(want, sizeof want, "%d/%d", p + 1, l->npages);
        for (int i = 0; i < l->pages[p].nels; i++) {
            const pb_el *e = &l->pages[p].els[i];
            if (e->kind != PB_EL_LINE)
                continue;
            char *txt = pb_line_text(e->para, e->line);
            numbered = numbered || (!strcmp(e->what, "footer") && strstr(txt, want));
            if (!seen_text && (!strcmp(e->what, "head") || !strcmp(e->what, "body"))) {
                head_first = !strcmp(e->what, "head");
                seen_text = true;
            }
            free(txt);
        }
        CHECK(numbered);
        CHECK(head_first);
    }
    pb_layout_free(l);
    pb_diags_fini(&d);
    /* --no-overflow refuses, naming what is left over */
    pb_diags_init(&d);
    l = set(doc, t, true, &d);
    CHECK(l == NULL);
    CHECK(pb_diags_failed(&d) && strstr(d.v[d.n - 1].msg, "characters") &&
          strstr(d.v[d.n - 1].msg, "left over"));
    pb_diags_fini(&d);
    pb_doc_free(doc);
    pb_template_free(t);
}

static void test_split_balances_sections(void)
{
    pb_doc *doc = article(12, 50, 2); /* six sections of equal weight */
    int first[8];
    CHECK_EQ_INT(pb_board_split(doc, 3, first), 3);
    CHECK_EQ_INT(first[0], 0);
    for (int i = 1; i < 3; i++)
        CHECK(doc->blocks[first[i]].kind == PB_BLOCK_HEAD);
    /* two sections each: blocks head, para, para per section */
    CHECK_EQ_INT(first[1], 6);
    CHECK_EQ_INT(first[2], 12);
    CHECK_EQ_INT(pb_board_split(doc, 10, first), 6); /* no more parts than sections */
    pb_doc_free(doc);
}

/* ---- boards that look designed -------------------------------------------- */

static pb_template *shipped(const char *name)
{
    pb_diags d;
    pb_diags_init(&d);
    pb_template *t = pb_template_load(name, "layouts", &d);
    pb_diags_print(&d, stderr);
    pb_diags_fini(&d);
    return t;
}

static const char *const BOARDS[] = {"board-90x120", "board-120x90", "rollup-80x200", "poster-a0",
                                     "poster-a1"};

/* An article of about `chars` Han characters in paragraphs of 120, a head
 * every four, and `photos` photos of examples/img spread through it; front
 * matter with or without title and footer fields. Read as if in examples/. */
static pb_doc *generated(int chars, int photos, bool front)
{
    static const char *han = "河水清澈两岸绿意盎然志愿者巡河记录水质春天里柳树发芽鸟儿归来村民们沿着堤岸散步";
    static const char *img[] = {"img/wetland.jpg", "img/museum.jpg", "img/volunteers.jpg"};
    int nhan = (int)g_utf8_strlen(han, -1), paras = (chars + 119) / 120;
    pb_buf b = {0};
    if (front)
        pb_buf_adds(&b, "---\nkicker: 望川县文化馆\ntitle: 清水河生态展\norganizer: 望川县文化馆\n"
                        "date: 2026-12-07\n---\n\n");
    for (int p = 0, left = chars, fig = 0; p < paras; p++, left -= 120) {
        if (p > 0 && p % 4 == 0)
            pb_buf_addf(&b, "## 第%d部分\n\n", p / 4 + 1);
        for (int c = 0; c < (left < 120 ? left : 120) - 1; c++)
            pb_buf_add(&b, han + 3 * ((p * 7 + c) % nhan), 3);
        pb_buf_adds(&b, "。\n\n");
        if (fig < photos && (p + 1) * photos >= (fig + 1) * paras) {
            pb_buf_addf(&b, "![图%d　巡河的志愿者](%s)\n\n", fig + 1, img[fig % 3]);
            fig++;
        }
    }
    return fixture_doc(&b, "examples/generated.md");
}

static pb_layout *on_board(const pb_doc *doc, const pb_template *t, pb_diags *d)
{
    pb_board_opts o = {0};
    return pb_board_build(doc, t, fonts, &o, d);
}

/* Elements whose `what` is what, on page p. */
static int count_what(const pb_layout *l, int p, const char *what)
{
    int n = 0;
    for (int i = 0; i < l->pages[p].nels; i++)
        n += !strcmp(l->pages[p].els[i].what, what);
    return n;
}

/* Every band drawn holds something: a line of text or a logo inside it. */
static bool bands_hold_something(const pb_layout *l, int p)
{
    const pb_page *pg = &l->pages[p];
    for (int i = 0; i < pg->nels; i++) {
        const pb_el *b = &pg->els[i];
        if (b->kind != PB_EL_BOX || strcmp(b->what, "band"))
            continue;
        bool held = false;
        for (int k = 0; k < pg->nels && !held; k++) {
            const pb_el *e = &pg->els[k];
            held = e->col0 < 0 && (e->kind == PB_EL_LINE || !strcmp(e->what, "logo")) &&
                   e->y > b->y && e->y < b->y + b->h;
        }
        if (!held)
            return false;
    }
    return true;
}

/* The measure of a designed board: a 600-character article fills board-90x120 to
 * at least 0.85 of its columns' height, with no band left empty. */
static void test_short_article_fills_the_board(void)
{
    pb_template *t = shipped("board-90x120");
    pb_doc *doc = generated(600, 0, true);
    pb_diags d;
    pb_diags_init(&d);
    pb_layout *l = on_board(doc, t, &d);
    CHECK(l && l->npages == 1);
    if (l) {
        CHECK(pb_layout_fill(l, 0) >= 0.85);
        CHECK(l->body_size > t->board.fit_max); /* grown past the copyfit maximum */
        CHECK(l->body_size <= t->board.fit_short);
        CHECK(bands_hold_something(l, 0));
        CHECK_EQ_INT(count_what(l, 0, "band"), 2);
        /* the title grew with the body */
        CHECK(l->t->styles[PB_ROLE_TITLE].size > t->styles[PB_ROLE_TITLE].size);
        /* gutters 1.5-2 em of the body */
        CHECK(l->t->gutter >= l->body_size * 3 / 2 && l->t->gutter <= 2 * l->body_size);
    }
    pb_layout_free(l);
    pb_diags_fini(&d);
    pb_doc_free(doc);
    pb_template_free(t);
}

/* A board with nothing for its title band or footer band draws neither,
 * and its columns start at the top margin. */
static void test_empty_bands_are_left_out(void)
{
    pb_template *t = shipped("board-90x120");
    pb_doc *doc = generated(600, 0, false);
    pb_diags d;
    pb_diags_init(&d);
    pb_layout *l = on_board(doc, t, &d);
    CHECK(l && l->npages == 1);
    if (l) {
        CHECK_EQ_INT(count_what(l, 0, "band"), 0);
        CHECK_EQ_INT(pb_template_area_top(l->t), t->margin_top);
        CHECK(pb_layout_fill(l, 0) >= 0.85);
    }
    pb_layout_free(l);
    pb_diags_fini(&d);
    pb_doc_free(doc);
    pb_template_free(t);
}

/* Photos go to the columns where they sit highest, not stacked in the
 * column their text is in while the others are empty. */
static void test_photos_spread_over_columns(void)
{
    for (size_t k = 0; k < 2; k++) {
        pb_template *t = shipped(BOARDS[k]);
        pb_doc *doc = generated(600, 2, true);
        pb_diags d;
        pb_diags_init(&d);
        pb_layout *l = on_board(doc, t, &d);
        int col[2] = {-1, -1}, n = 0;
        for (int i = 0; l && i < l->pages[0].nels; i++) {
            const pb_el *e = &l->pages[0].els[i];
            if (!strcmp(e->what, "figure") && n < 2)
                col[n++] = e->col0;
        }
        CHECK_EQ_INT(n, 2);
        CHECK(col[0] != col[1]);
        pb_layout_free(l);
        pb_diags_fini(&d);
        pb_doc_free(doc);
        pb_template_free(t);
    }
}

/* A roll-up is read standing: title and lead in the upper 60 % of its
 * height, nothing but the footer band's colour within 25 cm of the floor. */
static void test_rollup_reads_at_eye_level(void)
{
    pb_template *t = shipped("rollup-80x200");
    static const int cases[][2] = {{200, 0}, {200, 1}, {600, 3}, {1500, 2}, {3000, 0}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        pb_doc *doc = generated(cases[k][0], cases[k][1], true);
        pb_diags d;
        pb_diags_init(&d);
        pb_layout *l = on_board(doc, t, &d);
        for (int p = 0; l && p < l->npages; p++) {
            pb_len eye = (pb_len)(0.6 * t->page_h), floor = t->page_h - PB_MM(250);
            bool lead = false;
            for (int i = 0; i < l->pages[p].nels; i++) {
                const pb_el *e = &l->pages[p].els[i];
                if (!strcmp(e->what, "title") || (!lead && !strcmp(e->what, "body"))) {
                    CHECK(e->y < eye);
                    lead = lead || !strcmp(e->what, "body");
                }
                if (strcmp(e->what, "band"))
                    CHECK(e->y + (e->kind == PB_EL_LINE ? 0 : e->h) <= floor);
            }
            CHECK(lead);
        }
        pb_layout_free(l);
        pb_diags_fini(&d);
        pb_doc_free(doc);
    }
    pb_template_free(t);
}

/* Every board of a series is filled to within a few lines of the others. */
static void test_series_boards_fill_alike(void)
{
    for (size_t k = 0; k < sizeof BOARDS / sizeof BOARDS[0]; k++) {
        pb_template *t = shipped(BOARDS[k]);
        pb_doc *doc = generated(9000, 3, true);
        pb_diags d;
        pb_diags_init(&d);
        pb_layout *l = on_board(doc, t, &d);
        CHECK(l && l->npages >= 2);
        double lo = 1, hi = 0, line = 0;
        for (int p = 0; l && p < l->npages; p++) {
            double f = pb_layout_fill(l, p);
            lo = f < lo ? f : lo;
            hi = f > hi ? f : hi;
            line = (double)l->t->baseline / pb_template_area_height(l->t);
        }
        if (hi - lo > 3 * line)
            fprintf(stderr, "%s: fills %.3f..%.3f, a line is %.3f\n", BOARDS[k], lo, hi, line);
        CHECK(hi - lo <= 3 * line);
        pb_layout_free(l);
        pb_diags_fini(&d);
        pb_doc_free(doc);
        pb_template_free(t);
    }
}

/* Every board of the examples and of generated articles of 200 to 6000
 * characters with 0-3 photos is filled to at least 0.6 on every board
 * layout (tests/boardfill.py does the same through the command line with
 * the photos of tests/mkimages). */
static void test_every_board_is_filled(void)
{
    static const char *examples[] = {"examples/qingshui-river.md", "examples/short-notice.md"};
    static const int lengths[] = {200, 600, 1500, 3000, 6000};
    for (size_t k = 0; k < sizeof BOARDS / sizeof BOARDS[0]; k++) {
        pb_template *t = shipped(BOARDS[k]);
        for (size_t a = 0; a < 2 + 2 * sizeof lengths / sizeof lengths[0]; a++) {
            pb_diags d;
            pb_diags_init(&d);
            pb_doc *doc = a < 2 ? pb_doc_load(examples[a], &d)
                                : generated(lengths[(a - 2) / 2], (int)(a % 2) * 3, true);
            pb_layout *l = doc ? on_board(doc, t, &d) : NULL;
            CHECK(l != NULL);
            for (int p = 0; l && p < l->npages; p++) {
                double f = pb_layout_fill(l, p);
                if (f < 0.6)
                    fprintf(stderr, "%s, article %zu, board %d: fill %.2f\n", BOARDS[k], a, p + 1,
                            f);
                CHECK(f >= 0.6);
            }
            pb_layout_free(l);
            pb_doc_free(doc);
            pb_diags_fini(&d);
        }
        pb_template_free(t);
    }
}

/* Copyfit's size sweep: one text set at every quarter point from
 * below the copyfit minimum to the maximum; the characters left over past
 * the first board must not rise as the size falls. Before, on board-120x90
 * a text left 57 characters over at 24 pt, 35 at 23.5 pt and 604 at 23 pt:
 * a smaller size poured the text further, met a photo sooner and took it
 * onto the board. Photos now come first on a board and their room does not
 * depend on the size. What is left is the keeps' granularity: a head and
 * its two lines, a paragraph's first or last line going on to the next
 * column (CLR-40, 43) can cost each column up to KEEP_LINES lines at one
 * size and not at the next; a rise is allowed that much, a photo's worth
 * (twenty lines and more) is not. Returns the number of larger rises; the
 * largest fitting size is in *fit. */
enum { KEEP_LINES = 3 };

static long sweep(const pb_doc *doc, const pb_template *t, pb_len lo, pb_len hi, pb_len *fit)
{
    pb_board_opts o = {0};
    long prev = -1, rises = 0;
    *fit = 0;
    for (pb_len s = hi; s >= lo; s -= PB_UNIT / 4) {
        pb_diags d;
        pb_diags_init(&d);
        pb_layout *l = pb_board_set_at(doc, t, fonts, &o, s, &d);
        long over = pb_board_overflow(l);
        long per_line = (long)(pb_template_column_width(l->t) / s);
        if (prev >= 0 && over > prev + KEEP_LINES * l->t->columns * per_line) {
            fprintf(stderr, "%s at %.2f pt: %ld characters over, %ld a quarter point up\n",
                    t->name, PB_TO_PT(s), over, prev);
            rises++;
        }
        if (over == 0 && l->npages == 1 && *fit == 0)
            *fit = s;
        prev = over;
        pb_layout_free(l);
        pb_diags_fini(&d);
    }
    return rises;
}

static void test_copyfit_sweep_is_monotonic(void)
{
    pb_template *t = shipped("board-120x90");
    pb_diags d;
    pb_diags_init(&d);
    pb_doc *river = pb_doc_load("examples/qingshui-river.md", &d);
    pb_doc *docs[] = {river, generated(5000, 3, true), generated(1800, 3, true)};
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        pb_len fit;
        CHECK(docs[i] && sweep(docs[i], t, t->board.fit_min - PB_PT(4), t->board.fit_short, &fit) == 0);
        if (!docs[i] || fit == 0)
            continue;
        /* copyfit finds the largest size at which the text fits */
        pb_layout *l = on_board(docs[i], t, &d);
        CHECK(l && l->npages == 1 && l->body_size == fit);
        pb_layout_free(l);
    }
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
        pb_doc_free(docs[i]);
    pb_diags_fini(&d);
    pb_template_free(t);
}

static void test_tile_geometry(void)
{
    static const struct {
        double w, h, sw, sh, margin, ovl;
    } cases[] = {
        {3401.57, 2551.18, 841.89, 1190.55, 28.35, 28.35}, /* 1200x900 mm on A3, 10 mm */
        {2267.72, 5669.29, 595.28, 841.89, 28.35, 56.69},  /* 800x2000 mm on A4, 20 mm */
        {500, 700, 841.89, 1190.55, 28.35, 28.35},         /* smaller than a sheet */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        pb_tile tiles[512];
        int rows, cols;
        bool turn;
        int n = pb_tile_plan(cases[k].w, cases[k].h, cases[k].sw, cases[k].sh, cases[k].margin,
                             cases[k].ovl, tiles, 512, &rows, &cols, &turn);
        CHECK_EQ_INT(n, rows * cols);
        double pw = (turn ? cases[k].sh : cases[k].sw) - 2 * cases[k].margin;
        double ph = (turn ? cases[k].sw : cases[k].sh) - 2 * cases[k].margin;
        for (int i = 0; i < n; i++) {
            const pb_tile *t = &tiles[i];
            CHECK(t->w <= pw + 1e-6 && t->h <= ph + 1e-6); /* fits the printable area */
            if (t->col < cols) /* the right neighbour starts `overlap` before this ends */
                CHECK(fabs(t->x + t->w - tiles[i + 1].x - cases[k].ovl) < 1e-6);
            if (t->row < rows)
                CHECK(fabs(t->y + t->h - tiles[i + cols].y - cases[k].ovl) < 1e-6);
        }
        /* together they cover the page exactly */
        CHECK(fabs(tiles[n - 1].x + tiles[n - 1].w - cases[k].w) < 1e-6);
        CHECK(fabs(tiles[n - 1].y + tiles[n - 1].h - cases[k].h) < 1e-6);
        CHECK(tiles[0].x == 0 && tiles[0].y == 0);
        /* and no other orientation or count would do with fewer sheets */
        if (k == 2)
            CHECK_EQ_INT(n, 1);
    }
    pb_tile t[4];
    int rows, cols;
    bool turn;
    CHECK_EQ_INT(pb_tile_plan(1000, 1000, 100, 100, 10, 90, t, 4, &rows, &cols, &turn), 0);
}

/* Running heads and board footers share one expander and one set of keys. */
static void test_placeholders(void)
{
    pb_doc doc = {0};
    doc.meta.title = "标题", doc.meta.kicker = "引题", doc.meta.source = "来源";
    doc.meta.byline = "记者", doc.meta.date = "2026-12-07";
    pb_placeholder_ctx c = {&doc, "a3-news", 2, 6, NULL}; /* no date_format: as written */
    static const struct {
        const char *fmt, *out;
    } rows[] = {
        {"{kicker}  第{page}版", "引题  第2版"},
        {"{title} {subtitle}|{date} {byline} {source}", "标题 |2026-12-07 记者 来源"},
        {"{organizer} {board}/{boards} {pages}", "来源 2/6 6"}, /* organizer: the source */
        {"{layout} {nope} {} {page", "a3-news {nope} {} {page"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char *s = pb_placeholder_fill(rows[i].fmt, &c);
        CHECK_EQ_STR(s, rows[i].out);
        free(s);
    }
    char *none = pb_placeholder_fill(NULL, &c);
    CHECK_EQ_STR(none, "");
    free(none);
    doc.meta.organizer = "主办";
    char *org = pb_placeholder_fill("{organizer}", &c);
    CHECK_EQ_STR(org, "主办");
    free(org);
    /* the 版次 line: the page's 版名 and the date as the layout prints it */
    doc.meta.section = "要闻", doc.meta.date = "2026-12-07 08:05:09", doc.meta.lang = "zh-Hans";
    c.date_format = "{year}年{month}月{day}日 {weekday}";
    char *folio = pb_placeholder_fill("第{page}版 {section} {date}", &c);
    CHECK_EQ_STR(folio, "第2版 要闻 2026年12月7日 星期一");
    free(folio);
}

int main(void)
{
    static const check_test tests[] = {
        T(test_short_text_grows),           T(test_longer_text_shrinks_to_fill),
        T(test_long_text_becomes_a_series), T(test_split_balances_sections),
        T(test_tile_geometry),              T(test_placeholders),
        T(test_short_article_fills_the_board), T(test_empty_bands_are_left_out),
        T(test_photos_spread_over_columns), T(test_rollup_reads_at_eye_level),
        T(test_series_boards_fill_alike),   T(test_every_board_is_filled),
        T(test_copyfit_sweep_is_monotonic),
    };
    return check_main_with_fonts(tests, (int)(sizeof tests / sizeof tests[0]), &fonts);
}
