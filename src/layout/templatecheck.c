/* templatecheck: the checks across the keys of a layout template.
 *
 * Each value is checked alone as template.c reads it (a length, a colour, a
 * key that exists); what is left are values each fine alone that are wrong
 * together: margins that leave no type area, columns narrower than two body
 * characters, a column rule wider than its gutter, and values that set
 * everything at one point or off the page (below). They run last, once every
 * key is resolved, and only when nothing before failed, so a message never
 * follows from an earlier one. Each names the line that made it wrong: the
 * value's own when it was written, else the key that it was derived from. */
#include <stdint.h>
#include <string.h>

#include "templatepriv.h"

/* Short names for the reader's types (templatepriv.h). */
typedef pb_tplval val;
typedef pb_tplctx ctx;

/* Margins a and b (T_TOP.. order) must leave room on a page this long. */
static void check_span(ctx *c, int a, int b, pb_len page, const char *dim)
{
    const val *va = &c->got[a], *vb = &c->got[b];
    pb_len ma = *(const pb_len *)((const char *)c->t + pb_template_settings[a].off);
    pb_len mb = *(const pb_len *)((const char *)c->t + pb_template_settings[b].off);
    char pb[32];
    if ((int64_t)ma + mb < page)
        return;
    int line = va->line ? va->line : vb->line ? vb->line : c->size_line;
    pb_template_error(c, line, "page.margins",
                      "%s \"%s\" + %s \"%s\" leave no type area: the page is %s %s",
                      pb_template_margin_keys[a], va->text, pb_template_margin_keys[b], vb->text,
                      pb_template_len_str(page, pb, sizeof pb), dim);
}

void pb_templatecheck_area(ctx *c)
{
    pb_template *t = c->t;
    const val *cols = &c->got[T_COLUMNS], *gut = &c->got[T_GUTTER];
    check_span(c, T_TOP, T_BOTTOM, t->page_h, "high");
    check_span(c, T_LEFT, T_RIGHT, t->page_w, "wide");
    if (c->errors)
        return;
    pb_len cw = pb_template_column_width(t), body = t->styles[PB_ROLE_BODY].size;
    char b1[32], b2[32];
    if (cw < 2 * body)
        pb_template_error(
            c, cols->line ? cols->line : gut->line, "grid",
            "%d columns with gutter %s leave columns %s wide, less than two body characters "
            "(%s); use fewer columns, a narrower gutter or narrower margins",
            t->columns, gut->text, pb_template_len_str(cw, b1, sizeof b1),
            pb_template_len_str(2 * body, b2, sizeof b2));
    if (pb_template_area_height(t) < t->baseline)
        pb_template_error(c, c->got[T_TOP].line, "page.margins",
                          "leave a type area lower than one baseline");
    if (t->figure_min_height > t->figure_max_height)
        pb_template_error(c, c->got[T_MIN_HEIGHT].line, c->got[T_MIN_HEIGHT].path,
                          "is more than figures.max_height (%s)", c->got[T_MAX_HEIGHT].text);
    pb_len lo = t->fit.body_min, hi = t->fit.body_max;
    if ((lo > 0) != (hi > 0) || (lo > 0 && (lo > body || hi < body)))
        pb_template_error(c, c->got[lo > 0 ? T_PF_BODY_MIN : T_PF_BODY_MAX].line, "fit.body",
                          "min and max must both be given and enclose the body size (%s)",
                          pb_template_len_str(body, b1, sizeof b1));
    pb_len slo = t->fit.short_min, shi = t->fit.short_max;
    if ((slo > 0) != (shi > 0) || slo > shi || (slo > 0 && slo < body))
        pb_template_error(c, c->got[slo > 0 ? T_PF_SHORT_MIN : T_PF_SHORT_MAX].line,
                          "fit.short.body",
                          "min and max must both be given, min not above max nor below the body "
                          "size (%s)",
                          pb_template_len_str(body, b1, sizeof b1));
    if (slo > 0 && t->fit.short_columns >= t->columns)
        pb_template_error(c, c->got[T_PF_SHORT_COLS].line, c->got[T_PF_SHORT_COLS].path,
                          "must be fewer than grid.columns (%d)", t->columns);
    if (t->column_rule > t->gutter)
        pb_template_error(c, c->got[T_RULE].line, c->got[T_RULE].path,
                          "is wider than the gutter (%s)", gut->text);
}

