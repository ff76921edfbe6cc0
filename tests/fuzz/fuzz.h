/* fuzz: what the libFuzzer targets share. Each fuzz_*.c defines
 * LLVMFuzzerTestOneInput; built with -DPAIBAN_FUZZ=ON it links libFuzzer,
 * otherwise driver.c runs it over files (the seed corpus as a test). */
#ifndef PB_FUZZ_H
#define PB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Where dumps go: written, so their code runs, and thrown away. */
static inline FILE *fuzz_sink(void)
{
    static FILE *f;
    if (!f)
        f = fopen("/dev/null", "w");
    if (!f)
        abort();
    return f;
}

#endif
