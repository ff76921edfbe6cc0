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
 * The files probed are remembered (the cache below), with their bytes room
 * allowing, and the writer (output/image.c) reads them through it. An SVG is
 * parsed by svg.c; output/svg.c draws it, within its budget. */
#include "image.h"

#include <errno.h>
#include <fcntl.h>
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

#include "../base/util.h"
#include "jpegerr.h"
#include "svg.h"

/* CAIRO_MAX_SIDE: the largest image surface cairo makes (pixman's limit):
 * a PNG is decoded into one, so a larger one is refused when probed. */
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

static bool probe_jpeg(const char *path, const unsigned char *buf, size_t len,
                       pb_image_info *info, pb_diags *d)
{
    struct jpeg_decompress_struct cinfo;
    pb_jpegerr err;
    pb_jpegerr_init(&cinfo, &err);
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
    pb_jpegerr err;
    pb_jpegerr_init(&cinfo, &err);
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

/* ---- SVG (parsed by svg.c) ----------------------------------------------- */

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

/* noinline: jpeg_decoded() (output/image.c) calls it before its setjmp, and
 * inlined there (by link-time optimization), its locals would draw gcc's
 * -Wclobbered */
__attribute__((noinline)) char *pb_image_read(const char *path, size_t *len, pb_diags *d)
{
    char *buf;
    struct stat st;
    return cache_get(path, NULL, NULL, &buf, len, d)
               ? buf
               : read_file(path, MAX_IMAGE_BYTES, len, &st, d);
}
