/* import: pasted article text → pb_doc, the way a compositor reads it.
 *
 * Five passes over the text, each simple enough to check by eye:
 *
 * 1. Lines. The bytes are decoded to UTF-8 (encoding.c) and split at LF, CRLF
 *    or CR. Each line loses its paragraph indent (U+3000 or spaces), zero-
 *    width characters and stray spaces (runs become one space; spaces beside
 *    a full-width mark go), and is classified by itself (importrules.c).
 * 2. Paragraphs. Text copied from a web page has one paragraph per line; text
 *    from e-mail or a PDF is hard-wrapped: most lines followed by another text
 *    line are of about one length and end without a sentence mark. Then a
 *    line that is full (close to that length) runs on into the next, unless
 *    the next is indented in a text that indents its paragraphs; lines join
 *    with nothing between CJK and a space between Latin words. Lines of other
 *    kinds (captions, credits, …) always stand alone.
 * 3. Header. From the top, past furniture, the date line and bylines (in
 *    any order; none of them is a title), up to
 *    three short title-shaped lines are the headline group: explicit labels
 *    (引题：) and a "kicker | title" line decide; otherwise one line is the
 *    title; of two, the first is the kicker when it reads like one (it opens
 *    with a quote or names a series: 系列, 第三期, 之二), else the second is
 *    the subtitle; three are kicker, title, subtitle. A line repeating the
 *    title is dropped. A text with no title line gets none, with a warning
 *    (or the title of --title).
 * 4. Body. Paragraphs, with: the note (the paragraph after an 编者按 label,
 *    or the label's own line), figures (a placeholder line 图片, or a caption
 *    line △…, which names a photo whose placeholder was lost; a caption goes
 *    to the oldest figure still without one, a short text line right after a
 *    placeholder is its caption, a photo credit joins the caption before it),
 *    heads (a numbered line, or a short line with no sentence mark, when a
 *    paragraph follows and the line before is not itself short: two short
 *    lines in a row are a list or a poem, not heads; a numbered head's level
 *    follows its numbering, 一、 over （一） over 1. over （1）, relative to
 *    the numberings the text uses: head_levels), credits at the end into
 *    the front matter, a reporter's credit in brackets closing a paragraph
 *    split off to the byline or the credits, and after a "related news" line
 *    everything dropped but credits. A placeholder with no caption after the
 *    last paragraph is a logo or QR code and is dropped; two or more short
 *    caption-like lines closing a text with no photo are captions whose
 *    photos were lost (caption_run: body, or figures with --captions auto).
 * 5. Finish. Punctuation is normalized (normalize.c), the language guessed,
 *    photos from --images assigned in order, placeholders named
 *    (importphotos.c).
 *
 * Nothing is dropped without a reason in the report; everything not
 * furniture stays in the body. */
#include "import.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/limit.h"
#include "../base/util.h"
#include "../base/cjkchar.h"
#include "encoding.h"
#include "importrules.h"
#include "normalize.h"

enum { HEADER_LINES = 3 };

/* Hard-wrap detection (pass 2) and captions (pass 4). */
static const struct {
    int min_pairs;        /* text lines followed by text lines needed to judge */
    double similar;       /* share of them within `tolerance` of the median width */
    double tolerance;     /* relative, at least 2 characters */
    double open;          /* share of them ending without a sentence mark */
    double max_width;     /* wider lines are web paragraphs, not a wrap */
    double full;          /* a line this share of the median runs on */
    double caption_after; /* a text line after a placeholder up to this width is its caption */
} LIMITS = {3, 0.6, 0.1, 0.5, 100, 0.8, 100};

typedef struct {
    int no;
    char *text;
    bool indented;
    pb_line_info li;
    const char *role, *why;
} iline;

typedef struct {
    int first, last; /* line indices */
    pb_line_kind kind;
    char *text;
    bool consumed;
} unit;

typedef struct {
    int block, fam; /* a numbered head: its block and its numbering (pb_line_info num) */
} numbered_head;

typedef struct {
    pb_doc *doc;
    pb_arena *a;
    pb_diags *d;
    iline *L;
    int nl;
    unit *U;
    int nu;
    PB_VEC(pb_block) blocks;
    PB_VEC(char *) credits;
    PB_VEC(int) uncaptioned; /* block indices of figures without a caption, oldest first */
    PB_VEC(numbered_head) numbered; /* levels set after the body (head_levels) */
    int last_fig;            /* block index of the figure a photo credit may join; -1 */
    int prev;                /* the last body unit taken, -1 */
    int title_unit;
    char *title_line; /* the full line that gave the title */
    bool wrapped;
    bool record_value; /* the last line was a record table's label with no value after it */
    const char *last_image; /* the file name of the last "image file" placeholder, or NULL */
} builder;

/* ---- pass 1: lines ---- */

