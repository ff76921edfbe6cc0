/* Tests of the input module: article text → pb_doc, checked through
 * pb_doc_dump and the diagnostics (severity, line, message). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"
#include "check.h"
#include "input/date.h"
#include "input/doc.h"

#define PATH "articles/t.md"

typedef struct {
    const char *name;
    const char *src;
    size_t len;       /* 0: strlen(src) */
    const char *dump; /* expected pb_doc_dump; NULL: parsing must fail */
    pb_severity sev;  /* the diagnostic expected when msg is set */
    int line;
    const char *msg; /* a part of its message; NULL: no diagnostics at all */
} doc_case;

static char *dump_string(const pb_doc *doc)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    pb_doc_dump(doc, f);
    fclose(f);
    return s;
}

/* Parse and dump; NULL when parsing failed. Caller frees. */
static char *parse_dump(const char *src, size_t len, pb_diags *d)
{
    pb_doc *doc = pb_doc_parse(src, len, PATH, d);
    if (!doc)
        return NULL;
    char *s = dump_string(doc);
    pb_doc_free(doc);
    return s;
}

static bool has_diag(const pb_diags *d, pb_severity sev, int line, const char *msg)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].sev == sev && d->v[i].line == line && strstr(d->v[i].msg, msg) &&
            d->v[i].file && !strcmp(d->v[i].file, PATH))
            return true;
    return false;
}

static void run_cases(const doc_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const doc_case *c = &cases[i];
        int failed = check_failures;
        pb_diags d;
        pb_diags_init(&d);
        char *got = parse_dump(c->src, c->len ? c->len : strlen(c->src), &d);
        if (c->dump) {
            if (!got)
                fprintf(stderr, "case %s: parse failed\n", c->name);
            CHECK_EQ_STR(got, c->dump);
        } else {
            CHECK(got == NULL);
        }
        if (c->msg && !has_diag(&d, c->sev, c->line, c->msg)) {
            fprintf(stderr, "case %s: expected diagnostic at line %d: %s\n", c->name, c->line,
                    c->msg);
            CHECK(!"diagnostic missing");
        }
        if (!c->msg && d.n) {
            fprintf(stderr, "case %s: unexpected diagnostics\n", c->name);
            CHECK(d.n == 0);
        }
        if (check_failures > failed)
            pb_diags_print(&d, stderr);
        free(got);
        pb_diags_fini(&d);
    }
}

#define OK(name, src, dump) {name, src, 0, dump, PB_DIAG_NOTE, 0, NULL}
#define RUN(cases) run_cases(cases, sizeof cases / sizeof cases[0])
#define E PB_DIAG_ERROR
#define W PB_DIAG_WARNING

/* ---- front matter ---- */

