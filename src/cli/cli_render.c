/* SPDX-License-Identifier: ISC */
/* Pictures for the verbs that draw (graph, trace, matrix): their
 * `--svg OUT | --png OUT` option, and Graphviz's dot run on the DOT text
 * a pure writer produces, so that every picture is rendered one way. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

int cli_picture_take(struct cli_args *a, int opt, const char *out,
		     struct cli_picture *p)
{
	if (p->format != NULL)
		return cli_args_fail(a, "one picture at most");
	p->format = opt == CLI_OPT_SVG ? "svg" : "png";
	p->out = out;
	return 0;
}

/* dot's path in $PATH, into buf; false if there is none. */
static bool find_dot(char *buf, size_t len)
{
	const char *path = getenv("PATH");
	char *copy, *save = NULL;
	bool found = false;

	copy = strdup(path != NULL && path[0] != '\0' ? path :
		      "/usr/local/bin:/usr/bin:/bin");
	for (char *d = copy != NULL ? strtok_r(copy, ":", &save) : NULL;
	     d != NULL && !found; d = strtok_r(NULL, ":", &save)) {
		snprintf(buf, len, "%s/dot", d);
		found = access(buf, X_OK) == 0;
	}
	free(copy);
	return found;
}

static int feed_dot(cli_dot_writer write, const void *arg, int fd)
{
	FILE *f = fdopen(fd, "w");
	int rc;

	if (f == NULL) {
		close(fd);
		return -1;
	}
	rc = write(arg, f);
	return fclose(f) == 0 && rc == 0 ? 0 : -1;
}

static int wait_dot(const char *verb, pid_t pid, int fed)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && fed == 0)
		return 0;
	fprintf(stderr, "azlab: %s: dot failed (%s %d)\n", verb,
		WIFEXITED(status) ? "exit status" : "signal",
		WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	return -1;
}

int cli_render(const char *verb, const struct cli_picture *p,
	       cli_dot_writer write, const void *arg)
{
	char dot[PATH_MAX], type[16];
	int fds[2];
	pid_t pid;

	if (!find_dot(dot, sizeof(dot))) {
		fprintf(stderr, "azlab: %s: Graphviz's dot is not installed "
			"(apt install graphviz)\n", verb);
		return -1;
	}
	snprintf(type, sizeof(type), "-T%s", p->format);
	if (pipe2(fds, O_CLOEXEC) < 0) {
		fprintf(stderr, "azlab: %s: pipe: %s\n", verb, strerror(errno));
		return -1;
	}
	if ((pid = fork()) < 0) {
		fprintf(stderr, "azlab: %s: fork: %s\n", verb, strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		char *argv[] = { dot, type, "-o", (char *)p->out, NULL };

		if (dup2(fds[0], STDIN_FILENO) >= 0)
			execv(dot, argv);
		_exit(127);
	}
	close(fds[0]);
	signal(SIGPIPE, SIG_IGN);	/* dot may stop reading: its status says why */
	return wait_dot(verb, pid, feed_dot(write, arg, fds[1]));
}