static bool is_cjk_punct(uint32_t c)
{
    return (c >= 0x3001 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) ||
           (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
           (c >= 0xFF5B && c <= 0xFF65);
}

/* Blanks, and the breaks that may stand inside a pasted line (VT, a manual
 * line break from Word; FF; NEL, U+2028, U+2029). */
static bool is_blank_c(uint32_t c)
{
    return c == ' ' || c == '\t' || c == 0xA0 || c == 0x3000 || c == '\f' || c == '\v' ||
           c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* Zero-width characters and controls (C0, DEL, C1). */
static bool is_invisible(uint32_t c)
{
    return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF ||
           (c < 0x20 && !is_blank_c(c)) || (c >= 0x7F && c <= 0x9F && !is_blank_c(c));
}

/* The line without indent, invisible characters and stray spaces. Arena copy. */
static char *clean_line(const char *s, size_t n, pb_arena *a, bool *indented)
{
    PB_VEC(uint32_t) cp = {0};
    *indented = false;
    for (size_t i = 0; i < n;) {
        int adv;
        uint32_t c = pb_utf8_decode(s + i, n - i, &adv);
        i += (size_t)adv;
        if (is_invisible(c))
            continue;
        if (is_blank_c(c)) {
            if (!cp.n)
                *indented = true;
            c = ' ';
        }
        PB_PUSH(cp, c);
    }
    pb_buf out = {0};
    uint32_t prev = 0;
    for (size_t i = 0; i < cp.n; i++) {
        uint32_t c = cp.v[i];
        if (c == ' ') {
            size_t j = i;
            while (j < cp.n && cp.v[j] == ' ')
                j++;
            bool keep = prev && j < cp.n && !is_cjk_punct(prev) && !is_cjk_punct(cp.v[j]);
            if (keep)
                pb_buf_add(&out, " ", 1);
            i = j - 1;
            continue;
        }
        char u[4];
        pb_buf_add(&out, u, (size_t)pb_utf8_encode(c, u));
        prev = c;
    }
    char *r = pb_arena_strndup(a, out.s ? out.s : "", out.n);
    pb_buf_fini(&out);
    free(cp.v);
    return r;
}

static void read_lines(builder *b, const char *s, size_t n)
{
    PB_VEC(iline) v = {0};
    for (size_t i = 0; i <= n;) {
        size_t j = i;
        while (j < n && s[j] != '\n' && s[j] != '\r')
            j++;
        if (j == n && i == n && v.n)
            break; /* no empty last line after a final line end */
        iline l = {.no = (int)v.n + 1};
        l.text = clean_line(s + i, j - i, b->a, &l.indented);
        l.li = pb_importrules_line(l.text, b->a);
        PB_PUSH(v, l);
        i = j + (j < n && s[j] == '\r' && j + 1 < n && s[j + 1] == '\n' ? 2 : 1);
    }
    b->nl = (int)v.n;
    b->L = pb_arena_copy(b->a, v.v, v.n, sizeof *v.v);
    free(v.v);
}

/* ---- pass 2: paragraphs ---- */

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

static bool is_text(const iline *l)
{
    return l->li.kind == PB_LINE_TEXT;
}

/* The median width of text lines followed by a text line, when the text is
 * hard-wrapped; 0 when it is not. */
static double wrap_width(const builder *b)
{
    PB_VEC(double) w = {0};
    int open = 0;
    for (int i = 0; i + 1 < b->nl; i++) {
        if (!is_text(&b->L[i]) || !is_text(&b->L[i + 1]))
            continue;
        PB_PUSH(w, pb_importrules_width(b->L[i].text));
        open += !pb_importrules_sentence_end(b->L[i].text);
    }
    double median = 0;
    if (w.n >= (size_t)LIMITS.min_pairs) {
        qsort(w.v, w.n, sizeof *w.v, cmp_double);
        double m = w.v[w.n / 2], tol = m * LIMITS.tolerance < 2 ? 2 : m * LIMITS.tolerance;
        size_t similar = 0;
        for (size_t i = 0; i < w.n; i++)
            similar += w.v[i] >= m - tol && w.v[i] <= m + tol;
        if (m <= LIMITS.max_width && similar >= LIMITS.similar * (double)w.n &&
            open >= LIMITS.open * (double)w.n)
            median = m;
    }
    free(w.v);
    return median;
}

/* The last (or first) byte of s when it is an ASCII letter or digit; else 0. */
static char latin_end(const char *s, bool at_end)
{
    size_t n = strlen(s);
    if (!n)
        return 0;
    unsigned char c = (unsigned char)(at_end ? s[n - 1] : s[0]);
    return c < 0x80 && isalnum(c) ? (char)c : 0;
}

/* Two wrapped lines join with a space between Latin words, with nothing in
 * CJK text and inside a number a character-count wrap cut in two. */
static bool join_with_space(const char *before, const char *after)
{
    char a = latin_end(before, true), b = latin_end(after, false);
    return a && b && !(isdigit((unsigned char)a) && isdigit((unsigned char)b));
}

static void make_units(builder *b)
{
    double width = wrap_width(b);
    b->wrapped = width > 0;
    int indented = 0, texts = 0;
    for (int i = 0; i < b->nl; i++)
        if (is_text(&b->L[i])) {
            texts++;
            indented += b->L[i].indented;
        }
    bool indent_style = texts > 0 && indented * 10 >= texts * 3;
    PB_VEC(unit) v = {0};
    for (int i = 0; i < b->nl; i++) {
        iline *l = &b->L[i];
        if (l->li.kind == PB_LINE_BLANK) {
            l->role = "blank";
            continue;
        }
        unit u = {.first = i, .last = i, .kind = l->li.kind, .text = l->text};
        if (b->wrapped && is_text(l)) {
            pb_buf t = {0};
            pb_buf_adds(&t, l->text);
            while (u.last + 1 < b->nl && is_text(&b->L[u.last + 1]) &&
                   pb_importrules_width(b->L[u.last].text) >= LIMITS.full * width &&
                   !(indent_style && b->L[u.last + 1].indented)) {
                const char *next = b->L[++u.last].text;
                if (join_with_space(t.s, next))
                    pb_buf_add(&t, " ", 1);
                pb_buf_adds(&t, next);
            }
            u.text = pb_arena_strndup(b->a, t.s, t.n);
            pb_buf_fini(&t);
            i = u.last;
        }
        PB_PUSH(v, u);
    }
    b->nu = (int)v.n;
    b->U = pb_arena_copy(b->a, v.v, v.n, sizeof *v.v);
    free(v.v);
}

/* ---- roles for the report ---- */

static void set_role(builder *b, const unit *u, const char *role, const char *why)
{
    for (int i = u->first; i <= u->last; i++) {
        b->L[i].role = role;
        b->L[i].why = why;
    }
}

static void drop(builder *b, unit *u, const char *why)
{
    set_role(b, u, "dropped", why);
    u->consumed = true;
}

static const pb_line_info *info(const builder *b, const unit *u)
{
    return &b->L[u->first].li;
}

/* ---- meta fields ---- */

static bool is_colon(uint32_t c)
{
    return c == ':' || c == 0xFF1A;
}

/* The last character of s; 0 when empty. */
static uint32_t last_char(const char *s)
{
    size_t n = strlen(s), i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0)
        i--;
    int adv;
    return n ? pb_utf8_decode(s + i, n - i, &adv) : 0;
}

/* The value line after a record table's label alone (索引号： / 6107…-001). */
static bool record_value(builder *b, unit *u)
{
    bool was = b->record_value;
    b->record_value = false;
    if (!was || (u->kind != PB_LINE_TEXT && u->kind != PB_LINE_NUMBERED) ||
        pb_importrules_width(u->text) > 40 || pb_importrules_sentence_end(u->text))
        return false;
    set_role(b, u, "dropped", "record table");
    u->consumed = true;
    return true;
}

static void add_credit(builder *b, const char *s)
{
    PB_PUSH(b->credits, (char *)s);
}

static void role_add(pb_buf *r, const char *name)
{
    if (!strstr(r->s ? r->s : "", name))
        pb_buf_addf(r, "%s%s", r->n ? "+" : "", name);
}

/* Fields of a date/credit line into the front matter: the first date, source
 * and byline fill their keys; later ones, and credits, join the credits. */
static void apply_meta(builder *b, unit *u)
{
    const pb_line_info *li = info(b, u);
    pb_meta *m = &b->doc->meta;
    pb_buf r = {0};
    if (li->date && !m->date) {
        m->date = li->date;
        role_add(&r, "date");
    } else if (li->date) {
        add_credit(b, li->date);
        role_add(&r, "credit");
    }
    if (li->updated && !m->updated) {
        m->updated = li->updated;
        role_add(&r, "updated");
    }
    if (li->source && !m->source) {
        m->source = li->source;
        role_add(&r, "source");
    } else if (li->source) {
        char *c = pb_strdupf("来源：%s", li->source);
        add_credit(b, pb_arena_strdup(b->a, c));
        free(c);
        role_add(&r, "credit");
    }
    if (li->byline && !m->byline) {
        m->byline = li->byline;
        role_add(&r, "byline");
    } else if (li->byline) {
        add_credit(b, li->byline);
        role_add(&r, "credit");
    }
    for (int i = 0; i < li->ncredits; i++)
        add_credit(b, li->credits[i]);
    if (li->ncredits)
        role_add(&r, "credit");
    if (r.n)
        set_role(b, u, pb_arena_strndup(b->a, r.s, r.n), li->rule);
    else /* counters (浏览：…), a record table (索引号：…), tags (关键词：…) */
        set_role(b, u, "dropped", strcmp(li->rule, "meta") ? li->rule : "counter");
    pb_buf_fini(&r);
    u->consumed = true;
    /* 索引号： with its value on the next line, as a record table copied by column */
    b->record_value = !strcmp(li->rule, "record table") && is_colon(last_char(u->text));
}

static void apply_byline(builder *b, unit *u)
{
    pb_meta *m = &b->doc->meta;
    if (!m->byline) {
        m->byline = u->text;
        set_role(b, u, "byline", info(b, u)->rule);
    } else {
        add_credit(b, u->text);
        set_role(b, u, "credit", info(b, u)->rule);
    }
    u->consumed = true;
}

/* ---- pass 3: the header ---- */

static bool kicker_like(const char *s)
{
    static const char *const SERIES[] = {"系列", "专栏", "專欄", "专题", "專題", "之一",
                                         "之二", "之三", "之四", "之五", "之六", "之七",
                                         "之八", "之九", "之十", "期",   NULL};
    int adv;
    uint32_t c = pb_utf8_decode(s, strnlen(s, 4), &adv);
    if (c == 0x201C || c == 0x300C || c == 0x300E || c == 0x300A || c == 0x3010 || c == '"')
        return true;
    size_t n = strlen(s);
    for (size_t i = 0; SERIES[i]; i++) {
        size_t m = strlen(SERIES[i]);
        if (i < 5 ? strstr(s, SERIES[i]) != NULL : n >= m && !strcmp(s + n - m, SERIES[i]))
            return true;
    }
    return false;
}

static void set_header(builder *b, unit *u, char **slot, const char *text, const char *role)
{
    *slot = (char *)text;
    set_role(b, u, role, info(b, u)->rule);
    u->consumed = true;
}

/* The unlabelled title-shaped lines cand[0..nc) become kicker, title, subtitle. */
static void assign_candidates(builder *b, int *cand, int nc)
{
    pb_meta *m = &b->doc->meta;
    unit *c[HEADER_LINES] = {0};
    for (int i = 0; i < nc; i++)
        c[i] = &b->U[cand[i]];
    if (!m->title) {
        int t = nc == 3 || (nc == 2 && !m->kicker && kicker_like(c[0]->text)) ? 1 : 0;
        if (t == 1 && !m->kicker)
            set_header(b, c[0], &m->kicker, c[0]->text, "kicker");
        set_header(b, c[t], &m->title, c[t]->text, "title");
        b->title_unit = cand[t];
        b->title_line = c[t]->text;
        if (t + 1 < nc && !m->subtitle)
            set_header(b, c[t + 1], &m->subtitle, c[t + 1]->text, "subtitle");
        return;
    }
    for (int i = 0; i < nc; i++) {
        if (cand[i] < b->title_unit && !m->kicker)
            set_header(b, c[i], &m->kicker, c[i]->text, "kicker");
        else if (cand[i] > b->title_unit && !m->subtitle)
            set_header(b, c[i], &m->subtitle, c[i]->text, "subtitle");
    }
}

static bool same_as_title(const builder *b, const char *s)
{
    const pb_meta *m = &b->doc->meta;
    return (m->title && !strcmp(s, m->title)) || (b->title_line && !strcmp(s, b->title_line));
}

/* Labelled header lines: 引题：, 主题：, 副题：, kicker | title, —— subtitle.
 * Returns false when the line ends the header. */
static bool header_label(builder *b, unit *u, int i, int nc, bool after_meta)
{
    pb_meta *m = &b->doc->meta;
    const pb_line_info *li = info(b, u);
    switch (u->kind) {
    case PB_LINE_KICKER:
        if (m->kicker)
            return false;
        set_header(b, u, &m->kicker, li->a, "kicker");
        return true;
    case PB_LINE_TITLE:
        if (m->title)
            return false;
        set_header(b, u, &m->title, li->a, "title");
        b->title_unit = i;
        return true;
    case PB_LINE_SUBTITLE:
        if (m->subtitle || (!m->title && !nc))
            return false;
        set_header(b, u, &m->subtitle, li->a, "subtitle");
        return true;
    case PB_LINE_KICKER_TITLE:
        if (m->title || nc || after_meta)
            return false;
        m->kicker = li->a;
        set_header(b, u, &m->title, li->b, "kicker+title");
        b->title_unit = i;
        b->title_line = u->text;
        return true;
    default: return false;
    }
}

static void header(builder *b)
{
    int cand[HEADER_LINES], nc = 0;
    bool after_meta = false;
    b->title_unit = -1;
    for (int i = 0; i < b->nu; i++) {
        unit *u = &b->U[i];
        bool have_title = nc || b->doc->meta.title;
        if (record_value(b, u))
            continue;
        switch (u->kind) {
        case PB_LINE_FURNITURE:
        case PB_LINE_RELATED: /* at the top: a menu, not a tail */
            drop(b, u, info(b, u)->rule);
            continue;
        case PB_LINE_META:
            apply_meta(b, u);
            after_meta |= have_title;
            continue;
        case PB_LINE_BYLINE:
            apply_byline(b, u);
            after_meta |= have_title;
            continue;
        case PB_LINE_TEXT: {
            bool repeat = same_as_title(b, u->text);
            for (int k = 0; k < nc && !repeat; k++)
                repeat = !strcmp(b->U[cand[k]].text, u->text);
            if (repeat) {
                drop(b, u, "repeated title");
                continue;
            }
            if (after_meta || nc == HEADER_LINES || !pb_importrules_title_shape(u->text))
                break;
            cand[nc++] = i;
            u->consumed = true;
            continue;
        }
        default:
            if (header_label(b, u, i, nc, after_meta))
                continue;
            break;
        }
        break;
    }
    for (int k = 0; k < nc; k++)
        b->U[cand[k]].consumed = false;
    if (nc)
        assign_candidates(b, cand, nc);
}

/* ---- pass 4: the body ---- */

/* A full stop typed half-width after CJK text (研学营.志工) becomes 。, one
 * between two short words (光影.敘事) ·, as pb_importrules_period() decides;
 * 3.5, Fig. and ... stay. Run after pb_normalize_text (which makes "…" into
 * “…”, so the stop after a closing quote is seen); it changes only the bytes
 * after each stop, and a note's bold label comes before any. Arena copy. */
static char *cjk_periods(const char *s, pb_arena *a)
{
    if (!strchr(s, '.'))
        return (char *)s;
    pb_buf out = {0};
    size_t n = strlen(s), from = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = s[i] == '.' ? pb_importrules_period(s, n, i) : 0;
        if (!c)
            continue;
        pb_buf_add(&out, s + from, i - from);
        pb_buf_adds(&out, c == 0xB7 ? "·" : "。");
        from = i + 1;
    }
    pb_buf_add(&out, s + from, n - from);
    char *r = pb_arena_strndup(a, out.s ? out.s : "", out.n);
    pb_buf_fini(&out);
    return r;
}

