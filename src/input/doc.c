/* doc: read an article file, check that it is UTF-8 text, split the YAML
 * front matter from the Markdown body and hand each to its parser
 * (frontmatter.c, markup.c) with the file line where it starts, so every
 * message names a line of the file as the author sees it. Line ends are
 * normalised (CRLF and CR become LF) in a copy owned by the document's arena;
 * that keeps the line count, so lines stay true. Characters that are not
 * text (Unicode noncharacters, control characters) are replaced first, each
 * line with one warning (encoding.c). */
#include <stdlib.h>
#include <string.h>

#include "../base/limit.h"
#include "../base/util.h"
#include "doc.h"
#include "encoding.h"

/* 1-based line of byte off; a line ends at LF, CRLF or a lone CR. */
static int line_at(const char *s, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= off || s[i + 1] != '\n')))
            line++;
    return line;
}

static bool has_bom(const char *s, size_t n)
{
    return n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3);
}

/* Only ASCII white space, U+3000 and BOMs. */
static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (s[i] && strchr(" \t\r\n\f\v", s[i]))
            i++;
        else if (n - i >= 3 && (!memcmp(s + i, "\xE3\x80\x80", 3) || has_bom(s + i, n - i)))
            i += 3;
        else
            return false;
    }
    return true;
}

static bool check_text(const char *buf, size_t len, const char *path, pb_diags *d)
{
    const unsigned char *u = (const unsigned char *)buf;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        pb_error(d, path, 0, "the article is UTF-16 text; save it as UTF-8");
        return false;
    }
    const char *nul = memchr(buf, 0, len);
    if (nul) {
        pb_error(d, path, line_at(buf, (size_t)(nul - buf)),
                 "not a text file (NUL byte at offset %zu)", (size_t)(nul - buf));
        return false;
    }
    long bad = pb_utf8_invalid_at(buf, len);
    if (bad >= 0) {
        pb_error(d, path, line_at(buf, (size_t)bad),
                 "not valid UTF-8 at byte offset %ld; save the article as UTF-8 (GBK, GB 18030 "
                 "and Big5 are not read)",
                 bad);
        return false;
    }
    if (blank(buf, len)) {
        pb_error(d, path, 0, "empty article");
        return false;
    }
    return true;
}

/* Copy without the BOM, CRLF and CR turned into LF. Arena-owned. */
static char *normalise(pb_arena *a, const char *buf, size_t len, size_t *out_len)
{
    if (has_bom(buf, len)) {
        buf += 3;
        len -= 3;
    }
    char *s = pb_arena_alloc(a, len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '\r') {
            s[n++] = '\n';
            if (i + 1 < len && buf[i + 1] == '\n')
                i++;
        } else {
            s[n++] = buf[i];
        }
    }
    s[n] = 0;
    *out_len = n;
    return s;
}

/* Is the line at s (up to LF or end) exactly `mark`, allowing trailing blanks? */
static bool is_delim(const char *s, const char *end, const char *mark)
{
    size_t m = strlen(mark);
    if ((size_t)(end - s) < m || memcmp(s, mark, m))
        return false;
    for (s += m; s < end && *s != '\n'; s++)
        if (*s != ' ' && *s != '\t')
            return false;
    return true;
}

static const char *next_line(const char *s, const char *end)
{
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    return nl ? nl + 1 : end;
}

typedef struct {
    const char *yaml, *body;
    size_t yaml_len, body_len;
    int yaml_line, body_line; /* file lines where each starts */
} parts;

/* Front matter: a first line `---`, closed by the next line `---` or `...`. */
static bool split(const char *s, size_t n, const char *path, pb_diags *d, parts *p)
{
    const char *end = s + n;
    *p = (parts){.body = s, .body_len = n, .body_line = 1};
    if (!is_delim(s, end, "---"))
        return true;
    int line = 2;
    const char *yaml = next_line(s, end);
    for (const char *l = yaml; l < end; l = next_line(l, end), line++) {
        if (is_delim(l, end, "---") || is_delim(l, end, "...")) {
            const char *body = next_line(l, end);
            *p = (parts){yaml, body, (size_t)(l - yaml), (size_t)(end - body), 2, line + 1};
            return true;
        }
    }
    pb_error(d, path, 1,
             "the front matter that starts here is never closed (expected a line \"---\" or "
             "\"...\" after it)");
    return false;
}

pb_doc *pb_doc_parse(const char *buf, size_t len, const char *path, pb_diags *d)
{
    if (!path)
        path = "-";
    if (!check_text(buf, len, path, d))
        return NULL;
    /* noncharacters and controls → U+FFFD, with a warning per line */
    size_t clean_len;
    char *clean = pb_encoding_clean(buf, len, true, path, 1, &clean_len, d);
    if (clean) {
        buf = clean;
        len = clean_len;
    }
    pb_arena *a = pb_arena_new();
    pb_doc *doc = PB_NEW(a, pb_doc);
    doc->arena = a;
    doc->path = pb_arena_strdup(a, path);
    char *dir = pb_path_dir(path);
    doc->dir = pb_arena_strdup(a, dir);
    free(dir);

    size_t n;
    const char *s = normalise(a, buf, len, &n);
    free(clean);
    parts p;
    bool ok = split(s, n, doc->path, d, &p);
    if (ok && p.yaml)
        ok = pb_frontmatter_parse(p.yaml, p.yaml_len, p.yaml_line, doc->path, a, &doc->meta, d);
    /* The body is parsed even after a front matter error, to report its errors too. */
    if (!pb_markup_parse(p.body, p.body_len, p.body_line, doc, d))
        ok = false;
    if (!doc->meta.lang)
        doc->meta.lang = pb_arena_strdup(a, "zh-Hans");
    /* the title is the front matter's: a `#` in the body is a section head,
     * and then `##` is the level under it */
    doc->head_top = 2;
    for (int i = 0; i < doc->nblocks; i++)
        if (doc->blocks[i].kind == PB_BLOCK_HEAD && doc->blocks[i].level < 2)
            doc->head_top = 1;
    if (!doc->meta.credits)
        doc->meta.credits = PB_NEWN(a, char *, 1);
    if (ok && doc->nblocks == 0)
        pb_warn(d, doc->path, p.body_line, "the article has no body text");
    if (!ok) {
        pb_doc_free(doc);
        return NULL;
    }
    return doc;
}

