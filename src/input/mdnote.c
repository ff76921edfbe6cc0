/* mdnote: footnotes in the Markdown body, as GitHub writes them.
 *
 * cmark parses CommonMark, which has no footnotes, so they are handled
 * around its walk. The definitions ([^label]: text, with indented or lazy
 * continuation lines) are taken out of the body before cmark sees it (their
 * lines emptied, so line numbers stay true); each reference [^label] in the
 * flattened text of a paragraph becomes "[1]" (a PB_SPAN_NOTEREF span,
 * numbered in the order of first reference); and after the walk the notes
 * are set at the article's end under a title, each "[1] text" (blocks
 * PB_PARA_FOOTNOTE), the text of each walked as Markdown of its own. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "doc.h"
#include "mdwalk.h"

/* A footnote definition. */
typedef struct pb_footnote {
    char *label;
    pb_buf text;  /* its Markdown, one line per file line from `line` on */
    int line;     /* file line of the definition */
    int number;   /* 0 until referenced (or set at the end unreferenced) */
    int first;    /* index of the first definition of the same label (itself if none) */
} footnote;

typedef struct pb_labelled {
    const char *label;
    int note; /* index into the notes */
} labelled;

enum { MAX_LABEL = 64 };

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
    while (b < n && b - a <= MAX_LABEL && s[b] != ']' && s[b] != '[' && !pb_markup_is_space(s[b]))
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
const char *pb_mdnote_take(pb_mdwalker *w, const char *md, size_t len)
{
    if (!find_caret(md, len))
        return md;
    char *copy = NULL;
    pb_mdoffsets L = {0};
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
static footnote *find_note(pb_mdwalker *w, const char *s, size_t n)
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
    while (b < n && b - a <= MAX_LABEL && s[b] != ']' && s[b] != '[' && !pb_markup_is_space(s[b]))
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
void pb_mdnote_number(pb_mdwalker *w, pb_mdflat *f, int line)
{
    const char *s = f->buf.s;
    size_t n = f->buf.n;
    if (!s || !find_caret(s, n))
        return;
    pb_mdflat g = {0};
    size_t done = 0, k = 0, kg = 0;
    bool warned = false, changed = false;
    for (const char *p; done < n && (p = find_caret(s + done, n - done));) {
        size_t i = (size_t)(p - s), l0 = 0, l1 = 0, end = reference_at(s, n, i, &l0, &l1);
        const pb_span *sp = pb_markup_span_from(f, i, &k);
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
            pb_markup_flat_copy(&g, f, done, i + 2, &kg);
            done = i + 2;
            continue;
        }
        if (!note->number) {
            note->number = (int)w->order.n + 1;
            PB_PUSH(w->order, (int)(note - w->notes.v));
        }
        char mark[24];
        int m = snprintf(mark, sizeof mark, "[%d]", note->number);
        pb_markup_flat_copy(&g, f, done, i, &kg);
        pb_markup_flat_add(&g, mark, (size_t)m, flags | PB_SPAN_NOTEREF);
        done = end;
        changed = true;
    }
    if (!changed) {
        pb_markup_flat_fini(&g);
        return;
    }
    pb_markup_flat_copy(&g, f, done, n, &kg);
    pb_markup_flat_fini(f);
    *f = g;
}

/* The footnotes, in the order of their numbers, as blocks at the end: a
 * title, then each note, its first paragraph "[N] text". A definition never
 * referenced, or a second one of a label, is set too, numbered after the
 * rest, with a warning: its text is not lost. */
void pb_mdnote_set(pb_mdwalker *w)
{
    if (!w->notes.n)
        return;
    const char *lang = w->doc->meta.lang ? w->doc->meta.lang : "";
    const char *title = !strcmp(lang, "zh-Hant") ? "註釋" : !strcmp(lang, "ja") ? "注" : "注释";
    pb_mdflat f = {0};
    pb_markup_flat_add(&f, title, strlen(title), PB_SPAN_STRONG);
    w->prefix[0] = w->note_prefix[0] = 0;
    pb_block t = {.kind = PB_BLOCK_PARA, .line = w->notes.v[0].line, .level = 1,
                  .variant = PB_PARA_FOOTNOTE, .text = pb_markup_finish(w, &f, 0)};
    pb_markup_flat_fini(&f);
    PB_PUSH(w->top, t);
    for (size_t d = 0;; d++) {
        while (w->notes_set < w->order.n) { /* a note may refer to one not yet numbered */
            footnote *note = &w->notes.v[w->order.v[w->notes_set++]];
            snprintf(w->note_prefix, sizeof w->note_prefix, "[%d] ", note->number);
            w->in_notes = true;
            size_t before = w->top.n;
            pb_markup_walk_text(w, note->text.s ? note->text.s : "", note->text.n, note->line);
            w->in_notes = false;
            if (w->top.n == before) { /* an empty definition keeps its number */
                pb_mdflat e = {0};
                pb_block b = {.kind = PB_BLOCK_PARA, .line = note->line,
                              .variant = PB_PARA_FOOTNOTE};
                w->note_prefix[strlen(w->note_prefix) - 1] = 0;
                pb_markup_flat_add(&e, w->note_prefix, strlen(w->note_prefix), 0);
                w->note_prefix[0] = 0;
                b.text = pb_markup_finish(w, &e, note->line);
                pb_markup_flat_fini(&e);
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

void pb_mdnote_fini(pb_mdwalker *w)
{
    for (size_t i = 0; i < w->notes.n; i++) {
        free(w->notes.v[i].label);
        pb_buf_fini(&w->notes.v[i].text);
    }
    free(w->notes.v);
    free(w->by_label.v);
    free(w->order.v);
}
