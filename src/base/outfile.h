/* outfile: writing an output file (PDF, Markdown) whole or not at all.
 * Consumes: a path and the bytes. Produces: the file; after a failure, no
 * file and no temporary file. */
#ifndef PB_OUTFILE_H
#define PB_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Whether path is written in place rather than through a temporary file:
 * a device, pipe or socket, anything under /dev or /proc (/dev/stdout,
 * /dev/fd/N name open descriptors, whatever they point to) and a symbolic
 * link into them. Never fails. */
bool pb_outfile_is_direct(const char *path);

/* Write data to path. A regular file (or a new one) is written to a
 * temporary file beside it and renamed over it when complete; a symbolic
 * link to a regular file is followed, so the file it names is replaced and
 * the link stays; a direct path (above) is written in place, never renamed
 * over. Returns false with an error naming path (no file left behind). */
bool pb_outfile_write(const char *path, const void *data, size_t len, pb_diags *d);

#endif
