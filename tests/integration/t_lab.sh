# SPDX-License-Identifier: ISC
# The reference lab: up, connectivity across every direct link, status,
# exec, refusal of a second lab, and teardown in every way it can happen.

REF_LAB=lab/azure-interop.yaml

# Both ends of every link that carries addresses: "node address-of-peer".
DIRECT_PINGS=(
	"hub-vm 10.10.30.132" "hub-vm 10.10.30.133" "hub-vm 10.10.30.134"
	"hub-vm 10.10.30.142" "hub-ergw 10.10.30.4" "hub-vpngw 10.10.30.4"
	"spoke-vm 10.10.30.132" "spoke-vm 10.10.30.142"
	"branch-vm 10.11.30.100" "branch-vpngw 10.11.30.68"
	"remote-vm 10.17.30.36" "remote-ergw 10.17.30.4"
	"hub-ergw 172.16.1.2" "er1-msee-pri 172.16.1.1"
	"hub-ergw 172.16.1.6" "er1-msee-sec 172.16.1.5"
	"hub-ergw 172.16.2.2" "er2-msee-a 172.16.2.1"
	"hub-ergw 172.16.2.6" "er2-msee-b 172.16.2.5"
	"remote-ergw 172.16.3.2" "er1-msee-pri 172.16.3.1"
	"remote-ergw 172.16.3.6" "er1-msee-sec 172.16.3.5"
	"loc1-vm 10.2.30.3" "loc1-lan 10.2.30.10"
	"loc1-lan 192.168.30.0" "loc1-ce 192.168.30.1"
	"loc1-ce 192.168.30.18" "er1-msee-pri 192.168.30.17"
	"loc1-lan 192.168.30.2" "loc1-ce2 192.168.30.3"
	"loc2-vm 10.1.31.3" "loc2-lan 10.1.31.10"
	"loc2-lan 192.168.31.0" "loc2-ce-a 192.168.31.1"
	"loc2-ce-a 192.168.31.18" "er2-msee-a 192.168.31.17"
	"loc2-lan 192.168.31.4" "loc2-ce-b 192.168.31.5"
	"loc2-ce-b 192.168.31.22" "er2-msee-b 192.168.31.21"
	"hub-vpngw 203.0.113.2" "internet 203.0.113.1"
	"branch-vpngw 198.51.100.2" "internet 198.51.100.1"
	"loc1-ce 192.0.2.10" "internet 192.0.2.9"
)

up_reference_lab() {
	capture "$AZLAB" up --quiet
	assert_eq 0 "$RC" "azlab up --quiet (stderr: $ERR)"
	assert_eq "" "$OUT$ERR" "up --quiet output"
}

check_status_json() {
	capture "$AZLAB" status --json
	assert_eq 0 "$RC" "status --json with a lab up"
	python3 - "$OUT" "$(state_pid)" <<'PY' || fail "status --json content"
import json, sys
d = json.loads(sys.argv[1])
def check(cond, what):
    if not cond:
        sys.exit("status --json: " + what)
check(d["lab"] == "azure-interop", "lab name")
check(d["phase"] == "up", "phase")
check(d["daemon"] == {"pid": int(sys.argv[2]), "running": True}, "daemon")
nodes = {n["name"]: n for n in d["nodes"]}
check(len(nodes) == 25, "25 nodes, got %d" % len(nodes))
for name in ("hub-vm", "spoke-vm", "branch-vm", "loc1-vm", "loc2-vm",
             "remote-vm", "loc1-ce", "internet"):
    check(name in nodes, "node " + name)
    check(nodes[name]["namespace"] == "azlab-" + name, "namespace of " + name)
check(nodes["loc1-ce"]["role"] == "router", "loc1-ce role")
check(nodes["hub-vm"]["role"] == "host", "hub-vm role")
check(nodes["hub-vnet"]["role"] == "fabric", "hub-vnet role")
ifs = {i["name"]: i for i in nodes["loc1-ce"]["interfaces"]}
m = ifs["msee1"]
check(m["kind"] == "veth" and m["admin"] == "up" and m["oper"] == "up",
      "loc1-ce msee1 state: %r" % m)
check(m["addresses"] == ["192.168.30.17/30"], "msee1 addresses %r" % m)
check("192.0.2.1/32" in ifs["lo"]["addresses"], "loc1-ce loopback")
ifs = {i["name"]: i for i in nodes["loc1-ce2"]["interfaces"]}
check(ifs["msee2"]["admin"] == "down", "loc1-ce2 msee2 must be down")
ifs = {i["name"]: i for i in nodes["hub-vnet"]["interfaces"]}
check(ifs["br0"]["kind"] == "bridge", "hub-vnet br0 kind")
for port in ("hub-vm", "hub-ergw", "hub-vpngw", "peer-spoke"):
    check(ifs[port]["master"] == "br0", "hub-vnet port " + port)
ifs = {i["name"]: i for i in nodes["hub-ergw"]["interfaces"]}
check(ifs["vnet0"]["addresses"] == ["10.10.30.132/27", "10.10.30.133/27",
      "10.10.30.134/27"], "hub-ergw addresses %r" % ifs["vnet0"])
PY
}