/* s as a pb_text, punctuation normalized, bytes [bold, bold + nbold) strong. */
static pb_text make_text(builder *b, const char *s, int bold, int nbold)
{
    pb_text t = {.s = (char *)s, .len = (int)strlen(s)};
    t.spans = PB_NEWN(b->a, pb_span, 1);
    if (nbold > 0) {
        t.spans[0] = (pb_span){bold, nbold, PB_SPAN_STRONG};
        t.nspans = 1;
    }
    pb_text n = pb_normalize_text(&t, b->a);
    n.s = cjk_periods(n.s, b->a);
    n.len = (int)strlen(n.s);
    return n;
}

static void emit(builder *b, pb_block_kind kind, const unit *u, const char *text, int level)
{
    pb_block blk = {.kind = kind, .line = b->L[u->first].no, .level = level};
    blk.text = make_text(b, text, 0, 0);
    PB_PUSH(b->blocks, blk);
    b->last_fig = -1;
}

static int next_content(const builder *b, int i)
{
    for (int j = i + 1; j < b->nu; j++)
        if (!b->U[j].consumed && b->U[j].kind != PB_LINE_FURNITURE)
            return j;
    return -1;
}

static bool short_text(const builder *b, int i)
{
    return i >= 0 && b->U[i].kind == PB_LINE_TEXT && pb_importrules_head_shape(b->U[i].text);
}

