/*
 * store_docs.c: what the views take from the store, built from the rows a backend hands out
 * (store.h): one story's articles with their facts and shared passages, as nd_summarise takes
 * them (nd__store_load_story), and the entity and article documents (cJSON). Nothing here knows
 * how the rows are kept. Ownership: a loaded story owns every string and array in its arena; a
 * document belongs to the caller (cJSON_Delete).
 */
#include <stdlib.h>
#include <string.h>

#include "store_views.h"

/* ---- one story, loaded for nd_summarise ------------------------------------------------------ */
/* Copies a vec's items into the arena (the vec is then released). */
static void *settle(nd__arena *arena, nd__vec *vec, size_t item_size, int *status)
{
    void *out = NULL;
    if (vec->count) {
        out = nd__arena_alloc(arena, vec->count * item_size);
        if (out)
            memcpy(out, vec->items, vec->count * item_size);
        else
            *status = ND_ENOMEM;
    }
    nd__vec_release(vec);
    return out;
}

static char *arena_copy(nd__arena *arena, const char *text)
{
    return text ? nd__arena_strndup(arena, text, strlen(text)) : NULL;
}

static nd_entity_type entity_type_of(const char *type)
{
    return strcmp(type, "person") == 0 ? ND_ENTITY_PERSON
           : strcmp(type, "organisation") == 0 ? ND_ENTITY_ORGANISATION : ND_ENTITY_PLACE;
}

static nd_date_precision precision_of(const char *p)
{
    return strcmp(p, "week") == 0 ? ND_DATE_WEEK : strcmp(p, "month") == 0 ? ND_DATE_MONTH
                                                : strcmp(p, "year") == 0  ? ND_DATE_YEAR : ND_DATE_DAY;
}

/* A stored span, clamped into the body: a damaged row gives an empty span, never a bad one. */
static nd_span clamp(long long start, long long stop, size_t body_len)
{
    nd_span span;
    span.start = start >= 0 && (size_t)start <= body_len ? (size_t)start : 0;
    span.end = stop >= start && (size_t)stop <= body_len ? (size_t)stop : span.start;
    return span;
}

/* One article's facts while they are read. */
typedef struct facts_load {
    nd__arena *arena;
    size_t body_len;
    nd__vec entities;        /* nd_entity, in first-mention order */
    nd__vec entity_rows;     /* long long, parallel */
    nd__vec lists;           /* nd__vec of nd_span per entity: its mentions */
    nd__vec dates, quotes;
    int status;
} facts_load;

static long long entity_index(const facts_load *fl, long long row)
{
    const long long *rows = fl->entity_rows.items;
    for (size_t i = 0; i < fl->entity_rows.count; i++)
        if (rows[i] == row)
            return (long long)i;
    return -1;
}

static int take_mention(void *user, const nd__mention_record *m)
{
    facts_load *fl = user;
    long long index = entity_index(fl, m->entity);
    if (index < 0) {
        nd_entity *e = nd__vec_push(&fl->entities, sizeof *e);
        long long *r = nd__vec_push(&fl->entity_rows, sizeof *r);
        nd__vec *list = nd__vec_push(&fl->lists, sizeof *list);
        if (!e || !r || !list || !(e->name = arena_copy(fl->arena, m->name)))
            return fl->status = ND_ENOMEM;
        e->type = entity_type_of(m->type);
        e->country = "";
        *r = m->entity;
        memset(list, 0, sizeof *list);
        index = (long long)fl->entities.count - 1;
    }
    nd_span *span = nd__vec_push(&((nd__vec *)fl->lists.items)[index], sizeof *span);
    if (!span)
        return fl->status = ND_ENOMEM;
    *span = clamp(m->start, m->stop, fl->body_len);
    return 0;
}

