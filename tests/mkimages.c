/* mkimages DIR: writes the test photos tests/images.py needs — each one a
 * case the figure code must handle — so no binary test data is committed.
 *   cmyk.jpg       Adobe CMYK JPEG, solid cyan (stored inverted, as Photoshop does)
 *   cmyk4.jpg      Adobe CMYK JPEG 400x300 in quadrants: cyan, magenta / yellow, black
 *   rotated.jpg    200x100, left half red, right half blue, EXIF orientation 6
 *   orientN.jpg    N = 2..8: EXIF orientation N over pixels stored so that, shown
 *                  upright, the photo is 300x200 with quadrants red, green /
 *                  blue, yellow (the test finds each colour where it belongs)
 *   lowres.jpg     120x80 RGB
 *   photo.jpg      1600x1000 RGB (enough pixels for any column)
 *   truncated.jpg  the first half of photo.jpg
 *   notimage.jpg   text
 *   huge.png       a PNG header claiming 50000x50000 pixels
 *   corrupt.png    a PNG signature and noise
 *   wide.png       40000x4: wider than a cairo surface can be
 *   wide.jpg       40000x16 (--png decoded it into a surface cairo could not make)
 *   bitrot.jpg     photo.jpg with 64 bytes in the middle of its body overwritten
 *   nohuff.jpg     photo.jpg without its Huffman tables (DHT segments)
 *   animated.webp  64x48, two frames: red, then blue
 *   badbody.png    a sound header (64x48) over a damaged body: it probes well
 *                  and fails only when decoded */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <webp/encode.h>
#include <zlib.h>

static FILE *open_in(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(1);
    }
    return f;
}

typedef void (*pixel_fn)(int x, int y, int w, int h, unsigned char *out);

static void write_jpeg(FILE *f, int w, int h, int comps, pixel_fn px, const unsigned char *app1,
                       size_t app1_len)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr e;
    c.err = jpeg_std_error(&e);
    jpeg_create_compress(&c);
    jpeg_stdio_dest(&c, f);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = comps;
    c.in_color_space = comps == 4 ? JCS_CMYK : JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 90, TRUE);
    jpeg_start_compress(&c, TRUE);
    if (app1)
        jpeg_write_marker(&c, JPEG_APP0 + 1, app1, (unsigned)app1_len);
    unsigned char *row = malloc((size_t)w * comps);
    while (c.next_scanline < c.image_height) {
        for (int x = 0; x < w; x++)
            px(x, (int)c.next_scanline, w, h, row + x * comps);
        JSAMPROW r = row;
        jpeg_write_scanlines(&c, &r, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    free(row);
}

static void cyan_inverted(int x, int y, int w, int h, unsigned char *o)
{
    (void)x, (void)y, (void)w, (void)h;
    o[0] = 0, o[1] = 255, o[2] = 255, o[3] = 255; /* C=100% M=Y=K=0, inverted */
}

static void red_blue(int x, int y, int w, int h, unsigned char *o)
{
    (void)y, (void)h;
    bool left = x < w / 2;
    o[0] = left ? 220 : 20, o[1] = 20, o[2] = left ? 20 : 220;
}

static void gradient(int x, int y, int w, int h, unsigned char *o)
{
    o[0] = (unsigned char)(x * 255 / w), o[1] = (unsigned char)(y * 255 / h), o[2] = 120;
}

/* Adobe CMYK, inverted as Photoshop stores it: C, M / Y, K at 100% */
static void cmyk_quadrants(int x, int y, int w, int h, unsigned char *o)
{
    int q = (x >= w / 2) + 2 * (y >= h / 2);
    for (int k = 0; k < 4; k++)
        o[k] = k == q ? 0 : 255;
}

/* The upright picture every orientN.jpg shows: red, green / blue, yellow. */
static void quadrants(int x, int y, int w, int h, unsigned char *o)
{
    static const unsigned char rgb[4][3] = {{220, 20, 20}, {20, 200, 20}, {20, 20, 220}, {230, 220, 20}};
    memcpy(o, rgb[(x >= w / 2) + 2 * (y >= h / 2)], 3);
}

/* The stored pixel (sx, sy) of an image whose EXIF orientation is `orient`
 * is the upright pixel the viewer's transform takes it to (TIFF 6.0 tag
 * 0x0112; 5..8 store the picture transposed: w and h are the stored ones). */
static int orient;
static void oriented(int sx, int sy, int w, int h, unsigned char *o)
{
    int x = sx, y = sy, uw = w, uh = h;
    if (orient >= 5)
        uw = h, uh = w;
    switch (orient) {
    case 2: x = w - 1 - sx; break;
    case 3: x = w - 1 - sx, y = h - 1 - sy; break;
    case 4: y = h - 1 - sy; break;
    case 5: x = sy, y = sx; break;
    case 6: x = h - 1 - sy, y = sx; break;
    case 7: x = h - 1 - sy, y = w - 1 - sx; break;
    case 8: x = sy, y = w - 1 - sx; break;
    }
    quadrants(x, y, uw, uh, o);
}

/* EXIF (big-endian TIFF) with one entry: Orientation = 6 */
static const unsigned char EXIF_ORIENT6[] = {
    'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8, /* header, IFD0 at 8 */
    0, 1,                                                  /* one entry */
    0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0,              /* 0x0112 SHORT 1 = 6 */
    0, 0, 0, 0};                                           /* no next IFD */

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

static void chunk(FILE *f, const char *type, const unsigned char *data, uint32_t len)
{
    unsigned char h[8];
    put32(h, len);
    memcpy(h + 4, type, 4);
    fwrite(h, 1, 8, f);
    if (len)
        fwrite(data, 1, len, f);
    uLong crc = crc32(crc32(0, (const Bytef *)type, 4), data, len);
    unsigned char c[4];
    put32(c, (uint32_t)crc);
    fwrite(c, 1, 4, f);
}

static void put24le(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8), p[2] = (unsigned char)(v >> 16);
}

