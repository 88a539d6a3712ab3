/* SPDX-License-Identifier: ISC */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/instance.h"
#include "cli.h"
#include "frr/frr_shared.h"
#include "model/expect.h"
#include "kernel/netns.h"
#include "run/state.h"

static const struct cli_verb verbs[] = {
	{ "up", cli_up, "up [FILE] [--host NAME] [--quiet]",
	  "Builds the lab in FILE (default: the reference lab, azure-interop)\n"
	  "and starts the daemon that owns it. Every node becomes a network\n"
	  "namespace azlab-<node> (another prefix: azlab --ns-prefix). Returns\n"
	  "once the lab is up; on any error nothing is left behind.\n"
	  "  --host NAME   build only the nodes the lab places on host NAME\n"
	  "                (its `hosts:`); links to other hosts become VXLANs\n"
	  "  -q, --quiet   print nothing on success\n" },
	{ "down", cli_down, "down [--quiet]",
	  "Stops the running lab: every process, namespace, link and mount it\n"
	  "made. Works even if the daemon was killed.\n"
	  "  -q, --quiet   print nothing on success\n" },
	{ "status", cli_status, "status [--json]",
	  "Shows the running lab: nodes, interfaces, state, addresses, daemon.\n"
	  "Exits 0 if a lab is up and its daemon alive, 1 otherwise.\n"
	  "  --json        machine-readable output (docs/cli.md)\n" },
	{ "routes", cli_routes, "routes NODE [--json]",
	  "Shows NODE's effective routes, as Azure shows a VM's: each route of\n"
	  "its main table with its source (connected, VNet local, VNet\n"
	  "peering, static, ExpressRoute or VPN gateway) and whether it is\n"
	  "active or shadowed by a lower metric.\n"
	  "  --json        machine-readable output (docs/cli.md)\n" },
	{ "bgp", cli_bgp, "bgp NODE [--json]",
	  "Shows NODE's BGP, as its bgpd says: the sessions (peer, remote AS,\n"
	  "state, uptime, prefixes received and sent) and the IPv4 table\n"
	  "(prefix, next hop, local preference, best path, AS path).\n"
	  "  --json        machine-readable output (docs/cli.md)\n" },
	{ "ipsec", cli_ipsec, "ipsec NODE [--json]",
	  "Shows NODE's IPsec SAs, as its charon reports them over VICI: each\n"
	  "IKE SA (state, local and remote addresses and IDs) and its CHILD\n"
	  "SAs (state, mode, protocol, encryption, traffic selectors, bytes\n"
	  "and packets in and out).\n"
	  "  --json        machine-readable output (docs/cli.md)\n" },
	{ "exec", cli_exec, "exec NODE -- CMD [ARGS...]",
	  "Runs CMD inside NODE's network namespace and exits with CMD's\n"
	  "status (127 if CMD is not found, 126 if it cannot be run). The\n"
	  "`--` may be left out.\n" },
	{ "link", cli_link, "link NODE IFACE down|up",
	  "Shuts down or brings back up one interface of a running lab, as an\n"
	  "engineer would on the device (netlink, in NODE's namespace): FRR\n"
	  "and the SDN controller react as to a real link failure. Prints\n"
	  "e.g. `loc1-ce:msee1 is down`.\n" },
	{ "node", cli_node, "node NODE down|up [--json]",
	  "Fails a whole device of a running lab, or repairs it. down: every\n"
	  "interface the lab gives NODE set administratively down (netlink,\n"
	  "in its namespace), then its daemons (FRR's, charon) stopped and\n"
	  "held down: the daemon does not restart them. up: the interfaces\n"
	  "the lab declares up brought back up, the daemons started again\n"
	  "(FRR gets its configuration again), and it waits until the lab\n"
	  "has converged again, as verify does, and says how long that took.\n"
	  "Exits 1 if the lab does not converge (AZLAB_SETTLE_TIMEOUT).\n"
	  "`status` shows a node that is down.\n"
	  "  --json        machine-readable output (docs/cli.md)\n" },
	{ "restart", cli_restart, "restart NODE [--json]",
	  "Restarts NODE's daemons (FRR's, charon) with its frr: and ipsec:\n"
	  "files as they are now, touching nothing else, then waits until the\n"
	  "lab has converged again and says how long that took. Every file is\n"
	  "checked first (FRR's by vtysh's dry run): a bad one is reported as\n"
	  "FILE:LINE: error and the node keeps running what it ran.\n"
	  "  --json        machine-readable output (docs/cli.md)\n" },
	{ "capture", cli_capture, "capture NODE IFACE [-w FILE|-] [-c N] [FILTER...]",
	  "Runs the real tcpdump on IFACE inside NODE's namespace: readable\n"
	  "lines as packets come, or pcap. FILTER is tcpdump's (e.g. `udp\n"
	  "port 4500`). Ctrl-C stops it, and so does `azlab down`; nothing is\n"
	  "left running. Needs tcpdump (scripts/deps.sh installs it).\n"
	  "  -w FILE       write pcap to FILE; `-w -` streams it to stdout:\n"
	  "                ssh HOST sudo azlab capture loc1-ce wan0 -w - |\n"
	  "                wireshark -k -i -\n"
	  "  -c N          stop after N packets\n" },
	{ "trace", cli_trace, "trace SRC DST [-6] [--json] [--svg OUT | --png OUT]",
	  "Runs the real `traceroute -n -q 1 -N 16 -w 0.5,0,0 -m 15` (UDP\n"
	  "probes, all hops at once, half a second for a silent one) inside\n"
	  "node SRC toward DST (a node, meaning its first address, or an\n"
	  "address) and prints the hops as the article does, `*` for a hop\n"
	  "that did not answer, then one line per hop with its RTT. Exits 0\n"
	  "if DST answered, 1 otherwise. An IPv6 DST is traced over IPv6.\n"
	  "  -6, --ipv6    DST a node: its first IPv6 address\n"
	  "  --json        machine-readable output (docs/cli.md)\n"
	  "  --svg OUT     also draw the path over the lab's diagram (as\n"
	  "                `graph` draws it), numbered hop by hop, `*` hops\n"
	  "                as dashed markers, to OUT as SVG (needs Graphviz)\n"
	  "  --png OUT     the same as PNG\n" },
	{ "ping", cli_ping, "ping SRC DST [-c N] [-6] [--json]",
	  "Runs the real `ping -n -c N -W 1 -i 0.2` inside node SRC toward\n"
	  "DST (a node or an address; IPv6 pinged over IPv6) and prints what\n"
	  "was sent and received, the loss and the RTTs. Exits 0 if any\n"
	  "reply came back, 1 if none.\n"
	  "  -c N          echo requests to send (default 3)\n"
	  "  -6, --ipv6    DST a node: its first IPv6 address\n"
	  "  --json        machine-readable output (docs/cli.md)\n" },
	{ "verify", cli_verify,
	  "verify [--json] [--junit FILE] [--expect FILE] [CASE...]",
	  "Runs every case of the running lab's expectations (its\n"
	  "`expectations:` file; docs/lab-format.md) as real probes: a\n"
	  "traceroute for a case with a path, two pings for `reach: no`; the\n"
	  "cases without `shut` in parallel, then each shut case alone (shut,\n"
	  "wait up to 20 s for its path, restore, wait for the lab to come\n"
	  "back). A mismatch is probed once more before it counts. Prints\n"
	  "case, expected, seen and verdict; RTTs are shown, never judged.\n"
	  "Exits 0 only if every case matches. Ctrl-C restores what was shut.\n"
	  "  --json        machine-readable output (docs/cli.md)\n"
	  "  --junit FILE  also write JUnit XML (one testcase per case)\n"
	  "  --expect FILE check FILE's cases instead of the lab's own\n"
	  "  CASE...       only these cases (their ids)\n" },
	{ "matrix", cli_matrix, "matrix [-6] [--json] [--svg OUT | --png OUT]",
	  "Pings every host of the running lab from every other (two pings\n"
	  "each, all pairs at once) and prints the reachability grid: yes,\n"
	  "no, or error when a ping could not run (exit 1 then).\n"
	  "  -6, --ipv6    ping each host's first IPv6 address (default: its\n"
	  "                first address, of either family)\n"
	  "  --json        machine-readable output (docs/cli.md)\n"
	  "  --svg OUT     also draw the grid as a table, green yes, red no,\n"
	  "                grey error, to OUT as SVG (needs Graphviz)\n"
	  "  --png OUT     the same as PNG\n" },
	{ "drill", cli_drill, "drill [--list | DRILL [--json]]",
	  "Runs the running lab's failover drill DRILL (its `drills:`): a real\n"
	  "`ping -D` every 10 ms (the drill's interval) from its source while\n"
	  "its interface is shut, until real traces show the `during` case's\n"
	  "path, then restored, until they show the `after` case's. Reports\n"
	  "the paths before, during and after, packets sent, received and\n"
	  "lost, the outage in ms of the failover and of the failback, and\n"
	  "the BGP session changes of the shut node. The interface is brought\n"
	  "back up on every way out, Ctrl-C included. Exits 0 if both paths\n"
	  "were reached.\n"
	  "  --json        machine-readable output (docs/cli.md)\n"
	  "  --list        print the running lab's drills\n" },
	{ "save", cli_save, "save [DIR] [--json]",
	  "Saves the running lab into DIR (default: azlab-save-LAB-DATE-TIME\n"
	  "here), one file per node and kind: each router's FRR running\n"
	  "configuration, each charon's swanctl file as it runs and its\n"
	  "connections and SAs (VICI), every node's routes (as `routes`\n"
	  "shows them), the lab file and its expectations. The lab file's\n"
	  "relative layout is kept, so `azlab up DIR/lab/LAB.yaml` brings the\n"
	  "same lab up again from what was saved. Refuses a DIR that is not\n"
	  "empty.\n"
	  "  --json        print the files written as JSON (docs/cli.md)\n" },
	{ "check", cli_check, "check [-v] [FILE]",
	  "Checks a lab file without creating anything; reports every error\n"
	  "as FILE:LINE:COL: message.\n"
	  "  -v            print the normalised lab\n" },
	{ "plan", cli_plan, "plan [FILE] [--host NAME] [--ip-batch]",
	  "Prints the plumbing steps `up` would take, in order.\n"
	  "  --host NAME   those of `up --host NAME`: host NAME's share\n"
	  "  --ip-batch    as ip(8) batch lines (the benchmark's baseline)\n" },
	{ "graph", cli_graph, "graph [FILE] [--dot | --svg OUT | --png OUT]",
	  "Draws the lab (default: the running one, else the reference lab)\n"
	  "with Graphviz: nodes by site, links with their addresses, links\n"
	  "down in red (live state too while the lab runs), BGP sessions and\n"
	  "IPsec tunnels.\n"
	  "  --dot         print the DOT text (the default)\n"
	  "  --svg OUT     render to OUT as SVG (needs Graphviz's dot)\n"
	  "  --png OUT     render to OUT as PNG\n" },
	{ "daemon", cli_daemon, "daemon [FILE] [--host NAME]",
	  "Runs the lab daemon in the foreground, logging to stderr (for\n"
	  "systemd); `azlab down` or SIGTERM stops it and the lab.\n"
	  "  --host NAME   as up's: host NAME's share of a lab over hosts\n" },
	{ "frr-push", cli_frr_push, "frr-push SOCKET FILE",
	  "Pushes FILE's lines to the FRR daemon of vty socket SOCKET, in one\n"
	  "configuration session; prints each refused line as LINE: MESSAGE.\n"
	  "The lab daemon's own configuration push (docs/architecture.md).\n" },
	{ NULL, NULL, NULL, NULL },
};