static int take_date(void *user, const nd__date_record *r)
{
    facts_load *fl = user;
    nd_date *d = nd__vec_push(&fl->dates, sizeof *d);
    if (!d)
        return fl->status = ND_ENOMEM;
    d->span = clamp(r->start, r->stop, fl->body_len);
    d->value = arena_copy(fl->arena, r->value);
    d->precision = precision_of(r->precision);
    return 0;
}

static int take_quote(void *user, const nd__quote_record *r)
{
    facts_load *fl = user;
    nd_quote *q = nd__vec_push(&fl->quotes, sizeof *q);
    if (!q)
        return fl->status = ND_ENOMEM;
    q->span = clamp(r->start, r->stop, fl->body_len);
    q->direct = r->direct;
    q->speaker = r->speaker ? entity_index(fl, r->speaker) : -1;
    /* a speaker named in the quote only: the speaker's canonical name as its text */
    q->speaker_text = arena_copy(fl->arena, q->speaker < 0 && r->speaker && r->speaker_name ? r->speaker_name
                                            : r->speaker_text ? r->speaker_text : "");
    if (!q->speaker_text)
        q->speaker_text = "";
    return 0;
}

static void facts_load_release(facts_load *fl)
{
    nd__vec *lists = fl->lists.items;
    for (size_t i = 0; i < fl->lists.count; i++)
        nd__vec_release(&lists[i]);
    nd__vec_release(&fl->lists);
    nd__vec_release(&fl->entities);
    nd__vec_release(&fl->entity_rows);
    nd__vec_release(&fl->dates);
    nd__vec_release(&fl->quotes);
}

/* The facts of one stored article, rebuilt from its rows into the arena. */
static int load_facts(nd_store *store, nd__arena *arena, const nd__article_record *a, const char *where_source,
                      const char *reference_date, const char *published, nd_facts **out)
{
    const nd__store_backend *b = store->backend;
    facts_load fl = {.arena = arena, .body_len = a->body ? a->body_len : 0};
    int status = b->article_mentions(store, a->row, take_mention, &fl);
    if (status == ND_OK)
        status = b->article_dates(store, a->row, take_date, &fl);
    if (status == ND_OK)
        status = b->article_quotes(store, a->row, take_quote, &fl);
    if (status == ND_ESTOPPED)
        status = fl.status;
    nd_facts *f = status == ND_OK ? nd__arena_alloc(arena, sizeof *f) : NULL;
    if (!f) {
        facts_load_release(&fl);
        return status != ND_OK ? status : ND_ENOMEM;
    }
    memset(f, 0, sizeof *f);
    nd_entity *entities = fl.entities.items;
    nd__vec *lists = fl.lists.items;
    for (size_t i = 0; i < fl.entities.count; i++) {
        entities[i].mention_count = lists[i].count;
        entities[i].mentions = settle(arena, &lists[i], sizeof(nd_span), &status);
    }
    /* the place may be an entity with no mention in this article's rows */
    f->where = a->place > 0 ? entity_index(&fl, a->place) : -1;
    f->where_source = where_source;
    f->published = published;
    f->reference_date = reference_date;
    f->dateline = "";
    f->entity_count = fl.entities.count;
    f->entities = settle(arena, &fl.entities, sizeof(nd_entity), &status);
    f->date_count = fl.dates.count;
    f->dates = settle(arena, &fl.dates, sizeof(nd_date), &status);
    f->quote_count = fl.quotes.count;
    f->quotes = settle(arena, &fl.quotes, sizeof(nd_quote), &status);
    facts_load_release(&fl);
    *out = f;
    return status;
}

/* A story while it is read. */
typedef struct story_load {
    nd_store *store;
    nd__story_load *out;
    nd__vec articles, rows, links;
    int status;
} story_load;

