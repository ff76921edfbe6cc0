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
    const char *input;   /* article: .md with front matter */
    const char *layout;  /* name or path; NULL: front matter, then "a3-news" */
    const char *output;  /* PDF path; NULL: output/<stem>.pdf */
    const char *trace;   /* layout trace path, "-" for stdout; NULL: none */
    const char *datadir; /* where layouts/ and fonts/ are; NULL: built-in */
} pb_render_opts;

/* Render one article. Returns false when an error was appended to d; no
 * output file is left behind then. Warnings may be appended on success. */
bool pb_render(const pb_render_opts *o, pb_diags *d);

/* List layouts in datadir/layouts as "name  description" lines. */
bool pb_list_layouts(const char *datadir, FILE *out, pb_diags *d);

/* The directory holding layouts/ and fonts/: $PAIBAN_DATADIR or the source
 * tree the program was built from. Never fails. */
const char *pb_datadir(void);

#endif
