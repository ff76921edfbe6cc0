/* fixture: what the tests that set text share: the project's fonts for the
 * whole run, and an article parsed from Markdown built in a buffer. */
#ifndef PB_FIXTURE_H
#define PB_FIXTURE_H

#include "base/util.h"
#include "check.h"
#include "input/doc.h"
#include "text/fonts.h"

/* Open the fonts of fonts/fonts.conf into *fonts, run the tests, close them.
 * Returns the exit status: 1 when the fonts cannot be opened or a check
 * failed. */
static inline int check_main_with_fonts(const check_test *tests, int n, pb_fonts **fonts)
{
    if (!check_enter_datadir())
        return 1;
    pb_diags d;
    pb_diags_init(&d);
    *fonts = pb_fonts_new("fonts/fonts.conf", &d);
    if (!*fonts) {
        pb_diags_print(&d, stderr);
        pb_diags_fini(&d);
        return 1;
    }
    int rc = pb_check_main(tests, n);
    pb_fonts_free(*fonts);
    pb_diags_fini(&d);
    return rc;
}

/* The article written into b (which is freed), parsed as if read from name.
 * Caller frees with pb_doc_free(). */
static inline pb_doc *fixture_doc(pb_buf *b, const char *name)
{
    pb_diags d;
    pb_diags_init(&d);
    pb_doc *doc = pb_doc_parse(b->s, b->n, name, &d);
    pb_diags_fini(&d);
    pb_buf_fini(b);
    return doc;
}

#endif