static int take_article(void *user, const nd__article_record *r)
{
    story_load *sl = user;
    nd__arena *arena = &sl->out->arena;
    nd_story_article *a = nd__vec_push(&sl->articles, sizeof *a);
    long long *row = nd__vec_push(&sl->rows, sizeof *row);
    if (!a || !row)
        return sl->status = ND_ENOMEM;
    *row = r->row;
    a->id = arena_copy(arena, r->id);
    a->source = arena_copy(arena, r->source);
    a->url = arena_copy(arena, r->url);
    a->title = arena_copy(arena, r->title);
    a->published = arena_copy(arena, r->published);
    a->body = r->body ? nd__arena_strndup(arena, r->body, r->body_len) : NULL;
    a->body_len = a->body ? r->body_len : 0;
    a->duplicate_of = arena_copy(arena, r->duplicate_of);
    const char *reference = arena_copy(arena, r->reference_date);
    const char *where_source = arena_copy(arena, r->place_source);
    if (!a->id || !a->body)
        return sl->status = ND_ENOMEM;
    nd_facts *facts = NULL;
    int rc = load_facts(sl->store, arena, r, where_source, reference, a->published, &facts);
    a->facts = facts;
    return rc != ND_OK ? (sl->status = rc) : 0;
}

/* The passages between two loaded articles become links. */
static int take_passage(void *user, const nd__passage_record *r)
{
    story_load *sl = user;
    const long long *loaded = sl->rows.items;
    size_t n = sl->rows.count, ia = n, ib = n;
    for (size_t i = 0; i < n; i++) {
        if (loaded[i] == r->a)
            ia = i;
        if (loaded[i] == r->b)
            ib = i;
    }
    if (ia == n || ib == n)
        return 0;
    nd_passage *p = nd__arena_alloc(&sl->out->arena, sizeof *p);
    nd_story_link *link = nd__vec_push(&sl->links, sizeof *link);
    if (!p || !link)
        return sl->status = ND_ENOMEM;
    *p = (nd_passage){.words = (size_t)r->words, .a_start = (size_t)r->a_start, .a_end = (size_t)r->a_end,
                      .b_start = (size_t)r->b_start, .b_end = (size_t)r->b_end};
    *link = (nd_story_link){ia, ib, 1, p};
    return 0;
}

void nd__story_load_release(nd__story_load *load)
{
    if (!load)
        return;
    nd__arena_release(&load->arena);
    memset(load, 0, sizeof *load);
}

int nd__store_load_story(nd_store *store, long long story, size_t max_articles, nd__story_load *out)
{
    memset(out, 0, sizeof *out);
    nd__arena_init(&out->arena);
    nd__story_row row;
    int status = nd__store_story_row(store, story, &row);
    if (status != ND_OK)
        return status;
    out->story = row.id;
    out->storyline = row.storyline;
    out->article_total = row.article_count;
    out->outlet_total = row.outlet_count;
    story_load sl = {.store = store, .out = out};
    status = store->backend->story_articles(store, story, max_articles, take_article, &sl);
    if (status == ND_OK)
        status = store->backend->story_passages(store, story, take_passage, &sl);
    if (status == ND_ESTOPPED)
        status = sl.status;
    out->count = sl.articles.count;
    out->articles = settle(&out->arena, &sl.articles, sizeof(nd_story_article), &status);
    out->link_count = sl.links.count;
    out->links = settle(&out->arena, &sl.links, sizeof(nd_story_link), &status);
    nd__vec_release(&sl.rows);
    return status;
}

/* ---- the entity and article documents -------------------------------------------------------- */
static int entity_document(void *user, const nd__entity_record *r)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddNumberToObject(e, "id", (double)r->row);
    cJSON_AddStringToObject(e, "name", r->name);
    cJSON_AddStringToObject(e, "type", r->type);
    if (r->country[0])
        cJSON_AddStringToObject(e, "country", r->country);
    if (r->has_coordinates) {
        cJSON_AddNumberToObject(e, "lat", r->latitude);
        cJSON_AddNumberToObject(e, "lng", r->longitude);
    }
    cJSON_AddNumberToObject(e, "article_count", (double)r->article_count);
    *(cJSON **)user = e;
    return 0;
}

