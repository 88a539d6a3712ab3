/* SPDX-License-Identifier: ISC */
/* The real plumbing backend: struct plumb_ops over netns.c, nl*.c,
 * sysctl.c and ttl.c. Keeps one namespace fd and one netlink socket per namespace
 * for the length of an apply. */
#ifndef AZLAB_PLUMB_H
#define AZLAB_PLUMB_H

#include "plan.h"

struct plumb;

struct plumb *plumb_new(struct azerr *e);
void plumb_free(struct plumb *p);
extern const struct plumb_ops plumb_netlink_ops;

/* How many links got their `delay:` (netem), and how many kept it
 * unapplied because the kernel has no netem. */
void plumb_delays(const struct plumb *p, size_t *applied, size_t *unapplied);

/* Waits until every veth end that should be up has carrier. The kernel
 * turns carrier on asynchronously (link watch), and until it does the
 * first packets are dropped: `up` returns only when the lab forwards. */
int plumb_wait_carrier(struct plumb *p, const struct lab *lab,
		       unsigned timeout_ms, struct azerr *e);

#endif
