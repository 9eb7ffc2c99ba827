/* Tests of read.c and desk.c: format detection, JSON Lines, plain text, directories, limits and
 * the diagnostics that bad input produces. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "limits.h"
#include "newsdesk.h"
#include "read.h"

typedef struct diagnostics {
    int count;
    long lines[16];
    int statuses[16];
    char last[512];
} diagnostics;

static void collect(void *user, const char *where, long line, int status, const char *message)
{
    diagnostics *d = user;
    if (d->count < 16) {
        d->lines[d->count] = line;
        d->statuses[d->count] = status;
    }
    d->count++;
    snprintf(d->last, sizeof d->last, "%s:%ld: %s", where, line, message);
}

static nd_desk *new_desk(diagnostics *d)
{
    memset(d, 0, sizeof *d);
    nd_options options;
    nd_options_init(&options);
    options.on_diagnostic = collect;
    options.user = d;
    return nd_desk_new(&options);
}

static void test_detect(void)
{
    CHECK_INT(nd__detect_format("", 0), ND__FORMAT_EMPTY);
    CHECK_INT(nd__detect_format(" \n\t", 3), ND__FORMAT_EMPTY);
    CHECK_INT(nd__detect_format("{\"id\": 1}\n", 10), ND__FORMAT_JSONL);
    CHECK_INT(nd__detect_format("\xEF\xBB\xBF{\"id\": 1}", 12), ND__FORMAT_JSONL);
    CHECK_INT(nd__detect_format("<!DOCTYPE html><html><body><p>x</p></body></html>", 49), ND__FORMAT_HTML);
    CHECK_INT(nd__detect_format("ab\0cd", 5), ND__FORMAT_BINARY);
    CHECK_INT(nd__detect_format("Just some words.", 16), ND__FORMAT_TEXT);
    /* JSON Lines whatever NUL bytes come later: one bad line costs that line only. */
    CHECK_INT(nd__detect_format("{\"id\": \"a\0\"}", 12), ND__FORMAT_JSONL);
    CHECK_INT(nd__detect_format("\xFF\xFEh\0i\0", 6), ND__FORMAT_UTF16LE);
    CHECK_INT(nd__detect_format("\xFE\xFF\0h\0i", 6), ND__FORMAT_UTF16BE);
    CHECK_INT(nd__detect_format("\xFF\xFE\0\0h\0\0\0", 8), ND__FORMAT_UTF32);
    CHECK_INT(nd__detect_format("H\0e\0l\0l\0o\0 \0w\0o\0r\0l\0d\0", 22), ND__FORMAT_UTF16_UNMARKED);
}

static void test_json_lines(void)
{
    diagnostics d;
    nd_desk *desk = new_desk(&d);
    const char *input =
        "{\"id\": \"a1\", \"title\": \"Flood warning\", \"text\": \"Rivers rose overnight.\", "
        "\"published\": \"2024-05-01T06:00:00Z\", \"url\": \"https://www.example.org/x\"}\n"
        "{\"id\": \"broken\", \"text\": \n"
        "\n"
        "{\"title\": \"no id here\"}\n"
        "{\"id\": 42, \"text\": \"Numbered ids become text.\", \"published\": \"yesterday\"}\n"
        "[1, 2]\n";
    CHECK_INT(nd_desk_read_buffer(desk, "feed.jsonl", input, strlen(input)), ND_ESKIPPED);
    CHECK_INT(nd_desk_article_count(desk), 2);
    CHECK_INT(nd_desk_skipped(desk), 3);
    /* line 2 bad JSON, line 4 without id, line 5 bad date (kept), line 6 not an object */
    CHECK_INT(d.count, 4);
    CHECK_INT(d.lines[0], 2);
    CHECK_INT(d.lines[1], 4);
    CHECK_INT(d.lines[2], 5);
    CHECK_INT(d.lines[3], 6);
    CHECK_INT(d.statuses[0], ND_EFORMAT);
    const nd_article *a = nd_desk_article(desk, 0);
    CHECK_STR(nd_article_id(a), "a1");
    CHECK_STR(nd_article_title(a), "Flood warning");
    CHECK_STR(nd_article_published(a), "2024-05-01T06:00:00Z");
    CHECK_STR(nd_article_source(a), "example.org"); /* from the URL when not given */
    CHECK_STR(nd_article_body(a, NULL), "Rivers rose overnight.");
    const nd_article *b = nd_desk_article(desk, 1);
    CHECK_STR(nd_article_id(b), "42");
    CHECK(nd_article_published(b) == NULL);
    CHECK(nd_desk_article(desk, 2) == NULL);
    nd_desk_free(desk);
}

