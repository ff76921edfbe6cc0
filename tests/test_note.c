/* The editor's note (编者按) is one box, never divided across columns or
 * pages. It used to be poured like text: on broadsheet the seed's note was
 * cut into four pieces at the feet of three columns and the top of a
 * fourth. Now it is placed like a figure without a photo: across the fewest
 * columns at which it is at most figures.note_max_height of the column,
 * under the headline when it comes before the body text, at a column's top
 * when it comes later. Each layout is read back from its display list: one
 * "note-box" element, its lines inside it with the same columns, its height
 * whole grid lines (CLR-7), nothing of the text above it in its columns. */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "check.h"
#include "fixture.h"
#include "layout/page.h"

static pb_fonts *fonts;

static const char *HAN = "河水清澈两岸绿意盎然志愿者巡河记录水质";

/* n characters of running text into b, then a full stop. */
static void han(pb_buf *b, int n, int seed)
{
    for (int c = 0; c < n; c++)
        pb_buf_add(b, HAN + 3 * ((seed + c) % 19), 3);
    pb_buf_adds(b, "。");
}

/* An article: `before` paragraphs, a note of `note` characters (none when
 * 0), `after` paragraphs; each paragraph about `para` characters. */
static pb_doc *article(int before, int note, int after, int para)
{
    pb_buf b = {0};
    pb_buf_adds(&b, "---\ntitle: 编者按测试\n---\n\n");
    for (int i = 0; i < before; i++) {
        han(&b, para, i);
        pb_buf_adds(&b, "\n\n");
    }
    if (note > 0) {
        pb_buf_adds(&b, "> **编者按** ");
        han(&b, note, 7);
        pb_buf_adds(&b, "\n\n");
    }
    for (int i = 0; i < after; i++) {
        han(&b, para, i + 3);
        pb_buf_adds(&b, "\n\n");
    }
    return fixture_doc(&b, "note.md");
}

typedef struct {
    int boxes, page;
    const pb_el *box;
    int lines, lines_inside, lines_above; /* note lines; inside the box; text above the box */
} note_use;

static bool is_text(const pb_el *e)
{
    return e->kind == PB_EL_LINE && (!strcmp(e->what, "body") || !strcmp(e->what, "head"));
}

/* Where the note's box went and what is around it. */
static note_use read_note(const pb_layout *l)
{
    note_use u = {0};
    for (int p = 0; p < l->npages; p++)
        for (int i = 0; i < l->pages[p].nels; i++) {
            const pb_el *e = &l->pages[p].els[i];
            if (e->kind == PB_EL_BOX && !strcmp(e->what, "note-box")) {
                u.boxes++;
                u.box = e;
                u.page = p;
            }
        }
    if (!u.box)
        return u;
    const pb_el *b = u.box;
    for (int p = 0; p < l->npages; p++)
        for (int i = 0; i < l->pages[p].nels; i++) {
            const pb_el *e = &l->pages[p].els[i];
            if (e->kind == PB_EL_LINE && !strcmp(e->what, "note")) {
                u.lines++;
                u.lines_inside += p == u.page && e->col0 == b->col0 && e->col1 == b->col1 &&
                                  e->x >= b->x && e->x + e->w <= b->x + b->w && e->y > b->y &&
                                  e->y < b->y + b->h;
            }
            if (p == u.page && is_text(e) && e->col0 <= b->col1 && e->col1 >= b->col0 &&
                e->y < b->y)
                u.lines_above++;
        }
    return u;
}

static pb_layout *build(const pb_doc *doc, const char *layout, pb_template **t, pb_diags *d)
{
    *t = pb_template_load(layout, "layouts", d);
    CHECK(*t != NULL);
    return *t ? pb_pagebuild(doc, *t, fonts, NULL, d) : NULL;
}

/* One box, every line of the note inside it, whole grid lines tall. */
static void check_whole(const pb_layout *l, const pb_template *t, const note_use *u,
                        const char *what)
{
    if (u->boxes != 1 || u->lines_inside != u->lines)
        fprintf(stderr, "  %s: %d note boxes, %d of %d note lines inside\n", what, u->boxes,
                u->lines_inside, u->lines);
    CHECK_EQ_INT(u->boxes, 1);
    CHECK(u->lines > 0);
    CHECK_EQ_INT(u->lines_inside, u->lines);
    CHECK(u->box && u->box->h % t->baseline == 0);
    CHECK_EQ_INT(u->lines_above, 0);
    (void)l;
}

/* The example article's note, before its body text: under the headline on
 * page 1 from the first column, across two columns on every newspaper
 * layout (about a fifth of a column is the most it may take). */
static void test_example_note_under_headline(void)
{
    static const struct {
        const char *layout;
        int span;
    } want[] = {{"a3-news", 2}, {"a4-handout", 2}, {"tabloid", 2}, {"broadsheet", 2}};
    pb_diags d;
    pb_diags_init(&d);
    pb_doc *doc = pb_doc_load("examples/qingshui-river.md", &d);
    CHECK(doc != NULL);
    for (size_t i = 0; doc && i < sizeof want / sizeof want[0]; i++) {
        pb_template *t;
        pb_layout *l = build(doc, want[i].layout, &t, &d);
        note_use u = l ? read_note(l) : (note_use){0};
        check_whole(l, t, &u, want[i].layout);
        CHECK_EQ_INT(u.page, 0);
        CHECK(u.box && u.box->col0 == 0);
        CHECK(u.box && u.box->col1 - u.box->col0 + 1 == want[i].span);
        pb_layout_free(l);
        pb_template_free(t);
    }
    pb_doc_free(doc);
    pb_diags_fini(&d);
}

