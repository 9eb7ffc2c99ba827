/*
 * cluster_internal.h: the state of the story clusterer, shared by its modules and no one else.
 * Takes nothing; gives the types (features, terms with their postings, stories, the state
 * itself), the constants of the model and the functions one module of the clusterer offers
 * another:
 *   story_vocab.c     word lists and the vocabulary (feature key -> term id, stems cached)
 *   story_features.c  an article's two vectors, and the paragraphs that are boilerplate
 *   story_match.c     similarity of the article with a story, and the learned model's features
 *   cluster.c         the story lifecycle: open, join, close, forget; candidates; nd_cluster_add
 *   story_explain.c   why an article joined, and the training dump
 *   story_state.c     the state saved as text and loaded back
 */
#ifndef ND_CLUSTER_INTERNAL_H
#define ND_CLUSTER_INTERNAL_H

#include <libstemmer.h>
#include <stdint.h>
#include <stdio.h>

#include "text.h"
#include "cluster.h"
#include "story_model.h"
#include "newsdesk.h"
#include "util.h"

/* The model. One configuration for every stream; docs/cluster.md says how it was chosen. */
#define W_NAMES 0.45          /* share of the names-and-numbers cosine in the similarity */
#define W_TERMS (1.0 - W_NAMES) /* share of the term cosine */
#define NAME_PENALTY 0.30     /* when both sides have names, the similarity is scaled by
                                 1 - NAME_PENALTY * (1 - cos(names)): reports of two events of
                                 one kind share their theme words, rarely their names */
#define MEMBER_WEIGHT 0.90    /* an article may also match one member of a story (its first
                                 article or one of the latest): broad affairs drift, and the
                                 centroid of a big story matches no single report well */
#define NUMBER_WEIGHT 1.5     /* numbers (tolls, ages, years, scores) identify an event */
#define PERSON_WEIGHT 1.5     /* extracted people (story_entities 2) count more than other names */
#define DATE_AGREEMENT 1.2    /* the score is multiplied by this when the article names a day
                                 the story's reports named ("on Thursday" -> 2017-10-19) */
#define DEFAULT_THRESHOLD 0.20
#define TIME_FLOOR 0.40       /* the time factor never falls below this: follow-ups months later */
#define TIME_SCALE_DAYS 30.0  /* e-folding gap of the decaying part of the time factor */
#define STORYLINE_THRESHOLD 0.30 /* similarity (half names, half terms, no time) for a new story
                                    to join the storyline of an older one */
#define TITLE_WEIGHT 2.0      /* a title word counts as two body words */
#define PARAGRAPH_DECAY 0.2   /* the k-th paragraph's words count 1 / (1 + k * PARAGRAPH_DECAY):
                                 news puts the event first, the background and the page's
                                 leftovers (links to other stories) last */
#define IDF_PRIOR 300.0       /* idf = log((documents + IDF_PRIOR) / df): a prior of unseen
                                 documents, so that the first articles of a stream are not
                                 compared with an idf learned from a handful of them */
#define MAX_EXEMPLARS 4       /* members a live story keeps for matching: its first and the latest */
#define EX_TERMS 32           /* strongest terms kept of each such member */
#define EX_NAMES 16           /* strongest names kept of each such member */
#define EX_SIZE (EX_TERMS + EX_NAMES)

#define QUERY_FEATURES 12     /* strongest features of each kind used to look up candidates */
#define SCORED_MAX 48         /* candidates scored in full, most promising first */
#define POST_FEATURES 16      /* strongest features of each kind a story is listed under */
#define POSTED_MAX 96         /* features one story may be listed under in all */
#define SWEEP_EVERY 64        /* articles between two sweeps for stories to close or forget */
#define MAX_WORD_BYTES 64     /* longer words are not stemmed (hashed as they are) */
#define SLOT_HINTS 16384      /* story number -> slot hints for copies (not part of the state) */
#define ARTICLE_TITLE_TERMS 16 /* strongest title terms kept per article, for the title cosine */
#define STORY_TITLE_TERMS 32  /* strongest title terms kept per story */
#define SHORT_ARTICLE_TERMS 12 /* an article with fewer terms is headline-only (feature "short") */

#define STATE_MAGIC "newsdesk-cluster-state 2"

