/* Embedding a font subset (ISO 32000-1, 9.7 and 9.10): a Type0 font with
 * Identity-H over a CIDFontType0 (the subset's CFF table, CID-keyed, CID i =
 * glyph i) or a CIDFontType2 (the subset's TrueType file, CIDToGIDMap
 * Identity), its widths in /W (runs of equal widths as ranges), a font
 * descriptor from head, hhea and OS/2, and a ToUnicode CMap of the text each
 * glyph was drawn for. The subset tag is made from the glyphs kept, so the
 * same document gives the same name. */
#include "pdffont.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sfnt.h"

static uint64_t fnv1a(const void *data, size_t len, uint64_t h)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

/* A table of the subset (a font file we wrote, in memory). */
static const uint8_t *sfnt_table(const pb_subset_file *f, const char *tag, uint32_t *len)
{
    return pb_sfnt_table_in(f->data, f->len, tag, len);
}

/* The PostScript name (name ID 6), letters and digits and -_ only. */
static void ps_name(const pb_subset_file *f, char *out, size_t n)
{
    uint32_t len;
    const uint8_t *t = sfnt_table(f, "name", &len);
    snprintf(out, n, "Font");
    if (!t || len < 6)
        return;
    uint32_t count = pb_be16(t + 2), strings = pb_be16(t + 4);
    for (uint32_t i = 0; i < count && 6 + 12 * (size_t)(i + 1) <= len; i++) {
        const uint8_t *r = t + 6 + 12 * i;
        uint32_t platform = pb_be16(r), id = pb_be16(r + 6), l = pb_be16(r + 8),
                 off = pb_be16(r + 10);
        if (id != 6 || strings + off + l > len || (platform != 1 && platform != 3))
            continue;
        const uint8_t *s = t + strings + off;
        size_t k = 0;
        for (uint32_t j = platform == 3 ? 1 : 0; j < l && k + 1 < n; j += platform == 3 ? 2 : 1)
            if ((s[j] >= '0' && s[j] <= '9') || (s[j] >= 'A' && s[j] <= 'Z') ||
                (s[j] >= 'a' && s[j] <= 'z') || s[j] == '-' || s[j] == '_')
                out[k++] = (char)s[j];
        if (k) {
            out[k] = 0;
            return;
        }
    }
}

void pb_pdffont_init(pb_pdffont *f, const pb_subset_file *file)
{
    f->file = file;
    f->width = pb_xcalloc((size_t)file->nglyphs, sizeof *f->width);
    f->text = pb_xcalloc((size_t)file->nglyphs, sizeof *f->text);
    f->text_len = pb_xcalloc((size_t)file->nglyphs, sizeof *f->text_len);
    uint32_t hl, ml;
    const uint8_t *head = sfnt_table(file, "head", &hl), *hmtx = sfnt_table(file, "hmtx", &ml);
    double upem = head && hl >= 54 && pb_be16(head + 18) ? pb_be16(head + 18) : 1000;
    for (int g = 0; g < file->nglyphs && hmtx && 4 * (size_t)(g + 1) <= ml; g++)
        f->width[g] = llround(pb_be16(hmtx + 4 * g) * 1000.0 / upem * 1000) / 1000.0;
}

void pb_pdffont_fini(pb_pdffont *f)
{
    for (int g = 0; f->text && g < f->file->nglyphs; g++)
        free(f->text[g]);
    free(f->text), free(f->text_len), free(f->width);
}

bool pb_pdffont_map(pb_pdffont *f, uint32_t g, const char *s, size_t len)
{
    if (!f->text[g]) {
        f->text[g] = pb_xstrndup(s, len);
        f->text_len[g] = len;
        return true;
    }
    return f->text_len[g] == len && !memcmp(f->text[g], s, len);
}

static void put_widths(pb_buf *b, const pb_pdffont *f)
{
    int n = f->file->nglyphs;
    pb_buf_adds(b, "[");
    for (int i = 0; i < n;) {
        int j = i;
        while (j + 1 < n && f->width[j + 1] == f->width[i])
            j++;
        if (j - i >= 3) { /* a run of equal widths: first last width */
            pb_buf_addf(b, " %d %d ", i, j);
            pb_pdffile_num(b, f->width[i]);
            i = j + 1;
            continue;
        }
        pb_buf_addf(b, " %d [", i);
        for (j = i; j < n; j++) {
            if (j + 3 < n && f->width[j] == f->width[j + 1] && f->width[j] == f->width[j + 2] &&
                f->width[j] == f->width[j + 3])
                break;
            if (j > i)
                pb_buf_add(b, " ", 1);
            pb_pdffile_num(b, f->width[j]);
        }
        pb_buf_adds(b, "]");
        i = j;
    }
    pb_buf_adds(b, " ]");
}

