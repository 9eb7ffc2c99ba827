/*
 * story_run.h: what the story commands (cluster, stories, eval) share: their options, and a run
 * that reads the paths through an engine with the story stage and collects each article's
 * story result (or prints it, for `cluster`).
 */
#ifndef ND_CLI_STORY_RUN_H
#define ND_CLI_STORY_RUN_H

#include <stddef.h>

#include "newsdesk.h"

/* The usage lines every story command shares: --threshold, and the options that end each
 * usage text (extraction, gazetteer, weights, help). */
#define STORY_USAGE_THRESHOLD \
    "  --threshold X    join probability needed to join a story (default 0.5; with\n" \
    "                   --hand-tuned: the similarity needed, default 0.20)\n"
#define STORY_USAGE_SHARED \
    "  --no-entities    leave extraction out (by default the event's place and the days the\n" \
    "                   text names are features)\n" \
    "  --all-entities   also every extracted person, organisation and place\n" \
    "  --gazetteer FILE places for extraction (default: $NEWSDESK_GAZETTEER, then\n" \
    "                   gazetteer/places.tsv beside the executable; none: text cues only)\n" \
    "  --weights FILE   the learned join decision (default: $NEWSDESK_STORY_WEIGHTS, then\n" \
    "                   story_weights.txt beside the executable, then ../share/newsdesk/; made\n" \
    "                   by 'make train-stories')\n" \
    "  --hand-tuned     decide with the hand-tuned score instead of the learned weights\n" \
    "  -h, --help       show this help\n"

typedef struct story_arguments {
    const char *command; /* argv[0]: cluster, stories or eval */
    const char *gold, *label, *load, *save, *predicted, *gazetteer, *weights, *dump;
    int timing, hand_tuned, storylines;
    int first_path;
} story_arguments;

/* What the story commands keep of a result once the callback has returned. */
typedef struct story_kept {
    nd_cluster_result result; /* the article is the collector's (taken from the engine), the
                                 duplicate_of id a copy of its own; the other strings are
                                 borrowed from the cluster state */
    size_t position;          /* in the stream */
} story_kept;

typedef struct story_collector {
    story_kept *items;
    size_t count, cap;
    int print;                /* print each result as a `cluster` line */
    double first_clock, last_clock;
    nd_engine *engine;        /* kept until the end: the results borrow from its story state */
    nd_gazetteer *gazetteer;
} story_collector;

/* Parses the options every story command shares plus those `usage` (usage_cluster, usage_stories
 * or usage_eval) lists. Returns -1 to go on, else the exit status. */
int story_parse(int argc, char **argv, nd_options *options, const char *usage, story_arguments *args);
/* Reads and clusters (with the extracted facts unless --no-entities) and collects. Returns the
 * exit status so far; story_collector_release frees what it made. */
int story_run(int argc, char **argv, nd_options *options, story_arguments *args, story_collector *col);
void story_collector_release(story_collector *col);

#endif
