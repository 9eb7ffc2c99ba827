/*
 * store.c: the store's front. Takes the public calls (nd_store_* in newsdesk.h) and the internal
 * ones of store.h and store_views.h, checks what they are given, picks the backend that keeps
 * the store (store_sqlite.c, the embedded default) and calls through. An article is checked
 * whole before any of it is written (every span inside its clean text, every passage inside both
 * texts, no text beyond what a store takes), so a backend never meets half-valid input. Rows a
 * backend hands to callbacks are collected here into the arrays the views take.
 */
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "store_views.h"
#include "text.h"
#include "util.h"

#define MAX_VALUE_BYTES 0x7fffffffu /* the most a store takes in one text (SQLite's int length) */
#define MAX_QUERY_BYTES 1000        /* a search typed by a person */
#define MAX_QUERY_WORDS 32          /* and the words of it searched for */
_Static_assert(MAX_QUERY_BYTES + MAX_QUERY_WORDS < 4096, "a search's words fit on the stack");

/* The backend of a store path. One for now; a server database would be chosen by its URL. */
static const nd__store_backend *backend_for(const char *path)
{
    if (!strncmp(path, "postgresql://", 13) || !strncmp(path, "postgres://", 11))
        return &nd__store_postgresql;
    return &nd__store_sqlite;
}

static int ready(const nd_store *store) { return store && store->ready; }

/* What the front keeps per store: the open batch's stories (each once, in the order they first
 * took an article) and what the rows say, so that a put asks the backend nothing twice: an
 * entity's row by name and type, the (entity, variant) pairs stored. A rollback forgets the
 * caches (rows it took back may be in them); they are caches, emptied when full. */
typedef struct nd__store_front {
    nd__vec changed;   /* long long */
    nd__map seen;      /* set of the story numbers in `changed` */
    nd__map entities;  /* hash of name and type -> cached_entity */
    nd__map variants;  /* set of hashes of (entity row, variant) */
    nd__vec earlier;   /* scratch: the rows of an article's copies' earlier articles */
    nd__vec entity_rows; /* scratch: the rows of an article's entities */
} nd__store_front;

typedef struct cached_entity {
    long long row;
    int placed; /* its coordinates are stored */
} cached_entity;

static nd__store_front *front_of(nd_store *store)
{
    if (!store->front && (store->front = calloc(1, sizeof *store->front))) {
        nd__map_init(&store->front->seen, 0, 64, 0);
        nd__map_init(&store->front->entities, sizeof(cached_entity), 1024, ND_MAX_STORE_CACHE_ENTRIES);
        nd__map_init(&store->front->variants, 0, 1024, ND_MAX_STORE_CACHE_ENTRIES);
    }
    return store->front;
}

static void forget_changes(nd_store *store)
{
    if (store->front) {
        store->front->changed.count = 0;
        nd__map_clear(&store->front->seen);
    }
}

static int note_change(nd_store *store, long long story)
{
    nd__store_front *f = store->front;
    int created;
    if (!nd__map_put(&f->seen, (uint64_t)story, &created))
        return created;
    long long *s = created ? nd__vec_push(&f->changed, sizeof *s) : NULL;
    if (created && !s)
        return ND_ENOMEM;
    if (s)
        *s = story;
    return ND_OK;
}

const long long *nd__store_changed_stories(const nd_store *store, size_t *count)
{
    const nd__store_front *f = store ? store->front : NULL;
    *count = f ? f->changed.count : 0;
    return f ? f->changed.items : NULL;
}

void nd__store_on_commit(nd_store *store, nd__store_batch_fn fn, void *user)
{
    if (store) {
        store->on_commit = fn;
        store->on_commit_user = user;
    }
}

/* Remembers a value under `key`, emptying a full cache first. NULL when memory ran out (then
 * nothing is remembered, and nothing is wrong: the rows are in the store). */
static void *remember(nd__map *map, uint64_t key)
{
    int created;
    void *value = nd__map_put(map, key, &created);
    if (!value && created == ND_ETOOBIG) {
        nd__map_clear(map);
        value = nd__map_put(map, key, &created);
    }
    return value;
}

