/*
 * watch.c: following feeds. Takes the store's feed list, gives one poll round: every due feed is
 * fetched at once (fetch.c, with the validators of its last answer), parsed (feed.c), and each
 * item not taken before becomes an article: the item's content when the feed carries it, else
 * the article page, fetched (robots.txt obeyed) and extracted, else the summary. The articles go
 * into the store through an ingest (nd_ingest_*), with the origin "FEED_URL#GUID"; then the items
 * are marked taken, so a restart takes nothing twice (and the ingest itself skips an
 * article stored already).
 *
 * Schedule: a feed that answered is due again after the interval; one that failed after the
 * interval doubled for each failure in a row (at most a day); a 429 or 503 not before its
 * Retry-After.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "article.h"
#include "article_desk.h"
#include "feed.h"
#include "fetch.h"
#include "pipeline.h"

#define MAX_BACKOFF_SECONDS 86400.0
#define CONTENT_MIN_BYTES 200 /* shorter item content is a teaser: the page is fetched */

typedef struct feed_state {
    char *url, *title, *etag, *last_modified, *error;
    long long next_poll, last_poll, last_new_item, items;
    long last_status;
    int errors;
    int due;
    size_t new_items;
} feed_state;

/* One item waiting for its article. */
typedef struct pending_item {
    size_t feed;          /* index into the feed states */
    char *guid, *link, *title, *published, *summary;
    int summary_is_html;
    int done;             /* its article was handed to the desk */
} pending_item;

typedef struct watch_run {
    nd_store *store;
    nd_desk desk;         /* makes articles of the items; its sink is the ingest */
    nd_ingest *ingest;
    const nd_watch_options *w;
    long long now;
    feed_state *feeds;
    size_t feed_count, feed_cap;
    pending_item *items;
    size_t item_count, item_cap;
    nd__fetcher *fetcher;
    nd_watch_stats *stats;
    int no_memory;
} watch_run;

/* Each item's article goes straight into the ingest. */
static int to_ingest(void *user, nd_article *article) { return nd__ingest_add(user, article); }

static char *dup_or_null(const char *s, int *no_memory)
{
    if (!s || !*s)
        return NULL;
    char *c = strdup(s);
    if (!c)
        *no_memory = 1;
    return c;
}

static void set_string(char **field, const char *value, int *no_memory)
{
    free(*field);
    *field = dup_or_null(value, no_memory);
}

static int collect_feed(void *user, const nd_feed *f)
{
    watch_run *run = user;
    if (run->feed_count == run->feed_cap) {
        size_t cap = run->feed_cap ? run->feed_cap * 2 : 16;
        feed_state *grown = realloc(run->feeds, cap * sizeof *grown);
        if (!grown) {
            run->no_memory = 1;
            return 1;
        }
        run->feeds = grown;
        run->feed_cap = cap;
    }
    feed_state *s = &run->feeds[run->feed_count++];
    memset(s, 0, sizeof *s);
    s->url = dup_or_null(f->url, &run->no_memory);
    s->title = dup_or_null(f->title, &run->no_memory);
    s->etag = dup_or_null(f->etag, &run->no_memory);
    s->last_modified = dup_or_null(f->last_modified, &run->no_memory);
    s->error = dup_or_null(f->error, &run->no_memory);
    s->next_poll = f->next_poll;
    s->last_poll = f->last_poll;
    s->last_new_item = f->last_new_item;
    s->items = f->items;
    s->last_status = f->last_status;
    s->errors = f->errors;
    /* "all" polls early, except a server that asked for time (429, 503 with Retry-After) */
    int asked_to_wait = (f->last_status == 429 || f->last_status == 503) && f->next_poll > run->now;
    s->due = (run->w->all && !asked_to_wait) || f->next_poll <= run->now;
    return run->no_memory;
}

static void schedule(watch_run *run, feed_state *f, long retry_after)
{
    double delay = run->w->interval;
    for (int i = 0; i < f->errors && delay < MAX_BACKOFF_SECONDS; i++)
        delay *= 2;
    if (delay > MAX_BACKOFF_SECONDS)
        delay = MAX_BACKOFF_SECONDS;
    if (retry_after > delay)
        delay = (double)retry_after;
    f->next_poll = run->now + (long long)delay;
}

