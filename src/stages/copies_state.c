/*
 * copies_state.c: the copy finder's window as state, for engine.c's blob. Takes a copy finder
 * (to save) or one just made with the same options (to load into) and gives the records of the
 * originals held, their signatures, and the two generations of maps as they are, in the host's
 * byte order; a load checks every count, length and original number against what the blob
 * holds before it trusts it.
 */
#include "copies_index.h"

#include <stdlib.h>
#include <string.h>

#include "limits.h"

/* The first field: which layout follows. 2 since the maps are util.c's and are written entry by
 * entry; a blob of the first layout (whose first field was 0x01020304) is refused. Signatures
 * are written as they lie in memory: a state moves between hosts of one byte order. */
#define STATE_FORMAT 2

/* A map as its entries: their count, then each key with its value in a u64. A multimap is
 * written from a free slot on, so that the values of one key come in the order they were added
 * and load adds them back in that order. */
static int put_map(nd__buf *out, const nd__map *m, int is_df)
{
    int rc = nd__put_u64(out, m->count);
    size_t start = 0;
    while (m->multi && start < m->capacity && m->keys[start])
        start++;
    for (size_t n = 0; n < m->capacity && rc == ND_OK; n++) {
        size_t i = (start + n) & (m->capacity - 1);
        if (!m->keys[i])
            continue;
        uint64_t value;
        if (is_df) {
            value = ((const uint16_t *)m->values)[i];
        } else {
            const posting *p = (const posting *)(const void *)m->values + i;
            value = (uint64_t)p->offset << 32 | p->article;
        }
        if ((rc = nd__put_u64(out, m->keys[i])) == ND_OK)
            rc = nd__put_u64(out, value);
    }
    return rc;
}

/* Reads what put_map wrote into an empty map. Every original number must be a record held and
 * every fingerprint offset inside that record's text: a damaged state must not send a look-up
 * outside the window. The count is checked against the bytes left before anything is made. */
static int get_map(const nd__copies *c, nd__cursor *in, nd__map *m, int is_df)
{
    uint64_t count = nd__get_u64(in);
    if (in->failed || count > (uint64_t)(in->end - in->at) / 16)
        return ND_EFORMAT;
    for (uint64_t n = 0; n < count; n++) {
        uint64_t key = nd__get_u64(in), value = nd__get_u64(in);
        if (in->failed || key == 0 || key > UINT32_MAX)
            return ND_EFORMAT;
        if (is_df) {
            int created = 0;
            uint16_t *slot = nd__map_put(m, key, &created);
            if (!slot)
                return ND_ENOMEM;
            if (created != 1 || value == 0 || value > UINT16_MAX)
                return ND_EFORMAT;
            *slot = (uint16_t)value;
            continue;
        }
        uint64_t article = (uint32_t)value, offset = value >> 32;
        if (article < c->oldest || article >= c->next_number || offset > nd__original_at(c, article)->view.body_len)
            return ND_EFORMAT;
        posting *p = nd__map_add(m, key);
        if (!p)
            return ND_ENOMEM;
        p->article = (uint32_t)article;
        p->offset = (uint32_t)offset;
    }
    return ND_OK;
}

int nd__copies_save(const nd__copies *c, nd__buf *out)
{
    uint64_t head[] = {STATE_FORMAT, c->window, (uint64_t)c->current, c->next_number, c->oldest, c->stamp,
                       c->stats.articles, c->stats.exact, c->stats.near, c->stats.passages, c->stats.indexed};
    int rc = ND_OK;
    for (size_t i = 0; i < sizeof head / sizeof head[0] && rc == ND_OK; i++)
        rc = nd__put_u64(out, head[i]);
    for (uint64_t n = c->oldest; n < c->next_number && rc == ND_OK; n++) {
        const original *o = nd__original_at(c, n);
        const char *strings[] = {o->view.id, o->view.title, o->view.source, o->view.published ? o->view.published : ""};
        for (int k = 0; k < 4 && rc == ND_OK; k++)
            rc = nd__put_bytes(out, strings[k], strlen(strings[k]));
        if (rc == ND_OK)
            rc = nd__put_u64(out, o->view.published != NULL);
        if (rc == ND_OK)
            rc = nd__put_bytes(out, o->view.body, o->view.body_len);
        if (rc == ND_OK)
            rc = nd__put_bytes(out, o->signature, sizeof o->signature);
        if (rc == ND_OK)
            rc = nd__put_u64(out, o->seen);
        if (rc == ND_OK)
            rc = nd__put_u64(out, (uint64_t)o->tag);
    }
    for (int g = 0; g < 2 && rc == ND_OK; g++) {
        const generation *gen = &c->gen[g];
        if ((rc = nd__put_u64(out, gen->first)) == ND_OK && (rc = nd__put_u64(out, gen->count)) == ND_OK &&
            (rc = put_map(out, &gen->exact, 0)) == ND_OK && (rc = put_map(out, &gen->bands, 0)) == ND_OK &&
            (rc = put_map(out, &gen->fingerprints, 0)) == ND_OK)
            rc = put_map(out, &gen->df, 1);
    }
    return rc;
}

