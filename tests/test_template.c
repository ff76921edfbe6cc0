/* Tests of layout templates: units, page sizes, colours, the shipped layouts
 * and a table of broken templates with the line and message each must give.
 * Run from the repository root (the shipped layouts are read from layouts/). */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "layout/template.h"

#define LEN_EQ(a, b) CHECK_EQ_INT(abs((a) - (b)) <= 1, 1) /* within 1/1024 pt */

/* ---- lengths ----------------------------------------------------------------- */

static const struct {
    const char *s;
    double em, line; /* pt; 0 = unit refused */
    bool ok;
    double pt;
} length_cases[] = {
    {"0", 0, 0, true, 0},
    {"0pt", 0, 0, true, 0},
    {"0.0", 0, 0, true, 0},
    {"12pt", 0, 0, true, 12},
    {" 12 pt ", 0, 0, true, 12},
    {".5pt", 0, 0, true, 0.5},
    {"-3pt", 0, 0, true, -3}, /* syntax only: templates refuse it later */
    {"10mm", 0, 0, true, 28.346457},
    {"25.4mm", 0, 0, true, 72},
    {"1.5cm", 0, 0, true, 42.519685},
    {"2em", 10.5, 0, true, 21},
    {"0.85em", 10, 0, true, 8.5},
    {"1line", 0, 15, true, 15},
    {"0.5line", 0, 15, true, 7.5},
    {"初号", 0, 0, true, 42},
    {"小初", 0, 0, true, 36},
    {"一号", 0, 0, true, 26},
    {"小一", 0, 0, true, 24},
    {"二号", 0, 0, true, 22},
    {"小二", 0, 0, true, 18},
    {"三号", 0, 0, true, 16},
    {"四号", 0, 0, true, 14},
    {"小四", 0, 0, true, 12},
    {"五号", 0, 0, true, 10.5},
    {"小五", 0, 0, true, 9},
    {"六号", 0, 0, true, 7.5},
    {"小六", 0, 0, true, 6.5},
    {"七号", 0, 0, true, 5.5},
    {" 五号 ", 0, 0, true, 10.5},
    {"", 0, 0, false, 0},
    {"12", 0, 0, false, 0},     /* missing unit */
    {"-1", 0, 0, false, 0},     /* missing unit */
    {"12px", 0, 0, false, 0},
    {"12 p t", 0, 0, false, 0},
    {"pt", 0, 0, false, 0},
    {"1.2.3pt", 0, 0, false, 0},
    {"1e3pt", 0, 0, false, 0},
    {"0x10pt", 0, 0, false, 0},
    {"infpt", 0, 0, false, 0},
    {"+-3pt", 0, 0, false, 0},
    {"12pt5", 0, 0, false, 0},
    {"2em", 0, 15, false, 0},   /* no em size here */
    {"1line", 10.5, 0, false, 0}, /* no baseline here */
    {"五", 0, 0, false, 0},
    {"五号号", 0, 0, false, 0},
    {"2五号", 0, 0, false, 0},
    {"99999999pt", 0, 0, false, 0}, /* out of range */
};

static void lengths(void)
{
    for (size_t i = 0; i < sizeof length_cases / sizeof length_cases[0]; i++) {
        pb_len l = -7;
        bool ok = pb_length_parse(length_cases[i].s, PB_PT(length_cases[i].em),
                                  PB_PT(length_cases[i].line), &l);
        if (ok != length_cases[i].ok)
            fprintf(stderr, "  length \"%s\"\n", length_cases[i].s);
        CHECK_EQ_INT(ok, length_cases[i].ok);
        if (ok && length_cases[i].ok)
            LEN_EQ(l, PB_PT(length_cases[i].pt));
    }
}

static void length_problems(void)
{
    CHECK(strstr(pb_length_problem("12", 0, 0), "missing unit"));
    CHECK(strstr(pb_length_problem("2line", PB_PT(10), 0), "line"));
    CHECK(strstr(pb_length_problem("2em", 0, PB_PT(15)), "em"));
    CHECK(strstr(pb_length_problem("2px", 0, 0), "malformed"));
}

/* ---- page sizes ------------------------------------------------------------- */

static const struct {
    const char *s;
    bool ok;
    double w_mm, h_mm;
} page_cases[] = {
    {"A0", true, 841, 1189},
    {"A1", true, 594, 841},
    {"A2", true, 420, 594},
    {"A3", true, 297, 420},
    {"A4", true, 210, 297},
    {"a4", true, 210, 297},
    {"A5", true, 148, 210},
    {"A6", true, 105, 148},
    {"B4", true, 250, 353},
    {"B5", true, 176, 250},
    {"对开", true, 390, 543},
    {"四开", true, 271.5, 390},
    {"八开", true, 195, 271.5},
    {"broadsheet", true, 390, 543},
    {"tabloid", true, 271.5, 390},
    {" A3 ", true, 297, 420},
    {"297×420 mm", true, 297, 420},
    {"297x420mm", true, 297, 420},
    {"297 x 420 mm", true, 297, 420},
    {"297X420mm", true, 297, 420},
    {"297 × 420mm", true, 297, 420},
    {"420x297mm", true, 420, 297}, /* as given */
    {"210mm x 297mm", true, 210, 297},
    {"29.7x42cm", true, 297, 420},
    {"", false, 0, 0},
    {"A7", false, 0, 0},
    {"A", false, 0, 0},
    {"297x420", false, 0, 0},   /* missing unit */
    {"297x420 in", false, 0, 0},
    {"297x420mmm", false, 0, 0},
    {"297×mm", false, 0, 0},
    {"x420mm", false, 0, 0},
    {"297x420x10mm", false, 0, 0},
    {"0x0mm", false, 0, 0},
    {"-297x420mm", false, 0, 0},
    {"99999x420mm", false, 0, 0},
};