const struct cli_verb *cli_verbs(void)
{
	return verbs;
}

bool cli_verb_internal(const struct cli_verb *v)
{
	return strcmp(v->name, "daemon") == 0 ||
	       strcmp(v->name, "frr-push") == 0;
}

const struct cli_verb *cli_find(const char *name)
{
	for (const struct cli_verb *v = verbs; v->name != NULL; v++)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}

void cli_print_help(const char *verb)
{
	const struct cli_verb *v = cli_find(verb);

	if (v != NULL)
		printf("usage: azlab %s\n\n%s", v->usage, v->help);
}

int cli_usage_error(const char *verb, const char *fmt, ...)
{
	const struct cli_verb *v = cli_find(verb);
	va_list ap;

	fprintf(stderr, "azlab: %s: ", verb);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (usage: azlab %s)\n", v != NULL ? v->usage : verb);
	return 2;
}

int cli_error(const char *verb, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "azlab: %s: ", verb);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int cli_need_root(const char *verb)
{
	if (geteuid() == 0)
		return 0;
	fprintf(stderr, "azlab: %s: must be run as root (namespaces and "
		"netlink need CAP_NET_ADMIN and CAP_SYS_ADMIN)\n", verb);
	return -1;
}

const char *cli_default_lab(void)
{
	static char path[PATH_MAX];
	char exe[PATH_MAX - 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	/* Running from a build tree: build/azlab -> lab/ next to build/. */
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash != NULL) {
			*slash = '\0';
			char rel[PATH_MAX];

			snprintf(rel, sizeof(rel),
				 "%s/../lab/azure-interop.yaml", exe);
			if (realpath(rel, path) != NULL &&
			    access(path, R_OK) == 0)
				return path;
		}
	}
	snprintf(path, sizeof(path), "%s/lab/azure-interop.yaml",
		 AZLAB_DATADIR);
	return path;
}

