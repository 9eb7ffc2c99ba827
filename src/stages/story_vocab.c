/*
 * story_vocab.c: the vocabulary of the story clusterer. Takes words (tokens of a title or body)
 * and feature keys; gives term ids, made on first sight up to ND__CLUSTER_MAX_TERMS, with a
 * surface form people can read, and each word's term (its English stem, or the folded word;
 * STOP_TERM for stopwords), cached by the word's hash so a word is stemmed once. Also holds the
 * word lists (stopwords, capitalised words that name nothing).
 */
#include "cluster_internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const stopword_list[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few",
    "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
    "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
    "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of",
    "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own",
    "said", "same", "says", "she", "should", "so", "some", "such", "than", "that", "the",
    "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
    "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
    "yours", "yourself", "yourselves", "s", "t", "would", "may", "might", "must", "shall", "one",
    "two", "like", "new", "get", "got", "told", "according", "since", "last", "first", "year",
    "years", "time", "day", "week", "news", "photo", "via", "per", "mr", "mrs", "ms", "dr", "re",
    NULL};

/* Capitalised words that name no one and nothing in particular. */
static const char *const not_name_list[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "am", "pm", "update", "updated", "posted", "read", "click", "share", "advertisement",
    "copyright", "related", "photo", "video", "watch", "story", "comments", "email", "however",
    "but", "according", "after", "when", "while", "if", "although", "meanwhile", NULL};

/* Word lists are hashed by the tokenizer itself, so they always agree with the text's words. */
static int fill_set(nd__map *set, const char *const *words)
{
    nd__vec tokens = {0};
    int rc = ND_OK;
    for (size_t i = 0; words[i] && rc == ND_OK; i++) {
        tokens.count = 0;
        rc = nd__tokenize(words[i], strlen(words[i]), &tokens);
        if (rc == ND_OK && tokens.count == 1)
            rc = nd__map_put(set, ((const nd__token *)tokens.items)[0].hash, NULL) ? ND_OK : ND_ENOMEM;
    }
    nd__vec_release(&tokens);
    return rc;
}

int nd__story_vocab_init(nd_cluster *c)
{
    if (fill_set(&c->stopwords, stopword_list) != ND_OK || fill_set(&c->not_names, stopword_list) != ND_OK ||
        fill_set(&c->not_names, not_name_list) != ND_OK)
        return ND_ENOMEM;
    return ND_OK;
}

/* ---- vocabulary ------------------------------------------------------------------------------ */
/* The id of the feature `key`, made (with surface form text[0..len)) when new; NO_TERM past the
 * vocabulary ceiling or when out of memory (the feature is then ignored, which only weakens). */
uint32_t nd__story_term_id(nd_cluster *c, uint64_t key, uint32_t kind, const char *text, size_t len)
{
    uint32_t *found = nd__map_find(&c->terms_by_key, key);
    if (found)
        return *found;
    if (c->term_count >= ND__CLUSTER_MAX_TERMS)
        return NO_TERM;
    if (c->term_count == c->term_cap) {
        uint32_t cap = c->term_cap ? c->term_cap * 2 : 4096;
        term_info *grown = realloc(c->terms, cap * sizeof *grown);
        if (!grown)
            return NO_TERM;
        c->terms = grown;
        c->term_cap = cap;
    }
    char *copy = nd__arena_strndup(&c->strings, text, len);
    if (!copy || story_map_set(&c->terms_by_key, key, c->term_count) != ND_OK)
        return NO_TERM;
    term_info *t = &c->terms[c->term_count];
    memset(t, 0, sizeof *t);
    t->key = key;
    t->text = copy;
    t->kind = kind;
    return c->term_count++;
}

/* The term of a word (not a number): its English stem for ASCII words, the folded word for
 * others; STOP_TERM for stopwords and single letters. Cached by the word's hash. */
uint32_t nd__story_word_term(nd_cluster *c, const char *text, const nd__token *token)
{
    uint32_t *cached = nd__map_find(&c->word_cache, token->hash);
    if (cached)
        return *cached;
    size_t len = token->end - token->start;
    const char *word = text + token->start;
    uint32_t id;
    if (len < 2 || nd__map_find(&c->stopwords, token->hash))
        id = STOP_TERM;
    else {
        int ascii = len <= MAX_WORD_BYTES;
        for (size_t i = 0; ascii && i < len; i++) {
            ascii = (unsigned char)word[i] < 0x80;
            c->word[i] = nd__to_lower((unsigned char)word[i]);
        }
        if (ascii) {
            const sb_symbol *stem = sb_stemmer_stem(c->stemmer, c->word, (int)len);
            int stem_len = stem ? sb_stemmer_length(c->stemmer) : 0;
            uint64_t key = stem ? nd__hash64(stem, (size_t)stem_len, KIND_TERM) : token->hash;
            id = nd__story_term_id(c, key, KIND_TERM, (const char *)c->word, len);
        } else
            id = nd__story_term_id(c, nd__mix64(token->hash ^ KIND_TERM), KIND_TERM, word, len);
    }
    if (c->word_cache.count < 2 * (size_t)ND__CLUSTER_MAX_TERMS && id != NO_TERM)
        story_map_set(&c->word_cache, token->hash, id);
    return id;
}