static void front_matter(void)
{
    static const doc_case cases[] = {
        OK("all keys",
         "---\n"
         "title: 标题\n"
         "kicker: 引题\n"
         "subtitle: 副题\n"
         "date: 2025-06-20 07:35:00\n"
         "byline: 本报记者 张三\n"
         "source: 新华社\n"
         "lang: zh-Hant\n"
         "layout: broadsheet\n"
         "credits:\n"
         "  - 摄影：李四\n"
         "  - 编辑：王五\n"
         "---\n"
         "\n"
         "正文。\n",
         "title: 标题\nkicker: 引题\nsubtitle: 副题\ndate: 2025-06-20 07:35:00\n"
         "byline: 本报记者 张三\nsource: 新华社\ncredit: 摄影：李四\ncredit: 编辑：王五\n"
         "lang: zh-Hant\nlayout: broadsheet\nPARA 15: 正文。\n"),
        OK("credits as one scalar", "---\ncredits: 摄影：李四\n---\n正文\n",
         "credit: 摄影：李四\nlang: zh-Hans\nPARA 4: 正文\n"),
        OK("credits flow list, empty item skipped", "---\ncredits: [甲, ~, 乙]\n---\n正文\n",
         "credit: 甲\ncredit: 乙\nlang: zh-Hans\nPARA 4: 正文\n"),
        {"date as a number keeps its text, with a warning",
         "---\ndate: 20250620\ntitle: '007'\n---\n正文\n", 0,
         "title: 007\ndate: 20250620\nlang: zh-Hans\nPARA 5: 正文\n", W, 2,
         "front matter date \"20250620\" is not a date paiban reads (2026-05-18, 2026/5/18, "
         "2026年5月18日, a weekday and a time after it): printed as written"},
        OK("a real date, with a time", "---\ndate: 2024-02-29 23:59\n---\n正文\n",
         "date: 2024-02-29 23:59\nlang: zh-Hans\nPARA 4: 正文\n"),
        OK("a date with a weekday and a time", "---\ndate: 2025年6月20日 星期五 07:35\n---\n正文\n",
         "date: 2025年6月20日 星期五 07:35\nlang: zh-Hans\nPARA 4: 正文\n"),
        OK("an ISO date with a zone", "---\ndate: 2026-01-05T09:00:00+08:00\n---\n正文\n",
         "date: 2026-01-05T09:00:00+08:00\nlang: zh-Hans\nPARA 4: 正文\n"),
        {"free text is no date, printed as written", "---\ndate: 五月十八日\n---\n正文\n", 0,
         "date: 五月十八日\nlang: zh-Hans\nPARA 4: 正文\n", W, 2,
         "\"五月十八日\" is not a date paiban reads"},
        {"more than a date is printed as written", "---\ndate: 2026年5月18日上午\n---\n正文\n", 0,
         "date: 2026年5月18日上午\nlang: zh-Hans\nPARA 4: 正文\n", W, 2,
         "\"2026年5月18日上午\" is not a date paiban reads"},
        OK("section: the page's 版名", "---\nsection: 要闻\n---\n正文\n",
         "section: 要闻\nlang: zh-Hans\nPARA 4: 正文\n"),
        {"an absurd date", "---\ntitle: 题\ndate: 9999-99-99\n---\n正文\n", 0, NULL, E, 3,
         "front matter date \"9999-99-99\" is not a real date: the year 9999 is not between 1900 "
         "and 2100"},
        {"February 30", "---\ndate: 2026-02-30\n---\n正文\n", 0, NULL, E, 2,
         "\"2026-02-30\" is not a real date: month 2 of 2026 has 28 days"},
        {"month 13", "---\ndate: 2026-13-01\n---\n正文\n", 0, NULL, E, 2,
         "there is no month 13"},
        {"Chinese date, not leap", "---\ndate: 2023年2月29日 星期三\n---\n正文\n", 0, NULL, E, 2,
         "month 2 of 2023 has 28 days"},
        {"no such time", "---\ndate: 2026/05/18 24:00\n---\n正文\n", 0, NULL, E, 2,
         "there is no time 24:00:00"},
        OK("empty value is unset", "---\ntitle:\nkicker: ~\n---\n正文\n",
         "lang: zh-Hans\nPARA 5: 正文\n"),
        OK("empty front matter", "---\n---\n正文\n", "lang: zh-Hans\nPARA 3: 正文\n"),
        OK("closed by ...", "---\ntitle: 题\n...\n正文\n",
         "title: 题\nlang: zh-Hans\nPARA 4: 正文\n"),
        {"unknown key warns with its line", "---\ntitle: 题\nfoo:\n  - [1, 2]\n---\n正文\n", 0,
         "title: 题\nlang: zh-Hans\nPARA 6: 正文\n", W, 3,
         "unknown front matter key \"foo\" (known: title, kicker, subtitle, date, byline, "
         "source, credits, lang, layout, organizer, logos, pages, section, pinyin, updated)"},
        {"pages: a page count", "---\npages: 2\n---\n正文\n", 0,
         "lang: zh-Hans\npages: 2\nPARA 4: 正文\n", 0, 0, NULL},
        {"pages: not a count is an error", "---\npages: two\n---\n正文\n", 0, NULL, E, 2,
         "front matter pages must be a whole number of pages from 1 to 999, got \"two\""},
        {"pages: 0 is an error", "---\npages: 0\n---\n正文\n", 0, NULL, E, 2,
         "front matter pages must be a whole number of pages from 1 to 999, got \"0\""},
        {"pages: 1.5 is an error", "---\npages: 1.5\n---\n正文\n", 0, NULL, E, 2,
         "front matter pages must be a whole number of pages from 1 to 999, got \"1.5\""},
        {"title as a list is an error", "---\nkicker: 引\ntitle: [a, b]\n---\n正文\n", 0, NULL, E,
         3, "front matter key \"title\" must be text, not a list"},
        {"credits as a mapping is an error", "---\ncredits:\n  摄影: 李四\n---\n正文\n", 0, NULL,
         E, 3, "credits must be a list of text, not a mapping"},
        {"credit item as a mapping is an error", "---\ncredits:\n  - 摄影: 李四\n---\n正文\n", 0,
         NULL, E, 3, "quote an item"},
        {"root must be a mapping", "---\n- a\n- b\n---\n正文\n", 0, NULL, E, 2,
         "front matter must be a mapping"},
        {"duplicate key", "---\ntitle: a\ntitle: b\n---\n正文\n", 0, NULL, E, 3,
         "\"title\" given twice (first on line 2)"},
        {"bad lang", "---\nlang: en\n---\n正文\n", 0, NULL, E, 2,
         "lang \"en\" is not supported (use zh-Hans"},
        OK("lang zh-TW → zh-Hant", "---\nlang: zh-TW\n---\n正文\n", "lang: zh-Hant\nPARA 4: 正文\n"),
        OK("lang zh-cn → zh-Hans", "---\nlang: zh-cn\n---\n正文\n", "lang: zh-Hans\nPARA 4: 正文\n"),
        OK("lang ja", "---\nlang: ja\n---\n本文\n", "lang: ja\nPARA 4: 本文\n"),
        {"alias rejected", "---\ntitle: &t 标题\nkicker: *t\n---\n正文\n", 0, NULL, E, 2,
         "anchors and aliases"},
        {"alias bomb rejected",
         "---\nfoo: &a [\"lol\",\"lol\",\"lol\"]\nbar: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
         "baz: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n---\n正文\n",
         0, NULL, E, 2, "anchors and aliases"},
        {"YAML syntax error", "---\ntitle: 题\nkicker: \"未闭合\n---\n正文\n", 0, NULL, E, 4,
         "not valid YAML: found unexpected end of stream while scanning a quoted scalar (line 3)"},
        {"YAML tab indentation", "---\ncredits:\n\t- a\n---\n正文\n", 0, NULL, E, 3,
         "front matter is not valid YAML"},
        {"unclosed front matter", "---\ntitle: 题\n\n正文\n", 0, NULL, E, 1,
         "front matter that starts here is never closed"},
        OK("no front matter", "正文第一段。\n\n第二段。\n",
         "lang: zh-Hans\nPARA 1: 正文第一段。\nPARA 3: 第二段。\n"),
        {"front matter only warns", "---\ntitle: 题\n---\n\n", 0, "title: 题\nlang: zh-Hans\n", W,
         4, "no body text"},
        OK("a later --- is a section break", "正文\n\n---\n\n下文\n",
         "lang: zh-Hans\nPARA 1: 正文\nBREAK 3\nPARA 5: 下文\n"),
    };
    RUN(cases);
}

/* ---- file checks ---- */

static void text_checks(void)
{
    static const doc_case cases[] = {
        {"invalid UTF-8 names offset and line", "---\ntitle: 题\n---\n正文\xFF\n", 0, NULL, E,
         4, "not valid UTF-8 at byte offset 25"},
        {"GBK text is not UTF-8", "\xD5\xFD\xCE\xC4\n", 0, NULL, E, 1,
         "not valid UTF-8 at byte offset 0"},
        {"empty file", "", 0, NULL, E, 0, "empty article"},
        {"white space only", "  \n\t\r\n\xE3\x80\x80\n", 0, NULL, E, 0, "empty article"},
        {"BOM only", "\xEF\xBB\xBF\n", 0, NULL, E, 0, "empty article"},
        {"binary (PNG header)", "\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16, NULL, E, 3,
         "not a text file (NUL byte at offset 8)"},
        {"UTF-16", "\xFF\xFE-\0-\0-\0", 8, NULL, E, 0, "UTF-16"},
    };
    RUN(cases);
}

