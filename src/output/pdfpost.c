/* cairo 1.16 passes a CMYK JPEG through as it is but writes no /Decode
 * array, and the JPEGs Photoshop and most prepress tools write store CMYK
 * inverted (the Adobe APP14 marker says so): printed as written, such a photo
 * comes out as its negative (docs/traps.md, JPEGs through cairo). This pass opens the PDF with
 * libqpdf, finds every DCT-encoded DeviceCMYK image whose data carries the
 * Adobe marker, adds the inverting /Decode array, and writes the file again
 * with a deterministic /ID, so identical input still gives identical bytes.
 * The image data itself is not touched. */
#include "pdfpost.h"

#include <qpdf/qpdf-c.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"

static bool is_adobe_cmyk_jpeg(qpdf_data q, qpdf_oh img, qpdf_oh dict)
{
    qpdf_oh cs = qpdf_oh_get_key(q, dict, "/ColorSpace");
    qpdf_oh filter = qpdf_oh_get_key(q, dict, "/Filter");
    if (!qpdf_oh_is_name_and_equals(q, cs, "/DeviceCMYK") ||
        !qpdf_oh_is_or_has_name(q, filter, "/DCTDecode") || qpdf_oh_has_key(q, dict, "/Decode"))
        return false;
    unsigned char *data = NULL;
    size_t len = 0;
    QPDF_BOOL filtered = QPDF_FALSE;
    if (qpdf_oh_get_stream_data(q, img, qpdf_dl_none, &filtered, &data, &len) & QPDF_ERRORS)
        return false;
    /* APP14 "Adobe" sits among the first markers */
    bool adobe = false;
    for (size_t i = 0; i + 7 < len && i < 65536 && !adobe; i++)
        adobe = data[i] == 0xFF && data[i + 1] == 0xEE && !memcmp(data + i + 4, "Adobe", 5);
    free(data);
    return adobe;
}

/* Every object of the file (images may sit inside forms and patterns, so
 * walking the pages' resources alone would miss some). */
static void fix_images(qpdf_data q)
{
    qpdf_oh size = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size");
    int n = qpdf_oh_is_integer(q, size) ? qpdf_oh_get_int_value_as_int(q, size) : 0;
    for (int id = 1; id < n; id++) {
        qpdf_oh_release_all(q); /* handles are per object; do not pile them up */
        qpdf_oh x = qpdf_get_object_by_id(q, id, 0);
        if (!qpdf_oh_is_stream(q, x))
            continue;
        qpdf_oh dict = qpdf_oh_get_dict(q, x);
        if (is_adobe_cmyk_jpeg(q, x, dict))
            qpdf_oh_replace_key(q, dict, "/Decode", qpdf_oh_parse(q, "[1 0 1 0 1 0 1 0]"));
    }
}

static void set_boxes(qpdf_data q, const pb_pdfpost_opts *o)
{
    char trim[128], bleed[128];
    snprintf(trim, sizeof trim, "[%.4f %.4f %.4f %.4f]", o->trim[0], o->trim[1], o->trim[2],
             o->trim[3]);
    snprintf(bleed, sizeof bleed, "[%.4f %.4f %.4f %.4f]", o->bleed[0], o->bleed[1],
             o->bleed[2], o->bleed[3]);
    int pages = qpdf_get_num_pages(q);
    for (int p = 0; p < pages; p++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)p);
        qpdf_oh_replace_key(q, page, "/TrimBox", qpdf_oh_parse(q, trim));
        qpdf_oh_replace_key(q, page, "/BleedBox", qpdf_oh_parse(q, bleed));
        qpdf_oh_release_all(q);
    }
}

static bool failed(qpdf_data q, pb_diags *d)
{
    if (!qpdf_has_error(q))
        return false;
    qpdf_error e = qpdf_get_error(q);
    pb_error(d, NULL, 0, "PDF post-processing failed: %s", qpdf_get_error_full_text(q, e));
    return true;
}

bool pb_pdfpost(const unsigned char *in, size_t len, const pb_pdfpost_opts *o,
                unsigned char **out, size_t *out_len, pb_diags *d)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    bool ok = false;
    if (qpdf_read_memory(q, "paiban.pdf", (const char *)in, (unsigned long long)len, NULL) &
        QPDF_ERRORS)
        goto done;
    if (o->fix_cmyk)
        fix_images(q);
    if (o->boxes)
        set_boxes(q, o);
    if (failed(q, d) || (qpdf_init_write_memory(q) & QPDF_ERRORS))
        goto done;
    qpdf_set_deterministic_ID(q, QPDF_TRUE);
    qpdf_set_object_stream_mode(q, qpdf_o_preserve);
    if (qpdf_write(q) & QPDF_ERRORS)
        goto done;
    *out_len = qpdf_get_buffer_length(q);
    *out = pb_xmalloc(*out_len);
    memcpy(*out, qpdf_get_buffer(q), *out_len);
    ok = true;
done:
    if (!ok && !failed(q, d))
        pb_error(d, NULL, 0, "PDF post-processing failed");
    qpdf_cleanup(&q);
    return ok;
}
