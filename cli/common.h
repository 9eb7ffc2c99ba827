/*
 * common.h: what every command of the CLI shares: reading paths into a desk and reporting a
 * usage error.
 */
#ifndef ND_CLI_COMMON_H
#define ND_CLI_COMMON_H

#include "newsdesk.h"

/* Reads every path into the desk. Returns the exit status so far: 0, 1 (something was skipped,
 * already reported) or 2 (the engine failed; reported here). */
int cli_read_paths(nd_desk *desk, char **paths, int count);

/* Prints "newsdesk: " + fmt (with one string argument) and the command's usage on standard
 * error; returns 2, the exit status of a usage error. */
int cli_usage_error(const char *usage, const char *fmt, const char *arg);

/* The path `relative` to the directory of the running executable, or NULL; malloc'd. */
char *cli_beside_executable(const char *relative);

/* Loads the gazetteer of places: `explicit_path` (--gazetteer) when given, else
 * $NEWSDESK_GAZETTEER, else gazetteer/places.tsv beside the executable (where
 * scripts/gazetteer.sh puts it for build/). Sets *out, NULL when none loaded; when
 * `report_missing`, says so on standard error, naming `command`. Returns 2 after a message when
 * an explicit path cannot be loaded, else 0. */
int cli_load_gazetteer(const char *explicit_path, const char *command, int report_missing,
                       nd_gazetteer **out);

/* Loads the learned story weights into `cluster` (unless `hand_tuned`): `explicit_path`
 * (--weights) when given, else $NEWSDESK_STORY_WEIGHTS, else story_weights.txt beside the
 * executable, else ../share/newsdesk/story_weights.txt from it. A missing or damaged file is
 * reported (file and line) and gives 2; else 0, with *used (may be NULL) the path loaded,
 * malloc'd, or NULL when hand-tuned. */
int cli_load_story_weights(nd_cluster *cluster, const char *explicit_path, int hand_tuned, char **used);

#endif
