/* format: what an input is, by its name and its content, and the one place
 * each format is sent to its reader.
 *
 * Print shops get files whose names lie: a Markdown article saved as .txt, a
 * pasted web text saved as .md, a web page or a Word file renamed. The
 * content decides when it is unambiguous (a zip holding word/document.xml, a
 * MIME multipart/related message, an HTML document); text is read as its
 * extension says unless the content clearly says otherwise (front matter or
 * Markdown heads in a .txt; web furniture and no Markdown at all in a .md).
 * --from forces a format. */
#include "format.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/arena.h"
#include "../base/limit.h"
#include "../base/util.h"
#include "docx.h"
#include "html.h"
#include "importrules.h"

const char *const pb_format_names[] = {"none", "txt", "md", "docx", "html", "mhtml", NULL};

static const struct {
    const char *name;
    pb_format f;
} ALIASES[] = {{"txt", PB_FORMAT_TXT},   {"text", PB_FORMAT_TXT},       {"md", PB_FORMAT_MD},
               {"markdown", PB_FORMAT_MD}, {"docx", PB_FORMAT_DOCX},    {"html", PB_FORMAT_HTML},
               {"htm", PB_FORMAT_HTML},   {"xhtml", PB_FORMAT_HTML},    {"mhtml", PB_FORMAT_MHTML},
               {"mht", PB_FORMAT_MHTML}};

pb_format pb_format_from_name(const char *name)
{
    for (size_t i = 0; name && i < sizeof ALIASES / sizeof ALIASES[0]; i++)
        if (!strcasecmp(name, ALIASES[i].name))
            return ALIASES[i].f;
    return PB_FORMAT_NONE;
}

pb_format pb_format_by_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash + 1 : path, '.');
    return dot && dot[1] ? pb_format_from_name(dot + 1) : PB_FORMAT_NONE;
}

/* ---- by content ---- */

static bool starts_nocase(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word);
    return n >= k && !strncasecmp(s, word, k);
}

/* Case-insensitive search for word in the first n bytes of s. */
static const char *find_nocase(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word);
    for (size_t i = 0; i + k <= n; i++)
        if (!strncasecmp(s + i, word, k))
            return s + i;
    return NULL;
}

