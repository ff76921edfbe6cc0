/* docxwalk: the body of a Word file walked in document order into a flat
 * list of paragraphs (pass 2 of docx.c).
 *
 * Each w:p gives its text (runs, hyperlinks, insertions, fields' results,
 * equations; deletions and field codes left out), its bold and italic runs,
 * its style, direct outline level and centring, its list number and the
 * photos it holds (a:blip r:embed, v:imagedata r:id). mc:AlternateContent is
 * read through its mc:Choice only (its mc:Fallback holds the same content
 * again). A table row is one entry, cells apart by a full-width space, an
 * empty cell as a dash (as mdtable.c sets a Markdown table); a row of one
 * cell is a paragraph (a one-column table boxes text, or a photo and its
 * caption). The paragraphs of a text box follow the paragraph holding it.
 * Blanks settle to one space. */
#include <stdint.h>

#include "docxpriv.h"

static bool is_blank_cp(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x3000 ||
           c == 0x2028 || c == 0x2029 || c == '\v' || c == '\f';
}

static bool is_invisible(uint32_t c)
{
    return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF || c == 0xAD ||
           c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

/* Append UTF-8 s to p with flags; blanks settle to one space, none at the
 * start. In a row a full-width space is a plain one (it parts the cells). */
static void add_text(pb_dxpara *p, const char *s, unsigned flags, bool bold, int size)
{
    size_t n = strlen(s), start = p->text.n;
    for (size_t i = 0; i < n;) {
        int adv;
        uint32_t c = pb_utf8_decode(s + i, n - i, &adv);
        i += (size_t)adv;
        if (is_blank_cp(c) && !(c == 0x3000 && !p->row)) {
            if (p->text.n && p->text.s[p->text.n - 1] != ' ')
                pb_buf_add(&p->text, " ", 1);
            continue;
        }
        if (is_invisible(c))
            continue;
        char u[4];
        pb_buf_add(&p->text, u, (size_t)pb_utf8_encode(c, u));
        p->any_text = true;
        p->all_bold = p->all_bold && bold;
        if (size > p->max_size)
            p->max_size = size;
    }
    if (flags && p->text.n > start) {
        pb_span *last = p->spans.n ? &p->spans.v[p->spans.n - 1] : NULL;
        if (last && last->flags == flags && last->start + last->len == (int)start)
            last->len = (int)(p->text.n - (size_t)last->start);
        else
            PB_PUSH(p->spans, ((pb_span){(int)start, (int)(p->text.n - start), flags}));
    }
}

/* Photos and text boxes inside a drawing, a VML picture or an object. */
static void find_pictures(pb_dxwalker *w, pb_dxpara *p, const xmlNode *n, int depth)
{
    for (const xmlNode *c = n->children; c && depth < PB_DX_MAX_DEPTH; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || is_mc(c, "Fallback"))
            continue;
        if (is_w(c, "txbxContent")) {
            PB_PUSH(p->boxes, c);
            continue;
        }
        const char *rid = named(c, "blip")        ? attr(c, "embed")
                          : named(c, "imagedata") ? attr(c, "id")
                                                  : NULL;
        if (rid) {
            if (!p->any_text && !p->photos.n)
                p->photos_first = true;
            PB_PUSH(p->photos, ((pb_dxphoto){rid, c}));
        }
        find_pictures(w, p, c, depth + 1);
    }
}

static void walk_runs(pb_dxwalker *w, pb_dxpara *p, const xmlNode *n, int depth);

