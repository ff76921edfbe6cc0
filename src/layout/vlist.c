/* The vertical list: every block of the article set to the column measure and
 * turned into what a column holds — lines, spaces, figure anchors — with the
 * height each takes. Everything that is not body text is rounded up to whole
 * grid lines (heads, the note box, figures), so the text after it returns to
 * the baseline grid and lines align across columns (CLR-7). Keep rules are
 * attached here as "the height that must fit after this item": a head with
 * the first two lines after it (CLR-43), a paragraph's first line with its
 * second and its second-to-last with its last, so that no paragraph leaves a
 * single line at the foot or the head of a column (CLR-40). A table set as
 * text is a paragraph per row without indent, its header row kept with the
 * first row; the footnotes at the article's end are set in the footnote
 * style, their title kept with two lines of them, the whole rounded up to
 * whole grid lines. */
#include "vlist.h"

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "../input/normalize.h"
#include "../text/hyphen.h"

typedef struct {
    const pb_setter *s;
    const pb_doc *doc;
    pb_len colw, area_h;
    int line; /* the source line of the block being added (0: front matter) */
    PB_VEC(pb_vitem) v;
    PB_VEC(pb_figure) figs;
    int photos; /* photos added so far */
} builder;

pb_len pb_grid_up(const pb_template *t, pb_len h)
{
    pb_len g = t->baseline;
    return (h + g - 1) / g * g;
}

/* Space around a head or a box as page fitting leaves it, in whole grid
 * lines (CLR-7): a share rounds up, so one line stays one line. */
static pb_len around(const builder *b, pb_len h)
{
    double k = b->s->space > 0 ? b->s->space : 1;
    return pb_grid_up(b->s->t, (pb_len)(h * k));
}

/* ---- paragraphs kept across builds --------------------------------------- */

typedef struct {
    char *s;
    int len, nspans;
    pb_span *spans;
    const pb_style *st;
    const char *lang;
    pb_len measure;
    bool indent;
    pb_wrap wrap;
} memo_key;

typedef struct {
    pb_para *p;
    pb_diags diags; /* as setting gave them, before they were placed */
} memo_val;

struct pb_parmemo {
    GHashTable *h;
    pb_arena *a;
};

static guint key_hash(gconstpointer k)
{
    const memo_key *m = k;
    guint h = (guint)m->len * 31u + (guint)m->measure + (guint)(uintptr_t)m->st;
    for (int i = 0; i < m->len; i++)
        h = h * 33u + (unsigned char)m->s[i];
    for (int i = 0; i < m->nspans; i++)
        h = h * 33u + (guint)m->spans[i].start * 7u + (guint)m->spans[i].flags;
    return h ^ (m->indent ? 0x9e3779b9u : 0) ^ ((guint)m->wrap << 29);
}

static gboolean key_equal(gconstpointer x, gconstpointer y)
{
    const memo_key *a = x, *b = y;
    return a->len == b->len && a->nspans == b->nspans && a->st == b->st && a->lang == b->lang &&
           a->measure == b->measure && a->indent == b->indent && a->wrap == b->wrap &&
           !memcmp(a->s, b->s, (size_t)a->len) &&
           (!a->nspans || !memcmp(a->spans, b->spans, sizeof *a->spans * (size_t)a->nspans));
}

static void val_free(gpointer v)
{
    memo_val *m = v;
    pb_diags_fini(&m->diags);
    free(m);
}

pb_parmemo *pb_parmemo_new(void)
{
    pb_parmemo *m = pb_xcalloc(1, sizeof *m);
    m->h = g_hash_table_new_full(key_hash, key_equal, NULL, val_free);
    m->a = pb_arena_new();
    return m;
}

void pb_parmemo_free(pb_parmemo *m)
{
    if (!m)
        return;
    g_hash_table_destroy(m->h);
    pb_arena_free(m->a);
    free(m);
}

