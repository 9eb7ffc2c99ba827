/*
 * copies_index.h: the copy finder's insides, shared by its four files. Takes nothing from outside
 * the copy finder; gives them the window of originals (records and the two generations of maps
 * that index them), the per-article scratch, and the functions one file calls in another:
 *
 *   copies_index.c  the map from 32-bit keys to original numbers, and the shingle counts
 *   copies.c        the run: exact and near copies, the window, the records (nd__copies_add)
 *   passages.c      shared passages and the document frequencies that tell boilerplate apart
 *   copies_state.c  the window as state (engine.c's blob)
 *
 * Nothing outside these four files includes it: the engine sees only dedup.h.
 */
#ifndef ND_COPIES_INDEX_H
#define ND_COPIES_INDEX_H

#include <stdint.h>

#include "analyse.h"
#include "dedup.h"

/* ---- the maps --------------------------------------------------------------------------------
 * The index is util.c's hash map (nd__map): multimaps from a hash to the originals that hold it
 * (exact bodies, LSH bands, passage fingerprints), and a map from a sampled shingle to the
 * number of originals holding it (the document frequencies). Each is keyed by 32 bits of the
 * 64-bit hash (nd__short_key), as the copy finder's own table was before util.c's replaced it:
 * two hashes that share a key are told apart by the check every match goes through (bodies byte
 * for byte, signatures bin by bin, passages word by word), and which originals meet that check
 * is exactly what it always was. */
static inline uint64_t nd__short_key(uint64_t hash)
{
    uint32_t key = (uint32_t)(hash ^ (hash >> 32));
    return key ? key : 1;
}

/* What a multimap of the index holds under a key: an original, and for a fingerprint the byte
 * offset of its shingle in the original's body. */
typedef struct posting {
    uint32_t article;
    uint32_t offset;
} posting;

/* Starts the fetch of the slot a look-up of `hash` reads first (nd__map's home slot, util.h):
 * look-ups a few shingles ahead overlap their cache misses instead of waiting for each. */
static inline void nd__map_prefetch(const nd__map *m, uint64_t hash)
{
    if (m->capacity)
        __builtin_prefetch(&m->keys[nd__mix64(nd__short_key(hash)) & (m->capacity - 1)]);
}

/* The originals under `hash`, in the order added: start with *cursor = 0; NULL at the end. */
static inline const posting *nd__postings_next(const nd__map *m, uint64_t hash, size_t *cursor)
{
    return nd__map_next(m, nd__short_key(hash), cursor);
}

/* Adds (hash, article, offset). ND_OK or ND_ENOMEM (at the map's ceiling too). */
int nd__postings_add(nd__map *m, uint64_t hash, uint32_t article, uint32_t offset);

/* ---- document frequencies ------------------------------------------------------------------ */
/* Document frequency of shingles among originals, for telling boilerplate from syndication
 * (issue 7 (d)). The shingles counted are chosen by their hash (one in ND__DF_SAMPLE), not by
 * position, so that the same text is counted the same way wherever it stands in an article;
 * counts are per generation, like the index, and saturate. */
/* The key df counts a shingle under: boilerplate is a site's own (its newsletter box, its
 * robot check), so a shingle is counted per source (ND__ALL_SOURCES: every source together). */
uint64_t nd__df_key(uint64_t shingle, const char *source);
#define ND__ALL_SOURCES "\001" /* no source name holds a \001 */
/* Whether df counts a shingle (one in ND__DF_SAMPLE, by hash). */
static inline int nd__df_sampled(uint64_t shingle)
{
    return (nd__mix64(shingle ^ 0xd1b54a32d192ed03ULL) & (ND__DF_SAMPLE - 1)) == 0;
}
/* The originals of a generation counted under `key` (a uint16_t count per nd__short_key). */
unsigned nd__df_count(const nd__map *df, uint64_t key);
/* One more original under `key`; the count saturates. ND_OK or ND_ENOMEM. */
int nd__df_add(nd__map *df, uint64_t key);

/* ---- the window of originals ------------------------------------------------------------- */
/* Originals are numbered in the order they are indexed. The window keeps the newest between
 * window/2 and window of them (all of them when the window is 0): the index is split in two
 * generations of window/2 originals each; when the newer one is full the older one is dropped
 * whole (its maps freed, its records released) and a new one begins. Dropping whole maps is
 * what keeps eviction cheap with open addressing, where single deletions are not. Each record
 * keeps what a later article is compared with: id, title, date, clean text and signature. */
