/*
 * watch.c: the feed commands over the public header. `watch` follows feeds (an OPML list or
 * URLs, added to the store) and ingests their new items, one poll round after another, with a
 * progress line per round; `feeds` lists the followed feeds with their last result, adds and
 * removes them, and imports and exports OPML.
 */
#include <errno.h>
#include <signal.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "json.h"

const char usage_watch[] =
    "usage: newsdesk watch [--db PATH] [--once] [--interval SECONDS] [--timeout SECONDS]\n"
    "                      [--gazetteer FILE] [FEEDS.opml | URL]...\n"
    "\n"
    "Follows RSS 2.0, RSS 1.0, Atom and JSON feeds over HTTP(S) and ingests their new items into\n"
    "the store as 'newsdesk ingest' does: the item's content when the feed carries it, otherwise\n"
    "the article page (robots.txt obeyed), fetched and extracted. Feeds given (URLs, or OPML files)\n"
    "are added to the store's list first; with none, the list the store holds is followed.\n"
    "Conditional requests (ETag, Last-Modified), at most two requests at a time per host, a\n"
    "timeout and a size limit per request; a failing feed is polled less often (the interval\n"
    "doubles with each failure, Retry-After is honoured) and never holds up the others.\n"
    "Restarting adds nothing already taken. One line per round on standard error:\n"
    "  watch: round N: feeds N, unchanged N, failed N, new items N, pages N, added N\n"
    "\n"
    "  --db PATH          the store (default ./newsdesk.db)\n"
    "  --once             one round over every feed (but one that asked to wait, 429/503 with\n"
    "                     Retry-After), then exit\n"
    "  --interval SECONDS between polls of one feed (default 900)\n"
    "  --timeout SECONDS  per request (default 20)\n"
    "  --gazetteer FILE   places for extraction (as 'newsdesk ingest')\n"
    "  -h, --help         show this help\n";

const char usage_feeds[] =
    "usage: newsdesk feeds [--db PATH] [--json]\n"
    "       newsdesk feeds [--db PATH] add URL... | remove URL... | import FILE.opml | export\n"
    "\n"
    "Without a verb, lists the followed feeds: URL, title, last HTTP status, when an item was last\n"
    "taken, items taken, failures in a row and the last error. 'add' and 'remove' change the list,\n"
    "'import' adds the feeds of an OPML file, 'export' prints the list as OPML 2.0.\n"
    "\n"
    "  --db PATH   the store (default ./newsdesk.db)\n"
    "  --json      one JSON object per feed\n"
    "  -h, --help  show this help\n";

static volatile sig_atomic_t stop_requested;
static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *data = malloc(cap);
    size_t got;
    while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            if (cap >= (64u << 20)) {
                free(data);
                data = NULL;
                break;
            }
            char *grown = realloc(data, cap *= 2);
            if (!grown) {
                free(data);
                data = NULL;
            } else
                data = grown;
        }
    }
    fclose(f);
    *len = n;
    return data;
}

static int import_opml(nd_store *store, const char *path)
{
    size_t len;
    char *data = slurp(path, &len);
    if (!data) {
        fprintf(stderr, "newsdesk: %s: cannot read: %s\n", path, strerror(errno));
        return 2;
    }
    size_t added;
    char why[256] = "";
    int rc = nd_opml_import(store, data, len, &added, why, sizeof why);
    free(data);
    if (rc != ND_OK) {
        fprintf(stderr, "newsdesk: %s: %s\n", path, why[0] ? why : nd_strerror(rc));
        return 2;
    }
    fprintf(stderr, "newsdesk: %s: %zu feed%s added\n", path, added, added == 1 ? "" : "s");
    return 0;
}

static int is_url(const char *s) { return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0; }

/* ---- watch ----------------------------------------------------------------------------------- */
int command_watch(int argc, char **argv, nd_options *options)
{
    const char *db = cli_default_db(), *gazetteer_path = NULL;
    nd_watch_options w = {0};
    int once = 0;
    static const struct option longs[] = {{"db", required_argument, NULL, 'd'},
                                          {"once", no_argument, NULL, '1'},
                                          {"interval", required_argument, NULL, 'i'},
                                          {"timeout", required_argument, NULL, 't'},
                                          {"gazetteer", required_argument, NULL, 'g'},
                                          CLI_HELP_OPTION,
                                          {NULL, 0, NULL, 0}};
    int c, parsed;
    cli_options_begin();
    while ((c = cli_next_option(argc, argv, "h", longs, usage_watch, &parsed)) != -1) {
        if (c == CLI_EXIT)
            return parsed;
        if (c == '1')
            once = 1;
        else if (c == 'd')
            db = optarg;
        else if (c == 'g')
            gazetteer_path = optarg;
        else {
            double x;
            if (cli_number(usage_watch, c == 'i' ? "--interval" : "--timeout", optarg, 0, 1, 1e7, &x))
                return 2;
            if (c == 'i')
                w.interval = x;
            else
                w.timeout_ms = (long)(x * 1000);
        }
    }
    int first = optind;
    nd_store *store;
    if (cli_open_store(db, &store) != 0)
        return 2;
    int status = 0;
    for (int i = first; i < argc && status == 0; i++) {
        if (is_url(argv[i])) {
            int rc = nd_store_feed_add(store, argv[i], NULL);
            if (rc < 0) {
                fprintf(stderr, "newsdesk: %s: %s\n", db, nd_store_error(store));
                status = 2;
            }
        } else {
            status = import_opml(store, argv[i]);
        }
    }
    nd_gazetteer *gazetteer = NULL;
    if (status == 0 && cli_load_gazetteer(gazetteer_path, "watch", 0, &gazetteer) != 0)
        status = 2;
    options->on_progress = NULL;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    w.all = once;
    for (int round = 1; status == 0 && !stop_requested; round++) {
        nd_watch_stats stats;
        int rc = nd_watch_poll(store, options, gazetteer, &w, &stats);
        if (rc != ND_OK) {
            fprintf(stderr, "newsdesk: %s: %s%s%s\n", db, nd_strerror(rc), rc == ND_EIO ? ": " : "",
                    rc == ND_EIO ? nd_store_error(store) : "");
            status = 2;
            break;
        }
        fprintf(stderr, "watch: round %d: feeds %zu, unchanged %zu, failed %zu, new items %zu, pages %zu, added %zu\n",
                round, stats.feeds, stats.unchanged, stats.failed, stats.new_items, stats.pages, stats.ingest.added);
        if (once)
            break;
        long long wait = stats.next_due - (long long)time(NULL);
        if (wait < 1)
            wait = 1;
        for (long long s = 0; s < wait && !stop_requested; s++)
            sleep(1);
    }
    nd_gazetteer_free(gazetteer);
    nd_store_close(store);
    return status;
}

