/* sfnt: OpenType and TrueType font files, read in pieces and written whole.
 * Consumes: a font file (or one face of a collection). Produces: its table
 * directory and the bytes asked for; a new font file from tables. */
#ifndef PB_SFNT_H
#define PB_SFNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { PB_SFNT_MAX_TABLES = 64 };

typedef struct {
    uint32_t tag, offset, length;
} pb_sfnt_table;

/* One face of a font file, opened for reading pieces of it. */
typedef struct {
    int fd;
    uint32_t version; /* 0x00010000 (TrueType outlines) or 'OTTO' (CFF) */
    pb_sfnt_table tables[PB_SFNT_MAX_TABLES];
    int ntables;
} pb_sfnt;

/* Open face index of path. False when it cannot be read or is not an
 * OpenType font. Close with pb_sfnt_close() (also after failure). */
bool pb_sfnt_open(pb_sfnt *f, const char *path, unsigned int index);
void pb_sfnt_close(pb_sfnt *f);
/* The table tag ("CFF ", "glyf", ...), or NULL. */
const pb_sfnt_table *pb_sfnt_find(const pb_sfnt *f, const char *tag);
/* len bytes at offset off of the file into buf; false on a short read. */
bool pb_sfnt_read(const pb_sfnt *f, uint64_t off, size_t len, void *buf);
/* A whole table, or its first max bytes (0: all). Caller frees; NULL when
 * missing or unreadable. */
uint8_t *pb_sfnt_load(const pb_sfnt *f, const char *tag, size_t max, uint32_t *len);

/* A table of a font file held whole in memory (one face, not a
 * collection), or NULL when it has none or its record points outside. */
const uint8_t *pb_sfnt_table_in(const uint8_t *font, size_t len, const char *tag, uint32_t *tlen);

/* Big-endian fields. */
static inline uint32_t pb_be16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static inline uint32_t pb_be32(const uint8_t *p) { return pb_be16(p) << 16 | pb_be16(p + 2); }
static inline void pb_put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v; }
static inline void pb_put32(uint8_t *p, uint32_t v)
{
    pb_put16(p, v >> 16);
    pb_put16(p + 2, v & 0xFFFF);
}

/* A font file under construction: tables added in any order. */
typedef struct {
    struct {
        uint32_t tag;
        uint8_t *data; /* owned */
        size_t len;
    } t[PB_SFNT_MAX_TABLES];
    int n;
} pb_sfnt_writer;

/* Add a table; the writer takes data (malloc'd). */
void pb_sfnt_add(pb_sfnt_writer *w, const char *tag, uint8_t *data, size_t len);
/* The font file: directory sorted by tag, tables 4-byte aligned, checksums
 * set. Frees the tables. Caller frees the result. */
uint8_t *pb_sfnt_write(pb_sfnt_writer *w, uint32_t version, size_t *len);
/* Free the tables of a writer not written. */
void pb_sfnt_writer_fini(pb_sfnt_writer *w);

/* The tables every subset font carries beside its outlines, for the glyphs
 * old[0..n) of f in that order: head (with loca_format), hhea, hmtx, maxp
 * (version 0.5 for CFF, 1.0 copied for TrueType), OS/2, name and post (its
 * header only). False when f lacks head, hhea, hmtx or maxp. */
bool pb_sfnt_add_common(pb_sfnt_writer *w, const pb_sfnt *f, const uint32_t *old, int n,
                        int loca_format);

#endif
