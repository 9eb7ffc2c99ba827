/*
 * check.h: the assertions of newsdesk's test programs (after libuv's test/task.h). A failed
 * check prints file, line, the expression and both values, and the run goes on; CHECK_DONE()
 * prints "N passed, N failed" and returns the exit status.
 */
#ifndef ND_TEST_CHECK_H
#define ND_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(expr)                                                               \
    do {                                                                          \
        if (expr)                                                                 \
            check_passed++;                                                       \
        else {                                                                    \
            check_failed++;                                                       \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #expr); \
        }                                                                         \
    } while (0)

#define CHECK_INT(a, b)                                                                      \
    do {                                                                                     \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);                      \
        if (check_a_ == check_b_)                                                            \
            check_passed++;                                                                  \
        else {                                                                               \
            check_failed++;                                                                  \
            fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", __FILE__, __LINE__, #a, \
                    #b, check_a_, check_b_);                                                 \
        }                                                                                    \
    } while (0)

#define CHECK_STR(a, b)                                                                         \
    do {                                                                                        \
        const char *check_a_ = (a), *check_b_ = (b);                                            \
        if (check_a_ && check_b_ && strcmp(check_a_, check_b_) == 0)                            \
            check_passed++;                                                                     \
        else {                                                                                  \
            check_failed++;                                                                     \
            fprintf(stderr, "%s:%d: %s == %s failed: \"%s\" != \"%s\"\n", __FILE__, __LINE__, #a, \
                    #b, check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)");        \
        }                                                                                       \
    } while (0)

#define CHECK_DONE()                                                 \
    (printf("%d passed, %d failed\n", check_passed, check_failed), \
     check_failed ? 1 : 0)

#endif
