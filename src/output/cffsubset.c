/* Subsetting a CID-keyed CFF font (Adobe Technical Notes #5176, "The Compact
 * Font Format Specification", and #5177, "The Type 2 Charstring Format").
 * Noto CJK is such a font: 65,535 glyphs whose outlines share some 32,000
 * subroutines, spread over 19 font dictionaries. A page uses a few hundred.
 *
 * Each glyph kept is flattened: its charstring is interpreted just far enough
 * to follow callsubr and callgsubr (the subroutine number is the operand
 * pushed last; the call and its operand are replaced by the subroutine's
 * body, whose trailing return is dropped), and the hint operators are left
 * out (stems, hintmask and cntrmask with their mask bytes; a glyph's advance
 * width, when it rides on the first stem operator, is kept in front of the
 * next operator, where the format also allows it). What is left is the
 * outline itself. For a few hundred glyphs this is smaller than keeping the
 * subroutines, and it is what libharfbuzz-subset makes with
 * HB_SUBSET_FLAGS_DESUBROUTINIZE and NO_HINTING, at a fraction of its cost:
 * only the bytes of the glyphs and subroutines used are read.
 *
 * The new font keeps the glyphs in the order asked (glyph i of the subset is
 * old[i]; charset maps it to CID i), the font dictionaries the glyphs use
 * (their Private dictionaries without Subrs), and a Top DICT with ROS
 * Adobe-Identity-0. Anything not understood (a name-keyed font, arithmetic
 * operators, seac accents, offsets out of range) makes the subsetter give
 * up; the font is then left to cairo, which embeds it itself
 * (fontsubset.c). */
#include "cffsubset.h"

#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/util.h"

enum { MAX_DEPTH = 10, MAX_ARGS = 48, MAX_STEMS = 96 };

/* A CFF INDEX: count items, their offsets (offsize bytes each) at off_at,
 * item i at data_at + offset[i] (relative to the CFF table). */
typedef struct {
    uint32_t count, off_at, data_at, end;
    uint8_t offsize;
    const uint8_t *raw; /* the offsets as stored, read on demand */
    const uint8_t *all; /* the whole INDEX from off_at, when read at once */
} cff_index;

typedef struct {
    cff_index subrs;   /* local subroutines, read whole when first called */
    uint8_t *private_dict;
    uint32_t private_len;
    const uint8_t *font_dict;
    uint32_t font_len;
    int new_index; /* -1: not used by the subset */
    bool read;     /* its dictionaries read (only those of glyphs kept are) */
} cff_fd;

typedef struct {
    const pb_sfnt *f;
    uint64_t base; /* the CFF table in the file */
    uint32_t size;
    pb_arena *a;
    PB_VEC(void *) reads; /* buffers read from the file, freed at the end */
    cff_index global; /* global subroutines, read whole when first called */
    cff_fd *fds;
    int nfds;
    cff_index fdarray;
} cff;

typedef PB_VEC(uint8_t) bytes;

static void reserve(bytes *b, size_t n)
{
    while (b->n + n > b->cap) {
        b->cap = b->cap ? 2 * b->cap : 256;
        b->v = pb_xrealloc(b->v, b->cap);
    }
}

static inline void put(bytes *b, const void *p, size_t n)
{
    if (b->n + n > b->cap)
        reserve(b, n);
    memcpy(b->v + b->n, p, n);
    b->n += n;
}

static void put_byte(bytes *b, uint8_t x) { put(b, &x, 1); }

/* len bytes at off of the CFF table, freed with c; NULL when out of range.
 * Not zeroed first: a read fills them. */
static uint8_t *fetch(cff *c, uint32_t off, uint32_t len)
{
    if ((uint64_t)off + len > c->size)
        return NULL;
    uint8_t *p = pb_xmalloc(len ? len : 1);
    PB_PUSH(c->reads, p);
    return pb_sfnt_read(c->f, c->base + off, len, p) ? p : NULL;
}

