/* The keep rules hold wherever a column ends (CLR-40, CLR-43): no head at a
 * column's foot without two lines of its text, no first line of a paragraph
 * alone at a foot, no last line alone at a head. Articles of heads (##, ###
 * and ####, each level in its own style and kept alike) and
 * paragraphs of one to six lines, in a seeded pseudo-random mix, are made up
 * on newspaper layouts and every column's ends are read back from the
 * layout. A head followed by a three-line paragraph is the case that failed:
 * the head kept two lines, the first line kept the second, but the second
 * kept the third, so the chain broke after the first line; and a line moved
 * on to the next column was placed there without its keep being checked.
 * The same holds for articles with photos made up through page fitting,
 * whose every move (a photo narrower, cropped or across the middle of the
 * columns, a smaller body, a module) goes through the same pour. (Photos
 * with no room may follow the text onto a page of their own; the page where
 * the text ends counts as the last.)
 * KEEPS_TRACE=FILE writes the trace of a failing layout to FILE. */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "check.h"
#include "fixture.h"
#include "layout/fit.h"
#include "layout/page.h"

static pb_fonts *fonts;

static uint32_t rng = 12345;

static int next(int n)
{
    rng = rng * 1103515245u + 12345u;
    return (int)((rng >> 16) % (uint32_t)n);
}

/* An article of heads and paragraphs; a paragraph of k lines has about
 * 17 k characters (the a3-news column holds 17). */
static pb_doc *article(int blocks, bool photos)
{
    static const char *han = "河水清澈两岸绿意盎然志愿者巡河记录水质";
    pb_buf b = {0};
    pb_buf_adds(&b, "---\ntitle: 规则测试\n---\n\n");
    for (int i = 0; i < blocks; i++) {
        if (photos && next(7) == 0)
            pb_buf_addf(&b, "![△第%d张照片。记者 某某 摄](examples/img/%s.jpg)\n\n", i + 1,
                        next(2) ? "wetland" : "volunteers");
        if (next(4) == 0) { /* ##, ### or ####: head, head2, head3, each kept alike */
            pb_buf_addf(&b, "%.*s 第%d节\n\n", 2 + next(3), "####", i + 1);
            continue;
        }
        int chars = 17 * (1 + next(6)) - next(8);
        for (int c = 0; c < chars; c++)
            pb_buf_add(&b, han + 3 * ((i + c) % 19), 3);
        pb_buf_adds(&b, "。\n\n");
    }
    return fixture_doc(&b, "keeps.md");
}

static bool is_head(const pb_el *e)
{
    return !strcmp(e->what, "head") || !strcmp(e->what, "head2") || !strcmp(e->what, "head3");
}

/* The text lines of column c of a page, top to bottom (the layout lists a
 * column's lines in order). */
static int column_lines(const pb_page *pg, int c, const pb_el **out, int max)
{
    int n = 0;
    for (int i = 0; i < pg->nels && n < max; i++) {
        const pb_el *e = &pg->els[i];
        if (e->kind == PB_EL_LINE && e->col0 == c && e->col1 == c &&
            (!strcmp(e->what, "body") || is_head(e)))
            out[n++] = e;
    }
    return n;
}

static int broken(const pb_layout *l, int columns, char *why, size_t n)
{
    int bad = 0, text_ends = 0; /* the page where the text ends */
    for (int p = 0; p < l->npages; p++)
        for (int c = 0; c < columns; c++) {
            const pb_el *ls[1];
            if (column_lines(&l->pages[p], c, ls, 1))
                text_ends = p;
        }
    for (int p = 0; p < l->npages; p++)
        for (int c = 0; c < columns; c++) {
            const pb_el *ls[512];
            int k = column_lines(&l->pages[p], c, ls, 512);
            if (k == 0)
                continue;
            const pb_el *foot = ls[k - 1], *top = ls[0];
            bool last_page = p >= text_ends;
            const char *err = NULL;
            if (is_head(foot) && !last_page)
                err = "a head at a column's foot";
            else if (!strcmp(foot->what, "body") && foot->line == 0 && foot->para->nlines > 1)
                err = "a paragraph's first line alone at a column's foot";
            else if (!strcmp(top->what, "body") && top->line == top->para->nlines - 1 &&
                     top->para->nlines > 1 && (k == 1 || ls[1]->para != top->para) &&
                     !(c == 0 && p == 0))
                err = "a paragraph's last line alone at a column's head";
            if (err && bad++ == 0)
                snprintf(why, n, "page %d column %d: %s", p + 1, c + 1, err);
        }
    return bad;
}

static void check_layout(const char *layout, int articles, bool fitted)
{
    pb_diags d;
    pb_diags_init(&d);
    pb_template *t = pb_template_load(layout, "layouts", &d);
    CHECK(t != NULL);
    int total = 0;
    for (int a = 0; t && a < articles; a++) {
        pb_doc *doc = article(30 + next(40), fitted);
        pb_fit_opts o = {0};
        pb_layout *l = fitted ? pb_fit_build(doc, t, fonts, &o, &d)
                              : pb_pagebuild(doc, t, fonts, NULL, &d);
        CHECK(l != NULL);
        char why[160] = "";
        int bad = l ? broken(l, l->t->columns, why, sizeof why) : 0;
        if (bad) {
            fprintf(stderr, "  %s, article %d: %d broken column ends, first %s\n", layout, a,
                    bad, why);
            if (getenv("KEEPS_TRACE")) {
                FILE *f = fopen(getenv("KEEPS_TRACE"), "w");
                pb_layout_trace(l, f);
                fclose(f);
            }
        }
        total += bad;
        pb_layout_free(l);
        pb_doc_free(doc);
    }
    CHECK_EQ_INT(total, 0);
    pb_template_free(t);
    pb_diags_fini(&d);
}

static void test_a3_news(void) { check_layout("a3-news", 40, false); }
static void test_a4_handout(void) { check_layout("a4-handout", 25, false); }
static void test_broadsheet(void) { check_layout("broadsheet", 15, false); }
static void test_fitted_a3_news(void) { check_layout("a3-news", 25, true); }
static void test_fitted_a4_handout(void) { check_layout("a4-handout", 15, true); }
static void test_fitted_tabloid(void) { check_layout("tabloid", 15, true); }

int main(void)
{
    static const check_test tests[] = {
        T(test_a3_news),
        T(test_a4_handout),
        T(test_broadsheet),
        T(test_fitted_a3_news),
        T(test_fitted_a4_handout),
        T(test_fitted_tabloid),
    };
    return check_main_with_fonts(tests, (int)(sizeof tests / sizeof tests[0]), &fonts);
}
