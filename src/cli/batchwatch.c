/* The hot folder: `paiban batch --watch IN -o OUT`. Each entry dropped into
 * IN, an article file or a folder holding an article and its photos, is
 * rendered once nothing has changed in it for --settle seconds (inotify: no
 * polling), then moved to IN/done/ or, with NAME.error.txt holding the
 * messages, to IN/failed/. An entry that changes while it is being rendered
 * is rendered again. Outputs mirror the entries: IN/x.md → OUT/x.pdf,
 * IN/a001/article.txt → OUT/a001/article.pdf (a .txt in a folder takes the
 * folder's photos for its figures). Runs until SIGINT or SIGTERM, finishing
 * the articles in flight; exits 0 then. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/outfile.h"
#include "base/util.h"
#include "batch.h"
#include "paiban.h"

typedef struct {
    char *name;   /* in IN */
    double last;  /* the last change seen */
    int inflight; /* its articles being rendered */
    bool queued;  /* waiting to settle */
    bool changed; /* changed while in flight */
    bool failed;
    PB_VEC(char) log; /* the messages, for NAME.error.txt */
} entry;

typedef struct {
    int wd;
    char *top; /* the entry of IN it lies in; NULL: IN itself */
} watch;

typedef struct {
    const char *in;
    const pb_batch_opts *o;
    char *out_name; /* OUT when it is a folder of IN: never an entry */
    int fd;
    PB_VEC(entry) entries;
    PB_VEC(watch) watches;
    pb_pool *pool;
} state;

static const uint32_t EVENTS =
    IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY | IN_ATTRIB | IN_DELETE | IN_MOVED_FROM;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Names passed over: our folders, hidden files, editors' and downloads' temporaries. */
static bool ignored(const state *s, const char *name)
{
    size_t n = strlen(name);
    return (s->out_name && !strcmp(name, s->out_name)) || name[0] == '.' || !strcmp(name, "done") ||
           !strcmp(name, "failed") || name[n - 1] == '~' ||
           (n > 5 && !strcasecmp(name + n - 5, ".part")) ||
           (n > 4 && !strcasecmp(name + n - 4, ".tmp"));
}

static entry *find(state *s, const char *name)
{
    for (size_t i = 0; i < s->entries.n; i++)
        if (!strcmp(s->entries.v[i].name, name))
            return &s->entries.v[i];
    return NULL;
}

static void touch(state *s, const char *name)
{
    entry *e = find(s, name);
    if (!e) {
        PB_PUSH(s->entries, ((entry){.name = pb_xstrdup(name)}));
        e = &s->entries.v[s->entries.n - 1];
    }
    e->last = now();
    if (e->inflight)
        e->changed = true;
    else
        e->queued = true;
}

/* Watch dir (and the folders in it) as part of entry top. */
static void add_watch(state *s, const char *dir, const char *top)
{
    int wd = inotify_add_watch(s->fd, dir, EVENTS | IN_ONLYDIR);
    if (wd < 0)
        return;
    PB_PUSH(s->watches, ((watch){wd, top ? pb_xstrdup(top) : NULL}));
    DIR *dp = top ? opendir(dir) : NULL;
    for (struct dirent *d; dp && (d = readdir(dp));) {
        if (d->d_name[0] == '.')
            continue;
        char *sub = pb_strdupf("%s/%s", dir, d->d_name);
        struct stat st;
        if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
            add_watch(s, sub, top);
        free(sub);
    }
    if (dp)
        closedir(dp);
}

static void drop_watches(state *s, const char *top)
{
    size_t n = 0;
    for (size_t i = 0; i < s->watches.n; i++) {
        watch *w = &s->watches.v[i];
        if (w->top && !strcmp(w->top, top)) {
            inotify_rm_watch(s->fd, w->wd);
            free(w->top);
        } else {
            s->watches.v[n++] = *w;
        }
    }
    s->watches.n = n;
}

