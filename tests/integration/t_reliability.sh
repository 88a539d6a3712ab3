# SPDX-License-Identifier: ISC
# Reliability: no IPsec start race, tunnels supervised like daemons, a
# failed tunnel named as the cause of a failed `up`, `down` returning only
# when the lab is gone, verify waiting for a settling lab, and a short
# soak with faults.

# The daemon's log of the last `up`, from its "building lab" line.
last_up_log() {
	awk '/ info building lab / { n = 0 } { l[++n] = $0 } END { for (i = 1; i <= n; i++) print l[i] }' \
		/var/log/azlab/azlabd.log
}

# tunnel_field NODE FIELD: FIELD of NODE's first tunnel in status --json.
tunnel_field() {
	"$AZLAB" status --json | python3 -c '
import json, sys
t = [t for t in json.load(sys.stdin)["tunnels"] if t["node"] == sys.argv[1]][0]
print(t[sys.argv[2]])' "$1" "$2"
}

# "load all, then initiate": in the daemon's own account of `up`, no
# charon is asked to initiate before every charon has its configuration.
test_ipsec_initiates_after_all_loaded() {
	local log last_loaded first_init
	up_reference_lab
	log=$(last_up_log)
	assert_eq 3 "$(grep -c 'charon configured from' <<<"$log")" "charons configured"
	last_loaded=$(awk '/charon configured from/ { n = NR } END { print n }' <<<"$log")
	first_init=$(awk '/initiating CHILD_SA/ { print NR; exit }' <<<"$log")
	[ -n "$first_init" ] || fail "no CHILD_SA initiated"
	[ "$first_init" -gt "$last_loaded" ] ||
		fail "a CHILD_SA was initiated (line $first_init) before the last charon was configured (line $last_loaded)"
	assert_eq 2 "$(grep -c 'initiating CHILD_SA' <<<"$log")" "initiations: one per initiating side"
	"$AZLAB" down --quiet
	assert_clean
}

# A tunnel torn down for good (as after NO_PROPOSAL_CHOSEN or an explicit
# delete, which charon does not retry) is initiated again by the daemon,
# and BGP over it comes back.
test_ipsec_tunnel_reinitiated() {
	local i state=""
	up_reference_lab
	assert_eq 1 "$(tunnel_field branch-vpngw initiations)" "initiations after up"
	swanctl --terminate --ike hub --uri unix:///run/azlab/charon/branch-vpngw/charon.vici >/dev/null 2>&1 ||
		fail "swanctl --terminate"
	for i in $(seq 50); do
		state=$(tunnel_field branch-vpngw state)
		[ "$state" = INSTALLED ] && [ "$(tunnel_field branch-vpngw initiations)" = 2 ] && break
		sleep 0.2
	done
	assert_eq INSTALLED "$state" "branch-vpngw's tunnel, 10 s after its IKE_SA was deleted"
	assert_eq 2 "$(tunnel_field branch-vpngw initiations)" "initiations after the delete"
	capture "$AZLAB" ipsec branch-vpngw
	assert_contains "$OUT" "branch-vpngw   hub/hub         203.0.113.1      INSTALLED  2 times" "ipsec shows the daemon's view"
	for i in $(seq 100); do
		[ "$(bgp_state branch-vpngw 10.10.30.254)" = Established ] && break
		sleep 0.2
	done
	assert_eq Established "$(bgp_state branch-vpngw 10.10.30.254)" "BGP over the tunnel, back"
	ping_ok branch-vm 10.10.30.4
	"$AZLAB" down --quiet
	assert_clean
}

# Proposals that do not match: the responder refuses every try, the
# daemon keeps trying with backoff, and `up` fails naming the tunnel, the
# peer and charon's reason, before the BGP sessions that ride on it.
test_ipsec_refused_proposal_names_cause() {
	copy_reference_lab "$TMP/prop"
	sed -i 's/^\t\tproposals = aes256-sha256-x25519$/\t\tproposals = aes128-sha256-modp2048/' \
		"$TMP/prop/ipsec-configs/branch-vpngw.conf"
	capture env AZLAB_ROUTING_TIMEOUT=8 "$AZLAB" up --quiet "$TMP/prop/lab/azure-interop.yaml"
	assert_eq 1 "$RC" "up with proposals the peer refuses"
	assert_contains "$ERR" "azlab: up: branch-vpngw: tunnel hub/hub to 203.0.113.1 is missing: received NO_PROPOSAL_CHOSEN notify error, after 8 s; also " "the first cause, then its symptoms"
	assert_contains "$(last_up_log)" "branch-vpngw: initiating CHILD_SA hub/hub again (try 3)" "the daemon's retries"
	assert_clean
}

