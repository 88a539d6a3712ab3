/* SPDX-License-Identifier: ISC */
/* Per-namespace sysctls: /proc/sys/net is resolved against the network
 * namespace of the task that opens it, so we open it from inside. */
#ifndef AZLAB_SYSCTL_H
#define AZLAB_SYSCTL_H

#include "core/err.h"

/* True if key looks like "net.ipv4.ip_forward": starts with "net.",
 * only [A-Za-z0-9_.-], no empty component. */
int sysctl_key_valid(const char *key);
/* "net.ipv4.conf.eth0.rp_filter" -> "eth0"; NULL (and nothing written) for
 * keys that are not per interface or are "all"/"default". */
const char *sysctl_key_iface(const char *key, char *buf, size_t len);
/* Writes value to the key inside the namespace ns_fd. */
int sysctl_set(int ns_fd, const char *key, const char *value, struct azerr *e);
int sysctl_get(int ns_fd, const char *key, char *buf, size_t len,
	       struct azerr *e);
/* The same, for a key whose value is one unsigned number. */
int sysctl_get_ulong(int ns_fd, const char *key, unsigned long *value,
		     struct azerr *e);

#endif
