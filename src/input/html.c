/* html: a saved web page → pb_doc, the way a compositor reads a page.
 *
 * 1. Bytes. An .mhtml is taken apart first (mhtml.c). The page's charset is
 *    its MIME charset, else its <meta charset> or http-equiv Content-Type
 *    (found by a first parse as Latin-1, in which every byte is a
 *    character); else UTF-8 when valid, else GB 18030 (encoding.c). The
 *    bytes are made UTF-8 and parsed by libxml2's HTML parser with the
 *    page's own declaration ignored, so it cannot switch again.
 * 2. The article body (the usual readability rules): #js_content (WeChat),
 *    else the <article> with the most text, else the element whose
 *    paragraphs hold the most text: each paragraph of eight characters or
 *    more scores 1, one per comma and up to 3 for its length, for its
 *    parent, half for the grandparent, a third above; an element's score is
 *    cut by the share of its text in links; navigation, asides, footers and
 *    elements whose class or id names comments, sharing, menus, breadcrumbs
 *    or related links score nothing; names of content score a quarter more.
 * 3. Lines. The page's text becomes one line per paragraph (block elements
 *    and <br> end a line; an <img> is a line 图片; <h1>–<h6>, <figcaption>,
 *    bold-only and centred paragraphs are marked), blank lines between them
 *    so none are joined as a hard wrap. Around the body a few lines are
 *    kept: up to three before the title, those between the title and the
 *    body (the date, source and widget lines), ten after the body.
 * 4. Import. The lines are imported as pasted text (import.c): the same
 *    furniture is dropped, date, byline, source and credit lines are read
 *    into the front matter. What the markup knows better is then set: a
 *    line outside the body that the importer would keep is dropped
 *    ("outside the article") and a kicker or subtitle taken from one is
 *    cleared; <h2>–<h4> lines and short bold-only paragraphs are heads, a
 *    short plain paragraph is not; a caption the importer took from a
 *    paragraph that is not centred goes back to the body, and a centred
 *    paragraph or <figcaption> after a photo is its caption; the title,
 *    date, author and source come from the markup and meta tags when the
 *    page has them.
 * 5. Photos. Each figure's <img> (data-src first: WeChat loads its photos
 *    late) is a part of the .mhtml (written where the caller says), a local
 *    file (the page's folder, or a browser's PAGE_files/ or PAGE.files/
 *    folder holding the file the URL named), else a placeholder with a
 *    warning. --images replaces them all, as for pasted text. */
#define _GNU_SOURCE /* strcasestr */
#include "html.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../base/arena.h"
#include "../base/util.h"
#include "encoding.h"
#include "importrules.h"

enum {
    ZONE_BEFORE_TITLE = 3, /* lines kept before the title */
    ZONE_HEADER = 12,      /* at most this many between the title and the body */
    ZONE_AFTER = 10,       /* lines kept after the body */
    MIN_PARA_CHARS = 8,    /* a shorter paragraph scores nothing */
    MIN_BODY_CHARS = 10,   /* a body with less text is no body */
    MAX_DEPTH = 256,       /* deeper elements are read as text only */
    BOLD_HEAD_CHARS = 30,  /* a bold-only paragraph this short is a head */
    CENTRED_CAPTION_CHARS = 120, /* a centred paragraph after a photo this short is its caption */
    TINY_IMAGE = 60,       /* an image with a width or height attribute under this is an icon */
};

/* ---- libxml2 helpers ---- */

static bool is_el(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, name);
}

/* An attribute's value, or NULL. Caller frees with xmlFree. */
static char *attr(const xmlNode *n, const char *name)
{
    return (char *)xmlGetProp((xmlNode *)n, (const xmlChar *)name);
}

static bool attr_is(const xmlNode *n, const char *name, const char *value)
{
    char *v = attr(n, name);
    bool r = v && !strcasecmp(v, value);
    xmlFree(v);
    return r;
}

/* The style attribute without blanks, lower case, contains what. */
static bool style_has(const xmlNode *n, const char *what)
{
    char *v = attr(n, "style");
    if (!v)
        return false;
    char *w = v;
    for (char *r = v; *r; r++)
        if (*r != ' ' && *r != '\t' && *r != '\n' && *r != '\r')
            *w++ = (char)(*r >= 'A' && *r <= 'Z' ? *r + 32 : *r);
    *w = 0;
    bool r = strstr(v, what) != NULL;
    xmlFree(v);
    return r;
}

static const char *const SKIP_TAGS[] = {
    "script", "style", "noscript", "template", "head",   "title", "svg",  "canvas", "iframe",
    "object", "embed", "select",   "textarea", "button", "input", "math", "audio",  "video",
    NULL};

static bool in_list(const char *s, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (!strcasecmp(s, list[i]))
            return true;
    return false;
}

/* Never text of the page: scripts, styles, forms' controls, hidden elements. */
static bool skipped(const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE)
        return false;
    if (in_list((const char *)n->name, SKIP_TAGS))
        return true;
    char *h = attr(n, "hidden");
    bool hidden = h != NULL;
    xmlFree(h);
    /* not visibility:hidden: WeChat hides #js_content until its script shows it */
    return hidden || style_has(n, "display:none");
}

static const char *const BLOCK_TAGS[] = {
    "p",      "div",   "section", "article", "h1",     "h2",         "h3",      "h4",
    "h5",     "h6",    "li",      "ul",      "ol",     "blockquote", "figure",  "figcaption",
    "table",  "tr",    "td",      "th",      "tbody",  "thead",      "tfoot",   "dl",
    "dt",     "dd",    "pre",     "header",  "footer", "nav",        "aside",   "main",
    "center", "hr",    "form",    "address", "body",   "caption",    "fieldset", "legend",
    "details", "summary", NULL};

static bool is_block(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE && in_list((const char *)n->name, BLOCK_TAGS);
}

/* ---- class and id names ---- */

static const char *const NEGATIVE[] = {"comment", "footer",  "sidebar",   "share",   "related",
                                       "recommend", "breadcrumb", "crumb", "copyright", "qrcode",
                                       "qr_code", "navbar",  "menu",      "advert",  "tags",
                                       "reward", "login",   "toolbar",   "widget",  "hot", "nav",
                                       "foot",  "banner",  "popup",     "modal",   "sns",
                                       "tool",  "ad",      "ads",       "aside",   "side",
                                       "location", "position", "pages", "pager", "page_nav",
                                       "prevnext", "prev",  "next",      NULL};
static const char *const POSITIVE[] = {"article", "content", "text",   "body",     "main",
                                       "post",    "entry",   "detail", "trs_editor", "zoom",
                                       "rich_media_content", "news", "txt", "story", "con",
                                       NULL};

/* Whether a token of class or id (split at anything not a letter or digit)
 * is one of list. */
