/* ttfsubset: a TrueType-outline font cut down to some of its glyphs, for
 * embedding. Consumes: one face of a font file and the glyph ids drawn.
 * Produces: a new font of those glyphs and their components, without hinting. */
#ifndef PB_TTFSUBSET_H
#define PB_TTFSUBSET_H

#include <stddef.h>
#include <stdint.h>

#include "sfnt.h"

/* The glyphs of *old (ascending, with 0) of f, a TrueType font, plus the
 * glyphs their composites are made of, in ascending order: *old and *n are
 * replaced by the glyphs kept (the caller frees *old either way). NULL on
 * broken data. Caller frees the result. */
uint8_t *pb_ttf_subset(const pb_sfnt *f, uint32_t **old, int *n, size_t *len);

#endif
