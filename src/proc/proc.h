/* SPDX-License-Identifier: ISC */
/* Processes by identity, not by number: a pid and its start time (from
 * /proc/PID/stat), so that a pid the kernel has given to a new process
 * is not taken for the old one. Used to wait until processes have
 * exited. An exited process holds nothing any more (no fd, lock, mount,
 * namespace or memory); what is left until its parent reaps it, a zombie
 * in ps, is its parent's business. The lab's daemon and what a killed
 * daemon left are orphans, which only init may reap: systemd does at
 * once, this sandbox's init 1.0-1.5 s later, and no waiting of ours can
 * hasten that. */
#ifndef AZLAB_PROC_H
#define AZLAB_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct proc_id {
	pid_t pid;
	unsigned long long start;	/* clock ticks after boot */
};

/* id of a live (or zombie) pid; -1 if there is no such process. */
int proc_id_of(pid_t pid, struct proc_id *id);
/* Whether id's process has exited, every thread of it: a zombie, reaped,
 * or its pid reused. */
bool proc_exited(const struct proc_id *id);
/* Waits, looking every 10 ms, until every one has exited or timeout_ms
 * has passed; returns how many are still running. */
size_t proc_wait_exited(const struct proc_id *ids, size_t n,
			long long timeout_ms);

#endif
