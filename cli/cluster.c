/*
 * cluster.c: the CLI's story commands over the public header. `cluster` prints each article's
 * story and storyline as it streams, `stories` gathers the results into one record per story,
 * and `eval` scores the clustering against gold labels with the measures of
 * ../shared/tools/score.py (B-cubed and pairwise precision, recall and F1, and B-cubed over the
 * articles whose gold story has two or more articles), printed in the same format.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "json.h"

#define MAX_GOLD_LINE (1u << 20) /* a gold line longer than this is malformed */

const char usage_cluster[] =
    "usage: newsdesk cluster [--threshold X] [--load STATE] [--save STATE] PATH...\n"
    "\n"
    "Groups articles into stories (one real-world event) and storylines (the same actors and\n"
    "theme over time), online, in order of publication date (input order where undated).\n"
    "Prints one JSON line per article:\n"
    "  {\"id\", \"story\", \"storyline\"} and \"duplicate_of\" when it is a copy of an earlier one\n"
    "(--dump-features FILE, for tools/train_stories.py, also writes every candidate's features)\n"
    "\n"
    "  --threshold X    join probability needed to join a story (default 0.5; with\n"
    "                   --hand-tuned: the similarity needed, default 0.20)\n"
    "  --load STATE     continue from a state saved by an earlier run (same options)\n"
    "  --save STATE     save the state at the end, for the next run\n"
    "  --no-entities    leave extraction out (by default the event's place and the days the\n"
    "                   text names are features)\n"
    "  --all-entities   also every extracted person, organisation and place\n"
    "  --gazetteer FILE places for extraction (default: $NEWSDESK_GAZETTEER, then\n"
    "                   gazetteer/places.tsv beside the executable; none: text cues only)\n"
    "  --weights FILE   the learned join decision (default: $NEWSDESK_STORY_WEIGHTS, then\n"
    "                   story_weights.txt beside the executable, then ../share/newsdesk/; made\n"
    "                   by 'make train-stories')\n"
    "  --hand-tuned     decide with the hand-tuned score instead of the learned weights\n"
    "  -h, --help       show this help\n";

const char usage_stories[] =
    "usage: newsdesk stories [--threshold X] PATH...\n"
    "\n"
    "Clusters like 'newsdesk cluster' and prints one JSON line per story: its storyline,\n"
    "first and last day, strongest terms and names, and its articles, each with how it joined\n"
    "(opened, similar, copy), its similarity and the features it shared with the story, and\n"
    "\"why\": the join probability and the learned features that weighed most (log odds).\n"
    "\n"
    "  --threshold X    join probability needed to join a story (default 0.5; with\n"
    "                   --hand-tuned: the similarity needed, default 0.20)\n"
    "  --no-entities    leave extraction out (by default the event's place and the days the\n"
    "                   text names are features)\n"
    "  --all-entities   also every extracted person, organisation and place\n"
    "  --gazetteer FILE places for extraction (default: $NEWSDESK_GAZETTEER, then\n"
    "                   gazetteer/places.tsv beside the executable; none: text cues only)\n"
    "  --weights FILE   the learned join decision (default: $NEWSDESK_STORY_WEIGHTS, then\n"
    "                   story_weights.txt beside the executable, then ../share/newsdesk/; made\n"
    "                   by 'make train-stories')\n"
    "  --hand-tuned     decide with the hand-tuned score instead of the learned weights\n"
    "  -h, --help       show this help\n";

