/* html: a saved web page (.html, .htm, or one .mhtml file with its images)
 * → pb_doc. Consumes: the page's bytes (libxml2's HTML parser; an .mhtml is
 * taken apart by mhtml.c). Produces: the article as the pasted-text importer
 * would make it from the page's text, with what the markup tells better
 * (title, date, byline, heads, figures and their photos) set from the page. */
#ifndef PB_HTML_H
#define PB_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "format.h"
#include "import.h"

typedef struct {
    const pb_import_settings *s; /* encoding (when the page names none), images, base_dir */
    bool mhtml;                  /* the bytes are a MIME multipart/related message */
    const char *media_dir;       /* where an .mhtml's photos are to be written; NULL:
                                    placeholders */
} pb_html_opts;

/* The photos of an .mhtml that its figures use: the caller writes each
 * data to its path (arena-owned by the document). */
typedef struct {
    pb_media_file *v;
    int n;
} pb_html_media;

/* Import a saved page. The article body is #js_content (WeChat), else the
 * <article> with the most text, else the element whose paragraphs hold the
 * most text, links, navigation, comments and widgets not counted. Its text
 * becomes one line per paragraph (an <img> a line 图片, a heading or a
 * bold-only paragraph its own line), with the lines around the title and
 * the body (date, source and widget lines) before and after it, and is
 * imported as pasted text (pb_import_parse): the same furniture is dropped
 * and listed in rep. Then title, date, byline and source from the page's
 * markup and meta tags, <h2>–<h4> and bold-only paragraphs as heads, and
 * each figure's photo: a local file (a browser's page_files/ folder), a
 * part of the .mhtml, else a placeholder with a warning. path names the
 * page in messages. Returns NULL with an error in d (no body found,
 * not HTML, bytes in no encoding). Caller frees with pb_doc_free(). */
pb_doc *pb_html_parse(const char *buf, size_t len, const char *path, const pb_html_opts *o,
                      pb_import_report *rep, pb_html_media *media, pb_diags *d);

/* mhtml.c: an .mhtml taken apart (GMime). */
typedef struct {
    char *location;     /* Content-Location, or "cid:" and the Content-ID; may be NULL */
    char *type;         /* "image/jpeg", … */
    unsigned char *data; /* decoded (quoted-printable, base64) */
    size_t len;
} pb_mhtml_part;

typedef struct {
    char *html; /* the first text/html part, decoded, in its own charset */
    size_t len;
    char *charset; /* its charset parameter; NULL when none */
    char *location; /* its Content-Location: relative URLs in it are resolved against it */
    pb_mhtml_part *parts; /* every other part with a body */
    int nparts;
} pb_mhtml;

/* Take an .mhtml apart. False with an error naming path when it is not a
 * MIME message or holds no text/html part. Free with pb_mhtml_fini(). */
bool pb_mhtml_split(const char *buf, size_t len, const char *path, pb_mhtml *m, pb_diags *d);
void pb_mhtml_fini(pb_mhtml *m);

#endif
