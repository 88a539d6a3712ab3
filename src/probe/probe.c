/* SPDX-License-Identifier: ISC */
/* Running a probe (traceroute, ping), or another tool (iptables-restore),
 * inside a lab node's namespace, its stdout captured through a pipe:
 * fork, setns, execve; no shell. Either to its end (node_cmd_run), or
 * left running and read as it goes (node_cmd_start: the drill's ping).
 *
 * verify and matrix run probes from several threads at once: the child
 * of such a fork may call only async-signal-safe functions until it
 * execs (another thread may have held malloc's or stdio's lock at the
 * fork). So the parent does everything that allocates or formats: it
 * opens the namespace, finds the program in PATH (execvp would search
 * with malloc), and writes the message of a child that could not run
 * it, which reports only a step and an errno. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <sys/mman.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/lab.h"
#include "kernel/netns.h"
#include "probe.h"
#include "core/grow.h"

extern char **environ;

/* The step a child failed at, and why: sent to the parent through a
 * close-on-exec pipe, which exec closes silently. */
enum child_step { STEP_STDIO, STEP_NETNS, STEP_EXEC };

struct child_fail {
	int step;		/* enum child_step */
	int err;		/* errno */
};

/* Everything the child needs, made ready before fork. */
struct child_plan {
	char *const *argv;
	const char *path;	/* argv[0] found in PATH; NULL: not found */
	int path_err;		/* then why: ENOENT or EACCES */
	char ns[LAB_NS_NAME_MAX];	/* "": the caller's namespace */
	int ns_fd;		/* open on /run/netns/<ns>, or -1 */
	int out_fd;		/* the pipe's write end */
	int in_fd;		/* stdin, or -1: ours */
	bool merge;		/* stderr on the pipe too */
	int fail_fd;		/* the write end of the report pipe */
};

/* Tells the parent and exits as a shell would: 127 for a program that
 * is not there, 126 for anything else. */
static void child_fail(const struct child_plan *c, int step, int err)
{
	struct child_fail f = { .step = step, .err = err };

	if (write(c->fail_fd, &f, sizeof(f)) < 0)
		_exit(126);
	_exit(step == STEP_EXEC && err == ENOENT ? 127 : 126);
}

/* The child: default signal state, stdout (and stderr, if merge) on the
 * pipe, stdin from in_fd if not -1, the node's namespace, then the
 * program. Only async-signal-safe calls. Never returns. */
static void probe_child(const struct child_plan *c)
{
	sigset_t all;

	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (dup2(c->out_fd, STDOUT_FILENO) < 0 ||
	    (c->merge && dup2(c->out_fd, STDERR_FILENO) < 0) ||
	    (c->in_fd >= 0 && dup2(c->in_fd, STDIN_FILENO) < 0))
		child_fail(c, STEP_STDIO, errno);
	if (c->ns_fd >= 0 && setns(c->ns_fd, CLONE_NEWNET) < 0)
		child_fail(c, STEP_NETNS, errno);
	if (c->path == NULL)
		child_fail(c, STEP_EXEC, c->path_err);
	execve(c->path, c->argv, environ);
	child_fail(c, STEP_EXEC, errno);
}

/* name as execvp would find it (a name with a '/' is taken as it is;
 * no PATH: glibc's default). 0 with the path in buf, or ENOENT, or
 * EACCES when only files we may not run have the name. Unlike execvp,
 * a file without #! is not retried with /bin/sh: the tools are
 * programs. */
