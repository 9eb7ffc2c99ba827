/*
 * main.c: the newsdesk command. A thin layer over the public header: it parses arguments,
 * feeds paths to an engine, prints what the engine finds, and reports bad input on standard error
 * as "newsdesk: FILE:LINE: what is wrong". Exit status: 0 when all input was used, 1 when some
 * was skipped, 2 on a usage error or when the engine failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "extract.h"
#include "common.h"
#include "json.h"
#include "newsdesk.h"

static const char usage_main[] =
    "usage: newsdesk [--version] [--help] COMMAND [OPTIONS] PATH...\n"
    "\n"
    "Reads news articles (plain text, JSON Lines, HTML; files, directories or - for standard\n"
    "input) and tells what they hold.\n"
    "\n"
    "commands:\n"
    "  clean    print each article's clean text, boilerplate removed\n"
    "  dedup    print the pairs of articles that are copies or share passages\n"
    "  extract  print each article's people, places, organisations, dates and quotes\n"
    "  cluster  print each article's story and storyline (online clustering)\n"
    "  stories  print each story: its articles, time span, top terms and names, and why\n"
    "  eval     cluster and score the stories against gold labels (--gold GOLD.jsonl)\n"
    "  ingest   add articles to the store (./newsdesk.db) and group them into stories\n"
    "  watch    follow RSS/Atom/JSON feeds and ingest their new items\n"
    "  feeds    list, add, remove, import and export the feeds followed\n"
    "  export   print each stored article's story, as cluster does\n"
    "  front    print the front page: stories ranked by coverage and recency (--hot: rising)\n"
    "  story    print one story: headline, summary, when and where, sources, quotes\n"
    "  storyline print a storyline's stories as a timeline\n"
    "  entity   print a person, organisation or place and its stories over time\n"
    "  search   full-text search of the store, one result per story with a snippet\n"
    "  serve    serve the store over HTTP: web pages, JSON API, Atom feed\n"
    "\n"
    "Run 'newsdesk COMMAND --help' for a command's options; 'man newsdesk' for more.\n";

static const char usage_clean[] =
    "usage: newsdesk clean [--json] [--show-removed] PATH...\n"
    "\n"
    "Prints each article's clean text: boilerplate (labels, captions, licence and disclaimer\n"
    "lines, share prompts, lists of other headlines, sign-offs, paragraphs repeated across a\n"
    "source's articles) removed.\n"
    "\n"
    "  --json           one JSON object per line: {\"id\", \"title\", \"published\", \"body\"}\n"
    "  --show-removed   also show what was removed, each piece marked [removed: REASON]\n"
    "  -h, --help       show this help\n";

static const char usage_dedup[] =
    "usage: newsdesk dedup [--threshold X] [--min-words N] PATH...\n"
    "\n"
    "Prints one JSON line per related pair of articles:\n"
    "  {\"a\", \"b\", \"relation\": \"exact\"|\"near\"|\"passages\", \"similarity\", \"first\",\n"
    "   \"passages\": [{\"words\", \"a\": [start, end], \"b\": [start, end], \"text\"}]}\n"
    "Offsets are bytes in each article's clean text (see 'newsdesk clean').\n"
    "\n"
    "  --threshold X    estimated Jaccard similarity for near copies (default 0.6)\n"
    "  --min-words N    shortest shared passage, in words (default 12)\n"
    "  -h, --help       show this help\n";

static void print_diagnostic(void *user, const char *where, long line, int status, const char *message)
{
    (void)user;
    (void)status;
    if (line > 0)
        fprintf(stderr, "newsdesk: %s:%ld: %s\n", where, line, message);
    else
        fprintf(stderr, "newsdesk: %s: %s\n", where, message);
}

/* ---- clean ---------------------------------------------------------------------------------- */
static void print_clean_text(const nd_article *a, int show_removed)
{
    const char *title = nd_article_title(a);
    const char *published = nd_article_published(a);
    printf("==> %s%s%s%s%s <==\n", nd_article_id(a), published ? " (" : "", published ? published : "",
           published ? ")" : "", "");
    if (title[0])
        printf("%s\n\n", title);
    size_t len;
    const char *body = nd_article_body(a, &len);
    fwrite(body, 1, len, stdout);
    fputc('\n', stdout);
    if (show_removed) {
        for (size_t i = 0; i < nd_article_removed_count(a); i++) {
            const char *reason;
            const char *text = nd_article_removed(a, i, &len, &reason);
            printf("[removed: %s] %.*s\n", reason, (int)len, text);
        }
    }
    fputc('\n', stdout);
}

