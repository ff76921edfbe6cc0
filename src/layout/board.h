/* board: exhibition boards — copyfit, series and the title and footer bands.
 * Consumes: pb_doc + a board template. Produces: pb_layout (one page a board). */
#ifndef PB_BOARD_H
#define PB_BOARD_H

#include "page.h"

typedef struct {
    bool no_overflow; /* fail instead of continuing on a next board */
    pb_build_opts build;
} pb_board_opts;

/* Set doc on boards: the body size is the largest between the template's
 * copyfit minimum and maximum (max_short for a short text) at which the text
 * fits its board; a text that
 * does not fit one board even at the minimum becomes a series, split at
 * section heads into parts of similar weight, one board each, all at one
 * size. The chosen size is reported as a note in d. NULL on error (with
 * no_overflow, or no board at all). Caller frees with pb_layout_free(). */
pb_layout *pb_board_build(const pb_doc *doc, const pb_template *t, pb_fonts *fonts,
                          const pb_board_opts *o, pb_diags *d);

/* The whole of doc set at one body size as pb_board_build() sets a board
 * (gutters, bands, figures and vertical justification for that size), on as
 * many boards as it takes, cut nowhere. For copyfit's tests: the overflow at
 * each size. Caller frees with pb_layout_free(). */
pb_layout *pb_board_set_at(const pb_doc *doc, const pb_template *t, pb_fonts *fonts,
                           const pb_board_opts *o, pb_len size, pb_diags *d);
/* Characters set past the first board. Never fails. */
long pb_board_overflow(const pb_layout *l);

/* A copy of t with every body-text size (body, heads, note, captions,
 * credits, the grid) scaled so the body is `size`. Strings are shared with t:
 * free with free(), not pb_template_free(). */
pb_template *pb_template_scaled(const pb_template *t, pb_len size);

/* Split doc at section heads and breaks into n parts of similar weight (the
 * boards of a series); part[i] is the index of the first block of part i.
 * Returns the number of parts made (at most n). Never fails. */
int pb_board_split(const pb_doc *doc, int n, int *part);

#endif
