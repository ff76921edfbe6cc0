/* Planning a batch: the inputs (files, folders searched recursively,
 * manifests) become jobs, each with its output path under OUT_DIR mirroring
 * the input tree relative to the inputs' common folder. Two inputs with one
 * output are refused before anything is written. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "batch.h"

/* The article formats a folder is searched for (input/format.h reads them);
 * listed here and only here. */
const char *const pb_batch_exts[] = {".md", ".txt", ".docx", ".html", ".htm", ".mhtml", NULL};


static bool has_ext(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n > e && !strcasecmp(name + n - e, ext);
}

/* A browser's "save page as" folder of a page's photos and scripts
 * (PAGE_files/, PAGE.files/): part of the page beside it, not articles. */
static bool page_folder(const char *name)
{
    return has_ext(name, "_files") || has_ext(name, ".files");
}

bool pb_batch_is_article(const char *name)
{
    for (int i = 0; pb_batch_exts[i]; i++)
        if (has_ext(name, pb_batch_exts[i]))
            return true;
    return false;
}

void pb_job_fini(pb_job *j)
{
    free(j->input);
    free(j->rel);
    free(j->output);
    free(j->layout);
    free(j->images);
    free(j->encoding);
    free(j->pinyin);
    pb_diags_fini(&j->diags);
}

char *pb_job_message(const pb_diag *g)
{
    if (g->file && g->line > 0)
        return pb_strdupf("%s:%d: %s", g->file, g->line, g->msg);
    if (g->file)
        return pb_strdupf("%s: %s", g->file, g->msg);
    return pb_xstrdup(g->msg);
}

void pb_jobs_free(pb_jobs *jobs)
{
    for (size_t i = 0; i < jobs->n; i++)
        pb_job_fini(&jobs->v[i]);
    free(jobs->v);
    memset(jobs, 0, sizeof *jobs);
}

/* path made absolute and normalised ("." and ".." and doubled slashes
 * removed, links kept: a linked folder mirrors under its own name). */
static char *absolute(const char *path)
{
    char cwd[PATH_MAX];
    char *full = path[0] == '/' || !getcwd(cwd, sizeof cwd) ? pb_xstrdup(path)
                                                            : pb_strdupf("%s/%s", cwd, path);
    char *out = pb_xmalloc(strlen(full) + 2);
    size_t n = 0;
    for (char *save = NULL, *part = strtok_r(full, "/", &save); part;
         part = strtok_r(NULL, "/", &save)) {
        if (!strcmp(part, "."))
            continue;
        if (!strcmp(part, "..")) {
            while (n > 0 && out[--n] != '/')
                ;
            continue;
        }
        out[n++] = '/';
        size_t k = strlen(part);
        memcpy(out + n, part, k);
        n += k;
    }
    if (n == 0)
        out[n++] = '/';
    out[n] = 0;
    free(full);
    return out;
}

static pb_job *add_job(pb_jobs *jobs, const char *input)
{
    if (jobs->n == jobs->cap) {
        jobs->cap = jobs->cap ? jobs->cap * 2 : 64;
        jobs->v = pb_xrealloc(jobs->v, jobs->cap * sizeof *jobs->v);
    }
    pb_job *j = &jobs->v[jobs->n++];
    memset(j, 0, sizeof *j);
    pb_diags_init(&j->diags);
    j->input = pb_xstrdup(input);
    j->bleed_mm = -1;
    struct stat st;
    j->size = stat(input, &st) == 0 ? (long long)st.st_size : 0;
    return j;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every article under dir, in name order; hidden entries (.paiban stamps,
 * editors' files) are passed over. */
static bool walk(const char *dir, pb_jobs *jobs, int depth, pb_diags *d)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        pb_error(d, dir, 0, "cannot read the folder: %s", strerror(errno));
        return false;
    }
    PB_VEC(char *) names = {0};
    for (struct dirent *e; (e = readdir(dp));)
        if (e->d_name[0] != '.')
            PB_PUSH(names, pb_xstrdup(e->d_name));
    closedir(dp);
    if (names.n) /* qsort takes no NULL, even for nothing */
        qsort(names.v, names.n, sizeof *names.v, cmp_name);
    bool ok = true;
    for (size_t i = 0; i < names.n; i++) {
        char *path = pb_strdupf("%s/%s", dir, names.v[i]);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (depth < 64 && !page_folder(names.v[i]))
                ok = walk(path, jobs, depth + 1, d) && ok;
        } else if (pb_batch_is_article(names.v[i])) {
            add_job(jobs, path);
        }
        free(path);
        free(names.v[i]);
    }
    free(names.v);
    return ok;
}

