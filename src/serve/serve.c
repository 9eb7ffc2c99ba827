/*
 * serve.c: `newsdesk serve`, the HTTP server over the store, on libmicrohttpd. Takes requests
 * and gives JSON (the views of views.c), web pages and the Atom feed (pages.c), and ingests
 * POSTed JSON Lines through the same pipeline as `newsdesk ingest` (nd_ingest_*), reading each body once.
 *
 * Safety, in the order a request meets it: libmicrohttpd caps connections, per-connection
 * memory and idle time; the raw path and query are parsed by http.c only (libmicrohttpd's own
 * unescaping is switched off), so a path can match a route or nothing, never a file; a body
 * longer than the limit is answered 413 and dropped as it arrives; write endpoints need the
 * token when one is set, and binding beyond loopback needs one. Every error is JSON on /api/
 * and a page elsewhere.
 *
 * Threads: a pool of worker threads, each with its own store handle opened on first use (a
 * store is one thread's at a time); ingests take one lock so that batches do not interleave.
 */
#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "article.h"
#include "http.h"
#include "pipeline.h"
#include "newsdesk.h"
#include "pages.h"
#include "store.h"
#include "store_views.h"
#include "util.h"
#include "views.h"

#define DEFAULT_BODY_LIMIT (8u << 20)
#define RESPONSE_LIMIT (64u << 20)
#define MAX_REPORTED_LINES 100 /* per-line errors listed in a POST's answer */
#define CACHE_ENTRIES 1024     /* views kept; the cache empties when it holds this many */
#define CACHE_MAX_BYTES (1u << 20) /* a larger document is not kept */

/* A view's JSON or page kept until the store changes (a new article): the front page, searches
 * and story pages are asked for far more often than articles arrive. The cache is the one hash
 * map (util.c) keyed by the request's hash; it is emptied when the store's version moves on or
 * when it holds CACHE_ENTRIES. */
typedef struct cache_entry {
    char *key;       /* malloc'd: the whole key, as hashes may collide */
    char *text;      /* malloc'd */
} cache_entry;

typedef struct server {
    const nd_serve_options *options;
    pthread_key_t store_key;
    pthread_mutex_t ingest_lock;
    pthread_mutex_t stores_lock;
    nd_store **stores;   /* every handle opened, closed at the end */
    size_t store_count, store_cap;
    char base[128];      /* "http://HOST:PORT", for the feed's links */
    pthread_mutex_t cache_lock;
    nd__map cache;       /* cache_entry by the key's hash */
    long long cache_version; /* the store's version the entries were made at */
} server;

/* Frees every entry and empties the map (cache_lock held). */
static void cache_clear(server *srv)
{
    size_t cursor = 0;
    cache_entry *e;
    while ((e = nd__map_each(&srv->cache, &cursor, NULL)) != NULL) {
        free(e->key);
        free(e->text);
    }
    nd__map_clear(&srv->cache);
}

/* A copy of what is kept for `key` at `version`, or NULL. */
static char *cache_get(server *srv, const char *key, long long version)
{
    uint64_t hash = nd__hash64(key, strlen(key), 0x63616368);
    char *text = NULL;
    pthread_mutex_lock(&srv->cache_lock);
    const cache_entry *e = version == srv->cache_version ? nd__map_find(&srv->cache, hash) : NULL;
    if (e && e->text && strcmp(e->key, key) == 0)
        text = strdup(e->text);
    pthread_mutex_unlock(&srv->cache_lock);
    return text;
}

static void cache_put(server *srv, const char *key, long long version, const char *text)
{
    if (strlen(text) > CACHE_MAX_BYTES)
        return;
    uint64_t hash = nd__hash64(key, strlen(key), 0x63616368);
    char *key_copy = strdup(key), *text_copy = strdup(text);
    if (!key_copy || !text_copy) {
        free(key_copy);
        free(text_copy);
        return;
    }
    pthread_mutex_lock(&srv->cache_lock);
    if (version != srv->cache_version || srv->cache.count >= CACHE_ENTRIES) {
        cache_clear(srv);
        srv->cache_version = version;
    }
    cache_entry *e = nd__map_put(&srv->cache, hash, NULL);
    if (e) {
        free(e->key);
        free(e->text);
        *e = (cache_entry){key_copy, text_copy};
    } else {
        free(key_copy);
        free(text_copy);
    }
    pthread_mutex_unlock(&srv->cache_lock);
}

