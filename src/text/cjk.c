/* Character classes after clreq ("Punctuation Adjustment Space", "Prohibition
 * Rules for Line Start and Line End") with the GB/T 15834 mark set. Pango's
 * UAX #14 breaker is a good base for mixed text but is tuned for Western
 * quotation: it forbids breaks on both sides of “ ” ‘ ’ and allows them on
 * both sides of the middle dot (docs/traps.md, Pango's break rules). pb_cjk_break_allowed
 * corrects those cases and adds the Chinese prohibitions on top, so that a
 * break the paragraph builder can choose is always a legal one. */
#include "cjk.h"

#include <stddef.h>

static bool in(uint32_t c, const uint32_t *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (set[i] == c)
            return true;
    return false;
}
#define IN(c, set) in((c), (set), sizeof(set) / sizeof(set[0]))

static const uint32_t OPEN[] = {0x201C, 0x2018, 0xFF08, 0xFF3B, 0xFF5B, 0x3014, 0x3008, 0x300A,
                                0x300C, 0x300E, 0x3010, 0x3016, 0x3018, 0x301A, 0x301D, 0xFF5F};
static const uint32_t CLOSE[] = {0x201D, 0x2019, 0xFF09, 0xFF3D, 0xFF5D, 0x3015, 0x3009, 0x300B,
                                 0x300D, 0x300F, 0x3011, 0x3017, 0x3019, 0x301B, 0x301E, 0x301F,
                                 0xFF60};
static const uint32_t PAUSE[] = {0xFF0C, 0x3001, 0xFF1B, 0xFF1A, 0xFF0E};
static const uint32_t STOP[] = {0x3002, 0xFF1F, 0xFF01};
static const uint32_t MIDDOT[] = {0x00B7, 0x30FB, 0x2027, 0xFF65};
static const uint32_t DASH[] = {0x2014, 0x2015, 0x2E3A, 0x2E3B, 0x2500};
static const uint32_t ELLIPSIS[] = {0x2026, 0x22EF, 0x2025};
static const uint32_t CONNECT[] = {0xFF5E, 0x301C, 0x2013};

pb_cjk_class pb_cjk_class_of(uint32_t c)
{
    if (c == ' ' || c == '\t' || c == 0x2002 || c == 0x2003 || c == 0x2009)
        return PB_CC_SPACE;
    if (c == 0x3000)
        return PB_CC_IDSPACE;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
        (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c <= 0x4FF) ||
        pb_cjk_is_rtl_letter(c))
        return PB_CC_LATIN;
    if (IN(c, OPEN))
        return PB_CC_OPEN;
    if (IN(c, CLOSE))
        return PB_CC_CLOSE;
    if (IN(c, PAUSE))
        return PB_CC_PAUSE;
    if (IN(c, STOP))
        return PB_CC_STOP;
    if (IN(c, MIDDOT))
        return PB_CC_MIDDOT;
    if (IN(c, DASH))
        return PB_CC_DASH;
    if (IN(c, ELLIPSIS))
        return PB_CC_ELLIPSIS;
    if (IN(c, CONNECT))
        return PB_CC_CONNECT;
    if (pb_cjk_is_ideographic(c))
        return PB_CC_HAN;
    if (c < 0x80 || (c >= 0x2000 && c <= 0x206F) || (c >= 0xA0 && c <= 0xBF))
        return PB_CC_LATIN_PUNCT;
    return PB_CC_OTHER;
}

/* Hebrew and Arabic are set like Latin words: no space added between their
 * letters (Arabic letters join), a Han–Latin space beside Han. */
bool pb_cjk_is_rtl_letter(uint32_t c)
{
    return (c >= 0x590 && c <= 0x8FF) || (c >= 0xFB1D && c <= 0xFDFF) ||
           (c >= 0xFE70 && c <= 0xFEFE);
}

/* Marks that follow a number (CLR-16) and the small kana of JLREQ cl-11,
 * which only the strict level keeps from starting a line. */
