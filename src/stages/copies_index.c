/*
 * copies_index.c: the copy finder's maps. Takes 64-bit hashes and original numbers; gives a
 * multimap from 32 bits of a hash to original numbers (exact bodies, LSH bands, passage
 * fingerprints), a counter of sampled shingles per source (the document frequencies passages.c
 * tells boilerplate by), and the release and size of a generation of them (copies_index.h).
 */
#include "copies_index.h"

#include <stdlib.h>
#include <string.h>

size_t nd__key_map_slot_bytes(const key_map *m)
{
    return m->with_offsets ? 3 * sizeof(uint32_t) : 2 * sizeof(uint32_t);
}

/* Allocates `cap` empty slots; the old content is the caller's. */
int nd__key_map_alloc(key_map *m, size_t cap)
{
    m->keys = calloc(cap, sizeof *m->keys);
    m->articles = malloc(cap * sizeof *m->articles);
    m->offsets = m->with_offsets ? malloc(cap * sizeof *m->offsets) : NULL;
    m->cap = cap;
    if (!m->keys || !m->articles || (m->with_offsets && !m->offsets))
        return ND_ENOMEM;
    return ND_OK;
}

void nd__key_map_release(key_map *m)
{
    free(m->keys);
    free(m->articles);
    free(m->offsets);
    m->keys = m->articles = m->offsets = NULL;
    m->cap = m->used = 0;
}

static void key_map_put(key_map *m, uint32_t key, uint32_t article, uint32_t offset)
{
    size_t j = nd__home_slot(m, key);
    while (m->keys[j])
        j = j + 1 == m->cap ? 0 : j + 1;
    m->keys[j] = key;
    m->articles[j] = article;
    if (m->offsets)
        m->offsets[j] = offset;
    m->used++;
}

static int key_map_grow(key_map *m)
{
    key_map old = *m;
    size_t cap = old.cap ? old.cap + old.cap / 2 : 1024;
    if (nd__key_map_alloc(m, cap) != ND_OK) {
        nd__key_map_release(m);
        *m = old;
        return ND_ENOMEM;
    }
    m->used = 0;
    /* Entries are moved cluster by cluster from an empty slot on, so that equal keys keep
     * their order (insertion order) in the new table. */
    size_t start = 0;
    while (old.cap && old.keys[start])
        start++;
    for (size_t n = 0; n < old.cap; n++) {
        size_t i = (start + n) % old.cap;
        if (old.keys[i])
            key_map_put(m, old.keys[i], old.articles[i], old.offsets ? old.offsets[i] : 0);
    }
    nd__key_map_release(&old);
    return ND_OK;
}

/* Adds (key, article); equal keys may repeat (a multimap). */
int nd__key_map_add(key_map *m, uint64_t hash, uint32_t article, uint32_t offset)
{
    if ((m->used + 1) * 100 > m->cap * ND__MAP_LOAD_PERCENT && key_map_grow(m) != ND_OK)
        return ND_ENOMEM;
    key_map_put(m, nd__short_key(hash), article, offset);
    return ND_OK;
}

uint64_t nd__df_key(uint64_t shingle, const char *source)
{
    return shingle ^ nd__hash64(source, strlen(source), 0x5bd1e995u);
}

static size_t df_slot(const df_map *m, uint32_t key)
{
    size_t j = (size_t)nd__mix64(key) & (m->cap - 1);
    while (m->keys[j] && m->keys[j] != key)
        j = (j + 1) & (m->cap - 1);
    return j;
}

unsigned nd__df_count(const df_map *m, uint64_t shingle)
{
    if (!m->cap)
        return 0;
    size_t j = df_slot(m, nd__short_key(shingle));
    return m->keys[j] ? m->counts[j] : 0;
}

int nd__df_add(df_map *m, uint64_t shingle)
{
    if ((m->used + 1) * 2 > m->cap) {
        df_map grown = {0};
        grown.cap = m->cap ? m->cap * 2 : 1024;
        grown.keys = calloc(grown.cap, sizeof *grown.keys);
        grown.counts = malloc(grown.cap * sizeof *grown.counts);
        if (!grown.keys || !grown.counts) {
            free(grown.keys);
            free(grown.counts);
            return ND_ENOMEM;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i]) {
                size_t j = df_slot(&grown, m->keys[i]);
                grown.keys[j] = m->keys[i];
                grown.counts[j] = m->counts[i];
            }
        grown.used = m->used;
        free(m->keys);
        free(m->counts);
        *m = grown;
    }
    uint32_t key = nd__short_key(shingle);
    size_t j = df_slot(m, key);
    if (!m->keys[j]) {
        m->keys[j] = key;
        m->counts[j] = 0;
        m->used++;
    }
    if (m->counts[j] < UINT16_MAX)
        m->counts[j]++;
    return ND_OK;
}

void nd__df_release(df_map *m)
{
    free(m->keys);
    free(m->counts);
    memset(m, 0, sizeof *m);
}

void nd__generation_release(generation *g)
{
    nd__key_map_release(&g->exact);
    nd__key_map_release(&g->bands);
    nd__key_map_release(&g->fingerprints);
    nd__df_release(&g->df);
    g->count = 0;
}

size_t nd__generation_bytes(const generation *g)
{
    return g->exact.cap * nd__key_map_slot_bytes(&g->exact) + g->bands.cap * nd__key_map_slot_bytes(&g->bands) +
           g->fingerprints.cap * nd__key_map_slot_bytes(&g->fingerprints) + g->df.cap * (sizeof(uint32_t) + sizeof(uint16_t));
}

