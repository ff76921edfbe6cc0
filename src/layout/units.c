/* units: the length, page-size and colour syntax of layout templates.
 *
 * A length is a decimal number followed by a unit a Chinese print shop uses:
 * pt, mm, cm, em (of the size the caller names), line (of the grid
 * baseline), or a 号 type size on its own (docs/clreq.md CLR-10, the CTeX / MS
 * Word / WPS values: 四号 = 14 pt). Numbers are parsed by hand, not with
 * strtod(), so that the locale's decimal separator, exponents, hex and "inf"
 * never sneak in. Page sizes are ISO A/B names, the Chinese 开 sizes of
 * 787×1092 mm paper as trimmed for newspapers (对开 390×543 mm, 四开
 * 271.5×390 mm, 八开 195×271.5 mm), or explicit "W×H mm". */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "template.h"

/* Larger magnitudes are rejected so that lengths fit pb_len comfortably. */
#define MAX_PT 1.0e6

typedef struct {
    const char *name;
    double pt;
} hao_size;

static const hao_size hao_sizes[] = {
    {"初号", 42}, {"小初", 36}, {"一号", 26}, {"小一", 24}, {"二号", 22}, {"小二", 18},
    {"三号", 16}, {"小三", 15}, {"四号", 14}, {"小四", 12}, {"五号", 10.5}, {"小五", 9},
    {"六号", 7.5}, {"小六", 6.5}, {"七号", 5.5}, {"八号", 5},
};

typedef struct {
    const char *name;
    double w_mm, h_mm;
} named_page;

static const named_page named_pages[] = {
    {"A0", 841, 1189}, {"A1", 594, 841},  {"A2", 420, 594},  {"A3", 297, 420},
    {"A4", 210, 297},  {"A5", 148, 210},  {"A6", 105, 148},  {"B4", 250, 353},
    {"B5", 176, 250},  {"对开", 390, 543}, {"四开", 271.5, 390}, {"八开", 195, 271.5},
    {"broadsheet", 390, 543}, {"tabloid", 271.5, 390},
};

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* [+-]?digits[.digits] or [+-]?.digits; returns the end, or NULL. */
static const char *parse_number(const char *s, double *out)
{
    double sign = 1, v = 0, scale = 1;
    int digits = 0;
    if (*s == '+' || *s == '-')
        sign = *s++ == '-' ? -1 : 1;
    for (; *s >= '0' && *s <= '9'; s++, digits++)
        v = v * 10 + (*s - '0');
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++, digits++)
            v += (*s - '0') * (scale /= 10);
    if (!digits || digits > 15)
        return NULL;
    *out = sign * v;
    return s;
}

static bool to_len(double pt, pb_len *out)
{
    if (pt > MAX_PT || pt < -MAX_PT)
        return false;
    *out = PB_PT(pt);
    return true;
}

static bool hao_parse(const char *s, double *pt)
{
    for (size_t i = 0; i < sizeof hao_sizes / sizeof hao_sizes[0]; i++)
        if (strcmp(s, hao_sizes[i].name) == 0) {
            *pt = hao_sizes[i].pt;
            return true;
        }
    return false;
}

/* Points per unit; em and line take their size from the caller and are
 * refused when that size is not positive (not meaningful there). */
static bool unit_scale(const char *u, pb_len em_size, pb_len line_size, double *pt)
{
    if (strcmp(u, "pt") == 0)
        *pt = 1;
    else if (strcmp(u, "mm") == 0)
        *pt = 72.0 / 25.4;
    else if (strcmp(u, "cm") == 0)
        *pt = 720.0 / 25.4;
    else if (strcmp(u, "em") == 0 && em_size > 0)
        *pt = PB_TO_PT(em_size);
    else if (strcmp(u, "line") == 0 && line_size > 0)
        *pt = PB_TO_PT(line_size);
    else
        return false;
    return true;
}

/* Copy s without surrounding blanks into buf; false when empty or too long. */
static bool trim_copy(const char *s, char *buf, size_t size)
{
    s = skip_space(s);
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= size)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return true;
}

bool pb_length_parse(const char *s, pb_len em_size, pb_len line_size, pb_len *out)
{
    char buf[64];
    double v, scale, hao;
    if (!trim_copy(s, buf, sizeof buf))
        return false;
    const char *unit = parse_number(buf, &v);
    if (!unit)
        return hao_parse(buf, &hao) && to_len(hao, out);
    unit = skip_space(unit);
    if (!*unit)
        return v == 0 && to_len(0, out); /* only a bare 0 needs no unit */
    return unit_scale(unit, em_size, line_size, &scale) && to_len(v * scale, out);
}

