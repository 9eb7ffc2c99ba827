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

/* ---- the index over originals ---------------------------------------------------------------- */
typedef struct dedup_index {
    key_map exact;        /* body hash -> article */
    key_map bands;        /* (band, rows) hash -> article */
    key_map fingerprints; /* sampled shingle hash -> article, at most ND__COMMON_FINGERPRINT each */
    nd__vec signatures;   /* uint16_t[ND__MINHASH_BINS] per indexed article */
    uint32_t *slot_of;    /* article number -> its row in signatures */
} dedup_index;

static void index_release(dedup_index *ix)
{
    key_map_release(&ix->exact);
    key_map_release(&ix->bands);
    key_map_release(&ix->fingerprints);
    nd__vec_release(&ix->signatures);
    free(ix->slot_of);
}

static size_t index_bytes(const dedup_index *ix, size_t articles)
{
    size_t maps = ix->exact.cap * key_map_slot_bytes(&ix->exact) + ix->bands.cap * key_map_slot_bytes(&ix->bands) +
                  ix->fingerprints.cap * key_map_slot_bytes(&ix->fingerprints);
    return maps + ix->signatures.cap * ND__MINHASH_BINS * sizeof(uint16_t) +
           articles * sizeof(uint32_t);
}

static const uint16_t *signature_of(const dedup_index *ix, uint32_t article)
{
    return (const uint16_t *)ix->signatures.items + (size_t)ix->slot_of[article] * ND__MINHASH_BINS;
}

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
    unsigned char *covered;
    size_t covered_cap;
    nd__vec passages; /* nd_passage */
} passage_finder;

