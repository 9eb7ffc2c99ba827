/*
 * story_state.c: the story clusterer's state saved and loaded back. Takes a state (save) or
 * the bytes of a saved one (load, into a state just made with the same options); gives the
 * state as text, one row a line (the format is below), and back: a stream split in two runs
 * gives exactly the results of one. The loader checks every row against the counters and the
 * ceilings of cluster.h before it keeps it; on failure the state is left empty and
 * nd_cluster_load_error says why.
 */
#define _GNU_SOURCE /* open_memstream, fmemopen */
#include "cluster_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- saving and loading ---------------------------------------------------------------------- */
/* The file is text, one row a line, first word the table:
 *   newsdesk-cluster-state 3
 *   counters NEXT_STORY SEQ DOCUMENTS NOW SWEPT_DAY STORY_SLOTS
 *   options THRESHOLD ENTITIES EXPIRE_DAYS STORYLINE_DAYS MAX_STORIES
 *                                       (the options the state was made with; a load into a
 *                                        state made with others is refused, ND_EOPTIONS)
 *   term KEY DF KIND SURFACE            (ids are row order; SURFACE escaped: \t \n \\)
 *   paragraph HASH STORY                (paragraphs seen, by hash; STORY 4294967295 for
 *                                        boilerplate)
 *   source HASH REPORTS                 (reports of each outlet, by hash)
 *   source_term HASH REPORTS            (reports of an outlet holding a feature, by the hash
 *                                        of the pair)
 *   story SLOT NUMBER STORYLINE STATE FIRST_DAY LAST_DAY LAST_SEQ ARTICLES DAY_SUM DATED SOURCE OTHER
 *         EVENT_DAY                     (SOURCE: its first report's outlet hash; OTHER 1 once
 *                                        another outlet joined; EVENT_DAY the term id of the day
 *                                        its first report named, 4294967295 for none)
 *   terms ID:WEIGHT ...                 (of the story row above, by id)
 *   titles ID:WEIGHT ...                (its title vector)
 *   names ID:WEIGHT ...
 *   posted ID ...                       (the features it is listed under, in order)
 *   member TERMS NAMES ID:WEIGHT ...    (one row per kept member, terms then names)
 *   free SLOT ...                       (free story slots, in reuse order)
 *   end
 * Weights are printed with 9 significant digits, which gives back the same float. Postings are
 * rebuilt from the "posted" rows; their order never matters (see lookup). The lists of live and
 * closed stories by last update are rebuilt from LAST_SEQ (unique: one article, one story). Scratch fields
 * (stamps, accumulators) start from zero, which every sequence number after a load exceeds. */
typedef struct map_row {
    uint64_t key;
    uint32_t value;
} map_row;

