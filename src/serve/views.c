/*
 * views.c: the documents a person or a program reads, made from the store: the front page
 * (ranked by coverage and recency, or by the hot score), a story with everything its page shows,
 * a storyline, an entity, an article, search results. Takes the store's rows (store_views.h)
 * and the summaries of summarise.c, and gives JSON text (cJSON) that the CLI prints or turns
 * into readable text, the API sends and pages.c renders, so all three show the same.
 *
 * Ranking, front page: a story's coverage (outlets, and articles at half weight) divided by its
 * age against the desk's clock (the latest publication time in the store, not the wall clock,
 * so that a store of old news still has a front page): coverage / (1 + days since its last
 * article / 3). Hot: nd_hot_score over the last window_hours of the desk's clock, against the
 * story's own rate before and the desk's usual rate per story over the week before.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "hot.h"
#include "newsdesk.h"
#include "store_views.h"
#include "story_docs.h"
#include "util.h"
#include "views.h"

#define DEFAULT_LIMIT 20
#define MAX_LIMIT 1000
#define RANK_POOL 500          /* front: the latest stories ranked by coverage and recency; the
                                  older ones follow by recency, so that paging walks every story */

void nd_view_query_init(nd_view_query *query)
{
    memset(query, 0, sizeof *query);
    query->limit = DEFAULT_LIMIT;
    query->window_hours = 3;
}

