/*
 * views.c: the commands that read the store, over the public header: `front`, `story`,
 * `storyline`, `entity`, `search` (readable text on a terminal by default, the API's JSON with
 * --json) and `serve` (the HTTP server). The JSON comes from the library's views
 * (nd_view_*); the text is written here from that JSON, so both always agree.
 */
#include <cjson/cJSON.h>
#include <signal.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"

const char usage_front[] =
    "usage: newsdesk front [--db PATH] [--since DATE] [--until DATE] [--limit N] [--offset N]\n"
    "                      [--hot] [--window HOURS] [--now TIME] [--json]\n"
    "\n"
    "Prints the front page: the stories of the store ranked by coverage (outlets, articles) and\n"
    "recency, each with its headline, when and where, counts, first report and summary.\n"
    "\n"
    "  --db PATH        the store (default ./newsdesk.db)\n"
    "  --since DATE     only stories with an article published from DATE (YYYY-MM-DD[THH:MM])\n"
    "  --until DATE     only stories that began by DATE\n"
    "  --limit N        stories to show (default 20, at most 1000)\n"
    "  --offset N       skip the first N (for paging)\n"
    "  --hot            only stories whose coverage is rising fastest now, hottest first: outlets\n"
    "                   and articles in the last hours against the story's own earlier rate and\n"
    "                   the desk's usual rate\n"
    "  --window HOURS   the recent window for --hot (default 3)\n"
    "  --now TIME       the desk's clock for --hot (default: the latest publication time stored)\n"
    "  --json           the API's JSON (GET /api/stories) instead of text\n"
    "  -h, --help       show this help\n";

const char usage_story[] =
    "usage: newsdesk story [--db PATH] [--json] ID\n"
    "\n"
    "Prints one story as a person reads it: headline, summary, when and where, counts, first\n"
    "report, timeline of its sources with urls, people, organisations and places, its strongest\n"
    "quotes with speakers, and the passages its articles share.\n"
    "\n"
    "  --db PATH        the store (default ./newsdesk.db)\n"
    "  --json           the API's JSON (GET /api/stories/ID) instead of text\n"
    "  -h, --help       show this help\n";

const char usage_storyline[] =
    "usage: newsdesk storyline [--db PATH] [--json] ID\n"
    "\n"
    "Prints a storyline (the same actors and theme over time) as a timeline of its stories.\n"
    "\n"
    "  --db PATH        the store (default ./newsdesk.db)\n"
    "  --json           the API's JSON (GET /api/storylines/ID) instead of text\n"
    "  -h, --help       show this help\n";

const char usage_entity[] =
    "usage: newsdesk entity [--db PATH] [--json] NAME\n"
    "\n"
    "Prints a person, organisation or place, found by its name or any variant (Bagheri finds\n"
    "Mohammad Baqeri), with its variants and its stories over time.\n"
    "\n"
    "  --db PATH        the store (default ./newsdesk.db)\n"
    "  --json           the API's JSON (GET /api/entities?name=NAME) instead of text\n"
    "  -h, --help       show this help\n";

const char usage_search[] =
    "usage: newsdesk search [--db PATH] [--limit N] [--offset N] [--json] QUERY...\n"
    "\n"
    "Full-text search (SQLite FTS5, ranked by BM25) over titles and clean text: stories whose\n"
    "articles hold every word of QUERY (or, when none does, any word), best first, each with a\n"
    "snippet of its best article, matches marked [like this].\n"
    "\n"
    "  --db PATH        the store (default ./newsdesk.db)\n"
    "  --limit N        results to show (default 20)\n"
    "  --offset N       skip the first N\n"
    "  --json           the API's JSON (GET /api/search?q=QUERY) instead of text\n"
    "  -h, --help       show this help\n";

