# SPDX-License-Identifier: ISC
# The scale benchmark's lab generator (scripts/gen-hub-spoke.sh): a small
# lab of its making comes up with real FRR, its sample of VM -> VM traces
# all match, and down leaves nothing.

test_hub_spoke_generated() {
	local dir=$TMP/hub-spoke
	rm -rf "$dir"
	scripts/gen-hub-spoke.sh 3 "$dir" 6
	capture "$AZLAB" check "$dir/hub-spoke.yaml"
	assert_eq 0 "$RC" "check of the generated lab ($ERR)"
	assert_contains "$OUT" "11 nodes, 12 links" "3 sites: 3 x 3 nodes and 2 hubs"
	capture "$AZLAB" up --quiet "$dir/hub-spoke.yaml"
	assert_eq 0 "$RC" "up of the generated lab (stderr: $ERR)"
	capture "$AZLAB" status
	assert_contains "$OUT" "s3-lan" "status names the last site's LAN router"
	# a BGP speaker's zebra has nothing of its own to be pushed (frr.c)
	[ ! -e /run/azlab/frr/s1-ce/zebra.config.log ] ||
		fail "s1-ce's zebra got a push of its own"
	# and its file, all bgpd's, is pushed by azlab, not by a vtysh
	# (frr_push.c): bgpd's push ran and refused nothing, no shared one
	[ -e /run/azlab/frr/s1-ce/bgpd.config.log ] ||
		fail "s1-ce's bgpd got no push"
	assert_eq "" "$(cat /run/azlab/frr/s1-ce/bgpd.config.log)" "lines bgpd refused"
	[ ! -e /run/azlab/frr/s1-ce/frr.config.log ] ||
		fail "s1-ce got a vtysh push"
	capture "$AZLAB" verify
	assert_eq 0 "$RC" "verify of the generated cases ($(echo "$OUT" | grep -A2 -E 'MISMATCH|ERROR'))"
	assert_contains "$OUT" "6/6 matching (0 mismatch, 0 error)" "verify summary"
	"$AZLAB" down --quiet
	assert_clean
}

# The shared pair's pid: DAEMON (zebra or bgpd) with the -N of FRR's own
# namespace.
shared_pid() {
	pgrep -f -- "/usr/lib/frr/$1 -N azlab-_shared" || true
}

# All established sessions of NODE, by `azlab bgp NODE --json`.
established() {
	"$AZLAB" bgp "$1" --json | python3 -c '
import json, sys
print(sum(s["established"] for s in json.load(sys.stdin)["sessions"]))'
}

# `frr: shared` (frr/frr_shared.h): one zebra and one bgpd serve every
# router of the generated lab, each router a VRF. The routing wait,
# verify, `bgp`, `status`, `node down|up` and `save` work on it; zebra sees
# only this lab's namespaces; a killed bgpd comes back with every
# router's configuration; `restart` of a router is refused; down leaves
# nothing.
test_hub_spoke_shared() {
	local dir=$TMP/hub-spoke-shared other=aztest-shared-other zebra bgpd
	rm -rf "$dir" "$TMP/saved-shared"
	scripts/gen-hub-spoke.sh -s 3 "$dir" 6
	capture "$AZLAB" check "$dir/hub-spoke.yaml"
	assert_eq 0 "$RC" "check of the generated shared lab ($ERR)"
	# another namespace on the machine is not zebra's business
	ip netns add "$other"
	capture "$AZLAB" up --quiet "$dir/hub-spoke.yaml"
	ip netns del "$other"
	assert_eq 0 "$RC" "up of the shared lab (stderr: $ERR)"
	zebra=$(shared_pid zebra)
	bgpd=$(shared_pid bgpd)
	[ -n "$zebra" ] && [ -n "$bgpd" ] || fail "no shared zebra ($zebra) or bgpd ($bgpd)"
	assert_eq 2 "$(pgrep -fc -- ' -N azlab-')" "FRR processes of the lab"
	assert_eq "$(lab_namespaces | grep -v _shared | sort | tr '\n' ' ')" \
		"$(nsenter -t "$zebra" -m ls /run/netns | sort | tr '\n' ' ')" \
		"the namespaces zebra sees: the lab's routers and VMs only"
	assert_eq 11 "$(vtysh --vty_socket /run/azlab/frr/_shared -c 'show vrf' |
		grep -c '^vrf azlab-')" "VRFs of the shared zebra"
	capture "$AZLAB" status
	assert_contains "$OUT" "frr: shared by every router, in namespace azlab-_shared" "status"
	assert_contains "$OUT" "zebra (pid $zebra), bgpd (pid $bgpd)" "status: the shared pair"
	capture "$AZLAB" status --json
	assert_eq shared "$(echo "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["frr"]["mode"])')" "status --json frr mode"
	assert_eq 3 "$(established s1-ce)" "s1-ce's sessions (hubs and LAN)"
	assert_eq 3 "$(established hub1)" "hub1's sessions (3 CEs)"
	capture "$AZLAB" verify
	assert_eq 0 "$RC" "verify of the shared lab ($(echo "$OUT" | grep -A2 -E 'MISMATCH|ERROR'))"
	assert_contains "$OUT" "6/6 matching (0 mismatch, 0 error)" "verify summary"

	# a router's failure: its links down, its sessions fall at its peers
	capture "$AZLAB" node s1-ce down
	assert_eq 0 "$RC" "node s1-ce down ($ERR)"
	assert_contains "$OUT" "cut off with them" "node down names the shared bgpd"
	for _ in $(seq 50); do
		[ "$(established hub1)" = 2 ] && break
		sleep 0.2
	done
	assert_eq 2 "$(established hub1)" "hub1's sessions with s1-ce down"
	# the lab with a router down is judged steady, its own sessions not
	# waited for: site 1 is cut off, the others reach each other
	capture "$AZLAB" matrix --json
	assert_eq 0 "$RC" "matrix with s1-ce down (stderr: $ERR)"
	python3 - "$OUT" <<'PY' || fail "matrix with s1-ce down: $OUT"
