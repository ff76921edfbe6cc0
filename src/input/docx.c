/* docx: a Word file → pb_doc.
 *
 * Three passes:
 *
 * 1. Parts. The zip is opened from memory with libzip; each part read is
 *    capped (pb_limit_input_bytes() each, four times that together: a zip
 *    bomb stops at the cap, whatever sizes its directory claims) and checked
 *    by libzip (CRC). XML is parsed by libxml2 without network access or
 *    entity substitution; a part with a DOCTYPE is refused (Word writes none).
 * 2. Paragraphs. The body of word/document.xml is walked in document order
 *    into a flat list: each w:p with its text (runs, hyperlinks, insertions,
 *    fields' results; deletions and field codes left out), its bold and
 *    italic runs, its style (styles.xml: name, outline level, size, bold,
 *    centring, through basedOn), its list number (numbering.xml: Word draws
 *    it, the text does not hold it) and the photos it holds (a:blip r:embed,
 *    v:imagedata r:id, resolved through document.xml.rels). A table row is
 *    one entry: its cells apart by a full-width space, an empty cell as a
 *    dash, as mdtable.c sets a Markdown table; a row of one cell is a
 *    paragraph (a one-column table boxes text, or a photo and its caption).
 *    The paragraphs of a text box follow the paragraph holding it. Blanks
 *    settle to one space.
 * 3. Roles. The title: the Title style, else the first paragraph when it is
 *    large and bold (or the only Heading 1); a Subtitle right after it is the
 *    subtitle. Heads: a heading style or an outline level; their levels are
 *    ranked as used, the highest ##, the next ###, any lower ####. Figures:
 *    each photo in document order; the paragraphs right after a paragraph of
 *    photos that read as captions (the Caption style; a short paragraph
 *    starting 图/圖/(图…/Fig; a short centred one) are their captions in
 *    order. Everything else is body text. Punctuation is normalized
 *    (normalize.c) as for pasted text.
 *
 * Never lost silently: the paragraphs of headers, footers, footnotes,
 * endnotes and comments, photos that are linked rather than embedded or in a
 * format the renderer cannot use, are listed as dropped in the report
 * (--explain); footnotes, endnotes and comments also give a warning. */
#include "docx.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "../base/limit.h"
#include "../base/outfile.h"
#include "../base/util.h"
#include "image.h"
#include "importrules.h"
#include "normalize.h"

enum {
    TOTAL_PARTS = 4,     /* all parts read together: this many times the input limit */
    TITLE_CHARS = 100,   /* a longer first paragraph is no title */
    CAPTION_CHARS = 120, /* a longer paragraph is no caption */
    STYLE_DEPTH = 16,    /* basedOn chains followed this far */
};

static const char W_NS[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
static const char W_STRICT[] = "http://purl.oclc.org/ooxml/wordprocessingml/main";
static const char MC_NS[] = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/* ---- pass 1: parts ---- */

typedef struct {
    const char *path;
    zip_t *zip;
    size_t limit, total;
    pb_diags *d;
} parts;

/* The bytes of part name (NUL-terminated), or NULL: when missing (no error
 * unless required) or unreadable (an error). */
static char *read_part(parts *p, const char *name, bool required, size_t *len)
{
    zip_int64_t i = zip_name_locate(p->zip, name, ZIP_FL_NOCASE);
    if (i < 0) {
        if (required)
            pb_error(p->d, p->path, 0, "not a Word document: the zip holds no %s", name);
        return NULL;
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(p->zip, (zip_uint64_t)i, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
        st.size > p->limit) {
        pb_error(p->d, p->path, 0,
                 "%s would unpack to %.1f MiB, above the input limit of %zu MiB (set "
                 "PAIBAN_MAX_INPUT_MB to raise it)",
                 name, (double)st.size / 1048576.0, p->limit >> 20);
        return NULL;
    }
    zip_file_t *f = zip_fopen_index(p->zip, (zip_uint64_t)i, 0);
    if (!f) {
        pb_error(p->d, p->path, 0, "cannot read %s: %s", name, zip_strerror(p->zip));
        return NULL;
    }
    pb_buf b = {0};
    char chunk[65536];
    zip_int64_t got;
    while ((got = zip_fread(f, chunk, sizeof chunk)) > 0) {
        if (b.n + (size_t)got > p->limit || p->total + b.n + (size_t)got > TOTAL_PARTS * p->limit) {
            pb_error(p->d, p->path, 0,
                     "%s unpacks to more than %zu MiB, above the input limit (a zip bomb?; set "
                     "PAIBAN_MAX_INPUT_MB to raise it)",
                     name,
                     (b.n + (size_t)got > p->limit ? p->limit : TOTAL_PARTS * p->limit) >> 20);
            got = -2;
            break;
        }
        pb_buf_add(&b, chunk, (size_t)got);
    }
    if (got == -1)
        pb_error(p->d, p->path, 0, "%s is damaged: %s", name, zip_file_strerror(f));
    zip_fclose(f);
    if (got < 0) {
        pb_buf_fini(&b);
        return NULL;
    }
    p->total += b.n;
    *len = b.n;
    return b.s ? b.s : pb_xstrdup("");
}

/* Part name parsed as XML, or NULL with an error (missing: only when required). */
static xmlDoc *read_xml(parts *p, const char *name, bool required)
{
    size_t len;
    char *buf = read_part(p, name, required, &len);
    if (!buf)
        return NULL;
    xmlResetLastError();
    xmlDoc *x = xmlReadMemory(buf, (int)len, name, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    free(buf);
    if (!x) {
        const xmlError *e = xmlGetLastError();
        char *msg = pb_xstrdup(e && e->message ? e->message : "not XML");
        size_t n = strlen(msg);
        while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
            msg[--n] = 0;
        pb_error(p->d, p->path, 0, "%s, line %d: broken XML: %s", name, e ? e->line : 0, msg);
        free(msg);
        return NULL;
    }
    if (x->intSubset || !xmlDocGetRootElement(x)) {
        pb_error(p->d, p->path, 0, "%s: %s", name,
                 x->intSubset ? "a DOCTYPE, which Word never writes: refused" : "no root element");
        xmlFreeDoc(x);
        return NULL;
    }
    return x;
}

/* ---- XML helpers ---- */

static bool named(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local);
}

/* A WordprocessingML element (transitional or strict namespace). */
static bool is_w(const xmlNode *n, const char *local)
{
    if (!named(n, local) || !n->ns || !n->ns->href)
        return false;
    const char *h = (const char *)n->ns->href;
    return !strcmp(h, W_NS) || !strcmp(h, W_STRICT);
}

static bool is_mc(const xmlNode *n, const char *local)
{
    return named(n, local) && n->ns && n->ns->href && !strcmp((const char *)n->ns->href, MC_NS);
}

/* The value of attribute local (any namespace), or NULL. Not copied. */
static const char *attr(const xmlNode *n, const char *local)
{
    for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
        if (!strcmp((const char *)a->name, local) && a->children &&
            a->children->type == XML_TEXT_NODE)
            return (const char *)a->children->content;
    return NULL;
}

static xmlNode *child_w(const xmlNode *n, const char *local)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_w(c, local))
            return c;
    return NULL;
}

/* A toggle property (w:b, w:i): -1 absent, else on or off. */
static int toggle(const xmlNode *pr, const char *local)
{
    const xmlNode *t = child_w(pr, local);
    if (!t)
        return -1;
    const char *v = attr(t, "val");
    return !(v && (!strcmp(v, "0") || !strcasecmp(v, "false") || !strcasecmp(v, "off")));
}

static int int_attr(const xmlNode *n, const char *local, int def)
{
    const char *v = attr(n, local);
    if (!v)
        return def;
    char *end;
    long x = strtol(v, &end, 10);
    return end != v && x > -100000 && x < 100000 ? (int)x : def;
}

/* ---- styles ---- */

