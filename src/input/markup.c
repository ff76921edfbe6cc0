/* markup: the Markdown body of an article → the blocks of pb_doc (libcmark).
 *
 * cmark parses CommonMark into a node tree; we walk it once with cmark's
 * enter/exit iterator, never recursing, so even 10,000 nested block quotes
 * cost only time, not stack. A newspaper article has few shapes: paragraphs,
 * section heads, the editor's note (a block quote; quotes nested in it are
 * flattened into the same note), figures (images alone in their paragraph)
 * and section breaks. What has no place in print becomes paragraphs (list
 * items with a "1. " or "• " prefix, code) or is dropped with a warning
 * (HTML; comments are dropped quietly): nothing disappears silently.
 *
 * Two GFM constructs cmark does not know are handled here. Footnotes: the
 * definitions ([^label]: text, with indented or lazy continuation lines) are
 * taken out of the body before cmark sees it (their lines emptied, so line
 * numbers stay true), each reference [^label] in the text becomes "[1]" (a
 * PB_SPAN_NOTEREF span, numbered in the order of first reference), and the
 * notes are set at the article's end under a title, each "[1] text" (blocks
 * PB_PARA_FOOTNOTE). A table (a header row and a delimiter row |---|:--:|,
 * one paragraph for cmark) is set as text: one block per row (PB_PARA_ROW),
 * its cells, each parsed for inline markup, apart by a full-width space, the
 * header row in bold, with a warning.
 *
 * Inline content is flattened to plain text plus styled spans, then its white
 * space settled. Markdown written in Chinese is often hard-wrapped (DESIGN.md,
 * Traps), so a line break (soft or hard) joins its two lines with nothing when
 * either side is CJK, and with one space only between two non-CJK
 * characters. CJK–Latin joins with nothing too: the typesetter adds its own
 * Han–Latin spacing. The quotes “”‘’, … and — are used by both scripts: they
 * take the side of the nearest other character (CJK when there is none). */
#include <cmark.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/cjkchar.h"
#include "../base/util.h"
#include "doc.h"

/* ---- which side of a line break is CJK ---- */

typedef enum { SIDE_OTHER, SIDE_CJK, SIDE_EITHER } side;

static side side_of(uint32_t c)
{
    if (c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D || c == 0x2026 || c == 0x2014)
        return SIDE_EITHER;
    if (pb_cjk_is_text(c))
        return SIDE_CJK;
    return SIDE_OTHER;
}

/* How far to look past ambiguous marks: a long run of them (hostile input
 * such as "……" on 100,000 lines) must not make settling quadratic. */
enum { MAX_AMBIGUOUS = 8 };

/* The side of the text that ends at s + n, looking back past ambiguous marks. */
static side side_before(const char *s, size_t n)
{
    for (int k = 0; n > 0 && k <= MAX_AMBIGUOUS; k++) {
        size_t i = n - 1;
        while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
            i--;
        int adv;
        side k = side_of(pb_utf8_decode(s + i, n - i, &adv));
        if (k != SIDE_EITHER)
            return k;
        n = i;
    }
    return SIDE_CJK;
}

/* The side of the text that starts at s, looking ahead past ambiguous marks. */
static side side_after(const char *s, size_t n)
{
    for (int k = 0; n > 0 && k <= MAX_AMBIGUOUS; k++) {
        int adv;
        side k = side_of(pb_utf8_decode(s, n, &adv));
        if (k != SIDE_EITHER)
            return k;
        s += adv;
        n -= (size_t)adv;
    }
    return SIDE_CJK;
}

static bool has_cjk(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        int adv;
        if (side_of(pb_utf8_decode(s + i, n - i, &adv)) == SIDE_CJK)
            return true;
        i += (size_t)adv;
    }
    return false;
}

/* ---- flattened inline text ---- */

typedef struct {
    pb_buf buf; /* '\n' marks a line break, settled later */
    PB_VEC(pb_span) spans;
} flat;

static void flat_add(flat *f, const char *s, size_t n, unsigned flags)
{
    if (!n)
        return;
    int at = (int)f->buf.n;
    pb_buf_add(&f->buf, s, n);
    if (!flags)
        return;
    pb_span *last = f->spans.n ? &f->spans.v[f->spans.n - 1] : NULL;
    if (last && last->flags == flags && last->start + last->len == at)
        last->len += (int)n;
    else
        PB_PUSH(f->spans, ((pb_span){at, (int)n, flags}));
}

static void flat_fini(flat *f)
{
    pb_buf_fini(&f->buf);
    free(f->spans.v);
}

/* The span of f at or after byte i (k: a cursor moving forward), or NULL. */
static const pb_span *span_from(const flat *f, size_t i, size_t *k)
{
    while (*k < f->spans.n && (size_t)(f->spans.v[*k].start + f->spans.v[*k].len) <= i)
        (*k)++;
    return *k < f->spans.n ? &f->spans.v[*k] : NULL;
}

