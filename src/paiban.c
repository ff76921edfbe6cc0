/* The render command as a library call: load, set, draw. */
#include "paiban.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/util.h"
#include "input/doc.h"
#include "layout/page.h"
#include "layout/template.h"
#include "output/render.h"
#include "text/fonts.h"

const char *pb_datadir(void)
{
    const char *env = getenv("PAIBAN_DATADIR");
    return env && *env ? env : PAIBAN_DATADIR;
}

static char *default_output(const char *input, pb_diags *d)
{
    if (mkdir("output", 0777) != 0 && errno != EEXIST) {
        pb_error(d, "output", 0, "cannot create the output directory: %s", strerror(errno));
        return NULL;
    }
    char *stem = pb_path_stem(input);
    char *out = pb_strdupf("output/%s.pdf", stem);
    free(stem);
    return out;
}

static bool write_trace(const pb_layout *l, const char *path, pb_diags *d)
{
    bool to_stdout = strcmp(path, "-") == 0;
    FILE *f = to_stdout ? stdout : fopen(path, "w");
    if (!f) {
        pb_error(d, path, 0, "cannot write the trace: %s", strerror(errno));
        return false;
    }
    pb_layout_trace(l, f);
    bool ok = !ferror(f);
    if (!to_stdout)
        ok = fclose(f) == 0 && ok;
    if (!ok)
        pb_error(d, path, 0, "cannot write the trace");
    return ok;
}

static void check_families(const pb_template *t, pb_fonts *fonts, pb_diags *d)
{
    for (int r = 0; r < PB_ROLE_COUNT; r++) {
        const char *fam = t->styles[r].family;
        bool seen = false;
        for (int q = 0; q < r; q++)
            seen = seen || strcmp(t->styles[q].family, fam) == 0;
        if (!seen && !pb_fonts_has_family(fonts, fam))
            pb_warn(d, t->path, 0, "font family \"%s\" is not installed; a fallback is used", fam);
    }
}

bool pb_render(const pb_render_opts *o, pb_diags *d)
{
    const char *datadir = o->datadir ? o->datadir : pb_datadir();
    pb_doc *doc = pb_doc_load(o->input, d);
    if (!doc)
        return false;
    char *layouts = pb_strdupf("%s/layouts", datadir);
    const char *lname = o->layout ? o->layout : doc->meta.layout ? doc->meta.layout : "a3-news";
    pb_template *t = pb_template_load(lname, layouts, d);
    free(layouts);
    char *out = NULL;
    bool ok = false;
    pb_fonts *fonts = NULL;
    pb_layout *l = NULL;
    if (!t)
        goto done;
    char *conf = pb_strdupf("%s/fonts/fonts.conf", datadir);
    fonts = pb_fonts_new(conf, d);
    free(conf);
    if (!fonts)
        goto done;
    check_families(t, fonts, d);
    l = pb_pagebuild(doc, t, fonts, d);
    out = o->output ? pb_xstrdup(o->output) : default_output(o->input, d);
    if (!out)
        goto done;
    ok = pb_render_pdf(l, out, d);
    if (ok && o->trace)
        ok = write_trace(l, o->trace, d);
done:
    pb_layout_free(l);
    pb_fonts_free(fonts);
    pb_template_free(t);
    pb_doc_free(doc);
    free(out);
    return ok;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bool pb_list_layouts(const char *datadir, FILE *out, pb_diags *d)
{
    char *dir = pb_strdupf("%s/layouts", datadir);
    DIR *dp = opendir(dir);
    if (!dp) {
        pb_error(d, dir, 0, "cannot list layouts: %s", strerror(errno));
        free(dir);
        return false;
    }
    PB_VEC(char *) names = {0};
    for (struct dirent *e; (e = readdir(dp));) {
        size_t n = strlen(e->d_name);
        if (n > 5 && strcmp(e->d_name + n - 5, ".yaml") == 0)
            PB_PUSH(names, pb_xstrndup(e->d_name, n - 5));
    }
    closedir(dp);
    qsort(names.v, names.n, sizeof(char *), cmp_str);
    for (size_t i = 0; i < names.n; i++) {
        pb_template *t = pb_template_load(names.v[i], dir, d);
        fprintf(out, "%-14s %s\n", names.v[i], t && t->description ? t->description : "");
        pb_template_free(t);
        free(names.v[i]);
    }
    free(names.v);
    free(dir);
    return !pb_diags_failed(d);
}