static void page_sizes(void)
{
    for (size_t i = 0; i < sizeof page_cases / sizeof page_cases[0]; i++) {
        pb_len w = 0, h = 0;
        bool ok = pb_pagesize_parse(page_cases[i].s, &w, &h);
        if (ok != page_cases[i].ok)
            fprintf(stderr, "  page size \"%s\"\n", page_cases[i].s);
        CHECK_EQ_INT(ok, page_cases[i].ok);
        if (ok && page_cases[i].ok) {
            LEN_EQ(w, PB_MM(page_cases[i].w_mm));
            LEN_EQ(h, PB_MM(page_cases[i].h_mm));
        }
    }
}

/* ---- colours, numbers, weights, fractions ---------------------------------- */

static const struct {
    const char *s;
    bool ok, set;
    int r, g, b; /* 0..255 */
} color_cases[] = {
    {"#000000", true, true, 0, 0, 0},
    {"#ffffff", true, true, 255, 255, 255},
    {"#FF8000", true, true, 255, 128, 0},
    {"#eef1f5", true, true, 0xee, 0xf1, 0xf5},
    {"#f80", true, true, 255, 136, 0},
    {"none", true, false, 0, 0, 0},
    {"NONE", true, false, 0, 0, 0},
    {"", false, false, 0, 0, 0},
    {"000000", false, false, 0, 0, 0},
    {"#12345", false, false, 0, 0, 0},
    {"#1234567", false, false, 0, 0, 0},
    {"#ggg", false, false, 0, 0, 0},
    {"#", false, false, 0, 0, 0},
    {"red", false, false, 0, 0, 0},
};

static void colors(void)
{
    for (size_t i = 0; i < sizeof color_cases / sizeof color_cases[0]; i++) {
        pb_color c = {true, 9, 9, 9};
        bool ok = pb_color_parse(color_cases[i].s, &c);
        CHECK_EQ_INT(ok, color_cases[i].ok);
        if (!ok || !color_cases[i].ok)
            continue;
        CHECK_EQ_INT(c.set, color_cases[i].set);
        CHECK_EQ_INT(lround(c.r * 255), color_cases[i].r);
        CHECK_EQ_INT(lround(c.g * 255), color_cases[i].g);
        CHECK_EQ_INT(lround(c.b * 255), color_cases[i].b);
    }
}

static void numbers_weights_fractions(void)
{
    double x = 0;
    int w = 0;
    CHECK(pb_number_parse("4", &x) && x == 4);
    CHECK(pb_number_parse(" -1.5 ", &x) && x == -1.5);
    CHECK(!pb_number_parse("4pt", &x) && !pb_number_parse("1e3", &x) && !pb_number_parse("", &x));
    CHECK(pb_weight_parse("bold", &w) && w == 700);
    CHECK(pb_weight_parse("Regular", &w) && w == 400);
    CHECK(pb_weight_parse("600", &w) && w == 600);
    CHECK(!pb_weight_parse("950", &w) && !pb_weight_parse("heavy", &w) && !pb_weight_parse("", &w));
    CHECK(pb_fraction_parse("0.45", &x) && fabs(x - 0.45) < 1e-9);
    CHECK(pb_fraction_parse("45%", &x) && fabs(x - 0.45) < 1e-9);
    CHECK(pb_fraction_parse("1", &x) && x == 1);
    CHECK(!pb_fraction_parse("0", &x) && !pb_fraction_parse("1.01", &x));
    CHECK(!pb_fraction_parse("-0.5", &x) && !pb_fraction_parse("%", &x));
}

/* ---- the shipped layouts ---------------------------------------------------- */

static const struct {
    const char *name;
    int columns;
    double w_mm, h_mm, body_pt;
    int chars; /* characters per column line (docs/clreq.md CLR-5) */
} shipped[] = {
    {"a3-news", 4, 297, 420, 10.5, 17},
    {"a4-handout", 2, 210, 297, 10.5, 23},
    {"tabloid", 5, 271.5, 390, 9.5, 13},
    {"broadsheet", 8, 390, 543, 9, 12},
};

