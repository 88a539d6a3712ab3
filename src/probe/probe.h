/* SPDX-License-Identifier: ISC */
/* Probes: the real traceroute and ping, run inside a lab node's
 * namespace, and pure parsers of what they print (unit-tested against
 * captured outputs in tests/unit/check_trace.c and check_ping.c). */
#ifndef AZLAB_PROBE_H
#define AZLAB_PROBE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/err.h"

#define PROBE_ADDR_MAX	INET6_ADDRSTRLEN
#define TRACE_HOPS_MAX	64
#define TRACE_ADDRS_MAX	4	/* distinct addresses kept per hop */

/* One line of traceroute: the probes of one TTL. */
struct trace_hop {
	int ttl;
	/* the addresses that answered, in order, each once; addr[0] is
	 * "the" hop's address; none if every probe was `*` */
	char addr[TRACE_ADDRS_MAX][PROBE_ADDR_MAX];
	size_t n_addrs;
	double rtt_ms;		/* of the first answer; NaN if none */
	char note[12];		/* first annotation ("!H", "!N", ...), or "" */
};

struct trace_result {
	char target[PROBE_ADDR_MAX];	/* from the header line, or "" */
	struct trace_hop hops[TRACE_HOPS_MAX];
	size_t n_hops;
	bool reached;		/* the last hop answered from target */
};

/* Parses `traceroute -n` output (any -q; names in "host (addr)" form
 * are understood too). Lines that are neither the header nor a hop
 * (e.g. "connect: Network is unreachable") are skipped. Returns the
 * number of hops, or -1 if text has neither a header nor a hop. */
int trace_parse(const char *text, struct trace_result *r);

struct ping_result {
	unsigned transmitted;
	unsigned received;
	double loss_pct;
	bool has_rtt;		/* an "rtt min/avg/max/mdev" line */
	double rtt_min, rtt_avg, rtt_max;
};

/* Parses the statistics of iputils `ping`. Returns 0, or -1 if there
 * is no "N packets transmitted, M received" line. */
int ping_parse(const char *text, struct ping_result *r);

/* The hops of r, the first address of each or "*":
 * "10.10.30.132, *, 10.2.30.10", or "no hop" (truncated to len). */
#define TRACE_PATH_STR_MAX (TRACE_HOPS_MAX * (PROBE_ADDR_MAX + 2))
void trace_path_str(const struct trace_result *r, char *buf, size_t len);

/* Runs argv (looked up in PATH) inside the namespace azlab-NODE with
 * stdout captured (stderr passes through): fork, setns, execve; no
 * shell. *out (NUL-terminated, freed by the caller) gets the output,
 * *status the wait status: 127 if the program is not in PATH, 126 if
 * it cannot run, with why on stderr. Returns 0, or -1 with e set (no
 * such namespace, no pipe, no fork). Safe from several threads. */
int probe_run(const char *node, char *const argv[], char **out,
	      int *status, struct azerr *e);
/* The same with stderr captured too (into the same text), for callers
 * that judge the output rather than show it. */
int probe_run_quiet(const char *node, char *const argv[], char **out,
		    int *status, struct azerr *e);

/* probe_tools.c: the probes as azlab runs them everywhere (trace, ping,
 * verify, matrix, drills), so that every verb sees the same hops. */

/* The real traceroute from NODE to addr, parsed into r. Returns 0, or
 * -1 with e set (the program could not run, or printed no hop). */
int probe_trace(const char *node, const char *addr, struct trace_result *r,
		struct azerr *e);
/* count pings (interval 0.2 s, 1 s for the last answer) from NODE to
 * addr, parsed into r; a ping that cannot even be sent ("Network is
 * unreachable": no route) counts as all lost. Returns 0, or -1. */
int probe_ping(const char *node, const char *addr, unsigned count,
	       struct ping_result *r, struct azerr *e);

struct lab;
/* dst as an address, or the first address of the lab node named dst
 * (its first interface's, else its loopback's), into addr; of the
 * family when it is AF_INET or AF_INET6 (an address of the other family
 * is an error), else of either. Returns 0, or -1 with e set. */
int probe_resolve(const struct lab *lab, const char *dst, int family,
		  char addr[PROBE_ADDR_MAX], struct azerr *e);

/* The same, with more say over the program's standard streams. */
struct node_cmd {
	const char *node;	/* NULL: the caller's own namespace */
	char *const *argv;
	const char *input;	/* given on stdin; NULL: stdin is ours */
	bool merge_stderr;	/* stderr into *out too, not passed through */
};
int node_cmd_run(const struct node_cmd *c, char **out, int *status,
		 struct azerr *e);

/* A command left running (the drill's ping): its output is read as it
 * comes. */
struct probe_proc {
	pid_t pid;		/* 0 once reaped */
	int fd;			/* read end; -1 at EOF */
	char *out;		/* everything read so far, NUL-terminated */
	size_t len, cap;
};

/* Starts c without waiting for it; probe_read then never blocks.
 * Returns 0, or -1 with e set and nothing left to free. */
int node_cmd_start(const struct node_cmd *c, struct probe_proc *p,
		   struct azerr *e);
/* One read into p->out: 1 while the pipe is open (also when nothing was
 * there), 0 at EOF, -1 with e set. */
int probe_read(struct probe_proc *p, struct azerr *e);
/* Sends sig (0: none), closes the pipe and reaps the process; *status
 * (may be NULL) gets its wait status. Keeps p->out. -1 if waitpid
 * failed. A process that ignores sig and still writes would get
 * SIGPIPE: the caller reads to EOF first if it wants the rest. */
int probe_stop(struct probe_proc *p, int sig, int *status);
/* probe_stop with SIGKILL if still running, and p->out freed. */
void probe_proc_free(struct probe_proc *p);

#endif
