/* Resume: beside each output OUT/NAME.pdf a hidden stamp OUT/.NAME.pdf.paiban
 * records what produced it:
 *
 *   paiban-stamp 1
 *   key <sha256 of the version, the fonts and the job's options>
 *   file <sha256> <path>      one per file the render read: the article,
 *                             the layout, each photo and logo
 *   missing <path>            a photo that was missing (drawn as a box)
 *   warning <FILE:LINE: message>   each warning of the render (replayed
 *                             in the report and the exit status when skipped)
 *   pdf <sha256> <pages>
 *
 * An output is up to date when its stamp's key is this run's, every file it
 * lists hashes the same, and the PDF is the one recorded. The stamp is
 * written after the PDF: a run killed between the two leaves a PDF without
 * its stamp, which the next run renders again. It is written to a temporary
 * file renamed into place like every output (pb_outfile's TARGET.tmp.XXXXXX,
 * removed by the next run when left), and like the PDF not fsynced on its
 * own: the batch syncs the output's file system once at its end
 * (pb_outfile_defer_sync), and a stamp or PDF lost or cut by a crash of
 * the machine before that only makes its article render again (a stamp is
 * believed only when the PDF hashes as it says). Two fsyncs per article
 * were most of the time of a small article on disk. */
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "batch.h"

bool pb_sha256_file(const char *path, char out[65], long long *bytes)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    unsigned char buf[65536];
    size_t n;
    long long total = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        g_checksum_update(c, buf, n);
        total += (long long)n;
    }
    bool ok = !ferror(f);
    fclose(f);
    if (ok) {
        memcpy(out, g_checksum_get_string(c), 64);
        out[64] = 0;
        if (bytes)
            *bytes = total;
    }
    g_checksum_free(c);
    return ok;
}

static char *sha256_text(const char *text)
{
    return g_compute_checksum_for_string(G_CHECKSUM_SHA256, text, -1);
}

char *pb_stamp_fonts_key(const char *datadir)
{
    GString *s = g_string_new("fonts\n");
    char *conf = pb_strdupf("%s/fonts/fonts.conf", datadir);
    char sha[65];
    if (pb_sha256_file(conf, sha, NULL))
        g_string_append_printf(s, "%s %s\n", sha, conf);
    free(conf);
    /* the faces of the current configuration (pb_warm_new made ours current) */
    FcFontSet *set = FcConfigGetFonts(NULL, FcSetSystem);
    for (int i = 0; set && i < set->nfont; i++) {
        FcChar8 *file = NULL;
        int index = 0;
        struct stat st;
        if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
            continue;
        FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index);
        if (stat((const char *)file, &st) == 0)
            g_string_append_printf(s, "%s %d %lld %lld\n", file, index, (long long)st.st_size,
                                   (long long)st.st_mtime);
    }
    char *key = sha256_text(s->str);
    g_string_free(s, TRUE);
    char *out = pb_xstrdup(key);
    g_free(key);
    return out;
}

char *pb_stamp_job_key(const pb_job *j, const pb_batch_opts *o, const char *fonts_key)
{
    char *text = pb_strdupf("paiban %s\n%s\nlayout %s\nimages %s\nencoding %s\npinyin %s\n"
                            "pages %d\nbleed %.3f\nstrict %d\n",
                            PAIBAN_VERSION, fonts_key,
                            j->layout   ? j->layout
                            : o->layout ? o->layout
                                        : "",
                            j->images ? j->images : "", j->encoding ? j->encoding : "",
                            j->pinyin ? j->pinyin : "", j->pages, j->bleed_mm, o->strict);
    char *key = sha256_text(text);
    char *out = pb_xstrdup(key);
    g_free(key);
    free(text);
    return out;
}

char *pb_stamp_path(const char *output)
{
    const char *slash = strrchr(output, '/');
    if (!slash)
        return pb_strdupf(".%s.paiban", output);
    return pb_strdupf("%.*s/.%s.paiban", (int)(slash - output), output, slash + 1);
}

bool pb_stamp_fresh(const char *output, const char *key, char sha256[65], int *pages,
                    pb_diags *warnings)
{
    char *path = pb_stamp_path(output);
    FILE *f = fopen(path, "r");
    free(path);
    if (!f)
        return false;
    char line[8192];
    bool ok = fgets(line, sizeof line, f) && !strcmp(line, "paiban-stamp 1\n");
    ok = ok && fgets(line, sizeof line, f) && !strncmp(line, "key ", 4) &&
         strlen(line) == 4 + 64 + 1 && !strncmp(line + 4, key, 64);
    bool pdf = false;
    while (ok && !pdf && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        char sha[65];
        if (!strncmp(line, "file ", 5) && strlen(line) > 5 + 65 && line[5 + 64] == ' ') {
            ok = pb_sha256_file(line + 5 + 65, sha, NULL) && !strncmp(sha, line + 5, 64);
        } else if (!strncmp(line, "warning ", 8)) {
            pb_warn(warnings, NULL, 0, "%s", line + 8);
        } else if (!strncmp(line, "missing ", 8)) {
            struct stat st;
            ok = stat(line + 8, &st) != 0;
        } else if (!strncmp(line, "pdf ", 4) && strlen(line) > 4 + 65 && line[4 + 64] == ' ') {
            ok = pb_sha256_file(output, sha, NULL) && !strncmp(sha, line + 4, 64);
            *pages = atoi(line + 4 + 65);
            pdf = ok;
            if (ok)
                memcpy(sha256, sha, 65);
        } else {
            ok = false;
        }
    }
    fclose(f);
    return ok && pdf;
}

/* data to path through a temporary file and a rename, without fsync. */
static bool write_unsynced(const char *path, const char *data, size_t len, pb_diags *d)
{
    char *tmp = pb_strdupf("%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    bool ok = fd >= 0;
    for (size_t done = 0; ok && done < len;) {
        ssize_t k = write(fd, data + done, len - done);
        ok = k > 0;
        done += ok ? (size_t)k : 0;
    }
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    if (ok && rename(tmp, path) != 0)
        ok = false;
    if (!ok) {
        pb_error(d, path, 0, "cannot write the resume stamp: %s", strerror(errno));
        if (fd >= 0)
            unlink(tmp);
    }
    free(tmp);
    return ok;
}

bool pb_stamp_write(const char *output, const char *key, char *const *inputs, size_t n,
                    const char *pdf_sha, int pages, const pb_diags *msgs, pb_diags *d)
{
    GString *s = g_string_new("paiban-stamp 1\n");
    g_string_append_printf(s, "key %s\n", key);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        char sha[65];
        if (strchr(inputs[i], '\n'))
            continue;
        /* a missing photo (drawn as a box): the output is stale once it appears */
        if (pb_sha256_file(inputs[i], sha, NULL))
            g_string_append_printf(s, "file %s %s\n", sha, inputs[i]);
        else
            g_string_append_printf(s, "missing %s\n", inputs[i]);
    }
    for (size_t i = 0; i < msgs->n; i++) {
        if (msgs->v[i].sev != PB_DIAG_WARNING)
            continue;
        char *m = pb_job_message(&msgs->v[i]);
        for (char *c = m; *c; c++)
            *c = *c == '\n' ? ' ' : *c;
        g_string_append_printf(s, "warning %s\n", m);
        free(m);
    }
    g_string_append_printf(s, "pdf %s %d\n", pdf_sha, pages);
    char *path = pb_stamp_path(output);
    ok = write_unsynced(path, s->str, s->len, d);
    free(path);
    g_string_free(s, TRUE);
    return ok;
}