typedef enum { KIND_NONE, KIND_TITLE, KIND_SUBTITLE, KIND_HEADING, KIND_CAPTION } style_kind;

typedef struct {
    const char *id, *name, *based;
    int outline;      /* 0-based outline level; -1 none; 9 body text */
    int bold, italic; /* toggles: -1 not set */
    int size;         /* half-points; 0 not set */
    int center;       /* -1 not set */
    style_kind kind;
    int heading;        /* KIND_HEADING: its number (heading 2: 2) */
    const char *num_id; /* its list numbering (w:numPr); NULL none */
    int num_lvl;
} wstyle;

typedef struct {
    PB_VEC(wstyle) v;
    int default_size; /* half-points */
} styles;

/* s without spaces, lower-cased (ASCII). Caller frees. */
static char *squeeze(const char *s)
{
    pb_buf b = {0};
    for (; s && *s; s++)
        if (*s != ' ' && *s != '_' && *s != '-') {
            char c = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
            pb_buf_add(&b, &c, 1);
        }
    return b.s ? b.s : pb_xstrdup("");
}

/* What a style's name or id says it is: Title, Subtitle, Heading N, Caption,
 * in English (the names Word stores for built-in styles) or as WPS and
 * localised templates name them (标题 1, 標題 1, 副标题, 题注). */
static style_kind kind_of(const char *name, int *level)
{
    static const struct {
        const char *word;
        style_kind kind;
    } WORDS[] = {{"title", KIND_TITLE},       {"标题", KIND_TITLE},      {"標題", KIND_TITLE},
                 {"subtitle", KIND_SUBTITLE}, {"副标题", KIND_SUBTITLE}, {"副標題", KIND_SUBTITLE},
                 {"caption", KIND_CAPTION},   {"题注", KIND_CAPTION},    {"題注", KIND_CAPTION},
                 {"图注", KIND_CAPTION},      {"圖說", KIND_CAPTION}};
    static const char *const HEADS[] = {"heading", "标题", "標題", "heading "};
    char *s = squeeze(name);
    style_kind k = KIND_NONE;
    for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0] && !k; i++)
        if (!strcmp(s, WORDS[i].word))
            k = WORDS[i].kind;
    for (size_t i = 0; i < sizeof HEADS / sizeof HEADS[0] && !k; i++) {
        size_t n = strlen(HEADS[i]);
        if (!strncmp(s, HEADS[i], n) && s[n] >= '1' && s[n] <= '9' && !s[n + 1]) {
            k = KIND_HEADING;
            *level = s[n] - '0';
        }
    }
    free(s);
    return k;
}

static void read_styles(xmlDoc *x, styles *st)
{
    st->default_size = 21; /* Word's own default: 10.5 pt */
    if (!x)
        return;
    xmlNode *root = xmlDocGetRootElement(x);
    xmlNode *defs = child_w(root, "docDefaults");
    xmlNode *rpr = child_w(child_w(defs, "rPrDefault"), "rPr");
    int sz = int_attr(child_w(rpr, "sz"), "val", 0);
    if (sz > 0)
        st->default_size = sz;
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (!is_w(c, "style"))
            continue;
        const char *type = attr(c, "type");
        if (type && strcmp(type, "paragraph") && strcmp(type, "character"))
            continue;
        wstyle s = {
            .id = attr(c, "styleId"), .outline = -1, .bold = -1, .italic = -1, .center = -1};
        if (!s.id)
            continue;
        s.name = attr(child_w(c, "name"), "val");
        s.based = attr(child_w(c, "basedOn"), "val");
        xmlNode *ppr = child_w(c, "pPr"), *r = child_w(c, "rPr");
        s.outline = int_attr(child_w(ppr, "outlineLvl"), "val", -1);
        const char *jc = attr(child_w(ppr, "jc"), "val");
        if (jc)
            s.center = !strcmp(jc, "center");
        s.bold = toggle(r, "b");
        s.italic = toggle(r, "i");
        s.size = int_attr(child_w(r, "sz"), "val", 0);
        const xmlNode *numpr = child_w(ppr, "numPr");
        s.num_id = attr(child_w(numpr, "numId"), "val");
        s.num_lvl = int_attr(child_w(numpr, "ilvl"), "val", 0);
        int level = 0;
        s.kind = s.name ? kind_of(s.name, &level) : KIND_NONE;
        if (!s.kind)
            s.kind = kind_of(s.id, &level);
        s.heading = level;
        PB_PUSH(st->v, s);
        const char *def = attr(c, "default");
        if (def && (!strcmp(def, "1") || !strcmp(def, "true")) && type &&
            !strcmp(type, "paragraph") && s.size > 0)
            st->default_size = s.size;
    }
}

static const wstyle *find_style(const styles *st, const char *id)
{
    for (size_t i = 0; id && i < st->v.n; i++)
        if (!strcmp(st->v.v[i].id, id))
            return &st->v.v[i];
    return NULL;
}

/* A property of style id through its basedOn chain: the first set (!= unset). */
enum { PROP_OUTLINE, PROP_BOLD, PROP_ITALIC, PROP_SIZE, PROP_CENTER };

static int style_prop(const styles *st, const char *id, int prop)
{
    const wstyle *s = find_style(st, id);
    for (int k = 0; s && k < STYLE_DEPTH; k++, s = find_style(st, s->based)) {
        int v = prop == PROP_OUTLINE  ? s->outline
                : prop == PROP_BOLD   ? s->bold
                : prop == PROP_ITALIC ? s->italic
                : prop == PROP_SIZE   ? (s->size > 0 ? s->size : -1)
                                      : s->center;
        if (v >= 0)
            return v;
    }
    return -1;
}

/* ---- relationships ---- */

typedef struct {
    const char *id, *target;
    bool external;
} rel;

typedef PB_VEC(rel) rels;

static void read_rels(xmlDoc *x, rels *r)
{
    xmlNode *root = x ? xmlDocGetRootElement(x) : NULL;
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (!named(c, "Relationship") || !attr(c, "Id") || !attr(c, "Target"))
            continue;
        const char *mode = attr(c, "TargetMode");
        PB_PUSH(*r,
                ((rel){attr(c, "Id"), attr(c, "Target"), mode && !strcasecmp(mode, "External")}));
    }
}

static const rel *find_rel(const rels *r, const char *id)
{
    for (size_t i = 0; id && i < r->n; i++)
        if (!strcmp(r->v[i].id, id))
            return &r->v[i];
    return NULL;
}

/* The zip name of a target relative to word/: "media/a.png" → "word/media/a.png",
 * "/word/media/a.png" → "word/media/a.png", "../media/a.png" → "media/a.png". Caller frees. */
