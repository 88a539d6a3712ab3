# SPDX-License-Identifier: ISC
# A device failure (azlab node NODE down|up), a node's daemons restarted
# with an edited file (azlab restart NODE), and the drill that fails the
# primary MSEE (msee-pri-down).

NODE_VPN_PATH="10.2.30.3, 192.168.30.0, 10.10.30.4"
NODE_ER_PATH="10.2.30.3, 192.168.30.0, 192.168.30.18, *, 10.10.30.4"

# The pids of NODE's FRR daemons, one a line ("" when none runs).
frr_pids() {
	pgrep -f "^/usr/lib/frr/[a-z]+ -N azlab-$1( |\$)" | sort || true
}

# NODE's lab interfaces that are administratively up, one a line.
ifaces_up() {
	ip -o -n "azlab-$1" link show up | awk -F': ' '$2 != "lo" { sub(/@.*/, "", $2); print $2 }' | sort
}

test_node_down_up() {
	local before
	up_reference_lab
	before=$(frr_pids er1-msee-pri)
	[ -n "$before" ] || fail "er1-msee-pri runs no FRR daemon before the failure"
	capture "$AZLAB" node er1-msee-pri down
	assert_eq 0 "$RC" "node er1-msee-pri down (stderr: $ERR)"
	assert_eq "er1-msee-pri is down: 3 interfaces down, zebra, bgpd stopped and held down" \
		"$OUT" "node down's line"
	assert_eq "" "$(ifaces_up er1-msee-pri)" "er1-msee-pri's interfaces up after node down"
	# held: not restarted, long after the supervisor's backoff (0.2 s)
	sleep 2
	assert_eq "" "$(frr_pids er1-msee-pri)" "FRR daemons of a node that is down"
	capture "$AZLAB" status
	assert_contains "$OUT" "daemons      zebra held, bgpd held" "status of a node down"
	assert_contains "$OUT" "node         down, failed by hand (azlab node er1-msee-pri up)" \
		"status of a node down"
	capture "$AZLAB" status --json
	python3 - "$OUT" <<'PY' || fail "status --json of a node down: $OUT"
import json, sys
nodes = {n["name"]: n for n in json.loads(sys.argv[1])["nodes"]}
m = nodes["er1-msee-pri"]
assert m["down"] is True and nodes["er1-msee-sec"]["down"] is False, m
assert {d["state"] for d in m["daemons"]} == {"held"}, m["daemons"]
assert all(i["admin"] == "down" for i in m["interfaces"] if i["name"] != "lo"), m
PY
	capture "$AZLAB" trace loc1-vm hub-vm
	assert_contains "$OUT" "loc1-vm -> hub-vm (10.10.30.4): $NODE_VPN_PATH" "loc1 -> hub with the MSEE down"
	capture "$AZLAB" node er1-msee-pri down
	assert_eq 1 "$RC" "a second node down"
	assert_eq "azlab: node: er1-msee-pri is already down: bring it up first (azlab node er1-msee-pri up)" \
		"$ERR" "a second node down"
	capture "$AZLAB" restart er1-msee-pri
	assert_eq 1 "$RC" "restart of a node that is down"
	capture "$AZLAB" node er1-msee-pri up --json
	assert_eq 0 "$RC" "node er1-msee-pri up (stderr: $ERR; out: $OUT)"
	python3 - "$OUT" <<'PY' || fail "node up --json: $OUT"
import json, sys
d = json.loads(sys.argv[1])
assert d["node"] == "er1-msee-pri" and d["state"] == "up", d
assert d["interfaces"] == 3 and d["daemons"] == ["zebra", "bgpd"], d
assert d["converged"] is True and d["seconds"] > 0 and d["notUp"] is None, d
PY
	assert_eq "$(printf 'ce\nhub\nremote')" "$(ifaces_up er1-msee-pri)" "interfaces after node up"
	[ -n "$(frr_pids er1-msee-pri)" ] || fail "no FRR daemon after node up"
	[ "$(frr_pids er1-msee-pri)" != "$before" ] || fail "the same FRR daemons after node up"
	capture "$AZLAB" trace loc1-vm hub-vm
	assert_contains "$OUT" "loc1-vm -> hub-vm (10.10.30.4): $NODE_ER_PATH" "loc1 -> hub once the MSEE is back"
	"$AZLAB" down --quiet
	assert_clean
}

