/* template: load, validate and resolve a page layout from YAML.
 *
 * The idea: read the YAML into a small tree (yamltree.c refuses aliases,
 * anchors and deep nesting), then walk that tree once in dependency order.
 * `em` needs a font size and `line` needs the grid baseline, so the body size
 * is resolved first, then the baseline, then the page, grid, styles, headline,
 * figures and furniture, and last the checks that involve several keys (the
 * type area, the column width; templatecheck.c). Every value is carried as
 * its source text with its line and key path, whether it came from the file
 * or from a built-in default, so one converter reports every error the same
 * way: "FILE:LINE: key.path: what is wrong". Errors are collected, not fatal,
 * so one run reports all of them. The key tables and the reader's state are
 * in templatepriv.h; the text dump of a resolved template is templatedump.c.
 *
 * Styles inherit by text, not by value: a style key that is not given takes
 * the role's built-in default, else the text of `body`'s key, else body's
 * built-in default; the text is then resolved in the inheriting style, so an
 * inherited `indent: 2em` is two of that style's own characters. */
#include "template.h"

#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../base/util.h"
#include "../input/date.h"
#include "../input/encoding.h"
#include "templatepriv.h"
#include "yamltree.h"

#define MAX_FILE (1u << 20) /* 1 MiB: far more than any template needs */
#define MAX_DEPTH 16 /* the schema needs 4 levels */
#define MAX_COLUMNS 24

/* ---- resolving values ---------------------------------------------------- */

/* Short names for the reader's types (templatepriv.h). */
typedef pb_tplval val;
typedef pb_tplctx ctx;

/* Appends "path: message" unless this template already has the same error
 * (a bad body value inherited by several styles would otherwise repeat). */
void pb_template_error(ctx *c, int line, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = pb_vstrdupf(fmt, ap);
    va_end(ap);
    char *full = pb_strdupf("%s: %s", path, msg);
    bool seen = false;
    for (size_t i = c->first_diag; i < c->d->n && !seen; i++)
        seen = c->d->v[i].line == line && strcmp(c->d->v[i].msg, full) == 0;
    if (!seen) {
        pb_error(c->d, c->file, line, "%s", full);
        c->errors++;
    }
    free(full);
    free(msg);
}

/* parent.key into out (PATH_MAX_LEN bytes); a path only names a key in a
 * message, so an absurdly long unknown key is cut with "...". */
void pb_template_join_path(char *out, const char *parent, const char *key)
{
    if (snprintf(out, PATH_MAX_LEN, "%s%s%s", parent, *parent ? "." : "", key) >= PATH_MAX_LEN)
        memcpy(out + PATH_MAX_LEN - 4, "...", 4);
}

static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return true;
    return false;
}

/* "a, b, c" of a NULL-terminated list. Caller frees. */
static char *join_names(const char *const *names)
{
    pb_buf b = {0};
    pb_buf_adds(&b, "");
    for (int i = 0; names[i]; i++)
        pb_buf_addf(&b, "%s%s", i ? ", " : "", names[i]);
    return b.s;
}

static void unknown_key(ctx *c, const pb_ynode *k, const char *path, const char *const *valid)
{
    char p[PATH_MAX_LEN], *list = join_names(valid);
    pb_template_join_path(p, path, k->text);
    pb_template_error(c, k->line, p, "unknown key; valid keys here are: %s", list);
    free(list);
}

static void dup_key(ctx *c, const pb_ynode *map, const pb_ynode *k, const char *path)
{
    char p[PATH_MAX_LEN];
    int first = 0;
    for (size_t i = 0; i + 1 < map->nkids && !first; i += 2)
        if (strcmp(map->kids[i]->text, k->text) == 0)
            first = map->kids[i]->line;
    pb_template_join_path(p, path, k->text);
    pb_template_error(c, k->line, p, "is given twice (first on line %d)", first);
}

/* Checks that n (when present) is a mapping with only valid, distinct keys.
 * Returns n when it is a mapping, else NULL. */
static const pb_ynode *check_map(ctx *c, const pb_ynode *n, const char *path,
                                 const char *const *valid)
{
    if (!n)
        return NULL;
    if (n->kind != PB_YNODE_MAP) {
        pb_template_error(c, n->line, path, "expected a mapping of keys, got %s",
                          pb_yamltree_kind_name(n));
        return NULL;
    }
    for (size_t i = 0; i + 1 < n->nkids; i += 2) {
        const pb_ynode *k = n->kids[i];
        if (!in_list(k->text, valid))
            unknown_key(c, k, path, valid);
        else if (pb_yamltree_get(n, k->text) != n->kids[i + 1])
            dup_key(c, n, k, path);
    }
    return n;
}

static val absent(const char *path, const char *key)
{
    val v = {0};
    pb_template_join_path(v.path, path, key);
    return v;
}