static void fail(watch_run *run, feed_state *f, long status, const char *message, long retry_after)
{
    f->errors++;
    f->last_status = status;
    set_string(&f->error, message, &run->no_memory);
    schedule(run, f, retry_after);
    run->stats->failed++;
    nd__diagnose(&run->desk.diagnostics, f->url, 0, ND_ESKIPPED, "%s", message);
}

static void add_article(watch_run *run, pending_item *item, const char *text, size_t len, int is_html,
                        const char *url)
{
    feed_state *f = &run->feeds[item->feed];
    nd__raw_article raw = {0};
    raw.id = item->guid, raw.id_len = strlen(item->guid);
    if (item->title)
        raw.title = item->title, raw.title_len = strlen(item->title);
    if (item->published)
        raw.published = item->published, raw.published_len = strlen(item->published);
    const char *link = url ? url : item->link;
    if (link)
        raw.url = link, raw.url_len = strlen(link);
    raw.text = text, raw.text_len = len, raw.text_is_html = is_html;
    size_t where_len = strlen(f->url) + strlen(item->guid) + 2;
    char *where = malloc(where_len);
    if (!where) {
        run->no_memory = 1;
        return;
    }
    snprintf(where, where_len, "%s#%s", f->url, item->guid);
    int rc = nd__desk_add(&run->desk, &raw, where, 0);
    free(where);
    if (rc == ND_ENOMEM)
        run->no_memory = 1;
    item->done = rc == ND_OK || rc == ND_EFORMAT; /* no text at all: do not ask again */
}

static pending_item *new_item(watch_run *run)
{
    if (run->item_count == run->item_cap) {
        size_t cap = run->item_cap ? run->item_cap * 2 : 64;
        pending_item *grown = realloc(run->items, cap * sizeof *grown);
        if (!grown) {
            run->no_memory = 1;
            return NULL;
        }
        run->items = grown;
        run->item_cap = cap;
    }
    pending_item *p = &run->items[run->item_count++];
    memset(p, 0, sizeof *p);
    return p;
}

static void take_feed(watch_run *run, size_t index, const nd__fetch_result *r)
{
    feed_state *f = &run->feeds[index];
    nd__feed feed;
    char why[256];
    int rc = nd__feed_parse(r->body, r->body_len, r->final_url, &feed, why, sizeof why);
    if (rc == ND_ENOMEM) {
        run->no_memory = 1;
        return;
    }
    size_t usable = 0; /* items with something to read */
    for (size_t i = 0; rc == ND_OK && i < feed.item_count; i++)
        usable += feed.items[i].link || feed.items[i].content || feed.items[i].summary;
    if (rc == ND_OK && feed.warning[0] && usable == 0) {
        /* broken XML that gave nothing: a failure, not a repair */
        snprintf(why, sizeof why, "invalid XML: %.200s", feed.warning);
        nd__feed_free(&feed);
        rc = ND_EFORMAT;
    }
    if (rc != ND_OK) {
        fail(run, f, r->status, why, -1);
        return;
    }
    f->errors = 0;
    f->last_status = r->status;
    set_string(&f->error, feed.warning, &run->no_memory);
    set_string(&f->etag, r->etag, &run->no_memory);
    set_string(&f->last_modified, r->last_modified, &run->no_memory);
    if (feed.title && (!f->title || !*f->title))
        set_string(&f->title, feed.title, &run->no_memory);
    schedule(run, f, -1);
    for (size_t i = 0; i < feed.item_count && !run->no_memory; i++) {
        nd__feed_item *it = &feed.items[i];
        const char *guid = it->guid ? it->guid : it->link ? it->link : it->title;
        if (!guid)
            continue;
        int seen = nd_store_feed_item_seen(run->store, f->url, guid);
        if (seen != 0)
            continue; /* seen, or the store failed (the round reports that at the end) */
        /* the same guid twice in one document */
        int twice = 0;
        for (size_t k = 0; k < run->item_count && !twice; k++)
            twice = run->items[k].feed == index && strcmp(run->items[k].guid, guid) == 0;
        if (twice)
            continue;
        pending_item *p = new_item(run);
        if (!p)
            break;
        p->feed = index;
        p->guid = dup_or_null(guid, &run->no_memory);
        p->link = dup_or_null(it->link, &run->no_memory);
        p->title = dup_or_null(it->title, &run->no_memory);
        p->published = dup_or_null(it->published, &run->no_memory);
        p->summary = dup_or_null(it->summary, &run->no_memory);
        p->summary_is_html = it->content_is_html;
        run->stats->new_items++;
        f->new_items++;
        if (run->no_memory || !p->guid)
            break;
        if (it->content && strlen(it->content) >= CONTENT_MIN_BYTES) {
            add_article(run, p, it->content, strlen(it->content), it->content_is_html, NULL);
        } else if (p->link && (strncmp(p->link, "http://", 7) == 0 || strncmp(p->link, "https://", 8) == 0)) {
            nd__fetch_request req = {.url = p->link, .obey_robots = 1,
                                     .tag = (void *)(intptr_t)(run->item_count - 1 + 1000000000L)};
            if (nd__fetch_add(run->fetcher, &req) == ND_OK)
                run->stats->pages++;
            else if (p->summary)
                add_article(run, p, p->summary, strlen(p->summary), p->summary_is_html, NULL);
        } else if (it->content || p->summary) {
            const char *text = it->content ? it->content : p->summary;
            add_article(run, p, text, strlen(text), it->content_is_html, NULL);
        }
    }
    nd__feed_free(&feed);
}

