/*
 * extract_work.h: the working state the extraction modules share while reading one article, and
 * the steps they offer one another. Only src/stages/extract*.c include it; everything else sees
 * extract.h. The extractor (extract.c) owns the word lists and the scratch vectors below; each
 * step reads the text and the vectors the earlier steps filled and fills its own:
 *
 *   extract_lexicon.c   word lists and titles          -> lexicon table, title matching
 *   extract_tokens.c    text                           -> tokens (words with flags, sentences)
 *   extract_mentions.c  tokens                         -> rule mentions (titles, places, runs)
 *   extract_tagged.c    tokens                         -> the tagger's tags, merged into mentions
 *   extract_entities.c  mentions                       -> types decided, entities merged
 *   extract_dates.c     tokens                         -> date expressions; later their values
 *   extract_quotes.c    tokens, mentions               -> quotations with speakers, reported speech
 *   extract_cites.c     mentions                       -> cited outlets
 *   extract_output.c    all of it                      -> nd_facts in the caller's arena
 *
 * Offsets are bytes into the article's text (uint32_t: texts past 4 GiB are refused upstream).
 */
#ifndef ND_EXTRACT_WORK_H
#define ND_EXTRACT_WORK_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "extract.h"

/* ---- word lists (extract_lexicon.c) ----------------------------------------------------------- */
/* What the lexicon says of a lower-cased word. */
enum {
    L_STOP = 1 << 0,     /* a word that starts sentences and is never a name */
    L_MONTH = 1 << 1,
    L_DAY = 1 << 2,
    L_ORG = 1 << 3,      /* ends an organisation's name */
    L_SPEECH = 1 << 4,   /* a verb of saying */
    L_ROLE = 1 << 5,     /* a lower-case role noun: "general", "minister" */
    L_PARTICLE = 1 << 6, /* inside names: al, bin, van */
    L_PRONOUN = 1 << 7,  /* he, she */
    L_TITLE = 1 << 8,    /* may start a title phrase */
    L_ABBR = 1 << 9,     /* takes its full stop: "Gen." */
    L_MEDIA = 1 << 10,   /* "news agency", "TV": the name before is an outlet */
    L_PREP = 1 << 11,    /* prepositions that may stand before a date: in, on, since */
    L_FUTURE = 1 << 12,  /* will, next: a weekday ahead */
    L_NUMBER = 1 << 13,  /* one .. twelve */
    L_CUE = 1 << 14      /* introduces what someone said besides the speech verbs: "called", "saying" */
};

#define LEX_SLOTS 2048 /* the lexicon map's first size: over twice the words in extract_lexicon.c */
#define ND__TITLE_PHRASES 114 /* entries of title_phrases in extract_lexicon.c, its NULL included */

typedef struct lex_slot {
    const char *word;
    uint8_t len;
    uint32_t flags;
    int value;
} lex_slot;

/* ---- per-article working state ---------------------------------------------------------------- */
enum {
    T_CAP = 1 << 0,     /* starts with a capital (or is "al-X" with X capitalised) */
    T_ALLCAPS = 1 << 1,
    T_SENT = 1 << 2,    /* first word of a sentence */
    T_PARA = 1 << 3,    /* first word of a paragraph */
    T_ABBR = 1 << 4,    /* ends with its full stop */
    T_DIGITS = 1 << 5,
    T_SPACE = 1 << 6,   /* only spaces between this word and the one before */
    T_QUOTED = 1 << 7,  /* inside a quotation */
    T_HYPHEN = 1 << 8
};

typedef struct token {
    uint32_t start, end; /* the word, with an abbreviation's full stop */
    uint32_t name_end;   /* without a possessive 's */
    uint32_t flags;      /* T_* */
    uint32_t lex;        /* L_* of the lower-cased word */
    int lex_value;
    uint32_t sentence;
} token;

typedef struct mention {
    uint32_t start, end;     /* the name without title */
    uint32_t title_start;    /* == start when untitled */
    uint32_t first_title_start;
    int first_token, last_token; /* name tokens */
    int type;                /* nd_entity_type, or -1 undecided */
    int entity;              /* index into entities once merged */
    const nd__place *place;
    int the;                 /* "The" stood before an organisation */
    int untagged;            /* the tagger gave none of its words a name tag */
    int city_cue;            /* a city whose country is named, or after "in", or opening the text */
} mention;

typedef struct work_entity {
    int type;
    char key[ND__MAX_NAME_BYTES];     /* folded name of the longest form */
    char surname[ND__MAX_NAME_BYTES]; /* folded last word (persons) */
    int words;
    uint32_t name_start, name_end;    /* the longest form in the text */
    const nd__place *place;
    int first_mention;
    size_t mention_count;
    int last_mention_token;           /* for nearest-surname choice */
} work_entity;

