/*
 * newsdesk.h: the one public header of newsdesk, a news-stream engine.
 *
 * Read it top to bottom. A program opens a desk, feeds it articles (files, directories, standard
 * input or memory buffers in plain text, JSON Lines or HTML), and asks it for what it found:
 * each article's clean text, and the pairs of articles that are copies, near-copies or that
 * share passages.
 *
 *     nd_desk *desk = nd_desk_new(NULL);
 *     nd_desk_read_path(desk, "articles/");
 *     nd_desk_dedup(desk, print_pair, NULL);
 *     nd_desk_free(desk);
 *
 * Conventions, kept by every function below:
 *   - Functions that can fail return an int status: ND_OK (0) or a negative ND_E* code;
 *     nd_strerror() names it. The library never exits and never prints: diagnostics about bad
 *     input go to the callback in nd_options.
 *   - Text crosses the interface as UTF-8, as a NUL-terminated string or as pointer + length.
 *   - Ownership: every pointer returned by nd_article_* and carried in an nd_pair is borrowed
 *     from the desk and lives until nd_desk_free(). Every *_free() accepts NULL.
 */
#ifndef NEWSDESK_H
#define NEWSDESK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(ND_BUILDING_LIBRARY) && defined(__GNUC__)
#define ND_EXPORT __attribute__((visibility("default")))
#else
#define ND_EXPORT
#endif

#define ND_VERSION_MAJOR 0
#define ND_VERSION_MINOR 1
#define ND_VERSION_PATCH 0
#define ND_VERSION_STRING "0.1.0"

/* The version of the library actually linked, e.g. "0.1.0". */
ND_EXPORT const char *nd_version(void);

/* ---------------------------------------------------------------------------------------------
 * Status codes. One list generates both the enum and nd_strerror(), so they cannot drift.
 */
#define ND_STATUS_MAP(X)                                                     \
    X(OK, 0, "success")                                                      \
    X(ENOMEM, -1, "out of memory")                                           \
    X(EIO, -2, "cannot read input")                                          \
    X(EFORMAT, -3, "malformed input")                                        \
    X(ETOOBIG, -4, "input exceeds a limit")                                  \
    X(EEMPTY, -5, "empty input")                                             \
    X(EBINARY, -6, "binary input")                                           \
    X(EINVAL, -7, "invalid argument")                                        \
    X(ESKIPPED, -8, "some input was skipped")                                \
    X(ESTOPPED, -9, "stopped by callback")

typedef enum nd_status {
#define ND__STATUS_ENUM(name, code, text) ND_##name = code,
    ND_STATUS_MAP(ND__STATUS_ENUM)
#undef ND__STATUS_ENUM
} nd_status;

/* A short English description of a status code; never NULL. */
ND_EXPORT const char *nd_strerror(int status);

/* ---------------------------------------------------------------------------------------------
 * Options. Call nd_options_init() first, then change what you need.
 */

/* Called once for each piece of input that was repaired or skipped. `where` is the file name
 * (or "-" for standard input, or the name given to nd_desk_read_buffer), `line` the 1-based
 * line (0 when a whole file is concerned), `status` why. The run goes on after it. */
typedef void (*nd_diagnostic_fn)(void *user, const char *where, long line, int status,
                                 const char *message);

/* Called now and then during long work: `phase` is "read" or "dedup", `done` how many articles
 * so far, `total` how many there are (0 while reading, when it is not known). */
typedef void (*nd_progress_fn)(void *user, const char *phase, size_t done, size_t total);

typedef struct nd_options {
    double near_threshold;       /* estimated Jaccard of word 5-shingles to call two articles
                                    near-duplicates; default 0.6 */
    int min_passage_words;       /* shortest shared passage reported; default 12 */
    int template_min_articles;   /* a paragraph repeated in this many articles of one source
                                    is a template and removed; default 3 */
    nd_diagnostic_fn on_diagnostic; /* may be NULL: diagnostics are then dropped */
    nd_progress_fn on_progress;  /* may be NULL */
    void *user;                  /* passed to every callback */
    /* Stories and storylines (see nd_cluster_new). */
    double story_threshold;      /* similarity an article needs to join a live story; 0 for
                                    the default (see docs/cluster.md) */
    double story_expire_days;    /* a story with no new article for this many days leaves the
                                    live set; default 365 */
    double storyline_days;       /* a story that left the live set can still start a storyline
                                    link for this many days after its last article; default 1500 */
    int max_stories;             /* ceiling on stories held (live and closed): beyond it the
                                    least recently updated are forgotten; default 100000 */
    int story_entities;          /* what of the extracted facts given with the articles
                                    (nd_cluster_add_facts, nd_desk_cluster_facts) are features:
                                    0 or 1 (default) the event's place and the days the text
                                    names, 2 also every person, organisation and place,
                                    -1 none (facts are ignored) */
} nd_options;

