/* textdraw: glyph pieces drawn with the document's subset fonts, their text
 * kept so the PDF extracts. Consumes: a pb_layout's lines (collected before
 * drawing) and each piece as it is drawn. Produces: cairo text operations. */
#ifndef PB_TEXTDRAW_H
#define PB_TEXTDRAW_H

#include <cairo.h>
#include <pango/pango.h>

#include "../layout/page.h"

/* Collect the glyphs of every line of l, subset their fonts and attach the
 * result to cr; it is released with cr (cairo keeps the fonts it still needs
 * until the surface is finished). Never fails: a font that cannot be subset
 * is drawn through Pango as before. */
void pb_textdraw_attach(cairo_t *cr, const pb_layout *l);
/* Draw the glyph piece gi of text with its left end at the current point, as
 * pango_cairo_show_glyph_item() would, but with the subset font attached to
 * cr (or through Pango when there is none). */
void pb_textdraw_piece(cairo_t *cr, const char *text, const PangoGlyphItem *gi);

#endif
