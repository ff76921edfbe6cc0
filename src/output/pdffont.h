/* pdffont: a font subset embedded in a PDF, with its widths and text map.
 * Consumes: pb_subset_file (fontsubset.c) and the text each glyph is drawn
 * for. Produces: the font's objects in a pb_pdffile. */
#ifndef PB_PDFFONT_H
#define PB_PDFFONT_H

#include "fontsubset.h"
#include "pdffile.h"

typedef struct {
    const pb_subset_file *file;
    int type0;     /* the Type0 font's object id; 0 while the font is unused */
    double *width; /* advance of each glyph in 1/1000 em, as written in /W */
    char **text;   /* the text each glyph stands for (ToUnicode); NULL: none yet */
    size_t *text_len;
} pb_pdffont;

/* Widths from the subset's hmtx; no text yet. Free with pb_pdffont_fini(). */
void pb_pdffont_init(pb_pdffont *f, const pb_subset_file *file);
void pb_pdffont_fini(pb_pdffont *f);
/* Let glyph g stand for text s in the ToUnicode map; false when it already
 * stands for other text (draw it in an ActualText span then). */
bool pb_pdffont_map(pb_pdffont *f, uint32_t g, const char *s, size_t len);
/* Write the font (at object f->type0) with its descendant font, descriptor,
 * font program and ToUnicode map. Never fails. */
void pb_pdffont_put(pb_pdffile *p, const pb_pdffont *f);

#endif