ND_EXPORT void nd_options_init(nd_options *options);

/* ---------------------------------------------------------------------------------------------
 * The desk: the engine's state. Not thread-safe; use one desk per thread.
 */
typedef struct nd_desk nd_desk;
typedef struct nd_article nd_article;

/* A new, empty desk, or NULL when out of memory. `options` may be NULL for the defaults; it is
 * copied. Free with nd_desk_free(). */
ND_EXPORT nd_desk *nd_desk_new(const nd_options *options);
ND_EXPORT void nd_desk_free(nd_desk *desk);

/* Reads articles from a file, a directory (recursively, in name order) or "-" for standard
 * input. The format is detected from the content: JSON Lines (one article per line with "id"
 * and "title", "text" or "html", "published", "source", "url"), HTML, or plain text (one
 * article per file, id = file name without extension). Bad pieces are reported through the
 * diagnostic callback and skipped; everything else is kept. Returns ND_OK, ND_ESKIPPED when
 * something was skipped, or ND_ENOMEM. */
ND_EXPORT int nd_desk_read_path(nd_desk *desk, const char *path);

/* The same for bytes in memory; `name` stands for the file name in ids and diagnostics. The
 * bytes are copied. */
ND_EXPORT int nd_desk_read_buffer(nd_desk *desk, const char *name, const char *data, size_t len);

/* How many pieces of input (files or lines) were skipped so far. */
ND_EXPORT size_t nd_desk_skipped(const nd_desk *desk);

/* The articles read so far, in input order. Reading further articles may move the array but
 * never the articles themselves. */
ND_EXPORT size_t nd_desk_article_count(const nd_desk *desk);
ND_EXPORT const nd_article *nd_desk_article(const nd_desk *desk, size_t index);

/* Finishes cleaning: removes the paragraphs that repeat across many articles of one source
 * (templates). Called by nd_desk_dedup(); call it yourself before reading clean text when you
 * want templates gone. Idempotent until more articles are read. */
ND_EXPORT int nd_desk_clean(nd_desk *desk);

/* ---------------------------------------------------------------------------------------------
 * Articles. Every string is owned by the desk; "" or NULL as noted when unknown.
 */
ND_EXPORT const char *nd_article_id(const nd_article *article);
ND_EXPORT const char *nd_article_source(const nd_article *article);    /* "" when unknown */
ND_EXPORT const char *nd_article_url(const nd_article *article);       /* "" when unknown */
ND_EXPORT const char *nd_article_title(const nd_article *article);     /* "" when unknown */
ND_EXPORT const char *nd_article_dateline(const nd_article *article);  /* "" when none */
/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS..." as given; NULL when unknown. */
ND_EXPORT const char *nd_article_published(const nd_article *article);
/* The text as read (HTML already reduced to its main text). */
ND_EXPORT const char *nd_article_text(const nd_article *article, size_t *len);
/* The clean text: paragraphs joined by "\n\n", boilerplate removed. */
ND_EXPORT const char *nd_article_body(const nd_article *article, size_t *len);
ND_EXPORT size_t nd_article_paragraph_count(const nd_article *article);
ND_EXPORT const char *nd_article_paragraph(const nd_article *article, size_t index, size_t *len);

/* What cleaning removed, in text order, with the reason ("caption", "licence", ...). */
ND_EXPORT size_t nd_article_removed_count(const nd_article *article);
ND_EXPORT const char *nd_article_removed(const nd_article *article, size_t index, size_t *len,
                                         const char **reason);

/* ---------------------------------------------------------------------------------------------
 * Copies and shared passages.
 */
typedef enum nd_relation {
    ND_RELATION_EXACT,    /* the same clean text */
    ND_RELATION_NEAR,     /* the same article with small edits */
    ND_RELATION_PASSAGES  /* different articles sharing passages of min_passage_words or more */
} nd_relation;

ND_EXPORT const char *nd_relation_name(nd_relation relation); /* "exact", "near", "passages" */

typedef struct nd_passage {
    size_t words;            /* length in words */
    size_t a_start, a_end;   /* byte offsets in a's clean text (nd_article_body) */
    size_t b_start, b_end;   /* byte offsets in b's clean text */
} nd_passage;

