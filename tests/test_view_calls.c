/* test_view_calls.c: tests of views.c (nd_view_* and nd_hot_score in newsdesk.h) on a store ingested from our own
 * fixtures: every view answers with JSON that parses and agrees with the store; what is not
 * there is ND_ENOTFOUND and a bad query ND_EINVAL, with *json NULL; the hot score rises with
 * sudden coverage and is 0 for a steady story.
 * usage: test_view_calls FIXTURES_DIR   (tests/fixtures: summarise/, serve/, views/places.tsv) */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "newsdesk.h"

/* Takes the view's JSON (freed here) and returns it parsed. A macro: the view must run before
 * its output is read (the order of a function's arguments is not defined). */
static cJSON *parse_json(int rc, char **json)
{
    CHECK_INT(rc, ND_OK);
    cJSON *doc = *json ? cJSON_Parse(*json) : NULL;
    CHECK(doc != NULL);
    free(*json);
    *json = NULL;
    return doc;
}
#define parsed(call, json) parse_json((call), &(json))

static long long number(const cJSON *doc, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, key);
    return cJSON_IsNumber(v) ? (long long)v->valuedouble : -1;
}

static void test_front_and_story(nd_store *store, long long stories, long long articles)
{
    nd_view_query q;
    nd_view_query_init(&q);
    CHECK_INT(q.limit, 20);
    CHECK_INT(q.offset, 0);
    CHECK_INT(q.hot, 0);
    char *json = NULL;
    cJSON *front = parsed(nd_view_front(store, &q, &json), json);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(front, "stories");
    CHECK_INT(cJSON_GetArraySize(list), stories);
    CHECK_INT(number(front, "total"), stories);
    long long sum = 0, first_id = 0;
    const cJSON *s;
    cJSON_ArrayForEach(s, list)
    {
        const cJSON *headline = cJSON_GetObjectItemCaseSensitive(s, "headline");
        CHECK(cJSON_IsString(headline) && headline->valuestring[0]);
        CHECK(number(s, "article_count") >= 1);
        CHECK(number(s, "outlet_count") >= 1 && number(s, "outlet_count") <= number(s, "article_count"));
        sum += number(s, "article_count");
        if (!first_id)
            first_id = number(s, "id");
    }
    CHECK_INT(sum, articles);

    /* the front page's first story on its own page: the same story */
    cJSON *story = parsed(nd_view_story(store, first_id, &json), json);
    CHECK_INT(number(story, "id"), first_id);
    const cJSON *card = cJSON_GetArrayItem(list, 0);
    CHECK_INT(number(story, "article_count"), number(card, "article_count"));
    long long storyline = number(story, "storyline");
    cJSON_Delete(story);
    cJSON *line = parsed(nd_view_storyline(store, storyline, &json), json);
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(line, "stories")) >= 1);
    cJSON_Delete(line);
    cJSON_Delete(front);

    /* paging: the second page starts where the first ended */
    q.limit = 1;
    q.offset = 1;
    cJSON *second = parsed(nd_view_front(store, &q, &json), json);
    const cJSON *only = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(second, "stories"), 0);
    CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(second, "stories")), 1);
    CHECK(only && number(only, "id") != first_id);
    cJSON_Delete(second);
}

static void test_not_found_and_bad_queries(nd_store *store)
{
    char *json = (char *)"unchanged";
    CHECK_INT(nd_view_story(store, 999999, &json), ND_ENOTFOUND);
    CHECK(json == NULL);
    json = (char *)"unchanged";
    CHECK_INT(nd_view_storyline(store, 999999, &json), ND_ENOTFOUND);
    CHECK(json == NULL);
    CHECK_INT(nd_view_entity(store, 999999, &json), ND_ENOTFOUND);
    CHECK_INT(nd_view_entity_named(store, "Nobody Of Thisname", &json), ND_ENOTFOUND);
    CHECK_INT(nd_view_article(store, "no-such-article", &json), ND_ENOTFOUND);
    CHECK(json == NULL);
    nd_view_query q;
    nd_view_query_init(&q);
    q.limit = 0;
    CHECK_INT(nd_view_front(store, &q, &json), ND_EINVAL);
    q.limit = 1001;
    CHECK_INT(nd_view_front(store, &q, &json), ND_EINVAL);
    nd_view_query_init(&q);
    q.offset = -1;
    CHECK_INT(nd_view_search(store, "bridge", &q, &json), ND_EINVAL);
    nd_view_query_init(&q);
    q.since = "last Tuesday";
    CHECK_INT(nd_view_front(store, &q, &json), ND_EINVAL);
    CHECK(json == NULL);
}

