/*
 * tagger.h: the name tagger. Takes one article's words (offsets into its text, with a few flags
 * the extractor knows: sentence and paragraph starts, word-list and gazetteer classes) and gives
 * each word a BIO tag for person, organisation, place or other name (MISC). An averaged
 * perceptron over hashed features (the word, its shape, prefixes and suffixes, the words and
 * shapes around it, the tags before it, capitalisation and position, the lists) decodes greedily
 * left to right, so time is linear in the text. A common-word set (words the training texts
 * write in lower case) tells a capitalised sentence start from a name. The weights are trained by tools/train_ner.c
 * from ../shared/data/nlp (scripts/train_ner.sh) and compiled into the library from
 * data/ner.weights, so every engine on every thread reads one read-only table.
 */
#ifndef ND_TAGGER_H
#define ND_TAGGER_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Tags: O, then B and I for each type. */
enum { ND__TAG_O = 0, ND__TAG_PER = 1, ND__TAG_ORG = 3, ND__TAG_LOC = 5, ND__TAG_MISC = 7, ND__TAG_COUNT = 9 };
#define ND__TAG_IS_B(t) ((t) > 0 && ((t) & 1))
#define ND__TAG_TYPE(t) ((t) == 0 ? 0 : ((t) - 1) / 2 * 2 + 1) /* B tag of the tag's type */

/* What the extractor knows of a word besides its bytes. */
enum {
    ND__NER_SENT = 1 << 0,     /* first word of a sentence */
    ND__NER_PARA = 1 << 1,     /* first word of a paragraph */
    ND__NER_POSS = 1 << 2,     /* followed by a possessive 's */
    ND__NER_TITLE = 1 << 3,    /* may start a title ("President") */
    ND__NER_ORGWORD = 1 << 4,  /* ends organisation names ("Agency") */
    ND__NER_ROLE = 1 << 5,     /* role noun ("minister") */
    ND__NER_SPEECH = 1 << 6,   /* verb of saying */
    ND__NER_DATE = 1 << 7,     /* month or weekday */
    ND__NER_STOP = 1 << 8,     /* never a name */
    ND__NER_COUNTRY = 1 << 9,  /* gazetteer: a country */
    ND__NER_DEMONYM = 1 << 10, /* gazetteer: a demonym */
    ND__NER_CITY = 1 << 11,    /* gazetteer: a city */
    ND__NER_PLACE2 = 1 << 12,  /* gazetteer: this word and the next name a place */
    ND__NER_MEDIA = 1 << 13,   /* "agency", "TV" */
    ND__NER_CAP = 1 << 14,     /* capitalised, or "al-X" with X capitalised */
    ND__NER_FLAG_BITS = 15
};

typedef struct nd__ner_token {
    uint32_t start, end; /* the word in the text, without a possessive */
    uint32_t after;      /* end of the word with its possessive: punctuation starts here */
    uint32_t flags;      /* ND__NER_* */
} nd__ner_token;

#define ND__TAGGER_BITS 17 /* feature buckets: 1 << ND__TAGGER_BITS */

/* Scratch for tagging one article at a time; owned by its extractor (no shared mutable state). */
typedef struct nd__tagger_scratch {
    nd__map seen;         /* set: how the article writes its words (lower case, capitalised inside) */
    int prepared;         /* an article has been read into the scratch */
    uint64_t *word, *shape; /* per word: hash of the lower-cased word and of its shape */
    uint16_t *gap;        /* per word: punctuation classes between it and the word before */
    size_t word_cap;
} nd__tagger_scratch;

void nd__tagger_scratch_release(nd__tagger_scratch *scratch);

/* Nonzero when the library was built with weights (data/ner.weights). */
int nd__tagger_ready(void);

/* Tags `n` words of `text` into tags[0..n). ND_OK, or ND_ENOMEM. Without weights every tag is O. */
int nd__tagger_tag(nd__tagger_scratch *scratch, const char *text, const nd__ner_token *tokens, size_t n,
                   uint8_t *tags);

/* After nd__tagger_tag: nonzero when word i opens a sentence, is a common word, and the article
 * never capitalises it inside a sentence ("Usually", "Allegedly"): weak evidence of a name. */
int nd__tagger_weak_start(const nd__tagger_scratch *scratch, const nd__ner_token *tokens, size_t i);

/* After nd__tagger_tag: nonzero when word i is a common word (training texts write it in lower case). */
int nd__tagger_common(const nd__tagger_scratch *scratch, size_t i);

/* ---- training (tools/train_ner.c) ------------------------------------------------------------ */
typedef struct nd__tagger_model nd__tagger_model;
nd__tagger_model *nd__tagger_model_new(void);
void nd__tagger_model_free(nd__tagger_model *model);
/* Counts the words a training text writes in lower case; after every text, _done keeps those
 * seen at least min_count times as the common-word set (a feature, saved with the weights). */
void nd__tagger_count_words(nd__tagger_model *model, const char *text, const nd__ner_token *tokens, size_t n);
void nd__tagger_vocabulary_done(nd__tagger_model *model, unsigned min_count);
/* One perceptron pass over one document with its gold tags; returns the words tagged wrong. */
size_t nd__tagger_train_doc(nd__tagger_model *model, nd__tagger_scratch *scratch, const char *text,
                            const nd__ner_token *tokens, size_t n, const uint8_t *gold);
/* Averages, quantises to 16 bits and writes the weights file. ND_OK or ND_EIO. */
int nd__tagger_model_save(nd__tagger_model *model, const char *path);

#endif
