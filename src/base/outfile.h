/* outfile: writing output files (PDF, PNG previews, tiles, trace, Markdown)
 * whole or not at all. Consumes: paths and the bytes. Produces: the files;
 * after a failure or an interruption, none of them and no temporary file.
 *
 * A file is opened (pb_outfile_open), written (pb_outfile_put) and closed
 * (pb_outfile_close); it is then staged: complete, fsynced, in a temporary
 * file beside its target. pb_outfile_commit() renames every staged file into
 * place, pb_outfile_discard() removes them all: a render that writes a PDF
 * and its previews leaves all or none. pb_outfile_write() does it all for one
 * file. Temporary files are made with mkstemp (O_CREAT|O_EXCL: a link
 * planted at a temporary file's name is never followed) and named
 * TARGET.tmp.XXXXXX; with pb_outfile_remove_on_signals() they are also
 * removed when the process is interrupted. */
#ifndef PB_OUTFILE_H
#define PB_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Whether path is written in place rather than through a temporary file:
 * a device, pipe or socket, anything under /dev or /proc (/dev/stdout,
 * /dev/fd/N name open descriptors, whatever they point to) and a symbolic
 * link into them. Never fails. */
bool pb_outfile_is_direct(const char *path);

typedef struct pb_outfile pb_outfile;

/* Start writing path. A regular file (or a new one) is written to a new
 * temporary file beside it, with the mode of the file it replaces (a new
 * file: 0666 less the umask); a symbolic link to a regular file is followed,
 * so the file it names is replaced and the link stays; a direct path (above)
 * is opened in place. A directory, a path already open or staged, or a
 * folder where no file can be made is an error naming path: returns NULL. */
pb_outfile *pb_outfile_open(const char *path, pb_diags *d);

/* Append bytes. A write error is remembered and reported by
 * pb_outfile_close(); returns false once there was one. */
bool pb_outfile_put(pb_outfile *f, const void *data, size_t len);

/* From now on in this process, outputs are not flushed to the disk one by
 * one (no fsync of each file and its folder): the caller syncs the file
 * system once when it is done (syncfs), and trusts no output it has not
 * checked again. A crash of the process still leaves no half-written file
 * (the rename); a crash of the machine before that sync may lose outputs
 * renamed since. paiban batch's workers: each PDF is checked against its
 * stamp's SHA-256 before a rerun skips it. */
void pb_outfile_defer_sync(bool on);

/* Finish writing: flushed to the disk (fsync) and staged for
 * pb_outfile_commit(). On a write error (now or before) the error names the
 * path, the temporary file is removed and false returned. f stays owned by
 * the staged set either way. */
bool pb_outfile_close(pb_outfile *f, pb_diags *d);

/* Open, put and close. */
bool pb_outfile_stage(const char *path, const void *data, size_t len, pb_diags *d);

/* Rename every staged file over its target, in the order opened. Returns
 * false with an error naming the path when a rename fails (the files not yet
 * renamed are removed). Files still open are an error of the caller:
 * discarded. The staged set is empty afterwards. */
bool pb_outfile_commit(pb_diags *d);

/* Remove every staged or open temporary file (direct paths are closed; what
 * was written to them stays). The staged set is empty afterwards. */
void pb_outfile_discard(void);

/* Stage data for path and commit (everything staged). Returns false with an
 * error naming path; then no file is left behind. */
bool pb_outfile_write(const char *path, const void *data, size_t len, pb_diags *d);

/* On SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE and SIGXFSZ remove the
 * temporary files of open and staged outputs, then die of the signal (its
 * default action, so the exit status is the signal's). A signal ignored
 * when this is called (nohup, a background job's SIGINT) stays ignored. */
void pb_outfile_remove_on_signals(void);

/* An input of a command: a file it reads, and what it is ("the article",
 * "the layout", "a photo"), for the message. */
typedef struct {
    const char *path;
    const char *what;
} pb_outfile_input;

/* Refuse to write over an input: each output path in outs that is the same
 * file as one of ins (device and inode, links followed: a symbolic or hard
 * link to the article is the article; an output that does not exist yet is
 * a new file) gets an error naming both. Returns false then. "-" (standard
 * output) and NULL entries are skipped. */
bool pb_outfile_check_inputs(const char *const *outs, size_t nouts, const pb_outfile_input *ins,
                             size_t nins, pb_diags *d);

#endif
