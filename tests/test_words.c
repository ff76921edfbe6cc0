/* Display text read from the trace: titles, kickers, subtitles, heads and
 * photo credits break only between words (ICU's word break iterator, asked
 * here directly), never leave a single character on a first or last line,
 * and two-line titles are balanced; a manual break (`|`, a line break) in
 * the front matter is where the headline breaks, and `\|` a literal bar. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "fixture.h"
#include "input/import.h"
#include "layout/board.h"
#include "layout/fit.h"
#include "layout/page.h"

static pb_fonts *fonts;

static const char *ARTICLES[] = {
    "examples/qingshui-river.md",      "examples/short-notice.md",
    "tests/display/zh-hans.md",        "tests/display/zh-hant.md",
    "tests/import/cna-traditional.md", "tests/import/utf16-japanese.md"};
static const char *LAYOUTS[] = {"a3-news", "a4-handout", "tabloid", "broadsheet", "board-90x120"};

/* The trace of doc in layout as the program sets it (page fitting, boards),
 * or with fit false one page build at the layout's full width. Caller frees. */
static char *trace_doc(const pb_doc *doc, const char *layout, bool fit)
{
    pb_diags d;
    pb_diags_init(&d);
    pb_template *t = pb_template_load(layout, "layouts", &d);
    char *buf = NULL;
    size_t len = 0;
    if (t) {
        pb_layout *l = !fit ? pb_pagebuild(doc, t, fonts, NULL, &d)
                       : pb_template_is_board(t)
                           ? pb_board_build(doc, t, fonts, &(pb_board_opts){0}, &d)
                           : pb_fit_build(doc, t, fonts, &(pb_fit_opts){0}, &d);
        FILE *f = open_memstream(&buf, &len);
        if (l)
            pb_layout_trace(l, f);
        fclose(f);
        pb_layout_free(l);
    }
    if (pb_diags_failed(&d))
        pb_diags_print(&d, stderr);
    pb_template_free(t);
    pb_diags_fini(&d);
    return buf;
}

/* ---- reading the trace ---- */

typedef struct {
    char what[16];
    char *text;
    double w;
    bool end;
} tline;

/* Line l of a trace ("p1 c1-4 title x=… w=… r=…[ end] \"text\""). */
static bool parse(const char *l, size_t n, tline *out)
{
    char page[16], cols[16];
    const char *q0 = memchr(l, '"', n), *q1 = l + n - 1;
    if (sscanf(l, "%15s %15s %15s", page, cols, out->what) != 3 || !q0 || *q1 != '"' || q1 <= q0)
        return false;
    const char *w = strstr(l, " w=");
    out->w = w && w < q0 ? atof(w + 3) : 0;
    out->end = (size_t)(q0 - l) >= 5 && !memcmp(q0 - 5, " end ", 5);
    out->text = g_strndup(q0 + 1, (gsize)(q1 - q0 - 1));
    return true;
}

typedef struct {
    tline *v;
    size_t n, cap;
} para;

static void para_clear(para *p)
{
    for (size_t i = 0; i < p->n; i++)
        g_free(p->v[i].text);
    p->n = 0;
}

/* Calls fn on every paragraph of display kinds in trace (its lines from
 * the first to the one marked end). */
static void paragraphs(const char *trace, void (*fn)(const para *, void *), void *ctx)
{
    static const char *const kinds[] = {"title", "kicker", "subtitle", "head", "caption"};
    para cur[5] = {0};
    for (const char *l = trace; l && *l;) {
        const char *e = strchr(l, '\n');
        size_t n = e ? (size_t)(e - l) : strlen(l);
        tline t;
        if (parse(l, n, &t)) {
            size_t k = 0;
            while (k < 5 && strcmp(kinds[k], t.what))
                k++;
            if (k < 5) {
                PB_PUSH(cur[k], t);
                if (t.end) {
                    fn(&cur[k], ctx);
                    para_clear(&cur[k]);
                }
            } else {
                g_free(t.text);
            }
        }
        l = e ? e + 1 : NULL;
    }
    for (size_t k = 0; k < 5; k++) {
        para_clear(&cur[k]);
        free(cur[k].v);
    }
}