int nd__copies_load(nd__copies *c, nd__cursor *in)
{
    if (c->next_number || c->stamp)
        return ND_EINVAL;
    uint64_t format = nd__get_u64(in), window = nd__get_u64(in), current = nd__get_u64(in);
    uint64_t next = nd__get_u64(in), oldest = nd__get_u64(in), stamp = nd__get_u64(in);
    nd__dedup_stats st = {0};
    st.articles = (size_t)nd__get_u64(in);
    st.exact = (size_t)nd__get_u64(in);
    st.near = (size_t)nd__get_u64(in);
    st.passages = (size_t)nd__get_u64(in);
    st.indexed = (size_t)nd__get_u64(in);
    if (in->failed || format != STATE_FORMAT || window != c->window || current > 1 || oldest > next ||
        next > UINT32_MAX || stamp > UINT32_MAX || next - oldest > ND_MAX_ARTICLES || (c->window && next - oldest > c->window))
        return ND_EFORMAT;
    size_t held = (size_t)(next - oldest);
    c->ring_cap = c->window ? c->window : (held > 256 ? held : 256);
    if (!(c->ring = calloc(c->ring_cap, sizeof *c->ring)))
        return ND_ENOMEM;
    c->oldest = c->next_number = oldest;
    int rc = ND_OK;
    for (uint64_t n = oldest; n < next && rc == ND_OK; n++) {
        nd_article view = {0};
        size_t lens[4];
        const char *strings[4];
        for (int k = 0; k < 4; k++)
            strings[k] = nd__get_bytes(in, &lens[k], ND_MAX_FIELD_BYTES * 4);
        int dated = (int)nd__get_u64(in);
        size_t body_len, signature_len;
        const char *body = nd__get_bytes(in, &body_len, ND_MAX_ARTICLE_BYTES * 2);
        const void *signature = nd__get_bytes(in, &signature_len, ND__MINHASH_BINS * sizeof(uint16_t));
        uint64_t seen = nd__get_u64(in), tag = nd__get_u64(in);
        if (in->failed || signature_len != ND__MINHASH_BINS * sizeof(uint16_t)) {
            rc = ND_EFORMAT;
            break;
        }
        /* the record as nd__copies_new_original makes it, from NUL-terminated copies */
        char *fields[4] = {0};
        for (int k = 0; k < 4 && rc == ND_OK; k++)
            if (!(fields[k] = malloc(lens[k] + 1)))
                rc = ND_ENOMEM;
            else
                memcpy(fields[k], strings[k], lens[k]), fields[k][lens[k]] = '\0';
        if (rc == ND_OK) {
            view.id = fields[0], view.title = fields[1], view.source = fields[2];
            view.published = dated ? fields[3] : NULL;
            view.body = body, view.body_len = body_len;
            original *o = nd__copies_new_original(c, &view);
            if (!o)
                rc = ND_ENOMEM;
            else {
                memcpy(o->signature, signature, sizeof o->signature);
                o->seen = (uint32_t)seen;
                o->tag = (long long)tag;
                c->next_number++;
            }
        }
        for (int k = 0; k < 4; k++)
            free(fields[k]);
    }
    for (int g = 0; g < 2 && rc == ND_OK; g++) {
        generation *gen = &c->gen[g];
        gen->first = nd__get_u64(in);
        gen->count = (size_t)nd__get_u64(in);
        if (in->failed || gen->count > held) {
            rc = ND_EFORMAT;
            break;
        }
        if ((rc = get_map(c, in, &gen->exact, 0)) != ND_OK || (rc = get_map(c, in, &gen->bands, 0)) != ND_OK ||
            (rc = get_map(c, in, &gen->fingerprints, 0)) != ND_OK)
            break;
        rc = get_map(c, in, &gen->df, 1);
    }
    if (rc == ND_OK) {
        /* the generations split the records held in two runs, the older one first: eviction
         * frees a generation's records by number */
        const generation *older = &c->gen[!current], *newer = &c->gen[current];
        if (older->count + newer->count != held || (older->count && older->first != oldest) ||
            (newer->count && newer->first != oldest + older->count))
            rc = ND_EFORMAT;
    }
    if (rc == ND_OK) {
        c->current = (int)current;
        c->stamp = (uint32_t)stamp;
        c->stats = st;
    }
    return rc; /* on failure the caller frees the copy finder */
}
