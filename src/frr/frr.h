/* SPDX-License-Identifier: ISC */
/* FRR in the lab: which daemons a router's configuration needs, their
 * command lines, and starting them, per node, under the supervisor.
 * Everything FRR makes for a node lives in frr/<node>/ of the instance's
 * run directory (frr_path): the copy of its configuration, vty sockets,
 * zserv.api, pid files and logs. By hand:
 *   vtysh --vty_socket /run/azlab/frr/<node> */
#ifndef AZLAB_FRR_H
#define AZLAB_FRR_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/err.h"
#include "model/lab.h"
#include "run/state.h"
#include "proc/supervise.h"

#define FRR_SBIN_DIR	"/usr/lib/frr"
#define FRR_VTYSH	"/usr/bin/vtysh"
#define FRR_USER	"frr"
/* where -N makes each daemon a directory (ospfd's GR state, ...) */
#define FRR_PATHSPACE_DIR "/run/frr"
/* where each daemon keeps its crash-log buffers, <daemon>.<pid>, whatever
 * -N says; a daemon removes its own only when it exits cleanly */
#define FRR_TMP_DIR	"/var/tmp/frr"
#define FRR_LIMIT_FDS	4096	/* each daemon's, --limit-fds */
#define FRR_START_TIMEOUT_MS 10000	/* zebra's zserv.api */

enum frr_daemon {
	FRR_ZEBRA,		/* always, and first: the others connect to it */
	FRR_BGPD,
	FRR_OSPFD,
	FRR_STATICD,
	FRR_BFDD,
	FRR_N_DAEMONS,
	/* not a daemon: frr_push_cmd's "every daemon of the node" */
	FRR_ALL_DAEMONS = FRR_N_DAEMONS,
};
#define FRR_BIT(d) (1u << (d))

const char *frr_daemon_name(enum frr_daemon d);
/* The daemons a configuration needs, as FRR_BIT()s; zebra always. */
unsigned frr_needs(const char *config);
/* Whether a configuration may have lines of zebra's own: false only when
 * every line is known to be another daemon's (bgpd's blocks, prefix
 * lists and route-maps). Such a zebra gets no push of its own at `up`. */
bool frr_zebra_own_part(const char *config);
struct frr_conf_line;
/* Whether a line is one a BGP speaker's file may have: bgpd's, or the
 * policy every daemon shares (what frr_zebra_own_part lets by), and no
 * other daemon's. in_block: the line is inside a router bgp or
 * route-map block, where whatever is not another daemon's is bgpd's. */
bool frr_line_bgp_only(const struct frr_conf_line *l, bool in_block);

/* A command line: argv points into buf. */
#define FRR_ARGV_MAX 24
struct frr_cmd {
	char *argv[FRR_ARGV_MAX + 1];
	size_t argc;
	char buf[2048];
	size_t used;
};

/* Appends an argument; -1 when c is full. */
int frr_cmd_add(struct frr_cmd *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* buf = <run dir>/frr/<node>/<file> (file NULL: the directory); -1 if
 * too long */
int frr_path(char *buf, size_t len, const char *node, const char *file);
/* Where the supervisor keeps daemon d of node's files: its log, its
 * vty socket (ready once it serves), its push's log, its crash-log
 * directories' prefix. -1 if too long. */
struct frr_daemon_files {
	char log[PATH_MAX], vty[PATH_MAX], push_log[PATH_MAX];
	char tmp[PATH_MAX];
};
int frr_daemon_files(const char *node, enum frr_daemon d,
		     struct frr_daemon_files *f);
/* The daemon d of node, started with no configuration of its own. */
int frr_daemon_cmd(const char *node, enum frr_daemon d, struct frr_cmd *c);
/* vtysh pushing the node's configuration to daemon d only, or with d
 * FRR_ALL_DAEMONS to every daemon of the node that serves (what the
 * node's daemons but zebra share after their first start: one vtysh,
 * not one per daemon). */
int frr_push_cmd(const char *node, enum frr_daemon d, struct frr_cmd *c);

/* `azlab frr-push` of the node's configuration to daemon d: a file
 * that is all bgpd's, pushed over its vty socket (frr_push.c). */
int frr_own_push_cmd(const char *node, enum frr_daemon d,
		     struct frr_cmd *c);

/* vtysh asking the node's daemons one command (`show running-config`),
 * each answering its part, merged as vtysh does. */
int frr_show_cmd(const char *node, const char *show, struct frr_cmd *c);
/* The configuration in vtysh's answer to `show running-config`
 * (malloc'd; NULL when out of memory): the answer from its first line
 * that is not vtysh's own header, without vtysh's own hostname line,
 * "hostname OWN_HOST" (vtysh's host, not the node's), where the node's
 * daemons have theirs. */
char *frr_running_config(const char *answer, const char *own_host);

bool frr_lab_uses(const struct lab *lab);
/* The run directory's frr/ and FRR's own directories; FRR's user. */
int frr_make_dirs(uid_t *uid, gid_t *gid, struct azerr *e);
/* Starts every FRR daemon of every node with an frr: file, zebra first,
 * each getting its configuration from vtysh once its vty socket is up.
 * Returns once every zebra serves and every other daemon is started;
 * -1 with e naming the node otherwise (the caller stops the rest). */
int frr_start(const struct lab *lab, struct supervisor *sup,
	      struct azerr *e);

/* Blocks until every zebra of the lab (only: that node's) takes
 * connections, running the supervisor's timers meanwhile. */
int frr_wait_zebras(const struct lab *lab, const char *only,
		    struct supervisor *sup, struct azerr *e);

/* frr_reload.c. vtysh's "line 12: % Unknown command[4]: foo" in log
 * (its answer to a push or a dry run of file) as "FILE:12: % Unknown
 * ..."; without such a line, "FILE (see LOG)". */
void frr_config_error(const char *log, const char *file, char *buf,
		      size_t len);
/* A new configuration for node: file as it is now, staged next to the
 * running copy and checked by vtysh's dry run. -1 (nothing changed) with
 * e: "FILE:LINE: % Unknown command: ..." when FRR refuses a line, or
 * when it needs other daemons than node runs (under sup). */
int frr_config_stage(const char *node, const char *file,
		     const struct supervisor *sup, struct azerr *e);
/* The staged configuration becomes the one the daemons' pushes read. */
int frr_config_commit(const char *node, struct azerr *e);
void frr_config_unstage(const char *node);

#endif
