#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# An experiment, not a mode of azlab: the hub-and-spoke lab of N sites
# (scripts/gen-hub-spoke.sh) with ONE zebra and ONE bgpd for all its
# routers instead of a pair per router. zebra's `-n` makes every network
# namespace a VRF; each router's `router bgp ASN` becomes `router bgp ASN
# vrf <its namespace>` in one configuration. azlab builds the namespaces,
# links and addresses (the lab without its `frr:` lines); the two FRR
# daemons run in a namespace of their own. Prints how long until every
# BGP session is up, the daemons' CPU and memory, and a VM-to-VM trace
# across the lab. docs/performance.md says what it shows.
#   scripts/bench-shared-frr.sh [-n N]     (default 200)
# zebra -n takes every namespace under /run/netns for a VRF, so this runs
# under /tmp/azlab-lab.lock and refuses if any other namespace exists.
set -euo pipefail
cd "$(dirname "$0")/.."
AZLAB=${AZLAB:-$PWD/build/azlab}
FRR=/usr/lib/frr
N=200
CTL=azsf-ctl
while getopts n: opt; do
	case $opt in
	n) N=$OPTARG ;;
	*) echo "usage: bench-shared-frr.sh [-n N]" >&2; exit 2 ;;
	esac
done
if [ "$(id -u)" -ne 0 ]; then
	echo "bench-shared-frr.sh: needs root" >&2
	exit 1
fi
exec 9>/tmp/azlab-lab.lock
flock 9
if [ -n "$(ip netns list)" ]; then
	echo "bench-shared-frr.sh: other namespaces exist; zebra -n would take them for VRFs" >&2
	exit 1
fi
WORK=$(mktemp -d /tmp/azlab-shared-frr.XXXXXX)
. scripts/bench-lib.sh
declare -A PID=()
cleanup() {
	local d
	for d in "${!PID[@]}"; do
		kill -9 "${PID[$d]}" 2>/dev/null || true
		wait "${PID[$d]}" 2>/dev/null || true
		# FRR removes its crash-log directory on a clean exit only
		rm -rf "/var/tmp/frr/$d.${PID[$d]}"
		unset "PID[$d]"
	done
	"$AZLAB" down --quiet >/dev/null 2>&1 || true
	ip netns del "$CTL" 2>/dev/null || true
	neigh_restore
	rm -rf "$WORK"
}
trap cleanup EXIT

scripts/gen-hub-spoke.sh "$N" "$WORK/lab" >/dev/null
sed -i '/^    frr: /d' "$WORK/lab/hub-spoke.yaml"
if grep -q 'frr:' "$WORK/lab/hub-spoke.yaml"; then
	echo "bench-shared-frr.sh: the generated lab still names FRR files" >&2
	exit 1
fi
{
	echo "frr defaults traditional"
	echo "bgp route-map delay-timer 0"
	# the hubs' one prefix-list, the same for both
	echo "ip prefix-list DEFAULT seq 5 permit 0.0.0.0/0"
	for f in "$WORK"/lab/frr/*.conf; do
		r=$(basename "$f" .conf)
		sed -n '/^router bgp/,$p' "$f" |
			sed "s/^router bgp \([0-9]*\)$/router bgp \1 vrf azlab-$r/"
	done
} >"$WORK/all.conf"
chown frr:frr "$WORK"
neigh_raise

t0=$(now)
"$AZLAB" up --quiet "$WORK/lab/hub-spoke.yaml"
t1=$(now)
ip netns add "$CTL"
# in the foreground of a job of ours (not -d): its pid is the one that
# names its crash-log directory
for d in zebra bgpd; do
	opts=(-f /dev/null -n)
	[ "$d" = bgpd ] && opts=(-f "$WORK/all.conf")
	ip netns exec "$CTL" "$FRR/$d" "${opts[@]}" -i "$WORK/$d.pid" \
		-z "$WORK/zserv.api" --vty_socket "$WORK" -A 127.0.0.1 -P 0 \
		--log "file:$WORK/$d.log" >"$WORK/$d.out" 2>&1 &
	PID[$d]=$!
	# bgpd talks to zebra: zebra's socket first
	while [ "$d" = zebra ] && [ ! -S "$WORK/zserv.api" ] &&
		kill -0 "${PID[$d]}" 2>/dev/null; do
		sleep 0.02
	done
done
# 3N sessions (CE-hub1, CE-hub2, CE-LAN), each counted at both ends
want=$((6 * N))
est=0
while [ "$est" -lt "$want" ] && [ "$(secs "$t1" "$(now)" | cut -d. -f1)" -lt 300 ]; do
	sleep 0.5
	est=$(vtysh --vty_socket "$WORK" -c 'show bgp vrf all summary json' |
		python3 -c '
import json, sys
d = json.load(sys.stdin)
print(sum(p.get("state") == "Established" for v in d.values()
          for p in v.get("ipv4Unicast", {}).get("peers", {}).values()))') ||
		est=0	# bgpd not answering yet
done
t2=$(now)
printf '%d sites, %d routers: plumbing (azlab up) %s s; %d/%d BGP peers (%d sessions, both ends) established %s s later; %s s in all\n' \
	"$N" $((2 * N + 2)) "$(secs "$t0" "$t1")" "$est" "$want" $((3 * N)) \
	"$(secs "$t1" "$t2")" "$(secs "$t0" "$t2")"
for d in zebra bgpd; do
	pid=${PID[$d]}
	awk -v d="$d" -v hz="$(getconf CLK_TCK)" '
		{ printf "%s: %.2f s of CPU, ", d, ($14 + $15) / hz }' "/proc/$pid/stat"
	awk '/^VmRSS/ { printf "%d MB RSS\n", $2 / 1024 }' "/proc/$pid/status"
done
# routes come a moment after the sessions: the first VM-to-VM ping may wait
for i in $(seq 50); do
	ip netns exec azlab-s1-vm ping -c 1 -W 1 "10.1.$N.10" >/dev/null 2>&1 && break
	sleep 0.2
done
echo "s1-vm -> s$N-vm:"
ip netns exec azlab-s1-vm traceroute -n -w 1 -q 1 "10.1.$N.10" | tail -n +2
t3=$(now)
cleanup
trap - EXIT
echo "down (2 FRR daemons, azlab down, the control namespace): $(secs "$t3" "$(now)") s"
