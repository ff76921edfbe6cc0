#include "image.h"

#include <jpeglib.h>
#include <libexif/exif-data.h>
#include <libexif/exif-loader.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <librsvg/rsvg.h>
#include <webp/decode.h>

#include "../base/util.h"

enum { MAX_IMAGE_BYTES = 256 << 20, MAX_SIDE = 65500 };

typedef struct {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
    char msg[JMSG_LENGTH_MAX];
} jpeg_err;

static void jpeg_fail(j_common_ptr c)
{
    jpeg_err *e = (jpeg_err *)c->err;
    c->err->format_message(c, e->msg);
    longjmp(e->jump, 1);
}

static void jpeg_quiet(j_common_ptr c, int level) { (void)c, (void)level; }

static bool probe_jpeg(const char *path, const unsigned char *buf, size_t len,
                       pb_image_info *info, pb_diags *d)
{
    struct jpeg_decompress_struct cinfo;
    jpeg_err err;
    cinfo.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = jpeg_fail;
    err.mgr.emit_message = jpeg_quiet;
    if (setjmp(err.jump)) {
        pb_warn(d, path, 0, "not a readable JPEG: %s", err.msg);
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, buf, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    info->type = PB_IMAGE_JPEG;
    info->width = (int)cinfo.image_width;
    info->height = (int)cinfo.image_height;
    info->components = cinfo.num_components;
    info->cmyk_inverted = cinfo.num_components == 4 && cinfo.saw_Adobe_marker;
    jpeg_destroy_decompress(&cinfo);
    return true;
}

/* EXIF orientation (tag 0x0112) of a JPEG, 1 when absent or unusable. */
static int exif_orientation(const unsigned char *buf, size_t len)
{
    ExifLoader *l = exif_loader_new();
    exif_loader_write(l, (unsigned char *)buf, (unsigned int)(len > UINT32_MAX ? UINT32_MAX : len));
    ExifData *ed = exif_loader_get_data(l);
    exif_loader_unref(l);
    if (!ed)
        return 1;
    int o = 1;
    ExifEntry *e = exif_data_get_entry(ed, EXIF_TAG_ORIENTATION);
    if (e && e->format == EXIF_FORMAT_SHORT && e->components >= 1)
        o = exif_get_short(e->data, exif_data_get_byte_order(ed));
    exif_data_unref(ed);
    return o >= 1 && o <= 8 ? o : 1;
}

static unsigned be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

/* A whole JPEG ends with FF D9 (a few bytes of trailing padding allowed). */
static bool has_end_marker(const unsigned char *u, size_t len)
{
    for (size_t i = len, stop = len > 4096 ? len - 4096 : 0; i >= stop + 2; i--)
        if (u[i - 2] == 0xFF && u[i - 1] == 0xD9)
            return true;
    return false;
}

static double max_pixels(void)
{
    const char *env = getenv("PAIBAN_MAX_IMAGE_PIXELS");
    double v = env ? strtod(env, NULL) : 0;
    return v > 0 ? v : PB_IMAGE_MAX_PIXELS;
}

static bool looks_like_svg(const unsigned char *u, size_t len)
{
    size_t n = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 4 <= n; i++)
        if (!memcmp(u + i, "<svg", 4))
            return true;
    return false;
}

static RsvgHandle *svg_handle(const char *path, const unsigned char *u, size_t len, pb_diags *d)
{
    GError *err = NULL;
    RsvgHandle *h = rsvg_handle_new_from_data(u, len, &err);
    if (!h) {
        pb_warn(d, path, 0, "not a readable SVG: %s", err ? err->message : "unknown error");
        g_clear_error(&err);
    }
    return h;
}

static bool probe_svg(const char *path, const unsigned char *u, size_t len, pb_image_info *info,
                      pb_diags *d)
{
    RsvgHandle *h = svg_handle(path, u, len, d);
    if (!h)
        return false;
    double w = 0, hh = 0;
    gboolean sized = rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &hh);
    g_object_unref(h);
    if (!sized || w < 1 || hh < 1) {
        pb_warn(d, path, 0, "the SVG has no size (give it width and height)");
        return false;
    }
    info->type = PB_IMAGE_SVG;
    info->width = (int)ceil(w);
    info->height = (int)ceil(hh);
    return true;
}

static cairo_surface_t *svg_surface(const char *path, const pb_image_info *info, pb_diags *d)
{
    size_t len;
    char *buf = pb_image_read(path, &len, d);
    if (!buf)
        return NULL;
    RsvgHandle *h = svg_handle(path, (const unsigned char *)buf, len, d);
    free(buf);
    if (!h)
        return NULL;
    cairo_rectangle_t ext = {0, 0, info->width, info->height};
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
    cairo_t *cr = cairo_create(s);
    RsvgRectangle vp = {0, 0, info->width, info->height};
    GError *err = NULL;
    if (!rsvg_handle_render_document(h, cr, &vp, &err)) {
        pb_warn(d, path, 0, "cannot draw the SVG: %s", err ? err->message : "unknown error");
        g_clear_error(&err);
    }
    cairo_destroy(cr);
    g_object_unref(h);
    return s;
}

