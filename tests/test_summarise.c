/*
 * test_summarise.c: the story summary (src/stages/summarise.c) on fixtures of our own writing, and the
 * hot score.
 *
 *   test_summarise FIXTURES          unit tests (tests/fixtures/summarise)
 *   test_summarise --sets PATH...    every story of two or more articles in the given files has a
 *                                    headline and a summary with no repeated sentence and no page
 *                                    furniture (run by CTest on ../shared/data; 77 when absent)
 *   test_summarise --print PATH...   prints each story's summary (for looking)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "desk.h"
#include "newsdesk.h"

/* ---- a desk's articles as stories ------------------------------------------------------------ */
typedef struct pair_row {
    size_t a, b;
    size_t passage_count;
    nd_passage *passages;
    int copy;
} pair_row;

typedef struct run {
    tdesk *desk;
    tdesk_facts *facts;
    long long *story;         /* per article (input order) */
    const char **duplicate_of;
    pair_row *pairs;
    size_t pair_count, pair_cap;
    long long story_count;
} run;

/* The engine's results name articles by id (and hand out articles of their own replay). */
static size_t index_of_id(const run *r, const char *id)
{
    for (size_t i = 0; i < tdesk_article_count(r->desk); i++)
        if (strcmp(nd_article_id(tdesk_article(r->desk, i)), id) == 0)
            return i;
    return (size_t)-1;
}

static int keep_pair(void *user, const nd_pair *pair)
{
    run *r = user;
    if (r->pair_count == r->pair_cap) {
        r->pair_cap = r->pair_cap ? r->pair_cap * 2 : 64;
        r->pairs = realloc(r->pairs, r->pair_cap * sizeof *r->pairs);
    }
    pair_row *p = &r->pairs[r->pair_count++];
    p->a = index_of_id(r, pair->a);
    p->b = index_of_id(r, pair->b);
    p->copy = pair->relation != ND_RELATION_PASSAGES;
    p->passage_count = pair->passage_count;
    p->passages = malloc((pair->passage_count + 1) * sizeof *p->passages);
    if (pair->passage_count)
        memcpy(p->passages, pair->passages, pair->passage_count * sizeof *p->passages);
    return 0;
}

static int keep_story(void *user, const nd_cluster_result *result)
{
    run *r = user;
    size_t i = index_of_id(r, nd_article_id(result->article));
    r->story[i] = result->story;
    size_t original = result->duplicate_of ? index_of_id(r, result->duplicate_of) : (size_t)-1;
    r->duplicate_of[i] = original != (size_t)-1 ? nd_article_id(tdesk_article(r->desk, original)) : NULL;
    if (result->story > r->story_count)
        r->story_count = result->story;
    return 0;
}

static void quiet(void *user, const char *where, long line, int status, const char *message)
{
    (void)user, (void)where, (void)line, (void)status, (void)message;
}

static int run_paths(run *r, char **paths, int count)
{
    memset(r, 0, sizeof *r);
    nd_options options;
    nd_options_init(&options);
    options.on_diagnostic = quiet;
    r->desk = tdesk_new(&options);
    for (int i = 0; i < count; i++)
        tdesk_read_path(r->desk, paths[i]);
    size_t n = tdesk_article_count(r->desk);
    r->story = calloc(n + 1, sizeof *r->story);
    r->duplicate_of = calloc(n + 1, sizeof *r->duplicate_of);
    nd_gazetteer *places = NULL;
    const char *gazetteer = getenv("NEWSDESK_GAZETTEER");
    if (gazetteer)
        nd_gazetteer_load(gazetteer, &places);
    if (tdesk_extract(r->desk, places, &r->facts) != ND_OK)
        return 1;
    nd_cluster *cluster = nd_cluster_new(&options);
    int rc = tdesk_cluster_facts(r->desk, cluster, places, keep_story, r);
    nd_cluster_free(cluster);
    nd_gazetteer_free(places);
    if (rc == ND_OK)
        rc = tdesk_dedup(r->desk, keep_pair, r);
    return rc != ND_OK;
}

static void run_free(run *r)
{
    for (size_t i = 0; i < r->pair_count; i++)
        free(r->pairs[i].passages);
    free(r->pairs);
    free(r->story);
    free(r->duplicate_of);
    tdesk_facts_free(r->facts);
    tdesk_free(r->desk);
}

