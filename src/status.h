/* `azlab status`: what the lab file declared, joined with what the kernel
 * says now (links, state, addresses per namespace) and what runs in each
 * node (FRR's daemons), as text or JSON. */
#ifndef AZLAB_STATUS_H
#define AZLAB_STATUS_H

#include <stdbool.h>
#include <stdio.h>

#include "err.h"
#include "lab.h"
#include "state.h"

struct supervisor;

/* sup: the daemon's supervisor (per node daemons and their state), or
 * NULL. */
int status_render(const struct lab *lab, const struct lab_state *st,
		  const struct supervisor *sup, bool json, FILE *out,
		  struct azerr *e);

#endif