static void riff_chunk(FILE *f, const char *type, const unsigned char *data, uint32_t len)
{
    unsigned char h[8];
    memcpy(h, type, 4);
    h[4] = (unsigned char)len, h[5] = (unsigned char)(len >> 8);
    h[6] = (unsigned char)(len >> 16), h[7] = (unsigned char)(len >> 24);
    fwrite(h, 1, 8, f);
    fwrite(data, 1, len, f);
    if (len & 1)
        fputc(0, f);
}

/* An animated WebP of w x h whose frames are solid colours (RGBA), each a
 * lossless frame covering the canvas, put together by hand (RIFF: VP8X,
 * ANIM, one ANMF a frame) so libwebpmux is not needed. */
static void write_animated_webp(FILE *f, int w, int h, const uint32_t *colours, int n)
{
    unsigned char *body = NULL;
    size_t blen = 0;
    for (int i = 0; i < n; i++) {
        unsigned char *rgba = malloc((size_t)w * h * 4), *out = NULL;
        for (int k = 0; k < w * h; k++)
            for (int c = 0; c < 4; c++)
                rgba[4 * k + c] = (unsigned char)(colours[i] >> (24 - 8 * c));
        size_t size = WebPEncodeLosslessRGBA(rgba, w, h, 4 * w, &out);
        free(rgba);
        /* out is RIFF(12) + the VP8L chunk: the frame takes the chunk */
        size_t vp8l = size - 12, flen = 16 + vp8l;
        body = realloc(body, blen + 8 + flen + 1);
        unsigned char *a = body + blen;
        memcpy(a, "ANMF", 4);
        a[4] = (unsigned char)flen, a[5] = (unsigned char)(flen >> 8);
        a[6] = (unsigned char)(flen >> 16), a[7] = (unsigned char)(flen >> 24);
        put24le(a + 8, 0), put24le(a + 11, 0); /* x/2, y/2 */
        put24le(a + 14, (uint32_t)w - 1), put24le(a + 17, (uint32_t)h - 1);
        put24le(a + 20, 100), a[23] = 0; /* 100 ms, blend, keep */
        memcpy(a + 24, out + 12, vp8l);
        blen += 8 + flen;
        if (flen & 1)
            body[blen++] = 0;
        WebPFree(out);
    }
    unsigned char vp8x[10] = {0x02 | 0x10}, anim[6] = {0};
    put24le(vp8x + 4, (uint32_t)w - 1), put24le(vp8x + 7, (uint32_t)h - 1);
    uint32_t riff = 4 + (8 + 10) + (8 + 6) + (uint32_t)blen;
    unsigned char head[12] = {'R',
                              'I',
                              'F',
                              'F',
                              (unsigned char)riff,
                              (unsigned char)(riff >> 8),
                              (unsigned char)(riff >> 16),
                              (unsigned char)(riff >> 24),
                              'W',
                              'E',
                              'B',
                              'P'};
    fwrite(head, 1, 12, f);
    riff_chunk(f, "VP8X", vp8x, 10);
    riff_chunk(f, "ANIM", anim, 6);
    fwrite(body, 1, blen, f);
    free(body);
}