static uint32_t offset_at(const uint8_t *p, int size)
{
    uint32_t v = 0;
    for (int i = 0; i < size; i++)
        v = v << 8 | p[i];
    return v;
}

/* The header of the INDEX at off (its offsets not yet loaded). */
static bool read_index(cff *c, uint32_t off, cff_index *ix)
{
    memset(ix, 0, sizeof *ix);
    uint8_t h[3];
    if ((uint64_t)off + 2 > c->size || !pb_sfnt_read(c->f, c->base + off, off + 3 <= c->size ? 3 : 2, h))
        return false;
    ix->count = pb_be16(h);
    if (ix->count == 0) {
        ix->end = off + 2;
        return true;
    }
    if (off + 3 > c->size || h[2] < 1 || h[2] > 4)
        return false;
    ix->offsize = h[2];
    ix->off_at = off + 3;
    ix->data_at = ix->off_at + (ix->count + 1) * ix->offsize - 1;
    uint8_t *last = fetch(c, ix->off_at + ix->count * ix->offsize, ix->offsize);
    if (!last)
        return false;
    ix->end = ix->data_at + offset_at(last, ix->offsize);
    return ix->end <= c->size;
}

static bool load_offsets(cff *c, cff_index *ix)
{
    if (ix->raw || ix->count == 0)
        return true;
    ix->raw = fetch(c, ix->off_at, (ix->count + 1) * ix->offsize);
    return ix->raw != NULL;
}

/* Read an INDEX whole, offsets and data, in one go: subroutines are small
 * (Noto Serif CJK's 55,000 come to 1 MB) and a glyph calls many, scattered. */
static bool load_all(cff *c, cff_index *ix)
{
    if (ix->all || ix->count == 0)
        return true;
    ix->all = fetch(c, ix->off_at, ix->end - ix->off_at);
    if (ix->all && !ix->raw)
        ix->raw = ix->all;
    return ix->all != NULL;
}

/* Where item i starts and ends (relative to the CFF table); false when the
 * offsets are out of order or out of range. Offsets are decoded only for the
 * items used: a CJK font has 65,535 glyphs and a page needs hundreds. */
static bool item_range(cff *c, cff_index *ix, uint32_t i, uint32_t *from, uint32_t *to)
{
    if (i >= ix->count || !load_offsets(c, ix))
        return false;
    uint32_t a = offset_at(ix->raw + i * ix->offsize, ix->offsize);
    uint32_t b = offset_at(ix->raw + (i + 1) * ix->offsize, ix->offsize);
    *from = ix->data_at + a, *to = ix->data_at + b;
    return a >= 1 && a <= b && *to <= ix->end;
}

/* Item i of an INDEX (from memory when the INDEX was read whole). */
static const uint8_t *index_item(cff *c, cff_index *ix, uint32_t i, uint32_t *len)
{
    uint32_t from, to;
    if (!item_range(c, ix, i, &from, &to))
        return NULL;
    *len = to - from;
    if (ix->all)
        return ix->all + (from - ix->off_at);
    return fetch(c, from, *len);
}

/* DICT data (#5176 §4): operands then an operator. */
typedef struct {
    int op;             /* 0..21, or 1200 + second byte for escaped operators */
    const uint8_t *arg; /* raw operand bytes, for copying */
    uint32_t arg_len;
    double v[4];        /* the first operands' values */
    int nv;
} dict_entry;

