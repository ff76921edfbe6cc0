/* Tests of the Word import (src/input/docx.c) on documents built here from
 * their XML parts, each row pinning one rule: styles by English name, by
 * WPS's and localised names and ids, by outline level; the title rules;
 * runs; captions; tables; text boxes, alternate content, revisions; the
 * dropped parts; photos. Each result is also read back through the Markdown
 * writer to the same tree. All text is the project's own. */
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/util.h"
#include "check.h"
#include "input/docx.h"

#define W_DOC                                                                                      \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document "                                       \
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "                    \
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "             \
    "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "                           \
    "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "                    \
    "xmlns:v=\"urn:schemas-microsoft-com:vml\"><w:body>"
#define W_END "</w:body></w:document>"
#define W_STYLES                                                                                   \
    "<?xml version=\"1.0\"?><w:styles "                                                            \
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"                    \
    "<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"21\"/></w:rPr></w:rPrDefault>"              \
    "</w:docDefaults>"
#define STYLE(id, name, extra)                                                                     \
    "<w:style w:type=\"paragraph\" w:styleId=\"" id "\"><w:name w:val=\"" name "\"/>" extra        \
    "</w:style>"
#define P(text) "<w:p><w:r><w:t>" text "</w:t></w:r></w:p>"
#define PS(style, text)                                                                            \
    "<w:p><w:pPr><w:pStyle w:val=\"" style "\"/></w:pPr><w:r><w:t>" text "</w:t></w:r></w:p>"
#define PIC(rid) "<w:p><w:r><w:drawing><a:blip r:embed=\"" rid "\"/></w:drawing></w:r></w:p>"
#define RELS                                                                                       \
    "<?xml version=\"1.0\"?><Relationships "                                                       \
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"                      \
    "<Relationship Id=\"rId1\" Target=\"media/a.png\"/>"                                           \
    "<Relationship Id=\"rId2\" Target=\"/word/media/b.png\"/>"                                     \
    "<Relationship Id=\"rId3\" Target=\"http://example.org/c.png\" TargetMode=\"External\"/>"      \
    "</Relationships>"

/* A 1x1 PNG. */
static const unsigned char PNG[] = {
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
    0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x08,
    0xD7, 0x63, 0xF8, 0xCF, 0xC0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xDD, 0x8D,
    0xB0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};

typedef struct {
    const char *name;
    const void *data;
    size_t len; /* 0: strlen */
} part;

/* A zip of the parts, in memory. Caller frees. */
static char *zip_of(const part *parts, int n, size_t *len)
{
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, NULL);
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, NULL);
    for (int i = 0; i < n; i++) {
        size_t l = parts[i].len ? parts[i].len : strlen(parts[i].data);
        zip_source_t *s = zip_source_buffer(z, parts[i].data, l, 0);
        zip_file_add(z, parts[i].name, s, ZIP_FL_OVERWRITE);
    }
    CHECK(zip_close(z) == 0);
    CHECK(zip_source_open(src) == 0);
    zip_source_seek(src, 0, SEEK_END);
    zip_int64_t size = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    char *buf = pb_xmalloc((size_t)size + 1);
    CHECK(zip_source_read(src, buf, (zip_uint64_t)size) == size);
    zip_source_close(src);
    zip_source_free(src);
    *len = (size_t)size;
    return buf;
}

static char *dump_string(const pb_doc *doc)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    pb_doc_dump(doc, f);
    fclose(f);
    return s;
}

/* The dump without its first lines up to the blocks and without block line
 * numbers ("PARA 12:" → "PARA:"), compared between a tree and its Markdown. */
static char *blocks_of(const char *dump)
{
    pb_buf b = {0};
    for (const char *p = dump; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p + 1) : strlen(p);
        size_t lead = strspn(p, " ");
        const char *sp = memchr(p + lead, ' ', n - lead);
        if (sp && strchr("PHNFB", p[lead]) && sp[1] >= '0' && sp[1] <= '9') {
            pb_buf_add(&b, p, (size_t)(sp - p));
            const char *q = sp + 1 + strspn(sp + 1, "0123456789");
            pb_buf_add(&b, q, n - (size_t)(q - p));
        } else {
            pb_buf_add(&b, p, n);
        }
        p += n;
    }
    return b.s ? b.s : pb_xstrdup("");
}

