/* Tests of normalize: one row per rule (input → expected text), the Latin
 * context that must not change, span remapping, and linear time. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/cjkchar.h"
#include "base/util.h"
#include "check.h"
#include "input/normalize.h"

typedef struct {
    const char *rule; /* the rule the row pins, printed on failure */
    const char *in, *out;
} norm_case;

static const norm_case CASES[] = {
    /* ',' with a CJK neighbour (docs/clreq.md, Normalization) */
    {"comma between Han", "行走金昌,工业", "行走金昌，工业"},
    {"comma Han then Latin", "金昌,AI运用", "金昌，AI运用"},
    {"comma Latin then Han", "AI,运用", "AI，运用"},
    {"comma digits stay", "共推外宣稿件超11,300篇", "共推外宣稿件超11,300篇"},
    {"comma Latin stays", "Hello, world", "Hello, world"},
    /* ':' CJK before, or CJK after and no digit before */
    {"colon seed headline", "金昌:市企融合共绘文明新画卷", "金昌：市企融合共绘文明新画卷"},
    {"colon seed sentence", "行走金昌,工业的硬核与文明的温度交相辉映:整洁的街道",
     "行走金昌，工业的硬核与文明的温度交相辉映：整洁的街道"},
    {"colon space after dropped", "来源: 镍都", "来源：镍都"},
    {"colon before a time", "时间: 2025-06-20 07:35:00", "时间：2025-06-20 07:35:00"},
    {"colon Latin before, Han after", "Note:中文", "Note：中文"},
    {"colon digit before, Han after stays", "下午3:30开会", "下午3:30开会"},
    {"colon score stays", "比分3:2", "比分3:2"},
    {"colon time stays", "07:35:00", "07:35:00"},
    {"colon Latin stays", "ratio: 3", "ratio: 3"},
    /* ';' '!' '?' with a CJK neighbour; runs convert each */
    {"semicolon", "甲;乙", "甲；乙"},
    {"exclamation", "好!", "好！"},
    {"question", "吗?", "吗？"},
    {"run after Han", "真的?!", "真的？！"},
    {"run before Han", "OK?!你好", "OK？！你好"},
    {"Latin ? ! stay", "What? Yes!", "What? Yes!"},
    {"URL left whole", "网址:http://www.x.cn/a?b=1,2!中", "网址：http://www.x.cn/a?b=1,2！中"},
    {"URL in parentheses", "见(https://x.cn/a)", "见（https://x.cn/a）"},
    /* '(' ')' as a pair */
    {"parens seed caption", "(图/记者XXX翻攝)", "（图/记者XXX翻攝）"},
    {"parens spaces dropped", "( 图 )", "（图）"},
    {"parens Latin stay", "e.g. (see below)", "e.g. (see below)"},
    {"parens Latin inside Han", "如图(see Fig. 2)所示", "如图（see Fig. 2）所示"},
    {"parens nested", "金昌(市(企))", "金昌（市（企））"},
    {"unmatched close after Han", "图)", "图）"},
    {"unmatched close after Latin stays", "a) b", "a) b"},
    {"parens space before dropped", "AI (人工智能)", "AI（人工智能）"},
    /* straight quotes by count: odd open, even close (CLR-3) */
    {"double quotes", "他说\"你好\"", "他说“你好”"},
    {"double quotes Latin inside", "称为\"AI\"的技术", "称为“AI”的技术"},
    {"two pairs", "\"甲\"和\"乙\"", "“甲”和“乙”"},
    {"quotes spaces dropped", "他说 \"你好\" 然后", "他说“你好”然后"},
    {"quoted Latin then Han comma", "\"Hello\",他说", "“Hello”，他说"},
    {"Latin quotes stay", "\"Hello,\" he said.", "\"Hello,\" he said."},
    {"single quotes", "'你好'", "‘你好’"},
    {"nested quotes", "他说:\"我说'好'\"", "他说：“我说‘好’”"},
    {"apostrophe stays", "it's", "it's"},
    {"apostrophe in Han text stays", "AI's 中文", "AI's 中文"},
    /* curly quotes, … and — are context only on the Chinese side (CLR-4) */
    {"curly quotes unchanged", "“10+N”矩阵", "“10+N”矩阵"},
    {"comma after curly quote", "“志愿红”,邻里", "“志愿红”，邻里"},
    {"English curly quotes stay", "“Hello,” he said.", "“Hello,” he said."},
    {"double ellipsis is Chinese", "……,OK", "……，OK"},
    {"single ellipsis is shared", "Wait…, OK", "Wait…, OK"},
    {"seed title line", "“全国文明城市网上展厅”金昌市第三期 | 金昌:市企融合共绘文明新画卷",
     "“全国文明城市网上展厅”金昌市第三期 | 金昌：市企融合共绘文明新画卷"},
    /* three or more dots */
    {"dots after Han", "车间...这", "车间……这"},
    {"ideographic stops", "等等。。。", "等等……"},
    {"dots space dropped", "等等 ...", "等等……"},
    {"Latin dots stay", "Wait...", "Wait..."},
    {"dots between digits stay", "1...3", "1...3"},
    {"two dots stay", "好..", "好.."},
    /* '~' */
    {"tilde between digits stays", "5~10天", "5~10天"},
    {"tilde between Han", "周一~周五", "周一～周五"},
    /* everything else */
    {"hyphen stays", "2025-06-20 金昌-兰州", "2025-06-20 金昌-兰州"},
    {"numbers and Latin stay", "发稿超16.2万篇,AI运用", "发稿超16.2万篇，AI运用"},
    {"all Latin stays", "The quick (brown) fox: jumps; over? yes! \"ok\" it's 1,000.",
     "The quick (brown) fox: jumps; over? yes! \"ok\" it's 1,000."},
    {"NBSP and ideographic space dropped", "金昌\u00a0:\u3000市企", "金昌：市企"},
    {"space away from marks kept", "金昌 市企 AI", "金昌 市企 AI"},
    {"empty", "", ""},
};