/* ---- what a break may be ---- */

static const char *icu_locale(const char *lang)
{
    return lang && !strcmp(lang, "zh-Hant") ? "zh_Hant" : lang && !strcmp(lang, "ja") ? "ja" : "zh";
}

/* Whether byte i of s is a word boundary by ICU. */
static bool icu_boundary(const char *s, int i, const char *locale)
{
    UErrorCode e = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, s, -1, &e);
    UBreakIterator *bi = ubrk_open(UBRK_WORD, locale, NULL, 0, &e);
    ubrk_setUText(bi, ut, &e);
    bool yes = U_SUCCESS(e) && ubrk_isBoundary(bi, i);
    ubrk_close(bi);
    utext_close(ut);
    return yes;
}

/* Letters, digits and Han of s: what counts as a character on a line. */
static int chars(const char *s)
{
    int n = 0;
    for (const char *c = s; *c; c = g_utf8_next_char(c))
        n += g_unichar_isalnum(g_utf8_get_char(c));
    return n;
}

/* Where a caption's photo credit starts (after its last 。 when it ends in
 * 摄 or 攝, with or without a closing bracket), or -1. */
static int credit_from(const char *s)
{
    const char *end = s + strlen(s);
    if (g_str_has_suffix(s, "）"))
        end -= 3;
    if (end - s < 3 || (memcmp(end - 3, "摄", 3) && memcmp(end - 3, "攝", 3)))
        return -1;
    const char *stop = g_strrstr(s, "。");
    return stop ? (int)(stop - s) + 3 : -1;
}

typedef struct {
    const char *name, *locale;
    int paras, breaks;
} where;

static void check_para(const para *p, void *ctx)
{
    where *w = ctx;
    bool caption = !strcmp(p->v[0].what, "caption");
    if (p->n < 2)
        return;
    GString *all = g_string_new(NULL);
    for (size_t i = 0; i < p->n; i++)
        g_string_append(all, p->v[i].text);
    int from = caption ? credit_from(all->str) : 0;
    if (from < 0) {
        g_string_free(all, TRUE);
        return;
    }
    w->paras++;
    int at = 0;
    for (size_t i = 0; i + 1 < p->n; i++) {
        at += (int)strlen(p->v[i].text);
        if (at <= from)
            continue;
        w->breaks++;
        if (!icu_boundary(all->str, at, w->locale)) {
            fprintf(stderr, "%s: %s: %s breaks inside a word: \"%s\" / \"%s\"\n", check_current,
                    w->name, p->v[0].what, p->v[i].text, p->v[i + 1].text);
            check_failures++;
        }
    }
    if (!caption && (chars(p->v[0].text) < 2 || chars(p->v[p->n - 1].text) < 2)) {
        fprintf(stderr, "%s: %s: %s leaves a character alone: \"%s\" … \"%s\"\n", check_current,
                w->name, p->v[0].what, p->v[0].text, p->v[p->n - 1].text);
        check_failures++;
    }
    g_string_free(all, TRUE);
}

/* Every display text of the examples, of tests/display and of two imported
 * articles (Traditional, Japanese) in every newspaper layout and on a board. */
