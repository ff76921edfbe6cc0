/* util: allocation that aborts on exhaustion, growable buffers, UTF-8 and files.
 * Consumes: nothing. Produces: helpers every module uses. */
#ifndef PB_UTIL_H
#define PB_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Out of memory aborts: these never return NULL. */
void *pb_xmalloc(size_t n);
void *pb_xcalloc(size_t n, size_t size);
void *pb_xrealloc(void *p, size_t n);
char *pb_xstrdup(const char *s);
char *pb_xstrndup(const char *s, size_t n);
/* printf into a new string. Caller frees. */
char *pb_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *pb_vstrdupf(const char *fmt, va_list ap);

/* Growable array of any element: PB_VEC(int) v = {0}; PB_PUSH(v, 3); */
#define PB_VEC(T) struct { T *v; size_t n, cap; }
#define PB_GROW(vec)                                                                 \
    do {                                                                             \
        if ((vec).n == (vec).cap) {                                                  \
            (vec).cap = (vec).cap ? 2 * (vec).cap : 16;                              \
            (vec).v = pb_xrealloc((vec).v, (vec).cap * sizeof *(vec).v);             \
        }                                                                            \
    } while (0)
#define PB_PUSH(vec, x)                                                              \
    do {                                                                             \
        PB_GROW(vec);                                                                \
        (vec).v[(vec).n++] = (x);                                                    \
    } while (0)

/* A growable byte string, always NUL-terminated once anything is added. */
typedef struct {
    char *s;
    size_t n, cap;
} pb_buf;

void pb_buf_add(pb_buf *b, const char *s, size_t n);
void pb_buf_adds(pb_buf *b, const char *s);
void pb_buf_addf(pb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pb_buf_fini(pb_buf *b);

/* Decode one UTF-8 code point at s (len bytes available); *adv gets its length.
 * Invalid bytes decode as U+FFFD with length 1. */
uint32_t pb_utf8_decode(const char *s, size_t len, int *adv);
/* Encode c into out (4 bytes room); returns the length. */
int pb_utf8_encode(uint32_t c, char *out);
/* Byte offset of the first invalid UTF-8 sequence, or -1 when valid. */
long pb_utf8_invalid_at(const char *s, size_t len);

/* Read a whole file into a NUL-terminated buffer. Caller frees. On failure
 * appends an error naming the file and returns NULL. */
char *pb_file_read(const char *path, size_t *len, size_t limit, pb_diags *d);

/* Directory part of a path ("." when none). Caller frees. */
char *pb_path_dir(const char *path);
/* Join dir and rel unless rel is absolute. Caller frees. */
char *pb_path_join(const char *dir, const char *rel);
/* The file name without directory and extension. Caller frees. */
char *pb_path_stem(const char *path);
/* Whether path lies inside dir (NULL: the current folder), both resolved, so
 * that ../ and symbolic links count. A path that does not resolve is inside:
 * it is missing, and whoever reads it says so. Never fails. */
bool pb_path_inside(const char *path, const char *dir);

#endif