static void check_shipped(const pb_template *t, size_t i)
{
    const pb_style *body = &t->styles[PB_ROLE_BODY];
    CHECK_EQ_STR(t->name, shipped[i].name);
    CHECK_EQ_INT(t->columns, shipped[i].columns);
    LEN_EQ(t->page_w, PB_MM(shipped[i].w_mm));
    LEN_EQ(t->page_h, PB_MM(shipped[i].h_mm));
    CHECK_EQ_INT(body->size, PB_PT(shipped[i].body_pt));
    /* Integer characters per line, to within 0.02 pt over the column. */
    pb_len cw = pb_template_column_width(t);
    CHECK_EQ_INT(labs((long)cw - (long)shipped[i].chars * body->size) <= PB_PT(0.02), 1);
    CHECK_EQ_INT(body->leading, t->baseline);
    CHECK(t->description && *t->description && !strchr(t->description, '\n'));
    CHECK(t->header.enabled);
    CHECK_EQ_STR(t->styles[PB_ROLE_TITLE].family, "Noto Sans CJK SC");
    CHECK_EQ_INT(t->styles[PB_ROLE_TITLE].weight, 700);
    CHECK_EQ_STR(body->family, "Noto Serif CJK SC");
    CHECK_EQ_STR(t->styles[PB_ROLE_NOTE].family, "LXGW WenKai");
    CHECK_EQ_STR(t->styles[PB_ROLE_CAPTION].family, "LXGW WenKai");
    CHECK(t->styles[PB_ROLE_NOTE].box_fill.set);
    CHECK(t->figure_span >= 1 && t->figure_span <= t->columns);
}

static void shipped_layouts(void)
{
    for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
        pb_diags d;
        pb_diags_init(&d);
        pb_template *t = pb_template_load(shipped[i].name, "layouts", &d);
        if (d.n)
            pb_diags_print(&d, stderr);
        CHECK_EQ_INT(d.n, 0); /* not even a warning */
        CHECK(t != NULL);
        if (t)
            check_shipped(t, i);
        pb_template_free(t);
        pb_diags_fini(&d);
    }
}

static void load_by_path_and_unknown_name(void)
{
    pb_diags d;
    pb_diags_init(&d);
    pb_template *t = pb_template_load("layouts/tabloid.yaml", "nowhere", &d);
    CHECK(t != NULL);
    CHECK_EQ_STR(t ? t->path : NULL, "layouts/tabloid.yaml");
    pb_template_free(t);
    CHECK(pb_template_load("no-such-layout", "layouts", &d) == NULL);
    CHECK_EQ_INT(d.n, 1);
    if (d.n) {
        CHECK(strstr(d.v[0].msg, "unknown layout \"no-such-layout\""));
        CHECK(strstr(d.v[0].msg, "a3-news, a4-handout, board-120x90, board-90x120, broadsheet, "
                                 "poster-a0, poster-a1, rollup-80x200, tabloid"));
    }
    pb_diags_fini(&d);
    pb_diags_init(&d);
    CHECK(pb_template_load("layouts/missing.yaml", "layouts", &d) == NULL);
    CHECK_EQ_INT(pb_diags_failed(&d), 1);
    pb_diags_fini(&d);
}

/* ---- good templates --------------------------------------------------------- */

/* Parses yaml; when clean, any diagnostic is printed (the test then fails). */
static pb_template *parse(const char *yaml, pb_diags *d, bool clean)
{
    pb_diags_init(d);
    pb_template *t = pb_template_parse(yaml, strlen(yaml), "test.yaml", d);
    if (clean && d->n)
        pb_diags_print(d, stderr);
    CHECK(!clean || (t && d->n == 0));
    return t;
}

static void minimal_template_takes_defaults(void)
{
    pb_diags d;
    pb_template *t = parse("name: tiny\npage: {size: A4}\n", &d, true);
    if (t) {
        CHECK_EQ_STR(t->name, "tiny");
        LEN_EQ(t->page_w, PB_MM(210));
        CHECK_EQ_INT(t->columns, 4);
        CHECK_EQ_INT(t->styles[PB_ROLE_BODY].size, PB_PT(10.5));
        CHECK_EQ_INT(t->styles[PB_ROLE_BODY].leading, t->baseline);
        CHECK_EQ_INT(t->styles[PB_ROLE_BODY].indent, PB_PT(21));
        CHECK_EQ_INT(t->styles[PB_ROLE_TITLE].weight, 700);
        CHECK_EQ_INT(t->styles[PB_ROLE_TITLE].align, PB_ALIGN_CENTER);
        CHECK_EQ_STR(t->styles[PB_ROLE_HEAD].family, "Noto Sans CJK SC");
        CHECK(t->styles[PB_ROLE_NOTE].box_fill.set);
        CHECK(!t->header.enabled && !t->footer.enabled);
        CHECK_EQ_INT(t->figure_span, 2);
    }
    pb_template_free(t);
    pb_diags_fini(&d);
}

