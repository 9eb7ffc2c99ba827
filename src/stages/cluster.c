/*
 * cluster.c: online story clustering. Takes clean articles one at a time in stream order and
 * gives each a story (one real-world event) and a storyline (stories with the same actors and
 * theme, possibly years apart).
 *
 * Each article becomes two sparse vectors, both weighted (1 + log tf) * idf with document
 * frequencies learned from the stream itself and normalised to unit length:
 *   terms   stemmed words of title (counted twice) and body, stopwords dropped, the k-th
 *           paragraph's words counting 1 / (1 + 0.2 k) (the event comes first in news);
 *   names   capitalised words not at a sentence start (and pairs of adjacent ones), plus
 *           numbers (counted 1.5 times): together they tell apart two events of one kind.
 *           When the article comes with its extracted facts (nd_cluster_add_facts), the place
 *           of the event and the days its text names are names too, and a day shared with the
 *           story lifts the score (DATE_AGREEMENT).
 * A paragraph already seen in two different stories is boilerplate and left out.
 * A story keeps the sum of its articles' vectors (its strongest features only), a few members'
 * own vectors (its first article and the latest three), its time span and the time of its last
 * article. Candidate stories come from an inverted index (feature -> stories holding it among
 * their strongest), never from a scan. With
 *     sim(t, n) = (W_TERMS * t + W_NAMES * n) * (1 - NAME_PENALTY * (1 - n))
 * for a term cosine t and a name cosine n, the article joins the best candidate when
 *     max(sim(centroid), MEMBER_WEIGHT * sim(best member)) * time_factor(gap)  >=  threshold
 * and opens a new story otherwise; a new story inherits the storyline of the most similar held
 * story (live or closed) when their names and terms agree well enough, however long ago.
 * With learned weights loaded (nd_cluster_load_weights, story_model.c) that hand-tuned score is
 * one feature among others of each candidate (per-field cosines, day and place agreement,
 * Gaussian time gaps, the story's size and age; story_features): a ranking model picks the
 * best live candidate and a join model decides whether the article joins it.
 *
 * Memory stays flat: a story with no article for story_expire_days closes (it is cut down to a
 * few features, drops its members and only serves storyline links), and is forgotten
 * storyline_days later; the vocabulary and every list have ceilings (cluster.h). Everything is
 * decided by the input and its order (no clocks, no addresses, ties broken by story number), so
 * runs are reproducible. The state is plain tables (counters, vocabulary, paragraphs seen,
 * stories with their features and members; postings follow from the stories), which
 * nd_cluster_save writes as text and nd_cluster_load reads back: a stream split in two runs
 * gives exactly the results of one.
 */
#include "cluster.h"
#include "date.h"

#include <errno.h>
#include <libstemmer.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "analyse.h"
#include "extract.h"
#include "story_model.h"
#include "utf8.h"

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

/* ---- open-addressing map from a 64-bit key (never 0) to a 32-bit value ----------------------- */
typedef struct map_entry {
    uint64_t key;
    uint32_t value;
} map_entry;

typedef struct u64_map {
    map_entry *slots;
    size_t mask, used;
} u64_map;

static uint64_t map_key(uint64_t key) { return key ? key : 1; }

static uint32_t *map_find(const u64_map *m, uint64_t key)
{
    if (!m->slots)
        return NULL;
    key = map_key(key);
    for (size_t i = nd__mix64(key) & m->mask;; i = (i + 1) & m->mask) {
        if (m->slots[i].key == key)
            return &m->slots[i].value;
        if (!m->slots[i].key)
            return NULL;
    }
}

static int map_put(u64_map *m, uint64_t key, uint32_t value)
{
    key = map_key(key);
    if (!m->slots || (m->used + 1) * 2 > m->mask + 1) {
        size_t cap = m->slots ? (m->mask + 1) * 2 : 1024;
        map_entry *grown = calloc(cap, sizeof *grown);
        if (!grown)
            return ND_ENOMEM;
        for (size_t i = 0; m->slots && i <= m->mask; i++) {
            if (!m->slots[i].key)
                continue;
            size_t j = nd__mix64(m->slots[i].key) & (cap - 1);
            while (grown[j].key)
                j = (j + 1) & (cap - 1);
            grown[j] = m->slots[i];
        }
        free(m->slots);
        m->slots = grown;
        m->mask = cap - 1;
    }
    size_t i = nd__mix64(key) & m->mask;
    while (m->slots[i].key && m->slots[i].key != key)
        i = (i + 1) & m->mask;
    if (!m->slots[i].key)
        m->used++;
    m->slots[i].key = key;
    m->slots[i].value = value;
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
    u64_map terms_by_key;  /* feature key -> term id */
    u64_map word_cache;    /* token hash -> term id, STOP_TERM (so stemming is done once a word) */
    u64_map stopwords;     /* token hashes of stopwords */
    u64_map not_names;     /* token hashes of capitalised words that are not names */
    u64_map paragraphs;    /* paragraph hash -> (uint32_t) story it was first seen in, or
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

/* Makes room for `count` features in a scratch vector. */
static int reserve(nd__vec *vec, size_t count)
{
    while (vec->cap < count)
        if (!nd__vec_push(vec, sizeof(feature)))
            return ND_ENOMEM;
    return ND_OK;
}

/* Word lists are hashed by the tokenizer itself, so they always agree with the text's words. */
static int fill_set(u64_map *set, const char *const *words)
{
    nd__vec tokens = {0};
    int rc = ND_OK;
    for (size_t i = 0; words[i] && rc == ND_OK; i++) {
        tokens.count = 0;
        rc = nd__tokenize(words[i], strlen(words[i]), &tokens);
        if (rc == ND_OK && tokens.count == 1)
            rc = map_put(set, ((const nd__token *)tokens.items)[0].hash, 1);
    }
    nd__vec_release(&tokens);
    return rc;
}

nd_cluster *nd_cluster_new(const nd_options *options)
{
    nd_cluster *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    if (options)
        c->options = *options;
    else
        nd_options_init(&c->options);
    c->threshold = c->options.story_threshold > 0 ? c->options.story_threshold : DEFAULT_THRESHOLD;
    /* With a learned model the threshold is the join probability needed (default one half). */
    double p = c->options.story_threshold > 0 ? c->options.story_threshold : 0.5;
    c->join_logit = p >= 1 ? HUGE_VAL : log(p / (1 - p));
    if (!(c->options.story_expire_days > 0))
        c->options.story_expire_days = 365;
    if (c->options.storyline_days < c->options.story_expire_days)
        c->options.storyline_days = c->options.story_expire_days;
    if (c->options.max_stories < 16)
        c->options.max_stories = 16;
    c->next_story = 1;
    c->now = c->swept_day = NO_DAY;
    c->entities = c->options.story_entities < 0 ? 0 : c->options.story_entities >= 2 ? 2 : 1;
    nd__arena_init(&c->strings);
    c->stemmer = sb_stemmer_new("english", NULL);
    if (!c->stemmer || reserve(&c->merge, ND__CLUSTER_STORY_TERMS + ND__CLUSTER_ARTICLE_TERMS) != ND_OK ||
        fill_set(&c->stopwords, stopword_list) != ND_OK ||
        fill_set(&c->not_names, stopword_list) != ND_OK ||
        fill_set(&c->not_names, not_name_list) != ND_OK) {
        nd_cluster_free(c);
        return NULL;
    }
    return c;
}

static void story_release(story *s)
{
    free(s->terms);
    free(s->names);
    free(s->posted);
    free(s->titles);
    free(s->exemplars);
    memset(s, 0, sizeof *s);
}

void nd_cluster_free(nd_cluster *c)
{
    if (!c)
        return;
    for (uint32_t i = 0; i < c->story_count; i++)
        story_release(&c->stories[i]);
    free(c->stories);
    for (uint32_t i = 0; i < c->term_count; i++)
        free(c->terms[i].postings.slots);
    free(c->terms);
    free(c->terms_by_key.slots);
    free(c->word_cache.slots);
    free(c->stopwords.slots);
    free(c->not_names.slots);
    free(c->paragraphs.slots);
    nd__arena_release(&c->strings);
    if (c->stemmer)
        sb_stemmer_delete(c->stemmer);
    if (c->dump)
        fclose(c->dump);
    nd__vec_release(&c->free_slots);
    nd__vec_release(&c->tokens);
    nd__vec_release(&c->touched);
    nd__vec_release(&c->candidates);
    nd__vec_release(&c->merge);
    nd__vec_release(&c->contributions);
    nd__vec_release(&c->paragraph_hashes);
    free(c);
}

size_t nd_cluster_live_stories(const nd_cluster *c) { return c ? c->live : 0; }
size_t nd_cluster_held_stories(const nd_cluster *c) { return c ? c->held : 0; }
const char *nd_cluster_load_error(const nd_cluster *c) { return c ? c->load_error : ""; }

/* ---- dates ----------------------------------------------------------------------------------- */
int32_t nd__cluster_day(const char *date)
{
    int y, m, d;
    if (!date || strlen(date) < 10 || !nd__date_parse_iso(date, 10, &y, &m, &d))
        return NO_DAY;
    return (int32_t)nd__days_from_civil(y, m, d);
}

/* ---- vocabulary ------------------------------------------------------------------------------ */
/* The id of the feature `key`, made (with surface form text[0..len)) when new; NO_TERM past the
 * vocabulary ceiling or when out of memory (the feature is then ignored, which only weakens). */
static uint32_t term_id(nd_cluster *c, uint64_t key, uint32_t kind, const char *text, size_t len)
{
    uint32_t *found = map_find(&c->terms_by_key, key);
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
    if (!copy || map_put(&c->terms_by_key, key, c->term_count) != ND_OK)
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
static uint32_t word_term(nd_cluster *c, const char *text, const nd__token *token)
{
    uint32_t *cached = map_find(&c->word_cache, token->hash);
    if (cached)
        return *cached;
    size_t len = token->end - token->start;
    const char *word = text + token->start;
    uint32_t id;
    if (len < 2 || map_find(&c->stopwords, token->hash))
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
            id = term_id(c, key, KIND_TERM, (const char *)c->word, len);
        } else
            id = term_id(c, nd__mix64(token->hash ^ KIND_TERM), KIND_TERM, word, len);
    }
    if (c->word_cache.used < 2 * (size_t)ND__CLUSTER_MAX_TERMS && id != NO_TERM)
        map_put(&c->word_cache, token->hash, id);
    return id;
}

