/* Tests of engine.c: results by id as articles stream, the copy window and reorder buffer, two
 * engines on two threads, issue 7's correctness cases (a)-(c), and issue 10's repetitive text
 * in linear time. Texts written for the purpose. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "newsdesk.h"

#define PARA1 "The harbour authority of Port Selwyn said on Tuesday that the northern breakwater will be rebuilt over the next two summers after storms opened a gap of forty metres in its outer wall."
#define PARA2 "Engineers from the authority told the council that fishing boats will moor in the inner basin while the work goes on, and that the ferry to Carrick Island will keep its usual timetable."
#define PARA3 "The rebuilding is expected to cost eleven million pounds, most of it from a national fund for coastal defences that the town applied to last spring after the first winter storms."
#define PARA4 "Local traders welcomed the decision but asked that the quay stay open to visitors during the tourist season, when most of their takings come in from day trippers and walkers."

typedef struct outcome {
    char id[64][16];
    char duplicate_of[64][16];
    long long story[64];
    size_t pairs[64];
    int count;
    unsigned long long hash;
    char first_body[64][8];
} outcome;

static void hash_text(outcome *o, const char *s)
{
    for (; *s; s++)
        o->hash = o->hash * 1099511628211ULL ^ (unsigned char)*s;
    o->hash = o->hash * 1099511628211ULL ^ 0xff;
}

static int record(void *user, const nd_result *r)
{
    outcome *o = user;
    hash_text(o, nd_article_id(r->article));
    hash_text(o, nd_article_body(r->article, NULL));
    for (size_t i = 0; i < r->pair_count; i++) {
        hash_text(o, r->pairs[i].a);
        hash_text(o, nd_relation_name(r->pairs[i].relation));
    }
    if (r->story)
        o->hash = o->hash * 31 + (unsigned long long)r->story->story;
    if (o->count < 64) {
        int k = o->count++;
        snprintf(o->id[k], sizeof o->id[k], "%s", nd_article_id(r->article));
        snprintf(o->duplicate_of[k], sizeof o->duplicate_of[k], "%s", r->duplicate_of ? r->duplicate_of : "");
        o->story[k] = r->story ? r->story->story : 0;
        o->pairs[k] = r->pair_count;
    }
    return 0;
}

static int index_of(const outcome *o, const char *id)
{
    for (int i = 0; i < o->count; i++)
        if (strcmp(o->id[i], id) == 0)
            return i;
    return -1;
}

static void run(const nd_options *options, const char *name, const char *input, outcome *o)
{
    memset(o, 0, sizeof *o);
    nd_engine *e = nd_engine_new(options, NULL, record, o);
    CHECK(e != NULL);
    if (!e)
        return;
    CHECK(nd_engine_read_buffer(e, name, input, strlen(input)) >= ND_OK);
    CHECK_INT(nd_engine_finish(e), ND_OK);
    nd_engine_free(e);
}

/* A stream of n JSON lines: three sources, stories of three reports each, some exact copies. */
static char *make_stream(int n)
{
    size_t cap = (size_t)n * 1024 + 1;
    char *s = malloc(cap), *at = s;
    for (int i = 0; i < n; i++) {
        int story = i / 3;
        at += snprintf(at, cap - (size_t)(at - s),
                       "{\"id\":\"s%d\",\"source\":\"src%d\",\"published\":\"2024-%02d-%02d\",\"title\":\"Report %d on "
                       "event %d\",\"text\":\"Event %d happened in town %d on day %d, officials said. "
                       "%s\\nWitness number %d described what happened at the scene of event %d in detail.\"}\n",
                       i, i % 3, 1 + (story / 28) % 12, 1 + story % 28, i, story, story, story * 7, story,
                       i % 5 == 0 ? PARA1 : PARA2, i, story);
    }
    return s;
}

