/* SPDX-License-Identifier: ISC */
/* The daemon's life: it takes the lock, builds the lab while streaming
 * progress to `azlab up`, starts FRR and charon, then runs one poll loop
 * (signals, control requests, the gateways' route monitors, charon's
 * events, the supervisor's timers) until `down` or a signal, and tears
 * everything down before it exits. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/instance.h"
#include "ipsec/charon.h"
#include "run/control.h"
#include "daemon.h"
#include "daemon_priv.h"
#include "frr/frr.h"
#include "frr/frr_wait.h"
#include "core/log.h"
#include "plan/plan.h"
#include "plan/plumb.h"
#include "frr/frr_shared.h"
#include "sdn/sdn.h"
#include "snapshot.h"
#include "run/state.h"
#include "proc/supervise.h"
#include "teardown.h"

static void tell(struct azlab *az, const struct progress_msg *m)
{
	if (az->follower != FOLLOWER_UP)
		return;
	if (progress_write(az->progress_fd, m) < 0 && errno == EPIPE) {
		close(az->progress_fd);
		az->progress_fd = -1;
		az->follower = FOLLOWER_GONE;	/* the user went away */
	}
}

void tell_step(struct azlab *az, size_t done, size_t total, const char *what)
{
	struct progress_msg m = { .kind = PROGRESS_STEP, .done = done,
				  .total = total };

	snprintf(m.text, sizeof(m.text), "%s", what);
	tell(az, &m);
}

void tell_up(struct azlab *az, enum progress_kind kind, const char *fmt, ...)
{
	struct progress_msg m = { .kind = kind };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m.text, sizeof(m.text), fmt, ap);
	va_end(ap);
	tell(az, &m);
}

static int on_step(void *arg, size_t done, size_t total, const struct step *s)
{
	struct azlab *az = arg;
	char what[256];

	plan_step_describe(s, what, sizeof(what));
	log_debug("step %zu/%zu: %s", done, total, what);
	tell_step(az, done, total, what);
	if (az->step_delay_ms > 0) {
		struct timespec ts = { az->step_delay_ms / 1000,
				       (az->step_delay_ms % 1000) * 1000000L };
		nanosleep(&ts, NULL);
	}
	return az->follower == FOLLOWER_GONE ? 1 : 0;	/* stop the build */
}

#define CARRIER_TIMEOUT_MS 5000

static int lab_build(struct azlab *az, struct azerr *e)
{
	struct plan plan;
	struct plumb *p;
	int rc;

	if (plan_build(az->lab, &plan, e) < 0)
		return -1;
	p = plumb_new(e);
	if (p == NULL) {
		plan_free(&plan);
		return -1;
	}
	rc = plan_apply(&plan, &plumb_netlink_ops, p, on_step, az, e);
	if (rc == 0)
		rc = plumb_wait_carrier(p, az->lab, CARRIER_TIMEOUT_MS, e);
	plumb_delays(p, &az->st.delays_applied, &az->st.delays_unapplied);
	if (rc == 0 && az->st.delays_unapplied > 0) {
		char notice[200];

		plan_delay_notice(az->st.delays_unapplied, notice,
				  sizeof(notice));
		log_info("%s", notice);
		tell_up(az, PROGRESS_NOTICE, "%s", notice);
	}
	plumb_free(p);
	plan_free(&plan);
	return rc;
}

/* Supervision stops first, so that nothing is restarted while the
 * namespaces go. Its children get SIGKILL at once: everything a
 * graceful stop would clean up (bgpd's NOTIFICATIONs, zebra's routes,
 * charon's SAs) goes with the namespaces, and at a few hundred FRR
 * daemons that stop took seconds (2.4 s of a 3.4 s `down` at 25 sites,
 * docs/performance.md). */
void lab_teardown(struct azlab *az, struct teardown_report *rep)
{
	size_t n = sup_count(az->sup), killed;
	struct azerr e;

	/* its sockets would keep the gateway namespaces alive */
	sdn_free(az->sdn);
	az->sdn = NULL;
	charon_free(az->charon);
	az->charon = NULL;
	killed = sup_stop_all(az->sup, 0);
	if (teardown_lab(rep, &e) < 0)
		log_warnx("tearing down: %s", e.msg);
	rep->processes += n;
	rep->killed += killed;
	log_info("lab %s down: %zu namespaces removed, %zu processes stopped "
		 "(%zu killed with SIGKILL)", az->lab->name, rep->namespaces,
		 rep->processes, rep->killed);
}

