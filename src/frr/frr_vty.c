/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "frr.h"
#include "frr_shared.h"
#include "frr_vty.h"
#include "proc/supervise.h"
#include "core/grow.h"

int frr_vty_connect(const char *path, struct azerr *e)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path))
		return azerr_set(e, "%s: path too long", path);
	memcpy(sun.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return azerr_errno(e, errno, "socket");
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		int err = errno;

		close(fd);
		return azerr_set(e, "%s: %s", path, strerror(err));
	}
	return fd;
}

static int vty_connect(const char *node, const char *daemon, char *path,
		       size_t len, struct azerr *e)
{
	char file[64];
	int fd;

	snprintf(file, sizeof(file), "%s.vty", daemon);
	if (frr_path(path, len, node, file) < 0)
		return azerr_set(e, "%s: path too long", node);
	fd = frr_vty_connect(path, e);
	if (fd < 0)
		return azerr_wrap(e, "%s: %s is not running", node, daemon);
	return fd;
}

static bool answer_complete(const char *buf, size_t n)
{
	return n >= 4 && buf[n - 4] == '\0' && buf[n - 3] == '\0' &&
	       buf[n - 2] == '\0';
}

/* Reads until the terminator, within the deadline. */
static int read_answer(int fd, long long deadline, char **out, size_t *n,
		       struct azerr *e)
{
	size_t cap = 0;
	char *buf = NULL;

	*n = 0;
	while (!answer_complete(buf, *n)) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		long long left = deadline - sup_now_ms();
		ssize_t got;
		int ready = left > 0 ? poll(&pfd, 1, (int)left) : 0;

		if (ready < 0 && errno == EINTR)
			continue;
		if (ready <= 0) {
			free(buf);
			return ready == 0 ? azerr_set(e, "no answer") :
			       azerr_errno(e, errno, "poll");
		}
		if (*n + 65536 > FRR_VTY_MAX_ANSWER ||
		    grow(&buf, &cap, *n + 65536, 1) < 0) {
			free(buf);
			return azerr_set(e, "answer too long");
		}
		got = read(fd, buf + *n, cap - *n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			free(buf);
			return azerr_set(e, "connection closed");
		}
		*n += (size_t)got;
	}
	*out = buf;
	return 0;
}

int frr_vty_send(int fd, const char *cmd, struct azerr *e)
{
	if (send(fd, cmd, strlen(cmd) + 1, MSG_NOSIGNAL) < 0)
		return azerr_errno(e, errno, "sending '%s'", cmd);
	return 0;
}

/* The first answer in r's buffer: its length (the text's, before the
 * three NULs), or -1 when none is complete yet. Text has no NUL. */
static ssize_t reader_complete(const struct frr_vty_reader *r)
{
	for (size_t i = 0; i + 3 < r->n; i++)
		if (r->buf[i] == '\0')
			return r->buf[i + 1] == '\0' && r->buf[i + 2] == '\0' ?
			       (ssize_t)i : -1;
	return -1;
}

int frr_vty_next_answer(struct frr_vty_reader *r, long long deadline,
			char **out, struct azerr *e)
{
	ssize_t len;
	int status;

	*out = NULL;
	while ((len = reader_complete(r)) < 0) {
		struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
		long long left = deadline - sup_now_ms();
		ssize_t got;
		int ready = left > 0 ? poll(&pfd, 1, (int)left) : 0;

		if (ready < 0 && errno == EINTR)
			continue;
		if (ready <= 0)
			return ready == 0 ? azerr_set(e, "no answer") :
			       azerr_errno(e, errno, "poll");
		if (r->n + 65536 > FRR_VTY_MAX_ANSWER ||
		    grow(&r->buf, &r->cap, r->n + 65536, 1) < 0)
			return azerr_set(e, "answer too long");
		got = read(r->fd, r->buf + r->n, r->cap - r->n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return azerr_set(e, "connection closed");
		r->n += (size_t)got;
	}
	if ((*out = strndup(r->buf, (size_t)len)) == NULL)
		return azerr_set(e, "out of memory");
	status = (unsigned char)r->buf[len + 3];
	r->n -= (size_t)len + 4;
	memmove(r->buf, r->buf + len + 4, r->n);
	return status;
}

int frr_vty_exchange(int fd, const char *cmd, long long deadline,
		     char **out, struct azerr *e)
{
	size_t n;

	*out = NULL;
	if (send(fd, cmd, strlen(cmd) + 1, MSG_NOSIGNAL) < 0)
		return azerr_errno(e, errno, "sending '%s'", cmd);
	if (read_answer(fd, deadline, out, &n, e) < 0)
		return azerr_wrap(e, "'%s'", cmd);
	(*out)[n - 4] = '\0';
	return (unsigned char)(*out)[n - 1];
}

int frr_vty_ask(const char *node, const char *daemon, const char *cmd,
		int timeout_ms, char **out, struct azerr *e)
{
	long long deadline = sup_now_ms() + timeout_ms;
	char path[PATH_MAX], vrf_cmd[512];
	int fd, status;

	*out = NULL;
	/* a shared FRR is asked for the router's VRF */
	if (frr_shared_on() && strcmp(node, FRR_SHARED_NODE) != 0) {
		if (frr_shared_cmd(node, cmd, vrf_cmd, sizeof(vrf_cmd), e) < 0)
			return -1;
		cmd = vrf_cmd;
	}
	fd = vty_connect(frr_serving_node(node), daemon, path, sizeof(path),
			 e);
	if (fd < 0)
		return -1;
	status = frr_vty_exchange(fd, cmd, deadline, out, e);
	close(fd);
	if (status < 0)
		return azerr_wrap(e, "%s: %s", node, daemon);
	return status;
}
