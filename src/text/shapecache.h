/* shapecache: the shaped runs of every text set, kept for the same text set
 * again in the same style: running heads and credits, a caption on several
 * boards, the paragraphs a document repeats. Consumes: the inputs of
 * pb_shape(). Produces: the runs shaped before. */
#ifndef PB_SHAPECACHE_H
#define PB_SHAPECACHE_H

#include "para.h"

typedef struct {
    const pb_text *text;
    const pb_style *style; /* its family, weight and size */
    const char *lang;      /* the text's language and the context's */
    const char *context_lang;
} pb_shape_key;

/* Caller frees with pb_shapecache_free(), after every paragraph whose runs
 * came from it. */
pb_shapecache *pb_shapecache_new(void);
void pb_shapecache_free(pb_shapecache *c);
/* The number of texts kept. */
size_t pb_shapecache_count(const pb_shapecache *c);
/* The runs shaped for k before, or NULL. Owned by the cache; read-only. */
pb_run *pb_shapecache_find(pb_shapecache *c, const pb_shape_key *k, int *n);
/* Keep runs[0..n) (malloc'd) for k: the cache takes them, their items and
 * glyph strings. Returns runs. */
pb_run *pb_shapecache_add(pb_shapecache *c, const pb_shape_key *k, pb_run *runs, int n);

#endif