static bool names_one_of(const xmlNode *n, const char *const *list)
{
    static const char *const ATTRS[] = {"class", "id"};
    bool hit = false;
    for (int k = 0; k < 2 && !hit; k++) {
        char *v = attr(n, ATTRS[k]);
        for (char *t = v ? strtok(v, " \t\n-_:.") : NULL; t && !hit; t = strtok(NULL, " \t\n-_:."))
            hit = in_list(t, list);
        /* names run together ("articleContent", "js_content") count whole too */
        xmlFree(v);
        v = attr(n, ATTRS[k]);
        for (char *t = v ? strtok(v, " \t\n") : NULL; t && !hit; t = strtok(NULL, " \t\n"))
            hit = in_list(t, list);
        xmlFree(v);
    }
    return hit;
}

static bool negative(const xmlNode *n)
{
    if (is_el(n, "nav") || is_el(n, "aside") || is_el(n, "footer") || is_el(n, "form"))
        return !is_el(n, "form");
    return n->type == XML_ELEMENT_NODE && names_one_of(n, NEGATIVE);
}

/* ---- text ---- */

static bool is_space_c(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool is_wide(uint32_t c)
{
    return c >= 0x2E80;
}

/* Append text with HTML white space: runs of blanks become one space, but
 * a run holding a line break inside one text node between two wide (CJK)
 * characters goes (a hard-wrapped Chinese source line, docs/traps.md);
 * *pending carries a blank across nodes. */
static void add_text(pb_buf *b, const char *s, bool *pending)
{
    size_t n = strlen(s);
    bool in_node = false, nl = false; /* the run began in this node; it holds a line break */
    for (size_t i = 0; i < n;) {
        int adv;
        uint32_t c = pb_utf8_decode(s + i, n - i, &adv);
        if (is_space_c(c)) {
            if (!*pending) {
                in_node = i > 0;
                nl = false;
            }
            nl = nl || c == '\n';
            *pending = true;
            i += (size_t)adv;
            continue;
        }
        if (*pending && b->n) {
            int padv;
            size_t k = b->n;
            while (k > 1 && ((unsigned char)b->s[k - 1] & 0xC0) == 0x80)
                k--;
            uint32_t prev = pb_utf8_decode(b->s + k - 1, b->n - k + 1, &padv);
            if (!(in_node && nl && is_wide(prev) && is_wide(c)))
                pb_buf_add(b, " ", 1);
        }
        *pending = false;
        pb_buf_add(b, s + i, (size_t)adv);
        i += (size_t)adv;
    }
}

/* Characters in s (code points, not bytes). */
static int nchars(const char *s)
{
    int k = 0;
    for (; *s; s++)
        k += ((unsigned char)*s & 0xC0) != 0x80;
    return k;
}

/* The text of a subtree, white space settled. Caller frees. */
static char *text_of(const xmlNode *n)
{
    pb_buf b = {0};
    bool pending = false;
    PB_VEC(const xmlNode *) stack = {0};
    PB_PUSH(stack, n);
    while (stack.n) {
        const xmlNode *x = stack.v[--stack.n];
        if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) {
            if (x->content)
                add_text(&b, (const char *)x->content, &pending);
            continue;
        }
        if (x->type != XML_ELEMENT_NODE || (x != n && skipped(x)) || stack.n > 100000)
            continue;
        if (is_block(x) || is_el(x, "br"))
            pending = true;
        const xmlNode *last = x->children;
        while (last && last->next)
            last = last->next;
        for (const xmlNode *c = last; c; c = c->prev)
            PB_PUSH(stack, c);
    }
    free(stack.v);
    char *r = pb_xstrdup(b.s ? b.s : "");
    pb_buf_fini(&b);
    size_t k = strlen(r);
    while (k && r[k - 1] == ' ')
        r[--k] = 0;
    return r;
}

/* ---- finding things ---- */

typedef PB_VEC(xmlNode *) node_vec;

static void collect(xmlNode *n, node_vec *all, int depth)
{
    for (xmlNode *c = n; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        PB_PUSH(*all, c);
        if (depth < MAX_DEPTH)
            collect(c->children, all, depth + 1);
    }
}

static xmlNode *by_id(const node_vec *all, const char *id)
{
    for (size_t i = 0; i < all->n; i++)
        if (attr_is(all->v[i], "id", id))
            return all->v[i];
    return NULL;
}

/* The first element whose class holds the token cls. */
static xmlNode *by_class(const node_vec *all, const char *cls)
{
    const char *const list[] = {cls, NULL};
    for (size_t i = 0; i < all->n; i++) {
        char *v = attr(all->v[i], "class");
        bool hit = false;
        for (char *t = v ? strtok(v, " \t\n") : NULL; t && !hit; t = strtok(NULL, " \t\n"))
            hit = in_list(t, list);
        xmlFree(v);
        if (hit)
            return all->v[i];
    }
    return NULL;
}

/* <meta name|property|itemprop=key content=…>: its content, or NULL. Caller frees. */
static char *meta_content(const node_vec *all, const char *key)
{
    static const char *const KEYS[] = {"name", "property", "itemprop", "http-equiv"};
    for (size_t i = 0; i < all->n; i++) {
        if (!is_el(all->v[i], "meta"))
            continue;
        for (int k = 0; k < 4; k++)
            if (attr_is(all->v[i], KEYS[k], key)) {
                char *c = attr(all->v[i], "content");
                if (c && *c) {
                    char *r = pb_xstrdup(c);
                    xmlFree(c);
                    return r;
                }
                xmlFree(c);
            }
    }
    return NULL;
}

static bool is_ancestor(const xmlNode *a, const xmlNode *n)
{
    for (; n; n = n->parent)
        if (n == a)
            return true;
    return false;
}

/* ---- the article body ---- */

typedef struct {
    double score;
    int chars, link_chars;
} node_score;

/* Index of n in all (its _private holds index + 1). */
static node_score *score_of(node_score *sc, const xmlNode *n)
{
    return n && n->type == XML_ELEMENT_NODE && n->_private ? &sc[(size_t)n->_private - 1] : NULL;
}

static bool excluded(const xmlNode *n, const xmlNode *top)
{
    for (; n && n != top; n = n->parent)
        if (n->type == XML_ELEMENT_NODE && (negative(n) || skipped(n)))
            return true;
    return false;
}

static bool paragraph_like(const xmlNode *n)
{
    if (is_el(n, "p") || is_el(n, "pre") || is_el(n, "td") || is_el(n, "li"))
        return true;
    if (!(is_el(n, "div") || is_el(n, "section")))
        return false;
    /* a div holding text itself, not only blocks */
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_TEXT_NODE && c->content && nchars((const char *)c->content) >= MIN_PARA_CHARS)
            return true;
    return false;
}

static int count_commas(const char *s)
{
    int k = 0;
    for (const char *p = s; (p = strstr(p, "，")); p += 3)
        k++;
    for (const char *p = s; (p = strchr(p, ',')); p++)
        k++;
    return k;
}

static int link_chars(const xmlNode *n, int depth)
{
    int k = 0;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is_el(c, "a")) {
            char *t = text_of(c);
            k += nchars(t);
            free(t);
        } else if (c->type == XML_ELEMENT_NODE && depth < MAX_DEPTH) {
            k += link_chars(c, depth + 1);
        }
    }
    return k;
}