static const uint32_t NUMBER_SUFFIX[] = {'%', 0x00B0, 0x2030, 0x2032, 0x2033, 0x2103, 0xFF05};
static const uint32_t SMALL_KANA[] = {
    0x3005, 0x303B, 0x309D, 0x309E, 0x30FC, 0x30FD, 0x30FE, 0x3041, 0x3043, 0x3045, 0x3047,
    0x3049, 0x3063, 0x3083, 0x3085, 0x3087, 0x308E, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9,
    0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE, 0x30F5, 0x30F6};
static const uint32_t LATIN_CLOSE[] = {'!', ')', ',', '.', ':', ';', '?', ']', '}', 0x203C,
                                       0x2047, 0x2048, 0x2049};
static const uint32_t LATIN_OPEN[] = {'(', '[', '{'};
static const uint32_t PREFIX[] = {0x00A3, 0x00A5, 0xFFE5, 0xFFE1, '$'};
static const uint32_t SOLIDUS[] = {'/', 0xFF0F};

bool pb_cjk_no_start(uint32_t c, pb_strictness s)
{
    pb_cjk_class k = pb_cjk_class_of(c);
    /* loose: closing brackets, pause and stop marks (CLR-12's core) */
    if (k == PB_CC_CLOSE || k == PB_CC_PAUSE || k == PB_CC_STOP || IN(c, LATIN_CLOSE))
        return true;
    if (s == PB_BREAK_LOOSE)
        return false;
    /* normal: basic (interpuncts, connectors) and number suffixes */
    if (k == PB_CC_MIDDOT || k == PB_CC_CONNECT || IN(c, NUMBER_SUFFIX))
        return true;
    if (s == PB_BREAK_NORMAL)
        return false;
    /* strict: the two-em dash and the ellipsis (CLR-14), small kana */
    return k == PB_CC_DASH || k == PB_CC_ELLIPSIS || IN(c, SMALL_KANA);
}

bool pb_cjk_no_end(uint32_t c, pb_strictness s)
{
    if (pb_cjk_class_of(c) == PB_CC_OPEN || IN(c, LATIN_OPEN))
        return true;
    if (s == PB_BREAK_LOOSE)
        return false;
    return IN(c, PREFIX) || IN(c, SOLIDUS); /* CLR-13, CLR-16 */
}

static bool is_digit(uint32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }

bool pb_cjk_break_allowed(uint32_t a, uint32_t b, bool uax, pb_strictness s)
{
    pb_cjk_class ka = pb_cjk_class_of(a), kb = pb_cjk_class_of(b);
    if (pb_cjk_no_start(b, s) || pb_cjk_no_end(a, s))
        return false;
    /* CLR-15: ——, ……, ⋯⋯ are one unit, whatever the level */
    if ((ka == PB_CC_DASH && kb == PB_CC_DASH) || (ka == PB_CC_ELLIPSIS && kb == PB_CC_ELLIPSIS))
        return false;
    /* CLR-17: never around the interpunct */
    if (ka == PB_CC_MIDDOT || kb == PB_CC_MIDDOT)
        return false;
    /* CLR-16: a number stays with the Han unit or counter written after it */
    if (s != PB_BREAK_LOOSE && is_digit(a) && kb == PB_CC_HAN)
        return false;
    /* CLR-4: Pango forbids breaks before “ and after ” (class QU); in Chinese
     * text they behave as opening and closing brackets */
    if (kb == PB_CC_OPEN && (ka == PB_CC_HAN || pb_cjk_is_halfblank(ka) || ka == PB_CC_DASH ||
                             ka == PB_CC_ELLIPSIS))
        return true;
    if ((ka == PB_CC_CLOSE || ka == PB_CC_DASH || ka == PB_CC_ELLIPSIS) &&
        (kb == PB_CC_HAN || kb == PB_CC_OPEN))
        return true;
    /* between two Han, and after a pause or stop mark */
    if ((ka == PB_CC_HAN || ka == PB_CC_PAUSE || ka == PB_CC_STOP) && kb == PB_CC_HAN)
        return true;
    return uax;
}
