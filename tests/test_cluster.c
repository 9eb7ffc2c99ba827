/*
 * test_cluster.c: unit tests of the story clusterer on small fixtures written here (our own
 * words, about invented events): dates, joining and opening stories, copies, stream order,
 * closing stories as time passes, and determinism.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cluster.h"

/* Two invented events of the same kind (floods in two towns), reported by several outlets,
 * and a follow-up of the first. */
static const char stream_jsonl[] =
    "{\"id\": \"a1\", \"published\": \"2021-03-01\", \"title\": \"River Marlow floods Kettering Vale\", "
    "\"text\": \"The River Marlow burst its banks in Kettering Vale on Sunday, flooding 240 homes. Mayor Ada "
    "Finchley said rescue boats reached the Old Mill district before dawn. Residents of Kettering Vale were "
    "moved to the Finchley Sports Hall.\"}\n"
    "{\"id\": \"b1\", \"published\": \"2021-03-01\", \"title\": \"Storm Petra: town of Dunmore under water\", "
    "\"text\": \"Heavy rain from Storm Petra left Dunmore under water on Sunday. Councillor Ivo Brandt said 75 "
    "families spent the night at Dunmore Grammar School. The Greyford bridge was closed.\"}\n"
    "{\"id\": \"a2\", \"published\": \"2021-03-02\", \"title\": \"Kettering Vale counts the cost of Marlow flood\", "
    "\"text\": \"A day after the River Marlow flooded 240 homes in Kettering Vale, Mayor Ada Finchley asked for "
    "help. Families from the Old Mill district stayed at the Finchley Sports Hall.\"}\n"
    "{\"id\": \"a3\", \"published\": \"2021-03-02\", \"title\": \"Kettering Vale counts the cost of Marlow flood\", "
    "\"text\": \"A day after the River Marlow flooded 240 homes in Kettering Vale, Mayor Ada Finchley asked for "
    "help. Families from the Old Mill district stayed at the Finchley Sports Hall.\"}\n"
    "{\"id\": \"b2\", \"published\": \"2021-03-02\", \"title\": \"Dunmore cleans up after Storm Petra\", "
    "\"text\": \"Volunteers cleared mud from the streets of Dunmore as Storm Petra moved east. Councillor Ivo "
    "Brandt thanked the 75 families who sheltered at Dunmore Grammar School; the Greyford bridge reopened.\"}\n"
    "{\"id\": \"a0\", \"published\": \"2021-02-28\", \"title\": \"Flood warning for the River Marlow\", "
    "\"text\": \"Forecasters warned that the River Marlow could flood Kettering Vale and the Old Mill district "
    "by Sunday. Mayor Ada Finchley opened the Finchley Sports Hall for residents of Kettering Vale.\"}\n";

typedef struct seen {
    char id[8][8];
    long long story[8], storyline[8];
    int duplicate[8];
    int count;
} seen;

static int remember(void *user, const nd_cluster_result *r)
{
    seen *s = user;
    if (s->count >= 8)
        return 1;
    snprintf(s->id[s->count], sizeof s->id[0], "%s", nd_article_id(r->article));
    s->story[s->count] = r->story;
    s->storyline[s->count] = r->storyline;
    s->duplicate[s->count] = r->duplicate_of != NULL;
    s->count++;
    return 0;
}

static long long story_of(const seen *s, const char *id)
{
    for (int i = 0; i < s->count; i++)
        if (strcmp(s->id[i], id) == 0)
            return s->story[i];
    return -1;
}

static void run_stream(seen *out)
{
    memset(out, 0, sizeof *out);
    nd_desk *desk = nd_desk_new(NULL);
    nd_cluster *cluster = nd_cluster_new(NULL);
    CHECK(desk && cluster);
    CHECK_INT(nd_desk_read_buffer(desk, "stream.jsonl", stream_jsonl, strlen(stream_jsonl)), ND_OK);
    CHECK_INT(nd_desk_cluster(desk, cluster, remember, out), ND_OK);
    CHECK(nd_cluster_held_stories(cluster) >= 2);
    nd_cluster_free(cluster);
    nd_desk_free(desk);
}

static void test_days(void)
{
    CHECK_INT(nd__cluster_day("1970-01-01"), 0);
    CHECK_INT(nd__cluster_day("2000-03-01"), 11017);
    CHECK_INT(nd__cluster_day("2017-10-19T10:00:00Z"), 17458);
    CHECK_INT(nd__cluster_day("2017-10"), INT32_MIN);
    CHECK_INT(nd__cluster_day(NULL), INT32_MIN);
    CHECK_INT(nd__cluster_day("2017-13-01"), INT32_MIN);
}

static void test_stream(void)
{
    seen s;
    run_stream(&s);
    CHECK_INT(s.count, 6);
    /* Stream order is by date: the warning of 28 February comes first. */
    CHECK_STR(s.id[0], "a0");
    CHECK(story_of(&s, "a0") == story_of(&s, "a1"));
    CHECK(story_of(&s, "a1") == story_of(&s, "a2"));
    CHECK(story_of(&s, "a2") == story_of(&s, "a3"));
    CHECK(story_of(&s, "b1") == story_of(&s, "b2"));
    CHECK(story_of(&s, "a1") != story_of(&s, "b1"));
    /* a3 is an exact copy of a2 */
    for (int i = 0; i < s.count; i++)
        CHECK_INT(s.duplicate[i], strcmp(s.id[i], "a3") == 0);
    /* Stories are numbered in order of opening. */
    CHECK_INT(story_of(&s, "a0"), 1);

    seen again;
    run_stream(&again);
    CHECK(memcmp(&s, &again, sizeof s) == 0); /* deterministic */
}

/* Stories that see no article for story_expire_days leave the live set; storyline_days later
 * they are forgotten. */
static void test_expiry(void)
{
    nd_options options;
    nd_options_init(&options);
    options.story_expire_days = 10;
    options.storyline_days = 20;
    nd_desk *desk = nd_desk_new(&options);
    nd_cluster *cluster = nd_cluster_new(&options);
    char line[256];
    for (int i = 0; i < 200; i++) {
        int n = snprintf(line, sizeof line,
                         "{\"id\": \"x%d\", \"published\": \"2020-%02d-%02d\", \"title\": \"Item %d\", "
                         "\"text\": \"Zorblat%d quexite%d met Vantor%d in Plimsby%d.\"}\n",
                         i, 1 + i / 28 % 12, 1 + i % 28, i, i, i, i, i);
        CHECK_INT(nd_desk_read_buffer(desk, "gen.jsonl", line, (size_t)n), ND_OK);
    }
    CHECK_INT(nd_desk_cluster(desk, cluster, NULL, NULL), ND_OK);
    CHECK(nd_cluster_live_stories(cluster) < 100);
    CHECK(nd_cluster_held_stories(cluster) < 100);
    nd_cluster_free(cluster);
    nd_desk_free(desk);
    nd_cluster_free(NULL);
}

int main(void)
{
    test_days();
    test_stream();
    test_expiry();
    return CHECK_DONE();
}
