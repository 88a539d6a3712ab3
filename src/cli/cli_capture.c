/* SPDX-License-Identifier: ISC */
/* azlab capture NODE IFACE [-w FILE|-] [-c N] [FILTER...]: tcpdump on one
 * interface of a running lab, as an engineer would on a SPAN port. With
 * `-w -` the pcap streams to stdout, so that
 *   ssh labhost sudo azlab capture loc1-ce wan0 -w - | wireshark -k -i -
 * works from a workstation. Ctrl-C stops it; so does `azlab down` (the
 * teardown stops every process in the lab's namespaces, this one too). */
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "cli.h"
#include "cli_args.h"
#include "run/state.h"
#include "model/lab.h"
#include "core/strv.h"
#include "probe/capture.h"

struct capture_args {
	const char *node;
	struct capture_opts o;
};

static int capture_take(struct cli_args *a, int opt, const char *arg)
{
	struct capture_opts *o = a->ctx;
	char *end;

	if (opt == 'w') {
		o->write = arg;
		return 0;
	}
	o->count = strtoul(arg, &end, 10);
	if (*arg == '\0' || *arg == '-' || *end != '\0' || o->count == 0)
		return cli_args_fail(a, "-c wants a count of packets, not "
				     "'%s'", arg);
	return 0;
}

static int capture_args(int argc, char **argv, struct capture_args *c)
{
	static const struct option opts[] = {
		{ "", required_argument, NULL, 'w' },	/* -w FILE only */
		{ "", required_argument, NULL, 'c' },	/* -c N only */
		{ NULL, 0, NULL, 0 },
	};
	struct cli_args a = {
		.verb = "capture", .opts = opts, .take = capture_take,
		.ctx = &c->o, .min = 2, .max = -1,
		.too_few = "a node and an interface are needed",
	};
	int rc;

	memset(c, 0, sizeof(*c));
	if ((rc = cli_args(&a, argc, argv)) != CLI_GO_ON)
		return rc;
	c->node = a.args[0];
	c->o.iface = a.args[1];
	c->o.filter = a.args + 2;
	c->o.n_filter = (size_t)(a.n_args - 2);
	return CLI_GO_ON;
}

/* Teardown stops every process in the lab's namespaces, this tcpdump
 * too: it ends as if told to. */
static bool lab_going_down(void)
{
	struct lab_state st;
	struct azerr e;

	return state_read(&st, &e) != STATE_FOUND || st.phase == PHASE_STOPPING;
}

/* tcpdump's exit, as ours; stopped by us or by `down`: a normal end */
static int capture_status(int status)
{
	if (lab_going_down())
		fprintf(stderr, "azlab: capture: the lab went down\n");
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WTERMSIG(status) == SIGINT || WTERMSIG(status) == SIGTERM)
		return 0;
	return 128 + WTERMSIG(status);
}

static int capture_node(const struct capture_args *a, const char *tool)
{
	char **argv = capture_argv(tool, &a->o);
	struct azerr e;
	int status = 0;

	if (argv == NULL) {
		fprintf(stderr, "azlab: capture: out of memory\n");
		return 1;
	}
	if (capture_run(a->node, argv, &status, &e) < 0) {
		fprintf(stderr, "azlab: capture: %s: %s\n", a->node, e.msg);
		strv_free(argv);
		return 1;
	}
	strv_free(argv);
	return capture_status(status);
}

int cli_capture(int argc, char **argv)
{
	struct capture_args a;
	const char *tool;
	struct lab *lab;
	int rc = capture_args(argc, argv, &a);

	if (rc != CLI_GO_ON)
		return rc;
	if (cli_need_root("capture") < 0)
		return 1;
	if ((tool = capture_tool()) == NULL) {
		fprintf(stderr, "azlab: capture: tcpdump is not installed "
			"(scripts/deps.sh installs it)\n");
		return 1;
	}
	lab = cli_running_lab_iface("capture", a.node, a.o.iface);
	if (lab == NULL)
		return 1;
	rc = capture_node(&a, tool);
	lab_free(lab);
	return rc;
}