/* The next entry of a DICT at *p (< end); false at the end or on bad data. */
static bool dict_next(const uint8_t **p, const uint8_t *end, dict_entry *e)
{
    const uint8_t *q = *p;
    e->arg = q;
    e->nv = 0;
    while (q < end) {
        uint8_t b = *q;
        double v;
        if (b <= 21) {
            e->arg_len = (uint32_t)(q - e->arg);
            e->op = b == 12 ? (q + 1 < end ? 1200 + q[1] : -1) : b;
            *p = q + (b == 12 ? 2 : 1);
            return e->op >= 0;
        } else if (b == 28 && q + 3 <= end) {
            v = (int16_t)pb_be16(q + 1), q += 3;
        } else if (b == 29 && q + 5 <= end) {
            v = (int32_t)pb_be32(q + 1), q += 5;
        } else if (b == 30) { /* a real: nibbles up to 0xf; its value is not needed */
            v = 0;
            for (q++; q < end && (*q & 0x0F) != 0x0F && (*q >> 4) != 0x0F; q++)
                ;
            q++;
        } else if (b >= 32 && b <= 246) {
            v = b - 139, q += 1;
        } else if (b >= 247 && b <= 250 && q + 2 <= end) {
            v = (b - 247) * 256 + q[1] + 108, q += 2;
        } else if (b >= 251 && b <= 254 && q + 2 <= end) {
            v = -(b - 251) * 256 - q[1] - 108, q += 2;
        } else {
            return false;
        }
        if (e->nv < 4)
            e->v[e->nv++] = v;
    }
    return false;
}

/* Type 2 charstrings: the flattening interpreter. */
typedef struct {
    cff *c;
    cff_fd *fd;
    bytes out;
    int nargs;         /* operands since the last stack-clearing operator */
    size_t args_at;    /* where in out they begin */
    size_t first_len;  /* length of the first of them */
    size_t last_at;    /* where the last begins */
    double last;
    bool last_int;
    int stems;
    bool cleared;      /* a stack-clearing operator was seen (the width is placed) */
    bool ended;
} flat;

static uint32_t bias(uint32_t count) { return count < 1240 ? 107 : count < 33900 ? 1131 : 32768; }

/* Subroutine n (before the bias is added), global or of the glyph's font
 * dictionary. */
static const uint8_t *subr(flat *fl, bool global, int32_t n, uint32_t *len)
{
    cff_index *ix = global ? &fl->c->global : &fl->fd->subrs;
    int64_t i = (int64_t)n + bias(ix->count);
    if (i < 0 || i >= ix->count || !load_all(fl->c, ix))
        return NULL;
    return index_item(fl->c, ix, (uint32_t)i, len);
}

static int operand_size(const uint8_t *p, const uint8_t *end, double *v, bool *integer)
{
    uint8_t b = *p;
    *integer = true;
    if (b == 28 && p + 3 <= end)
        return *v = (int16_t)pb_be16(p + 1), 3;
    if (b >= 32 && b <= 246)
        return *v = b - 139, 1;
    if (b >= 247 && b <= 250 && p + 2 <= end)
        return *v = (b - 247) * 256 + p[1] + 108, 2;
    if (b >= 251 && b <= 254 && p + 2 <= end)
        return *v = -(b - 251) * 256 - p[1] - 108, 2;
    if (b == 255 && p + 5 <= end)
        return *integer = false, *v = (int32_t)pb_be32(p + 1) / 65536.0, 5;
    return 0;
}

/* A hint operator: left out with its operands, except a width in front. */
static void drop_hint(flat *fl)
{
    bool width = !fl->cleared && fl->nargs % 2 == 1;
    fl->out.n = fl->args_at + (width ? fl->first_len : 0);
}

/* The operators that draw: moveto, lineto, curveto and flex forms. */
static bool path_operator(int op)
{
    switch (op) {
    case 4: case 5: case 6: case 7: case 8: case 21: case 22: case 24: case 25: case 26:
    case 27: case 30: case 31: case 1234: case 1235: case 1236: case 1237:
        return true;
    default:
        return false;
    }
}

static bool flatten(flat *fl, const uint8_t *p, uint32_t len, int depth);

/* callsubr or callgsubr: the operand pushed last is the number. */
static bool call(flat *fl, bool global, int depth)
{
    if (fl->nargs == 0 || !fl->last_int || depth >= MAX_DEPTH)
        return false;
    fl->out.n = fl->last_at;
    fl->nargs--;
    uint32_t len;
    const uint8_t *body = subr(fl, global, (int32_t)fl->last, &len);
    return body && flatten(fl, body, len, depth + 1);
}

/* Operator op, whose bytes end at *p, in a charstring ending at end; *p moves
 * past a hintmask's mask bytes. */
