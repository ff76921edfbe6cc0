/* render: draws a pb_layout with cairo into a PDF file.
 * Consumes: pb_layout. Produces: the PDF, written to a temporary file and
 * renamed into place only when complete (no half-written output). */
#ifndef PB_RENDER_H
#define PB_RENDER_H

#include "../layout/page.h"

/* Render l to path. Returns false with an error in d when the file cannot be
 * written; then no file is left at path. */
bool pb_render_pdf(const pb_layout *l, const char *path, pb_diags *d);

#endif
