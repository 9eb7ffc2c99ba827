/*
 * engine.h: the engine's internals that tests reach (the public interface is nd_engine_* in
 * newsdesk.h).
 */
#ifndef ND_ENGINE_H
#define ND_ENGINE_H

#include "newsdesk.h"

/* Makes the engine add stories to `cluster` (the caller's, which must outlive the engine and
 * have the same options) instead of its own; returns the engine's own, which it still frees. */
nd_cluster *nd__engine_use_cluster(nd_engine *engine, nd_cluster *cluster);

/* The copy finder's counts so far (pairs of each relation, originals indexed, window bytes). */
#include "dedup.h"
nd__dedup_stats nd__engine_copy_stats(const nd_engine *engine);

#endif
