/*
 * test_store.c: the SQLite store on fixtures written here (invented events, our own words):
 * every table written and read back, the same article again adding nothing (by id, url and
 * content), reopening, refusing what is not a newsdesk store, the engine state blob, and
 * migrating a version-1 store written by this test to the current schema.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "desk.h"
#include "store.h"

static const char articles_jsonl[] =
    "{\"id\": \"k1\", \"source\": \"valley-post\", \"url\": \"https://valley.example/k1\", \"published\": "
    "\"2022-05-03\", \"title\": \"Ferry Aurora runs aground off Pellham Point\", \"text\": \"The ferry Aurora "
    "ran aground off Pellham Point on Tuesday with 212 passengers on board. Captain Ines Varga said the tide "
    "turned faster than the charts showed. \\\"Nobody was hurt,\\\" Varga said.\"}\n"
    "{\"id\": \"k2\", \"source\": \"coast-daily\", \"url\": \"https://coast.example/k2\", \"published\": "
    "\"2022-05-03\", \"title\": \"Ferry Aurora runs aground off Pellham Point\", \"text\": \"The ferry Aurora "
    "ran aground off Pellham Point on Tuesday with 212 passengers on board. Captain Ines Varga said the tide "
    "turned faster than the charts showed. \\\"Nobody was hurt,\\\" Varga said.\"}\n"
    "{\"id\": \"m1\", \"source\": \"valley-post\", \"url\": \"https://valley.example/m1\", \"published\": "
    "\"2022-05-04\", \"title\": \"Orchard festival opens in Brimley\", \"text\": \"The orchard festival of "
    "Brimley opened on Wednesday with cider from forty farms. Organiser Tomas Reel expects ten thousand "
    "visitors by Sunday.\"}\n";

static char *temp_path(const char *name)
{
    static char path[256];
    snprintf(path, sizeof path, "/tmp/nd_test_store_%d_%s", (int)getpid(), name);
    char side[300];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    return path;
}

/* The rows of a table as text (nd__store_dump); malloc'd. */
static char *dump(nd_store *store, const char *table)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    int rc = nd__store_dump(store, table, f);
    fclose(f);
    CHECK_INT(rc, ND_OK);
    return text;
}

static void check_has(nd_store *store, const char *table, const char *line)
{
    char *text = dump(store, table);
    if (!text || !strstr(text, line)) {
        check_failed++;
        fprintf(stderr, "%s: no row \"%s\" in:\n%s\n", table, line, text ? text : "(none)");
    } else
        check_passed++;
    free(text);
}

static tdesk *read_fixture(const char *jsonl)
{
    tdesk *desk = tdesk_new(NULL);
    CHECK(desk != NULL);
    CHECK_INT(tdesk_read_buffer(desk, "fixture.jsonl", jsonl, strlen(jsonl)), ND_OK);
    CHECK_INT(tdesk_clean(desk), ND_OK);
    return desk;
}

/* Offsets of `word` in an article's clean text. */
static nd_span span_of(const nd_article *a, const char *word)
{
    const char *body = nd_article_body(a, NULL);
    const char *at = strstr(body, word);
    CHECK(at != NULL);
    size_t start = at ? (size_t)(at - body) : 0;
    return (nd_span){start, start + strlen(word)};
}

