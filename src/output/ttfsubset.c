/* Subsetting a TrueType-outline font (OpenType spec, "glyf", "loca"). The
 * glyphs kept are copied with their instructions removed (print uses the
 * outlines as drawn, as the CFF subsetter does with hints); a composite
 * glyph brings the glyphs it is made of, and its component references are
 * renumbered. loca is written in its long form. */
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "ttfsubset.h"

enum {
    ARG_WORDS = 0x0001,
    HAVE_SCALE = 0x0008,
    MORE = 0x0020,
    HAVE_XY_SCALE = 0x0040,
    HAVE_2X2 = 0x0080,
    HAVE_INSTRUCTIONS = 0x0100,
};

typedef struct {
    const pb_sfnt *f;
    uint32_t glyf_at, glyf_len;
    uint32_t *loca; /* nglyphs + 1 byte offsets into glyf */
    uint32_t nglyphs;
} ttf;

static bool read_loca(ttf *t)
{
    uint32_t hl, ll, ml;
    uint8_t *head = pb_sfnt_load(t->f, "head", 0, &hl);
    uint8_t *maxp = pb_sfnt_load(t->f, "maxp", 6, &ml);
    uint8_t *loca = pb_sfnt_load(t->f, "loca", 0, &ll);
    const pb_sfnt_table *glyf = pb_sfnt_find(t->f, "glyf");
    bool ok = head && hl >= 54 && maxp && ml >= 6 && loca && glyf;
    if (ok) {
        bool longs = pb_be16(head + 50) == 1;
        t->nglyphs = pb_be16(maxp + 4);
        t->glyf_at = glyf->offset, t->glyf_len = glyf->length;
        ok = ll >= (t->nglyphs + 1) * (longs ? 4 : 2);
        t->loca = ok ? pb_xmalloc((t->nglyphs + 1) * sizeof *t->loca) : NULL;
        for (uint32_t i = 0; ok && i <= t->nglyphs; i++) {
            t->loca[i] = longs ? pb_be32(loca + 4 * i) : 2 * pb_be16(loca + 2 * i);
            ok = t->loca[i] <= t->glyf_len && (i == 0 || t->loca[i] >= t->loca[i - 1]);
        }
    }
    free(head), free(maxp), free(loca);
    return ok;
}

/* The size of a composite's component record starting at p. */
static size_t component_size(uint32_t flags)
{
    size_t n = 4 + (flags & ARG_WORDS ? 4 : 2);
    if (flags & HAVE_SCALE)
        n += 2;
    else if (flags & HAVE_XY_SCALE)
        n += 4;
    else if (flags & HAVE_2X2)
        n += 8;
    return n;
}

/* Call fn(ctx, &component glyph id field) for each component of a composite;
 * returns the byte length of the component records, 0 on bad data. */
static size_t components(uint8_t *g, size_t len, void (*fn)(void *, uint8_t *), void *ctx)
{
    size_t at = 10;
    uint32_t flags;
    do {
        if (at + 4 > len)
            return 0;
        flags = pb_be16(g + at);
        size_t n = component_size(flags);
        if (at + n > len)
            return 0;
        fn(ctx, g + at + 2);
        at += n;
    } while (flags & MORE);
    return at;
}

typedef PB_VEC(uint32_t) u32vec;

/* The glyphs kept: a bitmap of the font's glyphs, and each one's data. */
typedef struct {
    uint8_t *kept;   /* nglyphs bits */
    uint8_t **data;  /* per glyph id, read once */
    size_t *len;
    u32vec list;     /* kept glyph ids, ascending once closed */
} glyph_set;

static bool is_kept(const glyph_set *s, uint32_t g) { return s->kept[g >> 3] >> (g & 7) & 1; }