/* Characters that are not text (noncharacters: cairo refused the whole PDF
 * for one; controls) become U+FFFD, the breaks U+2028 and VT a space, raw or
 * made by a YAML escape, with one warning per line naming it. */
static void not_text(void)
{
    static const char src[] = "---\n"
                              "title: \"题\\uFFFF\\e\"\n"
                              "byline: 记\xEF\xBF\xBE者\n"
                              "---\n"
                              "\n"
                              "正\xEF\xB7\x90文\xF4\x8F\xBF\xBF\x01段\r\n"
                              "第二\xE2\x80\xA8行\x0B\xC2\x9B。\n";
    pb_diags d;
    pb_diags_init(&d);
    char *got = parse_dump(src, sizeof src - 1, &d);
    CHECK_EQ_STR(got, "title: 题\xEF\xBF\xBD\xEF\xBF\xBD\nbyline: 记\xEF\xBF\xBD者\nlang: zh-Hans\n"
                      "PARA 6: 正\xEF\xBF\xBD文\xEF\xBF\xBD\xEF\xBF\xBD段第二 行 \xEF\xBF\xBD。\n");
    CHECK_EQ_INT(d.n, 4);
    CHECK(has_diag(&d, W, 2, "U+FFFF is a Unicode noncharacter, not text; replaced by U+FFFD "
                             "(and 1 more on the line)"));
    CHECK(has_diag(&d, W, 3, "U+FFFE is a Unicode noncharacter"));
    CHECK(has_diag(&d, W, 6, "U+FDD0 is a Unicode noncharacter, not text; replaced by U+FFFD "
                             "(and 2 more on the line)"));
    CHECK(has_diag(&d, W, 7, "the break character U+2028 is read as a space (and 2 more"));
    if (d.n != 4)
        pb_diags_print(&d, stderr);
    free(got);
    pb_diags_fini(&d);

    /* a lone surrogate (ED A0 80) is not UTF-8 at all */
    pb_diags_init(&d);
    CHECK(parse_dump("正文\xED\xA0\x80\n", 9, &d) == NULL);
    CHECK(has_diag(&d, E, 1, "not valid UTF-8 at byte offset 6"));
    pb_diags_fini(&d);
}

static const char lf_src[] = "---\ntitle: 标题\ncredits:\n  - 甲\n---\n\n第一行\n第二行\n\n"
                             "> **编者按**：按语\n\n![图](a.jpg \"span=2\")\n\n## 小标题\n";

/* BOM, CRLF and CR line ends give the same tree, with the same lines. */
static void line_ends(void)
{
    pb_diags d;
    pb_diags_init(&d);
    char *lf = parse_dump(lf_src, strlen(lf_src), &d);
    pb_buf crlf = {0}, cr = {0};
    pb_buf_adds(&crlf, "\xEF\xBB\xBF");
    pb_buf_adds(&cr, "\xEF\xBB\xBF");
    for (const char *p = lf_src; *p; p++) {
        pb_buf_add(&crlf, *p == '\n' ? "\r\n" : p, *p == '\n' ? 2 : 1);
        pb_buf_add(&cr, *p == '\n' ? "\r" : p, 1);
    }
    char *a = parse_dump(crlf.s, crlf.n, &d);
    char *b = parse_dump(cr.s, cr.n, &d);
    CHECK_EQ_STR(lf, "title: 标题\ncredit: 甲\nlang: zh-Hans\nPARA 7: 第一行第二行\nNOTE 10\n"
                     "  PARA 10: [b:编者按]：按语\nFIGURE 12 span=2 place=auto src=a.jpg: 图\n"
                     "HEAD 14 level=2: 小标题\n");
    CHECK_EQ_STR(a, lf);
    CHECK_EQ_STR(b, lf);
    CHECK_EQ_INT(d.n, 0);
    free(lf);
    free(a);
    free(b);
    pb_buf_fini(&crlf);
    pb_buf_fini(&cr);
    pb_diags_fini(&d);
}

/* ---- body ---- */

#define L "lang: zh-Hans\n"

static void soft_breaks(void)
{
    static const doc_case cases[] = {
        OK("CJK–CJK joins with nothing", "中文\n接着写", L "PARA 1: 中文接着写\n"),
        OK("Latin–Latin joins with a space", "Latin words\nwrap here",
         L "PARA 1: Latin words wrap here\n"),
        /* The typesetter adds its own Han–Latin spacing. */
        OK("CJK–Latin joins with nothing", "使用\nPython\n编程", L "PARA 1: 使用Python编程\n"),
        OK("digits after Han", "2025年\n6月", L "PARA 1: 2025年6月\n"),
        OK("punctuation is CJK", "好。\n然后，\n“引号”", L "PARA 1: 好。然后，“引号”\n"),
        OK("quotes take the side of Latin", "said “hello”\nand left",
         L "PARA 1: said “hello” and left\n"),
        OK("quotes take the side of Han", "他说：“好”\nOK", L "PARA 1: 他说：“好”OK\n"),
        OK("dash and ellipsis", "等等……\n——然后", L "PARA 1: 等等……——然后\n"),
        OK("hard break follows the same rule", "中文  \n中文\\\n中文 a\\\nb",
         L "PARA 1: 中文中文中文 a b\n"),
        OK("spaces collapse and ends trim", "  a  b\t c  ", L "PARA 1: a b c\n"),
        OK("ideographic indent trimmed", "\xE3\x80\x80\xE3\x80\x80首行缩进。\xE3\x80\x80",
         L "PARA 1: 首行缩进。\n"),
        OK("kana", "日本語の\nテキスト", L "PARA 1: 日本語のテキスト\n"),
    };
    RUN(cases);
}