test_up_reference_lab() {
	local p hop
	up_reference_lab
	capture "$AZLAB" status
	assert_eq 0 "$RC" "status with a lab up"
	assert_contains "$OUT" "azure-interop" "status names the lab"
	check_status_json

	# The issue's own acceptance ping, then every direct link both ways.
	in_node loc1-vm ping -c1 -W1 10.2.30.3 >/dev/null ||
		fail "loc1-vm cannot ping its LAN router"
	for p in "${DIRECT_PINGS[@]}"; do
		ping_ok $p
	done

	# Peering is a bridge: hub VM to spoke VM is one hop, both ways.
	ping_ok hub-vm 10.11.30.4
	ping_ok spoke-vm 10.10.30.4
	hop=$(in_node hub-vm traceroute -n -q1 -w1 -m3 10.11.30.4 | tail -n +2)
	assert_eq "1  10.11.30.4" "$(echo "$hop" | awk '{print $1"  "$2}')" \
		"traceroute hub-vm -> spoke-vm"

	# The secondary CE's link toward the secondary MSEE is disabled.
	ping_fails loc1-ce2 192.168.30.22
	ping_fails er1-msee-sec 192.168.30.21

	# Sysctls: routers forward, hosts and fabrics do not.
	assert_eq 1 "$(in_node loc1-ce cat /proc/sys/net/ipv4/ip_forward)" "loc1-ce ip_forward"
	assert_eq 0 "$(in_node hub-vm cat /proc/sys/net/ipv4/ip_forward)" "hub-vm ip_forward"
	# Loose uRPF on the CEs and ER gateways only (docs/reference-lab.md).
	assert_eq 2 "$(in_node loc1-ce cat /proc/sys/net/ipv4/conf/all/rp_filter)" "loc1-ce rp_filter"
	assert_eq 0 "$(in_node er1-msee-pri cat /proc/sys/net/ipv4/conf/all/rp_filter)" "er1-msee-pri rp_filter"

	# Nothing of the lab is visible from the host.
	assert_eq "$HOST_LINKS" "$(host_links)" "host links while the lab is up"

	capture "$AZLAB" down
	assert_eq 0 "$RC" "down (stderr: $ERR)"
	assert_clean
	capture "$AZLAB" down
	assert_eq 0 "$RC" "second down"
	assert_contains "$OUT$ERR" "no lab running" "second down message"
}

test_exec_passes_exit_status() {
	up_reference_lab
	capture "$AZLAB" exec loc1-vm -- sh -c 'exit 7'
	assert_eq 7 "$RC" "exit status passed through"
	capture "$AZLAB" exec loc1-vm -- ip -o -4 addr show dev eth0
	assert_eq 0 "$RC" "exec ip"
	assert_contains "$OUT" "10.2.30.10/25" "exec runs in the node's namespace"
	capture "$AZLAB" exec loc1-vm -- no-such-command-here
	assert_eq 127 "$RC" "command not found"
	capture "$AZLAB" exec ghost -- true
	assert_eq 1 "$RC" "exec on an unknown node"
	assert_contains "$ERR" "ghost" "exec names the unknown node"
	"$AZLAB" down --quiet
	assert_clean
}

test_second_up_refused() {
	# a caller's descriptor (here a script's lock) is not the daemon's:
	# once up returns, the lock is free again though the lab runs
	local lockfd
	exec {lockfd}>"$TMP/caller.lock"
	flock "$lockfd"
	up_reference_lab
	exec {lockfd}>&-
	flock -n "$TMP/caller.lock" true || fail "the daemon holds its caller's lock"
	capture "$AZLAB" up
	assert_eq 1 "$RC" "second up"
	assert_contains "$ERR" "a lab is already running (azure-interop" "second up message"
	# The first lab is untouched.
	ping_ok loc1-vm 10.2.30.3
	"$AZLAB" down --quiet
	assert_clean
}

test_down_kills_processes_in_lab() {
	up_reference_lab
	# Detached (not jobs of this shell), so that their deaths are not
	# reported as "Terminated".
	(in_node hub-vm sleep 3017 &) 2>/dev/null
	(in_node loc1-ce sh -c 'sleep 3017 & sleep 3017' &) 2>/dev/null
	sleep 0.3
	[ -n "$(lab_sleeps)" ] || fail "the sleeps did not start"
	"$AZLAB" down --quiet
	[ -z "$(lab_sleeps)" ] || fail "processes in the lab survived down: $(lab_sleeps)"
	assert_clean
}

