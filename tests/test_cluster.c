/*
 * test_cluster.c: unit tests of the story clusterer on small fixtures written here (our own
 * words, about invented events): dates, joining and opening stories, copies, stream order,
 * closing stories as time passes, determinism, and saving and loading the state.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "desk.h"
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

static const char *weights_path; /* data/story_weights.txt, from the command line */

static void run_stream(seen *out)
{
    memset(out, 0, sizeof *out);
    tdesk *desk = tdesk_new(NULL);
    nd_cluster *cluster = nd_cluster_new(NULL);
    CHECK(desk && cluster);
    if (weights_path)
        CHECK_INT(nd_cluster_load_weights(cluster, weights_path, NULL), ND_OK);
    CHECK_INT(tdesk_read_buffer(desk, "stream.jsonl", stream_jsonl, strlen(stream_jsonl)), ND_OK);
    CHECK_INT(tdesk_cluster(desk, cluster, remember, out), ND_OK);
    CHECK(nd_cluster_held_stories(cluster) >= 2);
    nd_cluster_free(cluster);
    tdesk_free(desk);
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
    tdesk *desk = tdesk_new(&options);
    nd_cluster *cluster = nd_cluster_new(&options);
    char line[256];
    for (int i = 0; i < 200; i++) {
        int n = snprintf(line, sizeof line,
                         "{\"id\": \"x%d\", \"published\": \"2020-%02d-%02d\", \"title\": \"Item %d\", "
                         "\"text\": \"Zorblat%d quexite%d met Vantor%d in Plimsby%d.\"}\n",
                         i, 1 + i / 28 % 12, 1 + i % 28, i, i, i, i, i);
        CHECK_INT(tdesk_read_buffer(desk, "gen.jsonl", line, (size_t)n), ND_OK);
    }
    CHECK_INT(tdesk_cluster(desk, cluster, NULL, NULL), ND_OK);
    CHECK(nd_cluster_live_stories(cluster) < 100);
    CHECK(nd_cluster_held_stories(cluster) < 100);
    nd_cluster_free(cluster);
    tdesk_free(desk);
    nd_cluster_free(NULL);
}

/* Word k of invented event e: capitalised, made of syllables, the same for every report. */
static void invented_word(char *out, int e, int k)
{
    static const char *const syllables[] = {"ka", "lo", "mi", "ren", "tu", "vo", "zel", "pra", "dun", "sil", "qua", "bex"};
    snprintf(out, 16, "%s%s%s", syllables[(e * 5 + k) % 12], syllables[(e * 7 + k * 3 + 1) % 12],
             syllables[(e + k * 5 + 2) % 12]);
    out[0] = (char)(out[0] - 'a' + 'A');
}

/* Reads a whole small file into a string (NULL when it cannot). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = calloc(1, 1 << 22);
    if (text)
        fread(text, 1, (1 << 22) - 1, f);
    fclose(f);
    return text;
}

/* A stream split into two runs, the state saved after the first and loaded for the second,
 * gives exactly the stories, storylines and final state of one run, wherever it is split. */
/* Loads the learned weights into a fresh state when a path is given (the split run must be
 * exact with them too). */
static nd_cluster *new_state(const nd_options *options, const char *weights)
{
    nd_cluster *c = nd_cluster_new(options);
    CHECK(c != NULL);
    if (c && weights)
        CHECK_INT(nd_cluster_load_weights(c, weights, NULL), ND_OK);
    return c;
}

