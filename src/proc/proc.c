/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "proc.h"

/* /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and
 * parentheses, so the fields are counted from the last ')'. The thread
 * count is field 20, the start time field 22. */
static int stat_read(pid_t pid, char *state, long *threads,
		     unsigned long long *start)
{
	char path[64], buf[1024], *p;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL)
		return -1;
	if (sscanf(p + 1, " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u "
		   "%*u %*d %*d %*d %*d %ld %*d %llu", state, threads,
		   start) != 3)
		return -1;
	return 0;
}

int proc_id_of(pid_t pid, struct proc_id *id)
{
	long threads;
	char state;

	id->pid = pid;
	return stat_read(pid, &state, &threads, &id->start);
}

/* A leader that has exited shows Z while its other threads still run
 * (and hold the process's files, memory and namespaces): the process
 * has exited once the leader alone is left. */
bool proc_exited(const struct proc_id *id)
{
	unsigned long long start;
	long threads;
	char state;

	if (stat_read(id->pid, &state, &threads, &start) < 0 ||
	    start != id->start)
		return true;
	return (state == 'Z' || state == 'X') && threads <= 1;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

size_t proc_wait_exited(const struct proc_id *ids, size_t n,
			long long timeout_ms)
{
	long long end = now_ms() + timeout_ms;
	size_t left;

	for (;;) {
		struct timespec ts = { 0, 10000000L };

		left = 0;
		for (size_t i = 0; i < n; i++)
			left += !proc_exited(&ids[i]);
		if (left == 0 || now_ms() >= end)
			return left;
		nanosleep(&ts, NULL);
	}
}
