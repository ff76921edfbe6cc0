/* Benchmark: one `paiban render` split into its phases, each timed once in a
 * fresh process (what a whole-process run pays): load the article, load the
 * template, set up fontconfig and Pango, set the pages (shaping included),
 * and write the PDF. Run: build/bench_phases ARTICLE.md [LAYOUT] [OUT.pdf]
 * (from the source tree). The first shaped text pays for loading the fonts;
 * it is timed apart, as "first shape". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "base/memory.h"
#include "base/util.h"
#include "input/doc.h"
#include "layout/page.h"
#include "layout/template.h"
#include "output/render.h"
#include "text/para.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Peak resident memory so far, MiB. */
static double peak_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0;
}

/* Page faults so far: on a virtual machine each costs microseconds. */
static long faults(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_minflt + ru.ru_majflt;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_phases ARTICLE.md [LAYOUT] [OUT.pdf]\n");
        return 2;
    }
    const char *layout = argc > 2 ? argv[2] : "a3-news";
    const char *out = argc > 3 ? argv[3] : "/dev/null";
    pb_memory_setup(); /* as the paiban program does */
    pb_diags d;
    pb_diags_init(&d);
    double t0 = now();
    pb_doc *doc = pb_doc_load(argv[1], &d);
    double t1 = now(), m1 = peak_mib();
    long f1 = faults();
    pb_template *t = doc ? pb_template_load(layout, "layouts", &d) : NULL;
    double t2 = now();
    pb_fonts *fonts = t ? pb_fonts_new("fonts/fonts.conf", &d) : NULL;
    double t3 = now(), m3 = peak_mib();
    long f3 = faults();
    if (!fonts) {
        pb_diags_print(&d, stderr);
        return 1;
    }
    /* the first shaped text: the fonts' files opened, HarfBuzz faces made */
    pb_arena *a = pb_arena_new();
    pb_text txt = {.s = "清水河", .len = (int)strlen("清水河")};
    pb_para_settings set = pb_para_settings_default();
    pb_para_set(fonts, &txt, &t->styles[0], "zh-cn", 0, PB_PT(100), &set, a, &d);
    double t4 = now(), m4 = peak_mib();
    long f4 = faults();
    pb_layout *l = pb_pagebuild(doc, t, fonts, NULL, &d);
    double t5 = now(), m5 = peak_mib();
    long f5 = faults();
    bool ok = pb_render_pdf(l, out, &d);
    double t6 = now(), m6 = peak_mib();
    long f6 = faults();
    printf("%s on %s, %d pages:\n", argv[1], layout, l->npages);
    printf("  article %.1f ms, template %.1f ms, fontconfig+Pango %.1f ms, first shape %.1f ms,\n"
           "  pages (shape, break, make up) %.1f ms, PDF (draw, fonts, write) %.1f ms; total %.1f ms\n",
           (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3, (t4 - t3) * 1e3, (t5 - t4) * 1e3,
           (t6 - t5) * 1e3, (t6 - t0) * 1e3);
    printf("  peak RSS after: article %.1f MiB, fonts %.1f, first shape %.1f, pages %.1f, PDF %.1f\n",
           m1, m3, m4, m5, m6);
    printf("  page faults: start-up and article %ld, template and fonts %ld, first shape %ld, "
           "pages %ld, PDF %ld\n", f1, f3 - f1, f4 - f3, f5 - f4, f6 - f5);
    pb_layout_free(l);
    pb_arena_free(a);
    pb_fonts_free(fonts);
    pb_template_free(t);
    pb_doc_free(doc);
    pb_diags_print(&d, stderr);
    pb_diags_fini(&d);
    return ok ? 0 : 1;
}
