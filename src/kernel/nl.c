/* SPDX-License-Identifier: ISC */
/* The route socket: opened inside a namespace, one request at a time,
 * answers matched by sequence number, the kernel's extended ack text
 * carried up into struct azerr. */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model/lab.h"
#include "netns.h"
#include "nl_priv.h"

struct open_arg {
	struct nl_sock *s;
	struct azerr *e;
};

/* Runs inside the target namespace: a netlink socket belongs for life to
 * the namespace it was created in, so only the socket() call needs to
 * happen there. */
static int sock_open(void *arg)
{
	struct open_arg *a = arg;
	struct nl_sock *s = a->s;
	int on = 1;

	s->mnl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (s->mnl == NULL)
		return azerr_errno(a->e, errno, "netlink socket");
	/* Both are best effort: without them an error is just less precise
	 * (no kernel text) or the ack a little larger. */
	mnl_socket_setsockopt(s->mnl, NETLINK_EXT_ACK, &on, sizeof(on));
	mnl_socket_setsockopt(s->mnl, NETLINK_CAP_ACK, &on, sizeof(on));
	if (mnl_socket_bind(s->mnl, 0, MNL_SOCKET_AUTOPID) < 0) {
		azerr_errno(a->e, errno, "netlink bind");
		mnl_socket_close(s->mnl);
		s->mnl = NULL;
		return -1;
	}
	s->portid = mnl_socket_get_portid(s->mnl);
	return 0;
}

struct nl_sock *nl_open(int ns_fd, struct azerr *e)
{
	struct nl_sock *s = calloc(1, sizeof(*s));
	struct open_arg a = { s, e };
	int rc;

	if (s == NULL || (s->rx = malloc(NL_RX_SIZE)) == NULL) {
		free(s);
		azerr_set(e, "out of memory");
		return NULL;
	}
	rc = netns_run_in(ns_fd, sock_open, &a, e);
	if (rc < 0) {
		free(s->rx);
		free(s);
		return NULL;
	}
	return s;
}

struct nl_sock *nl_open_node(const char *node, struct azerr *e)
{
	char ns[LAB_NS_NAME_MAX];
	struct nl_sock *s;
	int fd = netns_open(lab_ns_name(node, ns, sizeof(ns)), e);

	if (fd < 0)
		return NULL;
	s = nl_open(fd, e);
	close(fd);	/* the socket stays in the namespace it was made in */
	return s;
}

void nl_close(struct nl_sock *s)
{
	if (s == NULL)
		return;
	mnl_socket_close(s->mnl);
	free(s->rx);
	free(s);
}

/* State of one exchange while its answer is read. */
struct xchg {
	mnl_cb_t cb;
	void *data;
	unsigned seq;
	bool intr;		/* NLM_F_DUMP_INTR seen */
	int err;		/* errno when the exchange failed */
	char ext[256];		/* NLMSGERR_ATTR_MSG */
};

static int ext_attr_cb(const struct nlattr *a, void *data)
{
	struct xchg *x = data;

	if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
		snprintf(x->ext, sizeof(x->ext), "%s", mnl_attr_get_str(a));
	return MNL_CB_OK;
}

/* The extended ack TLVs follow struct nlmsgerr and, unless the kernel
 * capped it (NETLINK_CAP_ACK), a copy of our request's payload. */
static void ext_ack_parse(const struct nlmsghdr *nlh,
			  const struct nlmsgerr *err, struct xchg *x)
{
	size_t off = sizeof(*err);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (off >= mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_parse(nlh, off, ext_attr_cb, x);
}

static int on_error(const struct nlmsghdr *nlh, struct xchg *x)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*err)) {
		x->err = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (err->error == 0)
		return MNL_CB_STOP;	/* the ack */
	x->err = -err->error;
	ext_ack_parse(nlh, err, x);
	return MNL_CB_ERROR;
}

/* A dump that failed half-way ends with NLMSG_DONE carrying -errno. */
static int on_done(const struct nlmsghdr *nlh, struct xchg *x)
{
	int rc;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(int))
		return MNL_CB_STOP;
	memcpy(&rc, mnl_nlmsg_get_payload(nlh), sizeof(rc));
	if (rc >= 0)
		return MNL_CB_STOP;
	x->err = -rc;
	return MNL_CB_ERROR;
}

static int on_message(const struct nlmsghdr *nlh, struct xchg *x)
{
	int rc;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		x->intr = true;
	switch (nlh->nlmsg_type) {
	case NLMSG_NOOP:
		return MNL_CB_OK;
	case NLMSG_ERROR:
		return on_error(nlh, x);
	case NLMSG_DONE:
		return on_done(nlh, x);
	case NLMSG_OVERRUN:
		x->err = ENOBUFS;
		return MNL_CB_ERROR;
	}
	if (x->cb == NULL)
		return MNL_CB_OK;
	errno = 0;
	rc = x->cb(nlh, x->data);
	if (rc == MNL_CB_ERROR)
		x->err = errno != 0 ? errno : EPROTO;
	return rc;
}

