/* Opening libraries late. Every library linked into paiban is mapped and
 * relocated before main() runs, whether the run needs it or not; qpdf (with
 * libstdc++, GnuTLS and eight more) and librsvg (with gdk-pixbuf, libxml2 and
 * more) cost a run some 15–20 ms of start-up, a fifth of rendering a page,
 * yet qpdf is needed only for CMYK photos and bleed boxes and librsvg only
 * for SVG logos. So they are not linked: their functions are trampolines
 * (output/lazylibs.c) that open the library with dlopen at the first call. */
#include "lazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void *pb_lazy_sym(pb_lazy_lib *lib, const char *name)
{
    pthread_mutex_lock(&lock);
    if (!lib->handle)
        lib->handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
    void *sym = lib->handle ? dlsym(lib->handle, name) : NULL;
    pthread_mutex_unlock(&lock);
    if (!sym) {
        fprintf(stderr, "paiban: cannot load %s from %s: %s\n", name, lib->soname, dlerror());
        abort();
    }
    return sym;
}