/* doc's Markdown read back gives the same tree. */
static void check_round_trip(const pb_doc *doc, const char *name)
{
    char *md = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&md, &n);
    CHECK(pb_mdwrite_doc(doc, f));
    fclose(f);
    pb_diags d;
    pb_diags_init(&d);
    pb_doc *back = pb_doc_parse(md, n, "t/t.md", &d);
    CHECK(back != NULL);
    if (back) {
        char *x = dump_string(doc), *y = dump_string(back);
        char *x2 = blocks_of(x), *y2 = blocks_of(y);
        if (strcmp(x2, y2)) {
            fprintf(stderr, "%s: read back differs\n--- docx\n%s--- read back\n%s--- md\n%s", name,
                    x2, y2, md);
            check_failures++;
        }
        free(x);
        free(y);
        free(x2);
        free(y2);
    }
    pb_doc_free(back);
    pb_diags_fini(&d);
    free(md);
}

typedef struct {
    const char *rule;
    const char *body;   /* inside w:body */
    const char *styles; /* the w:style elements; NULL: no styles.xml */
    const char *want;   /* substrings of the dump, in order, apart by '~' */
    const char * not ;  /* a substring the dump must not hold; NULL */
} docx_case;

static const docx_case CASES[] = {
    {"Title and Heading N by their English names",
     PS("Title", "河边的早晨") PS("Heading1", "一、清晨") P("第一段。") PS("Heading2", "小河")
         P("第二段。"),
     STYLE("Title", "Title", "") STYLE("Heading1", "heading 1", "")
         STYLE("Heading2", "heading 2", ""),
     "title: 河边的早晨~HEAD~level=2~一、清晨~第一段~HEAD~level=3~小河~第二段", NULL},
    {"localised ids, English names (Word in Chinese)",
     PS("a3", "河边的早晨") PS("1", "一、清晨") P("第一段。") PS("2", "小河"),
     STYLE("a3", "Title", "") STYLE("1", "heading 1", "") STYLE("2", "heading 2", ""),
     "title: 河边的早晨~level=2~一、清晨~level=3~小河", NULL},
    {"WPS names: 标题 1, 标题 2, 标题",
     PS("x1", "河边的早晨") PS("x2", "一、清晨") P("第一段。") PS("x3", "小河") P("第二段。"),
     STYLE("x1", "标题", "") STYLE("x2", "标题 1", "") STYLE("x3", "标题 2", ""),
     "title: 河边的早晨~level=2~一、清晨~level=3~小河", NULL},
    {"Traditional names: 標題 1, 副標題",
     PS("t", "河邊的早晨") PS("s", "一條河的故事") PS("h", "一、清晨") P("第一段。"),
     STYLE("t", "標題", "") STYLE("s", "副標題", "") STYLE("h", "標題 1", ""),
     "title: 河邊的早晨~subtitle: 一條河的故事~level=2~一、清晨", NULL},
    {"an outline level in a custom style, through basedOn",
     PS("T", "河边的早晨") PS("my", "一、清晨") P("正文。") PS("my2", "小河") P("正文。"),
     STYLE("T", "Title", "") STYLE("base", "章", "<w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr>")
         STYLE("my", "章节", "<w:basedOn w:val=\"base\"/>")
             STYLE("my2", "小节", "<w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr>"),
     "title: 河边的早晨~level=2~一、清晨~level=3~小河", NULL},
    {"a direct outline level; levels ranked as used (1 and 3 → ## and ###)",
     "<w:p><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr><w:r><w:t>一、清晨</w:t></w:r></w:p>" P(
         "正文。") "<w:p><w:pPr><w:outlineLvl "
                   "w:val=\"2\"/></w:pPr><w:r><w:t>小河</w:t></w:r></w:p>" P("正文。") "<w:p><w:"
                                                                                       "pPr><w:"
                                                                                       "outlineLvl "
                                                                                       "w:val="
                                                                                       "\"0\"/></"
                                                                                       "w:pPr><w:r>"
                                                                                       "<w:t>"
                                                                                       "二、傍晚</"
                                                                                       "w:t></"
                                                                                       "w:r></w:p>",
     NULL, "level=2~一、清晨~level=3~小河~level=2~二、傍晚", "title:"},
    {"no Title style: the first large bold paragraph is the title",
     "<w:p><w:r><w:rPr><w:b/><w:sz w:val=\"36\"/></w:rPr><w:t>河边的早晨</w:t></w:r></w:p>" P(
         "正文。"),
     STYLE("Normal", "Normal", ""), "title: 河边的早晨~PARA~正文", NULL},
    {"a bold first paragraph of body size is no title",
     "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>河边的早晨</w:t></w:r></w:p>" P("正文。"), NULL,
     "PARA~河边的早晨~PARA~正文", "title:"},
    {"a large first paragraph not all bold is no title",
     "<w:p><w:r><w:rPr><w:b/><w:sz w:val=\"36\"/></w:rPr><w:t>河边</w:t></w:r><w:r><w:rPr><w:sz "
     "w:val=\"36\"/></w:rPr><w:t>的早晨</w:t></w:r></w:p>" P("正文。"),
     NULL, "PARA~[b:河边]的早晨~PARA~正文", "title:"},
    {"the only Heading 1 at the top is the title",
     PS("H1", "河边的早晨") PS("H2", "清晨") P("正文。"),
     STYLE("H1", "heading 1", "") STYLE("H2", "heading 2", ""),
     "title: 河边的早晨~HEAD~level=2~清晨~PARA~正文", NULL},
    {"bold and italic runs; their marks at either end left plain",
     "<w:p><w:r><w:t>他说</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>“好”</w:t></"
     "w:r><w:r><w:t>又说</w:t>"
     "</w:r><w:r><w:rPr><w:i/></w:rPr><w:t>慢慢来，</w:t></w:r><w:r><w:t>就走了。</w:t></w:r></"
     "w:p>",
     NULL, "PARA~他说“[b:好]”又说[i:慢慢来]，就走了。", NULL},
    {"a bold character style (Strong) and w:b w:val=0",
     "<w:p><w:r><w:rPr><w:rStyle w:val=\"Strong\"/></w:rPr><w:t>重要</w:t></w:r><w:r><w:rPr><w:b "
     "w:val=\"0\"/></w:rPr><w:t>不重要</w:t></w:r></w:p>",
     "<w:style w:type=\"character\" w:styleId=\"Strong\"><w:name w:val=\"Strong\"/><w:rPr><w:b/>"
     "</w:rPr></w:style>",
     "PARA 1: [b:重要]不重要", NULL},
    {"deleted text and field codes left out; inserted text and a field's result kept",
     "<w:p><w:r><w:t>今年</w:t></w:r><w:del><w:r><w:delText>去年</w:delText></w:r></"
     "w:del><w:ins><w:r>"
     "<w:t>共有</w:t></w:r></w:ins><w:r><w:fldChar "
     "w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> "
     "PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t>"
     "</w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t>家。</w:t></w:r></w:p>",
     NULL, "PARA~今年共有3家。", "去年"},
    {"a text box after its paragraph, once (mc:Fallback not read)",
     "<w:p><w:r><w:t>正文一。</w:t></w:r><w:r><mc:AlternateContent><mc:Choice "
     "Requires=\"wps\"><w:drawing><w:txbxContent><w:p><w:r><w:t>框里的字。</w:t></w:r></w:p>"
     "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p>"
     "<w:r><w:t>框里的字。</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback>"
     "</mc:AlternateContent></w:r></w:p>" P("正文二。"),
     NULL, "PARA~正文一。~PARA~框里的字。~PARA~正文二。", "框里的字。\nPARA 3: 框里"},
    {"a table: rows of text, cells apart, an empty cell a dash, the first row bold",
     "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>年份</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>人数</"
     "w:t>"
     "</w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>2020|年</w:t></w:r></w:p></"
     "w:tc><w:tc><w:p/>"
     "</w:tc></w:tr></w:tbl>",
     NULL, "row level=1: [b:年份]　[b:人数]~row: 2020|年　—", NULL},
    {"photos in order, each with the caption after it: Caption style, 图…, centred",
     PIC("rId1") PS("Cap", "图1 河边") PIC("rId2") P("图2 小桥")
         PIC("rId1") "<w:p><w:pPr><w:jc "
                     "w:val=\"center\"/></w:pPr><w:r><w:t>傍晚的河</w:t></w:r></w:p>" P("正文。"),
     STYLE("Cap", "caption", ""),
     "FIGURE~doc-img/1.png~图1 河边~FIGURE~doc-img/2.png~图2 "
     "小桥~FIGURE~doc-img/3.png~傍晚的河~PARA~正文",
     NULL},
    {"two photos in one paragraph take the two captions after it",
     "<w:p><w:r><w:drawing><a:blip r:embed=\"rId1\"/></w:drawing></w:r><w:r><w:drawing><a:blip "
     "r:embed=\"rId2\"/></w:drawing></w:r></w:p>" P("图1 左边") P("图2 右边") P("正文。"),
     NULL, "FIGURE~图1 左边~FIGURE~图2 右边~PARA~正文", NULL},
    {"a paragraph after a photo that reads as no caption stays body; a linked photo is dropped",
     PIC("rId1") P("这是一段很普通的正文，它并不是图片的说明。") PIC("rId3") P("正文。"), NULL,
     "FIGURE~PARA~这是一段很普通的正文~PARA~正文", "FIGURE 3"},
    {"a one-column table is paragraphs: a photo, its caption, text",
     "<w:tbl><w:tr><w:tc>" PIC(
         "rId1") "</w:tc></w:tr><w:tr><w:tc><w:p><w:pPr><w:jc "
                 "w:val=\"center\"/></w:pPr><w:r><w:t>河边的柳树</w:t></w:r></w:p></w:tc></"
                 "w:tr><w:tr><w:tc>" P(
                     "框里的正文。") "</w:tc></w:tr><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>",
     NULL, "FIGURE~河边的柳树~PARA 3: 框里的正文。", "row"},
    {"图 opening a word (图书馆) is no caption; 图一 is",
     PIC("rId1") P("图书馆里的人越来越多了。") PIC("rId2") P("图一 新馆"), NULL,
     "FIGURE~PARA~图书馆里的人越来越多了。~FIGURE~图一 新馆", "png: 图书馆"},
    {"a VML picture",
     "<w:p><w:r><w:pict><v:shape><v:imagedata r:id=\"rId2\"/></v:shape></w:pict></w:r></w:p>" P(
         "图 小桥"),
     NULL, "FIGURE~图 小桥", NULL},
};

