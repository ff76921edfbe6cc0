/* encoding: what a Chinese user's text editor may have saved, read as UTF-8.
 *
 * Pasted articles come as UTF-8 (with or without the BOM Windows Notepad
 * writes), as "Unicode" (UTF-16 LE with a BOM) from older Windows tools, or
 * in the national encoding GB 18030 (a superset of GBK and GB 2312) when
 * saved by software set up for mainland China. A BOM decides; without one,
 * text that is valid UTF-8 is UTF-8 (multi-byte GB 18030 text is almost
 * never valid UTF-8, the converse is not true), else GB 18030 when the whole
 * file decodes as GB 18030. glibc's iconv does the decoding; the byte where
 * it stops names the place of an error. A NUL byte (outside UTF-16) means a
 * binary file, not text. Characters that are not text (noncharacters,
 * controls) are replaced here too, for pasted text and articles alike. */
#include "encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/util.h"

static const struct {
    const char *given, *name;
} NAMES[] = {
    {"utf-8", "utf-8"},       {"utf8", "utf-8"},        {"utf-16", "utf-16"},   {"utf16", "utf-16"},
    {"utf-16le", "utf-16le"}, {"utf-16be", "utf-16be"}, {"gb18030", "gb18030"}, {"gbk", "gb18030"},
    {"gb2312", "gb18030"},    {"cp936", "gb18030"},
};

const char *pb_encoding_name(const char *given)
{
    for (size_t i = 0; given && i < sizeof NAMES / sizeof NAMES[0]; i++)
        if (!strcasecmp(given, NAMES[i].given))
            return NAMES[i].name;
    return NULL;
}

/* iconv from `from` to UTF-8. On an invalid or truncated sequence returns
 * NULL with *bad_at set to its byte offset in buf. Caller frees. */
static char *convert(const char *from, const char *buf, size_t len, size_t *out_len, size_t *bad_at)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        abort(); /* glibc always has these converters */
    size_t cap = 2 * len + 16;
    char *out = pb_xmalloc(cap + 1);
    char *in = (char *)buf, *o = out;
    size_t inleft = len, oleft = cap;
    while (inleft > 0) {
        if (iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1)
            continue;
        if (errno == E2BIG) {
            size_t used = (size_t)(o - out);
            cap *= 2;
            out = pb_xrealloc(out, cap + 1);
            o = out + used;
            oleft = cap - used;
            continue;
        }
        *bad_at = (size_t)(in - buf);
        free(out);
        iconv_close(cd);
        return NULL;
    }
    iconv_close(cd);
    *o = 0;
    *out_len = (size_t)(o - out);
    return out;
}

/* UTF-16 without a BOM: the byte order whose high bytes are zero more often
 * (ASCII line ends and digits); little-endian, the Windows order, on a tie. */
static const char *utf16_order(const char *buf, size_t len)
{
    size_t even = 0, odd = 0;
    for (size_t i = 0; i + 1 < len; i += 2) {
        even += buf[i] == 0;
        odd += buf[i + 1] == 0;
    }
    return even > odd ? "UTF-16BE" : "UTF-16LE";
}

/* A NUL code unit: a byte 0 in 8-bit encodings, a zero pair in UTF-16. */
static long nul_at(const char *buf, size_t len, bool utf16)
{
    for (size_t i = 0; i < len; i += utf16 ? 2 : 1)
        if (!buf[i] && (!utf16 || (i + 1 < len && !buf[i + 1])))
            return (long)i;
    return -1;
}

/* Only ASCII white space, U+00A0, U+3000 and U+FEFF. */
static bool only_blanks(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int adv;
        uint32_t c = pb_utf8_decode(s + i, n - i, &adv);
        if (!(c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0 || c == 0x3000 || c == 0xFEFF))
            return false;
        i += (size_t)adv;
    }
    return true;
}

typedef struct {
    const char *iconv_name, *label; /* label: what the user is told */
    size_t skip;                    /* BOM bytes */
} choice;

