/* Batch manifests (CSV and JSON Lines, src/cli/batchplan.c) and the JSON
 * reader and string writer (src/cli/batchjson.c). The first byte picks the
 * format. A JSON value that parses has every string written back by
 * pb_json_string and read again: it must come back the same. */
#include <string.h>

#include "batch.h"
#include "fuzz.h"

/* Every string of v (keys and values) must survive a write and a read. */
static void round_trip(const pb_jv *v)
{
    for (size_t i = 0; i < v->n; i++) {
        round_trip(&v->items[i]);
        const char *key = v->keys ? v->keys[i] : NULL;
        if (!key)
            continue;
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        pb_json_string(mem, key);
        fclose(mem);
        pb_jv back;
        const char *err;
        size_t at;
        if (!pb_json_parse(text, len, &back, &err, &at) || back.t != PB_J_STR ||
            strcmp(back.str, key))
            abort();
        pb_jv_fini(&back);
        free(text);
    }
    if (v->t == PB_J_STR) {
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        pb_json_string(mem, v->str);
        fclose(mem);
        pb_jv back;
        const char *err;
        size_t at;
        if (!pb_json_parse(text, len, &back, &err, &at) || strcmp(back.str, v->str))
            abort();
        pb_jv_fini(&back);
        free(text);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    pb_diags d;
    pb_diags_init(&d);
    pb_jobs jobs = {0};
    pb_batch_parse_manifest(data[0] & 1 ? "fuzz/list.csv" : "fuzz/list.jsonl", text, len, &jobs,
                            &d);
    for (size_t i = 0; i < jobs.n; i++)
        fprintf(fuzz_sink(), "%s %s %d\n", jobs.v[i].input,
                jobs.v[i].output ? jobs.v[i].output : "-", jobs.v[i].pages);
    pb_jobs_free(&jobs);
    pb_diags_print(&d, fuzz_sink());
    pb_diags_fini(&d);
    pb_jv v;
    const char *err;
    size_t at;
    if (pb_json_parse(text, len, &v, &err, &at)) {
        round_trip(&v);
        pb_jv_fini(&v);
    }
    return 0;
}
