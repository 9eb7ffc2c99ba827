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

#define STATE_BYTE_ORDER 0x01020304u /* the maps are written in the host's order */
#define STATE_MAX_SLOTS (1u << 30)

static int put_map(nd__buf *out, const key_map *m)
{
    int rc = nd__put_u64(out, m->cap);
    if (rc == ND_OK)
        rc = nd__put_u64(out, m->used);
    if (rc == ND_OK && m->cap)
        rc = nd__put_bytes(out, m->keys, m->cap * sizeof *m->keys);
    if (rc == ND_OK && m->cap)
        rc = nd__put_bytes(out, m->articles, m->cap * sizeof *m->articles);
    if (rc == ND_OK && m->cap && m->with_offsets)
        rc = nd__put_bytes(out, m->offsets, m->cap * sizeof *m->offsets);
    return rc;
}

static int get_array(nd__cursor *in, void *into, size_t bytes)
{
    size_t len;
    const void *data = nd__get_bytes(in, &len, bytes);
    if (!data || len != bytes)
        return ND_EFORMAT;
    memcpy(into, data, bytes);
    return ND_OK;
}

static int get_map(nd__cursor *in, key_map *m)
{
    uint64_t cap = nd__get_u64(in), used = nd__get_u64(in);
    if (in->failed || cap > STATE_MAX_SLOTS || used * 100 > cap * ND__MAP_LOAD_PERCENT)
        return ND_EFORMAT;
    if (!cap)
        return ND_OK;
    if (nd__key_map_alloc(m, (size_t)cap) != ND_OK)
        return ND_ENOMEM;
    m->used = (size_t)used;
    int rc = get_array(in, m->keys, m->cap * sizeof *m->keys);
    if (rc == ND_OK)
        rc = get_array(in, m->articles, m->cap * sizeof *m->articles);
    if (rc == ND_OK && m->with_offsets)
        rc = get_array(in, m->offsets, m->cap * sizeof *m->offsets);
    size_t filled = 0;
    for (size_t i = 0; rc == ND_OK && i < m->cap; i++)
        filled += m->keys[i] != 0;
    return rc == ND_OK && filled != m->used ? ND_EFORMAT : rc;
}

int nd__copies_save(const nd__copies *c, nd__buf *out)
{
    uint64_t head[] = {STATE_BYTE_ORDER, c->window, (uint64_t)c->current, c->next_number, c->oldest, c->stamp,
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
            (rc = put_map(out, &gen->exact)) == ND_OK && (rc = put_map(out, &gen->bands)) == ND_OK &&
            (rc = put_map(out, &gen->fingerprints)) == ND_OK && (rc = nd__put_u64(out, gen->df.cap)) == ND_OK &&
            (rc = nd__put_u64(out, gen->df.used)) == ND_OK && gen->df.cap) {
            rc = nd__put_bytes(out, gen->df.keys, gen->df.cap * sizeof *gen->df.keys);
            if (rc == ND_OK)
                rc = nd__put_bytes(out, gen->df.counts, gen->df.cap * sizeof *gen->df.counts);
        }
    }
    return rc;
}

/* Every original number a map holds must be a record held, and every fingerprint offset inside
 * that record's text: a damaged state must not send a look-up outside the window. */
static int map_in_window(const nd__copies *c, const key_map *m)
{
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        uint64_t n = m->articles[i];
        if (n < c->oldest || n >= c->next_number)
            return 0;
        if (m->offsets && m->offsets[i] > nd__original_at(c, n)->view.body_len)
            return 0;
    }
    return 1;
}

int nd__copies_load(nd__copies *c, nd__cursor *in)
{
    if (c->next_number || c->stamp)
        return ND_EINVAL;
    uint64_t order = nd__get_u64(in), window = nd__get_u64(in), current = nd__get_u64(in);
    uint64_t next = nd__get_u64(in), oldest = nd__get_u64(in), stamp = nd__get_u64(in);
    nd__dedup_stats st = {0};
    st.articles = (size_t)nd__get_u64(in);
    st.exact = (size_t)nd__get_u64(in);
    st.near = (size_t)nd__get_u64(in);
    st.passages = (size_t)nd__get_u64(in);
    st.indexed = (size_t)nd__get_u64(in);
    if (in->failed || order != STATE_BYTE_ORDER || window != c->window || current > 1 || oldest > next ||
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
        if ((rc = get_map(in, &gen->exact)) != ND_OK || (rc = get_map(in, &gen->bands)) != ND_OK ||
            (rc = get_map(in, &gen->fingerprints)) != ND_OK)
            break;
        if (!map_in_window(c, &gen->exact) || !map_in_window(c, &gen->bands) || !map_in_window(c, &gen->fingerprints)) {
            rc = ND_EFORMAT;
            break;
        }
        uint64_t cap = nd__get_u64(in), used = nd__get_u64(in);
        if (in->failed || cap > STATE_MAX_SLOTS || (cap & (cap - 1)) || used * 2 > cap) {
            rc = ND_EFORMAT;
            break;
        }
        if (cap) {
            gen->df.cap = (size_t)cap;
            gen->df.used = (size_t)used;
            gen->df.keys = malloc(gen->df.cap * sizeof *gen->df.keys);
            gen->df.counts = malloc(gen->df.cap * sizeof *gen->df.counts);
            if (!gen->df.keys || !gen->df.counts)
                rc = ND_ENOMEM;
            else if ((rc = get_array(in, gen->df.keys, gen->df.cap * sizeof *gen->df.keys)) == ND_OK)
                rc = get_array(in, gen->df.counts, gen->df.cap * sizeof *gen->df.counts);
        }
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
