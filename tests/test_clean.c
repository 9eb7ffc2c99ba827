/* Tests of clean.c: each boilerplate rule on text written for the purpose, and the rules that
 * keep articles whole. */
#include <stdlib.h>

#include "check.h"
#include "desk.h"
#include "newsdesk.h"

static tdesk *desk_with(const char *name, const char *text)
{
    tdesk *desk = tdesk_new(NULL);
    tdesk_read_buffer(desk, name, text, strlen(text));
    return desk;
}

/* The reason `needle` was removed, or NULL when it was not. */
static const char *removed_reason(const nd_article *a, const char *needle)
{
    for (size_t i = 0; i < nd_article_removed_count(a); i++) {
        size_t len;
        const char *reason;
        const char *text = nd_article_removed(a, i, &len, &reason);
        for (size_t at = 0; at + strlen(needle) <= len; at++)
            if (memcmp(text + at, needle, strlen(needle)) == 0)
                return reason;
    }
    return NULL;
}

static int body_has(const nd_article *a, const char *needle)
{
    return strstr(nd_article_body(a, NULL), needle) != NULL;
}

static void test_edges_and_title(void)
{
    tdesk *desk = desk_with("t.txt",
                              "Local News\n"
                              "Mill fire forces evacuation\n"
                              "A fire at the old paper mill forced forty families from their homes on Sunday.\n"
                              "Firefighters worked through the night.\n"
                              "Photo: Smoke over the mill roof.\n"
                              "Share this story\n"
                              "JK/LM\n");
    const nd_article *a = tdesk_article(desk, 0);
    CHECK_STR(nd_article_title(a), "Mill fire forces evacuation");
    CHECK_STR(removed_reason(a, "Local News"), "label");
    CHECK_STR(removed_reason(a, "Smoke over"), "caption");
    CHECK_STR(removed_reason(a, "Share this"), "share-prompt");
    CHECK_STR(removed_reason(a, "JK/LM"), "sign-off");
    CHECK(removed_reason(a, "Mill fire") == NULL); /* moved to the title, not removed */
    CHECK_STR(nd_article_body(a, NULL),
              "A fire at the old paper mill forced forty families from their homes on Sunday.\n\n"
              "Firefighters worked through the night.");
    tdesk_free(desk);
}

static void test_related_list_and_times(void)
{
    tdesk *desk = desk_with("r.txt",
                              "The council approved the new library budget after a long debate on Tuesday.\n"
                              "Work on the building starts in spring and should last two years.\n"
                              "Recent Posts\n"
                              "Bus fares to rise in June\n"
                              "3 hours ago\n"
                              "School wins robotics prize\n"
                              "about 5 hours ago\n");
    const nd_article *a = tdesk_article(desk, 0);
    CHECK_STR(removed_reason(a, "Recent Posts"), "related-list");
    CHECK_STR(removed_reason(a, "Bus fares"), "related-list");
    CHECK_STR(removed_reason(a, "3 hours ago"), "relative-time");
    CHECK(body_has(a, "Work on the building"));
    CHECK(!body_has(a, "robotics"));
    tdesk_free(desk);
}

static void test_related_heading_inside_text_stays(void)
{
    /* A heading word followed by long paragraphs is not a list of headlines. */
    tdesk *desk = desk_with("k.txt",
                              "The museum reopened its doors after a two-year renovation of the east wing.\n"
                              "Trending\n"
                              "Visitors queued from early morning, and by noon more than two thousand people had passed through the new galleries, which now hold the regional collection of maritime paintings and the restored ship models.\n"
                              "The director said the museum would stay open late on Fridays through the summer so that working families could visit in the evening after the shops close.\n");
    const nd_article *a = tdesk_article(desk, 0);
    CHECK(body_has(a, "Visitors queued"));
    CHECK(body_has(a, "open late on Fridays"));
    tdesk_free(desk);
}

static void test_licence_and_disclaimer(void)
{
    tdesk *desk = desk_with("l.txt",
                              "The harvest festival drew record crowds this year.\n"
                              "Organisers thanked the volunteers. This report is licensed under a Creative Commons licence.\n"
                              "The views expressed in this column do not necessarily reflect those of the paper. Letters are welcome.\n");
    const nd_article *a = tdesk_article(desk, 0);
    CHECK_STR(removed_reason(a, "This report is licensed"), "licence");
    CHECK(body_has(a, "Organisers thanked the volunteers."));
    CHECK(!body_has(a, "Creative Commons"));
    CHECK_STR(removed_reason(a, "views expressed"), "disclaimer");
    tdesk_free(desk);
}