static void inline_styles(void)
{
    static const doc_case cases[] = {
        OK("strong", "这是**重点**内容", L "PARA 1: 这是[b:重点]内容\n"),
        OK("emph and code", "*斜体*和`code`", L "PARA 1: [i:斜体]和[c:code]\n"),
        OK("nested styles", "***都有***，**粗*斜*粗**",
         L "PARA 1: [bi:都有]，[b:粗][bi:斜][b:粗]\n"),
        OK("strong across a break joins", "**第一\n第二**", L "PARA 1: [b:第一第二]\n"),
        OK("adjacent strong merge", "**甲**\n**乙**", L "PARA 1: [b:甲乙]\n"),
        OK("code keeps its spaces", "调用 `f(a,  b)`  时", L "PARA 1: 调用 [c:f(a,  b)] 时\n"),
        OK("link keeps its text", "见[新华网](http://example.com)报道", L "PARA 1: 见新华网报道\n"),
        OK("spans around a kept space", "**粗** **体** *a* *b*", L "PARA 1: [b:粗] [b:体] [i:a] [i:b]\n"),
        OK("styled text at the trimmed end", "正文**粗**  \n", L "PARA 1: 正文[b:粗]\n"),
        OK("list prefix before a span", "- **粗**体\n", L "PARA 1: • [b:粗]体\n"),
        {"inline HTML dropped", "文字<b>粗</b>字", 0, L "PARA 1: 文字粗字\n", W, 1,
         "inline HTML dropped: <b>"},
        OK("HTML comment dropped quietly", "文字<!-- 备注 -->字\n\n<!--\n块注释\n-->\n",
         L "PARA 1: 文字字\n"),
        {"HTML block dropped", "正文\n\n<div>\n块\n</div>\n", 0, L "PARA 1: 正文\n", W, 3,
         "HTML block dropped: <div>"},
        OK("brackets escaped in dump", "a[b]\\\\c", L "PARA 1: a\\[b\\]\\\\c\n"),
        /* emphasis dots, CLR-45 */
        OK("bracketed span with the dots class", "要[注意安全]{.dots}。",
           L "PARA 1: 要[d:注意安全]。\n"),
        OK("dots inside strong", "**要[注意]{.dots}安全**", L "PARA 1: [b:要][bd:注意][b:安全]\n"),
        OK("dots by HTML", "要<em class=\"dots\">注意</em>安全，<EM CLASS='dots'>再</EM>看",
           L "PARA 1: 要[d:注意]安全，[d:再]看\n"),
        OK("two spans, one plain bracket", "[甲]{.dots}和[乙]与[丙]{.dots}",
           L "PARA 1: [d:甲]和\\[乙\\]与[d:丙]\n"),
        OK("other classes and empty spans stay", "[甲]{.red}和[]{.dots}",
           L "PARA 1: \\[甲\\]{.red}和\\[\\]{.dots}\n"),
        OK("not in code", "`[甲]{.dots}`", L "PARA 1: [c:\\[甲\\]{.dots}]\n"),
        {"a stray closing em is dropped", "甲</em>乙", 0, L "PARA 1: 甲乙\n", W, 1,
         "inline HTML dropped: </em>"},
    };
    RUN(cases);
}

static void blocks(void)
{
    static const doc_case cases[] = {
        OK("heading levels", "# 一\n\n## 二\n\n### 三\n\n#### 四\n\n大标题\n===\n",
         L "HEAD 1 level=1: 一\nHEAD 3 level=2: 二\nHEAD 5 level=3: 三\nHEAD 7 level=4: 四\n"
           "HEAD 9 level=1: 大标题\n"),
        OK("heading with styles", "## 小**标**题\n", L "HEAD 1 level=2: 小[b:标]题\n"),
        OK("note with label", "> **编者按**：本文\n> 讲述。\n>\n> 第二段\n\n正文\n",
         L "NOTE 1\n  PARA 1: [b:编者按]：本文讲述。\n  PARA 4: 第二段\nPARA 6: 正文\n"),
        OK("note heading and nested quote", "> ## 按语\n>\n> > 内层\n> > > 更深\n",
         L "NOTE 1\n  PARA 1: [b:按语]\n  PARA 3: 内层\n  PARA 4: 更深\n"),
        OK("section break", "一\n\n---\n\n二\n\n***\n",
         L "PARA 1: 一\nBREAK 3\nPARA 5: 二\nBREAK 7\n"),
        {"section break in a note ignored", "> 甲\n>\n> ---\n>\n> 乙\n", 0,
         L "NOTE 1\n  PARA 1: 甲\n  PARA 5: 乙\n", W, 3, "section break inside a note"},
        OK("lists", "- 甲\n- 乙\n\n  续\n\n3. 三\n4) 四\n",
         L "PARA 1: • 甲\nPARA 2: • 乙\nPARA 4: 续\nPARA 6: 3. 三\nPARA 7: 4) 四\n"),
        OK("nested list", "1. 一\n   - 子\n2. 二\n",
         L "PARA 1: 1. 一\nPARA 2: • 子\nPARA 3: 2. 二\n"),
        {"fenced code", "```\nx = 1\ny = 2\n```\n", 0, L "PARA 1: [c:x = 1 y = 2]\n", W, 1,
         "code block set as a paragraph"},
        {"indented Chinese is prose", "正文\n\n    缩进的\n    段落\n", 0,
         L "PARA 1: 正文\nPARA 3: 缩进的段落\n", W, 3, "indented text is a code block"},
        {"indented Latin stays code", "    x = 1\n", 0, L "PARA 1: [c:x = 1]\n", W, 1,
         "code block set as a paragraph"},
    };
    RUN(cases);
}

