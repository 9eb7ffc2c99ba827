/*
 * extract.c: one article's clean text in; its people, organisations, places, date expressions,
 * quotations and cited sources out, each with byte offsets into the text.
 *
 * It reads what the text shows rather than guessing: a capitalised run of words is a person when
 * a title stands before it ("Maj. Gen.", "President", "Ayatollah"), when a role noun is in
 * apposition ("the Iranian general, Mohammad Baqeri"), when a speech verb follows ("Baqeri
 * said"), or when it ends in the surname of a person already found; an organisation when it ends
 * in an organisation word (Agency, Army, Guards), is an acronym, or is cited ("IRNA reported",
 * "the Fars news agency"); a place when the gazetteer knows it (demonyms count: "Syrian" is
 * Syria) or the text says "X-based". A run with no such evidence is left out: inventing a person
 * costs more than missing one.
 *
 * Mentions of one person are merged within the article by name (a full name absorbs its surname
 * alone; two people with one surname stay two, a bare surname going to the nearest of them).
 * Dates are kept as expressions ("on Thursday", "in March") for extract_desk.c to resolve once
 * the article's reference date is known. Quotes are found by their marks, joined over paragraphs
 * when the next paragraph opens with a quotation mark, and attributed to the speaker named next to
 * them; "he"/"she" is the person last named outside quotes.
 *
 * Everything per article sits in the extractor's scratch vectors, reset between articles; what is
 * kept goes to the caller's arena. Time is linear in the text (each rule looks a bounded number of
 * words around a point).
 *
 * This file makes the extractor and runs the steps in order; each step is a module of its own
 * (extract_work.h lists them with what each takes and gives): lexicon, tokens, mentions, the
 * tagger's merge, entities, dates, quotes, cites, output.
 */
#include <stdlib.h>

#include "extract_work.h"

nd__extractor *nd__extractor_new(const nd_gazetteer *gazetteer)
{
    nd__extractor *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->gazetteer = gazetteer;
    if (nd__ex_lexicon_init(x) != ND_OK) {
        nd__extractor_free(x);
        return NULL;
    }
    return x;
}

void nd__extractor_free(nd__extractor *x)
{
    if (!x)
        return;
    nd__map_release(&x->lex);
    nd__vec_release(&x->tokens);
    nd__vec_release(&x->mentions);
    nd__vec_release(&x->entities);
    nd__vec_release(&x->quotes);
    nd__vec_release(&x->dates);
    nd__vec_release(&x->date_exprs);
    nd__vec_release(&x->cites);
    nd__vec_release(&x->ner_tokens);
    nd__vec_release(&x->tags);
    nd__vec_release(&x->token_mention);
    nd__vec_release(&x->spans);
    nd__tagger_scratch_release(&x->tagger);
    free(x);
}

int nd__extract_text(nd__extractor *x, const char *body, size_t len, const char *dateline, nd__arena *arena,
                     nd__article_facts *out)
{
    x->text = body;
    x->len = len;
    x->mentions.count = x->entities.count = x->quotes.count = x->dates.count = x->cites.count = 0;
    int rc;
    if ((rc = nd__ex_tokenize(x)) || (rc = nd__ex_find_mentions(x)) || (rc = nd__ex_tag_tokens(x)) ||
        (rc = nd__ex_resolve_mentions(x)) || (rc = nd__ex_find_dates(x)) || (rc = nd__ex_find_quotes(x)) ||
        (rc = nd__ex_find_cites(x)))
        return rc;
    out->facts.dateline = dateline ? dateline : "";
    return nd__ex_build_output(x, dateline, arena, out);
}

/* ---- memory (engine.c's nd_engine_memory) ----------------------------------------------------- */
size_t nd__extractor_bytes(const nd__extractor *x)
{
    if (!x)
        return 0;
    size_t bytes = nd__malloc_bytes(sizeof *x);
    const nd__vec *vecs[] = {&x->tokens, &x->mentions, &x->entities, &x->quotes, &x->dates, &x->date_exprs,
                             &x->cites, &x->ner_tokens, &x->tags, &x->token_mention, &x->spans};
    for (size_t i = 0; i < sizeof vecs / sizeof vecs[0]; i++)
        bytes += nd__vec_bytes(vecs[i]);
    const nd__tagger_scratch *t = &x->tagger;
    bytes += nd__map_bytes(&t->seen);
    bytes += 2 * nd__malloc_bytes(t->word_cap * sizeof *t->word) + nd__malloc_bytes(t->word_cap * sizeof *t->gap);
    return bytes;
}
