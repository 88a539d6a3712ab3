/* SPDX-License-Identifier: ISC */
/* azlab up / azlab daemon: check that no lab is there, then hand the
 * parsed lab to a daemon process and follow its progress. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/instance.h"
#include "cli.h"
#include "frr/frr_shared.h"
#include "daemon/daemon.h"
#include "core/log.h"
#include "kernel/netns.h"
#include "kernel/nl.h"
#include "run/progress.h"
#include "run/state.h"
#include "proc/supervise.h"

/* A lab may start only on a clean slate: no live daemon, no state left by
 * a dead one, no namespaces of this instance's prefix from anything
 * else. */
static int check_no_lab(const char *verb)
{
	struct lab_state st;
	struct azerr e;
	char **names;
	size_t n;

	if (state_daemon_alive()) {
		bool found = state_read(&st, &e) == STATE_FOUND;

		fprintf(stderr, "azlab: %s: a lab is already running (%s, "
			"daemon pid %ld); run 'azlab down' first\n", verb,
			found ? st.lab : "?", found ? (long)st.pid : 0L);
		return -1;
	}
	if (state_read(&st, &e) == STATE_FOUND) {
		fprintf(stderr, "azlab: %s: lab %s was left behind by a daemon "
			"that is gone (pid %ld); run 'azlab down' first\n", verb,
			st.lab, (long)st.pid);
		return -1;
	}
	if (netns_list(instance_ns_prefix(), &names, &n, &e) == 0) {
		if (n > 0)
			fprintf(stderr, "azlab: %s: %zu namespaces named "
				"%s* exist (%s, ...); run 'azlab down' "
				"first\n", verb, n, instance_ns_prefix(),
				names[0]);
		netns_names_free(names);
		if (n > 0)
			return -1;
	}
	return 0;
}

/* "[DONE/TOTAL] WHAT", or WHAT alone with no count, on one line that
 * the next one overwrites. */
static void progress_show(const struct progress_msg *m)
{
	if (m->total == 0)
		fprintf(stderr, "\r\033[K%s", m->text);
	else
		fprintf(stderr, "\r\033[K[%zu/%zu] %s", m->done, m->total,
			m->text);
}

struct follow {
	bool quiet;
	bool tty;	/* steps are shown, overwriting each other */
	double t0;
	int rc;		/* 0 once the lab is up */
};

/* One message from the daemon; false once up has its answer. */
static bool follow_msg(struct follow *f, const struct progress_msg *m)
{
	if (m->kind != PROGRESS_STEP && f->tty)
		fputs("\r\033[K", stderr);
	switch (m->kind) {
	case PROGRESS_STEP:
		if (f->tty)
			progress_show(m);
		return true;
	case PROGRESS_NOTICE:
		if (!f->quiet)
			fprintf(stderr, "azlab: %s\n", m->text);
		return true;
	case PROGRESS_OK:
		if (!f->quiet)
			printf("%s (%.2f s)\n", m->text,
			       sup_now_ms() / 1000.0 - f->t0);
		f->rc = 0;
		return false;
	case PROGRESS_ERROR:
		fprintf(stderr, "azlab: up: %s\n", m->text);
		return false;
	}
	return false;
}

/* Follows the daemon's progress lines until OK or E (or the pipe
 * closes); returns the exit status of up. */
static int follow_progress(int fd, bool quiet, double t0)
{
	struct follow f = { quiet, !quiet && isatty(STDERR_FILENO), t0, 1 };
	struct progress_reader r;
	struct progress_msg m;
	enum progress_read got;

	progress_reader_init(&r);
	do
		got = progress_read(&r, fd, &m);
	while (got == PROGRESS_AGAIN ||
	       (got == PROGRESS_GOT && follow_msg(&f, &m)));
	if (got == PROGRESS_MALFORMED && f.tty)	/* no half-drawn step left */
		fputs("\r\033[K", stderr);
	if (got == PROGRESS_CLOSED)
		fprintf(stderr, "azlab: up: the daemon died while building "
			"the lab; run 'azlab down' to clean up\n");
	close(fd);
	return f.rc;
}

/* Closes every descriptor from 3 up but keep; close_range where the
 * kernel has it (5.9), else one by one. */
static void close_all_but(int keep)
{
	if ((keep <= 3 || close_range(3, (unsigned)keep - 1, 0) == 0) &&
	    close_range((unsigned)keep + 1, ~0U, 0) == 0)
		return;
	for (int fd = 3; fd < 1024; fd++)
		if (fd != keep)
			close(fd);
}

/* The daemon outlives its caller: it keeps none of the caller's
 * descriptors but the progress pipe (a script's lock held by a leaked
 * descriptor would be held for the lab's whole life). Returns the pipe's
 * descriptor, moved above stdio if the caller had stdio closed. */