typedef struct nd_pair {
    const nd_article *a;     /* the one read first */
    const nd_article *b;
    nd_relation relation;
    double similarity;       /* 0..1: estimated Jaccard for near, share of the shorter text
                                covered for passages, 1 for exact */
    const nd_article *first; /* published first (known dates before unknown, then input order) */
    size_t passage_count;
    const nd_passage *passages; /* valid during the callback only */
} nd_pair;

/* Return 0 to go on, anything else to stop (nd_desk_dedup then returns ND_ESTOPPED). */
typedef int (*nd_pair_fn)(void *user, const nd_pair *pair);

/* Finds every related pair among the articles read, in order of b then a, and calls `fn` for
 * each. Returns ND_OK, ND_ESTOPPED or ND_ENOMEM. */
ND_EXPORT int nd_desk_dedup(nd_desk *desk, nd_pair_fn fn, void *user);

/* ---------------------------------------------------------------------------------------------
 * Stories and storylines.
 *
 * A cluster state groups articles, one at a time in stream order, into stories (reports of one
 * real-world event) and stories into storylines (the same actors and theme over months and
 * years). Each article joins the most similar live story or opens a new one; stories that see
 * no article for story_expire_days leave the live set, and are forgotten storyline_days later,
 * so memory stays flat however long the stream runs. The same articles in the same order give
 * the same results. The state is plain tables (vocabulary, stories, postings) meant to be saved
 * and loaded between runs; see nd_cluster_save.
 *
 *     nd_cluster *cluster = nd_cluster_new(NULL);
 *     nd_desk_cluster(desk, cluster, print_result, NULL);
 *     nd_cluster_free(cluster);
 */
typedef struct nd_cluster nd_cluster;

#define ND_CLUSTER_FEATURES 8 /* features listed per result (matched, terms, names) */
#define ND_CLUSTER_REASONS 4  /* learned-model features listed per result (reasons) */

typedef struct nd_cluster_result {
    const nd_article *article;
    long long story;           /* 1, 2, ... in order of opening */
    long long storyline;       /* the number of the storyline's first story */
    const nd_article *duplicate_of; /* the original when the article is an exact or near copy
                                       (set by nd_desk_cluster); NULL otherwise */
    int opened;                /* 1 when the article opened its story */
    double score;              /* combined similarity to the story it joined; for an opening
                                  article, to the best live story it did not join (0 if none) */
    double term_similarity;    /* cosine of weighted terms with that story */
    double name_similarity;    /* cosine of names and numbers with that story */
    double time_factor;        /* 1 for no gap, less as the gap to the story's last article grows */
    /* The strings below are borrowed from the cluster state; they live until nd_cluster_free(). */
    size_t matched_count;      /* features shared with that story, strongest first */
    const char *matched[ND_CLUSTER_FEATURES];
    size_t term_count;         /* the article's strongest terms (a surface form of each stem) */
    const char *terms[ND_CLUSTER_FEATURES];
    size_t name_count;         /* the article's strongest names and numbers */
    const char *names[ND_CLUSTER_FEATURES];
    /* With learned weights (nd_cluster_load_weights): why the article joined that story, or
     * did not: the features with the largest contributions to the join decision, largest
     * first, each with its contribution (weight x value, in log odds; negative speaks against
     * joining), and the model's probability of joining. 0 and none without weights or when
     * there was no candidate. The names are static strings. */
    size_t reason_count;
    const char *reasons[ND_CLUSTER_REASONS];
    double reason_weights[ND_CLUSTER_REASONS];
    double join_probability;
    double join_bias;          /* the join model's intercept (log odds): the log odds of joining
                                  are it plus every feature's contribution */
} nd_cluster_result;

/* A new, empty cluster state, or NULL when out of memory. `options` may be NULL for the
 * defaults; it is copied. Free with nd_cluster_free(). */
ND_EXPORT nd_cluster *nd_cluster_new(const nd_options *options);
ND_EXPORT void nd_cluster_free(nd_cluster *cluster);

/* Loads the learned join decision (data/story_weights.txt, made by `make train-stories`) into a
 * state before its first article: a ranking model picks the best candidate story and a join
 * model decides whether the article joins it (docs/cluster.md). Without it the hand-tuned score
 * decides. ND_EIO when the file cannot be read, ND_EFORMAT when it is damaged or made for other
 * features, with *bad_line (may be NULL) the 1-based line at fault or 0; the state is then
 * unchanged. With weights, options.story_threshold is the join probability needed (default 0.5).
 * A saved state must be continued with the same weights. */
ND_EXPORT int nd_cluster_load_weights(nd_cluster *cluster, const char *path, size_t *bad_line);