enum {
    KIND_TERM = 1, KIND_NAME = 2, KIND_NUMBER = 3, KIND_PAIR = 4,
    /* from extraction (nd_cluster_add_facts): canonical entities, the event's place, its dates */
    KIND_PERSON = 5, KIND_ORGANISATION = 6, KIND_PLACE = 7, KIND_WHERE = 8, KIND_DATE = 9,
    KIND_LAST = KIND_DATE
};
enum { STORY_FREE = 0, STORY_LIVE = 1, STORY_CLOSED = 2 };
#define NO_TERM UINT32_MAX
#define STOP_TERM (UINT32_MAX - 1)
#define NO_DAY INT32_MIN
#define BOILERPLATE UINT32_MAX

/* The clusterer's tables are base's nd__map (util.h) with 32-bit values, made with
 * MAP_FIRST_SLOTS slots at the first insertion. */
#define MAP_FIRST_SLOTS 1024
/* Stores key -> value in a map of uint32_t values: ND_OK, or ND_ENOMEM (also at the map's
 * ceiling, which the clusterer's own ceilings keep it far from). */
static inline int story_map_set(nd__map *m, uint64_t key, uint32_t value)
{
    uint32_t *slot = nd__map_put(m, key, NULL);
    if (!slot)
        return ND_ENOMEM;
    *slot = value;
    return ND_OK;
}

/* ---- state ----------------------------------------------------------------------------------- */
typedef struct feature {
    uint32_t id;
    float weight;
} feature;

typedef struct posting_list {
    uint32_t *slots; /* story slots listed under this feature, in no particular order */
    uint32_t count, cap;
} posting_list;

typedef struct term_info {
    uint64_t key;
    const char *text;  /* a surface form, for people to read; in the strings arena */
    uint32_t df;       /* articles holding it so far */
    uint32_t kind;
    posting_list postings;
    float acc;         /* scratch: weight in the article being added */
    uint32_t seen;     /* scratch: sequence number of the article that last touched it */
} term_info;

typedef struct story {
    long long number;  /* 0 for a free slot */
    long long storyline;
    int state;
    int32_t first_day, last_day; /* NO_DAY when no dated article joined */
    uint64_t last_seq; /* sequence number of its last article */
    uint32_t articles;
    feature *terms, *names; /* sorted by id; sums of member vectors */
    uint32_t term_count, name_count;
    float term_norm, name_norm;
    uint32_t *posted; /* features it is listed under */
    uint32_t posted_count;
    feature *titles;    /* sorted by id; sum of members' title vectors (idf-weighted title terms) */
    uint32_t title_count;
    float title_norm;
    long long day_sum;  /* sum of its dated articles' days, for their mean */
    uint32_t dated;     /* its dated articles */
    feature *exemplars; /* MAX_EXEMPLARS blocks of EX_TERMS terms then EX_NAMES names, by id */
    uint32_t exemplar_count;
    uint8_t ex_terms[MAX_EXEMPLARS], ex_names[MAX_EXEMPLARS];
    float ex_term_norm[MAX_EXEMPLARS], ex_name_norm[MAX_EXEMPLARS];
    /* scratch of one lookup */
    uint64_t stamp;
    float partial;
} story;

struct nd_cluster {
    nd_options options;
    double threshold;
    int entities;          /* facts given with an article (nd_cluster_add_facts): 0 ignored, 1 its
                              event's place and days, 2 also all its entities */
    uint32_t art_dates;    /* days (KIND_DATE features) among the article's kept names */
    uint32_t art_places;   /* event places (KIND_WHERE) among them */
    nd__story_model model; /* the learned join decision (nd_cluster_load_weights) */
    int learned;           /* 1 once a model is loaded; else the hand-tuned score decides */
    double join_logit;     /* the join step's bar: log odds of the join probability asked for */
    FILE *dump;            /* training dump (nd_cluster_dump_features), or NULL */
    struct sb_stemmer *stemmer;
    nd__arena strings;     /* surface forms of terms; never moves, so results can borrow them */
    nd__map terms_by_key;   /* feature key -> term id */
    nd__map word_cache;    /* token hash -> term id, STOP_TERM (so stemming is done once a word) */
    nd__map stopwords;     /* token hashes of stopwords */
    nd__map not_names;     /* token hashes of capitalised words that are not names */
    nd__map paragraphs;    /* paragraph hash -> (uint32_t) story it was first seen in, or
                              BOILERPLATE once seen in two stories */
    term_info *terms;
    uint32_t term_count, term_cap;
    story *stories;
    uint32_t story_count, story_cap; /* slots in use up to story_count */
    nd__vec free_slots;    /* uint32_t */
    size_t live, held;
    long long next_story;
    uint64_t seq;          /* articles added */
    uint64_t documents;    /* articles counted in document frequencies */
    int32_t now;           /* latest publication day seen, NO_DAY before any */
    int32_t swept_day;     /* `now` at the last sweep */
    /* scratch */
    nd__vec tokens, touched, candidates, merge, contributions;
    nd__vec paragraph_hashes; /* uint64_t: the article's paragraphs */
    feature art_terms[ND__CLUSTER_ARTICLE_TERMS], art_names[ND__CLUSTER_ARTICLE_NAMES];
    feature top_terms[ND__CLUSTER_ARTICLE_TERMS], top_names[ND__CLUSTER_ARTICLE_NAMES];
    uint32_t art_term_count, art_name_count;
    feature art_titles[ARTICLE_TITLE_TERMS]; /* the article's title vector, by id, unit length */
    uint32_t art_title_count;