static void test_save_load(const char *weights)
{
    nd_options options;
    nd_options_init(&options);
    options.story_expire_days = 4; /* so that stories close (after 4 to about 13 idle days, by
                                     size) and are forgotten on the way */
    options.storyline_days = 30;
    options.story_entities = 2; /* every kind of extracted feature goes through the state */
    tdesk *desk = tdesk_new(&options);
    CHECK_INT(tdesk_read_buffer(desk, "stream.jsonl", stream_jsonl, strlen(stream_jsonl)), ND_OK);
    char line[512];
    for (int i = 0; i < 90; i++) {
        int event = i % 7 + (i / 30) * 7; /* events come back, then new ones start */
        char w[6][16];
        for (int k = 0; k < 6; k++)
            invented_word(w[k], event, k);
        int n = snprintf(line, sizeof line,
                         "{\"id\": \"g%d\", \"published\": \"2021-%02d-%02d\", \"title\": \"The %s %s "
                         "of %s\", \"text\": \"People in %s saw the %s %s again. %s %s said %d were there. "
                         "The %s of %s went on. It began on February %d, 2021.%s\"}\n",
                         i, 3 + i / 20, 1 + i % 20, w[0], w[1], w[2], w[2], w[0], w[1], w[3], w[4],
                         event * 10 + 7, w[5], w[2], 1 + event % 28,
                         i % 3 ? "" : "\\n\\nSign up to our letter: the day in five minutes.");
        CHECK_INT(tdesk_read_buffer(desk, "gen.jsonl", line, (size_t)n), ND_OK);
    }
    CHECK_INT(tdesk_clean(desk), ND_OK);
    size_t count = tdesk_article_count(desk);
    CHECK(count == 96);
    tdesk_facts *facts = NULL;
    CHECK_INT(tdesk_extract(desk, NULL, &facts), ND_OK);
#define ADD(cluster, i) nd_cluster_add_facts(cluster, tdesk_article(desk, i), tdesk_facts_of(facts, i), 0, &r)
    long long story[96], storyline[96];
    const char *whole = "test_cluster_whole.state", *half = "test_cluster_half.state",
               *split = "test_cluster_split.state";
    nd_cluster *one = new_state(&options, weights);
    nd_cluster_result r;
    for (size_t i = 0; i < count; i++) {
        CHECK_INT(ADD(one, i), ND_OK);
        story[i] = r.story;
        storyline[i] = r.storyline;
    }
    long long stories = 0;
    for (size_t i = 0; i < count; i++)
        stories = story[i] > stories ? story[i] : stories;
    /* Several stories, most of them with many articles (the invented events share words, and a
     * closed story that a later report names the day of is reopened, so they are few). */
    CHECK(stories > 5 && stories < 60);
    CHECK(nd_cluster_held_stories(one) < (size_t)stories); /* some were forgotten */
    CHECK_INT(nd_cluster_save(one, whole), ND_OK);
    char *expected = slurp(whole);
    CHECK(expected != NULL);
    CHECK(expected && strstr(expected, " 9 2021-02-")); /* days named in the text are features */
    for (size_t at = 0; at <= count; at += 19) {
        nd_cluster *first = new_state(&options, weights), *second = new_state(&options, weights);
        int same = 1;
        for (size_t i = 0; i < at; i++) {
            CHECK_INT(ADD(first, i), ND_OK);
            same &= r.story == story[i] && r.storyline == storyline[i];
        }
        CHECK_INT(nd_cluster_save(first, half), ND_OK);
        CHECK_INT(nd_cluster_load(second, half), ND_OK);
        CHECK_INT(nd_cluster_live_stories(second), nd_cluster_live_stories(first));
        CHECK_INT(nd_cluster_held_stories(second), nd_cluster_held_stories(first));
        for (size_t i = at; i < count; i++) {
            CHECK_INT(ADD(second, i), ND_OK);
            same &= r.story == story[i] && r.storyline == storyline[i];
        }
        CHECK(same);
        CHECK_INT(nd_cluster_save(second, split), ND_OK);
        char *got = slurp(split);
        CHECK(got && expected && strcmp(got, expected) == 0);
        free(got);
        nd_cluster_free(first);
        nd_cluster_free(second);
    }
    /* Errors: a missing file, a malformed one, a state that is not fresh. */
    nd_cluster *fresh = nd_cluster_new(&options);
    CHECK_INT(nd_cluster_load(fresh, "test_cluster_no_such.state"), ND_EIO);
    FILE *f = fopen(half, "w");
    if (f) {
        fputs("newsdesk-cluster-state 2\ncounters 1 0 0 0 0 0\nstory 5 1 1 1 0 0 0 1 0 0\nend\n", f);
        fclose(f);
    }
    CHECK_INT(nd_cluster_load(fresh, half), ND_EFORMAT);
    CHECK_INT(nd_cluster_held_stories(fresh), 0);
    CHECK_INT(nd_cluster_load(fresh, whole), ND_OK);
    CHECK_INT(nd_cluster_load(fresh, whole), ND_EINVAL);
    nd_cluster_free(fresh);
    remove(whole);
    remove(half);
    remove(split);
#undef ADD
    free(expected);
    tdesk_facts_free(facts);
    nd_cluster_free(one);
    tdesk_free(desk);
}

