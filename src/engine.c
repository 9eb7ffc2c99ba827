/*
 * engine.c: the engine, the only module that knows every stage. Takes articles one at a time
 * (from its reader or from the caller) and gives each article's whole result to a callback:
 *
 *   arrive    the source's template counts learn the article (clean.c, nd__templates_count),
 *             and it waits in the reorder buffer;
 *   leave     when the buffer holds reorder_window articles, the earlier half (by publication
 *             day, input order within a day, or input order only) leaves together: templates
 *             known by then are removed (nd__templates_apply), the group's facts are extracted
 *             with names made canonical across it (extract_desk.c), and then article by article
 *             copies and passages are found in the copy window (dedup.c), the story is found
 *             (cluster.c; an exact or near copy joins its original's story), the result goes to
 *             the callback, and the article is freed.
 *
 * A reorder_window of 0 holds everything until nd_engine_finish: that is a batch, and gives
 * what the batch commands always gave (templates counted over all articles, stories in
 * publication order). What the engine keeps is bounded: the reorder buffer, the copy window
 * (copy_window originals), the template table (ND__TEMPLATE_ENTRIES) and the live stories
 * (cluster.c's ceilings). Engines share nothing, so two threads may each run one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "analyse.h"
#include "article.h"
#include "article_desk.h"
#include "clean.h"
#include "cluster.h"
#include "dedup.h"
#include "engine.h"
#include "extract.h"
#include "limits.h"

typedef struct held {
    nd_article *article;
    int32_t day;      /* publication day, or the last known one before it in input order */
    size_t arrival;   /* input order */
} held;

struct nd_engine {
    nd_options options;
    const nd_gazetteer *gazetteer;
    nd_result_fn fn;
    void *user;
    nd_reader *reader;
    nd__templates *templates;
    nd__copies *copies;
    nd__extractor *extractor; /* made on first use */
    nd_cluster *cluster;      /* where stories are added */
    nd_cluster *own_cluster;
    nd__vec held;             /* held, in arrival order until a group leaves */
    nd__vec tokens;           /* nd__analyse's scratch (nd__token), reused */
    int32_t carried_day;
    size_t arrived;           /* articles added so far */
    size_t position;          /* results handed out so far */
    nd_known_fn known;        /* asked before an article's story is found (may be NULL) */
    void *known_user;
    nd_article *current;      /* the article of the result being handed out */
    const nd__extraction *facts; /* the facts of the group going on now, or NULL */
    int taken;                /* the callback took it */
    size_t stories_shed;      /* stories closed or forgotten to keep the memory budget */
    size_t analysed;          /* articles whose words the engine made (nd__analyse) */
};

nd_engine *nd_engine_new(const nd_options *options, const nd_gazetteer *gazetteer, nd_result_fn fn, void *user)
{
    nd_engine *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    if (options)
        e->options = *options;
    else
        nd_options_init(&e->options);
    if (e->options.min_passage_words < 1)
        e->options.min_passage_words = 1;
    e->gazetteer = gazetteer;
    e->fn = fn;
    e->user = user;
    e->carried_day = INT32_MIN;
    e->reader = nd_reader_new(&e->options);
    e->templates = nd__templates_new(e->options.template_min_articles, 0);
    e->copies = nd__copies_new(&e->options);
    e->cluster = e->own_cluster = nd_cluster_new(&e->options);
    if (!e->reader || !e->templates || !e->copies || !e->cluster) {
        nd_engine_free(e);
        return NULL;
    }
    return e;
}

void nd_engine_free(nd_engine *e)
{
    if (!e)
        return;
    held *h = e->held.items;
    for (size_t i = 0; i < e->held.count; i++)
        nd_article_free(h[i].article);
    nd__vec_release(&e->held);
    nd__vec_release(&e->tokens);
    nd_reader_free(e->reader);
    nd__templates_free(e->templates);
    nd__copies_free(e->copies);
    nd__extractor_free(e->extractor);
    nd_cluster_free(e->own_cluster);
    free(e);
}

static int by_stream(const void *x, const void *y)
{
    const held *a = x, *b = y;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    return a->arrival < b->arrival ? -1 : a->arrival > b->arrival;
}

static int by_arrival(const void *x, const void *y)
{
    const held *a = x, *b = y;
    return a->arrival < b->arrival ? -1 : a->arrival > b->arrival;
}

/* Keeps the engine under its memory budget: when it holds more, the least recently updated
 * stories are forgotten until it holds 90 % of the budget (or no story is left). The stories
 * are the one part that grows with the stream; the others have ceilings of their own. Checked
 * every ND_MEMORY_CHECK_EVERY articles, since measuring walks the vocabulary. */
