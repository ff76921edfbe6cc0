/* The limits are environment variables rather than options so that a batch
 * run (a script calling paiban per article) can raise them once, and the
 * library reads them where it checks them, with no option plumbing. */
#include "limit.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "util.h"

/* A positive integer from the environment, else def. */
static long env_limit(const char *name, long def)
{
    const char *s = getenv(name);
    char *end;
    long v = s && *s ? strtol(s, &end, 10) : 0;
    return v > 0 && *end == 0 ? v : def;
}

size_t pb_limit_input_bytes(void)
{
    long mb = env_limit("PAIBAN_MAX_INPUT_MB", PB_LIMIT_INPUT_MB);
    return mb > (long)(SIZE_MAX >> 21) ? SIZE_MAX >> 1 : (size_t)mb << 20;
}

int pb_limit_pages(void)
{
    long n = env_limit("PAIBAN_MAX_PAGES", PB_LIMIT_PAGES);
    return n > 1000000000 ? 1000000000 : (int)n;
}

char *pb_limit_read_input(const char *path, size_t *len, pb_diags *d)
{
    size_t limit = pb_limit_input_bytes();
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > limit) {
        pb_error(d, path, 0,
                 "the file is %.1f MiB, above the input limit of %zu MiB (set "
                 "PAIBAN_MAX_INPUT_MB to raise it)",
                 st.st_size / 1048576.0, limit >> 20);
        return NULL;
    }
    return pb_file_read(path, len, limit, d); /* a pipe or device is cut at the limit */
}
