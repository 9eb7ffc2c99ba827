/*
 * utf8.h: outside bytes in, valid NFC UTF-8 out.
 */
#ifndef ND_UTF8_H
#define ND_UTF8_H

#include <stddef.h>

#include "text.h"
#include "util.h"

/* The former name of nd__utf8_decode (text.h), kept until cluster.c and gazetteer.c call that
 * one: not a second decoder, a forwarder. */
static inline size_t nd__utf8_sequence(const unsigned char *s, size_t len, int *codepoint)
{
    return nd__utf8_decode(s, len, codepoint);
}

/* Appends `len` bytes to `out` as valid UTF-8: invalid sequences become U+FFFD, "\r\n" and "\r"
 * become "\n", control characters other than "\n" and "\t" are dropped, no-break spaces become
 * spaces, zero-width characters go, and non-ASCII text is put in Unicode NFC. Returns the number
 * of invalid sequences repaired (>= 0) or a negative status. */
long nd__utf8_clean(const char *in, size_t len, nd__buf *out);

/* Appends UTF-16 bytes (`big_endian` or little, no byte-order mark) to `out` as UTF-8; an
 * unpaired surrogate or a final odd byte becomes U+FFFD. Returns the number of such repairs
 * (>= 0) or a negative status (ND_ETOOBIG past out's limit, ND_ENOMEM). */
long nd__utf16_to_utf8(const char *in, size_t len, int big_endian, nd__buf *out);

#endif
