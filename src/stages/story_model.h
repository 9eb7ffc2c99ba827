/* story_model.h: the learned join decision of the story clusterer (see story_model.c; not "features.h", which glibc owns). */
#ifndef ND_STORY_MODEL_H
#define ND_STORY_MODEL_H

#include <stddef.h>
#include <stdio.h>

/* The features of one (article, candidate story) pair, in this order; the names are those of
 * the weights file and the feature dump. */
#define ND__STORY_FEATURE_LIST(X)                                                              \
    X(HAND, "hand")                 /* the hand-tuned score (similarity x time x day factor) */ \
    X(TERMS, "terms")               /* term cosine (title and body) with the story's centroid */ \
    X(NAMES, "names")               /* names-and-numbers cosine with the centroid */              \
    X(TITLE, "title")               /* term cosine of the article's title alone */               \
    X(MEMBER_TERMS, "member_terms") /* best term cosine with one kept member */                  \
    X(MEMBER_NAMES, "member_names") /* best names cosine with one kept member */                 \
    X(NO_NAMES, "no_names")         /* 1 when the article or the story has no names */           \
    X(DAY_SHARED, "day_shared")     /* the article names a day the story named */                \
    X(DAY_DIFFERS, "day_differs")   /* both name days, none shared */                            \
    X(PLACE_SHARED, "place_shared") /* the same event place */                                   \
    X(PLACE_DIFFERS, "place_differs") /* both have an event place, not the same */               \
    X(NEWEST, "time_newest")        /* exp(-g^2 / 2 (7 d)^2), g: days to the story's newest;     \
                                       1 (no gap) when either side is undated, as the hand-tuned   \
                                       time factor: no indicator that would name undated sets */   \
    X(OLDEST, "time_oldest")        /* exp(-g^2 / 2 (60 d)^2), g: days to the story's oldest */  \
    X(MEAN, "time_mean")            /* exp(-g^2 / 2 (30 d)^2), g: days to the story's mean day */ \
    X(SIZE, "size")                 /* log(1 + articles) / log(1000) */                          \
    X(AGE, "age")                   /* the story's span in days / 365, at most 1 */              \
    X(SHORT, "short")               /* 1 when the article has under 12 terms (headline only) */

enum {
#define ND__FEATURE_ENUM(id, name) ND__FEATURE_##id,
    ND__STORY_FEATURE_LIST(ND__FEATURE_ENUM)
#undef ND__FEATURE_ENUM
        ND__STORY_FEATURES
};

extern const char *const nd__story_feature_names[ND__STORY_FEATURES];

/* A linear model per step: the ranking step picks the candidate with the highest rank score,
 * the join step joins it when bias + join . x > 0. */
typedef struct nd__story_model {
    double rank[ND__STORY_FEATURES];
    double join[ND__STORY_FEATURES];
    double join_bias;
} nd__story_model;

#define ND__STORY_WEIGHTS_MAX (64u * 1024u) /* a weights file larger than this is damaged */

/* Parses a weights file's text[0..len) into *model. ND_OK, else ND_EFORMAT with *bad_line the
 * 1-based line at fault (0 when the whole file is: too long, or lines missing); *model is then
 * untouched. */
int nd__story_model_parse(nd__story_model *model, const char *text, size_t len, size_t *bad_line);

/* Reads and parses the file at path: ND_EIO when it cannot be read, else as above. */
int nd__story_model_load(nd__story_model *model, const char *path, size_t *bad_line);

double nd__story_rank(const nd__story_model *model, const double *x);
double nd__story_join(const nd__story_model *model, const double *x); /* > 0: join */

/* The `max` features that pushed the join decision most (largest |weight x value|), their
 * indices into `index` and their contributions into `weight`; returns how many. */
size_t nd__story_reasons(const nd__story_model *model, const double *x, size_t max, int *index, double *weight);

/* One line "C SEQ STORY f..." of a candidate for the training dump. */
void nd__story_dump_candidate(FILE *out, unsigned long long seq, long long story, const double *x);

#endif