const char usage_serve[] =
    "usage: newsdesk serve [--db PATH] [--port N] [--bind ADDRESS] [--token TOKEN]\n"
    "                      [--gazetteer FILE] [--max-body BYTES] [--threads N] [--timeout SECONDS]\n"
    "\n"
    "Serves the store over HTTP: web pages at /, /stories/ID, /storylines/ID, /entities/ID and\n"
    "/search?q=, the JSON API under /api/ (docs/api.md), /feed.xml (Atom) and /healthz.\n"
    "POST /api/articles takes JSON Lines and ingests them as 'newsdesk ingest' does. Stops on\n"
    "SIGINT or SIGTERM.\n"
    "\n"
    "  --db PATH        the store (default ./newsdesk.db)\n"
    "  --port N         port to listen on (default 8080; 0 picks a free one, printed)\n"
    "  --bind ADDRESS   address to listen on (default 127.0.0.1); any other than loopback needs\n"
    "                   --token\n"
    "  --token TOKEN    write endpoints then need 'Authorization: Bearer TOKEN'\n"
    "                   (also read from $NEWSDESK_TOKEN)\n"
    "  --gazetteer FILE places for extracting POSTed articles (default as for ingest)\n"
    "  --max-body BYTES largest request body accepted (default 8388608); larger gets 413\n"
    "  --threads N      worker threads (default 4)\n"
    "  --timeout SECONDS close a connection idle or slow for this long (default 15)\n"
    "  -h, --help       show this help\n";

/* ---- arguments shared by the views ----------------------------------------------------------- */
#define MAX_OPERANDS 64

typedef struct view_args {
    const char *db;
    int json;
    nd_view_query query;
    int operand_count;      /* operands (ID, NAME, QUERY words), options may come between them */
    char *operands[MAX_OPERANDS];
} view_args;

static int parse_count(const char *usage, const char *option, const char *value, long long min, long long max,
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

/* Returns -1 to go on, else the exit status. `front` options only when usage is usage_front.
 * Options follow getopt_long conventions (cli_next_option): anywhere, --opt=value, --. */
static int parse_view_args(int argc, char **argv, const char *usage, int front, view_args *args)
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
            rc = parse_count(usage, "--limit", v, 1, 1000, &args->query.limit);
            break;
        case 'o':
            rc = parse_count(usage, "--offset", v, 0, 1000000000, &args->query.offset);
            break;
        case 'w':
            rc = parse_count(usage, "--window", v, 1, 24 * 365, &hours);
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

/* ---- text ------------------------------------------------------------------------------------ */
static const char *s_of(const cJSON *o, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

static double n_of(const cJSON *o, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(item) ? item->valuedouble : 0;
}

/* Prints text wrapped at 80 columns (counting bytes, breaking at spaces): the first line after
 * `first`, the others after `indent` (of the same width). */
static void wrapped_after(const char *first, const char *indent, const char *text)
{
    size_t width = 80 - strlen(indent), column = 0;
    const char *p = text;
    fputs(first, stdout);
    while (*p) {
        const char *space = strchr(p, ' ');
        size_t word = space ? (size_t)(space - p) : strlen(p);
        if (column && column + 1 + word > width) {
            fputc('\n', stdout);
            fputs(indent, stdout);
            column = 0;
        } else if (column) {
            fputc(' ', stdout);
            column++;
        }
        fwrite(p, 1, word, stdout);
        column += word;
        p += word;
        while (*p == ' ')
            p++;
    }
    fputc('\n', stdout);
}

static void wrapped(const char *indent, const char *text) { wrapped_after(indent, indent, text); }

static void meta_line(const char *indent, const cJSON *story)
{
    const char *when = s_of(story, "when"), *where = s_of(story, "where");
    const cJSON *first = cJSON_GetObjectItemCaseSensitive(story, "first");
    const char *first_name = first ? s_of(first, "source") : NULL;
    if (first && (!first_name || !first_name[0]))
        first_name = s_of(first, "id");
    printf("%s%s%s%s%s%s%.0f article%s from %.0f outlet%s", indent, n_of(story, "hot") >= 2 ? "HOT · " : "",
           when ? when : "", when && where ? " · " : "", where ? where : "", when || where ? " · " : "",
           n_of(story, "article_count"), n_of(story, "article_count") == 1 ? "" : "s", n_of(story, "outlet_count"),
           n_of(story, "outlet_count") == 1 ? "" : "s");
    if (first_name)
        printf(" · first: %s", first_name);
    printf(" · story %.0f\n", n_of(story, "id"));
}

static void print_card(int number, const cJSON *story, int sentences)
{
    char indent[16];
    snprintf(indent, sizeof indent, "%*s", number >= 10 ? 5 : 4, "");
    char first[16];
    snprintf(first, sizeof first, "%2d. ", number);
    const char *headline = s_of(story, "headline");
    wrapped_after(first, indent, headline && headline[0] ? headline : "(no headline)");
    meta_line(indent, story);
    const cJSON *s;
    int n = 0;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(story, "summary"))
    {
        if (!cJSON_IsString(s) || n++ >= sentences)
            break;
        wrapped(indent, s->valuestring);
    }
    fputc('\n', stdout);
}

static void print_front(const cJSON *doc)
{
    const cJSON *stories = cJSON_GetObjectItemCaseSensitive(doc, "stories");
    int hot = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "hot"));
    const char *now = s_of(doc, "now");
    printf("%s%s%s%s\n\n", hot ? "Hot now" : "Front page", now ? " (desk clock " : "", now ? now : "", now ? ")" : "");
    int n = (int)n_of(doc, "offset");
    const cJSON *story;
    cJSON_ArrayForEach(story, stories)
    print_card(++n, story, 2);
    if (cJSON_GetArraySize(stories) == 0)
        printf(hot ? "No story is rising now.\n" : "No stories in the store yet.\n");
}

