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
    if (pb_cjk_is_ideographic(c) || (c >= 0xFF66 && c <= 0xFF9D)) /* and half-width kana */
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

/* The character classes of CSS Text 3, §5.2 "Line Breaking Strictness: the
 * line-break property", with their UAX #14 line-breaking class: what each of
 * strict, normal and loose must forbid or allow in Chinese and Japanese
 * text, so that paiban breaks where a browser does. Where the project's
 * Chinese rules (CLR-12…17, GB/T 15834) forbid more than CSS, they win;
 * README's Typography table lists each class at each level. */

/* Small kana and the prolonged sound mark (CJ): not at a line start in
 * strict only. */
bool pb_cjk_is_small_kana(uint32_t c)
{
    static const uint32_t SMALL[] = {0x3041,  0x3043,  0x3045,  0x3047,  0x3049,  0x3063,  0x3083,
                                     0x3085,  0x3087,  0x308E,  0x3095,  0x3096,  0x30A1,  0x30A3,
                                     0x30A5,  0x30A7,  0x30A9,  0x30C3,  0x30E3,  0x30E5,  0x30E7,
                                     0x30EE,  0x30F5,  0x30F6,  0x30FC,  0x1B132, 0x1B150, 0x1B151,
                                     0x1B152, 0x1B155, 0x1B164, 0x1B165, 0x1B166, 0x1B167};
    return (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xFF67 && c <= 0xFF70) || IN(c, SMALL);
}
/* Iteration marks (NS): not at a line start in strict and normal. */
static const uint32_t ITERATION[] = {0x3005, 0x303B, 0x309D, 0x309E, 0x30FD, 0x30FE};
/* CJK hyphen-like characters (NS): 〜 and ゠ start a line in normal and
 * loose. paiban keeps 〜 (the wave-dash connector) off a line start in
 * normal too, as GB/T 15834 does every connector (CLR-12). */
static const uint32_t CJK_HYPHEN[] = {0x301C, 0x30A0};
/* Hyphens (BA): ‐ and – start a line only in loose, after an ideograph. */
static const uint32_t HYPHEN[] = {0x2010, 0x2013};
/* Inseparable characters (IN): nothing breaks before them (UAX #14 LB22);
 * CSS loose lets a break fall between two of them, paiban never (CLR-15). */
static const uint32_t INSEPARABLE[] = {0x2024, 0x2025, 0x2026, 0x22EF, 0xFE19};
/* Postfix characters (PO) of East Asian width A, F or W: not at a line
 * start in strict and normal; '%' is kept with its number too (CLR-16). */
static const uint32_t POSTFIX[] = {0x00B0, 0x2030, 0x2032, 0x2033, 0x2035, 0x2103,
                                   0x2109, 0xFE6A, 0xFF05, 0xFFE0, '%'};
/* Prefix characters (PR) of East Asian width A, F or W: not at a line end in
 * strict and normal; the narrow £ ¥ $ too (CLR-16). */
static const uint32_t PREFIX[] = {0x00A4, 0x00B1, 0x20AC, 0x2116, 0xFE69, 0xFF04,
                                  0xFFE1, 0xFFE5, 0xFFE6, 0x00A3, 0x00A5, '$'};
enum { PREFIX_CSS = 9 }; /* PREFIX[0, 9) are CSS's */
static const uint32_t LATIN_CLOSE[] = {'!', ')', ',', '.', ':', ';', '?', ']', '}', 0x203C,
                                       0x2047, 0x2048, 0x2049};
static const uint32_t LATIN_OPEN[] = {'(', '[', '{'};
static const uint32_t SOLIDUS[] = {'/', 0xFF0F};

bool pb_cjk_no_start(uint32_t c, pb_strictness s)
{
    pb_cjk_class k = pb_cjk_class_of(c);
    /* every level: closing brackets, pause and stop marks (CLR-12's core,
     * the centred ：；！？ included, which CSS loose lets start a line),
     * interpuncts (CLR-17), inseparables (UAX #14) */
    if (k == PB_CC_CLOSE || k == PB_CC_PAUSE || k == PB_CC_STOP || k == PB_CC_MIDDOT ||
        k == PB_CC_ELLIPSIS || IN(c, LATIN_CLOSE) || IN(c, INSEPARABLE))
        return true;
    if (s == PB_BREAK_LOOSE)
        return IN(c, HYPHEN); /* unless after an ideograph: pb_cjk_break_allowed */
    /* normal: connectors (～ 〜 –, and ‐), iteration marks, number suffixes */
    if (k == PB_CC_CONNECT || IN(c, HYPHEN) || IN(c, ITERATION) || IN(c, POSTFIX))
        return true;
    if (s == PB_BREAK_NORMAL)
        return false;
    /* strict: the dash (CLR-14), small kana and ー, ゠ */
    return k == PB_CC_DASH || pb_cjk_is_small_kana(c) || IN(c, CJK_HYPHEN);
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

bool pb_cjk_is_digit(uint32_t c)
{
    return is_digit(c);
}

bool pb_cjk_number_unit(uint32_t a, uint32_t b, pb_strictness s)
{
    return s != PB_BREAK_LOOSE && is_digit(a) && pb_cjk_class_of(b) == PB_CC_HAN;
}

bool pb_cjk_is_range_dash(uint32_t c)
{
    pb_cjk_class k = pb_cjk_class_of(c);
    return k == PB_CC_DASH || k == PB_CC_CONNECT || c == 0x2010;
}

bool pb_cjk_break_allowed(uint32_t a, uint32_t b, bool uax, pb_strictness s)
{
    pb_cjk_class ka = pb_cjk_class_of(a), kb = pb_cjk_class_of(b);
    /* CSS Text 3 §5.2: loose lets ‐ and – start a line after an ideograph */
    if (s == PB_BREAK_LOOSE && IN(b, HYPHEN) && ka == PB_CC_HAN)
        return true;
    if (pb_cjk_no_start(b, s) || pb_cjk_no_end(a, s))
        return false;
    /* CLR-15: ——, ……, ⋯⋯ are one unit, whatever the level */
    if ((ka == PB_CC_DASH && kb == PB_CC_DASH) || (ka == PB_CC_ELLIPSIS && kb == PB_CC_ELLIPSIS))
        return false;
    /* CLR-17: never around the interpunct */
    if (ka == PB_CC_MIDDOT || kb == PB_CC_MIDDOT)
        return false;
    /* CLR-16: a number stays with the Han unit or counter written after it */
    if (pb_cjk_number_unit(a, b, s))
        return false;
    /* CSS Text 3 §5.2: what a level allows, whatever UAX #14 says */
    if (s != PB_BREAK_STRICT && (pb_cjk_is_small_kana(b) || IN(b, CJK_HYPHEN)))
        return true;
    if (s == PB_BREAK_LOOSE) {
        for (size_t i = 0; i < PREFIX_CSS; i++)
            if (a == PREFIX[i])
                return true;
        if (IN(b, ITERATION) || (IN(b, POSTFIX) && b != '%'))
            return true;
    }
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
