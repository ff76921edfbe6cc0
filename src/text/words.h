/* words: where the words of Chinese and Japanese text begin and end, from
 * ICU's dictionary-based word break iterator. Consumes: UTF-8 text and its
 * Pango language. Produces: a word boundary flag per byte, for items.c. */
#ifndef PB_WORDS_H
#define PB_WORDS_H

#include <stdint.h>

/* A flag per byte of s[0, len] (len + 1 of them): 1 where a word boundary
 * lies before that byte (always at 0 and len). lang is the Pango language
 * ("zh-cn", "zh-tw", "ja"); NULL is zh-cn. Returns NULL when ICU cannot
 * segment the text (every position is then a boundary). Caller frees. */
uint8_t *pb_words_boundaries(const char *s, int len, const char *lang);

#endif