static int signals_setup(struct azlab *az, struct azerr *e)
{
	sigset_t set;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return azerr_errno(e, errno, "sigprocmask");
	az->sig_fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (az->sig_fd < 0)
		return azerr_errno(e, errno, "signalfd");
	return 0;
}

static void on_signal(struct azlab *az)
{
	struct signalfd_siginfo si;

	while (read(az->sig_fd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGTERM:
		case SIGINT:
			log_info("signal %u: stopping the lab", si.ssi_signo);
			az->stop = true;
			break;
		case SIGCHLD:
			sup_reap(az->sup, sup_now_ms());
			break;
		default:
			break;
		}
	}
}

static int loop_timeout(const struct azlab *az, long long now)
{
	long long t = sup_next_due(az->sup, now);
	long long c = charon_next_due(az->charon, now, az->waiting);

	if (c >= 0 && (t < 0 || c < t))
		t = c;
	if (az->waiting) {
		long long w = az->next_look_ms > now ? az->next_look_ms - now
						     : 0;

		if (t < 0 || w < t)
			t = w;
	}
	return (int)t;
}

static void on_route_events(struct azlab *az, struct pollfd *pfd, size_t n)
{
	struct azerr e;

	for (size_t i = 0; i < n; i++)
		if ((pfd[i].revents & (POLLIN | POLLERR)) &&
		    sdn_handle(az->sdn, pfd[i].fd, &e) < 0)
			log_warnx("%s", e.msg);	/* the next change retries */
}

/* Signals, control clients, the gateways' route monitors and the
 * charons' events; the monitor count is fixed once the controller has
 * started, and each charon has a slot (fd -1 while not connected). */
static void daemon_loop(struct azlab *az)
{
	size_t n_sdn = sdn_pollfds(az->sdn, NULL, 0);
	size_t n_ch = charon_pollfds(az->charon, NULL, 0);
	struct pollfd *pfd = calloc(2 + n_sdn + n_ch, sizeof(*pfd));

	if (pfd == NULL) {
		log_warnx("out of memory");
		return;
	}
	pfd[0] = (struct pollfd){ .fd = az->sig_fd, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = az->ctl_fd, .events = POLLIN };
	sdn_pollfds(az->sdn, pfd + 2, n_sdn);
	while (!az->stop) {
		long long now = sup_now_ms();

		charon_pollfds(az->charon, pfd + 2 + n_sdn, n_ch);
		if (poll(pfd, 2 + n_sdn + n_ch, loop_timeout(az, now)) < 0) {
			if (errno == EINTR)
				continue;
			log_warn("poll");
			break;
		}
		if (pfd[0].revents & POLLIN)
			on_signal(az);
		if (!az->stop && (pfd[1].revents & POLLIN))
			on_client(az);
		if (!az->stop && az->sdn != NULL)
			on_route_events(az, pfd + 2, n_sdn);
		if (!az->stop)
			charon_handle(az->charon, pfd + 2 + n_sdn, n_ch);
		if (az->stop)
			break;
		now = sup_now_ms();
		sup_tick(az->sup, now);
		charon_tick(az->charon, now, az->waiting);
		if (az->waiting && now >= az->next_look_ms)
			wait_step(az, now);
	}
	free(pfd);
}

static void daemon_init(struct azlab *az, struct lab *lab, int progress_fd)
{
	const char *delay = getenv("AZLAB_STEP_DELAY_MS");
	const char *wait = getenv("AZLAB_ROUTING_TIMEOUT");

	memset(az, 0, sizeof(*az));
	az->lab = lab;
	az->progress_fd = progress_fd;
	az->follower = progress_fd >= 0 ? FOLLOWER_UP : FOLLOWER_NONE;
	az->lock_fd = az->sig_fd = az->ctl_fd = -1;
	az->step_delay_ms = delay != NULL ? strtol(delay, NULL, 10) : 0;
	az->sup = sup_new();
	az->node_down = calloc(lab->n_nodes + 1, sizeof(*az->node_down));
	az->wait_timeout_ms = wait != NULL ? strtoll(wait, NULL, 10) * 1000
					   : FRR_WAIT_TIMEOUT_MS;
	snprintf(az->st.lab, sizeof(az->st.lab), "%s", lab->name);
	if (lab->here != NULL)
		snprintf(az->st.host, sizeof(az->st.host), "%s",
			 lab->here->name);
	if (realpath(lab->file, az->st.file) == NULL)
		snprintf(az->st.file, sizeof(az->st.file), "%s", lab->file);
	az->st.pid = getpid();
	az->st.phase = PHASE_BUILDING;
}

