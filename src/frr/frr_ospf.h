/* SPDX-License-Identifier: ISC */
/* What azlab reads from ospfd: neighbors ("show ip ospf neighbor json")
 * and interfaces ("show ip ospf interface json"), and when a neighbor
 * counts as converged. Parsing only, tested on captured FRR 8.4 answers. */
#ifndef AZLAB_FRR_OSPF_H
#define AZLAB_FRR_OSPF_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct ospf_nbr {
	char router_id[64];
	char addr[64];
	char iface[IF_NAMESIZE];	/* ours, from "eth0:10.0.0.1" */
	char state[32];			/* "Full/DR", "2-Way/DROther" */
	char converged[16];		/* "Full", "2-Way", "Init", ... */
	char role[16];			/* the neighbor's: DR, Backup, DROther */
};

struct ospf_iface {
	char name[IF_NAMESIZE];
	char state[32];		/* "Point-To-Point", "DROther", "Waiting", ... */
	bool up;
	bool passive;
	bool loopback;
};

struct ospf_status {
	bool configured;	/* an OSPF instance exists */
	struct ospf_nbr *nbrs;
	size_t n_nbrs;
	struct ospf_iface *ifaces;	/* those OSPF runs on */
	size_t n_ifaces;
};

int ospf_status_parse(const char *nbr_json, const char *if_json,
		      struct ospf_status *o, struct azerr *e);
void ospf_status_free(struct ospf_status *o);
const struct ospf_iface *ospf_iface_find(const struct ospf_status *o,
					 const char *name);
/* An interface that should have an adjacency: up, not passive. */
bool ospf_iface_active(const struct ospf_iface *i);
bool ospf_has_nbr_on(const struct ospf_status *o, const char *iface);
/* A neighbor `up` waits for: not Full, unless it is the 2-Way where two
 * routers that are neither DR nor BDR of a LAN rightly stay. */
bool ospf_nbr_pending(const struct ospf_status *o, const struct ospf_nbr *n);

#endif