/* ---- open, close, batches -------------------------------------------------------------------- */
int nd__store_open_version(const char *path, int version, nd_store **out)
{
    if (!out)
        return ND_EINVAL;
    *out = NULL;
    if (!path || version < 1 || version > ND__STORE_SCHEMA_VERSION)
        return ND_EINVAL;
    return backend_for(path)->open(path, version, out);
}

int nd_store_open(const char *path, nd_store **out)
{
    return nd__store_open_version(path, ND__STORE_SCHEMA_VERSION, out);
}

void nd_store_close(nd_store *store)
{
    if (!store)
        return;
    nd__store_front *f = store->front;
    if (f) {
        nd__vec_release(&f->changed);
        nd__map_release(&f->seen);
        nd__map_release(&f->entities);
        nd__map_release(&f->variants);
        nd__vec_release(&f->earlier);
        nd__vec_release(&f->entity_rows);
        free(f);
    }
    store->backend->close(store);
}

const char *nd_store_error(const nd_store *store) { return store ? store->backend->error(store) : "no store"; }

int nd_store_schema_version(const nd_store *store) { return store ? store->version : 0; }

int nd__store_exec(nd_store *store, const char *script)
{
    return store && script ? store->backend->exec(store, script) : ND_EINVAL;
}

int nd_store_begin(nd_store *store)
{
    if (!ready(store))
        return ND_EINVAL;
    int rc = store->backend->begin(store);
    if (rc == ND_OK) {
        store->in_batch = 1;
        forget_changes(store);
    }
    return rc;
}

int nd_store_rollback(nd_store *store)
{
    if (!ready(store))
        return ND_EINVAL;
    store->in_batch = 0;
    forget_changes(store);
    if (store->front) {
        nd__map_clear(&store->front->entities);
        nd__map_clear(&store->front->variants);
    }
    return store->backend->rollback(store);
}

int nd_store_commit(nd_store *store)
{
    if (!ready(store))
        return ND_EINVAL;
    if (store->on_commit && store->in_batch) {
        size_t count;
        const long long *stories = nd__store_changed_stories(store, &count);
        int rc = count ? store->on_commit(store->on_commit_user, store, stories, count) : ND_OK;
        if (rc != ND_OK) {
            nd_store_rollback(store);
            return rc;
        }
    }
    int rc = store->backend->commit(store);
    if (rc == ND_OK) {
        store->in_batch = 0;
        forget_changes(store);
    }
    return rc;
}

/* ---- the write path -------------------------------------------------------------------------- */
uint64_t nd__store_content_hash(const nd_article *a)
{
    uint64_t h = nd__hash64(a->source, strlen(a->source), 0x6e64);
    h = nd__hash64(a->title, strlen(a->title), h);
    return nd__hash64(a->text ? a->text : "", a->text_len, h);
}

int nd_store_find(nd_store *store, const nd_article *article, nd_store_match *match)
{
    if (!ready(store) || !article || !match)
        return ND_EINVAL;
    return store->backend->find(store, article, nd__store_content_hash(article), match);
}

static int span_ok(nd_span span, size_t len) { return span.start <= span.end && span.end <= len; }

/* ND_OK when every offset of the article's result lies in its texts, else ND_EINVAL (or
 * ND_ETOOBIG for a text longer than a store takes). */
static int check_article(const nd_store_article *in)
{
    const nd_article *a = in->article;
    size_t len = a->body_len;
    if (a->text_len > MAX_VALUE_BYTES || len > MAX_VALUE_BYTES)
        return ND_ETOOBIG;
    for (size_t i = 0; i < in->copy_count; i++)
        for (size_t k = 0; k < in->copies[i].passage_count; k++) {
            const nd_passage *p = &in->copies[i].passages[k];
            if (p->a_start > p->a_end || p->b_start > p->b_end || p->b_end > len)
                return ND_EINVAL;
        }
    const nd_facts *f = in->facts;
    if (!f)
        return ND_OK;
    for (size_t i = 0; i < f->entity_count; i++)
        for (size_t k = 0; k < f->entities[i].mention_count; k++)
            if (!span_ok(f->entities[i].mentions[k], len))
                return ND_EINVAL;
    for (size_t i = 0; i < f->date_count; i++)
        if (!span_ok(f->dates[i].span, len))
            return ND_EINVAL;
    for (size_t i = 0; i < f->quote_count; i++) {
        const nd_quote *q = &f->quotes[i];
        if (!span_ok(q->span, len) || !span_ok(q->speaker_span, len))
            return ND_EINVAL;
        if (q->text && strlen(q->text) > MAX_VALUE_BYTES)
            return ND_ETOOBIG;
    }
    for (size_t i = 0; i < f->cite_count; i++) {
        const nd_cite *c = &f->cites[i];
        if (c->source >= 0 && (size_t)c->source < f->entity_count && !span_ok(c->span, len))
            return ND_EINVAL;
    }
    return ND_OK;
}