static pb_para *set_text(const pb_setter *s, const pb_text *text, const pb_style *st,
                         pb_len measure, bool indent, pb_wrap wrap, pb_arena *a, pb_diags *here)
{
    pb_text norm;
    if (s->t->typo.normalize) { /* docs/clreq.md Normalization: pasted half-width marks */
        norm = pb_normalize_text(text, a);
        text = &norm;
    }
    pb_para_settings set = s->set;
    set.wrap = wrap;
    /* a paragraph that is mostly Latin is set as Latin (hyphen.h): a first
     * line indent of one em, not the two of Chinese text */
    pb_len ind = indent ? st->indent : 0;
    if (ind > 0 && wrap == PB_WRAP_BODY && pb_text_is_latin(text->s, text->len))
        ind = st->size;
    return pb_para_set(s->fonts, text, st, s->lang, ind, measure, &set, a, here);
}

static pb_para *setter_set(const pb_setter *s, const pb_text *text, const pb_style *st,
                           pb_len measure, bool indent, pb_wrap wrap, int line)
{
    bool own = s->memo && st >= s->t->styles && st < s->t->styles + PB_ROLE_COUNT;
    memo_key k = {text->s, text->len, text->nspans, text->spans, st, s->lang, measure, indent,
                  wrap};
    memo_val *got = own ? g_hash_table_lookup(s->memo->h, &k) : NULL;
    if (!got) {
        got = pb_xcalloc(1, sizeof *got);
        pb_diags_init(&got->diags);
        got->p = set_text(s, text, st, measure, indent, wrap, own ? s->memo->a : s->a,
                          s->d ? &got->diags : NULL);
        if (own) {
            memo_key *kk = pb_arena_alloc(s->memo->a, sizeof *kk);
            *kk = k;
            kk->s = pb_arena_alloc(s->memo->a, (size_t)text->len + 1);
            memcpy(kk->s, text->s, (size_t)text->len);
            kk->spans = text->nspans ? pb_arena_copy(s->memo->a, text->spans, (size_t)text->nspans,
                                                     sizeof *text->spans)
                                     : NULL;
            g_hash_table_insert(s->memo->h, kk, got);
        }
    }
    for (size_t i = 0; s->d && i < got->diags.n; i++) { /* it does not know where it is from */
        const pb_diag *g = &got->diags.v[i];
        pb_diag_add(s->d, g->sev, g->file ? g->file : s->path, g->file ? g->line : line, "%s",
                    g->msg);
    }
    /* missing hyphenation patterns are warned about once, whether or not
     * this paragraph was set before (page fitting sets without diagnostics) */
    if (s->d && wrap == PB_WRAP_BODY && pb_text_is_latin(text->s, text->len))
        pb_hyphen_ready(s->d);
    pb_para *p = got->p;
    if (!own)
        val_free(got);
    return p;
}

pb_para *pb_setter_text(const pb_setter *s, const pb_text *text, const pb_style *st,
                        pb_len measure, bool indent, int line)
{
    return setter_set(s, text, st, measure, indent, PB_WRAP_BODY, line);
}

pb_para *pb_setter_display(const pb_setter *s, const pb_text *text, const pb_style *st,
                           pb_len measure, pb_wrap wrap, int line)
{
    return setter_set(s, text, st, measure, false, wrap, line);
}

pb_para *pb_setter_string(const pb_setter *s, const char *str, const pb_style *st,
                          pb_len measure)
{
    pb_text t = {.s = (char *)str, .len = (int)strlen(str)};
    return pb_setter_text(s, &t, st, measure, false, 0);
}

int pb_setter_headline(const pb_setter *s, const char *str, const pb_style *st, pb_len measure,
                       pb_para ***out)
{
    int n = 1;
    for (const char *c = str; *c; c++)
        n += *c == '\n';
    *out = PB_NEWN(s->a, pb_para *, n);
    const char *part = str;
    for (int i = 0; i < n; i++) {
        const char *nl = strchr(part, '\n');
        pb_text t = {.s = (char *)part, .len = nl ? (int)(nl - part) : (int)strlen(part)};
        (*out)[i] = pb_setter_display(s, &t, st, measure, PB_WRAP_BALANCE, 0);
        part = nl ? nl + 1 : part;
    }
    return n;
}

