/* SPDX-License-Identifier: ISC */
/* `up` returns once routing has settled, as FRR itself says: every BGP
 * session Established (but those shut down in the configuration) and
 * past its End-of-RIB (a session just Established has sent no route
 * yet), every OSPF adjacency Full, and then no UPDATE and no change in
 * any router's RIB for FRR_SETTLE_MS (what one router learns still has
 * to reach the next). The daemon
 * asks every FRR_WAIT_POLL_MS from its loop, and fails `up` after
 * FRR_WAIT_TIMEOUT_MS (by default) naming what is stuck.
 *
 * Looking (frr_look: asking the daemons) is apart from judging
 * (frr_judge: pure), which the tests drive with captured answers. */
#ifndef AZLAB_FRR_WAIT_H
#define AZLAB_FRR_WAIT_H

#include <stdbool.h>
#include <stddef.h>

#include "frr_bgp.h"
#include "frr_ospf.h"
#include "model/lab.h"
#include "proc/supervise.h"
#include "run/wait.h"

#define FRR_WAIT_TIMEOUT_MS	60000
/* The window must outlast the longest quiet spell between two steps of
 * one convergence: with the lab's timers (BGP updates grouped for
 * 100 ms, no MRAI, OSPF SPF held at most 100 ms) that spell measured at
 * most 0.1 s, in every run, once every session was past its End-of-RIB
 * (it was 0.5 s, the old SPF hold, when the window was 1 s). Looking
 * every 100 ms costs the daemons little: the views are small. */
#define FRR_WAIT_POLL_MS	100
#define FRR_SETTLE_MS		500
/* A BGP session down less than this long is taken as on its way up:
 * FRR retries a session every second, and a TCP connect through a
 * tunnel can hang for seconds. */
#define FRR_RECENT_MS		10000
/* A router whose daemons restarted less than this long ago, too: a
 * restarted ospfd shows no interface, so no missing adjacency, until
 * zebra has told it of them, and its neighbors drop the old adjacency
 * only after their dead interval (measured: about 10 s in all). */
#define FRR_RESTART_MS		20000

/* What one router said. */
struct frr_view {
	const struct lab_node *node;
	bool configuring;	/* a daemon has not got its configuration yet */
	bool unasked;		/* not asked: another router is configuring */
	bool bgp, ospf;		/* it runs bgpd, ospfd */
	long long ran_ms;	/* since its youngest restarted daemon
				 * started; LLONG_MAX: none restarted */
	char bgp_err[600];	/* why bgpd could not be asked, or "" */
	char ospf_err[600];
	struct bgp_summary sum;
	struct ospf_status os;
	long long rib_routes, rib_fib;	/* zebra's counts, -1: unknown */
};

#define FRR_STUCK_KEEP 8
struct frr_verdict {
	bool any_bgp, any_ospf;
	size_t bgp_up, bgp_total;	/* sessions */
	size_t ospf_up, ospf_total;	/* adjacencies */
	size_t n_stuck;			/* everything not settled yet */
	/* of those, what is on its way up (a session in OpenSent or
	 * OpenConfirm or before its End-of-RIB, an adjacency forming), as
	 * against down and staying so (a peer across a shut link) */
	size_t n_transitional;
	char stuck[FRR_STUCK_KEEP][200];	/* the first ones, described */
	/* a consequence (routes not all sent yet), named after the causes */
	bool stuck_minor[FRR_STUCK_KEEP];
	unsigned long long fingerprint;	/* of every table, RIB and state */
};

/* Asks every router of the lab; one view per node with an frr: file,
 * but those failed by hand: down[i] for lab->nodes[i] (down may be
 * NULL), or whose daemons are all held. */
int frr_look(const struct lab *lab, const struct supervisor *sup,
	     const bool *down, struct frr_view **views, size_t *n,
	     struct azerr *e);
void frr_views_free(struct frr_view *views, size_t n);
void frr_judge(const struct lab *lab, const struct frr_view *views,
	       size_t n, struct frr_verdict *v);

/* Why waiting can no longer succeed (a daemon given up on, a rejected
 * configuration), in msg; false if nothing is. */
bool frr_broken(const struct lab *lab, const struct supervisor *sup,
		char *msg, size_t len);

struct frr_wait {
	long long start_ms, timeout_ms;
	unsigned long long fingerprint;
	long long same_since_ms;	/* -1: no look yet */
};

void frr_wait_init(struct frr_wait *w, long long now, long long timeout_ms);
/* Whether the fingerprint has stayed the same for FRR_SETTLE_MS. */
bool frr_settled(struct frr_wait *w, unsigned long long fingerprint,
		 long long now);

struct frr_progress {
	size_t done, total;
	size_t n_stuck;			/* sessions, adjacencies not up */
	size_t n_transitional;		/* of those, on their way up */
	unsigned long long fingerprint;	/* of the look (frr_verdict) */
	char line[640];
	char first_stuck[200];	/* while not settled: for the debug log */
};

/* One look at the lab (down: as frr_look); line: a summary once
 * settled, progress while not yet, why (in one line) when failed. */
enum wait_verdict frr_wait_step(struct frr_wait *w, const struct lab *lab,
				const struct supervisor *sup,
				const bool *down, long long now,
				struct frr_progress *p);

#endif