/* The row of an entity, made when new; a place's coordinates fill in when first known. */
static long long entity_row(nd_store *store, const nd_entity *e)
{
    const nd__store_backend *b = store->backend;
    uint64_t key = nd__hash64(e->name, strlen(e->name), (uint64_t)e->type + 1);
    cached_entity *cached = nd__map_find(&store->front->entities, key), found = {0, 0};
    int rc = ND_OK;
    if (cached)
        found = *cached;
    else if ((rc = b->entity_row(store, e->name, nd_entity_type_name(e->type), &found.row)) == ND_ENOTFOUND) {
        rc = b->put_entity(store, e, &found.row);
        found.placed = e->has_coordinates;
    }
    if (rc == ND_OK && e->has_coordinates && !found.placed) {
        rc = b->place_entity(store, found.row, e);
        found.placed = 1;
    }
    if (rc != ND_OK)
        return rc;
    if (!cached || cached->placed != found.placed) {
        cached_entity *slot = remember(&store->front->entities, key);
        if (slot)
            *slot = found;
    }
    return found.row;
}

/* Everything of one article, in the open transaction: what can refuse it (an original or an
 * earlier article that is not stored, its id or url again) is met before its first row is
 * written or by that row itself, so ND_EINVAL leaves nothing of it behind. */
static int put_rows(nd_store *store, const nd_store_article *in)
{
    const nd__store_backend *b = store->backend;
    nd__store_front *front = store->front;
    long long duplicate = 0, row;
    if (in->duplicate_of && (duplicate = b->article_row(store, in->duplicate_of)) <= 0)
        return duplicate < 0 ? (int)duplicate : ND_EINVAL;
    front->earlier.count = 0;
    for (size_t i = 0; i < in->copy_count; i++) {
        long long *earlier = nd__vec_push(&front->earlier, sizeof *earlier);
        if (!earlier)
            return ND_ENOMEM;
        if ((*earlier = b->article_row(store, in->copies[i].earlier_id)) <= 0)
            return *earlier < 0 ? (int)*earlier : ND_EINVAL;
    }
    int rc = b->put_article(store, in, nd__store_content_hash(in->article), duplicate, &row);
    const long long *earlier = front->earlier.items;
    for (size_t i = 0; rc == ND_OK && i < in->copy_count; i++)
        rc = b->put_copy(store, earlier[i], row, &in->copies[i]);
    const nd_facts *f = in->facts;
    if (rc != ND_OK || !f)
        return rc;
    front->entity_rows.count = 0;
    for (size_t i = 0; i < f->entity_count; i++) {
        const nd_entity *e = &f->entities[i];
        long long entity = entity_row(store, e), *slot = nd__vec_push(&front->entity_rows, sizeof *slot);
        if (entity < 0 || !slot)
            return entity < 0 ? (int)entity : ND_ENOMEM;
        *slot = entity;
        for (size_t k = 0; k < e->variant_count; k++) {
            uint64_t key = nd__hash64(e->variants[k], strlen(e->variants[k]), (uint64_t)entity);
            if (nd__map_find(&front->variants, key))
                continue;
            if ((rc = b->put_variant(store, entity, e->variants[k])) != ND_OK)
                return rc;
            remember(&front->variants, key);
        }
    }
    return b->put_facts(store, row, f, in->article->body, front->entity_rows.items);
}