/* The learned join decision: loading, its errors, and the explanation of each join. */
static void test_weights(const char *path)
{
    nd_cluster *c = nd_cluster_new(NULL);
    size_t line = 99;
    CHECK_INT(nd_cluster_load_weights(c, "test_cluster_no_such_weights.txt", &line), ND_EIO);
    CHECK_INT(line, 0);
    char *good = slurp(path);
    CHECK(good != NULL);
    const char *damaged = "test_cluster_damaged_weights.txt";
    FILE *f = fopen(damaged, "w");
    if (f && good) {
        /* the third feature line's join weight is not a number */
        char *at = strstr(good, "\nfeature names ");
        CHECK(at != NULL);
        fwrite(good, 1, at ? (size_t)(at - good) : 0, f);
        fputs("\nfeature names 1.0 x\n", f);
        fclose(f);
        CHECK_INT(nd_cluster_load_weights(c, damaged, &line), ND_EFORMAT);
        CHECK(line > 3);
    }
    f = fopen(damaged, "w");
    if (f) {
        fputs("newsdesk-story-weights 1\nfeature hand 1 1\nend\n", f); /* features missing */
        fclose(f);
        CHECK_INT(nd_cluster_load_weights(c, damaged, &line), ND_EFORMAT);
        CHECK_INT(line, 0);
    }
    remove(damaged);
    free(good);
    CHECK_INT(nd_cluster_load_weights(c, path, &line), ND_OK);
    /* Each article that joined says why, with the model's probability of joining. */
    tdesk *desk = tdesk_new(NULL);
    CHECK_INT(tdesk_read_buffer(desk, "stream.jsonl", stream_jsonl, strlen(stream_jsonl)), ND_OK);
    CHECK_INT(tdesk_clean(desk), ND_OK);
    nd_cluster_result r;
    int joined = 0;
    for (size_t i = 0; i < tdesk_article_count(desk); i++) {
        CHECK_INT(nd_cluster_add(c, tdesk_article(desk, i), 0, &r), ND_OK);
        if (!r.opened) {
            joined++;
            CHECK(r.reason_count > 0 && r.reason_count <= ND_CLUSTER_REASONS);
            CHECK(r.join_probability >= 0.5 && r.join_probability <= 1);
            for (size_t k = 0; k < r.reason_count; k++)
                CHECK(r.reasons[k] && r.reasons[k][0] && r.reason_weights[k] != 0);
            for (size_t k = 1; k < r.reason_count; k++)
                CHECK(fabs(r.reason_weights[k]) <= fabs(r.reason_weights[k - 1]));
        } else if (r.reason_count)
            CHECK(r.join_probability < 0.5);
    }
    CHECK(joined >= 2);
    tdesk_free(desk);
    nd_cluster_free(c);
}


/* Clusters `jsonl` (articles of our own) with the given options into results[] (at most max);
 * returns how many. The state is kept in *out when out is given (the caller frees it). */
