/* The workers of a batch. The parent loads the shared state (fonts,
 * fontconfig) and forks; each worker reads jobs from its own pipe and
 * answers on another, so a worker that crashes, runs past --timeout or grows
 * past --memory fails only the article it had: the parent kills it if need
 * be, reaps it, fails that job and forks a replacement from the same warm
 * state.
 *
 * Messages on the pipes: a 4-byte length, then NUL-terminated strings.
 *   job:    input, output, layout, images, encoding, pinyin, pages, bleed, key
 *   result: status, pages, bytes, ms, sha256, then one string per message:
 *           severity letter (N W E), TAB, file, TAB, line, TAB, text
 *
 * The memory limit is a watched RSS: while a worker is busy the parent reads
 * its resident size from /proc/PID/statm every 100 ms. (An address-space
 * limit does not fit: the heap grows in 1-2 GB steps of address space,
 * base/memory.c, and Pango's threads reserve 8 MB stacks.) Workers ignore
 * SIGINT (Ctrl-C reaches the whole process group; the parent decides) and
 * die of SIGTERM, removing their temporary files (pb_outfile); they get
 * SIGTERM when the parent dies. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/outfile.h"
#include "base/util.h"
#include "batch.h"
#include "paiban.h"

typedef struct {
    pid_t pid;
    int to, from; /* the job pipe's writing end, the result pipe's reading end */
    pb_job *job;  /* in flight, or NULL */
    double started;
} worker;

struct pb_pool {
    worker *w;
    int n;
    pb_pool_cfg cfg;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef PB_VEC(char) buf;

static void put(buf *b, const char *s)
{
    s = s ? s : "";
    size_t n = strlen(s) + 1;
    for (size_t i = 0; i < n; i++)
        PB_PUSH(*b, s[i]);
}

static void putf(buf *b, const char *fmt, double v)
{
    char text[64];
    snprintf(text, sizeof text, fmt, v);
    put(b, text);
}

static bool write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t k = write(fd, p, len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        p += k;
        len -= (size_t)k;
    }
    return true;
}

