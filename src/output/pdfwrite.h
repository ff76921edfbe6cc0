/* pdfwrite: the PDF of a laid-out document, written directly rather than
 * through cairo. Consumes: pb_layout (its lines, photos, boxes, rules) and the
 * font subsets of fontsubset.c. Produces: the PDF bytes, deterministic.
 *
 * It covers what articles and boards are made of: text in fonts the
 * subsetters handle, JPEG photos (embedded as they are), PNG and WebP images,
 * boxes, rules, placeholders, bleed boxes and crop marks; right-to-left runs;
 * a character no font has as the font's .notdef with the character as its
 * text. A document with anything else (an SVG logo, a font Pango alters) is
 * reported as not covered, and render.c draws it with cairo instead. */
#ifndef PB_PDFWRITE_H
#define PB_PDFWRITE_H

#include <stddef.h>

#include "../layout/page.h"

typedef enum { PB_PDFWRITE_OK, PB_PDFWRITE_FAILED, PB_PDFWRITE_NOT_COVERED } pb_pdfwrite_result;

/* What the document information dictionary says; date is ISO 8601
 * ("2025-06-20T07:35:00"). */
typedef struct {
    const char *title, *author, *subject, *creator;
    const char *date;
} pb_pdf_info;

/* Write l as a PDF into *out (caller frees with free()). NOT_COVERED: nothing
 * written and nothing reported, draw it another way. FAILED: an error in d. */
pb_pdfwrite_result pb_pdfwrite(const pb_layout *l, const pb_pdf_info *info, unsigned char **out,
                               size_t *len, pb_diags *d);

#endif
