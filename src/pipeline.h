/*
 * pipeline.h: what the ingest driver (pipeline.c, nd_ingest_* in newsdesk.h) gives sources of
 * its own beyond the public calls: an article made elsewhere handed straight to an ingest.
 */
#ifndef ND_PIPELINE_H
#define ND_PIPELINE_H

#include "newsdesk.h"

/* Adds one article made elsewhere (watch.c's feed items) to an ingest, which owns it from now
 * on; as nd_ingest_read_buffer for one article. */
int nd__ingest_add(nd_ingest *ingest, nd_article *article);

#endif