/* Copy f's bytes [a, b) with their flags to g. */
static void flat_copy(flat *g, const flat *f, size_t a, size_t b, size_t *k)
{
    while (a < b) {
        const pb_span *sp = span_from(f, a, k);
        size_t stop = b;
        unsigned flags = 0;
        if (sp && (size_t)sp->start <= a) {
            flags = sp->flags;
            if ((size_t)(sp->start + sp->len) < b)
                stop = (size_t)(sp->start + sp->len);
        } else if (sp && (size_t)sp->start < b) {
            stop = (size_t)sp->start;
        }
        flat_add(g, f->buf.s + a, stop - a, flags);
        a = stop;
    }
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

static bool is_idspace(const char *s, size_t n) { return n >= 3 && !memcmp(s, "\xE3\x80\x80", 3); }

/* [lo, hi): s without white space (ASCII and U+3000) at either end. */
static void trim(const char *s, size_t n, size_t *lo, size_t *hi)
{
    size_t a = 0, b = n;
    while (a < b && (is_space(s[a]) || is_idspace(s + a, b - a)))
        a += is_space(s[a]) ? 1 : 3;
    while (a < b && (is_space(s[b - 1]) || (b - a >= 3 && is_idspace(s + b - 3, 3))))
        b -= is_space(s[b - 1]) ? 1 : 3;
    *lo = a;
    *hi = b;
}

/* Span boundaries (input offsets, non-decreasing since spans are in order and
 * do not overlap) and the output offsets they move to while settling. */
typedef struct {
    const int *at;
    int *to;
    size_t n, k;
} offmap;

/* Every boundary at or before input offset i moves to output offset out. */
static void offmap_to(offmap *m, size_t i, size_t out)
{
    while (m->k < m->n && (size_t)m->at[m->k] <= i)
        m->to[m->k++] = (int)out;
}

/* Whether byte i is in a code span of spans[0, n); k is a cursor, i never decreases. */
static bool in_code(const pb_span *spans, size_t n, size_t *k, size_t i)
{
    while (*k < n && (size_t)(spans[*k].start + spans[*k].len) <= i)
        (*k)++;
    return *k < n && (size_t)spans[*k].start <= i && (spans[*k].flags & PB_SPAN_CODE);
}

/* Settle white space of s[lo, hi) into out: a run of spaces and tabs becomes
 * one space; a run holding a line break becomes one space or nothing (see the
 * top of the file). Inside the code spans among spans[0, n) (in order), white
 * space is kept as written: code is verbatim. */
static void settle(const char *s, size_t lo, size_t hi, pb_buf *out, offmap *m,
                   const pb_span *spans, size_t n)
{
    size_t k = 0;
    for (size_t i = lo; i < hi;) {
        offmap_to(m, i, out->n);
        if (!is_space(s[i]) || in_code(spans, n, &k, i)) {
            pb_buf_add(out, s + i++, 1);
            continue;
        }
        size_t j = i;
        bool brk = false;
        for (; j < hi && is_space(s[j]) && !in_code(spans, n, &k, j); j++)
            brk |= s[j] == '\n';
        offmap_to(m, j - 1, out->n);
        bool join = brk && (side_before(out->s, out->n) == SIDE_CJK ||
                            side_after(s + j, hi - j) == SIDE_CJK);
        if (!join)
            pb_buf_add(out, " ", 1);
        i = j;
    }
}

/* ---- the walk ---- */

typedef struct {
    bool ordered, paren;
    int next;
} list_state;

/* A footnote definition. */
typedef struct {
    char *label;
    pb_buf text;  /* its Markdown, one line per file line from `line` on */
    int line;     /* file line of the definition */
    int number;   /* 0 until referenced (or set at the end unreferenced) */
    int first;    /* index of the first definition of the same label (itself if none) */
} footnote;

typedef PB_VEC(size_t) offsets;

typedef struct {
    const char *label;
    int note; /* index into the notes */
} labelled;

typedef struct {
    pb_doc *doc;
    pb_diags *d;
    int first_line;
    const char *md;
    size_t len;
    offsets lines;          /* offset of each line of md; built when first needed */
    PB_VEC(pb_block) top;   /* the document's blocks */
    PB_VEC(pb_block) kids;  /* the paragraphs of the open note */
    pb_block note;          /* the open note: the outermost block quote */
    int note_depth;         /* block quotes open around the current node */
    PB_VEC(list_state) lists;
    char prefix[24];        /* list item marker for the item's first paragraph */
    PB_VEC(footnote) notes; /* in definition order */
    PB_VEC(labelled) by_label; /* the notes sorted by label, then definition order */
    PB_VEC(int) order;      /* indices into notes by number */
    size_t notes_set;       /* how many of order are set */
    char note_prefix[24];   /* "[1] " for a footnote's first paragraph */
    bool in_notes;          /* walking a footnote's text: no note box, no heads */
    bool code_block;        /* finishing a code block: its white space settles like text */
    bool ok;
} walker;

static int node_line(const walker *w, cmark_node *n)
{
    int l = cmark_node_get_start_line(n);
    return l > 0 ? l + w->first_line - 1 : 0;
}

#define WARN(w, line, ...) pb_warn((w)->d, (w)->doc->path, (line), __VA_ARGS__)
#define ERROR(w, line, ...) (pb_error((w)->d, (w)->doc->path, (line), __VA_ARGS__), (w)->ok = false)

/* The first line of s, at most about 60 bytes, cut at a character boundary. */
static char *snippet(const char *s)
{
    size_t n = strcspn(s, "\n");
    if (n > 60) {
        n = 60;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    return pb_xstrndup(s, n);
}

static bool is_comment(const char *html) { return !strncmp(html, "<!--", 4); }

static void inline_html(walker *w, cmark_node *n, int line, bool *warned)
{
    const char *lit = cmark_node_get_literal(n);
    if (*warned || is_comment(lit))
        return;
    char *s = snippet(lit);
    WARN(w, node_line(w, n) ? node_line(w, n) : line, "inline HTML dropped: %s", s);
    free(s);
    *warned = true;
}

/* Flatten the inline content under root into f. base: flags for all of it. */
static void flatten(walker *w, cmark_node *root, unsigned base, bool warn_images, int line, flat *f)
{
    int strong = 0, emph = 0;
    bool html_warned = false;
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        int step = ev == CMARK_EVENT_ENTER ? 1 : -1;
        unsigned flags = base | (strong ? PB_SPAN_STRONG : 0) | (emph ? PB_SPAN_EMPH : 0);
        const char *lit = cmark_node_get_literal(n);
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
            flat_add(f, lit, strlen(lit), flags);
            break;
        case CMARK_NODE_CODE:
            flat_add(f, lit, strlen(lit), flags | PB_SPAN_CODE);
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            flat_add(f, "\n", 1, flags);
            break;
        case CMARK_NODE_STRONG:
            strong += step;
            break;
        case CMARK_NODE_EMPH:
            emph += step;
            break;
        case CMARK_NODE_IMAGE:
            if (ev == CMARK_EVENT_ENTER && n != root && warn_images)
                WARN(w, node_line(w, n) ? node_line(w, n) : line,
                     "inline image ignored (an image is a figure only alone in its paragraph); "
                     "its text is kept");
            break;
        case CMARK_NODE_HTML_INLINE:
            inline_html(w, n, line, &html_warned);
            break;
        default: /* links keep their text; their children come next */
            break;
        }
    }
    cmark_iter_free(it);
}

