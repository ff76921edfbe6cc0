/* cjk: character classes of Chinese (and Japanese) text layout, and the
 * line-break rules that follow from them (W3C clreq; docs/clreq.md CLR-11…17, 21)
 * and the line-break levels of CSS Text 3 §5.2.
 * Consumes: code points. Produces: classes and break decisions for items.c. */
#ifndef PB_CJK_H
#define PB_CJK_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/cjkchar.h"
#include "style.h"

typedef enum {
    PB_CC_OTHER,
    PB_CC_HAN,      /* ideographs, kana, full-width letters: one em, no blank */
    PB_CC_OPEN,     /* opening brackets and quotes: blank before the ink */
    PB_CC_CLOSE,    /* closing brackets and quotes: blank after the ink */
    PB_CC_PAUSE,    /* ，、；： pause marks: blank after the ink (mainland) */
    PB_CC_STOP,     /* 。？！ stops: blank after the ink (mainland) */
    PB_CC_MIDDOT,   /* · ・ ‧ interpuncts */
    PB_CC_DASH,     /* — ― ⸺ dashes (GB long connector / two-em dash) */
    PB_CC_ELLIPSIS, /* … ⋯ */
    PB_CC_CONNECT,  /* ～ – short connectors */
    PB_CC_LATIN,    /* Latin letters and European digits */
    PB_CC_LATIN_PUNCT, /* ASCII/Latin punctuation and symbols */
    PB_CC_SPACE,    /* U+0020 and other breaking spaces */
    PB_CC_IDSPACE,  /* U+3000 ideographic space */
} pb_cjk_class;

/* Hebrew, Arabic and the scripts between them (U+0590..U+08FF) and their
 * presentation forms. */
bool pb_cjk_is_rtl_letter(uint32_t c);
pb_cjk_class pb_cjk_class_of(uint32_t c);

/* Full-width punctuation whose em box carries half an em of blank. */
static inline bool pb_cjk_is_halfblank(pb_cjk_class k)
{
    return k == PB_CC_OPEN || k == PB_CC_CLOSE || k == PB_CC_PAUSE || k == PB_CC_STOP;
}

/* May not start / may not end a line at the given strictness (CLR-11…14). */
bool pb_cjk_no_start(uint32_t c, pb_strictness s);
bool pb_cjk_no_end(uint32_t c, pb_strictness s);

/* Small kana and the prolonged sound mark ー (UAX #14 class CJ). */
bool pb_cjk_is_small_kana(uint32_t c);
/* A European or full-width digit. */
bool pb_cjk_is_digit(uint32_t c);
/* A dash that can stand between two numbers as a range: — ― ⸺ – ～ 〜 ‐. */
bool pb_cjk_is_range_dash(uint32_t c);

/* A number and the Han unit after it (2025年): no break between them
 * in strict and normal (CLR-16) but as a last resort (PB_LAST_RESORT). */
bool pb_cjk_number_unit(uint32_t a, uint32_t b, pb_strictness s);

/* Tailor a line-break opportunity between a and b (code points either side of
 * the boundary). uax is what Pango's UAX #14 breaker said. Returns whether a
 * break is allowed there. */
bool pb_cjk_break_allowed(uint32_t a, uint32_t b, bool uax, pb_strictness s);

#endif
