/* Shaped runs depend only on the text, its styled ranges, the style's font
 * (family, strong text's family, weight, size) and the languages; the same inputs give the same
 * runs, which nothing changes after shaping (lines copy what they draw). So
 * every paragraph's runs are kept, owned here, under a hash of those inputs,
 * and a paragraph set again shares them: no itemizing, no shaping. A text set
 * once costs a hash and a table entry. */
#include "shapecache.h"

#include <stdlib.h>
#include <string.h>

#include "../base/util.h"

typedef struct entry {
    struct entry *next;
    uint64_t hash;
    char *text; /* the key, copied */
    int len;
    pb_span *spans;
    int nspans;
    char *family, *strong, *lang, *context_lang;
    int weight;
    pb_len size;
    pb_run *runs; /* the value */
    int nruns;
} entry;

struct pb_shapecache {
    entry **buckets;
    size_t nbuckets, n;
};

pb_shapecache *pb_shapecache_new(void)
{
    pb_shapecache *c = pb_xcalloc(1, sizeof *c);
    c->nbuckets = 256;
    c->buckets = pb_xcalloc(c->nbuckets, sizeof *c->buckets);
    return c;
}

static void free_entry(entry *e)
{
    for (int i = 0; i < e->nruns; i++) {
        pango_item_free(e->runs[i].item);
        pango_glyph_string_free(e->runs[i].glyphs);
    }
    free(e->runs);
    free(e->text), free(e->spans), free(e->family), free(e->strong), free(e->lang), free(e->context_lang);
    free(e);
}

void pb_shapecache_free(pb_shapecache *c)
{
    if (!c)
        return;
    for (size_t b = 0; b < c->nbuckets; b++)
        for (entry *e = c->buckets[b], *next; e; e = next) {
            next = e->next;
            free_entry(e);
        }
    free(c->buckets);
    free(c);
}

size_t pb_shapecache_count(const pb_shapecache *c) { return c->n; }

/* FNV-1a, 64 bits. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

/* The face of strong text, which its runs depend on too. */
static const char *strong_of(const pb_style *s) { return s->strong_family ? s->strong_family : ""; }

static uint64_t hash_key(const pb_shape_key *k)
{
    uint64_t h = mix(0xcbf29ce484222325ull, k->text->s, (size_t)k->text->len);
    for (int i = 0; i < k->text->nspans; i++) {
        const pb_span *sp = &k->text->spans[i];
        int v[3] = {sp->start, sp->len, (int)sp->flags};
        h = mix(h, v, sizeof v);
    }
    h = mix(h, k->style->family, strlen(k->style->family));
    h = mix(h, strong_of(k->style), strlen(strong_of(k->style)));
    h = mix(h, &k->style->weight, sizeof k->style->weight);
    h = mix(h, &k->style->size, sizeof k->style->size);
    h = mix(h, k->lang, strlen(k->lang));
    return mix(h, k->context_lang, strlen(k->context_lang));
}

static bool same_spans(const entry *e, const pb_text *t)
{
    if (e->nspans != t->nspans)
        return false;
    for (int i = 0; i < t->nspans; i++)
        if (e->spans[i].start != t->spans[i].start || e->spans[i].len != t->spans[i].len ||
            e->spans[i].flags != t->spans[i].flags)
            return false;
    return true;
}

static bool matches(const entry *e, uint64_t h, const pb_shape_key *k)
{
    return e->hash == h && e->len == k->text->len && !memcmp(e->text, k->text->s, (size_t)e->len) &&
           same_spans(e, k->text) && e->weight == k->style->weight && e->size == k->style->size &&
           !strcmp(e->family, k->style->family) && !strcmp(e->strong, strong_of(k->style)) &&
           !strcmp(e->lang, k->lang) &&
           !strcmp(e->context_lang, k->context_lang);
}

pb_run *pb_shapecache_find(pb_shapecache *c, const pb_shape_key *k, int *n)
{
    uint64_t h = hash_key(k);
    for (entry *e = c->buckets[h % c->nbuckets]; e; e = e->next)
        if (matches(e, h, k)) {
            *n = e->nruns;
            return e->runs;
        }
    return NULL;
}

static void grow(pb_shapecache *c)
{
    size_t nb = c->nbuckets * 4;
    entry **b = pb_xcalloc(nb, sizeof *b);
    for (size_t i = 0; i < c->nbuckets; i++)
        for (entry *e = c->buckets[i], *next; e; e = next) {
            next = e->next;
            e->next = b[e->hash % nb];
            b[e->hash % nb] = e;
        }
    free(c->buckets);
    c->buckets = b;
    c->nbuckets = nb;
}

pb_run *pb_shapecache_add(pb_shapecache *c, const pb_shape_key *k, pb_run *runs, int n)
{
    entry *e = pb_xcalloc(1, sizeof *e);
    e->hash = hash_key(k);
    e->text = pb_xstrndup(k->text->s, (size_t)k->text->len);
    e->len = k->text->len;
    e->nspans = k->text->nspans;
    if (e->nspans) {
        e->spans = pb_xmalloc((size_t)e->nspans * sizeof *e->spans);
        memcpy(e->spans, k->text->spans, (size_t)e->nspans * sizeof *e->spans);
    }
    e->family = pb_xstrdup(k->style->family);
    e->strong = pb_xstrdup(strong_of(k->style));
    e->lang = pb_xstrdup(k->lang);
    e->context_lang = pb_xstrdup(k->context_lang);
    e->weight = k->style->weight;
    e->size = k->style->size;
    e->runs = runs;
    e->nruns = n;
    if (++c->n > 2 * c->nbuckets)
        grow(c);
    e->next = c->buckets[e->hash % c->nbuckets];
    c->buckets[e->hash % c->nbuckets] = e;
    return runs;
}
