# SPDX-License-Identifier: ISC
# FRR in a lab of its own (three routers: eBGP r1-r2, OSPF and iBGP
# r2-r3, one neighbor shut down): up waits for BGP and OSPF, azlab bgp,
# status, a crashed daemon restarted, and up failing cleanly on a stuck
# session or a configuration FRR refuses.

# bgp_lab DIR [EXTRA-R1-LINE]: writes DIR/lab.yaml and the FRR configs.
bgp_lab() {
	local d=$1 extra=${2:-}
	mkdir -p "$d"
	cat >"$d/lab.yaml" <<-'EOF'
	name: bgptest
	nodes:
	  - { name: r1, role: router, loopback: 192.0.2.1/32, frr: r1.conf }
	  - { name: r2, role: router, loopback: [192.0.2.2/32, 192.0.2.22/32], frr: r2.conf }
	  - { name: r3, role: router, loopback: [192.0.2.3/32, 192.0.2.33/32], frr: r3.conf }
	  - name: vm
	    role: host
	    routes:
	      - { to: default, via: 10.9.0.1 }
	links:
	  - endpoints:
	      - { interface: r1:r2, address: 10.0.12.1/30 }
	      - { interface: r2:r1, address: 10.0.12.2/30 }
	  - endpoints:
	      - { interface: r2:r3, address: 10.0.23.1/30 }
	      - { interface: r3:r2, address: 10.0.23.2/30 }
	  - endpoints:
	      - { interface: r1:vm, address: 10.9.0.1/24 }
	      - { interface: vm:eth0, address: 10.9.0.10/24 }
	EOF
	cat >"$d/r1.conf" <<-EOF
	router bgp 65001
	 bgp router-id 192.0.2.1
	 no bgp ebgp-requires-policy
	 timers bgp 3 9
	 neighbor 10.0.12.2 remote-as 65002
	 neighbor 10.0.12.2 timers connect 1
	 neighbor 10.0.12.2 description r2
	 $extra
	 address-family ipv4 unicast
	  network 10.9.0.0/24
	 exit-address-family
	exit
	EOF
	local n
	for n in 2 3; do
		# lab timers: without the LSA ones, OSPF routes come ~10 s
		# after the adjacency is Full
		cat >"$d/r$n.conf" <<-EOF
		router ospf
		 ospf router-id 192.0.2.$n
		 timers throttle spf 0 50 500
		 timers throttle lsa all 0
		 timers lsa min-arrival 0
		exit
		interface r$((5 - n))
		 ip ospf area 0
		 ip ospf network point-to-point
		 ip ospf hello-interval 1
		 ip ospf dead-interval 4
		exit
		interface lo
		 ip ospf area 0
		 ip ospf passive
		exit
		router bgp 65002
		 bgp router-id 192.0.2.$n
		 no bgp ebgp-requires-policy
		 timers bgp 3 9
		 neighbor 192.0.2.$((5 - n)) remote-as 65002
		 neighbor 192.0.2.$((5 - n)) update-source lo
		 neighbor 192.0.2.$((5 - n)) timers connect 1
		 address-family ipv4 unicast
		  network 192.0.2.$n$n/32
		 exit-address-family
		exit
		EOF
	done
	# r2: the eBGP side, a static route, and a neighbor shut down
	cat >>"$d/r2.conf" <<-'EOF'
	ip route 10.77.0.0/16 Null0
	router bgp 65002
	 neighbor 10.0.12.1 remote-as 65001
	 neighbor 10.0.12.1 timers connect 1
	 neighbor 10.0.12.99 remote-as 65099
	 neighbor 10.0.12.99 shutdown
	 address-family ipv4 unicast
	  redistribute static
	  neighbor 192.0.2.3 next-hop-self
	 exit-address-family
	exit
	EOF
}

test_bgp_up_waits_for_routing() {
	bgp_lab "$TMP/bgp"
	capture "$AZLAB" up "$TMP/bgp/lab.yaml"
	assert_eq 0 "$RC" "up of the BGP lab (stderr: $ERR)"
	assert_contains "$OUT" "BGP: 4 sessions Established, OSPF: 2 adjacencies Full" "up's summary"
	# no waiting after up: routes are there at once, end to end
	ping_ok vm 192.0.2.33
	capture "$AZLAB" bgp r3 --json
	assert_eq 0 "$RC" "bgp r3 --json (stderr: $ERR)"
	python3 - "$OUT" <<-'PY' || fail "bgp r3 --json: $OUT"
	import json, sys
	d = json.loads(sys.argv[1])
	assert d["node"] == "r3" and d["as"] == 65002, d
	assert d["routerId"] == "192.0.2.3", d
	s = d["sessions"]
	assert [x["peer"] for x in s] == ["192.0.2.2"], s
	assert s[0]["state"] == "Established" and s[0]["remoteAs"] == 65002, s
	assert s[0]["prefixesReceived"] == 3, s
	r = {x["prefix"]: x for x in d["routes"]}
	assert r["10.9.0.0/24"]["asPath"] == "65001", r
	assert r["10.9.0.0/24"]["nextHop"] == "192.0.2.2", r
	assert r["10.9.0.0/24"]["best"] and r["10.9.0.0/24"]["localPref"] == 100, r
	assert r["10.77.0.0/16"]["origin"] == "incomplete", r
	PY
	capture "$AZLAB" status --json
	python3 - "$OUT" <<-'PY' || fail "status --json daemons: $OUT"
	import json, sys
	d = json.loads(sys.argv[1])
	n = {x["name"]: x for x in d["nodes"]}
	names = lambda node: [x["name"] for x in n[node]["daemons"]]
	assert names("r1") == ["zebra", "bgpd"], names("r1")
	assert names("r2") == ["zebra", "bgpd", "ospfd", "staticd"], names("r2")
	assert names("vm") == [], names("vm")
	for x in n["r2"]["daemons"]:
	    assert x["state"] == "running" and x["pid"] > 0, x
	PY
	capture "$AZLAB" status
	assert_contains "$OUT" "daemons      zebra (pid " "status text"
	"$AZLAB" down --quiet
	assert_clean
}