const char usage_eval[] =
    "usage: newsdesk eval --gold GOLD.jsonl [--label FIELD] [--level story|storyline] [--threshold X]\n"
    "                     [--timing] PATH...\n"
    "\n"
    "Clusters the articles and scores the stories against GOLD.jsonl (one {\"id\", \"story\"}\n"
    "a line): B-cubed and pairwise precision, recall and F1, and B-cubed over the articles\n"
    "whose gold story has two or more articles (as ../shared/tools/score.py).\n"
    "\n"
    "  --gold FILE      the gold labels\n"
    "  --label FIELD    the gold field to score against (default story)\n"
    "  --level LEVEL    score the predicted stories (default) or storylines\n"
    "  --predicted FILE also write the predicted {\"id\", \"story\"} lines to FILE\n"
    "  --threshold X    join probability needed to join a story (default 0.5; with\n"
    "                   --hand-tuned: the similarity needed, default 0.20)\n"
    "  --timing         print the clustering speed (and the extraction's time) on standard error\n"
    "  --no-entities    leave extraction out (by default the event's place and the days the\n"
    "                   text names are features)\n"
    "  --all-entities   also every extracted person, organisation and place\n"
    "  --gazetteer FILE places for extraction (default: $NEWSDESK_GAZETTEER, then\n"
    "                   gazetteer/places.tsv beside the executable; none: text cues only)\n"
    "  --weights FILE   the learned join decision (default: $NEWSDESK_STORY_WEIGHTS, then\n"
    "                   story_weights.txt beside the executable, then ../share/newsdesk/; made\n"
    "                   by 'make train-stories')\n"
    "  --hand-tuned     decide with the hand-tuned score instead of the learned weights\n"
    "  -h, --help       show this help\n";

/* ---- shared ---------------------------------------------------------------------------------- */
typedef struct arguments {
    const char *command; /* argv[0]: cluster, stories or eval */
    const char *gold, *label, *load, *save, *predicted, *gazetteer, *weights, *dump;
    int timing, hand_tuned, storylines;
    int first_path;
} arguments;

/* Parses the options every story command shares plus those `usage` lists. Returns -1 to go on,
 * else the exit status. */
static int parse(int argc, char **argv, nd_options *options, const char *usage, arguments *args)
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

/* What the story commands keep of a result once the callback has returned. */
typedef struct kept {
    nd_cluster_result result; /* the article is the collector's (taken from the engine), the
                                 duplicate_of id a copy of its own; the other strings are
                                 borrowed from the cluster state */
    size_t position;          /* in the stream */
} kept;

typedef struct collector {
    kept *items;
    size_t count, cap;
    int print;                /* print each result as a `cluster` line */
    double first_clock, last_clock;
    nd_engine *engine;        /* kept until the end: the results borrow from its story state */
    nd_gazetteer *gazetteer;
} collector;

static void collector_release(collector *col)
{
    for (size_t i = 0; col->items && i < col->count; i++) { /* none kept when printing */
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
    collector *col = user;
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
        kept *grown = realloc(col->items, cap * sizeof *grown);
        if (!grown)
            return 1;
        col->items = grown;
        col->cap = cap;
    }
    kept *k = &col->items[col->count];
    k->result = *result;
    k->position = col->count;
    k->result.duplicate_of = NULL;
    if (result->duplicate_of && !(k->result.duplicate_of = strdup(result->duplicate_of)))
        return 1;
    k->result.article = nd_engine_take_article(col->engine);
    col->count++;
    return 0;
}

/* Reads and clusters (with the extracted facts unless --no-entities) and collects. Returns the
 * exit status so far; collector_release frees what it made. */
static int run(int argc, char **argv, nd_options *options, arguments *args, collector *col)
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
        }
    }
    return status;
}

/* ---- cluster --------------------------------------------------------------------------------- */
int command_cluster(int argc, char **argv, nd_options *options)
{
    arguments args;
    int status = parse(argc, argv, options, usage_cluster, &args);
    if (status >= 0)
        return status;
    collector col = {0};
    col.print = 1;
    status = run(argc, argv, options, &args, &col);
    collector_release(&col);
    return status;
}

/* ---- stories --------------------------------------------------------------------------------- */
static int by_story(const void *a, const void *b)
{
    const kept *x = a, *y = b;
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
static void write_top(json_writer *w, const char *key, const kept *members, size_t count, int names)
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
            if (i == used)
                t[used++] = (tally){text, 0, used};
            t[i].votes += 1.0 / (1.0 + 0.25 * (double)k); /* stronger features weigh more */
        }
    }
    qsort(t, used, sizeof *t, by_votes);
    for (size_t i = 0; i < used && i < ND_CLUSTER_FEATURES; i++)
        json_cstring(w, NULL, t[i].text);
    json_end_array(w);
    free(t);
}

