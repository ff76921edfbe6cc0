/* mdwrite: a pb_doc written back as an article in Markdown (pb_mdwrite_doc).
 *
 * The output follows the article conventions of docs/conventions.md: YAML front matter,
 * `## head`, `> **编者按** …` for the note, `![caption](path)` alone in its
 * paragraph for a figure, `---` for a section break, one paragraph per line
 * with a blank line between blocks, the rows of a table set as text
 * (PB_PARA_ROW) as a GFM table. Text is escaped so that CommonMark reads
 * back exactly the characters written: the ASCII marks that start inline
 * syntax anywhere (\ ` * _ [ ] < #, and & before a name) and the ones that start
 * a block at a line start (# > - + = ~ | and "1." or "1)"). A front matter
 * value is written plain unless YAML would read it otherwise, else double
 * quoted. pb_doc_parse() of the output gives back the same tree (tests pin
 * this on every imported article). */
#include <ctype.h>
#include <string.h>

#include "../base/util.h"
#include "import.h"

/* ---- YAML ---- */

static bool yaml_plain_ok(const char *v)
{
    if (!*v || strchr("-?:,[]{}#&*!|>'\"%@` \t", v[0]))
        return false;
    size_t n = strlen(v);
    if (v[n - 1] == ' ' || v[n - 1] == ':' || strstr(v, ": ") || strstr(v, " #"))
        return false;
    for (const char *p = v; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F)
            return false;
    static const char *const WORDS[] = {"true", "false", "yes", "no", "null", "on", "off", "~"};
    for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0]; i++)
        if (!strcasecmp(v, WORDS[i]))
            return false;
    return true;
}

