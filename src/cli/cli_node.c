/* SPDX-License-Identifier: ISC */
/* azlab node NODE down|up: a device failure and its repair; azlab
 * restart NODE: the node's daemons restarted with its files as they are
 * now. The daemon does both (daemon_node.c, daemon_restart.c: it owns
 * the daemons); the verb words its answer and, when something comes
 * back, waits until the lab has converged again, as verify waits, and
 * says how long that took. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "core/json.h"
#include "run/control.h"

struct node_args {
	const char *node;
	bool up;		/* node: up rather than down */
	bool json;
};

/* CLI_GO_ON, or the exit status to give. */
static int node_args(const char *verb, int argc, char **argv,
		     struct node_args *a, int positional)
{
	struct cli_args ca = {
		.verb = verb, .json = &a->json,
		.min = positional, .max = positional,
		.too_few = positional == 2 ? "a node and down or up are needed"
					   : "one node is needed",
		.too_many = positional == 2 ? "a node and down or up only"
					    : "one node only",
	};
	int rc;

	memset(a, 0, sizeof(*a));
	if ((rc = cli_args(&ca, argc, argv)) != CLI_GO_ON)
		return rc;
	a->node = ca.args[0];
	if (positional == 2 && strcmp(ca.args[1], "up") != 0 &&
	    strcmp(ca.args[1], "down") != 0)
		return cli_usage_error(verb, "'%s': down or up?", ca.args[1]);
	a->up = positional == 2 && strcmp(ca.args[1], "up") == 0;
	return CLI_GO_ON;
}

/* The request; its answer (key=value words) in out. 0, or 1 after a
 * one-line error. */
static int request(const char *verb, const char *what, const char *node,
		   char *out, size_t len)
{
	char *args[] = { (char *)what, (char *)node };
	char err[700];
	struct azerr e;
	int rc = cli_ctl(args, 2, out, len, err, sizeof(err), &e);

	if (rc < 0)
		fprintf(stderr, "azlab: %s: %s\n", verb, e.msg);
	else if (rc != 0)
		fprintf(stderr, "azlab: %s: %s\n", verb,
			err[0] ? err : "the daemon refused");
	return rc == 0 ? 0 : 1;
}

/* The value of key in "k1=v1 k2=v2" (into buf), or "-". */
static const char *word(const char *answer, const char *key, char *buf,
			size_t len)
{
	size_t klen = strlen(key);
	const char *p = answer;

	while ((p = strstr(p, key)) != NULL &&
	       ((p != answer && p[-1] != ' ') || p[klen] != '='))
		p += klen;
	if (p == NULL)
		return "-";
	p += klen + 1;
	snprintf(buf, len, "%.*s", (int)strcspn(p, " \n"), p);
	return buf;
}

/* How the wait ended, as the end of the verb's line, or on stderr. */
static int settled_text(const char *verb, const struct cli_settled *s)
{
	double secs = (double)s->ms / 1000;

	if (s->rc == CONVERGED) {
		printf("; converged again in %.1f s\n", secs);
		return 0;
	}
	putchar('\n');
	if (s->rc < 0)
		fprintf(stderr, "azlab: %s: %s\n", verb, s->e.msg);
	else if (s->rc == CONVERGED_STEADY)
		fprintf(stderr, "azlab: %s: the lab is steady after %.1f s, but "
			"not all of it is up: %s\n", verb, secs, s->line);
	else if (s->rc == CONVERGED_NOT_YET)
		fprintf(stderr, "azlab: %s: the lab has not converged after "
			"%lld s: %s\n", verb, s->limit_s, s->line);
	else
		fprintf(stderr, "azlab: %s: the lab cannot converge: %s\n",
			verb, s->line);
	return 1;
}

static void settled_json(struct json *j, const struct cli_settled *s)
{
	json_key(j, "converged");
	json_bool(j, s->rc == CONVERGED);
	json_key(j, "seconds");
	json_double(j, (double)s->ms / 1000);
	json_key(j, "notUp");
	json_str(j, s->rc == CONVERGED ? NULL : s->rc < 0 ? s->e.msg :
		 s->line);
}

/* "zebra,bgpd" as a JSON array ("-": none). */
static void daemons_json(struct json *j, const char *list)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", strcmp(list, "-") ? list : "");
	json_arr_begin(j);
	for (char *d = strtok_r(buf, ",", &save); d != NULL;
	     d = strtok_r(NULL, ",", &save))
		json_str(j, d);
	json_arr_end(j);
}

/* The lab is running and has the node: 0, else 1 after a one-line
 * error. */
static int running_node(const char *verb, const char *name)
{
	const struct lab_node *node;
	struct lab *lab;

	if (cli_need_root(verb) < 0)
		return 1;
	lab = cli_running_lab_node(verb, name, &node);
	lab_free(lab);
	return lab != NULL ? 0 : 1;
}