static void print_names(const char *label, const cJSON *list)
{
    if (cJSON_GetArraySize(list) == 0)
        return;
    char line[4096];
    size_t used = (size_t)snprintf(line, sizeof line, "%s: ", label);
    const cJSON *e;
    int first = 1;
    cJSON_ArrayForEach(e, list)
    {
        const char *name = s_of(e, "name");
        if (name && used < sizeof line)
            used += (size_t)snprintf(line + used, sizeof line - used, "%s%s", first ? "" : ", ", name);
        first = 0;
    }
    wrapped("", line);
}

static void print_story(const cJSON *story)
{
    const char *headline = s_of(story, "headline");
    wrapped("", headline && headline[0] ? headline : "(no headline)");
    meta_line("", story);
    printf("storyline %.0f · when from the %s\n\n", n_of(story, "storyline"),
           s_of(story, "when_from") ? s_of(story, "when_from") : "(unknown)");
    const cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(story, "summary"))
    if (cJSON_IsString(s))
        wrapped("  ", s->valuestring);
    printf("\nSources (timeline)\n");
    const cJSON *a;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(story, "articles"))
    {
        const char *source = s_of(a, "source"), *url = s_of(a, "url"), *title = s_of(a, "title");
        const char *day = s_of(a, "day"), *copy = s_of(a, "duplicate_of");
        printf("  %-10s  %s%s%s%s%s%s\n", day ? day : "undated", s_of(a, "id"), source && source[0] ? " · " : "",
               source ? source : "", url && url[0] ? " · " : "", url ? url : "", copy ? " (copy)" : "");
        const char *lead = s_of(a, "lead");
        if (title && title[0])
            wrapped("              ", title);
        else if (lead && lead[0])
            wrapped("              ", lead);
    }
    fputc('\n', stdout);
    print_names("People", cJSON_GetObjectItemCaseSensitive(story, "people"));
    print_names("Organisations", cJSON_GetObjectItemCaseSensitive(story, "organisations"));
    print_names("Places", cJSON_GetObjectItemCaseSensitive(story, "places"));
    const cJSON *quotes = cJSON_GetObjectItemCaseSensitive(story, "quotes");
    if (cJSON_GetArraySize(quotes)) {
        printf("\nQuotes\n");
        const cJSON *q;
        cJSON_ArrayForEach(q, quotes)
        {
            int direct = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(q, "direct"));
            const char *speaker = s_of(q, "speaker");
            char line[8192];
            snprintf(line, sizeof line, "%s%s%s — %s%s", direct ? "\xE2\x80\x9C" : "", s_of(q, "text"),
                     direct ? "\xE2\x80\x9D" : "", speaker && speaker[0] ? speaker : "unattributed",
                     direct ? "" : " (reported)");
            wrapped("  ", line);
        }
    }
    const cJSON *passages = cJSON_GetObjectItemCaseSensitive(story, "passages");
    if (cJSON_GetArraySize(passages)) {
        printf("\nShared passages\n");
        const cJSON *p;
        cJSON_ArrayForEach(p, passages)
        {
            printf("  %s and %s, %.0f words:\n", s_of(p, "a"), s_of(p, "b"), n_of(p, "words"));
            wrapped("    ", s_of(p, "a_text"));
        }
    }
}

