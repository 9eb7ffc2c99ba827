/*
 * test_warc.c: web archives (src/read/warc.c) on archives written here: WARC.gz with one member per
 * record, a whole-file gzip stream and plain WARC; good HTML records, a corrupt one of each kind,
 * records that are not HTML, a charset named only by HTTP, and through tdesk_read_path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "desk.h"
#include "newsdesk.h"
#include "util.h"
#include "warc.h"

static nd__buf out; /* the archive being written */

static void put(const char *s, size_t n) { CHECK(nd__buf_append(&out, s, n) == ND_OK); }

/* One record's bytes. `http`: a response record with these HTTP headers (NULL: a resource). */
static void record_bytes(nd__buf *b, const char *type, const char *url, const char *http,
                         const char *body, long length_error)
{
    char block[65536];
    int block_len;
    if (http)
        block_len = snprintf(block, sizeof block, "%s\r\n\r\n%s", http, body);
    else
        block_len = snprintf(block, sizeof block, "%s", body);
    char head[2048];
    int head_len = snprintf(head, sizeof head,
                            "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\n"
                            "WARC-Date: 2024-03-05T10:20:30Z\r\n"
                            "WARC-Record-ID: <urn:uuid:%s>\r\n"
                            "Content-Type: %s\r\nContent-Length: %ld\r\n\r\n",
                            type, url, url + 8, http ? "application/http; msgtype=response" : "text/html",
                            (long)block_len + length_error);
    nd__buf_append(b, head, (size_t)head_len);
    nd__buf_append(b, block, (size_t)block_len);
    nd__buf_append(b, "\r\n\r\n", 4);
}

