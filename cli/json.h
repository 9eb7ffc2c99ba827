/*
 * json.h: a small JSON writer for the CLI's output (cJSON reads; we write, streaming, without
 * building trees).
 */
#ifndef ND_CLI_JSON_H
#define ND_CLI_JSON_H

#include <stddef.h>
#include <stdio.h>

typedef struct json_writer {
    FILE *out;
    int need_comma; /* a value was written at this level */
} json_writer;

void json_begin_object(json_writer *w, const char *key); /* key NULL in arrays and at top */
void json_end_object(json_writer *w);
void json_begin_array(json_writer *w, const char *key);
void json_end_array(json_writer *w);
void json_key(json_writer *w, const char *key);
void json_string(json_writer *w, const char *key, const char *text, size_t len);
void json_cstring(json_writer *w, const char *key, const char *text); /* NULL writes null */
void json_number(json_writer *w, const char *key, double value);
void json_integer(json_writer *w, const char *key, long long value);
/* Writes "\n" and resets the writer for the next JSON Lines record. */
void json_end_line(json_writer *w);

#endif