/* A short line is a head when a paragraph (or a photo) follows and the line
 * before is not short too. */
static bool is_head(const builder *b, int i)
{
    if (!pb_importrules_head_shape(b->U[i].text) || short_text(b, b->prev))
        return false;
    int j = next_content(b, i);
    if (j < 0)
        return false;
    pb_line_kind k = b->U[j].kind;
    return (k == PB_LINE_TEXT && !short_text(b, j)) || k == PB_LINE_PLACEHOLDER ||
           k == PB_LINE_CAPTION || k == PB_LINE_NOTE;
}

/* A numbered line is a head unless it is one of a list (the line before or
 * after numbered alike) or the last line. */
static bool is_numbered_head(const builder *b, int i)
{
    int fam = info(b, &b->U[i])->num, j = next_content(b, i);
    if (j < 0)
        return false;
    const unit *n = &b->U[j], *p = b->prev >= 0 ? &b->U[b->prev] : NULL;
    if (n->kind == PB_LINE_NUMBERED && info(b, n)->num == fam)
        return false;
    return !(p && p->kind == PB_LINE_NUMBERED && info(b, p)->num == fam && b->L[p->first].role &&
             !strcmp(b->L[p->first].role, "body"));
}

static int new_figure(builder *b, const unit *u, const char *caption)
{
    pb_block f = {.kind = PB_BLOCK_FIGURE, .line = b->L[u->first].no};
    f.text = make_text(b, caption ? caption : "", 0, 0);
    PB_PUSH(b->blocks, f);
    int k = (int)b->blocks.n - 1;
    if (!caption)
        PB_PUSH(b->uncaptioned, k);
    b->last_fig = k;
    return k;
}