static void run(pb_dxwalker *w, pb_dxpara *p, const xmlNode *r)
{
    const xmlNode *pr = child_w(r, "rPr");
    const char *rstyle = attr(child_w(pr, "rStyle"), "val");
    int b = toggle(pr, "b"), i = toggle(pr, "i");
    if (b < 0)
        b = pb_docx_style_prop(w->st, rstyle, PB_DXPROP_BOLD);
    if (b < 0)
        b = pb_docx_style_prop(w->st, p->style, PB_DXPROP_BOLD);
    if (i < 0)
        i = pb_docx_style_prop(w->st, rstyle, PB_DXPROP_ITALIC);
    int size = int_attr(child_w(pr, "sz"), "val", 0);
    if (size <= 0)
        size = pb_docx_style_prop(w->st, rstyle, PB_DXPROP_SIZE);
    if (size <= 0)
        size = pb_docx_style_prop(w->st, p->style, PB_DXPROP_SIZE);
    if (size <= 0)
        size = w->st->default_size;
    /* a run's own bold is strong; a style's bold (a heading's) is not marked */
    unsigned flags = (toggle(pr, "b") > 0 || pb_docx_style_prop(w->st, rstyle, PB_DXPROP_BOLD) > 0
                          ? PB_SPAN_STRONG
                          : 0) |
                     (i > 0 ? PB_SPAN_EMPH : 0);
    for (const xmlNode *c = r->children; c; c = c->next) {
        if (is_w(c, "t")) {
            for (const xmlNode *t = c->children; t; t = t->next)
                if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content)
                    add_text(p, (const char *)t->content, flags, b > 0, size);
        } else if (is_w(c, "tab") || is_w(c, "ptab") || is_w(c, "br") || is_w(c, "cr")) {
            add_text(p, " ", 0, true, 0);
        } else if (is_w(c, "noBreakHyphen")) {
            add_text(p, "-", flags, b > 0, size);
        } else if (is_w(c, "drawing") || is_w(c, "pict") || is_w(c, "object")) {
            find_pictures(w, p, c, 0);
        } else if (is_mc(c, "AlternateContent")) {
            for (const xmlNode *k = c->children; k; k = k->next)
                if (is_mc(k, "Choice")) {
                    find_pictures(w, p, k, 0);
                    break;
                }
        }
    }
}

/* The content of a paragraph: runs, and the elements that hold runs. */
static void walk_runs(pb_dxwalker *w, pb_dxpara *p, const xmlNode *n, int depth)
{
    if (depth > PB_DX_MAX_DEPTH)
        return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is_w(c, "r")) {
            run(w, p, c);
        } else if (is_w(c, "hyperlink") || is_w(c, "ins") || is_w(c, "smartTag") ||
                   is_w(c, "fldSimple") || is_w(c, "customXml") || is_w(c, "sdt") ||
                   is_w(c, "sdtContent") || is_w(c, "moveTo") || is_w(c, "dir") || is_w(c, "bdo")) {
            walk_runs(w, p, c, depth + 1);
        } else if (is_mc(c, "AlternateContent")) {
            for (const xmlNode *k = c->children; k; k = k->next)
                if (is_mc(k, "Choice")) {
                    walk_runs(w, p, k, depth + 1);
                    break;
                }
        } else if (c->type == XML_ELEMENT_NODE && c->ns && c->ns->href &&
                   strstr((const char *)c->ns->href, "officeDocument/2006/math")) {
            /* an equation: its text (m:t) as it reads */
            if (named(c, "t"))
                for (const xmlNode *t = c->children; t; t = t->next)
                    if (t->type == XML_TEXT_NODE && t->content)
                        add_text(p, (const char *)t->content, 0, false, 0);
            walk_runs(w, p, c, depth + 1);
        }
    }
}

static pb_dxpara new_para(const char *from)
{
    return (pb_dxpara){.outline = -1, .all_bold = true, .from = from};
}

static void push_para(pb_dxwalker *w, pb_dxpara *p, int depth)
{
    PB_PUSH(w->paras, *p);
    /* the text boxes of this paragraph, after it */
    for (size_t i = 0; i < p->boxes.n; i++)
        pb_docx_walk_blocks(w, p->boxes.v[i], "text box", depth + 1);
}

