/* Word files → document tree (pb_docx_parse): the zip, the XML parts, the
 * styles, photos and tables, the --explain report and the Markdown writer.
 *
 * The first byte chooses the input's shape. Even: the rest is the file as it
 * is (the zip reader's turn; libzip checks each part's CRC, so a mutation
 * inside a part mostly stops there). Odd: the rest is the parts themselves,
 * apart by "@@@@" in the order of PARTS, packed here into a zip (stored) so
 * that mutations reach the XML and the walk over it. */
#include "fuzz.h"

#include <string.h>
#include <zip.h>

#include "input/docx.h"

static const char *const PARTS[] = {
    "word/document.xml",     "word/styles.xml",    "word/_rels/document.xml.rels",
    "word/media/image1.png", "word/footnotes.xml", "word/footer1.xml",
    "word/numbering.xml"};
enum { NPARTS = sizeof PARTS / sizeof PARTS[0] };

/* The parts of data packed into a zip in memory. Caller frees; NULL when libzip fails. */
static char *pack(const uint8_t *data, size_t size, size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_error_fini(&ze);
    if (!src)
        return NULL;
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, NULL);
    if (!z) {
        zip_source_free(src);
        zip_source_free(src);
        return NULL;
    }
    size_t at = 0;
    for (int k = 0; k < NPARTS && at <= size; k++) {
        const uint8_t *end = NULL;
        for (size_t i = at; i + 4 <= size && !end; i++)
            if (!memcmp(data + i, "@@@@", 4))
                end = data + i;
        size_t n = end ? (size_t)(end - data) - at : size - at;
        zip_source_t *part = zip_source_buffer(z, data + at, n, 0);
        zip_int64_t idx = part ? zip_file_add(z, PARTS[k], part, ZIP_FL_OVERWRITE) : -1;
        if (idx < 0)
            zip_source_free(part);
        else
            zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
        at += n + 4;
    }
    char *buf = NULL;
    if (zip_close(z) == 0 && zip_source_open(src) == 0) {
        zip_source_seek(src, 0, SEEK_END);
        zip_int64_t n = zip_source_tell(src);
        zip_source_seek(src, 0, SEEK_SET);
        buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
        if (buf && zip_source_read(src, buf, (zip_uint64_t)n) == n)
            *len = (size_t)n;
        else
            free(buf), buf = NULL;
        zip_source_close(src);
    } else {
        zip_discard(z);
    }
    zip_source_free(src);
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    size_t len = size - 1;
    char *packed = NULL;
    if (data[0] & 1) {
        packed = pack(data + 1, size - 1, &len);
        if (!packed)
            return 0;
    }
    const char *buf = packed ? packed : (const char *)data + 1;
    pb_diags d;
    pb_diags_init(&d);
    pb_import_settings s = {.base_dir = "fuzz"};
    pb_import_report rep;
    pb_docx_photos photos;
    pb_doc *doc = pb_docx_parse(buf, len, "fuzz/article.docx", &s, &rep, &photos, &d);
    if (doc) {
        pb_import_explain(doc, &rep, fuzz_sink());
        pb_mdwrite_doc(doc, fuzz_sink());
        pb_doc_dump(doc, fuzz_sink());
    }
    pb_diags_print(&d, fuzz_sink());
    pb_docx_photos_free(&photos);
    pb_doc_free(doc);
    pb_diags_fini(&d);
    free(packed);
    return 0;
}
