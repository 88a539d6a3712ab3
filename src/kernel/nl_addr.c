/* SPDX-License-Identifier: ISC */
/* Interface addresses. */
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "nl_priv.h"

/* 127.0.0.0/8 gets scope host, as `ip address add` gives it: the kernel
 * would otherwise take a loopback address for a global one. */
static uint8_t addr_scope(const struct prefix *p)
{
	if (p->family == AF_INET && p->addr.bytes[0] == 127)
		return RT_SCOPE_HOST;
	return RT_SCOPE_UNIVERSE;
}

/* The directed broadcast of a v4 subnet, as `ip address add ... brd +`
 * sets it and as a VM's DHCP-configured interface has it; /31 and /32
 * have none (RFC 3021). */
static void put_broadcast(struct nlmsghdr *nlh, const struct prefix *p)
{
	struct in_addr brd = p->addr.v4;

	if (p->family != AF_INET || p->len >= 31)
		return;
	brd.s_addr |= htonl(0xffffffffu >> p->len);
	mnl_attr_put(nlh, IFA_BROADCAST, sizeof(brd), &brd);
}

struct nlmsghdr *nl_build_addr(void *buf, uint16_t type, int ifindex,
			       const struct prefix *p)
{
	uint16_t flags = type == RTM_NEWADDR ? NLM_F_CREATE | NLM_F_EXCL : 0;
	struct nlmsghdr *nlh = nl_msg_start(buf, type, flags);
	struct ifaddrmsg *ifa;
	size_t alen = (size_t)nl_addr_len(p->family);

	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)p->family;
	ifa->ifa_prefixlen = p->len;
	ifa->ifa_scope = addr_scope(p);
	ifa->ifa_index = (uint32_t)ifindex;
	/* On a broadcast link local and address are the same; IPv6 reads
	 * IFA_ADDRESS, IPv4 IFA_LOCAL: give both, like iproute2. */
	mnl_attr_put(nlh, IFA_LOCAL, alen, p->addr.bytes);
	mnl_attr_put(nlh, IFA_ADDRESS, alen, p->addr.bytes);
	if (type == RTM_NEWADDR)
		put_broadcast(nlh, p);
	return nlh;
}

int nl_addr_add(struct nl_sock *s, const char *ifname,
		const struct prefix *p, struct azerr *e)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int idx;

	if (nl_addr_len(p->family) == 0)
		return azerr_set(e, "unknown address family %d", p->family);
	idx = nl_ifindex(s, ifname, e);
	if (idx <= 0)
		return -1;
	return nl_request(s, nl_build_addr(buf, RTM_NEWADDR, idx, p), e);
}
