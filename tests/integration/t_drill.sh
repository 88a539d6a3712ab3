# SPDX-License-Identifier: ISC
# The failover drill: er1-failover on the reference lab, whole and
# interrupted. The link must be up afterwards either way.

DRILL_ER_PATH="10.2.30.3, 192.168.30.0, 192.168.30.18, *, 10.10.30.4"
DRILL_VPN_PATH="10.2.30.3, 192.168.30.0, 10.10.30.4"

test_drill_er1_failover() {
	up_reference_lab
	capture "$AZLAB" drill er1-failover --json
	assert_eq 0 "$RC" "drill er1-failover --json (stderr: $ERR; out: $OUT)"
	python3 - "$OUT" "$DRILL_ER_PATH" "$DRILL_VPN_PATH" <<'PY' || fail "drill --json: $OUT"
import json, sys
d = json.loads(sys.argv[1])
er, vpn = sys.argv[2], sys.argv[3]
assert d["drill"] == "er1-failover" and d["shut"] == "loc1-ce:msee1", d
assert d["address"] == "10.10.30.4" and d["intervalMs"] == 10, d
assert d["before"]["path"] == er, d["before"]
assert d["during"]["path"] == vpn and d["during"]["reached"], d["during"]
assert d["during"]["case"] == "loc1-hub-failover", d["during"]
assert d["after"]["path"] == er and d["after"]["reached"], d["after"]
assert d["after"]["case"] == "loc1-hub", d["after"]
p = d["ping"]
assert p["transmitted"] > 0 and 0 < p["received"] <= p["transmitted"], p
assert p["lost"] == p["transmitted"] - p["received"] >= 0, p
for phase in ("failover", "failback"):
    o = d[phase]
    assert o["outageMs"] >= 0 and o["lost"] >= 0 and not o["open"], (phase, o)
# the session toward the shut MSEE went down and came back
ev = [e for e in d["bgp"]["events"] if e["peer"] == "192.168.30.18"]
assert d["bgp"]["node"] == "loc1-ce" and d["bgp"]["answered"], d["bgp"]
assert ev and ev[0]["from"] == "Established" and ev[-1]["to"] == "Established", ev
assert d["restored"] and d["interrupted"] is None and d["error"] is None, d
assert d["passed"] is True, d
PY
	assert_msee1_up
	# the text report says the same
	capture "$AZLAB" drill er1-failover
	assert_eq 0 "$RC" "drill er1-failover (stderr: $ERR)"
	assert_contains "$OUT" "  during    $DRILL_VPN_PATH  (loc1-hub-failover: " "drill text, during"
	assert_contains "$OUT" "drill er1-failover: passed" "drill text verdict"
	assert_msee1_up
	capture "$AZLAB" drill --list
	assert_eq 0 "$RC" "drill --list"
	assert_contains "$OUT" "er1-failover	" "drill --list"
	assert_eq "er1-failover" "$(complete_words drill e)" "completion of drill names"
	capture "$AZLAB" drill nope
	assert_eq 1 "$RC" "drill with an unknown name"
	assert_eq "azlab: drill: no drill 'nope' in lab azure-interop (its drills: er1-failover, msee-pri-down)" \
		"$ERR" "drill with an unknown name"
	"$AZLAB" down --quiet
	assert_clean
}

