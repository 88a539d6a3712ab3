#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Runs the libFuzzer harnesses (build/fuzz/fuzz_*, `make fuzz`), each for
# FUZZ_SECONDS (default 60; 0: only the seeds and regressions), at most
# FUZZ_JOBS (default 2) at a time. Per target: every input under
# tests/fuzz/regress/<target>/ first, then fuzzing from a copy of
# tests/fuzz/corpus/<target>/ (the committed corpus never grows here).
# One line per target; exit status 1 if any crashed, leaked or hung,
# with the input saved under build/fuzz/artifacts/ (docs/testing.md).
#   scripts/fuzz.sh [TARGET...]     e.g. scripts/fuzz.sh lab vici
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-2}
bin=build/fuzz
art=$bin/artifacts
logs=$bin/logs

if [ $# -gt 0 ]; then
	targets=("$@")
else
	targets=()
	for f in tests/fuzz/fuzz_*.c; do
		t=${f#tests/fuzz/fuzz_}
		targets+=("${t%.c}")
	done
fi
for t in "${targets[@]}"; do
	[ -x "$bin/fuzz_$t" ] || { echo "fuzz.sh: no $bin/fuzz_$t: run make fuzz" >&2; exit 2; }
done
mkdir -p "$art" "$logs"
# The loaders' harnesses write each input to a file: in memory, they run
# four times as many.
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
work=$(mktemp -d "$base/azlab-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

# A sanitizer report or a broken assertion ends the run with an error.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# The fixed inputs: each must pass as it is.
run_regress() {
	local t=$1 log=$2 files
	files=(tests/fuzz/regress/"$t"/*)
	[ -e "${files[0]}" ] || return 0
	mkdir -p "$work/tmp-$t"
	TMPDIR=$work/tmp-$t "$bin/fuzz_$t" -runs=1 "${files[@]}" >>"$log" 2>&1
}

# -timeout: an input that takes this long is a hang, hence a failure.
run_fuzz() {
	local t=$1 log=$2 dict=tests/fuzz/dict/$t.dict corpus=$work/$t
	local opts=(-max_total_time="$secs" -timeout=25 -rss_limit_mb=2048
		-print_final_stats=1 -artifact_prefix="$art/$t-")
	mkdir -p "$corpus" "$work/tmp-$t"
	cp tests/fuzz/corpus/"$t"/* "$corpus"/
	[ -f "$dict" ] && opts+=(-dict="$dict")
	[ "$secs" -gt 0 ] || opts=(-runs=0 -artifact_prefix="$art/$t-")
	TMPDIR=$work/tmp-$t "$bin/fuzz_$t" "${opts[@]}" "$corpus" >>"$log" 2>&1
}

# Files under a directory (0 if there is none).
count() {
	find "$1" -type f 2>/dev/null | wc -l || true
}

# The first line of a log that says what went wrong.
why() {
	grep -m1 -E 'ERROR|assertion failed|Test unit written' "$1" ||
		echo 'see the log'
}

# One target: its line, and its status.
one() {
	local t=$1 log=$logs/$t.log runs seeds regress grown
	: >"$log"
	if ! run_regress "$t" "$log"; then
		echo "fuzz $t: FAILED on a regression input: $(why "$log"); log $log"
		return 1
	fi
	if ! run_fuzz "$t" "$log"; then
		echo "fuzz $t: FAILED: $(why "$log"); log $log"
		return 1
	fi
	seeds=$(count tests/fuzz/corpus/"$t")
	regress=$(count tests/fuzz/regress/"$t")
	if [ "$secs" -eq 0 ]; then
		echo "fuzz $t: ok, $seeds seeds and $regress regressions"
		return 0
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	grown=$(count "$work/$t")
	echo "fuzz $t: ok, ${runs:-0} runs in $secs s ($((${runs:-0} / secs))/s), $regress regressions, corpus $seeds -> $grown"
}

rc=0
running=0
for t in "${targets[@]}"; do
	if [ "$running" -ge "$jobs" ]; then
		wait -n || rc=1
		running=$((running - 1))
	fi
	one "$t" &
	running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
	wait -n || rc=1
	running=$((running - 1))
done
exit $rc
