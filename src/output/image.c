/* Photos drawn: a cairo surface for each, turned upright by its EXIF
 * orientation. For a PDF a JPEG stays the file's bytes (cairo embeds them as
 * they are); for raster output it is decoded, scaled down in decoding where
 * that loses nothing. PNG is decoded by cairo, WebP by libwebp, SVG drawn by
 * svg.c within its budget. The bytes are read through input/image.c
 * (pb_image_read), from the probe's cache where it kept them. */
#include "image.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <webp/decode.h>
#include <webp/demux.h>

#include "../base/util.h"
#include "../input/jpegerr.h"
#include "svg.h"

/* The largest image surface cairo makes (pixman's limit). */
enum { CAIRO_MAX_SIDE = 32767 };

/* The SVG drawn into pixels for w_px x h_px (0: its own size). */
static cairo_surface_t *svg_surface(const char *path, double w_px, double h_px, pb_diags *d)
{
    size_t len;
    char *buf = pb_image_read(path, &len, d);
    if (!buf)
        return NULL;
    cairo_surface_t *s = pb_svg_draw(path, buf, len, w_px, h_px, d);
    free(buf);
    return s;
}

void pb_image_orientation_matrix(const pb_image_info *info, cairo_matrix_t *m)
{
    double iw = info->width, ih = info->height;
    switch (info->orientation) {
    case 2: cairo_matrix_init(m, -1, 0, 0, 1, iw, 0); break;
    case 3: cairo_matrix_init(m, -1, 0, 0, -1, iw, ih); break;
    case 4: cairo_matrix_init(m, 1, 0, 0, -1, 0, ih); break;
    case 5: cairo_matrix_init(m, 0, 1, 1, 0, 0, 0); break;
    case 6: cairo_matrix_init(m, 0, 1, -1, 0, ih, 0); break;
    case 7: cairo_matrix_init(m, 0, -1, -1, 0, ih, iw); break;
    case 8: cairo_matrix_init(m, 0, -1, 1, 0, 0, iw); break;
    default: cairo_matrix_init_identity(m); break;
    }
}

/* ---- surfaces ---------------------------------------------------------- */

/* An image surface, or NULL with a warning (too large, out of memory). */
static cairo_surface_t *new_surface(cairo_format_t f, int w, int h, const char *path, pb_diags *d)
{
    cairo_surface_t *s = cairo_image_surface_create(f, w, h);
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS)
        return s;
    pb_warn(d, path, 0, "cannot make an image of %dx%d pixels: %s", w, h,
            cairo_status_to_string(cairo_surface_status(s)));
    cairo_surface_destroy(s);
    return NULL;
}

/* The surface's unique id (cairo embeds surfaces with one id once): the
 * file's identity, and for a drawing (SVG) its size in pixels. */
static cairo_surface_t *identify(cairo_surface_t *s, const char *path, const pb_image_info *info)
{
    if (!s)
        return NULL;
    char *id = info->ino
                   ? pb_strdupf("paiban:%llu:%llu:%dx%d", (unsigned long long)info->dev,
                                (unsigned long long)info->ino, cairo_image_surface_get_width(s),
                                cairo_image_surface_get_height(s))
                   : pb_xstrdup(path);
    if (cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID, (unsigned char *)id, strlen(id),
                                    free, id) != CAIRO_STATUS_SUCCESS)
        free(id);
    return s;
}

static cairo_surface_t *jpeg_surface(const char *path, pb_diags *d)
{
    size_t len;
    char *buf = pb_image_read(path, &len, d);
    if (!buf)
        return NULL;
    /* The pixels are never used in a PDF: cairo embeds the MIME data as the
     * image, drawn into the surface's extents. A one-pixel surface keeps
     * cairo from copying megabytes of blank pixels into its page snapshots;
     * the caller scales by 1/width of the surface, not of the photo. */
    cairo_surface_t *s = new_surface(CAIRO_FORMAT_RGB24, 1, 1, path, d);
    if (!s || cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, (unsigned char *)buf, len, free,
                                          buf) != CAIRO_STATUS_SUCCESS) {
        if (s)
            pb_warn(d, path, 0, "cannot attach the JPEG to its image");
        cairo_surface_destroy(s);
        free(buf);
        return NULL;
    }
    return s;
}

typedef struct {
    const unsigned char *p;
    size_t left;
} mem_reader;

static cairo_status_t read_mem(void *closure, unsigned char *data, unsigned int n)
{
    mem_reader *r = closure;
    if (n > r->left)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->p, n);
    r->p += n, r->left -= n;
    return CAIRO_STATUS_SUCCESS;
}