static void set_caption(builder *b, int fig, const char *caption)
{
    b->blocks.v[fig].text = make_text(b, caption, 0, 0);
    for (size_t i = 0; i < b->uncaptioned.n; i++)
        if (b->uncaptioned.v[i] == fig) {
            memmove(b->uncaptioned.v + i, b->uncaptioned.v + i + 1,
                    (b->uncaptioned.n - i - 1) * sizeof *b->uncaptioned.v);
            b->uncaptioned.n--;
            break;
        }
    b->last_fig = fig;
}

static void caption(builder *b, unit *u)
{
    if (b->uncaptioned.n)
        set_caption(b, b->uncaptioned.v[0], u->text);
    else
        new_figure(b, u, u->text);
    set_role(b, u, "caption", info(b, u)->rule);
}

/* A credit (记者 XXX 摄) joins the caption of the figure just before it;
 * alone, it stands for a photo whose placeholder was lost. */
static void photo_credit(builder *b, unit *u)
{
    int f = b->last_fig;
    if (f < 0) {
        new_figure(b, u, u->text);
        set_role(b, u, "caption", "photo credit");
        return;
    }
    const pb_text *t = &b->blocks.v[f].text;
    char *c = pb_strdupf("%s%s%s", t->s, t->len && latin_end(t->s, true) ? " " : "", u->text);
    set_caption(b, f, c);
    free(c);
    set_role(b, u, "caption", "photo credit");
}

