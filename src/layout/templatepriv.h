/* templatepriv: the key tables of a layout template and the state of reading one (template.c).
 * Consumes: the YAML tree (yamltree.h). Produces: each value as read, with its line and key path,
 * for the checks across keys (templatecheck.c); the tables, for the dump (templatedump.c). */
#ifndef PB_TEMPLATEPRIV_H
#define PB_TEMPLATEPRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "template.h"
#include "yamltree.h"

#define PATH_MAX_LEN 96

/* The plain settings outside styles, in the order they are read and dumped. */
enum {
    T_TOP, T_BOTTOM, T_LEFT, T_RIGHT, T_COLUMNS, T_GUTTER, T_RULE, T_RULE_COLOR,
    T_HEADLINE_SPACE, T_HEADLINE_RULE, T_MAX_HEIGHT, T_MIN_HEIGHT, T_GAP, T_MIN_PPI, T_NOTE_HEIGHT,
    T_LINEBREAK, T_PUNCT, T_HANGING, T_LATIN, T_STRETCH, T_LATIN_JUSTIFY, T_LASTLINE, T_NORMALIZE, T_STRONG,
    T_BLEED, T_MARKS, T_BAND_H, T_BAND_FILL, T_BAND_IMAGE, T_FOOT_H, T_FOOT_FILL, T_FOOT_TEXT,
    T_BOARD_GAP, T_FIT_MIN, T_FIT_MAX, T_FIT_SHORT, T_PF_ORDER, T_PF_LAST, T_PF_FILL, T_PF_CROP,
    T_PF_SPACE, T_PF_BODY_MIN, T_PF_BODY_MAX, T_PF_SHORT_COLS, T_PF_SHORT_MIN, T_PF_SHORT_MAX,
    T_COUNT
};

enum {
    S_FAMILY, S_WEIGHT, S_SIZE, S_LEADING, S_INDENT, S_ALIGN, S_COLOR, S_SPACE_BEFORE,
    S_SPACE_AFTER, S_RULE_ABOVE, S_RULE_BELOW, S_RULE_COLOR, S_BOX_FILL, S_BOX_STROKE,
    S_BOX_STROKE_WIDTH, S_BOX_PADDING, S_COUNT
};

typedef enum { F_STRING, F_WEIGHT, F_SIZE, F_LEN, F_LEN_POSITIVE, F_ALIGN, F_COLOR } pb_tplfkind;
typedef enum { K_LEN, K_COLOR, K_INT, K_FRACTION, K_ENUM, K_EM, K_BOOL, K_STR, K_MOVES } pb_tplkkind;

/* A field of pb_style (S_ order). */
typedef struct {
    const char *key; /* "box.fill" lives in the style's box mapping */
    pb_tplfkind kind;
    size_t off;
} pb_tplfield;

/* A plain setting outside styles (T_ order), with its built-in default. */
typedef struct {
    const char *path;
    pb_tplkkind kind;
    size_t off;
    const char *dflt;
    int max;                  /* K_INT: the range is 1..max; K_EM: 0..max em (0: 2) */
    const char *const *names; /* K_ENUM */
} pb_tplsetting;

/* A value to resolve: its text, where it came from, and its key path. */
typedef struct {
    const char *text; /* NULL when absent everywhere */
    int line;         /* 0 for built-in defaults */
    bool plain;
    char path[PATH_MAX_LEN];
} pb_tplval;

typedef struct {
    const char *file;
    pb_diags *d;
    size_t first_diag; /* where this template's diagnostics start in d */
    int errors;
    pb_template *t;
    const pb_ynode *styles[PB_ROLE_COUNT];
    pb_tplval got[T_COUNT]; /* the settings as read, for the checks across keys */
    pb_tplval baseline, offset[2]; /* grid.baseline, header.offset, footer.offset as read */
    int page_uses, page_line; /* {page} in the header and footer: how often, the last's line */
    int size_line;
} pb_tplctx;

/* ---- template.c ---- */

extern const pb_tplfield pb_template_style_fields[S_COUNT];
extern const pb_tplsetting pb_template_settings[T_COUNT];
/* The names and key lists end with NULL. */
extern const char *const pb_template_role_names[PB_ROLE_COUNT + 1];
extern const char *const pb_template_align_names[];
extern const char *const pb_template_fit_moves[]; /* fit.order's words, PB_FIT_* order */
extern const char *const pb_template_margin_keys[];
extern const char *const pb_template_furniture_keys[];
extern const char *const pb_template_date_langs[]; /* date_format's keys, template.h order */

/* Appends "path: message" to c's diagnostics, once per template. */
void pb_template_error(pb_tplctx *c, int line, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* parent.key into out (PATH_MAX_LEN bytes), cut with "..." when longer. */
void pb_template_join_path(char *out, const char *parent, const char *key);
/* l as "12.00pt" in buf (n bytes). Returns buf. */
const char *pb_template_len_str(pb_len l, char *buf, size_t n);
/* Where field k of role r comes from: its mapping, body's, or a built-in default. */
pb_tplval pb_template_style_source(pb_tplctx *c, pb_role r, int k);

/* ---- templatecheck.c ---- */

/* The margins against the page, the columns against the type area. */
void pb_templatecheck_area(pb_tplctx *c);
/* Leadings, indents, spaces, copyfit, header, footer and bleed against the
 * page and each other; called once pb_templatecheck_area() found nothing. */
void pb_templatecheck_places(pb_tplctx *c);

#endif
