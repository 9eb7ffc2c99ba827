/* Tests of the article desk (src/article.c, reader.c, options.c) through the public header: the
 * reader turns raw input into articles (ids, fields, limits, diagnostics) and the article
 * accessors hand out what it holds. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "newsdesk.h"

typedef struct got {
    nd_article *articles[16];
    size_t count;
    char where[8][64];
    long line[8];
    int status[8];
    size_t diagnostics;
} got;

static int keep(void *user, nd_article *article)
{
    got *g = user;
    if (g->count == 16) {
        nd_article_free(article);
        return ND_OK;
    }
    g->articles[g->count++] = article;
    return ND_OK;
}

static void diagnose(void *user, const char *where, long line, int status, const char *message)
{
    got *g = user;
    (void)message;
    if (g->diagnostics < 8) {
        snprintf(g->where[g->diagnostics], sizeof g->where[0], "%s", where);
        g->line[g->diagnostics] = line;
        g->status[g->diagnostics] = status;
    }
    g->diagnostics++;
}

static void release(got *g)
{
    for (size_t i = 0; i < g->count; i++)
        nd_article_free(g->articles[i]);
    memset(g, 0, sizeof *g);
}

static nd_reader *reader_for(got *g)
{
    nd_options options;
    nd_options_init(&options);
    options.on_diagnostic = diagnose;
    options.user = g;
    return nd_reader_new(&options);
}

static void test_options_and_status(void)
{
    nd_options options;
    nd_options_init(&options);
    CHECK(options.near_threshold > 0 && options.near_threshold < 1);
    CHECK_INT(options.min_passage_words, 12);
    CHECK_INT(options.template_min_articles, 3);
    CHECK_INT(options.stages, ND_STAGE_ALL);
    CHECK_STR(nd_version(), ND_VERSION_STRING);
    CHECK_STR(nd_strerror(ND_OK), "success");
    CHECK_STR(nd_strerror(ND_EFORMAT), "malformed input");
    CHECK_STR(nd_strerror(12345), "unknown status");
}

static void test_json_lines_fields(void)
{
    got g = {0};
    nd_reader *reader = reader_for(&g);
    const char *lines =
        "{\"id\":\"a1\",\"title\":\"Bridge opens\",\"text\":\"The bridge opened on Monday.\\n\\nCars crossed it at noon.\","
        "\"published\":\"2024-05-06\",\"source\":\"Valley Times\",\"url\":\"https://valley.example/a1\"}\n"
        "{\"id\":\"a2\",\"text\":\"No title here, only a sentence of text.\"}\n";
    CHECK_INT(nd_reader_read_buffer(reader, "two.jsonl", lines, strlen(lines), keep, &g), ND_OK);
    CHECK_INT(g.count, 2);
    if (g.count == 2) {
        const nd_article *a = g.articles[0];
        CHECK_STR(nd_article_id(a), "a1");
        CHECK_STR(nd_article_title(a), "Bridge opens");
        CHECK_STR(nd_article_source(a), "Valley Times");
        CHECK_STR(nd_article_url(a), "https://valley.example/a1");
        CHECK_STR(nd_article_published(a), "2024-05-06");
        CHECK_STR(nd_article_origin(a), "two.jsonl:1");
        CHECK_INT(nd_article_paragraph_count(a), 2);
        size_t len = 0;
        const char *p = nd_article_paragraph(a, 1, &len);
        CHECK(p && len == strlen("Cars crossed it at noon.") && memcmp(p, "Cars crossed it at noon.", len) == 0);
        const char *body = nd_article_body(a, &len);
        CHECK(body && strstr(body, "Monday.\n\nCars") != NULL && strlen(body) == len);
        const nd_article *b = g.articles[1];
        CHECK_STR(nd_article_title(b), "");
        CHECK(nd_article_published(b) == NULL);
        CHECK_STR(nd_article_source(b), "");
        CHECK_STR(nd_article_origin(b), "two.jsonl:2");
    }
    CHECK_INT(nd_reader_skipped(reader), 0);
    nd_reader_free(reader);
    release(&g);
}

static void test_bad_lines_named(void)
{
    got g = {0};
    nd_reader *reader = reader_for(&g);
    const char *lines = "{\"id\":\"x1\",\"text\":\"A good line with some words in it.\"}\n"
                        "{\"id\":\"x2\",\"text\":\n"
                        "{\"id\":\"x1\",\"text\":\"The same id again, with other words.\"}\n";
    int rc = nd_reader_read_buffer(reader, "bad.jsonl", lines, strlen(lines), keep, &g);
    CHECK_INT(rc, ND_ESKIPPED);
    CHECK_INT(g.count, 1);
    CHECK_INT(nd_reader_skipped(reader), 2);
    CHECK(g.diagnostics >= 2);
    if (g.diagnostics >= 2) {
        CHECK_STR(g.where[0], "bad.jsonl");
        CHECK_INT(g.line[0], 2);
        CHECK(g.status[0] < 0);
        CHECK_INT(g.line[1], 3);
    }
    nd_reader_free(reader);
    release(&g);
}

static void test_plain_text_and_empty(void)
{
    got g = {0};
    nd_reader *reader = reader_for(&g);
    const char *text = "Floods reached the old quarter.\n\nResidents moved to the upper town.";
    CHECK_INT(nd_reader_read_buffer(reader, "flood.txt", text, strlen(text), keep, &g), ND_OK);
    CHECK_INT(g.count, 1);
    if (g.count == 1) {
        CHECK_STR(nd_article_id(g.articles[0]), "flood");
        CHECK_INT(nd_article_paragraph_count(g.articles[0]), 2);
        size_t len = 0;
        const char *raw = nd_article_text(g.articles[0], &len);
        CHECK(raw && len == strlen(text));
    }
    /* an empty input is reported, not an article */
    int rc = nd_reader_read_buffer(reader, "empty.txt", "", 0, keep, &g);
    CHECK(rc == ND_ESKIPPED || rc == ND_OK);
    CHECK_INT(g.count, 1);
    CHECK(g.diagnostics >= 1);
    nd_reader_free(reader);
    release(&g);
}

static int stop_at_first(void *user, nd_article *article)
{
    (void)user;
    nd_article_free(article);
    return ND_ESTOPPED;
}

static void test_callback_stops(void)
{
    nd_reader *reader = nd_reader_new(NULL);
    const char *lines = "{\"id\":\"s1\",\"text\":\"One.\"}\n{\"id\":\"s2\",\"text\":\"Two.\"}\n";
    CHECK_INT(nd_reader_read_buffer(reader, "s.jsonl", lines, strlen(lines), stop_at_first, NULL), ND_ESTOPPED);
    nd_reader_free(reader);
    nd_reader_free(NULL);
    nd_article_free(NULL);
}

int main(void)
{
    test_options_and_status();
    test_json_lines_fields();
    test_bad_lines_named();
    test_plain_text_and_empty();
    test_callback_stops();
    return CHECK_DONE();
}