static void put_tounicode(pb_pdffile *p, int id, const pb_pdffont *f)
{
    pb_buf c = {0};
    pb_buf_adds(&c, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    int n = f->file->nglyphs;
    for (int g = 0; g < n;) {
        int count = 0;
        for (int k = g; k < n && count < 100; k++)
            count += f->text[k] && f->text_len[k] > 0;
        if (count == 0)
            break;
        pb_buf_addf(&c, "%d beginbfchar\n", count);
        for (int done = 0; done < count; g++)
            if (f->text[g] && f->text_len[g] > 0) {
                pb_buf_adds(&c, "<");
                pb_pdffile_hex16(&c, (uint32_t)g);
                pb_buf_adds(&c, "> <");
                pb_pdffile_utf16(&c, f->text[g], f->text_len[g]);
                pb_buf_adds(&c, ">\n");
                done++;
            }
        pb_buf_adds(&c, "endbfchar\n");
    }
    pb_buf_adds(&c, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    pb_pdffile_stream(p, id, NULL, c.s, c.n, PB_PDF_SMALL);
    pb_buf_fini(&c);
}

static double s16(const uint8_t *p)
{
    return (int16_t)pb_be16(p);
}

void pb_pdffont_put(pb_pdffile *p, const pb_pdffont *f)
{
    const pb_subset_file *sf = f->file;
    uint32_t hl = 0, hhl = 0, osl = 0, cffl = 0;
    const uint8_t *head = sfnt_table(sf, "head", &hl), *hhea = sfnt_table(sf, "hhea", &hhl);
    const uint8_t *os2 = sfnt_table(sf, "OS/2", &osl);
    double upem = head && hl >= 54 && pb_be16(head + 18) ? pb_be16(head + 18) : 1000,
           k = 1000 / upem;
    double bbox[4] = {0, -200, 1000, 900}, ascent = 880, descent = -120, cap = 700;
    if (head && hl >= 54)
        for (int i = 0; i < 4; i++)
            bbox[i] = s16(head + 36 + 2 * i) * k;
    if (hhea && hhl >= 8)
        ascent = s16(hhea + 4) * k, descent = s16(hhea + 6) * k;
    cap = ascent;
    if (os2 && osl >= 90 && pb_be16(os2) >= 2)
        cap = s16(os2 + 88) * k;

    /* a subset tag (six capitals) from the glyphs kept: deterministic */
    char name[96], tag[7];
    ps_name(sf, name, sizeof name);
    uint64_t h = fnv1a(sf->old, (size_t)sf->nglyphs * sizeof *sf->old, 14695981039346656037ull);
    h = fnv1a(name, strlen(name), h);
    for (int i = 0; i < 6; i++, h /= 26)
        tag[i] = (char)('A' + h % 26);
    tag[6] = 0;

    int cid = pb_pdffile_obj(p), desc = pb_pdffile_obj(p), file = pb_pdffile_obj(p),
        tou = pb_pdffile_obj(p);
    pb_pdffile_begin(p, f->type0);
    pb_buf_addf(&p->out,
                "<< /Type /Font /Subtype /Type0 /BaseFont /%s+%s /Encoding /Identity-H\n"
                "   /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>\n",
                tag, name, cid, tou);
    pb_pdffile_end(p);
    pb_pdffile_begin(p, cid);
    pb_buf_addf(&p->out,
                "<< /Type /Font /Subtype /%s /BaseFont /%s+%s\n"
                "   /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>\n"
                "   /FontDescriptor %d 0 R%s\n   /W ",
                sf->cff ? "CIDFontType0" : "CIDFontType2", tag, name, desc,
                sf->cff ? "" : " /CIDToGIDMap /Identity");
    put_widths(&p->out, f);
    pb_buf_adds(&p->out, " >>\n");
    pb_pdffile_end(p);
    pb_pdffile_begin(p, desc);
    pb_buf_addf(&p->out, "<< /Type /FontDescriptor /FontName /%s+%s /Flags 4\n   /FontBBox [", tag,
                name);
    for (int i = 0; i < 4; i++) {
        pb_pdffile_num(&p->out, bbox[i]);
        pb_buf_adds(&p->out, i < 3 ? " " : "]");
    }
    pb_buf_adds(&p->out, " /ItalicAngle 0 /Ascent ");
    pb_pdffile_num(&p->out, ascent);
    pb_buf_adds(&p->out, " /Descent ");
    pb_pdffile_num(&p->out, descent);
    pb_buf_adds(&p->out, " /CapHeight ");
    pb_pdffile_num(&p->out, cap);
    pb_buf_addf(&p->out, " /StemV 80\n   /%s %d 0 R >>\n", sf->cff ? "FontFile3" : "FontFile2",
                file);
    pb_pdffile_end(p);
    if (sf->cff) {
        const uint8_t *cff = sfnt_table(sf, "CFF ", &cffl);
        pb_pdffile_stream(p, file, "/Subtype /CIDFontType0C", cff, cffl, PB_PDF_SMALL);
    } else {
        char dict[48];
        snprintf(dict, sizeof dict, "/Length1 %zu", sf->len);
        pb_pdffile_stream(p, file, dict, sf->data, sf->len, PB_PDF_SMALL);
    }
    put_tounicode(p, tou, f);
}
