/* The report of a batch: JSON Lines (one object per article, then one
 * summary object) or CSV (one row per article, then a summary row), written
 * whole or not at all; and the merge of shard reports into one. The fields
 * are listed in README.md, Batch export. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/outfile.h"
#include "base/util.h"
#include "batch.h"

static const char *STATUS[] = {"pending", "ok", "warning", "failed"};

void pb_summary_add(pb_summary *s, const pb_job *j)
{
    s->ok += j->status == PB_JOB_OK;
    s->warnings += j->status == PB_JOB_WARNING;
    s->failed += j->status == PB_JOB_FAILED;
    s->skipped += j->skipped;
    if (j->status != PB_JOB_FAILED)
        s->pages += j->npages;
}

static void json_messages(FILE *f, const pb_job *j, pb_severity sev)
{
    fputc('[', f);
    bool first = true;
    for (size_t i = 0; i < j->diags.n; i++) {
        if (j->diags.v[i].sev != sev)
            continue;
        char *m = pb_job_message(&j->diags.v[i]);
        fputs(first ? "" : ",", f);
        pb_json_string(f, m);
        free(m);
        first = false;
    }
    fputc(']', f);
}

static void json_record(FILE *f, const pb_job *j)
{
    fputs("{\"input\":", f);
    pb_json_string(f, j->input);
    fputs(",\"output\":", f);
    pb_json_string(f, j->output);
    fprintf(f, ",\"status\":\"%s\",\"skipped\":%s,\"pages\":%d,\"warnings\":", STATUS[j->status],
            j->skipped ? "true" : "false", j->npages);
    json_messages(f, j, PB_DIAG_WARNING);
    fputs(",\"errors\":", f);
    json_messages(f, j, PB_DIAG_ERROR);
    fprintf(f, ",\"ms\":%.1f,\"bytes\":%lld,\"sha256\":", j->ms, j->bytes);
    if (j->sha256[0])
        fprintf(f, "\"%s\"}\n", j->sha256);
    else
        fputs("null}\n", f);
}

static void json_summary(FILE *f, const pb_summary *s)
{
    fprintf(f,
            "{\"summary\":true,\"total\":%ld,\"ok\":%ld,\"warnings\":%ld,\"failed\":%ld,"
            "\"skipped\":%ld,\"pending\":%ld,\"pages\":%ld,\"seconds\":%.3f,\"interrupted\":%s}\n",
            s->total, s->ok, s->warnings, s->failed, s->skipped,
            s->total - s->ok - s->warnings - s->failed, s->pages, s->seconds,
            s->interrupted ? "true" : "false");
}

/* RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
static void csv_field(FILE *f, const char *s, bool last)
{
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    fputs(last ? "\r\n" : ",", f);
}

static void csv_messages(FILE *f, const pb_job *j, pb_severity sev, bool last)
{
    PB_VEC(char) all = {0};
    for (size_t i = 0; i < j->diags.n; i++) {
        if (j->diags.v[i].sev != sev)
            continue;
        char *m = pb_job_message(&j->diags.v[i]);
        if (all.n)
            PB_PUSH(all, '\n');
        for (char *c = m; *c; c++)
            PB_PUSH(all, *c);
        free(m);
    }
    PB_PUSH(all, 0);
    csv_field(f, all.v, last);
    free(all.v);
}

static void csv_record(FILE *f, const pb_job *j)
{
    char num[64];
    csv_field(f, j->input, false);
    csv_field(f, j->output, false);
    csv_field(f, STATUS[j->status], false);
    csv_field(f, j->skipped ? "yes" : "no", false);
    snprintf(num, sizeof num, "%d", j->npages);
    csv_field(f, num, false);
    snprintf(num, sizeof num, "%.1f", j->ms);
    csv_field(f, num, false);
    snprintf(num, sizeof num, "%lld", j->bytes);
    csv_field(f, num, false);
    csv_field(f, j->sha256, false);
    csv_messages(f, j, PB_DIAG_WARNING, false);
    csv_messages(f, j, PB_DIAG_ERROR, true);
}

static bool is_csv(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && !strcasecmp(path + n - 4, ".csv");
}

static void write_to(FILE *f, bool csv, const pb_job *jobs, size_t n, const pb_summary *s)
{
    if (csv)
        fputs("input,output,status,skipped,pages,ms,bytes,sha256,warnings,errors\r\n", f);
    for (size_t i = 0; i < n; i++)
        if (jobs[i].status != PB_JOB_PENDING)
            (csv ? csv_record : json_record)(f, &jobs[i]);
    if (csv)
        fprintf(f, ",,summary,%ld,%ld,%.1f,,,%ld,%ld\r\n", s->skipped, s->pages, s->seconds * 1000,
                s->warnings, s->failed);
    else
        json_summary(f, s);
}

bool pb_report_write(const char *path, const pb_job *jobs, size_t n, const pb_summary *s,
                     pb_diags *d)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        abort();
    write_to(mem, is_csv(path), jobs, n, s);
    fclose(mem);
    bool ok = pb_outfile_write(path, text, len, d);
    free(text);
    return ok;
}

static const char *str_of(const pb_jv *rec, const char *key)
{
    const pb_jv *v = pb_jv_get(rec, key);
    return v && v->t == PB_J_STR ? v->str : NULL;
}

static double num_of(const pb_jv *rec, const char *key)
{
    const pb_jv *v = pb_jv_get(rec, key);
    return v && v->t == PB_J_NUM ? v->num : 0;
}

/* A report record back into a job (messages keep their FILE:LINE text). */
static bool record_job(const pb_jv *rec, pb_job *j, const char *file, int line, pb_diags *d)
{
    const char *input = str_of(rec, "input"), *output = str_of(rec, "output");
    const char *status = str_of(rec, "status");
    int st = 0;
    for (int i = 1; status && i < 4; i++)
        if (!strcmp(status, STATUS[i]))
            st = i;
    if (!input || !output || !st) {
        pb_error(d, file, line, "not a record of paiban batch (input, output and status)");
        return false;
    }
    memset(j, 0, sizeof *j);
    pb_diags_init(&j->diags);
    j->input = pb_xstrdup(input);
    j->output = pb_xstrdup(output);
    j->status = (pb_job_status)st;
    const pb_jv *sk = pb_jv_get(rec, "skipped");
    j->skipped = sk && sk->t == PB_J_BOOL && sk->b;
    j->npages = (int)num_of(rec, "pages");
    j->ms = num_of(rec, "ms");
    j->bytes = (long long)num_of(rec, "bytes");
    const char *sha = str_of(rec, "sha256");
    snprintf(j->sha256, sizeof j->sha256, "%s", sha && strlen(sha) == 64 ? sha : "");
    static const char *const lists[] = {"warnings", "errors"};
    for (int l = 0; l < 2; l++) {
        const pb_jv *a = pb_jv_get(rec, lists[l]);
        for (size_t i = 0; a && a->t == PB_J_ARR && i < a->n; i++)
            if (a->items[i].t == PB_J_STR)
                pb_diag_add(&j->diags, l ? PB_DIAG_ERROR : PB_DIAG_WARNING, NULL, 0, "%s",
                            a->items[i].str);
    }
    return true;
}

