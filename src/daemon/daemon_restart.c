/* SPDX-License-Identifier: ISC */
/* `azlab restart NODE`: the node's daemons (FRR's, charon) restarted
 * with its frr: and ipsec: files as they are now, for a user who edited
 * one; nothing else of the lab is touched. Every file is checked before
 * anything stops (FRR's by vtysh's dry run, charon's by our reader), so a
 * bad one leaves the node running what it ran. The snapshot of the
 * running lab (snapshot.h) gets the new files, so that the verbs judge
 * what runs. */
#include <stdio.h>

#include "core/instance.h"
#include "daemon_priv.h"
#include "snapshot.h"
#include "core/log.h"
#include "frr/frr.h"
#include "ipsec/charon.h"
#include "proc/supervise.h"

/* Every new file checked and put in place, or none. */
static int reload_files(struct azlab *az, const struct lab_node *node,
			struct azerr *e)
{
	const char *frr = node->frr_config, *ipsec = node->ipsec_config;
	char conf[512];

	if (frr != NULL && frr_config_stage(node->name, frr, az->sup, e) < 0)
		return -1;
	if (ipsec != NULL && charon_reconfigure(az->charon, node, e) < 0) {
		if (frr != NULL)
			frr_config_unstage(node->name);
		return -1;
	}
	if (frr != NULL && frr_config_commit(node->name, e) < 0)
		return -1;
	if (frr != NULL && frr_path(conf, sizeof(conf), node->name,
				    "frr.conf") == 0 &&
	    snapshot_put(instance_path(INSTANCE_SNAPSHOT), frr, conf, e) < 0)
		log_warnx("snapshot: %s", e->msg);
	if (ipsec != NULL && snapshot_put(instance_path(INSTANCE_SNAPSHOT), ipsec, ipsec,
					 e) < 0)
		log_warnx("snapshot: %s", e->msg);
	return 0;
}

int daemon_node_restart(struct azlab *az, const struct lab_node *node,
			char *out, size_t len, struct azerr *e)
{
	size_t killed, n;

	if (daemon_node_is_down(az, node))
		return azerr_set(e, "%s is down: bring it up first (azlab node "
				 "%s up)", node->name, node->name);
	if (node->frr_config == NULL && node->ipsec_config == NULL)
		return azerr_set(e, "%s runs no daemons (it has no frr: and no "
				 "ipsec: file)", node->name);
	if (az->lab->frr_shared && node->frr_config != NULL)
		return azerr_set(e, "%s has no daemons of its own to restart: "
				 "its BGP instance is one of the shared bgpd's "
				 "(frr: shared); a changed file takes 'azlab "
				 "down' and 'azlab up'", node->name);
	if (reload_files(az, node, e) < 0)
		return -1;
	n = sup_hold_node(az->sup, node->name, 2000, &killed);
	sup_release_node(az->sup, node->name, sup_now_ms());
	log_info("%s: %zu daemons restarted (%s%s%s)", node->name, n,
		 node->frr_config ? node->frr_config : "",
		 node->frr_config && node->ipsec_config ? ", " : "",
		 node->ipsec_config ? node->ipsec_config : "");
	snprintf(out, len, "daemons=%zu frr=%s ipsec=%s\n", n,
		 node->frr_config ? node->frr_config : "-",
		 node->ipsec_config ? node->ipsec_config : "-");
	return 0;
}