static bool operator(flat *fl, int op, const uint8_t **p, const uint8_t *end, int depth)
{
    switch (op) {
    case 10: case 29:
        return call(fl, op == 29, depth);
    case 1: case 3: case 18: case 23: /* hstem vstem hstemhm vstemhm */
        fl->stems += fl->nargs / 2;
        drop_hint(fl);
        break;
    case 19: case 20: { /* hintmask cntrmask: a vstem list may come first */
        fl->stems += fl->nargs / 2;
        size_t mask = ((size_t)fl->stems + 7) / 8;
        if (fl->stems > MAX_STEMS || (size_t)(end - *p) < mask)
            return false;
        *p += mask;
        drop_hint(fl);
        break;
    }
    case 1200: /* dotsection: a deprecated hint */
        fl->out.n = fl->args_at;
        break;
    case 14: /* endchar; with four more operands it is seac, an accented glyph */
        if (fl->nargs >= 4)
            return false;
        put_byte(&fl->out, 14);
        fl->ended = true;
        break;
    default:
        if (!path_operator(op))
            return false; /* arithmetic or reserved: what follows cannot be followed */
        if (op >= 1200)
            put_byte(&fl->out, 12), put_byte(&fl->out, (uint8_t)(op - 1200));
        else
            put_byte(&fl->out, (uint8_t)op);
    }
    fl->cleared = true;
    fl->nargs = 0;
    fl->args_at = fl->out.n;
    return true;
}

static bool flatten(flat *fl, const uint8_t *p, uint32_t len, int depth)
{
    const uint8_t *end = p + len;
    while (p < end && !fl->ended) {
        uint8_t b = *p;
        if (b == 28 || b >= 32) {
            double v;
            bool integer;
            int n = operand_size(p, end, &v, &integer);
            if (n == 0 || fl->nargs == MAX_ARGS)
                return false;
            if (fl->nargs == 0)
                fl->first_len = (size_t)n;
            fl->last_at = fl->out.n;
            fl->last = v, fl->last_int = integer;
            put(&fl->out, p, (size_t)n);
            fl->nargs++;
            p += n;
            continue;
        }
        if (b == 11) /* return */
            return depth > 0;
        int op = b;
        p++;
        if (b == 12) {
            if (p >= end)
                return false;
            op = 1200 + *p++;
        }
        if (!operator(fl, op, &p, end, depth))
            return false;
    }
    return true;
}

/* Glyph g's charstring flattened into out. */
static bool flatten_glyph(cff *c, cff_fd *fd, const uint8_t *cs, uint32_t len, bytes *out)
{
    flat fl = {.c = c, .fd = fd};
    reserve(&fl.out, 2 * (size_t)len + 64); /* about what a glyph grows to */
    bool ok = flatten(&fl, cs, len, 0);
    if (ok && !fl.ended)
        put_byte(&fl.out, 14);
    *out = fl.out;
    return ok;
}

/* FDSelect (#5176 §19), formats 0 and 3: the font dictionary of each glyph. */
typedef struct {
    uint8_t format;
    const uint8_t *data;
    uint32_t n; /* glyphs (format 0) or ranges (format 3) */
    uint32_t sentinel;
} fd_select;

static bool read_fdselect(cff *c, uint32_t off, uint32_t nglyphs, fd_select *s)
{
    uint8_t *h = fetch(c, off, 3);
    if (!h)
        return false;
    s->format = h[0];
    if (s->format == 0) {
        s->n = nglyphs;
        return (s->data = fetch(c, off + 1, nglyphs)) != NULL;
    }
    if (s->format != 3)
        return false;
    s->n = pb_be16(h + 1);
    s->data = fetch(c, off + 3, 3 * s->n + 2);
    if (!s->data || s->n == 0)
        return false;
    s->sentinel = pb_be16(s->data + 3 * s->n);
    return true;
}

