/* An SVG's cost follows its drawing, not its size: two hundred blurred
 * rectangles in 16 KB took librsvg 54 s and 3.2 GB (a filter is drawn into
 * a raster of its region, at the resolution of the drawing), and a PNG in a
 * data: URI is decoded whole whatever the size it is shown at. librsvg
 * offers no way to stop a drawing, and counting filters would miss the
 * other costly cases (nested patterns, images in data: URIs, <use> fan-out),
 * so the budget is enforced from outside:
 *
 * - The file is parsed in this process (input/svg.c, up to PB_SVG_MAX_BYTES:
 *   parsing is linear in the file and bounded by libxml2's and librsvg's
 *   own limits).
 * - It is drawn in a child process (fork, no exec: it inherits the parsed
 *   handle) into pixels in shared memory: the placed size at PB_SVG_PPI, at
 *   most PB_SVG_MAX_PIXELS. The child's address space may grow by
 *   PB_SVG_MEMORY_MB (RLIMIT_AS; not under AddressSanitizer, which reserves
 *   terabytes), and the parent kills it after PB_SVG_SECONDS of wall time.
 *   librsvg crashing kills only the child.
 * - Over budget is a warning naming the file and the setting, as for any
 *   image that cannot be used; the file is not tried again this run.
 *
 * The price: an SVG is pixels, not vectors, in the PDF (at 600 ppi, finer
 * than a press resolves), and a fork per drawing (about a millisecond). The
 * drawing happens when the page is written, after the layout, when the
 * process runs no other threads (Pango's font threads have ended). */
#define _GNU_SOURCE /* pipe2 */
#include "svg.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <librsvg/rsvg.h>

#if defined(__SANITIZE_ADDRESS__)
#define PB_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PB_SANITIZED 1
#endif
#endif
#if defined(__GLIBC__) && !defined(PB_SANITIZED)
#include <malloc.h>
#endif

enum { CAIRO_MAX_SIDE = 32767, REPORT_BYTES = 4096 };

/* ---- the child ----------------------------------------------------------- */

/* What the child tells the parent, at the start of the shared memory. */
typedef struct {
    volatile int drawn;
    volatile int no_memory;
    char why[256];
} report;