static void test_words(void)
{
    int paras = 0, breaks = 0;
    for (size_t i = 0; i < sizeof ARTICLES / sizeof *ARTICLES; i++) {
        pb_diags d;
        pb_diags_init(&d);
        pb_doc *doc = pb_doc_load(ARTICLES[i], &d);
        pb_diags_fini(&d);
        CHECK(doc != NULL);
        for (size_t k = 0; doc && k < sizeof LAYOUTS / sizeof *LAYOUTS; k++) {
            char *trace = trace_doc(doc, LAYOUTS[k], true);
            CHECK(trace && *trace);
            char name[160];
            snprintf(name, sizeof name, "%s in %s", ARTICLES[i], LAYOUTS[k]);
            where w = {name, icu_locale(doc->meta.lang), 0, 0};
            paragraphs(trace, check_para, &w);
            paras += w.paras, breaks += w.breaks;
            free(trace);
        }
        pb_doc_free(doc);
    }
    /* the articles are made to break: the check must have met many breaks */
    fprintf(stderr, "%s: %d paragraphs of two or more lines, %d breaks\n", check_current, paras,
            breaks);
    CHECK(paras >= 60);
    CHECK(breaks >= 70);
}

/* ---- balance ---- */

typedef struct {
    double w[8];
    char *text[8];
    int n;
} lines_of;

static void collect_title(const para *p, void *ctx)
{
    lines_of *t = ctx;
    if (strcmp(p->v[0].what, "title"))
        return;
    for (size_t i = 0; i < p->n && t->n < 8; i++) {
        t->w[t->n] = p->v[i].w;
        t->text[t->n++] = g_strdup(p->v[i].text);
    }
}

static lines_of title_lines(const char *front, const char *layout)
{
    pb_buf b = {0};
    pb_buf_addf(&b, "---\n%s---\n\n正文一段。\n", front);
    pb_doc *doc = fixture_doc(&b, "title.md");
    lines_of t = {0};
    char *trace = doc ? trace_doc(doc, layout, false) : NULL;
    if (trace)
        paragraphs(trace, collect_title, &t);
    free(trace);
    pb_doc_free(doc);
    return t;
}

static void lines_free(lines_of *t)
{
    for (int i = 0; i < t->n; i++)
        g_free(t->text[i]);
}

/* A title needing two lines gets two of near-equal length: at most two
 * characters of the title's size apart, the last longer by at most one (a
 * centred title may have its shorter line first when that is the nearer
 * to equal). */
static void test_balance(void)
{
    static const char *const titles[] = {
        "全市上下凝心聚力推动生态环境持续改善清水河重现碧波荡漾美景",
        "望川县芦湾镇十年治水河畔新添一座河的博物馆引来四方游客",
        "金昌市企融合共绘文明新画卷全媒共融讲好市企发展故事",
        "花蓮縣卓溪鄉偏鄉小學攜手大學志工團隊週末閱讀營接續登場",
    };
    const double size = 36; /* a3-news: title 小初 */
    for (size_t i = 0; i < sizeof titles / sizeof *titles; i++) {
        char front[512];
        snprintf(front, sizeof front, "title: %s\nlang: %s\n", titles[i],
                 i == 3 ? "zh-Hant" : "zh-Hans");
        lines_of t = title_lines(front, "a3-news");
        CHECK_EQ_INT(t.n, 2);
        if (t.n == 2 && (t.w[0] - t.w[1] > 2 * size || t.w[1] - t.w[0] > size + 0.01)) {
            fprintf(stderr, "%s: not balanced: \"%s\" %.1f pt / \"%s\" %.1f pt\n", check_current,
                    t.text[0], t.w[0], t.text[1], t.w[1]);
            check_failures++;
        }
        lines_free(&t);
    }
}

/* A space the writer put between two clauses of a Chinese headline is
 * where it breaks, before balance: 「…部署今年重点任务 守护…」 is two
 * clauses, not 15 + 15 characters. A space beside Latin is a word space. */