static const char *const NEWSPAPERS[] = {"a3-news", "broadsheet", "tabloid", "a4-handout"};

/* doc on every newspaper layout: the note whole (check_whole), then what
 * more (may be NULL) asks of it, given the diagnostics the build gave. */
static void on_newspapers(pb_doc *doc,
                          void (*more)(const note_use *u, const pb_template *t, pb_diags *d))
{
    for (size_t i = 0; i < sizeof NEWSPAPERS / sizeof NEWSPAPERS[0]; i++) {
        pb_diags d;
        pb_diags_init(&d);
        pb_template *t;
        pb_layout *l = build(doc, NEWSPAPERS[i], &t, &d);
        note_use u = l ? read_note(l) : (note_use){0};
        check_whole(l, t, &u, NEWSPAPERS[i]);
        if (more)
            more(&u, t, &d);
        pb_layout_free(l);
        pb_template_free(t);
        pb_diags_fini(&d);
    }
    pb_doc_free(doc);
}

static void across_columns(const note_use *u, const pb_template *t, pb_diags *d)
{
    /* set in one column it would be taller than the column */
    CHECK(u->box && u->box->col1 > u->box->col0);
    CHECK(u->box && u->box->h <= pb_template_area_height(t));
    CHECK_EQ_INT((int)d->n, 0);
}

/* A note taller than a whole column at one column's width is still one box,
 * across as many columns as it needs. */
static void test_long_note_one_box(void) { on_newspapers(article(0, 1500, 12, 120), across_columns); }

/* A note met in the middle of the article goes whole to the top of a
 * column: nothing of the text above it in the columns it spans. */
static void test_middle_note_at_column_top(void) { on_newspapers(article(14, 300, 14, 150), NULL); }

/* On a board the note runs in the columns as before, each piece in its box:
 * a board's copyfit must find that less text ever fits as the size grows,
 * and a box across the board whose height follows the size would decide at
 * some sizes and not at others whether a photo still fits under it. */
static void test_board_note_flows(void)
{
    pb_diags d;
    pb_diags_init(&d);
    pb_doc *doc = article(0, 200, 4, 100);
    pb_template *t;
    pb_layout *l = build(doc, "board-90x120", &t, &d);
    int lines = 0, outside = 0, boxes = 0;
    for (int p = 0; l && p < l->npages; p++) {
        const pb_page *pg = &l->pages[p];
        for (int i = 0; i < pg->nels; i++) {
            const pb_el *e = &pg->els[i];
            boxes += e->what && !strcmp(e->what, "note-box");
            if (e->kind != PB_EL_LINE || !e->what || strcmp(e->what, "note"))
                continue;
            lines++;
            bool in = false;
            for (int k = 0; k < pg->nels && !in; k++) {
                const pb_el *b = &pg->els[k];
                in = b->what && !strcmp(b->what, "note-box") && e->x >= b->x &&
                     e->x + e->w <= b->x + b->w && e->y > b->y && e->y <= b->y + b->h;
            }
            outside += !in;
        }
    }
    CHECK(lines > 0 && boxes > 0);
    CHECK(outside == 0);
    pb_layout_free(l);
    pb_template_free(t);
    pb_doc_free(doc);
    pb_diags_fini(&d);
}

/* A note taller than a page even across every column cannot be one box: it
 * runs on as text, with a warning that names the article and its line. */
static void test_note_taller_than_page(void)
{
    pb_diags d;
    pb_diags_init(&d);
    pb_doc *doc = article(1, 10000, 1, 100);
    pb_template *t;
    pb_layout *l = build(doc, "a4-handout", &t, &d);
    CHECK(l != NULL);
    bool warned = false;
    for (size_t i = 0; i < d.n; i++)
        warned = warned || (d.v[i].sev == PB_DIAG_WARNING && d.v[i].file &&
                            !strcmp(d.v[i].file, "note.md") && d.v[i].line > 0 &&
                            strstr(d.v[i].msg, "taller than a page"));
    CHECK(warned);
    note_use u = l ? read_note(l) : (note_use){0};
    CHECK(u.boxes > 1);
    pb_layout_free(l);
    pb_template_free(t);
    pb_doc_free(doc);
    pb_diags_fini(&d);
}

/* An empty note is left out with a warning, not drawn as an empty box. */
static void test_empty_note(void)
{
    pb_diags d;
    pb_diags_init(&d);
    pb_buf b = {0};
    pb_buf_adds(&b, "---\ntitle: 空\n---\n\n> **编者按**\n\n正文一段。\n");
    pb_doc *doc = fixture_doc(&b, "empty.md");
    pb_template *t;
    pb_layout *l = build(doc, "a3-news", &t, &d);
    CHECK(l != NULL);
    note_use u = l ? read_note(l) : (note_use){0};
    CHECK(u.boxes <= 1);
    CHECK(u.boxes == 0 || u.lines > 0);
    pb_layout_free(l);
    pb_template_free(t);
    pb_doc_free(doc);
    pb_diags_fini(&d);
}

int main(void)
{
    static const check_test tests[] = {
        T(test_example_note_under_headline),
        T(test_long_note_one_box),
        T(test_middle_note_at_column_top),
        T(test_board_note_flows),
        T(test_note_taller_than_page),
        T(test_empty_note),
    };
    return check_main_with_fonts(tests, (int)(sizeof tests / sizeof tests[0]), &fonts);
}