static int cmp_job_input(const void *a, const void *b)
{
    return strcmp(((const pb_job *)a)->input, ((const pb_job *)b)->input);
}

bool pb_report_merge(char **inputs, int n, const char *path, pb_summary *s, pb_diags *d)
{
    pb_jobs jobs = {0};
    bool ok = true;
    long pending = 0;
    for (int r = 0; r < n && ok; r++) {
        size_t len;
        char *text = pb_file_read(inputs[r], &len, 1u << 30, d);
        ok = text != NULL;
        int line = 0;
        for (size_t i = 0; ok && i < len;) {
            const char *nl = memchr(text + i, '\n', len - i);
            size_t end = nl ? (size_t)(nl - text) : len;
            line++;
            pb_jv v;
            const char *err;
            size_t at;
            if (pb_batch_blank(text + i, end - i)) {
            } else if (!pb_json_parse(text + i, end - i, &v, &err, &at)) {
                pb_error(d, inputs[r], line, "not JSON: %s at byte %zu", err, at + 1);
                ok = false;
            } else {
                const pb_jv *sum = pb_jv_get(&v, "summary");
                if (sum && sum->t == PB_J_BOOL && sum->b) {
                    double secs = num_of(&v, "seconds");
                    s->seconds = secs > s->seconds ? secs : s->seconds; /* shards run at once */
                    pending += (long)num_of(&v, "pending");
                    const pb_jv *in = pb_jv_get(&v, "interrupted");
                    s->interrupted = s->interrupted || (in && in->t == PB_J_BOOL && in->b);
                } else {
                    if (jobs.n == jobs.cap) {
                        jobs.cap = jobs.cap ? jobs.cap * 2 : 64;
                        jobs.v = pb_xrealloc(jobs.v, jobs.cap * sizeof *jobs.v);
                    }
                    if (record_job(&v, &jobs.v[jobs.n], inputs[r], line, d)) {
                        jobs.n++;
                    } else {
                        ok = false;
                    }
                }
                pb_jv_fini(&v);
            }
            i = end + 1;
        }
        free(text);
    }
    if (jobs.n)
        qsort(jobs.v, jobs.n, sizeof *jobs.v, cmp_job_input);
    for (size_t i = 1; ok && i < jobs.n; i++)
        if (!strcmp(jobs.v[i].input, jobs.v[i - 1].input)) {
            pb_error(d, jobs.v[i].input, 0, "is in more than one report (shards overlap)");
            ok = false;
        }
    for (size_t i = 0; i < jobs.n; i++)
        pb_summary_add(s, &jobs.v[i]);
    s->total = (long)jobs.n + pending;
    if (ok && path) {
        ok = pb_report_write(path, jobs.v, jobs.n, s, d);
    } else if (ok) {
        write_to(stdout, false, jobs.v, jobs.n, s);
        ok = fflush(stdout) == 0;
    }
    pb_jobs_free(&jobs);
    return ok;
}
