#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Soak and fault test: N cycles of up -> verify -> down of a lab, with
# faults injected at random points: SIGKILL of the azlab daemon, of a
# random bgpd or zebra, of a random charon, during `up` or between `up`
# and `verify`. After every `down`, at once, nothing of the lab may be
# left: no namespace, no process of the lab (running, or dead and held by
# a live parent: a dead orphan is init's to reap, and must be gone 5 s
# later), nothing under /run/azlab, no mount, no new host link.
#
#   scripts/soak.sh [-n CYCLES] [-s SEED] [-f FAULT] [LAB_FILE]
#
# -f keeps to one kind of fault (none, daemon, routing, charon) and
# injects it during `up` in every cycle: to chase one failure.
#
# A killed routing daemon or charon must not fail `up` or `verify` (the
# supervisor restarts it, `verify` waits for the lab to converge); a
# killed azlab daemon fails its `up` (expected), and `down` must still
# leave nothing. Prints one line per cycle and a summary (cycles, failed
# ups, failed verifies, leaks, up time percentiles); exits 1 on any
# unexpected failure or leak.
set -uo pipefail
cd "$(dirname "$0")/.."
AZLAB=${AZLAB:-$PWD/build/azlab}
CYCLES=100
SEED=$$
ONLY=
while getopts "n:s:f:" opt; do
	case $opt in
	n) CYCLES=$OPTARG ;;
	s) SEED=$OPTARG ;;
	f) ONLY=$OPTARG ;;
	*) echo "usage: soak.sh [-n CYCLES] [-s SEED] [-f FAULT] [LAB_FILE]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
LAB=${1:-lab/azure-interop.yaml}
RANDOM=$SEED
WORK=$(mktemp -d /tmp/azlab-soak.XXXXXX)
trap '"$AZLAB" down --quiet >/dev/null 2>&1; rm -rf "$WORK"' EXIT

if [ "$(id -u)" -ne 0 ]; then
	echo "soak.sh: needs root" >&2
	exit 1
fi

# the instance soaked (docs/cli.md, "Instances"): the default unless the
# environment names another; its processes are still found by name,
# machine-wide: a soak runs alone
RUN_DIR=${AZLAB_RUN_DIR:-/run/azlab}
NS_PREFIX=${AZLAB_NS_PREFIX:-azlab-}
NETNS_RUN_DIR=/run/netns
LAB_PROCS='^(azlabd|charon|zebra|bgpd|ospfd|staticd|bfdd|watchfrr|vtysh)$'
host_links() { ip -o link show | awk -F': ' '{print $2}' | sort | tr '\n' ' '; }
HOST_LINKS=$(host_links)

# What is left of a lab, one line each; nothing if nothing.
leaks() {
	local ns procs
	ns=$(ip netns list 2>/dev/null | awk -v p="$NS_PREFIX" 'index($1, p) == 1 {print $1}')
	[ -z "$ns" ] || echo "namespaces: $(echo $ns)"
	procs=$(ps -eo pid=,stat=,ppid=,comm= | awk -v re="$LAB_PROCS" \
		'$4 ~ re && !($2 ~ /^Z/ && $2 !~ /l/ && $3 == 1) {print $4 "(" $1 $2 ")"}')
	[ -z "$procs" ] || echo "processes: $(echo $procs)"
	[ ! -e "$RUN_DIR" ] || echo "$RUN_DIR: $(find "$RUN_DIR" | head -5 | tr '\n' ' ')"
	! grep -qE " ($NETNS_RUN_DIR/$NS_PREFIX|$RUN_DIR)" /proc/self/mountinfo ||
		echo "mounts: $(grep -cE " ($NETNS_RUN_DIR/$NS_PREFIX|$RUN_DIR)" /proc/self/mountinfo)"
	[ "$(host_links)" = "$HOST_LINKS" ] || echo "host links changed"
}

