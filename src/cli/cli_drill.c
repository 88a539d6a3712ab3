/* SPDX-License-Identifier: ISC */
/* azlab drill NAME [--json]: one of the running lab's `drills:` (the
 * failover drill: a link shut, or a node failed, and restored under a
 * fast ping), judged
 * against its expectations file's `during` and `after` cases, which are
 * looked up here since that file is only loaded now. `azlab drill
 * --list` names the lab's drills (for the bash completion too). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "verdict/drill.h"
#include "model/expect.h"

struct drill_args {
	const char *name;
	bool json, list;
};

static int drill_args(int argc, char **argv, struct drill_args *d)
{
	static const struct option opts[] = {
		{ "list", no_argument, NULL, CLI_OPT_OWN },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_args a = {
		.verb = "drill", .opts = opts, .take = cli_take_flag,
		.ctx = &d->list, .json = &d->json, .max = 1,
		.too_many = "one drill at a time",
	};
	int rc;

	memset(d, 0, sizeof(*d));
	if ((rc = cli_args(&a, argc, argv)) != CLI_GO_ON)
		return rc;
	d->name = a.n_args > 0 ? a.args[0] : NULL;
	if (d->list && (d->name != NULL || d->json))
		return cli_usage_error("drill", "--list takes nothing else");
	if (!d->list && d->name == NULL)
		return cli_usage_error("drill", "which drill? (--list names "
				       "them)");
	return CLI_GO_ON;
}

static int list_drills(void)
{
	struct lab *lab = cli_running_lab("drill");

	if (lab == NULL)
		return 1;
	for (size_t i = 0; i < lab->n_drills; i++) {
		const struct lab_drill *d = lab->drills[i];

		printf("%s%s%s\n", d->name, d->description ? "\t" : "",
		       d->description ? d->description : "");
	}
	lab_free(lab);
	return 0;
}

static void drill_names(const struct lab *lab, char *buf, size_t len)
{
	size_t used = 0;

	snprintf(buf, len, "none");
	for (size_t i = 0; i < lab->n_drills && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i > 0 ? ", " : "",
					 lab->drills[i]->name);
}

/* The drill's `during` or `after` case: there, with a path to wait for,
 * and about the drill's own source and destination (a trace is judged
 * against it). NULL after an error at the drill's place in the lab
 * file. */
static const struct expect_case *drill_case(const struct lab *lab,
					    const struct drill_report *r,
					    const struct expect_set *set,
					    const char *key, const char *id)
{
	const struct lab_drill *d = r->drill;
	const struct expect_case *c = expect_find(set, id);
	char addr[PROBE_ADDR_MAX] = "";
	struct azerr e;

	if (c != NULL)
		probe_resolve(lab, c->to, AF_UNSPEC, addr, &e);
	if (c == NULL || c->n_paths == 0) {
		fprintf(stderr, "azlab: drill: %s:%u:%u: drill '%s': '%s' "
			"names case '%s', %s %s\n", lab->file, d->pos.line,
			d->pos.col, d->name, key, id, c == NULL ?
			"which is not in" : "which has no path in", set->file);
		return NULL;
	}
	if (strcmp(c->from, d->from->name) != 0 ||
	    strcmp(addr, r->addr) != 0) {
		fprintf(stderr, "azlab: drill: %s:%u:%u: drill '%s': its "
			"'%s' case '%s' is from %s to %s, the drill from %s to "
			"%s\n", lab->file, d->pos.line, d->pos.col, d->name,
			key, id, c->from, c->to, d->from->name, d->to);
		return NULL;
	}
	return c;
}

/* A drill pings from one node and takes down another: both must be
 * built here. True after saying which is not. */
static bool drill_elsewhere(const struct lab *lab, const struct lab_drill *d)
{
	const struct lab_node *n[] = {
		d->from, d->shut != NULL ? d->shut->node : d->fail,
		lab_drill_watch(d),
	};

	for (size_t i = 0; i < sizeof(n) / sizeof(n[0]); i++) {
		if (n[i] == NULL || lab_node_here(lab, n[i]))
			continue;
		fprintf(stderr, "azlab: drill: %s:%u:%u: drill '%s' needs "
			"node '%s', which is on host %s; this is host %s\n",
			lab->file, d->pos.line, d->pos.col, d->name,
			n[i]->name, n[i]->host->name, lab->here->name);
		return true;
	}
	return false;
}

/* The running lab, the drill, its cases and its destination into r;
 * 0, or -1 after a one-line error. */
static int drill_setup(const char *name, struct lab **lab,
		       struct expect_set **set, struct drill_report *r)
{
	const struct lab_drill *d;
	char names[256];
	struct azerr e;

