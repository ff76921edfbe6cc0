/* yamltree: one YAML document as a small tree of scalars, mappings and lists.
 * Consumes: YAML text (libyaml's event API). Produces: pb_ynode with 1-based
 * lines; aliases, anchors and deep nesting are refused (no alias bombs). */
#ifndef PB_YAMLTREE_H
#define PB_YAMLTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/diag.h"

typedef enum { PB_YNODE_SCALAR, PB_YNODE_MAP, PB_YNODE_SEQ } pb_ynode_kind;

typedef struct pb_ynode {
    pb_ynode_kind kind;
    int line;              /* 1-based */
    bool plain;            /* an unquoted scalar (so `false` may mean false) */
    char *text;            /* scalars only */
    struct pb_ynode **kids; /* maps: key, value, key, value...; lists: items */
    size_t nkids;
} pb_ynode;

/* Parse one YAML document of len bytes; file names it in messages. Mapping
 * keys must be scalars; at most max_depth levels of nesting. Returns the root,
 * or NULL: after appending an error, or with *empty set (and no error) when
 * the text holds no document. Caller frees with pb_yamltree_free(). */
pb_ynode *pb_yamltree_parse(const char *text, size_t len, const char *file, int max_depth,
                            bool *empty, pb_diags *d);
void pb_yamltree_free(pb_ynode *n);

/* The value under key when map is a mapping that has it, else NULL (the first
 * when the key repeats). Never fails. */
const pb_ynode *pb_yamltree_get(const pb_ynode *map, const char *key);
/* "a mapping", "a list" or "a single value", for messages. Never fails. */
const char *pb_yamltree_kind_name(const pb_ynode *n);

#endif
