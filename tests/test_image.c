/* image.c's cache of files read this run: a photo probed and embedded, or
 * probed twenty times, is read once; a file changed on disk in between is
 * read again, never served stale. What is not a regular file is refused
 * unread; SVG is drawn at its placed size within its budget. */
#include <cairo.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"
#include "check.h"
#include "output/image.h"

static char dir[] = "/tmp/paiban-test-image-XXXXXX";

/* A black PNG of w x h pixels at path. */
static void write_png(const char *path, int w, int h)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_surface_write_to_png(s, path);
    cairo_surface_destroy(s);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    char *b = malloc(*len ? *len : 1);
    if (fread(b, 1, *len, f) != *len)
        *len = 0;
    fclose(f);
    return b;
}

/* pb_image_read(path) gives the bytes the file has now. */
static bool read_is_file(const char *path, pb_diags *d)
{
    size_t n, m;
    char *got = pb_image_read(path, &n, d), *want = slurp(path, &m);
    bool same = got && want && n == m && memcmp(got, want, n) == 0;
    free(got), free(want);
    return same;
}

/* path <- dir/name, holding a w x h PNG. */
static void png_at(char path[64], const char *name, int w, int h)
{
    snprintf(path, 64, "%s/%s", dir, name);
    write_png(path, w, h);
}

static void test_probe_then_read_gives_the_file(void)
{
    char path[64];
    png_at(path, "a.png", 4, 3);
    pb_diags d;
    pb_diags_init(&d);
    pb_image_info info;
    for (int i = 0; i < 3; i++) { /* the second and third come from the cache */
        CHECK(pb_image_probe(path, &info, &d));
        CHECK_EQ_INT(info.width, 4);
        CHECK_EQ_INT(info.height, 3);
    }
    CHECK(read_is_file(path, &d));
    CHECK_EQ_INT(d.n, 0);
    pb_diags_fini(&d);
}

static void test_a_changed_file_is_read_again(void)
{
    char path[64];
    png_at(path, "b.png", 4, 3);
    pb_diags d;
    pb_diags_init(&d);
    pb_image_info info;
    CHECK(pb_image_probe(path, &info, &d));
    CHECK_EQ_INT(info.width, 4);
    write_png(path, 40, 30); /* another size: a stale cache would say 4 x 3 */
    CHECK(pb_image_probe(path, &info, &d));
    CHECK_EQ_INT(info.width, 40);
    CHECK_EQ_INT(info.height, 30);
    CHECK(read_is_file(path, &d));
    unlink(path); /* gone: neither probe nor read may answer from the cache */
    CHECK(!pb_image_probe(path, &info, &d));
    size_t n;
    char *got = pb_image_read(path, &n, &d);
    CHECK(got == NULL);
    CHECK(d.n >= 2); /* each said why */
    pb_diags_fini(&d);
}

static bool said(const pb_diags *d, const char *what)
{
    for (size_t i = 0; i < d->n; i++)
        if (strstr(d->v[i].msg, what))
            return true;
    return false;
}

/* A named pipe with no writer: open() used to wait for one forever. */
static void test_a_named_pipe_is_refused_unread(void)
{
    char path[64];
    snprintf(path, sizeof path, "%s/pipe.png", dir);
    CHECK(mkfifo(path, 0600) == 0);
    pb_diags d;
    pb_diags_init(&d);
    pb_image_info info;
    CHECK(!pb_image_probe(path, &info, &d));
    size_t n;
    CHECK(pb_image_read(path, &n, &d) == NULL);
    CHECK_EQ_INT(d.n, 2);
    CHECK(said(&d, "named pipe, not a regular file"));
    pb_diags_fini(&d);
    unlink(path);
}

