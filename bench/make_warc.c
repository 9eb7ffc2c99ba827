/*
 * make_warc.c: writes a synthetic WARC.gz of a given compressed size, one gzip member per
 * record, from a fixed seed (the same arguments give the same bytes), for bench_warc and the
 * flat-memory check. Each page is a response record: HTTP headers, then HTML with a navigation
 * bar, a script, an article of 5 to 14 paragraphs of words drawn from a synthetic vocabulary
 * with Zipf-like frequencies, and a footer; every tenth record is a request record and every
 * twentieth an image response, so the reader also passes records over.
 *
 *     make_warc OUT.warc.gz MEGABYTES [SEED]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static uint64_t state;
static uint64_t next_random(void)
{
    state += 0x9e3779b97f4a7c15ULL;
    uint64_t x = state;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

#define WORDS 6000
static char vocabulary[WORDS][16];

static void make_vocabulary(void)
{
    static const char *syllables[] = {"ka", "ro", "mi", "ten", "sa", "lu", "ber", "gi", "on", "de",
                                      "vra", "pel", "is", "tu", "nam", "or", "che", "fi", "al", "mo"};
    for (int i = 0; i < WORDS; i++) {
        int n = 1 + (int)(next_random() % 4);
        vocabulary[i][0] = '\0';
        for (int k = 0; k < n; k++)
            strcat(vocabulary[i], syllables[next_random() % 20]);
    }
}

static const char *word(void)
{
    /* Zipf-like: the square of a uniform number favours the first words */
    double u = (double)(next_random() >> 11) / 9007199254740992.0;
    return vocabulary[(int)(u * u * u * WORDS)];
}

typedef struct buf { char *data; size_t len, cap; } buf;
static void put(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->data = realloc(b->data, b->cap);
        if (!b->data)
            abort();
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}
static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

static void page(buf *b, long n)
{
    char line[512];
    snprintf(line, sizeof line, "<!doctype html><html><head><meta charset=\"utf-8\"><title>%s %s %s</title>"
             "<meta property=\"article:published_time\" content=\"2024-%02ld-%02ldT08:00:00Z\">"
             "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
             "gtag('js',new Date());gtag('config','G-%06ld');</script></head><body>",
             word(), word(), word(), 1 + n % 12, 1 + n % 28, n % 999999);
    puts_(b, line);
    puts_(b, "<header><nav><ul>");
    for (int i = 0; i < 24; i++) {
        snprintf(line, sizeof line, "<li><a href=\"/section/%s\">%s</a></li>", word(), word());
        puts_(b, line);
    }
    puts_(b, "</ul></nav></header><main><article><h1>");
    for (int i = 0; i < 8; i++) {
        puts_(b, word());
        puts_(b, " ");
    }
    puts_(b, "</h1>");
    int paragraphs = 5 + (int)(next_random() % 10);
    for (int p = 0; p < paragraphs; p++) {
        puts_(b, "<p>");
        int words = 30 + (int)(next_random() % 60);
        for (int w = 0; w < words; w++) {
            puts_(b, word());
            puts_(b, w % 11 == 10 ? ", " : " ");
        }
        puts_(b, "end.</p>\n");
    }
    puts_(b, "</article><aside class=\"related\"><ul>");
    for (int i = 0; i < 8; i++) {
        snprintf(line, sizeof line, "<li><a href=\"/story/%ld-%d\">%s %s %s</a></li>", n, i, word(), word(), word());
        puts_(b, line);
    }
    puts_(b, "</ul></aside></main><footer><p>Copyright 2024. All rights reserved.</p></footer></body></html>");
}

static void member(FILE *out, const char *data, size_t len, unsigned char *zbuf, size_t zcap, size_t *written)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        abort();
    z.next_in = (unsigned char *)data;
    z.avail_in = (uInt)len;
    z.next_out = zbuf;
    z.avail_out = (uInt)zcap;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END)
        abort();
    size_t n = zcap - z.avail_out;
    fwrite(zbuf, 1, n, out);
    *written += n;
    deflateEnd(&z);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: make_warc OUT.warc.gz MEGABYTES [SEED]\n");
        return 2;
    }
    FILE *out = fopen(argv[1], "wb");
    if (!out) {
        perror(argv[1]);
        return 1;
    }
    size_t target = (size_t)(atof(argv[2]) * 1e6);
    state = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
    make_vocabulary();
    buf html = {0}, record = {0};
    size_t zcap = 1u << 22, written = 0;
    unsigned char *zbuf = malloc(zcap);
    long n = 0;
    while (written < target) {
        html.len = record.len = 0;
        const char *type = "response";
        char http[256];
        if (n % 10 == 9) {
            type = "request";
            puts_(&html, "GET /story HTTP/1.1\r\nHost: news.example\r\n\r\n");
            http[0] = '\0';
        } else if (n % 20 == 7) {
            snprintf(http, sizeof http, "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n");
            for (int i = 0; i < 2000; i++) {
                char c = (char)(next_random() & 0xff);
                put(&html, &c, 1);
            }
        } else {
            snprintf(http, sizeof http, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n");
            page(&html, n);
        }
        char head[512];
        int head_len = snprintf(head, sizeof head,
                                "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: https://news%ld.example/story/%ld\r\n"
                                "WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:bench-%ld>\r\n"
                                "Content-Type: application/http; msgtype=%s\r\nContent-Length: %zu\r\n\r\n",
                                type, n % 50, n, n, type, strlen(http) + html.len);
        put(&record, head, (size_t)head_len);
        puts_(&record, http);
        put(&record, html.data, html.len);
        puts_(&record, "\r\n\r\n");
        member(out, record.data, record.len, zbuf, zcap, &written);
        n++;
    }
    fclose(out);
    fprintf(stderr, "make_warc: %ld records, %zu bytes\n", n, written);
    free(html.data);
    free(record.data);
    free(zbuf);
    return 0;
}
