/* The paragraph builder: break rules (docs/clreq.md CLR-12…17), punctuation widths
 * (CLR-21…24), Han–Latin space (CLR-30) and justification (CLR-33…35). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "check.h"
#include "fixture.h"
#include "text/hyphen.h"
#include "text/para.h"

static pb_fonts *fonts;

static pb_style body_style(void)
{
    return (pb_style){.family = "Noto Serif CJK SC", .weight = 400, .size = PB_PT(10),
                      .leading = PB_PT(15), .indent = PB_PT(20), .align = PB_ALIGN_JUSTIFY};
}

static pb_para *set_with(pb_arena *a, const pb_style *st, const char *s, double measure_em,
                         const pb_para_settings *ps)
{
    pb_text t = {.s = (char *)s, .len = (int)strlen(s)};
    return pb_para_set(fonts, &t, st, "zh-cn", st->indent, (pb_len)(measure_em * st->size), ps, a,
                       NULL);
}

static pb_para *set(pb_arena *a, const pb_style *st, const char *s, double measure_em)
{
    pb_para_settings ps = pb_para_settings_default();
    return set_with(a, st, s, measure_em, &ps);
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
        bool got = pb_cjk_break_allowed(a, b, !cases[i].allowed, PB_BREAK_STRICT);
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
    CHECK_EQ_INT(g->shrink, PB_PT(5) - PB_PT(10) / 500); /* down to a hair, not to nothing */
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

/* The W3C clreq tables (Requirements for Chinese Text Layout, 3.1.7 and
 * appendix), written out here so the test does not use the engine's own
 * classes as its oracle. Each row names its rule; `ja` rows hold for
 * Japanese text too (JLREQ cl-04/cl-06/cl-11 for the small kana). */
static const struct {
    const char *chars, *rule;
} NEVER_START[] = {
    {"，。、；：？！", "CLR-12: pause and stop marks never start a line"},
    {"）］｝〕〉》」』】〗〙〛", "CLR-12: closing brackets never start a line"},
    {"’”", "CLR-12: closing quotation marks never start a line"},
    {"…‥", "CLR-14 (strict): the ellipsis never starts a line"},
    {"·・", "CLR-17: the middle dot never starts a line"},
    {"ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ", "CLR-12 ja: small kana never start a line"},
};
static const struct {
    const char *chars, *rule;
} NEVER_END[] = {
    {"（［｛〔〈《「『【〖〘〚", "CLR-12: opening brackets never end a line"},
    {"‘“", "CLR-12: opening quotation marks never end a line"},
};

static bool in_set(const char *set, uint32_t c)
{
    for (const unsigned char *s = (const unsigned char *)set; *s;) {
        uint32_t d = *s < 0x80 ? *s : *s < 0xE0 ? (*s & 0x1Fu) : *s < 0xF0 ? (*s & 0x0Fu) : (*s & 0x07u);
        int n = *s < 0x80 ? 1 : *s < 0xE0 ? 2 : *s < 0xF0 ? 3 : 4;
        for (int i = 1; i < n; i++)
            d = d << 6 | (s[i] & 0x3Fu);
        s += n;
        if (d == c)
            return true;
    }
    return false;
}

/* The rule a line starting with `first` and ending with `last` breaks, or NULL. */
static const char *broken_rule(uint32_t first, uint32_t last)
{
    for (size_t i = 0; i < sizeof NEVER_START / sizeof NEVER_START[0]; i++)
        if (in_set(NEVER_START[i].chars, first))
            return NEVER_START[i].rule;
    for (size_t i = 0; i < sizeof NEVER_END / sizeof NEVER_END[0]; i++)
        if (in_set(NEVER_END[i].chars, last))
            return NEVER_END[i].rule;
    return NULL;
}

/* The table itself: a sample of each row is what it says it is. */
static void test_clreq_table(void)
{
    CHECK(broken_rule(0xFF0C, 0x5B57) != NULL); /* ， */
    CHECK(broken_rule(0x3002, 0x5B57) != NULL); /* 。 */
    CHECK(broken_rule(0x00B7, 0x5B57) != NULL); /* · */
    CHECK(broken_rule(0x3063, 0x5B57) != NULL); /* っ */
    CHECK(broken_rule(0x5B57, 0x300A) != NULL); /* 《 */
    CHECK(broken_rule(0x5B57, 0x201C) != NULL); /* “ */
    CHECK(broken_rule(0x201C, 0x201D) == NULL); /* “…” is a whole line */
}

