/*
 * copies.c: the copy finder. Takes clean articles one at a time, in input order, and gives each
 * related pair with an earlier article:
 *
 *   exact     the same clean text (a 64-bit hash, confirmed byte for byte);
 *   near      the same article with small edits: a one-permutation MinHash signature of word
 *             5-shingles (ND__MINHASH_BINS bins of 16 bits), candidates from LSH banding, kept
 *             when the estimated Jaccard reaches options.near_threshold;
 *   passages  different articles sharing runs of min_passage_words or more words (passages.c).
 *
 * A copy (exact or near) is reported against its original and is not indexed itself: later
 * articles are compared with the original only. This keeps the index to originals: about
 * 1.1 KB each, 740 to 840 bytes per article of a stream with copies (see docs/benchmarks.md).
 * This file holds the run (nd__copies_add), the window of originals and their records; the maps
 * are in copies_index.c, the saved state in copies_state.c.
 */
#include "copies_index.h"

#include <stdlib.h>
#include <string.h>

#include "analyse.h"
#include "limits.h"
#include "text.h"

#define ROWS_PER_BAND (ND__MINHASH_BINS / ND__LSH_BANDS)

/* ---- per-article work ---------------------------------------------------------------------- */
int nd__copy_words(const nd_article *a, size_t shingle_words, article_words *w)
{
    w->shingles.count = 0;
    const nd__words *words = nd__words_of(a);
    if (words) {
        w->tokens = words->body;
        w->count = words->body_count;
    } else {
        w->own.count = 0;
        if (nd__tokenize(a->body, a->body_len, &w->own) != ND_OK)
            return ND_ENOMEM;
        w->tokens = w->own.items;
        w->count = w->own.count;
    }
    const nd__token *t = w->tokens;
    size_t n = w->count;
    if (n == 0)
        return ND_OK;
    size_t k = n < shingle_words ? n : shingle_words, count = n - k + 1;
    if (nd__vec_reserve(&w->shingles, count, sizeof(uint64_t)) != ND_OK) /* sized once, not pushed one by one */
        return ND_ENOMEM;
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

/* Title words: three bytes or more, so that "on", "in" and "of" agree on nothing. */
static size_t title_words(const nd_article *article, nd__vec *out)
{
    out->count = 0;
    const nd__words *words = nd__words_of(article);
    if (words) {
        if (words->title_count && nd__vec_reserve(out, words->title_count, sizeof(nd__token)) != ND_OK)
            return 0;
        memcpy(out->items, words->title, words->title_count * sizeof(nd__token));
        out->count = words->title_count;
    } else if (nd__tokenize(article->title, strlen(article->title), out) != ND_OK) {
        return 0;
    }
    nd__token *t = out->items;
    size_t kept = 0;
    for (size_t i = 0; i < out->count; i++)
        if (t[i].end - t[i].start >= 3)
            t[kept++] = t[i];
    out->count = kept;
    return kept;
}

/* How many of the words in `x` (an nd__vec of nd__token) are among the words b[0..nb). */
static size_t shared_words(const nd__vec *x, const nd__token *b, size_t nb)
{
    const nd__token *a = x->items;
    size_t shared = 0;
    for (size_t i = 0; i < x->count; i++)
        for (size_t j = 0; j < nb; j++)
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
    size_t na = title_words(a, &s->title_a), nb = title_words(b, &s->title_b);
    if (!na || !nb)
        return 1;
    size_t larger = na > nb ? na : nb;
    return shared_words(&s->title_a, s->title_b.items, s->title_b.count) * 2 >= larger;
}

/* The second test, after titles_agree failed (s->title_a and title_b hold the title words). */
static int titles_fit_bodies(const copies_scratch *s, const article_words *wa, const article_words *wb)
{
    return shared_words(&s->title_a, wa->tokens, wa->count) * 2 >= s->title_a.count &&
           shared_words(&s->title_b, wb->tokens, wb->count) * 2 >= s->title_b.count;
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
    nd__generation_init(&c->gen[0]);
    nd__generation_init(&c->gen[1]);
    nd__map_init(&c->pf.positions, 2 * sizeof(uint32_t), 64, 0);
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
        release_original(nd__original_at(c, n));
    free(c->ring);
    nd__generation_release(&c->gen[0]);
    nd__generation_release(&c->gen[1]);
    nd__vec_release(&c->wb.own);
    nd__vec_release(&c->wb.shingles);
    nd__vec_release(&c->wa.own);
    nd__vec_release(&c->wa.shingles);
    nd__map_release(&c->pf.positions);
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
    size_t bytes = nd__generation_bytes(&c->gen[0]) + nd__generation_bytes(&c->gen[1]) + c->ring_cap * sizeof(original);
    for (uint64_t n = c->oldest; n < c->next_number; n++)
        bytes += nd__original_at(c, n)->view.body_len + 64;
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
        release_original(nd__original_at(c, n));
    if (old->count)
        c->oldest = old->first + old->count;
    nd__generation_release(old);
    old->first = c->next_number;
    c->current = !c->current;
}

/* A record for the next original: id, title, date and clean text copied into one block. */
original *nd__copies_new_original(nd__copies *c, const nd_article *b)
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
    original *o = nd__original_at(c, c->next_number);
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
int nd__copies_add_pair(nd__copies *c, const original *a, const nd_article *b, nd_relation relation, double similarity,
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
    /* pairs hold offsets into c->passages until here, where the vector no longer moves; a pair
     * without passages (exact, near) points nowhere: c->passages.items may still be NULL, and
     * an offset added to NULL is undefined behaviour (issue 22's fuzz finding) */
    for (size_t i = 0; i < c->pairs.count; i++)
        pairs[i].passages = pairs[i].passage_count
                                ? (const nd_passage *)c->passages.items + (uintptr_t)pairs[i].passages
                                : NULL;
    found->pairs = pairs;
    found->count = c->pairs.count;
    found->indexed = c->last_was_indexed;
    return rc;
}

int nd__copies_rename_last(nd__copies *c, const char *id)
{
    if (!c->last_was_indexed)
        return ND_OK;
    original *o = nd__original_at(c, c->last_indexed);
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
        nd__original_at(c, c->last_indexed)->tag = tag;
}

static int lookup_and_index(nd__copies *c, const nd_article *b, nd__copies_found *found)
{
    int rc = ND_OK;
    size_t min_words = (size_t)c->options.min_passage_words;
    size_t shingle_words = min_words < ND__SHINGLE_WORDS ? min_words : ND__SHINGLE_WORDS;
    double threshold = c->options.near_threshold;
    article_words *wb = &c->wb, *wa = &c->wa;
    uint32_t stamp = ++c->stamp;
    c->stats.articles++;

    /* exact, before b's words are needed: an original has words, so a copy of one has */
    uint64_t body_hash = nd__hash64(b->body, b->body_len, 0);
    const original *exact = NULL;
    for (int older = 1; older >= 0 && !exact; older--) { /* the older generation first */
        const nd__map *map = &c->gen[older ? !c->current : c->current].exact;
        size_t cursor = 0;
        const posting *p;
        while (!exact && (p = nd__postings_next(map, body_hash, &cursor))) {
            const original *a = nd__original_at(c, p->article);
            if (a->view.body_len == b->body_len && memcmp(a->view.body, b->body, b->body_len) == 0)
                exact = a;
        }
    }
    /* issue 7 (b): a copy needs enough real text and a title that agrees (see same_article_text);
     * an exact copy with agreeing titles needs no more than a word count */
    int may_copy = nd__text_count_word_runs(b->body, b->body_len, SIZE_MAX) >= ND__COPY_MIN_WORDS;
    int exact_copy = exact && may_copy && titles_agree(&c->scratch, &exact->view, b);
    if (exact && may_copy && !exact_copy) {
        if ((rc = nd__copy_words(b, shingle_words, wb)) != ND_OK)
            return rc;
        exact_copy = titles_fit_bodies(&c->scratch, wb, wb);
    }
    if (exact_copy) {
        c->stats.exact++;
        found->duplicate = (int)c->pairs.count;
        found->duplicate_tag = exact->tag;
        return nd__copies_add_pair(c, exact, b, ND_RELATION_EXACT, 1.0, NULL, 0);
    }
    if ((rc = nd__copy_words(b, shingle_words, wb)) != ND_OK)
        return rc;
    if (wb->count == 0)
        return ND_OK;

    /* near */
    uint16_t signature[ND__MINHASH_BINS];
    minhash(wb->shingles.items, wb->shingles.count, signature);
    double best_similarity = 0;
    const original *near = NULL;
    uint64_t near_number = 0;
    for (int g = 0; g < 2; g++) {
        const nd__map *bands = &c->gen[g].bands;
        for (size_t band = 0; band < ND__LSH_BANDS; band++) {
            size_t cursor = 0;
            const posting *p;
            while ((p = nd__postings_next(bands, band_key(signature, band), &cursor))) {
                uint32_t number = p->article;
                original *a = nd__original_at(c, number);
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
        near_copy = (rc = nd__copy_words(&near->view, shingle_words, wa)) == ND_OK && titles_fit_bodies(&c->scratch, wa, wb);
    if (near_copy) {
        c->stats.near++;
        found->duplicate = (int)c->pairs.count;
        found->duplicate_tag = near->tag;
        return nd__copies_add_pair(c, near, b, ND_RELATION_NEAR, best_similarity, NULL, 0);
    }

    if (rc != ND_OK)
        return rc;

    /* passages */
    if ((rc = nd__passages_find(c, b)) != ND_OK)
        return rc;

    /* index b as an original */
    original *o = nd__copies_new_original(c, b);
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
    rc = nd__postings_add(&now->exact, body_hash, (uint32_t)number, 0);
    for (size_t band = 0; band < ND__LSH_BANDS && rc == ND_OK; band++)
        rc = nd__postings_add(&now->bands, band_key(signature, band), (uint32_t)number, 0);
    if (rc == ND_OK)
        rc = nd__passages_index(c, b, number);
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