static size_t cluster_lines(const char *jsonl, const nd_options *options, nd_cluster_result *results, size_t max,
                            nd_cluster **out)
{
    tdesk *desk = tdesk_new(options);
    CHECK_INT(tdesk_read_buffer(desk, "own.jsonl", jsonl, strlen(jsonl)), ND_OK);
    CHECK_INT(tdesk_clean(desk), ND_OK);
    tdesk_facts *facts = NULL;
    CHECK_INT(tdesk_extract(desk, NULL, &facts), ND_OK);
    nd_cluster *c = nd_cluster_new(options);
    size_t n = tdesk_article_count(desk);
    for (size_t i = 0; i < n && i < max; i++)
        CHECK_INT(nd_cluster_add_facts(c, tdesk_article(desk, i), tdesk_facts_of(facts, i), 0, &results[i]), ND_OK);
    tdesk_facts_free(facts);
    tdesk_free(desk);
    if (out)
        *out = c;
    else
        nd_cluster_free(c);
    return n < max ? n : max;
}

/* What an outlet says in every report (its call sign, its sign-off) weighs next to nothing once it
 * has said it often: eight reports of eight different events by one station stay eight stories,
 * and the call sign falls behind the event's own names; another outlet's first use still counts. */
static int name_rank(const nd_cluster_result *r, const char *name)
{
    for (size_t k = 0; k < r->name_count; k++)
        if (strcmp(r->names[k], name) == 0)
            return (int)k;
    return (int)ND_CLUSTER_FEATURES;
}

static void test_outlet_habit(void)
{
    enum { REPORTS = 16 };
    static const char *const what[REPORTS] = {
        "barn fire", "flooded road", "robotics prize", "bridge girders", "market renovation", "missing beagle",
        "choir record", "power cable", "library closure", "harbour dredging", "cycling race", "orchard frost",
        "bakery award", "tram derailment", "museum donation", "chess final"};
    char jsonl[REPORTS * 400 + 512];
    size_t used = 0;
    for (int i = 0; i < REPORTS; i++) {
        char a = (char)('a' + i);
        used += (size_t)snprintf(jsonl + used, sizeof jsonl - used,
                                 "{\"id\": \"k%d\", \"published\": \"2021-05-%02d\", \"url\": \"https://www.kxyz.example/news/%d\", "
                                 "\"title\": \"The %s in Marl%cford | KXYZ Channel Nine\", \"text\": \"Residents of Marl%cford "
                                 "watched the %s, said Osk%cr Venn%c. Stay with KXYZ Channel Nine and Maribel Oduya for "
                                 "updates.\"}\n",
                                 i, 1 + i, i, what[i], a, a, what[i], a, a);
    }
    used += (size_t)snprintf(jsonl + used, sizeof jsonl - used,
                             "{\"id\": \"other\", \"published\": \"2021-05-20\", \"url\": \"https://paper.example/a\", "
                             "\"title\": \"KXYZ tower repaired\", \"text\": \"Engineers repaired the KXYZ tower near Ilford "
                             "on Tuesday. KXYZ went back on air at noon.\"}\n");
    nd_cluster_result r[REPORTS + 1];
    nd_cluster *c = NULL; /* the names are borrowed from it */
    CHECK_INT(cluster_lines(jsonl, NULL, r, REPORTS + 1, &c), REPORTS + 1);
    /* Once the outlet has a history, a report of a new event no longer joins on its habits (at
     * least three in four of the later reports open their own story; without the discount all of
     * them join the first), and its call sign falls behind the event's own names. */
    int opened = 0;
    for (int i = REPORTS / 2; i < REPORTS; i++)
        opened += r[i].opened;
    CHECK(opened * 4 >= REPORTS / 2 * 3);
    CHECK(name_rank(&r[REPORTS - 1], "KXYZ") > name_rank(&r[REPORTS - 1], "Marlpford"));
    CHECK(name_rank(&r[REPORTS - 1], "KXYZ") > name_rank(&r[0], "KXYZ"));
    CHECK(name_rank(&r[REPORTS], "KXYZ") < (int)ND_CLUSTER_FEATURES); /* another outlet naming it */
    nd_cluster_free(c);
}

