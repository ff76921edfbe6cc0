/* cffsubset: a CID-keyed CFF font cut down to some of its glyphs, for
 * embedding. Consumes: one face of a font file and the glyph ids drawn.
 * Produces: a new OpenType font of those glyphs, in order, without hinting. */
#ifndef PB_CFFSUBSET_H
#define PB_CFFSUBSET_H

#include <stddef.h>
#include <stdint.h>

#include "sfnt.h"

/* The glyphs old[0..n) (ascending, old[0] == 0) of f, a CID-keyed CFF font,
 * with their subroutines expanded. NULL when f is not such a font or holds
 * what this subsetter does not handle (arithmetic operators, seac accents,
 * broken data); the caller then uses another subsetter. Caller frees. */
uint8_t *pb_cff_subset(const pb_sfnt *f, const uint32_t *old, int n, size_t *len);

#endif