# SIGINT while the link is shut (the drill waits for the VPN path): the
# drill restores it, says so, and exits non-zero; so does SIGTERM.
test_drill_interrupted() {
	local pid sig rc
	up_reference_lab
	for sig in INT TERM; do
		"$AZLAB" drill er1-failover --json >"$TMP/out" 2>"$TMP/err" &
		pid=$!
		# until the link is down, then a little more
		for i in $(seq 100); do
			msee1_up || break
			sleep 0.05
		done
		sleep 0.2
		kill -"$sig" "$pid"
		set +e
		wait "$pid"
		rc=$?
		set -e
		[ "$rc" -ne 0 ] || fail "drill interrupted by SIG$sig exited 0"
		assert_contains "$(cat "$TMP/err")" "azlab: drill: interrupted by SIG$sig" "SIG$sig message"
		assert_contains "$(cat "$TMP/err")" "azlab: drill: loc1-ce:msee1 is up again" "SIG$sig message"
		assert_msee1_up
		python3 - "$TMP/out" "SIG$sig" <<'PY' || fail "interrupted drill --json: $(cat "$TMP/out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["interrupted"] == sys.argv[2] and d["restored"] is True, d
assert d["passed"] is False, d
PY
	done
	# the lab is whole again: ExpressRoute back at the hub
	wait_via hub-vm 10.2.30.10 10.10.30.132 20
	"$AZLAB" down --quiet
	assert_clean
}

# The reference lab with drills whose cases do not fit, from $TMP: its
# relative file names made absolute.
drill_error_lab() {
	sed -e "s|: \.\./|: $PWD/|" \
	    -e "s|^expectations: |expectations: $PWD/lab/|" \
	    lab/azure-interop.yaml >"$TMP/lab.yaml"
	cat >>"$TMP/lab.yaml" <<'EOF2'
  - { name: no-case, from: loc1-vm, to: hub-vm, shut: 'loc1-ce:msee1', during: nope, after: loc1-hub }
  - { name: no-path, from: loc1-vm, to: hub-vm, shut: 'loc1-ce:msee1', during: branch-loc2, after: loc1-hub }
  - { name: other-pair, from: loc1-vm, to: hub-vm, shut: 'loc1-ce:msee1', during: loc1-hub-failover, after: hub-spoke }
EOF2
}

test_drill_errors() {
	local expect=$PWD/lab/azure-interop.expect.yaml
	capture "$AZLAB" drill er1-failover
	assert_eq 1 "$RC" "drill with no lab"
	assert_eq "azlab: drill: no lab is running" "$ERR" "drill with no lab"
	capture "$AZLAB" drill
	assert_eq 2 "$RC" "drill with no name"
	drill_error_lab
	capture "$AZLAB" up --quiet "$TMP/lab.yaml"
	assert_eq 0 "$RC" "up $TMP/lab.yaml (stderr: $ERR)"
	capture "$AZLAB" drill no-case
	assert_eq 1 "$RC" "drill naming no case"
	assert_eq "azlab: drill: $TMP/lab.yaml:$(grep -n 'name: no-case' "$TMP/lab.yaml" | cut -d: -f1):13: drill 'no-case': 'during' names case 'nope', which is not in $expect" \
		"$ERR" "drill naming no case"
	capture "$AZLAB" drill no-path
	assert_eq 1 "$RC" "drill naming a case without a path"
	assert_contains "$ERR" ": drill 'no-path': 'during' names case 'branch-loc2', which has no path in $expect" \
		"drill naming a case without a path"
	capture "$AZLAB" drill other-pair
	assert_eq 1 "$RC" "drill naming another pair's case"
	assert_contains "$ERR" ": drill 'other-pair': its 'after' case 'hub-spoke' is from hub-vm to 10.11.30.4, the drill from loc1-vm to hub-vm" \
		"drill naming another pair's case"
	assert_msee1_up
	"$AZLAB" link loc1-ce msee1 down >/dev/null
	capture "$AZLAB" drill er1-failover
	assert_eq 1 "$RC" "drill on a link already down"
	assert_eq "azlab: drill: loc1-ce:msee1 is already down: bring it up first (azlab link loc1-ce msee1 up)" \
		"$ERR" "drill on a link already down"
	assert_eq "" "$OUT" "drill on a link already down: no report"
	# and it stays down: the drill does not undo what it did not do
	if msee1_up; then
		fail "the drill brought up a link it had not shut"
	fi
	"$AZLAB" link loc1-ce msee1 up >/dev/null
	"$AZLAB" down --quiet
	assert_clean
}
