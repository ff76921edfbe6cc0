/* A JSON reader for one value per line (manifests, reports): RFC 8259, with
 * \u escapes turned into UTF-8 (surrogate pairs joined; a lone surrogate and
 * \u0000 are errors: the strings become C strings), nesting limited to 32,
 * and a writer of strings that escapes what RFC 8259 requires plus U+2028
 * and U+2029 (so that a record is safe to paste into JavaScript). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "batch.h"

enum { MAX_DEPTH = 32 };

typedef PB_VEC(char) cbuf;

typedef struct {
    const char *s;
    size_t len, i;
    const char *err;
} reader;

static void skip_ws(reader *r)
{
    while (r->i < r->len && strchr(" \t\r\n", r->s[r->i]) && r->s[r->i])
        r->i++;
}

static bool fail(reader *r, const char *msg)
{
    if (!r->err)
        r->err = msg;
    return false;
}

static bool literal(reader *r, const char *word)
{
    size_t n = strlen(word);
    if (r->len - r->i < n || memcmp(r->s + r->i, word, n))
        return fail(r, "unexpected character");
    r->i += n;
    return true;
}

static int hex4(reader *r)
{
    if (r->len - r->i < 4)
        return -1;
    int v = 0;
    for (int k = 0; k < 4; k++) {
        char c = r->s[r->i + k];
        int h = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    r->i += 4;
    return v;
}

static void put_utf8(cbuf *b, unsigned cp)
{
    if (cp < 0x80) {
        PB_PUSH(*b, (char)cp);
    } else if (cp < 0x800) {
        PB_PUSH(*b, (char)(0xC0 | cp >> 6));
        PB_PUSH(*b, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        PB_PUSH(*b, (char)(0xE0 | cp >> 12));
        PB_PUSH(*b, (char)(0x80 | (cp >> 6 & 0x3F)));
        PB_PUSH(*b, (char)(0x80 | (cp & 0x3F)));
    } else {
        PB_PUSH(*b, (char)(0xF0 | cp >> 18));
        PB_PUSH(*b, (char)(0x80 | (cp >> 12 & 0x3F)));
        PB_PUSH(*b, (char)(0x80 | (cp >> 6 & 0x3F)));
        PB_PUSH(*b, (char)(0x80 | (cp & 0x3F)));
    }
}

static bool string(reader *r, char **out)
{
    cbuf b = {0};
    r->i++; /* the opening quote */
    while (r->i < r->len) {
        unsigned char c = (unsigned char)r->s[r->i++];
        if (c == '"') {
            PB_PUSH(b, 0);
            *out = b.v;
            return true;
        }
        if (c < 0x20) {
            free(b.v);
            return fail(r, "control character in a string");
        }
        if (c != '\\') {
            PB_PUSH(b, (char)c);
            continue;
        }
        if (r->i >= r->len)
            break;
        char e = r->s[r->i++];
        const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
        const char *at = strchr(from, e);
        if (at && e) {
            PB_PUSH(b, to[at - from]);
            continue;
        }
        int cp = e == 'u' ? hex4(r) : -1;
        if (cp >= 0xD800 && cp < 0xDC00) { /* a high surrogate: its low one must follow */
            int lo = r->len - r->i >= 2 && r->s[r->i] == '\\' && r->s[r->i + 1] == 'u'
                         ? (r->i += 2, hex4(r))
                         : -1;
            cp = lo >= 0xDC00 && lo < 0xE000 ? 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00) : -1;
        } else if (cp >= 0xDC00 && cp < 0xE000) {
            cp = -1;
        }
        if (cp <= 0) {
            free(b.v);
            return fail(r, e == 'u' ? "bad \\u escape (or \\u0000, or a lone surrogate)"
                                    : "bad escape in a string");
        }
        put_utf8(&b, (unsigned)cp);
    }
    free(b.v);
    return fail(r, "unterminated string");
}

static bool value(reader *r, pb_jv *v, int depth);

