/* pagelimit: the page limit (base/limit.h) checked before any text is set,
 * so an article far over it fails at once, not after all of it was shaped.
 * Consumes: pb_doc + pb_template. Produces: an error in the diagnostics. */
#ifndef PB_PAGELIMIT_H
#define PB_PAGELIMIT_H

#include <stdbool.h>

#include "../input/doc.h"
#include "template.h"

/* A lower bound of the pages doc takes in t, from its characters alone:
 * each Han character is at least an em of its style's size wide, each
 * visible ASCII character a fifth of one, and no page holds more line
 * length than its type area divided by the smallest leading. Boards
 * (whose copyfit shrinks the text) give 0. Never fails. */
long pb_pagelimit_estimate(const pb_doc *doc, const pb_template *t);

/* False, with an error naming the estimate and how to raise the limit, when
 * that lower bound is above pb_limit_pages(). */
bool pb_pagelimit_check(const pb_doc *doc, const pb_template *t, pb_diags *d);

#endif
