# SPDX-License-Identifier: ISC
# trace, ping and link: the real traceroute and ping inside the lab, and
# the failover drill (loc1's CE loses its link to the primary MSEE).

# active_via NODE ADDRESS: the next hop NODE's kernel picks for ADDRESS.
active_via() {
	in_node "$1" ip -4 route get "$2" | sed -n 's/.* via \([0-9.]*\) .*/\1/p'
}

# wait_via NODE ADDRESS HOP SECONDS: until NODE routes ADDRESS via HOP.
wait_via() {
	local i
	for i in $(seq $(($4 * 10))); do
		[ "$(active_via "$1" "$2")" = "$3" ] && return 0
		sleep 0.1
	done
	fail "$1 routes $2 via '$(active_via "$1" "$2")' after $4 s, not via $3"
}

test_trace_verb() {
	up_reference_lab
	capture "$AZLAB" trace hub-vm spoke-vm --json
	assert_eq 0 "$RC" "trace hub-vm spoke-vm (stderr: $ERR)"
	python3 - "$OUT" <<'PY' || fail "trace hub-vm spoke-vm --json: $OUT"
import json, sys
d = json.loads(sys.argv[1])
assert d["src"] == "hub-vm" and d["dst"] == "spoke-vm", d
assert d["address"] == "10.11.30.4", d
assert [h["address"] for h in d["hops"]] == ["10.11.30.4"], d
assert d["hops"][0]["ttl"] == 1 and d["hops"][0]["rttMs"] >= 0, d
assert d["reached"] is True, d
PY
	capture "$AZLAB" trace hub-vm loc1-vm
	assert_eq 0 "$RC" "trace hub-vm loc1-vm (stderr: $ERR)"
	assert_contains "$(echo "$OUT" | head -1)" "hub-vm -> loc1-vm (10.2.30.10): 10.10.30.132, " \
		"trace hub-vm loc1-vm first line"
	assert_contains "$(echo "$OUT" | head -1)" ", 10.2.30.10" \
		"trace hub-vm loc1-vm first line"
	capture "$AZLAB" trace hub-vm 10.2.30.10 --json
	assert_eq 0 "$RC" "trace hub-vm 10.2.30.10 --json (stderr: $ERR)"
	python3 - "$OUT" <<'PY' || fail "trace hub-vm 10.2.30.10 --json: $OUT"
import json, sys
d = json.loads(sys.argv[1])
hops = [h["address"] for h in d["hops"]]
assert hops[0] == "10.10.30.132" and hops[-1] == "10.2.30.10", hops
assert d["reached"] is True and d["address"] == "10.2.30.10", d
assert [h["ttl"] for h in d["hops"]] == list(range(1, len(hops) + 1)), d
PY
	"$AZLAB" down --quiet
	assert_clean
}

test_ping_verb() {
	up_reference_lab
	capture "$AZLAB" ping loc1-vm hub-vm --json
	assert_eq 0 "$RC" "ping loc1-vm hub-vm (stderr: $ERR)"
	python3 - "$OUT" <<'PY' || fail "ping loc1-vm hub-vm --json: $OUT"
import json, sys
d = json.loads(sys.argv[1])
assert d["src"] == "loc1-vm" and d["dst"] == "hub-vm", d
assert d["address"] == "10.10.30.4", d
assert d["transmitted"] == 3 and d["received"] >= 1, d
assert d["lossPercent"] < 100, d
r = d["rttMs"]
assert 0 <= r["min"] <= r["avg"] <= r["max"], d
PY
	capture "$AZLAB" ping loc2-vm loc1-vm -c 2
	assert_eq 1 "$RC" "ping loc2-vm loc1-vm must fail (out: $OUT)"
	assert_contains "$OUT" "2 transmitted, 0 received, 100% loss" \
		"ping loc2-vm loc1-vm"
	capture "$AZLAB" ping loc2-vm 10.2.30.10 --json
	assert_eq 1 "$RC" "ping loc2-vm 10.2.30.10 --json must fail"
	python3 - "$OUT" <<'PY' || fail "ping loc2-vm --json: $OUT"
import json, sys
d = json.loads(sys.argv[1])
assert d["received"] == 0 and d["lossPercent"] == 100, d
assert d["rttMs"] is None, d
PY
	"$AZLAB" down --quiet
	assert_clean
}

# The article's failover drill: the CE's link to the primary MSEE down,
# the hub falls back to the VPN gateway; up again, back to ExpressRoute.
test_link_failover() {
	up_reference_lab
	assert_eq 10.10.30.132 "$(active_via hub-vm 10.2.30.10)" "hub-vm to loc1 before"
	capture "$AZLAB" link loc1-ce msee1 down
	assert_eq 0 "$RC" "link loc1-ce msee1 down (stderr: $ERR)"
	assert_eq "loc1-ce:msee1 is down" "$OUT" "link down output"
	wait_via hub-vm 10.2.30.10 10.10.30.142 2
	ping_ok hub-vm 10.2.30.10
	capture "$AZLAB" link loc1-ce msee1 up
	assert_eq 0 "$RC" "link loc1-ce msee1 up (stderr: $ERR)"
	assert_eq "loc1-ce:msee1 is up" "$OUT" "link up output"
	wait_via hub-vm 10.2.30.10 10.10.30.132 20
	"$AZLAB" down --quiet
	assert_clean
}

test_probe_errors() {
	capture "$AZLAB" link loc1-ce msee1 down
	assert_eq 1 "$RC" "link with no lab"
	assert_eq "azlab: link: no lab is running" "$ERR" "link with no lab"
	capture "$AZLAB" trace hub-vm spoke-vm
	assert_eq 1 "$RC" "trace with no lab"
	assert_eq "azlab: trace: no lab is running" "$ERR" "trace with no lab"
	capture "$AZLAB" link loc1-ce msee1 sideways
	assert_eq 2 "$RC" "link with neither down nor up"
	up_reference_lab
	capture "$AZLAB" link loc1-ce x down
	assert_eq 1 "$RC" "link on an unknown interface"
	assert_eq "azlab: link: node 'loc1-ce' has no interface 'x'" "$ERR" \
		"link on an unknown interface"
	capture "$AZLAB" link nope msee1 down
	assert_eq 1 "$RC" "link on an unknown node"
	assert_eq "azlab: link: no node 'nope' in lab azure-interop" "$ERR" \
		"link on an unknown node"
	capture "$AZLAB" ping nope hub-vm
	assert_eq 1 "$RC" "ping from an unknown node"
	assert_contains "$ERR" "no node 'nope'" "ping from an unknown node"
	capture "$AZLAB" trace hub-vm nowhere
	assert_eq 1 "$RC" "trace to an unknown node"
	assert_eq "azlab: trace: 'nowhere' is neither an address nor a node of lab azure-interop" \
		"$ERR" "trace to an unknown node"
	"$AZLAB" down --quiet
	assert_clean
}