static void noterefs(walker *w, flat *f, int line);

/* The settled text of f, with the pending footnote number and list prefix in
 * front, its footnote references numbered. line: where it is, for messages.
 * Arena-owned. */
static pb_text finish(walker *w, flat *f, int line)
{
    noterefs(w, f, line);
    char pre[sizeof w->note_prefix + sizeof w->prefix];
    snprintf(pre, sizeof pre, "%s%s", w->note_prefix, w->prefix);
    const char *s = f->buf.s ? f->buf.s : "";
    size_t n = f->buf.n, lo, hi, ns = f->spans.n;
    trim(s, n, &lo, &hi);
    int *at = pb_xmalloc(2 * ns * sizeof *at), *to = pb_xmalloc(2 * ns * sizeof *to);
    for (size_t i = 0; i < ns; i++) {
        at[2 * i] = f->spans.v[i].start;
        at[2 * i + 1] = f->spans.v[i].start + f->spans.v[i].len;
    }
    offmap m = {at, to, 2 * ns, 0};
    pb_buf out = {0};
    size_t plen = lo < hi ? strlen(pre) : 0;
    pb_buf_add(&out, pre, plen);
    offmap_to(&m, lo, plen);
    settle(s, lo, hi, &out, &m, f->spans.v, w->code_block ? 0 : f->spans.n);
    offmap_to(&m, SIZE_MAX, out.n);
    if (plen)
        w->prefix[0] = w->note_prefix[0] = 0;

    pb_text t = {.len = (int)out.n};
    t.s = pb_arena_strndup(w->doc->arena, out.s ? out.s : "", out.n);
    t.spans = PB_NEWN(w->doc->arena, pb_span, ns + 1);
    for (size_t i = 0; i < ns; i++) {
        int a = to[2 * i], b = to[2 * i + 1];
        pb_span *last = t.nspans ? &t.spans[t.nspans - 1] : NULL;
        if (b <= a)
            continue;
        if (last && last->flags == f->spans.v[i].flags && last->start + last->len == a)
            last->len = b - last->start;
        else
            t.spans[t.nspans++] = (pb_span){a, b - a, f->spans.v[i].flags};
    }
    free(at);
    free(to);
    pb_buf_fini(&out);
    return t;
}

static void emit(walker *w, pb_block b)
{
    if (w->in_notes && b.kind == PB_BLOCK_PARA) { /* a row of a table in a note too */
        b.variant = PB_PARA_FOOTNOTE;
        b.level = 0;
    }
    if (w->note_depth)
        PB_PUSH(w->kids, b);
    else
        PB_PUSH(w->top, b);
}

/* Emit a PARA or HEAD holding the flattened inlines of node, unless empty. */
static void emit_text(walker *w, cmark_node *node, pb_block b, unsigned base, bool warn_images)
{
    flat f = {0};
    flatten(w, node, base, warn_images, b.line, &f);
    b.text = finish(w, &f, b.line);
    flat_fini(&f);
    if (b.text.len)
        emit(w, b);
}

/* ---- figures ---- */

static bool is_blank_text(const char *s)
{
    size_t n = strlen(s), lo, hi;
    trim(s, n, &lo, &hi);
    return lo == hi;
}

/* How many images a paragraph holds if it holds nothing else but blanks; else 0. */
static int only_images(cmark_node *para)
{
    int k = 0;
    for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
        switch (cmark_node_get_type(c)) {
        case CMARK_NODE_IMAGE:
            k++;
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            break;
        case CMARK_NODE_TEXT:
            if (!is_blank_text(cmark_node_get_literal(c)))
                return 0;
            break;
        default:
            return 0;
        }
    }
    return k;
}

/* "http://…", "data:…", "//host/…"; a single letter before ':' is a drive, not a scheme. */
static bool is_url(const char *s)
{
    if (s[0] == '/' && s[1] == '/')
        return true;
    size_t n = 0;
    while (isalpha((unsigned char)s[n]) ||
           (n > 0 && s[n] && (isdigit((unsigned char)s[n]) || strchr("+-.", s[n]))))
        n++;
    return n >= 2 && s[n] == ':';
}

static const char *place_names[] = {"auto", "top", "bottom", "hero"};

/* One `key=value` of an image title: span=1..24, place=top|bottom|hero|auto. */
static void figure_option(walker *w, pb_block *b, const char *tok, int line)
{
    const char *eq = strchr(tok, '=');
    size_t klen = eq ? (size_t)(eq - tok) : strlen(tok);
    const char *v = eq ? eq + 1 : "";
    if (eq && klen == 4 && !strncmp(tok, "span", 4)) {
        char *end;
        long k = strtol(v, &end, 10);
        if (!isdigit((unsigned char)*v) || *end || k < 1 || k > 24)
            ERROR(w, line, "figure option span=%s: expected a number of columns from 1 to 24", v);
        else
            b->span = (int)k;
        return;
    }
    if (eq && klen == 5 && !strncmp(tok, "place", 5)) {
        for (int i = 0; i < 4; i++)
            if (!strcmp(v, place_names[i])) {
                b->place = (pb_place)i;
                return;
            }
        ERROR(w, line, "figure option place=%s: expected top, bottom, hero or auto", v);
        return;
    }
    if (eq && klen == 3 && !strncmp(tok, "fit", 3)) {
        if (!strcmp(v, "cover") || !strcmp(v, "fit"))
            b->cover = !strcmp(v, "cover");
        else
            ERROR(w, line, "figure option fit=%s: expected fit or cover", v);
        return;
    }
    if (eq && klen == 6 && !strncmp(tok, "aspect", 6)) {
        double aw, ah;
        char tail;
        if (sscanf(v, "%lf:%lf%c", &aw, &ah, &tail) == 2 && aw > 0 && ah > 0 && aw / ah < 20 &&
            ah / aw < 20)
            b->aspect = aw / ah;
        else
            ERROR(w, line, "figure option aspect=%s: expected W:H such as 4:3 or 16:9", v);
        return;
    }
    if (eq && klen == 5 && !strncmp(tok, "focus", 5)) {
        double fx, fy;
        char tail;
        if (sscanf(v, "%lf,%lf%c", &fx, &fy, &tail) == 2 && fx >= 0 && fx <= 1 && fy >= 0 &&
            fy <= 1)
            b->focus_x = fx, b->focus_y = fy;
        else
            ERROR(w, line, "figure option focus=%s: expected X,Y between 0 and 1 (0.5,0.3)", v);
        return;
    }
    WARN(w, line,
         "unknown figure option \"%s\" (known: span=N, place=top|bottom|hero|auto, "
         "fit=fit|cover, aspect=W:H, focus=X,Y)",
         tok);
}

