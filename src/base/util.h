/*
 * util.h: the small tools every module uses: an arena for one article's memory, a growable
 * byte buffer with a ceiling, growable arrays, hashing, and ASCII helpers.
 */
#ifndef ND_UTIL_H
#define ND_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "limits.h"

/* ---- memory accounting ------------------------------------------------------------------------ */
/* What a malloc of `n` bytes takes from the heap, as glibc's allocator lays it out (an 8-byte
 * header, 16-byte granules, 32 bytes at least); 0 for n = 0. Memory reports (nd_engine_memory)
 * count blocks with this so that many small blocks are not undercounted. */
static inline size_t nd__malloc_bytes(size_t n)
{
    if (n == 0)
        return 0;
    size_t chunk = (n + 8 + 15) & ~(size_t)15;
    return chunk < 32 ? 32 : chunk;
}

/* ---- arena: bump allocation in chunks, freed all at once ---------------------------------- */
typedef struct nd__arena_chunk nd__arena_chunk;
typedef struct nd__arena {
    nd__arena_chunk *head; /* newest chunk first */
    size_t used_bytes;     /* bytes handed out, for memory accounting */
    size_t held_bytes;     /* bytes of its chunks as malloc holds them (nd__malloc_bytes) */
} nd__arena;

void nd__arena_init(nd__arena *arena);
/* Makes sure the next `size` bytes come from one chunk, sized to fit: an article reserves
 * about what it will need up front, so it costs one allocation. ND_OK or ND_ENOMEM. */
int nd__arena_reserve(nd__arena *arena, size_t size);
void nd__arena_release(nd__arena *arena);
/* `size` bytes aligned for any type, or NULL when out of memory. */
void *nd__arena_alloc(nd__arena *arena, size_t size);
/* A NUL-terminated copy of `len` bytes, or NULL when out of memory. */
char *nd__arena_strndup(nd__arena *arena, const char *text, size_t len);

/* ---- buffer: growable bytes with a ceiling (curl's dynbuf) --------------------------------- */
typedef struct nd__buf {
    char *data;    /* NUL-terminated when non-NULL; owned */
    size_t len;
    size_t cap;
    size_t limit;  /* appending past this fails with ND_ETOOBIG */
} nd__buf;

void nd__buf_init(nd__buf *buf, size_t limit);
void nd__buf_release(nd__buf *buf);
void nd__buf_reset(nd__buf *buf);
int nd__buf_append(nd__buf *buf, const char *data, size_t len);
int nd__buf_putc(nd__buf *buf, char c);
/* Hands the bytes to the caller (free() them) and leaves the buffer empty. */
char *nd__buf_take(nd__buf *buf, size_t *len);

/* ---- state blobs: little-endian fields appended to a buffer, read back with bounds checks ---- */
int nd__put_u64(nd__buf *buf, uint64_t value);
int nd__put_bytes(nd__buf *buf, const void *data, size_t len); /* length first, then the bytes */
typedef struct nd__reader_cursor {
    const unsigned char *at, *end;
    int failed;          /* set by any read past the end; later reads give 0 */
} nd__cursor;
uint64_t nd__get_u64(nd__cursor *c);
/* A length-prefixed run of bytes, borrowed from the blob; NULL (and failed) when it does not fit
 * or is longer than `limit`. */
const void *nd__get_bytes(nd__cursor *c, size_t *len, size_t limit);

/* ---- growable array of fixed-size items ---------------------------------------------------- */
typedef struct nd__vec {
    void *items;
    size_t count;
    size_t cap;
    size_t item_size; /* set by nd__vec_push / nd__vec_reserve, for nd__vec_bytes */
} nd__vec;

/* Room for one more item of `item_size` bytes; returns it (zeroed), or NULL when out of memory
 * or when the vector already holds ND_MAX_VEC_BYTES (limits.h): no input can make a vector grow
 * without bound, and a caller that meets NULL reports ND_ENOMEM as before. */
void *nd__vec_push(nd__vec *vec, size_t item_size);
/* Makes room for `count` items in all (not more): ND_OK, ND_ENOMEM, or ND_ETOOBIG past the
 * ceiling. Items past `vec->count` are not initialised. */
int nd__vec_reserve(nd__vec *vec, size_t count, size_t item_size);
void nd__vec_release(nd__vec *vec);
/* Bytes the vector holds (its capacity), for memory accounting. */
static inline size_t nd__vec_bytes(const nd__vec *vec) { return nd__malloc_bytes(vec->cap * vec->item_size); }

/* ---- hashing ------------------------------------------------------------------------------- */
uint64_t nd__hash64(const void *data, size_t len, uint64_t seed);
static inline uint64_t nd__mix64(uint64_t x) /* a strong 64-bit mixer (splitmix64 finaliser) */
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/* ---- the hash map: 64-bit keys to fixed-size values ------------------------------------------
 * The one hash table of newsdesk. Open addressing with linear probing; keys are 64-bit hashes
 * (hash a string with nd__hash64 first); each slot holds the key and `value_size` bytes of value
 * that the caller defines (a count, an index, a struct). The home slot of a key is
 * nd__mix64(key) & (capacity - 1); the table doubles when it would pass half full, so a look-up
 * reads one or two slots. Key 0 is stored as 1 (0 marks a free slot), as every copy it replaces
 * did: keys 0 and 1 are one key.
 *
 * Two flavours:
 *   - a map (nd__map_init): one value per key; nd__map_put finds or inserts;
 *   - a multimap (nd__map_init_multi): several values per key, kept in the order they were
 *     added (nd__map_add), walked with nd__map_next. Growing keeps that order. Use it for
 *     postings ("every article with this shingle") and for string keys whose hash may collide:
 *     add under the string's hash, walk the values and compare the string kept in each.
 *
 * Pointers into the table (values) live until the next insertion; entries are never removed one
 * by one (open addressing does not delete cheaply). A set (value_size 0) hands out a non-NULL
 * pointer that must not be written through: clear the table, or rebuild it keeping what
 * a predicate keeps (nd__map_filter). `max_entries` is the table's ceiling: inserting past it
 * fails with ND_ETOOBIG, so no input grows a table without bound. Not thread-safe; a table
 * belongs to one owner. */