static char *part_name(const char *target)
{
    char *joined = target[0] == '/' ? pb_xstrdup(target + 1) : pb_strdupf("word/%s", target);
    PB_VEC(char *) segs = {0};
    for (char *save = NULL, *t = strtok_r(joined, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
        if (!strcmp(t, ".."))
            segs.n -= segs.n > 0;
        else if (strcmp(t, "."))
            PB_PUSH(segs, t);
    }
    pb_buf b = {0};
    for (size_t i = 0; i < segs.n; i++) {
        if (i)
            pb_buf_adds(&b, "/");
        pb_buf_adds(&b, segs.v[i]);
    }
    char *r = b.s ? b.s : pb_xstrdup("");
    free(segs.v);
    free(joined);
    return r;
}

/* ---- list numbering (numbering.xml) ---- */

enum { NUM_LEVELS = 9 };

typedef struct {
    int start;
    const char *fmt, *text, *suff;
} numlvl;

typedef struct {
    const char *id;
    numlvl lvl[NUM_LEVELS];
    int n[NUM_LEVELS]; /* the counters, shared by the lists of this definition */
    bool set[NUM_LEVELS];
} absnum;

typedef struct {
    const char *id;
    int abs;               /* index into numbering.abs */
    int start[NUM_LEVELS]; /* w:startOverride, -1 none; applied at the list's first use */
    bool used;
} numinst;

typedef struct {
    PB_VEC(absnum) abs;
    PB_VEC(numinst) nums;
} numbering;

static void read_numbering(xmlDoc *x, numbering *nb)
{
    xmlNode *root = x ? xmlDocGetRootElement(x) : NULL;
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (!is_w(c, "abstractNum") || !attr(c, "abstractNumId"))
            continue;
        absnum a = {.id = attr(c, "abstractNumId")};
        for (int l = 0; l < NUM_LEVELS; l++)
            a.lvl[l] = (numlvl){1, "decimal", NULL, NULL};
        for (xmlNode *l = c->children; l; l = l->next) {
            int i = int_attr(l, "ilvl", -1);
            if (!is_w(l, "lvl") || i < 0 || i >= NUM_LEVELS)
                continue;
            a.lvl[i].start = int_attr(child_w(l, "start"), "val", 1);
            if (attr(child_w(l, "numFmt"), "val"))
                a.lvl[i].fmt = attr(child_w(l, "numFmt"), "val");
            a.lvl[i].text = attr(child_w(l, "lvlText"), "val");
            a.lvl[i].suff = attr(child_w(l, "suff"), "val");
        }
        PB_PUSH(nb->abs, a);
    }
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        const char *abs = attr(child_w(c, "abstractNumId"), "val");
        if (!is_w(c, "num") || !attr(c, "numId") || !abs)
            continue;
        numinst n = {.id = attr(c, "numId"), .abs = -1};
        for (size_t i = 0; i < nb->abs.n && n.abs < 0; i++)
            if (!strcmp(nb->abs.v[i].id, abs))
                n.abs = (int)i;
        for (int l = 0; l < NUM_LEVELS; l++)
            n.start[l] = -1;
        for (xmlNode *o = c->children; o; o = o->next) {
            int i = int_attr(o, "ilvl", -1);
            if (is_w(o, "lvlOverride") && i >= 0 && i < NUM_LEVELS)
                n.start[i] = int_attr(child_w(o, "startOverride"), "val", -1);
        }
        if (n.abs >= 0)
            PB_PUSH(nb->nums, n);
    }
}

static void add_cp(pb_buf *b, uint32_t c)
{
    char u[4];
    pb_buf_add(b, u, (size_t)pb_utf8_encode(c, u));
}