typedef struct request {
    nd__buf body;
    int too_big;
} request;

void nd_serve_options_init(nd_serve_options *options)
{
    memset(options, 0, sizeof *options);
    options->db_path = "newsdesk.db";
    options->bind = "127.0.0.1";
    options->port = 8080;
    options->max_body_bytes = DEFAULT_BODY_LIMIT;
    options->max_connections = 512;
    options->timeout_seconds = 15;
    options->threads = 4;
}

/* ---- store handles, one per worker thread ---------------------------------------------------- */
static nd_store *thread_store(server *srv)
{
    nd_store *store = pthread_getspecific(srv->store_key);
    if (store)
        return store;
    if (nd_store_open(srv->options->db_path, &store) != ND_OK)
        return NULL;
    pthread_mutex_lock(&srv->stores_lock);
    if (srv->store_count == srv->store_cap) {
        size_t cap = srv->store_cap ? srv->store_cap * 2 : 8;
        nd_store **grown = realloc(srv->stores, cap * sizeof *grown);
        if (!grown) {
            pthread_mutex_unlock(&srv->stores_lock);
            nd_store_close(store);
            return NULL;
        }
        srv->stores = grown;
        srv->store_cap = cap;
    }
    srv->stores[srv->store_count++] = store;
    pthread_mutex_unlock(&srv->stores_lock);
    pthread_setspecific(srv->store_key, store);
    return store;
}

/* ---- responses ------------------------------------------------------------------------------- */
static enum MHD_Result send_bytes(struct MHD_Connection *connection, int status, const char *type, const char *data,
                                  size_t len, const char *etag, const char *cache)
{
    struct MHD_Response *response = MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);
    if (!response)
        return MHD_NO;
    MHD_add_response_header(response, "Content-Type", type);
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
    if (strncmp(type, "text/html", 9) == 0) {
        MHD_add_response_header(response, "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                                "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
        MHD_add_response_header(response, "X-Frame-Options", "DENY");
    }
    if (etag)
        MHD_add_response_header(response, "ETag", etag);
    MHD_add_response_header(response, "Cache-Control", cache ? cache : "no-cache");
    enum MHD_Result rc = MHD_queue_response(connection, (unsigned)status, response);
    MHD_destroy_response(response);
    return rc;
}

static enum MHD_Result send_json_error(struct MHD_Connection *connection, int status, const char *code,
                                       const char *message)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *error = cJSON_AddObjectToObject(root, "error");
    cJSON_AddNumberToObject(error, "status", status);
    cJSON_AddStringToObject(error, "code", code);
    cJSON_AddStringToObject(error, "message", message);
    char *text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!text)
        return MHD_NO;
    enum MHD_Result rc = send_bytes(connection, status, "application/json; charset=utf-8", text, strlen(text), NULL, NULL);
    free(text);
    return rc;
}

static enum MHD_Result send_error(struct MHD_Connection *connection, const nd__route *route, int status,
                                  const char *code, const char *message)
{
    if (route->is_api)
        return send_json_error(connection, status, code, message);
    nd__buf page;
    nd__buf_init(&page, RESPONSE_LIMIT);
    if (nd__page_error(status, message, &page) != ND_OK) {
        nd__buf_release(&page);
        return send_json_error(connection, status, code, message);
    }
    enum MHD_Result rc = send_bytes(connection, status, "text/html; charset=utf-8", page.data, page.len, NULL, NULL);
    nd__buf_release(&page);
    return rc;
}

/* The HTTP answer to a view's status. */
static enum MHD_Result send_view_error(struct MHD_Connection *connection, const nd__route *route, int status)
{
    switch (status) {
    case ND_ENOTFOUND:
        return send_error(connection, route, 404, "not_found", "no such item");
    case ND_EINVAL:
        return send_error(connection, route, 400, "bad_request", "bad parameters");
    case ND_ENOMEM:
        return send_error(connection, route, 503, "out_of_memory", nd_strerror(status));
    default:
        return send_error(connection, route, 500, "store_error", nd_strerror(status));
    }
}

