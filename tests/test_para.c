/* The paragraph builder: break rules (CLREQ.md CLR-12…17), punctuation widths
 * (CLR-21…24), Han–Latin space (CLR-30) and justification (CLR-33…35). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "check.h"
#include "text/para.h"

static pb_fonts *fonts;

static pb_style body_style(void)
{
    return (pb_style){.family = "Noto Serif CJK SC", .weight = 400, .size = PB_PT(10),
                      .leading = PB_PT(15), .indent = PB_PT(20), .align = PB_ALIGN_JUSTIFY};
}

static pb_para *set(pb_arena *a, const pb_style *st, const char *s, double measure_em)
{
    pb_text t = {.s = (char *)s, .len = (int)strlen(s)};
    pb_para_settings set = pb_para_settings_default();
    return pb_para_set(fonts, &t, st, "zh-cn", st->indent, (pb_len)(measure_em * st->size), &set,
                       a, NULL);
}

static void test_break_rules(void)
{
    static const struct {
        const char *a, *b;
        bool allowed;
        const char *why;
    } cases[] = {
        {"字", "字", true, "between Han"},
        {"字", "，", false, "CLR-12: comma never starts a line"},
        {"字", "。", false, "CLR-12: full stop never starts a line"},
        {"字", "”", false, "CLR-12: closing quote never starts a line"},
        {"“", "字", false, "CLR-12: opening quote never ends a line"},
        {"《", "字", false, "CLR-12: opening title mark never ends a line"},
        {"字", "“", true, "CLR-4: a break before an opening quote (Pango forbids it)"},
        {"”", "字", true, "CLR-4: a break after a closing quote (Pango forbids it)"},
        {"。", "“", true, "between a stop and an opening quote"},
        {"字", "·", false, "CLR-17: never before the middle dot"},
        {"·", "字", false, "CLR-17: never after the middle dot"},
        {"—", "—", false, "CLR-15: never inside the two-em dash"},
        {"…", "…", false, "CLR-15: never inside the ellipsis"},
        {"字", "—", false, "CLR-14: the dash does not start a line"},
        {"2", "年", false, "CLR-16: a number stays with its unit"},
        {"5", "%", false, "CLR-16: a number stays with its percent sign"},
        {"字", "、", false, "CLR-12: enumeration comma never starts a line"},
        {"字", "）", false, "CLR-12: closing bracket never starts a line"},
        {"（", "字", false, "CLR-12: opening bracket never ends a line"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int n;
        uint32_t a = pb_utf8_decode(cases[i].a, strlen(cases[i].a), &n);
        uint32_t b = pb_utf8_decode(cases[i].b, strlen(cases[i].b), &n);
        /* the UAX #14 answer is the opposite, to see that our rule decides */
        bool got = pb_cjk_break_allowed(a, b, 0, !cases[i].allowed);
        if (got != cases[i].allowed)
            fprintf(stderr, "  case %zu: %s\n", i, cases[i].why);
        CHECK(got == cases[i].allowed);
    }
}

/* Sum of the widths of the boxes that hold text s (first match). */
static const pb_item *find_box(const pb_para *p, const char *s)
{
    for (int i = 0; i < p->nitems; i++) {
        const pb_item *it = &p->items[i];
        if (it->kind == PB_ITEM_BOX && it->run >= 0 && (int)strlen(s) == it->b1 - it->b0 &&
            memcmp(p->text + it->b0, s, strlen(s)) == 0)
            return it;
    }
    return NULL;
}

static void test_punctuation_widths(void)
{
    pb_arena *a = pb_arena_new();
    pb_style st = body_style();
    st.indent = 0;
    pb_para *p = set(a, &st, "甲，乙。”丙“丁", 40);
    const pb_item *comma = find_box(p, "，"), *stop = find_box(p, "。");
    const pb_item *open = find_box(p, "“"), *close = find_box(p, "”");
    CHECK(comma && stop && open && close);
    /* CLR-21: the box holds the ink only: half an em */
    CHECK_EQ_INT(comma->width, PB_PT(5));
    CHECK_EQ_INT(open->width, PB_PT(5));
    CHECK(open->x_shift == -PB_PT(5)); /* the ink of an opening mark is on its right */
    CHECK_EQ_INT(open->x_shift, -PB_PT(5));
    /* the comma's blank is glue after it, breakable and shrinkable */
    const pb_item *g = comma + 1;
    CHECK(g->kind == PB_ITEM_GLUE && g->brk);
    CHECK_EQ_INT(g->width, PB_PT(5));
    CHECK_EQ_INT(g->shrink, PB_PT(5));
    /* CLR-22: 。” is 1.5 em: no blank between them (a hair only) */
    const pb_item *between = stop + 1;
    CHECK(between->kind == PB_ITEM_GLUE && !between->brk);
    CHECK(between->width < PB_PT(0.05));
    /* ”丙 is a legal break and 丙“ too (CLR-4) */
    CHECK((close + 1)->kind == PB_ITEM_GLUE && (close + 1)->brk);
    CHECK((open - 1)->kind == PB_ITEM_GLUE && (open - 1)->brk);
    pb_arena_free(a);
}