static void push_lines(builder *b, const pb_para *p, const char *what, const pb_style *box,
                       pb_len last_extra)
{
    for (int i = 0; i < p->nlines; i++) {
        pb_len h = p->style->leading + (i == p->nlines - 1 ? last_extra : 0);
        PB_PUSH(b->v, ((pb_vitem){.k = PB_V_LINE, .para = p, .line = i, .h = h, .what = what,
                                  .box = box, .src_line = b->line}));
    }
}

static void push_space(builder *b, pb_len h, const pb_style *box)
{
    if (h > 0)
        PB_PUSH(b->v, ((pb_vitem){.k = PB_V_SPACE, .h = h, .box = box}));
}

/* CLR-40: the first line keeps the second with it (no orphan at a column's
 * foot) and the second-to-last keeps the last (no widow at its head). */
static void keep_lines(builder *b, size_t first, int n, pb_len lead)
{
    if (n < 2)
        return;
    b->v.v[first].keep = lead;
    b->v.v[first + (size_t)n - 2].keep = lead;
}

/* Every line from first on keeps the rest of them and `more` after them. */
static void keep_all(builder *b, size_t first, pb_len lead, pb_len more)
{
    for (size_t i = first; i < b->v.n; i++)
        b->v.v[i].keep = (pb_len)(b->v.n - 1 - i) * lead + more;
}

static void add_para(builder *b, const pb_block *blk)
{
    const pb_style *s = &b->s->t->styles[PB_ROLE_BODY];
    bool row = blk->variant == PB_PARA_ROW;
    /* a Latin paragraph right after a head or at the article's start is
     * set flush, as English is (hyphen.h) */
    bool flush = (blk == b->doc->blocks || blk[-1].kind == PB_BLOCK_HEAD) &&
                 pb_text_is_latin(blk->text.s, blk->text.len);
    pb_para *p = pb_setter_text(b->s, &blk->text, s, b->colw, !row && !flush, blk->line);
    push_space(b, s->space_before, NULL);
    size_t first = b->v.n;
    push_lines(b, p, row ? "table" : "body", NULL, 0);
    keep_lines(b, first, p->nlines, s->leading);
    if (row && blk->level) /* the header row keeps with the first row */
        keep_all(b, first, s->leading, s->leading);
    push_space(b, s->space_after, NULL);
}

/* The footnotes: the run of PB_PARA_FOOTNOTE blocks that starts at blk (at
 * most n). Returns how many. */
static int add_footnotes(builder *b, const pb_block *blk, int n)
{
    const pb_template *t = b->s->t;
    const pb_style *s = &t->styles[PB_ROLE_FOOTNOTE];
    int k = 0;
    while (k < n && blk[k].kind == PB_BLOCK_PARA && blk[k].variant == PB_PARA_FOOTNOTE)
        k++;
    pb_para **ps = pb_arena_alloc(b->s->a, (size_t)k * sizeof *ps);
    pb_len used = 0;
    for (int i = 0; i < k; i++) {
        ps[i] = pb_setter_text(b->s, &blk[i].text, s, b->colw, !blk[i].level, blk[i].line);
        used += ps[i]->nlines * s->leading;
    }
    push_space(b, pb_grid_up(t, s->space_before), NULL);
    for (int i = 0; i < k; i++) {
        size_t first = b->v.n;
        push_lines(b, ps[i], "footnote", NULL, i == k - 1 ? pb_grid_up(t, used) - used : 0);
        keep_lines(b, first, ps[i]->nlines, s->leading);
        if (blk[i].level) /* the title keeps with two lines of the notes */
            keep_all(b, first, s->leading, 2 * s->leading);
    }
    push_space(b, pb_grid_up(t, s->space_after), NULL);
    return k;
}

/* A head in the style of its level (head, head2, head3: pb_doc_head_rank),
 * its lines and the space after it whole grid lines (CLR-7). */
