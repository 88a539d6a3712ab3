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

#include "cli.h"
#include "daemon/daemon.h"
#include "core/log.h"
#include "kernel/netns.h"
#include "run/state.h"
#include "proc/supervise.h"

/* A lab may start only on a clean slate: no live daemon, no state left by
 * a dead one, no azlab- namespaces from anything else. */
static int check_no_lab(const char *verb)
{
	struct lab_state st;
	struct azerr e;
	char **names;
	size_t n;
	int rc;

	if (state_daemon_alive()) {
		rc = state_read(&st, &e);
		fprintf(stderr, "azlab: %s: a lab is already running (%s, "
			"daemon pid %ld); run 'azlab down' first\n", verb,
			rc == 0 ? st.lab : "?", rc == 0 ? (long)st.pid : 0L);
		return -1;
	}
	if (state_read(&st, &e) == 0) {
		fprintf(stderr, "azlab: %s: lab %s was left behind by a daemon "
			"that is gone (pid %ld); run 'azlab down' first\n", verb,
			st.lab, (long)st.pid);
		return -1;
	}
	if (netns_list(LAB_NS_PREFIX, &names, &n, &e) == 0) {
		if (n > 0)
			fprintf(stderr, "azlab: %s: %zu namespaces named "
				LAB_NS_PREFIX "* exist (%s, ...); run 'azlab "
				"down' first\n", verb, n, names[0]);
		netns_names_free(names);
		if (n > 0)
			return -1;
	}
	return 0;
}

/* "DONE TOTAL WHAT" as "[DONE/TOTAL] WHAT", or WHAT alone when TOTAL is
 * 0, on one line that the next one overwrites. */
static void progress_show(const char *p)
{
	unsigned long done, total;
	int at = 0;

	if (sscanf(p, "%lu %lu %n", &done, &total, &at) != 2 || at == 0)
		fprintf(stderr, "\r\033[K%s", p);
	else if (total == 0)
		fprintf(stderr, "\r\033[K%s", p + at);
	else
		fprintf(stderr, "\r\033[K[%lu/%lu] %s", done, total, p + at);
}

/* Reads the daemon's progress lines ("P" progress, "N" a notice for the
 * user) until OK or E (or the pipe closes). */
static int follow_progress(int fd, bool quiet, double t0)
{
	bool tty = !quiet && isatty(STDERR_FILENO);
	char line[1024];
	FILE *in = fdopen(fd, "r");
	int rc = 1;

	if (in == NULL)
		return 1;
	while (fgets(line, sizeof(line), in) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "P ", 2) == 0) {
			if (tty)
				progress_show(line + 2);
			continue;
		}
		if (tty)
			fputs("\r\033[K", stderr);
		if (strncmp(line, "N ", 2) == 0) {	/* a notice */
			if (!quiet)
				fprintf(stderr, "azlab: %s\n", line + 2);
			continue;
		}
		if (strncmp(line, "OK ", 3) == 0) {
			if (!quiet)
				printf("%s (%.2f s)\n", line + 3,
				       sup_now_ms() / 1000.0 - t0);
			rc = 0;
		} else if (strncmp(line, "E ", 2) == 0) {
			fprintf(stderr, "azlab: up: %s\n", line + 2);
		}
		break;
	}
	if (rc != 0 && feof(in))
		fprintf(stderr, "azlab: up: the daemon died while building "
			"the lab; run 'azlab down' to clean up\n");
	fclose(in);
	return rc;
}

static void daemon_detach(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	setsid();
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
	mkdir(AZLAB_LOG_DIR, 0750);
	log_init(LOG_TO_FILE, AZLAB_LOG);
	log_set_verbose(getenv("AZLAB_DEBUG") != NULL);
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
		daemon_detach();
		_exit(daemon_run(lab, pfd[1]));
	}
	close(pfd[1]);
	lab_free(lab);
	rc = follow_progress(pfd[0], quiet, t0);
	if (rc != 0)
		reap_daemon(pid);
	return rc;
}

/* The common start of up and daemon: arguments, a valid lab, root, and
 * a clean slate. Returns the exit status to give, or CLI_GO_ON. */
static int prepare_start(const char *verb, int argc, char **argv,
			 struct lab **lab, bool *quiet)
{
	static const struct option opts[] = {
		CLI_OPTION_QUIET,
		{ NULL, 0, NULL, 0 },
	};
	const char *file;
	int rc = cli_file_args(verb, opts, argc, argv, &file, quiet);

	*lab = NULL;
	if (rc != CLI_GO_ON)
		return rc;
	*lab = cli_load_lab(file);
	if (*lab == NULL)
		return 1;
	if (cli_need_root(verb) < 0 || check_no_lab(verb) < 0) {
		lab_free(*lab);
		return 1;
	}
	return CLI_GO_ON;
}

int cli_up(int argc, char **argv)
{
	struct lab *lab;
	bool quiet;
	int rc = prepare_start("up", argc, argv, &lab, &quiet);

	return rc >= 0 ? rc : start_daemon(lab, quiet);
}

int cli_daemon(int argc, char **argv)
{
	struct lab *lab;
	bool quiet;
	int rc = prepare_start("daemon", argc, argv, &lab, &quiet);

	if (rc >= 0)
		return rc;
	log_init(LOG_TO_STDERR, NULL);
	log_set_verbose(true);
	return daemon_run(lab, -1);
}