typedef struct generation {
    nd__map exact;        /* body hash -> posting (multimap) */
    nd__map bands;        /* (band, rows) hash -> posting (multimap) */
    nd__map fingerprints; /* sampled shingle hash -> posting with offset, at most ND__COMMON_FINGERPRINT each */
    nd__map df;           /* shingles chosen by hash -> originals holding them (uint16_t) */
    uint64_t first;       /* number of its first original */
    size_t count;         /* originals in it */
} generation;

typedef struct original {
    nd_article view;      /* id, title, published, body: into `block`; nothing else is set */
    char *block;
    char *renamed;        /* the id when nd__copies_rename_last gave another, else NULL */
    uint16_t signature[ND__MINHASH_BINS];
    uint32_t seen;        /* the last article (its sequence number + 1) that met it */
    long long tag;        /* the caller's (the engine keeps the story here) */
} original;

/* ---- per-article work ---------------------------------------------------------------------- */
typedef struct article_words {
    const nd__token *tokens; /* the words: the article's token stream (analyse.c), or `own` */
    size_t count;
    nd__vec own;             /* nd__token: the words of an article without a token stream (an
                                original's record; an article a library caller hands over) */
    nd__vec shingles;        /* uint64_t, one per window of ND__SHINGLE_WORDS words */
} article_words;

/* ---- exact passages between two articles ---------------------------------------------------- */
typedef struct passage_finder {
    nd__map positions; /* shingle hash -> the first and last of its positions in a */
    uint32_t *next;    /* position -> the next position of the same shingle, UINT32_MAX at the end */
    size_t next_cap;
    unsigned char *covered;
    size_t covered_cap;
    nd__vec passages; /* nd_passage */
    nd__vec b_words;  /* size_t per passage: the index of its first word in b */
} passage_finder;

typedef struct copies_scratch {
    nd__vec title_a, title_b; /* nd__token */
} copies_scratch;

struct nd__copies {
    nd_options options;
    size_t window;        /* 0: unbounded */
    generation gen[2];    /* gen[current] takes new originals; the other is older */
    int current;
    original *ring;       /* original number n lives at ring[n % ring_cap] */
    size_t ring_cap;
    uint64_t next_number; /* originals indexed so far */
    uint64_t oldest;      /* the oldest original still held */
    uint32_t stamp;       /* articles added so far */
    nd__dedup_stats stats;
    /* scratch, from one article to the next */
    article_words wb, wa;
    passage_finder pf;
    nd__vec prints, candidates;
    nd__vec picked;       /* uint64_t: the shingles df counts, of the article being indexed */
    copies_scratch scratch;
    nd__vec pairs;        /* nd_pair found for the last article */
    nd__vec passages;     /* nd_passage of those pairs, in pair order */
    uint64_t last_indexed; /* number of the last article's record when it was indexed */
    int last_was_indexed;
};

/* An empty generation's maps (first use, or after it was dropped). */
void nd__generation_init(generation *g);
void nd__generation_release(generation *g);
size_t nd__generation_bytes(const generation *g);

static inline original *nd__original_at(const nd__copies *c, uint64_t number)
{
    return &c->ring[number % c->ring_cap];
}

/* copies.c */
/* The words of a's body (its token stream when it has one, else tokenized into w->own) and
 * their 5-shingles, into w. ND_OK or ND_ENOMEM. */
int nd__copy_words(const nd_article *a, size_t shingle_words, article_words *w);
/* A record for the next original: id, title, date and clean text copied into one block. */
original *nd__copies_new_original(nd__copies *c, const nd_article *b);
/* Records a pair for the caller; the passages are copied (the finder's are reused). */
int nd__copies_add_pair(nd__copies *c, const original *a, const nd_article *b, nd_relation relation,
                        double similarity, const nd_passage *passages, size_t passage_count);

/* passages.c */
/* The pairs of shared passages between b (its words in c->wb) and the originals held. */
int nd__passages_find(nd__copies *c, const nd_article *b);
/* Indexes b, just kept as original `number`: its fingerprints and its document frequencies. */
int nd__passages_index(nd__copies *c, const nd_article *b, uint64_t number);

#endif
