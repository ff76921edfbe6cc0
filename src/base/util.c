#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *check(void *p)
{
    if (!p) {
        fputs("paiban: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *pb_xmalloc(size_t n) { return check(malloc(n ? n : 1)); }
void *pb_xcalloc(size_t n, size_t size) { return check(calloc(n ? n : 1, size ? size : 1)); }
void *pb_xrealloc(void *p, size_t n) { return check(realloc(p, n ? n : 1)); }
char *pb_xstrdup(const char *s) { return check(strdup(s)); }
char *pb_xstrndup(const char *s, size_t n) { return check(strndup(s, n)); }

char *pb_vstrdupf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    char *s = pb_xmalloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *pb_strdupf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = pb_vstrdupf(fmt, ap);
    va_end(ap);
    return s;
}

void pb_buf_add(pb_buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->s = pb_xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}

void pb_buf_adds(pb_buf *b, const char *s) { pb_buf_add(b, s, strlen(s)); }

void pb_buf_addf(pb_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = pb_vstrdupf(fmt, ap);
    va_end(ap);
    pb_buf_adds(b, s);
    free(s);
}

void pb_buf_fini(pb_buf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

uint32_t pb_utf8_decode(const char *str, size_t len, int *adv)
{
    const unsigned char *s = (const unsigned char *)str;
    *adv = 1;
    if (len == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80)
        return c;
    int n = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 && c < 0xF0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (n == 0 || (size_t)n > len)
        return 0xFFFD;
    uint32_t cp = c & (0x7F >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0xFFFD;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    /* reject overlong forms and surrogates */
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0xFFFD;
    *adv = n;
    return cp;
}

int pb_utf8_encode(uint32_t c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

long pb_utf8_invalid_at(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        int adv;
        uint32_t c = pb_utf8_decode(s + i, len - i, &adv);
        if (c == 0xFFFD && adv == 1 && !((unsigned char)s[i] == 0xEF && len - i >= 3 &&
                                         (unsigned char)s[i + 1] == 0xBF &&
                                         (unsigned char)s[i + 2] == 0xBD))
            return (long)i;
        i += (size_t)adv;
    }
    return -1;
}

char *pb_file_read(const char *path, size_t *len, size_t limit, pb_diags *d)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        pb_error(d, path, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    pb_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (limit && b.n + n > limit) {
            pb_error(d, path, 0, "file is larger than the limit of %zu bytes", limit);
            fclose(f);
            pb_buf_fini(&b);
            return NULL;
        }
        pb_buf_add(&b, chunk, n);
    }
    bool bad = ferror(f);
    int err = errno;
    fclose(f);
    if (bad) {
        pb_error(d, path, 0, "cannot read: %s", strerror(err));
        pb_buf_fini(&b);
        return NULL;
    }
    if (!b.s)
        b.s = pb_xcalloc(1, 1);
    *len = b.n;
    return b.s;
}

char *pb_path_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return pb_xstrdup(".");
    if (slash == path)
        return pb_xstrdup("/");
    return pb_xstrndup(path, (size_t)(slash - path));
}

char *pb_path_join(const char *dir, const char *rel)
{
    if (rel[0] == '/' || !dir || !*dir)
        return pb_xstrdup(rel);
    return pb_strdupf("%s/%s", dir, rel);
}

char *pb_path_stem(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    return pb_xstrndup(base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

bool pb_path_inside(const char *path, const char *dir)
{
    char *rp = realpath(path, NULL), *rd = realpath(dir ? dir : ".", NULL);
    size_t n = rd ? strlen(rd) : 0;
    bool in =
        !rp || !rd || (strncmp(rp, rd, n) == 0 && (rp[n] == '/' || rp[n] == 0 || !strcmp(rd, "/")));
    free(rp);
    free(rd);
    return in;
}
