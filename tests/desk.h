/*
 * desk.h: a batch over the public engine for the unit tests, so that they can read inputs first
 * and look at the results afterwards. Each operation replays the inputs read so far through a
 * fresh engine (nd_engine_new with reorder_window 0 and copy_window 0: a batch) with the stages
 * it needs; the articles are taken out of the engine (nd_engine_take_article) and kept by the
 * desk. Only newsdesk.h is used to drive the engine: stories into a cluster state of the test's
 * own (weights loaded, say) are added by the desk itself with nd_cluster_add_facts, each copy
 * joining its original's story, as the engine's story stage does. The one internal API is the
 * extractor's group extraction (tdesk_extract), which keeps every article's facts at once.
 */
#ifndef ND_TEST_DESK_H
#define ND_TEST_DESK_H

#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "newsdesk.h"

typedef int (*nd_pair_fn)(void *user, const nd_pair *pair); /* what the old batch dedup called */

static nd_engine *tdesk_engine_now; /* the engine of the replay under way (tests run one at a time) */

typedef struct tdesk_input {
    char *name;  /* a path, or a buffer's name */
    char *data;  /* NULL for a path */
    size_t len;
} tdesk_input;

typedef struct tdesk {
    nd_options options;
    tdesk_input *inputs;
    size_t input_count;
    size_t skipped;
    nd_article **articles; /* after tdesk_clean (or the first article access) */
    size_t count, cap;
    int articles_ready;
    /* during tdesk_dedup and tdesk_cluster */
    nd_pair_fn pair_fn;
    int (*story_fn)(void *user, const nd_cluster_result *result);
    void *user;
    const nd_article *current; /* the article whose pairs are being handed out */
    nd_cluster *cluster;       /* during tdesk_cluster with the test's own state */
    char **story_ids;          /* the ids given a story so far, and their stories */
    long long *story_of;
    size_t story_count;
} tdesk;

static inline tdesk *tdesk_new(const nd_options *options)
{
    tdesk *d = calloc(1, sizeof *d);
    if (options)
        d->options = *options;
    else
        nd_options_init(&d->options);
    return d;
}

static inline void tdesk_drop_articles(tdesk *d)
{
    for (size_t i = 0; i < d->count; i++)
        nd_article_free(d->articles[i]);
    d->count = 0;
    d->articles_ready = 0;
}

static inline void tdesk_free(tdesk *d)
{
    if (!d)
        return;
    tdesk_drop_articles(d);
    free(d->articles);
    for (size_t i = 0; i < d->input_count; i++)
        free(d->inputs[i].name), free(d->inputs[i].data);
    free(d->inputs);
    free(d);
}

static inline int tdesk_discard(void *user, nd_article *article)
{
    (void)user;
    nd_article_free(article);
    return ND_OK;
}

/* Reads once now, for the status and the diagnostics, and keeps the input for the replays. */
static inline int tdesk_read(tdesk *d, const char *name, const char *data, size_t len, int is_path)
{
    if (!d || !name || (!is_path && !data && len))
        return ND_EINVAL;
    nd_reader *reader = nd_reader_new(&d->options);
    int rc = is_path ? nd_reader_read_path(reader, name, tdesk_discard, NULL)
                     : nd_reader_read_buffer(reader, name, data ? data : "", len, tdesk_discard, NULL);
    d->skipped += nd_reader_skipped(reader);
    nd_reader_free(reader);
    tdesk_input *grown = realloc(d->inputs, (d->input_count + 1) * sizeof *grown);
    d->inputs = grown;
    tdesk_input *in = &d->inputs[d->input_count++];
    in->name = strdup(name);
    in->data = NULL;
    in->len = len;
    if (!is_path) {
        in->data = malloc(len + 1);
        if (len)
            memcpy(in->data, data, len);
    }
    tdesk_drop_articles(d);
    return rc;
}

static inline int tdesk_read_buffer(tdesk *d, const char *name, const char *data, size_t len)
{
    return tdesk_read(d, name, data, len, 0);
}

