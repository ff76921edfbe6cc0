/* Pinyin in brackets after Han words, 「文明城市（wénmíngchéngshì）」: found by
 * its letters (a-z, the tone-marked vowels āáǎà… and ü) and its syllable
 * structure (an initial and a final, docs/clreq.md CLR-48), at least one
 * syllable carrying a tone mark, so that a bracket of Latin text
 * (「（Hello world）」) is never taken for it. Kept as written, dropped, or
 * turned into ruby: the brackets go, the pinyin becomes a PB_SPAN_RUBY span
 * right after its base characters (PB_SPAN_RUBYBASE, never broken), its
 * syllables one space apart when there are as many as base characters. */
#include <stdlib.h>
#include <string.h>

#include "../base/cjkchar.h"
#include "../base/util.h"
#include "doc.h"

const char *const pb_pinyin_names[] = {"keep", "ruby", "drop", NULL};

/* The tone-marked vowels and ü: the letter each stands for ('v' for ü). */
static const struct {
    uint32_t c;
    char base;
} MARKED[] = {
    {0x101, 'a'}, {0xE1, 'a'},  {0x1CE, 'a'}, {0xE0, 'a'},  {0x113, 'e'}, {0xE9, 'e'},
    {0x11B, 'e'}, {0xE8, 'e'},  {0x12B, 'i'}, {0xED, 'i'},  {0x1D0, 'i'}, {0xEC, 'i'},
    {0x14D, 'o'}, {0xF3, 'o'},  {0x1D2, 'o'}, {0xF2, 'o'},  {0x16B, 'u'}, {0xFA, 'u'},
    {0x1D4, 'u'}, {0xF9, 'u'},  {0x1D6, 'v'}, {0x1D8, 'v'}, {0x1DA, 'v'}, {0x1DC, 'v'},
    {0xFC, 'v'},  {0x1E3F, 'm'}, {0x144, 'n'}, {0x148, 'n'}, {0x1F9, 'n'},
    /* a name's capital starting a syllable: Ōuyáng, Ēmeí */
    {0x100, 'a'}, {0xC1, 'a'},  {0x1CD, 'a'}, {0xC0, 'a'},  {0x112, 'e'}, {0xC9, 'e'},
    {0x11A, 'e'}, {0xC8, 'e'},  {0x14C, 'o'}, {0xD3, 'o'},  {0x1D1, 'o'}, {0xD2, 'o'},
};

/* The letter c stands for (lower case, 'v' for ü), 0 for none; *tone: it
 * carries a tone mark. */
static char letter(uint32_t c, bool *tone)
{
    *tone = false;
    if (c >= 'A' && c <= 'Z')
        c += 'a' - 'A';
    if (c >= 'a' && c <= 'z')
        return (char)c;
    for (size_t i = 0; i < sizeof MARKED / sizeof MARKED[0]; i++)
        if (MARKED[i].c == c) {
            *tone = MARKED[i].base != 'v' || c != 0xFC;
            return MARKED[i].base;
        }
    return 0;
}

static const char *const INITIALS[] = {"zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l",
                                       "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y",
                                       "w", ""};
static const char *const FINALS[] = {
    "a",   "o",    "e",   "ai",  "ei",  "ao",  "ou",  "an",   "en",  "ang", "eng",
    "ong", "er",   "i",   "ia",  "ie",  "iao", "iu",  "ian",  "in",  "iang", "ing",
    "iong", "u",   "ua",  "uo",  "uai", "ui",  "uan", "un",   "uang", "ueng", "v",
    "ve",  "van",  "vn",  "ue",  "io",  NULL};

/* Whether s[0, n) (letters as letter() gives them) is one syllable: an
 * initial and a final; the finals without an initial only those that start
 * with a, o or e (y and w spell the others). */
static bool syllable(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof INITIALS / sizeof INITIALS[0]; i++) {
        size_t l = strlen(INITIALS[i]);
        if (l >= n || memcmp(s, INITIALS[i], l))
            continue;
        for (int f = 0; FINALS[f]; f++)
            if (strlen(FINALS[f]) == n - l && !memcmp(s + l, FINALS[f], n - l) &&
                (l || strchr("aoe", FINALS[f][0])))
                return true;
    }
    return false;
}

enum { MAX_LETTERS = 256 };

/* Cut letters s[0, n) into the fewest syllables, none with two tone marks
 * (tone[i]: letter i has one), as pinyin is read (an apostrophe marks the
 * other cut: Xī'ān): the ends of each in *ends. Returns how many, 0 when s
 * is no sequence of syllables; s[0, n) alone, the syllabic ń ňg m̀ too. */