# A host has only its interfaces downed, and its routes (the lab's, the
# SDN controller's) come back with them; a router's interface that the
# lab declares down stays down when the node comes back.
test_node_host_and_declared_down() {
	up_reference_lab
	capture "$AZLAB" node loc1-vm down
	assert_eq 0 "$RC" "node loc1-vm down (stderr: $ERR)"
	assert_eq "loc1-vm is down: 1 interfaces down, no daemons" "$OUT" "node down of a host"
	ping_fails loc1-lan 10.2.30.10
	capture "$AZLAB" node loc1-vm up
	assert_eq 0 "$RC" "node loc1-vm up (stderr: $ERR)"
	assert_contains "$OUT" "loc1-vm is up: 1 interfaces up, no daemons; converged again in " "node up of a host"
	ping_ok loc1-lan 10.2.30.10
	# its route out (the lab's, gone with the link) is back
	ping_ok loc1-vm 10.10.30.4
	# a VM's routes from the SDN controller come back too
	capture "$AZLAB" node hub-vm down
	assert_eq 0 "$RC" "node hub-vm down (stderr: $ERR)"
	capture "$AZLAB" node hub-vm up
	assert_eq 0 "$RC" "node hub-vm up (stderr: $ERR)"
	ping_ok hub-vm 10.2.30.10
	capture "$AZLAB" node loc1-ce2 down
	assert_eq 0 "$RC" "node loc1-ce2 down (stderr: $ERR)"
	assert_eq "" "$(ifaces_up loc1-ce2)" "loc1-ce2's interfaces after node down"
	capture "$AZLAB" node loc1-ce2 up
	assert_eq 0 "$RC" "node loc1-ce2 up (stderr: $ERR)"
	assert_eq "lan0" "$(ifaces_up loc1-ce2)" "loc1-ce2: msee2, declared down, stays down"
	"$AZLAB" down --quiet
	assert_clean
}

# A user edits er1-msee-pri's FRR file (a copy of the reference lab's):
# restart takes it; a broken one is refused with FILE:LINE and the node
# keeps running what it ran.
test_restart_edited_frr() {
	local dir=$TMP/restart conf pids n
	copy_reference_lab "$dir"
	conf=$dir/frr-configs/er1-msee-pri.conf
	capture "$AZLAB" up --quiet "$dir/lab/azure-interop.yaml"
	assert_eq 0 "$RC" "up of a copy of the reference lab (stderr: $ERR)"
	sed -i 's/neighbor 192.168.30.17 description .*/neighbor 192.168.30.17 description EDITED-BY-TEST/' "$conf"
	grep -q EDITED-BY-TEST "$conf" || fail "the edit"
	capture "$AZLAB" restart er1-msee-pri
	assert_eq 0 "$RC" "restart er1-msee-pri (stderr: $ERR; out: $OUT)"
	assert_contains "$OUT" "er1-msee-pri restarted (2 daemons, from $conf); converged again in " "restart's line"
	capture "$AZLAB" bgp er1-msee-pri --json
	assert_contains "$OUT" "EDITED-BY-TEST" "the new description in bgpd"
	grep -q EDITED-BY-TEST "/run/azlab/lab$conf" || fail "the snapshot did not get the new file"
	pids=$(frr_pids er1-msee-pri)
	echo "bogus command here" >>"$conf"
	n=$(wc -l <"$conf")
	capture "$AZLAB" restart er1-msee-pri
	assert_eq 1 "$RC" "restart with a broken file"
	assert_eq 1 "$(printf '%s\n' "$ERR" | wc -l)" "one line of error: $ERR"
	assert_contains "$ERR" "azlab: restart: $conf:$n: % Unknown command" "the error names FILE:LINE"
	assert_contains "$ERR" "er1-msee-pri keeps its configuration" "the error says what runs"
	assert_eq "$pids" "$(frr_pids er1-msee-pri)" "daemons after a refused restart"
	grep -q bogus /run/azlab/frr/er1-msee-pri/frr.conf && fail "the refused file is in place"
	grep -q bogus "/run/azlab/lab$conf" && fail "the refused file is in the snapshot"
	capture "$AZLAB" restart loc1-vm
	assert_eq 1 "$RC" "restart of a host"
	assert_eq "azlab: restart: loc1-vm runs no daemons (it has no frr: and no ipsec: file)" \
		"$ERR" "restart of a host"
	"$AZLAB" down --quiet
	assert_clean
}

# The reference lab's fail: drill: the primary MSEE fails as a whole;
# loc1 -> hub moves to the VPN and comes back.
test_drill_msee_pri_down() {
	up_reference_lab
	capture "$AZLAB" drill msee-pri-down --json
	assert_eq 0 "$RC" "drill msee-pri-down --json (stderr: $ERR; out: $OUT)"
	python3 - "$OUT" "$NODE_ER_PATH" "$NODE_VPN_PATH" <<'PY' || fail "drill --json: $OUT"
import json, sys
d = json.loads(sys.argv[1])
er, vpn = sys.argv[2], sys.argv[3]
assert d["fail"] == "er1-msee-pri" and d["shut"] is None, d
assert d["before"]["path"] == er, d["before"]
assert d["during"]["path"] == vpn and d["during"]["reached"], d["during"]
assert d["after"]["path"] == er and d["after"]["reached"], d["after"]
o = d["failover"]
assert o["outageMs"] > 0 and o["lost"] > 0 and not o["open"], o
ev = [e for e in d["bgp"]["events"] if e["peer"] == "192.168.30.18"]
assert d["bgp"]["node"] == "loc1-ce" and d["bgp"]["answered"], d["bgp"]
assert ev and ev[0]["from"] == "Established" and ev[-1]["to"] == "Established", ev
assert d["restored"] and d["passed"] is True, d
PY
	capture "$AZLAB" status --json
	python3 - "$OUT" <<'PY' || fail "the MSEE is not up after the drill"
import json, sys
nodes = {n["name"]: n for n in json.loads(sys.argv[1])["nodes"]}
assert nodes["er1-msee-pri"]["down"] is False
PY
	"$AZLAB" down --quiet
	assert_clean
}