static bool in_order(const char *dump, const char *want)
{
    const char *at = dump;
    char *w = pb_xstrdup(want);
    bool ok = true;
    for (char *save = NULL, *t = strtok_r(w, "~", &save); t && ok; t = strtok_r(NULL, "~", &save)) {
        const char *f = strstr(at, t);
        ok = f != NULL;
        if (f)
            at = f + strlen(t);
    }
    free(w);
    return ok;
}

static void test_cases(void)
{
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const docx_case *c = &CASES[i];
        check_current = c->rule;
        char *doc = pb_strdupf(W_DOC "%s" W_END, c->body);
        char *styles = c->styles ? pb_strdupf(W_STYLES "%s</w:styles>", c->styles) : NULL;
        part parts[5] = {{"word/document.xml", doc, 0},
                         {"word/_rels/document.xml.rels", RELS, 0},
                         {"word/media/a.png", PNG, sizeof PNG},
                         {"word/media/b.png", PNG, sizeof PNG},
                         {"word/styles.xml", styles, 0}};
        size_t len;
        char *zip = zip_of(parts, styles ? 5 : 4, &len);
        pb_diags d;
        pb_diags_init(&d);
        pb_import_settings s = {.base_dir = "t"};
        pb_docx_photos ph;
        pb_doc *x = pb_docx_parse(zip, len, "t/doc.docx", &s, NULL, &ph, &d);
        CHECK(x != NULL);
        if (x) {
            char *dump = dump_string(x);
            bool ok = in_order(dump, c->want) && !(c->not &&strstr(dump, c->not ));
            if (!ok) {
                fprintf(stderr, "%s: wanted %s%s%s, got\n%s", c->rule, c->want,
                        c->not ? " without " : "", c->not ? c->not : "", dump);
                check_failures++;
            }
            free(dump);
            int figs = 0;
            for (int k = 0; k < x->nblocks; k++)
                figs += x->blocks[k].kind == PB_BLOCK_FIGURE;
            CHECK_EQ_INT(ph.n, figs);
            for (int k = 0; k < ph.n; k++)
                CHECK(ph.v[k].len == sizeof PNG && !memcmp(ph.v[k].data, PNG, sizeof PNG));
            check_round_trip(x, c->rule);
        }
        pb_docx_photos_free(&ph);
        pb_doc_free(x);
        pb_diags_fini(&d);
        free(zip);
        free(doc);
        free(styles);
    }
}