static void figure_options(walker *w, pb_block *b, const char *title, int line)
{
    for (const char *p = title;;) {
        p += strspn(p, " \t\n");
        size_t n = strcspn(p, " \t\n");
        if (!n)
            return;
        char *tok = pb_xstrndup(p, n);
        figure_option(w, b, tok, line);
        free(tok);
        p += n;
    }
}

static void figure(walker *w, cmark_node *img, int line)
{
    const char *url = cmark_node_get_url(img);
    if (!url || !*url) {
        ERROR(w, line, "figure without an image path");
        return;
    }
    if (is_url(url)) {
        ERROR(w, line, "remote images are not supported: %s (give a path relative to the article)",
              url);
        return;
    }
    pb_block b = {.kind = PB_BLOCK_FIGURE, .line = line, .focus_x = 0.5, .focus_y = 0.5};
    b.src = pb_arena_strdup(w->doc->arena, url);
    char *path = pb_path_join(w->doc->dir, url);
    b.path = pb_arena_strdup(w->doc->arena, path);
    free(path);
    figure_options(w, &b, cmark_node_get_title(img), line);
    w->prefix[0] = 0;
    flat f = {0};
    flatten(w, img, 0, false, line, &f);
    b.text = finish(w, &f, line);
    flat_fini(&f);
    emit(w, b);
}

/* ---- source lines ---- */

/* Line l (1-based) of the text being walked: its start and length without
 * the line end; false when there is no such line. */
static bool source_line(walker *w, size_t l, const char **s, size_t *n)
{
    if (!w->lines.n) {
        PB_PUSH(w->lines, 0);
        for (size_t i = 0; i < w->len; i++)
            if (w->md[i] == '\n')
                PB_PUSH(w->lines, i + 1);
    }
    if (l < 1 || l > w->lines.n)
        return false;
    size_t at = w->lines.v[l - 1];
    const char *nl = memchr(w->md + at, '\n', w->len - at);
    *s = w->md + at;
    *n = nl ? (size_t)(nl - *s) : w->len - at;
    return true;
}

static bool blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

/* Columns of white space a line starts with (a tab to the next multiple of 4). */
static size_t indent_of(const char *s, size_t n)
{
    size_t col = 0;
    for (size_t i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
        col = s[i] == '\t' ? col + 4 - col % 4 : col + 1;
    return col;
}

/* Walk the Markdown text md as a document of its own whose first line is
 * file line first_line: a footnote's text, the lines before a table. What it
 * holds is emitted as if it stood where the walk is. */
static void walk(walker *w, cmark_node *root);

static void walk_text(walker *w, const char *md, size_t len, int first_line)
{
    const char *smd = w->md;
    size_t slen = w->len;
    int sfirst = w->first_line;
    offsets slines = w->lines;
    w->md = md, w->len = len, w->first_line = first_line, w->lines = (offsets){0};
    cmark_node *root = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
    walk(w, root);
    cmark_node_free(root);
    free(w->lines.v);
    w->md = smd, w->len = slen, w->first_line = sfirst, w->lines = slines;
}

/* ---- tables ---- */

/* The cells of a table row s[0, n): [at[i], at[i] + len[i]) each, without
 * the white space around them and without the row's outer pipes; a pipe
 * escaped as \| is no border. Returns how many (at most max; the count goes
 * on beyond it). */
static size_t cells(const char *s, size_t n, size_t *at, size_t *len, size_t max)
{
    size_t lo, hi;
    trim(s, n, &lo, &hi);
    if (lo < hi && s[lo] == '|')
        lo++;
    if (hi > lo && s[hi - 1] == '|' && !(hi - lo >= 2 && s[hi - 2] == '\\'))
        hi--;
    size_t k = 0;
    for (size_t i = lo, start = lo; i <= hi; i++) {
        if (i + 1 < hi && s[i] == '\\') {
            i++; /* an escaped character, a pipe too */
            continue;
        }
        if (i < hi && s[i] != '|')
            continue;
        size_t a, b;
        trim(s + start, i - start, &a, &b);
        if (k < max)
            at[k] = start + a, len[k] = b - a;
        k++;
        start = i + 1;
    }
    return k;
}

/* Cells of a delimiter row (---, :--, --:, :-: apart by pipes), or 0 when s
 * is none. It needs a pipe unless the header row has one. */
static size_t delimiter_row(const char *s, size_t n, bool header_pipe)
{
    if (!memchr(s, '|', n) && !header_pipe)
        return 0;
    size_t lo, hi, k = 0;
    trim(s, n, &lo, &hi);
    if (lo < hi && s[lo] == '|')
        lo++;
    if (hi > lo && s[hi - 1] == '|')
        hi--;
    for (size_t i = lo, start = lo; i <= hi; i++) {
        if (i < hi && s[i] != '|')
            continue;
        size_t a, b;
        trim(s + start, i - start, &a, &b);
        const char *c = s + start + a;
        size_t m = b - a, d = 0;
        if (m && c[0] == ':')
            c++, m--;
        if (m && c[m - 1] == ':')
            m--;
        while (d < m && c[d] == '-')
            d++;
        if (!m || d != m)
            return 0;
        k++;
        start = i + 1;
    }
    return k;
}

/* Append the cell s[0, n), its inline markup parsed, to row, without the
 * white space around it. The cell is parsed as a document of its own behind
 * a space written as &#32;, so that "1. 数量" or "- 无" stays text. */
static void table_cell(walker *w, const char *s, size_t n, int line, unsigned flags, flat *row)
{
    size_t plain = 0; /* most cells hold no markup: they need no parse */
    while (plain < n && !strchr("`*_[]<>&\\!", s[plain]))
        plain++;
    if (plain == n) {
        flat_add(row, s, n, flags);
        return;
    }
    pb_buf src = {0};
    pb_buf_adds(&src, "&#32;");
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && s[i + 1] == '|')
            i++; /* \| is a pipe, in a code span too (GFM) */
        pb_buf_add(&src, s + i, 1);
    }
    int first = w->first_line;
    w->first_line = line;
    cmark_node *root = cmark_parse_document(src.s, src.n, CMARK_OPT_DEFAULT);
    flat c = {0};
    flatten(w, root, flags, true, line, &c);
    cmark_node_free(root);
    w->first_line = first;
    size_t lo, hi, k = 0;
    trim(c.buf.s ? c.buf.s : "", c.buf.n, &lo, &hi);
    flat_copy(row, &c, lo, hi, &k);
    flat_fini(&c);
    pb_buf_fini(&src);
}

