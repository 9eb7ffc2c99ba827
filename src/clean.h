/*
 * clean.h: an article's text in, its clean body out (boilerplate removed, with reasons).
 */
#ifndef ND_CLEAN_H
#define ND_CLEAN_H

#include "article.h"

/* Splits article->text into paragraphs, removes what is boilerplate on the article's own
 * evidence, and sets body, paragraphs, removed, and title and dateline when found. */
int nd__clean_article(nd_article *article);

/* Removes template paragraphs: those repeated across template_min_articles or more articles of
 * one source. Runs over every article of the desk. */
int nd__clean_templates(nd_desk *desk);

/* Number of words (runs of letters or digits) in text[0..len). */
size_t nd__count_words(const char *text, size_t len);

#endif
