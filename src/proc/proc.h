/* SPDX-License-Identifier: ISC */
/* Processes by identity, not by number: a pid and its start time (from
 * /proc/PID/stat), so that a pid the kernel has given to a new process
 * is not taken for the old one. Used to wait until processes are really
 * gone: not only dead, but reaped (a zombie still shows in ps, and an
 * orphan's is reaped by init, here as late as two seconds after). */
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
/* Whether id's process has exited and been reaped (or its pid reused). */
bool proc_gone(const struct proc_id *id);
/* Whether it has exited but not been reaped yet. */
bool proc_zombie(const struct proc_id *id);
/* Waits, looking every 10 ms, until every one is gone or timeout_ms has
 * passed; returns how many are left. */
size_t proc_wait_gone(const struct proc_id *ids, size_t n,
		      long long timeout_ms);

#endif
