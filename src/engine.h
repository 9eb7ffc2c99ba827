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

#endif
