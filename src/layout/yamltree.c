/* yamltree: YAML text to a tree, through libyaml's event API.
 *
 * The document API would resolve aliases into shared nodes; reading events
 * instead lets every alias and anchor be refused where it appears, so an
 * alias bomb never expands and every node has exactly one parent. Nesting is
 * bounded because the tree is built by recursion. A syntax error keeps
 * libyaml's problem text and line; reader errors (bad encoding) only carry a
 * byte offset, which is turned into a line here. */
#include "yamltree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../base/util.h"

typedef struct {
    yaml_parser_t p;
    const char *file, *src;
    size_t len;
    int max_depth;
    pb_diags *d;
} reader;

void pb_yamltree_free(pb_ynode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->nkids; i++)
        pb_yamltree_free(n->kids[i]);
    free(n->kids);
    free(n->text);
    free(n);
}

static int offset_line(const reader *r, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off && i < r->len; i++)
        line += r->src[i] == '\n';
    return line;
}

/* True when a line up to `to` (1-based) has ": #": an unquoted colour such
 * as #888888, which YAML reads as a comment, the commonest syntax error. */
static bool has_bare_hash(const reader *r, int to)
{
    const char *s = r->src;
    for (size_t i = 0, line = 1; i + 2 < r->len && line <= (size_t)to; i++) {
        if (s[i] == ':' && s[i + 1] == ' ' && s[i + 2] == '#')
            return true;
        line += s[i] == '\n';
    }
    return false;
}

static void syntax_error(reader *r)
{
    const yaml_parser_t *p = &r->p;
    int line = p->error == YAML_READER_ERROR ? offset_line(r, p->problem_offset)
                                             : (int)p->problem_mark.line + 1;
    pb_buf b = {0};
    pb_buf_addf(&b, "YAML syntax error: %s", p->problem ? p->problem : "malformed YAML");
    if (p->context)
        pb_buf_addf(&b, " (%s on line %d)", p->context, (int)p->context_mark.line + 1);
    if (p->error != YAML_READER_ERROR && has_bare_hash(r, line))
        pb_buf_adds(&b, "; quote colours (\"#rrggbb\"): an unquoted # starts a comment");
    pb_error(r->d, r->file, line, "%s", b.s);
    pb_buf_fini(&b);
}

static bool next_event(reader *r, yaml_event_t *ev)
{
    if (yaml_parser_parse(&r->p, ev))
        return true;
    syntax_error(r);
    return false;
}

static const char *event_anchor(const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT: return (const char *)ev->data.scalar.anchor;
    case YAML_MAPPING_START_EVENT: return (const char *)ev->data.mapping_start.anchor;
    case YAML_SEQUENCE_START_EVENT: return (const char *)ev->data.sequence_start.anchor;
    default: return NULL;
    }
}

static pb_ynode *read_node(reader *r, yaml_event_t *ev, int depth);

/* Reads the children of a mapping or sequence up to its end event. */
static bool read_children(reader *r, pb_ynode *n, int depth)
{
    yaml_event_t ev;
    for (;;) {
        if (!next_event(r, &ev))
            return false;
        if (ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            return true;
        }
        pb_ynode *k = read_node(r, &ev, depth + 1);
        if (!k)
            return false;
        n->kids = pb_xrealloc(n->kids, (n->nkids + 1) * sizeof *n->kids);
        n->kids[n->nkids++] = k;
        if (n->kind == PB_YNODE_MAP && n->nkids % 2 == 1 && k->kind != PB_YNODE_SCALAR) {
            pb_error(r->d, r->file, k->line, "a mapping key must be a plain name, not a %s",
                     k->kind == PB_YNODE_MAP ? "mapping" : "sequence");
            return false;
        }
    }
}

/* Takes ownership of ev, the node's first event. NULL after an error. */
static pb_ynode *read_node(reader *r, yaml_event_t *ev, int depth)
{
    int line = (int)ev->start_mark.line + 1;
    const char *anchor = event_anchor(ev);
    const char *bad = ev->type == YAML_ALIAS_EVENT ? "aliases (*name)"
                      : anchor                      ? "anchors (&name)"
                                                    : NULL;
    if (bad || depth > r->max_depth) {
        if (bad)
            pb_error(r->d, r->file, line, "YAML %s are not allowed here", bad);
        else
            pb_error(r->d, r->file, line, "nesting deeper than %d levels", r->max_depth);
        yaml_event_delete(ev);
        return NULL;
    }
    pb_ynode *n = pb_xcalloc(1, sizeof *n);
    n->line = line;
    if (ev->type == YAML_SCALAR_EVENT) {
        n->kind = PB_YNODE_SCALAR;
        n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        n->text = pb_xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
        yaml_event_delete(ev);
        return n;
    }
    n->kind = ev->type == YAML_MAPPING_START_EVENT ? PB_YNODE_MAP : PB_YNODE_SEQ;
    yaml_event_delete(ev);
    if (read_children(r, n, depth))
        return n;
    pb_yamltree_free(n);
    return NULL;
}

/* Expects the next event to be of type t (only structure events). */
static bool expect_event(reader *r, yaml_event_type_t t)
{
    yaml_event_t ev;
    if (!next_event(r, &ev))
        return false;
    bool ok = ev.type == t;
    if (!ok && t == YAML_STREAM_END_EVENT)
        pb_error(r->d, r->file, (int)ev.start_mark.line + 1,
                 "only one YAML document is allowed; remove the second `---`");
    yaml_event_delete(&ev);
    return ok;
}

/* The root node; NULL with *empty set for an empty stream, NULL after an error. */
static pb_ynode *read_yaml(reader *r, bool *empty)
{
    yaml_event_t ev;
    pb_ynode *root = NULL;
    *empty = false;
    if (!expect_event(r, YAML_STREAM_START_EVENT) || !next_event(r, &ev))
        return NULL;
    if (ev.type == YAML_STREAM_END_EVENT) {
        yaml_event_delete(&ev);
        *empty = true;
        return NULL;
    }
    yaml_event_delete(&ev);
    if (!next_event(r, &ev) || !(root = read_node(r, &ev, 0)))
        return NULL;
    if (expect_event(r, YAML_DOCUMENT_END_EVENT) && expect_event(r, YAML_STREAM_END_EVENT))
        return root;
    pb_yamltree_free(root);
    return NULL;
}

pb_ynode *pb_yamltree_parse(const char *text, size_t len, const char *file, int max_depth,
                            bool *empty, pb_diags *d)
{
    reader r = {.file = file, .src = text, .len = len, .max_depth = max_depth, .d = d};
    if (!yaml_parser_initialize(&r.p))
        abort(); /* only fails when out of memory */
    yaml_parser_set_input_string(&r.p, (const unsigned char *)text, len);
    pb_ynode *root = read_yaml(&r, empty);
    yaml_parser_delete(&r.p);
    return root;
}

const pb_ynode *pb_yamltree_get(const pb_ynode *map, const char *key)
{
    if (!map || map->kind != PB_YNODE_MAP)
        return NULL;
    for (size_t i = 0; i + 1 < map->nkids; i += 2)
        if (strcmp(map->kids[i]->text, key) == 0)
            return map->kids[i + 1];
    return NULL;
}

const char *pb_yamltree_kind_name(const pb_ynode *n)
{
    return n->kind == PB_YNODE_MAP   ? "a mapping"
           : n->kind == PB_YNODE_SEQ ? "a list"
                                     : "a single value";
}