static int add_string(void *user, const char *text)
{
    cJSON_AddItemToArray(user, cJSON_CreateString(text));
    return 0;
}

int nd__store_entity_json(nd_store *store, long long row, cJSON **out)
{
    *out = NULL;
    if (!store || !store->ready)
        return ND_EINVAL;
    cJSON *e = NULL;
    int status = store->backend->entity(store, row, entity_document, &e);
    if (status != ND_OK)
        return status;
    store->backend->entity_variants(store, row, add_string, cJSON_AddArrayToObject(e, "variants"));
    *out = e;
    return ND_OK;
}

static void add_text_or_null(cJSON *object, const char *key, const char *text)
{
    if (text)
        cJSON_AddStringToObject(object, key, text);
    else
        cJSON_AddNullToObject(object, key);
}

typedef struct article_document {
    cJSON *json;
    long long row;
} article_document;

static int take_article_document(void *user, const nd__article_record *r)
{
    article_document *d = user;
    cJSON *a = d->json = cJSON_CreateObject();
    d->row = r->row;
    cJSON_AddStringToObject(a, "id", r->id);
    cJSON_AddStringToObject(a, "source", r->source ? r->source : "");
    cJSON_AddStringToObject(a, "url", r->url ? r->url : "");
    cJSON_AddStringToObject(a, "title", r->title ? r->title : "");
    add_text_or_null(a, "published", r->published);
    cJSON_AddNumberToObject(a, "first_seen", (double)r->first_seen);
    cJSON_AddStringToObject(a, "origin", r->origin);
    cJSON_AddNumberToObject(a, "story", (double)r->story);
    cJSON_AddNumberToObject(a, "storyline", (double)r->storyline);
    add_text_or_null(a, "duplicate_of", r->duplicate_of);
    cJSON_AddStringToObject(a, "dateline", r->dateline);
    cJSON_AddStringToObject(a, "body", r->body ? r->body : "");
    return 0;
}

static int add_copy(void *user, const nd__copy_record *r)
{
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "id", r->with);
    cJSON_AddStringToObject(c, "relation", r->relation);
    cJSON_AddNumberToObject(c, "similarity", r->similarity);
    cJSON_AddStringToObject(c, "first", r->first);
    cJSON_AddItemToArray(user, c);
    return 0;
}

static int add_passage(void *user, const nd__passage_record *r)
{
    cJSON *a = user;
    const char *body = cJSON_GetObjectItem(a, "body")->valuestring;
    size_t body_len = strlen(body);
    if (r->a_start < 0 || r->a_end < r->a_start || (size_t)r->a_end > body_len)
        return 0;
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "with", r->with ? r->with : "");
    cJSON_AddNumberToObject(p, "words", (double)r->words);
    cJSON *at = cJSON_AddArrayToObject(p, "at");
    cJSON_AddItemToArray(at, cJSON_CreateNumber((double)r->a_start));
    cJSON_AddItemToArray(at, cJSON_CreateNumber((double)r->a_end));
    char *text = strndup(body + r->a_start, (size_t)(r->a_end - r->a_start));
    cJSON_AddStringToObject(p, "text", text ? text : "");
    free(text);
    cJSON_AddItemToArray(cJSON_GetObjectItem(a, "passages"), p);
    return 0;
}

int nd__store_article_json(nd_store *store, const char *id, cJSON **out)
{
    *out = NULL;
    if (!store || !store->ready)
        return ND_EINVAL;
    article_document d = {0};
    int status = store->backend->article(store, id, take_article_document, &d);
    if (status != ND_OK)
        return status;
    cJSON *a = d.json;
    store->backend->article_copies(store, d.row, add_copy, cJSON_AddArrayToObject(a, "copies"));
    cJSON_AddArrayToObject(a, "passages");
    store->backend->article_passages(store, d.row, add_passage, a);
    *out = a;
    return ND_OK;
}