/* An ETag from the bytes, and 304 when the client has them already. */
static enum MHD_Result send_json_cached(struct MHD_Connection *connection, const char *json, const char *cache)
{
    char etag[40];
    snprintf(etag, sizeof etag, "\"%016llx\"", (unsigned long long)nd__hash64(json, strlen(json), 0x65746167));
    const char *match = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "If-None-Match");
    if (match && strcmp(match, etag) == 0)
        return send_bytes(connection, 304, "application/json; charset=utf-8", "", 0, etag, cache);
    return send_bytes(connection, 200, "application/json; charset=utf-8", json, strlen(json), etag, cache);
}

/* ---- the query string, reparsed by http.c ---------------------------------------------------- */
typedef struct query_builder {
    nd__buf raw;
    int failed;
} query_builder;

static enum MHD_Result collect_argument(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    query_builder *b = cls;
    if (b->failed)
        return MHD_NO;
    if ((b->raw.len && nd__buf_putc(&b->raw, '&') != ND_OK) || nd__buf_append(&b->raw, key, strlen(key)) != ND_OK ||
        (value && (nd__buf_putc(&b->raw, '=') != ND_OK || nd__buf_append(&b->raw, value, strlen(value)) != ND_OK)))
        b->failed = 1;
    return b->failed ? MHD_NO : MHD_YES;
}

static int read_query(struct MHD_Connection *connection, nd__query *query)
{
    query_builder b;
    nd__buf_init(&b.raw, ND__HTTP_MAX_QUERY_BYTES + 2 * ND__HTTP_MAX_PARAMS);
    b.failed = 0;
    MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, collect_argument, &b);
    int rc = b.failed ? ND_ETOOBIG : nd__query_parse(b.raw.data ? b.raw.data : "", b.raw.len, query);
    nd__buf_release(&b.raw);
    return rc;
}

/* Reads since, until, limit, offset and hot into a view query. ND_OK or ND_EINVAL. */
static int view_query_from(const nd__query *q, nd_view_query *view, const char **problem)
{
    nd_view_query_init(view);
    const char *since = nd__query_get(q, "since"), *until = nd__query_get(q, "until");
    const char *limit = nd__query_get(q, "limit"), *offset = nd__query_get(q, "offset");
    const char *hot = nd__query_get(q, "hot");
    if (since && !nd__is_iso_date(since))
        return *problem = "since must be an ISO 8601 date (YYYY-MM-DD[THH:MM...])", ND_EINVAL;
    if (until && !nd__is_iso_date(until))
        return *problem = "until must be an ISO 8601 date (YYYY-MM-DD[THH:MM...])", ND_EINVAL;
    view->since = since;
    view->until = until;
    if (limit && nd__parse_bounded(limit, 1, 1000, &view->limit) != ND_OK)
        return *problem = "limit must be a whole number from 1 to 1000", ND_EINVAL;
    if (offset && nd__parse_bounded(offset, 0, 1000000000, &view->offset) != ND_OK)
        return *problem = "offset must be a whole number from 0", ND_EINVAL;
    if (hot)
        view->hot = strcmp(hot, "0") != 0 && strcmp(hot, "false") != 0;
    return ND_OK;
}

static int parse_story_id(const char *text, long long *id)
{
    return nd__parse_bounded(text, 1, (long long)1 << 62, id);
}

/* ---- POST /api/articles ---------------------------------------------------------------------- */
typedef struct line_errors {
    cJSON *list;
    size_t count;
} line_errors;

static void note_line_error(void *user, const char *where, long line, int status, const char *message)
{
    (void)where;
    line_errors *errors = user;
    errors->count++;
    if (errors->count > MAX_REPORTED_LINES)
        return;
    cJSON *item = cJSON_CreateObject();
    cJSON_AddNumberToObject(item, "line", (double)line);
    cJSON_AddStringToObject(item, "status", nd_strerror(status));
    cJSON_AddStringToObject(item, "message", message ? message : "");
    cJSON_AddItemToArray(errors->list, item);
}

