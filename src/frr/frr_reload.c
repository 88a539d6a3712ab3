/* SPDX-License-Identifier: ISC */
/* A node's FRR configuration replaced while the lab runs (`azlab restart
 * NODE`): the user's file as it is now is staged next to the running
 * copy, checked by vtysh's dry run (-C: vtysh parses every line with the
 * commands of every daemon, connects to none), and only then put in
 * place of the copy the daemons' pushes read. A file vtysh refuses
 * leaves the running copy, and so the running configuration, as it
 * was. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "frr.h"
#include "core/fsutil.h"
#include "proc/spawn.h"

#define CHECK_TIMEOUT_MS 10000

void frr_config_error(const char *log, const char *file, char *buf,
		      size_t len)
{
	char *text = file_read(log, NULL);
	char *line = text;
	unsigned no = 0;
	int at = 0;

	for (; line != NULL && *line != '\0'; line += strcspn(line, "\n")) {
		line += strspn(line, "\n");
		at = 0;
		if (sscanf(line, "line %u: %n", &no, &at) == 1 && at > 0)
			break;
	}
	if (line != NULL && *line != '\0') {
		line[strcspn(line, "\n")] = '\0';
		snprintf(buf, len, "%s:%u: %s", file, no, line + at);
	} else {
		snprintf(buf, len, "%s (see %s)", file, log);
	}
	free(text);
}

/* Whether the node's zebra got a push of its own at `up` (frr.c). */
static bool zebra_pushed(const struct supervisor *sup, const char *node)
{
	const struct svc *z = sup_find(sup, node, "zebra");

	return z != NULL && z->post.argv != NULL;
}

/* The daemons the node runs now, as FRR_BIT()s. */
static unsigned running_needs(const struct supervisor *sup, const char *node)
{
	unsigned needs = 0;

	for (int d = 0; d < FRR_N_DAEMONS; d++)
		if (sup_find(sup, node, frr_daemon_name(d)) != NULL)
			needs |= FRR_BIT(d);
	return needs;
}

/* vtysh -C -f staged: 0 when it takes every line, 1 when it refuses
 * one, -1 when it could not be run (e). */
static int dry_run(const char *staged, const char *log, struct azerr *e)
{
	char *argv[] = { FRR_VTYSH, "-C", "-f", (char *)staged, NULL };
	struct spawn_opts o = { .argv = argv, .log = log };
	struct timespec pause = { 0, 10 * 1000000L };
	int status, waited = 0;
	pid_t pid, r;

	unlink(log);
	if ((pid = spawn(&o, e)) < 0)
		return -1;
	while ((r = waitpid(pid, &status, WNOHANG)) == 0 &&
	       waited < CHECK_TIMEOUT_MS) {
		nanosleep(&pause, NULL);
		waited += 10;
	}
	if (r == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return azerr_set(e, "vtysh -C did not finish within %d s",
				 CHECK_TIMEOUT_MS / 1000);
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

static int staged_paths(const char *node, char *staged, char *log,
			struct azerr *e)
{
	if (frr_path(staged, PATH_MAX, node, "frr.conf.new") < 0 ||
	    frr_path(log, PATH_MAX, node, "frr.check.log") < 0)
		return azerr_set(e, "%s: path too long", node);
	return 0;
}

int frr_config_stage(const char *node, const char *file,
		     const struct supervisor *sup, struct azerr *e)
{
	char staged[PATH_MAX], log[PATH_MAX], where[600];
	unsigned needs, running = running_needs(sup, node);
	bool zebra_new;
	size_t len;
	char *text;
	int rc;

	if (staged_paths(node, staged, log, e) < 0)
		return -1;
	if ((text = file_read(file, &len)) == NULL)
		return azerr_errno(e, errno, "reading %s", file);
	needs = frr_needs(text);
	/* a zebra with no push of its own would not get its new part */
	zebra_new = frr_zebra_own_part(text) && !zebra_pushed(sup, node);
	rc = file_write(staged, text, len);
	free(text);
	if (rc < 0)
		return azerr_errno(e, errno, "writing %s", staged);
	/* a line FRR refuses first: FILE:LINE says more than the daemons
	 * the file would need, and an unknown word may be zebra's */
	rc = dry_run(staged, log, e);
	if (rc == 1) {
		frr_config_error(log, file, where, sizeof(where));
		azerr_set(e, "%s: FRR refuses it; %s keeps its configuration",
			  where, node);
	} else if (rc == 0 && zebra_new) {
		rc = azerr_set(e, "%s has lines for zebra, which %s's "
			       "configuration had none of at up: that takes "
			       "'azlab down' and 'azlab up'", file, node);
	} else if (rc == 0 && needs != running) {
		rc = azerr_set(e, "%s needs other FRR daemons than %s runs (a "
			       "router block added or removed): that takes "
			       "'azlab down' and 'azlab up'", file, node);
	}
	if (rc != 0)
		unlink(staged);
	return rc == 0 ? 0 : -1;
}

int frr_config_commit(const char *node, struct azerr *e)
{
	char staged[PATH_MAX], log[PATH_MAX], conf[PATH_MAX];

	if (staged_paths(node, staged, log, e) < 0 ||
	    frr_path(conf, sizeof(conf), node, "frr.conf") < 0)
		return azerr_set(e, "%s: path too long", node);
	if (rename(staged, conf) < 0)
		return azerr_errno(e, errno, "renaming %s", staged);
	return 0;
}

void frr_config_unstage(const char *node)
{
	char staged[PATH_MAX], log[PATH_MAX];
	struct azerr e;

	if (staged_paths(node, staged, log, &e) == 0)
		unlink(staged);
}
