/* Why the heap is tuned. A render touches 10–20 MB of fresh memory (cairo's
 * page recordings, font subsets, photos read for embedding, the PDF itself),
 * and the first touch of every 4 KB page is a page fault. On the virtual
 * machine the project is measured on a fault costs 11–13 µs: three thousand
 * of them were a quarter of a whole run. glibc also hands large blocks back
 * to the system as soon as they are freed, so the next large block faults its
 * pages in again. So: large blocks come from the heap, freed memory stays
 * there, one heap serves all threads, the heap grows in one step of 1–2 GB
 * of address space (only what is touched becomes resident), and that range is
 * marked for transparent huge pages, which fault in 2 MB at a time (measured:
 * 0.25 µs per 4 KB).
 *
 * A huge page can only be placed where no 4 KB page of its 2 MB range is in
 * use yet, and malloc writes a chunk header at the start of the free space
 * it grows into. So a spacer block is taken first, sized to end just before
 * a 2 MB boundary: the free space then starts there, and the memory handed
 * out after it lies in ranges nothing has touched. The spacer's pages are
 * never touched and cost nothing. The sizes assume glibc's 16-byte chunk
 * header; were that wrong, the cost would be some 4 KB faults, nothing more.
 * Under AddressSanitizer (its own allocator) this does nothing. */
#include "memory.h"

#include <limits.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define PB_OWN_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PB_OWN_ALLOCATOR 1
#endif
#endif

#if defined(__GLIBC__) && !defined(PB_OWN_ALLOCATOR)
enum { HUGE_PAGE = 2 << 20, HEADER = 16 };
/* How far the heap grows in one step, marked for huge pages: address space
 * only (pages become resident when touched). Half the machine's memory,
 * between 1 GB and the most malloc takes (M_TOP_PAD is an int: 2 GB). Past
 * the marked range the heap grows in 4 KB pages again: with a 1 GB step a
 * 10 MB paragraph (1.4 GB) faulted 170,000 times (2 s), where 5 MB faulted
 * 400 times. */
static int pad(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    size_t half = pages > 0 && size > 0 ? (size_t)pages * (size_t)size / 2 : 0;
    size_t lo = (size_t)1 << 30, hi = (size_t)INT_MAX & ~(size_t)(HUGE_PAGE - 1);
    return (int)(half < lo ? lo : half > hi ? hi : half);
}

static uintptr_t align_up(uintptr_t x) { return (x + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1); }

/* Take a block from the start of malloc's free space at the heap's end so
 * that the free space then begins one header before a 2 MB boundary; return
 * that boundary, or 0. */
static uintptr_t place_spacer(void)
{
    uintptr_t brk = (uintptr_t)sbrk(0);
    struct mallinfo2 mi = mallinfo2();
    if (brk == (uintptr_t)-1 || mi.keepcost == 0 || mi.keepcost > brk)
        return 0;
    uintptr_t top = brk - mi.keepcost; /* the free space at the heap's end */
    /* at least 1 MB: a block that large comes from there, not from a free list */
    uintptr_t boundary = align_up(top + (1 << 20));
    size_t chunk = boundary - HEADER - top;
    static void *volatile spacer; /* kept for good; volatile: a compiler may drop unused blocks */
    spacer = malloc(chunk - sizeof(size_t));
    return spacer && (uintptr_t)spacer == top + HEADER ? boundary : 0;
}
#endif

void pb_memory_setup(void)
{
#if defined(__GLIBC__) && !defined(PB_OWN_ALLOCATOR)
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, -1); /* never hand the heap back mid-run */
    mallopt(M_TOP_PAD, pad());
    uintptr_t from = place_spacer();
    uintptr_t to = (uintptr_t)sbrk(0) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (from && to != ((uintptr_t)-1 & ~(uintptr_t)(HUGE_PAGE - 1)) && to > from)
        madvise((void *)from, to - from, MADV_HUGEPAGE);
#endif
}
