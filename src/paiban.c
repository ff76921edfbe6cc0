/* The render command as a library call: load, set, draw. */
#include "paiban.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/datadir.h"
#include "base/outfile.h"
#include "base/util.h"
#include "input/doc.h"
#include "input/docx.h"
#include "input/format.h"
#include "input/import.h"
#include "layout/board.h"
#include "layout/fit.h"
#include "layout/page.h"
#include "layout/pagelimit.h"
#include "layout/template.h"
#include "output/render.h"
#include "text/fonts.h"
#include "text/shapecache.h"

struct pb_warm {
    pb_fonts *fonts;
};

static pb_fonts *load_fonts(const char *datadir, pb_diags *d)
{
    char *conf = pb_strdupf("%s/fonts/fonts.conf", datadir);
    pb_fonts *fonts = pb_fonts_new(conf, d);
    free(conf);
    return fonts;
}

pb_warm *pb_warm_new(const char *datadir, pb_diags *d)
{
    pb_fonts *fonts = load_fonts(datadir ? datadir : pb_datadir(), d);
    if (!fonts)
        return NULL;
    pb_warm *w = pb_xcalloc(1, sizeof *w);
    w->fonts = fonts;
    return w;
}

void pb_warm_free(pb_warm *w)
{
    if (!w)
        return;
    pb_fonts_free(w->fonts);
    free(w);
}

/* Texts kept shaped from one render to the next: running heads, credits,
 * dates and whatever else articles share are shaped once (the runs depend
 * only on the cache's key, so the bytes do not change: shapecache.c). Past
 * this many the cache starts again, so a worker's memory stays flat over
 * any number of articles. */
enum { WARM_SHAPES = 1024 };

/* The warm fonts as pb_fonts_new() leaves them but for the shaped runs kept:
 * the default language. */
static pb_fonts *warm_fonts(pb_warm *w)
{
    if (pb_shapecache_count(w->fonts->shapes) > WARM_SHAPES) {
        pb_shapecache_free(w->fonts->shapes);
        w->fonts->shapes = pb_shapecache_new();
    }
    pb_fonts_set_language(w->fonts, "zh-cn");
    return w->fonts;
}

void pb_render_result_fini(pb_render_result *r)
{
    for (size_t i = 0; i < r->ninputs; i++)
        free(r->inputs[i]);
    free(r->inputs);
    memset(r, 0, sizeof *r);
}

const char *pb_datadir(void)
{
    pb_diags d;
    pb_diags_init(&d);
    const char *dir = pb_datadir_find(&d);
    pb_diags_fini(&d);
    if (dir)
        return dir;
    const char *env = getenv("PAIBAN_DATADIR");
    return env && *env ? env : PAIBAN_DATADIR;
}

/* The lookup is done once per process (src/base/datadir.h for the order);
 * its error, when there is one, is repeated to each caller. */
static char *datadir_found;
static bool datadir_done;
static pb_diags datadir_why;