static int token_matches(const char *expected, const char *header)
{
    if (!header || strncmp(header, "Bearer ", 7) != 0)
        return 0;
    const char *given = header + 7;
    size_t a = strlen(expected), b = strlen(given);
    unsigned diff = (unsigned)(a ^ b);
    for (size_t i = 0; i < a; i++) /* constant time in the expected length */
        diff |= (unsigned)(expected[i] ^ (i < b ? given[i] : 0));
    return diff == 0;
}

/* The articles of a POST body, read once: each goes to the ingest as the reader makes it; of the
 * first MAX_LISTED a probe is kept (the fields nd_store_find matches on, copied into one arena)
 * to say afterwards where each went. All are counted. */
#define MAX_LISTED 1000
typedef struct posted {
    nd_ingest *ingest;
    nd_article probes[MAX_LISTED];
    size_t count, read;
    nd__arena arena;     /* the probes' strings */
    int status;          /* what stopped the reading, ND_OK when nothing did */
} posted;

static int take_article(void *user, nd_article *article)
{
    posted *p = user;
    p->read++;
    if (p->count < MAX_LISTED) {
        nd_article *probe = &p->probes[p->count];
        memset(probe, 0, sizeof *probe);
        probe->id = nd__arena_strndup(&p->arena, article->id, strlen(article->id));
        probe->source = nd__arena_strndup(&p->arena, article->source, strlen(article->source));
        probe->url = nd__arena_strndup(&p->arena, article->url, strlen(article->url));
        probe->title = nd__arena_strndup(&p->arena, article->title, strlen(article->title));
        probe->text = nd__arena_strndup(&p->arena, article->text ? article->text : "", article->text ? article->text_len : 0);
        probe->text_len = article->text ? article->text_len : 0;
        if (!probe->id || !probe->source || !probe->url || !probe->title || !probe->text) {
            nd_article_free(article);
            p->status = ND_ENOMEM;
            return 1;
        }
        p->count++;
    }
    int rc = nd__ingest_add(p->ingest, article);
    if (rc != ND_OK) {
        p->status = rc;
        return 1;
    }
    return 0;
}

static enum MHD_Result post_articles(server *srv, struct MHD_Connection *connection, const nd__route *route,
                                     request *req)
{
    nd_store *store = thread_store(srv);
    if (!store)
        return send_error(connection, route, 503, "store_unavailable", "cannot open the store");
    /* The body is JSON Lines: the reader would take other bytes for a plain-text article. */
    size_t lead = 0;
    while (lead < req->body.len && (req->body.data[lead] == ' ' || req->body.data[lead] == '\n' ||
                                    req->body.data[lead] == '\r' || req->body.data[lead] == '\t'))
        lead++;
    if (lead == req->body.len || req->body.data[lead] != '{')
        return send_error(connection, route, 400, "not_json_lines",
                          "the body must be JSON Lines: one JSON object per line, each with \"id\" and \"text\" or \"html\"");
    line_errors errors = {cJSON_CreateArray(), 0};
    nd_options options;
    if (srv->options->options)
        options = *srv->options->options;
    else
        nd_options_init(&options);
    options.on_diagnostic = note_line_error;
    options.on_progress = NULL;
    options.user = &errors;
    posted *p = calloc(1, sizeof *p);
    nd_reader *reader = nd_reader_new(&options);
    if (!p || !reader || !errors.list) {
        free(p);
        nd_reader_free(reader);
        cJSON_Delete(errors.list);
        return send_error(connection, route, 503, "out_of_memory", "out of memory");
    }
    nd__arena_init(&p->arena);
    /* One pass over the body: the reader names each article and reports bad lines, and hands
     * each article to the ingest, whose own diagnostics are off. */
    nd_ingest_stats stats;
    memset(&stats, 0, sizeof stats);
    options.on_diagnostic = NULL;
    pthread_mutex_lock(&srv->ingest_lock);
    int rc = nd_ingest_open(store, &options, srv->options->gazetteer, 0, &p->ingest);
    if (rc == ND_OK && req->body.len) {
        rc = nd_reader_read_buffer(reader, "request", req->body.data, req->body.len, take_article, p);
        if (rc == ND_ESTOPPED && p->status != ND_OK)
            rc = p->status;
    }
    if ((rc == ND_OK || rc == ND_ESKIPPED) && p->read > 0)
        rc = nd_ingest_finish(p->ingest, &stats);
    else if (rc == ND_ESKIPPED)
        rc = ND_OK;
    nd_ingest_free(p->ingest);
    pthread_mutex_unlock(&srv->ingest_lock);
    nd_reader_free(reader);
    size_t read = p->read;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "read", (double)read);
    cJSON_AddNumberToObject(root, "added", (double)stats.added);
    cJSON_AddNumberToObject(root, "copies", (double)stats.copies);
    cJSON_AddNumberToObject(root, "already_stored", (double)stats.skipped);
    cJSON_AddNumberToObject(root, "rejected", (double)errors.count);
    cJSON_AddNumberToObject(root, "stories_opened", (double)stats.stories_opened);
    cJSON_AddNumberToObject(root, "stories_updated", (double)stats.stories_updated);
    /* Where each article went, so a client can link to it. */
    cJSON *articles = cJSON_AddArrayToObject(root, "articles");
    for (size_t i = 0; i < p->count; i++) {
        const nd_article *a = &p->probes[i];
        nd_store_match match;
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "id", a->id);
        if (nd_store_find(store, a, &match) == 1) {
            cJSON_AddNumberToObject(item, "story", (double)match.story);
            cJSON_AddStringToObject(item, "stored_as", match.id);
        }
        cJSON_AddItemToArray(articles, item);
    }
    cJSON_AddItemToObject(root, "errors", errors.list);
    nd__arena_release(&p->arena);
    free(p);
    char *text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!text)
        return send_error(connection, route, 503, "out_of_memory", "out of memory");
    int http = rc == ND_OK || rc == ND_ESKIPPED ? (stats.added ? 201 : 200) : 500;
    if (read == 0 && errors.count)
        http = 400;
    enum MHD_Result sent;
    if (http == 500)
        sent = send_error(connection, route, 500, "store_error", nd_store_error(store));
    else
        sent = send_bytes(connection, http, "application/json; charset=utf-8", text, strlen(text), NULL, NULL);
    free(text);
    return sent;
}

