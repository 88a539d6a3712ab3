#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "frr.h"
#include "fsutil.h"
#include "lab.h"
#include "netns.h"
#include "teardown.h"

struct inode_set {
	unsigned long *ino;
	size_t n;
};

static int lab_inodes(struct inode_set *set, char ***names, size_t *n,
		      struct azerr *e)
{
	char path[PATH_MAX];

	if (netns_list(LAB_NS_PREFIX, names, n, e) < 0)
		return -1;
	set->ino = calloc(*n + 1, sizeof(*set->ino));
	if (set->ino == NULL) {
		netns_names_free(*names);
		return azerr_set(e, "out of memory");
	}
	set->n = 0;
	for (size_t i = 0; i < *n; i++) {
		snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR,
			 (*names)[i]);
		set->ino[set->n] = netns_inode(path);
		if (set->ino[set->n] != 0)
			set->n++;
	}
	return 0;
}

static int inode_in(const struct inode_set *set, unsigned long ino)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->ino[i] == ino)
			return 1;
	return 0;
}

static int procs_in(const struct inode_set *set, pid_t **pids, size_t *n,
		    struct azerr *e)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	size_t cap = 0;

	*pids = NULL;
	*n = 0;
	if (d == NULL)
		return azerr_errno(e, errno, "reading /proc");
	while ((de = readdir(d)) != NULL) {
		char path[64];
		pid_t pid = (pid_t)strtol(de->d_name, NULL, 10);

		if (pid <= 0 || pid == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
		if (!inode_in(set, netns_inode(path)))
			continue;
		if (*n == cap) {
			pid_t *p;

			cap = cap ? cap * 2 : 16;
			p = realloc(*pids, cap * sizeof(*p));
			if (p == NULL) {
				closedir(d);
				return azerr_set(e, "out of memory");
			}
			*pids = p;
		}
		(*pids)[(*n)++] = pid;
	}
	closedir(d);
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* SIGTERM first so daemons (FRR, charon) can clean up after themselves,
 * then SIGKILL whatever is still there after a second. */
static int stop_procs(const struct inode_set *set, size_t *signalled,
		      struct azerr *e)
{
	pid_t *pids;
	size_t n;

	if (procs_in(set, &pids, &n, e) < 0)
		return -1;
	*signalled = n;
	for (size_t i = 0; i < n; i++)
		kill(pids[i], SIGTERM);
	free(pids);
	for (int tries = 0; n > 0 && tries < 100; tries++) {
		sleep_ms(10);
		if (procs_in(set, &pids, &n, e) < 0)
			return -1;
		if (tries >= 50)
			for (size_t i = 0; i < n; i++)
				kill(pids[i], SIGKILL);
		free(pids);
	}
	return 0;
}

/* FRR's daemons, started with -N azlab-<node>, each make a directory
 * of that name under /run/frr (frr.c). */
static void frr_dirs_remove(void)
{
	DIR *d = opendir(FRR_PATHSPACE_DIR);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char path[PATH_MAX];

		if (strncmp(de->d_name, LAB_NS_PREFIX,
			    strlen(LAB_NS_PREFIX)) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", FRR_PATHSPACE_DIR,
			 de->d_name);
		rm_tree(path);
	}
	closedir(d);
}

int teardown_lab(struct teardown_report *rep, struct azerr *e)
{
	struct inode_set set;
	char **names;
	size_t n_names;
	int rc = 0;

	memset(rep, 0, sizeof(*rep));
	if (lab_inodes(&set, &names, &n_names, e) < 0)
		return -1;
	if (stop_procs(&set, &rep->processes, e) < 0)
		rc = -1;
	for (size_t i = 0; i < n_names; i++) {
		struct azerr de;

		if (netns_delete(names[i], &de) < 0) {
			if (rc == 0)
				*e = de;
			rc = -1;
			continue;
		}
		rep->namespaces++;
	}
	frr_dirs_remove();
	free(set.ino);
	netns_names_free(names);
	return rc;
}