/* ---- feature extraction ---------------------------------------------------------------------- */
static int is_capitalised(const char *text, const nd__token *t)
{
    unsigned char c = (unsigned char)text[t->start];
    if (c < 0x80)
        return nd__is_upper(c);
    int cp;
    size_t n = nd__utf8_sequence((const unsigned char *)text + t->start, t->end - t->start, &cp);
    return n && utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

static int is_number(const char *text, const nd__token *t)
{
    for (uint32_t i = t->start; i < t->end; i++)
        if (!nd__is_digit((unsigned char)text[i]))
            return 0;
    return 1;
}

/* Whether the word at `at` opens a sentence, where capitals say nothing about names. */
static int at_sentence_start(const char *text, uint32_t at)
{
    while (at > 0) {
        unsigned char c = (unsigned char)text[at - 1];
        if (c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '(' || c == '`' || c == '[')
            at--;
        else if (c >= 0x80 && at >= 3 && (unsigned char)text[at - 3] == 0xE2)
            at -= 3; /* typographic quotes and dashes */
        else
            return c == '.' || c == '!' || c == '?' || c == ':' || c == '\n' || c == '\r' ||
                   c == '|' || c == '-' || c == '*';
    }
    return 1;
}

static void touch(nd_cluster *c, uint32_t id, float weight)
{
    if (id >= STOP_TERM)
        return;
    term_info *t = &c->terms[id];
    if (t->seen != (uint32_t)c->seq) {
        uint32_t *slot = nd__vec_push(&c->touched, sizeof *slot);
        if (!slot)
            return;
        *slot = id;
        t->seen = (uint32_t)c->seq;
        t->acc = 0;
    }
    t->acc += weight;
}

/* Adds the words of text[0..len) to the article's features. */
static int add_text(nd_cluster *c, const char *text, size_t len, float weight, int is_title)
{
    c->tokens.count = 0;
    if (nd__tokenize(text, len, &c->tokens) != ND_OK)
        return ND_ENOMEM;
    const nd__token *tokens = c->tokens.items;
    size_t n = c->tokens.count;
    /* A title in Title Case capitalises every word: its capitals say nothing. */
    int names_allowed = 1;
    if (is_title) {
        size_t words = 0, capitals = 0;
        for (size_t i = 0; i < n; i++) {
            if (is_number(text, &tokens[i]) || map_find(&c->stopwords, tokens[i].hash))
                continue;
            words++;
            capitals += is_capitalised(text, &tokens[i]);
        }
        names_allowed = words < 3 || capitals * 10 < words * 7;
    }
    int previous_name = 0;
    uint64_t previous_hash = 0;
    for (size_t i = 0; i < n; i++) {
        const nd__token *t = &tokens[i];
        const char *surface = text + t->start;
        size_t surface_len = t->end - t->start;
        if (is_number(text, t)) {
            touch(c, term_id(c, nd__mix64(t->hash ^ KIND_NUMBER), KIND_NUMBER, surface, surface_len),
                  weight);
            previous_name = 0;
            continue;
        }
        touch(c, word_term(c, text, t), weight);
        int name = 0;
        if (names_allowed && surface_len >= 2 && is_capitalised(text, t) &&
            !map_find(&c->not_names, t->hash)) {
            name = !at_sentence_start(text, t->start);
            if (!name && i + 1 < n && tokens[i + 1].start <= t->end + 1 &&
                is_capitalised(text, &tokens[i + 1]) && !map_find(&c->not_names, tokens[i + 1].hash))
                name = 1; /* "Bashar Assad met ..." opens a sentence with a name */
        }
        if (name) {
            touch(c, term_id(c, nd__mix64(t->hash ^ KIND_NAME), KIND_NAME, surface, surface_len), weight);
            if (previous_name && t->start <= tokens[i - 1].end + 1) {
                const nd__token *p = &tokens[i - 1];
                touch(c, term_id(c, nd__mix64(previous_hash * 31 + t->hash + KIND_PAIR), KIND_PAIR,
                                 text + p->start, t->end - p->start),
                      weight);
            }
            previous_hash = t->hash;
        }
        previous_name = name;
    }
    return ND_OK;
}

static int by_weight(const void *a, const void *b)
{
    const feature *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int by_id(const void *a, const void *b)
{
    const feature *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Keeps the `max` heaviest of features[0..count), normalised; `top` gets them heaviest first
 * and `out` by id. Returns how many were kept. */
static uint32_t finish_vector(feature *features, size_t count, size_t max, feature *top, feature *out)
{
    qsort(features, count, sizeof *features, by_weight);
    if (count > max)
        count = max;
    double norm = 0;
    for (size_t i = 0; i < count; i++)
        norm += (double)features[i].weight * features[i].weight;
    norm = norm > 0 ? sqrt(norm) : 1;
    for (size_t i = 0; i < count; i++) {
        top[i].id = features[i].id;
        top[i].weight = (float)(features[i].weight / norm);
    }
    memcpy(out, top, count * sizeof *out);
    qsort(out, count, sizeof *out, by_id);
    return (uint32_t)count;
}

/* The extracted facts as features of the names vector: the place of the event, the days the
 * text names (resolved against the article's own date or one its text gives, never one taken
 * from another article, so that a split run sees the same days) and, when options ask
 * (story_entities 2), every canonical entity, a person by the folded last name so that
 * spellings and full or short forms agree across runs. Keys are folded names, not canonical
 * strings: the canonical choice depends on the whole extraction, which a split run does not
 * see. */
static void add_facts(nd_cluster *c, const nd_facts *f)
{
    char folded[ND__MAX_NAME_BYTES + 8];
    for (size_t i = 0; i < f->entity_count; i++) {
        const nd_entity *e = &f->entities[i];
        const char *name = e->name, *key_text = name;
        if (!name || !*name)
            continue;
        if (e->type == ND_ENTITY_PERSON) {
            const char *space = strrchr(name, ' ');
            if (space && space[1])
                key_text = space + 1;
        }
        size_t n = nd__fold_name(key_text, strlen(key_text), folded, sizeof folded);
        if (!n)
            continue;
        uint32_t kind = e->type == ND_ENTITY_PERSON ? KIND_PERSON
                        : e->type == ND_ENTITY_ORGANISATION ? KIND_ORGANISATION : KIND_PLACE;
        size_t mentions = e->mention_count ? e->mention_count : 1;
        if (c->entities >= 2)
            touch(c, term_id(c, nd__hash64(folded, n, kind), kind, name, strlen(name)), (float)mentions);
        if ((long)i == f->where)
            touch(c, term_id(c, nd__hash64(folded, n, KIND_WHERE), KIND_WHERE, name, strlen(name)), 1.0f);
    }
    if (f->date_source && strcmp(f->date_source, "story") == 0)
        return; /* resolved against another article's date: not the article's own evidence */
    for (size_t i = 0; i < f->date_count; i++) {
        const nd_date *d = &f->dates[i];
        if (!d->value || d->precision != ND_DATE_DAY || strlen(d->value) != 10)
            continue;
        touch(c, term_id(c, nd__hash64(d->value, 10, KIND_DATE), KIND_DATE, d->value, 10), 1.0f);
    }
}

/* Builds the article's two vectors from its title and clean body (and its extracted facts when
 * given); counts its document frequencies. */
static int extract(nd_cluster *c, const nd_article *article, const nd_facts *facts)
{
    c->touched.count = 0;
    c->paragraph_hashes.count = 0;
    if (add_text(c, article->title, strlen(article->title), (float)TITLE_WEIGHT, 1) != ND_OK)
        return ND_ENOMEM;
    size_t title_touched = c->touched.count; /* the title's features come first */
    /* A paragraph already seen in two stories is boilerplate (a consent or paywall page, a
     * newsletter box) that cleaning left: it says nothing about the event. */
    size_t kept = 0;
    for (size_t i = 0; i < article->paragraph_count; i++) {
        const nd__span *span = &article->paragraphs[i];
        if (span->end <= span->start || span->end > article->body_len)
            continue;
        uint64_t hash = nd__hash64(article->body + span->start, span->end - span->start, 0x9a7a);
        uint64_t *slot = nd__vec_push(&c->paragraph_hashes, sizeof *slot);
        if (!slot)
            return ND_ENOMEM;
        *slot = hash;
        const uint32_t *seen = map_find(&c->paragraphs, hash);
        if (seen && *seen == BOILERPLATE)
            continue;
        float weight = (float)(1.0 / (1.0 + PARAGRAPH_DECAY * (double)kept++));
        if (add_text(c, article->body + span->start, span->end - span->start, weight, 0) != ND_OK)
            return ND_ENOMEM;
    }
    if (facts)
        add_facts(c, facts);
    c->documents++;
    const uint32_t *ids = c->touched.items;
    size_t n = c->touched.count;
    /* Terms first in the scratch, names after. */
    if (reserve(&c->merge, n) != ND_OK)
        return ND_ENOMEM;
    feature *scratch = c->merge.items;
    size_t terms = 0, names = n;
    double documents = (double)c->documents;
    for (size_t i = 0; i < n; i++) {
        term_info *t = &c->terms[ids[i]];
        t->df++;
        float weight = (float)((1.0 + log(t->acc)) * log((documents + IDF_PRIOR) / t->df));
        if (t->kind == KIND_NUMBER)
            weight *= (float)NUMBER_WEIGHT;
        else if (t->kind == KIND_PERSON)
            weight *= (float)PERSON_WEIGHT;
        feature f = {ids[i], weight};
        if (t->kind == KIND_TERM)
            scratch[terms++] = f;
        else
            scratch[--names] = f;
    }
    c->art_term_count = finish_vector(scratch, terms, ND__CLUSTER_ARTICLE_TERMS, c->top_terms, c->art_terms);
    c->art_name_count = finish_vector(scratch + names, n - names, ND__CLUSTER_ARTICLE_NAMES, c->top_names,
                                      c->art_names);
    /* The title's own vector: its terms weighted by idf alone (a title rarely repeats a word). */
    feature title[ND__CLUSTER_ARTICLE_TERMS], title_top[ND__CLUSTER_ARTICLE_TERMS];
    size_t title_terms = 0;
    for (size_t i = 0; i < title_touched && title_terms < ND__CLUSTER_ARTICLE_TERMS; i++) {
        const term_info *t = &c->terms[ids[i]];
        if (t->kind == KIND_TERM)
            title[title_terms++] = (feature){ids[i], (float)log((documents + IDF_PRIOR) / t->df)};
    }
    c->art_title_count = finish_vector(title, title_terms, ARTICLE_TITLE_TERMS, title_top, c->art_titles);
    /* From here on a feature's `acc` is its weight in the article (0 when not kept), so that a
     * dot product with the article is one pass over the other vector (article_dot). */
    for (size_t i = 0; i < n; i++)
        c->terms[ids[i]].acc = 0;
    for (uint32_t i = 0; i < c->art_term_count; i++)
        c->terms[c->art_terms[i].id].acc = c->art_terms[i].weight;
    c->art_dates = c->art_places = 0;
    for (uint32_t i = 0; i < c->art_name_count; i++) {
        c->terms[c->art_names[i].id].acc = c->art_names[i].weight;
        c->art_dates += c->terms[c->art_names[i].id].kind == KIND_DATE;
        c->art_places += c->terms[c->art_names[i].id].kind == KIND_WHERE;
    }
    return ND_OK;
}

/* ---- similarity ------------------------------------------------------------------------------ */
/* The dot product of the article being added with v[0..n) (sorted by id): the same sums in the
 * same order as a merge of the two sorted vectors would, without walking the article's. */
static double article_dot(const nd_cluster *c, const feature *v, uint32_t n)
{
    double sum = 0;
    uint32_t seq = (uint32_t)c->seq;
    for (uint32_t i = 0; i < n; i++) {
        const term_info *t = &c->terms[v[i].id];
        if (t->seen == seq && t->acc != 0)
            sum += (double)t->acc * v[i].weight;
    }
    return sum;
}

typedef struct match {
    double terms, names, time, score, line;
    double rank, join;              /* the learned steps' scores (when a model is loaded) */
    double x[ND__STORY_FEATURES];   /* the features they were computed from */
} match;

static double time_factor(int32_t day, const story *s)
{
    if (day == NO_DAY || s->last_day == NO_DAY)
        return 1.0;
    int32_t gap = day > s->last_day ? day - s->last_day : (day < s->first_day ? s->first_day - day : 0);
    return TIME_FLOOR + (1.0 - TIME_FLOOR) * exp(-gap / TIME_SCALE_DAYS);
}

/* The similarity of two vectors pairs (cosines of terms and of names); `both` when both sides
 * have names, else terms alone decide. */
static double combine(double terms, double names, int both)
{
    if (!both)
        return terms;
    return (W_TERMS * terms + W_NAMES * names) * (1.0 - NAME_PENALTY * (1.0 - names));
}

/* DATE_AGREEMENT when the article names a day its story's reports named too (among the story's
 * strongest names): reports of one event name its day ("on Thursday"), and with it a shooting
 * joins its own reports rather than the last one in that city. A day named by neither side or
 * by one only says nothing (a penalty for different days cost news-cluster: broad affairs). */
static double date_factor(const nd_cluster *c, const story *s)
{
    if (!c->art_dates)
        return 1.0;
    uint32_t seq = (uint32_t)c->seq;
    for (uint32_t i = 0; i < s->name_count; i++) {
        const term_info *t = &c->terms[s->names[i].id];
        if (t->kind != KIND_DATE)
            continue;
        if (t->seen == seq && t->acc != 0)
            return DATE_AGREEMENT;
    }
    return 1.0;
}

/* Dot product of two vectors sorted by id. */
static double sorted_dot(const feature *a, uint32_t na, const feature *b, uint32_t nb)
{
    double sum = 0;
    for (uint32_t i = 0, j = 0; i < na && j < nb;) {
        if (a[i].id == b[j].id)
            sum += (double)a[i].weight * b[j++].weight, i++;
        else if (a[i].id < b[j].id)
            i++;
        else
            j++;
    }
    return sum;
}

static double gaussian(double gap, double scale) { return exp(-gap * gap / (2 * scale * scale)); }

/* The learned model's features of the article against story s (story_model.h lists them);
 * `hand` is the hand-tuned score, the member cosines are the best over the kept members. */
static void story_features(const nd_cluster *c, const story *s, int32_t day, double hand, double member_terms,
                           double member_names, const match *m, double *x)
{
    memset(x, 0, ND__STORY_FEATURES * sizeof *x);
    x[ND__FEATURE_HAND] = hand;
    x[ND__FEATURE_TERMS] = m->terms;
    x[ND__FEATURE_NAMES] = m->names;
    x[ND__FEATURE_TITLE] = s->title_norm > 0 ? sorted_dot(c->art_titles, c->art_title_count, s->titles,
                                                          s->title_count) / s->title_norm : 0;
    x[ND__FEATURE_MEMBER_TERMS] = member_terms > m->terms ? member_terms : m->terms;
    x[ND__FEATURE_MEMBER_NAMES] = member_names > m->names ? member_names : m->names;
    x[ND__FEATURE_NO_NAMES] = !(c->art_name_count && s->name_count);
    if (c->art_dates || c->art_places) {
        uint32_t seq = (uint32_t)c->seq;
        int story_days = 0, story_places = 0, shared_days = 0, shared_places = 0;
        for (uint32_t i = 0; i < s->name_count; i++) {
            const term_info *t = &c->terms[s->names[i].id];
            int shared = t->seen == seq && t->acc != 0;
            if (t->kind == KIND_DATE)
                story_days = 1, shared_days |= shared;
            else if (t->kind == KIND_WHERE)
                story_places = 1, shared_places |= shared;
        }
        x[ND__FEATURE_DAY_SHARED] = c->art_dates && shared_days;
        x[ND__FEATURE_DAY_DIFFERS] = c->art_dates && story_days && !shared_days;
        x[ND__FEATURE_PLACE_SHARED] = c->art_places && shared_places;
        x[ND__FEATURE_PLACE_DIFFERS] = c->art_places && story_places && !shared_places;
    }
    if (day == NO_DAY || s->last_day == NO_DAY || !s->dated) {
        /* No time evidence: no gap, as the hand-tuned time factor says (an "undated" indicator
         * would only tell the undated sets apart from the others). */
        x[ND__FEATURE_NEWEST] = x[ND__FEATURE_OLDEST] = x[ND__FEATURE_MEAN] = 1;
    } else {
        double mean = (double)s->day_sum / s->dated;
        x[ND__FEATURE_NEWEST] = gaussian(fabs((double)day - s->last_day), 7);
        x[ND__FEATURE_OLDEST] = gaussian(fabs((double)day - s->first_day), 60);
        x[ND__FEATURE_MEAN] = gaussian(fabs((double)day - mean), 30);
        double span = (double)s->last_day - s->first_day;
        x[ND__FEATURE_AGE] = span >= 365 ? 1 : span / 365;
    }
    x[ND__FEATURE_SIZE] = log(1.0 + s->articles) / log(1000.0);
    x[ND__FEATURE_SHORT] = c->art_term_count < SHORT_ARTICLE_TERMS;
}

static match compare(const nd_cluster *c, const story *s, int32_t day)
{
    match m;
    m.terms = s->term_norm > 0 ? article_dot(c, s->terms, s->term_count) / s->term_norm : 0;
    m.names = s->name_norm > 0 ? article_dot(c, s->names, s->name_count) / s->name_norm : 0;
    m.time = time_factor(day, s);
    double similarity = combine(m.terms, m.names, c->art_name_count && s->name_count);
    double dates = date_factor(c, s);
    double member_terms = 0, member_names = 0;
    if (s->state == STORY_LIVE) {
        for (uint32_t k = 0; k < s->exemplar_count; k++) {
            const feature *e = s->exemplars + (size_t)k * EX_SIZE;
            double t = s->ex_term_norm[k] > 0 ? article_dot(c, e, s->ex_terms[k]) / s->ex_term_norm[k] : 0;
            double n = s->ex_name_norm[k] > 0 ? article_dot(c, e + EX_TERMS, s->ex_names[k]) / s->ex_name_norm[k] : 0;
            double sim = MEMBER_WEIGHT * combine(t, n, c->art_name_count && s->ex_names[k]);
            if (sim > similarity)
                similarity = sim;
            if (t > member_terms)
                member_terms = t;
            if (n > member_names)
                member_names = n;
        }
    }
    m.score = similarity * m.time * dates;
    m.line = 0.5 * m.names + 0.5 * m.terms;
    m.rank = m.join = 0;
    if (c->learned || c->dump) {
        story_features(c, s, day, m.score, member_terms, member_names, &m, m.x);
        if (c->learned) {
            m.rank = nd__story_rank(&c->model, m.x);
            m.join = nd__story_join(&c->model, m.x);
        }
    }
    return m;
}


/* Records exemplar k's feature counts and the norms of its terms and names (features already
 * in place in s->exemplars), as adding or loading an exemplar both need. */
static void exemplar_set_counts(story *s, uint32_t k, uint32_t nt, uint32_t nn)
{
    const feature *e = s->exemplars + (size_t)k * EX_SIZE;
    double tn = 0, na = 0;
    for (uint32_t i = 0; i < nt; i++)
        tn += (double)e[i].weight * e[i].weight;
    for (uint32_t i = 0; i < nn; i++)
        na += (double)e[EX_TERMS + i].weight * e[EX_TERMS + i].weight;
    s->ex_terms[k] = (uint8_t)nt;
    s->ex_names[k] = (uint8_t)nn;
    s->ex_term_norm[k] = (float)sqrt(tn);
    s->ex_name_norm[k] = (float)sqrt(na);
}
/* Keeps the article's strongest features as a member of story s, which it joins as member
 * number `member` (0 for the first): the first member stays, the later ones take turns. */
static void add_exemplar(nd_cluster *c, story *s, uint32_t member)
{
    if (!s->exemplars)
        return;
    uint32_t k = s->exemplar_count < MAX_EXEMPLARS ? s->exemplar_count++
                                                   : 1 + member % (MAX_EXEMPLARS - 1);
    feature *e = s->exemplars + (size_t)k * EX_SIZE;
    uint32_t nt = c->art_term_count < EX_TERMS ? c->art_term_count : EX_TERMS;
    uint32_t nn = c->art_name_count < EX_NAMES ? c->art_name_count : EX_NAMES;
    memcpy(e, c->top_terms, nt * sizeof *e);
    memcpy(e + EX_TERMS, c->top_names, nn * sizeof *e);
    qsort(e, nt, sizeof *e, by_id);
    qsort(e + EX_TERMS, nn, sizeof *e, by_id);
    exemplar_set_counts(s, k, nt, nn);
}

/* ---- stories --------------------------------------------------------------------------------- */
static void story_norms(story *s)
{
    double t = 0, n = 0, h = 0;
    for (uint32_t i = 0; i < s->title_count; i++)
        h += (double)s->titles[i].weight * s->titles[i].weight;
    s->title_norm = (float)sqrt(h);
    for (uint32_t i = 0; i < s->term_count; i++)
        t += (double)s->terms[i].weight * s->terms[i].weight;
    for (uint32_t i = 0; i < s->name_count; i++)
        n += (double)s->names[i].weight * s->names[i].weight;
    s->term_norm = (float)sqrt(t);
    s->name_norm = (float)sqrt(n);
}

/* story += article, keeping the `max` heaviest features. `merge` is scratch of max + add. */
static void merge_into(feature *into, uint32_t *count, uint32_t max, const feature *add, uint32_t add_count,
                       feature *merge)
{
    uint32_t i = 0, j = 0, k = 0;
    while (i < *count || j < add_count) {
        if (j >= add_count || (i < *count && into[i].id < add[j].id))
            merge[k++] = into[i++];
        else if (i >= *count || add[j].id < into[i].id)
            merge[k++] = add[j++];
        else {
            merge[k] = into[i++];
            merge[k++].weight += add[j++].weight;
        }
    }
    if (k > max) {
        qsort(merge, k, sizeof *merge, by_weight);
        k = max;
        qsort(merge, k, sizeof *merge, by_id);
    }
    memcpy(into, merge, k * sizeof *merge);
    *count = k;
}

/* The `max` heaviest of v[0..n) into top (heaviest first); returns how many. A selection by
 * insertion: max is small, and this runs once per article that joins a story. */
static uint32_t heaviest(const feature *v, uint32_t n, feature *top, uint32_t max)
{
    uint32_t count = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (count == max && by_weight(&v[i], &top[max - 1]) >= 0)
            continue;
        uint32_t at = count < max ? count++ : max - 1;
        while (at > 0 && by_weight(&v[i], &top[at - 1]) < 0) {
            top[at] = top[at - 1];
            at--;
        }
        top[at] = v[i];
    }
    return count;
}

/* Lists the story under its strongest features not listed yet. */
static void story_post(nd_cluster *c, uint32_t slot)
{
    story *s = &c->stories[slot];
    feature top[POST_FEATURES];
    for (int kind = 0; kind < 2; kind++) {
        uint32_t n = heaviest(kind ? s->names : s->terms, kind ? s->name_count : s->term_count, top, POST_FEATURES);
        for (uint32_t i = 0; i < n && s->posted_count < POSTED_MAX; i++) {
            uint32_t id = top[i].id, k;
            for (k = 0; k < s->posted_count && s->posted[k] != id; k++)
                ;
            posting_list *list = &c->terms[id].postings;
            if (k < s->posted_count || list->count >= ND__CLUSTER_POSTING_MAX)
                continue;
            if (list->count == list->cap) {
                uint32_t cap = list->cap ? list->cap * 2 : 4;
                uint32_t *grown = realloc(list->slots, cap * sizeof *grown);
                if (!grown)
                    return;
                list->slots = grown;
                list->cap = cap;
            }
            list->slots[list->count++] = slot;
            s->posted[s->posted_count++] = id;
        }
    }
}

static void story_forget(nd_cluster *c, uint32_t slot)
{
    story *s = &c->stories[slot];
    for (uint32_t k = 0; k < s->posted_count; k++) {
        posting_list *list = &c->terms[s->posted[k]].postings;
        for (uint32_t i = 0; i < list->count; i++)
            if (list->slots[i] == slot) {
                list->slots[i] = list->slots[--list->count];
                break;
            }
    }
    if (s->state == STORY_LIVE)
        c->live--;
    c->held--;
    story_release(s);
    uint32_t *free_slot = nd__vec_push(&c->free_slots, sizeof *free_slot);
    if (free_slot)
        *free_slot = slot; /* else the slot is just not reused */
}

/* A closed story keeps only its strongest features, for storyline links. */
static void story_close(nd_cluster *c, story *s)
{
    feature *scratch = c->merge.items;
    for (int kind = 0; kind < 2; kind++) {
        feature *v = kind ? s->names : s->terms;
        uint32_t *n = kind ? &s->name_count : &s->term_count;
        uint32_t max = kind ? ND__CLUSTER_CLOSED_NAMES : ND__CLUSTER_CLOSED_TERMS;
        if (*n > max) {
            memcpy(scratch, v, *n * sizeof *v);
            qsort(scratch, *n, sizeof *scratch, by_weight);
            qsort(scratch, max, sizeof *scratch, by_id);
            memcpy(v, scratch, max * sizeof *v);
            *n = max;
        }
    }
    story_norms(s);
    free(s->exemplars);
    s->exemplars = NULL;
    s->exemplar_count = 0;
    s->state = STORY_CLOSED;
    c->live--;
}

/* Closes and forgets stories by age; forgets the least recently updated past max_stories. */
static void sweep(nd_cluster *c)
{
    for (uint32_t slot = 0; slot < c->story_count; slot++) {
        story *s = &c->stories[slot];
        if (s->state == STORY_FREE || c->now == NO_DAY || s->last_day == NO_DAY)
            continue;
        double idle = (double)c->now - s->last_day;
        if (s->state == STORY_CLOSED && idle > c->options.storyline_days)
            story_forget(c, slot);
        else if (s->state == STORY_LIVE && idle > c->options.story_expire_days)
            story_close(c, s);
    }
    while (c->held > (size_t)c->options.max_stories) {
        /* Rare (streams without dates, or bursts): a linear search per story forgotten. */
        uint32_t oldest = UINT32_MAX;
        for (uint32_t slot = 0; slot < c->story_count; slot++)
            if (c->stories[slot].state != STORY_FREE &&
                (oldest == UINT32_MAX || c->stories[slot].last_seq < c->stories[oldest].last_seq))
                oldest = slot;
        story_forget(c, oldest);
    }
}

static uint32_t story_new_slot(nd_cluster *c)
{
    if (c->free_slots.count) {
        uint32_t *slots = c->free_slots.items;
        return slots[--c->free_slots.count];
    }
    if (c->story_count == c->story_cap) {
        uint32_t cap = c->story_cap ? c->story_cap * 2 : 256;
        story *grown = realloc(c->stories, cap * sizeof *grown);
        if (!grown)
            return UINT32_MAX;
        memset(grown + c->story_cap, 0, (cap - c->story_cap) * sizeof *grown);
        c->stories = grown;
        c->story_cap = cap;
    }
    return c->story_count++;
}

static int story_alloc_vectors(story *s)
{
    s->terms = malloc(ND__CLUSTER_STORY_TERMS * sizeof *s->terms);
    s->names = malloc(ND__CLUSTER_STORY_NAMES * sizeof *s->names);
    s->posted = malloc(POSTED_MAX * sizeof *s->posted);
    s->titles = malloc(STORY_TITLE_TERMS * sizeof *s->titles);
    s->exemplars = malloc(MAX_EXEMPLARS * EX_SIZE * sizeof *s->exemplars);
    return s->terms && s->names && s->posted && s->titles && s->exemplars ? ND_OK : ND_ENOMEM;
}

/* Notes the story each of the article's paragraphs was seen in; one seen in two stories is
 * boilerplate from then on. */
static void remember_paragraphs(nd_cluster *c, uint32_t story_number)
{
    const uint64_t *hashes = c->paragraph_hashes.items;
    for (size_t i = 0; i < c->paragraph_hashes.count; i++) {
        uint32_t *seen = map_find(&c->paragraphs, hashes[i]);
        if (seen) {
            if (*seen != story_number)
                *seen = BOILERPLATE;
        } else if (c->paragraphs.used < ND__CLUSTER_PARAGRAPHS_MAX)
            map_put(&c->paragraphs, hashes[i], story_number); /* out of memory: just forgotten */
    }
}

/* ---- adding an article ----------------------------------------------------------------------- */
typedef struct candidate {
    uint32_t slot;
    float partial;
    long long number;
} candidate;

static int by_promise(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->partial != y->partial)
        return x->partial > y->partial ? -1 : 1;
    return x->number < y->number ? -1 : x->number > y->number;
}

/* Stories sharing one of the article's strongest features, most promising first. */
static size_t lookup(nd_cluster *c)
{
    c->candidates.count = 0;
    for (int kind = 0; kind < 2; kind++) {
        const feature *top = kind ? c->top_names : c->top_terms;
        uint32_t n = kind ? c->art_name_count : c->art_term_count;
        for (uint32_t i = 0; i < n && i < QUERY_FEATURES; i++) {
            const posting_list *list = &c->terms[top[i].id].postings;
            for (uint32_t k = 0; k < list->count; k++) {
                story *s = &c->stories[list->slots[k]];
                if (s->stamp != c->seq) {
                    candidate *cand = nd__vec_push(&c->candidates, sizeof *cand);
                    if (!cand)
                        continue;
                    cand->slot = list->slots[k];
                    cand->number = s->number;
                    s->stamp = c->seq;
                    s->partial = 0;
                }
                s->partial += top[i].weight;
            }
        }
    }
    /* The SCORED_MAX most promising, in by_promise order: a selection by insertion, the same
     * first SCORED_MAX as sorting them all (by_promise is a total order: numbers are unique),
     * without a sort that grows with the number of stories sharing a common feature. */
    candidate *cands = c->candidates.items;
    candidate best[SCORED_MAX];
    size_t kept = 0;
    for (size_t i = 0; i < c->candidates.count; i++) {
        candidate cand = cands[i];
        cand.partial = c->stories[cand.slot].partial;
        if (kept == SCORED_MAX && by_promise(&cand, &best[SCORED_MAX - 1]) >= 0)
            continue;
        size_t at = kept < SCORED_MAX ? kept++ : SCORED_MAX - 1;
        while (at > 0 && by_promise(&cand, &best[at - 1]) < 0) {
            best[at] = best[at - 1];
            at--;
        }
        best[at] = cand;
    }
    if (kept)
        memcpy(cands, best, kept * sizeof *cands);
    return kept;
}

/* The features the article shares with story s, strongest contribution first. */
static void explain(nd_cluster *c, const story *s, nd_cluster_result *result)
{
    feature best[ND_CLUSTER_FEATURES];
    size_t count = 0;
    for (int kind = 0; kind < 2; kind++) {
        const feature *a = kind ? c->art_names : c->art_terms, *b = kind ? s->names : s->terms;
        uint32_t na = kind ? c->art_name_count : c->art_term_count, nb = kind ? s->name_count : s->term_count;
        double norm = kind ? s->name_norm : s->term_norm;
        double share = kind ? W_NAMES : W_TERMS;
        uint32_t i = 0, j = 0;
        while (i < na && j < nb) {
            if (a[i].id == b[j].id) {
                feature f = {a[i].id, (float)(share * a[i].weight * b[j].weight / (norm > 0 ? norm : 1))};
                size_t at = count < ND_CLUSTER_FEATURES ? count++ : ND_CLUSTER_FEATURES;
                while (at > 0 && by_weight(&f, &best[at - 1]) < 0) {
                    if (at < ND_CLUSTER_FEATURES)
                        best[at] = best[at - 1];
                    at--;
                }
                if (at < ND_CLUSTER_FEATURES)
                    best[at] = f;
                i++, j++;
            } else if (a[i].id < b[j].id)
                i++;
            else
                j++;
        }
    }
    result->matched_count = count;
    for (size_t i = 0; i < count; i++)
        result->matched[i] = c->terms[best[i].id].text;
}

/* Why the learned model joined (or did not join) the best candidate: its strongest
 * contributions to the join score, and the join probability. */
static void explain_decision(const nd_cluster *c, const match *m, nd_cluster_result *result)
{
    if (!c->learned)
        return;
    int index[ND_CLUSTER_REASONS];
    double weight[ND_CLUSTER_REASONS];
    size_t n = nd__story_reasons(&c->model, m->x, ND_CLUSTER_REASONS, index, weight);
    for (size_t i = 0; i < n; i++) {
        result->reasons[i] = nd__story_feature_names[index[i]];
        result->reason_weights[i] = weight[i];
    }
    result->reason_count = n;
    result->join_probability = 1.0 / (1.0 + exp(-m->join));
    result->join_bias = c->model.join_bias;
}

/* The article's line of the training dump: "A SEQ ID STORY OPENED COPY", after its candidates'
 * "C" lines. Tabs and line breaks in the id become spaces. */
static void dump_decision(nd_cluster *c, const nd_article *article, const nd_cluster_result *result, int copy)
{
    fprintf(c->dump, "A\t%llu\t", (unsigned long long)c->seq);
    for (const char *p = article->id ? article->id : ""; *p; p++)
        fputc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p, c->dump);
    fprintf(c->dump, "\t%lld\t%d\t%d\n", result->story, result->opened, copy);
}