static void test_entity_article_search(nd_store *store)
{
    char *json = NULL;
    cJSON *entity = parsed(nd_view_entity_named(store, "rostova", &json), json); /* a variant, any case */
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(entity, "name");
    CHECK(cJSON_IsString(name) && strcmp(name->valuestring, "Alina Rostova") == 0);
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(entity, "stories")) >= 1);
    long long row = number(entity, "id");
    cJSON_Delete(entity);
    cJSON *again = parsed(nd_view_entity(store, row, &json), json);
    CHECK_INT(number(again, "id"), row);
    cJSON_Delete(again);

    cJSON *article = parsed(nd_view_article(store, "bridge-1", &json), json);
    const cJSON *body = cJSON_GetObjectItemCaseSensitive(article, "body");
    CHECK(cJSON_IsString(body) && strstr(body->valuestring, "Harbour Bridge") != NULL);
    long long story = number(article, "story");
    cJSON_Delete(article);

    nd_view_query q;
    nd_view_query_init(&q);
    cJSON *found = parsed(nd_view_search(store, "corroded cables", &q, &json), json);
    const cJSON *hits = cJSON_GetObjectItemCaseSensitive(found, "stories");
    CHECK(cJSON_GetArraySize(hits) >= 1);
    CHECK_INT(number(cJSON_GetArrayItem(hits, 0), "id"), story);
    cJSON_Delete(found);
    cJSON *none = parsed(nd_view_search(store, "zeppelinfactory", &q, &json), json);
    CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(none, "stories")), 0);
    cJSON_Delete(none);
}

static void test_hot_score(void)
{
    nd_hot_counts steady = {.recent_articles = 12, .recent_outlets = 4, .earlier_articles = 84,
                            .earlier_hours = 21, .desk_rate = 0.5, .window_hours = 3};
    CHECK(nd_hot_score(&steady) == 0);
    nd_hot_counts sudden = {.recent_articles = 12, .recent_outlets = 12, .earlier_articles = 0,
                            .earlier_hours = 0, .desk_rate = 0.2, .window_hours = 3};
    double hot = nd_hot_score(&sudden);
    CHECK(hot > 2);
    /* more outlets, hotter; the same articles from one outlet, much less */
    nd_hot_counts wider = sudden;
    wider.recent_outlets = 14, wider.recent_articles = 14;
    CHECK(nd_hot_score(&wider) > hot);
    nd_hot_counts one_outlet = sudden;
    one_outlet.recent_outlets = 1;
    CHECK(nd_hot_score(&one_outlet) < hot / 2);
    CHECK(nd_hot_score(NULL) == 0);
    nd_hot_counts no_window = sudden;
    no_window.window_hours = 0;
    CHECK(nd_hot_score(&no_window) == 0);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_view_calls FIXTURES_DIR\n");
        return 2;
    }
    char db[64], path[1024], wal[80], shm[80];
    snprintf(db, sizeof db, "test_views_%d.db", (int)getpid());
    snprintf(wal, sizeof wal, "%s-wal", db);
    snprintf(shm, sizeof shm, "%s-shm", db);
    nd_gazetteer *places = NULL;
    snprintf(path, sizeof path, "%s/views/places.tsv", argv[1]);
    CHECK_INT(nd_gazetteer_load(path, &places), ND_OK);
    nd_store *store = NULL;
    CHECK_INT(nd_store_open(db, &store), ND_OK);
    nd_ingest *in = NULL;
    CHECK_INT(nd_ingest_open(store, NULL, places, 0, &in), ND_OK);
    snprintf(path, sizeof path, "%s/summarise", argv[1]);
    CHECK_INT(nd_ingest_read_path(in, path), ND_OK);
    snprintf(path, sizeof path, "%s/serve", argv[1]);
    CHECK_INT(nd_ingest_read_path(in, path), ND_OK);
    nd_ingest_stats stats;
    CHECK_INT(nd_ingest_finish(in, &stats), ND_OK);
    nd_ingest_free(in);
    nd_store_counts counts;
    CHECK_INT(nd_store_count(store, &counts), ND_OK);
    CHECK(counts.stories >= 2);

    test_front_and_story(store, counts.stories, counts.articles);
    test_not_found_and_bad_queries(store);
    test_entity_article_search(store);
    test_hot_score();
    nd_store_close(store);
    nd_gazetteer_free(places);
    remove(db), remove(wal), remove(shm);
    return CHECK_DONE();
}