/* Summarises story `story` of the run; NULL when it has no articles. *members gets its size. */
static size_t word_count(const char *text, size_t len)
{
    size_t words = 0;
    for (size_t i = 0; i < len; i++)
        words += text[i] != ' ' && text[i] != '\n' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n');
    return words;
}

static size_t longest_body; /* words in the longest body of the last story summarised */

static nd_summary *summarise_story(run *r, long long story, size_t *members)
{
    longest_body = 0;
    size_t n = tdesk_article_count(r->desk), count = 0;
    nd_story_article *articles = calloc(n + 1, sizeof *articles);
    size_t *slot = calloc(n + 1, sizeof *slot);
    for (size_t i = 0; i < n; i++) {
        if (r->story[i] != story)
            continue;
        const nd_article *a = tdesk_article(r->desk, i);
        nd_story_article *s = &articles[count];
        s->id = nd_article_id(a);
        s->source = nd_article_source(a);
        s->url = nd_article_url(a);
        s->title = nd_article_title(a);
        s->published = nd_article_published(a);
        s->body = nd_article_body(a, &s->body_len);
        s->facts = tdesk_facts_of(r->facts, i);
        s->duplicate_of = r->duplicate_of[i];
        size_t words = word_count(s->body, s->body_len);
        longest_body = words > longest_body ? words : longest_body;
        slot[i] = ++count;
    }
    nd_story_link *links = calloc(r->pair_count + 1, sizeof *links);
    size_t link_count = 0;
    for (size_t p = 0; p < r->pair_count; p++) {
        const pair_row *row = &r->pairs[p];
        if (row->copy || !slot[row->a] || !slot[row->b])
            continue;
        links[link_count++] = (nd_story_link){slot[row->a] - 1, slot[row->b] - 1, row->passage_count, row->passages};
    }
    nd_summary *summary = NULL;
    if (count)
        nd_summarise(articles, count, links, link_count, &summary);
    free(links);
    free(slot);
    free(articles);
    *members = count;
    return summary;
}

static void print_summary(const nd_summary *s)
{
    printf("== %s  [%s]\n", s->headline, s->headline_from);
    printf("   when %s (%s)  where %s  articles %zu  outlets %zu  copies %zu  first %s\n", s->when ? s->when : "-",
           s->when_from ? s->when_from : "-", s->where ? s->where : "-", s->article_count, s->outlet_count,
           s->copy_count, s->articles[s->first].id);
    for (size_t i = 0; i < s->sentence_count; i++)
        printf("   | %s\n", s->sentences[i]);
    printf("   people:");
    for (size_t i = 0; i < s->people_count; i++)
        printf(" %s(%zu)", s->people[i].name, s->people[i].article_count);
    printf("\n   orgs:");
    for (size_t i = 0; i < s->organisation_count; i++)
        printf(" %s(%zu)", s->organisations[i].name, s->organisations[i].article_count);
    printf("\n");
    for (size_t i = 0; i < s->quote_count; i++)
        printf("   q %s: %.80s\n", s->quotes[i].speaker, s->quotes[i].text);
    for (size_t i = 0; i < s->passage_count; i++)
        printf("   p %s/%s: %.80s\n", s->passages[i].a_id, s->passages[i].b_id, s->passages[i].a_text);
}

/* ---- unit tests ------------------------------------------------------------------------------ */
static const nd_summary *find_story_with(nd_summary **all, size_t count, const char *article_id)
{
    for (size_t i = 0; i < count; i++)
        for (size_t k = 0; all[i] && k < all[i]->source_count; k++)
            if (strcmp(all[i]->articles[k].id, article_id) == 0)
                return all[i];
    return NULL;
}

static int has_person(const nd_summary *s, const char *name)
{
    for (size_t i = 0; i < s->people_count; i++)
        if (strcmp(s->people[i].name, name) == 0)
            return 1;
    return 0;
}

