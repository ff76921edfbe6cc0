/* style: how text is set — a role's style (font, size, leading, colour,
 * box and rules) and the typesetting rules (typography). Consumes: nothing;
 * the template fills them from YAML. Produces: the settings the text stage
 * consumes. Lengths are pb_len (base/units.h). */
#ifndef PB_STYLE_H
#define PB_STYLE_H

#include <stdbool.h>

#include "../base/units.h"

typedef enum { PB_ALIGN_JUSTIFY, PB_ALIGN_LEFT, PB_ALIGN_CENTER, PB_ALIGN_RIGHT } pb_align;

typedef struct {
    bool set;
    double r, g, b; /* 0..1 */
} pb_color;

/* The roles a style can be given; the YAML key is the lower-case name. */
typedef enum {
    PB_ROLE_BODY,     /* body */
    PB_ROLE_TITLE,    /* title: the headline (主题) */
    PB_ROLE_KICKER,   /* kicker: 引题 above the headline */
    PB_ROLE_SUBTITLE, /* subtitle: 副题 */
    PB_ROLE_META,     /* meta: the byline / date / source line */
    PB_ROLE_HEAD,     /* head: section heads (Markdown ##, imported 一、) */
    PB_ROLE_HEAD2,    /* head2: the heads under them (###, （一）) */
    PB_ROLE_HEAD3,    /* head3: the heads under those (#### and deeper, 1.) */
    PB_ROLE_NOTE,     /* note: the editor's note box */
    PB_ROLE_CAPTION,  /* caption: photo captions */
    PB_ROLE_CREDITS,  /* credits: closing credits */
    PB_ROLE_HEADER,   /* header: running header/footer text */
    PB_ROLE_FOOTNOTE, /* footnote: the notes at an article's end ([^1] in Markdown) */
    PB_ROLE_COUNT
} pb_role;

typedef struct {
    char *family;       /* a fontconfig family list, "Noto Serif CJK SC" */
    int weight;         /* 400 regular, 700 bold (any 100..900) */
    pb_len size;        /* font size */
    pb_len leading;     /* line pitch (baseline to baseline) */
    pb_len indent;      /* first-line indent */
    pb_len space_before, space_after;
    pb_align align;
    pb_color color;
    /* box around the block (note): fill, stroke and inner padding */
    pb_color box_fill, box_stroke;
    pb_len box_stroke_width, box_padding;
    /* rules above/below the block (0 = none) */
    pb_len rule_above, rule_below;
    pb_color rule_color;
    /* the face of strong text (**text**) in it, bold: the template's
     * typography.strong_family (not owned); NULL: PB_STRONG_FAMILY */
    const char *strong_family;
} pb_style;

/* Strong text's face when a style names none: a Hei, as Chinese print sets
 * emphasis in a Song text (the weight of a bold head), not a faux bold. */
#define PB_STRONG_FAMILY "Noto Sans CJK SC"

/* The typesetting rules of a template (template key `typography`), the
 * tunables of the paragraph builder (docs/clreq.md numbers). */
typedef enum { PB_BREAK_STRICT, PB_BREAK_NORMAL, PB_BREAK_LOOSE } pb_strictness;
typedef enum {
    PB_PUNCT_QUANJIAO,      /* marks 1 em, adjacent 1.5 em, line end ½ em (GB/T 15834) */
    PB_PUNCT_HANGMOBANJIAO, /* as quanjiao, and an opening mark at line start ½ em too */
    PB_PUNCT_KAIMING,       /* 。？！ 1 em, the other marks ½ em */
    PB_PUNCT_BANJIAO,       /* every mark ½ em */
} pb_punct_style;
typedef enum { PB_HANG_NONE, PB_HANG_ALLOW, PB_HANG_FORCE } pb_hanging;

typedef struct {
    pb_strictness linebreak; /* linebreak: strict | normal | loose (CLR-11…14) */
    pb_punct_style punctuation; /* punctuation: quanjiao | hangmobanjiao | kaiming | banjiao */
    pb_hanging hanging;      /* hanging: none | allow | force (CLR-28) */
    double latin_spacing;    /* latin_spacing: Han–Latin space in em, 0 = none (CLR-30) */
    double char_stretch;     /* char_stretch: most space added between characters, em */
    double latin_justify;    /* latin_justify: narrowest measure, em, a Latin paragraph is
                                justified in; narrower, it is set ragged right */
    int last_line_chars;     /* last_line_chars: fewest characters on a last line (CLR-39) */
    bool normalize;          /* normalize: half-width marks in Chinese → full-width */
    char *strong_family;     /* strong_family: the face of **strong** text, set bold */
} pb_typography;

#endif
