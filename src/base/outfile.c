/* A rename is what makes a failed write leave nothing half-written, and it
 * is also what must never happen to a device: renaming over /dev/full or
 * /dev/stdout would replace the device or the link in /dev with a plain file
 * (and /dev/stdout, a link to /proc/self/fd/1, looks like a regular file to
 * stat() when the shell redirected it to one). So the rename is kept for
 * plain files and links to them, and everything in /dev and /proc, or linked
 * into them, is written in place.
 *
 * The temporary file is made by mkstemp: a new name that nobody could guess
 * beforehand, opened with O_CREAT|O_EXCL, so a link planted beside the
 * target is never followed (the old TARGET.tmp.PID was opened with fopen and
 * wrote through such a link). It is fsynced before the rename, so a crash of
 * the machine leaves the old file or the new one, not an empty one.
 *
 * Interruption: the signal handler removes the temporary files of the open
 * and staged outputs and dies of the signal. It may run on any thread (Pango
 * starts one to load fonts, and it does not block signals), so the list it
 * reads is changed only under a spin lock, with the signals blocked on the
 * changing thread so that the handler cannot interrupt its own lock holder;
 * the handler takes the lock and never gives it back. Everything it calls
 * (unlink, sigaction, raise) is async-signal-safe. */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

struct pb_outfile {
    char *shown;  /* the path as given, for messages */
    char *target; /* the file the rename replaces (direct: the path) */
    char *tmp;    /* the temporary file; NULL when direct or once renamed */
    int fd;       /* while open, else -1 */
    int err;      /* the first write error (an errno value), 0 when none */
};

/* The open and staged outputs, in the order opened. */
static pb_outfile **files;
static size_t nfiles, cap;
static atomic_int lock; /* 0 free, 1 being changed, 2 taken by the signal handler */

static const int SIGNALS[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGXFSZ};

static void signal_set(sigset_t *s)
{
    sigemptyset(s);
    for (size_t i = 0; i < sizeof SIGNALS / sizeof SIGNALS[0]; i++)
        sigaddset(s, SIGNALS[i]);
}

static void take(int as)
{
    int expected = 0;
    while (!atomic_compare_exchange_weak(&lock, &expected, as))
        expected = 0;
}

/* Around every change of the list. */
static void enter(sigset_t *old)
{
    sigset_t s;
    signal_set(&s);
    pthread_sigmask(SIG_BLOCK, &s, old);
    take(1);
}