pb_doc *pb_doc_load(const char *path, pb_diags *d)
{
    size_t len;
    char *buf = pb_limit_read_input(path, &len, d);
    if (!buf)
        return NULL;
    pb_doc *doc = pb_doc_parse(buf, len, path, d);
    free(buf);
    return doc;
}

void pb_doc_free(pb_doc *doc)
{
    if (doc)
        pb_arena_free(doc->arena);
}

int pb_doc_head_rank(const pb_doc *doc, const pb_block *b)
{
    int r = b->level - (doc->head_top > 0 ? doc->head_top : 2);
    return r < 0 ? 0 : r > 2 ? 2 : r;
}

/* ---- dump ---- */

/* The letter the dump gives each span flag, in this order. */
static const struct {
    unsigned flag;
    char letter;
} span_letters[] = {{PB_SPAN_STRONG, 'b'},  {PB_SPAN_EMPH, 'i'},     {PB_SPAN_CODE, 'c'},
                    {PB_SPAN_NOTEREF, 'n'}, {PB_SPAN_DOTS, 'd'},     {PB_SPAN_RUBYBASE, 'r'},
                    {PB_SPAN_RUBY, 'p'}};

static void put_escaped(const char *s, int len, FILE *out)
{
    for (int i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c == '[' || c == ']' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20 || c == 0x7F)
            fprintf(out, "\\x%02X", c);
        else
            fputc(c, out);
    }
}

/* The text with each styled range as [flags:...]: b strong, i emph, c code,
 * n a note reference, d emphasis dots, r a ruby's base, p its pinyin. */
static void put_text(const pb_text *t, FILE *out)
{
    int at = 0;
    for (int i = 0; i < t->nspans; i++) {
        const pb_span *sp = &t->spans[i];
        put_escaped(t->s + at, sp->start - at, out);
        fputc('[', out);
        for (size_t k = 0; k < sizeof span_letters / sizeof span_letters[0]; k++)
            if (sp->flags & span_letters[k].flag)
                fputc(span_letters[k].letter, out);
        fputc(':', out);
        put_escaped(t->s + sp->start, sp->len, out);
        fputc(']', out);
        at = sp->start + sp->len;
    }
    put_escaped(t->s + at, t->len - at, out);
}

static void put_meta(const char *key, const char *v, FILE *out)
{
    if (!v)
        return;
    fprintf(out, "%s: ", key);
    put_escaped(v, (int)strlen(v), out);
    fputc('\n', out);
}

static const char *kind_names[] = {"PARA", "HEAD", "NOTE", "FIGURE", "BREAK"};
static const char *place_names[] = {"auto", "top", "bottom", "hero"};

static void put_block(const pb_block *b, int indent, FILE *out)
{
    fprintf(out, "%*s%s %d", indent, "", kind_names[b->kind], b->line);
    if (b->kind == PB_BLOCK_HEAD)
        fprintf(out, " level=%d", b->level);
    if (b->kind == PB_BLOCK_PARA && b->variant != PB_PARA_BODY)
        fprintf(out, " %s%s", b->variant == PB_PARA_ROW ? "row" : "footnote",
                b->level ? " level=1" : "");
    if (b->kind == PB_BLOCK_FIGURE) {
        fprintf(out, " span=%d place=%s src=", b->span, place_names[b->place]);
        put_escaped(b->src, (int)strlen(b->src), out);
    }
    if (b->kind != PB_BLOCK_NOTE && b->kind != PB_BLOCK_BREAK) {
        fputs(": ", out);
        put_text(&b->text, out);
    }
    fputc('\n', out);
    for (int i = 0; i < b->nchildren; i++)
        put_block(&b->children[i], indent + 2, out);
}

void pb_doc_dump(const pb_doc *doc, FILE *out)
{
    const pb_meta *m = &doc->meta;
    put_meta("title", m->title, out);
    put_meta("kicker", m->kicker, out);
    put_meta("subtitle", m->subtitle, out);
    put_meta("kicker lines", m->kicker_lines, out);
    put_meta("title lines", m->title_lines, out);
    put_meta("subtitle lines", m->subtitle_lines, out);
    put_meta("date", m->date, out);
    put_meta("updated", m->updated, out);
    put_meta("section", m->section, out);
    put_meta("byline", m->byline, out);
    put_meta("source", m->source, out);
    for (int i = 0; i < m->ncredits; i++)
        put_meta("credit", m->credits[i], out);
    put_meta("lang", m->lang, out);
    put_meta("layout", m->layout, out);
    if (m->pages)
        fprintf(out, "pages: %d\n", m->pages);
    for (int i = 0; i < doc->nblocks; i++)
        put_block(&doc->blocks[i], 0, out);
}
