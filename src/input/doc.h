/* doc: the document tree of one article (metadata + a flat list of blocks).
 * Consumes: a Markdown file with YAML front matter (markup.c, frontmatter.c).
 * Produces: pb_doc, read by the paragraph and page builders. */
#ifndef PB_DOC_H
#define PB_DOC_H

#include <stdbool.h>
#include <stdio.h>

#include "../base/arena.h"
#include "../base/diag.h"

/* Inline style flags of a span of text. */
enum {
    PB_SPAN_STRONG = 1,
    PB_SPAN_EMPH = 2,
    PB_SPAN_CODE = 4,
    PB_SPAN_CREDIT = 8,  /* a photo credit in a caption (set by the page builder) */
    PB_SPAN_NOBREAK = 16, /* no line break inside */
    PB_SPAN_NOTEREF = 32, /* a footnote reference "[1]": no line break before or inside it */
    PB_SPAN_WORDS = 64,   /* line breaks only between words (text/words.h) */
    PB_SPAN_DOTS = 128,   /* emphasis dots (着重号) under its characters: [text]{.dots}
                           * or <em class="dots">text</em> in Markdown (CLR-45) */
    PB_SPAN_RUBYBASE = 256, /* the base characters of the ruby right after them */
    PB_SPAN_RUBY = 512    /* pinyin set as ruby over the RUBYBASE span before it, not
                           * in the line: syllables one space apart when there is one
                           * per base character (CLR-48, pinyin.c) */
};

/* Text set as written: never normalised (code spans and blocks, note references). */
#define PB_SPAN_VERBATIM (PB_SPAN_CODE | PB_SPAN_NOTEREF)

typedef struct {
    int start, len; /* byte range in the owning pb_text */
    unsigned flags;
} pb_span;

/* Plain UTF-8 text of a paragraph with its styled ranges. Soft line breaks
 * between two CJK characters are removed; between Latin words they are one
 * space (hard-wrapped Chinese Markdown, docs/traps.md). A break between CJK
 * and Latin is removed too: the typesetter adds its own Han–Latin spacing. */
typedef struct {
    char *s;
    int len;
    pb_span *spans; /* only ranges with flags != 0, in order, not overlapping */
    int nspans;
} pb_text;

typedef enum {
    PB_BLOCK_PARA,   /* body paragraph */
    PB_BLOCK_HEAD,   /* section head (##, ###: level 2, 3) */
    PB_BLOCK_NOTE,   /* blockquote: the editor's note box; its paragraphs in children */
    PB_BLOCK_FIGURE, /* an image alone in its paragraph */
    PB_BLOCK_BREAK,  /* --- section break */
} pb_block_kind;

typedef enum { PB_PLACE_AUTO, PB_PLACE_TOP, PB_PLACE_BOTTOM, PB_PLACE_HERO } pb_place;

/* What a PARA is besides body text. */
typedef enum {
    PB_PARA_BODY,     /* a body paragraph (first-line indent) */
    PB_PARA_ROW,      /* a row of a table set as text, no indent; level 1: the header row */
    PB_PARA_FOOTNOTE, /* the notes at the article's end, in the footnote style: their title
                       * (level 1), then "[1] text", each paragraph of a note one block */
} pb_para_variant;

typedef struct pb_block {
    pb_block_kind kind;
    int line;               /* 1-based line in the source file */
    int level;              /* HEAD: 2 for ##, 3 for ### (a # head is level 1); PARA: see
                             * pb_para_variant */
    pb_para_variant variant; /* PARA only */
    pb_text text;           /* PARA/HEAD: the text; FIGURE: the caption (alt text) */
    struct pb_block *children; /* NOTE: its paragraphs */
    int nchildren;
    /* FIGURE only */
    char *src;   /* as written in the Markdown */
    char *path;  /* resolved against the article's directory */
    int span;    /* columns to span; 0 = the template's default */
    pb_place place;
    bool cover;          /* fit=cover: crop to aspect around focus; else fit=fit */
    double aspect;       /* aspect=W:H as W/H; 0 = the photo's own */
    double focus_x, focus_y; /* focus=X,Y in 0..1 (default 0.5,0.5) */
} pb_block;

