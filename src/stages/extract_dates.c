/*
 * extract_dates.c: when, as the text says it. Takes the tokens; gives date expressions with
 * their spans ("on Thursday", "March 12", "in March 2011", "2017-10-19", "yesterday", "last
 * week", "three days ago", "in 1993"), each absolute or relative, with the tense of its sentence
 * ("will", "next": ahead; "last": strictly before). nd__resolve_dates later turns them into
 * values against the article's reference date, with the calendar of date.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "extract_work.h"

static int parse_int(const nd__extractor *x, size_t i, int *value)
{
    const token *t = &TOK(i);
    int v = 0, digits = 0;
    size_t k = t->start;
    for (; k < t->name_end && nd__is_digit((unsigned char)x->text[k]) && digits < 5; k++, digits++)
        v = v * 10 + (x->text[k] - '0');
    if (!digits)
        return 0;
    /* 14th, 1st, 22nd */
    size_t rest = t->name_end - k;
    if (rest && !(rest == 2 && nd__is_alpha((unsigned char)x->text[k])))
        return 0;
    *value = v;
    return digits;
}

static int is_year(const nd__extractor *x, size_t i, int *year)
{
    int v;
    return i < x->tokens.count && (TOK(i).flags & T_DIGITS) && parse_int(x, i, &v) == 4 && v >= 1900 && v <= 2099 &&
           (*year = v, 1);
}

static int push_date(nd__extractor *x, size_t a, size_t b, const nd__date_expr *e)
{
    if (x->dates.count >= ND__MAX_DATES)
        return ND_OK;
    /* a preposition before the expression belongs to it: "on Thursday", "in March 2011" */
    if (a > 0 && (TOK(a - 1).lex & L_PREP) && TOK(a - 1).sentence == TOK(a).sentence && (TOK(a).flags & T_SPACE) &&
        !(TOK(a - 1).lex & L_NUMBER))
        a--;
    date_work *d = nd__vec_push(&x->dates, sizeof *d);
    if (!d)
        return ND_ENOMEM;
    d->start = TOK(a).start;
    d->end = TOK(b - 1).name_end;
    d->expr = *e;
    return ND_OK;
}

/* Does the sentence of token i speak of the future before it ("will", "next")? */
static int future_sentence(const nd__extractor *x, size_t i)
{
    for (size_t k = i; k-- > 0 && TOK(k).sentence == TOK(i).sentence;)
        if (TOK(k).lex & L_FUTURE)
            return 1;
    return 0;
}

