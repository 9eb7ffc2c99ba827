/*
 * story_run.c: the options and the run the story commands share (story_run.h). Takes a
 * command's argv; gives its parsed options, then an engine with the story stage (and
 * extraction unless --no-entities) fed with the paths, each article's story result collected
 * or printed as a `cluster` line. Uses only the public header.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "common.h"
#include "json.h"
#include "story_run.h"

int story_parse(int argc, char **argv, nd_options *options, const char *usage, story_arguments *args)
{
#define SHARED_OPTIONS                                                                      \
    {"threshold", required_argument, NULL, 't'}, {"gazetteer", required_argument, NULL, 'g'}, \
        {"no-entities", no_argument, NULL, 'N'}, {"all-entities", no_argument, NULL, 'A'},  \
        {"weights", required_argument, NULL, 'W'}, {"dump-features", required_argument, NULL, 'D'}, \
        {"hand-tuned", no_argument, NULL, 'H'}, CLI_HELP_OPTION
    static const struct option cluster_options[] = {
        SHARED_OPTIONS, {"load", required_argument, NULL, 'l'}, {"save", required_argument, NULL, 's'},
        {NULL, 0, NULL, 0}};
    static const struct option stories_options[] = {SHARED_OPTIONS, {NULL, 0, NULL, 0}};
    static const struct option eval_options[] = {
        SHARED_OPTIONS, {"gold", required_argument, NULL, 'G'}, {"label", required_argument, NULL, 'L'},
        {"predicted", required_argument, NULL, 'P'}, {"timing", no_argument, NULL, 'T'},
        {"level", required_argument, NULL, 'V'}, {NULL, 0, NULL, 0}};
#undef SHARED_OPTIONS
    const struct option *longs = usage == usage_cluster ? cluster_options
                               : usage == usage_eval    ? eval_options
                                                        : stories_options;
    memset(args, 0, sizeof *args);
    args->command = argv[0];
    args->label = "story";
    int c, status;
    cli_options_begin();
    while ((c = cli_next_option(argc, argv, "h", longs, usage, &status)) != -1) {
        switch (c) {
        case CLI_EXIT:
            return status;
        case 't':
            if (cli_number(usage, "--threshold", optarg, 0, 1, 1, &options->story_threshold))
                return 2;
            break;
        case 'g': args->gazetteer = optarg; break;
        case 'N': options->story_entities = -1; break;
        case 'A': options->story_entities = 2; break;
        case 'l': args->load = optarg; break;
        case 's': args->save = optarg; break;
        case 'G': args->gold = optarg; break;
        case 'L': args->label = optarg; break;
        case 'P': args->predicted = optarg; break;
        case 'T': args->timing = 1; break;
        case 'W': args->weights = optarg; break;
        case 'D': args->dump = optarg; break;
        case 'H': args->hand_tuned = 1; break;
        case 'V':
            if (strcmp(optarg, "story") != 0 && strcmp(optarg, "storyline") != 0)
                return cli_usage_error(usage, "--level takes story or storyline, not '%s'", optarg);
            args->storylines = strcmp(optarg, "storyline") == 0;
            break;
        }
    }
    args->first_path = optind;
    if (args->first_path >= argc)
        return cli_usage_error(usage, "%s", "no PATH given");
    /* Before any work: a run of an hour should not end in "cannot write". */
    if (args->save && cli_check_writable(usage, "--save", args->save))
        return 2;
    if (args->predicted && cli_check_writable(usage, "--predicted", args->predicted))
        return 2;
    if (args->hand_tuned && args->weights)
        return cli_usage_error(usage, "%s", "--weights and --hand-tuned exclude each other");
    return -1;
}

/* The CLI's words for an option nd_cluster_load found different (see nd_cluster_load_error). */
static void explain_options(const char *state, const char *why)
{
    static const char *const entities[] = {"--no-entities", "neither --no-entities nor --all-entities",
                                           "--all-entities"};
    double saved, now;
    if (sscanf(why, "saved with story_threshold %lf, this state has %lf", &saved, &now) == 2)
        fprintf(stderr, "newsdesk: --load %s: it was saved with --threshold %g; this run has %g\n", state,
                saved, now);
    else if (sscanf(why, "saved with story_entities %lf, this state has %lf", &saved, &now) == 2 &&
             saved >= 0 && saved <= 2 && now >= 0 && now <= 2)
        fprintf(stderr, "newsdesk: --load %s: it was saved with %s; this run has %s\n", state,
                entities[(int)saved], entities[(int)now]);
    else
        fprintf(stderr, "newsdesk: --load %s: %s\n", state, why);
    fprintf(stderr, "newsdesk: run with the options of the run that saved it\n");
}

