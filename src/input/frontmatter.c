/* frontmatter: the YAML block at the top of an article → pb_meta.
 *
 * We read libyaml's event stream rather than its document loader: every event
 * carries its position, so each message names a file line, and anchors and
 * aliases are refused the moment they appear, before anything could expand
 * (the "billion laughs" alias bomb). The shape we accept is small: one
 * mapping of known keys to text, and `credits` as a list of text. Values are
 * kept as written (`date: 2025-06-20 07:35:00` stays that text; YAML's
 * timestamp and number types are not interpreted), but a date written as
 * one (2026-05-18, 2026/5/18, 2026.5.18, 2026年5月18日, a time 08:30 after
 * it; date.h) must name a real day between 1900 and 2100: 2026-02-30 and
 * 9999-99-99 are errors, not a headline date and a PDF date nobody meant.
 * A date the layouts cannot read is printed as written, with a warning. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "../base/util.h"
#include "date.h"
#include "doc.h"
#include "encoding.h"

#define KNOWN_KEYS                                                                         \
    "title, kicker, subtitle, date, byline, source, credits, lang, layout, organizer, logos, "  \
    "pages, section, pinyin, updated"

/* The text keys and where each one lands in pb_meta. */
static const struct {
    const char *name;
    size_t off;
} text_keys[] = {
    {"title", offsetof(pb_meta, title)},   {"kicker", offsetof(pb_meta, kicker)},
    {"subtitle", offsetof(pb_meta, subtitle)}, {"date", offsetof(pb_meta, date)},
    {"byline", offsetof(pb_meta, byline)}, {"source", offsetof(pb_meta, source)},
    {"lang", offsetof(pb_meta, lang)},     {"layout", offsetof(pb_meta, layout)},
    {"organizer", offsetof(pb_meta, organizer)}, {"section", offsetof(pb_meta, section)},
    {"updated", offsetof(pb_meta, updated)},
};
enum {
    NTEXT_KEYS = sizeof text_keys / sizeof text_keys[0],
    KEY_CREDITS = NTEXT_KEYS,
    KEY_LOGOS,
    KEY_PAGES,
    KEY_PINYIN,
    NKEYS
};

/* Accepted language tags (compared ignoring case) and what each becomes. */
static const struct {
    const char *tag, *norm;
} langs[] = {
    {"zh-Hans", "zh-Hans"}, {"zh", "zh-Hans"},      {"zh-CN", "zh-Hans"}, {"zh-Hant", "zh-Hant"},
    {"zh-TW", "zh-Hant"},   {"zh-HK", "zh-Hant"},   {"ja", "ja"},
};

typedef struct {
    yaml_parser_t parser;
    yaml_event_t ev; /* the current event, valid while have_ev */
    bool have_ev;
    int first_line;
    const char *path;
    pb_arena *a;
    pb_meta *meta;
    pb_diags *d;
    int seen[NKEYS]; /* line where each key was given, 0 = not yet */
} reader;

static int ev_line(const reader *r) { return r->first_line + (int)r->ev.start_mark.line; }

static bool syntax_error(reader *r)
{
    const yaml_parser_t *p = &r->parser;
    int line = r->first_line + (int)p->problem_mark.line;
    const char *problem = p->problem ? p->problem : "cannot be read";
    if (p->context)
        pb_error(r->d, r->path, line, "front matter is not valid YAML: %s %s (line %d)", problem,
                 p->context, r->first_line + (int)p->context_mark.line);
    else
        pb_error(r->d, r->path, line, "front matter is not valid YAML: %s", problem);
    return false;
}

/* Step to the next event, refusing aliases and anchors. */
static bool next(reader *r)
{
    if (r->have_ev)
        yaml_event_delete(&r->ev);
    r->have_ev = false;
    if (!yaml_parser_parse(&r->parser, &r->ev))
        return syntax_error(r);
    r->have_ev = true;
    const yaml_event_t *e = &r->ev;
    const yaml_char_t *anchor = e->type == YAML_SCALAR_EVENT           ? e->data.scalar.anchor
                                : e->type == YAML_SEQUENCE_START_EVENT ? e->data.sequence_start.anchor
                                : e->type == YAML_MAPPING_START_EVENT  ? e->data.mapping_start.anchor
                                                                       : NULL;
    if (e->type == YAML_ALIAS_EVENT || anchor) {
        pb_error(r->d, r->path, ev_line(r),
                 "YAML anchors and aliases (&name, *name) are not allowed in front matter");
        return false;
    }
    return true;
}

