/* Tests of pipeline.c (nd_ingest_* in newsdesk.h): an ingest stores every article with its
 * story, in batches; running it again on the same input stores nothing twice and ends where
 * one run would have; the counts in nd_ingest_stats add up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "newsdesk.h"

static char db[64];

/* Six articles of our own writing: three reports of a bridge opening (one an exact copy), two
 * of a choir prize, one alone. */
static const char *const LINES =
    "{\"id\":\"b1\",\"source\":\"Valley Times\",\"published\":\"2024-05-06T08:00:00Z\",\"title\":\"Harwick bridge opens to traffic\","
    "\"text\":\"The new Harwick river bridge opened to traffic on Monday morning after three years of building work.\\n\\n"
    "Mayor Ines Calder cut the ribbon and the first cars crossed the bridge shortly after eight o'clock.\"}\n"
    "{\"id\":\"b2\",\"source\":\"County News\",\"published\":\"2024-05-06T09:00:00Z\",\"title\":\"First cars cross the Harwick bridge\","
    "\"text\":\"Cars crossed the new Harwick river bridge on Monday as it opened to traffic after three years of work.\\n\\n"
    "Mayor Ines Calder said the bridge would cut the drive to the coast by twenty minutes.\"}\n"
    "{\"id\":\"b3\",\"source\":\"Copy Wire\",\"published\":\"2024-05-06T10:00:00Z\",\"title\":\"Harwick bridge opens to traffic\","
    "\"text\":\"The new Harwick river bridge opened to traffic on Monday morning after three years of building work.\\n\\n"
    "Mayor Ines Calder cut the ribbon and the first cars crossed the bridge shortly after eight o'clock.\"}\n"
    "{\"id\":\"c1\",\"source\":\"Valley Times\",\"published\":\"2024-05-07T12:00:00Z\",\"title\":\"Sorrel choir wins festival prize\","
    "\"text\":\"The Sorrel Valley choir won first prize at the regional singing festival on Tuesday evening.\\n\\n"
    "Conductor Amal Reyes said the prize money would pay for a tour of the northern towns next spring.\"}\n"
    "{\"id\":\"c2\",\"source\":\"County News\",\"published\":\"2024-05-07T15:00:00Z\",\"title\":\"Choir prize for Sorrel Valley\","
    "\"text\":\"Singers of the Sorrel Valley choir took first prize at the regional festival, beating twelve other choirs.\\n\\n"
    "Amal Reyes, who conducts the choir, said a tour of the northern towns was planned for spring.\"}\n"
    "{\"id\":\"o1\",\"source\":\"Garden Notes\",\"published\":\"2024-05-08T07:00:00Z\",\"title\":\"Rare orchid blooms in Hartwell\","
    "\"text\":\"A rare orchid flowered in the glasshouse of the Hartwell botanical garden this week.\\n\\n"
    "Gardeners said the plant blooms only once every seven years and drew a queue of visitors.\"}\n";

typedef struct seen {
    size_t count;
    char ids[8][8];
    long long story[8];
} seen;

static int collect(void *user, const nd_store_assignment *a)
{
    seen *s = user;
    if (s->count < 8) {
        snprintf(s->ids[s->count], sizeof s->ids[0], "%s", a->id);
        s->story[s->count] = a->story;
    }
    s->count++;
    return 0;
}

static long long story_of(const seen *s, const char *id)
{
    for (size_t i = 0; i < s->count && i < 8; i++)
        if (strcmp(s->ids[i], id) == 0)
            return s->story[i];
    return -1;
}

static int ingest(const char *data, size_t len, size_t batch, nd_ingest_stats *stats)
{
    nd_store *store = NULL;
    int rc = nd_store_open(db, &store);
    CHECK_INT(rc, ND_OK);
    if (rc != ND_OK)
        return rc;
    nd_ingest *in = NULL;
    rc = nd_ingest_open(store, NULL, NULL, batch, &in);
    CHECK_INT(rc, ND_OK);
    if (rc == ND_OK)
        rc = nd_ingest_read_buffer(in, "six.jsonl", data, len);
    if (rc == ND_OK || rc == ND_ESKIPPED)
        rc = nd_ingest_finish(in, stats);
    nd_ingest_free(in);
    nd_store_close(store);
    return rc;
}

