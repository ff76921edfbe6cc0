/* Front matter + Markdown → document tree (pb_doc_parse), its dump, and the
 * Markdown writer on the result. */
#include "fuzz.h"

#include "input/doc.h"
#include "input/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pb_diags d;
    pb_diags_init(&d);
    pb_doc *doc = pb_doc_parse((const char *)data, size, "fuzz/article.md", &d);
    if (doc) {
        pb_doc_dump(doc, fuzz_sink());
        pb_mdwrite_doc(doc, fuzz_sink());
    }
    pb_diags_print(&d, fuzz_sink());
    pb_doc_free(doc);
    pb_diags_fini(&d);
    return 0;
}