static const char *scalar(const reader *r) { return (const char *)r->ev.data.scalar.value; }

/* The scalar as kept: the article's characters that are not text were
 * replaced before parsing, but a double-quoted escape ("\uFFFF", "\e",
 * "\0") makes them again; they are replaced the same way. Arena copy. */
static char *text_of(reader *r)
{
    size_t n;
    char *clean = pb_encoding_clean(scalar(r), r->ev.data.scalar.length, true, r->path,
                                    ev_line(r), &n, r->d);
    char *v = clean ? pb_arena_strndup(r->a, clean, n) : pb_arena_strdup(r->a, scalar(r));
    free(clean);
    return v;
}

/* `key:` with nothing, `~` or `null` (unquoted) means the key is not set. */
static bool is_null(const reader *r)
{
    if (r->ev.type != YAML_SCALAR_EVENT || r->ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *s = scalar(r);
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

static const char *kind_name(yaml_event_type_t t)
{
    return t == YAML_SEQUENCE_START_EVENT ? "a list" : t == YAML_MAPPING_START_EVENT ? "a mapping"
                                                                                    : "text";
}

/* Skip the value whose first event is current (a scalar or a whole collection). */
static bool skip_value(reader *r)
{
    int depth = 0;
    do {
        if (r->ev.type == YAML_SEQUENCE_START_EVENT || r->ev.type == YAML_MAPPING_START_EVENT)
            depth++;
        else if (r->ev.type == YAML_SEQUENCE_END_EVENT || r->ev.type == YAML_MAPPING_END_EVENT)
            depth--;
        if (depth == 0)
            return true;
    } while (next(r));
    return false;
}

static bool set_lang(reader *r, char **field)
{
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++)
        if (!strcasecmp(scalar(r), langs[i].tag)) {
            *field = pb_arena_strdup(r->a, langs[i].norm);
            return true;
        }
    pb_error(r->d, r->path, ev_line(r),
             "front matter lang \"%s\" is not supported (use zh-Hans, zh-Hant, zh, zh-CN, zh-TW, "
             "zh-HK or ja)",
             scalar(r));
    return false;
}

/* A date written as one must name a real day; one the layouts cannot read
 * (free text, or more than a date) is printed as written, with a warning. */
static bool check_date(reader *r, const char *s)
{
    pb_date d;
    char why[80];
    const char *end;
    if (pb_date_read(s, &d, &end, why, sizeof why) == PB_DATE_BAD) {
        pb_error(r->d, r->path, ev_line(r), "front matter date \"%s\" is not a real date: %s", s,
                 why);
        return false;
    }
    if (!pb_date_parse(s, &d))
        pb_warn(r->d, r->path, ev_line(r),
                "front matter date \"%s\" is not a date paiban reads (2026-05-18, 2026/5/18, "
                "2026年5月18日, a weekday and a time after it): printed as written",
                s);
    return true;
}

/* ---- manual breaks in the headline ---- */

/* Where the headline text of key goes with its manual breaks, or NULL when
 * key is not kicker, title or subtitle. */
static char **headline_lines(pb_meta *m, const char *key)
{
    return !strcmp(key, "kicker")     ? &m->kicker_lines
           : !strcmp(key, "title")    ? &m->title_lines
           : !strcmp(key, "subtitle") ? &m->subtitle_lines
                                      : NULL;
}

static bool ascii_alnum(char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* A headline's manual breaks: a `|` or a line break (a "\n" in a quoted
 * YAML string, a line of a block scalar) breaks the line there, `\|` is a
 * `|` and `\\` a `\`. *text becomes the text without them: its parts
 * trimmed of spaces and joined as written (with a space between two Latin
 * words). Returns the parts joined by '\n' when there are two or more, else
 * NULL. Arena copies. */
static char *manual_breaks(pb_arena *a, char **text)
{
    const char *v = *text;
    if (!strpbrk(v, "|\n\\"))
        return NULL;
    PB_VEC(pb_buf) parts = {0};
    PB_PUSH(parts, ((pb_buf){0}));
    for (const char *c = v; *c; c++) {
        if (*c == '\\' && (c[1] == '|' || c[1] == '\\'))
            pb_buf_add(&parts.v[parts.n - 1], ++c, 1);
        else if (*c == '|' || *c == '\n')
            PB_PUSH(parts, ((pb_buf){0}));
        else
            pb_buf_add(&parts.v[parts.n - 1], c, 1);
    }
    pb_buf plain = {0}, lines = {0};
    int kept = 0;
    for (size_t i = 0; i < parts.n; i++) {
        const char *s = parts.v[i].s ? parts.v[i].s : "";
        size_t n = parts.v[i].n;
        if (parts.n > 1) { /* trimmed: a break takes the spaces around it */
            while (n && (*s == ' ' || *s == '\t'))
                s++, n--;
            while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
                n--;
        }
        if (n && kept++) {
            pb_buf_adds(&lines, "\n");
            if (ascii_alnum(plain.s[plain.n - 1]) && ascii_alnum(*s))
                pb_buf_adds(&plain, " ");
        }
        pb_buf_add(&plain, s, n);
        pb_buf_add(&lines, s, n);
        pb_buf_fini(&parts.v[i]);
    }
    free(parts.v);
    *text = pb_arena_strdup(a, plain.s ? plain.s : "");
    char *out = kept > 1 ? pb_arena_strdup(a, lines.s) : NULL;
    pb_buf_fini(&plain);
    pb_buf_fini(&lines);
    return out;
}

static bool text_value(reader *r, int key)
{
    if (r->ev.type != YAML_SCALAR_EVENT) {
        pb_error(r->d, r->path, ev_line(r), "front matter key \"%s\" must be text, not %s",
                 text_keys[key].name, kind_name(r->ev.type));
        return false;
    }
    char **field = (char **)((char *)r->meta + text_keys[key].off);
    if (is_null(r)) {
        *field = NULL;
        return true;
    }
    if (!strcmp(text_keys[key].name, "lang"))
        return set_lang(r, field);
    *field = text_of(r);
    if (!strcmp(text_keys[key].name, "date"))
        return check_date(r, *field);
    char **lines = headline_lines(r->meta, text_keys[key].name);
    if (lines)
        *lines = manual_breaks(r->a, field);
    return true;
}

/* pages: how many pages the article is to end on, a whole number from 1 to
 * PB_META_MAX_PAGES. */
static bool pages_value(reader *r, int line)
{
    const char *s = r->ev.type == YAML_SCALAR_EVENT ? scalar(r) : "";
    char *end = NULL;
    long n = *s >= '0' && *s <= '9' ? strtol(s, &end, 10) : 0;
    if (!end || *end || n < 1 || n > PB_META_MAX_PAGES) {
        pb_error(r->d, r->path, line,
                 "front matter pages must be a whole number of pages from 1 to %d, got \"%s\"",
                 PB_META_MAX_PAGES, r->ev.type == YAML_SCALAR_EVENT ? s : kind_name(r->ev.type));
        return false;
    }
    r->meta->pages = (int)n;
    r->meta->pages_line = line;
    return true;
}

/* pinyin: keep | ruby | drop. */
static bool pinyin_value(reader *r, int line)
{
    const char *s = r->ev.type == YAML_SCALAR_EVENT ? scalar(r) : "";
    for (int i = 0; pb_pinyin_names[i]; i++)
        if (!strcmp(s, pb_pinyin_names[i])) {
            r->meta->pinyin = i;
            return true;
        }
    pb_error(r->d, r->path, line, "front matter pinyin must be keep, ruby or drop, got \"%s\"",
             r->ev.type == YAML_SCALAR_EVENT ? s : kind_name(r->ev.type));
    return false;
}

/* A list of text (or one text) into *out / *n: credits, logos. */
static bool list_value(reader *r, const char *key, char ***out, int *n)
{
    PB_VEC(char *) v = {0};
    bool ok = true;
    if (r->ev.type == YAML_SCALAR_EVENT) {
        if (!is_null(r))
            PB_PUSH(v, text_of(r));
    } else if (r->ev.type == YAML_SEQUENCE_START_EVENT) {
        while ((ok = next(r)) && r->ev.type != YAML_SEQUENCE_END_EVENT) {
            if (r->ev.type != YAML_SCALAR_EVENT) {
                pb_error(r->d, r->path, ev_line(r),
                         "front matter %s: each item must be text, not %s (quote an item "
                         "that contains \": \")",
                         key, kind_name(r->ev.type));
                ok = false;
                break;
            }
            if (!is_null(r))
                PB_PUSH(v, text_of(r));
        }
    } else {
        pb_error(r->d, r->path, ev_line(r), "front matter %s must be a list of text, not %s", key,
                 kind_name(r->ev.type));
        ok = false;
    }
    *n = (int)v.n;
    *out = PB_NEWN(r->a, char *, v.n + 1);
    if (v.n)
        memcpy(*out, v.v, v.n * sizeof *v.v);
    free(v.v);
    return ok;
}

static int key_index(const char *name)
{
    for (int i = 0; i < NTEXT_KEYS; i++)
        if (!strcmp(name, text_keys[i].name))
            return i;
    return !strcmp(name, "credits") ? KEY_CREDITS
           : !strcmp(name, "logos") ? KEY_LOGOS
           : !strcmp(name, "pages") ? KEY_PAGES
           : !strcmp(name, "pinyin") ? KEY_PINYIN
                                    : -1;
}

/* One `key: value` pair; the key's event is current. Returns false on error
 * (the reader is then abandoned, so it need not be resynchronised). */
static bool pair(reader *r)
{
    if (r->ev.type != YAML_SCALAR_EVENT) {
        pb_error(r->d, r->path, ev_line(r), "front matter keys must be plain names, not %s",
                 kind_name(r->ev.type));
        return false;
    }
    int line = ev_line(r);
    char *name = pb_xstrdup(scalar(r));
    int key = key_index(name);
    bool ok = next(r);
    if (ok && key < 0) {
        pb_warn(r->d, r->path, line, "unknown front matter key \"%s\" (known: " KNOWN_KEYS ")",
                name);
        ok = skip_value(r);
    } else if (ok && r->seen[key]) {
        pb_error(r->d, r->path, line, "front matter key \"%s\" given twice (first on line %d)",
                 name, r->seen[key]);
        ok = false;
    } else if (ok) {
        r->seen[key] = line;
        if (key == KEY_CREDITS)
            ok = list_value(r, "credits", &r->meta->credits, &r->meta->ncredits);
        else if (key == KEY_LOGOS)
            ok = list_value(r, "logos", &r->meta->logos, &r->meta->nlogos);
        else if (key == KEY_PAGES)
            ok = pages_value(r, line);
        else if (key == KEY_PINYIN)
            ok = pinyin_value(r, line);
        else
            ok = text_value(r, key);
    }
    free(name);
    return ok;
}

static bool root(reader *r)
{
    if (r->ev.type == YAML_MAPPING_START_EVENT) {
        bool ok = true;
        while (ok && (ok = next(r)) && r->ev.type != YAML_MAPPING_END_EVENT)
            ok = pair(r);
        return ok;
    }
    if (is_null(r))
        return true;
    pb_error(r->d, r->path, ev_line(r),
             "front matter must be a mapping of keys to values (such as \"title: ...\"), not %s",
             kind_name(r->ev.type));
    return false;
}

/* STREAM-START, then nothing or one DOCUMENT-START root DOCUMENT-END, then STREAM-END. */
static bool stream(reader *r)
{
    if (!next(r) || !next(r))
        return false;
    if (r->ev.type == YAML_STREAM_END_EVENT)
        return true;
    if (!next(r) || !root(r) || !next(r) || !next(r))
        return false;
    if (r->ev.type != YAML_STREAM_END_EVENT) {
        pb_error(r->d, r->path, ev_line(r), "front matter holds more than one YAML document");
        return false;
    }
    return true;
}

bool pb_frontmatter_parse(const char *yaml, size_t len, int first_line, const char *path,
                          pb_arena *a, pb_meta *meta, pb_diags *d)
{
    reader r = {.first_line = first_line, .path = path, .a = a, .meta = meta, .d = d};
    if (!yaml_parser_initialize(&r.parser)) {
        fputs("paiban: out of memory\n", stderr);
        abort();
    }
    yaml_parser_set_input_string(&r.parser, (const unsigned char *)yaml, len);
    yaml_parser_set_encoding(&r.parser, YAML_UTF8_ENCODING);
    bool ok = stream(&r);
    if (r.have_ev)
        yaml_event_delete(&r.ev);
    yaml_parser_delete(&r.parser);
    return ok;
}