static int fd_of(const fd_select *s, uint32_t g)
{
    if (s->format == 0)
        return g < s->n ? s->data[g] : -1;
    if (g >= s->sentinel || g < pb_be16(s->data))
        return -1;
    uint32_t lo = 0, hi = s->n; /* the last range whose first glyph is <= g */
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (pb_be16(s->data + 3 * mid) <= g)
            lo = mid;
        else
            hi = mid;
    }
    return s->data[3 * lo + 2];
}

/* The Top DICT's offsets and the entries copied into the new one. */
typedef struct {
    uint32_t charstrings, fdarray, fdselect;
    bool cid;
    bytes keep; /* FontBBox, FontMatrix and other numbers, raw */
} top_dict;

/* Numbers worth keeping: FontBBox, isFixedPitch to StrokeWidth (FontMatrix
 * among them), CIDFontRevision, CIDFontType. Not UniqueID or XUID: the
 * subset is not the font they name. */
static bool keep_top_entry(int op)
{
    return op == 5 || (op >= 1201 && op <= 1208) || op == 1232 || op == 1233;
}

static void put_entry(bytes *b, const dict_entry *e)
{
    put(b, e->arg, e->arg_len);
    if (e->op >= 1200)
        put_byte(b, 12), put_byte(b, (uint8_t)(e->op - 1200));
    else
        put_byte(b, (uint8_t)e->op);
}

static bool parse_top(const uint8_t *p, uint32_t len, top_dict *t)
{
    const uint8_t *end = p + len;
    dict_entry e;
    while (p < end && dict_next(&p, end, &e)) {
        if (e.op == 1230)
            t->cid = true;
        else if (e.op == 17 && e.nv == 1)
            t->charstrings = (uint32_t)e.v[0];
        else if (e.op == 1236 && e.nv == 1)
            t->fdarray = (uint32_t)e.v[0];
        else if (e.op == 1237 && e.nv == 1)
            t->fdselect = (uint32_t)e.v[0];
        else if (keep_top_entry(e.op))
            put_entry(&t->keep, &e);
    }
    return p == end && t->cid && t->charstrings && t->fdarray && t->fdselect;
}

/* A font dictionary and its Private DICT, Subrs located. */
static bool read_fd(cff *c, cff_index *fdarray, uint32_t i, cff_fd *fd)
{
    fd->read = true;
    fd->font_dict = index_item(c, fdarray, i, &fd->font_len);
    if (!fd->font_dict)
        return false;
    const uint8_t *p = fd->font_dict, *end = p + fd->font_len;
    dict_entry e;
    uint32_t psize = 0, poff = 0;
    while (p < end && dict_next(&p, end, &e))
        if (e.op == 18 && e.nv == 2)
            psize = (uint32_t)e.v[0], poff = (uint32_t)e.v[1];
    if (!psize || !(fd->private_dict = fetch(c, poff, psize)))
        return false;
    fd->private_len = psize;
    p = fd->private_dict, end = p + psize;
    while (p < end && dict_next(&p, end, &e))
        if (e.op == 19 && e.nv == 1)
            return read_index(c, poff + (uint32_t)e.v[0], &fd->subrs);
    return true; /* no local subroutines */
}

/* INDEX writing: offsets of offsize 4, 1-based. */
static void put_index(bytes *b, uint32_t count, const bytes *items)
{
    uint8_t h[3];
    pb_put16(h, count);
    if (count == 0) {
        put(b, h, 2);
        return;
    }
    h[2] = 4;
    put(b, h, 3);
    uint32_t off = 1;
    for (uint32_t i = 0; i <= count; i++) {
        uint8_t o[4];
        pb_put32(o, off);
        put(b, o, 4);
        if (i < count)
            off += (uint32_t)items[i].n;
    }
    for (uint32_t i = 0; i < count; i++)
        put(b, items[i].v, items[i].n);
}

static size_t index_size(uint32_t count, size_t data)
{
    return count ? 3 + 4 * ((size_t)count + 1) + data : 2;
}

static void put_int(bytes *b, int32_t v) /* always five bytes: offsets are fixed in size */
{
    uint8_t x[5] = {29};
    pb_put32(x + 1, (uint32_t)v);
    put(b, x, 5);
}

