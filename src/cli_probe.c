/* azlab trace SRC DST and azlab ping SRC DST: the real traceroute and
 * ping inside SRC's namespace, parsed (probe_parse.c) and printed like
 * the article's listings, or as JSON. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "cli.h"
#include "json.h"
#include "probe.h"

struct probe_args {
	const char *src, *dst;
	bool json;
	int count;		/* ping -c */
	char addr[PROBE_ADDR_MAX];	/* DST resolved */
};

static int parse_count(const char *verb, const char *s, int *count)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 1 || v > 1000)
		return cli_usage_error(verb, "-c wants a count from 1 to "
				       "1000, not '%s'", s);
	*count = (int)v;
	return 0;
}

/* "VERB SRC DST [--json]", and "-c N" for ping: 0 or a usage error. */
static int probe_args(const char *verb, int argc, char **argv,
		      struct probe_args *a)
{
	bool ping = strcmp(verb, "ping") == 0;

	memset(a, 0, sizeof(*a));
	a->count = 3;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			a->json = true;
		else if (ping && strcmp(argv[i], "-c") == 0 && i + 1 < argc) {
			if (parse_count(verb, argv[++i], &a->count) != 0)
				return 2;
		} else if (argv[i][0] == '-')
			return cli_usage_error(verb, "unknown option '%s'",
					       argv[i]);
		else if (a->src == NULL)
			a->src = argv[i];
		else if (a->dst == NULL)
			a->dst = argv[i];
		else
			return cli_usage_error(verb, "a source and a "
					       "destination only");
	}
	if (a->dst == NULL)
		return cli_usage_error(verb, "a source node and a "
				       "destination are needed");
	return 0;
}

/* A node's first lab address: its first interface's first address (for
 * a host, its NIC's), else its first loopback address. */
static const struct prefix *node_addr(const struct lab_node *n)
{
	for (size_t i = 0; i < n->n_ifaces; i++)
		if (n->ifaces[i]->n_addrs > 0)
			return &n->ifaces[i]->addrs[0];
	return n->n_loopback > 0 ? &n->loopback[0] : NULL;
}

/* DST as an address, or the address of the node named DST. */
static int resolve_dst(const char *verb, const struct lab *lab,
		       struct probe_args *a)
{
	const struct lab_node *n;
	const struct prefix *p;
	struct prefix given;

	if (addr_parse(a->dst, &given) == 0) {
		addr_fmt(&given, a->addr);
		return 0;
	}
	n = lab_find_node(lab, a->dst);
	if (n == NULL) {
		fprintf(stderr, "azlab: %s: '%s' is neither an address nor a "
			"node of lab %s\n", verb, a->dst, lab->name);
		return -1;
	}
	p = node_addr(n);
	if (p == NULL) {
		fprintf(stderr, "azlab: %s: node '%s' has no address\n", verb,
			a->dst);
		return -1;
	}
	addr_fmt(p, a->addr);
	return 0;
}

/* Arguments, root, the running lab, SRC in it, DST resolved: 0, or the
 * exit status to return. */
static int probe_setup(const char *verb, int argc, char **argv,
		       struct probe_args *a)
{
	const struct lab_node *src;
	struct lab *lab;
	int rc = probe_args(verb, argc, argv, a);

	if (rc != 0)
		return rc;
	if (cli_need_root(verb) < 0)
		return 1;
	lab = cli_running_lab_node(verb, a->src, &src);
	if (lab == NULL)
		return 1;
	rc = resolve_dst(verb, lab, a) < 0 ? 1 : 0;
	lab_free(lab);
	return rc;
}

/* Runs the probe; its output in *out. 0, or 1 after an error message. */
static int run_tool(const char *verb, const struct probe_args *a,
		    char *const argv[], char **out, int *status)
{
	struct azerr e;

	if (probe_run(a->src, argv, out, status, &e) < 0) {
		fprintf(stderr, "azlab: %s: %s\n", verb, e.msg);
		return 1;
	}
	return 0;
}

static void json_head(struct json *j, const struct probe_args *a)
{
	json_init(j, stdout);
	json_obj_begin(j);
	json_key(j, "src");
	json_str(j, a->src);
	json_key(j, "dst");
	json_str(j, a->dst);
	json_key(j, "address");
	json_str(j, a->addr);
}

static void trace_json(const struct probe_args *a, const struct trace_result *r)
{
	struct json j;

	json_head(&j, a);
	json_key(&j, "hops");
	json_arr_begin(&j);
	for (size_t i = 0; i < r->n_hops; i++) {
		const struct trace_hop *h = &r->hops[i];

		json_obj_begin(&j);
		json_key(&j, "ttl");
		json_int(&j, h->ttl);
		json_key(&j, "address");
		json_str(&j, h->n_addrs > 0 ? h->addr[0] : NULL);
		json_key(&j, "rttMs");
		json_double(&j, h->rtt_ms);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "reached");
	json_bool(&j, r->reached);
	json_obj_end(&j);
	json_end(&j);
}