int nd_cluster_load_weights(nd_cluster *c, const char *path, size_t *bad_line)
{
    size_t line = 0;
    int rc = c && path ? nd__story_model_load(&c->model, path, &line) : ND_EINVAL;
    if (bad_line)
        *bad_line = line;
    if (rc == ND_OK)
        c->learned = 1;
    return rc;
}

int nd_cluster_dump_features(nd_cluster *c, const char *path)
{
    if (!c || !path)
        return ND_EINVAL;
    FILE *out = fopen(path, "w");
    if (!out)
        return ND_EIO;
    if (c->dump)
        fclose(c->dump);
    c->dump = out;
    fputs("H", out);
    for (int i = 0; i < ND__STORY_FEATURES; i++)
        fprintf(out, "\t%s", nd__story_feature_names[i]);
    fputc('\n', out);
    return ND_OK;
}

int nd_cluster_add(nd_cluster *c, const nd_article *article, long long original_story,
                   nd_cluster_result *result)
{
    return nd_cluster_add_facts(c, article, NULL, original_story, result);
}

int nd_cluster_add_facts(nd_cluster *c, const nd_article *article, const nd_facts *facts,
                         long long original_story, nd_cluster_result *result)
{
    if (!c->entities)
        facts = NULL;
    memset(result, 0, sizeof *result);
    result->article = article;
    c->seq++;
    int32_t day = nd__cluster_day(article->published);
    if (day != NO_DAY && (c->now == NO_DAY || day > c->now))
        c->now = day;
    if (day == NO_DAY)
        day = c->now;
    /* Sweep every SWEEP_EVERY articles, and when the stream jumps ahead in time. */
    if (c->seq % SWEEP_EVERY == 0 || (c->now != NO_DAY && (c->swept_day == NO_DAY || c->now - c->swept_day >= 7))) {
        sweep(c);
        c->swept_day = c->now;
    }
    if (extract(c, article, facts) != ND_OK)
        return ND_ENOMEM;
    for (uint32_t i = 0; i < c->art_term_count && result->term_count < ND_CLUSTER_FEATURES; i++)
        result->terms[result->term_count++] = c->terms[c->top_terms[i].id].text;
    for (uint32_t i = 0; i < c->art_name_count && result->name_count < ND_CLUSTER_FEATURES; i++)
        result->names[result->name_count++] = c->terms[c->top_names[i].id].text;

    /* A copy joins its original's story while that is live. */
    uint32_t chosen = UINT32_MAX;
    match best;
    memset(&best, 0, sizeof best);
    best.time = 1;
    if (original_story > 0) {
        /* Numbers are unique among held stories: the hint, when it holds, is the slot the scan
         * below would find. */
        uint32_t hint = c->slot_hint[(uint64_t)original_story % SLOT_HINTS];
        if (hint < c->story_count && c->stories[hint].number == original_story &&
            c->stories[hint].state == STORY_LIVE) {
            chosen = hint;
            best = compare(c, &c->stories[hint], day);
        }
        for (uint32_t slot = 0; chosen == UINT32_MAX && slot < c->story_count; slot++)
            if (c->stories[slot].number == original_story && c->stories[slot].state == STORY_LIVE) {
                chosen = slot;
                best = compare(c, &c->stories[slot], day);
                break;
            }
    }
    uint32_t line_slot = UINT32_MAX;
    double line_best = 0;
    if (chosen == UINT32_MAX) {
        size_t scored = lookup(c);
        const candidate *cands = c->candidates.items;
        uint32_t best_slot = UINT32_MAX;
        memset(&best, 0, sizeof best);
        best.time = 1;
        /* Hand-tuned: the highest score. Learned: the highest rank score (the ranking step). */
        double best_key = c->learned ? -HUGE_VAL : 0;
        for (size_t i = 0; i < scored; i++) {
            const story *s = &c->stories[cands[i].slot];
            match m = compare(c, s, day);
            if (s->state == STORY_LIVE && c->dump)
                nd__story_dump_candidate(c->dump, (unsigned long long)c->seq, s->number, m.x);
            /* Candidates come in a fixed order; strict comparisons keep the earlier on ties. */
            double key = c->learned ? m.rank : m.score;
            if (s->state == STORY_LIVE && key > best_key)
                best = m, best_slot = cands[i].slot, best_key = key;
            if (m.line > line_best)
                line_best = m.line, line_slot = cands[i].slot;
        }
        /* The join step: the learned model's join score, or the hand-tuned threshold. */
        if (best_slot != UINT32_MAX && (c->learned ? best.join >= c->join_logit : best.score >= c->threshold))
            chosen = best_slot;
        else if (best_slot != UINT32_MAX) {
            explain(c, &c->stories[best_slot], result);
            result->score = best.score;
            result->term_similarity = best.terms;
            result->name_similarity = best.names;
            result->time_factor = best.time;
            explain_decision(c, &best, result);
        }
    }

    if (chosen != UINT32_MAX) {
        story *s = &c->stories[chosen];
        explain(c, s, result);
        result->score = original_story > 0 ? 1.0 : best.score;
        result->term_similarity = best.terms;
        result->name_similarity = best.names;
        result->time_factor = best.time;
        if (original_story <= 0)
            explain_decision(c, &best, result);
        if (original_story <= 0) {
            /* Copies add nothing new; counting them twice would only tilt the centroid. */
            feature *merge = c->merge.items; /* reserved for a story plus an article */
            merge_into(s->terms, &s->term_count, ND__CLUSTER_STORY_TERMS, c->art_terms, c->art_term_count, merge);
            merge_into(s->names, &s->name_count, ND__CLUSTER_STORY_NAMES, c->art_names, c->art_name_count, merge);
            merge_into(s->titles, &s->title_count, STORY_TITLE_TERMS, c->art_titles, c->art_title_count, merge);
            story_norms(s);
            story_post(c, chosen);
            add_exemplar(c, s, s->articles);
        }
    } else {
        chosen = story_new_slot(c);
        if (chosen == UINT32_MAX)
            return ND_ENOMEM;
        story *s = &c->stories[chosen];
        memset(s, 0, sizeof *s);
        if (story_alloc_vectors(s) != ND_OK) {
            story_release(s);
            uint32_t *free_slot = nd__vec_push(&c->free_slots, sizeof *free_slot);
            if (free_slot)
                *free_slot = chosen;
            return ND_ENOMEM;
        }
        s->number = c->next_story++;
        c->slot_hint[(uint64_t)s->number % SLOT_HINTS] = chosen;
        s->state = STORY_LIVE;
        s->first_day = s->last_day = NO_DAY;
        memcpy(s->terms, c->art_terms, c->art_term_count * sizeof *s->terms);
        memcpy(s->names, c->art_names, c->art_name_count * sizeof *s->names);
        memcpy(s->titles, c->art_titles, c->art_title_count * sizeof *s->titles);
        s->term_count = c->art_term_count;
        s->name_count = c->art_name_count;
        s->title_count = c->art_title_count;
        story_norms(s);
        add_exemplar(c, s, 0);
        s->storyline = line_slot != UINT32_MAX && line_best >= STORYLINE_THRESHOLD
                           ? c->stories[line_slot].storyline
                           : s->number;
        c->live++;
        c->held++;
        story_post(c, chosen);
        result->opened = 1;
    }
    story *s = &c->stories[chosen];
    s->articles++;
    s->last_seq = c->seq;
    if (day != NO_DAY) {
        if (s->first_day == NO_DAY || day < s->first_day)
            s->first_day = day;
        if (s->last_day == NO_DAY || day > s->last_day)
            s->last_day = day;
        s->day_sum += day;
        s->dated++;
    }
    result->story = s->number;
    result->storyline = s->storyline;
    remember_paragraphs(c, (uint32_t)s->number);
    if (c->dump)
        dump_decision(c, article, result, original_story > 0);
    return ND_OK;
}

