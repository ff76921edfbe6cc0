/* limit: the bounds that keep one bad input from exhausting the machine
 * (input size, pages), each raised by an environment variable.
 * Consumes: the environment. Produces: numbers the loaders and builders check. */
#ifndef PB_LIMIT_H
#define PB_LIMIT_H

#include <stddef.h>

#include "diag.h"

/* Largest article or pasted-text file read: 16 MiB; PAIBAN_MAX_INPUT_MB raises it. */
#define PB_LIMIT_INPUT_MB 16
/* Most pages one render makes: 2,000; PAIBAN_MAX_PAGES raises it. */
#define PB_LIMIT_PAGES 2000

/* The limits in force (the default, or a positive integer from the
 * environment variable). Never fail. */
size_t pb_limit_input_bytes(void);
int pb_limit_pages(void);

/* Read an input file (article or pasted text) of at most
 * pb_limit_input_bytes(); a larger one is refused before it is read, with an
 * error that names the limit and how to raise it. Caller frees. */
char *pb_limit_read_input(const char *path, size_t *len, pb_diags *d);

#endif