static void put_op(bytes *b, int op)
{
    if (op >= 1200)
        put_byte(b, 12), put_byte(b, (uint8_t)(op - 1200));
    else
        put_byte(b, (uint8_t)op);
}

/* The subset's Private DICT: the source's without Subrs. */
static bytes private_dict(const cff_fd *fd)
{
    bytes b = {0};
    const uint8_t *p = fd->private_dict, *end = p + fd->private_len;
    dict_entry e;
    while (p < end && dict_next(&p, end, &e))
        if (e.op != 19)
            put_entry(&b, &e);
    return b;
}

/* The subset's Font DICT: the source's numbers, a new Private [size offset]. */
static bytes font_dict(const cff_fd *fd, size_t private_size, size_t private_at)
{
    bytes b = {0};
    const uint8_t *p = fd->font_dict, *end = p + fd->font_len;
    dict_entry e;
    while (p < end && dict_next(&p, end, &e))
        if (e.op != 18 && e.op != 1238 && e.op != 1200 && !(e.op >= 0 && e.op <= 4))
            put_entry(&b, &e);
    put_int(&b, (int32_t)private_size);
    put_int(&b, (int32_t)private_at);
    put_op(&b, 18);
    return b;
}

typedef struct {
    bytes *glyphs; /* flattened charstrings */
    int *fd_of;    /* new font dictionary of each glyph */
    int n;
    cff_fd **used; /* the font dictionaries kept, in new order */
    int nused;
} subset_data;

/* Where the parts of the new table go. */
typedef struct {
    size_t charset, fdselect, charstrings, fdarray;
} layout;

/* The new Top DICT: the numbers kept, ROS Adobe-Identity-0, CIDCount and the
 * offsets, each in five bytes, so its size does not depend on them. */
static bytes make_top(const top_dict *top, int n, const layout *l)
{
    bytes t = {0};
    put(&t, top->keep.v, top->keep.n);
    put_int(&t, 391), put_int(&t, 392), put_byte(&t, 139), put_op(&t, 1230); /* ROS */
    put_int(&t, n), put_op(&t, 1234);                                        /* CIDCount */
    put_int(&t, (int32_t)l->charset), put_op(&t, 15);
    put_int(&t, (int32_t)l->charstrings), put_op(&t, 17);
    put_int(&t, (int32_t)l->fdarray), put_op(&t, 1236);
    put_int(&t, (int32_t)l->fdselect), put_op(&t, 1237);
    return t;
}

static void put_charset(bytes *out, int n)
{
    if (n < 2) {
        put_byte(out, 0); /* format 0, no glyph but .notdef */
        return;
    }
    uint8_t cs[5] = {2, 0, 1}; /* format 2: glyphs 1.. are CIDs 1.. */
    pb_put16(cs + 3, (uint32_t)(n - 2));
    put(out, cs, 5);
}

static int fdselect_ranges(const subset_data *s)
{
    int ranges = 0;
    for (int i = 0; i < s->n; i++)
        ranges += i == 0 || s->fd_of[i] != s->fd_of[i - 1];
    return ranges;
}

static void put_fdselect(bytes *out, const subset_data *s)
{
    uint8_t h[3] = {3};
    pb_put16(h + 1, (uint32_t)fdselect_ranges(s));
    put(out, h, 3);
    for (int i = 0; i < s->n; i++)
        if (i == 0 || s->fd_of[i] != s->fd_of[i - 1]) {
            uint8_t r[3];
            pb_put16(r, (uint32_t)i);
            r[2] = (uint8_t)s->fd_of[i];
            put(out, r, 3);
        }
    uint8_t sentinel[2];
    pb_put16(sentinel, (uint32_t)s->n);
    put(out, sentinel, 2);
}

/* The new CFF table from the flattened glyphs: header, Name, Top DICT,
 * String and (empty) Global Subr INDEXes, charset, FDSelect, CharStrings,
 * FDArray, then the Private DICTs. */