/* ---- saving and loading ---------------------------------------------------------------------- */
/* The file is text, one row a line, first word the table:
 *   newsdesk-cluster-state 2
 *   counters NEXT_STORY SEQ DOCUMENTS NOW SWEPT_DAY STORY_SLOTS
 *   options THRESHOLD ENTITIES EXPIRE_DAYS STORYLINE_DAYS MAX_STORIES
 *                                       (the options the state was made with; a load into a
 *                                        state made with others is refused, ND_EOPTIONS)
 *   term KEY DF KIND SURFACE            (ids are row order; SURFACE escaped: \t \n \\)
 *   paragraph HASH STORY                (paragraphs seen, by hash; STORY 4294967295 for
 *                                        boilerplate)
 *   story SLOT NUMBER STORYLINE STATE FIRST_DAY LAST_DAY LAST_SEQ ARTICLES DAY_SUM DATED
 *   terms ID:WEIGHT ...                 (of the story row above, by id)
 *   titles ID:WEIGHT ...                (its title vector)
 *   names ID:WEIGHT ...
 *   posted ID ...                       (the features it is listed under, in order)
 *   member TERMS NAMES ID:WEIGHT ...    (one row per kept member, terms then names)
 *   free SLOT ...                       (free story slots, in reuse order)
 *   end
 * Weights are printed with 9 significant digits, which gives back the same float. Postings are
 * rebuilt from the "posted" rows; their order never matters (see lookup). Scratch fields
 * (stamps, accumulators) start from zero, which every sequence number after a load exceeds. */
