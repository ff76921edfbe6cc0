/* cjkchar: which code points are Chinese, Japanese or Korean — the one set of
 * range tests every stage shares (the text stage's classes build on them).
 * Consumes: code points. Produces: yes or no. */
#ifndef PB_CJKCHAR_H
#define PB_CJKCHAR_H

#include <stdbool.h>
#include <stdint.h>

/* Han ideographs: CJK Unified Ideographs and Extension A, Extensions B–I and
 * the Compatibility Ideographs Supplement (planes 2 and 3), the Compatibility
 * Ideographs, and 〇 (U+3007, an ideograph by Unicode's property). For
 * counting characters and telling a Chinese word from a Japanese or a Latin
 * one. Never fails. */
bool pb_cjk_is_han(uint32_t c);

/* What is set one em wide with no blank, the "ideographic" side of a
 * Han–Latin boundary: Han, radicals, 々〆, kana, bopomofo, Hangul
 * syllables, full-width letters and digits. Never fails. */
bool pb_cjk_is_ideographic(uint32_t c);

/* CJK text, its punctuation included: the ideographic characters, CJK
 * symbols and punctuation (U+3000–303F), enclosed CJK letters and CJK
 * compatibility squares (U+3200–33FF), the Yijing hexagrams, vertical forms
 * (U+FE10–FE1F), CJK compatibility forms (U+FE30–FE4F) and the full- and
 * half-width forms (U+FF00–FFEF). For deciding which side of a boundary a
 * mark belongs to. Never fails. */
bool pb_cjk_is_text(uint32_t c);

#endif
