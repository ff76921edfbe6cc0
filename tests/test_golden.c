/* Golden traces: the example article set in every shipped layout, and one
 * paragraph per typographic rule, compared line by line with tests/golden/.
 * After an intended change, regenerate with PAIBAN_UPDATE_GOLDEN=1 and review
 * the diff. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "check.h"
#include "layout/page.h"

static const char *ARTICLE = "examples/qingshui-river.md";
static const char *LAYOUTS[] = {"a4-handout", "a3-news", "tabloid", "broadsheet"};

static char *article_trace(const char *article, const char *layout, pb_fonts *fonts,
                           pb_diags *d)
{
    pb_doc *doc = pb_doc_load(article, d);
    pb_template *t = pb_template_load(layout, "layouts", d);
    if (!doc || !t) {
        pb_doc_free(doc);
        pb_template_free(t);
        return NULL;
    }
    pb_layout *l = pb_pagebuild(doc, t, fonts, NULL, d);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    pb_layout_trace(l, f);
    fclose(f);
    pb_layout_free(l);
    pb_template_free(t);
    pb_doc_free(doc);
    return buf;
}

static char *trace_of(const char *layout, pb_fonts *fonts, pb_diags *d)
{
    return article_trace(ARTICLE, layout, fonts, d);
}

/* One paragraph per rule (docs/clreq.md numbers), at 10 pt in a measure of
 * `em` characters, with one setting changed from the defaults. */
static const struct {
    const char *rule, *text;
    int em;
    pb_punct_style punct;
    pb_hanging hang;
    pb_strictness strict;
} RULES[] = {
    {"CLR-12 marks never start or end a line",
     "他说：“我们到了。”大家一起走进（新建的）展厅，看见《河流志》和《水文图》。", 9,
     PB_PUNCT_QUANJIAO, PB_HANG_NONE, PB_BREAK_STRICT},
    {"CLR-14/15 dash and ellipsis stay whole and off a line start",
     "深入贯彻——落实到每一处河段……每一个村庄……都要看得见——摸得着。", 8, PB_PUNCT_QUANJIAO,
     PB_HANG_NONE, PB_BREAK_STRICT},
    {"CLR-16 numbers keep their units", "全年发稿超16.2万篇，共推外宣稿件11300篇，增长35%，达到2024年的两倍。",
     9, PB_PUNCT_QUANJIAO, PB_HANG_NONE, PB_BREAK_STRICT},
    {"CLR-17 the interpunct joins its neighbours", "古丽娜·艾山和阿卜杜拉·买买提参加了“庆百年工运·唱劳动赞歌”活动。",
     9, PB_PUNCT_QUANJIAO, PB_HANG_NONE, PB_BREAK_STRICT},
    {"CLR-20/22 adjacent marks compress, push in before push out",
     "“好。”“好！”他答道，“明天见。”（完）、（续）。", 8, PB_PUNCT_QUANJIAO, PB_HANG_NONE,
     PB_BREAK_STRICT},
    {"CLR-25 kaiming", "甲，乙；丙：丁。戊“己”庚，辛。壬癸，子丑寅卯。", 6, PB_PUNCT_KAIMING,
     PB_HANG_NONE, PB_BREAK_STRICT},
    {"CLR-25 hangmobanjiao", "一二三四五六七“八九十”，一二三四五六“七八”。", 7,
     PB_PUNCT_HANGMOBANJIAO, PB_HANG_NONE, PB_BREAK_STRICT},
    {"CLR-28 hanging allowed", "一二三四五六七八九，一二三四五六七八九。一二三四五六七八九、一二", 9,
     PB_PUNCT_QUANJIAO, PB_HANG_ALLOW, PB_BREAK_STRICT},
    {"CLR-30/35 Han-Latin space and even justification",
     "全市媒体从业人员AI运用培训班用上了PM2.5监测和3D数字沙盘，the river is clean again。", 10,
     PB_PUNCT_QUANJIAO, PB_HANG_NONE, PB_BREAK_STRICT},
    {"CLR-39 no single character on the last line", "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子。",
     10, PB_PUNCT_QUANJIAO, PB_HANG_NONE, PB_BREAK_STRICT},
    {"CLR-11 the loose level", "从周一～周五每天开放，九点～十七点。", 3,
     PB_PUNCT_QUANJIAO, PB_HANG_NONE, PB_BREAK_LOOSE},
};

static char *rules_trace(pb_fonts *fonts)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    pb_style st = {.family = "Noto Serif CJK SC", .weight = 400, .size = PB_PT(10),
                   .leading = PB_PT(15), .align = PB_ALIGN_JUSTIFY};
    for (size_t i = 0; i < sizeof RULES / sizeof RULES[0]; i++) {
        pb_arena *a = pb_arena_new();
        pb_para_settings ps = pb_para_settings_default();
        ps.punct = RULES[i].punct;
        ps.hanging = RULES[i].hang;
        ps.strictness = RULES[i].strict;
        pb_text t = {.s = (char *)RULES[i].text, .len = (int)strlen(RULES[i].text)};
        pb_para *p = pb_para_set(fonts, &t, &st, "zh-cn", 0, RULES[i].em * st.size, &ps, a, NULL);
        fprintf(f, "# %s (%d em)\n", RULES[i].rule, RULES[i].em);
        for (int l = 0; l < p->nlines; l++) {
            char *txt = pb_line_text(p, l);
            const pb_line *ln = &p->lines[l];
            fprintf(f, "w=%.2f r=%.3f,%.3f%s \"%s\"\n", PB_TO_PT(ln->width), ln->r1, ln->r2,
                    ln->hang ? " hang" : "", txt);
            free(txt);
        }
        pb_arena_free(a);
    }
    fclose(f);
    return buf;
}

