#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Scale benchmark: hub-and-spoke labs of N sites (scripts/gen-hub-spoke.sh),
# each brought up to convergence, verified (its sample of VM -> VM
# traces), its status read, and brought down. Prints figures; asserts nothing.
#   scripts/bench-scale.sh [-n "25 50 100 200"] [-m "shared per-router"]
# -m: how the labs run FRR, each size in each: `frr: shared` (one zebra
# and one bgpd for every router) and a pair per router.
# Each N runs under its own hold of /tmp/azlab-lab.lock (one lab at a
# time on the machine), so others' tests can go between two sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
AZLAB=${AZLAB:-$PWD/build/azlab}
SIZES="25 50 100 200"
MODES="shared per-router"
LOCK=/tmp/azlab-lab.lock
# FRR's own start-up takes most of a minute at 200 sites on two CPUs
# (docs/performance.md): the routing wait gets more than its 60 s.
export AZLAB_ROUTING_TIMEOUT=${AZLAB_ROUTING_TIMEOUT:-300}
ONE=

# -1 "N MODE" (internal): one size, already under the lock.
while getopts n:m:1: opt; do
	case $opt in
	n) SIZES=$OPTARG ;;
	m) MODES=$OPTARG ;;
	1) ONE=$OPTARG ;;
	*) echo "usage: bench-scale.sh [-n \"SIZES\"] [-m \"MODES\"]" >&2
	   exit 2 ;;
	esac
done
for m in $MODES; do
	case $m in
	shared|per-router) ;;
	*) echo "bench-scale.sh: mode $m: shared or per-router" >&2; exit 2 ;;
	esac
done
if [ "$(id -u)" -ne 0 ]; then
	echo "bench-scale.sh: needs root" >&2
	exit 1
fi
WORK=$(mktemp -d /tmp/azlab-bench-scale.XXXXXX)
SAMPLER=
WATCHER=
. scripts/bench-lib.sh
cleanup() {
	[ -z "$SAMPLER" ] || kill "$SAMPLER" 2>/dev/null || true
	[ -z "$WATCHER" ] || kill "$WATCHER" 2>/dev/null || true
	neigh_restore
	rm -rf "$WORK"
}
trap cleanup EXIT
[ -z "$ONE" ] || neigh_raise

# One sample of the lab's processes: the daemon (azlabd), everything it
# started (FRR's daemons, the probes) and the CLI: "RSS_KB PROCESSES".
lab_sample() {
	ps -eo pid=,ppid=,rss=,comm= | awk '
		{ parent[$1] = $2; rss[$1] = $3; comm[$1] = $4 }
		END {
			for (p in parent) {
				for (q = p; q > 1; q = parent[q])
					if (comm[q] == "azlabd" || comm[q] == "azlab") {
						kb += rss[p]; n++; break
					}
			}
			printf "%d %d\n", kb, n
		}'
}

# Writes the time into FILE once PID is gone from /proc: reaped. The
# daemon's parent is PID 1 once `up` returned, and `down` returns once the
# daemon has exited (proc/proc.h), not once init has reaped it: this
# machine's init does 1.0-1.5 s after the exit, systemd at once.
reaped_watch() {		# PID FILE
	while [ -e "/proc/$1" ]; do
		sleep 0.01
	done
	now >"$2"
}

# Samples every 0.2 s into FILE until killed.
sample_loop() {		# FILE
	while :; do
		lab_sample >>"$1"
		sleep 0.2
	done
}

# One size, under the lab lock: prints the table's row.
run_size() {		# N MODE
	local n=$1 mode=$2 dir=$WORK/n$1-$2 t0 t1 t2 ts t3 pass peak daemon
	local shared=()
	[ "$mode" = per-router ] || shared=(-s)
	scripts/gen-hub-spoke.sh "${shared[@]}" "$n" "$dir"
	: >"$dir/samples"
	sample_loop "$dir/samples" & SAMPLER=$!
	t0=$(now)
	if ! "$AZLAB" up --quiet "$dir/hub-spoke.yaml" 2>"$dir/up.err"; then
		kill "$SAMPLER"; SAMPLER=
		echo "N=$n: up failed: $(cat "$dir/up.err")" >&2
		"$AZLAB" down --quiet >/dev/null 2>&1 || true
		return 1
	fi
	t1=$(now)
	"$AZLAB" verify >"$dir/verify.out" 2>&1 || true
	t2=$(now)
	"$AZLAB" status >/dev/null 2>&1 || true
	ts=$(now)
	kill "$SAMPLER"; SAMPLER=
	# the lab's daemon, as its state names it (not any instance's)
	daemon=$(sed -n 's/^pid=//p' "${AZLAB_RUN_DIR:-/run/azlab}/state")
	reaped_watch "${daemon:?no daemon pid in the lab state}" "$dir/reaped" &
	WATCHER=$!
	"$AZLAB" down --quiet
	t3=$(now)
	wait "$WATCHER"
	WATCHER=
	pass=$(sed -n 's/^\([0-9]*\/[0-9]*\) matching.*/\1/p' "$dir/verify.out")
	peak=$(sort -n "$dir/samples" | tail -1)
	printf '%5d %6d %-10s %7s %8s %-7s %8s %7s %8s %8d %6d\n' "$n" \
		"$(grep -c '^  - name:' "$dir/hub-spoke.yaml")" "$mode" \
		"$(secs "$t0" "$t1")" "$(secs "$t1" "$t2")" "${pass:-none}" \
		"$(secs "$t2" "$ts")" \
		"$(secs "$ts" "$t3")" "$(secs "$ts" "$(cat "$dir/reaped")")" \
		$((${peak% *} / 1024)) \
		"$(awk '$2 > m { m = $2 } END { print m + 0 }' "$dir/samples")"
}

if [ -n "$ONE" ]; then
	run_size $ONE
	exit
fi
# "status s": `azlab status` of the converged lab. "down s": until
# `down` returned, every process of the lab exited. "reaped s": until
# init had reaped the daemon, an orphan (not azlab's doing).
printf '%5s %6s %-10s %7s %8s %-7s %8s %7s %8s %8s %6s\n' sites nodes frr \
	"up s" "verify s" pass "status s" "down s" "reaped s" "peak MB" procs
for m in $MODES; do
	for n in $SIZES; do
		flock "$LOCK" "$0" -1 "$n $m" || true
	done
done
