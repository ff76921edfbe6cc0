/* normalize: punctuation as a Chinese typesetter would set it (docs/clreq.md
 * Normalization, CLR-3/4): half-width , : ; ! ? ( ) in Chinese context
 * become full-width; straight quotes in Chinese context become “ ” ‘ ’.
 * Consumes: a pb_text. Produces: a new pb_text with its spans moved. */
#ifndef PB_NORMALIZE_H
#define PB_NORMALIZE_H

#include "../base/arena.h"
#include "doc.h"

/* Returns the normalized copy of t (allocated in a), spans remapped to the
 * new byte offsets. When nothing changes, returns a copy equal to t. Latin
 * context (both sides Latin, digits around ',' ':' as in 11,300 or 07:35) is
 * left alone. Never fails. */
pb_text pb_normalize_text(const pb_text *t, pb_arena *a);

/* The same for a plain NUL-terminated string (headline fields); NULL gives
 * NULL. Arena-owned. Never fails. */
char *pb_normalize_string(const char *s, pb_arena *a);

#endif
