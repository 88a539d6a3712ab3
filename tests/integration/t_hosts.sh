# SPDX-License-Identifier: ISC
# A lab over two hosts: the reference lab split by labs/two-hosts.hosts.yaml
# (Azure and the MSEEs on "azure", the on-prem sites on "onprem"), each
# host a network namespace holding its underlay address, the two joined by
# a veth, each running its own azlab instance (its own run directory and
# namespace prefix). The five links between the hosts are VXLANs.

HOSTS_UL=(azul-azure azul-onprem)

# on HOST VERB...: azlab as HOST's instance, in HOST's underlay namespace
# (nsenter, not `ip netns exec`: the lab's namespaces must be mounted where
# every process sees them, not in a mount namespace of the command's own).
on_host() {
	local host=$1
	shift
	AZLAB_RUN_DIR=/run/azlab-$host AZLAB_NS_PREFIX=az${host:0:1}- \
		nsenter --net=/run/netns/azul-$host "$AZLAB" "$@"
}

hosts_make() {
	ip netns add azul-azure
	ip netns add azul-onprem
	ip -n azul-azure link add ul0 type veth peer name ul0 netns azul-onprem
	ip -n azul-azure addr add 203.0.113.101/24 dev ul0
	ip -n azul-onprem addr add 203.0.113.102/24 dev ul0
	ip -n azul-azure link set ul0 up
	ip -n azul-onprem link set ul0 up
}

hosts_remove() {
	on_host azure down --quiet >/dev/null 2>&1 || true
	on_host onprem down --quiet >/dev/null 2>&1 || true
	ip netns del azul-azure 2>/dev/null || true
	ip netns del azul-onprem 2>/dev/null || true
	# the instances' logs: a test leaves nothing behind
	rm -rf /var/log/azlab-azure /var/log/azlab-onprem
}

two_hosts_lab() {
	local dir=$TMP/two-hosts
	copy_reference_lab "$dir"
	cat tests/integration/labs/two-hosts.hosts.yaml lab/azure-interop.yaml \
		>"$dir/lab/azure-interop.yaml"
	echo "$dir/lab/azure-interop.yaml"
}

# Nothing of either instance is left: namespaces, run directories,
# processes in their namespaces.
assert_hosts_clean() {
	local ns
	ns=$(ip netns list | awk '{print $1}' | grep -E '^az[ao]-' || true)
	[ -z "$ns" ] || fail "namespaces left: $(echo $ns)"
	[ ! -e /run/azlab-azure ] || fail "/run/azlab-azure left"
	[ ! -e /run/azlab-onprem ] || fail "/run/azlab-onprem left"
	[ -z "$(pgrep -f -- ' -N az[ao]-' || true)" ] || fail "FRR daemons left"
	[ -z "$(grep -E '/run/netns/az[ao]-' /proc/self/mountinfo || true)" ] ||
		fail "namespace mounts left"
}

test_two_hosts_reference_lab() {
	local file rc_a rc_o
	# EXIT: a failed assertion ends the test's subshell, not a function
	trap hosts_remove EXIT
	hosts_make
	file=$(two_hosts_lab)
	capture "$AZLAB" check "$file"
	assert_contains "$OUT" "on 2 hosts: azure (17 nodes), onprem (8 nodes); 5 links between them over VXLAN" "check"
	# each host builds its share; they meet over the VXLANs
	on_host azure up --quiet "$file" --host azure >"$TMP/up-a" 2>&1 &
	on_host onprem up --quiet "$file" --host onprem >"$TMP/up-o" 2>&1 &
	wait %1 && rc_a=0 || rc_a=$?
	wait %2 && rc_o=0 || rc_o=$?
	assert_eq 0 "$rc_a" "up --host azure: $(cat "$TMP/up-a")"
	assert_eq 0 "$rc_o" "up --host onprem: $(cat "$TMP/up-o")"
	check_hosts_namespaces
	check_hosts_verify
	check_hosts_matrix
	check_hosts_trace_picture
	check_hosts_status
	check_hosts_elsewhere_errors
	capture on_host onprem drill er1-failover
	assert_eq 0 "$RC" "drill er1-failover on onprem (stderr: $ERR; out: $OUT)"
	# a saved split lab names every host's files: it comes up again
	capture on_host onprem save "$TMP/saved-onprem"
	assert_eq 0 "$RC" "save on onprem (stderr: $ERR)"
	capture "$AZLAB" check "$TMP/saved-onprem/lab/azure-interop.yaml"
	assert_eq 0 "$RC" "check of the saved split lab (stderr: $ERR)"
	on_host azure down --quiet
	# the other host's share runs on
	capture on_host onprem status
	assert_eq 0 "$RC" "onprem after azure went down (stderr: $ERR)"
	on_host onprem down --quiet
	assert_hosts_clean
	assert_clean
}