static void test_plain_text(void)
{
    diagnostics d;
    nd_desk *desk = new_desk(&d);
    const char *input = " date 2019-02-03 OSLO - The ferry ran aground.\nNobody was hurt.\n";
    CHECK_INT(nd_desk_read_buffer(desk, "dir/ferry-report.txt", input, strlen(input)), ND_OK);
    const nd_article *a = nd_desk_article(desk, 0);
    CHECK_STR(nd_article_id(a), "ferry-report");
    CHECK_STR(nd_article_published(a), "2019-02-03");
    CHECK_STR(nd_article_dateline(a), "OSLO");
    CHECK_STR(nd_article_body(a, NULL), "OSLO - The ferry ran aground.\n\nNobody was hurt.");
    CHECK_INT(nd_article_paragraph_count(a), 2);
    size_t len;
    const char *p = nd_article_paragraph(a, 1, &len);
    CHECK(len == 16 && memcmp(p, "Nobody was hurt.", 16) == 0);
    CHECK_INT(d.count, 0);
    nd_desk_free(desk);
}

static void test_bad_files(void)
{
    diagnostics d;
    nd_desk *desk = new_desk(&d);
    CHECK_INT(nd_desk_read_buffer(desk, "empty.txt", "", 0), ND_ESKIPPED);
    CHECK_INT(nd_desk_read_buffer(desk, "photo.jpg", "\xFF\xD8\xFF\0\0\x10JFIF", 10), ND_ESKIPPED);
    CHECK_INT(d.statuses[0], ND_EEMPTY);
    CHECK_INT(d.statuses[1], ND_EBINARY);
    CHECK_INT(nd_desk_read_path(desk, "/nonexistent/newsdesk/file.txt"), ND_ESKIPPED);
    CHECK_INT(d.statuses[2], ND_EIO);
    /* invalid UTF-8 is repaired and reported, the article kept */
    CHECK_INT(nd_desk_read_buffer(desk, "bad.txt", "Caf\xE9 owner speaks.", 18), ND_OK);
    CHECK_INT(nd_desk_article_count(desk), 1);
    CHECK_STR(nd_article_body(nd_desk_article(desk, 0), NULL), "Caf\xEF\xBF\xBD owner speaks.");
    CHECK_INT(d.count, 4);
    CHECK_INT(nd_desk_read_path(desk, NULL), ND_EINVAL);
    nd_desk_free(desk);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void test_directory_and_stream(void)
{
    char dir[] = "/tmp/nd-test-read-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/b.txt", dir);
    write_file(path, "Second file, read after a.jsonl.");
    snprintf(path, sizeof path, "%s/a.jsonl", dir);
    write_file(path, "{\"id\": \"j1\", \"text\": \"First.\"}\n{\"id\": \"j2\", \"text\": \"Second.\"}");
    snprintf(path, sizeof path, "%s/gold.json", dir);
    write_file(path, "{\"not\": \"an article\"}");
    /* a page without text, read first: skipped, and the walk goes on */
    snprintf(path, sizeof path, "%s/0-empty.html", dir);
    write_file(path, "<!DOCTYPE html><html><head><title>x</title></head><body></body></html>");
    snprintf(path, sizeof path, "%s/sub", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/sub/c.txt", dir);
    write_file(path, "In a subdirectory.");
    /* one line over the limit, between two good ones: streamed, skipped, the rest kept */
    snprintf(path, sizeof path, "%s/sub/long.jsonl", dir);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs("{\"id\": \"before\", \"text\": \"x\"}\n{\"id\": \"huge\", \"text\": \"", f);
        for (size_t i = 0; i < ND_MAX_LINE_BYTES / 64 + 1; i++)
            fputs("0123456789012345678901234567890123456789012345678901234567890123", f);
        fputs("\"}\n{\"id\": \"after\", \"text\": \"y\"}\n", f);
        fclose(f);
    }

    diagnostics d;
    nd_desk *desk = new_desk(&d);
    CHECK_INT(nd_desk_read_path(desk, dir), ND_ESKIPPED);
    CHECK_INT(nd_desk_article_count(desk), 6);
    const char *expected[] = {"j1", "j2", "b", "c", "before", "after"};
    for (size_t i = 0; i < 6 && i < nd_desk_article_count(desk); i++)
        CHECK_STR(nd_article_id(nd_desk_article(desk, i)), expected[i]);
    CHECK_INT(d.count, 2);
    CHECK_INT(d.statuses[0], ND_EFORMAT);
    CHECK_INT(d.lines[1], 2);
    CHECK_INT(d.statuses[1], ND_ETOOBIG);
    nd_desk_free(desk);

    char command[512];
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    CHECK_INT(system(command), 0);
}

int main(void)
{
    test_detect();
    test_json_lines();
    test_plain_text();
    test_bad_files();
    test_directory_and_stream();
    return CHECK_DONE();
}