static void read_events(state *s)
{
    char buf[65536] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t len;
    while ((len = read(s->fd, buf, sizeof buf)) > 0) {
        for (char *p = buf; p < buf + len;) {
            struct inotify_event *ev = (struct inotify_event *)p;
            p += sizeof *ev + ev->len;
            const char *top = NULL;
            bool known = false;
            for (size_t i = 0; i < s->watches.n && !known; i++)
                if (s->watches.v[i].wd == ev->wd) {
                    top = s->watches.v[i].top;
                    known = true;
                }
            if (!known || (!top && (!ev->len || ignored(s, ev->name))))
                continue;
            const char *name = top ? top : ev->name;
            if (!top && (ev->mask & (IN_DELETE | IN_MOVED_FROM))) {
                entry *e = find(s, name);
                if (e && !e->inflight)
                    e->queued = false; /* gone before it settled */
                continue;
            }
            touch(s, name);
            if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
                /* a new folder: the entry's folders are watched again from its top */
                char *dir = pb_strdupf("%s/%s", s->in, name);
                char *top_name = pb_xstrdup(name);
                drop_watches(s, top_name);
                add_watch(s, dir, top_name);
                free(top_name);
                free(dir);
            }
        }
    }
}

typedef PB_VEC(char *) strvec;
typedef PB_VEC(pb_job *) jobq;

/* The articles of a folder entry, recursively, in name order. */
static void articles_in(const char *dir, strvec *out, int depth)
{
    struct dirent **list;
    int n = scandir(dir, &list, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        char *path = pb_strdupf("%s/%s", dir, list[i]->d_name);
        struct stat st;
        if (list[i]->d_name[0] == '.' || stat(path, &st) != 0)
            free(path);
        else if (S_ISDIR(st.st_mode) && depth < 16)
            articles_in(path, out, depth + 1), free(path);
        else if (S_ISREG(st.st_mode) && pb_batch_is_article(list[i]->d_name))
            PB_PUSH(*out, path);
        else
            free(path);
        free(list[i]);
    }
    free(list);
}

static bool has_photos(const char *dir)
{
    static const char *const exts[] = {".jpg", ".jpeg", ".png", ".webp"};
    DIR *dp = opendir(dir);
    bool found = false;
    for (struct dirent *d; dp && !found && (d = readdir(dp));) {
        size_t n = strlen(d->d_name);
        for (size_t k = 0; k < 4; k++) {
            size_t e = strlen(exts[k]);
            found = found || (n > e && !strcasecmp(d->d_name + n - e, exts[k]));
        }
    }
    if (dp)
        closedir(dp);
    return found;
}

static void log_line(entry *e, const char *text)
{
    for (const char *c = text; *c; c++)
        PB_PUSH(e->log, *c);
    PB_PUSH(e->log, '\n');
}

/* Move IN/NAME to IN/WHERE/NAME (NAME-2, NAME-3 ... when taken). */
static char *move_to(state *s, const char *name, const char *where)
{
    char *from = pb_strdupf("%s/%s", s->in, name);
    char *to = NULL;
    for (int k = 1; k < 10000; k++) {
        free(to);
        const char *dot = strrchr(name, '.');
        int stem = dot && dot != name ? (int)(dot - name) : (int)strlen(name);
        to = k == 1 ? pb_strdupf("%s/%s/%s", s->in, where, name)
                    : pb_strdupf("%s/%s/%.*s-%d%s", s->in, where, stem, name, k, name + stem);
        struct stat st;
        if (lstat(to, &st) != 0)
            break;
    }
    if (rename(from, to) != 0)
        fprintf(stderr, "paiban batch: cannot move %s to %s: %s\n", from, to, strerror(errno));
    free(from);
    return to;
}

