/*
 * util.c: arena, buffer, vector, hashing and ASCII helpers shared by every module.
 * The arena hands out memory for one article and frees it in one go; buffers refuse to grow
 * past their limit, so no input can make newsdesk allocate without bound.
 */
#include "util.h"

#include <stdlib.h>
#include <xxhash.h>

#include "newsdesk.h"

struct nd__arena_chunk {
    nd__arena_chunk *next;
    size_t size;
    size_t used;
    max_align_t data[]; /* `size` bytes follow */
};

#define ARENA_MIN_CHUNK 1024

void nd__arena_init(nd__arena *arena) { memset(arena, 0, sizeof *arena); }

static nd__arena_chunk *arena_add_chunk(nd__arena *arena, size_t size)
{
    size_t want = size > ARENA_MIN_CHUNK ? size : ARENA_MIN_CHUNK;
    nd__arena_chunk *chunk = malloc(sizeof *chunk + want);
    if (!chunk)
        return NULL;
    chunk->size = want;
    chunk->used = 0;
    chunk->next = arena->head;
    arena->head = chunk;
    arena->held_bytes += nd__malloc_bytes(sizeof *chunk + want);
    return chunk;
}

int nd__arena_reserve(nd__arena *arena, size_t size)
{
    if (arena->head && arena->head->size - arena->head->used >= size)
        return ND_OK;
    return arena_add_chunk(arena, size) ? ND_OK : ND_ENOMEM;
}

void nd__arena_release(nd__arena *arena)
{
    nd__arena_chunk *chunk = arena->head;
    while (chunk) {
        nd__arena_chunk *next = chunk->next;
        free(chunk);
        chunk = next;
    }
    arena->head = NULL;
    arena->used_bytes = 0;
    arena->held_bytes = 0;
}

void *nd__arena_alloc(nd__arena *arena, size_t size)
{
    const size_t align = sizeof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    if (size == 0)
        size = align;
    nd__arena_chunk *chunk = arena->head;
    if (!chunk || chunk->size - chunk->used < size) {
        /* Growing chunks keep the number of chunks logarithmic in the article's size. */
        size_t grow = chunk ? chunk->size : 0;
        chunk = arena_add_chunk(arena, size > grow ? size : grow);
        if (!chunk)
            return NULL;
    }
    void *out = (char *)chunk->data + chunk->used;
    chunk->used += size;
    arena->used_bytes += size;
    return out;
}

char *nd__arena_strndup(nd__arena *arena, const char *text, size_t len)
{
    char *copy = nd__arena_alloc(arena, len + 1);
    if (!copy)
        return NULL;
    if (len)
        memcpy(copy, text, len);
    copy[len] = '\0';
    return copy;
}

void nd__buf_init(nd__buf *buf, size_t limit)
{
    memset(buf, 0, sizeof *buf);
    buf->limit = limit;
}

void nd__buf_release(nd__buf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}