static void on_fetched(void *user, const nd__fetch_result *r)
{
    watch_run *run = user;
    intptr_t tag = (intptr_t)r->tag;
    if (tag >= 1000000000L) { /* an article page */
        pending_item *p = &run->items[tag - 1000000000L];
        if (r->outcome == ND__FETCH_OK && r->status >= 200 && r->status < 300 && r->body_len)
            add_article(run, p, r->body, r->body_len, 1, r->final_url);
        else {
            nd__diagnose(&run->desk.diagnostics, p->link, 0, ND_ESKIPPED, "article page: %s",
                         r->outcome == ND__FETCH_OK ? "HTTP error" : r->message);
            if (p->summary) /* better the summary than nothing */
                add_article(run, p, p->summary, strlen(p->summary), p->summary_is_html, r->final_url);
        }
        return;
    }
    feed_state *f = &run->feeds[tag];
    f->last_poll = run->now;
    if (r->outcome != ND__FETCH_OK) {
        fail(run, f, r->status, r->message, -1);
        return;
    }
    if (r->status == 304) {
        f->errors = 0;
        f->last_status = 304;
        set_string(&f->error, "", &run->no_memory);
        schedule(run, f, -1);
        run->stats->unchanged++;
        return;
    }
    if (r->status < 200 || r->status >= 300) {
        char message[64];
        snprintf(message, sizeof message, "HTTP %ld", r->status);
        fail(run, f, r->status, message, r->status == 429 || r->status == 503 ? r->retry_after : -1);
        return;
    }
    take_feed(run, (size_t)tag, r);
}

