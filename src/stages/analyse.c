/*
 * analyse.c: an article's words, made once (see analyse.h). Takes an article with its final body
 * and gives it an nd__words in its arena: the body tokenized into the caller's scratch and then
 * copied at its exact size, the paragraphs' first words found by one walk along both lists, and
 * the title's words.
 */
#include "analyse.h"

#include <stdatomic.h>
#include <string.h>

#include "newsdesk.h"

static atomic_size_t analysed; /* articles tokenized, process-wide; relaxed: a count, not a sync */

size_t nd__analyse_count(void) { return atomic_load_explicit(&analysed, memory_order_relaxed); }

/* Copies scratch's tokens into the arena; *out NULL when there are none. */
static int keep_tokens(nd__arena *arena, const nd__vec *scratch, const nd__token **out)
{
    *out = NULL;
    if (!scratch->count)
        return ND_OK;
    nd__token *kept = nd__arena_alloc(arena, scratch->count * sizeof *kept);
    if (!kept)
        return ND_ENOMEM;
    memcpy(kept, scratch->items, scratch->count * sizeof *kept);
    *out = kept;
    return ND_OK;
}

int nd__analyse(nd_article *a, nd__vec *scratch)
{
    if (a->words)
        return ND_OK;
    nd__words *w = nd__arena_alloc(&a->arena, sizeof *w);
    uint32_t *first = w ? nd__arena_alloc(&a->arena, (a->paragraph_count + 1) * sizeof *first) : NULL;
    if (!w || !first)
        return ND_ENOMEM;
    memset(w, 0, sizeof *w);
    scratch->count = 0;
    int rc = a->body ? nd__tokenize(a->body, a->body_len, scratch) : ND_OK;
    if (rc == ND_OK)
        rc = keep_tokens(&a->arena, scratch, &w->body);
    if (rc != ND_OK)
        return rc;
    w->body_count = scratch->count;
    /* A word never spans two paragraphs (they are joined by "\n\n"): paragraph p's words are
     * those that start inside its span. */
    size_t t = 0;
    for (size_t p = 0; p < a->paragraph_count; p++) {
        while (t < w->body_count && w->body[t].start < a->paragraphs[p].start)
            t++;
        first[p] = (uint32_t)t;
        while (t < w->body_count && w->body[t].start < a->paragraphs[p].end)
            t++;
    }
    first[a->paragraph_count] = (uint32_t)t;
    w->paragraph_first = first;
    scratch->count = 0;
    rc = a->title ? nd__tokenize(a->title, strlen(a->title), scratch) : ND_OK;
    if (rc == ND_OK)
        rc = keep_tokens(&a->arena, scratch, &w->title);
    if (rc != ND_OK)
        return rc;
    w->title_count = scratch->count;
    scratch->count = 0;
    a->words = w;
    atomic_fetch_add_explicit(&analysed, 1, memory_order_relaxed);
    return ND_OK;
}
