/* date: the article's date read and printed.
 *
 * Front matter keeps a date as written (`date: 2025-06-20 07:35:00`); what a
 * page prints is the newspaper's form, 「2025年6月20日 星期五」: no seconds, no
 * leading zeros, the weekday computed (Sakamoto's method for the Gregorian
 * calendar). The forms read are those pasted articles and authors use: ISO
 * with `-`, `/` or `.` between the parts, or 年月日, then an optional weekday
 * and time. A text that only starts like a date ("2026年5月18日上午") is no
 * date: a layout prints it as written rather than lose its words. */
#include "date.h"

#include <stdio.h>
#include <string.h>

#include "../base/util.h"

/* Between lo and hi ASCII digits at s: their value; *k the count, 0 when
 * fewer or more. */
static int digits_at(const char *s, int lo, int hi, int *k)
{
    int v = 0;
    for (*k = 0; *k < hi && s[*k] >= '0' && s[*k] <= '9'; (*k)++)
        v = v * 10 + (s[*k] - '0');
    if (*k < lo || (s[*k] >= '0' && s[*k] <= '9'))
        *k = 0;
    return v;
}

static bool after(const char **s, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(*s, prefix, n))
        return false;
    *s += n;
    return true;
}

static const char *spaces(const char *s)
{
    while (*s == ' ' || *s == '\t' || !strncmp(s, "　", 3))
        s += *s == ' ' || *s == '\t' ? 1 : 3;
    return s;
}