struct lab *cli_load_lab(const char *path)
{
	struct lab_diags diags = { 0 };
	struct lab *lab = lab_load(path, &diags);

	for (size_t i = 0; i < diags.n; i++)
		fprintf(stderr, "%s\n", diags.msgs[i]);
	lab_diags_free(&diags);
	return lab;
}

int cli_node_args(const char *verb, int argc, char **argv, const char **node,
		  bool *json)
{
	struct cli_args a = {
		.verb = verb, .json = json, .min = 1, .max = 1,
		.too_few = "which node?", .too_many = "one node at most",
	};
	int rc;

	*json = false;
	rc = cli_args(&a, argc, argv);
	*node = a.n_args > 0 ? a.args[0] : NULL;
	return rc;
}

int cli_file_args(const char *verb, const struct option *flag, int argc,
		  char **argv, const char **file, bool *on)
{
	struct cli_args a = {
		.verb = verb, .opts = flag, .take = cli_take_flag, .ctx = on,
		.max = 1, .too_many = CLI_ONE_LAB_FILE,
	};
	int rc;

	*on = false;
	rc = cli_args(&a, argc, argv);
	*file = a.n_args > 0 ? a.args[0] : cli_default_lab();
	return rc;
}

struct file_host_opts {
	bool *on;
	const char **host;
};