/* n in Chinese numerals (一百零五; legal: 壹佰零伍), up to 9999. */
static void chinese_number(pb_buf *b, int n, bool legal)
{
    static const char *const D[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    static const char *const L[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
    static const char *const U[] = {"千", "百", "十", ""}, *const LU[] = {"仟", "佰", "拾", ""};
    bool started = false, zero = false;
    for (int k = 0, div = 1000; k < 4; k++, div /= 10) {
        int d = n / div % 10;
        if (!d) {
            zero = started;
            continue;
        }
        if (zero)
            pb_buf_adds(b, legal ? L[0] : D[0]);
        zero = false;
        if (!(k == 2 && d == 1 && !started && !legal)) /* 十五, not 一十五 */
            pb_buf_adds(b, legal ? L[d] : D[d]);
        pb_buf_adds(b, legal ? LU[k] : U[k]);
        started = true;
    }
}

/* n as the numbering format fmt writes it (ECMA-376 ST_NumberFormat, the
 * formats Chinese documents use; others as decimal). */
static void format_number(pb_buf *b, const char *fmt, int n)
{
    static const char *const GAN = "甲乙丙丁戊己庚辛壬癸", *const ZHI = "子丑寅卯辰巳午未申酉戌亥";
    if (!strcmp(fmt, "none"))
        return;
    if (n > 0 && n < 10000 &&
        (!strncmp(fmt, "chineseCounting", 15) || !strcmp(fmt, "ideographDigital") ||
         !strcmp(fmt, "japaneseCounting") || !strcmp(fmt, "taiwaneseCounting") ||
         !strcmp(fmt, "chineseLegalSimplified") || !strcmp(fmt, "ideographLegalTraditional"))) {
        chinese_number(b, n, strstr(fmt, "Legal") != NULL);
    } else if (n >= 1 && n <= 10 && !strcmp(fmt, "ideographTraditional")) {
        pb_buf_add(b, GAN + 3 * (n - 1), 3);
    } else if (n >= 1 && n <= 12 && !strcmp(fmt, "ideographZodiac")) {
        pb_buf_add(b, ZHI + 3 * (n - 1), 3);
    } else if (n >= 1 && n <= 20 && !strncmp(fmt, "decimalEnclosedCircle", 21)) {
        add_cp(b, 0x2460 + (uint32_t)n - 1); /* ① */
    } else if (n >= 1 && n <= 20 && !strcmp(fmt, "decimalEnclosedParen")) {
        add_cp(b, 0x2474 + (uint32_t)n - 1); /* ⑴ */
    } else if (n >= 1 && n <= 20 && !strcmp(fmt, "decimalEnclosedFullstop")) {
        add_cp(b, 0x2488 + (uint32_t)n - 1); /* ⒈ */
    } else if (n >= 0 && !strncmp(fmt, "decimalFullWidth", 16)) {
        char d[16];
        snprintf(d, sizeof d, "%d", n);
        for (char *p = d; *p; p++)
            add_cp(b, 0xFF10 + (uint32_t)(*p - '0'));
    } else if (n >= 1 && (!strcmp(fmt, "lowerLetter") || !strcmp(fmt, "upperLetter"))) {
        char c = (char)((fmt[0] == 'l' ? 'a' : 'A') + (n - 1) % 26);
        for (int k = 0; k <= (n - 1) / 26 && k < 10; k++)
            pb_buf_add(b, &c, 1);
    } else if (n >= 1 && n < 4000 && (!strcmp(fmt, "lowerRoman") || !strcmp(fmt, "upperRoman"))) {
        static const int V[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
        static const char *const R[] = {"m",  "cm", "d",  "cd", "c",  "xc", "l",
                                        "xl", "x",  "ix", "v",  "iv", "i"};
        for (int k = 0; k < 13; k++)
            for (; n >= V[k]; n -= V[k])
                for (const char *r = R[k]; *r; r++) {
                    char c = (char)(fmt[0] == 'u' ? *r - 'a' + 'A' : *r);
                    pb_buf_add(b, &c, 1);
                }
    } else if (!strcmp(fmt, "decimalZero") && n >= 0 && n < 10) {
        pb_buf_addf(b, "0%d", n);
    } else {
        pb_buf_addf(b, "%d", n);
    }
}

/* The label of the next paragraph of list num_id at level lvl ("一、",
 * "1.2 ", "• "), counting it; "" for none. Caller frees. */
static char *number_label(numbering *nb, const char *num_id, int lvl)
{
    numinst *in = NULL;
    for (size_t i = 0; num_id && i < nb->nums.n && !in; i++)
        if (!strcmp(nb->nums.v[i].id, num_id))
            in = &nb->nums.v[i];
    if (!in || lvl < 0 || lvl >= NUM_LEVELS)
        return pb_xstrdup("");
    absnum *a = &nb->abs.v[in->abs];
    if (!in->used)
        for (int l = 0; l < NUM_LEVELS; l++)
            if (in->start[l] >= 0)
                a->n[l] = in->start[l] - 1, a->set[l] = true;
    in->used = true;
    a->n[lvl] = a->set[lvl] && a->n[lvl] < 1000000 ? a->n[lvl] + 1 : a->lvl[lvl].start;
    a->set[lvl] = true;
    for (int l = lvl + 1; l < NUM_LEVELS; l++)
        a->set[l] = false; /* a deeper level starts again */
    const numlvl *v = &a->lvl[lvl];
    pb_buf b = {0};
    if (!strcmp(v->fmt, "bullet")) {
        pb_buf_adds(&b, "\xE2\x80\xA2 "); /* • (Word's bullet is a symbol font's character) */
        return b.s;
    }
    for (const char *t = v->text ? v->text : ""; *t; t++) {
        if (t[0] == '%' && t[1] >= '1' && t[1] <= '9') {
            int l = t[1] - '1';
            format_number(&b, a->lvl[l].fmt, a->set[l] ? a->n[l] : a->lvl[l].start);
            t++;
        } else {
            pb_buf_add(&b, t, 1);
        }
    }
    /* the tab or space after it; none after a full-width mark (一、) */
    bool wide = b.n >= 3 && (unsigned char)b.s[b.n - 3] >= 0xE3;
    if (b.n && !wide && !(v->suff && !strcmp(v->suff, "nothing")))
        pb_buf_adds(&b, " ");
    return b.s ? b.s : pb_xstrdup("");
}

/* ---- pass 2: paragraphs ---- */

typedef struct {
    const char *rid;
    const xmlNode *node;
} photo_ref;

typedef struct {
    pb_buf text;
    PB_VEC(pb_span) spans;
    PB_VEC(photo_ref) photos;
    PB_VEC(const xmlNode *) boxes; /* text boxes, their paragraphs set after this one */
    PB_VEC(int) cells;             /* a row: the byte offset where each cell starts */
    bool photos_first;             /* the first photo came before any text */
    const char *style;
    int outline; /* direct outline level, -1 */
    bool center, row, all_bold, any_text;
    int max_size;
    const char *from; /* "text box", "table" or NULL */
} wpara;

typedef struct {
    parts *p;
    const styles *st;
    numbering *nb; /* NULL: no list numbers (the dropped parts) */
    PB_VEC(wpara) paras;
    int depth;
} walker;

enum { MAX_DEPTH = 64 }; /* nesting of text boxes and tables followed (libxml2 caps at 256) */

static bool is_blank_cp(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x3000 ||
           c == 0x2028 || c == 0x2029 || c == '\v' || c == '\f';
}

static bool is_invisible(uint32_t c)
{
    return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF || c == 0xAD ||
           c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

/* Append UTF-8 s to p with flags; blanks settle to one space, none at the
 * start. In a row a full-width space is a plain one (it parts the cells). */
static void add_text(wpara *p, const char *s, unsigned flags, bool bold, int size)
{
    size_t n = strlen(s), start = p->text.n;
    for (size_t i = 0; i < n;) {
        int adv;
        uint32_t c = pb_utf8_decode(s + i, n - i, &adv);
        i += (size_t)adv;
        if (is_blank_cp(c) && !(c == 0x3000 && !p->row)) {
            if (p->text.n && p->text.s[p->text.n - 1] != ' ')
                pb_buf_add(&p->text, " ", 1);
            continue;
        }
        if (is_invisible(c))
            continue;
        char u[4];
        pb_buf_add(&p->text, u, (size_t)pb_utf8_encode(c, u));
        p->any_text = true;
        p->all_bold = p->all_bold && bold;
        if (size > p->max_size)
            p->max_size = size;
    }
    if (flags && p->text.n > start) {
        pb_span *last = p->spans.n ? &p->spans.v[p->spans.n - 1] : NULL;
        if (last && last->flags == flags && last->start + last->len == (int)start)
            last->len = (int)(p->text.n - (size_t)last->start);
        else
            PB_PUSH(p->spans, ((pb_span){(int)start, (int)(p->text.n - start), flags}));
    }
}

/* Photos and text boxes inside a drawing, a VML picture or an object. */
static void find_pictures(walker *w, wpara *p, const xmlNode *n, int depth)
{
    for (const xmlNode *c = n->children; c && depth < MAX_DEPTH; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || is_mc(c, "Fallback"))
            continue;
        if (is_w(c, "txbxContent")) {
            PB_PUSH(p->boxes, c);
            continue;
        }
        const char *rid = named(c, "blip")        ? attr(c, "embed")
                          : named(c, "imagedata") ? attr(c, "id")
                                                  : NULL;
        if (rid) {
            if (!p->any_text && !p->photos.n)
                p->photos_first = true;
            PB_PUSH(p->photos, ((photo_ref){rid, c}));
        }
        find_pictures(w, p, c, depth + 1);
    }
}

static void walk_runs(walker *w, wpara *p, const xmlNode *n, int depth);

static void run(walker *w, wpara *p, const xmlNode *r)
{
    const xmlNode *pr = child_w(r, "rPr");
    const char *rstyle = attr(child_w(pr, "rStyle"), "val");
    int b = toggle(pr, "b"), i = toggle(pr, "i");
    if (b < 0)
        b = style_prop(w->st, rstyle, PROP_BOLD);
    if (b < 0)
        b = style_prop(w->st, p->style, PROP_BOLD);
    if (i < 0)
        i = style_prop(w->st, rstyle, PROP_ITALIC);
    int size = int_attr(child_w(pr, "sz"), "val", 0);
    if (size <= 0)
        size = style_prop(w->st, rstyle, PROP_SIZE);
    if (size <= 0)
        size = style_prop(w->st, p->style, PROP_SIZE);
    if (size <= 0)
        size = w->st->default_size;
    /* a run's own bold is strong; a style's bold (a heading's) is not marked */
    unsigned flags =
        (toggle(pr, "b") > 0 || style_prop(w->st, rstyle, PROP_BOLD) > 0 ? PB_SPAN_STRONG : 0) |
        (i > 0 ? PB_SPAN_EMPH : 0);
    for (const xmlNode *c = r->children; c; c = c->next) {
        if (is_w(c, "t")) {
            for (const xmlNode *t = c->children; t; t = t->next)
                if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content)
                    add_text(p, (const char *)t->content, flags, b > 0, size);
        } else if (is_w(c, "tab") || is_w(c, "ptab") || is_w(c, "br") || is_w(c, "cr")) {
            add_text(p, " ", 0, true, 0);
        } else if (is_w(c, "noBreakHyphen")) {
            add_text(p, "-", flags, b > 0, size);
        } else if (is_w(c, "drawing") || is_w(c, "pict") || is_w(c, "object")) {
            find_pictures(w, p, c, 0);
        } else if (is_mc(c, "AlternateContent")) {
            for (const xmlNode *k = c->children; k; k = k->next)
                if (is_mc(k, "Choice")) {
                    find_pictures(w, p, k, 0);
                    break;
                }
        }
    }
}

/* The content of a paragraph: runs, and the elements that hold runs. */
static void walk_runs(walker *w, wpara *p, const xmlNode *n, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is_w(c, "r")) {
            run(w, p, c);
        } else if (is_w(c, "hyperlink") || is_w(c, "ins") || is_w(c, "smartTag") ||
                   is_w(c, "fldSimple") || is_w(c, "customXml") || is_w(c, "sdt") ||
                   is_w(c, "sdtContent") || is_w(c, "moveTo") || is_w(c, "dir") || is_w(c, "bdo")) {
            walk_runs(w, p, c, depth + 1);
        } else if (is_mc(c, "AlternateContent")) {
            for (const xmlNode *k = c->children; k; k = k->next)
                if (is_mc(k, "Choice")) {
                    walk_runs(w, p, k, depth + 1);
                    break;
                }
        } else if (c->type == XML_ELEMENT_NODE && c->ns && c->ns->href &&
                   strstr((const char *)c->ns->href, "officeDocument/2006/math")) {
            /* an equation: its text (m:t) as it reads */
            if (named(c, "t"))
                for (const xmlNode *t = c->children; t; t = t->next)
                    if (t->type == XML_TEXT_NODE && t->content)
                        add_text(p, (const char *)t->content, 0, false, 0);
            walk_runs(w, p, c, depth + 1);
        }
    }
}

static void walk_blocks(walker *w, const xmlNode *n, const char *from, int depth);

