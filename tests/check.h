/* check: a minimal table-friendly test harness. Each test file defines
 * tests[] and calls pb_check_main(); CHECK failures print file:line and the
 * expression, and the program exits non-zero when any check failed. */
#ifndef PB_CHECK_H
#define PB_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static inline int pb_check_main(const check_test *tests, int n)
{
    for (int i = 0; i < n; i++) {
        check_current = tests[i].name;
        int before = check_failures;
        tests[i].fn();
        fprintf(stderr, "%s %s\n", check_failures == before ? "ok  " : "FAIL", tests[i].name);
    }
    return check_failures ? 1 : 0;
}

/* Compare got with the golden file at path, printing the first line that
 * differs; with PAIBAN_UPDATE_GOLDEN set, rewrite the file instead (then
 * review the diff). */
static inline void check_golden(const char *path, const char *got)
{
    FILE *f = fopen(path, getenv("PAIBAN_UPDATE_GOLDEN") ? "w" : "r");
    if (!f) {
        fprintf(stderr, "%s: %s: cannot open the golden file\n", check_current, path);
        check_failures++;
        return;
    }
    if (getenv("PAIBAN_UPDATE_GOLDEN")) {
        fputs(got, f);
        fclose(f);
        return;
    }
    char line[4096];
    int no = 0;
    const char *g = got;
    while (fgets(line, sizeof line, f)) {
        no++;
        size_t n = strlen(line);
        if (strncmp(line, g, n) != 0) {
            const char *end = strchr(g, '\n');
            fprintf(stderr, "%s: %s differs at line %d:\n  want: %s  got:  %.*s\n",
                    check_current, path, no, line, end ? (int)(end - g) : (int)strlen(g), g);
            check_failures++;
            fclose(f);
            return;
        }
        g += n;
    }
    fclose(f);
    if (*g) {
        fprintf(stderr, "%s: %s ends at line %d, the output goes on\n", check_current, path, no);
        check_failures++;
    }
}

#define CHECK_MAIN(...)                                                                \
    int main(void)                                                                     \
    {                                                                                  \
        static const check_test tests[] = {__VA_ARGS__};                               \
        return pb_check_main(tests, (int)(sizeof tests / sizeof tests[0]));            \
    }
#define T(fn) {#fn, fn}

#endif
