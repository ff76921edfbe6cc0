/* A whole render of a small article to an in-memory PDF: document tree,
 * page makeup with page fitting (the front matter's `layout:` picks one of
 * the shipped layouts, else a4-handout; its `pages:` asks for a page count),
 * trace and cairo PDF with the qpdf pass. Photos
 * resolve against tests/fuzz/data/, which holds a few small ones (JPEG,
 * Adobe CMYK JPEG, EXIF-rotated JPEG, PNG, WebP). Fonts and layouts load
 * once per process. */
#include "fuzz.h"

#include <string.h>

#include "input/doc.h"
#include "layout/fit.h"
#include "layout/page.h"
#include "layout/pagelimit.h"
#include "output/render.h"
#include "paiban.h"
#include "text/fonts.h"

static const char *const names[] = {"a4-handout", "a3-news", "tabloid", "broadsheet"};
enum { NLAYOUTS = sizeof names / sizeof *names };

static struct {
    pb_fonts *fonts;
    pb_template *layouts[NLAYOUTS];
    char *article; /* a path in tests/fuzz/data/ */
} fx;

static void setup(void)
{
    pb_diags d;
    pb_diags_init(&d);
    char buf[4096];
    snprintf(buf, sizeof buf, "%s/fonts/fonts.conf", pb_datadir());
    fx.fonts = pb_fonts_new(buf, &d);
    snprintf(buf, sizeof buf, "%s/layouts", pb_datadir());
    for (int i = 0; i < NLAYOUTS; i++)
        fx.layouts[i] = pb_template_load(names[i], buf, &d);
    snprintf(buf, sizeof buf, "%s/tests/fuzz/data/article.md", pb_datadir());
    fx.article = strdup(buf);
    for (int i = 0; i < NLAYOUTS; i++)
        if (!fx.layouts[i] || !fx.fonts) {
            pb_diags_print(&d, stderr);
            abort();
        }
    pb_diags_fini(&d);
}

static const pb_template *layout_for(const pb_doc *doc)
{
    for (int i = 0; doc->meta.layout && i < NLAYOUTS; i++)
        if (!strcmp(doc->meta.layout, names[i]))
            return fx.layouts[i];
    return fx.layouts[0];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fx.fonts)
        setup();
    pb_diags d;
    pb_diags_init(&d);
    pb_doc *doc = pb_doc_parse((const char *)data, size, fx.article, &d);
    if (doc) /* front matter pinyin, as paiban render applies it */
        pb_doc_pinyin(doc, (pb_pinyin_mode)doc->meta.pinyin);
    if (doc && pb_pagelimit_check(doc, layout_for(doc), &d)) {
        pb_fit_opts o = {.pages = doc->meta.pages, .pages_line = doc->meta.pages_line};
        pb_layout *l = pb_fit_build(doc, layout_for(doc), fx.fonts, &o, &d);
        pb_layout_trace(l, fuzz_sink());
        unsigned char *pdf = NULL;
        size_t n = 0;
        if (pb_render_pdf_mem(l, &pdf, &n, &d) && (n < 5 || memcmp(pdf, "%PDF-", 5)))
            abort(); /* a render that succeeds makes a PDF */
        free(pdf);
        pb_layout_free(l);
    }
    pb_diags_print(&d, fuzz_sink());
    pb_doc_free(doc);
    pb_diags_fini(&d);
    return 0;
}
