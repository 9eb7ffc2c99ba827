/*
 * view_args.c: the options, store and output the view commands share (view_args.h), over the
 * public header. The text and the JSON both come from the library (nd_view_write), made from one
 * document, so they always agree.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "view_args.h"

int view_count(const char *usage, const char *option, const char *value, long long min, long long max,
                       long long *out)
{
    char *end = NULL;
    long long v = strtoll(value, &end, 10);
    if (!end || end == value || *end || v < min || v > max) {
        char message[160];
        snprintf(message, sizeof message, "%s takes a whole number from %lld to %lld, not '%%s'", option, min, max);
        return cli_usage_error(usage, message, value);
    }
    *out = v;
    return -1;
}

static int is_date(const char *text)
{
    int y, m, d;
    return strlen(text) >= 10 && sscanf(text, "%4d-%2d-%2d", &y, &m, &d) == 3 && text[4] == '-' && text[7] == '-' &&
           m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int view_parse_args(int argc, char **argv, const char *usage, int front, view_args *args)
{
    memset(args, 0, sizeof *args);
    args->db = "newsdesk.db";
    nd_view_query_init(&args->query);
#define VIEW_OPTIONS                                                                               \
    {"db", required_argument, NULL, 'd'}, {"limit", required_argument, NULL, 'l'},                \
        {"offset", required_argument, NULL, 'o'}, {"json", no_argument, NULL, 'j'}, CLI_HELP_OPTION
    static const struct option view_longs[] = {VIEW_OPTIONS, {NULL, 0, NULL, 0}};
    static const struct option front_longs[] = {VIEW_OPTIONS,
                                                {"hot", no_argument, NULL, 'H'},
                                                {"since", required_argument, NULL, 's'},
                                                {"until", required_argument, NULL, 'u'},
                                                {"now", required_argument, NULL, 'n'},
                                                {"window", required_argument, NULL, 'w'},
                                                {NULL, 0, NULL, 0}};
#undef VIEW_OPTIONS
    int c, status;
    cli_options_begin();
    while ((c = cli_next_option(argc, argv, "h", front ? front_longs : view_longs, usage, &status)) != -1) {
        if (c == CLI_EXIT)
            return status;
        const char *v = optarg;
        int rc = -1;
        long long hours = 3;
        switch (c) {
        case 'd':
            args->db = v;
            break;
        case 'j':
            args->json = 1;
            break;
        case 'H':
            args->query.hot = 1;
            break;
        case 'l':
            rc = view_count(usage, "--limit", v, 1, 1000, &args->query.limit);
            break;
        case 'o':
            rc = view_count(usage, "--offset", v, 0, 1000000000, &args->query.offset);
            break;
        case 'w':
            rc = view_count(usage, "--window", v, 1, 24 * 365, &hours);
            args->query.window_hours = (double)hours;
            break;
        case 's':
        case 'u':
        case 'n':
            if (!is_date(v))
                return cli_usage_error(usage, "dates are YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], not '%s'", v);
            if (c == 's')
                args->query.since = v;
            else if (c == 'u')
                args->query.until = v;
            else
                args->query.now = v;
            break;
        }
        if (rc != -1)
            return rc;
    }
    for (int i = optind; i < argc; i++) {
        if (args->operand_count == MAX_OPERANDS)
            return cli_usage_error(usage, "%s", "too many arguments");
        args->operands[args->operand_count++] = argv[i];
    }
    return -1;
}

/* Opens an existing store (a view never creates one). Returns 0 or the exit status 2. */
static int open_existing(const char *path, nd_store **store)
{
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "newsdesk: %s: no store here (make one with 'newsdesk ingest --db %s PATH')\n", path, path);
        return 2;
    }
    return cli_open_store(path, store);
}

static int print_view(const view_args *args, nd_view_kind kind, const char *key, const char *what, const char *shown)
{
    nd_store *store;
    if (open_existing(args->db, &store))
        return 2;
    char *text = NULL;
    int rc = nd_view_write(store, kind, key, &args->query, args->json ? ND_VIEW_JSON : ND_VIEW_TEXT, &text);
    nd_store_close(store);
    if (rc != ND_OK) {
        if (rc == ND_ENOTFOUND)
            fprintf(stderr, "newsdesk: no %s '%s' in the store\n", what, shown);
        else
            fprintf(stderr, "newsdesk: %s: %s\n", what, nd_strerror(rc));
        free(text);
        return rc == ND_ENOTFOUND ? 1 : 2;
    }
    fputs(text, stdout);
    if (args->json)
        fputc('\n', stdout);
    free(text);
    return 0;
}

char *view_join_operands(const view_args *args)
{
    size_t len = 1;
    for (int i = 0; i < args->operand_count; i++)
        len += strlen(args->operands[i]) + 1;
    char *text = malloc(len), *o = text;
    if (!text)
        return NULL;
    for (int i = 0; i < args->operand_count; i++)
        o += sprintf(o, "%s%s", i ? " " : "", args->operands[i]);
    *o = '\0';
    return text;
}


int view_print(const view_args *args, nd_view_kind kind, const char *key, const char *what)
{
    return print_view(args, kind, key, what, key ? key : "");
}

int view_print_numbered(const view_args *args, const char *usage, nd_view_kind kind, const char *what)
{
    if (args->operand_count == 0)
        return cli_usage_error(usage, "%s", "no ID given");
    if (args->operand_count > 1)
        return cli_usage_error(usage, "unexpected argument '%s'", args->operands[1]);
    const char *text = args->operands[0];
    char *end = NULL;
    long long id = strtoll(text, &end, 10);
    if (!end || end == text || *end || id < 1)
        return cli_usage_error(usage, "ID is a number from 1, not '%s'", text);
    char key[32];
    snprintf(key, sizeof key, "%lld", id);
    return print_view(args, kind, key, what, text);
}

int view_command(int argc, char **argv, const char *usage, nd_view_kind kind, const char *what)
{
    view_args args;
    int rc = view_parse_args(argc, argv, usage, kind == ND_VIEW_FRONT, &args);
    if (rc != -1)
        return rc;
    switch (kind) {
    case ND_VIEW_FRONT:
        if (args.operand_count)
            return cli_usage_error(usage, "unexpected argument '%s'", args.operands[0]);
        return view_print(&args, kind, NULL, what);
    case ND_VIEW_STORY:
    case ND_VIEW_STORYLINE:
        return view_print_numbered(&args, usage, kind, what);
    default:
        break;
    }
    if (args.operand_count == 0)
        return cli_usage_error(usage, "%s", kind == ND_VIEW_ENTITY ? "no NAME given" : "no QUERY given");
    char *text = view_join_operands(&args);
    if (!text)
        return 2;
    rc = view_print(&args, kind, text, what);
    free(text);
    return rc;
}