static wpara new_para(const char *from)
{
    return (wpara){.outline = -1, .all_bold = true, .from = from};
}

static void push_para(walker *w, wpara *p, int depth)
{
    PB_PUSH(w->paras, *p);
    /* the text boxes of this paragraph, after it */
    for (size_t i = 0; i < p->boxes.n; i++)
        walk_blocks(w, p->boxes.v[i], "text box", depth + 1);
}

static void paragraph(walker *w, const xmlNode *n, const char *from, int depth)
{
    wpara p = new_para(from);
    const xmlNode *ppr = child_w(n, "pPr");
    p.style = attr(child_w(ppr, "pStyle"), "val");
    p.outline = int_attr(child_w(ppr, "outlineLvl"), "val", -1);
    const char *jc = attr(child_w(ppr, "jc"), "val");
    p.center = jc ? !strcmp(jc, "center") : style_prop(w->st, p.style, PROP_CENTER) > 0;
    if (w->nb) { /* a list's number or bullet, which Word draws and does not store */
        const xmlNode *numpr = child_w(ppr, "numPr");
        const char *num_id = attr(child_w(numpr, "numId"), "val");
        int lvl = int_attr(child_w(numpr, "ilvl"), "val", -1);
        const wstyle *st = find_style(w->st, p.style);
        for (int k = 0; st && k < STYLE_DEPTH && !num_id; k++, st = find_style(w->st, st->based))
            if (st->num_id) {
                num_id = st->num_id;
                lvl = lvl < 0 ? st->num_lvl : lvl;
            }
        if (num_id && strcmp(num_id, "0")) {
            char *label = number_label(w->nb, num_id, lvl < 0 ? 0 : lvl);
            add_text(&p, label, 0, true, 0);
            free(label);
        }
    }
    walk_runs(w, &p, n, depth);
    push_para(w, &p, depth);
}

/* The text of a table cell's content into row p (its paragraphs apart by a space). */
static void cell_text(walker *w, wpara *p, const xmlNode *n, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is_w(c, "p")) {
            const xmlNode *ppr = child_w(c, "pPr");
            if (p->cells.n == 1 && !p->style && !p->center) { /* for a one-cell row */
                p->style = attr(child_w(ppr, "pStyle"), "val");
                const char *jc = attr(child_w(ppr, "jc"), "val");
                p->center =
                    jc ? !strcmp(jc, "center") : style_prop(w->st, p->style, PROP_CENTER) > 0;
            }
            if (p->text.n && p->text.s[p->text.n - 1] != ' ' &&
                p->text.n > (size_t)p->cells.v[p->cells.n - 1])
                pb_buf_add(&p->text, " ", 1);
            walk_runs(w, p, c, depth + 1);
        } else if (is_w(c, "tbl") || is_w(c, "tr") || is_w(c, "tc") || is_w(c, "sdt") ||
                   is_w(c, "sdtContent") || is_w(c, "customXml") || is_w(c, "ins")) {
            cell_text(w, p, c, depth + 1); /* a table in a cell: its text in order */
        }
    }
}

static void table_row(walker *w, const xmlNode *tr, int depth)
{
    wpara p = new_para("table");
    p.row = true;
    bool any = false;
    for (const xmlNode *c = tr->children; c; c = c->next) {
        const xmlNode *tc = c;
        if (is_w(c, "sdt"))
            tc = child_w(child_w(c, "sdtContent"), "tc");
        if (!is_w(tc, "tc"))
            continue;
        if (any)
            pb_buf_adds(&p.text, "\xE3\x80\x80"); /* U+3000 parts the cells */
        any = true;
        PB_PUSH(p.cells, (int)p.text.n);
        cell_text(w, &p, tc, depth + 1);
        while (p.text.n > (size_t)p.cells.v[p.cells.n - 1] && p.text.s[p.text.n - 1] == ' ')
            p.text.s[--p.text.n] = 0;
        if (p.text.n == (size_t)p.cells.v[p.cells.n - 1])
            pb_buf_adds(&p.text, "\xE2\x80\x94"); /* an empty cell keeps its place: — */
    }
    if (p.cells.n == 1) { /* a one-column table is a box around text (or a photo and its
                             caption), not a grid: its rows are paragraphs */
        p.row = false;
        if (p.text.n == 3 && !memcmp(p.text.s, "\xE2\x80\x94", 3))
            p.text.s[p.text.n = 0] = 0;
    } else {
        p.style = NULL;
        p.center = false;
    }
    if (any)
        push_para(w, &p, depth);
    else
        pb_buf_fini(&p.text);
}

/* Block-level content: paragraphs, tables and what wraps them. */
static void walk_blocks(walker *w, const xmlNode *n, const char *from, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is_w(c, "p")) {
            paragraph(w, c, from, depth);
        } else if (is_w(c, "tbl")) {
            for (const xmlNode *r = c->children; r; r = r->next) {
                if (is_w(r, "tr"))
                    table_row(w, r, depth + 1);
                else if (is_w(r, "sdt") || is_w(r, "customXml"))
                    for (const xmlNode *k = child_w(r, "sdtContent")
                                                ? child_w(r, "sdtContent")->children
                                                : r->children;
                         k; k = k->next)
                        if (is_w(k, "tr"))
                            table_row(w, k, depth + 1);
            }
        } else if (is_w(c, "sdt")) {
            const xmlNode *content = child_w(c, "sdtContent");
            if (content)
                walk_blocks(w, content, from, depth + 1);
        } else if (is_w(c, "customXml") || is_w(c, "ins") || is_w(c, "moveTo")) {
            walk_blocks(w, c, from, depth + 1);
        } else if (is_mc(c, "AlternateContent")) {
            for (const xmlNode *k = c->children; k; k = k->next)
                if (is_mc(k, "Choice")) {
                    walk_blocks(w, k, from, depth + 1);
                    break;
                }
        }
    }
}

static void wpara_fini(wpara *p)
{
    pb_buf_fini(&p->text);
    free(p->spans.v);
    free(p->photos.v);
    free(p->boxes.v);
    free(p->cells.v);
}

/* ---- the dropped parts ---- */

typedef struct {
    PB_VEC(pb_import_line) lines;
    int next_no;
    int notes; /* paragraphs of footnotes, endnotes and comments */
} dropped;

/* The paragraphs of a part that is not imported, listed as dropped. */
static void list_part(parts *p, const styles *st, const char *name, const char *what, pb_arena *a,
                      dropped *dr)
{
    xmlDoc *x = read_xml(p, name, false);
    if (!x)
        return;
    walker w = {.p = p, .st = st};
    xmlNode *root = xmlDocGetRootElement(x);
    bool direct = false; /* a header's paragraphs are the root's; a note's are in w:footnote… */
    for (xmlNode *c = root->children; c; c = c->next)
        direct = direct || is_w(c, "p") || is_w(c, "tbl") || is_w(c, "sdt");
    if (direct)
        walk_blocks(&w, root, what, 0);
    for (xmlNode *c = direct ? NULL : root->children; c; c = c->next) {
        const char *type = attr(c, "type"); /* footnote separators */
        if (!(type && (!strcmp(type, "separator") || !strcmp(type, "continuationSeparator") ||
                       !strcmp(type, "continuationNotice"))))
            walk_blocks(&w, c, what, 1);
    }
    for (size_t i = 0; i < w.paras.n; i++) {
        wpara *q = &w.paras.v[i];
        if (q->text.n) {
            char *why = pb_arena_strdup(a, name);
            PB_PUSH(dr->lines, ((pb_import_line){dr->next_no++, "dropped", why,
                                                 pb_arena_strndup(a, q->text.s, q->text.n)}));
            if (strcmp(what, "header") && strcmp(what, "footer"))
                dr->notes++;
        }
        wpara_fini(q);
    }
    free(w.paras.v);
    xmlFreeDoc(x);
}

