# SPDX-License-Identifier: ISC
# IPv6 end to end (issue 14): the issue's IPv6-only lab, and the
# dual-stack lab (tests/integration/labs/dualstack.yaml: BGP IPv6
# unicast, the SDN controller's IPv6 routes, verify, matrix, a drill).

V6_ONLY_LAB=tests/integration/labs/ipv6-only.yaml
DUALSTACK_LAB=tests/integration/labs/dualstack.yaml
V6_DIRECT="2001:db8:61:1::1, 2001:db8:61:12::2, 2001:db8:61:2::10"
V6_BACKUP="2001:db8:61:1::1, 2001:db8:61:13::3, 2001:db8:61:23::2, 2001:db8:61:2::10"

up_lab() {		# FILE
	capture "$AZLAB" up --quiet "$1"
	assert_eq 0 "$RC" "azlab up --quiet $1 (stderr: $ERR)"
}

# No address of NODE is tentative (DAD): usable as soon as `up` returns.
assert_no_tentative() {	# NODE...
	local n
	for n in "$@"; do
		assert_eq "" "$(in_node "$n" ip -6 -o addr show tentative)" \
			"tentative addresses in $n"
	done
}

# The issue's lab: the router forwards IPv6, hosts do not, and a ping
# crosses the router at once, with no wait for DAD.
test_ipv6_only_lab() {
	capture "$AZLAB" check -v "$V6_ONLY_LAB"
	assert_eq 0 "$RC" "check -v $V6_ONLY_LAB (stderr: $ERR)"
	assert_contains "$OUT" "node mid: router
  sysctl net.ipv4.ip_forward = 1
  sysctl net.ipv6.conf.all.forwarding = 1" "check -v: the router forwards IPv6"
	capture "$AZLAB" plan "$V6_ONLY_LAB"
	assert_contains "$OUT" "left: set net.ipv6.conf.all.forwarding = 0" "plan: a host does not forward"
	assert_contains "$OUT" "mid: set net.ipv6.conf.all.forwarding = 1" "plan: the router forwards"
	up_lab "$V6_ONLY_LAB"
	capture "$AZLAB" ping left 2001:db8:62:2::10 -c 1
	assert_eq 0 "$RC" "first ping across the router, right after up ($OUT $ERR)"
	assert_no_tentative left mid right
	assert_eq 1 "$(in_node mid sysctl -n net.ipv6.conf.all.forwarding)" "mid forwards IPv6"
	assert_eq 1 "$(in_node mid sysctl -n net.ipv6.conf.right.forwarding)" "mid's interfaces forward"
	assert_eq 0 "$(in_node left sysctl -n net.ipv6.conf.all.forwarding)" "left does not"
	capture "$AZLAB" trace left right
	assert_eq 0 "$RC" "trace left right ($ERR)"
	assert_contains "$OUT" "left -> right (2001:db8:62:2::10): 2001:db8:62:1::1, 2001:db8:62:2::10" "trace over IPv6"
	capture "$AZLAB" matrix
	assert_eq 0 "$RC" "matrix of an IPv6-only lab ($ERR)"
	assert_contains "$OUT" "left       -          yes" "matrix: left reaches right"
	"$AZLAB" down --quiet
	assert_clean
}