/* The encoding to read: given, or from a BOM, or NULL for "UTF-8, else GB 18030". */
static bool choose(const char *buf, size_t len, const char *enc, choice *c)
{
    const unsigned char *u = (const unsigned char *)buf;
    bool bom8 = len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;
    bool le = len >= 2 && u[0] == 0xFF && u[1] == 0xFE,
         be = len >= 2 && u[0] == 0xFE && u[1] == 0xFF;
    const char *name = enc ? pb_encoding_name(enc) : NULL;
    if (enc && !name)
        return false;
    if (!name || !strcmp(name, "utf-16")) {
        if (le || be) {
            *c = le ? (choice){"UTF-16LE", "UTF-16LE with BOM", 2}
                    : (choice){"UTF-16BE", "UTF-16BE with BOM", 2};
            return true;
        }
        if (bom8 && !name) {
            *c = (choice){"UTF-8", "UTF-8 with BOM", 3};
            return true;
        }
        if (name) {
            const char *o = utf16_order(buf, len);
            *c = (choice){o, o, 0};
            return true;
        }
        *c = (choice){NULL, NULL, 0};
        return true;
    }
    if (!strcmp(name, "utf-8"))
        *c = (choice){"UTF-8", "UTF-8", bom8 ? 3 : 0};
    else if (!strcmp(name, "utf-16le"))
        *c = (choice){"UTF-16LE", "UTF-16LE", le ? 2 : 0};
    else if (!strcmp(name, "utf-16be"))
        *c = (choice){"UTF-16BE", "UTF-16BE", be ? 2 : 0};
    else
        *c = (choice){"GB18030", "GB18030", 0};
    return true;
}

static char *decode_detected(const char *buf, size_t len, const char *path, size_t *out_len,
                             const char **used, pb_diags *d)
{
    long bad = pb_utf8_invalid_at(buf, len);
    if (bad < 0) {
        *used = "UTF-8";
        *out_len = len;
        return pb_xstrndup(buf, len);
    }
    size_t gb_bad = 0;
    char *s = convert("GB18030", buf, len, out_len, &gb_bad);
    if (s) {
        *used = "GB18030";
        return s;
    }
    pb_error(d, path, 0,
             "not valid UTF-8 (byte offset %ld) nor GB 18030 (byte offset %zu); give "
             "--encoding utf-8|utf-16|gb18030 or save the text as UTF-8",
             bad, gb_bad);
    return NULL;
}

char *pb_encoding_decode(const char *buf, size_t len, const char *enc, const char *path,
                         size_t *out_len, const char **used, pb_diags *d)
{
    if (len == 0) {
        pb_error(d, path, 0, "empty file");
        return NULL;
    }
    choice c;
    if (!choose(buf, len, enc, &c)) {
        pb_error(d, path, 0, "unknown encoding \"%s\" (known: utf-8, utf-16, gb18030)", enc);
        return NULL;
    }
    bool utf16 = c.iconv_name && !strncmp(c.iconv_name, "UTF-16", 6);
    long nul = nul_at(buf + c.skip, len - c.skip, utf16);
    if (nul >= 0) {
        pb_error(d, path, 0,
                 "not a text file (NUL byte at offset %zu); for UTF-16 text without a byte order "
                 "mark give --encoding utf-16",
                 (size_t)nul + c.skip);
        return NULL;
    }
    char *s;
    if (!c.iconv_name) {
        s = decode_detected(buf, len, path, out_len, used, d);
    } else {
        size_t bad = 0;
        s = convert(c.iconv_name, buf + c.skip, len - c.skip, out_len, &bad);
        if (!s)
            pb_error(d, path, 0, "not valid %s at byte offset %zu", c.label, bad + c.skip);
        *used = c.label;
    }
    if (!s)
        return NULL;
    if (*out_len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) { /* a BOM left after a given encoding */
        memmove(s, s + 3, *out_len - 2);
        *out_len -= 3;
    }
    if (only_blanks(s, *out_len)) {
        pb_error(d, path, 0, "no text in the file (only white space)");
        free(s);
        return NULL;
    }
    /* GB 18030 maps a code to U+FFFF; controls are the importer's to drop */
    size_t n;
    char *clean = pb_encoding_clean(s, *out_len, false, path, 1, &n, d);
    if (clean) {
        free(s);
        s = clean;
        *out_len = n;
    }
    return s;
}

