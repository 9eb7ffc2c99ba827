/* test_budget.c: the engine's memory budget (engine.c): a stream of unrelated articles makes
 * one story each; with a budget below what they take, the least recently updated stories are
 * forgotten and the engine stays near its budget; with room to spare nothing is forgotten. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "engine.h"
#include "newsdesk.h"

#define ARTICLES 3000

static char *make_stream(void)
{
    size_t cap = (size_t)ARTICLES * 400 + 1;
    char *s = malloc(cap), *at = s;
    for (int i = 0; i < ARTICLES && s; i++) {
        int a = i * 7 + 1, b = i * 13 + 2, c = i * 17 + 3;
        at += snprintf(at, cap - (size_t)(at - s),
                       "{\"id\":\"u%d\",\"published\":\"2024-01-%02d\",\"title\":\"Kor%dva met Zel%dik\","
                       "\"text\":\"Quorv%d trelled the vanth%d across plume%d while dresk%d sorned "
                       "the gallow%d. Marn%d and Velt%d wrote of it.\"}\n",
                       i, 1 + i % 28, a, b, a, b, c, a, b, c, a);
    }
    return s;
}

static int count(void *user, const nd_result *r)
{
    (void)r;
    ++*(size_t *)user;
    return 0;
}

static size_t engine_notes; /* diagnostics from "engine" (the budget's) */

static void note(void *user, const char *where, long line, int status, const char *message)
{
    (void)user, (void)line, (void)message;
    if (strcmp(where, "engine") == 0 && status == ND_OK)
        engine_notes++;
}

/* Runs the stream with `budget`; returns the engine's memory at the end, sets *shed and the
 * largest memory seen just after a budget check. */
static size_t run(const char *stream, size_t budget, size_t *shed, size_t *results)
{
    nd_options options;
    nd_options_init(&options);
    options.stages = ND_STAGE_COPIES | ND_STAGE_STORIES;
    options.reorder_window = 1;
    options.memory_budget = budget;
    options.on_diagnostic = note;
    engine_notes = 0;
    *results = 0;
    nd_engine *e = nd_engine_new(&options, NULL, count, results);
    CHECK(e != NULL);
    if (!e)
        return 0;
    CHECK_INT(nd_engine_read_buffer(e, "u.jsonl", stream, strlen(stream)), ND_OK);
    CHECK_INT(nd_engine_finish(e), ND_OK);
    size_t bytes = nd_engine_memory(e);
    *shed = nd__engine_stories_shed(e);
    nd_engine_free(e);
    return bytes;
}

int main(void)
{
    char *stream = make_stream();
    CHECK(stream != NULL);
    if (!stream)
        return CHECK_DONE();
    size_t shed = 0, results = 0;
    size_t roomy = run(stream, (size_t)1 << 32, &shed, &results);
    CHECK_INT(results, ARTICLES);
    CHECK_INT(shed, 0);
    CHECK_INT(engine_notes, 0);
    /* a budget of three quarters of what the stream took: the oldest stories close, then go,
     * and the engine ends near its budget (it is checked every ND_MEMORY_CHECK_EVERY articles,
     * so it may pass it in between; the vocabulary is not shed) */
    size_t budget = roomy / 4 * 3;
    size_t tight = run(stream, budget, &shed, &results);
    CHECK_INT(results, ARTICLES); /* nothing is dropped: only stories are closed or forgotten */
    CHECK(shed > 0);
    CHECK_INT(engine_notes, 1); /* said once, however often it sheds */
    CHECK(tight < roomy);
    CHECK(tight < budget + budget / 5);
    free(stream);
    return CHECK_DONE();
}
