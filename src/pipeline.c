/*
 * pipeline.c: the batch pipeline driver behind nd_desk_ingest. It takes the articles a desk has
 * read through the batch stages (cleaning with templates, copies from dedup, extraction over the
 * desk, stories in publication order) and hands each article's complete result to the store,
 * one article at a time, so that the streaming engine can take its place without the store
 * changing: everything the store gets names earlier articles by id.
 *
 * Restart: the cluster state lives in the store (engine_state "cluster") and is written in the
 * same transaction as the batch of articles it follows. Articles already stored are skipped but
 * still read, cleaned and extracted with the rest, so a run that continues a killed one sees the
 * same desk as the killed run did and gives every remaining article exactly the story an
 * uninterrupted run would have. Copies found within the desk point at stored articles; copies
 * of articles of earlier runs are found only by the store's identity rules (same id, url or
 * content), until the streaming engine's copy window replaces this driver.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "article.h"
#include "cluster.h"
#include "store.h"

#define STATE_NAME "cluster"  /* engine_state row of the cluster state */
#define DEFAULT_BATCH 1000    /* articles per transaction */

/* A pair from dedup, kept until the later of its two articles (in stream order) is stored. */
typedef struct kept_pair {
    size_t a, b, first;       /* article indexes */
    nd_relation relation;
    double similarity;
    size_t passage_count;
    nd_passage *passages;     /* malloc'd */
    size_t later_rank;        /* stream position of the later of a and b */
} kept_pair;

typedef struct driver {
    nd__vec pairs;            /* kept_pair */
    int failed;               /* out of memory while collecting */
} driver;

static int keep_pair(void *user, const nd_pair *pair)
{
    driver *d = user;
    kept_pair *k = nd__vec_push(&d->pairs, sizeof *k);
    if (!k) {
        d->failed = 1;
        return 1;
    }
    k->a = pair->a->index;
    k->b = pair->b->index;
    k->first = pair->first->index;
    k->relation = pair->relation;
    k->similarity = pair->similarity;
    k->passage_count = pair->passage_count;
    if (pair->passage_count) {
        k->passages = malloc(pair->passage_count * sizeof *k->passages);
        if (!k->passages) {
            d->failed = 1;
            return 1;
        }
        memcpy(k->passages, pair->passages, pair->passage_count * sizeof *k->passages);
    }
    return 0;
}

static int by_later(const void *x, const void *y)
{
    const kept_pair *p = x, *q = y;
    if (p->later_rank != q->later_rank)
        return p->later_rank < q->later_rank ? -1 : 1;
    return p->a != q->a ? (p->a < q->a ? -1 : 1) : (p->b < q->b ? -1 : p->b > q->b);
}

/* What is known of an article once its turn has come: its story and the id it is stored as. */
typedef struct known {
    long long story;
    char *id;                 /* malloc'd; NULL before its turn */
} known;

static int save_state(nd_store *store, const nd_cluster *cluster)
{
    char *data;
    size_t len;
    int rc = nd_cluster_save_buffer(cluster, &data, &len);
    if (rc == ND_OK)
        rc = nd_store_state_put(store, STATE_NAME, data, len);
    free(data);
    return rc;
}

/* Loads the cluster state the store holds (none in a new store). */
static int load_state(nd_store *store, nd_cluster *cluster)
{
    char *data;
    size_t len;
    int found = nd_store_state_get(store, STATE_NAME, &data, &len);
    if (found <= 0)
        return found;
    int rc = nd_cluster_load_buffer(cluster, data, len);
    free(data);
    return rc == ND_OK ? ND_OK : rc == ND_ENOMEM ? ND_ENOMEM : ND_EFORMAT;
}

static int by_number(const void *x, const void *y)
{
    long long a = *(const long long *)x, b = *(const long long *)y;
    return a < b ? -1 : a > b;
}

