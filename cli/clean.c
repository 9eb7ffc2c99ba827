/*
 * clean.c: `newsdesk clean`: each article's clean text, or JSON with --json, and what cleaning
 * removed with --show-removed. An engine with no stages after cleaning, in input order.
 */
#include <stdio.h>

#include "commands.h"
#include "common.h"
#include "json.h"
#include "newsdesk.h"

const char usage_clean[] =
    "usage: newsdesk clean [--json] [--show-removed] PATH...\n"
    "\n"
    "Prints each article's clean text: boilerplate (labels, captions, licence and disclaimer\n"
    "lines, share prompts, lists of other headlines, sign-offs, paragraphs repeated across a\n"
    "source's articles) removed.\n"
    "\n"
    "  --json           one JSON object per line: {\"id\", \"title\", \"published\", \"body\"}\n"
    "  --show-removed   also show what was removed, each piece marked [removed: REASON]\n"
    "  -h, --help       show this help\n";

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

int command_clean(int argc, char **argv, nd_options *options)
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
