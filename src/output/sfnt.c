/* The OpenType container (OpenType spec 1.9, "Organization of an OpenType
 * Font"; "head", "hhea", "hmtx", "maxp", "post"). Font files here are read
 * with pread, a piece at a time, rather than mapped: a subset needs a few
 * hundred scattered glyphs of a 20 MB file, and on the virtual machines this
 * runs on, a page fault on a mapped file costs about ten times what reading
 * the same bytes does. */
#include "sfnt.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/util.h"

static uint32_t tag_of(const char *s)
{
    return (uint32_t)(uint8_t)s[0] << 24 | (uint32_t)(uint8_t)s[1] << 16 |
           (uint32_t)(uint8_t)s[2] << 8 | (uint8_t)s[3];
}

bool pb_sfnt_read(const pb_sfnt *f, uint64_t off, size_t len, void *buf)
{
    uint8_t *p = buf;
    while (len > 0) {
        ssize_t n = pread(f->fd, p, len, (off_t)off);
        if (n <= 0)
            return false;
        p += n, off += (uint64_t)n, len -= (size_t)n;
    }
    return true;
}

static bool read_directory(pb_sfnt *f, unsigned int index, uint64_t size)
{
    uint8_t h[12];
    uint64_t dir = 0;
    if (!pb_sfnt_read(f, 0, sizeof h, h))
        return false;
    if (!memcmp(h, "ttcf", 4)) {
        uint8_t o[4];
        if (index >= pb_be32(h + 8) || !pb_sfnt_read(f, 12 + 4 * (uint64_t)index, 4, o))
            return false;
        dir = pb_be32(o);
        if (!pb_sfnt_read(f, dir, sizeof h, h))
            return false;
    } else if (index != 0) {
        return false;
    }
    f->version = pb_be32(h);
    if (f->version != 0x00010000 && f->version != tag_of("OTTO") && f->version != tag_of("true"))
        return false;
    unsigned n = pb_be16(h + 4);
    if (n == 0 || n > PB_SFNT_MAX_TABLES)
        return false;
    uint8_t rec[16 * PB_SFNT_MAX_TABLES];
    if (!pb_sfnt_read(f, dir + 12, 16 * (size_t)n, rec))
        return false;
    for (unsigned i = 0; i < n; i++) {
        const uint8_t *r = rec + 16 * i;
        pb_sfnt_table t = {pb_be32(r), pb_be32(r + 8), pb_be32(r + 12)};
        if ((uint64_t)t.offset + t.length > size)
            return false;
        f->tables[f->ntables++] = t;
    }
    return true;
}

bool pb_sfnt_open(pb_sfnt *f, const char *path, unsigned int index)
{
    memset(f, 0, sizeof *f);
    f->fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    return f->fd >= 0 && fstat(f->fd, &st) == 0 && S_ISREG(st.st_mode) &&
           read_directory(f, index, (uint64_t)st.st_size);
}

void pb_sfnt_close(pb_sfnt *f)
{
    if (f->fd >= 0)
        close(f->fd);
    f->fd = -1;
}

const uint8_t *pb_sfnt_table_in(const uint8_t *font, size_t len, const char *tag, uint32_t *tlen)
{
    uint32_t n = len >= 12 ? pb_be16(font + 4) : 0, want = tag_of(tag);
    for (uint32_t i = 0; i < n && 12 + 16 * (size_t)(i + 1) <= len; i++) {
        const uint8_t *r = font + 12 + 16 * i;
        uint32_t off = pb_be32(r + 8), l = pb_be32(r + 12);
        if (pb_be32(r) == want && off <= len && l <= len - off) {
            *tlen = l;
            return font + off;
        }
    }
    return NULL;
}

const pb_sfnt_table *pb_sfnt_find(const pb_sfnt *f, const char *tag)
{
    uint32_t t = tag_of(tag);
    for (int i = 0; i < f->ntables; i++)
        if (f->tables[i].tag == t)
            return &f->tables[i];
    return NULL;
}

uint8_t *pb_sfnt_load(const pb_sfnt *f, const char *tag, size_t max, uint32_t *len)
{
    const pb_sfnt_table *t = pb_sfnt_find(f, tag);
    if (!t || t->length == 0)
        return NULL;
    size_t n = max && max < t->length ? max : t->length;
    uint8_t *buf = pb_xmalloc(n);
    if (!pb_sfnt_read(f, t->offset, n, buf)) {
        free(buf);
        return NULL;
    }
    *len = (uint32_t)n;
    return buf;
}

void pb_sfnt_add(pb_sfnt_writer *w, const char *tag, uint8_t *data, size_t len)
{
    if (w->n == PB_SFNT_MAX_TABLES)
        abort(); /* a programming error: subsets write a dozen tables */
    w->t[w->n].tag = tag_of(tag);
    w->t[w->n].data = data;
    w->t[w->n].len = len;
    w->n++;
}

void pb_sfnt_writer_fini(pb_sfnt_writer *w)
{
    for (int i = 0; i < w->n; i++)
        free(w->t[i].data);
    w->n = 0;
}

static uint32_t checksum(const uint8_t *p, size_t len)
{
    uint32_t sum = 0;
    size_t i = 0;
    for (; i + 4 <= len; i += 4)
        sum += pb_be32(p + i);
    if (i < len) {
        uint8_t b[4] = {0};
        memcpy(b, p + i, len - i);
        sum += pb_be32(b);
    }
    return sum;
}

