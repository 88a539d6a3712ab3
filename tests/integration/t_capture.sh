# SPDX-License-Identifier: ISC
# capture: the real tcpdump inside a node, as lines or as pcap, stopped
# by Ctrl-C or by the lab going down, leaving nothing running.

# ping_until_gone PID: pings loc1-vm -> branch-vm (over the VPN: loc1's
# CE tunnels to the hub) until PID has ended, at most 20 s.
ping_until_gone() {
	local i
	for i in $(seq 40); do
		kill -0 "$1" 2>/dev/null || return 0
		"$AZLAB" ping loc1-vm branch-vm -c 2 >/dev/null 2>&1 || true
	done
	fail "capture still running after 20 s of pings"
}

# lab_tcpdumps: tcpdump processes still there (not zombies)
lab_tcpdumps() {
	ps -eo stat=,comm= | awk '$2 == "tcpdump" && $1 !~ /^Z/' | wc -l
}

# The VPN's ESP-in-UDP (port 4500) on loc1-ce's WAN while loc1-vm pings
# branch-vm: as lines, then as pcap streamed to stdout.
test_capture_vpn_packets() {
	local pid
	up_reference_lab
	"$AZLAB" capture loc1-ce wan0 -c 4 udp port 4500 >"$TMP/cap.out" 2>"$TMP/cap.err" &
	pid=$!
	ping_until_gone $pid
	wait $pid || fail "capture -c 4 exited $? ($(cat "$TMP/cap.err"))"
	assert_eq 4 "$(grep -c '\.4500 > .*\.4500: UDP-encap: ESP' "$TMP/cap.out")" \
		"ESP-in-UDP lines ($(cat "$TMP/cap.out"))"
	assert_contains "$(cat "$TMP/cap.err")" "listening on wan0" "tcpdump's own notice"
	"$AZLAB" capture loc1-ce wan0 -w - -c 3 udp port 4500 >"$TMP/cap.pcap" 2>"$TMP/cap.err" &
	pid=$!
	ping_until_gone $pid
	wait $pid || fail "capture -w - exited $? ($(cat "$TMP/cap.err"))"
	assert_eq "d4c3b2a1" "$(head -c 4 "$TMP/cap.pcap" | od -An -tx1 | tr -d ' \n')" "pcap magic on stdout"
	assert_eq 3 "$(tcpdump -n -r "$TMP/cap.pcap" 2>/dev/null | grep -c 'UDP-encap: ESP')" "packets in the pcap"
	assert_eq 0 "$(lab_tcpdumps)" "tcpdump left running"
	"$AZLAB" down --quiet
	assert_clean
}

# Ctrl-C ends a capture with status 0; `down` ends one too, says so, and
# leaves nothing; the errors name what is wrong.
test_capture_stops_and_errors() {
	local pid rc
	capture "$AZLAB" capture loc1-ce wan0
	assert_eq 1 "$RC" "capture with no lab"
	assert_eq "azlab: capture: no lab is running" "$ERR" "capture with no lab"
	up_reference_lab
	"$AZLAB" capture loc1-ce wan0 >"$TMP/cap.out" 2>"$TMP/cap.err" &
	pid=$!
	sleep 1
	kill -INT $pid
	set +e; wait $pid; rc=$?; set -e
	assert_eq 0 "$rc" "capture stopped by SIGINT ($(cat "$TMP/cap.err"))"
	assert_contains "$(cat "$TMP/cap.err")" "packets captured" "tcpdump's summary"
	assert_eq 0 "$(lab_tcpdumps)" "tcpdump left after SIGINT"
	capture "$AZLAB" capture nosuch wan0
	assert_eq 1 "$RC" "capture on an unknown node"
	assert_contains "$ERR" "nosuch" "unknown node named"
	capture "$AZLAB" capture loc1-ce nosuch0
	assert_eq "azlab: capture: node 'loc1-ce' has no interface 'nosuch0'" "$ERR" "unknown interface"
	capture "$AZLAB" capture loc1-ce wan0 -c none
	assert_eq 2 "$RC" "capture -c none"
	"$AZLAB" capture loc1-ce wan0 >"$TMP/cap.out" 2>"$TMP/cap.err" &
	pid=$!
	sleep 1
	"$AZLAB" down --quiet
	set +e; wait $pid; rc=$?; set -e
	assert_eq 0 "$rc" "capture ended by down ($(cat "$TMP/cap.err"))"
	assert_contains "$(cat "$TMP/cap.err")" "azlab: capture: the lab went down" "capture says why it ended"
	assert_clean
}