static void yaml_value(FILE *out, const char *v)
{
    if (yaml_plain_ok(v)) {
        fputs(v, out);
        return;
    }
    fputc('"', out);
    for (const char *p = v; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c < 0x20 || c == 0x7F)
            fprintf(out, "\\x%02X", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void yaml_key(FILE *out, const char *key, const char *v)
{
    if (!v)
        return;
    fprintf(out, "%s: ", key);
    yaml_value(out, v);
    fputc('\n', out);
}

/* A headline's text with its manual breaks (lines, '\n' between them, or
 * NULL for none), a `|` or `\` in it escaped as the front matter reads it. */
static void headline_key(FILE *out, const char *key, const char *text, const char *lines)
{
    const char *v = lines ? lines : text;
    if (!v)
        return;
    pb_buf b = {0};
    for (const char *c = v; *c; c++) {
        if (*c == '|' || *c == '\\')
            pb_buf_adds(&b, "\\");
        pb_buf_add(&b, c, 1);
    }
    yaml_key(out, key, b.s ? b.s : "");
    pb_buf_fini(&b);
}

static void front_matter(const pb_meta *m, FILE *out)
{
    fputs("---\n", out);
    headline_key(out, "kicker", m->kicker, m->kicker_lines);
    headline_key(out, "title", m->title, m->title_lines);
    headline_key(out, "subtitle", m->subtitle, m->subtitle_lines);
    yaml_key(out, "date", m->date);
    yaml_key(out, "updated", m->updated);
    yaml_key(out, "section", m->section);
    yaml_key(out, "byline", m->byline);
    yaml_key(out, "source", m->source);
    if (m->ncredits) {
        fputs("credits:\n", out);
        for (int i = 0; i < m->ncredits; i++) {
            fputs("  - ", out);
            yaml_value(out, m->credits[i]);
            fputc('\n', out);
        }
    }
    if (m->lang && strcmp(m->lang, "zh-Hans")) /* the default goes without saying */
        yaml_key(out, "lang", m->lang);
    yaml_key(out, "layout", m->layout);
    fputs("---\n", out);
}

/* ---- inline text ---- */

/* Escape s[0..n) for inline Markdown; at_start: it begins a line; in a
 * table row a pipe is escaped too. */
static void inline_escaped_in(FILE *out, const char *s, int n, bool at_start, bool cell)
{
    int i = 0;
    if (at_start && n > 0) {
        if (strchr(">-+=~|", s[0]))
            fputc('\\', out);
        int k = 0;
        while (k < n && k < 9 && isdigit((unsigned char)s[k]))
            k++;
        if (k > 0 && k < n && (s[k] == '.' || s[k] == ')')) {
            fwrite(s, 1, (size_t)k, out);
            fputc('\\', out);
            i = k;
        }
    }
    for (; i < n; i++) {
        char c = s[i];
        bool entity =
            c == '&' && i + 1 < n && (isalnum((unsigned char)s[i + 1]) || s[i + 1] == '#');
        if (c && (strchr("\\`*_[]<#", c) || entity || (cell && c == '|')))
            fputc('\\', out);
        fputc(c, out);
    }
}

static void inline_escaped(FILE *out, const char *s, int n, bool at_start)
{
    inline_escaped_in(out, s, n, at_start, false);
}

/* Bytes [from, to) of a pb_text with its spans as **strong**, *emphasis* and
 * `code`, less the flags in drop; cell: a table cell (pipes escaped). */
static void put_range(FILE *out, const pb_text *t, int from, int to, unsigned drop, bool cell)
{
    int at = from;
    for (int i = 0; i < t->nspans; i++) {
        const pb_span *sp = &t->spans[i];
        int a = sp->start > from ? sp->start : from;
        int b = sp->start + sp->len < to ? sp->start + sp->len : to;
        unsigned flags = sp->flags & ~drop;
        if (b <= a || !flags)
            continue;
        inline_escaped_in(out, t->s + at, a - at, at == 0 && !cell, cell);
        if (flags & PB_SPAN_CODE) {
            fputc('`', out);
            fwrite(t->s + a, 1, (size_t)(b - a), out);
            fputc('`', out);
        } else {
            const char *mark = flags & PB_SPAN_STRONG ? (flags & PB_SPAN_EMPH ? "***" : "**") : "*";
            fputs(mark, out);
            inline_escaped_in(out, t->s + a, b - a, false, cell);
            fputs(mark, out);
        }
        at = b;
    }
    inline_escaped_in(out, t->s + at, to - at, at == 0 && !cell, cell);
}

static void put_text(FILE *out, const pb_text *t)
{
    put_range(out, t, 0, t->len, 0, false);
}

/* A row of a table set as text (PB_PARA_ROW: cells apart by U+3000, as
 * mdtable.c sets them) as a GFM table row; the header row's cells without
 * the bold the table gives them, and the delimiter row after it. */
static void put_row(FILE *out, const pb_block *b)
{
    static const char SEP[] = "\xE3\x80\x80";
    int cells = 0;
    fputc('|', out);
    for (int at = 0; at <= b->text.len; cells++) {
        const char *next = NULL;
        for (int i = at; !next && i + 3 <= b->text.len; i++)
            if (!memcmp(b->text.s + i, SEP, 3))
                next = b->text.s + i;
        int end = next ? (int)(next - b->text.s) : b->text.len;
        fputc(' ', out);
        put_range(out, &b->text, at, end, b->level == 1 ? PB_SPAN_STRONG : 0, true);
        fputs(" |", out);
        at = end + 3;
    }
    fputc('\n', out);
    if (b->level == 1) {
        fputc('|', out);
        for (int i = 0; i < cells; i++)
            fputs(" --- |", out);
        fputc('\n', out);
    }
}

static void put_src(FILE *out, const char *src)
{
    bool angle = strpbrk(src, " ()<>\t") != NULL;
    fputs(angle ? "<" : "", out);
    for (const char *p = src; *p; p++) {
        if (*p == '<' || *p == '>' || *p == '\\')
            fputc('\\', out);
        fputc(*p, out);
    }
    fputs(angle ? ">" : "", out);
}

static const char *const PLACES[] = {"auto", "top", "bottom", "hero"};

static void put_figure(FILE *out, const pb_block *b)
{
    fputs("![", out);
    inline_escaped(out, b->text.s, b->text.len, false);
    fputs("](", out);
    put_src(out, b->src ? b->src : "");
    if (b->span || b->place != PB_PLACE_AUTO) {
        fputs(" \"", out);
        if (b->span)
            fprintf(out, "span=%d", b->span);
        if (b->place != PB_PLACE_AUTO)
            fprintf(out, "%splace=%s", b->span ? " " : "", PLACES[b->place]);
        fputc('"', out);
    }
    fputs(")\n", out);
}

static void put_block(FILE *out, const pb_block *b)
{
    switch (b->kind) {
    case PB_BLOCK_PARA:
        if (b->variant == PB_PARA_ROW) {
            put_row(out, b);
            break;
        }
        put_text(out, &b->text);
        fputc('\n', out);
        break;
    case PB_BLOCK_HEAD:
        fprintf(out, "%.*s ", b->level < 1 ? 2 : b->level > 6 ? 6 : b->level, "######");
        put_text(out, &b->text);
        fputc('\n', out);
        break;
    case PB_BLOCK_NOTE:
        for (int i = 0; i < b->nchildren; i++) {
            fputs(i ? ">\n> " : "> ", out);
            put_text(out, &b->children[i].text);
            fputc('\n', out);
        }
        break;
    case PB_BLOCK_FIGURE: put_figure(out, b); break;
    case PB_BLOCK_BREAK: fputs("---\n", out); break;
    }
}

bool pb_mdwrite_doc(const pb_doc *doc, FILE *out)
{
    front_matter(&doc->meta, out);
    for (int i = 0; i < doc->nblocks; i++) {
        const pb_block *b = &doc->blocks[i];
        bool row = b->kind == PB_BLOCK_PARA && b->variant == PB_PARA_ROW && b->level != 1;
        if (!(row && i && doc->blocks[i - 1].kind == PB_BLOCK_PARA &&
              doc->blocks[i - 1].variant == PB_PARA_ROW))
            fputc('\n', out); /* the rows of a table go line after line */
        put_block(out, b);
    }
    return !ferror(out);
}
