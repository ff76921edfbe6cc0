/* mdtable: GFM tables in the Markdown body, set as text.
 *
 * cmark parses CommonMark, which has no tables: a GFM table (a header row
 * and a delimiter row |---|:--:|, then its rows) reaches the walk as one
 * paragraph. A table gets no grid in a newspaper column; it is set as text:
 * one block per row (PB_PARA_ROW), its cells, each parsed for inline markup,
 * apart by a full-width space, an empty cell as a dash, the header row in
 * bold, with a warning. The rows are read back from the source lines of the
 * paragraph (without the block quote markers around it), since cmark has
 * already joined them; lines before the header row stay a paragraph. */
#include <cmark.h>
#include <stdbool.h>
#include <string.h>

#include "../base/util.h"
#include "doc.h"
#include "mdwalk.h"

/* The cells of a table row s[0, n): [at[i], at[i] + len[i]) each, without
 * the white space around them and without the row's outer pipes; a pipe
 * escaped as \| is no border. Returns how many (at most max; the count goes
 * on beyond it). */
static size_t cells(const char *s, size_t n, size_t *at, size_t *len, size_t max)
{
    size_t lo, hi;
    pb_markup_trim(s, n, &lo, &hi);
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
        pb_markup_trim(s + start, i - start, &a, &b);
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
    pb_markup_trim(s, n, &lo, &hi);
    if (lo < hi && s[lo] == '|')
        lo++;
    if (hi > lo && s[hi - 1] == '|')
        hi--;
    for (size_t i = lo, start = lo; i <= hi; i++) {
        if (i < hi && s[i] != '|')
            continue;
        size_t a, b;
        pb_markup_trim(s + start, i - start, &a, &b);
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
static void table_cell(pb_mdwalker *w, const char *s, size_t n, int line, unsigned flags,
                       pb_mdflat *row)
{
    size_t plain = 0; /* most cells hold no markup: they need no parse */
    while (plain < n && !strchr("`*_[]<>&\\!", s[plain]))
        plain++;
    if (plain == n) {
        pb_markup_flat_add(row, s, n, flags);
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
    pb_mdflat c = {0};
    pb_markup_flatten(w, root, flags, true, line, &c);
    cmark_node_free(root);
    w->first_line = first;
    size_t lo, hi, k = 0;
    pb_markup_trim(c.buf.s ? c.buf.s : "", c.buf.n, &lo, &hi);
    pb_markup_flat_copy(row, &c, lo, hi, &k);
    pb_markup_flat_fini(&c);
    pb_buf_fini(&src);
}

/* One row of a table: its cells apart by a full-width space, an empty one
 * as a dash (as Chinese tables mark "none"). */
static void table_row(pb_mdwalker *w, const char *s, size_t n, int line, bool header)
{
    enum { MAX_CELLS = 256 };
    size_t at[MAX_CELLS], len[MAX_CELLS];
    size_t k = cells(s, n, at, len, MAX_CELLS);
    unsigned flags = header ? PB_SPAN_STRONG : 0;
    pb_mdflat f = {0};
    for (size_t i = 0; i < k && i < MAX_CELLS; i++) {
        if (i)
            pb_markup_flat_add(&f, "\xE3\x80\x80", 3, 0); /* U+3000 */
        if (len[i])
            table_cell(w, s + at[i], len[i], line, flags, &f);
        else /* an empty cell keeps its place */
            pb_markup_flat_add(&f, "\xE2\x80\x94", 3, 0); /* — */
    }
    if (k > MAX_CELLS) { /* a row of more cells than that: the rest as written */
        size_t rest = at[MAX_CELLS - 1] + len[MAX_CELLS - 1];
        pb_markup_flat_add(&f, "\xE3\x80\x80", 3, 0);
        table_cell(w, s + rest, n - rest, line, flags, &f);
    }
    pb_block b = {.kind = PB_BLOCK_PARA, .line = line, .variant = PB_PARA_ROW, .level = header};
    b.text = pb_markup_finish(w, &f, line);
    pb_markup_flat_fini(&f);
    if (b.text.len)
        pb_markup_emit(w, b);
}

/* Line l of the paragraph that starts at column col of line l0, without the
 * block quote markers (quotes of them) that every line of it carries. */
static void row_source(pb_mdwalker *w, size_t l, size_t l0, size_t col, int quotes, const char **s,
                       size_t *n)
{
    if (!pb_markup_source_line(w, l, s, n))
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
bool pb_mdtable_set(pb_mdwalker *w, cmark_node *n)
{
    size_t l0 = (size_t)cmark_node_get_start_line(n), l1 = (size_t)cmark_node_get_end_line(n);
    size_t col = (size_t)cmark_node_get_start_column(n);
    const char *s;
    size_t len;
    if (l1 <= l0 || col < 1 || !pb_markup_source_line(w, l0, &s, &len))
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
        pb_markup_walk_text(w, pre.s, pre.n, (int)l0 + w->first_line - 1);
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