/* ---- reading a document -------------------------------------------------------------------- */
const char *nd__doc_string(const cJSON *object, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

double nd__doc_number(const cJSON *object, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    return cJSON_IsNumber(item) ? item->valuedouble : 0;
}

const cJSON *nd__doc_array(const cJSON *object, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    return cJSON_IsArray(item) ? item : NULL;
}

static void add_string_or_null(cJSON *object, const char *key, const char *value)
{
    if (value)
        cJSON_AddStringToObject(object, key, value);
    else
        cJSON_AddNullToObject(object, key);
}

/* ---- story documents ------------------------------------------------------------------------- */
/* A story's document as stored at ingest (story_docs.c): the page (`full`) or the card, with its
 * hot score now. A store made before documents has none: the document is made here then. */
static int story_document(nd_store *store, long long id, double hot, int full, cJSON **out)
{
    *out = NULL;
    char *json = NULL;
    int status = nd__store_story_doc_get(store, id, full, &json);
    if (status == ND_OK) {
        *out = cJSON_Parse(json);
        free(json);
        if (!*out)
            status = ND_ENOMEM;
    } else if (status == ND_ENOTFOUND) {
        cJSON *card = NULL, *page = NULL;
        status = nd__story_doc_build(store, id, &card, &page);
        *out = full ? page : card;
        cJSON_Delete(full ? card : page);
    }
    if (status == ND_OK)
        cJSON_AddNumberToObject(*out, "hot", round(hot * 100) / 100);
    return status;
}

static int finish(cJSON *root, int status, cJSON **doc)
{
    if (status == ND_OK && !root)
        status = ND_ENOMEM;
    if (status == ND_OK)
        *doc = root;
    else
        cJSON_Delete(root);
    return status;
}

/* ---- front page ------------------------------------------------------------------------------ */
typedef struct ranked {
    long long story;
    double score;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->story > y->story ? -1 : x->story < y->story;
}

static int check_query(const nd_view_query *query)
{
    if (!query)
        return ND_OK;
    if (query->limit < 1 || query->limit > MAX_LIMIT || query->offset < 0)
        return ND_EINVAL;
    double t;
    if ((query->since && !nd__parse_iso_seconds(query->since, &t)) || (query->until && !nd__parse_iso_seconds(query->until, &t)) ||
        (query->now && !nd__parse_iso_seconds(query->now, &t)))
        return ND_EINVAL;
    return ND_OK;
}

int nd__view_front_doc(nd_store *store, const nd_view_query *query_in, cJSON **json)
{
    *json = NULL;
    nd__store_tune_reads(store);
    nd_view_query query;
    if (query_in)
        query = *query_in;
    else
        nd_view_query_init(&query);
    int status = check_query(&query);
    if (status != ND_OK)
        return status;
    nd__hot_table hot;
    status = nd__hot_scores(store, &query, 0, &hot);
    ranked *order = NULL;
    size_t order_count = 0, total = 0;
    if (status == ND_OK && query.hot) {
        order = calloc(hot.count + 1, sizeof *order);
        if (!order)
            status = ND_ENOMEM;
        for (size_t i = 0; order && i < hot.count; i++)
            if (hot.items[i].score >= ND__HOT_THRESHOLD)
                order[order_count++] = (ranked){hot.items[i].story, hot.items[i].score};
    } else if (status == ND_OK) {
        /* The latest RANK_POOL stories ranked; the older ones after them, latest first. */
        size_t shown = (size_t)(query.offset + query.limit);
        size_t want = shown > RANK_POOL ? shown : RANK_POOL;
        nd__story_row *rows = NULL;
        size_t count = 0;
        status = nd__store_recent_stories(store, query.since, query.until, want, &rows, &count);
        double now = 0;
        nd__parse_iso_seconds(hot.now, &now);
        order = calloc(count + 1, sizeof *order);
        if (status == ND_OK && !order)
            status = ND_ENOMEM;
        size_t pool = count < RANK_POOL ? count : RANK_POOL;
        for (size_t i = 0; status == ND_OK && i < count; i++) {
            double last, age_days = 30;
            if (nd__parse_iso_seconds(rows[i].last_published, &last))
                age_days = now > last ? (now - last) / 86400 : 0;
            double coverage = (double)rows[i].outlet_count + 0.5 * (double)rows[i].article_count;
            order[order_count++] = (ranked){rows[i].id, coverage / (1 + age_days / 3)};
        }
        free(rows);
        /* Only the places up to this page need ranking (the ranks are a total order). */
        size_t ranked_places = shown < pool ? shown : pool;
        ranked *top = status == ND_OK ? calloc(ranked_places + 1, sizeof *top) : NULL;
        if (status == ND_OK && !top)
            status = ND_ENOMEM;
        if (top) {
            size_t kept = nd__top_k(order, pool, sizeof *order, top, ranked_places, cmp_ranked);
            memcpy(order, top, kept * sizeof *order);
            free(top);
        }
        long long stories = 0;
        if (status == ND_OK)
            status = nd__store_story_total(store, query.since, query.until, &stories);
        total = (size_t)stories;
    }
    cJSON *root = cJSON_CreateObject();
    cJSON *stories = cJSON_AddArrayToObject(root, "stories");
    for (size_t i = (size_t)query.offset; status == ND_OK && i < order_count && i < (size_t)(query.offset + query.limit);
         i++) {
        cJSON *story;
        status = story_document(store, order[i].story, nd__hot_of(&hot, order[i].story), 0, &story);
        if (status == ND_ENOTFOUND) {
            status = ND_OK;
            continue;
        }
        if (status == ND_OK)
            cJSON_AddItemToArray(stories, story);
    }
    cJSON_AddNumberToObject(root, "limit", (double)query.limit);
    cJSON_AddNumberToObject(root, "offset", (double)query.offset);
    cJSON_AddNumberToObject(root, "total", (double)(query.hot ? order_count : total));
    cJSON_AddBoolToObject(root, "hot", query.hot);
    add_string_or_null(root, "now", hot.now[0] ? hot.now : NULL);
    free(order);
    free(hot.items);
    return finish(root, status, json);
}

int nd__view_story_doc(nd_store *store, long long id, cJSON **json)
{
    *json = NULL;
    nd__store_tune_reads(store);
    nd_view_query query;
    nd_view_query_init(&query);
    nd__hot_table hot;
    int status = nd__hot_scores(store, &query, id, &hot);
    cJSON *story = NULL;
    if (status == ND_OK)
        status = story_document(store, id, nd__hot_of(&hot, id), 1, &story);
    free(hot.items);
    return finish(story, status, json);
}

/* A list of story cards under `key` of `root`, from story rows. */
static int story_cards(nd_store *store, cJSON *root, const char *key, const nd__story_row *rows, size_t count,
                       const long long *mentions)
{
    cJSON *list = cJSON_AddArrayToObject(root, key);
    int status = ND_OK;
    for (size_t i = 0; status == ND_OK && i < count; i++) {
        cJSON *story;
        status = story_document(store, rows[i].id, 0, 0, &story);
        if (status == ND_ENOTFOUND) {
            status = ND_OK;
            continue;
        }
        if (status == ND_OK) {
            if (mentions)
                cJSON_AddNumberToObject(story, "articles_naming", (double)mentions[i]);
            cJSON_AddItemToArray(list, story);
        }
    }
    return status;
}

int nd__view_storyline_doc(nd_store *store, long long id, cJSON **json)
{
    *json = NULL;
    nd__store_tune_reads(store);
    nd__story_row *rows = NULL;
    size_t count = 0;
    int status = nd__store_storyline_stories(store, id, &rows, &count);
    if (status != ND_OK)
        return status;
    cJSON *root = cJSON_CreateObject();
    long long articles = 0;
    for (size_t i = 0; i < count; i++)
        articles += rows[i].article_count;
    cJSON_AddNumberToObject(root, "id", (double)id);
    cJSON_AddNumberToObject(root, "story_count", (double)count);
    cJSON_AddNumberToObject(root, "article_count", (double)articles);
    status = story_cards(store, root, "stories", rows, count > 100 ? 100 : count, NULL);
    free(rows);
    return finish(root, status, json);
}

int nd__view_entity_doc(nd_store *store, long long id, cJSON **json)
{
    *json = NULL;
    nd__store_tune_reads(store);
    cJSON *entity;
    int status = nd__store_entity_json(store, id, &entity);
    if (status != ND_OK)
        return status;
    nd__story_row *rows = NULL;
    long long *mentions = NULL;
    size_t count = 0;
    status = nd__store_entity_stories(store, id, 100, &rows, &mentions, &count);
    if (status == ND_OK)
        status = story_cards(store, entity, "stories", rows, count, mentions);
    free(rows);
    free(mentions);
    return finish(entity, status, json);
}

int nd__view_entity_named_doc(nd_store *store, const char *name, cJSON **json)
{
    *json = NULL;
    if (!name || !name[0] || strlen(name) > 512)
        return ND_EINVAL;
    long long row;
    int status = nd__store_entity_find(store, name, &row);
    return status == ND_OK ? nd__view_entity_doc(store, row, json) : status;
}

int nd__view_article_doc(nd_store *store, const char *id, cJSON **json)
{
    *json = NULL;
    nd__store_tune_reads(store);
    if (!id || !id[0])
        return ND_ENOTFOUND;
    cJSON *article;
    int status = nd__store_article_json(store, id, &article);
    return status == ND_OK ? finish(article, status, json) : status;
}

int nd__view_search_doc(nd_store *store, const char *text, const nd_view_query *query_in, cJSON **json)
{
    *json = NULL;
    nd__store_tune_reads(store);
    nd_view_query query;
    if (query_in)
        query = *query_in;
    else
        nd_view_query_init(&query);
    int status = check_query(&query);
    if (status != ND_OK)
        return status;
    if (!text || !text[0])
        return ND_EINVAL;
    nd__search_hit *hits = NULL;
    size_t count = 0;
    status = nd__store_search(store, text, 500, &hits, &count);
    if (status != ND_OK)
        return status;
    /* One result per story, at its best-ranked article (hits come best first). */
    size_t *best = calloc(count + 1, sizeof *best), stories = 0;
    if (!best) {
        nd__search_hits_free(hits, count);
        return ND_ENOMEM;
    }
    nd__map seen;
    nd__map_init(&seen, 0, 2 * count, count + 1);
    for (size_t i = 0; i < count && status == ND_OK; i++) {
        int created = 0;
        if (!nd__map_put(&seen, (uint64_t)hits[i].story, &created))
            status = created;
        else if (created)
            best[stories++] = i;
    }
    nd__map_release(&seen);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "query", text);
    cJSON *list = cJSON_AddArrayToObject(root, "stories");
    for (size_t k = (size_t)query.offset; status == ND_OK && k < stories && k < (size_t)(query.offset + query.limit);
         k++) {
        const nd__search_hit *h = &hits[best[k]];
        cJSON *story;
        status = story_document(store, h->story, 0, 0, &story);
        if (status == ND_ENOTFOUND) {
            status = ND_OK;
            continue;
        }
        if (status != ND_OK)
            break;
        cJSON_AddStringToObject(story, "article", h->article);
        /* A snippet on one line: runs of white space (paragraph breaks) as one space. */
        char *snippet = h->snippet, *o = snippet;
        for (const char *p = snippet; *p; p++) {
            if (nd__is_space((unsigned char)*p)) {
                if (o > snippet && o[-1] != ' ')
                    *o++ = ' ';
            } else
                *o++ = *p;
        }
        *o = '\0';
        cJSON_AddStringToObject(story, "snippet", snippet);
        cJSON_AddNumberToObject(story, "rank", round(-h->rank * 1000) / 1000);
        cJSON_AddItemToArray(list, story);
    }
    cJSON_AddNumberToObject(root, "total", (double)stories);
    cJSON_AddNumberToObject(root, "limit", (double)query.limit);
    cJSON_AddNumberToObject(root, "offset", (double)query.offset);
    free(best);
    nd__search_hits_free(hits, count);
    return finish(root, status, json);
}

