/* docxstyle: what a Word paragraph's style and list number say.
 *
 * Styles (styles.xml): each paragraph and character style's name, basedOn,
 * outline level, bold, italic, size and centring; what it is (Title,
 * Subtitle, Heading N, Caption) is read from its name, else its id, in
 * English (the names Word stores for built-in styles whatever the language
 * of its interface; the ids are localised: 1, a3) or as WPS and localised
 * templates name them (标题 1, 標題, 副标题, 题注). A property not set in a
 * style is looked up along its basedOn chain.
 *
 * List numbers (numbering.xml, ECMA-376 Part 1, 17.9): Word draws them and
 * does not store them in the text. Each abstract definition's counters are
 * shared by the lists (w:num) that use it, a startOverride applied at a
 * list's first use; a level counted resets the deeper ones; the label is
 * the level's lvlText with %N replaced by level N's counter in its format. */
#include <stdint.h>
#include <stdio.h>

#include "docxpriv.h"

/* ---- styles ---- */

/* s without spaces, lower-cased (ASCII). Caller frees. */
static char *squeeze(const char *s)
{
    pb_buf b = {0};
    for (; s && *s; s++)
        if (*s != ' ' && *s != '_' && *s != '-') {
            char c = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
            pb_buf_add(&b, &c, 1);
        }
    return b.s ? b.s : pb_xstrdup("");
}

/* What a style's name or id says it is: Title, Subtitle, Heading N, Caption,
 * in English (the names Word stores for built-in styles) or as WPS and
 * localised templates name them (标题 1, 標題 1, 副标题, 题注). */
static pb_dxkind kind_of(const char *name, int *level)
{
    static const struct {
        const char *word;
        pb_dxkind kind;
    } WORDS[] = {{"title", PB_DXKIND_TITLE},     {"标题", PB_DXKIND_TITLE},
                 {"標題", PB_DXKIND_TITLE},      {"subtitle", PB_DXKIND_SUBTITLE},
                 {"副标题", PB_DXKIND_SUBTITLE}, {"副標題", PB_DXKIND_SUBTITLE},
                 {"caption", PB_DXKIND_CAPTION}, {"题注", PB_DXKIND_CAPTION},
                 {"題注", PB_DXKIND_CAPTION},    {"图注", PB_DXKIND_CAPTION},
                 {"圖說", PB_DXKIND_CAPTION}};
    static const char *const HEADS[] = {"heading", "标题", "標題", "heading "};
    char *s = squeeze(name);
    pb_dxkind k = PB_DXKIND_NONE;
    for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0] && !k; i++)
        if (!strcmp(s, WORDS[i].word))
            k = WORDS[i].kind;
    for (size_t i = 0; i < sizeof HEADS / sizeof HEADS[0] && !k; i++) {
        size_t n = strlen(HEADS[i]);
        if (!strncmp(s, HEADS[i], n) && s[n] >= '1' && s[n] <= '9' && !s[n + 1]) {
            k = PB_DXKIND_HEADING;
            *level = s[n] - '0';
        }
    }
    free(s);
    return k;
}

void pb_docx_read_styles(xmlDoc *x, pb_dxstyles *st)
{
    st->default_size = 21; /* Word's own default: 10.5 pt */
    if (!x)
        return;
    xmlNode *root = xmlDocGetRootElement(x);
    xmlNode *defs = child_w(root, "docDefaults");
    xmlNode *rpr = child_w(child_w(defs, "rPrDefault"), "rPr");
    int sz = int_attr(child_w(rpr, "sz"), "val", 0);
    if (sz > 0)
        st->default_size = sz;
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (!is_w(c, "style"))
            continue;
        const char *type = attr(c, "type");
        if (type && strcmp(type, "paragraph") && strcmp(type, "character"))
            continue;
        pb_dxstyle s = {
            .id = attr(c, "styleId"), .outline = -1, .bold = -1, .italic = -1, .center = -1};
        if (!s.id)
            continue;
        s.name = attr(child_w(c, "name"), "val");
        s.based = attr(child_w(c, "basedOn"), "val");
        xmlNode *ppr = child_w(c, "pPr"), *r = child_w(c, "rPr");
        s.outline = int_attr(child_w(ppr, "outlineLvl"), "val", -1);
        const char *jc = attr(child_w(ppr, "jc"), "val");
        if (jc)
            s.center = !strcmp(jc, "center");
        s.bold = toggle(r, "b");
        s.italic = toggle(r, "i");
        s.size = int_attr(child_w(r, "sz"), "val", 0);
        const xmlNode *numpr = child_w(ppr, "numPr");
        s.num_id = attr(child_w(numpr, "numId"), "val");
        s.num_lvl = int_attr(child_w(numpr, "ilvl"), "val", 0);
        int level = 0;
        s.kind = s.name ? kind_of(s.name, &level) : PB_DXKIND_NONE;
        if (!s.kind)
            s.kind = kind_of(s.id, &level);
        s.heading = level;
        PB_PUSH(st->v, s);
        const char *def = attr(c, "default");
        if (def && (!strcmp(def, "1") || !strcmp(def, "true")) && type &&
            !strcmp(type, "paragraph") && s.size > 0)
            st->default_size = s.size;
    }
}

