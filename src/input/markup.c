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
 * Two GFM constructs cmark does not know have files of their own, which
 * share this walk through mdwalk.h: footnotes (mdnote.c) and tables set as
 * text (mdtable.c).
 *
 * Inline content is flattened to plain text plus styled spans, then its white
 * space settled. Markdown written in Chinese is often hard-wrapped (docs/traps.md,
 * Hard-wrapped Markdown), so a line break (soft or hard) joins its two lines with nothing when
 * either side is CJK, and with one space only between two non-CJK
 * characters. CJK–Latin joins with nothing too: the typesetter adds its own
 * Han–Latin spacing. The quotes “”‘’, … and — are used by both scripts: they
 * take the side of the nearest other character (CJK when there is none). */
#include <cmark.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/cjkchar.h"
#include "../base/util.h"
#include "doc.h"
#include "mdwalk.h"

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

void pb_markup_flat_add(pb_mdflat *f, const char *s, size_t n, unsigned flags)
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

void pb_markup_flat_fini(pb_mdflat *f)
{
    pb_buf_fini(&f->buf);
    free(f->spans.v);
}

/* The span of f at or after byte i (k: a cursor moving forward), or NULL. */
const pb_span *pb_markup_span_from(const pb_mdflat *f, size_t i, size_t *k)
{
    while (*k < f->spans.n && (size_t)(f->spans.v[*k].start + f->spans.v[*k].len) <= i)
        (*k)++;
    return *k < f->spans.n ? &f->spans.v[*k] : NULL;
}

/* Copy f's bytes [a, b) with their flags, and extra, to g. */
static void flat_copy_with(pb_mdflat *g, const pb_mdflat *f, size_t a, size_t b, size_t *k,
                           unsigned extra)
{
    while (a < b) {
        const pb_span *sp = pb_markup_span_from(f, a, k);
        size_t stop = b;
        unsigned flags = 0;
        if (sp && (size_t)sp->start <= a) {
            flags = sp->flags;
            if ((size_t)(sp->start + sp->len) < b)
                stop = (size_t)(sp->start + sp->len);
        } else if (sp && (size_t)sp->start < b) {
            stop = (size_t)sp->start;
        }
        pb_markup_flat_add(g, f->buf.s + a, stop - a, flags | extra);
        a = stop;
    }
}

/* Copy f's bytes [a, b) with their flags to g. */
void pb_markup_flat_copy(pb_mdflat *g, const pb_mdflat *f, size_t a, size_t b, size_t *k)
{
    flat_copy_with(g, f, a, b, k, 0);
}

bool pb_markup_is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

static bool is_idspace(const char *s, size_t n) { return n >= 3 && !memcmp(s, "\xE3\x80\x80", 3); }

