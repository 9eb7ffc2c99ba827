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
    (void)path;
    return &nd__store_sqlite;
}

static int ready(const nd_store *store) { return store && store->ready; }

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
    if (store)
        store->backend->close(store);
}

const char *nd_store_error(const nd_store *store) { return store ? store->backend->error(store) : "no store"; }

int nd_store_schema_version(const nd_store *store) { return store ? store->version : 0; }

int nd__store_exec(nd_store *store, const char *script)
{
    return store && script ? store->backend->exec(store, script) : ND_EINVAL;
}

int nd_store_begin(nd_store *store) { return ready(store) ? store->backend->begin(store) : ND_EINVAL; }
int nd_store_commit(nd_store *store) { return ready(store) ? store->backend->commit(store) : ND_EINVAL; }
int nd_store_rollback(nd_store *store) { return ready(store) ? store->backend->rollback(store) : ND_EINVAL; }

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

int nd_store_put(nd_store *store, const nd_store_article *in)
{
    if (!ready(store) || !in || !in->article || (in->copy_count && !in->copies))
        return ND_EINVAL;
    int rc = check_article(in);
    return rc != ND_OK ? rc : store->backend->put(store, in, nd__store_content_hash(in->article));
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
    for (size_t i = 0; i < tokens.count && n < MAX_QUERY_WORDS; i++) {
        size_t len = t[i].end - t[i].start;
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
