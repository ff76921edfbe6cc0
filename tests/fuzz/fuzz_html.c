/* A saved web page → document tree (pb_html_parse): the format by content
 * (pb_format_sniff), the .mhtml's MIME parts, the charset, the article body,
 * the lines given to the importer and the fixes made after it, the --explain
 * report and the Markdown writer. */
#include "fuzz.h"

#include "input/format.h"
#include "input/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pb_diags d;
    pb_diags_init(&d);
    const char *buf = (const char *)data;
    pb_format f = pb_format_sniff(buf, size, PB_FORMAT_HTML, NULL);
    pb_import_settings s = {0};
    pb_html_opts o = {.s = &s, .mhtml = f == PB_FORMAT_MHTML, .media_dir = "fuzz/page-img"};
    pb_import_report rep;
    pb_html_media media;
    pb_doc *doc = pb_html_parse(buf, size, "fuzz/page.html", &o, &rep, &media, &d);
    if (doc) {
        pb_import_explain(doc, &rep, fuzz_sink());
        pb_mdwrite_doc(doc, fuzz_sink());
        pb_doc_dump(doc, fuzz_sink());
        for (int i = 0; i < media.n; i++)
            fwrite(media.v[i].data, 1, media.v[i].len, fuzz_sink());
    }
    pb_diags_print(&d, fuzz_sink());
    pb_doc_free(doc);
    pb_diags_fini(&d);
    return 0;
}