static void finish(state *s, entry *e)
{
    drop_watches(s, e->name);
    char *to = move_to(s, e->name, e->failed ? "failed" : "done");
    fprintf(stderr, "%s %s -> %s\n", e->failed ? "failed" : "done", e->name, to);
    if (e->failed) {
        char *path = pb_strdupf("%s.error.txt", to);
        pb_diags d;
        pb_diags_init(&d);
        if (!pb_outfile_write(path, e->log.v, e->log.n, &d))
            pb_diags_print(&d, stderr);
        pb_diags_fini(&d);
        free(path);
    }
    free(to);
    free(e->log.v);
    free(e->name);
    *e = s->entries.v[--s->entries.n];
}

/* Render the settled entry e: one job per article in it. */
static void start(state *s, entry *e, jobq *queue)
{
    char *path = pb_strdupf("%s/%s", s->in, e->name);
    struct stat st;
    e->queued = false;
    e->failed = false;
    e->log.n = 0;
    strvec arts = {0};
    bool dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    if (dir)
        articles_in(path, &arts, 0);
    else if (stat(path, &st) == 0 && pb_batch_is_article(e->name))
        PB_PUSH(arts, pb_xstrdup(path));
    else if (stat(path, &st) != 0) { /* gone */
        free(path);
        free(e->name);
        free(e->log.v);
        *e = s->entries.v[--s->entries.n];
        return;
    }
    if (arts.n == 0) {
        e->failed = true;
        log_line(e, dir ? "no article (.md, .txt) in the folder" : "not an article (.md, .txt)");
        free(path);
        finish(s, e);
        return;
    }
    size_t inlen = strlen(s->in);
    for (size_t i = 0; i < arts.n; i++) {
        pb_job *j = pb_xcalloc(1, sizeof *j);
        pb_diags_init(&j->diags);
        j->input = arts.v[i];
        const char *rel = j->input + inlen + 1;
        const char *dot = strrchr(rel, '.');
        j->rel = pb_xstrdup(rel);
        char *name = pb_strdupf("%.*s.pdf", (int)(dot - rel), rel);
        j->output = pb_path_join(s->o->outdir, name);
        free(name);
        j->bleed_mm = -1;
        j->tag = 1;
        char *adir = pb_path_dir(j->input);
        size_t n = strlen(j->input);
        if (dir && n > 4 && !strcasecmp(j->input + n - 4, ".txt") && has_photos(adir))
            j->images = adir;
        else
            free(adir);
        j->layout = NULL;
        PB_PUSH(*queue, j);
        e->inflight++;
        /* the entry's name, for finding it again: the job's rel starts with it */
    }
    free(arts.v);
    free(path);
}

static entry *owner_of(state *s, const pb_job *j)
{
    for (size_t i = 0; i < s->entries.n; i++) {
        size_t n = strlen(s->entries.v[i].name);
        if (s->entries.v[i].inflight && !strncmp(j->rel, s->entries.v[i].name, n) &&
            (j->rel[n] == '/' || !j->rel[n]))
            return &s->entries.v[i];
    }
    return NULL;
}

static void done(state *s, pb_job *j)
{
    entry *e = owner_of(s, j);
    const char *what = j->status == PB_JOB_FAILED    ? "failed"
                       : j->status == PB_JOB_WARNING ? "warning"
                                                     : "ok";
    fprintf(stderr, "%s %s -> %s\n", what, j->input, j->status == PB_JOB_FAILED ? "-" : j->output);
    for (size_t i = 0; i < j->diags.n; i++) {
        if (j->diags.v[i].sev == PB_DIAG_NOTE)
            continue;
        char *m = pb_job_message(&j->diags.v[i]);
        fprintf(stderr, "  %s\n", m);
        if (e)
            log_line(e, m);
        free(m);
    }
    if (e) {
        e->failed = e->failed || j->status == PB_JOB_FAILED;
        if (--e->inflight == 0) {
            if (e->changed) { /* changed while being set: again, once it settles */
                e->changed = false;
                e->queued = true;
            } else {
                finish(s, e);
            }
        }
    }
    pb_job_fini(j);
    free(j);
}

