/*
 * story_model.c: the learned join decision of the story clusterer. cluster.c computes, for an
 * article and each candidate story, the features of ND__STORY_FEATURE_LIST (its similarities,
 * agreement of the event's day and place, Gaussian time gaps, the story's size and age); this
 * module holds the two linear models that decide with them, reads them from a weights file, and
 * explains a decision by its strongest contributions.
 *
 * Two steps, as Miranda et al. (EMNLP 2018): a ranking model scores every candidate and the
 * best one is kept; a join model (logistic regression) says whether the article joins it or
 * opens a story of its own. Both are trained by tools/train_stories.py from feature dumps of
 * labelled streams (`newsdesk cluster --dump-features`), and written as data/story_weights.txt:
 *
 *     newsdesk-story-weights 1
 *     # comments
 *     feature NAME RANK_WEIGHT JOIN_WEIGHT     one line per feature, every feature once
 *     join_bias B
 *     end
 *
 * The parser takes text, not a file, so its fuzz harness (fuzz/fuzz_story_model.c) can call it.
 */
#include "story_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "newsdesk.h"

#define WEIGHTS_MAGIC "newsdesk-story-weights 1"
#define WEIGHT_LIMIT 1e6 /* a weight beyond this is damage, not training */

const char *const nd__story_feature_names[ND__STORY_FEATURES] = {
#define ND__FEATURE_NAME(id, name) name,
    ND__STORY_FEATURE_LIST(ND__FEATURE_NAME)
#undef ND__FEATURE_NAME
};

/* The number at *p (advanced past it), or NAN when there is none or it is not finite. */
static double parse_number(const char **p)
{
    while (**p == ' ' || **p == '\t')
        (*p)++;
    char *end;
    double x = strtod(*p, &end);
    if (end == *p || !isfinite(x) || fabs(x) > WEIGHT_LIMIT)
        return NAN;
    *p = end;
    return x;
}

static int line_is_blank(const char *p, const char *end)
{
    for (; p < end; p++)
        if (*p != ' ' && *p != '\t' && *p != '\r')
            return 0;
    return 1;
}

int nd__story_model_parse(nd__story_model *model, const char *text, size_t len, size_t *bad_line)
{
    *bad_line = 0;
    if (len > ND__STORY_WEIGHTS_MAX)
        return ND_EFORMAT;
    nd__story_model m;
    memset(&m, 0, sizeof m);
    unsigned char seen[ND__STORY_FEATURES] = {0};
    int have_magic = 0, have_bias = 0, ended = 0;
    size_t line_number = 0, features = 0;
    char line[512];
    for (size_t at = 0; at < len && !ended;) {
        const char *start = text + at;
        const char *newline = memchr(start, '\n', len - at);
        const char *stop = newline ? newline : text + len;
        size_t n = (size_t)(stop - start);
        at += n + (newline != NULL);
        line_number++;
        *bad_line = line_number;
        if (n >= sizeof line || memchr(start, 0, n))
            return ND_EFORMAT;
        memcpy(line, start, n);
        line[n] = 0;
        if (n && line[n - 1] == '\r')
            line[--n] = 0;
        const char *p = line;
        if (!have_magic) {
            if (strcmp(line, WEIGHTS_MAGIC) != 0)
                return ND_EFORMAT;
            have_magic = 1;
        } else if (line[0] == '#' || line_is_blank(line, line + n)) {
            continue;
        } else if (strncmp(line, "feature ", 8) == 0) {
            p += 8;
            const char *name = p;
            while (*p && *p != ' ' && *p != '\t')
                p++;
            size_t name_len = (size_t)(p - name);
            int index = -1;
            for (int i = 0; i < ND__STORY_FEATURES; i++)
                if (strlen(nd__story_feature_names[i]) == name_len &&
                    memcmp(nd__story_feature_names[i], name, name_len) == 0)
                    index = i;
            if (index < 0 || seen[index])
                return ND_EFORMAT; /* unknown (a file for another build) or twice */
            double rank = parse_number(&p), join = parse_number(&p);
            if (isnan(rank) || isnan(join) || !line_is_blank(p, line + n))
                return ND_EFORMAT;
            seen[index] = 1;
            features++;
            m.rank[index] = rank;
            m.join[index] = join;
        } else if (strncmp(line, "join_bias ", 10) == 0 && !have_bias) {
            p += 10;
            m.join_bias = parse_number(&p);
            if (isnan(m.join_bias) || !line_is_blank(p, line + n))
                return ND_EFORMAT;
            have_bias = 1;
        } else if (strcmp(line, "end") == 0) {
            ended = 1;
        } else
            return ND_EFORMAT;
    }
    if (!ended || !have_bias || features != ND__STORY_FEATURES) {
        *bad_line = 0; /* something is missing: no one line is at fault */
        return ND_EFORMAT;
    }
    *bad_line = 0;
    *model = m;
    return ND_OK;
}

int nd__story_model_load(nd__story_model *model, const char *path, size_t *bad_line)
{
    *bad_line = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return ND_EIO;
    char *text = malloc(ND__STORY_WEIGHTS_MAX + 1);
    if (!text) {
        fclose(f);
        return ND_ENOMEM;
    }
    size_t len = fread(text, 1, ND__STORY_WEIGHTS_MAX + 1, f);
    int failed = ferror(f);
    fclose(f);
    int rc = failed ? ND_EIO : nd__story_model_parse(model, text, len, bad_line);
    free(text);
    return rc;
}

double nd__story_rank(const nd__story_model *model, const double *x)
{
    double s = 0;
    for (int i = 0; i < ND__STORY_FEATURES; i++)
        s += model->rank[i] * x[i];
    return s;
}

double nd__story_join(const nd__story_model *model, const double *x)
{
    double s = model->join_bias;
    for (int i = 0; i < ND__STORY_FEATURES; i++)
        s += model->join[i] * x[i];
    return s;
}

size_t nd__story_reasons(const nd__story_model *model, const double *x, size_t max, int *index, double *weight)
{
    size_t count = 0;
    for (int i = 0; i < ND__STORY_FEATURES; i++) {
        double w = model->join[i] * x[i];
        if (w == 0)
            continue;
        size_t at = count < max ? count++ : max;
        while (at > 0 && fabs(w) > fabs(weight[at - 1])) {
            if (at < max) {
                weight[at] = weight[at - 1];
                index[at] = index[at - 1];
            }
            at--;
        }
        if (at < max) {
            weight[at] = w;
            index[at] = i;
        }
    }
    return count;
}

void nd__story_dump_candidate(FILE *out, unsigned long long seq, long long story, const double *x)
{
    fprintf(out, "C\t%llu\t%lld", seq, story);
    for (int i = 0; i < ND__STORY_FEATURES; i++)
        fprintf(out, "\t%.6g", x[i]);
    fputc('\n', out);
}