/* ---- the public views: a document written as JSON or text ------------------------------------ */
#define TEXT_LIMIT (64u << 20) /* terminal text of one view */

/* A story's or storyline's number: decimal digits only, from 1. */
static int parse_id(const char *text, long long *id)
{
    long long v = 0;
    if (!text[0])
        return 0;
    for (const char *p = text; *p; p++) {
        if (!nd__is_digit((unsigned char)*p) || v > ((long long)1 << 62) / 10)
            return 0;
        v = v * 10 + (*p - '0');
    }
    *id = v;
    return v >= 1;
}

/* Takes the document by address: it is read after the call that made it (the order in which a
 * function's arguments are evaluated is not defined). */
/* The document as JSON (the caller computed `status` before, so `doc` is the one it made). */
static int as_json(int status, cJSON *doc, char **json)
{
    if (status == ND_OK) {
        *json = cJSON_PrintUnformatted(doc);
        if (!*json)
            status = ND_ENOMEM;
    }
    cJSON_Delete(doc);
    return status;
}

int nd_view_front(nd_store *store, const nd_view_query *query, char **json)
{
    cJSON *doc = NULL;
    *json = NULL;
    int status = nd__view_front_doc(store, query, &doc);
    return as_json(status, doc, json);
}

int nd_view_story(nd_store *store, long long id, char **json)
{
    cJSON *doc = NULL;
    *json = NULL;
    int status = nd__view_story_doc(store, id, &doc);
    return as_json(status, doc, json);
}

