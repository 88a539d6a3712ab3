/* Running a probe (traceroute, ping) inside a lab node's namespace, its
 * stdout captured through a pipe: fork, setns, execvp; no shell. */
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

/* Everything rfd gives until EOF, into a malloc'd string. */
static int read_all(int rfd, char **out, struct azerr *e)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap), *grown;
	ssize_t n;

	while (buf != NULL) {
		if (cap - len < 1024) {
			grown = realloc(buf, cap * 2);
			if (grown == NULL)
				break;
			buf = grown;
			cap *= 2;
		}
		n = read(rfd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			buf[len] = '\0';
			*out = buf;
			return n < 0 ? azerr_errno(e, errno, "reading output")
				     : 0;
		}
		len += (size_t)n;
	}
	free(buf);
	return azerr_set(e, "out of memory");
}

static int probe_exec(const char *node, char *const argv[], bool with_stderr,
		      char **out, int *status, struct azerr *e)
{
	char ns[LAB_NS_NAME_MAX];
	int fds[2], rc;
	pid_t pid;

	*out = NULL;
	lab_ns_name(node, ns, sizeof(ns));
	if (pipe2(fds, O_CLOEXEC) < 0)
		return azerr_errno(e, errno, "pipe");
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		rc = errno;
		close(fds[0]);
		close(fds[1]);
		return azerr_errno(e, rc, "fork");
	}
	if (pid == 0)
		probe_child(ns, argv, fds[1], with_stderr);
	close(fds[1]);
	rc = read_all(fds[0], out, e);
	close(fds[0]);
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return azerr_errno(e, errno, "waiting for %s", argv[0]);
	if (rc < 0) {
		free(*out);
		*out = NULL;
	}
	return rc;
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