static void add_head(builder *b, const pb_block *blk)
{
    static const pb_role roles[] = {PB_ROLE_HEAD, PB_ROLE_HEAD2, PB_ROLE_HEAD3};
    static const char *const what[] = {"head", "head2", "head3"};
    const pb_template *t = b->s->t;
    int rank = pb_doc_head_rank(b->doc, blk);
    const pb_style *s = &t->styles[roles[rank]];
    pb_para *p = pb_setter_display(b->s, &blk->text, s, b->colw, PB_WRAP_WORDS, blk->line);
    pb_len body = p->nlines * s->leading + s->space_after;
    push_space(b, around(b, s->space_before), NULL);
    size_t first = b->v.n;
    push_lines(b, p, what[rank], NULL, pb_grid_up(t, body) - p->nlines * s->leading);
    /* keep the head with two lines of what follows (CLR-43) */
    for (size_t i = first; i < b->v.n; i++)
        b->v.v[i].keep = (pb_len)(b->v.n - 1 - i) * s->leading + 2 * t->baseline;
}

/* A note taller than a page even across every column cannot be one box: it
 * is set at the column measure and poured like text, its box running on from
 * column to column. */
static void add_note_flowing(builder *b, const pb_block *blk)
{
    const pb_template *t = b->s->t;
    const pb_style *s = &t->styles[PB_ROLE_NOTE];
    /* the measure inside the box is a whole number of characters (CLR-5);
     * what is left over goes into the padding on both sides */
    pb_len measure = (b->colw - 2 * s->box_padding) / s->size * s->size;
    pb_len inner = 0;
    PB_VEC(pb_para *) ps = {0};
    for (int i = 0; i < blk->nchildren; i++) {
        pb_para *p = pb_setter_text(b->s, &blk->children[i].text, s, measure,
                                   blk->children[i].variant != PB_PARA_ROW, blk->children[i].line);
        PB_PUSH(ps, p);
        inner += p->nlines * s->leading;
    }
    pb_len total = pb_grid_up(t, inner + 2 * s->box_padding);
    push_space(b, around(b, s->space_before), NULL);
    push_space(b, (total - inner) / 2, s);
    for (size_t i = 0; i < ps.n; i++) {
        size_t first = b->v.n;
        push_lines(b, ps.v[i], "note", s, 0);
        keep_lines(b, first, ps.v[i]->nlines, s->leading);
    }
    push_space(b, total - inner - (total - inner) / 2, s);
    push_space(b, around(b, s->space_after), NULL);
    free(ps.v);
}

/* The note's paragraphs set inside a box span columns wide, into ps; returns
 * the height of their lines. */
static pb_len set_note(const builder *b, const pb_setter *s, const pb_block *blk, int span,
                       pb_para **ps)
{
    const pb_template *t = b->s->t;
    const pb_style *st = &t->styles[PB_ROLE_NOTE];
    /* the measure inside the box is a whole number of characters (CLR-5);
     * what is left over goes into the padding on both sides */
    pb_len w = span * b->colw + (span - 1) * t->gutter;
    pb_len measure = (w - 2 * st->box_padding) / st->size * st->size;
    pb_len inner = 0;
    for (int i = 0; i < blk->nchildren; i++) {
        const pb_block *c = &blk->children[i];
        ps[i] = pb_setter_text(s, &c->text, st, measure, c->variant != PB_PARA_ROW, c->line);
        inner += ps[i]->nlines * st->leading;
    }
    return inner;
}

/* The editor's note is one box, never divided: placed like a figure without
 * a photo (pagebuild.c), across the fewest columns at which the box is at
 * most figures.note_max_height of the column (all of them when none is),
 * its height whole grid lines so the text under it stays on the grid
 * (CLR-7). The widths are tried quietly; the chosen one is set again with
 * its warnings (characters no font has), so each is given once. On a board
 * the note runs in the columns as text in its box: board copyfit needs what
 * fits to shrink as the size grows, and a box across the board whose height
 * follows the size would decide at one size and not the next whether a
 * photo still fits under it (README, boards). */
