/*
 * common.h: what every command of the CLI shares: option parsing with getopt_long
 * conventions, usage errors, reading paths through an engine, diagnostics and progress on
 * standard error, opening the store, and finding the gazetteer and the story weights.
 */
#ifndef ND_CLI_COMMON_H
#define ND_CLI_COMMON_H

#include <getopt.h>

#include "newsdesk.h"

/* ---- options, after getopt_long ------------------------------------------------------------
 * Every command parses its argv (argv[0] the command name) the same way: options anywhere
 * among the paths, `--opt=value` or `--opt value`, unique prefixes of long options, `--` ends
 * the options, `-` alone is a path (standard input). -h/--help prints the command's whole usage
 * text on standard output; a usage error prints one line saying what is wrong, the short usage
 * (the usage text's first paragraph) and a pointer to --help, on standard error, exit status 2.
 *
 *     static const struct option longs[] = {{"json", no_argument, NULL, 'j'}, CLI_HELP_OPTION,
 *                                           {NULL, 0, NULL, 0}};
 *     int c, status;
 *     cli_options_begin();
 *     while ((c = cli_next_option(argc, argv, "h", longs, usage, &status)) != -1) {
 *         if (c == CLI_EXIT) return status;
 *         switch (c) { case 'j': ...; }
 *     }
 *     paths: argv + optind, argc - optind
 */
#define CLI_HELP_OPTION {"help", no_argument, NULL, 'h'}
#define CLI_EXIT (-2)

/* Resets getopt for a new argv; call before the first cli_next_option. */
void cli_options_begin(void);
/* The next option's code (optarg holds its value), -1 when the options are done (the paths are
 * then argv[optind..argc)), or CLI_EXIT after printing the help (*status 0) or a usage error
 * (*status 2). `shorts` lists the short options as getopt does ("h" for -h; "t:" takes a
 * value). */
int cli_next_option(int argc, char **argv, const char *shorts, const struct option *longs,
                    const char *usage, int *status);

/* A number option's value: the whole of `text` must be a number in [min, max] (or, when
 * `above_min`, in (min, max]); else a usage error naming `option`. Returns 0 or 2. */
int cli_number(const char *usage, const char *option, const char *text, double min, int above_min,
               double max, double *out);
/* A whole number in [min, max]; returns 0 or 2 as cli_number. */
int cli_whole(const char *usage, const char *option, const char *text, long min, long max, long *out);

/* Reads every path through the engine and finishes it (nd_engine_finish). Returns the exit
 * status so far: 0, 1 (something was skipped, already reported) or 2 (the engine failed or a
 * callback stopped it; reported here). */
int cli_read_paths(nd_engine *engine, char **paths, int count);

/* Prints "newsdesk COMMAND: " + fmt (with one string argument), the short usage and a pointer
 * to 'newsdesk COMMAND --help' on standard error; returns 2, the exit status of a usage error.
 * The command's name is read from `usage` ("usage: newsdesk COMMAND ..."). */
int cli_usage_error(const char *usage, const char *fmt, const char *arg);

/* Checks, before any work, that `path` can be written later: its directory exists and is
 * writable, and it is not a directory itself. Returns 0, or 2 after a message naming `option`
 * (e.g. "--save"). */
int cli_check_writable(const char *usage, const char *option, const char *path);


/* Stores: a path is a file of the embedded store, a postgresql:// (or postgres://) URL a
 * PostgreSQL server's (docs/postgresql.md). The default is $NEWSDESK_DB, else ./newsdesk.db.
 * A URL always "exists": the server says whether it holds a store. */
int cli_store_is_url(const char *db);
const char *cli_default_db(void);
int cli_store_exists(const char *db);

/* ---- output shared by every command ---------------------------------------------------------- */
/* nd_options.on_diagnostic: "newsdesk: WHERE:LINE: message" (or "newsdesk: WHERE: message") on
 * standard error. */
void cli_print_diagnostic(void *user, const char *where, long line, int status, const char *message);
/* nd_options.on_progress: a progress line on standard error when it is a terminal, a bar when the
 * total is known, redrawn at most five times a second; cli_progress_end clears it. */
void cli_progress(void *user, const char *phase, size_t done, size_t total);
void cli_progress_end(void);
/* Opens the store at `path`, saying why not on standard error. Returns 0 or the exit status 2. */
int cli_open_store(const char *path, nd_store **store);

/* The path `relative` to the directory of the running executable, or NULL; malloc'd. */
char *cli_beside_executable(const char *relative);

/* Loads the gazetteer of places: `explicit_path` (--gazetteer) when given ("none": no
 * gazetteer, and no word about it), else $NEWSDESK_GAZETTEER, else gazetteer/places.tsv beside
 * the executable (where scripts/gazetteer.sh puts it for build/), else places.tsv in the
 * installed data directory (ND_DATA_DIR, e.g. /usr/local/share/newsdesk). Sets *out, NULL when
 * none loaded; when `report_missing`, says so on standard error, naming `command`. Returns 2
 * after a message when an explicit path cannot be loaded, else 0. */
int cli_load_gazetteer(const char *explicit_path, const char *command, int report_missing,
                       nd_gazetteer **out);

/* Loads the learned story weights into `cluster` (unless `hand_tuned`): `explicit_path`
 * (--weights) when given, else $NEWSDESK_STORY_WEIGHTS, else story_weights.txt beside the
 * executable, else ../share/newsdesk/story_weights.txt from it. A missing or damaged file is
 * reported (file and line) and gives 2; else 0, with *used (may be NULL) the path loaded,
 * malloc'd, or NULL when hand-tuned. */
int cli_load_story_weights(nd_cluster *cluster, const char *explicit_path, int hand_tuned, char **used);

#endif