# BGP IPv6 unicast, the SDN controller's IPv6 routes, the probes' verbs
# with -6, and the pictures.
test_ipv6_dualstack_bgp_and_probes() {
	up_lab "$DUALSTACK_LAB"
	assert_no_tentative vm1 gw1 gw2 vm2
	capture "$AZLAB" routes vm1
	assert_eq 0 "$RC" "routes vm1 ($ERR)"
	assert_contains "$OUT" "2001:db8:61:2::/64 ExpressRoute gateway gw1          2001:db8:61:1::1" \
		"vm1's IPv6 route from the SDN controller"
	assert_contains "$OUT" "10.61.2.0/24       ExpressRoute gateway gw1          10.61.1.1" \
		"vm1's IPv4 route from the SDN controller"
	assert_contains "$(in_node gw1 ip -6 route show proto bgp)" "2001:db8:61:2::/64" \
		"gw1 learned vm2's IPv6 prefix by BGP"
	capture "$AZLAB" trace vm1 vm2 -6
	assert_eq 0 "$RC" "trace -6 ($ERR)"
	assert_contains "$OUT" "vm1 -> vm2 (2001:db8:61:2::10): $V6_DIRECT" "trace -6 vm1 vm2"
	capture "$AZLAB" trace vm1 vm2
	assert_contains "$OUT" "vm1 -> vm2 (10.61.2.10): 10.61.1.1, 10.61.12.2, 10.61.2.10" \
		"trace without -6: the first address"
	capture "$AZLAB" ping vm2 vm1 -6 --json
	assert_eq 0 "$RC" "ping -6 --json ($ERR)"
	assert_contains "$OUT" '2001:db8:61:1::10' "ping -6 resolves vm1's IPv6 address"
	capture "$AZLAB" ping vm1 10.61.2.10 -6
	assert_eq 1 "$RC" "ping -6 to an IPv4 address"
	assert_contains "$ERR" "10.61.2.10 is not an IPv6 address" "ping -6 to an IPv4 address"
	capture "$AZLAB" matrix -6 --json --svg "$TMP/m.svg"
	assert_eq 0 "$RC" "matrix -6 ($ERR)"
	python3 - "$OUT" <<'PY' || fail "matrix -6 --json: $OUT"
import json, sys
d = json.loads(sys.argv[1])
assert len(d["pairs"]) == 2, d
for p in d["pairs"]:
    assert ":" in p["address"] and p["reachable"] is True, p
PY
	assert_contains "$(cat "$TMP/m.svg")" "<svg" "matrix -6 picture"
	capture "$AZLAB" trace vm1 2001:db8:61:2::10 --svg "$TMP/t.svg"
	assert_eq 0 "$RC" "trace IPv6 --svg ($ERR)"
	assert_contains "$(cat "$TMP/t.svg")" "gw2" "the IPv6 path drawn through gw2"
	"$AZLAB" down --quiet
	assert_clean
}

# verify: IPv6 hops, an IPv6 shut case (the interface keeps its IPv6
# addresses across down and up, so its sessions come back).
test_ipv6_verify() {
	up_lab "$DUALSTACK_LAB"
	capture "$AZLAB" verify
	assert_eq 0 "$RC" "verify on the dual-stack lab (out: $OUT; stderr: $ERR)"
	assert_contains "$OUT" "5/5 matching" "verify verdict"
	assert_contains "$(in_node gw1 ip -6 -o addr show dev gw2 scope global)" \
		"2001:db8:61:12::1/64" "gw1:gw2 kept its IPv6 address"
	"$AZLAB" down --quiet
	assert_clean
}

test_ipv6_drill() {
	up_lab "$DUALSTACK_LAB"
	capture "$AZLAB" drill v6-failover --json
	assert_eq 0 "$RC" "drill v6-failover (stderr: $ERR; out: $OUT)"
	python3 - "$OUT" "$V6_DIRECT" "$V6_BACKUP" <<'PY' || fail "drill --json: $OUT"
import json, sys
d = json.loads(sys.argv[1])
direct, backup = sys.argv[2], sys.argv[3]
assert d["address"] == "2001:db8:61:2::10", d
assert d["before"]["path"] == direct, d["before"]
assert d["during"]["path"] == backup and d["during"]["reached"], d["during"]
assert d["after"]["path"] == direct and d["after"]["reached"], d["after"]
assert d["ping"]["received"] > 0, d["ping"]
assert d["restored"] and d["passed"] is True, d
PY
	"$AZLAB" down --quiet
	assert_clean
}
