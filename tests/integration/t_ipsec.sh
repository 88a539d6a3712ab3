# SPDX-License-Identifier: ISC
# The two site-to-site VPNs of the reference lab: charon per VPN endpoint,
# IKEv2 with PSKs, BGP over the tunnels, traffic really crossing ESP, the
# failover drill, and a killed charon coming back.

# ipsec_field NODE CHILD FIELD: a field of CHILD's CHILD_SA on NODE, from
# `azlab ipsec NODE --json` ("" if there is no such CHILD_SA).
ipsec_field() {
	"$AZLAB" ipsec "$1" --json 2>/dev/null | python3 -c '
import json, sys
child, field = sys.argv[1], sys.argv[2]
for ike in json.load(sys.stdin)["ikeSas"]:
    for c in ike["children"]:
        if c["name"] == child and c["state"] == "INSTALLED":
            print(c[field]); sys.exit(0)
print("")' "$2" "$3" 2>/dev/null || true
}

# bgp_state NODE PEER: FRR's state of NODE's session to PEER.
bgp_state() {
	"$AZLAB" bgp "$1" --json | python3 -c '
import json, sys
print([s["state"] for s in json.load(sys.stdin)["sessions"] if s["peer"] == sys.argv[1]][0])' "$2"
}

# charon_pid NODE: the supervisor's pid of NODE's charon ("" if none).
charon_pid() {
	"$AZLAB" status --json | python3 -c '
import json, sys
n = {x["name"]: x for x in json.load(sys.stdin)["nodes"]}[sys.argv[1]]
print([d["pid"] for d in n["daemons"] if d["name"] == "charon"][0] or "")' "$1"
}

# The sessions over the tunnels: node peer.
VPN_SESSIONS=(
	"hub-vpngw 10.11.30.100" "hub-vpngw 10.2.30.125"
	"branch-vpngw 10.10.30.254" "loc1-ce 10.10.30.254"
)
# The CHILD_SAs: node child.
VPN_CHILDREN=(
	"hub-vpngw branch" "hub-vpngw loc1" "branch-vpngw hub" "loc1-ce hub"
)