/* Inherited values are re-resolved in the inheriting style. */
static void styles_inherit_from_body(void)
{
    pb_diags d;
    pb_template *t = parse("name: inh\n"
                           "grid: {baseline: 14pt}\n"
                           "styles:\n"
                           "  body: {size: 10pt, indent: 1em, color: \"#123456\",\n"
                           "         space_after: 0.5em}\n"
                           "  note: {size: 1.2em, box: false}\n"
                           "  caption: {size: 8pt, leading: 1line}\n",
                           &d, true);
    CHECK(t != NULL);
    if (t) {
        const pb_style *note = &t->styles[PB_ROLE_NOTE], *cap = &t->styles[PB_ROLE_CAPTION];
        CHECK_EQ_INT(note->size, PB_PT(12));   /* size em: of the body size */
        CHECK_EQ_INT(note->indent, PB_PT(12)); /* 1em of its own size */
        CHECK_EQ_INT(note->space_after, PB_PT(14)); /* note's own default, 1line */
        CHECK(!note->box_fill.set && note->box_padding == 0);
        CHECK_EQ_INT(cap->leading, PB_PT(14));
        CHECK_EQ_INT(cap->space_after, PB_PT(4)); /* body's 0.5em, of 8pt */
        CHECK_EQ_INT(lround(t->styles[PB_ROLE_CREDITS].color.b * 255), 0x56);
        CHECK_EQ_INT(lround(t->styles[PB_ROLE_CREDITS].rule_color.b * 255), 0x56);
    }
    pb_template_free(t);
    pb_diags_fini(&d);
}

static void furniture_and_orientation(void)
{
    pb_diags d;
    pb_template *t = parse("name: f\n"
                           "page: {size: A4, orientation: landscape, margins: {top: 1cm}}\n"
                           "header: true\n"
                           "footer: {center: \"共{pages}页\", rule: 0.5pt}\n"
                           "figures: {max_height: 50%}\n",
                           &d, true);
    CHECK(t != NULL);
    if (t) {
        LEN_EQ(t->page_w, PB_MM(297));
        LEN_EQ(t->margin_top, PB_MM(10));
        CHECK(t->header.enabled && t->footer.enabled);
        /* the 版次 line, on page 1 too */
        CHECK_EQ_STR(t->header.left, "第{page}版");
        CHECK_EQ_STR(t->header.center, "{section}");
        CHECK_EQ_STR(t->header.right, "{date}");
        CHECK(t->header.first_page);
        CHECK_EQ_STR(t->footer.center, "共{pages}页");
        CHECK(t->footer.left == NULL);
        CHECK_EQ_INT(t->footer.rule, PB_PT(0.5));
        CHECK(fabs(t->figure_max_height - 0.5) < 1e-9);
    }
    pb_template_free(t);
    pb_diags_fini(&d);
}

static void dump_is_deterministic(void)
{
    pb_diags d;
    pb_diags_init(&d);
    pb_template *t = pb_template_load("a3-news", "layouts", &d);
    char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    FILE *fa = open_memstream(&a, &na), *fb = open_memstream(&b, &nb);
    if (t) {
        pb_template_dump(t, fa);
        pb_template_dump(t, fb);
    }
    fclose(fa);
    fclose(fb);
    CHECK(t && na > 0 && na == nb && memcmp(a, b, na) == 0);
    CHECK(a && strstr(a, "\ngrid.columns = 4\n"));
    CHECK(a && strstr(a, "\nstyles.body.size = 10.50pt\n"));
    CHECK(a && strstr(a, "\narea.chars_per_line = 17.00\n"));
    CHECK(a && strstr(a, "\nheader.right = \"{date}\"\n"));
    CHECK(a && strstr(a, "\nheader.first_page = true\n"));
    CHECK(a && strstr(a, "\nstyles.head3.family = \"LXGW WenKai\"\n"));
    CHECK(a && strstr(a, "\ndate_format.zh-Hans = \"{year}年{month}月{day}日 {weekday}\"\n"));
    for (char *line = a; line && *line; line = strchr(line, '\n') + 1)
        CHECK(strstr(line, " = ") && strstr(line, " = ") < strchr(line, '\n'));
    free(a);
    free(b);
    pb_template_free(t);
    pb_diags_fini(&d);
}

/* ---- heads, headline group, dates ----------------------------------------- */

/* Each shipped layout (the YAML files in layouts/), loaded, to fn with its file name;
 * how many there are. */
static int each_layout(void (*fn)(const pb_template *, const char *))
{
    DIR *dp = opendir("layouts");
    CHECK(dp != NULL);
    int n = 0;
    for (struct dirent *e; dp && (e = readdir(dp));) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".yaml"))
            continue;
        char path[300];
        snprintf(path, sizeof path, "layouts/%s", e->d_name);
        pb_diags d;
        pb_diags_init(&d);
        pb_template *t = pb_template_load(path, "layouts", &d);
        CHECK(t != NULL);
        if (t)
            fn(t, e->d_name);
        pb_template_free(t);
        pb_diags_fini(&d);
        n++;
    }
    if (dp)
        closedir(dp);
    return n;
}

/* Two styles a reader tells apart: another face or weight, or a size a
 * tenth larger or more. */
static bool distinct(const pb_style *a, const pb_style *b)
{
    pb_len big = a->size > b->size ? a->size : b->size, step = labs((long)a->size - (long)b->size);
    return strcmp(a->family, b->family) || a->weight != b->weight || step * 10 >= big;
}

/* ## ### #### (head, head2, head3) in three styles a reader tells apart,
 * none larger than the level above it and none like the body; 引题 and 副题
 * apart; and the head levels kept with two lines of their text is the
 * vlist's (test_keeps). */
