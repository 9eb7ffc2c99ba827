/*
 * main.c: the newsdesk command: the list of commands and the dispatch to each. Every command
 * lives in its own file over the public header (cli/commands.h lists them); what they share is
 * in cli/common.c. Bad input is reported on standard error as "newsdesk: FILE:LINE: what is
 * wrong". Exit status: 0 when all input was used, 1 when some was skipped, 2 on a usage error or
 * when the engine failed.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "extract.h"
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

/* The commands, in the order of the usage text. */
static const struct {
    const char *name;
    int (*run)(int argc, char **argv, nd_options *options);
} commands[] = {
    {"clean", command_clean},   {"dedup", command_dedup},         {"extract", command_extract},
    {"cluster", command_cluster}, {"stories", command_stories},   {"eval", command_eval},
    {"ingest", command_ingest}, {"watch", command_watch},         {"feeds", command_feeds},
    {"export", command_export}, {"front", command_front},         {"story", command_story},
    {"storyline", command_storyline}, {"entity", command_entity}, {"search", command_search},
    {"serve", command_serve},
};

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
    options.on_diagnostic = cli_print_diagnostic;
    options.on_progress = cli_progress;
    int (*run)(int, char **, nd_options *) = NULL;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0] && !run; i++)
        if (strcmp(command, commands[i].name) == 0)
            run = commands[i].run;
    if (!run)
        return cli_usage_error(usage_main, "unknown command '%s'", command);
    int status = run(argc - 1, argv + 1, &options);
    cli_progress_end();
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "newsdesk: cannot write output\n");
        return 2;
    }
    return status;
}