/* The label's word without its brackets and colon, which would keep
 * CommonMark from reading **…** as strong next to a letter (flanking rules). */
static void label_word(const char *label, int *start, int *len)
{
    static const char *const OPEN[] = {"【", "〔", "（", "[", "(", NULL};
    static const char *const CLOSE[] = {"：", "】", "〕", "）", ":", "]", ")", NULL};
    size_t s = 0, e = strlen(label);
    for (size_t i = 0; OPEN[i]; i++)
        if (!strncmp(label, OPEN[i], strlen(OPEN[i])))
            s = strlen(OPEN[i]);
    for (bool again = true; again;) {
        again = false;
        for (size_t i = 0; CLOSE[i]; i++) {
            size_t m = strlen(CLOSE[i]);
            if (e >= s + m && !strncmp(label + e - m, CLOSE[i], m)) {
                e -= m;
                again = true;
            }
        }
    }
    *start = (int)s;
    *len = (int)(e - s);
}

static void note(builder *b, int i)
{
    unit *u = &b->U[i];
    const pb_line_info *li = info(b, u);
    const char *label = li->a, *body = li->b;
    int j = -1;
    if (!body) {
        j = next_content(b, i);
        if (j < 0 || b->U[j].kind == PB_LINE_NOTE || b->U[j].kind == PB_LINE_PLACEHOLDER ||
            b->U[j].kind == PB_LINE_CAPTION || b->U[j].kind == PB_LINE_RELATED) {
            emit(b, PB_BLOCK_PARA, u, u->text, 0);
            set_role(b, u, "body", "note label alone");
            return;
        }
        body = b->U[j].text;
    }
    size_t ln = strlen(label);
    bool closed = ln >= 3 && (!strcmp(label + ln - 3, "：") || !strcmp(label + ln - 3, "】"));
    char *s = pb_strdupf("%s%s%s", label, closed || label[ln - 1] == ':' ? "" : " ", body);
    pb_block n = {.kind = PB_BLOCK_NOTE, .line = b->L[u->first].no, .nchildren = 1};
    n.children = PB_NEW(b->a, pb_block);
    n.children[0] = (pb_block){.kind = PB_BLOCK_PARA, .line = n.line};
    int bold, nbold;
    label_word(label, &bold, &nbold);
    n.children[0].text = make_text(b, s, bold, nbold);
    free(s);
    PB_PUSH(b->blocks, n);
    b->last_fig = -1;
    set_role(b, u, "note", li->b ? "note" : "note label");
    if (j >= 0) {
        set_role(b, &b->U[j], "note", "after the label");
        b->U[j].consumed = true;
    }
}

/* The bracket's content, without the brackets. */
static char *unbracket_credit(builder *b, const char *credit)
{
    int adv;
    pb_utf8_decode(credit, strlen(credit), &adv);
    size_t n = strlen(credit), st = n - 1;
    while (st > 0 && ((unsigned char)credit[st] & 0xC0) == 0x80)
        st--;
    return pb_arena_strndup(b->a, credit + adv, st - (size_t)adv);
}

/* A reporter's or editor's credit in brackets closing a paragraph after its
 * last sentence: ……周末。（总台记者 吴某）, ……。(编辑：XXX). Where it starts, or
 * NULL. */
static const char *closing_credit(builder *b, const char *s)
{
    size_t n = strlen(s);
    if (n < 4 || !(s[n - 1] == ')' || !strcmp(s + n - 3, "）")))
        return NULL;
    const char *open = NULL;
    for (const char *p = s; *p; p++)
        if (*p == '(' || !strncmp(p, "（", 3))
            open = p;
    if (!open || open == s || pb_importrules_width(open) > 30)
        return NULL;
    char *before = pb_arena_strndup(b->a, s, (size_t)(open - s));
    if (!pb_importrules_sentence_end(before))
        return NULL;
    pb_line_info li = pb_importrules_line(unbracket_credit(b, open), b->a);
    bool credit = li.kind == PB_LINE_BYLINE ||
                  (li.kind == PB_LINE_META && (li.byline || li.ncredits) && !li.date);
    return credit ? open : NULL;
}