static inline int tdesk_read_path(tdesk *d, const char *path) { return tdesk_read(d, path, NULL, 0, 1); }
static inline size_t tdesk_skipped(const tdesk *d) { return d ? d->skipped : 0; }

/* The story the article `id` joined during this replay, 0 when none. */
static inline long long tdesk_story_of(const tdesk *d, const char *id)
{
    for (size_t i = d->story_count; id && i-- > 0;)
        if (strcmp(d->story_ids[i], id) == 0)
            return d->story_of[i];
    return 0;
}

static inline void tdesk_forget_stories(tdesk *d)
{
    for (size_t i = 0; i < d->story_count; i++)
        free(d->story_ids[i]);
    free(d->story_ids);
    free(d->story_of);
    d->story_ids = NULL;
    d->story_of = NULL;
    d->story_count = 0;
}

/* Adds the result's article to the test's own cluster state, as the engine's story stage would. */
static inline int tdesk_add_story(tdesk *d, const nd_result *result)
{
    nd_cluster_result story;
    long long original = result->duplicate_of ? tdesk_story_of(d, result->duplicate_of) : 0;
    int rc = nd_cluster_add_facts(d->cluster, result->article, result->facts, original, &story);
    if (rc != ND_OK)
        return 1;
    story.duplicate_of = result->duplicate_of;
    if (!result->duplicate_of) { /* only originals are found as copies' originals */
        char **ids = realloc(d->story_ids, (d->story_count + 1) * sizeof *ids);
        long long *of = ids ? realloc(d->story_of, (d->story_count + 1) * sizeof *of) : NULL;
        if (ids)
            d->story_ids = ids;
        if (!of)
            return 1;
        d->story_of = of;
        d->story_ids[d->story_count] = strdup(nd_article_id(result->article));
        d->story_of[d->story_count++] = story.story;
    }
    return d->story_fn(d->user, &story);
}

static inline int tdesk_on_result(void *user, const nd_result *result)
{
    tdesk *d = user;
    if (d->cluster)
        return tdesk_add_story(d, result);
    if (d->pair_fn) {
        d->current = result->article;
        for (size_t i = 0; i < result->pair_count; i++)
            if (d->pair_fn(d->user, &result->pairs[i]) != 0)
                return 1;
        return 0;
    }
    if (d->story_fn)
        return d->story_fn(d->user, result->story);
    if (d->count == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 16;
        d->articles = realloc(d->articles, d->cap * sizeof *d->articles);
    }
    d->articles[d->count++] = nd_engine_take_article(tdesk_engine_now);
    return 0;
}

/* Replays every input through an engine running `stages` in the given order. */
static inline int tdesk_run_with(tdesk *d, unsigned stages, int input_order, nd_cluster *cluster,
                                 const nd_gazetteer *gazetteer)
{
    nd_options options = d->options;
    options.on_diagnostic = NULL; /* reported once, by tdesk_read */
    options.on_progress = NULL;
    options.stages = stages;
    options.input_order = input_order;
    options.reorder_window = 0;
    options.copy_window = 0;
    if (cluster) /* the desk adds the stories to the test's state (tdesk_add_story) */
        options.stages = (stages & ~ND_STAGE_STORIES) | ND_STAGE_COPIES;
    nd_engine *engine = nd_engine_new(&options, gazetteer, tdesk_on_result, d);
    if (!engine)
        return ND_ENOMEM;
    tdesk_engine_now = engine;
    d->cluster = cluster;
    int rc = ND_OK;
    for (size_t i = 0; i < d->input_count && rc != ND_ESTOPPED && rc != ND_ENOMEM; i++) {
        tdesk_input *in = &d->inputs[i];
        rc = in->data ? nd_engine_read_buffer(engine, in->name, in->data, in->len)
                      : nd_engine_read_path(engine, in->name);
    }
    if (rc != ND_ESTOPPED && rc != ND_ENOMEM)
        rc = nd_engine_finish(engine);
    nd_engine_free(engine);
    tdesk_engine_now = NULL;
    d->cluster = NULL;
    tdesk_forget_stories(d);
    return rc;
}