/* A manifest cell: set the job's option named col from text (the empty
 * text leaves it unset). */
static bool set_field(pb_job *j, const char *col, const char *text, const char *base,
                      const char *file, int line, pb_diags *d)
{
    if (!*text)
        return true;
    char *path = !strcmp(col, "images") ? pb_path_join(base, text) : NULL;
    if (!strcmp(col, "output")) {
        free(j->output);
        j->output = pb_xstrdup(text);
    } else if (!strcmp(col, "layout")) {
        free(j->layout); /* a column given twice: the last one counts */
        /* a name from `paiban layouts`, or a path (with a slash or .yaml) from the manifest's
         * folder */
        j->layout = strchr(text, '/') || has_ext(text, ".yaml") ? pb_path_join(base, text)
                                                                : pb_xstrdup(text);
    } else if (!strcmp(col, "images")) {
        free(j->images);
        j->images = path, path = NULL;
    } else if (!strcmp(col, "encoding")) {
        if (strcasecmp(text, "utf-8") && strcasecmp(text, "utf-16") &&
            strcasecmp(text, "gb18030")) {
            pb_error(d, file, line, "encoding must be utf-8, utf-16 or gb18030, not \"%s\"", text);
            return false;
        }
        free(j->encoding);
        j->encoding = pb_xstrdup(text);
    } else if (!strcmp(col, "pinyin")) {
        if (strcmp(text, "keep") && strcmp(text, "ruby") && strcmp(text, "drop")) {
            pb_error(d, file, line, "pinyin must be keep, ruby or drop, not \"%s\"", text);
            return false;
        }
        free(j->pinyin);
        j->pinyin = pb_xstrdup(text);
    } else if (!strcmp(col, "pages") || !strcmp(col, "bleed")) {
        char *end;
        double v = strtod(text, &end);
        bool pages = !strcmp(col, "pages");
        if (end == text || *end ||
            (pages ? !(v >= 1 && v <= 999 && v == (int)v) : !(v >= 0 && v <= 50))) {
            pb_error(d, file, line, "%s must be %s, not \"%s\"", col,
                     pages ? "a whole number from 1 to 999" : "a bleed in mm from 0 to 50", text);
            return false;
        }
        if (pages)
            j->pages = (int)v;
        else
            j->bleed_mm = v;
    } else {
        pb_error(d, file, line,
                 "unknown column \"%s\" (known: input, output, layout, images, pages, pinyin, "
                 "encoding, bleed)",
                 col);
        free(path);
        return false;
    }
    free(path);
    return true;
}

/* One manifest row: input is required, the rest optional. */
static bool add_row(pb_jobs *jobs, char **cols, char **cells, size_t n, const char *base,
                    const char *file, int line, pb_diags *d)
{
    const char *input = NULL;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(cols[i], "input") && *cells[i])
            input = cells[i];
    if (!input) {
        pb_error(d, file, line, "the row has no input");
        return false;
    }
    char *path = pb_path_join(base, input);
    pb_job *j = add_job(jobs, path);
    free(path);
    bool ok = true;
    for (size_t i = 0; i < n; i++)
        if (strcmp(cols[i], "input"))
            ok = set_field(j, cols[i], cells[i], base, file, line, d) && ok;
    return ok;
}

/* RFC 4180: fields split by commas, quoted with "" for a quote; a quoted
 * field may hold commas and line breaks. The first record names the
 * columns. A UTF-8 byte order mark (what spreadsheets write) is skipped. */
typedef PB_VEC(char *) strvec;