static xmlNode *best_body(xmlNode *root, node_vec *all, char **how)
{
    xmlNode *n = by_id(all, "js_content");
    if (n) {
        *how = pb_xstrdup("#js_content");
        return n;
    }
    xmlNode *best = NULL;
    int most = 0;
    for (size_t i = 0; i < all->n; i++)
        if (is_el(all->v[i], "article")) {
            char *t = text_of(all->v[i]);
            int k = nchars(t);
            free(t);
            if (k > most) {
                most = k;
                best = all->v[i];
            }
        }
    if (best && most >= MIN_BODY_CHARS) {
        *how = pb_xstrdup("<article>");
        return best;
    }
    node_score *sc = pb_xcalloc(all->n + 1, sizeof *sc);
    for (size_t i = 0; i < all->n; i++)
        all->v[i]->_private = (void *)(i + 1);
    for (size_t i = 0; i < all->n; i++) {
        xmlNode *p = all->v[i];
        if (!paragraph_like(p) || excluded(p, root))
            continue;
        char *t = text_of(p);
        int k = nchars(t);
        if (k >= MIN_PARA_CHARS) {
            double s = 1 + count_commas(t) + (k / 40.0 < 3 ? k / 40.0 : 3);
            xmlNode *up = p->parent;
            for (int lvl = 1; up && lvl <= 3; lvl++, up = up->parent) {
                node_score *u = score_of(sc, up);
                if (u)
                    u->score += s / (lvl == 1 ? 1 : lvl == 2 ? 2 : 3);
            }
        }
        free(t);
    }
    double top = 0;
    best = NULL;
    for (size_t i = 0; i < all->n; i++) {
        node_score *u = &sc[i];
        xmlNode *c = all->v[i];
        if (u->score <= 0 || excluded(c, root))
            continue;
        char *t = text_of(c);
        int k = nchars(t);
        free(t);
        double density = k ? (double)link_chars(c, 0) / k : 1;
        double s = u->score * (1 - density) * (names_one_of(c, POSITIVE) ? 1.25 : 1);
        if (s > top) {
            top = s;
            best = c;
        }
    }
    for (size_t i = 0; i < all->n; i++)
        all->v[i]->_private = NULL;
    free(sc);
    if (best) {
        char *cls = attr(best, "class"), *id = attr(best, "id");
        *how = pb_strdupf("<%s%s%s%s%s>, the most paragraph text", (const char *)best->name,
                          id ? " id=" : "", id ? id : "", cls ? " class=" : "", cls ? cls : "");
        xmlFree(cls);
        xmlFree(id);
    }
    return best;
}

/* ---- lines ---- */

typedef enum { Z_OUT, Z_BODY, Z_TITLE } zone;

typedef struct {
    char *text;
    zone z;
    int head;       /* 1–6 for <h1>–<h6>; 0 */
    bool bold_only; /* all its text in <strong>, <b> or a bold style */
    bool centred;
    bool figcaption;
    int image; /* index into the images; -1 */
} hline;

typedef struct {
    char *src; /* as written: data-src, else src */
} himage;

typedef struct {
    PB_VEC(hline) lines;
    PB_VEC(himage) images;
    pb_buf cur;
    bool pending;
    int chars, bold_chars;
    int head, centred, figcaption, bold; /* depths of the elements in force */
    zone z;
    const xmlNode *body, *title;
} liner;

static void flush(liner *L)
{
    if (L->cur.n) {
        size_t k = L->cur.n;
        while (k && L->cur.s[k - 1] == ' ')
            k--;
        if (k) {
            hline h = {.text = pb_xstrndup(L->cur.s, k), .z = L->z, .head = L->head,
                       .bold_only = L->chars > 0 && L->bold_chars == L->chars,
                       .centred = L->centred > 0, .figcaption = L->figcaption > 0, .image = -1};
            PB_PUSH(L->lines, h);
        }
    }
    L->cur.n = 0;
    if (L->cur.s)
        L->cur.s[0] = 0;
    L->pending = false;
    L->chars = L->bold_chars = 0;
}

static int dim(const xmlNode *n, const char *name)
{
    char *v = attr(n, name);
    int r = v ? atoi(v) : 0;
    xmlFree(v);
    return r;
}

static void image(liner *L, const xmlNode *n)
{
    static const char *const SRC[] = {"data-src", "data-original", "data-actualsrc", "src"};
    char *src = NULL;
    for (int k = 0; k < 4 && !src; k++) {
        char *v = attr(n, SRC[k]);
        if (v && *v && strncmp(v, "data:", 5))
            src = pb_xstrdup(v);
        xmlFree(v);
    }
    int w = dim(n, "width"), h = dim(n, "height");
    if (!src || (w > 0 && w < TINY_IMAGE) || (h > 0 && h < TINY_IMAGE)) {
        free(src);
        return;
    }
    flush(L);
    PB_PUSH(L->images, ((himage){src}));
    hline l = {.text = pb_xstrdup("图片"), .z = L->z, .image = (int)L->images.n - 1};
    PB_PUSH(L->lines, l);
}

static bool bold_el(const xmlNode *n)
{
    return is_el(n, "strong") || is_el(n, "b") || style_has(n, "font-weight:bold") ||
           style_has(n, "font-weight:700") || style_has(n, "font-weight:800") ||
           style_has(n, "font-weight:900");
}

static bool centred_el(const xmlNode *n)
{
    return is_el(n, "center") || attr_is(n, "align", "center") ||
           style_has(n, "text-align:center");
}

static void walk(liner *L, const xmlNode *n, int depth)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (!n->content)
                continue;
            size_t before = L->cur.n;
            add_text(&L->cur, (const char *)n->content, &L->pending);
            int k = 0; /* characters added, spaces not counted */
            for (const char *q = L->cur.s ? L->cur.s + before : ""; *q; q++)
                k += ((unsigned char)*q & 0xC0) != 0x80 && *q != ' ';
            L->chars += k;
            if (L->bold)
                L->bold_chars += k;
            continue;
        }
        if (n->type != XML_ELEMENT_NODE || skipped(n))
            continue;
        if (is_el(n, "img")) {
            image(L, n);
            continue;
        }
        if (is_el(n, "br")) {
            flush(L);
            continue;
        }
        bool block = is_block(n);
        zone saved = L->z;
        int hd = L->head;
        if (block)
            flush(L);
        if (n == L->body)
            L->z = Z_BODY;
        if (n == L->title)
            L->z = Z_TITLE;
        if (n->name[0] == 'h' && n->name[1] >= '1' && n->name[1] <= '6' && !n->name[2])
            L->head = n->name[1] - '0';
        bool c = centred_el(n), b = bold_el(n), f = is_el(n, "figcaption");
        L->centred += c;
        L->bold += b;
        L->figcaption += f;
        if (depth < MAX_DEPTH)
            walk(L, n->children, depth + 1);
        if (block || n == L->body || n == L->title)
            flush(L);
        L->centred -= c;
        L->bold -= b;
        L->figcaption -= f;
        L->head = hd;
        L->z = saved;
    }
}