static int cut(const char *s, const bool *tone, int n, int *ends)
{
    if ((n == 1 && (s[0] == 'm' || s[0] == 'n')) || (n == 2 && !memcmp(s, "ng", 2))) {
        ends[0] = n;
        return 1;
    }
    /* ok[i][k]: s[0, i) cuts into k syllables, the last from from[i][k] */
    enum { MAXK = 64 };
    bool(*ok)[MAXK + 1] = pb_xcalloc((size_t)n + 1, sizeof *ok);
    int(*from)[MAXK + 1] = pb_xcalloc((size_t)n + 1, sizeof *from);
    ok[0][0] = true;
    for (int i = 1; i <= n; i++)
        for (int j = i - 1, marks = 0; j >= 0 && i - j <= 6; j--)
            if ((marks += tone[j]) <= 1 && syllable(s + j, (size_t)(i - j)))
                for (int k = 0; k < MAXK; k++)
                    if (ok[j][k] && !ok[i][k + 1])
                        ok[i][k + 1] = true, from[i][k + 1] = j;
    int k = 0;
    for (int t = 1; !k && t <= MAXK; t++)
        if (ok[n][t])
            k = t;
    for (int i = n, t = k; t > 0; i = from[i][t], t--)
        ends[t - 1] = i;
    free(ok);
    free(from);
    return k;
}

/* The pinyin in s[0, n): its syllables (see cut()) into *out (letters as
 * written, one space apart). Returns the number of syllables, 0 when s is
 * not pinyin. */
static int parse(const char *s, size_t n, pb_buf *out)
{
    char let[MAX_LETTERS];
    bool toned[MAX_LETTERS];
    int at[MAX_LETTERS + 1], nl = 0, ends[MAX_LETTERS];
    bool tone = false, brk[MAX_LETTERS + 1] = {false};
    for (size_t i = 0; i < n;) {
        int adv;
        uint32_t c = pb_utf8_decode(s + i, n - i, &adv);
        bool t;
        char l = letter(c, &t);
        if (l) {
            if (nl == MAX_LETTERS)
                return 0;
            /* only a name's first letter is a capital */
            if (c >= 'A' && c <= 'Z' && nl > 0 && !brk[nl])
                return 0;
            at[nl] = (int)i;
            toned[nl] = t;
            let[nl++] = l;
            tone |= t;
        } else if (c == ' ' || c == '\'' || c == 0x2019 || c == '-') {
            if (!nl || brk[nl])
                return 0;
            brk[nl] = true; /* the writer's own cut between syllables */
        } else {
            return 0;
        }
        i += (size_t)adv;
    }
    at[nl] = (int)n;
    if (!nl || !tone || brk[nl])
        return 0;
    /* each of the writer's words is syllables of its own */
    int k = 0, w0 = 0;
    for (int i = 1; i <= nl; i++) {
        if (i < nl && !brk[i])
            continue;
        int got = cut(let + w0, toned + w0, i - w0, ends + k);
        if (!got)
            return 0;
        for (int j = 0; j < got; j++)
            ends[k + j] += w0;
        k += got;
        w0 = i;
    }
    for (int j = 0, b = 0; j < k; b = ends[j++]) {
        if (j)
            pb_buf_adds(out, " ");
        size_t s0 = (size_t)at[b], s1 = (size_t)at[ends[j]];
        while (s1 > s0 && strchr(" '-", s[s1 - 1]))
            s1--;
        if (s1 >= s0 + 3 && !memcmp(s + s1 - 3, "\xE2\x80\x99", 3))
            s1 -= 3;
        pb_buf_add(out, s + s0, s1 - s0);
    }
    return k;
}

/* The bracket that opens at s[i], and its closer, or NULL. */
static const char *closer_of(const char *s, size_t n, size_t i, size_t *open_len)
{
    if (s[i] == '(') {
        *open_len = 1;
        return ")";
    }
    if (i + 3 <= n && !memcmp(s + i, "\xEF\xBC\x88", 3)) { /* （ */
        *open_len = 3;
        return "\xEF\xBC\x89";
    }
    return NULL;
}

/* The first close in s[from, n), or NULL. */
static const char *find(const char *s, size_t from, size_t n, const char *close)
{
    size_t l = strlen(close);
    for (size_t j = from; j + l <= n; j++)
        if (!memcmp(s + j, close, l))
            return s + j;
    return NULL;
}

