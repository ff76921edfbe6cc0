/* Benchmark: breaking one 3,000-character paragraph into 17-character
 * columns (a3-news), median of 51 runs, each stage timed apart: shaping,
 * items, total-fit breaking, line finishing. Run: build/bench_linebreak */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/util.h"
#include "text/para.h"
#include "text/shapecache.h"

enum { RUNS = 51 };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v)
{
    qsort(v, RUNS, sizeof *v, cmp);
    return v[RUNS / 2] * 1e3;
}

int main(int argc, char **argv)
{
    const char *conf = argc > 1 ? argv[1] : "fonts/fonts.conf";
    pb_diags d;
    pb_diags_init(&d);
    pb_fonts *fonts = pb_fonts_new(conf, &d);
    if (!fonts) {
        pb_diags_print(&d, stderr);
        return 1;
    }
    /* 3,000 characters of newspaper text: Han, marks, digits, Latin */
    static const char *unit = "市企联合开展文明班组、文明车间等“文明细胞”创建活动，2024年发稿超16.2万篇，"
                              "全市媒体从业人员AI运用培训班；《人民日报》报道——金昌经验……";
    pb_buf b = {0};
    while (g_utf8_strlen(b.s ? b.s : "", -1) < 3000)
        pb_buf_adds(&b, unit);
    pb_text t = {.s = b.s, .len = (int)b.n};
    pb_style st = {.family = "Noto Serif CJK SC", .weight = 400, .size = PB_PT(10.5),
                   .leading = PB_PT(15), .indent = PB_PT(21), .align = PB_ALIGN_JUSTIFY};
    pb_para_settings set = pb_para_settings_default();
    double shape[RUNS], items[RUNS], brk[RUNS], fin[RUNS];
    int lines = 0;
    for (int r = 0; r < RUNS; r++) {
        pb_arena *a = pb_arena_new();
        pb_para *p = PB_NEW(a, pb_para);
        /* shaping is timed, not the shape cache's hit */
        pb_shapecache_free(fonts->shapes);
        fonts->shapes = pb_shapecache_new();
        double t0 = now();
        pb_shape(fonts, &t, &st, "zh-cn", a, p);
        double t1 = now();
        pb_items_build(p, st.indent, &set, a);
        double t2 = now();
        pb_linebreak(p, PB_PT(178.5), &set, a);
        double t3 = now();
        pb_lines_finish(p, a);
        double t4 = now();
        shape[r] = t1 - t0, items[r] = t2 - t1, brk[r] = t3 - t2, fin[r] = t4 - t3;
        lines = p->nlines;
        pb_arena_free(a);
    }
    printf("3,000-character paragraph (%ld characters, %d lines of 17), median of %d runs:\n",
           g_utf8_strlen(b.s, -1), lines, RUNS);
    printf("  shape %.2f ms, items %.2f ms, total-fit breaking %.2f ms, lines %.2f ms\n",
           median(shape), median(items), median(brk), median(fin));
    pb_buf_fini(&b);
    pb_fonts_free(fonts);
    pb_diags_fini(&d);
    return 0;
}
