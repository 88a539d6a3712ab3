/* SPDX-License-Identifier: ISC */
/* The warning of `up` and `check` when a lab needs more neighbour entries
 * than the kernel's table holds. Only a warning: the host's sysctls are
 * the user's to change (azlab never touches the host's namespace), and a
 * lab may not use all of its neighbours at once. */
#include <sys/socket.h>

#include "cli.h"
#include "kernel/sysctl.h"

struct neigh_table {
	int family;
	const char *family_name;
	const char *table;
	const char *limit_key;
};

static const struct neigh_table neigh_tables[] = {
	{ AF_INET, "IPv4", "ARP table", "net.ipv4.neigh.default.gc_thresh3" },
	{ AF_INET6, "IPv6", "IPv6 neighbour table",
	  "net.ipv6.neigh.default.gc_thresh3" },
};

int cli_host_sysctl(const char *key, unsigned long *value)
{
	struct azerr e;

	return sysctl_get_ulong(-1, key, value, &e);
}

/* A limit to suggest: room for the lab twice over, a round number. */
static unsigned long neigh_room(size_t count)
{
	unsigned long room = 1024;

	while (room < 2 * count)
		room *= 2;
	return room;
}

static bool warn_table(FILE *out, const char *verb, const struct lab *lab,
		       const struct lab_host *host, cli_sysctl_reader read,
		       const struct neigh_table *t)
{
	unsigned long limit;
	size_t count;

	/* an unreadable limit (no /proc/sys) is no reason to stop a lab */
	if (lab_neigh_count(lab, host, t->family, &count) < 0 ||
	    read(t->limit_key, &limit) < 0 || count <= limit)
		return false;
	fprintf(out, "azlab: %s: warning: %s: %s%s%s%zu %s neighbours, more "
		"than the kernel's %s holds (%s = %lu); raise it (sysctl -w "
		"%s=%lu) or sessions past that fail\n", verb, lab->file,
		host != NULL ? "host " : "", host != NULL ? host->name : "",
		host != NULL ? "'s share: " : "", count, t->family_name,
		t->table, t->limit_key, limit, t->limit_key,
		neigh_room(count));
	return true;
}

int cli_warn_neigh(FILE *out, const char *verb, const struct lab *lab,
		   const struct lab_host *host, cli_sysctl_reader read)
{
	int warned = 0;

	for (size_t i = 0; i < sizeof(neigh_tables) / sizeof(neigh_tables[0]);
	     i++)
		warned += warn_table(out, verb, lab, host, read,
				     &neigh_tables[i]);
	return warned;
}
