/*
 * analyse.h: an article's words, made once. Takes an article whose body is final (the engine
 * calls this after removing templates) and gives its token stream (nd__words, article.h): the
 * body's and the title's words with offsets and case-folded hashes, and where each paragraph's
 * words start. Every stage that needs words (copies, stories, summary; extraction and the
 * tagger through nd__token_join and nd__token_shape) reads this instead of tokenizing again.
 * The tokenizer itself is text.c's (nd__tokenize).
 */
#ifndef ND_ANALYSE_H
#define ND_ANALYSE_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"
#include "text.h"
#include "util.h"

/* Makes a->words in the article's arena unless it has them. `scratch` (an nd__vec of nd__token,
 * the caller's, reused from one article to the next) takes the tokens while they are counted,
 * so the arena holds exactly as many as there are. ND_OK, ND_ENOMEM or ND_ETOOBIG. */
int nd__analyse(nd_article *a, nd__vec *scratch);

/* The article's words, or NULL when it was not analysed (an article a library caller hands
 * straight to a stage): the stage then tokenizes what it needs itself. */
static inline const nd__words *nd__words_of(const nd_article *a) { return a->words; }

/* The words of paragraph p of an analysed article, and how many. */
static inline const nd__token *nd__paragraph_words(const nd__words *w, size_t p, size_t *count)
{
    *count = w->paragraph_first[p + 1] - w->paragraph_first[p];
    return w->body + w->paragraph_first[p];
}

/* How many times nd__analyse has tokenized an article in this process (for the "work done once"
 * figures of docs/benchmarks.md). */
size_t nd__analyse_count(void);

#endif