/* [lo, hi): s without white space (ASCII and U+3000) at either end. */
void pb_markup_trim(const char *s, size_t n, size_t *lo, size_t *hi)
{
    size_t a = 0, b = n;
    while (a < b && (pb_markup_is_space(s[a]) || is_idspace(s + a, b - a)))
        a += pb_markup_is_space(s[a]) ? 1 : 3;
    while (a < b && (pb_markup_is_space(s[b - 1]) || (b - a >= 3 && is_idspace(s + b - 3, 3))))
        b -= pb_markup_is_space(s[b - 1]) ? 1 : 3;
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
        if (!pb_markup_is_space(s[i]) || in_code(spans, n, &k, i)) {
            pb_buf_add(out, s + i++, 1);
            continue;
        }
        size_t j = i;
        bool brk = false;
        for (; j < hi && pb_markup_is_space(s[j]) && !in_code(spans, n, &k, j); j++)
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

typedef struct pb_mdlist {
    bool ordered, paren;
    int next;
} list_state;

static int node_line(const pb_mdwalker *w, cmark_node *n)
{
    int l = cmark_node_get_start_line(n);
    return l > 0 ? l + w->first_line - 1 : 0;
}

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

/* An inline HTML tag of emphasis dots: 1 for <em class="dots"> (any quotes),
 * -1 for </em>, 0 for anything else. */
static int dots_tag(const char *html)
{
    static const char *const open[] = {"<em class=\"dots\">", "<em class='dots'>",
                                       "<em class=dots>"};
    if (!strcasecmp(html, "</em>"))
        return -1;
    for (size_t i = 0; i < sizeof open / sizeof open[0]; i++)
        if (!strcasecmp(html, open[i]))
            return 1;
    return 0;
}

static const char DOTS_CLASS[] = "]{.dots}";
enum { DOTS_CLASS_LEN = sizeof DOTS_CLASS - 1 };

/* Where "]{.dots}" is in s[i, n), or n. */
static size_t find_dots_class(const char *s, size_t i, size_t n)
{
    for (; i + DOTS_CLASS_LEN <= n; i++)
        if (s[i] == ']' && !memcmp(s + i, DOTS_CLASS, DOTS_CLASS_LEN))
            return i;
    return n;
}

/* Whether f's bytes [a, b) overlap verbatim text. */
static bool overlaps_verbatim(const pb_mdflat *f, size_t a, size_t b)
{
    for (size_t j = 0; j < f->spans.n; j++) {
        const pb_span *sp = &f->spans.v[j];
        if ((sp->flags & PB_SPAN_VERBATIM) && (size_t)sp->start < b &&
            (size_t)(sp->start + sp->len) > a)
            return true;
    }
    return false;
}

/* Pandoc's bracketed span with a class, [text]{.dots}, which cmark leaves as
 * text: the brackets and the class go and the text between them gets
 * emphasis dots (PB_SPAN_DOTS). Only f's bytes from `from` on, outside
 * verbatim text, the text between the brackets not empty and without
 * brackets of its own; anything else stays as written. */
static void bracket_dots(pb_mdflat *f, size_t from)
{
    const char *s = f->buf.s;
    size_t n = f->buf.n;
    if (!s || find_dots_class(s, from, n) == n)
        return;
    pb_mdflat g = {0};
    size_t done = 0, k = 0;
    for (size_t close, lo; (close = find_dots_class(s, lo = from > done ? from : done, n)) < n;) {
        size_t open = close;
        while (open > lo && s[open - 1] != '[' && s[open - 1] != ']')
            open--;
        bool ok = open > lo && s[open - 1] == '[' && open < close &&
                  !overlaps_verbatim(f, open - 1, close + DOTS_CLASS_LEN);
        if (!ok) {
            pb_markup_flat_copy(&g, f, done, close + 1, &k);
            done = close + 1;
            continue;
        }
        pb_markup_flat_copy(&g, f, done, open - 1, &k);
        flat_copy_with(&g, f, open, close, &k, PB_SPAN_DOTS);
        done = close + DOTS_CLASS_LEN;
    }
    pb_markup_flat_copy(&g, f, done, n, &k);
    pb_markup_flat_fini(f);
    *f = g;
}

static void inline_html(pb_mdwalker *w, cmark_node *n, int line, bool *warned)
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
void pb_markup_flatten(pb_mdwalker *w, cmark_node *root, unsigned base, bool warn_images, int line,
                       pb_mdflat *f)
{
    int strong = 0, emph = 0, dots = 0;
    size_t from = f->buf.n;
    bool html_warned = false;
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        int step = ev == CMARK_EVENT_ENTER ? 1 : -1;
        unsigned flags = base | (strong ? PB_SPAN_STRONG : 0) | (emph ? PB_SPAN_EMPH : 0) |
                         (dots ? PB_SPAN_DOTS : 0);
        const char *lit = cmark_node_get_literal(n);
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
            pb_markup_flat_add(f, lit, strlen(lit), flags);
            break;
        case CMARK_NODE_CODE:
            pb_markup_flat_add(f, lit, strlen(lit), flags | PB_SPAN_CODE);
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            pb_markup_flat_add(f, "\n", 1, flags);
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
        case CMARK_NODE_HTML_INLINE: {
            int d = dots_tag(lit);
            if (d > 0 || (d < 0 && dots > 0))
                dots += d;
            else
                inline_html(w, n, line, &html_warned);
            break;
        }
        default: /* links keep their text; their children come next */
            break;
        }
    }
    cmark_iter_free(it);
    bracket_dots(f, from);
}

/* The settled text of f, with the pending footnote number and list prefix in
 * front, its footnote references numbered. line: where it is, for messages.
 * Arena-owned. */