/* ---- charset ---- */

/* The charset a page names: <meta charset>, or charset= in an http-equiv
 * Content-Type. Caller frees; NULL when none. */
static char *declared_charset(const char *buf, size_t len)
{
    if (len > INT32_MAX)
        return NULL;
    htmlDocPtr doc = htmlReadMemory(buf, (int)len, NULL, "ISO-8859-1",
                                    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                        HTML_PARSE_IGNORE_ENC | HTML_PARSE_NOBLANKS);
    if (!doc)
        return NULL;
    node_vec all = {0};
    collect(xmlDocGetRootElement(doc), &all, 0);
    char *cs = NULL;
    for (size_t i = 0; i < all.n && !cs; i++) {
        if (!is_el(all.v[i], "meta"))
            continue;
        char *v = attr(all.v[i], "charset");
        if (v && *v)
            cs = pb_xstrdup(v);
        xmlFree(v);
        if (cs)
            break;
        v = attr(all.v[i], "content");
        const char *p = v ? strcasestr(v, "charset=") : NULL;
        if (p) {
            p += 8;
            size_t k = strcspn(p, " ;\"'");
            if (k)
                cs = pb_xstrndup(p, k);
        }
        xmlFree(v);
    }
    free(all.v);
    xmlFreeDoc(doc);
    return cs;
}

/* buf in charset cs → UTF-8 by iconv, a byte no character starts with as
 * U+FFFD. NULL when iconv does not know cs. Caller frees. */
static char *iconv_utf8(const char *buf, size_t len, const char *cs, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", cs);
    if (cd == (iconv_t)-1)
        return NULL;
    pb_buf out = {0};
    char chunk[4096];
    char *in = (char *)buf;
    size_t left = len;
    while (left) {
        char *o = chunk;
        size_t room = sizeof chunk;
        size_t r = iconv(cd, &in, &left, &o, &room);
        pb_buf_add(&out, chunk, (size_t)(o - chunk));
        if (r == (size_t)-1 && errno != E2BIG) {
            pb_buf_adds(&out, "\xEF\xBF\xBD");
            in++;
            left--;
            iconv(cd, NULL, NULL, NULL, NULL);
        }
    }
    iconv_close(cd);
    *out_len = out.n;
    char *r = pb_xstrndup(out.s ? out.s : "", out.n);
    pb_buf_fini(&out);
    return r;
}

/* The page as UTF-8; *how gets the charset read and where it came from. */
static char *page_utf8(const char *buf, size_t len, const char *cs, const char *path,
                       const pb_html_opts *o, size_t *out_len, char **how, pb_diags *d)
{
    const char *given = o->s ? o->s->encoding : NULL;
    char *declared = cs ? pb_xstrdup(cs) : declared_charset(buf, len);
    const char *name = given ? given : declared ? pb_encoding_name(declared) : NULL;
    const char *used = NULL;
    char *text = NULL;
    if (name || !declared) {
        text = pb_encoding_decode(buf, len, name, path, out_len, &used, d);
        if (text)
            *how = pb_strdupf("%s%s", used,
                              given ? " (--encoding)" : declared ? " (the page's charset)" : "");
    } else if (memchr(buf, 0, len)) {
        pb_error(d, path, 0, "not a text file (NUL byte at offset %zu)",
                 (size_t)((const char *)memchr(buf, 0, len) - buf));
    } else {
        text = iconv_utf8(buf, len, declared, out_len);
        if (text) {
            *how = pb_strdupf("%s (the page's charset)", declared);
        } else {
            pb_warn(d, path, 0, "the page's charset \"%s\" is not known; read as UTF-8 or GB 18030",
                    declared);
            text = pb_encoding_decode(buf, len, NULL, path, out_len, &used, d);
            if (text)
                *how = pb_xstrdup(used);
        }
    }
    free(declared);
    return text;
}

/* ---- titles and dates ---- */

/* The first part of a <title> cut at the separators sites put between the
 * article's title and their own name (标题_栏目_站名, 标题 - 站名), or the
 * longest when the first is a single character. Caller frees. */
static char *strip_site(const char *t)
{
    static const char *const SEP[] = {" - ", " – ", " — ", "_", " | ", "|", "｜", " -- ", "——", "－", NULL};
    char *best = NULL;
    int most = -1;
    const char *s = t;
    while (*s) {
        const char *cut = NULL;
        size_t clen = 0;
        for (int i = 0; SEP[i]; i++) {
            const char *p = strstr(s, SEP[i]);
            if (p && (!cut || p < cut)) {
                cut = p;
                clen = strlen(SEP[i]);
            }
        }
        size_t n = cut ? (size_t)(cut - s) : strlen(s);
        char *part = pb_xstrndup(s, n);
        int k = nchars(part);
        if (most >= 2) {
            free(part);
            break;
        }
        if (k > most) {
            free(best);
            best = part;
            most = k;
        } else {
            free(part);
        }
        if (!cut)
            break;
        s = cut + clen;
    }
    return best ? best : pb_xstrdup(t);
}

/* A date as the front matter writes it, "2026-05-18 08:30", from an ISO or
 * written date (2026-05-18T08:30:00+08:00, 2026/5/18 8:30, 2026年5月18日);
 * NULL when s does not start with one. Caller frees. */
static char *norm_date(const char *s)
{
    while (*s == ' ')
        s++;
    int y, mo, dd, h = -1, mi = -1, used = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &dd, &used) != 3 &&
        sscanf(s, "%4d/%2d/%2d%n", &y, &mo, &dd, &used) != 3 &&
        sscanf(s, "%4d年%2d月%2d日%n", &y, &mo, &dd, &used) != 3 &&
        sscanf(s, "%4d.%2d.%2d%n", &y, &mo, &dd, &used) != 3)
        return NULL;
    if (y < 1900 || y > 2100 || mo < 1 || mo > 12 || dd < 1 || dd > 31)
        return NULL;
    const char *t = s + used;
    while (*t == ' ' || *t == 'T')
        t++;
    if (sscanf(t, "%2d:%2d", &h, &mi) == 2 && h >= 0 && h < 24 && mi >= 0 && mi < 60)
        return pb_strdupf("%04d-%02d-%02d %02d:%02d", y, mo, dd, h, mi);
    return pb_strdupf("%04d-%02d-%02d", y, mo, dd);
}

typedef struct {
    char *title, *date, *byline, *source;
    const char *title_from, *date_from, *byline_from;
    const xmlNode *title_node;
} page_meta;

static bool usable_title(const char *t)
{
    int k = nchars(t);
    return k >= 2 && k <= 80;
}

