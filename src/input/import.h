/* import: pasted article text (a web page or WeChat post saved as .txt) → pb_doc.
 * Consumes: a text file's bytes (encoding.c decodes, importrules.c classifies
 * each line). Produces: the same pb_doc an equivalent Markdown article would,
 * and a report of what each input line became. */
#ifndef PB_IMPORT_H
#define PB_IMPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "doc.h"

typedef struct {
    const char *encoding; /* "utf-8", "utf-16", "gb18030"…; NULL: detect */
    const char *images;   /* a folder whose photos (.jpg .jpeg .png .webp, in natural
                             name order) go to the figures in order; NULL: placeholders */
    const char *base_dir; /* the folder figure paths are written relative to (where the
                             Markdown goes); NULL: the input's folder */
    const char *title;    /* the article's title, replacing any the text gives; NULL: from the
                             text (none found: a warning) */
    bool captions_auto;   /* a run of caption-like lines after the body becomes figures
                             (placeholders with those captions); false: kept as body */
} pb_import_settings;

/* What one input line became. */
typedef struct {
    int line;         /* 1-based */
    const char *role; /* body, head, caption, figure, note, title, kicker, subtitle, date,
                         byline, source, credit (joined with + when a line held several),
                         dropped, blank */
    const char *why; /* the rule or the reason (for dropped: breadcrumb, widget, …); may be NULL */
    const char *text; /* the line as read, spaces settled */
} pb_import_line;

typedef struct {
    const char *encoding; /* as read: "UTF-8", "GB18030", "UTF-16LE with BOM", … */
    bool wrapped;         /* hard-wrapped lines were joined into paragraphs */
    int nfigures, nimages;
    pb_import_line *lines;
    int nlines;
} pb_import_report;

/* Import text already in memory; path names it in messages and, unless
 * s->base_dir is given, anchors figure paths. rep may be NULL. Returns NULL
 * (with an error in d) when the bytes are not text in a known encoding, hold
 * no text, or the images folder cannot be read. The report is arena-owned by
 * the document. Caller frees with pb_doc_free(). */
pb_doc *pb_import_parse(const char *buf, size_t len, const char *path, const pb_import_settings *s,
                        pb_import_report *rep, pb_diags *d);

/* Read and import a file. Caller frees with pb_doc_free(). */
pb_doc *pb_import_load(const char *path, const pb_import_settings *s, pb_import_report *rep,
                       pb_diags *d);

/* Print the report (importphotos.c): a summary line, then per input line its number, what it
 * became and its first 30 characters. Never fails. */
void pb_import_explain(const pb_doc *doc, const pb_import_report *rep, FILE *out);

/* Give the figures of doc their photos: the files of s->images in natural
 * name order, then img/photoN.jpg; counts go to rep. False with an error
 * when the folder cannot be read. (importphotos.c) */
bool pb_import_photos(pb_doc *doc, const pb_import_settings *s, pb_import_report *rep, pb_diags *d);

/* Write doc as an article in Markdown with YAML front matter (docs/conventions.md,
 * "Articles"); pb_doc_parse() of the result gives the same
 * tree. Returns false when writing failed (ferror). (mdwrite.c) */
bool pb_mdwrite_doc(const pb_doc *doc, FILE *out);

#endif
