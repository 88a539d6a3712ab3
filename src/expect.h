/* Expectations: what `azlab verify` checks against the real probes.
 * A lab's expectations file (its `expectations:` key; format in
 * docs/lab-format.md) lists cases: a traceroute from a host to a
 * destination with the hops the article saw, or a pair that must not
 * reach each other. Loaded and checked against the lab here
 * (expect_load.c); matched against parsed probe results by pure
 * functions (expect_match.c). */
#ifndef AZLAB_EXPECT_H
#define AZLAB_EXPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "lab.h"
#include "probe.h"

#define EXPECT_ALTS_MAX	4	/* addresses one hop may answer from */

/* One hop as written: "*" (must not answer), or an address, or
 * alternatives "a|b|c" (the same device seen at different instance
 * addresses: any one may answer). */
struct expect_hop {
	bool star;
	char alt[EXPECT_ALTS_MAX][PROBE_ADDR_MAX];
	size_t n_alt;
};

struct expect_path {
	struct expect_hop *hops;
	size_t n_hops;
};

struct expect_case {
	char *id;
	char *from;			/* a host node */
	char *to;			/* a node name or an address, as written */
	/* `reach: no`: the destination must not answer a ping (no path) */
	bool unreachable;
	/* `path:` (one) or `paths:` (alternatives, any one matches: for
	 * devices that come in pairs whose addresses must stay together) */
	struct expect_path *paths;
	size_t n_paths;
	char *shut;			/* "node:iface" shut for the case, or NULL */
	const struct lab_iface *shut_iface;	/* shut, resolved at load */
	char *rtt;			/* what the article measured: shown, not judged */
	char *note;			/* or NULL */
	struct lab_pos pos;
};

struct expect_set {
	char *file;
	struct expect_case *cases;
	size_t n_cases;
};

/* Reads and checks an expectations file against lab (sources must be
 * nodes of the lab, destinations nodes or addresses, `shut` interfaces
 * of the lab, ids unique). NULL with every problem in diags, as
 * "FILE:LINE:COL: message". */
struct expect_set *expect_load(const char *path, const struct lab *lab,
			       struct lab_diags *diags);
void expect_free(struct expect_set *set);
const struct expect_case *expect_find(const struct expect_set *set,
				      const char *id);

/* The index of the first of c's paths r matches, or -1. */
int expect_trace_match(const struct expect_case *c,
		       const struct trace_result *r);
/* What differs between r and the closest of c's paths, in one line
 * ("hop 2: expected *, seen 172.16.1.2"; "3 hops, expected 4"). */
void expect_diff(const struct expect_case *c, const struct trace_result *r,
		 char *buf, size_t len);
/* "10.10.30.132|10.10.30.133, *, 10.2.30.10" (truncated to len). */
void expect_path_str(const struct expect_path *p, char *buf, size_t len);
/* c's paths, alternatives joined by " or ", or "unreachable". */
void expect_case_str(const struct expect_case *c, char *buf, size_t len);

#endif