static void test_phrase_space(void)
{
    static const struct {
        const char *title, *lang, *first;
    } cases[] = {
        {"臺東海岸小鎮試辦「共享廚房」 在地小農找到新出路", "zh-Hant", "臺東海岸小鎮試辦「共享廚房」"},
        {"全市河湖长制工作会议召开部署今年重点任务 守护清水河碧水长流", "zh-Hans",
         "全市河湖长制工作会议召开部署今年重点任务"},
        {"芦湾镇湿地公园开园迎客 候鸟博物馆同日揭牌开放参观", "zh-Hans", "芦湾镇湿地公园开园迎客"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char front[512];
        snprintf(front, sizeof front, "title: %s\nlang: %s\n", cases[i].title, cases[i].lang);
        lines_of t = title_lines(front, "a3-news");
        CHECK_EQ_INT(t.n, 2);
        if (t.n == 2)
            CHECK_EQ_STR(t.text[0], cases[i].first);
        lines_free(&t);
    }
    /* too short for two lines: the space stays inside the one line */
    lines_of t = title_lines("title: 开园迎客 候鸟博物馆揭牌\n", "a3-news");
    CHECK_EQ_INT(t.n, 1);
    lines_free(&t);
}

/* ---- manual breaks ---- */

static void expect_lines(const char *front, const char *const *want, int n)
{
    lines_of t = title_lines(front, "a3-news");
    CHECK_EQ_INT(t.n, n);
    for (int i = 0; i < n && i < t.n; i++)
        CHECK_EQ_STR(t.text[i], want[i]);
    lines_free(&t);
}

static void test_manual(void)
{
    /* short enough for one line: only the manual break breaks it */
    expect_lines("title: 金昌：|市企融合共绘文明新画卷\n",
                 (const char *const[]){"金昌：", "市企融合共绘文明新画卷"}, 2);
    expect_lines("title: \"金昌：\\n市企融合\"\n", (const char *const[]){"金昌：", "市企融合"}, 2);
    expect_lines("title: |\n  第一行\n  第二行\n", (const char *const[]){"第一行", "第二行"}, 2);
    expect_lines("title: 数字 1\\|2 之间\n", (const char *const[]){"数字 1|2 之间"}, 1);
    expect_lines("title: 甲乙 | 丙丁\\|戊\n", (const char *const[]){"甲乙", "丙丁|戊"}, 2);

    /* the text without its breaks is what running heads and the PDF print;
     * the Markdown writer gives back what it read */
    pb_buf b = {0};
    pb_buf_adds(
        &b,
        "---\nkicker: 系列报道|之三\ntitle: 河畔 | 新风景\\|二\nsubtitle: A|B\n---\n\n正文。\n");
    pb_doc *doc = fixture_doc(&b, "manual.md");
    CHECK(doc != NULL);
    if (!doc)
        return;
    CHECK_EQ_STR(doc->meta.kicker, "系列报道之三");
    CHECK_EQ_STR(doc->meta.kicker_lines, "系列报道\n之三");
    CHECK_EQ_STR(doc->meta.title, "河畔新风景|二");
    CHECK_EQ_STR(doc->meta.title_lines, "河畔\n新风景|二");
    CHECK_EQ_STR(doc->meta.subtitle, "A B");
    char *md = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&md, &len);
    CHECK(pb_mdwrite_doc(doc, f));
    fclose(f);
    pb_diags d;
    pb_diags_init(&d);
    pb_doc *again = pb_doc_parse(md, len, "again.md", &d);
    pb_diags_fini(&d);
    CHECK(again != NULL);
    if (again) {
        CHECK_EQ_STR(again->meta.title, doc->meta.title);
        CHECK_EQ_STR(again->meta.title_lines, doc->meta.title_lines);
        CHECK_EQ_STR(again->meta.kicker_lines, doc->meta.kicker_lines);
    }
    pb_doc_free(again);
    pb_doc_free(doc);
    free(md);
}

int main(void)
{
    static const check_test tests[] = {
        {"no display line breaks inside a word or leaves a character alone", test_words},
        {"two-line titles are balanced", test_balance},
        {"a headline breaks at the space between its clauses", test_phrase_space},
        {"| and line breaks in the front matter break the headline, \\| is a bar", test_manual},
    };
    return check_main_with_fonts(tests, sizeof tests / sizeof *tests, &fonts);
}