/* A file and a link to it are one image (one identity, read once). */
static void test_one_file_by_two_paths(void)
{
    char path[64], link[64];
    png_at(path, "c.png", 5, 2);
    snprintf(link, sizeof link, "%s/link.png", dir);
    CHECK(symlink("c.png", link) == 0);
    pb_diags d;
    pb_diags_init(&d);
    pb_image_info a, b;
    CHECK(pb_image_probe(path, &a, &d));
    CHECK(pb_image_probe(link, &b, &d));
    CHECK(a.ino != 0 && a.ino == b.ino && a.dev == b.dev);
    CHECK(read_is_file(link, &d));
    CHECK_EQ_INT(d.n, 0);
    pb_diags_fini(&d);
    unlink(link), unlink(path);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

/* An SVG becomes pixels of its placed size at PB_SVG_PPI: 72 x 36 points
 * are 600 x 300 pixels, whatever its own size. */
static void test_svg_is_drawn_at_its_placed_size(void)
{
    char path[64];
    snprintf(path, sizeof path, "%s/logo.svg", dir);
    write_text(path, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"12\" height=\"6\">"
                     "<rect width=\"12\" height=\"6\" fill=\"#00ff00\"/></svg>");
    pb_diags d;
    pb_diags_init(&d);
    pb_image_info info;
    CHECK(pb_image_probe(path, &info, &d));
    CHECK_EQ_INT(info.type, PB_IMAGE_SVG);
    cairo_surface_t *s = pb_image_surface(path, &info, 72, 36, &d);
    CHECK(s != NULL);
    if (s) {
        CHECK_EQ_INT(cairo_image_surface_get_width(s), 600);
        CHECK_EQ_INT(cairo_image_surface_get_height(s), 300);
        const uint32_t *px = (const uint32_t *)cairo_image_surface_get_data(s);
        CHECK_EQ_INT(px[150 * 600 + 300], 0xFF00FF00);
        cairo_surface_destroy(s);
    }
    CHECK_EQ_INT(d.n, 0);
    pb_diags_fini(&d);
    unlink(path);
}

/* An SVG over its time budget is a warning naming the setting, and costs
 * its budget once: drawn again (a logo on every board), it is refused at once. */
static void test_svg_over_its_time_budget(void)
{
    char path[64];
    snprintf(path, sizeof path, "%s/blur.svg", dir);
    pb_buf svg = {0};
    pb_buf_adds(&svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"300\">"
                      "<filter id=\"b\"><feGaussianBlur stdDeviation=\"5\"/></filter>");
    for (int i = 0; i < 5000; i++)
        pb_buf_addf(&svg, "<rect x=\"%d\" width=\"300\" height=\"200\" filter=\"url(#b)\"/>",
                    i % 100);
    pb_buf_adds(&svg, "</svg>");
    write_text(path, svg.s);
    pb_buf_fini(&svg);
    setenv("PAIBAN_SVG_SECONDS", "0.3", 1);
    pb_diags d;
    pb_diags_init(&d);
    pb_image_info info;
    CHECK(pb_image_probe(path, &info, &d));
    struct timespec t0, t1, t2;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK(pb_image_surface(path, &info, 400, 300, &d) == NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    CHECK(pb_image_surface(path, &info, 400, 300, &d) == NULL);
    clock_gettime(CLOCK_MONOTONIC, &t2);
    double first = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    double again = (double)(t2.tv_sec - t1.tv_sec) + (double)(t2.tv_nsec - t1.tv_nsec) / 1e9;
    CHECK(first < 5 && again < 0.5); /* wall time on a loaded machine: the drawing whole takes minutes */
    CHECK_EQ_INT(d.n, 2);
    CHECK(said(&d, "takes longer than 0.3 s to draw; not used (set PAIBAN_SVG_SECONDS"));
    unsetenv("PAIBAN_SVG_SECONDS");
    pb_diags_fini(&d);
    unlink(path);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    static const check_test tests[] = {
        T(test_probe_then_read_gives_the_file),  T(test_a_changed_file_is_read_again),
        T(test_a_named_pipe_is_refused_unread),  T(test_one_file_by_two_paths),
        T(test_svg_is_drawn_at_its_placed_size), T(test_svg_over_its_time_budget),
    };
    int rc = pb_check_main(tests, (int)(sizeof tests / sizeof tests[0]));
    char a[64], b[64];
    snprintf(a, sizeof a, "%s/a.png", dir);
    snprintf(b, sizeof b, "%s/b.png", dir);
    unlink(a), unlink(b), rmdir(dir);
    return rc;
}