/* For training (tools/train_stories.py): writes every live candidate's features and every
 * article's decision from now on to the file at `path` (made anew; closed by nd_cluster_free),
 * as tab-separated lines: "H NAMES...", then per article "C SEQ STORY FEATURES..." for each
 * candidate and "A SEQ ID STORY OPENED COPY". ND_EIO when it cannot be made. */
ND_EXPORT int nd_cluster_dump_features(nd_cluster *cluster, const char *path);

/* Adds one article, the next of the stream, and fills `result`. When the article is a copy of
 * an earlier one, pass the story that one joined as `original_story` (0 otherwise): the copy
 * then joins it while that story is live. The article is only read during the call. Returns
 * ND_OK or ND_ENOMEM. */
ND_EXPORT int nd_cluster_add(nd_cluster *cluster, const nd_article *article,
                             long long original_story, nd_cluster_result *result);

/* Entities, dates and quotes come further down (nd_desk_extract). */
typedef struct nd_facts nd_facts;
typedef struct nd_extraction nd_extraction;

/* The same with the article's extracted facts (NULL for none): the place of the event and the
 * days its text names then count as names, and a day its story named too raises the score; with
 * options.story_entities 2 also its people, organisations and places; with -1 facts are
 * ignored (see docs/cluster.md). `facts` is only read during the call. */
ND_EXPORT int nd_cluster_add_facts(nd_cluster *cluster, const nd_article *article, const nd_facts *facts,
                                   long long original_story, nd_cluster_result *result);

/* Return 0 to go on, anything else to stop (nd_desk_cluster then returns ND_ESTOPPED). */
typedef int (*nd_cluster_fn)(void *user, const nd_cluster_result *result);

/* Clusters every article of the desk: cleans (nd_desk_clean), finds exact and near copies (as
 * nd_desk_dedup), orders the articles by publication day (stable; an undated article keeps its
 * place after the article before it in input order) and adds each to `cluster`, calling `fn`
 * with each result in that order. Returns ND_OK, ND_ESTOPPED or ND_ENOMEM. */
ND_EXPORT int nd_desk_cluster(nd_desk *desk, nd_cluster *cluster, nd_cluster_fn fn, void *user);

/* The same, adding each article with its facts from `extraction` (made by nd_desk_extract on
 * this desk after its last read; NULL for none). nd_desk_cluster itself runs no extraction. */
ND_EXPORT int nd_desk_cluster_facts(nd_desk *desk, nd_cluster *cluster, const nd_extraction *extraction,
                                    nd_cluster_fn fn, void *user);

/* Stories held now: live (still taking articles), and all held (live and closed, the closed
 * ones kept for storyline links). */
ND_EXPORT size_t nd_cluster_live_stories(const nd_cluster *cluster);
ND_EXPORT size_t nd_cluster_held_stories(const nd_cluster *cluster);

/* Saves the whole state to a file (text, one table row a line, so that it maps onto database
 * tables; docs/cluster.md lists them), and loads such a file into a state just made by
 * nd_cluster_new() with the same options. Adding the rest of a stream after a load gives
 * exactly the results one run over the whole stream would have given. nd_desk_cluster cleans
 * and finds copies within its own desk only: a copy of an article of an earlier run is then
 * clustered by similarity, and template removal sees only this run's articles.
 * Save returns ND_OK, ND_EIO or ND_ENOMEM; load returns ND_OK, ND_EIO (cannot open),
 * ND_EFORMAT (not such a file, or damaged), ND_ETOOBIG (over a ceiling), ND_ENOMEM, or
 * ND_EINVAL when the state is not fresh; on failure the state is left empty. */
ND_EXPORT int nd_cluster_save(const nd_cluster *cluster, const char *path);
ND_EXPORT int nd_cluster_load(nd_cluster *cluster, const char *path);

/* ---------------------------------------------------------------------------------------------
 * Entities, dates and quotes: who, where, when, and who said what.
 *
 *     nd_gazetteer *places = NULL;
 *     nd_gazetteer_load("build/gazetteer/places.tsv", &places);   (optional: NULL works too)
 *     nd_extraction *facts;
 *     nd_desk_extract(desk, places, &facts);
 *     const nd_facts *f = nd_extraction_facts(facts, 0);           (article 0's facts)
 *     nd_extraction_free(facts);
 *     nd_gazetteer_free(places);
 *
 * Offsets are byte offsets in the article's clean text (nd_article_body). Names are canonical
 * across the whole extraction: the same person spelled Baqeri in one article and Bagheri in
 * another has one name in both.
 */

/* Countries, demonyms and cities with coordinates, read from the file scripts/gazetteer.sh
 * builds. Returns ND_OK, ND_EIO (cannot open), ND_ETOOBIG or ND_ENOMEM; *out is then NULL.
 * Free with nd_gazetteer_free(). A gazetteer may be shared by many extractions (read only). */