static void check_heads_and_headline(const pb_template *t, const char *name)
{
    const pb_style *h[3] = {&t->styles[PB_ROLE_HEAD], &t->styles[PB_ROLE_HEAD2],
                            &t->styles[PB_ROLE_HEAD3]};
    const pb_style *body = &t->styles[PB_ROLE_BODY];
    for (int i = 0; i < 3; i++) {
        for (int j = i + 1; j < 3; j++)
            if (!distinct(h[i], h[j]) || h[j]->size > h[i]->size) {
                fprintf(stderr, "  %s: head level %d and %d look alike or in the wrong order\n",
                        name, i + 1, j + 1);
                CHECK(!"head levels distinct");
            }
        if (!distinct(h[i], body) || h[i]->size < body->size) {
            fprintf(stderr, "  %s: head level %d looks like the body\n", name, i + 1);
            CHECK(!"heads unlike the body");
        }
        CHECK_EQ_INT(h[i]->leading % t->baseline, 0); /* on the grid (CLR-7) */
    }
    if (!distinct(&t->styles[PB_ROLE_KICKER], &t->styles[PB_ROLE_SUBTITLE])) {
        fprintf(stderr, "  %s: the kicker and the subtitle look alike\n", name);
        CHECK(!"kicker and subtitle distinct");
    }
}

static void heads_and_headline_in_every_layout(void)
{
    int n = each_layout(check_heads_and_headline);
    CHECK(n >= 9);
    pb_diags d; /* and the built-in defaults */
    pb_template *t = parse("name: tiny\n", &d, true);
    if (t)
        check_heads_and_headline(t, "the defaults");
    pb_template_free(t);
    pb_diags_fini(&d);
}

/* head2 and head3 take what they do not give from head, not body. */
static void heads_inherit_from_head(void)
{
    pb_diags d;
    pb_template *t = parse("name: h\n"
                           "styles:\n"
                           "  body: {color: \"#000000\"}\n"
                           "  head: {family: LXGW WenKai, color: \"#8e1b1b\", space_before: 2line}\n"
                           "  head3: {size: 0.9em}\n",
                           &d, true);
    if (t) {
        const pb_style *h2 = &t->styles[PB_ROLE_HEAD2], *h3 = &t->styles[PB_ROLE_HEAD3];
        CHECK_EQ_STR(h2->family, "LXGW WenKai");
        CHECK_EQ_INT(lround(h2->color.r * 255), 0x8e);
        CHECK_EQ_INT(h2->space_before, 2 * t->baseline);
        CHECK_EQ_INT(h2->size, PB_PT(10.5)); /* its own size: 1em */
        CHECK_EQ_INT(h2->weight, 700);
        CHECK_EQ_INT(lround(h3->color.r * 255), 0x8e);
        CHECK_EQ_INT(h3->space_before, 0); /* its own default */
        CHECK_EQ_INT(h3->size, PB_PT(9.45));
    }
    pb_template_free(t);
    pb_diags_fini(&d);
}

static void date_formats(void)
{
    pb_diags d;
    pb_template *t = parse("name: d\n", &d, true);
    if (t) { /* 「2025年6月20日 星期五」; Taiwan's and Japan's without the weekday */
        CHECK_EQ_STR(pb_template_date_format(t, "zh-Hans"), "{year}年{month}月{day}日 {weekday}");
        CHECK_EQ_STR(pb_template_date_format(t, NULL), "{year}年{month}月{day}日 {weekday}");
        CHECK_EQ_STR(pb_template_date_format(t, "zh-Hant"), "{year}年{month}月{day}日");
        CHECK_EQ_STR(pb_template_date_format(t, "ja"), "{year}年{month}月{day}日");
    }
    pb_template_free(t);
    pb_diags_fini(&d);
    t = parse("name: d\ndate_format: \"{year}.{mm}.{dd}\"\n", &d, true);
    if (t)
        for (int i = 0; i < 3; i++)
            CHECK_EQ_STR(t->date_format[i], "{year}.{mm}.{dd}");
    pb_template_free(t);
    pb_diags_fini(&d);
    t = parse("name: d\ndate_format:\n  ja: \"{year}年{month}月{day}日（{wd}）\"\n  zh-Hant: \"\"\n",
              &d, true);
    if (t) {
        CHECK_EQ_STR(pb_template_date_format(t, "ja"), "{year}年{month}月{day}日（{wd}）");
        CHECK(pb_template_date_format(t, "zh-Hant") == NULL); /* "": as written */
        CHECK_EQ_STR(pb_template_date_format(t, "zh-Hans"), "{year}年{month}月{day}日 {weekday}");
    }
    pb_template_free(t);
    pb_diags_fini(&d);
}

/* The page number printed once on a newspaper or handout page, never on a
 * board (its footer band numbers the boards). */
static void page_number_in_once(const pb_template *t, const char *name)
{
    int uses = 0;
    const pb_furniture *f[2] = {&t->header, &t->footer};
    for (int i = 0; i < 2; i++) {
        const char *slots[3] = {f[i]->left, f[i]->center, f[i]->right};
        for (int k = 0; f[i]->enabled && k < 3; k++)
            for (const char *p = slots[k]; p && (p = strstr(p, "{page}")); p++)
                uses++;
    }
    if (uses != (pb_template_is_board(t) ? 0 : 1))
        fprintf(stderr, "  %s: {page} %d times\n", name, uses);
    CHECK(uses == (pb_template_is_board(t) ? 0 : 1));
}

