/* docxpriv: what the passes of the Word import share (docx.c, docxstyle.c, docxwalk.c).
 * Consumes: libzip's archive and libxml2's trees. Produces: styles, list numbers and the
 * flat list of paragraphs that docx.c gives roles to. */
#ifndef PB_DOCXPRIV_H
#define PB_DOCXPRIV_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "../base/util.h"
#include "docx.h"

#define PB_DX_W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define PB_DX_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define PB_DX_MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"

enum {
    PB_DX_STYLE_DEPTH = 16, /* basedOn chains followed this far */
    PB_DX_MAX_DEPTH = 64,   /* nesting of text boxes and tables followed (libxml2 caps at 256) */
    PB_DX_LEVELS = 9,       /* list levels */
};

/* ---- the zip and its parts (docx.c) ---- */

/* The Word file being read and what its parts have cost so far. */
typedef struct {
    const char *path;
    zip_t *zip;
    size_t limit, total;
    pb_diags *d;
} pb_dxparts;

/* The bytes of part name (NUL-terminated), or NULL: when missing (no error
 * unless required) or unreadable, damaged or above the limits (an error).
 * Caller frees. */
char *pb_docx_read_part(pb_dxparts *p, const char *name, bool required, size_t *len);
/* Part name parsed as XML, or NULL with an error (missing: only when
 * required). Caller frees with xmlFreeDoc(). */
xmlDoc *pb_docx_read_xml(pb_dxparts *p, const char *name, bool required);

/* ---- XML helpers ---- */

static inline bool named(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local);
}

/* A WordprocessingML element (transitional or strict namespace). */
static inline bool is_w(const xmlNode *n, const char *local)
{
    if (!named(n, local) || !n->ns || !n->ns->href)
        return false;
    const char *h = (const char *)n->ns->href;
    return !strcmp(h, PB_DX_W_NS) || !strcmp(h, PB_DX_W_STRICT);
}

static inline bool is_mc(const xmlNode *n, const char *local)
{
    return named(n, local) && n->ns && n->ns->href &&
           !strcmp((const char *)n->ns->href, PB_DX_MC_NS);
}

/* The value of attribute local (any namespace), or NULL. Not copied. */
static inline const char *attr(const xmlNode *n, const char *local)
{
    for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
        if (!strcmp((const char *)a->name, local) && a->children &&
            a->children->type == XML_TEXT_NODE)
            return (const char *)a->children->content;
    return NULL;
}

static inline xmlNode *child_w(const xmlNode *n, const char *local)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_w(c, local))
            return c;
    return NULL;
}

/* A toggle property (w:b, w:i): -1 absent, else on or off. */
static inline int toggle(const xmlNode *pr, const char *local)
{
    const xmlNode *t = child_w(pr, local);
    if (!t)
        return -1;
    const char *v = attr(t, "val");
    return !(v && (!strcmp(v, "0") || !strcasecmp(v, "false") || !strcasecmp(v, "off")));
}

static inline int int_attr(const xmlNode *n, const char *local, int def)
{
    const char *v = attr(n, local);
    if (!v)
        return def;
    char *end;
    long x = strtol(v, &end, 10);
    return end != v && x > -100000 && x < 100000 ? (int)x : def;
}

/* ---- styles and list numbering (docxstyle.c) ---- */

typedef enum {
    PB_DXKIND_NONE,
    PB_DXKIND_TITLE,
    PB_DXKIND_SUBTITLE,
    PB_DXKIND_HEADING,
    PB_DXKIND_CAPTION
} pb_dxkind;

typedef struct {
    const char *id, *name, *based;
    int outline;      /* 0-based outline level; -1 none; 9 body text */
    int bold, italic; /* toggles: -1 not set */
    int size;         /* half-points; 0 not set */
    int center;       /* -1 not set */
    pb_dxkind kind;
    int heading;        /* PB_DXKIND_HEADING: its number (heading 2: 2) */
    const char *num_id; /* its list numbering (w:numPr); NULL none */
    int num_lvl;
} pb_dxstyle;

