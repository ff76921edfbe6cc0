/* Photos, logos and band images from strangers' folders. Two rules keep a
 * bad file from taking the run with it:
 *
 * - A file is opened without blocking and used only when it is a regular
 *   file: a named pipe would hang open() forever, /dev/zero would be read
 *   until the size limit.
 * - What the PDF gets is known to decode. A JPEG (passed through as it is)
 *   up to PB_IMAGE_JPEG_CHECK_BYTES is decoded once when probed, at 1/8
 *   scale, which still reads every byte of its body; libjpeg's warnings
 *   count as damage, since it recovers silently from most of it (bit rot, a
 *   missing Huffman table). PNGs wider or taller than a cairo surface can be
 *   are refused when probed, as are WebPs libwebp cannot parse; an
 *   animation gives its first frame (libwebpdemux). Whatever still fails when
 *   the page is written is the writer's to report (render.c).
 *
 * SVG is parsed and drawn by svg.c, within its budget. */
#include "image.h"

#include <errno.h>
#include <fcntl.h>
#include <jerror.h>
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
#include <unistd.h>

#include <webp/decode.h>
#include <webp/demux.h>

#include "../base/util.h"
#include "svg.h"

/* CAIRO_MAX_SIDE: the largest image surface cairo makes (pixman's limit). */
enum { MAX_IMAGE_BYTES = 256 << 20, MAX_SIDE = 65500, CAIRO_MAX_SIDE = 32767 };
/* A progressive JPEG is decoded through a buffer of all its coefficients
 * (two bytes a sample): past this, it is not checked when probed. */
static const double JPEG_CHECK_MEMORY = 256.0 * (1 << 20);

/* ---- reading files ----------------------------------------------------- */

static const char *file_kind(mode_t m)
{
    return S_ISFIFO(m)   ? "a named pipe"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
           : S_ISDIR(m)  ? "a directory"
           : S_ISSOCK(m) ? "a socket"
                         : "not a regular file";
}

/* The bytes of a regular file of at most limit bytes, and its stat. Opened
 * with O_NONBLOCK, so a named pipe does not wait for a writer, and looked
 * at (fstat) before a byte is read. NULL with a warning naming the file. */
static char *read_file(const char *path, size_t limit, size_t *len, struct stat *st, pb_diags *d)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        pb_warn(d, path, 0, "image cannot open: %s", strerror(errno));
        return NULL;
    }
    if (fstat(fd, st) != 0) {
        pb_warn(d, path, 0, "image cannot read: %s", strerror(errno));
        close(fd);
        return NULL;
    }
    if (!S_ISREG(st->st_mode)) {
        pb_warn(d, path, 0, "the image is %s, not a regular file; not used",
                file_kind(st->st_mode));
        close(fd);
        return NULL;
    }
    if ((unsigned long long)st->st_size > limit) {
        pb_warn(d, path, 0, "image file is larger than the limit of %zu bytes", limit);
        close(fd);
        return NULL;
    }
    size_t cap = (size_t)st->st_size + 1, n = 0; /* + 1: to see it grow */
    char *buf = pb_xmalloc(cap + 1);
    for (;;) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            pb_warn(d, path, 0, "image cannot read: %s", strerror(errno));
            free(buf);
            close(fd);
            return NULL;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n == cap) { /* it grew since fstat */
            if (cap > limit) {
                pb_warn(d, path, 0, "image file is larger than the limit of %zu bytes", limit);
                free(buf);
                close(fd);
                return NULL;
            }
            cap = cap * 2 < limit + 1 ? cap * 2 : limit + 1;
            buf = pb_xrealloc(buf, cap + 1);
        }
    }
    close(fd);
    buf[n] = 0;
    *len = n;
    return buf;
}

/* ---- JPEG -------------------------------------------------------------- */

typedef struct {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
    char msg[JMSG_LENGTH_MAX];  /* the error */
    char warn[JMSG_LENGTH_MAX]; /* the first warning */
} jpeg_err;

static void jpeg_fail(j_common_ptr c)
{
    jpeg_err *e = (jpeg_err *)c->err;
    c->err->format_message(c, e->msg);
    longjmp(e->jump, 1);
}

/* Warnings (level -1) are counted, as libjpeg's own handler does, and the
 * first is kept; trace messages are dropped. Bytes between the last scan and
 * the end marker are left out of the count: encoders write such padding, and
 * every decoder skips it. */
static void jpeg_note(j_common_ptr c, int level)
{
    if (level >= 0 || (c->err->msg_code == JWRN_EXTRANEOUS_DATA && c->err->msg_parm.i[1] == 0xD9))
        return;
    jpeg_err *e = (jpeg_err *)c->err;
    if (c->err->num_warnings++ == 0)
        c->err->format_message(c, e->warn);
}

static void jpeg_err_init(struct jpeg_decompress_struct *c, jpeg_err *e)
{
    c->err = jpeg_std_error(&e->mgr);
    e->mgr.error_exit = jpeg_fail;
    e->mgr.emit_message = jpeg_note;
    e->msg[0] = e->warn[0] = 0;
}