import json, sys
reach = {(p["from"], p["to"]): p["reachable"]
         for p in json.loads(sys.argv[1])["pairs"]}
assert len(reach) == 6, reach
for (a, b), r in reach.items():
    assert r == ("s1-vm" not in (a, b)), (a, b, r)
PY
	capture "$AZLAB" node s1-ce up
	assert_eq 0 "$RC" "node s1-ce up ($ERR)"
	assert_eq 3 "$(established s1-ce)" "s1-ce's sessions, back"
	capture "$AZLAB" restart s1-ce
	assert_eq 1 "$RC" "restart of a router of a shared FRR"
	assert_contains "$ERR" "s1-ce has no daemons of its own to restart" "restart refused"

	# the pair's bgpd killed: restarted, every router's part pushed again
	kill -9 "$bgpd"
	for _ in $(seq 50); do
		[ -n "$(shared_pid bgpd)" ] && [ "$(shared_pid bgpd)" != "$bgpd" ] && break
		sleep 0.2
	done
	[ "$(shared_pid bgpd)" != "$bgpd" ] || fail "bgpd not restarted"
	capture "$AZLAB" verify
	assert_eq 0 "$RC" "verify after bgpd was killed ($(echo "$OUT" | grep -A2 -E 'MISMATCH|ERROR'))"
	assert_eq 3 "$(established hub2)" "hub2's sessions after bgpd's restart"

	capture "$AZLAB" save "$TMP/saved-shared"
	assert_eq 0 "$RC" "save ($ERR)"
	grep -q '^router bgp 64513 vrf azlab-s1-ce' "$TMP/saved-shared/running/_shared.frr.conf" ||
		fail "saved shared configuration has no s1-ce instance"
	cmp -s "$dir/frr/s2-lan.conf" "$TMP/saved-shared/frr/s2-lan.conf" ||
		fail "s2-lan's file not saved as up read it"
	"$AZLAB" down --quiet
	assert_clean
}

# What a shared FRR cannot take is the file's error, FILE:LINE, before
# anything is built; a line bgpd refuses is reported where it was
# written, and nothing is left.
test_hub_spoke_shared_errors() {
	local dir=$TMP/hub-spoke-shared-bad line
	rm -rf "$dir"
	scripts/gen-hub-spoke.sh -s 2 "$dir" 2
	printf 'interface lo\n' >>"$dir/frr/s2-lan.conf"
	line=$(wc -l <"$dir/frr/s2-lan.conf")
	capture "$AZLAB" check "$dir/hub-spoke.yaml"
	assert_eq 1 "$RC" "check of a shared lab with an interface block"
	assert_contains "$ERR" "$dir/frr/s2-lan.conf:$line: 'frr: shared' runs one bgpd for every router, and nothing else: 'interface lo' is not bgpd's" "check's error"
	capture "$AZLAB" up --quiet "$dir/hub-spoke.yaml"
	assert_eq 1 "$RC" "up of that lab"
	assert_contains "$ERR" "s2-lan.conf:$line:" "up's error"
	assert_eq "" "$(lab_namespaces)" "namespaces after the refused up"
	# a name defined otherwise in two files
	scripts/gen-hub-spoke.sh -s 2 "$dir" 2
	sed -i 's/^ip prefix-list DEFAULT seq 5 permit 0.0.0.0\/0/ip prefix-list DEFAULT seq 5 permit 10.0.0.0\/8/' "$dir/frr/hub2.conf"
	capture "$AZLAB" check "$dir/hub-spoke.yaml"
	assert_eq 1 "$RC" "check with a prefix-list defined twice"
	assert_contains "$ERR" "$dir/frr/hub2.conf:5: ip prefix-list DEFAULT is not as $dir/frr/hub1.conf:5 has it" "check's error"
	# a line only bgpd itself refuses
	scripts/gen-hub-spoke.sh -s 2 "$dir" 2
	sed -i 's/^ neighbor 10.2.1.1 timers 1 3$/ neighbor 10.2.1.1 timerz 1 3/' "$dir/frr/s1-ce.conf"
	line=$(grep -n timerz "$dir/frr/s1-ce.conf" | cut -d: -f1)
	capture "$AZLAB" up --quiet "$dir/hub-spoke.yaml"
	assert_eq 1 "$RC" "up with a line bgpd refuses"
	assert_contains "$ERR" "the shared bgpd (frr: shared) refused the configuration: $dir/frr/s1-ce.conf:$line: % Unknown command: neighbor 10.2.1.1 timerz 1 3" "up's error"
	assert_clean
}
