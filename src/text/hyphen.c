/* Latin paragraphs and English hyphenation (libhyphen, Debian's
 * hyphen-en-us patterns, read at run time). */
#include "hyphen.h"

#include <glib.h>
#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/cjkchar.h"
#include "../base/util.h"

enum {
    LEFT_MIN = 2,  /* letters kept before a hyphen (TeX's \lefthyphenmin) */
    RIGHT_MIN = 3, /* letters carried after it (\righthyphenmin) */
    MAX_WORD = 64, /* longer "words" are no words: left to the URL breaks */
};

static bool latin_letter(gunichar c)
{
    return c < 0x250 && g_unichar_isalpha(c);
}

bool pb_text_is_latin(const char *s, int len)
{
    int latin = 0, han = 0;
    for (const char *p = s, *end = s + len; p < end; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (latin_letter(c))
            latin++;
        else if (pb_cjk_is_text(c))
            han++;
    }
    return latin > han;
}

const char *pb_hyphen_path(void)
{
    static char path[4096];
    const char *dir = getenv("PAIBAN_HYPHEN_DIR");
    snprintf(path, sizeof path, "%s/hyph_en_US.dic", dir && *dir ? dir : "/usr/share/hyphen");
    return path;
}

static HyphenDict *dict;
static bool tried;

#define NO_PATTERNS "no hyphenation patterns at "

static void unload(void)
{
    if (dict)
        hnj_hyphen_free(dict);
    dict = NULL;
}

bool pb_hyphen_ready(pb_diags *d)
{
    if (!tried) {
        tried = true;
        const char *path = pb_hyphen_path();
        /* hnj_hyphen_load prints to stderr on a missing file: look first */
        FILE *f = fopen(path, "r");
        if (f) {
            dict = hnj_hyphen_load_file(f);
            fclose(f);
        }
        if (dict)
            atexit(unload);
    }
    if (!dict && d) {
        for (size_t i = 0; i < d->n; i++) /* once per render */
            if (d->v[i].msg && !strncmp(d->v[i].msg, NO_PATTERNS, strlen(NO_PATTERNS)))
                return false;
        pb_warn(d, NULL, 0,
                NO_PATTERNS "%s (Debian package hyphen-en-us): English paragraphs are set "
                            "without hyphenation",
                pb_hyphen_path());
    }
    return dict != NULL;
}

int pb_hyphen_word(const char *w, int n, bool *after)
{
    memset(after, 0, (size_t)(n > 0 ? n : 0) * sizeof *after);
    if (n < LEFT_MIN + RIGHT_MIN || n > MAX_WORD || !pb_hyphen_ready(NULL))
        return 0;
    char low[MAX_WORD + 1], hy[MAX_WORD + 5];
    for (int i = 0; i < n; i++) {
        if (!g_ascii_isalpha(w[i]))
            return 0;
        low[i] = g_ascii_tolower(w[i]);
    }
    low[n] = 0;
    char **rep = NULL;
    int *pos = NULL, *cut = NULL, k = 0;
    if (hnj_hyphen_hyphenate2(dict, low, n, hy, NULL, &rep, &pos, &cut) == 0) {
        for (int i = LEFT_MIN - 1; i < n - RIGHT_MIN; i++)
            if (hy[i] & 1)
                after[i] = true, k++;
    }
    if (rep) { /* non-standard hyphenation (none in English): not used */
        for (int i = 0; i < n; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    return k;
}

static bool is_quote(gunichar c)
{
    return c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D;
}

/* CJK text or a CJK mark (ideographic punctuation, full-width forms). */
static bool cjk_side(gunichar c)
{
    return c >= 0x2E80 && !(c >= 0xFB00 && c < 0xFE00) && c != 0xFEFF;
}

bool pb_latin_quote(const char *s, int len, int at, bool latin_para)
{
    if (at < 0 || at >= len || !is_quote(g_utf8_get_char(s + at)))
        return false;
    gunichar l = 0, r = 0;
    if (at > 0)
        l = g_utf8_get_char(g_utf8_prev_char(s + at));
    const char *next = g_utf8_next_char(s + at);
    if (next < s + len)
        r = g_utf8_get_char(next);
    if (cjk_side(l) || cjk_side(r))
        return false;
    if (!latin_para)
        return g_utf8_get_char(s + at) == 0x2019 && latin_letter(l) && latin_letter(r);
    return latin_letter(l) || g_ascii_isdigit(l) || latin_letter(r) || g_ascii_isdigit(r);
}
