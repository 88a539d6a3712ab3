/* SPDX-License-Identifier: ISC */
/* Verbs that judge the lab (verify, matrix, drill) first wait until it
 * has converged, as `up` judges it: a lab still settling after `azlab
 * link ... up`, a charon restart or a daemon's restart would otherwise
 * be judged mid-change. A lab with something down that is not coming
 * back (a link the user shut) is judged once it is steady, with a word
 * on what is down. The daemon judges (the "converged" request,
 * daemon_wait.c); this asks it every FRR_WAIT_POLL_MS, says once on
 * stderr what it waits for, and gives up after AZLAB_SETTLE_TIMEOUT
 * seconds. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "run/control.h"
#include "frr/frr_wait.h"
#include "proc/supervise.h"

#define SETTLE_TIMEOUT_S	60

/* One "converged" request: its exit status (enum converged; -1: no
 * answer, e says why), its line in line. */
static int ask(char *line, size_t len, struct azerr *e)
{
	char *args[] = { "converged" };
	int fd = memfd_create("azlab-converged", MFD_CLOEXEC);
	ssize_t n = 0;
	int rc;

	if (fd < 0)
		return azerr_errno(e, errno, "memfd_create");
	rc = ctl_call(args, 1, fd, STDERR_FILENO, e);
	if (rc >= 0 && lseek(fd, 0, SEEK_SET) == 0)
		n = read(fd, line, len - 1);
	close(fd);
	line[n > 0 ? n : 0] = '\0';
	line[strcspn(line, "\n")] = '\0';
	return rc;
}

static long long settle_timeout_ms(void)
{
	const char *s = getenv("AZLAB_SETTLE_TIMEOUT");
	long long v = s != NULL ? strtoll(s, NULL, 10) : SETTLE_TIMEOUT_S;

	return (v > 0 ? v : SETTLE_TIMEOUT_S) * 1000;
}

int cli_wait_converged(const char *verb)
{
	long long start = sup_now_ms(), limit = settle_timeout_ms();
	char line[700];
	bool said = false;
	struct azerr e;
	int rc;

	while ((rc = ask(line, sizeof(line), &e)) == CONVERGED_NOT_YET &&
	       sup_now_ms() - start < limit) {
		struct timespec ts = { 0, FRR_WAIT_POLL_MS * 1000000L };

		if (!said)
			fprintf(stderr, "azlab: %s: waiting for the lab to "
				"converge (%s)\n", verb, line);
		said = true;
		nanosleep(&ts, NULL);
	}
	if (rc == CONVERGED_STEADY) {	/* judged as it is */
		fprintf(stderr, "azlab: %s: the lab is steady, but not all of "
			"it is up: %s\n", verb, line);
		return 0;
	}
	if (rc < 0)
		fprintf(stderr, "azlab: %s: %s\n", verb, e.msg);
	else if (rc == CONVERGED_NOT_YET)
		fprintf(stderr, "azlab: %s: the lab has not converged after "
			"%lld s: %s\n", verb, limit / 1000, line);
	else if (rc != CONVERGED)
		fprintf(stderr, "azlab: %s: the lab cannot converge: %s\n",
			verb, line);
	else if (said)
		fprintf(stderr, "azlab: %s: converged after %.1f s\n", verb,
			(double)(sup_now_ms() - start) / 1000);
	return rc == CONVERGED ? 0 : -1;
}