static int days_in(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* 0 Sunday … 6 Saturday (Sakamoto). */
static int weekday(const pb_date *d)
{
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    int y = d->year - (d->month < 3);
    return (y + y / 4 - y / 100 + y / 400 + t[d->month - 1] + d->day) % 7;
}

/* 2026-05-18, 2026/5/18, 2026.5.18 or 2026年5月18日 at *p. */
static bool read_day(const char **p, pb_date *d)
{
    int k;
    const char *s = *p;
    d->year = digits_at(s, 4, 4, &k);
    if (!k)
        return false;
    s += 4;
    if (*s == '-' || *s == '/' || *s == '.') {
        char sep = *s++;
        d->month = digits_at(s, 1, 2, &k);
        if (!k || s[k] != sep)
            return false;
        s += k + 1;
        d->day = digits_at(s, 1, 2, &k);
        if (!k)
            return false;
        s += k;
    } else if (after(&s, "年")) {
        d->month = digits_at(s, 1, 2, &k);
        if (!k)
            return false;
        s += k;
        if (!after(&s, "月"))
            return false;
        d->day = digits_at(s, 1, 2, &k);
        if (!k)
            return false;
        s += k;
        (void)(after(&s, "日") || after(&s, "号") || after(&s, "號"));
    } else {
        return false;
    }
    *p = s;
    return true;
}

/* A weekday as written after a date: 星期五, 周五, 礼拜五, （五）, (金), 金曜日. */
static const char *read_weekday(const char *s)
{
    static const char *const lead[] = {"星期", "周", "週", "礼拜", "禮拜", NULL};
    static const char *const names[] = {"一", "二", "三", "四", "五", "六", "日", "天",
                                        "月", "火", "水", "木", "金", "土", NULL};
    const char *p = s;
    bool open = false;
    for (int i = 0; lead[i] && p == s; i++)
        (void)after(&p, lead[i]);
    if (p == s)
        open = after(&p, "（") || after(&p, "(");
    const char *q = p;
    for (int i = 0; names[i] && q == p; i++)
        (void)after(&q, names[i]);
    if (q == p || (p == s && !open && strncmp(q, "曜", 3)))
        return s;
    (void)(after(&q, "曜日") || after(&q, "曜"));
    if (open && !after(&q, "）") && !after(&q, ")"))
        return s;
    return q;
}

pb_date_kind pb_date_read(const char *s, pb_date *d, const char **end, char *why, size_t n)
{
    const char *p = s;
    *d = (pb_date){.hour = -1};
    if (!s || !read_day(&p, d))
        return PB_DATE_NONE;
    if (d->year < 1900 || d->year > 2100) {
        snprintf(why, n, "the year %d is not between 1900 and 2100", d->year);
        return PB_DATE_BAD;
    }
    if (d->month < 1 || d->month > 12) {
        snprintf(why, n, "there is no month %d", d->month);
        return PB_DATE_BAD;
    }
    if (d->day < 1 || d->day > days_in(d->year, d->month)) {
        snprintf(why, n, "month %d of %d has %d days", d->month, d->year,
                 days_in(d->year, d->month));
        return PB_DATE_BAD;
    }
    const char *q = spaces(p), *w = read_weekday(q);
    if (w != q)
        p = w, q = spaces(w);
    if (*q == 'T')
        q++;
    int k, hh = digits_at(q, 1, 2, &k), mm, ss = 0;
    if (k && q[k] == ':') {
        const char *t = q + k + 1;
        mm = digits_at(t, 2, 2, &k);
        if (k) {
            t += k;
            if (*t == ':' && (ss = digits_at(t + 1, 2, 2, &k), k))
                t += 1 + k;
            if (hh > 23 || mm > 59 || ss > 59) {
                snprintf(why, n, "there is no time %02d:%02d:%02d", hh, mm, ss);
                return PB_DATE_BAD;
            }
            d->hour = hh, d->minute = mm, d->second = ss;
            if (*t == 'Z')
                t++;
            else if ((*t == '+' || *t == '-') && (digits_at(t + 1, 2, 2, &k), k)) {
                t += 3;
                if (*t == ':')
                    t++;
                if ((digits_at(t, 2, 2, &k), k))
                    t += 2;
            }
            p = t;
        }
    }
    if (end)
        *end = p;
    return PB_DATE_OK;
}

bool pb_date_parse(const char *s, pb_date *d)
{
    const char *end;
    char why[80];
    return s && pb_date_read(spaces(s), d, &end, why, sizeof why) == PB_DATE_OK && !*spaces(end);
}

/* The value of {key} (n bytes) into out (32 bytes); false when no key. */
static bool value(const pb_date *d, const char *key, size_t n, const char *lang, char out[32])
{
    static const char *const zh[] = {"日", "一", "二", "三", "四", "五", "六"};
    static const char *const ja[] = {"日", "月", "火", "水", "木", "金", "土"};
    bool jp = lang && !strcmp(lang, "ja");
    int wd = weekday(d);
#define IS(k) (n == strlen(k) && !strncmp(key, k, n))
    if (IS("year"))
        snprintf(out, 32, "%d", d->year);
    else if (IS("month"))
        snprintf(out, 32, "%d", d->month);
    else if (IS("day"))
        snprintf(out, 32, "%d", d->day);
    else if (IS("mm"))
        snprintf(out, 32, "%02d", d->month);
    else if (IS("dd"))
        snprintf(out, 32, "%02d", d->day);
    else if (IS("weekday"))
        snprintf(out, 32, jp ? "%s曜日" : "星期%s", jp ? ja[wd] : zh[wd]);
    else if (IS("wd"))
        snprintf(out, 32, "%s", jp ? ja[wd] : zh[wd]);
    else if (IS("time") && d->hour >= 0)
        snprintf(out, 32, "%d:%02d", d->hour, d->minute);
    else if (IS("time"))
        out[0] = '\0';
    else
        return false;
#undef IS
    return true;
}

char *pb_date_format(const pb_date *d, const char *fmt, const char *lang)
{
    pb_buf b = {0};
    pb_buf_adds(&b, "");
    for (const char *p = fmt ? spaces(fmt) : ""; *p;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        char v[32];
        if (close && value(d, p + 1, (size_t)(close - p - 1), lang, v)) {
            pb_buf_adds(&b, v);
            p = close + 1;
        } else {
            pb_buf_add(&b, p++, 1);
        }
    }
    /* the space an empty {time} leaves at the end */
    for (;;) {
        if (b.n >= 1 && b.s[b.n - 1] == ' ')
            b.n -= 1;
        else if (b.n >= 3 && !strcmp(b.s + b.n - 3, "　"))
            b.n -= 3;
        else
            break;
        b.s[b.n] = '\0';
    }
    return b.s;
}

bool pb_date_format_unknown(const char *fmt, char *bad, size_t n)
{
    pb_date d = {2000, 1, 1, 0, 0, 0};
    for (const char *p = fmt ? fmt : ""; (p = strchr(p, '{'));) {
        const char *close = strchr(p, '}');
        char v[32];
        if (!close)
            return false;
        if (!value(&d, p + 1, (size_t)(close - p - 1), NULL, v)) {
            snprintf(bad, n, "%.*s", (int)(close - p + 1), p);
            return true;
        }
        p = close + 1;
    }
    return false;
}

char *pb_date_text(const char *s, const char *fmt, const char *lang)
{
    pb_date d;
    if (!s)
        return NULL;
    return fmt && pb_date_parse(s, &d) ? pb_date_format(&d, fmt, lang) : pb_xstrdup(s);
}
