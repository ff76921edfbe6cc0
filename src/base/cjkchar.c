/* The ranges are Unicode blocks (Unicode 15.1 names). Planes 2 and 3 are
 * taken whole: they hold only ideographs (Extensions B–I and the
 * Compatibility Ideographs Supplement), and one assigned later is one too. */
#include "cjkchar.h"

bool pb_cjk_is_han(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) ||   /* CJK Unified Ideographs */
           (c >= 0x3400 && c <= 0x4DBF) ||   /* Extension A */
           (c >= 0xF900 && c <= 0xFAFF) ||   /* Compatibility Ideographs */
           (c >= 0x20000 && c <= 0x3FFFF) || /* Extensions B–I, Compatibility Supplement */
           c == 0x3007;                      /* 〇 */
}

bool pb_cjk_is_ideographic(uint32_t c)
{
    return pb_cjk_is_han(c) ||
           (c >= 0x2E80 && c <= 0x2FDF) ||   /* radicals */
           (c >= 0x3005 && c <= 0x3006) ||   /* 々〆 */
           (c >= 0x3040 && c <= 0x30FF) ||   /* kana */
           (c >= 0x3100 && c <= 0x31FF) ||   /* bopomofo, kana ext */
           (c >= 0xFF10 && c <= 0xFF19) ||   /* full-width digits */
           (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A) ||
           (c >= 0xAC00 && c <= 0xD7AF);     /* hangul */
}

bool pb_cjk_is_text(uint32_t c)
{
    return pb_cjk_is_ideographic(c) ||
           (c >= 0x3000 && c <= 0x303F) ||   /* CJK symbols and punctuation */
           (c >= 0x3200 && c <= 0x33FF) ||   /* enclosed CJK, compatibility squares */
           (c >= 0x4DC0 && c <= 0x4DFF) ||   /* Yijing hexagrams */
           (c >= 0xFE10 && c <= 0xFE1F) ||   /* vertical forms */
           (c >= 0xFE30 && c <= 0xFE4F) ||   /* CJK compatibility forms */
           (c >= 0xFF00 && c <= 0xFFEF);     /* full- and half-width forms */
}
