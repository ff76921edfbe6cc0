/* Golden traces: the example article set in every shipped layout, compared
 * line by line with tests/golden/. After an intended change, regenerate with
 * PAIBAN_UPDATE_GOLDEN=1 and review the diff. */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "check.h"
#include "layout/page.h"

static const char *ARTICLE = "examples/qingshui-river.md";
static const char *LAYOUTS[] = {"a4-handout", "a3-news", "tabloid", "broadsheet"};

static char *trace_of(const char *layout, pb_fonts *fonts, pb_diags *d)
{
    pb_doc *doc = pb_doc_load(ARTICLE, d);
    pb_template *t = pb_template_load(layout, "layouts", d);
    if (!doc || !t) {
        pb_doc_free(doc);
        pb_template_free(t);
        return NULL;
    }
    pb_layout *l = pb_pagebuild(doc, t, fonts, d);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    pb_layout_trace(l, f);
    fclose(f);
    pb_layout_free(l);
    pb_template_free(t);
    pb_doc_free(doc);
    return buf;
}

static void report_first_difference(const char *want, const char *got)
{
    int line = 1;
    while (*want && *want == *got) {
        line += *want == '\n';
        want++, got++;
    }
    const char *we = strchr(want, '\n'), *ge = strchr(got, '\n');
    fprintf(stderr, "  first difference at line %d:\n  want: %.*s\n  got:  %.*s\n", line,
            we ? (int)(we - want) : (int)strlen(want), want,
            ge ? (int)(ge - got) : (int)strlen(got), got);
}

static void test_layouts(void)
{
    pb_diags d;
    pb_diags_init(&d);
    pb_fonts *fonts = pb_fonts_new("fonts/fonts.conf", &d);
    CHECK(fonts != NULL);
    bool update = getenv("PAIBAN_UPDATE_GOLDEN") != NULL;
    for (size_t i = 0; fonts && i < sizeof LAYOUTS / sizeof LAYOUTS[0]; i++) {
        char *got = trace_of(LAYOUTS[i], fonts, &d);
        CHECK(got != NULL);
        CHECK_EQ_INT(pb_diags_count(&d, PB_DIAG_WARNING), 0);
        char *path = pb_strdupf("tests/golden/example-%s.trace", LAYOUTS[i]);
        if (got && update) {
            FILE *f = fopen(path, "w");
            CHECK(f != NULL);
            if (f) {
                fputs(got, f);
                fclose(f);
            }
        } else if (got) {
            size_t n;
            pb_diags quiet;
            pb_diags_init(&quiet);
            char *want = pb_file_read(path, &n, 0, &quiet);
            CHECK(want != NULL);
            if (want && strcmp(want, got) != 0) {
                fprintf(stderr, "%s differs\n", path);
                report_first_difference(want, got);
                CHECK(!"trace matches the golden file");
            }
            free(want);
            pb_diags_fini(&quiet);
        }
        free(path);
        free(got);
    }
    pb_diags_print(&d, stderr);
    pb_fonts_free(fonts);
    pb_diags_fini(&d);
}

CHECK_MAIN(T(test_layouts))