void nd__buf_reset(nd__buf *buf)
{
    buf->len = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

int nd__buf_append(nd__buf *buf, const char *data, size_t len)
{
    if (len > buf->limit || buf->len > buf->limit - len)
        return ND_ETOOBIG;
    if (buf->len + len + 1 > buf->cap) {
        size_t cap = buf->cap ? buf->cap : 256;
        while (cap < buf->len + len + 1)
            cap *= 2;
        char *grown = realloc(buf->data, cap);
        if (!grown)
            return ND_ENOMEM;
        buf->data = grown;
        buf->cap = cap;
    }
    if (len)
        memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
    return ND_OK;
}

int nd__buf_putc(nd__buf *buf, char c) { return nd__buf_append(buf, &c, 1); }

char *nd__buf_take(nd__buf *buf, size_t *len)
{
    char *data = buf->data;
    if (len)
        *len = buf->len;
    buf->data = NULL;
    buf->len = buf->cap = 0;
    return data;
}

int nd__vec_reserve(nd__vec *vec, size_t count, size_t item_size)
{
    if (count <= vec->cap)
        return ND_OK;
    if (item_size && count > ND_MAX_VEC_BYTES / item_size)
        return ND_ETOOBIG;
    void *grown = realloc(vec->items, count * item_size);
    if (!grown)
        return ND_ENOMEM;
    vec->items = grown;
    vec->cap = count;
    vec->item_size = item_size;
    return ND_OK;
}

void *nd__vec_push(nd__vec *vec, size_t item_size)
{
    if (vec->count == vec->cap) {
        size_t cap = vec->cap ? vec->cap * 2 : 16;
        if (item_size && cap > ND_MAX_VEC_BYTES / item_size) {
            cap = ND_MAX_VEC_BYTES / item_size; /* the last doubling stops at the ceiling */
            if (cap <= vec->count)
                return NULL;
        }
        void *grown = realloc(vec->items, cap * item_size);
        if (!grown)
            return NULL;
        vec->items = grown;
        vec->cap = cap;
        vec->item_size = item_size;
    }
    void *item = (char *)vec->items + vec->count * item_size;
    memset(item, 0, item_size);
    vec->count++;
    return item;
}

void nd__vec_release(nd__vec *vec)
{
    free(vec->items);
    memset(vec, 0, sizeof *vec);
}

uint64_t nd__hash64(const void *data, size_t len, uint64_t seed)
{
    return XXH3_64bits_withSeed(data, len, seed);
}

/* ---- the hash map ----------------------------------------------------------------------------- */
static uint64_t map_key(uint64_t key) { return key ? key : 1; }

static size_t round_up_pow2(size_t n)
{
    size_t cap = 16;
    while (cap < n)
        cap *= 2;
    return cap;
}

static void map_setup(nd__map *m, size_t value_size, size_t first_capacity, size_t max_entries, int multi)
{
    memset(m, 0, sizeof *m);
    m->value_size = value_size;
    m->first_capacity = round_up_pow2(first_capacity);
    m->max_entries = max_entries ? max_entries : ND_MAX_MAP_ENTRIES;
    m->multi = multi;
}

void nd__map_init(nd__map *m, size_t value_size, size_t first_capacity, size_t max_entries)
{
    map_setup(m, value_size, first_capacity, max_entries, 0);
}

void nd__map_init_multi(nd__map *m, size_t value_size, size_t first_capacity, size_t max_entries)
{
    map_setup(m, value_size, first_capacity, max_entries, 1);
}

/* A set (value_size 0) gives the key's slot: a non-NULL pointer to no bytes. */
static inline void *map_value(const nd__map *m, size_t slot)
{
    return m->value_size ? (void *)(m->values + slot * m->value_size) : (void *)&m->keys[slot];
}

/* Moves every entry of `m` into fresh tables of `capacity` slots, keeping those `keep` keeps.
 * Entries are moved in slot order from slot 0 (what each copy this map replaces did, so that
 * tables lay out as before); a multimap starts at a free slot instead, so that equal keys whose
 * run wraps past the end keep the order they were added in. */
static int map_rebuild(nd__map *m, size_t capacity, int (*keep)(void *, uint64_t, const void *), void *user)
{
    uint64_t *keys = calloc(capacity, sizeof *keys);
    unsigned char *values = m->value_size ? calloc(capacity, m->value_size) : NULL;
    if (!keys || (m->value_size && !values)) {
        free(keys);
        free(values);
        return ND_ENOMEM;
    }
    size_t start = 0, count = 0, mask = capacity - 1;
    if (m->multi)
        while (start < m->capacity && m->keys[start])
            start++;
    for (size_t n = 0; n < m->capacity; n++) {
        size_t i = (start + n) & (m->capacity - 1);
        uint64_t key = m->keys[i];
        if (!key || (keep && !keep(user, key, map_value(m, i))))
            continue;
        size_t j = nd__mix64(key) & mask;
        while (keys[j])
            j = (j + 1) & mask;
        keys[j] = key;
        if (m->value_size)
            memcpy(values + j * m->value_size, map_value(m, i), m->value_size);
        count++;
    }
    free(m->keys);
    free(m->values);
    m->keys = keys;
    m->values = values;
    m->capacity = capacity;
    m->count = count;
    return ND_OK;
}

/* Room for one more entry: ND_OK, ND_ENOMEM or ND_ETOOBIG. */
static int map_room(nd__map *m)
{
    if (m->count >= m->max_entries)
        return ND_ETOOBIG;
    if (m->capacity && (m->count + 1) * 2 <= m->capacity)
        return ND_OK;
    if (!m->first_capacity) /* zero-initialised: the defaults */
        m->first_capacity = 16;
    return map_rebuild(m, m->capacity ? m->capacity * 2 : m->first_capacity, NULL, NULL);
}

void *nd__map_find(const nd__map *m, uint64_t key)
{
    if (!m->capacity)
        return NULL;
    key = map_key(key);
    size_t mask = m->capacity - 1;
    for (size_t i = nd__mix64(key) & mask;; i = (i + 1) & mask) {
        if (m->keys[i] == key)
            return map_value(m, i);
        if (!m->keys[i])
            return NULL;
    }
}

void *nd__map_put(nd__map *m, uint64_t key, int *created)
{
    key = map_key(key);
    if (m->capacity) {
        void *found = nd__map_find(m, key);
        if (found) {
            if (created)
                *created = 0;
            return found;
        }
    }
    int rc = map_room(m);
    if (rc != ND_OK) {
        if (created)
            *created = rc;
        return NULL;
    }
    size_t mask = m->capacity - 1, i = nd__mix64(key) & mask;
    while (m->keys[i])
        i = (i + 1) & mask;
    m->keys[i] = key;
    m->count++;
    if (created)
        *created = 1;
    return map_value(m, i); /* zeroed: slots are cleared when made and when cleared */
}

void *nd__map_add(nd__map *m, uint64_t key)
{
    key = map_key(key);
    if (map_room(m) != ND_OK)
        return NULL;
    size_t mask = m->capacity - 1, i = nd__mix64(key) & mask;
    while (m->keys[i]) /* past every entry of the run: equal keys stay in the order added */
        i = (i + 1) & mask;
    m->keys[i] = key;
    m->count++;
    return map_value(m, i);
}

void *nd__map_next(const nd__map *m, uint64_t key, size_t *cursor)
{
    if (!m->capacity)
        return NULL;
    key = map_key(key);
    size_t mask = m->capacity - 1;
    /* *cursor is 0 at the start, else one past the slot returned last (plus one, so 0 is free) */
    size_t i = *cursor ? (*cursor) & mask : nd__mix64(key) & mask;
    for (size_t probes = 0; probes < m->capacity; probes++, i = (i + 1) & mask) {
        if (!m->keys[i])
            return NULL;
        if (m->keys[i] == key) {
            *cursor = ((i + 1) & mask) | m->capacity; /* never 0 */
            return map_value(m, i);
        }
    }
    return NULL;
}

void *nd__map_each(const nd__map *m, size_t *cursor, uint64_t *key)
{
    for (size_t i = *cursor; i < m->capacity; i++) {
        if (m->keys[i]) {
            *cursor = i + 1;
            if (key)
                *key = m->keys[i];
            return map_value(m, i);
        }
    }
    *cursor = m->capacity;
    return NULL;
}

int nd__map_filter(nd__map *m, size_t capacity, int (*keep)(void *, uint64_t, const void *), void *user)
{
    if (!m->capacity)
        return ND_OK;
    return map_rebuild(m, capacity ? round_up_pow2(capacity) : m->capacity, keep, user);
}

void nd__map_clear(nd__map *m)
{
    if (!m->capacity)
        return;
    memset(m->keys, 0, m->capacity * sizeof *m->keys);
    if (m->value_size)
        memset(m->values, 0, m->capacity * m->value_size);
    m->count = 0;
}

void nd__map_release(nd__map *m)
{
    free(m->keys);
    free(m->values);
    m->keys = NULL;
    m->values = NULL;
    m->capacity = m->count = 0;
}

/* ---- u64 map: the map with uint64_t values ---------------------------------------------------- */
uint64_t *nd__u64_map_find(const nd__u64_map *map, uint64_t key) { return nd__map_find(map, key); }

int nd__u64_map_put(nd__u64_map *map, uint64_t key, uint64_t value)
{
    if (!map->value_size && !map->capacity)
        nd__map_init(map, sizeof(uint64_t), 64, 0); /* zero-initialised */
    int created = 0;
    uint64_t *slot = nd__map_put(map, key, &created);
    if (!slot)
        return created;
    *slot = value;
    return ND_OK;
}

void nd__u64_map_release(nd__u64_map *map)
{
    nd__map_release(map);
    memset(map, 0, sizeof *map);
}

/* ---- top-k ------------------------------------------------------------------------------------ */
size_t nd__top_k(const void *items, size_t n, size_t size, void *top, size_t k,
                 int (*cmp)(const void *, const void *))
{
    const char *in = items;
    char *out = top;
    size_t count = 0;
    if (k == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        const char *item = in + i * size;
        if (count == k && cmp(item, out + (k - 1) * size) >= 0)
            continue;
        size_t at = count < k ? count++ : k - 1;
        while (at > 0 && cmp(item, out + (at - 1) * size) < 0) {
            memcpy(out + at * size, out + (at - 1) * size, size);
            at--;
        }
        memcpy(out + at * size, item, size);
    }
    return count;
}

long nd__find_ci(const char *text, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0 || n > len)
        return n == 0 ? 0 : -1;
    unsigned char first = nd__to_lower((unsigned char)needle[0]);
    for (size_t i = 0; i + n <= len; i++) {
        if (nd__to_lower((unsigned char)text[i]) != first)
            continue;
        size_t k = 1;
        while (k < n && nd__to_lower((unsigned char)text[i + k]) == nd__to_lower((unsigned char)needle[k]))
            k++;
        if (k == n)
            return (long)i;
    }
    return -1;
}