/* Values each fine alone that set everything at one point or off the page:
 * lines closer than three quarters of their size (leading: 0.001pt), a
 * grid finer than that for the body, an indent or note padding that leaves
 * no room in the column, spaces taller than the type area, copyfit sizes
 * that are no font sizes or in the wrong order, a header or footer off the
 * page, bleed beyond any press sheet's. */

/* The line of the first of fields k1, k2 of role r that was written, else of
 * the role's mapping, else line: a message about a built-in or inherited
 * value names the line that made it wrong. */
static int style_line(ctx *c, pb_role r, int k1, int k2, int line)
{
    val v = pb_template_style_source(c, r, k1), w = pb_template_style_source(c, r, k2);
    return v.line ? v.line : w.line ? w.line : c->styles[r] ? c->styles[r]->line : line;
}

static void check_style_places(ctx *c, pb_role r)
{
    const pb_template *t = c->t;
    const pb_style *s = &t->styles[r];
    char b1[32], b2[32], b3[32];
    val lead = pb_template_style_source(c, r, S_LEADING);
    bool grid_bad = (int64_t)t->baseline * 4 < (int64_t)t->styles[PB_ROLE_BODY].size * 3;
    if ((int64_t)s->leading * 4 < (int64_t)s->size * 3 &&
        !(grid_bad && strstr(lead.text, "line"))) {
        val v = lead; /* (a leading in lines is wrong when the grid is: said once there) */
        pb_template_error(
            c, style_line(c, r, S_LEADING, S_SIZE, c->baseline.line), v.path,
            "\"%s\" (%s) is less than three quarters of the font size (%s): the lines would "
            "print over each other",
            v.text, pb_template_len_str(s->leading, b1, sizeof b1),
            pb_template_len_str(s->size, b2, sizeof b2));
    }
    pb_len colw = pb_template_column_width(t), area = pb_template_area_height(t);
    pb_len measure = r == PB_ROLE_NOTE ? colw - 2 * s->box_padding : colw;
    if (r == PB_ROLE_NOTE && (int64_t)2 * s->box_padding + s->size > colw) {
        val v = pb_template_style_source(c, r, S_BOX_PADDING);
        pb_template_error(
            c, style_line(c, r, S_BOX_PADDING, S_SIZE, c->got[T_COLUMNS].line), v.path,
            "\"%s\" (%s) on both sides leaves no room for a character (%s) in a column %s "
            "wide",
            v.text, pb_template_len_str(s->box_padding, b1, sizeof b1),
            pb_template_len_str(s->size, b2, sizeof b2), pb_template_len_str(colw, b3, sizeof b3));
        return;
    }
    bool in_columns = r == PB_ROLE_BODY || r == PB_ROLE_HEAD || r == PB_ROLE_HEAD2 ||
                      r == PB_ROLE_HEAD3 || r == PB_ROLE_NOTE || r == PB_ROLE_CREDITS ||
                      r == PB_ROLE_FOOTNOTE;
    if (in_columns && (int64_t)s->indent + s->size > measure) {
        val v = pb_template_style_source(c, r, S_INDENT);
        pb_template_error(
            c, style_line(c, r, S_INDENT, S_SIZE, c->got[T_COLUMNS].line), v.path,
            "\"%s\" (%s) leaves no room for the first character (%s) in a measure of %s", v.text,
            pb_template_len_str(s->indent, b1, sizeof b1),
            pb_template_len_str(s->size, b2, sizeof b2),
            pb_template_len_str(measure, b3, sizeof b3));
    }
    const int spaces[] = {S_SPACE_BEFORE, S_SPACE_AFTER};
    for (int i = 0; i < 2; i++) {
        pb_len sp = i ? s->space_after : s->space_before;
        if (sp <= area)
            continue;
        val v = pb_template_style_source(c, r, spaces[i]);
        pb_template_error(c, style_line(c, r, spaces[i], spaces[i], 0), v.path,
                          "\"%s\" (%s) is taller than the type area (%s)", v.text,
                          pb_template_len_str(sp, b1, sizeof b1),
                          pb_template_len_str(area, b2, sizeof b2));
    }
}