check_hosts_namespaces() {
	assert_eq 17 "$(ip netns list | grep -c '^aza-')" "namespaces of azure"
	assert_eq 8 "$(ip netns list | grep -c '^azo-')" "namespaces of onprem"
	capture ip -n azo-loc1-ce -d link show wan0
	assert_contains "$OUT" "mtu 1450" "wan0's MTU"
	assert_contains "$OUT" "vxlan id 10027 remote 203.0.113.101 local 203.0.113.102" "wan0 is a VXLAN"
	# the veth of a link within one host is a veth still
	capture ip -n azo-loc1-ce -d link show lan0
	assert_contains "$OUT" "veth" "lan0"
}

# Each host runs the cases that start on it: 20 on azure, 11 on onprem,
# the article's 31 in all.
check_hosts_verify() {
	capture on_host azure verify --json
	assert_eq 0 "$RC" "verify on azure (stderr: $ERR)"
	assert_eq "" "$ERR" "verify on azure: the running lab's copy serves"
	python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["matched"], d["total"], d["elsewhere"])' \
		<<<"$OUT" >"$TMP/va"
	assert_eq "20 20 11" "$(cat "$TMP/va")" "azure's cases: matched, run, elsewhere"
	capture on_host onprem verify
	assert_eq 0 "$RC" "verify on onprem (stderr: $ERR; out: $OUT)"
	assert_contains "$OUT" "11/11 matching" "onprem's cases"
	assert_contains "$OUT" "20 cases start on another host: run verify there too" "onprem's note"
	# a case named on the wrong host fails: it was not checked
	capture on_host onprem verify hub-loc2
	assert_eq 1 "$RC" "verify of a case of the other host"
	# (after the lines of verify's wait, if the lab is still settling)
	assert_eq "azlab: verify: case 'hub-loc2' starts on another host than onprem: run it there" "$(tail -n1 <<<"$ERR")" "verify elsewhere"
}

# Each host pings from its own VMs to every VM of the lab; the two grids
# together are the reference network's table (REACHABLE and UNREACHABLE,
# t_routing.sh).
check_hosts_matrix() {
	local host
	for host in azure onprem; do
		capture on_host "$host" matrix --json
		assert_eq 0 "$RC" "matrix on $host (stderr: $ERR)"
		echo "$OUT" >"$TMP/matrix-$host.json"
	done
	python3 - "$TMP/matrix-azure.json" "$TMP/matrix-onprem.json" \
		"${REACHABLE[*]}" "${UNREACHABLE[*]}" <<'PY' || fail "matrix over two hosts"
import json, sys
a, o = (json.load(open(f)) for f in sys.argv[1:3])
vms = ["hub-vm", "spoke-vm", "branch-vm", "remote-vm", "loc1-vm", "loc2-vm"]
assert a["hosts"] == vms and o["hosts"] == vms, (a["hosts"], o["hosts"])
assert (a["elsewhere"], o["elsewhere"]) == (10, 20), (a["elsewhere"], o["elsewhere"])
assert {p["from"] for p in a["pairs"]} == set(vms[:4]), a["pairs"]
assert {p["from"] for p in o["pairs"]} == set(vms[4:]), o["pairs"]
seen = {(p["from"], p["to"]): p["reachable"] for p in a["pairs"] + o["pairs"]}
def pairs(words):
    w = words.split()
    return set(zip(w[0::2], w[1::2]))
want = {p: True for p in pairs(sys.argv[3])}
want.update({p: False for p in pairs(sys.argv[4])})
assert len(seen) == 30 and seen == want, \
    sorted(p for p in want if seen.get(p) != want[p])
PY
	capture on_host onprem matrix
	assert_eq 0 "$RC" "matrix on onprem, as text (stderr: $ERR)"
	assert_contains "$OUT" "loc1-vm    yes        yes        yes        yes        -          no" "loc1-vm's row"
	assert_contains "$OUT" "hub-vm     -          elsewhere  elsewhere" "hub-vm's row, pinged on azure"
	assert_contains "$OUT" "host azure pings from hub-vm, spoke-vm, branch-vm, remote-vm: run matrix there for those rows" "matrix's note"
}