static void print_storyline(const cJSON *doc)
{
    printf("Storyline %.0f: %.0f stor%s, %.0f article%s\n\n", n_of(doc, "id"), n_of(doc, "story_count"),
           n_of(doc, "story_count") == 1 ? "y" : "ies", n_of(doc, "article_count"),
           n_of(doc, "article_count") == 1 ? "" : "s");
    int n = 0;
    const cJSON *story;
    cJSON_ArrayForEach(story, cJSON_GetObjectItemCaseSensitive(doc, "stories"))
    print_card(++n, story, 1);
}

static void print_entity(const cJSON *doc)
{
    printf("%s (%s), named in %.0f articles\n", s_of(doc, "name"), s_of(doc, "type"), n_of(doc, "article_count"));
    const cJSON *variants = cJSON_GetObjectItemCaseSensitive(doc, "variants");
    if (cJSON_GetArraySize(variants)) {
        char line[4096];
        size_t used = (size_t)snprintf(line, sizeof line, "Also written: ");
        const cJSON *v;
        int first = 1;
        cJSON_ArrayForEach(v, variants)
        {
            if (cJSON_IsString(v) && used < sizeof line)
                used += (size_t)snprintf(line + used, sizeof line - used, "%s%s", first ? "" : ", ", v->valuestring);
            first = 0;
        }
        wrapped("", line);
    }
    printf("\nStories over time\n\n");
    int n = 0;
    const cJSON *story;
    cJSON_ArrayForEach(story, cJSON_GetObjectItemCaseSensitive(doc, "stories"))
    print_card(++n, story, 1);
}

static void print_search(const cJSON *doc)
{
    printf("Search: %s (%.0f stor%s)\n\n", s_of(doc, "query"), n_of(doc, "total"), n_of(doc, "total") == 1 ? "y" : "ies");
    int n = (int)n_of(doc, "offset");
    const cJSON *story;
    cJSON_ArrayForEach(story, cJSON_GetObjectItemCaseSensitive(doc, "stories"))
    {
        char first[16];
        snprintf(first, sizeof first, "%2d. ", ++n);
        wrapped_after(first, n >= 10 ? "     " : "    ", s_of(story, "headline"));
        meta_line("    ", story);
        /* Matches are marked with U+2039 and U+203A in the JSON; [ and ] on a terminal. */
        const char *snippet = s_of(story, "snippet");
        char *text = strdup(snippet ? snippet : "");
        if (text) {
            char *o = text;
            for (const char *p = text; *p;) {
                if (strncmp(p, "\xE2\x80\xB9", 3) == 0 || strncmp(p, "\xE2\x80\xBA", 3) == 0) {
                    *o++ = p[2] == '\xB9' ? '[' : ']';
                    p += 3;
                } else
                    *o++ = *p++;
            }
            *o = '\0';
            wrapped("    ", text);
            free(text);
        }
        fputc('\n', stdout);
    }
    if (n_of(doc, "total") == 0)
        printf("No story matches.\n");
}

