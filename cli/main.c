/*
 * main.c: the newsdesk command. A thin layer over the public header: it parses arguments,
 * feeds paths to a desk, prints what the desk finds, and reports bad input on standard error
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
    "  export   print each stored article's story, as cluster does\n"
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

/* A progress line on standard error, only when it is a terminal, at most a few times a second. */
static void print_progress(void *user, const char *phase, size_t done, size_t total)
{
    (void)user;
    static struct timespec last;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!isatty(STDERR_FILENO) || (now.tv_sec - last.tv_sec) * 1000000000L + (now.tv_nsec - last.tv_nsec) < 200000000L)
        return;
    last = now;
    if (total)
        fprintf(stderr, "\rnewsdesk: %s %zu/%zu (%d%%)\033[K", phase, done, total, (int)(100.0 * done / total));
    else
        fprintf(stderr, "\rnewsdesk: %s %zu articles\033[K", phase, done);
}

/* Clears the progress line before ordinary output continues. */
static void end_progress(void)
{
    if (isatty(STDERR_FILENO))
        fputs("\r\033[K", stderr);
}

static double parse_number(const char *text, int *ok)
{
    char *end = NULL;
    double value = strtod(text, &end);
    *ok = end && end != text && *end == '\0';
    return value;
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

static int command_clean(int argc, char **argv, nd_options *options)
{
    int as_json = 0, show_removed = 0, first_path = argc;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            as_json = 1;
        else if (strcmp(argv[i], "--show-removed") == 0)
            show_removed = 1;
        else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage_clean, stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error(usage_clean, "unknown option '%s'", argv[i]);
        else {
            first_path = i;
            break;
        }
    }
    if (first_path >= argc)
        return cli_usage_error(usage_clean, "%s", "no PATH given");
    nd_desk *desk = nd_desk_new(options);
    if (!desk)
        return cli_usage_error(usage_clean, "%s", nd_strerror(ND_ENOMEM));
    int status = cli_read_paths(desk, argv + first_path, argc - first_path);
    int rc = status < 2 ? nd_desk_clean(desk) : ND_OK;
    if (rc != ND_OK) {
        fprintf(stderr, "newsdesk: %s\n", nd_strerror(rc));
        status = 2;
    }
    for (size_t i = 0; status < 2 && i < nd_desk_article_count(desk); i++) {
        const nd_article *a = nd_desk_article(desk, i);
        if (as_json)
            print_clean_json(a, show_removed);
        else
            print_clean_text(a, show_removed);
    }
    nd_desk_free(desk);
    return status;
}

/* ---- dedup ---------------------------------------------------------------------------------- */
static int print_pair(void *user, const nd_pair *pair)
{
    (void)user;
    json_writer w = {stdout, 0};
    json_begin_object(&w, NULL);
    json_cstring(&w, "a", nd_article_id(pair->a));
    json_cstring(&w, "b", nd_article_id(pair->b));
    json_cstring(&w, "relation", nd_relation_name(pair->relation));
    json_number(&w, "similarity", pair->similarity);
    json_cstring(&w, "first", nd_article_id(pair->first));
    json_begin_array(&w, "passages");
    const char *a_body = nd_article_body(pair->a, NULL);
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
    return 0;
}

static int command_dedup(int argc, char **argv, nd_options *options)
{
    int first_path = argc, ok;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage_dedup, stdout);
            return 0;
        } else if (strcmp(argv[i], "--threshold") == 0 || strcmp(argv[i], "--min-words") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error(usage_dedup, "%s needs a value", argv[i]);
            double value = parse_number(argv[i + 1], &ok);
            if (argv[i][2] == 't') {
                if (!ok || value <= 0 || value > 1)
                    return cli_usage_error(usage_dedup, "--threshold takes a number in (0, 1], not '%s'", argv[i + 1]);
                options->near_threshold = value;
            } else {
                if (!ok || value < 1 || value > 10000 || value != (int)value)
                    return cli_usage_error(usage_dedup, "--min-words takes a whole number from 1, not '%s'", argv[i + 1]);
                options->min_passage_words = (int)value;
            }
            i++;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error(usage_dedup, "unknown option '%s'", argv[i]);
        else {
            first_path = i;
            break;
        }
    }
    if (first_path >= argc)
        return cli_usage_error(usage_dedup, "%s", "no PATH given");
    nd_desk *desk = nd_desk_new(options);
    if (!desk)
        return cli_usage_error(usage_dedup, "%s", nd_strerror(ND_ENOMEM));
    int status = cli_read_paths(desk, argv + first_path, argc - first_path);
    if (status < 2) {
        int rc = nd_desk_dedup(desk, print_pair, NULL);
        if (rc != ND_OK) {
            fprintf(stderr, "newsdesk: dedup: %s\n", nd_strerror(rc));
            status = 2;
        }
    }
    nd_desk_free(desk);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stderr);
        return 2;
    }
    const char *command = argv[1];
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
    options.on_progress = print_progress;
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
    else {
        fprintf(stderr, "newsdesk: unknown command '%s'\n\n%s", command, usage_main);
        return 2;
    }
    end_progress();
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "newsdesk: cannot write output\n");
        return 2;
    }
    return status;
}