/* Every table, written by hand through nd_store_put and read back. */
static void test_round_trip(void)
{
    const char *path = temp_path("round.db");
    nd_store *store;
    CHECK_INT(nd_store_open(path, &store), ND_OK);
    CHECK_INT(nd_store_schema_version(store), ND__STORE_SCHEMA_VERSION);
    tdesk *desk = read_fixture(articles_jsonl);
    const nd_article *k1 = tdesk_article(desk, 0), *k2 = tdesk_article(desk, 1), *m1 = tdesk_article(desk, 2);

    /* k1: facts of every kind */
    const char *variants[] = {"Ines Varga", "Captain Ines Varga"};
    nd_span varga = span_of(k1, "Ines Varga"), point = span_of(k1, "Pellham Point");
    nd_entity entities[] = {
        {ND_ENTITY_PERSON, "Ines Varga", 2, variants, 1, &varga, "", 0, 0, 0},
        {ND_ENTITY_PLACE, "Pellham Point", 0, NULL, 1, &point, "GB", 1, 51.25, -2.5},
    };
    nd_date dates[] = {{span_of(k1, "Tuesday"), "2022-05-03", ND_DATE_DAY}};
    nd_quote quotes[] = {{span_of(k1, "Nobody was hurt,"), 1, 0, "", span_of(k1, "Varga said."), NULL}};
    nd_cite cites[] = {{1, span_of(k1, "Pellham Point")}};
    nd_facts facts = {"2022-05-03", "2022-05-03", "published", "", 2, entities, 1, dates, 1, quotes, 1, cites,
                      1, "lead"};
    nd_store_article row = {k1, 1651561200, 1, 1, 1, NULL, 0, NULL, &facts};
    CHECK_INT(nd_store_put(store, &row), ND_OK);
    CHECK_INT(nd_store_put(store, &row), ND_EINVAL); /* the same id twice is refused, nothing kept */

    /* k2: an exact copy of k1 with one shared passage */
    size_t k2_len;
    nd_article_body(k2, &k2_len);
    nd_passage passage = {12, 0, 40, 0, 40};
    nd_store_copy copy = {"k1", ND_RELATION_EXACT, 1.0, 1, 1, &passage};
    nd_store_article row2 = {k2, 1651561300, 1, 1, 0, "k1", 1, &copy, NULL};
    CHECK_INT(nd_store_put(store, &row2), ND_OK);
    /* a copy naming an article that is not stored is refused */
    nd_store_copy bad = {"nope", ND_RELATION_NEAR, 0.7, 0, 0, NULL};
    nd_store_article row3 = {m1, 1651647600, 2, 1, 1, NULL, 1, &bad, NULL};
    CHECK_INT(nd_store_put(store, &row3), ND_EINVAL);
    row3.copy_count = 0;
    CHECK_INT(nd_store_begin(store), ND_OK);
    CHECK_INT(nd_store_put(store, &row3), ND_OK);
    CHECK_INT(nd_store_state_put(store, "cluster", "state\0bytes", 11), ND_OK);
    CHECK_INT(nd_store_commit(store), ND_OK);

    nd_store_counts counts;
    CHECK_INT(nd_store_count(store, &counts), ND_OK);
    CHECK_INT(counts.articles, 3);
    CHECK_INT(counts.copies, 1);
    CHECK_INT(counts.passages, 1);
    CHECK_INT(counts.stories, 2);
    CHECK_INT(counts.storylines, 1);
    CHECK_INT(counts.entities, 2);
    CHECK_INT(counts.mentions, 2);
    CHECK_INT(counts.dates, 1);
    CHECK_INT(counts.quotes, 1);
    CHECK_INT(counts.cites, 1);

    check_has(store, "copies", "1|2|exact|1.0000|1");
    check_has(store, "passages", "1|2|0|40|0|40|12");
    /* story 1: two articles from two outlets; story 2 one; storyline 1 holds both stories */
    check_has(store, "stories", "1|1|1651561200|1651561300|2022-05-03|2022-05-03|2|2");
    check_has(store, "stories", "2|1|1651647600|1651647600|2022-05-04|2022-05-04|1|1");
    check_has(store, "storylines", "1|1651561200|1651647600|2|3");
    check_has(store, "entities", "1|Ines Varga|person||NULL|NULL");
    check_has(store, "entities", "2|Pellham Point|place|GB|51.2500|-2.5000");
    check_has(store, "entity_variants", "1|Captain Ines Varga");
    check_has(store, "entity_variants", "1|Ines Varga");
    char line[256];
    snprintf(line, sizeof line, "1|1|%zu|%zu", varga.start, varga.end);
    check_has(store, "mentions", line);
    snprintf(line, sizeof line, "1|%zu|%zu|2022-05-03|day", dates[0].span.start, dates[0].span.end);
    check_has(store, "dates", line);
    snprintf(line, sizeof line, "1|%zu|%zu|Nobody was hurt,|1|1||%zu|%zu", quotes[0].span.start, quotes[0].span.end,
             quotes[0].speaker_span.start, quotes[0].speaker_span.end);
    check_has(store, "quotes", line);
    snprintf(line, sizeof line, "1|2|%zu|%zu", point.start, point.end);
    check_has(store, "cites", line);
    /* the article row: origin, hash, story, duplicate_of, facts' fields, place */
    check_has(store, "articles", "|fixture.jsonl:2|Ferry Aurora runs aground off Pellham Point||");
    check_has(store, "articles", "|1|1|1|NULL|NULL|NULL|NULL\n"); /* k2: copy of row 1, no facts */
    check_has(store, "articles", "|1|1|NULL|2022-05-03|published|2|lead\n");  /* k1 */
    CHECK_INT(nd__store_search_count(store, "aground"), 2);
    CHECK_INT(nd__store_search_count(store, "cider"), 1);
    CHECK_INT(nd__store_search_count(store, "orchard AND ferry"), 0);

    char *blob;
    size_t len;
    CHECK_INT(nd_store_state_get(store, "cluster", &blob, &len), 1);
    CHECK_INT(len, 11);
    CHECK(blob && memcmp(blob, "state\0bytes", 11) == 0);
    free(blob);
    CHECK_INT(nd_store_state_get(store, "nothing", &blob, &len), 0);
    CHECK(blob == NULL);

    /* reopen: everything is still there */
    nd_store_close(store);
    CHECK_INT(nd_store_open(path, &store), ND_OK);
    CHECK_INT(nd_store_count(store, &counts), ND_OK);
    CHECK_INT(counts.articles, 3);
    CHECK_INT(counts.quotes, 1);
    CHECK_INT(nd_store_state_get(store, "cluster", &blob, &len), 1);
    CHECK_INT(len, 11);
    free(blob);
    nd_store_match match;
    CHECK_INT(nd_store_find(store, k2, &match), 1);
    CHECK_STR(match.id, "k2");
    CHECK_STR(match.by, "id");
    CHECK_INT(match.story, 1);
    nd_store_close(store);
    tdesk_free(desk);
}

