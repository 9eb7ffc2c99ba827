/*
 * passages.c: shared passages, the third relation of the copy finder. Takes an article's words
 * (c->wb, made by copies.c) and the originals held; gives a pair for each original that shares
 * runs of min_passage_words or more words with it, each run with its byte offsets in both clean
 * texts. Originals leave one shingle in eight in the index (every run of min_passage_words words
 * holds one), a new article looks up all of its shingles, and the runs are then found exactly,
 * word by word.
 *
 * It also keeps the document frequencies of shingles among originals, per source and over all
 * sources, and drops a passage most of whose shingles many originals hold: that is boilerplate
 * (a newsletter line, a robot check), not syndication (issue 7 (d); docs/dedup.md says how this
 * relates to clean.c's templates).
 */
#include "copies_index.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CANDIDATES 64 /* passage candidates verified per article, most shared first */

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

/* ---- exact passages between two articles ---------------------------------------------------- */
typedef struct chain {
    uint32_t head, tail; /* the first and last position of a shingle in a */
} chain;

static int find_passages(passage_finder *pf, const nd_article *a, const article_words *wa,
                         const nd_article *b, const article_words *wb, size_t min_words)
{
    (void)a, (void)b;
    pf->passages.count = 0;
    pf->b_words.count = 0;
    const nd__token *ta = wa->tokens, *tb = wb->tokens;
    size_t na = wa->count, nb = wb->count;
    size_t sa = wa->shingles.count, sb = wb->shingles.count;
    if (na < min_words || nb < min_words || sa == 0 || sb == 0)
        return ND_OK;
    const uint64_t *ha = wa->shingles.items, *hb = wb->shingles.items;
    /* Each distinct shingle has one entry, holding the first and last of its positions in a,
     * chained in order through `next`: a text that repeats one shingle ("ab ab ab ...") makes a
     * chain, not a cluster of equal keys that every insertion and look-up would walk (issue 10:
     * that was quadratic). The table is made again when it is far larger than this article
     * needs: clearing one sized for the longest article seen would cost more than the search. */
    size_t cap = 64;
    while (cap < 2 * sa)
        cap *= 2;
    if (pf->positions.capacity < cap || pf->positions.capacity > 4 * cap) {
        nd__map_release(&pf->positions);
        nd__map_init(&pf->positions, sizeof(chain), cap, 0);
    } else {
        nd__map_clear(&pf->positions);
    }
    if (pf->next_cap < sa) {
        uint32_t *grown = realloc(pf->next, sa * sizeof *grown);
        if (!grown)
            return ND_ENOMEM;
        pf->next = grown;
        pf->next_cap = sa;
    }
    uint32_t *next = pf->next;
    for (size_t i = 0; i < sa; i++) {
        int created = 0;
        chain *positions = nd__map_put(&pf->positions, nd__short_key(ha[i]), &created);
        if (!positions)
            return ND_ENOMEM;
        if (created)
            positions->head = (uint32_t)i;
        else
            next[positions->tail] = (uint32_t)i;
        positions->tail = (uint32_t)i;
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
        size_t best_len = 0, best_i = 0, best_j = 0;
        int probes = 0;
        const chain *positions = nd__map_find(&pf->positions, nd__short_key(hb[j]));
        uint32_t at = positions ? positions->head : UINT32_MAX;
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
    const nd__token *ta = scratch->items, *tb = wb->tokens;
    size_t na = scratch->count, nb = wb->count, i = 0;
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
    const nd__token *tb = wb->tokens;
    size_t nb = wb->count, j = b_position;

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

int nd__passages_find(nd__copies *c, const nd_article *b)
{
    int rc = ND_OK;
    size_t min_words = (size_t)c->options.min_passage_words;
    size_t shingle_words = min_words < ND__SHINGLE_WORDS ? min_words : ND__SHINGLE_WORDS;
    article_words *wb = &c->wb, *wa = &c->wa;
    passage_finder *pf = &c->pf;
    static_assert(CANDIDATE_SLOTS > 4 * MAX_CANDIDATES, "candidate table too small");
    uint32_t candidate_slots[CANDIDATE_SLOTS];

    /* passages: every shingle of b is looked up among the sampled shingles of originals */
    nd__vec *candidates = &c->candidates;
    candidates->count = 0;
    memset(candidate_slots, 0, sizeof candidate_slots);
    const uint64_t *shingle = wb->shingles.items;
    for (size_t i = 0; i < wb->shingles.count && rc == ND_OK; i++) {
        size_t hits = 0;
        for (int g = 0; g < 2; g++) {
            const nd__map *fps = &c->gen[g].fingerprints;
            if (i + LOOKAHEAD < wb->shingles.count)
                nd__map_prefetch(fps, shingle[i + LOOKAHEAD]);
            size_t cursor = 0;
            while (nd__postings_next(fps, shingle[i], &cursor))
                hits++;
        }
        if (hits == 0 || hits >= ND__COMMON_FINGERPRINT)
            continue;
        for (int g = 0; g < 2 && rc == ND_OK; g++) {
            const nd__map *fps = &c->gen[g].fingerprints;
            size_t cursor = 0;
            const posting *hit;
            while ((hit = nd__postings_next(fps, shingle[i], &cursor))) {
                const uint32_t article = hit->article;
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
                    cand->a_offset[cand->shared] = hit->offset;
                    cand->b_position[cand->shared] = (uint32_t)i;
                }
                cand->shared++;
            }
        }
    }
    if (rc != ND_OK)
        return rc;
    if (candidates->count > MAX_CANDIDATES) {
        candidate top[MAX_CANDIDATES];
        nd__top_k(candidates->items, candidates->count, sizeof(candidate), top, MAX_CANDIDATES, compare_candidates);
        memcpy(candidates->items, top, sizeof top);
        candidates->count = MAX_CANDIDATES;
    }
    if (candidates->count > 1)
        qsort(candidates->items, candidates->count, sizeof(candidate), compare_by_article);
    const candidate *list = candidates->items;
    for (size_t k = 0; k < candidates->count && rc == ND_OK; k++) {
        const original *a = nd__original_at(c, list[k].article);
        if (!may_share_passage(&a->view, &list[k], wb, min_words, &wa->own))
            continue;
        if ((rc = nd__copy_words(&a->view, shingle_words, wa)) != ND_OK)
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
                if (!nd__df_sampled(shingle[k]))
                    continue;
                sampled++;
                uint64_t ka = nd__df_key(shingle[k], a->view.source), kb = nd__df_key(shingle[k], b->source);
                unsigned in_a = nd__df_count(&c->gen[0].df, ka) + nd__df_count(&c->gen[1].df, ka);
                unsigned in_b = nd__df_count(&c->gen[0].df, kb) + nd__df_count(&c->gen[1].df, kb);
                uint64_t kall = nd__df_key(shingle[k], ND__ALL_SOURCES); /* a CMS's widget on many sites */
                unsigned in_all = nd__df_count(&c->gen[0].df, kall) + nd__df_count(&c->gen[1].df, kall);
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
        size_t shorter = wa->count < wb->count ? wa->count : wb->count;
        double similarity = shorter ? (double)covered / (double)shorter : 0;
        if (similarity > 1)
            similarity = 1;
        c->stats.passages++;
        rc = nd__copies_add_pair(c, a, b, ND_RELATION_PASSAGES, similarity, ps, pf->passages.count);
    }
    return rc;
}

int nd__passages_index(nd__copies *c, const nd_article *b, uint64_t number)
{
    size_t min_words = (size_t)c->options.min_passage_words;
    size_t shingle_words = min_words < ND__SHINGLE_WORDS ? min_words : ND__SHINGLE_WORDS;
    size_t step = min_words - shingle_words + 1; /* shingles in the shortest passage */
    const article_words *wb = &c->wb;
    generation *now = &c->gen[c->current];
    int rc = sample(wb->shingles.items, wb->shingles.count, step, &c->prints);
    const fingerprint *fp = c->prints.items;
    for (size_t i = 0; i < c->prints.count && rc == ND_OK; i++) {
        size_t hits = 0;
        for (int g = 0; g < 2; g++) {
            size_t cursor = 0;
            while (hits < ND__COMMON_FINGERPRINT && nd__postings_next(&c->gen[g].fingerprints, fp[i].hash, &cursor))
                hits++;
        }
        if (hits < ND__COMMON_FINGERPRINT)
            rc = nd__postings_add(&now->fingerprints, fp[i].hash, (uint32_t)number,
                                 wb->tokens[fp[i].position].start);
    }
    /* the document frequencies: each counted shingle once per original, under its source and
     * under all sources */
    nd__vec *picked = &c->picked;
    picked->count = 0;
    const uint64_t *sh = wb->shingles.items;
    for (size_t i = 0; i < wb->shingles.count && rc == ND_OK; i++) {
        if (!nd__df_sampled(sh[i]))
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
            rc = nd__df_add(&now->df, nd__df_key(p[i], b->source));
            if (rc == ND_OK)
                rc = nd__df_add(&now->df, nd__df_key(p[i], ND__ALL_SOURCES));
        }
    return rc;
}