static int take_flag_or_host(struct cli_args *a, int opt, const char *arg)
{
	struct file_host_opts *o = a->ctx;

	if (opt == CLI_OPT_HOST)
		*o->host = arg;
	else
		*o->on = true;
	return 0;
}

int cli_file_host_args(const char *verb, const struct option *flag,
		       int argc, char **argv, const char **file, bool *on,
		       const char **host)
{
	const struct option opts[] = {
		flag[0],
		{ "host", required_argument, NULL, CLI_OPT_HOST },
		{ NULL, 0, NULL, 0 },
	};
	struct file_host_opts o = { on, host };
	struct cli_args a = {
		.verb = verb, .opts = opts, .take = take_flag_or_host,
		.ctx = &o, .max = 1, .too_many = CLI_ONE_LAB_FILE,
	};
	int rc;

	*on = false;
	*host = NULL;
	rc = cli_args(&a, argc, argv);
	*file = a.n_args > 0 ? a.args[0] : cli_default_lab();
	return rc;
}

struct lab *cli_load_share(const char *verb, const char *file,
			   const char *host)
{
	struct lab *lab = cli_load_lab(file);

	return host != NULL ? cli_keep_host(verb, lab, host) : lab;
}

struct lab *cli_load_running(const char *verb, const char *file)
{
	const char *snapshot = instance_path(INSTANCE_SNAPSHOT);
	struct lab_diags diags = { 0 };
	struct lab *lab = lab_load_under(snapshot, file, &diags);

	if (lab == NULL) {
		fprintf(stderr, "azlab: %s: warning: no usable copy of the "
			"running lab under %s (%s); reading %s\n", verb,
			snapshot, diags.n > 0 ? diags.msgs[0] :
			"out of memory", file);
		lab = cli_load_lab(file);
	}
	lab_diags_free(&diags);
	/* the verbs that ask FRR ask it where the lab runs it */
	if (lab != NULL)
		frr_shared_use(lab->frr_shared);
	return lab;
}

