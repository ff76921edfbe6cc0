/* docx: a Word file → pb_doc.
 *
 * Three passes:
 *
 * 1. Parts. The zip is opened from memory with libzip; each part read is
 *    capped (pb_limit_input_bytes() each, four times that together: a zip
 *    bomb stops at the cap, whatever sizes its directory claims) and checked
 *    by libzip (CRC). XML is parsed by libxml2 without network access or
 *    entity substitution; a part with a DOCTYPE is refused (Word writes none).
 * 2. Paragraphs (docxwalk.c; styles and list numbers: docxstyle.c). The
 *    body of word/document.xml is walked in document order into a flat
 *    list: each w:p with its text, its bold and italic runs, its style, its
 *    list number and the photos it holds (resolved here through
 *    document.xml.rels); a table row is one entry, set as mdtable.c sets a
 *    Markdown table's; a text box's paragraphs follow the one holding it.
 * 3. Roles. The title: the Title style, else the first paragraph when it is
 *    large and bold (or the only Heading 1); a Subtitle right after it is the
 *    subtitle. Heads: a heading style or an outline level; their levels are
 *    ranked as used, the highest ##, the next ###, any lower ####. Figures:
 *    each photo in document order; the paragraphs right after a paragraph of
 *    photos that read as captions (the Caption style; a short paragraph
 *    starting 图1, 图一, (图, 图片, Fig; a short centred one) are their
 *    captions in order. Everything else is body text. Punctuation is normalized
 *    (normalize.c) as for pasted text.
 *
 * Never lost silently: the paragraphs of headers, footers, footnotes,
 * endnotes and comments, photos that are linked rather than embedded or in a
 * format the renderer cannot use, are listed as dropped in the report
 * (--explain); footnotes, endnotes and comments also give a warning. */
#include "docx.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/limit.h"
#include "../base/outfile.h"
#include "docxpriv.h"
#include "image.h"
#include "importrules.h"
#include "normalize.h"

enum {
    TOTAL_PARTS = 4,     /* all parts read together: this many times the input limit */
    TITLE_CHARS = 100,   /* a longer first paragraph is no title */
    CAPTION_CHARS = 120, /* a longer paragraph is no caption */
};

/* ---- pass 1: parts ---- */

/* The bytes of part name (NUL-terminated), or NULL: when missing (no error
 * unless required) or unreadable (an error). */
char *pb_docx_read_part(pb_dxparts *p, const char *name, bool required, size_t *len)
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
/* The first error libxml2 reports while parsing a part. */
typedef struct {
    char msg[160];
    int line;
    bool got;
} first_error;

static void keep_first(void *ctx, xmlErrorPtr e)
{
    first_error *f = ctx;
    if (f->got || !e || e->level < XML_ERR_ERROR)
        return;
    snprintf(f->msg, sizeof f->msg, "%s", e->message ? e->message : "not XML");
    size_t n = strlen(f->msg);
    while (n && (f->msg[n - 1] == '\n' || f->msg[n - 1] == ' '))
        f->msg[--n] = 0;
    f->line = e->line;
    f->got = true;
}