/* ---- streaming ---------------------------------------------------------------------------- */
static void test_results_by_id_and_windows(void)
{
    nd_options options;
    nd_options_init(&options);
    options.stages = ND_STAGE_COPIES;
    const char *feed = "{\"id\":\"a\",\"published\":\"2024-01-02\",\"title\":\"Breakwater\",\"text\":\"" PARA1 " " PARA2 "\"}\n"
                       "{\"id\":\"b\",\"published\":\"2024-01-01\",\"title\":\"Breakwater\",\"text\":\"" PARA1 " " PARA2 "\"}\n"
                       "{\"id\":\"c\",\"published\":\"2024-01-03\",\"title\":\"Quay\",\"text\":\"" PARA3 " " PARA4 "\"}\n";
    outcome o;
    run(&options, "feed.jsonl", feed, &o);
    /* publication order: b first, then a (its exact copy, by id), then c */
    CHECK_INT(o.count, 3);
    CHECK_STR(o.id[0], "b");
    CHECK_STR(o.id[1], "a");
    CHECK_STR(o.duplicate_of[1], "b");
    CHECK_INT(o.pairs[1], 1);
    CHECK_STR(o.duplicate_of[2], "");

    /* input order */
    options.input_order = 1;
    run(&options, "feed.jsonl", feed, &o);
    CHECK_STR(o.id[0], "a");
    CHECK_STR(o.duplicate_of[1], "a");

    /* a copy window of 2 originals: a copy of the first of five different articles is no
     * longer found once four newer originals have come */
    options.input_order = 1;
    options.copy_window = 2;
    char stream[8192];
    snprintf(stream, sizeof stream,
             "{\"id\":\"o1\",\"title\":\"Breakwater\",\"text\":\"%s %s\"}\n"
             "{\"id\":\"o2\",\"title\":\"Quay\",\"text\":\"%s\"}\n"
             "{\"id\":\"o3\",\"title\":\"Traders\",\"text\":\"%s\"}\n"
             "{\"id\":\"o4\",\"title\":\"Ferry\",\"text\":\"%s\"}\n"
             "{\"id\":\"o5\",\"title\":\"Boats\",\"text\":\"%s %s %s\"}\n"
             "{\"id\":\"late\",\"title\":\"Breakwater\",\"text\":\"%s %s\"}\n",
             PARA1, PARA2, PARA3, PARA4, "Ferry news in brief: " PARA2, PARA4, PARA3, PARA1, PARA1, PARA2);
    run(&options, "feed.jsonl", stream, &o);
    CHECK_INT(o.count, 6);
    CHECK_STR(o.duplicate_of[5], ""); /* o1 left the window */
    options.copy_window = 0;
    run(&options, "feed.jsonl", stream, &o);
    CHECK_STR(o.duplicate_of[5], "o1");
}

static void test_reorder_window_bounds_memory(void)
{
    nd_options options;
    nd_options_init(&options);
    options.reorder_window = 16;
    options.copy_window = 64;
    options.stages = ND_STAGE_ALL;
    outcome o;
    memset(&o, 0, sizeof o);
    nd_engine *e = nd_engine_new(&options, NULL, record, &o);
    char *stream = make_stream(600);
    size_t first_half = 0, most = 0;
    /* the engine's state after 300 articles and after 600 stays within a small factor */
    const char *line = stream;
    int n = 0;
    while (*line) {
        const char *end = strchr(line, '\n');
        CHECK_INT(nd_engine_read_buffer(e, "gen.jsonl", line, (size_t)(end - line + 1)), ND_OK);
        line = end + 1;
        n++;
        size_t bytes = nd_engine_memory(e);
        if (n == 300)
            first_half = bytes;
        if (n > 300 && bytes > most)
            most = bytes;
    }
    CHECK(first_half > 0);
    CHECK(most < first_half * 2);
    CHECK_INT(nd_engine_finish(e), ND_OK);
    CHECK_INT(o.count, 64); /* recorded up to 64; the rest counted in the hash */
    nd_engine_free(e);
    free(stream);
}

/* ---- state saved and loaded ---------------------------------------------------------------- */
static void feed_lines(nd_engine *e, const char *from, const char *to)
{
    CHECK(nd_engine_read_buffer(e, "gen.jsonl", from, (size_t)(to - from)) == ND_OK);
}