static inline int tdesk_run(tdesk *d, unsigned stages, int input_order, nd_cluster *cluster)
{
    return tdesk_run_with(d, stages, input_order, cluster, NULL);
}

/* Cleans (templates included) and keeps the articles, in input order. */
static inline int tdesk_clean(tdesk *d)
{
    if (!d)
        return ND_EINVAL;
    if (d->articles_ready)
        return ND_OK;
    tdesk_drop_articles(d);
    int rc = tdesk_run(d, 0, 1, NULL);
    d->articles_ready = rc == ND_OK;
    return rc;
}

static inline size_t tdesk_article_count(tdesk *d)
{
    tdesk_clean(d);
    return d->count;
}

static inline const nd_article *tdesk_article(tdesk *d, size_t i)
{
    tdesk_clean(d);
    return i < d->count ? d->articles[i] : NULL;
}

static inline int tdesk_dedup(tdesk *d, nd_pair_fn fn, void *user)
{
    if (!d || !fn)
        return ND_EINVAL;
    d->pair_fn = fn;
    d->user = user;
    int rc = tdesk_run(d, ND_STAGE_COPIES, 1, NULL);
    d->pair_fn = NULL;
    return rc;
}

static inline int tdesk_nothing(void *user, const nd_cluster_result *result)
{
    (void)user, (void)result;
    return 0;
}

static inline int tdesk_cluster(tdesk *d, nd_cluster *cluster, int (*fn)(void *, const nd_cluster_result *),
                                void *user)
{
    d->story_fn = fn ? fn : tdesk_nothing;
    d->user = user;
    int rc = tdesk_run(d, ND_STAGE_STORIES, 0, cluster);
    d->story_fn = NULL;
    return rc;
}

/* Stories with the facts the engine extracts (with `gazetteer`, may be NULL). */
static inline int tdesk_cluster_facts(tdesk *d, nd_cluster *cluster, const nd_gazetteer *gazetteer,
                                      int (*fn)(void *, const nd_cluster_result *), void *user)
{
    d->story_fn = fn ? fn : tdesk_nothing;
    d->user = user;
    int rc = tdesk_run_with(d, ND_STAGE_STORIES | ND_STAGE_FACTS, 0, cluster, gazetteer);
    d->story_fn = NULL;
    return rc;
}

/* Replays every input into the store (nd_ingest_*). */
static inline int tdesk_ingest(tdesk *d, nd_store *store, const nd_gazetteer *gazetteer, size_t batch,
                               nd_ingest_stats *stats)
{
    nd_options options = d->options;
    options.on_diagnostic = NULL;
    nd_ingest *in = NULL;
    int rc = nd_ingest_open(store, &options, gazetteer, batch, &in);
    for (size_t i = 0; rc == ND_OK && i < d->input_count; i++) {
        tdesk_input *inp = &d->inputs[i];
        rc = inp->data ? nd_ingest_read_buffer(in, inp->name, inp->data, inp->len) : nd_ingest_read_path(in, inp->name);
        if (rc == ND_ESKIPPED)
            rc = ND_OK;
    }
    if (rc == ND_OK)
        rc = nd_ingest_finish(in, stats);
    nd_ingest_free(in);
    return rc;
}

/* The facts of every article, extracted together (the engine's group extraction). */
typedef nd__extraction tdesk_facts;

static inline int tdesk_extract(tdesk *d, const nd_gazetteer *gazetteer, tdesk_facts **out)
{
    *out = NULL;
    int rc = tdesk_clean(d);
    if (rc != ND_OK)
        return rc;
    nd__extractor *x = nd__extractor_new(gazetteer);
    if (!x)
        return ND_ENOMEM;
    rc = nd__extract_group(x, d->articles, d->count, out);
    nd__extractor_free(x);
    return rc;
}

static inline const nd_facts *tdesk_facts_of(const tdesk_facts *f, size_t i) { return nd__extraction_facts(f, i); }
static inline size_t tdesk_facts_count(const tdesk_facts *f) { return nd__extraction_count(f); }
static inline void tdesk_facts_free(tdesk_facts *f) { nd__extraction_free(f); }

#endif