static void test_ingest_and_again(void)
{
    nd_ingest_stats stats;
    memset(&stats, 0xff, sizeof stats);
    CHECK_INT(ingest(LINES, strlen(LINES), 2, &stats), ND_OK);
    CHECK_INT(stats.read, 6);
    CHECK_INT(stats.added, 6);
    CHECK_INT(stats.copies, 1);
    CHECK_INT(stats.skipped, 0);
    CHECK_INT(stats.stories_opened, 3);
    CHECK_INT(stats.stories_updated, 0);
    /* stats.batches and the *_seconds fields are never set by pipeline.c today (reported to its
     * owner, issue 16 "Drift"): not checked until they are */

    nd_store *store = NULL;
    CHECK_INT(nd_store_open(db, &store), ND_OK);
    nd_store_counts counts;
    CHECK_INT(nd_store_count(store, &counts), ND_OK);
    CHECK_INT(counts.articles, 6);
    CHECK_INT(counts.stories, 3);
    seen s = {0};
    CHECK_INT(nd_store_export(store, collect, &s), ND_OK);
    CHECK_INT(s.count, 6);
    CHECK(story_of(&s, "b1") > 0);
    CHECK(story_of(&s, "b1") == story_of(&s, "b2"));
    CHECK(story_of(&s, "b1") == story_of(&s, "b3")); /* the copy joins its original's story */
    CHECK(story_of(&s, "c1") == story_of(&s, "c2"));
    CHECK(story_of(&s, "c1") != story_of(&s, "b1"));
    CHECK(story_of(&s, "o1") != story_of(&s, "c1") && story_of(&s, "o1") != story_of(&s, "b1"));
    nd_store_close(store);

    /* the same input again: everything is known, nothing is added */
    CHECK_INT(ingest(LINES, strlen(LINES), 0, &stats), ND_OK);
    CHECK_INT(stats.read, 6);
    CHECK_INT(stats.added, 0);
    CHECK_INT(stats.skipped, 6);
    CHECK_INT(stats.stories_opened, 0);
    CHECK_INT(nd_store_open(db, &store), ND_OK);
    CHECK_INT(nd_store_count(store, &counts), ND_OK);
    CHECK_INT(counts.articles, 6);
    CHECK_INT(counts.stories, 3);
    nd_store_close(store);
}

/* The first four articles in one run and all six in a second end as one run of six. */
static void test_resume_is_one_run(void)
{
    const char *cut = LINES;
    for (int i = 0; i < 4; i++)
        cut = strchr(cut, '\n') + 1;
    nd_ingest_stats stats;
    CHECK_INT(ingest(LINES, (size_t)(cut - LINES), 0, &stats), ND_OK);
    CHECK_INT(stats.added, 4);
    CHECK_INT(ingest(LINES, strlen(LINES), 0, &stats), ND_OK);
    CHECK_INT(stats.added, 2);
    CHECK_INT(stats.skipped, 4);
    CHECK_INT(stats.stories_opened, 1);  /* the orchid */
    CHECK_INT(stats.stories_updated, 1); /* c2 joins the choir story of the first run */
    nd_store *store = NULL;
    CHECK_INT(nd_store_open(db, &store), ND_OK);
    seen s = {0};
    CHECK_INT(nd_store_export(store, collect, &s), ND_OK);
    CHECK_INT(s.count, 6);
    CHECK(story_of(&s, "c1") == story_of(&s, "c2"));
    nd_store_close(store);
}

static void test_bad_arguments(void)
{
    nd_ingest *in = (nd_ingest *)&in;
    CHECK(nd_ingest_open(NULL, NULL, NULL, 0, &in) < 0);
    nd_ingest_free(NULL);
}

int main(void)
{
    snprintf(db, sizeof db, "test_pipeline_%d.db", (int)getpid());
    char wal[80], shm[80];
    snprintf(wal, sizeof wal, "%s-wal", db);
    snprintf(shm, sizeof shm, "%s-shm", db);
    test_ingest_and_again();
    remove(db), remove(wal), remove(shm);
    test_resume_is_one_run();
    remove(db), remove(wal), remove(shm);
    test_bad_arguments();
    return CHECK_DONE();
}