static void test_save_and_load(void)
{
    nd_options options;
    nd_options_init(&options);
    options.reorder_window = 1; /* each article goes on at once: a finish changes nothing */
    options.copy_window = 40;   /* so that the window has slid before the split */
    char *stream = make_stream(200);
    const char *middle = stream;
    for (int i = 0; i < 110; i++)
        middle = strchr(middle, '\n') + 1;
    const char *end = stream + strlen(stream);

    outcome whole;
    memset(&whole, 0, sizeof whole);
    nd_engine *e = nd_engine_new(&options, NULL, record, &whole);
    feed_lines(e, stream, end);
    CHECK_INT(nd_engine_finish(e), ND_OK);
    nd_engine_free(e);

    outcome split;
    memset(&split, 0, sizeof split);
    e = nd_engine_new(&options, NULL, record, &split);
    feed_lines(e, stream, middle);
    CHECK_INT(nd_engine_finish(e), ND_OK);
    char *blob = NULL;
    size_t len = 0;
    CHECK_INT(nd_engine_save(e, &blob, &len), ND_OK);
    nd_engine_free(e);
    e = nd_engine_new(&options, NULL, record, &split);
    CHECK_INT(nd_engine_load(e, blob, len), ND_OK);
    CHECK_INT(nd_engine_load(e, blob, len), ND_EINVAL); /* not fresh */
    feed_lines(e, middle, end);
    CHECK_INT(nd_engine_finish(e), ND_OK);
    nd_engine_free(e);
    CHECK(split.hash == whole.hash);
    CHECK_INT(split.count, whole.count);

    /* damaged blobs are refused and leave the engine fresh */
    e = nd_engine_new(&options, NULL, NULL, NULL);
    CHECK_INT(nd_engine_load(e, blob, len / 2), ND_EFORMAT);
    CHECK_INT(nd_engine_load(e, blob, 10), ND_EFORMAT);
    blob[len / 3] ^= 0x5a;
    int rc = nd_engine_load(e, blob, len);
    CHECK(rc == ND_OK || rc == ND_EFORMAT); /* a flipped byte inside a text may still load */
    nd_engine_free(e);
    e = nd_engine_new(&options, NULL, NULL, NULL);
    feed_lines(e, stream, middle); /* held articles: no save */
    options.reorder_window = 0;
    nd_engine_free(e);
    e = nd_engine_new(&options, NULL, NULL, NULL);
    feed_lines(e, stream, middle);
    char *none = NULL;
    CHECK_INT(nd_engine_save(e, &none, &len), ND_EINVAL);
    nd_engine_free(e);
    free(blob);
    free(stream);
}

/* ---- two engines on two threads --------------------------------------------------------- */
typedef struct job {
    const char *stream;
    outcome result;
    int read_rc, finish_rc; /* checked after the join: the check counters are not shared */
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    nd_options options;
    nd_options_init(&options);
    options.reorder_window = 32;
    memset(&j->result, 0, sizeof j->result);
    nd_engine *e = nd_engine_new(&options, NULL, record, &j->result);
    j->read_rc = e ? nd_engine_read_buffer(e, "gen.jsonl", j->stream, strlen(j->stream)) : ND_ENOMEM;
    j->finish_rc = e ? nd_engine_finish(e) : ND_ENOMEM;
    nd_engine_free(e);
    return NULL;
}

static void test_two_threads(void)
{
    char *stream = make_stream(120);
    static job alone, jobs[2]; /* large: not on the stack */
    alone.stream = jobs[0].stream = jobs[1].stream = stream;
    run_job(&alone);
    pthread_t threads[2];
    for (int i = 0; i < 2; i++)
        CHECK_INT(pthread_create(&threads[i], NULL, run_job, &jobs[i]), 0);
    for (int i = 0; i < 2; i++)
        pthread_join(threads[i], NULL);
    CHECK_INT(alone.read_rc, ND_OK);
    CHECK_INT(alone.finish_rc, ND_OK);
    CHECK(alone.result.count > 0);
    for (int i = 0; i < 2; i++) {
        CHECK_INT(jobs[i].read_rc, ND_OK);
        CHECK_INT(jobs[i].finish_rc, ND_OK);
        CHECK(jobs[i].result.hash == alone.result.hash);
        CHECK_INT(jobs[i].result.count, alone.result.count);
    }
    free(stream);
}