int nd__equals_ci(const char *text, size_t len, const char *word)
{
    /* Stops at the first difference, without measuring `word` first: most calls differ at once. */
    for (size_t i = 0; i < len; i++)
        if (!word[i] || nd__to_lower((unsigned char)text[i]) != nd__to_lower((unsigned char)word[i]))
            return 0;
    return word[len] == '\0';
}

int nd__put_u64(nd__buf *buf, uint64_t value)
{
    unsigned char bytes[8];
    for (int i = 0; i < 8; i++)
        bytes[i] = (unsigned char)(value >> (8 * i));
    return nd__buf_append(buf, (const char *)bytes, sizeof bytes);
}

int nd__put_bytes(nd__buf *buf, const void *data, size_t len)
{
    int rc = nd__put_u64(buf, len);
    return rc == ND_OK && len ? nd__buf_append(buf, data, len) : rc;
}

uint64_t nd__get_u64(nd__cursor *c)
{
    if (c->failed || c->end - c->at < 8) {
        c->failed = 1;
        return 0;
    }
    uint64_t value = 0;
    for (int i = 0; i < 8; i++)
        value |= (uint64_t)c->at[i] << (8 * i);
    c->at += 8;
    return value;
}

const void *nd__get_bytes(nd__cursor *c, size_t *len, size_t limit)
{
    uint64_t n = nd__get_u64(c);
    if (c->failed || n > limit || n > (uint64_t)(c->end - c->at)) {
        c->failed = 1;
        *len = 0;
        return NULL;
    }
    const void *data = c->at;
    c->at += n;
    *len = (size_t)n;
    return data;
}