const char *pb_datadir_find(pb_diags *d)
{
    if (!datadir_done) {
        char *exe = pb_self_exe();
        pb_diags_init(&datadir_why);
        datadir_found = pb_datadir_pick(getenv("PAIBAN_DATADIR"), exe, PAIBAN_DATADIR_REL,
                                        PAIBAN_DATADIR, &datadir_why);
        free(exe);
        datadir_done = true;
    }
    for (size_t i = 0; !datadir_found && i < datadir_why.n; i++) {
        const pb_diag *g = &datadir_why.v[i];
        pb_diag_add(d, g->sev, g->file, g->line, "%s", g->msg);
    }
    return datadir_found;
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

/* ---- photos held inside the input (.mhtml) ---- */

/* Where they go: DIR/.STEM-img beside the input for a render (removed when
 * it ends), OUT-img beside the Markdown for an import. Caller frees. */
static char *media_dir_for(const char *input, const char *markdown)
{
    if (markdown) {
        size_t n = strlen(markdown);
        if (n > 3 && !strcasecmp(markdown + n - 3, ".md"))
            n -= 3;
        return pb_strdupf("%.*s-img", (int)n, markdown);
    }
    char *dir = pb_path_dir(input), *stem = pb_path_stem(input);
    char *r = pb_strdupf("%s/.%s-img", dir, stem);
    free(dir);
    free(stem);
    return r;
}

typedef struct {
    char *dir;     /* the folder the figures name */
    bool made;     /* it was made by this run */
    PB_VEC(char *) files;
} media_place;

/* Make the folder for a render: its own name when free, else a fresh one
 * beside it, the figures' paths moved there. */
static bool media_folder(media_place *mp, pb_doc *doc, bool for_render, pb_diags *d)
{
    if (mkdir(mp->dir, 0777) == 0) {
        mp->made = true;
        return true;
    }
    if (errno == EEXIST && !for_render)
        return true; /* an import writes into OUT-img/ again */
    if (errno != EEXIST) {
        pb_error(d, mp->dir, 0, "cannot make the folder for the page's photos: %s",
                 strerror(errno));
        return false;
    }
    char *tmpl = pb_strdupf("%s.XXXXXX", mp->dir);
    if (!mkdtemp(tmpl)) {
        pb_error(d, mp->dir, 0, "cannot make the folder for the page's photos: %s",
                 strerror(errno));
        free(tmpl);
        return false;
    }
    size_t n = strlen(mp->dir);
    for (int i = 0; i < doc->nblocks; i++) {
        pb_block *b = &doc->blocks[i];
        if (b->kind == PB_BLOCK_FIGURE && b->path && !strncmp(b->path, mp->dir, n)) {
            char *p = pb_strdupf("%s%s", tmpl, b->path + n);
            b->path = pb_arena_strdup(doc->arena, p);
            free(p);
        }
    }
    free(mp->dir);
    mp->dir = tmpl;
    mp->made = true;
    return true;
}

/* Write the photos: now for a render (it reads them), staged with the
 * Markdown for an import (pb_outfile: all or none). */
static bool media_write(media_place *mp, pb_doc *doc, const pb_load_result *res, bool for_render,
                        const char *nominal, pb_diags *d)
{
    if (!res->nmedia)
        return true;
    if (!media_folder(mp, doc, for_render, d))
        return false;
    size_t n = strlen(nominal);
    for (int i = 0; i < res->nmedia; i++) {
        const pb_media_file *m = &res->media[i];
        char *path = pb_strdupf("%s%s", mp->dir, m->path + n);
        bool ok;
        if (for_render) {
            FILE *f = fopen(path, "wbx");
            ok = f && fwrite(m->data, 1, m->len, f) == m->len;
            ok = (f && fclose(f) == 0) && ok;
            if (f)
                PB_PUSH(mp->files, pb_xstrdup(path));
            if (!ok)
                pb_error(d, path, 0, "cannot write a photo of the page: %s", strerror(errno));
        } else {
            ok = pb_outfile_stage(path, m->data, m->len, d);
        }
        free(path);
        if (!ok)
            return false;
    }
    return true;
}

/* A render's photos removed; an import's folder removed when it was made
 * for nothing. */
static void media_cleanup(media_place *mp, bool remove_files)
{
    for (size_t i = 0; i < mp->files.n; i++) {
        if (remove_files)
            remove(mp->files.v[i]);
        free(mp->files.v[i]);
    }
    free(mp->files.v);
    if (mp->made)
        rmdir(mp->dir); /* fails, as it should, when files stay in it */
    free(mp->dir);
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
    if (ok && o->result) {
        pb_render_result *r = o->result;
        r->inputs = pb_xcalloc(ins.n, sizeof *r->inputs);
        for (size_t i = 0; i < ins.n; i++)
            r->inputs[r->ninputs++] = pb_xstrdup(ins.v[i].path);
        r->pages = l->npages;
    }
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

/* Everything is checked before the first output is opened; the outputs are
 * staged (pb_outfile) and renamed into place together at the end, so a
 * failure anywhere, even a full disk at the last preview, leaves none. */
bool pb_render(const pb_render_opts *o, pb_diags *d)
{
    if (!o->datadir && !pb_datadir_find(d)) /* the error names the places looked in */
        return false;
    const char *datadir = o->datadir ? o->datadir : pb_datadir();
    pb_import_settings imp = {.encoding = o->encoding,
                              .images = o->images,
                              .title = o->title,
                              .captions_auto = o->captions_auto};
    media_place mp = {.dir = media_dir_for(o->input, NULL)};
    char *nominal = pb_xstrdup(mp.dir);
    pb_load_opts lo = {.from = pb_format_from_name(o->from), .fallback = PB_FORMAT_MD, .s = &imp,
                       .media_dir = mp.dir};
    pb_load_result res;
    pb_doc *doc = pb_format_load(o->input, &lo, NULL, &res, d);
    if (!doc || !media_write(&mp, doc, &res, true, nominal, d)) {
        pb_doc_free(doc);
        media_cleanup(&mp, true);
        free(nominal);
        return false;
    }
    free(nominal);
    if (o->title) { /* --title replaces the article's title, its manual breaks too */
        doc->meta.title = pb_arena_strdup(doc->arena, o->title);
        doc->meta.title_lines = NULL;
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
    fonts = o->warm ? warm_fonts(o->warm) : load_fonts(datadir, d);
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
    if (!ok && o->result)
        pb_render_result_fini(o->result);
    free(pdf);
    pb_layout_free(l);
    if (!o->warm)
        pb_fonts_free(fonts);
    pb_template_free(t);
    pb_doc_free(doc);
    media_cleanup(&mp, true);
    free(out);
    return ok;
}

/* INPUT.txt (.html, .htm, .mhtml, .mht) → INPUT.md; any other name gets .md
 * added. Caller frees. */
static char *markdown_name(const char *input)
{
    size_t n = strlen(input);
    pb_format f = pb_format_by_name(input);
    if (f != PB_FORMAT_NONE && f != PB_FORMAT_MD)
        n = (size_t)(strrchr(input, '.') - input);
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
    pb_import_settings s = {.encoding = o->encoding,
                            .images = o->images,
                            .base_dir = base,
                            .title = o->title,
                            .captions_auto = o->captions_auto};
    pb_import_report rep;
    char *beside = markdown_name(o->input);
    media_place mp = {.dir = media_dir_for(o->input, strcmp(out, "-") ? out : beside)};
    free(beside);
    char *nominal = pb_xstrdup(mp.dir);
    pb_load_opts lo = {.from = pb_format_from_name(o->from), .fallback = PB_FORMAT_TXT, .s = &s,
                       .media_dir = mp.dir};
    pb_load_result res;
    pb_doc *doc = pb_format_load(o->input, &lo, &rep, &res, d);
    bool ok = doc != NULL;
    if (ok && o->explain)
        pb_import_explain(doc, &rep, o->explain);
    ok = ok && media_write(&mp, doc, &res, false, nominal, d);
    if (ok)
        ok = write_markdown(doc, out, d);
    ok = ok && pb_outfile_commit(d); /* the photos, when the Markdown went to standard output */
    if (!ok)
        pb_outfile_discard();
    pb_doc_free(doc);
    media_cleanup(&mp, false);
    free(nominal);
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