static void figures(void)
{
    static const doc_case cases[] = {
        OK("figure with span, place, caption",
         "正文\n\n![新华社记者 **摄**](img/a.jpg \"span=2 place=top\")\n",
         L "PARA 1: 正文\nFIGURE 3 span=2 place=top src=img/a.jpg: 新华社记者 [b:摄]\n"),
        OK("figure without options", "![说明](a.png)\n",
         L "FIGURE 1 span=0 place=auto src=a.png: 说明\n"),
        OK("figure among blanks", "  ![说明](a.png)  \n",
         L "FIGURE 1 span=0 place=auto src=a.png: 说明\n"),
        OK("two figures in one paragraph", "![甲](a.png \"place=hero\")\n![乙](b.png)\n",
         L "FIGURE 1 span=0 place=hero src=a.png: 甲\nFIGURE 1 span=0 place=auto src=b.png: 乙\n"),
        OK("absolute path kept", "![说明](/srv/p/a.png)\n",
         L "FIGURE 1 span=0 place=auto src=/srv/p/a.png: 说明\n"),
        {"span 0", "\n![说明](a.png \"span=0\")\n", 0, NULL, E, 2, "span=0: expected a number"},
        {"span 25", "![说明](a.png \"span=25\")\n", 0, NULL, E, 1, "span=25"},
        {"span x", "![说明](a.png \"span=x\")\n", 0, NULL, E, 1, "span=x"},
        {"bad place", "![说明](a.png \"place=left\")\n", 0, NULL, E, 1,
         "place=left: expected top, bottom, hero or auto"},
        {"unknown option warns", "![说明](a.png \"size=3 span=3\")\n", 0,
         L "FIGURE 1 span=3 place=auto src=a.png: 说明\n", W, 1,
         "unknown figure option \"size=3\""},
        {"inline image warns and keeps its text", "文字![图](a.jpg)文字\n", 0,
         L "PARA 1: 文字图文字\n", W, 1, "inline image ignored"},
        {"remote image", "正文\n\n![图](https://example.com/a.jpg)\n", 0, NULL, E, 3,
         "remote images are not supported"},
        {"protocol-relative image", "![图](//example.com/a.jpg)\n", 0, NULL, E, 1,
         "remote images are not supported"},
        {"figure in a note is text", "> ![图注](a.jpg)\n", 0, L "NOTE 1\n  PARA 1: 图注\n", W, 1,
         "figures inside a note"},
    };
    RUN(cases);
}

static void figure_path(void)
{
    pb_diags d;
    pb_diags_init(&d);
    const char *src = "![说明](img/照片.jpg)\n";
    pb_doc *doc = pb_doc_parse(src, strlen(src), PATH, &d);
    CHECK(doc != NULL);
    if (doc) {
        CHECK_EQ_STR(doc->path, PATH);
        CHECK_EQ_STR(doc->dir, "articles");
        CHECK_EQ_INT(doc->nblocks, 1);
        CHECK_EQ_STR(doc->blocks[0].src, "img/照片.jpg");
        CHECK_EQ_STR(doc->blocks[0].path, "articles/img/照片.jpg");
    }
    pb_doc_free(doc);
    pb_diags_fini(&d);
}

static double seconds(clock_t t0);

/* Footnotes (GFM [^label]; cmark has none): the definitions leave the body
 * and become notes at its end, each reference "[N]" in order of first use. */
static void footnotes(void)
{
    static const doc_case cases[] = {
        OK("numbered in the order of first reference",
         "正文[^1]，又见[^a]，再见[^1]。\n\n[^a]: 乙注。\n[^1]: 甲注，\n    续行。\n",
         L "PARA 1: 正文[n:\\[1\\]]，又见[n:\\[2\\]]，再见[n:\\[1\\]]。\n"
           "PARA 3 footnote level=1: [b:注释]\nPARA 4 footnote: \\[1\\] 甲注，续行。\n"
           "PARA 3 footnote: \\[2\\] 乙注。\n"),
        OK("lazy line, a second paragraph indented, a note referring to another",
         "正文[^n]\n\n[^n]: 第一段\n懒惰续行\n\n    第二段，见[^m]。\n\n后文。\n\n[^m]: 另注\n",
         L "PARA 1: 正文[n:\\[1\\]]\nPARA 8: 后文。\nPARA 3 footnote level=1: [b:注释]\n"
           "PARA 3 footnote: \\[1\\] 第一段懒惰续行\nPARA 6 footnote: 第二段，见[n:\\[2\\]]。\n"
           "PARA 10 footnote: \\[2\\] 另注\n"),
        OK("styled note, reference in a head and a note box",
         "## 小标题[^1]\n\n> 按语[^2]\n\n[^1]: **粗**注\n[^2]: 二\n",
         L "HEAD 1 level=2: 小标题[n:\\[1\\]]\nNOTE 3\n  PARA 3: 按语[n:\\[2\\]]\n"
           "PARA 5 footnote level=1: [b:注释]\nPARA 5 footnote: \\[1\\] [b:粗]注\n"
           "PARA 6 footnote: \\[2\\] 二\n"),
        OK("a reference in code stays code", "`[^1]`和[^1]\n\n[^1]: 注\n",
         L "PARA 1: [c:\\[^1\\]]和[n:\\[1\\]]\nPARA 3 footnote level=1: [b:注释]\n"
           "PARA 3 footnote: \\[1\\] 注\n"),
        OK("an empty definition keeps its number", "正文[^1]\n\n[^1]:\n",
         L "PARA 1: 正文[n:\\[1\\]]\nPARA 3 footnote level=1: [b:注释]\n"
           "PARA 3 footnote: \\[1\\]\n"),
        OK("zh-Hant title", "---\nlang: zh-Hant\n---\n正文[^1]\n\n[^1]: 註\n",
         "lang: zh-Hant\nPARA 4: 正文[n:\\[1\\]]\nPARA 6 footnote level=1: [b:註釋]\n"
         "PARA 6 footnote: \\[1\\] 註\n"),
        {"a reference without a definition stays text", "见[^x]和[^y]。\n", 0,
         L "PARA 1: 见\\[^x\\]和\\[^y\\]。\n", W, 1,
         "footnote reference [^x] has no definition"},
        {"a definition in fenced code is code", "```\n[^1]: 代码\n```\n\n正文[^1]\n", 0,
         L "PARA 1: [c:\\[^1\\]: 代码]\nPARA 5: 正文\\[^1\\]\n", W, 5, "has no definition"},
        {"a note nothing refers to is set, with a warning", "正文。\n\n[^1]: 无人引用。\n", 0,
         L "PARA 1: 正文。\nPARA 3 footnote level=1: [b:注释]\n"
           "PARA 3 footnote: \\[1\\] 无人引用。\n",
         W, 3, "footnote [^1] is never referred to; set as note [1]"},
        {"a second definition of a label is set too, with a warning",
         "正文[^1]\n\n[^1]: 甲\n\n[^1]: 乙\n", 0,
         L "PARA 1: 正文[n:\\[1\\]]\nPARA 3 footnote level=1: [b:注释]\n"
           "PARA 3 footnote: \\[1\\] 甲\nPARA 5 footnote: \\[2\\] 乙\n",
         W, 5, "footnote [^1] is defined again (first on line 3); set as note [2]"},
        {"a figure in a note is its caption", "正文[^1]\n\n[^1]: ![图注](a.jpg)\n", 0,
         L "PARA 1: 正文[n:\\[1\\]]\nPARA 3 footnote level=1: [b:注释]\n"
           "PARA 3 footnote: \\[1\\] 图注\n",
         W, 3, "figures inside a note or a footnote"},
    };
    RUN(cases);
}

