/*
 * pipeline.c: the ingest driver (nd_ingest_*): a streaming engine whose results go into the
 * store, one article at a time, each with everything the engine found about it (copies and
 * passages naming earlier articles by id, facts, story), in batches that are transactions.
 *
 * Restart: the cluster state lives in the store (engine_state "cluster") and is written in the
 * same transaction as the batch of articles it follows. A run that continues a killed one reads
 * its input again from the start: articles already stored still pass through cleaning and the
 * copy window (so templates and copies are what they were) and are extracted with their group,
 * but skip the story stage (nd_engine_set_known: their story comes from the store), so every
 * remaining article gets exactly the story an uninterrupted run would have given it. Copies of
 * articles older than the copy window are found by the store's identity rules only (same id, url
 * or content).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "article.h"
#include "pipeline.h"

#define STATE_NAME "cluster"  /* engine_state row of the cluster state */
#define DEFAULT_BATCH 1000    /* articles per transaction, at least, when the caller gives 0 */
#define MAX_BATCH 50000       /* and at most */
#define STATE_SHARE 5         /* by default a batch grows until its own work is STATE_SHARE times
                                 what saving the state took last time: the state is saved whole
                                 and grows with the stream, the articles of a batch do not */

struct nd_ingest {
    nd_store *store;
    nd_engine *engine;
    nd_options options;
    size_t batch, in_this_batch;
    int in_batch;             /* a transaction is open */
    int failed;               /* a status the callback met (the engine only sees "stop") */
    long long first_seen;
    long long first_opened;   /* story numbers from this one on were opened by this run */
    nd__vec updated;          /* long long: stories of earlier runs that took an article */
    nd_store_copy *copies;
    size_t copy_cap;
    nd_ingest_stats stats;
};

static int save_state(nd_ingest *in)
{
    char *data;
    size_t len;
    int rc = nd_cluster_save_buffer(nd_engine_cluster(in->engine), &data, &len);
    if (rc == ND_OK)
        rc = nd_store_state_put(in->store, STATE_NAME, data, len);
    free(data);
    return rc;
}

/* Loads the cluster state the store holds (none in a new store). */
static int load_state(nd_ingest *in)
{
    char *data;
    size_t len;
    int found = nd_store_state_get(in->store, STATE_NAME, &data, &len);
    if (found <= 0)
        return found;
    int rc = nd_cluster_load_buffer(nd_engine_cluster(in->engine), data, len);
    free(data);
    return rc == ND_OK ? ND_OK : rc == ND_ENOMEM ? ND_ENOMEM : ND_EFORMAT;
}

/* The engine asks before an article's story: stored already? */
static int known_in_store(void *user, const nd_article *article, long long *story, const char **id)
{
    nd_ingest *in = user;
    nd_store_match match;
    int found = nd_store_find(in->store, article, &match);
    if (found > 0) {
        *story = match.story;
        *id = match.id;
    }
    return found;
}

static int end_batch(nd_ingest *in)
{
    int rc = save_state(in);
    if (rc == ND_OK)
        rc = nd_store_commit(in->store);
    in->in_batch = 0;
    in->in_this_batch = 0;
    return rc;
}

static int store_result(void *user, const nd_result *r)
{
    nd_ingest *in = user;
    int rc = ND_OK;
    in->stats.read++;
    if (!in->in_batch) {
        if ((rc = nd_store_begin(in->store)) != ND_OK)
            goto fail;
        in->in_batch = 1;
    }
    if (r->known) {
        in->stats.skipped++;
        return 0;
    }
    if (r->pair_count > in->copy_cap) {
        nd_store_copy *grown = realloc(in->copies, r->pair_count * sizeof *grown);
        if (!grown) {
            rc = ND_ENOMEM;
            goto fail;
        }
        in->copies = grown;
        in->copy_cap = r->pair_count;
    }
    for (size_t k = 0; k < r->pair_count; k++) {
        const nd_pair *p = &r->pairs[k];
        in->copies[k] = (nd_store_copy){p->a, p->relation, p->similarity, p->first == p->a, p->passage_count,
                                        p->passages};
    }
    const nd_cluster_result *story = r->story;
    nd_store_article row = {r->article, in->first_seen, story->story, story->storyline, story->opened,
                            r->duplicate_of, r->pair_count, in->copies, r->facts};
    if ((rc = nd_store_put(in->store, &row)) != ND_OK)
        goto fail;
    in->stats.added++;
    if (r->duplicate_of)
        in->stats.copies++;
    if (story->opened) {
        in->stats.stories_opened++;
        if (!in->first_opened)
            in->first_opened = story->story;
    } else if (!in->first_opened || story->story < in->first_opened) {
        long long *s = nd__vec_push(&in->updated, sizeof *s);
        if (!s) {
            rc = ND_ENOMEM;
            goto fail;
        }
        *s = story->story;
    }
    if (++in->in_this_batch == in->batch) {
        if ((rc = end_batch(in)) != ND_OK)
            goto fail;
        if (in->options.on_progress)
            in->options.on_progress(in->options.user, "store", in->stats.read, 0);
    }
    return 0;
fail:
    in->failed = rc;
    return 1;
}

