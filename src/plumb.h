/* The real plumbing backend: struct plumb_ops over netns.c, nl*.c and
 * sysctl.c. Keeps one namespace fd and one netlink socket per namespace
 * for the length of an apply. */
#ifndef AZLAB_PLUMB_H
#define AZLAB_PLUMB_H

#include "plan.h"

struct plumb;

struct plumb *plumb_new(struct azerr *e);
void plumb_free(struct plumb *p);
extern const struct plumb_ops plumb_netlink_ops;

#endif
