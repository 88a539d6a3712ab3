/* SPDX-License-Identifier: ISC */
/* Named network namespaces under /run/netns, compatible with `ip netns`
 * so that an engineer can `ip netns exec azlab-hub-vm ...` by hand. */
#ifndef AZLAB_NETNS_H
#define AZLAB_NETNS_H

#include <stddef.h>

#include "core/err.h"

#define NETNS_RUN_DIR "/run/netns"

/* Creates /run/netns/<name> (O_EXCL: an existing one is an error) and binds
 * a fresh network namespace to it; the calling thread's namespace is left
 * unchanged. Undoes itself on failure. */
int netns_create(const char *name, struct azerr *e);
/* Detaches and removes /run/netns/<name>. A missing one is not an error. */
int netns_delete(const char *name, struct azerr *e);
/* Returns an O_CLOEXEC fd for the namespace, or -1. */
int netns_open(const char *name, struct azerr *e);
/* Moves the calling thread into the namespace (for exec). */
int netns_enter(const char *name, struct azerr *e);
/* Runs fn(arg) with the calling thread inside the namespace ns_fd and
 * returns to the original namespace; returns fn's result, or -1 with e set
 * if switching failed. fn reports its own errors through arg. */
int netns_run_in(int ns_fd, int (*fn)(void *arg), void *arg, struct azerr *e);
/* Names in /run/netns that start with prefix, sorted; *names is a
 * NULL-terminated array freed with netns_names_free. */
int netns_list(const char *prefix, char ***names, size_t *n, struct azerr *e);
void netns_names_free(char **names);
/* Inode of a namespace file (/run/netns/x or /proc/PID/ns/net), 0 if none:
 * lets cleanup find the processes still inside a lab namespace. */
unsigned long netns_inode(const char *path);

#endif