/* PNG through cairo, from the bytes read (cairo_image_surface_create_from_png
 * would open the path itself, blocking on a named pipe). */
static cairo_surface_t *png_surface(const char *path, const pb_image_info *info, pb_diags *d)
{
    size_t len;
    char *buf = pb_image_read(path, &len, d);
    if (!buf)
        return NULL;
    mem_reader r = {(const unsigned char *)buf, len};
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_mem, &r);
    free(buf);
    cairo_status_t st = cairo_surface_status(s);
    if (st == CAIRO_STATUS_SUCCESS && (cairo_image_surface_get_width(s) != info->width ||
                                       cairo_image_surface_get_height(s) != info->height))
        st = CAIRO_STATUS_INVALID_SIZE; /* not the file that was laid out */
    if (st != CAIRO_STATUS_SUCCESS) {   /* cairo reports damage as no memory */
        pb_warn(d, path, 0,
                "cannot decode the PNG: its data is damaged, or %dx%d pixels do not fit in "
                "memory (%s)",
                info->width, info->height, cairo_status_to_string(st));
        cairo_surface_destroy(s);
        return NULL;
    }
    return s;
}

/* WebP through libwebp into cairo's premultiplied ARGB; of an animation, the
 * first frame where it lies on the canvas (libwebpdemux). */
static cairo_surface_t *webp_surface(const char *path, const pb_image_info *info, pb_diags *d)
{
    size_t len;
    char *buf = pb_image_read(path, &len, d);
    if (!buf)
        return NULL;
    const uint8_t *bits = (const uint8_t *)buf;
    size_t nbits = len;
    int x = 0, y = 0, w = info->width, h = info->height, fw = 0, fh = 0;
    WebPData data = {(const uint8_t *)buf, len};
    WebPDemuxer *dmx = NULL;
    WebPIterator it;
    bool frame = false;
    if (info->animated) {
        dmx = WebPDemux(&data);
        if (dmx && (frame = WebPDemuxGetFrame(dmx, 1, &it))) {
            bits = it.fragment.bytes, nbits = it.fragment.size;
            x = it.x_offset, y = it.y_offset, w = it.width, h = it.height;
        }
    }
    cairo_surface_t *s = NULL;
    if (info->animated && !frame)
        pb_warn(d, path, 0, "cannot read the WebP animation's first frame");
    else if (!WebPGetInfo(bits, nbits, &fw, &fh) || fw != w || fh != h || x < 0 || y < 0 ||
             x + w > info->width || y + h > info->height)
        pb_warn(d, path, 0, "cannot decode the WebP image");
    else if ((s = new_surface(CAIRO_FORMAT_ARGB32, info->width, info->height, path, d))) {
        unsigned char *px = cairo_image_surface_get_data(s);
        size_t stride = (size_t)cairo_image_surface_get_stride(s);
        unsigned char *at = px + (size_t)y * stride + 4 * (size_t)x;
        if (!WebPDecodeBGRAInto(bits, nbits, at, stride * (size_t)info->height - (size_t)(at - px),
                                (int)stride)) {
            pb_warn(d, path, 0, "cannot decode the WebP image");
            cairo_surface_destroy(s);
            s = NULL;
        } else {
            for (int r = y; r < y + h; r++) /* cairo wants premultiplied alpha */
                for (unsigned char *p = px + (size_t)r * stride + 4 * (size_t)x, *e = p + 4 * w;
                     p < e; p += 4)
                    for (int k = 0; k < 3; k++)
                        p[k] = (unsigned char)((p[k] * p[3] + 127) / 255);
            cairo_surface_mark_dirty(s);
        }
    }
    if (frame)
        WebPDemuxReleaseIterator(&it);
    WebPDemuxDelete(dmx);
    free(buf);
    return s;
}

cairo_surface_t *pb_image_surface(const char *path, const pb_image_info *info, double w_pt,
                                  double h_pt, pb_diags *d)
{
    switch (info->type) {
    case PB_IMAGE_JPEG: return identify(jpeg_surface(path, d), path, info);
    case PB_IMAGE_WEBP: return identify(webp_surface(path, info, d), path, info);
    case PB_IMAGE_SVG:
        return identify(svg_surface(path, w_pt * PB_SVG_PPI / 72, h_pt * PB_SVG_PPI / 72, d), path,
                        info);
    case PB_IMAGE_PNG: return identify(png_surface(path, info, d), path, info);
    case PB_IMAGE_NONE: break;
    }
    pb_warn(d, path, 0, "not an image");
    return NULL;
}