pb_text pb_markup_finish(pb_mdwalker *w, pb_mdflat *f, int line)
{
    pb_mdnote_number(w, f, line);
    char pre[sizeof w->note_prefix + sizeof w->prefix];
    snprintf(pre, sizeof pre, "%s%s", w->note_prefix, w->prefix);
    const char *s = f->buf.s ? f->buf.s : "";
    size_t n = f->buf.n, lo, hi, ns = f->spans.n;
    pb_markup_trim(s, n, &lo, &hi);
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

void pb_markup_emit(pb_mdwalker *w, pb_block b)
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
static void emit_text(pb_mdwalker *w, cmark_node *node, pb_block b, unsigned base,
                      bool warn_images)
{
    pb_mdflat f = {0};
    pb_markup_flatten(w, node, base, warn_images, b.line, &f);
    b.text = pb_markup_finish(w, &f, b.line);
    pb_markup_flat_fini(&f);
    if (b.text.len)
        pb_markup_emit(w, b);
}

/* ---- figures ---- */

static bool is_blank_text(const char *s)
{
    size_t n = strlen(s), lo, hi;
    pb_markup_trim(s, n, &lo, &hi);
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
static void figure_option(pb_mdwalker *w, pb_block *b, const char *tok, int line)
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

static void figure_options(pb_mdwalker *w, pb_block *b, const char *title, int line)
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

static void figure(pb_mdwalker *w, cmark_node *img, int line)
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
    pb_mdflat f = {0};
    pb_markup_flatten(w, img, 0, false, line, &f);
    b.text = pb_markup_finish(w, &f, line);
    pb_markup_flat_fini(&f);
    pb_markup_emit(w, b);
}

/* ---- source lines ---- */

/* Line l (1-based) of the text being walked: its start and length without
 * the line end; false when there is no such line. */
bool pb_markup_source_line(pb_mdwalker *w, size_t l, const char **s, size_t *n)
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

/* Walk the Markdown text md as a document of its own whose first line is
 * file line first_line: a footnote's text, the lines before a table. What it
 * holds is emitted as if it stood where the walk is. */
static void walk(pb_mdwalker *w, cmark_node *root);

void pb_markup_walk_text(pb_mdwalker *w, const char *md, size_t len, int first_line)
{
    const char *smd = w->md;
    size_t slen = w->len;
    int sfirst = w->first_line;
    pb_mdoffsets slines = w->lines;
    w->md = md, w->len = len, w->first_line = first_line, w->lines = (pb_mdoffsets){0};
    cmark_node *root = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
    walk(w, root);
    cmark_node_free(root);
    free(w->lines.v);
    w->md = smd, w->len = slen, w->first_line = sfirst, w->lines = slines;
}

/* ---- blocks ---- */

static void paragraph(pb_mdwalker *w, cmark_node *n)
{
    int line = node_line(w, n);
    if (pb_mdtable_set(w, n))
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
static void heading(pb_mdwalker *w, cmark_node *n)
{
    bool top = cmark_node_get_type(cmark_node_parent(n)) == CMARK_NODE_DOCUMENT && !w->in_notes;
    pb_block b = {.kind = top ? PB_BLOCK_HEAD : PB_BLOCK_PARA, .line = node_line(w, n)};
    b.level = top ? cmark_node_get_heading_level(n) : 0;
    emit_text(w, n, b, top ? 0 : PB_SPAN_STRONG, true);
}

/* Whether the code block starts with a ``` or ~~~ fence (cmark does not say). */
static bool fenced(pb_mdwalker *w, cmark_node *n)
{
    size_t l = (size_t)cmark_node_get_start_line(n), col = (size_t)cmark_node_get_start_column(n);
    const char *s;
    size_t len;
    if (col < 1 || !pb_markup_source_line(w, l, &s, &len) || col - 1 >= len)
        return false;
    return s[col - 1] == '`' || s[col - 1] == '~';
}

/* Code has no place in a newspaper: it becomes a paragraph in code type. An
 * indented "code block" of Chinese text is a paragraph indented by 4 spaces
 * (a common habit): it is set as a plain paragraph. */
static void code_block(pb_mdwalker *w, cmark_node *n)
{
    int line = node_line(w, n);
    const char *lit = cmark_node_get_literal(n);
    bool prose = !fenced(w, n) && has_cjk(lit);
    if (prose)
        WARN(w, line, "indented text is a code block in Markdown; set as a plain paragraph "
                      "(remove the leading spaces)");
    else
        WARN(w, line, "code block set as a paragraph in code type; its line breaks are not kept");
    pb_mdflat f = {0};
    pb_markup_flat_add(&f, lit, strlen(lit), prose ? 0 : PB_SPAN_CODE);
    w->code_block = true;
    pb_block b = {.kind = PB_BLOCK_PARA, .line = line, .text = pb_markup_finish(w, &f, line)};
    w->code_block = false;
    pb_markup_flat_fini(&f);
    if (b.text.len)
        pb_markup_emit(w, b);
}

static void html_block(pb_mdwalker *w, cmark_node *n)
{
    const char *lit = cmark_node_get_literal(n);
    if (is_comment(lit))
        return;
    char *s = snippet(lit);
    WARN(w, node_line(w, n), "HTML block dropped: %s", s);
    free(s);
}

static void thematic_break(pb_mdwalker *w, cmark_node *n)
{
    if (w->in_notes)
        WARN(w, node_line(w, n), "a section break inside a footnote is ignored");
    else if (w->note_depth)
        WARN(w, node_line(w, n), "a section break inside a note is ignored");
    else
        pb_markup_emit(w, (pb_block){.kind = PB_BLOCK_BREAK, .line = node_line(w, n)});
}

static void quote(pb_mdwalker *w, cmark_node *n, bool enter)
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

static void list(pb_mdwalker *w, cmark_node *n, bool enter)
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

static void item(pb_mdwalker *w, bool enter)
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

static void walk(pb_mdwalker *w, cmark_node *root)
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
    pb_mdwalker w = {.doc = doc, .d = d, .first_line = first_line, .md = md, .len = len,
                     .ok = true};
    w.md = pb_mdnote_take(&w, md, len);
    cmark_node *root = cmark_parse_document(w.md, len, CMARK_OPT_DEFAULT);
    walk(&w, root);
    cmark_node_free(root);
    pb_mdnote_set(&w);
    pb_mdnote_fini(&w);
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
