/* SPDX-License-Identifier: ISC */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/instance.h"
#include "frr/frr.h"
#include "core/fsutil.h"
#include "core/grow.h"
#include "model/lab.h"
#include "kernel/netns.h"
#include "proc/proc.h"
#include "teardown.h"

struct inode_set {
	unsigned long *ino;
	size_t n;
};

static int lab_inodes(struct inode_set *set, char ***names, size_t *n,
		      struct azerr *e)
{
	char path[PATH_MAX];

	if (netns_list(instance_ns_prefix(), names, n, e) < 0)
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

/* The processes in the lab's namespaces, added to *ids unless there. */
static int procs_in(const struct inode_set *set, struct proc_id **ids,
		    size_t *n, size_t *cap, struct azerr *e)
{
	DIR *d = opendir("/proc");
	struct dirent *de;

	if (d == NULL)
		return azerr_errno(e, errno, "reading /proc");
	while ((de = readdir(d)) != NULL) {
		char path[64];
		pid_t pid = (pid_t)strtol(de->d_name, NULL, 10);
		struct proc_id id;
		bool known = false;

		if (pid <= 0 || pid == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
		if (!inode_in(set, netns_inode(path)) ||
		    proc_id_of(pid, &id) < 0)
			continue;
		for (size_t i = 0; i < *n && !known; i++)
			known = (*ids)[i].pid == id.pid &&
				(*ids)[i].start == id.start;
		if (known)
			continue;
		if (grow(ids, cap, *n + 1, sizeof(**ids)) < 0) {
			closedir(d);
			return azerr_set(e, "out of memory");
		}
		(*ids)[(*n)++] = id;
	}
	closedir(d);
	return 0;
}

static void signal_all(const struct proc_id *ids, size_t n, int sig,
		       size_t *sent)
{
	for (size_t i = 0; i < n; i++)
		if (!proc_exited(&ids[i]) &&
		    kill(ids[i].pid, sig) == 0 && sent != NULL)
			(*sent)++;
}

/* FRR's crash-log directories (frr.h: FRR_TMP_DIR/<daemon>.<pid>) of
 * the processes ids[from..n) that are FRR daemons, noted while they are
 * there (their names go with them) in dirs, one a process ("" for the
 * others). A daemon removes its own on a clean exit only, and the lab's
 * daemon, which removes them otherwise, is the one that was killed. */
static int frr_tmp_note(const struct proc_id *ids, size_t from, size_t n,
			char (**dirs)[64], size_t *cap)
{
	if (grow(dirs, cap, n + 1, sizeof(**dirs)) < 0)
		return -1;
	for (size_t i = from; i < n; i++) {
		char path[64], comm[32] = "";
		FILE *f;

		(*dirs)[i][0] = '\0';
		snprintf(path, sizeof(path), "/proc/%d/comm", (int)ids[i].pid);
		f = fopen(path, "re");
		if (f == NULL)
			continue;
		if (fgets(comm, sizeof(comm), f) != NULL)
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
		for (int d = 0; d < FRR_N_DAEMONS; d++)
			if (strcmp(comm, frr_daemon_name(d)) == 0)
				snprintf((*dirs)[i], sizeof((*dirs)[i]),
					 "%s/%s.%d", FRR_TMP_DIR, comm,
					 (int)ids[i].pid);
	}
	return 0;
}

/* SIGTERM first so daemons (FRR, charon) can clean up after themselves,
 * SIGKILL to what is still there after TEARDOWN_TERM_MS; then wait until
 * every one has exited (proc/proc.h): `down` returns only when nothing
 * of the lab runs. */
static int stop_procs(const struct inode_set *set,
		      struct teardown_report *rep, struct azerr *e)
{
	struct proc_id *ids = NULL;
	char (*dirs)[64] = NULL;
	size_t n = 0, cap = 0, dirs_cap = 0, first, left;
	int rc = 0;

	if (procs_in(set, &ids, &n, &cap, e) < 0)
		return -1;
	if (frr_tmp_note(ids, 0, n, &dirs, &dirs_cap) < 0)
		rc = azerr_set(e, "out of memory");
	signal_all(ids, n, SIGTERM, NULL);
	proc_wait_exited(ids, n, TEARDOWN_TERM_MS);
	/* anything started meanwhile, by a process that was still there */
	first = n;
	if (procs_in(set, &ids, &n, &cap, e) < 0 ||
	    (rc == 0 && frr_tmp_note(ids, first, n, &dirs, &dirs_cap) < 0))
		rc = -1;
	signal_all(ids, n, SIGKILL, &rep->killed);
	left = proc_wait_exited(ids, n, TEARDOWN_KILL_MS);
	rep->processes = n;
	for (size_t i = 0; i < n && rc == 0 && left == 0; i++)
		if (dirs[i][0] != '\0')
			rm_tree(dirs[i]);
	if (left > 0 && rc == 0)
		rc = azerr_set(e, "%zu processes of the lab still there %d s "
			       "after SIGKILL", left, TEARDOWN_KILL_MS / 1000);
	free(dirs);
	free(ids);
	return rc;
}

/* FRR's daemons, started with -N and the node's namespace name
 * (azlab-<node>), each make a directory of that name under /run/frr
 * (frr.c). No instance's prefix begins another's (core/instance.h): these
 * are this instance's only. */
static void frr_dirs_remove(void)
{
	const char *prefix = instance_ns_prefix();
	DIR *d = opendir(FRR_PATHSPACE_DIR);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char path[PATH_MAX];

		if (strncmp(de->d_name, prefix, strlen(prefix)) != 0)
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
	if (stop_procs(&set, rep, e) < 0)
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