static bool read_all(int fd, void *data, size_t len)
{
    char *p = data;
    while (len > 0) {
        ssize_t k = read(fd, p, len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        p += k;
        len -= (size_t)k;
    }
    return true;
}

static bool send_msg(int fd, const buf *b)
{
    uint32_t n = (uint32_t)b->n;
    return write_all(fd, &n, sizeof n) && write_all(fd, b->v, b->n);
}

/* A message's strings, in place (the text stays the caller's). */
static char *recv_msg(int fd, size_t *len)
{
    uint32_t n;
    if (!read_all(fd, &n, sizeof n) || n > (64u << 20))
        return NULL;
    char *p = pb_xmalloc(n + 1);
    if (!read_all(fd, p, n)) {
        free(p);
        return NULL;
    }
    p[n] = 0;
    *len = n;
    return p;
}

/* The next string of a message, or "" past its end. */
static const char *next(const char *msg, size_t len, size_t *at)
{
    if (*at >= len)
        return "";
    const char *s = msg + *at;
    *at += strlen(s) + 1;
    return s;
}

static const char *or_null(const char *s)
{
    return *s ? s : NULL;
}

/* mkdir -p: 0 or -1 with errno. Two workers may make the same folder. */
static int mkdirs(const char *dir)
{
    char *p = pb_xstrdup(dir);
    int rc = 0;
    for (char *s = p + 1; rc == 0; s++) {
        bool end = !*s;
        if (*s != '/' && !end)
            continue;
        *s = 0;
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            rc = -1;
        if (end)
            break;
        *s = '/';
    }
    free(p);
    return rc;
}

/* Render one job in the worker and answer. */
static void work(const pb_pool_cfg *cfg, const char *msg, size_t len, int out)
{
    size_t at = 0;
    const char *input = next(msg, len, &at), *output = next(msg, len, &at);
    const char *layout = next(msg, len, &at), *images = next(msg, len, &at);
    const char *encoding = next(msg, len, &at), *pinyin = next(msg, len, &at);
    int pages = atoi(next(msg, len, &at));
    double bleed = atof(next(msg, len, &at));
    const char *key = next(msg, len, &at);
    const char *crash = getenv("PAIBAN_TEST_CRASH_ON"); /* test hook: see README, Batch export */
    if (crash && *crash && strstr(input, crash))
        raise(SIGSEGV);
    double t0 = now();
    pb_render_result res = {0};
    pb_render_opts o = {.input = input,
                        .output = output,
                        .layout = or_null(layout),
                        .images = or_null(images),
                        .encoding = or_null(encoding),
                        .pinyin = or_null(pinyin),
                        .pages = pages,
                        .set_bleed = bleed >= 0,
                        .bleed_mm = bleed >= 0 ? bleed : 0,
                        .datadir = cfg->datadir,
                        .warm = cfg->warm,
                        .result = &res};
    pb_diags d;
    pb_diags_init(&d);
    char *dir = pb_path_dir(output);
    if (mkdirs(dir) != 0)
        pb_error(&d, dir, 0, "cannot create the folder: %s", strerror(errno));
    free(dir);
    bool ok = !pb_diags_failed(&d) && pb_render(&o, &d);
    char sha[65] = "";
    long long bytes = 0;
    if (ok && !pb_sha256_file(output, sha, &bytes)) {
        pb_error(&d, output, 0, "cannot read the PDF back: %s", strerror(errno));
        ok = false;
    }
    ok = ok && pb_stamp_write(output, key, res.inputs, res.ninputs, sha, res.pages, &d, &d);
    buf b = {0};
    put(&b, !ok ? "failed" : pb_diags_count(&d, PB_DIAG_WARNING) ? "warning" : "ok");
    putf(&b, "%.0f", res.pages);
    putf(&b, "%.0f", (double)bytes);
    putf(&b, "%.3f", (now() - t0) * 1000);
    put(&b, sha);
    for (size_t i = 0; i < d.n; i++) {
        char *line = pb_strdupf("%c\t%s\t%d\t%s", "NWE"[d.v[i].sev], d.v[i].file ? d.v[i].file : "",
                                d.v[i].line, d.v[i].msg);
        put(&b, line);
        free(line);
    }
    if (!send_msg(out, &b))
        _exit(1);
    free(b.v);
    pb_diags_fini(&d);
    pb_render_result_fini(&res);
}

static void worker_main(const pb_pool_cfg *cfg, int in, int out, pid_t parent)
{
    static const int DFL[] = {SIGHUP, SIGTERM, SIGQUIT, SIGPIPE, SIGCHLD};
    for (size_t i = 0; i < sizeof DFL / sizeof DFL[0]; i++)
        signal(DFL[i], SIG_DFL);
    pb_outfile_remove_on_signals(); /* this process's temporary files */
    signal(SIGINT, SIG_IGN);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)
        _exit(1);
    pb_outfile_defer_sync(cfg->defer_sync);
    for (;;) {
        size_t len;
        char *msg = recv_msg(in, &len);
        if (!msg)
            _exit(0); /* the parent closed the pipe: no more jobs */
        work(cfg, msg, len, out);
        free(msg);
    }
}

static void spawn(pb_pool *p, int k)
{
    int job[2], res[2];
    if (pipe2(job, O_CLOEXEC) != 0 || pipe2(res, O_CLOEXEC) != 0) {
        perror("paiban: pipe");
        exit(1);
    }
    fflush(NULL);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        perror("paiban: fork");
        exit(1);
    }
    if (pid == 0) {
        for (int i = 0; i < p->n; i++) /* the other workers' pipes */
            if (i != k && p->w[i].pid > 0) {
                close(p->w[i].to);
                close(p->w[i].from);
            }
        close(job[1]);
        close(res[0]);
        close(pb_batch_stop_fd());
        worker_main(&p->cfg, job[0], res[1], parent);
    }
    close(job[0]);
    close(res[1]);
    p->w[k] = (worker){.pid = pid, .to = job[1], .from = res[0]};
}

