/* SPDX-License-Identifier: ISC */
/* The probes as every verb runs them: one traceroute and one ping
 * command line, so that `trace`, `verify`, `matrix` and the drills see
 * the same hops. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "model/lab.h"
#include "probe.h"

int probe_trace(const char *node, const char *addr, struct trace_result *r,
		struct azerr *e)
{
	/* -q 1: one probe per hop, as the article's listings show. -N 16:
	 * the hops are probed at once (the lab turns ICMP rate limiting
	 * off, so no answer is eaten). -w 0.5,0,0: a silent hop is waited
	 * for half a second, never judged early from its neighbours'
	 * round trips (userspace ESP is slower than the wire, but by
	 * milliseconds, not by hundreds of them). */
	char *argv[] = { "traceroute", "-n", "-q", "1", "-N", "16", "-w",
			 "0.5,0,0", "-m", "15", (char *)addr, NULL };
	char *out;
	int status;

	if (probe_run_quiet(node, argv, &out, &status, e) < 0)
		return -1;
	if (trace_parse(out, r) < 0) {
		char *nl = strchr(out, '\n');

		if (nl != NULL)
			*nl = '\0';
		azerr_set(e, "traceroute failed (exit status %d)%s%s",
			  WIFEXITED(status) ? WEXITSTATUS(status) : -1,
			  out[0] != '\0' ? ": " : "", out);
		free(out);
		return -1;
	}
	if (r->target[0] == '\0')
		snprintf(r->target, sizeof(r->target), "%s", addr);
	free(out);
	return 0;
}

int probe_ping(const char *node, const char *addr, unsigned count,
	       struct ping_result *r, struct azerr *e)
{
	char cnt[16];
	char *argv[] = { "ping", "-n", "-c", cnt, "-W", "1", "-i", "0.2",
			 (char *)addr, NULL };
	char *out;
	int status;

	snprintf(cnt, sizeof(cnt), "%u", count);
	if (probe_run_quiet(node, argv, &out, &status, e) < 0)
		return -1;
	if (ping_parse(out, r) < 0) {
		/* "connect: Network is unreachable": no route, so nothing
		 * was sent and nothing answered; anything else is a fault */
		bool no_route = strstr(out, "unreachable") != NULL;

		free(out);
		if (!no_route)
			return azerr_set(e, "ping failed (exit status %d)",
					 WIFEXITED(status) ?
					 WEXITSTATUS(status) : -1);
		memset(r, 0, sizeof(*r));
		r->loss_pct = 100;
		return 0;
	}
	free(out);
	return 0;
}

static bool of_family(const struct prefix *p, int family)
{
	return family == AF_UNSPEC || p->family == family;
}

static const struct prefix *first_of(const struct prefix *addrs, size_t n,
				      int family)
{
	for (size_t k = 0; k < n; k++)
		if (of_family(&addrs[k], family))
			return &addrs[k];
	return NULL;
}

/* A node's first lab address of the family: its first interface's (for
 * a host, its NIC's), else its first loopback address. */
static const struct prefix *node_addr(const struct lab_node *n, int family)
{
	const struct prefix *p;

	for (size_t i = 0; i < n->n_ifaces; i++)
		if ((p = first_of(n->ifaces[i]->addrs, n->ifaces[i]->n_addrs,
				  family)) != NULL)
			return p;
	return first_of(n->loopback, n->n_loopback, family);
}

static const char *family_name(int family)
{
	return family == AF_INET ? "IPv4 " : family == AF_INET6 ? "IPv6 " : "";
}

int probe_resolve(const struct lab *lab, const char *dst, int family,
		  char addr[PROBE_ADDR_MAX], struct azerr *e)
{
	const struct lab_node *n;
	const struct prefix *p;
	struct prefix given;

	if (addr_parse(dst, &given) == 0) {
		if (!of_family(&given, family))
			return azerr_set(e, "%s is not an %saddress", dst,
					 family_name(family));
		addr_fmt(&given, addr);
		return 0;
	}
	n = lab_find_node(lab, dst);
	if (n == NULL)
		return azerr_set(e, "'%s' is neither an address nor a node of "
				 "lab %s", dst, lab->name);
	p = node_addr(n, family);
	if (p == NULL)
		return azerr_set(e, "node '%s' has no %saddress", dst,
				 family_name(family));
	addr_fmt(p, addr);
	return 0;
}
