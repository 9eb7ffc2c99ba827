/*
 * extract_cites.c: the outlets an article cites. Takes the merged mentions; gives, for each
 * organisation the text cites ("IRNA reported", "the Fars news agency said", "citing ... SANA",
 * "according to the IRIB"), the span of the citation.
 */
#include "extract_work.h"

int nd__ex_find_cites(nd__extractor *x)
{
    size_t n = x->tokens.count;
    for (size_t m = 0; m < x->mentions.count; m++) {
        mention *mm = &MEN(m);
        if (mm->type != ND_ENTITY_ORGANISATION || mm->entity < 0 || x->cites.count >= ND__MAX_CITES)
            continue;
        size_t after = (size_t)mm->last_token + 1;
        uint32_t start = 0, end = 0;
        /* "IRNA reported", "the Fars news agency said", "SANA said" */
        size_t k = after;
        while (k < n && k < after + 3 && (TOK(k).lex & L_MEDIA) && !tok_is(x, k, "reported") && !tok_is(x, k, "quoted") &&
               !tok_is(x, k, "reports") && !tok_is(x, k, "cited"))
            k++;
        if (k < n && k >= after && (tok_is(x, k, "reported") || tok_is(x, k, "said") || tok_is(x, k, "quoted") ||
                                    tok_is(x, k, "reports") || tok_is(x, k, "says") || tok_is(x, k, "cited"))) {
            start = mm->start;
            end = TOK(k).end;
        }
        /* "citing the official Syrian news agency SANA", "according to the IRIB" */
        if (!end && mm->first_token > 0) {
            int a = mm->first_token;
            for (int b = a - 1; b >= 0 && b >= a - 7 && TOK(b).sentence == TOK(a).sentence; b--) {
                if (tok_is(x, (size_t)b, "citing") ||
                    (tok_is(x, (size_t)b, "to") && b > 0 && tok_is(x, (size_t)b - 1, "according"))) {
                    start = TOK(tok_is(x, (size_t)b, "to") ? b - 1 : b).start;
                    end = mm->end;
                    break;
                }
                if (gap_has(x->text, TOK(b).end, TOK(b + 1).start, ",;"))
                    break;
            }
        }
        if (!end)
            continue;
        cite_work *c = nd__vec_push(&x->cites, sizeof *c);
        if (!c)
            return ND_ENOMEM;
        c->mention = (int)m;
        c->start = start;
        c->end = end;
    }
    return ND_OK;
}
