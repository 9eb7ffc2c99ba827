/*
 * ingest.c: the store commands over the public header. `ingest` takes articles into the store
 * (./newsdesk.db unless --db), grouping them into stories as `cluster` would, and ends with a
 * one-line summary; `export` prints each stored article's story in the shape `cluster` prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "json.h"

const char usage_ingest[] =
    "usage: newsdesk ingest [--db PATH] [--batch N] [--gazetteer FILE] [--timing] PATH...\n"
    "\n"
    "Adds articles (files, directories or - for standard input) to the store and groups them\n"
    "into stories and storylines as 'newsdesk cluster' would, continuing the stories the store\n"
    "holds. An article already stored (same id, same url, or same source, title and text) adds\n"
    "nothing. Articles are stored in batches, each one transaction with the story state it\n"
    "leaves: a run killed at any moment loses at most its last unfinished batch, and running it\n"
    "again on the same input ends as one uninterrupted run would have. Ends with one line:\n"
    "  ingest: read N, added N, copies N, already stored N, stories opened N, stories updated N\n"
    "Input that cannot be read is skipped, each piece named on standard error (exit status 1).\n"
    "\n"
    "  --db PATH        the store (default ./newsdesk.db; created when absent)\n"
    "  --batch N        articles per transaction (default: 1000, more while the story state\n"
    "                   is large next to a batch's work)\n"
    "  --timing         print the processor time of the run on standard error\n"
    "  --gazetteer FILE places for extraction (default: $NEWSDESK_GAZETTEER, then\n"
    "                   gazetteer/places.tsv beside the executable; none: text cues only)\n"
    "  -h, --help       show this help\n";

const char usage_export[] =
    "usage: newsdesk export [--db PATH]\n"
    "\n"
    "Prints one JSON line per stored article, in the order they were stored, as 'newsdesk\n"
    "cluster' prints them:\n"
    "  {\"id\", \"story\", \"storyline\"} and \"duplicate_of\" when it is a copy of an earlier one\n"
    "\n"
    "  --db PATH        the store (default ./newsdesk.db)\n"
    "  -h, --help       show this help\n";

/* ---- ingest ---------------------------------------------------------------------------------- */
int command_ingest(int argc, char **argv, nd_options *options)
{
    const char *db = cli_default_db(), *gazetteer_path = NULL;
    size_t batch = 0;
    static const struct option longs[] = {{"db", required_argument, NULL, 'd'},
                                          {"batch", required_argument, NULL, 'b'},
                                          {"gazetteer", required_argument, NULL, 'g'},
                                          {"timing", no_argument, NULL, 't'},
                                          CLI_HELP_OPTION, {NULL, 0, NULL, 0}};
    int c, parsed, timing = 0;
    long n;
    cli_options_begin();
    while ((c = cli_next_option(argc, argv, "h", longs, usage_ingest, &parsed)) != -1) {
        if (c == CLI_EXIT)
            return parsed;
        if (c == 't')
            timing = 1;
        else if (c == 'd')
            db = optarg;
        else if (c == 'g')
            gazetteer_path = optarg;
        else if (c == 'b' && cli_whole(usage_ingest, "--batch", optarg, 1, 10000000, &n))
            return 2;
        else if (c == 'b')
            batch = (size_t)n;
    }
    int first_path = optind;
    if (first_path >= argc)
        return cli_usage_error(usage_ingest, "%s", "no PATH given");
    options->on_progress = cli_progress;
    nd_store *store;
    if (cli_open_store(db, &store) != 0)
        return 2;
    nd_gazetteer *gazetteer = NULL;
    if (cli_load_gazetteer(gazetteer_path, "ingest", 1, &gazetteer) != 0) {
        nd_store_close(store);
        return 2;
    }
    /* The same learned join decision as `cluster` (checked here, so that a bad file is named). */
    char *weights = NULL;
    nd_cluster *check = nd_cluster_new(options);
    int weights_status = check ? cli_load_story_weights(check, NULL, 0, &weights) : 2;
    nd_cluster_free(check);
    if (weights_status != 0) {
        nd_gazetteer_free(gazetteer);
        nd_store_close(store);
        return 2;
    }
    options->story_weights = weights;
    nd_ingest *ingest = NULL;
    clock_t start = clock();
    int rc = nd_ingest_open(store, options, gazetteer, batch, &ingest), status = 0;
    for (int i = first_path; rc == ND_OK && i < argc; i++) {
        int read = nd_ingest_read_path(ingest, argv[i]);
        if (read == ND_ESKIPPED)
            status = 1; /* reported already */
        else
            rc = read;
    }
    nd_ingest_stats stats = {0};
    if (rc == ND_OK)
        rc = nd_ingest_finish(ingest, &stats);
    cli_progress_end();
    if (rc != ND_OK) {
        fprintf(stderr, "newsdesk: %s: %s%s%s\n", db, nd_strerror(rc), rc == ND_EIO ? ": " : "",
                rc == ND_EIO ? nd_store_error(store) : "");
        status = 2;
    } else {
        /* "already stored": duplicates, a success; "skipped" is kept for input that could not be
         * read, which the messages above name and the exit status 1 reports */
        printf("ingest: read %zu, added %zu, copies %zu, already stored %zu, stories opened %zu, stories updated %zu\n",
               stats.read, stats.added, stats.copies, stats.skipped, stats.stories_opened, stats.stories_updated);
        if (status == 1)
            fprintf(stderr, "newsdesk ingest: some input was skipped (named above): exit status 1\n");
    }
    if (timing)
        fprintf(stderr, "ingest: processor time %.2f s (store writes %.2f s, state and commits %.2f s, %zu batches)\n",
                (double)(clock() - start) / CLOCKS_PER_SEC, stats.store_seconds, stats.state_seconds, stats.batches);
    nd_ingest_free(ingest);
    free(weights);
    nd_gazetteer_free(gazetteer);
    nd_store_close(store);
    return status;
}

