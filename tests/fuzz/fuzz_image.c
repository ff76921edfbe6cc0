/* Image headers (pb_image_probe_mem: JPEG with EXIF and the check of its
 * body, PNG, WebP, SVG parsed by librsvg); an image that passes and is small
 * is also decoded as the renderer would (through a file, as
 * pb_image_surface reads one). An SVG is not drawn: that happens in a child
 * process, where a crash is a warning, and a fork of this process for each
 * input made the fuzzer twenty times slower. */
#include "fuzz.h"

#include <unistd.h>

#include "output/image.h"

enum { DECODE_PIXELS = 1 << 20 };

static const char *scratch(void)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/paiban-fuzz-image.%ld", (long)getpid());
    return path;
}

static void decode(const uint8_t *data, size_t size, const pb_image_info *info, pb_diags *d)
{
    FILE *f = fopen(scratch(), "wb");
    if (!f)
        return;
    bool ok = fwrite(data, 1, size, f) == size;
    if (fclose(f) != 0 || !ok)
        return;
    cairo_surface_t *s = pb_image_surface(scratch(), info, 0, 0, d);
    if (s)
        cairo_surface_destroy(s);
    unlink(scratch());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pb_diags d;
    pb_diags_init(&d);
    pb_image_info info;
    if (pb_image_probe_mem("fuzz.img", data, size, &info, &d)) {
        int w, h;
        pb_image_display_size(&info, &w, &h);
        cairo_matrix_t m;
        pb_image_orientation_matrix(&info, &m);
        if ((double)info.width * info.height <= DECODE_PIXELS && info.type != PB_IMAGE_SVG)
            decode(data, size, &info, &d);
    }
    pb_diags_print(&d, fuzz_sink());
    pb_diags_fini(&d);
    return 0;
}
