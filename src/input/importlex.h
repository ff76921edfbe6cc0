/* importlex: how importrules.c and importmeta.c read one line of pasted text.
 * Consumes: the line (UTF-8). Produces: its characters and the words at a point,
 * the limits of the line rules, and importmeta.c's rules for the classifier. */
#ifndef PB_IMPORTLEX_H
#define PB_IMPORTLEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/util.h"
#include "importrules.h"

/* Limits, in characters (CJK 1, other ½; pb_importrules_width). */
enum {
    HEAD_MAX = 25,       /* a plain head */
    COLON_HEAD_MAX = 40, /* a head "lead：rest" */
    COLON_LEAD_MAX = 10, /* its lead */
    TITLE_MAX = 64,      /* a title, kicker or subtitle */
    FIELD_MAX = 40,      /* a meta field's value (来源：…) */
    BYLINE_MAX = 40,     /* a byline or photo credit alone on its line */
    FURNITURE_MAX = 100, /* a breadcrumb or widget line */
    CAPTION_MAX = 300,   /* a caption line */
    NUMBERED_MAX = 40,   /* a numbered head, number included */
    MAX_CREDITS = 16,    /* fields of one meta line */
    META_MAX = 160,      /* a whole meta line */
};

/* The readers both files use. Static inline: each file has its own copy,
 * and the library exports none of them. */

/* ---- characters ---- */

static inline uint32_t char_at(const char *s, int *adv)
{
    size_t n = strnlen(s, 4);
    if (!n) {
        *adv = 0;
        return 0;
    }
    return pb_utf8_decode(s, n, adv);
}

static inline uint32_t first_char(const char *s)
{
    int adv;
    return char_at(s, &adv);
}

/* The character that ends at s + n (n > 0); its start in *start. */
static inline uint32_t char_before(const char *s, size_t n, size_t *start)
{
    size_t i = n - 1;
    while (i > 0 && n - i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    int adv;
    uint32_t c = pb_utf8_decode(s + i, n - i, &adv);
    *start = i;
    return c;
}

static inline bool is_space_c(uint32_t c)
{
    return c == ' ' || c == '\t' || c == 0xA0 || c == 0x3000;
}

static inline bool is_colon(uint32_t c)
{
    return c == ':' || c == 0xFF1A || c == 0xFE30;
}

static inline bool in_set(uint32_t c, const char *set)
{
    for (const char *p = set; *p;) {
        int adv;
        if (char_at(p, &adv) == c)
            return true;
        p += adv;
    }
    return false;
}

static inline const char *skip_spaces(const char *p)
{
    for (int adv; *p && is_space_c(char_at(p, &adv));)
        p += adv;
    return p;
}

/* After a colon (half- or full-width) and the spaces that follow; NULL when none. */
static inline const char *after_colon(const char *p)
{
    int adv;
    p = skip_spaces(p);
    if (!is_colon(char_at(p, &adv)))
        return NULL;
    return skip_spaces(p + adv);
}

static inline const char *after_prefix(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(s, prefix, n) ? NULL : s + n;
}

/* The longest word of list at s; returns the text after it, NULL when none. */
static inline const char *after_any(const char *s, const char *const *list, size_t *which)
{
    const char *best = NULL;
    for (size_t i = 0; list[i]; i++) {
        const char *e = after_prefix(s, list[i]);
        if (e && (!best || e > best)) {
            best = e;
            if (which)
                *which = i;
        }
    }
    return best;
}

static inline bool equals_any(const char *s, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(s, list[i]))
            return true;
    return false;
}

static inline bool has_any(const char *s, const char *set)
{
    for (int adv; *s; s += adv)
        if (in_set(char_at(s, &adv), set))
            return true;
    return false;
}

static inline bool ends_with_any(const char *s, const char *const *list)
{
    size_t n = strlen(s);
    for (size_t i = 0; list[i]; i++) {
        size_t m = strlen(list[i]);
        if (n >= m && !strcmp(s + n - m, list[i]))
            return true;
    }
    return false;
}

/* Length of n..m ASCII digits at p; 0 when fewer than n. */
static inline size_t digits(const char *p, size_t n, size_t m)
{
    size_t k = 0;
    while (k < m && p[k] >= '0' && p[k] <= '9')
        k++;
    return k >= n ? k : 0;
}

/* ---- brackets ---- */

static const char OPENERS[] = "（([【〔「『《〈<";
static const char CLOSERS[] = "）)]】〕」』》〉>";

/* s without one pair of brackets around the whole of it (arena copy), or NULL. */
static inline char *unbracket(const char *s, pb_arena *a)
{
    int adv;
    uint32_t o = char_at(s, &adv);
    size_t n = strlen(s), st;
    if (!in_set(o, OPENERS) || n <= (size_t)adv)
        return NULL;
    uint32_t c = char_before(s, n, &st);
    if (!in_set(c, CLOSERS) || st < (size_t)adv)
        return NULL;
    return pb_arena_strndup(a, s + adv, st - (size_t)adv);
}

static inline char *trimmed(const char *s, const char *e, pb_arena *a)
{
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    while (e > s) {
        size_t st;
        uint32_t c = char_before(s, (size_t)(e - s), &st);
        if (!is_space_c(c) && !in_set(c, "|｜"))
            break;
        e = s + st;
    }
    return pb_arena_strndup(a, s, (size_t)(e - s));
}

/* ---- importmeta.c ---- */

/* The end of a date at p (2025-06-20, 2023年06月26日, a weekday and a time
 * after it), or NULL. Rule "widget" asks it to leave a date line to rule
 * "meta". Points into p; never fails. */
const char *pb_importmeta_date_at(const char *p);

/* Rule "meta": a line made only of a date and "label：value" fields (时间：,
 * 来源：, 记者：, 编辑：…), also in brackets. False when anything else is on
 * the line; else fills li's date, source, byline and credits, allocated in a. */
bool pb_importmeta_fields(const char *s, pb_arena *a, pb_line_info *li);

/* Rule "byline": 记者 XXX, 文/XXX, XXX 文/图, (中央社記者XXX台北1日電) alone
 * on a line. Scratch copies in a; never fails. */
bool pb_importmeta_byline(const char *s, pb_arena *a);

#endif
