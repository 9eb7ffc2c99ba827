/*
 * copies_index.c: the copy finder's maps. Takes 64-bit hashes and original numbers; gives the
 * postings (util.c's multimap from a hash to the originals that hold it: exact bodies, LSH
 * bands, passage fingerprints), a count of originals per sampled shingle and source (the
 * document frequencies passages.c tells boilerplate by), and the set-up, release and size of a
 * generation of them (copies_index.h).
 */
#include "copies_index.h"

#include <string.h>

#define FIRST_SLOTS 1024 /* slots of a generation's map at its first entry */

int nd__postings_add(nd__map *m, uint64_t hash, uint32_t article, uint32_t offset)
{
    posting *p = nd__map_add(m, nd__short_key(hash));
    if (!p)
        return ND_ENOMEM;
    p->article = article;
    p->offset = offset;
    return ND_OK;
}

uint64_t nd__df_key(uint64_t shingle, const char *source)
{
    return shingle ^ nd__hash64(source, strlen(source), 0x5bd1e995u);
}

unsigned nd__df_count(const nd__map *df, uint64_t key)
{
    const uint16_t *count = nd__map_find(df, nd__short_key(key));
    return count ? *count : 0;
}

int nd__df_add(nd__map *df, uint64_t key)
{
    uint16_t *count = nd__map_put(df, nd__short_key(key), NULL);
    if (!count)
        return ND_ENOMEM;
    if (*count < UINT16_MAX)
        (*count)++;
    return ND_OK;
}

void nd__generation_init(generation *g)
{
    memset(g, 0, sizeof *g);
    nd__map_init_multi(&g->exact, sizeof(posting), FIRST_SLOTS, 0);
    nd__map_init_multi(&g->bands, sizeof(posting), FIRST_SLOTS, 0);
    nd__map_init_multi(&g->fingerprints, sizeof(posting), FIRST_SLOTS, 0);
    nd__map_init(&g->df, sizeof(uint16_t), FIRST_SLOTS, 0);
}

void nd__generation_release(generation *g)
{
    nd__map_release(&g->exact);
    nd__map_release(&g->bands);
    nd__map_release(&g->fingerprints);
    nd__map_release(&g->df);
    g->count = 0;
}

size_t nd__generation_bytes(const generation *g)
{
    return nd__map_bytes(&g->exact) + nd__map_bytes(&g->bands) + nd__map_bytes(&g->fingerprints) +
           nd__map_bytes(&g->df);
}