typedef struct {
    PB_VEC(pb_dxstyle) v;
    int default_size; /* half-points */
} pb_dxstyles;

/* A property looked up through a style's basedOn chain (pb_docx_style_prop). */
enum { PB_DXPROP_OUTLINE, PB_DXPROP_BOLD, PB_DXPROP_ITALIC, PB_DXPROP_SIZE, PB_DXPROP_CENTER };

/* The paragraph and character styles of styles.xml (x may be NULL: none). Never fails. */
void pb_docx_read_styles(xmlDoc *x, pb_dxstyles *st);
/* The style of id, or NULL. */
const pb_dxstyle *pb_docx_find_style(const pb_dxstyles *st, const char *id);
/* A PB_DXPROP_ of style id through its basedOn chain: the first set, or -1. */
int pb_docx_style_prop(const pb_dxstyles *st, const char *id, int prop);

typedef struct {
    int start;
    const char *fmt, *text, *suff;
} pb_dxnumlvl;

typedef struct {
    const char *id;
    pb_dxnumlvl lvl[PB_DX_LEVELS];
    int n[PB_DX_LEVELS]; /* the counters, shared by the lists of this definition */
    bool set[PB_DX_LEVELS];
} pb_dxabsnum;

typedef struct {
    const char *id;
    int abs;                 /* index into numbering.abs */
    int start[PB_DX_LEVELS]; /* w:startOverride, -1 none; applied at the list's first use */
    bool used;
} pb_dxnuminst;

typedef struct {
    PB_VEC(pb_dxabsnum) abs;
    PB_VEC(pb_dxnuminst) nums;
} pb_dxnumbering;

/* The list definitions of numbering.xml (x may be NULL: none). Never fails. */
void pb_docx_read_numbering(xmlDoc *x, pb_dxnumbering *nb);
/* The label of the next paragraph of list num_id at level lvl ("一、",
 * "1.2 ", "• "), counting it; "" for none. Caller frees. */
char *pb_docx_number_label(pb_dxnumbering *nb, const char *num_id, int lvl);

/* ---- the paragraphs (docxwalk.c) ---- */

typedef struct {
    const char *rid;
    const xmlNode *node;
} pb_dxphoto;

/* One paragraph, or one table row, as read. */
typedef struct {
    pb_buf text;
    PB_VEC(pb_span) spans;
    PB_VEC(pb_dxphoto) photos;
    PB_VEC(const xmlNode *) boxes; /* text boxes, their paragraphs set after this one */
    PB_VEC(int) cells;             /* a row: the byte offset where each cell starts */
    bool photos_first;             /* the first photo came before any text */
    const char *style;
    int outline; /* direct outline level, -1 */
    bool center, row, all_bold, any_text;
    int max_size;
    const char *from; /* "text box", "table" or NULL */
} pb_dxpara;

typedef struct {
    pb_dxparts *p;
    const pb_dxstyles *st;
    pb_dxnumbering *nb; /* NULL: no list numbers (the dropped parts) */
    PB_VEC(pb_dxpara) paras;
    int depth;
} pb_dxwalker;

/* Walk block-level content (paragraphs, tables and what wraps them) in
 * order into w->paras; from names where it is ("text box", NULL). */
void pb_docx_walk_blocks(pb_dxwalker *w, const xmlNode *n, const char *from, int depth);
void pb_docx_para_fini(pb_dxpara *p);

typedef struct {
    PB_VEC(pb_import_line) lines;
    int next_no;
    int notes; /* paragraphs of footnotes, endnotes and comments */
} pb_dxdropped;

/* The paragraphs of the headers, footers, footnotes, endnotes and comments,
 * each as a dropped line of the report (arena-owned by a). */
void pb_docx_list_dropped(pb_dxparts *p, const pb_dxstyles *st, pb_arena *a, pb_dxdropped *dr);

#endif