/* ---- feeds ----------------------------------------------------------------------------------- */
static void format_time(long long t, char *out, size_t size)
{
    if (!t) {
        snprintf(out, size, "never");
        return;
    }
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int print_feed(void *user, const nd_feed *f)
{
    int json = *(int *)user;
    char last_item[32], next[32];
    format_time(f->last_new_item, last_item, sizeof last_item);
    format_time(f->next_poll, next, sizeof next);
    if (json) {
        json_writer w = {stdout, 0};
        json_begin_object(&w, NULL);
        json_cstring(&w, "url", f->url);
        json_cstring(&w, "title", f->title);
        json_integer(&w, "status", f->last_status);
        json_cstring(&w, "last_new_item", f->last_new_item ? last_item : "");
        json_integer(&w, "items", f->items);
        json_integer(&w, "errors", f->errors);
        json_cstring(&w, "error", f->error);
        json_cstring(&w, "next_poll", next);
        json_end_object(&w);
        json_end_line(&w);
    } else {
        printf("%s\n  title %s | status %ld | last new item %s | items %lld | failures %d%s%s\n", f->url,
               f->title[0] ? f->title : "-", f->last_status, last_item, f->items, f->errors,
               f->error[0] ? " | error: " : "", f->error);
    }
    return ferror(stdout) ? 1 : 0;
}

int command_feeds(int argc, char **argv, nd_options *options)
{
    (void)options;
    const char *db = cli_default_db();
    int json = 0;
    static const struct option longs[] = {{"db", required_argument, NULL, 'd'},
                                          {"json", no_argument, NULL, 'j'},
                                          CLI_HELP_OPTION,
                                          {NULL, 0, NULL, 0}};
    int c, parsed;
    cli_options_begin();
    while ((c = cli_next_option(argc, argv, "h", longs, usage_feeds, &parsed)) != -1) {
        if (c == CLI_EXIT)
            return parsed;
        if (c == 'j')
            json = 1;
        else if (c == 'd')
            db = optarg;
    }
    int i = optind;
    const char *verb = i < argc ? argv[i++] : NULL;
    if (verb && strcmp(verb, "add") && strcmp(verb, "remove") && strcmp(verb, "import") && strcmp(verb, "export"))
        return cli_usage_error(usage_feeds, "unknown verb '%s'", verb);
    if (verb && (!strcmp(verb, "add") || !strcmp(verb, "remove") || !strcmp(verb, "import")) && i >= argc)
        return cli_usage_error(usage_feeds, "'%s' needs an argument", verb);
    if ((!verb || !strcmp(verb, "export") || !strcmp(verb, "remove")) && !cli_store_exists(db)) {
        fprintf(stderr, "newsdesk: %s: no such store (add feeds with 'newsdesk feeds add' or 'watch')\n", db);
        return 2;
    }
    nd_store *store;
    if (cli_open_store(db, &store) != 0)
        return 2;
    int status = 0;
    if (!verb) {
        int rc = nd_store_feeds(store, print_feed, &json);
        if (rc != ND_OK && rc != ND_ESTOPPED) {
            fprintf(stderr, "newsdesk: %s: %s\n", db, nd_store_error(store));
            status = 2;
        }
    } else if (!strcmp(verb, "add") || !strcmp(verb, "remove")) {
        for (; i < argc && status == 0; i++) {
            if (!strcmp(verb, "add") && !is_url(argv[i])) {
                fprintf(stderr, "newsdesk: %s: not an http(s) URL\n", argv[i]);
                status = 1;
                continue;
            }
            int rc = !strcmp(verb, "add") ? nd_store_feed_add(store, argv[i], NULL) : nd_store_feed_remove(store, argv[i]);
            if (rc < 0) {
                fprintf(stderr, "newsdesk: %s: %s\n", db, nd_store_error(store));
                status = 2;
            } else if (rc == 0) {
                fprintf(stderr, "newsdesk: %s: %s\n", argv[i], !strcmp(verb, "add") ? "already followed" : "not followed");
                status = 1;
            } else {
                printf("feeds: %s %s\n", !strcmp(verb, "add") ? "added" : "removed", argv[i]);
            }
        }
    } else if (!strcmp(verb, "import")) {
        for (; i < argc && status == 0; i++)
            status = import_opml(store, argv[i]);
    } else {
        char *opml;
        int rc = nd_opml_export(store, &opml);
        if (rc != ND_OK) {
            fprintf(stderr, "newsdesk: %s: %s\n", db, nd_strerror(rc));
            status = 2;
        } else {
            fputs(opml, stdout);
            free(opml);
        }
    }
    nd_store_close(store);
    return status;
}