static void add_note(builder *b, const pb_block *blk)
{
    const pb_template *t = b->s->t;
    const pb_style *st = &t->styles[PB_ROLE_NOTE];
    pb_len pad = 2 * st->box_padding, after = pb_grid_up(t, st->space_after);
    pb_len most = (pb_len)(t->note_max_height * b->area_h);
    pb_para **ps = pb_arena_alloc(b->s->a, (size_t)(blk->nchildren + 1) * sizeof *ps);
    if (pb_template_is_board(t)) {
        add_note_flowing(b, blk);
        return;
    }
    pb_setter quiet = *b->s;
    quiet.d = NULL;
    int span = 1;
    pb_len inner = set_note(b, &quiet, blk, span, ps);
    while (span < t->columns && pb_grid_up(t, inner + pad) > most)
        inner = set_note(b, &quiet, blk, ++span, ps);
    pb_len box = pb_grid_up(t, inner + pad);
    if (inner == 0) {
        pb_warn(b->s->d, b->doc->path, blk->line, "the editor's note is empty: left out");
        return;
    }
    if (box + after > b->area_h) {
        pb_warn(b->s->d, b->doc->path, blk->line,
                "the editor's note is taller than a page even as wide as the type area (%d "
                "column%s): it runs on from column to column (shorten it to keep it in one box)",
                t->columns, t->columns > 1 ? "s" : "");
        add_note_flowing(b, blk);
        return;
    }
    set_note(b, b->s, blk, span, ps);
    pb_figure f = {.b = blk, .photo = -1, .span = span, .place = PB_PLACE_TOP, .img_h = box, .h = box + after,
                   .note = ps, .nnote = blk->nchildren, .inner = inner};
    f.img_w = span * b->colw + (span - 1) * t->gutter;
    PB_PUSH(b->figs, f);
    PB_PUSH(b->v, ((pb_vitem){.k = PB_V_FIGURE, .fig = (int)b->figs.n - 1}));
}

/* ---- figures ---------------------------------------------------------------- */

static bool is_sentence_end(uint32_t c)
{
    return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == '.' || c == '!' || c == '?';
}

/* Whether s[0, end) ends in 摄 or 攝, or in one of them and a closing
 * bracket; *open is then where that bracket opens (-1: no bracket). */
static bool ends_shot(const char *s, int end, int *open)
{
    *open = -1;
    int close = 0;
    if (end >= 3 && !memcmp(s + end - 3, "）", 3))
        close = 3;
    else if (end >= 1 && s[end - 1] == ')')
        close = 1;
    end -= close;
    for (int i = end - 1; close && i >= 0 && *open < 0; i--)
        if (s[i] == '(' || (i + 3 <= end && !memcmp(s + i, "（", 3)))
            *open = i;
    return end >= 3 && (!memcmp(s + end - 3, "摄", 3) || !memcmp(s + end - 3, "攝", 3));
}

/* Where the photo credit at the end of a caption starts, or -1: a bracket
 * that closes the caption after 摄/攝 (（记者 王某 摄）); the text after the
 * last sentence end when it ends in 摄/攝 or starts 图片来源/图/ (圖片來源,
 * 圖/); else the name and 摄 after the last space. */
static int credit_start(const char *s, int len)
{
    int last_end = -1, last_space = -1;
    for (int i = 0; i < len;) {
        int n;
        uint32_t c = pb_utf8_decode(s + i, (size_t)(len - i), &n);
        i += n;
        if (is_sentence_end(c) && i < len)
            last_end = i;
        if ((c == ' ' || c == 0x3000) && i < len)
            last_space = i;
    }
    int end = len;
    while (end > 0 && s[end - 1] == ' ')
        end--;
    int open;
    bool shot = ends_shot(s, end, &open);
    if (shot && open > 0)
        return open;
    static const char *const opening[] = {"图片来源", "图/", "（图", "(图",
                                          "圖片來源", "圖/", "（圖", "(圖"};
    int from = last_end >= 0 ? last_end : -1;
    bool opens = false;
    for (size_t i = 0; from >= 0 && i < sizeof opening / sizeof *opening; i++)
        opens = opens || !strncmp(s + from, opening[i], strlen(opening[i]));
    if (from >= 0 && (shot || opens))
        return from;
    if (shot && last_space > 0) { /* "△晨景 王某 摄": the name before 摄 */
        int k = last_space - 1;
        while (k > 0 && s[k - 1] != ' ')
            k--;
        return k > 0 ? k : -1;
    }
    return -1;
}