/* List numbers, which Word draws and does not store: Chinese heads numbered
 * by their style (一、 with （一） under it, restarting under each), a
 * decimal list, a bullet, ① and 甲. */
static void test_numbering(void)
{
    static const char NUMBERING[] =
        "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
        "<w:abstractNum w:abstractNumId=\"0\">"
        "<w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"chineseCounting\"/><w:lvlText "
        "w:val=\"%1、\"/></w:lvl>"
        "<w:lvl w:ilvl=\"1\"><w:numFmt w:val=\"chineseCounting\"/><w:lvlText "
        "w:val=\"（%2）\"/></w:lvl>"
        "</w:abstractNum>"
        "<w:abstractNum w:abstractNumId=\"1\">"
        "<w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl>"
        "</w:abstractNum>"
        "<w:abstractNum w:abstractNumId=\"2\">"
        "<w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/><w:lvlText "
        "w:val=\"\xEF\x82\xB7\"/></w:lvl>"
        "</w:abstractNum>"
        "<w:abstractNum w:abstractNumId=\"3\">"
        "<w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"decimalEnclosedCircleChinese\"/>"
        "<w:lvlText w:val=\"%1\"/><w:suff w:val=\"nothing\"/></w:lvl>"
        "<w:lvl w:ilvl=\"1\"><w:numFmt w:val=\"ideographTraditional\"/><w:lvlText w:val=\"%2.\"/>"
        "</w:lvl>"
        "</w:abstractNum>"
        "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
        "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>"
        "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"2\"/></w:num>"
        "<w:num w:numId=\"4\"><w:abstractNumId w:val=\"3\"/></w:num>"
        "<w:num w:numId=\"5\"><w:abstractNumId w:val=\"1\"/>"
        "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"7\"/></w:lvlOverride></w:num>"
        "</w:numbering>";
    static const char STYLES[] = W_STYLES
        "<w:style w:type=\"paragraph\" w:styleId=\"H1\"><w:name w:val=\"heading 1\"/>"
        "<w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"H2\"><w:name w:val=\"heading 2\"/>"
        "<w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>"
        "</w:styles>";
#define NUM(id, lvl, text)                                                                         \
    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" lvl "\"/><w:numId w:val=\"" id                         \
    "\"/></w:numPr></w:pPr>"                                                                       \
    "<w:r><w:t>" text "</w:t></w:r></w:p>"
    static const char DOC[] = W_DOC PS("H1", "总体要求") PS("H2", "指导思想") P("正文。")
        PS("H2", "基本原则") P("正文。") PS("H1", "主要任务") PS("H2", "加强领导") P("正文。")
            NUM("2", "0", "第一步") NUM("2", "0", "第二步") NUM("3", "0", "要点")
                NUM("4", "0", "甲项") NUM("4", "1", "细目") NUM("4", "0", "乙项")
                    NUM("5", "0", "接着") NUM("0", "0", "不编号") W_END;
#undef NUM
    part parts[] = {{"word/document.xml", DOC, 0},
                    {"word/styles.xml", STYLES, 0},
                    {"word/numbering.xml", NUMBERING, 0}};
    size_t len;
    char *zip = zip_of(parts, 3, &len);
    pb_diags d;
    pb_diags_init(&d);
    pb_doc *x = pb_docx_parse(zip, len, "t/doc.docx", NULL, NULL, NULL, &d);
    CHECK(x != NULL);
    if (x) {
        char *dump = dump_string(x);
        const char *want = "level=2: 一、总体要求~level=3: （一）指导思想~（二）基本原则~level=2: "
                           "二、主要任务~level=3: （一）加强领导~PARA 9: 1. 第一步~PARA 10: 2. "
                           "第二步~• 要点~①甲项~甲. 细目~②乙项~PARA 15: 7. 接着~PARA 16: 不编号";
        if (!in_order(dump, want)) {
            fprintf(stderr, "numbering: wanted %s, got\n%s", want, dump);
            check_failures++;
        }
        free(dump);
        check_round_trip(x, "numbering");
    }
    pb_doc_free(x);
    pb_diags_fini(&d);
    free(zip);
}

