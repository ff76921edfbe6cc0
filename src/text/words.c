/* Word boundaries for display text (titles, heads, credits), which break only
 * between words. Chinese and Japanese write no spaces, so the boundaries come
 * from ICU's word break iterator: UAX #29 with its dictionary-based engine
 * for Han and kana (the CJ dictionary, words chosen by their frequency), the
 * segmentation browsers use for double-click selection and Intl.Segmenter.
 * Japanese breaks a headline between phrases (bunsetsu: 「川辺に」, a noun
 * with its particle), not between every word, so for ja the boundaries are
 * also the line breaks of ICU's phrase-based line breaking (`ja@lw=phrase`,
 * CSS's `word-break: auto-phrase`). The text is read as UTF-8 in place
 * (UText), so the iterators' indices are byte offsets of the paragraph. */
#include "words.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "../base/util.h"

static const char *icu_locale(const char *lang)
{
    if (!lang)
        return "zh";
    if (!strcmp(lang, "zh-tw") || !strcmp(lang, "zh-hk") || !strcmp(lang, "zh-Hant"))
        return "zh_Hant";
    if (!strncmp(lang, "ja", 2))
        return "ja";
    return "zh";
}

/* Into b (len + 1 flags): the boundaries of kind in locale, |= (mark) or
 * &= (keep only those). False when ICU cannot. */
static bool boundaries(UText *ut, UBreakIteratorType kind, const char *locale, uint8_t *b,
                       int len, bool keep)
{
    UErrorCode e = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(kind, locale, NULL, 0, &e);
    if (U_SUCCESS(e))
        ubrk_setUText(bi, ut, &e);
    if (U_SUCCESS(e)) {
        uint8_t *got = keep ? pb_xcalloc((size_t)len + 1, 1) : b;
        for (int32_t i = ubrk_first(bi); i != UBRK_DONE; i = ubrk_next(bi))
            if (i >= 0 && i <= len)
                got[i] = 1;
        for (int i = 0; keep && i <= len; i++)
            b[i] &= got[i];
        if (keep)
            free(got);
    }
    ubrk_close(bi);
    return U_SUCCESS(e);
}

uint8_t *pb_words_boundaries(const char *s, int len, const char *lang)
{
    UErrorCode e = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, s, len, &e);
    const char *locale = icu_locale(lang);
    uint8_t *b = pb_xcalloc((size_t)len + 1, 1);
    bool ok = U_SUCCESS(e) && boundaries(ut, UBRK_WORD, locale, b, len, false);
    if (ok && !strcmp(locale, "ja"))
        ok = boundaries(ut, UBRK_LINE, "ja@lw=phrase", b, len, true);
    utext_close(ut);
    if (!ok) {
        free(b);
        return NULL;
    }
    b[0] = b[len] = 1;
    return b;
}
