/* paiban: the library's public entry points, one call per command.
 * Consumes: article files and layout templates. Produces: PDFs and traces.
 * Each stage also has its own header (input/doc.h, layout/template.h,
 * text/para.h, layout/page.h, output/render.h) for finer use and tests. */
#ifndef PAIBAN_H
#define PAIBAN_H

#include <stdbool.h>
#include <stdio.h>

#include "base/diag.h"

typedef struct {
    const char *input;   /* article: .md with front matter, pasted text (.txt), a saved
                            web page (.html, .htm, .mhtml); the content decides when
                            the name is wrong (input/format.h) */
    const char *layout;  /* name or path; NULL: front matter, then "a3-news" */
    const char *output;  /* PDF path; NULL: output/<stem>.pdf */
    const char *trace;   /* layout trace path, "-" for stdout; NULL: none */
    const char *datadir; /* where layouts/ and fonts/ are; NULL: built-in */
    const char *images;  /* .txt input: the photos for its figures (see pb_import_opts) */
    const char *encoding; /* .txt input: its encoding; NULL: detect */
    bool strict;          /* a missing or unreadable photo is an error, not a warning */
    bool allow_outside;   /* photos may lie outside the article's folder */
    bool set_bleed;       /* replace the layout's bleed with bleed_mm */
    double bleed_mm;
    bool no_overflow;     /* boards: fail rather than continue on a next board */
    int pages;            /* end on this many pages (page fitting); 0: front matter, layout */
    const char *pinyin;   /* "keep", "ruby", "drop": pinyin in brackets after Han words
                             (pb_pinyin_mode); NULL: front matter `pinyin`, else keep */
    double png_dpi;       /* > 0: also write OUT-1.png, OUT-2.png ... at this resolution */
    const char *tile;     /* "A3", "A4": also write OUT-tiles.pdf, pages cut onto sheets */
    double overlap_mm;    /* overlap of neighbouring tiles (0: 10 mm) */
    const char *title;    /* the title, replacing the article's; NULL: the article's */
    bool captions_auto;   /* .txt input: caption-like lines after the body become figures */
    const char *from;     /* "txt", "md", "docx", "html", "mhtml": read the input as that;
                             NULL: by its content and name */
    struct pb_warm *warm; /* what is loaded once for many renders (pb_warm_new); NULL:
                             everything is loaded by this call */
    struct pb_render_result *result; /* filled in on success when not NULL */
} pb_render_opts;

/* What a render made and read, for a caller that records it (paiban batch). */
typedef struct pb_render_result {
    int pages;
    char **inputs; /* the files read: the article, the layout, each photo and logo */
    size_t ninputs;
} pb_render_result;
void pb_render_result_fini(pb_render_result *r);

/* The state many renders in one process share, loaded once: the fontconfig
 * setup, the Pango font map and its fonts (datadir/fonts/fonts.conf) and a
 * bounded cache of shaped texts. A render with it gives the same bytes as one
 * without (it starts from the default language; cached runs are the runs
 * shaping would give). Returns NULL
 * with an error in d. Made before fork(), it is shared by the children. */
typedef struct pb_warm pb_warm;
pb_warm *pb_warm_new(const char *datadir, pb_diags *d);
void pb_warm_free(pb_warm *w);

/* Render one article. Pasted text and saved web pages are imported in
 * memory first, as pb_import() would; the photos inside an .mhtml are
 * written to a temporary folder beside it, removed when the render ends.
 * Returns false when an error was appended to d; no
 * output file is left behind then. Warnings may be appended on success. */
bool pb_render(const pb_render_opts *o, pb_diags *d);

typedef struct {
    const char *input;    /* pasted article text (UTF-8, UTF-16 with BOM or GB 18030) */
    const char *output;   /* Markdown path; NULL: INPUT with .md for .txt; "-": stdout */
    const char *images;   /* a folder of photos (.jpg .jpeg .png .webp) given to the figures
                             in name order; NULL: each figure gets a placeholder path */
    const char *encoding; /* "utf-8", "utf-16", "gb18030"; NULL: detect */
    FILE *explain;        /* where to write what each input line became; NULL: nowhere */
    const char *title;    /* the title, replacing any the text gives; NULL: from the text */
    bool captions_auto;   /* caption-like lines after the body become figures */
    const char *from;     /* "txt", "md", "docx", "html", "mhtml": read the input as that;
                             NULL: by its content and name */
} pb_import_opts;

/* Import pasted article text or a saved web page and write it as Markdown
 * with front matter (written to a temporary file and renamed: no
 * half-written output); the photos inside an .mhtml go to OUT-img/ beside
 * the Markdown, staged with it. Returns
 * false when an error was appended to d; no output file is left then. */
bool pb_import(const pb_import_opts *o, pb_diags *d);

/* List layouts in datadir/layouts as "name  description" lines. */
bool pb_list_layouts(const char *datadir, FILE *out, pb_diags *d);

/* The data folder holding layouts/ and fonts/: $PAIBAN_DATADIR when set,
 * else share/paiban beside the program's bin/ (an installed copy), else the
 * source tree the program was built from; the first with a layouts/ folder
 * (src/base/datadir.h). NULL, with an error naming the places looked in,
 * when there is none. Looked up once per process. */
const char *pb_datadir_find(pb_diags *d);

/* pb_datadir_find without the error: when no folder is found, the one named
 * by $PAIBAN_DATADIR or the source tree, so that what is opened in it fails
 * with its own name. Never NULL. */
const char *pb_datadir(void);

#endif