/* One row of a table: its cells apart by a full-width space, an empty one
 * as a dash (as Chinese tables mark "none"). */
static void table_row(walker *w, const char *s, size_t n, int line, bool header)
{
    enum { MAX_CELLS = 256 };
    size_t at[MAX_CELLS], len[MAX_CELLS];
    size_t k = cells(s, n, at, len, MAX_CELLS);
    unsigned flags = header ? PB_SPAN_STRONG : 0;
    flat f = {0};
    for (size_t i = 0; i < k && i < MAX_CELLS; i++) {
        if (i)
            flat_add(&f, "\xE3\x80\x80", 3, 0); /* U+3000 */
        if (len[i])
            table_cell(w, s + at[i], len[i], line, flags, &f);
        else /* an empty cell keeps its place */
            flat_add(&f, "\xE2\x80\x94", 3, 0); /* — */
    }
    if (k > MAX_CELLS) { /* a row of more cells than that: the rest as written */
        size_t rest = at[MAX_CELLS - 1] + len[MAX_CELLS - 1];
        flat_add(&f, "\xE3\x80\x80", 3, 0);
        table_cell(w, s + rest, n - rest, line, flags, &f);
    }
    pb_block b = {.kind = PB_BLOCK_PARA, .line = line, .variant = PB_PARA_ROW, .level = header};
    b.text = finish(w, &f, line);
    flat_fini(&f);
    if (b.text.len)
        emit(w, b);
}

/* Line l of the paragraph that starts at column col of line l0, without the
 * block quote markers (quotes of them) that every line of it carries. */
static void row_source(walker *w, size_t l, size_t l0, size_t col, int quotes, const char **s,
                       size_t *n)
{
    if (!source_line(w, l, s, n))
        *s = "", *n = 0;
    size_t i = 0;
    if (l == l0)
        i = col - 1 < *n ? col - 1 : *n;
    else
        for (int q = 0; q < quotes; q++) {
            size_t j = i;
            while (j < *n && j - i < 3 && (*s)[j] == ' ')
                j++;
            if (j >= *n || (*s)[j] != '>')
                break; /* a lazy line */
            i = j + 1 + (j + 1 < *n && (*s)[j + 1] == ' ');
        }
    *s += i;
    *n -= i;
}

/* A GFM table in paragraph n: a header row, a delimiter row of as many
 * cells, then the rows; lines before the header stay a paragraph. Set as
 * text, one block per row. False when n holds no table. */
static bool table(walker *w, cmark_node *n)
{
    size_t l0 = (size_t)cmark_node_get_start_line(n), l1 = (size_t)cmark_node_get_end_line(n);
    size_t col = (size_t)cmark_node_get_start_column(n);
    const char *s;
    size_t len;
    if (l1 <= l0 || col < 1 || !source_line(w, l0, &s, &len))
        return false;
    int quotes = 0;
    for (size_t i = 0; i + 1 < col && i < len; i++)
        quotes += s[i] == '>';
    size_t head = 0;
    for (size_t l = l0 + 1; l <= l1 && !head; l++) {
        const char *h, *dl;
        size_t hn, dn, at, ln;
        row_source(w, l - 1, l0, col, quotes, &h, &hn);
        row_source(w, l, l0, col, quotes, &dl, &dn);
        bool pipe = memchr(h, '|', hn) != NULL;
        size_t k = delimiter_row(dl, dn, pipe);
        if (k && (pipe || memchr(dl, '|', dn)) && cells(h, hn, &at, &ln, 1) == k)
            head = l - 1;
    }
    if (!head)
        return false;
    int line = (int)head + w->first_line - 1;
    if (head > l0) { /* the paragraph before the table */
        pb_buf pre = {0};
        for (size_t l = l0; l < head; l++) {
            const char *r;
            size_t rn;
            row_source(w, l, l0, col, quotes, &r, &rn);
            pb_buf_add(&pre, r, rn);
            pb_buf_adds(&pre, "\n");
        }
        walk_text(w, pre.s, pre.n, (int)l0 + w->first_line - 1);
        pb_buf_fini(&pre);
    }
    WARN(w, line, "table set as text");
    for (size_t l = head; l <= l1; l++) {
        if (l == head + 1)
            continue; /* the delimiter row */
        const char *r;
        size_t rn;
        row_source(w, l, l0, col, quotes, &r, &rn);
        table_row(w, r, rn, (int)l + w->first_line - 1, l == head);
    }
    return true;
}

/* ---- blocks ---- */

static void paragraph(walker *w, cmark_node *n)
{
    int line = node_line(w, n);
    if (table(w, n))
        return;
    int images = only_images(n);
    pb_block b = {.kind = PB_BLOCK_PARA, .line = line};
    if (images && !w->note_depth && !w->in_notes) {
        for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c))
            if (cmark_node_get_type(c) == CMARK_NODE_IMAGE)
                figure(w, c, line);
        return;
    }
    if (images)
        WARN(w, line, "figures inside a note or a footnote are not supported; the caption is "
                      "kept as text");
    emit_text(w, n, b, 0, !images);
}

