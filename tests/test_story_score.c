/*
 * test_story_score.c: unit tests of nd_score_grouping (story_score.c), the scorer behind
 * `newsdesk eval`, on groupings small enough to score by hand: B-cubed and pairwise precision
 * and recall, the counts of groups, B-cubed over gold groups of two or more, and bad input.
 */
#include <math.h>

#include "check.h"
#include "newsdesk.h"

static int near(double a, double b) { return fabs(a - b) < 1e-12; }

int main(void)
{
    /* Gold {0,1} {2,3} {4}; predicted {0,1,2} {3} {4}. By hand:
     * B-cubed precision (2/3 + 2/3 + 1/3 + 1 + 1) / 5, recall (1 + 1 + 1/2 + 1/2 + 1) / 5;
     * pairs: gold 2, predicted 3, shared 1; multi (articles 0..3): precision
     * (2/3 + 2/3 + 1/3 + 1) / 4 = 2/3, recall 3/4. */
    const long long gold[] = {7, 7, 9, 9, 4}, predicted[] = {1, 1, 1, 2, 3};
    nd_grouping_score s;
    CHECK_INT(nd_score_grouping(gold, predicted, 5, &s), ND_OK);
    CHECK_INT(s.articles, 5);
    CHECK_INT(s.gold_groups, 3);
    CHECK_INT(s.predicted_groups, 3);
    CHECK(near(s.bcubed_precision, (2.0 / 3 + 2.0 / 3 + 1.0 / 3 + 2) / 5));
    CHECK(near(s.bcubed_recall, 4.0 / 5));
    CHECK(near(s.bcubed_f1, 2 * s.bcubed_precision * s.bcubed_recall / (s.bcubed_precision + s.bcubed_recall)));
    CHECK(near(s.pairwise_precision, 1.0 / 3));
    CHECK(near(s.pairwise_recall, 1.0 / 2));
    CHECK(near(s.pairwise_f1, 0.4));
    CHECK_INT(s.multi_articles, 4);
    CHECK(near(s.multi_precision, 2.0 / 3));
    CHECK(near(s.multi_recall, 3.0 / 4));

    /* A perfect grouping, whatever the numbers are called, scores 1 everywhere. */
    const long long renamed[] = {40, 40, 12, 12, 99};
    CHECK_INT(nd_score_grouping(gold, renamed, 5, &s), ND_OK);
    CHECK(near(s.bcubed_f1, 1) && near(s.pairwise_f1, 1) && near(s.multi_f1, 1));

    /* All singletons: no pairs anywhere (pairwise 1 by convention, as score.py), no multi. */
    const long long one[] = {1, 2, 3}, other[] = {5, 6, 7};
    CHECK_INT(nd_score_grouping(one, other, 3, &s), ND_OK);
    CHECK(near(s.pairwise_precision, 1) && near(s.pairwise_recall, 1));
    CHECK_INT(s.multi_articles, 0);
    CHECK(near(s.multi_f1, 0));

    /* Nothing to score, and bad arguments. */
    CHECK_INT(nd_score_grouping(NULL, NULL, 0, &s), ND_OK);
    CHECK_INT(s.articles, 0);
    CHECK(near(s.bcubed_f1, 0));
    CHECK_INT(nd_score_grouping(NULL, predicted, 5, &s), ND_EINVAL);
    CHECK_INT(nd_score_grouping(gold, predicted, 5, NULL), ND_EINVAL);
    return CHECK_DONE();
}
