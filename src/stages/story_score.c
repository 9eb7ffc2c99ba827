/*
 * story_score.c: how a grouping agrees with gold labels (nd_score_grouping). Takes each
 * article's gold label and predicted story as numbers; gives the measures of
 * ../shared/tools/score.py, computed as it does: B-cubed precision and recall averaged over
 * articles (group sizes counted within the articles scored), pairwise precision and recall
 * over pairs of articles, and B-cubed again over the articles whose gold group has two or
 * more. `newsdesk eval` and the accuracy tests use it; no second scorer lives in the CLI.
 */
#include <stdlib.h>

#include "newsdesk.h"

typedef struct pair_key {
    long long a, b;
} pair_key;

static int by_pair(const void *x, const void *y)
{
    const pair_key *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return p->b < q->b ? -1 : p->b > q->b;
}

typedef struct keyed_row {
    pair_key key; /* first member, so by_pair sorts these too */
    size_t position;
} keyed_row;

enum { BY_GOLD = 0, BY_PREDICTED = 1, BY_BOTH = 2 };

/* For each article i of n, the size of its group: by gold label, by predicted story or by
 * both. */
static int group_sizes(const long long *gold, const long long *predicted, size_t n, int which, size_t *sizes)
{
    keyed_row *e = malloc((n ? n : 1) * sizeof *e);
    if (!e)
        return ND_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        e[i].key.a = which == BY_PREDICTED ? predicted[i] : gold[i];
        e[i].key.b = which == BY_BOTH ? predicted[i] : -1;
        e[i].position = i;
    }
    qsort(e, n, sizeof *e, by_pair);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && by_pair(&e[j].key, &e[i].key) == 0; j++)
            ;
        for (size_t k = i; k < j; k++)
            sizes[e[k].position] = j - i;
    }
    free(e);
    return ND_OK;
}

static double f1(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0.0; }

/* B-cubed (pairwise when `pairs`) precision and recall over articles 0..n. */
static int measure(const long long *gold, const long long *predicted, size_t n, int pairs, double *precision,
                   double *recall)
{
    size_t *g = malloc((n ? n : 1) * sizeof *g), *p = malloc((n ? n : 1) * sizeof *p);
    size_t *both = malloc((n ? n : 1) * sizeof *both);
    int rc = g && p && both ? ND_OK : ND_ENOMEM;
    *precision = *recall = 0;
    if (rc == ND_OK && n && (rc = group_sizes(gold, predicted, n, BY_GOLD, g)) == ND_OK &&
        (rc = group_sizes(gold, predicted, n, BY_PREDICTED, p)) == ND_OK &&
        (rc = group_sizes(gold, predicted, n, BY_BOTH, both)) == ND_OK) {
        if (pairs) {
            /* Each group of size s holds s(s-1)/2 pairs: summing (s-1)/2 over its members gives it. */
            double tp = 0, gp = 0, pp = 0;
            for (size_t i = 0; i < n; i++) {
                tp += (double)(both[i] - 1) / 2;
                gp += (double)(g[i] - 1) / 2;
                pp += (double)(p[i] - 1) / 2;
            }
            *precision = pp > 0 ? tp / pp : 1.0;
            *recall = gp > 0 ? tp / gp : 1.0;
        } else {
            double sp = 0, sr = 0;
            for (size_t i = 0; i < n; i++) {
                sp += (double)both[i] / (double)p[i];
                sr += (double)both[i] / (double)g[i];
            }
            *precision = sp / (double)n;
            *recall = sr / (double)n;
        }
    }
    free(g), free(p), free(both);
    return rc;
}

int nd_score_grouping(const long long *gold, const long long *predicted, size_t n, nd_grouping_score *score)
{
    if (!score || (n && (!gold || !predicted)))
        return ND_EINVAL;
    *score = (nd_grouping_score){0};
    score->articles = n;
    size_t *gold_size = malloc((n ? n : 1) * sizeof *gold_size);
    size_t *pred_size = malloc((n ? n : 1) * sizeof *pred_size);
    long long *multi = malloc((n ? n : 1) * 2 * sizeof *multi);
    int rc = gold_size && pred_size && multi ? ND_OK : ND_ENOMEM;
    if (rc == ND_OK)
        rc = group_sizes(gold, predicted, n, BY_GOLD, gold_size);
    if (rc == ND_OK)
        rc = group_sizes(gold, predicted, n, BY_PREDICTED, pred_size);
    if (rc == ND_OK) {
        /* Distinct labels: each group of size s contributes s members of 1/s. */
        double g = 0, p = 0;
        for (size_t i = 0; i < n; i++)
            g += 1.0 / (double)gold_size[i], p += 1.0 / (double)pred_size[i];
        score->gold_groups = (size_t)(g + 0.5);
        score->predicted_groups = (size_t)(p + 0.5);
        /* The articles of gold groups of two or more, in input order: gold, then predicted. */
        long long *multi_gold = multi, *multi_predicted = multi + n;
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (gold_size[i] > 1) {
                multi_gold[m] = gold[i];
                multi_predicted[m++] = predicted[i];
            }
        score->multi_articles = m;
        rc = measure(gold, predicted, n, 0, &score->bcubed_precision, &score->bcubed_recall);
        if (rc == ND_OK)
            rc = measure(gold, predicted, n, 1, &score->pairwise_precision, &score->pairwise_recall);
        if (rc == ND_OK && m)
            rc = measure(multi_gold, multi_predicted, m, 0, &score->multi_precision, &score->multi_recall);
        score->bcubed_f1 = f1(score->bcubed_precision, score->bcubed_recall);
        score->pairwise_f1 = f1(score->pairwise_precision, score->pairwise_recall);
        score->multi_f1 = f1(score->multi_precision, score->multi_recall);
    }
    free(gold_size), free(pred_size), free(multi);
    return rc;
}