/* ---- export ---------------------------------------------------------------------------------- */
static int print_assignment(void *user, const nd_store_assignment *row)
{
    (void)user;
    json_writer w = {stdout, 0};
    json_begin_object(&w, NULL);
    json_cstring(&w, "id", row->id);
    json_integer(&w, "story", row->story);
    json_integer(&w, "storyline", row->storyline);
    if (row->duplicate_of)
        json_cstring(&w, "duplicate_of", row->duplicate_of);
    json_end_object(&w);
    json_end_line(&w);
    return ferror(stdout) ? 1 : 0;
}

int command_export(int argc, char **argv, nd_options *options)
{
    (void)options;
    const char *db = cli_default_db();
    static const struct option longs[] = {{"db", required_argument, NULL, 'd'}, CLI_HELP_OPTION,
                                          {NULL, 0, NULL, 0}};
    int c, parsed;
    cli_options_begin();
    while ((c = cli_next_option(argc, argv, "h", longs, usage_export, &parsed)) != -1) {
        if (c == CLI_EXIT)
            return parsed;
        db = optarg;
    }
    if (optind < argc)
        return cli_usage_error(usage_export, "unexpected argument '%s'", argv[optind]);
    if (!cli_store_exists(db)) {
        fprintf(stderr, "newsdesk: %s: no such store (run 'newsdesk ingest' first)\n", db);
        return 2;
    }
    nd_store *store;
    if (cli_open_store(db, &store) != 0)
        return 2;
    int rc = nd_store_export(store, print_assignment, NULL);
    int status = 0;
    if (rc != ND_OK) {
        fprintf(stderr, "newsdesk: %s: %s\n", db, rc == ND_ESTOPPED ? "cannot write output" : nd_store_error(store));
        status = 2;
    }
    nd_store_close(store);
    return status;
}
