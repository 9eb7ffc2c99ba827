/*
 * dedup.c: reads articles from the paths given and prints which are copies of which, through
 * the public header only. Build against an installed newsdesk with
 *   cc dedup.c $(pkg-config --cflags --libs newsdesk) -o dedup
 */
#include <newsdesk.h>
#include <stdio.h>

static int show(void *user, const nd_pair *pair)
{
    (void)user;
    printf("%s %s %s (%.2f), first: %s\n", nd_article_id(pair->a), nd_article_id(pair->b),
           nd_relation_name(pair->relation), pair->similarity, nd_article_id(pair->first));
    return 0;
}

int main(int argc, char **argv)
{
    nd_desk *desk = nd_desk_new(NULL); /* default options; diagnostics dropped */
    if (!desk)
        return 2;
    for (int i = 1; i < argc; i++)
        if (nd_desk_read_path(desk, argv[i]) < 0 && nd_desk_article_count(desk) == 0)
            fprintf(stderr, "dedup: nothing read from %s\n", argv[i]);
    printf("%zu articles\n", nd_desk_article_count(desk));
    int rc = nd_desk_dedup(desk, show, NULL);
    nd_desk_free(desk);
    return rc == ND_OK ? 0 : 1;
}