static void daemon_close(struct azlab *az)
{
	if (az->ctl_fd >= 0)
		close(az->ctl_fd);
	if (az->sig_fd >= 0)
		close(az->sig_fd);
	if (az->progress_fd >= 0)
		close(az->progress_fd);
	sdn_free(az->sdn);
	charon_free(az->charon);
	sup_free(az->sup);
	free(az->node_down);
	lab_free(az->lab);
}

/* FRR on every router with an frr: file; `up` then waits for routing
 * from the loop, so that SIGCHLD restarts and `status` work meanwhile. */
static int routing_start(struct azlab *az, struct azerr *e)
{
	bool frr = frr_lab_uses(az->lab);

	if (!frr && az->charon == NULL)
		return 0;
	if (frr) {
		tell_step(az, 0, 0, "starting FRR");
		log_info("starting FRR");
		if (frr_start(az->lab, az->sup, e) < 0)
			return -1;
	}
	/* after FRR, which knows ipsec0 (static routes) once it exists */
	if (az->charon != NULL) {
		tell_step(az, 0, 0, "starting charon (IPsec)");
		if (charon_start(az->charon, az->sup, e) < 0)
			return -1;
	}
	az->waiting = true;
	az->next_look_ms = sup_now_ms();
	frr_wait_init(&az->wait, az->next_look_ms, az->wait_timeout_ms);
	return 0;
}

/* Everything before the lab is up; on failure nothing is left. */
static int daemon_start(struct azlab *az, struct azerr *e)
{
	struct teardown_report rep;

	switch (state_lock(&az->lock_fd, e)) {
	case STATE_LOCK_TAKEN:
		break;
	case STATE_LOCK_HELD:
		return azerr_set(e, "a lab is already running; run "
				 "'azlab down' first");
	case STATE_LOCK_FAILED:
		return -1;
	}
	if (az->sup == NULL || az->node_down == NULL) {
		azerr_set(e, "out of memory");
		goto fail;
	}
	if (state_write(&az->st, e) < 0 || signals_setup(az, e) < 0 ||
	    snapshot_take(az->lab, az->st.file,
			  instance_path(INSTANCE_SNAPSHOT), e) < 0)
		goto fail;
	log_info("building lab %s from %s", az->lab->name, az->st.file);
	/* the ipsec: files first: a bad one fails up before anything is
	 * built */
	if (charon_lab_uses(az->lab)) {
		az->charon = charon_new(az->lab, e);
		if (az->charon == NULL)
			goto fail;
		snprintf(az->st.ipsec, sizeof(az->st.ipsec), "%s",
			 esp_mode_name(charon_esp_mode(az->charon)));
		az->st.kernel_esp = charon_esp_mode(az->charon) == ESP_KERNEL;
	}
	if (lab_build(az, e) < 0)
		goto fail;
	/* before FRR: routes it installs later arrive as events */
	az->sdn = sdn_new(az->lab, e);
	if (az->sdn == NULL || sdn_start(az->sdn, e) < 0 ||
	    routing_start(az, e) < 0)
		goto fail;
	az->ctl_fd = ctl_listen(e);
	if (az->ctl_fd < 0)
		goto fail;
	return 0;
fail:
	log_warnx("%s", e->msg);
	lab_teardown(az, &rep);
	state_remove_all();
	return -1;
}

int daemon_run(struct lab *lab, int progress_fd)
{
	struct teardown_report rep;
	struct azlab az;
	struct azerr e;

	/* "azlabd" in ps and pgrep, apart from the short-lived CLI. */
	prctl(PR_SET_NAME, "azlabd", 0, 0, 0);
	frr_shared_use(lab->frr_shared);
	daemon_init(&az, lab, progress_fd);
	if (daemon_start(&az, &e) < 0) {
		tell_up(&az, PROGRESS_ERROR, "%s", e.msg);
		daemon_close(&az);
		return 1;
	}
	if (!az.waiting)
		report_up(&az, NULL);
	daemon_loop(&az);
	if (az.waiting && az.fail[0] == '\0')	/* SIGTERM while waiting */
		snprintf(az.fail, sizeof(az.fail), "stopped by a signal while "
			 "waiting for routing");
	if (az.st.phase != PHASE_STOPPING)	/* else `down` tore it down */
		lab_teardown(&az, &rep);
	state_remove_all();
	/* only now: `up` returns on this line, and nothing may be left */
	if (az.waiting) {
		tell_up(&az, PROGRESS_ERROR, "%s", az.fail);
		az.status = 1;
	}
	log_info("daemon exits");
	daemon_close(&az);
	return az.status;
}
