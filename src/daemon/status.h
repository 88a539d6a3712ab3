/* SPDX-License-Identifier: ISC */
/* `azlab status`: what the lab file declared, joined with what the kernel
 * says now (links, state, addresses per namespace) and what runs in each
 * node (FRR's daemons) and which tunnels are up, as text or JSON. */
#ifndef AZLAB_STATUS_H
#define AZLAB_STATUS_H

#include <stdbool.h>
#include <stdio.h>

#include "core/err.h"
#include "model/lab.h"
#include "run/state.h"

struct supervisor;
struct tunnel;

/* sup: the daemon's supervisor (per node daemons and their state), or
 * NULL; node_down: per lab node, failed by `azlab node NODE down`, or
 * NULL; tun: the tunnels it watches (charon_tunnel.h), n_tun of them. */
int status_render(const struct lab *lab, const struct lab_state *st,
		  const struct supervisor *sup, const bool *node_down,
		  const struct tunnel *tun, size_t n_tun, bool json,
		  FILE *out, struct azerr *e);
/* The same JSON document when no daemon answers: st is the state a dead
 * daemon left ("stale"), or NULL when there is none ("none"). */
void status_render_not_running(const struct lab_state *st, FILE *out);

#endif