/* The article's way: "10.10.30.132, *, *, 10.2.30.10", then a table. */
static void trace_text(const struct probe_args *a, const struct trace_result *r)
{
	printf("%s -> %s (%s): ", a->src, a->dst, a->addr);
	for (size_t i = 0; i < r->n_hops; i++)
		printf("%s%s", i > 0 ? ", " : "",
		       r->hops[i].n_addrs > 0 ? r->hops[i].addr[0] : "*");
	printf("%s\n", r->n_hops == 0 ? "no hop" : "");
	for (size_t i = 0; i < r->n_hops; i++) {
		const struct trace_hop *h = &r->hops[i];

		if (h->n_addrs == 0) {
			printf("%3d  *\n", h->ttl);
			continue;
		}
		printf("%3d  %-39s %8.3f ms%s%s\n", h->ttl, h->addr[0],
		       h->rtt_ms, h->note[0] != '\0' ? "  " : "", h->note);
	}
	printf("%s %s\n", r->reached ? "reached" : "did not reach", a->addr);
}

int cli_trace(int argc, char **argv)
{
	struct probe_args a;
	struct trace_result *r;
	char *out = NULL;
	int status, rc = probe_setup("trace", argc, argv, &a);

	if (rc != 0)
		return rc;
	/* -N 16: every hop probed at once, which the lab's nodes answer in
	 * full since they have no ICMP rate limit (icmp_ratelimit 0, the
	 * loader's default). -w 1,0,0: a silent hop gets its whole second,
	 * never cut short by a faster answer from another hop (HERE, NEAR),
	 * so that a slow reply (libipsec's userspace ESP) is not a `*`. */
	char *tr[] = { "traceroute", "-n", "-q", "1", "-N", "16", "-w",
		       "1,0,0", "-m", "15", a.addr, NULL };
	if (run_tool("trace", &a, tr, &out, &status) != 0)
		return 1;
	r = malloc(sizeof(*r));
	if (r == NULL || trace_parse(out, r) < 0) {
		fprintf(stderr, "azlab: trace: traceroute %s (exit status "
			"%d)\n", r == NULL ? "output too large" : "failed",
			WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		free(r);
		free(out);
		return 1;
	}
	if (r->target[0] == '\0')
		snprintf(r->target, sizeof(r->target), "%s", a.addr);
	if (a.json)
		trace_json(&a, r);
	else
		trace_text(&a, r);
	rc = r->reached ? 0 : 1;
	free(r);
	free(out);
	return rc;
}

static void ping_json(const struct probe_args *a, const struct ping_result *r)
{
	struct json j;

	json_head(&j, a);
	json_key(&j, "transmitted");
	json_int(&j, r->transmitted);
	json_key(&j, "received");
	json_int(&j, r->received);
	json_key(&j, "lossPercent");
	json_double(&j, r->loss_pct);
	json_key(&j, "rttMs");
	if (r->has_rtt) {
		json_obj_begin(&j);
		json_key(&j, "min");
		json_double(&j, r->rtt_min);
		json_key(&j, "avg");
		json_double(&j, r->rtt_avg);
		json_key(&j, "max");
		json_double(&j, r->rtt_max);
		json_obj_end(&j);
	} else {
		json_null(&j);
	}
	json_obj_end(&j);
	json_end(&j);
}

static void ping_text(const struct probe_args *a, const struct ping_result *r)
{
	printf("%s -> %s (%s): %u transmitted, %u received, %g%% loss",
	       a->src, a->dst, a->addr, r->transmitted, r->received,
	       r->loss_pct);
	if (r->has_rtt)
		printf(", rtt min/avg/max %.3f/%.3f/%.3f ms", r->rtt_min,
		       r->rtt_avg, r->rtt_max);
	printf("\n");
}

int cli_ping(int argc, char **argv)
{
	struct probe_args a;
	struct ping_result r;
	char count[16], *out = NULL;
	int status, rc = probe_setup("ping", argc, argv, &a);

	if (rc != 0)
		return rc;
	snprintf(count, sizeof(count), "%d", a.count);
	char *pg[] = { "ping", "-n", "-c", count, "-W", "1", "-i", "0.2",
		       a.addr, NULL };
	if (run_tool("ping", &a, pg, &out, &status) != 0)
		return 1;
	if (ping_parse(out, &r) < 0) {
		/* e.g. "connect: Network is unreachable" (on stderr): no
		 * probe left, none answered */
		memset(&r, 0, sizeof(r));
		r.loss_pct = 100;
	}
	free(out);
	if (a.json)
		ping_json(&a, &r);
	else
		ping_text(&a, &r);
	return r.received > 0 ? 0 : 1;
}