/* Headers, footers, footnotes and comments: not in the tree, each paragraph
 * listed as dropped in the report; the notes warned about. */
static void test_dropped_parts(void)
{
    const char *ns = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    char *hdr = pb_strdupf("<w:hdr %s>" P("本报讯") "</w:hdr>", ns);
    char *notes = pb_strdupf(
        "<w:footnotes %s><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/>"
        "</w:r></w:p></w:footnote><w:footnote w:id=\"1\">" P(
            "注释的文字。") "</w:footnote></w:footnotes>",
        ns);
    char *comments = pb_strdupf(
        "<w:comments %s><w:comment w:id=\"0\">" P("这里再核实。") "</w:comment></w:comments>", ns);
    part parts[] = {{"word/document.xml", W_DOC P("正文。") W_END, 0},
                    {"word/header1.xml", hdr, 0},
                    {"word/footnotes.xml", notes, 0},
                    {"word/comments.xml", comments, 0}};
    size_t len;
    char *zip = zip_of(parts, 4, &len);
    pb_diags d;
    pb_diags_init(&d);
    pb_import_report rep;
    pb_doc *x = pb_docx_parse(zip, len, "t/doc.docx", NULL, &rep, NULL, &d);
    CHECK(x != NULL);
    if (x) {
        CHECK_EQ_INT(x->nblocks, 1);
        CHECK_EQ_INT(rep.nlines, 4);
        const char *want[][2] = {{"body", "正文。"},
                                 {"dropped", "本报讯"},
                                 {"dropped", "注释的文字。"},
                                 {"dropped", "这里再核实。"}};
        for (int i = 0; i < rep.nlines && i < 4; i++) {
            CHECK_EQ_STR(rep.lines[i].role, want[i][0]);
            CHECK_EQ_STR(rep.lines[i].text, want[i][1]);
        }
        CHECK_EQ_STR(rep.lines[1].why, "word/header1.xml");
        char *msgs = NULL;
        size_t n = 0;
        FILE *f = open_memstream(&msgs, &n);
        pb_diags_print(&d, f);
        fclose(f);
        CHECK(strstr(msgs, "2 paragraphs of footnotes, endnotes or comments not imported") != NULL);
        free(msgs);
    }
    pb_doc_free(x);
    pb_diags_fini(&d);
    free(zip);
    free(hdr);
    free(notes);
    free(comments);
}