static int by_tag(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

uint8_t *pb_sfnt_write(pb_sfnt_writer *w, uint32_t version, size_t *len)
{
    /* sort the entries by tag: the tag is each entry's first member */
    qsort(w->t, (size_t)w->n, sizeof w->t[0], by_tag);
    size_t head = 12 + 16 * (size_t)w->n, total = head;
    for (int i = 0; i < w->n; i++)
        total += (w->t[i].len + 3) & ~(size_t)3;
    uint8_t *out = pb_xcalloc(1, total);
    unsigned pow2 = 1, log2 = 0;
    while (pow2 * 2 <= (unsigned)w->n)
        pow2 *= 2, log2++;
    pb_put32(out, version);
    pb_put16(out + 4, (uint32_t)w->n);
    pb_put16(out + 6, pow2 * 16);
    pb_put16(out + 8, log2);
    pb_put16(out + 10, (unsigned)w->n * 16 - pow2 * 16);
    size_t at = head;
    uint8_t *head_table = NULL;
    for (int i = 0; i < w->n; i++) {
        uint8_t *r = out + 12 + 16 * i;
        memcpy(out + at, w->t[i].data, w->t[i].len);
        pb_put32(r, w->t[i].tag);
        pb_put32(r + 4, checksum(out + at, w->t[i].len));
        pb_put32(r + 8, (uint32_t)at);
        pb_put32(r + 12, (uint32_t)w->t[i].len);
        if (w->t[i].tag == tag_of("head") && w->t[i].len >= 12)
            head_table = out + at;
        at += (w->t[i].len + 3) & ~(size_t)3;
    }
    if (head_table)
        pb_put32(head_table + 8, 0xB1B0AFBAu - checksum(out, total));
    pb_sfnt_writer_fini(w);
    *len = total;
    return out;
}

/* hmtx of the subset: every glyph gets a full (advance, lsb) pair. */
static uint8_t *subset_hmtx(const pb_sfnt *f, uint32_t nmetrics, const uint32_t *old, int n)
{
    uint32_t len;
    uint8_t *src = pb_sfnt_load(f, "hmtx", 0, &len);
    if (!src || nmetrics == 0 || len < 4 * nmetrics) {
        free(src);
        return NULL;
    }
    uint8_t *out = pb_xcalloc((size_t)n, 4);
    for (int i = 0; i < n; i++) {
        uint32_t g = old[i];
        uint32_t adv = pb_be16(src + 4 * (g < nmetrics ? g : nmetrics - 1));
        size_t lsb_at = g < nmetrics ? 4 * (size_t)g + 2 : 4 * (size_t)nmetrics + 2 * (g - nmetrics);
        pb_put16(out + 4 * i, adv);
        if (lsb_at + 2 <= len)
            memcpy(out + 4 * i + 2, src + lsb_at, 2);
    }
    free(src);
    return out;
}

bool pb_sfnt_add_common(pb_sfnt_writer *w, const pb_sfnt *f, const uint32_t *old, int n,
                        int loca_format)
{
    uint32_t hl, hhl, ml;
    uint8_t *head = pb_sfnt_load(f, "head", 0, &hl);
    uint8_t *hhea = pb_sfnt_load(f, "hhea", 0, &hhl);
    uint8_t *maxp = pb_sfnt_load(f, "maxp", 0, &ml);
    uint8_t *hmtx = head && hl >= 54 && hhea && hhl >= 36 && maxp && ml >= 6
                        ? subset_hmtx(f, pb_be16(hhea + 34), old, n)
                        : NULL;
    if (!hmtx) {
        free(head), free(hhea), free(maxp);
        return false;
    }
    pb_put32(head + 8, 0);              /* checkSumAdjustment, set when written */
    pb_put16(head + 50, (uint32_t)loca_format);
    pb_put16(hhea + 34, (uint32_t)n);   /* numberOfHMetrics */
    if (f->version == 0x4F54544F) {     /* 'OTTO': maxp 0.5 */
        ml = 6;
        pb_put32(maxp, 0x00005000);
    } else if (ml >= 32) {
        ml = 32;
        pb_put16(maxp + 26, 0);         /* maxSizeOfInstructions: none kept */
    }
    pb_put16(maxp + 4, (uint32_t)n);
    pb_sfnt_add(w, "head", head, hl);
    pb_sfnt_add(w, "hhea", hhea, hhl);
    pb_sfnt_add(w, "hmtx", hmtx, 4 * (size_t)n);
    pb_sfnt_add(w, "maxp", maxp, ml);
    uint32_t len;
    uint8_t *t;
    if ((t = pb_sfnt_load(f, "OS/2", 0, &len)))
        pb_sfnt_add(w, "OS/2", t, len);
    if ((t = pb_sfnt_load(f, "name", 0, &len)))
        pb_sfnt_add(w, "name", t, len);
    if ((t = pb_sfnt_load(f, "post", 32, &len)) && len == 32) {
        pb_put32(t, 0x00030000); /* no glyph names */
        pb_sfnt_add(w, "post", t, len);
    } else {
        free(t);
    }
    return true;
}