/* The scalar under key in map, or dflt (a built-in default, line 0). */
static val pick(ctx *c, const pb_ynode *map, const char *path, const char *key, const char *dflt)
{
    val v = absent(path, key);
    const pb_ynode *n = pb_yamltree_get(map, key);
    if (n && n->kind != PB_YNODE_SCALAR)
        pb_template_error(c, n->line, v.path, "expected a single value, got %s",
                          pb_yamltree_kind_name(n));
    else if (n) {
        v.text = n->text;
        v.line = n->line;
        v.plain = n->plain;
        return v;
    }
    v.text = dflt;
    v.plain = true;
    return v;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

static void length_error(ctx *c, const val *v, pb_len em, pb_len line)
{
    pb_template_error(c, v->line, v->path, "%s, got \"%s\"", pb_length_problem(v->text, em, line),
                      v->text);
}

const char *pb_template_len_str(pb_len l, char *buf, size_t n)
{
    snprintf(buf, n, "%.2fpt", PB_TO_PT(l));
    return buf;
}

/* A length >= 0 (> 0 when positive); 0 when v is absent. */
static pb_len get_len(ctx *c, const val *v, pb_len em, pb_len line, bool positive)
{
    pb_len l = 0;
    char b[32];
    if (!v->text)
        return 0;
    if (!pb_length_parse(v->text, em, line, &l))
        length_error(c, v, em, line);
    else if (l < 0 || (positive && l == 0))
        pb_template_error(c, v->line, v->path, "must be %s, got \"%s\" (%s)",
                          positive ? "positive" : "0 or more", v->text,
                          pb_template_len_str(l, b, sizeof b));
    return l;
}

static pb_color get_color(ctx *c, const val *v)
{
    pb_color col = {0};
    if (!v->text)
        return col;
    if (!*v->text && v->plain)
        pb_template_error(c, v->line, v->path,
                          "expected a colour, got nothing (quote it: \"#rrggbb\"; an "
                          "unquoted # starts a YAML comment)");
    else if (!pb_color_parse(v->text, &col))
        pb_template_error(c, v->line, v->path,
                          "malformed colour \"%s\": use \"#rrggbb\", \"#rgb\" or none", v->text);
    return col;
}

static int get_int(ctx *c, const val *v, int lo, int hi)
{
    double x = 0;
    if (v->text && pb_number_parse(v->text, &x) && x >= lo && x <= hi && x == (int)x)
        return (int)x;
    if (v->text)
        pb_template_error(c, v->line, v->path, "must be an integer between %d and %d, got \"%s\"",
                          lo, hi, v->text);
    return lo;
}

/* Returns the index of v in names (NULL-terminated), or -1 after an error. */
static int get_enum(ctx *c, const val *v, const char *const *names)
{
    for (int i = 0; v->text && names[i]; i++)
        if (strcasecmp(v->text, names[i]) == 0)
            return i;
    if (v->text) {
        char *list = join_names(names);
        pb_template_error(c, v->line, v->path, "expected one of %s, got \"%s\"", list, v->text);
        free(list);
    }
    return -1;
}

/* true/false as YAML 1.1 spells them; -1 when v is neither. */
static int as_bool(const char *s)
{
    static const char *const yes[] = {"true", "yes", "on", NULL};
    static const char *const no[] = {"false", "no", "off", "none", NULL};
    for (int i = 0; yes[i]; i++)
        if (strcasecmp(s, yes[i]) == 0)
            return 1;
    for (int i = 0; no[i]; i++)
        if (strcasecmp(s, no[i]) == 0)
            return 0;
    return -1;
}

/* Text that is drawn (furniture, the footer band) or looked up (font
 * families): a YAML escape may make characters that are not text ("\uFFFF",
 * "\e"), replaced as in articles (input/encoding.h), with a warning. */
static char *get_str(ctx *c, const val *v)
{
    if (!v->text || !*v->text)
        return NULL;
    size_t n;
    char *clean = pb_encoding_clean(v->text, strlen(v->text), true, c->file, v->line, &n, c->d);
    return clean ? clean : pb_xstrdup(v->text);
}

/* ---- styles ---------------------------------------------------------------- */

/* In resolution order: size before every length measured in em. */
const pb_tplfield pb_template_style_fields[S_COUNT] = {
    [S_FAMILY] = {"family", F_STRING, offsetof(pb_style, family)},
    [S_WEIGHT] = {"weight", F_WEIGHT, offsetof(pb_style, weight)},
    [S_SIZE] = {"size", F_SIZE, offsetof(pb_style, size)},
    [S_LEADING] = {"leading", F_LEN_POSITIVE, offsetof(pb_style, leading)},
    [S_INDENT] = {"indent", F_LEN, offsetof(pb_style, indent)},
    [S_ALIGN] = {"align", F_ALIGN, offsetof(pb_style, align)},
    [S_COLOR] = {"color", F_COLOR, offsetof(pb_style, color)},
    [S_SPACE_BEFORE] = {"space_before", F_LEN, offsetof(pb_style, space_before)},
    [S_SPACE_AFTER] = {"space_after", F_LEN, offsetof(pb_style, space_after)},
    [S_RULE_ABOVE] = {"rule_above", F_LEN, offsetof(pb_style, rule_above)},
    [S_RULE_BELOW] = {"rule_below", F_LEN, offsetof(pb_style, rule_below)},
    [S_RULE_COLOR] = {"rule_color", F_COLOR, offsetof(pb_style, rule_color)},
    [S_BOX_FILL] = {"box.fill", F_COLOR, offsetof(pb_style, box_fill)},
    [S_BOX_STROKE] = {"box.stroke", F_COLOR, offsetof(pb_style, box_stroke)},
    [S_BOX_STROKE_WIDTH] = {"box.stroke_width", F_LEN, offsetof(pb_style, box_stroke_width)},
    [S_BOX_PADDING] = {"box.padding", F_LEN, offsetof(pb_style, box_padding)},
};

const char *const pb_template_role_names[PB_ROLE_COUNT + 1] = {
    "body", "title", "kicker", "subtitle", "meta", "head", "head2", "head3", "note", "caption",
    "credits", "header", "footnote", NULL,
};
static const char *const style_keys[] = {
    "family", "weight", "size", "leading", "indent", "align", "color", "space_before",
    "space_after", "rule_above", "rule_below", "rule_color", "box", NULL,
};
static const char *const box_keys[] = {"fill", "stroke", "stroke_width", "padding", NULL};
const char *const pb_template_align_names[] = {"justify", "left", "center", "right", NULL};

#define SERIF "Noto Serif CJK SC"
#define SANS "Noto Sans CJK SC"
#define KAI "LXGW WenKai"

/* Built-in defaults as text. Sizes in em are of the body size; every other
 * em is of the style's own size. NULL inherits from body (head2 and head3:
 * from head). Every role has a size, so a body size never leaks into a
 * headline. The kicker (引题) and the subtitle (副题) differ in face, Hei and
 * Song; the head levels step down from a large bold Hei to a bold Hei of
 * the body's size, then a bold Kai. */
static const char *const style_defaults[PB_ROLE_COUNT][S_COUNT] = {
    [PB_ROLE_BODY] = {SERIF, "regular", "五号", "1line", "2em", "justify", "#000000", "0", "0",
                      "0", "0", NULL, "none", "none", "0", "0"},
    [PB_ROLE_TITLE] = {[S_FAMILY] = SANS, [S_WEIGHT] = "bold", [S_SIZE] = "28pt",
                       [S_LEADING] = "1.25em", [S_INDENT] = "0", [S_ALIGN] = "center",
                       [S_SPACE_AFTER] = "0.2em"},
    [PB_ROLE_KICKER] = {[S_FAMILY] = SANS, [S_WEIGHT] = "regular", [S_SIZE] = "1.5em",
                        [S_LEADING] = "1.3em", [S_INDENT] = "0", [S_ALIGN] = "center",
                        [S_SPACE_AFTER] = "0.25em"},
    [PB_ROLE_SUBTITLE] = {[S_FAMILY] = SERIF, [S_WEIGHT] = "regular", [S_SIZE] = "1.5em",
                          [S_LEADING] = "1.3em", [S_INDENT] = "0", [S_ALIGN] = "center",
                          [S_SPACE_BEFORE] = "0.25em"},
    [PB_ROLE_META] = {[S_FAMILY] = SANS, [S_WEIGHT] = "regular", [S_SIZE] = "0.85em",
                      [S_LEADING] = "1.5em", [S_INDENT] = "0", [S_ALIGN] = "center",
                      [S_COLOR] = "#444444", [S_SPACE_BEFORE] = "0.5em",
                      [S_RULE_ABOVE] = "0.3pt", [S_RULE_COLOR] = "#888888"},
    [PB_ROLE_HEAD] = {[S_FAMILY] = SANS, [S_WEIGHT] = "bold", [S_SIZE] = "1.2em",
                      [S_LEADING] = "1line", [S_INDENT] = "0", [S_ALIGN] = "left",
                      [S_SPACE_BEFORE] = "1line"},
    [PB_ROLE_HEAD2] = {[S_SIZE] = "1em"},
    [PB_ROLE_HEAD3] = {[S_FAMILY] = KAI, [S_WEIGHT] = "bold", [S_SIZE] = "1em",
                       [S_SPACE_BEFORE] = "0"},
    [PB_ROLE_NOTE] = {[S_FAMILY] = KAI, [S_SIZE] = "1em", [S_SPACE_BEFORE] = "0.5line",
                      [S_SPACE_AFTER] = "1line", [S_BOX_FILL] = "#eef1f5",
                      [S_BOX_STROKE] = "#9aa5b1", [S_BOX_STROKE_WIDTH] = "0.5pt",
                      [S_BOX_PADDING] = "6pt"},
    [PB_ROLE_CAPTION] = {[S_FAMILY] = KAI, [S_WEIGHT] = "regular", [S_SIZE] = "0.85em",
                         [S_LEADING] = "1.4em", [S_INDENT] = "0", [S_COLOR] = "#333333"},
    [PB_ROLE_CREDITS] = {[S_FAMILY] = SANS, [S_WEIGHT] = "regular", [S_SIZE] = "0.85em",
                         [S_LEADING] = "1line", [S_INDENT] = "0", [S_ALIGN] = "right",
                         [S_SPACE_BEFORE] = "0.5line"},
    [PB_ROLE_HEADER] = {[S_FAMILY] = SANS, [S_WEIGHT] = "regular", [S_SIZE] = "0.8em",
                        [S_LEADING] = "1.2em", [S_INDENT] = "0", [S_ALIGN] = "left"},
    [PB_ROLE_FOOTNOTE] = {[S_SIZE] = "0.85em", [S_LEADING] = "1.4em", [S_INDENT] = "0",
                          [S_SPACE_BEFORE] = "1line"},
};

static void check_styles(ctx *c, const pb_ynode *root)
{
    const pb_ynode *styles =
        check_map(c, pb_yamltree_get(root, "styles"), "styles", pb_template_role_names);
    for (int r = 0; r < PB_ROLE_COUNT; r++) {
        char path[PATH_MAX_LEN], bpath[PATH_MAX_LEN];
        pb_template_join_path(path, "styles", pb_template_role_names[r]);
        c->styles[r] =
            check_map(c, pb_yamltree_get(styles, pb_template_role_names[r]), path, style_keys);
        const pb_ynode *box = pb_yamltree_get(c->styles[r], "box");
        pb_template_join_path(bpath, path, "box");
        if (box && (box->kind != PB_YNODE_SCALAR || as_bool(box->text) != 0))
            check_map(c, box, bpath, box_keys);
    }
}

/* The value of field k written in role r's mapping; false when not there.
 * `box: false` (or none) reads as "none" for colours and "0" for widths. */
static bool style_given(ctx *c, pb_role r, int k, val *v)
{
    const pb_ynode *m = c->styles[r];
    const char *key = pb_template_style_fields[k].key;
    char path[PATH_MAX_LEN];
    snprintf(path, sizeof path, "styles.%s", pb_template_role_names[r]);
    if (strncmp(key, "box.", 4) == 0) {
        const pb_ynode *box = pb_yamltree_get(m, "box");
        if (box && box->kind == PB_YNODE_SCALAR && as_bool(box->text) == 0) {
            *v = absent(path, key);
            v->text = pb_template_style_fields[k].kind == F_COLOR ? "none" : "0";
            v->line = box->line;
            return true;
        }
        snprintf(path, sizeof path, "styles.%s.box", pb_template_role_names[r]);
        m = box && box->kind == PB_YNODE_MAP ? box : NULL;
        key += 4;
    }
    *v = pick(c, m, path, key, NULL);
    return v->text != NULL;
}

val pb_template_style_source(ctx *c, pb_role r, int k)
{
    val v;
    if (style_given(c, r, k, &v))
        return v;
    const char *dflt = style_defaults[r][k];
    if (!dflt && (r == PB_ROLE_HEAD2 || r == PB_ROLE_HEAD3)) /* as the first level has it */
        return pb_template_style_source(c, PB_ROLE_HEAD, k);
    if (!dflt && r != PB_ROLE_BODY && style_given(c, PB_ROLE_BODY, k, &v))
        return v;
    char path[PATH_MAX_LEN];
    pb_template_join_path(path, "styles", pb_template_role_names[r]);
    v = absent(path, pb_template_style_fields[k].key);
    v.text = dflt ? dflt : style_defaults[PB_ROLE_BODY][k];
    return v;
}

static int get_weight(ctx *c, const val *v)
{
    int w = 400;
    if (!pb_weight_parse(v->text, &w))
        pb_template_error(c, v->line, v->path,
                          "expected regular, bold, light, medium, black or a number "
                          "100..900, got \"%s\"",
                          v->text);
    return w;
}

static pb_len get_size(ctx *c, const val *v, pb_len body_size)
{
    char b[32];
    pb_len l = 0;
    if (!pb_length_parse(v->text, body_size, 0, &l)) {
        length_error(c, v, body_size, 0);
        return PB_PT(10.5);
    }
    if (l < PB_PT(2) || l > PB_PT(500)) {
        pb_template_error(c, v->line, v->path,
                          "a font size must be between 2pt and 500pt, got \"%s\" (%s)", v->text,
                          pb_template_len_str(l, b, sizeof b));
        return PB_PT(10.5);
    }
    return l;
}

static void resolve_field(ctx *c, pb_role r, int k, pb_style *s)
{
    val v = pb_template_style_source(c, r, k);
    void *p = (char *)s + pb_template_style_fields[k].off;
    pb_len body = r == PB_ROLE_BODY ? PB_PT(10.5) : c->t->styles[PB_ROLE_BODY].size;
    int a;
    if (!v.text) /* only rule_color: it follows the text colour */
        return;
    switch (pb_template_style_fields[k].kind) {
    case F_STRING: *(char **)p = get_str(c, &v); break;
    case F_WEIGHT: *(int *)p = get_weight(c, &v); break;
    case F_SIZE: *(pb_len *)p = get_size(c, &v, body); break;
    case F_LEN: *(pb_len *)p = get_len(c, &v, s->size, c->t->baseline, false); break;
    case F_LEN_POSITIVE: *(pb_len *)p = get_len(c, &v, s->size, c->t->baseline, true); break;
    case F_ALIGN:
        *(pb_align *)p = (a = get_enum(c, &v, pb_template_align_names)) < 0 ? 0 : (pb_align)a;
        break;
    case F_COLOR: *(pb_color *)p = get_color(c, &v); break;
    }
}

static void resolve_style(ctx *c, pb_role r)
{
    pb_style *s = &c->t->styles[r];
    for (int k = 0; k < S_COUNT; k++)
        resolve_field(c, r, k, s);
    if (!s->family)
        pb_template_error(c, c->styles[r] ? c->styles[r]->line : 0,
                          pb_template_style_source(c, r, S_FAMILY).path, "must name a font family");
    if (!pb_template_style_source(c, r, S_RULE_COLOR).text)
        s->rule_color = s->color;
}

/* ---- page, grid, headline, figures, furniture ------------------------------ */

static const char *const root_keys[] = {"name",    "description", "page",   "grid",
                                        "headline", "styles",     "figures", "header",
                                        "footer",  "typography",  "board",   "fit",
                                        "date_format", NULL};
static const char *const page_keys[] = {"size",  "orientation", "margins",
                                        "bleed", "crop_marks",  NULL};
static const char *const board_keys[] = {"title_band", "footer_band", "gap", "copyfit", NULL};
static const char *const band_keys[] = {"height", "fill", "image", "text", NULL};
static const char *const copyfit_keys[] = {"min", "max", "max_short", NULL};
const char *const pb_template_margin_keys[] = {"top", "bottom", "left", "right", NULL};
static const char *const grid_keys[] = {"columns", "gutter", "baseline", "column_rule",
                                        "column_rule_color", NULL};
static const char *const headline_keys[] = {"space_after", "rule", NULL};
static const char *const figure_keys[] = {"span",    "max_height",      "min_height", "gap",
                                          "min_ppi", "note_max_height", NULL};
static const char *const fit_keys[] = {"order", "last_page", "fill", "crop",
                                       "space", "body",      "short", NULL};
static const char *const fit_body_keys[] = {"min", "max", NULL};
static const char *const fit_short_keys[] = {"columns", "body", NULL};
const char *const pb_template_furniture_keys[] = {"left",   "center",     "right", "rule",
                                                  "offset", "first_page", NULL};
static const char *const orientation_names[] = {"portrait", "landscape", NULL};
static const char *const typography_keys[] = {"linebreak",     "punctuation", "hanging",
                                              "latin_spacing", "char_stretch", "latin_justify",
                                              "last_line_chars", "normalize",  "strong_family",
                                              NULL};
static const char *const linebreak_names[] = {"strict", "normal", "loose", NULL};
static const char *const punct_names[] = {"quanjiao", "hangmobanjiao", "kaiming", "banjiao", NULL};
static const char *const hanging_names[] = {"none", "allow", "force", NULL};

/* The plain settings outside styles, each with its built-in default; the
 * ones that depend on others (page.size, grid.baseline, figures.span) are
 * read by hand. Lengths in em are of the body size, in line of the baseline. */
const pb_tplsetting pb_template_settings[T_COUNT] = {
    [T_TOP] = {"page.margins.top", K_LEN, offsetof(pb_template, margin_top), "18mm", 0},
    [T_BOTTOM] = {"page.margins.bottom", K_LEN, offsetof(pb_template, margin_bottom), "16mm", 0},
    [T_LEFT] = {"page.margins.left", K_LEN, offsetof(pb_template, margin_left), "15mm", 0},
    [T_RIGHT] = {"page.margins.right", K_LEN, offsetof(pb_template, margin_right), "15mm", 0},
    [T_COLUMNS] = {"grid.columns", K_INT, offsetof(pb_template, columns), "4", MAX_COLUMNS},
    [T_GUTTER] = {"grid.gutter", K_LEN, offsetof(pb_template, gutter), "5mm", 0},
    [T_RULE] = {"grid.column_rule", K_LEN, offsetof(pb_template, column_rule), "0.3pt", 0},
    [T_RULE_COLOR] = {"grid.column_rule_color", K_COLOR,
                      offsetof(pb_template, column_rule_color), "#888888", 0},
    [T_HEADLINE_SPACE] = {"headline.space_after", K_LEN,
                          offsetof(pb_template, headline_space_after), "2line", 0},
    [T_HEADLINE_RULE] = {"headline.rule", K_LEN, offsetof(pb_template, headline_rule), "0.8pt", 0},
    [T_MAX_HEIGHT] = {"figures.max_height", K_FRACTION,
                      offsetof(pb_template, figure_max_height), "0.45", 0},
    [T_MIN_HEIGHT] = {"figures.min_height", K_FRACTION,
                      offsetof(pb_template, figure_min_height), "0.1", 0},
    [T_GAP] = {"figures.gap", K_LEN, offsetof(pb_template, figure_gap), "4pt", 0},
    [T_MIN_PPI] = {"figures.min_ppi", K_INT, offsetof(pb_template, min_ppi), "200", 10000},
    [T_NOTE_HEIGHT] = {"figures.note_max_height", K_FRACTION,
                       offsetof(pb_template, note_max_height), "0.2", 0},
    [T_LINEBREAK] = {"typography.linebreak", K_ENUM, offsetof(pb_template, typo.linebreak),
                     "strict", 0, linebreak_names},
    [T_PUNCT] = {"typography.punctuation", K_ENUM, offsetof(pb_template, typo.punctuation),
                 "quanjiao", 0, punct_names},
    [T_HANGING] = {"typography.hanging", K_ENUM, offsetof(pb_template, typo.hanging), "none", 0,
                   hanging_names},
    [T_LATIN] = {"typography.latin_spacing", K_EM, offsetof(pb_template, typo.latin_spacing),
                 "0.25em", 0},
    [T_STRETCH] = {"typography.char_stretch", K_EM, offsetof(pb_template, typo.char_stretch),
                   "0.15em", 0},
    [T_LATIN_JUSTIFY] = {"typography.latin_justify", K_EM,
                         offsetof(pb_template, typo.latin_justify), "24em", 200},
    [T_LASTLINE] = {"typography.last_line_chars", K_INT,
                    offsetof(pb_template, typo.last_line_chars), "2", 10},
    [T_NORMALIZE] = {"typography.normalize", K_BOOL, offsetof(pb_template, typo.normalize),
                     "true", 0},
    [T_STRONG] = {"typography.strong_family", K_STR, offsetof(pb_template, typo.strong_family),
                  PB_STRONG_FAMILY, 0},
    [T_BLEED] = {"page.bleed", K_LEN, offsetof(pb_template, bleed), "0", 0},
    [T_MARKS] = {"page.crop_marks", K_BOOL, offsetof(pb_template, crop_marks), "true", 0},
    [T_BAND_H] = {"board.title_band.height", K_LEN, offsetof(pb_template, board.title_height),
                  "0", 0},
    [T_BAND_FILL] = {"board.title_band.fill", K_COLOR, offsetof(pb_template, board.title_fill),
                     "#8b1a1a", 0},
    [T_BAND_IMAGE] = {"board.title_band.image", K_STR, offsetof(pb_template, board.title_image),
                      "", 0},
    [T_FOOT_H] = {"board.footer_band.height", K_LEN, offsetof(pb_template, board.footer_height),
                  "0", 0},
    [T_FOOT_FILL] = {"board.footer_band.fill", K_COLOR, offsetof(pb_template, board.footer_fill),
                     "#8b1a1a", 0},
    [T_FOOT_TEXT] = {"board.footer_band.text", K_STR, offsetof(pb_template, board.footer_text),
                     "{organizer}　{byline}　{date}　{board}/{boards}", 0},
    [T_BOARD_GAP] = {"board.gap", K_LEN, offsetof(pb_template, board.gap), "1line", 0},
    [T_FIT_MIN] = {"board.copyfit.min", K_LEN, offsetof(pb_template, board.fit_min), "0", 0},
    [T_FIT_MAX] = {"board.copyfit.max", K_LEN, offsetof(pb_template, board.fit_max), "0", 0},
    [T_FIT_SHORT] = {"board.copyfit.max_short", K_LEN, offsetof(pb_template, board.fit_short),
                     "0", 0},
    [T_PF_ORDER] = {"fit.order", K_MOVES, offsetof(pb_template, fit), "figures crop space", 0},
    [T_PF_LAST] = {"fit.last_page", K_FRACTION, offsetof(pb_template, fit.last_page), "0.5", 0},
    [T_PF_FILL] = {"fit.fill", K_FRACTION, offsetof(pb_template, fit.fill), "0.85", 0},
    [T_PF_CROP] = {"fit.crop", K_FRACTION, offsetof(pb_template, fit.crop), "0.75", 0},
    [T_PF_SPACE] = {"fit.space", K_FRACTION, offsetof(pb_template, fit.space), "0.5", 0},
    [T_PF_BODY_MIN] = {"fit.body.min", K_LEN, offsetof(pb_template, fit.body_min), "0", 0},
    [T_PF_BODY_MAX] = {"fit.body.max", K_LEN, offsetof(pb_template, fit.body_max), "0", 0},
    [T_PF_SHORT_COLS] = {"fit.short.columns", K_INT, offsetof(pb_template, fit.short_columns), "1",
                         MAX_COLUMNS},
    [T_PF_SHORT_MIN] = {"fit.short.body.min", K_LEN, offsetof(pb_template, fit.short_min), "0", 0},
    [T_PF_SHORT_MAX] = {"fit.short.body.max", K_LEN, offsetof(pb_template, fit.short_max), "0", 0},
};

/* Checks every mapping outside styles for unknown keys and wrong types. */
static void check_structure(ctx *c, const pb_ynode *root)
{
    check_map(c, root, "", root_keys);
    const pb_ynode *page = check_map(c, pb_yamltree_get(root, "page"), "page", page_keys);
    check_map(c, pb_yamltree_get(page, "margins"), "page.margins", pb_template_margin_keys);
    check_map(c, pb_yamltree_get(root, "grid"), "grid", grid_keys);
    check_map(c, pb_yamltree_get(root, "headline"), "headline", headline_keys);
    check_map(c, pb_yamltree_get(root, "figures"), "figures", figure_keys);
    check_map(c, pb_yamltree_get(root, "typography"), "typography", typography_keys);
    const pb_ynode *board = check_map(c, pb_yamltree_get(root, "board"), "board", board_keys);
    check_map(c, pb_yamltree_get(board, "title_band"), "board.title_band", band_keys);
    check_map(c, pb_yamltree_get(board, "footer_band"), "board.footer_band", band_keys);
    check_map(c, pb_yamltree_get(board, "copyfit"), "board.copyfit", copyfit_keys);
    const pb_ynode *fit = check_map(c, pb_yamltree_get(root, "fit"), "fit", fit_keys);
    check_map(c, pb_yamltree_get(fit, "body"), "fit.body", fit_body_keys);
    const pb_ynode *fshort = check_map(c, pb_yamltree_get(fit, "short"), "fit.short", fit_short_keys);
    check_map(c, pb_yamltree_get(fshort, "body"), "fit.short.body", fit_body_keys);
    check_styles(c, root);
}

/* pick() by a dotted path from the root: "page.margins.top". */
static val pick_path(ctx *c, const pb_ynode *root, const char *path, const char *dflt)
{
    char parent[PATH_MAX_LEN];
    snprintf(parent, sizeof parent, "%s", path);
    char *key = strrchr(parent, '.');
    *key++ = '\0';
    const pb_ynode *m = root;
    for (char *p = parent, *dot; m && p; p = dot ? dot + 1 : NULL) {
        if ((dot = strchr(p, '.')))
            *dot = '\0';
        m = pb_yamltree_get(m, p);
        if (dot)
            *dot = '.';
    }
    return pick(c, m, parent, key, dflt);
}

/* Lengths outside styles: em is the body size, line the grid baseline. */
static pb_len outer_len(ctx *c, const val *v)
{
    return get_len(c, v, c->t->styles[PB_ROLE_BODY].size, c->t->baseline, false);
}

static double get_fraction(ctx *c, const val *v)
{
    double x = 0.45;
    if (!pb_fraction_parse(v->text, &x))
        pb_template_error(c, v->line, v->path,
                          "must be a fraction above 0 and at most "
                          "1 (e.g. 0.45 or 45%%), got \"%s\"",
                          v->text);
    return x;
}

/* A share of the em: "0.25em" or "0"; up to max em. */
static double get_em(ctx *c, const val *v, int max)
{
    double x = 0;
    size_t n = v->text ? strlen(v->text) : 0;
    if (v->text && strcmp(v->text, "0") == 0)
        return 0;
    char num[32];
    if (n > 2 && n < sizeof num && strcmp(v->text + n - 2, "em") == 0) {
        memcpy(num, v->text, n - 2);
        num[n - 2] = 0;
        if (pb_number_parse(num, &x) && x >= 0 && x <= max)
            return x;
    }
    if (v->text)
        pb_template_error(c, v->line, v->path,
                          "must be %s between 0 and %dem (e.g. %s), got \"%s\"",
                          max > 2 ? "a length in em" : "a share of the em", max,
                          max > 2 ? "24em" : "0.25em", v->text);
    return 0;
}

const char *const pb_template_fit_moves[] = {"figures", "crop", "space", "body", NULL};

/* fit.order: moves by name, in order of preference, each at most once,
 * separated by spaces or commas; "none" or nothing: the layout never fits. */
static void get_moves(ctx *c, const val *v)
{
    pb_template *t = c->t;
    t->fit.norder = 0;
    if (!v->text || !strcmp(v->text, "none"))
        return;
    char *s = pb_xstrdup(v->text), *save = NULL;
    for (char *w = strtok_r(s, " ,", &save); w; w = strtok_r(NULL, " ,", &save)) {
        int k = 0;
        while (pb_template_fit_moves[k] && strcmp(pb_template_fit_moves[k], w))
            k++;
        bool twice = false;
        for (int i = 0; i < t->fit.norder; i++)
            twice = twice || t->fit.order[i] == k;
        if (twice) {
            pb_template_error(c, v->line, v->path, "names \"%s\" twice", w);
            break;
        }
        if (!pb_template_fit_moves[k]) {
            char *list = join_names(pb_template_fit_moves);
            pb_template_error(c, v->line, v->path, "\"%s\" is not a move; the moves are %s, or none",
                              w, list);
            free(list);
            break;
        }
        t->fit.order[t->fit.norder++] = k;
    }
    free(s);
}

static bool get_bool(ctx *c, const val *v)
{
    int b = v->text ? as_bool(v->text) : -1;
    if (b < 0 && v->text)
        pb_template_error(c, v->line, v->path, "must be true or false, got \"%s\"", v->text);
    return b == 1;
}

static void read_settings(ctx *c, const pb_ynode *root)
{
    for (int i = 0; i < T_COUNT; i++) {
        val *v = &c->got[i];
        void *p = (char *)c->t + pb_template_settings[i].off;
        *v = pick_path(c, root, pb_template_settings[i].path, pb_template_settings[i].dflt);
        switch (pb_template_settings[i].kind) {
        case K_LEN: *(pb_len *)p = outer_len(c, v); break;
        case K_COLOR: *(pb_color *)p = get_color(c, v); break;
        case K_INT: *(int *)p = get_int(c, v, 1, pb_template_settings[i].max); break;
        case K_FRACTION: *(double *)p = get_fraction(c, v); break;
        case K_ENUM: {
            int k = get_enum(c, v, pb_template_settings[i].names);
            *(int *)p = k < 0 ? 0 : k;
            break;
        }
        case K_EM:
            *(double *)p = get_em(c, v, pb_template_settings[i].max ? pb_template_settings[i].max : 2);
            break;
        case K_BOOL: *(bool *)p = get_bool(c, v); break;
        case K_STR: *(char **)p = get_str(c, v); break;
        case K_MOVES: get_moves(c, v); break;
        }
    }
}

static void read_names(ctx *c, const pb_ynode *root)
{
    val name = pick(c, root, "", "name", NULL), desc = pick(c, root, "", "description", "");
    char *stem = c->file ? pb_path_stem(c->file) : pb_xstrdup("untitled");
    c->t->name = name.text && *name.text ? pb_xstrdup(name.text) : pb_xstrdup(stem);
    free(stem);
    if (name.text && (!*name.text || strchr(name.text, '/')))
        pb_template_error(c, name.line, name.path,
                          "must be a non-empty name without '/', got \"%s\"", name.text);
    if (strchr(desc.text, '\n'))
        pb_template_error(c, desc.line, desc.path, "must be one line");
    c->t->description = pb_xstrdup(desc.text);
}

/* The baseline comes right after the body size: every `line` needs it. */
static void read_baseline(ctx *c, const pb_ynode *root)
{
    val base = pick_path(c, root, "grid.baseline", "1.5em");
    c->baseline = base;
    c->t->baseline = get_len(c, &base, c->t->styles[PB_ROLE_BODY].size, 0, true);
    if (c->t->baseline <= 0)
        c->t->baseline = PB_PT(15);
}

static void read_page_size(ctx *c, const pb_ynode *root)
{
    pb_template *t = c->t;
    val size = pick_path(c, root, "page.size", "A3");
    c->size_line = size.line;
    if (!pb_pagesize_parse(size.text, &t->page_w, &t->page_h)) {
        pb_template_error(c, size.line, size.path,
                          "unknown page size \"%s\": use A0-A6, B4, B5, 对开, 四开, "
                          "八开, broadsheet, tabloid or \"W×H mm\"",
                          size.text);
        pb_pagesize_parse("A3", &t->page_w, &t->page_h);
    }
    val orient = pick_path(c, root, "page.orientation", NULL);
    int o = get_enum(c, &orient, orientation_names);
    if ((o == 0 && t->page_w > t->page_h) || (o == 1 && t->page_w < t->page_h)) {
        pb_len w = t->page_w;
        t->page_w = t->page_h;
        t->page_h = w;
    }
}

/* An explicit span wider than the grid is an error; the default fits it. */
static void read_span(ctx *c, const pb_ynode *root)
{
    pb_template *t = c->t;
    val span = pick_path(c, root, "figures.span", NULL);
    if (!span.text)
        t->figure_span = t->columns < 2 ? t->columns : 2;
    else if ((t->figure_span = get_int(c, &span, 1, MAX_COLUMNS)) > t->columns)
        pb_template_error(c, span.line, span.path, "spans %d columns but grid.columns is %d",
                          t->figure_span, t->columns);
}

/* Defaults of left, center, right, rule, offset and first_page
 * (pb_template_furniture_keys order). The header is a newspaper's 版次 line,
 * on every page, page 1 included: the page's number, its 版名 (front matter
 * section) and the date. */
typedef const char *const furniture_defaults[6];

static const furniture_defaults header_defaults = {"第{page}版", "{section}", "{date}", "0.5pt",
                                                   "6mm", "true"};
static const furniture_defaults footer_defaults = {"", "{page}", "", "0", "8mm", "true"};

/* Absent or false: disabled; true: enabled with the defaults; a mapping:
 * enabled, missing keys take the defaults. */
static void read_furniture(ctx *c, const pb_ynode *root, const char *key,
                           const furniture_defaults def, pb_furniture *f, val *offset)
{
    const pb_ynode *n = pb_yamltree_get(root, key);
    const pb_ynode *m = NULL;
    if (!n)
        return;
    if (n->kind == PB_YNODE_SCALAR) {
        int b = as_bool(n->text);
        if (b < 0)
            pb_template_error(c, n->line, key, "expected a mapping, true or false, got \"%s\"",
                              n->text);
        if (b <= 0)
            return;
    } else if (!(m = check_map(c, n, key, pb_template_furniture_keys)))
        return;
    char **slots[3] = {&f->left, &f->center, &f->right};
    for (int i = 0; i < 3; i++) {
        val v = pick(c, m, key, pb_template_furniture_keys[i], def[i]);
        *slots[i] = get_str(c, &v);
        for (const char *p = v.text; p && (p = strstr(p, "{page}")); p++) {
            c->page_uses++;
            c->page_line = v.line ? v.line : n->line;
        }
    }
    val rule = pick(c, m, key, "rule", def[3]), off = pick(c, m, key, "offset", def[4]);
    f->rule = outer_len(c, &rule);
    f->offset = outer_len(c, &off);
    *offset = off;
    val first = pick(c, m, key, "first_page", def[5]);
    f->first_page = get_bool(c, &first);
    f->enabled = true;
}

const char *const pb_template_date_langs[] = {"zh-Hans", "zh-Hant", "ja", NULL};

/* How a date is printed in each language: 「2025年6月20日 星期五」; Taiwan's
 * and Japan's papers without the weekday. */
static const char *const date_defaults[] = {"{year}年{month}月{day}日 {weekday}",
                                            "{year}年{month}月{day}日", "{year}年{month}月{day}日"};

/* date_format: one format for every language, or a mapping by language,
 * missing ones taking the defaults; "" prints dates as written. */
static void read_date_format(ctx *c, const pb_ynode *root)
{
    const pb_ynode *n = pb_yamltree_get(root, "date_format");
    bool one = n && n->kind == PB_YNODE_SCALAR;
    const pb_ynode *m = n && !one ? check_map(c, n, "date_format", pb_template_date_langs) : NULL;
    for (int i = 0; pb_template_date_langs[i]; i++) {
        val v = one ? pick(c, root, "", "date_format", NULL)
                    : pick(c, m, "date_format", pb_template_date_langs[i], date_defaults[i]);
        char bad[48];
        if (pb_date_format_unknown(v.text, bad, sizeof bad))
            pb_template_error(c, v.line, v.path,
                              "unknown placeholder %s; a date_format has {year} {month} {day} "
                              "{mm} {dd} {weekday} {wd} {time}",
                              bad);
        else if (strchr(v.text, '\n'))
            pb_template_error(c, v.line, v.path, "must be one line");
        c->t->date_format[i] = get_str(c, &v);
    }
}

/* ---- public ---------------------------------------------------------------- */

static void resolve(ctx *c, const pb_ynode *root)
{
    pb_template *t = c->t;
    check_structure(c, root);
    read_names(c, root);
    resolve_field(c, PB_ROLE_BODY, S_SIZE, &t->styles[PB_ROLE_BODY]);
    read_baseline(c, root);
    read_page_size(c, root);
    read_settings(c, root);
    for (int r = 0; r < PB_ROLE_COUNT; r++) {
        resolve_style(c, (pb_role)r);
        t->styles[r].strong_family = t->typo.strong_family;
    }
    read_span(c, root);
    read_furniture(c, root, "header", header_defaults, &t->header, &c->offset[0]);
    read_furniture(c, root, "footer", footer_defaults, &t->footer, &c->offset[1]);
    if (c->page_uses > 1) /* 第2版 at the head and 2 at the foot */
        pb_warn(c->d, c->file, c->page_line,
                "header, footer: {page} is printed %d times on a page; once is enough",
                c->page_uses);
    read_date_format(c, root);
    if (!c->errors)
        pb_templatecheck_area(c);
    if (!c->errors)
        pb_templatecheck_places(c);
}

/* Parses YAML text into a tree whose root is a mapping; NULL after an error. */
static pb_ynode *parse_tree(const char *yaml, size_t len, const char *path, pb_diags *d)
{
    bool empty = false;
    pb_ynode *root = pb_yamltree_parse(yaml, len, path, MAX_DEPTH, &empty, d);
    if (empty)
        pb_error(d, path, 1, "the template is empty; it needs at least `name` and `page.size`");
    if (root && root->kind != PB_YNODE_MAP) {
        pb_error(d, path, root->line, "the top level must be a mapping of keys (name, page, "
                                      "grid, ...), got %s", pb_yamltree_kind_name(root));
        pb_yamltree_free(root);
        return NULL;
    }
    return root;
}

pb_template *pb_template_parse(const char *yaml, size_t len, const char *path, pb_diags *d)
{
    if (len > MAX_FILE) {
        pb_error(d, path, 0, "a template may not be larger than %u bytes", MAX_FILE);
        return NULL;
    }
    pb_ynode *root = parse_tree(yaml, len, path, d);
    if (!root)
        return NULL;
    ctx c = {.file = path, .d = d, .first_diag = d->n, .t = pb_xcalloc(1, sizeof(pb_template))};
    c.t->path = path ? pb_xstrdup(path) : NULL;
    resolve(&c, root);
    pb_yamltree_free(root);
    if (!c.errors)
        return c.t;
    pb_template_free(c.t);
    return NULL;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "a3-news, a4-handout, ..." of the *.yaml files in dir, sorted. Caller frees. */
static char *list_layouts(const char *dir)
{
    PB_VEC(char *) names = {0};
    DIR *dp = opendir(dir);
    for (struct dirent *e; dp && (e = readdir(dp));)
        if (e->d_name[0] != '.' && ends_with(e->d_name, ".yaml"))
            PB_PUSH(names, pb_xstrndup(e->d_name, strlen(e->d_name) - 5));
    if (dp)
        closedir(dp);
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, cmp_str);
    pb_buf b = {0};
    pb_buf_adds(&b, "");
    for (size_t i = 0; i < names.n; i++) {
        pb_buf_addf(&b, "%s%s", i ? ", " : "", names.v[i]);
        free(names.v[i]);
    }
    free(names.v);
    return b.s;
}

static char *find_layout(const char *name, const char *dir, pb_diags *d)
{
    struct stat st;
    char *path = pb_strdupf("%s/%s.yaml", dir, name);
    if (*name && stat(path, &st) == 0)
        return path;
    char *avail = list_layouts(dir);
    pb_error(d, NULL, 0, "unknown layout \"%s\"; available in %s: %s", name, dir,
             *avail ? avail : "(none)");
    free(avail);
    free(path);
    return NULL;
}

pb_template *pb_template_load(const char *name_or_path, const char *layouts_dir, pb_diags *d)
{
#ifdef PAIBAN_DATADIR
    const char *dir = layouts_dir ? layouts_dir : PAIBAN_DATADIR "/layouts";
#else
    const char *dir = layouts_dir ? layouts_dir : "layouts";
#endif
    bool is_path = strchr(name_or_path, '/') || ends_with(name_or_path, ".yaml") ||
                   ends_with(name_or_path, ".yml");
    char *path = is_path ? pb_xstrdup(name_or_path) : find_layout(name_or_path, dir, d);
    size_t len = 0;
    char *text = path ? pb_file_read(path, &len, MAX_FILE, d) : NULL;
    pb_template *t = text ? pb_template_parse(text, len, path, d) : NULL;
    free(text);
    free(path);
    return t;
}

void pb_template_free(pb_template *t)
{
    if (!t)
        return;
    for (int r = 0; r < PB_ROLE_COUNT; r++)
        free(t->styles[r].family);
    pb_furniture *f[2] = {&t->header, &t->footer};
    for (int i = 0; i < 2; i++) {
        free(f[i]->left);
        free(f[i]->center);
        free(f[i]->right);
    }
    free(t->name);
    free(t->description);
    free(t->path);
    free(t->board.title_image);
    free(t->board.footer_text);
    free(t->typo.strong_family);
    for (int i = 0; i < 3; i++)
        free(t->date_format[i]);
    free(t);
}

const char *pb_template_date_format(const pb_template *t, const char *lang)
{
    int i = 0;
    while (lang && pb_template_date_langs[i] && strcmp(lang, pb_template_date_langs[i]))
        i++;
    return t->date_format[pb_template_date_langs[i] ? i : 0];
}

pb_len pb_template_area_width(const pb_template *t)
{
    return t->page_w - t->margin_left - t->margin_right;
}

pb_len pb_template_area_top(const pb_template *t)
{
    pb_len band = t->board.title_height + t->board.gap;
    return pb_template_is_board(t) && band > t->margin_top ? band : t->margin_top;
}

pb_len pb_template_area_height(const pb_template *t)
{
    pb_len bottom = t->margin_bottom, band = t->board.footer_height + t->board.gap;
    if (pb_template_is_board(t) && t->board.footer_height > 0 && band > bottom)
        bottom = band;
    return t->page_h - pb_template_area_top(t) - bottom;
}

pb_len pb_template_column_width(const pb_template *t)
{
    int n = t->columns > 0 ? t->columns : 1;
    return (pb_len)((pb_template_area_width(t) - (int64_t)(n - 1) * t->gutter) / n);
}