static void print_story(const kept *members, size_t count)
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
    arguments args;
    int status = parse(argc, argv, options, usage_stories, &args);
    if (status >= 0)
        return status;
    collector col = {0};
    status = run(argc, argv, options, &args, &col);
    if (status < 2) {
        if (col.count > 1)
            qsort(col.items, col.count, sizeof *col.items, by_story);
        for (size_t i = 0, j; i < col.count; i = j) {
            for (j = i + 1; j < col.count && col.items[j].result.story == col.items[i].result.story; j++)
                ;
            print_story(col.items + i, j - i);
        }
    }
    collector_release(&col);
    return status;
}

/* ---- eval ------------------------------------------------------------------------------------ */
typedef struct labelled {
    char *id;
    char *label;
    long long gold;      /* label number */
    long long predicted; /* story number, 0 when none */
} labelled;

static int by_id(const void *a, const void *b)
{
    return strcmp(((const labelled *)a)->id, ((const labelled *)b)->id);
}

static int by_label(const void *a, const void *b)
{
    const labelled *const *x = a, *const *y = b;
    return strcmp((*x)->label, (*y)->label);
}

/* Reads GOLD.jsonl in file order. Returns the count, or -1 after printing what is wrong. */
static long read_gold(const char *path, const char *field, labelled **out)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "newsdesk: %s: cannot read\n", path);
        return -1;
    }
    labelled *rows = NULL;
    size_t count = 0, cap = 0, line_number = 0;
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t len;
    long result = 0;
    while ((len = getline(&line, &line_cap, f)) >= 0) {
        line_number++;
        if (strspn(line, " \t\r\n") == (size_t)len)
            continue;
        cJSON *row = len < (ssize_t)MAX_GOLD_LINE ? cJSON_ParseWithLength(line, (size_t)len) : NULL;
        cJSON *id = cJSON_GetObjectItemCaseSensitive(row, "id");
        cJSON *label = cJSON_GetObjectItemCaseSensitive(row, field);
        char number[64];
        const char *id_text = cJSON_IsString(id) ? id->valuestring : NULL;
        if (cJSON_IsNumber(id)) {
            snprintf(number, sizeof number, "%.0f", id->valuedouble);
            id_text = number;
        }
        char label_number[64];
        const char *label_text = cJSON_IsString(label) ? label->valuestring : NULL;
        if (cJSON_IsNumber(label)) {
            snprintf(label_number, sizeof label_number, "%.17g", label->valuedouble);
            label_text = label_number;
        }
        if (!id_text || !label_text) {
            fprintf(stderr, "newsdesk: %s:%zu: bad line (needs \"id\" and \"%s\")\n", path, line_number, field);
            cJSON_Delete(row);
            result = -1;
            break;
        }
        if (count == cap) {
            cap = cap ? cap * 2 : 1024;
            labelled *grown = realloc(rows, cap * sizeof *grown);
            if (!grown) {
                cJSON_Delete(row);
                result = -1;
                break;
            }
            rows = grown;
        }
        rows[count].id = strdup(id_text);
        rows[count].label = strdup(label_text);
        rows[count].gold = rows[count].predicted = 0;
        cJSON_Delete(row);
        if (!rows[count].id || !rows[count].label) {
            free(rows[count].id);
            free(rows[count].label);
            result = -1;
            break;
        }
        count++;
    }
    free(line);
    fclose(f);
    if (result < 0) {
        for (size_t i = 0; i < count; i++)
            free(rows[i].id), free(rows[i].label);
        free(rows);
        return -1;
    }
    *out = rows;
    return (long)count;
}

typedef struct pair_count {
    long long a, b;
} pair_count;

static int by_pair(const void *x, const void *y)
{
    const pair_count *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return p->b < q->b ? -1 : p->b > q->b;
}

/* For each row of rows[0..n), the size of its group within the subset: by gold label
 * (which 0), by predicted story (1) or by both (2). */
typedef struct keyed_row {
    pair_count key; /* first member, so by_pair sorts these too */
    size_t position;
} keyed_row;

