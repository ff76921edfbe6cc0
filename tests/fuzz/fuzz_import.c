/* Pasted text → document tree (pb_import_parse): encoding detection, line
 * rules, the --explain report and the Markdown writer. */
#include "fuzz.h"

#include "input/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pb_diags d;
    pb_diags_init(&d);
    pb_import_settings s = {.captions_auto = size > 0 && (data[0] & 1)};
    pb_import_report rep;
    pb_doc *doc = pb_import_parse((const char *)data, size, "fuzz/pasted.txt", &s, &rep, &d);
    if (doc) {
        pb_import_explain(doc, &rep, fuzz_sink());
        pb_mdwrite_doc(doc, fuzz_sink());
        pb_doc_dump(doc, fuzz_sink());
    }
    pb_diags_print(&d, fuzz_sink());
    pb_doc_free(doc);
    pb_diags_fini(&d);
    return 0;
}
