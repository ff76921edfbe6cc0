/* image.c's cache of files read this run: a photo probed and embedded, or
 * probed twenty times, is read once; a file changed on disk in between is
 * read again, never served stale. */
#include <cairo.h>
#include <stdlib.h>
#include <unistd.h>

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


int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    static const check_test tests[] = {
        T(test_probe_then_read_gives_the_file),
        T(test_a_changed_file_is_read_again),
    };
    int rc = pb_check_main(tests, (int)(sizeof tests / sizeof tests[0]));
    char a[64], b[64];
    snprintf(a, sizeof a, "%s/a.png", dir);
    snprintf(b, sizeof b, "%s/b.png", dir);
    unlink(a), unlink(b), rmdir(dir);
    return rc;
}
