/*
 * engine.h: the engine's internals that tests reach (the public interface is nd_engine_* in
 * newsdesk.h).
 */
#ifndef ND_ENGINE_H
#define ND_ENGINE_H

#include "newsdesk.h"

/* The copy finder's counts so far (pairs of each relation, originals indexed, window bytes). */
#include "dedup.h"
nd__dedup_stats nd__engine_copy_stats(const nd_engine *engine);

/* nd_engine_memory by part, in bytes as malloc holds them: the articles in the reorder buffer
 * (their arenas), the engine's own scratch and its reader (the ids seen), the copy window with its index, the template table,
 * the extractor (with the facts of the group going on), and the stories (the cluster the
 * engine adds to). */
typedef struct nd__engine_memory_parts {
    size_t held, scratch, copies, templates, extractor, stories;
} nd__engine_memory_parts;
void nd__engine_memory_parts_of(const nd_engine *engine, nd__engine_memory_parts *parts);
/* Stories forgotten so far to keep the memory budget (nd_options.memory_budget). */
size_t nd__engine_stories_shed(const nd_engine *engine);
/* Articles whose words the engine made (nd__analyse): one per article that went on, for the
 * "work done once" figures. */
size_t nd__engine_analysed(const nd_engine *engine);

#endif
