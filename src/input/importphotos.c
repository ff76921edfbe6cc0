/* importphotos: the photos of an imported article, and its report.
 * Photos: the figures of the tree get the files of the --images folder in
 * natural name order (digit runs compared as numbers, so 2.jpg comes before
 * 10.jpg, as a print shop numbers its files), written relative to the folder
 * the Markdown goes to when that folder holds them; figures beyond the
 * photos, and all figures without a folder, get img/photoN.jpg, a name the
 * renderer draws as a grey box until such a file exists. The report prints
 * what each input line became (--explain). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/util.h"
#include "import.h"

enum { SNIPPET_CHARS = 30 };

/* Names compared with digit runs as numbers: photo2 before photo10. */
static int natural_cmp(const void *x, const void *y)
{
    const char *a = *(char *const *)x, *b = *(char *const *)y;
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            while (*a == '0')
                a++;
            while (*b == '0')
                b++;
            size_t na = strspn(a, "0123456789"), nb = strspn(b, "0123456789");
            if (na != nb)
                return na < nb ? -1 : 1;
            int c = strncmp(a, b, na);
            if (c)
                return c;
            a += na;
            b += nb;
        } else if (*a != *b) {
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        } else {
            a++;
            b++;
        }
    }
    return *a ? 1 : *b ? -1 : 0;
}

static bool is_photo_name(const char *name)
{
    static const char *const EXT[] = {".jpg", ".jpeg", ".png", ".webp"};
    const char *dot = strrchr(name, '.');
    if (!dot || name[0] == '.')
        return false;
    for (size_t i = 0; i < sizeof EXT / sizeof EXT[0]; i++)
        if (!strcasecmp(dot, EXT[i]))
            return true;
    return false;
}

/* The photos of dir in natural name order; NULL with an error when it cannot
 * be read. Caller frees each and the array. */
static char **list_photos(const char *dir, size_t *n, pb_diags *d)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        pb_error(d, dir, 0, "cannot read the images folder: %s", strerror(errno));
        return NULL;
    }
    PB_VEC(char *) v = {0};
    for (struct dirent *e; (e = readdir(dp));)
        if (is_photo_name(e->d_name))
            PB_PUSH(v, pb_xstrdup(e->d_name));
    closedir(dp);
    if (v.n)
        qsort(v.v, v.n, sizeof *v.v, natural_cmp);
    *n = v.n;
    return v.v ? v.v : pb_xcalloc(1, sizeof(char *));
}

/* dir/name as the Markdown in base should write it. Caller frees. */
static char *photo_src(const char *dir, const char *base, const char *name)
{
    size_t n = strlen(base);
    if (strcmp(base, ".") && !strncmp(dir, base, n) && dir[n] == '/')
        return pb_strdupf("%s/%s", dir + n + 1, name);
    if (dir[0] == '/' || !strcmp(base, "."))
        return pb_strdupf("%s/%s", dir, name);
    char *real = realpath(dir, NULL);
    char *s = pb_strdupf("%s/%s", real ? real : dir, name);
    free(real);
    return s;
}

bool pb_import_photos(pb_doc *doc, const pb_import_settings *s, pb_import_report *rep, pb_diags *d)
{
    size_t nphotos = 0;
    char **photos = NULL;
    if (s && s->images && !(photos = list_photos(s->images, &nphotos, d)))
        return false;
    int k = 0;
    for (int i = 0; i < doc->nblocks; i++) {
        pb_block *f = &doc->blocks[i];
        if (f->kind != PB_BLOCK_FIGURE)
            continue;
        char *src = (size_t)k < nphotos ? photo_src(s->images, doc->dir, photos[k])
                                        : pb_strdupf("img/photo%d.jpg", k + 1);
        char *path = pb_path_join(doc->dir, src);
        f->src = pb_arena_strdup(doc->arena, src);
        f->path = pb_arena_strdup(doc->arena, path);
        free(src);
        free(path);
        k++;
    }
    if (s && s->images && (size_t)k != nphotos)
        pb_warn(d, s->images, 0, "%zu photos in the folder, %d figures in the article; %s", nphotos,
                k, (size_t)k > nphotos ? "the rest are placeholders" : "the rest are not used");
    rep->nfigures = k;
    rep->nimages = (int)nphotos;
    for (size_t i = 0; i < nphotos; i++)
        free(photos[i]);
    free(photos);
    return true;
}

/* ---- the report ---- */

/* The first n characters of s. Caller frees. */
static char *first_chars(const char *s, int n)
{
    size_t i = 0, len = strlen(s);
    for (int k = 0; k < n && i < len; k++) {
        int adv;
        pb_utf8_decode(s + i, len - i, &adv);
        i += (size_t)adv;
    }
    return pb_strdupf("%.*s%s", (int)i, s, i < len ? "…" : "");
}

void pb_import_explain(const pb_doc *doc, const pb_import_report *rep, FILE *out)
{
    fprintf(out, "%s: %s, %d lines, lang %s, %s, %d figures", doc->path, rep->encoding, rep->nlines,
            doc->meta.lang, rep->wrapped ? "hard-wrapped lines joined" : "one paragraph per line",
            rep->nfigures);
    if (rep->nimages)
        fprintf(out, ", %d photos", rep->nimages);
    fputc('\n', out);
    for (int i = 0; i < rep->nlines; i++) {
        const pb_import_line *l = &rep->lines[i];
        char *role =
            l->why && strcmp(l->role, "blank")
                ? pb_strdupf("%s%s%s%s", l->role, !strcmp(l->role, "dropped") ? ": " : " (", l->why,
                             !strcmp(l->role, "dropped") ? "" : ")")
                : pb_xstrdup(l->role);
        char *snip = first_chars(l->text, SNIPPET_CHARS);
        fprintf(out, "%5d  %-32s %s\n", l->line, role, snip);
        free(role);
        free(snip);
    }
}