static int daemon_detach(int progress_fd)
{
	int fd = progress_fd <= STDERR_FILENO ?
		 fcntl(progress_fd, F_DUPFD_CLOEXEC, 3) : progress_fd;

	if (fd > STDERR_FILENO)
		progress_fd = fd;
	close_all_but(progress_fd);
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	setsid();
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
	mkdir(instance_log_dir(), 0750);
	log_init(LOG_TO_FILE, instance_log_file());
	log_set_verbose(getenv("AZLAB_DEBUG") != NULL);
	return progress_fd;
}

/* A daemon that failed `up` has torn the lab down and exits: reap it,
 * so that `up` leaves no process behind, not even a dead one. */
static void reap_daemon(pid_t pid)
{
	for (int i = 0; i < 500; i++) {
		struct timespec ts = { 0, 10000000L };
		pid_t r = waitpid(pid, NULL, WNOHANG);

		if (r == pid || (r < 0 && errno != EINTR))
			return;
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static int start_daemon(struct lab *lab, bool quiet)
{
	double t0 = sup_now_ms() / 1000.0;
	int pfd[2], rc;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0) {
		fprintf(stderr, "azlab: up: pipe: %s\n", strerror(errno));
		lab_free(lab);
		return 1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "azlab: up: fork: %s\n", strerror(errno));
		lab_free(lab);
		return 1;
	}
	if (pid == 0) {
		close(pfd[0]);
		_exit(daemon_run(lab, daemon_detach(pfd[1])));
	}
	close(pfd[1]);
	lab_free(lab);
	rc = follow_progress(pfd[0], quiet, t0);
	if (rc != 0)
		reap_daemon(pid);
	return rc;
}

/* The common start of up and daemon: arguments, a valid lab, root, and
 * a clean slate. False if the lab may not start: *status is the exit
 * status to give. */
static bool ifaces_have(const struct nl_iface *ifs, size_t n,
			const struct prefix *a)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < ifs[i].n_addrs; k++)
			if (prefix_same_addr(&ifs[i].addrs[k], a))
				return true;
	return false;
}

/* The VXLANs are made here, from this namespace: their local end must be
 * one of its addresses, or every frame would leave from another. */
static int check_underlay_here(const char *verb, const struct lab *lab)
{
	char a[PREFIX_STRLEN];
	struct nl_iface *ifs;
	struct nl_sock *s;
	struct azerr e;
	size_t n;
	bool found;

	if (lab->here == NULL)
		return 0;
	if ((s = nl_open(-1, &e)) == NULL ||
	    nl_dump_ifaces(s, &ifs, &n, &e) < 0) {
		nl_close(s);
		fprintf(stderr, "azlab: %s: reading this machine's addresses: "
			"%s\n", verb, e.msg);
		return -1;
	}
	nl_close(s);
	found = ifaces_have(ifs, n, &lab->here->underlay);
	nl_ifaces_free(ifs, n);
	if (found)
		return 0;
	fprintf(stderr, "azlab: %s: %s:%u:%u: host %s's underlay %s is not an "
		"address of this machine (of the network namespace azlab "
		"runs in)\n", verb, lab->file, lab->here->pos.line,
		lab->here->pos.col, lab->here->name,
		addr_fmt(&lab->here->underlay, a));
	return -1;
}

/* A shared FRR's files joined before anything is built: a line of
 * another daemon's is the file's error, not a half-built lab's. */
static int check_frr_shared(const char *verb, const struct lab *lab)
{
	struct azerr e;

	if (frr_shared_check(lab, NULL, &e) == 0)
		return 0;
	fprintf(stderr, "azlab: %s: %s\n", verb, e.msg);
	return -1;
}

static bool prepare_start(const char *verb, int argc, char **argv,
			  struct lab **lab, bool *quiet, int *status)
{
	static const struct option quiet_opt[] = { CLI_OPTION_QUIET };
	const char *file, *host;

	*lab = NULL;
	*status = cli_file_host_args(verb, quiet_opt, argc, argv, &file,
				     quiet, &host);
	if (*status != CLI_GO_ON)
		return false;
	*status = 1;
	if ((*lab = cli_load_share(verb, file, host)) == NULL)
		return false;
	if (cli_need_root(verb) < 0 || check_no_lab(verb) < 0 ||
	    check_underlay_here(verb, *lab) < 0 ||
	    check_frr_shared(verb, *lab) < 0) {
		lab_free(*lab);
		return false;
	}
	cli_warn_neigh(stderr, verb, *lab, (*lab)->here, cli_host_sysctl);
	return true;
}

int cli_up(int argc, char **argv)
{
	struct lab *lab;
	bool quiet;
	int status;

	if (!prepare_start("up", argc, argv, &lab, &quiet, &status))
		return status;
	return start_daemon(lab, quiet);
}

int cli_daemon(int argc, char **argv)
{
	struct lab *lab;
	bool quiet;
	int status;

	if (!prepare_start("daemon", argc, argv, &lab, &quiet, &status))
		return status;
	log_init(LOG_TO_STDERR, NULL);
	log_set_verbose(true);
	return daemon_run(lab, DAEMON_FOREGROUND);
}
