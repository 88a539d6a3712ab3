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

#include "charon.h"
#include "charon_tunnel.h"
#include "control.h"
#include "daemon.h"
#include "frr.h"
#include "frr_wait.h"
#include "log.h"
#include "plan.h"
#include "plumb.h"
#include "sdn.h"
#include "state.h"
#include "status.h"
#include "supervise.h"
#include "teardown.h"

struct azlab {
	struct lab *lab;
	struct lab_state st;
	int progress_fd;	/* -1 once the build is reported */
	int lock_fd;
	int sig_fd;
	int ctl_fd;
	long step_delay_ms;	/* AZLAB_STEP_DELAY_MS: slow motion for tests */
	struct supervisor *sup;	/* FRR's daemons and charons */
	struct sdn *sdn;	/* VNet effective routes from the gateways */
	struct charon_set *charon;	/* IPsec: NULL without ipsec: files */
	bool waiting;		/* for routing, before `up` returns */
	struct frr_wait wait;
	/* `converged` requests (verify, matrix, drill) after up */
	struct frr_wait settle;
	long long settle_asked_ms;	/* the last request; 0 none */
	unsigned long long settled_fp;	/* of the last settled look */
	long long next_look_ms;
	long long wait_timeout_ms;	/* AZLAB_ROUTING_TIMEOUT (s) for tests */
	int status;		/* the daemon's exit status */
	char fail[640];		/* why `up` failed after the build, or "" */
	bool stop;
};

