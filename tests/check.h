/* check: a minimal table-friendly test harness, run in the source tree. Each
 * test file defines tests[] and calls pb_check_main(); failed CHECKs and golden
 * files print file:line or the diff, and the program exits non-zero. */
#ifndef PB_CHECK_H
#define PB_CHECK_H

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int check_failures;
static const char *check_current;

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "%s:%d: %s: CHECK(%s) failed\n", __FILE__, __LINE__,       \
                    check_current, #cond);                                             \
            check_failures++;                                                          \
        }                                                                              \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                             \
    do {                                                                               \
        long long check_a = (long long)(a), check_b = (long long)(b);                  \
        if (check_a != check_b) {                                                      \
            fprintf(stderr, "%s:%d: %s: %s == %lld, expected %s == %lld\n", __FILE__,  \
                    __LINE__, check_current, #a, check_a, #b, check_b);                \
            check_failures++;                                                          \
        }                                                                              \
    } while (0)

#define CHECK_EQ_STR(a, b)                                                             \
    do {                                                                               \
        const char *check_a = (a), *check_b = (b);                                     \
        if (!check_a || !check_b || strcmp(check_a, check_b) != 0) {                   \
            fprintf(stderr, "%s:%d: %s: %s is \"%s\", expected \"%s\"\n", __FILE__,    \
                    __LINE__, check_current, #a, check_a ? check_a : "(null)",         \
                    check_b ? check_b : "(null)");                                     \
            check_failures++;                                                          \
        }                                                                              \
    } while (0)

typedef struct {
    const char *name;
    void (*fn)(void);
} check_test;

/* The tests name their data (fonts/, layouts/, examples/, tests/) relative
 * to the source tree, and run in it wherever they are started from: in
 * $PAIBAN_DATADIR, which ctest sets, else the tree they were built from.
 * Returns false, having said why, when that folder cannot be entered. */
static inline bool check_enter_datadir(void)
{
    const char *dir = getenv("PAIBAN_DATADIR");
    if (!dir || !*dir)
        dir = PAIBAN_DATADIR;
    if (chdir(dir) == 0)
        return true;
    fprintf(stderr, "cannot enter the data folder %s (PAIBAN_DATADIR): %s\n", dir,
            strerror(errno));
    return false;
}

static inline int pb_check_main(const check_test *tests, int n)
{
    if (!check_enter_datadir())
        return 1;
    for (int i = 0; i < n; i++) {
        check_current = tests[i].name;
        int before = check_failures;
        tests[i].fn();
        fprintf(stderr, "%s %s\n", check_failures == before ? "ok  " : "FAIL", tests[i].name);
    }
    return check_failures ? 1 : 0;
}

/* The golden-file switch: PAIBAN_UPDATE_GOLDEN unset, empty or 0 compares,
 * 1 rewrites (never with CI set); any other value fails rather than guess. */
static inline int golden_mode(void)
{
    const char *v = getenv("PAIBAN_UPDATE_GOLDEN");
    if (!v || !*v || !strcmp(v, "0"))
        return 0;
    return !strcmp(v, "1") ? 1 : -1;
}

/* The whole of the file at path (NULL when it cannot be read).
 * Caller frees with free(). */
static inline char *golden_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *s = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&s, &n);
    char chunk[4096];
    for (size_t k; (k = fread(chunk, 1, sizeof chunk, f)) > 0;)
        fwrite(chunk, 1, k, m);
    fclose(f);
    fclose(m);
    return s;
}

/* Rewrite the golden file at path with got, printing `diff -u` of the change
 * on standard error. The check fails even so: an update is never a pass, it
 * is a diff to review and commit on its own. */
static inline void golden_update(const char *path, const char *old, const char *got)
{
    char *tmp = malloc(strlen(path) + 8);
    sprintf(tmp, "%s.update", path);
    FILE *f = fopen(tmp, "wb");
    if (!f || fputs(got, f) < 0 || fclose(f) != 0) {
        fprintf(stderr, "%s: %s: cannot write the golden file\n", check_current, tmp);
        check_failures++;
        free(tmp);
        return;
    }
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(2, 1); /* ctest and a terminal show standard error beside the checks */
        execlp("diff", "diff", "-u", "--", old ? path : "/dev/null", tmp, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    if (pid > 0)
        waitpid(pid, &status, 0);
    if (rename(tmp, path) != 0)
        fprintf(stderr, "%s: %s: cannot replace the golden file\n", check_current, path);
    else
        fprintf(stderr, "%s: %s updated (diff above); failing so that no update passes "
                "unseen: review the diff and commit it on its own, saying why it is right\n",
                check_current, path);
    free(tmp);
    check_failures++;
}

/* Compare got with the golden file at path, printing the first line that
 * differs. With PAIBAN_UPDATE_GOLDEN=1 a file that differs is rewritten
 * instead (golden_update). */
static inline void check_golden(const char *path, const char *got)
{
    int mode = golden_mode();
    if (mode < 0) {
        fprintf(stderr, "%s: PAIBAN_UPDATE_GOLDEN=%s: use 1 to update the golden files, "
                "0 or unset to compare\n", check_current, getenv("PAIBAN_UPDATE_GOLDEN"));
        check_failures++;
        return;
    }
    if (mode == 1 && getenv("CI")) { /* where no one reviews the diff */
        fprintf(stderr, "%s: %s: PAIBAN_UPDATE_GOLDEN=1 refused because CI is set: golden "
                "files are updated by hand and the diff reviewed\n", check_current, path);
        check_failures++;
        return;
    }
    char *want = golden_read(path);
    if (mode == 1) {
        if (!want || strcmp(want, got) != 0)
            golden_update(path, want, got);
        free(want);
        return;
    }
    if (!want) {
        fprintf(stderr, "%s: %s: cannot open the golden file\n", check_current, path);
        check_failures++;
        return;
    }
    int no = 1;
    const char *w = want, *g = got;
    for (; *w && *w == *g; w++, g++)
        if (*w == '\n')
            no++;
    if (*w || *g) {
        const char *wl = w, *gl = g; /* back to the start of the line */
        while (wl > want && wl[-1] != '\n')
            wl--, gl--;
        int wn = (int)strcspn(wl, "\n"), gn = (int)strcspn(gl, "\n");
        fprintf(stderr, "%s: %s differs at line %d:\n  want: %.*s%s\n  got:  %.*s%s\n"
                "  (an intended change: PAIBAN_UPDATE_GOLDEN=1, see README, Tests)\n",
                check_current, path, no, wn, wl, *wl ? "" : "(end of file)", gn, gl,
                *gl ? "" : "(end of output)");
        check_failures++;
    }
    free(want);
}

#define CHECK_MAIN(...)                                                                \
    int main(void)                                                                     \
    {                                                                                  \
        static const check_test tests[] = {__VA_ARGS__};                               \
        return pb_check_main(tests, (int)(sizeof tests / sizeof tests[0]));            \
    }
#define T(fn) {#fn, fn}

#endif