static int by_key(const void *a, const void *b)
{
    const map_entry *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

static void write_features(FILE *f, const char *table, const feature *v, uint32_t n)
{
    fputs(table, f);
    for (uint32_t i = 0; i < n; i++)
        fprintf(f, " %u:%.9g", v[i].id, (double)v[i].weight);
    fputc('\n', f);
}

/* Writes the rows to f; returns ND_OK or ND_ENOMEM (write errors are the caller's to check). */
static int save_rows(const nd_cluster *c, FILE *f)
{
    fprintf(f, "%s\ncounters %lld %llu %llu %ld %ld %u\n", STATE_MAGIC, c->next_story,
            (unsigned long long)c->seq, (unsigned long long)c->documents, (long)c->now,
            (long)c->swept_day, c->story_count);
    fprintf(f, "options %.17g %d %.17g %.17g %d\n", c->threshold, c->entities, c->options.story_expire_days,
            c->options.storyline_days, c->options.max_stories);
    for (uint32_t i = 0; i < c->term_count; i++) {
        const term_info *t = &c->terms[i];
        fprintf(f, "term %llu %u %u ", (unsigned long long)t->key, t->df, t->kind);
        for (const char *p = t->text; *p; p++) {
            if (*p == '\t' || *p == '\n' || *p == '\\' || *p == '\r')
                fprintf(f, "\\%c", *p == '\t' ? 't' : *p == '\n' ? 'n' : *p == '\r' ? 'r' : '\\');
            else
                fputc(*p, f);
        }
        fputc('\n', f);
    }
    /* Paragraphs in key order, so that the file does not depend on the table's history. */
    map_entry *rows = c->paragraphs.used ? malloc(c->paragraphs.used * sizeof *rows) : NULL;
    if (c->paragraphs.used && !rows)
        return ND_ENOMEM;
    size_t row_count = 0;
    for (size_t i = 0; c->paragraphs.slots && i <= c->paragraphs.mask; i++)
        if (c->paragraphs.slots[i].key)
            rows[row_count++] = c->paragraphs.slots[i];
    if (row_count > 1)
        qsort(rows, row_count, sizeof *rows, by_key);
    for (size_t i = 0; i < row_count; i++)
        fprintf(f, "paragraph %llu %u\n", (unsigned long long)rows[i].key, rows[i].value);
    free(rows);
    for (uint32_t slot = 0; slot < c->story_count; slot++) {
        const story *s = &c->stories[slot];
        if (s->state == STORY_FREE)
            continue;
        fprintf(f, "story %u %lld %lld %d %ld %ld %llu %u %lld %u\n", slot, s->number, s->storyline, s->state,
                (long)s->first_day, (long)s->last_day, (unsigned long long)s->last_seq, s->articles, s->day_sum,
                s->dated);
        write_features(f, "terms", s->terms, s->term_count);
        write_features(f, "titles", s->titles, s->title_count);
        write_features(f, "names", s->names, s->name_count);
        fputs("posted", f);
        for (uint32_t k = 0; k < s->posted_count; k++)
            fprintf(f, " %u", s->posted[k]);
        fputc('\n', f);
        for (uint32_t k = 0; k < s->exemplar_count; k++) {
            const feature *e = s->exemplars + (size_t)k * EX_SIZE;
            fprintf(f, "member %u %u", s->ex_terms[k], s->ex_names[k]);
            for (uint32_t i = 0; i < s->ex_terms[k]; i++)
                fprintf(f, " %u:%.9g", e[i].id, (double)e[i].weight);
            for (uint32_t i = 0; i < s->ex_names[k]; i++)
                fprintf(f, " %u:%.9g", e[EX_TERMS + i].id, (double)e[EX_TERMS + i].weight);
            fputc('\n', f);
        }
    }
    fputs("free", f);
    const uint32_t *free_slots = c->free_slots.items;
    for (size_t i = 0; i < c->free_slots.count; i++)
        fprintf(f, " %u", free_slots[i]);
    fputs("\nend\n", f);
    return ND_OK;
}

int nd_cluster_save(const nd_cluster *c, const char *path)
{
    if (!c || !path)
        return ND_EINVAL;
    FILE *f = fopen(path, "w");
    if (!f)
        return ND_EIO;
    int rc = save_rows(c, f);
    int failed = ferror(f);
    if (fclose(f) != 0 || failed)
        return rc == ND_OK ? ND_EIO : rc;
    return rc;
}

int nd_cluster_save_buffer(const nd_cluster *c, char **data, size_t *len)
{
    if (!c || !data || !len)
        return ND_EINVAL;
    *data = NULL;
    *len = 0;
    FILE *f = open_memstream(data, len);
    if (!f)
        return ND_ENOMEM;
    int rc = save_rows(c, f);
    if (fclose(f) != 0 && rc == ND_OK)
        rc = ND_ENOMEM;
    if (rc != ND_OK) {
        free(*data);
        *data = NULL;
        *len = 0;
    }
    return rc;
}

/* Reads one line into *line (grown as needed, NUL-terminated, newline dropped). Returns its
 * length, or -1 at the end of the file or when out of memory (*oom set). */
static long read_line(FILE *f, char **line, size_t *cap, int *oom)
{
    size_t len = 0;
    int ch;
    while ((ch = getc(f)) != EOF && ch != '\n') {
        if (len + 2 > *cap) {
            size_t grown_cap = *cap ? *cap * 2 : 4096;
            char *grown = realloc(*line, grown_cap);
            if (!grown) {
                *oom = 1;
                return -1;
            }
            *line = grown;
            *cap = grown_cap;
        }
        (*line)[len++] = (char)ch;
    }
    if (ch == EOF && len == 0)
        return -1;
    if (!*line && !(*line = malloc(*cap = 16))) {
        *oom = 1;
        return -1;
    }
    (*line)[len] = 0;
    return (long)len;
}

/* Parses ID:WEIGHT pairs at *p up to the end of the line, or `max` of them when `stop`; every
 * id must be below `ids`. Returns how many, or -1 when malformed or more than `max`. */
static long parse_features(const char **p, feature *out, uint32_t max, uint32_t ids, int stop)
{
    uint32_t n = 0;
    for (;;) {
        while (**p == ' ')
            (*p)++;
        if (!**p || (stop && n == max))
            return n;
        char *end;
        unsigned long id = strtoul(*p, &end, 10);
        if (end == *p || *end != ':' || id >= ids || n >= max)
            return -1;
        *p = end + 1;
        double weight = strtod(*p, &end);
        if (end == *p)
            return -1;
        *p = end;
        out[n].id = (uint32_t)id;
        out[n].weight = (float)weight;
        n++;
    }
}

static const char *after_word(const char *line, const char *word)
{
    size_t n = strlen(word);
    return strncmp(line, word, n) == 0 && (line[n] == ' ' || line[n] == 0) ? line + n : NULL;
}

/* A day number as saved: NO_DAY or a day within a few million years of 1970. */
static int plausible_day(long day) { return day == NO_DAY || (day > -1000000000L && day < 1000000000L); }

/* Compares an option of the file with the state's; on a difference says which (load_error). */
static int same_option(nd_cluster *c, const char *name, double saved, double now)
{
    if (saved == now || (float)saved == (float)now)
        return 1;
    snprintf(c->load_error, sizeof c->load_error, "saved with %s %.9g, this state has %.9g", name, saved, now);
    return 0;
}

static int load_rows(nd_cluster *c, FILE *f)
{
    char *line = NULL;
    size_t cap = 0;
    int oom = 0, rc = ND_EFORMAT, ended = 0;
    story *s = NULL;
    uint32_t slots = 0;
    long line_number = 1;
    if (read_line(f, &line, &cap, &oom) < 0 || strncmp(line, "newsdesk-cluster-state ", 23) != 0) {
        snprintf(c->load_error, sizeof c->load_error, "not a newsdesk cluster state");
        goto done;
    }
    if (strcmp(line, STATE_MAGIC) != 0) {
        snprintf(c->load_error, sizeof c->load_error, "a cluster state of another version (%.40s, not %s)",
                 line + 23, STATE_MAGIC + 23);
        goto done;
    }
    long long next_story;
    unsigned long long seq, documents;
    long now, swept;
    unsigned stories;
    line_number++;
    /* Counters are checked against each other: every story was opened by an article, so there
     * are never more stories than articles, and no more story slots than stories can be held. */
    if (read_line(f, &line, &cap, &oom) < 0 ||
        sscanf(line, "counters %lld %llu %llu %ld %ld %u", &next_story, &seq, &documents, &now, &swept,
               &stories) != 6 || next_story < 1 || seq > ND__CLUSTER_MAX_SEQ || (unsigned long long)next_story > ND__CLUSTER_MAX_SEQ ||
        (unsigned long long)(next_story - 1) > seq || documents > seq || !plausible_day(now) ||
        !plausible_day(swept) || stories > 2u * (unsigned)c->options.max_stories + 1024u)
        goto done;
    double threshold, expire, storyline_days;
    int entities, max_stories;
    line_number++;
    if (read_line(f, &line, &cap, &oom) < 0 ||
        sscanf(line, "options %lf %d %lf %lf %d", &threshold, &entities, &expire, &storyline_days,
               &max_stories) != 5)
        goto done;
    if (!same_option(c, "story_threshold", threshold, c->threshold) ||
        !same_option(c, "story_entities", entities, c->entities) ||
        !same_option(c, "story_expire_days", expire, c->options.story_expire_days) ||
        !same_option(c, "storyline_days", storyline_days, c->options.storyline_days) ||
        !same_option(c, "max_stories", max_stories, c->options.max_stories)) {
        rc = ND_EOPTIONS;
        goto done;
    }
    c->next_story = next_story;
    c->seq = seq;
    c->documents = documents;
    c->now = (int32_t)now;
    c->swept_day = (int32_t)swept;
    slots = stories;
    while (read_line(f, &line, &cap, &oom) >= 0) {
        const char *p;
        line_number++;
        if ((p = after_word(line, "term"))) {
            unsigned long long key;
            unsigned df, kind;
            int used;
            if (s || sscanf(p, " %llu %u %u%n", &key, &df, &kind, &used) != 3 || kind < KIND_TERM ||
                kind > KIND_LAST || df > documents)
                goto done;
            if (p[used] == ' ')
                used++; /* exactly one space: the surface itself may begin with one (fuzz_state) */
            /* unescape in place */
            char *text = line + (p - line) + used, *out = text;
            for (const char *q = text; *q; q++) {
                if (*q == '\\' && q[1]) {
                    q++;
                    *out++ = *q == 't' ? '\t' : *q == 'n' ? '\n' : *q == 'r' ? '\r' : *q;
                } else
                    *out++ = *q;
            }
            uint32_t before = c->term_count;
            uint32_t id = term_id(c, key, kind, text, (size_t)(out - text));
            if (id == NO_TERM) {
                rc = c->term_count >= ND__CLUSTER_MAX_TERMS ? ND_ETOOBIG : ND_ENOMEM;
                goto done;
            }
            if (id != before) /* a key twice */
                goto done;
            c->terms[id].df = df;
        } else if ((p = after_word(line, "paragraph"))) {
            unsigned long long key;
            unsigned value;
            if (s || sscanf(p, " %llu %u", &key, &value) != 2 || key == 0 ||
                c->paragraphs.used >= ND__CLUSTER_PARAGRAPHS_MAX)
                goto done;
            if (map_put(&c->paragraphs, key, value) != ND_OK) {
                rc = ND_ENOMEM;
                goto done;
            }
        } else if ((p = after_word(line, "story"))) {
            unsigned slot, articles, dated;
            long long number, storyline, day_sum;
            int state;
            long first, last;
            unsigned long long last_seq;
            if (sscanf(p, " %u %lld %lld %d %ld %ld %llu %u %lld %u", &slot, &number, &storyline, &state, &first,
                       &last, &last_seq, &articles, &day_sum, &dated) != 10 || dated > articles ||
                slot >= slots || number < 1 || number >= c->next_story || storyline < 1 ||
                storyline >= c->next_story || articles > seq || last_seq > seq || !plausible_day(first) ||
                !plausible_day(last) || (state != STORY_LIVE && state != STORY_CLOSED) ||
                c->held > (size_t)c->options.max_stories)
                goto done;
            while (c->story_count <= slot)
                if (story_new_slot(c) == UINT32_MAX) {
                    rc = ND_ENOMEM;
                    goto done;
                }
            s = &c->stories[slot];
            if (s->number) /* a slot twice */
                goto done;
            if (story_alloc_vectors(s) != ND_OK) {
                rc = ND_ENOMEM;
                goto done;
            }
            s->number = number;
            s->storyline = storyline;
            s->state = state;
            s->first_day = (int32_t)first;
            s->last_day = (int32_t)last;
            s->last_seq = last_seq;
            s->articles = articles;
            s->day_sum = day_sum;
            s->dated = dated;
            if (state == STORY_LIVE)
                c->live++;
            else {
                free(s->exemplars);
                s->exemplars = NULL;
            }
            c->held++;
        } else if (s && (p = after_word(line, "terms"))) {
            long n = parse_features(&p, s->terms, ND__CLUSTER_STORY_TERMS, c->term_count, 0);
            if (n < 0)
                goto done;
            s->term_count = (uint32_t)n;
        } else if (s && (p = after_word(line, "titles"))) {
            long n = parse_features(&p, s->titles, STORY_TITLE_TERMS, c->term_count, 0);
            if (n < 0)
                goto done;
            s->title_count = (uint32_t)n;
        } else if (s && (p = after_word(line, "names"))) {
            long n = parse_features(&p, s->names, ND__CLUSTER_STORY_NAMES, c->term_count, 0);
            if (n < 0)
                goto done;
            s->name_count = (uint32_t)n;
            story_norms(s);
        } else if (s && (p = after_word(line, "posted"))) {
            char *end;
            for (;;) {
                while (*p == ' ')
                    p++;
                if (!*p)
                    break;
                unsigned long id = strtoul(p, &end, 10);
                if (end == p || id >= c->term_count || s->posted_count >= POSTED_MAX)
                    goto done;
                p = end;
                posting_list *list = &c->terms[id].postings;
                if (list->count == list->cap) {
                    uint32_t grown_cap = list->cap ? list->cap * 2 : 4;
                    uint32_t *grown = realloc(list->slots, grown_cap * sizeof *grown);
                    if (!grown) {
                        rc = ND_ENOMEM;
                        goto done;
                    }
                    list->slots = grown;
                    list->cap = grown_cap;
                }
                list->slots[list->count++] = (uint32_t)(s - c->stories);
                s->posted[s->posted_count++] = (uint32_t)id;
            }
        } else if (s && (p = after_word(line, "member"))) {
            unsigned nt, nn;
            int used;
            if (!s->exemplars || s->exemplar_count >= MAX_EXEMPLARS ||
                sscanf(p, " %u %u%n", &nt, &nn, &used) != 2 || nt > EX_TERMS || nn > EX_NAMES)
                goto done;
            p += used;
            uint32_t k = s->exemplar_count;
            feature *e = s->exemplars + (size_t)k * EX_SIZE;
            if (parse_features(&p, e, nt, c->term_count, 1) != (long)nt ||
                parse_features(&p, e + EX_TERMS, nn, c->term_count, 0) != (long)nn)
                goto done;
            exemplar_set_counts(s, k, nt, nn);
            s->exemplar_count++;
        } else if ((p = after_word(line, "free"))) {
            s = NULL;
            while (c->story_count < slots)
                if (story_new_slot(c) == UINT32_MAX) {
                    rc = ND_ENOMEM;
                    goto done;
                }
            char *end;
            for (;;) {
                while (*p == ' ')
                    p++;
                if (!*p)
                    break;
                unsigned long slot = strtoul(p, &end, 10);
                /* A free slot listed twice would be handed out twice: a story would overwrite
                 * another (the list is as long as the free slots, each free slot once). */
                if (end == p || slot >= slots || c->stories[slot].number || c->stories[slot].stamp)
                    goto done;
                c->stories[slot].stamp = 1; /* listed; scratch, cleared below */
                p = end;
                uint32_t *free_slot = nd__vec_push(&c->free_slots, sizeof *free_slot);
                if (!free_slot) {
                    rc = ND_ENOMEM;
                    goto done;
                }
                *free_slot = (uint32_t)slot;
            }
        } else if (strcmp(line, "end") == 0) {
            ended = 1;
            break;
        } else
            goto done;
    }
    if (ended && c->story_count == slots)
        rc = ND_OK;
    else if (!ended)
        line_number = 0; /* cut short: no line to blame */
done:
    for (size_t k = 0; k < c->free_slots.count; k++)
        c->stories[((const uint32_t *)c->free_slots.items)[k]].stamp = 0;
    if (oom)
        rc = ND_ENOMEM;
    if (rc == ND_ENOMEM)
        snprintf(c->load_error, sizeof c->load_error, "out of memory");
    else if (rc == ND_ETOOBIG && !c->load_error[0])
        snprintf(c->load_error, sizeof c->load_error, "line %ld: over a ceiling of the state", line_number);
    else if (rc == ND_EFORMAT && !c->load_error[0] && line_number)
        snprintf(c->load_error, sizeof c->load_error, "line %ld: damaged (a value out of range or "
                 "inconsistent with the counters)", line_number);
    else if (rc == ND_EFORMAT && !c->load_error[0])
        snprintf(c->load_error, sizeof c->load_error, "cut short: no \"end\" line");
    free(line);
    return rc;
}

/* Loads a saved state from f into c, which must be fresh from nd_cluster_new(). On failure c is
 * left empty again, as nd_cluster_new() made it. */
static int load_from(nd_cluster *c, FILE *f)
{
    c->load_error[0] = '\0';
    int rc = load_rows(c, f);
    if (rc != ND_OK) {
        /* back to empty */
        for (uint32_t i = 0; i < c->story_count; i++)
            story_release(&c->stories[i]);
        for (uint32_t i = 0; i < c->term_count; i++) {
            free(c->terms[i].postings.slots);
            c->terms[i].postings.slots = NULL;
        }
        free(c->terms_by_key.slots);
        memset(&c->terms_by_key, 0, sizeof c->terms_by_key);
        free(c->paragraphs.slots);
        memset(&c->paragraphs, 0, sizeof c->paragraphs);
        c->story_count = c->term_count = 0;
        c->free_slots.count = 0;
        c->live = c->held = 0;
        c->next_story = 1;
        c->seq = c->documents = 0;
        c->now = c->swept_day = NO_DAY;
    }
    return rc;
}

int nd_cluster_load(nd_cluster *c, const char *path)
{
    if (!c || !path || c->seq || c->term_count || c->story_count)
        return ND_EINVAL;
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(c->load_error, sizeof c->load_error, "%s", strerror(errno));
        return ND_EIO;
    }
    int rc = load_from(c, f);
    fclose(f);
    return rc;
}

