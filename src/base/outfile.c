/* A rename is what makes a failed write leave nothing half-written, and it
 * is also what must never happen to a device: renaming over /dev/full or
 * /dev/stdout would replace the device or the link in /dev with a plain file
 * (and /dev/stdout, a link to /proc/self/fd/1, looks like a regular file to
 * stat() when the shell redirected it to one). So the rename is kept for
 * plain files and links to them, and everything in /dev and /proc, or linked
 * into them, is written in place. */
#include "outfile.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

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

static bool write_all(FILE *f, const void *data, size_t len)
{
    return fwrite(data, 1, len, f) == len && fflush(f) == 0;
}

bool pb_outfile_write(const char *path, const void *data, size_t len, pb_diags *d)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        pb_error(d, path, 0, "is a directory");
        return false;
    }
    bool direct = pb_outfile_is_direct(path);
    char *target = direct ? pb_xstrdup(path) : rename_target(path);
    char *tmp = direct ? pb_xstrdup(target) : pb_strdupf("%s.tmp.%ld", target, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    bool ok = f && write_all(f, data, len);
    int err = errno;
    if (f && fclose(f) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (ok && !direct && rename(tmp, target) != 0) {
        ok = false;
        err = errno;
    }
    if (!ok) {
        pb_error(d, path, 0, "cannot write: %s", strerror(err));
        if (f && !direct)
            unlink(tmp);
    }
    free(tmp);
    free(target);
    return ok;
}
