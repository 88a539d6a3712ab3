/* `azlab graph [FILE] [--dot | --svg OUT | --png OUT]`: the lab drawn by
 * Graphviz's dot. The DOT text comes from graph_dot(); with a running
 * lab, interfaces found admin down are drawn down too. */
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
#include "graph.h"
#include "nl.h"
#include "state.h"

struct graph_args {
	const char *file;
	const char *format;	/* NULL: DOT to stdout; "svg", "png" */
	const char *out;
};

static int parse_args(int argc, char **argv, struct graph_args *a)
{
	memset(a, 0, sizeof(*a));
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];

		if (strcmp(o, "--svg") == 0 || strcmp(o, "--png") == 0) {
			if (a->format != NULL || i + 1 >= argc)
				return cli_usage_error("graph", "%s", a->format
					? "one output at most" : "which file?");
			a->format = o + 2;
			a->out = argv[++i];
		} else if (strcmp(o, "--dot") == 0) {
			continue;
		} else if (o[0] == '-') {
			return cli_usage_error("graph", "unknown option '%s'",
					       o);
		} else if (a->file == NULL) {
			a->file = o;
		} else {
			return cli_usage_error("graph", "one lab file at most");
		}
	}
	return 0;
}

/* The running lab's file when FILE is absent or names it; "" otherwise. */
static const char *running_file(const char *file, char *buf)
{
	struct lab_state st;
	char real[PATH_MAX];
	struct azerr e;

	if (state_read(&st, &e) != 0 || !state_daemon_alive())
		return "";
	if (file != NULL && (realpath(file, real) == NULL ||
			     strcmp(real, st.file) != 0))
		return "";
	snprintf(buf, PATH_MAX, "%s", st.file);
	return buf;
}

static int node_live_down(struct graph *g, const struct lab_node *node,
			  struct azerr *e)
{
	struct nl_sock *s = nl_open_node(node->name, e);
	struct nl_iface *ifs = NULL;
	const struct lab_iface *ifc;
	size_t n = 0;
	int rc;

	if (s == NULL)
		return -1;
	rc = nl_dump_ifaces(s, &ifs, &n, e);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		ifc = lab_find_iface(node, ifs[i].name);
		if (ifc != NULL && !ifs[i].admin_up && !ifc->down)
			rc = graph_mark_down(g, ifc);
	}
	nl_ifaces_free(ifs, n);
	nl_close(s);
	return rc;
}

/* Best effort: a diagram without live state beats no diagram. */
static void add_live_state(struct graph *g)
{
	struct azerr e;

	if (geteuid() != 0) {
		fprintf(stderr, "azlab: graph: not root: links drawn as "
			"declared, not as they are\n");
		return;
	}
	for (size_t i = 0; i < g->lab->n_nodes; i++) {
		if (node_live_down(g, g->lab->nodes[i], &e) < 0) {
			fprintf(stderr, "azlab: graph: %s: %s; links drawn as "
				"declared\n", g->lab->nodes[i]->name, e.msg);
			return;
		}
	}
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

static int feed_dot(const struct graph *g, int fd)
{
	FILE *f = fdopen(fd, "w");
	int rc;

	if (f == NULL) {
		close(fd);
		return -1;
	}
	rc = graph_dot(g, f);
	return fclose(f) == 0 && rc == 0 ? 0 : -1;
}

static int wait_dot(pid_t pid, int fed)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && fed == 0)
		return 0;
	fprintf(stderr, "azlab: graph: dot failed (%s %d)\n",
		WIFEXITED(status) ? "exit status" : "signal",
		WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	return -1;
}

/* dot -T<format> -o OUT, the DOT text on its stdin. */
static int render(const struct graph *g, const char *format, const char *out)
{
	char dot[PATH_MAX], type[16];
	int p[2];
	pid_t pid;

	if (!find_dot(dot, sizeof(dot))) {
		fprintf(stderr, "azlab: graph: Graphviz's dot is not installed "
			"(apt install graphviz)\n");
		return -1;
	}
	snprintf(type, sizeof(type), "-T%s", format);
	if (pipe2(p, O_CLOEXEC) < 0) {
		perror("azlab: graph");
		return -1;
	}
	if ((pid = fork()) < 0) {
		perror("azlab: graph");
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		char *argv[] = { dot, type, "-o", (char *)out, NULL };

		if (dup2(p[0], STDIN_FILENO) >= 0)
			execv(dot, argv);
		_exit(127);
	}
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);	/* dot may stop reading: its status says why */
	return wait_dot(pid, feed_dot(g, p[1]));
}

static int draw(const struct lab *lab, const struct graph_args *a, bool live)
{
	struct graph g;
	struct azerr e;
	int rc;

	if (graph_collect(&g, lab, &e) < 0) {
		fprintf(stderr, "azlab: graph: %s\n", e.msg);
		graph_free(&g);
		return 1;
	}
	if (live)
		add_live_state(&g);
	if (a->format == NULL)
		rc = graph_dot(&g, stdout);
	else
		rc = render(&g, a->format, a->out);
	graph_free(&g);
	return rc == 0 ? 0 : 1;
}

int cli_graph(int argc, char **argv)
{
	char buf[PATH_MAX];
	struct graph_args a;
	const char *running, *file;
	struct lab *lab;
	int rc = parse_args(argc, argv, &a);

	if (rc != 0)
		return rc;
	running = running_file(a.file, buf);
	file = a.file != NULL ? a.file :
	       running[0] != '\0' ? running : cli_default_lab();
	if ((lab = cli_load_lab(file)) == NULL)
		return 1;
	rc = draw(lab, &a, running[0] != '\0');
	lab_free(lab);
	return rc;
}