static int node_json(const struct node_args *a, const char *answer,
		     const struct cli_settled *s)
{
	char ifs[32], daemons[256], frr[16];
	struct json j;

	json_init(&j, stdout);
	json_obj_begin(&j);
	json_key(&j, "node");
	json_str(&j, a->node);
	json_key(&j, "state");
	json_str(&j, a->up ? "up" : "down");
	json_key(&j, "interfaces");
	json_int(&j, atoi(word(answer, "interfaces", ifs, sizeof(ifs))));
	json_key(&j, "daemons");
	daemons_json(&j, word(answer, "daemons", daemons, sizeof(daemons)));
	/* its BGP instance is in the shared bgpd, not stopped */
	json_key(&j, "frrShared");
	json_bool(&j, strcmp(word(answer, "frr", frr, sizeof(frr)),
			     "shared") == 0);
	if (s != NULL)
		settled_json(&j, s);
	json_obj_end(&j);
	json_end(&j);
	return s == NULL || s->rc == CONVERGED ? 0 : 1;
}

static int node_text(const struct node_args *a, const char *answer,
		     const struct cli_settled *s)
{
	char ifs[32], daemons[256], list[512] = "", frr[16];
	const char *d = word(answer, "daemons", daemons, sizeof(daemons));
	bool shared = strcmp(word(answer, "frr", frr, sizeof(frr)),
			     "shared") == 0;

	/* "zebra,bgpd" as "zebra, bgpd" */
	for (size_t i = 0, n = 0; d[i] != '\0' && n + 3 < sizeof(list); i++) {
		list[n++] = d[i];
		if (d[i] == ',')
			list[n++] = ' ';
		list[n] = '\0';
	}
	d = list;

	printf("%s is %s: %s interfaces %s, ", a->node, a->up ? "up" : "down",
	       word(answer, "interfaces", ifs, sizeof(ifs)),
	       a->up ? "up" : "down");
	if (strcmp(d, "-") != 0)
		printf("%s %s", d, a->up ? "started" : "stopped and held down");
	else if (shared)	/* no daemons of its own */
		printf("its BGP instance in the shared bgpd (frr: shared) %s",
		       a->up ? "reached again" : "cut off with them");
	else
		printf("no daemons");
	if (s == NULL) {
		putchar('\n');
		return 0;
	}
	return settled_text("node", s);
}

int cli_node(int argc, char **argv)
{
	struct cli_settled s;
	struct node_args a;
	char answer[1024];
	int rc = node_args("node", argc, argv, &a, 2);

	if (rc != CLI_GO_ON || (rc = running_node("node", a.node)) != 0 ||
	    (rc = request("node", a.up ? "node-up" : "node-down", a.node,
			  answer, sizeof(answer))) != 0)
		return rc;
	if (a.up)
		cli_settle("node", &s);
	if (a.json)
		return node_json(&a, answer, a.up ? &s : NULL);
	return node_text(&a, answer, a.up ? &s : NULL);
}

static int restart_json(const struct node_args *a, const char *answer,
			const struct cli_settled *s)
{
	char n[32], frr[4096], ipsec[4096];
	struct json j;

	word(answer, "frr", frr, sizeof(frr));
	word(answer, "ipsec", ipsec, sizeof(ipsec));
	json_init(&j, stdout);
	json_obj_begin(&j);
	json_key(&j, "node");
	json_str(&j, a->node);
	json_key(&j, "daemons");
	json_int(&j, atoi(word(answer, "daemons", n, sizeof(n))));
	json_key(&j, "frr");
	json_str(&j, strcmp(frr, "-") ? frr : NULL);
	json_key(&j, "ipsec");
	json_str(&j, strcmp(ipsec, "-") ? ipsec : NULL);
	settled_json(&j, s);
	json_obj_end(&j);
	json_end(&j);
	return s->rc == CONVERGED ? 0 : 1;
}

int cli_restart(int argc, char **argv)
{
	char answer[1024], n[32], frr[4096], ipsec[4096];
	struct cli_settled s;
	struct node_args a;
	int rc = node_args("restart", argc, argv, &a, 1);

	if (rc != CLI_GO_ON || (rc = running_node("restart", a.node)) != 0 ||
	    (rc = request("restart", "restart", a.node, answer,
			  sizeof(answer))) != 0)
		return rc;
	cli_settle("restart", &s);
	if (a.json)
		return restart_json(&a, answer, &s);
	word(answer, "frr", frr, sizeof(frr));
	word(answer, "ipsec", ipsec, sizeof(ipsec));
	printf("%s restarted (%s daemons, from %s%s%s)", a.node,
	       word(answer, "daemons", n, sizeof(n)),
	       strcmp(frr, "-") ? frr : "", strcmp(frr, "-") &&
	       strcmp(ipsec, "-") ? " and " : "",
	       strcmp(ipsec, "-") ? ipsec : "");
	return settled_text("restart", &s);
}