xmlDoc *pb_docx_read_xml(pb_dxparts *p, const char *name, bool required)
{
    size_t len;
    char *buf = pb_docx_read_part(p, name, required, &len);
    if (!buf)
        return NULL;
    /* every error to keep_first: libxml2 would print those it raises
     * outside the parser (a declared encoding the bytes are not in) */
    first_error fe = {.got = false};
    xmlStructuredErrorFunc old = xmlStructuredError;
    void *old_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(&fe, keep_first);
    xmlDoc *x = xmlReadMemory(buf, (int)len, name, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSetStructuredErrorFunc(old_ctx, old);
    free(buf);
    if (!x) {
        if (fe.line > 0)
            pb_error(p->d, p->path, 0, "%s, line %d: broken XML: %s", name, fe.line,
                     fe.got ? fe.msg : "not XML");
        else
            pb_error(p->d, p->path, 0, "%s: broken XML: %s", name, fe.got ? fe.msg : "not XML");
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

/* ---- pass 3: roles ---- */

typedef struct {
    pb_doc *doc;
    pb_arena *a;
    pb_diags *d;
    pb_dxparts *p;
    const pb_dxstyles *st;
    const rels *rl;
    pb_dxpara *P;
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
static int para_level(const builder *b, const pb_dxpara *p)
{
    if (p->row || p->from)
        return 0;
    int o = p->outline;
    if (o < 0) {
        const pb_dxstyle *s = pb_docx_find_style(b->st, p->style);
        if (s && s->kind == PB_DXKIND_HEADING)
            return s->heading;
        o = pb_docx_style_prop(b->st, p->style, PB_DXPROP_OUTLINE);
    }
    return o >= 0 && o < 9 ? o + 1 : 0;
}

static pb_dxkind para_kind(const builder *b, const pb_dxpara *p)
{
    const pb_dxstyle *s = pb_docx_find_style(b->st, p->style);
    return s && !p->row ? s->kind : PB_DXKIND_NONE;
}

/* A paragraph that reads as a photo's caption (after the photo). */
static bool caption_like(const builder *b, const pb_dxpara *p)
{
    if (p->row || !p->text.n || p->photos.n || chars(p->text.s, p->text.n) > CAPTION_CHARS)
        return false;
    if (para_kind(b, p) == PB_DXKIND_CAPTION)
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
static pb_text make_text(builder *b, const pb_dxpara *p, bool plain)
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
static pb_text row_text(builder *b, const pb_dxpara *p, bool header)
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
static bool add_figure(builder *b, int i, const pb_dxphoto *r)
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
    char *bytes = pb_docx_read_part(b->p, name, false, &len);
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
    const pb_dxpara *p = &b->P[i];
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
        if (para_kind(b, &b->P[i]) == PB_DXKIND_TITLE && b->P[i].text.n && !b->P[i].from) {
            title = i;
            break;
        }
    }
    if (title < 0 && first >= 0) {
        const pb_dxpara *p = &b->P[first];
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
        if (k < b->np && para_kind(b, &b->P[k]) == PB_DXKIND_SUBTITLE && b->P[k].text.n) {
            subtitle = k;
            m->subtitle = make_text(b, &b->P[k], true).s;
            b->role[k] = "subtitle";
        }
    }
    PB_VEC(head_ref) heads = {0};
    PB_VEC(int) waiting = {0}; /* figure blocks still without a caption, in order */
    for (int i = 0; i < b->np; i++) {
        const pb_dxpara *p = &b->P[i];
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
            b->why[i] = para_kind(b, p) == PB_DXKIND_CAPTION ? "Caption style"
                        : p->center                          ? "centred after a photo"
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
            pb_dxpara text_only = *p;
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

static void fill_report(builder *b, const pb_dxdropped *dr, pb_import_report *rep)
{
    size_t n = (size_t)b->np + dr->lines.n;
    rep->lines = PB_NEWN(b->a, pb_import_line, n + 1);
    rep->nlines = (int)n;
    for (int i = 0; i < b->np; i++) {
        const pb_dxpara *p = &b->P[i];
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
    pb_dxparts p = {.path = path, .zip = z, .limit = pb_limit_input_bytes(), .d = d};
    xmlDoc *docx = pb_docx_read_xml(&p, "word/document.xml", true);
    xmlDoc *stx = docx ? pb_docx_read_xml(&p, "word/styles.xml", false) : NULL;
    xmlDoc *rlx = docx && !pb_diags_failed(d)
                      ? pb_docx_read_xml(&p, "word/_rels/document.xml.rels", false)
                      : NULL;
    xmlDoc *nbx =
        docx && !pb_diags_failed(d) ? pb_docx_read_xml(&p, "word/numbering.xml", false) : NULL;
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
    pb_dxstyles st = {0};
    pb_docx_read_styles(stx, &st);
    rels rl = {0};
    read_rels(rlx, &rl);
    pb_dxnumbering nb = {0};
    pb_docx_read_numbering(nbx, &nb);
    pb_dxwalker w = {.p = &p, .st = &st, .nb = &nb};
    pb_docx_walk_blocks(&w, body, NULL, 0);

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
    pb_dxdropped dr = {.next_no = b.np + 1};
    if (!pb_diags_failed(d))
        pb_docx_list_dropped(&p, &st, a, &dr);
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
        pb_docx_para_fini(&w.paras.v[i]);
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