test_ipsec_tunnels_up() {
	local pair node x before after mode
	up_reference_lab
	# up returned: every CHILD_SA INSTALLED, every session Established
	for pair in "${VPN_CHILDREN[@]}"; do
		read -r node x <<<"$pair"
		assert_eq "INSTALLED" "$(ipsec_field "$node" "$x" state)" "$node CHILD_SA $x"
	done
	for pair in "${VPN_SESSIONS[@]}"; do
		read -r node x <<<"$pair"
		assert_eq "Established" "$(bgp_state "$node" "$x")" "$node BGP session to $x"
	done
	# status says which ESP the probe found (libipsec on a kernel without
	# ESP, like the one this project is developed on)
	mode=$("$AZLAB" status --json | python3 -c '
import json, sys
i = json.load(sys.stdin)["ipsec"]
print(i["esp"] if (i["esp"] == "kernel") == i["kernelEsp"] else "inconsistent")')
	case "$mode" in
	kernel|libipsec) ;;
	*) fail "status: ESP by '$mode'" ;;
	esac
	assert_contains "$("$AZLAB" status)" "ipsec: ESP by $mode" "status text"

	# the VPN pairs of the reference network's table
	ping_ok branch-vm 10.10.30.4
	ping_ok branch-vm 10.11.30.4
	ping_ok hub-vm 10.11.30.68
	ping_ok spoke-vm 10.11.30.68

	# the pings really cross ESP: the counters of the tunnels they use rise
	before=$(ipsec_field hub-vpngw branch packetsIn)
	ping_ok branch-vm 10.2.30.10
	ping_ok loc1-vm 10.11.30.68
	after=$(ipsec_field hub-vpngw branch packetsIn)
	[ "$after" -ge $((before + 2)) ] ||
		fail "hub-vpngw's branch CHILD_SA: packets in $before -> $after"
	before=$(ipsec_field loc1-ce hub packetsOut)
	ping_ok loc1-vm 10.11.30.68
	after=$(ipsec_field loc1-ce hub packetsOut)
	[ "$after" -ge $((before + 1)) ] ||
		fail "loc1-ce's CHILD_SA: packets out $before -> $after"
	# the branch stays out of reach of loc2 and remote
	ping_fails loc2-vm 10.11.30.68
	ping_fails remote-vm 10.11.30.68

	# PSKs: generated, 0600, never in the logs or status
	for x in /run/azlab/ipsec-psk/*; do
		assert_eq "600" "$(stat -c %a "$x")" "mode of $x"
		if grep -rqF -f "$x" /var/log/azlab/azlabd.log /run/azlab/charon/*/*.log \
			/run/azlab/charon/*/*.conf ||
			"$AZLAB" status --json | grep -qF -f "$x"; then
			fail "a PSK shows in a log, a charon file or status"
		fi
	done
	assert_eq "700" "$(stat -c %a /run/azlab/ipsec-psk)" "mode of the PSK directory"
	"$AZLAB" down --quiet
	assert_clean
}

# Shutting loc1-ce:msee1 moves hub<->loc1 traffic onto the VPN, and back.
# hub_vm_loc1_via GW: hub-vm has a route to loc1 through GW (read whole,
# then matched: a grep -q that stops reading early would leave ip to die
# of SIGPIPE, which pipefail counts as a failure).
hub_vm_loc1_via() {
	local routes
	routes=$(in_node hub-vm ip -4 route show 10.2.30.0/25) || return 1
	[[ $routes == *"via $1 "* ]]
}

test_ipsec_failover() {
	local before after
	up_reference_lab
	hub_vm_loc1_via 10.10.30.132 ||
		fail "hub-vm does not reach loc1 over ER after up"
	ip -n azlab-loc1-ce link set msee1 down
	for i in $(seq 50); do
		hub_vm_loc1_via 10.10.30.132 || break
		sleep 0.1
	done
	hub_vm_loc1_via 10.10.30.142 ||
		fail "hub-vm has no VPN route to loc1 with ER down"
	before=$(ipsec_field hub-vpngw loc1 packetsOut)
	ping_ok hub-vm 10.2.30.10
	ping_ok loc1-vm 10.10.30.4
	after=$(ipsec_field hub-vpngw loc1 packetsOut)
	[ "$after" -ge $((before + 2)) ] ||
		fail "hub-vpngw's loc1 CHILD_SA: packets out $before -> $after"
	ip -n azlab-loc1-ce link set msee1 up
	for i in $(seq 300); do
		hub_vm_loc1_via 10.10.30.132 && break
		sleep 0.1
	done
	hub_vm_loc1_via 10.10.30.132 ||
		fail "ER route to loc1 not back on hub-vm"
	ping_ok hub-vm 10.2.30.10
	"$AZLAB" down --quiet
	assert_clean
}

# A killed charon is restarted by the daemon, configured again over VICI,
# and its tunnel and BGP session come back.
test_ipsec_charon_restarted() {
	local node pid new i
	up_reference_lab
	for node in branch-vpngw hub-vpngw; do
		pid=$(charon_pid "$node")
		[ -n "$pid" ] || fail "$node: no charon pid"
		kill -9 "$pid"
		new=""
		for i in $(seq 100); do
			new=$(charon_pid "$node")
			[ -n "$new" ] && [ "$new" != "$pid" ] && break
			sleep 0.1
		done
		[ -n "$new" ] && [ "$new" != "$pid" ] || fail "$node: charon not restarted"
		grep -q "$node: charon was killed by signal 9" /var/log/azlab/azlabd.log ||
			fail "no restart of $node's charon in the daemon's log"
		# back within DPD (2 s) and retransmits (about 4 s), and BGP's hold time
		for i in $(seq 60); do
			[ "$(ipsec_field hub-vpngw branch state)" = INSTALLED ] &&
				[ "$(ipsec_field branch-vpngw hub state)" = INSTALLED ] &&
				[ "$(bgp_state hub-vpngw 10.11.30.100)" = Established ] &&
				in_node branch-vm ping -n -c1 -W1 10.2.30.10 >/dev/null 2>&1 && break
			sleep 0.5
		done
		[ "$i" -lt 60 ] || fail "$node: tunnel or BGP to the branch not back after its charon was killed"
	done
	"$AZLAB" down --quiet
	assert_clean
}

# A configuration charon refuses fails up at once, naming node and file,
# and leaves nothing.
test_ipsec_refused_config_fails_up() {
	copy_reference_lab "$TMP/ipsec"
	sed -i 's/esp_proposals = aes256-sha256$/esp_proposals = frobnicate/' \
		"$TMP/ipsec/ipsec-configs/loc1-ce.conf"
	capture "$AZLAB" up "$TMP/ipsec/lab/azure-interop.yaml"
	assert_eq 1 "$RC" "up with a refused ipsec configuration"
	assert_contains "$ERR" "azlab: up: loc1-ce: charon refused the configuration: $TMP/ipsec/ipsec-configs/loc1-ce.conf: connection 'hub': load-conn failed: invalid value for: esp_proposals" "the refusal"
	assert_clean
}
