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
    pb_placeholder_ctx c = {&doc, "a3-news", 2, 6};
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
}

int main(void)
{
    static const check_test tests[] = {
        T(test_short_text_grows),           T(test_longer_text_shrinks_to_fill),
        T(test_long_text_becomes_a_series), T(test_split_balances_sections),
        T(test_tile_geometry),              T(test_placeholders),
    };
    return check_main_with_fonts(tests, (int)(sizeof tests / sizeof tests[0]), &fonts);
}