/* Prints a view's JSON, or its text. Returns the exit status. */
static int emit(int rc, char *json, int as_json, void (*print_text)(const cJSON *), const char *what, const char *key)
{
    if (rc != ND_OK) {
        if (rc == ND_ENOTFOUND)
            fprintf(stderr, "newsdesk: no %s '%s' in the store\n", what, key);
        else
            fprintf(stderr, "newsdesk: %s: %s\n", what, nd_strerror(rc));
        free(json);
        return rc == ND_ENOTFOUND ? 1 : 2;
    }
    if (as_json)
        printf("%s\n", json);
    else {
        cJSON *doc = cJSON_Parse(json);
        if (!doc) {
            free(json);
            fprintf(stderr, "newsdesk: %s: %s\n", what, nd_strerror(ND_ENOMEM));
            return 2;
        }
        print_text(doc);
        cJSON_Delete(doc);
    }
    free(json);
    return 0;
}

/* ---- the commands ---------------------------------------------------------------------------- */
int command_front(int argc, char **argv, nd_options *options)
{
    (void)options;
    view_args args;
    int rc = parse_view_args(argc, argv, usage_front, 1, &args);
    if (rc != -1)
        return rc;
    if (args.operand_count)
        return cli_usage_error(usage_front, "unexpected argument '%s'", args.operands[0]);
    nd_store *store;
    if (open_existing(args.db, &store))
        return 2;
    char *json = NULL;
    rc = nd_view_front(store, &args.query, &json);
    nd_store_close(store);
    return emit(rc, json, args.json, print_front, "front page", "");
}

static int id_command(int argc, char **argv, const char *usage, const char *what,
                      int (*view)(nd_store *, long long, char **), void (*print_text)(const cJSON *))
{
    view_args args;
    int rc = parse_view_args(argc, argv, usage, 0, &args);
    if (rc != -1)
        return rc;
    if (args.operand_count == 0)
        return cli_usage_error(usage, "%s", "no ID given");
    if (args.operand_count > 1)
        return cli_usage_error(usage, "unexpected argument '%s'", args.operands[1]);
    const char *text = args.operands[0];
    char *end = NULL;
    long long id = strtoll(text, &end, 10);
    if (!end || end == text || *end || id < 1)
        return cli_usage_error(usage, "ID is a number from 1, not '%s'", text);
    nd_store *store;
    if (open_existing(args.db, &store))
        return 2;
    char *json = NULL;
    rc = view(store, id, &json);
    nd_store_close(store);
    return emit(rc, json, args.json, print_text, what, text);
}

int command_story(int argc, char **argv, nd_options *options)
{
    (void)options;
    return id_command(argc, argv, usage_story, "story", nd_view_story, print_story);
}

int command_storyline(int argc, char **argv, nd_options *options)
{
    (void)options;
    return id_command(argc, argv, usage_storyline, "storyline", nd_view_storyline, print_storyline);
}

/* The operands joined by spaces, into a malloc'd string. */
static char *join_operands(const view_args *args)
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

int command_entity(int argc, char **argv, nd_options *options)
{
    (void)options;
    view_args args;
    int rc = parse_view_args(argc, argv, usage_entity, 0, &args);
    if (rc != -1)
        return rc;
    if (args.operand_count == 0)
        return cli_usage_error(usage_entity, "%s", "no NAME given");
    char *name = join_operands(&args);
    nd_store *store;
    if (!name || open_existing(args.db, &store)) {
        free(name);
        return 2;
    }
    char *json = NULL;
    rc = nd_view_entity_named(store, name, &json);
    nd_store_close(store);
    rc = emit(rc, json, args.json, print_entity, "entity", name);
    free(name);
    return rc;
}

int command_search(int argc, char **argv, nd_options *options)
{
    (void)options;
    view_args args;
    int rc = parse_view_args(argc, argv, usage_search, 0, &args);
    if (rc != -1)
        return rc;
    if (args.operand_count == 0)
        return cli_usage_error(usage_search, "%s", "no QUERY given");
    char *text = join_operands(&args);
    nd_store *store;
    if (!text || open_existing(args.db, &store)) {
        free(text);
        return 2;
    }
    char *json = NULL;
    rc = nd_view_search(store, text, &args.query, &json);
    nd_store_close(store);
    rc = emit(rc, json, args.json, print_search, "search", text);
    free(text);
    return rc;
}