typedef struct exported {
    char lines[16][96];
    int count;
} exported;

static int keep_assignment(void *user, const nd_store_assignment *a)
{
    exported *e = user;
    if (e->count < 16)
        snprintf(e->lines[e->count++], sizeof e->lines[0], "%s %lld %lld %s", a->id, a->story, a->storyline,
                 a->duplicate_of ? a->duplicate_of : "-");
    return 0;
}

/* The whole pipeline into the store, twice, then the same articles under other ids. */
static void test_ingest_again(void)
{
    const char *path = temp_path("again.db");
    nd_store *store;
    CHECK_INT(nd_store_open(path, &store), ND_OK);
    tdesk *desk = read_fixture(articles_jsonl);
    nd_ingest_stats stats;
    CHECK_INT(tdesk_ingest(desk, store, NULL, 2, &stats), ND_OK);
    CHECK_INT(stats.read, 3);
    CHECK_INT(stats.added, 3);
    CHECK_INT(stats.copies, 1);
    CHECK_INT(stats.skipped, 0);
    CHECK_INT(stats.stories_opened, 2);
    CHECK_INT(stats.stories_updated, 0);
    exported first = {0};
    CHECK_INT(nd_store_export(store, keep_assignment, &first), ND_OK);
    CHECK_INT(first.count, 3);
    CHECK_STR(first.lines[0], "k1 1 1 -");
    CHECK_STR(first.lines[1], "k2 1 1 k1");
    CHECK_STR(first.lines[2], "m1 2 2 -");
    nd_store_counts before, after;
    CHECK_INT(nd_store_count(store, &before), ND_OK);
    CHECK(before.entities > 0); /* facts came through extraction */
    tdesk_free(desk);

    /* the same input again adds nothing */
    desk = read_fixture(articles_jsonl);
    CHECK_INT(tdesk_ingest(desk, store, NULL, 0, &stats), ND_OK);
    CHECK_INT(stats.read, 3);
    CHECK_INT(stats.added, 0);
    CHECK_INT(stats.skipped, 3);
    CHECK_INT(stats.stories_opened, 0);
    CHECK_INT(nd_store_count(store, &after), ND_OK);
    CHECK(memcmp(&before, &after, sizeof before) == 0);
    tdesk_free(desk);

    /* by url; by content (source, title, text) under a new id and url; and one really new */
    static const char again_jsonl[] =
        "{\"id\": \"k1-again\", \"source\": \"valley-post\", \"url\": \"https://valley.example/k1\", "
        "\"title\": \"Updated\", \"text\": \"Different words entirely about a ferry.\"}\n"
        "{\"id\": \"m1-mirror\", \"source\": \"valley-post\", \"url\": \"https://mirror.example/m1\", \"published\": "
        "\"2022-05-04\", \"title\": \"Orchard festival opens in Brimley\", \"text\": \"The orchard festival of "
        "Brimley opened on Wednesday with cider from forty farms. Organiser Tomas Reel expects ten thousand "
        "visitors by Sunday.\"}\n"
        "{\"id\": \"m2\", \"source\": \"coast-daily\", \"url\": \"https://coast.example/m2\", \"published\": "
        "\"2022-05-05\", \"title\": \"Cider farms of Brimley fill the orchard festival\", \"text\": \"Forty "
        "cider farms filled the orchard festival of Brimley on Thursday. Organiser Tomas Reel counted six "
        "thousand visitors so far.\"}\n";
    desk = read_fixture(again_jsonl);
    nd_store_match match;
    CHECK_INT(nd_store_find(store, tdesk_article(desk, 0), &match), 1);
    CHECK_STR(match.by, "url");
    CHECK_STR(match.id, "k1");
    CHECK_INT(nd_store_find(store, tdesk_article(desk, 1), &match), 1);
    CHECK_STR(match.by, "content");
    CHECK_STR(match.id, "m1");
    CHECK_INT(nd_store_find(store, tdesk_article(desk, 2), &match), 0);
    CHECK_INT(tdesk_ingest(desk, store, NULL, 0, &stats), ND_OK);
    CHECK_INT(stats.added, 1);
    CHECK_INT(stats.skipped, 2);
    exported last = {0};
    CHECK_INT(nd_store_export(store, keep_assignment, &last), ND_OK);
    CHECK_INT(last.count, 4);
    CHECK(strncmp(last.lines[3], "m2 ", 3) == 0);
    /* m2 reports the festival: it joins story 2, opened by the earlier run */
    CHECK_STR(last.lines[3], "m2 2 2 -");
    CHECK_INT(stats.stories_updated, 1);
    tdesk_free(desk);
    nd_store_close(store);
}

