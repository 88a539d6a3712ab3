# SPDX-License-Identifier: ISC
# Hop fidelity: the article's traceroutes, hop for hop, from the reference
# lab's declared mechanisms (loose uRPF, TTL rules, zebra's set src), and
# the latency the lab declares (netem, or one notice where there is none).

# first_line SRC DST: the article-style line of `azlab trace`.
trace_line() {
	"$AZLAB" trace "$1" "$2" | head -1
}

assert_trace() {	# src dst "hop, hop, ..."
	assert_eq "$1 -> $2 ($2): $3" "$(trace_line "$1" "$2")" "trace $1 $2"
}

test_hop_fidelity() {
	local rules
	up_reference_lab
	# The gateway answers only as the first hop from its VNet; the MSEE
	# takes no hop toward on-prem; the CE and LAN router are '*' from
	# Azure (uRPF drops replies from unadvertised link addresses).
	assert_trace hub-vm 10.2.30.10 "10.10.30.132, *, *, 10.2.30.10"
	assert_trace hub-vm 10.11.30.68 "10.10.30.142, *, 10.11.30.68"
	assert_trace hub-vm 10.17.30.4 "10.10.30.132, *, 10.17.30.4"
	# Over the VPNs: the CE answers the branch from its tunnel address.
	assert_trace branch-vm 10.2.30.10 \
		"10.11.30.100, *, 10.2.30.125, *, 10.2.30.10"
	# From on-prem the MSEE takes a hop, answering from its CE side.
	assert_trace loc1-vm 10.10.30.4 \
		"10.2.30.3, 192.168.30.0, 192.168.30.18, *, 10.10.30.4"
	# Entering Azure through loc1's tunnel: no hop at the VPN gateways.
	assert_trace loc1-vm 10.11.30.68 "10.2.30.3, 192.168.30.0, 10.11.30.68"
	assert_trace remote-vm 10.2.30.10 "10.17.30.36, *, *, 10.2.30.10"
	rules=$(in_node er1-msee-pri iptables -t mangle -S PREROUTING)
	assert_contains "$rules" "-A PREROUTING -i hub -j TTL --ttl-inc 1" \
		"er1-msee-pri's TTL rules"
	assert_contains "$rules" "-A PREROUTING -i remote -j TTL --ttl-inc 1" \
		"er1-msee-pri's TTL rules"
	rules=$(in_node hub-vpngw iptables -t mangle -S PREROUTING)
	assert_contains "$rules" "-A PREROUTING -s 10.2.30.0/25 -j TTL --ttl-inc 1" \
		"hub-vpngw's TTL rule"
	assert_eq 2 "$(in_node loc1-ce sysctl -n net.ipv4.conf.all.rp_filter)" \
		"loc1-ce's uRPF"
	assert_eq 0 "$(in_node hub-vm sysctl -n net.ipv4.icmp_ratelimit)" \
		"hub-vm's ICMP rate limit"
	"$AZLAB" down --quiet
	assert_clean
}

# Whether this kernel has netem, asked in a throwaway namespace.
kernel_has_netem() {
	unshare -n tc qdisc add dev lo root netem delay 1ms 2>/dev/null
}

test_latency_notice() {
	local notice="azlab: latency emulation unavailable (this kernel has no netem): 4 links keep their declared delays unapplied"
	capture "$AZLAB" up
	assert_eq 0 "$RC" "azlab up (stderr: $ERR)"
	if kernel_has_netem; then
		assert_eq "" "$ERR" "up's stderr with netem"
		assert_contains "$(in_node loc2-ce-a tc qdisc show dev msee)" \
			"netem" "loc2-ce-a:msee's qdisc"
		assert_contains "$(in_node loc2-ce-a tc qdisc show dev msee)" \
			"delay 37ms" "loc2-ce-a:msee's delay"
	else
		# exactly one line, that one
		assert_eq "$notice" "$ERR" "up's stderr without netem"
	fi
	capture "$AZLAB" status --json
	python3 - "$OUT" "$(kernel_has_netem && echo true || echo false)" \
		<<'PY' || fail "status --json latency: $OUT"
import json, sys
d = json.loads(sys.argv[1])
assert d["latency"] == {"links": 4, "applied": sys.argv[2] == "true"}, d["latency"]
PY
	"$AZLAB" down --quiet
	assert_clean
}

# A TTL rule that cannot be loaded fails up on one line, and nothing of
# the lab is left: here iptables-restore is out of the daemon's PATH.
test_ttl_failure_fails_up() {
	mkdir -p "$TMP/ttl"
	cat >"$TMP/ttl/lab.yaml" <<-'EOF'
	name: ttl-fail
	nodes:
	  - { name: a, role: host }
	  - name: b
	    role: router
	    ttl:
	      - { in: eth0, inc: 1 }
	links:
	  - endpoints:
	      - { interface: a:eth0, address: 10.0.0.1/24 }
	      - { interface: b:eth0, address: 10.0.0.2/24 }
	EOF
	capture env PATH=/usr/bin:/bin "$AZLAB" up "$TMP/ttl/lab.yaml"
	assert_eq 1 "$RC" "up without iptables-restore"
	assert_eq "azlab: up: b: load 1 TTL rule: iptables-restore is not in PATH (the iptables package)" \
		"$ERR" "up's one-line error"
	assert_clean
}
