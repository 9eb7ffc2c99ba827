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
    "usage: newsdesk ingest [--db PATH] [--batch N] [--gazetteer FILE] PATH...\n"
    "\n"
    "Adds articles (files, directories or - for standard input) to the store and groups them\n"
    "into stories and storylines as 'newsdesk cluster' would, continuing the stories the store\n"
    "holds. An article already stored (same id, same url, or same source, title and text) adds\n"
    "nothing. Articles are stored in batches, each one transaction with the story state it\n"
    "leaves: a run killed at any moment loses at most its last unfinished batch, and running it\n"
    "again on the same input ends as one uninterrupted run would have. Ends with one line:\n"
    "  ingest: read N, added N, copies N, skipped N, stories opened N, stories updated N\n"
    "\n"
    "  --db PATH        the store (default ./newsdesk.db; created when absent)\n"
    "  --batch N        articles per transaction (default 1000)\n"
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

/* A progress bar on standard error when it is a terminal, redrawn at most five times a second. */
static void progress_bar(void *user, const char *phase, size_t done, size_t total)
{
    (void)user;
    static struct timespec last;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!isatty(STDERR_FILENO) ||
        ((now.tv_sec - last.tv_sec) * 1000000000L + (now.tv_nsec - last.tv_nsec) < 200000000L && done != total))
        return;
    last = now;
    if (!total) {
        fprintf(stderr, "\rnewsdesk: %s %zu articles\033[K", phase, done);
        return;
    }
    enum { WIDTH = 30 };
    int filled = (int)((double)WIDTH * (double)done / (double)total);
    char bar[WIDTH + 1];
    for (int i = 0; i < WIDTH; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[WIDTH] = '\0';
    fprintf(stderr, "\rnewsdesk: %s [%s] %3d%% %zu/%zu\033[K", phase, bar, (int)(100.0 * done / total), done,
            total);
}

/* Opens the store, saying why not. Returns 0 or the exit status 2. */
static int open_store(const char *path, nd_store **store)
{
    int rc = nd_store_open(path, store);
    if (rc != ND_OK) {
        fprintf(stderr, "newsdesk: %s: %s\n", path, rc == ND_EFORMAT ? "not a newsdesk store, or one written by a "
                                                                     "newer newsdesk" : nd_strerror(rc));
        return 2;
    }
    return 0;
}

/* ---- ingest ---------------------------------------------------------------------------------- */
int command_ingest(int argc, char **argv, nd_options *options)
{
    const char *db = ND_STORE_DEFAULT_PATH, *gazetteer_path = NULL;
    size_t batch = 0;
    int first_path = argc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_ingest, stdout);
            return 0;
        } else if (strcmp(a, "--db") == 0 || strcmp(a, "--batch") == 0 || strcmp(a, "--gazetteer") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error(usage_ingest, "%s needs a value", a);
            const char *value = argv[++i];
            if (strcmp(a, "--db") == 0)
                db = value;
            else if (strcmp(a, "--gazetteer") == 0)
                gazetteer_path = value;
            else {
                char *end = NULL;
                long n = strtol(value, &end, 10);
                if (!end || end == value || *end || n < 1 || n > 10000000)
                    return cli_usage_error(usage_ingest, "--batch takes a whole number from 1, not '%s'", value);
                batch = (size_t)n;
            }
        } else if (a[0] == '-' && a[1] != '\0')
            return cli_usage_error(usage_ingest, "unknown option '%s'", a);
        else {
            first_path = i;
            break;
        }
    }
    if (first_path >= argc)
        return cli_usage_error(usage_ingest, "%s", "no PATH given");
    options->on_progress = progress_bar;
    nd_store *store;
    if (open_store(db, &store) != 0)
        return 2;
    nd_gazetteer *gazetteer = NULL;
    if (cli_load_gazetteer(gazetteer_path, "ingest", 0, &gazetteer) != 0) {
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
    nd_desk *desk = nd_desk_new(options);
    int status = desk ? cli_read_paths(desk, argv + first_path, argc - first_path) : 2;
    if (!desk)
        fprintf(stderr, "newsdesk: %s\n", nd_strerror(ND_ENOMEM));
    if (status < 2) {
        nd_ingest_stats stats;
        int rc = nd_desk_ingest(desk, store, gazetteer, batch, &stats);
        if (isatty(STDERR_FILENO))
            fputs("\r\033[K", stderr);
        if (rc != ND_OK) {
            fprintf(stderr, "newsdesk: %s: %s%s%s\n", db, nd_strerror(rc), rc == ND_EIO ? ": " : "",
                    rc == ND_EIO ? nd_store_error(store) : "");
            status = 2;
        }
        printf("ingest: read %zu, added %zu, copies %zu, skipped %zu, stories opened %zu, stories updated %zu\n",
               stats.read, stats.added, stats.copies, stats.skipped, stats.stories_opened, stats.stories_updated);
    }
    nd_desk_free(desk);
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
    const char *db = ND_STORE_DEFAULT_PATH;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage_export, stdout);
            return 0;
        } else if (strcmp(argv[i], "--db") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error(usage_export, "%s needs a value", argv[i]);
            db = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error(usage_export, "unknown option '%s'", argv[i]);
        else
            return cli_usage_error(usage_export, "unexpected argument '%s'", argv[i]);
    }
    if (access(db, F_OK) != 0) {
        fprintf(stderr, "newsdesk: %s: no such store (run 'newsdesk ingest' first)\n", db);
        return 2;
    }
    nd_store *store;
    if (open_store(db, &store) != 0)
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