#ifndef PB_SANITIZED
/* The process's address space in bytes (0: unknown). */
static double address_space(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (f) {
        if (fscanf(f, "%lu", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    return (double)pages * (double)sysconf(_SC_PAGESIZE);
}
#endif

static void limit_child(double seconds)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL); /* the parent gone, the drawing is of no use */
    int null = open("/dev/null", O_RDWR | O_CLOEXEC); /* the library does not print */
    if (null >= 0)
        dup2(null, 1), dup2(null, 2);
    rlim_t cpu = (rlim_t)ceil(4 * seconds) + 1; /* a backstop: the parent kills it first */
    setrlimit(RLIMIT_CPU, &(struct rlimit){cpu, cpu + 1});
#ifndef PB_SANITIZED
#ifdef __GLIBC__
    /* src/base/memory.c makes the heap grow in steps of 1–2 GB of address
     * space, reserved already: give back what is unused, so that the limit
     * counts what the drawing takes */
    mallopt(M_TOP_PAD, 1 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 20);
    malloc_trim(0);
#endif
    double now = address_space();
    if (now > 0) {
        rlim_t as = (rlim_t)(now + PB_SVG_MEMORY_MB * 1048576.0);
        setrlimit(RLIMIT_AS, &(struct rlimit){as, as});
    }
#endif
}

/* Limits first, then the drawing into the shared pixels. Never returns. */
__attribute__((noreturn)) static void child(RsvgHandle *h, report *r, unsigned char *px, int w,
                                            int hh, double seconds)
{
    limit_child(seconds);
    cairo_surface_t *s = cairo_image_surface_create_for_data(px, CAIRO_FORMAT_ARGB32, w, hh, 4 * w);
    cairo_t *cr = cairo_create(s);
    RsvgRectangle vp = {0, 0, w, hh};
    GError *err = NULL;
    bool ok = cairo_status(cr) == CAIRO_STATUS_SUCCESS &&
              rsvg_handle_render_document(h, cr, &vp, &err) &&
              cairo_status(cr) == CAIRO_STATUS_SUCCESS;
    if (ok) {
        cairo_surface_flush(s);
        r->drawn = 1;
    } else {
        r->no_memory = cairo_status(cr) == CAIRO_STATUS_NO_MEMORY;
        snprintf(r->why, sizeof r->why, "%s",
                 err ? err->message : cairo_status_to_string(cairo_status(cr)));
    }
    _exit(ok ? 0 : 1); /* no atexit handlers, no stdio buffers flushed twice */
}

/* ---- the parent ---------------------------------------------------------- */

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Wait for the child to end (its end of the pipe closes) or the time to run
 * out (then it is killed, by its id). Returns its wait status (-1: not
 * known, as when a SIGCHLD handler reaped it first). */
static int wait_child(pid_t pid, int fd, double seconds, bool *late)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    *late = false;
    for (;;) {
        double left = seconds - since(&t0);
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int n = left > 0 ? poll(&p, 1, (int)ceil(left * 1000)) : 0;
        if (n > 0)
            break;
        if (n == 0 || errno != EINTR) {
            *late = n == 0;
            kill(pid, SIGKILL);
            break;
        }
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return status;
}

/* w_px x h_px (0: the SVG's own size, own_w x own_h) within
 * PB_SVG_MAX_PIXELS and cairo's largest side, the aspect kept. */
static void raster_size(double own_w, double own_h, double w_px, double h_px, int *w, int *h)
{
    if (!(w_px > 0 && h_px > 0))
        w_px = own_w, h_px = own_h;
    double k = fmin(1, sqrt(PB_SVG_MAX_PIXELS / (w_px * h_px)));
    k = fmin(k, fmin(CAIRO_MAX_SIDE / w_px, CAIRO_MAX_SIDE / h_px));
    *w = (int)fmax(1, ceil(w_px * k - 1e-6));
    *h = (int)fmax(1, ceil(h_px * k - 1e-6));
}

static double seconds_allowed(void)
{
    const char *env = getenv("PAIBAN_SVG_SECONDS");
    double v = env ? strtod(env, NULL) : 0;
    return v > 0 ? v : PB_SVG_SECONDS;
}

/* The SVGs that could not be drawn this run, with the reason: a logo on
 * every board of a series, drawn again for each preview, costs its budget
 * once. Known by identity, size and modification time. */
enum { FAILURES = 16 };
static struct {
    struct stat st;
    char why[300];
} failed[FAILURES];
static int nfailed;
static pthread_mutex_t failed_lock = PTHREAD_MUTEX_INITIALIZER;

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static bool failed_before(const char *path, pb_diags *d)
{
    struct stat st;
    bool found = false;
    if (stat(path, &st) != 0)
        return false;
    pthread_mutex_lock(&failed_lock);
    for (int i = 0; i < nfailed && !found; i++)
        if ((found = same_file(&failed[i].st, &st)))
            pb_warn(d, path, 0, "%s", failed[i].why);
    pthread_mutex_unlock(&failed_lock);
    return found;
}

/* Warn that path could not be drawn, and remember why. */
__attribute__((format(printf, 3, 4))) static void fail(const char *path, pb_diags *d,
                                                       const char *fmt, ...)
{
    char why[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    pb_warn(d, path, 0, "%s", why);
    struct stat st;
    pthread_mutex_lock(&failed_lock);
    if (nfailed < FAILURES && stat(path, &st) == 0) {
        failed[nfailed].st = st;
        memcpy(failed[nfailed++].why, why, sizeof why);
    }
    pthread_mutex_unlock(&failed_lock);
}

/* The child's pixels as a surface of the parent's, or NULL with the
 * warning that says why there are none. */
static cairo_surface_t *result(const char *path, const report *r, const unsigned char *px, int w,
                               int h, int status, bool late, double seconds, pb_diags *d)
{
    if (late) {
        fail(path, d,
             "the SVG takes longer than %g s to draw; not used (set PAIBAN_SVG_SECONDS to "
             "raise the limit)",
             seconds);
        return NULL;
    }
    if (!r->drawn && (r->no_memory || (status != -1 && WIFSIGNALED(status)))) {
        fail(path, d, "the SVG needs more than %d MB to draw; not used", PB_SVG_MEMORY_MB);
        return NULL;
    }
    if (!r->drawn) {
        fail(path, d, "cannot draw the SVG: %.200s", r->why[0] ? r->why : "unknown error");
        return NULL;
    }
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        pb_warn(d, path, 0, "cannot make an image of %dx%d pixels: %s", w, h,
                cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return NULL;
    }
    unsigned char *to = cairo_image_surface_get_data(s);
    size_t stride = (size_t)cairo_image_surface_get_stride(s), row = 4 * (size_t)w;
    for (int y = 0; y < h; y++)
        memcpy(to + (size_t)y * stride, px + (size_t)y * row, row);
    cairo_surface_mark_dirty(s);
    return s;
}

cairo_surface_t *pb_svg_draw(const char *path, const void *svg, size_t len, double w_px,
                             double h_px, pb_diags *d)
{
    if (failed_before(path, d))
        return NULL;
    double own_w, own_h;
    RsvgHandle *hd = pb_svg_parse(path, svg, len, &own_w, &own_h, d);
    if (!hd)
        return NULL;
    int w, h;
    raster_size(own_w, own_h, w_px, h_px, &w, &h);
    double seconds = seconds_allowed();
    size_t bytes = REPORT_BYTES + 4 * (size_t)w * (size_t)h;
    void *map = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int pipefd[2] = {-1, -1};
    pid_t pid = -1;
    if (map != MAP_FAILED && pipe2(pipefd, O_CLOEXEC) == 0 && (pid = fork()) == 0) {
        close(pipefd[0]);
        child(hd, map, (unsigned char *)map + REPORT_BYTES, w, h, seconds);
    }
    int err = errno;
    cairo_surface_t *s = NULL;
    if (pid < 0) {
        pb_warn(d, path, 0, "cannot draw the SVG: %s", strerror(err));
    } else {
        close(pipefd[1]);
        bool late;
        int status = wait_child(pid, pipefd[0], seconds, &late);
        s = result(path, map, (unsigned char *)map + REPORT_BYTES, w, h, status, late, seconds, d);
    }
    if (pipefd[0] >= 0)
        close(pipefd[0]);
    if (pid < 0 && pipefd[1] >= 0)
        close(pipefd[1]);
    if (map != MAP_FAILED)
        munmap(map, bytes);
    g_object_unref(hd);
    return s;
}
