/* docx: a Word file (.docx) → pb_doc, as an equivalent Markdown article would give.
 * Consumes: the zip (libzip) and its XML parts (libxml2): word/document.xml,
 * word/styles.xml, word/numbering.xml, word/_rels/document.xml.rels, the
 * photos of word/media; the headers, footers, footnotes, endnotes and
 * comments only to list them as dropped.
 * Produces: the document tree, the report of what each paragraph became
 * (pb_import_explain) and the photos, to be written next to the Markdown. */
#ifndef PB_DOCX_H
#define PB_DOCX_H

#include <stdbool.h>
#include <stddef.h>

#include "import.h"

/* The embedded photos of the figures, in document order. */
typedef struct {
    char *path;          /* where the figure's path points: BASE/STEM-img/N.jpg */
    unsigned char *data; /* the bytes as stored in the zip */
    size_t len;
} pb_docx_photo;

typedef struct {
    pb_docx_photo *v;
    int n;
    char *dir;     /* BASE/STEM-img */
    bool made_dir; /* pb_docx_photos_stage() created it */
} pb_docx_photos;

/* Read a Word file already in memory. path names it in messages; the
 * figures get STEM-img/N.EXT (STEM: path's name without .docx, N from 1 in
 * document order) relative to s->base_dir, else path's folder. s->images and
 * s->encoding are not used. photos (may be NULL) gets the bytes of each
 * figure's photo. Returns NULL with an error naming the file and what is
 * wrong when the bytes are not a zip, hold no word/document.xml, a part is
 * damaged or broken XML, or the parts read would unpack to more than
 * pb_limit_input_bytes() each or four times that together. Caller frees
 * with pb_doc_free() and pb_docx_photos_free(). */
pb_doc *pb_docx_parse(const char *buf, size_t len, const char *path, const pb_import_settings *s,
                      pb_import_report *rep, pb_docx_photos *photos, pb_diags *d);

/* Read and import a file (at most pb_limit_input_bytes()). */
pb_doc *pb_docx_load(const char *path, const pb_import_settings *s, pb_import_report *rep,
                     pb_docx_photos *photos, pb_diags *d);

/* Whether path is named as a Word file (.docx, any case). Never fails. */
bool pb_docx_is_named(const char *path);

/* Stage each photo for writing (pb_outfile: renamed into place by
 * pb_outfile_commit(), removed by pb_outfile_discard()), creating its
 * folder when missing. False with an error naming the path on failure. */
bool pb_docx_photos_stage(pb_docx_photos *p, pb_diags *d);

/* After pb_outfile_discard(): remove the folder pb_docx_photos_stage()
 * created (when it is empty), so a failed import leaves nothing. Never fails. */
void pb_docx_photos_discard(pb_docx_photos *p);

/* Remove the photo files as committed, then the folder as above: after a
 * render that used them from its temporary folder. Never fails. */
void pb_docx_photos_remove(pb_docx_photos *p);

void pb_docx_photos_free(pb_docx_photos *p);

#endif
