/* SPDX-License-Identifier: ISC */
/* Queueing disciplines: the netem qdisc that gives a link its delay.
 * netem's TCA_OPTIONS is not a plain nest: it starts with a struct
 * tc_netem_qopt, and only then come attributes (TCA_NETEM_*). */
#include <errno.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "nl_priv.h"

/* netem's legacy field counts psched ticks of 64 ns (PSCHED_SHIFT 6);
 * TCA_NETEM_LATENCY64, in ns, is what the kernel reads when present. */
#define NETEM_TICK_NS	64
/* iproute2's and the kernel's default queue: 1000 packets */
#define NETEM_LIMIT	1000

struct nlmsghdr *nl_build_netem(void *buf, int ifindex, unsigned delay_ms)
{
	struct nlmsghdr *nlh = nl_msg_start(buf, RTM_NEWQDISC,
					    NLM_F_CREATE | NLM_F_REPLACE);
	uint64_t ns = (uint64_t)delay_ms * 1000000ULL;
	struct tc_netem_qopt *opt;
	struct nlattr *options;
	struct tcmsg *tcm;

	tcm = mnl_nlmsg_put_extra_header(nlh, sizeof(*tcm));
	tcm->tcm_family = AF_UNSPEC;
	tcm->tcm_ifindex = ifindex;
	tcm->tcm_parent = TC_H_ROOT;
	tcm->tcm_handle = 0;		/* the kernel picks one */
	mnl_attr_put_strz(nlh, TCA_KIND, "netem");
	options = mnl_attr_nest_start(nlh, TCA_OPTIONS);
	/* an old-style option block: no NLA_F_NESTED flag */
	options->nla_type = TCA_OPTIONS;
	opt = mnl_nlmsg_put_extra_header(nlh, sizeof(*opt));
	opt->latency = ns / NETEM_TICK_NS > UINT32_MAX
		       ? UINT32_MAX : (uint32_t)(ns / NETEM_TICK_NS);
	opt->limit = NETEM_LIMIT;
	mnl_attr_put_u64(nlh, TCA_NETEM_LATENCY64, ns);
	mnl_attr_nest_end(nlh, options);
	return nlh;
}

int nl_netem_set(struct nl_sock *s, const char *ifname, unsigned delay_ms,
		 struct azerr *e)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int idx = nl_ifindex(s, ifname, e);

	if (idx <= 0)
		return -1;
	if (nl_request(s, nl_build_netem(buf, idx, delay_ms), e) < 0) {
		int err = errno;	/* the kernel's, for the caller */

		azerr_wrap(e, "netem on %s", ifname);
		errno = err;
		return -1;
	}
	return 0;
}