static uint8_t *write_cff(const uint8_t *name, uint32_t name_len, const top_dict *top,
                          const subset_data *s, size_t *len)
{
    static const uint8_t header[4] = {1, 0, 4, 4};
    bytes out = {0}, privs[256], fds[256];
    bytes name_item = {(uint8_t *)name, name_len, name_len};
    bytes strings[2] = {{(uint8_t *)"Adobe", 5, 5}, {(uint8_t *)"Identity", 8, 8}};
    layout l = {0};
    bytes t = make_top(top, s->n, &l);
    size_t glyph_data = 0, fd_data = 0;
    for (int i = 0; i < s->n; i++)
        glyph_data += s->glyphs[i].n;
    l.charset = sizeof header + index_size(1, name_len) + index_size(1, t.n) +
                index_size(2, 13) + index_size(0, 0);
    l.fdselect = l.charset + (s->n < 2 ? 1 : 5);
    l.charstrings = l.fdselect + 3 + 3 * (size_t)fdselect_ranges(s) + 2;
    l.fdarray = l.charstrings + index_size((uint32_t)s->n, glyph_data);
    for (int k = 0; k < s->nused; k++) {
        privs[k] = private_dict(s->used[k]);
        fds[k] = font_dict(s->used[k], 0, 0); /* its size; offsets are fixed in size */
        fd_data += fds[k].n;
    }
    size_t private_at = l.fdarray + index_size((uint32_t)s->nused, fd_data);
    for (int k = 0; k < s->nused; k++) {
        free(fds[k].v);
        fds[k] = font_dict(s->used[k], privs[k].n, private_at);
        private_at += privs[k].n;
    }
    free(t.v);
    t = make_top(top, s->n, &l);
    put(&out, header, sizeof header);
    put_index(&out, 1, &name_item);
    put_index(&out, 1, &t);
    put_index(&out, 2, strings);
    put_index(&out, 0, NULL);
    put_charset(&out, s->n);
    put_fdselect(&out, s);
    put_index(&out, (uint32_t)s->n, s->glyphs);
    put_index(&out, (uint32_t)s->nused, fds);
    for (int k = 0; k < s->nused; k++) {
        put(&out, privs[k].v, privs[k].n);
        free(privs[k].v), free(fds[k].v);
    }
    free(t.v);
    *len = out.n;
    return out.v;
}

/* The Top DICT, CharStrings, FDSelect and font dictionaries of the face. */
static bool read_font(cff *c, const uint8_t **name, uint32_t *name_len, top_dict *top,
                      cff_index *charstrings, fd_select *sel)
{
    uint8_t *h = fetch(c, 0, 4);
    cff_index names, tops, strings;
    uint32_t top_len;
    const uint8_t *top_data;
    if (!h || h[0] != 1 || !read_index(c, h[2], &names) || names.count != 1 ||
        !(*name = index_item(c, &names, 0, name_len)) || !read_index(c, names.end, &tops) ||
        tops.count != 1 || !(top_data = index_item(c, &tops, 0, &top_len)) ||
        !parse_top(top_data, top_len, top) || !read_index(c, tops.end, &strings) ||
        !read_index(c, strings.end, &c->global) || !read_index(c, top->charstrings, charstrings) ||
        !load_offsets(c, charstrings))
        return false;
    if (!read_index(c, top->fdarray, &c->fdarray) || c->fdarray.count == 0 ||
        c->fdarray.count > 256 || !load_all(c, &c->fdarray) ||
        !read_fdselect(c, top->fdselect, charstrings->count, sel))
        return false;
    c->nfds = (int)c->fdarray.count;
    c->fds = PB_NEWN(c->a, cff_fd, c->nfds);
    for (int i = 0; i < c->nfds; i++)
        c->fds[i].new_index = -1;
    return true;
}

