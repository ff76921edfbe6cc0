/* diag: the list of diagnostics (errors, warnings, notes) a run collects.
 * Consumes: messages from every module. Produces: a list main.c prints.
 * The library never prints and never exits; it appends here. */
#ifndef PB_DIAG_H
#define PB_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum { PB_DIAG_NOTE, PB_DIAG_WARNING, PB_DIAG_ERROR } pb_severity;

typedef struct {
    pb_severity sev;
    char *file; /* may be NULL */
    int line;   /* 1-based; 0 when unknown */
    char *msg;
} pb_diag;

typedef struct {
    pb_diag *v;
    size_t n, cap;
} pb_diags;

void pb_diags_init(pb_diags *d);
void pb_diags_fini(pb_diags *d);

/* Append a diagnostic; file may be NULL and line 0. Never fails. */
void pb_diag_add(pb_diags *d, pb_severity sev, const char *file, int line,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#define pb_error(d, file, line, ...) pb_diag_add((d), PB_DIAG_ERROR, (file), (line), __VA_ARGS__)
#define pb_warn(d, file, line, ...) pb_diag_add((d), PB_DIAG_WARNING, (file), (line), __VA_ARGS__)

size_t pb_diags_count(const pb_diags *d, pb_severity sev);
static inline bool pb_diags_failed(const pb_diags *d) { return pb_diags_count(d, PB_DIAG_ERROR) > 0; }

/* Print as "FILE:LINE: error: message", one per line. */
void pb_diags_print(const pb_diags *d, FILE *out);

#endif