/* The caption with its marker (△ ▲ ↑) in bold and its credit in a Hei face,
 * kept on one line when it fits the measure, else broken only between words. */
static pb_text caption_text(builder *b, const pb_text *in, const pb_style *cs, pb_len measure)
{
    pb_text t = *in;
    int c0 = credit_start(in->s, in->len);
    bool marker = in->len >= 3 && (!memcmp(in->s, "△", 3) || !memcmp(in->s, "▲", 3) ||
                                   !memcmp(in->s, "↑", 3));
    if (c0 < 0 && !marker)
        return t;
    pb_span *sp = pb_arena_alloc(b->s->a, sizeof(pb_span) * (size_t)(in->nspans + 2));
    int n = 0;
    if (marker)
        sp[n++] = (pb_span){0, 3, PB_SPAN_STRONG};
    for (int i = 0; i < in->nspans; i++)
        if (in->spans[i].start >= (marker ? 3 : 0) && (c0 < 0 || in->spans[i].start < c0))
            sp[n++] = in->spans[i];
    if (c0 >= 0) {
        long chars = g_utf8_strlen(in->s + c0, in->len - c0);
        unsigned keep = chars * cs->size <= measure ? PB_SPAN_NOBREAK : PB_SPAN_WORDS;
        sp[n++] = (pb_span){c0, in->len - c0, PB_SPAN_CREDIT | keep};
    }
    t.spans = sp;
    t.nspans = n;
    return t;
}

/* The photo's box: fit scales it to the span's width; cover crops it to the
 * aspect asked for around the focus point. Either is clamped to the
 * template's maximum height. Page fitting may then crop a photo to a share of
 * its height (keep < 1), never below the template's minimum. Sets the box and
 * the image rectangle inside it. */
static void figure_box(builder *b, pb_figure *f, pb_len w, double keep, pb_len *cx, pb_len *cy,
                       pb_len *cw, pb_len *ch)
{
    const pb_block *blk = f->b;
    const pb_template *t = b->s->t;
    int dw = 4, dh = 3;
    if (f->ok)
        pb_image_display_size(&f->info, &dw, &dh);
    double own = (double)dw / dh;
    bool cover = blk->cover;
    double aspect = cover && blk->aspect > 0 ? blk->aspect : own;
    pb_len maxh = (pb_len)(t->figure_max_height * b->area_h);
    f->img_w = w;
    f->img_h = (pb_len)(w / aspect);
    if (f->img_h > maxh) {
        f->img_h = maxh;
        if (!cover)
            f->img_w = (pb_len)(maxh * aspect);
    }
    pb_len minh = (pb_len)(t->figure_min_height * b->area_h), cut = (pb_len)(f->img_h * keep);
    if (keep > 0 && keep < 1 && !cover && cut < f->img_h) {
        f->img_h = cut > minh ? cut : minh < f->img_h ? minh : f->img_h;
        cover = true;
    }
    double scale = fmax((double)f->img_w / dw, (double)f->img_h / dh);
    if (!cover)
        scale = (double)f->img_w / dw;
    *cw = (pb_len)(dw * scale);
    *ch = (pb_len)(dh * scale);
    *cx = (pb_len)(-(*cw - f->img_w) * blk->focus_x);
    *cy = (pb_len)(-(*ch - f->img_h) * blk->focus_y);
    f->ppi = dw / (PB_TO_PT(*cw) / 72.0);
}