typedef struct quote_work {
    uint32_t open, close;     /* quote marks: open at the first mark, close after the last */
    uint32_t start, end;      /* the words */
    uint32_t open2, close2, start2, end2; /* the part after the attribution: “A,” he said, “B.” */
    uint32_t text_start, text_end; /* what is reported: the words, or from the content's start
                                      ("called the senator a “nasty guy”") */
    int comma;                /* the words end in a comma: the sentence goes on after the speaker */
    int dropped;
    int direct;
    int speaker_mention;      /* index into mentions, or -1 */
    uint32_t speaker_start, speaker_end;
    const char *speaker_text; /* static or NULL */
    uint32_t text_speaker_start, text_speaker_end; /* a plain-words speaker ("the two sides") */
} quote_work;

typedef struct date_work {
    uint32_t start, end;
    nd__date_expr expr;
} date_work;

typedef struct cite_work {
    int mention;
    uint32_t start, end;
} cite_work;

struct nd__extractor {
    const nd_gazetteer *gazetteer;
    nd__map lex;          /* multimap: word hash -> lex_slot (extract_lexicon.c) */
    nd__vec tokens, mentions, entities, quotes, dates, date_exprs, cites;
    nd__vec ner_tokens, tags, token_mention, spans; /* the tagger's view of the words, its tags, mention per word */
    nd__tagger_scratch tagger;
    const char *text;
    size_t len;
    char lowered[ND__TITLE_PHRASES][24]; /* see nd__ex_lexicon_init */
};

#define TOK(i) (((token *)x->tokens.items)[i])
#define MEN(i) (((mention *)x->mentions.items)[i])
#define ENT(i) (((work_entity *)x->entities.items)[i])

static inline int tok_is(const nd__extractor *x, size_t i, const char *word)
{
    if (i >= x->tokens.count)
        return 0;
    const token *t = &TOK(i);
    size_t n = strlen(word);
    return t->end - t->start == n && nd__equals_ci(x->text + t->start, n, word);
}

/* Nonzero when text[from, to) holds one of `chars`. */
static inline int gap_has(const char *text, size_t from, size_t to, const char *chars)
{
    for (size_t i = from; i < to; i++)
        if (strchr(chars, text[i]))
            return 1;
    return 0;
}

/* Lower-cases text[start, end) into out (ASCII only), at most cap-1 bytes. */
static inline size_t lower_copy(const char *text, size_t start, size_t end, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = start; i < end && n + 1 < cap; i++)
        out[n++] = (char)nd__to_lower((unsigned char)text[i]);
    out[n] = '\0';
    return n;
}


/* ---- the steps -------------------------------------------------------------------------------- */
/* extract_lexicon.c: fills x->lex with the word lists and the first words of the titles.
 * ND_OK or ND_ENOMEM. */
int nd__ex_lexicon_init(nd__extractor *x);
/* The lexicon entry of a lower-cased word, or NULL. */
const lex_slot *nd__ex_lex_find(const nd__extractor *x, const char *lower, size_t n);
/* Length in tokens of the longest title phrase at token i, or 0. */
int nd__ex_match_title(const nd__extractor *x, size_t i);

/* extract_tokens.c: splits x->text into x->tokens. ND_OK or ND_ENOMEM. */
int nd__ex_tokenize(nd__extractor *x);

/* extract_mentions.c: the rules' mentions of every run of capitalised words. */
int nd__ex_find_mentions(nd__extractor *x);
/* The gazetteer's entry for tokens [a, b), or NULL. */
const nd__place *nd__ex_find_place(const nd__extractor *x, size_t a, size_t b);
int nd__ex_push_mention(nd__extractor *x, int type, size_t a, size_t b, size_t title_a, size_t first_title,
                        const nd__place *place);
/* "PORTWICK - ...": an all-capitals name opening the article before a dash is its place. */
int nd__ex_is_dateline(const nd__extractor *x, const mention *m);

/* extract_tagged.c: tags the words (x->tags), then merges the tags into the mentions. */
int nd__ex_tag_tokens(nd__extractor *x);
int nd__ex_merge_tagged(nd__extractor *x);

/* extract_entities.c: decides the undecided mentions and merges them into x->entities. */
int nd__ex_resolve_mentions(nd__extractor *x);

/* extract_dates.c: the date expressions of the text, unresolved. */
int nd__ex_find_dates(nd__extractor *x);

/* extract_quotes.c: quotations by their marks, shaped, attributed; then reported speech. */
int nd__ex_find_quotes(nd__extractor *x);

/* extract_cites.c: outlets the text cites ("IRNA reported", "according to the IRIB"). */
int nd__ex_find_cites(nd__extractor *x);

/* extract_output.c: the public facts of the article, allocated from `arena`. */
int nd__ex_build_output(nd__extractor *x, const char *dateline, nd__arena *arena, nd__article_facts *out);

#endif
