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