int nd_store_put(nd_store *store, const nd_store_article *in)
{
    if (!ready(store) || !in || !in->article || (in->copy_count && !in->copies))
        return ND_EINVAL;
    int rc = check_article(in);
    if (rc != ND_OK)
        return rc;
    if (!front_of(store))
        return ND_ENOMEM;
    int alone = !store->in_batch; /* then it is a batch of its own */
    if (alone && (rc = nd_store_begin(store)) != ND_OK)
        return rc;
    rc = put_rows(store, in);
    if (rc == ND_OK)
        rc = note_change(store, in->story);
    if (alone)
        return rc == ND_OK ? nd_store_commit(store) : (nd_store_rollback(store), rc);
    return rc;
}

int nd_store_state_put(nd_store *store, const char *name, const void *data, size_t len)
{
    if (!ready(store) || !name || (!data && len) || len > MAX_VALUE_BYTES)
        return ND_EINVAL;
    return store->backend->state_put(store, name, data, len);
}

int nd_store_state_get(nd_store *store, const char *name, char **data, size_t *len)
{
    if (!data || !len)
        return ND_EINVAL;
    *data = NULL;
    *len = 0;
    if (!ready(store) || !name)
        return ND_EINVAL;
    return store->backend->state_get(store, name, data, len);
}

/* ---- reading --------------------------------------------------------------------------------- */
int nd_store_count(nd_store *store, nd_store_counts *counts)
{
    return ready(store) && counts ? store->backend->count(store, counts) : ND_EINVAL;
}

int nd_store_export(nd_store *store, nd_store_assignment_fn fn, void *user)
{
    return ready(store) && fn ? store->backend->export(store, fn, user) : ND_EINVAL;
}

long long nd__store_search_count(nd_store *store, const char *query)
{
    return ready(store) && query ? store->backend->search_count(store, query) : ND_EINVAL;
}

int nd__store_dump(nd_store *store, const char *table, FILE *out)
{
    return store && table && out ? store->backend->dump(store, table, out) : ND_EINVAL;
}

/* ---- feeds ----------------------------------------------------------------------------------- */
int nd_store_feed_add(nd_store *store, const char *url, const char *title)
{
    if (!url || !*url)
        return ND_EINVAL;
    return ready(store) ? store->backend->feed_add(store, url, title) : ND_EINVAL;
}

int nd_store_feed_remove(nd_store *store, const char *url)
{
    return url && ready(store) ? store->backend->feed_remove(store, url) : ND_EINVAL;
}

int nd_store_feeds(nd_store *store, nd_feed_fn fn, void *user)
{
    return fn && ready(store) ? store->backend->feeds(store, fn, user) : ND_EINVAL;
}

int nd_store_feed_update(nd_store *store, const nd_feed *feed)
{
    return feed && feed->url && ready(store) ? store->backend->feed_update(store, feed) : ND_EINVAL;
}

int nd_store_feed_item_seen(nd_store *store, const char *feed, const char *guid)
{
    return ready(store) ? store->backend->feed_item_seen(store, feed, guid) : ND_EINVAL;
}

int nd_store_feed_item_add(nd_store *store, const char *feed, const char *guid, long long first_seen)
{
    return ready(store) ? store->backend->feed_item_add(store, feed, guid, first_seen) : ND_EINVAL;
}

/* ---- reads for the views (store_views.h) ----------------------------------------------------- */
int nd__store_tune_reads(nd_store *store) { return ready(store) ? store->backend->tune_reads(store) : ND_EINVAL; }

int nd__store_version(nd_store *store, long long *version)
{
    *version = 0;
    return ready(store) ? store->backend->version(store, version) : ND_EINVAL;
}

/* Story rows (and for entity_stories their mention counts) collected from a backend. */
typedef struct story_rows {
    nd__vec rows, mentions;
    int with_mentions;
} story_rows;

static int collect_story(void *user, const nd__story_row *row, long long mentions)
{
    story_rows *c = user;
    nd__story_row *r = nd__vec_push(&c->rows, sizeof *r);
    long long *m = c->with_mentions ? nd__vec_push(&c->mentions, sizeof *m) : NULL;
    if (!r || (c->with_mentions && !m))
        return 1;
    *r = *row;
    if (m)
        *m = mentions;
    return 0;
}