/* Text, head or caption: what a line of no special kind is in the body. */
static void text_unit(builder *b, int i)
{
    unit *u = &b->U[i];
    if (same_as_title(b, u->text)) {
        set_role(b, u, "dropped", "repeated title");
        return;
    }
    int f = b->last_fig;
    if (f >= 0 && b->prev >= 0 && b->U[b->prev].kind == PB_LINE_PLACEHOLDER &&
        !b->blocks.v[f].text.len && pb_importrules_width(u->text) <= LIMITS.caption_after) {
        set_caption(b, f, u->text);
        set_role(b, u, "caption", "after a placeholder");
        return;
    }
    if (u->kind == PB_LINE_NUMBERED ? is_numbered_head(b, i) : is_head(b, i)) {
        emit(b, PB_BLOCK_HEAD, u, u->text, 2);
        if (u->kind == PB_LINE_NUMBERED)
            PB_PUSH(b->numbered, ((numbered_head){(int)b->blocks.n - 1, info(b, u)->num}));
        set_role(b, u, "head", u->kind == PB_LINE_NUMBERED ? "numbered" : "short line");
        return;
    }
    const char *text = u->text, *credit = closing_credit(b, text);
    if (credit) {
        text = pb_arena_strndup(b->a, text, (size_t)(credit - text));
        pb_line_info li = pb_importrules_line(unbracket_credit(b, credit), b->a);
        bool byline = li.kind == PB_LINE_BYLINE && !b->doc->meta.byline;
        if (byline)
            b->doc->meta.byline = pb_arena_strdup(b->a, unbracket_credit(b, credit));
        else
            add_credit(b, unbracket_credit(b, credit));
        emit(b, PB_BLOCK_PARA, u, text, 0);
        set_role(b, u, byline ? "body+byline" : "body+credit", "credit in brackets");
        return;
    }
    emit(b, PB_BLOCK_PARA, u, text, 0);
    set_role(b, u, "body", b->wrapped && u->last > u->first ? "joined" : NULL);
}

static void body_unit(builder *b, int i)
{
    unit *u = &b->U[i];
    switch (u->kind) {
    case PB_LINE_FURNITURE: drop(b, u, info(b, u)->rule); return;
    case PB_LINE_META: apply_meta(b, u); return;
    case PB_LINE_BYLINE: apply_byline(b, u); return;
    case PB_LINE_NOTE: note(b, i); break;
    case PB_LINE_PLACEHOLDER: {
        const char *name = info(b, u)->a; /* an image file's name, else NULL */
        if (name && b->last_image && !strcmp(name, b->last_image) && b->prev >= 0 &&
            b->U[b->prev].kind == PB_LINE_PLACEHOLDER) {
            drop(b, u, "repeated image name");
            return;
        }
        b->last_image = name;
        new_figure(b, u, NULL);
        set_role(b, u, "figure", info(b, u)->rule);
        break;
    }
    case PB_LINE_CAPTION: caption(b, u); break;
    case PB_LINE_PHOTO_CREDIT: photo_credit(b, u); break;
    default: text_unit(b, i); break;
    }
    b->prev = i;
}

static void body(builder *b)
{
    b->last_fig = b->prev = -1;
    bool tail = false;
    for (int i = 0; i < b->nu; i++) {
        unit *u = &b->U[i];
        if (u->consumed)
            continue;
        if (u->kind == PB_LINE_RELATED)
            tail = true;
        if (!tail) {
            if (!record_value(b, u))
                body_unit(b, i);
            continue;
        }
        if (u->kind == PB_LINE_META)
            apply_meta(b, u);
        else
            drop(b, u, u->kind == PB_LINE_RELATED ? "related" : "related tail");
    }
    /* Placeholders without a caption after the last text: a logo or a QR code. */
    while (b->blocks.n && b->blocks.v[b->blocks.n - 1].kind == PB_BLOCK_FIGURE &&
           !b->blocks.v[b->blocks.n - 1].text.len) {
        b->L[b->blocks.v[b->blocks.n - 1].line - 1].role = "dropped";
        b->L[b->blocks.v[b->blocks.n - 1].line - 1].why = "trailing image";
        b->blocks.n--;
    }
}

/* ---- captions whose photos were lost ---- */

enum { CAPTION_RUN_MAX = 25 }; /* characters of a caption-like line */

/* One short sentence describing a scene: no quotes, no colon, no second
 * sentence, ending in 。 or in no mark. */
static bool caption_like(const char *s)
{
    double w = pb_importrules_width(s);
    if (w < 4 || w > CAPTION_RUN_MAX)
        return false;
    size_t n = strlen(s);
    int marks = 0;
    for (size_t i = 0; i < n;) {
        int adv;
        uint32_t c = pb_utf8_decode(s + i, n - i, &adv);
        i += (size_t)adv;
        if (c == 0x201C || c == 0x300C || c == 0x300E || c == '"' || c == 0xFF1A || c == ':' ||
            c == 0xFF01 || c == 0xFF1F || c == 0xFF1B || c == 0x2026)
            return false;
        if (c == 0x3002 && (marks++ || i < n))
            return false;
    }
    return true;
}

/* Two or more short caption-like paragraphs closing a text with no photo:
 * captions whose photos were lost in the copy. Kept as body, the report
 * saying so, or with --captions auto figures with those captions. */
static void caption_run(builder *b, bool figures)
{
    size_t n = b->blocks.n, k = n;
    for (size_t i = 0; i < n; i++)
        if (b->blocks.v[i].kind == PB_BLOCK_FIGURE)
            return;
    while (k > 0 && b->blocks.v[k - 1].kind == PB_BLOCK_PARA &&
           caption_like(b->blocks.v[k - 1].text.s))
        k--;
    if (n - k < 2 || k == 0)
        return;
    for (size_t i = k; i < n; i++) {
        pb_block *blk = &b->blocks.v[i];
        iline *l = &b->L[blk->line - 1];
        if (figures) {
            blk->kind = PB_BLOCK_FIGURE;
            l->role = "caption";
            l->why = "caption run";
        } else {
            l->why = "looks like a caption";
        }
    }
}

