/* normalize: the half-width punctuation of pasted Chinese text, set full-width.
 * Consumes: a pb_text (UTF-8 with styled byte ranges) or a plain string.
 * Produces: an arena copy with , : ; ! ? ( ) ~ " ' ... converted and spans moved.
 *
 * Text pasted from the web mixes ASCII marks into Chinese (金昌:市企融合,
 * (图/记者…)). A Chinese compositor sets marks in Chinese context full-width
 * (docs/clreq.md, Normalization), curly quotes as the mainland “ ” outer and ‘ ’ inner
 * pair (docs/clreq.md CLR-3) so that later stages give them a full em box and the
 * CJK font (CLR-4), and drops the author's spaces between a Chinese mark and
 * its neighbours, which the Han–Latin spacing replaces (CLR-30). A mark is in
 * Chinese context when the nearest non-space character before or after it is
 * CJK: Han, kana, a CJK or full-width punctuation mark, or a mark this pass
 * has already converted. The marks Latin shares with Chinese (“ ” ‘ ’ … —)
 * count only when they themselves lead on to CJK in the same direction, or
 * when doubled (…… and ——, which only Chinese uses), so that English with
 * curly quotes (“Hello,” he said) keeps its comma. Per mark: ',' ';' '!' '?'
 * '~' convert when either side is CJK; ':' when the side before is CJK, or
 * the side after is and the side before is not a digit (07:35 stays); ',' and
 * '~' between two digits stay (11,300; 5~10). Brackets and quotes convert as
 * pairs: '(' with its matching ')', and the straight quotes by count (odd
 * ones open, even ones close), when any of the four sides of the pair is
 * CJK; an apostrophe between letters (it's) is no quote. A run of three or
 * more '.' in Chinese context, or of '。' anywhere, becomes ……. Spaces
 * (U+0020, U+00A0, U+3000) touching a converted mark go. URLs stay whole,
 * and so does verbatim text (code spans and blocks, note references: spans
 * flagged PB_SPAN_VERBATIM): no mark in it converts and no space in it goes,
 * so `f(x,y)` stays f(x,y); it still counts as context for marks outside it.
 * Deciding runs forward then backward so that a run such as ?! converts on
 * whichever side the Chinese is. Every step looks only at its neighbours, so
 * the whole is linear in the input. */
#include "normalize.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/util.h"
#include "../base/cjkchar.h"

/* What becomes of one input byte. */
enum {
    A_KEEP,
    A_COMMA,
    A_COLON,
    A_SEMI,
    A_EXCL,
    A_QUEST,
    A_LPAREN,
    A_RPAREN,
    A_LDQUOTE,
    A_RDQUOTE,
    A_LSQUOTE,
    A_RSQUOTE,
    A_TILDE,
    A_ELLIPSIS,
    A_NREPL,
    A_DROP_RUN = 254, /* the rest of a run that became …… */
    A_DROP_SPACE = 255,
};

static const char *const REPL[A_NREPL] = {
    [A_COMMA] = "，",  [A_COLON] = "：",  [A_SEMI] = "；",     [A_EXCL] = "！",   [A_QUEST] = "？",
    [A_LPAREN] = "（", [A_RPAREN] = "）", [A_LDQUOTE] = "“",   [A_RDQUOTE] = "”", [A_LSQUOTE] = "‘",
    [A_RSQUOTE] = "’", [A_TILDE] = "～",  [A_ELLIPSIS] = "……",
};

/* How many shared marks (“ ” ‘ ’ … —) a context look may pass through. It
 * bounds the look so a long run of them cannot make the pass quadratic. */
enum { SHARED_HOPS = 4 };

/* The nearest non-space character on one side of a mark. */
typedef enum { CX_NONE, CX_CJK, CX_DIGIT, CX_LETTER, CX_OTHER } ctx;

/* A convertible mark: bytes [at, end); partner is the index of the other
 * half of a bracket or quote pair, or -1. */
typedef struct {
    int at, end, partner;
} cand;

typedef struct {
    const char *s;
    int len;
    unsigned char *act; /* one per input byte */
    unsigned char *verb; /* one per input byte: 1 inside verbatim text; NULL when none */
    PB_VEC(cand) c;
} norm;

static bool is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == 0xA0 || c == 0x3000;
}

static bool is_droppable_space(uint32_t c)
{
    return c == ' ' || c == 0xA0 || c == 0x3000;
}