/* A version-1 store, written here as newsdesk 0.1 wrote it, opens and is migrated. */
static void test_migration(void)
{
    const char *path = temp_path("v1.db");
    nd_store *store;
    CHECK_INT(nd__store_open_version(path, 1, &store), ND_OK);
    CHECK_INT(nd_store_schema_version(store), 1);
    CHECK_INT(nd_store_put(store, &(nd_store_article){0}), ND_EINVAL); /* not at the current schema */
    CHECK_INT(nd__store_exec(store,
                             "INSERT INTO articles (row, id, source, url, published, first_seen, origin, title, "
                             "dateline, text, body, content_hash, story, storyline) VALUES "
                             "(1, 'v1', 'north-star', '', '2020-01-02', 100, 'a.jsonl:1', 'Lighthouse relit', '', "
                             "'The Calloway lighthouse was relit.', 'The Calloway lighthouse was relit.', 7, 1, 1),"
                             "(2, 'v2', 'south-wind', '', '2020-01-03', 200, 'a.jsonl:2', 'Calloway light shines', "
                             "'', 'Calloway light shines again.', 'Calloway light shines again.', 8, 1, 1),"
                             "(3, 'v3', 'north-star', '', '2020-01-04', 300, 'a.jsonl:3', 'Calloway keeper', '', "
                             "'The keeper of Calloway retires.', 'The keeper of Calloway retires.', 9, 1, 1);"
                             "INSERT INTO stories (id, storyline, opened, last_update, first_published, "
                             "last_published, article_count) VALUES (1, 1, 100, 300, '2020-01-02', '2020-01-04', 3);"
                             "INSERT INTO storylines VALUES (1, 100, 300, 1, 3);"
                             "INSERT INTO engine_state VALUES ('cluster', x'00', 300);"),
              ND_OK);
    CHECK_INT(nd__store_search_count(store, "Calloway"), ND_EINVAL); /* no search at version 1 */
    nd_store_close(store);

    CHECK_INT(nd_store_open(path, &store), ND_OK);
    CHECK_INT(nd_store_schema_version(store), ND__STORE_SCHEMA_VERSION);
    /* the outlets were counted from the articles, and the search index built from them */
    check_has(store, "stories", "1|1|100|300|2020-01-02|2020-01-04|3|2\n");
    CHECK_INT(nd__store_search_count(store, "calloway"), 3);
    CHECK_INT(nd__store_search_count(store, "lighthouse"), 1);
    nd_store_counts counts;
    CHECK_INT(nd_store_count(store, &counts), ND_OK);
    CHECK_INT(counts.articles, 3);
    nd_store_close(store);
    /* opening again does not migrate twice */
    CHECK_INT(nd_store_open(path, &store), ND_OK);
    CHECK_INT(nd_store_schema_version(store), ND__STORE_SCHEMA_VERSION);
    CHECK_INT(nd__store_search_count(store, "calloway"), 3);
    nd_store_close(store);

    /* a version-2 store whose feed tables were made on first use, as newsdesk did before
     * version 3 made them in a migration: they and their rows stay */
    path = temp_path("v2.db");
    CHECK_INT(nd__store_open_version(path, 2, &store), ND_OK);
    CHECK_INT(nd__store_dump(store, "feeds", stdout), ND_EINVAL); /* no such table yet */
    CHECK_INT(nd__store_exec(store,
                             "CREATE TABLE feeds (url TEXT PRIMARY KEY, title TEXT, etag TEXT, last_modified TEXT,"
                             " next_poll INTEGER NOT NULL DEFAULT 0, last_poll INTEGER NOT NULL DEFAULT 0,"
                             " last_new_item INTEGER NOT NULL DEFAULT 0, last_status INTEGER NOT NULL DEFAULT 0,"
                             " error TEXT NOT NULL DEFAULT '', errors INTEGER NOT NULL DEFAULT 0,"
                             " items INTEGER NOT NULL DEFAULT 0, added INTEGER NOT NULL);"
                             "CREATE TABLE feed_items (feed TEXT NOT NULL, guid TEXT NOT NULL,"
                             " first_seen INTEGER NOT NULL, PRIMARY KEY (feed, guid)) WITHOUT ROWID;"
                             "INSERT INTO feeds (url, added) VALUES ('http://127.0.0.1/rss', 5);"
                             "INSERT INTO feed_items VALUES ('http://127.0.0.1/rss', 'g1', 6);"),
              ND_OK);
    nd_store_close(store);
    CHECK_INT(nd_store_open(path, &store), ND_OK);
    CHECK_INT(nd_store_schema_version(store), ND__STORE_SCHEMA_VERSION);
    CHECK_INT(nd_store_feed_item_seen(store, "http://127.0.0.1/rss", "g1"), 1);
    CHECK_INT(nd_store_feed_add(store, "http://127.0.0.1/rss", NULL), 0); /* there already */
    nd_store_close(store);
    /* and a new store has them from its first migration on, before any feed is added */
    path = temp_path("v3.db");
    CHECK_INT(nd_store_open(path, &store), ND_OK);
    CHECK_INT(nd_store_feed_item_seen(store, "http://127.0.0.1/rss", "g1"), 0);
    check_has(store, "sqlite_master", "feed_items");
    nd_store_close(store);
}