static void test_rules(void)
{
    pb_arena *a = pb_arena_new();
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const norm_case *c = &CASES[i];
        pb_text t = {(char *)c->in, (int)strlen(c->in), NULL, 0};
        pb_text r = pb_normalize_text(&t, a);
        if (strcmp(r.s, c->out) != 0 || r.len != (int)strlen(c->out))
            fprintf(stderr, "rule: %s\n", c->rule);
        CHECK_EQ_STR(r.s, c->out);
        CHECK_EQ_INT(r.len, (int)strlen(c->out));
        CHECK_EQ_INT(r.nspans, 0);
        /* the string form agrees, and a second pass changes nothing */
        CHECK_EQ_STR(pb_normalize_string(c->in, a), c->out);
        CHECK_EQ_STR(pb_normalize_string(c->out, a), c->out);
    }
    pb_arena_free(a);
}

/* The text a span of r covers, as a new arena string. */
static const char *covered(const pb_text *r, int i, pb_arena *a)
{
    return pb_arena_strndup(a, r->s + r->spans[i].start, (size_t)r->spans[i].len);
}

static void test_spans(void)
{
    pb_arena *a = pb_arena_new();
    /* 编者按 = bytes 0..9; ':' at 9; 工业 at 9+1+12+1 = 23 */
    pb_span in[] = {{0, 9, PB_SPAN_STRONG}, {23, 6, PB_SPAN_EMPH}};
    pb_text t = {"编者按:行走金昌,工业", (int)strlen("编者按:行走金昌,工业"), in, 2};
    pb_text r = pb_normalize_text(&t, a);
    CHECK_EQ_STR(r.s, "编者按：行走金昌，工业");
    CHECK_EQ_INT(r.nspans, 2);
    CHECK_EQ_STR(covered(&r, 0, a), "编者按");
    CHECK_EQ_INT(r.spans[0].flags, PB_SPAN_STRONG);
    CHECK_EQ_INT(r.spans[1].start, 23 + 2 + 2); /* two converted marks before it */
    CHECK_EQ_STR(covered(&r, 1, a), "工业");
    CHECK_EQ_INT(r.spans[1].flags, PB_SPAN_EMPH);
    pb_arena_free(a);
}

static void test_spans_in_dropped_space(void)
{
    pb_arena *a = pb_arena_new();
    /* "金昌: 市企": ':' at 6, the space at 7, 市企 at 8..14 */
    pb_span in[] = {{6, 1, PB_SPAN_EMPH}, {7, 1, PB_SPAN_STRONG}, {7, 7, PB_SPAN_EMPH}};
    pb_text t = {"金昌: 市企", (int)strlen("金昌: 市企"), in, 3};
    pb_text r = pb_normalize_text(&t, a);
    CHECK_EQ_STR(r.s, "金昌：市企");
    CHECK_EQ_INT(r.nspans, 2); /* the span over the space alone is gone */
    CHECK_EQ_STR(covered(&r, 0, a), "：");
    CHECK_EQ_INT(r.spans[0].flags, PB_SPAN_EMPH);
    CHECK_EQ_STR(covered(&r, 1, a), "市企");
    CHECK_EQ_INT(r.spans[1].flags, PB_SPAN_EMPH);
    pb_arena_free(a);
}