/* A head at the top level; anywhere else (note, list, footnote) a paragraph in bold. */
static void heading(walker *w, cmark_node *n)
{
    bool top = cmark_node_get_type(cmark_node_parent(n)) == CMARK_NODE_DOCUMENT && !w->in_notes;
    pb_block b = {.kind = top ? PB_BLOCK_HEAD : PB_BLOCK_PARA, .line = node_line(w, n)};
    b.level = top ? cmark_node_get_heading_level(n) : 0;
    emit_text(w, n, b, top ? 0 : PB_SPAN_STRONG, true);
}

/* Whether the code block starts with a ``` or ~~~ fence (cmark does not say). */
static bool fenced(walker *w, cmark_node *n)
{
    size_t l = (size_t)cmark_node_get_start_line(n), col = (size_t)cmark_node_get_start_column(n);
    const char *s;
    size_t len;
    if (col < 1 || !source_line(w, l, &s, &len) || col - 1 >= len)
        return false;
    return s[col - 1] == '`' || s[col - 1] == '~';
}

/* Code has no place in a newspaper: it becomes a paragraph in code type. An
 * indented "code block" of Chinese text is a paragraph indented by 4 spaces
 * (a common habit): it is set as a plain paragraph. */
static void code_block(walker *w, cmark_node *n)
{
    int line = node_line(w, n);
    const char *lit = cmark_node_get_literal(n);
    bool prose = !fenced(w, n) && has_cjk(lit);
    if (prose)
        WARN(w, line, "indented text is a code block in Markdown; set as a plain paragraph "
                      "(remove the leading spaces)");
    else
        WARN(w, line, "code block set as a paragraph in code type; its line breaks are not kept");
    flat f = {0};
    flat_add(&f, lit, strlen(lit), prose ? 0 : PB_SPAN_CODE);
    w->code_block = true;
    pb_block b = {.kind = PB_BLOCK_PARA, .line = line, .text = finish(w, &f, line)};
    w->code_block = false;
    flat_fini(&f);
    if (b.text.len)
        emit(w, b);
}

static void html_block(walker *w, cmark_node *n)
{
    const char *lit = cmark_node_get_literal(n);
    if (is_comment(lit))
        return;
    char *s = snippet(lit);
    WARN(w, node_line(w, n), "HTML block dropped: %s", s);
    free(s);
}

static void thematic_break(walker *w, cmark_node *n)
{
    if (w->in_notes)
        WARN(w, node_line(w, n), "a section break inside a footnote is ignored");
    else if (w->note_depth)
        WARN(w, node_line(w, n), "a section break inside a note is ignored");
    else
        emit(w, (pb_block){.kind = PB_BLOCK_BREAK, .line = node_line(w, n)});
}

static void quote(walker *w, cmark_node *n, bool enter)
{
    if (w->in_notes)
        return; /* a quote in a footnote is its text */
    if (enter) {
        if (w->note_depth++ == 0)
            w->note = (pb_block){.kind = PB_BLOCK_NOTE, .line = node_line(w, n)};
        return;
    }
    if (--w->note_depth > 0 || !w->kids.n)
        return;
    w->note.nchildren = (int)w->kids.n;
    w->note.children = PB_NEWN(w->doc->arena, pb_block, w->kids.n);
    memcpy(w->note.children, w->kids.v, w->kids.n * sizeof *w->kids.v);
    w->kids.n = 0;
    PB_PUSH(w->top, w->note);
}

static void list(walker *w, cmark_node *n, bool enter)
{
    if (!enter) {
        w->lists.n--;
        return;
    }
    list_state l = {.ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST,
                    .paren = cmark_node_get_list_delim(n) == CMARK_PAREN_DELIM,
                    .next = cmark_node_get_list_start(n)};
    PB_PUSH(w->lists, l);
}

static void item(walker *w, bool enter)
{
    w->prefix[0] = 0;
    if (!enter || !w->lists.n)
        return;
    list_state *l = &w->lists.v[w->lists.n - 1];
    if (l->ordered)
        snprintf(w->prefix, sizeof w->prefix, "%d%c ", l->next++, l->paren ? ')' : '.');
    else
        snprintf(w->prefix, sizeof w->prefix, "\xE2\x80\xA2 "); /* • */
}

/* ---- footnotes ---- */

enum { MAX_LABEL = 64 };

/* A footnote definition "[^label]: text" (up to 3 spaces in) on the line
 * s[0, n): the label's bounds and where its text starts; false when none. */
static bool definition(const char *s, size_t n, size_t *l0, size_t *l1, size_t *t0)
{
    size_t i = 0;
    while (i < n && i < 3 && s[i] == ' ')
        i++;
    if (n - i < 5 || s[i] != '[' || s[i + 1] != '^')
        return false;
    size_t a = i + 2, b = a;
    while (b < n && b - a <= MAX_LABEL && s[b] != ']' && s[b] != '[' && !is_space(s[b]))
        b++;
    if (b == a || b - a > MAX_LABEL || b + 1 >= n || s[b] != ']' || s[b + 1] != ':')
        return false;
    size_t t = b + 2;
    while (t < n && (s[t] == ' ' || s[t] == '\t'))
        t++;
    *l0 = a, *l1 = b, *t0 = t;
    return true;
}

/* A code fence (up to 3 spaces, then 3 or more ` or ~): its length and
 * character, or 0. */
static size_t fence(const char *s, size_t n, char *ch)
{
    size_t i = 0;
    while (i < n && i < 3 && s[i] == ' ')
        i++;
    if (i >= n || (s[i] != '`' && s[i] != '~'))
        return 0;
    size_t j = i;
    while (j < n && s[j] == s[i])
        j++;
    if (j - i < 3 || (s[i] == '`' && memchr(s + j, '`', n - j)))
        return 0;
    *ch = s[i];
    return j - i;
}

/* Whether the line starts a block of its own (and so is no lazy continuation
 * of a footnote's paragraph): a head, quote, list item, rule, fence, HTML,
 * table row. */
static bool starts_block(const char *s, size_t n)
{
    size_t i = 0;
    char ch;
    while (i < n && i < 3 && s[i] == ' ')
        i++;
    if (i >= n || strchr("#>|<", s[i]) || fence(s, n, &ch))
        return true;
    if (strchr("-*+_", s[i]) && (i + 1 >= n || s[i + 1] == ' ' || s[i + 1] == '\t' ||
                                 s[i + 1] == s[i]))
        return true;
    size_t j = i;
    while (j < n && j - i < 9 && isdigit((unsigned char)s[j]))
        j++;
    return j > i && j < n && (s[j] == '.' || s[j] == ')') && (j + 1 >= n || s[j + 1] == ' ');
}