typedef struct nd__map {
    uint64_t *keys;         /* capacity slots, 0 = free; owned */
    unsigned char *values;  /* capacity * value_size bytes; owned */
    size_t value_size;
    size_t capacity;        /* 0 until the first insertion, then a power of two */
    size_t count;           /* entries stored */
    size_t first_capacity;  /* slots made at the first insertion (a power of two) */
    size_t max_entries;     /* ceiling; 0 = ND_MAX_MAP_ENTRIES (limits.h) */
    int multi;              /* several values per key */
} nd__map;

/* An empty map of values of `value_size` bytes (0 for a set). `first_capacity` slots are made
 * at the first insertion (rounded up to a power of two, at least 16); nothing is allocated
 * before. Copies it replaces: util.c's u64 map used 64, cluster.c's 1024. */
void nd__map_init(nd__map *map, size_t value_size, size_t first_capacity, size_t max_entries);
/* The same, as a multimap. */
void nd__map_init_multi(nd__map *map, size_t value_size, size_t first_capacity, size_t max_entries);
/* The value of `key` (the first added, in a multimap), or NULL. */
void *nd__map_find(const nd__map *map, uint64_t key);
/* The value of `key`, inserted (zeroed) when missing; *created (may be NULL) says which. NULL
 * when out of memory or at the ceiling (*created then holds ND_ENOMEM or ND_ETOOBIG). Map only. */
void *nd__map_put(nd__map *map, uint64_t key, int *created);
/* Multimap: a new zeroed value under `key`, after the ones already there. NULL when out of
 * memory or at the ceiling. */
void *nd__map_add(nd__map *map, uint64_t key);
/* Multimap walk: the values under `key` in the order they were added. Start with
 * *cursor = 0; each call returns the next value, or NULL at the end. */
void *nd__map_next(const nd__map *map, uint64_t key, size_t *cursor);
/* Every entry, in slot order: start with *cursor = 0; returns the next value and sets *key
 * (may be NULL), or NULL at the end. */
void *nd__map_each(const nd__map *map, size_t *cursor, uint64_t *key);
/* Rebuilds the table in `capacity` slots (0: the present capacity) keeping the entries for
 * which keep(user, key, value) is nonzero, in slot order as growing does. ND_OK or ND_ENOMEM
 * (the table is unchanged then). clean.c's template table forgets this way. */
int nd__map_filter(nd__map *map, size_t capacity, int (*keep)(void *user, uint64_t key, const void *value),
                   void *user);
/* Forgets every entry, keeping the slots. */
void nd__map_clear(nd__map *map);
void nd__map_release(nd__map *map);
/* Bytes the table holds, for memory accounting. */
static inline size_t nd__map_bytes(const nd__map *map)
{
    return nd__malloc_bytes(map->capacity * sizeof(uint64_t)) + nd__malloc_bytes(map->capacity * map->value_size);
}

/* ---- set of 64-bit keys, each with a 64-bit value: the map above with uint64_t values -------- */
typedef nd__map nd__u64_map; /* zero-initialise (= {0}) or nd__map_init(m, 8, 64, 0) */

/* The value stored for `key`, or NULL. The pointer lives until the next nd__u64_map_put. */
uint64_t *nd__u64_map_find(const nd__u64_map *map, uint64_t key);
/* Stores (or replaces) `key` -> `value`. ND_OK, ND_ENOMEM or ND_ETOOBIG. */
int nd__u64_map_put(nd__u64_map *map, uint64_t key, uint64_t value);
void nd__u64_map_release(nd__u64_map *map);

/* ---- top-k ----------------------------------------------------------------------------------- */
/* Copies the `k` first of items[0..n) in the order `cmp` gives into top[0..k), first first, and
 * returns how many (min(n, k)). Equal items keep their input order, so the result is what a
 * stable sort of all n followed by keeping k would give. A selection by insertion: O(n * k) in
 * the worst case, O(n) when most items lose to the k-th (k is small wherever it is used). */
size_t nd__top_k(const void *items, size_t n, size_t item_size, void *top, size_t k,
                 int (*cmp)(const void *, const void *));

/* ---- ASCII helpers, locale-free ------------------------------------------------------------ */
static inline int nd__is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
static inline int nd__is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static inline int nd__is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static inline int nd__is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static inline int nd__is_alpha(unsigned char c) { return nd__is_upper(c) || nd__is_lower(c); }
static inline unsigned char nd__to_lower(unsigned char c) { return nd__is_upper(c) ? c + 32 : c; }

/* Case-insensitive (ASCII) search for `needle` in text[0..len); returns its offset or -1. */
long nd__find_ci(const char *text, size_t len, const char *needle);
/* Nonzero when text[0..len) equals `word` ignoring ASCII case. */
int nd__equals_ci(const char *text, size_t len, const char *word);

#endif
