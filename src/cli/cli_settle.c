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

/* What one memfd got, NUL-terminated into buf (first line only when
 * line). */
static void memfd_text(int fd, char *buf, size_t len, bool line)
{
	ssize_t n = 0;

	if (fd >= 0 && lseek(fd, 0, SEEK_SET) == 0)
		n = read(fd, buf, len - 1);
	buf[n > 0 ? n : 0] = '\0';
	if (line)
		buf[strcspn(buf, "\n")] = '\0';
}

int cli_ctl(char **args, int n, char *out, size_t out_len, char *err,
	    size_t err_len, struct azerr *e)
{
	int ofd = memfd_create("azlab-out", MFD_CLOEXEC);
	int efd = err != NULL ? memfd_create("azlab-err", MFD_CLOEXEC)
			      : STDERR_FILENO;
	int rc = -1;

	if (ofd < 0 || efd < 0)
		azerr_errno(e, errno, "memfd_create");
	else
		rc = ctl_call(args, n, ofd, efd, e);
	memfd_text(ofd, out, out_len, true);
	if (err != NULL)
		memfd_text(efd, err, err_len, true);
	if (ofd >= 0)
		close(ofd);
	if (err != NULL && efd >= 0)
		close(efd);
	return rc;
}

/* One "converged" request: its exit status (enum converged; -1: no
 * answer, e says why), its line in line. */
static int ask(char *line, size_t len, struct azerr *e)
{
	char *args[] = { "converged" };

	return cli_ctl(args, 1, line, len, NULL, 0, e);
}

static long long settle_timeout_ms(void)
{
	const char *s = getenv("AZLAB_SETTLE_TIMEOUT");
	long long v = s != NULL ? strtoll(s, NULL, 10) : SETTLE_TIMEOUT_S;

	return (v > 0 ? v : SETTLE_TIMEOUT_S) * 1000;
}

int cli_settle(const char *verb, struct cli_settled *s)
{
	long long start = sup_now_ms(), limit = settle_timeout_ms();
	struct timespec ts = { 0, FRR_WAIT_POLL_MS * 1000000L };

	s->said = false;
	while ((s->rc = ask(s->line, sizeof(s->line), &s->e)) ==
	       CONVERGED_NOT_YET && sup_now_ms() - start < limit) {
		if (!s->said)
			fprintf(stderr, "azlab: %s: waiting for the lab to "
				"converge (%s)\n", verb, s->line);
		s->said = true;
		nanosleep(&ts, NULL);
	}
	s->ms = sup_now_ms() - start;
	s->limit_s = limit / 1000;
	return s->rc;
}

int cli_wait_converged(const char *verb)
{
	struct cli_settled s;
	int rc = cli_settle(verb, &s);

	if (rc == CONVERGED_STEADY) {	/* judged as it is */
		fprintf(stderr, "azlab: %s: the lab is steady, but not all of "
			"it is up: %s\n", verb, s.line);
		return 0;
	}
	if (rc < 0)
		fprintf(stderr, "azlab: %s: %s\n", verb, s.e.msg);
	else if (rc == CONVERGED_NOT_YET)
		fprintf(stderr, "azlab: %s: the lab has not converged after "
			"%lld s: %s\n", verb, s.limit_s, s.line);
	else if (rc != CONVERGED)
		fprintf(stderr, "azlab: %s: the lab cannot converge: %s\n",
			verb, s.line);
	else if (s.said)
		fprintf(stderr, "azlab: %s: converged after %.1f s\n", verb,
			(double)s.ms / 1000);
	return rc == CONVERGED ? 0 : -1;
}