typedef struct {
    /* NULL when not given, except lang: "zh-Hans" (default), "zh-Hant" or "ja". */
    char *title, *kicker, *subtitle, *date, *byline, *source, *lang, *layout;
    /* kicker, title, subtitle as the headline sets them, a '\n' at each manual
     * break (`|` or a line break in the front matter); NULL when it has none.
     * The fields above hold the text without the breaks (running heads, the
     * PDF's title). */
    char *kicker_lines, *title_lines, *subtitle_lines;
    char **credits;
    int ncredits;
    char *updated; /* when the article was last updated, as written; kept, not printed */
    char *organizer; /* boards: who shows the exhibition (footer band) */
    char *section;   /* the 版名 of the newspaper page (要闻, 社会), for the running head */
    char **logos;    /* boards: logo files (PNG, SVG) for the footer band */
    int nlogos;
    int pinyin;      /* pb_pinyin_mode: pinyin in brackets after Han words */
    int pages;       /* end on this many pages (page fitting); 0: the layout's rule */
    int pages_line;  /* its line in the front matter */
} pb_meta;

enum { PB_META_MAX_PAGES = 999 };

typedef struct pb_doc {
    pb_arena *arena;
    char *path; /* the source file as given */
    char *dir;  /* its directory, for relative image paths */
    pb_meta meta;
    pb_block *blocks;
    int nblocks;
    int head_top; /* the heading level of the first-level heads: 1 when the body has a `#`
                   * head, else 2 (0 reads as 2) */
} pb_doc;

/* Which head style a HEAD block takes: 0 (`head`) for the first level, 1
 * (`head2`) for the next, 2 (`head3`) for any deeper. Never fails. */
int pb_doc_head_rank(const pb_doc *doc, const pb_block *b);

/* Parse an article already in memory (front matter + Markdown). path names it
 * in messages and anchors relative image paths. Errors and warnings go to d.
 * Returns NULL on error. Caller frees with pb_doc_free(). */
pb_doc *pb_doc_parse(const char *buf, size_t len, const char *path, pb_diags *d);
/* Read and parse a file. Caller frees with pb_doc_free(). */
pb_doc *pb_doc_load(const char *path, pb_diags *d);
void pb_doc_free(pb_doc *doc);
/* Text dump of the tree for tests and --debug. */
void pb_doc_dump(const pb_doc *doc, FILE *out);

/* Pinyin in brackets right after Han words, 「文明城市（wénmíngchéngshì）」
 * (pinyin.c): kept as written, set as ruby over the characters, or dropped. */
typedef enum { PB_PINYIN_KEEP, PB_PINYIN_RUBY, PB_PINYIN_DROP } pb_pinyin_mode;
extern const char *const pb_pinyin_names[]; /* "keep", "ruby", "drop", NULL */
/* Apply mode to the body and note paragraphs of doc; returns how many
 * brackets of pinyin it found (0 for keep). Never fails. */
int pb_doc_pinyin(pb_doc *doc, pb_pinyin_mode mode);

/* Front matter (frontmatter.c): parse the YAML between the two '---' lines
 * into meta. first_line is the file line where yaml starts, so messages name
 * the right line. Unknown keys are warnings; wrong types are errors. */
bool pb_frontmatter_parse(const char *yaml, size_t len, int first_line, const char *path,
                          pb_arena *a, pb_meta *meta, pb_diags *d);

/* Markdown body (markup.c): cmark → blocks. first_line as above. Footnotes
 * ([^1] and their definitions [^1]: …) become notes at the end
 * (PB_PARA_FOOTNOTE, mdnote.c); a GFM table becomes rows of text
 * (PB_PARA_ROW, mdtable.c), with a warning. */
bool pb_markup_parse(const char *md, size_t len, int first_line, pb_doc *doc, pb_diags *d);

#endif
