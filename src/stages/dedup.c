/*
 * dedup.c: the copy finder. Takes clean articles one at a time, in input order, and gives each
 * related pair with an earlier article:
 *
 *   exact     the same clean text (a 64-bit hash, confirmed byte for byte);
 *   near      the same article with small edits: a one-permutation MinHash signature of word
 *             5-shingles (ND__MINHASH_BINS bins of 16 bits), candidates from LSH banding, kept
 *             when the estimated Jaccard reaches options.near_threshold;
 *   passages  different articles sharing runs of min_passage_words or more words: originals
 *             leave one shingle in eight in the index (every run of min_passage_words words
 *             holds one), a new article looks up all of its shingles, and the runs are then
 *             found exactly, word by word, and reported with byte offsets in both clean texts.
 *
 * A copy (exact or near) is reported against its original and is not indexed itself: later
 * articles are compared with the original only. This keeps the index to originals: about
 * 1.1 KB each, 740 to 840 bytes per article of a stream with copies (see docs/benchmarks.md).
 */
#include "dedup.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "analyse.h"
#include "clean.h"
#include "limits.h"

#define ROWS_PER_BAND (ND__MINHASH_BINS / ND__LSH_BANDS)
#define MAX_CANDIDATES 64 /* passage candidates verified per article, most shared first */

/* ---- open-addressing map from a 64-bit key to a 32-bit article number ---------------------- */
/* Keys are 32 bits of a 64-bit hash: a false match only costs a check, since every match is
 * confirmed (bodies byte for byte, signatures bin by bin, passages word by word).
 *
 * The keys sit in an array of their own, apart from the values, so that a probe walks 4-byte
 * keys (sixteen to a cache line) and touches a value only on a match: most look-ups miss. Only
 * the fingerprint map stores an offset; the others hold 8 bytes per slot. The capacity need not
 * be a power of two (the home slot is the hash scaled to it), so a table grows by half when 80 %
 * full instead of doubling at 75 %, which would leave it half empty just after a doubling. */
#define MAP_LOAD_PERCENT 80

#ifdef __GNUC__
#define HOT_INLINE inline __attribute__((always_inline)) /* look-ups inlined into their loops */
#else
#define HOT_INLINE inline
#endif

typedef struct key_map {
    uint32_t *keys;     /* 0 = empty */
    uint32_t *articles; /* article number (a word position in passage_finder) */
    uint32_t *offsets;  /* fingerprints only: byte offset of the shingle in the article's body */
    size_t cap, used;
    int with_offsets;
} key_map;

static inline uint32_t short_key(uint64_t hash)
{
    uint32_t key = (uint32_t)(hash ^ (hash >> 32));
    return key ? key : 1;
}

static inline size_t home_slot(const key_map *m, uint32_t key)
{
    return (size_t)((nd__mix64(key) >> 32) * (uint64_t)m->cap >> 32);
}

static size_t key_map_slot_bytes(const key_map *m)
{
    return m->with_offsets ? 3 * sizeof(uint32_t) : 2 * sizeof(uint32_t);
}

/* Allocates `cap` empty slots; the old content is the caller's. */
static int key_map_alloc(key_map *m, size_t cap)
{
    m->keys = calloc(cap, sizeof *m->keys);
    m->articles = malloc(cap * sizeof *m->articles);
    m->offsets = m->with_offsets ? malloc(cap * sizeof *m->offsets) : NULL;
    m->cap = cap;
    if (!m->keys || !m->articles || (m->with_offsets && !m->offsets))
        return ND_ENOMEM;
    return ND_OK;
}

static void key_map_release(key_map *m)
{
    free(m->keys);
    free(m->articles);
    free(m->offsets);
    m->keys = m->articles = m->offsets = NULL;
    m->cap = m->used = 0;
}