/* No layout prints the page number twice: a template that does is warned
 * about, and no shipped one is (shipped_layouts: not even a warning). */
static void page_number_once(void)
{
    pb_diags d;
    pb_template *t = parse("name: p\nheader: {left: \"\", right: \"第{page}页\"}\nfooter: true\n", &d, false);
    CHECK(t != NULL);
    CHECK_EQ_INT(d.n, 1);
    if (d.n)
        CHECK(d.v[0].sev == PB_DIAG_WARNING && d.v[0].line == 3 &&
              strstr(d.v[0].msg, "header, footer: {page} is printed 2 times on a page"));
    pb_template_free(t);
    pb_diags_fini(&d);
    each_layout(page_number_in_once);
}

/* ---- bad templates ---------------------------------------------------------- */

static const struct {
    const char *what, *yaml;
    int line;
    const char *msg;
} bad_cases[] = {
    {"unknown key", "name: x\ngrid:\n  colums: 4\n", 3,
     "grid.colums: unknown key; valid keys here are: columns, gutter"},
    {"unknown root key", "name: x\npages: {size: A4}\n", 2, "pages: unknown key"},
    {"unknown style", "name: x\nstyles:\n  bdy: {size: 9pt}\n", 3, "styles.bdy: unknown key"},
    {"unknown box key", "name: x\nstyles:\n  note:\n    box: {colour: \"#fff\"}\n", 4,
     "styles.note.box.colour: unknown key"},
    {"zero columns", "name: x\ngrid:\n  columns: 0\n", 3,
     "grid.columns: must be an integer between 1 and 24, got \"0\""},
    {"negative columns", "name: x\ngrid: {columns: -2}\n", 2, "grid.columns: must be an integer"},
    {"absurd columns", "name: x\ngrid: {columns: 100}\n", 2, "between 1 and 24, got \"100\""},
    {"fractional columns", "name: x\ngrid: {columns: 2.5}\n", 2,
     "grid.columns: must be an integer"},
    {"columns too narrow", "name: x\npage: {size: A6}\ngrid:\n  columns: 12\n", 4,
     "less than two body characters"},
    {"negative margin", "name: x\npage:\n  margins:\n    left: -5mm\n", 4,
     "page.margins.left: must be 0 or more, got \"-5mm\""},
    {"margins wider than the page", "name: x\npage:\n  size: A4\n  margins:\n    left: 150mm\n"
     "    right: 100mm\n", 5, "page.margins: left \"150mm\" + right \"100mm\" leave no type area"},
    {"margins higher than the page",
     "name: x\npage:\n  size: A5\n  margins: {top: 10cm, bottom: 11cm}\n",
     4, "top \"10cm\" + bottom \"11cm\" leave no type area"},
    {"missing unit", "name: x\ngrid:\n  gutter: 5\n", 3, "grid.gutter: missing unit"},
    {"bad length", "name: x\nstyles:\n  body:\n    indent: 2 chars\n", 4,
     "styles.body.indent: malformed length"},
    {"line in the baseline", "name: x\ngrid: {baseline: 1line}\n", 2, "the unit `line`"},
    {"zero baseline", "name: x\ngrid: {baseline: 0}\n", 2, "grid.baseline: must be positive"},
    {"bad colour", "name: x\ngrid:\n  column_rule_color: \"#12\"\n", 3,
     "grid.column_rule_color: malformed colour \"#12\""},
    {"unquoted colour", "name: x\nstyles:\n  body:\n    color: #333\n", 4, "quote it"},
    {"size 0", "name: x\nstyles:\n  body: {size: 0}\n", 3,
     "styles.body.size: a font size must be between 2pt and 500pt"},
    {"absurd size", "name: x\nstyles:\n  title: {size: 1000pt}\n", 3, "between 2pt and 500pt"},
    {"bad weight", "name: x\nstyles:\n  head: {weight: heavy}\n", 3, "styles.head.weight: expected"},
    {"bad align", "name: x\nstyles:\n  head: {align: middle}\n", 3,
     "expected one of justify, left, center, right"},
    {"bad orientation", "name: x\npage: {orientation: sideways}\n", 2, "page.orientation"},
    {"bad page size", "name: x\npage:\n  size: A9\n", 3, "page.size: unknown page size \"A9\""},
    {"span wider than grid", "name: x\ngrid: {columns: 3}\nfigures:\n  span: 4\n", 4,
     "figures.span: spans 4 columns but grid.columns is 3"},
    {"max_height 0", "name: x\nfigures: {max_height: 0}\n", 2, "figures.max_height"},
    {"max_height above 1", "name: x\nfigures: {max_height: 1.2}\n", 2, "at most 1"},
    {"rule wider than gutter", "name: x\ngrid: {gutter: 1pt, column_rule: 2pt}\n", 2,
     "grid.column_rule: is wider than the gutter"},
    {"mapping expected", "name: x\ngrid: 4\n", 2, "grid: expected a mapping of keys"},
    {"scalar expected", "name: x\ngrid:\n  columns: [1, 2]\n", 3,
     "grid.columns: expected a single value, got a list"},
    {"duplicate key", "name: x\ngrid: {columns: 2}\nname: y\n", 3,
     "name: is given twice (first on line 1)"},
    {"bad header", "name: x\nheader: sometimes\n", 2, "header: expected a mapping, true or false"},
    {"two-line description", "name: x\ndescription: \"a\\nb\"\n", 2, "description: must be one line"},
    {"anchor", "name: x\ngrid: &g {columns: 2}\n", 2, "YAML anchors (&name) are not allowed"},
    {"alias", "name: x\nfigures:\n  span: *s\n", 3, "YAML aliases (*name) are not allowed"},
    {"alias bomb", "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", 1, "not allowed"},
    {"syntax error", "name: x\ngrid: {columns: 4\npage: {size: A4}\n", 3,
     "YAML syntax error: did not find expected ',' or '}'"},
    {"invalid UTF-8", "name: x\ngrid: {columns: \xff}\n", 2, "YAML syntax error"},
    {"NUL byte", "name: x\ngrid: {columns: 4}\n\x01\n", 3, "YAML syntax error"},
    {"tab indentation", "name: x\ngrid:\n\tcolumns: 4\n", 3, "YAML syntax error"},
    {"unquoted colour in flow", "name: x\ngrid: {column_rule_color: #888}\n", 3,
     "an unquoted # starts a comment"},
    {"non-mapping root", "- a3\n- a4\n", 1, "the top level must be a mapping"},
    {"scalar root", "just text\n", 1, "the top level must be a mapping"},
    {"empty", "", 1, "the template is empty"},
    {"two documents", "name: x\n---\nname: y\n", 2, "one YAML document"},
    {"too deep", "a: {b: {c: {d: {e: {f: {g: {h: {i: {j: {k: {l: {m: {n: {o: {p: {q: {r: 1}}}}}}}}}}}}}}}}}\n",
     1, "nesting deeper"},
    {"complex key", "? {a: 1}\n: 2\n", 1, "a mapping key must be a plain name"},
    /* each value legal alone, together putting everything at one point or off the page */
    {"leading at one point", "name: x\nstyles:\n  body: {leading: 0.001pt}\n", 3,
     "styles.body.leading: \"0.001pt\" (0.00pt) is less than three quarters of the font size"},
    {"inherited leading too small for a large head", "name: x\nstyles:\n  head: {size: 3em}\n",
     3, "styles.head.leading: \"1line\" (15.75pt) is less than three quarters of the font size"},
    {"baseline at one point", "name: x\ngrid:\n  baseline: 0.001pt\n", 3,
     "grid.baseline: \"0.001pt\" (0.00pt) is less than three quarters of the body size"},
    {"copyfit min above max", "name: x\nboard:\n  copyfit: {min: 40pt, max: 24pt}\n", 3,
     "board.copyfit: min \"40pt\" is larger than max \"24pt\""},
    {"copyfit size of 0.01pt", "name: x\nboard:\n  copyfit:\n    max: 0.01pt\n", 4,
     "board.copyfit.max: a font size must be between 2pt and 500pt"},
    {"copyfit max_short below max", "name: x\nboard:\n  copyfit: {min: 24pt, max: 40pt, max_short: 30pt}\n",
     3, "board.copyfit.max_short: \"30pt\" is smaller than the copyfit max \"40pt\""},
    {"copyfit max_short absurd", "name: x\nboard:\n  copyfit:\n    max_short: 900pt\n", 4,
     "board.copyfit.max_short: a font size must be between 2pt and 500pt"},
    {"copyfit max_short not a length", "name: x\nboard:\n  copyfit: {max_short: big}\n", 3,
     "board.copyfit.max_short"},
    {"fit body min without max", "name: x\nfit:\n  body: {min: 9pt}\n", 3,
     "fit.body: min and max must both be given and enclose the body size"},
    {"fit short body min above max", "name: x\nfit:\n  short: {body: {min: 16pt, max: 14pt}}\n", 3,
     "fit.short.body: min and max must both be given, min not above max nor below the body size"},
    {"fit short body below the body", "name: x\nfit:\n  short: {body: {min: 8pt, max: 14pt}}\n", 3,
     "fit.short.body: min and max must both be given, min not above max nor below the body size"},
    {"fit short in as many columns", "name: x\nfit:\n  short:\n    columns: 4\n    body: {min: 14pt, max: 16pt}\n",
     4, "fit.short.columns: must be fewer than grid.columns (4)"},
    {"fit short unknown key", "name: x\nfit:\n  short: {size: 14pt}\n", 3, "fit.short"},
    {"latin_justify not in em", "name: x\ntypography: {latin_justify: 80mm}\n", 2,
     "typography.latin_justify: must be a length in em between 0 and 200em (e.g. 24em), got \"80mm\""},
    {"char_stretch past 2em", "name: x\ntypography: {char_stretch: 3em}\n", 2,
     "typography.char_stretch: must be a share of the em between 0 and 2em (e.g. 0.25em), got \"3em\""},
    {"footer off the page", "name: x\nfooter:\n  offset: 2000mm\n", 3,
     "footer.offset: \"2000mm\" (5669.29pt) puts the footer off the page: the bottom margin"},
    {"header off the page", "name: x\npage: {margins: {top: 10mm}}\nheader: {offset: 9mm}\n", 3,
     "header.offset: \"9mm\" (25.51pt) puts the header off the page: the top margin is 28.35pt"},
    {"indent wider than the column", "name: x\nstyles:\n  body: {indent: 200em}\n", 3,
     "styles.body.indent: \"200em\" (2100.00pt) leaves no room for the first character"},
    {"note padding wider than the column",
     "name: x\nstyles:\n  note:\n    box: {padding: 500mm}\n", 4,
     "styles.note.box.padding: \"500mm\" (1417.32pt) on both sides leaves no room"},
    {"space taller than the page", "name: x\nstyles:\n  head: {space_before: 5000mm}\n", 3,
     "styles.head.space_before: \"5000mm\" (14173.23pt) is taller than the type area"},
    {"headline space taller than the page", "name: x\nheadline: {space_after: 2000mm}\n", 2,
     "headline.space_after: \"2000mm\" (5669.29pt) is taller than the type area"},
    {"unknown date placeholder", "name: x\ndate_format: \"{year}年{monht}月\"\n", 2,
     "date_format: unknown placeholder {monht}; a date_format has {year} {month} {day}"},
    {"unknown date language", "name: x\ndate_format:\n  en: \"{month}/{day}/{year}\"\n", 3,
     "date_format.en: unknown key; valid keys here are: zh-Hans, zh-Hant, ja"},
    {"date placeholder by language", "name: x\ndate_format: {ja: \"{nen}\"}\n", 2,
     "date_format.ja: unknown placeholder {nen}"},
    {"absurd bleed", "name: x\npage: {bleed: 5000mm}\n", 2,
     "page.bleed: \"5000mm\" is more bleed than any print shop needs (at most 30mm)"},
};

