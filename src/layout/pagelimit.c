/* A lower bound, not a guess: a line holds its measure at most and takes at
 * least the smallest leading of the styles in use, so the text's width times
 * that leading cannot exceed the columns' area of all its pages. Widths are
 * counted only for characters whose advance is known to be large: Han
 * ideographs (1 em in every CJK face, never shrunk) and visible ASCII (more
 * than 1/5 em in any text face). Spaces, marks and other scripts count
 * nothing, so the bound stays below the truth for any text (the punctuation
 * left out more than covers a mark hanging past the measure); it exists to
 * refuse at once an input that is hundreds of pages over the limit. */
#include "pagelimit.h"

#include "../base/cjkchar.h"
#include "../base/limit.h"
#include "../base/util.h"

/* The least width of text in ems. */
static double min_ems(const pb_text *t)
{
    double em = 0;
    for (int i = 0; i < t->len;) {
        int adv;
        uint32_t c = pb_utf8_decode(t->s + i, (size_t)(t->len - i), &adv);
        em += pb_cjk_is_han(c) ? 1 : (c > 0x20 && c < 0x7F) ? 0.2 : 0;
        i += adv;
    }
    return em;
}

typedef struct {
    double width;    /* points of text */
    pb_len min_lead; /* the smallest leading of the styles used */
} tally;

static void count(tally *y, const pb_text *t, const pb_style *st)
{
    y->width += min_ems(t) * PB_TO_PT(st->size);
    if (st->leading > 0 && (y->min_lead == 0 || st->leading < y->min_lead))
        y->min_lead = st->leading;
}

static void count_block(tally *y, const pb_block *b, const pb_template *t)
{
    static const pb_role roles[] = {[PB_BLOCK_PARA] = PB_ROLE_BODY,
                                    [PB_BLOCK_HEAD] = PB_ROLE_HEAD,
                                    [PB_BLOCK_NOTE] = PB_ROLE_NOTE,
                                    [PB_BLOCK_FIGURE] = PB_ROLE_CAPTION,
                                    [PB_BLOCK_BREAK] = PB_ROLE_BODY};
    size_t k = (size_t)b->kind;
    count(y, &b->text, &t->styles[k < sizeof roles / sizeof *roles ? roles[k] : PB_ROLE_BODY]);
    for (int i = 0; i < b->nchildren; i++)
        count(y, &b->children[i].text, &t->styles[PB_ROLE_NOTE]);
}

long pb_pagelimit_estimate(const pb_doc *doc, const pb_template *t)
{
    if (pb_template_is_board(t))
        return 0;
    tally y = {0, 0};
    for (int i = 0; i < doc->nblocks; i++)
        count_block(&y, &doc->blocks[i], t);
    /* the whole type area, gutters too: a caption under a wide photo spans them */
    double area = PB_TO_PT(pb_template_area_width(t)) * PB_TO_PT(pb_template_area_height(t));
    if (area <= 0 || y.min_lead <= 0)
        return 0;
    return (long)(y.width * PB_TO_PT(y.min_lead) / area);
}

bool pb_pagelimit_check(const pb_doc *doc, const pb_template *t, pb_diags *d)
{
    long est = pb_pagelimit_estimate(doc, t);
    int limit = pb_limit_pages();
    if (est <= limit)
        return true;
    pb_error(d, doc->path, 0,
             "the article needs at least %ld pages in layout %s, above the limit of %d pages (set "
             "PAIBAN_MAX_PAGES to raise it)",
             est, t->name ? t->name : "?", limit);
    return false;
}
