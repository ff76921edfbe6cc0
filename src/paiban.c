/* The render command as a library call: load, set, draw. */
#include "paiban.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/outfile.h"
#include "base/util.h"
#include "input/doc.h"
#include "input/docx.h"
#include "input/import.h"
#include "layout/board.h"
#include "layout/fit.h"
#include "layout/page.h"
#include "layout/pagelimit.h"
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

/* The trace to standard output ("-"), or staged for path. */
static bool write_trace(const pb_layout *l, const char *path, pb_diags *d)
{
    if (!strcmp(path, "-")) {
        pb_layout_trace(l, stdout);
        if (fflush(stdout) == 0 && !ferror(stdout))
            return true;
        pb_error(d, "-", 0, "cannot write the trace: %s", strerror(errno));
        return false;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        abort();
    pb_layout_trace(l, mem);
    fclose(mem);
    bool ok = pb_outfile_stage(path, text, len, d);
    free(text);
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

static bool is_pasted_text(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && !strcasecmp(path + n - 4, ".txt");
}

static double overlap(const pb_render_opts *o) { return o->overlap_mm > 0 ? o->overlap_mm : 10; }

/* OUT.pdf → OUT (the stem for previews and tiles). Caller frees. */
static char *stem_of(const char *out)
{
    size_t n = strlen(out);
    return n > 4 && !strcasecmp(out + n - 4, ".pdf") ? pb_xstrndup(out, n - 4) : pb_xstrdup(out);
}

/* The previews and tiles are files named after the PDF: beside a device
 * (-o /dev/stdout) they would be made in /dev, so a device is refused for them. */
static bool extras_have_a_place(const pb_render_opts *o, const char *out, pb_diags *d)
{
    if ((o->png_dpi <= 0 && !o->tile) || !pb_outfile_is_direct(out))
        return true;
    pb_error(d, out, 0, "--png and --tile write files beside the PDF: give -o a file name");
    return false;
}

/* Before anything is written: the previews and tiles can be made. */
static bool extras_can_be_made(const pb_render_opts *o, const pb_template *t, pb_diags *d)
{
    bool ok = o->png_dpi <= 0 || pb_render_png_check(t, o->png_dpi, d);
    return ok && (!o->tile || pb_render_tiles_check(t, o->tile, overlap(o), d));
}

/* Every file the render writes (the PDF, the trace, each preview, the
 * tiles) is none of the files it reads (the article, the layout, each photo
 * and logo): `-o a.md` would have replaced the article with the PDF. */
static bool outputs_are_not_inputs(const pb_render_opts *o, const pb_template *t,
                                   const pb_layout *l, const char *out, pb_diags *d)
{
    PB_VEC(char *) outs = {0};
    PB_VEC(pb_outfile_input) ins = {0};
    char *stem = stem_of(out);
    PB_PUSH(outs, pb_xstrdup(out));
    if (o->trace)
        PB_PUSH(outs, pb_xstrdup(o->trace));
    for (int p = 0; o->png_dpi > 0 && p < l->npages; p++)
        PB_PUSH(outs, pb_strdupf("%s-%d.png", stem, p + 1));
    if (o->tile)
        PB_PUSH(outs, pb_strdupf("%s-tiles.pdf", stem));
    PB_PUSH(ins, ((pb_outfile_input){o->input, "the article"}));
    PB_PUSH(ins, ((pb_outfile_input){t->path, "the layout"}));
    for (int p = 0; p < l->npages; p++)
        for (int i = 0; i < l->pages[p].nels; i++) {
            const pb_el *e = &l->pages[p].els[i];
            bool logo = e->what && !strcmp(e->what, "logo");
            if ((e->kind == PB_EL_IMAGE || e->kind == PB_EL_PLACEHOLDER) && e->path)
                PB_PUSH(ins, ((pb_outfile_input){e->path, logo ? "a logo" : "a photo"}));
        }
    bool ok = pb_outfile_check_inputs((const char *const *)outs.v, outs.n, ins.v, ins.n, d);
    for (size_t i = 0; i < outs.n; i++)
        free(outs.v[i]);
    free(outs.v);
    free(ins.v);
    free(stem);
    return ok;
}

/* The PNG previews and the tiles, next to the PDF, staged. */
static bool extras(const pb_render_opts *o, const pb_layout *l, const char *out, pb_diags *d)
{
    char *stem = stem_of(out);
    bool ok = true;
    if (o->png_dpi > 0)
        ok = pb_render_png(l, stem, o->png_dpi, d);
    if (ok && o->tile) {
        char *path = pb_strdupf("%s-tiles.pdf", stem);
        ok = pb_render_tiles(l, path, o->tile, overlap(o), d);
        free(path);
    }
    free(stem);
    return ok;
}

/* Ruby takes no room in its line (text/marks.c): it keeps the grid pitch and
 * fits the gap above the line from a leading of 1.5 em; under that its tone
 * marks reach the feet of the line above, which the writer is told. */
static void ruby_room(const pb_doc *doc, const pb_template *t, int rubies, pb_diags *d)
{
    const pb_style *b = &t->styles[PB_ROLE_BODY];
    if (rubies > 0 && b->leading * 2 < b->size * 3)
        pb_warn(d, doc->path, 0,
                "pinyin set as ruby over %d word%s: %s's body leading is %.2f em, under the "
                "1.5 em ruby needs; the lines keep their pitch and the ruby's tone marks come "
                "close to the line above",
                rubies, rubies > 1 ? "s" : "", t->name, (double)b->leading / b->size);
}

/* The options for pasted text, given with a Word file. */
static void docx_ignores(const char *input, const char *images, const char *encoding, pb_diags *d)
{
    if (images)
        pb_warn(d, input, 0, "--images is for pasted text: the Word file's own photos are used");
    if (encoding)
        pb_warn(d, input, 0, "--encoding is for pasted text: a Word file says its own");
}

/* A Word file, its photos in a private temporary folder (*tmp) for the
 * render; drop_docx() removes them. */
static pb_doc *load_docx(const char *input, pb_docx_photos *ph, char **tmp, pb_diags *d)
{
    const char *t = getenv("TMPDIR");
    char *dir = pb_strdupf("%s/paiban-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(dir)) {
        pb_error(d, dir, 0, "cannot create a temporary folder for the photos: %s", strerror(errno));
        free(dir);
        return NULL;
    }
    *tmp = dir;
    pb_import_settings imp = {.base_dir = dir};
    pb_doc *doc = pb_docx_load(input, &imp, NULL, ph, d);
    if (doc && !(pb_docx_photos_stage(ph, d) && pb_outfile_commit(d))) {
        pb_outfile_discard();
        pb_doc_free(doc);
        doc = NULL;
    }
    return doc;
}

static void drop_docx(pb_docx_photos *ph, char *tmp)
{
    pb_docx_photos_remove(ph);
    pb_docx_photos_free(ph);
    if (tmp)
        rmdir(tmp);
    free(tmp);
}

/* Everything is checked before the first output is opened; the outputs are
 * staged (pb_outfile) and renamed into place together at the end, so a
 * failure anywhere, even a full disk at the last preview, leaves none. */
bool pb_render(const pb_render_opts *o, pb_diags *d)
{
    const char *datadir = o->datadir ? o->datadir : pb_datadir();
    pb_import_settings imp = {.encoding = o->encoding, .images = o->images};
    pb_docx_photos ph = {0};
    char *tmp = NULL;
    if (pb_docx_is_named(o->input))
        docx_ignores(o->input, o->images, o->encoding, d);
    pb_doc *doc = pb_docx_is_named(o->input) ? load_docx(o->input, &ph, &tmp, d)
                  : is_pasted_text(o->input) ? pb_import_load(o->input, &imp, NULL, d)
                                             : pb_doc_load(o->input, d);
    if (!doc) {
        drop_docx(&ph, tmp);
        return false;
    }
    int pinyin = doc->meta.pinyin;
    for (int i = 0; o->pinyin && pb_pinyin_names[i]; i++)
        if (!strcmp(o->pinyin, pb_pinyin_names[i]))
            pinyin = i;
    int rubies = pb_doc_pinyin(doc, (pb_pinyin_mode)pinyin);
    char *layouts = pb_strdupf("%s/layouts", datadir);
    const char *lname = o->layout ? o->layout : doc->meta.layout ? doc->meta.layout : "a3-news";
    pb_template *t = pb_template_load(lname, layouts, d);
    free(layouts);
    char *out = NULL;
    bool ok = false;
    pb_fonts *fonts = NULL;
    pb_layout *l = NULL;
    unsigned char *pdf = NULL;
    size_t npdf = 0;
    if (!t || !pb_pagelimit_check(doc, t, d))
        goto done;
    if (o->set_bleed)
        t->bleed = PB_MM(o->bleed_mm);
    ruby_room(doc, t, pinyin == PB_PINYIN_RUBY ? rubies : 0, d);
    if (!extras_can_be_made(o, t, d))
        goto done;
    char *conf = pb_strdupf("%s/fonts/fonts.conf", datadir);
    fonts = pb_fonts_new(conf, d);
    free(conf);
    if (!fonts)
        goto done;
    check_families(t, fonts, d);
    pb_build_opts bo = {.allow_outside = o->allow_outside};
    if (pb_template_is_board(t)) {
        if (o->pages || doc->meta.pages)
            pb_warn(d, o->pages ? NULL : doc->path, o->pages ? 0 : doc->meta.pages_line,
                    "a page count is for newspaper and handout layouts; %s sets its boards by "
                    "copyfit",
                    t->name);
        pb_board_opts bd = {.no_overflow = o->no_overflow, .build = bo};
        l = pb_board_build(doc, t, fonts, &bd, d);
        if (!l)
            goto done;
    } else {
        pb_fit_opts fo = {.build = bo, .pages = o->pages ? o->pages : doc->meta.pages,
                          .pages_line = o->pages ? 0 : doc->meta.pages_line};
        l = pb_fit_build(doc, t, fonts, &fo, d);
    }
    if (pb_diags_failed(d)) /* the page limit */
        goto done;
    l->strict = o->strict; /* an image that fails only when written fails the run too */
    int missing = pb_layout_missing_images(l);
    if (o->strict && missing > 0) {
        pb_error(d, o->input, 0, "%d photo%s could not be used (--strict)", missing,
                 missing > 1 ? "s" : "");
        goto done;
    }
    out = o->output ? pb_xstrdup(o->output) : default_output(o->input, d);
    if (!out || !extras_have_a_place(o, out, d) || !outputs_are_not_inputs(o, t, l, out, d))
        goto done;
    if (o->trace && !write_trace(l, o->trace, d))
        goto done;
    ok = pb_render_pdf_mem(l, &pdf, &npdf, d) && pb_outfile_stage(out, pdf, npdf, d);
    ok = ok && extras(o, l, out, d);
    ok = ok && pb_outfile_commit(d);
done:
    if (!ok)
        pb_outfile_discard();
    free(pdf);
    pb_layout_free(l);
    pb_fonts_free(fonts);
    pb_template_free(t);
    pb_doc_free(doc);
    drop_docx(&ph, tmp);
    free(out);
    return ok;
}

/* INPUT.txt → INPUT.md; any other name gets .md added. Caller frees. */
static char *markdown_name(const char *input)
{
    size_t n = strlen(input);
    if (is_pasted_text(input))
        n -= 4;
    else if (pb_docx_is_named(input))
        n -= 5;
    return pb_strdupf("%.*s.md", (int)n, input);
}

/* Write doc to path ("-": standard output) whole or not at all
 * (pb_outfile_write: a device is written in place, never replaced). */
static bool write_markdown(const pb_doc *doc, const char *path, pb_diags *d)
{
    char *md = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&md, &len);
    if (!mem)
        abort();
    pb_mdwrite_doc(doc, mem);
    fclose(mem);
    bool ok;
    if (!strcmp(path, "-")) {
        ok = fwrite(md, 1, len, stdout) == len && fflush(stdout) == 0;
        if (!ok)
            pb_error(d, path, 0, "cannot write: %s", strerror(errno));
    } else {
        ok = pb_outfile_write(path, md, len, d);
    }
    free(md);
    return ok;
}

bool pb_import(const pb_import_opts *o, pb_diags *d)
{
    char *out = o->output ? pb_xstrdup(o->output) : markdown_name(o->input);
    const char *outs[] = {out};
    bool docx = pb_docx_is_named(o->input);
    pb_outfile_input in = {o->input, docx ? "the Word file" : "the pasted text"};
    if (!pb_outfile_check_inputs(outs, 1, &in, 1, d)) {
        free(out);
        return false;
    }
    char *base = pb_path_dir(strcmp(out, "-") ? out : o->input);
    pb_import_settings s = {.encoding = o->encoding, .images = o->images, .base_dir = base};
    pb_import_report rep;
    pb_docx_photos ph = {0};
    if (docx)
        docx_ignores(o->input, o->images, o->encoding, d);
    pb_doc *doc =
        docx ? pb_docx_load(o->input, &s, &rep, &ph, d) : pb_import_load(o->input, &s, &rep, d);
    bool ok = doc != NULL && (!docx || pb_docx_photos_stage(&ph, d));
    if (ok && o->explain)
        pb_import_explain(doc, &rep, o->explain);
    if (ok)
        ok = write_markdown(doc, out, d);
    if (ok && docx && !strcmp(out, "-"))
        ok = pb_outfile_commit(d); /* the photos, beside the input */
    if (!ok && docx) {
        pb_outfile_discard();
        pb_docx_photos_discard(&ph);
    }
    pb_docx_photos_free(&ph);
    pb_doc_free(doc);
    free(base);
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
