/* Tests of story_model.c (story_model.h): the weights file of the learned join decision is
 * parsed strictly (every feature once, a bias, an end line; the line at fault named), and the
 * rank, join and reasons are the linear models the header describes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "newsdesk.h"
#include "story_model.h"

/* A weights text with feature i weighted rank i+1, join (i % 2 ? -1 : 1) * (i+1) / 10. */
static size_t weights_text(char *out, size_t cap, const char *skip, const char *extra)
{
    size_t n = (size_t)snprintf(out, cap, "newsdesk-story-weights 1\n# made by hand for the test\n");
    for (int i = 0; i < ND__STORY_FEATURES; i++)
        if (!skip || strcmp(skip, nd__story_feature_names[i]) != 0)
            n += (size_t)snprintf(out + n, cap - n, "feature %s %d %g\n", nd__story_feature_names[i], i + 1,
                                  (i % 2 ? -1.0 : 1.0) * (i + 1) / 10.0);
    n += (size_t)snprintf(out + n, cap - n, "%sjoin_bias -0.5\nend\n", extra ? extra : "");
    return n;
}

static void test_parse_and_models(void)
{
    char text[4096];
    size_t len = weights_text(text, sizeof text, NULL, NULL);
    nd__story_model m;
    size_t bad = 99;
    CHECK_INT(nd__story_model_parse(&m, text, len, &bad), ND_OK);
    CHECK_INT(bad, 0);
    CHECK(fabs(m.join_bias + 0.5) < 1e-12);
    double x[ND__STORY_FEATURES] = {0};
    CHECK(fabs(nd__story_rank(&m, x)) < 1e-12);
    CHECK(fabs(nd__story_join(&m, x) + 0.5) < 1e-12); /* the bias alone */
    x[ND__FEATURE_HAND] = 2;                          /* feature 0: rank 1, join 0.1 */
    x[ND__FEATURE_TERMS] = 1;                         /* feature 1: rank 2, join -0.2 */
    CHECK(fabs(nd__story_rank(&m, x) - 4.0) < 1e-9);
    CHECK(fabs(nd__story_join(&m, x) - (-0.5 + 0.2 - 0.2)) < 1e-9);

    /* reasons: largest |weight x value| first, zero contributions left out, at most max */
    x[ND__FEATURE_SHORT] = 1; /* the last feature: the largest weight */
    int index[3];
    double weight[3];
    size_t n = nd__story_reasons(&m, x, 3, index, weight);
    CHECK_INT(n, 3);
    CHECK_INT(index[0], ND__FEATURE_SHORT);
    CHECK(fabs(weight[1]) >= fabs(weight[2]));
    n = nd__story_reasons(&m, x, 1, index, weight);
    CHECK(n >= 1);
    CHECK_INT(index[0], ND__FEATURE_SHORT);
    double none[ND__STORY_FEATURES] = {0};
    CHECK_INT(nd__story_reasons(&m, none, 3, index, weight), 0);
    for (int i = 0; i < ND__STORY_FEATURES; i++)
        CHECK(nd__story_feature_names[i] && nd__story_feature_names[i][0]);
}

static void test_damaged_files(void)
{
    char text[4096];
    nd__story_model m, before;
    memset(&m, 0x5a, sizeof m);
    before = m;
    size_t bad = 0;
    /* a missing feature: no one line at fault */
    size_t len = weights_text(text, sizeof text, "terms", NULL);
    CHECK_INT(nd__story_model_parse(&m, text, len, &bad), ND_EFORMAT);
    CHECK_INT(bad, 0);
    CHECK(memcmp(&m, &before, sizeof m) == 0); /* untouched */
    /* an unknown line: the line named (magic, comment, then the features) */
    len = weights_text(text, sizeof text, NULL, "colour blue\n");
    CHECK_INT(nd__story_model_parse(&m, text, len, &bad), ND_EFORMAT);
    CHECK_INT(bad, 3 + ND__STORY_FEATURES);
    /* a feature twice */
    char twice[64];
    snprintf(twice, sizeof twice, "feature %s 1 1\n", nd__story_feature_names[0]);
    len = weights_text(text, sizeof text, NULL, twice);
    CHECK_INT(nd__story_model_parse(&m, text, len, &bad), ND_EFORMAT);
    CHECK_INT(bad, 3 + ND__STORY_FEATURES);
    /* another magic */
    CHECK_INT(nd__story_model_parse(&m, "newsdesk-story-weights 2\n", 25, &bad), ND_EFORMAT);
    CHECK_INT(bad, 1);
    /* a number that is not one */
    len = weights_text(text, sizeof text, NULL, NULL);
    char *bias = strstr(text, "join_bias -0.5");
    if (bias)
        memcpy(bias + 10, "x0.5", 4);
    CHECK_INT(nd__story_model_parse(&m, text, len, &bad), ND_EFORMAT);
    CHECK_INT(bad, 3 + ND__STORY_FEATURES);
    /* too large */
    char *huge = calloc(1, ND__STORY_WEIGHTS_MAX + 2);
    if (huge) {
        memset(huge, '#', ND__STORY_WEIGHTS_MAX + 1);
        CHECK_INT(nd__story_model_parse(&m, huge, ND__STORY_WEIGHTS_MAX + 1, &bad), ND_EFORMAT);
        free(huge);
    }
    CHECK(memcmp(&m, &before, sizeof m) == 0);
    CHECK_INT(nd__story_model_load(&m, "/nonexistent/story_weights.txt", &bad), ND_EIO);
}

static void test_shipped_weights(const char *path)
{
    nd__story_model m;
    size_t bad = 99;
    CHECK_INT(nd__story_model_load(&m, path, &bad), ND_OK);
    CHECK_INT(bad, 0);
}

int main(int argc, char **argv)
{
    test_parse_and_models();
    test_damaged_files();
    if (argc > 1)
        test_shipped_weights(argv[1]);
    return CHECK_DONE();
}