static bool read_csv(const char *file, const char *text, size_t len, const char *base,
                     pb_jobs *jobs, pb_diags *d)
{
    strvec cols = {0};
    strvec cells = {0};
    PB_VEC(char) cell = {0};
    size_t i = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
    int line = 1, row_line = 1;
    bool ok = true, header = true;
    while (ok && i <= len) {
        bool quoted = i < len && text[i] == '"';
        cell.n = 0;
        if (quoted) {
            for (i++;; i++) {
                if (i >= len) {
                    pb_error(d, file, row_line, "a quoted field is not closed");
                    ok = false;
                    break;
                }
                if (text[i] == '"' && i + 1 < len && text[i + 1] == '"')
                    i++;
                else if (text[i] == '"') {
                    i++;
                    break;
                }
                line += text[i] == '\n';
                PB_PUSH(cell, text[i]);
            }
            if (ok && i < len && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
                pb_error(d, file, line, "text after a quoted field");
                ok = false;
            }
        } else {
            for (; i < len && text[i] != ',' && text[i] != '\n' && text[i] != '\r'; i++)
                PB_PUSH(cell, text[i]);
        }
        if (!ok)
            break;
        PB_PUSH(cell, 0);
        PB_PUSH(cells, pb_xstrdup(cell.v));
        bool end_row = i >= len || text[i] != ',';
        if (i < len && text[i] == '\r')
            i++;
        i++; /* the comma or the line break */
        if (!end_row)
            continue;
        bool blank = cells.n == 1 && !*cells.v[0];
        if (header && !blank) {
            cols = cells;
            memset(&cells, 0, sizeof cells);
            header = false;
        } else if (!blank) {
            if (cells.n != cols.n) {
                pb_error(d, file, row_line, "%zu fields where the header has %zu", cells.n, cols.n);
                ok = false;
            } else {
                ok = add_row(jobs, cols.v, cells.v, cells.n, base, file, row_line, d);
            }
        }
        for (size_t k = 0; k < cells.n; k++)
            free(cells.v[k]);
        cells.n = 0;
        row_line = ++line;
    }
    bool has_input = false;
    for (size_t k = 0; k < cols.n; k++)
        has_input = has_input || !strcmp(cols.v[k], "input");
    if (ok && !has_input) {
        pb_error(d, file, 1, "the manifest has no input column");
        ok = false;
    }
    for (size_t k = 0; k < cells.n; k++)
        free(cells.v[k]);
    for (size_t k = 0; k < cols.n; k++)
        free(cols.v[k]);
    free(cells.v);
    free(cols.v);
    free(cell.v);
    return ok;
}

bool pb_batch_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

/* One JSON object per line: "input" and the optional columns; a number is
 * taken for pages and bleed. Blank lines are passed over. */
static bool read_jsonl(const char *file, const char *text, size_t len, const char *base,
                       pb_jobs *jobs, pb_diags *d)
{
    bool ok = true;
    int line = 0;
    for (size_t i = 0; i < len && ok;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        line++;
        pb_jv v;
        const char *err;
        size_t at;
        if (pb_batch_blank(text + i, end - i)) {
        } else if (!pb_json_parse(text + i, end - i, &v, &err, &at)) {
            pb_error(d, file, line, "not JSON: %s at byte %zu", err, at + 1);
            ok = false;
        } else if (v.t != PB_J_OBJ) {
            pb_error(d, file, line, "each line must be a JSON object");
            pb_jv_fini(&v);
            ok = false;
        } else {
            char **cells = pb_xcalloc(v.n + 1, sizeof *cells);
            for (size_t k = 0; k < v.n && ok; k++) {
                const pb_jv *x = &v.items[k];
                if (x->t == PB_J_STR)
                    cells[k] = pb_xstrdup(x->str);
                else if (x->t == PB_J_NUM)
                    cells[k] = pb_strdupf("%.15g", x->num);
                else if (x->t == PB_J_NULL)
                    cells[k] = pb_xstrdup("");
                else {
                    pb_error(d, file, line, "\"%s\" must be a string or a number", v.keys[k]);
                    ok = false;
                }
            }
            ok = ok && add_row(jobs, v.keys, cells, v.n, base, file, line, d);
            for (size_t k = 0; k < v.n; k++)
                free(cells[k]);
            free(cells);
            pb_jv_fini(&v);
        }
        i = end + 1;
    }
    return ok;
}

bool pb_batch_parse_manifest(const char *file, const char *text, size_t len, pb_jobs *jobs,
                             pb_diags *d)
{
    char *base = pb_path_dir(file);
    bool ok = has_ext(file, ".csv") ? read_csv(file, text, len, base, jobs, d)
                                    : read_jsonl(file, text, len, base, jobs, d);
    free(base);
    return ok;
}

static bool read_manifest(const char *path, pb_jobs *jobs, pb_diags *d)
{
    size_t len;
    char *text = pb_file_read(path, &len, 256u << 20, d);
    if (!text)
        return false;
    bool ok = pb_batch_parse_manifest(path, text, len, jobs, d);
    free(text);
    return ok;
}

static bool is_manifest(const char *path)
{
    return has_ext(path, ".csv") || has_ext(path, ".jsonl");
}