# A traced path that crosses to the other host is drawn over the whole
# lab: loc1-vm -> hub-vm's hops on azure (er1-msee-pri, hub-vm) on their
# nodes, not as addresses of no node.
check_hosts_trace_picture() {
	capture on_host onprem trace loc1-vm hub-vm --svg "$TMP/trace-onprem.svg"
	assert_eq 0 "$RC" "trace --svg on onprem (stderr: $ERR)"
	python3 - "$TMP/trace-onprem.svg" <<'PY' || fail "trace picture over two hosts"
import sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
nodes = {g.find(ns + "title").text: [t.text or "" for t in g.iter(ns + "text")]
         for g in root.iter(ns + "g") if g.get("class") == "node"}
assert nodes["loc1-lan"][:2] == ["hop 1", "loc1-lan"], nodes.get("loc1-lan")
assert nodes["er1-msee-pri"][:2] == ["hop 3", "er1-msee-pri"], nodes.get("er1-msee-pri")
assert nodes["hub-vm"][0] == "hop 5 \u00b7 destination", nodes.get("hub-vm")
PY
}

# Each sees its own nodes, and of the other host what comes in over the
# VXLANs: frames on every link but the one declared down (loc1-ce2:msee2).
check_hosts_status() {
	capture on_host onprem status
	assert_eq 0 "$RC" "status on onprem (stderr: $ERR)"
	assert_contains "$OUT" "this host" "status on onprem"
	assert_contains "$OUT" "5 VXLAN links from here, frames in on 4" "status on onprem"
	capture on_host azure status --json
	assert_eq 0 "$RC" "status --json on azure (stderr: $ERR)"
	python3 - "$OUT" <<'PY' || fail "status --json on azure: $OUT"
import json, sys
d = json.loads(sys.argv[1])
assert d["host"] == "azure", d["host"]
assert len(d["nodes"]) == 17, len(d["nodes"])
hosts = {h["name"]: h for h in d["hosts"]}
assert hosts["azure"]["here"] and hosts["azure"]["nodes"] == 17, hosts
onprem = hosts["onprem"]
assert onprem["underlay"] == "203.0.113.102" and onprem["nodes"] == 8, onprem
quiet = [l["here"] for l in onprem["links"] if l["framesIn"] == 0]
assert len(onprem["links"]) == 5 and quiet == ["er1-msee-sec:ce"], onprem
PY
}

check_hosts_elsewhere_errors() {
	capture on_host azure exec loc1-vm -- true
	assert_eq 1 "$RC" "exec in a node of the other host"
	assert_eq "azlab: exec: node 'loc1-vm' is on host onprem; this is host azure: run it there" "$ERR" "exec elsewhere"
	capture on_host azure trace loc1-vm 10.10.30.4
	assert_eq 1 "$RC" "trace from a node of the other host"
	assert_eq "azlab: trace: node 'loc1-vm' is on host onprem; this is host azure: run it there" "$ERR" "trace elsewhere"
	capture on_host onprem drill msee-pri-down
	assert_eq 1 "$RC" "a drill that fails a node of the other host"
	assert_eq "azlab: drill: $TMP/two-hosts/lab/azure-interop.yaml:388:11: drill 'msee-pri-down' needs node 'er1-msee-pri', which is on host azure; this is host onprem" "$ERR" "drill elsewhere"
	# an instance outside the host's underlay namespace: refused, nothing made
	capture env AZLAB_RUN_DIR=/run/azlab-nowhere AZLAB_NS_PREFIX=azn- \
		"$AZLAB" up --quiet "$TMP/two-hosts/lab/azure-interop.yaml" --host azure
	assert_eq 1 "$RC" "up where the underlay address is not"
	assert_contains "$ERR" "host azure's underlay 203.0.113.101 is not an address of this machine" "underlay check"
	assert_eq 0 "$(ip netns list | grep -c '^azn-')" "namespaces of a refused up"
}