    unsigned char word[MAX_WORD_BYTES + 8];
    /* story number % SLOT_HINTS -> the slot a story of that number was last opened in: a hint
     * for finding a copy's original story, checked before use (a miss scans all slots) */
    uint32_t slot_hint[SLOT_HINTS];
    char load_error[256];  /* why the last nd_cluster_load failed, "" after a success */
};

typedef struct match {
    double terms, names, time, score, line;
    double rank, join;              /* the learned steps' scores (when a model is loaded) */
    double x[ND__STORY_FEATURES];   /* the features they were computed from */
} match;

/* ---- story_vocab.c --------------------------------------------------------------------------- */
/* Fills the stopword and not-a-name sets. ND_OK or ND_ENOMEM. */
int nd__story_vocab_init(nd_cluster *c);
/* The id of the feature `key`, made (with surface form text[0..len)) when new; NO_TERM past the
 * vocabulary ceiling or when out of memory. */
uint32_t nd__story_term_id(nd_cluster *c, uint64_t key, uint32_t kind, const char *text, size_t len);
/* The term of a word: its stem (or folded form), STOP_TERM for stopwords. */
uint32_t nd__story_word_term(nd_cluster *c, const char *text, const nd__token *token);

/* ---- story_features.c ------------------------------------------------------------------------ */
/* Makes room for `count` features in a scratch vector. */
int nd__story_reserve(nd__vec *vec, size_t count);
/* Orders of features: heaviest first (ties by id), and by id. */
int nd__story_by_weight(const void *a, const void *b);
int nd__story_by_id(const void *a, const void *b);
/* Builds the article's vectors into the state's scratch (art_*, top_*), counting document
 * frequencies. ND_OK or ND_ENOMEM. */
int nd__story_extract(nd_cluster *c, const nd_article *article, const nd_facts *facts);
/* Notes the story the article's paragraphs were seen in (boilerplate once in two). */
void nd__story_remember_paragraphs(nd_cluster *c, uint32_t story_number);

/* ---- story_match.c --------------------------------------------------------------------------- */
/* The article being added against story s, on publication day `day`. */
match nd__story_compare(const nd_cluster *c, const story *s, int32_t day);

/* ---- cluster.c ------------------------------------------------------------------------------- */
void nd__story_release(story *s);
void nd__story_norms(story *s);
/* Counts and norms of exemplar k, whose features are in place. */
void nd__story_exemplar_counts(story *s, uint32_t k, uint32_t nt, uint32_t nn);
/* A free story slot (reused or new), or UINT32_MAX when out of memory. */
uint32_t nd__story_new_slot(nd_cluster *c);
int nd__story_alloc_vectors(story *s);

/* ---- story_explain.c ------------------------------------------------------------------------- */
/* The features the article shares with story s, strongest first, into result->matched. */
void nd__story_explain(nd_cluster *c, const story *s, nd_cluster_result *result);
/* The learned decision's strongest reasons and join probability, into result. */
void nd__story_explain_decision(const nd_cluster *c, const match *m, nd_cluster_result *result);
/* The article's "A" line of the training dump. */
void nd__story_dump_decision(nd_cluster *c, const nd_article *article, const nd_cluster_result *result, int copy);

#endif
