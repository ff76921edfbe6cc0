/* encoding: the bytes of a pasted text file → UTF-8 (glibc iconv).
 * Consumes: a file's bytes in UTF-8 (BOM or not), UTF-16 with a BOM, or
 * GB 18030 (detected or named). Produces: a UTF-8 copy, or an error. */
#ifndef PB_ENCODING_H
#define PB_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/diag.h"

/* The canonical name of an encoding the user may give (--encoding): "utf-8",
 * "utf-16", "utf-16le", "utf-16be", "gb18030" (also "gbk", "gb2312", which
 * GB 18030 contains), in any case; NULL when unknown. Never fails. */
const char *pb_encoding_name(const char *given);

/* Decode buf to UTF-8 without BOM. enc: a name pb_encoding_name() accepts, or
 * NULL to detect: a BOM (UTF-8, UTF-16 LE/BE) decides; else valid UTF-8 is
 * UTF-8, and text that is not but is valid GB 18030 is GB 18030. *used gets
 * the encoding read (a static string). A NUL byte outside UTF-16, bytes
 * valid in no candidate encoding, or text with only white space are errors
 * naming path and the byte offset. Returns NULL then. Caller frees. */
char *pb_encoding_decode(const char *buf, size_t len, const char *enc, const char *path,
                         size_t *out_len, const char **used, pb_diags *d);

/* Characters that are not text, replaced where text enters (articles,
 * pasted text, front matter values), so no later stage sees them: Unicode
 * noncharacters (U+FDD0–U+FDEF, U+xFFFE and U+xFFFF in every plane; cairo
 * refuses them, and one failed the whole PDF) become U+FFFD. With controls,
 * also the C0 and C1 control characters other than tab and line ends, DEL
 * and NUL become U+FFFD, and the breaks VT, FF, NEL, U+2028 and U+2029 a
 * space. One warning per line (path:line, counted from first_line at LF,
 * CRLF or CR) names the first such character and the count; after ten
 * lines, one more warning counts the rest. s: len bytes of UTF-8. Returns
 * NULL when s has none, else the new text (*out_len bytes, NUL-terminated).
 * Caller frees. */
char *pb_encoding_clean(const char *s, size_t len, bool controls, const char *path,
                        int first_line, size_t *out_len, pb_diags *d);

#endif