static void paragraph(pb_dxwalker *w, const xmlNode *n, const char *from, int depth)
{
    pb_dxpara p = new_para(from);
    const xmlNode *ppr = child_w(n, "pPr");
    p.style = attr(child_w(ppr, "pStyle"), "val");
    p.outline = int_attr(child_w(ppr, "outlineLvl"), "val", -1);
    const char *jc = attr(child_w(ppr, "jc"), "val");
    p.center =
        jc ? !strcmp(jc, "center") : pb_docx_style_prop(w->st, p.style, PB_DXPROP_CENTER) > 0;
    if (w->nb) { /* a list's number or bullet, which Word draws and does not store */
        const xmlNode *numpr = child_w(ppr, "numPr");
        const char *num_id = attr(child_w(numpr, "numId"), "val");
        int lvl = int_attr(child_w(numpr, "ilvl"), "val", -1);
        const pb_dxstyle *st = pb_docx_find_style(w->st, p.style);
        for (int k = 0; st && k < PB_DX_STYLE_DEPTH && !num_id;
             k++, st = pb_docx_find_style(w->st, st->based))
            if (st->num_id) {
                num_id = st->num_id;
                lvl = lvl < 0 ? st->num_lvl : lvl;
            }
        if (num_id && strcmp(num_id, "0")) {
            char *label = pb_docx_number_label(w->nb, num_id, lvl < 0 ? 0 : lvl);
            add_text(&p, label, 0, true, 0);
            free(label);
        }
    }
    walk_runs(w, &p, n, depth);
    push_para(w, &p, depth);
}

/* The text of a table cell's content into row p (its paragraphs apart by a space). */
static void cell_text(pb_dxwalker *w, pb_dxpara *p, const xmlNode *n, int depth)
{
    if (depth > PB_DX_MAX_DEPTH)
        return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is_w(c, "p")) {
            const xmlNode *ppr = child_w(c, "pPr");
            if (p->cells.n == 1 && !p->style && !p->center) { /* for a one-cell row */
                p->style = attr(child_w(ppr, "pStyle"), "val");
                const char *jc = attr(child_w(ppr, "jc"), "val");
                p->center = jc ? !strcmp(jc, "center")
                               : pb_docx_style_prop(w->st, p->style, PB_DXPROP_CENTER) > 0;
            }
            if (p->text.n && p->text.s[p->text.n - 1] != ' ' &&
                p->text.n > (size_t)p->cells.v[p->cells.n - 1])
                pb_buf_add(&p->text, " ", 1);
            walk_runs(w, p, c, depth + 1);
        } else if (is_w(c, "tbl") || is_w(c, "tr") || is_w(c, "tc") || is_w(c, "sdt") ||
                   is_w(c, "sdtContent") || is_w(c, "customXml") || is_w(c, "ins")) {
            cell_text(w, p, c, depth + 1); /* a table in a cell: its text in order */
        }
    }
}

static void table_row(pb_dxwalker *w, const xmlNode *tr, int depth)
{
    pb_dxpara p = new_para("table");
    p.row = true;
    bool any = false;
    for (const xmlNode *c = tr->children; c; c = c->next) {
        const xmlNode *tc = c;
        if (is_w(c, "sdt"))
            tc = child_w(child_w(c, "sdtContent"), "tc");
        if (!is_w(tc, "tc"))
            continue;
        if (any)
            pb_buf_adds(&p.text, "\xE3\x80\x80"); /* U+3000 parts the cells */
        any = true;
        PB_PUSH(p.cells, (int)p.text.n);
        cell_text(w, &p, tc, depth + 1);
        while (p.text.n > (size_t)p.cells.v[p.cells.n - 1] && p.text.s[p.text.n - 1] == ' ')
            p.text.s[--p.text.n] = 0;
        if (p.text.n == (size_t)p.cells.v[p.cells.n - 1])
            pb_buf_adds(&p.text, "\xE2\x80\x94"); /* an empty cell keeps its place: — */
    }
    if (p.cells.n == 1) { /* a one-column table is a box around text (or a photo and its
                             caption), not a grid: its rows are paragraphs */
        p.row = false;
        if (p.text.n == 3 && !memcmp(p.text.s, "\xE2\x80\x94", 3))
            p.text.s[p.text.n = 0] = 0;
    } else {
        p.style = NULL;
        p.center = false;
    }
    if (any)
        push_para(w, &p, depth);
    else
        pb_buf_fini(&p.text);
}

