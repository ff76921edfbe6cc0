/* mdwalk: the walk over Markdown that markup.c drives and mdtable.c, mdnote.c take part in.
 * Consumes: the article's Markdown body and cmark's nodes. Produces: inline
 * text flattened and settled into pb_text, and the blocks of pb_doc. */
#ifndef PB_MDWALK_H
#define PB_MDWALK_H

#include <cmark.h>
#include <stdbool.h>
#include <stddef.h>

#include "../base/util.h"
#include "doc.h"

/* Inline content flattened to plain text plus styled spans. */
typedef struct {
    pb_buf buf; /* '\n' marks a line break, settled later */
    PB_VEC(pb_span) spans;
} pb_mdflat;

typedef PB_VEC(size_t) pb_mdoffsets;

struct pb_mdlist;   /* a list open around the walk (markup.c) */
struct pb_footnote; /* a footnote definition (mdnote.c) */
struct pb_labelled; /* a footnote's label, to find it by (mdnote.c) */

typedef struct {
    pb_doc *doc;
    pb_diags *d;
    int first_line;
    const char *md;
    size_t len;
    pb_mdoffsets lines;    /* offset of each line of md; built when first needed */
    PB_VEC(pb_block) top;  /* the document's blocks */
    PB_VEC(pb_block) kids; /* the paragraphs of the open note */
    pb_block note;         /* the open note: the outermost block quote */
    int note_depth;        /* block quotes open around the current node */
    PB_VEC(struct pb_mdlist) lists;
    char prefix[24];                     /* list item marker for the item's first paragraph */
    PB_VEC(struct pb_footnote) notes;    /* in definition order */
    PB_VEC(struct pb_labelled) by_label; /* the notes sorted by label, then definition order */
    PB_VEC(int) order;                   /* indices into notes by number */
    size_t notes_set;                    /* how many of order are set */
    char note_prefix[24];                /* "[1] " for a footnote's first paragraph */
    bool in_notes;                       /* walking a footnote's text: no note box, no heads */
    bool code_block; /* finishing a code block: its white space settles like text */
    bool ok;
} pb_mdwalker;

#define WARN(w, line, ...) pb_warn((w)->d, (w)->doc->path, (line), __VA_ARGS__)

/* ---- markup.c ---- */

/* ASCII white space: space, tab, line break. */
bool pb_markup_is_space(char c);
/* [lo, hi): s without white space (ASCII and U+3000) at either end. */
void pb_markup_trim(const char *s, size_t n, size_t *lo, size_t *hi);

/* Append s[0, n) to f, styled by flags (none: plain). */
void pb_markup_flat_add(pb_mdflat *f, const char *s, size_t n, unsigned flags);
void pb_markup_flat_fini(pb_mdflat *f);
/* The span of f at or after byte i (k: a cursor moving forward), or NULL. */
const pb_span *pb_markup_span_from(const pb_mdflat *f, size_t i, size_t *k);
/* Copy f's bytes [a, b) with their flags to g (k: a cursor as above). */
void pb_markup_flat_copy(pb_mdflat *g, const pb_mdflat *f, size_t a, size_t b, size_t *k);

/* Flatten the inline content under root into f. base: flags for all of it;
 * line: where it is, for messages. */
void pb_markup_flatten(pb_mdwalker *w, cmark_node *root, unsigned base, bool warn_images, int line,
                       pb_mdflat *f);
/* The settled text of f, footnote references numbered, the pending prefixes
 * in front. Arena-owned. */
pb_text pb_markup_finish(pb_mdwalker *w, pb_mdflat *f, int line);
/* Add b where the walk is: to the open note, else to the document. */
void pb_markup_emit(pb_mdwalker *w, pb_block b);
/* Line l (1-based) of the text being walked, without its line end; false
 * when there is no such line. */
bool pb_markup_source_line(pb_mdwalker *w, size_t l, const char **s, size_t *n);
/* Walk md as a document of its own whose first line is file line first_line,
 * its blocks emitted where the walk is. */
void pb_markup_walk_text(pb_mdwalker *w, const char *md, size_t len, int first_line);

/* ---- mdtable.c ---- */

/* Set the GFM table in paragraph n as text, one block per row, with a
 * warning; the lines before it stay a paragraph. False when n holds no table. */
bool pb_mdtable_set(pb_mdwalker *w, cmark_node *n);

/* ---- mdnote.c ---- */

/* Take the footnote definitions out of md into w: md itself when it holds
 * none, else a copy (arena-owned) with their lines blanked. */
const char *pb_mdnote_take(pb_mdwalker *w, const char *md, size_t len);
/* Number the footnote references [^label] of f: each becomes "[N]". */
void pb_mdnote_number(pb_mdwalker *w, pb_mdflat *f, int line);
/* Set the notes at the end of the document, under a title. */
void pb_mdnote_set(pb_mdwalker *w);
/* Free what pb_mdnote_take() recorded in w. */
void pb_mdnote_fini(pb_mdwalker *w);

#endif
