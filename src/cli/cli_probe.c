/* SPDX-License-Identifier: ISC */
/* azlab trace SRC DST and azlab ping SRC DST: the real traceroute and
 * ping inside SRC's namespace, parsed (probe_parse.c) and printed like
 * the article's listings, or as JSON; trace also as a picture, the lab's
 * diagram with the path drawn over it (graph_path.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "cli.h"
#include "render/graph.h"
#include "core/json.h"
#include "probe/probe.h"

struct probe_args {
	const char *src, *dst;
	bool json;
	int count;		/* ping -c */
	int family;		/* -6: DST's IPv6 address; else AF_UNSPEC */
	struct cli_picture pic;	/* trace --svg/--png */
	char addr[PROBE_ADDR_MAX];	/* DST resolved */
};

static int parse_count(struct cli_args *a, const char *s, int *count)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 1 || v > 1000)
		return cli_args_fail(a, "-c wants a count from 1 to 1000, "
				     "not '%s'", s);
	*count = (int)v;
	return 0;
}

static int probe_take(struct cli_args *a, int opt, const char *arg)
{
	struct probe_args *p = a->ctx;

	if (opt == 'c')
		return parse_count(a, arg, &p->count);
	if (opt == '6') {
		p->family = AF_INET6;
		return 0;
	}
	return cli_picture_take(a, opt, arg, &p->pic);
}

/* "VERB SRC DST [--json]", "-c N" for ping, "--svg|--png OUT" for
 * trace: CLI_GO_ON, or the exit status to give. */
static int probe_args(const char *verb, int argc, char **argv,
		      struct probe_args *p)
{
	static const struct option trace_opts[] = {
		CLI_OPTIONS_PICTURE,
		{ "ipv6", no_argument, NULL, '6' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct option ping_opts[] = {
		{ "", required_argument, NULL, 'c' },	/* -c N only */
		{ "ipv6", no_argument, NULL, '6' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_args a = {
		.verb = verb, .take = probe_take, .ctx = p, .json = &p->json,
		.min = 2, .max = 2,
		.too_few = "a source node and a destination are needed",
		.too_many = "a source and a destination only",
	};
	int rc;

	memset(p, 0, sizeof(*p));
	p->count = 3;
	p->family = AF_UNSPEC;
	a.opts = strcmp(verb, "ping") == 0 ? ping_opts : trace_opts;
	if ((rc = cli_args(&a, argc, argv)) != CLI_GO_ON)
		return rc;
	p->src = a.args[0];
	p->dst = a.args[1];
	return CLI_GO_ON;
}

/* Arguments, root, the running lab, SRC in it, DST resolved: CLI_GO_ON,
 * or the exit status to return. The lab's model is kept in *keep if wanted
 * (freed by the caller), else freed. */
static int probe_setup(const char *verb, int argc, char **argv,
		       struct probe_args *a, struct lab **keep)
{
	const struct lab_node *src;
	struct lab *lab;
	struct azerr e;
	int rc = probe_args(verb, argc, argv, a);

	if (rc != CLI_GO_ON)
		return rc;
	if (cli_need_root(verb) < 0)
		return 1;
	lab = cli_running_lab_node(verb, a->src, &src);
	if (lab == NULL)
		return 1;
	if (probe_resolve(lab, a->dst, a->family, a->addr, &e) < 0) {
		fprintf(stderr, "azlab: %s: %s\n", verb, e.msg);
		rc = 1;
	}
	if (keep != NULL && rc == CLI_GO_ON)
		*keep = lab;
	else
		lab_free(lab);
	return rc;
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
	char path[TRACE_PATH_STR_MAX];

	trace_path_str(r, path, sizeof(path));
	printf("%s -> %s (%s): %s\n", a->src, a->dst, a->addr, path);
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

/* The picture, after the text: a path that did not reach is drawn too
 * (where it stops is the point), yet the exit status stays 1. On a lab
 * over hosts, over the whole lab, so that the hops on another host are
 * drawn on their nodes; if it will not load (said on stderr), over this
 * host's share. */
static int trace_picture(const struct lab *lab, const struct probe_args *a,
			 const struct trace_result *r)
{
	struct lab *whole = lab->here != NULL ?
			    cli_running_lab_whole("trace") : NULL;
	const struct lab *drawn = whole != NULL ? whole : lab;
	struct graph_path path = {
		.src = lab_find_node(drawn, a->src),
		.dst = a->dst,
		.addr = a->addr,
		.trace = r,
	};
	int rc = cli_graph_draw("trace", drawn, &path, &a->pic, true);

	lab_free(whole);
	return rc;
}

int cli_trace(int argc, char **argv)
{
	struct probe_args a;
	struct trace_result *r;
	struct lab *lab = NULL;
	struct azerr e;
	int rc = probe_setup("trace", argc, argv, &a, &lab);

	if (rc != CLI_GO_ON)
		return rc;
	r = malloc(sizeof(*r));
	if (r == NULL) {
		fprintf(stderr, "azlab: trace: out of memory\n");
		rc = 1;
	} else if (probe_trace(a.src, a.addr, r, &e) < 0) {
		fprintf(stderr, "azlab: trace: %s\n", e.msg);
		rc = 1;
	} else {
		if (a.json)
			trace_json(&a, r);
		else
			trace_text(&a, r);
		fflush(stdout);
		rc = r->reached ? 0 : 1;
		if (a.pic.format != NULL && trace_picture(lab, &a, r) != 0)
			rc = 1;
	}
	free(r);
	lab_free(lab);
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
	struct azerr e;
	int rc = probe_setup("ping", argc, argv, &a, NULL);

	if (rc != CLI_GO_ON)
		return rc;
	if (probe_ping(a.src, a.addr, (unsigned)a.count, &r, &e) < 0) {
		fprintf(stderr, "azlab: ping: %s\n", e.msg);
		return 1;
	}
	if (a.json)
		ping_json(&a, &r);
	else
		ping_text(&a, &r);
	return r.received > 0 ? 0 : 1;
}