/* Hands the collected rows out (status ND_OK or ND_ENOTFOUND) or releases them. */
static int story_rows_out(story_rows *c, int status, nd__story_row **rows, long long **mentions, size_t *count)
{
    if (status == ND_ESTOPPED)
        status = ND_ENOMEM; /* the only reason collect_story stops */
    if (status != ND_OK && status != ND_ENOTFOUND) {
        nd__vec_release(&c->rows);
        nd__vec_release(&c->mentions);
        return status;
    }
    *rows = c->rows.items;
    *count = c->rows.count;
    if (mentions)
        *mentions = c->mentions.items;
    return status;
}

int nd__store_recent_stories(nd_store *store, const char *since, const char *until, size_t max, nd__story_row **rows,
                             size_t *count)
{
    *rows = NULL;
    *count = 0;
    if (!ready(store))
        return ND_EINVAL;
    story_rows c = {0};
    int rc = store->backend->recent_stories(store, since, until, max, collect_story, &c);
    return story_rows_out(&c, rc, rows, NULL, count);
}

int nd__store_story_row(nd_store *store, long long id, nd__story_row *row)
{
    return ready(store) ? store->backend->story_row(store, id, row) : ND_EINVAL;
}

int nd__store_storyline_stories(nd_store *store, long long storyline, nd__story_row **rows, size_t *count)
{
    *rows = NULL;
    *count = 0;
    if (!ready(store))
        return ND_EINVAL;
    story_rows c = {0};
    int rc = store->backend->storyline_stories(store, storyline, collect_story, &c);
    return story_rows_out(&c, rc, rows, NULL, count);
}

int nd__store_entity_stories(nd_store *store, long long entity, size_t max, nd__story_row **rows,
                             long long **articles, size_t *count)
{
    *rows = NULL;
    *articles = NULL;
    *count = 0;
    if (!ready(store))
        return ND_EINVAL;
    story_rows c = {.with_mentions = 1};
    int rc = store->backend->entity_stories(store, entity, max, collect_story, &c);
    return story_rows_out(&c, rc, rows, articles, count);
}

int nd__store_latest_published(nd_store *store, char *out, size_t cap)
{
    out[0] = '\0';
    return ready(store) ? store->backend->latest_published(store, out, cap) : ND_EINVAL;
}

static int collect_coverage(void *user, const nd__coverage *row)
{
    nd__coverage *c = nd__vec_push(user, sizeof *c);
    if (!c)
        return 1;
    *c = *row;
    return 0;
}

int nd__store_coverage(nd_store *store, const char *from, const char *to, nd__coverage **rows, size_t *count)
{
    *rows = NULL;
    *count = 0;
    if (!ready(store))
        return ND_EINVAL;
    nd__vec out = {0};
    int rc = store->backend->coverage(store, from, to, collect_coverage, &out);
    if (rc != ND_OK) {
        nd__vec_release(&out);
        return rc == ND_ESTOPPED ? ND_ENOMEM : rc;
    }
    *rows = out.items;
    *count = out.count;
    return ND_OK;
}

int nd__store_story_coverage(nd_store *store, long long story, const char *from, const char *to, nd__coverage *row)
{
    return ready(store) ? store->backend->story_coverage(store, story, from, to, row) : ND_EINVAL;
}

int nd__store_activity(nd_store *store, const char *from, const char *to, long long *articles, long long *stories)
{
    return ready(store) ? store->backend->activity(store, from, to, articles, stories) : ND_EINVAL;
}

int nd__store_entity_find(nd_store *store, const char *name, long long *row)
{
    return ready(store) ? store->backend->entity_find(store, name, row) : ND_EINVAL;
}

int nd__store_entity_row(nd_store *store, const char *name, const char *type, long long *row)
{
    return ready(store) ? store->backend->entity_row(store, name, type, row) : ND_EINVAL;
}

/* ---- search ---------------------------------------------------------------------------------- */
void nd__search_hits_free(nd__search_hit *hits, size_t count)
{
    for (size_t i = 0; hits && i < count; i++) {
        free(hits[i].article);
        free(hits[i].snippet);
    }
    free(hits);
}

