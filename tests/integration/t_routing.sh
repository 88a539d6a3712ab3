# SPDX-License-Identifier: ISC
# Real BGP (FRR) in the reference lab: the "who sees whom" table of the
# reference network for the pairs that need no VPN, and the ER withdrawal
# that the failover drill relies on.

declare -A VM_ADDR=(
	[hub-vm]=10.10.30.4 [spoke-vm]=10.11.30.4 [branch-vm]=10.11.30.68
	[loc1-vm]=10.2.30.10 [loc2-vm]=10.1.31.10 [remote-vm]=10.17.30.4
)

# From the reference network's table: "yes" pairs over ER or peering.
REACHABLE=(
	"hub-vm spoke-vm" "hub-vm loc1-vm" "hub-vm loc2-vm" "hub-vm remote-vm"
	"spoke-vm hub-vm" "spoke-vm loc1-vm" "spoke-vm loc2-vm" "spoke-vm remote-vm"
	"loc1-vm hub-vm" "loc1-vm spoke-vm" "loc1-vm remote-vm"
	"loc2-vm hub-vm" "loc2-vm spoke-vm"
	"remote-vm hub-vm" "remote-vm spoke-vm" "remote-vm loc1-vm"
	# over the VPNs (the tunnels of t_ipsec.sh)
	"hub-vm branch-vm" "spoke-vm branch-vm" "loc1-vm branch-vm"
	"branch-vm hub-vm" "branch-vm spoke-vm" "branch-vm loc1-vm"
)
# "no" pairs: no route at all, whatever the VPNs do.
UNREACHABLE=(
	"loc1-vm loc2-vm" "loc2-vm loc1-vm"
	"loc2-vm remote-vm" "remote-vm loc2-vm"
	"loc2-vm branch-vm" "branch-vm loc2-vm"
	"remote-vm branch-vm" "branch-vm remote-vm"
)

test_bgp_ping_matrix() {
	local pair from to
	up_reference_lab
	for pair in "${REACHABLE[@]}"; do
		read -r from to <<<"$pair"
		ping_ok "$from" "${VM_ADDR[$to]}"
	done
	for pair in "${UNREACHABLE[@]}"; do
		read -r from to <<<"$pair"
		ping_fails "$from" "${VM_ADDR[$to]}"
	done
	"$AZLAB" down --quiet
	assert_clean
}

# The hub VM's route to loc1 through the ER gateway, or nothing.
hub_er_route_to_loc1() {
	in_node hub-vm ip -4 route show 10.2.30.0/25 | grep 'via 10.10.30.132' || true
}

# Polls for up to $2 tenths of a second until "$1" is (non-)empty as $3 says.
wait_route() {
	local want=$1 tenths=$2 i r
	for i in $(seq "$tenths"); do
		r=$(hub_er_route_to_loc1)
		if [ "$want" = present ] && [ -n "$r" ]; then return 0; fi
		if [ "$want" = absent ] && [ -z "$r" ]; then return 0; fi
		sleep 0.1
	done
	return 1
}

test_er_withdraw_and_restore() {
	up_reference_lab
	[ -n "$(hub_er_route_to_loc1)" ] || fail "hub-vm has no ER route to loc1 after up"
	ping_ok hub-vm 10.2.30.10

	ip -n azlab-loc1-ce link set msee1 down
	wait_route absent 10 || fail "ER route to loc1 still on hub-vm 1 s after msee1 went down"

	ip -n azlab-loc1-ce link set msee1 up
	wait_route present 300 || fail "ER route to loc1 not back on hub-vm 30 s after msee1 came up"
	ping_ok hub-vm 10.2.30.10
	"$AZLAB" down --quiet
	assert_clean
}

# Prefixes in NODE's BGP table, sorted, one line.
bgp_prefixes() {
	"$AZLAB" bgp "$1" --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(" ".join(sorted({r["prefix"] for r in d["routes"]})))'
}

