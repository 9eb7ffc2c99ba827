/*
 * hot.c: what is hot. nd_hot_score turns a story's recent coverage into a score (how far its
 * outlets in the last hours exceed what its own earlier rate, or the desk's usual rate per
 * story, would lead one to expect); nd__hot_scores measures those counts in the store over the
 * last window_hours of the desk's clock (the latest publication time stored, not the wall
 * clock, so that a store of old news still has a clock) for every story or one.
 */
#include "hot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store_views.h"

#define USUAL_RATE_DAYS 7.0    /* the desk's usual rate is measured over this many days */

double nd_hot_score(const nd_hot_counts *counts)
{
    if (!counts || counts->window_hours <= 0)
        return 0;
    double window = counts->window_hours;
    /* The story's own earlier rate, measured over at least one window so that a story a few
     * minutes old is not judged by a rate over nothing. */
    double earlier_hours = counts->earlier_hours > window ? counts->earlier_hours : window;
    double own_rate = counts->earlier_articles > 0 ? counts->earlier_articles / earlier_hours : 0;
    double usual = counts->desk_rate > own_rate ? counts->desk_rate : own_rate;
    double expected = usual * window;
    /* Outlets count fully, further articles from the same outlets a quarter: a story is hot when
     * many newsrooms take it up, not when one outlet updates its page. */
    double extra_articles = counts->recent_articles - counts->recent_outlets;
    double observed = counts->recent_outlets + 0.25 * (extra_articles > 0 ? extra_articles : 0);
    double z = (observed - expected) / sqrt(expected + 1.0);
    return z > 0 ? z : 0;
}

/* ---- scores from the store ------------------------------------------------------------------- */
static int cmp_hot(const void *a, const void *b)
{
    const nd__hot_story *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->story < y->story ? -1 : x->story > y->story;
}

int nd__hot_scores(nd_store *store, const nd_view_query *query, long long only, nd__hot_table *table)
{
    memset(table, 0, sizeof *table);
    int status = ND_OK;
    if (query->now)
        snprintf(table->now, sizeof table->now, "%s", query->now);
    else
        status = nd__store_latest_published(store, table->now, sizeof table->now);
    double now;
    if (status != ND_OK || !nd__parse_iso_seconds(table->now, &now))
        return status;
    double window = query->window_hours > 0 ? query->window_hours : 3;
    /* The window ends just after the latest article (a date-only "now" means that whole day). */
    double end = now + (strlen(table->now) <= 10 ? 86400 : 1);
    double start = end - window * 3600;
    char from[20], to[20], week[20];
    nd__format_iso_seconds((long long)start, from);
    nd__format_iso_seconds((long long)end, to);
    nd__format_iso_seconds((long long)(start - USUAL_RATE_DAYS * 86400), week);
    nd__coverage *rows = NULL;
    size_t count = 0;
    long long usual_articles = 0, usual_stories = 0;
    if (only) {
        rows = calloc(1, sizeof *rows);
        status = rows ? nd__store_story_coverage(store, only, from, to, rows) : ND_ENOMEM;
        count = status == ND_OK && rows[0].articles > 0;
    } else
        status = nd__store_coverage(store, from, to, &rows, &count);
    if (status == ND_OK)
        status = nd__store_activity(store, week, from, &usual_articles, &usual_stories);
    double desk_rate = usual_stories ? (double)usual_articles / (double)usual_stories / (USUAL_RATE_DAYS * 24) : 0.1;
    table->items = calloc(count + 1, sizeof *table->items);
    if (status == ND_OK && !table->items)
        status = ND_ENOMEM;
    for (size_t i = 0; status == ND_OK && i < count; i++) {
        nd__story_row row;
        if (nd__store_story_row(store, rows[i].story, &row) != ND_OK)
            continue;
        double first;
        double earlier_hours =
            nd__parse_iso_seconds(row.first_published, &first) && first < start ? (start - first) / 3600 : 0;
        nd_hot_counts c = {
            .recent_articles = (double)rows[i].articles,
            .recent_outlets = (double)rows[i].outlets,
            .earlier_articles = (double)(row.article_count - rows[i].articles),
            .earlier_hours = earlier_hours,
            .desk_rate = desk_rate,
            .window_hours = window,
        };
        table->items[table->count++] = (nd__hot_story){rows[i].story, nd_hot_score(&c)};
    }
    free(rows);
    if (table->count > 1)
        qsort(table->items, table->count, sizeof *table->items, cmp_hot);
    return status;
}

double nd__hot_of(const nd__hot_table *table, long long story)
{
    for (size_t i = 0; i < table->count; i++)
        if (table->items[i].story == story)
            return table->items[i].score;
    return 0;
}
