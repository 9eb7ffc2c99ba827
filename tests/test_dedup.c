/* Tests of dedup.c: exact and near copies, shared passages with their offsets, and what must
 * not pair. Texts written for the purpose. */
#include <stdlib.h>

#include "check.h"
#include "desk.h"
#include "newsdesk.h"

typedef struct found {
    char a[32], b[32], first[32];
    nd_relation relation;
    double similarity;
    size_t passages;
    size_t words[4];
    char text[4][256];
} found;

typedef struct results {
    found pairs[16];
    int count;
    tdesk *desk; /* for b's body: the article whose pairs come */
} results;

static int record(void *user, const nd_pair *pair)
{
    results *r = user;
    if (r->count >= 16)
        return 1;
    found *f = &r->pairs[r->count++];
    snprintf(f->a, sizeof f->a, "%s", pair->a);
    snprintf(f->b, sizeof f->b, "%s", pair->b);
    snprintf(f->first, sizeof f->first, "%s", pair->first);
    f->relation = pair->relation;
    f->similarity = pair->similarity;
    f->passages = pair->passage_count;
    const char *a_body = pair->a_body;
    const char *b_body = nd_article_body(r->desk->current, NULL);
    for (size_t i = 0; i < pair->passage_count && i < 4; i++) {
        const nd_passage *p = &pair->passages[i];
        f->words[i] = p->words;
        snprintf(f->text[i], sizeof f->text[i], "%.*s", (int)(p->a_end - p->a_start), a_body + p->a_start);
        /* the same words stand at b's offsets, whatever the case and punctuation */
        CHECK(p->b_end > p->b_start && p->b_end <= strlen(b_body));
    }
    return 0;
}

#define BASE                                                                                       \
    "The regional water board said on Thursday that the reservoir above Kessel village had "      \
    "fallen to its lowest level in thirty years after a dry winter and an early spring. Board "    \
    "engineers will release water from the upper lake to keep the town supplied through the "     \
    "summer months, and farmers have been asked to water their fields only at night."

static void test_relations(void)
{
    tdesk *desk = tdesk_new(NULL);
    const char *feed =
        "{\"id\":\"orig\",\"published\":\"2025-06-05\",\"text\":\"" BASE "\"}\n"
        "{\"id\":\"copy\",\"published\":\"2025-06-04\",\"text\":\"" BASE "\"}\n"
        "{\"id\":\"edited\",\"text\":\"" BASE " A board spokesman declined to comment further.\"}\n"
        "{\"id\":\"shares\",\"published\":\"2025-06-06\",\"text\":\"Farmers in the valley are angry. "
        "Board engineers will release water from the upper lake to keep the town supplied through "
        "the summer months, the mayor confirmed, but the fields will suffer.\"}\n"
        "{\"id\":\"short-overlap\",\"text\":\"A new bakery opened near the station. It said on "
        "Thursday that the reservoir above Kessel village was a lovely spot for a picnic.\"}\n"
        "{\"id\":\"other\",\"text\":\"The city orchestra announced its autumn programme, with three "
        "premieres and a cycle of symphonies by a local composer who died last year.\"}\n";
    tdesk_read_buffer(desk, "feed.jsonl", feed, strlen(feed));
    results r = {0};
    r.desk = desk;
    CHECK_INT(tdesk_dedup(desk, record, &r), ND_OK);
    CHECK_INT(r.count, 3);
    if (r.count == 3) {
        CHECK_STR(r.pairs[0].a, "orig");
        CHECK_STR(r.pairs[0].b, "copy");
        CHECK_INT(r.pairs[0].relation, ND_RELATION_EXACT);
        CHECK_STR(r.pairs[0].first, "copy"); /* published a day earlier */
        CHECK_STR(r.pairs[1].b, "edited");
        CHECK_INT(r.pairs[1].relation, ND_RELATION_NEAR);
        CHECK(r.pairs[1].similarity >= 0.6 && r.pairs[1].similarity < 1.0);
        CHECK_STR(r.pairs[1].first, "orig"); /* a known date comes before an unknown one */
        CHECK_STR(r.pairs[2].a, "orig");
        CHECK_STR(r.pairs[2].b, "shares");
        CHECK_INT(r.pairs[2].relation, ND_RELATION_PASSAGES);
        CHECK_INT(r.pairs[2].passages, 1);
        CHECK_INT(r.pairs[2].words[0], 18);
        CHECK_STR(r.pairs[2].text[0], "Board engineers will release water from the upper lake to keep the "
                                      "town supplied through the summer months");
    }
    tdesk_free(desk);
}

static void test_min_words_option(void)
{
    /* The 11-word overlap above pairs once the minimum drops to 8 words. */
    nd_options options;
    nd_options_init(&options);
    options.min_passage_words = 8;
    tdesk *desk = tdesk_new(&options);
    const char *feed =
        "{\"id\":\"x\",\"text\":\"" BASE "\"}\n"
        "{\"id\":\"y\",\"text\":\"A new bakery opened near the station. It said on Thursday that the "
        "reservoir above Kessel village was a lovely spot for a picnic.\"}\n";
    tdesk_read_buffer(desk, "feed.jsonl", feed, strlen(feed));
    results r = {0};
    r.desk = desk;
    CHECK_INT(tdesk_dedup(desk, record, &r), ND_OK);
    CHECK_INT(r.count, 1);
    CHECK_INT(r.pairs[0].words[0], 9);
    tdesk_free(desk);
}

static void test_stop_and_empty(void)
{
    tdesk *desk = tdesk_new(NULL);
    results r = {0};
    r.desk = desk;
    CHECK_INT(tdesk_dedup(desk, record, &r), ND_OK); /* no articles */
    CHECK_INT(r.count, 0);
    const char *feed = "{\"id\":\"p\",\"text\":\"" BASE "\"}\n{\"id\":\"q\",\"text\":\"" BASE "\"}\n";
    tdesk_read_buffer(desk, "feed.jsonl", feed, strlen(feed));
    r.count = 16; /* record() refuses: the run stops */
    CHECK_INT(tdesk_dedup(desk, record, &r), ND_ESTOPPED);
    CHECK_INT(tdesk_dedup(desk, NULL, NULL), ND_EINVAL);
    tdesk_free(desk);
}

int main(void)
{
    test_relations();
    test_min_words_option();
    test_stop_and_empty();
    return CHECK_DONE();
}