bool pb_setter_image(const pb_setter *s, const char *path, const char *src, const char *also,
                     const char *what, const char *where, int line, pb_image_info *info)
{
    if (!s->allow_outside && !pb_path_inside(path, s->doc_dir) &&
        !(also && pb_path_inside(path, also))) {
        pb_warn(s->d, where, line,
                "the %s %s is outside the article's folder%s; not used (--allow-outside "
                "permits it)",
                what, src, also ? " and the layout's" : "");
        return false;
    }
    return pb_image_probe(path, info, s->d);
}

static void add_figure(builder *b, const pb_block *blk)
{
    const pb_template *t = b->s->t;
    pb_figure f = {.b = blk, .place = blk->place};
    f.ok =
        pb_setter_image(b->s, blk->path, blk->src, NULL, "image", b->doc->path, blk->line, &f.info);
    f.span = blk->span > 0 ? blk->span : t->figure_span;
    if (blk->place == PB_PLACE_HERO || f.span > t->columns)
        f.span = t->columns;
    f.photo = b->photos++;
    const pb_figfit *fit = f.photo < b->s->nfigs ? &b->s->figs[f.photo] : NULL;
    pb_len w = f.span * b->colw + (f.span - 1) * t->gutter, cx, cy, cw, ch;
    figure_box(b, &f, w, fit ? fit->crop : 0, &cx, &cy, &cw, &ch);
    /* page fitting's span, unless it leaves the photo lower than the
     * template's minimum (a tall photo keeps the span that lets it be) or,
     * wider, its pixels finer than the template's minimum resolution */
    for (int span = f.span; fit && fit->span > 0 && fit->span != span && blk->place != PB_PLACE_HERO;) {
        span += fit->span < span ? -1 : 1;
        pb_figure g = f;
        pb_len gw = span * b->colw + (span - 1) * t->gutter, gx, gy, gcw, gch;
        figure_box(b, &g, gw, fit->crop, &gx, &gy, &gcw, &gch);
        bool coarse = g.ok && g.ppi < t->min_ppi && g.ppi < f.ppi && g.info.type != PB_IMAGE_SVG;
        bool low = g.img_h < (pb_len)(t->figure_min_height * b->area_h);
        if (span > t->columns || (span < f.span && low) || (span > f.span && coarse))
            break;
        f = g, f.span = span, cx = gx, cy = gy, cw = gcw, ch = gch;
    }
    if (f.ok && f.ppi < t->min_ppi && f.info.type != PB_IMAGE_SVG) /* SVG: drawn for its size */
        pb_warn(b->s->d, blk->path, 0,
                "%.0f ppi at its placed size (%.0f x %.0f mm), below the layout's %d ppi: it "
                "may print blurred",
                f.ppi, PB_TO_PT(cw) * 25.4 / 72, PB_TO_PT(ch) * 25.4 / 72, t->min_ppi);
    const pb_style *cs = &t->styles[PB_ROLE_CAPTION];
    pb_len cap = 0;
    if (blk->text.len > 0) {
        pb_text ct = caption_text(b, &blk->text, cs, f.img_w);
        f.caption = pb_setter_text(b->s, &ct, cs, f.img_w, false, blk->line);
        cap = t->figure_gap + f.caption->nlines * cs->leading;
    }
    f.h = pb_grid_up(t, f.img_h + cap + t->figure_gap);
    PB_PUSH(b->figs, f);
    pb_figure *fp = &b->figs.v[b->figs.n - 1];
    fp->crop_x = cx, fp->crop_y = cy, fp->crop_w = cw, fp->crop_h = ch;
    PB_PUSH(b->v, ((pb_vitem){.k = PB_V_FIGURE, .fig = (int)b->figs.n - 1}));
}

/* The closing credits: on one line when they fit the column, else one line
 * per credit, kept together, so that a name is never split across lines. */