static bool page_by_name(const char *s, pb_len *w, pb_len *h)
{
    for (size_t i = 0; i < sizeof named_pages / sizeof named_pages[0]; i++)
        if (strcasecmp(s, named_pages[i].name) == 0) {
            *w = PB_MM(named_pages[i].w_mm);
            *h = PB_MM(named_pages[i].h_mm);
            return true;
        }
    return false;
}

/* A unit for page dimensions: mm, cm or pt; *s advances past it. */
static bool page_unit(const char **s, double *pt)
{
    static const struct {
        const char *u;
        double pt;
    } units[] = {{"mm", 72.0 / 25.4}, {"cm", 720.0 / 25.4}, {"pt", 1}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strncmp(*s, units[i].u, 2) == 0) {
            *s += 2;
            *pt = units[i].pt;
            return true;
        }
    return false;
}

static const char *skip_times(const char *s)
{
    if (*s == 'x' || *s == 'X' || *s == '*')
        return s + 1;
    if (strncmp(s, "×", strlen("×")) == 0)
        return s + strlen("×");
    return NULL;
}

/* "W×H mm", "WxHmm", "W mm x H mm": the unit after W is optional. */
static bool page_explicit(const char *s, pb_len *w, pb_len *h)
{
    double wv, hv, wu = 0, hu;
    if (!(s = parse_number(s, &wv)))
        return false;
    s = skip_space(s);
    if (page_unit(&s, &wu))
        s = skip_space(s);
    if (!(s = skip_times(s)) || !(s = parse_number(skip_space(s), &hv)))
        return false;
    s = skip_space(s);
    if (!page_unit(&s, &hu) || *skip_space(s))
        return false;
    wv *= wu ? wu : hu;
    hv *= hu;
    /* A page between 1 cm and 5 m on each side. */
    if (wv < 28 || hv < 28 || wv > 14173 || hv > 14173)
        return false;
    *w = PB_PT(wv);
    *h = PB_PT(hv);
    return true;
}

bool pb_number_parse(const char *s, double *out)
{
    char buf[64];
    if (!trim_copy(s, buf, sizeof buf))
        return false;
    const char *end = parse_number(buf, out);
    return end && !*end;
}

static bool all_numeric(const char *s)
{
    for (; *s; s++)
        if (!strchr("0123456789.+- ", *s))
            return false;
    return true;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

const char *pb_length_problem(const char *s, pb_len em_size, pb_len line_size)
{
    if (!*s)
        return "expected a length";
    if (all_numeric(s))
        return "missing unit (pt, mm, cm, em or line)";
    if (ends_with(s, "line") && line_size <= 0)
        return "the unit `line` (the grid baseline) cannot be used here";
    if (ends_with(s, "em") && em_size <= 0)
        return "the unit `em` cannot be used here";
    return "malformed length (use a number with pt, mm, cm, em or line, a 号 size such as 五号, "
           "or 0)";
}

bool pb_weight_parse(const char *s, int *out)
{
    static const struct {
        const char *name;
        int weight;
    } names[] = {{"thin", 100}, {"light", 300}, {"regular", 400}, {"normal", 400},
                 {"medium", 500}, {"semibold", 600}, {"bold", 700}, {"black", 900}};
    double x;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(s, names[i].name) == 0) {
            *out = names[i].weight;
            return true;
        }
    if (!pb_number_parse(s, &x) || x < 100 || x > 900 || x != (int)x)
        return false;
    *out = (int)x;
    return true;
}

bool pb_fraction_parse(const char *s, double *out)
{
    char buf[64];
    if (!trim_copy(s, buf, sizeof buf))
        return false;
    size_t n = strlen(buf);
    bool pct = buf[n - 1] == '%';
    buf[n - (pct ? 1 : 0)] = '\0';
    const char *end = parse_number(buf, out);
    if (!end || *end)
        return false;
    *out /= pct ? 100 : 1;
    return *out > 0 && *out <= 1;
}

bool pb_pagesize_parse(const char *s, pb_len *w, pb_len *h)
{
    char buf[64];
    return trim_copy(s, buf, sizeof buf) && (page_by_name(buf, w, h) || page_explicit(buf, w, h));
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool pb_color_parse(const char *s, pb_color *out)
{
    if (strcasecmp(s, "none") == 0) {
        *out = (pb_color){0};
        return true;
    }
    size_t n = strlen(s);
    if (s[0] != '#' || (n != 4 && n != 7))
        return false;
    int v[6];
    for (size_t i = 1; i < n; i++)
        if ((v[i - 1] = hex_digit(s[i])) < 0)
            return false;
    double c[3];
    for (int i = 0; i < 3; i++)
        c[i] = n == 4 ? v[i] * 17 / 255.0 : (v[2 * i] * 16 + v[2 * i + 1]) / 255.0;
    *out = (pb_color){true, c[0], c[1], c[2]};
    return true;
}