/* The folder common to every job's absolute input path. */
static char *common_root(char **abs, size_t n)
{
    if (n == 0)
        return pb_xstrdup("/");
    size_t len = strrchr(abs[0], '/') - abs[0];
    for (size_t i = 1; i < n; i++) {
        size_t k = 0;
        while (k < len && abs[i][k] == abs[0][k])
            k++;
        len = k;
    }
    /* back to a whole component: "/in/a" and "/in/ab" share "/in" */
    for (size_t i = 0; i < n; i++)
        if (abs[i][len] != '/')
            while (len > 0 && abs[0][len] != '/')
                len--;
    return pb_xstrndup(abs[0], len);
}

/* rel with its extension replaced by .pdf. */
static char *pdf_name(const char *rel)
{
    const char *slash = strrchr(rel, '/');
    const char *dot = strrchr(rel, '.');
    size_t n = dot && dot > (slash ? slash : rel) ? (size_t)(dot - rel) : strlen(rel);
    return pb_strdupf("%.*s.pdf", (int)n, rel);
}

static int cmp_output(const void *a, const void *b)
{
    const pb_job *x = *(pb_job *const *)a, *y = *(pb_job *const *)b;
    int c = strcmp(x->output, y->output);
    return c ? c : strcmp(x->input, y->input);
}