int nd__ex_find_dates(nd__extractor *x)
{
    size_t n = x->tokens.count;
    for (size_t i = 0; i < n; i++) {
        token *t = &TOK(i);
        nd__date_expr e;
        memset(&e, 0, sizeof e);
        int rc = ND_OK;
        char lower[16];
        size_t ln = lower_copy(x->text, t->start, t->name_end, lower, sizeof lower);
        if ((t->lex & L_DAY) && (t->flags & T_CAP)) {
            e.kind = ND__DATE_WEEKDAY;
            e.weekday = t->lex_value;
            if (i > 0 && tok_is(x, i - 1, "last"))
                e.direction = -1;
            else if ((i > 0 && tok_is(x, i - 1, "next")) || future_sentence(x, i))
                e.direction = 1;
            rc = push_date(x, i, i + 1, &e);
        } else if ((t->lex & L_MONTH) && (t->flags & T_CAP)) {
            int day, year;
            e.month = t->lex_value;
            if (i + 1 < n && (TOK(i + 1).flags & T_SPACE) && parse_int(x, i + 1, &day) && day >= 1 && day <= 31 &&
                !is_year(x, i + 1, &year)) {
                e.day = day;
                size_t end = i + 2;
                if (is_year(x, i + 2, &year)) {
                    e.year = year;
                    e.kind = ND__DATE_ABSOLUTE;
                    end = i + 3;
                } else
                    e.kind = ND__DATE_MONTH_DAY;
                if (future_sentence(x, i))
                    e.direction = 1;
                rc = push_date(x, i, end, &e);
                i = end - 1;
            } else if (i > 0 && parse_int(x, i - 1, &day) && day >= 1 && day <= 31 && (t->flags & T_SPACE) &&
                       !(TOK(i - 1).flags & T_SENT && 0)) {
                e.day = day;
                size_t end = i + 1;
                if (is_year(x, i + 1, &year)) {
                    e.year = year;
                    e.kind = ND__DATE_ABSOLUTE;
                    end = i + 2;
                } else
                    e.kind = ND__DATE_MONTH_DAY;
                rc = push_date(x, i - 1, end, &e);
                i = end - 1;
            } else if (is_year(x, i + 1, &year)) {
                e.kind = ND__DATE_MONTH_YEAR;
                e.year = year;
                rc = push_date(x, i, i + 2, &e);
                i++;
            } else if (i > 0 && (TOK(i - 1).lex & L_PREP) && !(TOK(i - 1).flags & T_CAP && !(TOK(i - 1).flags & T_SENT))) {
                e.kind = ND__DATE_MONTH;
                if (tok_is(x, i - 1, "last"))
                    e.direction = -1;
                else if (tok_is(x, i - 1, "next") || future_sentence(x, i))
                    e.direction = 1;
                rc = push_date(x, i, i + 1, &e);
            }
        } else if ((t->flags & T_DIGITS) && ln == 10 && lower[4] == '-' && lower[7] == '-') {
            /* 2017-10-19 is one token (hyphens join words) */
            e.kind = ND__DATE_ABSOLUTE;
            e.year = atoi(lower);
            e.month = atoi(lower + 5);
            e.day = atoi(lower + 8);
            if (e.month >= 1 && e.month <= 12 && e.day >= 1 && e.day <= 31)
                rc = push_date(x, i, i + 1, &e);
        } else if (t->flags & T_DIGITS) {
            int year;
            if (is_year(x, i, &year) && i > 0 &&
                (tok_is(x, i - 1, "in") || tok_is(x, i - 1, "since") || tok_is(x, i - 1, "until") ||
                 tok_is(x, i - 1, "by") || tok_is(x, i - 1, "of"))) {
                e.kind = ND__DATE_YEAR;
                e.year = year;
                rc = push_date(x, i, i + 1, &e);
            }
        } else if (!(t->flags & T_CAP) || (t->flags & T_SENT)) {
            if (strcmp(lower, "yesterday") == 0 || strcmp(lower, "today") == 0 || strcmp(lower, "tomorrow") == 0) {
                e.kind = ND__DATE_DAYS;
                e.offset = lower[0] == 'y' ? -1 : lower[2] == 'd' ? 0 : 1;
                rc = push_date(x, i, i + 1, &e);
            } else if ((strcmp(lower, "last") == 0 || strcmp(lower, "next") == 0 || strcmp(lower, "this") == 0) &&
                       i + 1 < n && (TOK(i + 1).flags & T_SPACE)) {
                int offset = lower[0] == 'l' ? -1 : lower[0] == 'n' ? 1 : 0;
                e.offset = offset;
                if (tok_is(x, i + 1, "week"))
                    e.kind = ND__DATE_WEEKS;
                else if (tok_is(x, i + 1, "month"))
                    e.kind = ND__DATE_MONTHS;
                else if (tok_is(x, i + 1, "year"))
                    e.kind = ND__DATE_YEARS;
                else
                    continue;
                rc = push_date(x, i, i + 2, &e);
                i++;
            } else if ((t->lex & L_NUMBER) || (t->flags & T_DIGITS)) {
                /* "three days ago", "a week ago" */
                if (i + 2 < n && tok_is(x, i + 2, "ago")) {
                    int count = t->lex_value;
                    if ((t->flags & T_DIGITS) && (!parse_int(x, i, &count) || count > 400))
                        continue;
                    if (tok_is(x, i + 1, "days") || tok_is(x, i + 1, "day"))
                        e.kind = ND__DATE_DAYS;
                    else if (tok_is(x, i + 1, "weeks") || tok_is(x, i + 1, "week"))
                        e.kind = ND__DATE_WEEKS;
                    else if (tok_is(x, i + 1, "months") || tok_is(x, i + 1, "month"))
                        e.kind = ND__DATE_MONTHS;
                    else if (tok_is(x, i + 1, "years") || tok_is(x, i + 1, "year"))
                        e.kind = ND__DATE_YEARS;
                    else
                        continue;
                    e.offset = -count;
                    rc = push_date(x, i, i + 3, &e);
                    i += 2;
                }
            }
        }
        if (rc)
            return rc;
    }
    return ND_OK;
}

/* ---- resolution ------------------------------------------------------------------------------ */
/* Parses "YYYY-MM-DD" at the start of `text` (a date the desk or the text gave, checked there). */
static int parse_iso(const char *text, int *y, int *m, int *d)
{
    return text && strlen(text) >= 10 && nd__date_parse_iso(text, 10, y, m, d);
}

static const char *format_date(nd__arena *arena, int precision, int y, int m, int d)
{
    char buf[16];
    if (y < 0 || y > 9999)
        return NULL;
    if (precision == ND_DATE_YEAR)
        snprintf(buf, sizeof buf, "%04d", y);
    else if (precision == ND_DATE_MONTH)
        snprintf(buf, sizeof buf, "%04d-%02d", y, m % 100);
    else
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m % 100, d % 100);
    return nd__arena_strndup(arena, buf, strlen(buf));
}

