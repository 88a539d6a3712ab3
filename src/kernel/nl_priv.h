/* SPDX-License-Identifier: ISC */
/* Shared by every nl*.c of src/kernel/: the socket itself, the
 * request/dump exchange and attribute tables. */
#ifndef AZLAB_NL_PRIV_H
#define AZLAB_NL_PRIV_H

#include <libmnl/libmnl.h>
#include <string.h>
#include <sys/socket.h>

#include "nl.h"

/* Receive buffer: dump replies are batched by the kernel into skbs of up
 * to 32 KiB, and a datagram larger than the buffer is truncated, so
 * MNL_SOCKET_BUFFER_SIZE (one page) is not enough for them. */
#define NL_RX_SIZE 32768

struct nl_sock {
	struct mnl_socket *mnl;
	unsigned portid;
	unsigned seq;		/* last sequence number sent */
	char *rx;		/* NL_RX_SIZE bytes */
};

/* nl_exchange's result when a dump completed but the kernel flagged it
 * NLM_F_DUMP_INTR (the table changed meanwhile): the caller may retry. */
#define NL_DUMP_INTR 1

/* Sends nlh and reads the answer up to the ack (requests) or NLMSG_DONE
 * (NLM_F_DUMP); cb, if not NULL, is called with each data message.
 * Returns 0, NL_DUMP_INTR, or -1 with e set. */
int nl_exchange(struct nl_sock *s, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data, struct azerr *e);

/* Attribute tables: tb[type] for each attribute of type <= max whose
 * payload passes policy[type] (MNL_TYPE_UNSPEC: any); others are left
 * NULL. tb must hold max + 1 entries. */
struct nl_policy {
	const enum mnl_attr_data_type *type;
	int max;
};
int nl_parse(const struct nlmsghdr *nlh, size_t hdrlen,
	     const struct nl_policy *pol, const struct nlattr **tb);
int nl_parse_nested(const struct nlattr *nest, const struct nl_policy *pol,
		    const struct nlattr **tb);

/* A new message at the start of buf. The buffer is cleared first because
 * libmnl (1.0.4) leaves the padding after an attribute as it was: the
 * kernel ignores it, but garbage would go out on the wire. */
static inline struct nlmsghdr *nl_msg_start(void *buf, uint16_t type,
					    uint16_t flags)
{
	struct nlmsghdr *nlh;

	memset(buf, 0, MNL_SOCKET_BUFFER_SIZE);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	return nlh;
}

/* Bytes of an address of this family: 4, 16, or 0 if unknown. */
static inline int nl_addr_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

#endif
