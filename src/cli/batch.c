/* `paiban batch`: its options and the run of a batch (plan, skip what is up
 * to date, render in workers, report). Exit status: 0 all ok, 3 some
 * warnings (1 with --strict), 1 any failed or bad input, 2 bad usage, 130
 * interrupted (after the articles in flight and the report). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"
#include "batch.h"
#include "paiban.h"

volatile int pb_batch_stop;
static int stop_pipe[2] = {-1, -1};

int pb_batch_stop_fd(void)
{
    return stop_pipe[0];
}

static void on_stop(int sig)
{
    (void)sig;
    pb_batch_stop++;
    int saved = errno;
    if (write(stop_pipe[1], "x", 1) < 0) { /* full: a wake-up is pending anyway */
    }
    errno = saved;
}

static void catch_stop(void)
{
    if (pipe2(stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        perror("paiban: pipe");
        exit(1);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN); /* a dead worker's pipe is an error to handle, not death */
}

static const char BATCH_USAGE[] =
    "usage: paiban batch INPUT... -o OUT_DIR [-l LAYOUT] [-j N] [--report FILE]\n"
    "                    [--shard K/N|auto[/N]] [--force] [--timeout SEC] [--memory MB]\n"
    "                    [--strict] [--quiet]\n"
    "       paiban batch --watch IN -o OUT_DIR [-l LAYOUT] [-j N] [--settle SEC]\n"
    "       paiban batch --merge-reports A.jsonl B.jsonl... [--report OUT]\n";

static int usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "paiban batch: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", BATCH_USAGE);
    return 2;
}

static int cores(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static bool number(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= lo && v <= hi))
        return false;
    *out = v;
    return true;
}

