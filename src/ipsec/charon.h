/* SPDX-License-Identifier: ISC */
/* strongSwan's charon in the lab: one per node with an ipsec: file (a
 * swanctl.conf), supervised like FRR, configured over VICI (our own
 * client, vici.h; never a swanctl process), watched through its
 * ike-updown and child-updown events.
 *
 * Where things are (charon/<node>/ in the instance's run directory,
 * charon_path; made at up, gone at down):
 *   strongswan.conf  generated here, given to charon by STRONGSWAN_CONF
 *   charon.vici      its VICI socket (`azlab ipsec NODE` connects there)
 *   charon.log       its log (and its stdout and stderr)
 * Each charon runs in the node's network namespace and in a mount
 * namespace of its own with a private tmpfs on /run (spawn.h): charon's
 * pid file, /var/run/charon.pid, is a fixed path, and two charons would
 * otherwise refuse to start over each other's. The node's directory is
 * bound back into that private /run at the same path, so the socket and
 * the log are seen from outside; the namespace, and its mounts, go with
 * charon.
 *
 * ESP: kernel XFRM where the kernel has it (esp_probe), else strongSwan's
 * kernel-libipsec (userspace ESP over a TUN device, ipsec0, always
 * UDP-encapsulated); AZLAB_ESP=kernel|libipsec overrides the probe. With
 * the kernel's ESP (policy-based: the XFRM lookup replaces the route's
 * device), the daemon makes ipsec0 itself, a TUN nobody reads, so that
 * FRR's routes to the peers' BGP addresses "via ipsec0" are the same in
 * both modes; what goes through a tunnel is still encrypted by the
 * kernel's policy before that device is ever reached.
 * Selectors, routes (FRR's static routes through ipsec0; charon's table
 * 220 looked up after main) and who initiates: the same document.
 *
 * PSKs: a secret written `secret = %azlab-random` in an ipsec-configs
 * file is made at up, per pair of IKE identities (so both ends get the
 * same), 32 random bytes in hex (derived, on a lab split over hosts:
 * charon_psk_shared), kept in ipsec-psk/ of the run directory
 * (0700) in files
 * of mode 0600, and handed to charon only over VICI (load-shared): never
 * on a command line, in strongswan.conf, a log, status or JSON. */
#ifndef AZLAB_CHARON_H
#define AZLAB_CHARON_H

#include <stdio.h>

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "model/lab.h"
#include "run/state.h"
#include "run/wait.h"
#include "proc/supervise.h"

#define CHARON_BIN		"/usr/lib/ipsec/charon"
#define CHARON_VICI_PLUGIN	"/usr/lib/ipsec/plugins/libstrongswan-vici.so"
#define CHARON_PSK_RANDOM	"%azlab-random"
#define CHARON_START_TIMEOUT_MS	10000	/* from start to a VICI socket */
#define CHARON_RETRY_MS		1000	/* after a failed VICI exchange */
#define CHARON_REFRESH_MS	300	/* list-sas while `up` waits */
/* A charon loaded this lately may still be unknown to its peers, whose
 * DPD (every 2 s, a few retransmits) has to find its predecessor gone. */
#define CHARON_RECENT_MS	15000

enum esp_mode {
	ESP_KERNEL,		/* XFRM takes ESP SAs */
	ESP_LIBIPSEC,		/* userspace ESP over TUN (kernel-libipsec) */
};

/* The probe (charon_probe.c); why says what it found. */
enum esp_mode esp_probe(char *why, size_t len);
const char *esp_mode_name(enum esp_mode m);

bool charon_lab_uses(const struct lab *lab);

/* buf = <run dir>/charon/<node>/<file> (file NULL: the directory) */
int charon_path(char *buf, size_t len, const char *node, const char *file);
/* buf = the node's VICI socket, where the daemon and `azlab ipsec` reach
 * its charon */
int charon_vici_path(char *buf, size_t len, const char *node);