static void add_credits(builder *b)
{
    const pb_meta *m = &b->doc->meta;
    if (m->ncredits == 0)
        return;
    const pb_template *t = b->s->t;
    const pb_style *st = &t->styles[PB_ROLE_CREDITS];
    push_space(b, pb_grid_up(t, st->space_before > 0 ? st->space_before : t->baseline), NULL);
    pb_buf s = {0};
    for (int i = 0; i < m->ncredits; i++)
        pb_buf_addf(&s, "%s%s", i ? "　" : "", m->credits[i]);
    pb_para *p = pb_setter_string(b->s, s.s, st, b->colw);
    pb_buf_fini(&s);
    if (p->nlines == 1) {
        push_lines(b, p, "credits", NULL, 0);
        return;
    }
    /* each line keeps the rest of its credit and the next credit's first
     * line: followed through (close_keeps), the whole block, which a block
     * taller than a column breaks between two credits */
    for (int i = 0; i < m->ncredits; i++) {
        size_t first = b->v.n;
        push_lines(b, pb_setter_string(b->s, m->credits[i], st, b->colw), "credits", NULL, 0);
        for (size_t j = first; j < b->v.n; j++)
            b->v.v[j].keep = (pb_len)(b->v.n - 1 - j + (i + 1 < m->ncredits)) * st->leading;
    }
}

/* What a line keeps with it, followed through: when the last thing it keeps
 * keeps something in turn (a head keeps two lines, the first of a
 * three-line paragraph keeps the second, which keeps the third), the line
 * keeps that too, or the chain breaks further down and strands a head or a
 * first line at a column's foot. Backwards, so what follows is complete. */
static void close_keeps(builder *b)
{
    for (size_t i = 0; i < b->v.n; i++)
        b->v.v[i].keep_own = b->v.v[i].keep;
    for (size_t i = b->v.n; i-- > 0;) {
        pb_vitem *v = &b->v.v[i];
        if (v->k != PB_V_LINE || v->keep <= 0)
            continue;
        pb_len run = 0, upto = 0;
        size_t j = i + 1;
        /* a photo's anchor between them takes no room in the column: what
         * v keeps goes on past it; the last line it keeps counts, even when
         * a space follows it (a head with none before it, then one with some) */
        const pb_vitem *last = NULL;
        while (j < b->v.n && (b->v.v[j].k == PB_V_FIGURE || run + b->v.v[j].h <= v->keep)) {
            if (b->v.v[j].k != PB_V_FIGURE)
                run += b->v.v[j].h; /* the items v keeps */
            if (b->v.v[j].k == PB_V_LINE)
                last = &b->v.v[j], upto = run;
            j++;
        }
        if (last && upto + last->keep > v->keep)
            v->keep = upto + last->keep;
    }
}

void pb_vlist_build(const pb_setter *s, const pb_doc *doc, pb_vlist *out)
{
    builder b = {.s = s, .doc = doc, .colw = pb_template_column_width(s->t),
                 .area_h = pb_template_area_height(s->t)};
    for (int i = 0; i < doc->nblocks; i++) {
        const pb_block *blk = &doc->blocks[i];
        b.line = blk->line;
        switch (blk->kind) {
        case PB_BLOCK_PARA:
            if (blk->variant == PB_PARA_FOOTNOTE)
                i += add_footnotes(&b, blk, doc->nblocks - i) - 1;
            else
                add_para(&b, blk);
            break;
        case PB_BLOCK_HEAD: add_head(&b, blk); break;
        case PB_BLOCK_NOTE: add_note(&b, blk); break;
        case PB_BLOCK_FIGURE: add_figure(&b, blk); break;
        case PB_BLOCK_BREAK: push_space(&b, s->t->baseline, NULL); break;
        }
    }
    b.line = 0;
    add_credits(&b);
    close_keeps(&b);
    out->v = pb_arena_copy(s->a, b.v.v, b.v.n, sizeof *b.v.v);
    out->n = (int)b.v.n;
    out->figs = pb_arena_copy(s->a, b.figs.v, b.figs.n, sizeof *b.figs.v);
    out->nfigs = (int)b.figs.n;
    free(b.v.v);
    free(b.figs.v);
}
