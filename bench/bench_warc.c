/*
 * bench_warc.c: reads a WARC or WARC.gz through src/read/warc.c and, unless --read-only, extracts
 * every HTML record (nd__html_extract_charset), keeping nothing: the reader's speed and its
 * memory, flat in the archive's length. Prints records, MB/s of compressed input on CPU time
 * (one thread), peak RSS, and an XXH3 hash over every record's url and extracted body.
 *
 *     bench_warc [--read-only] FILE.warc.gz
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <xxhash.h>

#include "html.h"
#include "newsdesk.h"
#include "warc.h"

static double seconds(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int read_only = argc > 2 && strcmp(argv[1], "--read-only") == 0;
    const char *path = argv[argc - 1];
    if (argc < 2) {
        fprintf(stderr, "usage: bench_warc [--read-only] FILE.warc.gz\n");
        return 2;
    }
    FILE *file = fopen(path, "rb");
    if (!file) {
        perror(path);
        return 1;
    }
    double wall0 = seconds(CLOCK_MONOTONIC), cpu0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
    nd__warc *w;
    if (nd__warc_open(&w, nd__warc_read_file, file, NULL, 0) != ND_OK)
        return 1;
    XXH3_state_t *hash = XXH3_createState();
    XXH3_64bits_reset(hash);
    nd__warc_record record;
    unsigned long long html_bytes = 0, extracted = 0, failed = 0, bad = 0;
    int rc;
    while ((rc = nd__warc_next(w, &record)) != ND__WARC_END) {
        if (rc == ND_ENOMEM)
            return 1;
        if (rc != ND_OK) {
            bad++;
            fprintf(stderr, "bench_warc: %s\n", nd__warc_message(w));
            continue;
        }
        html_bytes += record.raw.text_len;
        XXH3_64bits_update(hash, record.raw.url, record.raw.url_len);
        if (read_only) {
            XXH3_64bits_update(hash, record.raw.text, record.raw.text_len);
            continue;
        }
        nd__html_doc doc;
        if (nd__html_extract_charset(record.raw.text, record.raw.text_len, record.raw.charset, &doc) == ND_OK) {
            XXH3_64bits_update(hash, doc.body, doc.body_len);
            extracted++;
            nd__html_doc_free(&doc);
        } else {
            failed++;
        }
    }
    const nd__warc_stats *stats = nd__warc_stats_of(w);
    double wall = seconds(CLOCK_MONOTONIC) - wall0, cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf("RESULT mode=%s records=%llu html=%llu extracted=%llu failed=%llu corrupt=%llu compressed_mb=%.1f "
           "html_mb=%.1f wall=%.2f cpu=%.2f compressed_mb_per_s=%.1f html_mb_per_s=%.1f peak_rss_mb=%.1f "
           "hash=%016llx\n",
           read_only ? "read" : "extract", (unsigned long long)stats->records,
           (unsigned long long)stats->articles, extracted, failed, bad,
           (double)stats->compressed_bytes / 1e6, (double)html_bytes / 1e6, wall, cpu,
           (double)stats->compressed_bytes / 1e6 / cpu, (double)html_bytes / 1e6 / cpu,
           (double)usage.ru_maxrss / 1024.0, (unsigned long long)XXH3_64bits_digest(hash));
    XXH3_freeState(hash);
    nd__warc_free(w);
    fclose(file);
    return 0;
}
