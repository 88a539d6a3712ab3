#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Plumbing speed: `azlab up` and `azlab down` of a lab, against the same
# namespaces, links, addresses and routes built by `ip -batch` (from
# `azlab plan --ip-batch`). Prints figures; asserts nothing.
#   scripts/bench.sh [LAB_FILE] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
AZLAB=${AZLAB:-$PWD/build/azlab}
LAB=${1:-lab/azure-interop.yaml}
RUNS=${2:-5}
WORK=$(mktemp -d /tmp/azlab-bench.XXXXXX)
# `ip netns add` (the baseline) turns /run/netns into a shared mount
# point; azlab does not. Undo that if it was not so before.
NETNS_WAS_MOUNT=0
mountpoint -q /run/netns 2>/dev/null && NETNS_WAS_MOUNT=1
cleanup() {
	"$AZLAB" down --quiet >/dev/null 2>&1 || true
	[ $NETNS_WAS_MOUNT -eq 1 ] || umount /run/netns 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

if [ "$(id -u)" -ne 0 ]; then
	echo "bench.sh: needs root" >&2
	exit 1
fi

now() { date +%s.%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b - a) * 1000 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The plumbing alone: the same lab without its routing daemons and tunnels
# (what `ip -batch` can do too). The full `up`, with FRR converged, is
# timed once at the end for information.
FULL_LAB=$LAB
LAB=$WORK/plumbing.yaml
# (its expectations file, named relative to the lab, stays behind too)
sed -E -e '/^[[:space:]]+(frr|ipsec):[[:space:]]/d' \
	-e '/^expectations:[[:space:]]/d' "$FULL_LAB" >"$LAB"

# Split the plan into what `ip` can batch: host-side lines (namespaces and
# veths created straight into them), per-namespace batches, and sysctls
# (written by one shell per namespace, since ip has no sysctl command).
"$AZLAB" plan --ip-batch "$LAB" >"$WORK/plan"
grep -v '^-n \|^#' "$WORK/plan" >"$WORK/host.batch"
awk '/^-n / { ns = $2; $1 = ""; $2 = ""; sub(/^  /, ""); print > (dir "/ns." ns) }' \
	dir="$WORK" "$WORK/plan"
awk '/^# sysctl / { split($4, kv, "="); gsub(/\./, "/", kv[1]);
	printf "echo %s > /proc/sys/%s\n", kv[2], kv[1] > (dir "/sysctl." $3) }' \
	dir="$WORK" "$WORK/plan"
sed -n 's/^netns add /netns del /p' "$WORK/plan" >"$WORK/down.batch"

baseline_up() {
	local f ns
	ip -batch "$WORK/host.batch"
	for f in "$WORK"/sysctl.*; do
		[ -e "$f" ] || continue
		ns=${f##*/sysctl.}
		ip netns exec "$ns" sh "$f"
	done
	for f in "$WORK"/ns.*; do
		ip -n "${f##*/ns.}" -batch "$f"
	done
}

baseline_down() {
	ip -batch "$WORK/down.batch"
}

for i in $(seq "$RUNS"); do
	t0=$(now); "$AZLAB" up --quiet "$LAB"; t1=$(now)
	"$AZLAB" down --quiet; t2=$(now)
	echo "$(ms "$t0" "$t1") $(ms "$t1" "$t2")" >>"$WORK/azlab.times"
	t0=$(now); baseline_up; t1=$(now)
	baseline_down; t2=$(now)
	echo "$(ms "$t0" "$t1") $(ms "$t1" "$t2")" >>"$WORK/ip.times"
done

az_up=$(cut -d' ' -f1 "$WORK/azlab.times" | median)
az_down=$(cut -d' ' -f2 "$WORK/azlab.times" | median)
ip_up=$(cut -d' ' -f1 "$WORK/ip.times" | median)
ip_down=$(cut -d' ' -f2 "$WORK/ip.times" | median)
steps=$(grep -c . "$WORK/plan")
nodes=$(grep -c '^netns add' "$WORK/plan")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
printf 'lab %s (plumbing only): %d namespaces, %d plumbing steps; median of %d runs\n' \
	"$FULL_LAB" "$nodes" "$steps" "$RUNS"
printf '%-22s %8s %8s %8s\n' "" "up ms" "down ms" "total"
printf '%-22s %8d %8d %8d\n' "azlab" "$az_up" "$az_down" $((az_up + az_down))
printf '%-22s %8d %8d %8d\n' "ip -batch (baseline)" "$ip_up" "$ip_down" $((ip_up + ip_down))
printf 'ratio azlab / ip -batch: up %s, down %s, total %s (target: <= 2)\n' \
	"$(ratio "$az_up" "$ip_up")" "$(ratio "$az_down" "$ip_down")" \
	"$(ratio $((az_up + az_down)) $((ip_up + ip_down)))"
printf 'azlab up + down: %d ms (target: < 1000 ms)\n' $((az_up + az_down))

# The full lab: FRR converged, tunnels up (target <= 3 s); then verify,
# every case at once (target <= 5 s), and the parallel cases alone.
t0=$(now); "$AZLAB" up --quiet "$FULL_LAB"; t1=$(now)
printf 'full lab up (every BGP session Established, OSPF Full, CHILD_SAs installed): %d ms (target: <= 3000 ms)\n' \
	"$(ms "$t0" "$t1")"
t2=$(now); "$AZLAB" verify --json >"$WORK/verify.json" || true; t3=$(now)
# from the timed run's report: its summary, as the table's last line
# has it, and the cases that shut nothing
verify_json() {
	python3 -c 'import json, sys
try:
    d = json.load(open(sys.argv[2]))
except ValueError:
    d = None
if sys.argv[1] == "summary":
    print("no report" if d is None else
          "%d/%d matching (%d mismatch, %d error)"
          % (d["matched"], d["total"], d["mismatched"], d["errors"]))
elif d is not None:
    print(" ".join(c["id"] for c in d["cases"] if not c["shut"]))' "$1" "$WORK/verify.json"
}
cases=$(verify_json cases)
# shellcheck disable=SC2086
"$AZLAB" verify $cases >/dev/null || true; t4=$(now)
printf 'verify, all cases: %s; %d ms (target: <= 5000 ms)\n' \
	"$(verify_json summary)" "$(ms "$t2" "$t3")"
printf 'verify, the %d cases that shut nothing (run in parallel): %d ms\n' \
	"$(wc -w <<<"$cases")" "$(ms "$t3" "$t4")"
# The failover drill: what the fast ping lost while the path moved to
# the VPN and back (targets <= 500 ms each; shown, not judged).
"$AZLAB" drill er1-failover --json >"$WORK/drill.json" || true
python3 - "$WORK/drill.json" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except ValueError:
    print("drill er1-failover: no report")
    sys.exit(0)
for phase in ("failover", "failback"):
    o = d.get(phase)
    if o is None:
        print("drill er1-failover %s: no figure (%s)" % (phase, d.get("error") or d.get("interrupted")))
    else:
        print("drill er1-failover %s outage: %.0f ms, %d lost%s (target: <= 500 ms)"
              % (phase, o["outageMs"], o["lost"], ", still out at the end" if o["open"] else ""))
print("drill er1-failover: %s" % ("passed" if d["passed"] else "FAILED"))
PY
t0=$(now); "$AZLAB" down --quiet; t1=$(now)
printf 'full lab down: %d ms\n' "$(ms "$t0" "$t1")"
