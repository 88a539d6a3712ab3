/* SPDX-License-Identifier: ISC */
/* Named network namespaces: a file /run/netns/<name> with the namespace
 * bind-mounted on it keeps the namespace alive without a process, and is
 * where `ip netns` looks for it.
 *
 * Unlike iproute2 we do not turn /run/netns into a shared mount point of
 * its own: the bind mounts simply live in the mount namespace they were
 * made in (and propagate wherever /run already does). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "netns.h"
#include "core/grow.h"

/* A name becomes a file name under /run/netns: no '/', no "." or "..". */
static int ns_path(const char *name, char *path, size_t len, struct azerr *e)
{
	if (name[0] == '\0' || strchr(name, '/') != NULL ||
	    strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
	    strlen(name) > NAME_MAX)
		return azerr_set(e, "invalid namespace name '%s'", name);
	snprintf(path, len, "%s/%s", NETNS_RUN_DIR, name);
	return 0;
}

/* The namespace of this thread, not of the process: /proc/self/ns/net
 * is the main thread's, and setns() works per thread. */
static void thread_ns_path(char *buf, size_t len)
{
	snprintf(buf, len, "/proc/self/task/%d/ns/net", (int)gettid());
}

struct create_arg {
	const char *path;
	int err;
	const char *what;
};

/* Runs in a short-lived thread of its own, so that the unshare() never
 * affects the caller: the new namespace stays reachable through the
 * bind mount after the thread is gone. */
static void *create_thread(void *arg)
{
	struct create_arg *a = arg;
	char self[64];

	if (unshare(CLONE_NEWNET) < 0) {
		a->err = errno;
		a->what = "unshare";
		return NULL;
	}
	thread_ns_path(self, sizeof(self));
	if (mount(self, a->path, "none", MS_BIND, NULL) < 0) {
		a->err = errno;
		a->what = "bind mount";
	}
	return NULL;
}

static int run_dir(struct azerr *e)
{
	if (mkdir("/run", 0755) < 0 && errno != EEXIST)
		return azerr_errno(e, errno, "creating /run");
	if (mkdir(NETNS_RUN_DIR, 0755) < 0 && errno != EEXIST)
		return azerr_errno(e, errno, "creating %s", NETNS_RUN_DIR);
	return 0;
}

int netns_create(const char *name, struct azerr *e)
{
	struct create_arg a = { 0 };
	char path[PATH_MAX];
	pthread_t th;
	int fd, rc;

	if (ns_path(name, path, sizeof(path), e) < 0 || run_dir(e) < 0)
		return -1;
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0 && errno == EEXIST)
		return azerr_set(e, "namespace %s already exists (%s)", name,
				 path);
	if (fd < 0)
		return azerr_errno(e, errno, "creating %s", path);
	close(fd);
	a.path = path;
	rc = pthread_create(&th, NULL, create_thread, &a);
	if (rc != 0) {
		a.err = rc;
		a.what = "starting a thread";
	} else {
		pthread_join(th, NULL);
	}
	if (a.err != 0) {
		unlink(path);
		return azerr_errno(e, a.err, "namespace %s: %s", name, a.what);
	}
	return 0;
}

int netns_delete(const char *name, struct azerr *e)
{
	char path[PATH_MAX];

	if (ns_path(name, path, sizeof(path), e) < 0)
		return -1;
	/* EINVAL: not a mount point (a half-made or stale file), which
	 * still has to go. */
	if (umount2(path, MNT_DETACH) < 0 && errno != EINVAL) {
		if (errno == ENOENT)
			return 0;
		return azerr_errno(e, errno, "unmounting %s", path);
	}
	if (unlink(path) < 0 && errno != ENOENT)
		return azerr_errno(e, errno, "removing %s", path);
	return 0;
}

int netns_open(const char *name, struct azerr *e)
{
	char path[PATH_MAX];
	int fd;

	if (ns_path(name, path, sizeof(path), e) < 0)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return azerr_errno(e, errno, "opening namespace %s", name);
	return fd;
}

int netns_enter(const char *name, struct azerr *e)
{
	int fd = netns_open(name, e);
	int rc;

	if (fd < 0)
		return -1;
	rc = setns(fd, CLONE_NEWNET);
	if (rc < 0)
		azerr_errno(e, errno, "entering namespace %s", name);
	close(fd);
	return rc;
}

int netns_run_in(int ns_fd, int (*fn)(void *arg), void *arg, struct azerr *e)
{
	char self[64];
	int saved, rc;

	if (ns_fd < 0)
		return fn(arg);
	thread_ns_path(self, sizeof(self));
	saved = open(self, O_RDONLY | O_CLOEXEC);
	if (saved < 0)
		return azerr_errno(e, errno, "opening %s", self);
	if (setns(ns_fd, CLONE_NEWNET) < 0) {
		azerr_errno(e, errno, "entering network namespace");
		close(saved);
		return -1;
	}
	rc = fn(arg);
	/* Staying in the wrong namespace would silently send every later
	 * operation of this thread to the wrong place: no way to go on. */
	if (setns(saved, CLONE_NEWNET) < 0) {
		fprintf(stderr, "azlab: fatal: cannot return to the original "
			"network namespace: %s\n", strerror(errno));
		abort();
	}
	close(saved);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int names_add(char ***names, size_t *n, size_t *cap, const char *s)
{
	/* room for s and the NULL that ends the list */
	if (grow(names, cap, *n + 2, sizeof(**names)) < 0)
		return -1;
	(*names)[*n] = strdup(s);
	if ((*names)[*n] == NULL)
		return -1;
	(*names)[++*n] = NULL;
	return 0;
}

int netns_list(const char *prefix, char ***names, size_t *n, struct azerr *e)
{
	size_t len = strlen(prefix), cap = 2;
	struct dirent *de;
	DIR *d;

	*n = 0;
	*names = calloc(cap, sizeof(**names));
	if (*names == NULL)
		return azerr_set(e, "out of memory");
	d = opendir(NETNS_RUN_DIR);
	if (d == NULL && errno == ENOENT)
		return 0;	/* no namespace was ever made here */
	if (d == NULL) {
		azerr_errno(e, errno, "reading %s", NETNS_RUN_DIR);
		free(*names);
		*names = NULL;
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || strncmp(de->d_name, prefix, len))
			continue;
		if (names_add(names, n, &cap, de->d_name) < 0) {
			closedir(d);
			netns_names_free(*names);
			*names = NULL;
			return azerr_set(e, "out of memory");
		}
	}
	closedir(d);
	qsort(*names, *n, sizeof(**names), by_name);
	return 0;
}

void netns_names_free(char **names)
{
	if (names == NULL)
		return;
	for (char **p = names; *p != NULL; p++)
		free(*p);
	free(names);
}

/* Only an nsfs inode identifies a namespace: a /run/netns file whose
 * mount is gone is a plain file whose inode number means nothing. */
unsigned long netns_inode(const char *path)
{
	struct statfs fs;
	struct stat st;

	if (stat(path, &st) < 0 || statfs(path, &fs) < 0 ||
	    fs.f_type != NSFS_MAGIC)
		return 0;
	return (unsigned long)st.st_ino;
}