void story_collector_release(story_collector *col)
{
    for (size_t i = 0; col->items && i < col->count; i++) { /* none story_kept when printing */
        nd_article_free((nd_article *)col->items[i].result.article);
        free((char *)col->items[i].result.duplicate_of);
    }
    free(col->items);
    nd_engine_free(col->engine);
    nd_gazetteer_free(col->gazetteer);
}

static double clock_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int collect(void *user, const nd_result *engine_result)
{
    story_collector *col = user;
    const nd_cluster_result *result = engine_result->story;
    double now = clock_seconds();
    if (col->count == 0)
        col->first_clock = now;
    col->last_clock = now;
    if (col->print) {
        json_writer w = {stdout, 0};
        json_begin_object(&w, NULL);
        json_cstring(&w, "id", nd_article_id(result->article));
        json_integer(&w, "story", result->story);
        json_integer(&w, "storyline", result->storyline);
        if (result->duplicate_of)
            json_cstring(&w, "duplicate_of", result->duplicate_of);
        json_end_object(&w);
        json_end_line(&w);
        col->count++;
        return 0;
    }
    if (col->count == col->cap) {
        size_t cap = col->cap ? col->cap * 2 : 1024;
        story_kept *grown = realloc(col->items, cap * sizeof *grown);
        if (!grown)
            return 1;
        col->items = grown;
        col->cap = cap;
    }
    story_kept *k = &col->items[col->count];
    k->result = *result;
    k->position = col->count;
    k->result.duplicate_of = NULL;
    if (result->duplicate_of && !(k->result.duplicate_of = strdup(result->duplicate_of)))
        return 1;
    k->result.article = nd_engine_take_article(col->engine);
    col->count++;
    return 0;
}

int story_run(int argc, char **argv, nd_options *options, story_arguments *args, story_collector *col)
{
    if (options->story_entities >= 0 && cli_load_gazetteer(args->gazetteer, args->command, 1, &col->gazetteer) != 0)
        return 2;
    nd_gazetteer *gazetteer = col->gazetteer;
    options->stages = ND_STAGE_STORIES | (options->story_entities >= 0 ? ND_STAGE_FACTS : 0);
    nd_engine *engine = col->engine = nd_engine_new(options, gazetteer, collect, col);
    int status = 0;
    if (!engine) {
        fprintf(stderr, "newsdesk: %s\n", nd_strerror(ND_ENOMEM));
        status = 2;
    }
    if (status < 2 && cli_load_story_weights(nd_engine_cluster(engine), args->weights, args->hand_tuned, NULL) != 0)
        status = 2;
    if (status < 2 && args->dump && nd_cluster_dump_features(nd_engine_cluster(engine), args->dump) != ND_OK) {
        fprintf(stderr, "newsdesk: %s: cannot write\n", args->dump);
        status = 2;
    }
    if (status < 2 && args->load) {
        nd_cluster *cluster = nd_engine_cluster(engine);
        int rc = nd_cluster_load(cluster, args->load);
        if (rc == ND_EOPTIONS) {
            explain_options(args->load, nd_cluster_load_error(cluster));
            status = 2;
        } else if (rc != ND_OK) {
            fprintf(stderr, "newsdesk: --load %s: %s: %s\n", args->load, nd_strerror(rc),
                    nd_cluster_load_error(cluster));
            status = 2;
        }
    }
    double start = clock_seconds();
    if (status < 2)
        status = cli_read_paths(engine, argv + args->first_path, argc - args->first_path);
    if (status < 2 && args->timing)
        fprintf(stderr, "engine: %zu articles in %.3f s (%s gazetteer)\n", col->count, clock_seconds() - start,
                gazetteer ? "with" : "no");
    if (status < 2 && args->save) {
        errno = 0;
        int rc = nd_cluster_save(nd_engine_cluster(engine), args->save);
        if (rc != ND_OK) {
            fprintf(stderr, "newsdesk: --save %s: %s\n", args->save,
                    rc == ND_EIO ? (errno ? strerror(errno) : "cannot write") : nd_strerror(rc));
            status = 2;
        } else {
            fprintf(stderr, "newsdesk: saved the story state (%zu stories held) in %s\n",
                    nd_cluster_held_stories(nd_engine_cluster(engine)), args->save);
        }
    }
    return status;
}