static void keep(glyph_set *s, uint32_t g)
{
    s->kept[g >> 3] |= (uint8_t)(1 << (g & 7));
    PB_PUSH(s->list, g);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Read the glyphs list[from..) (ascending), nearby ones in one read. */
static bool read_glyphs(const ttf *t, glyph_set *s, size_t from)
{
    for (size_t i = from; i < s->list.n;) {
        size_t j = i + 1;
        uint32_t lo = t->loca[s->list.v[i]], hi = t->loca[s->list.v[i] + 1];
        /* a gap of up to 16 KB is read through: cheaper than another read */
        while (j < s->list.n && t->loca[s->list.v[j]] >= hi && t->loca[s->list.v[j]] - hi < (16 << 10) &&
               t->loca[s->list.v[j] + 1] - lo < (1 << 20))
            hi = t->loca[s->list.v[j++] + 1];
        uint8_t *run = hi > lo ? pb_xmalloc(hi - lo) : NULL;
        if (run && !pb_sfnt_read(t->f, (uint64_t)t->glyf_at + lo, hi - lo, run)) {
            free(run);
            return false;
        }
        for (size_t k = i; k < j; k++) { /* each glyph gets its own copy: strip() edits it */
            uint32_t g = s->list.v[k], len = t->loca[g + 1] - t->loca[g];
            s->len[g] = len;
            s->data[g] = len ? pb_xmalloc(len) : NULL;
            if (len)
                memcpy(s->data[g], run + (t->loca[g] - lo), len);
            if (len && len < 10)
                return free(run), false;
        }
        free(run);
        i = j;
    }
    return true;
}

typedef struct {
    glyph_set *s;
    uint32_t nglyphs;
    bool bad;
} closure;

static void note_component(void *ctx, uint8_t *id)
{
    closure *c = ctx;
    uint32_t g = pb_be16(id);
    if (g >= c->nglyphs)
        c->bad = true;
    else if (!is_kept(c->s, g))
        keep(c->s, g);
}

/* Add the glyphs the composites are made of, until none is new; then sort. */
static bool close_over_components(const ttf *t, glyph_set *s)
{
    closure c = {s, t->nglyphs, false};
    for (size_t done = 0; done < s->list.n && !c.bad;) {
        size_t from = done;
        if (!read_glyphs(t, s, from))
            return false;
        for (size_t end = s->list.n; done < end && !c.bad; done++) {
            uint32_t g = s->list.v[done];
            if (s->data[g] && (int16_t)pb_be16(s->data[g]) < 0 &&
                !components(s->data[g], s->len[g], note_component, &c))
                c.bad = true;
        }
    }
    qsort(s->list.v, s->list.n, sizeof *s->list.v, cmp_u32);
    return !c.bad;
}

static void renumber_component(void *ctx, uint8_t *id)
{
    const u32vec *g = ctx;
    uint32_t old = pb_be16(id);
    const uint32_t *at = bsearch(&old, g->v, g->n, sizeof old, cmp_u32);
    pb_put16(id, at ? (uint32_t)(at - g->v) : 0);
}

/* A glyph without its instructions; components renumbered. New length, 0 on
 * bad data. */
static size_t strip(uint8_t *g, size_t len, const u32vec *glyphs)
{
    int contours = (int16_t)pb_be16(g);
    if (contours < 0) {
        size_t end = components(g, len, renumber_component, (void *)glyphs);
        for (size_t at = 10; end && at < end;) {
            uint32_t flags = pb_be16(g + at);
            pb_put16(g + at, flags & ~(uint32_t)HAVE_INSTRUCTIONS);
            at += component_size(flags);
        }
        return end;
    }
    size_t at = 10 + 2 * (size_t)contours;
    if (at + 2 > len)
        return 0;
    size_t ins = pb_be16(g + at);
    if (at + 2 + ins > len)
        return 0;
    memmove(g + at + 2, g + at + 2 + ins, len - at - 2 - ins);
    pb_put16(g + at, 0);
    return len - ins;
}

/* glyf and loca of the subset. */
static bool write_glyf(glyph_set *s, pb_sfnt_writer *w)
{
    size_t total = 0;
    for (size_t i = 0; i < s->list.n; i++) {
        uint32_t g = s->list.v[i];
        if (s->data[g] && (s->len[g] = strip(s->data[g], s->len[g], &s->list)) == 0)
            return false;
        total += (s->len[g] + 3) & ~(size_t)3;
    }
    uint8_t *glyf = pb_xcalloc(1, total ? total : 4), *loca = pb_xmalloc(4 * (s->list.n + 1));
    size_t at = 0;
    for (size_t i = 0; i < s->list.n; i++) {
        uint32_t g = s->list.v[i];
        pb_put32(loca + 4 * i, (uint32_t)at);
        if (s->data[g])
            memcpy(glyf + at, s->data[g], s->len[g]);
        at += (s->len[g] + 3) & ~(size_t)3;
    }
    pb_put32(loca + 4 * s->list.n, (uint32_t)at);
    pb_sfnt_add(w, "glyf", glyf, total ? total : 4);
    pb_sfnt_add(w, "loca", loca, 4 * (s->list.n + 1));
    return true;
}

uint8_t *pb_ttf_subset(const pb_sfnt *f, uint32_t **old, int *n, size_t *len)
{
    ttf t = {.f = f};
    if (*n < 1 || (*old)[0] != 0 || !read_loca(&t) || (*old)[*n - 1] >= t.nglyphs) {
        free(t.loca);
        return NULL;
    }
    glyph_set s = {pb_xcalloc(t.nglyphs / 8 + 1, 1), pb_xcalloc(t.nglyphs, sizeof(uint8_t *)),
                   pb_xcalloc(t.nglyphs, sizeof(size_t)), {0}};
    for (int i = 0; i < *n; i++)
        keep(&s, (*old)[i]);
    pb_sfnt_writer w = {0};
    uint8_t *out = NULL;
    if (close_over_components(&t, &s) && write_glyf(&s, &w) &&
        pb_sfnt_add_common(&w, f, s.list.v, (int)s.list.n, 1)) {
        out = pb_sfnt_write(&w, 0x00010000, len);
        free(*old);
        *old = s.list.v;
        *n = (int)s.list.n;
        s.list.v = NULL;
    }
    pb_sfnt_writer_fini(&w);
    for (uint32_t g = 0; g < t.nglyphs; g++)
        free(s.data[g]);
    free(s.kept), free(s.data), free(s.len), free(s.list.v);
    free(t.loca);
    return out;
}
