/* Parsing is linear in the file and bounded by libxml2's and librsvg's own
 * limits, so it is done in the process (when the image is probed, and again
 * before it is drawn); the drawing, whose cost is not bounded, is done in a
 * child process by output/svg.c. librsvg is opened at
 * its first use (output/lazylibs.c). */
#include "svg.h"

#include <librsvg/rsvg.h>

static RsvgHandle *parse(const char *path, const void *svg, size_t len, pb_diags *d)
{
    if (len > PB_SVG_MAX_BYTES) {
        pb_warn(d, path, 0, "the SVG is larger than the limit of %u bytes; not used",
                PB_SVG_MAX_BYTES);
        return NULL;
    }
    GError *err = NULL;
    RsvgHandle *h = rsvg_handle_new_from_data(svg, len, &err);
    if (!h) {
        pb_warn(d, path, 0, "not a readable SVG: %s", err ? err->message : "unknown error");
        g_clear_error(&err);
    }
    return h;
}

static bool own_size(RsvgHandle *h, double *w, double *hh)
{
    *w = *hh = 0;
    return rsvg_handle_get_intrinsic_size_in_pixels(h, w, hh) && *w >= 1 && *hh >= 1;
}

RsvgHandle *pb_svg_parse(const char *path, const void *svg, size_t len, double *w, double *h,
                         pb_diags *d)
{
    RsvgHandle *hd = parse(path, svg, len, d);
    if (hd && !own_size(hd, w, h)) {
        pb_warn(d, path, 0, "the SVG has no size (give it width and height)");
        g_clear_object(&hd);
    }
    return hd;
}

bool pb_svg_size(const char *path, const void *svg, size_t len, double *w, double *h, pb_diags *d)
{
    RsvgHandle *hd = pb_svg_parse(path, svg, len, w, h, d);
    bool ok = hd != NULL;
    g_clear_object(&hd);
    return ok;
}