static void test_lines_legal_and_flush(void)
{
    pb_style st = body_style();
    /* LONG, and marks after almost every character: many measures, so many
     * break positions, and a prohibited one is often the cheapest */
    static const char *DENSE = "甲，乙。丙、丁；戊：己？庚！（辛）《壬》「癸」『子』【丑】“寅”‘卯’……辰·巳，"
                               "午。未、申；酉：戌？亥！（天）《地》「玄」『黄』【宇】“宙”‘洪’……荒·日，月。";
    for (int k = 0; k < 32; k++) {
        int m = 9 + k % 16;
        pb_arena *a = pb_arena_new();
        pb_para *p = set(a, &st, k < 16 ? LONG : DENSE, m);
        CHECK(p->nlines > 1);
        for (int i = 0; i < p->nlines; i++) {
            uint32_t first, last;
            line_bounds(p, i, &first, &last);
            const char *broken = broken_rule(first, last);
            if (broken) {
                char *txt = pb_line_text(p, i);
                fprintf(stderr, "%d em, line %d \"%s\": %s\n", m, i + 1, txt, broken);
                free(txt);
            }
            CHECK(broken == NULL);
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
    CHECK(!ln->last && ln->r1 > 0);
    double han_gap = -1;
    for (int i = ln->i0 + 1; i < ln->i1 - 1; i++) {
        const pb_item *g = &p->items[i];
        if (g->kind != PB_ITEM_GLUE || p->items[i - 1].cls != PB_CC_HAN ||
            p->items[i + 1].cls != PB_CC_HAN)
            continue;
        double w = g->width + ln->r1 * g->stretch + ln->r2 * g->stretch2;
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


/* CLR-11…14: what each strictness level allows (with UAX #14 saying yes). */
static void test_strictness_levels(void)
{
    static const struct {
        const char *a, *b;
        bool strict, normal, loose;
        const char *why;
    } cases[] = {
        {"字", "，", false, false, false, "CLR-12: at every level"},
        {"（", "字", false, false, false, "CLR-12: at every level"},
        {"字", "—", false, true, true, "CLR-14: only strict keeps the dash off a line start"},
        {"字", "…", false, false, false, "UAX #14 LB22: nothing breaks before the ellipsis"},
        {"—", "—", false, false, false, "CLR-15: never inside the two-em dash"},
        {"字", "～", false, false, true, "CLR-12 basic: connectors, not in loose"},
        {"2", "年", false, false, true, "CLR-16: number and unit, not in loose"},
        {"字", "·", false, false, false, "CLR-17: the interpunct at every level"},
        {"／", "字", false, false, true, "CLR-13: GB keeps the solidus off a line end"},
        {"字", "字", true, true, true, "between Han at every level"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int n;
        uint32_t a = pb_utf8_decode(cases[i].a, strlen(cases[i].a), &n);
        uint32_t b = pb_utf8_decode(cases[i].b, strlen(cases[i].b), &n);
        bool s = pb_cjk_break_allowed(a, b, true, PB_BREAK_STRICT);
        bool m = pb_cjk_break_allowed(a, b, true, PB_BREAK_NORMAL);
        bool l = pb_cjk_break_allowed(a, b, true, PB_BREAK_LOOSE);
        if (s != cases[i].strict || m != cases[i].normal || l != cases[i].loose)
            fprintf(stderr, "  case %zu (%s%s): %s\n", i, cases[i].a, cases[i].b, cases[i].why);
        CHECK(s == cases[i].strict && m == cases[i].normal && l == cases[i].loose);
    }
}

static const pb_item *glue_after(const pb_item *box) { return box + 1; }

/* CLR-25: the four punctuation styles. */
static void test_punctuation_styles(void)
{
    pb_style st = body_style();
    st.indent = 0;
    const char *text = "甲，乙。丙“丁”戊";
    static const struct {
        pb_punct_style style;
        double comma, stop, lead; /* blank after ，, after 。, kept before “ at a line start */
    } cases[] = {
        {PB_PUNCT_QUANJIAO, 5, 5, 5},
        {PB_PUNCT_HANGMOBANJIAO, 5, 5, 0},
        {PB_PUNCT_KAIMING, 0, 5, 0},
        {PB_PUNCT_BANJIAO, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pb_arena *a = pb_arena_new();
        pb_para_settings ps = pb_para_settings_default();
        ps.punct = cases[i].style;
        pb_para *p = set_with(a, &st, text, 40, &ps);
        const pb_item *comma = find_box(p, "，"), *stop = find_box(p, "。");
        const pb_item *open = find_box(p, "“");
        CHECK_EQ_INT(comma->width, PB_PT(5)); /* the ink box is half an em in every style */
        CHECK(fabs(PB_TO_PT(glue_after(comma)->width) - cases[i].comma) < 0.05);
        CHECK(fabs(PB_TO_PT(glue_after(stop)->width) - cases[i].stop) < 0.05);
        CHECK(fabs(PB_TO_PT(open->lead_blank) - cases[i].lead) < 0.05);
        pb_arena_free(a);
    }
}

/* CLR-22 in kaiming: 。” keeps the stop's blank, after the quote. */
static void test_kaiming_blank_moves_after_quote(void)
{
    pb_arena *a = pb_arena_new();
    pb_style st = body_style();
    st.indent = 0;
    pb_para_settings ps = pb_para_settings_default();
    ps.punct = PB_PUNCT_KAIMING;
    pb_para *p = set_with(a, &st, "乙。”丙", 40, &ps);
    const pb_item *stop = find_box(p, "。"), *close = find_box(p, "”");
    CHECK(glue_after(stop)->width < PB_PT(0.05));
    CHECK(fabs(PB_TO_PT(glue_after(close)->width) - 5) < 0.05);
    pb_arena_free(a);
}

/* CLR-2/26: Taiwan marks are centred and keep their full width. */
static void test_traditional_not_compressed(void)
{
    pb_arena *a = pb_arena_new();
    pb_style st = body_style();
    st.indent = 0;
    pb_typography typo = {.latin_spacing = 0.25, .char_stretch = 0.15, .last_line_chars = 2};
    pb_para_settings ps = pb_para_settings_from(&typo, "zh-tw");
    pb_text t = {.s = "甲，乙。", .len = (int)strlen("甲，乙。")};
    pb_para *p = pb_para_set(fonts, &t, &st, "zh-tw", 0, PB_PT(400), &ps, a, NULL);
    /* the centred comma keeps its em inside a line: the quarter em right
     * of its ink is glue that neither shrinks nor stays at a line end */
    const pb_item *comma = find_box(p, "，");
    CHECK_EQ_INT(comma->width, PB_PT(7.5));
    CHECK_EQ_INT(comma->x_shift, 0);
    CHECK((comma + 1)->kind == PB_ITEM_GLUE && (comma + 1)->brk);
    CHECK_EQ_INT((comma + 1)->width, PB_PT(2.5));
    CHECK_EQ_INT((comma + 1)->shrink, 0);
    /* a bracket is not a centred mark: its em stays whole */
    t = (pb_text){.s = "甲「乙」丙", .len = (int)strlen("甲「乙」丙")};
    p = pb_para_set(fonts, &t, &st, "zh-tw", 0, PB_PT(400), &ps, a, NULL);
    CHECK_EQ_INT(find_box(p, "「")->width, PB_PT(10));
    CHECK_EQ_INT(find_box(p, "」")->width, PB_PT(10));
    pb_arena_free(a);
}

/* The box of the mark s in text set in family, in language lang. */
static const pb_item *mark_in(pb_arena *a, const char *family, const char *lang, const char *text,
                              const char *s, pb_para **out)
{
    pb_style st = body_style();
    st.family = (char *)family;
    st.indent = 0;
    pb_typography typo = {.latin_spacing = 0.25, .char_stretch = 0.15, .last_line_chars = 2};
    pb_para_settings ps = pb_para_settings_from(&typo, lang);
    pb_text t = {.s = (char *)text, .len = (int)strlen(text)};
    pb_para *p = pb_para_set(fonts, &t, &st, lang, 0, PB_PT(400), &ps, a, NULL);
    *out = p;
    return find_box(p, s);
}

/* The glyph a box draws (its first). */
static PangoGlyph glyph_of(const pb_para *p, const pb_item *it)
{
    return p->runs[it->run].glyphs->glyphs[it->g0].glyph;
}

/* The note and caption face (LXGW WenKai) sets its marks as the body does:
 * its own “ ” are a third of an em wide and would jam against the Han
 * characters (「的“志愿红”，邻」); taken from the body's Noto face, each is
 * an em with the half-em treatment of CLR-21/22. */
static void test_kai_marks_as_body(void)
{
    static const char *TEXT = "的“志愿红”，邻‘里’。";
    static const char *MARKS[] = {"“", "”", "，", "‘", "’", "。"};
    pb_arena *a = pb_arena_new();
    for (size_t i = 0; i < sizeof MARKS / sizeof MARKS[0]; i++) {
        pb_para *kp, *bp;
        const pb_item *k = mark_in(a, "LXGW WenKai", "zh-cn", TEXT, MARKS[i], &kp);
        const pb_item *b = mark_in(a, "Noto Serif CJK SC", "zh-cn", TEXT, MARKS[i], &bp);
        CHECK(k && b);
        if (!k || !b)
            continue;
        if (k->width != b->width || k->x_shift != b->x_shift)
            fprintf(stderr, "  %s: %.2f pt in Kai, %.2f pt in the body\n", MARKS[i],
                    PB_TO_PT(k->width), PB_TO_PT(b->width));
        CHECK_EQ_INT(k->width, PB_PT(5));
        CHECK_EQ_INT(k->width, b->width);
        CHECK_EQ_INT(k->x_shift, b->x_shift);
        /* and the glue beside it */
        CHECK_EQ_INT((k + 1)->kind, (b + 1)->kind);
        CHECK_EQ_INT((k + 1)->width, (b + 1)->width);
        CHECK_EQ_INT((k - 1)->width, (b - 1)->width);
    }
    /* the Han characters stay in the Kai face */
    pb_para *kp;
    const pb_item *han = mark_in(a, "LXGW WenKai", "zh-cn", TEXT, "志", &kp);
    PangoFontDescription *fd = pango_font_describe(kp->runs[han->run].item->analysis.font);
    CHECK(!strcmp(pango_font_description_get_family(fd), "LXGW WenKai"));
    pango_font_description_free(fd);
    pb_arena_free(a);
}

/* Traditional marks are centred in the em (CLR-2, CLR-26) in a caption or
 * note as in the body: the Kai face's ，。、 sit lower left whatever the
 * language, so they are the body face's centred forms. The body's are the
 * TC face's (a zh-tw article is set in Noto CJK TC, not SC). */
static void test_traditional_marks_centred(void)
{
    static const char *TEXT = "學童「讀」書，說：「好。」你呢？對、是！";
    static const char *MARKS[] = {"，", "。", "、", "：", "？", "！"};
    pb_arena *a = pb_arena_new();
    for (size_t i = 0; i < sizeof MARKS / sizeof MARKS[0]; i++) {
        pb_para *kp, *bp, *sc;
        const pb_item *k = mark_in(a, "LXGW WenKai", "zh-tw", TEXT, MARKS[i], &kp);
        const pb_item *b = mark_in(a, "Noto Serif CJK SC", "zh-tw", TEXT, MARKS[i], &bp);
        const pb_item *s = mark_in(a, "Noto Serif CJK SC", "zh-cn", TEXT, MARKS[i], &sc);
        CHECK(k && b && s);
        if (!k || !b || !s)
            continue;
        CHECK_EQ_INT(glyph_of(kp, k), glyph_of(bp, b));
        CHECK_EQ_INT(k->width, b->width);
        if (!strcmp(MARKS[i], "，") || !strcmp(MARKS[i], "。") || !strcmp(MARKS[i], "、"))
            CHECK(glyph_of(bp, b) != glyph_of(sc, s)); /* not the mainland's lower-left form */
    }
    pb_para *bp;
    const pb_item *han = mark_in(a, "Noto Serif CJK SC", "zh-tw", TEXT, "學", &bp);
    PangoFontDescription *fd = pango_font_describe(bp->runs[han->run].item->analysis.font);
    CHECK(!strcmp(pango_font_description_get_family(fd), "Noto Serif CJK TC"));
    pango_font_description_free(fd);
    pb_arena_free(a);
}

/* Characters of the last line that are not marks. */
static int last_line_words(const pb_para *p)
{
    const pb_line *ln = &p->lines[p->nlines - 1];
    int n = 0;
    for (int i = ln->i0; i < ln->i1; i++)
        n += p->items[i].kind == PB_ITEM_BOX && p->items[i].word;
    return n;
}

/* CLR-39: no paragraph ends with one character alone on its last line; total
 * fit re-breaks the paragraph where first fit leaves one. */
static void test_no_single_character_last_line(void)
{
    pb_style st = body_style();
    st.indent = 0;
    const char *text = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子。";
    pb_arena *a = pb_arena_new();
    pb_para *ff = set(a, &st, text, 10);
    pb_linebreak_first_fit(ff, PB_PT(100), a);
    pb_lines_finish(ff, a);
    CHECK_EQ_INT(last_line_words(ff), 1); /* the case exists */
    pb_para *kp = set(a, &st, text, 10);
    CHECK(last_line_words(kp) >= 2);
    for (int i = 0; i < kp->nlines; i++)
        CHECK(kp->lines[i].last || labs((long)(kp->lines[i].width - PB_PT(100))) <= 2);
    pb_arena_free(a);
}

/* CLR-28: with hanging forced, a comma at a line end goes past the measure. */
static void test_hanging_punctuation(void)
{
    pb_style st = body_style();
    st.indent = 0;
    pb_para_settings ps = pb_para_settings_default();
    ps.hanging = PB_HANG_FORCE;
    pb_arena *a = pb_arena_new();
    pb_para *p = set_with(a, &st, "一二三四五六七八九十，一二三四五六七八九十，一二三四", 10, &ps);
    CHECK(p->nlines >= 2);
    const pb_line *ln = &p->lines[0];
    CHECK_EQ_INT(ln->hang, PB_PT(5));
    CHECK_EQ_INT(p->items[ln->i1 - 1].c, 0xFF0C);  /* the line ends with the comma */
    CHECK(labs((long)(ln->width - PB_PT(105))) <= 2); /* which stands in the margin */
    ps.hanging = PB_HANG_NONE;
    pb_para *q = set_with(a, &st, "一二三四五六七八九十，一二三四五六七八九十，一二三四", 10, &ps);
    for (int i = 0; i < q->nlines; i++)
        CHECK(q->lines[i].hang == 0 && q->lines[i].width <= PB_PT(100) + 2);
    pb_arena_free(a);
}

/* CLR-53: —— is one glyph, but each of its characters keeps a glyph of its
 * own for text extraction, and the pair is two em wide. */
static void test_two_em_dash(void)
{
    pb_style st = body_style();
    st.indent = 0;
    pb_arena *a = pb_arena_new();
    pb_para *p = set(a, &st, "发展——深入", 40);
    const pb_item *dash = find_box(p, "——");
    CHECK(dash != NULL && dash->g1 - dash->g0 == 1);
    CHECK_EQ_INT(dash->width, PB_PT(20));
    const pb_line *ln = &p->lines[0];
    int glyphs = 0;
    for (int i = 0; i < ln->npieces; i++)
        glyphs += ln->pieces[i].gi.glyphs->num_glyphs;
    CHECK_EQ_INT(glyphs, 6); /* 发 展 — (rule) — (carrier) 深 入 */
    pb_arena_free(a);
}

/* A long paragraph's bound: a 3,000-character paragraph breaks without trouble
 * (the timing itself is in bench/). */
static void test_long_paragraph(void)
{
    pb_style st = body_style();
    pb_buf b = {0};
    for (int i = 0; i < 100; i++)
        pb_buf_adds(&b, "全市媒体从业人员AI运用培训班，发稿超16.2万篇；“文明实践”");
    pb_arena *a = pb_arena_new();
    pb_para *p = set(a, &st, b.s, 17);
    CHECK(p->nlines > 150);
    for (int i = 0; i < p->nlines; i++)
        CHECK(p->lines[i].width <= PB_PT(170) + 2);
    pb_arena_free(a);
    pb_buf_fini(&b);
}

/* A glyph of a line where it is drawn, and the text it stands for. */
typedef struct {
    pb_len x;
    int byte;
} drawn;

static int by_x(const void *a, const void *b)
{
    const drawn *p = a, *q = b;
    return p->x < q->x ? -1 : p->x > q->x;
}

/* The pieces of line li are in visual order and do not overlap; their
 * glyphs' text lies in their text; a right-to-left piece's text offsets fall
 * from glyph to glyph, another's rise. Returns the glyphs of the line left to right in out (at most n). */
static int check_pieces(const pb_para *p, int li, drawn *out, int n)
{
    const pb_line *ln = &p->lines[li];
    int k = 0;
    pb_len prev_end = 0;
    for (int i = 0; i < ln->npieces; i++) {
        const pb_piece *pc = &ln->pieces[i];
        const PangoGlyphString *gs = pc->gi.glyphs;
        bool rtl = pc->gi.item->analysis.level & 1;
        CHECK(pc->x >= prev_end - 2);
        pb_len pos = 0;
        for (int g = 0; g < gs->num_glyphs; g++) {
            /* what Pango's cluster iterator asserts (it aborted here) */
            CHECK(gs->log_clusters[g] >= 0 && gs->log_clusters[g] < pc->gi.item->length);
            if (g > 0)
                CHECK(rtl ? gs->log_clusters[g] <= gs->log_clusters[g - 1]
                          : gs->log_clusters[g] >= gs->log_clusters[g - 1]);
            if (gs->glyphs[g].glyph != PANGO_GLYPH_EMPTY && k < n)
                out[k++] = (drawn){pc->x + pos + gs->glyphs[g].geometry.x_offset,
                                   pc->gi.item->offset + gs->log_clusters[g]};
            pos += gs->glyphs[g].geometry.width;
        }
        prev_end = pc->x + pos;
    }
    qsort(out, (size_t)k, sizeof *out, by_x);
    return k;
}

/* Line li's characters as drawn from left to right, spaces left out. */
static char *visual_text(const pb_para *p, int li)
{
    drawn d[256];
    int n = check_pieces(p, li, d, 256);
    pb_buf b = {0};
    for (int i = 0; i < n; i++) {
        if (i > 0 && d[i].byte == d[i - 1].byte)
            continue; /* a second glyph of the cluster */
        int adv;
        uint32_t c = pb_utf8_decode(p->text + d[i].byte, (size_t)(p->len - d[i].byte), &adv);
        if (c != ' ')
            pb_buf_add(&b, p->text + d[i].byte, (size_t)adv);
    }
    return b.s ? b.s : pb_xstrdup("");
}

/* Right-to-left runs in a left-to-right line (UAX #9 rule L2): a Hebrew or
 * Arabic word reads from right to left, numbers in it from left to right,
 * words of a right-to-left phrase from right to left; U+202E turns Han
 * around; a paragraph starting with Hebrew still runs left to right. Pango's
 * cluster iterator aborted on all of these. */
static void test_right_to_left(void)
{
    static const struct {
        const char *text, *visual;
    } rows[] = {
        {"中文אבג中文", "中文גבא中文"},
        {"中文אב 12 גד中文", "中文דג12בא中文"},
        {"abc שלום עולם def", "abcםלועםולשdef"},
        {"אבג中文", "גבא中文"},
        {"中مرحبا中", "中ابحرم中"},
        {"前\u202e后文\u202c尾", "前文后尾"},
        {"前\u202bאב\u202c尾", "前בא尾"},
    };
    pb_style st = body_style();
    st.indent = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        pb_arena *a = pb_arena_new();
        pb_para *p = set(a, &st, rows[i].text, 30);
        CHECK_EQ_INT(p->nlines, 1);
        char *v = visual_text(p, 0);
        CHECK_EQ_STR(v, rows[i].visual);
        free(v);
        pb_arena_free(a);
    }
    /* broken across lines, at the spaces between Hebrew words and by
     * emergency inside a word longer than the measure */
    pb_buf b = {0};
    for (int i = 0; i < 40; i++)
        pb_buf_adds(&b, "中文שלום עולם 12 מה中文، مرحبا بالعالم");
    pb_buf_adds(&b, "אבגדהוזחטיכלמנסעפצקרשת");
    pb_arena *a = pb_arena_new();
    pb_para *p = set(a, &st, b.s, 6);
    CHECK(p->nlines > 40);
    for (int li = 0; li < p->nlines; li++)
        free(visual_text(p, li));
    pb_arena_free(a);
    pb_buf_fini(&b);
}

/* A URL, an e-mail address and a path break after / . - ? & = _ # like a
 * browser's, with no hyphen. There was a line of two characters spread over
 * the whole column (a stretch ratio of 18): now no line stretches beyond the
 * line breaker's tolerance (badness 1000: at most 2.15 times what its gaps
 * may stretch, both levels together), a line ending in or at a URL is
 * justified only within its gaps' limits (else it is ragged), and every
 * break inside one is after one of those characters and before none. At 10
 * characters "longname@example-" alone is wider than the measure, and the
 * fallback breaks it anywhere: the measures start at 11. */
static const char *URL_PARA =
    "详情请访问https://www.example.gov.cn/zwgk/tzgg/2026/05/notice_20260518_abcdef.html?"
    "from=timeline&isappinstalled=0查询，或致信someone.longname@example-department.gov.cn，"
    "材料存放在/srv/archive/2026/river-report/final_version.pdf中。";

/* How far line ln stretches, as a share of what its gaps may stretch. */
static double stretch_ratio(const pb_para *p, const pb_line *ln)
{
    double st = 0, used = 0;
    for (int i = ln->i0; i < ln->i1; i++) {
        const pb_item *it = &p->items[i];
        if (it->kind != PB_ITEM_GLUE || it->ragged)
            continue;
        st += it->stretch + it->stretch2;
        used += (ln->r1 > 0 ? ln->r1 * it->stretch : 0) + ln->r2 * it->stretch2;
    }
    return used <= 0 ? 0 : st > 0 ? used / st : INFINITY;
}

static void test_url_breaks(void)
{
    pb_style st = body_style();
    const char *runs[] = {"https://", "someone.", "/srv/"};
    for (int m = 11; m <= 24; m++) {
        pb_arena *a = pb_arena_new();
        pb_para *p = set(a, &st, URL_PARA, m);
        int inside = 0;
        for (int i = 0; i < p->nlines; i++) {
            const pb_line *ln = &p->lines[i];
            CHECK(stretch_ratio(p, ln) <= 2.16);
            CHECK(ln->width <= ln->measure + 2);
            if (ln->last)
                continue;
            if (p->items[ln->i1].ragged)
                CHECK(ln->r1 <= 1 && ln->r2 <= 1);
            int end = -1; /* the byte where the next line starts */
            for (int k = ln->i1; k < p->nitems && end < 0; k++)
                if (p->items[k].kind == PB_ITEM_BOX && p->items[k].run >= 0)
                    end = p->items[k].b0;
            for (int r = 0; r < 3; r++) {
                const char *run = strstr(URL_PARA, runs[r]);
                int off = end - (int)(run - URL_PARA), len = (int)strcspn(run, "查，中");
                if (off <= 0 || off >= len)
                    continue;
                inside++;
                if (!strchr("/.-?&=_#", run[off - 1]) || strchr("/.-?&=_#", run[off]))
                    fprintf(stderr, "  %d em: broken at \"%.*s|%.*s\"\n", m, off, run, len - off,
                            run + off);
                CHECK(strchr("/.-?&=_#", run[off - 1]) != NULL);
                CHECK(strchr("/.-?&=_#", run[off]) == NULL);
            }
        }
        CHECK(inside > 0);
        pb_arena_free(a);
    }
}

/* A note reference "[1]" (PB_SPAN_NOTEREF) never starts a line: it stays
 * with the word it annotates, wherever the measure puts a break. */
static void test_note_reference_stays(void)
{
    pb_style st = body_style();
    st.indent = 0;
    const char *s = "甲乙丙丁戊己庚辛壬癸[1]子丑寅卯辰巳午未申酉[12]戌亥天地玄黄宇宙洪荒[3]。";
    pb_span spans[3];
    int n = 0;
    for (const char *p = s; (p = strchr(p, '[')); p++)
        spans[n++] = (pb_span){(int)(p - s), (int)(strchr(p, ']') + 1 - p), PB_SPAN_NOTEREF};
    pb_text t = {.s = (char *)s, .len = (int)strlen(s), .spans = spans, .nspans = n};
    for (int m = 4; m <= 14; m++) {
        pb_arena *a = pb_arena_new();
        pb_para_settings ps = pb_para_settings_default();
        pb_para *p = pb_para_set(fonts, &t, &st, "zh-cn", 0, PB_PT(10 * m), &ps, a, NULL);
        for (int i = 1; i < p->nlines; i++) {
            uint32_t first, last;
            line_bounds(p, i, &first, &last);
            CHECK(first != '[');
        }
        pb_arena_free(a);
    }
}

/* Whether paragraph p has a break between the boxes of the first place
 * where text a is followed by text b; a last-resort break (PB_LAST_RESORT)
 * is counted only when last_resort is set. -1 when the pair is not found. */
static int break_between(const pb_para *p, const char *a, const char *b, bool last_resort)
{
    size_t na = strlen(a), nb = strlen(b);
    for (int i = 0; i < p->nitems; i++) {
        const pb_item *x = &p->items[i];
        if (x->kind != PB_ITEM_BOX || x->run < 0 || x->b1 - x->b0 != (int)na ||
            memcmp(p->text + x->b0, a, na) != 0)
            continue;
        int j = i + 1;
        bool brk = false;
        for (; j < p->nitems && p->items[j].kind != PB_ITEM_BOX; j++) {
            const pb_item *g = &p->items[j];
            if (g->kind == PB_ITEM_GLUE && g->brk)
                brk = true;
            if (g->kind == PB_ITEM_PENALTY && g->penalty < PB_INF &&
                (last_resort || g->penalty != PB_LAST_RESORT))
                brk = true;
        }
        if (j < p->nitems && p->items[j].b1 - p->items[j].b0 == (int)nb &&
            memcmp(p->text + p->items[j].b0, b, nb) == 0)
            return brk;
    }
    return -1;
}

/* CLR-54: the interpunct between two names takes a centred half em on the
 * mainland and an em where marks are not compressed (Taiwan), whatever
 * advance the font gives U+00B7 (its Latin one, narrower): from the end of
 * 运 to the start of 唱 is that box, the dot in its middle. */
static void test_interpunct_width(void)
{
    pb_style st = body_style();
    st.indent = 0;
    for (int tw = 0; tw < 2; tw++) {
        pb_arena *a = pb_arena_new();
        pb_para_settings ps = pb_para_settings_default();
        ps.compress_punct = !tw;
        pb_para *p = set_with(a, &st, "工运·唱歌", 40, &ps);
        const pb_item *yun = find_box(p, "运"), *dot = find_box(p, "·"), *chang = find_box(p, "唱");
        CHECK(yun && dot && chang);
        if (!yun || !dot || !chang)
            continue;
        pb_len box = 0, before = 0;
        for (const pb_item *it = yun + 1; it < chang; it++) {
            if (it == dot)
                before = box;
            if (it->kind != PB_ITEM_PENALTY)
                box += it->width;
        }
        pb_len want = tw ? st.size : st.size / 2;
        CHECK(llabs(box - want) <= 2);
        CHECK(llabs(2 * before + dot->width - box) <= 2); /* centred */
        /* and no break on either side of it (CLR-17) */
        CHECK(break_between(p, "运", "·", true) == 0 && break_between(p, "·", "唱", true) == 0);
        pb_arena_free(a);
    }
}

static const pb_strictness LEVELS[] = {PB_BREAK_STRICT, PB_BREAK_NORMAL, PB_BREAK_LOOSE};
static const char *LEVEL_NAMES[] = {"strict", "normal", "loose"};

/* Whether the breaker allows a break between code points a and b at level
 * s: the rule alone (with UAX #14 saying yes and saying no: the CSS classes
 * must not depend on it) and a paragraph "a b" set through Pango. -2 when
 * the answers disagree. */
static int css_break(const char *a, const char *b, pb_strictness s)
{
    int n;
    uint32_t ca = pb_utf8_decode(a, strlen(a), &n), cb = pb_utf8_decode(b, strlen(b), &n);
    bool yes = pb_cjk_break_allowed(ca, cb, true, s), no = pb_cjk_break_allowed(ca, cb, false, s);
    char text[64];
    snprintf(text, sizeof text, "字%s%s字", a, b);
    pb_arena *ar = pb_arena_new();
    pb_style st = body_style();
    st.indent = 0;
    pb_para_settings ps = pb_para_settings_default();
    ps.strictness = s;
    int set = break_between(set_with(ar, &st, text, 40, &ps), a, b, false);
    pb_arena_free(ar);
    return yes == no && set == (int)yes ? (int)yes : -2;
}

/* CSS Text 3 §5.2, "Line Breaking Strictness", class by class: each
 * character of the class at each level, written out here from the
 * specification (and UAX #14 for the class members) rather than from the
 * engine's lists. Where paiban forbids more than CSS the row says why. */
static void test_css_line_break_classes(void)
{
    static const struct {
        const char *before, *chars, *after; /* a break between before|c or c|after */
        bool strict, normal, loose;
        const char *why;
    } cases[] = {
        {"字",
         "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｬｭｮ"
         "ｯ",
         NULL, false, true, true, "CJ small kana: only strict keeps them off a line start"},
        {"字", "ーｰ", NULL, false, true, true, "CJ prolonged sound mark: as the small kana"},
        {"字", "々〻ゝゞヽヾ", NULL, false, false, true, "iteration marks: loose only"},
        {"字", "゠", NULL, false, true, true, "CJK hyphen ゠: normal and loose"},
        {"字", "〜", NULL, false, false, true,
         "CJK hyphen 〜: loose only; normal keeps the connector off (GB, stricter than CSS)"},
        {"字", "‐–", NULL, false, false, true, "hyphens: loose, after an ideograph"},
        {"a", "‐–", NULL, false, false, false, "hyphens: not after a letter, even in loose"},
        {"字", "…‥⋯︙․", NULL, false, false, false, "inseparables: never before (UAX #14 LB22)"},
        {"…", "…", NULL, false, false, false,
         "inseparables: CSS loose breaks between two; paiban keeps …… whole (CLR-15)"},
        {"字", "・･：；！？‼⁇⁈⁉", NULL, false, false, false,
         "centred punctuation: CSS loose allows; paiban never starts a line with a pause "
         "or stop mark or interpunct (CLR-12, CLR-17)"},
        {"5", "°‰′″‵℃℉﹪％￠", NULL, false, false, true, "postfix characters: loose only"},
        {NULL, "¤±€№﹩＄￡￥￦", "5", false, false, true, "prefix characters: loose only"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *s = cases[i].chars;
        while (*s) {
            int n = (int)(g_utf8_next_char(s) - s);
            char c[8] = {0};
            memcpy(c, s, (size_t)n);
            s += n;
            for (int l = 0; l < 3; l++) {
                bool want = l == 0 ? cases[i].strict : l == 1 ? cases[i].normal : cases[i].loose;
                int got = cases[i].before ? css_break(cases[i].before, c, LEVELS[l])
                                          : css_break(c, cases[i].after, LEVELS[l]);
                if (got != (int)want)
                    fprintf(stderr, "  %s|%s|%s at %s: got %d, want %d: %s\n",
                            cases[i].before ? cases[i].before : "", c,
                            cases[i].after ? cases[i].after : "", LEVEL_NAMES[l], got, want,
                            cases[i].why);
                CHECK(got == (int)want);
            }
        }
    }
}

/* CLR-16: a dash between two numbers is part of the range: no break on
 * either side of it at any level, wherever the measure falls. */
static void test_dash_between_numbers(void)
{
    static const struct {
        const char *text, *left, *dash, *right;
    } cases[] = {
        {"时间为9:00—17:00，", "0", "—", "1"}, {"规划期为2020—2025年，", "0", "—", "2"},
        {"每年1—2月开放，", "1", "—", "2"},    {"时间为9:00——17:00，", "0", "——", "1"},
        {"约3–5天，", "3", "–", "5"},          {"约5〜10人，", "5", "〜", "1"},
        {"约5～10人，", "5", "～", "1"},
    };
    pb_style st = body_style();
    st.indent = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (int l = 0; l < 3; l++) {
            pb_arena *a = pb_arena_new();
            pb_para_settings ps = pb_para_settings_default();
            ps.strictness = LEVELS[l];
            pb_para *p = set_with(a, &st, cases[i].text, 40, &ps);
            int before = break_between(p, cases[i].left, cases[i].dash, true);
            int after = break_between(p, cases[i].dash, cases[i].right, true);
            if (before != 0 || after != 0)
                fprintf(stderr, "  %s at %s: break before the dash %d, after %d\n", cases[i].text,
                        LEVEL_NAMES[l], before, after);
            CHECK(before == 0 && after == 0);
            pb_arena_free(a);
        }
    /* a dash between words still breaks where the level allows it */
    pb_arena *a = pb_arena_new();
    pb_para_settings ps = pb_para_settings_default();
    ps.strictness = PB_BREAK_NORMAL;
    pb_para *p = set_with(a, &st, "甲—乙", 40, &ps);
    CHECK(break_between(p, "甲", "—", false) == 1 && break_between(p, "—", "乙", false) == 1);
    /* and in a paragraph at every measure no line starts or ends at the dash */
    static const char *PARA =
        "开放时间为每周二至周日9:00—17:00，规划期为2020—2025年，每年1—2月闭馆检修，"
        "其余时间9:00——17:00照常开放。";
    for (int m = 6; m <= 20; m++) {
        pb_arena *b = pb_arena_new();
        pb_para *q = set(b, &st, PARA, m);
        for (int k = 0; k < q->nlines; k++) {
            uint32_t first, last;
            line_bounds(q, k, &first, &last);
            CHECK(first != 0x2014 && (q->lines[k].last || last != 0x2014));
        }
        pb_arena_free(b);
    }
    pb_arena_free(a);
}

/* The stretch of every justified line of p stays within the limits. */
static bool within_limits(const pb_para *p, const char *what, int m)
{
    bool ok = true;
    for (int i = 0; i < p->nlines; i++) {
        const pb_line *ln = &p->lines[i];
        if (ln->last || (ln->r1 <= 1 + 1e-9 && ln->r2 <= 1 + 1e-9))
            continue;
        char *t = pb_line_text(p, i);
        fprintf(stderr, "  %s, %d em: line %d \"%s\" r=%.3f,%.3f\n", what, m, i + 1, t, ln->r1,
                ln->r2);
        free(t);
        ok = false;
    }
    return ok;
}

/* CLR-36: no line stretches past char_stretch while another set of breaks
 * keeps every line within it; when none does, the lines past it are marked. */
static void test_stretch_limit(void)
{
    pb_style st = body_style();
    st.indent = 0;
    /* the old breaker accepted badness up to 1000 (ratio 2.15) and set
     * "要看得见——摸" at 1.33 times char_stretch */
    pb_arena *a = pb_arena_new();
    pb_para *p = set(a, &st, "深入贯彻——落实到每一处河段……每一个村庄……都要看得见——摸得着。", 8);
    CHECK(within_limits(p, "dash paragraph", 8));
    for (int i = 0; i < p->nlines; i++)
        CHECK(!p->lines[i].over);
    /* a Traditional dateline: "15日" does not fit at the first line's end,
     * and the line before it stretched 0.22 em; the number now parts from
     * its unit as a last resort (CLR-16) */
    pb_typography typo = {.latin_spacing = 0.25, .char_stretch = 0.15, .last_line_chars = 2};
    pb_para_settings tw = pb_para_settings_from(&typo, "zh-tw");
    static const char *DATELINE = "（中央社記者林雨青花蓮15日電）花蓮縣卓溪鄉一所全校學生不到50人的"
                                  "小學，今年秋天開辦週末閱讀營，由退休教師與大學生志工輪流帶領。";
    pb_style tst = body_style();
    pb_text t = {.s = (char *)DATELINE, .len = (int)strlen(DATELINE)};
    p = pb_para_set(fonts, &t, &tst, "zh-tw", tst.indent, PB_PT(150), &tw, a, NULL);
    CHECK(within_limits(p, "dateline", 15));
    /* the number keeps its unit while the lines fit without parting them */
    p = set(a, &st, "全年发稿超16.2万篇，共推外宣稿件11300篇，增长35%，达到2024年的两倍。", 30);
    CHECK(within_limits(p, "numbers", 30));
    for (int i = 0; i + 1 < p->nlines; i++)
        CHECK(p->items[p->lines[i].i1].kind != PB_ITEM_PENALTY ||
              p->items[p->lines[i].i1].penalty != PB_LAST_RESORT);
    /* impossible: the pinyin in brackets is one word wider than what is left
     * of the line before it; that line goes past the limit, and is marked */
    static const char *PINYIN =
        "近年来，金昌市把创建全国文明城市（wénmíngchéngshì）作为提升城市品质的重要抓手。";
    int marked = 0;
    for (int m = 10; m <= 27; m++) {
        pb_arena *b = pb_arena_new();
        pb_para *q = set(b, &st, PINYIN, m);
        for (int i = 0; i < q->nlines; i++) {
            const pb_line *ln = &q->lines[i];
            bool past = !ln->last && (ln->r1 > 1 + 1e-9 || ln->r2 > 1 + 1e-9);
            CHECK(ln->over == past);
            marked += ln->over;
        }
        pb_arena_free(b);
    }
    CHECK(marked > 0);
    /* a centred title never stretches: it is not marked */
    pb_style title = st;
    title.align = PB_ALIGN_CENTER;
    p = set(a, &title, PINYIN, 20);
    for (int i = 0; i < p->nlines; i++)
        CHECK(!p->lines[i].over);
    pb_arena_free(a);
}

/* What the breaker does inside token tok set as "字tok字" at level s:
 * "no" (no break), "last resort" (only PB_LAST_RESORT breaks) or "yes". */
static const char *inside(const char *tok, pb_strictness s)
{
    char text[128];
    snprintf(text, sizeof text, "字%s字", tok);
    int t0 = (int)strlen("字"), t1 = t0 + (int)strlen(tok);
    pb_arena *a = pb_arena_new();
    pb_style st = body_style();
    st.indent = 0;
    pb_para_settings ps = pb_para_settings_default();
    ps.strictness = s;
    pb_para *p = set_with(a, &st, text, 40, &ps);
    int i0 = -1, i1 = -1;
    for (int i = 0; i < p->nitems; i++)
        if (p->items[i].kind == PB_ITEM_BOX && p->items[i].run >= 0 && p->items[i].b0 >= t0 &&
            p->items[i].b1 <= t1) {
            i0 = i0 < 0 ? i : i0;
            i1 = i;
        }
    bool any = false, other = false;
    for (int i = i0 + 1; i0 >= 0 && i < i1; i++) {
        const pb_item *g = &p->items[i];
        if (g->kind == PB_ITEM_PENALTY && g->penalty == PB_LAST_RESORT)
            any = true;
        else if ((g->kind == PB_ITEM_GLUE && g->brk) ||
                 (g->kind == PB_ITEM_PENALTY && g->penalty < PB_INF))
            other = true;
    }
    pb_arena_free(a);
    return other ? "yes" : any ? "last resort" : "no";
}

/* README's line-break table (Typography, "Line-break levels"): every
 * character of every row, at every level, is what the breaker does. */
static void test_readme_linebreak_table(void)
{
    FILE *f = fopen("README.md", "r");
    CHECK(f != NULL);
    if (!f)
        return;
    char line[4096];
    bool in_table = false;
    int rows = 0;
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "| class | characters | where |", 30)) {
            in_table = true;
            continue;
        }
        if (!in_table || !strncmp(line, "|---", 4))
            continue;
        if (line[0] != '|')
            break;
        char *cell[8] = {0};
        int n = 0;
        for (char *c = strtok(line + 1, "|"); c && n < 8; c = strtok(NULL, "|")) {
            while (*c == ' ')
                c++;
            char *e = c + strlen(c);
            while (e > c && (e[-1] == ' ' || e[-1] == '\n'))
                *--e = 0;
            cell[n++] = c;
        }
        if (n == 8 && !*cell[7]) /* what follows the row's last | */
            n = 7;
        CHECK(n == 7);
        if (n != 7)
            continue;
        rows++;
        const char *where = cell[2];
        /* the tokens between backticks */
        for (char *t = strchr(cell[1], '`'); t; t = strchr(t, '`')) {
            char *e = strchr(t + 1, '`');
            if (!e)
                break;
            *e = 0;
            char *tok = t + 1;
            t = e + 1;
            for (int l = 0; l < 3; l++) {
                const char *want = cell[3 + l];
                if (!strcmp(where, "inside")) {
                    const char *got = inside(tok, LEVELS[l]);
                    if (strcmp(got, want))
                        fprintf(stderr, "  README: inside %s at %s: %s, the table says %s\n", tok,
                                LEVEL_NAMES[l], got, want);
                    CHECK(!strcmp(got, want));
                    continue;
                }
                for (const char *c = tok; *c; c = g_utf8_next_char(c)) {
                    char ch[8] = {0};
                    memcpy(ch, c, (size_t)(g_utf8_next_char(c) - c));
                    char text[32];
                    snprintf(text, sizeof text, "字%s字", ch);
                    pb_arena *a = pb_arena_new();
                    pb_style st = body_style();
                    st.indent = 0;
                    pb_para_settings ps = pb_para_settings_default();
                    ps.strictness = LEVELS[l];
                    pb_para *p = set_with(a, &st, text, 40, &ps);
                    bool start = !strcmp(where, "start");
                    CHECK(start || !strcmp(where, "end"));
                    int got = start ? break_between(p, "字", ch, false)
                                    : break_between(p, ch, "字", false);
                    int ok = !strcmp(want, "yes") || !strcmp(want, "after Han");
                    if (got != ok)
                        fprintf(stderr, "  README: %s at a line %s at %s: %s, the table says %s\n",
                                ch, where, LEVEL_NAMES[l], got == 1 ? "yes" : "no", want);
                    CHECK(got == ok);
                    if (!strcmp(want, "after Han")) { /* and not after a letter */
                        snprintf(text, sizeof text, "a%s字", ch);
                        p = set_with(a, &st, text, 40, &ps);
                        CHECK(break_between(p, "a", ch, false) == 0);
                    }
                    pb_arena_free(a);
                }
            }
        }
    }
    fclose(f);
    CHECK(rows >= 15);
}

/* Japanese is set solid (JLREQ ベタ組): every kana and kanji a full em, no
 * kerning between kana pairs (フォ, ティ, ース), so the gaps of a justified
 * line are all alike. tests/articles/ja-news.md, each paragraph at many
 * measures: the check pdfcheck-like tools make on a PDF ("uneven lines"). */
static void test_japanese_even(void)
{
    FILE *f = fopen("tests/articles/ja-news.md", "r");
    CHECK(f != NULL);
    if (!f)
        return;
    char line[4096];
    int fences = 0, paras = 0;
    pb_style st = body_style();
    pb_typography typo = {.latin_spacing = 0.25, .char_stretch = 0.15, .last_line_chars = 2};
    pb_para_settings ps = pb_para_settings_from(&typo, "ja");
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (!strcmp(line, "---")) {
            fences++;
            continue;
        }
        if (fences < 2 || !*line)
            continue;
        paras++;
        for (int m = 14; m <= 26; m += 3) {
            pb_arena *a = pb_arena_new();
            pb_text t = {.s = line, .len = (int)strlen(line)};
            pb_para *p = pb_para_set(fonts, &t, &st, "ja", st.indent, m * st.size, &ps, a, NULL);
            for (int i = 0; i < p->nitems; i++) {
                const pb_item *it = &p->items[i];
                if (it->kind == PB_ITEM_BOX && it->run >= 0 && it->cls == PB_CC_HAN &&
                    it->c >= 0x3040 && it->c <= 0x30FF && it->width != st.size) {
                    fprintf(stderr, "  %.*s is %.2f pt wide, not an em\n", it->b1 - it->b0,
                            p->text + it->b0, PB_TO_PT(it->width));
                    CHECK(it->width == st.size);
                }
            }
            for (int l = 0; l < p->nlines; l++) {
                const pb_line *ln = &p->lines[l];
                CHECK(!ln->over);
                if (ln->last)
                    continue;
                double first = -1;
                for (int i = ln->i0 + 1; i + 1 < ln->i1; i++) {
                    const pb_item *g = &p->items[i];
                    if (g->kind != PB_ITEM_GLUE || p->items[i - 1].cls != PB_CC_HAN ||
                        p->items[i + 1].cls != PB_CC_HAN || p->items[i - 1].kind != PB_ITEM_BOX ||
                        p->items[i + 1].kind != PB_ITEM_BOX)
                        continue;
                    double w = g->width + (ln->r1 > 0 ? ln->r1 : 0) * g->stretch;
                    if (first < 0)
                        first = w;
                    CHECK(fabs(w - first) < 1);
                }
            }
            pb_arena_free(a);
        }
    }
    fclose(f);
    CHECK(paras >= 5);
}

/* ---- Latin text (README, Typography: Latin paragraphs) ---- */

static const char *ENGLISH =
    "Please do not touch the navigation instruments. Many of the brass fittings are "
    "extraordinarily fragile, and even the natural oils on your fingers can cause "
    "irreversible discoloration. Photography without flash is permitted throughout the "
    "exhibition, and the documentation is comprehensive.";

/* Whether the line ends at a hyphenation point (items.c: a penalty drawn as a hyphen). */
static bool ends_hyphenated(const pb_para *p, int li)
{
    const pb_line *ln = &p->lines[li];
    return ln->i1 < p->nitems && p->items[ln->i1].kind == PB_ITEM_PENALTY &&
           p->items[ln->i1].c == '-' && p->items[ln->i1].width > 0;
}

static void test_latin_paragraph(void)
{
    /* the patterns themselves: hy-phen-ation, at least 2 letters before and 3 after */
    bool after[32];
    CHECK(pb_hyphen_ready(NULL));
    CHECK_EQ_INT(pb_hyphen_word("hyphenation", 11, after), 2);
    CHECK(after[1] && after[5] && !after[0] && !after[8]);
    CHECK_EQ_INT(pb_hyphen_word("Museum", 6, after), 1); /* mu-seum: capitals too */
    CHECK(pb_text_is_latin(ENGLISH, (int)strlen(ENGLISH)));
    const char *mixed = "每周六上午十点和下午三点有English导览，儿童活动单可在服务台免费领取。";
    CHECK(!pb_text_is_latin(mixed, (int)strlen(mixed)));

    pb_arena *a = pb_arena_new();
    pb_style st = body_style();
    st.indent = PB_PT(10);
    int hyphenated = 0;
    for (double em = 15; em <= 30; em += 1.5) {
        pb_para *p = set(a, &st, ENGLISH, em);
        /* only word spaces stretch: no gap between letters or marks does */
        for (int i = 0; i < p->nitems; i++) {
            const pb_item *g = &p->items[i];
            if (g->kind == PB_ITEM_GLUE && g->stretch > 0 && g->stretch < PB_FIL && !g->ragged)
                CHECK(g->run >= 0 && p->text[g->b0] == ' ');
        }
        for (int li = 0; li < p->nlines; li++) {
            if (!ends_hyphenated(p, li))
                continue;
            hyphenated++;
            const pb_line *ln = &p->lines[li];
            /* the word parted there: its letters before the break are a
             * prefix ending at one of the word's pattern points */
            const pb_item *brk = &p->items[ln->i1];
            int last = ln->i1 - 1; /* the last letter: in a ragged line a glue follows it */
            while (last > ln->i0 && p->items[last].kind != PB_ITEM_BOX)
                last--;
            int e = p->items[last].b1, s0 = e, e1 = e;
            while (s0 > 0 && g_ascii_isalpha(p->text[s0 - 1]))
                s0--;
            while (e1 < p->len && g_ascii_isalpha(p->text[e1]))
                e1++;
            bool pts[64];
            CHECK(e1 - s0 < 64 && pb_hyphen_word(p->text + s0, e1 - s0, pts) > 0);
            CHECK(pts[e - s0 - 1]);
            CHECK(brk->flagged);
            /* the hyphen is set: the line ends at the column's edge (under
             * latin_justify, 24 em, within it: ragged), its text shows it */
            if (em >= 24)
                CHECK(llabs(ln->width - ln->measure) <= 2);
            else
                CHECK(ln->width <= ln->measure + 2 && ln->r1 == 0 && ln->r2 == 0);
            char *t = pb_line_text(p, li);
            CHECK(t[strlen(t) - 1] == '-');
            free(t);
        }
    }
    CHECK(hyphenated >= 3);
    pb_arena_free(a);
}

/* People’s: an apostrophe between Latin letters is the Latin face's narrow
 * mark, not a full-width one with half an em of blank (People’ s), in a
 * Latin paragraph and in a Chinese one alike. */
static void test_latin_apostrophe(void)
{
    pb_arena *a = pb_arena_new();
    pb_style st = body_style();
    st.indent = 0;
    const char *texts[] = {"He read People’s Daily and the museum’s “notes” today.",
                           "他每天读People’s Daily，很有收获。"};
    for (int k = 0; k < 2; k++) {
        pb_para *p = set(a, &st, texts[k], 40);
        const pb_item *ap = find_box(p, "’");
        CHECK(ap != NULL);
        if (!ap)
            continue;
        CHECK(ap->width < st.size * 2 / 5); /* proportional: well under half an em */
        CHECK(ap->x_shift == 0 && ap->adv_delta == 0);
        CHECK(ap->cls == PB_CC_LATIN_PUNCT);
        /* e’s: boxes side by side, no glue (no blank, no stretch) between */
        CHECK((ap - 1)->kind == PB_ITEM_BOX && (ap + 1)->kind == PB_ITEM_BOX);
        CHECK(p->text[(ap + 1)->b0] == 's');
    }
    /* in the Latin paragraph the double quotes are Latin too: the face's
     * proportional mark (a full-width one is a whole em of advance) */
    pb_para *p = set(a, &st, texts[0], 40);
    const pb_item *q = find_box(p, "“");
    CHECK(q && q->width < st.size / 2 && q->x_shift == 0 && q->cls == PB_CC_LATIN_PUNCT);
    CHECK(q && (q + 1)->kind == PB_ITEM_BOX); /* “notes: no blank after it */
    /* in a Chinese paragraph a quote next to Han stays full-width (CLR-21) */
    pb_para *c = set(a, &st, "他说“Hello”。", 40);
    q = find_box(c, "“");
    CHECK(q && q->width == st.size / 2 && q->cls == PB_CC_OPEN);
    pb_arena_free(a);
}

/* A Chinese paragraph with English in it is not set as Latin: its indent,
 * its quarter-em Han–Latin spaces (CLR-30), no hyphens. */
static void test_chinese_with_english(void)
{
    pb_arena *a = pb_arena_new();
    pb_style st = body_style(); /* indent 2 em */
    const char *s = "博物馆每周六上午十点和下午三点有English导览，讲解员将介绍馆藏中最为珍贵的航海"
                    "仪器和手绘海图，以及extraordinarily精美的铜制配件，欢迎观众踊跃参加。";
    CHECK(!pb_text_is_latin(s, (int)strlen(s)));
    for (double em = 8; em <= 20; em += 1) {
        pb_para *p = set(a, &st, s, em);
        CHECK(p->items[0].kind == PB_ITEM_BOX && p->items[0].run < 0 &&
              p->items[0].width == PB_PT(20));
        const pb_item *E = find_box(p, "E");
        CHECK(E && (E - 1)->kind == PB_ITEM_GLUE && (E - 1)->width == PB_PT(2.5));
        for (int i = 0; i < p->nitems; i++)
            CHECK(!(p->items[i].kind == PB_ITEM_PENALTY && p->items[i].c == '-'));
    }
    pb_arena_free(a);
}

/* The face of the run that holds byte i of p's text: its family and size. */
static bool run_face_at(const pb_para *p, int i, char *family, size_t n, int *weight, pb_len *size)
{
    for (int r = 0; r < p->nruns; r++) {
        const PangoItem *it = p->runs[r].item;
        if (i < it->offset || i >= it->offset + it->length)
            continue;
        PangoFontDescription *fd = pango_font_describe(it->analysis.font);
        snprintf(family, n, "%s", pango_font_description_get_family(fd));
        *weight = (int)pango_font_description_get_weight(fd);
        *size = p->runs[r].em;
        pango_font_description_free(fd);
        return true;
    }
    return false;
}

/* **strong** is a bold Hei of the body's size, *emphasis* the Kai face
 * (docs/clreq.md, CLR-45); a style's strong_family (typography.strong_family)
 * changes the first; the text around keeps the body's Song. */
static void test_strong_and_emphasis_faces(void)
{
    static const char s[] = "正文里有重点文字和楷体字。";
    int at_strong = (int)strlen("正文里有"), at_emph = (int)strlen("正文里有重点文字和"),
        n_strong = (int)strlen("重点文字"), n_emph = (int)strlen("楷体");
    pb_span spans[] = {{at_strong, n_strong, PB_SPAN_STRONG}, {at_emph, n_emph, PB_SPAN_EMPH}};
    pb_text t = {.s = (char *)s, .len = (int)strlen(s), .spans = spans, .nspans = 2};
    pb_para_settings ps = pb_para_settings_default();
    const char *faces[] = {NULL, "LXGW WenKai"};
    const char *want[] = {"Noto Sans CJK SC", "LXGW WenKai"};
    for (int k = 0; k < 2; k++) {
        pb_arena *a = pb_arena_new();
        pb_style st = body_style();
        st.strong_family = faces[k];
        pb_para *p = pb_para_set(fonts, &t, &st, "zh-cn", st.indent, 20 * st.size, &ps, a, NULL);
        char fam[64] = "";
        int w = 0;
        pb_len size = 0;
        for (int i = at_strong; i < at_strong + n_strong; i += 3) {
            CHECK(run_face_at(p, i, fam, sizeof fam, &w, &size));
            CHECK_EQ_STR(fam, want[k]);
            CHECK(w >= 700);
            CHECK_EQ_INT((int)size, (int)st.size);
        }
        CHECK(run_face_at(p, at_emph, fam, sizeof fam, &w, &size));
        CHECK_EQ_STR(fam, "LXGW WenKai");
        CHECK_EQ_INT((int)size, (int)st.size);
        CHECK(w < 700);
        CHECK(run_face_at(p, 0, fam, sizeof fam, &w, &size));
        CHECK_EQ_STR(fam, "Noto Serif CJK SC");
        CHECK(w < 700);
        pb_arena_free(a);
    }
}

int main(void)
{
    static const check_test tests[] = {
        T(test_break_rules),
        T(test_punctuation_widths),
        T(test_han_latin_space),
        T(test_clreq_table),
        T(test_lines_legal_and_flush),
        T(test_even_spacing),
        T(test_glyph_pieces_match_width),
        T(test_emergency_break),
        T(test_strictness_levels),
        T(test_punctuation_styles),
        T(test_kaiming_blank_moves_after_quote),
        T(test_traditional_not_compressed),
        T(test_kai_marks_as_body),
        T(test_traditional_marks_centred),
        T(test_no_single_character_last_line),
        T(test_hanging_punctuation),
        T(test_two_em_dash),
        T(test_long_paragraph),
        T(test_right_to_left),
        T(test_url_breaks),
        T(test_note_reference_stays),
        T(test_css_line_break_classes),
        T(test_dash_between_numbers),
        T(test_interpunct_width),
        T(test_stretch_limit),
        T(test_readme_linebreak_table),
        T(test_japanese_even),
        T(test_latin_paragraph),
        T(test_latin_apostrophe),
        T(test_chinese_with_english),
        T(test_strong_and_emphasis_faces),
    };
    return check_main_with_fonts(tests, (int)(sizeof tests / sizeof tests[0]), &fonts);
}