int nd_ingest_open(nd_store *store, const nd_options *options, const nd_gazetteer *gazetteer, size_t batch,
                   nd_ingest **out)
{
    if (!out)
        return ND_EINVAL;
    *out = NULL;
    if (!store)
        return ND_EINVAL;
    nd_ingest *in = calloc(1, sizeof *in);
    if (!in)
        return ND_ENOMEM;
    in->store = store;
    if (options)
        in->options = *options;
    else
        nd_options_init(&in->options);
    in->options.stages = ND_STAGE_COPIES | ND_STAGE_STORIES | (in->options.story_entities >= 0 ? ND_STAGE_FACTS : 0);
    in->batch = batch ? batch : DEFAULT_BATCH;
    in->first_seen = (long long)time(NULL);
    in->engine = nd_engine_new(&in->options, gazetteer, store_result, in);
    int rc = in->engine ? ND_OK : ND_ENOMEM;
    if (rc == ND_OK && in->options.story_weights)
        rc = nd_cluster_load_weights(nd_engine_cluster(in->engine), in->options.story_weights, NULL);
    if (rc == ND_OK)
        rc = load_state(in);
    if (rc != ND_OK) {
        nd_ingest_free(in);
        return rc;
    }
    nd_engine_set_known(in->engine, known_in_store, in);
    *out = in;
    return ND_OK;
}

/* The engine says ND_ESTOPPED when the callback stopped it; the callback knows why. */
static int why(nd_ingest *in, int rc) { return rc == ND_ESTOPPED && in->failed ? in->failed : rc; }

int nd_ingest_read_path(nd_ingest *in, const char *path)
{
    if (!in || !path)
        return ND_EINVAL;
    return why(in, nd_engine_read_path(in->engine, path));
}

int nd__ingest_add(nd_ingest *in, nd_article *article)
{
    return why(in, nd_engine_add(in->engine, article));
}

int nd_ingest_read_buffer(nd_ingest *in, const char *name, const char *data, size_t len)
{
    if (!in)
        return ND_EINVAL;
    return why(in, nd_engine_read_buffer(in->engine, name, data, len));
}

static int by_number(const void *x, const void *y)
{
    long long a = *(const long long *)x, b = *(const long long *)y;
    return a < b ? -1 : a > b;
}

int nd_ingest_finish(nd_ingest *in, nd_ingest_stats *stats)
{
    if (!in)
        return ND_EINVAL;
    int rc = why(in, nd_engine_finish(in->engine));
    if (rc == ND_OK && in->in_batch)
        rc = end_batch(in);
    if (rc == ND_OK && in->options.on_progress)
        in->options.on_progress(in->options.user, "store", in->stats.read, in->stats.read);
    if (in->updated.count > 1)
        qsort(in->updated.items, in->updated.count, sizeof(long long), by_number);
    const long long *stories = in->updated.items;
    in->stats.stories_updated = 0;
    for (size_t k = 0; k < in->updated.count; k++)
        if (k == 0 || stories[k] != stories[k - 1])
            in->stats.stories_updated++;
    if (stats)
        *stats = in->stats;
    return rc;
}

void nd_ingest_free(nd_ingest *in)
{
    if (!in)
        return;
    if (in->in_batch)
        nd_store_rollback(in->store);
    nd_engine_free(in->engine);
    nd__vec_release(&in->updated);
    free(in->copies);
    free(in);
}