int nd_view_storyline(nd_store *store, long long id, char **json)
{
    cJSON *doc = NULL;
    *json = NULL;
    int status = nd__view_storyline_doc(store, id, &doc);
    return as_json(status, doc, json);
}

int nd_view_entity(nd_store *store, long long id, char **json)
{
    cJSON *doc = NULL;
    *json = NULL;
    int status = nd__view_entity_doc(store, id, &doc);
    return as_json(status, doc, json);
}

int nd_view_entity_named(nd_store *store, const char *name, char **json)
{
    cJSON *doc = NULL;
    *json = NULL;
    int status = nd__view_entity_named_doc(store, name, &doc);
    return as_json(status, doc, json);
}

int nd_view_article(nd_store *store, const char *id, char **json)
{
    cJSON *doc = NULL;
    *json = NULL;
    int status = nd__view_article_doc(store, id, &doc);
    return as_json(status, doc, json);
}

int nd_view_search(nd_store *store, const char *text, const nd_view_query *query, char **json)
{
    cJSON *doc = NULL;
    *json = NULL;
    int status = nd__view_search_doc(store, text, query, &doc);
    return as_json(status, doc, json);
}

int nd_view_write(nd_store *store, nd_view_kind kind, const char *key, const nd_view_query *query,
                  nd_view_format format, char **out)
{
    if (!out)
        return ND_EINVAL;
    *out = NULL;
    if (!store || (kind != ND_VIEW_FRONT && (!key || !key[0])) || (format != ND_VIEW_JSON && format != ND_VIEW_TEXT))
        return ND_EINVAL;
    cJSON *doc = NULL;
    long long id = 0;
    int (*text)(const cJSON *, nd__buf *) = NULL;
    int status;
    if ((kind == ND_VIEW_STORY || kind == ND_VIEW_STORYLINE) && !parse_id(key, &id))
        return ND_ENOTFOUND;
    switch (kind) {
    case ND_VIEW_FRONT:
        status = nd__view_front_doc(store, query, &doc);
        text = nd__text_front;
        break;
    case ND_VIEW_STORY:
        status = nd__view_story_doc(store, id, &doc);
        text = nd__text_story;
        break;
    case ND_VIEW_STORYLINE:
        status = nd__view_storyline_doc(store, id, &doc);
        text = nd__text_storyline;
        break;
    case ND_VIEW_ENTITY:
        status = nd__view_entity_named_doc(store, key, &doc);
        text = nd__text_entity;
        break;
    case ND_VIEW_SEARCH:
        status = nd__view_search_doc(store, key, query, &doc);
        text = nd__text_search;
        break;
    default:
        return ND_EINVAL;
    }
    if (format == ND_VIEW_JSON || status != ND_OK)
        return as_json(status, doc, out);
    nd__buf buf;
    nd__buf_init(&buf, TEXT_LIMIT);
    status = text(doc, &buf);
    cJSON_Delete(doc);
    if (status == ND_OK)
        *out = buf.data ? nd__buf_take(&buf, NULL) : strdup("");
    if (status == ND_OK && !*out)
        status = ND_ENOMEM;
    nd__buf_release(&buf);
    return status;
}
