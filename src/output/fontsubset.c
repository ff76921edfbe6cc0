/* Font subsetting before cairo (docs/traps.md, cairo's font subsets). cairo 1.16 subsets the
 * fonts of a PDF itself, but for a CJK font it first copies whole tables of
 * the 20 MB collection into memory and its CFF subsetter keeps every
 * subroutine: most of the time of a render and most of the bytes of its PDF.
 * So every font the document draws is subset here first, once, to the glyphs
 * the laid-out lines use: CID-keyed CFF fonts (Noto CJK) by cffsubset.c,
 * TrueType fonts (LXGW WenKai, DejaVu) by ttfsubset.c, both reading only the
 * bytes they need. pdfwrite.c embeds the subsets as they are; for cairo the
 * subset is loaded as a FreeType face from memory, and cairo then subsets a
 * font of a few hundred glyphs, quickly.
 * Glyph ids change: glyph i of a subset is the i-th smallest id kept.
 *
 * The subset is made from the file and face fontconfig gave Pango, so glyph
 * ids are those Pango shaped with. Fonts Pango alters on the way to cairo
 * (synthetic bold or slant, a font matrix, variations) and fonts the
 * subsetters do not handle (name-keyed CFF, CFF2) are left to cairo and drawn
 * through Pango, as before. */
#include "fontsubset.h"

#include <cairo-ft.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>
#include <pango/pangofc-font.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "../layout/page.h"
#include "cffsubset.h"
#include "ttfsubset.h"

/* One font file and face: the glyphs drawn from it and, once built, the
 * subset. Several Pango fonts (sizes) share one. */
typedef struct {
    char *file; /* the font file and face index */
    int index;
    hb_set_t *glyphs;         /* collected glyph ids */
    uint32_t *old;            /* glyph i of the subset is old[i] */
    int nold;
    uint16_t *new_of;         /* old glyph id -> subset id + 1 (0: not kept) */
    uint32_t nnew_of;
    pb_subset_file file_out;  /* the subset as a font file; data NULL: not made */
    cairo_font_face_t *cairo; /* over the subset; NULL: left to cairo */
} subset;

/* One Pango font as drawn: its subset and the scaled font for its size. */
typedef struct {
    PangoFont *font;
    int sub; /* index into subs; -1: not subset */
    cairo_matrix_t matrix;
    pb_subset_font sf;
} font_use;

struct pb_fontsubset {
    PB_VEC(subset) subs;
    PB_VEC(font_use) uses;
    int last; /* the use looked up last: lines mostly stay in one font */
};

/* One FreeType library for the process: the faces made from it outlive any
 * one document (cairo keeps recently used fonts). FreeType wants the making
 * and freeing of faces of one library serialized; glyphs of different faces
 * may be loaded concurrently (cairo locks each face). */
static pthread_mutex_t ft_lock = PTHREAD_MUTEX_INITIALIZER;
static FT_Library ft_lib;

static FT_Error new_face(const uint8_t *data, size_t len, FT_Face *face)
{
    pthread_mutex_lock(&ft_lock);
    if (!ft_lib && FT_Init_FreeType(&ft_lib) != 0)
        abort();
    FT_Error e = FT_New_Memory_Face(ft_lib, data, (FT_Long)len, 0, face);
    pthread_mutex_unlock(&ft_lock);
    return e;
}

static void done_face(FT_Face face)
{
    pthread_mutex_lock(&ft_lock);
    FT_Done_Face(face);
    pthread_mutex_unlock(&ft_lock);
}

/* Whether Pango hands font to cairo unaltered, so that its subset drawn at
 * the same size gives the same outlines; its file, face and size. */
static bool plain_font(PangoFont *font, double *size, const char **file, int *face_index)
{
    if (!PANGO_IS_FC_FONT(font))
        return false;
    FcPattern *p = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
    FcBool b = FcFalse;
    FcMatrix *m;
    FcChar8 *s;
    int index = 0;
    if (FcPatternGetBool(p, FC_EMBOLDEN, 0, &b) == FcResultMatch && b)
        return false;
    if (FcPatternGetMatrix(p, FC_MATRIX, 0, &m) == FcResultMatch &&
        (m->xx != 1 || m->xy != 0 || m->yx != 0 || m->yy != 1))
        return false;
    if (FcPatternGetInteger(p, FC_INDEX, 0, &index) == FcResultMatch && (index >> 16) != 0)
        return false; /* a named instance of a variable font */
    if (FcPatternGetString(p, FC_FONT_VARIATIONS, 0, &s) == FcResultMatch)
        return false;
    hb_font_t *hb = pango_font_get_hb_font(font);
    unsigned int ncoords = 0;
    if (!hb || (hb_font_get_var_coords_normalized(hb, &ncoords), ncoords != 0))
        return false;
    *face_index = index;
    if (FcPatternGetString(p, FC_FILE, 0, &s) != FcResultMatch)
        return false;
    *file = (const char *)s;
    return FcPatternGetDouble(p, FC_PIXEL_SIZE, 0, size) == FcResultMatch && *size > 0;
}

