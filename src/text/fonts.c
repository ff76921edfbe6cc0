#include "fonts.h"

#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "shapecache.h"

static FcConfig *load_config(const char *conf, pb_diags *d)
{
    /* fontconfig reads a relative name against its own directory */
    char *abs = realpath(conf, NULL);
    if (!abs) {
        pb_error(d, conf, 0, "cannot find the fontconfig file: %s (the fonts/ folder of the "
                 "data folder, set by PAIBAN_DATADIR)", strerror(errno));
        return NULL;
    }
    FcConfig *fc = FcConfigCreate();
    FcBool loaded = FcConfigParseAndLoad(fc, (const FcChar8 *)abs, FcTrue);
    free(abs);
    if (!loaded) {
        pb_error(d, conf, 0, "cannot load the fontconfig file");
        FcConfigDestroy(fc);
        return NULL;
    }
    if (!FcConfigBuildFonts(fc)) {
        pb_error(d, conf, 0, "fontconfig could not build its font list");
        FcConfigDestroy(fc);
        return NULL;
    }
    return fc;
}

pb_fonts *pb_fonts_new(const char *conf, pb_diags *d)
{
    FcConfig *fc = NULL;
    /* Ours becomes fontconfig's current configuration before Pango starts:
     * Pango's font map otherwise loads the system's whole configuration and
     * font list (FcInit, in a thread of its own) only to leave it unused. */
    if (conf && (!(fc = load_config(conf, d)) || !FcConfigSetCurrent(fc))) {
        if (fc) /* fontconfig's destroy does not take NULL */
            FcConfigDestroy(fc);
        return NULL;
    }
    PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (!map) {
        pb_error(d, NULL, 0, "Pango has no FreeType font map");
        if (fc)
            FcConfigDestroy(fc);
        return NULL;
    }
    if (fc) {
        pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), fc);
        FcConfigDestroy(fc); /* the font map and fontconfig hold their own references */
    }
    pb_fonts *f = pb_xcalloc(1, sizeof *f);
    f->map = map;
    f->shapes = pb_shapecache_new();
    f->ctx = pango_font_map_create_context(map);
    pango_cairo_context_set_resolution(f->ctx, 72.0);
    pango_context_set_round_glyph_positions(f->ctx, FALSE);
    /* Paragraphs run left to right whatever their first letter: a Hebrew or
     * Arabic word in them is a right-to-left run inside (Pango's default, a
     * "weak" direction, would turn a paragraph starting with one around). */
    pango_context_set_base_dir(f->ctx, PANGO_DIRECTION_LTR);
    cairo_font_options_t *opt = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(opt, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(opt, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(f->ctx, opt);
    cairo_font_options_destroy(opt);
    pb_fonts_set_language(f, "zh-cn");
    return f;
}

void pb_fonts_free(pb_fonts *f)
{
    if (!f)
        return;
    pb_shapecache_free(f->shapes);
    g_object_unref(f->ctx);
    g_object_unref(f->map);
    free(f);
}

void pb_fonts_set_language(pb_fonts *f, const char *lang)
{
    pango_context_set_language(f->ctx, pango_language_from_string(lang));
}

bool pb_fonts_has_family(pb_fonts *f, const char *family)
{
    PangoFontFamily **fams;
    int n;
    bool found = false;
    pango_font_map_list_families(f->map, &fams, &n);
    for (int i = 0; i < n && !found; i++)
        found = g_ascii_strcasecmp(pango_font_family_get_name(fams[i]), family) == 0;
    g_free(fams);
    return found;
}

/* The Noto CJK region of a language: Traditional Chinese is set in the TC
 * (Taiwan) or HK face, whose default forms are the centred marks and the
 * Traditional glyph shapes (docs/clreq.md, Traditional Chinese). */
static const char *region_of(const char *lang)
{
    if (lang && !strcmp(lang, "zh-tw"))
        return "TC";
    if (lang && !strcmp(lang, "zh-hk"))
        return "HK";
    if (lang && !strcmp(lang, "ja"))
        return "JP";
    return "SC";
}

char *pb_fonts_family_for(const char *family, const char *lang)
{
    const char *region = region_of(lang);
    GString *out = g_string_new(NULL);
    const char *s = family ? family : "";
    /* only Chinese text moves to another region: a Japanese article keeps
     * the faces its template names */
    bool hant = !strcmp(region, "TC") || !strcmp(region, "HK");
    for (const char *m; hant && (m = strstr(s, "CJK SC"));) {
        g_string_append_len(out, s, m - s);
        g_string_append_printf(out, "CJK %s", region);
        s = m + strlen("CJK SC");
    }
    g_string_append(out, s);
    char *r = pb_xstrdup(out->str);
    g_string_free(out, TRUE);
    return r;
}

const char *pb_fonts_mark_face(const char *family, const char *lang)
{
    /* the first family of the list is the face; Noto CJK has full-width
     * marks (centred in TC and HK) */
    if (family && !g_ascii_strncasecmp(family, "Noto ", 5)) {
        const char *comma = strchr(family, ',');
        size_t n = comma ? (size_t)(comma - family) : strlen(family);
        if (g_strstr_len(family, (gssize)n, " CJK "))
            return NULL;
    }
    const char *region = region_of(lang);
    return !strcmp(region, "TC")   ? "Noto Serif CJK TC"
           : !strcmp(region, "HK") ? "Noto Serif CJK HK"
           : !strcmp(region, "JP") ? "Noto Serif CJK JP"
                                   : "Noto Serif CJK SC";
}
