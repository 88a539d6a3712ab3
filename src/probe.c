/* Running a probe (traceroute, ping), or another tool (iptables-restore),
 * inside a lab node's namespace, its stdout captured through a pipe:
 * fork, setns, execvp; no shell. */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab.h"
#include "netns.h"
#include "probe.h"

/* The child: default signal state, stdout (and stderr, if merge) on the
 * pipe, stdin from in_fd if not -1, the node's namespace, then the
 * program. Never returns. */
static void probe_child(const char *ns, char *const argv[], int wfd,
			int in_fd, bool merge)
{
	struct azerr e;
	sigset_t all;

	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (dup2(wfd, STDOUT_FILENO) < 0 ||
	    (merge && dup2(wfd, STDERR_FILENO) < 0) ||
	    (in_fd >= 0 && dup2(in_fd, STDIN_FILENO) < 0))
		_exit(126);
	if (netns_enter(ns, &e) < 0) {
		fprintf(stderr, "azlab: %s\n", e.msg);
		_exit(126);
	}
	execvp(argv[0], argv);
	fprintf(stderr, "azlab: %s: %s\n", argv[0], strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

/* The input as a file the child reads from its start: a memory file, not
 * a pipe, so that neither side can block on the other whatever the size,
 * and a child that reads nothing raises no SIGPIPE. */
static int input_fd(const char *input, struct azerr *e)
{
	size_t len = strlen(input), done = 0;
	int fd = memfd_create("azlab-input", MFD_CLOEXEC);

	if (fd < 0)
		return azerr_errno(e, errno, "memfd_create");
	while (done < len) {
		ssize_t n = write(fd, input + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			azerr_errno(e, errno, "writing the input");
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) < 0) {
		azerr_errno(e, errno, "lseek");
		close(fd);
		return -1;
	}
	return fd;
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

int node_cmd_run(const struct node_cmd *c, char **out, int *status,
		 struct azerr *e)
{
	char ns[LAB_NS_NAME_MAX];
	int fds[2], in = -1, rc;
	pid_t pid;

	*out = NULL;
	lab_ns_name(c->node, ns, sizeof(ns));
	if (c->input != NULL && (in = input_fd(c->input, e)) < 0)
		return -1;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		rc = errno;
		if (in >= 0)
			close(in);
		return azerr_errno(e, rc, "pipe");
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0)
		probe_child(ns, c->argv, fds[1], in, c->merge_stderr);
	rc = errno;
	if (in >= 0)
		close(in);
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return azerr_errno(e, rc, "fork");
	}
	rc = read_all(fds[0], out, e);
	close(fds[0]);
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return azerr_errno(e, errno, "waiting for %s",
					   c->argv[0]);
	if (rc < 0) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

int probe_run(const char *node, char *const argv[], char **out,
	      int *status, struct azerr *e)
{
	struct node_cmd c = { .node = node, .argv = argv };

	return node_cmd_run(&c, out, status, e);
}

int probe_run_quiet(const char *node, char *const argv[], char **out,
		    int *status, struct azerr *e)
{
	struct node_cmd c = { .node = node, .argv = argv, .merge_stderr = true };

	return node_cmd_run(&c, out, status, e);
}