int pb_batch_watch(const char *in, const pb_batch_opts *o)
{
    struct stat st;
    if (stat(in, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "%s: error: not a folder to watch\n", in);
        return 1;
    }
    for (int k = 0; k < 3; k++) {
        char *dir = k < 2 ? pb_strdupf("%s/%s", in, k ? "failed" : "done") : pb_xstrdup(o->outdir);
        if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "%s: error: cannot create the folder: %s\n", dir, strerror(errno));
            free(dir);
            return 1;
        }
        free(dir);
    }
    pb_diags d;
    pb_diags_init(&d);
    const char *datadir = pb_datadir();
    pb_warm *warm = pb_warm_new(datadir, &d);
    if (!warm) {
        pb_diags_print(&d, stderr);
        pb_diags_fini(&d);
        return 1;
    }
    char *fonts_key = pb_stamp_fonts_key(datadir);
    state s = {.in = in, .o = o, .fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)};
    if (s.fd < 0) {
        fprintf(stderr, "paiban batch: inotify: %s\n", strerror(errno));
        return 1;
    }
    char *rin = realpath(in, NULL), *rout = realpath(o->outdir, NULL);
    char *outdir = rout ? pb_path_dir(rout) : NULL;
    if (rin && outdir && !strcmp(rin, outdir))
        s.out_name = pb_xstrdup(strrchr(rout, '/') + 1);
    free(rin);
    free(rout);
    free(outdir);
    add_watch(&s, in, NULL);
    /* what is there already counts as just dropped */
    DIR *dp = opendir(in);
    for (struct dirent *e; dp && (e = readdir(dp));)
        if (!ignored(&s, e->d_name)) {
            touch(&s, e->d_name);
            char *p = pb_strdupf("%s/%s", in, e->d_name);
            if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
                add_watch(&s, p, e->d_name);
            free(p);
        }
    if (dp)
        closedir(dp);
    pb_pool_cfg cfg = {.o = o, .datadir = datadir, .fonts_key = fonts_key, .warm = warm};
    s.pool = pb_pool_new(o->jobs, &cfg);
    fprintf(stderr, "paiban batch: watching %s (Ctrl-C to stop)\n", in);
    jobq queue = {0};
    size_t qhead = 0;
    while (!pb_batch_stop || pb_pool_busy(s.pool)) {
        double t = now(), wait = -1;
        for (size_t i = 0; !pb_batch_stop && i < s.entries.n; i++) {
            entry *e = &s.entries.v[i];
            if (!e->queued || e->inflight)
                continue;
            double left = e->last + o->settle_s - t;
            if (left <= 0) {
                start(&s, e, &queue);
                i = (size_t)-1; /* entries may have moved */
                t = now();
            } else if (wait < 0 || left < wait) {
                wait = left;
            }
        }
        while (!pb_batch_stop && qhead < queue.n && pb_pool_idle(s.pool))
            pb_pool_send(s.pool, queue.v[qhead++]);
        if (qhead == queue.n)
            qhead = queue.n = 0;
        pb_job *j = pb_pool_wait(s.pool, wait < 0 ? -1 : (int)(wait * 1000) + 1, s.fd);
        if (j)
            done(&s, j);
        read_events(&s);
        char drain[64];
        while (read(pb_batch_stop_fd(), drain, sizeof drain) > 0)
            ;
    }
    for (size_t i = qhead; i < queue.n; i++) { /* not started: they stay in IN */
        pb_job_fini(queue.v[i]);
        free(queue.v[i]);
    }
    free(queue.v);
    pb_pool_free(s.pool);
    for (size_t i = 0; i < s.entries.n; i++) {
        free(s.entries.v[i].name);
        free(s.entries.v[i].log.v);
    }
    free(s.entries.v);
    for (size_t i = 0; i < s.watches.n; i++)
        free(s.watches.v[i].top);
    free(s.watches.v);
    close(s.fd);
    free(s.out_name);
    free(fonts_key);
    pb_warm_free(warm);
    pb_diags_fini(&d);
    fprintf(stderr, "paiban batch: stopped watching %s\n", in);
    return 0;
}