/* ---- issue 7 (a): an outlet republishing its own article ----------------------------------- */
static void test_republished_is_not_template(void)
{
    nd_options options;
    nd_options_init(&options);
    options.stages = ND_STAGE_COPIES;
    options.input_order = 1;
    char *feed = malloc(64 * 1024), *at = feed;
    /* ten updated copies from one host: each adds an update line at the top */
    for (int i = 0; i < 10; i++)
        at += sprintf(at,
                      "{\"id\":\"v%d\",\"url\":\"https://harbour.example/breakwater\",\"title\":\"Breakwater to be "
                      "rebuilt\",\"text\":\"Updated at %d:00 with the council's figures.\\n%s\\n%s\\n%s\\n%s\"}\n",
                      i, 8 + i, PARA1, PARA2, PARA3, PARA4);
    outcome o;
    run(&options, "feed.jsonl", feed, &o);
    CHECK_INT(o.count, 10);
    for (int i = 1; i < 10; i++) {
        CHECK_STR(o.duplicate_of[i], "v0"); /* a near copy of the first, text intact */
    }
    /* and the text survived: no paragraph of the article became a template */
    nd_reader *reader = nd_reader_new(&options);
    nd_reader_free(reader);
    free(feed);
}

typedef struct bodies {
    char body[16][4096];
    char duplicate_of[16][16];
    int count;
} bodies;

static int keep_bodies(void *user, const nd_result *r)
{
    bodies *b = user;
    if (b->count < 16) {
        snprintf(b->body[b->count], sizeof b->body[b->count], "%s", nd_article_body(r->article, NULL));
        snprintf(b->duplicate_of[b->count], sizeof b->duplicate_of[b->count], "%s",
                 r->duplicate_of ? r->duplicate_of : "");
        b->count++;
    }
    return 0;
}

static int body_of_last(void *user, const nd_result *r)
{
    char *out = user;
    snprintf(out, 2048, "%s", nd_article_body(r->article, NULL));
    return 0;
}

static void test_republished_keeps_text(void)
{
    char feed[32768], *at = feed;
    for (int i = 0; i < 6; i++)
        at += sprintf(at,
                      "{\"id\":\"v%d\",\"source\":\"harbour.example\",\"title\":\"Breakwater\",\"text\":\"Update %d.\\n"
                      "%s\\n%s\\nShare this story.\"}\n",
                      i, i, PARA1, PARA3);
    /* the real template: a share line in three different articles of the source */
    at += sprintf(at, "{\"id\":\"o1\",\"source\":\"harbour.example\",\"title\":\"Ferry\",\"text\":\"%s\\nShare this story.\"}\n", PARA2);
    at += sprintf(at, "{\"id\":\"o2\",\"source\":\"harbour.example\",\"title\":\"Quay\",\"text\":\"%s\\nShare this story.\"}\n", PARA4);
    char body[2048] = "";
    nd_options options;
    nd_options_init(&options);
    options.stages = 0;
    options.input_order = 1;
    nd_engine *e = nd_engine_new(&options, NULL, body_of_last, body);
    CHECK(nd_engine_read_buffer(e, "feed.jsonl", feed, strlen(feed)) == ND_OK);
    CHECK_INT(nd_engine_finish(e), ND_OK);
    nd_engine_free(e);
    /* o2, the last: the share line is a template (v0..v5 count once, o1, o2) */
    CHECK(strstr(body, "Share this story") == NULL);
    CHECK(strstr(body, "Local traders") != NULL);
}

/* Writes `para` with its word number `which` (counted from 0, modulo the words) replaced by
 * "revised<version>": a light edit of one word. */
static void edit_word(char *out, size_t cap, const char *para, int which, int version)
{
    int words = 1;
    for (const char *p = para; *p; p++)
        words += *p == ' ';
    which %= words;
    const char *start = para;
    for (int w = 0; w < which; w++)
        start = strchr(start, ' ') + 1;
    const char *end = strchr(start, ' ');
    if (!end)
        end = start + strlen(start);
    snprintf(out, cap, "%.*srevised%d%s", (int)(start - para), para, version, end);
}

/* Issue 19: an outlet updating its own report ten times, each update with a light edit in every
 * paragraph of prose, is one report: the report's own short paragraphs (a quote, a note on the
 * next meeting) must not become templates of its source and leave the later updates, which stay
 * near copies of the first. A sign-off line in three different reports of the source still is a
 * template. */
