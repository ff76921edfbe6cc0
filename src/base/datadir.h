/* datadir: where paiban's data folder (layouts/ and fonts/) is. Consumes:
 * $PAIBAN_DATADIR, the program's own path, the source tree compiled in.
 * Produces: the folder's path, or an error naming every place looked in.
 *
 * The order (README, "Install"): $PAIBAN_DATADIR when set, and then only it
 * (a folder named on purpose that is wrong is an error, not a reason to use
 * another one); else share/paiban beside the program's bin/ folder (an
 * installed or containerised copy: /usr/local/bin/paiban reads
 * /usr/local/share/paiban, wherever the tree was moved); else the source
 * tree the program was built from. A folder counts when it has layouts/. */
#ifndef PB_DATADIR_H
#define PB_DATADIR_H

#include "diag.h"

/* The data folder among the candidates, as a new string: env (the value of
 * $PAIBAN_DATADIR; NULL or "" when unset), exe (the program's path; NULL
 * when unknown) with rel (the data folder relative to the program's folder,
 * e.g. "../share/paiban"), and builtin (the compiled-in source tree; NULL
 * for none). NULL, with one error naming the places looked in, when none of
 * them has layouts/. */
char *pb_datadir_pick(const char *env, const char *exe, const char *rel, const char *builtin,
                      pb_diags *d);

/* The program's own path, from /proc/self/exe, as a new string; NULL when
 * it cannot be read. */
char *pb_self_exe(void);

#endif