static void find_meta(const node_vec *all, const xmlNode *body, page_meta *pm)
{
    char *og = meta_content(all, "og:title"), *tt = NULL;
    for (size_t i = 0; i < all->n && !tt; i++)
        if (is_el(all->v[i], "title"))
            tt = text_of(all->v[i]);
    /* the title: WeChat's, an <h1> the <title> or og:title holds, the <h1> at or in the body,
     * og:title, the <title> less the site's name */
    xmlNode *n = by_id(all, "activity-name");
    if (!n)
        n = by_class(all, "rich_media_title");
    bool wechat = n != NULL;
    const xmlNode *first_h1 = NULL;
    for (size_t i = 0; i < all->n && !n; i++) {
        if (!is_el(all->v[i], "h1"))
            continue;
        char *t = text_of(all->v[i]);
        if (usable_title(t)) {
            if ((tt && strstr(tt, t)) || (og && strstr(og, t)))
                n = all->v[i];
            else if (!first_h1 && (is_ancestor(body, all->v[i]) || !is_ancestor(all->v[i], body)))
                first_h1 = all->v[i];
        }
        free(t);
    }
    if (!n && first_h1 && (is_ancestor(body, first_h1) || !og))
        n = (xmlNode *)first_h1;
    if (n) {
        pm->title = text_of(n);
        if (usable_title(pm->title)) {
            pm->title_node = n;
            pm->title_from = wechat ? "WeChat's title" : "<h1>";
        } else {
            free(pm->title);
            pm->title = NULL;
        }
    }
    /* a heading that opens the body, before its first paragraph or photo */
    for (size_t i = 0; i < all->n && !pm->title && !og; i++) {
        xmlNode *x = all->v[i];
        if (x == body || !is_ancestor(body, x))
            continue;
        if (is_el(x, "p") || is_el(x, "img") || is_el(x, "li") || is_el(x, "td"))
            break;
        if (is_el(x, "h1") || is_el(x, "h2") || is_el(x, "h3")) {
            char *t = text_of(x);
            if (usable_title(t)) {
                pm->title = t;
                pm->title_node = x;
                pm->title_from = "the heading opening the body";
            } else {
                free(t);
            }
            break;
        }
    }
    if (!pm->title && og && usable_title(og)) {
        pm->title = pb_xstrdup(og);
        pm->title_from = "og:title";
    }
    if (!pm->title && tt) {
        char *s = strip_site(tt);
        if (usable_title(s)) {
            pm->title = s;
            pm->title_from = "<title>";
        } else {
            free(s);
        }
    }
    free(og);
    free(tt);
    static const char *const DATES[] = {"article:published_time", "og:article:published_time",
                                        "og:release_date", "publishdate", "PubDate", "pubdate",
                                        "publish_time", "datePublished", "firstpublishedtime",
                                        "dc.date", NULL};
    for (int i = 0; DATES[i] && !pm->date; i++) {
        char *v = meta_content(all, DATES[i]);
        pm->date = v ? norm_date(v) : NULL;
        if (pm->date)
            pm->date_from = DATES[i];
        free(v);
    }
    n = pm->date ? NULL : by_id(all, "publish_time");
    if (n) {
        char *t = text_of(n);
        pm->date = norm_date(t);
        pm->date_from = "WeChat's publish_time";
        free(t);
    }
    static const char *const AUTHORS[] = {"og:article:author", "article:author", "author",
                                          "Author", NULL};
    for (int i = 0; AUTHORS[i] && !pm->byline; i++) {
        char *v = meta_content(all, AUTHORS[i]);
        if (v && !strstr(v, "://") && nchars(v) <= 40) {
            pm->byline = v;
            pm->byline_from = AUTHORS[i];
        } else {
            free(v);
        }
    }
    n = pm->byline ? NULL : by_id(all, "js_author_name");
    if (n) {
        pm->byline = text_of(n);
        pm->byline_from = "WeChat's author";
        if (!*pm->byline) {
            free(pm->byline);
            pm->byline = NULL;
        }
    }
    n = by_id(all, "js_name");
    if (n) {
        pm->source = text_of(n);
        if (!*pm->source || nchars(pm->source) > 40) {
            free(pm->source);
            pm->source = NULL;
        }
    }
}

/* ---- after the import ---- */

typedef struct {
    pb_doc *doc;
    pb_import_report *rep;
    hline *H;
    int nh;
    himage *I;
    int ni;
    const pb_html_opts *o;
    const char *path, *page_dir;
    const pb_mhtml *mh;
    PB_VEC(pb_media_file) media;
    bool html_title; /* the page's markup gave the title */
    const char *title_from;
    pb_diags *d;
} fixer;

/* The hline an input line of the import came from (every other line is a
 * blank between them); NULL for a blank. */
static hline *line_of(const fixer *f, int line)
{
    int i = line - 1;
    return i >= 0 && i % 2 == 0 && i / 2 < f->nh ? &f->H[i / 2] : NULL;
}

static void set_role(fixer *f, int line, const char *role, const char *why)
{
    if (line >= 1 && line <= f->rep->nlines) {
        f->rep->lines[line - 1].role = role;
        f->rep->lines[line - 1].why = why;
    }
}

static const char *role_at(const fixer *f, int line)
{
    return line >= 1 && line <= f->rep->nlines ? f->rep->lines[line - 1].role : "";
}

static const char *why_at(const fixer *f, int line)
{
    const char *w = line >= 1 && line <= f->rep->nlines ? f->rep->lines[line - 1].why : NULL;
    return w ? w : "";
}

static pb_text plain_text(pb_arena *a, const char *s)
{
    return (pb_text){.s = pb_arena_strdup(a, s), .len = (int)strlen(s)};
}

/* The smallest <hN> level among the body's heads (h1 that is not the title
 * included), so the first level is ##. 0 when none. */
static int top_head(const fixer *f)
{
    int top = 0;
    for (int i = 0; i < f->nh; i++)
        if (f->H[i].z == Z_BODY && f->H[i].head && (!top || f->H[i].head < top))
            top = f->H[i].head;
    return top;
}

/* Kicker and subtitle taken from a line outside the body: not the article's. */
static void clear_outside_header(fixer *f)
{
    pb_meta *m = &f->doc->meta;
    for (int i = 0; i < f->rep->nlines; i++) {
        hline *h = line_of(f, i + 1);
        const char *r = f->rep->lines[i].role;
        if (!h || h->z == Z_BODY)
            continue;
        if (h->z == Z_TITLE && f->html_title && strcmp(r, "blank")) {
            if (strstr(r, "kicker"))
                m->kicker = NULL;
            if (strstr(r, "subtitle"))
                m->subtitle = NULL;
            set_role(f, i + 1, "title", f->title_from);
            continue;
        }
        if (strstr(r, "kicker")) {
            m->kicker = NULL;
            set_role(f, i + 1, "dropped", "outside the article");
        }
        if (strstr(r, "subtitle") || (!strcmp(r, "title") && h->z != Z_TITLE && f->html_title)) {
            if (strstr(r, "subtitle"))
                m->subtitle = NULL;
            set_role(f, i + 1, "dropped", "outside the article");
        }
    }
}

