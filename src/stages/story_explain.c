/*
 * story_explain.c: why the clusterer decided as it did. Takes the article's vectors and the
 * chosen (or refused) story; gives the features they share, strongest first, and with a
 * learned model the join probability and the features that weighed most. Also writes the
 * training dump (nd_cluster_dump_features: one line per candidate and per article, read by
 * tools/train_stories.py) and loads learned weights (nd_cluster_load_weights).
 */
#include "cluster_internal.h"

#include <math.h>
#include <stdio.h>

/* The features the article shares with story s, strongest contribution first. */
void nd__story_explain(nd_cluster *c, const story *s, nd_cluster_result *result)
{
    feature shared[ND__CLUSTER_ARTICLE_TERMS + ND__CLUSTER_ARTICLE_NAMES], best[ND_CLUSTER_FEATURES];
    size_t count = 0;
    for (int kind = 0; kind < 2; kind++) {
        const feature *a = kind ? c->art_names : c->art_terms, *b = kind ? s->names : s->terms;
        uint32_t na = kind ? c->art_name_count : c->art_term_count, nb = kind ? s->name_count : s->term_count;
        double norm = kind ? s->name_norm : s->term_norm;
        double share = kind ? W_NAMES : W_TERMS;
        uint32_t i = 0, j = 0;
        while (i < na && j < nb) {
            if (a[i].id == b[j].id) {
                shared[count++] = (feature){a[i].id, (float)(share * a[i].weight * b[j].weight / (norm > 0 ? norm : 1))};
                i++, j++;
            } else if (a[i].id < b[j].id)
                i++;
            else
                j++;
        }
    }
    count = nd__top_k(shared, count, sizeof *shared, best, ND_CLUSTER_FEATURES, nd__story_by_weight);
    result->matched_count = count;
    for (size_t i = 0; i < count; i++)
        result->matched[i] = c->terms[best[i].id].text;
}

/* Why the learned model joined (or did not join) the best candidate: its strongest
 * contributions to the join score, and the join probability. */
void nd__story_explain_decision(const nd_cluster *c, const match *m, nd_cluster_result *result)
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
void nd__story_dump_decision(nd_cluster *c, const nd_article *article, const nd_cluster_result *result, int copy)
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