static int by_key(const void *a, const void *b)
{
    const map_row *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

static void write_features(FILE *f, const char *table, const feature *v, uint32_t n)
{
    fputs(table, f);
    for (uint32_t i = 0; i < n; i++)
        fprintf(f, " %u:%.9g", v[i].id, (double)v[i].weight);
    fputc('\n', f);
}

/* Writes a table of uint32_t values as "TABLE KEY VALUE" rows in key order, so that the file
 * does not depend on the table's history. ND_OK or ND_ENOMEM. */
static int write_map(FILE *f, const char *table, const nd__map *map)
{
    map_row *rows = map->count ? malloc(map->count * sizeof *rows) : NULL;
    if (map->count && !rows)
        return ND_ENOMEM;
    size_t row_count = 0, cursor = 0;
    uint64_t key;
    for (const uint32_t *value; (value = nd__map_each(map, &cursor, &key));)
        rows[row_count++] = (map_row){key, *value};
    if (row_count > 1)
        qsort(rows, row_count, sizeof *rows, by_key);
    for (size_t i = 0; i < row_count; i++)
        fprintf(f, "%s %llu %u\n", table, (unsigned long long)rows[i].key, rows[i].value);
    free(rows);
    return ND_OK;
}

/* Writes the rows to f; returns ND_OK or ND_ENOMEM (write errors are the caller's to check). */
static int save_rows(const nd_cluster *c, FILE *f)
{
    fprintf(f, "%s\ncounters %lld %llu %llu %ld %ld %u\n", STATE_MAGIC, c->next_story,
            (unsigned long long)c->seq, (unsigned long long)c->documents, (long)c->now,
            (long)c->swept_day, c->story_count);
    fprintf(f, "options %.17g %d %.17g %.17g %d\n", c->threshold, c->entities, c->options.story_expire_days,
            c->options.storyline_days, c->options.max_stories);
    for (uint32_t i = 0; i < c->term_count; i++) {
        const term_info *t = &c->terms[i];
        fprintf(f, "term %llu %u %u ", (unsigned long long)t->key, t->df, t->kind);
        for (const char *p = t->text; *p; p++) {
            if (*p == '\t' || *p == '\n' || *p == '\\' || *p == '\r')
                fprintf(f, "\\%c", *p == '\t' ? 't' : *p == '\n' ? 'n' : *p == '\r' ? 'r' : '\\');
            else
                fputc(*p, f);
        }
        fputc('\n', f);
    }
    if (write_map(f, "paragraph", &c->paragraphs) != ND_OK || write_map(f, "source", &c->source_docs) != ND_OK ||
        write_map(f, "source_term", &c->source_terms) != ND_OK)
        return ND_ENOMEM;
    for (uint32_t slot = 0; slot < c->story_count; slot++) {
        const story *s = &c->stories[slot];
        if (s->state == STORY_FREE)
            continue;
        fprintf(f, "story %u %lld %lld %d %ld %ld %llu %u %lld %u %llu %d %u\n", slot, s->number, s->storyline,
                s->state, (long)s->first_day, (long)s->last_day, (unsigned long long)s->last_seq, s->articles,
                s->day_sum, s->dated, (unsigned long long)s->source, s->other_sources, s->event_day);
        write_features(f, "terms", s->terms, s->term_count);
        write_features(f, "titles", s->titles, s->title_count);
        write_features(f, "names", s->names, s->name_count);
        fputs("posted", f);
        for (uint32_t k = 0; k < s->posted_count; k++)
            fprintf(f, " %u", s->posted[k]);
        fputc('\n', f);
        for (uint32_t k = 0; k < s->exemplar_count; k++) {
            const feature *e = s->exemplars + (size_t)k * EX_SIZE;
            fprintf(f, "member %u %u", s->ex_terms[k], s->ex_names[k]);
            for (uint32_t i = 0; i < s->ex_terms[k]; i++)
                fprintf(f, " %u:%.9g", e[i].id, (double)e[i].weight);
            for (uint32_t i = 0; i < s->ex_names[k]; i++)
                fprintf(f, " %u:%.9g", e[EX_TERMS + i].id, (double)e[EX_TERMS + i].weight);
            fputc('\n', f);
        }
    }
    fputs("free", f);
    const uint32_t *free_slots = c->free_slots.items;
    for (size_t i = 0; i < c->free_slots.count; i++)
        fprintf(f, " %u", free_slots[i]);
    fputs("\nend\n", f);
    return ND_OK;
}

int nd_cluster_save(const nd_cluster *c, const char *path)
{
    if (!c || !path)
        return ND_EINVAL;
    FILE *f = fopen(path, "w");
    if (!f)
        return ND_EIO;
    int rc = save_rows(c, f);
    int failed = ferror(f);
    if (fclose(f) != 0 || failed)
        return rc == ND_OK ? ND_EIO : rc;
    return rc;
}

int nd_cluster_save_buffer(const nd_cluster *c, char **data, size_t *len)
{
    if (!c || !data || !len)
        return ND_EINVAL;
    *data = NULL;
    *len = 0;
    FILE *f = open_memstream(data, len);
    if (!f)
        return ND_ENOMEM;
    int rc = save_rows(c, f);
    if (fclose(f) != 0 && rc == ND_OK)
        rc = ND_ENOMEM;
    if (rc != ND_OK) {
        free(*data);
        *data = NULL;
        *len = 0;
    }
    return rc;
}

/* Reads one line into *line (grown as needed, NUL-terminated, newline dropped). Returns its
 * length, or -1 at the end of the file or when out of memory (*oom set). */
static long read_line(FILE *f, char **line, size_t *cap, int *oom)
{
    size_t len = 0;
    int ch;
    while ((ch = getc(f)) != EOF && ch != '\n') {
        if (len + 2 > *cap) {
            size_t grown_cap = *cap ? *cap * 2 : 4096;
            char *grown = realloc(*line, grown_cap);
            if (!grown) {
                *oom = 1;
                return -1;
            }
            *line = grown;
            *cap = grown_cap;
        }
        (*line)[len++] = (char)ch;
    }
    if (ch == EOF && len == 0)
        return -1;
    if (!*line && !(*line = malloc(*cap = 16))) {
        *oom = 1;
        return -1;
    }
    (*line)[len] = 0;
    return (long)len;
}

/* Parses ID:WEIGHT pairs at *p up to the end of the line, or `max` of them when `stop`; every
 * id must be below `ids`. Returns how many, or -1 when malformed or more than `max`. */
static long parse_features(const char **p, feature *out, uint32_t max, uint32_t ids, int stop)
{
    uint32_t n = 0;
    for (;;) {
        while (**p == ' ')
            (*p)++;
        if (!**p || (stop && n == max))
            return n;
        char *end;
        unsigned long id = strtoul(*p, &end, 10);
        if (end == *p || *end != ':' || id >= ids || n >= max)
            return -1;
        *p = end + 1;
        double weight = strtod(*p, &end);
        if (end == *p)
            return -1;
        *p = end;
        out[n].id = (uint32_t)id;
        out[n].weight = (float)weight;
        n++;
    }
}

static const char *after_word(const char *line, const char *word)
{
    size_t n = strlen(word);
    return strncmp(line, word, n) == 0 && (line[n] == ' ' || line[n] == 0) ? line + n : NULL;
}

/* A day number as saved: NO_DAY or a day within a few million years of 1970. */
static int plausible_day(long day) { return day == NO_DAY || (day > -1000000000L && day < 1000000000L); }

/* Compares an option of the file with the state's; on a difference says which (load_error). */
static int same_option(nd_cluster *c, const char *name, double saved, double now)
{
    if (saved == now || (float)saved == (float)now)
        return 1;
    snprintf(c->load_error, sizeof c->load_error, "saved with %s %.9g, this state has %.9g", name, saved, now);
    return 0;
}

typedef struct seq_slot {
    uint64_t last_seq;
    uint32_t slot;
} seq_slot;

static int by_last_seq(const void *a, const void *b)
{
    uint64_t x = ((const seq_slot *)a)->last_seq, y = ((const seq_slot *)b)->last_seq;
    return x < y ? -1 : x > y;
}

static int load_rows(nd_cluster *c, FILE *f)
{
    char *line = NULL;
    size_t cap = 0;
    int oom = 0, rc = ND_EFORMAT, ended = 0;
    story *s = NULL;
    uint32_t slots = 0;
    long line_number = 1;
    if (read_line(f, &line, &cap, &oom) < 0 || strncmp(line, "newsdesk-cluster-state ", 23) != 0) {
        snprintf(c->load_error, sizeof c->load_error, "not a newsdesk cluster state");
        goto done;
    }
    if (strcmp(line, STATE_MAGIC) != 0) {
        snprintf(c->load_error, sizeof c->load_error, "a cluster state of another version (%.40s, not %s)",
                 line + 23, &STATE_MAGIC[23]);
        goto done;
    }
    long long next_story;
    unsigned long long seq, documents;
    long now, swept;
    unsigned stories;
    line_number++;
    /* Counters are checked against each other: every story was opened by an article, so there
     * are never more stories than articles, and no more story slots than stories can be held. */
    if (read_line(f, &line, &cap, &oom) < 0 ||
        sscanf(line, "counters %lld %llu %llu %ld %ld %u", &next_story, &seq, &documents, &now, &swept,
               &stories) != 6 || next_story < 1 || seq > ND__CLUSTER_MAX_SEQ || (unsigned long long)next_story > ND__CLUSTER_MAX_SEQ ||
        (unsigned long long)(next_story - 1) > seq || documents > seq || !plausible_day(now) ||
        !plausible_day(swept) || stories > 2u * (unsigned)c->options.max_stories + 1024u)
        goto done;
    double threshold, expire, storyline_days;
    int entities, max_stories;
    line_number++;
    if (read_line(f, &line, &cap, &oom) < 0 ||
        sscanf(line, "options %lf %d %lf %lf %d", &threshold, &entities, &expire, &storyline_days,
               &max_stories) != 5)
        goto done;
    if (!same_option(c, "story_threshold", threshold, c->threshold) ||
        !same_option(c, "story_entities", entities, c->entities) ||
        !same_option(c, "story_expire_days", expire, c->options.story_expire_days) ||
        !same_option(c, "storyline_days", storyline_days, c->options.storyline_days) ||
        !same_option(c, "max_stories", max_stories, c->options.max_stories)) {
        rc = ND_EOPTIONS;
        goto done;
    }
    c->next_story = next_story;
    c->seq = seq;
    c->documents = documents;
    c->now = (int32_t)now;
    c->swept_day = (int32_t)swept;
    slots = stories;
    while (read_line(f, &line, &cap, &oom) >= 0) {
        const char *p;
        line_number++;
        if ((p = after_word(line, "term"))) {
            unsigned long long key;
            unsigned df, kind;
            int used;
            if (s || sscanf(p, " %llu %u %u%n", &key, &df, &kind, &used) != 3 || kind < KIND_TERM ||
                kind > KIND_LAST || df > documents)
                goto done;
            if (p[used] == ' ')
                used++; /* exactly one space: the surface itself may begin with one (fuzz_state) */
            /* unescape in place */
            char *text = line + (p - line) + used, *out = text;
            for (const char *q = text; *q; q++) {
                if (*q == '\\' && q[1]) {
                    q++;
                    *out++ = *q == 't' ? '\t' : *q == 'n' ? '\n' : *q == 'r' ? '\r' : *q;
                } else
                    *out++ = *q;
            }
            uint32_t before = c->term_count;
            uint32_t id = nd__story_term_id(c, key, kind, text, (size_t)(out - text));
            if (id == NO_TERM) {
                rc = c->term_count >= ND__CLUSTER_MAX_TERMS ? ND_ETOOBIG : ND_ENOMEM;
                goto done;
            }
            if (id != before) /* a key twice */
                goto done;
            c->terms[id].df = df;
        } else if ((p = after_word(line, "paragraph"))) {
            unsigned long long key;
            unsigned value;
            if (s || sscanf(p, " %llu %u", &key, &value) != 2 || key == 0 ||
                c->paragraphs.count >= ND__CLUSTER_PARAGRAPHS_MAX)
                goto done;
            if (story_map_set(&c->paragraphs, key, value) != ND_OK) {
                rc = ND_ENOMEM;
                goto done;
            }
        } else if ((p = after_word(line, "source")) || (p = after_word(line, "source_term"))) {
            int pair = line[6] == '_';
            nd__map *map = pair ? &c->source_terms : &c->source_docs;
            unsigned long long key;
            unsigned value;
            if (s || sscanf(p, " %llu %u", &key, &value) != 2 || key == 0 || value > documents ||
                (pair && map->count >= ND__CLUSTER_SOURCE_TERMS_MAX) || (!pair && map->count >= documents))
                goto done;
            if (story_map_set(map, key, value) != ND_OK) {
                rc = ND_ENOMEM;
                goto done;
            }
        } else if ((p = after_word(line, "story"))) {
            unsigned slot, articles, dated;
            long long number, storyline, day_sum;
            int state;
            long first, last;
            unsigned long long last_seq, source;
            int other;
            unsigned event_day;
            if (sscanf(p, " %u %lld %lld %d %ld %ld %llu %u %lld %u %llu %d %u", &slot, &number, &storyline, &state,
                       &first, &last, &last_seq, &articles, &day_sum, &dated, &source, &other, &event_day) != 13 ||
                dated > articles || (other != 0 && other != 1) || (event_day != NO_TERM && event_day >= c->term_count) ||
                slot >= slots || number < 1 || number >= c->next_story || storyline < 1 ||
                storyline >= c->next_story || articles > seq || last_seq > seq || !plausible_day(first) ||
                !plausible_day(last) || (state != STORY_LIVE && state != STORY_CLOSED) ||
                c->held > (size_t)c->options.max_stories)
                goto done;
            while (c->story_count <= slot)
                if (nd__story_new_slot(c) == UINT32_MAX) {
                    rc = ND_ENOMEM;
                    goto done;
                }
            s = &c->stories[slot];
            if (s->number) /* a slot twice */
                goto done;
            s->number = number;
            s->source = source;
            s->other_sources = other;
            s->event_day = event_day;
            s->storyline = storyline;
            s->state = state;
            s->first_day = (int32_t)first;
            s->last_day = (int32_t)last;
            s->last_seq = last_seq;
            s->articles = articles;
            s->day_sum = day_sum;
            s->dated = dated;
            if (state == STORY_LIVE)
                c->live++;
            c->held++;
        } else if (s && ((p = after_word(line, "terms")) || (p = after_word(line, "titles")) ||
                          (p = after_word(line, "names")))) {
            /* Parsed into scratch (room for any vector), then kept at its own size. */
            int which = line[1] == 'e' ? 0 : line[1] == 'i' ? 1 : 2;
            feature **vector = which == 0 ? &s->terms : which == 1 ? &s->titles : &s->names;
            uint32_t *count = which == 0 ? &s->term_count : which == 1 ? &s->title_count : &s->name_count;
            uint32_t *cap = which == 0 ? &s->term_cap : which == 1 ? &s->title_cap : &s->name_cap;
            uint32_t max = which == 0 ? ND__CLUSTER_STORY_TERMS : which == 1 ? STORY_TITLE_TERMS : ND__CLUSTER_STORY_NAMES;
            feature *scratch = c->merge.items;
            long n = parse_features(&p, scratch, max, c->term_count, 0);
            if (n < 0)
                goto done;
            if (nd__story_fit((void **)vector, cap, (uint32_t)n, sizeof **vector) != ND_OK) {
                rc = ND_ENOMEM;
                goto done;
            }
            if (n)
                memcpy(*vector, scratch, (size_t)n * sizeof *scratch);
            *count = (uint32_t)n;
            if (which == 2)
                nd__story_norms(s);
        } else if (s && (p = after_word(line, "posted"))) {
            char *end;
            for (;;) {
                while (*p == ' ')
                    p++;
                if (!*p)
                    break;
                unsigned long id = strtoul(p, &end, 10);
                if (end == p || id >= c->term_count || s->posted_count >= POSTED_MAX)
                    goto done;
                p = end;
                if (nd__story_fit((void **)&s->posted, &s->posted_cap, s->posted_count + 1, sizeof *s->posted) != ND_OK) {
                    rc = ND_ENOMEM;
                    goto done;
                }
                posting_list *list = &c->terms[id].postings;
                if (list->count == list->cap) {
                    uint32_t grown_cap = list->cap ? list->cap * 2 : 4;
                    uint32_t *grown = realloc(list->slots, grown_cap * sizeof *grown);
                    if (!grown) {
                        rc = ND_ENOMEM;
                        goto done;
                    }
                    list->slots = grown;
                    list->cap = grown_cap;
                }
                list->slots[list->count++] = (uint32_t)(s - c->stories);
                s->posted[s->posted_count++] = (uint32_t)id;
            }
        } else if (s && (p = after_word(line, "member"))) {
            unsigned nt, nn;
            int used;
            if (s->state != STORY_LIVE || s->exemplar_count >= MAX_EXEMPLARS ||
                sscanf(p, " %u %u%n", &nt, &nn, &used) != 2 || nt > EX_TERMS || nn > EX_NAMES)
                goto done;
            p += used;
            uint32_t k = s->exemplar_count;
            if (nd__story_fit((void **)&s->exemplars, &s->exemplar_cap, (k + 1) * EX_SIZE, sizeof *s->exemplars) != ND_OK) {
                rc = ND_ENOMEM;
                goto done;
            }
            feature *e = s->exemplars + (size_t)k * EX_SIZE;
            if (parse_features(&p, e, nt, c->term_count, 1) != (long)nt ||
                parse_features(&p, e + EX_TERMS, nn, c->term_count, 0) != (long)nn)
                goto done;
            nd__story_exemplar_counts(s, k, nt, nn);
            s->exemplar_count++;
        } else if ((p = after_word(line, "free"))) {
            s = NULL;
            while (c->story_count < slots)
                if (nd__story_new_slot(c) == UINT32_MAX) {
                    rc = ND_ENOMEM;
                    goto done;
                }
            char *end;
            for (;;) {
                while (*p == ' ')
                    p++;
                if (!*p)
                    break;
                unsigned long slot = strtoul(p, &end, 10);
                /* A free slot listed twice would be handed out twice: a story would overwrite
                 * another (the list is as long as the free slots, each free slot once). */
                if (end == p || slot >= slots || c->stories[slot].number || c->stories[slot].stamp)
                    goto done;
                c->stories[slot].stamp = 1; /* listed; scratch, cleared below */
                p = end;
                uint32_t *free_slot = nd__vec_push(&c->free_slots, sizeof *free_slot);
                if (!free_slot) {
                    rc = ND_ENOMEM;
                    goto done;
                }
                *free_slot = (uint32_t)slot;
            }
        } else if (strcmp(line, "end") == 0) {
            ended = 1;
            break;
        } else
            goto done;
    }
    if (ended && c->story_count == slots) {
        rc = ND_OK;
        /* The lists by last update: every held story, in order of LAST_SEQ. */
        seq_slot *order = c->held ? malloc(c->held * sizeof *order) : NULL;
        if (c->held && !order) {
            rc = ND_ENOMEM;
            goto done;
        }
        size_t n = 0;
        for (uint32_t slot = 0; slot < c->story_count; slot++)
            if (c->stories[slot].number)
                order[n++] = (seq_slot){c->stories[slot].last_seq, slot};
        if (n > 1)
            qsort(order, n, sizeof *order, by_last_seq);
        for (size_t i = 0; i < n; i++)
            nd__story_list_insert(c, order[i].slot);
        free(order);
    }
    else if (!ended)
        line_number = 0; /* cut short: no line to blame */
done:
    for (size_t k = 0; k < c->free_slots.count; k++)
        c->stories[((const uint32_t *)c->free_slots.items)[k]].stamp = 0;
    if (oom)
        rc = ND_ENOMEM;
    if (rc == ND_ENOMEM)
        snprintf(c->load_error, sizeof c->load_error, "out of memory");
    else if (rc == ND_ETOOBIG && !c->load_error[0])
        snprintf(c->load_error, sizeof c->load_error, "line %ld: over a ceiling of the state", line_number);
    else if (rc == ND_EFORMAT && !c->load_error[0] && line_number)
        snprintf(c->load_error, sizeof c->load_error, "line %ld: damaged (a value out of range or "
                 "inconsistent with the counters)", line_number);
    else if (rc == ND_EFORMAT && !c->load_error[0])
        snprintf(c->load_error, sizeof c->load_error, "cut short: no \"end\" line");
    free(line);
    return rc;
}

/* Loads a saved state from f into c, which must be fresh from nd_cluster_new(). On failure c is
 * left empty again, as nd_cluster_new() made it. */
static int load_from(nd_cluster *c, FILE *f)
{
    c->load_error[0] = '\0';
    int rc = load_rows(c, f);
    if (rc != ND_OK) {
        /* back to empty */
        for (uint32_t i = 0; i < c->story_count; i++)
            nd__story_release(&c->stories[i]);
        for (uint32_t i = 0; i < c->term_count; i++) {
            free(c->terms[i].postings.slots);
            c->terms[i].postings.slots = NULL;
        }
        nd__map_release(&c->terms_by_key);
        nd__map_release(&c->paragraphs);
        nd__map_release(&c->source_docs);
        nd__map_release(&c->source_terms);
        c->live_oldest = c->live_newest = c->closed_oldest = c->closed_newest = NO_SLOT;
        c->story_count = c->term_count = 0;
        c->free_slots.count = 0;
        c->live = c->held = 0;
        c->next_story = 1;
        c->seq = c->documents = 0;
        c->now = c->swept_day = NO_DAY;
    }
    return rc;
}

int nd_cluster_load(nd_cluster *c, const char *path)
{
    if (!c || !path || c->seq || c->term_count || c->story_count)
        return ND_EINVAL;
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(c->load_error, sizeof c->load_error, "%s", strerror(errno));
        return ND_EIO;
    }
    int rc = load_from(c, f);
    fclose(f);
    return rc;
}

int nd_cluster_load_buffer(nd_cluster *c, const char *data, size_t len)
{
    if (!c || (!data && len) || c->seq || c->term_count || c->story_count)
        return ND_EINVAL;
    if (len == 0) {
        snprintf(c->load_error, sizeof c->load_error, "not a newsdesk cluster state (empty)");
        return ND_EFORMAT;
    }
    FILE *f = fmemopen((void *)data, len, "r");
    if (!f) {
        snprintf(c->load_error, sizeof c->load_error, "out of memory");
        return ND_ENOMEM;
    }
    int rc = load_from(c, f);
    fclose(f);
    return rc;
}
