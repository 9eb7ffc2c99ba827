/*
 * desk.h: a test-only batch desk over the engine, so that the unit tests can read inputs first
 * and look at the results afterwards. Each operation replays the inputs read so far through a
 * fresh engine (a batch: reorder_window 0, copy_window 0) with the stages it needs; the
 * articles are taken out of the engine (nd_engine_take_article) and kept by the desk.
 */
#ifndef ND_TEST_DESK_H
#define ND_TEST_DESK_H

#include <stdlib.h>
#include <string.h>

#include "engine.h"
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

static inline int tdesk_on_result(void *user, const nd_result *result)
{
    tdesk *d = user;
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
    nd_engine *engine = nd_engine_new(&options, gazetteer, tdesk_on_result, d);
    if (!engine)
        return ND_ENOMEM;
    tdesk_engine_now = engine;
    if (cluster)
        nd__engine_use_cluster(engine, cluster);
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
