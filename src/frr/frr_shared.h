/* SPDX-License-Identifier: ISC */
/* `frr: shared`: one zebra and one bgpd serve every router of the lab
 * (of this host's share of it). zebra's -n makes each network namespace
 * a VRF; the routers' files, joined (frr_join.h), make each router's
 * BGP instance `router bgp AS vrf <its namespace>`. Each router keeps its
 * namespace, interfaces, kernel routes, AS and router-id; what changes
 * is the cost: two daemons to start instead of two per router
 * (docs/performance.md), and a node's failure, which no longer has a
 * process of its own to stop.
 *
 * The two daemons are those of a node of azlab's own, FRR_SHARED_NODE
 * (a name no lab node can have): its directory frr/_shared/ holds the
 * joined file, its map and the sockets, and they run in a namespace of
 * their own, <prefix>_shared, whose routes are their default VRF's: none.
 * zebra sees under /run/netns only this instance's namespaces. */
#ifndef AZLAB_FRR_SHARED_H
#define AZLAB_FRR_SHARED_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/err.h"
#include "model/lab.h"
#include "proc/supervise.h"

#define FRR_SHARED_NODE "_shared"

/* Whether the routers of the lab this process runs or asks share FRR:
 * set once the lab is loaded, by the daemon and by the verbs that ask
 * FRR. */
void frr_shared_use(bool shared);
bool frr_shared_on(void);

/* The node whose daemons serve node: FRR_SHARED_NODE when shared. */
const char *frr_serving_node(const char *node);

/* cmd as the shared daemons must be asked it for node: "show bgp X" as
 * "show bgp vrf <node's namespace> X", "show ip route X" likewise, in
 * buf. -1 with e for a command that has no VRF form here. */
int frr_shared_cmd(const char *node, const char *cmd, char *buf,
		   size_t len, struct azerr *e);

/* The join of a shared lab's files (host's routers only, if not NULL:
 * each host runs a bgpd of its own), made and thrown away: 0, or -1
 * with e "FILE:LINE: ..." as frr_shared_start would fail; 0 for a lab
 * that does not share FRR. For `check` and `up`, before anything is
 * built. */
int frr_shared_check(const struct lab *lab, const struct lab_host *host,
		     struct azerr *e);

/* frr_start's part for a shared lab: joins the routers' files into
 * frr/_shared/frr.conf (a file that is not a BGP speaker's is reported
 * FILE:LINE before anything starts), makes the daemons' namespace, and
 * starts zebra -n and bgpd under sup, bgpd pushed the joined file once
 * it serves. Returns once zebra serves. */
int frr_shared_start(const struct lab *lab, struct supervisor *sup,
		     uid_t uid, gid_t gid, struct azerr *e);

/* "FILE:LINE" where the line the shared bgpd refused (the "line N" of
 * its push log) was written, or NULL; buf holds it. */
const char *frr_shared_where(unsigned line, char *buf, size_t len);
/* frr_config_error for the shared bgpd's push log: the refused line
 * where it was written, "FILE:LINE: % Unknown command: ...". */
void frr_shared_config_error(const char *log, char *buf, size_t len);

#endif
