/* fonts: the font machinery of one process: a fontconfig setup restricted to
 * the project's families, a Pango font map and context at 72 dpi.
 * Consumes: fonts/fonts.conf. Produces: pb_fonts, used by shaping. */
#ifndef PB_FONTS_H
#define PB_FONTS_H

#include <pango/pango.h>

#include "../base/diag.h"

typedef struct pb_shapecache pb_shapecache;

typedef struct pb_fonts {
    PangoFontMap *map;
    PangoContext *ctx; /* 72 dpi, unrounded positions, no hinting */
    pb_shapecache *shapes; /* runs shaped so far (shapecache.h), freed with the fonts */
} pb_fonts;

/* Load conf (a fontconfig file; NULL uses the system setup). Returns NULL on
 * error. Caller frees with pb_fonts_free(). */
pb_fonts *pb_fonts_new(const char *conf, pb_diags *d);
void pb_fonts_free(pb_fonts *f);
/* Set the language used for itemizing ("zh-cn", "zh-tw", "ja"). */
void pb_fonts_set_language(pb_fonts *f, const char *lang);
/* Whether fontconfig knows the family (for a warning on unknown families). */
bool pb_fonts_has_family(pb_fonts *f, const char *family);
/* family with its Noto CJK faces in the region of lang (a Pango language:
 * "zh-tw" and "zh-hk" take the TC and HK faces for SC). Caller frees. */
char *pb_fonts_family_for(const char *family, const char *lang);
/* The face the full-width marks (CLR-21) of text in family are taken from,
 * or NULL when family's own are: a face whose “ ” are proportional or whose
 * marks are not centred for Traditional text (LXGW WenKai) borrows the Noto
 * Serif CJK marks of lang's region, so that every face's marks are an em
 * wide and get the same half-em treatment (items.c). */
const char *pb_fonts_mark_face(const char *family, const char *lang);

#endif