bool pb_batch_plan(char **inputs, int ninputs, const pb_batch_opts *o, pb_jobs *jobs, pb_diags *d)
{
    bool ok = true;
    for (int i = 0; i < ninputs; i++) {
        struct stat st;
        if (stat(inputs[i], &st) != 0) {
            pb_error(d, inputs[i], 0, "cannot read: %s", strerror(errno));
            ok = false;
        } else if (S_ISDIR(st.st_mode)) {
            ok = walk(inputs[i], jobs, 0, d) && ok;
        } else if (is_manifest(inputs[i])) {
            ok = read_manifest(inputs[i], jobs, d) && ok;
        } else {
            add_job(jobs, inputs[i]);
        }
    }
    if (!ok)
        return false;
    char **abs = pb_xcalloc(jobs->n + 1, sizeof *abs);
    for (size_t i = 0; i < jobs->n; i++)
        abs[i] = absolute(jobs->v[i].input);
    char *root = common_root(abs, jobs->n);
    size_t rootlen = strlen(root);
    for (size_t i = 0; i < jobs->n; i++) {
        pb_job *j = &jobs->v[i];
        j->rel = pb_xstrdup(abs[i] + rootlen + (abs[i][rootlen] == '/'));
        char *name = j->output ? pb_xstrdup(j->output) : pdf_name(j->rel);
        char *joined = pb_path_join(o->outdir, name);
        free(j->output);
        j->output = absolute(joined);
        free(joined);
        free(name);
    }
    free(root);
    /* the same file given twice (a folder and a file in it) is one job */
    pb_job **by = pb_xcalloc(jobs->n + 1, sizeof *by);
    for (size_t i = 0; i < jobs->n; i++) {
        free(jobs->v[i].input);
        jobs->v[i].input = abs[i]; /* absolute from here on: workers and reports agree */
        by[i] = &jobs->v[i];
    }
    free(abs);
    qsort(by, jobs->n, sizeof *by, cmp_output);
    for (size_t i = 1; i < jobs->n; i++) {
        if (strcmp(by[i]->output, by[i - 1]->output))
            continue;
        if (!strcmp(by[i]->input, by[i - 1]->input)) {
            by[i]->status = PB_JOB_FAILED; /* marked: removed below */
            by[i]->skipped = true;
            continue;
        }
        pb_error(d, by[i]->output, 0, "two inputs would be written here: %s and %s",
                 by[i - 1]->input, by[i]->input);
        ok = false;
    }
    free(by);
    size_t n = 0;
    for (size_t i = 0; i < jobs->n; i++) {
        if (jobs->v[i].status == PB_JOB_FAILED && jobs->v[i].skipped)
            pb_job_fini(&jobs->v[i]);
        else
            jobs->v[n++] = jobs->v[i];
    }
    jobs->n = n;
    return ok;
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

void pb_batch_shard(pb_jobs *jobs, int k, int n)
{
    size_t kept = 0;
    for (size_t i = 0; i < jobs->n; i++) {
        if (fnv1a(jobs->v[i].rel) % (uint64_t)n == (uint64_t)(k - 1))
            jobs->v[kept++] = jobs->v[i];
        else
            pb_job_fini(&jobs->v[i]);
    }
    jobs->n = kept;
}

static bool env_int(const char *name, long *v)
{
    const char *s = getenv(name);
    char *end;
    if (!s || !*s)
        return false;
    errno = 0;
    *v = strtol(s, &end, 10);
    return !*end && errno == 0;
}

bool pb_batch_shard_auto(int n_given, int *k, int *n, const char **err)
{
    long idx, count = 0, min = 0;
    if (env_int("JOB_COMPLETION_INDEX", &idx)) { /* Kubernetes Indexed Job: 0-based */
        if (!env_int("JOB_COMPLETIONS", &count) && !n_given) {
            *err = "JOB_COMPLETION_INDEX is set but not JOB_COMPLETIONS (set it from "
                   ".spec.completions, or give --shard auto/N)";
            return false;
        }
    } else if (env_int("SLURM_ARRAY_TASK_ID", &idx)) { /* Slurm: from SLURM_ARRAY_TASK_MIN */
        env_int("SLURM_ARRAY_TASK_MIN", &min);
        idx -= min;
        if (!env_int("SLURM_ARRAY_TASK_COUNT", &count) && !n_given) {
            *err = "SLURM_ARRAY_TASK_ID is set but not SLURM_ARRAY_TASK_COUNT";
            return false;
        }
    } else if (env_int("AWS_BATCH_JOB_ARRAY_INDEX", &idx)) { /* AWS Batch: 0-based */
        if (!env_int("PAIBAN_SHARD_COUNT", &count) && !n_given) {
            *err = "AWS_BATCH_JOB_ARRAY_INDEX needs the array size: --shard auto/N or "
                   "PAIBAN_SHARD_COUNT";
            return false;
        }
    } else {
        *err = "--shard auto found none of JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID, "
               "AWS_BATCH_JOB_ARRAY_INDEX";
        return false;
    }
    if (n_given)
        count = n_given;
    if (count < 1 || idx < 0 || idx >= count) {
        *err = "the job runner's index is not below its count";
        return false;
    }
    *k = (int)idx + 1;
    *n = (int)count;
    return true;
}

static int cmp_size(const void *a, const void *b)
{
    const pb_job *x = a, *y = b;
    if (x->size != y->size)
        return x->size < y->size ? 1 : -1;
    return strcmp(x->input, y->input);
}

void pb_batch_sort(pb_jobs *jobs)
{
    if (jobs->n)
        qsort(jobs->v, jobs->n, sizeof *jobs->v, cmp_size);
}

/* NAME.tmp.XXXXXX beside NAME (pb_outfile's temporary files) is what a run
 * killed by SIGKILL leaves: removed for the outputs and stamps of this run
 * (each folder read once), never a file with an output's own name. */
void pb_batch_clean_stale(const pb_jobs *jobs)
{
    size_t n = jobs->n * 2;
    char **targets = pb_xcalloc(n + 1, sizeof *targets);
    char **dirs = pb_xcalloc(n + 1, sizeof *dirs);
    for (size_t i = 0; i < jobs->n; i++) {
        targets[2 * i] = pb_xstrdup(jobs->v[i].output);
        targets[2 * i + 1] = pb_stamp_path(jobs->v[i].output);
        dirs[i] = pb_path_dir(jobs->v[i].output);
    }
    qsort(targets, n, sizeof *targets, cmp_name);
    qsort(dirs, jobs->n, sizeof *dirs, cmp_name);
    for (size_t i = 0; i < jobs->n; i++) {
        if (i > 0 && !strcmp(dirs[i], dirs[i - 1]))
            continue;
        DIR *dp = opendir(dirs[i]);
        for (struct dirent *e; dp && (e = readdir(dp));) {
            size_t len = strlen(e->d_name);
            if (len <= 11 || strncmp(e->d_name + len - 11, ".tmp.", 5))
                continue;
            char *path = pb_strdupf("%s/%s", dirs[i], e->d_name);
            char *target = pb_xstrndup(path, strlen(path) - 11);
            if (bsearch(&target, targets, n, sizeof *targets, cmp_name))
                unlink(path);
            free(target);
            free(path);
        }
        if (dp)
            closedir(dp);
    }
    for (size_t i = 0; i < n; i++)
        free(targets[i]);
    for (size_t i = 0; i < jobs->n; i++)
        free(dirs[i]);
    free(targets);
    free(dirs);
}