/* What is not a newsdesk store is refused and left as it was. */
static void test_refused(void)
{
    const char *path = temp_path("other.db");
    nd_store *store;
    CHECK_INT(nd__store_open_version(path, 1, &store), ND_OK);
    CHECK_INT(nd__store_exec(store, "PRAGMA user_version = 99"), ND_OK);
    nd_store_close(store);
    CHECK_INT(nd_store_open(path, &store), ND_EFORMAT); /* from a newer newsdesk */
    CHECK(store == NULL);

    path = temp_path("foreign.db");
    CHECK_INT(nd__store_open_version(path, 1, &store), ND_OK);
    CHECK_INT(nd__store_exec(store, "PRAGMA application_id = 0"), ND_OK);
    nd_store_close(store);
    CHECK_INT(nd_store_open(path, &store), ND_EFORMAT); /* someone else's tables */

    path = temp_path("garbage.db");
    FILE *f = fopen(path, "wb");
    for (int i = 0; i < 4096; i++)
        fputc("not sqlite "[i % 11], f);
    fclose(f);
    CHECK_INT(nd_store_open(path, &store), ND_EFORMAT);
    CHECK_INT(nd_store_open("/nonexistent-dir/x.db", &store), ND_EIO);
    nd_store_close(NULL);
}

int main(void)
{
    test_round_trip();
    test_ingest_again();
    test_migration();
    test_refused();
    const char *names[] = {"round.db", "again.db", "v1.db", "other.db", "foreign.db", "garbage.db"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        temp_path(names[i]);
    return CHECK_DONE();
}