/* Block-level content: paragraphs, tables and what wraps them. */
void pb_docx_walk_blocks(pb_dxwalker *w, const xmlNode *n, const char *from, int depth)
{
    if (depth > PB_DX_MAX_DEPTH)
        return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is_w(c, "p")) {
            paragraph(w, c, from, depth);
        } else if (is_w(c, "tbl")) {
            for (const xmlNode *r = c->children; r; r = r->next) {
                if (is_w(r, "tr"))
                    table_row(w, r, depth + 1);
                else if (is_w(r, "sdt") || is_w(r, "customXml"))
                    for (const xmlNode *k = child_w(r, "sdtContent")
                                                ? child_w(r, "sdtContent")->children
                                                : r->children;
                         k; k = k->next)
                        if (is_w(k, "tr"))
                            table_row(w, k, depth + 1);
            }
        } else if (is_w(c, "sdt")) {
            const xmlNode *content = child_w(c, "sdtContent");
            if (content)
                pb_docx_walk_blocks(w, content, from, depth + 1);
        } else if (is_w(c, "customXml") || is_w(c, "ins") || is_w(c, "moveTo")) {
            pb_docx_walk_blocks(w, c, from, depth + 1);
        } else if (is_mc(c, "AlternateContent")) {
            for (const xmlNode *k = c->children; k; k = k->next)
                if (is_mc(k, "Choice")) {
                    pb_docx_walk_blocks(w, k, from, depth + 1);
                    break;
                }
        }
    }
}

void pb_docx_para_fini(pb_dxpara *p)
{
    pb_buf_fini(&p->text);
    free(p->spans.v);
    free(p->photos.v);
    free(p->boxes.v);
    free(p->cells.v);
}

/* ---- the dropped parts ---- */

/* The paragraphs of a part that is not imported, listed as dropped. */
static void list_part(pb_dxparts *p, const pb_dxstyles *st, const char *name, const char *what,
                      pb_arena *a, pb_dxdropped *dr)
{
    xmlDoc *x = pb_docx_read_xml(p, name, false);
    if (!x)
        return;
    pb_dxwalker w = {.p = p, .st = st};
    xmlNode *root = xmlDocGetRootElement(x);
    bool direct = false; /* a header's paragraphs are the root's; a note's are in w:footnote… */
    for (xmlNode *c = root->children; c; c = c->next)
        direct = direct || is_w(c, "p") || is_w(c, "tbl") || is_w(c, "sdt");
    if (direct)
        pb_docx_walk_blocks(&w, root, what, 0);
    for (xmlNode *c = direct ? NULL : root->children; c; c = c->next) {
        const char *type = attr(c, "type"); /* footnote separators */
        if (!(type && (!strcmp(type, "separator") || !strcmp(type, "continuationSeparator") ||
                       !strcmp(type, "continuationNotice"))))
            pb_docx_walk_blocks(&w, c, what, 1);
    }
    for (size_t i = 0; i < w.paras.n; i++) {
        pb_dxpara *q = &w.paras.v[i];
        if (q->text.n) {
            char *why = pb_arena_strdup(a, name);
            PB_PUSH(dr->lines, ((pb_import_line){dr->next_no++, "dropped", why,
                                                 pb_arena_strndup(a, q->text.s, q->text.n)}));
            if (strcmp(what, "header") && strcmp(what, "footer"))
                dr->notes++;
        }
        pb_docx_para_fini(q);
    }
    free(w.paras.v);
    xmlFreeDoc(x);
}

void pb_docx_list_dropped(pb_dxparts *p, const pb_dxstyles *st, pb_arena *a, pb_dxdropped *dr)
{
    static const struct {
        const char *prefix, *what;
    } KINDS[] = {{"word/header", "header"},
                 {"word/footer", "footer"},
                 {"word/footnotes", "footnote"},
                 {"word/endnotes", "endnote"},
                 {"word/comments", "comment"}};
    zip_int64_t n = zip_get_num_entries(p->zip, 0);
    for (zip_int64_t i = 0; i < n && !pb_diags_failed(p->d); i++) {
        const char *name = zip_get_name(p->zip, (zip_uint64_t)i, 0);
        size_t len = name ? strlen(name) : 0;
        if (len < 5 || strcasecmp(name + len - 4, ".xml"))
            continue;
        for (size_t k = 0; k < sizeof KINDS / sizeof KINDS[0]; k++) {
            size_t pl = strlen(KINDS[k].prefix);
            if (!strncasecmp(name, KINDS[k].prefix, pl) && !strchr(name + pl, '/')) {
                char *copy = pb_xstrdup(name);
                list_part(p, st, copy, KINDS[k].what, a, dr);
                free(copy);
                break;
            }
        }
    }
}