/* We walk the datagram ourselves instead of mnl_cb_run(): it fails hard
 * on a message with another sequence number (here: the rest of an
 * exchange abandoned after an error, which we skip) and on
 * NLM_F_DUMP_INTR (which we report so that the caller can retry). */
static int walk(struct nl_sock *s, size_t len, struct xchg *x)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)s->rx;
	int n = (int)len;

	for (; mnl_nlmsg_ok(nlh, n); nlh = mnl_nlmsg_next(nlh, &n)) {
		int rc;

		if (nlh->nlmsg_seq != x->seq)
			continue;
		rc = on_message(nlh, x);
		if (rc <= MNL_CB_STOP)
			return rc;
	}
	return MNL_CB_OK;
}

static bool is_dump(const struct nlmsghdr *nlh)
{
	/* The kernel's rule: NLM_F_DUMP means a dump only on a GET (type
	 * & 3 == 2); on NEW its bits are NLM_F_REPLACE and NLM_F_EXCL. */
	return (nlh->nlmsg_type & 3) == 2 &&
	       (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
}

/* errno is left the kernel's, for callers that tell errors apart. */
static int xchg_fail(const struct xchg *x, struct azerr *e)
{
	if (x->ext[0] != '\0')
		azerr_set(e, "%s (kernel: %s)", strerror(x->err), x->ext);
	else
		azerr_set(e, "%s", strerror(x->err));
	errno = x->err;
	return -1;
}

int nl_exchange(struct nl_sock *s, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data, struct azerr *e)
{
	struct xchg x = { .cb = cb, .data = data };
	int rc = MNL_CB_OK;

	nlh->nlmsg_seq = x.seq = ++s->seq;
	if (!is_dump(nlh))
		nlh->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(s->mnl, nlh, nlh->nlmsg_len) < 0)
		return azerr_errno(e, errno, "netlink send");
	while (rc == MNL_CB_OK) {
		ssize_t n = mnl_socket_recvfrom(s->mnl, s->rx, NL_RX_SIZE);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return azerr_errno(e, errno, "netlink receive");
		rc = walk(s, (size_t)n, &x);
	}
	if (rc == MNL_CB_ERROR)
		return xchg_fail(&x, e);
	return x.intr ? NL_DUMP_INTR : 0;
}

int nl_request(struct nl_sock *s, struct nlmsghdr *nlh, struct azerr *e)
{
	return nl_exchange(s, nlh, NULL, NULL, e) < 0 ? -1 : 0;
}

static int ifindex_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type == RTM_NEWLINK &&
	    mnl_nlmsg_get_payload_len(nlh) >= sizeof(*ifi))
		*(int *)data = ifi->ifi_index;
	return MNL_CB_OK;
}

int nl_ifindex(struct nl_sock *s, const char *ifname, struct azerr *e)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	int idx = -1;

	if (strlen(ifname) >= IF_NAMESIZE)
		return azerr_set(e, "interface name '%s' is longer than %d",
				 ifname, IF_NAMESIZE - 1);
	nlh = nl_msg_start(buf, RTM_GETLINK, 0);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, ifname);
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	if (nl_exchange(s, nlh, ifindex_cb, &idx, e) < 0)
		return azerr_wrap(e, "interface %s", ifname);
	if (idx <= 0)
		return azerr_set(e, "interface %s: no index in the answer",
				 ifname);
	return idx;
}

struct parse_ctx {
	const struct nl_policy *pol;
	const struct nlattr **tb;
};

static int attr_cb(const struct nlattr *a, void *data)
{
	const struct parse_ctx *c = data;
	int type = mnl_attr_get_type(a);

	/* Attributes newer than us, or malformed, are left out rather than
	 * failing the whole message. */
	if (type > c->pol->max)
		return MNL_CB_OK;
	if (c->pol->type[type] != MNL_TYPE_UNSPEC &&
	    mnl_attr_validate(a, c->pol->type[type]) < 0)
		return MNL_CB_OK;
	c->tb[type] = a;
	return MNL_CB_OK;
}

int nl_parse(const struct nlmsghdr *nlh, size_t hdrlen,
	     const struct nl_policy *pol, const struct nlattr **tb)
{
	struct parse_ctx c = { pol, tb };

	memset(tb, 0, (pol->max + 1) * sizeof(*tb));
	return mnl_attr_parse(nlh, hdrlen, attr_cb, &c) < 0 ? -1 : 0;
}

int nl_parse_nested(const struct nlattr *nest, const struct nl_policy *pol,
		    const struct nlattr **tb)
{
	struct parse_ctx c = { pol, tb };

	memset(tb, 0, (pol->max + 1) * sizeof(*tb));
	return mnl_attr_parse_nested(nest, attr_cb, &c) < 0 ? -1 : 0;
}
