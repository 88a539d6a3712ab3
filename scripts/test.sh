#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Every test: dependencies, build (with -Werror), Check unit tests, a short
# run of each fuzzer, then the integration tests with real namespaces.
# README command 2; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
	echo "test.sh: needs root (dependencies and integration tests): run it with sudo" >&2
	exit 1
fi
bash scripts/deps.sh
make -s -j"$(nproc)"
echo "== unit tests"
# check_netns and check_sysctl make network namespaces only when asked
AZLAB_ROOT_TESTS=1 make -s unit
# Each fuzzer 20 s, two at a time (docs/testing.md): about 1.5 minutes
# with the build. FUZZ_SECONDS=0 runs only the seeds and regressions.
echo "== fuzz"
make -s -j"$(nproc)" fuzz
FUZZ_SECONDS=${FUZZ_SECONDS:-20} FUZZ_JOBS=2 bash scripts/fuzz.sh
echo "== integration tests"
make -s integration