/* ---- GET routes ------------------------------------------------------------------------------ */
static enum MHD_Result send_page(struct MHD_Connection *connection, nd__buf *page)
{
    return send_bytes(connection, 200, "text/html; charset=utf-8", page->data ? page->data : "", page->len, NULL,
                      "no-cache");
}

static enum MHD_Result get_route(server *srv, struct MHD_Connection *connection, const nd__route *route)
{
    nd__query *query = malloc(sizeof *query);
    if (!query)
        return send_error(connection, route, 503, "out_of_memory", "out of memory");
    int rc = read_query(connection, query);
    if (rc != ND_OK) {
        free(query);
        return send_error(connection, route, 400, "bad_query", rc == ND_ETOOBIG ? "query string too long" :
                                                                      "malformed query string");
    }
    if (route->kind == ND__ROUTE_HEALTH) {
        free(query);
        nd_store *store = thread_store(srv);
        nd_store_counts counts;
        if (!store || nd_store_count(store, &counts) != ND_OK)
            return send_json_error(connection, 503, "store_unavailable", "cannot read the store");
        char body[256];
        snprintf(body, sizeof body, "{\"status\":\"ok\",\"version\":\"%s\",\"articles\":%lld,\"stories\":%lld}",
                 nd_version(), counts.articles, counts.stories);
        return send_bytes(connection, 200, "application/json; charset=utf-8", body, strlen(body), NULL, "no-store");
    }
    nd_view_query view;
    const char *problem = NULL;
    if (view_query_from(query, &view, &problem) != ND_OK) {
        enum MHD_Result sent = send_error(connection, route, 400, "bad_parameter", problem);
        free(query);
        return sent;
    }
    nd_store *store = thread_store(srv);
    if (!store) {
        free(query);
        return send_error(connection, route, 503, "store_unavailable", "cannot open the store");
    }
    char *json = NULL;
    long long id = 0;
    const char *q = nd__query_get(query, "q");
    /* The cache key: what the view depends on (route, id, the parameters as parsed). */
    char key[ND__HTTP_MAX_QUERY_BYTES + 2 * ND__HTTP_MAX_PARAMS + ND__HTTP_MAX_ID_BYTES + 64];
    int feed_like = route->kind == ND__ROUTE_FEED || route->kind == ND__ROUTE_FRONT;
    size_t used = (size_t)snprintf(key, sizeof key, "%d|%s|%s|%s|%lld|%lld|%d|%s", feed_like ? -1 : (int)route->kind,
                                   route->id, view.since ? view.since : "", view.until ? view.until : "", view.limit,
                                   view.offset, view.hot, q ? q : "");
    if (route->kind == ND__ROUTE_API_ENTITIES) {
        const char *name = nd__query_get(query, "name");
        snprintf(key + used, sizeof key - used, "|%s", name ? name : "");
    }
    long long version = -1;
    if (nd__store_version(store, &version) != ND_OK)
        version = -1;
    /* A page is kept as written, under its own kind (the front page and the feed share JSON). */
    char page_key[sizeof key + 16];
    snprintf(page_key, sizeof page_key, "%s|page%d", key, (int)route->kind);
    if (version >= 0 && !route->is_api) {
        char *kept = cache_get(srv, page_key, version);
        if (kept) {
            enum MHD_Result sent =
                send_bytes(connection, 200,
                           route->kind == ND__ROUTE_FEED ? "application/atom+xml; charset=utf-8" : "text/html; charset=utf-8",
                           kept, strlen(kept), NULL, "no-cache");
            free(kept);
            free(query);
            return sent;
        }
    }
    /* The API's JSON may be kept from an earlier request; a page is written from the document. */
    if (version >= 0 && route->is_api)
        json = cache_get(srv, key, version);
    cJSON *doc = NULL;
    if (json)
        rc = ND_OK;
    else switch (route->kind) {
    case ND__ROUTE_FRONT:
    case ND__ROUTE_FEED:
        rc = nd__view_front_doc(store, &view, &doc);
        break;
    case ND__ROUTE_API_STORIES:
        rc = q && q[0] ? nd__view_search_doc(store, q, &view, &doc) : nd__view_front_doc(store, &view, &doc);
        break;
    case ND__ROUTE_SEARCH_PAGE:
    case ND__ROUTE_API_SEARCH:
        if (!q || !q[0]) {
            free(query);
            return send_error(connection, route, 400, "bad_parameter", "q (the search text) is required");
        }
        rc = nd__view_search_doc(store, q, &view, &doc);
        break;
    case ND__ROUTE_STORY_PAGE:
    case ND__ROUTE_API_STORY:
        rc = parse_story_id(route->id, &id) == ND_OK ? nd__view_story_doc(store, id, &doc) : ND_ENOTFOUND;
        break;
    case ND__ROUTE_STORYLINE_PAGE:
    case ND__ROUTE_API_STORYLINE:
        rc = parse_story_id(route->id, &id) == ND_OK ? nd__view_storyline_doc(store, id, &doc) : ND_ENOTFOUND;
        break;
    case ND__ROUTE_ENTITY_PAGE:
    case ND__ROUTE_API_ENTITY:
        rc = parse_story_id(route->id, &id) == ND_OK ? nd__view_entity_doc(store, id, &doc) : ND_ENOTFOUND;
        break;
    case ND__ROUTE_API_ENTITIES: {
        const char *name = nd__query_get(query, "name");
        if (!name || !name[0]) {
            free(query);
            return send_error(connection, route, 400, "bad_parameter", "name is required");
        }
        rc = nd__view_entity_named_doc(store, name, &doc);
        break;
    }
    case ND__ROUTE_API_ARTICLE:
        rc = nd__view_article_doc(store, route->id, &doc);
        break;
    default:
        rc = ND_ENOTFOUND;
    }
    if (rc != ND_OK) {
        free(query);
        cJSON_Delete(doc);
        return send_view_error(connection, route, rc);
    }
    enum MHD_Result sent;
    if (route->is_api) {
        if (!json && !(json = cJSON_PrintUnformatted(doc))) {
            cJSON_Delete(doc);
            free(query);
            return send_error(connection, route, 503, "out_of_memory", "out of memory");
        }
        cJSON_Delete(doc);
        if (version >= 0)
            cache_put(srv, key, version, json);
        int story_like = route->kind == ND__ROUTE_API_STORY || route->kind == ND__ROUTE_API_ARTICLE ||
                         route->kind == ND__ROUTE_API_STORYLINE || route->kind == ND__ROUTE_API_ENTITY;
        sent = send_json_cached(connection, json, story_like ? "public, max-age=30" : "no-cache");
        free(json);
        free(query);
        return sent;
    }
    nd__buf page;
    nd__buf_init(&page, RESPONSE_LIMIT);
    int prc = ND_ENOMEM;
    switch (route->kind) {
    case ND__ROUTE_FRONT: prc = nd__page_front(doc, NULL, &page); break;
    case ND__ROUTE_FEED: prc = nd__feed_atom(doc, srv->base, &page); break;
    case ND__ROUTE_SEARCH_PAGE: prc = nd__page_search(doc, q, &page); break;
    case ND__ROUTE_STORY_PAGE: prc = nd__page_story(doc, &page); break;
    case ND__ROUTE_STORYLINE_PAGE: prc = nd__page_storyline(doc, &page); break;
    case ND__ROUTE_ENTITY_PAGE: prc = nd__page_entity(doc, &page); break;
    default: break;
    }
    cJSON_Delete(doc);
    if (prc == ND_OK && version >= 0 && page.data)
        cache_put(srv, page_key, version, page.data);
    if (prc != ND_OK)
        sent = send_error(connection, route, 500, "page_error", nd_strerror(prc));
    else if (route->kind == ND__ROUTE_FEED)
        sent = send_bytes(connection, 200, "application/atom+xml; charset=utf-8", page.data, page.len, NULL,
                          "no-cache");
    else
        sent = send_page(connection, &page);
    nd__buf_release(&page);
    free(query);
    return sent;
}

