/* mhtml: a web page saved as one file (Chrome's and Edge's "Webpage, single
 * file"): a MIME multipart/related message whose first text/html part is the
 * page and whose other parts are its images, each named by the URL it was
 * loaded from (Content-Location) or a Content-ID, in quoted-printable or
 * base64. GMime parses the message and decodes the parts. */
#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "html.h"

static void init_once(void)
{
    static bool done;
    if (!done) {
        g_mime_init();
        done = true;
    }
}

/* The decoded body of part. Caller frees. */
static unsigned char *part_bytes(GMimePart *part, size_t *len)
{
    GMimeDataWrapper *w = g_mime_part_get_content(part);
    *len = 0;
    if (!w)
        return NULL;
    GMimeStream *out = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(w, out);
    GByteArray *arr = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
    unsigned char *data = pb_xmalloc(arr->len + 1);
    if (arr->len)
        memcpy(data, arr->data, arr->len);
    data[arr->len] = 0;
    *len = arr->len;
    g_object_unref(out);
    return data;
}

typedef struct {
    pb_mhtml *m;
    PB_VEC(pb_mhtml_part) parts;
    int depth;
} walker;

enum { MAX_DEPTH = 8, MAX_PARTS = 10000 };

static void walk(walker *w, GMimeObject *obj)
{
    if (GMIME_IS_MULTIPART(obj)) {
        if (w->depth >= MAX_DEPTH)
            return;
        w->depth++;
        GMimeMultipart *mp = GMIME_MULTIPART(obj);
        int n = g_mime_multipart_get_count(mp);
        for (int i = 0; i < n && w->parts.n < MAX_PARTS; i++)
            walk(w, g_mime_multipart_get_part(mp, i));
        w->depth--;
        return;
    }
    if (!GMIME_IS_PART(obj))
        return;
    GMimePart *part = GMIME_PART(obj);
    GMimeContentType *ct = g_mime_object_get_content_type(obj);
    if (!w->m->html && ct && g_mime_content_type_is_type(ct, "text", "html")) {
        w->m->html = (char *)part_bytes(part, &w->m->len);
        if (!w->m->html)
            w->m->html = pb_xstrdup("");
        const char *cs = g_mime_content_type_get_parameter(ct, "charset");
        w->m->charset = cs ? pb_xstrdup(cs) : NULL;
        const char *loc = g_mime_part_get_content_location(part);
        w->m->location = loc ? pb_xstrdup(loc) : NULL;
        return;
    }
    pb_mhtml_part p = {0};
    const char *loc = g_mime_part_get_content_location(part);
    const char *cid = g_mime_object_get_content_id(obj);
    if (loc)
        p.location = pb_xstrdup(loc);
    else if (cid)
        p.location = pb_strdupf("cid:%s", cid);
    char *type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
    p.type = pb_xstrdup(type ? type : "application/octet-stream");
    g_free(type);
    p.data = part_bytes(part, &p.len);
    if (!p.data) {
        free(p.location);
        free(p.type);
        return;
    }
    PB_PUSH(w->parts, p);
}

bool pb_mhtml_split(const char *buf, size_t len, const char *path, pb_mhtml *m, pb_diags *d)
{
    *m = (pb_mhtml){0};
    init_once();
    GMimeStream *in = g_mime_stream_mem_new_with_buffer(buf, len);
    GMimeParser *parser = g_mime_parser_new_with_stream(in);
    g_object_unref(in);
    GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);
    g_object_unref(parser);
    GMimeObject *root = msg ? g_mime_message_get_mime_part(msg) : NULL;
    if (!root) {
        pb_error(d, path, 0, "not a web page saved as .mhtml: no MIME message in it");
        if (msg)
            g_object_unref(msg);
        return false;
    }
    walker w = {.m = m};
    walk(&w, root);
    g_object_unref(msg);
    m->parts = w.parts.v;
    m->nparts = (int)w.parts.n;
    if (!m->html) {
        pb_error(d, path, 0, "not a web page saved as .mhtml: it holds no text/html part");
        pb_mhtml_fini(m);
        return false;
    }
    return true;
}

void pb_mhtml_fini(pb_mhtml *m)
{
    for (int i = 0; i < m->nparts; i++) {
        free(m->parts[i].location);
        free(m->parts[i].type);
        free(m->parts[i].data);
    }
    free(m->parts);
    free(m->html);
    free(m->charset);
    free(m->location);
    *m = (pb_mhtml){0};
}