typedef struct nd_gazetteer nd_gazetteer;
ND_EXPORT int nd_gazetteer_load(const char *path, nd_gazetteer **out);
ND_EXPORT size_t nd_gazetteer_count(const nd_gazetteer *gazetteer); /* names loaded */
ND_EXPORT void nd_gazetteer_free(nd_gazetteer *gazetteer);

typedef enum nd_entity_type {
    ND_ENTITY_PERSON,
    ND_ENTITY_ORGANISATION,
    ND_ENTITY_PLACE
} nd_entity_type;

ND_EXPORT const char *nd_entity_type_name(nd_entity_type type); /* "person", "organisation", "place" */

typedef struct nd_span {
    size_t start, end;       /* byte offsets in the clean text, end exclusive */
} nd_span;

typedef struct nd_entity {
    nd_entity_type type;
    const char *name;        /* canonical name, the same in every article of the extraction */
    size_t variant_count;
    const char *const *variants; /* the forms this article uses, titles included ("President
                                    al-Assad"), first seen first */
    size_t mention_count;
    const nd_span *mentions; /* in text order */
    const char *country;     /* places: ISO 3166 alpha-2 code, "" when unknown */
    int has_coordinates;     /* places found in the gazetteer */
    double latitude, longitude;
} nd_entity;

typedef enum nd_date_precision {
    ND_DATE_DAY,             /* value "YYYY-MM-DD" */
    ND_DATE_WEEK,            /* value is the Monday of the week, "YYYY-MM-DD" */
    ND_DATE_MONTH,           /* value "YYYY-MM" */
    ND_DATE_YEAR             /* value "YYYY" */
} nd_date_precision;

ND_EXPORT const char *nd_date_precision_name(nd_date_precision precision); /* "day", ... */

typedef struct nd_date {
    nd_span span;            /* the expression: "on Thursday", "September 14", "in March 2011" */
    const char *value;       /* resolved; NULL when the article has no reference date */
    nd_date_precision precision;
} nd_date;

typedef struct nd_quote {
    nd_span span;            /* the quoted words, quotation marks excluded; for a quote over
                                several paragraphs, from the first word to the last */
    int direct;              /* 1: in quotation marks; 0: reported ("X said that ...") */
    long speaker;            /* index into the article's entities, or -1 */
    const char *speaker_text; /* the speaker as named when not an entity ("the two sides"),
                                 "" when unknown */
    nd_span speaker_span;    /* where the speaker is named or referred to ("he"); 0,0 if not */
} nd_quote;

typedef struct nd_cite {
    long source;             /* index into the article's entities (an organisation) */
    nd_span span;            /* the citing phrase: "IRNA reported", "citing ... SANA" */
} nd_cite;

struct nd_facts {
    const char *published;   /* the article's own date "YYYY-MM-DD", or NULL */
    const char *reference_date; /* the date relative expressions were resolved against, NULL
                                   when none could be found */
    const char *date_source; /* "published", "text", "story" or NULL */
    const char *dateline;    /* "" when none */
    size_t entity_count;
    const nd_entity *entities; /* people first, then organisations, then places */
    size_t date_count;
    const nd_date *dates;
    size_t quote_count;
    const nd_quote *quotes;
    size_t cite_count;
    const nd_cite *cites;
    long where;              /* index into entities of the place the event happened, or -1 */
    const char *where_source; /* "lead", "dateline" or NULL */
};

/* The facts of every article read so far (cleaning first, as nd_desk_clean). `gazetteer` may be
 * NULL: places then come from text cues only ("X-based", datelines). An undated article takes
 * the date of the dated article it shares the most people and places with (its story).
 * Returns ND_OK or ND_ENOMEM; *out is then NULL. Free with nd_extraction_free(); the facts
 * borrow nothing from the desk or the gazetteer, so either may be freed first. */
/* nd_extraction is declared above, with nd_desk_cluster_facts. */
ND_EXPORT int nd_desk_extract(nd_desk *desk, const nd_gazetteer *gazetteer, nd_extraction **out);
ND_EXPORT size_t nd_extraction_count(const nd_extraction *extraction);
/* The facts of article `index` (input order), or NULL when out of range. Owned by the
 * extraction. */
ND_EXPORT const nd_facts *nd_extraction_facts(const nd_extraction *extraction, size_t index);
ND_EXPORT void nd_extraction_free(nd_extraction *extraction);

#ifdef __cplusplus
}
#endif
#endif /* NEWSDESK_H */
