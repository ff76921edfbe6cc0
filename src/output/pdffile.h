/* pdffile: the objects of a PDF file and the syntax of its content streams.
 * Consumes: dictionaries, stream data, numbers and text. Produces: the bytes
 * of a PDF file in memory (out), with its cross-reference table. */
#ifndef PB_PDFFILE_H
#define PB_PDFFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/util.h"

typedef struct {
    pb_buf out;        /* the file so far; the caller takes it when finished */
    PB_VEC(size_t) at; /* byte offset of object i (0: never written); entry 0 unused */
    struct libdeflate_compressor *z[13]; /* by level, made when first used */
} pb_pdffile;

/* Deflate levels (libdeflate's 1-12; 0 stores): font programs are deflated
 * hardest, since they are most of the bytes and compress slowly anyway; page
 * contents and pixels at 6, where level 9 costs 3.5 times the time (55 ms for
 * 23 pages of text) for 3.5 % fewer bytes. */
enum { PB_PDF_STORE = 0, PB_PDF_FAST = 6, PB_PDF_SMALL = 9 };

/* A new object number, to be written later (or never: then a free entry). */
int pb_pdffile_obj(pb_pdffile *p);
/* "id 0 obj" ... "endobj" around a value written into p->out. */
void pb_pdffile_begin(pb_pdffile *p, int id);
void pb_pdffile_end(pb_pdffile *p);
/* Stream object id: dict holds the entries besides /Length and /Filter (may
 * be NULL); level > 0: compressed with /FlateDecode at that level. Never
 * fails. */
void pb_pdffile_stream(pb_pdffile *p, int id, const char *dict, const void *data, size_t len,
                       int level);
/* The cross-reference table and the trailer naming the catalog root and the
 * information dictionary info; the file identifier is made of checksums of
 * the file. Never fails. */
void pb_pdffile_finish(pb_pdffile *p, int root, int info);
/* Free what p holds besides out. */
void pb_pdffile_fini(pb_pdffile *p);

/* A number: at most three decimals, no trailing zeros. */
void pb_pdffile_num(pb_buf *b, double v);
/* n numbers separated by spaces, then the operator name and a newline. */
void pb_pdffile_op(pb_buf *b, const double *v, int n, const char *name);
/* Four hexadecimal digits. */
void pb_pdffile_hex16(pb_buf *b, uint32_t v);
/* UTF-8 text as UTF-16BE hexadecimal digits (no brackets); invalid bytes
 * become U+FFFD. */
void pb_pdffile_utf16(pb_buf *b, const char *s, size_t len);
/* A text string: <FEFF...> in UTF-16BE. */
void pb_pdffile_text(pb_buf *b, const char *s);

#endif
