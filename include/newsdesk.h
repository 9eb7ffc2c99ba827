/*
 * newsdesk.h: the one public header of newsdesk, a news-stream engine.
 *
 * Read it top to bottom, in pipeline order. A reader takes files, directories, standard input or
 * memory buffers (plain text, JSON Lines or HTML) and hands over one article at a time; an
 * engine takes each article through cleaning (its source's templates), extraction (people,
 * places, dates, quotes), copies and shared passages, and stories, gives the whole result of
 * that article to a callback, and lets the article go. What the engine keeps is bounded by
 * windows, not by the stream. docs/architecture.md draws the whole flow.
 *
 *     nd_engine *engine = nd_engine_new(NULL, NULL, print_result, NULL);
 *     nd_engine_read_path(engine, "articles/");
 *     nd_engine_finish(engine);
 *     nd_engine_free(engine);
 *
 * Conventions, kept by every function below:
 *   - Functions that can fail return an int status: ND_OK (0) or a negative ND_E* code;
 *     nd_strerror() names it. The library never exits and never prints: diagnostics about bad
 *     input go to the callback in nd_options.
 *   - Text crosses the interface as UTF-8, as a NUL-terminated string or as pointer + length.
 *   - Ownership: every pointer returned by nd_article_* is borrowed from the article and lives
 *     until nd_article_free() (the engine frees the articles it is given once their result has
 *     been handed out). Every pointer in a result lives during the callback only. Every
 *     *_free() accepts NULL.
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
    X(ESTOPPED, -9, "stopped by callback")                                   \
    X(ENOTFOUND, -10, "not found")                                           \
    X(EOPTIONS, -11, "made with other options")

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
 * (or "-" for standard input, or the name given to nd_reader_read_buffer), `line` the 1-based
 * line (0 when a whole file is concerned), `status` why; ND_OK for a note where nothing was
 * lost (a directory reached twice through a link, an id made unique). The run goes on after
 * it. At most 20 of one kind are reported per input, then one line "... and N more ...". */
typedef void (*nd_diagnostic_fn)(void *user, const char *where, long line, int status,
                                 const char *message);

/* Called now and then during long work: `phase` is "read" or "engine", `done` how many articles
 * so far, `total` how many there are (0 when it is not known). */
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
                                    live set; default 30, longer for a story of many reports
                                    (docs/cluster.md) */
    double storyline_days;       /* a story that left the live set can still start a storyline
                                    link for this many days after its last article; default 1500 */
    int max_stories;             /* ceiling on stories held (live and closed): beyond it the
                                    least recently updated are forgotten; default 100000 */
    int story_entities;          /* what of the extracted facts given with the articles
                                    (nd_cluster_add_facts, the engine) are features:
                                    0 or 1 (default) the event's place and the days the text
                                    names, 2 also every person, organisation and place,
                                    -1 none (facts are ignored) */
    /* The engine (nd_engine_new). */
    int copy_window;             /* originals the copy index keeps: a copy of an article older
                                    than the newest copy_window/2..copy_window originals is not
                                    found; default 20000, 0 keeps all */
    int reorder_window;          /* articles held before they go on from cleaning, so that they
                                    go on in publication order and the templates of the articles
                                    around them are known; default 4096, 0 holds every article
                                    until nd_engine_finish (a batch) */
    int input_order;             /* 1: articles go on in input order, not publication order */
    unsigned stages;             /* ND_STAGE_* the engine runs; default all */
    size_t memory_budget;        /* bytes the engine may hold (nd_engine_memory): past it the
                                    least recently updated stories are forgotten first, down to
                                    90 % of it; 0 for the default, 512 MiB */
    const char *story_weights;   /* learned join weights (nd_cluster_load_weights) for the
                                    cluster states an ingest makes itself (nd_ingest_open);
                                    NULL: the hand-tuned rule. Borrowed: must outlive the ingest */
} nd_options;

#define ND_STAGE_COPIES 1u  /* exact and near copies, shared passages */
#define ND_STAGE_FACTS 2u   /* people, organisations, places, dates, quotes */
#define ND_STAGE_STORIES 4u /* stories and storylines (uses copies, and facts when run) */
#define ND_STAGE_ALL 7u

ND_EXPORT void nd_options_init(nd_options *options);

/* ---------------------------------------------------------------------------------------------
 * The reader: bytes in, one article at a time out. Not thread-safe; use one reader per thread.
 */
typedef struct nd_reader nd_reader;
typedef struct nd_article nd_article;

/* Takes one article, which the callee now owns (free it with nd_article_free, or give it to
 * nd_engine_add). Return ND_OK to go on; a negative status stops the read and is returned. */
typedef int (*nd_article_fn)(void *user, nd_article *article);

/* A new reader, or NULL when out of memory. `options` may be NULL for the defaults; it is
 * copied (the reader uses the callbacks and template_min_articles of it). */
ND_EXPORT nd_reader *nd_reader_new(const nd_options *options);
ND_EXPORT void nd_reader_free(nd_reader *reader);