/* GFM tables (cmark reads them as a paragraph of pipes) are set as text: a
 * row per block, cells apart by U+3000, the header row in bold. */
static void tables(void)
{
    static const doc_case cases[] = {
        {"a table", "| 项目 | 数量 |\n|---|---:|\n| 河长 | 137 |\n| `a\\|b` | 1. 无 |\n", 0,
         L "PARA 1 row level=1: [b:项目]　[b:数量]\nPARA 3 row: 河长　137\n"
           "PARA 4 row: [c:a|b]　1. 无\n",
         W, 1, "table set as text"},
        {"lines before it stay a paragraph; no outer pipes",
         "前文一行\n项目 | 数量\n--- | ---\n河长 | **137** |\n\n后文\n", 0,
         L "PARA 1: 前文一行\nPARA 2 row level=1: [b:项目]　[b:数量]\n"
           "PARA 4 row: 河长　[b:137]\nPARA 6: 后文\n",
         W, 2, "table set as text"},
        {"empty cells keep their place, extra cells are kept",
         "| 甲 | 乙 |\n|---|---|\n|  | 2 | 3 |\n| 4 |\n", 0,
         L "PARA 1 row level=1: [b:甲]　[b:乙]\nPARA 3 row: —　2　3\nPARA 4 row: 4\n", W, 1,
         "table set as text"},
        {"in a note box", "> | 甲 | 乙 |\n> |---|---|\n> | 1 | 2 |\n", 0,
         L "NOTE 1\n  PARA 1 row level=1: [b:甲]　[b:乙]\n  PARA 3 row: 1　2\n", W, 1,
         "table set as text"},
        {"a footnote in a cell", "| 项目 | 注 |\n|---|---|\n| 河长 | 见[^1] |\n\n[^1]: 注。\n", 0,
         L "PARA 1 row level=1: [b:项目]　[b:注]\nPARA 3 row: 河长　见[n:\\[1\\]]\n"
           "PARA 5 footnote level=1: [b:注释]\nPARA 5 footnote: \\[1\\] 注。\n",
         W, 1, "table set as text"},
        OK("no delimiter row: no table", "a | b\nc | d\n", L "PARA 1: a | b c | d\n"),
        OK("cells not matching the delimiter row: no table", "| a | b |\n| --- |\n",
         L "PARA 1: | a | b | | --- |\n"),
    };
    RUN(cases);
}

/* Many footnotes and references, and a long table, cost time linear in them. */
static void many_notes_and_rows(void)
{
    enum { N = 10000 };
    pb_buf b = {0};
    for (int i = 0; i < N; i++)
        pb_buf_addf(&b, "第%d段[^%d]。\n\n", i, N - i);
    for (int i = 0; i < N; i++)
        pb_buf_addf(&b, "[^%d]: 注%d\n", i + 1, i + 1);
    pb_buf_adds(&b, "\n| 甲 | 乙 |\n|---|---|\n");
    for (int i = 0; i < N; i++)
        pb_buf_addf(&b, "| %d | %d |\n", i, i);
    pb_diags d;
    pb_diags_init(&d);
    clock_t t0 = clock();
    pb_doc *doc = pb_doc_parse(b.s, b.n, PATH, &d);
    CHECK(seconds(t0) < 10.0);
    CHECK(doc != NULL);
    if (doc) {
        CHECK_EQ_INT(doc->nblocks, N + N + 1 + 1 + N);
        CHECK_EQ_STR(doc->blocks[N - 1].text.s, "第9999段[10000]。");
        CHECK_EQ_STR(doc->blocks[N].text.s, "甲　乙");
        CHECK_EQ_STR(doc->blocks[2 * N + 1].text.s, "注释");
        CHECK_EQ_STR(doc->blocks[2 * N + 2 + N - 1].text.s, "[10000] 注1");
    }
    CHECK_EQ_INT(d.n, 1); /* the table's warning */
    pb_doc_free(doc);
    pb_diags_fini(&d);
    pb_buf_fini(&b);
}

static void body_lines(void)
{
    static const doc_case cases[] = {
        OK("lines after front matter are file lines",
         "---\ntitle: 题\nkicker: 引\n---\n\n# 头\n\n正文\n第二行\n\n> 按\n",
         "title: 题\nkicker: 引\n" L "HEAD 6 level=1: 头\nPARA 8: 正文第二行\nNOTE 11\n"
         "  PARA 11: 按\n"),
        {"body error names a file line", "---\ntitle: 题\n---\n\n正文\n\n![图](http://x/a.jpg)\n",
         0, NULL, E, 7, "remote images"},
        {"body warning names a file line", "---\ntitle: 题\n---\n正文<i>x</i>\n", 0,
         "title: 题\n" L "PARA 4: 正文x\n", W, 4, "inline HTML"},
    };
    RUN(cases);
}

/* ---- hostile input ---- */

static double seconds(clock_t t0) { return (double)(clock() - t0) / CLOCKS_PER_SEC; }