static void key_map_put(key_map *m, uint32_t key, uint32_t article, uint32_t offset)
{
    size_t j = home_slot(m, key);
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
    if (key_map_alloc(m, cap) != ND_OK) {
        key_map_release(m);
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
    key_map_release(&old);
    return ND_OK;
}

/* Adds (key, article); equal keys may repeat (a multimap). */
static int key_map_add(key_map *m, uint64_t hash, uint32_t article, uint32_t offset)
{
    if ((m->used + 1) * 100 > m->cap * MAP_LOAD_PERCENT && key_map_grow(m) != ND_OK)
        return ND_ENOMEM;
    key_map_put(m, short_key(hash), article, offset);
    return ND_OK;
}

/* Starts the fetch of the first slot `hash` would probe: look-ups a few keys ahead overlap
 * their cache misses instead of waiting for each in turn. */
static inline void key_map_prefetch(const key_map *m, uint64_t hash)
{
    if (m->cap)
        __builtin_prefetch(&m->keys[home_slot(m, short_key(hash))]);
}

/* Walks the slots holding `key`: start with *cursor = (size_t)-1; returns the slot, or
 * (size_t)-1 at the end. */
static HOT_INLINE size_t key_map_next(const key_map *m, uint64_t hash, size_t *cursor)
{
    if (!m->cap)
        return (size_t)-1;
    uint32_t key = short_key(hash);
    size_t j = *cursor == (size_t)-1 ? home_slot(m, key) : (*cursor + 1 == m->cap ? 0 : *cursor + 1);
    while (m->keys[j]) {
        if (m->keys[j] == key) {
            *cursor = j;
            return j;
        }
        j = j + 1 == m->cap ? 0 : j + 1;
    }
    return (size_t)-1;
}

/* ---- the window of originals ------------------------------------------------------------- */
/* Originals are numbered in the order they are indexed. The window keeps the newest between
 * window/2 and window of them (all of them when the window is 0): the index is split in two
 * generations of window/2 originals each; when the newer one is full the older one is dropped
 * whole (its maps freed, its records released) and a new one begins. Dropping whole maps is
 * what keeps eviction cheap with open addressing, where single deletions are not. Each record
 * keeps what a later article is compared with: id, title, date, clean text and signature. */
/* Document frequency of shingles among originals, for telling boilerplate from syndication
 * (issue 7 (d)). The shingles counted are chosen by their hash (one in ND__DF_SAMPLE), not by
 * position, so that the same text is counted the same way wherever it stands in an article;
 * counts are per generation, like the index, and saturate. */
typedef struct df_map {
    uint32_t *keys;  /* 0 = empty */
    uint16_t *counts;
    size_t cap, used; /* cap a power of two */
} df_map;

/* The key df counts a shingle under: boilerplate is a site's own (its newsletter box, its
 * robot check), so a shingle is counted per source. */
static uint64_t df_key(uint64_t shingle, const char *source)
{
    return shingle ^ nd__hash64(source, strlen(source), 0x5bd1e995u);
}

#define ALL_SOURCES "\001" /* the df key of every source together; no source name holds a \001 */

static int df_sampled(uint64_t shingle) { return (nd__mix64(shingle ^ 0xd1b54a32d192ed03ULL) & (ND__DF_SAMPLE - 1)) == 0; }

static size_t df_slot(const df_map *m, uint32_t key)
{
    size_t j = (size_t)nd__mix64(key) & (m->cap - 1);
    while (m->keys[j] && m->keys[j] != key)
        j = (j + 1) & (m->cap - 1);
    return j;
}

static unsigned df_count(const df_map *m, uint64_t shingle)
{
    if (!m->cap)
        return 0;
    size_t j = df_slot(m, short_key(shingle));
    return m->keys[j] ? m->counts[j] : 0;
}

static int df_add(df_map *m, uint64_t shingle)
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
    uint32_t key = short_key(shingle);
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

static void df_release(df_map *m)
{
    free(m->keys);
    free(m->counts);
    memset(m, 0, sizeof *m);
}

typedef struct generation {
    key_map exact;        /* body hash -> original number */
    key_map bands;        /* (band, rows) hash -> original number */
    key_map fingerprints; /* sampled shingle hash -> original number, at most ND__COMMON_FINGERPRINT each */
    df_map df;            /* shingles chosen by hash -> originals holding them */
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
    nd__vec tokens;   /* nd__token */
    nd__vec shingles; /* uint64_t, one per window of ND__SHINGLE_WORDS words */
} article_words;

static int words_of(const nd_article *a, size_t shingle_words, article_words *w)
{
    w->tokens.count = 0;
    w->shingles.count = 0;
    if (nd__tokenize(a->body, a->body_len, &w->tokens) != ND_OK)
        return ND_ENOMEM;
    const nd__token *t = w->tokens.items;
    size_t n = w->tokens.count;
    if (n == 0)
        return ND_OK;
    size_t k = n < shingle_words ? n : shingle_words, count = n - k + 1;
    if (w->shingles.cap < count) { /* sized once, not pushed one by one */
        void *grown = realloc(w->shingles.items, count * sizeof(uint64_t));
        if (!grown)
            return ND_ENOMEM;
        w->shingles.items = grown;
        w->shingles.cap = count;
    }
    uint64_t *out = w->shingles.items;
    if (k == 5) { /* the usual shingle, unrolled */
        for (size_t i = 0; i < count; i++) {
            uint64_t h = nd__mix64(0x9e3779b97f4a7c15ULL ^ t[i].hash);
            h = nd__mix64(h ^ t[i + 1].hash);
            h = nd__mix64(h ^ t[i + 2].hash);
            h = nd__mix64(h ^ t[i + 3].hash);
            out[i] = nd__mix64(h ^ t[i + 4].hash);
        }
    } else {
        for (size_t i = 0; i < count; i++) {
            uint64_t h = 0x9e3779b97f4a7c15ULL;
            for (size_t j = 0; j < k; j++)
                h = nd__mix64(h ^ t[i + j].hash);
            out[i] = h;
        }
    }
    w->shingles.count = count;
    return ND_OK;
}

/* One-permutation MinHash with densification: bin = top bits, value = the low 16 bits of the
 * smallest hash in the bin; an empty bin borrows from the next non-empty one. */
static void minhash(const uint64_t *shingles, size_t n, uint16_t *signature)
{
    uint64_t best[ND__MINHASH_BINS];
    for (size_t b = 0; b < ND__MINHASH_BINS; b++)
        best[b] = UINT64_MAX;
    for (size_t i = 0; i < n; i++) {
        uint64_t h = nd__mix64(shingles[i]);
        size_t bin = (size_t)(h >> 58); /* 64 bins */
        uint64_t v = h & ((1ULL << 58) - 1);
        if (v < best[bin])
            best[bin] = v;
    }
    for (size_t b = 0; b < ND__MINHASH_BINS; b++) {
        size_t from = b, step = 0;
        while (best[from] == UINT64_MAX && step < ND__MINHASH_BINS)
            from = (from + 1) % ND__MINHASH_BINS, step++;
        uint64_t v = best[from] == UINT64_MAX ? 0 : nd__mix64(best[from] + step);
        signature[b] = (uint16_t)(v ^ (v >> 16) ^ (v >> 32));
    }
}

static uint64_t band_key(const uint16_t *signature, size_t band)
{
    return nd__hash64(signature + band * ROWS_PER_BAND, ROWS_PER_BAND * sizeof(uint16_t), band + 1);
}

static double signature_agreement(const uint16_t *x, const uint16_t *y)
{
    size_t same = 0;
    for (size_t b = 0; b < ND__MINHASH_BINS; b++)
        same += x[b] == y[b];
    return (double)same / ND__MINHASH_BINS;
}

typedef struct fingerprint {
    uint64_t hash;
    uint32_t position; /* index of its shingle (= of the shingle's first word) */
} fingerprint;

/* The shingles an original leaves in the index: one every `step` positions. Any run of `step`
 * consecutive shingles (a passage of min_passage_words words) holds one of them, whatever its
 * alignment, and a later article looks up all of its own shingles, so every shared passage of
 * that length is found; an eighth of the shingles is about half of what winnowing with the same
 * guarantee would keep. */
static int sample(const uint64_t *shingles, size_t n, size_t step, nd__vec *out)
{
    out->count = 0;
    for (size_t i = 0; i < n; i += step) {
        fingerprint *slot = nd__vec_push(out, sizeof *slot);
        if (!slot)
            return ND_ENOMEM;
        slot->hash = shingles[i];
        slot->position = (uint32_t)i;
    }
    return ND_OK;
}

/* Known dates before unknown; equal days are told apart by time only when both have one. */
static const nd_article *published_first(const nd_article *a, const nd_article *b)
{
    if (a->published && b->published) {
        int order = strncmp(b->published, a->published, 10);
        if (order == 0 && strlen(a->published) > 10 && strlen(b->published) > 10)
            order = strcmp(b->published, a->published);
        if (order != 0)
            return order < 0 ? b : a;
    } else if (b->published && !a->published) {
        return b;
    }
    return a;
}

/* ---- exact passages between two articles ---------------------------------------------------- */
typedef struct passage_finder {
    key_map positions; /* shingle hash -> position in a */
    size_t positions_room; /* slots allocated in positions, >= positions.cap */
    uint32_t *next;    /* position -> the next position of the same shingle, UINT32_MAX at the end */
    size_t next_cap;
    unsigned char *covered;
    size_t covered_cap;
    nd__vec passages; /* nd_passage */
    nd__vec b_words;  /* size_t per passage: the index of its first word in b */
} passage_finder;

static int find_passages(passage_finder *pf, const nd_article *a, const article_words *wa,
                         const nd_article *b, const article_words *wb, size_t min_words)
{
    (void)a, (void)b;
    pf->passages.count = 0;
    pf->b_words.count = 0;
    const nd__token *ta = wa->tokens.items, *tb = wb->tokens.items;
    size_t na = wa->tokens.count, nb = wb->tokens.count;
    size_t sa = wa->shingles.count, sb = wb->shingles.count;
    if (na < min_words || nb < min_words || sa == 0 || sb == 0)
        return ND_OK;
    const uint64_t *ha = wa->shingles.items, *hb = wb->shingles.items;
    /* A table sized for this article: clearing the whole of one sized for the longest article
     * seen would cost more than the search itself. Each distinct shingle has one slot, holding
     * the first and last of its positions in a, chained in order through `next`: a text that
     * repeats one shingle ("ab ab ab ...") makes a chain, not a cluster of equal keys that
     * every insertion and look-up would walk (issue 10: that was quadratic). */
    size_t cap = 64;
    while (cap < 2 * sa)
        cap *= 2;
    if (pf->positions_room < cap) {
        key_map_release(&pf->positions);
        pf->positions_room = 0;
        pf->positions.with_offsets = 1;
        if (key_map_alloc(&pf->positions, cap) != ND_OK)
            return ND_ENOMEM;
        pf->positions_room = cap;
    }
    if (pf->next_cap < sa) {
        uint32_t *grown = realloc(pf->next, sa * sizeof *grown);
        if (!grown)
            return ND_ENOMEM;
        pf->next = grown;
        pf->next_cap = sa;
    }
    pf->positions.cap = cap;
    memset(pf->positions.keys, 0, cap * sizeof(uint32_t));
    pf->positions.used = sa;
    uint32_t *keys = pf->positions.keys, *heads = pf->positions.articles, *tails = pf->positions.offsets;
    uint32_t *next = pf->next;
    for (size_t i = 0; i < sa; i++) {
        uint32_t key = short_key(ha[i]);
        size_t j = home_slot(&pf->positions, key);
        while (keys[j] && keys[j] != key)
            j = j + 1 == cap ? 0 : j + 1;
        if (!keys[j]) {
            keys[j] = key;
            heads[j] = (uint32_t)i;
        } else {
            next[tails[j]] = (uint32_t)i;
        }
        tails[j] = (uint32_t)i;
        next[i] = UINT32_MAX;
    }
    if (pf->covered_cap < nb) {
        unsigned char *grown = realloc(pf->covered, nb);
        if (!grown)
            return ND_ENOMEM;
        pf->covered = grown;
        pf->covered_cap = nb;
    }
    memset(pf->covered, 0, nb);
    for (size_t j = 0; j < sb; j++) {
        if (pf->covered[j])
            continue;
        size_t best_len = 0, best_i = 0, best_j = 0, cursor = (size_t)-1;
        int probes = 0;
        uint32_t at = key_map_next(&pf->positions, hb[j], &cursor) != (size_t)-1 ? heads[cursor] : UINT32_MAX;
        for (; at != UINT32_MAX && probes++ < 64; at = next[at]) {
            size_t i = at, len = 0;
            while (i + len < na && j + len < nb && ta[i + len].hash == tb[j + len].hash)
                len++;
            size_t back = 0;
            while (back < i && back < j && !pf->covered[j - back - 1] &&
                   ta[i - back - 1].hash == tb[j - back - 1].hash)
                back++;
            if (len + back > best_len)
                best_len = len + back, best_i = i - back, best_j = j - back;
        }
        if (best_len >= min_words) {
            nd_passage *p = nd__vec_push(&pf->passages, sizeof *p);
            if (!p)
                return ND_ENOMEM;
            p->words = best_len;
            p->a_start = ta[best_i].start;
            p->a_end = ta[best_i + best_len - 1].end;
            size_t *at_word = nd__vec_push(&pf->b_words, sizeof *at_word);
            if (!at_word)
                return ND_ENOMEM;
            *at_word = best_j;
            p->b_start = tb[best_j].start;
            p->b_end = tb[best_j + best_len - 1].end;
            memset(pf->covered + best_j, 1, best_len);
        }
    }
    return ND_OK;
}

/* ---- the run ------------------------------------------------------------------------------- */
#define CANDIDATE_SLOTS 1024 /* > 4 * MAX_CANDIDATES, a power of two */
#define LOOKAHEAD 8 /* fingerprint look-ups prefetched this many shingles ahead */
#define CHECKED_HITS 3 /* candidates sharing fewer fingerprints are checked hit by hit first */

typedef struct candidate {
    uint32_t article;
    uint32_t shared;
    uint32_t a_offset[CHECKED_HITS];   /* where shared fingerprints stand in a's body */
    uint32_t b_position[CHECKED_HITS]; /* and in b, as word indexes */
} candidate;

/* Whether one shared fingerprint of a candidate can grow into a passage of min_words: the
 * words of a around the fingerprint are tokenized (a window of bytes, not the whole article)
 * and matched against b's words. Most candidates share a single common phrase and stop here.
 * When the run reaches the window's edge the answer is yes: the full comparison decides. */
static int hit_may_grow_in_window(const nd_article *a, size_t from, size_t to, uint32_t a_offset,
                                  uint32_t b_position, const article_words *wb, size_t min_words,
                                  nd__vec *scratch)
{
    scratch->count = 0;
    if (nd__tokenize(a->body + from, to - from, scratch) != ND_OK)
        return 1;
    const nd__token *ta = scratch->items, *tb = wb->tokens.items;
    size_t na = scratch->count, nb = wb->tokens.count, i = 0;
    while (i < na && ta[i].start + from != a_offset)
        i++;
    if (i == na)
        return 1;
    size_t j = b_position, forward = 0, back = 0;
    while (i + forward < na && j + forward < nb && ta[i + forward].hash == tb[j + forward].hash)
        forward++;
    while (back < i && back < j && ta[i - back - 1].hash == tb[j - back - 1].hash)
        back++;
    int cut_short = (i + forward == na && to < a->body_len) || (back == i && from > 0);
    return cut_short || forward + back >= min_words;
}

/* The same answer, looking first at a narrow window on each side of the fingerprint (most runs
 * end within a few words) and at the wide one only when a narrow side is not conclusive. A
 * narrow window's words are those of the wide one except the word cut at its far edge, so an
 * answer that does not depend on that word is the wide window's answer. */
static int hit_may_grow(const nd_article *a, uint32_t a_offset, uint32_t b_position,
                        const article_words *wb, size_t min_words, nd__vec *scratch)
{
    const size_t reach = 24 * min_words; /* bytes each side; words average under 7 bytes */
    const size_t narrow = 8 * min_words;
    size_t from = a_offset > reach ? a_offset - reach : 0;
    size_t to = a_offset + reach < a->body_len ? a_offset + reach : a->body_len;
    size_t near_from = a_offset - from > narrow ? a_offset - narrow : from;
    size_t near_to = to - a_offset > narrow ? a_offset + narrow : to;
    const nd__token *tb = wb->tokens.items;
    size_t nb = wb->tokens.count, j = b_position;

    /* forward, from the fingerprint's first word */
    scratch->count = 0;
    if (nd__tokenize(a->body + a_offset, near_to - a_offset, scratch) != ND_OK)
        return 1;
    const nd__token *ta = scratch->items;
    size_t na = scratch->count, forward = 0;
    if (na == 0 || ta[0].start != 0)
        return hit_may_grow_in_window(a, from, to, a_offset, b_position, wb, min_words, scratch);
    while (forward < na && j + forward < nb && ta[forward].hash == tb[j + forward].hash)
        forward++;
    int forward_known = near_to == to || forward + 1 < na || (forward < na && j + forward == nb);
    if (!forward_known)
        return hit_may_grow_in_window(a, from, to, a_offset, b_position, wb, min_words, scratch);
    if (forward >= min_words)
        return 1;
    int forward_cut = forward == na && to < a->body_len;

    /* back, from the word before it */
    scratch->count = 0;
    if (nd__tokenize(a->body + near_from, a_offset - near_from, scratch) != ND_OK)
        return 1;
    ta = scratch->items;
    size_t i = scratch->count, back = 0;
    while (back < i && back < j && ta[i - back - 1].hash == tb[j - back - 1].hash)
        back++;
    int back_known = near_from == from || back + 1 < i || (back + 1 == i && back == j);
    if (!back_known)
        return hit_may_grow_in_window(a, from, to, a_offset, b_position, wb, min_words, scratch);
    int back_cut = back == i && from > 0;
    return forward_cut || back_cut || forward + back >= min_words;
}

static int may_share_passage(const nd_article *a, const candidate *c, const article_words *wb,
                             size_t min_words, nd__vec *scratch)
{
    if (c->shared > CHECKED_HITS)
        return 1;
    for (uint32_t h = 0; h < c->shared; h++)
        if (hit_may_grow(a, c->a_offset[h], c->b_position[h], wb, min_words, scratch))
            return 1;
    return 0;
}

static int compare_candidates(const void *x, const void *y)
{
    const candidate *a = x, *b = y;
    if (a->shared != b->shared)
        return a->shared > b->shared ? -1 : 1;
    return a->article < b->article ? -1 : a->article > b->article;
}

static int compare_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

static int compare_by_article(const void *x, const void *y)
{
    const candidate *a = x, *b = y;
    return a->article < b->article ? -1 : a->article > b->article;
}

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

static void generation_release(generation *g)
{
    key_map_release(&g->exact);
    key_map_release(&g->bands);
    key_map_release(&g->fingerprints);
    df_release(&g->df);
    g->count = 0;
}

static size_t generation_bytes(const generation *g)
{
    return g->exact.cap * key_map_slot_bytes(&g->exact) + g->bands.cap * key_map_slot_bytes(&g->bands) +
           g->fingerprints.cap * key_map_slot_bytes(&g->fingerprints) + g->df.cap * (sizeof(uint32_t) + sizeof(uint16_t));
}

static original *original_at(const nd__copies *c, uint64_t number)
{
    return &c->ring[number % c->ring_cap];
}


/* Title words: three bytes or more, so that "on", "in" and "of" agree on nothing. */
static size_t title_words(const char *title, nd__vec *out)
{
    out->count = 0;
    if (nd__tokenize(title, strlen(title), out) != ND_OK)
        return 0;
    nd__token *t = out->items;
    size_t kept = 0;
    for (size_t i = 0; i < out->count; i++)
        if (t[i].end - t[i].start >= 3)
            t[kept++] = t[i];
    out->count = kept;
    return kept;
}

/* How many of the words in `x` are among the words in `y` (both nd__token lists). */
static size_t shared_words(const nd__vec *x, const nd__vec *y)
{
    const nd__token *a = x->items, *b = y->items;
    size_t shared = 0;
    for (size_t i = 0; i < x->count; i++)
        for (size_t j = 0; j < y->count; j++)
            if (a[i].hash == b[j].hash) {
                shared++;
                break;
            }
    return shared;
}

/* Whether the text a copy shares is the articles' own (titles_agree, then titles_fit_bodies) (issue 7 (b), (d)): a body left with only a
 * paywall notice, a cookie banner or a site's navigation is the same in many unrelated articles.
 * Two articles with one body are copies when their titles agree (half the longer title's words
 * shared), or when each title is about the body: half its words are words of the body (a copy
 * re-headlined "Macon man sentenced" still names Macon and the sentence; a banner names neither).
 * Articles without a title are judged by their text alone. */

static int titles_agree(copies_scratch *s, const nd_article *a, const nd_article *b)
{
    if (!a->title[0] || !b->title[0])
        return 1;
    size_t na = title_words(a->title, &s->title_a), nb = title_words(b->title, &s->title_b);
    if (!na || !nb)
        return 1;
    size_t larger = na > nb ? na : nb;
    return shared_words(&s->title_a, &s->title_b) * 2 >= larger;
}

/* The second test, after titles_agree failed (s->title_a and title_b hold the title words). */
static int titles_fit_bodies(const copies_scratch *s, const article_words *wa, const article_words *wb)
{
    return shared_words(&s->title_a, &wa->tokens) * 2 >= s->title_a.count &&
           shared_words(&s->title_b, &wb->tokens) * 2 >= s->title_b.count;
}

nd__copies *nd__copies_new(const nd_options *options)
{
    nd__copies *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->options = *options;
    if (c->options.min_passage_words < 1)
        c->options.min_passage_words = 1;
    c->window = options->copy_window > 0 ? (size_t)options->copy_window : 0;
    if (c->window == 1)
        c->window = 2;
    c->gen[0].fingerprints.with_offsets = c->gen[1].fingerprints.with_offsets = 1;
    return c;
}

static void release_original(original *o)
{
    free(o->block);
    free(o->renamed);
    memset(o, 0, sizeof *o);
}

void nd__copies_free(nd__copies *c)
{
    if (!c)
        return;
    for (uint64_t n = c->oldest; n < c->next_number; n++)
        release_original(original_at(c, n));
    free(c->ring);
    generation_release(&c->gen[0]);
    generation_release(&c->gen[1]);
    nd__vec_release(&c->wb.tokens);
    nd__vec_release(&c->wb.shingles);
    nd__vec_release(&c->wa.tokens);
    nd__vec_release(&c->wa.shingles);
    key_map_release(&c->pf.positions);
    free(c->pf.next);
    free(c->pf.covered);
    nd__vec_release(&c->pf.passages);
    nd__vec_release(&c->pf.b_words);
    nd__vec_release(&c->prints);
    nd__vec_release(&c->candidates);
    nd__vec_release(&c->pairs);
    nd__vec_release(&c->passages);
    nd__vec_release(&c->picked);
    nd__vec_release(&c->scratch.title_a);
    nd__vec_release(&c->scratch.title_b);
    free(c);
}

size_t nd__copies_bytes(const nd__copies *c)
{
    size_t bytes = generation_bytes(&c->gen[0]) + generation_bytes(&c->gen[1]) + c->ring_cap * sizeof(original);
    for (uint64_t n = c->oldest; n < c->next_number; n++)
        bytes += original_at(c, n)->view.body_len + 64;
    return bytes;
}

size_t nd__copies_held(const nd__copies *c) { return (size_t)(c->next_number - c->oldest); }

nd__dedup_stats nd__copies_stats(const nd__copies *c)
{
    nd__dedup_stats st = c->stats;
    st.index_bytes = nd__copies_bytes(c);
    return st;
}

/* Drops the older generation when the newer one holds window/2 originals. */
static void slide(nd__copies *c)
{
    if (!c->window)
        return;
    generation *now = &c->gen[c->current], *old = &c->gen[!c->current];
    if (now->count < c->window / 2)
        return;
    for (uint64_t n = old->first; n < old->first + old->count; n++)
        release_original(original_at(c, n));
    if (old->count)
        c->oldest = old->first + old->count;
    generation_release(old);
    old->first = c->next_number;
    c->current = !c->current;
}

/* A record for the next original: id, title, date and clean text copied into one block. */
static original *new_original(nd__copies *c, const nd_article *b)
{
    size_t need = c->next_number - c->oldest + 1;
    if (need > c->ring_cap) {
        /* grows only before the window is full, so numbers never wrap in the old ring */
        size_t cap = c->ring_cap ? c->ring_cap * 2 : 256;
        if (c->window && cap > c->window)
            cap = c->window;
        if (cap < need)
            cap = need;
        original *grown = realloc(c->ring, cap * sizeof *grown);
        if (!grown)
            return NULL;
        memset(grown + c->ring_cap, 0, (cap - c->ring_cap) * sizeof *grown);
        c->ring = grown;
        c->ring_cap = cap;
    }
    original *o = original_at(c, c->next_number);
    size_t id = strlen(b->id) + 1, title = strlen(b->title) + 1, source = strlen(b->source) + 1;
    size_t date = b->published ? strlen(b->published) + 1 : 0;
    char *block = malloc(id + title + source + date + b->body_len + 1);
    if (!block)
        return NULL;
    memset(o, 0, sizeof *o);
    o->block = block;
    char *at = block;
    memcpy(at, b->id, id), o->view.id = at, at += id;
    memcpy(at, b->title, title), o->view.title = at, at += title;
    memcpy(at, b->source, source), o->view.source = at, at += source;
    if (date)
        memcpy(at, b->published, date), o->view.published = at, at += date;
    memcpy(at, b->body, b->body_len);
    at[b->body_len] = '\0';
    o->view.body = at;
    o->view.body_len = b->body_len;
    o->view.url = o->view.dateline = "";
    return o;
}

/* Records a pair for the caller; the passages are copied (the finder's are reused). */
static int add_pair(nd__copies *c, const original *a, const nd_article *b, nd_relation relation, double similarity,
                    const nd_passage *passages, size_t passage_count)
{
    nd_pair *pair = nd__vec_push(&c->pairs, sizeof *pair);
    if (!pair)
        return ND_ENOMEM;
    pair->a = a->view.id;
    pair->b = b->id;
    pair->relation = relation;
    pair->similarity = similarity;
    pair->first = published_first(&a->view, b)->id;
    pair->a_body = a->view.body;
    pair->a_body_len = a->view.body_len;
    pair->passage_count = passage_count;
    pair->passages = (const nd_passage *)(uintptr_t)c->passages.count; /* an offset until the end */
    for (size_t i = 0; i < passage_count; i++) {
        nd_passage *p = nd__vec_push(&c->passages, sizeof *p);
        if (!p)
            return ND_ENOMEM;
        *p = passages[i];
    }
    return ND_OK;
}

static int lookup_and_index(nd__copies *c, const nd_article *b, nd__copies_found *found);

int nd__copies_add(nd__copies *c, const nd_article *b, nd__copies_found *found)
{
    memset(found, 0, sizeof *found);
    found->duplicate = -1;
    c->pairs.count = 0;
    c->passages.count = 0;
    c->last_was_indexed = 0;
    slide(c);
    int rc = lookup_and_index(c, b, found);
    nd_pair *pairs = c->pairs.items;
    for (size_t i = 0; i < c->pairs.count; i++)
        pairs[i].passages = (const nd_passage *)c->passages.items + (uintptr_t)pairs[i].passages;
    found->pairs = pairs;
    found->count = c->pairs.count;
    found->indexed = c->last_was_indexed;
    return rc;
}

int nd__copies_rename_last(nd__copies *c, const char *id)
{
    if (!c->last_was_indexed)
        return ND_OK;
    original *o = original_at(c, c->last_indexed);
    char *copy = strdup(id);
    if (!copy)
        return ND_ENOMEM;
    free(o->renamed);
    o->renamed = copy;
    o->view.id = copy;
    return ND_OK;
}

void nd__copies_tag_last(nd__copies *c, long long tag)
{
    if (c->last_was_indexed)
        original_at(c, c->last_indexed)->tag = tag;
}

static int lookup_and_index(nd__copies *c, const nd_article *b, nd__copies_found *found)
{
    int rc = ND_OK;
    size_t min_words = (size_t)c->options.min_passage_words;
    size_t shingle_words = min_words < ND__SHINGLE_WORDS ? min_words : ND__SHINGLE_WORDS;
    size_t step = min_words - shingle_words + 1; /* shingles in the shortest passage */
    double threshold = c->options.near_threshold;
    article_words *wb = &c->wb, *wa = &c->wa;
    passage_finder *pf = &c->pf;
    static_assert(CANDIDATE_SLOTS > 4 * MAX_CANDIDATES, "candidate table too small");
    uint32_t candidate_slots[CANDIDATE_SLOTS];
    uint32_t stamp = ++c->stamp;
    c->stats.articles++;

    /* exact, before b's words are needed: an original has words, so a copy of one has */
    uint64_t body_hash = nd__hash64(b->body, b->body_len, 0);
    const original *exact = NULL;
    for (int older = 1; older >= 0 && !exact; older--) { /* the older generation first */
        const key_map *map = &c->gen[older ? !c->current : c->current].exact;
        size_t cursor = (size_t)-1;
        while (!exact && key_map_next(map, body_hash, &cursor) != (size_t)-1) {
            const original *a = original_at(c, map->articles[cursor]);
            if (a->view.body_len == b->body_len && memcmp(a->view.body, b->body, b->body_len) == 0)
                exact = a;
        }
    }
    /* issue 7 (b): a copy needs enough real text and a title that agrees (see same_article_text);
     * an exact copy with agreeing titles needs no more than a word count */
    int may_copy = nd__count_words(b->body, b->body_len) >= ND__COPY_MIN_WORDS;
    int exact_copy = exact && may_copy && titles_agree(&c->scratch, &exact->view, b);
    if (exact && may_copy && !exact_copy) {
        if ((rc = words_of(b, shingle_words, wb)) != ND_OK)
            return rc;
        exact_copy = titles_fit_bodies(&c->scratch, wb, wb);
    }
    if (exact_copy) {
        c->stats.exact++;
        found->duplicate = (int)c->pairs.count;
        found->duplicate_tag = exact->tag;
        return add_pair(c, exact, b, ND_RELATION_EXACT, 1.0, NULL, 0);
    }
    if ((rc = words_of(b, shingle_words, wb)) != ND_OK)
        return rc;
    if (wb->tokens.count == 0)
        return ND_OK;

    /* near */
    uint16_t signature[ND__MINHASH_BINS];
    minhash(wb->shingles.items, wb->shingles.count, signature);
    double best_similarity = 0;
    const original *near = NULL;
    uint64_t near_number = 0;
    for (int g = 0; g < 2; g++) {
        const key_map *bands = &c->gen[g].bands;
        for (size_t band = 0; band < ND__LSH_BANDS; band++) {
            size_t cursor = (size_t)-1;
            while (key_map_next(bands, band_key(signature, band), &cursor) != (size_t)-1) {
                uint32_t number = bands->articles[cursor];
                original *a = original_at(c, number);
                if (a->seen == stamp)
                    continue;
                a->seen = stamp;
                double s = signature_agreement(a->signature, signature);
                if (s > best_similarity || (s == best_similarity && near && number < near_number))
                    best_similarity = s, near = a, near_number = number;
            }
        }
    }
    int near_copy = near && best_similarity >= threshold && may_copy;
    if (near_copy && !titles_agree(&c->scratch, &near->view, b))
        near_copy = (rc = words_of(&near->view, shingle_words, wa)) == ND_OK && titles_fit_bodies(&c->scratch, wa, wb);
    if (near_copy) {
        c->stats.near++;
        found->duplicate = (int)c->pairs.count;
        found->duplicate_tag = near->tag;
        return add_pair(c, near, b, ND_RELATION_NEAR, best_similarity, NULL, 0);
    }

    if (rc != ND_OK)
        return rc;

    /* passages: every shingle of b is looked up among the sampled shingles of originals */
    nd__vec *candidates = &c->candidates;
    candidates->count = 0;
    memset(candidate_slots, 0, sizeof candidate_slots);
    const uint64_t *shingle = wb->shingles.items;
    for (size_t i = 0; i < wb->shingles.count && rc == ND_OK; i++) {
        size_t hits = 0;
        for (int g = 0; g < 2; g++) {
            const key_map *fps = &c->gen[g].fingerprints;
            if (i + LOOKAHEAD < wb->shingles.count)
                key_map_prefetch(fps, shingle[i + LOOKAHEAD]);
            size_t cursor = (size_t)-1;
            while (key_map_next(fps, shingle[i], &cursor) != (size_t)-1)
                hits++;
        }
        if (hits == 0 || hits >= ND__COMMON_FINGERPRINT)
            continue;
        for (int g = 0; g < 2 && rc == ND_OK; g++) {
            const key_map *fps = &c->gen[g].fingerprints;
            size_t cursor = (size_t)-1;
            while (key_map_next(fps, shingle[i], &cursor) != (size_t)-1) {
                const uint32_t article = fps->articles[cursor];
                /* candidate_slots: article -> 1 + its place in candidates (open addressing) */
                size_t h = nd__mix64(article) & (CANDIDATE_SLOTS - 1);
                while (candidate_slots[h] &&
                       ((candidate *)candidates->items)[candidate_slots[h] - 1].article != article)
                    h = (h + 1) & (CANDIDATE_SLOTS - 1);
                candidate *cand;
                if (candidate_slots[h]) {
                    cand = (candidate *)candidates->items + candidate_slots[h] - 1;
                } else {
                    if (candidates->count >= 4 * MAX_CANDIDATES)
                        continue;
                    cand = nd__vec_push(candidates, sizeof *cand);
                    if (!cand) {
                        rc = ND_ENOMEM;
                        break;
                    }
                    cand->article = article;
                    candidate_slots[h] = (uint32_t)candidates->count;
                }
                if (cand->shared < CHECKED_HITS) {
                    cand->a_offset[cand->shared] = fps->offsets[cursor];
                    cand->b_position[cand->shared] = (uint32_t)i;
                }
                cand->shared++;
            }
        }
    }
    if (rc != ND_OK)
        return rc;
    if (candidates->count > MAX_CANDIDATES) {
        qsort(candidates->items, candidates->count, sizeof(candidate), compare_candidates);
        candidates->count = MAX_CANDIDATES;
    }
    if (candidates->count > 1)
        qsort(candidates->items, candidates->count, sizeof(candidate), compare_by_article);
    const candidate *list = candidates->items;
    for (size_t k = 0; k < candidates->count && rc == ND_OK; k++) {
        const original *a = original_at(c, list[k].article);
        if (!may_share_passage(&a->view, &list[k], wb, min_words, &wa->tokens))
            continue;
        if ((rc = words_of(&a->view, shingle_words, wa)) != ND_OK)
            break;
        if ((rc = find_passages(pf, &a->view, wa, b, wb, min_words)) != ND_OK)
            break;
        /* issue 7 (d): a passage most of whose shingles other originals hold too is text many
         * articles share (a newsletter line, a robot check), not syndication: dropped */
        nd_passage *kept = pf->passages.items;
        const size_t *b_words = pf->b_words.items;
        size_t kept_count = 0;
        for (size_t p = 0; p < pf->passages.count; p++) {
            /* of the passage's shingles df counts: those a's site or b's site uses in
             * ND__BOILERPLATE_HOLDERS originals (b itself not yet counted) */
            size_t first = b_words[p], shingles = kept[p].words - shingle_words + 1, common = 0, sampled = 0;
            for (size_t k = first; k < first + shingles && k < wb->shingles.count; k++) {
                if (!df_sampled(shingle[k]))
                    continue;
                sampled++;
                uint64_t ka = df_key(shingle[k], a->view.source), kb = df_key(shingle[k], b->source);
                unsigned in_a = df_count(&c->gen[0].df, ka) + df_count(&c->gen[1].df, ka);
                unsigned in_b = df_count(&c->gen[0].df, kb) + df_count(&c->gen[1].df, kb);
                uint64_t kall = df_key(shingle[k], ALL_SOURCES); /* a CMS's widget on many sites */
                unsigned in_all = df_count(&c->gen[0].df, kall) + df_count(&c->gen[1].df, kall);
                common += in_a >= ND__BOILERPLATE_HOLDERS || in_b + 1 >= ND__BOILERPLATE_HOLDERS ||
                          in_all >= ND__BOILERPLATE_ANYWHERE;
            }
            if (common * 2 <= sampled)
                kept[kept_count++] = kept[p];
        }
        pf->passages.count = kept_count;
        if (pf->passages.count == 0)
            continue;
        size_t covered = 0;
        const nd_passage *ps = pf->passages.items;
        for (size_t p = 0; p < pf->passages.count; p++)
            covered += ps[p].words;
        size_t shorter = wa->tokens.count < wb->tokens.count ? wa->tokens.count : wb->tokens.count;
        double similarity = shorter ? (double)covered / (double)shorter : 0;
        if (similarity > 1)
            similarity = 1;
        c->stats.passages++;
        rc = add_pair(c, a, b, ND_RELATION_PASSAGES, similarity, ps, pf->passages.count);
    }
    if (rc != ND_OK)
        return rc;

    /* index b as an original */
    original *o = new_original(c, b);
    if (!o)
        return ND_ENOMEM;
    uint64_t number = c->next_number++;
    generation *now = &c->gen[c->current];
    if (now->count == 0)
        now->first = number;
    now->count++;
    memcpy(o->signature, signature, sizeof signature);
    o->seen = stamp;
    c->stats.indexed++;
    c->last_was_indexed = 1;
    c->last_indexed = number;
    rc = key_map_add(&now->exact, body_hash, (uint32_t)number, 0);
    for (size_t band = 0; band < ND__LSH_BANDS && rc == ND_OK; band++)
        rc = key_map_add(&now->bands, band_key(signature, band), (uint32_t)number, 0);
    if (rc == ND_OK)
        rc = sample(wb->shingles.items, wb->shingles.count, step, &c->prints);
    const fingerprint *fp = c->prints.items;
    for (size_t i = 0; i < c->prints.count && rc == ND_OK; i++) {
        size_t hits = 0;
        for (int g = 0; g < 2; g++) {
            size_t cursor = (size_t)-1;
            while (hits < ND__COMMON_FINGERPRINT &&
                   key_map_next(&c->gen[g].fingerprints, fp[i].hash, &cursor) != (size_t)-1)
                hits++;
        }
        if (hits < ND__COMMON_FINGERPRINT)
            rc = key_map_add(&now->fingerprints, fp[i].hash, (uint32_t)number,
                             ((const nd__token *)wb->tokens.items)[fp[i].position].start);
    }
    /* the document frequencies: each counted shingle once per original, under its source and
     * under all sources */
    nd__vec *picked = &c->picked;
    picked->count = 0;
    const uint64_t *sh = wb->shingles.items;
    for (size_t i = 0; i < wb->shingles.count && rc == ND_OK; i++) {
        if (!df_sampled(sh[i]))
            continue;
        uint64_t *slot = nd__vec_push(picked, sizeof *slot);
        if (slot)
            *slot = sh[i];
        else
            rc = ND_ENOMEM;
    }
    if (picked->count > 1)
        qsort(picked->items, picked->count, sizeof(uint64_t), compare_u64);
    const uint64_t *p = picked->items;
    for (size_t i = 0; i < picked->count && rc == ND_OK; i++)
        if (i == 0 || p[i] != p[i - 1]) {
            rc = df_add(&now->df, df_key(p[i], b->source));
            if (rc == ND_OK)
                rc = df_add(&now->df, df_key(p[i], ALL_SOURCES));
        }
    return rc;
}

const char *nd_relation_name(nd_relation relation)
{
    switch (relation) {
    case ND_RELATION_EXACT:
        return "exact";
    case ND_RELATION_NEAR:
        return "near";
    case ND_RELATION_PASSAGES:
        return "passages";
    }
    return "unknown";
}

/* ---- the window as state (engine.c's blob) ---------------------------------------------------- */
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
    if (in->failed || cap > STATE_MAX_SLOTS || used * 100 > cap * MAP_LOAD_PERCENT)
        return ND_EFORMAT;
    if (!cap)
        return ND_OK;
    if (key_map_alloc(m, (size_t)cap) != ND_OK)
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
        const original *o = original_at(c, n);
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
        if (m->offsets && m->offsets[i] > original_at(c, n)->view.body_len)
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
        /* the record as new_original makes it, from NUL-terminated copies */
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
            original *o = new_original(c, &view);
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