static void print_clean_json(const nd_article *a, int show_removed)
{
    json_writer w = {stdout, 0};
    size_t len;
    json_begin_object(&w, NULL);
    json_cstring(&w, "id", nd_article_id(a));
    json_cstring(&w, "title", nd_article_title(a));
    json_cstring(&w, "published", nd_article_published(a));
    const char *body = nd_article_body(a, &len);
    json_string(&w, "body", body, len);
    if (show_removed) {
        json_begin_array(&w, "removed");
        for (size_t i = 0; i < nd_article_removed_count(a); i++) {
            const char *reason;
            const char *text = nd_article_removed(a, i, &len, &reason);
            json_begin_object(&w, NULL);
            json_cstring(&w, "reason", reason);
            json_string(&w, "text", text, len);
            json_end_object(&w);
        }
        json_end_array(&w);
    }
    json_end_object(&w);
    json_end_line(&w);
}

typedef struct clean_output {
    int as_json, show_removed;
} clean_output;

static int print_clean(void *user, const nd_result *result)
{
    const clean_output *out = user;
    if (out->as_json)
        print_clean_json(result->article, out->show_removed);
    else
        print_clean_text(result->article, out->show_removed);
    return 0;
}

static int command_clean(int argc, char **argv, nd_options *options)
{
    static const struct option longs[] = {{"json", no_argument, NULL, 'j'},
                                          {"show-removed", no_argument, NULL, 'r'},
                                          CLI_HELP_OPTION, {NULL, 0, NULL, 0}};
    int as_json = 0, show_removed = 0, c, status;
    cli_options_begin();
    while ((c = cli_next_option(argc, argv, "h", longs, usage_clean, &status)) != -1) {
        if (c == CLI_EXIT)
            return status;
        as_json |= c == 'j';
        show_removed |= c == 'r';
    }
    int first_path = optind;
    if (first_path >= argc)
        return cli_usage_error(usage_clean, "%s", "no PATH given");
    /* input order; templates counted over the reorder window around each article */
    options->stages = 0;
    options->input_order = 1;
    clean_output out = {as_json, show_removed};
    nd_engine *engine = nd_engine_new(options, NULL, print_clean, &out);
    if (!engine)
        return cli_usage_error(usage_clean, "%s", nd_strerror(ND_ENOMEM));
    status = cli_read_paths(engine, argv + first_path, argc - first_path);
    nd_engine_free(engine);
    return status;
}

/* ---- dedup ---------------------------------------------------------------------------------- */
static void print_pair(const nd_pair *pair)
{
    json_writer w = {stdout, 0};
    json_begin_object(&w, NULL);
    json_cstring(&w, "a", pair->a);
    json_cstring(&w, "b", pair->b);
    json_cstring(&w, "relation", nd_relation_name(pair->relation));
    json_number(&w, "similarity", pair->similarity);
    json_cstring(&w, "first", pair->first);
    json_begin_array(&w, "passages");
    const char *a_body = pair->a_body;
    for (size_t i = 0; i < pair->passage_count; i++) {
        const nd_passage *p = &pair->passages[i];
        json_begin_object(&w, NULL);
        json_integer(&w, "words", (long long)p->words);
        json_begin_array(&w, "a");
        json_integer(&w, NULL, (long long)p->a_start);
        json_integer(&w, NULL, (long long)p->a_end);
        json_end_array(&w);
        json_begin_array(&w, "b");
        json_integer(&w, NULL, (long long)p->b_start);
        json_integer(&w, NULL, (long long)p->b_end);
        json_end_array(&w);
        json_string(&w, "text", a_body + p->a_start, p->a_end - p->a_start);
        json_end_object(&w);
    }
    json_end_array(&w);
    json_end_object(&w);
    json_end_line(&w);
}

static int print_pairs(void *user, const nd_result *result)
{
    (void)user;
    for (size_t i = 0; i < result->pair_count; i++)
        print_pair(&result->pairs[i]);
    return 0;
}

