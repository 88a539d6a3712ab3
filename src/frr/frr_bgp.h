/* SPDX-License-Identifier: ISC */
/* What azlab reads from bgpd: its sessions ("show bgp summary json") and
 * its IPv4 table ("show bgp ipv4 unicast json"). Parsing only, so the
 * tests feed it captured FRR 8.4 answers. */
#ifndef AZLAB_FRR_BGP_H
#define AZLAB_FRR_BGP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct bgp_peer {
	char addr[64];		/* address, or interface when unnumbered */
	char desc[64];		/* the neighbor's description, or "" */
	long long remote_as;
	char state[32];		/* FRR's words: Established, Active,
				 * Idle (Admin), ... */
	bool established;
	bool admin_down;	/* neighbor ... shutdown */
	char uptime[32];	/* "00:01:02", "never" */
	long long uptime_ms;	/* since Established, or since down if
				 * not, in whole seconds; 0: never
				 * established, or less than 1 s */
	long long pfx_rcvd;	/* summed over the address families */
	long long pfx_sent;
	/* from "show bgp neighbors json" only: */
	bool eor_pending;	/* Established, End-of-RIB not received yet */
	long long updates;	/* UPDATEs sent and received */
};

struct bgp_summary {
	bool configured;	/* false: no BGP instance (yet) */
	char router_id[64];
	long long as;
	long long table_version;	/* summed over the address families:
					 * moves whenever a best path does */
	struct bgp_peer *peers;	/* each peer once, in FRR's order */
	size_t n_peers;
};

int bgp_summary_parse(const char *json, struct bgp_summary *s,
		      struct azerr *e);
/* Asks node's bgpd for "show bgp summary json" (waiting up to
 * timeout_ms) and parses it into *s. 0; -1 if bgpd did not answer, -2
 * if its answer did not parse (e says why, without the node's name). */
int frr_bgp_summary(const char *node, int timeout_ms, struct bgp_summary *s,
		    struct azerr *e);
/* The same sessions from "show bgp neighbors json", which also says
 * whether each has sent its initial routes (End-of-RIB) and counts
 * UPDATEs: what `up` waits on. The prefix counts and uptimes stay 0. */
int bgp_neighbors_parse(const char *json, struct bgp_summary *s,
			struct azerr *e);
void bgp_summary_free(struct bgp_summary *s);
/* A session `up` waits for: not Established and not shut down. */
bool bgp_peer_pending(const struct bgp_peer *p);
/* Pending, and never Established since its bgpd started: a summary
 * says so (uptime "never"); the neighbors' answer gives no uptime. */
bool bgp_peer_never_up(const struct bgp_peer *p);

struct bgp_path {
	char prefix[64];	/* "10.2.30.0/25" */
	char nexthop[64];	/* "0.0.0.0" for a local route */
	char as_path[256];	/* "" for a local route */
	char origin[16];	/* "IGP", "EGP", "incomplete" */
	long long local_pref;	/* -1 when FRR gives none (eBGP) */
	long long metric;	/* -1 when none */
	bool valid;
	bool best;
};

struct bgp_table {
	bool configured;
	char router_id[64];
	long long as;
	struct bgp_path *paths;	/* by prefix, as FRR orders them */
	size_t n_paths;
};

int bgp_table_parse(const char *json, struct bgp_table *t, struct azerr *e);
void bgp_table_free(struct bgp_table *t);

#endif