static int collect_hit(void *user, const nd__search_hit *hit)
{
    nd__search_hit *h = nd__vec_push(user, sizeof *h);
    if (!h)
        return 1;
    *h = (nd__search_hit){hit->story, hit->rank, strdup(hit->article), strdup(hit->snippet)};
    return !h->article || !h->snippet;
}

int nd__store_search(nd_store *store, const char *text, size_t max, nd__search_hit **hits, size_t *count)
{
    *hits = NULL;
    *count = 0;
    if (!text || strlen(text) > MAX_QUERY_BYTES)
        return ND_EINVAL;
    if (!ready(store))
        return ND_EINVAL;
    /* the words typed, as the tokenizer finds them, each NUL-terminated in `copy` */
    char copy[MAX_QUERY_BYTES + MAX_QUERY_WORDS];
    const char *words[MAX_QUERY_WORDS];
    size_t n = 0, used = 0;
    nd__vec tokens = {0};
    if (nd__tokenize(text, strlen(text), &tokens) != ND_OK)
        return ND_ENOMEM;
    const nd__token *t = tokens.items;
    /* a "quoted phrase" is one entry, its words joined by spaces: FTS5 matches it as a phrase */
    size_t quotes = 0, last_end = 0;
    int joined_quote = -1;
    for (size_t i = 0; i < tokens.count && (n < MAX_QUERY_WORDS || joined_quote >= 0); i++) {
        size_t len = t[i].end - t[i].start, between = 0;
        for (size_t k = last_end; k < t[i].start; k++)
            between += text[k] == '"';
        quotes += between;
        last_end = t[i].end;
        if (quotes % 2 && !between && joined_quote >= 0 && n > 0) {
            copy[used - 1] = ' ';
            memcpy(copy + used, text + t[i].start, len);
            copy[used + len] = '\0';
            used += len + 1;
            continue;
        }
        if (n == MAX_QUERY_WORDS)
            break;
        joined_quote = quotes % 2 ? (int)n : -1;
        words[n++] = memcpy(copy + used, text + t[i].start, len);
        copy[used + len] = '\0';
        used += len + 1;
    }
    nd__vec_release(&tokens);
    nd__vec out = {0};
    int status = ND_OK;
    /* every word first; when nothing has them all, any of them */
    for (int any = 0; n && any < 2 && out.count == 0 && status == ND_OK; any++)
        status = store->backend->search(store, words, n, any, max, collect_hit, &out);
    if (status != ND_OK) {
        nd__search_hits_free(out.items, out.count);
        return status == ND_ESTOPPED ? ND_ENOMEM : status;
    }
    *hits = out.items;
    *count = out.count;
    return ND_OK;
}

/* ---- story documents (story_docs.c writes them at ingest, the views read them) --------------- */
int nd__store_story_doc_put(nd_store *store, long long story, const char *card, const char *page)
{
    return ready(store) && card && page ? store->backend->story_doc_put(store, story, card, page) : ND_EINVAL;
}

int nd__store_story_doc_get(nd_store *store, long long story, int page, char **json)
{
    if (!json)
        return ND_EINVAL;
    *json = NULL;
    return ready(store) ? store->backend->story_doc_get(store, story, page, json) : ND_EINVAL;
}

int nd__store_story_total(nd_store *store, const char *since, const char *until, long long *total)
{
    if (!total)
        return ND_EINVAL;
    *total = 0;
    return ready(store) ? store->backend->story_total(store, since, until, total) : ND_EINVAL;
}

int nd__store_outlet_titles(nd_store *store, const char *source, const char *host, size_t max,
                            int (*fn)(void *user, const char *title), void *user)
{
    return ready(store) && fn ? store->backend->outlet_titles(store, source, host, max, fn, user) : ND_EINVAL;
}

int nd__store_title_stories(nd_store *store, const char *title, long long *stories)
{
    if (!stories)
        return ND_EINVAL;
    *stories = 0;
    return ready(store) && title ? store->backend->title_stories(store, title, stories) : ND_EINVAL;
}
