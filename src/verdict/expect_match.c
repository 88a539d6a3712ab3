/* SPDX-License-Identifier: ISC */
/* Matching a real traceroute against a case: pure functions, so that
 * the verdict rules are unit-tested without a lab. */
#include <stdio.h>
#include <string.h>

#include "expect_match.h"

static bool hop_matches(const struct expect_hop *want,
			const struct trace_hop *seen)
{
	if (want->star)
		return seen->n_addrs == 0;
	if (seen->n_addrs == 0 || seen->note[0] != '\0')
		return false;
	for (size_t i = 0; i < want->n_alt; i++)
		if (strcmp(want->alt[i], seen->addr[0]) == 0)
			return true;
	return false;
}

/* True if the trace has exactly p's hops: each `*` unanswered, each
 * other hop answered from one of its addresses, and the last one the
 * destination. */
static bool expect_path_matches(const struct expect_path *p,
				const struct trace_result *r)
{
	if (!r->reached || r->n_hops != p->n_hops)
		return false;
	for (size_t i = 0; i < p->n_hops; i++)
		if (!hop_matches(&p->hops[i], &r->hops[i]))
			return false;
	return true;
}

int expect_trace_match(const struct expect_case *c,
		       const struct trace_result *r)
{
	for (size_t i = 0; i < c->n_paths; i++)
		if (expect_path_matches(&c->paths[i], r))
			return (int)i;
	return -1;
}

/* Hops that agree, position by position: picks the path to explain. */
static size_t hops_agreeing(const struct expect_path *p,
			    const struct trace_result *r)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_hops && i < r->n_hops; i++)
		n += hop_matches(&p->hops[i], &r->hops[i]);
	return n;
}

static void hop_str(const struct expect_hop *h, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	if (h->star) {
		snprintf(buf, len, "*");
		return;
	}
	for (size_t i = 0; i < h->n_alt && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i > 0 ? "|" : "", h->alt[i]);
}

static const char *seen_str(const struct trace_hop *h)
{
	return h->n_addrs > 0 ? h->addr[0] : "*";
}

void expect_diff(const struct expect_case *c, const struct trace_result *r,
		 char *buf, size_t len)
{
	const struct expect_path *p = &c->paths[0];
	char want[EXPECT_ALTS_MAX * PROBE_ADDR_MAX];

	for (size_t i = 1; i < c->n_paths; i++)
		if (hops_agreeing(&c->paths[i], r) > hops_agreeing(p, r))
			p = &c->paths[i];
	for (size_t i = 0; i < p->n_hops && i < r->n_hops; i++) {
		if (hop_matches(&p->hops[i], &r->hops[i]))
			continue;
		hop_str(&p->hops[i], want, sizeof(want));
		snprintf(buf, len, "hop %zu: expected %s, seen %s%s%s", i + 1,
			 want, seen_str(&r->hops[i]),
			 r->hops[i].note[0] != '\0' ? " " : "",
			 r->hops[i].note);
		return;
	}
	if (r->n_hops != p->n_hops)
		snprintf(buf, len, "%zu hop%s, expected %zu", r->n_hops,
			 r->n_hops == 1 ? "" : "s", p->n_hops);
	else if (!r->reached)
		snprintf(buf, len, "the destination did not answer");
	else
		snprintf(buf, len, "no difference");
}

void expect_path_str(const struct expect_path *p, char *buf, size_t len)
{
	char hop[EXPECT_ALTS_MAX * PROBE_ADDR_MAX];
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < p->n_hops && used < len; i++) {
		hop_str(&p->hops[i], hop, sizeof(hop));
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i > 0 ? ", " : "", hop);
	}
}

void expect_case_str(const struct expect_case *c, char *buf, size_t len)
{
	char path[512];
	size_t used = 0;

	buf[0] = '\0';
	if (c->unreachable) {
		snprintf(buf, len, "unreachable");
		return;
	}
	for (size_t i = 0; i < c->n_paths && used < len; i++) {
		expect_path_str(&c->paths[i], path, sizeof(path));
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i > 0 ? " or " : "", path);
	}
}
