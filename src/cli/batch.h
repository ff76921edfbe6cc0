/* batch: `paiban batch`, many articles rendered by forked workers that share
 * the fonts loaded once. Consumes: article files, folders, manifests.
 * Produces: PDFs mirroring the input tree, a resume stamp beside each, a
 * report (JSON Lines or CSV) and progress on standard error.
 *
 * The parts: batchplan.c (inputs → jobs, output paths, collisions, shards),
 * batchpool.c (the workers and their pipes), batchstamp.c (what produced
 * an output, for resume), batchreport.c (report records, merging),
 * batchprogress.c (the live line), batchwatch.c (the hot folder), batch.c
 * (options, the run). */
#ifndef PB_BATCH_H
#define PB_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/diag.h"

/* The extensions an article file has, lower case with the dot, NULL-ended:
 * what a folder is searched for and the hot folder takes. */
extern const char *const pb_batch_exts[];
bool pb_batch_is_article(const char *name);

typedef enum { PB_JOB_PENDING, PB_JOB_OK, PB_JOB_WARNING, PB_JOB_FAILED } pb_job_status;

/* One article: where it comes from, where it goes, its render options (a
 * manifest row may set them) and, once done, what came of it. */
typedef struct {
    char *input;  /* as found (a folder's path joined with the file's) */
    char *rel;    /* relative to the common root of the inputs: for sharding */
    char *output; /* the PDF */
    char *layout, *images, *encoding, *pinyin; /* NULL: the command's or none */
    int pages;
    double bleed_mm; /* < 0: the layout's */
    long long size;  /* bytes of the article, for largest-first */
    /* the outcome */
    pb_job_status status;
    bool skipped; /* up to date (stamp matched): not rendered again */
    int npages;
    long long bytes;
    double ms;
    char sha256[65];
    pb_diags diags;
    int tag; /* the caller's (the hot folder: its entry) */
} pb_job;

typedef struct {
    const char *outdir;
    const char *layout;
    const char *report;
    int jobs;
    int shard_k, shard_n; /* 1-based K of N; 0/0: no sharding */
    bool force, strict, quiet;
    double timeout_s; /* per article; 0: none */
    long memory_mb;   /* a worker's RSS above this fails its article; 0: no limit */
    double settle_s;  /* hot folder: quiet time before an article is taken */
} pb_batch_opts;

/* Planning (batchplan.c). Expand the inputs into jobs, each with its output
 * under outdir; an input that cannot be read, a bad manifest row or two
 * inputs with one output are errors in d (nothing is written). */
typedef struct {
    pb_job *v;
    size_t n, cap;
} pb_jobs;
bool pb_batch_plan(char **inputs, int ninputs, const pb_batch_opts *o, pb_jobs *jobs, pb_diags *d);
/* The rows of a manifest's text (file: its name, .csv or else JSON Lines;
 * relative paths are taken from its folder) appended to jobs. */
bool pb_batch_parse_manifest(const char *file, const char *text, size_t len, pb_jobs *jobs,
                             pb_diags *d);
/* Whether s[0..n) is only spaces, tabs and carriage returns (a blank line). */
bool pb_batch_blank(const char *s, size_t n);
/* Keep the jobs of shard k of n (1-based): FNV-1a 64 of rel, mod n, is k-1. */
void pb_batch_shard(pb_jobs *jobs, int k, int n);
/* --shard auto[/N]: K and N from the job runner's environment. Returns
 * false with a message in err (static) when none is set. */
bool pb_batch_shard_auto(int n_given, int *k, int *n, const char **err);
void pb_job_fini(pb_job *j);
void pb_jobs_free(pb_jobs *jobs);
/* Sort largest article first (ties: by input path, for a stable order). */
void pb_batch_sort(pb_jobs *jobs);
/* Remove temporary files a killed earlier run left beside the outputs. */
void pb_batch_clean_stale(const pb_jobs *jobs);

/* Resume (batchstamp.c). The key of everything but the files a render reads:
 * the paiban version, the fonts (fonts.conf and every face fontconfig
 * lists: path, size, time) and the job's options. Computed by the parent. */
char *pb_stamp_fonts_key(const char *datadir);
char *pb_stamp_job_key(const pb_job *j, const pb_batch_opts *o, const char *fonts_key);
/* The sidecar of output: OUTDIR/.NAME.pdf.paiban. Caller frees. */
char *pb_stamp_path(const char *output);
/* Whether output is up to date: its stamp has key, every file it lists
 * still hashes as listed, and the PDF hashes as recorded (sha256 set then). */
bool pb_stamp_fresh(const char *output, const char *key, char sha256[65], int *pages,
                    pb_diags *warnings);
