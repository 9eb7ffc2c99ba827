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
#include "util.h"
#include "views.h"

#define DEFAULT_LIMIT 20
#define MAX_LIMIT 1000
#define CARD_ARTICLES 8        /* articles summarised for a story's card (front, lists) */
#define PAGE_ARTICLES 400      /* articles summarised for a story's own page */
#define CANDIDATES_PER_SLOT 10 /* front: stories ranked per story shown */

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

/* ---- summaries as JSON ----------------------------------------------------------------------- */
static void add_string_or_null(cJSON *object, const char *key, const char *value)
{
    if (value)
        cJSON_AddStringToObject(object, key, value);
    else
        cJSON_AddNullToObject(object, key);
}

static const char *type_name(nd_entity_type type) { return nd_entity_type_name(type); }

static void add_entities(nd_store *store, cJSON *story, const char *key, const nd_summary_entity *list, size_t count)
{
    cJSON *array = cJSON_AddArrayToObject(story, key);
    for (size_t i = 0; i < count; i++) {
        cJSON *e = cJSON_CreateObject();
        long long row;
        if (nd__store_entity_row(store, list[i].name, type_name(list[i].type), &row) == ND_OK)
            cJSON_AddNumberToObject(e, "id", (double)row);
        else
            cJSON_AddNullToObject(e, "id");
        cJSON_AddStringToObject(e, "name", list[i].name);
        cJSON_AddNumberToObject(e, "articles", (double)list[i].article_count);
        cJSON_AddNumberToObject(e, "mentions", (double)list[i].mention_count);
        cJSON_AddItemToArray(array, e);
    }
}

static cJSON *article_brief(const nd_summary_article *a, int with_lead)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", a->id);
    cJSON_AddStringToObject(o, "source", a->source);
    cJSON_AddStringToObject(o, "url", a->url);
    cJSON_AddStringToObject(o, "title", a->title);
    add_string_or_null(o, "published", a->published);
    if (with_lead) {
        add_string_or_null(o, "day", a->day);
        cJSON_AddStringToObject(o, "lead", a->lead);
        add_string_or_null(o, "duplicate_of", a->duplicate_of);
    }
    return o;
}

/* The story's document. `full` adds the timeline, entities, quotes and passages. */
static cJSON *story_json(nd_store *store, const nd__story_load *load, const nd_summary *s, double hot, int full)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)load->story);
    cJSON_AddNumberToObject(o, "storyline", (double)load->storyline);
    cJSON_AddStringToObject(o, "headline", s->headline);
    cJSON_AddStringToObject(o, "headline_from", s->headline_from);
    cJSON *summary = cJSON_AddArrayToObject(o, "summary");
    for (size_t i = 0; i < s->sentence_count; i++)
        cJSON_AddItemToArray(summary, cJSON_CreateString(s->sentences[i]));
    add_string_or_null(o, "when", s->when);
    add_string_or_null(o, "when_from", s->when_from);
    add_string_or_null(o, "where", s->where);
    add_string_or_null(o, "first_day", s->first_day);
    add_string_or_null(o, "last_day", s->last_day);
    int whole = (long long)s->article_count >= load->article_total;
    cJSON_AddNumberToObject(o, "article_count", (double)load->article_total);
    /* Outlets as the summary counts them (an unknown source is its own outlet) when it saw every
     * article; else the store's count of distinct sources. */
    cJSON_AddNumberToObject(o, "outlet_count", (double)(whole ? (long long)s->outlet_count : load->outlet_total));
    cJSON_AddNumberToObject(o, "copy_count", (double)s->copy_count);
    cJSON_AddItemToObject(o, "first", article_brief(&s->articles[s->first], 0));
    cJSON_AddNumberToObject(o, "hot", round(hot * 100) / 100);
    if (!full)
        return o;
    cJSON *articles = cJSON_AddArrayToObject(o, "articles");
    for (size_t i = 0; i < s->source_count; i++)
        cJSON_AddItemToArray(articles, article_brief(&s->articles[i], 1));
    add_entities(store, o, "people", s->people, s->people_count);
    add_entities(store, o, "organisations", s->organisations, s->organisation_count);
    add_entities(store, o, "places", s->places, s->place_count);
    cJSON *quotes = cJSON_AddArrayToObject(o, "quotes");
    for (size_t i = 0; i < s->quote_count; i++) {
        const nd_summary_quote *q = &s->quotes[i];
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "text", q->text);
        cJSON_AddStringToObject(item, "speaker", q->speaker);
        cJSON_AddStringToObject(item, "article", q->article_id);
        cJSON_AddBoolToObject(item, "direct", q->direct);
        cJSON_AddNumberToObject(item, "articles", (double)q->article_count);
        cJSON_AddItemToArray(quotes, item);
    }
    cJSON *passages = cJSON_AddArrayToObject(o, "passages");
    for (size_t i = 0; i < s->passage_count; i++) {
        const nd_summary_passage *p = &s->passages[i];
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "a", p->a_id);
        cJSON_AddStringToObject(item, "b", p->b_id);
        cJSON_AddNumberToObject(item, "words", (double)p->words);
        cJSON_AddStringToObject(item, "a_text", p->a_text);
        cJSON_AddStringToObject(item, "b_text", p->b_text);
        cJSON_AddItemToArray(passages, item);
    }
    return o;
}