static void keep_budget(nd_engine *e)
{
    size_t budget = e->options.memory_budget ? e->options.memory_budget : ND_DEFAULT_MEMORY_BUDGET;
    size_t bytes = nd_engine_memory(e);
    if (bytes <= budget)
        return;
    size_t shed = nd__cluster_shed(e->cluster, bytes - budget / 10 * 9);
    /* said once per engine: a long stream over its budget would say it every check */
    if (shed && !e->stories_shed && e->options.on_diagnostic) {
        char message[224];
        snprintf(message, sizeof message,
                 "the engine held %zu MB, over its memory budget of %zu MB: closed or forgot the %zu oldest "
                 "stories (and will again whenever it is over; not reported again)",
                 bytes >> 20, budget >> 20, shed);
        e->options.on_diagnostic(e->options.user, "engine", 0, ND_OK, message);
    }
    e->stories_shed += shed;
}

/* Takes group[0..n) through the stages after the reorder buffer and frees each article. */
static int process_group(nd_engine *e, held *group, size_t n)
{
    unsigned stages = e->options.stages;
    int rc = ND_OK;
    size_t done = 0;
    nd_article **articles = malloc((n ? n : 1) * sizeof *articles);
    nd__extraction *facts = NULL;
    if (!articles)
        rc = ND_ENOMEM;
    for (size_t i = 0; i < n && rc == ND_OK; i++) {
        articles[i] = group[i].article;
        rc = nd__templates_apply(e->templates, articles[i]);
        if (rc == ND_OK && !articles[i]->words) { /* the body is final now: its words are made
                                                     once, for every stage */
            rc = nd__analyse(articles[i], &e->tokens);
            e->analysed += rc == ND_OK;
        }
    }
    if (rc == ND_OK && (stages & ND_STAGE_FACTS)) {
        if (!e->extractor && !(e->extractor = nd__extractor_new(e->gazetteer)))
            rc = ND_ENOMEM;
        if (rc == ND_OK)
            rc = nd__extract_group(e->extractor, articles, n, &facts);
    }
    e->facts = facts;
    for (; done < n && rc == ND_OK; done++) {
        nd_article *a = group[done].article;
        nd_result result = {0};
        result.article = a;
        result.position = e->position;
        nd__copies_found found = {0};
        found.duplicate = -1;
        if (stages & (ND_STAGE_COPIES | ND_STAGE_STORIES)) {
            if ((rc = nd__copies_add(e->copies, a, &found)) != ND_OK)
                break;
            if (stages & ND_STAGE_COPIES) {
                result.pairs = found.pairs;
                result.pair_count = found.count;
            }
            if (found.duplicate >= 0)
                result.duplicate_of = found.pairs[found.duplicate].a;
        }
        result.facts = facts ? nd__extraction_facts(facts, done) : NULL;
        nd_cluster_result story;
        long long known_story = 0;
        const char *known_id = NULL;
        int known = e->known ? e->known(e->known_user, a, &known_story, &known_id) : 0;
        if (known < 0) {
            rc = known;
            break;
        }
        result.known = known;
        if (known) {
            /* handled by an earlier run: its story is known, the story state has it already */
            nd__copies_tag_last(e->copies, known_story);
            if (known_id && strcmp(known_id, a->id) != 0 && (rc = nd__copies_rename_last(e->copies, known_id)) != ND_OK)
                break;
        } else if (stages & ND_STAGE_STORIES) {
            long long original_story = found.duplicate >= 0 ? found.duplicate_tag : 0;
            if ((rc = nd_cluster_add_facts(e->cluster, a, result.facts, original_story, &story)) != ND_OK)
                break;
            story.duplicate_of = result.duplicate_of;
            nd__copies_tag_last(e->copies, story.story);
            result.story = &story;
        }
        e->current = a;
        e->taken = 0;
        int stop = e->fn ? e->fn(e->user, &result) : 0;
        if (!e->taken)
            nd_article_free(a);
        group[done].article = NULL;
        e->current = NULL;
        e->position++;
        if (e->position % ND_MEMORY_CHECK_EVERY == 0)
            keep_budget(e);
        if (e->options.on_progress && e->position % ND__PROGRESS_EVERY == 0)
            e->options.on_progress(e->options.user, "engine", e->position, 0);
        if (stop)
            rc = ND_ESTOPPED;
    }
    /* what is left of the group after a stop or a failure is dropped: the caller asked to stop */
    for (size_t i = done; i < n; i++) {
        nd_article_free(group[i].article);
        group[i].article = NULL;
    }
    e->facts = NULL;
    nd__extraction_free(facts);
    free(articles);
    return rc;
}