static bool is_letter(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

static bool is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

/* Marks Latin and Chinese share (CLR-4). */
static bool is_shared(uint32_t c)
{
    return c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x2026 || c == 0x2014;
}

static uint32_t char_at(const norm *n, int i, int *adv)
{
    return pb_utf8_decode(n->s + i, (size_t)(n->len - i), adv);
}

/* Start of the character that ends at byte i (> 0); its code point in *c. */
static int char_before(const norm *n, int i, uint32_t *c)
{
    int j = i - 1;
    while (j > 0 && i - j < 4 && ((unsigned char)n->s[j] & 0xC0) == 0x80)
        j--;
    int adv;
    *c = pb_utf8_decode(n->s + j, (size_t)(i - j), &adv);
    if (j + adv != i) {
        *c = 0xFFFD;
        return i - 1;
    }
    return j;
}

/* One step from boundary *i in direction dir: the character's start, its code
 * point in *c, and *i moved past it; -1 at the end of the text. */
static int step(const norm *n, int *i, int dir, uint32_t *c)
{
    if (dir < 0) {
        if (*i <= 0)
            return -1;
        *i = char_before(n, *i, c);
        return *i;
    }
    if (*i >= n->len)
        return -1;
    int q = *i, adv;
    *c = char_at(n, q, &adv);
    *i += adv;
    return q;
}

/* A shared mark doubled (…… or ——) is Chinese only. */
static bool doubled(const norm *n, int i, int dir, uint32_t c)
{
    uint32_t d;
    return (c == 0x2026 || c == 0x2014) && step(n, &i, dir, &d) >= 0 && d == c;
}

/* Context of the nearest non-space character on one side of boundary i:
 * dir < 0 looks before it, dir > 0 after it. A shared mark is looked
 * through: it is Chinese only when what lies beyond it is. */
static ctx look(const norm *n, int i, int dir)
{
    bool through = false;
    for (int hops = 0;;) {
        uint32_t c;
        int q = step(n, &i, dir, &c);
        if (q < 0)
            return through ? CX_OTHER : CX_NONE;
        if (is_space(c))
            continue;
        if (n->act[q] != A_KEEP || pb_cjk_is_text(c))
            return CX_CJK;
        if (is_shared(c)) {
            if (doubled(n, i, dir, c))
                return CX_CJK;
            if (++hops > SHARED_HOPS)
                return CX_OTHER;
            through = true;
            continue;
        }
        if (through)
            return CX_OTHER;
        return is_digit(c) ? CX_DIGIT : is_letter(c) ? CX_LETTER : CX_OTHER;
    }
}

/* ---- finding the marks ---- */

static bool is_alnum(unsigned char b)
{
    return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
}

static bool has_prefix(const norm *n, int i, const char *p)
{
    size_t k = strlen(p);
    return (size_t)(n->len - i) >= k && !strncasecmp(n->s + i, p, k);
}

/* End of the URL starting at i, or i when none starts there. A URL runs over
 * printable ASCII; trailing sentence marks and an unmatched ')' are not part
 * of it (as in GitHub's autolinks). */
static int url_end(const norm *n, int i)
{
    if ((i > 0 && is_alnum((unsigned char)n->s[i - 1])) ||
        !(has_prefix(n, i, "http://") || has_prefix(n, i, "https://") ||
          has_prefix(n, i, "ftp://") || has_prefix(n, i, "www.")))
        return i;
    int j = i, depth = 0;
    for (unsigned char b; j < n->len && (b = (unsigned char)n->s[j]) > ' ' && b < 0x7F &&
                          b != '"' && b != '<' && b != '>';
         j++)
        depth += b == '(' ? 1 : b == ')' ? -1 : 0;
    for (; j > i; j--) {
        char b = n->s[j - 1];
        if (b == ')' && depth < 0)
            depth++;
        else if (!strchr(".,:;!?'", b))
            break;
    }
    return j;
}

/* Bytes of a '.' or '。' at i, or 0. */
static int dot_len(const norm *n, int i)
{
    if (n->s[i] == '.')
        return 1;
    return n->len - i >= 3 && !memcmp(n->s + i, "\xE3\x80\x82", 3) ? 3 : 0;
}

static void push(norm *n, int at, int end)
{
    cand k = {at, end, -1};
    PB_PUSH(n->c, k);
}

static bool verbatim(const norm *n, int i) { return n->verb && n->verb[i]; }

/* A run of dots starting at i: three or more become a candidate. Returns its end. */
static int dot_run(norm *n, int i)
{
    int j = i, count = 0;
    for (int d; j < n->len && !verbatim(n, j) && (d = dot_len(n, j)) > 0; j += d)
        count++;
    if (count >= 3)
        push(n, i, j);
    return j;
}

/* ' between two letters is an apostrophe (it's, l'été), not a quote. */
static bool is_apostrophe(const norm *n, int i)
{
    uint32_t before, after;
    int adv;
    if (i == 0 || i + 1 >= n->len)
        return false;
    char_before(n, i, &before);
    after = char_at(n, i + 1, &adv);
    return is_letter(before) && is_letter(after);
}

/* Open halves waiting for their partner while the marks are collected. */
typedef struct {
    PB_VEC(int) parens;
    int dquote, squote;
} pairing;

static void pair_up(norm *n, int open, int close)
{
    n->c.v[open].partner = close;
    n->c.v[close].partner = open;
}

/* Record the ASCII mark at i, pairing brackets by nesting and quotes by count. */
static void add_mark(norm *n, pairing *p, int i)
{
    char b = n->s[i];
    if (b == '\'' && is_apostrophe(n, i))
        return;
    push(n, i, i + 1);
    int me = (int)n->c.n - 1;
    if (b == '(') {
        PB_PUSH(p->parens, me);
    } else if (b == ')' && p->parens.n > 0) {
        pair_up(n, p->parens.v[--p->parens.n], me);
    } else if (b == '"' || b == '\'') {
        int *open = b == '"' ? &p->dquote : &p->squote;
        if (*open >= 0)
            pair_up(n, *open, me);
        *open = *open >= 0 ? -1 : me;
    }
}

static void collect(norm *n)
{
    pairing p = {.dquote = -1, .squote = -1};
    for (int i = 0; i < n->len;) {
        unsigned char b = (unsigned char)n->s[i];
        int end;
        if (verbatim(n, i))
            i++;
        else if (b && strchr("hHwWfF", b) && (end = url_end(n, i)) > i)
            i = end;
        else if (dot_len(n, i) > 0)
            i = dot_run(n, i);
        else {
            if (b && strchr(",:;!?~()\"'", b))
                add_mark(n, &p, i);
            i++;
        }
    }
    free(p.parens.v);
}

/* ---- deciding ---- */

/* The action for a mark without a partner; A_KEEP when it stays. */
static int decide_lone(const norm *n, const cand *k)
{
    ctx p = look(n, k->at, -1), x = look(n, k->end, 1);
    bool either = p == CX_CJK || x == CX_CJK, digits = p == CX_DIGIT && x == CX_DIGIT;
    switch (n->s[k->at]) {
    case ',': return either && !digits ? A_COMMA : A_KEEP;
    case ':': return p == CX_CJK || (x == CX_CJK && p != CX_DIGIT) ? A_COLON : A_KEEP;
    case ';': return either ? A_SEMI : A_KEEP;
    case '!': return either ? A_EXCL : A_KEEP;
    case '?': return either ? A_QUEST : A_KEEP;
    case '~': return either && !digits ? A_TILDE : A_KEEP;
    case '(': return either ? A_LPAREN : A_KEEP;
    case ')': return p == CX_CJK ? A_RPAREN : A_KEEP;
    case '"': return either ? A_LDQUOTE : A_KEEP;
    case '\'': return either ? A_LSQUOTE : A_KEEP;
    default: /* a run of dots; 。。。 is Chinese by itself */
        return either || memchr(n->s + k->at, 0xE3, (size_t)(k->end - k->at)) ? A_ELLIPSIS : A_KEEP;
    }
}

static bool pair_in_chinese(const norm *n, const cand *o, const cand *c)
{
    return look(n, o->at, -1) == CX_CJK || look(n, o->end, 1) == CX_CJK ||
           look(n, c->at, -1) == CX_CJK || look(n, c->end, 1) == CX_CJK;
}

/* Decide candidate idx unless already converted; a pair is decided at its
 * opening half, both halves together. */
static void decide(norm *n, int idx)
{
    const cand *k = &n->c.v[idx];
    if (n->act[k->at] != A_KEEP || (k->partner >= 0 && k->partner < idx))
        return;
    if (k->partner >= 0) {
        const cand *c = &n->c.v[k->partner];
        char b = n->s[k->at];
        if (pair_in_chinese(n, k, c)) {
            n->act[k->at] = b == '"' ? A_LDQUOTE : b == '\'' ? A_LSQUOTE : A_LPAREN;
            n->act[c->at] = b == '"' ? A_RDQUOTE : b == '\'' ? A_RSQUOTE : A_RPAREN;
        }
        return;
    }
    int a = decide_lone(n, k);
    n->act[k->at] = (unsigned char)a;
    if (a == A_ELLIPSIS)
        memset(n->act + k->at + 1, A_DROP_RUN, (size_t)(k->end - k->at - 1));
}

/* CLR-30: no author spaces between a Chinese mark and its neighbours. Stops
 * at spaces already dropped, so each space is visited at most twice. */
static void drop_spaces(norm *n, const cand *k)
{
    uint32_t c;
    for (int i = k->at; i > 0;) {
        int q = char_before(n, i, &c);
        if (!is_droppable_space(c) || n->act[q] == A_DROP_SPACE || verbatim(n, q))
            break;
        memset(n->act + q, A_DROP_SPACE, (size_t)(i - q));
        i = q;
    }
    for (int i = k->end, adv; i < n->len; i += adv) {
        c = char_at(n, i, &adv);
        if (!is_droppable_space(c) || n->act[i] == A_DROP_SPACE || verbatim(n, i))
            break;
        memset(n->act + i, A_DROP_SPACE, (size_t)adv);
    }
}

/* ---- writing ---- */

/* A span boundary: its input byte offset and its slot in the offset map. */
typedef struct {
    int at, slot;
} bound;

static int cmp_bound(const void *x, const void *y)
{
    const bound *a = x, *b = y;
    return a->at != b->at ? (a->at > b->at) - (a->at < b->at) : a->slot - b->slot;
}

/* Write the output to out (when not NULL) and return its length. The new
 * offset of each bound (sorted) goes to map[slot]: a boundary in a dropped
 * byte lands where the next kept byte is written. */
static size_t emit(const norm *n, char *out, const bound *b, size_t nb, int *map)
{
    size_t o = 0, k = 0;
    for (int i = 0; i < n->len; i++) {
        for (; k < nb && b[k].at <= i; k++)
            map[b[k].slot] = (int)o;
        unsigned a = n->act[i];
        const char *r = a == A_KEEP ? n->s + i : a < A_NREPL ? REPL[a] : "";
        size_t l = a == A_KEEP ? 1 : strlen(r);
        if (out)
            memcpy(out + o, r, l);
        o += l;
    }
    for (; k < nb; k++)
        map[b[k].slot] = (int)o;
    return o;
}

static int clamp(long v, int len)
{
    return v < 0 ? 0 : v > len ? len : (int)v;
}

/* The spans of t at their new offsets (map: start and end per span); empty
 * ones are dropped. */
static void remap_spans(const pb_text *t, const int *map, pb_text *r, pb_arena *a)
{
    int kept = 0;
    for (int i = 0; i < t->nspans; i++)
        kept += map[2 * i + 1] > map[2 * i];
    r->spans = kept ? PB_NEWN(a, pb_span, kept) : NULL;
    r->nspans = 0;
    for (int i = 0; i < t->nspans; i++)
        if (map[2 * i + 1] > map[2 * i])
            r->spans[r->nspans++] =
                (pb_span){map[2 * i], map[2 * i + 1] - map[2 * i], t->spans[i].flags};
}

static pb_text write_text(const norm *n, const pb_text *t, pb_arena *a)
{
    size_t nb = t->spans && t->nspans > 0 ? 2 * (size_t)t->nspans : 0;
    bound *b = pb_xmalloc(nb * sizeof *b + 1);
    int *map = pb_xmalloc(nb * sizeof *map + 1);
    for (size_t i = 0; i < nb; i++) {
        const pb_span *sp = &t->spans[i / 2];
        long v = i % 2 ? (long)sp->start + sp->len : sp->start;
        b[i] = (bound){clamp(v, n->len), (int)i};
    }
    qsort(b, nb, sizeof *b, cmp_bound);
    size_t len = emit(n, NULL, NULL, 0, NULL);
    if (len > INT_MAX)
        abort(); /* as out of memory: a pb_text length is an int */
    pb_text r = {pb_arena_alloc(a, len + 1), (int)len, NULL, 0};
    emit(n, r.s, b, nb, map);
    if (nb)
        remap_spans(t, map, &r, a);
    free(b);
    free(map);
    return r;
}

pb_text pb_normalize_text(const pb_text *t, pb_arena *a)
{
    norm n = {.s = t->s ? t->s : "", .len = t->s && t->len > 0 ? t->len : 0};
    n.act = pb_xcalloc((size_t)n.len + 1, 1);
    for (int i = 0; t->spans && i < t->nspans; i++) {
        const pb_span *sp = &t->spans[i];
        if (!(sp->flags & PB_SPAN_VERBATIM))
            continue;
        int a = clamp(sp->start, n.len), b = clamp((long)sp->start + sp->len, n.len);
        if (a < b && !n.verb)
            n.verb = pb_xcalloc((size_t)n.len + 1, 1);
        if (a < b)
            memset(n.verb + a, 1, (size_t)(b - a));
    }
    collect(&n);
    /* Forward, then backward: a mark's Chinese neighbour may be a mark on
     * either side that converts only in the other direction (Hello?!你好). */
    for (size_t i = 0; i < n.c.n; i++)
        decide(&n, (int)i);
    for (size_t i = n.c.n; i-- > 0;)
        decide(&n, (int)i);
    for (size_t i = 0; i < n.c.n; i++)
        if (n.act[n.c.v[i].at] != A_KEEP)
            drop_spaces(&n, &n.c.v[i]);
    pb_text r = write_text(&n, t, a);
    free(n.verb);
    free(n.act);
    free(n.c.v);
    return r;
}

char *pb_normalize_string(const char *s, pb_arena *a)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    if (len > INT_MAX)
        abort();
    pb_text t = {(char *)s, (int)len, NULL, 0};
    return pb_normalize_text(&t, a).s;
}
