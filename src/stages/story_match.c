/*
 * story_match.c: how well the article being added fits a story. Takes the article's vectors
 * (in the state's scratch, from story_features.c) and a story; gives a match: the term and
 * name cosines with the story's centroid and with its best kept member, the time factor, the
 * hand-tuned score (similarity x time x day agreement), the storyline similarity, and with a
 * learned model (story_model.c) the features of ND__STORY_FEATURE_LIST and its rank and join
 * scores.
 */
#include "cluster_internal.h"

#include <math.h>
#include <string.h>

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

match nd__story_compare(const nd_cluster *c, const story *s, int32_t day)
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