/* Reads articles from a file, a directory (recursively, in name order) or "-" for standard
 * input, and hands each to `fn` as soon as it is read and cleaned on its own evidence (the
 * templates of its source are the engine's). The format is detected from the content: JSON
 * Lines (one article per line with "id" and "title", "text" or "html", "published", "source",
 * "url"), HTML, or plain text (one article per file, id = file name without extension). A directory walk reads each directory
 * and file once (symbolic-link loops end) and opens only regular files; an id read before by
 * this reader refuses the article (an id from a file name is made unique instead). JSON
 * Lines are streamed a line at a time. Bad pieces are reported through the diagnostic callback
 * and skipped; everything else is handed on. Returns ND_OK, ND_ESKIPPED when something was
 * skipped, ND_ENOMEM, or the status `fn` stopped with. */
ND_EXPORT int nd_reader_read_path(nd_reader *reader, const char *path, nd_article_fn fn, void *user);

/* The same for bytes in memory; `name` stands for the file name in ids and diagnostics. */
ND_EXPORT int nd_reader_read_buffer(nd_reader *reader, const char *name, const char *data, size_t len,
                                    nd_article_fn fn, void *user);

/* How many pieces of input (files or lines) were skipped so far. */
ND_EXPORT size_t nd_reader_skipped(const nd_reader *reader);

/* ---------------------------------------------------------------------------------------------
 * Articles. Every string is owned by the article; "" or NULL as noted when unknown.
 */
ND_EXPORT void nd_article_free(nd_article *article);
ND_EXPORT const char *nd_article_id(const nd_article *article);
ND_EXPORT const char *nd_article_source(const nd_article *article);    /* "" when unknown */
ND_EXPORT const char *nd_article_url(const nd_article *article);       /* "" when unknown */
ND_EXPORT const char *nd_article_title(const nd_article *article);     /* "" when unknown */
ND_EXPORT const char *nd_article_dateline(const nd_article *article);  /* "" when none */
/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS..." as given; NULL when unknown. */
ND_EXPORT const char *nd_article_published(const nd_article *article);
/* Where it was read: "FILE:LINE" for a line of JSON Lines, "FILE" for a whole file ("-" is
 * standard input). */
ND_EXPORT const char *nd_article_origin(const nd_article *article);
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
    const char *a;           /* id of the earlier article, an original the copy index holds */
    const char *b;           /* id of the article just processed */
    nd_relation relation;
    double similarity;       /* 0..1: estimated Jaccard for near, share of the shorter text
                                covered for passages, 1 for exact */
    const char *first;       /* id of the one published first (known dates before unknown,
                                then a) */
    size_t passage_count;
    const nd_passage *passages;
    const char *a_body;      /* a's clean text, which a_start and a_end index */
    size_t a_body_len;
} nd_pair;

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
 * The engine runs one (nd_engine_cluster); a program may also run one on its own.
 */
typedef struct nd_cluster nd_cluster;

#define ND_CLUSTER_FEATURES 8 /* features listed per result (matched, terms, names) */
#define ND_CLUSTER_REASONS 4  /* learned-model features listed per result (reasons) */
#define ND_CLUSTER_BECAUSE 192 /* bytes of a result's decision in words, NUL included */

