/* Formats by content (src/input/format.c): what each input is read as, for
 * the cases a print shop meets (a renamed page, Markdown saved as .txt,
 * pasted web text saved as .md, a renamed Word file) and the look-alikes
 * that must keep their name's format (an e-mail is not an .mhtml, a zip is
 * not a Word file, a hashtag is not a head, a tag mentioned in Markdown does
 * not make a page). */
#include "check.h"
#include "input/format.h"

typedef struct {
    const char *name, *text;
    pb_format by_name, want;
    size_t len; /* 0: strlen (the zips hold NUL bytes) */
} sniff_case;


static const sniff_case CASES[] = {
    /* pages, whatever the name */
    {"doctype", "<!DOCTYPE html>\n<html><body><p>正文</p></body></html>", PB_FORMAT_TXT, PB_FORMAT_HTML, 0},
    {"bom and blanks", "\xEF\xBB\xBF\n  <HTML lang=zh><p>正文</p>", PB_FORMAT_MD, PB_FORMAT_HTML, 0},
    {"saved-from comment", "<!-- saved from url=(0014)about:internet -->\n<head><meta charset=gbk></head><body>",
     PB_FORMAT_TXT, PB_FORMAT_HTML, 0},
    {"xml prolog", "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">", PB_FORMAT_NONE,
     PB_FORMAT_HTML, 0},
    {"fragment named .html", "<p>一段</p>", PB_FORMAT_HTML, PB_FORMAT_HTML, 0},
    {"text named .html", "只是一段文字，没有标签。", PB_FORMAT_HTML, PB_FORMAT_TXT, 0},
    {"tag inside Markdown", "---\ntitle: 标题\n---\n\n正文提到 <html> 标签。\n", PB_FORMAT_MD, PB_FORMAT_MD, 0},
    {"comment without body", "<!-- 注释 -->\n正文一段。", PB_FORMAT_TXT, PB_FORMAT_TXT, 0},
    /* .mhtml */
    {"mhtml", "From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\"; boundary=\"b\"\r\n\r\n--b\r\n",
     PB_FORMAT_HTML, PB_FORMAT_MHTML, 0},
    {"an e-mail", "From: a@example.invalid\nContent-Type: text/plain\n\nContent-Type: multipart/related\n",
     PB_FORMAT_TXT, PB_FORMAT_TXT, 0},
    {"a line with a colon", "时间: 2026-05-18\nContent-Type: multipart/related\n", PB_FORMAT_TXT, PB_FORMAT_TXT, 0},
    /* Word */
    {"docx", "PK\3\4\x14\0\0\0\x08\0[Content_Types].xml....PK\3\4word/document.xml", PB_FORMAT_TXT,
     PB_FORMAT_DOCX, sizeof "PK\3\4\x14\0\0\0\x08\0[Content_Types].xml....PK\3\4word/document.xml" - 1},
    /* a zip named .docx without word/document.xml: the Word reader says so */
    {"a zip", "PK\3\4\x14\0\0\0\x08\0content.xml", PB_FORMAT_DOCX, PB_FORMAT_DOCX,
     sizeof "PK\3\4\x14\0\0\0\x08\0content.xml" - 1},
    /* Markdown saved as text */
    {"front matter", "---\ntitle: 标题\ndate: 2026-05-18\n---\n\n正文。\n", PB_FORMAT_TXT, PB_FORMAT_MD, 0},
    {"two heads", "# 一\n\n正文。\n\n## 二\n\n正文。\n", PB_FORMAT_TXT, PB_FORMAT_MD, 0},
    {"an image", "正文。\n\n![说明](img/a.jpg)\n", PB_FORMAT_TXT, PB_FORMAT_MD, 0},
    {"one head", "# 一\n\n正文。\n", PB_FORMAT_TXT, PB_FORMAT_TXT, 0},
    {"hashtags", "#话题# 正文一段。\n#另一个话题#\n", PB_FORMAT_TXT, PB_FORMAT_TXT, 0},
    {"dashes, no closing", "---\n正文。\n", PB_FORMAT_TXT, PB_FORMAT_TXT, 0},
    {"no name, Markdown", "---\ntitle: 标题\n---\n正文。\n", PB_FORMAT_NONE, PB_FORMAT_MD, 0},
    /* pasted web text saved as .md */
    {"furniture in a .md", "当前位置：首页 > 新闻\n标题\n正文一段，很长很长。\n", PB_FORMAT_MD, PB_FORMAT_TXT, 0},
    {"furniture and bold", "当前位置：首页 > 新闻\n**标题**\n正文。\n", PB_FORMAT_MD, PB_FORMAT_MD, 0},
    {"plain .md without furniture", "标题\n\n正文一段。\n", PB_FORMAT_MD, PB_FORMAT_MD, 0},
    {"furniture in a list", "- 当前位置：首页 > 新闻\n- 正文\n", PB_FORMAT_MD, PB_FORMAT_MD, 0},
};

static void test_sniff(void)
{
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const sniff_case *c = &CASES[i];
        size_t len = c->len ? c->len : strlen(c->text);
        const char *why = NULL;
        pb_format got = pb_format_sniff(c->text, len, c->by_name, &why);
        if (got != c->want)
            fprintf(stderr, "case \"%s\": read as %s (%s), expected %s\n", c->name,
                    pb_format_names[got], why ? why : "-", pb_format_names[c->want]);
        CHECK_EQ_INT(got, c->want);
        CHECK(why && *why);
    }
}

static void test_names(void)
{
    CHECK_EQ_INT(pb_format_by_name("a/b.TXT"), PB_FORMAT_TXT);
    CHECK_EQ_INT(pb_format_by_name("page.htm"), PB_FORMAT_HTML);
    CHECK_EQ_INT(pb_format_by_name("page.mht"), PB_FORMAT_MHTML);
    CHECK_EQ_INT(pb_format_by_name("report.docx"), PB_FORMAT_DOCX);
    CHECK_EQ_INT(pb_format_by_name("notes.markdown"), PB_FORMAT_MD);
    CHECK_EQ_INT(pb_format_by_name("dir.md/article"), PB_FORMAT_NONE);
    CHECK_EQ_INT(pb_format_by_name("article."), PB_FORMAT_NONE);
    CHECK_EQ_INT(pb_format_by_name("a.pdf"), PB_FORMAT_NONE);
    CHECK_EQ_INT(pb_format_from_name("MHTML"), PB_FORMAT_MHTML);
    CHECK_EQ_INT(pb_format_from_name("pdf"), PB_FORMAT_NONE);
    CHECK_EQ_INT(pb_format_from_name(NULL), PB_FORMAT_NONE);
}

CHECK_MAIN(T(test_sniff), T(test_names))