/* The scale (1/1, 1/2, 1/4, 1/8) to decode a JPEG at for w_px x h_px as
 * displayed: the smallest that keeps at least those pixels, then smaller
 * while a side exceeds a cairo surface. */
static unsigned jpeg_scale(const pb_image_info *info, double w_px, double h_px)
{
    double sw = info->width, sh = info->height;
    if (info->orientation >= 5) { /* turned: the stored width is displayed upright */
        double t = w_px;
        w_px = h_px, h_px = t;
    }
    unsigned k = 1;
    while (k < 8 && w_px > 0 && h_px > 0 && ceil(sw / (2 * k)) >= w_px &&
           ceil(sh / (2 * k)) >= h_px)
        k *= 2;
    while (k < 8 && (ceil(sw / k) > CAIRO_MAX_SIDE || ceil(sh / k) > CAIRO_MAX_SIDE))
        k *= 2;
    return k;
}

/* Decode a JPEG into an RGB24 surface: libjpeg converts YCbCr and grey to
 * RGB; CMYK is converted here (Adobe's inverted form undone first). */
static cairo_surface_t *jpeg_decoded(const char *path, const pb_image_info *info, double w_px,
                                     double h_px, pb_diags *d)
{
    size_t len;
    char *buf = pb_image_read(path, &len, d);
    if (!buf)
        return NULL;
    struct jpeg_decompress_struct cinfo;
    pb_jpegerr err;
    pb_jpegerr_init(&cinfo, &err);
    cairo_surface_t *volatile s = NULL;
    if (setjmp(err.jump)) {
        pb_warn(d, path, 0, "cannot decode the JPEG: %s", err.msg);
        jpeg_destroy_decompress(&cinfo);
        if (s)
            cairo_surface_destroy(s);
        free(buf);
        return NULL;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, (const unsigned char *)buf, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    cinfo.scale_num = 1;
    cinfo.scale_denom = jpeg_scale(info, w_px, h_px);
    jpeg_start_decompress(&cinfo);
    s = new_surface(CAIRO_FORMAT_RGB24, (int)cinfo.output_width, (int)cinfo.output_height, path, d);
    if (!s) {
        jpeg_destroy_decompress(&cinfo);
        free(buf);
        return NULL;
    }
    unsigned char *px = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s), n = cinfo.output_components;
    JSAMPARRAY row = (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE,
                                                cinfo.output_width * (JDIMENSION)n, 1);
    while (cinfo.output_scanline < cinfo.output_height) {
        uint32_t *out = (uint32_t *)(px + (size_t)cinfo.output_scanline * (size_t)stride);
        jpeg_read_scanlines(&cinfo, row, 1);
        for (JDIMENSION x = 0; x < cinfo.output_width; x++) {
            const unsigned char *c = row[0] + x * (size_t)n;
            unsigned rr = c[0], gg = c[1], bb = c[2];
            if (cmyk) { /* naive CMYK → RGB: enough for a preview */
                unsigned k = info->cmyk_inverted ? c[3] : 255 - c[3];
                unsigned cc = info->cmyk_inverted ? c[0] : 255 - c[0];
                unsigned mm = info->cmyk_inverted ? c[1] : 255 - c[1];
                unsigned yy = info->cmyk_inverted ? c[2] : 255 - c[2];
                rr = cc * k / 255, gg = mm * k / 255, bb = yy * k / 255;
            }
            out[x] = 0xFF000000u | rr << 16 | gg << 8 | bb;
        }
    }
    cairo_surface_mark_dirty(s);
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    free(buf);
    return s;
}

cairo_surface_t *pb_image_surface_decoded(const char *path, const pb_image_info *info, double w_px,
                                          double h_px, pb_diags *d)
{
    if (info->type == PB_IMAGE_JPEG)
        return identify(jpeg_decoded(path, info, w_px, h_px, d), path, info);
    if (info->type == PB_IMAGE_SVG)
        return identify(svg_surface(path, w_px, h_px, d), path, info);
    return pb_image_surface(path, info, 0, 0, d);
}

void pb_image_diags(bool strict, pb_diags *why, bool failed, pb_diags *d)
{
    bool error = failed && strict;
    for (size_t i = 0; i < why->n; i++) {
        const pb_diag *g = &why->v[i];
        pb_diag_add(d, error ? PB_DIAG_ERROR : g->sev, g->file, g->line, "%s%s", g->msg,
                    error ? " (--strict)" : "");
    }
    pb_diags_fini(why);
    pb_diags_init(why);
}
