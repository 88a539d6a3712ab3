/* SPDX-License-Identifier: ISC */
/* `azlab status` of a lab split over hosts (status_hosts.c): nothing for
 * a lab built on one machine. */
#ifndef AZLAB_STATUS_HOSTS_H
#define AZLAB_STATUS_HOSTS_H

#include <stdio.h>

#include "model/lab.h"

struct json;

/* One line per host, and one per VXLAN link toward each other host. */
void status_hosts_text(FILE *out, const struct lab *lab);
/* "host": this host's name or null, "hosts": [...]. */
void status_hosts_json(struct json *j, const struct lab *lab);

#endif
