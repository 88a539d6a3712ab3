/* SPDX-License-Identifier: ISC */
/* Expectations: what `azlab verify` checks against the real probes.
 * A lab's expectations file (its `expectations:` key; format in
 * docs/lab-format.md) lists cases: a traceroute from a host to a
 * destination with the hops the article saw, or a pair that must not
 * reach each other. Loaded and checked against the lab here
 * (expect_load.c); matched against parsed probe results by the verdict
 * layer (verdict/expect_match.h). */
#ifndef AZLAB_EXPECT_H
#define AZLAB_EXPECT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>

#include "lab.h"

#define EXPECT_ALTS_MAX	4	/* addresses one hop may answer from */
#define EXPECT_ADDR_MAX	INET6_ADDRSTRLEN

/* One hop as written: "*" (must not answer), or an address, or
 * alternatives "a|b|c" (the same device seen at different instance
 * addresses: any one may answer). */
struct expect_hop {
	bool star;
	char alt[EXPECT_ALTS_MAX][EXPECT_ADDR_MAX];
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

#endif