static bool probe_bytes(const char *path, const unsigned char *u, size_t len, pb_image_info *info,
                        pb_diags *d)
{
    if (len >= 3 && u[0] == 0xFF && u[1] == 0xD8 && u[2] == 0xFF) {
        if (!probe_jpeg(path, u, len, info, d))
            return false;
        if (!has_end_marker(u, len)) { /* passed through, a cut file would print cut */
            pb_warn(d, path, 0, "the JPEG is truncated (it has no end marker)");
            return false;
        }
        info->orientation = exif_orientation(u, len);
        return true;
    }
    if (len >= 24 && memcmp(u, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(u + 12, "IHDR", 4) == 0) {
        info->type = PB_IMAGE_PNG;
        info->width = (int)(be32(u + 16) & 0x7FFFFFFF);
        info->height = (int)(be32(u + 20) & 0x7FFFFFFF);
        return true;
    }
    int w, h;
    if (len >= 12 && memcmp(u, "RIFF", 4) == 0 && memcmp(u + 8, "WEBP", 4) == 0 &&
        WebPGetInfo(u, len, &w, &h)) {
        info->type = PB_IMAGE_WEBP;
        info->width = w;
        info->height = h;
        return true;
    }
    if (looks_like_svg(u, len))
        return probe_svg(path, u, len, info, d);
    pb_warn(d, path, 0, "not a JPEG, PNG, WebP or SVG image");
    return false;
}

/* The files read this run, by path, with their size and modification time:
 * a photo is probed when laid out and read again when embedded, and the ×20
 * document probes each photo twenty times. Only files that probed well are
 * kept, up to CACHE_BYTES in all; a file changed on disk since is read again. */
enum { CACHE_FILES = 64 };
static const size_t CACHE_BYTES = 64u << 20;
static struct cached {
    char *path, *buf;
    size_t len;
    struct stat st;
    pb_image_info info;
} cache[CACHE_FILES];
static int ncached;
static size_t cached_bytes;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Whether path is cached and still current; then its probe in *info (when
 * info is not NULL) and, when bytes is not NULL, a copy of its bytes. */
static bool cache_get(const char *path, pb_image_info *info, char **bytes, size_t *len)
{
    struct stat st;
    bool found = false;
    if (stat(path, &st) != 0)
        return false;
    pthread_mutex_lock(&cache_lock);
    for (int i = 0; i < ncached && !found; i++)
        if (!strcmp(cache[i].path, path) && same_file(&cache[i].st, &st)) {
            found = true;
            if (info)
                *info = cache[i].info;
            if (bytes) {
                *bytes = pb_xmalloc(cache[i].len ? cache[i].len : 1);
                memcpy(*bytes, cache[i].buf, cache[i].len);
                *len = cache[i].len;
            }
        }
    pthread_mutex_unlock(&cache_lock);
    return found;
}

static void cache_put(const char *path, const char *buf, size_t len, const pb_image_info *info)
{
    struct stat st;
    if (stat(path, &st) != 0 || (size_t)st.st_size != len)
        return;
    pthread_mutex_lock(&cache_lock);
    if (ncached < CACHE_FILES && cached_bytes + len <= CACHE_BYTES) {
        struct cached *c = &cache[ncached++];
        c->path = pb_xstrdup(path);
        c->buf = pb_xmalloc(len ? len : 1);
        memcpy(c->buf, buf, len);
        c->len = len;
        c->st = st;
        c->info = *info;
        cached_bytes += len;
    }
    pthread_mutex_unlock(&cache_lock);
}

bool pb_image_probe(const char *path, pb_image_info *info, pb_diags *d)
{
    if (cache_get(path, info, NULL, NULL))
        return true;
    memset(info, 0, sizeof *info);
    info->orientation = 1;
    pb_diags quiet;
    pb_diags_init(&quiet);
    size_t len;
    char *buf = pb_file_read(path, &len, MAX_IMAGE_BYTES, &quiet);
    if (!buf) {
        pb_warn(d, path, 0, "image %s", quiet.v[0].msg);
        pb_diags_fini(&quiet);
        return false;
    }
    pb_diags_fini(&quiet);
    bool ok = pb_image_probe_mem(path, buf, len, info, d);
    if (ok)
        cache_put(path, buf, len, info);
    free(buf);
    return ok;
}

bool pb_image_probe_mem(const char *path, const void *buf, size_t len, pb_image_info *info,
                        pb_diags *d)
{
    memset(info, 0, sizeof *info);
    info->orientation = 1;
    bool ok = probe_bytes(path, buf, len, info, d);
    if (ok && (info->width <= 0 || info->height <= 0 || info->width > MAX_SIDE ||
               info->height > MAX_SIDE)) {
        pb_warn(d, path, 0, "image size %dx%d is out of range", info->width, info->height);
        return false;
    }
    if (ok && (double)info->width * info->height > max_pixels()) {
        pb_warn(d, path, 0,
                "image of %dx%d pixels is above the limit of %.0f million pixels; not decoded "
                "(set PAIBAN_MAX_IMAGE_PIXELS to raise it)",
                info->width, info->height, max_pixels() / 1e6);
        return false;
    }
    return ok;
}

void pb_image_display_size(const pb_image_info *info, int *w, int *h)
{
    bool turned = info->orientation >= 5;
    *w = turned ? info->height : info->width;
    *h = turned ? info->width : info->height;
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

/* noinline: jpeg_decoded() calls it before its setjmp, and inlined, its
 * locals would draw gcc's -Wclobbered */
__attribute__((noinline)) char *pb_image_read(const char *path, size_t *len, pb_diags *d)
{
    char *buf;
    return cache_get(path, NULL, &buf, len) ? buf : pb_file_read(path, len, MAX_IMAGE_BYTES, d);
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
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        pb_warn(d, path, 0, "cannot make an image surface: %s",
                cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        free(buf);
        return NULL;
    }
    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, (unsigned char *)buf, len, free, buf);
    char *id = pb_xstrdup(path);
    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID, (unsigned char *)id, strlen(id),
                                free, id);
    return s;
}

