#include "datadir.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static bool has_layouts(const char *dir)
{
    char *p = pb_strdupf("%s/layouts", dir);
    struct stat st;
    bool ok = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
    free(p);
    return ok;
}

/* rel against the folder exe is in, resolved when it exists (so the path
 * printed is /opt/paiban/share/paiban, not /opt/paiban/bin/../share/paiban). */
static char *beside(const char *exe, const char *rel)
{
    const char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    char *dir = pb_xstrndup(exe, (size_t)(slash - exe));
    char *joined = pb_strdupf("%s/%s", dir, rel);
    free(dir);
    char *real = realpath(joined, NULL);
    if (real) {
        free(joined);
        return real;
    }
    return joined;
}

char *pb_datadir_pick(const char *env, const char *exe, const char *rel, const char *builtin,
                      pb_diags *d)
{
    if (env && *env) {
        if (has_layouts(env))
            return pb_xstrdup(env);
        pb_error(d, NULL, 0, "the data folder %s named by PAIBAN_DATADIR has no layouts/ folder",
                 env);
        return NULL;
    }
    char *near = exe && rel ? beside(exe, rel) : NULL;
    if (near && has_layouts(near))
        return near;
    if (builtin && *builtin && has_layouts(builtin)) {
        free(near);
        return pb_xstrdup(builtin);
    }
    pb_error(d, NULL, 0,
             "cannot find paiban's data folder (layouts/ and fonts/): looked in %s (beside the "
             "program) and %s (the source tree it was built from); install it with `cmake "
             "--install`, or set PAIBAN_DATADIR",
             near ? near : "(program path unknown)", builtin && *builtin ? builtin : "(none)");
    free(near);
    return NULL;
}

char *pb_self_exe(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    return pb_xstrdup(buf);
}