struct swan_conf;
struct vici_conn;
/* Loads a started charon's secrets and connections over VICI
 * (charon_load.c); *refused: charon said no (a configuration error,
 * not a transport one). start_action is held back: the daemon starts
 * the CHILD_SAs itself, once every charon of the lab is loaded. */
int charon_load_config(const struct lab_node *node,
		       const struct swan_conf *sc, struct vici_conn *c,
		       bool *refused, struct azerr *e);
int charon_initiate(struct vici_conn *c, const char *ike, const char *child,
		    struct azerr *e);

/* The strongswan.conf of a node (charon_conf.c). */
void charon_conf_render(FILE *out, const char *node, enum esp_mode mode,
			const char *vici, const char *log);
int charon_conf_write(const char *node, enum esp_mode mode, struct azerr *e);
/* AZLAB_ESP=kernel|libipsec overrides the probe; NULL or "" keeps it.
 * Returns the mode, with why saying where it came from. */
enum esp_mode esp_mode_choose(const char *override, enum esp_mode probed,
			      char *why, size_t len);
/* Kernel ESP: a persistent, reader-less TUN ipsec0 in the node, so that
 * the same FRR routes "via ipsec0" hold in both modes (charon_probe.c). */
int esp_kernel_ipsec0(const char *node, struct azerr *e);
/* The PSK for a pair of identities, made on first use (charon_conf.c):
 * psk is NUL-terminated hex. */
int charon_psk(const char *id1, const char *id2, char *psk, size_t len,
	       struct azerr *e);
/* From now on, PSKs are derived from the lab's name, extra (the
 * operator's AZLAB_PSK_SEED, or NULL) and the identities, not drawn:
 * for a lab split over hosts, whose two ends of a tunnel are made by two
 * daemons that never talk (charon_new calls it). lab_name NULL: drawn
 * at random again. */
void charon_psk_shared(const char *lab_name, const char *extra);

struct charon_set;

/* Reads every node's ipsec: file (errors as FILE:LINE: ...) and probes
 * the kernel; nothing is started. */
struct charon_set *charon_new(const struct lab *lab, struct azerr *e);
void charon_free(struct charon_set *cs);
enum esp_mode charon_esp_mode(const struct charon_set *cs);
/* Starts every charon under sup; the configuration follows from
 * charon_tick once each serves VICI, after every start. */
int charon_start(struct charon_set *cs, struct supervisor *sup,
		 struct azerr *e);

/* Reads node's ipsec: file again (charon_reload.c): its next charon is
 * configured from it. -1 (the running configuration kept) with e:
 * "FILE:LINE: ..." for a file with an error, or one whose tunnels are
 * not the ones the node had at up. */
int charon_reconfigure(struct charon_set *cs, const struct lab_node *node,
		       struct azerr *e);

/* The event connections, one slot per charon (fd -1 while none). */
size_t charon_pollfds(const struct charon_set *cs, struct pollfd *pfd,
		      size_t n);
void charon_handle(struct charon_set *cs, const struct pollfd *pfd,
		   size_t n);
/* Configures charons that (re)started, refreshes the view; waiting:
 * refresh every CHARON_REFRESH_MS. */
void charon_tick(struct charon_set *cs, long long now, bool waiting);
long long charon_next_due(const struct charon_set *cs, long long now,
			  bool waiting);

/* For `up`: settled once every CHILD_SA is INSTALLED, failed on a
 * configuration charon refused; line says which (the first tunnel down
 * with a known cause, else the first down). */
enum wait_verdict charon_judge(const struct charon_set *cs, size_t *up,
			       size_t *total, char *line, size_t len);
/* How many tunnels are being set up (or wait for their charon, which
 * is starting); fp: a hash of every tunnel's state (a change shows the
 * tunnels are not steady). */
size_t charon_steady(const struct charon_set *cs, unsigned long long *fp);
/* Every expected CHILD_SA, as the daemon sees it (charon_tunnel.h). */
struct tunnel;
const struct tunnel *charon_tunnels(const struct charon_set *cs, size_t *n);

#endif
