/* One expander for every line a template writes with {keys}, so a key works
 * wherever it makes sense and layouts/README.md lists one set. */
#include "placeholder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "../input/date.h"

/* The value of key (n bytes): *known says whether it is a key at all; the
 * value may be NULL (the article does not give it). num holds a number. */
static const char *value(const char *key, size_t n, const pb_placeholder_ctx *c,
                         const char *date, char num[16], bool *known)
{
    const pb_meta *m = &c->doc->meta;
    const struct {
        const char *key;
        const char *v;
    } text[] = {{"title", m->title},   {"kicker", m->kicker}, {"subtitle", m->subtitle},
                {"date", date},        {"byline", m->byline}, {"source", m->source},
                {"section", m->section},
                {"organizer", m->organizer ? m->organizer : m->source},
                {"layout", c->layout}};
    const struct {
        const char *key;
        int v;
    } number[] = {{"page", c->page}, {"board", c->page}, {"pages", c->pages}, {"boards", c->pages}};
    *known = true;
    for (size_t i = 0; i < sizeof text / sizeof *text; i++)
        if (strlen(text[i].key) == n && !strncmp(key, text[i].key, n))
            return text[i].v;
    for (size_t i = 0; i < sizeof number / sizeof *number; i++)
        if (strlen(number[i].key) == n && !strncmp(key, number[i].key, n)) {
            snprintf(num, 16, "%d", number[i].v);
            return num;
        }
    *known = false;
    return NULL;
}

char *pb_placeholder_fill(const char *fmt, const pb_placeholder_ctx *c)
{
    pb_buf s = {0};
    char *date = fmt && strstr(fmt, "{date}")
                     ? pb_date_text(c->doc->meta.date, c->date_format, c->doc->meta.lang)
                     : NULL;
    for (const char *p = fmt ? fmt : ""; *p;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        if (!close) {
            pb_buf_add(&s, p++, 1);
            continue;
        }
        size_t n = (size_t)(close - p - 1);
        char num[16];
        bool known;
        const char *v = value(p + 1, n, c, date, num, &known);
        if (!known)
            pb_buf_add(&s, p, n + 2);
        else if (v)
            pb_buf_adds(&s, v);
        p = close + 1;
    }
    free(date);
    return s.s ? s.s : pb_xstrdup("");
}
