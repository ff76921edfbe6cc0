/* pdfpost: a libqpdf pass over the PDF cairo wrote, for what cairo 1.16
 * cannot write itself: the /Decode array of Adobe CMYK JPEGs, the TrimBox and
 * BleedBox a print shop needs, and a clean cross-reference table.
 * Consumes: PDF bytes. Produces: PDF bytes (deterministic). */
#ifndef PB_PDFPOST_H
#define PB_PDFPOST_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/diag.h"

typedef struct {
    bool fix_cmyk; /* give inverted (Adobe) CMYK JPEGs /Decode [1 0 1 0 1 0 1 0] */
    bool boxes;    /* set every page's TrimBox and BleedBox: */
    double trim[4], bleed[4]; /* llx lly urx ury in points */
} pb_pdfpost_opts;

/* Rewrite the PDF in in[0..len) into a new buffer. Returns false with an
 * error in d on failure. Caller frees *out with free(). */
bool pb_pdfpost(const unsigned char *in, size_t len, const pb_pdfpost_opts *o,
                unsigned char **out, size_t *out_len, pb_diags *d);

#endif
