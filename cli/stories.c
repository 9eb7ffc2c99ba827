/*
 * stories.c: `newsdesk stories`, over the public header. Takes paths of articles; clusters them
 * (story_run.c) and prints one JSON line per story: its storyline, first and last day,
 * strongest terms and names, and each article with how it joined and why.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "json.h"
#include "story_run.h"

const char usage_stories[] =
    "usage: newsdesk stories [--threshold X] PATH...\n"
    "\n"
    "Clusters like 'newsdesk cluster' and prints one JSON line per story: its storyline,\n"
    "first and last day, strongest terms and names, and its articles, each with how it joined\n"
    "(opened, similar, copy), its similarity and the features it shared with the story, and\n"
    "\"why\": the join probability and the learned features that weighed most (log odds).\n"
    "\n"
    STORY_USAGE_THRESHOLD
    STORY_USAGE_SHARED;

static int by_story(const void *a, const void *b)
{
    const story_kept *x = a, *y = b;
    if (x->result.story != y->result.story)
        return x->result.story < y->result.story ? -1 : 1;
    return x->position < y->position ? -1 : x->position > y->position;
}

typedef struct tally {
    const char *text; /* strings of one cluster state are unique, so pointers compare */
    double votes;
    size_t first;     /* order of first sight, for ties */
} tally;

static int by_votes(const void *a, const void *b)
{
    const tally *x = a, *y = b;
    if (x->votes != y->votes)
        return x->votes > y->votes ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

/* Writes the `ND_CLUSTER_FEATURES` features most often among the members' strongest. */
static void write_top(json_writer *w, const char *key, const story_kept *members, size_t count, int names)
{
    size_t cap = count * ND_CLUSTER_FEATURES, used = 0;
    tally *t = malloc((cap ? cap : 1) * sizeof *t);
    json_begin_array(w, key);
    if (!t) {
        json_end_array(w);
        return;
    }
    for (size_t m = 0; m < count; m++) {
        const nd_cluster_result *r = &members[m].result;
        size_t n = names ? r->name_count : r->term_count;
        for (size_t k = 0; k < n; k++) {
            const char *text = names ? r->names[k] : r->terms[k];
            size_t i;
            for (i = 0; i < used && t[i].text != text; i++)
                ;
            if (i == used) {
                t[used] = (tally){text, 0, used};
                used++;
            }
            t[i].votes += 1.0 / (1.0 + 0.25 * (double)k); /* stronger features weigh more */
        }
    }
    qsort(t, used, sizeof *t, by_votes);
    for (size_t i = 0; i < used && i < ND_CLUSTER_FEATURES; i++)
        json_cstring(w, NULL, t[i].text);
    json_end_array(w);
    free(t);
}

static void print_story(const story_kept *members, size_t count)
{
    const char *first = NULL, *last = NULL;
    for (size_t m = 0; m < count; m++) {
        const char *day = nd_article_published(members[m].result.article);
        if (!day)
            continue;
        if (!first || strncmp(day, first, 10) < 0)
            first = day;
        if (!last || strncmp(day, last, 10) > 0)
            last = day;
    }
    json_writer w = {stdout, 0};
    json_begin_object(&w, NULL);
    json_integer(&w, "story", members[0].result.story);
    json_integer(&w, "storyline", members[0].result.storyline);
    json_integer(&w, "size", (long long)count);
    if (first) {
        json_string(&w, "first", first, strlen(first) < 10 ? strlen(first) : 10);
        json_string(&w, "last", last, strlen(last) < 10 ? strlen(last) : 10);
    } else {
        json_cstring(&w, "first", NULL);
        json_cstring(&w, "last", NULL);
    }
    write_top(&w, "terms", members, count, 0);
    write_top(&w, "names", members, count, 1);
    json_begin_array(&w, "articles");
    for (size_t m = 0; m < count; m++) {
        const nd_cluster_result *r = &members[m].result;
        json_begin_object(&w, NULL);
        json_cstring(&w, "id", nd_article_id(r->article));
        json_cstring(&w, "title", nd_article_title(r->article));
        json_cstring(&w, "published", nd_article_published(r->article));
        json_cstring(&w, "joined", r->duplicate_of && !r->opened ? "copy" : r->opened ? "opened" : "similar");
        json_cstring(&w, "because", r->because);
        if (r->duplicate_of)
            json_cstring(&w, "duplicate_of", r->duplicate_of);
        if (!r->opened || r->score > 0) {
            json_number(&w, "score", r->score);
            json_number(&w, "terms", r->term_similarity);
            json_number(&w, "names", r->name_similarity);
            json_number(&w, "time", r->time_factor);
            json_begin_array(&w, "matched");
            for (size_t k = 0; k < r->matched_count; k++)
                json_cstring(&w, NULL, r->matched[k]);
            json_end_array(&w);
            if (r->reason_count) {
                json_begin_object(&w, "why");
                json_number(&w, "join_probability", r->join_probability);
                json_number(&w, "bias", r->join_bias);
                json_begin_object(&w, "features");
                for (size_t k = 0; k < r->reason_count; k++)
                    json_number(&w, r->reasons[k], r->reason_weights[k]);
                json_end_object(&w);
                json_end_object(&w);
            }
        }
        json_end_object(&w);
    }
    json_end_array(&w);
    json_end_object(&w);
    json_end_line(&w);
}

int command_stories(int argc, char **argv, nd_options *options)
{
    story_arguments args;
    int status = story_parse(argc, argv, options, usage_stories, &args);
    if (status >= 0)
        return status;
    story_collector col = {0};
    status = story_run(argc, argv, options, &args, &col);
    if (status < 2) {
        if (col.count > 1)
            qsort(col.items, col.count, sizeof *col.items, by_story);
        for (size_t i = 0, j; i < col.count; i = j) {
            for (j = i + 1; j < col.count && col.items[j].result.story == col.items[i].result.story; j++)
                ;
            print_story(col.items + i, j - i);
        }
    }
    story_collector_release(&col);
    return status;
}