# `down` returns when the lab is gone: at that moment no process of the
# lab runs, and a dead one only waits for init to reap it (assert_clean
# also waits for that), after a normal down and after the daemon was
# killed.
test_down_returns_when_gone() {
	up_reference_lab
	capture "$AZLAB" down
	assert_eq 0 "$RC" "down"
	assert_eq "lab azure-interop is down" "$OUT" "down's words"
	assert_clean
	up_reference_lab
	kill -9 "$(state_pid)"
	capture "$AZLAB" down
	assert_eq 0 "$RC" "down after SIGKILL of the daemon (stderr: $ERR)"
	assert_contains "$OUT" "lab azure-interop is down (its daemon was gone)" "down's words"
	assert_clean
}

# A lab still settling is not judged: verify right after the ER link
# comes back waits for convergence, then matches all 31 cases.
test_verify_waits_for_convergence() {
	local i
	up_reference_lab
	"$AZLAB" link loc1-ce msee1 down >/dev/null
	for i in $(seq 100); do
		[ "$(bgp_state loc1-ce 192.168.30.18 2>/dev/null)" != Established ] && break
		sleep 0.1
	done
	"$AZLAB" link loc1-ce msee1 up >/dev/null
	capture "$AZLAB" verify
	assert_eq 0 "$RC" "verify right after 'link ... up' (stdout: $(tail -3 <<<"$OUT"); stderr: $ERR)"
	assert_contains "$OUT" "31/31 matching" "verify's count"
	assert_contains "$ERR" "azlab: verify: waiting for the lab to converge" "verify says it waits"
	"$AZLAB" down --quiet
	assert_clean
}

# A lab with a link the user shut is steady, not settling: matrix judges
# it after a few quiet seconds, and says what is down.
test_matrix_on_a_steady_failure() {
	up_reference_lab
	"$AZLAB" link loc1-ce msee1 down >/dev/null
	capture "$AZLAB" matrix
	assert_eq 0 "$RC" "matrix with loc1-ce:msee1 down (stderr: $ERR)"
	# either end of the shut link's session, whichever FRR lists first
	assert_contains "$ERR" "azlab: matrix: the lab is steady, but not all of it is up: " "matrix says it judges a lab with something down"
	assert_contains "$ERR" ": BGP session to 192.168.30.1" "matrix names the session over the shut link"
	"$AZLAB" link loc1-ce msee1 up >/dev/null
	"$AZLAB" down --quiet
	assert_clean
}

# After SIGKILL of a zebra, its node's other FRR daemons are restarted
# with it (they do not take a new zebra), and verify, waiting for the
# lab to converge, finds every path again.
test_zebra_killed_then_verify() {
	local z
	up_reference_lab
	z=$(pgrep -f 'zebra .*-N azlab-hub-ergw( |$)')
	[ -n "$z" ] || fail "no zebra for hub-ergw"
	kill -9 "$z"
	capture "$AZLAB" verify
	assert_eq 0 "$RC" "verify after hub-ergw's zebra was killed (stdout: $(tail -1 <<<"$OUT"); stderr: $ERR)"
	assert_contains "$OUT" "31/31 matching" "verify's count"
	assert_contains "$(last_up_log)" "hub-ergw: stopping bgpd: zebra was killed by signal 9" "bgpd restarted with zebra"
	"$AZLAB" down --quiet
	assert_clean
}

# The soak script, short: cycles of up -> verify -> down with faults;
# 0 failures, 0 leaks (SOAK_CYCLES, 12 by default: CI stays under 20 min).
test_soak_short() {
	capture bash scripts/soak.sh -n "${SOAK_CYCLES:-8}" -s 1
	assert_eq 0 "$RC" "soak ($(grep -E 'FAILED|LEAK|^soak' <<<"$OUT" | head -5 | tr '\n' ' '))"
	assert_contains "$OUT" ": 0 failed up, " "soak summary"
	assert_contains "$OUT" "0 failed verify, 0 leaks" "soak summary"
	assert_clean
}