/* How many Han characters end s[0, i), and where the first of them starts. */
static int han_before(const char *s, size_t i, size_t *start)
{
    int k = 0;
    *start = i;
    while (*start > 0) {
        size_t j = *start - 1;
        while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80)
            j--;
        int adv;
        if (!pb_cjk_is_han(pb_utf8_decode(s + j, *start - j, &adv)))
            break;
        *start = j;
        k++;
    }
    return k;
}

typedef PB_VEC(unsigned) flag_vec;

static void emit(pb_buf *out, flag_vec *fl, const char *s, size_t n, unsigned flags)
{
    pb_buf_add(out, s, n);
    for (size_t i = 0; i < n; i++)
        PB_PUSH(*fl, flags);
}

/* The pinyin of t as mode says; the result in arena a. Returns how many
 * brackets were pinyin. */
static int apply(pb_text *t, pb_pinyin_mode mode, pb_arena *a)
{
    const char *s = t->s;
    size_t n = (size_t)t->len;
    if (!s || !n)
        return 0;
    unsigned *fl = pb_xcalloc(n, sizeof *fl);
    for (int i = 0; i < t->nspans; i++)
        for (int j = 0; j < t->spans[i].len; j++)
            fl[t->spans[i].start + j] |= t->spans[i].flags;
    pb_buf out = {0};
    flag_vec ofl = {0};
    int changed = 0;
    for (size_t i = 0; i < n;) {
        size_t ol = 0, start;
        const char *close = closer_of(s, n, i, &ol);
        const char *end = close ? find(s, i + ol, n, close) : NULL;
        int han = close && end ? han_before(s, i, &start) : 0;
        bool verbatim = false;
        for (size_t j = i; end && j < (size_t)(end - s) + strlen(close); j++)
            verbatim |= (fl[j] & PB_SPAN_VERBATIM) != 0;
        pb_buf py = {0};
        int k = han && !verbatim ? parse(s + i + ol, (size_t)(end - s) - i - ol, &py) : 0;
        if (!k) {
            pb_buf_fini(&py);
            int adv;
            pb_utf8_decode(s + i, n - i, &adv);
            emit(&out, &ofl, s + i, (size_t)adv, fl[i]);
            i += (size_t)adv;
            continue;
        }
        changed++;
        size_t after = (size_t)(end - s) + strlen(close);
        if (mode == PB_PINYIN_RUBY) {
            /* the base: a character per syllable, or the whole Han run */
            int base = k <= han ? k : han;
            size_t b = out.n;
            for (int c = 0; c < base; c++) {
                b--;
                while (b > 0 && ((unsigned char)out.s[b] & 0xC0) == 0x80)
                    b--;
            }
            for (size_t j = b; j < out.n; j++)
                ofl.v[j] |= PB_SPAN_RUBYBASE | PB_SPAN_NOBREAK;
            /* group ruby: as written, without the cuts between syllables */
            if (k != base) {
                pb_buf_fini(&py);
                for (size_t j = i + ol; j < (size_t)(end - s); j++)
                    if (s[j] != ' ')
                        pb_buf_add(&py, s + j, 1);
            }
            emit(&out, &ofl, py.s, py.n, (fl[i + ol] & ~PB_SPAN_DOTS) | PB_SPAN_RUBY);
        }
        pb_buf_fini(&py);
        i = after;
    }
    if (changed) {
        t->s = pb_arena_strndup(a, out.s ? out.s : "", out.n);
        t->len = (int)out.n;
        int ns = 0;
        for (size_t i = 0; i < out.n; i++)
            ns += ofl.v[i] && (i == 0 || ofl.v[i - 1] != ofl.v[i]);
        t->spans = PB_NEWN(a, pb_span, ns + 1);
        t->nspans = 0;
        for (size_t i = 0; i < out.n; i++) {
            if (!ofl.v[i])
                continue;
            if (i && ofl.v[i - 1] == ofl.v[i] && t->nspans)
                t->spans[t->nspans - 1].len++;
            else
                t->spans[t->nspans++] = (pb_span){(int)i, 1, ofl.v[i]};
        }
    }
    pb_buf_fini(&out);
    free(ofl.v);
    free(fl);
    return changed;
}

static int apply_blocks(pb_block *b, int n, pb_pinyin_mode mode, pb_arena *a)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (b[i].kind == PB_BLOCK_PARA)
            k += apply(&b[i].text, mode, a);
        else if (b[i].kind == PB_BLOCK_NOTE)
            k += apply_blocks(b[i].children, b[i].nchildren, mode, a);
    }
    return k;
}

int pb_doc_pinyin(pb_doc *doc, pb_pinyin_mode mode)
{
    return mode == PB_PINYIN_KEEP ? 0 : apply_blocks(doc->blocks, doc->nblocks, mode, doc->arena);
}