static void test_edited_republications_keep_text(void)
{
    /* long paragraphs of prose, so that four one-word edits leave the copy finder's estimate
     * well above its threshold */
    static const char *const paras[] = {PARA1 " " PARA3, PARA2 " " PARA4, PARA3 " " PARA2, PARA4 " " PARA1};
    char *feed = malloc(64 * 1024), *at = feed;
    for (int v = 0; v < 10; v++) {
        char edited[4][1024];
        for (int p = 0; p < 4; p++)
            edit_word(edited[p], sizeof edited[p], paras[p], 3 * v + 5 * p, v);
        at += sprintf(at,
                      "{\"id\":\"v%d\",\"source\":\"harbour.example\",\"title\":\"Breakwater to be rebuilt\","
                      "\"text\":\"Updated at %d:00.\\n%s\\nHarbour master Ann Reid said the work was overdue.\\n%s\\n%s"
                      "\\nThe council meets again on Friday to agree the contracts.\\n%s\\nOur harbour desk reports from Port Selwyn every week.\"}\n",
                      v, 8 + v, edited[0], edited[1], edited[2], edited[3]);
    }
    at += sprintf(at, "{\"id\":\"o1\",\"source\":\"harbour.example\",\"title\":\"Ferry\",\"text\":\"The ferry "
                      "to Carrick Island will run an extra crossing on Saturdays from May until the end of September, "
                      "the operator said.\\nOur harbour desk reports from Port Selwyn every week.\"}\n");
    at += sprintf(at, "{\"id\":\"o2\",\"source\":\"harbour.example\",\"title\":\"Quay\",\"text\":\"The quay "
                      "will stay open to visitors through the summer while the breakwater is rebuilt, the authority "
                      "said.\\nOur harbour desk reports from Port Selwyn every week.\"}\n");
    nd_options options;
    nd_options_init(&options);
    options.stages = ND_STAGE_COPIES;
    options.input_order = 1;
    bodies b;
    memset(&b, 0, sizeof b);
    nd_engine *e = nd_engine_new(&options, NULL, keep_bodies, &b);
    CHECK(e != NULL);
    if (!e) {
        free(feed);
        return;
    }
    CHECK(nd_engine_read_buffer(e, "feed.jsonl", feed, strlen(feed)) == ND_OK);
    CHECK_INT(nd_engine_finish(e), ND_OK);
    nd_engine_free(e);
    CHECK_INT(b.count, 12);
    for (int v = 1; v < 10 && b.count == 12; v++) {
        CHECK(strstr(b.body[v], "the work was overdue") != NULL);
        CHECK(strstr(b.body[v], "meets again on Friday") != NULL);
        CHECK_STR(b.duplicate_of[v], "v0");
    }
    if (b.count == 12)
        CHECK(strstr(b.body[11], "Our harbour desk") == NULL); /* the report (once), o1, o2 */
    free(feed);
}

/* ---- issue 7 (b): paywall-only bodies ------------------------------------------------------ */
static void test_paywall_is_not_a_copy(void)
{
    nd_options options;
    nd_options_init(&options);
    options.stages = ND_STAGE_COPIES;
    options.input_order = 1;
    const char *feed =
        "{\"id\":\"p1\",\"title\":\"Council sets the budget\",\"text\":\"Already a subscriber? Sign in to continue reading.\"}\n"
        "{\"id\":\"p2\",\"title\":\"Storm closes the pass\",\"text\":\"Already a subscriber? Sign in to continue reading.\"}\n"
        "{\"id\":\"p3\",\"title\":\"Storm closes the pass\",\"text\":\"Already a subscriber? Sign in to continue reading.\"}\n";
    outcome o;
    run(&options, "feed.jsonl", feed, &o);
    CHECK_INT(o.count, 3);
    for (int i = 0; i < 3; i++)
        CHECK_STR(o.duplicate_of[i], ""); /* too little text, even with the same title */
    /* enough text but titles that disagree: not a copy either */
    const char *feed2 = "{\"id\":\"q1\",\"title\":\"Council sets the budget\",\"text\":\"" PARA1 "\"}\n"
                        "{\"id\":\"q2\",\"title\":\"Storm closes the mountain pass\",\"text\":\"" PARA1 "\"}\n"
                        "{\"id\":\"q3\",\"title\":\"Council sets budget\",\"text\":\"" PARA1 "\"}\n";
    run(&options, "feed.jsonl", feed2, &o);
    CHECK_STR(o.duplicate_of[1], "");
    CHECK_STR(o.duplicate_of[2], "q1");
}