/* "K/N", "auto" or "auto/N". */
static bool parse_shard(const char *s, pb_batch_opts *o, int *auto_n, bool *is_auto)
{
    char *end;
    if (!strncmp(s, "auto", 4)) {
        *is_auto = true;
        if (!s[4])
            return true;
        long n = s[4] == '/' ? strtol(s + 5, &end, 10) : 0;
        *auto_n = (int)n;
        return s[4] == '/' && !*end && n >= 1 && n <= 1000000;
    }
    long k = strtol(s, &end, 10);
    if (*end != '/')
        return false;
    long n = strtol(end + 1, &end, 10);
    o->shard_k = (int)k;
    o->shard_n = (int)n;
    return !*end && n >= 1 && n <= 1000000 && k >= 1 && k <= n;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int exit_status(const pb_summary *s, bool strict)
{
    if (s->interrupted)
        return 130;
    if (s->failed)
        return 1;
    if (s->warnings)
        return strict ? 1 : 3;
    return 0;
}

static int print_fail(pb_diags *d)
{
    pb_diags_print(d, stderr);
    pb_diags_fini(d);
    return 1;
}

/* Mark what is up to date as done (unless --force). */
static void skip_fresh(pb_jobs *jobs, const pb_batch_opts *o, const char *fonts_key, pb_summary *s,
                       pb_progress *prog)
{
    for (size_t i = 0; i < jobs->n && !o->force; i++) {
        pb_job *j = &jobs->v[i];
        char *key = pb_stamp_job_key(j, o, fonts_key);
        int pages = 0;
        if (pb_stamp_fresh(j->output, key, j->sha256, &pages, &j->diags)) {
            struct stat st;
            j->status = pb_diags_count(&j->diags, PB_DIAG_WARNING) ? PB_JOB_WARNING : PB_JOB_OK;
            j->skipped = true;
            j->npages = pages;
            j->bytes = stat(j->output, &st) == 0 ? (long long)st.st_size : 0;
            pb_summary_add(s, j);
            pb_progress_done(prog, j, s);
        } else {
            j->sha256[0] = 0;
            pb_diags_fini(&j->diags);
            pb_diags_init(&j->diags);
        }
        free(key);
    }
}

static int run(char **inputs, int ninputs, pb_batch_opts *o, int auto_n, bool is_auto)
{
    pb_diags d;
    pb_diags_init(&d);
    const char *err;
    if (is_auto && !pb_batch_shard_auto(auto_n, &o->shard_k, &o->shard_n, &err))
        return usage("%s", err);
    double t0 = now();
    pb_jobs jobs = {0};
    if (!pb_batch_plan(inputs, ninputs, o, &jobs, &d)) {
        pb_jobs_free(&jobs);
        return print_fail(&d);
    }
    if (jobs.n == 0)
        fprintf(stderr, "paiban batch: no article (.md, .txt) in the inputs\n");
    if (o->shard_n > 0)
        pb_batch_shard(&jobs, o->shard_k, o->shard_n);
    const char *datadir = pb_datadir();
    pb_warm *warm = pb_warm_new(datadir, &d);
    if (!warm) {
        pb_jobs_free(&jobs);
        return print_fail(&d);
    }
    char *fonts_key = pb_stamp_fonts_key(datadir);
    pb_summary s = {.total = (long)jobs.n};
    pb_progress *prog = pb_progress_new(s.total, o->quiet);
    skip_fresh(&jobs, o, fonts_key, &s, prog);
    pb_batch_clean_stale(&jobs);
    pb_batch_sort(&jobs);
    size_t todo = 0;
    for (size_t i = 0; i < jobs.n; i++)
        todo += !jobs.v[i].skipped;
    int nworkers = o->jobs < (int)todo ? o->jobs : (int)todo;
    /* one flush of the output's file system at the end, not two per
     * article: a rerun checks every PDF against its stamp before it trusts
     * it, so a machine crash before the end costs renders, never a wrong PDF
     * (the hot folder, which moves its sources away, syncs each one) */
    pb_pool_cfg cfg = {
        .o = o, .datadir = datadir, .fonts_key = fonts_key, .warm = warm, .defer_sync = true};
    pb_pool *pool = nworkers > 0 ? pb_pool_new(nworkers, &cfg) : NULL;
    size_t next = 0;
    int stops_seen = 0;
    while (pool) {
        while (!pb_batch_stop && next < jobs.n && pb_pool_idle(pool)) {
            if (!jobs.v[next].skipped)
                pb_pool_send(pool, &jobs.v[next]);
            next++;
        }
        while (next < jobs.n && jobs.v[next].skipped)
            next++;
        pb_progress_tick(prog, &s, pb_pool_current(pool));
        if (pb_pool_busy(pool) == 0 && (pb_batch_stop || next >= jobs.n))
            break;
        pb_job *j = pb_pool_wait(pool, 100, -1);
        if (pb_batch_stop > stops_seen) {
            char drain[64];
            while (read(pb_batch_stop_fd(), drain, sizeof drain) > 0)
                ;
            if (stops_seen == 0)
                fprintf(stderr,
                        "\npaiban batch: stopping after the %d article%s in progress "
                        "(again to stop them now)\n",
                        pb_pool_busy(pool), pb_pool_busy(pool) == 1 ? "" : "s");
            else
                pb_pool_abort(pool);
            stops_seen = pb_batch_stop;
        }
        if (j) {
            pb_summary_add(&s, j);
            pb_progress_done(prog, j, &s);
        }
    }
    pb_progress_tick(prog, &s, NULL);
    pb_pool_free(pool);
    int od = open(o->outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (od >= 0) { /* the workers' outputs and stamps, on the disk before the report */
        (void)!syncfs(od);
        close(od);
    }
    s.interrupted = pb_batch_stop > 0;
    s.seconds = now() - t0;
    bool ok = !o->report || pb_report_write(o->report, jobs.v, jobs.n, &s, &d);
    pb_progress_end(prog, &s);
    pb_progress_free(prog);
    pb_diags_print(&d, stderr);
    pb_diags_fini(&d);
    free(fonts_key);
    pb_warm_free(warm);
    pb_jobs_free(&jobs);
    int rc = exit_status(&s, o->strict);
    return !ok && rc != 130 ? 1 : rc;
}

static int merge(char **inputs, int n, const pb_batch_opts *o)
{
    if (n == 0)
        return usage("%s", "--merge-reports needs the reports to merge");
    pb_diags d;
    pb_diags_init(&d);
    pb_summary s = {0};
    bool ok = pb_report_merge(inputs, n, o->report, &s, &d);
    pb_diags_print(&d, stderr);
    pb_diags_fini(&d);
    if (!ok)
        return 1;
    fprintf(stderr,
            "paiban batch: merged %d report%s: %ld articles, %ld ok, %ld with warnings, "
            "%ld failed, %ld pages\n",
            n, n == 1 ? "" : "s", s.total, s.ok, s.warnings, s.failed, s.pages);
    return exit_status(&s, o->strict);
}

int pb_cmd_batch(int argc, char **argv)
{
    pb_batch_opts o = {.jobs = cores(), .memory_mb = 2048, .settle_s = 1};
    char **inputs = pb_xcalloc((size_t)argc + 1, sizeof *inputs);
    int ninputs = 0, auto_n = 0;
    bool is_auto = false, merging = false;
    const char *watch = NULL;
    int rc = -1;
    for (int i = 0; i < argc && rc < 0; i++) {
        const char *a = argv[i];
        bool has = i + 1 < argc;
        double v;
        if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (!has)
                rc = usage("%s needs a folder", a);
            else
                o.outdir = argv[++i];
        } else if (!strcmp(a, "-l") || !strcmp(a, "--layout")) {
            if (!has)
                rc = usage("%s needs a layout name or path", a);
            else
                o.layout = argv[++i];
        } else if (!strcmp(a, "-j") || !strcmp(a, "--jobs")) {
            if (!has || !number(argv[++i], 1, 1024, &v) || v != (int)v)
                rc = usage("%s needs a number of workers from 1 to 1024", a);
            else
                o.jobs = (int)v;
        } else if (!strncmp(a, "-j", 2) && a[2]) { /* -j4, as make takes it */
            if (!number(a + 2, 1, 1024, &v) || v != (int)v)
                rc = usage("%s: -j needs a number of workers from 1 to 1024", a);
            else
                o.jobs = (int)v;
        } else if (!strcmp(a, "--report")) {
            if (!has)
                rc = usage("%s needs a file name (.jsonl or .csv)", a);
            else
                o.report = argv[++i];
        } else if (!strcmp(a, "--shard")) {
            if (!has || !parse_shard(argv[++i], &o, &auto_n, &is_auto))
                rc = usage("%s needs K/N (1 <= K <= N), auto or auto/N", a);
        } else if (!strcmp(a, "--timeout")) {
            if (!has || !number(argv[++i], 0.001, 1e6, &o.timeout_s))
                rc = usage("%s needs seconds (more than 0)", a);
        } else if (!strcmp(a, "--memory")) {
            if (!has || !number(argv[++i], 0, 1e7, &v))
                rc = usage("%s needs megabytes (0: no limit)", a);
            else
                o.memory_mb = (long)v;
        } else if (!strcmp(a, "--settle")) {
            if (!has || !number(argv[++i], 0, 3600, &o.settle_s))
                rc = usage("%s needs seconds", a);
        } else if (!strcmp(a, "--watch")) {
            if (!has)
                rc = usage("%s needs a folder", a);
            else
                watch = argv[++i];
        } else if (!strcmp(a, "--merge-reports")) {
            merging = true;
        } else if (!strcmp(a, "--force")) {
            o.force = true;
        } else if (!strcmp(a, "--strict")) {
            o.strict = true;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            o.quiet = true;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(BATCH_USAGE, stdout);
            rc = 0;
        } else if (a[0] == '-' && a[1]) {
            rc = usage("unknown option %s", a);
        } else {
            inputs[ninputs++] = argv[i];
        }
    }
    if (rc < 0 && merging) {
        rc = merge(inputs, ninputs, &o);
    } else if (rc < 0 && !o.outdir) {
        rc = usage("%s", "batch needs -o OUT_DIR");
    } else if (rc < 0 && watch) {
        if (ninputs)
            rc = usage("--watch takes no other inputs (got %s)", inputs[0]);
        else if (o.shard_n || is_auto)
            rc = usage("%s", "--watch cannot be sharded");
        else {
            catch_stop();
            rc = pb_batch_watch(watch, &o);
        }
    } else if (rc < 0 && !ninputs) {
        rc = usage("%s", "batch needs inputs: files, folders or manifests (.csv, .jsonl)");
    } else if (rc < 0) {
        catch_stop();
        rc = run(inputs, ninputs, &o, auto_n, is_auto);
    }
    free(inputs);
    return rc;
}