static int command_dedup(int argc, char **argv, nd_options *options)
{
    static const struct option longs[] = {{"threshold", required_argument, NULL, 't'},
                                          {"min-words", required_argument, NULL, 'w'},
                                          CLI_HELP_OPTION, {NULL, 0, NULL, 0}};
    int c, status;
    long words;
    cli_options_begin();
    while ((c = cli_next_option(argc, argv, "h", longs, usage_dedup, &status)) != -1) {
        if (c == CLI_EXIT)
            return status;
        if (c == 't' && cli_number(usage_dedup, "--threshold", optarg, 0, 1, 1, &options->near_threshold))
            return 2;
        if (c == 'w' && cli_whole(usage_dedup, "--min-words", optarg, 1, 10000, &words))
            return 2;
        if (c == 'w')
            options->min_passage_words = (int)words;
    }
    int first_path = optind;
    if (first_path >= argc)
        return cli_usage_error(usage_dedup, "%s", "no PATH given");
    /* input order; templates counted over the reorder window around each article */
    options->stages = ND_STAGE_COPIES;
    options->input_order = 1;
    nd_engine *engine = nd_engine_new(options, NULL, print_pairs, NULL);
    if (!engine)
        return cli_usage_error(usage_dedup, "%s", nd_strerror(ND_ENOMEM));
    status = cli_read_paths(engine, argv + first_path, argc - first_path);
    nd_engine_free(engine);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(usage_main, "%s", "no COMMAND given");
    const char *command = argv[1];
    if (strcmp(command, "help") == 0 && argc > 2) { /* newsdesk help COMMAND: its --help */
        static char help[] = "--help";
        char *args[] = {argv[0], argv[2], help, NULL};
        return main(3, args);
    }
    if (strcmp(command, "--version") == 0 || strcmp(command, "version") == 0) {
        printf("newsdesk %s\n", nd_version());
        return 0;
    }
    if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0 || strcmp(command, "help") == 0) {
        fputs(usage_main, stdout);
        return 0;
    }
    nd_options options;
    nd_options_init(&options);
    options.on_diagnostic = print_diagnostic;
    options.on_progress = cli_progress;
    int status;
    if (strcmp(command, "clean") == 0)
        status = command_clean(argc - 1, argv + 1, &options);
    else if (strcmp(command, "dedup") == 0)
        status = command_dedup(argc - 1, argv + 1, &options);
    else if (strcmp(command, "extract") == 0)
        status = command_extract(argc - 1, argv + 1, &options);
    else if (strcmp(command, "cluster") == 0)
        status = command_cluster(argc - 1, argv + 1, &options);
    else if (strcmp(command, "stories") == 0)
        status = command_stories(argc - 1, argv + 1, &options);
    else if (strcmp(command, "eval") == 0)
        status = command_eval(argc - 1, argv + 1, &options);
    else if (strcmp(command, "ingest") == 0)
        status = command_ingest(argc - 1, argv + 1, &options);
    else if (strcmp(command, "export") == 0)
        status = command_export(argc - 1, argv + 1, &options);
    else if (strcmp(command, "watch") == 0)
        status = command_watch(argc - 1, argv + 1, &options);
    else if (strcmp(command, "feeds") == 0)
        status = command_feeds(argc - 1, argv + 1, &options);
    else if (strcmp(command, "front") == 0)
        status = command_front(argc - 1, argv + 1, &options);
    else if (strcmp(command, "story") == 0)
        status = command_story(argc - 1, argv + 1, &options);
    else if (strcmp(command, "storyline") == 0)
        status = command_storyline(argc - 1, argv + 1, &options);
    else if (strcmp(command, "entity") == 0)
        status = command_entity(argc - 1, argv + 1, &options);
    else if (strcmp(command, "search") == 0)
        status = command_search(argc - 1, argv + 1, &options);
    else if (strcmp(command, "serve") == 0)
        status = command_serve(argc - 1, argv + 1, &options);
    else {
        return cli_usage_error(usage_main, "unknown command '%s'", command);
    }
    cli_progress_end();
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "newsdesk: cannot write output\n");
        return 2;
    }
    return status;
}
