/* Trampolines for the functions paiban calls in qpdf and librsvg, which are
 * opened at their first use (base/lazy.c says why). Each has the prototype of
 * the library's header, so the compiler checks it. A call to a function of
 * these libraries not listed here fails to link ("undefined reference to
 * qpdf_..."): add one line for it below. */
#include <librsvg/rsvg.h>
#include <qpdf/qpdf-c.h>

#include "../base/lazy.h"

static pb_lazy_lib qpdf = {PAIBAN_QPDF_SONAME, 0};
static pb_lazy_lib rsvg = {PAIBAN_RSVG_SONAME, 0};

/* ret name(params) { return real_name(args); }, the real function looked up
 * once (atomically: two threads may race to the first call). LAZYV: for
 * functions returning void. */
#define RESOLVE(lib, name)                                                                         \
    static void *fn;                                                                               \
    void *sym = __atomic_load_n(&fn, __ATOMIC_ACQUIRE);                                            \
    if (!sym) {                                                                                    \
        sym = pb_lazy_sym(&lib, #name);                                                            \
        __atomic_store_n(&fn, sym, __ATOMIC_RELEASE);                                              \
    }
#define LAZY(lib, ret, name, params, args)                                                         \
    ret name params                                                                                \
    {                                                                                              \
        RESOLVE(lib, name)                                                                         \
        ret(*call) params;                                                                         \
        *(void **)&call = sym;                                                                     \
        return call args;                                                                          \
    }
#define LAZYV(lib, name, params, args)                                                             \
    void name params                                                                               \
    {                                                                                              \
        RESOLVE(lib, name)                                                                         \
        void(*call) params;                                                                        \
        *(void **)&call = sym;                                                                     \
        call args;                                                                                 \
    }

/* qpdf (output/pdfpost.c) */
LAZY(qpdf, qpdf_data, qpdf_init, (void), ())
LAZYV(qpdf, qpdf_cleanup, (qpdf_data * q), (q))
LAZYV(qpdf, qpdf_silence_errors, (qpdf_data q), (q))
LAZYV(qpdf, qpdf_set_suppress_warnings, (qpdf_data q, QPDF_BOOL v), (q, v))
LAZY(qpdf, QPDF_BOOL, qpdf_has_error, (qpdf_data q), (q))
LAZY(qpdf, qpdf_error, qpdf_get_error, (qpdf_data q), (q))
LAZY(qpdf, char const *, qpdf_get_error_full_text, (qpdf_data q, qpdf_error e), (q, e))
LAZY(qpdf, QPDF_ERROR_CODE, qpdf_read_memory,
     (qpdf_data q, char const *description, char const *buffer, unsigned long long size,
      char const *password),
     (q, description, buffer, size, password))
LAZY(qpdf, QPDF_ERROR_CODE, qpdf_init_write_memory, (qpdf_data q), (q))
LAZYV(qpdf, qpdf_set_deterministic_ID, (qpdf_data q, QPDF_BOOL v), (q, v))
LAZYV(qpdf, qpdf_set_object_stream_mode, (qpdf_data q, enum qpdf_object_stream_e mode), (q, mode))
LAZY(qpdf, QPDF_ERROR_CODE, qpdf_write, (qpdf_data q), (q))
LAZY(qpdf, size_t, qpdf_get_buffer_length, (qpdf_data q), (q))
LAZY(qpdf, unsigned char const *, qpdf_get_buffer, (qpdf_data q), (q))
LAZY(qpdf, int, qpdf_get_num_pages, (qpdf_data q), (q))
LAZY(qpdf, qpdf_oh, qpdf_get_page_n, (qpdf_data q, size_t n), (q, n))
LAZY(qpdf, qpdf_oh, qpdf_get_trailer, (qpdf_data q), (q))
LAZY(qpdf, qpdf_oh, qpdf_get_object_by_id, (qpdf_data q, int objid, int generation),
     (q, objid, generation))
LAZYV(qpdf, qpdf_oh_release_all, (qpdf_data q), (q))
LAZY(qpdf, qpdf_oh, qpdf_oh_get_key, (qpdf_data q, qpdf_oh oh, char const *key), (q, oh, key))
LAZY(qpdf, QPDF_BOOL, qpdf_oh_has_key, (qpdf_data q, qpdf_oh oh, char const *key), (q, oh, key))
LAZYV(qpdf, qpdf_oh_replace_key, (qpdf_data q, qpdf_oh oh, char const *key, qpdf_oh item),
      (q, oh, key, item))
LAZY(qpdf, qpdf_oh, qpdf_oh_parse, (qpdf_data q, char const *object_str), (q, object_str))
LAZY(qpdf, qpdf_oh, qpdf_oh_get_dict, (qpdf_data q, qpdf_oh oh), (q, oh))
LAZY(qpdf, QPDF_BOOL, qpdf_oh_is_stream, (qpdf_data q, qpdf_oh oh), (q, oh))
LAZY(qpdf, QPDF_BOOL, qpdf_oh_is_integer, (qpdf_data q, qpdf_oh oh), (q, oh))
LAZY(qpdf, int, qpdf_oh_get_int_value_as_int, (qpdf_data q, qpdf_oh oh), (q, oh))
LAZY(qpdf, QPDF_BOOL, qpdf_oh_is_name_and_equals, (qpdf_data q, qpdf_oh oh, char const *name),
     (q, oh, name))
LAZY(qpdf, QPDF_BOOL, qpdf_oh_is_or_has_name, (qpdf_data q, qpdf_oh oh, char const *key),
     (q, oh, key))
LAZY(qpdf, QPDF_ERROR_CODE, qpdf_oh_get_stream_data,
     (qpdf_data q, qpdf_oh stream_oh, enum qpdf_stream_decode_level_e decode_level,
      QPDF_BOOL *filtered, unsigned char **bufp, size_t *len),
     (q, stream_oh, decode_level, filtered, bufp, len))

/* librsvg (input/svg.c, output/svg.c) */
LAZY(rsvg, RsvgHandle *, rsvg_handle_new_from_data, (const guint8 *data, gsize data_len, GError **error),
     (data, data_len, error))
LAZY(rsvg, gboolean, rsvg_handle_get_intrinsic_size_in_pixels,
     (RsvgHandle * handle, gdouble *out_width, gdouble *out_height),
     (handle, out_width, out_height))
LAZY(rsvg, gboolean, rsvg_handle_render_document,
     (RsvgHandle * handle, cairo_t *cr, const RsvgRectangle *viewport, GError **error),
     (handle, cr, viewport, error))
