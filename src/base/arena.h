/* arena: bump allocation for everything that lives as long as one document.
 * Consumes: allocation requests. Produces: memory freed all at once. */
#ifndef PB_ARENA_H
#define PB_ARENA_H

#include <stddef.h>

typedef struct pb_arena pb_arena;

/* Caller frees with pb_arena_free(). */
pb_arena *pb_arena_new(void);
/* Runs the registered release functions (last first), then frees all blocks. */
void pb_arena_free(pb_arena *a);
/* Zeroed memory, aligned for any type. Arena-owned. Never fails. */
void *pb_arena_alloc(pb_arena *a, size_t n);
char *pb_arena_strdup(pb_arena *a, const char *s);
char *pb_arena_strndup(pb_arena *a, const char *s, size_t n);
/* An arena copy of n elements of size bytes at src; NULL when n is 0.
 * Arena-owned. Never fails. */
void *pb_arena_copy(pb_arena *a, const void *src, size_t n, size_t size);
/* Register fn(p) to run when the arena is freed (Pango and cairo objects). */
void pb_arena_defer(pb_arena *a, void (*fn)(void *), void *p);

#define PB_NEW(a, T) ((T *)pb_arena_alloc((a), sizeof(T)))
#define PB_NEWN(a, T, n) ((T *)pb_arena_alloc((a), sizeof(T) * (size_t)(n)))

#endif