/* A content-free page neither joins a story nor anchors one; its words say so. */
static void test_content_free(void)
{
    const char *jsonl = "{\"id\": \"e1\", \"published\": \"2021-06-01\", \"title\": \"en\", \"text\": \"\"}\n"
                        "{\"id\": \"e2\", \"published\": \"2021-06-01\", \"title\": \"en\", \"text\": \"\"}\n";
    nd_cluster_result r[2];
    CHECK_INT(cluster_lines(jsonl, NULL, r, 2, NULL), 2);
    CHECK(r[0].opened && r[1].opened);
    CHECK(r[0].story != r[1].story);
    CHECK(strstr(r[1].because, "too little text") != NULL);
}

/* Stories close after their window in stream days unless a report names their event day, which
 * reopens them; the engine's budget step closes the oldest; memory shrinks as stories close. */
static void test_lifecycle(void)
{
    const char *jsonl =
        "{\"id\": \"q1\", \"published\": \"2021-03-02\", \"title\": \"Quarry blast at Tellings Hill\", \"text\": "
        "\"A blast at the Tellings Hill quarry on March 1, 2021 injured Orla Penhaligon and Ivo Stannard. The "
        "Tellings Hill quarry was closed.\"}\n"
        "{\"id\": \"p1\", \"published\": \"2021-03-03\", \"title\": \"Parade in Wexcombe\", \"text\": \"The Wexcombe "
        "spring parade drew crowds on March 2, 2021. Mayor Dilys Amberley led the bands.\"}\n"
        "{\"id\": \"n1\", \"published\": \"2021-06-20\", \"title\": \"Orchard show in Pellow\", \"text\": \"Growers "
        "filled the Pellow orchard show on June 19, 2021, said Tamsin Roskilly.\"}\n"
        "{\"id\": \"q2\", \"published\": \"2021-09-15\", \"title\": \"Tellings Hill quarry owner charged\", \"text\": "
        "\"Six months after the blast of March 1, 2021 at the Tellings Hill quarry, which injured Orla Penhaligon "
        "and Ivo Stannard, the owner was charged.\"}\n";
    nd_cluster_result r[4];
    nd_cluster *c = NULL;
    CHECK_INT(cluster_lines(jsonl, NULL, r, 4, &c), 4);
    CHECK(r[0].opened && r[1].opened && r[2].opened);
    CHECK(!r[3].opened);                 /* the follow-up six months later joins its event */
    CHECK_INT(r[3].story, r[0].story);
    CHECK(strstr(r[3].because, "reopened") != NULL);
    CHECK(strstr(r[3].because, "same event day 2021-03-01") != NULL);
    /* Live: the reopened quarry story only (Wexcombe and Pellow closed after their window). */
    CHECK_INT(nd_cluster_live_stories(c), 1);
    CHECK_INT(nd_cluster_held_stories(c), 3);
    size_t before = nd__cluster_bytes(c);
    CHECK_INT(nd__cluster_close_oldest(c), 1); /* the budget step closes the oldest live one */
    CHECK_INT(nd_cluster_live_stories(c), 0);
    CHECK(nd__cluster_bytes(c) < before);      /* its members and spare room are let go */
    CHECK_INT(nd_cluster_held_stories(c), 3);
    while (nd__cluster_close_oldest(c)) /* then the closed ones are forgotten, oldest first */
        ;
    CHECK_INT(nd_cluster_held_stories(c), 0);
    CHECK_INT(nd__cluster_close_oldest(c), 0);
    nd_cluster_free(c);
}

int main(int argc, char **argv)
{
    test_days();
    test_outlet_habit();
    test_content_free();
    test_lifecycle();
    test_stream();
    test_expiry();
    test_save_load(NULL);
    if (argc > 1) {
        /* With the learned weights: the same stories from the fixtures, and an exact split run. */
        weights_path = argv[1];
        test_stream();
        test_save_load(argv[1]);
        test_weights(argv[1]);
    }
    return CHECK_DONE();
}