const pb_dxstyle *pb_docx_find_style(const pb_dxstyles *st, const char *id)
{
    for (size_t i = 0; id && i < st->v.n; i++)
        if (!strcmp(st->v.v[i].id, id))
            return &st->v.v[i];
    return NULL;
}

/* A property of style id through its basedOn chain: the first set (!= unset). */
int pb_docx_style_prop(const pb_dxstyles *st, const char *id, int prop)
{
    const pb_dxstyle *s = pb_docx_find_style(st, id);
    for (int k = 0; s && k < PB_DX_STYLE_DEPTH; k++, s = pb_docx_find_style(st, s->based)) {
        int v = prop == PB_DXPROP_OUTLINE  ? s->outline
                : prop == PB_DXPROP_BOLD   ? s->bold
                : prop == PB_DXPROP_ITALIC ? s->italic
                : prop == PB_DXPROP_SIZE   ? (s->size > 0 ? s->size : -1)
                                           : s->center;
        if (v >= 0)
            return v;
    }
    return -1;
}

/* ---- list numbering (numbering.xml) ---- */

void pb_docx_read_numbering(xmlDoc *x, pb_dxnumbering *nb)
{
    xmlNode *root = x ? xmlDocGetRootElement(x) : NULL;
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (!is_w(c, "abstractNum") || !attr(c, "abstractNumId"))
            continue;
        pb_dxabsnum a = {.id = attr(c, "abstractNumId")};
        for (int l = 0; l < PB_DX_LEVELS; l++)
            a.lvl[l] = (pb_dxnumlvl){1, "decimal", NULL, NULL};
        for (xmlNode *l = c->children; l; l = l->next) {
            int i = int_attr(l, "ilvl", -1);
            if (!is_w(l, "lvl") || i < 0 || i >= PB_DX_LEVELS)
                continue;
            a.lvl[i].start = int_attr(child_w(l, "start"), "val", 1);
            if (attr(child_w(l, "numFmt"), "val"))
                a.lvl[i].fmt = attr(child_w(l, "numFmt"), "val");
            a.lvl[i].text = attr(child_w(l, "lvlText"), "val");
            a.lvl[i].suff = attr(child_w(l, "suff"), "val");
        }
        PB_PUSH(nb->abs, a);
    }
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        const char *abs = attr(child_w(c, "abstractNumId"), "val");
        if (!is_w(c, "num") || !attr(c, "numId") || !abs)
            continue;
        pb_dxnuminst n = {.id = attr(c, "numId"), .abs = -1};
        for (size_t i = 0; i < nb->abs.n && n.abs < 0; i++)
            if (!strcmp(nb->abs.v[i].id, abs))
                n.abs = (int)i;
        for (int l = 0; l < PB_DX_LEVELS; l++)
            n.start[l] = -1;
        for (xmlNode *o = c->children; o; o = o->next) {
            int i = int_attr(o, "ilvl", -1);
            if (is_w(o, "lvlOverride") && i >= 0 && i < PB_DX_LEVELS)
                n.start[i] = int_attr(child_w(o, "startOverride"), "val", -1);
        }
        if (n.abs >= 0)
            PB_PUSH(nb->nums, n);
    }
}

static void add_cp(pb_buf *b, uint32_t c)
{
    char u[4];
    pb_buf_add(b, u, (size_t)pb_utf8_encode(c, u));
}

