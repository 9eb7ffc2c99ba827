/*
 * serve.c: `newsdesk serve`, the HTTP server (web pages, JSON API, Atom feed, POST
 * /api/articles) over the store, until SIGINT or SIGTERM; over the public header.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "view_args.h"

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
        else if (c == 'p' && (rc = view_count(usage_serve, "--port", v, 0, 65535, &n)) == -1)
            serve.port = (int)n;
        else if (c == 'm' && (rc = view_count(usage_serve, "--max-body", v, 1, 1LL << 32, &n)) == -1)
            serve.max_body_bytes = (size_t)n;
        else if (c == 'T' && (rc = view_count(usage_serve, "--threads", v, 1, 64, &n)) == -1)
            serve.threads = (unsigned)n;
        else if (c == 'o' && (rc = view_count(usage_serve, "--timeout", v, 1, 3600, &n)) == -1)
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