static int group_sizes(const labelled *const *rows, size_t n, int which, size_t *sizes)
{
    keyed_row *e = malloc((n ? n : 1) * sizeof *e);
    if (!e)
        return ND_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        e[i].key.a = which == 1 ? rows[i]->predicted : rows[i]->gold;
        e[i].key.b = which == 2 ? rows[i]->predicted : -1;
        e[i].position = i;
    }
    qsort(e, n, sizeof *e, by_pair);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && by_pair(&e[j].key, &e[i].key) == 0; j++)
            ;
        for (size_t k = i; k < j; k++)
            sizes[e[k].position] = j - i;
    }
    free(e);
    return ND_OK;
}

typedef struct prf {
    double p, r, f;
} prf;

static prf make_prf(double p, double r) { return (prf){p, r, p + r > 0 ? 2 * p * r / (p + r) : 0.0}; }

/* B-cubed over rows[0..n), counting sizes within the subset (as score.py does). */
static prf bcubed(const labelled *const *rows, size_t n)
{
    size_t *gold = malloc((n ? n : 1) * sizeof *gold), *pred = malloc((n ? n : 1) * sizeof *pred);
    size_t *both = malloc((n ? n : 1) * sizeof *both);
    prf out = {0, 0, 0};
    if (gold && pred && both && n && group_sizes(rows, n, 0, gold) == ND_OK &&
        group_sizes(rows, n, 1, pred) == ND_OK && group_sizes(rows, n, 2, both) == ND_OK) {
        double p = 0, r = 0;
        for (size_t i = 0; i < n; i++) {
            p += (double)both[i] / (double)pred[i];
            r += (double)both[i] / (double)gold[i];
        }
        out = make_prf(p / (double)n, r / (double)n);
    }
    free(gold), free(pred), free(both);
    return out;
}

static prf pairwise(const labelled *const *rows, size_t n)
{
    size_t *gold = malloc((n ? n : 1) * sizeof *gold), *pred = malloc((n ? n : 1) * sizeof *pred);
    size_t *both = malloc((n ? n : 1) * sizeof *both);
    prf out = {0, 0, 0};
    if (gold && pred && both && n && group_sizes(rows, n, 0, gold) == ND_OK &&
        group_sizes(rows, n, 1, pred) == ND_OK && group_sizes(rows, n, 2, both) == ND_OK) {
        /* Each group of size s holds s(s-1)/2 pairs: summing (s-1)/2 over its members gives it. */
        double tp = 0, gp = 0, pp = 0;
        for (size_t i = 0; i < n; i++) {
            tp += (double)(both[i] - 1) / 2;
            gp += (double)(gold[i] - 1) / 2;
            pp += (double)(pred[i] - 1) / 2;
        }
        double p = pp > 0 ? tp / pp : 1.0, r = gp > 0 ? tp / gp : 1.0;
        out = make_prf(p, r);
    }
    free(gold), free(pred), free(both);
    return out;
}