/* A PNG of w x h grey pixels (one IDAT). */
static void write_grey_png(FILE *f, int w, int h)
{
    fwrite("\x89PNG\r\n\x1a\n", 1, 8, f);
    unsigned char ihdr[13];
    put32(ihdr, (uint32_t)w);
    put32(ihdr + 4, (uint32_t)h);
    ihdr[8] = 8, ihdr[9] = 0, ihdr[10] = ihdr[11] = ihdr[12] = 0;
    chunk(f, "IHDR", ihdr, 13);
    size_t raw = (size_t)(w + 1) * h;
    unsigned char *px = malloc(raw);
    for (size_t i = 0; i < raw; i++)
        px[i] = i % (size_t)(w + 1) ? 128 : 0;
    uLongf n = compressBound(raw);
    unsigned char *z = malloc(n);
    compress2(z, &n, px, raw, 9);
    chunk(f, "IDAT", z, (uint32_t)n);
    chunk(f, "IEND", NULL, 0);
    free(px), free(z);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: mkimages DIR\n");
        return 2;
    }
    const char *dir = argv[1];
    FILE *f = open_in(dir, "cmyk.jpg");
    write_jpeg(f, 400, 300, 4, cyan_inverted, NULL, 0);
    fclose(f);
    f = open_in(dir, "cmyk4.jpg");
    write_jpeg(f, 400, 300, 4, cmyk_quadrants, NULL, 0);
    fclose(f);
    f = open_in(dir, "rotated.jpg");
    write_jpeg(f, 400, 200, 3, red_blue, EXIF_ORIENT6, sizeof EXIF_ORIENT6);
    fclose(f);
    for (orient = 2; orient <= 8; orient++) {
        unsigned char exif[sizeof EXIF_ORIENT6];
        memcpy(exif, EXIF_ORIENT6, sizeof exif);
        exif[25] = (unsigned char)orient; /* the entry's SHORT value */
        char name[32];
        snprintf(name, sizeof name, "orient%d.jpg", orient);
        f = open_in(dir, name);
        write_jpeg(f, orient >= 5 ? 200 : 300, orient >= 5 ? 300 : 200, 3, oriented, exif, sizeof exif);
        fclose(f);
    }
    f = open_in(dir, "lowres.jpg");
    write_jpeg(f, 120, 80, 3, gradient, NULL, 0);
    fclose(f);
    f = open_in(dir, "photo.jpg");
    write_jpeg(f, 1600, 1000, 3, gradient, NULL, 0);
    long size = ftell(f);
    fclose(f);
    char path[4096];
    snprintf(path, sizeof path, "%s/photo.jpg", dir);
    FILE *in = fopen(path, "rb");
    unsigned char *buf = malloc((size_t)size);
    size_t n = fread(buf, 1, (size_t)size, in);
    fclose(in);
    f = open_in(dir, "truncated.jpg");
    fwrite(buf, 1, n / 2, f);
    fclose(f);
    /* bit rot: 64 bytes of the entropy-coded body replaced (no FF: no markers) */
    unsigned char *rot = malloc(n);
    memcpy(rot, buf, n);
    for (size_t i = n / 2; i < n / 2 + 64; i++)
        rot[i] = (unsigned char)((i * 131 + 7) % 255);
    f = open_in(dir, "bitrot.jpg");
    fwrite(rot, 1, n, f);
    fclose(f);
    /* the Huffman tables taken out: the segments FF C4 before the first scan */
    size_t m = 0;
    for (size_t i = 0; i < n;) {
        if (i + 4 <= n && buf[i] == 0xFF && buf[i + 1] == 0xC4) {
            i += 2 + ((size_t)buf[i + 2] << 8 | buf[i + 3]);
            continue;
        }
        if (i + 1 < n && buf[i] == 0xFF && buf[i + 1] == 0xDA) { /* the scan: copy the rest */
            memcpy(rot + m, buf + i, n - i);
            m += n - i;
            break;
        }
        rot[m++] = buf[i++];
    }
    f = open_in(dir, "nohuff.jpg");
    fwrite(rot, 1, m, f);
    fclose(f);
    free(rot);
    free(buf);
    f = open_in(dir, "wide.png");
    write_grey_png(f, 40000, 4);
    fclose(f);
    f = open_in(dir, "wide.jpg");
    write_jpeg(f, 40000, 16, 3, gradient, NULL, 0);
    fclose(f);
    f = open_in(dir, "badbody.png");
    fwrite("\x89PNG\r\n\x1a\n", 1, 8, f);
    unsigned char head[13] = {0, 0, 0, 64, 0, 0, 0, 48, 8, 2, 0, 0, 0}; /* 8-bit RGB */
    chunk(f, "IHDR", head, 13);
    unsigned char junk[200] = {0x78, 0x9C};
    for (int i = 2; i < 200; i++)
        junk[i] = (unsigned char)(i * 37 + 11);
    chunk(f, "IDAT", junk, sizeof junk);
    chunk(f, "IEND", NULL, 0);
    fclose(f);
    f = open_in(dir, "animated.webp");
    write_animated_webp(f, 64, 48, (const uint32_t[]){0xDC1414FF, 0x1414DCFF}, 2);
    fclose(f);
    f = open_in(dir, "notimage.jpg");
    fputs("这不是图片，是一段文字。\n", f);
    fclose(f);
    f = open_in(dir, "huge.png");
    fwrite("\x89PNG\r\n\x1a\n", 1, 8, f);
    unsigned char ihdr[13];
    put32(ihdr, 50000);
    put32(ihdr + 4, 50000);
    ihdr[8] = 8, ihdr[9] = 2, ihdr[10] = ihdr[11] = ihdr[12] = 0;
    chunk(f, "IHDR", ihdr, 13);
    chunk(f, "IEND", NULL, 0);
    fclose(f);
    f = open_in(dir, "corrupt.png");
    fwrite("\x89PNG\r\n\x1a\n", 1, 8, f);
    for (int i = 0; i < 500; i++)
        fputc((i * 7919) & 0xFF, f);
    fclose(f);
    return 0;
}