typedef struct nd_cluster_result {
    const nd_article *article;
    long long story;           /* 1, 2, ... in order of opening */
    long long storyline;       /* the number of the storyline's first story */
    const char *duplicate_of;  /* id of the original when the article is an exact or near copy
                                  (set by the engine); NULL otherwise */
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
    char because[ND_CLUSTER_BECAUSE]; /* the decision in words a reader understands: "joined:
                                  same event day 2017-03-20, shares Marksville and Chris Few",
                                  "opened: the closest story (12) shares only shooting, police" */
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

/* Entities, dates and quotes come further down. */
typedef struct nd_facts nd_facts;

/* The same with the article's extracted facts (NULL for none): the place of the event and the
 * days its text names then count as names, and a day its story named too raises the score; with
 * options.story_entities 2 also its people, organisations and places; with -1 facts are
 * ignored (see docs/cluster.md). `facts` is only read during the call. */
ND_EXPORT int nd_cluster_add_facts(nd_cluster *cluster, const nd_article *article, const nd_facts *facts,
                                   long long original_story, nd_cluster_result *result);

/* Stories held now: live (still taking articles), and all held (live and closed, the closed
 * ones kept for storyline links). */
ND_EXPORT size_t nd_cluster_live_stories(const nd_cluster *cluster);
ND_EXPORT size_t nd_cluster_held_stories(const nd_cluster *cluster);

/* Saves the whole state to a file (text, one table row a line, so that it maps onto database
 * tables; docs/cluster.md lists them), and loads such a file into a state just made by
 * nd_cluster_new() with the same options. Adding the rest of a stream after a load gives
 * exactly the results one run over the whole stream would have given (the engine's own state,
 * nd_engine_save, covers the rest of the pipeline).
 * Save returns ND_OK, ND_EIO or ND_ENOMEM; load returns ND_OK, ND_EIO (cannot open),
 * ND_EFORMAT (not such a file, or damaged), ND_ETOOBIG (over a ceiling), ND_EOPTIONS (saved
 * by a state made with other options: threshold, entities, expiry, storyline days, max
 * stories), ND_ENOMEM, or ND_EINVAL when the state is not fresh; on failure the state is left
 * empty and nd_cluster_load_error says why. */
ND_EXPORT int nd_cluster_save(const nd_cluster *cluster, const char *path);
ND_EXPORT int nd_cluster_load(nd_cluster *cluster, const char *path);
/* The same in memory (the store keeps the state as a blob): save sets *data (malloc'd, the
 * caller frees it) and *len; load reads `len` bytes, which need not end in NUL. Return codes as
 * above, without ND_EIO. */
ND_EXPORT int nd_cluster_save_buffer(const nd_cluster *cluster, char **data, size_t *len);
ND_EXPORT int nd_cluster_load_buffer(nd_cluster *cluster, const char *data, size_t len);
/* Why the last nd_cluster_load or nd_cluster_load_buffer failed, in words ("" after a
 * success): "line 12: damaged ...", or for ND_EOPTIONS "saved with story_threshold 0.3, this
 * state has 0.5" (the nd_options field, or story_entities 0 none, 1 place and days, 2 all).
 * Owned by the state; valid until the next load. */
ND_EXPORT const char *nd_cluster_load_error(const nd_cluster *cluster);

/* How a grouping of n articles agrees with gold labels: gold[i] and predicted[i] are article
 * i's gold label and predicted story (any numbers; equal numbers, one group). The measures of
 * ../shared/tools/score.py: B-cubed and pairwise precision, recall and F1, and B-cubed over the
 * articles whose gold group has two or more (multi_articles of them; 0 when none, and the
 * multi figures are then 0). ND_OK, ND_EINVAL or ND_ENOMEM. `newsdesk eval` prints these. */
typedef struct nd_grouping_score {
    size_t articles, gold_groups, predicted_groups, multi_articles;
    double bcubed_precision, bcubed_recall, bcubed_f1;
    double pairwise_precision, pairwise_recall, pairwise_f1;
    double multi_precision, multi_recall, multi_f1;
} nd_grouping_score;
ND_EXPORT int nd_score_grouping(const long long *gold, const long long *predicted, size_t n,
                                nd_grouping_score *score);

/* ---------------------------------------------------------------------------------------------
 * Entities, dates and quotes: who, where, when, and who said what.
 *
 * The engine extracts each article's facts (ND_STAGE_FACTS) with the gazetteer given to
 * nd_engine_new and hands them in its result:
 *
 *     nd_gazetteer *places = NULL;
 *     nd_gazetteer_load("build/gazetteer/places.tsv", &places);   (optional: NULL works too)
 *     nd_engine *engine = nd_engine_new(NULL, places, on_result, NULL);
 *
 * Offsets are byte offsets in the article's clean text (nd_article_body). Names are canonical
 * across the articles the engine handles together (all of a batch; see docs/engine.md for a
 * stream): the same person spelled Baqeri in one article and Bagheri in another has one name
 * in both.
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
    const char *text;        /* what is reported: the quoted words, from the start of the content
                                ("the senator a “nasty guy”"); a quote broken by its attribution
                                ("“A,” he said, “B.”") has its parts joined by a space */
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

/* ---------------------------------------------------------------------------------------------
 * The engine: the only part that knows every stage. Articles go in one at a time (from a reader,
 * or built by the caller's own reader through nd_engine_read_*); each is cleaned of its source's
 * templates, its facts extracted (with the group leaving the reorder buffer together), compared
 * with the copy window and its story found, and the whole result handed to the callback, after
 * which the article is freed. It keeps: a reorder
 * buffer of reorder_window articles (publication order), the copy window, online template
 * counts per source, and the live stories; each has a ceiling. Not thread-safe; one engine per
 * thread (engines share nothing but a gazetteer, which they only read).
 */
typedef struct nd_engine nd_engine;

typedef struct nd_result {
    const nd_article *article;   /* clean, templates removed */
    size_t position;             /* 0, 1, ... in the order results come */
    size_t pair_count;           /* relations with earlier originals (ND_STAGE_COPIES) */
    const nd_pair *pairs;
    const char *duplicate_of;    /* id of the original when the article is an exact or near
                                    copy of one, NULL otherwise */
    const nd_facts *facts;       /* NULL without ND_STAGE_FACTS */
    const nd_cluster_result *story; /* NULL without ND_STAGE_STORIES, or when known */
    int known;                   /* 1 when nd_engine_set_known's callback knew the article */
} nd_result;

/* Return 0 to go on, anything else to stop (the engine call then returns ND_ESTOPPED). */
typedef int (*nd_result_fn)(void *user, const nd_result *result);

/* A new engine, or NULL when out of memory. `options` may be NULL for the defaults (copied);
 * `gazetteer` may be NULL and must outlive the engine; `fn` may be NULL. */
ND_EXPORT nd_engine *nd_engine_new(const nd_options *options, const nd_gazetteer *gazetteer,
                                   nd_result_fn fn, void *user);
ND_EXPORT void nd_engine_free(nd_engine *engine);

/* Adds the next article of the stream; the engine owns it from now on (even on error). Results
 * come out as articles leave the reorder buffer. Returns ND_OK, ND_ESTOPPED or ND_ENOMEM. */
ND_EXPORT int nd_engine_add(nd_engine *engine, nd_article *article);

/* Reads a path or buffer through the engine's own reader and adds every article (see
 * nd_reader_read_path). Returns ND_OK, ND_ESKIPPED, ND_ESTOPPED or ND_ENOMEM. */
ND_EXPORT int nd_engine_read_path(nd_engine *engine, const char *path);
ND_EXPORT int nd_engine_read_buffer(nd_engine *engine, const char *name, const char *data, size_t len);
ND_EXPORT size_t nd_engine_skipped(const nd_engine *engine);

/* Takes every article still held through the rest of the pipeline: call it at the end of the
 * input (a batch) or before saving. ND_OK, ND_ESTOPPED or ND_ENOMEM. */
ND_EXPORT int nd_engine_finish(nd_engine *engine);

/* Asks `fn`, for each article after its copies are found and before its story, whether it was
 * handled already (by an earlier run into a store): return 1 and set *story to its story to have
 * it skip the story stage (its copies still point at it, with that story, and by *id when `fn`
 * sets it: the id it was kept under, valid during the call), 0 for a new article, or a negative
 * status to stop. The result then says known = 1 and has no story. */
typedef int (*nd_known_fn)(void *user, const nd_article *article, long long *story, const char **id);
ND_EXPORT void nd_engine_set_known(nd_engine *engine, nd_known_fn fn, void *user);

/* During the callback only: takes the result's article out of the engine's hands, so that it is
 * not freed after the callback; the caller frees it with nd_article_free(). */
ND_EXPORT nd_article *nd_engine_take_article(nd_engine *engine);

/* The engine's story state (for nd_cluster_live_stories and the like); owned by the engine. */
ND_EXPORT nd_cluster *nd_engine_cluster(nd_engine *engine);

/* Saves the engine's state (after nd_engine_finish: the reorder buffer must be empty) into a
 * malloc'd blob the caller frees: the template counts, the copy window with its index and the
 * story state. Loads such a blob into an engine just made with the same options: the stream
 * continued after a load gives what the uninterrupted stream gives when that one also
 * finished at the same point (with reorder_window 1, always). Save: ND_OK, ND_EINVAL (articles
 * still held), ND_ENOMEM. Load: ND_OK, ND_EFORMAT (not such a blob, or damaged), ND_EINVAL
 * (engine not fresh), ND_ENOMEM; on failure the engine is as fresh as before. */
ND_EXPORT int nd_engine_save(nd_engine *engine, char **blob, size_t *len);
ND_EXPORT int nd_engine_load(nd_engine *engine, const char *blob, size_t len);

/* Bytes held now by the engine's bounded state (reorder buffer, copy window, templates,
 * stories), an estimate for reporting. */
ND_EXPORT size_t nd_engine_memory(const nd_engine *engine);

/* ---------------------------------------------------------------------------------------------
 * The store: everything the desk found, kept in an embedded SQLite database (WAL mode), so that a
 * reader (the server) and a writer (ingest) can use it at once and a later run continues where
 * the last one stopped. docs/store.md describes the tables.
 *
 *     nd_store *store;
 *     nd_store_open("newsdesk.db", &store);
 *     nd_ingest *ingest;
 *     nd_ingest_open(store, NULL, places, 0, &ingest);
 *     nd_ingest_read_path(ingest, "articles/");      (read -> copies -> facts -> stories -> store)
 *     nd_ingest_finish(ingest, &stats);
 *     nd_ingest_free(ingest);
 *     nd_store_close(store);
 *
 * A store is used by one thread at a time; open one per thread. Strings handed to callbacks are
 * borrowed from the store and valid during the callback only.
 */
typedef struct nd_store nd_store;

#define ND_STORE_DEFAULT_PATH "newsdesk.db"

/* Opens the store at `path`, creating it when absent and migrating an older schema to the
 * current one (in one transaction). Sets *out (NULL on failure). Returns ND_OK, ND_EIO (cannot
 * open or write the file), ND_EFORMAT (not a newsdesk store, or written by a newer version) or
 * ND_ENOMEM. Close with nd_store_close(), which accepts NULL and rolls back an open transaction. */
ND_EXPORT int nd_store_open(const char *path, nd_store **out);
ND_EXPORT void nd_store_close(nd_store *store);
/* The database's last error message, for diagnostics; never NULL. */
ND_EXPORT const char *nd_store_error(const nd_store *store);
/* The schema version the store is at (after migration, the current one). */
ND_EXPORT int nd_store_schema_version(const nd_store *store);

/* Batches: everything between begin and commit is stored at once or not at all. */
ND_EXPORT int nd_store_begin(nd_store *store);
ND_EXPORT int nd_store_commit(nd_store *store);
ND_EXPORT int nd_store_rollback(nd_store *store);

/* An article already in the store with the same id, the same url (when it has one) or the same
 * content (source, title and text as read): the same article again. */
typedef struct nd_store_match {
    long long row;           /* the stored article's row */
    const char *id;          /* its id; borrowed, valid until the next call on the store */
    long long story, storyline;
    const char *by;          /* "id", "url" or "content" */
} nd_store_match;

/* Returns 1 and fills *match when the store holds `article` already, 0 when not, or a negative
 * status. */
ND_EXPORT int nd_store_find(nd_store *store, const nd_article *article, nd_store_match *match);

/* A copy relation of the article being stored with an earlier stored one. */
typedef struct nd_store_copy {
    const char *earlier_id;  /* the stored article */
    nd_relation relation;
    double similarity;
    int earlier_first;       /* 1 when the earlier one was published first */
    size_t passage_count;
    const nd_passage *passages; /* a_* in the earlier article's clean text, b_* in this one's */
} nd_store_copy;

/* One article's complete result: what the pipeline found about it, stored by one call. */
typedef struct nd_store_article {
    const nd_article *article;  /* fields, text as read, clean text, origin */
    long long first_seen;       /* seconds since 1970 when this run read it */
    long long story, storyline; /* its story (nd_cluster_result) */
    int opened;                 /* 1 when it opened its story */
    const char *duplicate_of;   /* id of the stored original when a copy, else NULL */
    size_t copy_count;
    const nd_store_copy *copies;
    const nd_facts *facts;      /* NULL when none */
} nd_store_article;

/* Stores one article with its copies, facts and story (updating the story's and storyline's
 * counts and the search index). Everything given is only read during the call. Call within a
 * batch for speed; alone it is its own transaction. Returns ND_OK, ND_EINVAL (the article is
 * already stored, or a copy names an article that is not), ND_EIO or ND_ENOMEM. */
ND_EXPORT int nd_store_put(nd_store *store, const nd_store_article *article);

/* Named blobs a restart needs (the engine's state), written in the same batch as the articles
 * they cover. Get sets *data (malloc'd, the caller frees) and *len; returns 1 when found, 0 when
 * not (then *data is NULL), or a negative status. */
ND_EXPORT int nd_store_state_put(nd_store *store, const char *name, const void *data, size_t len);
ND_EXPORT int nd_store_state_get(nd_store *store, const char *name, char **data, size_t *len);

/* Rows held in the main tables. */
typedef struct nd_store_counts {
    long long articles, copies, passages, stories, storylines, entities, mentions, dates, quotes,
        cites;
} nd_store_counts;
ND_EXPORT int nd_store_count(nd_store *store, nd_store_counts *counts);

/* Every article in the order it was stored, as `cluster` prints it. */
typedef struct nd_store_assignment {
    const char *id;
    long long story, storyline;
    const char *duplicate_of;   /* NULL when not a copy */
} nd_store_assignment;
/* Return 0 to go on, anything else to stop (then ND_ESTOPPED). */
typedef int (*nd_store_assignment_fn)(void *user, const nd_store_assignment *assignment);
ND_EXPORT int nd_store_export(nd_store *store, nd_store_assignment_fn fn, void *user);

/* What one ingest did. */
typedef struct nd_ingest_stats {
    size_t read;             /* articles read */
    size_t added;            /* stored now */
    size_t copies;           /* of those, exact or near copies of an earlier article */
    size_t skipped;          /* already in the store (same id, url or content) */
    size_t stories_opened;   /* new stories */
    size_t stories_updated;  /* stories of earlier runs that took an article */
    size_t batches;          /* transactions committed */
    /* Processor time (seconds) of the parts: cleaning, copies and extraction over the desk;
     * the story step; the store's writes (articles, copies, facts, search index); saving the
     * engine state and committing. */
    double prepare_seconds, stories_seconds, store_seconds, state_seconds;
} nd_ingest_stats;

/* An ingest: an engine whose every result goes into the store, continuing the story state the
 * store holds, in batches of `batch` articles (0 for 1000), each one transaction with the state
 * it leaves: a run stopped at any moment leaves the store as it was after its last whole batch,
 * and running it again on the same input ends as one run would have. Articles already stored
 * (same id, url or content) still go through cleaning and copies, so that the copy window is
 * what it was, but not through stories again. `gazetteer` may be NULL (and must outlive the
 * ingest); no facts when options->story_entities is -1. Progress goes to options.on_progress as
 * phase "store". Open returns ND_OK, ND_EIO (the store failed: nd_store_error), ND_EFORMAT
 * (the stored state is damaged) or ND_ENOMEM; read returns as nd_engine_read_path, or ND_EIO;
 * finish takes what the engine holds into the store, fills *stats (may be NULL) and returns
 * ND_OK, ND_EIO or ND_ENOMEM. Free with nd_ingest_free (which rolls back an unfinished batch). */
typedef struct nd_ingest nd_ingest;
ND_EXPORT int nd_ingest_open(nd_store *store, const nd_options *options, const nd_gazetteer *gazetteer, size_t batch,
                             nd_ingest **out);
ND_EXPORT int nd_ingest_read_path(nd_ingest *ingest, const char *path);
ND_EXPORT int nd_ingest_read_buffer(nd_ingest *ingest, const char *name, const char *data, size_t len);
ND_EXPORT int nd_ingest_finish(nd_ingest *ingest, nd_ingest_stats *stats);
ND_EXPORT void nd_ingest_free(nd_ingest *ingest);


/* ---------------------------------------------------------------------------------------------
 * Stories a person reads: headline, summary, when and where, sources, quotes, shared passages.
 *
 * nd_summarise() takes one story's articles (with their clean text and, when extracted, their
 * facts) and the passages they share, and writes what a wire editor would: a headline (the most
 * representative title, or the core of the most representative lead sentence when titles are
 * missing), two or three sentences drawn from the articles that do not repeat one another, when
 * the event happened (from the text, not the publication date) and where, the counts, who
 * published first, the sources, the key people and organisations, the strongest quotes with
 * their speakers, and the copies and shared passages. Nothing is kept from the inputs: the
 * summary owns every string it holds, so the articles may be freed first.
 *
 *     nd_summary *s;
 *     nd_summarise(articles, n, links, n_links, &s);
 *     printf("%s\n", s->headline);
 *     nd_summary_free(s);
 */
typedef struct nd_story_article {
    const char *id;
    const char *source;        /* outlet; "" or NULL when unknown */
    const char *url;           /* "" or NULL when unknown */
    const char *title;         /* "" or NULL when the article has none */
    const char *published;     /* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS..."; NULL when unknown */
    const char *body;          /* the clean text (nd_article_body) */
    size_t body_len;
    const nd_facts *facts;     /* its extracted facts, offsets in `body`; NULL when none */
    const char *duplicate_of;  /* id of the article it is an exact or near copy of, or NULL */
} nd_story_article;

/* Passages two of the story's articles share (an nd_pair's, by index into the articles). */
typedef struct nd_story_link {
    size_t a, b;               /* indexes into the articles given to nd_summarise */
    size_t passage_count;
    const nd_passage *passages; /* a_* offsets in a's body, b_* in b's */
} nd_story_link;

typedef struct nd_summary_article {
    const char *id, *source, *url, *title, *published; /* "" when unknown (published NULL) */
    const char *day;           /* the day it reports on: published, else its facts' reference
                                  date; NULL when neither is known */
    const char *lead;          /* its first sentence */
    const char *duplicate_of;  /* NULL unless a copy */
    size_t input_index;        /* where it stood in the input */
} nd_summary_article;

typedef struct nd_summary_entity {
    const char *name;          /* canonical */
    nd_entity_type type;
    size_t article_count;      /* articles of the story naming it */
    size_t mention_count;
    size_t variant_count;
    const char *const *variants;
} nd_summary_entity;

typedef struct nd_summary_quote {
    const char *text;          /* the quoted words */
    const char *speaker;       /* canonical name, or the speaker as written; "" when unknown */
    const char *article_id;    /* the first article carrying it */
    int direct;                /* 1 in quotation marks, 0 reported */
    size_t article_count;      /* articles carrying the same words */
} nd_summary_quote;

typedef struct nd_summary_passage {
    const char *a_id, *b_id;   /* a published first (or came first) */
    const char *a_text, *b_text; /* the passage as each article has it */
    size_t words;
} nd_summary_passage;

typedef struct nd_summary {
    const char *headline;      /* "" only for a story with no text at all */
    const char *headline_from; /* "title" or "lead" */
    size_t sentence_count;     /* 0 to 3 */
    const char *const *sentences;
    const char *when;          /* the event's day ("YYYY-MM-DD", or a month "YYYY-MM"), NULL
                                  when unknown */
    const char *when_from;     /* "text" (a date the articles give) or "published" */
    const char *where;         /* the event's place, NULL when unknown */
    const char *first_day, *last_day; /* of the articles' days; NULL when none is known */
    size_t article_count;
    size_t outlet_count;       /* distinct sources (an article of unknown source counts alone) */
    size_t copy_count;         /* articles that are exact or near copies of another */
    size_t first;              /* index into `articles` of the first report */
    size_t source_count;       /* the articles in timeline order: dated first, by day and time,
                                  then undated in input order */
    const nd_summary_article *articles;
    size_t people_count, organisation_count, place_count;
    const nd_summary_entity *people, *organisations, *places; /* strongest first */
    size_t quote_count;
    const nd_summary_quote *quotes; /* strongest first */
    size_t passage_count;
    const nd_summary_passage *passages;
    const char *upcoming;      /* the day of a scheduled event the reports look ahead to
                                  ("YYYY-MM-DD"), when they speak of one more than of any day
                                  past; NULL when none. `when` is never after the last report. */
} nd_summary;

/* Summarises one story. `links` may be NULL when `link_count` is 0. Returns ND_OK, ND_EINVAL
 * (no articles, or a link out of range) or ND_ENOMEM; *out is then NULL. Free with
 * nd_summary_free(). */
ND_EXPORT int nd_summarise(const nd_story_article *articles, size_t count, const nd_story_link *links,
                           size_t link_count, nd_summary **out);
ND_EXPORT void nd_summary_free(nd_summary *summary);

/* What is hot: a story whose coverage rises fastest now. Counts over a recent window (the last
 * `window_hours`) against the story's own rate before it and the desk's usual rate per story. */
typedef struct nd_hot_counts {
    double recent_articles;    /* articles of the story in the window */
    double recent_outlets;     /* distinct outlets among them */
    double earlier_articles;   /* articles of the story before the window */
    double earlier_hours;      /* hours from the story's first article to the window's start */
    double desk_rate;          /* the desk's usual articles per story per hour (over stories
                                  active in the window) */
    double window_hours;
} nd_hot_counts;

/* A score: how many standard deviations the window's coverage stands above what the story's
 * own earlier rate (or, when higher, the desk's usual rate) predicts, counting outlets more than
 * articles. 0 when the story is not rising. */
ND_EXPORT double nd_hot_score(const nd_hot_counts *counts);


/* ---------------------------------------------------------------------------------------------
 * Views: what the CLI views, the HTTP API and the web pages show, as JSON documents made from
 * the store (docs/api.md gives every field). Each sets *json to a NUL-terminated JSON text the
 * caller frees with free(), and returns ND_OK, ND_ENOTFOUND (no such story, storyline, entity or
 * article), ND_EINVAL (a bad query), ND_EIO (the store failed: nd_store_error) or ND_ENOMEM.
 * Stories are summarised (nd_summarise) when they are asked for. The store is only read.
 */
typedef struct nd_view_query {
    const char *since, *until;   /* publication day or time bounds, ISO 8601; NULL for none */
    long long limit;             /* 1..1000; default 20 */
    long long offset;            /* default 0 */
    int hot;                     /* front: only rising stories, hottest first */
    const char *now;             /* the desk's clock for "hot", ISO 8601; NULL: the latest
                                    publication time in the store */
    double window_hours;         /* hot: the recent window; default 3 */
} nd_view_query;

ND_EXPORT void nd_view_query_init(nd_view_query *query);

/* The front page: stories ranked by coverage (outlets, articles) and recency, or by hot score. */
ND_EXPORT int nd_view_front(nd_store *store, const nd_view_query *query, char **json);
/* One story with everything its page shows. */
ND_EXPORT int nd_view_story(nd_store *store, long long id, char **json);
/* A storyline's stories in time order. */
ND_EXPORT int nd_view_storyline(nd_store *store, long long id, char **json);
/* An entity (by row id, or by name or any of its variants, case-insensitive) and its stories
 * over time. */
ND_EXPORT int nd_view_entity(nd_store *store, long long id, char **json);
ND_EXPORT int nd_view_entity_named(nd_store *store, const char *name, char **json);
/* One article: its fields, clean text, provenance, copies and shared passages. */
ND_EXPORT int nd_view_article(nd_store *store, const char *id, char **json);
/* Full-text search (FTS5, ranked by BM25), one result per story with its best snippet. */
ND_EXPORT int nd_view_search(nd_store *store, const char *text, const nd_view_query *query, char **json);

/* Any of the views above written as the API's JSON or as the readable text the `front`, `story`,
 * `storyline`, `entity` and `search` commands print, from one document made once. `key` is the
 * story's or storyline's number in decimal, the entity's name (or a variant), or the search
 * text; NULL for the front page. `query` as above (front, search), may be NULL. *out as *json
 * above; the same statuses. */
/* `text[0..len)` as a JSON string, quotes included, escaped as every JSON the library writes
 * (" and \ escaped, control bytes as \n, \t, \r or \u00XX, UTF-8 as it is): malloc'd, NUL-
 * terminated; NULL when out of memory. For programs that write JSON lines of their own. */
ND_EXPORT char *nd_json_string(const char *text, size_t len);
typedef enum nd_view_kind { ND_VIEW_FRONT, ND_VIEW_STORY, ND_VIEW_STORYLINE, ND_VIEW_ENTITY, ND_VIEW_SEARCH } nd_view_kind;
typedef enum nd_view_format { ND_VIEW_JSON, ND_VIEW_TEXT } nd_view_format;
ND_EXPORT int nd_view_write(nd_store *store, nd_view_kind kind, const char *key, const nd_view_query *query,
                            nd_view_format format, char **out);

/* ---------------------------------------------------------------------------------------------
 * The server: the views over HTTP (JSON API, web pages, Atom feed), and POST /api/articles
 * ingesting JSON Lines as `ingest` does. Each worker thread opens its own store handle (WAL:
 * readers never block the writer).
 */
typedef struct nd_serve_options {
    const char *db_path;          /* the store; default ND_STORE_DEFAULT_PATH */
    const char *bind;             /* address to listen on; default "127.0.0.1" */
    int port;                     /* default 8080; 0 lets the system choose */
    const char *token;            /* required (Authorization: Bearer TOKEN) on write endpoints
                                     when set; binding beyond loopback needs one */
    const nd_gazetteer *gazetteer; /* places for extracting POSTed articles; may be NULL */
    const nd_options *options;    /* engine options for POSTed articles; NULL for defaults */
    size_t max_body_bytes;        /* larger request bodies get 413; default 8 MiB */
    unsigned max_connections;     /* default 512 */
    unsigned timeout_seconds;     /* an idle or slow connection is closed after this; default 15 */
    unsigned threads;             /* worker threads; default 4 */
    volatile int *stop;           /* nd_serve returns soon after *stop becomes non-zero */
    void (*on_ready)(void *user, int port); /* called once listening, with the port; may be NULL */
    void *user;
} nd_serve_options;

ND_EXPORT void nd_serve_options_init(nd_serve_options *options);

/* Serves until *options->stop is set. Returns ND_OK, ND_EINVAL (a bad address, or a bind beyond
 * loopback without a token), ND_EIO (cannot listen or open the store) or ND_ENOMEM. */
ND_EXPORT int nd_serve(const nd_serve_options *options);


/* ---------------------------------------------------------------------------------------------
 * Feeds: RSS 2.0, RSS 1.0, Atom and JSON Feed followed over HTTP(S), their new items ingested
 * into the store as nd_ingest_* does (the item's content when the feed carries it, otherwise
 * the article page, fetched and extracted). The feed list and each feed's state (validators,
 * next poll, last result) live in the store, so a restart resumes and ingests nothing twice.
 */
typedef struct nd_feed {
    const char *url;
    const char *title;          /* "" when unknown */
    const char *etag, *last_modified; /* the validators of the last answer, "" when none */
    long long next_poll;        /* seconds since 1970 when it is due (0: now) */
    long long last_poll, last_new_item; /* seconds since 1970, 0 for never */
    long last_status;           /* HTTP status of the last poll, 0 when none came */
    const char *error;          /* what went wrong last time, "" when it went well */
    int errors;                 /* failures in a row (the poll interval doubles with each) */
    long long items;            /* items taken from it so far */
} nd_feed;

/* Adds a feed: 1 when added, 0 when it was there already, or a negative status. */
ND_EXPORT int nd_store_feed_add(nd_store *store, const char *url, const char *title);
/* Removes a feed and its item list: 1 when removed, 0 when there was none. */
ND_EXPORT int nd_store_feed_remove(nd_store *store, const char *url);
/* Every feed in the order added; strings valid during the callback. Return 0 to go on. */
typedef int (*nd_feed_fn)(void *user, const nd_feed *feed);
ND_EXPORT int nd_store_feeds(nd_store *store, nd_feed_fn fn, void *user);
/* Writes a feed's state (every field but url identifies nothing; an empty title keeps the old). */
ND_EXPORT int nd_store_feed_update(nd_store *store, const nd_feed *feed);
/* Items already taken: 1 seen, 0 not, or a negative status; and marking one taken. */
ND_EXPORT int nd_store_feed_item_seen(nd_store *store, const char *feed_url, const char *guid);
ND_EXPORT int nd_store_feed_item_add(nd_store *store, const char *feed_url, const char *guid, long long first_seen);

/* OPML: the feeds of a subscription list added to the store (*added counts the new ones; `why`
 * says what is wrong with a bad document), and the store's feeds as OPML 2.0 (*out malloc'd). */
ND_EXPORT int nd_opml_import(nd_store *store, const char *data, size_t len, size_t *added, char *why,
                             size_t why_size);
ND_EXPORT int nd_opml_export(nd_store *store, char **out);

typedef struct nd_watch_options {
    double interval;      /* seconds between polls of a feed; default 900 */
    long timeout_ms;      /* per request; default 20000 */
    size_t max_bytes;     /* per response body; default 8 MiB */
    int all;              /* 1: poll every feed now, due or not */
    long long now;        /* the time to judge "due" by (seconds since 1970); 0: the clock */
} nd_watch_options;

typedef struct nd_watch_stats {
    size_t feeds;         /* polled this round */
    size_t unchanged;     /* answered 304 */
    size_t failed;        /* no usable answer (see nd_feed.error) */
    size_t new_items;     /* items not seen before */
    size_t pages;         /* article pages fetched for items without content */
    nd_ingest_stats ingest; /* what storing them did */
    long long next_due;   /* seconds since 1970 when the next feed is due */
} nd_watch_stats;

/* One poll round: every due feed fetched at once (a slow or hostile feed costs its own timeout
 * only), new items ingested. Reports each feed's trouble through options->on_diagnostic (where =
 * the feed's URL). `watch` may be NULL for the defaults. Returns ND_OK, ND_EIO (the store
 * failed) or ND_ENOMEM; a failing feed is not a failure of the round. */
ND_EXPORT int nd_watch_poll(nd_store *store, const nd_options *options, const nd_gazetteer *gazetteer,
                            const nd_watch_options *watch, nd_watch_stats *stats);

#ifdef __cplusplus
}
#endif
#endif /* NEWSDESK_H */