static void bad_templates(void)
{
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        pb_diags d;
        pb_diags_init(&d);
        const char *y = bad_cases[i].yaml;
        pb_template *t = pb_template_parse(y, strlen(y), "bad.yaml", &d);
        bool ok = !t && d.n >= 1 && d.v[0].line == bad_cases[i].line &&
                  strstr(d.v[0].msg, bad_cases[i].msg) && d.v[0].sev == PB_DIAG_ERROR &&
                  strcmp(d.v[0].file, "bad.yaml") == 0;
        if (!ok) {
            fprintf(stderr, "  bad template \"%s\": expected line %d \"%s\", got:\n",
                    bad_cases[i].what, bad_cases[i].line, bad_cases[i].msg);
            pb_diags_print(&d, stderr);
        }
        CHECK(ok);
        pb_template_free(t);
        pb_diags_fini(&d);
    }
}

static void every_error_is_reported(void)
{
    pb_diags d;
    pb_template *t = parse("name: x\ngrid: {columns: 0, gutter: 5}\nstyles: {body: {size: 0}}\n", &d, false);
    CHECK(t == NULL);
    CHECK_EQ_INT(pb_diags_count(&d, PB_DIAG_ERROR), 3);
    pb_diags_fini(&d);
}

/* A bad body value inherited by every style is reported once. */
static void inherited_error_reported_once(void)
{
    pb_diags d;
    pb_template *t = parse("name: x\nstyles:\n  body: {space_after: 2px}\n", &d, false);
    CHECK(t == NULL);
    CHECK_EQ_INT(d.n, 1);
    pb_diags_fini(&d);
}