pb_fontsubset *pb_fontsubset_new(void) { return pb_xcalloc(1, sizeof(pb_fontsubset)); }

static int find_subset(pb_fontsubset *fs, const char *file, int index)
{
    for (size_t i = 0; i < fs->subs.n; i++)
        if (fs->subs.v[i].index == index && !strcmp(fs->subs.v[i].file, file))
            return (int)i;
    subset s = {.file = pb_xstrdup(file), .index = index, .glyphs = hb_set_create()};
    hb_set_add(s.glyphs, 0); /* .notdef comes first in every font */
    PB_PUSH(fs->subs, s);
    return (int)fs->subs.n - 1;
}

static font_use *find_use(pb_fontsubset *fs, PangoFont *font)
{
    if (fs->last < (int)fs->uses.n && fs->uses.v[fs->last].font == font)
        return &fs->uses.v[fs->last];
    for (size_t i = 0; i < fs->uses.n; i++)
        if (fs->uses.v[i].font == font) {
            fs->last = (int)i;
            return &fs->uses.v[i];
        }
    return NULL;
}

static font_use *add_use(pb_fontsubset *fs, PangoFont *font)
{
    font_use *u = find_use(fs, font);
    if (u)
        return u;
    font_use nu = {.font = font, .sub = -1};
    double size;
    const char *file;
    int index;
    if (plain_font(font, &size, &file, &index)) {
        nu.sub = find_subset(fs, file, index);
        cairo_matrix_init_scale(&nu.matrix, size, size);
    }
    g_object_ref(font);
    PB_PUSH(fs->uses, nu);
    fs->last = (int)fs->uses.n - 1;
    return &fs->uses.v[fs->last];
}

void pb_fontsubset_add(pb_fontsubset *fs, PangoFont *font, const PangoGlyphString *gs)
{
    if (!font)
        return;
    font_use *u = add_use(fs, font);
    if (u->sub < 0)
        return;
    hb_set_t *set = fs->subs.v[u->sub].glyphs;
    for (int i = 0; i < gs->num_glyphs; i++) {
        PangoGlyph g = gs->glyphs[i].glyph;
        if (g != PANGO_GLYPH_EMPTY && !(g & PANGO_GLYPH_UNKNOWN_FLAG))
            hb_set_add(set, g);
    }
}

/* The FreeType face reads the subset's bytes in place: both go when cairo
 * destroys its font face. */
typedef struct {
    FT_Face ft;
    uint8_t *data;
} face_owner;

static void free_owner(void *p)
{
    face_owner *o = p;
    done_face(o->ft);
    free(o->data);
    free(o);
}

/* A cairo font face over a copy of the font file in font. */
static cairo_font_face_t *cairo_face(const uint8_t *font, size_t len)
{
    static const cairo_user_data_key_t key;
    FT_Face ft;
    uint8_t *data = pb_xmalloc(len);
    memcpy(data, font, len);
    if (new_face(data, len, &ft)) {
        free(data);
        return NULL;
    }
    face_owner *o = pb_xmalloc(sizeof *o);
    *o = (face_owner){ft, data};
    cairo_font_face_t *cf = cairo_ft_font_face_create_for_ft_face(ft, FT_LOAD_NO_HINTING);
    if (cairo_font_face_set_user_data(cf, &key, o, free_owner) != CAIRO_STATUS_SUCCESS) {
        cairo_font_face_destroy(cf);
        free_owner(o);
        return NULL;
    }
    return cf;
}

static void build_one(subset *s, bool for_cairo)
{
    int n = (int)hb_set_get_population(s->glyphs);
    uint32_t *old = pb_xmalloc((size_t)n * sizeof *old);
    hb_codepoint_t g = HB_SET_VALUE_INVALID;
    for (int i = 0; hb_set_next(s->glyphs, &g); i++)
        old[i] = g;
    pb_sfnt f;
    uint8_t *font = NULL;
    size_t len = 0;
    bool is_cff = false;
    if (pb_sfnt_open(&f, s->file, (unsigned int)s->index)) {
        if ((is_cff = pb_sfnt_find(&f, "CFF ") != NULL))
            font = pb_cff_subset(&f, old, n, &len);
        else if (pb_sfnt_find(&f, "glyf") && pb_sfnt_find(&f, "loca"))
            font = pb_ttf_subset(&f, &old, &n, &len);
    }
    pb_sfnt_close(&f);
    if (font && n <= 0xFFFF && (!for_cairo || (s->cairo = cairo_face(font, len)))) {
        s->file_out = (pb_subset_file){font, len, is_cff, n, old};
        s->old = old;
        s->nold = n;
        /* a direct map: every glyph drawn is looked up once more */
        s->nnew_of = old[n - 1] + 1;
        s->new_of = pb_xcalloc(s->nnew_of, sizeof *s->new_of);
        for (int i = 0; i < n; i++)
            s->new_of[old[i]] = (uint16_t)(i + 1);
    } else {
        free(font);
        free(old);
    }
}

