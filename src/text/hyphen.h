/* hyphen: Latin paragraphs and their hyphenation. Whether a paragraph is set
 * as Latin (more Latin letters than Han characters), and where an English
 * word may be hyphenated, from libhyphen with the patterns of Debian's
 * hyphen-en-us. Consumes: UTF-8 text. Produces: decisions for vlist.c and
 * items.c. */
#ifndef PB_HYPHEN_H
#define PB_HYPHEN_H

#include <stdbool.h>

#include "../base/diag.h"

/* Whether s[0, len) is set as a Latin paragraph: it holds more Latin
 * letters (A–Z, a–z and the Latin-1/Extended letters) than Han characters
 * and kana (README, Typography). Digits and marks count for neither. */
bool pb_text_is_latin(const char *s, int len);

/* The hyphenation patterns' file: $PAIBAN_HYPHEN_DIR/hyph_en_US.dic, else
 * /usr/share/hyphen/hyph_en_US.dic. */
const char *pb_hyphen_path(void);

/* Whether the patterns are loaded (the first call loads them). When they
 * cannot be, a call with d set warns in d, once per d, naming the file and
 * the package, and English is set without hyphenation. */
bool pb_hyphen_ready(pb_diags *d);

/* The hyphenation points of the word w[0, n) (ASCII letters only): after[i]
 * is set when a hyphen may follow letter i, at least two letters from the
 * word's start and three from its end. Returns how many points there are;
 * 0 when the patterns are missing or w is no plain ASCII word. */
int pb_hyphen_word(const char *w, int n, bool *after);

/* Whether the quote mark at byte at of s[0, len) (’ ‘ “ ”) stands in Latin
 * context. In a Latin paragraph (latin_para): next to a Latin letter or
 * digit on one side (“The, 1990s’) and with no CJK character or mark on
 * either side; in a Chinese one only an apostrophe between two Latin
 * letters (People’s), so that a pair of quotes is never split between
 * the faces. Such a mark is
 * set from the Latin face at its proportional width (shape.c) and counts as
 * Latin punctuation (items.c). */
bool pb_latin_quote(const char *s, int len, int at, bool latin_para);

#endif
