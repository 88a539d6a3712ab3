/* SPDX-License-Identifier: ISC */
/* Network sysctls of one namespace, through /proc/sys/net.
 *
 * Which namespace a /proc/sys/net file belongs to is decided when it is
 * looked up, by the network namespace of the opening thread; so the file
 * is opened, read or written, and closed from inside the namespace.
 *
 * Keys use dots, like sysctl(8). Interface names may contain dots too
 * (eth0.100): in net.<family>.conf.<if>.<leaf> and ...neigh.<if>.<leaf>
 * the leaf is always the last component, so everything between "conf."
 * and the last dot is taken as the interface name and keeps its dots. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netns.h"
#include "sysctl.h"

#define SYSCTL_KEY_MAX 255

static bool key_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

int sysctl_key_valid(const char *key)
{
	size_t len = strlen(key);

	if (strncmp(key, "net.", 4) != 0 || len > SYSCTL_KEY_MAX ||
	    key[len - 1] == '.' || strstr(key, "..") != NULL)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!key_char_ok(key[i]))
			return 0;
	return 1;
}

/* Where the interface name sits in a per-interface key: true with
 * key[*off, *off + *len) for net.X.conf.IF.leaf and net.X.neigh.IF.leaf,
 * IF being any interface, "all" or "default". */
static bool iface_span(const char *key, size_t *off, size_t *len)
{
	const char *fam, *grp, *ifn, *leaf;

	if (!sysctl_key_valid(key))
		return false;
	fam = key + 4;
	grp = strchr(fam, '.');
	if (grp == NULL)
		return false;
	grp++;
	if (strncmp(grp, "conf.", 5) == 0)
		ifn = grp + 5;
	else if (strncmp(grp, "neigh.", 6) == 0)
		ifn = grp + 6;
	else
		return false;
	leaf = strrchr(ifn, '.');
	if (leaf == NULL)	/* net.ipv4.conf.eth0: a directory */
		return false;
	*off = (size_t)(ifn - key);
	*len = (size_t)(leaf - ifn);
	return true;
}

const char *sysctl_key_iface(const char *key, char *buf, size_t len)
{
	size_t off, n;

	if (!iface_span(key, &off, &n) || n >= len || n >= IF_NAMESIZE)
		return NULL;
	if ((n == 3 && strncmp(key + off, "all", 3) == 0) ||
	    (n == 7 && strncmp(key + off, "default", 7) == 0))
		return NULL;
	memcpy(buf, key + off, n);
	buf[n] = '\0';
	return buf;
}

/* "net.ipv4.conf.eth0.100.rp_filter"
 *   -> "/proc/sys/net/ipv4/conf/eth0.100/rp_filter" */
static int key_path(const char *key, char *path, size_t len, struct azerr *e)
{
	size_t off = 0, n = 0, j;
	const char *base = "/proc/sys/";

	if (!sysctl_key_valid(key))
		return azerr_set(e, "invalid sysctl key '%s'", key);
	if (!iface_span(key, &off, &n))
		off = n = 0;
	j = strlen(base);
	memcpy(path, base, j);
	for (size_t i = 0; key[i] != '\0' && j < len - 1; i++, j++) {
		bool in_if = i >= off && i < off + n;

		path[j] = key[i] == '.' && !in_if ? '/' : key[i];
	}
	path[j] = '\0';
	return 0;
}

struct sysctl_io {
	const char *path;
	const char *value;	/* set */
	char *buf;		/* get */
	size_t len;
	struct azerr *e;
};

static int do_write(void *arg)
{
	struct sysctl_io *io = arg;
	size_t len = strlen(io->value);
	ssize_t n;
	int fd = open(io->path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return azerr_errno(io->e, errno, "opening %s", io->path);
	n = write(fd, io->value, len);
	if (n < 0) {
		azerr_errno(io->e, errno, "writing '%s' to %s", io->value,
			    io->path);
		close(fd);
		return -1;
	}
	close(fd);
	if ((size_t)n != len)
		return azerr_set(io->e, "writing '%s' to %s: short write",
				 io->value, io->path);
	return 0;
}

/* One read() of a whole page: integer sysctls answer the first read and
 * then report end of file at any offset, so reading in pieces would cut
 * a value short. */
static int read_all(int fd, struct sysctl_io *io)
{
	char page[4096];
	ssize_t n;

	do
		n = read(fd, page, sizeof(page));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return azerr_errno(io->e, errno, "reading %s", io->path);
	while (n > 0 && page[n - 1] == '\n')
		n--;
	if ((size_t)n >= io->len)
		return azerr_set(io->e, "reading %s: value longer than %zu "
				 "bytes", io->path, io->len - 1);
	memcpy(io->buf, page, (size_t)n);
	io->buf[n] = '\0';
	return 0;
}

static int do_read(void *arg)
{
	struct sysctl_io *io = arg;
	int fd = open(io->path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return azerr_errno(io->e, errno, "opening %s", io->path);
	rc = read_all(fd, io);
	close(fd);
	return rc;
}

int sysctl_set(int ns_fd, const char *key, const char *value, struct azerr *e)
{
	char path[PATH_MAX];
	struct sysctl_io io = { .path = path, .value = value, .e = e };

	if (key_path(key, path, sizeof(path), e) < 0)
		return -1;
	return netns_run_in(ns_fd, do_write, &io, e);
}

int sysctl_get(int ns_fd, const char *key, char *buf, size_t len,
	       struct azerr *e)
{
	char path[PATH_MAX];
	struct sysctl_io io = { .path = path, .buf = buf, .len = len, .e = e };

	if (len == 0)
		return azerr_set(e, "no room for the value of %s", key);
	if (key_path(key, path, sizeof(path), e) < 0)
		return -1;
	return netns_run_in(ns_fd, do_read, &io, e);
}

int sysctl_get_ulong(int ns_fd, const char *key, unsigned long *value,
		     struct azerr *e)
{
	char buf[32], *end;

	if (sysctl_get(ns_fd, key, buf, sizeof(buf), e) < 0)
		return -1;
	errno = 0;
	*value = strtoul(buf, &end, 10);
	if (errno != 0 || end == buf || *end != '\0' || buf[0] == '-')
		return azerr_set(e, "%s is '%s', not a number", key, buf);
	return 0;
}
