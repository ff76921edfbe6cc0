/* Progress on standard error. On a terminal: one live line, redrawn at most
 * ten times a second (done/total, failures, articles per second, time left,
 * the article being set), with each failure printed above it. Otherwise (a
 * log file, a pipe): one line per finished article. --quiet: failures only.
 * Always a summary line at the end. */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"
#include "batch.h"

struct pb_progress {
    long total;
    bool quiet, live;
    double start, drawn;
    bool shown; /* a live line is on the screen */
    bool dirty; /* an article finished since the line was drawn */
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

pb_progress *pb_progress_new(long total, bool quiet)
{
    pb_progress *p = pb_xcalloc(1, sizeof *p);
    p->total = total;
    p->quiet = quiet;
    p->live = !quiet && isatty(STDERR_FILENO);
    p->start = now();
    return p;
}

static long done_of(const pb_summary *s)
{
    return s->ok + s->warnings + s->failed;
}

/* The last two parts of a path: enough to tell articles apart. */
static const char *short_name(const char *path)
{
    const char *end = path + strlen(path), *p = end;
    int slashes = 0;
    while (p > path && !(p[-1] == '/' && ++slashes == 2))
        p--;
    return p;
}

static void clear_line(pb_progress *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
    p->shown = false;
}

static void draw(pb_progress *p, const pb_summary *s, const char *current)
{
    double t = now() - p->start;
    long done = done_of(s);
    double rate = t > 0 ? done / t : 0;
    char eta[32] = "--:--";
    if (rate > 0 && done < p->total) {
        long left = (long)((p->total - done) / rate + 0.5);
        snprintf(eta, sizeof eta, "%ld:%02ld", left / 60, left % 60);
    }
    char line[1024];
    int n = snprintf(line, sizeof line, "[%ld/%ld] %ld failed, %.1f/s, ETA %s%s%s", done, p->total,
                     s->failed, rate, eta, current ? ", " : "", current ? short_name(current) : "");
    struct winsize ws;
    int width = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10 ? ws.ws_col - 1 : 79;
    if (n > width) { /* cut at a character boundary, not inside a UTF-8 sequence */
        n = width;
        while (n > 0 && ((unsigned char)line[n] & 0xC0) == 0x80)
            n--;
    }
    fprintf(stderr, "\r\033[K%.*s", n, line);
    fflush(stderr);
    p->shown = true;
    p->drawn = now();
}

static void messages(const pb_job *j)
{
    for (size_t i = 0; i < j->diags.n; i++) {
        if (j->diags.v[i].sev == PB_DIAG_NOTE)
            continue;
        char *m = pb_job_message(&j->diags.v[i]);
        fprintf(stderr, "  %s: %s\n", j->diags.v[i].sev == PB_DIAG_ERROR ? "error" : "warning", m);
        free(m);
    }
}

void pb_progress_done(pb_progress *p, const pb_job *j, const pb_summary *s)
{
    bool failed = j->status == PB_JOB_FAILED;
    if (p->live) {
        if (failed) {
            clear_line(p);
            fprintf(stderr, "failed %s\n", j->input);
            messages(j);
        }
        p->dirty = true; /* drawn by the next tick, with the article then in progress */
    } else if (!p->quiet || failed) {
        const char *what = failed                        ? "failed"
                           : j->skipped                  ? "up to date"
                           : j->status == PB_JOB_WARNING ? "warning"
                                                         : "ok";
        fprintf(stderr, "[%ld/%ld] %s %s", done_of(s), p->total, what, j->input);
        if (!failed)
            fprintf(stderr, " -> %s (%d page%s, %.0f ms)", j->output, j->npages,
                    j->npages == 1 ? "" : "s", j->ms);
        fputc('\n', stderr);
        if (j->status != PB_JOB_OK)
            messages(j);
    }
}

void pb_progress_tick(pb_progress *p, const pb_summary *s, const char *current)
{
    if (p->live && (p->dirty || now() - p->drawn >= 0.1)) {
        draw(p, s, current);
        p->dirty = false;
    }
}

void pb_progress_end(pb_progress *p, const pb_summary *s)
{
    clear_line(p);
    long done = done_of(s);
    fprintf(stderr,
            "paiban batch: %ld article%s: %ld ok, %ld with warnings, %ld failed (%ld up to date); "
            "%ld pages in %.1f s (%.1f/s)%s\n",
            p->total, p->total == 1 ? "" : "s", s->ok, s->warnings, s->failed, s->skipped, s->pages,
            s->seconds, s->seconds > 0 ? done / s->seconds : 0,
            s->interrupted ? "; interrupted" : "");
}

void pb_progress_free(pb_progress *p)
{
    free(p);
}