pb_pool *pb_pool_new(int n, const pb_pool_cfg *cfg)
{
    pb_pool *p = pb_xcalloc(1, sizeof *p);
    p->w = pb_xcalloc((size_t)n, sizeof *p->w);
    p->n = n;
    p->cfg = *cfg;
    for (int k = 0; k < n; k++)
        spawn(p, k);
    return p;
}

bool pb_pool_idle(const pb_pool *p)
{
    return pb_pool_busy(p) < p->n;
}

int pb_pool_busy(const pb_pool *p)
{
    int busy = 0;
    for (int k = 0; k < p->n; k++)
        busy += p->w[k].job != NULL;
    return busy;
}

const char *pb_pool_current(const pb_pool *p)
{
    const char *cur = NULL;
    double first = 0;
    for (int k = 0; k < p->n; k++)
        if (p->w[k].job && (!cur || p->w[k].started < first)) {
            cur = p->w[k].job->input;
            first = p->w[k].started;
        }
    return cur;
}

/* Kill (when alive) and reap worker k, fail its job with why, and fork its
 * replacement. The job's temporary files are removed. */
static pb_job *replace(pb_pool *p, int k, const char *why)
{
    worker *w = &p->w[k];
    int status = 0;
    kill(w->pid, SIGKILL);
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    close(w->to);
    close(w->from);
    pb_job *j = w->job;
    if (j) {
        if (why)
            pb_error(&j->diags, j->input, 0, "%s", why);
        else if (WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL)
            pb_error(&j->diags, j->input, 0, "the worker rendering it died of signal %d (%s)",
                     WTERMSIG(status), strsignal(WTERMSIG(status)));
        else
            pb_error(&j->diags, j->input, 0, "the worker rendering it stopped (status %d)",
                     WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        j->status = PB_JOB_FAILED;
        pb_jobs one = {j, 1, 1};
        pb_batch_clean_stale(&one);
    }
    w->pid = 0;
    spawn(p, k);
    return j;
}

void pb_pool_send(pb_pool *p, pb_job *j)
{
    int k = 0;
    while (k < p->n && p->w[k].job)
        k++;
    if (k == p->n)
        abort(); /* the caller checks pb_pool_idle() */
    char pages[16], bleed[32];
    snprintf(pages, sizeof pages, "%d", j->pages);
    snprintf(bleed, sizeof bleed, "%.6g", j->bleed_mm);
    buf b = {0};
    put(&b, j->input);
    put(&b, j->output);
    put(&b, j->layout ? j->layout : p->cfg.o->layout);
    put(&b, j->images);
    put(&b, j->encoding);
    put(&b, j->pinyin);
    put(&b, pages);
    put(&b, bleed);
    char *key = pb_stamp_job_key(j, p->cfg.o, p->cfg.fonts_key);
    put(&b, key);
    free(key);
    p->w[k].job = j;
    p->w[k].started = now();
    if (!send_msg(p->w[k].to, &b)) { /* it died idle: a new one takes the job */
        p->w[k].job = NULL;
        replace(p, k, NULL);
        p->w[k].job = j;
        p->w[k].started = now();
        if (!send_msg(p->w[k].to, &b))
            abort();
    }
    free(b.v);
}

/* The result of worker k's job, read from its pipe. */
static pb_job *collect(pb_pool *p, int k)
{
    worker *w = &p->w[k];
    size_t len;
    char *msg = recv_msg(w->from, &len);
    if (!msg)
        return replace(p, k, NULL);
    pb_job *j = w->job;
    size_t at = 0;
    const char *status = next(msg, len, &at);
    j->status = !strcmp(status, "ok")        ? PB_JOB_OK
                : !strcmp(status, "warning") ? PB_JOB_WARNING
                                             : PB_JOB_FAILED;
    j->npages = atoi(next(msg, len, &at));
    j->bytes = atoll(next(msg, len, &at));
    j->ms = atof(next(msg, len, &at));
    snprintf(j->sha256, sizeof j->sha256, "%s", next(msg, len, &at));
    while (at < len) {
        char *line = pb_xstrdup(next(msg, len, &at));
        char *file = strchr(line, '\t') + 1, *lineno = strchr(file, '\t');
        *lineno++ = 0;
        char *text = strchr(lineno, '\t');
        *text++ = 0;
        pb_diag_add(&j->diags,
                    line[0] == 'E'   ? PB_DIAG_ERROR
                    : line[0] == 'W' ? PB_DIAG_WARNING
                                     : PB_DIAG_NOTE,
                    *file ? file : NULL, atoi(lineno), "%s", text);
        free(line);
    }
    free(msg);
    w->job = NULL;
    return j;
}

static long rss_mb(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/statm", (int)pid);
    FILE *f = fopen(path, "r");
    long size = 0, resident = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &size, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return resident * (sysconf(_SC_PAGESIZE) / 1024) / 1024;
}

pb_job *pb_pool_wait(pb_pool *p, int timeout_ms, int extra_fd)
{
    const pb_batch_opts *o = p->cfg.o;
    struct pollfd *fds = pb_xcalloc((size_t)p->n + 2, sizeof *fds);
    int *who = pb_xcalloc((size_t)p->n + 2, sizeof *who);
    int nfds = 0;
    double t = now();
    double wait = timeout_ms < 0 ? 1e9 : timeout_ms / 1000.0;
    for (int k = 0; k < p->n; k++) {
        worker *w = &p->w[k];
        if (!w->job)
            continue;
        if (o->timeout_s > 0 && t - w->started >= o->timeout_s) {
            char *why = pb_strdupf("took longer than --timeout %g s: stopped", o->timeout_s);
            pb_job *j = replace(p, k, why);
            free(why);
            free(fds);
            free(who);
            return j;
        }
        if (o->memory_mb > 0 && rss_mb(w->pid) > o->memory_mb) {
            char *why = pb_strdupf("used more than --memory %ld MB: stopped", o->memory_mb);
            pb_job *j = replace(p, k, why);
            free(why);
            free(fds);
            free(who);
            return j;
        }
        if (o->timeout_s > 0 && w->started + o->timeout_s - t < wait)
            wait = w->started + o->timeout_s - t;
        if (o->memory_mb > 0 && wait > 0.1)
            wait = 0.1;
        fds[nfds] = (struct pollfd){.fd = w->from, .events = POLLIN};
        who[nfds++] = k;
    }
    fds[nfds] = (struct pollfd){.fd = pb_batch_stop_fd(), .events = POLLIN};
    who[nfds++] = -1;
    if (extra_fd >= 0) {
        fds[nfds] = (struct pollfd){.fd = extra_fd, .events = POLLIN};
        who[nfds++] = -1;
    }
    int ms = wait >= 1e8 ? -1 : (int)(wait * 1000) + 1;
    pb_job *done = NULL;
    if (poll(fds, (nfds_t)nfds, ms) > 0)
        for (int i = 0; i < nfds && !done; i++)
            if (who[i] >= 0 && fds[i].revents)
                done = collect(p, who[i]);
    free(fds);
    free(who);
    return done;
}

void pb_pool_abort(pb_pool *p)
{
    for (int k = 0; k < p->n; k++)
        if (p->w[k].job)
            kill(p->w[k].pid, SIGTERM);
}

void pb_pool_free(pb_pool *p)
{
    if (!p)
        return;
    for (int k = 0; k < p->n; k++) {
        close(p->w[k].to); /* the worker reads the end and exits */
        close(p->w[k].from);
    }
    for (int k = 0; k < p->n; k++)
        while (waitpid(p->w[k].pid, NULL, 0) < 0 && errno == EINTR)
            ;
    free(p->w);
    free(p);
}