static void deep_nesting(void)
{
    enum { N = 10000, STAIRS = 3000 }; /* the staircase is STAIRS²/2 bytes */
    pb_buf b = {0};
    for (int i = 0; i < N; i++)
        pb_buf_add(&b, ">", 1);
    pb_buf_adds(&b, " 深处\n\n");
    for (int i = 1; i <= STAIRS; i++) { /* a staircase: one more > on each line */
        for (int k = 0; k < i; k++)
            pb_buf_add(&b, ">", 1);
        pb_buf_adds(&b, " 层\n");
    }
    for (int i = 0; i < N; i++)
        pb_buf_adds(&b, "- ");
    pb_buf_adds(&b, "列表\n\n");
    for (int i = 0; i < N; i++)
        pb_buf_adds(&b, "*");
    pb_buf_adds(&b, "强调");
    for (int i = 0; i < N; i++)
        pb_buf_adds(&b, "*");
    pb_buf_adds(&b, "\n");

    pb_diags d;
    pb_diags_init(&d);
    clock_t t0 = clock();
    pb_doc *doc = pb_doc_parse(b.s, b.n, PATH, &d);
    double t = seconds(t0);
    CHECK(doc != NULL);
    CHECK(t < 10.0);
    if (doc) {
        CHECK_EQ_INT(doc->nblocks, 4);
        CHECK_EQ_INT(doc->blocks[0].kind, PB_BLOCK_NOTE);
        CHECK_EQ_INT(doc->blocks[0].nchildren, 1);
        CHECK_EQ_STR(doc->blocks[0].children[0].text.s, "深处");
        CHECK_EQ_INT(doc->blocks[1].kind, PB_BLOCK_NOTE); /* each line opens a deeper quote */
        CHECK_EQ_INT(doc->blocks[1].nchildren, STAIRS);
        CHECK_EQ_INT(doc->blocks[1].children[STAIRS - 1].line, STAIRS + 2);
        CHECK_EQ_STR(doc->blocks[2].text.s, "• 列表");
        CHECK_EQ_STR(doc->blocks[3].text.s, "强调");
        CHECK_EQ_INT(doc->blocks[3].text.nspans, 1);
    }
    pb_doc_free(doc);
    pb_diags_fini(&d);
    pb_buf_fini(&b);
}

/* Deciding a break's side looks past ambiguous marks (“”‘’…—); a run of
 * them on every line once made settling quadratic (8 minutes for 200,000
 * lines of "……"). The look is now bounded. */
static void ambiguous_marks_run_fast(void)
{
    enum { N = 100000 };
    pb_buf b = {0};
    pb_buf_adds(&b, "中文");
    for (int i = 0; i < N; i++)
        pb_buf_adds(&b, "……\n");
    pb_diags d;
    pb_diags_init(&d);
    clock_t t0 = clock();
    pb_doc *doc = pb_doc_parse(b.s, b.n, PATH, &d);
    CHECK(seconds(t0) < 5.0);
    CHECK(doc != NULL);
    if (doc)
        CHECK_EQ_INT(doc->blocks[0].text.len, 6 + N * 6); /* joined with nothing */
    pb_doc_free(doc);
    pb_diags_fini(&d);
    pb_buf_fini(&b);
}

static void load_file(void)
{
    pb_diags d;
    pb_diags_init(&d);
    CHECK(pb_doc_load("tests/no-such-article.md", &d) == NULL);
    CHECK(d.n == 1 && strstr(d.v[0].msg, "cannot open"));

    char tmp[] = "/tmp/test_doc_XXXXXX";
    int fd = mkstemp(tmp);
    CHECK(fd >= 0);
    if (fd >= 0) {
        CHECK_EQ_INT(write(fd, lf_src, strlen(lf_src)), (long long)strlen(lf_src));
        close(fd);
        pb_doc *doc = pb_doc_load(tmp, &d);
        CHECK(doc != NULL);
        if (doc) {
            CHECK_EQ_STR(doc->dir, "/tmp");
            CHECK_EQ_STR(doc->blocks[2].path, "/tmp/a.jpg");
        }
        pb_doc_free(doc);
        unlink(tmp);
    }
    pb_diags_fini(&d);
}

/* ---- dates as a page prints them ---- */

#define ZH_HANS "{year}年{month}月{day}日 {weekday}" /* the layouts' defaults */
#define CJK_DAY "{year}年{month}月{day}日"

static void dates(void)
{
    static const struct {
        const char *date, *fmt, *lang, *out;
    } rows[] = {
        /* no seconds, no leading zeros, the weekday computed */
        {"2025-06-20 07:35:00", ZH_HANS, "zh-Hans", "2025年6月20日 星期五"},
        {"2015/5/28 18:43", CJK_DAY, "zh-Hant", "2015年5月28日"},
        {"2026-01-05", CJK_DAY, "ja", "2026年1月5日"},
        {"2026年01月05日", "{year}年{month}月{day}日（{wd}）", "ja", "2026年1月5日（月）"},
        {"2026.1.5", "{weekday}", "ja", "月曜日"},
        {"2023年06月26日 星期一", ZH_HANS, "zh-Hans", "2023年6月26日 星期一"},
        {"2024-02-29T23:05", "{mm}/{dd} {time}", "zh-Hans", "02/29 23:05"},
        {"2024-02-29", "{year}年{month}月{day}日 {time}", "zh-Hans", "2024年2月29日"},
        {"2000-03-01", ZH_HANS, NULL, "2000年3月1日 星期三"},
        {"1900-01-01", "{weekday} {wd}", "zh-Hant", "星期一 一"},
        {"2100-12-31", ZH_HANS, "zh-Hans", "2100年12月31日 星期五"},
        {"2026-05-18", "{year} {nope}", "zh-Hans", "2026 {nope}"},
        /* what is not a date is printed as written */
        {"五月十八日", ZH_HANS, "zh-Hans", "五月十八日"},
        {"2026年5月18日上午", ZH_HANS, "zh-Hans", "2026年5月18日上午"},
        {"20250620", ZH_HANS, "zh-Hans", "20250620"},
        {"2026-02-30", ZH_HANS, "zh-Hans", "2026-02-30"},
        {"2025-06-20 07:35:00", NULL, "zh-Hans", "2025-06-20 07:35:00"}, /* no format */
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char *got = pb_date_text(rows[i].date, rows[i].fmt, rows[i].lang);
        CHECK_EQ_STR(got, rows[i].out);
        free(got);
    }
    CHECK(pb_date_text(NULL, ZH_HANS, "zh-Hans") == NULL);
    char bad[32];
    CHECK(!pb_date_format_unknown(ZH_HANS " {time} {mm}{dd}{wd}", bad, sizeof bad));
    CHECK(pb_date_format_unknown("{year}年{monht}月", bad, sizeof bad));
    CHECK_EQ_STR(bad, "{monht}");
    pb_date d;
    char why[80];
    CHECK_EQ_INT(pb_date_read("2026-13-01", &d, NULL, why, sizeof why), PB_DATE_BAD);
    CHECK_EQ_INT(pb_date_read("2026-05-18 24:00", &d, NULL, why, sizeof why), PB_DATE_BAD);
    CHECK_EQ_INT(pb_date_read("明天", &d, NULL, why, sizeof why), PB_DATE_NONE);
}

