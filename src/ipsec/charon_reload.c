/* SPDX-License-Identifier: ISC */
/* A node's ipsec: file read again while the lab runs (`azlab restart
 * NODE`): its next charon is configured from it. The daemon watches the
 * tunnels the files had at `up` (the set's array is sized then), so a
 * file that adds, removes or renames a CHILD_SA, or changes its peer or
 * who starts it, is refused: that takes a new `up`. */
#include <stdio.h>
#include <string.h>

#include "charon_priv.h"
#include "swanctl_conf.h"

static bool same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	       (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Whether sc has cn's tunnels, in order; if so, they are pointed at
 * sc's names (repoint), which outlive the old file's. */
static bool same_tunnels(struct charon_node *cn, const struct swan_conf *sc,
			 bool repoint)
{
	size_t n = 0;

	for (size_t i = 0; i < swan_conf_n_conns(sc); i++)
		for (size_t k = 0; k < swan_conf_n_children(sc, i); k++) {
			const char *sa = swan_conf_child_get(sc, i, k,
							     "start_action");
			const char *peer = swan_conf_conn_get(sc, i,
							      "remote_addrs");
			struct tunnel *t = n < cn->n_tun ? &cn->tun[n] : NULL;

			n++;
			if (t == NULL ||
			    !same(t->ike, swan_conf_conn_name(sc, i)) ||
			    !same(t->child, swan_conf_child_name(sc, i, k)) ||
			    !same(t->peer, peer) ||
			    t->initiator != (sa != NULL && strstr(sa, "start")))
				return false;
			if (repoint) {
				t->ike = swan_conf_conn_name(sc, i);
				t->child = swan_conf_child_name(sc, i, k);
				t->peer = peer;
			}
		}
	return n == cn->n_tun;
}

int charon_reconfigure(struct charon_set *cs, const struct lab_node *node,
		       struct azerr *e)
{
	struct charon_node *cn = NULL;
	struct swan_conf *sc;
	char why[sizeof(e->msg)];

	for (size_t i = 0; cs != NULL && i < cs->n; i++)
		if (cs->nodes[i].node == node)
			cn = &cs->nodes[i];
	if (cn == NULL)
		return azerr_set(e, "%s runs no charon", node->name);
	if ((sc = swan_conf_load(node->ipsec_config, e)) == NULL) {
		snprintf(why, sizeof(why), "%s", e->msg);
		return azerr_set(e, "%.400s; %s keeps its configuration", why,
				 node->name);
	}
	if (!same_tunnels(cn, sc, false)) {
		swan_conf_free(sc);
		return azerr_set(e, "%s: its tunnels differ from those %s had "
				 "at up (names, peers or who starts them): that "
				 "takes 'azlab down' and 'azlab up'",
				 node->ipsec_config, node->name);
	}
	same_tunnels(cn, sc, true);
	swan_conf_free(cn->conf);
	cn->conf = sc;
	cn->refused[0] = '\0';
	return 0;
}