	if ((*lab = cli_running_lab("drill")) == NULL)
		return -1;
	if ((d = lab_find_drill(*lab, name)) == NULL) {
		drill_names(*lab, names, sizeof(names));
		fprintf(stderr, "azlab: drill: no drill '%s' in lab %s (its "
			"drills: %s)\n", name, (*lab)->name, names);
		return -1;
	}
	r->drill = d;
	if (drill_elsewhere(*lab, d))
		return -1;
	if ((*lab)->expectations == NULL) {
		fprintf(stderr, "azlab: drill: %s:%u:%u: drill '%s' needs the "
			"lab's expectations file (its 'expectations:' key) "
			"for its cases '%s' and '%s'\n", (*lab)->file,
			d->pos.line, d->pos.col, d->name, d->during, d->after);
		return -1;
	}
	*set = cli_load_expectations("drill", *lab, (*lab)->expectations);
	if (*set == NULL)
		return -1;
	if (probe_resolve(*lab, d->to, AF_UNSPEC, r->addr, &e) < 0) {
		fprintf(stderr, "azlab: drill: %s\n", e.msg);
		return -1;
	}
	r->during_case = drill_case(*lab, r, *set, "during", d->during);
	r->after_case = drill_case(*lab, r, *set, "after", d->after);
	if (r->during_case == NULL || r->after_case == NULL)
		return -1;
	/* before waiting: a lab with that link (or node) down cannot
	 * converge */
	if (drill_check_shut(d, r->error, sizeof(r->error)) < 0) {
		fprintf(stderr, "azlab: drill: %s\n", r->error);
		return -1;
	}
	return cli_wait_converged("drill");
}

/* Why the drill stopped early, and whether what it took down is up. */
static void tell_end(const struct drill_report *r)
{
	const struct lab_drill *d = r->drill;
	char target[LAB_NAME_MAX + IF_NAMESIZE + 2];

	lab_drill_target(d, target, sizeof(target));
	if (r->signal != 0)
		fprintf(stderr, "azlab: drill: interrupted by %s\n",
			drill_signal_name(r->signal));
	else if (r->error[0] != '\0')
		fprintf(stderr, "azlab: drill: %s\n", r->error);
	else if (!r->during.reached || !r->after.reached)
		fprintf(stderr, "azlab: drill: the path of case '%s' was not "
			"seen within %u s of the %s\n", !r->during.reached ?
			r->during_case->id : r->after_case->id,
			d->timeout_s, r->during.reached ? "restore" :
			d->shut ? "shut" : "failure");
	if (!r->restored && d->shut)
		fprintf(stderr, "azlab: drill: %s could NOT be brought back "
			"up: run 'azlab link %s %s up'\n", target,
			d->shut->node->name, d->shut->name);
	else if (!r->restored)
		fprintf(stderr, "azlab: drill: %s could NOT be brought back "
			"up: run 'azlab node %s up'\n", target, target);
	else if (r->was_shut && (r->signal != 0 || r->error[0] != '\0'))
		fprintf(stderr, "azlab: drill: %s is up again\n", target);
}

/* A fail: drill's node down or up, by the daemon (`azlab node`). */
static int fail_node(const char *node, bool up, struct azerr *e)
{
	char *args[] = { up ? "node-up" : "node-down", (char *)node };
	char out[512], err[700];
	int rc = cli_ctl(args, 2, out, sizeof(out), err, sizeof(err), e);

	if (rc > 0)
		azerr_set(e, "%s", err[0] ? err : "the daemon refused");
	return rc == 0 ? 0 : -1;
}

int cli_drill(int argc, char **argv)
{
	struct expect_set *set = NULL;
	struct drill_report *r;
	struct drill_args a;
	struct lab *lab = NULL;
	int rc = drill_args(argc, argv, &a);

	if (rc != CLI_GO_ON)
		return rc;
	if (a.list)
		return list_drills();
	if (cli_need_root("drill") < 0)
		return 1;
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		fprintf(stderr, "azlab: drill: out of memory\n");
		return 1;
	}
	rc = 1;
	r->fail_node = fail_node;
	if (drill_setup(a.name, &lab, &set, r) == 0) {
		drill_run(r);
		/* a drill stopped before it shut anything has only its
		 * error to tell, but JSON readers get the document anyway */
		if (a.json)
			drill_write_json(r, stdout);
		else if (r->was_shut || r->before.traced)
			drill_print_text(r, stdout);
		fflush(stdout);
		tell_end(r);
		rc = drill_passed(r) ? 0 : 1;
	}
	drill_bgp_log_free(&r->bgp);
	free(r);
	expect_free(set);
	lab_free(lab);
	return rc;
}
