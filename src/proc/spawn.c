/* SPDX-License-Identifier: ISC */
/* The child of fork may call only async-signal-safe functions until it
 * execs: in a caller with threads, another thread may have held
 * malloc's or stdio's lock at the fork, and the child would wait for it
 * forever. The daemon has none when it spawns today; nothing here
 * relies on that. So the parent opens the namespace and words the
 * messages; the child makes system calls and copies bytes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernel/netns.h"
#include "spawn.h"

extern char **environ;

/* What the child tells the parent when it cannot exec. */
struct spawn_fail {
	int err;
	char what[256];
};

/* Everything the child needs, made before fork. */
struct spawn_plan {
	const struct spawn_opts *o;
	int ns_fd;		/* o->netns opened, or -1 */
	char ns_what[256];	/* "entering namespace <name>" */
	int fail_fd;		/* close-on-exec: the parent reads it */
	pid_t parent;
};

/* strlcpy, by hand: snprintf is not async-signal-safe. */
static void str_copy(char *dst, size_t len, const char *src)
{
	size_t n = strnlen(src, len - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void child_fail(int fd, int err, const char *what)
{
	struct spawn_fail f = { .err = err };

	str_copy(f.what, sizeof(f.what), what);
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
	size_t n = strlen(path);

	if (n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, n + 1);
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

/* "/proc/self/fd/<fd>" into buf, digits by hand (no snprintf). */
static void fd_path(char buf[32], int fd)
{
	static const char pre[] = "/proc/self/fd/";
	char digits[12];
	size_t n = 0, at = sizeof(pre) - 1;

	do
		digits[n++] = (char)('0' + fd % 10);
	while ((fd /= 10) > 0);
	memcpy(buf, pre, at);
	while (n > 0)
		buf[at++] = digits[--n];
	buf[at] = '\0';
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
	char fdpath[32];
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
	fd_path(fdpath, fd);
	if (mkdirs(bind) < 0 || mount(fdpath, bind, NULL, MS_BIND, NULL) < 0)
		return -1;
	close(fd);
	return 0;
}

/* a + "/" + b into buf, by hand (no snprintf after fork); -1 if too
 * long. */
static int path_join(char buf[PATH_MAX], const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la + 1 + lb >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, a, la);
	buf[la] = '/';
	memcpy(buf + la + 1, b, lb + 1);
	return 0;
}

/* A namespace's file bound into the view; from: the hidden directory's
 * handle. */
static int view_bind(int from, const char *name)
{
	char dir[32], src[PATH_MAX], dst[PATH_MAX];
	int file;

	fd_path(dir, from);
	if (path_join(src, dir, name) < 0 ||
	    path_join(dst, NETNS_RUN_DIR, name) < 0)
		return -1;
	file = open(dst, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
	if (file < 0)
		return -1;
	close(file);
	return mount(src, dst, NULL, MS_BIND, NULL);
}

/* As child_private_run, but over /run/netns only: a tmpfs there, and
 * bound back into it from the hidden directory (read through a handle
 * taken before the tmpfs hides it) each namespace the view shows. The
 * directory is read with getdents64, not readdir: after fork in a
 * process that may have threads, malloc is not safe. */
static int child_netns_view(const char *prefix, const char *own,
			    const char **what)
{
	/* what may name an entry: past the return; entries are 8-aligned */
	static char buf[8192] __attribute__((aligned(8)));
	long n;
	int fd;

	*what = "private /run/netns";
	if (unshare(CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0 ||
	    (fd = open(NETNS_RUN_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	if (mount("tmpfs", NETNS_RUN_DIR, "tmpfs", MS_NOSUID | MS_NODEV |
		  MS_NOEXEC, "mode=0755") < 0)
		return -1;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long at = 0; at < n;) {
			struct dirent64 *de = (struct dirent64 *)(buf + at);

			at += de->d_reclen;
			if (strncmp(de->d_name, prefix, strlen(prefix)) != 0 ||
			    (own != NULL && strcmp(de->d_name, own) == 0))
				continue;
			*what = de->d_name;
			if (view_bind(fd, de->d_name) < 0)
				return -1;
		}
	}
	return n < 0 ? -1 : 0;	/* fd closes at execve */
}

static void child_run(const struct spawn_plan *p)
{
	const struct spawn_opts *o = p->o;
	const char *log = o->log != NULL ? o->log : "/dev/null";
	const char *what;
	int null_fd, log_fd, fail_fd = p->fail_fd;

	/* files first: later the mount namespace may hide them */
	null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	log_fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (null_fd < 0 || log_fd < 0)
		child_fail(fail_fd, errno, log);
	child_signals();
	if (o->foreground && prctl(PR_SET_PDEATHSIG, SIGTERM) < 0)
		child_fail(fail_fd, errno, "PR_SET_PDEATHSIG");
	/* the parent died before prctl: then the signal never comes */
	if (o->foreground && getppid() != p->parent)
		child_fail(fail_fd, ESRCH, "parent");
	setpgid(0, 0);	/* a terminal's ^C is for the daemon, not for FRR */
	if (o->nofile > 0 &&
	    setrlimit(RLIMIT_NOFILE, &(struct rlimit){ o->nofile,
						       o->nofile }) < 0)
		child_fail(fail_fd, errno, "RLIMIT_NOFILE");
	if (p->ns_fd >= 0 && setns(p->ns_fd, CLONE_NEWNET) < 0)
		child_fail(fail_fd, errno, p->ns_what);
	if (o->hostname != NULL &&
	    (unshare(CLONE_NEWUTS) < 0 ||
	     sethostname(o->hostname, strlen(o->hostname)) < 0))
		child_fail(fail_fd, errno, "UTS namespace");
	if (o->private_run && child_private_run(o->run_bind, &what) < 0)
		child_fail(fail_fd, errno, what);
	if (o->netns_view != NULL &&
	    child_netns_view(o->netns_view, o->netns, &what) < 0)
		child_fail(fail_fd, errno, what);
	if (!o->foreground &&
	    (dup2(null_fd, STDIN_FILENO) < 0 ||
	     dup2(log_fd, STDOUT_FILENO) < 0 ||
	     dup2(log_fd, STDERR_FILENO) < 0))
		child_fail(fail_fd, errno, "dup2");
	execve(o->argv[0], o->argv, o->envp != NULL ? o->envp : environ);
	child_fail(fail_fd, errno, o->argv[0]);
}

/* Reads the child's report: end of file when execve closed the pipe
 * (returns 0: the program runs), else why it could not. */
static int child_report(int fd, const struct spawn_opts *o, pid_t pid,
			struct azerr *e)
{
	struct spawn_fail f;
	ssize_t n;

	do
		n = read(fd, &f, sizeof(f));
	while (n < 0 && errno == EINTR);
	if (n == 0)
		return 0;
	waitpid(pid, NULL, 0);
	if (n != (ssize_t)sizeof(f))
		return azerr_set(e, "starting %s: the child died", o->argv[0]);
	if (f.err == 0)
		return azerr_set(e, "%s", f.what);
	return azerr_errno(e, f.err, "%s", f.what);
}

pid_t spawn(const struct spawn_opts *o, struct azerr *e)
{
	struct spawn_plan p = { .o = o, .ns_fd = -1, .parent = getpid() };
	int pfd[2], rc;
	pid_t pid;

	if (o->netns != NULL) {
		if ((p.ns_fd = netns_open(o->netns, e)) < 0)
			return -1;
		snprintf(p.ns_what, sizeof(p.ns_what), "entering namespace %s",
			 o->netns);
	}
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		rc = azerr_errno(e, errno, "pipe");
		if (p.ns_fd >= 0)
			close(p.ns_fd);
		return rc;
	}
	p.fail_fd = pfd[1];
	if ((pid = fork()) == 0)
		child_run(&p);
	rc = pid < 0 ? azerr_errno(e, errno, "fork") : 0;
	close(pfd[1]);
	if (p.ns_fd >= 0)
		close(p.ns_fd);
	if (rc == 0)
		rc = child_report(pfd[0], o, pid, e);
	close(pfd[0]);
	return rc < 0 ? -1 : pid;
}
