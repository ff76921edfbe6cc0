/* jpegerr: libjpeg's error handling made safe for files from strangers — an
 * error jumps back instead of exiting, and a warning (damage libjpeg would
 * silently recover from) is counted and kept. Consumes: a decompressor.
 * Produces: its error manager, for the probe (image.c) and the decoder
 * (output/image.c). */
#ifndef PB_JPEGERR_H
#define PB_JPEGERR_H

#include <setjmp.h>
#include <stdio.h> /* jpeglib.h needs FILE */

#include <jpeglib.h>

typedef struct {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
    char msg[JMSG_LENGTH_MAX];  /* the error */
    char warn[JMSG_LENGTH_MAX]; /* the first warning */
} pb_jpegerr;

/* Install e as c's error manager: an error longjmps to e->jump with its
 * message in e->msg (the caller setjmps before creating c); warnings count
 * in e->mgr.num_warnings, the first in e->warn. Never fails. */
void pb_jpegerr_init(struct jpeg_decompress_struct *c, pb_jpegerr *e);

#endif