int nd__resolve_dates(nd__article_facts *a, nd__arena *arena)
{
    int ry = 0, rm = 0, rd = 0;
    int have_ref = parse_iso(a->facts.reference_date, &ry, &rm, &rd);
    long ref = have_ref ? nd__days_from_civil(ry, rm, rd) : 0;
    int from_story = a->facts.date_source && strcmp(a->facts.date_source, "story") == 0;
    nd_date *dates = (nd_date *)a->facts.dates;
    for (size_t i = 0; i < a->facts.date_count; i++) {
        const nd__date_expr *e = &a->date_exprs[i];
        nd_date *out = &dates[i];
        int precision = ND_DATE_DAY, y = e->year, m = e->month, d = e->day;
        out->value = NULL;
        switch (e->kind) {
        case ND__DATE_ABSOLUTE:
            if (d > nd__days_in_month(y, m))
                continue;
            break;
        case ND__DATE_MONTH_YEAR:
            precision = ND_DATE_MONTH;
            break;
        case ND__DATE_YEAR:
            precision = ND_DATE_YEAR;
            break;
        case ND__DATE_MONTH_DAY: {
            if (!have_ref)
                break;
            /* the nearest such day, last year, this year or next ("March 12" in February is
             * ahead, "December 28" in January behind); a sentence's tense ("will", "last")
             * outweighs the distance, and a tie goes to the past */
            int best = 0;
            long best_cost = 0;
            for (int c = ry - 1; c <= ry + 1; c++) {
                if (d > nd__days_in_month(c, m))
                    continue;
                long delta = nd__days_from_civil(c, m, d) - ref;
                long cost = labs(delta) * 2 + ((e->direction > 0 && delta < -1) || (e->direction < 0 && delta > 1) ? 400 : 0) +
                            (delta > 0 && e->direction <= 0); /* a tie goes to the past */
                if (!best || cost < best_cost) {
                    best = c;
                    best_cost = cost;
                }
            }
            if (!best)
                continue;
            y = best;
            break;
        }
        case ND__DATE_MONTH: {
            precision = ND_DATE_MONTH;
            if (!have_ref)
                break;
            /* the nearest such month, the tense breaking a tie ("in April" in December is the
             * coming April, "in October" in April the last) */
            int best = 0, best_cost = 0;
            for (int c = ry - 1; c <= ry + 1; c++) {
                int delta = (c - ry) * 12 + (m - rm);
                int cost = abs(delta) * 2 + ((e->direction > 0 && delta < 0) || (e->direction < 0 && delta >= 0) ? 40 : 0) +
                           (delta > 0 && e->direction <= 0);
                if (!best || cost < best_cost) {
                    best = c;
                    best_cost = cost;
                }
            }
            y = best;
            break;
        }
        case ND__DATE_WEEKDAY: {
            if (!have_ref)
                break;
            int ref_weekday = nd__weekday(ref);
            long delta;
            if (e->direction > 0) {
                delta = (e->weekday - ref_weekday + 7) % 7;
            } else {
                delta = -((ref_weekday - e->weekday + 7) % 7);
                if (delta == 0 && e->direction < 0)
                    delta = -7;
                /* A story's date is not the article's: the report may be a day or two later,
                 * so "on Friday" after a Thursday story is the next day, not six days before. */
                long ahead = (e->weekday - ref_weekday + 7) % 7;
                if (e->direction == 0 && from_story && ahead < -delta)
                    delta = ahead;
            }
            nd__civil_from_days(ref + delta, &y, &m, &d);
            break;
        }
        case ND__DATE_DAYS:
            if (!have_ref)
                break;
            nd__civil_from_days(ref + e->offset, &y, &m, &d);
            break;
        case ND__DATE_WEEKS: {
            if (!have_ref)
                break;
            precision = ND_DATE_WEEK;
            long day = ref + 7L * e->offset;
            long weekday = nd__weekday(day) - 1; /* 0 = Monday */
            nd__civil_from_days(day - weekday, &y, &m, &d);
            break;
        }
        case ND__DATE_MONTHS: {
            if (!have_ref)
                break;
            precision = ND_DATE_MONTH;
            int months = ry * 12 + (rm - 1) + e->offset;
            y = months / 12;
            m = months % 12 + 1;
            break;
        }
        case ND__DATE_YEARS:
            if (!have_ref)
                break;
            precision = ND_DATE_YEAR;
            y = ry + e->offset;
            break;
        }
        out->precision = (nd_date_precision)precision;
        int relative = e->kind == ND__DATE_MONTH_DAY || e->kind == ND__DATE_MONTH || e->kind == ND__DATE_WEEKDAY ||
                       e->kind >= ND__DATE_DAYS;
        if (relative && !have_ref)
            continue;
        out->value = format_date(arena, precision, y, m, d);
        if (!out->value)
            continue;
    }
    return ND_OK;
}

