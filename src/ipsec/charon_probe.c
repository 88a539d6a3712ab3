/* SPDX-License-Identifier: ISC */
/* Does this kernel do ESP? Asking for the XFRM netlink family is not
 * enough (a kernel may have the family and no esp4, as this project's CI
 * machine does: "Requested type not found"), so the probe adds a real
 * ESP SA (AES-CBC, HMAC-SHA256, tunnel mode) and deletes it again, in a
 * child of its own in a scratch network namespace (unshare, never named
 * under /run/netns): whatever happens, nothing is left in the host's
 * namespace, and the namespace goes with the child. */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/xfrm.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <libmnl/libmnl.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "charon.h"
#include "model/lab.h"
#include "kernel/netns.h"
#include "kernel/nl.h"

#define PROBE_SPI	0x4a5a1ab0u
#define PROBE_SRC	0x0aff0001u	/* 10.255.0.1 */
#define PROBE_DST	0x0aff0002u	/* 10.255.0.2 */

static int xfrm_ack(struct mnl_socket *nl, char *buf, size_t len,
		    const struct nlmsghdr *nlh)
{
	ssize_t n;

	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	n = mnl_socket_recvfrom(nl, buf, len);
	if (n < 0)
		return -errno;
	return mnl_cb_run(buf, (size_t)n, nlh->nlmsg_seq,
			  mnl_socket_get_portid(nl), NULL, NULL) < 0 ? -errno
								   : 0;
}

static int probe_add_sa(struct mnl_socket *nl, char *buf, size_t len)
{
	/* each key (zeros) is the struct's flexible array member: a union
	 * makes room for it in standard C */
	union {
		struct xfrm_algo a;
		char room[sizeof(struct xfrm_algo) + 16];
	} crypt;
	union {
		struct xfrm_algo_auth a;
		char room[sizeof(struct xfrm_algo_auth) + 32];
	} auth;
	struct xfrm_usersa_info *sa;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	memset(&crypt, 0, sizeof(crypt));
	memset(&auth, 0, sizeof(auth));
	crypt.a.alg_key_len = 128;
	auth.a.alg_key_len = 256;
	auth.a.alg_trunc_len = 128;
	nlh->nlmsg_type = XFRM_MSG_NEWSA;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE |
			   NLM_F_EXCL;
	nlh->nlmsg_seq = 1;
	sa = mnl_nlmsg_put_extra_header(nlh, sizeof(*sa));
	sa->id.daddr.a4 = htonl(PROBE_DST);
	sa->id.spi = htonl(PROBE_SPI);
	sa->id.proto = IPPROTO_ESP;
	sa->saddr.a4 = htonl(PROBE_SRC);
	sa->family = AF_INET;
	sa->mode = XFRM_MODE_TUNNEL;
	sa->lft.soft_byte_limit = sa->lft.hard_byte_limit = XFRM_INF;
	sa->lft.soft_packet_limit = sa->lft.hard_packet_limit = XFRM_INF;
	snprintf(crypt.a.alg_name, sizeof(crypt.a.alg_name), "cbc(aes)");
	snprintf(auth.a.alg_name, sizeof(auth.a.alg_name), "hmac(sha256)");
	mnl_attr_put(nlh, XFRMA_ALG_CRYPT, sizeof(crypt), &crypt);
	mnl_attr_put(nlh, XFRMA_ALG_AUTH_TRUNC, sizeof(auth), &auth);
	return xfrm_ack(nl, buf, len, nlh);
}

static int probe_del_sa(struct mnl_socket *nl, char *buf, size_t len)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct xfrm_usersa_id *id;

	nlh->nlmsg_type = XFRM_MSG_DELSA;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = 2;
	id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	id->daddr.a4 = htonl(PROBE_DST);
	id->spi = htonl(PROBE_SPI);
	id->family = AF_INET;
	id->proto = IPPROTO_ESP;
	return xfrm_ack(nl, buf, len, nlh);
}

/* In the child: 0 kernel ESP works, 1 the family is missing, 2 no ESP
 * SA could be added, 3 no scratch namespace. */
static int probe_child(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl;
	int rc;

	if (unshare(CLONE_NEWNET) < 0)
		return 3;
	nl = mnl_socket_open(NETLINK_XFRM);
	if (nl == NULL || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		return 1;
	rc = probe_add_sa(nl, buf, sizeof(buf)) < 0 ? 2 : 0;
	if (rc == 0)
		probe_del_sa(nl, buf, sizeof(buf));
	mnl_socket_close(nl);
	return rc;
}

enum esp_mode esp_probe(char *why, size_t len)
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0)
		_exit(probe_child());
	if (pid < 0) {
		snprintf(why, len, "cannot fork the probe: %s",
			 strerror(errno));
		return ESP_LIBIPSEC;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	switch (WIFEXITED(status) ? WEXITSTATUS(status) : -1) {
	case 0:
		snprintf(why, len, "the kernel takes ESP SAs (XFRM)");
		return ESP_KERNEL;
	case 1:
		snprintf(why, len, "the kernel has no XFRM netlink family");
		break;
	case 2:
		snprintf(why, len, "the kernel refuses an ESP SA (no esp4)");
		break;
	default:
		snprintf(why, len, "the XFRM probe failed");
		break;
	}
	return ESP_LIBIPSEC;
}

const char *esp_mode_name(enum esp_mode m)
{
	return m == ESP_KERNEL ? "kernel" : "libipsec";
}

enum esp_mode esp_mode_choose(const char *override, enum esp_mode probed,
			      char *why, size_t len)
{
	if (override == NULL || override[0] == '\0')
		return probed;
	if (strcmp(override, "kernel") == 0 ||
	    strcmp(override, "libipsec") == 0) {
		snprintf(why, len, "AZLAB_ESP=%s", override);
		return override[0] == 'k' ? ESP_KERNEL : ESP_LIBIPSEC;
	}
	snprintf(why, len, "AZLAB_ESP=%s is neither kernel nor libipsec; "
		 "the probe decided", override);
	return probed;
}

/* 0, or the errno of what failed: positive, apart from netns_run_in's
 * own -1. */
static int tun_make_persistent(void *arg)
{
	struct ifreq ifr = { .ifr_flags = IFF_TUN | IFF_NO_PI };
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", (const char *)arg);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0 || ioctl(fd, TUNSETPERSIST, 1) < 0)
		err = errno;
	close(fd);
	return err;
}

int esp_kernel_ipsec0(const char *node, struct azerr *e)
{
	char ns[LAB_NS_NAME_MAX];
	struct nl_sock *s;
	int fd, rc;

	fd = netns_open(lab_ns_name(node, ns, sizeof(ns)), e);
	if (fd < 0)
		return -1;
	/* TUNSETIFF makes the device in the calling thread's namespace */
	rc = netns_run_in(fd, tun_make_persistent, (void *)"ipsec0", e);
	close(fd);
	if (rc == -1)
		return -1;
	if (rc != 0 && rc != EBUSY)	/* EBUSY: there since a restart */
		return azerr_errno(e, rc, "%s: creating ipsec0", node);
	s = nl_open_node(node, e);
	if (s == NULL)
		return -1;
	rc = nl_link_set_up(s, "ipsec0", true, e);
	nl_close(s);
	return rc;
}