/* Lets the earliest `count` held articles go on. */
static int release(nd_engine *e, size_t count)
{
    held *h = e->held.items;
    size_t n = e->held.count;
    if (count > n)
        count = n;
    if (count == 0)
        return ND_OK;
    if (n > 1)
        qsort(h, n, sizeof *h, e->options.input_order ? by_arrival : by_stream);
    int rc = process_group(e, h, count);
#ifdef __GLIBC__
    /* A group's articles, facts and scratch were freed just now: their pages go back to the
     * system, so that the process's memory follows what the engine holds (nd_engine_memory)
     * instead of the highest it ever held. Once per group, a few milliseconds. */
    malloc_trim(0);
#endif
    if (count < n) {
        memmove(h, h + count, (n - count) * sizeof *h);
        if (!e->options.input_order) /* the rest back in arrival order, for the next sort */
            qsort(h, n - count, sizeof *h, by_arrival);
    }
    e->held.count = n - count;
    return rc;
}

int nd_engine_add(nd_engine *e, nd_article *article)
{
    if (!e || !article) {
        nd_article_free(article);
        return ND_EINVAL;
    }
    int rc = nd__templates_count(e->templates, article);
    held *slot = rc == ND_OK ? nd__vec_push(&e->held, sizeof *slot) : NULL;
    if (!slot) {
        nd_article_free(article);
        return ND_ENOMEM;
    }
    int32_t day = nd__cluster_day(article->published);
    if (day != INT32_MIN)
        e->carried_day = day;
    slot->article = article;
    slot->day = e->carried_day;
    slot->arrival = e->arrived++;
    size_t window = e->options.reorder_window > 0 ? (size_t)e->options.reorder_window : 0;
    if (window && e->held.count >= window)
        return release(e, e->held.count - window / 2);
    return ND_OK;
}

int nd_engine_finish(nd_engine *e)
{
    if (!e)
        return ND_EINVAL;
    int rc = release(e, e->held.count);
    keep_budget(e); /* what a batch leaves is within the budget too */
    return rc;
}

static int add_from_reader(void *user, nd_article *article) { return nd_engine_add(user, article); }

int nd_engine_read_path(nd_engine *e, const char *path)
{
    if (!e || !path)
        return ND_EINVAL;
    return nd_reader_read_path(e->reader, path, add_from_reader, e);
}

int nd_engine_read_buffer(nd_engine *e, const char *name, const char *data, size_t len)
{
    if (!e)
        return ND_EINVAL;
    return nd_reader_read_buffer(e->reader, name, data, len, add_from_reader, e);
}

size_t nd_engine_skipped(const nd_engine *e) { return e ? nd_reader_skipped(e->reader) : 0; }

nd_article *nd_engine_take_article(nd_engine *e)
{
    if (!e || !e->current || e->taken)
        return NULL;
    e->taken = 1;
    return e->current;
}

nd_cluster *nd_engine_cluster(nd_engine *e) { return e ? e->cluster : NULL; }

void nd__engine_memory_parts_of(const nd_engine *e, nd__engine_memory_parts *parts)
{
    memset(parts, 0, sizeof *parts);
    if (!e)
        return;
    parts->scratch = nd__malloc_bytes(sizeof *e) + nd__vec_bytes(&e->held) + nd__vec_bytes(&e->tokens) +
                     nd__reader_bytes(e->reader);
    const held *h = e->held.items;
    for (size_t i = 0; i < e->held.count; i++) /* NULL: gone on while its group is processed */
        if (h[i].article)
            parts->held += h[i].article->arena.held_bytes + nd__malloc_bytes(sizeof(nd_article));
    parts->copies = nd__copies_bytes(e->copies);
    parts->templates = nd__templates_bytes(e->templates);
    parts->extractor = nd__extractor_bytes(e->extractor) + nd__extraction_bytes(e->facts);
    /* the stories: the cluster the engine adds to (its own, or the caller's) */
    parts->stories = nd__cluster_bytes(e->cluster);
}

size_t nd__engine_stories_shed(const nd_engine *e) { return e ? e->stories_shed : 0; }

size_t nd__engine_analysed(const nd_engine *e) { return e ? e->analysed : 0; }