/* WebP through libwebp into cairo's premultiplied ARGB. */
static cairo_surface_t *webp_surface(const char *path, const pb_image_info *info, pb_diags *d)
{
    size_t len;
    char *buf = pb_image_read(path, &len, d);
    if (!buf)
        return NULL;
    cairo_surface_t *s =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, info->width, info->height);
    unsigned char *px = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    if (!px || !WebPDecodeBGRAInto((const uint8_t *)buf, len, px, (size_t)stride * info->height,
                                   stride)) {
        pb_warn(d, path, 0, "cannot decode the WebP image");
        cairo_surface_destroy(s);
        free(buf);
        return NULL;
    }
    free(buf);
    for (int y = 0; y < info->height; y++) /* cairo wants premultiplied alpha */
        for (unsigned char *p = px + (size_t)y * stride, *e = p + 4 * info->width; p < e; p += 4)
            for (int k = 0; k < 3; k++)
                p[k] = (unsigned char)((p[k] * p[3] + 127) / 255);
    cairo_surface_mark_dirty(s);
    return s;
}

cairo_surface_t *pb_image_surface(const char *path, const pb_image_info *info, pb_diags *d)
{
    if (info->type == PB_IMAGE_JPEG)
        return jpeg_surface(path, d);
    if (info->type == PB_IMAGE_WEBP)
        return webp_surface(path, info, d);
    if (info->type == PB_IMAGE_SVG)
        return svg_surface(path, info, d);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        pb_warn(d, path, 0, "cannot read PNG: %s", cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return NULL;
    }
    return s;
}

/* Decode a JPEG into an RGB24 surface: libjpeg converts YCbCr and grey to
 * RGB; CMYK is converted here (Adobe's inverted form undone first). */
static cairo_surface_t *jpeg_decoded(const char *path, const pb_image_info *info, pb_diags *d)
{
    size_t len;
    char *buf = pb_image_read(path, &len, d);
    if (!buf)
        return NULL;
    struct jpeg_decompress_struct cinfo;
    jpeg_err err;
    cinfo.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = jpeg_fail;
    err.mgr.emit_message = jpeg_quiet;
    cairo_surface_t *volatile s = NULL;
    unsigned char *volatile row = NULL;
    if (setjmp(err.jump)) {
        pb_warn(d, path, 0, "cannot decode the JPEG: %s", err.msg);
        jpeg_destroy_decompress(&cinfo);
        if (s)
            cairo_surface_destroy(s);
        free(row);
        free(buf);
        return NULL;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, (const unsigned char *)buf, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    jpeg_start_decompress(&cinfo);
    s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)cinfo.output_width,
                                   (int)cinfo.output_height);
    unsigned char *px = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s), n = cinfo.output_components;
    row = pb_xmalloc((size_t)cinfo.output_width * (size_t)n);
    while (cinfo.output_scanline < cinfo.output_height) {
        uint32_t *out = (uint32_t *)(px + (size_t)cinfo.output_scanline * (size_t)stride);
        JSAMPROW r = row;
        jpeg_read_scanlines(&cinfo, &r, 1);
        for (JDIMENSION x = 0; x < cinfo.output_width; x++) {
            const unsigned char *c = row + x * (size_t)n;
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
    free(row);
    free(buf);
    return s;
}

cairo_surface_t *pb_image_surface_decoded(const char *path, const pb_image_info *info,
                                          pb_diags *d)
{
    if (info->type == PB_IMAGE_JPEG)
        return jpeg_decoded(path, info, d);
    return pb_image_surface(path, info, d);
}