static int find_passages(passage_finder *pf, const nd_article *a, const article_words *wa,
                         const nd_article *b, const article_words *wb, size_t min_words)
{
    (void)a, (void)b;
    pf->passages.count = 0;
    const nd__token *ta = wa->tokens.items, *tb = wb->tokens.items;
    size_t na = wa->tokens.count, nb = wb->tokens.count;
    size_t sa = wa->shingles.count, sb = wb->shingles.count;
    if (na < min_words || nb < min_words || sa == 0 || sb == 0)
        return ND_OK;
    const uint64_t *ha = wa->shingles.items, *hb = wb->shingles.items;
    /* A table sized for this article: clearing the whole of one sized for the longest article
     * seen would cost more than the search itself. */
    size_t cap = 64;
    while (cap < 2 * sa)
        cap *= 2;
    if (pf->positions_room < cap) {
        key_map_release(&pf->positions);
        pf->positions_room = 0;
        if (key_map_alloc(&pf->positions, cap) != ND_OK)
            return ND_ENOMEM;
        pf->positions_room = cap;
    }
    pf->positions.cap = cap;
    memset(pf->positions.keys, 0, cap * sizeof(uint32_t));
    pf->positions.used = sa;
    /* key_map_put, without its growth check: the table is at most half full */
    uint32_t *keys = pf->positions.keys, *values = pf->positions.articles;
    for (size_t i = 0; i < sa; i++) {
        uint32_t key = short_key(ha[i]);
        size_t j = home_slot(&pf->positions, key);
        while (keys[j])
            j = j + 1 == cap ? 0 : j + 1;
        keys[j] = key;
        values[j] = (uint32_t)i;
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
        while (key_map_next(&pf->positions, hb[j], &cursor) != (size_t)-1 && probes++ < 64) {
            size_t i = pf->positions.articles[cursor], len = 0;
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

static int compare_by_article(const void *x, const void *y)
{
    const candidate *a = x, *b = y;
    return a->article < b->article ? -1 : a->article > b->article;
}

int nd_desk_dedup(nd_desk *desk, nd_pair_fn fn, void *user)
{
    if (!desk || !fn)
        return ND_EINVAL;
    return nd__dedup_run(desk, fn, user, NULL);
}

int nd__dedup_run(nd_desk *desk, nd_pair_fn fn, void *user, nd__dedup_stats *stats)
{
    int rc = nd__clean_templates(desk);
    if (rc != ND_OK)
        return rc;
    nd_article **articles = desk->articles.items;
    size_t count = desk->articles.count;
    size_t min_words = (size_t)desk->options.min_passage_words;
    size_t shingle_words = min_words < ND__SHINGLE_WORDS ? min_words : ND__SHINGLE_WORDS;
    size_t step = min_words - shingle_words + 1; /* shingles in the shortest passage */
    double threshold = desk->options.near_threshold;

    dedup_index ix = {0};
    ix.fingerprints.with_offsets = 1;
    article_words wb = {0}, wa = {0};
    passage_finder pf = {0};
    nd__vec prints = {0}, candidates = {0};
    static_assert(CANDIDATE_SLOTS > 4 * MAX_CANDIDATES, "candidate table too small");
    uint32_t candidate_slots[CANDIDATE_SLOTS];
    uint32_t *seen = calloc(count ? count : 1, sizeof *seen); /* last b that met each article */
    ix.slot_of = calloc(count ? count : 1, sizeof *ix.slot_of);
    nd__dedup_stats local = {0};
    if (!seen || !ix.slot_of)
        rc = ND_ENOMEM;

    for (size_t bi = 0; bi < count && rc == ND_OK; bi++) {
        nd_article *b = articles[bi];
        local.articles++;
        if (desk->options.on_progress && bi % ND__PROGRESS_EVERY == 0)
            desk->options.on_progress(desk->options.user, "dedup", bi, count);
        nd_pair pair = {0};
        pair.b = b;

        /* exact, before b's words are needed: an original has words, so a copy of one has */
        uint64_t body_hash = nd__hash64(b->body, b->body_len, 0);
        size_t cursor = (size_t)-1;
        const nd_article *original = NULL;
        while (key_map_next(&ix.exact, body_hash, &cursor) != (size_t)-1) {
            const nd_article *a = articles[ix.exact.articles[cursor]];
            if (a->body_len == b->body_len && memcmp(a->body, b->body, b->body_len) == 0) {
                original = a;
                break;
            }
        }
        if (original) {
            pair.a = original;
            pair.relation = ND_RELATION_EXACT;
            pair.similarity = 1.0;
            pair.first = published_first(original, b);
            local.exact++;
            if (fn(user, &pair) != 0)
                rc = ND_ESTOPPED;
            continue;
        }

        if ((rc = words_of(b, shingle_words, &wb)) != ND_OK)
            break;
        if (wb.tokens.count == 0)
            continue;

        /* near */
        uint16_t signature[ND__MINHASH_BINS];
        minhash(wb.shingles.items, wb.shingles.count, signature);
        double best_similarity = 0;
        const nd_article *near = NULL;
        for (size_t band = 0; band < ND__LSH_BANDS; band++) {
            cursor = (size_t)-1;
            while (key_map_next(&ix.bands, band_key(signature, band), &cursor) != (size_t)-1) {
                uint32_t article = ix.bands.articles[cursor];
                if (seen[article] == bi + 1)
                    continue;
                seen[article] = (uint32_t)(bi + 1);
                double s = signature_agreement(signature_of(&ix, article), signature);
                if (s > best_similarity || (s == best_similarity && near && article < near->index))
                    best_similarity = s, near = articles[article];
            }
        }
        if (near && best_similarity >= threshold) {
            pair.a = near;
            pair.relation = ND_RELATION_NEAR;
            pair.similarity = best_similarity;
            pair.first = published_first(near, b);
            local.near++;
            if (fn(user, &pair) != 0)
                rc = ND_ESTOPPED;
            continue;
        }

        /* passages: every shingle of b is looked up among the sampled shingles of originals */
        candidates.count = 0;
        memset(candidate_slots, 0, sizeof candidate_slots);
        const uint64_t *shingle = wb.shingles.items;
        for (size_t i = 0; i < wb.shingles.count && rc == ND_OK; i++) {
            if (i + LOOKAHEAD < wb.shingles.count)
                key_map_prefetch(&ix.fingerprints, shingle[i + LOOKAHEAD]);
            size_t hits = 0;
            cursor = (size_t)-1;
            while (key_map_next(&ix.fingerprints, shingle[i], &cursor) != (size_t)-1)
                hits++;
            if (hits == 0 || hits >= ND__COMMON_FINGERPRINT)
                continue;
            cursor = (size_t)-1;
            while (key_map_next(&ix.fingerprints, shingle[i], &cursor) != (size_t)-1) {
                const uint32_t article = ix.fingerprints.articles[cursor];
                /* candidate_slots: article -> 1 + its place in candidates (open addressing) */
                size_t h = nd__mix64(article) & (CANDIDATE_SLOTS - 1);
                while (candidate_slots[h] &&
                       ((candidate *)candidates.items)[candidate_slots[h] - 1].article != article)
                    h = (h + 1) & (CANDIDATE_SLOTS - 1);
                candidate *c;
                if (candidate_slots[h]) {
                    c = (candidate *)candidates.items + candidate_slots[h] - 1;
                } else {
                    if (candidates.count >= 4 * MAX_CANDIDATES)
                        continue;
                    c = nd__vec_push(&candidates, sizeof *c);
                    if (!c) {
                        rc = ND_ENOMEM;
                        break;
                    }
                    c->article = article;
                    candidate_slots[h] = (uint32_t)candidates.count;
                }
                if (c->shared < CHECKED_HITS) {
                    c->a_offset[c->shared] = ix.fingerprints.offsets[cursor];
                    c->b_position[c->shared] = (uint32_t)i;
                }
                c->shared++;
            }
        }
        if (rc != ND_OK)
            break;
        if (candidates.count > MAX_CANDIDATES) {
            qsort(candidates.items, candidates.count, sizeof(candidate), compare_candidates);
            candidates.count = MAX_CANDIDATES;
        }
        if (candidates.count > 1)
            qsort(candidates.items, candidates.count, sizeof(candidate), compare_by_article);
        const candidate *list = candidates.items;
        for (size_t k = 0; k < candidates.count && rc == ND_OK; k++) {
            const nd_article *a = articles[list[k].article];
            if (!may_share_passage(a, &list[k], &wb, min_words, &wa.tokens))
                continue;
            if ((rc = words_of(a, shingle_words, &wa)) != ND_OK)
                break;
            if ((rc = find_passages(&pf, a, &wa, b, &wb, min_words)) != ND_OK)
                break;
            if (pf.passages.count == 0)
                continue;
            size_t covered = 0;
            const nd_passage *ps = pf.passages.items;
            for (size_t p = 0; p < pf.passages.count; p++)
                covered += ps[p].words;
            size_t shorter = wa.tokens.count < wb.tokens.count ? wa.tokens.count : wb.tokens.count;
            pair.a = a;
            pair.relation = ND_RELATION_PASSAGES;
            pair.similarity = shorter ? (double)covered / (double)shorter : 0;
            if (pair.similarity > 1)
                pair.similarity = 1;
            pair.first = published_first(a, b);
            pair.passage_count = pf.passages.count;
            pair.passages = pf.passages.items;
            local.passages++;
            if (fn(user, &pair) != 0)
                rc = ND_ESTOPPED;
        }
        if (rc != ND_OK)
            break;

        /* index b as an original */
        local.indexed++;
        if (ix.signatures.count == ix.signatures.cap) {
            /* by half, as the maps grow: doubling would leave up to half of it unused */
            size_t cap = ix.signatures.cap ? ix.signatures.cap + ix.signatures.cap / 2 : 256;
            void *grown = realloc(ix.signatures.items, cap * sizeof signature);
            if (!grown) {
                rc = ND_ENOMEM;
                break;
            }
            ix.signatures.items = grown;
            ix.signatures.cap = cap;
        }
        memcpy((uint16_t *)ix.signatures.items + ix.signatures.count++ * ND__MINHASH_BINS, signature,
               sizeof signature);
        ix.slot_of[bi] = (uint32_t)(ix.signatures.count - 1);
        rc = key_map_add(&ix.exact, body_hash, (uint32_t)bi, 0);
        for (size_t band = 0; band < ND__LSH_BANDS && rc == ND_OK; band++)
            rc = key_map_add(&ix.bands, band_key(signature, band), (uint32_t)bi, 0);
        if ((rc = sample(wb.shingles.items, wb.shingles.count, step, &prints)) != ND_OK)
            break;
        const fingerprint *fp = prints.items;
        for (size_t i = 0; i < prints.count && rc == ND_OK; i++) {
            size_t hits = 0;
            cursor = (size_t)-1;
            while (hits < ND__COMMON_FINGERPRINT && key_map_next(&ix.fingerprints, fp[i].hash, &cursor) != (size_t)-1)
                hits++;
            if (hits < ND__COMMON_FINGERPRINT)
                rc = key_map_add(&ix.fingerprints, fp[i].hash, (uint32_t)bi,
                                 ((const nd__token *)wb.tokens.items)[fp[i].position].start);
        }
    }
    local.index_bytes = index_bytes(&ix, count);
    if (stats)
        *stats = local;
    index_release(&ix);
    nd__vec_release(&wb.tokens);
    nd__vec_release(&wb.shingles);
    nd__vec_release(&wa.tokens);
    nd__vec_release(&wa.shingles);
    key_map_release(&pf.positions);
    free(pf.covered);
    nd__vec_release(&pf.passages);
    nd__vec_release(&prints);
    nd__vec_release(&candidates);
    free(seen);
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
