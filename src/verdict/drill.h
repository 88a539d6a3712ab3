/* SPDX-License-Identifier: ISC */
/* The failover drill (`azlab drill NAME`, the lab's `drills:`): a fast
 * ping runs while an interface is shut and restored, real traces say
 * when the path has moved and come back, and bgpd says what the routers
 * saw. Pure parts here (drill_ping.c, drill_bgp.c: unit-tested with
 * captures); the run itself in drill_run.c. */
#ifndef AZLAB_DRILL_H
#define AZLAB_DRILL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "expect_match.h"
#include "frr/frr_bgp.h"
#include "model/lab.h"
#include "probe/probe.h"

/* The echo requests lost while the path moved, by phase. */
struct drill_outage {
	/* between the last reply before each gap and the first after it,
	 * less one interval (the reply that would have come anyway),
	 * summed over the phase's gaps */
	double ms;
	unsigned lost;		/* requests unanswered in those gaps */
	unsigned gaps;
	bool open;		/* still no reply when ping was stopped */
};

struct drill_ping {
	unsigned transmitted;	/* ping's own count, else the highest seq */
	unsigned received;	/* distinct icmp_seq answered */
	unsigned lost;		/* transmitted - received */
	unsigned duplicates;	/* replies to a seq already answered */
	/* gaps around the shut and until the restore; from the restore on */
	struct drill_outage failover, failback;
};

/* Reads `ping -D` output (each reply "[1700000000.123456] 64 bytes from
 * ...: icmp_seq=N ..."; its statistics if it got to print them) and
 * splits the gaps in icmp_seq into the failover's (the gap around
 * t_shut and those up to t_restore) and the failback's (the gap around
 * t_restore and those after it); gaps before the shut count as lost
 * only. Times are the wall clock's, in seconds, as -D prints them;
 * t_stop is when ping was told to stop, for a gap still open then.
 * Returns 0, or -1 if text holds no reply and no statistics. */
int drill_ping_analyze(const char *text, double t_shut, double t_restore,
		       double t_stop, unsigned interval_ms,
		       struct drill_ping *out);

/* A change of one BGP session's state. */
struct drill_bgp_event {
	long ms;		/* since the shut; negative: before it */
	char peer[64];
	char from[32];		/* "" for a session that was not there */
	char to[32];		/* "" for one that is gone */
};

struct drill_bgp_log {
	struct drill_bgp_event *ev;
	size_t n;
};

/* Appends to log every session whose state differs between prev and cur
 * (as seen at ms). Returns the number added, or -1 out of memory. */
int drill_bgp_diff(const struct bgp_summary *prev,
		   const struct bgp_summary *cur, long ms,
		   struct drill_bgp_log *log);
void drill_bgp_log_free(struct drill_bgp_log *log);
/* "+3 ms 192.168.30.18 Established -> Active"; a session that appeared:
 * "+2150 ms 192.168.30.18 -> Established". */
void drill_bgp_event_str(const struct drill_bgp_event *ev, char *buf,
			 size_t len);

/* One of the drill's three looks at the path. */
struct drill_path {
	struct trace_result seen;	/* the last trace of the phase */
	bool traced;			/* seen holds a trace */
	bool reached;			/* it matched the phase's case */
	long ms;			/* when (since the shut or restore) */
	unsigned traces;		/* how many were run */
};

struct drill_report {
	const struct lab_drill *drill;
	char addr[PROBE_ADDR_MAX];	/* `to`, resolved */
	const struct expect_case *during_case, *after_case;
	struct drill_path before, during, after;
	bool ping_ok;			/* ping ran and was analysed */
	struct drill_ping ping;
	bool bgp_ok;			/* its bgpd answered */
	struct drill_bgp_log bgp;
	bool was_shut;			/* the drill shut the interface */
	bool restored;			/* it is not left shut */
	int signal;			/* what interrupted the drill, or 0 */
	char error[800];		/* why it stopped early, or "" */
	/* A fail: drill's node failed (up false) or brought back: the
	 * daemon's doing, which the caller reaches (`azlab node`). */
	int (*fail_node)(const char *node, bool up, struct azerr *e);
};

/* Runs the drill on the running lab: r->drill, r->addr and both cases
 * (and fail_node for a fail: drill) filled in by the caller. Returns 0 when it ran to the end (whether
 * or not the paths were reached), -1 when it stopped early (r->signal
 * or r->error says why). The interface is restored on every way out
 * (r->restored says if that worked). */
int drill_run(struct drill_report *r);
/* The interface the drill shuts is up, or the node it fails is not down:
 * 0, or -1 with err saying why not (drill_run checks it first too). */
int drill_check_shut(const struct lab_drill *d, char *err, size_t len);
/* True if the drill reached both paths and was not interrupted. */
bool drill_passed(const struct drill_report *r);

/* drill_report.c: the report as text, or as JSON (docs/cli.md) */
void drill_print_text(const struct drill_report *r, FILE *out);
void drill_write_json(const struct drill_report *r, FILE *out);
/* "SIGINT", "SIGTERM", "SIGHUP" */
const char *drill_signal_name(int sig);

#endif
