/* SPDX-License-Identifier: ISC */
/* The Azure SDN controller: a VM in a VNet sends straight to the gateway
 * that learned a prefix. The daemon watches the BGP routes the gateway
 * namespaces' zebra installs (netlink RTNLGRP_IPV4_ROUTE and
 * RTNLGRP_IPV6_ROUTE, one socket created inside each gateway namespace)
 * and gives every host that lists
 * the gateway (`gateways:` in the lab file) the same prefixes via the
 * gateway's address, ExpressRoute preferred over VPN by metric: when ER
 * withdraws a prefix, the VPN route already in place takes over.
 *
 * Decisions are in sdn_rib.c (no kernel); the sockets (kernel/nl_mon.c's
 * monitors, nl.c's requests) are sdn.c's, and this is what the daemon
 * calls. */
#ifndef AZLAB_SDN_H
#define AZLAB_SDN_H

#include <linux/rtnetlink.h>
#include <poll.h>
#include <stddef.h>

#include "core/err.h"
#include "model/lab.h"

/* rtm_protocol of the routes the controller programs: a number of its
 * own, so that it only ever touches its own routes and `ip route` tells
 * them apart ("proto 65"; `65 azlab` in /etc/iproute2/rt_protos.d/ names
 * it). Neither the kernel nor iproute2's list nor FRR uses it (they use
 * 0-18, 42, 99 and 186-198). The gateways' zebra installs BGP routes as
 * RTPROT_BGP (186). */
#define RTPROT_AZLAB_SDN	65

/* ExpressRoute before VPN: the lower metric wins while both exist. */
#define SDN_METRIC_EXPRESSROUTE	100
#define SDN_METRIC_VPN		200

unsigned sdn_metric(enum lab_gw_type type);
/* "ExpressRoute gateway", "VPN gateway": Azure's words. */
const char *sdn_gw_label(enum lab_gw_type type);

struct sdn;

/* The controller for a lab; NULL with e set on error. A lab without
 * gateways gives a controller with nothing to do (no fds). */
struct sdn *sdn_new(const struct lab *lab, struct azerr *e);
/* Once the lab is built: opens a monitor socket in each gateway namespace,
 * reads the routes the gateways have and those already in the VMs, and
 * programs the difference. */
int sdn_start(struct sdn *s, struct azerr *e);
/* The monitor sockets to poll for POLLIN: writes at most max entries
 * (pfds may be NULL when max is 0) and returns how many there are; the
 * number does not change after sdn_start. */
size_t sdn_pollfds(const struct sdn *s, struct pollfd *pfds, size_t max);
/* fd (one of sdn_pollfds') has POLLIN or POLLERR (an overrun): reads
 * what it has and brings the VMs up to date. Returns 0, or -1 with e set
 * for an error on the socket itself (log it and go on: the controller
 * still works; failed route changes are only logged, and retried). */
int sdn_handle(struct sdn *s, int fd, struct azerr *e);
/* vm's routes read again and programmed anew: its links went down and
 * up (`azlab node VM up`), and its routes with them. Not one of the
 * controller's VMs: nothing to do. */
int sdn_resync_host(struct sdn *s, const struct lab_node *vm,
		    struct azerr *e);
void sdn_free(struct sdn *s);

#endif