int nd_desk_ingest(nd_desk *desk, nd_store *store, const nd_gazetteer *gazetteer, size_t batch,
                   nd_ingest_stats *stats_out)
{
    if (!desk || !store)
        return ND_EINVAL;
    if (!batch)
        batch = DEFAULT_BATCH;
    nd_ingest_stats stats = {0};
    size_t n = desk->articles.count;
    nd_article **articles = desk->articles.items;
    driver d = {0};
    size_t *order = NULL, *root = NULL, *rank = NULL;
    known *seen = NULL;
    nd__vec updated = {0};    /* long long: stories of earlier runs that took an article */
    nd_extraction *extraction = NULL;
    nd_store_copy *copies = NULL;
    size_t copy_cap = 0;
    nd_cluster *cluster = nd_cluster_new(&desk->options);
    int rc = cluster ? ND_OK : ND_ENOMEM, in_batch = 0;
    if (rc == ND_OK && desk->options.story_weights)
        rc = nd_cluster_load_weights(cluster, desk->options.story_weights, NULL);
    if (rc == ND_OK)
        rc = load_state(store, cluster);
    if (rc == ND_OK)
        rc = nd__desk_stream(desk, keep_pair, &d, &order, &root);
    if (d.failed)
        rc = ND_ENOMEM;
    if (rc == ND_OK)
        rc = nd_desk_extract(desk, gazetteer, &extraction);
    if (rc != ND_OK)
        goto done;
    rank = malloc((n + 1) * sizeof *rank);
    seen = calloc(n + 1, sizeof *seen);
    if (!rank || !seen) {
        rc = ND_ENOMEM;
        goto done;
    }
    for (size_t p = 0; p < n; p++)
        rank[order[p]] = p;
    kept_pair *pairs = d.pairs.items;
    for (size_t k = 0; k < d.pairs.count; k++)
        pairs[k].later_rank = rank[pairs[k].a] > rank[pairs[k].b] ? rank[pairs[k].a] : rank[pairs[k].b];
    if (d.pairs.count > 1)
        qsort(pairs, d.pairs.count, sizeof *pairs, by_later);

    long long first_seen = (long long)time(NULL);
    long long first_opened = 0; /* story numbers from this one on were opened by this run */
    size_t next_pair = 0, in_this_batch = 0;
    if ((rc = nd_store_begin(store)) != ND_OK)
        goto done;
    in_batch = 1;
    for (size_t p = 0; p < n; p++) {
        size_t i = order[p];
        const nd_article *article = articles[i];
        stats.read++;
        nd_store_match match;
        int found = nd_store_find(store, article, &match);
        if (found < 0) {
            rc = found;
            goto done;
        }
        size_t pairs_from = next_pair;
        while (next_pair < d.pairs.count && pairs[next_pair].later_rank == p)
            next_pair++;
        if (found) {
            stats.skipped++;
            seen[i].story = match.story;
            if (!(seen[i].id = strdup(match.id))) {
                rc = ND_ENOMEM;
                goto done;
            }
            continue;
        }
        size_t r = root[i];
        const char *original = r != i ? seen[r].id : NULL;
        nd_cluster_result result;
        const nd_facts *facts = nd_extraction_facts(extraction, i);
        rc = nd_cluster_add_facts(cluster, article, facts, r != i ? seen[r].story : 0, &result);
        if (rc != ND_OK)
            goto done;

        size_t copy_count = 0;
        if (next_pair - pairs_from > copy_cap) {
            size_t cap = next_pair - pairs_from;
            nd_store_copy *grown = realloc(copies, cap * sizeof *grown);
            if (!grown) {
                rc = ND_ENOMEM;
                goto done;
            }
            copies = grown;
            copy_cap = cap;
        }
        for (size_t k = pairs_from; k < next_pair; k++) {
            kept_pair *pair = &pairs[k];
            size_t other = pair->a == i ? pair->b : pair->a;
            if (pair->a == i) /* passages' a side must be the earlier article's */
                for (size_t q = 0; q < pair->passage_count; q++) {
                    nd_passage *x = &pair->passages[q];
                    nd_passage swapped = {x->words, x->b_start, x->b_end, x->a_start, x->a_end};
                    *x = swapped;
                }
            copies[copy_count++] = (nd_store_copy){seen[other].id, pair->relation, pair->similarity,
                                                   pair->first == other, pair->passage_count, pair->passages};
        }
        nd_store_article row = {article, first_seen, result.story, result.storyline, result.opened, original,
                                copy_count, copies, facts};
        if ((rc = nd_store_put(store, &row)) != ND_OK)
            goto done;
        seen[i].story = result.story;
        if (!(seen[i].id = strdup(article->id))) {
            rc = ND_ENOMEM;
            goto done;
        }
        stats.added++;
        if (original)
            stats.copies++;
        if (result.opened) {
            stats.stories_opened++;
            if (!first_opened)
                first_opened = result.story;
        } else if (!first_opened || result.story < first_opened) {
            long long *story = nd__vec_push(&updated, sizeof *story);
            if (!story) {
                rc = ND_ENOMEM;
                goto done;
            }
            *story = result.story;
        }
        if (++in_this_batch == batch) {
            if ((rc = save_state(store, cluster)) != ND_OK || (rc = nd_store_commit(store)) != ND_OK)
                goto done;
            in_batch = 0;
            in_this_batch = 0;
            if (desk->options.on_progress)
                desk->options.on_progress(desk->options.user, "store", p + 1, n);
            if ((rc = nd_store_begin(store)) != ND_OK)
                goto done;
            in_batch = 1;
        }
    }
    if (in_this_batch && (rc = save_state(store, cluster)) != ND_OK)
        goto done;
    rc = nd_store_commit(store);
    in_batch = 0;
    if (desk->options.on_progress)
        desk->options.on_progress(desk->options.user, "store", n, n);
    if (updated.count > 1)
        qsort(updated.items, updated.count, sizeof(long long), by_number);
    long long *stories = updated.items;
    for (size_t k = 0; k < updated.count; k++)
        if (k == 0 || stories[k] != stories[k - 1])
            stats.stories_updated++;
done:
    if (in_batch)
        nd_store_rollback(store);
    if (stats_out)
        *stats_out = stats;
    for (size_t k = 0; k < d.pairs.count; k++)
        free(((kept_pair *)d.pairs.items)[k].passages);
    nd__vec_release(&d.pairs);
    nd__vec_release(&updated);
    for (size_t i = 0; seen && i < n; i++)
        free(seen[i].id);
    free(seen);
    free(copies);
    free(order);
    free(root);
    free(rank);
    nd_extraction_free(extraction);
    nd_cluster_free(cluster);
    return rc;
}