# A random live pid of the lab's processes named NAME ("" if none).
random_pid() {
	local pids
	mapfile -t pids < <(ps -eo pid=,stat=,comm= | awk -v n="$1" '$3 == n && $2 !~ /^Z/ {print $1}')
	[ ${#pids[@]} -gt 0 ] && echo "${pids[RANDOM % ${#pids[@]}]}"
}

# inject FAULT: SIGKILL of what FAULT names.
inject() {
	local pid
	case $1 in
	daemon) pid=$(sed -n 's/^pid=//p' "$RUN_DIR/state" 2>/dev/null) ;;
	routing) pid=$(random_pid $([ $((RANDOM % 2)) -eq 0 ] && echo bgpd || echo zebra)) ;;
	charon) pid=$(random_pid charon) ;;
	esac
	[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
	return 0
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# unreaped SECS: dead processes of the lab still there after SECS (init
# reaps them within 1.5 s here), one line; nothing if none.
unreaped() {
	local i procs
	for ((i = 0; i < $1 * 10; i++)); do
		procs=$(ps -eo pid=,stat=,comm= | awk -v re="$LAB_PROCS" \
			'$3 ~ re && $2 ~ /^Z/ {print $3 "(" $1 ")"}')
		[ -z "$procs" ] && return 0
		sleep 0.1
	done
	echo "unreaped after $1 s: $(echo $procs)"
}

cycles=0 up_failed=0 up_expected=0 verify_failed=0 leaked=0
UP_TIMES=()
for ((c = 1; c <= CYCLES; c++)); do
	faults=(none none none daemon routing charon routing charon)
	fault=${faults[RANDOM % ${#faults[@]}]}
	when=$([ $((RANDOM % 2)) -eq 0 ] && echo up || echo after)
	if [ -n "$ONLY" ]; then
		fault=$ONLY
		when=up
	fi
	[ "$fault" = none ] && when=-
	delay_ms=$((RANDOM % 3000))
	verdict=ok
	t0=$(now_ms)
	"$AZLAB" up --quiet "$LAB" >"$WORK/up.out" 2>"$WORK/up.err" &
	up=$!
	if [ "$when" = up ]; then
		sleep "$(awk -v d=$delay_ms 'BEGIN { print d / 1000 }')"
		inject "$fault"
	fi
	wait "$up"
	up_rc=$?
	t1=$(now_ms)
	if [ $up_rc -ne 0 ]; then
		if [ "$fault" = daemon ] && [ "$when" = up ]; then
			up_expected=$((up_expected + 1))
			verdict="up failed (daemon killed: expected)"
		else
			up_failed=$((up_failed + 1))
			verdict="UP FAILED: $(tr '\n' ' ' <"$WORK/up.err")"
		fi
	else
		UP_TIMES+=($((t1 - t0)))
		[ "$when" = after ] && inject "$fault"
		if [ "$fault" = daemon ] && [ "$when" != - ]; then
			verdict="daemon killed: no verify"
		elif ! "$AZLAB" verify >"$WORK/verify.out" 2>"$WORK/verify.err"; then
			verify_failed=$((verify_failed + 1))
			verdict="VERIFY FAILED: $(tail -1 "$WORK/verify.out") $(tr '\n' ' ' <"$WORK/verify.err")"
		fi
	fi
	"$AZLAB" down --quiet >"$WORK/down.out" 2>&1 ||
		verdict="$verdict; DOWN FAILED: $(tr '\n' ' ' <"$WORK/down.out")"
	left=$(leaks)
	[ -n "$left" ] || left=$(unreaped 5)
	if [ -n "$left" ]; then
		leaked=$((leaked + 1))
		verdict="$verdict; LEAK: $(echo $left)"
		# clean up for the next cycle, so one leak is counted once
		sleep 3
		"$AZLAB" down --quiet >/dev/null 2>&1
	fi
	cycles=$c
	printf 'cycle %d: fault %s (%s%s): up %s ms: %s\n' "$c" "$fault" "$when" \
		"$([ "$when" = up ] && echo " +${delay_ms} ms")" "$((t1 - t0))" "$verdict"
done

pct() {		# P: the P-th percentile of UP_TIMES
	printf '%s\n' "${UP_TIMES[@]}" | sort -n |
		awk -v p="$1" '{ v[NR] = $1 } END { i = int((NR * p + 99) / 100); if (i < 1) i = 1; print v[i] }'
}
echo "soak: $cycles cycles (seed $SEED): $up_failed failed up, $up_expected up failed as expected (daemon killed), $verify_failed failed verify, $leaked leaks"
[ ${#UP_TIMES[@]} -gt 0 ] &&
	echo "soak: up to converged: p50 $(pct 50) ms, p90 $(pct 90) ms, p99 $(pct 99) ms, max $(pct 100) ms (${#UP_TIMES[@]} ups)"
[ $((up_failed + verify_failed + leaked)) -eq 0 ]