test_sigkill_midway_then_down() {
	local pid n=0 i
	AZLAB_STEP_DELAY_MS=20 "$AZLAB" up >"$TMP/up.out" 2>"$TMP/up.err" &
	local up=$!
	for i in $(seq 100); do
		n=$(lab_namespaces | wc -l)
		[ "$n" -ge 10 ] && break
		sleep 0.05
	done
	[ "$n" -ge 10 ] || fail "up did not get going ($n namespaces)"
	pid=$(state_pid)
	[ -n "$pid" ] || fail "no daemon pid in /run/azlab/state"
	kill -9 "$pid"
	set +e; wait "$up"; RC=$?; set -e
	[ "$RC" -ne 0 ] || fail "up must fail when its daemon is killed"
	assert_contains "$(cat "$TMP/up.err")" "daemon died" "up's message"

	capture "$AZLAB" status --json
	assert_eq 1 "$RC" "status after the daemon was killed"
	python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(d["phase"] != "stale" or d["daemon"]["running"])' <<<"$OUT" ||
		fail "status --json after SIGKILL: $OUT"
	capture "$AZLAB" up
	assert_eq 1 "$RC" "up over the remains"
	assert_contains "$ERR" "run 'azlab down' first" "up over the remains"

	capture "$AZLAB" down
	assert_eq 0 "$RC" "down after SIGKILL (stderr: $ERR)"
	assert_clean
}

test_sigkill_after_up_then_down() {
	local frr charons z
	up_reference_lab
	(in_node internet sleep 3017 &) 2>/dev/null
	sleep 0.2
	# the routers' FRR daemons (one pid file each) and charons are left too
	frr=$(find /run/azlab/frr -name '*.pid' 2>/dev/null | wc -l)
	charons=$(lab_charons | wc -l)
	z=$(pgrep -f -- "zebra -N azlab-hub-ergw ")
	[ -d "/var/tmp/frr/zebra.$z" ] || fail "no /var/tmp/frr/zebra.$z"
	kill -9 "$(state_pid)"
	# a zebra that cannot act on down's SIGTERM (stopped; after its
	# parent's death, which would have continued it) dies of its
	# SIGKILL, with no clean exit: its crash-log directory is down's to
	# remove (FRR removes its own only on a clean exit)
	sleep 0.2
	kill -STOP "$z"
	capture "$AZLAB" down
	assert_eq 0 "$RC" "down after SIGKILL (stderr: $ERR)"
	[ ! -e "/var/tmp/frr/zebra.$z" ] || fail "/var/tmp/frr/zebra.$z left"
	assert_contains "$OUT" "$((frr + charons + 1)) processes stopped" "down reports the processes it stopped (a sleep, $frr FRR daemons, $charons charons)"
	[ -z "$(lab_sleeps)" ] || fail "a process in the lab survived down"
	assert_clean
}

test_sigterm_tears_down() {
	local pid i
	up_reference_lab
	pid=$(state_pid)
	kill -TERM "$pid"
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$pid" 2>/dev/null && fail "daemon ignored SIGTERM"
	assert_clean
}

# The verbs judge the lab that runs: files edited after `up` (the lab
# file broken, a case's expected hop changed) are not what they read;
# `check` of the file does see the edit. And the copy goes with `down`.
test_verbs_judge_the_running_lab() {
	local dir=$TMP/edited
	copy_reference_lab "$dir"
	capture "$AZLAB" up --quiet "$dir/lab/azure-interop.yaml"
	assert_eq 0 "$RC" "up of a copy of the reference lab (stderr: $ERR)"
	sed -i 's/path: \[10.10.30.142, "\*", 10.11.30.68\]/path: [10.99.99.99]/' \
		"$dir/lab/azure-interop.expect.yaml"
	grep -q 10.99.99.99 "$dir/lab/azure-interop.expect.yaml" || fail "the edit"
	echo 'nodes: [' >>"$dir/lab/azure-interop.yaml"
	capture "$AZLAB" verify hub-branch
	assert_eq 0 "$RC" "verify after the edits (stderr: $ERR; out: $OUT)"
	assert_contains "$OUT" "1/1 matching" "verify judged the running lab's case"
	capture "$AZLAB" routes hub-vm
	assert_eq 0 "$RC" "routes after the edits (stderr: $ERR)"
	capture "$AZLAB" graph
	assert_eq 0 "$RC" "graph after the edits (stderr: $ERR)"
	assert_contains "$OUT" "hub-vpngw" "graph of the running lab"
	capture "$AZLAB" check "$dir/lab/azure-interop.yaml"
	assert_eq 1 "$RC" "check of the edited file"
	"$AZLAB" down --quiet
	[ ! -e /run/azlab/lab ] || fail "the snapshot outlived down"
	assert_clean
}
