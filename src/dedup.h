/*
 * dedup.h: clean articles in, related pairs out (exact copies, near copies, shared passages).
 */
#ifndef ND_DEDUP_H
#define ND_DEDUP_H

#include <stddef.h>

#include "article.h"

#define ND__SHINGLE_WORDS 5    /* words per shingle, for MinHash and passage fingerprints */
#define ND__MINHASH_BINS 64    /* one-permutation MinHash signature length */
#define ND__LSH_BANDS 16       /* bands of ND__MINHASH_BINS / ND__LSH_BANDS rows */
#define ND__COMMON_FINGERPRINT 16 /* a fingerprint in this many articles is too common to use */

typedef struct nd__dedup_stats {
    size_t articles;         /* articles seen */
    size_t exact, near, passages; /* pairs found of each relation */
    size_t indexed;          /* articles kept in the index (originals, not copies) */
    size_t index_bytes;      /* memory held by the duplicate index at the end */
} nd__dedup_stats;

/* Runs dedup over the desk's articles in input order; see nd_desk_dedup. `stats` may be NULL. */
int nd__dedup_run(nd_desk *desk, nd_pair_fn fn, void *user, nd__dedup_stats *stats);

#endif
