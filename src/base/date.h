/*
 * date.h: the one calendar of newsdesk. Parses dates as feeds and metadata write them (ISO 8601
 * "2017-10-19", "2017-10-19T08:30:00Z", "2017-10-19 08:30"; RFC 2822 as RSS pubDate writes it,
 * "Thu, 19 Oct 2017 08:30:00 +0330"), decides once whether a date exists ("2017-02-30" does not,
 * anywhere), and converts between civil dates and day numbers for arithmetic (Howard Hinnant's
 * days_from_civil). A date keeps the day its publisher wrote: a time zone offset is checked, not
 * applied, so a report filed late on the 19th in Tehran stays the 19th.
 */
#ifndef ND_DATE_H
#define ND_DATE_H

#include <stddef.h>

/* Days in month m (1..12) of year y; 0 for a month out of range. */
int nd__days_in_month(int y, int m);
/* Nonzero when y-m-d exists (years 1..9999). */
int nd__date_valid(int y, int m, int d);
/* Days since 1970-01-01, and back. */
long nd__days_from_civil(int y, int m, int d);
void nd__civil_from_days(long days, int *y, int *m, int *d);
/* 1 (Monday) .. 7 (Sunday) of a day number. */
int nd__weekday(long days);

/* Seconds since 1970-01-01T00:00:00Z of a UTC civil time (timegm without the C library's time
 * zone state). Fields past their range carry over linearly as timegm's do for days, hours,
 * minutes and seconds ("2017-02-30" is 2 March); the month must be 1..12. For views.c's and
 * fetch.c's timegm, feed.c's days_from_civil * 86400 + .... */
long long nd__seconds_from_civil(int y, int m, int d, int hour, int minute, int second);
/* The UTC civil time of seconds since 1970 (gmtime_r without a struct tm). */
void nd__civil_from_seconds(long long t, int *y, int *m, int *d, int *hour, int *minute, int *second);
/* "YYYY-MM-DDTHH:MM:SS" (UTC, no zone letter) of seconds since 1970 into out[20], NUL included
 * (views.c's format_time: strftime "%Y-%m-%dT%H:%M:%S" of gmtime_r). */
void nd__format_iso_seconds(long long t, char out[20]);
/* Seconds since 1970 of "YYYY-MM-DD[THH:MM[:SS]]..." read as UTC, zones ignored and the time
 * only read when the text is 16 bytes or more with "T" or " " at byte 10; a loose reading
 * (sscanf's "%4d-%2d-%2d", no check that the day exists) for times the store wrote itself.
 * Returns 1 and sets *out, or 0 when the text does not start with a date. (views.c's
 * parse_time.) */
int nd__parse_iso_seconds(const char *text, double *out);

/* An ISO 8601 date at the start of text[0..len): "YYYY-MM-DD", optionally followed by "T" or a
 * space and a time ("HH:MM", seconds, fraction, "Z" or an offset). The whole text must be the
 * date. Returns 1 and sets y, m, d when it is one and exists. */
int nd__date_parse_iso(const char *text, size_t len, int *y, int *m, int *d);
/* RFC 2822 (RSS pubDate): "[Thu, ]19 Oct 2017[ 08:30[:00][ +0330|GMT|EST...]]". Returns 1 and
 * sets y, m, d when the whole text is one and the date exists. */
int nd__date_parse_rfc2822(const char *text, size_t len, int *y, int *m, int *d);
/* Either form. Writes "YYYY-MM-DD" and a NUL into out[11] and returns 1, or returns 0. */
int nd__date_parse(const char *text, size_t len, char out[11]);

#endif
