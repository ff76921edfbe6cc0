/* date: an article's date as written (2026-05-18 08:30, 2026/5/18, 2026年5月18日)
 * read into its parts, and printed the way a layout's date_format asks.
 * Consumes: front matter text. Produces: pb_date, and the text to print. */
#ifndef PB_DATE_H
#define PB_DATE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    int year, month, day;
    int hour, minute, second; /* hour -1: no time given */
} pb_date;

typedef enum {
    PB_DATE_NONE, /* not written as a date */
    PB_DATE_OK,   /* a real day (and time) */
    PB_DATE_BAD,  /* written as a date, but no real day or time (2026-02-30, 25:00) */
} pb_date_kind;

/* Reads the date at the start of s: 2026-05-18, 2026/5/18, 2026.5.18 or
 * 2026年5月18日 (号, 號), then, when given, a weekday (星期一, 周一, （月）)
 * and a time (08:30, 8:30:15, after a space or T, with Z or +08:00 after
 * it). A year is 1900-2100. On OK, *end (when not NULL) points after what
 * was read; on BAD, why (n bytes) says what is wrong. Never fails. */
pb_date_kind pb_date_read(const char *s, pb_date *d, const char **end, char *why, size_t n);

/* Whether s is a date and nothing else (spaces around it aside). */
bool pb_date_parse(const char *s, pb_date *d);

/* fmt with {year} {month} {day} (no leading zeros), {mm} {dd} (two
 * digits), {weekday} (星期五; ja 金曜日), {wd} (五; ja 金) and {time}
 * (7:35; nothing when the date has none) filled in for lang ("zh-Hans",
 * "zh-Hant", "ja"; NULL: zh-Hans), spaces at either end removed; any
 * other {key} stays as written. Caller frees. */
char *pb_date_format(const pb_date *d, const char *fmt, const char *lang);

/* The first {key} in fmt that pb_date_format() does not know, copied into
 * bad (n bytes) as written; false when it knows them all. */
bool pb_date_format_unknown(const char *fmt, char *bad, size_t n);

/* s as a layout prints it: formatted by fmt when s is a date
 * (pb_date_parse), else s as written. NULL when s is NULL. Caller frees. */
char *pb_date_text(const char *s, const char *fmt, const char *lang);

#endif