static void test_unspaced_scripts(void)
{
    /* Lines of Japanese have no spaces; they are long sentences, not short labels. */
    tdesk *desk = desk_with("j.txt",
                              "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xAE\xE5\xA4\xA9\xE6\xB0\x97\xE3\x81\xAF"
                              "\xE6\x9C\x9D\xE3\x81\x8B\xE3\x82\x89\xE9\x9B\xA8\xE3\x81\xA7\xE3\x80\x81"
                              "\xE5\xA4\x9A\xE3\x81\x8F\xE3\x81\xAE\xE4\xBA\xBA\xE3\x81\x8C\xE5\x82\x98"
                              "\xE3\x82\x92\xE6\x8C\x81\xE3\x81\xA3\xE3\x81\xA6\xE9\xA7\x85\xE3\x81\xB8\n"
                              "\xE5\x8D\x88\xE5\xBE\x8C\xE3\x81\xAB\xE3\x81\xAF\xE6\x99\xB4\xE3\x82\x8C"
                              "\xE3\x82\x8B\xE8\xA6\x8B\xE8\xBE\xBC\xE3\x81\xBF\xE3\x81\xA7\xE3\x81\x99"
                              "\xE3\x80\x82\n"
                              "\xE9\xA7\x85\xE5\x93\xA1\xE3\x81\xAF\xE6\xB3\xA8\xE6\x84\x8F\xE3\x82\x92"
                              "\xE5\x91\xBC\xE3\x81\xB3\xE3\x81\x8B\xE3\x81\x91\xE3\x81\xBE\xE3\x81\x97"
                              "\xE3\x81\x9F\n");
    const nd_article *a = tdesk_article(desk, 0);
    CHECK_INT(nd_article_removed_count(a), 0);
    CHECK_INT(nd_article_paragraph_count(a), 3);
    tdesk_free(desk);
}

static void test_never_empty(void)
{
    tdesk *desk = desk_with("s.txt", "Short line\nAnother one\n");
    const nd_article *a = tdesk_article(desk, 0);
    CHECK(nd_article_paragraph_count(a) >= 1);
    CHECK(strlen(nd_article_body(a, NULL)) > 0);
    tdesk_free(desk);
}

static void test_templates(void)
{
    /* Three articles of one source end with the same subscription line; it is a template. One
     * article repeated three times is not: its paragraphs are not templates. */
    tdesk *desk = tdesk_new(NULL);
    const char *lines =
        "{\"id\":\"1\",\"source\":\"Valley Times\",\"text\":\"Snow closed the mountain pass on Monday morning.\\nGet the Valley Times every morning in your inbox for free.\"}\n"
        "{\"id\":\"2\",\"source\":\"Valley Times\",\"text\":\"The county fair opens on Friday with a new livestock hall.\\nGet the Valley Times every morning in your inbox for free.\"}\n"
        "{\"id\":\"3\",\"source\":\"Valley Times\",\"text\":\"Two candidates filed papers for the mayoral race.\\nGet the Valley Times every morning in your inbox for free.\"}\n"
        "{\"id\":\"4\",\"source\":\"Hill Herald\",\"text\":\"A rockfall blocked the river road.\\nCrews cleared one lane by evening.\"}\n"
        "{\"id\":\"5\",\"source\":\"Hill Herald\",\"text\":\"A rockfall blocked the river road.\\nCrews cleared one lane by evening.\"}\n"
        "{\"id\":\"6\",\"source\":\"Hill Herald\",\"text\":\"A rockfall blocked the river road.\\nCrews cleared one lane by evening.\"}\n";
    tdesk_read_buffer(desk, "feed.jsonl", lines, strlen(lines));
    CHECK_INT(tdesk_clean(desk), ND_OK);
    for (size_t i = 0; i < 3; i++) {
        const nd_article *a = tdesk_article(desk, i);
        CHECK(!body_has(a, "inbox"));
        CHECK_STR(removed_reason(a, "Get the Valley Times"), "template");
    }
    for (size_t i = 3; i < 6; i++)
        CHECK(body_has(tdesk_article(desk, i), "Crews cleared one lane"));
    CHECK_INT(tdesk_clean(desk), ND_OK); /* idempotent */
    CHECK_INT(nd_article_removed_count(tdesk_article(desk, 0)), 1);
    tdesk_free(desk);
}

int main(void)
{
    test_edges_and_title();
    test_related_list_and_times();
    test_related_heading_inside_text_stays();
    test_licence_and_disclaimer();
    test_unspaced_scripts();
    test_never_empty();
    test_templates();
    return CHECK_DONE();
}