/* Bad files: each an error naming the file and what is wrong, no tree. */
static void test_bad(void)
{
    static const struct {
        const char *doc; /* NULL: no word/document.xml */
        const char *msg;
    } BAD[] = {
        {NULL, "the zip holds no word/document.xml"},
        {W_DOC "<w:p>", "word/document.xml, line 1: broken XML"},
        {"<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY e \"e\">]><d/>", "a DOCTYPE"},
        {"<?xml version=\"1.0\"?><d/>", "word/document.xml has no w:body"},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        part parts[] = {{BAD[i].doc ? "word/document.xml" : "word/other.xml",
                         BAD[i].doc ? BAD[i].doc : "<x/>", 0}};
        size_t len;
        char *zip = zip_of(parts, 1, &len);
        pb_diags d;
        pb_diags_init(&d);
        pb_doc *x = pb_docx_parse(zip, len, "t/bad.docx", NULL, NULL, NULL, &d);
        CHECK(x == NULL);
        char *msgs = NULL;
        size_t n = 0;
        FILE *f = open_memstream(&msgs, &n);
        pb_diags_print(&d, f);
        fclose(f);
        if (!strstr(msgs, "t/bad.docx") || !strstr(msgs, BAD[i].msg)) {
            fprintf(stderr, "bad case %zu: wanted \"%s\", got %s", i, BAD[i].msg, msgs);
            check_failures++;
        }
        free(msgs);
        pb_doc_free(x);
        pb_diags_fini(&d);
        free(zip);
    }
    pb_diags d;
    pb_diags_init(&d);
    CHECK(pb_docx_parse("PK\3\4not really", 15, "t/bad.docx", NULL, NULL, NULL, &d) == NULL);
    CHECK(pb_diags_failed(&d));
    pb_diags_fini(&d);
}

CHECK_MAIN(T(test_cases), T(test_numbering), T(test_dropped_parts), T(test_bad))
