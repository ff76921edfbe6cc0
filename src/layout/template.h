/* template: a page layout (page, grid, styles, figures, furniture) loaded from YAML.
 * Consumes: layouts/NAME.yaml or a path. Produces: pb_template, read by every
 * later stage. Lengths are pb_len: 1/1024 pt, the same unit as PANGO_SCALE. */
#ifndef PB_TEMPLATE_H
#define PB_TEMPLATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../base/diag.h"
#include "../base/units.h"
#include "../text/style.h"

/* A running header or footer: three slots with {placeholders}
 * (placeholder.h). */
typedef struct {
    bool enabled;
    char *left, *center, *right; /* NULL when empty */
    pb_len rule;                 /* rule between it and the type area; 0 = none */
    pb_len offset;               /* distance from the type area to its baseline */
    bool first_page;             /* also on page 1 (default: header no, footer yes) */
} pb_furniture;

/* What page fitting may change (template fit.order). */
typedef enum { PB_FIT_FIGURES, PB_FIT_CROP, PB_FIT_SPACE, PB_FIT_BODY } pb_fit_move;

typedef struct pb_template {
    char *name, *description;
    char *path; /* the file it came from */
    /* page */
    pb_len page_w, page_h; /* after orientation */
    pb_len margin_top, margin_bottom, margin_left, margin_right;
    /* grid: the type area is the page inside the margins */
    int columns;
    pb_len gutter;
    pb_len baseline;    /* grid pitch; the body leading should equal it */
    pb_len column_rule; /* width of rules between columns; 0 = none */
    pb_color column_rule_color;
    /* styles */
    pb_style styles[PB_ROLE_COUNT];
    /* headline group */
    pb_len headline_space_after; /* between the headline group and the columns */
    pb_len headline_rule;        /* rule under the headline group; 0 = none */
    /* figures */
    int figure_span;            /* default columns a figure spans */
    double figure_max_height;   /* fraction of the column height, 0..1 */
    double figure_min_height;   /* page fitting shrinks a photo no lower (same unit) */
    pb_len figure_gap;          /* between photo and caption, and around the figure */
    int min_ppi;                /* preflight warning threshold */
    double note_max_height;     /* the editor's note box spans the fewest columns at which
                                 * it is at most this fraction of the column height */
    /* page fitting (fit.h): what may change so that an article ends on
     * fewer pages or fills its last one, in order of preference */
    struct {
        int order[4], norder;   /* PB_FIT_* */
        double last_page;       /* end a page earlier when the last is filled less */
        double fill;            /* fill the last page to at least this */
        double crop;            /* a photo keeps at least this share of its height */
        double space;           /* space around heads and boxes shrinks to this share */
        pb_len body_min, body_max; /* the body size's range; 0: fixed */
        /* a one-page text that fills its page less than `fill` even at
         * body_max: set in short_columns columns, the body within
         * short_min..short_max (0: never) */
        int short_columns;
        pb_len short_min, short_max;
    } fit;
    /* furniture */
    pb_furniture header, footer;
    /* how a date is printed (date_format; input/date.h), by language:
     * zh-Hans, zh-Hant, ja; NULL: as written */
    char *date_format[3];
    /* a module (fit.h): the page's whole type area is this wide, the article
     * set in its first columns; 0: not a module */
    pb_len full_width;
    pb_typography typo;
    /* print finishing: bleed around the trimmed page; crop marks outside it
     * (only drawn when there is bleed) */
    pb_len bleed;
    bool crop_marks;
    /* exhibition boards: a title band at the top and a footer band at the
     * bottom of every board; a layout is a board when the title band has a
     * height. copyfit chooses the body size between min and max; a text
     * short enough to fit at max grows on up to max_short (0: max), so a
     * board with little text still looks full. */
    struct {
        pb_len title_height, footer_height, gap;
        pb_color title_fill, footer_fill;
        char *title_image; /* background photo of the title band (path) */
        char *footer_text; /* with {placeholders} (placeholder.h) */
        pb_len fit_min, fit_max, fit_short;
    } board;
} pb_template;

static inline bool pb_template_is_board(const pb_template *t) { return t->board.title_height > 0; }

/* Load a template given as a name (looked up as DIR/NAME.yaml in layouts_dir)
 * or as a path (anything containing '/' or ending in .yaml). Every error names
 * the file, line and key. Returns NULL on error. Caller frees with
 * pb_template_free(). */
pb_template *pb_template_load(const char *name_or_path, const char *layouts_dir, pb_diags *d);
/* Parse YAML text already in memory; path names it in messages. */
pb_template *pb_template_parse(const char *yaml, size_t len, const char *path, pb_diags *d);
void pb_template_free(pb_template *t);
/* Text dump of every resolved value, for tests and --debug. */
void pb_template_dump(const pb_template *t, FILE *out);

/* The date format for an article in lang ("zh-Hans", "zh-Hant", "ja";
 * NULL: zh-Hans); NULL when dates are printed as written. Owned by t. */
const char *pb_template_date_format(const pb_template *t, const char *lang);

/* Column width and height of the type area, derived. Never fails. */
pb_len pb_template_column_width(const pb_template *t);
pb_len pb_template_area_width(const pb_template *t);
pb_len pb_template_area_height(const pb_template *t);
/* Top of the type area: the top margin, or below a board's title band. */
pb_len pb_template_area_top(const pb_template *t);

/* Parse a length: "12pt", "5mm", "1.5cm", "2em" (of em_size), "1line" (of
 * line_size), a 号 size ("五号", "小五"), or "0". Returns false when malformed;
 * em and line are refused when em_size or line_size is 0. */
bool pb_length_parse(const char *s, pb_len em_size, pb_len line_size, pb_len *out);
/* Parse a page size: A0..A6, B4, B5, 对开 (broadsheet), 四开 (tabloid), 八开,
 * or "W×H mm" / "WxH mm" / "WxHmm". Portrait (w <= h) as given. */
bool pb_pagesize_parse(const char *s, pb_len *w, pb_len *h);
/* Parse "#rrggbb", "#rgb" or "none" (unset). */
bool pb_color_parse(const char *s, pb_color *out);
/* Parse a plain decimal number ("4", "0.45", "-1.5"), independent of the
 * locale; no exponents, hex or inf. Returns false when malformed. */
bool pb_number_parse(const char *s, double *out);
/* Why pb_length_parse() refused s, as a phrase for an error message
 * ("missing unit (pt, mm, cm, em or line)"). Never fails. */
const char *pb_length_problem(const char *s, pb_len em_size, pb_len line_size);
/* Parse a font weight: thin, light, regular, normal, medium, semibold, bold,
 * black, or a number 100..900. Returns false when malformed. */
bool pb_weight_parse(const char *s, int *out);
/* Parse a fraction in (0, 1]: "0.45" or "45%". Returns false otherwise. */
bool pb_fraction_parse(const char *s, double *out);

#endif