size_t nd_engine_memory(const nd_engine *e)
{
    nd__engine_memory_parts p;
    nd__engine_memory_parts_of(e, &p);
    return p.held + p.scratch + p.copies + p.templates + p.extractor + p.stories;
}

nd__dedup_stats nd__engine_copy_stats(const nd_engine *e) { return nd__copies_stats(e->copies); }

void nd_engine_set_known(nd_engine *e, nd_known_fn fn, void *user)
{
    if (!e)
        return;
    e->known = fn;
    e->known_user = user;
}

/* ---- state ------------------------------------------------------------------------------------
 * The blob: "newsdesk-engine 1\n", then the engine's counters, the template table (clean.c), the
 * copy window with its index (dedup.c) and the story state (cluster.c's text rows), each as
 * little-endian fields and length-prefixed runs (util.c). The reorder buffer must be empty:
 * articles still held would need their text, and the caller has it (it read them). */
#define ENGINE_MAGIC "newsdesk-engine 1\n"

int nd_engine_save(nd_engine *e, char **blob, size_t *len)
{
    if (!e || !blob || !len)
        return ND_EINVAL;
    *blob = NULL;
    *len = 0;
    if (e->held.count)
        return ND_EINVAL;
    nd__buf out;
    nd__buf_init(&out, ND_MAX_ENGINE_STATE_BYTES);
    int rc = nd__buf_append(&out, ENGINE_MAGIC, strlen(ENGINE_MAGIC));
    if (rc == ND_OK)
        rc = nd__put_u64(&out, (uint64_t)(int64_t)e->carried_day);
    if (rc == ND_OK)
        rc = nd__put_u64(&out, e->arrived);
    if (rc == ND_OK)
        rc = nd__put_u64(&out, e->position);
    if (rc == ND_OK)
        rc = nd__templates_save(e->templates, &out);
    if (rc == ND_OK)
        rc = nd__copies_save(e->copies, &out);
    char *stories = NULL;
    size_t stories_len = 0;
    if (rc == ND_OK)
        rc = nd_cluster_save_buffer(e->cluster, &stories, &stories_len);
    if (rc == ND_OK)
        rc = nd__put_bytes(&out, stories, stories_len);
    free(stories);
    if (rc != ND_OK) {
        nd__buf_release(&out);
        return rc == ND_ETOOBIG ? ND_ENOMEM : rc;
    }
    *blob = nd__buf_take(&out, len);
    return ND_OK;
}

int nd_engine_load(nd_engine *e, const char *blob, size_t len)
{
    if (!e || (!blob && len))
        return ND_EINVAL;
    if (e->arrived || e->position || e->held.count)
        return ND_EINVAL;
    size_t magic = strlen(ENGINE_MAGIC);
    if (len < magic || memcmp(blob, ENGINE_MAGIC, magic) != 0)
        return ND_EFORMAT;
    nd__cursor in = {(const unsigned char *)blob + magic, (const unsigned char *)blob + len, 0};
    int64_t day = (int64_t)nd__get_u64(&in);
    uint64_t arrived = nd__get_u64(&in), position = nd__get_u64(&in);
    if (in.failed || day < INT32_MIN || day > INT32_MAX || position > arrived)
        return ND_EFORMAT;
    int rc = nd__templates_load(e->templates, &in);
    if (rc == ND_OK)
        rc = nd__copies_load(e->copies, &in);
    size_t stories_len = 0;
    const char *stories = rc == ND_OK ? nd__get_bytes(&in, &stories_len, len) : NULL;
    if (rc == ND_OK && (!stories || in.at != in.end))
        rc = ND_EFORMAT;
    if (rc == ND_OK)
        rc = nd_cluster_load_buffer(e->cluster, stories, stories_len);
    if (rc != ND_OK) {
        /* back to fresh: the parts that may hold half a state are made again */
        nd__templates_free(e->templates);
        nd__copies_free(e->copies);
        e->templates = nd__templates_new(e->options.template_min_articles, 0);
        e->copies = nd__copies_new(&e->options);
        nd_cluster_free(e->own_cluster);
        e->cluster = e->own_cluster = nd_cluster_new(&e->options);
        if (!e->templates || !e->copies || !e->cluster)
            return ND_ENOMEM; /* the engine is unusable: free it */
        return rc == ND_ENOMEM ? rc : rc == ND_EINVAL ? ND_EFORMAT : rc == ND_OK ? rc : ND_EFORMAT;
    }
    e->carried_day = (int32_t)day;
    e->arrived = (size_t)arrived;
    e->position = (size_t)position;
    return ND_OK;
}
