/* SPDX-License-Identifier: ISC */
/* Interfaces and their addresses, as `azlab status` shows them: one link
 * dump, one address dump, joined on the ifindex. */
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "core/grow.h"
#include "nl_priv.h"
/* After <net/if.h> (from nl.h): linux/if.h then defines only what glibc
 * lacks, IF_OPER_* and IFF_LOWER_UP. */
#include <linux/if.h>

struct dump {
	struct nl_iface *ifs;
	int *master;		/* IFLA_MASTER per entry, named at the end */
	size_t n, cap, master_cap;
};

static const enum mnl_attr_data_type link_types[IFLA_MAX + 1] = {
	[IFLA_IFNAME] = MNL_TYPE_NUL_STRING,
	[IFLA_MTU] = MNL_TYPE_U32,
	[IFLA_MASTER] = MNL_TYPE_U32,
	[IFLA_OPERSTATE] = MNL_TYPE_U8,
	[IFLA_LINKINFO] = MNL_TYPE_NESTED,
};
static const struct nl_policy link_pol = { link_types, IFLA_MAX };

static const enum mnl_attr_data_type info_types[IFLA_INFO_MAX + 1] = {
	[IFLA_INFO_KIND] = MNL_TYPE_NUL_STRING,
};
static const struct nl_policy info_pol = { info_types, IFLA_INFO_MAX };

static const enum mnl_attr_data_type addr_types[IFA_MAX + 1] = {
	[IFA_ADDRESS] = MNL_TYPE_BINARY,
	[IFA_LOCAL] = MNL_TYPE_BINARY,
};
static const struct nl_policy addr_pol = { addr_types, IFA_MAX };

static struct nl_iface *dump_add(struct dump *d)
{
	if (grow(&d->ifs, &d->cap, d->n + 1, sizeof(*d->ifs)) < 0 ||
	    grow(&d->master, &d->master_cap, d->n + 1, sizeof(*d->master)) < 0)
		return NULL;
	memset(&d->ifs[d->n], 0, sizeof(d->ifs[d->n]));
	d->master[d->n] = 0;
	return &d->ifs[d->n++];
}

static void link_kind(const struct nlattr *linkinfo, struct nl_iface *ifc)
{
	const struct nlattr *tb[IFLA_INFO_MAX + 1];

	if (linkinfo == NULL || nl_parse_nested(linkinfo, &info_pol, tb) < 0)
		return;
	if (tb[IFLA_INFO_KIND] != NULL)
		snprintf(ifc->kind, sizeof(ifc->kind), "%s",
			 mnl_attr_get_str(tb[IFLA_INFO_KIND]));
}

/* Operationally up: IF_OPER_UP, or UNKNOWN with a carrier, which is what
 * drivers without operstate (lo) report when they work. */
static bool link_oper_up(const struct nlattr *operstate, unsigned flags)
{
	uint8_t st = operstate != NULL ? mnl_attr_get_u8(operstate)
				       : IF_OPER_UNKNOWN;

	return st == IF_OPER_UP ||
	       (st == IF_OPER_UNKNOWN && (flags & IFF_LOWER_UP));
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFLA_MAX + 1];
	struct dump *d = data;
	struct nl_iface *ifc;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi) ||
	    nl_parse(nlh, sizeof(*ifi), &link_pol, tb) < 0 ||
	    tb[IFLA_IFNAME] == NULL)
		return MNL_CB_OK;
	ifc = dump_add(d);
	if (ifc == NULL) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	snprintf(ifc->name, sizeof(ifc->name), "%s",
		 mnl_attr_get_str(tb[IFLA_IFNAME]));
	ifc->ifindex = ifi->ifi_index;
	ifc->admin_up = (ifi->ifi_flags & IFF_UP) != 0;
	ifc->oper_up = link_oper_up(tb[IFLA_OPERSTATE], ifi->ifi_flags);
	if (tb[IFLA_MTU] != NULL)
		ifc->mtu = mnl_attr_get_u32(tb[IFLA_MTU]);
	/* a VXLAN's frames in say its far host is there (azlab status) */
	if (tb[IFLA_STATS64] != NULL &&
	    mnl_attr_get_payload_len(tb[IFLA_STATS64]) >=
	    sizeof(struct rtnl_link_stats64))
		memcpy(&ifc->rx_packets, (const char *)mnl_attr_get_payload(
		       tb[IFLA_STATS64]) + offsetof(struct rtnl_link_stats64,
						    rx_packets),
		       sizeof(ifc->rx_packets));
	if (tb[IFLA_MASTER] != NULL)
		d->master[d->n - 1] = (int)mnl_attr_get_u32(tb[IFLA_MASTER]);
	link_kind(tb[IFLA_LINKINFO], ifc);
	return MNL_CB_OK;
}

