/*
 * extract.c: the `newsdesk extract` command. Reads the paths into a desk, finds each article's
 * entities, dates, quotes, cited sources and place (nd_desk_extract) and prints one JSON object
 * per article. The gazetteer is looked for at --gazetteer FILE, then $NEWSDESK_GAZETTEER, then
 * gazetteer/places.tsv beside the executable (where scripts/gazetteer.sh puts it for build/);
 * without one the command still runs, says so on standard error, and finds places from text cues.
 */
#include "extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "json.h"

static const char usage_extract[] =
    "usage: newsdesk extract [--gazetteer FILE | --no-gazetteer] PATH...\n"
    "\n"
    "Prints one JSON line per article: its people, organisations and places (canonical name,\n"
    "type, variants, mentions), its dates resolved to a day or month, its quotes with their\n"
    "speakers, the sources it cites, and where its event happened. Offsets are bytes in the\n"
    "article's clean text (see 'newsdesk clean').\n"
    "\n"
    "  --gazetteer FILE  places file built by scripts/gazetteer.sh (default: $NEWSDESK_GAZETTEER,\n"
    "                    then gazetteer/places.tsv beside the newsdesk executable, then the\n"
    "                    installed share/newsdesk/places.tsv); none: as --no-gazetteer\n"
    "  --no-gazetteer    use no gazetteer: places from text cues only\n"
    "  -h, --help        show this help\n";

static void print_span(json_writer *w, const char *key, nd_span span)
{
    json_begin_array(w, key);
    json_integer(w, NULL, (long long)span.start);
    json_integer(w, NULL, (long long)span.end);
    json_end_array(w);
}

static void print_facts(const nd_article *a, const nd_facts *f)
{
    json_writer w = {stdout, 0};
    size_t len;
    const char *body = nd_article_body(a, &len);
    json_begin_object(&w, NULL);
    json_cstring(&w, "id", nd_article_id(a));
    json_cstring(&w, "published", f->published);
    json_cstring(&w, "reference_date", f->reference_date);
    json_cstring(&w, "date_source", f->date_source);
    json_begin_array(&w, "entities");
    for (size_t i = 0; i < f->entity_count; i++) {
        const nd_entity *e = &f->entities[i];
        json_begin_object(&w, NULL);
        json_cstring(&w, "name", e->name);
        json_cstring(&w, "type", nd_entity_type_name(e->type));
        json_begin_array(&w, "variants");
        for (size_t v = 0; v < e->variant_count; v++)
            json_cstring(&w, NULL, e->variants[v]);
        json_end_array(&w);
        json_begin_array(&w, "mentions");
        for (size_t m = 0; m < e->mention_count; m++)
            print_span(&w, NULL, e->mentions[m]);
        json_end_array(&w);
        if (e->type == ND_ENTITY_PLACE && e->has_coordinates) {
            json_cstring(&w, "country", e->country);
            json_number(&w, "lat", e->latitude);
            json_number(&w, "lng", e->longitude);
        }
        json_end_object(&w);
    }
    json_end_array(&w);
    json_begin_array(&w, "dates");
    for (size_t i = 0; i < f->date_count; i++) {
        const nd_date *d = &f->dates[i];
        json_begin_object(&w, NULL);
        json_string(&w, "text", body + d->span.start, d->span.end - d->span.start);
        json_cstring(&w, "value", d->value);
        json_cstring(&w, "precision", nd_date_precision_name(d->precision));
        print_span(&w, "span", d->span);
        json_end_object(&w);
    }
    json_end_array(&w);
    json_begin_array(&w, "quotes");
    for (size_t i = 0; i < f->quote_count; i++) {
        const nd_quote *q = &f->quotes[i];
        json_begin_object(&w, NULL);
        json_cstring(&w, "speaker", q->speaker >= 0 ? f->entities[q->speaker].name
                                    : q->speaker_text[0] ? q->speaker_text : NULL);
        json_cstring(&w, "kind", q->direct ? "direct" : "reported");
        if (q->text)
            json_cstring(&w, "text", q->text);
        else
            json_string(&w, "text", body + q->span.start, q->span.end - q->span.start);
        print_span(&w, "span", q->span);
        if (q->speaker_span.end > q->speaker_span.start) {
            json_string(&w, "speaker_text", body + q->speaker_span.start, q->speaker_span.end - q->speaker_span.start);
            print_span(&w, "speaker_span", q->speaker_span);
        }
        json_end_object(&w);
    }
    json_end_array(&w);
    json_begin_array(&w, "cites");
    for (size_t i = 0; i < f->cite_count; i++) {
        const nd_cite *c = &f->cites[i];
        json_begin_object(&w, NULL);
        json_cstring(&w, "source", f->entities[c->source].name);
        json_string(&w, "text", body + c->span.start, c->span.end - c->span.start);
        print_span(&w, "span", c->span);
        json_end_object(&w);
    }
    json_end_array(&w);
    if (f->where >= 0) {
        const nd_entity *e = &f->entities[f->where];
        json_begin_object(&w, "where");
        json_cstring(&w, "name", e->name);
        if (e->has_coordinates) {
            json_cstring(&w, "country", e->country);
            json_number(&w, "lat", e->latitude);
            json_number(&w, "lng", e->longitude);
        }
        json_cstring(&w, "from", f->where_source);
        json_end_object(&w);
    } else {
        json_key(&w, "where");
        fputs("null", stdout);
    }
    json_cstring(&w, "dateline", f->dateline[0] ? f->dateline : NULL);
    json_end_object(&w);
    json_end_line(&w);
}

int command_extract(int argc, char **argv, nd_options *options)
{
    static const struct option longs[] = {{"gazetteer", required_argument, NULL, 'g'},
                                          {"no-gazetteer", no_argument, NULL, 'n'},
                                          CLI_HELP_OPTION, {NULL, 0, NULL, 0}};
    int use_gazetteer = 1, c, status;
    const char *gazetteer_path = NULL;
    cli_options_begin();
    while ((c = cli_next_option(argc, argv, "h", longs, usage_extract, &status)) != -1) {
        if (c == CLI_EXIT)
            return status;
        if (c == 'g')
            gazetteer_path = optarg;
        else if (c == 'n')
            use_gazetteer = 0;
    }
    int first_path = optind;
    if (first_path >= argc)
        return cli_usage_error(usage_extract, "%s", "no PATH given");
    nd_gazetteer *gazetteer = NULL;
    if (use_gazetteer && cli_load_gazetteer(gazetteer_path, "extract", 1, &gazetteer) != 0)
        return 2;
    nd_desk *desk = nd_desk_new(options);
    if (!desk) {
        nd_gazetteer_free(gazetteer);
        fprintf(stderr, "newsdesk: %s\n", nd_strerror(ND_ENOMEM));
        return 2;
    }
    status = cli_read_paths(desk, argv + first_path, argc - first_path);
    nd_extraction *facts = NULL;
    if (status < 2) {
        int rc = nd_desk_extract(desk, gazetteer, &facts);
        if (rc != ND_OK) {
            fprintf(stderr, "newsdesk: extract: %s\n", nd_strerror(rc));
            status = 2;
        }
    }
    for (size_t i = 0; facts && i < nd_desk_article_count(desk); i++)
        print_facts(nd_desk_article(desk, i), nd_extraction_facts(facts, i));
    nd_extraction_free(facts);
    nd_desk_free(desk);
    nd_gazetteer_free(gazetteer);
    return status;
}
