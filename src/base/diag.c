#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void pb_diags_init(pb_diags *d) { memset(d, 0, sizeof *d); }

void pb_diags_fini(pb_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].file);
        free(d->v[i].msg);
    }
    free(d->v);
    memset(d, 0, sizeof *d);
}

void pb_diag_add(pb_diags *d, pb_severity sev, const char *file, int line, const char *fmt, ...)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 8;
        d->v = pb_xrealloc(d->v, d->cap * sizeof *d->v);
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = pb_vstrdupf(fmt, ap);
    va_end(ap);
    d->v[d->n++] = (pb_diag){sev, file ? pb_xstrdup(file) : NULL, line, msg};
}

size_t pb_diags_count(const pb_diags *d, pb_severity sev)
{
    size_t k = 0;
    for (size_t i = 0; i < d->n; i++)
        k += d->v[i].sev == sev;
    return k;
}

void pb_diags_print(const pb_diags *d, FILE *out)
{
    static const char *names[] = {"note", "warning", "error"};
    for (size_t i = 0; i < d->n; i++) {
        const pb_diag *g = &d->v[i];
        if (g->file && g->line > 0)
            fprintf(out, "%s:%d: %s: %s\n", g->file, g->line, names[g->sev], g->msg);
        else if (g->file)
            fprintf(out, "%s: %s: %s\n", g->file, names[g->sev], g->msg);
        else
            fprintf(out, "paiban: %s: %s\n", names[g->sev], g->msg);
    }
}
