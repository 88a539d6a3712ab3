/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "core/interrupt.h"
#include "core/strv.h"
#include "model/lab.h"
#include "proc/spawn.h"

const char *capture_tool(void)
{
	static const char *const paths[] = {
		"/usr/bin/tcpdump", "/usr/sbin/tcpdump", "/bin/tcpdump",
	};

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return NULL;
}

/* -n: no DNS (the lab's addresses have no names, and a lookup would leave
 * the lab); -Z root: Debian's tcpdump drops to its own user, who may
 * not write where -w points; -U: pcap goes out packet by packet (a
 * Wireshark at the other end of a pipe sees each as it comes); -l: lines
 * as they come. */
char **capture_argv(const char *tool, const struct capture_opts *o)
{
	const char **words = calloc(12 + o->n_filter, sizeof(*words));
	char count[32], **argv = NULL;
	size_t n = 0;

	if (words == NULL)
		return NULL;
	snprintf(count, sizeof(count), "%lu", o->count);
	words[n++] = tool;
	words[n++] = "-n";
	words[n++] = "-Z";
	words[n++] = "root";
	words[n++] = "-i";
	words[n++] = o->iface;
	if (o->write != NULL) {
		words[n++] = "-U";
		words[n++] = "-w";
		words[n++] = o->write;
	} else {
		words[n++] = "-l";
	}
	if (o->count > 0) {
		words[n++] = "-c";
		words[n++] = count;
	}
	for (size_t i = 0; i < o->n_filter; i++)
		words[n++] = o->filter[i];
	argv = strv_dup((char *const *)words, NULL);
	free(words);
	return argv;
}

/* Polled rather than waited for: a signal between a check and a blocking
 * waitpid would not be passed on. */
static int wait_passing_signals(pid_t pid, int *status)
{
	const struct timespec tick = { 0, 50 * 1000000L };
	int passed = 0;
	pid_t r;

	while ((r = waitpid(pid, status, WNOHANG)) == 0 ||
	       (r < 0 && errno == EINTR)) {
		int sig = interrupt_signal();

		if (sig != 0 && sig != passed) {
			kill(pid, sig == SIGINT ? SIGINT : SIGTERM);
			passed = sig;
		}
		nanosleep(&tick, NULL);
	}
	return r < 0 ? -1 : 0;
}

int capture_run(const char *node, char *const *argv, int *status,
		struct azerr *e)
{
	char ns[LAB_NS_NAME_MAX];
	struct spawn_opts o = {
		.argv = argv, .foreground = true,
		.netns = lab_ns_name(node, ns, sizeof(ns)),
	};
	pid_t pid;
	int rc;

	interrupt_catch();
	pid = spawn(&o, e);
	rc = pid < 0 ? -1 : wait_passing_signals(pid, status);
	if (pid > 0 && rc < 0)
		azerr_errno(e, errno, "waiting for %s", argv[0]);
	interrupt_release();
	return rc;
}