void pb_templatecheck_places(ctx *c)
{
    const pb_template *t = c->t;
    char b1[32], b2[32];
    pb_len body = t->styles[PB_ROLE_BODY].size, area = pb_template_area_height(t);
    if ((int64_t)t->baseline * 4 < (int64_t)body * 3)
        pb_template_error(
            c, c->baseline.line ? c->baseline.line : c->size_line, c->baseline.path,
            "\"%s\" (%s) is less than three quarters of the body size (%s): body lines would "
            "print over each other",
            c->baseline.text, pb_template_len_str(t->baseline, b1, sizeof b1),
            pb_template_len_str(body, b2, sizeof b2));
    for (int r = 0; r < PB_ROLE_COUNT; r++)
        check_style_places(c, (pb_role)r);
    const val *hs = &c->got[T_HEADLINE_SPACE];
    if (t->headline_space_after > area)
        pb_template_error(c, hs->line, hs->path, "\"%s\" (%s) is taller than the type area (%s)",
                          hs->text, pb_template_len_str(t->headline_space_after, b1, sizeof b1),
                          pb_template_len_str(area, b2, sizeof b2));
    /* copyfit: font sizes, the smaller first */
    const val *fv[3] = {&c->got[T_FIT_MIN], &c->got[T_FIT_MAX], &c->got[T_FIT_SHORT]};
    const val *lo = fv[0], *hi = fv[1], *sh = fv[2];
    pb_len fit[3] = {t->board.fit_min, t->board.fit_max, t->board.fit_short};
    for (int i = 0; i < 3; i++)
        if (fit[i] != 0 && (fit[i] < PB_PT(2) || fit[i] > PB_PT(500)))
            pb_template_error(c, fv[i]->line, fv[i]->path,
                              "a font size must be between 2pt and 500pt, got \"%s\" (%s)",
                              fv[i]->text, pb_template_len_str(fit[i], b1, sizeof b1));
    if (fit[0] > 0 && fit[1] > 0 && fit[0] > fit[1])
        pb_template_error(c, lo->line ? lo->line : hi->line, "board.copyfit",
                          "min \"%s\" is larger than max \"%s\"", lo->text, hi->text);
    pb_len top_fit = fit[1] > 0 ? fit[1] : fit[0];
    if (fit[2] > 0 && top_fit > 0 && fit[2] < top_fit)
        pb_template_error(c, sh->line, sh->path,
                          "\"%s\" is smaller than the copyfit %s \"%s\": a short text would be "
                          "set smaller than a long one",
                          sh->text, fit[1] > 0 ? "max" : "min", fit[1] > 0 ? hi->text : lo->text);
    /* header and footer: their text on the page (the em box is 0.88 of the
     * size above the baseline and 0.12 below it) */
    const pb_furniture *f[2] = {&t->header, &t->footer};
    const pb_style *hs2 = &t->styles[PB_ROLE_HEADER];
    pb_len top = pb_template_area_top(t), below = t->page_h - top - area;
    for (int i = 0; i < 2; i++) {
        if (!f[i]->enabled)
            continue;
        pb_len room = i ? below - hs2->size * 12 / 100 : top - hs2->size * 88 / 100;
        if (f[i]->offset > room)
            pb_template_error(
                c, c->offset[i].line ? c->offset[i].line : c->got[i ? T_BOTTOM : T_TOP].line,
                c->offset[i].path, "\"%s\" (%s) puts the %s off the page: the %s margin is %s",
                c->offset[i].text, pb_template_len_str(f[i]->offset, b1, sizeof b1),
                i ? "footer" : "header", i ? "bottom" : "top",
                pb_template_len_str(i ? below : top, b2, sizeof b2));
    }
    const val *bl = &c->got[T_BLEED];
    if (t->bleed > PB_MM(30))
        pb_template_error(c, bl->line, bl->path,
                          "\"%s\" is more bleed than any print shop needs (at most 30mm)",
                          bl->text);
}
