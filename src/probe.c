/* Running a probe (traceroute, ping) inside a lab node's namespace, its
 * stdout captured through a pipe: fork, setns, execvp; no shell. Either
 * to its end (probe_run), or left running and read as it goes (the
 * drill's ping, probe_start). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab.h"
#include "netns.h"
#include "probe.h"

/* The child: default signal state, the node's namespace, stdout on the
 * pipe, then the program. Never returns. */
static void probe_child(const char *ns, char *const argv[], int wfd,
			bool with_stderr)
{
	struct azerr e;
	sigset_t all;

	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (netns_enter(ns, &e) < 0) {
		fprintf(stderr, "azlab: %s\n", e.msg);
		_exit(126);
	}
	if (dup2(wfd, STDOUT_FILENO) < 0)
		_exit(126);
	if (with_stderr && dup2(wfd, STDERR_FILENO) < 0)
		_exit(126);
	execvp(argv[0], argv);
	fprintf(stderr, "azlab: %s: %s\n", argv[0], strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

/* Room for one more read of at least 1 KiB, and the NUL after it. */
static int out_reserve(struct probe_proc *p)
{
	size_t cap = p->cap == 0 ? 4096 : p->cap * 2;
	char *grown;

	if (p->cap - p->len >= 1024)
		return 0;
	if ((grown = realloc(p->out, cap)) == NULL)
		return -1;
	p->out = grown;
	p->cap = cap;
	return 0;
}

int probe_read(struct probe_proc *p, struct azerr *e)
{
	ssize_t n;

	if (p->fd < 0)
		return 0;
	if (out_reserve(p) < 0)
		return azerr_set(e, "out of memory");
	do
		n = read(p->fd, p->out + p->len, p->cap - p->len - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN)
		return 1;
	if (n < 0)
		return azerr_errno(e, errno, "reading output");
	p->len += (size_t)n;
	p->out[p->len] = '\0';
	if (n > 0)
		return 1;
	close(p->fd);
	p->fd = -1;
	return 0;
}

int probe_start(const char *node, char *const argv[], int flags,
		struct probe_proc *p, struct azerr *e)
{
	char ns[LAB_NS_NAME_MAX];
	int fds[2], rc;

	memset(p, 0, sizeof(*p));
	p->fd = -1;
	lab_ns_name(node, ns, sizeof(ns));
	if (out_reserve(p) < 0)
		return azerr_set(e, "out of memory");
	p->out[0] = '\0';
	if (pipe2(fds, O_CLOEXEC) < 0) {
		rc = azerr_errno(e, errno, "pipe");
		probe_proc_free(p);
		return rc;
	}
	fflush(NULL);
	p->pid = fork();
	if (p->pid < 0) {
		rc = azerr_errno(e, errno, "fork");
		close(fds[0]);
		close(fds[1]);
		probe_proc_free(p);
		return rc;
	}
	if (p->pid == 0)
		probe_child(ns, argv, fds[1], flags & PROBE_STDERR);
	close(fds[1]);
	p->fd = fds[0];
	if ((flags & PROBE_NONBLOCK) &&
	    fcntl(p->fd, F_SETFL, O_NONBLOCK) < 0) {
		rc = azerr_errno(e, errno, "pipe");
		probe_proc_free(p);
		return rc;
	}
	return 0;
}

int probe_stop(struct probe_proc *p, int sig, int *status)
{
	int st;

	if (p->fd >= 0) {
		close(p->fd);
		p->fd = -1;
	}
	if (p->pid <= 0)
		return 0;
	if (sig != 0)
		kill(p->pid, sig);
	while (waitpid(p->pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	p->pid = 0;
	if (status != NULL)
		*status = st;
	return 0;
}

void probe_proc_free(struct probe_proc *p)
{
	probe_stop(p, SIGKILL, NULL);
	free(p->out);
	p->out = NULL;
	p->len = p->cap = 0;
}

static int probe_exec(const char *node, char *const argv[], bool with_stderr,
		      char **out, int *status, struct azerr *e)
{
	struct probe_proc p;
	int rc;

	*out = NULL;
	if (probe_start(node, argv, with_stderr ? PROBE_STDERR : 0, &p,
			e) < 0)
		return -1;
	while ((rc = probe_read(&p, e)) > 0)
		;
	if (probe_stop(&p, 0, status) < 0 && rc == 0)
		rc = azerr_errno(e, errno, "waiting for %s", argv[0]);
	if (rc < 0) {
		probe_proc_free(&p);
		return -1;
	}
	*out = p.out;
	return 0;
}

int probe_run(const char *node, char *const argv[], char **out,
	      int *status, struct azerr *e)
{
	return probe_exec(node, argv, false, out, status, e);
}

int probe_run_quiet(const char *node, char *const argv[], char **out,
		    int *status, struct azerr *e)
{
	return probe_exec(node, argv, true, out, status, e);
}
