/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "control.h"
#include "core/instance.h"

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* 0: read all; 1: end of stream before the first byte; -1: error. */
static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, p + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return got == 0 ? 1 : -1;
		got += (size_t)n;
	}
	return 0;
}

int ctl_send(int fd, enum ctl_type type, const void *data, size_t len)
{
	struct ctl_hdr hdr = { (uint32_t)type, (uint32_t)len };

	if (len > CTL_PAYLOAD_MAX)
		return -1;
	if (write_all(fd, &hdr, sizeof(hdr)) < 0)
		return -1;
	return len > 0 ? write_all(fd, data, len) : 0;
}

int ctl_recv(int fd, struct ctl_hdr *hdr, char **data)
{
	int rc;

	*data = NULL;
	rc = read_all(fd, hdr, sizeof(*hdr));
	if (rc != 0)
		return rc;
	if (hdr->type < CTL_REQUEST || hdr->type > CTL_EXIT ||
	    hdr->len > CTL_PAYLOAD_MAX)
		return -1;
	*data = malloc(hdr->len + 1);
	if (*data == NULL)
		return -1;
	if (hdr->len > 0 && read_all(fd, *data, hdr->len) != 0) {
		free(*data);
		*data = NULL;
		return -1;
	}
	(*data)[hdr->len] = '\0';
	return 0;
}

size_t ctl_args_encode(char *const argv[], int argc, char *buf, size_t len)
{
	size_t used = 0;

	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;

		if (used + n > len)
			return 0;
		memcpy(buf + used, argv[i], n);
		used += n;
	}
	return used;
}

int ctl_args_decode(char *buf, size_t len, char *argv[CTL_ARGS_MAX + 1])
{
	int argc = 0;
	size_t i = 0;

	if (len > 0 && buf[len - 1] != '\0')
		return -1;
	while (i < len) {
		if (argc == CTL_ARGS_MAX)
			return -1;
		argv[argc++] = buf + i;
		i += strlen(buf + i) + 1;
	}
	argv[argc] = NULL;
	return argc;
}

static int ctl_connect(struct azerr *e)
{
	const char *path = instance_path(INSTANCE_CONTROL);
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return azerr_errno(e, errno, "socket");
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		int err = errno;

		close(fd);
		return azerr_errno(e, err, "connecting to the daemon at %s",
				   path);
	}
	return fd;
}

int ctl_call(char *const argv[], int argc, int out_fd, int err_fd,
	     struct azerr *e)
{
	char req[4096];
	struct ctl_hdr hdr;
	size_t len;
	char *data;
	int fd, rc, status = -1;

	len = ctl_args_encode(argv, argc, req, sizeof(req));
	if (len == 0 && argc > 0)
		return azerr_set(e, "request too long");
	fd = ctl_connect(e);
	if (fd < 0)
		return -1;
	if (ctl_send(fd, CTL_REQUEST, req, len) < 0) {
		close(fd);
		return azerr_errno(e, errno, "sending to the daemon");
	}
	while ((rc = ctl_recv(fd, &hdr, &data)) == 0) {
		if (hdr.type == CTL_STDOUT)
			write_all(out_fd, data, hdr.len);
		else if (hdr.type == CTL_STDERR)
			write_all(err_fd, data, hdr.len);
		else if (hdr.type == CTL_EXIT)
			status = atoi(data);
		free(data);
		if (status >= 0)
			break;
	}
	close(fd);
	if (status < 0)
		return azerr_set(e, "the daemon closed the connection "
				 "without an answer");
	return status;
}

int ctl_listen(struct azerr *e)
{
	const char *path = instance_path(INSTANCE_CONTROL);
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	mode_t old;
	int fd;

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return azerr_errno(e, errno, "socket");
	/* only a daemon holding the lock gets here: a socket file left by a
	 * killed daemon is stale */
	unlink(path);
	old = umask(0177);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		int err = errno;

		umask(old);
		close(fd);
		return azerr_errno(e, err, "binding %s", path);
	}
	umask(old);
	if (chmod(path, 0600) < 0 || listen(fd, 16) < 0) {
		int err = errno;

		close(fd);
		return azerr_errno(e, err, "listening on %s", path);
	}
	return fd;
}