/* ---- serve ----------------------------------------------------------------------------------- */
static volatile int stop_serving;

static void on_signal(int signal)
{
    (void)signal;
    stop_serving = 1;
}

static void announce(void *user, int port)
{
    const char *bind = user;
    printf("newsdesk: serving on http://%s:%d/ (Ctrl-C stops)\n", bind, port);
    fflush(stdout);
}

int command_serve(int argc, char **argv, nd_options *options)
{
    nd_serve_options serve;
    nd_serve_options_init(&serve);
    serve.options = options;
    serve.token = getenv("NEWSDESK_TOKEN");
    const char *gazetteer_path = NULL;
    static const struct option longs[] = {{"db", required_argument, NULL, 'd'},
                                          {"port", required_argument, NULL, 'p'},
                                          {"bind", required_argument, NULL, 'b'},
                                          {"token", required_argument, NULL, 't'},
                                          {"gazetteer", required_argument, NULL, 'g'},
                                          {"max-body", required_argument, NULL, 'm'},
                                          {"threads", required_argument, NULL, 'T'},
                                          {"timeout", required_argument, NULL, 'o'},
                                          CLI_HELP_OPTION,
                                          {NULL, 0, NULL, 0}};
    int c, status;
    cli_options_begin();
    while ((c = cli_next_option(argc, argv, "h", longs, usage_serve, &status)) != -1) {
        if (c == CLI_EXIT)
            return status;
        const char *v = optarg;
        long long n = 0;
        int rc = -1;
        if (c == 'd')
            serve.db_path = v;
        else if (c == 'b')
            serve.bind = v;
        else if (c == 't')
            serve.token = v;
        else if (c == 'g')
            gazetteer_path = v;
        else if (c == 'p' && (rc = parse_count(usage_serve, "--port", v, 0, 65535, &n)) == -1)
            serve.port = (int)n;
        else if (c == 'm' && (rc = parse_count(usage_serve, "--max-body", v, 1, 1LL << 32, &n)) == -1)
            serve.max_body_bytes = (size_t)n;
        else if (c == 'T' && (rc = parse_count(usage_serve, "--threads", v, 1, 64, &n)) == -1)
            serve.threads = (unsigned)n;
        else if (c == 'o' && (rc = parse_count(usage_serve, "--timeout", v, 1, 3600, &n)) == -1)
            serve.timeout_seconds = (unsigned)n;
        if (rc != -1)
            return rc;
    }
    if (optind < argc)
        return cli_usage_error(usage_serve, "unexpected argument '%s'", argv[optind]);
    if (serve.token && !serve.token[0])
        serve.token = NULL;
    int loopback = strcmp(serve.bind, "127.0.0.1") == 0 || strncmp(serve.bind, "127.", 4) == 0 ||
                   strcmp(serve.bind, "::1") == 0 || strcmp(serve.bind, "localhost") == 0;
    if (!loopback && !serve.token)
        return cli_usage_error(usage_serve, "binding to %s (beyond loopback) needs --token", serve.bind);
    nd_gazetteer *gazetteer = NULL;
    if (cli_load_gazetteer(gazetteer_path, "serve", 0, &gazetteer) != 0)
        return 2;
    serve.gazetteer = gazetteer;
    serve.stop = &stop_serving;
    serve.on_ready = announce;
    serve.user = (void *)serve.bind;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    signal(SIGPIPE, SIG_IGN);
    int rc = nd_serve(&serve);
    nd_gazetteer_free(gazetteer);
    if (rc != ND_OK) {
        fprintf(stderr, "newsdesk: serve: %s\n",
                rc == ND_EIO ? "cannot listen on that address and port, or cannot open the store" : nd_strerror(rc));
        return 2;
    }
    return 0;
}
