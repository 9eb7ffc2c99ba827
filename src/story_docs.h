/*
 * story_docs.h: the story document (story_docs.c): each story's headline, summary, when and
 * where, counts, sources, people, quotes and passages, made once when the story changes and
 * stored, so that every view (CLI, JSON API, pages, Atom feed, storyline and entity timelines)
 * reads the same face and a view costs a read.
 */
#ifndef ND_STORY_DOCS_H
#define ND_STORY_DOCS_H

#include <cjson/cJSON.h>

#include "newsdesk.h"

#define ND__DOC_PAGE_ARTICLES 400 /* articles a document is made from: the first by publication */

/* Makes story `id`'s document from the store: *page (everything its page shows) and *card (what a
 * list of stories shows), both cJSON trees the caller frees. ND_OK, ND_ENOTFOUND, ND_EIO or
 * ND_ENOMEM. */
int nd__story_doc_build(nd_store *store, long long id, cJSON **card, cJSON **page);

/* Makes and stores the documents of these stories (the ones a batch changed), inside the
 * caller's transaction. Duplicates in `stories` are made once. ND_OK, ND_EIO or ND_ENOMEM. */
int nd__story_docs_rebuild(nd_store *store, const long long *stories, size_t count);

#endif
