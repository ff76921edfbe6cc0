#include "jpegerr.h"

#include <jerror.h>

static void jpeg_fail(j_common_ptr c)
{
    pb_jpegerr *e = (pb_jpegerr *)c->err;
    c->err->format_message(c, e->msg);
    longjmp(e->jump, 1);
}

/* Warnings (level -1) are counted, as libjpeg's own handler does, and the
 * first is kept; trace messages are dropped. Bytes between the last scan and
 * the end marker are left out of the count: encoders write such padding, and
 * every decoder skips it. */
static void jpeg_note(j_common_ptr c, int level)
{
    if (level >= 0 || (c->err->msg_code == JWRN_EXTRANEOUS_DATA && c->err->msg_parm.i[1] == 0xD9))
        return;
    pb_jpegerr *e = (pb_jpegerr *)c->err;
    if (c->err->num_warnings++ == 0)
        c->err->format_message(c, e->warn);
}

void pb_jpegerr_init(struct jpeg_decompress_struct *c, pb_jpegerr *e)
{
    c->err = jpeg_std_error(&e->mgr);
    e->mgr.error_exit = jpeg_fail;
    e->mgr.emit_message = jpeg_note;
    e->msg[0] = e->warn[0] = 0;
}
