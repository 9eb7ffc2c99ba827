/*
 * eval.c: `newsdesk eval`, over the public header. Takes gold labels (GOLD.jsonl, one
 * {"id", "story"} a line) and paths of articles; clusters the articles (story_run.c), matches
 * predictions to gold ids, and prints the scores the library computes (nd_score_grouping: the
 * measures of ../shared/tools/score.py, in its format).
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "json.h"
#include "story_run.h"

#define MAX_GOLD_LINE (1u << 20) /* a gold line longer than this is malformed */

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
    STORY_USAGE_THRESHOLD
    "  --timing         print the clustering speed (and the extraction's time) on standard error\n"
    STORY_USAGE_SHARED;

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

int command_eval(int argc, char **argv, nd_options *options)
{
    story_arguments args;
    int status = story_parse(argc, argv, options, usage_eval, &args);
    if (status >= 0)
        return status;
    if (!args.gold)
        return cli_usage_error(usage_eval, "%s", "--gold FILE is required");
    labelled *rows = NULL;
    long gold_count = read_gold(args.gold, args.label, &rows);
    if (gold_count < 0)
        return 2;
    size_t n = (size_t)gold_count;
    story_collector col = {0};
    status = story_run(argc, argv, options, &args, &col);
    labelled **by_label_order = malloc((n ? n : 1) * sizeof *by_label_order);
    labelled *sorted = malloc((n ? n : 1) * sizeof *sorted);
    long long *gold = malloc((n ? n : 1) * sizeof *gold), *predicted_story = malloc((n ? n : 1) * sizeof *predicted_story);
    if (status < 2 && (!by_label_order || !sorted || !gold || !predicted_story)) {
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
            by_label_order[i] = &rows[i];
        qsort(by_label_order, n, sizeof *by_label_order, by_label);
        for (size_t i = 0, label = 0; i < n; i++) {
            if (i == 0 || strcmp(by_label_order[i]->label, by_label_order[i - 1]->label) != 0)
                label++;
            by_label_order[i]->gold = (long long)label;
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
        /* The predictions back in file order. */
        size_t missing = 0;
        for (size_t i = 0; i < n; i++) {
            labelled key = {rows[i].id, NULL, 0, 0};
            labelled *hit = bsearch(&key, sorted, n, sizeof *sorted, by_id);
            gold[i] = rows[i].gold;
            predicted_story[i] = hit->predicted;
            if (!predicted_story[i])
                missing++;
        }
        if (missing) {
            fprintf(stderr, "newsdesk: %zu gold ids have no prediction\n", missing);
            status = 2;
        }
    }
    if (status < 2) {
        nd_grouping_score score;
        int rc = nd_score_grouping(gold, predicted_story, n, &score);
        if (rc != ND_OK) {
            fprintf(stderr, "newsdesk: %s\n", nd_strerror(rc));
            status = 2;
        } else {
            printf("articles %zu  gold stories %zu  predicted stories %zu\n", n, score.gold_groups,
                   score.predicted_groups);
            printf("%-13s P %.3f  R %.3f  F1 %.3f\n", "bcubed", score.bcubed_precision, score.bcubed_recall,
                   score.bcubed_f1);
            printf("%-13s P %.3f  R %.3f  F1 %.3f\n", "pairwise", score.pairwise_precision,
                   score.pairwise_recall, score.pairwise_f1);
            if (score.multi_articles)
                printf("%-13s P %.3f  R %.3f  F1 %.3f\n", "bcubed_multi", score.multi_precision,
                       score.multi_recall, score.multi_f1);
        }
        if (args.timing && col.count > 1)
            fprintf(stderr, "cluster step: %zu articles in %.3f s, %.0f articles/s\n", col.count,
                    col.last_clock - col.first_clock,
                    (double)(col.count - 1) / (col.last_clock - col.first_clock + 1e-12));
    }
    if (predicted)
        fclose(predicted);
    for (size_t i = 0; i < n; i++)
        free(rows[i].id), free(rows[i].label);
    free(rows);
    free(by_label_order);
    free(sorted);
    free(gold);
    free(predicted_story);
    story_collector_release(&col);
    return status;
}