static void too_large(void)
{
    size_t n = (1u << 20) + 1;
    char *big = malloc(n);
    memset(big, ' ', n);
    pb_diags d;
    pb_diags_init(&d);
    CHECK(pb_template_parse(big, n, "big.yaml", &d) == NULL);
    CHECK(d.n == 1 && strstr(d.v[0].msg, "larger than"));
    pb_diags_fini(&d);
    free(big);
}

/* typography.strong_family names the face of **strong** text in every style;
 * by default a Hei. */
static void strong_family(void)
{
    pb_diags d;
    pb_template *t = parse("name: s\n", &d, true);
    for (int r = 0; t && r < PB_ROLE_COUNT; r++)
        CHECK_EQ_STR(t->styles[r].strong_family, "Noto Sans CJK SC");
    pb_template_free(t);
    pb_diags_fini(&d);
    t = parse("name: s\ntypography: {strong_family: LXGW WenKai}\n", &d, true);
    for (int r = 0; t && r < PB_ROLE_COUNT; r++)
        CHECK_EQ_STR(t->styles[r].strong_family, "LXGW WenKai");
    pb_template_free(t);
    pb_diags_fini(&d);
}

CHECK_MAIN(T(lengths), T(length_problems), T(page_sizes), T(colors), T(numbers_weights_fractions),
           T(shipped_layouts), T(load_by_path_and_unknown_name), T(minimal_template_takes_defaults),
           T(styles_inherit_from_body), T(furniture_and_orientation), T(dump_is_deterministic),
           T(heads_and_headline_in_every_layout), T(heads_inherit_from_head), T(date_formats),
           T(page_number_once), T(strong_family),
           T(bad_templates), T(every_error_is_reported), T(inherited_error_reported_once),
           T(too_large))
