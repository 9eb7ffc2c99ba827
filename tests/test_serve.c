/* Tests of serve.c (nd_serve in newsdesk.h) over a real socket on 127.0.0.1: the server says
 * when it listens and on which port, answers the API with JSON and pages with HTML, unknown
 * paths with 404, a write without the token with 401, a POST of JSON Lines by ingesting them;
 * it stops when asked; binding beyond loopback without a token is refused. The whole API is
 * tests/test_serve.py's. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "newsdesk.h"

static volatile int stop_flag;
static volatile int ready_port = -1;
static int serve_status = 1;

static void on_ready(void *user, int port)
{
    (void)user;
    ready_port = port;
}

static void *serve_thread(void *arg)
{
    serve_status = nd_serve(arg);
    return NULL;
}

/* One request; returns the status code and copies the body (at most cap - 1 bytes). */
static int request(int port, const char *method, const char *path, const char *headers, const char *body,
                   char *out, size_t cap)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    char head[1024];
    int n = snprintf(head, sizeof head, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%sContent-Length: %zu\r\n\r\n",
                     method, path, headers ? headers : "", body ? strlen(body) : 0);
    if (write(fd, head, (size_t)n) != n || (body && write(fd, body, strlen(body)) != (ssize_t)strlen(body))) {
        close(fd);
        return -1;
    }
    static char reply[1 << 16];
    size_t got = 0;
    ssize_t r;
    while (got < sizeof reply - 1 && (r = read(fd, reply + got, sizeof reply - 1 - got)) > 0)
        got += (size_t)r;
    reply[got] = 0;
    close(fd);
    int status = 0;
    if (sscanf(reply, "HTTP/1.%*d %d", &status) != 1)
        return -1;
    const char *start = strstr(reply, "\r\n\r\n");
    snprintf(out, cap, "%s", start ? start + 4 : "");
    return status;
}

static void test_refuses_open_bind(void)
{
    nd_serve_options o;
    nd_serve_options_init(&o);
    CHECK_STR(o.bind, "127.0.0.1");
    CHECK_INT(o.port, 8080);
    volatile int stop = 1;
    o.stop = &stop;
    o.bind = "0.0.0.0";
    o.port = 0;
    CHECK_INT(nd_serve(&o), ND_EINVAL);
    o.bind = "not an address";
    CHECK_INT(nd_serve(&o), ND_EINVAL);
}

static void test_requests(const char *db)
{
    nd_serve_options o;
    nd_serve_options_init(&o);
    o.db_path = db;
    o.port = 0;
    o.threads = 2;
    o.token = "secret-token";
    o.stop = &stop_flag;
    o.on_ready = on_ready;
    pthread_t thread;
    CHECK_INT(pthread_create(&thread, NULL, serve_thread, &o), 0);
    for (int i = 0; i < 3000 && ready_port < 0 && serve_status == 1; i++) {
        struct timespec pause = {0, 10 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    CHECK(ready_port > 0);
    if (ready_port > 0) {
        static char body[1 << 16];
        CHECK_INT(request(ready_port, "GET", "/healthz", NULL, NULL, body, sizeof body), 200);
        CHECK_INT(request(ready_port, "GET", "/api/stories", NULL, NULL, body, sizeof body), 200);
        CHECK(strstr(body, "\"stories\":[]") != NULL);
        CHECK_INT(request(ready_port, "GET", "/no/such/page", NULL, NULL, body, sizeof body), 404);
        CHECK_INT(request(ready_port, "GET", "/api/stories/999", NULL, NULL, body, sizeof body), 404);
        CHECK(strstr(body, "not_found") != NULL);
        const char *line = "{\"id\":\"s1\",\"title\":\"Ferry <b>returns</b>\",\"text\":\"The island ferry returned to service on Monday after a week of storms kept it in port.\"}\n";
        CHECK_INT(request(ready_port, "POST", "/api/articles", NULL, line, body, sizeof body), 401);
        CHECK_INT(request(ready_port, "POST", "/api/articles", "Authorization: Bearer secret-token\r\n", line, body,
                          sizeof body), 201);
        CHECK_INT(request(ready_port, "GET", "/api/stories", NULL, NULL, body, sizeof body), 200);
        CHECK(strstr(body, "\"id\":1") != NULL);
        CHECK_INT(request(ready_port, "GET", "/stories/1", NULL, NULL, body, sizeof body), 200);
        CHECK(strstr(body, "<!DOCTYPE html>") != NULL || strstr(body, "<!doctype html>") != NULL);
        CHECK(strstr(body, "<b>returns</b>") == NULL); /* escaped on the page */
        CHECK(strstr(body, "&lt;b&gt;returns") != NULL);
    }
    stop_flag = 1;
    pthread_join(thread, NULL);
    CHECK_INT(serve_status, ND_OK);
}

int main(void)
{
    char db[64], wal[80], shm[80];
    snprintf(db, sizeof db, "test_serve_%d.db", (int)getpid());
    snprintf(wal, sizeof wal, "%s-wal", db);
    snprintf(shm, sizeof shm, "%s-shm", db);
    test_refuses_open_bind();
    test_requests(db);
    remove(db), remove(wal), remove(shm);
    return CHECK_DONE();
}
