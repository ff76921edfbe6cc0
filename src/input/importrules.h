/* importrules: what one line of pasted article text is, taken by itself.
 * Consumes: one line (UTF-8, trimmed, spaces settled). Produces: a
 * pb_line_info naming its kind, the rule that decided and the parts it holds;
 * import.c decides in context (title, heads, captions after a placeholder). */
#ifndef PB_IMPORTRULES_H
#define PB_IMPORTRULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/util.h"

typedef enum {
    PB_LINE_TEXT,      /* nothing by itself: body, head or title, decided in context */
    PB_LINE_BLANK,     /* no text */
    PB_LINE_FURNITURE, /* web page furniture: breadcrumb, widget, copy-link line */
    PB_LINE_RELATED,   /* "相关新闻": it and the rest of the text are a related-news tail */
    PB_LINE_META,      /* date, source, byline and credit fields (date, source, ...) */
    PB_LINE_NOTE,      /* editor's note: a = its label; b = the note's text on the line, or NULL */
    PB_LINE_PLACEHOLDER,  /* where a photo stood: 图片, [图片] */
    PB_LINE_CAPTION,      /* a photo caption: △ ▲ ↑ 图： 图为 */
    PB_LINE_PHOTO_CREDIT, /* a photo credit alone: 记者 XXX 摄, (图/XXX) */
    PB_LINE_BYLINE,       /* 记者 XXX 文/图, 文/XXX, (中央社記者XXX台北1日電) */
    PB_LINE_KICKER_TITLE, /* kicker | title: a = kicker, b = title */
    PB_LINE_KICKER,       /* 引题：…: a = the kicker */
    PB_LINE_TITLE,        /* 主题：… 标题：…: a = the title */
    PB_LINE_SUBTITLE,     /* ——…, 副题：…: a = the subtitle (at the top only) */
    PB_LINE_NUMBERED, /* 一、… （一）… 1. … （1）…: a head if its context agrees; num = family */
} pb_line_kind;

typedef struct {
    pb_line_kind kind;
    const char *rule; /* the rule that decided, e.g. "breadcrumb"; static */
    char *a, *b;      /* parts, see the kinds; arena-owned */
    int num;          /* NUMBERED: 1 一、 2 （一） 3 1. 4 第一 5 ① 6 （1） */
    /* META: any may be NULL. date, updated (an update time: 更新时间：…,
     * （5/28 19:15 更新）) and source without their label; byline and credits
     * with it ("记者：XXX", "编辑：XXX"), colons full-width; a byline that
     * follows a date unlabelled (2023年06月26日 周明远) as written. */
    char *date, *source, *byline, *updated;
    char **credits;
    int ncredits;
} pb_line_info;

/* Classify one line by the line rules, in this order: blank, breadcrumb,
 * related, copy-link, the catalogue of page furniture (share, follow, audio,
 * gallery, end mark, copyright, 原标题：…; docs/import.md), reading time,
 * page counter, separator, audio time, widget, placeholder, image file,
 * note, caption, photo credit, caption with credit, meta (date, updated,
 * source, byline, credits; record table, tags), byline, header labels and
 * the —— subtitle, kicker | title, numbered head; else text. Parts are
 * allocated in a. Never fails. */
pb_line_info pb_importrules_line(const char *s, pb_arena *a);

/* "kind[:rule] part=… …": the classification as text, for tests. */
void pb_importrules_describe(const pb_line_info *li, pb_buf *out);

/* Context helpers for import.c. */

/* Display width in characters: CJK counts 1, anything else ½. */
double pb_importrules_width(const char *s);
/* The line ends a sentence: its last mark before closing quotes and brackets
 * is 。！？…；!?; or a '.' after a letter. */
bool pb_importrules_sentence_end(const char *s);
/* A head by its shape: at most ~25 characters (~40 with a colon after a
 * short lead, as in 思想共铸：从会议室到生产线), no sentence or clause mark
 * at its end, no sentence mark inside. Whether it stands between paragraphs
 * is for the caller. */
bool pb_importrules_head_shape(const char *s);
/* The same for a title: at most ~64 characters, no full stop or semicolon
 * in it (！ and ？ may end it), not ending in a clause mark ，、：. */
bool pb_importrules_title_shape(const char *s);

/* What a half-width '.' at s[i] (of n bytes) becomes: 0x3002 。 where it ends
 * a sentence (after CJK, before CJK text, an opening quote or bracket, or the
 * end; between Han, only after five or more characters or after a clause
 * mark, 急不得.下面), 0xB7 ·
 * between two short words (up to four characters each) standing alone, as
 * in 「光影.敘事」; 0 (kept) when ambiguous, and for 3.5, Fig. and ... */
uint32_t pb_importrules_period(const char *s, size_t n, size_t i);

/* The language of the text: "ja" when kana make up a sixth of its
 * ideographs and kana (Japanese prose has a third or more), "zh-Hant" when it has more
 * traditional-only than simplified-only characters of a table of common pairs, else "zh-Hans".
 * Static string; never fails. */
const char *pb_importrules_lang(const char *s, size_t n);

#endif