/* A subtitle the importer took from the body's first lines goes back to the
 * body, as the paragraph it is. */
typedef PB_VEC(pb_block) block_vec;

static void subtitle_back(fixer *f, block_vec *out)
{
    pb_meta *m = &f->doc->meta;
    for (int i = 0; i < f->rep->nlines; i++) {
        hline *h = line_of(f, i + 1);
        if (!h || h->z != Z_BODY || strcmp(f->rep->lines[i].role, "subtitle"))
            continue;
        if (m->subtitle) {
            pb_block b = {.kind = PB_BLOCK_PARA, .line = i + 1};
            b.text = plain_text(f->doc->arena, m->subtitle);
            PB_PUSH(*out, b);
            m->subtitle = NULL;
        }
        set_role(f, i + 1, "body", "first paragraph, not a subtitle");
    }
}

static bool caption_like(const hline *h)
{
    static const char *const LEADS[] = {"图", "圖", "△", "▲", "↑", "（图", "(图", NULL};
    if (h->figcaption)
        return true;
    for (int i = 0; LEADS[i]; i++)
        if (!strncmp(h->text, LEADS[i], strlen(LEADS[i])))
            return true;
    return h->centred && nchars(h->text) <= CENTRED_CAPTION_CHARS;
}

/* The blocks again, with what the markup knows. */
static void fix_blocks(fixer *f)
{
    pb_doc *doc = f->doc;
    block_vec out = {0};
    subtitle_back(f, &out);
    int top = top_head(f);
    for (int i = 0; i < doc->nblocks; i++) {
        pb_block b = doc->blocks[i];
        hline *h = line_of(f, b.line);
        if (h && h->z != Z_BODY && b.kind != PB_BLOCK_NOTE) {
            if (strcmp(role_at(f, b.line), "dropped"))
                set_role(f, b.line, "dropped", "outside the article");
            continue;
        }
        if (h && (b.kind == PB_BLOCK_PARA || b.kind == PB_BLOCK_HEAD) && b.variant == PB_PARA_BODY) {
            bool bold_head = h->bold_only && nchars(h->text) <= BOLD_HEAD_CHARS &&
                             !pb_importrules_sentence_end(h->text);
            if (h->head) {
                int lvl = 2 + h->head - (top ? top : h->head);
                b.kind = PB_BLOCK_HEAD;
                b.level = lvl < 2 ? 2 : lvl > 4 ? 4 : lvl;
                set_role(f, b.line, "head", h->head == 1 ? "h1" : h->head == 2 ? "h2" : h->head == 3 ? "h3" : "h4");
            } else if (bold_head && b.kind == PB_BLOCK_PARA) {
                b.kind = PB_BLOCK_HEAD;
                b.level = top ? 3 : 2;
                set_role(f, b.line, "head", "bold paragraph");
            } else if (b.kind == PB_BLOCK_HEAD && !bold_head &&
                       !strcmp(why_at(f, b.line), "short line")) {
                b.kind = PB_BLOCK_PARA;
                b.level = 0;
                set_role(f, b.line, "body", "plain paragraph, not a head");
            }
        }
        if (b.kind == PB_BLOCK_FIGURE && b.text.len) {
            /* the caption: which line gave it */
            int cl = -1;
            for (int k = b.line + 1; k <= f->rep->nlines; k++) {
                const char *r = role_at(f, k);
                if (!strcmp(r, "caption")) {
                    cl = k;
                    break;
                }
                if (!strcmp(r, "body") || !strcmp(r, "head") || !strcmp(r, "figure") ||
                    !strcmp(r, "note"))
                    break;
            }
            hline *c = cl > 0 ? line_of(f, cl) : NULL;
            if (c && (c->z != Z_BODY || (!caption_like(c) &&
                                         !strcmp(why_at(f, cl), "after a placeholder")))) {
                pb_block p = {.kind = PB_BLOCK_PARA, .line = cl, .text = b.text};
                b.text = (pb_text){.s = pb_arena_strdup(doc->arena, ""), .len = 0};
                PB_PUSH(out, b);
                if (c->z == Z_BODY) {
                    PB_PUSH(out, p);
                    set_role(f, cl, "body", "not set as a caption");
                } else {
                    set_role(f, cl, "dropped", "outside the article");
                }
                continue;
            }
        }
        if (b.kind == PB_BLOCK_PARA && b.variant == PB_PARA_BODY && h && out.n &&
            out.v[out.n - 1].kind == PB_BLOCK_FIGURE && !out.v[out.n - 1].text.len &&
            caption_like(h) && line_of(f, out.v[out.n - 1].line) &&
            b.line == out.v[out.n - 1].line + 2) {
            out.v[out.n - 1].text = b.text;
            set_role(f, b.line, "caption", h->figcaption ? "figcaption" : "centred after a photo");
            continue;
        }
        PB_PUSH(out, b);
    }
    /* a photo without a caption after the last text: a logo or a QR code, as for pasted text */
    while (out.n && out.v[out.n - 1].kind == PB_BLOCK_FIGURE && !out.v[out.n - 1].text.len) {
        set_role(f, out.v[out.n - 1].line, "dropped", "trailing image");
        out.n--;
    }
    /* whatever else a line outside the body became in the import */
    for (int k = 1; k <= f->rep->nlines; k++) {
        hline *h = line_of(f, k);
        const char *r = role_at(f, k);
        if (h && h->z == Z_OUT &&
            (!strcmp(r, "body") || !strcmp(r, "head") || !strcmp(r, "caption") ||
             !strcmp(r, "figure") || !strcmp(r, "note")))
            set_role(f, k, "dropped", "outside the article");
    }
    doc->blocks = PB_NEWN(doc->arena, pb_block, out.n + 1);
    if (out.n)
        memcpy(doc->blocks, out.v, out.n * sizeof *out.v);
    doc->nblocks = (int)out.n;
    free(out.v);
}

/* %XX escapes decoded, query and fragment cut. Caller frees. */
static char *url_path(const char *u)
{
    size_t n = strcspn(u, "?#");
    char *r = pb_xmalloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (u[i] == '%' && i + 2 < n && isxdigit((unsigned char)u[i + 1]) &&
            isxdigit((unsigned char)u[i + 2])) {
            char hex[3] = {u[i + 1], u[i + 2], 0};
            r[k++] = (char)strtol(hex, NULL, 16);
            i += 2;
        } else {
            r[k++] = u[i];
        }
    }
    r[k] = 0;
    return r;
}

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The file on disk a src names: a relative path from the page's folder, or
 * a URL's file name in the folder a browser saved the page's files to
 * (PAGE_files/, PAGE.files/), also with the extension WeChat's wx_fmt= names.
 * Caller frees; NULL when there is none. */