/* The running lab's state; false after a one-line error. */
static bool running_state(const char *verb, struct lab_state *st)
{
	struct azerr e;
	enum state_found found = state_read(st, &e);

	if (found != STATE_FOUND) {
		fprintf(stderr, "azlab: %s: %s\n", verb,
			found == STATE_ABSENT ? "no lab is running" : e.msg);
		return false;
	}
	if (!state_daemon_alive()) {
		fprintf(stderr, "azlab: %s: lab %s is not running: its daemon "
			"(pid %ld) is gone; run 'azlab down' to clean up\n",
			verb, st->lab, (long)st->pid);
		return false;
	}
	return true;
}

struct lab *cli_running_lab(const char *verb)
{
	struct lab_state st;

	if (!running_state(verb, &st))
		return NULL;
	return cli_keep_host(verb, cli_load_running(verb, st.file), st.host);
}

struct lab *cli_running_lab_whole(const char *verb)
{
	struct lab_state st;

	return running_state(verb, &st) ? cli_load_running(verb, st.file) :
					  NULL;
}

struct lab *cli_keep_host(const char *verb, struct lab *lab, const char *host)
{
	char why[160];

	if (lab == NULL || host[0] == '\0' ||
	    lab_keep_host(lab, host, why, sizeof(why)))
		return lab;
	fprintf(stderr, "azlab: %s: %s\n", verb, why);
	lab_free(lab);
	return NULL;
}

struct lab *cli_running_lab_node(const char *verb, const char *name,
				 const struct lab_node **node)
{
	struct lab *lab = cli_running_lab(verb);

	if (lab == NULL)
		return NULL;
	*node = lab_find_node(lab, name);
	if (*node == NULL) {
		fprintf(stderr, "azlab: %s: no node '%s' in lab %s\n", verb,
			name, lab->name);
		lab_free(lab);
		return NULL;
	}
	if (!lab_node_here(lab, *node)) {
		fprintf(stderr, "azlab: %s: node '%s' is on host %s; this is "
			"host %s: run it there\n", verb, name,
			(*node)->host->name, lab->here->name);
		lab_free(lab);
		return NULL;
	}
	return lab;
}

struct lab *cli_running_lab_iface(const char *verb, const char *name,
				  const char *iface)
{
	const struct lab_node *node;
	struct lab *lab = cli_running_lab_node(verb, name, &node);

	if (lab != NULL && lab_find_iface(node, iface) == NULL) {
		fprintf(stderr, "azlab: %s: node '%s' has no interface '%s'\n",
			verb, name, iface);
		lab_free(lab);
		return NULL;
	}
	return lab;
}

struct expect_set *cli_load_expectations(const char *verb,
					 const struct lab *lab,
					 const char *path)
{
	struct lab_diags diags = { 0 };
	struct expect_set *set = expect_load(path, lab, &diags);

	for (size_t i = 0; i < diags.n; i++)
		fprintf(stderr, "azlab: %s: %s\n", verb, diags.msgs[i]);
	lab_diags_free(&diags);
	return set;
}

bool cli_node_elsewhere(const char *verb, const char *name)
{
	struct lab_state st;
	struct azerr e;
	const struct lab_node *node;
	struct lab *lab;
	bool away;

	if (state_read(&st, &e) != STATE_FOUND || st.host[0] == '\0' ||
	    (lab = cli_load_running(verb, st.file)) == NULL)
		return false;
	node = lab_find_node(lab, name);
	away = node != NULL && node->host != NULL &&
	       strcmp(node->host->name, st.host) != 0;
	if (away)
		fprintf(stderr, "azlab: %s: node '%s' is on host %s; this is "
			"host %s: run it there\n", verb, name, node->host->name,
			st.host);
	lab_free(lab);
	return away;
}

bool cli_node_ns_exists(const char *node, char *ns, size_t len)
{
	char path[PATH_MAX];

	lab_ns_name(node, ns, len);
	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, ns);
	return strchr(node, '/') == NULL && access(path, F_OK) == 0;
}