/* Numbered heads are ranked as official documents number them (GB/T 9704):
 * 第一章 over 一、 over （一） over 1. over （1）, then ①; the rank of each
 * numbering (pb_line_info num). */
static const int NUMBER_RANK[] = {[4] = 0, [1] = 1, [2] = 2, [3] = 3, [6] = 4, [5] = 5};
enum { NRANKS = 6 };

/* The levels of the numbered heads, relative to the numberings the text
 * uses: the highest is ##, the next ###, any lower ####. A text with only
 * 1. heads has them as ##; an unnumbered head is ##. */
static void head_levels(builder *b)
{
    bool used[NRANKS] = {0};
    int level[NRANKS], next = 2;
    for (size_t i = 0; i < b->numbered.n; i++)
        used[NUMBER_RANK[b->numbered.v[i].fam]] = true;
    for (int r = 0; r < NRANKS; r++)
        if (used[r])
            level[r] = next < 4 ? next++ : 4;
    for (size_t i = 0; i < b->numbered.n; i++)
        if (b->numbered.v[i].block < (int)b->blocks.n)
            b->blocks.v[b->numbered.v[i].block].level = level[NUMBER_RANK[b->numbered.v[i].fam]];
}

/* ---- finish ---- */

static char *norm(builder *b, const char *s)
{
    return s ? cjk_periods(pb_normalize_string(s, b->a), b->a) : NULL;
}

static void finish_meta(builder *b, const char *text, size_t len)
{
    pb_meta *m = &b->doc->meta;
    m->title = norm(b, m->title);
    m->kicker = norm(b, m->kicker);
    m->subtitle = norm(b, m->subtitle);
    m->byline = norm(b, m->byline);
    m->source = norm(b, m->source);
    m->updated = norm(b, m->updated);
    m->ncredits = (int)b->credits.n;
    m->credits = PB_NEWN(b->a, char *, b->credits.n + 1);
    for (size_t i = 0; i < b->credits.n; i++)
        m->credits[i] = norm(b, b->credits.v[i]);
    m->lang = pb_arena_strdup(b->a, pb_importrules_lang(text, len));
}

static void fill_report(builder *b, pb_import_report *rep)
{
    rep->lines = PB_NEWN(b->a, pb_import_line, b->nl + 1);
    rep->nlines = b->nl;
    rep->wrapped = b->wrapped;
    for (int i = 0; i < b->nl; i++) {
        const iline *l = &b->L[i];
        rep->lines[i] = (pb_import_line){l->no, l->role ? l->role : "body", l->why, l->text};
    }
}

pb_doc *pb_import_parse(const char *buf, size_t len, const char *path, const pb_import_settings *s,
                        pb_import_report *rep, pb_diags *d)
{
    if (!path)
        path = "-";
    size_t n;
    const char *used;
    char *text = pb_encoding_decode(buf, len, s ? s->encoding : NULL, path, &n, &used, d);
    if (!text)
        return NULL;
    pb_arena *a = pb_arena_new();
    pb_doc *doc = PB_NEW(a, pb_doc);
    doc->arena = a;
    doc->path = pb_arena_strdup(a, path);
    char *dir = s && s->base_dir ? pb_xstrdup(s->base_dir) : pb_path_dir(path);
    doc->dir = pb_arena_strdup(a, dir);
    free(dir);

    builder b = {.doc = doc, .a = a, .d = d};
    pb_import_report local;
    if (!rep)
        rep = &local;
    *rep = (pb_import_report){.encoding = used};
    read_lines(&b, text, n);
    make_units(&b);
    header(&b);
    if (s && s->title && *s->title) {
        doc->meta.title = pb_arena_strdup(a, s->title);
    } else if (!doc->meta.title) {
        pb_warn(d, doc->path, 0,
                "no title line was found: the article has no title (give one with --title)");
    }
    body(&b);
    caption_run(&b, s && s->captions_auto);
    head_levels(&b);
    finish_meta(&b, text, n);
    doc->nblocks = (int)b.blocks.n;
    doc->blocks = PB_NEWN(a, pb_block, b.blocks.n + 1);
    if (b.blocks.n)
        memcpy(doc->blocks, b.blocks.v, b.blocks.n * sizeof *b.blocks.v);
    bool ok = pb_import_photos(doc, s, rep, d);
    fill_report(&b, rep);
    if (ok && !doc->nblocks)
        pb_warn(d, doc->path, 0, "no body text was found in the article");
    free(b.blocks.v);
    free(b.credits.v);
    free(b.uncaptioned.v);
    free(b.numbered.v);
    free(text);
    if (!ok) {
        pb_doc_free(doc);
        return NULL;
    }
    return doc;
}

pb_doc *pb_import_load(const char *path, const pb_import_settings *s, pb_import_report *rep,
                       pb_diags *d)
{
    size_t len;
    char *buf = pb_limit_read_input(path, &len, d);
    if (!buf)
        return NULL;
    pb_doc *doc = pb_import_parse(buf, len, path, s, rep, d);
    free(buf);
    return doc;
}
