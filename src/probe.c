/* Running a probe (traceroute, ping), or another tool (iptables-restore),
 * inside a lab node's namespace, its stdout captured through a pipe:
 * fork, setns, execvp; no shell. Either to its end (node_cmd_run), or
 * left running and read as it goes (node_cmd_start: the drill's ping). */
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

static int start(const struct node_cmd *c, bool nonblock,
		 struct probe_proc *p, struct azerr *e)
{
	char ns[LAB_NS_NAME_MAX];
	int fds[2], in = -1, rc;

	memset(p, 0, sizeof(*p));
	p->fd = -1;
	lab_ns_name(c->node, ns, sizeof(ns));
	if (out_reserve(p) < 0)
		return azerr_set(e, "out of memory");
	p->out[0] = '\0';
	if (c->input != NULL && (in = input_fd(c->input, e)) < 0) {
		probe_proc_free(p);
		return -1;
	}
	if (pipe2(fds, O_CLOEXEC) < 0) {
		rc = azerr_errno(e, errno, "pipe");
		if (in >= 0)
			close(in);
		probe_proc_free(p);
		return rc;
	}
	fflush(NULL);
	p->pid = fork();
	if (p->pid == 0)
		probe_child(ns, c->argv, fds[1], in, c->merge_stderr);
	rc = errno;
	if (in >= 0)
		close(in);
	close(fds[1]);
	p->fd = fds[0];
	if (p->pid < 0) {
		probe_proc_free(p);
		return azerr_errno(e, rc, "fork");
	}
	if (nonblock && fcntl(p->fd, F_SETFL, O_NONBLOCK) < 0) {
		rc = azerr_errno(e, errno, "pipe");
		probe_proc_free(p);
		return rc;
	}
	return 0;
}

int node_cmd_start(const struct node_cmd *c, struct probe_proc *p,
		   struct azerr *e)
{
	return start(c, true, p, e);
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

int node_cmd_run(const struct node_cmd *c, char **out, int *status,
		 struct azerr *e)
{
	struct probe_proc p;
	int rc;

	*out = NULL;
	if (start(c, false, &p, e) < 0)
		return -1;
	while ((rc = probe_read(&p, e)) > 0)
		;
	if (probe_stop(&p, 0, status) < 0 && rc == 0)
		rc = azerr_errno(e, errno, "waiting for %s", c->argv[0]);
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
	struct node_cmd c = { .node = node, .argv = argv };

	return node_cmd_run(&c, out, status, e);
}

int probe_run_quiet(const char *node, char *const argv[], char **out,
		    int *status, struct azerr *e)
{
	struct node_cmd c = { .node = node, .argv = argv, .merge_stderr = true };

	return node_cmd_run(&c, out, status, e);
}
