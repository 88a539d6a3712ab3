/* SPDX-License-Identifier: ISC */
/* Monitor sockets: the kernel's notifications of changes (routes, links,
 * addresses) inside one namespace, read without blocking from a poll
 * loop. Like the request socket (nl.c), a monitor belongs for life to the
 * namespace it was created in. */
#include <errno.h>
#include <stdlib.h>

#include "netns.h"
#include "nl_priv.h"

/* Room for a burst (a BGP session coming up installs its routes at once)
 * before the kernel starts dropping notifications; past it, the overrun
 * path makes the caller read everything again. */
#define NL_MON_RCVBUF	(4 << 20)
/* Datagrams read per call, so that one turn of the loop stays short. */
#define NL_MON_BATCH	64

struct nl_mon {
	struct mnl_socket *mnl;
	char *rx;			/* NL_RX_SIZE bytes */
};

struct mon_arg {
	struct nl_mon *m;
	const unsigned *groups;
	size_t n;
	struct azerr *e;
};

static int mon_subscribe(struct mnl_socket *mnl, const unsigned *groups,
			 size_t n, struct azerr *e)
{
	int fd = mnl_socket_get_fd(mnl), size = NL_MON_RCVBUF;

	for (size_t i = 0; i < n; i++) {
		int g = (int)groups[i];

		if (mnl_socket_setsockopt(mnl, NETLINK_ADD_MEMBERSHIP, &g,
					  sizeof(g)) < 0)
			return azerr_errno(e, errno, "netlink group %d", g);
	}
	/* FORCE goes past net.core.rmem_max (we have CAP_NET_ADMIN); the
	 * plain one is the fallback. Either way an overrun is handled. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size,
		       sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return 0;
}

/* Runs inside the target namespace. */
static int mon_sock_open(void *arg)
{
	struct mon_arg *a = arg;
	struct mnl_socket *mnl;

	mnl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (mnl == NULL)
		return azerr_errno(a->e, errno, "netlink socket");
	if (mnl_socket_bind(mnl, 0, MNL_SOCKET_AUTOPID) < 0) {
		azerr_errno(a->e, errno, "netlink bind");
		mnl_socket_close(mnl);
		return -1;
	}
	if (mon_subscribe(mnl, a->groups, a->n, a->e) < 0) {
		mnl_socket_close(mnl);
		return -1;
	}
	a->m->mnl = mnl;
	return 0;
}

struct nl_mon *nl_mon_open(int ns_fd, const unsigned *groups, size_t n,
			   struct azerr *e)
{
	struct nl_mon *m = calloc(1, sizeof(*m));
	struct mon_arg a = { m, groups, n, e };

	if (m == NULL || (m->rx = malloc(NL_RX_SIZE)) == NULL) {
		free(m);
		azerr_set(e, "out of memory");
		return NULL;
	}
	if (netns_run_in(ns_fd, mon_sock_open, &a, e) < 0) {
		free(m->rx);
		free(m);
		return NULL;
	}
	return m;
}

void nl_mon_close(struct nl_mon *m)
{
	if (m == NULL)
		return;
	mnl_socket_close(m->mnl);
	free(m->rx);
	free(m);
}

int nl_mon_fd(const struct nl_mon *m)
{
	return mnl_socket_get_fd(m->mnl);
}

/* After an overrun what is still queued predates what was lost: applied
 * after a fresh dump it would bring back a state already gone. And until
 * the queue has been empty once, the kernel drops notifications without
 * reporting it again (the socket stays "congested"), so this reads to
 * the end, however long a burst lasts: the dump comes after. */
static int mon_drain(struct nl_mon *m)
{
	while (mnl_socket_recvfrom(m->mnl, m->rx, NL_RX_SIZE) >= 0 ||
	       errno == ENOBUFS || errno == EINTR)
		;
	return NL_MON_OVERRUN;
}

/* 0, or NL_MON_OVERRUN for the kernel's own overrun message. */
static int mon_walk(struct nl_mon *m, size_t len, nl_mon_cb cb, void *data)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)m->rx;
	int n = (int)len;

	for (; mnl_nlmsg_ok(nlh, n); nlh = mnl_nlmsg_next(nlh, &n)) {
		if (nlh->nlmsg_type == NLMSG_OVERRUN)
			return mon_drain(m);
		if (nlh->nlmsg_type >= NLMSG_MIN_TYPE)
			cb(nlh, data);
	}
	return 0;
}

int nl_mon_read(struct nl_mon *m, nl_mon_cb cb, void *data, struct azerr *e)
{
	for (int i = 0; i < NL_MON_BATCH; i++) {
		ssize_t n = mnl_socket_recvfrom(m->mnl, m->rx, NL_RX_SIZE);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0 && errno == ENOBUFS)
			return mon_drain(m);
		if (n < 0)
			return azerr_errno(e, errno, "netlink receive");
		if (mon_walk(m, (size_t)n, cb, data) == NL_MON_OVERRUN)
			return NL_MON_OVERRUN;
	}
	return 0;
}
