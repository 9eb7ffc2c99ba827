/*
 * dedup.h: clean articles in, one at a time, and their relations with earlier articles out
 * (exact copies, near copies, shared passages), over a window of recent originals.
 */
#ifndef ND_DEDUP_H
#define ND_DEDUP_H

#include <stddef.h>

#include "article.h"

#define ND__SHINGLE_WORDS 5    /* words per shingle, for MinHash and passage fingerprints */
#define ND__MINHASH_BINS 64    /* one-permutation MinHash signature length */
#define ND__LSH_BANDS 16       /* bands of ND__MINHASH_BINS / ND__LSH_BANDS rows */
#define ND__COMMON_FINGERPRINT 16 /* a fingerprint in this many originals is too common to use */
#define ND__BOILERPLATE_HOLDERS 3 /* a passage whose shingles this many other originals hold is
                                     boilerplate (issue 7 (d)) */
#define ND__BOILERPLATE_ANYWHERE 6 /* or that this many originals of any source hold */
#define ND__DF_SAMPLE 4           /* one shingle in this many (by hash) is counted for that */
#define ND__COPY_MIN_WORDS 25  /* an exact or near copy needs this many words (issue 7 (b)) */

typedef struct nd__dedup_stats {
    size_t articles;         /* articles seen */
    size_t exact, near, passages; /* pairs found of each relation */
    size_t indexed;          /* articles kept in the index (originals, not copies) */
    size_t index_bytes;      /* memory held by the window now */
} nd__dedup_stats;

/* The copy finder's state: the window of originals and its index. */
typedef struct nd__copies nd__copies;

/* What nd__copies_add found for one article. Strings and passages are borrowed from the copy
 * finder and stay valid until its next nd__copies_add. */
typedef struct nd__copies_found {
    const nd_pair *pairs;    /* with earlier originals, in order of those originals */
    size_t count;
    int duplicate;           /* index in pairs of the exact or near original, -1 for none */
    long long duplicate_tag; /* that original's tag (nd__copies_tag_last) */
    int indexed;             /* the article was kept as an original */
} nd__copies_found;

/* options->copy_window originals are kept (0: all); NULL when out of memory. */
nd__copies *nd__copies_new(const nd_options *options);
void nd__copies_free(nd__copies *copies);
/* Finds the article's relations with the originals held, then keeps it as an original unless it
 * is an exact or near copy. ND_OK or ND_ENOMEM. */
int nd__copies_add(nd__copies *copies, const nd_article *article, nd__copies_found *found);
/* Sets the tag of the last article added, when it was kept as an original. */
void nd__copies_tag_last(nd__copies *copies, long long tag);
/* Gives the last article added, when kept as an original, another id (later pairs name it so).
 * ND_OK or ND_ENOMEM. */
int nd__copies_rename_last(nd__copies *copies, const char *id);
/* The window as state (engine.c's blob); load into a copy finder just made with the same
 * options: ND_OK, ND_EFORMAT, ND_EINVAL (not fresh) or ND_ENOMEM; on failure free it. */
int nd__copies_save(const nd__copies *copies, nd__buf *out);
int nd__copies_load(nd__copies *copies, nd__cursor *in);
size_t nd__copies_bytes(const nd__copies *copies);
size_t nd__copies_held(const nd__copies *copies); /* originals in the window */
nd__dedup_stats nd__copies_stats(const nd__copies *copies);

#endif