static void progress_send(struct azlab *az, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void progress_send(struct azlab *az, const char *fmt, ...)
{
	char line[768];
	va_list ap;
	int n;

	if (az->progress_fd < 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	if (write(az->progress_fd, line, (size_t)n) < 0 && errno == EPIPE) {
		close(az->progress_fd);
		az->progress_fd = -2;	/* the user went away */
	}
}

static int on_step(void *arg, size_t done, size_t total, const struct step *s)
{
	struct azlab *az = arg;
	char what[256];

	plan_step_describe(s, what, sizeof(what));
	log_debug("step %zu/%zu: %s", done, total, what);
	progress_send(az, "P %zu %zu %s", done, total, what);
	if (az->step_delay_ms > 0) {
		struct timespec ts = { az->step_delay_ms / 1000,
				       (az->step_delay_ms % 1000) * 1000000L };
		nanosleep(&ts, NULL);
	}
	return az->progress_fd == -2 ? 1 : 0;
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
		progress_send(az, "N %s", notice);
	}
	plumb_free(p);
	plan_free(&plan);
	return rc;
}

/* Supervision stops first, so that nothing is restarted while the
 * namespaces go. */
static void lab_teardown(struct azlab *az, struct teardown_report *rep)
{
	size_t n = sup_count(az->sup), killed;
	struct azerr e;

	/* its sockets would keep the gateway namespaces alive */
	sdn_free(az->sdn);
	az->sdn = NULL;
	charon_free(az->charon);
	az->charon = NULL;
	killed = sup_stop_all(az->sup, 2000);
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

static int reply_text(int fd, enum ctl_type type, const char *text)
{
	return ctl_send(fd, type, text, strlen(text));
}

static int reply_exit(int fd, int status)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%d", status);
	return ctl_send(fd, CTL_EXIT, buf, strlen(buf));
}

static void handle_status(struct azlab *az, int fd, int argc, char **argv)
{
	bool json = argc > 1 && strcmp(argv[1], "--json") == 0;
	const struct tunnel *tun;
	size_t n_tun;
	char *buf = NULL;
	size_t len = 0;
	struct azerr e;
	FILE *out = open_memstream(&buf, &len);
	int rc;

	if (out == NULL) {
		reply_text(fd, CTL_STDERR, "azlab: out of memory\n");
		reply_exit(fd, 1);
		return;
	}
	tun = charon_tunnels(az->charon, &n_tun);
	rc = status_render(az->lab, &az->st, az->sup, tun, n_tun, json, out,
			   &e);
	fclose(out);
	if (rc == 0) {
		ctl_send(fd, CTL_STDOUT, buf, len);
	} else {
		char msg[600];

		snprintf(msg, sizeof(msg), "azlab: status: %s\n", e.msg);
		reply_text(fd, CTL_STDERR, msg);
	}
	free(buf);
	reply_exit(fd, rc == 0 ? 0 : 1);
}

/* "tunnels NODE": the node's tunnels as the daemon watches them, for
 * `azlab ipsec NODE`. */
static void handle_tunnels(struct azlab *az, int fd, int argc, char **argv)
{
	size_t n, first = 0, count = 0;
	const struct tunnel *t = charon_tunnels(az->charon, &n);
	char *buf = NULL;
	size_t len = 0;
	FILE *out;

	for (size_t i = 0; i < n && argc > 1; i++)
		if (strcmp(t[i].node, argv[1]) == 0 && count++ == 0)
			first = i;
	if (count > 0 && (out = open_memstream(&buf, &len)) != NULL) {
		tunnels_render_text(out, t + first, count, sup_now_ms());
		fclose(out);
		ctl_send(fd, CTL_STDOUT, buf, len);
	}
	free(buf);
	reply_exit(fd, 0);
}

/* The tunnels too: every CHILD_SA INSTALLED (BGP over them is FRR's
 * part). rc is FRR's verdict, p its progress, both amended. A tunnel
 * down is the first cause of the BGP sessions over it staying down: out
 * of time, it is named first. */
static int ipsec_wait(const struct charon_set *cs, long long waited,
		      long long timeout, int rc, struct frr_progress *p)
{
	size_t up, total;
	char line[400], frr[sizeof(p->line)];
	int ipsec = charon_judge(cs, &up, &total, line, sizeof(line));
	size_t n = strlen(p->line);

	if (ipsec < 0) {
		snprintf(p->line, sizeof(p->line), "%s", line);
		return -1;
	}
	if (ipsec > 0) {
		if (rc > 0)
			snprintf(p->line + n, sizeof(p->line) - n, "%sIPsec: "
				 "%zu CHILD_SAs INSTALLED", n > 0 ? ", " : "",
				 total);
		return rc;
	}
	if (rc < 0 && waited < timeout)
		return rc;	/* FRR is broken: its own cause */
	if (rc < 0 || waited >= timeout) {
		snprintf(frr, sizeof(frr), "%s", p->line);
		snprintf(p->line, sizeof(p->line), "%s, after %lld s%s%.200s",
			 line, waited / 1000, rc < 0 ? "; also " : "",
			 rc < 0 ? frr : "");
		return -1;
	}
	snprintf(p->line + n, sizeof(p->line) - n, "%sIPsec: %zu/%zu CHILD_SAs "
		 "INSTALLED", n > 0 ? ", " : "waiting for ", up, total);
	if (rc > 0)
		snprintf(p->first_stuck, sizeof(p->first_stuck), "%.150s", line);
	p->done += up;
	p->total += total;
	return 0;
}

#define SETTLE_SESSION_MS	2000	/* requests further apart start anew */

/* "converged": has the lab settled, as `up` judges it (every session
 * Established, every adjacency Full, every CHILD_SA INSTALLED, no route
 * change for FRR_SETTLE_MS)? The CLI asks every FRR_WAIT_POLL_MS. A
 * look that matches the last settled one, with nothing stuck, is
 * settled at once: nothing has changed since. Exit 0 yes (stdout: the
 * summary), 3 not yet (stdout: what it waits for), 1 broken. */
static void handle_converged(struct azlab *az, int fd)
{
	long long now = sup_now_ms();
	struct frr_progress p;
	int rc;

	if (az->waiting) {
		reply_text(fd, CTL_STDOUT, "up is still waiting for routing");
		reply_exit(fd, 3);
		return;
	}
	if (az->settle_asked_ms == 0 ||
	    now - az->settle_asked_ms > SETTLE_SESSION_MS)
		frr_wait_init(&az->settle, now, LLONG_MAX / 2);
	az->settle_asked_ms = now;
	rc = frr_wait_step(&az->settle, az->lab, az->sup, now, &p);
	if (rc == 0 && p.n_stuck == 0 && p.fingerprint == az->settled_fp)
		rc = 1;
	if (az->charon != NULL)
		rc = ipsec_wait(az->charon, 0, LLONG_MAX, rc, &p);
	if (rc > 0)
		az->settled_fp = p.fingerprint;
	reply_text(fd, CTL_STDOUT, p.line);
	reply_exit(fd, rc > 0 ? 0 : rc == 0 ? 3 : 1);
}

static void handle_down(struct azlab *az, int fd)
{
	struct teardown_report rep;
	char msg[256];

	if (az->waiting)
		snprintf(az->fail, sizeof(az->fail), "the lab was taken down "
			 "('azlab down') while waiting for routing");
	snprintf(az->st.phase, sizeof(az->st.phase), "stopping");
	state_write(&az->st, NULL);
	lab_teardown(az, &rep);
	if (rep.killed > 0)
		snprintf(msg, sizeof(msg), "lab %s is down (%zu of its %zu "
			 "processes killed with SIGKILL)\n", az->lab->name,
			 rep.killed, rep.processes);
	else
		snprintf(msg, sizeof(msg), "lab %s is down\n", az->lab->name);
	reply_text(fd, CTL_STDOUT, msg);
	reply_exit(fd, 0);
	az->stop = true;
}

static bool peer_is_root(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return false;
	return cred.uid == 0;
}

/* Requests are small and answered at once; a client that does not send
 * its request within two seconds is dropped so it cannot stall the loop. */
static void on_client(struct azlab *az)
{
	struct timeval tv = { 2, 0 };
	char *argv[CTL_ARGS_MAX + 1];
	struct ctl_hdr hdr;
	char *data = NULL;
	int fd, argc;

	fd = accept4(az->ctl_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (!peer_is_root(fd) || ctl_recv(fd, &hdr, &data) != 0 ||
	    hdr.type != CTL_REQUEST ||
	    (argc = ctl_args_decode(data, hdr.len, argv)) < 1) {
		free(data);
		close(fd);
		return;
	}
	log_debug("request: %s", argv[0]);
	if (strcmp(argv[0], "status") == 0) {
		handle_status(az, fd, argc, argv);
	} else if (strcmp(argv[0], "converged") == 0) {
		handle_converged(az, fd);
	} else if (strcmp(argv[0], "tunnels") == 0) {
		handle_tunnels(az, fd, argc, argv);
	} else if (strcmp(argv[0], "down") == 0) {
		handle_down(az, fd);
	} else if (strcmp(argv[0], "ping") == 0) {
		reply_exit(fd, 0);
	} else {
		reply_text(fd, CTL_STDERR, "azlab: unknown request\n");
		reply_exit(fd, 2);
	}
	free(data);
	close(fd);
}

/* The lab is up: tell the CLI, which returns. */
static void report_up(struct azlab *az, const char *routing)
{
	struct lab *lab = az->lab;
	struct azerr e;

	az->waiting = false;
	snprintf(az->st.phase, sizeof(az->st.phase), "up");
	if (state_write(&az->st, &e) < 0)
		log_warnx("%s", e.msg);
	log_info("lab %s is up (%zu nodes, %zu links)%s%s", lab->name,
		 lab->n_nodes, lab->n_links, routing ? "; " : "",
		 routing ? routing : "");
	progress_send(az, "OK lab %s is up: %zu nodes, %zu links, "
		      "%zu bridges%s%s", lab->name, lab->n_nodes, lab->n_links,
		      lab->n_bridges, routing ? "; " : "",
		      routing ? routing : "");
	if (az->progress_fd >= 0)
		close(az->progress_fd);
	az->progress_fd = -1;
}

/* One look at the routers while `up` waits for BGP and OSPF. */
static void wait_step(struct azlab *az, long long now)
{
	struct frr_progress p;
	int rc;

	az->next_look_ms = now + FRR_WAIT_POLL_MS;
	rc = frr_wait_step(&az->wait, az->lab, az->sup, now, &p);
	if (az->charon != NULL)
		rc = ipsec_wait(az->charon, now - az->wait.start_ms,
				az->wait_timeout_ms, rc, &p);
	if (rc > 0) {
		az->settled_fp = p.fingerprint;
		report_up(az, p.line);
	} else if (rc < 0) {
		log_warnx("%s", p.line);
		snprintf(az->fail, sizeof(az->fail), "%s", p.line);
		az->stop = true;
	} else {
		log_debug("%s (%s)", p.line, p.first_stuck);
		progress_send(az, "P %zu %zu %s", p.done, p.total, p.line);
		if (az->progress_fd == -2) {	/* the user went away */
			snprintf(az->fail, sizeof(az->fail), "interrupted "
				 "while waiting for routing");
			log_warnx("up was %s", az->fail);
			az->stop = true;
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
	az->lock_fd = az->sig_fd = az->ctl_fd = -1;
	az->step_delay_ms = delay != NULL ? strtol(delay, NULL, 10) : 0;
	az->sup = sup_new();
	az->wait_timeout_ms = wait != NULL ? strtoll(wait, NULL, 10) * 1000
					   : FRR_WAIT_TIMEOUT_MS;
	snprintf(az->st.lab, sizeof(az->st.lab), "%s", lab->name);
	if (realpath(lab->file, az->st.file) == NULL)
		snprintf(az->st.file, sizeof(az->st.file), "%s", lab->file);
	az->st.pid = getpid();
	snprintf(az->st.phase, sizeof(az->st.phase), "building");
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
		progress_send(az, "P 0 0 starting FRR");
		log_info("starting FRR");
		if (frr_start(az->lab, az->sup, e) < 0)
			return -1;
	}
	/* after FRR, which knows ipsec0 (static routes) once it exists */
	if (az->charon != NULL) {
		progress_send(az, "P 0 0 starting charon (IPsec)");
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

	az->lock_fd = state_lock(e);
	if (az->lock_fd == -2)
		return azerr_set(e, "a lab is already running; run "
				 "'azlab down' first");
	if (az->lock_fd < 0)
		return -1;
	if (az->sup == NULL) {
		azerr_set(e, "out of memory");
		goto fail;
	}
	if (state_write(&az->st, e) < 0 || signals_setup(az, e) < 0)
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
	daemon_init(&az, lab, progress_fd);
	if (daemon_start(&az, &e) < 0) {
		progress_send(&az, "E %s", e.msg);
		daemon_close(&az);
		return 1;
	}
	if (!az.waiting)
		report_up(&az, NULL);
	daemon_loop(&az);
	if (az.waiting && az.fail[0] == '\0')	/* SIGTERM while waiting */
		snprintf(az.fail, sizeof(az.fail), "stopped by a signal while "
			 "waiting for routing");
	if (az.st.phase[0] != 's')	/* not already torn down by `down` */
		lab_teardown(&az, &rep);
	state_remove_all();
	/* only now: `up` returns on this line, and nothing may be left */
	if (az.waiting) {
		progress_send(&az, "E %s", az.fail);
		az.status = 1;
	}
	log_info("daemon exits");
	daemon_close(&az);
	return az.status;
}
