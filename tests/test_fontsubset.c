/* The font subsetters (src/output/cffsubset.c, ttfsubset.c): every glyph of a
 * subset must have exactly the outline and advance of the glyph it came from,
 * as FreeType reads them unscaled and unhinted. The fonts are the project's
 * own (fonts/fonts.conf), found through fontconfig: a CID-keyed CFF
 * collection face (Noto CJK, subroutines in 19 font dictionaries), a TrueType
 * face (LXGW WenKai) and a TrueType face with composite glyphs (DejaVu Sans). */
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "output/cffsubset.h"
#include "output/ttfsubset.h"

static FcConfig *config;
static FT_Library lib;

/* The file and face index fontconfig gives for family (and style). */
static bool find_font(const char *family, const char *style, char *file, size_t n, int *index)
{
    FcPattern *p = FcPatternBuild(NULL, FC_FAMILY, FcTypeString, family, FC_STYLE, FcTypeString,
                                  style, NULL);
    FcConfigSubstitute(config, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult r;
    FcPattern *m = FcFontMatch(config, p, &r);
    FcChar8 *f = NULL, *got = NULL;
    bool ok = m && FcPatternGetString(m, FC_FILE, 0, &f) == FcResultMatch &&
              FcPatternGetString(m, FC_FAMILY, 0, &got) == FcResultMatch &&
              !strcmp((char *)got, family) &&
              FcPatternGetInteger(m, FC_INDEX, 0, index) == FcResultMatch;
    if (ok)
        snprintf(file, n, "%s", (char *)f);
    FcPatternDestroy(p);
    if (m)
        FcPatternDestroy(m);
    return ok;
}

/* Glyph g of face as FreeType loads it: unscaled, unhinted. */
static bool outline_of(FT_Face face, unsigned g, FT_Outline **o, FT_Pos *advance)
{
    if (FT_Load_Glyph(face, g, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP))
        return false;
    *o = &face->glyph->outline;
    *advance = face->glyph->metrics.horiAdvance;
    return true;
}

static bool same_outline(FT_Face a, unsigned ga, FT_Face b, unsigned gb)
{
    FT_Outline *oa, *ob;
    FT_Pos aa, ab;
    if (!outline_of(a, ga, &oa, &aa))
        return false;
    /* copy a's outline: loading from b reuses the glyph slot of its own face only */
    short np = oa->n_points, nc = oa->n_contours;
    FT_Vector *pts = malloc(sizeof *pts * (size_t)(np ? np : 1));
    char *tags = malloc((size_t)(np ? np : 1));
    short *ends = malloc(sizeof *ends * (size_t)(nc ? nc : 1));
    memcpy(pts, oa->points, sizeof *pts * (size_t)np);
    memcpy(tags, oa->tags, (size_t)np);
    memcpy(ends, oa->contours, sizeof *ends * (size_t)nc);
    bool same = outline_of(b, gb, &ob, &ab) && ob->n_points == np && ob->n_contours == nc &&
                aa == ab && !memcmp(ob->points, pts, sizeof *pts * (size_t)np) &&
                !memcmp(ob->tags, tags, (size_t)np) &&
                !memcmp(ob->contours, ends, sizeof *ends * (size_t)nc);
    free(pts), free(tags), free(ends);
    return same;
}

typedef struct {
    const char *family, *style, *table;
    unsigned step;      /* every step-th glyph of the font is kept */
    const char *chars;  /* and the glyphs of these characters */
} font_case;

/* Subset the glyphs of c, check every one against the original. */
static void check_font(const font_case *c)
{
    char file[1024];
    int index;
    CHECK(find_font(c->family, c->style, file, sizeof file, &index));
    FT_Face orig;
    if (FT_New_Face(lib, file, index, &orig)) {
        CHECK(!"the font opens");
        return;
    }
    int n = 0;
    uint32_t *old = malloc(sizeof *old * ((size_t)orig->num_glyphs + 64));
    for (unsigned g = 0; g < (unsigned)orig->num_glyphs; g += c->step)
        old[n++] = g;
    for (const char *s = c->chars; *s;) {
        FcChar32 ch;
        int len = FcUtf8ToUcs4((const FcChar8 *)s, &ch, (int)strlen(s));
        s += len;
        unsigned g = FT_Get_Char_Index(orig, ch);
        CHECK(g != 0);
        int i = n;
        while (i > 0 && old[i - 1] > g)
            i--;
        if (i == 0 || old[i - 1] != g) {
            memmove(old + i + 1, old + i, sizeof *old * (size_t)(n - i));
            old[i] = g, n++;
        }
    }
    pb_sfnt f;
    CHECK(pb_sfnt_open(&f, file, (unsigned)index));
    CHECK(pb_sfnt_find(&f, c->table) != NULL);
    size_t len = 0;
    int asked = n;
    uint8_t *sub = !strcmp(c->table, "CFF ") ? pb_cff_subset(&f, old, n, &len)
                                              : pb_ttf_subset(&f, &old, &n, &len);
    pb_sfnt_close(&f);
    CHECK(sub != NULL);
    CHECK(n >= asked);
    FT_Face face;
    if (sub && !FT_New_Memory_Face(lib, sub, (FT_Long)len, 0, &face)) {
        CHECK_EQ_INT(face->num_glyphs, n);
        CHECK(FT_Get_Postscript_Name(face) != NULL);
        int differ = 0;
        for (int i = 0; i < n; i++)
            differ += !same_outline(orig, old[i], face, (unsigned)i);
        CHECK_EQ_INT(differ, 0);
        FT_Done_Face(face);
    } else {
        CHECK(!"FreeType opens the subset");
    }
    FT_Done_Face(orig);
    free(sub);
    free(old);
}

static void test_cff_cid_serif(void)
{
    check_font(&(font_case){"Noto Serif CJK SC", "Regular", "CFF ", 97, "清水河畔的晨练步道。，“”——"});
}

static void test_cff_cid_sans_bold(void)
{
    check_font(&(font_case){"Noto Sans CJK SC", "Bold", "CFF ", 211, "护水共治：从河长到河小青"});
}

static void test_truetype(void)
{
    check_font(&(font_case){"LXGW WenKai", "Regular", "glyf", 53, "△治理后的清水河芦湾段。记者 摄"});
}

static void test_truetype_composites(void)
{
    /* accented letters are composites: their parts come along, renumbered */
    check_font(&(font_case){"DejaVu Sans", "Book", "glyf", 997, "éàüñçÅ"});
}

static void test_not_a_font(void)
{
    pb_sfnt f;
    CHECK(!pb_sfnt_open(&f, "fonts/fonts.conf", 0));
    pb_sfnt_close(&f);
}

static void test_glyph_out_of_range(void)
{
    char file[1024];
    int index;
    CHECK(find_font("Noto Serif CJK SC", "Regular", file, sizeof file, &index));
    pb_sfnt f;
    CHECK(pb_sfnt_open(&f, file, (unsigned)index));
    uint32_t old[] = {0, 70000};
    size_t len;
    CHECK(pb_cff_subset(&f, old, 2, &len) == NULL);
    uint32_t no_notdef[] = {5};
    CHECK(pb_cff_subset(&f, no_notdef, 1, &len) == NULL);
    pb_sfnt_close(&f);
}

int main(void)
{
    if (!check_enter_datadir())
        return 1;
    config = FcConfigCreate();
    char *conf = realpath("fonts/fonts.conf", NULL); /* fontconfig reads relative names elsewhere */
    bool loaded = conf && FcConfigParseAndLoad(config, (const FcChar8 *)conf, FcTrue);
    free(conf);
    if (!loaded ||
        !FcConfigBuildFonts(config) || FT_Init_FreeType(&lib)) {
        fprintf(stderr, "cannot load fonts/fonts.conf\n");
        return 1;
    }
    static const check_test tests[] = {
        T(test_cff_cid_serif),    T(test_cff_cid_sans_bold), T(test_truetype),
        T(test_truetype_composites), T(test_not_a_font),     T(test_glyph_out_of_range),
    };
    int rc = pb_check_main(tests, (int)(sizeof tests / sizeof tests[0]));
    FT_Done_FreeType(lib);
    FcConfigDestroy(config);
    return rc;
}