void pb_fontsubset_build(pb_fontsubset *fs, bool for_cairo)
{
    for (size_t i = 0; i < fs->subs.n; i++)
        build_one(&fs->subs.v[i], for_cairo);
    if (!for_cairo)
        return;
    cairo_font_options_t *opt = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(opt, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(opt, CAIRO_HINT_STYLE_NONE);
    cairo_matrix_t ctm;
    cairo_matrix_init_identity(&ctm);
    for (size_t i = 0; i < fs->uses.n; i++) {
        font_use *u = &fs->uses.v[i];
        subset *s = u->sub >= 0 ? &fs->subs.v[u->sub] : NULL;
        if (!s || !s->cairo) {
            u->sub = -1;
            continue;
        }
        u->sf.scaled = cairo_scaled_font_create(s->cairo, &u->matrix, &ctm, opt);
        u->sf.priv = s;
        if (cairo_scaled_font_status(u->sf.scaled) != CAIRO_STATUS_SUCCESS) {
            cairo_scaled_font_destroy(u->sf.scaled);
            u->sf.scaled = NULL;
            u->sub = -1;
        }
    }
    cairo_font_options_destroy(opt);
}

const pb_subset_font *pb_fontsubset_font(pb_fontsubset *fs, PangoFont *font)
{
    font_use *u = font ? find_use(fs, font) : NULL;
    return u && u->sub >= 0 ? &u->sf : NULL;
}

static bool lookup(const subset *s, uint32_t g, uint32_t *out)
{
    if (g >= s->nnew_of || s->new_of[g] == 0)
        return false;
    *out = s->new_of[g] - 1u;
    return true;
}

bool pb_fontsubset_glyph(const pb_subset_font *sf, uint32_t g, uint32_t *out)
{
    return lookup(sf->priv, g, out);
}

pb_fontsubset *pb_fontsubset_collect(const pb_layout *l, bool for_cairo)
{
    pb_fontsubset *fs = pb_fontsubset_new();
    for (int p = 0; p < l->npages; p++)
        for (int i = 0; i < l->pages[p].nels; i++) {
            const pb_el *e = &l->pages[p].els[i];
            if (e->kind != PB_EL_LINE)
                continue;
            const pb_line *ln = &e->para->lines[e->line];
            for (int k = 0; k < ln->npieces; k++)
                pb_fontsubset_add(fs, ln->pieces[k].gi.item->analysis.font,
                                  ln->pieces[k].gi.glyphs);
        }
    pb_fontsubset_build(fs, for_cairo);
    return fs;
}

int pb_fontsubset_which(pb_fontsubset *fs, PangoFont *font, double *size)
{
    font_use *u = font ? find_use(fs, font) : NULL;
    if (!u || u->sub < 0 || !fs->subs.v[u->sub].file_out.data)
        return -1;
    *size = u->matrix.xx;
    return u->sub;
}

int pb_fontsubset_count(const pb_fontsubset *fs) { return (int)fs->subs.n; }

const pb_subset_file *pb_fontsubset_file(const pb_fontsubset *fs, int i)
{
    return i >= 0 && (size_t)i < fs->subs.n && fs->subs.v[i].file_out.data ? &fs->subs.v[i].file_out
                                                                          : NULL;
}

bool pb_fontsubset_map(const pb_fontsubset *fs, int i, uint32_t g, uint32_t *out)
{
    return lookup(&fs->subs.v[i], g, out);
}

void pb_fontsubset_free(pb_fontsubset *fs)
{
    if (!fs)
        return;
    for (size_t i = 0; i < fs->uses.n; i++) {
        if (fs->uses.v[i].sf.scaled)
            cairo_scaled_font_destroy(fs->uses.v[i].sf.scaled);
        g_object_unref(fs->uses.v[i].font);
    }
    for (size_t i = 0; i < fs->subs.n; i++) {
        subset *s = &fs->subs.v[i];
        free(s->file);
        free(s->old);
        free(s->new_of);
        free((void *)s->file_out.data);
        hb_set_destroy(s->glyphs);
        if (s->cairo)
            cairo_font_face_destroy(s->cairo);
    }
    free(fs->subs.v);
    free(fs->uses.v);
    free(fs);
}