static void list_dropped_parts(parts *p, const styles *st, pb_arena *a, dropped *dr)
{
    static const struct {
        const char *prefix, *what;
    } KINDS[] = {{"word/header", "header"},
                 {"word/footer", "footer"},
                 {"word/footnotes", "footnote"},
                 {"word/endnotes", "endnote"},
                 {"word/comments", "comment"}};
    zip_int64_t n = zip_get_num_entries(p->zip, 0);
    for (zip_int64_t i = 0; i < n && !pb_diags_failed(p->d); i++) {
        const char *name = zip_get_name(p->zip, (zip_uint64_t)i, 0);
        size_t len = name ? strlen(name) : 0;
        if (len < 5 || strcasecmp(name + len - 4, ".xml"))
            continue;
        for (size_t k = 0; k < sizeof KINDS / sizeof KINDS[0]; k++) {
            size_t pl = strlen(KINDS[k].prefix);
            if (!strncasecmp(name, KINDS[k].prefix, pl) && !strchr(name + pl, '/')) {
                char *copy = pb_xstrdup(name);
                list_part(p, st, copy, KINDS[k].what, a, dr);
                free(copy);
                break;
            }
        }
    }
}

/* ---- pass 3: roles ---- */

typedef struct {
    pb_doc *doc;
    pb_arena *a;
    pb_diags *d;
    parts *p;
    const styles *st;
    const rels *rl;
    wpara *P;
    int np;
    const char **role, **why; /* per paragraph, for the report */
    PB_VEC(pb_block) blocks;
    pb_docx_photos *photos;
    char *img_dir, *img_rel; /* BASE/STEM-img, STEM-img */
    int nfig;
} builder;