static void test_spans_over_ellipsis(void)
{
    pb_arena *a = pb_arena_new();
    pb_span in[] = {{6, 3, PB_SPAN_EMPH}, {9, 3, PB_SPAN_STRONG}};
    pb_text t = {"车间...这", (int)strlen("车间...这"), in, 2};
    pb_text r = pb_normalize_text(&t, a);
    CHECK_EQ_STR(r.s, "车间……这");
    CHECK_EQ_INT(r.nspans, 2);
    CHECK_EQ_STR(covered(&r, 0, a), "……");
    CHECK_EQ_STR(covered(&r, 1, a), "这");
    pb_arena_free(a);
}

/* Code spans and blocks, and note references, are set as written: nothing in
 * them converts and no space in them goes; the marks around them still do. */
static void test_verbatim(void)
{
    static const struct {
        const char *in, *out;
        int start, len; /* the code span, in bytes of in */
        unsigned flags;
    } cases[] = {
        {"调用函数f(x,y)时", "调用函数f(x,y)时", 12, 6, PB_SPAN_CODE},
        {"输入\"a\", 'b'; 然后", "输入\"a\", 'b'; 然后", 6, 9, PB_SPAN_CODE},
        {"见printf(\"hi, 世界\")。", "见printf(\"hi, 世界\")。", 3, 20, PB_SPAN_CODE},
        {"例如x...y,好", "例如x...y，好", 6, 5, PB_SPAN_CODE}, /* the comma after it converts */
        {"见中:文,与", "见中:文，与", 3, 7, PB_SPAN_CODE},
        {"前(a) 后", "前(a) 后", 3, 3, PB_SPAN_CODE}, /* the space outside stays too */
        {"注释[1],后文", "注释[1]，后文", 6, 3, PB_SPAN_NOTEREF},
    };
    pb_arena *a = pb_arena_new();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pb_span sp = {cases[i].start, cases[i].len, cases[i].flags};
        pb_text t = {(char *)cases[i].in, (int)strlen(cases[i].in), &sp, 1};
        pb_text r = pb_normalize_text(&t, a);
        CHECK_EQ_STR(r.s, cases[i].out);
        CHECK_EQ_INT(r.nspans, 1);
        CHECK_EQ_INT(r.spans[0].len, cases[i].len);
        /* without the span the same text does change */
        pb_text plain = {(char *)cases[i].in, (int)strlen(cases[i].in), NULL, 0};
        CHECK(strcmp(pb_normalize_text(&plain, a).s, cases[i].in) != 0);
    }
    pb_arena_free(a);
}

static void test_unchanged_copy(void)
{
    pb_arena *a = pb_arena_new();
    pb_span in[] = {{0, 5, PB_SPAN_STRONG}};
    char src[] = "11,300 it's";
    pb_text t = {src, (int)strlen(src), in, 1};
    pb_text r = pb_normalize_text(&t, a);
    CHECK(r.s != src);
    CHECK(r.spans != in);
    CHECK_EQ_STR(r.s, src);
    CHECK_EQ_INT(r.nspans, 1);
    CHECK_EQ_INT(r.spans[0].start, 0);
    CHECK_EQ_INT(r.spans[0].len, 5);
    pb_arena_free(a);
}

static void test_empty(void)
{
    pb_arena *a = pb_arena_new();
    pb_span in[] = {{0, 0, PB_SPAN_STRONG}};
    pb_text t = {"", 0, in, 1};
    pb_text r = pb_normalize_text(&t, a);
    CHECK_EQ_STR(r.s, "");
    CHECK_EQ_INT(r.len, 0);
    CHECK_EQ_INT(r.nspans, 0);
    CHECK(r.spans == NULL);
    pb_text none = {NULL, 0, NULL, 0};
    r = pb_normalize_text(&none, a);
    CHECK_EQ_STR(r.s, "");
    CHECK_EQ_STR(pb_normalize_string("", a), "");
    CHECK(pb_normalize_string(NULL, a) == NULL);
    pb_arena_free(a);
}

/* Normalize n bytes made by repeating unit (plus a prefix and suffix) and
 * return the seconds it took. */
static double time_repeat(const char *pre, const char *unit, const char *post, size_t n)
{
    pb_buf b = {0};
    pb_buf_adds(&b, pre);
    while (b.n < n)
        pb_buf_adds(&b, unit);
    pb_buf_adds(&b, post);
    pb_arena *a = pb_arena_new();
    pb_text t = {b.s, (int)b.n, NULL, 0};
    clock_t t0 = clock();
    pb_text r = pb_normalize_text(&t, a);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(r.len > 0);
    pb_arena_free(a);
    pb_buf_fini(&b);
    return secs;
}

