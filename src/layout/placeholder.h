/* placeholder: the {keys} of running heads, running feet and a board's
 * footer band, filled in. Consumes: a template's text, the article's front
 * matter, the page's number. Produces: the text to set. */
#ifndef PB_PLACEHOLDER_H
#define PB_PLACEHOLDER_H

#include "../input/doc.h"

typedef struct {
    const pb_doc *doc;
    const char *layout;      /* the template's name */
    int page, pages;         /* this page (board) and how many in all */
    const char *date_format; /* how {date} is printed (input/date.h); NULL: as written */
} pb_placeholder_ctx;

/* fmt (NULL: empty) with each key in braces replaced: {title} {kicker}
 * {subtitle} {date} {byline} {source} {section} {organizer} (the source
 * when not given) from the front matter, {layout}, {page} and {pages}, and
 * their board names {board} and {boards}. {date} is printed by the
 * date_format when it is a date (pb_date_text). A key the article does not
 * give is left out; an unknown key stays as written. Caller frees. */
char *pb_placeholder_fill(const char *fmt, const pb_placeholder_ctx *c);

#endif
