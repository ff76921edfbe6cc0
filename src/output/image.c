#include "image.h"

#include <jpeglib.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    jpeg_destroy_decompress(&cinfo);
    return true;
}

static unsigned be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

bool pb_image_probe(const char *path, pb_image_info *info, pb_diags *d)
{
    memset(info, 0, sizeof *info);
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
    const unsigned char *u = (const unsigned char *)buf;
    bool ok = false;
    if (len >= 3 && u[0] == 0xFF && u[1] == 0xD8 && u[2] == 0xFF) {
        ok = probe_jpeg(path, u, len, info, d);
    } else if (len >= 24 && memcmp(u, "\x89PNG\r\n\x1a\n", 8) == 0 &&
               memcmp(u + 12, "IHDR", 4) == 0) {
        info->type = PB_IMAGE_PNG;
        info->width = (int)(be32(u + 16) & 0x7FFFFFFF);
        info->height = (int)(be32(u + 20) & 0x7FFFFFFF);
        ok = true;
    } else {
        pb_warn(d, path, 0, "not a JPEG or PNG image");
    }
    if (ok && (info->width <= 0 || info->height <= 0 || info->width > MAX_SIDE ||
               info->height > MAX_SIDE)) {
        pb_warn(d, path, 0, "image size %dx%d is out of range", info->width, info->height);
        ok = false;
    }
    free(buf);
    return ok;
}

static cairo_surface_t *jpeg_surface(const char *path, pb_diags *d)
{
    size_t len;
    char *buf = pb_file_read(path, &len, MAX_IMAGE_BYTES, d);
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

cairo_surface_t *pb_image_surface(const char *path, const pb_image_info *info, pb_diags *d)
{
    if (info->type == PB_IMAGE_JPEG)
        return jpeg_surface(path, d);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        pb_warn(d, path, 0, "cannot read PNG: %s", cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return NULL;
    }
    return s;
}