/* Heading levels: ## is the first level of heads, ### the second, #### and
 * deeper the third; a body with # heads has them first and ## second. */
static void head_ranks(void)
{
    static const struct {
        const char *src;
        int ranks[5];
    } rows[] = {
        {"## 一\n\n### 二\n\n#### 三\n\n##### 四\n", {0, 1, 2, 2, -1}},
        {"### 二\n\n#### 三\n", {1, 2, -1}},
        {"# 一\n\n## 二\n\n### 三\n\n#### 四\n", {0, 1, 2, 2, -1}},
        {"## 一\n\n大标题\n===\n\n### 三\n", {1, 0, 2, -1}},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        pb_diags d;
        pb_diags_init(&d);
        pb_doc *doc = pb_doc_parse(rows[i].src, strlen(rows[i].src), PATH, &d);
        CHECK(doc != NULL);
        int k = 0;
        for (int b = 0; doc && b < doc->nblocks; b++)
            if (doc->blocks[b].kind == PB_BLOCK_HEAD)
                CHECK_EQ_INT(pb_doc_head_rank(doc, &doc->blocks[b]), rows[i].ranks[k++]);
        CHECK_EQ_INT(rows[i].ranks[k], -1);
        pb_doc_free(doc);
        pb_diags_fini(&d);
    }
}

/* Pinyin in brackets after Han words (CLR-48): recognised by its letters and
 * syllables, with a tone mark; kept, dropped or set as ruby. */
static void pinyin(void)
{
    static const struct {
        const char *src;
        pb_pinyin_mode mode;
        const char *want;
    } cases[] = {
        {"文明城市（wénmíngchéngshì）", PB_PINYIN_KEEP, "PARA 1: 文明城市（wénmíngchéngshì）\n"},
        {"文明城市（wénmíngchéngshì）。", PB_PINYIN_DROP, "PARA 1: 文明城市。\n"},
        {"建设文明城市（wénmíngchéngshì）。", PB_PINYIN_RUBY,
         "PARA 1: 建设[r:文明城市][p:wén míng chéng shì]。\n"},
        /* the fewest syllables, the writer's apostrophe and spaces kept as cuts */
        {"在北京（Běijīng）", PB_PINYIN_RUBY, "PARA 1: 在[r:北京][p:Běi jīng]\n"},
        {"到西安（Xī'ān）", PB_PINYIN_RUBY, "PARA 1: 到[r:西安][p:Xī ān]\n"},
        {"去吧（qù ba）", PB_PINYIN_RUBY, "PARA 1: [r:去吧][p:qù ba]\n"},
        {"姓欧阳（Ōuyáng）", PB_PINYIN_RUBY, "PARA 1: 姓[r:欧阳][p:Ōu yáng]\n"},
        {"绿色（lǜsè）", PB_PINYIN_RUBY, "PARA 1: [r:绿色][p:lǜ sè]\n"},
        /* more syllables than characters before: over the whole word */
        {"一(yīgè)", PB_PINYIN_RUBY, "PARA 1: [r:一][p:yīgè]\n"},
        /* never Latin text, pinyin without a tone mark, or not after Han */
        {"说（Hello world）", PB_PINYIN_DROP, "PARA 1: 说（Hello world）\n"},
        {"说（hello）", PB_PINYIN_RUBY, "PARA 1: 说（hello）\n"},
        {"他们（tamen）", PB_PINYIN_DROP, "PARA 1: 他们（tamen）\n"},
        {"说（OK）", PB_PINYIN_DROP, "PARA 1: 说（OK）\n"},
        {"说 （wén）", PB_PINYIN_DROP, "PARA 1: 说 （wén）\n"},
        {"见（wénxyz）", PB_PINYIN_DROP, "PARA 1: 见（wénxyz）\n"},
        {"见（2025年）", PB_PINYIN_DROP, "PARA 1: 见（2025年）\n"},
        {"`码（mǎ）`", PB_PINYIN_DROP, "PARA 1: [c:码（mǎ）]\n"},
        {"**文明（wénmíng）**，城市", PB_PINYIN_RUBY, "PARA 1: [br:文明][bp:wén míng]，城市\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pb_diags d;
        pb_diags_init(&d);
        pb_doc *doc = pb_doc_parse(cases[i].src, strlen(cases[i].src), PATH, &d);
        CHECK(doc != NULL);
        if (!doc)
            continue;
        pb_doc_pinyin(doc, cases[i].mode);
        char *got = dump_string(doc);
        /* the dump's last line: the paragraph, after the metadata */
        size_t lg = strlen(got), lw = strlen(cases[i].want);
        bool same = lg >= lw && !strcmp(got + lg - lw, cases[i].want);
        if (!same)
            fprintf(stderr, "  case %zu: %s\n  got: %s", i, cases[i].src, got);
        CHECK(same);
        free(got);
        pb_doc_free(doc);
        pb_diags_fini(&d);
    }
    /* front matter pinyin: keep | ruby | drop */
    pb_diags d;
    pb_diags_init(&d);
    const char *fm = "---\npinyin: ruby\n---\n正文\n";
    pb_doc *doc = pb_doc_parse(fm, strlen(fm), PATH, &d);
    CHECK(doc && doc->meta.pinyin == PB_PINYIN_RUBY);
    pb_doc_free(doc);
    pb_diags_fini(&d);
    pb_diags_init(&d);
    fm = "---\ntitle: 题\npinyin: above\n---\n正文\n";
    CHECK(pb_doc_parse(fm, strlen(fm), PATH, &d) == NULL);
    CHECK(has_diag(&d, PB_DIAG_ERROR, 3, "pinyin must be keep, ruby or drop"));
    pb_diags_fini(&d);
}

CHECK_MAIN(T(front_matter), T(dates), T(head_ranks), T(text_checks), T(not_text), T(line_ends), T(soft_breaks),
           T(inline_styles), T(pinyin), T(blocks), T(figures), T(figure_path), T(footnotes), T(tables),
           T(many_notes_and_rows), T(body_lines), T(deep_nesting), T(ambiguous_marks_run_fast),
           T(load_file))