/* Write the stamp (atomically) after a render that read inputs. */
bool pb_stamp_write(const char *output, const char *key, char *const *inputs, size_t n,
                    const char *pdf_sha, int pages, const pb_diags *msgs, pb_diags *d);
/* SHA-256 of a file as 64 hex digits; false when it cannot be read. */
bool pb_sha256_file(const char *path, char out[65], long long *bytes);

/* Workers (batchpool.c). */
typedef struct pb_pool pb_pool;
typedef struct {
    const pb_batch_opts *o;
    const char *datadir;
    const char *fonts_key;
    struct pb_warm *warm;
    bool defer_sync; /* workers leave the flush to the parent's syncfs at the end */
} pb_pool_cfg;
/* Fork n workers (each renders jobs sent to it with the warm state). */
pb_pool *pb_pool_new(int n, const pb_pool_cfg *cfg);
/* Whether a worker is free for a job. */
bool pb_pool_idle(const pb_pool *p);
/* Send j to a free worker (j stays the caller's and must live until its
 * result is collected). */
void pb_pool_send(pb_pool *p, pb_job *j);
/* Jobs in flight. */
int pb_pool_busy(const pb_pool *p);
/* The input of a job in flight (for the live line), or NULL. */
const char *pb_pool_current(const pb_pool *p);
/* Wait up to timeout_ms (-1: until something happens) for results, a
 * timeout or a crash (its job fails; the worker is replaced), or for extra_fd
 * (>= 0) to become readable. Returns the finished job or NULL. */
pb_job *pb_pool_wait(pb_pool *p, int timeout_ms, int extra_fd);
/* SIGTERM the busy workers (a second Ctrl-C): their jobs fail. */
void pb_pool_abort(pb_pool *p);
/* Close the workers (after their jobs) and reap them. */
void pb_pool_free(pb_pool *p);

/* Report (batchreport.c). */
typedef struct {
    long ok, warnings, failed, skipped, pages, total;
    double seconds;
    bool interrupted;
} pb_summary;
void pb_summary_add(pb_summary *s, const pb_job *j);
/* Write the report (.csv by its name, else JSON Lines): one record per job
 * that has a status, then the summary. Atomically. */
bool pb_report_write(const char *path, const pb_job *jobs, size_t n, const pb_summary *s,
                     pb_diags *d);
/* Merge shard reports into path (NULL: standard output, JSON Lines). */
bool pb_report_merge(char **inputs, int n, const char *path, pb_summary *s, pb_diags *d);
/* A JSON string (quotes included) of s, written to f. */
void pb_json_string(FILE *f, const char *s);

/* Progress (batchprogress.c), on standard error. */
typedef struct pb_progress pb_progress;
pb_progress *pb_progress_new(long total, bool quiet);
void pb_progress_done(pb_progress *p, const pb_job *j, const pb_summary *s);
void pb_progress_tick(pb_progress *p, const pb_summary *s, const char *current);
void pb_progress_end(pb_progress *p, const pb_summary *s);
void pb_progress_free(pb_progress *p);

/* A message of a job as "FILE:LINE: message" (file and line when known). */
char *pb_job_message(const pb_diag *g);

/* `paiban batch ...` (argv after "batch"); returns the exit status. */
int pb_cmd_batch(int argc, char **argv);

/* The hot folder (batchwatch.c): runs until SIGINT or SIGTERM. */
int pb_batch_watch(const char *in, const pb_batch_opts *o);

/* Set by the SIGINT/SIGTERM handler of the parent; readable end of its
 * self-pipe, for poll(). */
extern volatile int pb_batch_stop;
int pb_batch_stop_fd(void);

#endif

/* JSON (batchjson.c): a small reader for manifest rows and report records
 * (one value per line; depth limited), and the string writer. */
typedef enum { PB_J_NULL, PB_J_BOOL, PB_J_NUM, PB_J_STR, PB_J_ARR, PB_J_OBJ } pb_jtype;
typedef struct pb_jv {
    pb_jtype t;
    bool b;
    double num;
    char *str;           /* PB_J_STR, NUL-free UTF-8 */
    struct pb_jv *items; /* PB_J_ARR, PB_J_OBJ */
    char **keys;         /* PB_J_OBJ */
    size_t n;
} pb_jv;
/* Parse one JSON value filling s[0..len) (white space around it allowed).
 * On error returns false with a message in err (static text) and the byte
 * offset in *at. */
bool pb_json_parse(const char *s, size_t len, pb_jv *out, const char **err, size_t *at);
void pb_jv_fini(pb_jv *v);
/* The member key of an object, or NULL. */
const pb_jv *pb_jv_get(const pb_jv *obj, const char *key);