static char *local_file(const fixer *f, const char *src)
{
    bool url = strstr(src, "://") || !strncmp(src, "//", 2);
    char *p = url_path(src);
    char *found = NULL;
    if (!url && p[0] && p[0] != '/') {
        char *full = pb_path_join(f->page_dir, p);
        if (is_file(full) && !strstr(p, "../"))
            found = pb_xstrdup(p);
        free(full);
    }
    if (!found) {
        const char *base = strrchr(p, '/');
        base = base ? base + 1 : p;
        const char *fmt = strstr(src, "wx_fmt=");
        char *stem = pb_path_stem(f->path);
        static const char *const DIRS[] = {"%s_files", "%s.files", "%s_files/images", NULL};
        for (int i = 0; DIRS[i] && !found && *base && strcmp(base, "..") && strcmp(base, "."); i++) {
            char *dir = pb_strdupf(DIRS[i], stem);
            char *cand[4] = {pb_strdupf("%s/%s", dir, base), NULL, NULL, NULL};
            if (fmt) {
                size_t fl = strcspn(fmt + 7, "&#");
                cand[1] = pb_strdupf("%s/%s.%.*s", dir, base, (int)fl, fmt + 7);
                if (fl == 4 && !strncmp(fmt + 7, "jpeg", 4))
                    cand[2] = pb_strdupf("%s/%s.jpg", dir, base);
            }
            for (int k = 0; k < 4 && cand[k] && !found; k++) {
                char *full = pb_path_join(f->page_dir, cand[k]);
                if (is_file(full))
                    found = pb_xstrdup(cand[k]);
                free(full);
            }
            for (int k = 0; k < 4; k++)
                free(cand[k]);
            free(dir);
        }
        free(stem);
    }
    free(p);
    return found;
}

static const char *ext_of_type(const char *type)
{
    static const char *const T[][2] = {{"image/jpeg", "jpg"}, {"image/jpg", "jpg"},
                                       {"image/png", "png"},  {"image/webp", "webp"},
                                       {"image/svg+xml", "svg"}, {"image/gif", "gif"}};
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
        if (!strcasecmp(type, T[i][0]))
            return T[i][1];
    return NULL;
}

/* dir/rel as the Markdown in doc->dir writes it: relative to that folder
 * (with ../ when it lies beside it), else absolute. Caller frees. */
static char *src_for(const fixer *f, const char *dir, const char *rel)
{
    const char *base = f->doc->dir;
    if (!strcmp(dir, base))
        return pb_xstrdup(rel);
    char *rb = realpath(base, NULL), *rd = realpath(dir, NULL);
    char *r;
    if (!rb || !rd) {
        char *full = pb_path_join(dir, rel);
        r = full;
    } else {
        /* the common folders, then one ../ for each folder of base below them */
        size_t i = 0, cut = 0;
        while (rb[i] && rb[i] == rd[i]) {
            if (rb[i] == '/')
                cut = i;
            i++;
        }
        if (!rb[i] && (!rd[i] || rd[i] == '/'))
            cut = i;
        else if (!rd[i] && rb[i] == '/')
            cut = i;
        pb_buf b = {0};
        for (const char *p = rb + cut; *p; p++)
            if (*p == '/')
                pb_buf_adds(&b, "../");
        if (rd[cut])
            pb_buf_addf(&b, "%s/", rd + cut + 1);
        pb_buf_adds(&b, rel);
        r = pb_xstrdup(b.s);
        pb_buf_fini(&b);
    }
    free(rb);
    free(rd);
    return r;
}

static void set_photo(fixer *f, pb_block *b, const char *src)
{
    char *path = pb_path_join(f->doc->dir, src);
    b->src = pb_arena_strdup(f->doc->arena, src);
    b->path = pb_arena_strdup(f->doc->arena, path);
    free(path);
}

/* The part of the .mhtml a src names: by its Content-Location as written,
 * or resolved against the page's own location (a relative src). */
static const pb_mhtml_part *mhtml_part(const pb_mhtml *mh, const char *src)
{
    if (!mh)
        return NULL;
    char *abs = mh->location ? (char *)xmlBuildURI((const xmlChar *)src,
                                                   (const xmlChar *)mh->location)
                             : NULL;
    const pb_mhtml_part *found = NULL;
    for (int p = 0; p < mh->nparts && !found; p++) {
        const char *loc = mh->parts[p].location;
        if (loc && (!strcmp(loc, src) || (abs && !strcmp(loc, abs))))
            found = &mh->parts[p];
    }
    xmlFree(abs);
    return found;
}

static void photos(fixer *f)
{
    if (f->o->s && f->o->s->images)
        return; /* --images: the folder's photos, in order, as for pasted text */
    int k = 0, missing = 0;
    for (int i = 0; i < f->doc->nblocks; i++) {
        pb_block *b = &f->doc->blocks[i];
        if (b->kind != PB_BLOCK_FIGURE)
            continue;
        k++;
        hline *h = line_of(f, b->line);
        if (!h || h->image < 0)
            continue;
        const char *src = f->I[h->image].src;
        const pb_mhtml_part *part = mhtml_part(f->mh, src);
        const char *ext = part ? ext_of_type(part->type) : NULL;
        if (part && ext && f->o->media_dir) {
            char *name = pb_strdupf("%d.%s", k, ext);
            char *file = pb_path_join(f->o->media_dir, name);
            char *s = src_for(f, f->o->media_dir, name);
            set_photo(f, b, s);
            pb_media_file m = {pb_arena_strdup(f->doc->arena, file),
                               pb_arena_copy(f->doc->arena, part->data, part->len, 1), part->len};
            PB_PUSH(f->media, m);
            free(s);
            free(file);
            free(name);
            continue;
        }
        char *local = part ? NULL : local_file(f, src);
        if (local) {
            char *s = src_for(f, f->page_dir, local);
            set_photo(f, b, s);
            free(s);
            free(local);
            continue;
        }
        bool url = strstr(src, "://") || !strncmp(src, "//", 2);
        if (!part && !url && src[0] != '/' && !strstr(src, "../")) {
            /* the page's own name for it, so the photo is found once it is put there */
            char *rel = url_path(src), *s = src_for(f, f->page_dir, rel);
            set_photo(f, b, s);
            free(s);
            free(rel);
        }
        missing++;
        if (missing <= 10)
            pb_warn(f->d, f->path, 0,
                    "photo %d (%.200s) is %s; %s is drawn as a grey box", k, src,
                    part ? "in the page in a format paiban does not read"
                         : f->mh ? "not in the saved page" : "not in the page's folder",
                    b->src ? b->src : "it");
    }
    if (missing > 10)
        pb_warn(f->d, f->path, 0, "%d more photos are missing", missing - 10);
}

static void apply_meta(fixer *f, const page_meta *pm)
{
    pb_meta *m = &f->doc->meta;
    pb_arena *a = f->doc->arena;
    if (pm->title)
        m->title = pb_arena_strdup(a, pm->title);
    if (pm->date)
        m->date = pb_arena_strdup(a, pm->date);
    if (pm->byline && (!m->byline || !strstr(m->byline, pm->byline)))
        m->byline = pb_arena_strdup(a, pm->byline);
    if (pm->source && !m->source)
        m->source = pb_arena_strdup(a, pm->source);
    if (m->title && m->subtitle && !strcmp(m->title, m->subtitle))
        m->subtitle = NULL;
}