static int cmp_label(const void *x, const void *y)
{
    const labelled *a = x, *b = y;
    int c = strcmp(a->label, b->label);
    return c ? c : (a->note > b->note) - (a->note < b->note);
}

/* The first "[^" in s[0, n), or NULL. */
static const char *find_caret(const char *s, size_t n)
{
    for (const char *p; n >= 2 && (p = memchr(s, '[', n - 1)); n -= (size_t)(p - s) + 1, s = p + 1)
        if (p[1] == '^')
            return p;
    return NULL;
}

/* Take the footnote definitions out of md: each is recorded with its text
 * (the first line's rest, then lines indented 4 or more, after blank lines
 * too, and lazy continuation lines of its paragraph), and its lines are
 * blanked in a copy, so that cmark sees the rest at the same lines. Fenced
 * code is left alone. Returns md itself when it holds none, else the copy. */
static const char *take_footnotes(walker *w, const char *md, size_t len)
{
    if (!find_caret(md, len))
        return md;
    char *copy = NULL;
    offsets L = {0};
    PB_PUSH(L, 0);
    for (size_t i = 0; i < len; i++)
        if (md[i] == '\n')
            PB_PUSH(L, i + 1);
#define LINE(k_, s_, n_)                                                                   \
    const char *s_ = md + L.v[k_];                                                         \
    size_t n_ = ((k_) + 1 < L.n ? L.v[(k_) + 1] - 1 : len) - L.v[k_]
    size_t fence_len = 0;
    char fence_ch = 0;
    for (size_t k = 0; k < L.n; k++) {
        LINE(k, s, n);
        char ch;
        size_t fl = fence(s, n, &ch), l0, l1, t0;
        if (fence_len) { /* inside fenced code until its closing fence */
            size_t i = indent_of(s, n) + fl;
            if (fl >= fence_len && ch == fence_ch && blank_line(s + i, n - i))
                fence_len = 0;
            continue;
        }
        if (fl) {
            fence_len = fl, fence_ch = ch;
            continue;
        }
        if (!definition(s, n, &l0, &l1, &t0))
            continue;
        if (!copy)
            copy = pb_arena_strndup(w->doc->arena, md, len);
        footnote f = {.label = pb_xstrndup(s + l0, l1 - l0), .line = w->first_line + (int)k,
                      .first = (int)w->notes.n};
        pb_buf_add(&f.text, s + t0, n - t0);
        memset(copy + L.v[k], ' ', n);
        bool para = t0 < n; /* its paragraph goes on: lazy lines continue it */
        size_t last = k;
        for (size_t j = k + 1; j < L.n; j++) {
            LINE(j, r, rn);
            if (blank_line(r, rn))
                continue; /* its own only when an indented line follows */
            if (indent_of(r, rn) < 4 &&
                (j > last + 1 || !para || definition(r, rn, &l0, &l1, &t0) || starts_block(r, rn)))
                break;
            for (size_t m = last; m < j; m++)
                pb_buf_adds(&f.text, "\n");
            size_t cut = 0; /* up to four columns of indent go */
            for (size_t col = 0; cut < rn && col < 4 && (r[cut] == ' ' || r[cut] == '\t'); cut++)
                col = r[cut] == '\t' ? col + 4 - col % 4 : col + 1;
            pb_buf_add(&f.text, r + cut, rn - cut);
            memset(copy + L.v[j], ' ', rn);
            last = j;
            para = true;
        }
        PB_PUSH(w->notes, f);
        k = last;
    }
#undef LINE
    free(L.v);
    for (size_t i = 0; i < w->notes.n; i++)
        PB_PUSH(w->by_label, ((labelled){w->notes.v[i].label, (int)i}));
    if (w->by_label.n)
        qsort(w->by_label.v, w->by_label.n, sizeof *w->by_label.v, cmp_label);
    for (size_t i = 1; i < w->by_label.n; i++)
        if (!strcmp(w->by_label.v[i - 1].label, w->by_label.v[i].label))
            w->notes.v[w->by_label.v[i].note].first = w->notes.v[w->by_label.v[i - 1].note].first;
    return copy ? copy : md;
}