/* Loads and summarises one story into its document; ND_ENOTFOUND when there is none. */
static int summarised_story(nd_store *store, long long id, size_t max_articles, double hot, int full, cJSON **out)
{
    *out = NULL;
    nd__story_load load;
    int status = nd__store_load_story(store, id, max_articles, &load);
    if (status == ND_OK && load.count == 0)
        status = ND_ENOTFOUND;
    nd_summary *s = NULL;
    if (status == ND_OK)
        status = nd_summarise(load.articles, load.count, load.links, load.link_count, &s);
    if (status == ND_OK && !(*out = story_json(store, &load, s, hot, full)))
        status = ND_ENOMEM;
    nd_summary_free(s);
    nd__story_load_release(&load);
    return status;
}

/* Hands the document out when it is whole, else frees it. */
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
    size_t order_count = 0;
    if (status == ND_OK && query.hot) {
        order = calloc(hot.count + 1, sizeof *order);
        if (!order)
            status = ND_ENOMEM;
        for (size_t i = 0; order && i < hot.count; i++)
            if (hot.items[i].score >= ND__HOT_THRESHOLD)
                order[order_count++] = (ranked){hot.items[i].story, hot.items[i].score};
    } else if (status == ND_OK) {
        size_t want = (size_t)(query.offset + query.limit) * CANDIDATES_PER_SLOT + 200;
        nd__story_row *rows = NULL;
        size_t count = 0;
        status = nd__store_recent_stories(store, query.since, query.until, want, &rows, &count);
        double now = 0;
        nd__parse_iso_seconds(hot.now, &now);
        order = calloc(count + 1, sizeof *order);
        if (status == ND_OK && !order)
            status = ND_ENOMEM;
        for (size_t i = 0; status == ND_OK && i < count; i++) {
            double last, age_days = 30;
            if (nd__parse_iso_seconds(rows[i].last_published, &last))
                age_days = now > last ? (now - last) / 86400 : 0;
            double coverage = (double)rows[i].outlet_count + 0.5 * (double)rows[i].article_count;
            order[order_count++] = (ranked){rows[i].id, coverage / (1 + age_days / 3)};
        }
        free(rows);
        /* Only the stories up to this page need their places (the ranks are a total order). */
        size_t shown = (size_t)(query.offset + query.limit);
        ranked *top = status == ND_OK ? calloc(shown < order_count ? shown : order_count + 1, sizeof *top) : NULL;
        if (status == ND_OK && !top)
            status = ND_ENOMEM;
        if (top) {
            size_t kept = nd__top_k(order, order_count, sizeof *order, top, shown, cmp_ranked);
            memcpy(order, top, kept * sizeof *order);
            free(top);
        }
    }
    cJSON *root = cJSON_CreateObject();
    cJSON *stories = cJSON_AddArrayToObject(root, "stories");
    for (size_t i = (size_t)query.offset; status == ND_OK && i < order_count && i < (size_t)(query.offset + query.limit);
         i++) {
        cJSON *story;
        status = summarised_story(store, order[i].story, CARD_ARTICLES, nd__hot_of(&hot, order[i].story), 0, &story);
        if (status == ND_ENOTFOUND) {
            status = ND_OK;
            continue;
        }
        if (status == ND_OK)
            cJSON_AddItemToArray(stories, story);
    }
    cJSON_AddNumberToObject(root, "limit", (double)query.limit);
    cJSON_AddNumberToObject(root, "offset", (double)query.offset);
    cJSON_AddNumberToObject(root, "total", (double)order_count);
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
        status = summarised_story(store, id, PAGE_ARTICLES, nd__hot_of(&hot, id), 1, &story);
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
        status = summarised_story(store, rows[i].id, CARD_ARTICLES, 0, 0, &story);
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
        status = summarised_story(store, h->story, CARD_ARTICLES, 0, 0, &story);
        if (status == ND_ENOTFOUND) {
            status = ND_OK;
            continue;
        }
        if (status != ND_OK)
            break;
        cJSON_AddStringToObject(story, "article", h->article);
        cJSON_AddStringToObject(story, "snippet", h->snippet);
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
static int as_json(int status, cJSON **doc, char **json)
{
    if (status == ND_OK) {
        *json = cJSON_PrintUnformatted(*doc);
        if (!*json)
            status = ND_ENOMEM;
    }
    cJSON_Delete(*doc);
    return status;
}

int nd_view_front(nd_store *store, const nd_view_query *query, char **json)
{
    cJSON *doc = NULL;
    *json = NULL;
    return as_json(nd__view_front_doc(store, query, &doc), &doc, json);
}

int nd_view_story(nd_store *store, long long id, char **json)
{
    cJSON *doc = NULL;
    *json = NULL;
    return as_json(nd__view_story_doc(store, id, &doc), &doc, json);
}

int nd_view_storyline(nd_store *store, long long id, char **json)
{
    cJSON *doc = NULL;
    *json = NULL;
    return as_json(nd__view_storyline_doc(store, id, &doc), &doc, json);
}

int nd_view_entity(nd_store *store, long long id, char **json)
{
    cJSON *doc = NULL;
    *json = NULL;
    return as_json(nd__view_entity_doc(store, id, &doc), &doc, json);
}

int nd_view_entity_named(nd_store *store, const char *name, char **json)
{
    cJSON *doc = NULL;
    *json = NULL;
    return as_json(nd__view_entity_named_doc(store, name, &doc), &doc, json);
}

int nd_view_article(nd_store *store, const char *id, char **json)
{
    cJSON *doc = NULL;
    *json = NULL;
    return as_json(nd__view_article_doc(store, id, &doc), &doc, json);
}

int nd_view_search(nd_store *store, const char *text, const nd_view_query *query, char **json)
{
    cJSON *doc = NULL;
    *json = NULL;
    return as_json(nd__view_search_doc(store, text, query, &doc), &doc, json);
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
        return as_json(status, &doc, out);
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