# What each router must learn, from the reference network's control-plane
# rules: ER circuits do not transit through the hub (loc1 and loc2 never
# meet), ER 1 joins hub, loc1 and remote, the hub VPN gateway has no
# session with the ER gateway, and VPN routes come with the tunnels.
declare -A BGP_TABLE=(
	[loc1-ce]="10.10.30.0/24 10.11.30.0/26 10.11.30.64/26 10.17.30.0/24 10.2.30.0/25"
	[loc2-ce-a]="10.1.31.0/25 10.10.30.0/24 10.11.30.0/26"
	[loc2-ce-b]="10.1.31.0/25 10.10.30.0/24 10.11.30.0/26"
	[er1-msee-pri]="10.10.30.0/24 10.11.30.0/26 10.17.30.0/24 10.2.30.0/25"
	[er1-msee-sec]="10.10.30.0/24 10.11.30.0/26 10.17.30.0/24"
	[er2-msee-a]="10.1.31.0/25 10.10.30.0/24 10.11.30.0/26"
	[er2-msee-b]="10.1.31.0/25 10.10.30.0/24 10.11.30.0/26"
	[hub-ergw]="10.1.31.0/25 10.10.30.0/24 10.11.30.0/26 10.17.30.0/24 10.2.30.0/25"
	[remote-ergw]="10.10.30.0/24 10.11.30.0/26 10.17.30.0/24 10.2.30.0/25"
	[hub-vpngw]="10.10.30.0/24 10.11.30.0/26 10.11.30.64/26 10.2.30.0/25"
	[branch-vpngw]="10.10.30.0/24 10.11.30.0/26 10.11.30.64/26 10.2.30.0/25"
)

test_reference_bgp_tables() {
	local node not_established lp
	up_reference_lab
	for node in "${!BGP_TABLE[@]}"; do
		assert_eq "${BGP_TABLE[$node]}" "$(bgp_prefixes "$node")" "BGP table of $node"
		not_established=$("$AZLAB" bgp "$node" --json | python3 -c '
import json, sys
print(" ".join(s["peer"] for s in json.load(sys.stdin)["sessions"] if not s["established"]))')
		assert_eq "" "$not_established" "sessions of $node not Established"
	done
	# loc1 prefers ExpressRoute: local-preference 200 on what the MSEE sends.
	lp=$("$AZLAB" bgp loc1-ce --json | python3 -c '
import json, sys
print([r["localPref"] for r in json.load(sys.stdin)["routes"] if r["prefix"] == "10.10.30.0/24" and r["best"]])')
	assert_eq "[200]" "$lp" "loc1-ce local-preference for the hub"

	# VNet effective routes follow BGP: the hub and spoke VMs go to the ER
	# gateway for every on-prem and remote prefix; the remote VM to its own.
	# (grep reads everything: with -q it may stop before ip has written
	# the VPN route, and ip's SIGPIPE fails the pipeline under pipefail.)
	for node in hub-vm spoke-vm; do
		for p in 10.2.30.0/25 10.1.31.0/25 10.17.30.0/24; do
			in_node "$node" ip -4 route show "$p" | grep "via 10.10.30.132 dev eth0 proto 65 metric 100" >/dev/null ||
				fail "$node has no ER effective route to $p"
		done
	done
	for p in 10.2.30.0/25 10.10.30.0/24 10.11.30.0/26; do
		in_node remote-vm ip -4 route show "$p" | grep "via 10.17.30.36" >/dev/null ||
			fail "remote-vm has no ER effective route to $p"
	done
	assert_eq "" "$(in_node remote-vm ip -4 route show 10.1.31.0/25)" "remote-vm route to loc2"
	# The hub VM's first hop toward loc1 is the ER gateway itself.
	assert_eq "10.10.30.132" "$(in_node hub-vm traceroute -n -q1 -w1 -m1 10.2.30.10 | awk 'NR == 2 { print $2 }')" \
		"hub-vm first hop toward loc1"
	"$AZLAB" down --quiet
	assert_clean
}
