/* SPDX-License-Identifier: ISC */
/* Which azlab instance this process belongs to: its run directory (state,
 * lock, control socket, the lab's copy, FRR's and charon's directories),
 * the prefix of its namespaces and its log directory. Two instances with
 * different values run side by side on one machine without touching each
 * other (docs/cli.md, "Instances").
 *
 * Set once at start-up (main: the environment, then the global options
 * before the verb), before any thread; read everywhere after. A process
 * that never sets it (a unit test) gets the defaults. */
#ifndef AZLAB_INSTANCE_H
#define AZLAB_INSTANCE_H

#include "err.h"

#define INSTANCE_RUN_DIR_DEFAULT	"/run/azlab"
#define INSTANCE_NS_PREFIX_DEFAULT	"azlab-"
#define INSTANCE_LOG_DIR_DEFAULT	"/var/log/azlab"
/* where a log directory derived from the run directory's name goes */
#define INSTANCE_LOG_PARENT		"/var/log"

#define INSTANCE_ENV_RUN_DIR		"AZLAB_RUN_DIR"
#define INSTANCE_ENV_NS_PREFIX		"AZLAB_NS_PREFIX"
#define INSTANCE_ENV_LOG_DIR		"AZLAB_LOG_DIR"

/* Characters, NUL not counted. The run directory's bound keeps every
 * socket below it within sun_path (frr.c checks its own at compile
 * time); the prefix's keeps namespace names a compile-time size
 * (LAB_NS_NAME_MAX). */
#define INSTANCE_RUN_DIR_MAX		48
#define INSTANCE_LOG_DIR_MAX		200
#define INSTANCE_NS_PREFIX_MAX		12

/* What lives in the run directory, by name. */
enum instance_file {
	INSTANCE_STATE,		/* "state": which lab, daemon, phase */
	INSTANCE_STATE_TMP,	/* "state.tmp", renamed over it */
	INSTANCE_LOCK,		/* "lock": held by the daemon */
	INSTANCE_CONTROL,	/* "control.sock" */
	INSTANCE_SNAPSHOT,	/* "lab": the copy of what `up` read */
	INSTANCE_FRR_DIR,	/* "frr": FRR's per node */
	INSTANCE_CHARON_DIR,	/* "charon": charon's per node */
	INSTANCE_PSK_DIR,	/* "ipsec-psk": the PSKs made at `up` */
	INSTANCE_MARK,		/* ".azlab-run-dir": made by azlab, so `down`
				 * may remove it with all in it */
	INSTANCE_N_FILES,
};

/* One setting as given: its value (NULL: not given) and where it came
 * from ("AZLAB_NS_PREFIX", "--ns-prefix"), which its errors name. */
struct instance_setting {
	const char *value;
	const char *from;
};

struct instance_config {
	struct instance_setting run_dir, ns_prefix, log_dir;
};

/* The settings the environment gives (an empty variable gives none). */
void instance_config_from_env(struct instance_config *c);
/* Checks c and makes it this process's instance: defaults for what is
 * not given, the log directory INSTANCE_LOG_PARENT/<run dir's name> for
 * a run directory not the default's and no log directory given. Exports
 * the result in the INSTANCE_ENV_* variables, for the daemon, the
 * processes it starts and scripts. 0, or -1 with e, one line such as
 * `AZLAB_NS_PREFIX "X": ...`; nothing changed then.
 * The rules (docs/cli.md):
 * - run directory: absolute, of [A-Za-z0-9._-] between single slashes,
 *   no "." or ".." part, no slash at the end, at most
 *   INSTANCE_RUN_DIR_MAX characters, and its last part begins with
 *   "azlab" (`down` removes it with everything in it: never a directory
 *   of anything else);
 * - prefix: 1 to INSTANCE_NS_PREFIX_MAX - 1 lower-case letters or digits,
 *   then '-'. No such prefix begins another (the one '-' is the last
 *   character), so no instance takes another's namespaces for its own;
 * - log directory: a path as the run directory's, at most
 *   INSTANCE_LOG_DIR_MAX characters, any last part;
 * - the run directory and the prefix are both the defaults or neither
 *   is: an instance with its own run directory and the default prefix
 *   (or the reverse) would take the default instance's namespaces (or
 *   run directory) for its own. */
int instance_apply(const struct instance_config *c, struct azerr *e);

const char *instance_run_dir(void);
const char *instance_ns_prefix(void);
const char *instance_log_dir(void);
/* The daemon's log: <log dir>/azlabd.log */
const char *instance_log_file(void);
/* The path of f in the run directory. */
const char *instance_path(enum instance_file f);

#endif
