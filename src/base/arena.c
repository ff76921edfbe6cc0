#include "arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

enum { BLOCK_SIZE = 64 * 1024 };

typedef struct block {
    struct block *next;
    size_t used, size;
    alignas(max_align_t) unsigned char data[];
} block;

typedef struct deferred {
    struct deferred *next;
    void (*fn)(void *);
    void *p;
} deferred;

struct pb_arena {
    block *head;
    deferred *defers;
};

pb_arena *pb_arena_new(void) { return pb_xcalloc(1, sizeof(pb_arena)); }

void pb_arena_free(pb_arena *a)
{
    if (!a)
        return;
    for (deferred *d = a->defers; d; d = d->next)
        d->fn(d->p);
    for (block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

void *pb_arena_alloc(pb_arena *a, size_t n)
{
    n = (n + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
    block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > BLOCK_SIZE / 4 ? n : BLOCK_SIZE;
        b = pb_xmalloc(sizeof(block) + size);
        b->used = 0;
        b->size = size;
        /* a big one-off allocation goes behind the current block so the
         * current block keeps serving small requests */
        if (size != BLOCK_SIZE && a->head) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *pb_arena_strndup(pb_arena *a, const char *s, size_t n)
{
    char *d = pb_arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

void *pb_arena_copy(pb_arena *a, const void *src, size_t n, size_t size)
{
    if (n == 0)
        return NULL;
    void *d = pb_arena_alloc(a, n * size);
    memcpy(d, src, n * size);
    return d;
}

char *pb_arena_strdup(pb_arena *a, const char *s) { return pb_arena_strndup(a, s, strlen(s)); }

void pb_arena_defer(pb_arena *a, void (*fn)(void *), void *p)
{
    deferred *d = pb_arena_alloc(a, sizeof *d);
    d->fn = fn;
    d->p = p;
    d->next = a->defers;
    a->defers = d;
}