/* ---- issue 7 (c): the original does not depend on the threshold -------------------------- */
static void test_original_independent_of_threshold(void)
{
    const char *feed =
        "{\"id\":\"late\",\"published\":\"2024-03-05\",\"title\":\"Breakwater\",\"text\":\"" PARA1 " " PARA2 " " PARA3 " A spokesman added nothing.\"}\n"
        "{\"id\":\"early\",\"published\":\"2024-03-04\",\"title\":\"Breakwater\",\"text\":\"" PARA1 " " PARA2 " " PARA3 "\"}\n"
        "{\"id\":\"later\",\"published\":\"2024-03-06\",\"title\":\"Breakwater\",\"text\":\"" PARA1 " " PARA2 " " PARA3 " More to follow.\"}\n";
    double thresholds[] = {0.3, 0.6, 0.8};
    for (int t = 0; t < 3; t++) {
        nd_options options;
        nd_options_init(&options);
        options.stages = ND_STAGE_STORIES | ND_STAGE_COPIES;
        options.near_threshold = thresholds[t];
        outcome o;
        run(&options, "feed.jsonl", feed, &o);
        int early = index_of(&o, "early"), late = index_of(&o, "late");
        CHECK(early >= 0 && late >= 0);
        if (early < 0 || late < 0)
            continue;
        CHECK_STR(o.duplicate_of[early], "");
        if (o.duplicate_of[late][0])
            CHECK_STR(o.duplicate_of[late], "early");
    }
}

/* ---- issue 10: repetitive text in linear time ------------------------------------------- */
static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* An article of `words` times "ab" after a normal paragraph, against one sharing the paragraph:
 * the passage search between them used to be quadratic in the repeated part. */
static double time_repetitive(size_t words)
{
    size_t cap = words * 3 + 4096;
    char *feed = malloc(cap), *at = feed;
    at += sprintf(at, "{\"id\":\"rep\",\"title\":\"x\",\"text\":\"%s\\n", PARA1);
    for (size_t i = 0; i < words; i++)
        memcpy(at, "ab ", 3), at += 3;
    at += sprintf(at, "\"}\n{\"id\":\"normal\",\"title\":\"y\",\"text\":\"%s\\n%s %s\"}\n", PARA1, PARA3, PARA4);
    nd_options options;
    nd_options_init(&options);
    options.stages = ND_STAGE_COPIES;
    double best = 1e9;
    for (int round = 0; round < 3; round++) {
        outcome o;
        double start = cpu_seconds();
        run(&options, "feed.jsonl", feed, &o);
        double took = cpu_seconds() - start;
        if (took < best)
            best = took;
        CHECK_INT(o.count, 2);
        CHECK_INT(o.pairs[1], 1); /* the shared paragraph is found */
    }
    free(feed);
    return best;
}

static void test_repetitive_text_linear(void)
{
    double small = time_repetitive(25000), large = time_repetitive(100000);
    double ratio = large / (small > 1e-4 ? small : 1e-4);
    printf("repetitive text: %.3f s at 25k words, %.3f s at 100k (x%.1f; quadratic would be x16)\n", small, large,
           ratio);
    CHECK(ratio < 8.0); /* 4x the words: linear is about 4x; generous slack for a loaded machine */
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--threads-only") == 0) { /* what the Helgrind run checks */
        test_two_threads();
        return CHECK_DONE();
    }
    test_results_by_id_and_windows();
    test_reorder_window_bounds_memory();
    test_two_threads();
    test_save_and_load();
    test_republished_is_not_template();
    test_republished_keeps_text();
    test_edited_republications_keep_text();
    test_paywall_is_not_a_copy();
    test_original_independent_of_threshold();
    test_repetitive_text_linear();
    return CHECK_DONE();
}
