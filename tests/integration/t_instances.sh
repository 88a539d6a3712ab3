# SPDX-License-Identifier: ISC
# Two azlab instances on one machine (docs/cli.md, "Instances"): the
# reference lab twice at once, the default instance's and the second's
# (lib.sh: B_RUN_DIR, B_NS_PREFIX), each whole, and each `down` taking
# its own lab only.

# ns_procs PREFIX: the pids of every process inside the namespaces of
# PREFIX, sorted, on one line.
ns_procs() {
	local ns
	for ns in $(lab_namespaces "$1"); do
		ip netns pids "$ns"
	done | sort -n | tr '\n' ' '
}

# verify_all NAME AZLAB...: the article's 31 paths in one instance.
verify_all() {
	local name=$1
	shift
	capture "$@" verify
	assert_eq 0 "$RC" "verify in $name (stderr: $ERR; out: $(echo "$OUT" | grep -A2 -E 'MISMATCH|ERROR'))"
	assert_contains "$OUT" "31/31 matching (0 mismatch, 0 error)" "verify in $name"
}

# The second instance, alone, after the default's `down`: whole.
check_b_intact() {
	local procs_before=$1 daemon=$2
	assert_eq 25 "$(lab_namespaces "$B_NS_PREFIX" | wc -l)" "$B_NS_PREFIX namespaces after the default's down"
	assert_eq "$procs_before" "$(ns_procs "$B_NS_PREFIX")" "processes in $B_NS_PREFIX namespaces after the default's down"
	kill -0 "$daemon" 2>/dev/null || fail "the second instance's daemon ($daemon) is gone"
	for f in state lock control.sock lab frr charon ipsec-psk; do
		[ -e "$B_RUN_DIR/$f" ] || fail "$B_RUN_DIR/$f is gone"
	done
	capture azlab_b status
	assert_eq 0 "$RC" "status of the second instance (stderr: $ERR)"
	# across ExpressRoute, and over both VPNs' tunnels and BGP
	azlab_b exec loc1-vm ping -n -c1 -W1 10.10.30.4 >/dev/null ||
		fail "second instance: loc1-vm cannot ping hub-vm"
	azlab_b exec branch-vm ping -n -c1 -W1 10.10.30.4 >/dev/null ||
		fail "second instance: branch-vm cannot ping hub-vm"
}

test_two_instances() {
	local b_procs b_daemon
	up_reference_lab
	capture azlab_b up --quiet
	assert_eq 0 "$RC" "up of the second instance with the default's lab up (stderr: $ERR)"
	assert_eq 25 "$(lab_namespaces | wc -l)" "azlab- namespaces"
	assert_eq 25 "$(lab_namespaces "$B_NS_PREFIX" | wc -l)" "$B_NS_PREFIX namespaces"
	# nodes of one name, apart: FRR's pathspaces, charons, status
	[ -d /run/frr/azlab-hub-ergw ] && [ -d "/run/frr/${B_NS_PREFIX}hub-ergw" ] ||
		fail "FRR's pathspaces: $(ls /run/frr | grep hub-ergw | tr '\n' ' ')"
	assert_eq 3 "$(lab_charons | wc -l)" "the default instance's charons"
	assert_eq 3 "$(lab_charons "$B_RUN_DIR" | wc -l)" "the second instance's charons"
	capture azlab_b status --json
	assert_contains "$OUT" "\"namespace\":\"${B_NS_PREFIX}hub-vm\"" "the second instance's status"
	[ -s "$B_LOG_DIR/azlabd.log" ] || fail "no log in $B_LOG_DIR"
	verify_all "the default instance" "$AZLAB"
	verify_all "the second instance" azlab_b

	b_procs=$(ns_procs "$B_NS_PREFIX")
	b_daemon=$(state_pid "$B_RUN_DIR")
	capture "$AZLAB" down
	assert_eq 0 "$RC" "down of the default instance (stderr: $ERR)"
	assert_eq "" "$(lab_namespaces)" "azlab- namespaces after its down"
	[ ! -e /run/azlab ] || fail "/run/azlab outlived its down"
	assert_eq "" "$(lab_charons)" "the default instance's charons after its down"
	check_b_intact "$b_procs" "$b_daemon"

	capture azlab_b down
	assert_eq 0 "$RC" "down of the second instance (stderr: $ERR)"
	assert_clean
	rm -rf "$B_LOG_DIR"
}