static bool number(reader *r, pb_jv *v)
{
    size_t start = r->i;
    if (r->i < r->len && r->s[r->i] == '-')
        r->i++;
    size_t digits = r->i;
    while (r->i < r->len && strchr("0123456789", r->s[r->i]) && r->s[r->i])
        r->i++;
    if (r->i == digits || (r->s[digits] == '0' && r->i - digits > 1))
        return fail(r, "bad number");
    if (r->i < r->len && r->s[r->i] == '.') {
        size_t f = ++r->i;
        while (r->i < r->len && r->s[r->i] >= '0' && r->s[r->i] <= '9')
            r->i++;
        if (r->i == f)
            return fail(r, "bad number");
    }
    if (r->i < r->len && (r->s[r->i] == 'e' || r->s[r->i] == 'E')) {
        r->i++;
        if (r->i < r->len && (r->s[r->i] == '+' || r->s[r->i] == '-'))
            r->i++;
        size_t e = r->i;
        while (r->i < r->len && r->s[r->i] >= '0' && r->s[r->i] <= '9')
            r->i++;
        if (r->i == e)
            return fail(r, "bad number");
    }
    char *text = pb_xstrndup(r->s + start, r->i - start);
    v->t = PB_J_NUM;
    v->num = strtod(text, NULL);
    free(text);
    return isfinite(v->num) || fail(r, "number out of range");
}

static bool members(reader *r, pb_jv *v, int depth, bool obj)
{
    char close = obj ? '}' : ']';
    size_t cap = 0;
    r->i++;
    skip_ws(r);
    if (r->i < r->len && r->s[r->i] == close) {
        r->i++;
        return true;
    }
    for (;;) {
        if (v->n == cap) {
            cap = cap ? cap * 2 : 4;
            v->items = pb_xrealloc(v->items, cap * sizeof *v->items);
            if (obj)
                v->keys = pb_xrealloc(v->keys, cap * sizeof *v->keys);
        }
        skip_ws(r);
        if (obj) {
            if (r->i >= r->len || r->s[r->i] != '"')
                return fail(r, "expected a member name");
            if (!string(r, &v->keys[v->n]))
                return false;
            skip_ws(r);
            if (r->i >= r->len || r->s[r->i] != ':') {
                free(v->keys[v->n]);
                return fail(r, "expected ':'");
            }
            r->i++;
        }
        memset(&v->items[v->n], 0, sizeof *v->items);
        bool ok = value(r, &v->items[v->n], depth + 1);
        v->n++; /* freed with the rest even when incomplete */
        if (!ok)
            return false;
        skip_ws(r);
        if (r->i < r->len && r->s[r->i] == ',') {
            r->i++;
            continue;
        }
        if (r->i < r->len && r->s[r->i] == close) {
            r->i++;
            return true;
        }
        return fail(r, obj ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static bool value(reader *r, pb_jv *v, int depth)
{
    if (depth > MAX_DEPTH)
        return fail(r, "nested too deeply");
    skip_ws(r);
    if (r->i >= r->len)
        return fail(r, "unexpected end");
    switch (r->s[r->i]) {
    case '{': v->t = PB_J_OBJ; return members(r, v, depth, true);
    case '[': v->t = PB_J_ARR; return members(r, v, depth, false);
    case '"': v->t = PB_J_STR; return string(r, &v->str);
    case 't':
        v->t = PB_J_BOOL;
        v->b = true;
        return literal(r, "true");
    case 'f': v->t = PB_J_BOOL; return literal(r, "false");
    case 'n': return literal(r, "null");
    default: return number(r, v);
    }
}

bool pb_json_parse(const char *s, size_t len, pb_jv *out, const char **err, size_t *at)
{
    reader r = {s, len, 0, NULL};
    memset(out, 0, sizeof *out);
    bool ok = value(&r, out, 0);
    skip_ws(&r);
    if (ok && r.i < len)
        ok = fail(&r, "text after the value");
    if (!ok) {
        pb_jv_fini(out);
        *err = r.err;
        *at = r.i;
    }
    return ok;
}

void pb_jv_fini(pb_jv *v)
{
    for (size_t i = 0; i < v->n; i++) {
        pb_jv_fini(&v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    memset(v, 0, sizeof *v);
}

const pb_jv *pb_jv_get(const pb_jv *obj, const char *key)
{
    for (size_t i = 0; obj->t == PB_J_OBJ && i < obj->n; i++)
        if (!strcmp(obj->keys[i], key))
            return &obj->items[i];
    return NULL;
}

void pb_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p == '\t')
            fputs("\\t", f);
        else if (*p == '\r')
            fputs("\\r", f);
        else if (*p < 0x20 || *p == 0x7F)
            fprintf(f, "\\u%04x", *p);
        else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
            fprintf(f, "\\u%04x", p[2] == 0xA8 ? 0x2028 : 0x2029), p += 2;
        else
            fputc(*p, f);
    }
    fputc('"', f);
}