static const char *skip_blanks(const char *s, const char *end)
{
    if (end - s >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
        s += 3;
    while (s < end && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
        s++;
    return s;
}

/* A zip (local file header) that holds a part word/document.xml. The name of
 * each part is stored uncompressed in its header and in the directory. */
static bool is_docx(const char *buf, size_t len)
{
    static const char NAME[] = "word/document.xml";
    if (len < 4 || memcmp(buf, "PK\3\4", 4))
        return false;
    for (size_t i = 0; i + sizeof NAME - 1 <= len; i++)
        if (buf[i] == 'w' && !memcmp(buf + i, NAME, sizeof NAME - 1))
            return true;
    return false;
}

enum { HEAD_BYTES = 4096 };

/* MIME headers (a "Name:" on the first line) whose Content-Type, within the
 * header block, is multipart/related: how browsers save a page as .mhtml. */
static bool is_mhtml(const char *buf, size_t len)
{
    size_t n = len < HEAD_BYTES ? len : HEAD_BYTES;
    const char *s = skip_blanks(buf, buf + n), *end = buf + n;
    const char *colon = memchr(s, ':', (size_t)(end - s));
    if (!colon || colon == s)
        return false;
    for (const char *p = s; p < colon; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '-'))
            return false;
    /* the header block ends at the first empty line */
    const char *stop = end;
    for (const char *p = s; p + 1 < end; p++)
        if (p[0] == '\n' && (p[1] == '\n' || (p[1] == '\r' && p + 2 < end && p[2] == '\n'))) {
            stop = p;
            break;
        }
    const char *ct = find_nocase(s, (size_t)(stop - s), "content-type:");
    if (!ct)
        return false;
    ct = skip_blanks(ct + 13, stop);
    return starts_nocase(ct, (size_t)(stop - ct), "multipart/related");
}

static bool is_html(const char *buf, size_t len)
{
    size_t n = len < HEAD_BYTES ? len : HEAD_BYTES;
    const char *end = buf + n, *s = skip_blanks(buf, end);
    size_t k = (size_t)(end - s);
    if (starts_nocase(s, k, "<!doctype html") || starts_nocase(s, k, "<html"))
        return true;
    if (starts_nocase(s, k, "<?xml"))
        return find_nocase(s, k, "<html") != NULL;
    /* a fragment opening with a comment (browsers write "saved from url")
     * or a <head> or <meta> and a <body> after it */
    if (starts_nocase(s, k, "<!--") || starts_nocase(s, k, "<head") ||
        starts_nocase(s, k, "<meta"))
        return find_nocase(s, k, "<body") || find_nocase(s, k, "<html");
    return false;
}

/* The lines of a text, one at a time: *line and *n for each, false at the end. */
typedef struct {
    const char *s, *end;
} line_iter;

static bool next_line(line_iter *it, const char **line, size_t *n)
{
    if (it->s >= it->end)
        return false;
    const char *e = memchr(it->s, '\n', (size_t)(it->end - it->s));
    if (!e)
        e = it->end;
    *line = it->s;
    *n = (size_t)(e - it->s);
    if (*n && (*line)[*n - 1] == '\r')
        (*n)--;
    it->s = e + 1;
    return true;
}

/* Front matter: a first line ---, a "key: value" line, a closing --- or .... */
static bool has_front_matter(const char *buf, size_t len)
{
    line_iter it = {buf, buf + len};
    const char *l;
    size_t n;
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
        it.s += 3;
    if (!next_line(&it, &l, &n) || n != 3 || memcmp(l, "---", 3))
        return false;
    bool key = false;
    for (int i = 0; i < 200 && next_line(&it, &l, &n); i++) {
        if ((n == 3 && !memcmp(l, "---", 3)) || (n == 3 && !memcmp(l, "...", 3)))
            return key;
        const char *colon = memchr(l, ':', n);
        if (colon && colon > l && (l[0] >= 'a' && l[0] <= 'z'))
            key = true;
    }
    return false;
}

typedef struct {
    int heads, images, links, quotes, lists, strong, furniture;
} md_signs;

/* What Markdown structure and what web furniture the text holds. */
static md_signs count_signs(const char *buf, size_t len)
{
    md_signs m = {0};
    line_iter it = {buf, buf + len};
    const char *l;
    size_t n;
    pb_arena *a = pb_arena_new();
    for (int i = 0; i < 5000 && next_line(&it, &l, &n); i++) {
        size_t h = 0;
        while (h < n && h < 7 && l[h] == '#')
            h++;
        if (h >= 1 && h <= 6 && h < n && l[h] == ' ')
            m.heads++;
        if (n >= 2 && (l[0] == '>') && l[1] == ' ')
            m.quotes++;
        if (n >= 2 && (l[0] == '-' || l[0] == '*' || l[0] == '+') && l[1] == ' ')
            m.lists++;
        for (size_t j = 0; j + 1 < n; j++) {
            if (l[j] == '!' && l[j + 1] == '[' && memchr(l + j, ']', n - j))
                m.images++;
            if (l[j] == ']' && l[j + 1] == '(')
                m.links++;
            if (l[j] == '*' && l[j + 1] == '*')
                m.strong++;
        }
        if (n < 1000) {
            char *line = pb_xstrndup(l, n);
            if (pb_importrules_line(line, a).kind == PB_LINE_FURNITURE)
                m.furniture++;
            free(line);
        }
    }
    pb_arena_free(a);
    return m;
}

pb_format pb_format_sniff(const char *buf, size_t len, pb_format by_name, const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    if (is_docx(buf, len)) {
        *why = "a zip holding word/document.xml";
        return PB_FORMAT_DOCX;
    }
    if (by_name == PB_FORMAT_DOCX && len >= 2 && !memcmp(buf, "PK", 2)) {
        *why = "its name"; /* a zip, if a broken one: the Word reader says what is wrong */
        return PB_FORMAT_DOCX;
    }
    if (is_mhtml(buf, len)) {
        *why = "MIME headers of type multipart/related";
        return PB_FORMAT_MHTML;
    }
    if (is_html(buf, len)) {
        *why = "it opens with an HTML tag";
        return PB_FORMAT_HTML;
    }
    if (by_name == PB_FORMAT_HTML && memchr(buf, '<', len < HEAD_BYTES ? len : HEAD_BYTES)) {
        /* a fragment, or a page in UTF-16: the name is believed */
        *why = "its name";
        return PB_FORMAT_HTML;
    }
    if (by_name == PB_FORMAT_DOCX || by_name == PB_FORMAT_HTML || by_name == PB_FORMAT_MHTML) {
        *why = "the content is text";
        by_name = PB_FORMAT_NONE;
    } else {
        *why = "its name";
    }
    bool utf8 = pb_utf8_invalid_at(buf, len) < 0 && !memchr(buf, 0, len);
    if (utf8 && has_front_matter(buf, len)) {
        *why = "it opens with front matter";
        return PB_FORMAT_MD;
    }
    md_signs m = utf8 ? count_signs(buf, len) : (md_signs){0};
    if (by_name != PB_FORMAT_MD && (m.heads >= 2 || m.images)) {
        *why = m.heads >= 2 ? "it has Markdown # heads" : "it has Markdown images";
        return PB_FORMAT_MD;
    }
    /* a .md that opens with --- meant front matter, closed or not: read as
     * Markdown, so a broken one is reported as such rather than imported */
    bool dashes = len >= 4 && !memcmp(buf, "---", 3) && (buf[3] == '\n' || buf[3] == '\r');
    if (by_name == PB_FORMAT_MD && !dashes && !m.heads && !m.images && !m.links && !m.quotes &&
        !m.lists && !m.strong && m.furniture) {
        *why = "no Markdown, and web page furniture";
        return PB_FORMAT_TXT;
    }
    return by_name ? by_name : PB_FORMAT_TXT;
}

/* ---- loading ---- */

/* A Word file; its photos, when they are to be written, go to o->media_dir
 * (as an .mhtml's do), each figure moved there from the STEM-img/ folder the
 * reader names (docx.h). */
static pb_doc *docx(const char *buf, size_t len, const char *path, const pb_load_opts *o,
                    pb_import_report *rep, pb_load_result *res, pb_diags *d)
{
    pb_docx_photos ph = {0};
    pb_doc *doc = pb_docx_parse(buf, len, path, o->s, rep, o->media_dir ? &ph : NULL, d);
    if (doc && ph.n) {
        res->media = PB_NEWN(doc->arena, pb_media_file, ph.n);
        size_t nd = strlen(doc->dir);
        for (int i = 0; i < ph.n; i++) {
            const char *name = strrchr(ph.v[i].path, '/');
            char *file = pb_path_join(o->media_dir, name ? name + 1 : ph.v[i].path);
            /* the Markdown names it relative to its folder when it lies inside */
            const char *src = !strncmp(file, doc->dir, nd) && file[nd] == '/' ? file + nd + 1 : file;
            for (int k = 0; k < doc->nblocks; k++) {
                pb_block *b = &doc->blocks[k];
                if (b->kind == PB_BLOCK_FIGURE && b->path && !strcmp(b->path, ph.v[i].path)) {
                    b->path = pb_arena_strdup(doc->arena, file);
                    b->src = pb_arena_strdup(doc->arena, src);
                }
            }
            res->media[i] = (pb_media_file){pb_arena_strdup(doc->arena, file),
                                            pb_arena_copy(doc->arena, ph.v[i].data, ph.v[i].len, 1),
                                            ph.v[i].len};
            free(file);
        }
        res->nmedia = ph.n;
    }
    pb_docx_photos_free(&ph);
    return doc;
}

pb_doc *pb_format_load(const char *path, const pb_load_opts *o, pb_import_report *rep,
                       pb_load_result *res, pb_diags *d)
{
    pb_load_result local;
    if (!res)
        res = &local;
    *res = (pb_load_result){0};
    size_t len;
    char *buf = pb_limit_read_input(path, &len, d);
    if (!buf)
        return NULL;
    if (len >= 8 && !memcmp(buf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
        pb_error(d, path, 0, "a Word 97-2003 document (.doc) or another old Office file: paiban "
                             "reads .docx; save it as .docx (Word, WPS or LibreOffice: Save As)");
        free(buf);
        return NULL;
    }
    pb_format by_name = pb_format_by_name(path), f = o->from;
    const char *why = "--from";
    if (!f)
        f = pb_format_sniff(buf, len, by_name ? by_name : o->fallback, &why);
    if (!o->from && by_name && f != by_name)
        pb_diag_add(d, PB_DIAG_NOTE, path, 0, "read as %s, not %s: %s", pb_format_names[f],
                    pb_format_names[by_name], why);
    res->format = f;
    pb_doc *doc = NULL;
    switch (f) {
    case PB_FORMAT_MD:
        if (rep)
            *rep = (pb_import_report){.encoding = "UTF-8 (Markdown)"};
        doc = pb_doc_parse(buf, len, path, d);
        break;
    case PB_FORMAT_DOCX:
        doc = docx(buf, len, path, o, rep, res, d);
        break;
    case PB_FORMAT_HTML:
    case PB_FORMAT_MHTML: {
        pb_html_opts ho = {.s = o->s, .mhtml = f == PB_FORMAT_MHTML, .media_dir = o->media_dir};
        pb_html_media media = {0};
        doc = pb_html_parse(buf, len, path, &ho, rep, &media, d);
        res->media = media.v;
        res->nmedia = media.n;
        break;
    }
    default: doc = pb_import_parse(buf, len, path, o->s, rep, d); break;
    }
    free(buf);
    return doc;
}
