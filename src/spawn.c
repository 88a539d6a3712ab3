#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netns.h"
#include "spawn.h"

extern char **environ;

/* What the child tells the parent when it cannot exec. */
struct spawn_fail {
	int err;
	char what[256];	/* with err 0: the whole message */
};

static void child_fail(int fd, int err, const char *what)
{
	struct spawn_fail f = { .err = err };

	snprintf(f.what, sizeof(f.what), "%s", what);
	if (write(fd, &f, sizeof(f)) < 0)
		_exit(126);
	_exit(127);
}

/* The daemon blocks the signals it reads from its signalfd and ignores
 * SIGPIPE; a child must start with neither. */
static void child_signals(void)
{
	sigset_t none;

	sigemptyset(&none);
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* mkdir -p of an absolute path (in the child's fresh tmpfs). */
static int mkdirs(const char *path)
{
	char buf[PATH_MAX];

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

/* Slave propagation keeps the host's later mounts visible inside while
 * our own /run stays private to the child; nothing mounted here
 * propagates out, and every mount goes with the namespace when the
 * child (its only member) exits: nothing is left to unmount.
 * The bound directory is opened after unshare (a bind's source must be
 * a mount of the caller's own namespace) and before the tmpfs hides it,
 * then bound back from that handle (/proc/self/fd/N names the directory
 * itself, hidden or not). */
static int child_private_run(const char *bind, const char **what)
{
	char fdpath[64];
	int fd = -1;

	*what = "private /run";
	if (unshare(CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
		return -1;
	if (bind != NULL &&
	    (fd = open(bind, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
		*what = bind;
		return -1;
	}
	if (mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV,
		  "mode=0755") < 0)
		return -1;
	if (fd < 0)
		return 0;
	*what = bind;
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
	if (mkdirs(bind) < 0 || mount(fdpath, bind, NULL, MS_BIND, NULL) < 0)
		return -1;
	close(fd);
	return 0;
}

static void child_run(const struct spawn_opts *o, int fail_fd)
{
	const char *log = o->log != NULL ? o->log : "/dev/null";
	const char *what;
	struct azerr e;
	int null_fd, log_fd;

	/* files first: later the mount namespace may hide them */
	null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	log_fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (null_fd < 0 || log_fd < 0)
		child_fail(fail_fd, errno, log);
	child_signals();
	setpgid(0, 0);	/* a terminal's ^C is for the daemon, not for FRR */
	if (o->netns != NULL && netns_enter(o->netns, &e) < 0)
		child_fail(fail_fd, 0, e.msg);
	if (o->hostname != NULL &&
	    (unshare(CLONE_NEWUTS) < 0 ||
	     sethostname(o->hostname, strlen(o->hostname)) < 0))
		child_fail(fail_fd, errno, "UTS namespace");
	if (o->private_run && child_private_run(o->run_bind, &what) < 0)
		child_fail(fail_fd, errno, what);
	if (dup2(null_fd, STDIN_FILENO) < 0 ||
	    dup2(log_fd, STDOUT_FILENO) < 0 ||
	    dup2(log_fd, STDERR_FILENO) < 0)
		child_fail(fail_fd, errno, "dup2");
	execve(o->argv[0], o->argv, o->envp != NULL ? o->envp : environ);
	child_fail(fail_fd, errno, o->argv[0]);
}

pid_t spawn(const struct spawn_opts *o, struct azerr *e)
{
	struct spawn_fail f;
	int pfd[2];
	ssize_t n;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return azerr_errno(e, errno, "pipe");
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return azerr_errno(e, errno, "fork");
	}
	if (pid == 0) {
		close(pfd[0]);
		child_run(o, pfd[1]);
	}
	close(pfd[1]);
	/* end of file: execve closed the pipe, the program runs */
	do
		n = read(pfd[0], &f, sizeof(f));
	while (n < 0 && errno == EINTR);
	close(pfd[0]);
	if (n == 0)
		return pid;
	waitpid(pid, NULL, 0);
	if (n != (ssize_t)sizeof(f))
		return azerr_set(e, "starting %s: the child died", o->argv[0]);
	if (f.err == 0)
		return azerr_set(e, "%s", f.what);
	return azerr_errno(e, f.err, "%s", f.what);
}