/* ---- libmicrohttpd callbacks ----------------------------------------------------------------- */
static size_t keep_escapes(void *cls, struct MHD_Connection *connection, char *s)
{
    (void)cls, (void)connection;
    return strlen(s); /* http.c decodes, once, with its own rules */
}

static void request_done(void *cls, struct MHD_Connection *connection, void **con_cls,
                         enum MHD_RequestTerminationCode code)
{
    (void)cls, (void)connection, (void)code;
    request *req = *con_cls;
    if (req) {
        nd__buf_release(&req->body);
        free(req);
        *con_cls = NULL;
    }
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *connection, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    (void)version;
    server *srv = cls;
    request *req = *con_cls;
    nd__route route;
    int allowed = 1;
    int rc = nd__route_match(method, url, &route, &allowed);
    if (!req) {
        req = calloc(1, sizeof *req);
        if (!req)
            return MHD_NO;
        nd__buf_init(&req->body, srv->options->max_body_bytes);
        *con_cls = req;
        /* Refuse an announced body over the limit before reading any of it. */
        const char *length = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Content-Length");
        long long announced;
        if (length && nd__parse_bounded(length, 0, (long long)1 << 50, &announced) == ND_OK &&
            (unsigned long long)announced > srv->options->max_body_bytes) {
            req->too_big = 1;
            char message[96];
            snprintf(message, sizeof message, "request body over the limit of %zu bytes", srv->options->max_body_bytes);
            return send_error(connection, &route, 413, "body_too_large", message);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        /* Only POST /api/articles reads a body; any other is dropped as it arrives. Past the
         * limit (a body sent without Content-Length, chunked) the rest is dropped too. */
        if (!req->too_big && rc == ND_OK && route.kind == ND__ROUTE_API_ARTICLES &&
            nd__buf_append(&req->body, upload_data, *upload_data_size) != ND_OK)
            req->too_big = 1;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (rc == ND_EINVAL || rc == ND_ETOOBIG)
        return send_error(connection, &route, 400, "bad_path", "malformed request path");
    if (!allowed)
        return send_error(connection, &route, 405, "method_not_allowed", "method not allowed here");
    if (route.kind == ND__ROUTE_NONE)
        return send_error(connection, &route, 404, "not_found", "no such page");
    if (req->too_big) {
        char message[96];
        snprintf(message, sizeof message, "request body over the limit of %zu bytes", srv->options->max_body_bytes);
        return send_error(connection, &route, 413, "body_too_large", message);
    }
    if (route.write && srv->options->token &&
        !token_matches(srv->options->token, MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Authorization")))
        return send_error(connection, &route, 401, "unauthorized", "this endpoint needs Authorization: Bearer TOKEN");
    if (route.kind == ND__ROUTE_API_ARTICLES)
        return post_articles(srv, connection, &route, req);
    return get_route(srv, connection, &route);
}

/* ---- start and stop -------------------------------------------------------------------------- */
static int is_loopback(const char *bind)
{
    return strcmp(bind, "127.0.0.1") == 0 || strncmp(bind, "127.", 4) == 0 || strcmp(bind, "::1") == 0 ||
           strcmp(bind, "localhost") == 0;
}

int nd_serve(const nd_serve_options *options)
{
    if (!options || !options->stop || options->port < 0 || options->port > 65535)
        return ND_EINVAL;
    const char *bind = options->bind ? options->bind : "127.0.0.1";
    if (!is_loopback(bind) && (!options->token || !options->token[0]))
        return ND_EINVAL;
    struct sockaddr_in addr4;
    struct sockaddr_in6 addr6;
    memset(&addr4, 0, sizeof addr4);
    memset(&addr6, 0, sizeof addr6);
    struct sockaddr *addr;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
    const char *host = strcmp(bind, "localhost") == 0 ? "127.0.0.1" : bind;
    if (inet_pton(AF_INET, host, &addr4.sin_addr) == 1) {
        addr4.sin_family = AF_INET;
        addr4.sin_port = htons((uint16_t)options->port);
        addr = (struct sockaddr *)&addr4;
    } else if (inet_pton(AF_INET6, host, &addr6.sin6_addr) == 1) {
        addr6.sin6_family = AF_INET6;
        addr6.sin6_port = htons((uint16_t)options->port);
        addr = (struct sockaddr *)&addr6;
        flags |= MHD_USE_IPv6;
    } else
        return ND_EINVAL;
    /* The store must open before we listen: a wrong --db fails at once, not per request. */
    nd_store *probe;
    if (nd_store_open(options->db_path, &probe) != ND_OK)
        return ND_EIO;
    nd_store_close(probe);

    server srv;
    memset(&srv, 0, sizeof srv);
    nd_serve_options defaults = *options;
    if (!defaults.max_body_bytes)
        defaults.max_body_bytes = DEFAULT_BODY_LIMIT;
    if (!defaults.max_connections)
        defaults.max_connections = 512;
    if (!defaults.timeout_seconds)
        defaults.timeout_seconds = 15;
    if (!defaults.threads)
        defaults.threads = 4;
    srv.options = &defaults;
    if (pthread_key_create(&srv.store_key, NULL) != 0)
        return ND_ENOMEM;
    pthread_mutex_init(&srv.ingest_lock, NULL);
    pthread_mutex_init(&srv.stores_lock, NULL);
    pthread_mutex_init(&srv.cache_lock, NULL);
    nd__map_init(&srv.cache, sizeof(cache_entry), 2 * CACHE_ENTRIES, CACHE_ENTRIES);
    srv.cache_version = -1;
    struct MHD_Daemon *daemon = MHD_start_daemon(
        flags, (uint16_t)options->port, NULL, NULL, handle, &srv, MHD_OPTION_SOCK_ADDR, addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)defaults.threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned int)defaults.max_connections, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)defaults.timeout_seconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, request_done, NULL, MHD_OPTION_END);
    int status = ND_OK;
    if (!daemon)
        status = ND_EIO;
    else {
        const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
        int port = info ? (int)info->port : options->port;
        snprintf(srv.base, sizeof srv.base, strchr(host, ':') ? "http://[%s]:%d" : "http://%s:%d", host, port);
        if (options->on_ready)
            options->on_ready(options->user, port);
        while (!*options->stop) {
            struct timespec pause = {0, 100 * 1000 * 1000};
            nanosleep(&pause, NULL);
        }
        MHD_stop_daemon(daemon);
    }
    for (size_t i = 0; i < srv.store_count; i++)
        nd_store_close(srv.stores[i]);
    free(srv.stores);
    pthread_key_delete(srv.store_key);
    pthread_mutex_destroy(&srv.ingest_lock);
    pthread_mutex_destroy(&srv.stores_lock);
    cache_clear(&srv);
    nd__map_release(&srv.cache);
    pthread_mutex_destroy(&srv.cache_lock);
    return status;
}