int nd_watch_poll(nd_store *store, const nd_options *options, const nd_gazetteer *gazetteer,
                  const nd_watch_options *watch, nd_watch_stats *stats)
{
    nd_watch_options defaults = {0};
    if (!watch)
        watch = &defaults;
    nd_watch_options w = *watch;
    if (w.interval <= 0)
        w.interval = 900;
    nd_watch_stats local;
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    watch_run run = {.store = store, .w = &w, .stats = stats};
    run.now = w.now ? w.now : (long long)time(NULL);
    int rc = nd_store_feeds(store, collect_feed, &run);
    nd__fetch_options fo = {.timeout_ms = w.timeout_ms, .max_bytes = w.max_bytes};
    run.fetcher = rc == ND_OK && !run.no_memory ? nd__fetcher_new(&fo) : NULL;
    nd__desk_init(&run.desk, options);
    if (rc == ND_OK && !run.fetcher)
        rc = ND_ENOMEM;
    if (rc == ND_OK)
        rc = nd_ingest_open(store, options, gazetteer, 0, &run.ingest);
    run.desk.sink = to_ingest;
    run.desk.sink_user = run.ingest;
    for (size_t i = 0; rc == ND_OK && i < run.feed_count; i++) {
        if (!run.feeds[i].due)
            continue;
        stats->feeds++;
        nd__fetch_request req = {.url = run.feeds[i].url, .etag = run.feeds[i].etag,
                                 .last_modified = run.feeds[i].last_modified, .tag = (void *)(intptr_t)i};
        if (nd__fetch_add(run.fetcher, &req) != ND_OK) {
            run.feeds[i].last_poll = run.now;
            fail(&run, &run.feeds[i], 0, "not an http(s) URL", -1);
        }
    }
    if (rc == ND_OK)
        rc = nd__fetch_run(run.fetcher, on_fetched, &run);
    if (rc == ND_OK && run.no_memory)
        rc = ND_ENOMEM;
    if (rc == ND_OK)
        rc = nd_ingest_finish(run.ingest, &stats->ingest);
    /* items taken, and each feed's state; one transaction */
    if (rc == ND_OK)
        rc = nd_store_begin(store);
    for (size_t i = 0; rc == ND_OK && i < run.item_count; i++) {
        pending_item *p = &run.items[i];
        if (p->done)
            rc = nd_store_feed_item_add(store, run.feeds[p->feed].url, p->guid, run.now);
    }
    stats->next_due = 0;
    for (size_t i = 0; rc == ND_OK && i < run.feed_count; i++) {
        feed_state *f = &run.feeds[i];
        if (f->due) {
            size_t taken = 0;
            for (size_t k = 0; k < run.item_count; k++)
                taken += run.items[k].feed == i && run.items[k].done;
            if (taken) {
                f->items += (long long)taken;
                f->last_new_item = run.now;
            }
            nd_feed out = {.url = f->url, .title = f->title, .etag = f->etag, .last_modified = f->last_modified,
                           .next_poll = f->next_poll, .last_poll = f->last_poll, .last_new_item = f->last_new_item,
                           .last_status = f->last_status, .error = f->error ? f->error : "", .errors = f->errors,
                           .items = f->items};
            rc = nd_store_feed_update(store, &out);
        }
        if (!stats->next_due || f->next_poll < stats->next_due)
            stats->next_due = f->next_poll;
    }
    if (rc == ND_OK)
        rc = nd_store_commit(store);
    else
        nd_store_rollback(store);
    for (size_t i = 0; i < run.item_count; i++) {
        pending_item *p = &run.items[i];
        free(p->guid), free(p->link), free(p->title), free(p->published), free(p->summary);
    }
    free(run.items);
    for (size_t i = 0; i < run.feed_count; i++) {
        feed_state *f = &run.feeds[i];
        free(f->url), free(f->title), free(f->etag), free(f->last_modified), free(f->error);
    }
    free(run.feeds);
    nd__desk_release(&run.desk);
    nd_ingest_free(run.ingest);
    nd__fetcher_free(run.fetcher);
    return rc;
}

/* ---- OPML ------------------------------------------------------------------------------------ */
int nd_opml_import(nd_store *store, const char *data, size_t len, size_t *added, char *why, size_t why_size)
{
    nd__opml_entry *entries;
    size_t count;
    *added = 0;
    int rc = nd__opml_parse(data, len, &entries, &count, why, why_size);
    if (rc != ND_OK)
        return rc;
    for (size_t i = 0; i < count && rc == ND_OK; i++) {
        int r = nd_store_feed_add(store, entries[i].url, entries[i].title);
        if (r < 0)
            rc = r;
        else
            *added += (size_t)r;
    }
    nd__opml_free(entries, count);
    return rc;
}

typedef struct opml_list {
    nd__opml_entry *entries;
    size_t count, cap;
    int no_memory;
} opml_list;

static int collect_opml(void *user, const nd_feed *f)
{
    opml_list *l = user;
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        nd__opml_entry *grown = realloc(l->entries, cap * sizeof *grown);
        if (!grown) {
            l->no_memory = 1;
            return 1;
        }
        l->entries = grown;
        l->cap = cap;
    }
    nd__opml_entry *e = &l->entries[l->count++];
    e->url = strdup(f->url);
    e->title = f->title && *f->title ? strdup(f->title) : NULL;
    if (!e->url)
        l->no_memory = 1;
    return l->no_memory;
}

int nd_opml_export(nd_store *store, char **out)
{
    *out = NULL;
    opml_list l = {0};
    int rc = nd_store_feeds(store, collect_opml, &l);
    if (rc == ND_OK && l.no_memory)
        rc = ND_ENOMEM;
    if (rc == ND_OK)
        rc = nd__opml_write(l.entries, l.count, "newsdesk feeds", out);
    nd__opml_free(l.entries, l.count);
    return rc;
}
