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

void *nd__vec_push(nd__vec *vec, size_t item_size)
{
    if (vec->count == vec->cap) {
        size_t cap = vec->cap ? vec->cap * 2 : 16;
        void *grown = realloc(vec->items, cap * item_size);
        if (!grown)
            return NULL;
        vec->items = grown;
        vec->cap = cap;
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

/* ---- u64 map ------------------------------------------------------------------------------- */
static uint64_t map_key(uint64_t key) { return key ? key : 1; }

uint64_t *nd__u64_map_find(const nd__u64_map *map, uint64_t key)
{
    if (!map->keys)
        return NULL;
    key = map_key(key);
    for (size_t i = nd__mix64(key) & map->mask;; i = (i + 1) & map->mask) {
        if (map->keys[i] == key)
            return &map->values[i];
        if (!map->keys[i])
            return NULL;
    }
}

int nd__u64_map_put(nd__u64_map *map, uint64_t key, uint64_t value)
{
    key = map_key(key);
    if (!map->keys || (map->used + 1) * 2 > map->mask + 1) {
        size_t cap = map->keys ? (map->mask + 1) * 2 : 64;
        uint64_t *keys = calloc(cap, sizeof *keys), *values = calloc(cap, sizeof *values);
        if (!keys || !values) {
            free(keys);
            free(values);
            return ND_ENOMEM;
        }
        for (size_t i = 0; map->keys && i <= map->mask; i++) {
            if (!map->keys[i])
                continue;
            size_t j = nd__mix64(map->keys[i]) & (cap - 1);
            while (keys[j])
                j = (j + 1) & (cap - 1);
            keys[j] = map->keys[i];
            values[j] = map->values[i];
        }
        free(map->keys);
        free(map->values);
        map->keys = keys;
        map->values = values;
        map->mask = cap - 1;
    }
    size_t i = nd__mix64(key) & map->mask;
    while (map->keys[i] && map->keys[i] != key)
        i = (i + 1) & map->mask;
    if (!map->keys[i])
        map->used++;
    map->keys[i] = key;
    map->values[i] = value;
    return ND_OK;
}

void nd__u64_map_release(nd__u64_map *map)
{
    free(map->keys);
    free(map->values);
    memset(map, 0, sizeof *map);
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
