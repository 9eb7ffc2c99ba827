/* Tests of tagger.c (tagger.h): the name tagger gives each word a BIO tag; B and I of one type
 * only follow each other; lower-case function words are not names; a person named with a title
 * and a verb of saying is tagged a person; tagging is deterministic and the scratch is reused.
 * usage: test_tagger [--weights]   (--weights: the library was built with data/ner.weights) */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "newsdesk.h"
#include "tagger.h"

#define MAX_WORDS 64

/* Words of `text` with the flags the extractor would give them for case and position. */
static size_t words_of(const char *text, nd__ner_token *tokens)
{
    size_t n = 0, len = strlen(text);
    int sentence_start = 1;
    for (size_t i = 0; i < len && n < MAX_WORDS;) {
        if (!isalnum((unsigned char)text[i])) {
            if (text[i] == '.')
                sentence_start = 1;
            i++;
            continue;
        }
        size_t start = i;
        while (i < len && (isalnum((unsigned char)text[i]) || text[i] == '-'))
            i++;
        nd__ner_token *t = &tokens[n++];
        t->start = (uint32_t)start;
        t->end = t->after = (uint32_t)i;
        t->flags = 0;
        if (isupper((unsigned char)text[start]))
            t->flags |= ND__NER_CAP;
        if (sentence_start)
            t->flags |= ND__NER_SENT | (n == 1 ? ND__NER_PARA : 0);
        sentence_start = 0;
    }
    return n;
}

static int word_at(const char *text, const nd__ner_token *t, const char *word)
{
    return t->end - t->start == strlen(word) && memcmp(text + t->start, word, strlen(word)) == 0;
}

static void test_tags(int have_weights)
{
    CHECK_INT(nd__tagger_ready() != 0, have_weights);
    const char *text = "The talks ended late on Monday. Prime Minister Daniel Okafor said the harbour of Dunmore "
                       "would open again, and the union of dock workers agreed with him.";
    nd__ner_token tokens[MAX_WORDS];
    size_t n = words_of(text, tokens);
    uint8_t tags[MAX_WORDS], again[MAX_WORDS];
    nd__tagger_scratch scratch = {0};
    CHECK_INT(nd__tagger_tag(&scratch, text, tokens, n, tags), ND_OK);
    for (size_t i = 0; i < n; i++) {
        CHECK(tags[i] < ND__TAG_COUNT);
        /* an I tag continues a B or I of its own type */
        if (tags[i] != ND__TAG_O && !ND__TAG_IS_B(tags[i]))
            CHECK(i > 0 && tags[i - 1] != ND__TAG_O && ND__TAG_TYPE(tags[i - 1]) == ND__TAG_TYPE(tags[i]));
        /* lower-case function words are never names */
        if (word_at(text, &tokens[i], "the") || word_at(text, &tokens[i], "and") || word_at(text, &tokens[i], "of"))
            CHECK_INT(tags[i], ND__TAG_O);
    }
    size_t daniel = 0;
    for (size_t i = 0; i < n; i++)
        if (word_at(text, &tokens[i], "Daniel"))
            daniel = i;
    CHECK(daniel > 0);
    if (have_weights) {
        CHECK_INT(ND__TAG_TYPE(tags[daniel]), ND__TAG_PER);
        CHECK_INT(tags[daniel + 1], ND__TAG_PER + 1); /* Okafor: I-PER */
    } else {
        for (size_t i = 0; i < n; i++)
            CHECK_INT(tags[i], ND__TAG_O);
    }
    /* the same words again, through the same scratch: the same tags */
    CHECK_INT(nd__tagger_tag(&scratch, text, tokens, n, again), ND_OK);
    CHECK(memcmp(tags, again, n) == 0);
    /* nothing to tag */
    CHECK_INT(nd__tagger_tag(&scratch, "", tokens, 0, NULL), ND_OK);
    nd__tagger_scratch_release(&scratch);
    nd__tagger_scratch_release(&scratch); /* twice is harmless */
}

int main(int argc, char **argv)
{
    test_tags(argc > 1 && strcmp(argv[1], "--weights") == 0);
    return CHECK_DONE();
}