/* ---- the whole ---- */

static void free_lines(liner *L)
{
    for (size_t i = 0; i < L->lines.n; i++)
        free(L->lines.v[i].text);
    for (size_t i = 0; i < L->images.n; i++)
        free(L->images.v[i].src);
    free(L->lines.v);
    free(L->images.v);
    pb_buf_fini(&L->cur);
}

/* The lines given to the importer: those of the body and, around it, the
 * title and the lines near it. Blank lines between. */
static char *import_text(liner *L, const page_meta *pm, size_t *len)
{
    int n = (int)L->lines.n, b0 = -1, b1 = -1, t0 = -1, t1 = -1;
    for (int i = 0; i < n; i++) {
        if (L->lines.v[i].z == Z_BODY) {
            if (b0 < 0)
                b0 = i;
            b1 = i + 1;
        }
        if (L->lines.v[i].z == Z_TITLE) {
            if (t0 < 0)
                t0 = i;
            t1 = i + 1;
        }
    }
    bool *keep = pb_xcalloc((size_t)n + 1, 1);
    for (int i = 0; i < n; i++)
        keep[i] = L->lines.v[i].z != Z_OUT;
    if (t0 >= 0 && t0 < b0) {
        for (int i = t0 - 1; i >= 0 && i >= t0 - ZONE_BEFORE_TITLE; i--)
            keep[i] = true;
        for (int i = b0 - 1; i >= t1 && i >= b0 - ZONE_HEADER; i--)
            keep[i] = true;
    } else {
        for (int i = b0 - 1; i >= 0 && i >= b0 - ZONE_BEFORE_TITLE; i--)
            keep[i] = true;
    }
    for (int i = b1; b1 >= 0 && i < n && i < b1 + ZONE_AFTER; i++)
        keep[i] = true;
    /* a title from meta tags or <title> comes first, as a line of the title */
    PB_VEC(hline) v = {0};
    if (pm->title && !pm->title_node) {
        hline h = {.text = pb_xstrdup(pm->title), .z = Z_TITLE, .image = -1};
        PB_PUSH(v, h);
    }
    for (int i = 0; i < n; i++) {
        if (keep[i])
            PB_PUSH(v, L->lines.v[i]);
        else
            free(L->lines.v[i].text);
    }
    free(keep);
    free(L->lines.v);
    L->lines.v = v.v;
    L->lines.n = v.n;
    L->lines.cap = v.cap;
    pb_buf out = {0};
    for (size_t i = 0; i < v.n; i++)
        pb_buf_addf(&out, "%s%s\n", i ? "\n" : "", v.v[i].text);
    *len = out.n;
    return out.s ? out.s : pb_xstrdup("");
}

pb_doc *pb_html_parse(const char *buf, size_t len, const char *path, const pb_html_opts *o,
                      pb_import_report *rep, pb_html_media *media, pb_diags *d)
{
    if (!path)
        path = "-";
    *media = (pb_html_media){0};
    pb_mhtml mh = {0};
    if (o->mhtml) {
        if (!pb_mhtml_split(buf, len, path, &mh, d))
            return NULL;
        buf = mh.html;
        len = mh.len;
    }
    size_t n = 0;
    char *how = NULL;
    char *text = len ? page_utf8(buf, len, mh.charset, path, o, &n, &how, d) : NULL;
    if (!len)
        pb_error(d, path, 0, o->mhtml ? "the page in the .mhtml is empty" : "empty file");
    pb_doc *doc = NULL;
    htmlDocPtr hd = NULL;
    node_vec all = {0};
    liner L = {0};
    page_meta pm = {0};
    char *body_how = NULL;
    if (!text || n > INT32_MAX)
        goto done;
    hd = htmlReadMemory(text, (int)n, NULL, "UTF-8",
                        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                            HTML_PARSE_IGNORE_ENC | HTML_PARSE_RECOVER);
    xmlNode *root = hd ? xmlDocGetRootElement(hd) : NULL;
    if (root)
        collect(root, &all, 0);
    xmlNode *body = root ? best_body(root, &all, &body_how) : NULL;
    char *bt = body ? text_of(body) : NULL;
    bool has_img = false;
    for (size_t i = 0; body && i < all.n && !has_img; i++)
        has_img = is_el(all.v[i], "img") && is_ancestor(body, all.v[i]);
    if (!body || (nchars(bt) < MIN_BODY_CHARS && !has_img)) {
        pb_error(d, path, 0,
                 "no article body found in the page: no element holds paragraphs of text%s",
                 root ? "" : " (it is not HTML)");
        free(bt);
        goto done;
    }
    free(bt);
    find_meta(&all, body, &pm);
    L.body = body;
    L.title = pm.title_node;
    xmlNode *top = root;
    for (xmlNode *c = root; c; c = c->next)
        if (is_el(c, "html"))
            top = c;
    walk(&L, top, 0);
    flush(&L);
    size_t tlen;
    char *lines = import_text(&L, &pm, &tlen);
    pb_import_settings s = o->s ? *o->s : (pb_import_settings){0};
    s.encoding = "utf-8";
    pb_import_report local;
    if (!rep)
        rep = &local;
    doc = pb_import_parse(lines, tlen, path, &s, rep, d);
    free(lines);
    if (!doc)
        goto done;
    char *page_dir = pb_path_dir(path);
    fixer f = {.doc = doc, .rep = rep, .H = L.lines.v, .nh = (int)L.lines.n, .I = L.images.v,
               .ni = (int)L.images.n, .o = o, .path = path, .page_dir = page_dir,
               .mh = o->mhtml ? &mh : NULL, .html_title = pm.title != NULL,
               .title_from = pm.title_from, .d = d};
    clear_outside_header(&f);
    fix_blocks(&f);
    apply_meta(&f, &pm);
    photos(&f);
    free(page_dir);
    rep->nfigures = 0;
    for (int i = 0; i < doc->nblocks; i++)
        rep->nfigures += doc->blocks[i].kind == PB_BLOCK_FIGURE;
    char *enc = pb_strdupf("%s %s, body %s", o->mhtml ? "MHTML page" : "HTML page", how, body_how);
    rep->encoding = pb_arena_strdup(doc->arena, enc);
    free(enc);
    media->v = f.media.v ? pb_arena_copy(doc->arena, f.media.v, f.media.n, sizeof *f.media.v) : NULL;
    media->n = (int)f.media.n;
    free(f.media.v);
    if (!doc->nblocks)
        pb_warn(d, path, 0, "the article body found (%s) holds no text the import kept", body_how);
done:
    free(body_how);
    free(pm.title);
    free(pm.date);
    free(pm.byline);
    free(pm.source);
    free_lines(&L);
    free(all.v);
    if (hd)
        xmlFreeDoc(hd);
    free(text);
    free(how);
    pb_mhtml_fini(&mh);
    return doc;
}
