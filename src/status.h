/* `azlab status`: what the lab file declared, joined with what the kernel
 * says now (links, state, addresses per namespace), as text or JSON. */
#ifndef AZLAB_STATUS_H
#define AZLAB_STATUS_H

#include <stdbool.h>
#include <stdio.h>

#include "err.h"
#include "lab.h"
#include "state.h"

int status_render(const struct lab *lab, const struct lab_state *st,
		  bool json, FILE *out, struct azerr *e);

#endif