static bool probe_jpeg(const char *path, const unsigned char *buf, size_t len,
                       pb_image_info *info, pb_diags *d)
{
    struct jpeg_decompress_struct cinfo;
    jpeg_err err;
    jpeg_err_init(&cinfo, &err);
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

/* Decode the whole body at 1/8 scale (one coefficient a block goes through
 * the inverse DCT, but every block is entropy-decoded): false, with a
 * warning, when libjpeg fails or warns. A progressive JPEG too large to
 * buffer cheaply is not checked. The row buffer is libjpeg's, so nothing
 * needs freeing after a longjmp. */
static bool jpeg_body_ok(const char *path, const unsigned char *buf, size_t len, pb_diags *d)
{
    struct jpeg_decompress_struct cinfo;
    jpeg_err err;
    jpeg_err_init(&cinfo, &err);
    if (setjmp(err.jump)) {
        pb_warn(d, path, 0, "the JPEG's data is damaged: %s", err.msg);
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, buf, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    /* libjpeg-turbo puts the standard tables in for missing ones (motion
     * JPEG leaves them out), silently: where they are not the encoder's, the
     * picture is noise, and a PDF reader may refuse it */
    bool tables = true;
    for (int i = 0; i < cinfo.comps_in_scan && !cinfo.arith_code; i++) {
        /* a selector out of range is libjpeg's to refuse, when it decodes */
        int dc = cinfo.cur_comp_info[i]->dc_tbl_no, ac = cinfo.cur_comp_info[i]->ac_tbl_no;
        tables = tables &&
                 (cinfo.Ss != 0 || dc < 0 || dc >= NUM_HUFF_TBLS || cinfo.dc_huff_tbl_ptrs[dc]) &&
                 (cinfo.Se == 0 || ac < 0 || ac >= NUM_HUFF_TBLS || cinfo.ac_huff_tbl_ptrs[ac]);
    }
    if (!tables) {
        pb_warn(d, path, 0,
                "the JPEG's data is damaged (its Huffman tables are missing); not used");
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    double coef = 0;
    for (int i = 0; i < cinfo.num_components; i++)
        coef += 128.0 * cinfo.comp_info[i].width_in_blocks * cinfo.comp_info[i].height_in_blocks;
    if (jpeg_has_multiple_scans(&cinfo) && coef > JPEG_CHECK_MEMORY) {
        jpeg_destroy_decompress(&cinfo);
        return true;
    }
    cinfo.scale_num = 1;
    cinfo.scale_denom = 8;
    cinfo.dct_method = JDCT_IFAST;
    cinfo.do_fancy_upsampling = FALSE;
    cinfo.do_block_smoothing = FALSE;
    if (cinfo.jpeg_color_space == JCS_YCbCr || cinfo.jpeg_color_space == JCS_GRAYSCALE)
        cinfo.out_color_space = JCS_GRAYSCALE;
    jpeg_start_decompress(&cinfo);
    JSAMPARRAY row = (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE,
                                                cinfo.output_width * cinfo.output_components, 1);
    while (cinfo.output_scanline < cinfo.output_height)
        jpeg_read_scanlines(&cinfo, row, 1);
    jpeg_finish_decompress(&cinfo);
    long warnings = err.mgr.num_warnings;
    jpeg_destroy_decompress(&cinfo);
    if (warnings > 0)
        pb_warn(d, path, 0, "the JPEG's data is damaged (%s%s); not used", err.warn,
                warnings > 1 ? ", and more" : "");
    return warnings == 0;
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

/* ---- SVG (drawn by svg.c) ------------------------------------------------ */

static bool looks_like_svg(const unsigned char *u, size_t len)
{
    size_t n = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 4 <= n; i++)
        if (!memcmp(u + i, "<svg", 4))
            return true;
    return false;
}

static bool probe_svg(const char *path, const unsigned char *u, size_t len, pb_image_info *info,
                      pb_diags *d)
{
    double w, h;
    if (!pb_svg_size(path, u, len, &w, &h, d))
        return false;
    if (w > MAX_SIDE || h > MAX_SIDE) {
        pb_warn(d, path, 0, "image size %.0fx%.0f is out of range", w, h);
        return false;
    }
    info->type = PB_IMAGE_SVG;
    info->width = (int)ceil(w);
    info->height = (int)ceil(h);
    return true;
}

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

/* ---- probing ----------------------------------------------------------- */

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
    WebPBitstreamFeatures f;
    if (len >= 12 && memcmp(u, "RIFF", 4) == 0 && memcmp(u + 8, "WEBP", 4) == 0) {
        if (WebPGetFeatures(u, len, &f) != VP8_STATUS_OK) {
            pb_warn(d, path, 0, "not a readable WebP image");
            return false;
        }
        info->type = PB_IMAGE_WEBP;
        info->width = f.width;
        info->height = f.height;
        info->animated = f.has_animation;
        return true;
    }
    if (looks_like_svg(u, len))
        return probe_svg(path, u, len, info, d);
    pb_warn(d, path, 0, "not a JPEG, PNG, WebP or SVG image");
    return false;
}

/* The files probed this run, by their identity (device and inode, so one
 * file reached by two paths is read once), size and modification time: a
 * photo is probed when laid out and read again when embedded, the ×20
 * document probes each photo twenty times and a board's copyfit lays the
 * article out a dozen times. The verdict is kept for every file (a damaged
 * one with its warning, given again), the bytes of those that probed well
 * up to CACHE_BYTES in all. A file changed on disk since is read again. */
enum { CACHE_FILES = 1024 };
static const size_t CACHE_BYTES = 64u << 20;
static struct cached {
    char *buf; /* NULL: not kept */
    size_t len;
    struct stat st;
    pb_image_info info;
    char *why; /* it did not probe well: the warning */
} cache[CACHE_FILES];
static int ncached;
static size_t cached_bytes;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Whether path's verdict is cached and still current. Then *ok says whether
 * it probed well, with its probe in *info (info not NULL) or its warning
 * given again in d; and when bytes is not NULL, a copy of its bytes, or
 * false when they were not kept. stat() does not open the file: a named
 * pipe is never waited on here. */
static bool cache_get(const char *path, bool *ok, pb_image_info *info, char **bytes, size_t *len,
                      pb_diags *d)
{
    struct stat st;
    bool found = false;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    pthread_mutex_lock(&cache_lock);
    for (int i = 0; i < ncached && !found; i++) {
        const struct cached *c = &cache[i];
        if (!same_file(&c->st, &st) || (bytes && !c->buf))
            continue;
        found = true;
        if (ok)
            *ok = !c->why;
        if (c->why)
            pb_warn(d, path, 0, "%s", c->why);
        else if (info)
            *info = c->info;
        if (bytes) {
            *bytes = pb_xmalloc(c->len ? c->len : 1);
            memcpy(*bytes, c->buf, c->len);
            *len = c->len;
        }
    }
    pthread_mutex_unlock(&cache_lock);
    return found;
}

/* Keep a verdict: info when it probed well (and its bytes, room allowing),
 * else the warning it gave, the last of d. */
static void cache_put(const struct stat *st, const char *buf, size_t len, const pb_image_info *info,
                      const pb_diags *d)
{
    if ((size_t)st->st_size != len || (!info && !d->n))
        return;
    pthread_mutex_lock(&cache_lock);
    if (ncached < CACHE_FILES) {
        struct cached *c = &cache[ncached++];
        *c = (struct cached){.len = len, .st = *st};
        if (info) {
            c->info = *info;
            if (cached_bytes + len <= CACHE_BYTES) {
                c->buf = pb_xmalloc(len ? len : 1);
                memcpy(c->buf, buf, len);
                cached_bytes += len;
            }
        } else {
            c->why = pb_xstrdup(d->v[d->n - 1].msg);
        }
    }
    pthread_mutex_unlock(&cache_lock);
}

bool pb_image_probe(const char *path, pb_image_info *info, pb_diags *d)
{
    bool ok;
    if (cache_get(path, &ok, info, NULL, NULL, d))
        return ok;
    memset(info, 0, sizeof *info);
    info->orientation = 1;
    size_t len;
    struct stat st;
    char *buf = read_file(path, MAX_IMAGE_BYTES, &len, &st, d);
    if (!buf)
        return false;
    pb_diags why;
    pb_diags_init(&why);
    ok = pb_image_probe_mem(path, buf, len, info, &why);
    if (ok) {
        info->dev = st.st_dev;
        info->ino = st.st_ino;
    }
    cache_put(&st, buf, len, ok ? info : NULL, &why);
    for (size_t i = 0; i < why.n; i++)
        pb_diag_add(d, why.v[i].sev, why.v[i].file, why.v[i].line, "%s", why.v[i].msg);
    pb_diags_fini(&why);
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
    /* decoded into a cairo surface, a PNG can be no larger than one */
    if (ok && info->type == PB_IMAGE_PNG &&
        (info->width > CAIRO_MAX_SIDE || info->height > CAIRO_MAX_SIDE)) {
        pb_warn(d, path, 0,
                "a PNG of %dx%d pixels cannot be decoded (at most %d pixels a side); not used",
                info->width, info->height, CAIRO_MAX_SIDE);
        return false;
    }
    /* after the pixel limit: a decompression bomb is not decoded to be checked */
    if (ok && info->type == PB_IMAGE_JPEG && len <= PB_IMAGE_JPEG_CHECK_BYTES)
        ok = jpeg_body_ok(path, buf, len, d);
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
    struct stat st;
    return cache_get(path, NULL, NULL, &buf, len, d)
               ? buf
               : read_file(path, MAX_IMAGE_BYTES, len, &st, d);
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
    jpeg_err err;
    jpeg_err_init(&cinfo, &err);
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
