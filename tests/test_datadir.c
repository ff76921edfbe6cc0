/* The data folder lookup (src/base/datadir.h; README, "Install"): the order
 * $PAIBAN_DATADIR, beside the program, the source tree; a folder named by
 * PAIBAN_DATADIR that is wrong is an error, not skipped; with none found, one
 * error naming each place looked in. Folders are made in a scratch tree:
 *   T/opt/bin/paiban        the program's path (need not exist)
 *   T/opt/share/paiban/     beside it, with layouts/ when `installed`
 *   T/src/                  the source tree, with layouts/ when `built`
 *   T/env/                  a folder PAIBAN_DATADIR names, with layouts/ when `named` */
#include <sys/stat.h>

#include "base/datadir.h"
#include "base/util.h"
#include "check.h"

static char root[64];

static void mk(const char *rel)
{
    char *p = pb_strdupf("%s/%s", root, rel);
    char *cmd = pb_strdupf("mkdir -p '%s'", p);
    CHECK(system(cmd) == 0);
    free(cmd);
    free(p);
}

static void scratch(bool installed, bool built, bool named)
{
    if (*root) {
        char *cmd = pb_strdupf("rm -rf '%s'", root);
        CHECK(system(cmd) == 0);
        free(cmd);
    }
    snprintf(root, sizeof root, "/tmp/pb-datadir-XXXXXX");
    CHECK(mkdtemp(root) != NULL);
    mk("opt/bin");
    mk("opt/share/paiban");
    mk("src");
    mk("env");
    if (installed)
        mk("opt/share/paiban/layouts");
    if (built)
        mk("src/layouts");
    if (named)
        mk("env/layouts");
}

/* pick with the scratch tree's paths; *err gets the error text, if any */
static char *pick(bool with_env, char **err)
{
    char *env = pb_strdupf("%s/env", root), *exe = pb_strdupf("%s/opt/bin/paiban", root);
    char *src = pb_strdupf("%s/src", root);
    pb_diags d;
    pb_diags_init(&d);
    char *got = pb_datadir_pick(with_env ? env : NULL, exe, "../share/paiban", src, &d);
    CHECK_EQ_INT(d.n, got ? 0 : 1);
    *err = d.n ? pb_xstrdup(d.v[0].msg) : NULL;
    pb_diags_fini(&d);
    free(env);
    free(exe);
    free(src);
    return got;
}

static char *in_root(const char *rel)
{
    return pb_strdupf("%s/%s", root, rel);
}

static void expect(bool with_env, const char *want_rel)
{
    char *err = NULL, *got = pick(with_env, &err), *want = in_root(want_rel);
    CHECK_EQ_STR(got, want);
    free(got);
    free(want);
    free(err);
}

static void test_the_named_folder_comes_first(void)
{
    scratch(true, true, true);
    expect(true, "env");
}

static void test_beside_the_program_before_the_source_tree(void)
{
    scratch(true, true, false);
    expect(false, "opt/share/paiban"); /* resolved: no bin/.. in the path */
}

static void test_the_source_tree_last(void)
{
    scratch(false, true, false);
    expect(false, "src");
}

static void test_a_wrong_named_folder_is_an_error(void)
{
    scratch(true, true, false); /* the others would do: they are not used */
    char *err = NULL, *got = pick(true, &err), *env = in_root("env");
    CHECK(got == NULL);
    CHECK(err && strstr(err, env) && strstr(err, "PAIBAN_DATADIR") && strstr(err, "layouts/"));
    free(err);
    free(env);
    free(got);
}

static void test_none_found_names_each_place(void)
{
    scratch(false, false, false);
    char *err = NULL, *got = pick(false, &err);
    char *near = in_root("opt/share/paiban"), *src = in_root("src");
    CHECK(got == NULL);
    CHECK(err && strstr(err, near) && strstr(err, src) && strstr(err, "PAIBAN_DATADIR"));
    free(err);
    free(near);
    free(src);
    free(got);
}

static void test_a_file_named_layouts_is_not_a_folder(void)
{
    scratch(false, true, false);
    char *f = in_root("opt/share/paiban/layouts");
    FILE *fp = fopen(f, "w");
    CHECK(fp != NULL);
    if (fp)
        fclose(fp);
    free(f);
    expect(false, "src");
}

static void test_the_program_knows_its_path(void)
{
    char *exe = pb_self_exe();
    CHECK(exe && strstr(exe, "test_datadir"));
    free(exe);
}

int main(void)
{
    static const check_test tests[] = {
        {"the named folder comes first", test_the_named_folder_comes_first},
        {"beside the program before the source tree",
         test_beside_the_program_before_the_source_tree},
        {"the source tree last", test_the_source_tree_last},
        {"a wrong named folder is an error", test_a_wrong_named_folder_is_an_error},
        {"none found names each place", test_none_found_names_each_place},
        {"a file named layouts is not a folder", test_a_file_named_layouts_is_not_a_folder},
        {"the program knows its path", test_the_program_knows_its_path},
    };
    int rc = pb_check_main(tests, (int)(sizeof tests / sizeof tests[0]));
    char *cmd = pb_strdupf("rm -rf '%s'", root);
    if (system(cmd) != 0)
        rc = 1;
    free(cmd);
    return rc;
}
