/*
 * gazetteer.h: names of countries, their demonyms and cities with coordinates, and first names
 * with the gender they are given to, looked up by a folded key (ASCII lower case, words separated by one space). Read at run time from the file
 * scripts/gazetteer.sh builds from installed packages; nothing of it lives in the repository.
 */
#ifndef ND_GAZETTEER_H
#define ND_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

#include "newsdesk.h"

#define ND__GAZETTEER_MAX_KEY 96 /* longest key looked up, in bytes */

/* A given name (kind "given") is no place: nd__gazetteer_find never returns one, and the file
 * lists them after every place, so a chain that starts with a place holds its names last. */
enum { ND__PLACE_COUNTRY, ND__PLACE_DEMONYM, ND__PLACE_CITY, ND__PLACE_GIVEN };

typedef struct nd__place {
    const char *name;    /* the country for a demonym; as the gazetteer spells it */
    const char *country; /* ISO 3166 alpha-2; for a given name "F", "M" or "X" (both) */
    double latitude, longitude;
    uint8_t kind;        /* ND__PLACE_* */
    int32_t next;        /* next entry with the same key, or -1 */
} nd__place;

/* The entries for a folded key, in file order (countries before cities), or NULL. Follow
 * `next` through nd__gazetteer_entry(). */
const nd__place *nd__gazetteer_find(const nd_gazetteer *gazetteer, const char *key, size_t len);
const nd__place *nd__gazetteer_entry(const nd_gazetteer *gazetteer, int32_t index);

/* Whether a folded first name ("megan") is a woman's ('F'), a man's ('M') or either's ('X') in
 * the gazetteer's lists of given names; 0 when it lists no such name. */
char nd__gazetteer_given(const nd_gazetteer *gazetteer, const char *key, size_t len);
/* Both in one look-up: the place (as nd__gazetteer_find) and, in *given, the first name's gender
 * (as nd__gazetteer_given). */
const nd__place *nd__gazetteer_find_given(const nd_gazetteer *gazetteer, const char *key, size_t len, char *given);

#endif
