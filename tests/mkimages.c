/* mkimages DIR: writes the test photos tests/images.py needs — each one a
 * case the figure code must handle — so no binary test data is committed.
 *   cmyk.jpg       Adobe CMYK JPEG, solid cyan (stored inverted, as Photoshop does)
 *   rotated.jpg    200x100, left half red, right half blue, EXIF orientation 6
 *   lowres.jpg     120x80 RGB
 *   photo.jpg      1600x1000 RGB (enough pixels for any column)
 *   truncated.jpg  the first half of photo.jpg
 *   notimage.jpg   text
 *   huge.png       a PNG header claiming 50000x50000 pixels
 *   corrupt.png    a PNG signature and noise */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
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
    f = open_in(dir, "rotated.jpg");
    write_jpeg(f, 400, 200, 3, red_blue, EXIF_ORIENT6, sizeof EXIF_ORIENT6);
    fclose(f);
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
    free(buf);
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