static int find_program(const char *name, char *buf, size_t len)
{
	const char *dirs = getenv("PATH"), *d, *end;
	int err = ENOENT, n;
	struct stat st;

	if (strchr(name, '/') != NULL)
		return snprintf(buf, len, "%s", name) < (int)len ? 0 :
		       ENAMETOOLONG;
	if (name[0] == '\0')
		return ENOENT;
	for (d = dirs != NULL ? dirs : "/bin:/usr/bin";; d = end + 1) {
		end = strchrnul(d, ':');
		/* an empty element is the current directory */
		n = snprintf(buf, len, "%.*s%s%s", (int)(end - d), d,
			     end > d ? "/" : "", name);
		if (n < (int)len && stat(buf, &st) == 0 &&
		    S_ISREG(st.st_mode)) {
			if (faccessat(AT_FDCWD, buf, X_OK, AT_EACCESS) == 0)
				return 0;
			err = EACCES;
		}
		if (*end == '\0')
			return err;
	}
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

/* Room for one more read of at least 1 KiB, and the NUL after it; 4 KiB
 * at first, as out_append() cuts what it adds to the room there is. */
static int out_reserve(struct probe_proc *p)
{
	size_t want = p->len + 1024;

	return grow(&p->out, &p->cap, want < 4096 ? 4096 : want, 1);
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

/* The child's plan: the namespace open, the program found, the input
 * in a file. 0, or -1 with e set. */
static int plan_make(const struct node_cmd *c, struct child_plan *plan,
		     char *path, size_t len, struct azerr *e)
{
	if (c->node != NULL) {
		lab_ns_name(c->node, plan->ns, sizeof(plan->ns));
		if ((plan->ns_fd = netns_open(plan->ns, e)) < 0)
			return -1;
	}
	plan->path_err = find_program(c->argv[0], path, len);
	plan->path = plan->path_err == 0 ? path : NULL;
	if (c->input != NULL && (plan->in_fd = input_fd(c->input, e)) < 0)
		return -1;
	return 0;
}

/* The text at the end of the output, as if the program had printed it. */
static void out_append(struct probe_proc *p, const char *text)
{
	size_t n = strlen(text);

	if (out_reserve(p) < 0)
		return;
	if (n >= p->cap - p->len)
		n = p->cap - p->len - 1;
	memcpy(p->out + p->len, text, n);
	p->len += n;
	p->out[p->len] = '\0';
}

/* Waits for the child to exec (its end of fd closes) or to report why
 * it could not; the message it could not write goes where its stderr
 * went: into the output if merged, else on ours, which it shares. */
static void child_report(const struct child_plan *c, int fd,
			 struct probe_proc *p)
{
	struct child_fail f;
	char msg[512];
	ssize_t n;

	do
		n = read(fd, &f, sizeof(f));
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(f))
		return;
	if (f.step == STEP_NETNS)
		snprintf(msg, sizeof(msg), "azlab: entering namespace %s: "
			 "%s\n", c->ns, strerror(f.err));
	else if (f.step == STEP_STDIO)
		snprintf(msg, sizeof(msg), "azlab: redirecting %s's standard "
			 "streams: %s\n", c->argv[0], strerror(f.err));
	else
		snprintf(msg, sizeof(msg), "azlab: %s: %s\n", c->argv[0],
			 strerror(f.err));
	if (c->merge)
		out_append(p, msg);
	else
		fputs(msg, stderr);
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static int start(const struct node_cmd *c, bool nonblock,
		 struct probe_proc *p, struct azerr *e)
{
	struct child_plan plan = { .argv = c->argv, .ns_fd = -1,
				   .in_fd = -1, .merge = c->merge_stderr };
	int fds[2] = { -1, -1 }, fail[2] = { -1, -1 }, rc = -1;
	char path[PATH_MAX];

	memset(p, 0, sizeof(*p));
	p->fd = -1;
	if (out_reserve(p) < 0)
		return azerr_set(e, "out of memory");
	p->out[0] = '\0';
	if (plan_make(c, &plan, path, sizeof(path), e) < 0)
		goto out;
	if (pipe2(fds, O_CLOEXEC) < 0 || pipe2(fail, O_CLOEXEC) < 0) {
		azerr_errno(e, errno, "pipe");
		goto out;
	}
	plan.out_fd = fds[1];
	plan.fail_fd = fail[1];
	fflush(NULL);
	if ((p->pid = fork()) == 0)
		probe_child(&plan);
	if (p->pid < 0) {
		azerr_errno(e, errno, "fork");
		goto out;
	}
	close_fd(&fail[1]);
	child_report(&plan, fail[0], p);
	p->fd = fds[0];
	fds[0] = -1;
	if (nonblock && fcntl(p->fd, F_SETFL, O_NONBLOCK) < 0)
		azerr_errno(e, errno, "pipe");
	else
		rc = 0;
out:
	close_fd(&plan.ns_fd);
	close_fd(&plan.in_fd);
	close_fd(&fds[0]);
	close_fd(&fds[1]);
	close_fd(&fail[0]);
	close_fd(&fail[1]);
	if (rc < 0)
		probe_proc_free(p);
	return rc;
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