/* Linear, not quadratic: four times the input may take at most about four
 * times as long (a rescan would take sixteen). Compared as a ratio, so a
 * slow machine or a sanitizer build does not fail it; 20 ms of slack absorbs
 * timer noise on the small runs. */
static bool linear(const char *pre, const char *unit, const char *post)
{
    enum { MB = 1 << 20 };
    double small = 1e9, big = 1e9; /* the best of three: other processes add noise */
    for (int i = 0; i < 3; i++) {
        small = fmin(small, time_repeat(pre, unit, post, MB / 4));
        big = fmin(big, time_repeat(pre, unit, post, MB));
    }
    if (big > 8 * small + 0.02)
        fprintf(stderr, "  %s: %.3f s for 256 KiB, %.3f s for 1 MiB\n", unit, small, big);
    return big <= 8 * small + 0.02;
}

static void test_linear_time(void)
{
    /* an article-like megabyte with every rule, a span per line */
    CHECK(linear("", "金昌:市企融合, (图/记者) \"你好\" 11,300 07:35 it's 等等... ", ""));
    /* the shapes a rescan would be quadratic on */
    CHECK(linear("金,", " ", ",金"));
    CHECK(linear("金,", "…", ",金"));
    CHECK(linear("金", "(", "金"));
    CHECK(linear("金", ")", "金"));
    CHECK(linear("金", "\"", "金"));
    CHECK(linear("金", ".", "金"));
    CHECK(linear("http://", "a", ""));
}

static void test_many_spans(void)
{
    /* a span per unit, checked to still cover the same word after the marks */
    pb_buf b = {0};
    PB_VEC(pb_span) in = {0};
    for (int i = 0; i < 10000; i++) {
        pb_buf_adds(&b, "金昌: ");
        pb_span sp = {(int)b.n, 6, PB_SPAN_STRONG};
        PB_PUSH(in, sp);
        pb_buf_adds(&b, "市企, ");
    }
    pb_arena *a = pb_arena_new();
    pb_text t = {b.s, (int)b.n, in.v, (int)in.n};
    pb_text r = pb_normalize_text(&t, a);
    CHECK_EQ_INT(r.nspans, 10000);
    for (int i = 0; i < r.nspans; i++)
        if (strncmp(r.s + r.spans[i].start, "市企", 6) != 0 || r.spans[i].len != 6) {
            CHECK_EQ_STR(covered(&r, i, a), "市企");
            break;
        }
    pb_arena_free(a);
    free(in.v);
    pb_buf_fini(&b);
}

/* The shared CJK sets (base/cjkchar.c): Han ⊂ ideographic ⊂ CJK text, one
 * row a range edge or a character the copies they replaced disagreed on. */
static void test_cjk_sets(void)
{
    static const struct {
        uint32_t c;
        bool han, ideographic, text;
    } rows[] = {
        {0x4E00, 1, 1, 1},  {0x9FFF, 1, 1, 1},  {0x3400, 1, 1, 1},  {0x2A6DF, 1, 1, 1},
        {0x2EBF0, 1, 1, 1}, {0x31350, 1, 1, 1}, {0xF900, 1, 1, 1},  {0x2F800, 1, 1, 1},
        {0x3007, 1, 1, 1},  {0x3005, 0, 1, 1},  {0x3042, 0, 1, 1},  {0x30AB, 0, 1, 1},
        {0xAC00, 0, 1, 1},  {0xFF21, 0, 1, 1},  {0x3002, 0, 0, 1},  {0x3000, 0, 0, 1},
        {0xFF0C, 0, 0, 1},  {0xFE10, 0, 0, 1},  {0xFE30, 0, 0, 1},  {0x3231, 0, 0, 1},
        {0x4DC0, 0, 0, 1},  {'A', 0, 0, 0},     {0x00B7, 0, 0, 0},  {0x201C, 0, 0, 0},
        {0x2E7F, 0, 0, 0},  {0xD7B0, 0, 0, 0},  {0x40000, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        int before = check_failures;
        CHECK_EQ_INT(pb_cjk_is_han(rows[i].c), rows[i].han);
        CHECK_EQ_INT(pb_cjk_is_ideographic(rows[i].c), rows[i].ideographic);
        CHECK_EQ_INT(pb_cjk_is_text(rows[i].c), rows[i].text);
        if (check_failures > before)
            fprintf(stderr, "  at U+%04X\n", (unsigned)rows[i].c);
    }
}

CHECK_MAIN(T(test_rules), T(test_spans), T(test_spans_in_dropped_space),
           T(test_spans_over_ellipsis), T(test_verbatim), T(test_unchanged_copy), T(test_empty),
           T(test_linear_time), T(test_many_spans), T(test_cjk_sets))