/* The loosest line a golden trace may hold: each gap stretched at most to
 * twice its stretch (0.3 em between Han characters, items.c's char_stretch
 * 0.15 em; a Latin space to 1.5 times its width). Beyond that a justified
 * line reads as letter-spaced, so a golden paragraph whose measure forces it
 * would pin a bad setting as the right answer. Last lines (ratio 0) and
 * shrinking (below 0) are within it. */
#define MAX_RATIO 2.0

static void check_ratios(const char *name, const char *trace)
{
    int no = 0;
    for (const char *l = trace; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
        no++;
        const char *r = strstr(l, " r=");
        const char *end = strchr(l, '\n');
        double r1, r2;
        if (!r || (end && r > end) || sscanf(r, " r=%lf,%lf", &r1, &r2) != 2)
            continue;
        if (r1 > MAX_RATIO || r2 > MAX_RATIO) {
            fprintf(stderr, "%s: %s line %d: adjustment ratio %.3f,%.3f above %.1f: %.*s\n",
                    check_current, name, no, r1, r2, MAX_RATIO, end ? (int)(end - l) : (int)strlen(l), l);
            check_failures++;
        }
    }
}

static void test_layouts(void)
{
    pb_diags d;
    pb_diags_init(&d);
    pb_fonts *fonts = pb_fonts_new("fonts/fonts.conf", &d);
    CHECK(fonts != NULL);
    for (size_t i = 0; fonts && i < sizeof LAYOUTS / sizeof LAYOUTS[0]; i++) {
        char *got = trace_of(LAYOUTS[i], fonts, &d);
        CHECK(got != NULL);
        CHECK_EQ_INT(pb_diags_count(&d, PB_DIAG_WARNING), 0);
        char *path = pb_strdupf("tests/golden/example-%s.trace", LAYOUTS[i]);
        if (got) {
            check_golden(path, got);
            check_ratios(path, got);
        }
        free(path);
        free(got);
    }
    pb_diags_print(&d, stderr);
    pb_fonts_free(fonts);
    pb_diags_fini(&d);
}

static void test_rules(void)
{
    pb_diags d;
    pb_diags_init(&d);
    pb_fonts *fonts = pb_fonts_new("fonts/fonts.conf", &d);
    CHECK(fonts != NULL);
    if (fonts) {
        char *got = rules_trace(fonts);
        check_golden("tests/golden/rules.trace", got);
        check_ratios("tests/golden/rules.trace", got);
        free(got);
    }
    pb_fonts_free(fonts);
    pb_diags_fini(&d);
}

/* Traditional Chinese set evenly: a news article with 「」 quotes, a
 * dateline and numbers, in the TC face with its centred marks, has no
 * justified line stretched past char_stretch (ratio above 1, marked
 * "over") in a newspaper column or a handout. Before the centred marks'
 * quarter em of blank became glue (items.c), a line ending in ，kept a
 * full em for it and a3-news had to stretch a line past the limit. */
static void test_traditional_even(void)
{
    static const char *TRAD_LAYOUTS[] = {"a3-news", "a4-handout"};
    pb_diags d;
    pb_diags_init(&d);
    pb_fonts *fonts = pb_fonts_new("fonts/fonts.conf", &d);
    CHECK(fonts != NULL);
    for (size_t i = 0; fonts && i < sizeof TRAD_LAYOUTS / sizeof TRAD_LAYOUTS[0]; i++) {
        char *got = article_trace("tests/articles/zh-hant-news.md", TRAD_LAYOUTS[i], fonts, &d);
        CHECK(got != NULL);
        int body = 0, no = 0;
        for (const char *l = got; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
            no++;
            const char *end = strchr(l, '\n'), *r = strstr(l, " r=");
            int n = end ? (int)(end - l) : (int)strlen(l);
            double r1, r2;
            if (!strstr(l, " body ") || strstr(l, " body ") > l + n || !r || r > l + n ||
                sscanf(r, " r=%lf,%lf", &r1, &r2) != 2)
                continue;
            body++;
            const char *over = strstr(l, " over ");
            if (r1 > 1 + 1e-9 || (over && over < l + n)) {
                fprintf(stderr, "%s line %d: stretched past char_stretch: %.*s\n",
                        TRAD_LAYOUTS[i], no, n, l);
                check_failures++;
            }
        }
        CHECK(body > 30);
        free(got);
    }
    pb_diags_print(&d, stderr);
    pb_fonts_free(fonts);
    pb_diags_fini(&d);
}

CHECK_MAIN(T(test_layouts), T(test_rules), T(test_traditional_even))
