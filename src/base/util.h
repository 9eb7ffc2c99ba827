/*
 * util.h: the small tools every module uses: an arena for one article's memory, a growable
 * byte buffer with a ceiling, growable arrays, hashing, and ASCII helpers.
 */
#ifndef ND_UTIL_H
#define ND_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- arena: bump allocation in chunks, freed all at once ---------------------------------- */
typedef struct nd__arena_chunk nd__arena_chunk;
typedef struct nd__arena {
    nd__arena_chunk *head; /* newest chunk first */
    size_t used_bytes;     /* bytes handed out, for memory accounting */
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
} nd__vec;

/* Room for one more item of `item_size` bytes; returns it (zeroed), or NULL when out of memory. */
void *nd__vec_push(nd__vec *vec, size_t item_size);
void nd__vec_release(nd__vec *vec);

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

/* ---- set of 64-bit keys, each with a 64-bit value (open addressing, linear probing) ---------- */
typedef struct nd__u64_map {
    uint64_t *keys;   /* 0 marks a free slot; key 0 is stored as 1 */
    uint64_t *values;
    size_t mask, used;
} nd__u64_map;

/* The value stored for `key`, or NULL. The pointer lives until the next nd__u64_map_put. */
uint64_t *nd__u64_map_find(const nd__u64_map *map, uint64_t key);
/* Stores (or replaces) `key` -> `value`. ND_OK or ND_ENOMEM. */
int nd__u64_map_put(nd__u64_map *map, uint64_t key, uint64_t value);
void nd__u64_map_release(nd__u64_map *map);

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