static int chars(const char *s, size_t n)
{
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* The outline level of a paragraph, 1-based; 0 for none. */
static int para_level(const builder *b, const wpara *p)
{
    if (p->row || p->from)
        return 0;
    int o = p->outline;
    if (o < 0) {
        const wstyle *s = find_style(b->st, p->style);
        if (s && s->kind == KIND_HEADING)
            return s->heading;
        o = style_prop(b->st, p->style, PROP_OUTLINE);
    }
    return o >= 0 && o < 9 ? o + 1 : 0;
}

static style_kind para_kind(const builder *b, const wpara *p)
{
    const wstyle *s = find_style(b->st, p->style);
    return s && !p->row ? s->kind : KIND_NONE;
}

/* A paragraph that reads as a photo's caption (after the photo). */
static bool caption_like(const builder *b, const wpara *p)
{
    if (p->row || !p->text.n || p->photos.n || chars(p->text.s, p->text.n) > CAPTION_CHARS)
        return false;
    if (para_kind(b, p) == KIND_CAPTION)
        return true;
    if (para_level(b, p))
        return false;
    static const char *const STARTS[] = {"(图",  "(圖",  "（图", "（圖", "图片", "圖片", "Fig",
                                         "上图", "下图", "上圖", "下圖", "△",    "▲"};
    for (size_t i = 0; i < sizeof STARTS / sizeof STARTS[0]; i++)
        if (!strncmp(p->text.s, STARTS[i], strlen(STARTS[i])))
            return true;
    /* 图 numbering a photo (图1, 图 2, 图：, 图一), not opening a word (图书馆) */
    if (!strncmp(p->text.s, "图", 3) || !strncmp(p->text.s, "圖", 3)) {
        int adv;
        uint32_t c = pb_utf8_decode(p->text.s + 3, p->text.n - 3, &adv);
        if ((c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19) || c == ' ' || c == ':' ||
            c == '.' || c == '-' || c == 0x3000 || c == 0xFF1A || c == 0x3001 || c == 0x2014 ||
            c == 0xFF0E)
            return true;
        static const char *const NUMS[] = {"一", "二", "三", "四", "五",
                                           "六", "七", "八", "九", "十"};
        for (size_t i = 0; i < sizeof NUMS / sizeof NUMS[0]; i++)
            if (!strncmp(p->text.s + 3, NUMS[i], 3))
                return true;
    }
    return p->center;
}

/* Punctuation, as CommonMark's rules for emphasis see it (near enough). */
static bool is_mark(uint32_t c)
{
    return (c < 0x80 && c > ' ' && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') &&
            !(c >= '0' && c <= '9')) ||
           (c >= 0xA1 && c <= 0xBF) || (c >= 0x2010 && c <= 0x205E) ||
           (c >= 0x3001 && c <= 0x303F) || (c >= 0xFE10 && c <= 0xFE6B) ||
           (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
           (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65);
}

/* p's text as a pb_text, normalized; plain drops its spans. */
static pb_text make_text(builder *b, const wpara *p, bool plain)
{
    pb_text t = {.s = p->text.s ? p->text.s : (char *)"", .len = (int)p->text.n};
    size_t n = p->text.n;
    while (n && t.s[n - 1] == ' ')
        n--;
    t.len = (int)n;
    PB_VEC(pb_span) sp = {0};
    for (size_t i = 0; !plain && i < p->spans.n; i++) {
        pb_span s = p->spans.v[i];
        if (s.start + s.len > t.len)
            s.len = t.len - s.start;
        /* a span's blanks and marks at either end are set plain: Markdown
         * would not read **“…”** between Han characters back as strong */
        for (int adv; s.len > 0; s.start += adv, s.len -= adv) {
            uint32_t c = pb_utf8_decode(t.s + s.start, (size_t)s.len, &adv);
            if (c != ' ' && !is_mark(c))
                break;
        }
        while (s.len > 0) {
            int k = s.len - 1;
            while (k > 0 && ((unsigned char)t.s[s.start + k] & 0xC0) == 0x80)
                k--;
            int adv;
            uint32_t c = pb_utf8_decode(t.s + s.start + k, (size_t)(s.len - k), &adv);
            if (c != ' ' && !is_mark(c))
                break;
            s.len = k;
        }
        if (s.len > 0)
            PB_PUSH(sp, s);
    }
    t.spans = sp.v;
    t.nspans = (int)sp.n;
    pb_text r = pb_normalize_text(&t, b->a);
    free(sp.v);
    return r;
}

/* A row's text: the header row's cells strong, as mdtable.c sets them. */
static pb_text row_text(builder *b, const wpara *p, bool header)
{
    if (!header)
        return make_text(b, p, false);
    pb_text t = {.s = p->text.s, .len = (int)p->text.n};
    PB_VEC(pb_span) sp = {0};
    for (size_t i = 0; i < p->cells.n; i++) {
        int start = p->cells.v[i];
        int end = i + 1 < p->cells.n ? p->cells.v[i + 1] - 3 : (int)p->text.n;
        if (end - start == 3 && !memcmp(p->text.s + start, "\xE2\x80\x94", 3))
            continue; /* an empty cell's dash */
        PB_PUSH(sp, ((pb_span){start, end - start, PB_SPAN_STRONG}));
    }
    t.spans = sp.v;
    t.nspans = (int)sp.n;
    pb_text r = pb_normalize_text(&t, b->a);
    free(sp.v);
    return r;
}

static const char *ext_of(pb_image_type t)
{
    return t == PB_IMAGE_PNG    ? "png"
           : t == PB_IMAGE_WEBP ? "webp"
           : t == PB_IMAGE_SVG  ? "svg"
                                : "jpg";
}

/* A figure for photo r of paragraph i, or false (the photo listed as dropped). */
static bool add_figure(builder *b, int i, const photo_ref *r)
{
    const rel *l = find_rel(b->rl, r->rid);
    if (!l || l->external) {
        b->why[i] = pb_arena_strdup(b->a, l ? "a linked photo, not in the file"
                                            : "a photo not in the file");
        pb_warn(b->d, b->doc->path, i + 1, "paragraph %d: %s: dropped", i + 1, b->why[i]);
        return false;
    }
    char *name = part_name(l->target);
    size_t len;
    char *bytes = read_part(b->p, name, false, &len);
    if (!bytes) {
        if (!pb_diags_failed(b->d)) { /* missing, not damaged: the text goes on */
            b->why[i] = pb_arena_strdup(b->a, name);
            pb_warn(b->d, b->doc->path, i + 1,
                    "paragraph %d: the photo %s is not in the file: dropped", i + 1, name);
        }
        free(name);
        return false;
    }
    char *label = pb_strdupf("%s:%s", b->doc->path, name);
    pb_image_info info;
    bool ok = pb_image_probe_mem(label, bytes, len, &info, b->d);
    free(label);
    if (!ok) {
        b->why[i] = pb_arena_strdup(b->a, name);
        free(name);
        free(bytes);
        return false;
    }
    b->nfig++;
    char *src = pb_strdupf("%s/%d.%s", b->img_rel, b->nfig, ext_of(info.type));
    char *path = pb_path_join(b->doc->dir, src);
    pb_block f = {.kind = PB_BLOCK_FIGURE, .line = i + 1, .focus_x = 0.5, .focus_y = 0.5};
    f.src = pb_arena_strdup(b->a, src);
    f.path = pb_arena_strdup(b->a, path);
    f.text.s = pb_arena_strdup(b->a, "");
    PB_PUSH(b->blocks, f);
    char *why = pb_strdupf("%s as %s", name, src);
    b->why[i] = pb_arena_strdup(b->a, why);
    free(why);
    if (b->photos) {
        b->photos->v = pb_xrealloc(b->photos->v, (size_t)(b->photos->n + 1) * sizeof *b->photos->v);
        b->photos->v[b->photos->n++] = (pb_docx_photo){path, (unsigned char *)bytes, len};
    } else {
        free(path);
        free(bytes);
    }
    free(src);
    free(name);
    return true;
}

static void body_para(builder *b, int i, pb_block_kind kind, int level, bool plain)
{
    const wpara *p = &b->P[i];
    pb_block blk = {.kind = kind, .line = i + 1, .level = level};
    if (p->row) {
        bool header = i == 0 || !b->P[i - 1].row;
        blk.variant = PB_PARA_ROW;
        blk.level = header;
        blk.text = row_text(b, p, header);
    } else {
        blk.text = make_text(b, p, plain);
    }
    if (blk.text.len)
        PB_PUSH(b->blocks, blk);
}

typedef struct {
    int para, raw; /* a head: its paragraph and outline level (1-based) */
    size_t block;
} head_ref;

static void roles(builder *b)
{
    pb_meta *m = &b->doc->meta;
    int title = -1, first = -1;
    for (int i = 0; i < b->np; i++) {
        if (!b->P[i].text.n && !b->P[i].photos.n)
            continue;
        if (first < 0)
            first = i;
        if (para_kind(b, &b->P[i]) == KIND_TITLE && b->P[i].text.n && !b->P[i].from) {
            title = i;
            break;
        }
    }
    if (title < 0 && first >= 0) {
        const wpara *p = &b->P[first];
        int ones = 0;
        for (int i = 0; i < b->np; i++)
            ones += b->P[i].text.n && para_level(b, &b->P[i]) == 1;
        bool large = p->max_size * 4 >= b->st->default_size * 5 && p->max_size >= 28;
        if (!p->photos.n && !p->row && !p->from && p->text.n &&
            chars(p->text.s, p->text.n) <= TITLE_CHARS &&
            ((p->all_bold && large) || (para_level(b, p) == 1 && ones == 1)))
            title = first;
    }
    int subtitle = -1;
    if (title >= 0) {
        m->title = make_text(b, &b->P[title], true).s;
        b->role[title] = "title";
        int k = title + 1;
        while (k < b->np && !b->P[k].text.n && !b->P[k].photos.n)
            k++;
        if (k < b->np && para_kind(b, &b->P[k]) == KIND_SUBTITLE && b->P[k].text.n) {
            subtitle = k;
            m->subtitle = make_text(b, &b->P[k], true).s;
            b->role[k] = "subtitle";
        }
    }
    PB_VEC(head_ref) heads = {0};
    PB_VEC(int) waiting = {0}; /* figure blocks still without a caption, in order */
    for (int i = 0; i < b->np; i++) {
        const wpara *p = &b->P[i];
        if (i == title || i == subtitle)
            continue;
        bool has_text = p->text.n > 0;
        if (!has_text && !p->photos.n) {
            b->role[i] = "blank";
            continue;
        }
        if (waiting.n && !p->photos.n && caption_like(b, p)) {
            pb_block *f = &b->blocks.v[waiting.v[0]];
            f->text = make_text(b, p, true);
            b->role[i] = "caption";
            b->why[i] = para_kind(b, p) == KIND_CAPTION ? "Caption style"
                        : p->center                     ? "centred after a photo"
                                                        : "after a photo";
            memmove(waiting.v, waiting.v + 1, (waiting.n - 1) * sizeof *waiting.v);
            waiting.n--;
            continue;
        }
        waiting.n = 0;
        int level = para_level(b, p);
        if (p->photos.n && (p->photos_first || !has_text)) {
            int got = 0;
            for (size_t k = 0; k < p->photos.n; k++) {
                size_t at = b->blocks.n;
                if (add_figure(b, i, &p->photos.v[k])) {
                    PB_PUSH(waiting, (int)at);
                    got++;
                }
            }
            b->role[i] = got ? "figure" : "dropped";
            if (!has_text)
                continue;
            wpara text_only = *p;
            text_only.photos.n = 0;
            if (got && caption_like(b, &text_only)) { /* the photo and its caption in one */
                b->blocks.v[waiting.v[waiting.n - 1]].text = make_text(b, p, true);
                b->role[i] = "figure+caption";
                waiting.n = 0;
                continue;
            }
        }
        if (level && has_text) {
            PB_PUSH(heads, ((head_ref){i, level, b->blocks.n}));
            body_para(b, i, PB_BLOCK_HEAD, 2, true);
            b->role[i] = b->role[i] ? "figure+head" : "head";
        } else if (has_text) {
            body_para(b, i, PB_BLOCK_PARA, 0, false);
            b->role[i] = b->role[i] ? "figure+body" : p->row ? "row" : "body";
            if (p->from && !b->why[i])
                b->why[i] = p->from;
        }
        if (p->photos.n && !p->photos_first && has_text) {
            int got = 0;
            for (size_t k = 0; k < p->photos.n; k++) {
                size_t at = b->blocks.n;
                if (add_figure(b, i, &p->photos.v[k])) {
                    PB_PUSH(waiting, (int)at);
                    got++;
                }
            }
            if (got)
                b->role[i] = level ? "head+figure" : "body+figure";
        }
    }
    /* head levels: the outline levels used, ranked: ##, ###, then #### */
    bool used[10] = {0};
    for (size_t i = 0; i < heads.n; i++)
        used[heads.v[i].raw] = true;
    int rank[10] = {0}, next = 2;
    for (int l = 1; l < 10; l++)
        if (used[l])
            rank[l] = next < 4 ? next++ : 4;
    for (size_t i = 0; i < heads.n; i++) {
        if (heads.v[i].block < b->blocks.n && b->blocks.v[heads.v[i].block].kind == PB_BLOCK_HEAD)
            b->blocks.v[heads.v[i].block].level = rank[heads.v[i].raw];
        char *why =
            pb_strdupf("outline level %d: %.*s", heads.v[i].raw, rank[heads.v[i].raw], "####");
        b->why[heads.v[i].para] = pb_arena_strdup(b->a, why);
        free(why);
    }
    free(heads.v);
    free(waiting.v);
}

/* ---- entry points ---- */

bool pb_docx_is_named(const char *path)
{
    size_t n = strlen(path);
    return n > 5 && !strcasecmp(path + n - 5, ".docx");
}

void pb_docx_photos_free(pb_docx_photos *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->n; i++) {
        free(p->v[i].path);
        free(p->v[i].data);
    }
    free(p->v);
    free(p->dir);
    *p = (pb_docx_photos){0};
}

static void fill_report(builder *b, const dropped *dr, pb_import_report *rep)
{
    size_t n = (size_t)b->np + dr->lines.n;
    rep->lines = PB_NEWN(b->a, pb_import_line, n + 1);
    rep->nlines = (int)n;
    for (int i = 0; i < b->np; i++) {
        const wpara *p = &b->P[i];
        const char *role = b->role[i] ? b->role[i] : "body";
        rep->lines[i] = (pb_import_line){
            i + 1, role, b->why[i], pb_arena_strndup(b->a, p->text.s ? p->text.s : "", p->text.n)};
    }
    if (dr->lines.n)
        memcpy(rep->lines + b->np, dr->lines.v, dr->lines.n * sizeof *dr->lines.v);
    rep->nfigures = b->nfig;
    rep->nimages = b->nfig;
}

pb_doc *pb_docx_parse(const char *buf, size_t len, const char *path, const pb_import_settings *s,
                      pb_import_report *rep, pb_docx_photos *photos, pb_diags *d)
{
    if (!path)
        path = "-";
    if (photos)
        *photos = (pb_docx_photos){0};
    pb_import_report local;
    if (!rep)
        rep = &local;
    *rep = (pb_import_report){.encoding = "Word document"};
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
    if (!z) {
        int code = zip_error_code_zip(&ze);
        if (code == ZIP_ER_NOZIP || code == ZIP_ER_OPEN)
            pb_error(d, path, 0, "not a Word file (.docx): not a zip archive, or one cut short");
        else
            pb_error(d, path, 0, "not a Word file (.docx): a damaged zip archive (%s)",
                     zip_error_strerror(&ze));
        if (src)
            zip_source_free(src);
        zip_error_fini(&ze);
        return NULL;
    }
    zip_error_fini(&ze);
    parts p = {.path = path, .zip = z, .limit = pb_limit_input_bytes(), .d = d};
    xmlDoc *docx = read_xml(&p, "word/document.xml", true);
    xmlDoc *stx = docx ? read_xml(&p, "word/styles.xml", false) : NULL;
    xmlDoc *rlx =
        docx && !pb_diags_failed(d) ? read_xml(&p, "word/_rels/document.xml.rels", false) : NULL;
    xmlDoc *nbx = docx && !pb_diags_failed(d) ? read_xml(&p, "word/numbering.xml", false) : NULL;
    xmlNode *body = docx ? child_w(xmlDocGetRootElement(docx), "body") : NULL;
    if (docx && !body && !pb_diags_failed(d))
        pb_error(d, path, 0, "not a Word document: word/document.xml has no w:body");
    if (!body || pb_diags_failed(d)) {
        xmlFreeDoc(docx);
        xmlFreeDoc(stx);
        xmlFreeDoc(rlx);
        xmlFreeDoc(nbx);
        zip_close(z);
        return NULL;
    }
    styles st = {0};
    read_styles(stx, &st);
    rels rl = {0};
    read_rels(rlx, &rl);
    numbering nb = {0};
    read_numbering(nbx, &nb);
    walker w = {.p = &p, .st = &st, .nb = &nb};
    walk_blocks(&w, body, NULL, 0);

    pb_arena *a = pb_arena_new();
    pb_doc *doc = PB_NEW(a, pb_doc);
    doc->arena = a;
    doc->path = pb_arena_strdup(a, path);
    char *dir = s && s->base_dir ? pb_xstrdup(s->base_dir) : pb_path_dir(path);
    doc->dir = pb_arena_strdup(a, dir);
    char *stem = pb_path_stem(path);
    builder b = {.doc = doc,
                 .a = a,
                 .d = d,
                 .p = &p,
                 .st = &st,
                 .rl = &rl,
                 .P = w.paras.v,
                 .np = (int)w.paras.n,
                 .photos = photos};
    b.img_rel = pb_strdupf("%s-img", stem);
    b.img_dir = pb_path_join(dir, b.img_rel);
    b.role = PB_NEWN(a, const char *, b.np + 1);
    b.why = PB_NEWN(a, const char *, b.np + 1);
    memset(b.role, 0, sizeof *b.role * (size_t)(b.np + 1));
    memset(b.why, 0, sizeof *b.why * (size_t)(b.np + 1));
    roles(&b);
    dropped dr = {.next_no = b.np + 1};
    if (!pb_diags_failed(d))
        list_dropped_parts(&p, &st, a, &dr);
    if (dr.notes)
        pb_warn(d, path, 0,
                "%d paragraph%s of footnotes, endnotes or comments not imported (--explain lists "
                "them)",
                dr.notes, dr.notes > 1 ? "s" : "");

    pb_buf all = {0};
    for (int i = 0; i < b.np; i++)
        pb_buf_add(&all, w.paras.v[i].text.s ? w.paras.v[i].text.s : "", w.paras.v[i].text.n);
    doc->meta.lang = pb_arena_strdup(a, pb_importrules_lang(all.s ? all.s : "", all.n));
    pb_buf_fini(&all);
    doc->meta.credits = PB_NEWN(a, char *, 1);
    doc->meta.credits[0] = NULL;
    doc->nblocks = (int)b.blocks.n;
    doc->blocks = PB_NEWN(a, pb_block, b.blocks.n + 1);
    if (b.blocks.n)
        memcpy(doc->blocks, b.blocks.v, b.blocks.n * sizeof *b.blocks.v);
    fill_report(&b, &dr, rep);
    if (photos) {
        photos->dir = b.img_dir;
        b.img_dir = NULL;
    }
    bool ok = !pb_diags_failed(d);
    if (ok && !doc->nblocks)
        pb_warn(d, path, 0, "no body text was found in the document");

    for (size_t i = 0; i < w.paras.n; i++)
        wpara_fini(&w.paras.v[i]);
    free(w.paras.v);
    free(b.blocks.v);
    free(b.img_rel);
    free(b.img_dir);
    free(dr.lines.v);
    free(stem);
    free(dir);
    free(st.v.v);
    free(rl.v);
    xmlFreeDoc(docx);
    xmlFreeDoc(stx);
    xmlFreeDoc(rlx);
    xmlFreeDoc(nbx);
    free(nb.abs.v);
    free(nb.nums.v);
    zip_close(z);
    if (!ok) {
        pb_docx_photos_free(photos);
        pb_doc_free(doc);
        return NULL;
    }
    return doc;
}

pb_doc *pb_docx_load(const char *path, const pb_import_settings *s, pb_import_report *rep,
                     pb_docx_photos *photos, pb_diags *d)
{
    if (photos)
        *photos = (pb_docx_photos){0};
    size_t len;
    char *buf = pb_limit_read_input(path, &len, d);
    if (!buf)
        return NULL;
    pb_doc *doc = pb_docx_parse(buf, len, path, s, rep, photos, d);
    free(buf);
    return doc;
}

bool pb_docx_photos_stage(pb_docx_photos *p, pb_diags *d)
{
    if (!p->n)
        return true;
    if (mkdir(p->dir, 0777) == 0) {
        p->made_dir = true;
    } else if (errno != EEXIST) {
        pb_error(d, p->dir, 0, "cannot create the photos folder: %s", strerror(errno));
        return false;
    }
    for (int i = 0; i < p->n; i++)
        if (!pb_outfile_stage(p->v[i].path, p->v[i].data, p->v[i].len, d))
            return false;
    return true;
}

void pb_docx_photos_remove(pb_docx_photos *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->n; i++)
        unlink(p->v[i].path);
    pb_docx_photos_discard(p);
}

void pb_docx_photos_discard(pb_docx_photos *p)
{
    if (p && p->made_dir && p->dir)
        rmdir(p->dir);
    if (p)
        p->made_dir = false;
}
