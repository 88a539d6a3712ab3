/* SPDX-License-Identifier: ISC */
/* The daemon's control socket: one request per connection, answered at
 * once (control.h has the wire format). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ipsec/charon.h"
#include "ipsec/charon_tunnel.h"
#include "run/control.h"
#include "daemon_priv.h"
#include "frr/frr_wait.h"
#include "core/log.h"
#include "run/state.h"
#include "status.h"
#include "proc/supervise.h"
#include "teardown.h"

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
	rc = status_render(az->lab, &az->st, az->sup, az->node_down, tun,
			   n_tun, json, out, &e);
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

/* "converged": enum converged is the exit status (control.h). */
static void handle_converged(struct azlab *az, int fd)
{
	char line[sizeof(((struct frr_progress *)0)->line)];
	enum converged c = daemon_converged(az, line, sizeof(line));

	reply_text(fd, CTL_STDOUT, line);
	reply_exit(fd, c);
}

static void handle_down(struct azlab *az, int fd)
{
	struct teardown_report rep;
	char msg[256];

	if (az->waiting)
		snprintf(az->fail, sizeof(az->fail), "the lab was taken down "
			 "('azlab down') while waiting for routing");
	az->st.phase = PHASE_STOPPING;
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

/* "node-down NODE", "node-up NODE", "restart NODE": stdout gets what
 * was done (key=value words, for the CLI to word), stderr why not. */
static void handle_node(struct azlab *az, int fd, int argc, char **argv)
{
	const struct lab_node *node = argc > 1 ?
				      lab_find_node(az->lab, argv[1]) : NULL;
	char out[1024], msg[700];
	struct azerr e;
	int rc;

	if (node == NULL)
		rc = azerr_set(&e, "no node '%s' in lab %s",
			       argc > 1 ? argv[1] : "", az->lab->name);
	else if (!lab_node_here(az->lab, node))
		rc = azerr_set(&e, "node '%s' is on host %s, not here",
			       node->name, node->host->name);
	else if (az->waiting)
		rc = azerr_set(&e, "lab %s is still coming up", az->lab->name);
	else if (strcmp(argv[0], "restart") == 0)
		rc = daemon_node_restart(az, node, out, sizeof(out), &e);
	else
		rc = daemon_node_set(az, node, strcmp(argv[0], "node-up") == 0,
				     out, sizeof(out), &e);
	if (rc == 0) {
		reply_text(fd, CTL_STDOUT, out);
	} else {
		snprintf(msg, sizeof(msg), "%s\n", e.msg);
		reply_text(fd, CTL_STDERR, msg);
	}
	reply_exit(fd, rc == 0 ? 0 : 1);
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
void on_client(struct azlab *az)
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
	} else if (strcmp(argv[0], "node-down") == 0 ||
		   strcmp(argv[0], "node-up") == 0 ||
		   strcmp(argv[0], "restart") == 0) {
		handle_node(az, fd, argc, argv);
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