/* The footnote defined (first) with label s[0, n), or NULL. */
static footnote *find_note(walker *w, const char *s, size_t n)
{
    size_t lo = 0, hi = w->by_label.n;
    while (lo < hi) { /* the first label not below s */
        size_t mid = (lo + hi) / 2;
        const char *l = w->by_label.v[mid].label;
        int c = strncmp(l, s, n);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* labels with s as a prefix sort after s itself: the first of them with
     * no more characters is the one */
    if (lo < w->by_label.n && !strncmp(w->by_label.v[lo].label, s, n) &&
        !w->by_label.v[lo].label[n])
        return &w->notes.v[w->notes.v[w->by_label.v[lo].note].first];
    return NULL;
}

/* A footnote reference [^label] at s[i]: its end, or 0. */
static size_t reference_at(const char *s, size_t n, size_t i, size_t *l0, size_t *l1)
{
    if (n - i < 4 || s[i] != '[' || s[i + 1] != '^')
        return 0;
    size_t a = i + 2, b = a;
    while (b < n && b - a <= MAX_LABEL && s[b] != ']' && s[b] != '[' && !is_space(s[b]))
        b++;
    if (b == a || b - a > MAX_LABEL || b >= n || s[b] != ']')
        return 0;
    *l0 = a, *l1 = b;
    return b + 1;
}

/* Number the footnote references [^label] of f outside verbatim text: each
 * becomes "[N]" (PB_SPAN_NOTEREF), N counted in the order of first
 * reference. A label without a definition stays as written, with a warning
 * (one per paragraph). */
static void noterefs(walker *w, flat *f, int line)
{
    const char *s = f->buf.s;
    size_t n = f->buf.n;
    if (!s || !find_caret(s, n))
        return;
    flat g = {0};
    size_t done = 0, k = 0, kg = 0;
    bool warned = false, changed = false;
    for (const char *p; done < n && (p = find_caret(s + done, n - done));) {
        size_t i = (size_t)(p - s), l0 = 0, l1 = 0, end = reference_at(s, n, i, &l0, &l1);
        const pb_span *sp = span_from(f, i, &k);
        unsigned flags = sp && (size_t)sp->start <= i ? sp->flags : 0;
        bool verbatim = false; /* the reference overlaps verbatim text */
        for (size_t j = k; end && j < f->spans.n && (size_t)f->spans.v[j].start < end; j++)
            verbatim |= (f->spans.v[j].flags & PB_SPAN_VERBATIM) != 0;
        footnote *note = end && !verbatim ? find_note(w, s + l0, l1 - l0) : NULL;
        if (end && !verbatim && !note && !warned) {
            WARN(w, line, "footnote reference [^%.*s] has no definition ([^%.*s]: …); kept as text",
                 (int)(l1 - l0), s + l0, (int)(l1 - l0), s + l0);
            warned = true;
        }
        if (!note) {
            flat_copy(&g, f, done, i + 2, &kg);
            done = i + 2;
            continue;
        }
        if (!note->number) {
            note->number = (int)w->order.n + 1;
            PB_PUSH(w->order, (int)(note - w->notes.v));
        }
        char mark[24];
        int m = snprintf(mark, sizeof mark, "[%d]", note->number);
        flat_copy(&g, f, done, i, &kg);
        flat_add(&g, mark, (size_t)m, flags | PB_SPAN_NOTEREF);
        done = end;
        changed = true;
    }
    if (!changed) {
        flat_fini(&g);
        return;
    }
    flat_copy(&g, f, done, n, &kg);
    flat_fini(f);
    *f = g;
}

/* The footnotes, in the order of their numbers, as blocks at the end: a
 * title, then each note, its first paragraph "[N] text". A definition never
 * referenced, or a second one of a label, is set too, numbered after the
 * rest, with a warning: its text is not lost. */
static void footnotes(walker *w)
{
    if (!w->notes.n)
        return;
    const char *lang = w->doc->meta.lang ? w->doc->meta.lang : "";
    const char *title = !strcmp(lang, "zh-Hant") ? "註釋" : !strcmp(lang, "ja") ? "注" : "注释";
    flat f = {0};
    flat_add(&f, title, strlen(title), PB_SPAN_STRONG);
    w->prefix[0] = w->note_prefix[0] = 0;
    pb_block t = {.kind = PB_BLOCK_PARA, .line = w->notes.v[0].line, .level = 1,
                  .variant = PB_PARA_FOOTNOTE, .text = finish(w, &f, 0)};
    flat_fini(&f);
    PB_PUSH(w->top, t);
    for (size_t d = 0;; d++) {
        while (w->notes_set < w->order.n) { /* a note may refer to one not yet numbered */
            footnote *note = &w->notes.v[w->order.v[w->notes_set++]];
            snprintf(w->note_prefix, sizeof w->note_prefix, "[%d] ", note->number);
            w->in_notes = true;
            size_t before = w->top.n;
            walk_text(w, note->text.s ? note->text.s : "", note->text.n, note->line);
            w->in_notes = false;
            if (w->top.n == before) { /* an empty definition keeps its number */
                flat e = {0};
                pb_block b = {.kind = PB_BLOCK_PARA, .line = note->line,
                              .variant = PB_PARA_FOOTNOTE};
                w->note_prefix[strlen(w->note_prefix) - 1] = 0;
                flat_add(&e, w->note_prefix, strlen(w->note_prefix), 0);
                w->note_prefix[0] = 0;
                b.text = finish(w, &e, note->line);
                flat_fini(&e);
                PB_PUSH(w->top, b);
            }
            w->note_prefix[0] = w->prefix[0] = 0;
        }
        if (d >= w->notes.n)
            break;
        footnote *note = &w->notes.v[d];
        if (note->number)
            continue;
        note->number = (int)w->order.n + 1;
        PB_PUSH(w->order, (int)d);
        if (note->first != (int)d)
            WARN(w, note->line,
                 "footnote [^%s] is defined again (first on line %d); set as note [%d], which "
                 "nothing refers to",
                 note->label, w->notes.v[note->first].line, note->number);
        else
            WARN(w, note->line, "footnote [^%s] is never referred to; set as note [%d]",
                 note->label, note->number);
    }
}

static void walk(walker *w, cmark_node *root)
{
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        bool enter = ev == CMARK_EVENT_ENTER;
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_BLOCK_QUOTE: quote(w, n, enter); break;
        case CMARK_NODE_LIST: list(w, n, enter); break;
        case CMARK_NODE_ITEM: item(w, enter); break;
        case CMARK_NODE_CODE_BLOCK: code_block(w, n); break;
        case CMARK_NODE_HTML_BLOCK: html_block(w, n); break;
        case CMARK_NODE_THEMATIC_BREAK: thematic_break(w, n); break;
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_HEADING:
            if (!enter)
                break;
            if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH)
                paragraph(w, n);
            else
                heading(w, n);
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT); /* its inlines are done */
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
}

bool pb_markup_parse(const char *md, size_t len, int first_line, pb_doc *doc, pb_diags *d)
{
    walker w = {.doc = doc, .d = d, .first_line = first_line, .md = md, .len = len, .ok = true};
    w.md = take_footnotes(&w, md, len);
    cmark_node *root = cmark_parse_document(w.md, len, CMARK_OPT_DEFAULT);
    walk(&w, root);
    cmark_node_free(root);
    footnotes(&w);
    for (size_t i = 0; i < w.notes.n; i++) {
        free(w.notes.v[i].label);
        pb_buf_fini(&w.notes.v[i].text);
    }
    free(w.notes.v);
    free(w.by_label.v);
    free(w.order.v);
    doc->nblocks = (int)w.top.n;
    doc->blocks = PB_NEWN(doc->arena, pb_block, w.top.n + 1);
    if (w.top.n)
        memcpy(doc->blocks, w.top.v, w.top.n * sizeof *w.top.v);
    free(w.top.v);
    free(w.kids.v);
    free(w.lists.v);
    free(w.lines.v);
    return w.ok;
}
