/* The PDF file format (ISO 32000-1, section 7): numbered objects, streams
 * deflated with libdeflate, the cross-reference table and trailer, and the
 * number and string syntax of content streams. Numbers are written with at
 * most three decimals and no trailing zeros, so the same value always gives
 * the same bytes: output is deterministic. */
#include "pdffile.h"

#include <libdeflate.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pb_pdffile_obj(pb_pdffile *p)
{
    if (p->at.n == 0)
        PB_PUSH(p->at, 0);
    PB_PUSH(p->at, 0);
    return (int)p->at.n - 1;
}

void pb_pdffile_begin(pb_pdffile *p, int id)
{
    p->at.v[id] = p->out.n;
    pb_buf_addf(&p->out, "%d 0 obj\n", id);
}

void pb_pdffile_end(pb_pdffile *p)
{
    pb_buf_adds(&p->out, "endobj\n");
}

/* A stream object; dict holds the entries besides /Length and /Filter.
 * Deflated by libdeflate, one compressor per level kept for the file. */
void pb_pdffile_stream(pb_pdffile *p, int id, const char *dict, const void *data, size_t len,
                       int level)
{
    void *z = NULL;
    if (level > 0) {
        if (level > 12)
            level = 12;
        if (!p->z[level] && !(p->z[level] = libdeflate_alloc_compressor(level)))
            abort();
        size_t bound = libdeflate_zlib_compress_bound(p->z[level], len);
        z = pb_xmalloc(bound);
        len = libdeflate_zlib_compress(p->z[level], data, len, z, bound);
        if (len == 0)
            abort(); /* cannot happen: the buffer is the bound */
        data = z;
    }
    pb_pdffile_begin(p, id);
    pb_buf_addf(&p->out, "<< /Length %zu%s %s >>\nstream\n", len,
                level > 0 ? " /Filter /FlateDecode" : "", dict ? dict : "");
    pb_buf_add(&p->out, data, len);
    pb_buf_adds(&p->out, "\nendstream\n");
    pb_pdffile_end(p);
    free(z);
}

/* A number with at most three decimals, no trailing zeros: the same value
 * always gives the same bytes. */
void pb_pdffile_num(pb_buf *b, double v)
{
    char tmp[32];
    long long k = llround(v * 1000);
    int n = 0;
    if (k < 0) {
        tmp[n++] = '-';
        k = -k;
    }
    long long ip = k / 1000, fp = k % 1000;
    n += snprintf(tmp + n, sizeof tmp - (size_t)n, "%lld", ip);
    if (fp) {
        tmp[n++] = '.';
        tmp[n++] = (char)('0' + fp / 100);
        if (fp % 100) {
            tmp[n++] = (char)('0' + fp / 10 % 10);
            if (fp % 10)
                tmp[n++] = (char)('0' + fp % 10);
        }
    }
    if (n == 2 && tmp[0] == '-' && tmp[1] == '0')
        n = 1, tmp[0] = '0';
    pb_buf_add(b, tmp, (size_t)n);
}

/* Numbers separated by spaces, then an operator. */
void pb_pdffile_op(pb_buf *b, const double *v, int n, const char *name)
{
    for (int i = 0; i < n; i++) {
        pb_pdffile_num(b, v[i]);
        pb_buf_add(b, " ", 1);
    }
    pb_buf_adds(b, name);
    pb_buf_add(b, "\n", 1);
}

static const char HEX[] = "0123456789ABCDEF";

void pb_pdffile_hex16(pb_buf *b, uint32_t v)
{
    char h[4] = {HEX[v >> 12 & 15], HEX[v >> 8 & 15], HEX[v >> 4 & 15], HEX[v & 15]};
    pb_buf_add(b, h, 4);
}

/* UTF-8 text as UTF-16BE hex digits (no brackets). */
void pb_pdffile_utf16(pb_buf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        int adv;
        uint32_t c = pb_utf8_decode(s + i, len - i, &adv);
        i += (size_t)adv;
        if (c >= 0x10000) {
            c -= 0x10000;
            pb_pdffile_hex16(b, 0xD800 + (c >> 10));
            pb_pdffile_hex16(b, 0xDC00 + (c & 0x3FF));
        } else {
            pb_pdffile_hex16(b, c);
        }
    }
}

/* A text string for the information dictionary: UTF-16BE with its mark. */
void pb_pdffile_text(pb_buf *b, const char *s)
{
    pb_buf_adds(b, "<FEFF");
    pb_pdffile_utf16(b, s, strlen(s));
    pb_buf_adds(b, ">");
}

void pb_pdffile_finish(pb_pdffile *p, int root, int info)
{
    /* cross-reference table; the file identifier: checksums of all before it */
    size_t xref = p->out.n;
    pb_buf_addf(&p->out, "xref\n0 %zu\n0000000000 65535 f \n", p->at.n);
    for (size_t i = 1; i < p->at.n; i++)
        if (p->at.v[i])
            pb_buf_addf(&p->out, "%010zu 00000 n \n", p->at.v[i]);
        else
            pb_buf_adds(&p->out, "0000000000 65535 f \n");
    uint32_t id[4] = {libdeflate_crc32(0, p->out.s, p->out.n),
                      libdeflate_adler32(1, p->out.s, p->out.n), (uint32_t)p->out.n,
                      libdeflate_crc32(0, p->out.s + xref, p->out.n - xref)};
    char ids[33];
    snprintf(ids, sizeof ids, "%08X%08X%08X%08X", id[0], id[1], id[2], id[3]);
    pb_buf_addf(&p->out,
                "trailer\n<< /Size %zu /Root %d 0 R /Info %d 0 R\n"
                "   /ID [<%s> <%s>] >>\nstartxref\n%zu\n%%%%EOF\n",
                p->at.n, root, info, ids, ids, xref);
}

void pb_pdffile_fini(pb_pdffile *p)
{
    free(p->at.v);
    p->at.v = NULL;
    for (int i = 0; i < 13; i++) {
        libdeflate_free_compressor(p->z[i]);
        p->z[i] = NULL;
    }
}