test_bgp_verb() {
	capture "$AZLAB" bgp r1
	assert_eq 1 "$RC" "bgp with no lab"
	assert_eq "azlab: bgp: no lab is running" "$ERR" "bgp with no lab"
	capture "$AZLAB" bgp
	assert_eq 2 "$RC" "bgp without a node"
	capture "$AZLAB" bgp --help
	assert_contains "$OUT" "usage: azlab bgp NODE [--json]" "bgp --help"
	bgp_lab "$TMP/bgp"
	"$AZLAB" up --quiet "$TMP/bgp/lab.yaml"
	capture "$AZLAB" bgp r2
	assert_eq 0 "$RC" "bgp r2 (stderr: $ERR)"
	assert_contains "$OUT" "BGP on r2: AS 65002, router ID 192.0.2.2" "bgp r2 header"
	assert_contains "$OUT" "10.0.12.99       65099      Idle (Admin)" "the shut neighbor"
	assert_contains "$OUT" "*> 10.9.0.0/24        10.0.12.1" "r2's table"
	capture "$AZLAB" bgp nosuch
	assert_eq 1 "$RC" "bgp of an unknown node"
	assert_eq "azlab: bgp: no node 'nosuch' in lab bgptest" "$ERR" "unknown node"
	capture "$AZLAB" bgp vm
	assert_eq 1 "$RC" "bgp of a node without FRR"
	assert_contains "$ERR" "node 'vm' runs no FRR" "node without FRR"
	"$AZLAB" down --quiet
	assert_clean
}

test_frr_daemon_restarted() {
	local pid i new=""
	bgp_lab "$TMP/bgp"
	"$AZLAB" up --quiet "$TMP/bgp/lab.yaml"
	pid=$(cat /run/azlab/frr/r2/bgpd.pid)
	kill -9 "$pid"
	for i in $(seq 100); do
		new=$("$AZLAB" status --json | python3 -c '
import json, sys
d = {x["name"]: x for x in json.load(sys.stdin)["nodes"]}["r2"]["daemons"]
print([x for x in d if x["name"] == "bgpd"][0]["pid"] or "")')
		[ -n "$new" ] && [ "$new" != "$pid" ] && break
		sleep 0.1
	done
	[ -n "$new" ] && [ "$new" != "$pid" ] || fail "bgpd not restarted"
	grep -q "r2: bgpd was killed by signal 9 (Killed) (restart in 0.2 s)" \
		/var/log/azlab/azlabd.log || fail "no restart in the daemon's log"
	# restarted with its configuration: both sessions come back
	for i in $(seq 100); do
		"$AZLAB" bgp r2 --json | python3 -c '
import json, sys
s = json.load(sys.stdin)["sessions"]
sys.exit(sum(x["state"] == "Established" for x in s) != 2)' && break
		sleep 0.2
	done
	[ "$i" -lt 100 ] || fail "r2's sessions did not come back"
	"$AZLAB" down --quiet
	assert_clean
}

test_bgp_stuck_session_fails_up() {
	bgp_lab "$TMP/stuck" "neighbor 10.0.12.7 remote-as 65007"
	AZLAB_ROUTING_TIMEOUT=3 capture "$AZLAB" up "$TMP/stuck/lab.yaml"
	assert_eq 1 "$RC" "up with a session that cannot come up"
	assert_contains "$ERR" "azlab: up: r1: BGP session to 10.0.12.7 (AS 65007) is " "the stuck session"
	assert_contains "$ERR" " after 3 s" "how long up waited"
	assert_clean
}

test_bad_frr_config_fails_up() {
	bgp_lab "$TMP/bad" "neighbor 10.0.12.2 frobnicate"
	capture "$AZLAB" up "$TMP/bad/lab.yaml"
	assert_eq 1 "$RC" "up with a configuration FRR refuses"
	assert_contains "$ERR" "azlab: up: r1: FRR refused the configuration: $TMP/bad/r1.conf:8: % Unknown command" "FRR's complaint, with file and line"
	assert_clean
}
