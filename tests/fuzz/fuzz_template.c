/* Layout templates (pb_template_parse) and what later stages derive. */
#include "fuzz.h"

#include "layout/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pb_diags d;
    pb_diags_init(&d);
    pb_template *t = pb_template_parse((const char *)data, size, "fuzz.yaml", &d);
    if (t) {
        pb_template_dump(t, fuzz_sink());
        fprintf(fuzz_sink(), "%d %d %d\n", pb_template_column_width(t), pb_template_area_width(t),
                pb_template_area_height(t));
    }
    pb_diags_print(&d, fuzz_sink());
    pb_template_free(t);
    pb_diags_fini(&d);
    return 0;
}
