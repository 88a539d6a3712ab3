/* SPDX-License-Identifier: ISC */
/* The CLI verbs. Each takes its own argv (argv[0] is the verb) and returns
 * the process exit status: 0 success, 1 failure, 2 usage error. */
#ifndef AZLAB_CLI_H
#define AZLAB_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "cli_args.h"
#include "core/err.h"
#include "model/lab.h"

struct cli_verb {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;	/* after "azlab " */
	const char *help;	/* what it does, options */
};

const struct cli_verb *cli_find(const char *name);
const struct cli_verb *cli_verbs(void);	/* ends with name == NULL */
/* Whether v is run by azlab itself (the daemon's, the supervisor's), so
 * not listed by --help. */
bool cli_verb_internal(const struct cli_verb *v);
/* Prints the verb's usage line and help text on stdout. */
void cli_print_help(const char *verb);
int cli_usage_error(const char *verb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "azlab: VERB: message" on stderr; returns 1, a failure's status. */
int cli_error(const char *verb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int cli_need_root(const char *verb);
/* The reference lab shipped with the binary. */
const char *cli_default_lab(void);
/* Loads a lab, printing every diagnostic; NULL on failure. */
struct lab *cli_load_lab(const char *path);
/* "VERB NODE [--json]": CLI_GO_ON, or the exit status to give. */
int cli_node_args(const char *verb, int argc, char **argv, const char **node,
		  bool *json);
#define CLI_OPTION_QUIET	{ "quiet", no_argument, NULL, 'q' }
#define CLI_ONE_LAB_FILE	"one lab file at most"
/* "VERB [FILE] [FLAG]", flag the one option's table (*on: given), FILE
 * by default the reference lab: CLI_GO_ON, or the exit status to give. */
int cli_file_args(const char *verb, const struct option *flag, int argc,
		  char **argv, const char **file, bool *on);
/* The same with `--host NAME` too (*host: NAME, or NULL): the verbs
 * that build, or plan, one host's share of a lab over hosts. */
int cli_file_host_args(const char *verb, const struct option *flag,
		       int argc, char **argv, const char **file, bool *on,
		       const char **host);
/* FILE's lab, cut to host's share unless host is NULL; NULL after the
 * errors are printed. */
struct lab *cli_load_share(const char *verb, const char *file,
			   const char *host);
/* The running lab whose file is `file`: the copy `up` took
 * (daemon/snapshot.h), not the file, which may have changed since; a lab
 * whose copy is missing (an older azlab started it) or unreadable is read
 * from its file, with a warning. */
struct lab *cli_load_running(const char *verb, const char *file);
/* The running lab's model (as above); NULL after a one-line error (no
 * lab, a dead daemon, a lab that no longer loads). */
struct lab *cli_running_lab(const char *verb);
/* The same, but all of a lab over hosts, not this host's share: what a
 * picture of a path that crosses to another host draws. */
struct lab *cli_running_lab_whole(const char *verb);
/* lab (freed on failure) cut to host's share, unless host is "". */
struct lab *cli_keep_host(const char *verb, struct lab *lab, const char *host);
/* cli_neigh.c: reads an unsigned sysctl of the host's namespace: 0, or
 * -1 if it cannot. */
typedef int (*cli_sysctl_reader)(const char *key, unsigned long *value);
int cli_host_sysctl(const char *key, unsigned long *value);
/* Warns on out, one line a family, when the lab's nodes on host (NULL:
 * all of them) need more neighbour entries than read says the kernel's
 * table holds (gc_thresh3); returns the number of lines. */
int cli_warn_neigh(FILE *out, const char *verb, const struct lab *lab,
		   const struct lab_host *host, cli_sysctl_reader read);
/* Waits until the running lab has converged (cli_settle.c); 0, or -1
 * after a one-line error. */
int cli_wait_converged(const char *verb);
/* The wait itself, quiet but for its "waiting for the lab" line: rc is
 * the daemon's last answer (enum converged; -1: none, e says why), line
 * what went with it, ms how long it took. Returns rc. */
struct cli_settled {
	int rc;
	char line[700];
	long long ms, limit_s;
	bool said;		/* the waiting line was printed */
	struct azerr e;
};
int cli_settle(const char *verb, struct cli_settled *s);
/* One control request (run/control.h): the daemon's exit status, its
 * stdout's first line in out, its stderr's in err (NULL: passed to
 * ours); -1 with e when the daemon could not be asked. */
int cli_ctl(char **args, int n, char *out, size_t out_len, char *err,
	    size_t err_len, struct azerr *e);
/* The running lab's model, with *node set to NAME in it; NULL after a
 * one-line error (no lab, a dead daemon, no such node). */
struct lab *cli_running_lab_node(const char *verb, const char *name,
				 const struct lab_node **node);
/* The same, and IFACE one of the node's interfaces in the lab file. */
struct lab *cli_running_lab_iface(const char *verb, const char *name,
				  const char *iface);
struct expect_set;
/* The expectations file path, checked against lab; NULL after printing
 * each problem as "azlab: VERB: FILE:LINE:COL: message". */
struct expect_set *cli_load_expectations(const char *verb,
					 const struct lab *lab,
					 const char *path);
/* True, after saying where, if the running lab is split over hosts and
 * node is one of another host's. */
bool cli_node_elsewhere(const char *verb, const char *name);
/* True if NODE has a namespace in the running lab (a name with '/'
 * never does); its name is left in ns either way. */
bool cli_node_ns_exists(const char *node, char *ns, size_t len);

/* cli_render.c: a picture asked for by `--svg OUT` or `--png OUT`. */
struct cli_picture {
	const char *format;	/* NULL: none; "svg", "png" */
	const char *out;
};
#define CLI_OPTIONS_PICTURE \
	{ "svg", required_argument, NULL, CLI_OPT_SVG }, \
	{ "png", required_argument, NULL, CLI_OPT_PNG }
/* Takes --svg OUT or --png OUT (opt CLI_OPT_SVG or CLI_OPT_PNG) into p:
 * 0, or -1 after a usage error in a (a second picture). */
int cli_picture_take(struct cli_args *a, int opt, const char *out,
		     struct cli_picture *p);
/* Writes a picture's DOT text to out: 0, or -1 on a write error. */
typedef int (*cli_dot_writer)(const void *arg, FILE *out);
/* Runs `dot -T<format> -o OUT` with write's text on its stdin: 0, or -1
 * after a one-line error (no dot, dot failed). */
int cli_render(const char *verb, const struct cli_picture *p,
	       cli_dot_writer write, const void *arg);
struct graph_path;
/* cli_graph.c: lab drawn (with path highlighted, if not NULL) to p, or as
 * DOT text to stdout when p has no format; live: with the running lab's
 * links found down. 0, or 1 after an error. */
int cli_graph_draw(const char *verb, const struct lab *lab,
		   const struct graph_path *path, const struct cli_picture *p,
		   bool live);

/* cli_routes.c: NODE's effective routes as `azlab routes` shows them,
 * to out: 0, or 1 after a one-line error naming verb. */
int cli_routes_write(FILE *out, const char *verb, const struct lab *lab,
		     const struct lab_node *node, bool json);
/* cli_ipsec.c: what NODE's charon has loaded (list-conns) and set up
 * (list-sas), as readable text, to out: 0, or -1 with e set. */
struct azerr;
int cli_ipsec_write(FILE *out, const char *node, struct azerr *e);

/* cli_save.c: the default folder, azlab-save-LAB-YYYYmmdd-HHMMSS (local
 * time), and running/NODE.SUFFIX, where what only describes the running
 * lab goes. 0, or -1 if buf is too short. */
int cli_save_dir_name(char *buf, size_t len, const char *lab, time_t when);
/* dir without its trailing slashes ("/" stays). */
int cli_save_dir_trim(char *buf, size_t len, const char *dir);
int cli_save_running_name(char *buf, size_t len, const char *node,
			  const char *suffix);

int cli_up(int argc, char **argv);
int cli_daemon(int argc, char **argv);
int cli_frr_push(int argc, char **argv);
int cli_down(int argc, char **argv);
int cli_status(int argc, char **argv);
int cli_exec(int argc, char **argv);
int cli_link(int argc, char **argv);
int cli_capture(int argc, char **argv);
int cli_trace(int argc, char **argv);
int cli_ping(int argc, char **argv);
int cli_bgp(int argc, char **argv);
int cli_routes(int argc, char **argv);
int cli_ipsec(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_plan(int argc, char **argv);
int cli_graph(int argc, char **argv);
int cli_verify(int argc, char **argv);
int cli_matrix(int argc, char **argv);
int cli_drill(int argc, char **argv);
int cli_save(int argc, char **argv);
int cli_node(int argc, char **argv);
int cli_restart(int argc, char **argv);

#endif