static void test_fixtures(const char *folder)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", folder);
    char *paths[] = {path};
    run r;
    CHECK(run_paths(&r, paths, 1) == 0);
    nd_summary *all[16] = {0};
    size_t stories = (size_t)r.story_count, members;
    CHECK(stories >= 2 && stories <= 16);
    for (size_t i = 0; i < stories && i < 16; i++)
        all[i] = summarise_story(&r, (long long)i + 1, &members);

    const nd_summary *bridge = find_story_with(all, stories, "bridge-1");
    CHECK(bridge != NULL);
    if (bridge) {
        CHECK_INT(bridge->article_count, 4);
        CHECK_STR(bridge->headline_from, "title");
        /* The title sharing most words with the reports, not the copy's or the radio's (none). */
        CHECK_STR(bridge->headline, "Harbour Bridge reopens in Port Elmsworth after repairs");
        CHECK(bridge->sentence_count >= 2 && bridge->sentence_count <= 3);
        for (size_t i = 0; i < bridge->sentence_count; i++) {
            CHECK(strstr(bridge->sentences[i], "subscribe") == NULL);
            for (size_t k = 0; k < i; k++)
                CHECK(strcmp(bridge->sentences[i], bridge->sentences[k]) != 0);
        }
        CHECK_STR(bridge->when, "2025-04-11"); /* Friday, as the reports of the 12th say */
        CHECK_STR(bridge->when_from, "text");
        CHECK_INT(bridge->outlet_count, 4); /* the copy came from a fourth outlet */
        CHECK_INT(bridge->copy_count, 1);
        CHECK_STR(bridge->articles[bridge->first].id, "bridge-1");
        CHECK_STR(bridge->articles[bridge->source_count - 1].id, "bridge-4");
        CHECK(has_person(bridge, "Alina Rostova"));
        CHECK(has_person(bridge, "Tomas Varga"));
        for (size_t i = 0; i < bridge->organisation_count; i++)
            CHECK(strcmp(bridge->organisations[i].name, "General") != 0);
        for (size_t i = 0; i < bridge->people_count; i++)
            CHECK(strcmp(bridge->people[i].name, "Mayor") != 0 && strcmp(bridge->people[i].name, "General") != 0);
        int rostova = 0, varga = 0;
        for (size_t i = 0; i < bridge->quote_count; i++) {
            rostova += strcmp(bridge->quotes[i].speaker, "Alina Rostova") == 0;
            varga += strcmp(bridge->quotes[i].speaker, "Tomas Varga") == 0;
        }
        CHECK(rostova >= 1);
        CHECK(varga >= 1);
        /* The copy carries the same quote: counted once, in two articles. */
        for (size_t i = 0; i < bridge->quote_count; i++)
            for (size_t k = 0; k < i; k++)
                CHECK(strcmp(bridge->quotes[i].text, bridge->quotes[k].text) != 0);
        CHECK(bridge->passage_count >= 1);
        if (bridge->passage_count)
            CHECK(strstr(bridge->passages[0].a_text, "corroded steel cables") != NULL);
    }
    const nd_summary *flood = find_story_with(all, stories, "flood-1");
    CHECK(flood != NULL);
    if (flood) {
        CHECK_STR(flood->headline_from, "lead");
        /* The lead's core: no dateline, no trailing attribution. */
        CHECK(strncmp(flood->headline, "VELMORA", 7) != 0);
        CHECK(strstr(flood->headline, "Heavy rain flooded the old quarter of Velmora") != NULL ||
              strstr(flood->headline, "Ilse Marek said on Tuesday") != NULL);
        CHECK(strstr(flood->headline, "rescue service said") == NULL);
        CHECK(strstr(flood->headline, "the head of the regional rescue service") == NULL);
        CHECK_STR(flood->when, "2025-06-02");
        CHECK(flood->sentence_count >= 2);
        for (size_t i = 0; i < flood->sentence_count; i++)
            CHECK(strstr(flood->headline, flood->sentences[i]) == NULL);
    }
    for (size_t i = 0; i < 16; i++)
        nd_summary_free(all[i]);
    run_free(&r);
}

static void test_lead_core_inputs(void)
{
    const char *body = "PARIS (Wire) - Ministers of the three river states, the officials said, met in Paris on "
                       "Monday to sign a water treaty, the agency reported, citing a statement.\n\nThe treaty "
                       "sets out how the river is shared in dry summers. It was signed after six years of talks.";
    nd_story_article a = {.id = "x", .body = body, .body_len = strlen(body)};
    nd_summary *s = NULL;
    CHECK(nd_summarise(&a, 1, NULL, 0, &s) == ND_OK);
    if (s) {
        /* Dateline, inserted attribution and trailing attribution gone. */
        CHECK_STR(s->headline, "Ministers of the three river states met in Paris on Monday to sign a water treaty");
        CHECK_INT(s->outlet_count, 1);
        CHECK(s->when == NULL);
        CHECK_INT(s->sentence_count, 2);
    }
    nd_summary_free(s);
    CHECK(nd_summarise(NULL, 0, NULL, 0, &s) == ND_EINVAL);
    nd_story_link bad = {0, 3, 0, NULL};
    CHECK(nd_summarise(&a, 1, &bad, 1, &s) == ND_EINVAL && s == NULL);
    nd_summary_free(NULL);
}