static void gzip_member(const char *data, size_t len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    CHECK(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    size_t cap = deflateBound(&z, len) + 64;
    unsigned char *zbuf = malloc(cap);
    z.next_in = (unsigned char *)data;
    z.avail_in = (uInt)len;
    z.next_out = zbuf;
    z.avail_out = (uInt)cap;
    CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
    put((const char *)zbuf, cap - z.avail_out);
    deflateEnd(&z);
    free(zbuf);
}

static const char *page(const char *title, const char *words)
{
    static char html[8192];
    snprintf(html, sizeof html,
             "<!doctype html><html><head><title>%s</title></head><body><article><h1>%s</h1>"
             "<p>%s The minister said on Tuesday that the talks would go on, according to officials "
             "who spoke to reporters in the capital.</p><p>Both sides, the statement added, had agreed "
             "to meet again next month, and a date would be set soon after the next round.</p>"
             "</article></body></html>",
             title, title, words);
    return html;
}

typedef enum { LAYOUT_MEMBERS, LAYOUT_STREAM, LAYOUT_PLAIN } layout;

/* The archive: warcinfo, three good HTML responses, a PNG, a 404, a request, an HTML resource,
 * a Latin-1 page, and one corrupt record placed per `corrupt` (1: member that does not
 * inflate, 2: Content-Length too short, 0: none). Returns offsets of the records in *offsets. */
static void write_archive(layout lay, int corrupt, size_t *corrupt_offset)
{
    nd__buf_reset(&out);
    nd__buf all;
    nd__buf_init(&all, 1u << 24);
    for (int r = 0; r < 11; r++) {
        nd__buf rec;
        nd__buf_init(&rec, 1u << 20);
        switch (r) {
        case 0: record_bytes(&rec, "warcinfo", "https://x/info", NULL, "software: test", 0); break;
        case 1: record_bytes(&rec, "response", "https://news.example/a1",
                             "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8",
                             page("First report", "Alpha one."), 0); break;
        case 2: record_bytes(&rec, "request", "https://news.example/a1", NULL, "GET /a1 HTTP/1.1", 0); break;
        case 3: record_bytes(&rec, "response", "https://news.example/logo.png",
                             "HTTP/1.1 200 OK\r\nContent-Type: image/png", "\x89PNG....", 0); break;
        case 4: /* the corrupt one, or a good one */
            record_bytes(&rec, "response", "https://news.example/bad",
                         "HTTP/1.1 200 OK\r\nContent-Type: text/html",
                         page("Damaged report", "Broken bytes."), corrupt == 2 ? -7 : 0); break;
        case 5: record_bytes(&rec, "response", "https://news.example/a2",
                             "HTTP/1.1 200 OK\r\nContent-Type: text/html",
                             page("Second report", "Bravo two."), 0); break;
        case 6: record_bytes(&rec, "response", "https://news.example/missing",
                             "HTTP/1.1 404 Not Found\r\nContent-Type: text/html",
                             page("Not found", "Nothing."), 0); break;
        case 7: record_bytes(&rec, "resource", "https://news.example/r3", NULL,
                             page("Third report", "Charlie three."), 0); break;
        case 8: record_bytes(&rec, "response", "https://news.example/latin",
                             "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1",
                             page("Caf\xe9 report", "Caf\xe9 four."), 0); break;
        case 9: record_bytes(&rec, "metadata", "https://news.example/a2", NULL, "fetchTimeMs: 12", 0); break;
        case 10: record_bytes(&rec, "response", "https://news.example/a5",
                              "HTTP/1.0 200 OK\r\nContent-Type: text/html",
                              page("Fifth report", "Echo five."), 0); break;
        }
        if (r == 4)
            *corrupt_offset = lay == LAYOUT_MEMBERS ? out.len : all.len;
        if (lay == LAYOUT_MEMBERS) {
            size_t start = out.len;
            gzip_member(rec.data, rec.len);
            if (r == 4 && corrupt == 1) /* damage the deflate data in the middle of the member */
                for (size_t k = start + 40; k < start + 80 && k < out.len; k++)
                    out.data[k] ^= 0x5a;
        } else {
            nd__buf_append(&all, rec.data, rec.len);
        }
        nd__buf_release(&rec);
    }
    if (lay == LAYOUT_STREAM)
        gzip_member(all.data, all.len);
    else if (lay == LAYOUT_PLAIN)
        put(all.data, all.len);
    nd__buf_release(&all);
}

typedef struct seen {
    int articles, errors;
    char urls[16][128];
    char messages[8][320];
} seen;

static void read_all(const char *data, size_t len, seen *s, nd__warc_stats *stats)
{
    memset(s, 0, sizeof *s);
    nd__warc *w;
    FILE *f = fmemopen((void *)data, len, "rb");
    CHECK(f != NULL);
    CHECK(nd__warc_open(&w, nd__warc_read_file, f, NULL, 0) == ND_OK);
    nd__warc_record rec;
    int rc, guard = 0;
    while ((rc = nd__warc_next(w, &rec)) != ND__WARC_END && guard++ < 100) {
        if (rc == ND_OK) {
            if (s->articles < 16)
                snprintf(s->urls[s->articles], 128, "%.*s", (int)rec.raw.url_len, rec.raw.url);
            CHECK(rec.raw.text_is_html);
            CHECK(rec.raw.published_len == 20);
            s->articles++;
        } else {
            CHECK(rc == ND_EFORMAT || rc == ND_ETOOBIG);
            if (s->errors < 8)
                snprintf(s->messages[s->errors], 320, "%s", nd__warc_message(w));
            s->errors++;
        }
    }
    CHECK(guard < 100);
    *stats = *nd__warc_stats_of(w);
    nd__warc_free(w);
    fclose(f);
}

static void test_layout(layout lay, int corrupt)
{
    size_t bad_offset = 0;
    write_archive(lay, corrupt, &bad_offset);
    seen s;
    nd__warc_stats stats;
    read_all(out.data, out.len, &s, &stats);
    int expect = corrupt ? 5 : 6;
    CHECK_INT(s.articles, expect);
    CHECK_INT(s.errors, corrupt ? 1 : 0);
    CHECK_INT(stats.not_html, 2);   /* the PNG and the 404 */
    CHECK_INT(stats.other, 3);      /* warcinfo, request, metadata */
    CHECK_INT(stats.corrupt, corrupt ? 1 : 0);
    CHECK_STR(s.urls[0], "https://news.example/a1");
    CHECK_STR(s.urls[expect - 1], "https://news.example/a5");
    if (corrupt) {
        char want[64];
        snprintf(want, sizeof want, "record at byte %zu%s:", bad_offset,
                 lay == LAYOUT_STREAM ? " (uncompressed)" : "");
        if (lay == LAYOUT_STREAM && corrupt == 1)
            return;
        CHECK(strncmp(s.messages[0], want, strlen(want)) == 0);
        if (strncmp(s.messages[0], want, strlen(want)) != 0)
            fprintf(stderr, "  got \"%s\", want \"%s...\"\n", s.messages[0], want);
    }
}

static int diagnostics;
static char last_diagnostic[512];
static void on_diagnostic(void *user, const char *where, long line, int status, const char *message)
{
    (void)user, (void)where, (void)line, (void)status;
    diagnostics++;
    snprintf(last_diagnostic, sizeof last_diagnostic, "%s", message);
}

/* Through the desk: a file on disk, format found from the content. */
static void test_desk(void)
{
    size_t bad_offset;
    write_archive(LAYOUT_MEMBERS, 1, &bad_offset);
    char path[] = "/tmp/nd-test-warc-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, out.data, out.len) == (ssize_t)out.len);
    close(fd);
    nd_options options;
    nd_options_init(&options);
    options.on_diagnostic = on_diagnostic;
    tdesk *desk = tdesk_new(&options);
    diagnostics = 0;
    CHECK_INT(tdesk_read_path(desk, path), ND_ESKIPPED);
    CHECK_INT(tdesk_article_count(desk), 5);
    CHECK_INT(tdesk_skipped(desk), 1);
    CHECK_INT(diagnostics, 2); /* the corrupt record, and the count of records passed over */
    CHECK(strstr(last_diagnostic, "2 of 11 records not HTML") != NULL);
    int found_latin = 0;
    for (size_t i = 0; i < tdesk_article_count(desk); i++) {
        const nd_article *a = tdesk_article(desk, i);
        if (strcmp(nd_article_url(a), "https://news.example/latin") == 0) {
            found_latin = 1;
            CHECK_STR(nd_article_title(a), "Caf\xc3\xa9 report"); /* Latin-1 from the HTTP header */
            CHECK_STR(nd_article_published(a), "2024-03-05T10:20:30Z");
            CHECK_STR(nd_article_source(a), "news.example");
        }
    }
    CHECK(found_latin);
    /* provenance: the archive and the record's offset */
    const char *origin = nd_article_origin(tdesk_article(desk, 0));
    CHECK(strncmp(origin, path, strlen(path)) == 0 && strcmp(origin + strlen(path), "@0") != 0 &&
          origin[strlen(path)] == '@');
    CHECK_STR(nd_article_id(tdesk_article(desk, 0)), "urn:uuid:news.example/a1");
    tdesk_free(desk);

    /* the same bytes as a buffer */
    desk = tdesk_new(&options);
    CHECK_INT(tdesk_read_buffer(desk, "x.warc.gz", out.data, out.len), ND_ESKIPPED);
    CHECK_INT(tdesk_article_count(desk), 5);
    tdesk_free(desk);
    unlink(path);

    /* a gzip file that is not an archive: one message, nothing read */
    nd__buf_reset(&out);
    gzip_member("{\"id\":\"a\",\"text\":\"x\"}\n", 22);
    desk = tdesk_new(&options);
    diagnostics = 0;
    CHECK_INT(tdesk_read_buffer(desk, "x.jsonl.gz", out.data, out.len), ND_ESKIPPED);
    CHECK_INT(tdesk_article_count(desk), 0);
    CHECK_INT(diagnostics, 1);
    CHECK(strstr(last_diagnostic, "not a WARC") != NULL);
    tdesk_free(desk);
}

/* A file cut in the middle of its last member: the records before it are kept. */
static void test_truncated(void)
{
    size_t bad;
    write_archive(LAYOUT_MEMBERS, 0, &bad);
    seen s;
    nd__warc_stats stats;
    read_all(out.data, out.len - 100, &s, &stats);
    CHECK_INT(s.articles, 5);
    CHECK_INT(s.errors, 1);
    write_archive(LAYOUT_PLAIN, 0, &bad);
    read_all(out.data, out.len - 100, &s, &stats);
    CHECK_INT(s.articles, 5);
    CHECK_INT(s.errors, 1);
}

/* A response record whose block is HTTP headers and a body of any bytes. */
static void response_raw(nd__buf *b, const char *url, const char *http, const char *body, size_t body_len)
{
    char head[2048];
    size_t http_len = strlen(http) + 4;
    int head_len = snprintf(head, sizeof head,
                            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\n"
                            "WARC-Date: 2024-03-05T10:20:30Z\r\nWARC-Record-ID: <urn:uuid:%s>\r\n"
                            "Content-Type: application/http; msgtype=response\r\nContent-Length: %zu\r\n\r\n",
                            url, url + 8, http_len + body_len);
    nd__buf_append(b, head, (size_t)head_len);
    nd__buf_append(b, http, strlen(http));
    nd__buf_append(b, "\r\n\r\n", 4);
    nd__buf_append(b, body, body_len);
    nd__buf_append(b, "\r\n\r\n", 4);
}

/* data deflated: gzip (16 + 15), zlib (15) or raw (-15) */
static size_t compress_into(const char *data, size_t len, int window_bits, char *dst, size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    CHECK(deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    z.next_in = (unsigned char *)data;
    z.avail_in = (uInt)len;
    z.next_out = (unsigned char *)dst;
    z.avail_out = (uInt)cap;
    CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
    size_t n = cap - z.avail_out;
    deflateEnd(&z);
    return n;
}

/* Issue 22: HTML responses as servers send them: gzip, deflate (zlib and raw), chunked, chunked
 * and gzip; br is not supported and is counted, not taken for "not HTML". */
static void test_content_coding(void)
{
    nd__buf_reset(&out);
    const char *html = page("Coded page", "A page the server compressed.");
    static char packed[16384], chunked[32768];
    size_t n = compress_into(html, strlen(html), 16 + MAX_WBITS, packed, sizeof packed);
    response_raw(&out, "https://coded.example/gzip", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip", packed, n);
    n = compress_into(html, strlen(html), MAX_WBITS, packed, sizeof packed);
    response_raw(&out, "https://coded.example/zlib", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: deflate", packed, n);
    n = compress_into(html, strlen(html), -MAX_WBITS, packed, sizeof packed);
    response_raw(&out, "https://coded.example/raw", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: deflate", packed, n);
    /* chunked: the page in chunks of 100 bytes */
    size_t c = 0, len = strlen(html);
    for (size_t i = 0; i < len; i += 100) {
        size_t k = len - i < 100 ? len - i : 100;
        c += (size_t)snprintf(chunked + c, sizeof chunked - c, "%zx;ext=1\r\n", k);
        memcpy(chunked + c, html + i, k);
        c += k;
        memcpy(chunked + c, "\r\n", 2), c += 2;
    }
    c += (size_t)snprintf(chunked + c, sizeof chunked - c, "0\r\n\r\n");
    response_raw(&out, "https://coded.example/chunked", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked", chunked, c);
    /* chunked gzip */
    n = compress_into(html, strlen(html), 16 + MAX_WBITS, packed, sizeof packed);
    c = (size_t)snprintf(chunked, sizeof chunked, "%zx\r\n", n);
    memcpy(chunked + c, packed, n), c += n;
    c += (size_t)snprintf(chunked + c, sizeof chunked - c, "\r\n0\r\n\r\n");
    response_raw(&out, "https://coded.example/both", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip", chunked, c);
    response_raw(&out, "https://coded.example/br", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br", "\x1b\x00", 2);
    /* gzip that does not inflate: reported with its offset, not passed over */
    response_raw(&out, "https://coded.example/bad", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip", "\x1f\x8b\x08garbage", 11);
    seen s;
    nd__warc_stats stats;
    read_all(out.data, out.len, &s, &stats);
    CHECK_INT(s.articles, 5);
    CHECK_STR(s.urls[0], "https://coded.example/gzip");
    CHECK_STR(s.urls[4], "https://coded.example/both");
    CHECK_INT(stats.undecodable, 1);
    CHECK_INT(stats.not_html, 0);
    CHECK_INT(s.errors, 1);
    CHECK(strstr(s.messages[0], "does not inflate") != NULL);

    /* the decoded text is the page's */
    nd__warc *w;
    FILE *f = fmemopen(out.data, out.len, "rb");
    CHECK(nd__warc_open(&w, nd__warc_read_file, f, NULL, 0) == ND_OK);
    nd__warc_record rec;
    for (int k = 0; k < 5; k++) {
        CHECK_INT(nd__warc_next(w, &rec), ND_OK);
        CHECK(rec.raw.text_len == strlen(html) && memcmp(rec.raw.text, html, rec.raw.text_len) == 0);
    }
    nd__warc_free(w);
    fclose(f);
}

/* The first record of a one-member-per-record archive is at byte 0 of the file (not "u0"); a
 * member cut within its first bytes is reported, not lost in silence. */
static void test_member_edges(void)
{
    nd__buf record;
    nd__buf_init(&record, 1u << 20);
    record_bytes(&record, "response", "https://edge.example/first", "HTTP/1.1 200 OK\r\nContent-Type: text/html",
                 page("First", "The first record."), 0);
    nd__buf_reset(&out);
    gzip_member(record.data, record.len);
    size_t first_member = out.len;
    gzip_member(record.data, record.len);
    nd__warc *w;
    FILE *f = fmemopen(out.data, out.len, "rb");
    CHECK(nd__warc_open(&w, nd__warc_read_file, f, NULL, 0) == ND_OK);
    nd__warc_record rec;
    CHECK_INT(nd__warc_next(w, &rec), ND_OK);
    CHECK(rec.offset == 0 && !rec.offset_uncompressed);
    CHECK_INT(nd__warc_next(w, &rec), ND_OK);
    CHECK(rec.offset == first_member && !rec.offset_uncompressed);
    nd__warc_free(w);
    fclose(f);
    /* cut 3, 6 and 12 bytes into the second member, and 3 bytes into a first and only one */
    static const size_t cuts[] = {3, 6, 12};
    for (size_t k = 0; k < 3; k++) {
        seen s;
        nd__warc_stats stats;
        read_all(out.data, first_member + cuts[k], &s, &stats);
        CHECK_INT(s.articles, 1);
        CHECK_INT(s.errors, 1);
        CHECK(strstr(s.messages[0], "ends inside a gzip member") != NULL);
        read_all(out.data, cuts[k], &s, &stats);
        CHECK_INT(s.articles, 0);
        CHECK_INT(s.errors, 1);
    }
    nd__buf_release(&record);
}

/* ARC, the format before WARC: a filedesc record, then "URL IP DATE TYPE LENGTH" headers with
 * the HTTP response as the block; plain, and gzip with one member per record. */
static void arc_record_bytes(nd__buf *b, const char *header_fmt, const char *url, const char *block)
{
    char head[1024];
    int n = snprintf(head, sizeof head, header_fmt, url, strlen(block));
    nd__buf_append(b, head, (size_t)n);
    nd__buf_append(b, block, strlen(block));
    nd__buf_append(b, "\n", 1);
}

static void write_arc(int gzip)
{
    static const char desc[] = "1 0 Newsdesk Tests\nURL IP-address Archive-date Content-type Archive-length\n";
    static char http[12000];
    const char *v1 = "%s 192.0.2.1 20040506070809 text/html %zu\n";
    const char *v2 = "%s 192.0.2.1 20040506070809 text/html 200 CHECKSUM - 0 x.arc %zu\n";
    nd__buf records[4];
    for (int i = 0; i < 4; i++)
        nd__buf_init(&records[i], 1u << 20);
    arc_record_bytes(&records[0], "%s 0.0.0.0 20040506070809 text/plain %zu\n", "filedesc://test.arc", desc);
    snprintf(http, sizeof http, "HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n%s",
             page("Arc one", "The first archived page."));
    arc_record_bytes(&records[1], v1, "http://arc.example/one", http);
    snprintf(http, sizeof http, "HTTP/1.0 404 Not Found\r\nContent-Type: text/html\r\n\r\n<html>gone</html>");
    arc_record_bytes(&records[2], v1, "http://arc.example/missing", http);
    snprintf(http, sizeof http, "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n%s",
             page("Arc two", "The second archived page."));
    arc_record_bytes(&records[3], v2, "http://arc.example/two", http);
    nd__buf_reset(&out);
    for (int i = 0; i < 4; i++) {
        if (gzip)
            gzip_member(records[i].data, records[i].len);
        else
            put(records[i].data, records[i].len);
        nd__buf_release(&records[i]);
    }
}

static void test_arc(void)
{
    for (int gzip = 0; gzip < 2; gzip++) {
        write_arc(gzip);
        CHECK(nd__warc_sniff(out.data, out.len));
        seen s;
        nd__warc_stats stats;
        read_all(out.data, out.len, &s, &stats);
        CHECK_INT(s.articles, 2);
        CHECK_INT(s.errors, 0);
        CHECK_STR(s.urls[0], "http://arc.example/one");
        CHECK_STR(s.urls[1], "http://arc.example/two");
        CHECK_INT(stats.not_html, 1); /* the 404 */
        CHECK_INT(stats.other, 1);    /* filedesc */
    }
    /* through the reader: articles, not junk text titled filedesc:// */
    write_arc(1);
    nd_options options;
    nd_options_init(&options);
    options.on_diagnostic = on_diagnostic;
    tdesk *desk = tdesk_new(&options);
    CHECK_INT(tdesk_read_buffer(desk, "x.arc.gz", out.data, out.len), ND_OK);
    CHECK_INT(tdesk_article_count(desk), 2);
    if (tdesk_article_count(desk) == 2) {
        CHECK_STR(nd_article_title(tdesk_article(desk, 0)), "Arc one");
        CHECK_STR(nd_article_published(tdesk_article(desk, 0)), "2004-05-06T07:08:09Z");
    }
    tdesk_free(desk);
}

int main(void)
{
    nd__buf_init(&out, 1u << 26);
    for (int corrupt = 0; corrupt <= 2; corrupt++) {
        test_layout(LAYOUT_MEMBERS, corrupt);
        test_layout(LAYOUT_PLAIN, corrupt == 1 ? 0 : corrupt);
        test_layout(LAYOUT_STREAM, corrupt == 1 ? 0 : corrupt);
    }
    test_desk();
    test_truncated();
    test_content_coding();
    test_member_edges();
    test_arc();
    nd__buf_release(&out);
    return CHECK_DONE();
}
