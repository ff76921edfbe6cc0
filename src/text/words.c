/* Word boundaries for display text (titles, heads, credits), which break only
 * between words. Chinese and Japanese write no spaces, so the boundaries come
 * from ICU's word break iterator: UAX #29 with its dictionary-based engine
 * for Han and kana (the CJ dictionary, words chosen by their frequency), the
 * segmentation browsers use for double-click selection and Intl.Segmenter.
 * The text is read as UTF-8 in place (UText), so the iterator's indices are
 * byte offsets of the paragraph. */
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

uint8_t *pb_words_boundaries(const char *s, int len, const char *lang)
{
    UErrorCode e = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, s, len, &e);
    UBreakIterator *bi = ubrk_open(UBRK_WORD, icu_locale(lang), NULL, 0, &e);
    if (U_SUCCESS(e))
        ubrk_setUText(bi, ut, &e);
    uint8_t *b = NULL;
    if (U_SUCCESS(e)) {
        b = pb_xcalloc((size_t)len + 1, 1);
        b[0] = b[len] = 1;
        for (int32_t i = ubrk_first(bi); i != UBRK_DONE; i = ubrk_next(bi))
            if (i >= 0 && i <= len)
                b[i] = 1;
    }
    ubrk_close(bi);
    utext_close(ut);
    return b;
}
