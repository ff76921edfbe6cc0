/* memory: the heap of a paiban process, set up for a run that allocates tens
 * of megabytes and exits. Consumes: nothing. Produces: malloc settings. */
#ifndef PB_MEMORY_H
#define PB_MEMORY_H

/* Keep freed memory for reuse, take large blocks from the heap too, and back
 * the heap with transparent huge pages where the system offers them. Call once,
 * first thing in main(); it only tunes, so it never fails. Not for library
 * users that share their process with other work. */
void pb_memory_setup(void);

#endif