int nd_cluster_load_buffer(nd_cluster *c, const char *data, size_t len)
{
    if (!c || (!data && len) || c->seq || c->term_count || c->story_count)
        return ND_EINVAL;
    if (len == 0) {
        snprintf(c->load_error, sizeof c->load_error, "not a newsdesk cluster state (empty)");
        return ND_EFORMAT;
    }
    FILE *f = fmemopen((void *)data, len, "r");
    if (!f) {
        snprintf(c->load_error, sizeof c->load_error, "out of memory");
        return ND_ENOMEM;
    }
    int rc = load_from(c, f);
    fclose(f);
    return rc;
}

/* ---- memory (engine.c's nd_engine_memory) ----------------------------------------------------- */
static size_t map_bytes(const u64_map *m) { return m->slots ? nd__malloc_bytes((m->mask + 1) * sizeof *m->slots) : 0; }

size_t nd__cluster_bytes(const nd_cluster *c)
{
    if (!c)
        return 0;
    size_t bytes = nd__malloc_bytes(sizeof *c) + c->strings.held_bytes;
    bytes += map_bytes(&c->terms_by_key) + map_bytes(&c->word_cache) + map_bytes(&c->stopwords) +
             map_bytes(&c->not_names) + map_bytes(&c->paragraphs);
    bytes += nd__malloc_bytes((size_t)c->term_cap * sizeof *c->terms);
    for (uint32_t i = 0; i < c->term_count; i++)
        bytes += nd__malloc_bytes((size_t)c->terms[i].postings.cap * sizeof(uint32_t));
    bytes += nd__malloc_bytes((size_t)c->story_cap * sizeof *c->stories);
    for (uint32_t i = 0; i < c->story_count; i++) {
        const story *s = &c->stories[i];
        if (s->terms) /* story_alloc_vectors: fixed sizes, kept when the story closes */
            bytes += nd__malloc_bytes(ND__CLUSTER_STORY_TERMS * sizeof *s->terms) +
                     nd__malloc_bytes(ND__CLUSTER_STORY_NAMES * sizeof *s->names) +
                     nd__malloc_bytes(POSTED_MAX * sizeof *s->posted) +
                     nd__malloc_bytes(STORY_TITLE_TERMS * sizeof *s->titles);
        if (s->exemplars)
            bytes += nd__malloc_bytes(MAX_EXEMPLARS * EX_SIZE * sizeof *s->exemplars);
    }
    const nd__vec *scratch[] = {&c->free_slots, &c->tokens, &c->touched, &c->candidates, &c->merge,
                                &c->contributions, &c->paragraph_hashes};
    for (size_t i = 0; i < sizeof scratch / sizeof scratch[0]; i++)
        bytes += nd__vec_bytes(scratch[i]);
    return bytes;
}