/* The charstrings of the glyphs, read in runs of nearby glyphs. */
static bool read_glyphs(cff *c, cff_index *cs, const uint32_t *old, int n, const uint8_t **data,
                        uint32_t *lens)
{
    uint32_t *from = pb_xmalloc((size_t)n * sizeof *from), *to = pb_xmalloc((size_t)n * sizeof *to);
    bool ok = true;
    for (int i = 0; i < n && ok; i++)
        ok = item_range(c, cs, old[i], &from[i], &to[i]) && (i == 0 || from[i] >= to[i - 1]);
    for (int i = 0; i < n && ok;) {
        int j = i + 1;
        /* a gap of up to 16 KB is read through: cheaper than another read */
        while (j < n && from[j] - to[j - 1] < (16 << 10) && to[j] - from[i] < (1 << 20))
            j++;
        const uint8_t *run = fetch(c, from[i], to[j - 1] - from[i]);
        ok = run != NULL;
        for (int k = i; k < j && ok; k++) {
            data[k] = run + (from[k] - from[i]);
            lens[k] = to[k] - from[k];
        }
        i = j;
    }
    free(from), free(to);
    return ok;
}

static bool flatten_all(cff *c, cff_index *cs, const fd_select *sel, const uint32_t *old,
                        subset_data *s)
{
    const uint8_t **data = PB_NEWN(c->a, const uint8_t *, s->n);
    uint32_t *lens = PB_NEWN(c->a, uint32_t, s->n);
    if (!read_glyphs(c, cs, old, s->n, data, lens))
        return false;
    for (int i = 0; i < s->n; i++) {
        int fd = fd_of(sel, old[i]);
        if (fd < 0 || fd >= c->nfds)
            return false;
        if (!c->fds[fd].read && !read_fd(c, &c->fdarray, (uint32_t)fd, &c->fds[fd]))
            return false;
        if (c->fds[fd].new_index < 0) {
            c->fds[fd].new_index = s->nused;
            s->used[s->nused++] = &c->fds[fd];
        }
        s->fd_of[i] = c->fds[fd].new_index;
        if (!flatten_glyph(c, &c->fds[fd], data[i], lens[i], &s->glyphs[i]))
            return false;
    }
    return true;
}

static uint8_t *subset_cff(cff *c, const uint32_t *old, int n, size_t *len)
{
    const uint8_t *name;
    uint32_t name_len;
    top_dict top = {0};
    cff_index cs;
    fd_select sel = {0};
    uint8_t *out = NULL;
    subset_data s = {.n = n};
    if (!read_font(c, &name, &name_len, &top, &cs, &sel) || old[n - 1] >= cs.count)
        goto done;
    s.glyphs = pb_xcalloc((size_t)n, sizeof *s.glyphs);
    s.fd_of = PB_NEWN(c->a, int, n);
    s.used = PB_NEWN(c->a, cff_fd *, c->nfds);
    if (flatten_all(c, &cs, &sel, old, &s))
        out = write_cff(name, name_len, &top, &s, len);
done:
    for (int i = 0; s.glyphs && i < n; i++)
        free(s.glyphs[i].v);
    free(s.glyphs);
    free(top.keep.v);
    return out;
}

uint8_t *pb_cff_subset(const pb_sfnt *f, const uint32_t *old, int n, size_t *len)
{
    const pb_sfnt_table *t = pb_sfnt_find(f, "CFF ");
    if (!t || n < 1 || old[0] != 0)
        return NULL;
    cff c = {.f = f, .base = t->offset, .size = t->length, .a = pb_arena_new()};
    size_t cff_len = 0;
    uint8_t *table = subset_cff(&c, old, n, &cff_len);
    pb_arena_free(c.a);
    for (size_t i = 0; i < c.reads.n; i++)
        free(c.reads.v[i]);
    free(c.reads.v);
    pb_sfnt_writer w = {0};
    if (!table || !pb_sfnt_add_common(&w, f, old, n, 0)) {
        free(table);
        pb_sfnt_writer_fini(&w);
        return NULL;
    }
    pb_sfnt_add(&w, "CFF ", table, cff_len);
    return pb_sfnt_write(&w, 0x4F54544F /* 'OTTO' */, len);
}
