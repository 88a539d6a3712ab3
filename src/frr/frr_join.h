/* SPDX-License-Identifier: ISC */
/* A lab that runs FRR shared (`frr: shared`) has one zebra and one bgpd
 * for all its routers: zebra's -n makes each router's namespace a VRF,
 * and each router's `router bgp AS` becomes `router bgp AS vrf NS` in
 * one bgpd. This joins the routers' files into that one configuration.
 *
 * One bgpd has one set of names: a prefix-list, route-map, community or
 * AS-path list that two files define must be defined alike (it is then
 * written once); renaming per router would mean rewriting every place a
 * name is used, which FRR's grammar spreads wide. Lines for the daemon
 * as a process (hostname, log, service, debug, password, enable, frr
 * version, end) are dropped.
 * Pure: text in, text out, so the tests feed it files as strings. */
#ifndef AZLAB_FRR_JOIN_H
#define AZLAB_FRR_JOIN_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

struct frr_join_src {
	const char *file;	/* the router's frr: file, for messages */
	const char *vrf;	/* its namespace's name: its VRF */
	const char *text;	/* the file's contents */
};

/* Writes the joined configuration to out: the policy lines, each name's
 * once, in the order first met, then every router's BGP blocks in the
 * order given. map (or NULL) gets a line per line of out, "FILE:LINE" of
 * the line it came from ("-" for a line of the join's own), so that a
 * line bgpd refuses is reported where the user wrote it. 0; -1 with e
 * "FILE:LINE: message" for a line of a file that is not a BGP
 * speaker's, a name defined otherwise than in another file, a `router
 * bgp` with a VRF or view of its own. */
int frr_join(const struct frr_join_src *src, size_t n, FILE *out, FILE *map,
	     struct azerr *e);

/* "FILE:LINE" of line (1-based) of the joined file, from its map's text;
 * NULL when the map has no such line or says "-". buf holds it. */
const char *frr_join_where(const char *map, unsigned line, char *buf,
			   size_t len);

#endif
