/*
 * common.c: the pieces every command shares (see common.h).
 */
#include "common.h"

#include <stdio.h>

int cli_read_paths(nd_desk *desk, char **paths, int count)
{
    int status = 0;
    for (int i = 0; i < count; i++) {
        int rc = nd_desk_read_path(desk, paths[i]);
        if (rc == ND_ESKIPPED)
            status = 1;
        else if (rc != ND_OK) {
            fprintf(stderr, "newsdesk: %s: %s\n", paths[i], nd_strerror(rc));
            return 2;
        }
    }
    return status;
}

int cli_usage_error(const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "newsdesk: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n\n%s", usage);
    return 2;
}
