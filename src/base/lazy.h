/* lazy: shared libraries opened at their first use instead of at start-up.
 * Consumes: a library's soname. Produces: addresses of its functions, for the
 * trampolines in output/lazylibs.c. */
#ifndef PB_LAZY_H
#define PB_LAZY_H

typedef struct {
    const char *soname; /* e.g. "libqpdf.so.29" */
    void *handle;       /* once opened */
} pb_lazy_lib;

/* The address of function name in lib, opening lib on first use. A library
 * or function that cannot be found is an installation error, as it would be
 * for the dynamic linker at start-up: the message goes to stderr and the
 * process aborts. Never returns NULL. */
void *pb_lazy_sym(pb_lazy_lib *lib, const char *name);

#endif
