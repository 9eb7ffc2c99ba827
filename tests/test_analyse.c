/* test_analyse.c: an article's words made once (src/stages/analyse.c): the body's words are the
 * tokenizer's, each paragraph's words are the ones inside its span, the title has its own, a
 * second call does nothing, and the engine analyses every article it hands out. */
#include <stdlib.h>

#include "analyse.h"
#include "article.h"
#include "check.h"
#include "newsdesk.h"

typedef struct taken {
    nd_article *articles[8];
    size_t count;
} taken;

static int take(void *user, nd_article *article)
{
    taken *t = user;
    if (t->count < 8)
        t->articles[t->count++] = article;
    else
        nd_article_free(article);
    return 0;
}

static const char feed[] =
    "{\"id\":\"a\",\"title\":\"Talks in Damascus\",\"text\":\"Bashar al-Assad met the envoy on Monday in "
    "Damascus.\\n\\nThe talks ended without a statement, officials said.\\n\\nA third paragraph "
    "follows here.\"}\n"
    "{\"id\":\"b\",\"text\":\"Only one paragraph, and no title.\"}\n";

static void test_words(void)
{
    nd_options options;
    nd_options_init(&options);
    nd_reader *reader = nd_reader_new(&options);
    taken t = {{0}, 0};
    CHECK(reader != NULL);
    if (!reader)
        return;
    CHECK_INT(nd_reader_read_buffer(reader, "feed.jsonl", feed, sizeof feed - 1, take, &t), ND_OK);
    CHECK_INT(t.count, 2);
    nd__vec scratch = {0};
    size_t before = nd__analyse_count();
    for (size_t i = 0; i < t.count; i++) {
        nd_article *a = t.articles[i];
        CHECK(nd__words_of(a) == NULL);
        CHECK_INT(nd__analyse(a, &scratch), ND_OK);
        const nd__words *w = nd__words_of(a);
        CHECK(w != NULL);
        if (!w)
            continue;
        nd__vec direct = {0};
        CHECK_INT(nd__tokenize(a->body, a->body_len, &direct), ND_OK);
        CHECK_INT(w->body_count, direct.count);
        CHECK(direct.count == 0 || memcmp(w->body, direct.items, direct.count * sizeof(nd__token)) == 0);
        nd__vec_release(&direct);
        /* each paragraph's words are its own tokenization, shifted by its offset */
        size_t total = 0;
        for (size_t p = 0; p < a->paragraph_count; p++) {
            size_t n;
            const nd__token *pw = nd__paragraph_words(w, p, &n);
            nd__vec own = {0};
            const nd__span *sp = &a->paragraphs[p];
            CHECK_INT(nd__tokenize(a->body + sp->start, sp->end - sp->start, &own), ND_OK);
            CHECK_INT(n, own.count);
            const nd__token *ot = own.items;
            for (size_t k = 0; k < n && k < own.count; k++)
                CHECK(pw[k].start == ot[k].start + sp->start && pw[k].end == ot[k].end + sp->start &&
                      pw[k].hash == ot[k].hash);
            nd__vec_release(&own);
            total += n;
        }
        CHECK_INT(total, w->body_count);
        CHECK_INT(nd__analyse(a, &scratch), ND_OK); /* made once */
        CHECK(nd__words_of(a) == w);
    }
    CHECK_INT(nd__analyse_count() - before, 2);
    if (t.count == 2) {
        const nd__words *w = nd__words_of(t.articles[0]);
        CHECK_INT(t.articles[0]->paragraph_count, 3);
        CHECK(w && w->title_count == 3);
        w = nd__words_of(t.articles[1]);
        CHECK(w && w->title_count == 0 && w->body_count == 6);
    }
    for (size_t i = 0; i < t.count; i++)
        nd_article_free(t.articles[i]);
    nd__vec_release(&scratch);
    nd_reader_free(reader);
}

/* The engine analyses what it hands out: every result's article has its words. */
static int check_result(void *user, const nd_result *result)
{
    size_t *with_words = user;
    *with_words += nd__words_of(result->article) != NULL;
    return 0;
}

static void test_engine_analyses(void)
{
    size_t with_words = 0;
    nd_engine *e = nd_engine_new(NULL, NULL, check_result, &with_words);
    CHECK(e != NULL);
    if (!e)
        return;
    size_t before = nd__analyse_count();
    CHECK_INT(nd_engine_read_buffer(e, "feed.jsonl", feed, sizeof feed - 1), ND_OK);
    CHECK_INT(nd_engine_finish(e), ND_OK);
    CHECK_INT(with_words, 2);
    CHECK_INT(nd__analyse_count() - before, 2);
    CHECK(nd_engine_memory(e) > 0);
    nd_engine_free(e);
}

int main(void)
{
    test_words();
    test_engine_analyses();
    return CHECK_DONE();
}