static void leave(const sigset_t *old)
{
    atomic_store(&lock, 0);
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

static pid_t owner; /* a forked child (an SVG drawing) leaves the files alone */

static void on_signal(int sig)
{
    if (getpid() == owner) {
        take(2);
        for (size_t i = 0; i < nfiles; i++)
            if (files[i]->tmp)
                unlink(files[i]->tmp);
    }
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigaction(sig, &dfl, NULL);
    raise(sig); /* blocked in the handler: delivered, and fatal, when it returns */
}

void pb_outfile_remove_on_signals(void)
{
    owner = getpid();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    signal_set(&sa.sa_mask);
    for (size_t i = 0; i < sizeof SIGNALS / sizeof SIGNALS[0]; i++) {
        struct sigaction old;
        if (sigaction(SIGNALS[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(SIGNALS[i], &sa, NULL);
    }
}

static bool in_dev_or_proc(const char *p)
{
    return !strncmp(p, "/dev/", 5) || !strncmp(p, "/proc/", 6);
}

bool pb_outfile_is_direct(const char *path)
{
    struct stat st;
    if (in_dev_or_proc(path))
        return true;
    if (lstat(path, &st) != 0)
        return false; /* a new file */
    if (S_ISLNK(st.st_mode)) {
        char to[PATH_MAX];
        ssize_t n = readlink(path, to, sizeof to - 1);
        if (n < 0)
            return true;
        to[n] = 0;
        return in_dev_or_proc(to) || stat(path, &st) != 0 || !S_ISREG(st.st_mode);
    }
    return !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

/* The file a rename replaces: path, or the file a link names. Caller frees. */
static char *rename_target(const char *path)
{
    struct stat st;
    char *real = lstat(path, &st) == 0 && S_ISLNK(st.st_mode) ? realpath(path, NULL) : NULL;
    return real ? real : pb_xstrdup(path);
}

/* TARGET.tmp.XXXXXX, in the target's folder (a rename cannot cross file
 * systems); a very long file name is shortened so the suffix still fits in
 * the 255 bytes a name may have. Caller frees. */
static char *temp_template(const char *target)
{
    const char *slash = strrchr(target, '/');
    size_t dir = slash ? (size_t)(slash - target) + 1 : 0, base = strlen(target) - dir;
    if (base > 200)
        base = 200;
    return pb_strdupf("%.*s%.*s.tmp.XXXXXX", (int)dir, target, (int)base, target + dir);
}

/* The mode the new file gets: that of the file it replaces, else what a new
 * file gets (0666 less the umask). mkstemp makes it 0600. */
static mode_t new_mode(const char *target)
{
    struct stat st;
    if (stat(target, &st) == 0 && S_ISREG(st.st_mode))
        return st.st_mode & 0777;
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

static void add(pb_outfile *f) /* under enter() */
{
    if (nfiles == cap) {
        cap = cap ? 2 * cap : 8;
        files = pb_xrealloc(files, cap * sizeof *files);
    }
    files[nfiles++] = f;
}

static void free_file(pb_outfile *f)
{
    free(f->tmp);
    free(f->target);
    free(f->shown);
    free(f);
}

/* Take f off the list, closing it and removing its temporary file. */
static void drop(pb_outfile *f)
{
    sigset_t old;
    enter(&old);
    for (size_t i = 0; i < nfiles; i++)
        if (files[i] == f) {
            memmove(files + i, files + i + 1, (nfiles - i - 1) * sizeof *files);
            nfiles--;
            break;
        }
    if (f->tmp)
        unlink(f->tmp);
    leave(&old);
    if (f->fd >= 0)
        close(f->fd);
    free_file(f);
}

pb_outfile *pb_outfile_open(const char *path, pb_diags *d)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        pb_error(d, path, 0, "is a directory");
        return NULL;
    }
    bool direct = pb_outfile_is_direct(path);
    pb_outfile *f = pb_xcalloc(1, sizeof *f);
    f->shown = pb_xstrdup(path);
    f->target = direct ? pb_xstrdup(path) : rename_target(path);
    f->fd = -1;
    for (size_t i = 0; !direct && i < nfiles; i++)
        if (files[i]->tmp &&
            (!strcmp(files[i]->target, f->target) || same_file(files[i]->target, f->target))) {
            if (strcmp(path, files[i]->shown))
                pb_error(d, path, 0,
                         "is written twice by this run (also as %s); give each output "
                         "its own name",
                         files[i]->shown);
            else
                pb_error(d, path, 0, "is written twice by this run; give each output its own name");
            free_file(f);
            return NULL;
        }
    int err = 0;
    sigset_t old;
    if (direct) {
        f->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        err = errno;
        enter(&old);
        if (f->fd >= 0)
            add(f);
        leave(&old);
    } else {
        mode_t mode = new_mode(f->target);
        char *tmp = temp_template(f->target);
        enter(&old);
        f->fd = mkstemp(tmp);
        err = errno;
        if (f->fd >= 0) {
            f->tmp = tmp;
            add(f);
        }
        leave(&old);
        if (f->fd < 0)
            free(tmp);
        else
            (void)!fchmod(f->fd, mode); /* best effort: some file systems have no modes */
    }
    if (f->fd < 0) {
        pb_error(d, path, 0, "cannot write: %s", strerror(err));
        free_file(f);
        return NULL;
    }
    return f;
}

bool pb_outfile_put(pb_outfile *f, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0 && !f->err) {
        ssize_t n = write(f->fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            f->err = n < 0 ? errno : EIO;
            break;
        }
        p += n;
        len -= (size_t)n;
    }
    return !f->err;
}

static bool deferred; /* pb_outfile_defer_sync */

void pb_outfile_defer_sync(bool on)
{
    deferred = on;
}

bool pb_outfile_close(pb_outfile *f, pb_diags *d)
{
    if (f->fd >= 0) {
        if (!f->err && f->tmp && !deferred && fsync(f->fd) != 0 && errno != EINVAL &&
            errno != ENOTSUP)
            f->err = errno;
        if (close(f->fd) != 0 && !f->err && errno != EINTR)
            f->err = errno;
        f->fd = -1;
    }
    if (!f->err)
        return true;
    pb_error(d, f->shown, 0, "cannot write: %s", strerror(f->err));
    drop(f);
    return false;
}

bool pb_outfile_stage(const char *path, const void *data, size_t len, pb_diags *d)
{
    pb_outfile *f = pb_outfile_open(path, d);
    if (!f)
        return false;
    pb_outfile_put(f, data, len);
    return pb_outfile_close(f, d);
}

/* A rename is on the disk once its folder is: each folder is synced once,
 * best effort. *last: the folder synced before (freed here). */
static void sync_dir(const char *target, char **last)
{
    char *dir = pb_path_dir(target);
    if (*last && !strcmp(*last, dir)) {
        free(dir);
        return;
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        (void)!fsync(fd);
        close(fd);
    }
    free(*last);
    *last = dir;
}

/* Under the lock with the signals blocked throughout: a signal that comes
 * meanwhile (to this thread or another) takes effect once every file is in
 * place, so an interrupted run leaves all its outputs or none. */
bool pb_outfile_commit(pb_diags *d)
{
    for (size_t i = 0; i < nfiles; i++)
        if (files[i]->fd >= 0) {
            pb_error(d, files[i]->shown, 0, "cannot write: the file was never finished");
            pb_outfile_discard();
            return false;
        }
    bool ok = true;
    char *synced = NULL;
    sigset_t old;
    enter(&old);
    for (size_t i = 0; ok && i < nfiles; i++) {
        pb_outfile *f = files[i];
        if (!f->tmp)
            continue;
        if (rename(f->tmp, f->target) != 0) {
            pb_error(d, f->shown, 0, "cannot write: %s", strerror(errno));
            ok = false;
            break;
        }
        free(f->tmp);
        f->tmp = NULL;
        if (!deferred)
            sync_dir(f->target, &synced);
    }
    leave(&old);
    free(synced);
    pb_outfile_discard(); /* the renamed are freed, the rest removed */
    return ok;
}

void pb_outfile_discard(void)
{
    while (nfiles > 0)
        drop(files[nfiles - 1]);
}

bool pb_outfile_write(const char *path, const void *data, size_t len, pb_diags *d)
{
    if (!pb_outfile_stage(path, data, len, d)) {
        pb_outfile_discard();
        return false;
    }
    return pb_outfile_commit(d);
}

bool pb_outfile_check_inputs(const char *const *outs, size_t nouts, const pb_outfile_input *ins,
                             size_t nins, pb_diags *d)
{
    struct stat *os = pb_xcalloc(nouts + 1, sizeof *os);
    bool *there = pb_xcalloc(nouts + 1, sizeof *there), ok = true;
    size_t left = 0;
    for (size_t i = 0; i < nouts; i++) {
        there[i] = outs[i] && strcmp(outs[i], "-") && stat(outs[i], &os[i]) == 0;
        left += there[i];
    }
    for (size_t j = 0; j < nins && left > 0; j++) {
        struct stat is;
        if (!ins[j].path || stat(ins[j].path, &is) != 0)
            continue;
        for (size_t i = 0; i < nouts; i++)
            if (there[i] && os[i].st_dev == is.st_dev && os[i].st_ino == is.st_ino) {
                pb_error(d, outs[i], 0,
                         "the output would overwrite the input %s (%s); give the output another "
                         "name",
                         ins[j].path, ins[j].what);
                there[i] = false;
                left--;
                ok = false;
            }
    }
    free(there);
    free(os);
    return ok;
}