static struct nl_iface *dump_find(struct dump *d, int ifindex)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->ifs[i].ifindex == ifindex)
			return &d->ifs[i];
	return NULL;
}

static int iface_add_addr(struct nl_iface *ifc, const struct ifaddrmsg *ifa,
			  const struct nlattr *a)
{
	struct prefix *p = grow_add(&ifc->addrs, &ifc->n_addrs, sizeof(*p));

	if (p == NULL)
		return MNL_CB_ERROR;
	p->family = ifa->ifa_family;
	p->len = ifa->ifa_prefixlen;
	memcpy(p->addr.bytes, mnl_attr_get_payload(a),
	       (size_t)nl_addr_len(ifa->ifa_family));
	return MNL_CB_OK;
}

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFA_MAX + 1], *a;
	struct nl_iface *ifc;

	if (nlh->nlmsg_type != RTM_NEWADDR ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa) ||
	    nl_addr_len(ifa->ifa_family) == 0 ||
	    nl_parse(nlh, sizeof(*ifa), &addr_pol, tb) < 0)
		return MNL_CB_OK;
	/* IFA_LOCAL is our own end; IFA_ADDRESS is the peer's on a
	 * point-to-point link and the same address otherwise. */
	a = tb[IFA_LOCAL] != NULL ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	ifc = dump_find(data, (int)ifa->ifa_index);
	if (a == NULL || ifc == NULL ||
	    mnl_attr_get_payload_len(a) != (uint16_t)nl_addr_len(ifa->ifa_family))
		return MNL_CB_OK;
	return iface_add_addr(ifc, ifa, a);
}

static int dump_request(struct nl_sock *s, uint16_t type, mnl_cb_t cb,
			struct dump *d, struct azerr *e)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg_start(buf, type, NLM_F_DUMP);

	if (type == RTM_GETLINK) {
		struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh,
								   sizeof(*ifi));

		ifi->ifi_family = AF_UNSPEC;
		/* Counters are most of a link message and we show none. */
		mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	} else {
		struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh,
								   sizeof(*ifa));

		ifa->ifa_family = AF_UNSPEC;
	}
	return nl_exchange(s, nlh, cb, d, e);
}

static int by_ifindex(const void *a, const void *b)
{
	const struct nl_iface *x = a, *y = b;

	return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

/* Masters by name, then the order: done once both dumps are in. */
static void dump_finish(struct dump *d)
{
	for (size_t i = 0; i < d->n; i++) {
		struct nl_iface *m = d->master[i] != 0 ?
				     dump_find(d, d->master[i]) : NULL;

		if (m != NULL)
			snprintf(d->ifs[i].master, sizeof(d->ifs[i].master),
				 "%s", m->name);
	}
	qsort(d->ifs, d->n, sizeof(*d->ifs), by_ifindex);
}

/* One try: 0, NL_DUMP_INTR if either dump saw the tables change, -1. */
static int dump_once(struct nl_sock *s, struct dump *d, struct azerr *e)
{
	int rl, ra;

	rl = dump_request(s, RTM_GETLINK, link_cb, d, e);
	if (rl < 0)
		return azerr_wrap(e, "listing interfaces");
	ra = dump_request(s, RTM_GETADDR, addr_cb, d, e);
	if (ra < 0)
		return azerr_wrap(e, "listing addresses");
	return rl == NL_DUMP_INTR || ra == NL_DUMP_INTR ? NL_DUMP_INTR : 0;
}

int nl_dump_ifaces(struct nl_sock *s, struct nl_iface **out, size_t *n,
		   struct azerr *e)
{
	struct dump d = { 0 };
	int rc;

	/* A dump racing with changes (a lab coming up) is flagged by the
	 * kernel; retry a few times, then show what we have: it is a
	 * snapshot for a human. */
	for (int tries = 0;; tries++) {
		rc = dump_once(s, &d, e);
		if (rc != NL_DUMP_INTR || tries == 3)
			break;
		nl_ifaces_free(d.ifs, d.n);
		free(d.master);
		memset(&d, 0, sizeof(d));
	}
	if (rc < 0) {
		nl_ifaces_free(d.ifs, d.n);
		free(d.master);
		return -1;
	}
	dump_finish(&d);
	free(d.master);
	*out = d.ifs;
	*n = d.n;
	return 0;
}

void nl_ifaces_free(struct nl_iface *ifs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ifs[i].addrs);
	free(ifs);
}