static void test_han_latin_space(void)
{
    pb_arena *a = pb_arena_new();
    pb_style st = body_style();
    st.indent = 0;
    /* CLR-30: a quarter em between Han and Latin; an author's space is replaced */
    pb_para *p1 = set(a, &st, "运用AI技术", 40);
    pb_para *p2 = set(a, &st, "运用 AI 技术", 40);
    const pb_item *g1 = find_box(p1, "用") + 1, *g2 = find_box(p2, "用") + 1;
    CHECK(g1->kind == PB_ITEM_GLUE && g2->kind == PB_ITEM_GLUE);
    CHECK_EQ_INT(g1->width, PB_PT(2.5));
    CHECK_EQ_INT(g2->width, PB_PT(2.5));
    /* no space and no break inside the Latin word */
    const pb_item *A = find_box(p1, "A");
    CHECK(A && (A + 1)->kind == PB_ITEM_BOX);
    pb_arena_free(a);
}

static const char *LONG =
    "“以前觉得政策理论离我们远，现在宣讲员用检修设备的例子讲科技创新，句句都往心坎里钻！”"
    "一线工人说。全市媒体从业人员AI运用培训班，2024年以来发稿超16.2万篇，共推外宣稿件超"
    "11300篇，在海外社交平台发稿400余条。良好的宣传效果（见《人民日报》报道）为高水平市企"
    "融合一体化发展提供了强大的舆论支持——这是“金昌经验”……";

static void line_bounds(const pb_para *p, int li, uint32_t *first, uint32_t *last)
{
    const pb_line *ln = &p->lines[li];
    *first = *last = 0;
    for (int i = ln->i0; i < ln->i1; i++)
        if (p->items[i].kind == PB_ITEM_BOX && p->items[i].run >= 0) {
            if (!*first)
                *first = p->items[i].c;
            *last = p->items[i].c;
        }
}

static void test_lines_legal_and_flush(void)
{
    pb_style st = body_style();
    for (int m = 9; m <= 24; m++) { /* many measures, so many break positions */
        pb_arena *a = pb_arena_new();
        pb_para *p = set(a, &st, LONG, m);
        CHECK(p->nlines > 1);
        for (int i = 0; i < p->nlines; i++) {
            uint32_t first, last;
            line_bounds(p, i, &first, &last);
            CHECK(!pb_cjk_no_start(first));
            CHECK(!pb_cjk_no_end(last));
            const pb_line *ln = &p->lines[i];
            /* CLR-33: every line but the last ends flush with the measure */
            if (!ln->last)
                CHECK(labs((long)(ln->width - ln->measure)) <= 2);
            CHECK(ln->width <= ln->measure + 2); /* never overfull */
        }
        pb_arena_free(a);
    }
}

/* CLR-34/35: slack goes evenly between Han characters, never into one gap. */
static void test_even_spacing(void)
{
    pb_arena *a = pb_arena_new();
    pb_style st = body_style();
    st.indent = 0;
    /* 10 Han and one Latin word with a space: the space must not take it all */
    pb_para *p = set(a, &st, "一二三四五六七八九十 word 十九八七六五四三二一甲乙丙丁戊己庚辛", 20.6);
    const pb_line *ln = &p->lines[0];
    CHECK(!ln->last && ln->ratio > 0);
    double han_gap = -1;
    for (int i = ln->i0 + 1; i < ln->i1 - 1; i++) {
        const pb_item *g = &p->items[i];
        if (g->kind != PB_ITEM_GLUE || p->items[i - 1].cls != PB_CC_HAN ||
            p->items[i + 1].cls != PB_CC_HAN)
            continue;
        double w = g->width + ln->ratio * g->stretch;
        if (han_gap < 0)
            han_gap = w;
        CHECK(fabs(w - han_gap) < 1); /* equal within 1/1024 pt */
    }
    CHECK(han_gap > 0);
    pb_arena_free(a);
}

static void test_glyph_pieces_match_width(void)
{
    pb_arena *a = pb_arena_new();
    pb_style st = body_style();
    pb_para *p = set(a, &st, LONG, 15);
    for (int i = 0; i < p->nlines; i++) {
        const pb_line *ln = &p->lines[i];
        const pb_piece *last = &ln->pieces[ln->npieces - 1];
        pb_len w = 0;
        for (int g = 0; g < last->gi.glyphs->num_glyphs; g++)
            w += last->gi.glyphs->glyphs[g].geometry.width;
        /* the drawn advance ends where the line ends: positions do not drift */
        CHECK(labs((long)(last->x + w - ln->width)) <= 2);
    }
    pb_arena_free(a);
}

static void test_emergency_break(void)
{
    pb_arena *a = pb_arena_new();
    pb_style st = body_style();
    st.indent = 0;
    pb_para *p = set(a, &st, "Supercalifragilisticexpialidocious汉字", 5);
    CHECK(p->nlines >= 3);
    for (int i = 0; i < p->nlines; i++)
        CHECK(p->lines[i].width <= p->lines[i].measure + 2);
    pb_arena_free(a);
}

int main(void)
{
    pb_diags d;
    pb_diags_init(&d);
    fonts = pb_fonts_new("fonts/fonts.conf", &d);
    if (!fonts) {
        pb_diags_print(&d, stderr);
        return 1;
    }
    static const check_test tests[] = {
        T(test_break_rules),      T(test_punctuation_widths),      T(test_han_latin_space),
        T(test_lines_legal_and_flush), T(test_even_spacing),       T(test_glyph_pieces_match_width),
        T(test_emergency_break),
    };
    int rc = pb_check_main(tests, (int)(sizeof tests / sizeof tests[0]));
    pb_fonts_free(fonts);
    pb_diags_fini(&d);
    return rc;
}