int command_eval(int argc, char **argv, nd_options *options)
{
    arguments args;
    int status = parse(argc, argv, options, usage_eval, &args);
    if (status >= 0)
        return status;
    if (!args.gold)
        return cli_usage_error(usage_eval, "%s", "--gold FILE is required");
    labelled *rows = NULL;
    long gold_count = read_gold(args.gold, args.label, &rows);
    if (gold_count < 0)
        return 2;
    size_t n = (size_t)gold_count;
    collector col = {0};
    status = run(argc, argv, options, &args, &col);
    labelled **by_file = malloc((n ? n : 1) * sizeof *by_file);
    labelled **multi = malloc((n ? n : 1) * sizeof *multi);
    labelled *sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (status < 2 && (!by_file || !multi || !sorted)) {
        fprintf(stderr, "newsdesk: %s\n", nd_strerror(ND_ENOMEM));
        status = 2;
    }
    FILE *predicted = NULL;
    if (status < 2 && args.predicted && !(predicted = fopen(args.predicted, "w"))) {
        fprintf(stderr, "newsdesk: %s: cannot write\n", args.predicted);
        status = 2;
    }
    if (status < 2) {
        /* Number the gold labels, then match predictions by id. */
        for (size_t i = 0; i < n; i++)
            by_file[i] = &rows[i];
        qsort(by_file, n, sizeof *by_file, by_label);
        for (size_t i = 0, label = 0; i < n; i++) {
            if (i == 0 || strcmp(by_file[i]->label, by_file[i - 1]->label) != 0)
                label++;
            by_file[i]->gold = (long long)label;
        }
        if (n)
            memcpy(sorted, rows, n * sizeof *sorted);
        qsort(sorted, n, sizeof *sorted, by_id);
        for (size_t i = 1; i < n; i++)
            if (strcmp(sorted[i].id, sorted[i - 1].id) == 0) {
                fprintf(stderr, "newsdesk: %s: id %s appears twice\n", args.gold, sorted[i].id);
                status = 2;
                break;
            }
        for (size_t k = 0; status < 2 && k < col.count; k++) {
            const nd_cluster_result *r = &col.items[k].result;
            labelled key = {(char *)nd_article_id(r->article), NULL, 0, 0};
            labelled *hit = bsearch(&key, sorted, n, sizeof *sorted, by_id);
            long long predicted_label = args.storylines ? r->storyline : r->story;
            if (hit)
                hit->predicted = predicted_label;
            if (predicted) {
                json_writer w = {predicted, 0};
                json_begin_object(&w, NULL);
                json_cstring(&w, "id", nd_article_id(r->article));
                json_integer(&w, "story", predicted_label);
                json_end_object(&w);
                json_end_line(&w);
            }
        }
    }
    if (status < 2) {
        /* Copy the predictions back to file order. */
        size_t missing = 0;
        for (size_t i = 0; i < n; i++) {
            labelled key = {rows[i].id, NULL, 0, 0};
            labelled *hit = bsearch(&key, sorted, n, sizeof *sorted, by_id);
            rows[i].predicted = hit->predicted;
            if (!rows[i].predicted)
                missing++;
        }
        if (missing) {
            fprintf(stderr, "newsdesk: %zu gold ids have no prediction\n", missing);
            status = 2;
        }
    }
    if (status < 2) {
        for (size_t i = 0; i < n; i++)
            by_file[i] = &rows[i];
        size_t *gold_size = malloc((n ? n : 1) * sizeof *gold_size), *pred_size = malloc((n ? n : 1) * sizeof *pred_size);
        size_t multi_count = 0, gold_stories = 0, predicted_stories = 0;
        if (gold_size && pred_size && group_sizes((const labelled *const *)by_file, n, 0, gold_size) == ND_OK &&
            group_sizes((const labelled *const *)by_file, n, 1, pred_size) == ND_OK) {
            for (size_t i = 0; i < n; i++)
                if (gold_size[i] > 1)
                    multi[multi_count++] = &rows[i];
            /* Distinct labels: each group of size s contributes s members of 1/s. */
            double g = 0, p = 0;
            for (size_t i = 0; i < n; i++)
                g += 1.0 / (double)gold_size[i], p += 1.0 / (double)pred_size[i];
            gold_stories = (size_t)(g + 0.5);
            predicted_stories = (size_t)(p + 0.5);
        }
        prf b = bcubed((const labelled *const *)by_file, n);
        prf pw = pairwise((const labelled *const *)by_file, n);
        printf("articles %zu  gold stories %zu  predicted stories %zu\n", n, gold_stories, predicted_stories);
        printf("%-13s P %.3f  R %.3f  F1 %.3f\n", "bcubed", b.p, b.r, b.f);
        printf("%-13s P %.3f  R %.3f  F1 %.3f\n", "pairwise", pw.p, pw.r, pw.f);
        if (multi_count) {
            prf m = bcubed((const labelled *const *)multi, multi_count);
            printf("%-13s P %.3f  R %.3f  F1 %.3f\n", "bcubed_multi", m.p, m.r, m.f);
        }
        if (args.timing && col.count > 1)
            fprintf(stderr, "cluster step: %zu articles in %.3f s, %.0f articles/s\n", col.count,
                    col.last_clock - col.first_clock,
                    (double)(col.count - 1) / (col.last_clock - col.first_clock + 1e-12));
        free(gold_size), free(pred_size);
    }
    if (predicted)
        fclose(predicted);
    for (size_t i = 0; i < n; i++)
        free(rows[i].id), free(rows[i].label);
    free(rows);
    free(by_file);
    free(multi);
    free(sorted);
    collector_release(&col);
    return status;
}