/* ---- characters that are not text ---- */

enum { KEEP, BAD, SPACE };

static int what_is(uint32_t c, bool controls)
{
    if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE)
        return BAD; /* a noncharacter */
    if (!controls || c == '\t' || c == '\n' || c == '\r')
        return KEEP;
    if (c == '\v' || c == '\f' || c == 0x85 || c == 0x2028 || c == 0x2029)
        return SPACE;
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) ? BAD : KEEP;
}

enum { MAX_LINES_WARNED = 10 };

typedef struct {
    const char *path;
    pb_diags *d;
    int line, count, lines_warned, lines_more;
    uint32_t first;
} cleaner;

/* The warning for the line just ended, if anything on it was replaced. */
static void line_done(cleaner *c)
{
    if (c->count == 0)
        return;
    if (c->lines_warned++ >= MAX_LINES_WARNED) {
        c->lines_more++;
    } else {
        char more[64] = "";
        if (c->count > 1)
            snprintf(more, sizeof more, " (and %d more on the line)", c->count - 1);
        uint32_t f = c->first;
        if (what_is(f, true) == SPACE)
            pb_warn(c->d, c->path, c->line, "the break character U+%04X is read as a space%s",
                    (unsigned)f, more);
        else if (what_is(f, false) == BAD)
            pb_warn(c->d, c->path, c->line,
                    "U+%04X is a Unicode noncharacter, not text; replaced by U+FFFD%s", (unsigned)f,
                    more);
        else
            pb_warn(c->d, c->path, c->line,
                    "the control character U+%04X is not text; replaced by U+FFFD%s", (unsigned)f,
                    more);
    }
    c->count = 0;
}

char *pb_encoding_clean(const char *s, size_t len, bool controls, const char *path, int first_line,
                        size_t *out_len, pb_diags *d)
{
    size_t i = 0;
    int line = first_line;
    while (i < len) { /* up to the first character to replace, if any */
        unsigned char b = (unsigned char)s[i];
        if (b >= 0x20 && b < 0x7F) { /* most of the text: printable ASCII */
            i++;
            continue;
        }
        int adv;
        uint32_t ch = pb_utf8_decode(s + i, len - i, &adv);
        if (what_is(ch, controls) != KEEP)
            break;
        line += ch == '\n' || (ch == '\r' && (i + 1 >= len || s[i + 1] != '\n'));
        i += (size_t)adv;
    }
    if (i == len)
        return NULL;
    pb_buf out = {0};
    pb_buf_add(&out, s, i);
    cleaner c = {.path = path, .d = d, .line = line};
    while (i < len) {
        int adv;
        uint32_t ch = pb_utf8_decode(s + i, len - i, &adv);
        int k = what_is(ch, controls);
        if (k == KEEP) {
            pb_buf_add(&out, s + i, (size_t)adv);
        } else {
            if (c.count++ == 0)
                c.first = ch;
            pb_buf_add(&out, k == SPACE ? " " : "\xEF\xBF\xBD", k == SPACE ? 1 : 3);
        }
        if (ch == '\n' || (ch == '\r' && (i + 1 >= len || s[i + 1] != '\n'))) {
            line_done(&c);
            c.line++;
        }
        i += (size_t)adv;
    }
    line_done(&c);
    if (c.lines_more > 0)
        pb_warn(d, path, 0, "%d more line%s with characters that are not text (replaced)",
                c.lines_more, c.lines_more > 1 ? "s" : "");
    *out_len = out.n;
    return out.s;
}