static void test_hot(void)
{
    /* A story that took off in the last hour against one that has run steadily all day. */
    nd_hot_counts sudden = {.recent_articles = 14, .recent_outlets = 12, .earlier_articles = 1,
                            .earlier_hours = 20, .desk_rate = 0.3, .window_hours = 1};
    nd_hot_counts steady = {.recent_articles = 12, .recent_outlets = 10, .earlier_articles = 240,
                            .earlier_hours = 20, .desk_rate = 0.3, .window_hours = 1};
    nd_hot_counts quiet_story = {.recent_articles = 0, .recent_outlets = 0, .earlier_articles = 5,
                                 .earlier_hours = 10, .desk_rate = 0.3, .window_hours = 1};
    double a = nd_hot_score(&sudden), b = nd_hot_score(&steady), c = nd_hot_score(&quiet_story);
    CHECK(a > 5);
    CHECK(b < 1);
    CHECK(c == 0);
    /* One outlet updating its page twenty times is not many outlets taking a story up. */
    nd_hot_counts one_outlet = {.recent_articles = 20, .recent_outlets = 1, .earlier_articles = 0,
                                .earlier_hours = 0, .desk_rate = 0.3, .window_hours = 1};
    CHECK(nd_hot_score(&one_outlet) < a);
    CHECK(nd_hot_score(NULL) == 0);
}

/* ---- the shared sets ------------------------------------------------------------------------- */
static int check_sets(char **paths, int count, int print)
{
    run r;
    if (run_paths(&r, paths, count) != 0) {
        fprintf(stderr, "cannot run the sets\n");
        return 1;
    }
    size_t stories = 0, multi = 0, bad = 0, textless = 0, members;
    for (long long story = 1; story <= r.story_count; story++) {
        nd_summary *s = summarise_story(&r, story, &members);
        if (!s)
            continue;
        stories++;
        if (print)
            print_summary(s);
        if (members >= 2) {
            multi++;
            const char *problem = NULL;
            /* A story whose every article is a notice of under 30 words (a paywall or newsletter
             * prompt left as the whole text) has nothing to summarise: counted apart. */
            if (!s->headline[0])
                problem = "no headline";
            else if (s->sentence_count == 0 && longest_body < 30) {
                textless++;
                printf("story %lld (%zu articles): no text to summarise: %s\n", story, members, s->headline);
            } else if (s->sentence_count == 0)
                problem = "no summary";
            for (size_t i = 0; !problem && i < s->sentence_count; i++) {
                for (size_t k = 0; k < i; k++)
                    if (strcmp(s->sentences[i], s->sentences[k]) == 0)
                        problem = "repeated sentence";
                static const char *const furniture[] = {"http", "subscribe", "click", "cookie", "newsletter",
                                                        "all rights reserved", "sign up", "read more", NULL};
                for (size_t f = 0; furniture[f]; f++)
                    if (strstr(s->sentences[i], furniture[f]))
                        problem = "boilerplate in summary";
            }
            if (problem) {
                bad++;
                printf("story %lld (%zu articles): %s: %s\n", story, members, problem, s->headline);
            }
        }
        nd_summary_free(s);
    }
    printf("%zu stories, %zu with two or more articles, %zu without headline and clean summary, %zu without text\n",
           stories, multi, bad, textless);
    run_free(&r);
    return bad != 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && (strcmp(argv[1], "--sets") == 0 || strcmp(argv[1], "--print") == 0)) {
        for (int i = 2; i < argc; i++)
            if (access(argv[i], R_OK) != 0) {
                printf("skipped: %s not found (../shared absent)\n", argv[i]);
                return 77;
            }
        return check_sets(argv + 2, argc - 2, strcmp(argv[1], "--print") == 0);
    }
    if (argc < 2) {
        fprintf(stderr, "usage: test_summarise FIXTURES | --sets PATH... | --print PATH...\n");
        return 2;
    }
    test_fixtures(argv[1]);
    test_lead_core_inputs();
    test_hot();
    return CHECK_DONE();
}
