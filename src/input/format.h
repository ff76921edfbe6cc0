/* format: what an input file is, by its content as well as its name.
 * Consumes: a file's name and bytes, or a format forced with --from.
 * Produces: the format to read it as, and the document (pb_format_load
 * dispatches to the reader of each format). */
#ifndef PB_FORMAT_H
#define PB_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/diag.h"
#include "doc.h"
#include "import.h"

typedef enum {
    PB_FORMAT_NONE, /* not known: by name, none of the extensions; by content, not decided */
    PB_FORMAT_TXT,  /* pasted text (import.c) */
    PB_FORMAT_MD,   /* Markdown with front matter (doc.c) */
    PB_FORMAT_DOCX, /* a Word document: a zip holding word/document.xml */
    PB_FORMAT_HTML, /* a saved web page (html.c) */
    PB_FORMAT_MHTML /* a web page saved as one MIME file with its images (html.c) */
} pb_format;

/* "txt", "md", "docx", "html", "mhtml" (index by pb_format; [0] is "none"). */
extern const char *const pb_format_names[];

/* The format --from names (txt|md|docx|html|mhtml; also htm, mht, markdown,
 * text), or PB_FORMAT_NONE. Never fails. */
pb_format pb_format_from_name(const char *name);

/* By extension alone: .txt, .md/.markdown, .docx, .html/.htm/.xhtml,
 * .mhtml/.mht; PB_FORMAT_NONE for any other. Never fails. */
pb_format pb_format_by_name(const char *path);

/* By content: a zip holding word/document.xml is DOCX; MIME headers with a
 * multipart/related type are MHTML; a file opening (after a BOM and blanks)
 * with <!doctype html, <html, or a comment or <head> before <body> is HTML.
 * A .html holding a '<' in its first 4 KiB (a fragment, a page in UTF-16)
 * stays HTML. Text is then told apart with the extension's help (by_name): a .txt (or
 * any name) with front matter, two # heads or a Markdown image is MD; a .md
 * in UTF-8 without any Markdown structure that holds a line of web
 * furniture (importrules.c) is TXT. Otherwise by_name, or TXT
 * for a name of no known format. *why gets the reason in a few words (a
 * static string). Never fails. */
pb_format pb_format_sniff(const char *buf, size_t len, pb_format by_name, const char **why);

/* A photo held inside the input (an .mhtml's image parts): the caller
 * writes data to path (the figure that shows it already names it). */
typedef struct {
    const char *path;
    const unsigned char *data;
    size_t len;
} pb_media_file;

typedef struct {
    pb_format from;              /* forced (--from); PB_FORMAT_NONE: by content */
    pb_format fallback;          /* text whose name has no known extension is read as
                                    this (render: MD, import: TXT); NONE: TXT */
    const pb_import_settings *s; /* as for pb_import_parse; may be NULL */
    const char *media_dir;       /* where photos held inside the input are to be
                                    written (pb_media_file); NULL: they are not, and
                                    their figures get placeholders */
} pb_load_opts;

typedef struct {
    pb_format format;    /* what the input was read as */
    pb_media_file *media; /* arena-owned by the document */
    int nmedia;
} pb_load_result;

/* Read path as o->from says (PB_FORMAT_NONE: by content, pb_format_sniff)
 * and make its document: MD by pb_doc_parse, TXT by pb_import_parse, HTML
 * and MHTML by pb_html_parse, DOCX by pb_docx_parse (its photos, like an
 * .mhtml's, moved under o->media_dir and handed back in res); an old
 * Office file (.doc) is an error saying to save it as .docx. A note says what was read when the content decided against the
 * extension. rep as for pb_import_parse (may be NULL; for MD it holds no
 * lines); res may be NULL. Returns NULL with an error in d. Caller frees
 * with pb_doc_free(). */
pb_doc *pb_format_load(const char *path, const pb_load_opts *o, pb_import_report *rep,
                       pb_load_result *res, pb_diags *d);

#endif
