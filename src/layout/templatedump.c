/* templatedump: a resolved template as text, one "key = value" line a value.
 *
 * Every value after resolving, in the order of the key tables
 * (templatepriv.h): lengths in points with two decimals, colours as #rrggbb
 * or none, strings quoted with '"', '\\' and line ends escaped; then what the
 * values make together (the type area, the column width, characters per
 * line). It reads the template and changes nothing; test_template.c and
 * fuzz_template.c call it. */
#include <stdio.h>

#include "templatepriv.h"

static void dump_len(FILE *out, const char *key, pb_len l)
{
    fprintf(out, "%s = %.2fpt\n", key, PB_TO_PT(l));
}

static void dump_color(FILE *out, const char *key, pb_color c)
{
    if (!c.set) {
        fprintf(out, "%s = none\n", key);
        return;
    }
    fprintf(out, "%s = #%02x%02x%02x\n", key, (int)(c.r * 255 + 0.5), (int)(c.g * 255 + 0.5),
            (int)(c.b * 255 + 0.5));
}

static void dump_str(FILE *out, const char *key, const char *s)
{
    fprintf(out, "%s = \"", key);
    for (; s && *s; s++)
        if (*s == '"' || *s == '\\')
            fprintf(out, "\\%c", *s);
        else if (*s == '\n')
            fputs("\\n", out);
        else
            fputc(*s, out);
    fputs("\"\n", out);
}

static void dump_style(FILE *out, const char *role, const pb_style *s)
{
    char key[PATH_MAX_LEN];
    for (int k = 0; k < S_COUNT; k++) {
        const pb_tplfield *f = &pb_template_style_fields[k];
        const void *p = (const char *)s + f->off;
        snprintf(key, sizeof key, "styles.%s.%s", role, f->key);
        switch (f->kind) {
        case F_STRING: dump_str(out, key, *(char *const *)p); break;
        case F_WEIGHT: fprintf(out, "%s = %d\n", key, *(const int *)p); break;
        case F_ALIGN:
            fprintf(out, "%s = %s\n", key, pb_template_align_names[*(const pb_align *)p]);
            break;
        case F_COLOR: dump_color(out, key, *(const pb_color *)p); break;
        default: dump_len(out, key, *(const pb_len *)p); break;
        }
    }
}

static void dump_furniture(FILE *out, const char *name, const pb_furniture *f)
{
    char key[PATH_MAX_LEN];
    const char *slots[3] = {f->left, f->center, f->right};
    snprintf(key, sizeof key, "%s.enabled", name);
    fprintf(out, "%s = %s\n", key, f->enabled ? "true" : "false");
    for (int i = 0; i < 3; i++) {
        pb_template_join_path(key, name, pb_template_furniture_keys[i]);
        dump_str(out, key, slots[i]);
    }
    pb_template_join_path(key, name, "rule");
    dump_len(out, key, f->rule);
    pb_template_join_path(key, name, "offset");
    dump_len(out, key, f->offset);
    pb_template_join_path(key, name, "first_page");
    fprintf(out, "%s = %s\n", key, f->first_page ? "true" : "false");
}

static void dump_settings(FILE *out, const pb_template *t)
{
    for (int i = 0; i < T_COUNT; i++) {
        const pb_tplsetting *s = &pb_template_settings[i];
        const void *p = (const char *)t + s->off;
        switch (s->kind) {
        case K_LEN: dump_len(out, s->path, *(const pb_len *)p); break;
        case K_COLOR: dump_color(out, s->path, *(const pb_color *)p); break;
        case K_INT: fprintf(out, "%s = %d\n", s->path, *(const int *)p); break;
        case K_FRACTION: fprintf(out, "%s = %.2f\n", s->path, *(const double *)p); break;
        case K_ENUM: fprintf(out, "%s = %s\n", s->path, s->names[*(const int *)p]); break;
        case K_EM: fprintf(out, "%s = %.3fem\n", s->path, *(const double *)p); break;
        case K_BOOL: fprintf(out, "%s = %s\n", s->path, *(const bool *)p ? "true" : "false"); break;
        case K_STR: dump_str(out, s->path, *(char *const *)p); break;
        case K_MOVES:
            fprintf(out, "%s =", s->path);
            for (int k = 0; k < t->fit.norder; k++)
                fprintf(out, " %s", pb_template_fit_moves[t->fit.order[k]]);
            fprintf(out, "%s\n", t->fit.norder ? "" : " none");
            break;
        }
    }
}

void pb_template_dump(const pb_template *t, FILE *out)
{
    dump_str(out, "name", t->name);
    dump_str(out, "description", t->description);
    dump_str(out, "path", t->path);
    dump_len(out, "page.width", t->page_w);
    dump_len(out, "page.height", t->page_h);
    dump_len(out, "grid.baseline", t->baseline);
    dump_settings(out, t);
    fprintf(out, "figures.span = %d\n", t->figure_span);
    dump_len(out, "area.width", pb_template_area_width(t));
    dump_len(out, "area.height", pb_template_area_height(t));
    dump_len(out, "area.column_width", pb_template_column_width(t));
    fprintf(out, "area.chars_per_line = %.2f\n",
            (double)pb_template_column_width(t) / t->styles[PB_ROLE_BODY].size);
    for (int r = 0; r < PB_ROLE_COUNT; r++)
        dump_style(out, pb_template_role_names[r], &t->styles[r]);
    dump_furniture(out, "header", &t->header);
    dump_furniture(out, "footer", &t->footer);
    for (int i = 0; pb_template_date_langs[i]; i++) {
        char key[PATH_MAX_LEN];
        pb_template_join_path(key, "date_format", pb_template_date_langs[i]);
        dump_str(out, key, t->date_format[i]);
    }
}