/* n in Chinese numerals (一百零五; legal: 壹佰零伍), up to 9999. */
static void chinese_number(pb_buf *b, int n, bool legal)
{
    static const char *const D[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    static const char *const L[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
    static const char *const U[] = {"千", "百", "十", ""}, *const LU[] = {"仟", "佰", "拾", ""};
    bool started = false, zero = false;
    for (int k = 0, div = 1000; k < 4; k++, div /= 10) {
        int d = n / div % 10;
        if (!d) {
            zero = started;
            continue;
        }
        if (zero)
            pb_buf_adds(b, legal ? L[0] : D[0]);
        zero = false;
        if (!(k == 2 && d == 1 && !started && !legal)) /* 十五, not 一十五 */
            pb_buf_adds(b, legal ? L[d] : D[d]);
        pb_buf_adds(b, legal ? LU[k] : U[k]);
        started = true;
    }
}

/* n as the numbering format fmt writes it (ECMA-376 ST_NumberFormat, the
 * formats Chinese documents use; others as decimal). */
static void format_number(pb_buf *b, const char *fmt, int n)
{
    static const char *const GAN = "甲乙丙丁戊己庚辛壬癸", *const ZHI = "子丑寅卯辰巳午未申酉戌亥";
    if (!strcmp(fmt, "none"))
        return;
    if (n > 0 && n < 10000 &&
        (!strncmp(fmt, "chineseCounting", 15) || !strcmp(fmt, "ideographDigital") ||
         !strcmp(fmt, "japaneseCounting") || !strcmp(fmt, "taiwaneseCounting") ||
         !strcmp(fmt, "chineseLegalSimplified") || !strcmp(fmt, "ideographLegalTraditional"))) {
        chinese_number(b, n, strstr(fmt, "Legal") != NULL);
    } else if (n >= 1 && n <= 10 && !strcmp(fmt, "ideographTraditional")) {
        pb_buf_add(b, GAN + 3 * (n - 1), 3);
    } else if (n >= 1 && n <= 12 && !strcmp(fmt, "ideographZodiac")) {
        pb_buf_add(b, ZHI + 3 * (n - 1), 3);
    } else if (n >= 1 && n <= 20 && !strncmp(fmt, "decimalEnclosedCircle", 21)) {
        add_cp(b, 0x2460 + (uint32_t)n - 1); /* ① */
    } else if (n >= 1 && n <= 20 && !strcmp(fmt, "decimalEnclosedParen")) {
        add_cp(b, 0x2474 + (uint32_t)n - 1); /* ⑴ */
    } else if (n >= 1 && n <= 20 && !strcmp(fmt, "decimalEnclosedFullstop")) {
        add_cp(b, 0x2488 + (uint32_t)n - 1); /* ⒈ */
    } else if (n >= 0 && !strncmp(fmt, "decimalFullWidth", 16)) {
        char d[16];
        snprintf(d, sizeof d, "%d", n);
        for (char *p = d; *p; p++)
            add_cp(b, 0xFF10 + (uint32_t)(*p - '0'));
    } else if (n >= 1 && (!strcmp(fmt, "lowerLetter") || !strcmp(fmt, "upperLetter"))) {
        char c = (char)((fmt[0] == 'l' ? 'a' : 'A') + (n - 1) % 26);
        for (int k = 0; k <= (n - 1) / 26 && k < 10; k++)
            pb_buf_add(b, &c, 1);
    } else if (n >= 1 && n < 4000 && (!strcmp(fmt, "lowerRoman") || !strcmp(fmt, "upperRoman"))) {
        static const int V[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
        static const char *const R[] = {"m",  "cm", "d",  "cd", "c",  "xc", "l",
                                        "xl", "x",  "ix", "v",  "iv", "i"};
        for (int k = 0; k < 13; k++)
            for (; n >= V[k]; n -= V[k])
                for (const char *r = R[k]; *r; r++) {
                    char c = (char)(fmt[0] == 'u' ? *r - 'a' + 'A' : *r);
                    pb_buf_add(b, &c, 1);
                }
    } else if (!strcmp(fmt, "decimalZero") && n >= 0 && n < 10) {
        pb_buf_addf(b, "0%d", n);
    } else {
        pb_buf_addf(b, "%d", n);
    }
}

/* The label of the next paragraph of list num_id at level lvl ("一、",
 * "1.2 ", "• "), counting it; "" for none. Caller frees. */
char *pb_docx_number_label(pb_dxnumbering *nb, const char *num_id, int lvl)
{
    pb_dxnuminst *in = NULL;
    for (size_t i = 0; num_id && i < nb->nums.n && !in; i++)
        if (!strcmp(nb->nums.v[i].id, num_id))
            in = &nb->nums.v[i];
    if (!in || lvl < 0 || lvl >= PB_DX_LEVELS)
        return pb_xstrdup("");
    pb_dxabsnum *a = &nb->abs.v[in->abs];
    if (!in->used)
        for (int l = 0; l < PB_DX_LEVELS; l++)
            if (in->start[l] >= 0)
                a->n[l] = in->start[l] - 1, a->set[l] = true;
    in->used = true;
    a->n[lvl] = a->set[lvl] && a->n[lvl] < 1000000 ? a->n[lvl] + 1 : a->lvl[lvl].start;
    a->set[lvl] = true;
    for (int l = lvl + 1; l < PB_DX_LEVELS; l++)
        a->set[l] = false; /* a deeper level starts again */
    const pb_dxnumlvl *v = &a->lvl[lvl];
    pb_buf b = {0};
    if (!strcmp(v->fmt, "bullet")) {
        pb_buf_adds(&b, "\xE2\x80\xA2 "); /* • (Word's bullet is a symbol font's character) */
        return b.s;
    }
    for (const char *t = v->text ? v->text : ""; *t; t++) {
        if (t[0] == '%' && t[1] >= '1' && t[1] <= '9') {
            int l = t[1] - '1';
            format_number(&b, a->lvl[l].fmt, a->set[l] ? a->n[l] : a->lvl[l].start);
            t++;
        } else {
            pb_buf_add(&b, t, 1);
        }
    }
    /* the tab or space after it; none after a full-width mark (一、) */
    bool wide = b.n >= 3 && (unsigned char)b.s[b.n - 3] >= 0xE3;
    if (b.n && !wide && !(v->suff && !strcmp(v->suff, "nothing")))
        pb_buf_adds(&b, " ");
    return b.s ? b.s : pb_xstrdup("");
}
